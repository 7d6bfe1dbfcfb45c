"""AIF RDF: the AIF ontology's own RDF, as AIFdb and the AIF tools write it.

A node is a resource typed ``aif:I-node``, ``aif:RA-node``, ``aif:CA-node``,
``aif:MA-node``, ``aif:PA-node``, ``aif:L-node``, ``aif:YA-node`` or ``aif:TA-node``,
in either AIF namespace, ``http://www.arg.dundee.ac.uk/aif#`` (the ontology's, and
argmap's ``aif:`` prefix) or ``http://www.arg.tech/aif#`` (AIFdb's). An I-node's
text is its ``aif:claimText``, and so is a locution's. Edges are properties:

======================  =============================  ==============================
property                links                          AIF JSON edge
======================  =============================  ==============================
aif:Premise             RA (or MA) → premise           premise → RA
aif:Conclusion          RA (or MA) → conclusion        RA → conclusion
aif:Conflicting_Element CA → attacker                  attacker → CA
aif:Conflicted_Element  CA → what it attacks           CA → target
aif:Preferred_Element   PA → preferred                 preferred → PA
aif:Dispreferred_Element PA → dispreferred             PA → dispreferred
aif:Locution            YA → locution                  L → YA
aif:Anchor              YA → transition                TA → YA
aif:IllocutionaryContent YA → what it puts forward     YA → I (or S-node)
aif:StartLocution       locution → TA                  L → TA
aif:EndLocution         TA → locution                  TA → L
======================  =============================  ==============================

Sources for the names. ``aif:Premise``, ``aif:Conclusion`` and ``aif:claimText`` are
those of the AIF ontology and of every AIF RDF tool found (for example the
``argumentation.aif.AIF`` Jena vocabulary, which also has ``aif:StartLocution`` and
``aif:EndLocution``, and the ``urn:eleatics`` XSLT from AIF JSON to N-Triples, which
writes ``?ra aif:Premise ?i``). ``aif:Locution``, ``aif:IllocutionaryContent``,
``aif:Anchor``, ``aif:StartLocution`` and ``aif:EndLocution`` are those AIFdb's RDF
store answers to, as ArgQL's SPARQL translator (``gr.forth.ics.argql.translator.
sparql.Names``) and ARG-tech's ``arg.tech.hevy`` query generator use them.
``aif:Conflicting_Element``/``aif:Conflicted_Element`` are the ontology's (argmap.ttl
already aligns ``am:attacker``/``am:target`` with them); ``aif:Preferred_Element``
and ``aif:Dispreferred_Element`` follow their pattern.

AIFdb's store states ``aif:Premise`` from the premise (``?i aif:Premise ?ra``) and
uses ``aif:Premise``/``aif:Conclusion`` for CA-nodes too; the ontology's form, which
argmap writes, states it from the scheme node. The reader takes both: for each edge
property it knows which node type the property belongs to (an RA-node for
``aif:Premise``) and reads the edge from that node's side, whichever end of the
triple it is at.

Writing keeps each node's IRI from the argmap map (so an AIF RDF file and the map
it came from describe the same resources), and adds the few things AIF has no
term for, in argmap's own vocabulary: ``am:sourceId`` (the AIF nodeID),
``am:timestamp``, ``am:schemeName`` where a scheme node's scheme differs from its
text (``rdfs:label``), ``aif:fulfils`` with argmap's scheme, ``am:aifEdge`` for edges
that AIF does not allow, and speakers with ``prov:wasAttributedTo``. A reader that
knows only AIF ignores them; argmap reads them back, so AIF JSON → argmap → AIF RDF
→ argmap gives the same map. Without ``am:sourceId`` a node's id is the last part of
its IRI.

The format has no file extension (the registry matches only the last suffix, and
``.ttl``, ``.rdf`` belong to plain RDF): read with ``--from aif-rdf`` or
``format="aif-rdf"``. The RDF syntax is recognised from the bytes (RDF/XML,
JSON-LD, otherwise Turtle, which includes N-Triples); writing gives Turtle.

>>> from graph.formats import aif
>>> store = aif.loads('''{"nodes": [
...   {"nodeID": "1", "type": "I", "text": "Cities should ban cars."},
...   {"nodeID": "2", "type": "I", "text": "Cars pollute."},
...   {"nodeID": "3", "type": "RA", "text": "Default Inference"}],
...  "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"},
...            {"edgeID": "2", "fromID": "3", "toID": "1"}]}''')
>>> again = loads(dumps(store))
>>> sorted(n.type for n in aif.extract(again).nodes)
['I', 'I', 'RA']
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from graph.errors import InputError
from graph.formats import Format, ReadContext, register
from graph.formats.aif import (
    CANNOT_CARRY,
    NODE_TYPES,
    RANK,
    AifNode,
    Nodeset,
    build,
    default_base,
    extract,
    match_scheme,
)
from graph.store import RDF_SYNTAXES, MapStore, RdfSyntax, atomic_write, new_store, parse_into
from graph.vocab import AIF, AM, PROV, RDF, RDFS

__all__ = ["AIF_NAMESPACES", "ARG_TECH", "dump", "dumps", "load", "loads", "parse"]

#: AIFdb's namespace for the AIF terms (the ontology's is :data:`graph.vocab.AIF`).
ARG_TECH = Namespace("http://www.arg.tech/aif#")
AIF_NAMESPACES = (str(AIF), str(ARG_TECH))

#: Per edge property: the node types it belongs to, and whether the edge enters them.
_EDGES: dict[str, tuple[frozenset[str], bool]] = {
    "Premise": (frozenset({"RA", "MA", "CA", "PA"}), True),
    "Conclusion": (frozenset({"RA", "MA", "CA", "PA"}), False),
    "Conflicting_Element": (frozenset({"CA"}), True),
    "Conflicted_Element": (frozenset({"CA"}), False),
    "Preferred_Element": (frozenset({"PA"}), True),
    "Dispreferred_Element": (frozenset({"PA"}), False),
    "Locution": (frozenset({"YA"}), True),
    "Anchor": (frozenset({"YA"}), True),
    "IllocutionaryContent": (frozenset({"YA"}), False),
    "StartLocution": (frozenset({"TA"}), True),
    "EndLocution": (frozenset({"TA"}), False),
}
#: Spellings other AIF RDF writers use for the same properties.
_ALIASES = {
    "ConflictingElement": "Conflicting_Element",
    "Conflicting": "Conflicting_Element",
    "ConflictedElement": "Conflicted_Element",
    "Conflicted": "Conflicted_Element",
    "PreferredElement": "Preferred_Element",
    "Preferred": "Preferred_Element",
    "DispreferredElement": "Dispreferred_Element",
    "Dispreferred": "Dispreferred_Element",
    "anchor": "Anchor",
}

#: What argmap writes for an edge into (first) and out of (second) each scheme node.
_WRITE: dict[str, tuple[str, str]] = {
    "RA": ("Premise", "Conclusion"),
    "MA": ("Premise", "Conclusion"),
    "CA": ("Conflicting_Element", "Conflicted_Element"),
    "PA": ("Preferred_Element", "Dispreferred_Element"),
    "YA": ("Locution", "IllocutionaryContent"),
    "TA": ("StartLocution", "EndLocution"),
}


def _local(iri: str, namespaces: tuple[str, ...] = AIF_NAMESPACES) -> str | None:
    for ns in namespaces:
        if iri.startswith(ns):
            return iri[len(ns) :]
    return None


def _node_type(iri: str) -> str | None:
    local = _local(iri)
    if local is None or not local.endswith("-node"):
        return None
    kind = local[: -len("-node")]
    return kind if kind in NODE_TYPES else None


def _id_from_iri(iri: str) -> str:
    tail = iri
    for sep in ("#", "/", ":"):
        if sep in tail:
            tail = tail.rsplit(sep, 1)[1] or tail
    return tail.removeprefix("node-") or iri


def _syntax(data: bytes) -> RdfSyntax:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    name = "turtle"
    if head.startswith(b"<?xml") or b"<rdf:RDF" in head:
        name = "rdfxml"
    elif head[:1] in (b"{", b"["):
        name = "jsonld"
    return next(s for s in RDF_SYNTAXES if s.name == name)


def _term(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))


def parse(data: bytes | str, context: ReadContext | None = None) -> Nodeset:
    """Read AIF RDF into a checked nodeset.

    Raises:
        InputError: not RDF, no AIF nodes, or an edge to a node that is not typed
            as one (unless ``context.lenient``, which skips it and notes why).
    """
    ctx = context or ReadContext()
    raw = data.encode("utf-8") if isinstance(data, str) else data
    scratch = new_store()
    parse_into(scratch, raw, _syntax(raw), path=ctx.path, base=ctx.base)
    rdf_type = str(RDF.type)
    text_props = {str(a) + "claimText" for a in (AIF, ARG_TECH)}
    label = str(RDFS.label)
    types: dict[str, str] = {}
    texts: dict[str, str] = {}
    labels: dict[str, str] = {}
    extra: dict[str, dict[str, str]] = {"id": {}, "time": {}, "scheme": {}, "fulfils": {}}
    attributed: dict[str, str] = {}
    edge_triples: list[tuple[str, str, str]] = []
    simple = {
        str(AM.sourceId): "id",
        str(AM.timestamp): "time",
        str(AM.schemeName): "scheme",
    }
    fulfils = {str(a) + "fulfils" for a in (AIF, ARG_TECH)}
    for quad in scratch.oxigraph.quads_for_pattern(None, None, None, None):
        s, p, o = _term(quad.subject), quad.predicate.value, quad.object
        value = _term(o)
        if p == rdf_type:
            kind = _node_type(value)
            if kind is not None:
                if s in types and types[s] != kind:
                    _problem(ctx, s, f"is typed both {types[s]}-node and {kind}-node")
                types.setdefault(s, kind)
        elif p in text_props:
            texts.setdefault(s, value)
        elif p == label:
            labels.setdefault(s, value)
        elif p in simple:
            extra[simple[p]].setdefault(s, value)
        elif p in fulfils:
            extra["fulfils"].setdefault(s, value)
        elif p == str(PROV.wasAttributedTo):
            attributed.setdefault(s, value)
        elif p == str(AM.aifEdge):
            edge_triples.append((s, "aifEdge", value))
        else:
            local = _local(p)
            if local is not None:
                local = _ALIASES.get(local, local)
                if local in _EDGES:
                    edge_triples.append((s, local, value))
    if not types:
        raise InputError(
            "no AIF nodes: expected resources typed aif:I-node, aif:RA-node, ... "
            f"(in {AIF} or {ARG_TECH})",
            path=ctx.path,
        )
    nodeset = Nodeset()
    ids: dict[str, str] = {}
    used: set[str] = set()
    for iri in sorted(types):
        nid = extra["id"].get(iri) or _id_from_iri(iri)
        if nid in used:
            nid = iri
        ids[iri] = nid
        used.add(nid)
        kind = types[iri]
        text = texts.get(iri, labels.get(iri, ""))
        scheme = extra["scheme"].get(iri)
        if scheme is None and iri in extra["fulfils"] and kind == "RA":
            fulfilled = extra["fulfils"][iri]
            name = labels.get(fulfilled) or _id_from_iri(fulfilled)
            if match_scheme(name) not in (None, match_scheme(text)):
                scheme = name
        speaker = labels.get(attributed[iri]) if iri in attributed else None
        nodeset.nodes.append(
            AifNode(
                id=nid,
                type=kind,
                text=text,
                timestamp=extra["time"].get(iri),
                scheme=scheme if scheme and scheme != text else None,
                speaker=speaker if kind == "L" else None,
                iri=iri,
            )
        )
    seen: set[tuple[str, str]] = set()
    for subj, prop, obj in sorted(edge_triples):
        edge = _edge(subj, prop, obj, types)
        if edge is None:
            missing = subj if subj not in types else obj
            _problem(
                ctx,
                subj,
                f"has {prop} {obj}, but {missing} is not an AIF node: expected a resource "
                "typed aif:I-node, aif:RA-node, ...",
            )
            continue
        pair = (ids[edge[0]], ids[edge[1]])
        if pair not in seen:
            seen.add(pair)
            nodeset.edges.append(pair)
    return nodeset


def _edge(s: str, prop: str, o: str, types: dict[str, str]) -> tuple[str, str] | None:
    if s not in types or o not in types:
        return None
    if prop == "aifEdge":
        return s, o
    owners, into = _EDGES[prop]
    if types[s] in owners:
        hub, other = s, o
    elif types[o] in owners:  # stated from the other end, as AIFdb does for aif:Premise
        hub, other = o, s
    else:
        hub, other = s, o
    return (other, hub) if into else (hub, other)


def _problem(ctx: ReadContext, node: str, message: str) -> None:
    if ctx.lenient:
        ctx.skip(f"{node}: {message}")
        return
    raise InputError(message, path=ctx.path, node=f"<{node}>")


def loads(data: bytes | str, context: ReadContext | None = None) -> MapStore:
    """Read AIF RDF (Turtle, N-Triples, RDF/XML or JSON-LD) into a new map.

    Raises:
        InputError: malformed RDF, no AIF nodes, or an edge to a node that is not one.
    """
    ctx = context or ReadContext()
    nodeset = parse(data, ctx)
    title = Path(ctx.path).stem if ctx.path else None
    return build(nodeset, ctx, base=ctx.base or default_base(data), title=title)


def _aif_edge(from_type: str, to_type: str) -> tuple[URIRef, bool]:
    """The AIF property for an edge, and whether its subject is the edge's start."""
    rank_from, rank_to = RANK[from_type], RANK[to_type]
    if rank_from == rank_to == 0:
        return AM.aifEdge, True
    if rank_from >= rank_to:
        return AIF[_WRITE[from_type][1]], True
    name = _WRITE[to_type][0]
    if to_type == "YA" and from_type == "TA":
        name = "Anchor"
    # AIFdb states aif:StartLocution from the locution, the edge's start.
    return AIF[name], name == "StartLocution"


