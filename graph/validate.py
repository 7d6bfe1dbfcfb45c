"""Validation: referential integrity of the asserted map, then its SHACL shapes.

Integrity checks run as SPARQL over the asserted triples before anything is
derived: a premise that is not a statement, a target that does not exist, an
inference without a conclusion, a relation to an unknown node. The SHACL shapes
(``ontology/shapes.ttl``) check the rest: cardinalities, datatypes, anchors. Two
engines check them, with the same results: rudof (Rust, through pyrudof; the default)
and pyshacl (the reference; ``ARGMAP_SHACL=pyshacl``). Each is imported only here, and
only when shapes are checked.

Every problem names the file (with line and column where the offending name is
written), the node, what is wrong and how to fix it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.derive import known_schemes, superclasses
from graph.errors import InputError, Problem
from graph.store import MapStore, from_ox, locate, to_ox
from graph.vocab import AM, OA, ontology_file

__all__ = ["INTEGRITY_CHECKS", "SHAPES", "Check", "check_integrity", "check_shapes"]

#: The namespace of argmap's SHACL shapes; a problem's ``rule`` is a shape's local name.
SHAPES = "https://w3id.org/argmap/shapes#"


def _classes(root: str) -> str:
    ns = str(AM._NS)
    names = sorted({ns + root} | {c for c, supers in superclasses().items() if ns + root in supers})
    return " ".join(f"<{n}>" for n in names)


def _is(var: str, root: str) -> str:
    return f"EXISTS {{ {var} a ?_t{root} . VALUES ?_t{root} {{ {_classes(root)} }} }}"


def _defined(var: str) -> str:
    return f"EXISTS {{ {var} ?_p ?_o }}"


@dataclass(frozen=True)
class Check:
    """One integrity rule: a query that selects ``?node`` and ``?value`` where it breaks."""

    name: str
    query: str
    message: str
    fix: str


def _checks() -> tuple[Check, ...]:
    def statement(var: str) -> str:
        return _is(var, "Statement")

    def inference(var: str) -> str:
        return _is(var, "Inference")

    # every node typed as an inference (of any kind), looked up by its type
    inferences = f"VALUES ?t {{ {_classes('Inference')} }} ?node a ?t ."
    schemes = ", ".join(f"<{s}>" for s in known_schemes())
    return (
        Check(
            "premise-not-statement",
            f"SELECT ?node ?value WHERE {{ ?node am:premise ?value "
            f"FILTER(!{statement('?value')}) }}",
            "premise {value} is {what}",
            "declare it as an am:Statement (am:Claim, am:Evidence, ...) or fix the name",
        ),
        Check(
            "conclusion-not-statement",
            f"SELECT ?node ?value WHERE {{ ?node am:conclusion ?value "
            f"FILTER(!{statement('?value')}) }}",
            "conclusion {value} is {what}",
            "declare it as an am:Statement (am:Claim, am:Evidence, ...) or fix the name",
        ),
        Check(
            "inference-without-conclusion",
            f"SELECT DISTINCT ?node (?node AS ?value) WHERE {{ {inferences} "
            "FILTER NOT EXISTS { ?node am:conclusion ?c } }",
            "inference has no am:conclusion",
            "add am:conclusion with the statement it concludes",
        ),
        Check(
            "inference-with-several-conclusions",
            "SELECT ?node (SAMPLE(?c) AS ?value) WHERE { ?node am:conclusion ?c } "
            "GROUP BY ?node HAVING (COUNT(DISTINCT ?c) > 1)",
            "inference has several am:conclusion values",
            "split it into one inference per conclusion",
        ),
        Check(
            "inference-without-premise",
            f"SELECT DISTINCT ?node (?node AS ?value) WHERE {{ {inferences} "
            "FILTER NOT EXISTS { ?node am:premise ?p } }",
            "inference has no am:premise",
            "add am:premise with the statement(s) it reasons from",
        ),
        Check(
            "conflict-without-attacker",
            "SELECT ?node (?node AS ?value) WHERE { ?node a am:Conflict "
            "FILTER NOT EXISTS { ?node am:attacker ?a } }",
            "conflict has no am:attacker",
            "add am:attacker with the attacking statement",
        ),
        Check(
            "conflict-without-target",
            "SELECT ?node (?node AS ?value) WHERE { ?node a am:Conflict "
            "FILTER NOT EXISTS { ?node am:target ?a } }",
            "conflict has no am:target",
            "add am:target with the statement or inference it attacks",
        ),
        Check(
            "attacker-not-statement",
            f"SELECT ?node ?value WHERE {{ ?node am:attacker ?value "
            f"FILTER(!{statement('?value')}) }}",
            "attacker {value} is {what}",
            "declare it as an am:Statement or fix the name",
        ),
        Check(
            "target-unknown",
            f"SELECT ?node ?value WHERE {{ ?node am:target ?value "
            f"FILTER(!{statement('?value')} && !{inference('?value')}) "
            "FILTER NOT EXISTS { ?value a am:Conflict } }",
            "target {value} is {what}",
            "point am:target at a statement (rebuttal), an am:Inference (undercut) or "
            "an am:Conflict (an attack on an attack)",
        ),
        Check(
            "supports-unknown",
            f"SELECT ?node ?value WHERE {{ ?node am:supports ?value "
            f"FILTER(!{statement('?value')}) }}",
            "supports {value}, which is {what}",
            "declare the supported node as an am:Statement or fix the name",
        ),
        Check(
            "supporter-not-statement",
            f"SELECT ?node (?node AS ?value) WHERE {{ ?node am:supports ?x "
            f"FILTER(!{statement('?node')}) }}",
            "is used with am:supports but is {what}",
            "declare it as an am:Statement (am:Claim, am:Evidence, ...)",
        ),
        Check(
            "attacks-unknown",
            f"SELECT ?node ?value WHERE {{ ?node am:attacks ?value "
            f"FILTER(!{statement('?value')} && !{inference('?value')}) }}",
            "attacks {value}, which is {what}",
            "attack a statement (rebuttal) or an am:Inference (undercut), or fix the name",
        ),
        Check(
            "attacker-via-shortcut-not-statement",
            f"SELECT ?node (?node AS ?value) WHERE {{ ?node am:attacks ?x "
            f"FILTER(!{statement('?node')}) }}",
            "is used with am:attacks but is {what}",
            "declare it as an am:Statement (am:Claim, am:Evidence, ...)",
        ),
        Check(
            "speaker-unknown",
            "SELECT ?node ?value WHERE { ?node prov:wasAttributedTo ?value "
            "FILTER NOT EXISTS { ?value a am:Actor } }",
            "speaker {value} is {what}",
            "declare it as an am:Actor with an rdfs:label",
        ),
        Check(
            "mention-unknown",
            "SELECT ?node ?value WHERE { ?node am:mentions ?value "
            "FILTER NOT EXISTS { ?value a am:Actor } }",
            "mentions {value}, which is {what}",
            "declare it as an am:Actor with an rdfs:label",
        ),
        Check(
            "anchor-source-unknown",
            "SELECT ?node ?value WHERE { ?node am:anchor ?a . ?a oa:hasSource ?value "
            "FILTER NOT EXISTS { ?value a am:SourceDocument } }",
            "its anchor's source {value} is {what}",
            "declare the source as an am:SourceDocument with an am:textFile",
        ),
        Check(
            "main-conclusion-not-statement",
            f"SELECT ?node ?value WHERE {{ ?node am:mainConclusion ?value "
            f"FILTER(!{statement('?value')}) }}",
            "main conclusion {value} is {what}",
            "name a statement of the map with am:mainConclusion",
        ),
        Check(
            "scheme-unknown",
            "SELECT ?node ?value WHERE { ?node am:scheme ?value "
            f"FILTER(?value NOT IN ({schemes})) FILTER NOT EXISTS {{ ?value a am:Scheme }} }}",
            "scheme {value} is not a scheme of the argmap ontology",
            "use one of the am:Scheme individuals in ontology/argmap.ttl, or declare "
            "your own as an am:Scheme",
        ),
    )


INTEGRITY_CHECKS = _checks()


_GRAPH_OF = "SELECT ?s ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"


def _file_of(store: MapStore, *iris: str) -> Path | None:
    """The file a node comes from: in a store of several maps, the file of the first
    map (named graph) that describes one of ``iris``; else the store's own file."""
    if store.graphs:
        for iri in iris:
            if iri.startswith("_:"):
                continue
            for _, graph in store.rows(_GRAPH_OF, {"s": URIRef(iri)}):
                if graph in store.graphs:
                    return store.graphs[graph]
    return store.path


