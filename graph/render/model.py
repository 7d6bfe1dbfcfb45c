"""The page model: what the HTML map shows, as plain JSON-ready data, laid out.

:func:`page_model` turns the argument graph (:func:`graph.view.argument_graph`) and
the reasoning results into the one JSON document the page reads: nodes with their
positions, edges by relation, statuses by semantics, the source text. Nothing here
draws: colours and shapes are the front end's, as they change with the chosen
semantics. Nothing here queries the store either: the graph and the results come in
as arguments.

What the page draws, and how it comes from the graph:

- a **statement** node for every statement;
- a small **junction** node for every inference that has two or more (linked)
  premises, or that is undercut: edges ``premise`` from each premise to it, one
  ``support`` edge from it to the conclusion, and ``undercut`` edges from whoever
  attacks the inference; any other inference is one ``support`` edge from its
  premise to its conclusion;
- an ``attack`` edge from the attacker to the statement of every rebuttal;
- a junction of ``kind`` "attack" for every conflict whose attackers attack only
  together (a linked attack) or that is attacked itself (an attack on an attack):
  ``attacker`` edges from each attacker to it, one ``attack`` (or ``undercut``) edge
  from it to its target, and ``attack`` edges into it from whatever attacks it;
- an **actor** node for every person named as speaker or mentioned, with ``said``
  edges (actor → statement) and ``mentions`` edges (statement → actor).

The layout is computed here (:func:`levels`, :func:`positions`, by Graphviz ``dot``
where it is installed), so vis-network only draws, its physics off. Main conclusions
are on top; a statement's reasons and objections sit one layer below it, a linked
argument's junction between its conclusion and its premises. Every edge comes with
its route around the boxes (``route``), and ``views`` gives the layouts of the map
cut below its first levels, for a first view folded to what fits on the screen.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(title="Rain", main_conclusions=["c"])
>>> G.add_node("c", type="statement", kind="Claim", label="Take an umbrella")
>>> G.add_node("p", type="statement", kind="Evidence", label="The forecast says rain")
>>> G.add_node("i", type="inference", scheme_label="argument from sign")
>>> _ = G.add_edge("p", "i", role="premise"), G.add_edge("i", "c", role="conclusion")
>>> model = page_model(G)
>>> [(n["id"], n["label"], n["level"]) for n in model["nodes"]]
[('n0', 'Take an umbrella', 0), ('n1', 'The forecast says rain', 1)]
>>> [(e["from"], e["to"], e["relation"], e["scheme"]["label"]) for e in model["edges"]]
[('n1', 'n0', 'support', 'argument from sign')]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from graph.errors import ArgmapError

from .layout import NODE_GAP, RANK_GAP, Placement, layered
from .layout import engine as dot_engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "KINDS",
    "SEMANTICS",
    "SourceDocument",
    "levels",
    "page_model",
    "positions",
]

DEFAULT_TITLE = "Argument map"

#: The semantics a page can switch between, in the order it offers them (the order
#: of :data:`graph.assessment.SEMANTICS`, which render may not import).
SEMANTICS = ("grounded", "complete", "preferred", "stable")

_LABELS = frozenset({"in", "out", "undec"})

#: The statement kinds (:data:`graph.view.KINDS`). The page draws every statement
#: as the same kind of card, its kind named in a coloured band across its top.
KINDS = ("Claim", "Evidence", "Prediction", "Proposal", "Recommendation", "Statement")

#: How the page draws a statement, in CSS px at zoom 1; the layout reserves exactly
#: this box, and the page gets the box with every node (``w``, ``h``): a card
#: ``CARD_WIDTH`` wide (``MAIN_CARD_WIDTH`` for a main conclusion), a band of
#: ``BAND`` px across its top (kind, status, strength, folded count), then the label
#: wrapped inside ``PADDING`` at ``FONT`` px on lines of ``LINE`` px (``MAIN_FONT``
#: and ``MAIN_LINE`` for a main conclusion).
GEOMETRY: Mapping[str, float] = {
    "cardWidth": 220,
    "mainCardWidth": 300,
    "band": 22,
    "padding": 10,
    "font": 16,
    "line": 20,
    "mainFont": 20,
    "mainLine": 25,
    "junction": 16,
}
NODE_WIDTH = int(GEOMETRY["cardWidth"])
#: The radius of a junction's dot; an actor is a dot too, its name below it.
JUNCTION_SIZE = 8
_ACTOR_SIZE = 12
_ACTOR_FONT_SIZE = 15
#: A map whose layout ``dot`` would take too long for (more boxes than this) is laid
#: out by the fallback placement.
DOT_LIMIT = 6000
#: The first view may fold a map to its top levels: the page model carries layouts
#: of the map cut below levels 1 to ``VIEW_DEPTHS``.
VIEW_DEPTHS = 3
#: A map of more statements than this is more than one page carries well (at 72,000
#: statements the whole page was 122 MB): the page holds its top ``TOP_LEVELS`` levels
#: only, each node at the cut saying how many statements hang below it (``cut``), and
#: ``partial`` saying how to open them (``argmap render --root``, or a link when
#: ``argmap serve`` serves the page).
PAGE_LIMIT = 5000
TOP_LEVELS = 2
#: The width of the shelves that a map's separate pieces are set on, below the main one.
SHELF = 1600.0

# The gaps the fallback placement keeps between boxes: between neighbours in a row,
# between the staggered rows of one level, and between levels.
_H_GAP = 28.0
_ROW_GAP = 36.0
_LEVEL_GAP = 96.0
# A level with more statements than fit side by side in this width wraps into rows,
# at most this many: past that the level grows wider, so that reasons stay near what
# they support rather than strung down a long diagonal.
_ROW_WIDTH = 1500.0
_MAX_ROWS = 4
# How far left of the map the column of actors stands.
_ACTOR_GAP = 160.0

# Advance widths in em of a wide sans-serif (DejaVu Sans, the usual system-ui on
# Linux), rounded up: an estimate of how vis will wrap a label, on the safe side.
_GLYPH_EM: dict[str, float] = {
    **dict.fromkeys("ijl.,:;'!|I`", 0.30),
    " ": 0.33,
    **dict.fromkeys("ftr()[]{}-/\\J", 0.43),
    **dict.fromkeys('csz"*^+<=>~', 0.56),
    **dict.fromkeys("abdeghknopquvxy0123456789?_#$", 0.65),
    **dict.fromkeys("ABEFKLPRSTXYZ&", 0.71),
    **dict.fromkeys("CDGHNOQUV", 0.80),
    **dict.fromkeys("mwMW%@", 1.0),
}
_OTHER_GLYPH_EM = 0.72
_WIDE_GLYPH_EM = 1.0  # CJK and other East Asian wide characters


@dataclass(frozen=True)
class SourceDocument:
    """The text a map was made from, shown beside the map; quotes point into it."""

    title: str | None
    text: str


def page_model(
    G: nx.MultiDiGraph,
    *,
    title: str | None = None,
    statuses: Mapping[str, Mapping[Hashable, str]] | None = None,
    strength: Mapping[Hashable, float] | None = None,
    source: SourceDocument | None = None,
    semantics: str = "grounded",
    collapse_above: int = 400,
    page_limit: int = PAGE_LIMIT,
    root: str | None = None,
    below: Mapping[str, str | None] | None = None,
) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data: nodes laid out, edges, statuses.

    Ids are short (``n0``, ``e0``) and follow sorted order: statements by IRI, then
    junctions by inference IRI, then actors by name; edges by their ends. A map of
    more than ``collapse_above`` statements opens collapsed: ``large`` is true and
    every node below the top two levels is ``hidden`` (the page expands on demand).

    A map of more than ``page_limit`` statements is cut: the page holds its top
    ``TOP_LEVELS`` levels only. Each node there counts the statements that hang below
    it and are not in the page (``cut``), and ``partial`` gives the totals
    (``statements``, ``shown``, and ``elsewhere``: those under no node of the page),
    with ``below``'s ways of opening the rest (``command``: a command line to which
    the page adds a statement's IRI; ``link``: a URL to which it adds it, encoded).
    With ``root`` (a statement's IRI), the page shows what hangs below that statement
    (its reasons and objections, theirs, and so on), cut the same way.

    Args:
        G: the argument graph of :func:`graph.view.argument_graph`.
        title: the page heading; defaults to ``G.graph["title"]``.
        statuses: ``{semantics: {node: "in" | "out" | "undec"}}`` for statements and
            inferences, as :func:`graph.assessment.assess` gives them.
        strength: ``{node: float}`` for statements and inferences.
        source: the source text, shown beside the map.
        semantics: the semantics the page opens with.
        collapse_above: how many statements a map may have and still open whole.
        page_limit: how many statements a page may hold before it is cut.
        root: show only what hangs below this statement.
        below: for a cut page, ``{"command": ..., "link": ...}`` (either may be None).

    Returns:
        The page data (see the module docs); the same input always gives the same.

    Raises:
        ArgmapError: an unknown node type, edge role, statement kind or status; an
            inference without a conclusion; a main conclusion that is not a statement
            of ``G``; a ``semantics`` that ``statuses`` does not cover; or a ``root``
            that is no statement of ``G``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(main_conclusions=["c"])
    >>> G.add_node("c", type="statement", kind="Claim", label="C", speakers=["Ann"])
    >>> model = page_model(G, statuses={"grounded": {"c": "in"}})
    >>> model["semantics"], [(n["type"], n["label"]) for n in model["nodes"]]
    (['grounded'], [('statement', 'C'), ('actor', 'Ann')])
    >>> [(e["from"], e["to"], e["relation"]) for e in model["edges"]]
    [('n1', 'n0', 'said')]
    """
    structure = _structure(G)
    offered = _semantics(statuses, semantics)
    if root is not None:
        if root not in set(structure.statements):
            raise ArgmapError("no such statement in the map; give a statement's IRI", node=root)
        structure = _restricted(structure, _hanging_below(structure, root))
    partial: dict[str, Any] | None = None
    cut: dict[str, int] = {}
    if len(structure.statements) > page_limit:
        structure, cut, partial = _cut(structure, below or {})
    layout = _layout(structure)
    large = len(structure.statements) > collapse_above
    ids = _ids(structure)
    view = _View(structure, layout, ids, offered, statuses or {}, strength or {}, large, cut)
    nodes = [view.statement(s) for s in structure.statements]
    nodes += [view.junction(j) for j in structure.junctions]
    nodes += [view.actor(a) for a in structure.actors]
    hang: dict[int, tuple[str, str]] = {}
    records = []
    for e in structure.edges:
        record = view.edge(e)
        if e.source[0] == "node" and e.target[0] == "node":
            hang[id(record)] = (e.target[1], e.source[1])
        records.append(record)
    edges = sorted(
        records,
        key=lambda e: (
            int(e["from"][1:]),
            int(e["to"][1:]),
            e["relation"],
            e["inference"] or "",
        ),
    )
    for number, edge in enumerate(edges):
        edge["id"] = f"e{number}"
    heading = title if title is not None else str(G.graph.get("title") or DEFAULT_TITLE)
    hangs = {e["id"]: hang[id(e)] for e in edges if id(e) in hang}
    for edge in edges:
        edge["route"] = _route(layout.routes, hangs[edge["id"]]) if edge["id"] in hangs else None
    views = [
        {
            "depth": v["depth"],
            "at": {ids["node", n]: [v["placed"].x[n], v["placed"].y[n]] for n in v["members"]},
            "routes": {
                k: r for k, h in hangs.items() if (r := _route(v["placed"].routes, h)) is not None
            },
        }
        for v in (_views(structure, layout) if not large else [])
    ]
    return {
        "title": heading,
        "semantics": list(offered),
        "defaultSemantics": semantics,
        "source": None if source is None else {"title": source.title, "text": source.text},
        "large": large,
        "partial": partial,
        "root": None if root is None else {"iri": root, "label": _label(G, root)},
        "layout": layout.engine,
        "geometry": dict(GEOMETRY),
        "views": views,
        "nodes": nodes,
        "edges": edges,
    }


