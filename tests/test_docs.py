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
    worked = DOC[DOC.index("## 6. Worked example: the NATO map") :]
    rows = re.findall(
        r"^\| (rebuttal|undercut|secondary|supported) \| (\S+) \| → \| (\S+) \|$",
        worked,
        re.MULTILINE,
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
        ("nato-will-not-intervene", "1.000"),
        ("nato-stance", "0.999999"),
        ("nato-opposes-no-fly-zone", "0.980"),
        ("inf-afghanistan", "0.4"),
        ("inf-recommendation", "0.900"),
        ("needs-advocacy-and-diplomacy", "0.950"),
        ("membership-explanation", "0.150"),
        ("inf-membership-explanation", "0.0225"),
        ("ukraine-calls-for-no-fly-zone", "0.010"),
        ("ukraine-seeks-help", "0.050"),
        ("russia-demands-ukraine-stay-out", "0.333"),
        ("ukraine-wants-to-join", "0.333"),
    ]:
        assert f"{result.strength[NU + name]:.{len(shown) - 2}f}" == shown, name
        assert shown in DOC


def test_the_worked_example_counts_the_map(nato: MapStore) -> None:
    from graph.pipeline import summarize

    summary = summarize(nato)
    assert (
        f"has {summary.statements} statements ({summary.implicit} of them unstated premises),"
        f"\n{summary.inferences} inferences, {summary.rephrases} rephrase and "
        f"{summary.conflicts} conflicts, and a dialogue layer of {summary.locutions} locutions"
    ) in DOC