def _where(store: MapStore, iri: str, *also: str) -> str:
    """Where ``iri`` is written: its file, with the line and column where found.
    ``also``: nodes whose file stands for it when it is described nowhere (a
    reference to a missing node is shown in the file of the node that makes it)."""
    path = _file_of(store, iri, *also)
    shown = str(path) if path is not None else "<map>"
    if iri in store.origins and path == store.path:
        line, column = store.origins[iri]
        return f"{shown}:{line}:{column}"
    for needle in (store.compact(iri), f"<{iri}>"):
        at = locate(path, needle)
        if at:
            return f"{shown}:{at[0]}:{at[1]}"
    return shown


def _what(store: MapStore, iri: str) -> str:
    if iri.startswith("_:"):
        return "a blank node, not a declared statement"
    known = list(store.rows("SELECT ?s ?p WHERE { ?s ?p ?o } LIMIT 1", {"s": URIRef(iri)}))
    if not known:
        return "not defined anywhere in the map (a typo?)"
    types = [t for (_, t) in store.rows("SELECT ?s ?t WHERE { ?s a ?t }", {"s": URIRef(iri)})]
    if types:
        return "a " + ", ".join(sorted(store.compact(t) for t in types if t))
    return "defined without a type"


def check_integrity(store: MapStore, checks: Iterable[Check] = INTEGRITY_CHECKS) -> list[Problem]:
    """Find references to nodes that are missing or of the wrong kind.

    Run it on the asserted triples, before :func:`graph.derive.derive`.
    """
    problems: list[Problem] = []
    for check in checks:
        for node, value in store.rows(check.query):
            assert node is not None and value is not None
            message = check.message.format(value=store.compact(value), what=_what(store, value))
            location = _where(store, value if value != node else node, node)
            problems.append(
                Problem(
                    location,
                    store.compact(node),
                    message,
                    check.fix,
                    rule=check.name,
                    focus=node,
                    facts={"value": value},
                )
            )
    return sorted(set(problems), key=lambda p: (p.path, p.node, p.message))