def levels(G: nx.MultiDiGraph) -> dict[str, int]:
    """The level of every statement and junction: main conclusions 0, reasons below.

    A walk from the main conclusions (``G.graph["main_conclusions"]``, else the
    statements marked ``main``) down the arguments: a statement's reasons and the
    junctions of its linked arguments are one level below it; a junction's premises
    on its level (the junction is drawn just above them); objections, rebuttals and
    undercutters alike, on the level of what they attack. Statements that lead to no
    main conclusion are laid out the same way from their own tops, on levels after
    the deepest one used so far.

    Args:
        G: the argument graph.

    Returns:
        The level of every statement and of every inference drawn as a junction,
        keyed by node id, in sorted order.

    Raises:
        ArgmapError: as :func:`page_model`.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(main_conclusions=["c"])
    >>> for s in "cpqaxy":
    ...     G.add_node(s, type="statement", kind="Claim")
    >>> G.add_node("i", type="inference"); G.add_node("k", type="conflict")
    >>> G.add_node("j", type="inference")
    >>> for u, v, role in [("p", "i", "premise"), ("q", "i", "premise"),
    ...                    ("i", "c", "conclusion"), ("a", "k", "attacker"),
    ...                    ("k", "p", "target"), ("x", "j", "premise"),
    ...                    ("j", "y", "conclusion")]:
    ...     _ = G.add_edge(u, v, role=role)
    >>> levels(G)
    {'a': 1, 'c': 0, 'i': 1, 'p': 1, 'q': 1, 'x': 3, 'y': 2}
    """
    layout = _layout(_structure(G))
    return dict(sorted(layout.level.items()))


