"""Structural analysis: hand-built maps, brute force on random maps, and the NATO map."""

from __future__ import annotations

import copy
from collections.abc import Callable

import networkx as nx
import pytest
from conftest import argument_map as build
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.pipeline import open_map
from graph.reasoning.structure import (
    Objection,
    Reason,
    ReasonTree,
    argument_index,
    circular_support,
    critical_premises,
    depth,
    in_circular_support,
    necessary_premises,
    support_graph,
    unanswered_attacks,
    unsupported_claims,
    why,
    why_not,
)
from graph.view import argument_graph

#: e1 -> a -> c and e2 -> b -> c: two independent reasons for c.
TWO_REASONS = {"ia": (["e1"], "a"), "ib": (["e2"], "b"), "ic": (["a"], "c"), "jc": (["b"], "c")}
#: e -> a -> b -> c: a single chain.
CHAIN = {"i1": (["e"], "a"), "i2": (["a"], "b"), "i3": (["b"], "c")}


# --- the argument index -----------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda G: G.add_node("x", type="claim"), "node 'x' has type 'claim'"),
        (lambda G: G.add_node("x"), "node 'x' has type None"),
        (lambda G: G.add_edge("a", "c", role="supports"), "has role 'supports'"),
        (lambda G: G.add_edge("a", "c", role="premise"), "runs from a statement to a statement"),
        (lambda G: G.add_edge("i", "k", role="target"), "runs from a inference to a conflict"),
        (lambda G: G.add_edge("i", "a", role="conclusion"), "'i' must have exactly one conclusion"),
        (lambda G: G.add_edge("k", "b", role="target"), "'k' must have exactly one target"),
        (
            lambda G: (G.add_node("k2", type="conflict"), G.add_edge("k2", "c", role="target")),
            "conflict 'k2' has no attacker",
        ),
        (lambda G: G.add_node("j", type="inference"), "inference 'j' has no premise"),
    ],
)
def test_malformed_argument_graphs_are_refused(
    mutate: Callable[[nx.MultiDiGraph], object], message: str
) -> None:
    G = build(["a", "b", "c"], {"i": (["a"], "b")}, {"k": ("a", "c")})
    argument_index(G)  # well formed before
    mutate(G)
    with pytest.raises(ValueError, match=message):
        argument_index(G)
    with pytest.raises(ValueError, match=message):
        unsupported_claims(G)


def test_a_statement_is_required_where_one_is_asked_for() -> None:
    G = build(["a"], {"i": (["a"], "a")})
    for call in (
        lambda: why(G, "i"),
        lambda: why_not(G, "nope"),
        lambda: critical_premises(G, "i"),
        lambda: necessary_premises(G, "nope"),
    ):
        with pytest.raises(ValueError, match="is not a statement of the argument graph"):
            call()
    G.graph["main_conclusions"] = ["ghost"]
    with pytest.raises(ValueError, match="'ghost' is not a statement"):
        depth(G)


def test_support_graph_collapses_inferences() -> None:
    S = support_graph(build(["p", "q", "c"], {"i": (["p", "q"], "c"), "j": (["p"], "c")}))
    assert sorted(S.edges) == [("p", "c"), ("q", "c")]
    assert S.edges["p", "c"]["inferences"] == ["i", "j"]


# --- unsupported claims and unanswered attacks -----------------------------------


def test_unsupported_claims_skip_evidence_implicit_and_supported_statements() -> None:
    G = build(
        {
            "bare": "Claim",
            "plan": "Proposal",
            "guess": "Prediction",
            "fact": "Evidence",
            "hidden": "Claim",
            "argued": "Claim",
        },
        {"i": (["fact"], "argued")},
        implicit=["hidden"],
    )
    assert unsupported_claims(G) == ["bare", "guess", "plan"]


def test_unanswered_attacks_are_those_whose_attacker_nobody_attacks() -> None:
    G = build(
        ["a", "b", "c", "u", "p", "q"],
        {"i": (["p"], "q")},
        {"k1": ("a", "b"), "k2": ("c", "a"), "k3": ("u", "i")},
    )
    # a is answered by c; c and u are not.
    assert unanswered_attacks(G) == [("c", "k2", "a"), ("u", "k3", "i")]


def test_mutual_attacks_answer_each_other() -> None:
    G = build(["a", "b"], conflicts={"k": ("a", "b"), "l": ("b", "a")})
    assert unanswered_attacks(G) == []


# --- circular support -------------------------------------------------------------