def _owner(data: Graph, node: Node) -> Node | None:
    """The statement an anonymous node belongs to (its anchor, or a selector of it)."""
    for statement in data.subjects(AM.anchor, node):
        return statement
    for anchor in data.subjects(OA.hasSelector, node):
        for statement in data.subjects(AM.anchor, anchor):
            return statement
    return None


def _entail(data: Graph, ontology: Graph) -> None:
    """Add to ``data`` the ontology and what RDFS entails of the types and properties
    the shapes look at (:func:`_entailed`), for an rdflib graph."""
    known = _hierarchy_of(tuple(_ox_triples(ontology)))
    for t in _entailed(set(_ox_triples(data)), known) | set(known.triples):
        data.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))


def _ox_triples(graph: Graph) -> Iterator[ox.Triple]:
    for s, p, o in graph:
        yield ox.Triple(to_ox(s), to_ox(p), to_ox(o))  # type: ignore[arg-type]


@dataclass(frozen=True)
class _Hierarchy:
    """What :func:`_entail` reads of the ontology, as pyoxigraph terms."""

    triples: tuple[ox.Triple, ...]
    classes: dict[ox.NamedNode, set[ox.NamedNode]]
    properties: dict[ox.NamedNode, set[ox.NamedNode]]
    domains: dict[ox.NamedNode, set[ox.NamedNode]]
    ranges: dict[ox.NamedNode, set[ox.NamedNode]]


@cache
def _hierarchy(path: Path) -> _Hierarchy:
    """The ontology file's hierarchy, read once."""
    return _hierarchy_of(tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)))