def positions(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Place every statement and junction on the canvas: ``(x, y)``, y pointing down.

    Graphviz ``dot`` lays the map out in layers (:mod:`graph.render.layout`): the
    main conclusion on top at ``(0, 0)``, every statement's reasons and objections in
    the layer below it, a linked argument's junction between its conclusion and its
    premises, the boxes at the sizes the page draws them, few crossings, and no edge
    over a box. Pieces of the map cut off from the main conclusion stand on shelves
    below it. Where ``dot`` is not installed, a simpler placement stands in: each
    level of :func:`levels` a horizontal band, a node under its parent, siblings
    side by side, an objection one place right of what it attacks, in its row; a
    level more than 1500 px wide wraps into staggered rows, four at most.

    Args:
        G: the argument graph.

    Returns:
        The position of every statement and junction, keyed by node id, in sorted
        order.

    Raises:
        ArgmapError: as :func:`page_model`.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(main_conclusions=["c"])
    >>> for s in "cpa":
    ...     G.add_node(s, type="statement", kind="Claim")
    >>> G.add_node("i", type="inference"); G.add_node("k", type="conflict")
    >>> for u, v, role in [("p", "i", "premise"), ("i", "c", "conclusion"),
    ...                    ("a", "k", "attacker"), ("k", "c", "target")]:
    ...     _ = G.add_edge(u, v, role=role)
    >>> at = positions(G)
    >>> at["c"], at["c"][1] < at["p"][1], at["c"][1] < at["a"][1]
    ((0.0, 0.0), True, True)
    """
    layout = _layout(_structure(G))
    return {n: (layout.x[n], layout.y[n]) for n in sorted(layout.x)}


# --- the graph, read once -----------------------------------------------------------


# A node of the page: ("node", statement or inference id) or ("actor", name).
_Key = tuple[str, str]


@dataclass
class _Edge:
    """An edge of the page, between the keys of its ends."""

    source: _Key
    target: _Key
    relation: str
    inference: str | None = None


@dataclass
class _Structure:
    """The argument graph as the page draws it: statements, junctions, actors."""

    G: nx.MultiDiGraph
    statements: list[str]
    main: list[str]
    premises: dict[str, list[str]]
    conclusion: dict[str, str]
    junctions: list[str]
    # Candidates to hang under a node, in the order they hang: reasons one level down
    # (``below``), and on the same level (``beside``: a junction's premises, then
    # objections).
    below: dict[str, list[str]]
    beside: dict[str, list[str]]
    objections: set[tuple[str, str]]  # (objection, what it attacks)
    upward: dict[str, set[str]]  # what each statement or junction argues for or against
    edges: list[_Edge]
    actors: list[str]
    roles: dict[str, str]
    junction_set: set[str]
    attacks: set[str] = field(default_factory=set)  # the junctions that are conflicts


def _structure(G: nx.MultiDiGraph) -> _Structure:
    if not G.is_directed():
        raise ArgmapError(
            "the map must be the argument graph of graph.view.argument_graph "
            "(a networkx.MultiDiGraph of statements, inferences and conflicts)"
        )
    statements: list[str] = []
    inferences: list[str] = []
    conflicts: list[str] = []
    for node, kind in sorted(G.nodes(data="type"), key=lambda item: str(item[0])):
        if kind == "statement":
            statements.append(node)
            _kind(G, node)
        elif kind == "inference":
            inferences.append(node)
        elif kind == "conflict":
            conflicts.append(node)
        else:
            raise ArgmapError(
                f"unknown node type {kind!r}; use statement, inference or conflict "
                "(the argument graph of graph.view.argument_graph)",
                node=str(node),
            )
    is_statement = set(statements)
    premises: dict[str, list[str]] = {i: [] for i in inferences}
    conclusion: dict[str, str] = {}
    attackers: dict[str, list[str]] = {k: [] for k in conflicts}
    targets: dict[str, list[str]] = {k: [] for k in conflicts}
    into = {"premise": (premises, "inference"), "attacker": (attackers, "conflict")}
    for u, v, role in G.edges(data="role"):
        kinds = (G.nodes[u].get("type"), G.nodes[v].get("type"))
        if role in into:
            table, end = into[role]
            if kinds != ("statement", end):
                raise _role_error(role, u, v, f"from a statement to a node of type {end}")
            table[v].append(u)
        elif role == "conclusion":
            if kinds != ("inference", "statement"):
                raise _role_error(role, u, v, "from an inference to a statement")
            if conclusion.setdefault(u, v) != v:
                raise ArgmapError("an inference has more than one conclusion", node=str(u))
        elif role == "target":
            if kinds[0] != "conflict" or kinds[1] not in ("statement", "inference", "conflict"):
                raise _role_error(
                    role, u, v, "from a conflict to a statement, an inference or a conflict"
                )
            targets[u].append(v)
        else:
            raise ArgmapError(
                f"unknown edge role {role!r} on the edge to {v}; "
                "use premise, conclusion, attacker or target",
                node=str(u),
            )
    for i in inferences:
        if i not in conclusion:
            raise ArgmapError("an inference without a conclusion", node=str(i))
        premises[i] = sorted(set(premises[i]))

    # A conflict whose attackers attack only together (a linked attack), or that is
    # itself attacked, is drawn as a junction: its attackers into it, it onto its
    # target, and whatever attacks it onto it.
    attacked = {t for k in conflicts for t in targets[k] if t in attackers}
    joint = [k for k in conflicts if targets[k] and (len(set(attackers[k])) > 1 or k in attacked)]
    joint_set = set(joint)
    rebuttals: set[tuple[str, str]] = set()
    undercuts: set[tuple[str, str]] = set()
    for k in conflicts:
        for a in [k] if k in joint_set else attackers[k]:
            for t in targets[k]:
                (rebuttals if t in is_statement else undercuts).add((a, t))
    undercut = {t for _, t in undercuts}
    junctions = [i for i in inferences if len(premises[i]) > 1 or i in undercut]
    junctions += joint
    junction_set = set(junctions)
    for k in joint:
        premises[k] = sorted(set(attackers[k]))
        conclusion[k] = targets[k][0]

    below: dict[str, list[str]] = {}
    beside: dict[str, list[str]] = {}
    upward: dict[str, set[str]] = {n: set() for n in [*statements, *junctions]}
    edges: list[_Edge] = []
    supports: dict[str, set[str]] = {}
    linked: dict[str, list[str]] = {}
    for k in joint:
        for a in premises[k]:
            upward[a].add(k)
            edges.append(_Edge(("node", a), ("node", k), "attacker", k))
    for i in inferences:
        c = conclusion[i]
        if i in junction_set:
            linked.setdefault(c, []).append(i)
            upward[i].add(c)
            edges.append(_Edge(("node", i), ("node", c), "support", i))
            for p in premises[i]:
                upward[p].add(i)
                edges.append(_Edge(("node", p), ("node", i), "premise", i))
        else:
            for p in premises[i]:
                supports.setdefault(c, set()).add(p)
                upward[p].add(c)
                edges.append(_Edge(("node", p), ("node", c), "support", i))
    against: dict[str, set[str]] = {}
    for a, t in sorted(rebuttals | undercuts):
        against.setdefault(t, set()).add(a)
        upward[a].add(t)
        if t in junction_set and t not in joint_set:
            edges.append(_Edge(("node", a), ("node", t), "undercut", t))
        else:
            edges.append(_Edge(("node", a), ("node", t), "attack", a if a in joint_set else None))
    for s in statements:
        below[s] = [*sorted(supports.get(s, ())), *sorted(linked.get(s, ()))]
        beside[s] = sorted(against.get(s, ()))
    for j in junctions:
        below[j] = []
        beside[j] = [*premises[j], *sorted(against.get(j, ()))]

    actors: set[str] = set()
    for s in statements:
        for name in sorted(set(_texts(G.nodes[s].get("speakers")))):
            actors.add(name)
            edges.append(_Edge(("actor", name), ("node", s), "said"))
        for name in sorted(set(_texts(G.nodes[s].get("mentions")))):
            actors.add(name)
            edges.append(_Edge(("node", s), ("actor", name), "mentions"))
    roles = {str(k): str(v) for k, v in (G.graph.get("actors") or {}).items()}
    return _Structure(
        G=G,
        statements=statements,
        main=_main_conclusions(G, is_statement),
        premises=premises,
        conclusion=conclusion,
        junctions=junctions,
        below=below,
        beside=beside,
        objections=rebuttals | undercuts,
        attacks=joint_set,
        upward=upward,
        edges=edges,
        actors=sorted(actors),
        roles=roles,
        junction_set=junction_set,
    )


def _hanging_below(s: _Structure, root: str) -> set[str]:
    """``root`` and all that hangs below it: reasons, objections, junctions, theirs."""
    return _hanging_from(s, [root])


def _restricted(s: _Structure, keep: set[str]) -> _Structure:
    """The structure of the statements and junctions in ``keep`` alone (with the
    actors who said or are mentioned in what is kept): what a cut page draws."""
    edges = [
        e
        for e in s.edges
        if (e.source[0] == "actor" or e.source[1] in keep)
        and (e.target[0] == "actor" or e.target[1] in keep)
    ]
    actors = {k[1] for e in edges for k in (e.source, e.target) if k[0] == "actor"}
    nodes = [n for n in s.upward if n in keep]
    return replace(
        s,
        statements=[n for n in s.statements if n in keep],
        main=[n for n in s.main if n in keep],
        junctions=[j for j in s.junctions if j in keep],
        below={n: [c for c in s.below[n] if c in keep] for n in nodes},
        beside={n: [c for c in s.beside[n] if c in keep] for n in nodes},
        objections={(a, t) for a, t in s.objections if a in keep and t in keep},
        upward={n: {u for u in s.upward[n] if u in keep} for n in nodes},
        edges=edges,
        actors=sorted(actors),
        junction_set=s.junction_set & keep,
        attacks=s.attacks & keep,
    )


def _cut(
    s: _Structure, below: Mapping[str, str | None]
) -> tuple[_Structure, dict[str, int], dict[str, Any]]:
    """The structure cut below its top ``TOP_LEVELS`` levels; for each node kept, how
    many statements hang below it that are not; and the page's ``partial``."""
    level, parent, _ = _tree(s)
    keep = {n for n, at in level.items() if at < TOP_LEVELS}
    # each node left out counts for the nearest node kept above it in the layout tree
    kept_above: dict[str, str | None] = {}
    for node in level:
        chain = []
        up: str | None = node
        while up is not None and up not in keep and up not in kept_above:
            chain.append(up)
            up = parent[up]
        found = up if up is None or up in keep else kept_above[up]
        for n in chain:
            kept_above[n] = found
    cut: dict[str, int] = {}
    elsewhere = 0
    statements = set(s.statements)
    for node, top in kept_above.items():
        if node in statements:
            if top is None:
                elsewhere += 1
            else:
                cut[top] = cut.get(top, 0) + 1
    kept = _restricted(s, keep)
    partial = {
        "statements": len(s.statements),
        "shown": len(kept.statements),
        "elsewhere": elsewhere,
        "command": below.get("command"),
        "link": below.get("link"),
    }
    return kept, cut, partial


def _role_error(role: str, u: str, v: str, expected: str) -> ArgmapError:
    return ArgmapError(f"a {role!r} edge must run {expected}, not to {v}", node=str(u))


def _kind(G: nx.MultiDiGraph, node: str) -> str:
    kind = str(G.nodes[node].get("kind") or "Statement")
    if kind not in KINDS:
        raise ArgmapError(
            f"unknown statement kind {kind!r}; use one of {', '.join(KINDS)}", node=str(node)
        )
    return kind


def _main_conclusions(G: nx.MultiDiGraph, statements: set[str]) -> list[str]:
    declared = list(G.graph.get("main_conclusions") or [])
    for node in declared:
        if node not in statements:
            raise ArgmapError(
                "main conclusion is not a statement of the map; list only statement "
                "ids of the graph in G.graph['main_conclusions']",
                node=str(node),
            )
    if declared:
        return list(dict.fromkeys(declared))
    return sorted(n for n in statements if G.nodes[n].get("main"))


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("#/"))[-1] or iri


