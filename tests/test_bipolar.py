"""From maps to frameworks: the attacks that supports, undercuts and linked premises imply."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import argument_map

from graph.reasoning.bipolar import attack_kinds, framework
from graph.reasoning.dung import statuses


def bipolar(
    statements: str,
    inferences: dict[str, tuple[list[str], str]] | None = None,
    conflicts: dict[str, tuple[str, str]] | None = None,
) -> nx.MultiDiGraph:
    """A map's argument graph: statements, inferences (premises, conclusion), conflicts."""
    return argument_map(statements.split(), inferences, conflicts)


def test_arguments_are_statements_and_inferences_and_conflicts_become_attacks() -> None:
    g = bipolar("a b c", {"i": (["a"], "b")}, {"k": ("c", "b")})
    af = framework(g)
    assert sorted(af.nodes) == ["a", "b", "c", "i"]
    assert attack_kinds(g) == {("c", "b"): "rebuttal"}


def test_rebuttal_of_a_conclusion_does_not_reach_its_premises() -> None:
    g = bipolar("e c x", {"i": (["e"], "c")}, {"k": ("x", "c")})
    assert attack_kinds(g) == {("x", "c"): "rebuttal"}
    labels = statuses(framework(g), "grounded")
    assert labels == {"e": "in", "i": "in", "c": "out", "x": "in"}


def test_undercut_defeats_the_inference_not_its_conclusion_or_premises() -> None:
    g = bipolar("e c u", {"i": (["e"], "c")}, {"k": ("u", "i")})
    assert attack_kinds(g) == {("u", "i"): "undercut"}
    labels = statuses(framework(g), "grounded")
    assert labels == {"e": "in", "c": "in", "u": "in", "i": "out"}


def test_secondary_attack_one_defeated_linked_premise_defeats_the_inference() -> None:
    g = bipolar("p1 p2 c x", {"i": (["p1", "p2"], "c")}, {"k": ("x", "p2")})
    assert attack_kinds(g) == {("x", "p2"): "rebuttal", ("x", "i"): "secondary"}
    labels = statuses(framework(g), "grounded")
    assert labels["i"] == "out" and labels["p1"] == "in" and labels["c"] == "in"


def test_secondary_attack_stops_at_the_inference() -> None:
    # c has two independent reasons; losing the premise of one leaves c standing.
    g = bipolar("p q c x", {"i": (["p"], "c"), "j": (["q"], "c")}, {"k": ("x", "p")})
    kinds = attack_kinds(g)
    assert ("x", "c") not in kinds and ("x", "j") not in kinds
    assert statuses(framework(g), "grounded")["c"] == "in"


def test_supported_attack_the_inference_carries_its_conclusions_attacks() -> None:
    g = bipolar("e c y", {"i": (["e"], "c")}, {"k": ("c", "y")})
    assert attack_kinds(g) == {("c", "y"): "rebuttal", ("i", "y"): "supported"}


def test_support_breaks_a_symmetric_conflict_in_favour_of_the_supported_side() -> None:
    # a and b attack each other; only a has a reason. The reason carries a's attack
    # on b (supported attack), and nothing answers it, so b is out and a is in.
    g = bipolar("a b r", {"i": (["r"], "a")}, {"k1": ("a", "b"), "k2": ("b", "a")})
    labels = statuses(framework(g), "grounded")
    assert labels["b"] == "out" and labels["a"] == "in"
    # without the reason, the conflict is open: undecided, two preferred extensions
    bare = bipolar("a b", None, {"k1": ("a", "b"), "k2": ("b", "a")})
    assert statuses(framework(bare), "grounded") == {"a": "undec", "b": "undec"}
    assert statuses(framework(bare), "preferred") == {"a": "undec", "b": "undec"}


def test_derived_attacks_chain_through_the_worklist() -> None:
    # c1 (supported by i1) attacks p, a premise of i2: i1 attacks p (supported), and
    # both c1 and i1 attack i2 (secondary).
    g = bipolar("e c1 p c2", {"i1": (["e"], "c1"), "i2": (["p"], "c2")}, {"k": ("c1", "p")})
    kinds = attack_kinds(g)
    assert kinds[("c1", "p")] == "rebuttal"
    assert kinds[("i1", "p")] == "supported"
    assert kinds[("c1", "i2")] == "secondary"
    assert kinds[("i1", "i2")] == "secondary"


def test_unknown_node_types_and_roles_are_refused() -> None:
    g = nx.MultiDiGraph()
    g.add_node("x", type="banana")
    with pytest.raises(ValueError, match="type 'banana'"):
        framework(g)
    g = bipolar("a b")
    g.add_edge("a", "b", role="likes")
    with pytest.raises(ValueError, match="unknown role 'likes'"):
        framework(g)


def test_framework_does_not_mutate_the_map() -> None:
    g = bipolar("e c x", {"i": (["e"], "c")}, {"k": ("x", "c")})
    before = (list(g.nodes(data=True)), list(g.edges(data=True, keys=True)))
    framework(g)
    assert (list(g.nodes(data=True)), list(g.edges(data=True, keys=True))) == before
