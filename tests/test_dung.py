"""Dung's semantics against brute force on random frameworks, and on textbook cases."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import chain, combinations, permutations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.reasoning.dung import (
    SEMANTICS,
    complete_extensions,
    credulously_accepted,
    extensions,
    grounded_extension,
    grounded_labelling,
    is_admissible,
    is_complete,
    is_conflict_free,
    is_preferred,
    is_stable,
    labelling,
    preferred_extensions,
    skeptically_accepted,
    some_extension,
    stable_extensions,
    statuses,
)

Ext = frozenset[Hashable]

# ------------------------------------------------------------------ brute force


def _subsets(nodes: list[Hashable]) -> list[Ext]:
    return [
        frozenset(c)
        for c in chain.from_iterable(combinations(nodes, k) for k in range(len(nodes) + 1))
    ]


def _attacked(af: nx.DiGraph, s: Iterable[Hashable]) -> set[Hashable]:
    return {b for a in s for b in af.successors(a)}


def _characteristic(af: nx.DiGraph, s: Ext) -> Ext:
    """F(S): the arguments all of whose attackers S attacks."""
    hit = _attacked(af, s)
    return frozenset(a for a in af if all(b in hit for b in af.predecessors(a)))


@dataclass
class Brute:
    """Every semantics of a framework of at most 10 arguments, by enumerating subsets."""

    conflict_free: set[Ext]
    admissible: set[Ext]
    complete: set[Ext]
    grounded: Ext
    preferred: set[Ext]
    stable: set[Ext]

    def of(self, semantics: str) -> set[Ext]:
        return {self.grounded} if semantics == "grounded" else getattr(self, semantics)


def brute(af: nx.DiGraph) -> Brute:
    nodes = list(af)
    assert len(nodes) <= 10, "brute force is for small frameworks"
    subsets = _subsets(nodes)
    cf = {s for s in subsets if not (_attacked(af, s) & s)}
    admissible = {s for s in cf if s <= _characteristic(af, s)}
    complete = {s for s in cf if _characteristic(af, s) == s}
    (grounded,) = [g for g in complete if all(g <= c for c in complete)]  # least complete
    preferred = {s for s in admissible if not any(s < t for t in admissible)}
    stable = {s for s in cf if _attacked(af, s) | s == set(nodes)}
    return Brute(cf, admissible, complete, grounded, preferred, stable)


def brute_label(af: nx.DiGraph, ext: Ext) -> dict[Hashable, str]:
    hit = _attacked(af, ext)
    return {a: "in" if a in ext else "out" if a in hit else "undec" for a in af}


# ------------------------------------------------------------------- strategies


@st.composite
def frameworks(draw: st.DrawFn, max_size: int = 7) -> nx.DiGraph:
    """Up to ``max_size`` arguments with any attacks, self-attacks included."""
    n = draw(st.integers(0, max_size))
    names = [f"a{i}" for i in range(n)]
    pairs = [(a, b) for a in names for b in names]
    attacks = draw(st.sets(st.sampled_from(pairs))) if pairs else set()
    af = nx.DiGraph()
    af.add_nodes_from(draw(st.permutations(names)))
    af.add_edges_from(sorted(attacks))
    return af


def _key(ext: Ext) -> tuple[str, ...]:
    return tuple(sorted(map(str, ext)))


# ------------------------------------------------------------- property tests


@settings(max_examples=2000, deadline=None)
@given(frameworks())
def test_extensions_match_brute_force(af: nx.DiGraph) -> None:
    expected = brute(af)
    before = nx.DiGraph(af)
    for semantics in SEMANTICS:
        found = extensions(af, semantics)
        assert set(found) == expected.of(semantics), semantics
        assert len(found) == len(set(found)), f"{semantics}: an extension found twice"
        assert found == sorted(found, key=_key)
    for enumerate_ in (complete_extensions, preferred_extensions, stable_extensions):
        listed = list(enumerate_(af))
        assert len(listed) == len(set(listed))
    assert grounded_extension(af) == expected.grounded
    assert grounded_labelling(af) == brute_label(af, expected.grounded)
    assert nx.utils.graphs_equal(af, before), "the framework was changed"


@settings(max_examples=2000, deadline=None)
@given(frameworks())
def test_acceptance_matches_brute_force(af: nx.DiGraph) -> None:
    expected = brute(af)
    for semantics in SEMANTICS:
        exts = expected.of(semantics)
        for a in af:
            assert credulously_accepted(af, a, semantics) == any(a in e for e in exts), (
                semantics,
                a,
            )
            # Vacuously true when there is no extension (stable only).
            assert skeptically_accepted(af, a, semantics) == all(a in e for e in exts), (
                semantics,
                a,
            )


@settings(max_examples=1000, deadline=None)
@given(frameworks())
def test_statuses_and_some_extension_match_brute_force(af: nx.DiGraph) -> None:
    expected = brute(af)
    for semantics in SEMANTICS:
        exts = expected.of(semantics)
        labels = [brute_label(af, e) for e in exts]
        want = {
            a: next(iter(seen)) if len(seen := {lab[a] for lab in labels}) == 1 else "undec"
            for a in af
        }
        assert statuses(af, semantics) == want, semantics
        assert list(statuses(af, semantics)) == list(af)
        one = some_extension(af, semantics)
        assert (one in exts) if exts else one is None, semantics


@settings(max_examples=1000, deadline=None)
@given(frameworks(max_size=6))
def test_checks_match_brute_force(af: nx.DiGraph) -> None:
    expected = brute(af)
    for s in _subsets(list(af)):
        assert is_conflict_free(af, s) == (s in expected.conflict_free)
        assert is_admissible(af, s) == (s in expected.admissible)
        assert is_complete(af, s) == (s in expected.complete)
        assert is_stable(af, s) == (s in expected.stable)
        assert is_preferred(af, s) == (s in expected.preferred)
        if s in expected.conflict_free:
            assert labelling(af, s) == brute_label(af, s)


@settings(max_examples=300, deadline=None)
@given(frameworks(), st.integers(0, 3))
def test_limit_gives_that_many_distinct_extensions(af: nx.DiGraph, limit: int) -> None:
    expected = brute(af)
    for semantics in SEMANTICS:
        found = extensions(af, semantics, limit=limit)
        assert len(found) == min(limit, len(expected.of(semantics)))
        assert set(found) <= expected.of(semantics)


@settings(max_examples=300, deadline=None)
@given(frameworks(), st.randoms(use_true_random=False))
def test_order_depends_on_content_not_insertion(af: nx.DiGraph, rnd: random.Random) -> None:
    nodes, edges = list(af), list(af.edges)
    rnd.shuffle(nodes)
    rnd.shuffle(edges)
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    for enumerate_ in (complete_extensions, preferred_extensions, stable_extensions):
        assert list(enumerate_(af)) == list(enumerate_(shuffled))


@settings(max_examples=300, deadline=None)
@given(frameworks())
def test_an_unattacked_argument_is_always_in(af: nx.DiGraph) -> None:
    unattacked = {a for a in af if af.in_degree(a) == 0}
    for semantics in ("complete", "preferred", "stable"):
        for ext in extensions(af, semantics):
            assert unattacked <= ext
    assert unattacked <= grounded_extension(af)


# -------------------------------------------------------------- textbook cases


def _sets(found: Iterable[Ext]) -> list[set[Hashable]]:
    return [set(e) for e in found]


def test_self_attacking_argument() -> None:
    af = nx.DiGraph([("a", "a")])
    assert grounded_extension(af) == frozenset()
    assert extensions(af, "preferred") == [frozenset()]
    assert extensions(af, "stable") == []
    assert some_extension(af, "stable") is None
    assert statuses(af, "stable") == {"a": "undec"}
    assert skeptically_accepted(af, "a", "stable")  # vacuously: no stable extension
    assert not credulously_accepted(af, "a", "stable")


def test_odd_cycle() -> None:
    af = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert grounded_extension(af) == frozenset()
    assert extensions(af, "preferred") == [frozenset()]
    assert extensions(af, "complete") == [frozenset()]
    assert extensions(af, "stable") == []


def test_even_cycle() -> None:
    af = nx.DiGraph([("a", "b"), ("b", "a")])
    assert grounded_extension(af) == frozenset()
    assert _sets(extensions(af, "preferred")) == [{"a"}, {"b"}]
    assert _sets(extensions(af, "stable")) == [{"a"}, {"b"}]
    assert _sets(extensions(af, "complete")) == [set(), {"a"}, {"b"}]
    assert credulously_accepted(af, "a", "preferred")
    assert not skeptically_accepted(af, "a", "preferred")


def test_floating_reinstatement() -> None:
    af = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")])
    assert _sets(extensions(af, "preferred")) == [{"a", "d"}, {"b", "d"}]
    assert skeptically_accepted(af, "d", "preferred")
    assert skeptically_accepted(af, "d", "stable")
    assert not skeptically_accepted(af, "d", "grounded")
    assert not skeptically_accepted(af, "d", "complete")
    assert grounded_labelling(af) == dict.fromkeys("abcd", "undec")
    assert statuses(af, "preferred") == {"a": "undec", "b": "undec", "c": "out", "d": "in"}


def test_reinstatement_chain() -> None:
    af = nx.DiGraph([("a", "b"), ("b", "c")])
    assert grounded_extension(af) == {"a", "c"}
    assert grounded_labelling(af) == {"a": "in", "b": "out", "c": "in"}
    for semantics in SEMANTICS:
        assert extensions(af, semantics) == [frozenset({"a", "c"})]


def test_nixon_diamond() -> None:
    """Dung (1995): Nixon is a quaker, hence a pacifist; a republican, hence not."""
    af = nx.DiGraph([("pacifist", "not-pacifist"), ("not-pacifist", "pacifist")])
    assert grounded_extension(af) == frozenset()
    assert _sets(extensions(af, "preferred")) == [{"not-pacifist"}, {"pacifist"}]
    assert _sets(extensions(af, "stable")) == [{"not-pacifist"}, {"pacifist"}]
    for a in af:
        assert credulously_accepted(af, a, "preferred")
        assert not skeptically_accepted(af, a, "preferred")


def test_preferred_but_not_stable() -> None:
    """Dung (1995): a stable extension is preferred, not conversely."""
    af = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "c")])
    assert _sets(extensions(af, "preferred")) == [{"a"}, {"b"}]
    assert _sets(extensions(af, "stable")) == [{"b"}]
    assert statuses(af, "stable") == {"a": "out", "b": "in", "c": "out"}


@pytest.mark.parametrize("names", list(permutations("abxy")))
def test_skeptical_preferred_looks_past_a_complete_set_that_only_grows_with_the_argument(
    names: tuple[str, ...],
) -> None:
    """{a} is the largest complete set without x but is not preferred ({a, x} is);
    {b} is a preferred extension without x. Every naming, so every solver order."""
    a, b, x, y = names
    af = nx.DiGraph([(a, b), (b, a), (b, x), (x, y), (y, x), (y, y)])
    assert _sets(extensions(af, "preferred")) == sorted([{a, x}, {b}], key=lambda e: sorted(e))
    assert not skeptically_accepted(af, x, "preferred")
    assert credulously_accepted(af, x, "preferred")


def test_unattacked_argument_is_in() -> None:
    af = nx.DiGraph([("x", "y"), ("y", "y")])
    af.add_node("lonely")
    assert grounded_labelling(af) == {"x": "in", "y": "out", "lonely": "in"}


def test_empty_framework() -> None:
    af = nx.DiGraph()
    for semantics in SEMANTICS:
        assert extensions(af, semantics) == [frozenset()]
    assert statuses(af, "preferred") == {}


# ----------------------------------------------------------------- preconditions


def test_preconditions() -> None:
    af = nx.DiGraph([("a", "b")])
    with pytest.raises(TypeError, match="DiGraph"):
        grounded_labelling(nx.Graph([("a", "b")]))
    with pytest.raises(ValueError, match="unknown semantics 'semi-stable'"):
        extensions(af, "semi-stable")
    with pytest.raises(ValueError, match="'z' is not an argument"):
        credulously_accepted(af, "z", "preferred")
    with pytest.raises(ValueError, match="limit"):
        complete_extensions(af, limit=-1)
    with pytest.raises(ValueError, match="not arguments of the framework: 'z'"):
        is_admissible(af, {"a", "z"})
    with pytest.raises(ValueError, match="conflict-free"):
        labelling(af, {"a", "b"})


# -------------------------------------------------------------- grounded is linear


def naive_grounded(af: nx.DiGraph) -> Ext:
    """Iterate the characteristic function from the empty set."""
    s: Ext = frozenset()
    while (t := _characteristic(af, s)) != s:
        s = t
    return s


def random_framework(n: int, attacks: int, seed: int) -> nx.DiGraph:
    rnd = random.Random(seed)
    af = nx.DiGraph()
    af.add_nodes_from(range(n))
    af.add_edges_from((rnd.randrange(n), rnd.randrange(n)) for _ in range(attacks))
    return af


def test_grounded_on_a_long_chain() -> None:
    n = 200_000
    af = nx.DiGraph()
    af.add_nodes_from(range(n))
    af.add_edges_from((i, i + 1) for i in range(n - 1))
    labels = grounded_labelling(af)
    assert all(labels[i] == ("in" if i % 2 == 0 else "out") for i in range(n))


def test_grounded_on_a_large_random_framework() -> None:
    af = random_framework(100_000, 150_000, seed=1)
    labels = grounded_labelling(af)
    for a, label in labels.items():
        attackers = [labels[b] for b in af.predecessors(a)]
        # A legal labelling: in iff every attacker out, out iff some attacker in.
        assert (label == "in") == all(x == "out" for x in attackers)
        assert (label == "out") == ("in" in attackers)


def test_grounded_equals_the_naive_fixpoint() -> None:
    af = random_framework(3000, 9000, seed=2)
    ext = grounded_extension(af)
    assert ext == naive_grounded(af)
    assert ext and "undec" in grounded_labelling(af).values()  # a case with all three labels


def test_what_reasoning_cannot_do_is_an_error_of_argmaps_own() -> None:
    from graph.errors import ArgmapError, ReasoningError

    af = nx.DiGraph([("a", "b")])
    for call in (
        lambda: extensions(af, "nonsense"),
        lambda: credulously_accepted(af, "z", "grounded"),
    ):
        with pytest.raises(ReasoningError) as raised:
            call()
        assert isinstance(raised.value, ArgmapError) and isinstance(raised.value, ValueError)