def _hierarchy_of(triples: tuple[ox.Triple, ...]) -> _Hierarchy:
    rdfs = "http://www.w3.org/2000/01/rdf-schema#"

    def pairs(relation: str) -> dict[ox.NamedNode, set[ox.NamedNode]]:
        found: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        for t in triples:
            s, o = t.subject, t.object
            named = isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
            if named and t.predicate.value == rdfs + relation:
                found.setdefault(s, set()).add(o)  # type: ignore[arg-type]
        return found

    def closed(relation: str) -> dict[ox.NamedNode, set[ox.NamedNode]]:
        """Each subject of ``relation`` with all it reaches by it (itself left out)."""
        direct = pairs(relation)
        reached: dict[ox.NamedNode, set[ox.NamedNode]] = {}
        for start in direct:
            seen: set[ox.NamedNode] = set()
            todo = list(direct[start])
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    todo.extend(direct.get(node, ()))
            reached[start] = seen - {start}
        return reached

    return _Hierarchy(
        triples,
        closed("subClassOf"),
        closed("subPropertyOf"),
        pairs("domain"),
        pairs("range"),
    )


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _shape_data(store: MapStore) -> set[ox.Triple]:
    """The triples the shapes are checked against: the map, the ontology and what it
    entails of the map (:func:`_entailed`), in pyoxigraph's terms (making a Python
    object of each triple in rdflib was most of checking a small map)."""
    known = _hierarchy(ontology_file())
    data = {q.triple for q in store.oxigraph.quads_for_pattern(None, None, None, None)}
    return data | _entailed(data, known) | set(known.triples)


def _entailed(data: set[ox.Triple], known: _Hierarchy) -> set[ox.Triple]:
    """What RDFS entails of the types and properties the shapes look at: the
    superclasses of every type, the superproperties of every property, and the types
    that the domains and ranges of properties give (rules rdfs2, 3, 7 and 9 over the
    closed hierarchy).

    The same answers as pyshacl's ``inference="rdfs"`` for these shapes, without the
    whole RDFS closure (which also types every node as a resource, and was a third
    of checking the NATO map).
    """
    added: set[ox.Triple] = set()

    def types(c: ox.NamedNode) -> set[ox.NamedNode]:
        return {c} | known.classes.get(c, set())

    for t in data:
        s, p, o = t.subject, t.predicate, t.object
        for q in {p} | known.properties.get(p, set()):
            if q != p:
                added.add(ox.Triple(s, q, o))
            for d in known.domains.get(q, ()):
                added.update(ox.Triple(s, _RDF_TYPE, c) for c in types(d))
            if not isinstance(o, ox.Literal):
                for r in known.ranges.get(q, ()):
                    added.update(ox.Triple(o, _RDF_TYPE, c) for c in types(r))
        if p == _RDF_TYPE and isinstance(o, ox.NamedNode):
            added.update(ox.Triple(s, _RDF_TYPE, c) for c in known.classes.get(o, ()))
    return added


def _pyshacl() -> Any:
    """pyshacl, with its list of constraint parameters looked up as a set.

    For every shape it validates (3,400 times on the NATO map: each sh:node and sh:or
    validates its shape again per value), pyshacl asks whether each predicate of the
    shape is a constraint parameter with ``in`` on a list of 40 IRIs: 450,000
    comparisons, a fifth of validating the NATO map. Its shape module caches that list
    in ``CONSTRAINT_PARAMS``; argmap puts a frozenset of the same IRIs there (the same
    answers, in one lookup). Where a pyshacl version has no such cache, nothing
    changes.
    """
    import pyshacl
    import pyshacl.shape

    try:
        from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    except ImportError:  # pragma: no cover - another pyshacl layout: left as it is
        return pyshacl
    cached = getattr(pyshacl.shape, "CONSTRAINT_PARAMS", None)
    if not (isinstance(cached, tuple) and isinstance(cached[0], _Parameters)):
        pyshacl.shape.CONSTRAINT_PARAMS = (  # type: ignore[attr-defined]
            _Parameters(ALL_CONSTRAINT_PARAMETERS),
            CONSTRAINT_PARAMETERS_MAP,
        )
    return pyshacl


