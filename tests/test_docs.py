"""docs/reasoning.md's worked example matches what the code computes."""

from __future__ import annotations

import re
from pathlib import Path

from graph.assessment import assess
from graph.reasoning.bipolar import attack_kinds
from graph.store import MapStore
from graph.view import argument_graph

DOC = (Path(__file__).resolve().parent.parent / "docs" / "reasoning.md").read_text()
NU = "https://w3id.org/argmap/map/nato-ukraine#"


def test_the_worked_example_lists_exactly_the_nato_attacks(nato: MapStore) -> None:
    rows = re.findall(
        r"^\| (rebuttal|undercut|secondary|supported) \| (\S+) \| → \| (\S+) \|$", DOC, re.MULTILINE
    )
    documented = {(NU + a, NU + t): kind for kind, a, t in rows}
    assert documented == attack_kinds(argument_graph(nato))


def test_the_worked_example_counts_and_strengths(nato: MapStore) -> None:
    result = assess(nato, semantics=("grounded",))
    assert (
        f"Its framework has {result.framework.number_of_nodes()} arguments and "
        f"{result.framework.number_of_edges()} attacks" in DOC
    )
    for name, shown in [
        ("nato-will-not-intervene", "0.984"),
        ("russia-demands-ukraine-stay-out", "0.667"),
        ("ukraine-wants-to-join", "0.167"),
        ("membership-explanation", "0.25"),
        ("inf-membership-explanation", "0.0625"),
    ]:
        assert f"{result.strength[NU + name]:.{len(shown) - 2}f}" == shown, name
        assert shown in DOC
