"""arggraph XML: the argumentation graphs of the arg-microtexts corpus (read only).

An ``<arggraph>`` (``arggraph.dtd``, Peldszus and Stede 2013) segments a short text
into EDUs (``<edu>``, elementary discourse units, the text being their
concatenation), groups them into ADUs (``<adu type="pro|opp">``, argumentative
units, by ``seg`` edges, through a ``<joint>`` where two EDUs count only together)
and relates the ADUs by typed edges:

=====  =================================  ===============================================
type   meaning                            in the map
=====  =================================  ===============================================
sup    support (ADU → ADU)                an ``am:Inference``: premise → conclusion
exa    support by example                 the same, with ``am:ArgumentFromExample``
add    an additional premise (ADU → edge) one more ``am:premise`` of that inference (or
                                          ``am:attacker`` of that conflict: a linked
                                          attack)
reb    rebutting attack (ADU → ADU)       an ``am:Conflict`` whose target is a statement
und    undercutting attack (ADU → edge)   an ``am:Conflict`` whose target is the
                                          inference (or the conflict) of that edge
=====  =================================  ===============================================

Each ADU is one statement (its text the text of its EDUs, joined by a space),
attributed to the actor ``proponent`` or ``opponent``; each ``sup``, ``exa``, ``reb``
and ``und`` edge is one inference or conflict. The reader builds the same AIF graph
that arg-microtexts' AIF version of the text has (I-nodes for ADUs, RA and CA nodes
for edges, "Default Inference", "Example" and "Default Conflict" as scheme names)
and hands it to :func:`graph.formats.aif.build`, so the two give the same map. Ids
(``a1``, ``c3``) are kept in ``am:sourceId`` and in the IRIs, ``{base}#node-a1``.

When the corpus ships the text next to the XML (``micro_b001.txt``), each statement
is anchored in it (its text occurs there verbatim). ``und`` on an ``und`` or ``reb``
edge is an attack on an attack: carried as a conflict whose target is a conflict,
which the semantics leave out (see :mod:`graph.formats.aif`).

>>> store = loads(b'''<arggraph id="t1">
...   <edu id="e1">We should act.</edu><edu id="e2">It is urgent.</edu>
...   <adu id="a1" type="pro"/><adu id="a2" type="pro"/>
...   <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
...   <edge id="c3" src="a2" trg="a1" type="sup"/>
... </arggraph>''')
>>> len(list(store.rows("SELECT ?i WHERE { ?i a am:Inference ; am:premise ?p }")))
1
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from graph import xml_entities
from graph.errors import InputError
from graph.formats import Format, ReadContext, register
from graph.formats.aif import AifNode, Nodeset, build, default_base, sibling_text
from graph.store import MapStore

__all__ = ["load", "loads", "parse", "sniff"]

SPEAKERS = {"pro": "proponent", "opp": "opponent"}
_RELATIONS = {"sup": "RA", "exa": "RA", "reb": "CA", "und": "CA"}
_TEXTS = {
    "sup": "Default Inference",
    "exa": "Example",
    "reb": "Default Conflict",
    "und": "Default Conflict",
}


def _problem(ctx: ReadContext, element: ET.Element, message: str) -> None:
    name = f"{element.tag} {element.get('id')}" if element.get("id") else element.tag
    if ctx.lenient:
        ctx.skip(f"{name}: {message}")
        return
    raise InputError(message, path=ctx.path, node=name)


def parse(data: bytes | str, context: ReadContext | None = None) -> Nodeset:
    """Read arggraph XML into the AIF nodeset it stands for.

    Raises:
        InputError: not XML, not an ``<arggraph>``, or an element that breaks the
            graph (unless ``context.lenient``, which skips it and notes why).
    """
    return _parse(data, context or ReadContext())[0]


def _parse(data: bytes | str, ctx: ReadContext) -> tuple[Nodeset, str | None]:
    xml_entities.check(data, ctx.path)  # the same bounds as RDF/XML, whichever reads it
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        message = str(exc).split(":", 1)[0]  # expat appends the position
        raise InputError(
            f"not valid XML: {message}", path=ctx.path, line=line, column=column + 1
        ) from None
    except LookupError as exc:  # the XML declaration names an encoding Python lacks
        raise InputError(
            f"not valid XML: {exc} in the XML declaration (arggraph files are UTF-8)",
            path=ctx.path,
            line=1,
        ) from None
    if root.tag != "arggraph":
        raise InputError(
            f"not an arggraph: the root element is <{root.tag}>, expected <arggraph>",
            path=ctx.path,
        )
    edus: dict[str, str] = {}
    order: dict[str, int] = {}
    joints: set[str] = set()
    adus: dict[str, str] = {}
    for element in root:
        eid = element.get("id")
        if element.tag not in ("edu", "joint", "adu"):
            continue
        if not eid:
            _problem(ctx, element, 'has no id: expected id="..."')
            continue
        if eid in edus or eid in joints or eid in adus:
            _problem(ctx, element, "is defined twice: expected every id to be unique")
            continue
        if element.tag == "edu":
            order[eid] = len(order)
            edus[eid] = "".join(element.itertext())
        elif element.tag == "joint":
            joints.add(eid)
        elif element.tag == "adu":
            kind = element.get("type")
            if kind not in SPEAKERS:
                _problem(ctx, element, f"has type {kind!r}: expected pro or opp")
                continue
            adus[eid] = kind
    edges: dict[str, ET.Element] = {}
    for element in root.iter("edge"):
        eid = element.get("id")
        if not eid:
            _problem(ctx, element, 'has no id: expected id="..."')
            continue
        if eid in edges or eid in edus or eid in adus or eid in joints:
            _problem(ctx, element, "is defined twice: expected every id to be unique")
            continue
        kind = element.get("type")
        if kind not in ("seg", "sup", "exa", "add", "reb", "und"):
            _problem(ctx, element, f"has type {kind!r}: expected seg, sup, exa, add, reb or und")
            continue
        edges[eid] = element
    return _nodeset(ctx, edus, order, joints, adus, edges), root.get("id")


def _nodeset(
    ctx: ReadContext,
    edus: dict[str, str],
    order: dict[str, int],
    joints: set[str],
    adus: dict[str, str],
    edges: dict[str, ET.Element],
) -> Nodeset:
    parts: dict[str, list[str]] = {a: [] for a in adus}  # ADU -> its EDUs
    joint_parts: dict[str, list[str]] = {j: [] for j in joints}
    relations: dict[str, ET.Element] = {}
    for eid, edge in edges.items():
        src, trg, kind = edge.get("src", ""), edge.get("trg", ""), edge.get("type")
        if kind == "seg":
            into = parts if trg in parts else joint_parts if trg in joint_parts else None
            source_ok = src in edus or (src in joints and into is parts)
            if into is None or not source_ok:
                _problem(
                    ctx,
                    edge,
                    "segments what is not an EDU into what is not an ADU or a "
                    "joint: expected src an edu (or joint) and trg an adu (or joint)",
                )
                continue
            into[trg].append(src)
        elif src not in adus:
            _problem(ctx, edge, f"starts at {src!r}, which is not an adu: expected src an adu")
        else:
            relations[eid] = edge

    def edu_list(unit: str) -> list[str]:
        found: list[str] = []
        for part in parts.get(unit, joint_parts.get(unit, [])):
            found += [part] if part in edus else edu_list(part)
        return sorted(set(found), key=order.__getitem__)

    nodeset = Nodeset()
    for adu, kind in adus.items():
        text = " ".join(edus[e] for e in edu_list(adu))
        nodeset.nodes.append(AifNode(id=adu, type="I", text=text, speaker=SPEAKERS[kind]))

    def resolve(eid: str) -> str | None:
        """The inference or conflict an edge id stands for (following ``add`` edges)."""
        seen: set[str] = set()
        while eid in relations and relations[eid].get("type") == "add" and eid not in seen:
            seen.add(eid)
            eid = relations[eid].get("trg", "")
        if eid in relations and relations[eid].get("type") in _RELATIONS:
            return eid
        return None

    for eid, edge in relations.items():
        kind = edge.get("type", "")
        if kind in _RELATIONS:
            nodeset.nodes.append(AifNode(id=eid, type=_RELATIONS[kind], text=_TEXTS[kind]))
    for eid, edge in relations.items():
        src, trg, kind = edge.get("src", ""), edge.get("trg", ""), edge.get("type", "")
        if kind in ("sup", "exa", "reb"):
            if trg not in adus:
                _problem(
                    ctx,
                    edge,
                    f"ends at {trg!r}, which is not an adu: a {kind} edge relates two adus",
                )
                _drop(nodeset, eid)
                continue
            nodeset.edges += [(src, eid), (eid, trg)]
        elif kind == "und":
            target = resolve(trg)
            if target is None:
                _problem(
                    ctx,
                    edge,
                    f"ends at {trg!r}, which is not a sup, exa, reb or und "
                    "edge: an undercut attacks a relation",
                )
                _drop(nodeset, eid)
                continue
            nodeset.edges += [(src, eid), (eid, target)]
        else:  # add: one more premise or attacker of the relation it points at
            target = resolve(trg)
            if target is None:
                _problem(
                    ctx,
                    edge,
                    f"ends at {trg!r}, which is not a relation: an add edge "
                    "adds a premise to a sup, exa, reb or und edge",
                )
                continue
            nodeset.edges.append((src, target))
    dropped = {n.id for n in nodeset.nodes}
    nodeset.edges = [(f, t) for f, t in nodeset.edges if f in dropped and t in dropped]
    return nodeset


def _drop(nodeset: Nodeset, node_id: str) -> None:
    nodeset.nodes = [n for n in nodeset.nodes if n.id != node_id]


def loads(
    data: bytes | str,
    context: ReadContext | None = None,
    *,
    source_text: str | None = None,
    text_file: str | None = None,
) -> MapStore:
    """Read arggraph XML into a new map (anchored in ``source_text`` when given).

    Raises:
        InputError: malformed XML or a broken graph, with its place.
    """
    ctx = context or ReadContext()
    nodeset, root_id = _parse(data, ctx)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    title = root_id or (Path(ctx.path).stem if ctx.path else None)
    return build(
        nodeset,
        ctx,
        base=ctx.base or default_base(raw),
        source_text=source_text,
        text_file=text_file,
        title=title,
    )


def _read(data: bytes, context: ReadContext) -> MapStore:
    source_text, text_file = sibling_text(context)
    return loads(data, context, source_text=source_text, text_file=text_file)


def load(path: str | Path, context: ReadContext | None = None) -> MapStore:
    """Read an arggraph XML file (and anchor it in the ``.txt`` next to it, if any)."""
    from graph import formats

    return formats.load(path, format="arggraph", context=context)


def sniff(head: bytes) -> bool:
    """Whether the first bytes of an ``.xml`` file are an arggraph.

    >>> sniff(b"<?xml version='1.0'?>\\n<arggraph id='micro_b001'>")
    True
    >>> sniff(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    False
    """
    return b"<arggraph" in head


FORMAT = register(
    Format(
        name="arggraph",
        extensions=(".xml",),
        media_type="application/xml",
        description="arggraph XML of the arg-microtexts corpus (read only)",
        reader=_read,
        writer=None,
        sniff=sniff,
        cannot_carry="everything: argmap reads arggraph XML but does not write it",
    )
)
