"""The store: an rdflib ``Dataset`` over Oxigraph, and the only module that knows Oxigraph.

Asserted triples live in the default graph; every derived triple lives in the named
graph :data:`graph.vocab.DERIVED_GRAPH`. Queries see the union of both.

Parsing and serialising go straight to pyoxigraph (the same parsers oxrdflib's
``ox-turtle`` and friends call): it loads in one transaction, reports syntax errors
with their line and column, and avoids rdflib adding triples one at a time.
Traversals use ``rows`` (a SPARQL SELECT evaluated by Oxigraph) rather than
``Graph.triples``, which oxrdflib makes several times slower.

>>> s = loads('<urn:a> <urn:b> "c" .', format="turtle")
>>> s.count()
1
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph import xml_entities
from graph.errors import InputError, QueryError
from graph.output import atomic_write
from graph.vocab import DERIVED_GRAPH, PREFIXES, REASONING_GRAPH, data_file

__all__ = [
    "DEFAULT_SOURCE",
    "MapStore",
    "RdfSyntax",
    "Term",
    "atomic_write",
    "default_source",
    "from_ox",
    "loads",
    "locate",
    "new_store",
    "ox_node",
    "parse_into",
    "read_source_bytes",
    "term_value",
    "to_ox",
]

#: The seed that ``argmap build`` runs on when given no source.
DEFAULT_SOURCE = "nato-ukraine.ttl"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class RdfSyntax:
    """An RDF syntax that Oxigraph parses and writes."""

    name: str
    extensions: tuple[str, ...]
    media_type: str
    ox_format: ox.RdfFormat
    quads: bool = False


RDF_SYNTAXES: tuple[RdfSyntax, ...] = (
    RdfSyntax("turtle", (".ttl",), "text/turtle", ox.RdfFormat.TURTLE),
    RdfSyntax("ntriples", (".nt",), "application/n-triples", ox.RdfFormat.N_TRIPLES),
    RdfSyntax("nquads", (".nq",), "application/n-quads", ox.RdfFormat.N_QUADS, quads=True),
    RdfSyntax("trig", (".trig",), "application/trig", ox.RdfFormat.TRIG, quads=True),
    RdfSyntax("jsonld", (".jsonld",), "application/ld+json", ox.RdfFormat.JSON_LD, quads=True),
    RdfSyntax("rdfxml", (".rdf", ".owl", ".xml"), "application/rdf+xml", ox.RdfFormat.RDF_XML),
)


def default_source() -> Path:
    """Return the path of the embedded default map (the NATO article).

    >>> default_source().name
    'nato-ukraine.ttl'
    """
    return data_file("seeds", DEFAULT_SOURCE)


def to_ox(term: Node) -> Term:
    """Convert an rdflib term to the pyoxigraph term it names.

    >>> to_ox(URIRef("urn:x"))
    <NamedNode value=urn:x>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    """Convert a pyoxigraph term to the rdflib term it names.

    >>> from_ox(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def ox_node(value: str) -> ox.NamedNode | ox.BlankNode:
    """The node that :func:`term_value` (or :meth:`MapStore.rows`) wrote as ``value``.

    >>> ox_node("_:b1"), ox_node("urn:a")
    (<BlankNode value=b1>, <NamedNode value=urn:a>)
    """
    return ox.BlankNode(value[2:]) if value.startswith("_:") else ox.NamedNode(value)


def term_value(term: object) -> str | None:
    """A term's string value as :meth:`MapStore.rows` gives it (a blank node as
    ``_:id``; None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))


def _mentions_blank(t: ox.Triple) -> bool:
    """Whether a blank node occurs in ``t`` (a quoted triple counts as one that may)."""
    return isinstance(t.subject, ox.BlankNode | ox.Triple) or isinstance(
        t.object, ox.BlankNode | ox.Triple
    )


