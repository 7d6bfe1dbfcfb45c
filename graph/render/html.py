"""Render the statement-level view as one self-contained, offline HTML page.

The page is drawn by vis-network through pyvis, but with argmap's own Jinja template
(``templates/map.html``): pyvis's stock template pulls bootstrap and vis from CDNs, and
a map must open from disk with no network. vis-network's JavaScript and CSS are
inlined from the copy that ships inside the pyvis package.

Everything shown in the page comes from a source document and is treated as data:
headings go through Jinja's autoescape; node and edge data are embedded as JSON in
``<script type="application/json">`` blocks with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page's script only ever inserts them with ``textContent``.

The layout is computed here, not by vis-network: :func:`positions` gives every
statement its place, and the page asks vis only to draw, with its hierarchical layout
and its physics turned off. So the same graph always opens the same way, and a level
with many statements wraps into staggered rows instead of one row too long to read.

>>> import networkx as nx
>>> G = nx.DiGraph(title="Rain", main_conclusions=["c"])
>>> G.add_node("c", kind="Claim", label="Take an umbrella", text="Take an umbrella.")
>>> G.add_node("p", kind="Evidence", label="Forecast", text="The forecast says rain.")
>>> G.add_edge("p", "c", relation="support")
>>> levels(G)
{'c': 0, 'p': 1}
>>> positions(G)["p"][1] > positions(G)["c"][1]
True
>>> "<h1>Rain</h1>" in render_html(G)
True
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import unicodedata
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import ArgmapError

if TYPE_CHECKING:
    import networkx as nx
    from markupsafe import Markup

__all__ = [
    "EDGE_STYLES",
    "NODE_STYLES",
    "EdgeStyle",
    "NodeStyle",
    "levels",
    "positions",
    "render_html",
    "write_html",
]

DEFAULT_TITLE = "Argument map"


@dataclass(frozen=True)
class NodeStyle:
    """How one kind of statement is drawn: a vis shape, an Okabe-Ito colour, a name."""

    shape: str
    border: str
    fill: str
    legend: str


@dataclass(frozen=True)
class EdgeStyle:
    """How one relation is drawn: colour, dashes, and a mark mid-edge for attacks."""

    color: str
    dashes: bool
    middle_bar: bool
    legend: str


# Okabe-Ito colours, each paired with its own shape so that nothing relies on colour.
# Shapes whose label vis draws inside (box, database, ellipse) get a pale fill so the
# text stays readable; the others carry the label below and take the full colour.
NODE_STYLES: Mapping[str, NodeStyle] = {
    "Claim": NodeStyle("box", "#0072B2", "#D1E5F3", "Claim (box)"),
    "Evidence": NodeStyle("database", "#009E73", "#CCECE3", "Evidence (cylinder)"),
    "Proposal": NodeStyle("hexagon", "#8C7E00", "#F0E442", "Proposal (hexagon)"),
    "Prediction": NodeStyle("diamond", "#B07800", "#E69F00", "Prediction (diamond)"),
    "Recommendation": NodeStyle("star", "#9E4A7E", "#CC79A7", "Recommendation (star)"),
    "Statement": NodeStyle("ellipse", "#555555", "#EEEEEE", "Statement (ellipse)"),
}

EDGE_STYLES: Mapping[str, EdgeStyle] = {
    "support": EdgeStyle("#009E73", False, False, "supports (solid)"),
    "attack": EdgeStyle("#D55E00", False, True, "attacks (crossbar)"),
    "undercut": EdgeStyle("#CC79A7", True, True, "undercuts the inference (dashed)"),
}

_IMPLICIT_DASHES = [6, 4]
_UNDERCUT_DASHES = [8, 5]
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

# Inside <script>, only these can end the element or confuse the HTML tokenizer; as
# JSON string escapes they are inert and still parse back to the same text.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")

#: Every label wraps at this width (vis ``widthConstraint``), so nodes side by side
#: are as wide as each other. In canvas pixels at scale 1, like all sizes below.
NODE_WIDTH = 170
# vis draws a cylinder as tall as it is wide: a narrower label keeps it from towering.
_CYLINDER_LABEL_WIDTH = 140
# A main conclusion has a row of its own and a larger font: room for fewer lines.
_MAIN_LABEL_WIDTH = 240
_FONT_SIZE = 18
_MAIN_FONT_SIZE = 22
_SHAPE_SIZE = 20
_MAIN_SHAPE_SIZE = 28
_MARGIN = 10

# Added around every estimated box, for borders and the main conclusion's shadow;
# sideways more, as vis lets a word longer than a line run up to ~11 px wide.
_SLACK_X = 12.0
_SLACK_Y = 6.0
# The gaps the layout keeps between those boxes: between neighbours in a row (with
# the slack, about 32 px between drawn boxes), between the staggered rows of one
# level, and between levels (wider, so that the edges have room to bend).
_H_GAP = 8.0
_ROW_GAP = 36.0
_LEVEL_GAP = 96.0
# A level with more statements than fit side by side in this width wraps into rows.
_ROW_WIDTH = 1500.0
# The initial view: fit the whole map, unless its labels would then be drawn smaller
# than 14 px (18 px at scale 0.78); start at that scale, on the main conclusion, then.
_MIN_START_SCALE = 0.78
_MAX_START_SCALE = 1.0

# Reasons under a conclusion, left to right: supports, then attacks, then undercuts.
_RELATION_ORDER = {"support": 0, "attack": 1, "undercut": 2}

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


def levels(G: nx.DiGraph) -> dict[str, int]:
    """Place every statement on a level: main conclusions 0, their reasons below.

    A breadth-first search walks the edges backwards from the main conclusions
    (``G.graph["main_conclusions"]``, else the nodes marked ``main``): a premise or an
    objection sits one level below what it supports or attacks. Statements that do not
    lead to a main conclusion are laid out the same way from their own sinks, on levels
    after the deepest one used so far.

    Args:
        G: the statement-level view; edges point from a reason to its target.

    Returns:
        The level of every node, keyed by node id, in sorted order.

    Raises:
        ArgmapError: a main conclusion that is not a node of ``G``.

    >>> import networkx as nx
    >>> G = nx.DiGraph(main_conclusions=["c"])
    >>> G.add_edge("p", "c", relation="support")
    >>> G.add_edge("q", "p", relation="attack")
    >>> G.add_edge("x", "y", relation="support")
    >>> levels(G)
    {'c': 0, 'p': 1, 'q': 2, 'x': 4, 'y': 3}
    """
    return dict(sorted(_levels_and_starts(G)[0].items()))


def positions(G: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Place every statement on the canvas: ``(x, y)`` of its centre, y pointing down.

    Each level of :func:`levels` is a horizontal band, the main conclusion on top at
    ``x == 0``. A depth-first walk from the main conclusions (a statement's reasons
    in turn: supports, then attacks, then undercuts, each by id) orders every level
    and gives each statement one parent, one level up; a statement is placed under
    its parent, siblings side by side, and where groups collide they are pushed apart
    as little as possible (least squares, keeping the order). A level with more
    statements than fit side by side in 1500 px (six of the usual width) wraps into
    staggered rows: the statements sit on a finer grid and each grid column belongs
    to one row, so the level is narrower and its band taller. The positions depend
    only on the graph, never on chance: a new statement moves only the statements it
    crowds on its own level and what hangs below them, unless it makes its level wrap
    into more rows.

    Args:
        G: the statement-level view; edges point from a reason to its target.

    Returns:
        The position of every node, keyed by node id, in sorted order.

    Raises:
        ArgmapError: an unknown statement kind, or a main conclusion that is not in
            the graph.

    >>> import networkx as nx
    >>> G = nx.DiGraph(main_conclusions=["c"])
    >>> G.add_edge("p", "c", relation="support")
    >>> G.add_edge("q", "c", relation="attack")
    >>> at = positions(G)
    >>> at["c"][0], at["p"][0] < at["c"][0] < at["q"][0], at["p"][1] > at["c"][1]
    (0.0, True, True)
    """
    level, starts = _levels_and_starts(G)
    return dict(sorted(_layout(G, level, starts).items()))