def test_circular_support_finds_each_circle_once() -> None:
    G = build(
        ["a", "b", "c", "d", "e", "f", "self", "q"],
        {
            "i1": (["a"], "b"),
            "i2": (["b"], "c"),
            "i3": (["c"], "a"),  # a -> b -> c -> a
            "i4": (["c"], "d"),  # a tail out of the circle is not part of it
            "i5": (["e"], "f"),
            "i6": (["f"], "e"),  # e <-> f
            "i7": (["self", "q"], "self"),  # a linked premise that is its own conclusion
        },
    )
    assert circular_support(G) == [["a", "b", "c"], ["e", "f"], ["self"]]
    assert in_circular_support(G) == {"a", "b", "c", "e", "f", "self"}


def test_attacks_do_not_make_support_circular() -> None:
    G = build(["a", "b"], {"i": (["a"], "b")}, {"k": ("b", "a")})
    assert circular_support(G) == []
    assert in_circular_support(G) == set()


# --- critical and necessary premises ---------------------------------------------


def test_two_independent_reasons_leave_no_critical_premise() -> None:
    G = build(["e1", "e2", "a", "b", "c"], TWO_REASONS, main=["c"])
    assert critical_premises(G) == {"c": []}
    assert necessary_premises(G, "c") == []


def test_every_statement_of_a_single_chain_is_critical_nearest_first() -> None:
    G = build(["e", "a", "b", "c"], CHAIN, main=["c"])
    assert critical_premises(G) == {"c": ["b", "a", "e"]}
    assert critical_premises(G, "b") == {"b": ["a", "e"]}
    assert necessary_premises(G, "c") == ["b", "a", "e"]


def test_a_shared_source_is_critical_where_the_lines_rejoin() -> None:
    # e -> a -> c and e -> b -> c: both lines start from e.
    G = build(
        ["e", "a", "b", "c"],
        {"i": (["e"], "a"), "j": (["e"], "b"), "k": (["a"], "c"), "l": (["b"], "c")},
    )
    assert critical_premises(G, "c") == {"c": ["e"]}
    assert necessary_premises(G, "c") == ["e"]


def test_linked_premises_are_necessary_but_not_critical() -> None:
    # One inference needs both p and q; each rests on its own evidence.
    G = build(
        ["ep", "eq", "p", "q", "c"],
        {"ip": (["ep"], "p"), "iq": (["eq"], "q"), "ic": (["p", "q"], "c")},
    )
    assert critical_premises(G, "c") == {"c": []}  # OR: a path avoids each of them
    assert necessary_premises(G, "c") == ["p", "q", "ep", "eq"]  # AND: all are needed


def test_a_conclusion_resting_only_on_a_circle_has_nothing_critical() -> None:
    G = build(["a", "b", "c"], {"i": (["a"], "b"), "j": (["b"], "a"), "k": (["a"], "c")})
    assert critical_premises(G, "c") == {"c": []}
    assert necessary_premises(G, "c") == []  # not established at all


def test_a_circle_does_not_hide_a_critical_premise() -> None:
    # e -> a; a <-> b; b -> c: every line to c runs through e, a and b.
    G = build(
        ["e", "a", "b", "c"],
        {"i": (["e"], "a"), "j": (["a"], "b"), "k": (["b"], "a"), "l": (["b"], "c")},
    )
    assert critical_premises(G, "c") == {"c": ["b", "a", "e"]}
    assert necessary_premises(G, "c") == ["b", "a", "e"]


def test_a_leaf_conclusion_and_a_map_without_main_conclusions() -> None:
    G = build(["e", "c"], {"i": (["e"], "c")})
    assert critical_premises(G) == {}
    assert critical_premises(G, "e") == {"e": []}
    assert necessary_premises(G, "e") == []


def test_critical_premises_of_several_main_conclusions() -> None:
    G = build(
        ["e", "a", "c", "d"],
        {"i": (["e"], "a"), "j": (["a"], "c"), "k": (["e"], "d")},
        main=["c", "d"],
    )
    assert critical_premises(G) == {"c": ["a", "e"], "d": ["e"]}


# --- why and why not --------------------------------------------------------------


def test_why_gives_each_inference_with_its_scheme_and_premises_recursively() -> None:
    G = build(["e", "p", "q", "c"], {"ip": (["e"], "p"), "ic": (["p", "q"], "c")})
    assert why(G, "c") == ReasonTree(
        "c",
        (
            Reason(
                "ic",
                "scheme:ic",
                "scheme of ic",
                (
                    ReasonTree(
                        "p", (Reason("ip", "scheme:ip", "scheme of ip", (ReasonTree("e"),)),)
                    ),
                    ReasonTree("q"),
                ),
            ),
        ),
    )
    assert why(G, "e") == ReasonTree("e")


