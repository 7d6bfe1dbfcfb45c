"""AIF JSON: the Argument Interchange Format as AIFdb, OVA and xAIF write it.

A nodeset is ``{"nodes": [...], "edges": [...], "locutions": [...]}`` (AIFdb, OVA)
or the same inside ``{"AIF": {...}}`` with ``participants`` (xAIF). Each node has a
``nodeID``, a ``type`` and a ``text``; each edge a ``fromID`` and a ``toID``.
Reading turns every node into one resource ``{base}#node-{nodeID}`` (``base`` is
the file's IRI, so maps read from different files never collide; without one, a
``urn:`` derived from the bytes) that keeps the nodeID in ``am:sourceId`` and the
node's ``timestamp`` in ``am:timestamp``:

====  ===================  ==========================================================
type  argmap class         text kept in
====  ===================  ==========================================================
I     ``am:Statement``     ``am:text`` (in full) and ``rdfs:label`` (shortened to ~80)
L     ``am:Locution``      ``am:utterance``; the speaker by ``prov:wasAttributedTo``
YA    ``am:Illocution``    ``am:illocutionaryForce`` ("Asserting", "Arguing", ...)
RA    ``am:Inference``     ``am:schemeName``, and ``am:scheme`` when the name is one
                           of argmap's schemes
CA    ``am:Conflict``      ``am:schemeName``
MA    ``am:Rephrase``      ``am:schemeName``
PA    ``am:Preference``    ``am:schemeName``
TA    ``am:Transition``    ``am:schemeName``
====  ===================  ==========================================================

The text of every node but I and L is also its ``rdfs:label``, verbatim; a node's
``scheme`` field, where it has one (AraucariaDB's RA nodes have the text "RA" and
the scheme "Example"), is the ``am:schemeName`` instead of the text.

**Schemes.** A name matches one of argmap's schemes when it equals the scheme's
name without "Argument from", ignoring case, spaces and punctuation: "Argument
From Expert Opinion", "Expert Opinion" and "ExpertOpinion" all give
``am:ArgumentFromExpertOpinion``. Other names ("Default Inference",
"EstablishedRule") give no ``am:scheme``; no scheme is minted for them, and the name
stays in ``am:schemeName``, from which the writer restores it.

**Edges.** Each edge becomes one triple on the scheme node it enters or leaves:
into an RA node ``am:premise``, out of it ``am:conclusion``; CA ``am:attacker`` and
``am:target``; MA ``am:rephraseFrom``/``am:rephraseTo``; PA ``am:preferred`` and
``am:dispreferred``; YA ``am:locution`` (from a locution, or from the transition
an illocution such as arguing is anchored in) and ``am:proposition``; TA
``am:transitionFrom``/``am:transitionTo``. An edge between two scheme nodes belongs
to the one that ranks first in YA, PA, CA, MA, RA, TA (so a YA → RA edge is the
illocution's proposition, CA → RA an undercut, RA → PA a preference between
inferences, TA → YA the illocution's anchor),
and to the node it leaves when both rank the same (CA → CA: a conflict whose
``am:target`` is a conflict). An edge between two nodes that no scheme node joins
(I → I, L → L, which some corpora have), and one between an RA, CA, MA or PA node
and a locution or transition (RA → L: an inference joined to the words that say its
conclusion, as some AIFdb nodesets have), is kept as ``am:aifEdge``. The writer reads
the same table backwards, so every edge survives a round trip, however odd.

**Roles through a locution.** AIFdb's dialogue layer sometimes joins an inference or
a conflict to a locution where AIF+ would put an illocution and a statement:
``L → RA`` (a premise), ``RA → L`` (a conclusion), ``L → CA``, ``CA → L`` (an
attacker, a target). Where no other edge fills that role, the role goes to the
statements the locution puts forward (``L → YA → I``), or, when it puts forward none
(US2016's reddit threads type propositions as L nodes), to the statement its own
words make: ``{locution}-content``, the locution's ``am:content``, whose ``am:text``
is the words without the speaker's name, attributed to whoever said them. The scheme
node is ``am:throughLocution`` the locution, and the writer writes the locution's
edge, not the role. A role that another edge fills already (an inference with a
conclusion and an edge to the locution that says it) is not read through the
locution, so nothing is doubled.

**Attacks on attacks** (CA → CA, which arg-microtexts uses for undercuts of
rebuttals) are carried faithfully, as a conflict whose ``am:target`` is a conflict,
and so are linked attacks (several I → CA edges into one conflict: its attackers
attack jointly); :mod:`graph.reasoning.bipolar` takes both into the semantics (see
``docs/reasoning.md``).

**Speakers.** AIFdb names speakers only in locution texts, ``"Name : words"``
(OVA sometimes puts an annotator in front, ``"Annotator: Name : words"``;
AraucariaDB writes ``Name says '...'``); xAIF names them in ``participants``,
linked to locutions by ``locutions``. Each distinct name becomes one ``am:Actor``
``{base}#actor-{name}`` that the locution is ``prov:wasAttributedTo``, and so is each
statement a locution puts forward through an illocution (L → YA → I).

**Anchors.** AIF statements have no anchors. When the file has a plain text next
to it (``nodeset6361.json`` and ``nodeset6361.txt``), the reader adds an
``am:SourceDocument`` whose ``am:textFile`` is that file and anchors every statement
whose text occurs in it verbatim (an ``oa:TextQuoteSelector`` on the first
occurrence); a statement whose own text is not in it but whose locution's words
(without the speaker's name) are is anchored on those words. Statements found
neither way stay unanchored, and the reader's notes say how many.

**Malformed input** raises one :class:`graph.errors.InputError` naming the place:
the line and column of a JSON syntax error, or the node or edge (and the line where
its id is written) with what was expected. In lenient mode the reader skips nodes
of unknown type, duplicate ids and edges to missing nodes, notes each, and goes on.

Writing gives AIFdb-style JSON ``{"nodes", "edges", "locutions", "participants"}``:
node ids from ``am:sourceId`` where they are present and unique, otherwise numbers
above the largest numeric id, in the order of the nodes' IRIs; edges sorted and
numbered from 1. A map that did not come from AIF is written with its statements
as I nodes, its inferences as RA nodes and its conflicts as CA nodes (a bare
``am:supports``/``am:attacks`` edge gets an RA/CA node of its own).

>>> store = loads('''{"nodes": [
...   {"nodeID": "1", "type": "I", "text": "Cities should ban cars."},
...   {"nodeID": "2", "type": "I", "text": "Cars pollute."},
...   {"nodeID": "3", "type": "RA", "text": "Default Inference"}],
...  "edges": [{"edgeID": "1", "fromID": "2", "toID": "3"},
...            {"edgeID": "2", "fromID": "3", "toID": "1"}]}''')
>>> len(list(store.rows("SELECT ?i WHERE { ?i am:premise ?p ; am:conclusion ?c }")))
1
>>> [n["type"] for n in json.loads(dumps(store))["nodes"]]
['I', 'I', 'RA']
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from graph.errors import InputError
from graph.formats import Format, ReadContext, register
from graph.limits import load_json
from graph.store import MapStore, atomic_write, new_store
from graph.vocab import AM, DCTERMS, OA, PROV, RDF, RDFS, XSD

__all__ = [
    "CANNOT_CARRY",
    "CLASS",
    "DEFAULT_TEXT",
    "EDGE_IN",
    "EDGE_OUT",
    "LABEL_CHARS",
    "NODE_TYPES",
    "RANK",
    "AifNode",
    "Nodeset",
    "build",
    "default_base",
    "dump",
    "dumps",
    "edge_triple",
    "extract",
    "load",
    "loads",
    "match_scheme",
    "parse",
    "parse_speaker",
    "scheme_text",
    "shorten",
    "sibling_text",
    "sniff",
    "to_json",
]

#: The AIF node types argmap reads and writes.
NODE_TYPES = ("I", "L", "RA", "CA", "MA", "PA", "YA", "TA")

CLASS: dict[str, URIRef] = {
    "I": AM.Statement,
    "L": AM.Locution,
    "RA": AM.Inference,
    "CA": AM.Conflict,
    "MA": AM.Rephrase,
    "PA": AM.Preference,
    "YA": AM.Illocution,
    "TA": AM.Transition,
}

#: The property on a scheme node for an edge that enters it, and one that leaves it.
EDGE_IN: dict[str, URIRef] = {
    "RA": AM.premise,
    "CA": AM.attacker,
    "MA": AM.rephraseFrom,
    "PA": AM.preferred,
    "YA": AM.locution,
    "TA": AM.transitionFrom,
}
EDGE_OUT: dict[str, URIRef] = {
    "RA": AM.conclusion,
    "CA": AM.target,
    "MA": AM.rephraseTo,
    "PA": AM.dispreferred,
    "YA": AM.proposition,
    "TA": AM.transitionTo,
}
#: Which node of an edge between two scheme nodes the edge belongs to: the higher.
RANK = {"YA": 6, "PA": 5, "CA": 4, "MA": 3, "RA": 2, "TA": 1, "I": 0, "L": 0}

#: The dialogue layer's nodes, and the argument layer's scheme nodes.
_DIALOGUE = frozenset({"L", "TA"})
_ARGUMENT = frozenset({"RA", "CA", "MA", "PA"})

#: The text a scheme node gets when the map does not name one.
DEFAULT_TEXT = {
    "RA": "Default Inference",
    "CA": "Default Conflict",
    "MA": "Default Rephrase",
    "PA": "Default Preference",
    "YA": "Default Illocuting",
    "TA": "Default Transition",
}

_STATEMENT_CLASSES = (
    AM.Statement,
    AM.Claim,
    AM.Evidence,
    AM.Proposal,
    AM.Prediction,
    AM.Recommendation,
)

LABEL_CHARS = 80


@dataclass
class AifNode:
    """One AIF node: what a reader found and a writer writes.

    ``scheme`` is the scheme name when it differs from ``text``; ``speaker`` the
    name of who said it (for a locution, or a statement read from a format that
    names speakers directly); ``iri`` the resource it is in an argmap map.
    """

    id: str
    type: str
    text: str
    timestamp: str | None = None
    scheme: str | None = None
    speaker: str | None = None
    iri: str | None = None


@dataclass
class Nodeset:
    """An AIF graph: nodes, and edges as (fromID, toID) pairs in file order."""

    nodes: list[AifNode] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)


# --- small helpers -------------------------------------------------------------------


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """A one-line title for a long text: whitespace collapsed, cut at a word.

    >>> shorten("Cities   should ban cars.")
    'Cities should ban cars.'
    >>> shorten("word " * 40, limit=20)
    'word word word word…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if flat[limit - 1] != " " and space > limit // 2:  # do not end inside a word
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