def render_html(G: nx.DiGraph, *, title: str | None = None) -> str:
    """Render the view as a self-contained interactive HTML page; no I/O, no network.

    Args:
        G: the statement-level view (see the module docs for its attributes).
        title: the page heading; defaults to ``G.graph["title"]``.

    Returns:
        The page. The same graph always gives the same string.

    Raises:
        ArgmapError: an unknown statement kind or relation, or a main conclusion
            that is not in the graph.

    >>> import networkx as nx
    >>> G = nx.DiGraph(title="Rain", main_conclusions=["c"])
    >>> G.add_node("c", kind="Claim", label="Umbrella", text="<b>Take one</b>")
    >>> page = render_html(G, title="Q & A")
    >>> "<h1>Q &amp; A</h1>" in page, "<b>Take one" in page
    (True, False)
    """
    if not G.is_directed():
        raise ArgmapError(
            "the view must be a directed graph (networkx.DiGraph), edges pointing "
            "from a reason to what it supports or attacks"
        )
    level, starts = _levels_and_starts(G)
    nodes = [_vis_node(G, n, level[n]) for n in sorted(G.nodes)]
    at = _layout(G, level, starts)
    for node, vis_node in zip(sorted(G.nodes), nodes, strict=True):
        vis_node["x"], vis_node["y"] = at[node]
    edges = [
        _vis_edge(u, v, data, i)
        for i, (u, v, data) in enumerate(
            sorted(G.edges(data=True), key=lambda e: (e[0], e[1], str(e[2].get("relation"))))
        )
    ]
    heading = title if title is not None else str(G.graph.get("title") or DEFAULT_TITLE)
    source_title = G.graph.get("source_title")
    return _render_page(
        nodes,
        edges,
        heading=heading,
        source_title=None if source_title is None else str(source_title),
    )