def test_why_marks_a_circle_as_repeated() -> None:
    G = build(["a", "b"], {"i": (["a"], "b"), "j": (["b"], "a")})
    tree = why(G, "a")
    (reason,) = tree.reasons
    (b,) = reason.premises
    assert b.statement == "b" and not b.repeated
    (back,) = b.reasons[0].premises
    assert back == ReasonTree("a", repeated=True)
    assert tree.statements() == ["a", "b"]
    assert tree.inferences() == ["j", "i"]


def test_why_expands_a_shared_premise_once() -> None:
    G = build(
        ["e", "x", "a", "b", "c"],
        {"ie": (["x"], "e"), "i": (["e"], "a"), "j": (["e"], "b"), "k": (["a", "b"], "c")},
    )
    tree = why(G, "c")
    es = [t for t in tree.walk() if t.statement == "e"]
    assert [t.repeated for t in es] == [False, True]
    assert tree.statements() == ["c", "a", "e", "x", "b"]
    assert sorted(tree.inferences()) == ["i", "ie", "j", "k"]


def test_why_follows_a_long_chain_without_recursion() -> None:
    n = 5000
    names = [f"s{j:05}" for j in range(n)]
    G = build(names, {f"i{j:05}": ([names[j]], names[j + 1]) for j in range(n - 1)})
    tree = why(G, names[-1])
    assert len(tree.statements()) == n
    assert critical_premises(G, names[-1])[names[-1]] == names[-2::-1]


def test_why_not_gives_rebuttals_undercuts_and_their_answers() -> None:
    G = build(
        ["c", "p", "o", "u", "d", "dd"],
        {"i": (["p"], "c")},
        {"k1": ("o", "c"), "k2": ("u", "i"), "k3": ("d", "o"), "k4": ("dd", "d")},
    )
    assert why_not(G, "c") == [
        Objection(
            "o",
            "k1",
            "c",
            "rebuttal",
            (Objection("d", "k3", "o", "rebuttal", (Objection("dd", "k4", "d", "rebuttal"),)),),
        ),
        Objection("u", "k2", "i", "undercut"),
    ]
    shallow = why_not(G, "c", depth=1)
    assert [(o.attacker, o.answers) for o in shallow] == [("o", ()), ("u", ())]
    two = why_not(G, "c", depth=2)
    assert two[0].answers == (Objection("d", "k3", "o", "rebuttal"),)


def test_why_not_answers_include_undercuts_of_the_attackers_reasons() -> None:
    G = build(["c", "o", "r", "u"], {"io": (["r"], "o")}, {"k": ("o", "c"), "ku": ("u", "io")})
    (objection,) = why_not(G, "c")
    assert objection.answers == (Objection("u", "ku", "io", "undercut"),)


def test_why_not_is_safe_on_mutual_attacks() -> None:
    G = build(["a", "b"], conflicts={"k": ("a", "b"), "l": ("b", "a")})
    assert why_not(G, "a", depth=10) == [
        Objection("b", "l", "a", "rebuttal", (Objection("a", "k", "b", "rebuttal", repeated=True),))
    ]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_why_not_needs_a_depth_of_at_least_one(bad: object) -> None:
    with pytest.raises(ValueError, match="depth must be a whole number of at least 1"):
        why_not(build(["a"]), "a", depth=bad)  # type: ignore[arg-type]


# --- depth ------------------------------------------------------------------------


def test_depth_counts_support_and_attack_levels_from_the_main_conclusion() -> None:
    G = build(
        ["c", "p", "q", "e", "o", "d", "u", "after", "loose"],
        {"i": (["p", "q"], "c"), "j": (["e"], "p"), "n": (["c"], "after")},
        {"k1": ("o", "c"), "k2": ("d", "o"), "k3": ("u", "j")},
        main=["c"],
    )
    # u undercuts j, the reason for p: one level below p. "after" is what c argues
    # for (reached only forwards) and "loose" is unconnected: both absent.
    assert depth(G) == {"c": 0, "d": 2, "e": 2, "o": 1, "p": 1, "q": 1, "u": 2}


def test_depth_takes_the_shortest_way_and_survives_circles() -> None:
    G = build(
        ["c", "a", "b"],
        {"i": (["a"], "c"), "j": (["b"], "a"), "k": (["a"], "b")},
        {"x": ("b", "c")},
        main=["c"],
    )
    assert depth(G) == {"a": 1, "b": 1, "c": 0}
    assert depth(build(["a"])) == {}