def _semantics(statuses: Mapping[str, Mapping[Hashable, str]] | None, default: str) -> list[str]:
    present = list(statuses or {})
    offered = [s for s in SEMANTICS if s in present]
    offered += sorted(s for s in present if s not in SEMANTICS)
    if offered and default not in offered:
        raise ArgmapError(
            f"the page should open with semantics {default!r}, but the statuses given "
            f"are for {', '.join(offered)}; pass one of those as semantics"
        )
    return offered


# --- the layout ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    """A node's estimated extent around its position: width, and height above/below."""

    width: float
    up: float
    down: float


@dataclass
class _Layout:
    level: dict[str, int]
    parent: dict[str, str | None]
    x: dict[str, float]
    y: dict[str, float]
    boxes: dict[str, _Box]
    engine: str = "dot"
    depth: dict[str, int] = field(default_factory=dict)
    routes: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    actor_x: float = 0.0
    actor_y: dict[str, float] = field(default_factory=dict)


def _layout(s: _Structure, *, dot: bool = True) -> _Layout:
    """Levels and parents from the walk, positions from ``dot`` (else the fallback)."""
    level, parent, starts = _tree(s)
    boxes = {n: _node_box(s, n) for n in level}
    # an empty map (no statement) is laid out by the fallback, which places nothing
    program = dot_engine() if dot and 0 < len(level) <= DOT_LIMIT else None
    if program is not None:
        placed = _dot_positions(s, list(level), boxes, program)
        result = _Layout(level, parent, placed.x, placed.y, boxes, "dot", routes=placed.routes)
    else:
        # A node's children in the order they hang: reasons below, then those beside;
        # a child listed twice (both reason and objection) counts where it first appears.
        children = {
            n: list(dict.fromkeys(c for c in [*s.below[n], *s.beside[n]] if parent[c] == n))
            for n in level
        }
        index = _preorder(starts, children)
        x, y = _place(s, level, parent, index, boxes)
        result = _Layout(level, parent, x, y, boxes, "fallback")
    result.depth = _depths(s, level)
    _place_actors(s, result)
    return result