def write_html(G: nx.DiGraph, path: str | os.PathLike[str], *, title: str | None = None) -> Path:
    """Render the view and write it to ``path`` atomically.

    The page is rendered first, then written to a temporary file in the same
    directory and moved over ``path``: a failure leaves no partial file, and an
    existing file at ``path`` stays as it was.

    Args:
        G: the statement-level view.
        path: where to write the page.
        title: the page heading; defaults to ``G.graph["title"]``.

    Returns:
        The path written.

    Raises:
        ArgmapError: as :func:`render_html`.
        OSError: the directory does not exist or cannot be written.

    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.DiGraph(title="Rain", main_conclusions=["c"])
    >>> G.add_node("c", kind="Claim", label="Umbrella", text="Take one.")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     out = write_html(G, pathlib.Path(d) / "map.html")
    ...     out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    target = Path(path)
    data = render_html(G, title=title).encode("utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates the file private (0600); a map is meant to be shared.
        tmp.chmod(0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _levels_and_starts(G: nx.DiGraph) -> tuple[dict[str, int], list[str]]:
    """The levels, and the statements each breadth-first walk started from, in order."""
    roots = _main_conclusions(G)
    level: dict[str, int] = {}
    started: list[str] = []

    def walk(starts: Iterable[str], base: int) -> None:
        queue: deque[str] = deque()
        for start in starts:
            if start not in level:
                level[start] = base
                started.append(start)
                queue.append(start)
        while queue:
            target = queue.popleft()
            for reason in sorted(G.predecessors(target)):
                if reason not in level:
                    level[reason] = level[target] + 1
                    queue.append(reason)

    walk(roots, 0)
    remaining = sorted(n for n in G.nodes if n not in level)
    while remaining:
        rest = set(remaining)
        sinks = [n for n in remaining if not any(s in rest for s in G.successors(n))]
        # A cycle with no way out has no sink: start from its smallest id.
        walk(sinks or remaining[:1], max(level.values(), default=-1) + 1)
        remaining = [n for n in remaining if n not in level]
    return level, started


@dataclass(frozen=True)
class _Box:
    """A node's estimated extent around its position: width, and height above/below."""

    width: float
    up: float
    down: float


