"""Why a statement is in, out or undecided: the attackers and defenders that decide it.

Given a framework (see :mod:`graph.reasoning.bipolar`) and a labelling of it,
:func:`decisive` builds the tree a debater reads:

- an argument that is **out** is out because an attacker is **in**: the in
  attackers are shown, each with why *it* is in;
- an argument that is **in** is in because every attacker is **out**: each
  attacker is shown with the in argument that defeats it (its defender);
- an argument that is **undecided** has no in attacker but some undecided one:
  the undecided attackers are shown (they attack it and each other in a cycle
  that the semantics leaves open).

The tree is cut at ``depth`` levels and never revisits an argument on its own path.

>>> import networkx as nx
>>> af = nx.DiGraph([("a", "b"), ("b", "c")])
>>> labels = {"a": "in", "b": "out", "c": "in"}
>>> tree = decisive(af, labels, "c")
>>> [(d.argument, d.label, [x.argument for x in d.reasons]) for d in tree.reasons]
[('b', 'out', ['a'])]
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.errors import ReasoningError

__all__ = ["Decision", "decisive"]


@dataclass(frozen=True)
class Decision:
    """An argument, its label, and the arguments that decide that label.

    ``reasons`` are the in attackers of an out argument, the (out) attackers of an
    in argument (each with its own in defenders as reasons), or the undecided
    attackers of an undecided one. ``unattacked`` is true for an in argument that
    nothing attacks; ``repeated`` marks an argument already on the path above.
    """

    argument: Hashable
    label: str
    reasons: tuple[Decision, ...] = ()
    unattacked: bool = False
    repeated: bool = False


def _deciders(af: nx.DiGraph, labels: Mapping[Hashable, str], arg: Hashable) -> list[Hashable]:
    attackers = sorted(af.predecessors(arg), key=str)
    label = labels[arg]
    if label == "out":
        return [a for a in attackers if labels.get(a) == "in"]
    if label == "in":
        return attackers  # all out; each is shown with its in defenders
    return [a for a in attackers if labels.get(a) == "undec"]


def decisive(
    af: nx.DiGraph,
    labels: Mapping[Hashable, str],
    argument: Hashable,
    *,
    depth: int = 4,
) -> Decision:
    """The tree of attackers and defenders that decides an argument's label.

    Args:
        af: the framework (edges are attacks).
        labels: a label (``in``, ``out``, ``undec``) for every argument.
        argument: the argument to explain.
        depth: how many levels of attackers to follow.

    Raises:
        ReasoningError: the argument is not in the framework, or has no label.
    """
    if argument not in af:
        raise ReasoningError(f"{argument!r} is not an argument of the framework")
    if depth < 1:
        raise ReasoningError(f"depth must be at least 1, got {depth!r}")
    missing = [n for n in af if n not in labels]
    if missing:
        raise ReasoningError(f"no label for {missing[0]!r}")

    def build(arg: Hashable, level: int, path: frozenset[Hashable]) -> Decision:
        label = labels[arg]
        unattacked = af.in_degree(arg) == 0
        if level >= depth:
            return Decision(arg, label, unattacked=unattacked)
        reasons = []
        for other in _deciders(af, labels, arg):
            if other in path:
                reasons.append(Decision(other, labels[other], repeated=True))
            else:
                reasons.append(build(other, level + 1, path | {other}))
        return Decision(arg, label, tuple(reasons), unattacked=unattacked)

    return build(argument, 0, frozenset({argument}))
