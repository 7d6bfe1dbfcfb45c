"""From an argument map to an abstract framework: bipolar argumentation made Dung.

A map has supports as well as attacks, attacks on inferences (undercuts), and
inferences with several premises that hold only jointly. :func:`framework` turns
the map's argument graph (see :func:`graph.view.argument_graph`) into an abstract
argumentation framework, a ``DiGraph`` whose nodes are arguments and whose edges
are attacks, so that Dung's semantics (:mod:`graph.reasoning.dung`) can decide
which statements stand. ``docs/reasoning.md`` gives the translation with a worked
example from the NATO map; in short:

- **Arguments**: every statement and every inference. Conflicts are not arguments;
  they become attacks.
- **Direct attacks**: a conflict with attacker ``a`` and target ``t`` gives ``a → t``,
  a rebuttal when ``t`` is a statement, an undercut when ``t`` is an inference.
- **Secondary attacks** (Cayrol and Lagasquie-Schiex; also called mediated): an
  inference needs every one of its premises, so an attack on a premise is an attack
  on each inference that uses it: ``x → p`` and ``p`` a premise of ``i`` give
  ``x → i``. Linked premises follow: one defeated premise defeats the inference.
  The attack stops at the inference and does not travel on to its conclusion: a
  conclusion with several independent reasons survives the loss of one of them.
- **Supported attacks**: an inference argues for its conclusion and so carries the
  conclusion's attacks: ``i`` concludes ``c`` and ``c → y`` give ``i → y``.

The rules are applied until nothing new follows. Support alone never makes a
statement *in* or *out* under Dung's semantics (an unattacked statement is
accepted whether or not it has reasons); how much a statement's reasons add is
what gradual strength (:mod:`graph.reasoning.strength`) measures.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_nodes_from(["p", "c", "x"], type="statement")
>>> G.add_node("i", type="inference"); G.add_node("k", type="conflict")
>>> _ = G.add_edges_from([("p", "i", {"role": "premise"}), ("i", "c", {"role": "conclusion"}),
...                       ("x", "k", {"role": "attacker"}), ("k", "p", {"role": "target"})])
>>> sorted(framework(G).edges)
[('x', 'i'), ('x', 'p')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

import networkx as nx

from graph.errors import ReasoningError

__all__ = ["Absent", "attack_kinds", "framework"]


def _roles(
    G: nx.MultiDiGraph,
) -> tuple[
    dict[Hashable, set[Hashable]],
    dict[Hashable, Hashable],
    list[tuple[Hashable, Hashable, str]],
]:
    premises_of: dict[Hashable, set[Hashable]] = defaultdict(set)
    conclusion_of: dict[Hashable, Hashable] = {}
    attackers: dict[Hashable, set[Hashable]] = defaultdict(set)
    targets: dict[Hashable, set[Hashable]] = defaultdict(set)
    for u, v, role in G.edges(data="role"):
        if role == "premise":
            premises_of[v].add(u)
        elif role == "conclusion":
            conclusion_of[u] = v
        elif role == "attacker":
            attackers[v].add(u)
        elif role == "target":
            targets[u].add(v)
        else:
            raise ReasoningError(f"edge {u!r} -> {v!r} has an unknown role {role!r}")
    direct: list[tuple[Hashable, Hashable, str]] = []
    conflicts = sorted(set(attackers) | set(targets), key=str)
    # Compound: a linked attack, or an attack that is attacked (the same rule as the
    # strength's, graph.reasoning.strength). A simple conflict is its attacker's edge.
    compound = {k for k in conflicts if len(attackers.get(k, ())) > 1}
    compound |= {
        t for k in conflicts for t in targets.get(k, ()) if G.nodes[t].get("type") == "conflict"
    }
    for k in conflicts:
        for t in sorted(targets.get(k, ()), key=str):
            kind = {"inference": "undercut", "conflict": "counter"}.get(
                G.nodes[t].get("type"), "rebuttal"
            )
            if k not in compound:
                direct.extend((a, t, kind) for a in sorted(attackers.get(k, ()), key=str))
                continue
            # The conflict itself is an argument ("this attack holds"), defeated by the
            # absence of any of its attackers, each an argument that the attacker's
            # being established defeats: the attack holds when every attacker stands
            # and nothing defeats the attack (docs/reasoning.md, "Linked attacks and
            # attacks on attacks").
            for a in sorted(attackers.get(k, ()), key=str):
                direct.append((a, Absent(k, a), "absent"))
                direct.append((Absent(k, a), k, "joint"))
            direct.append((k, t, kind))
    return premises_of, conclusion_of, direct


class Absent(str):
    """The argument that attacker ``a`` of a compound conflict ``k`` is not established.

    A string (``k`` and ``a`` joined), so that frameworks written to a file name it.
    """

    conflict: Hashable
    attacker: Hashable

    def __new__(cls, conflict: Hashable, attacker: Hashable) -> Absent:
        made = super().__new__(cls, f"{conflict} without {attacker}")
        made.conflict, made.attacker = conflict, attacker
        return made

    def __getnewargs__(self) -> tuple[Hashable, Hashable]:  # type: ignore[override]
        # kept in a built map's pickle: made again from its two parts
        return (self.conflict, self.attacker)


def attack_kinds(G: nx.MultiDiGraph) -> dict[tuple[Hashable, Hashable], str]:
    """Every attack of :func:`framework`, with the rule that gave it.

    The kinds are ``rebuttal``, ``undercut``, ``counter`` (an attack on an attack),
    ``absent`` and ``joint`` (the two steps by which a compound conflict's attackers
    carry it), ``secondary`` and ``supported``; an attack that several rules give
    keeps the first it was given.
    """
    for node, kind in G.nodes(data="type"):
        if kind not in ("statement", "inference", "conflict"):
            raise ReasoningError(
                f"node {node!r} has type {kind!r}: expected statement, inference or conflict"
            )
    premises_of, conclusion_of, direct = _roles(G)
    uses: dict[Hashable, set[Hashable]] = defaultdict(set)  # premise -> inferences
    for inference, premises in premises_of.items():
        for p in premises:
            uses[p].add(inference)
    concluded_by: dict[Hashable, set[Hashable]] = defaultdict(set)  # statement -> inferences
    for inference, c in conclusion_of.items():
        concluded_by[c].add(inference)

    kinds: dict[tuple[Hashable, Hashable], str] = {}
    out: dict[Hashable, set[Hashable]] = defaultdict(set)  # attacker -> targets
    into: dict[Hashable, set[Hashable]] = defaultdict(set)  # target -> attackers
    queue: list[tuple[Hashable, Hashable]] = []

    def add(a: Hashable, t: Hashable, kind: str) -> None:
        if (a, t) not in kinds:
            kinds[(a, t)] = kind
            out[a].add(t)
            into[t].add(a)
            queue.append((a, t))

    for a, t, kind in direct:
        add(a, t, kind)
    # Propagate each new attack once through both rules: a worklist, not a fixpoint loop.
    while queue:
        a, t = queue.pop()
        for inference in sorted(uses.get(t, ()), key=str):  # t is a premise: secondary
            add(a, inference, "secondary")
        for inference in sorted(concluded_by.get(a, ()), key=str):  # a is a conclusion
            add(inference, t, "supported")
    return dict(sorted(kinds.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))))


def framework(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The abstract framework of a map: statements and inferences, and their attacks.

    Args:
        G: the map's argument graph, with ``type`` on nodes and ``role`` on edges.

    Returns:
        A new ``DiGraph``: a node per statement and inference (with the map's node
        attributes), an edge ``a → t`` per attack, with ``kind`` set to the rule
        that gave it (see the module documentation).

    Raises:
        ReasoningError: a node or edge of an unknown type or role.
    """
    kinds = attack_kinds(G)
    af = nx.DiGraph()
    for node in sorted(G.nodes, key=str):
        data = G.nodes[node]
        if data.get("type") in ("statement", "inference"):
            af.add_node(node, **data)
    for (a, t), kind in kinds.items():
        for n in (a, t):
            if n not in af:  # a compound conflict, or one of its attackers' absence
                af.add_node(n, type="absent" if isinstance(n, Absent) else "conflict")
        af.add_edge(a, t, kind=kind)
    return af