class _Parameters(list):  # type: ignore[type-arg]
    """pyshacl's list of constraint parameters, answering ``in`` from a set. Still a
    list: with SHACL-AF (``advanced=True``, as the shape tests run) pyshacl copies it
    and appends ``sh:expression`` to the copy, a plain list.

    >>> p = _Parameters(["a", "b"]); "b" in p, "c" in p, p.copy() + ["c"]
    (True, False, ['a', 'b', 'c'])
    """

    def __init__(self, items: Iterable[object]) -> None:
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._set


#: The SHACL engines, chosen with ``ARGMAP_SHACL``: rudof (Rust, the default) or pyshacl.
ENGINES = ("rudof", "pyshacl")


@dataclass(frozen=True)
class ShapeResult:
    """One top-level SHACL validation result, whichever engine found it."""

    focus: Node
    path: Node | None
    message: str | None
    value: Node | None
    warning: bool
    shape: Node | None


def shacl_engine() -> str:
    """The SHACL engine to use: ``ARGMAP_SHACL`` when set, else rudof where its wheel
    installed, else pyshacl.

    Raises:
        InputError: ``ARGMAP_SHACL`` names neither engine, or rudof when it is missing.
    """
    import importlib.util
    import os

    asked = os.environ.get("ARGMAP_SHACL", "").strip().lower()
    if asked and asked not in ENGINES:
        raise InputError(f"ARGMAP_SHACL={asked!r}: expected one of {', '.join(ENGINES)}")
    if asked == "pyshacl":
        return "pyshacl"
    if importlib.util.find_spec("pyrudof") is not None:
        return "rudof"
    if asked == "rudof":
        raise InputError("ARGMAP_SHACL=rudof, but pyrudof is not installed: pip install pyrudof")
    return "pyshacl"


def _pyshacl_results(data: Graph, shapes_file: Path) -> Iterator[ShapeResult]:
    pyshacl = _pyshacl()
    shapes = Graph().parse(shapes_file, format="turtle")
    _conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=False,  # no SHACL-AF feature is used; its set-up cost a third
        allow_warnings=True,
    )
    rows = report.query(
        """
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?message ?value ?severity ?shape WHERE {
          ?report sh:result ?r .
          ?r sh:focusNode ?focus ; sh:resultSeverity ?severity .
          OPTIONAL { ?r sh:resultPath ?path }
          OPTIONAL { ?r sh:resultMessage ?message }
          OPTIONAL { ?r sh:value ?value }
          OPTIONAL { ?r sh:sourceShape ?shape }
        }
        """
    )
    for focus, path, message, value, severity, shape in rows:
        yield ShapeResult(
            focus,
            path,
            str(message) if message is not None else None,
            value,
            str(severity).endswith("#Warning"),
            shape,
        )


def _rudof_term(text: str | None) -> Node | None:
    """A term as rudof prints it (``<iri>`` bare, ``_:b``, ``"v"^^xsd:int``, ``3``)."""
    import pyoxigraph as ox

    from graph.store import from_ox

    if text is None or text == "":
        return None
    if text.startswith("_:"):
        from rdflib import BNode

        return BNode(text[2:])
    if not (text.startswith('"') or text[0] in "+-.0123456789" or text in ("true", "false")):
        return URIRef(text)
    turtle = (
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        f"<urn:s> <urn:p> {text} ."
    )
    try:
        (triple,) = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError):
        return Literal(text)
    term = from_ox(triple.object)
    return term if isinstance(term, Node) else Literal(text)


