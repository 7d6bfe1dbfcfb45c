"""Gradual strength of statements and inferences: DF-QuAD over the argument graph.

Dung's semantics say whether a statement stands; they do not say how well it is
argued. A gradual semantics gives every argument a strength in [0, 1] computed from
a prior (its *base score*) and the strengths of its attackers and supporters.
argmap uses DF-QuAD, the discontinuity-free Quantitative Argumentation Debate
semantics (Rago, Toni, Aurisicchio and Baroni, KR 2016), because:

- it is *bipolar*: support raises and attack lowers a strength, by rules that mirror
  each other, so neither relation is a second-class citizen;
- it is *bounded*: every strength stays in [0, 1], readable as a degree of
  acceptability, whatever the size of the map;
- base scores act as priors, so a map can say that a statistic from a census is
  worth more than a rumour before any argument is weighed;
- it is well studied and widely used: a member of the QuAD family built for
  IBIS-style debates, with its properties (balance, monotonicity, no jump when the
  first supporter arrives, unlike QuAD) established in the literature, and used in
  argument-mining, review-aggregation and debate tools.

A known property to keep in mind when reading results: attack and support of equal
aggregate strength cancel exactly, so a statement with one strong reason and one
equally strong objection keeps its base score, as if nobody had argued about it.

**The rules.** With ``F(v1, ..., vn) = 1 - (1 - v1) ... (1 - vn)`` (0 for none; the
probabilistic sum, so that several weak arguments add up without passing 1):

- a statement ``s`` with base score ``τ`` (its ``base_score`` attribute, or
  ``default_base``), attack value ``va = F`` (strengths of the statements that
  rebut it) and support value ``vs = F`` (strengths of the inferences concluding
  it) has strength ``τ - τ·(va - vs)`` when ``va >= vs`` and ``τ + (1 - τ)·(vs - va)``
  otherwise: DF-QuAD's combination function;
- an inference ``i`` is as strong as its weakest premise (linked premises hold only
  together) and is weakened by its undercutters ``U``, writing ``S`` for strength:
  ``S(i) = min S(p) · (1 - F(S(u) for u in U))``. This is DF-QuAD's rule again for
  an argument whose base score is its weakest premise and which has attackers only;
  it is argmap's bridge from the map's linked inferences to DF-QuAD, which has
  plain supports. Inferences have no base score of their own.

**Cycles.** On an acyclic map the strengths are computed exactly, each node once,
in topological order. A map with cycles (two statements attacking each other, or a
circle of support) is split into strongly connected components, evaluated in
topological order; the nodes outside cycles are still exact, and each cyclic
component is solved by Jacobi iteration: every statement in it starts at its base
score and all are updated together from the previous values (inferences follow
from their premises within the same sweep) until no value moves by ``tolerance``
or more, or ``max_iterations`` sweeps are done. DF-QuAD need not converge on cycles
(two statements with base score 1 attacking each other flip between 1 and 0 for
ever), so the number of sweeps is bounded and :func:`strength_report` says whether
the values converged; :func:`strength` returns the values alone.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("c", type="statement")                  # base 0.5 by default
>>> G.add_node("e", type="statement", base_score=0.5)
>>> G.add_node("o", type="statement", base_score=0.2)
>>> G.add_node("i", type="inference"); G.add_node("k", type="conflict")
>>> _ = G.add_edges_from([("e", "i", {"role": "premise"}), ("i", "c", {"role": "conclusion"}),
...                       ("o", "k", {"role": "attacker"}), ("k", "c", {"role": "target"})])
>>> round(strength(G)["c"], 6)                           # 0.5 + 0.5 * (0.5 - 0.2)
0.65
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

import networkx as nx

from graph.reasoning.structure import ArgumentIndex, argument_index

__all__ = ["Strength", "aggregate", "combine", "strength", "strength_report"]

Node = Hashable


@dataclass(frozen=True)
class Strength:
    """Strengths with how they were reached.

    Attributes:
        values: the strength of every statement and inference, in [0, 1], keyed in
            sorted order (statements, then inferences).
        converged: False when a cyclic part of the map was still moving by
            ``tolerance`` or more after ``max_iterations`` sweeps; ``values`` then
            holds the last sweep. Always True for an acyclic map.
        iterations: the most Jacobi sweeps any cyclic part took; 0 for an acyclic
            map (one exact pass, no iteration).
    """

    values: dict[Node, float]
    converged: bool
    iterations: int


def aggregate(values: Iterable[float]) -> float:
    """DF-QuAD's aggregation: ``1 - Π(1 - v)``, 0 for no values.

    The values are multiplied in sorted order, so the result does not depend on
    the order in which a graph lists its nodes, down to the last bit.

    >>> aggregate([]), aggregate([0.5]), aggregate([0.5, 0.5])
    (0.0, 0.5, 0.75)
    """
    return 1.0 - math.prod(1.0 - v for v in sorted(values))


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination of a base score with attack and support values.

    >>> combine(0.5, 0.0, 0.5), combine(0.5, 0.5, 0.0), combine(0.5, 0.3, 0.3)
    (0.75, 0.25, 0.5)
    """
    if attack >= support:
        value = base - base * (attack - support)
    else:
        value = base + (1.0 - base) * (support - attack)
    # Round-off can leave the sum an ulp outside [0, 1]; strengths are bounded.
    return min(1.0, max(0.0, value))