def _depths(s: _Structure, level: Mapping[str, int]) -> dict[str, int]:
    """How many steps below a top each node hangs: one per reason or objection; a
    junction is a step below its conclusion and its premises are on its step.

    The tops are the main conclusions, then whatever hangs under nothing, then (in a
    cycle) the first of what is left, by level.
    """
    depth: dict[str, int] = {}

    def walk(starts: Iterable[str]) -> None:
        queue = deque((n, 0) for n in starts if n not in depth)
        while queue:
            node, d = queue.popleft()
            if node in depth and depth[node] <= d:
                continue
            depth[node] = d
            for child in dict.fromkeys([*s.below[node], *s.beside[node]]):
                step = 0 if node in s.junction_set and child in s.premises[node] else 1
                if child not in depth or depth[child] > d + step:
                    (queue.appendleft if step == 0 else queue.append)((child, d + step))

    walk(s.main)
    # Then what hangs under nothing (an attacked attack's attackers hang under it,
    # though all stand on one level), then whatever a cycle left.
    hung = {c for n in level for c in [*s.below[n], *s.beside[n]]}
    order = sorted(level, key=lambda n: (level[n], n))
    for n in [*(n for n in order if n not in hung), *order]:
        if n not in depth:
            walk([n])
    return depth


def _hangs(s: _Structure, members: Sequence[str]) -> list[tuple[str, str, int]]:
    """Every (upper, lower, layers) among ``members``: a node over its reasons,
    objections and, for a junction, its premises, in the order they hang.

    (Reasons wrapped into rows a layer apart were tried: ``dot`` then routes the lower
    rows' edges past the upper rows, and the rows climb in a staircase twice as wide
    as it is useful. A wide level stays one row, its middle under its conclusion.)
    """
    inside = set(members)
    under = _under_main(s)
    out: list[tuple[str, str, int]] = []
    for n in members:
        for c in dict.fromkeys([*s.below[n], *s.beside[n]]):
            if c in inside:
                # What argues from the main conclusion's tree, say a recommendation
                # that follows from it, must not lift it off the top: no layer set.
                out.append((n, c, 0 if c in under and n not in under else 1))
    return out


def _under_main(s: _Structure) -> set[str]:
    """The main conclusions and everything that hangs under them."""
    return _hanging_from(s, s.main)


def _hanging_from(s: _Structure, starts: Sequence[str]) -> set[str]:
    """``starts`` and everything that hangs under them, at any depth."""
    seen = set(starts)
    stack = list(starts)
    while stack:
        for c in [*s.below[stack[-1]], *s.beside[stack.pop()]]:
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return seen


@dataclass
class _Placed:
    x: dict[str, float]
    y: dict[str, float]
    routes: dict[tuple[str, str], list[tuple[float, float]]]


def _dot_positions(
    s: _Structure, members: Sequence[str], boxes: Mapping[str, _Box], program: str
) -> _Placed:
    """Box centres and routes by ``dot``, the first main conclusion (else the first
    box) at x 0."""
    placed = layered(
        {n: (boxes[n].width, boxes[n].up + boxes[n].down) for n in members},
        _hangs(s, members),
        executable=program,
    )
    shift = _pack(s, members, boxes, placed)
    x: dict[str, float] = {}
    y: dict[str, float] = {}
    for n in members:
        dx, dy = shift[n]
        x[n], y[n] = _tidy(placed.at[n][0] + dx), _tidy(placed.at[n][1] + dy)
    routes = {
        (u, v): [(_tidy(px + shift[u][0]), _tidy(py + shift[u][1])) for px, py in r]
        for (u, v), r in placed.routes.items()
    }
    return _Placed(x, y, routes)


def _pack(
    s: _Structure, members: Sequence[str], boxes: Mapping[str, _Box], placed: Placement
) -> dict[str, tuple[float, float]]:
    """How far to move each node so that the map's separate pieces stand apart, stably.

    ``dot`` lays each connected piece out on its own; here the piece of the (first)
    main conclusion keeps it at (0, 0), and the other pieces follow in shelves of
    :data:`SHELF` px below it, in the order of their first node. A shelf's width is
    fixed, so a new statement moves only the nodes of its own piece (and, if that
    piece grows, the pieces after it).
    """
    parent = {n: n for n in members}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for u, v in placed.routes:
        parent[find(u)] = find(v)
    pieces: dict[str, list[str]] = {}
    for n in members:
        pieces.setdefault(find(n), []).append(n)
    main = next((m for m in s.main if m in parent), None)
    order = sorted(pieces.values(), key=lambda p: (main not in p, members.index(p[0])))

    def extent(piece: list[str]) -> tuple[float, float, float, float]:
        return (
            min(placed.at[n][0] - boxes[n].width / 2 for n in piece),
            min(placed.at[n][1] - boxes[n].up for n in piece),
            max(placed.at[n][0] + boxes[n].width / 2 for n in piece),
            max(placed.at[n][1] + boxes[n].down for n in piece),
        )

    shift: dict[str, tuple[float, float]] = {}
    first = order[0]
    anchor = main if main is not None else first[0]
    left, top, right, bottom = extent(first)
    ax, ay = placed.at[anchor]
    for n in first:
        shift[n] = (-ax, -ay)
    start = -SHELF / 2
    cursor_x, cursor_y, shelf_bottom = start, bottom - ay + RANK_GAP, 0.0
    for piece in order[1:]:
        left, top, right, bottom = extent(piece)
        width, height = right - left, bottom - top
        if cursor_x > start and cursor_x + width > start + SHELF:
            cursor_x, cursor_y = start, shelf_bottom + RANK_GAP
        for n in piece:
            shift[n] = (cursor_x - left, cursor_y - top)
        shelf_bottom = max(shelf_bottom, cursor_y + height)
        cursor_x += width + NODE_GAP
    return shift


