"""The shape of an argument map: what is unsupported, unanswered, circular or critical.

Every function takes the argument graph of a map (the ``MultiDiGraph`` of
:func:`graph.view.argument_graph`: ``statement``, ``inference`` and ``conflict``
nodes joined by ``premise``, ``conclusion``, ``attacker`` and ``target`` edges),
checks it first, never changes it, and returns plain values in a stable order.

- :func:`unsupported_claims`: claims that nothing argues for.
- :func:`unanswered_attacks`: objections that nobody answered.
- :func:`circular_support`, :func:`in_circular_support`: statements that support
  themselves through a chain of inferences.
- :func:`critical_premises`, :func:`necessary_premises`: the statements a
  conclusion cannot do without.
- :func:`why`, :func:`why_not`: the reasons for a statement and the objections to it.
- :func:`depth`: how far below the main conclusions each statement sits.

The *support graph* used below collapses each inference into edges from each of
its premises to its conclusion; its *leaves* are the statements no inference
concludes (the evidence and the bare assertions a map starts from).

>>> import networkx as nx
>>> G = nx.MultiDiGraph(main_conclusions=["c"])
>>> G.add_nodes_from(["e", "c", "o"], type="statement", kind="Claim", implicit=False)
>>> G.nodes["e"]["kind"] = "Evidence"
>>> G.add_node("i", type="inference", scheme=None, scheme_label="argument from sign")
>>> G.add_node("k", type="conflict")
>>> _ = G.add_edges_from([("e", "i", {"role": "premise"}), ("i", "c", {"role": "conclusion"}),
...                       ("o", "k", {"role": "attacker"}), ("k", "c", {"role": "target"})])
>>> unsupported_claims(G), unanswered_attacks(G), critical_premises(G)
(['o'], [('o', 'k', 'c')], {'c': ['e']})
>>> depth(G)
{'c': 0, 'e': 1, 'o': 1}
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx

from graph.errors import ReasoningError

__all__ = [
    "ArgumentIndex",
    "Objection",
    "Reason",
    "ReasonTree",
    "argument_index",
    "circular_support",
    "critical_premises",
    "depth",
    "in_circular_support",
    "indexed",
    "necessary_premises",
    "support_graph",
    "unanswered_attacks",
    "unsupported_claims",
    "why",
    "why_not",
]

#: A node of the argument graph (an IRI string when it comes from a map).
Node = Hashable

_NODE_TYPES = ("statement", "inference", "conflict")

#: For each edge role: the type of its source and the types its target may have.
_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "premise": ("statement", ("inference",)),
    "conclusion": ("inference", ("statement",)),
    "attacker": ("statement", ("conflict",)),
    "target": ("conflict", ("statement", "inference", "conflict")),
}


_T = TypeVar("_T")


def _natural(item: object) -> Any:
    return item


def _sorted(items: Iterable[_T]) -> list[_T]:
    """Items in their natural order, or by type and ``repr`` when they do not compare.

    Map node ids are strings, which compare; hand-built graphs may mix types.
    """
    found = list(items)
    try:
        return sorted(found, key=_natural)
    except TypeError:
        return sorted(found, key=lambda n: (type(n).__name__, repr(n)))


@dataclass(frozen=True)
class ArgumentIndex:
    """The roles of an argument graph's nodes, read once and checked.

    Every list is sorted, so that whatever walks the index walks it in the same
    order whatever order the graph was built in.

    Attributes:
        statements, inferences, conflicts: the nodes of each type.
        premises: each inference's premises.
        conclusion: each inference's conclusion.
        attackers, target: each conflict's attackers (several attack jointly: a
            linked attack) and its target (a statement, an inference, or a conflict:
            an attack on an attack).
        reasons: the inferences concluding each statement (empty when none).
        uses: the inferences each statement is a premise of.
        conflicts_on: the conflicts targeting each statement, inference or conflict.
    """

    statements: list[Node]
    inferences: list[Node]
    conflicts: list[Node]
    premises: dict[Node, list[Node]]
    conclusion: dict[Node, Node]
    attackers: dict[Node, list[Node]]
    target: dict[Node, Node]
    reasons: dict[Node, list[Node]]
    uses: dict[Node, list[Node]]
    conflicts_on: dict[Node, list[Node]]

    def attackers_of(self, node: Node) -> list[Node]:
        """The distinct statements attacking ``node`` (a statement, an inference or a
        conflict), alone or jointly with others."""
        return _sorted({a for k in self.conflicts_on[node] for a in self.attackers[k]})


def _only(found: set[Node], what: str, node: Node) -> Node:
    if len(found) != 1:
        names = ", ".join(repr(n) for n in _sorted(found)) or "none"
        raise ReasoningError(f"{node!r} must have exactly one {what}, has {names}")
    return next(iter(found))


_SHARED: ContextVar[tuple[nx.DiGraph, ArgumentIndex] | None] = ContextVar(
    "argmap_shared_index", default=None
)


@contextmanager
def indexed(G: nx.DiGraph) -> Iterator[ArgumentIndex]:
    """Within the block, every function here reuses one :func:`argument_index` of ``G``.

    Each function checks and indexes its graph first; several in a row over a big map
    (as :func:`graph.assessment.assess` runs them) would index it several times.
    ``G`` must not change inside the block.

    Raises:
        ReasoningError: ``G`` is not an argument graph.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="statement", kind="Claim")
    >>> with indexed(G) as index:
    ...     argument_index(G) is index, unsupported_claims(G)
    (True, ['a'])
    """
    token = _SHARED.set((G, argument_index(G)))
    try:
        yield _SHARED.get()[1]  # type: ignore[index]
    finally:
        _SHARED.reset(token)


def argument_index(G: nx.DiGraph) -> ArgumentIndex:
    """Check that ``G`` is an argument graph and index its nodes by role.

    Args:
        G: a directed graph shaped like :func:`graph.view.argument_graph` (a
            ``MultiDiGraph``; a ``DiGraph`` with the same attributes also works).

    Returns:
        The :class:`ArgumentIndex` of ``G``.

    Raises:
        ReasoningError: ``G`` is undirected, a node has no or an unknown ``type``, an
            edge's ``role`` is unknown or joins the wrong types of node, an inference
            has no premise or not exactly one conclusion, or a conflict has not
            at least one attacker and exactly one target.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", type="statement"); G.add_node("i", type="inference")
    >>> _ = G.add_edge("p", "i", role="premise")
    >>> argument_index(G)
    Traceback (most recent call last):
    ...
    graph.errors.ReasoningError: 'i' must have exactly one conclusion, has none
    """
    shared = _SHARED.get()
    if shared is not None and shared[0] is G:
        return shared[1]
    if not isinstance(G, nx.DiGraph):
        raise ReasoningError(
            "expected a directed argument graph (see graph.view.argument_graph), "
            f"got a {type(G).__name__}"
        )
    kinds: dict[str, list[Node]] = {t: [] for t in _NODE_TYPES}
    for node, typ in G.nodes(data="type"):
        if typ not in kinds:
            raise ReasoningError(
                f"node {node!r} has type {typ!r}; an argument graph has only "
                "statement, inference and conflict nodes"
            )
        kinds[typ].append(node)
    types = dict(G.nodes(data="type"))
    premises: dict[Node, set[Node]] = defaultdict(set)
    conclusions: dict[Node, set[Node]] = defaultdict(set)
    attackers: dict[Node, set[Node]] = defaultdict(set)
    targets: dict[Node, set[Node]] = defaultdict(set)
    for u, v, role in G.edges(data="role"):
        if role not in _ROLES:
            raise ReasoningError(
                f"edge {u!r} -> {v!r} has role {role!r}; use premise, conclusion, "
                "attacker or target"
            )
        source, allowed = _ROLES[role]
        if types[u] != source or types[v] not in allowed:
            raise ReasoningError(
                f"edge {u!r} -> {v!r} has role {role!r} but runs from a {types[u]} to a "
                f"{types[v]}; a {role} edge runs from a {source} to a {' or '.join(allowed)}"
            )
        if role == "premise":
            premises[v].add(u)
        elif role == "conclusion":
            conclusions[u].add(v)
        elif role == "attacker":
            attackers[v].add(u)
        else:
            targets[u].add(v)

    statements = _sorted(kinds["statement"])
    inferences = _sorted(kinds["inference"])
    conflicts = _sorted(kinds["conflict"])
    index = ArgumentIndex(
        statements=statements,
        inferences=inferences,
        conflicts=conflicts,
        premises={},
        conclusion={},
        attackers={},
        target={},
        reasons={s: [] for s in statements},
        uses={s: [] for s in statements},
        conflicts_on={n: [] for n in statements + inferences + conflicts},
    )
    for i in inferences:
        if not premises[i]:
            raise ReasoningError(f"inference {i!r} has no premise")
        index.premises[i] = _sorted(premises[i])
        index.conclusion[i] = _only(conclusions[i], "conclusion", i)
        index.reasons[index.conclusion[i]].append(i)
        for p in index.premises[i]:
            index.uses[p].append(i)
    for k in conflicts:
        if not attackers[k]:
            raise ReasoningError(f"conflict {k!r} has no attacker")
        index.attackers[k] = _sorted(attackers[k])
        index.target[k] = _only(targets[k], "target", k)
        index.conflicts_on[index.target[k]].append(k)
    return index


def _statement(G: nx.DiGraph, node: Node) -> None:
    if node not in G or G.nodes[node].get("type") != "statement":
        raise ReasoningError(f"{node!r} is not a statement of the argument graph")


def _main_conclusions(G: nx.DiGraph) -> list[Node]:
    main = list(G.graph.get("main_conclusions") or ())
    for m in main:
        _statement(G, m)
    return main


def support_graph(G: nx.DiGraph) -> nx.DiGraph:
    """The statement-level support graph: an edge from each premise to its conclusion.

    Every statement is a node; attacks are left out. An edge carries the sorted
    ``inferences`` that give it.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["p", "q", "c"], type="statement"); G.add_node("i", type="inference")
    >>> _ = G.add_edges_from([("p", "i", {"role": "premise"}), ("q", "i", {"role": "premise"}),
    ...                       ("i", "c", {"role": "conclusion"})])
    >>> sorted(support_graph(G).edges)
    [('p', 'c'), ('q', 'c')]
    """
    return _support_graph(argument_index(G))


def _support_graph(index: ArgumentIndex) -> nx.DiGraph:
    S = nx.DiGraph()
    S.add_nodes_from(index.statements)
    for i in index.inferences:
        c = index.conclusion[i]
        for p in index.premises[i]:
            if S.has_edge(p, c):
                S.edges[p, c]["inferences"].append(i)
            else:
                S.add_edge(p, c, inferences=[i])
    return S


def unsupported_claims(G: nx.DiGraph) -> list[Node]:
    """Explicit statements that are not evidence and that no inference concludes.

    Evidence needs no reason (it is what reasons rest on) and implicit statements
    are the analyst's reconstruction, so neither is reported. Every other kind
    (claims, proposals, predictions, recommendations, plain statements) is.

    Args:
        G: an argument graph.

    Returns:
        The statements, sorted.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="statement", kind="Claim", implicit=False)
    >>> G.add_node("e", type="statement", kind="Evidence", implicit=False)
    >>> G.add_node("h", type="statement", kind="Claim", implicit=True)
    >>> unsupported_claims(G)
    ['a']
    """
    index = argument_index(G)
    return [
        s
        for s in index.statements
        if not index.reasons[s]
        and G.nodes[s].get("kind", "Statement") != "Evidence"
        and not G.nodes[s].get("implicit", False)
    ]


def unanswered_attacks(G: nx.DiGraph) -> list[tuple[Node, Node, Node]]:
    """Objections nobody answered: conflicts whose attacker no conflict targets.

    Only a direct attack on the attacker statement counts as an answer; an undercut
    of the inference behind the attacker does not.

    Args:
        G: an argument graph.

    Returns:
        ``(attacker, conflict, target)`` triples, sorted.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["a", "b"], type="statement")
    >>> G.add_nodes_from(["k1", "k2"], type="conflict")
    >>> _ = G.add_edges_from([("a", "k1", {"role": "attacker"}), ("k1", "b", {"role": "target"}),
    ...                       ("b", "k2", {"role": "attacker"}), ("k2", "a", {"role": "target"})])
    >>> unanswered_attacks(G)
    []
    """
    index = argument_index(G)
    found = [
        (a, k, index.target[k])
        for k in index.conflicts
        if not index.conflicts_on[k] and not any(index.conflicts_on[b] for b in index.attackers[k])
        for a in index.attackers[k]
    ]
    return _sorted(found)


def circular_support(G: nx.DiGraph) -> list[list[Node]]:
    """Groups of statements that support one another in a circle.

    A group is a strongly connected component of the support graph (see
    :func:`support_graph`) with more than one statement, or a single statement that
    supports itself. Linked premises count one by one: a statement that is one of
    several premises for its own support is circular.

    Args:
        G: an argument graph.

    Returns:
        Each group as a sorted list; the groups in sorted order.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["a", "b", "c"], type="statement")
    >>> G.add_nodes_from(["i", "j"], type="inference")
    >>> _ = G.add_edges_from([("a", "i", {"role": "premise"}), ("i", "b", {"role": "conclusion"}),
    ...                       ("b", "j", {"role": "premise"}), ("j", "a", {"role": "conclusion"})])
    >>> circular_support(G)
    [['a', 'b']]
    """
    S = _support_graph(argument_index(G))
    return _sorted(
        _sorted(scc)
        for scc in nx.strongly_connected_components(S)
        if len(scc) > 1 or S.has_edge(next(iter(scc)), next(iter(scc)))
    )


def in_circular_support(G: nx.DiGraph) -> set[Node]:
    """Every statement that belongs to a group of :func:`circular_support`.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="statement"); G.add_node("i", type="inference")
    >>> _ = G.add_edges_from([("a", "i", {"role": "premise"}), ("i", "a", {"role": "conclusion"})])
    >>> in_circular_support(G)
    {'a'}
    """
    return {s for group in circular_support(G) for s in group}


class _Root:
    """The virtual root of the dominator computation: equal to nothing in a map."""

    def __repr__(self) -> str:
        return "<root>"


def critical_premises(G: nx.DiGraph, conclusion: Node | None = None) -> dict[Node, list[Node]]:
    """The statements every line of support for a conclusion passes through.

    Support is read on the support graph (:func:`support_graph`), from its leaves
    (statements no inference concludes) up to the conclusion. A statement is
    critical when every path from any leaf to the conclusion passes through it:
    it dominates the conclusion in the support graph with a virtual root joined to
    every leaf. One run of :func:`networkx.immediate_dominators` gives the dominator
    tree of the whole map; a conclusion's critical premises are its ancestors in that
    tree, so the cost does not grow with the number of conclusions asked about.

    Linked premises are read as separate paths (OR): if a conclusion's only
    inference has premises ``p`` and ``q`` and each rests on its own evidence,
    neither ``p`` nor ``q`` is critical here, although the inference needs both.
    :func:`necessary_premises` honours linked premises (AND-OR) and finds every
    critical premise and those.

    A conclusion that no path from a leaf reaches (only circular support, say) has
    no critical premises: ``[]``. Attacks play no part.

    Args:
        G: an argument graph.
        conclusion: the statement to ask about; None for every main conclusion of
            the map (``G.graph["main_conclusions"]``).

    Returns:
        For each conclusion, its critical premises, nearest first (each one is
        critical for the ones before it); the conclusion itself and the virtual root
        are left out.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`), or
            ``conclusion`` (or a main conclusion) is not a statement of ``G``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["e", "m", "c"], type="statement")
    >>> G.add_nodes_from(["i", "j"], type="inference")
    >>> _ = G.add_edges_from([("e", "i", {"role": "premise"}), ("i", "m", {"role": "conclusion"}),
    ...                       ("m", "j", {"role": "premise"}), ("j", "c", {"role": "conclusion"})])
    >>> critical_premises(G, "c")
    {'c': ['m', 'e']}
    """
    index = argument_index(G)
    if conclusion is None:
        wanted = _main_conclusions(G)
    else:
        _statement(G, conclusion)
        wanted = [conclusion]
    return _dominator_chains(index, wanted)


def _dominator_chains(index: ArgumentIndex, wanted: list[Node]) -> dict[Node, list[Node]]:
    if not wanted:
        return {}
    H = _support_graph(index)
    root = _Root()
    H.add_node(root)
    H.add_edges_from((root, s) for s in index.statements if not index.reasons[s])
    idom: dict[Node, Node] = nx.immediate_dominators(H, root)
    result: dict[Node, list[Node]] = {}
    for c in wanted:
        chain: list[Node] = []
        node = c
        # A conclusion no leaf reaches is not in ``idom``: nothing is critical for it.
        while node in idom and idom[node] is not root:
            node = idom[node]
            chain.append(node)
        result[c] = chain
    return result


def _established(index: ArgumentIndex, without: Node | None = None) -> dict[Node, Node | None]:
    """The statements a well-founded chain of inferences from the leaves establishes.

    Least fixpoint: a leaf holds (unless it is ``without``); a statement holds once
    every premise of one of its inferences holds. Returns each established statement
    with the inference that first established it (None for a leaf), so that one
    derivation can be read back.
    """
    missing = {i: len(index.premises[i]) for i in index.inferences}
    by: dict[Node, Node | None] = {
        s: None for s in index.statements if not index.reasons[s] and s != without
    }
    queue = deque(by)
    while queue:
        s = queue.popleft()
        for i in index.uses[s]:
            missing[i] -= 1
            c = index.conclusion[i]
            if missing[i] == 0 and c not in by and c != without:
                by[c] = i
                queue.append(c)
    return by


def necessary_premises(G: nx.DiGraph, conclusion: Node) -> list[Node]:
    """The statements without which a conclusion has no well-founded support left.

    Unlike :func:`critical_premises` this honours linked premises: an inference
    holds only when all its premises hold (AND), a statement when one of its
    inferences holds or when it is a leaf (OR). The conclusion is *established* when
    such a chain reaches it from the leaves without going round a circle. A
    statement is necessary when removing it leaves the conclusion not established.

    Only statements of one derivation of the conclusion can be necessary, so only
    those are tried, each with one linear pass of AND-OR propagation: fine for maps
    of thousands of statements. Every critical premise is necessary (every
    derivation contains a path from a leaf), so those are not tried; when no
    inference has more than one premise the two coincide.

    Args:
        G: an argument graph.
        conclusion: a statement of ``G``.

    Returns:
        The necessary statements, nearest to the conclusion first (by distance in
        the support graph, then sorted); ``[]`` when the conclusion is a leaf or is
        not established in the first place.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`) or
            ``conclusion`` is not one of its statements.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["p", "q", "c"], type="statement"); G.add_node("i", type="inference")
    >>> _ = G.add_edges_from([("p", "i", {"role": "premise"}), ("q", "i", {"role": "premise"}),
    ...                       ("i", "c", {"role": "conclusion"})])
    >>> necessary_premises(G, "c"), critical_premises(G, "c")
    (['p', 'q'], {'c': []})
    """
    index = argument_index(G)
    _statement(G, conclusion)
    by = _established(index)
    if conclusion not in by or by[conclusion] is None:
        return []
    # One derivation of the conclusion: every necessary statement lies on it.
    witness: set[Node] = set()
    stack = [conclusion]
    while stack:
        s = stack.pop()
        if s in witness:
            continue
        witness.add(s)
        inference = by[s]
        if inference is not None:
            stack.extend(index.premises[inference])
    witness.discard(conclusion)
    # Every derivation contains a path from a leaf, so what every path passes through
    # (a critical premise) is necessary without trying: a long chain costs nothing.
    critical = set(_dominator_chains(index, [conclusion])[conclusion])
    necessary = critical | {
        s for s in witness - critical if conclusion not in _established(index, without=s)
    }
    distance = nx.single_source_shortest_path_length(
        _support_graph(index).reverse(copy=False), conclusion
    )
    ordered = _sorted(necessary)
    rank = {s: pos for pos, s in enumerate(ordered)}
    return sorted(ordered, key=lambda s: (distance[s], rank[s]))


@dataclass(frozen=True)
class Reason:
    """One inference for a statement: its scheme and the reasons for its premises."""

    inference: Node
    scheme: str | None
    scheme_label: str | None
    premises: tuple[ReasonTree, ...]


@dataclass(frozen=True)
class ReasonTree:
    """A statement and, recursively, every inference concluding it.

    A statement met a second time (through a circle, or shared by two lines of
    reasoning) appears again with ``repeated=True`` and no reasons: its reasons are
    given where it first appears.
    """

    statement: Node
    reasons: tuple[Reason, ...] = ()
    repeated: bool = False

    def walk(self) -> Iterator[ReasonTree]:
        """Every tree node, depth first, this one first."""
        stack: list[ReasonTree] = [self]
        while stack:
            tree = stack.pop()
            yield tree
            stack.extend(reversed([p for r in tree.reasons for p in r.premises]))

    def inferences(self) -> list[Node]:
        """Every inference in the tree, depth first."""
        return [r.inference for tree in self.walk() for r in tree.reasons]

    def statements(self) -> list[Node]:
        """Every statement in the tree once, depth first."""
        return [tree.statement for tree in self.walk() if not tree.repeated]


@dataclass
class _Frame:
    statement: Node
    inferences: list[Node]
    reasons: list[Reason] = field(default_factory=list)
    premises: list[ReasonTree] = field(default_factory=list)
    at_inference: int = 0
    at_premise: int = 0


def why(G: nx.DiGraph, statement: Node) -> ReasonTree:
    """The chain of reasons for a statement: its inferences, their premises, and so on.

    Inferences and premises are in sorted order. Each statement's reasons are given
    once, where it first appears depth first; later appearances are marked
    ``repeated``, so circles end and shared premises are not expanded twice. Built
    without recursion, so long chains are fine.

    Args:
        G: an argument graph.
        statement: a statement of ``G``.

    Returns:
        The :class:`ReasonTree` rooted at ``statement``.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`) or
            ``statement`` is not one of its statements.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["e", "c"], type="statement")
    >>> G.add_node("i", type="inference", scheme=None, scheme_label="argument from sign")
    >>> _ = G.add_edges_from([("e", "i", {"role": "premise"}), ("i", "c", {"role": "conclusion"})])
    >>> tree = why(G, "c")
    >>> [(r.inference, r.scheme_label, [p.statement for p in r.premises]) for r in tree.reasons]
    [('i', 'argument from sign', ['e'])]
    """
    index = argument_index(G)
    _statement(G, statement)
    seen = {statement}
    stack = [_Frame(statement, index.reasons[statement])]
    while True:
        frame = stack[-1]
        if frame.at_inference == len(frame.inferences):
            stack.pop()
            tree = ReasonTree(frame.statement, tuple(frame.reasons))
            if not stack:
                return tree
            stack[-1].premises.append(tree)
            continue
        inference = frame.inferences[frame.at_inference]
        premises = index.premises[inference]
        if frame.at_premise == len(premises):
            attrs = G.nodes[inference]
            frame.reasons.append(
                Reason(
                    inference,
                    attrs.get("scheme"),
                    attrs.get("scheme_label"),
                    tuple(frame.premises),
                )
            )
            frame.premises = []
            frame.at_inference += 1
            frame.at_premise = 0
            continue
        premise = premises[frame.at_premise]
        frame.at_premise += 1
        if premise in seen:
            frame.premises.append(ReasonTree(premise, repeated=True))
        else:
            seen.add(premise)
            stack.append(_Frame(premise, index.reasons[premise]))


@dataclass(frozen=True)
class Objection:
    """An attack on a statement or on one of its inferences, with the answers to it.

    Attributes:
        attacker: the statement that objects.
        conflict: the conflict node that records the attack.
        target: what it attacks: the statement (``kind="rebuttal"``), an inference
            concluding it (``kind="undercut"``), or the conflict of the objection it
            answers (``kind="counter"``: an attack on an attack).
        answers: the objections to the attacker in turn (which defend the original
            statement), to the depth asked for.
        repeated: the attacker is already on the chain above this objection, so its
            answers are not followed again.
    """

    attacker: Node
    conflict: Node
    target: Node
    kind: str
    answers: tuple[Objection, ...] = ()
    repeated: bool = False


def _objections(
    index: ArgumentIndex, statement: Node, levels: int, chain: frozenset[Node]
) -> tuple[Objection, ...]:
    found: list[Objection] = []
    aimed = [(statement, "rebuttal")] + [(i, "undercut") for i in index.reasons[statement]]
    for target, kind in aimed:
        for k in index.conflicts_on[target]:
            found.extend(_objections_by(index, k, target, kind, levels, chain))
    return tuple(found)


def _objections_by(
    index: ArgumentIndex, k: Node, target: Node, kind: str, levels: int, chain: frozenset[Node]
) -> list[Objection]:
    """The objections that conflict ``k`` makes, one per attacker, with their answers:
    the objections to that attacker, and the attacks on ``k`` itself (``counter``)."""
    counters: list[Objection] = []
    if levels > 1:
        for k2 in index.conflicts_on[k]:
            counters.extend(_objections_by(index, k2, k, "counter", levels - 1, chain))
    found: list[Objection] = []
    for a in index.attackers[k]:
        if a in chain:
            found.append(Objection(a, k, target, kind, repeated=True))
        else:
            answers = _objections(index, a, levels - 1, chain | {a}) if levels > 1 else ()
            found.append(Objection(a, k, target, kind, (*answers, *counters)))
    return found


def why_not(G: nx.DiGraph, statement: Node, *, depth: int = 3) -> list[Objection]:
    """The objections to a statement, the answers to them, and so on, to a depth.

    The objections are the rebuttals of the statement and the undercuts of each
    inference concluding it; the answers to an objection are the objections to its
    attacker, found the same way. An attacker already on the chain above (a mutual
    attack, say) is reported with ``repeated=True`` and not followed again.

    Args:
        G: an argument graph.
        statement: a statement of ``G``.
        depth: how many levels to follow: 1 gives the objections alone, 2 adds their
            answers, 3 the answers to those.

    Returns:
        The statement's objections: rebuttals first, then undercuts, each by
        conflict in sorted order.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`),
            ``statement`` is not one of its statements, or ``depth`` is below 1.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["c", "o", "d"], type="statement")
    >>> G.add_nodes_from(["k1", "k2"], type="conflict")
    >>> _ = G.add_edges_from([("o", "k1", {"role": "attacker"}), ("k1", "c", {"role": "target"}),
    ...                       ("d", "k2", {"role": "attacker"}), ("k2", "o", {"role": "target"})])
    >>> [(o.attacker, [a.attacker for a in o.answers]) for o in why_not(G, "c")]
    [('o', ['d'])]
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ReasoningError(f"depth must be a whole number of at least 1, got {depth!r}")
    index = argument_index(G)
    _statement(G, statement)
    return list(_objections(index, statement, depth, frozenset({statement})))