def dumps(store: MapStore) -> str:
    """Write a map as AIF RDF, in Turtle (see the module documentation)."""
    nodeset = extract(store)
    iri_of: dict[str, URIRef] = {}
    triples: list[tuple[Node, Node, Node]] = []
    add = triples.append
    type_of = {n.id: n.type for n in nodeset.nodes}
    actors: dict[str, URIRef] = {}
    for node in nodeset.nodes:
        assert node.iri is not None
        s = (
            URIRef(node.iri)
            if not node.iri.startswith("_:")
            else URIRef(f"urn:argmap:aif:{node.id}")
        )
        iri_of[node.id] = s
        add((s, RDF.type, AIF[f"{node.type}-node"]))
        add((s, AM.sourceId, Literal(node.id)))
        if node.type in ("I", "L"):
            add((s, AIF.claimText, Literal(node.text)))
        elif node.text:
            add((s, RDFS.label, Literal(node.text)))
        if node.scheme:
            add((s, AM.schemeName, Literal(node.scheme)))
            scheme = match_scheme(node.scheme) if node.type == "RA" else None
            if scheme is not None:
                add((s, AIF.fulfils, scheme))
        elif node.type == "RA" and (scheme := match_scheme(node.text)) is not None:
            add((s, AIF.fulfils, scheme))
        if node.timestamp:
            add((s, AM.timestamp, Literal(node.timestamp)))
        if node.speaker and node.type == "L":
            if node.speaker not in actors:
                # Beside the locution, as the AIF JSON reader names actors.
                base = str(s).split("#", 1)[0] if "#" in s else "urn:argmap:aif"
                actors[node.speaker] = URIRef(f"{base}#actor-{quote(node.speaker, safe='')}")
                add((actors[node.speaker], RDFS.label, Literal(node.speaker)))
            add((s, PROV.wasAttributedTo, actors[node.speaker]))
    for f, t in nodeset.edges:
        prop, forward = _aif_edge(type_of[f], type_of[t])
        add((iri_of[f], prop, iri_of[t]) if forward else (iri_of[t], prop, iri_of[f]))
    out = new_store()
    out.add_asserted(triples)
    return out.serialize("turtle").decode("utf-8")


def _read(data: bytes, context: ReadContext) -> MapStore:
    return loads(data, context)


def _write(store: MapStore) -> bytes:
    return dumps(store).encode("utf-8")


def load(path: str | Path, context: ReadContext | None = None) -> MapStore:
    """Read an AIF RDF file."""
    from graph import formats

    return formats.load(path, format="aif-rdf", context=context)


def dump(store: MapStore, path: str | Path) -> Path:
    """Write a map as AIF RDF (Turtle) to ``path`` (atomically)."""
    return atomic_write(path, _write(store))


FORMAT = register(
    Format(
        name="aif-rdf",
        extensions=(),
        media_type="text/turtle",
        description="AIF RDF (the AIF ontology's classes and properties; read as Turtle, "
        "N-Triples, RDF/XML or JSON-LD, written as Turtle)",
        reader=_read,
        writer=_write,
        cannot_carry=CANNOT_CARRY,
    )
)