_SPEAKER = re.compile(
    r"\s*(?:[^:\s][^:\n]{0,58}[^:\s]:\s)?(?P<name>[^:\n]{1,60}?)\s:\s+(?P<words>.*)", re.S
)
_SAYS = re.compile(r"\s*(?P<name>[^\s:']{1,60}) says '(?P<words>.*)'\s*", re.S)


def parse_speaker(text: str) -> tuple[str, str] | None:
    """Split an AIFdb locution text into the speaker's name and the words.

    >>> parse_speaker("Claire Cooper : Even if some children do get back")
    ('Claire Cooper', 'Even if some children do get back')
    >>> parse_speaker("Nicole: Fiona Bruce : Some are not")
    ('Fiona Bruce', 'Some are not')
    >>> parse_speaker("VCBrown says 'semesterisation is a good idea'")
    ('VCBrown', 'semesterisation is a good idea')
    >>> parse_speaker("It's poison for him") is None
    True
    """
    match = _SPEAKER.fullmatch(text) or _SAYS.fullmatch(text)
    if match is None:
        return None
    name = " ".join(match.group("name").split())
    return (name, match.group("words")) if name else None


def _scheme_key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    for prefix in ("argumentfrom", "argfrom"):
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def _built_in_schemes() -> dict[str, URIRef]:
    names = [n for n in AM.__annotations__ if n.startswith("ArgumentFrom")]
    names.append("PracticalReasoning")
    return {_scheme_key(n): AM[n] for n in names}