def _views(s: _Structure, full: _Layout) -> list[dict[str, Any]]:
    """Layouts of the map cut below each of its first levels, for a folded first view.

    Only where ``dot`` laid out the whole map, and only for the levels that leave
    something out; each gives the centre of every node it keeps.
    """
    if full.engine != "dot" or not full.level:
        return []
    program = dot_engine()
    if program is None:
        return []
    deepest = max(full.depth.values())
    views: list[dict[str, Any]] = []
    for depth in range(1, min(VIEW_DEPTHS, deepest - 1) + 1):
        members = [n for n in full.level if full.depth[n] <= depth]
        if not members:  # nothing stands that high (a map whose statements all hang lower)
            continue
        views.append(
            {
                "depth": depth,
                "members": members,
                "placed": _dot_positions(s, members, full.boxes, program),
            }
        )
    return views


def _tree(s: _Structure) -> tuple[dict[str, int], dict[str, str | None], list[str]]:
    """Levels and parents by a breadth-first walk down the arguments, and its starts.

    Each level is closed under ``beside`` (same level) before the next one is opened
    from its ``below`` candidates: every node gets its least level, and its parent
    is the first node, in walk order, to reach it there.
    """
    level: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    started: list[str] = []

    def walk(starts: Iterable[str], base: int) -> None:
        frontier = [n for n in starts if n not in level]
        for n in frontier:
            level[n], parent[n] = base, None
            started.append(n)
        depth = base
        while frontier:
            members: list[str] = []
            queue = deque(frontier)
            while queue:
                node = queue.popleft()
                members.append(node)
                for child in s.beside[node]:
                    if child not in level:
                        level[child], parent[child] = depth, node
                        queue.append(child)
            frontier = []
            for node in members:
                for child in s.below[node]:
                    if child not in level:
                        level[child], parent[child] = depth + 1, node
                        frontier.append(child)
            depth += 1

    walk(s.main, 0)
    remaining = [n for n in s.statements if n not in level]
    while remaining:
        # Every edge out of an unplaced node leads to an unplaced node (else the walk
        # would have reached it): start from the tops of what is left.
        tops = [n for n in remaining if not s.upward[n]]
        # A cycle with no way out has no top: start from its smallest id.
        walk(tops or remaining[:1], max(level.values(), default=-1) + 1)
        remaining = [n for n in remaining if n not in level]
    return level, parent, started


def _preorder(starts: Sequence[str], children: Mapping[str, Sequence[str]]) -> dict[str, int]:
    index: dict[str, int] = {}
    for start in starts:
        stack = [start]
        while stack:
            node = stack.pop()
            index[node] = len(index)
            stack.extend(reversed(children[node]))
    return index