def _check_options(default_base: float, tolerance: float, max_iterations: int) -> None:
    if not _is_score(default_base):
        raise ValueError(f"default_base must be a number in [0, 1], got {default_base!r}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)):
        raise ValueError(f"tolerance must be a positive number, got {tolerance!r}")
    if not (0 < tolerance < math.inf):
        raise ValueError(f"tolerance must be a positive number, got {tolerance!r}")
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, int):
        raise ValueError(f"max_iterations must be a whole number, got {max_iterations!r}")
    if max_iterations < 1:
        raise ValueError(f"max_iterations must be at least 1, got {max_iterations!r}")


def _is_score(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and 0.0 <= float(value) <= 1.0  # False for NaN
    )


def _bases(G: nx.DiGraph, index: ArgumentIndex, default_base: float) -> dict[Node, float]:
    bases: dict[Node, float] = {}
    for s in index.statements:
        base = G.nodes[s].get("base_score")
        if base is None:
            bases[s] = float(default_base)
        elif _is_score(base):
            bases[s] = float(base)
        else:
            raise ValueError(
                f"statement {s!r} has base_score {base!r}; a base score is a number in "
                "[0, 1] (leave it out for the default)"
            )
    return bases


class _Rules:
    """The DF-QuAD equations of one map, evaluated against any table of values."""

    def __init__(self, index: ArgumentIndex, bases: dict[Node, float]) -> None:
        self.index = index
        self.bases = bases
        # A conflict of one attacker that nothing attacks weighs what its attacker
        # weighs; a compound one (a linked attack, or an attack that is attacked) has
        # a value of its own, as an inference does: its weakest attacker, lowered by
        # the attacks on it.
        self.compound = {
            k for k in index.conflicts if len(index.attackers[k]) > 1 or index.conflicts_on[k]
        }
        self.rebutters = {s: self._sources(s) for s in index.statements}
        self.undercutters = {i: self._sources(i) for i in index.inferences}
        self.counters = {k: self._sources(k) for k in self.compound}

    def _sources(self, node: Node) -> list[Node]:
        """What attacks ``node``: the attacker of each simple conflict on it (once,
        however many conflicts it makes), and each compound conflict."""
        index = self.index
        found = {k for k in index.conflicts_on[node] if k in self.compound}
        found.update(
            index.attackers[k][0] for k in index.conflicts_on[node] if k not in self.compound
        )
        return sorted(found, key=str)

    def inference(self, i: Node, value: Callable[[Node], float]) -> float:
        weakest = min(value(p) for p in self.index.premises[i])
        return weakest * (1.0 - aggregate(value(u) for u in self.undercutters[i]))

    def conflict(self, k: Node, value: Callable[[Node], float]) -> float:
        weakest = min(value(a) for a in self.index.attackers[k])
        return weakest * (1.0 - aggregate(value(u) for u in self.counters[k]))

    def value(self, n: Node, value: Callable[[Node], float]) -> float:
        if n in self.bases:
            return self.statement(n, value)
        if n in self.compound:
            return self.conflict(n, value)
        return self.inference(n, value)

    def statement(self, s: Node, value: Callable[[Node], float]) -> float:
        attack = aggregate(value(a) for a in self.rebutters[s])
        support = aggregate(value(i) for i in self.index.reasons[s])
        return combine(self.bases[s], attack, support)

    def dependencies(self) -> nx.DiGraph:
        """Which value each value is computed from: an edge from input to output."""
        D = nx.DiGraph()
        D.add_nodes_from(self.index.statements)
        D.add_nodes_from(self.index.inferences)
        for i in self.index.inferences:
            D.add_edges_from((p, i) for p in self.index.premises[i])
            D.add_edges_from((u, i) for u in self.undercutters[i])
            D.add_edge(i, self.index.conclusion[i])
        for s in self.index.statements:
            D.add_edges_from((a, s) for a in self.rebutters[s])
        for k in self.compound:
            D.add_edges_from((a, k) for a in self.index.attackers[k])
            D.add_edges_from((u, k) for u in self.counters[k])
        return D