def _forest(
    G: nx.DiGraph, level: Mapping[str, int], starts: Sequence[str]
) -> tuple[dict[str, int], dict[str, str | None]]:
    """Preorder index and parent of every node, by a depth-first walk from ``starts``.

    A node's children are its reasons one level down, supports first, then by id; so
    each node is visited from exactly one parent, its first in the walk.
    """

    def reasons(node: str) -> list[str]:
        found = [r for r in G.predecessors(node) if level[r] == level[node] + 1]
        return sorted(found, key=lambda r: (_relation_rank(G, r, node), r))

    index: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    # Every node is reached from the starts; the sorted rest is only a safety net.
    for start in [*starts, *sorted(G.nodes)]:
        if start in index:
            continue
        index[start] = len(index)
        parent[start] = None
        stack = [(start, iter(reasons(start)))]
        while stack:
            node, todo = stack[-1]
            child = next((c for c in todo if c not in index), None)
            if child is None:
                stack.pop()
                continue
            index[child] = len(index)
            parent[child] = node
            stack.append((child, iter(reasons(child))))
    return index, parent


def _relation_rank(G: nx.DiGraph, reason: str, target: str) -> int:
    relation = str(G.edges[reason, target].get("relation"))
    return _RELATION_ORDER.get(relation, len(_RELATION_ORDER))