def _place(
    s: _Structure,
    level: Mapping[str, int],
    parent: Mapping[str, str | None],
    index: Mapping[str, int],
    boxes: Mapping[str, _Box],
) -> tuple[dict[str, float], dict[str, float]]:
    """Positions for :func:`positions`, level by level from the top."""
    order = sorted(level, key=index.__getitem__)
    # The node each one hangs under on its own level, up to the first that does not:
    # where that one is anchored, the whole group is.
    group: dict[str, str] = {}
    for n in order:
        p = parent[n]
        group[n] = group[p] if p is not None and level[p] == level[n] else n
    tiers: dict[int, list[str]] = {}
    junctions: dict[int, list[str]] = {}
    for n in order:
        (junctions if n in s.junction_set else tiers).setdefault(level[n], []).append(n)

    x: dict[str, float] = {}
    y: dict[str, float] = {}
    bottom: float | None = None  # the lower edge of the levels placed so far
    for tier in sorted({*tiers, *junctions}):
        members = tiers.get(tier, [])
        # A group hangs under its head's parent; only where a walk started has none.
        anchor: dict[str, float | None] = {}
        for n in members:
            above = parent[group[n]]
            anchor[group[n]] = None if above is None else x[above]
        members.sort(key=lambda n: (anchor[group[n]] is None, anchor[group[n]] or 0.0, index[n]))
        # Junctions go in the middle of the gap above their level (never level 0).
        gap_middle = (bottom if bottom is not None else 0.0) + _LEVEL_GAP / 2
        if members:
            width = max(boxes[n].width for n in members)
            pitch = width + _H_GAP
            per_row = max(1, int((_ROW_WIDTH - width) // pitch) + 1)
            rows = min(-(-len(members) // per_row), _MAX_ROWS)
            step = pitch / rows
            # An objection keeps a whole place right of what it attacks: in its row.
            gaps = [rows if (n, parent[n]) in s.objections else 1 for n in members]
            columns, row_of = _columns(
                [anchor[group[n]] for n in members],
                step,
                rows,
                gaps=gaps,
                centre=[group[n] == n for n in members],
            )
            up = max(boxes[n].up for n in members)
            down = max(boxes[n].down for n in members)
            first = 0.0 if bottom is None else bottom + _LEVEL_GAP + up
            row_pitch = up + down + _ROW_GAP
            for node, column, row in zip(members, columns, row_of, strict=True):
                x[node] = column * step
                y[node] = first + row * row_pitch
            bottom = first + max(row_of) * row_pitch + down
        elif junctions.get(tier):  # junctions whose premises all stand higher up
            bottom = gap_middle + max(boxes[j].down for j in junctions[tier])
        _place_junctions(s, junctions.get(tier, []), parent, boxes, gap_middle, x, y)
    return {n: _tidy(x[n]) for n in level}, {n: _tidy(y[n]) for n in level}


def _place_junctions(
    s: _Structure,
    members: Sequence[str],
    parent: Mapping[str, str | None],
    boxes: Mapping[str, _Box],
    at: float,
    x: dict[str, float],
    y: dict[str, float],
) -> None:
    """Junctions amid their premises, in the gap above their level, kept apart."""
    if not members:
        return
    wanted: list[tuple[float, str]] = []
    for j in members:
        own = [x[p] for p in s.premises[j] if parent.get(p) == j]
        placed = own or [x[p] for p in s.premises[j] if p in x]
        if placed:
            wanted.append((sum(sorted(placed)) / len(placed), j))
        else:  # its premises are all elsewhere: under the conclusion
            wanted.append((x.get(s.conclusion[j], 0.0), j))
    wanted.sort()
    pitch = max(boxes[j].width for _, j in wanted) + _H_GAP
    spread = _spread([w / pitch for w, _ in wanted])
    for (_, j), column in zip(wanted, spread, strict=True):
        x[j] = column * pitch
        y[j] = at


def _columns(
    anchors: Sequence[float | None],
    step: float,
    rows: int,
    *,
    gaps: Sequence[int] | None = None,
    centre: Sequence[bool] | None = None,
) -> tuple[list[float], list[int]]:
    """Columns (in units of ``step``) and rows for the statements of one level.

    Those with an anchor come first, and go as near it as their order and the gaps
    allow (``gaps[i]`` steps at least between statement ``i - 1`` and ``i``, one by
    default); the rest follow on the right or, if none has an anchor, the statements
    marked in ``centre`` are centred on 0. With several rows the columns are whole
    numbers and column ``k`` belongs to row ``k mod rows``: two statements in one
    row are then at least ``rows * step`` apart, and rows come from positions, not
    from counting, so a newcomer does not reshuffle the rows of statements it does
    not push.

    >>> _columns([0.0, 0.0, 0.0, None], 100.0, 1)
    ([-1.0, 0.0, 1.0, 2.0], [0, 0, 0, 0])
    >>> _columns([0.0, 0.0, 0.0], 50.0, 2)
    ([-1.0, 0.0, 1.0], [1, 0, 1])
    >>> _columns([0.0, 0.0, 0.0], 50.0, 2, gaps=[1, 2, 1])
    ([-2.0, 0.0, 1.0], [0, 0, 1])
    >>> _columns([None, None, None], 100.0, 1, centre=[True, False, True])
    ([-1.0, 0.0, 1.0], [0, 0, 0])
    """
    gaps = list(gaps) if gaps is not None else [1] * len(anchors)
    wanted = [a / step for a in anchors if a is not None]
    columns = _spread(wanted, gaps[: len(wanted)])
    for i in range(len(columns), len(anchors)):
        columns.append(columns[-1] + gaps[i] if columns else 0.0)
    if not wanted and columns:
        marked = [c for c, m in zip(columns, centre or [True] * len(columns), strict=True) if m]
        middle = (marked[0] + marked[-1]) / 2 if marked else 0.0
        columns = [c - middle for c in columns]
    if rows == 1:
        return columns, [0] * len(columns)
    grid: list[int] = []
    for c, gap in zip(columns, gaps, strict=True):
        # Columns a whole gap apart round apart; max() only guards against float error.
        k = math.floor(c + 0.5)
        grid.append(max(k, grid[-1] + gap) if grid else k)
    used = sorted({k % rows for k in grid})
    return [float(k) for k in grid], [used.index(k % rows) for k in grid]


def _spread(wanted: Sequence[float], gaps: Sequence[int] | None = None) -> list[float]:
    """The positions nearest ``wanted`` (least squares) that keep its order and gaps.

    ``gaps[i]`` is the least distance between positions ``i - 1`` and ``i`` (one by
    default). With ``z[i] = x[i] - offset[i]``, the offsets summing the gaps, the
    constraint is that ``z`` never decreases: isotonic regression, solved exactly by
    pooling adjacent violators.

    >>> _spread([0.0, 0.0, 0.0, 5.0])
    [-1.0, 0.0, 1.0, 5.0]
    >>> _spread([0.0, 0.0], [1, 3])
    [-1.5, 1.5]
    """
    offsets: list[float] = []
    total_gap = 0.0
    for i in range(len(wanted)):
        if i:
            total_gap += gaps[i] if gaps is not None else 1
        offsets.append(total_gap)
    blocks: list[tuple[float, int]] = []  # (sum of z, count), means increasing
    for w, offset in zip(wanted, offsets, strict=True):
        total, count = w - offset, 1
        while blocks and blocks[-1][0] * count > total * blocks[-1][1]:
            t, c = blocks.pop()
            total, count = total + t, count + c
        blocks.append((total, count))
    z = [total / count for total, count in blocks for _ in range(count)]
    return [v + offset for v, offset in zip(z, offsets, strict=True)]


def _place_actors(s: _Structure, layout: _Layout) -> None:
    """Actors in a column left of the map, by name, from its top down."""
    if not s.actors:
        return
    boxes = layout.boxes
    sizes = [_actor_box(name) for name in s.actors]
    width = max(b.width for b in sizes)
    left = min((layout.x[n] - boxes[n].width / 2 for n in layout.x), default=0.0)
    top = min((layout.y[n] - boxes[n].up for n in layout.x), default=0.0)
    layout.actor_x = _tidy(left - _ACTOR_GAP - width / 2)
    at = top
    for name, box in zip(s.actors, sizes, strict=True):
        layout.actor_y[name] = _tidy(at + box.up)
        at += box.up + box.down + _H_GAP


def _tidy(value: float) -> float:
    # One decimal is plenty on a canvas; + 0.0 turns -0.0 into 0.0.
    return round(value, 1) + 0.0


def _node_box(s: _Structure, node: str) -> _Box:
    """The box the page draws for a statement (a card) or a junction (a dot)."""
    if node in s.junction_set:
        half = GEOMETRY["junction"] / 2
        return _Box(GEOMETRY["junction"], half, half)
    width, height = card_size(_label(s.G, node), main=_is_main(s, node))
    return _Box(width, height / 2, height / 2)


def card_size(label: str, *, main: bool = False) -> tuple[float, float]:
    """The width and height of a statement's card with this label: see :data:`GEOMETRY`.

    >>> card_size("NATO opposes a no-fly zone")
    (220.0, 82.0)
    >>> card_size("NATO opposes a no-fly zone", main=True)
    (300.0, 92.0)
    """
    g = GEOMETRY
    width = float(g["mainCardWidth"] if main else g["cardWidth"])
    font, line = (g["mainFont"], g["mainLine"]) if main else (g["font"], g["line"])
    lines = _line_count(label, width - 2 * g["padding"], font) if label else 1
    return width, float(g["band"] + 2 * g["padding"] + lines * line)


def _actor_box(name: str) -> _Box:
    wide = min(NODE_WIDTH, text_width(name, _ACTOR_FONT_SIZE))
    lines = _line_count(name, NODE_WIDTH, _ACTOR_FONT_SIZE)
    return _Box(max(wide, 2 * _ACTOR_SIZE) + 24, _ACTOR_SIZE + 6, _ACTOR_SIZE + 10 + lines * 18)


def _line_count(label: str, width: float, font: float) -> int:
    """How many lines a label wraps onto at ``width``, breaking at spaces like vis.

    >>> _line_count("NATO opposes a no-fly zone", 150, 18)
    2
    """
    return len(wrap_label(label, width, font))


def wrap_label(label: str, width: float, font: float) -> list[str]:
    """A label's lines at ``width`` px and ``font`` px, broken at spaces as the page
    breaks them (a word wider than a line is broken where it fills one), by the glyph
    widths of DejaVu Sans, rounded up.

    >>> wrap_label("NATO opposes a no-fly zone", 150, 18)
    ['NATO opposes', 'a no-fly zone']
    """
    space = _GLYPH_EM[" "] * font
    lines: list[str] = []
    for paragraph in label.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            need = sum(_glyph_em(c) for c in word) * font
            if line and used + space + need <= width:
                line.append(word)
                used += space + need
                continue
            if line:
                lines.append(" ".join(line))
            # A word wider than a line is broken wherever it fills one.
            while need > width and len(word) > 1:
                cut, took = 0, 0.0
                while cut < len(word) - 1 and took + _glyph_em(word[cut]) * font <= width:
                    took += _glyph_em(word[cut]) * font
                    cut += 1
                cut = max(cut, 1)
                lines.append(word[:cut])
                word = word[cut:]
                need = sum(_glyph_em(c) for c in word) * font
            line, used = [word], need
        lines.append(" ".join(line))
    return lines


def text_width(text: str, font: float) -> float:
    """The width in px of ``text`` at ``font`` px, by :func:`wrap_label`'s glyph widths."""
    return sum(_glyph_em(c) for c in text) * font


def _glyph_em(char: str) -> float:
    if char in _GLYPH_EM:
        return _GLYPH_EM[char]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE_GLYPH_EM
    return _OTHER_GLYPH_EM


def _is_main(s: _Structure, node: str) -> bool:
    return node in s.main or bool(s.G.nodes[node].get("main", False))


def _label(G: nx.MultiDiGraph, node: str) -> str:
    data = G.nodes[node]
    text = str(data.get("text") or "")
    return str(data.get("label") or "") or text or _local_name(str(node))


# --- the page's nodes and edges -----------------------------------------------------


def _ids(s: _Structure) -> dict[_Key, str]:
    keys = [
        *(("node", n) for n in s.statements),
        *(("node", j) for j in s.junctions),
        *(("actor", a) for a in s.actors),
    ]
    return {key: f"n{number}" for number, key in enumerate(keys)}


@dataclass
class _View:
    """Builds the page's node and edge records from the structure and the results."""

    s: _Structure
    layout: _Layout
    ids: dict[_Key, str]
    semantics: Sequence[str]
    statuses: Mapping[str, Mapping[Hashable, str]]
    strength: Mapping[Hashable, float]
    large: bool
    cut: Mapping[str, int] = field(default_factory=dict)

    def _id(self, node: str) -> str:
        return self.ids["node", node]

    def _status(self, node: str) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for name in self.semantics:
            label = self.statuses[name].get(node)
            if label is not None and label not in _LABELS:
                raise ArgmapError(
                    f"unknown status {label!r} under {name} semantics; use in, out or undec",
                    node=str(node),
                )
            out[name] = label
        return out

    def _strength(self, node: str) -> float | None:
        value = self.strength.get(node)
        if value is None:
            return None
        number = float(value)
        if not math.isfinite(number):
            raise ArgmapError(f"strength {value!r} is not a finite number", node=str(node))
        return round(number, 4) + 0.0

    def _scheme(self, inference: str) -> dict[str, Any] | None:
        data = self.s.G.nodes[inference]
        scheme, label = data.get("scheme"), data.get("scheme_label")
        if scheme is None and label is None:
            return None
        return {
            "label": str(label) if label is not None else _local_name(str(scheme)),
            "questions": _texts(data.get("questions")),
        }

    def _placed(self, node: str) -> dict[str, Any]:
        level = self.layout.level[node]
        parent = self.layout.parent[node]
        box = self.layout.boxes[node]
        return {
            "level": level,
            "depth": self.layout.depth[node],
            "x": self.layout.x[node],
            "y": self.layout.y[node],
            "w": box.width,
            "h": _tidy(box.up + box.down),
            "parent": None if parent is None else self._id(parent),
            "hidden": self.large and level >= 2,
            "cut": self.cut.get(node, 0),
        }

    def statement(self, node: str) -> dict[str, Any]:
        data = self.s.G.nodes[node]
        return {
            "id": self._id(node),
            "iri": str(node),
            "type": "statement",
            "kind": _kind(self.s.G, node),
            "label": _label(self.s.G, node),
            "text": str(data.get("text") or ""),
            "implicit": bool(data.get("implicit", False)),
            "main": _is_main(self.s, node),
            **self._placed(node),
            "speakers": sorted(set(_texts(data.get("speakers")))),
            "mentions": sorted(set(_texts(data.get("mentions")))),
            "role": None,
            "quotes": _quotes(node, data.get("quotes"), data.get("spans")),
            "status": self._status(node),
            "strength": self._strength(node),
            "scheme": None,
            "inference": None,
        }

    def junction(self, inference: str) -> dict[str, Any]:
        """A junction: of an inference's linked premises (``kind`` None), or of a
        conflict's linked attackers or one that is attacked (``kind`` "attack")."""
        scheme = self._scheme(inference)
        return {
            "id": self._id(inference),
            "iri": str(inference),
            "type": "junction",
            "kind": "attack" if inference in self.s.attacks else None,
            "label": "" if scheme is None else scheme["label"],
            "text": "",
            "implicit": False,
            "main": False,
            **self._placed(inference),
            "speakers": [],
            "mentions": [],
            "role": None,
            "quotes": [],
            "status": self._status(inference),
            "strength": self._strength(inference),
            "scheme": scheme,
            "inference": str(inference),
        }

    def actor(self, name: str) -> dict[str, Any]:
        return {
            "id": self.ids["actor", name],
            "iri": None,
            "type": "actor",
            "kind": None,
            "label": name,
            "text": name,
            "implicit": False,
            "main": False,
            "level": None,
            "depth": None,
            "x": self.layout.actor_x,
            "y": self.layout.actor_y[name],
            "w": None,
            "h": None,
            "parent": None,
            "hidden": False,
            "cut": 0,
            "speakers": [],
            "mentions": [],
            "role": self.s.roles.get(name),
            "quotes": [],
            "status": {},
            "strength": None,
            "scheme": None,
            "inference": None,
        }

    def edge(self, edge: _Edge) -> dict[str, Any]:
        inference = edge.inference
        argued = inference is not None and edge.relation in ("support", "premise")
        return {
            "id": "",
            "from": self.ids[edge.source],
            "to": self.ids[edge.target],
            "relation": edge.relation,
            "inference": None if inference is None else str(inference),
            "scheme": self._scheme(inference) if argued and inference is not None else None,
            "status": self._status(inference) if argued and inference is not None else None,
        }


def _route(
    routes: Mapping[tuple[str, str], list[tuple[float, float]]], hang: tuple[str, str]
) -> list[float] | None:
    """An edge's route from its source (the lower end) to its target, flattened."""
    points = routes.get(hang)
    if points is None:
        return None
    return [c for point in reversed(points) for c in point]


def _quotes(node: str, quotes: Any, spans: Any) -> list[dict[str, Any]]:
    """Quotes with their offsets; the view lists those it has no offsets for first."""
    exact = _texts(quotes)
    offsets = [(int(a), int(b)) for a, b in (spans or ())]
    missing = len(exact) - len(offsets)
    if missing < 0:
        raise ArgmapError(
            f"{len(offsets)} spans for {len(exact)} quotes; give one span per quote "
            "that has offsets",
            node=str(node),
        )
    known: list[tuple[int, int] | None] = [None] * missing
    return [
        {"exact": q, "start": None if at is None else at[0], "end": None if at is None else at[1]}
        for q, at in zip(exact, [*known, *offsets], strict=True)
    ]