# --- purity -----------------------------------------------------------------------


def test_no_function_changes_the_graph() -> None:
    G = build(
        ["e", "a", "c", "o"], {"i": (["e"], "a"), "j": (["a"], "c")}, {"k": ("o", "c")}, main=["c"]
    )
    before = copy.deepcopy(G)
    unsupported_claims(G), unanswered_attacks(G), circular_support(G), critical_premises(G)
    necessary_premises(G, "c"), why(G, "c"), why_not(G, "c"), depth(G), support_graph(G)
    assert nx.utils.graphs_equal(G, before)
    assert G.graph == before.graph


# --- brute force on random maps ---------------------------------------------------

Spec = tuple[list[str], dict[str, tuple[list[str], str]]]


@st.composite
def support_maps(draw: st.DrawFn, *, linked: bool = True) -> Spec:
    """Random support-only maps over s0..sn, cycles allowed."""
    n = draw(st.integers(1, 7))
    names = [f"s{j}" for j in range(n)]
    inferences: dict[str, tuple[list[str], str]] = {}
    for j in range(draw(st.integers(0, 9))):
        premises = draw(st.sets(st.sampled_from(names), min_size=1, max_size=3 if linked else 1))
        inferences[f"i{j}"] = (sorted(premises), draw(st.sampled_from(names)))
    return names, inferences


def leaves(G: nx.MultiDiGraph) -> set[str]:
    concluded = {v for _, v, r in G.edges(data="role") if r == "conclusion"}
    return {n for n, t in G.nodes(data="type") if t == "statement" and n not in concluded}


def critical_by_paths(G: nx.MultiDiGraph, conclusion: str) -> set[str]:
    """Intersect every simple path from a leaf to the conclusion (brute force)."""
    S = nx.DiGraph()
    S.add_nodes_from(n for n, t in G.nodes(data="type") if t == "statement")
    for i, c, r in G.edges(data="role"):
        if r == "conclusion":
            S.add_edges_from((p, c) for p, _, rr in G.in_edges(i, data="role") if rr == "premise")
    paths = [[conclusion]] if conclusion in leaves(G) else []
    for leaf in leaves(G):
        paths += nx.all_simple_paths(S, leaf, conclusion)
    if not paths:
        return set()
    return set.intersection(*(set(p) for p in paths)) - {conclusion}


def established(G: nx.MultiDiGraph, without: str | None = None) -> set[str]:
    """Naive AND-OR fixpoint: repeat until nothing new holds."""
    premises: dict[str, set[str]] = {}
    conclusion: dict[str, str] = {}
    for u, v, r in G.edges(data="role"):
        if r == "premise":
            premises.setdefault(v, set()).add(u)
        elif r == "conclusion":
            conclusion[u] = v
    holds = leaves(G) - {without}
    changed = True
    while changed:
        changed = False
        for i, c in conclusion.items():
            if c != without and c not in holds and premises[i] <= holds:
                holds.add(c)
                changed = True
    return holds


def necessary_by_removal(G: nx.MultiDiGraph, conclusion: str) -> set[str]:
    if conclusion in leaves(G) or conclusion not in established(G):
        return set()
    others = [s for s, t in G.nodes(data="type") if t == "statement" and s != conclusion]
    return {s for s in others if conclusion not in established(G, without=s)}


@settings(max_examples=300, deadline=None)
@given(support_maps())
def test_critical_premises_match_path_enumeration(spec: Spec) -> None:
    G = build(*spec)
    for c in spec[0]:
        found = critical_premises(G, c)[c]
        assert set(found) == critical_by_paths(G, c), c
        # Nearest first: what follows each premise is exactly its own critical chain.
        for pos, s in enumerate(found):
            assert critical_premises(G, s)[s] == found[pos + 1 :]


@settings(max_examples=300, deadline=None)
@given(support_maps())
def test_necessary_premises_match_removal_one_by_one(spec: Spec) -> None:
    G = build(*spec)
    for c in spec[0]:
        found = necessary_premises(G, c)
        assert len(found) == len(set(found))
        assert set(found) == necessary_by_removal(G, c), c
        if c in established(G):
            assert set(critical_premises(G, c)[c]) <= set(found)


@settings(max_examples=200, deadline=None)
@given(support_maps(linked=False))
def test_without_linked_premises_critical_and_necessary_agree(spec: Spec) -> None:
    G = build(*spec)
    for c in spec[0]:
        # Same statements, and the same order: a dominator lies further down than
        # the statements it dominates.
        assert necessary_premises(G, c) == critical_premises(G, c)[c], c