_SCHEMES = _built_in_schemes()


def match_scheme(name: str) -> URIRef | None:
    """The argmap scheme an AIF scheme name stands for, if any.

    >>> match_scheme("Argument From Expert Opinion")
    rdflib.term.URIRef('https://w3id.org/argmap#ArgumentFromExpertOpinion')
    >>> match_scheme("CauseToEffect")
    rdflib.term.URIRef('https://w3id.org/argmap#ArgumentFromCauseToEffect')
    >>> match_scheme("Default Inference") is None
    True
    """
    return _SCHEMES.get(_scheme_key(name))


def scheme_text(scheme: str) -> str:
    """The AIF name argmap writes for one of its schemes.

    >>> scheme_text("https://w3id.org/argmap#ArgumentFromExpertOpinion")
    'Argument From Expert Opinion'
    """
    local = scheme.rsplit("#", 1)[-1]
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local)


def edge_triple(from_type: str, to_type: str) -> tuple[URIRef, bool]:
    """The argmap property for an AIF edge, and whether its subject is the edge's start.

    >>> edge_triple("I", "RA")
    (rdflib.term.URIRef('https://w3id.org/argmap#premise'), False)
    >>> edge_triple("CA", "CA")
    (rdflib.term.URIRef('https://w3id.org/argmap#target'), True)
    >>> edge_triple("RA", "L")
    (rdflib.term.URIRef('https://w3id.org/argmap#aifEdge'), True)
    """
    rank_from, rank_to = RANK[from_type], RANK[to_type]
    if rank_from == rank_to == 0:
        return AM.aifEdge, True
    if {from_type, to_type} & _DIALOGUE and {from_type, to_type} & _ARGUMENT:
        # An inference, conflict, rephrase or preference joined directly to a
        # locution or a transition: the dialogue layer meeting the argument where
        # AIF has an illocution between them. The edge is kept as it is, not read as
        # a premise or a conclusion that is a locution.
        return AM.aifEdge, True
    if rank_from >= rank_to:
        return EDGE_OUT[from_type], True
    return EDGE_IN[to_type], False


#: What the reader builds: rdflib IRIs (cheap), pyoxigraph literals (an rdflib
#: literal costs ten times more: 3 s of reading QT30's 1,484 files).
_Triple = tuple[Node, Node, Node | ox.Literal]
_DATETIME = ox.NamedNode(str(XSD.dateTime))

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")


def _timestamp_literal(value: str) -> ox.Literal:
    if _TIMESTAMP.fullmatch(value):
        return ox.Literal(value.replace(" ", "T", 1), datatype=_DATETIME)
    return ox.Literal(value)


def _timestamp_text(value: str) -> str:
    # AIFdb writes "2015-12-14 12:09:13"; xsd:dateTime needs the T.
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value):
        return value.replace("T", " ", 1)
    return value


def _iri_part(value: str) -> str:
    return quote(value, safe="")


