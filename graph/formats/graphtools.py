"""GraphML and Graphviz DOT: a map's statement view for yEd, Gephi, Cytoscape and Graphviz.

Both write the statement-level view (:func:`graph.view.statement_graph`) of a
derived map (as ``argmap convert`` and :func:`graph.pipeline.open_map` give it:
the view needs each statement's ``am:Statement`` type and both forms of each
relation), one node per statement and one edge per pair of statements, as
:func:`tool_graph` flattens it into plain attributes that every tool can show:

- nodes: ``label`` (the short title), ``text`` (the full statement), ``kind``
  (``Claim``, ``Evidence``...), ``implicit`` and ``main`` (booleans), ``speakers``
  (names joined by ``"; "``, empty when nobody is credited);
- edges: ``relation`` (``support``, ``attack`` or ``undercut``), ``linked`` (a
  premise that holds only together with others) and, on supports that name one,
  ``scheme`` (the scheme's label, or its prefixed IRI).

GraphML is written by networkx with named keys; DOT is written here, with every
id and value quoted and escaped (``\\``, ``"`` and line breaks; ``&`` in rendered
labels as ``&amp;``, since Graphviz reads entities there). Nodes and edges are
sorted, so the same map gives the same bytes. Both formats are write-only.

>>> from graph.derive import derive
>>> from graph.store import loads as rdf_loads
>>> store = rdf_loads('''@prefix am: <https://w3id.org/argmap#> .
...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...   <urn:a> a am:Claim ; rdfs:label 'Say "hi"' ; am:text "Hi." .''')
>>> _ = derive(store)  # as argmap convert does: the views need the derived types
>>> print(dumps(store, format="dot"), end="")  # doctest: +NORMALIZE_WHITESPACE
digraph "argmap" {
  node [shape="box", style="rounded"];
  "urn:a" [label="Say \\"hi\\"", tooltip="Hi.", kind="Claim", text="Hi.", implicit="false",
           main="false", speakers=""];
}
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from graph.formats import Format, register
from graph.store import MapStore, atomic_write

# networkx and the views are imported where they are used: registering the formats
# must not slow down every command.
if TYPE_CHECKING:
    import networkx as nx

__all__ = ["FORMAT_NAMES", "dump", "dumps", "tool_graph"]

#: The formats this module registers, with their file extensions.
FORMAT_NAMES = {"graphml": (".graphml",), "dot": (".dot", ".gv")}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")

_CANNOT_CARRY = (
    "inferences and conflicts as nodes (one edge per pair of statements: a support "
    "between two statements that also attack each other is dropped, and linked premises "
    "are only flagged), anchors and quotes, mentions, actors' roles, critical questions, "
    "reasoning results and anything not about statements; write-only"
)


def _xml_safe(value: str) -> str:
    # XML 1.0 cannot hold most control characters, even escaped.
    return _NOT_XML.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))


def tool_graph(store: MapStore) -> nx.DiGraph:
    """The statement view with flat, typed attributes, nodes and edges in sorted order.

    >>> from graph.pipeline import open_map
    >>> G = tool_graph(open_map(semantics=()))  # the NATO map, derived
    >>> G.nodes["https://w3id.org/argmap/map/nato-ukraine#nato-will-not-intervene"]["main"]
    True
    """
    import networkx as nx

    from graph.view import collect, statement_graph

    data = collect(store)
    view = statement_graph(store, data)
    G = nx.DiGraph()
    if view.graph.get("title"):
        G.graph["title"] = _xml_safe(str(view.graph["title"]))
    for node in sorted(view, key=str):
        attrs = view.nodes[node]
        G.add_node(
            node,
            label=_xml_safe(str(attrs["label"])),
            text=_xml_safe(str(attrs["text"])),
            kind=str(attrs["kind"]),
            implicit=bool(attrs["implicit"]),
            main=bool(attrs["main"]),
            speakers=_xml_safe("; ".join(attrs["speakers"])),
        )
    for u, v in sorted(view.edges, key=lambda e: (str(e[0]), str(e[1]))):
        attrs = view.edges[u, v]
        edge: dict[str, object] = {
            "relation": attrs["relation"],
            "linked": bool(attrs["linked"]),
        }
        inference = data.inferences.get(attrs["inference"] or "")
        if attrs["relation"] == "support" and inference is not None and inference.scheme:
            scheme = inference.scheme_label or store.compact(inference.scheme)
            edge["scheme"] = _xml_safe(scheme)
        G.add_edge(u, v, **edge)
    return G


# ---------------------------------------------------------------------------- GraphML


def _graphml(G: nx.DiGraph) -> str:
    # networkx's own writer (not the lxml one, whose output differs), with named keys.
    from networkx.readwrite.graphml import GraphMLWriter

    writer = GraphMLWriter(encoding="utf-8", prettyprint=True, named_key_ids=True)
    writer.add_graph_element(G)
    booleans = {
        key.get("id") for key in writer.xml.iter("key") if key.get("attr.type") == "boolean"
    }
    for data in writer.xml.iter("data"):
        if data.get("key") in booleans:
            data.text = data.text.lower()  # networkx writes Python's True and False
    buffer = io.BytesIO()
    writer.dump(buffer)
    return buffer.getvalue().decode("utf-8") + "\n"


# -------------------------------------------------------------------------------- DOT


def _dot_string(value: object, *, rendered: bool = False) -> str:
    r"""A DOT double-quoted string.

    ``\`` and ``"`` are escaped, line breaks become ``\n`` (a centred line break
    in a label) and other control characters spaces. In ``rendered`` attributes
    (labels, tooltips) ``&`` becomes ``&amp;``: Graphviz reads HTML entities there,
    so ``&lt;`` in a label would otherwise show as ``<``.

    >>> print(_dot_string('a "b" \\ c\nd & e', rendered=True))
    "a \"b\" \\ c\nd &amp; e"
    """
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if rendered:
        text = text.replace("&", "&amp;")
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return '"' + _CONTROL.sub(" ", text) + '"'


def _attributes(pairs: Iterable[tuple[str, object]]) -> str:
    rendered = ("label", "tooltip")
    return ", ".join(f"{k}={_dot_string(v, rendered=k in rendered)}" for k, v in pairs)


_EDGE_STYLE = {
    "support": (("color", "#2e7d32"),),
    "attack": (("color", "#c62828"),),
    "undercut": (("color", "#c62828"), ("style", "dashed"), ("arrowhead", "tee")),
}


def _dot(G: nx.DiGraph) -> str:
    lines = ["digraph " + _dot_string("argmap") + " {"]
    if "title" in G.graph:
        lines.append(f"  graph [{_attributes([('label', G.graph['title']), ('labelloc', 't')])}];")
    lines.append('  node [shape="box", style="rounded"];')
    for node, attrs in G.nodes(data=True):
        style: list[tuple[str, object]] = []
        if attrs["implicit"]:
            style.append(("style", "rounded,dashed"))
        if attrs["main"]:
            style.append(("penwidth", "2"))
        pairs = [
            ("label", attrs["label"]),
            ("tooltip", attrs["text"]),
            *style,
            *((k, attrs[k]) for k in ("kind", "text", "implicit", "main", "speakers")),
        ]
        lines.append(f"  {_dot_string(node)} [{_attributes(pairs)}];")
    for u, v, attrs in G.edges(data=True):
        pairs = [(k, attrs[k]) for k in ("relation", "scheme", "linked") if k in attrs]
        pairs += list(_EDGE_STYLE.get(str(attrs["relation"]), ()))
        lines.append(f"  {_dot_string(u)} -> {_dot_string(v)} [{_attributes(pairs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- the API


def dumps(store: MapStore, *, format: str = "graphml") -> str:
    """Write a map's statement view as ``graphml`` or ``dot`` text (see :func:`tool_graph`).

    Raises:
        ValueError: an unknown format name.
    """
    if format not in FORMAT_NAMES:
        raise ValueError(f"unknown graph format {format!r}: expected one of {list(FORMAT_NAMES)}")
    G = tool_graph(store)
    return _graphml(G) if format == "graphml" else _dot(G)


def _format_for(path: str | Path, format: str | None) -> str:
    if format is not None:
        return format
    suffix = Path(path).suffix.lower()
    for name, extensions in FORMAT_NAMES.items():
        if suffix in extensions:
            return name
    raise ValueError(
        f"{path}: unknown graph file type {suffix or '(no extension)'!r}: expected "
        + ", ".join(e for exts in FORMAT_NAMES.values() for e in exts)
        + ", or name the format"
    )


def dump(store: MapStore, path: str | Path, *, format: str | None = None) -> Path:
    """Write a map's statement view to a file; the format follows the extension unless named."""
    return atomic_write(path, dumps(store, format=_format_for(path, format)).encode("utf-8"))


def _write(name: str, store: MapStore) -> bytes:
    return dumps(store, format=name).encode("utf-8")


register(
    Format(
        name="graphml",
        extensions=FORMAT_NAMES["graphml"],
        media_type="application/graphml+xml",
        description="GraphML statement view (yEd, Gephi, Cytoscape)",
        writer=partial(_write, "graphml"),
        cannot_carry=_CANNOT_CARRY,
    )
)
register(
    Format(
        name="dot",
        extensions=FORMAT_NAMES["dot"],
        media_type="text/vnd.graphviz",
        description="Graphviz DOT statement view",
        writer=partial(_write, "dot"),
        cannot_carry=_CANNOT_CARRY,
    )
)