@settings(max_examples=200, deadline=None)
@given(support_maps())
def test_circular_support_matches_cycles_through_statements(spec: Spec) -> None:
    G = build(*spec)
    S = support_graph(G)
    on_a_cycle = {n for cycle in nx.simple_cycles(S) for n in cycle}
    assert in_circular_support(G) == on_a_cycle
    groups = circular_support(G)
    assert all(group == sorted(group) for group in groups)
    assert sum(len(g) for g in groups) == len(on_a_cycle)  # each statement once


@settings(max_examples=200, deadline=None)
@given(support_maps())
def test_why_lists_every_statement_and_inference_that_supports_it_once(spec: Spec) -> None:
    G = build(*spec)
    S = support_graph(G)
    for c in spec[0]:
        tree = why(G, c)
        assert sorted(tree.statements()) == sorted({c} | nx.ancestors(S, c))
        expected = {
            i
            for i, concl, r in G.edges(data="role")
            if r == "conclusion" and concl in set(tree.statements())
        }
        assert sorted(tree.inferences()) == sorted(expected)
        assert len(tree.inferences()) == len(set(tree.inferences()))


# --- the NATO map -----------------------------------------------------------------

NATO = "https://w3id.org/argmap/map/nato-ukraine#"


@pytest.fixture(scope="module")
def nato() -> nx.MultiDiGraph:
    return argument_graph(open_map())


def test_nato_unsupported_claims_are_the_explicit_non_evidence_with_no_inference(
    nato: nx.MultiDiGraph,
) -> None:
    concluded = {v for _, v, r in nato.edges(data="role") if r == "conclusion"}
    expected = sorted(
        n
        for n, a in nato.nodes(data=True)
        if a["type"] == "statement"
        and a["kind"] != "Evidence"
        and not a["implicit"]
        and n not in concluded
    )
    assert unsupported_claims(nato) == expected
    assert NATO + "ukraine-calls-for-no-fly-zone" in expected


def test_nato_why_of_the_main_conclusion_gives_all_its_inferences(nato: nx.MultiDiGraph) -> None:
    (main,) = nato.graph["main_conclusions"]
    direct = sorted(u for u, v, r in nato.in_edges(main, data="role") if r == "conclusion")
    tree = why(nato, main)
    assert [r.inference for r in tree.reasons] == direct
    # The reasons why (four, and the membership explanation the article rejects) and
    # the rephrase of NATO's stance.
    assert len(direct) == 6
    assert {r.scheme_label for r in tree.reasons} >= {
        "argument from negative consequences",
        "argument from precedent",
        "rephrase",
    }
    # Deeper reasons are there too: the evidence for the stance, and what that rests on.
    assert {NATO + "inf-foreign-ministers", NATO + "inf-sanctions", NATO + "inf-no-planes"} <= set(
        tree.inferences()
    )


def test_nato_structure(nato: nx.MultiDiGraph) -> None:
    (main,) = nato.graph["main_conclusions"]
    levels = depth(nato)
    assert levels[main] == 0
    for i in (u for u, v, r in nato.in_edges(main, data="role") if r == "conclusion"):
        for p in (u for u, _, r in nato.in_edges(i, data="role") if r == "premise"):
            assert levels[p] == 1
    # What the main conclusion argues for lies above it, not below.
    assert NATO + "nato-will-continue-support" not in levels
    assert circular_support(nato) == []
    # The stance and four reasons of its own: no single statement holds it up.
    assert critical_premises(nato) == {main: []}
    assert necessary_premises(nato, main) == []
    # The prediction needs both linked premises; on OR paths neither is critical.
    prediction = NATO + "nato-will-continue-support"
    assert critical_premises(nato, prediction) == {prediction: []}
    assert necessary_premises(nato, prediction) == [
        NATO + "aid-without-engagement",
        NATO + "nato-stance",
    ]
    # Nothing rebuts the main conclusion; the article's one objection is its own
    # undercut of the membership explanation.
    objections = why_not(nato, main)
    assert {(o.attacker, o.kind) for o in objections} == {
        (NATO + "membership-not-the-reason", "undercut"),
    }
    # The no-fly zone is answered by NATO's position, and nobody answers the answer.
    (nfz,) = why_not(nato, NATO + "ukraine-calls-for-no-fly-zone")
    assert (nfz.attacker, nfz.kind) == (NATO + "nato-opposes-no-fly-zone", "rebuttal")
    assert nfz.answers == ()