def tree_labels(triples: Iterable[ox.Triple | ox.Quad]) -> dict[ox.BlankNode, ox.BlankNode] | None:
    """Canonical names for blank nodes that form trees, or None where they do not.

    A map's blank nodes are nearly always trees hanging from an IRI (an anchor and
    its selectors, an AIF locution's parts): each is the object of one triple at most,
    and none reaches itself. Such a node is named by a hash of where it hangs (its
    parent's IRI or name and the predicate) and of everything below it, so equal maps
    get equal names however their blank nodes were labelled when read. That is linear
    where RDFC-1.0 is not (50 s of a 1M-triple build). None when a node has two
    parents, a cycle, a quoted triple, or two nodes would get one name: the caller
    then canonicalises with RDFC-1.0.

    >>> a, b = ox.BlankNode("x1"), ox.BlankNode("x2")
    >>> s, p, q = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/q")
    >>> one = tree_labels([ox.Triple(s, p, a), ox.Triple(a, q, ox.Literal("v"))])
    >>> two = tree_labels([ox.Triple(s, p, b), ox.Triple(b, q, ox.Literal("v"))])
    >>> one[a] == two[b]
    True
    >>> tree_labels([ox.Triple(s, p, a), ox.Triple(s, q, a)]) is None  # two parents
    True
    """
    rows = []
    for t in triples:
        if isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
            return None
        rows.append((str(t.subject).encode(), t.predicate.value.encode(), str(t.object).encode()))
    names = _tree_names(rows)
    if names is None:
        return None
    return {
        ox.BlankNode(node[2:].decode()): ox.BlankNode(name.decode()) for node, name in names.items()
    }


def _tree_names(triples: Iterable[tuple[bytes, bytes, bytes]]) -> dict[bytes, bytes] | None:
    """:func:`tree_labels` over triples written as N-Triples terms in UTF-8 (the subject
    and the object, a blank node as ``_:id``; the predicate's IRI): each blank node's
    new label, keyed by its ``_:id``. Working on the bytes as Oxigraph writes them, a
    big map's blank nodes need no Python term, nor even a string, each (at 1M triples,
    half of the Turtle)."""
    import hashlib

    blake2b = hashlib.blake2b
    below: dict[bytes, list[tuple[bytes, bytes]]] = {}
    parent: dict[bytes, tuple[bytes, bytes]] = {}
    for subject, predicate, obj in triples:
        if obj[:2] == b"_:":
            if obj in parent:
                return None
            parent[obj] = (subject, predicate)
            if obj not in below:
                below[obj] = []
        elif obj[:2] == b"<<":
            return None
        if subject[:2] == b"_:":
            if subject in below:
                below[subject].append((predicate, obj))
            else:
                below[subject] = [(predicate, obj)]
        elif subject[:2] == b"<<":
            return None
    content: dict[bytes, bytes] = {}

    def content_of(node: bytes, depth: int = 0) -> bytes | None:
        done = content.get(node)
        if done is not None:
            return done
        if depth > 64:  # a cycle (or a tree too deep to be a map's): RDFC-1.0 decides
            return None
        parts = []
        for predicate, obj in below[node]:
            if obj[:2] == b"_:":
                inner = content_of(obj, depth + 1)
                if inner is None:
                    return None
                parts.append(predicate + b" [" + inner + b"]")
            else:
                parts.append(predicate + b" " + obj)
        parts.sort()
        made = content[node] = blake2b(b"\n".join(parts), digest_size=16).hexdigest().encode()
        return made

    names: dict[bytes, bytes] = {}

    def name_of(node: bytes, depth: int = 0) -> bytes | None:
        done = names.get(node)
        if done is not None:
            return done
        inner = content_of(node)
        if inner is None or depth > 64:
            return None
        where = b"root"
        if node in parent:
            subject, predicate = parent[node]
            if subject[:2] == b"_:":
                up = name_of(subject, depth + 1)
                if up is None:
                    return None
                where = b"_:" + up + b" " + predicate
            else:
                where = subject + b" " + predicate
        digest = blake2b(where + b"\n" + inner, digest_size=12).hexdigest()
        made = names[node] = b"b" + digest.encode()
        return made

    for node in below:
        if name_of(node) is None:
            return None
    if len(set(names.values())) != len(names):
        return None  # two nodes alike in every way: RDFC-1.0 tells them apart
    return names