def _solve_cycle(
    rules: _Rules,
    members: set[Node],
    values: dict[Node, float],
    tolerance: float,
    max_iterations: int,
) -> tuple[bool, int]:
    """Jacobi iteration over one cyclic component; writes its values into ``values``."""
    statements = [s for s in rules.index.statements if s in members]
    # inferences and compound conflicts: functions of the statements' values
    inferences = [i for i in rules.index.inferences if i in members]
    inferences += [k for k in rules.index.conflicts if k in members]
    current = {s: rules.bases[s] for s in statements}
    fresh: dict[Node, float] = {}

    def previous(n: Node) -> float:
        return current[n] if n in current else values[n]

    def value(n: Node) -> float:
        return fresh[n] if n in fresh else previous(n)

    # a compound conflict attacked from inside the cycle starts as no attack at all
    fresh.update({k: 0.0 for k in inferences if k in rules.compound})
    converged, sweeps = False, max_iterations
    for sweep in range(1, max_iterations + 1):
        # Inferences are functions of the previous statement values, so each sweep
        # is one Jacobi step of the statements' equations.
        before = {k: fresh[k] for k in inferences if k in rules.compound}
        for k in before:  # compound conflicts first, so inferences see them
            fresh[k] = rules.conflict(k, value)
        for i in inferences:
            if i not in rules.compound:
                fresh[i] = rules.inference(i, value)
        new = {s: rules.statement(s, value) for s in statements}
        change = max(
            [abs(new[s] - current[s]) for s in statements]
            + [abs(fresh[k] - before[k]) for k in before]
        )
        current.update(new)
        if change < tolerance:
            converged, sweeps = True, sweep
            break
    values.update(current)
    # Report inferences consistent with the statements' final values.
    values.update({i: rules.value(i, value) for i in inferences})
    return converged, sweeps


def strength_report(
    G: nx.DiGraph,
    *,
    default_base: float = 0.5,
    tolerance: float = 1e-9,
    max_iterations: int = 1000,
) -> Strength:
    """DF-QuAD strengths of every statement and inference, with convergence status.

    Args:
        G: an argument graph (see :func:`graph.view.argument_graph`); a statement's
            optional ``base_score`` attribute is its prior, in [0, 1].
        default_base: the base score of a statement without one.
        tolerance: on a cyclic map, stop once no value moves by this much in a sweep.
        max_iterations: on a cyclic map, the most sweeps per cyclic component.

    Returns:
        A :class:`Strength`: the values, whether they converged, and how many
        sweeps that took (0 on an acyclic map).

    Raises:
        ValueError: ``G`` is not an argument graph (see
            :func:`graph.reasoning.structure.argument_index`), a ``base_score`` is
            not a number in [0, 1], or an option is out of range.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["a", "b"], type="statement", base_score=1.0)
    >>> G.add_nodes_from(["ka", "kb"], type="conflict")
    >>> _ = G.add_edges_from([("a", "ka", {"role": "attacker"}), ("ka", "b", {"role": "target"}),
    ...                       ("b", "kb", {"role": "attacker"}), ("kb", "a", {"role": "target"})])
    >>> report = strength_report(G, max_iterations=10)
    >>> report.converged, report.iterations
    (False, 10)
    """
    _check_options(default_base, tolerance, max_iterations)
    index = argument_index(G)
    rules = _Rules(index, _bases(G, index, default_base))
    D = rules.dependencies()
    values: dict[Node, float] = {}
    converged, iterations = True, 0

    def known(n: Node) -> float:
        return values[n]

    condensed = nx.condensation(D)
    for component in nx.topological_sort(condensed):
        members: set[Node] = condensed.nodes[component]["members"]
        if len(members) == 1:
            (node,) = members
            if not D.has_edge(node, node):
                values[node] = rules.value(node, known)
                continue
        done, sweeps = _solve_cycle(rules, members, values, tolerance, max_iterations)
        converged = converged and done
        iterations = max(iterations, sweeps)
    ordered = {n: values[n] for n in index.statements + index.inferences}
    return Strength(values=ordered, converged=converged, iterations=iterations)


def strength(
    G: nx.DiGraph,
    *,
    default_base: float = 0.5,
    tolerance: float = 1e-9,
    max_iterations: int = 1000,
) -> dict[Node, float]:
    """DF-QuAD strength of every statement and inference of an argument graph.

    The values of :func:`strength_report`; call that to learn whether a cyclic map
    converged. Arguments and errors are the same.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c", type="statement", base_score=0.5)
    >>> G.add_nodes_from(["p", "q"], type="statement", base_score=0.4)
    >>> G.nodes["p"]["base_score"] = 0.8
    >>> G.add_node("i", type="inference")
    >>> _ = G.add_edges_from([("p", "i", {"role": "premise"}), ("q", "i", {"role": "premise"}),
    ...                       ("i", "c", {"role": "conclusion"})])
    >>> {n: round(v, 6) for n, v in strength(G).items()}       # linked: the weaker premise
    {'c': 0.7, 'p': 0.8, 'q': 0.4, 'i': 0.4}
    """
    return strength_report(
        G, default_base=default_base, tolerance=tolerance, max_iterations=max_iterations
    ).values