@cache
def _messages(shapes_file: Path) -> dict[str, str]:
    """The ``sh:message`` of each named shape (its English one where there are several)."""
    import pyoxigraph as ox

    messages: dict[str, str] = {}
    for t in ox.parse(path=str(shapes_file), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == "http://www.w3.org/ns/shacl#message" and isinstance(
            t.subject, ox.NamedNode
        ):
            lang = getattr(t.object, "language", None)
            if t.subject.value not in messages or lang == "en":
                messages[t.subject.value] = t.object.value
    return messages


@contextmanager
def _without_certificates() -> Iterator[None]:
    """No TLS certificates for rudof to load while inside.

    rudof reads the system's CA certificates (for fetching imports, which argmap never
    asks of it) each time it reads shapes or data: 70 ms a call, most of a small map's
    check. Pointing ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` at nothing for the calls
    makes that 0.4 ms. Nothing else in argmap opens a TLS connection while shapes
    are checked; both are put back afterwards.
    """
    names = ("SSL_CERT_FILE", "SSL_CERT_DIR")
    before = {name: os.environ.get(name) for name in names}
    os.environ["SSL_CERT_FILE"] = os.devnull
    os.environ["SSL_CERT_DIR"] = os.devnull
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _rudof_results(data: Graph | set[ox.Triple], shapes_file: Path) -> Iterator[ShapeResult]:
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    strict = pyrudof.ReaderMode.Strict
    if isinstance(data, Graph):
        lines = data.serialize(format="nt", encoding="utf-8").decode("utf-8")
    else:
        written = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES)
        assert written is not None  # no output file given: the bytes come back
        lines = written.decode("utf-8")
    with _without_certificates():
        rudof.read_shacl(shapes_file.read_text(encoding="utf-8"), reader_mode=strict)
        rudof.read_data(lines, format=pyrudof.RDFFormat.NTriples, reader_mode=strict)
        found = rudof.validate_shacl()
    messages = _messages(shapes_file)
    for entry in found:
        shape = _rudof_term(entry.source_shape)
        # rudof puts its own words before the shape's sh:message, or leaves it out
        message = messages.get(str(shape)) if shape is not None else None
        focus = _rudof_term(entry.focus_node)
        assert focus is not None
        yield ShapeResult(
            focus,
            _rudof_term(entry.path),
            message if message is not None else entry.message,
            _rudof_term(entry.value),
            entry.severity == "Warning",
            shape,
        )


def check_shapes(store: MapStore, *, engine: str | None = None) -> list[Problem]:
    """Validate the map (asserted and derived triples) against ``ontology/shapes.ttl``.

    Both engines read the same data (the map with what the ontology entails of its
    types and properties) and give the same results: the shape tests and the corpus
    tests run each. rudof validates the NATO map in 0.03 s, pyshacl in 0.4 s.

    Args:
        engine: ``"rudof"`` or ``"pyshacl"``; :func:`shacl_engine` when None.
    """
    chosen = engine or shacl_engine()
    if chosen not in ENGINES:
        raise ValueError(f"unknown SHACL engine {chosen!r}: expected one of {ENGINES}")
    shapes = ontology_file("shapes.ttl")
    triples = _shape_data(store)
    graphs: list[Graph] = []

    def graph() -> Graph:  # made only when needed: for pyshacl, or an anonymous focus
        if not graphs:
            made = Graph()
            made += ((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in triples)
            graphs.append(made)
        return graphs[0]

    found = (
        _rudof_results(triples, shapes) if chosen == "rudof" else _pyshacl_results(graph(), shapes)
    )
    problems: list[Problem] = []
    for result in found:
        focus, path, message, value, shape = (
            result.focus,
            result.path,
            result.message,
            result.value,
            result.shape,
        )
        owner = focus if isinstance(focus, URIRef) else _owner(graph(), focus)
        node = store.compact(str(owner)) if owner is not None else "(anonymous node)"
        where = (
            _where(store, str(owner))
            if owner is not None
            else (str(store.path) if store.path else "<map>")
        )
        what = str(message) if message is not None else "violates a shape"
        if path is not None and isinstance(path, URIRef):
            what = f"{store.compact(str(path))}: {what}"
        level = "warning" if result.warning else "error"
        rule = str(shape).removeprefix(SHAPES) if isinstance(shape, URIRef) else ""
        facts: dict[str, object] = {}
        if isinstance(path, URIRef):
            facts["path"] = str(path)
        if value is not None:
            facts["value"] = value.toPython() if isinstance(value, Literal) else str(value)
        if owner is not None and owner != focus:
            facts["part"] = str(focus)
        problems.append(
            Problem(
                where,
                node,
                what,
                "",
                level,
                rule=rule,
                focus=str(owner) if owner is not None else "",
                facts=facts,
            )
        )
    return sorted(set(problems), key=lambda p: (p.path, p.node, p.message))