@dataclass
class MapStore:
    """A map's triples: asserted in the default graph, derived in their own graph.

    ``oxigraph`` holds the triples; ``dataset`` is the rdflib view of the same store
    (the Python API users hold, made when first asked for: rdflib's SPARQL, which
    the view loads, is a tenth of a small build's time); ``path`` is the file the map
    came from, against which ``am:textFile`` paths are resolved.
    """

    oxigraph: ox.Store
    path: Path | None = None
    sources: list[Path] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    #: For a store of several maps: each map's named graph and the file it came from.
    graphs: dict[str, Path] = field(default_factory=dict)
    #: Where a reader found each node it made (IRI -> line, column in ``path``), for
    #: readers that know it (Argdown); problems point there before searching the file.
    origins: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add_map(self, other: MapStore, graph_name: str, path: Path) -> None:
        """Copy another map's asserted triples into the named graph ``graph_name``.

        The copy is made inside Oxigraph (written out as N-Triples and read back into
        the graph): on the 1,484 files of QT30 a Python quad per triple took 4 s. Its
        blank nodes are renamed apart, as merging RDF graphs asks.
        """
        graph = ox.NamedNode(graph_name)
        inner = other.oxigraph
        if any(True for _ in inner.named_graphs()):  # not from a reader: copied as it is
            self.oxigraph.extend(
                ox.Quad(q.subject, q.predicate, q.object, graph)
                for q in inner.quads_for_pattern(None, None, None, None)
            )
        elif written := inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()):
            self.oxigraph.load(written, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        self.graphs[graph_name] = path
        self.sources.append(path)
        for prefix, iri in other.prefixes.items():
            self.prefixes.setdefault(prefix, iri)

    def namespaces(self) -> dict[str, str]:
        """The argmap prefixes plus those the source declared (argmap's win a clash)."""
        declared = {k: v for k, v in self.prefixes.items() if k not in PREFIXES}
        return {**PREFIXES, **dict(sorted(declared.items()))}

    _dataset: Dataset | None = field(default=None, repr=False, compare=False)

    @property
    def dataset(self) -> Dataset:
        """The map as an rdflib ``Dataset`` over the same Oxigraph store (the default
        graph is the union of all graphs): what rdflib users query and change."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore

            self._dataset = Dataset(store=OxigraphStore(store=self.oxigraph), default_union=True)
        return self._dataset

    def compact(self, iri: str) -> str:
        """Write an IRI with one of the map's prefixes where one fits, else in brackets.

        >>> new_store().compact("https://w3id.org/argmap#Claim")
        'am:Claim'
        """
        if iri.startswith("_:"):
            return iri
        best = max(
            ((p, ns) for p, ns in self.namespaces().items() if iri.startswith(ns)),
            key=lambda pn: len(pn[1]),
            default=None,
        )
        if best and re.fullmatch(r"[\w.-]*", iri[len(best[1]) :]):
            return f"{best[0]}:{iri[len(best[1]) :]}"
        return f"<{iri}>"

    def count(self, *, derived: bool | None = None, graph: str | None = None) -> int:
        """Count quads: asserted only (``derived=False``), derived only, or all; or
        those of one ``graph``."""
        if graph is not None:
            # counted inside Oxigraph: a Python object per quad took seconds at 1M
            found = self.oxigraph.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            )
            assert isinstance(found, ox.QuerySolutions)
            return int(next(iter(found))[0].value)
        if derived is None:
            return len(self.oxigraph)
        in_derived = self.count(graph=DERIVED_GRAPH) + self.count(graph=REASONING_GRAPH)
        return in_derived if derived else len(self.oxigraph) - in_derived

    def rows(
        self, query: str, bindings: Mapping[str, Node] | None = None
    ) -> Iterator[tuple[str | None, ...]]:
        """Run a SELECT over asserted and derived triples; yield each row's values.

        IRIs and literals come back as their string value, blank nodes as ``_:id``,
        unbound variables as None. The argmap prefixes are predeclared.
        """
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("rows() needs a SELECT query")
        for solution in result:
            yield tuple(term_value(term) for term in solution)

    def solutions(self, query: str) -> Iterator[tuple[Term | None, ...]]:
        """Run a SELECT as :meth:`rows` does; yield each row's pyoxigraph terms
        (None where unbound), for a caller that makes triples of them."""
        result = self._query(query, None)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("solutions() needs a SELECT query")
        for solution in result:
            yield tuple(solution)

    def construct(self, query: str) -> list[ox.Triple]:
        """Run a CONSTRUCT over asserted and derived triples."""
        result = self._query(query, None)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("construct() needs a CONSTRUCT query")
        return list(result)

    def _query(
        self, query: str, bindings: Mapping[str, Node] | None, *, reasoning: bool = True
    ) -> object:
        """Run a query over every graph; without ``reasoning``, over every graph but
        the reasoning graph (which then does not exist for the query)."""
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        if reasoning:
            return self.oxigraph.query(
                query,
                prefixes=self.namespaces(),
                use_default_graph_as_union=True,
                substitutions=substitutions,  # type: ignore[arg-type]
            )
        skip = ox.NamedNode(REASONING_GRAPH)
        named = [g for g in self.oxigraph.named_graphs() if g != skip]
        return self.oxigraph.query(
            query,
            prefixes=self.namespaces(),
            default_graph=[ox.DefaultGraph(), *named],
            named_graphs=named,
            substitutions=substitutions,  # type: ignore[arg-type]
        )

    def add_asserted(
        self,
        triples: Iterable[Triple | tuple[Node | Term, Node | Term, Node | Term]],
        *,
        graph_name: str | None = None,
    ) -> None:
        """Add asserted triples: what a reader builds a map from.

        Their terms are rdflib's, or pyoxigraph's as they are (a reader of big corpora
        makes its literals so: an rdflib literal costs ten times more). They go into
        the default graph, or into the named graph ``graph_name`` when several maps
        share one store.
        """
        graph: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(graph_name) if graph_name else ox.DefaultGraph()
        )
        named: dict[str, ox.NamedNode] = {}  # an IRI comes back several times: made once

        def term(t: Node | Term) -> Term:
            if type(t) is URIRef:
                found = named.get(t)
                if found is None:
                    found = named[t] = ox.NamedNode(t)
                return found
            if isinstance(t, (ox.NamedNode, ox.Literal, ox.BlankNode)):
                return t
            return to_ox(t)

        self.oxigraph.extend(
            ox.Quad(term(s), term(p), term(o), graph)  # type: ignore[arg-type]
            for s, p, o in triples
        )

    def add_derived(
        self,
        triples: Iterable[ox.Triple | Triple],
        *,
        graph_name: str = DERIVED_GRAPH,
        fresh: bool = False,
    ) -> int:
        """Add triples to a derived graph (by default :data:`DERIVED_GRAPH`).

        A triple the map already holds, asserted or derived, is not added again:
        the union that queries see would otherwise count it twice. With ``fresh``,
        the caller vouches that none is held (they describe what the map leaves
        out), and they are added as they are.

        Returns how many were added.
        """
        graph = ox.NamedNode(graph_name)
        inner = self.oxigraph
        seen: dict[ox.Triple, None] = {}  # keyed by the Triple: a tuple of terms hashes 8x slower
        for t in triples:
            if not isinstance(t, ox.Triple):
                t = ox.Triple(*(to_ox(x) for x in t))  # type: ignore[arg-type]
            seen[t] = None
        if fresh:
            return self.add_fresh([ox.Quad(t.subject, t.predicate, t.object, graph) for t in seen])
        if len(seen) < _LOOKUPS:
            # A few: one lookup each (about 9 µs).
            new = [
                t
                for t in seen
                if next(iter(inner.quads_for_pattern(t.subject, t.predicate, t.object, None)), None)
                is None
            ]
        else:
            # Many: into a graph of their own, then copied inside Oxigraph where no
            # graph holds them yet (about 3 µs a triple, against 9 for a lookup).
            return self._add_many(seen, graph)
        inner.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in new)
        return len(new)

    def add_fresh(self, quads: list[ox.Quad]) -> int:
        """Add quads into derived graphs that the caller vouches no graph holds yet
        (they describe what the map leaves out), as they are; returns how many.

        They go in without a transaction (three times faster): the list is whole
        before anything is written, so nothing can fail halfway through it.
        """
        self.oxigraph.bulk_extend(quads)
        return len(quads)

    def _add_many(self, triples: Iterable[ox.Triple], graph: ox.NamedNode) -> int:
        inner = self.oxigraph
        pending = ox.NamedNode(_PENDING)
        inner.extend(ox.Quad(t.subject, t.predicate, t.object, pending) for t in triples)
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }}"

        def size() -> int:
            solutions = inner.query(count)
            assert isinstance(solutions, ox.QuerySolutions)
            return int(next(iter(solutions))[0].value)

        before = size()
        try:
            inner.update(
                f"INSERT {{ GRAPH <{graph.value}> {{ ?s ?p ?o }} }} WHERE {{ "
                f"GRAPH <{_PENDING}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{_PENDING}>) }} }}"
            )
        finally:
            inner.update(f"DROP SILENT GRAPH <{_PENDING}>")
        return size() - before

    def quads(self, *, derived: bool = True) -> Iterator[ox.Quad]:
        """Every quad, or (``derived=False``) only those outside the derived graphs."""
        skip = {str(DERIVED_GRAPH), str(REASONING_GRAPH)}
        for q in self.oxigraph.quads_for_pattern(None, None, None, None):
            if derived or not (
                isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip
            ):
                yield q

    def triples_sorted(self, *, derived: bool = True) -> list[ox.Triple]:
        """All triples merged into one graph, blank nodes canonical, sorted.

        With ``derived=False``, only the asserted ones.
        """
        seen = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(derived=derived)}
        # RDFC-1.0 labels a blank node from the triples that mention blank nodes alone,
        # so only those go through canonicalisation (at 1M triples, a tenth of them:
        # building and reading back an ox.Dataset of every triple took 50 s).
        blank = [t for t in seen if _mentions_blank(t)]
        names = tree_labels(blank) if blank else None
        if names is not None:
            seen.difference_update(blank)
            seen.update(
                ox.Triple(
                    names.get(t.subject, t.subject),  # type: ignore[arg-type]
                    t.predicate,
                    names.get(t.object, t.object),  # type: ignore[arg-type]
                )
                for t in blank
            )
        elif blank:
            dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in blank)
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
            seen.difference_update(blank)
            seen.update(ox.Triple(q.subject, q.predicate, q.object) for q in dataset)
        # str(t) is "S P O" in N-Triples: the same order as sorting by (S, P, O), since a
        # term is never a prefix of a different term followed by a space, and 2.5x faster.
        return sorted(seen, key=str)

    def merged_graph(self, *, derived: bool = True) -> Graph:
        """An in-memory rdflib ``Graph`` of all triples (a copy); ``derived=False``:
        only the asserted ones."""
        graph = Graph()
        for prefix, iri in self.namespaces().items():
            graph.bind(prefix, iri)
        graph += (
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
            for q in self.quads(derived=derived)
        )
        return graph

    def serialize(self, syntax: str = "turtle", *, derived: bool = True) -> bytes:
        """Serialise the map deterministically: asserted and derived triples merged,
        or (``derived=False``) the asserted ones alone."""
        fmt = syntax_for(syntax)
        lines = self._sorted_ntriples(derived)
        if lines is None:  # blank nodes that are not trees: RDFC-1.0 names them
            triples: Iterable[ox.Triple] | Iterable[ox.Quad] = self.triples_sorted(derived=derived)
        elif fmt.ox_format == ox.RdfFormat.N_TRIPLES:
            return lines
        else:
            triples = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
        out = ox.serialize(triples, format=fmt.ox_format, prefixes=self.namespaces())
        assert out is not None  # no output file given: the bytes come back
        return out

    def _sorted_ntriples(self, derived: bool) -> bytes | None:
        """:meth:`triples_sorted` as N-Triples, when the blank nodes are trees (None
        when not). Oxigraph writes the lines, and the blank nodes are renamed in
        their text: no triple becomes a Python term (at 1M triples, making a term of
        every triple to sort them took most of the Turtle's 52 s)."""
        skip = {str(DERIVED_GRAPH), str(REASONING_GRAPH)}
        graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph()]
        graphs += [
            g
            for g in self.oxigraph.named_graphs()
            if derived or not (isinstance(g, ox.NamedNode) and g.value in skip)
        ]
        # each graph dumped as it is (a CONSTRUCT over their union took twice as long)
        dumps = [
            self.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"" for g in graphs
        ]
        lines: set[bytes] = set()
        blank: set[bytes] = set()
        for graph, written in zip(graphs, dumps, strict=True):
            found = written.split(b"\n")
            # A literal holding "_:" comes along too, and is written back unchanged.
            if self._has_blank(graph):
                blank.update(line for line in found if b"_:" in line or b"<<" in line)
            lines.update(found)
        if blank:
            split = []
            for line in blank:
                # "S P O ." as Oxigraph writes it: no space in S or P
                subject, predicate, rest = line.split(b" ", 2)
                split.append((subject, predicate[1:-1], rest[:-2]))
            names = _tree_names(split)
            if names is None:
                return None
            lines.difference_update(blank)
            lines.update(
                b"%s <%s> %s ." % (_renamed(s, names), p, _renamed(o, names)) for s, p, o in split
            )
        lines.discard(b"")
        if not lines:
            return b""
        # UTF-8 bytes sort as their code points do: the order of triples_sorted.
        return b"\n".join(sorted(lines)) + b"\n"

    def _has_blank(self, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
        """Whether a blank node (or a quoted triple) is in ``graph``: Oxigraph looks."""
        if isinstance(graph, ox.BlankNode):
            return True  # no SPARQL names it: its lines are looked through
        where = "" if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} "
        query = (
            f"ASK {{ {where}{{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o) "
            "|| isTriple(?s) || isTriple(?o)) } }"
        )
        return bool(self.oxigraph.query(query, use_default_graph_as_union=False))


def _renamed(term: bytes, names: dict[bytes, bytes]) -> bytes:
    return b"_:" + names[term] if term in names else term


def syntax_for(name: str) -> RdfSyntax:
    """Find an RDF syntax by name (files are matched by extension in ``graph.formats``).

    >>> syntax_for("ntriples").media_type
    'application/n-triples'
    """
    for syntax in RDF_SYNTAXES:
        if name == syntax.name:
            return syntax
    known = ", ".join(s.name for s in RDF_SYNTAXES)
    raise InputError(f"unknown RDF syntax {name!r}: expected one of {known}")


def new_store(path: Path | None = None) -> MapStore:
    """Create an empty store."""
    return MapStore(ox.Store(), path=path)


_SYNTAX_AT = re.compile(r"line (\d+) column (\d+)")
_PREFIX_DECL = re.compile(rb"(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>\s]*)>", re.IGNORECASE)


def absolute_iri(iri: str) -> bool:
    """Whether ``iri`` can be a prefix the writers declare (absolute, and valid).

    >>> absolute_iri("https://w3id.org/argmap#"), absolute_iri("//example.org/")
    (True, False)
    """
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        return False  # relative: the parser resolves it, the writers could not
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def parse_into(
    store: MapStore, data: bytes | str, syntax: RdfSyntax, *, path: str | None, base: str | None
) -> None:
    if syntax.ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        raw = data.encode("utf-8") if isinstance(data, str) else data
        for name, iri in _PREFIX_DECL.findall(raw):
            if name and absolute_iri(iri.decode("utf-8", "replace")):
                store.prefixes.setdefault(name.decode(), iri.decode())
    if syntax.ox_format == ox.RdfFormat.RDF_XML:
        xml_entities.check(data, path)  # before Oxigraph expands any of them
    try:
        if syntax.quads:
            store.oxigraph.load(data, format=syntax.ox_format, base_iri=base)
        else:
            store.oxigraph.load(
                data, format=syntax.ox_format, base_iri=base, to_graph=ox.DefaultGraph()
            )
    except SyntaxError as exc:
        line, column = exc.lineno, exc.offset
        message = exc.msg or str(exc)
        match = _SYNTAX_AT.search(message)
        if line is None and match:
            line, column = int(match.group(1)), int(match.group(2))
        message = re.sub(r"^Parser error (between|at) [^:]*: ", "", message)
        raise InputError(
            f"not valid {syntax.name}: {message}", path=path, line=line, column=column
        ) from exc
    except (ValueError, OSError) as exc:
        raise InputError(f"not valid {syntax.name}: {exc}", path=path) from exc


def loads(data: bytes | str, *, format: str = "turtle", base: str | None = None) -> MapStore:
    """Parse RDF text into a new store.

    >>> loads("@prefix am: <https://w3id.org/argmap#> . <urn:s> a am:Claim .").count()
    1
    """
    store = new_store()
    parse_into(store, data, syntax_for(format), path=None, base=base)
    return store


def read_text_file(path: Path) -> str:
    """Read a source text (UTF-8), with a one-line message for what cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such text file", path=str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text: expected a plain text file", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("a folder, not a text file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror}", path=str(path)) from None


def read_source_bytes(path: Path) -> bytes:
    """Read a source file, refusing what cannot be a map before any parser sees it."""
    from graph.limits import max_input, size_text

    limit = max_input()
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"the file is {size_text(size)}, over argmap's limit of {size_text(limit)} "
                "for one source (ARGMAP_MAX_INPUT=2G, say, raises it)",
                path=str(path),
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from exc
    if not data.strip():
        raise InputError("the file is empty: expected an argument map", path=str(path))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            "not UTF-8 text (binary file?): expected an RDF document",
            path=str(path),
            line=line,
            column=column,
        ) from None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(
            "contains NUL bytes (binary file?): expected an RDF document", path=str(path), line=line
        )
    return data


#: Below this many new triples, :meth:`MapStore.add_derived` looks each one up.
_LOOKUPS = 2000
#: Where :meth:`MapStore.add_derived` puts many new triples while it sorts them out.
_PENDING = "https://w3id.org/argmap/graph/pending"

_READ: dict[Path, tuple[int, int, str]] = {}


def _file_text(path: Path) -> str | None:
    """A file's text, read once while its size and modification time stay the same
    (a map with a thousand problems is searched a thousand times)."""
    try:
        st = path.stat()
        held = _READ.get(path)
        if held is not None and held[:2] == (st.st_size, st.st_mtime_ns):
            return held[2]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    _READ.clear()  # one file at a time: the map being checked
    _READ[path] = (st.st_size, st.st_mtime_ns, text)
    return text


_LINE_STARTS: dict[int, tuple[str, list[int]]] = {}


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of ``offset`` in ``text``, by a bisection of the
    text's line starts, kept for the last few texts asked about (a text with a
    thousand problems is asked a thousand times).

    >>> line_column("one\\ntwo", 5)
    (2, 2)
    """
    held = _LINE_STARTS.get(id(text))
    if held is None or held[0] is not text:
        if len(_LINE_STARTS) > 8:
            _LINE_STARTS.clear()
        starts = [0, *(m.end() for m in re.finditer("\n", text))]
        held = _LINE_STARTS[id(text)] = (text, starts)
    starts = held[1]
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def locate(path: Path | None, needle: str) -> tuple[int, int] | None:
    """Return the (line, column) of the first occurrence of ``needle`` in a file.

    Parsers do not keep positions for triples; for a problem found after parsing
    (a quote not in the text, a dangling reference) this points the user at the
    place in their file where the offending value is written.
    """
    if path is None or not needle:
        return None
    text = _file_text(path)
    if text is None:
        return None
    index = text.find(needle)
    return line_column(text, index) if index >= 0 else None
