"""Render the statement-level view as one self-contained, offline HTML page.

The page is drawn by vis-network through pyvis, but with argmap's own Jinja template
(``templates/map.html``): pyvis's stock template pulls bootstrap and vis from CDNs, and
a map must open from disk with no network. vis-network's JavaScript and CSS are
inlined from the copy that ships inside the pyvis package.

Everything shown in the page comes from a source document and is treated as data:
headings go through Jinja's autoescape; node and edge data are embedded as JSON in
``<script type="application/json">`` blocks with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page's script only ever inserts them with ``textContent``.

>>> import networkx as nx
>>> G = nx.DiGraph(title="Rain", main_conclusions=["c"])
>>> G.add_node("c", kind="Claim", label="Take an umbrella", text="Take an umbrella.")
>>> G.add_node("p", kind="Evidence", label="Forecast", text="The forecast says rain.")
>>> G.add_edge("p", "c", relation="support")
>>> levels(G)
{'c': 0, 'p': 1}
>>> "<h1>Rain</h1>" in render_html(G)
True
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import deque
from collections.abc import Iterable, Mapping
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
    roots = _main_conclusions(G)
    level: dict[str, int] = {}

    def walk(starts: Iterable[str], base: int) -> None:
        queue: deque[str] = deque()
        for start in starts:
            if start not in level:
                level[start] = base
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
    return dict(sorted(level.items()))


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
    level = levels(G)
    nodes = [_vis_node(G, n, level[n]) for n in sorted(G.nodes)]
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
    kind = str(data.get("kind") or "Statement")
    style = NODE_STYLES.get(kind)
    if style is None:
        raise ArgmapError(
            f"unknown statement kind {kind!r}; use one of {', '.join(sorted(NODE_STYLES))}",
            node=str(node),
        )
    implicit = bool(data.get("implicit", False))
    main = bool(data.get("main", False)) or node in (G.graph.get("main_conclusions") or ())
    text = str(data.get("text") or "")
    label = str(data.get("label") or "") or text or _local_name(str(node))
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
        "font": {"size": 17 if main else 14, "face": _FONT, "color": "#1A1A1A"},
        "size": 28 if main else 20,
        "widthConstraint": {"maximum": 220},
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
        "layout": {
            "hierarchical": {
                "enabled": True,
                "direction": "UD",
                "sortMethod": "directed",
                "shakeTowards": "roots",
                "levelSeparation": 140,
                "nodeSpacing": 240,
                "treeSpacing": 260,
                "blockShifting": True,
                "edgeMinimization": True,
                "parentCentralization": True,
            },
        },
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 200,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": False,
        },
        "nodes": {"margin": 10},
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