def default_base(data: bytes | str) -> str:
    """The base IRI of a map read without one: derived from its bytes."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return "urn:argmap:aif:" + hashlib.sha1(raw).hexdigest()[:16]


# --- from a nodeset to a map ---------------------------------------------------------


def build(
    nodeset: Nodeset,
    context: ReadContext | None = None,
    *,
    base: str,
    source_text: str | None = None,
    text_file: str | None = None,
    title: str | None = None,
) -> MapStore:
    """Turn a checked nodeset into a map (every reader of an AIF-like format ends here).

    Args:
        nodeset: nodes with unique ids and known types; edges between them.
        context: where notes go (the count of unanchored statements).
        base: the IRI that node IRIs are made from (``{base}#node-{id}``).
        source_text: the text the nodeset was annotated on, to anchor statements in.
        text_file: the path of that text relative to the map file (``am:textFile``).
        title: the map's title (``rdfs:label`` of its ``am:ArgumentMap``).
    """
    ctx = context or ReadContext()
    triples: list[_Triple] = []
    add = triples.append
    iri: dict[str, URIRef] = {}
    types: dict[str, str] = {}
    for node in nodeset.nodes:
        iri[node.id] = URIRef(f"{base}#node-{_iri_part(node.id)}")
        types[node.id] = node.type
    actors: dict[str, URIRef] = {}

    def actor(name: str) -> URIRef:
        if name not in actors:
            actors[name] = URIRef(f"{base}#actor-{_iri_part(name)}")
            add((actors[name], RDF.type, AM.Actor))
            add((actors[name], RDFS.label, ox.Literal(name)))
        return actors[name]

    speaker_of: dict[str, str] = {}
    stamps: dict[str, ox.Literal] = {}  # nodes share timestamps, and typed literals are slow
    for node in nodeset.nodes:
        s = iri[node.id]
        add((s, RDF.type, CLASS[node.type]))
        add((s, AM.sourceId, ox.Literal(node.id)))
        if node.timestamp:
            if node.timestamp not in stamps:
                stamps[node.timestamp] = _timestamp_literal(node.timestamp)
            add((s, AM.timestamp, stamps[node.timestamp]))
        text = node.text
        if node.type == "I":
            add((s, AM.text, ox.Literal(text)))
            add((s, RDFS.label, ox.Literal(shorten(text) or f"I-node {node.id}")))
        elif node.type == "L":
            add((s, AM.utterance, ox.Literal(text)))
            add((s, RDFS.label, ox.Literal(shorten(text) or f"L-node {node.id}")))
            if node.speaker is None:
                parsed = parse_speaker(text)
                node_speaker = parsed[0] if parsed else None
            else:
                node_speaker = node.speaker
            if node_speaker:
                speaker_of[node.id] = node_speaker
        else:
            if text:
                add((s, RDFS.label, ox.Literal(text)))
            if node.type == "YA":
                add((s, AM.illocutionaryForce, ox.Literal(text)))
                if node.scheme:
                    add((s, AM.schemeName, ox.Literal(node.scheme)))
            else:
                name = node.scheme or text
                add((s, AM.schemeName, ox.Literal(name)))
                scheme = match_scheme(name) if node.type == "RA" else None
                if scheme is not None:
                    add((s, AM.scheme, scheme))
        if node.speaker and node.type != "L":
            add((s, PROV.wasAttributedTo, actor(node.speaker)))

    into_ya: dict[str, list[str]] = defaultdict(list)  # YA -> the locutions it performs
    out_of_ya: dict[str, list[str]] = defaultdict(list)  # YA -> what it puts forward
    spoken: list[tuple[str, str]] = []  # (scheme node, locution), an edge either way
    for f, t in nodeset.edges:
        ft, tt = types[f], types[t]
        prop, forward = edge_triple(ft, tt)
        add((iri[f], prop, iri[t]) if forward else (iri[t], prop, iri[f]))
        if tt == "YA" and ft == "L":
            into_ya[t].append(f)
        elif ft == "YA":
            out_of_ya[f].append(t)
        if {ft, tt} & {"L"} and {ft, tt} & _ARGUMENT:
            spoken.append((f, t))
    contents: dict[str, tuple[URIRef, str]] = {}  # locution -> its content statement, words
    triples += _through_locutions(
        nodeset, spoken, types, iri, into_ya, out_of_ya, speaker_of, actor, contents
    )

    # Speakers: of each locution, and of each statement a locution puts forward.
    attributed: set[tuple[str, str]] = set()
    for lid, name in sorted(speaker_of.items()):
        add((iri[lid], PROV.wasAttributedTo, actor(name)))
    for ya, locutions in into_ya.items():
        for lid in locutions:
            said_by = speaker_of.get(lid)
            for target in out_of_ya.get(ya, ()):
                if said_by and types[target] == "I" and (target, said_by) not in attributed:
                    attributed.add((target, said_by))
                    add((iri[target], PROV.wasAttributedTo, actor(said_by)))

    the_map = URIRef(f"{base}#map")
    add((the_map, RDF.type, AM.ArgumentMap))
    add((the_map, RDFS.label, ox.Literal(title or "AIF nodeset")))
    if source_text is not None and text_file is not None:
        triples += _anchors(
            nodeset, iri, into_ya, out_of_ya, contents, base, source_text, text_file, ctx
        )
        add((the_map, DCTERMS.source, URIRef(f"{base}#source")))
    if ctx.into is not None:  # one map of a corpus: straight into its graph
        store, graph_name = ctx.into
        store.add_asserted(triples, graph_name=graph_name)
        return store
    store = new_store()
    store.add_asserted(triples)
    return store


def _through_locutions(
    nodeset: Nodeset,
    spoken: list[tuple[str, str]],
    types: dict[str, str],
    iri: dict[str, URIRef],
    into_ya: dict[str, list[str]],
    out_of_ya: dict[str, list[str]],
    speaker_of: dict[str, str],
    actor: Callable[[str], URIRef],
    contents: dict[str, tuple[URIRef, str]],
) -> list[_Triple]:
    """The roles that AIFdb's dialogue layer gives through a locution.

    An edge between a scheme node and a locution (``L → RA``: a premise; ``RA → L``:
    a conclusion; ``L → CA``, ``CA → L``: an attacker, a target) stays an
    ``am:aifEdge``, the scheme node is ``am:throughLocution`` the locution, and
    the role goes to the statements the locution puts forward
    through an illocution (``L → YA → I``), or, when it puts forward none, to the
    statement its own words make (the locution's IRI with ``-content``, its
    ``am:content``: AIF+ counts L-nodes as I-nodes), attributed to whoever said it.
    Only a role that no other edge fills is read so: an inference with a conclusion
    and an edge to the locution that says it (as some AIFdb nodesets have) keeps
    that one conclusion.
    """
    triples: list[_Triple] = []
    if not spoken:
        return triples
    joined = {x for edge in spoken for x in edge}  # the locutions and scheme nodes involved
    texts = {n.id: n.text for n in nodeset.nodes}
    puts_forward: dict[str, list[str]] = defaultdict(list)  # L -> the I nodes it asserts
    reported_by: dict[str, list[str]] = defaultdict(list)  # L -> locutions putting it forward
    for ya, locutions in into_ya.items():
        for lid in locutions:
            if lid not in joined and not any(t in joined for t in out_of_ya.get(ya, ())):
                continue
            for target in out_of_ya.get(ya, ()):
                if types[target] == "I" and target not in puts_forward[lid]:
                    puts_forward[lid].append(target)
                elif types[target] == "L":
                    reported_by[target].append(lid)
    roles = {EDGE_IN[t] for t in _ARGUMENT} | {EDGE_OUT[t] for t in _ARGUMENT}
    held: set[tuple[str, URIRef]] = set()  # (scheme node, role) that an edge fills directly
    for f, t in nodeset.edges:
        if f not in joined and t not in joined:
            continue
        prop, forward = edge_triple(types[f], types[t])
        if prop in roles:
            held.add((f if forward else t, prop))
    for f, t in spoken:
        locution, scheme, starts = (f, t, True) if types[f] == "L" else (t, f, False)
        prop = (EDGE_IN if starts else EDGE_OUT)[types[scheme]]
        if (scheme, prop) in held:
            continue  # the words that say a premise or conclusion it already has
        statements = [iri[s] for s in puts_forward.get(locution, ())]
        if not statements:
            content = URIRef(f"{iri[locution]}-content")
            statements = [content]
            if locution not in contents:
                words = parse_speaker(texts[locution])
                text = words[1] if words else texts[locution]
                contents[locution] = (content, text)
                triples += [
                    (content, RDF.type, AM.Statement),
                    (content, AM.text, ox.Literal(text)),
                    (content, RDFS.label, ox.Literal(shorten(text) or f"L-node {locution}")),
                    (iri[locution], AM.content, content),
                ]
                said = [
                    speaker_of[lid]
                    for lid in [locution, *reported_by[locution]]
                    if lid in speaker_of
                ]
                if said:
                    triples.append((content, PROV.wasAttributedTo, actor(said[0])))
        triples += [(iri[scheme], prop, s) for s in statements]
        triples.append((iri[scheme], AM.throughLocution, iri[locution]))
    return triples


def _anchors(
    nodeset: Nodeset,
    iri: dict[str, URIRef],
    into_ya: dict[str, list[str]],
    out_of_ya: dict[str, list[str]],
    contents: dict[str, tuple[URIRef, str]],
    base: str,
    source_text: str,
    text_file: str,
    ctx: ReadContext,
) -> list[_Triple]:
    doc = URIRef(f"{base}#source")
    triples: list[_Triple] = [
        (doc, RDF.type, AM.SourceDocument),
        (doc, DCTERMS.title, ox.Literal(text_file)),
        (doc, AM.textFile, ox.Literal(text_file)),
    ]
    words: dict[str, list[str]] = defaultdict(list)  # I-node -> its locutions' words
    utterances = {n.id: n.text for n in nodeset.nodes if n.type == "L"}
    for ya, locutions in into_ya.items():
        for target in out_of_ya.get(ya, ()):
            for lid in locutions:
                parsed = parse_speaker(utterances[lid])
                words[target].append(parsed[1] if parsed else utterances[lid])
    statements = [(n.id, iri[n.id], n.text) for n in nodeset.nodes if n.type == "I"]
    statements += [(f"{lid}-content", s, text) for lid, (s, text) in contents.items()]
    missing: list[str] = []
    by_locution = 0
    for key, subject, text in statements:
        quote_text: str | None = None
        if text.strip() and text in source_text:
            quote_text = text
        else:
            found = [w for w in words.get(key, ()) if w.strip() and w in source_text]
            if found:
                quote_text = found[0]
                by_locution += 1
        if quote_text is None:
            missing.append(key)
            continue
        anchor = URIRef(f"{base}#anchor-{_iri_part(key)}")
        selector = URIRef(f"{base}#quote-{_iri_part(key)}")
        triples += [
            (subject, AM.anchor, anchor),
            (anchor, RDF.type, OA.SpecificResource),
            (anchor, OA.hasSource, doc),
            (anchor, OA.hasSelector, selector),
            (selector, RDF.type, OA.TextQuoteSelector),
            (selector, OA.exact, ox.Literal(quote_text)),
        ]
    if by_locution:
        _note(ctx, f"{by_locution} statements anchored on their locution's words in {text_file}")
    if missing:
        shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
        _note(
            ctx,
            f"{len(missing)} of {len(statements)} statements not found verbatim in "
            f"{text_file}, left unanchored: I-nodes {shown}",
        )
    return triples


def _note(ctx: ReadContext, message: str) -> None:
    if len(ctx.notes) < 100:
        ctx.notes.append(message)


# --- reading JSON --------------------------------------------------------------------


class _Problems:
    """Raise the first structural problem, or (lenient) skip it and note why."""

    def __init__(self, text: str, context: ReadContext) -> None:
        self.text = text
        self.context = context

    def __call__(
        self,
        message: str,
        *,
        node: str | None = None,
        key: str | None = None,
        value: str | None = None,
        occurrence: int = 1,
    ) -> None:
        if self.context.lenient:
            self.context.skip(f"{node}: {message}" if node else message)
            return
        where = None
        if key is not None and value is not None:
            where = _locate_value(self.text, key, value, occurrence)
        line, column = where if where is not None else (None, None)
        raise InputError(message, path=self.context.path, line=line, column=column, node=node)


def _locate_value(text: str, key: str, value: str, occurrence: int) -> tuple[int, int] | None:
    pattern = re.compile(rf'"{re.escape(key)}"\s*:\s*"?{re.escape(value)}"?(?=\s*[,}}])')
    for k, match in enumerate(pattern.finditer(text), start=1):
        if k == occurrence:
            index = match.start()
            line = text.count("\n", 0, index) + 1
            return line, index - (text.rfind("\n", 0, index) + 1) + 1
    return None


def _id(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value)
    return None


def _text(value: object) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _load_json(data: bytes | str, ctx: ReadContext) -> tuple[str, dict[str, object], object]:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    try:
        doc = load_json(text, "the JSON nests", ctx.path)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", path=ctx.path, line=exc.lineno, column=exc.colno
        ) from None
    participants: object = doc.get("participants") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and isinstance(doc.get("AIF"), dict):
        participants = doc["AIF"].get("participants", participants)
        doc = doc["AIF"]
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise InputError(
            'not an AIF nodeset: expected a JSON object with "nodes" and "edges" lists '
            '(AIFdb, OVA) or {"AIF": {"nodes": ..., "edges": ...}} (xAIF)',
            path=ctx.path,
        )
    return text, doc, participants


def parse(data: bytes | str, context: ReadContext | None = None) -> Nodeset:
    """Read AIF JSON into a checked nodeset (ids unique, types known, edges resolved).

    Raises:
        InputError: not JSON, not a nodeset, or a node or edge that breaks the
            structure (unless ``context.lenient``, which skips it and notes why).
    """
    ctx = context or ReadContext()
    text, doc, participants = _load_json(data, ctx)
    problem = _Problems(text, ctx)
    nodeset = Nodeset()
    _parse_nodes(doc["nodes"], nodeset, problem)  # type: ignore[arg-type]
    edges = doc.get("edges")
    if edges is None:
        edges = []
    if not isinstance(edges, list):
        raise InputError('"edges" is not a list: expected a list of edges', path=ctx.path)
    _parse_edges(edges, nodeset, problem, ctx)
    _xaif_speakers(nodeset, participants, doc.get("locutions"))
    return nodeset


def _parse_nodes(nodes: list[object], nodeset: Nodeset, problem: _Problems) -> None:
    seen: dict[str, int] = {}
    for k, raw in enumerate(nodes, start=1):
        if not isinstance(raw, dict):
            problem(
                f'node {k} of "nodes" is not an object: expected '
                '{"nodeID": ..., "type": ..., "text": ...}'
            )
            continue
        nid = _id(raw.get("nodeID"))
        if nid is None:
            problem(f'node {k} of "nodes" has no nodeID: expected a string or a number')
            continue
        seen[nid] = seen.get(nid, 0) + 1
        name = f"node {nid}"
        if seen[nid] > 1:
            problem(
                "is defined twice: expected every nodeID to be unique",
                node=name,
                key="nodeID",
                value=nid,
                occurrence=seen[nid],
            )
            continue
        ntype = raw.get("type")
        if ntype not in NODE_TYPES:
            problem(
                f"has unknown type {ntype!r}: expected one of {', '.join(NODE_TYPES)}",
                node=name,
                key="nodeID",
                value=nid,
            )
            continue
        ntext = _text(raw.get("text"))
        if ntext is None:
            problem(
                f"has a text that is not a string: {raw.get('text')!r}",
                node=name,
                key="nodeID",
                value=nid,
            )
            continue
        scheme = raw.get("scheme")
        timestamp = raw.get("timestamp")
        nodeset.nodes.append(
            AifNode(
                id=nid,
                type=str(ntype),
                text=ntext,
                timestamp=timestamp if isinstance(timestamp, str) and timestamp else None,
                scheme=scheme if isinstance(scheme, str) and scheme and scheme != ntext else None,
            )
        )


def _parse_edges(
    edges: list[object], nodeset: Nodeset, problem: _Problems, ctx: ReadContext
) -> None:
    known = {n.id for n in nodeset.nodes}
    edge_ids: dict[str, int] = {}
    pairs: set[tuple[str, str]] = set()
    for k, raw in enumerate(edges, start=1):
        if not isinstance(raw, dict):
            problem(
                f'edge {k} of "edges" is not an object: expected '
                '{"edgeID": ..., "fromID": ..., "toID": ...}'
            )
            continue
        eid = _id(raw.get("edgeID"))
        name = f"edge {eid}" if eid is not None else f'edge {k} of "edges"'
        key = "edgeID" if eid is not None else None
        if eid is not None:
            edge_ids[eid] = edge_ids.get(eid, 0) + 1
            if edge_ids[eid] > 1:
                problem(
                    "is defined twice: expected every edgeID to be unique",
                    node=name,
                    key=key,
                    value=eid,
                    occurrence=edge_ids[eid],
                )
                continue
        f, t = _id(raw.get("fromID")), _id(raw.get("toID"))
        if f is None or t is None:
            end, verb = ("fromID", "starts") if f is None else ("toID", "ends")
            problem(
                f"has no {end}: expected the nodeID of the node it {verb} at",
                node=name,
                key=key,
                value=eid,
            )
            continue
        missing = [(verb, ref) for verb, ref in (("starts", f), ("ends", t)) if ref not in known]
        if missing:
            verb, ref = missing[0]
            problem(
                f'{verb} at node {ref}, which is not in "nodes" (or was skipped): expected '
                "the nodeID of a node of the nodeset",
                node=name,
                key=key,
                value=eid,
            )
            continue
        if (f, t) in pairs:
            _note(ctx, f"{name} repeats an edge from node {f} to node {t}: kept once")
            continue
        pairs.add((f, t))
        nodeset.edges.append((f, t))


def _xaif_speakers(nodeset: Nodeset, participants: object, locutions: object) -> None:
    if not isinstance(participants, list) or not isinstance(locutions, list):
        return
    names: dict[str, str] = {}
    for p in participants:
        if isinstance(p, dict) and (pid := _id(p.get("participantID"))) is not None:
            parts = [p.get("firstname"), p.get("surname")]
            name = " ".join(str(x).strip() for x in parts if isinstance(x, str) and x.strip())
            if name:
                names[pid] = name
    by_node: dict[str, str] = {}
    for loc in locutions:
        if isinstance(loc, dict):
            nid, pid = _id(loc.get("nodeID")), _id(loc.get("personID"))
            if nid is not None and pid is not None and pid in names:
                by_node[nid] = names[pid]
    for node in nodeset.nodes:
        if node.type == "L" and node.id in by_node:
            node.speaker = by_node[node.id]


#: What AIF (JSON here, RDF in graph.formats.aifrdf) has no place for.
CANNOT_CARRY = (
    "statement titles (AIF keeps only the full text), the kind of a statement "
    "(claim, evidence, ...: all are I-nodes), anchors and source documents, actors' "
    "roles and what statements mention, speakers of statements that no locution "
    "puts forward, am:implicit, base scores, the map's title and main conclusions, "
    "and reasoning results"
)


def loads(
    data: bytes | str,
    context: ReadContext | None = None,
    *,
    source_text: str | None = None,
    text_file: str | None = None,
) -> MapStore:
    """Read AIF JSON (AIFdb, OVA or xAIF) into a new map.

    Args:
        data: the JSON.
        context: ``base`` for node IRIs, ``lenient`` to skip bad elements; notes
            come back in it.
        source_text: the text the nodeset annotates, to anchor statements in.
        text_file: that text's path relative to the map file (``am:textFile``).

    Raises:
        InputError: malformed JSON or a broken nodeset, with its place.
    """
    ctx = context or ReadContext()
    nodeset = parse(data, ctx)
    title = Path(ctx.path).stem if ctx.path else None
    return build(
        nodeset,
        ctx,
        base=ctx.base or default_base(data),
        source_text=source_text,
        text_file=text_file,
        title=title,
    )


def sibling_text(context: ReadContext, suffix: str = ".txt") -> tuple[str | None, str | None]:
    """The plain text shipped next to the file being read, and its name, if any.

    A text that is not UTF-8 is left out (anchors could not be checked against it),
    and the context notes why.
    """
    if not context.path:
        return None, None
    path = Path(context.path).with_suffix(suffix)
    try:
        return path.read_text(encoding="utf-8"), path.name
    except FileNotFoundError:
        return None, None
    except UnicodeDecodeError:
        _note(context, f"{path.name} is not UTF-8 text: statements left unanchored")
    except OSError as exc:
        _note(context, f"cannot read {path.name} ({exc.strerror}): statements left unanchored")
    return None, None


def _read(data: bytes, context: ReadContext) -> MapStore:
    source_text, text_file = sibling_text(context)
    return loads(data, context, source_text=source_text, text_file=text_file)


def load(path: str | Path, context: ReadContext | None = None) -> MapStore:
    """Read an AIF JSON file (and anchor it in the ``.txt`` next to it, if there is one)."""
    from graph import formats

    return formats.load(path, format="aif", context=context)


# --- from a map to a nodeset ---------------------------------------------------------


def _pairs(store: MapStore, query: str) -> Iterator[tuple[str, str]]:
    for a, b in store.rows(query):
        if a is not None and b is not None:
            yield a, b


def _values(store: MapStore, prop: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for s, v in sorted(_pairs(store, f"SELECT ?s ?v WHERE {{ ?s <{prop}> ?v }}")):
        out.setdefault(s, v)
    return out


def _id_key(value: str) -> tuple[int, int, str]:
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def extract(store: MapStore) -> Nodeset:
    """Read a map's AIF graph: its nodes with ids and texts, and its edges.

    Statements (of every kind) are I nodes, inferences RA, conflicts CA, and so on
    through the table of the module documentation; ``am:supports`` and ``am:attacks``
    edges that no inference or conflict stands for get an RA or CA node of their own.
    Node ids come from ``am:sourceId`` where they are present and unique; the other
    nodes are numbered, in the order of their IRIs, above the largest numeric id.
    """
    type_of: dict[str, str] = {}
    classes = [(t, c) for t, c in CLASS.items() if t != "I"]
    classes = [("I", c) for c in _STATEMENT_CLASSES] + classes
    contents = {c for (c,) in store.rows("SELECT DISTINCT ?c WHERE { ?l am:content ?c }")}
    for aif_type, cls in classes:
        for (n,) in store.rows(f"SELECT DISTINCT ?n WHERE {{ ?n a <{cls}> }}"):
            if n is not None and n not in contents:
                type_of.setdefault(n, aif_type)
    edges: set[tuple[str, str]] = set()
    for aif_type in EDGE_IN:
        for s, o in _pairs(store, f"SELECT ?s ?o WHERE {{ ?s <{EDGE_IN[aif_type]}> ?o }}"):
            if s in type_of and o in type_of:
                edges.add((o, s))
        for s, o in _pairs(store, f"SELECT ?s ?o WHERE {{ ?s <{EDGE_OUT[aif_type]}> ?o }}"):
            if s in type_of and o in type_of:
                edges.add((s, o))
    for s, o in _pairs(store, f"SELECT ?s ?o WHERE {{ ?s <{AM.aifEdge}> ?o }}"):
        if s in type_of and o in type_of:
            edges.add((s, o))
    edges -= _through_locution_edges(store)
    synthetic: dict[str, tuple[str, str, str]] = {}
    _shortcuts(store, type_of, edges, synthetic)

    texts = _values(store, AM.text)
    utterances = _values(store, AM.utterance)
    labels = _values(store, RDFS.label)
    scheme_names = _values(store, AM.schemeName)
    forces = _values(store, AM.illocutionaryForce)
    timestamps = _values(store, AM.timestamp)
    source_ids = _values(store, AM.sourceId)
    schemes = _values(store, AM.scheme)
    speakers: dict[str, str] = {}
    for loc, speaker in _pairs(
        store,
        "SELECT ?l ?name WHERE { ?l a am:Locution ; prov:wasAttributedTo ?a . "
        "?a rdfs:label ?name } ORDER BY ?l ?name",
    ):
        speakers.setdefault(loc, speaker)

    ids = _assign_ids(type_of, source_ids)
    nodes: list[AifNode] = []
    for n, aif_type in type_of.items():
        if aif_type == "I":
            text = texts.get(n, labels.get(n, ""))
            scheme = None
        elif aif_type == "L":
            text = utterances.get(n, labels.get(n, ""))
            scheme = None
        elif aif_type == "YA" and n in forces:
            text = forces[n]
            scheme = scheme_names.get(n)
            scheme = scheme if scheme != text else None
        else:
            name: str | None = scheme_names.get(n)
            if n in schemes and name is None:
                own = not schemes[n].startswith(str(AM._NS))
                name = (labels.get(schemes[n]) if own else None) or scheme_text(schemes[n])
            if n in synthetic:
                text = DEFAULT_TEXT[aif_type]
            else:
                text = labels.get(n) or name or DEFAULT_TEXT[aif_type]
            scheme = name if name is not None and name != text else None
        stamp = timestamps.get(n)
        nodes.append(
            AifNode(
                id=ids[n],
                type=aif_type,
                text=text,
                timestamp=_timestamp_text(stamp) if stamp else None,
                scheme=scheme,
                speaker=speakers.get(n),
                iri=n,
            )
        )
    nodes.sort(key=lambda node: _id_key(node.id))
    pairs = sorted(
        ((ids[f], ids[t]) for f, t in edges), key=lambda e: (_id_key(e[0]), _id_key(e[1]))
    )
    return Nodeset(nodes=nodes, edges=pairs)


def _through_locution_edges(store: MapStore) -> set[tuple[str, str]]:
    """The role edges the reader gave through a locution (see ``_through_locutions``):
    a premise, attacker, ... that a locution joined to the scheme node puts forward.
    The locution's own edge (an ``am:aifEdge``) is written instead."""
    into = " ".join(f"<{EDGE_IN[t]}>" for t in sorted(_ARGUMENT))
    out = " ".join(f"<{EDGE_OUT[t]}>" for t in sorted(_ARGUMENT))
    put = "{ ?ya am:locution ?l ; am:proposition ?s } UNION { ?l am:content ?s }"
    query = (
        "SELECT ?from ?to WHERE { ?x am:throughLocution ?l . { "
        f"?l am:aifEdge ?x . VALUES ?p {{ {into} }} ?x ?p ?s . {put} "
        "BIND(?s AS ?from) BIND(?x AS ?to) } UNION { "
        f"?x am:aifEdge ?l . VALUES ?p {{ {out} }} ?x ?p ?s . {put} "
        "BIND(?x AS ?from) BIND(?s AS ?to) } }"
    )
    return set(_pairs(store, query))


def _shortcuts(
    store: MapStore,
    type_of: dict[str, str],
    edges: set[tuple[str, str]],
    synthetic: dict[str, tuple[str, str, str]],
) -> None:
    covered_support = {
        (p, c)
        for p, c in _pairs(store, "SELECT ?p ?c WHERE { ?i am:premise ?p ; am:conclusion ?c }")
    }
    covered_attack = {
        (a, t) for a, t in _pairs(store, "SELECT ?a ?t WHERE { ?k am:attacker ?a ; am:target ?t }")
    }
    for prop, kind, covered in (
        (AM.supports, "RA", covered_support),
        (AM.attacks, "CA", covered_attack),
    ):
        for s, o in sorted(_pairs(store, f"SELECT ?s ?o WHERE {{ ?s <{prop}> ?o }}")):
            if (s, o) in covered or s not in type_of or o not in type_of:
                continue
            key = f"{s} {prop} {o}"
            node = "urn:argmap:aif:" + hashlib.sha1(key.encode()).hexdigest()[:16]
            type_of[node] = kind
            synthetic[node] = (s, kind, o)
            edges.add((s, node))
            edges.add((node, o))


def _assign_ids(type_of: dict[str, str], source_ids: dict[str, str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    used: set[str] = set()
    for n in sorted(type_of):
        sid = source_ids.get(n)
        if sid is not None and sid not in used:
            ids[n] = sid
            used.add(sid)
    numbers = [int(i) for i in used if i.isdigit()]
    next_id = max(numbers, default=0) + 1
    for n in sorted(type_of):
        if n in ids:
            continue
        while str(next_id) in used:
            next_id += 1
        ids[n] = str(next_id)
        used.add(ids[n])
    return ids


def to_json(nodeset: Nodeset) -> dict[str, object]:
    """The AIFdb-style JSON object of a nodeset (with xAIF ``participants``)."""
    nodes: list[dict[str, object]] = []
    for node in nodeset.nodes:
        entry: dict[str, object] = {"nodeID": node.id, "text": node.text, "type": node.type}
        if node.timestamp:
            entry["timestamp"] = node.timestamp
        if node.scheme:
            entry["scheme"] = node.scheme
        nodes.append(entry)
    edges = [
        {"edgeID": str(k), "fromID": f, "toID": t}
        for k, (f, t) in enumerate(nodeset.edges, start=1)
    ]
    people = sorted({n.speaker for n in nodeset.nodes if n.type == "L" and n.speaker})
    person_id = {name: str(k) for k, name in enumerate(people, start=1)}
    locutions = [
        {"nodeID": n.id, "personID": person_id[n.speaker]}
        for n in nodeset.nodes
        if n.type == "L" and n.speaker
    ]
    participants = [
        {
            "participantID": person_id[name],
            "firstname": name.split(" ", 1)[0],
            "surname": name.split(" ", 1)[1] if " " in name else "",
        }
        for name in people
    ]
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}


def dumps(store: MapStore) -> str:
    """Write a map as AIFdb-style JSON (see the module documentation for what it keeps)."""
    return json.dumps(to_json(extract(store)), indent=2, ensure_ascii=False) + "\n"


def dump(store: MapStore, path: str | Path) -> Path:
    """Write a map as AIF JSON to ``path`` (atomically)."""
    return atomic_write(path, dumps(store).encode("utf-8"))


def _write(store: MapStore) -> bytes:
    return dumps(store).encode("utf-8")


def sniff(head: bytes) -> bool:
    """Whether the first bytes of a ``.json`` file look like an AIF nodeset.

    >>> sniff(b'{"nodes": [{"nodeID": "1", "type": "I"}], "edges": []}')
    True
    >>> sniff(b'{"statements": {}, "arguments": {}}')
    False
    """
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body.startswith(b"{"):
        return False
    return any(key in body for key in (b'"nodeID"', b'"fromID"', b'"AIF"'))


FORMAT = register(
    Format(
        name="aif",
        extensions=(".json",),
        media_type="application/json",
        description="AIF JSON (AIFdb and OVA nodesets, xAIF)",
        reader=_read,
        writer=_write,
        sniff=sniff,
        cannot_carry=CANNOT_CARRY,
    )
)