def depth(G: nx.DiGraph) -> dict[Node, int]:
    """How many steps each statement sits below the map's main conclusions.

    Breadth first from the main conclusions (``G.graph["main_conclusions"]``, at
    depth 0), backwards along the lines that argue about a statement: the premises
    of an inference concluding it, the attackers of a conflict targeting it, and the
    attackers of a conflict targeting one of its inferences (undercuts) are each one
    level below it. Statements that this does not reach are absent: those only the
    main conclusions argue for, those only reached forwards (what a reason attacks),
    and those unconnected. Without main conclusions the result is empty.

    Args:
        G: an argument graph.

    Returns:
        Each reached statement with its depth, in sorted order of statements.

    Raises:
        ReasoningError: ``G`` is not an argument graph (see :func:`argument_index`) or a
            main conclusion is not one of its statements.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(main_conclusions=["c"])
    >>> G.add_nodes_from(["c", "p", "u", "x"], type="statement")
    >>> G.add_node("i", type="inference"); G.add_node("k", type="conflict")
    >>> _ = G.add_edges_from([("p", "i", {"role": "premise"}), ("i", "c", {"role": "conclusion"}),
    ...                       ("u", "k", {"role": "attacker"}), ("k", "i", {"role": "target"})])
    >>> depth(G)
    {'c': 0, 'p': 1, 'u': 1}
    """
    index = argument_index(G)
    level: dict[Node, int] = {}
    queue: deque[Node] = deque()
    for m in _main_conclusions(G):
        if m not in level:
            level[m] = 0
            queue.append(m)
    while queue:
        s = queue.popleft()
        below: list[Node] = index.attackers_of(s)
        for i in index.reasons[s]:
            below += index.premises[i] + index.attackers_of(i)
        for n in below:
            if n not in level:
                level[n] = level[s] + 1
                queue.append(n)
    return {s: level[s] for s in index.statements if s in level}