def _layout(
    G: nx.DiGraph, level: Mapping[str, int], starts: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Positions for :func:`positions`, level by level from the top."""
    index, parent = _forest(G, level, starts)
    boxes = {n: _node_box(G, n) for n in G.nodes}
    tiers: dict[int, list[str]] = {}
    for node in sorted(G.nodes, key=index.__getitem__):
        tiers.setdefault(level[node], []).append(node)

    x: dict[str, float] = {}
    y: dict[str, float] = {}
    bottom: float | None = None  # the lower edge of the levels placed so far
    for tier in sorted(tiers):
        members = tiers[tier]
        anchor = {n: _anchor(G, n, parent[n], x) for n in members}
        # Under their parents, left to right as those stand; siblings in walk order.
        members.sort(key=lambda n: (anchor[n] is None, anchor[n] or 0.0, index[n]))
        width = max(boxes[n].width for n in members)
        pitch = width + _H_GAP
        per_row = max(1, int((_ROW_WIDTH - width) // pitch) + 1)
        rows = -(-len(members) // per_row)
        step = pitch / rows
        columns, row_of = _columns([anchor[n] for n in members], step, rows)
        up = max(boxes[n].up for n in members)
        down = max(boxes[n].down for n in members)
        first = 0.0 if bottom is None else bottom + _LEVEL_GAP + up
        row_pitch = up + down + _ROW_GAP
        for node, column, row in zip(members, columns, row_of, strict=True):
            x[node] = column * step
            y[node] = first + row * row_pitch
        bottom = first + max(row_of) * row_pitch + down
    return {n: (_tidy(x[n]), _tidy(y[n])) for n in G.nodes}


def _columns(
    anchors: Sequence[float | None], step: float, rows: int
) -> tuple[list[float], list[int]]:
    """Columns (in units of ``step``) and rows for the statements of one level.

    Those with an anchor come first, and go as near it as their order and one step
    between neighbours allow; the rest follow on the right, or are centred on 0 if
    none has an anchor. With several rows the columns are whole numbers and column
    ``k`` belongs to row ``k mod rows``: two statements in one row are then at least
    ``rows * step`` apart, and rows come from positions, not from counting, so a
    newcomer does not reshuffle the rows of statements it does not push.

    >>> _columns([0.0, 0.0, 0.0, None], 100.0, 1)
    ([-1.0, 0.0, 1.0, 2.0], [0, 0, 0, 0])
    >>> _columns([0.0, 0.0, 0.0], 50.0, 2)
    ([-1.0, 0.0, 1.0], [1, 0, 1])
    """
    wanted = [a / step for a in anchors if a is not None]
    columns = _spread(wanted)
    while len(columns) < len(anchors):
        columns.append(columns[-1] + 1 if columns else 0.0)
    if not wanted:
        columns = [c - (len(columns) - 1) / 2 for c in columns]
    if rows == 1:
        return columns, [0] * len(columns)
    grid: list[int] = []
    for c in columns:
        # Columns a whole step apart round apart; max() only guards against float error.
        k = math.floor(c + 0.5)
        grid.append(max(k, grid[-1] + 1) if grid else k)
    used = sorted({k % rows for k in grid})
    return [float(k) for k in grid], [used.index(k % rows) for k in grid]


def _anchor(G: nx.DiGraph, node: str, parent: str | None, x: Mapping[str, float]) -> float | None:
    """Where a node wants to be: under its parent, else amid its placed neighbours."""
    if parent is not None:
        return x[parent]
    near = sorted(x[m] for m in {*G.predecessors(node), *G.successors(node)} if m in x)
    return sum(near) / len(near) if near else None


def _spread(wanted: Sequence[float]) -> list[float]:
    """The positions nearest ``wanted`` (least squares) that keep its order, 1 apart.

    With ``z[i] = x[i] - i`` the constraint is that ``z`` never decreases: isotonic
    regression, solved exactly by pooling adjacent violators.

    >>> _spread([0.0, 0.0, 0.0, 5.0])
    [-1.0, 0.0, 1.0, 5.0]
    """
    blocks: list[tuple[float, int]] = []  # (sum of z, count), means increasing
    for i, w in enumerate(wanted):
        total, count = w - i, 1
        while blocks and blocks[-1][0] * count > total * blocks[-1][1]:
            t, c = blocks.pop()
            total, count = total + t, count + c
        blocks.append((total, count))
    z = [total / count for total, count in blocks for _ in range(count)]
    return [v + i for i, v in enumerate(z)]


def _tidy(value: float) -> float:
    # One decimal is plenty on a canvas; + 0.0 turns -0.0 into 0.0.
    return round(value, 1) + 0.0


def _node_box(G: nx.DiGraph, node: str) -> _Box:
    """Estimate the box vis will draw for a node, from its shape and wrapped label."""
    shape = _style(G, node).shape
    main = _is_main(G, node)
    font = _MAIN_FONT_SIZE if main else _FONT_SIZE
    wrap = _label_width(shape, main)
    # vis breaks lines inside the margins, and sizes each shape around the text like
    # this (vis-network 9, measured).
    text = font * _line_count(_label(G, node), wrap - 2 * _MARGIN, font)
    if shape == "box":
        width, up, down = wrap + 32, (text + 32) / 2, (text + 32) / 2
    elif shape == "database":
        # A square cylinder; a long label runs out of it.
        side = max(wrap + 2 * _MARGIN, text + 32)
        width, up, down = wrap + 2 * _MARGIN, side / 2, side / 2
    elif shape == "ellipse":
        width, up, down = wrap + text, text, text
    else:  # the label hangs below the shape
        size = _MAIN_SHAPE_SIZE if main else _SHAPE_SIZE
        width, up, down = max(wrap, 2 * size), size, size + 4 + text
    return _Box(width + 2 * _SLACK_X, up + _SLACK_Y, down + _SLACK_Y)


def _label_width(shape: str, main: bool) -> int:
    if shape == "database":
        return _CYLINDER_LABEL_WIDTH
    return _MAIN_LABEL_WIDTH if main else NODE_WIDTH


def _line_count(label: str, width: float, font: float) -> int:
    """How many lines a label wraps onto at ``width``, breaking at spaces like vis.

    >>> _line_count("NATO opposes a no-fly zone", 150, 18)
    2
    """
    space = _GLYPH_EM[" "] * font
    lines = 0
    for paragraph in label.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            need = sum(_glyph_em(c) for c in word) * font
            if used and used + space + need <= width:
                used += space + need
                continue
            if used:
                lines += 1
            # A word wider than a line is broken wherever it fills one.
            while need > width:
                lines += 1
                need -= width
            used = need
    return lines


def _glyph_em(char: str) -> float:
    if char in _GLYPH_EM:
        return _GLYPH_EM[char]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE_GLYPH_EM
    return _OTHER_GLYPH_EM


def _style(G: nx.DiGraph, node: str) -> NodeStyle:
    kind = str(G.nodes[node].get("kind") or "Statement")
    style = NODE_STYLES.get(kind)
    if style is None:
        raise ArgmapError(
            f"unknown statement kind {kind!r}; use one of {', '.join(sorted(NODE_STYLES))}",
            node=str(node),
        )
    return style


def _is_main(G: nx.DiGraph, node: str) -> bool:
    main = G.nodes[node].get("main", False)
    return bool(main) or node in (G.graph.get("main_conclusions") or ())


def _label(G: nx.DiGraph, node: str) -> str:
    data = G.nodes[node]
    text = str(data.get("text") or "")
    return str(data.get("label") or "") or text or _local_name(str(node))


def _main_conclusions(G: nx.DiGraph) -> list[str]:
    declared = list(G.graph.get("main_conclusions") or [])
    for node in declared:
        if node not in G:
            raise ArgmapError(
                "main conclusion is not a statement of the map; list only node ids "
                "of the view in G.graph['main_conclusions']",
                node=str(node),
            )
    if declared:
        return list(dict.fromkeys(declared))
    return sorted(n for n, main in G.nodes(data="main") if main)


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _local_name(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("#/"))[-1] or iri


def _vis_node(G: nx.DiGraph, node: str, level: int) -> dict[str, Any]:
    data = G.nodes[node]
    style = _style(G, node)
    kind = str(data.get("kind") or "Statement")
    implicit = bool(data.get("implicit", False))
    main = _is_main(G, node)
    text = str(data.get("text") or "")
    label = _label(G, node)
    return {
        "id": str(node),
        "label": label,
        "level": level,
        "shape": style.shape,
        "color": {
            "border": style.border,
            "background": "#FFFFFF" if implicit else style.fill,
            "highlight": {"border": "#000000", "background": style.fill},
            "hover": {"border": "#000000", "background": style.fill},
        },
        "borderWidth": 4 if main else 1.5,
        "borderWidthSelected": 5 if main else 3,
        "shadow": main,
        "shapeProperties": {"borderDashes": _IMPLICIT_DASHES if implicit else False},
        "font": {
            "size": _MAIN_FONT_SIZE if main else _FONT_SIZE,
            "face": _FONT,
            "color": "#1A1A1A",
        },
        "size": _MAIN_SHAPE_SIZE if main else _SHAPE_SIZE,
        "widthConstraint": {
            "minimum": _label_width(style.shape, main),
            "maximum": _label_width(style.shape, main),
        },
        "argmap": {
            "iri": str(node),
            "kind": kind,
            "label": label,
            "text": text,
            "implicit": implicit,
            "main": main,
            "level": level,
            "speakers": _texts(data.get("speakers")),
            "mentions": _texts(data.get("mentions")),
            "quotes": _texts(data.get("quotes")),
        },
    }


def _vis_edge(u: str, v: str, data: Mapping[str, Any], index: int) -> dict[str, Any]:
    relation = data.get("relation")
    style = EDGE_STYLES.get(str(relation))
    if style is None:
        raise ArgmapError(
            f"unknown relation {relation!r} on the edge to {v}; "
            f"use one of {', '.join(sorted(EDGE_STYLES))}",
            node=str(u),
        )
    arrows: dict[str, Any] = {"to": {"enabled": True, "type": "arrow", "scaleFactor": 0.9}}
    if style.middle_bar:
        arrows["middle"] = {"enabled": True, "type": "bar", "scaleFactor": 0.9}
    inference, scheme = data.get("inference"), data.get("scheme")
    return {
        "id": f"e{index}",
        "from": str(u),
        "to": str(v),
        "color": {"color": style.color, "highlight": style.color, "hover": style.color},
        "dashes": _UNDERCUT_DASHES if style.dashes else False,
        "width": 2.5 if relation == "undercut" else 2,
        "arrows": arrows,
        "argmap": {
            "relation": str(relation),
            "inference": None if inference is None else str(inference),
            "scheme": None if scheme is None else str(scheme),
            "linked": bool(data.get("linked", False)),
        },
    }


def _options() -> dict[str, Any]:
    return {
        # Every node comes with its x and y (see positions): vis only draws.
        "layout": {"hierarchical": {"enabled": False}, "improvedLayout": False},
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 200,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {"margin": _MARGIN},
        "edges": {
            "smooth": {"type": "cubicBezier", "forceDirection": "vertical", "roundness": 0.4},
            "selectionWidth": 1.5,
        },
    }


def _script_safe(json_text: str) -> Markup:
    """Make JSON text safe to place verbatim inside an HTML ``<script>`` element."""
    from markupsafe import Markup

    return Markup(_SCRIPT_ESCAPE_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], json_text))


def _script_json(value: Any) -> Markup:
    return _script_safe(
        json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
        )
    )


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str, str]:
    """Find the newest vis-network inside the installed pyvis: (version, js, css)."""
    lib = resources.files("pyvis") / "lib"
    found: list[tuple[tuple[int, ...], str]] = []
    if lib.is_dir():
        for entry in lib.iterdir():
            version = entry.name.removeprefix("vis-")
            if entry.name.startswith("vis-") and (entry / "vis-network.min.js").is_file():
                found.append((tuple(int(p) for p in re.findall(r"\d+", version)), entry.name))
    if not found:
        raise ArgmapError(
            "the installed pyvis ships no vis-network under pyvis/lib; "
            "reinstall it with `pip install --force-reinstall 'pyvis>=0.3.2'`"
        )
    name = max(found)[1]
    js = (lib / name / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / name / "vis-network.css").read_text(encoding="utf-8")
    # Inline code must not end its own element: `</script` can only occur inside JS
    # string literals, where `<\/` means the same; likewise `</style` in CSS strings.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return name.removeprefix("vis-"), js, css


def _render_page(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    *,
    heading: str,
    source_title: str | None,
) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup
    from pyvis.network import Network

    vis_version, vis_js, vis_css = _vis_assets()
    env = Environment(
        loader=PackageLoader("graph.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = _script_json
    env.filters["script_safe"] = _script_safe
    env.globals.update(
        source_title=source_title,
        vis_version=vis_version,
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        node_styles=NODE_STYLES,
        edge_styles=EDGE_STYLES,
        view={"minScale": _MIN_START_SCALE, "maxScale": _MAX_START_SCALE, "margin": 24},
    )

    net = Network(directed=True, heading=heading, height="100%", width="100%")
    # Set the data in bulk: Network.add_node scans a list per call, quadratic in nodes.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = _options()
    # Our own template and environment: pyvis fills in heading, nodes, edges, options.
    net.templateEnv = env
    net.path = "map.html"
    page: str = net.generate_html()
    return page
