"""Beyond one machine: push a built map to a SPARQL store, and query a remote endpoint.

``push`` sends a map's triples (asserted, derived and reasoning, merged) into one
named graph of a remote store, in batches, by the SPARQL 1.1 Graph Store Protocol
(``POST`` N-Triples to ``?graph=IRI``) or by SPARQL 1.1 Update (``INSERT DATA``).

A push is resumable without duplicates. An RDF graph is a set, so sending a triple
twice to one graph stores it once, except for blank nodes, which a store renames on
every request. So blank nodes are skolemised first: the triples are canonicalised
(canonical names, by :meth:`graph.store.MapStore.triples_sorted`) and each blank node
becomes the IRI ``https://w3id.org/argmap/.well-known/genid/<hash>``, the hash taken
from the canonical document and the node's canonical label. The same map gives the
same IRIs on every run; a changed map gives new ones (push it into a fresh graph).
The batches done are recorded in a small JSON state file, so a rerun after a failure
skips them; the file is removed when the push completes.

A push also declares the map's own prefixes (``nu:`` of the NATO map: those the
source declares beyond argmap's standard :data:`graph.vocab.PREFIXES`, which every
remote query predeclares anyway and which win a clash) in the pushed graph, in the
SHACL-SPARQL vocabulary made for this:
``<graph> sh:declare [ sh:prefix "nu" ; sh:namespace "https://..."^^xsd:anyURI ]``.
These blank nodes are skolemised by the same machinery, from a document of their own
(the declarations of that graph), so the map's skolem IRIs do not depend on its
prefixes or on the graph it goes to, and the declarations get the same IRIs on every
run (a rerun or a resumed push never duplicates them).

``run_remote`` and ``run_named_remote`` send a query by the SPARQL 1.1 Protocol and
read the answer into the same :class:`graph.sparql.QueryResult` a local query gives.
Before the query, one small SELECT asks the endpoint for the prefixes its graphs
declare that way (:func:`declared_prefixes`, limited to ``default_graphs`` when
given), and they are predeclared: a query's own ``PREFIX`` lines win, then the prefixes the caller
gives (by default argmap's), then the declared ones; a prefix declared with two
namespaces is ambiguous and left out. An endpoint that refuses the lookup or answers
it in a way that cannot be read just gets no declared prefixes; one that cannot be
reached is a :class:`RemoteError`, as for the query itself.

The SPARQL Protocol has no way to pass variable bindings, so the values of a named
query's parameters are inlined as a ``VALUES`` clause (:func:`values_clause`) opening
the query's WHERE group (:func:`inline_values`).
This is the only place where values enter query text, and they are escaped by
construction: each is an RDF term written by pyoxigraph in N-Triples syntax, which
validates IRIs and escapes literals, never a raw string.

>>> from graph.store import loads
>>> plan = plan_push(loads('<urn:a> <urn:b> [ <urn:c> "d" ] .'), graph="urn:g", batch_size=1)
>>> len(plan.batches), sum(t.subject.value.startswith(GENID) for b in plan.batches for t in b)
(2, 1)
>>> plan = plan_push(loads('@prefix ex: <urn:ex#> . ex:a ex:b ex:c .'), graph="urn:g")
>>> sorted(str(t.object) for t in plan.batches[0] if t.subject.value.startswith(GENID))
['"ex"', '"urn:ex#"^^<http://www.w3.org/2001/XMLSchema#anyURI>']
>>> print(values_clause({"x": URIRef("urn:x"), "y": Literal('say "hi"')}))
VALUES (?x ?y) { (<urn:x> "say \\"hi\\"") }
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import ArgmapError, QueryError
from graph.sparql import QueryResult
from graph.store import MapStore, atomic_write, new_store, to_ox
from graph.vocab import PREFIXES

__all__ = [
    "DEFAULT_BATCH",
    "GENID",
    "PROTOCOLS",
    "UPDATE_CHUNK",
    "DeclaredPrefixes",
    "PushPlan",
    "PushResult",
    "RemoteError",
    "declared_prefixes",
    "inline_values",
    "plan_push",
    "push",
    "run_named_remote",
    "run_remote",
    "skolemize",
    "values_clause",
]

#: Where skolemised blank nodes live (RDF 1.1 §3.5's ``.well-known/genid``).
GENID = "https://w3id.org/argmap/.well-known/genid/"
#: Triples per request unless told otherwise.
DEFAULT_BATCH = 50_000
#: Triples per ``INSERT DATA`` request (a batch sent by SPARQL Update takes several).
UPDATE_CHUNK = 500
#: How a push writes: Graph Store Protocol, SPARQL Update, or GSP falling back to Update.
PROTOCOLS = ("auto", "gsp", "update")

_SH = "http://www.w3.org/ns/shacl#"
_SH_DECLARE = ox.NamedNode(_SH + "declare")
_SH_PREFIX = ox.NamedNode(_SH + "prefix")
_SH_NAMESPACE = ox.NamedNode(_SH + "namespace")
_ANY_URI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")
# SPARQL's PN_PREFIX (a letter, then letters, digits, _ - and inner dots); the empty
# prefix is left out: argmap never predeclares it.
_PN_PREFIX = re.compile(r"^[^\W\d_](?:[\w.-]*[\w-])?$")

# GSP answers that mean "this endpoint does not speak the Graph Store Protocol".
_NO_GSP = {400, 404, 405, 406, 415, 501}
_LOCAL = re.compile(r"^[A-Za-z_][\w.-]*$")

_ROW_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "table": "application/sparql-results+json",
}
_GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json": "application/ld+json",
    "table": "text/turtle",
}
_RESULT_TYPES_JSON = "application/sparql-results+json"
_RESULT_PARSERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_PARSERS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


class RemoteError(ArgmapError):
    """A remote store refused a request, failed, or could not be reached."""

    #: The HTTP status the store answered with, when it answered.
    status: int | None = None


# --------------------------------------------------------------------------- push


def skolemize(triples: Sequence[ox.Triple]) -> list[ox.Triple]:
    """Replace blank nodes by stable IRIs under :data:`GENID`.

    ``triples`` must have canonical blank node labels (as
    :meth:`graph.store.MapStore.triples_sorted` gives them); the IRI of each blank
    node is a hash of the whole canonical document and the node's label, so the same
    triples always give the same IRIs and two different maps never share one.

    >>> t = [ox.Triple(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.BlankNode("c14n0"))]
    >>> skolemize(t) == skolemize(t), skolemize(t)[0].object.value.startswith(GENID)
    (True, True)
    """
    if not any(_has_blank(t) for t in triples):
        return list(triples)
    document = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert document is not None
    digest = hashlib.sha256(document).hexdigest()
    names: dict[str, ox.NamedNode] = {}

    def iri(term: ox.BlankNode) -> ox.NamedNode:
        if term.value not in names:
            key = hashlib.sha256(f"{digest} {term.value}".encode()).hexdigest()[:32]
            names[term.value] = ox.NamedNode(GENID + key)
        return names[term.value]

    out = []
    for t in triples:
        s, o = t.subject, t.object
        if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
            t = ox.Triple(
                iri(s) if isinstance(s, ox.BlankNode) else s,
                t.predicate,
                iri(o) if isinstance(o, ox.BlankNode) else o,
            )
        out.append(t)
    return out


def _has_blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


@dataclass(frozen=True)
class PushPlan:
    """What a push sends: the target graph and the skolemised triples in batches."""

    graph: str
    batches: list[list[ox.Triple]]
    #: A hash of the triples and the batch size: identifies the push in its state file.
    digest: str

    @property
    def triples(self) -> int:
        """How many triples the plan sends."""
        return sum(len(b) for b in self.batches)

    def state_name(self, endpoint: str) -> str:
        """The default state file's name for a push of this plan to ``endpoint``."""
        key = hashlib.sha256(f"{endpoint} {self.graph} {self.digest}".encode()).hexdigest()
        return f".argmap-push-{key[:16]}.json"


def plan_push(store: MapStore, *, graph: str, batch_size: int = DEFAULT_BATCH) -> PushPlan:
    """Split a built map into the batches a push sends to the named graph ``graph``.

    Every triple goes, asserted, derived and reasoning alike (what a local query
    sees), merged, canonicalised, skolemised (:func:`skolemize`) and sorted, so the
    batches are the same on every run. With them go the SHACL declarations
    (``<graph> sh:declare [ sh:prefix ... ; sh:namespace ... ]``) of the map's own
    prefixes, those it declares beyond argmap's standard ones, which every remote
    query predeclares anyway; a remote query then knows them too.

    Raises:
        RemoteError: ``graph`` is not a valid IRI or ``batch_size`` is not positive.
    """
    if batch_size < 1:
        raise RemoteError(f"the batch size must be at least 1, not {batch_size}")
    target = _named_node(graph, "graph")
    own = {p: ns for p, ns in store.namespaces().items() if p not in PREFIXES}
    # The map's triples in canonical order, then the declarations: the same every run.
    triples = skolemize(store.triples_sorted(derived=True)) + _declarations(target, own)
    document = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert document is not None
    digest = hashlib.sha256(document + f" {batch_size}".encode()).hexdigest()
    batches = [triples[i : i + batch_size] for i in range(0, len(triples), batch_size)]
    return PushPlan(target.value, batches, digest)


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return str(t.subject), str(t.predicate), str(t.object)


def _declarations(graph: ox.NamedNode, prefixes: Mapping[str, str]) -> list[ox.Triple]:
    """SHACL prefix declarations of ``graph``, skolemised apart from the map's triples.

    A prefix that is not a SPARQL prefix name, or whose namespace is not an absolute
    IRI, could not be used in a query, and is not declared.
    """
    quads = []
    for prefix, namespace in sorted(prefixes.items()):
        if not _PN_PREFIX.match(prefix) or not _is_iri(namespace):
            continue
        node = ox.BlankNode()
        quads += [
            ox.Quad(graph, _SH_DECLARE, node),
            ox.Quad(node, _SH_PREFIX, ox.Literal(prefix)),
            ox.Quad(node, _SH_NAMESPACE, ox.Literal(namespace, datatype=_ANY_URI)),
        ]
    if not quads:
        return []
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    canonical = sorted(
        (ox.Triple(q.subject, q.predicate, q.object) for q in dataset), key=_triple_key
    )
    return skolemize(canonical)


def _is_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class PushResult:
    """What a push did."""

    graph: str
    protocol: str
    batches: int
    #: Batches sent now, and batches skipped because an earlier run had sent them.
    sent: int
    skipped: int
    triples: int
    triples_sent: int
    seconds: float


def push(
    plan: PushPlan,
    endpoint: str,
    *,
    protocol: str = "auto",
    state: Path | None = None,
    progress: Callable[[int], None] | None = None,
    timeout: float = 300.0,
) -> PushResult:
    """Send a plan's batches to a remote store, resuming where a failed run stopped.

    Args:
        plan: from :func:`plan_push`.
        endpoint: for ``gsp``, the Graph Store Protocol URL; for ``update``, the
            SPARQL Update URL; for ``auto``, either (the Graph Store Protocol is
            tried first and Update used when the endpoint rejects it).
        protocol: one of :data:`PROTOCOLS`.
        state: the state file recording the batches done (none: no resumption).
        progress: called with the number of triples of each batch done or skipped.
        timeout: seconds to wait for each request.

    Raises:
        RemoteError: a request failed; the batches sent before it are recorded in
            ``state``, so the same call again resumes.
    """
    if protocol not in PROTOCOLS:
        raise RemoteError(f"unknown protocol {protocol!r}: expected one of {', '.join(PROTOCOLS)}")
    done, remembered = _read_state(state, plan, endpoint)
    if protocol == "auto" and remembered:
        protocol = remembered
    start = time.perf_counter()
    sent = sent_triples = 0
    for index, batch in enumerate(plan.batches):
        if index in done:
            if progress:
                progress(len(batch))
            continue
        where = f"batch {index + 1} of {len(plan.batches)}"
        if protocol == "update":
            _post_update(endpoint, plan.graph, batch, timeout, where)
        else:
            status = _post_gsp(
                endpoint, plan.graph, batch, timeout, where, strict=protocol == "gsp"
            )
            if status is None:  # auto: the endpoint does not speak GSP
                protocol = "update"
                _post_update(endpoint, plan.graph, batch, timeout, where)
            elif protocol == "auto":
                protocol = "gsp"
        done.add(index)
        sent += 1
        sent_triples += len(batch)
        if state is not None:
            _write_state(state, plan, endpoint, protocol, done)
        if progress:
            progress(len(batch))
    if state is not None:
        state.unlink(missing_ok=True)
    return PushResult(
        graph=plan.graph,
        protocol=protocol if protocol != "auto" else "none",
        batches=len(plan.batches),
        sent=sent,
        skipped=len(plan.batches) - sent,
        triples=plan.triples,
        triples_sent=sent_triples,
        seconds=time.perf_counter() - start,
    )


def _read_state(state: Path | None, plan: PushPlan, endpoint: str) -> tuple[set[int], str | None]:
    if state is None or not state.exists():
        return set(), None
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
        same = (
            data.get("digest") == plan.digest
            and data.get("graph") == plan.graph
            and data.get("endpoint") == endpoint
        )
        done = {int(i) for i in data.get("done", [])}
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise RemoteError(
            f"unreadable push state ({exc}); delete it to push from the start", path=state
        ) from exc
    if not same:
        raise RemoteError(
            "this state file records a push of other triples (or another batch size), "
            "to another graph or endpoint; delete it, or give another --state",
            path=state,
        )
    protocol = data.get("protocol")
    return done, protocol if protocol in ("gsp", "update") else None


def _write_state(state: Path, plan: PushPlan, endpoint: str, protocol: str, done: set[int]) -> None:
    record = {
        "endpoint": endpoint,
        "graph": plan.graph,
        "digest": plan.digest,
        "protocol": protocol,
        "batches": len(plan.batches),
        "done": sorted(done),
    }
    atomic_write(state, (json.dumps(record, indent=1) + "\n").encode("utf-8"))


def _ntriples(batch: Iterable[ox.Triple]) -> bytes:
    out = ox.serialize(list(batch), format=ox.RdfFormat.N_TRIPLES)
    assert out is not None
    return out


def _with_params(url: str, params: Sequence[tuple[str, str]]) -> str:
    if not params:
        return url
    return url + ("&" if "?" in url else "?") + urllib.parse.urlencode(params)


def _post_gsp(
    endpoint: str, graph: str, batch: list[ox.Triple], timeout: float, where: str, *, strict: bool
) -> int | None:
    url = _with_params(endpoint, [("graph", graph)])
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    try:
        status, _, _ = _request(url, _ntriples(batch), headers, timeout)
    except RemoteError as exc:
        if not strict and exc.status in _NO_GSP:
            return None
        raise RemoteError(f"{where}: Graph Store Protocol POST failed: {exc.args[0]}") from exc
    return status


def _post_update(
    endpoint: str, graph: str, batch: list[ox.Triple], timeout: float, where: str
) -> None:
    # One INSERT DATA per UPDATE_CHUNK triples: Virtuoso's SPARQL compiler runs out
    # of memory on a few thousand triples in one operation. Resending a chunk of a
    # batch that failed half way is harmless: the triples hold no blank nodes.
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    for start in range(0, len(batch), UPDATE_CHUNK):
        body = _ntriples(batch[start : start + UPDATE_CHUNK]).decode("utf-8")
        update = f"INSERT DATA {{ GRAPH {ox.NamedNode(graph)} {{\n{body}}} }}"
        data = urllib.parse.urlencode({"update": update}).encode("ascii")
        try:
            _request(endpoint, data, headers, timeout)
        except RemoteError as exc:
            raise RemoteError(f"{where}: SPARQL Update failed: {exc.args[0]}") from exc


def _request(
    url: str, data: bytes, headers: Mapping[str, str], timeout: float
) -> tuple[int, str, bytes]:
    """POST; return (status, content type, body) or raise RemoteError with ``status``."""
    request = urllib.request.Request(url, data=data, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return response.status, response.headers.get_content_type(), body
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()
        detail = " ".join(detail.split())[:300]
        error = RemoteError(f"{url}: HTTP {exc.code} {exc.reason}: {detail or 'no details'}")
        error.status = exc.code
        raise error from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"{url}: cannot reach the endpoint: {reason}") from None


# -------------------------------------------------------------------------- query


def _named_node(value: str, what: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise RemoteError(f"the {what} {value!r} is not a valid IRI: {exc}") from None


def values_clause(bindings: Mapping[str, Node]) -> str:
    """A ``VALUES`` clause of one row binding each variable to its RDF term.

    Each term is written by pyoxigraph in N-Triples syntax (IRIs validated, literals
    escaped), never pasted as a raw string, so a value cannot change the query.

    >>> values_clause({"s": Literal("x } ; DROP ALL #", lang="en")})
    'VALUES (?s) { ("x } ; DROP ALL #"@en) }'

    Raises:
        QueryError: a variable name is not one, an IRI holds characters an IRI
            cannot, or a value is a blank node (a query cannot name one).
    """
    names: list[str] = []
    terms: list[str] = []
    for name, value in bindings.items():
        try:
            names.append(str(ox.Variable(name)))
        except ValueError:
            raise QueryError(f"{name!r} is not a SPARQL variable name") from None
        try:
            term = to_ox(value)
        except ValueError as exc:
            raise QueryError(f"{str(value)!r} is not a valid IRI: {exc}") from None
        if isinstance(term, ox.BlankNode):
            raise QueryError(f"parameter {name}: a blank node cannot be sent to an endpoint")
        terms.append(str(term))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    "|".join(
        [
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
        ]
    ),
    re.DOTALL,
)


def _top_groups(text: str) -> list[tuple[int, str]]:
    """The offsets of the ``{`` that open top-level groups, each with the word before it.

    Comments, strings and IRIs are skipped, so braces inside them do not count.
    """
    found: list[tuple[int, str]] = []
    depth = 0
    word = ""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if c in "\"'":
            match = _STRING.match(text, i)
            i = match.end() if match else i + 1
            word = ""
            continue
        if c == "<":
            match = _IRIREF.match(text, i)
            i = match.end() if match else i + 1
            word = ""
            continue
        if c == "{":
            if depth == 0:
                found.append((i, word))
            depth += 1
        elif c == "}":
            depth -= 1
        if c.isalpha():
            start = i
            while i < len(text) and (text[i].isalnum() or text[i] in "_-"):
                i += 1
            word = text[start:i].upper()
            continue
        if not c.isspace():
            word = ""
        i += 1
    return found


def inline_values(text: str, bindings: Mapping[str, Node]) -> str:
    """Put a :func:`values_clause` first in a query's WHERE group.

    There it binds the variables before anything else in the group is evaluated, as
    an engine's own binding does (a trailing ``VALUES`` is joined only at the end,
    which some stores, Virtuoso among them, evaluate differently with property
    paths). A query whose WHERE group cannot be found (``CONSTRUCT WHERE``) gets a
    trailing ``VALUES`` instead.

    >>> inline_values("SELECT ?x WHERE { ?x ?p '{' }", {"x": URIRef("urn:x")})
    "SELECT ?x WHERE { VALUES (?x) { (<urn:x>) } ?x ?p '{' }"
    """
    clause = values_clause(bindings)
    groups = _top_groups(text)
    where = [at for at, word in groups if word == "WHERE"]
    first_word = re.match(r"\s*(?:(?:PREFIX|BASE)\b[^<]*<[^>]*>\s*|#[^\n]*\n\s*)*(\w+)", text, re.I)
    form = first_word.group(1).upper() if first_word else ""
    if where and not (form == "CONSTRUCT" and groups[0][1] == "WHERE"):
        at = where[0]
    elif groups and form in ("SELECT", "ASK", "DESCRIBE"):
        at = groups[0][0]
    else:
        return text + "\n" + clause + "\n"
    return text[: at + 1] + " " + clause + text[at + 1 :]


def _prologue(text: str, prefixes: Mapping[str, str]) -> str:
    declared = set(re.findall(r"PREFIX\s+([^\W\d_][\w.-]*|):", text, re.IGNORECASE))
    lines = []
    for prefix, namespace in prefixes.items():
        if prefix in declared:
            continue
        if not _PN_PREFIX.match(prefix):
            raise QueryError(
                f"{prefix!r} is not a SPARQL prefix name (a letter, then letters, "
                "digits, _ - or inner dots)"
            )
        if not _is_iri(namespace):
            raise QueryError(
                f"the namespace of {prefix}: must be an absolute IRI, not {namespace!r}"
            )
        lines.append(f"PREFIX {prefix}: {ox.NamedNode(namespace)}")
    return "\n".join(lines) + ("\n" if lines else "")


@dataclass(frozen=True)
class DeclaredPrefixes:
    """The prefixes an endpoint's graphs declare (SHACL ``sh:declare``)."""

    #: Each usable prefix and its namespace.
    prefixes: dict[str, str]
    #: Prefixes declared with several namespaces, which are left out of ``prefixes``,
    #: each with its namespaces (sorted).
    ambiguous: dict[str, list[str]]


_DECLARES = (
    "?owner sh:declare ?declaration . ?declaration sh:prefix ?prefix ; sh:namespace ?namespace ."
)


def declared_prefixes(
    endpoint: str, *, default_graphs: Sequence[str] = (), timeout: float = 120.0
) -> DeclaredPrefixes:
    """Ask an endpoint which prefixes its graphs declare, as :func:`push` declares a map's.

    One SELECT reads the SHACL declarations (``?owner sh:declare [ sh:prefix ?p ;
    sh:namespace ?ns ]``) in the ``default_graphs`` when some are given, else in the
    default graph and every named graph. A prefix declared with two namespaces is
    ambiguous: it goes in ``ambiguous``, not in ``prefixes``. A declaration that a
    query could not use (not a prefix name, not an absolute IRI) is ignored.

    The lookup is a courtesy: an endpoint that refuses it (an HTTP error) or answers
    what cannot be read gives no prefixes, and the query that follows is sent anyway.

    Raises:
        RemoteError: the endpoint cannot be reached.
    """
    where = (
        _DECLARES if default_graphs else f"{{ {_DECLARES} }} UNION {{ GRAPH ?g {{ {_DECLARES} }} }}"
    )
    query = f"PREFIX sh: <{_SH}>\nSELECT DISTINCT ?prefix ?namespace WHERE {{ {where} }}"
    params = [("query", query)] + [("default-graph-uri", g) for g in default_graphs]
    data = urllib.parse.urlencode(params).encode("ascii")
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": _RESULT_TYPES_JSON,
    }
    none = DeclaredPrefixes({}, {})
    try:
        _, ctype, body = _request(endpoint, data, headers, timeout)
    except RemoteError as exc:
        if exc.status is None:  # not reached: the query would fail the same way
            raise
        return none
    try:
        result = _read_result(ctype, body, endpoint)
    except RemoteError:
        return none
    if result.kind != "select" or sorted(result.variables) != ["namespace", "prefix"]:
        return none
    at = result.variables.index("prefix"), result.variables.index("namespace")
    found: dict[str, set[str]] = {}
    for prefix, namespace in ((row[at[0]], row[at[1]]) for row in result.rows):
        if not isinstance(prefix, ox.Literal) or not isinstance(
            namespace, (ox.Literal, ox.NamedNode)
        ):
            continue
        if _PN_PREFIX.match(prefix.value) and _is_iri(namespace.value):
            found.setdefault(prefix.value, set()).add(namespace.value)
    return DeclaredPrefixes(
        prefixes={p: next(iter(ns)) for p, ns in sorted(found.items()) if len(ns) == 1},
        ambiguous={p: sorted(ns) for p, ns in sorted(found.items()) if len(ns) > 1},
    )


def run_remote(
    endpoint: str,
    text: str,
    *,
    bindings: Mapping[str, Node] | None = None,
    fmt: str = "json",
    prefixes: Mapping[str, str] = PREFIXES,
    ask_prefixes: bool = True,
    default_graphs: Sequence[str] = (),
    timeout: float = 120.0,
) -> QueryResult:
    """Run a query on a remote endpoint (SPARQL 1.1 Protocol, POST).

    The answer is asked for in the media type that fits ``fmt`` (the output format
    the caller will write: SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD)
    and read into a :class:`QueryResult`.

    Args:
        endpoint: the SPARQL query URL.
        text: the query; ``prefixes`` it does not declare are declared for it.
        bindings: values for variables, inlined by :func:`inline_values`.
        fmt: the output format (chooses the Accept header).
        prefixes: predeclared (default: argmap's); they win over declared ones.
        ask_prefixes: first ask the endpoint for the prefixes its graphs declare
            (:func:`declared_prefixes`) and predeclare those too.
        default_graphs: ``default-graph-uri`` parameters (the graphs queried).
        timeout: seconds to wait for the answer.

    Raises:
        QueryError: a prefix in ``prefixes`` is not a prefix name or its namespace
            not an IRI.
        RemoteError: the endpoint failed, could not be reached, or refused the query.
    """
    if ask_prefixes:
        found = declared_prefixes(endpoint, default_graphs=default_graphs, timeout=timeout)
        prefixes = {**found.prefixes, **prefixes}
    query = _prologue(text, prefixes) + (inline_values(text, bindings) if bindings else text)
    rows = _ROW_TYPES.get(fmt, _ROW_TYPES["json"])
    graphs = _GRAPH_TYPES.get(fmt, _GRAPH_TYPES["turtle"])
    accept = f"{rows}, {graphs};q=0.9, application/sparql-results+json;q=0.5, text/turtle;q=0.4"
    params = [("query", query)] + [("default-graph-uri", g) for g in default_graphs]
    data = urllib.parse.urlencode(params).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
    _, ctype, body = _request(endpoint, data, headers, timeout)
    return _read_result(ctype, body, endpoint)


def _read_result(ctype: str, body: bytes, endpoint: str) -> QueryResult:
    try:
        if ctype == "text/csv":
            return _read_csv(body)
        if ctype in _RESULT_PARSERS:
            parsed = ox.parse_query_results(body, format=_RESULT_PARSERS[ctype])
            if isinstance(parsed, ox.QueryBoolean):
                return QueryResult("ask", boolean=bool(parsed))
            variables = [v.value for v in parsed.variables]
            found = [tuple(s[i] for i in range(len(variables))) for s in parsed]
            return QueryResult("select", variables=variables, rows=found)
        if ctype in _GRAPH_PARSERS:
            quads = ox.parse(body, format=_GRAPH_PARSERS[ctype])
            return QueryResult(
                "graph", triples=[ox.Triple(q.subject, q.predicate, q.object) for q in quads]
            )
    except (SyntaxError, ValueError) as exc:
        raise RemoteError(f"{endpoint}: cannot read its {ctype} answer: {exc}") from None
    raise RemoteError(f"{endpoint}: answered in {ctype}, which is not a SPARQL result format")


def _read_csv(body: bytes) -> QueryResult:
    """SPARQL CSV: only values survive (IRIs, literals and blank nodes all come back as
    plain literals), which is all ``--format csv`` writes."""
    import csv
    import io

    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    header = next(reader, [])
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]] = [
        tuple(ox.Literal(cell) if cell else None for cell in row) for row in reader if row
    ]
    return QueryResult("select", variables=header, rows=rows)


def _remote_term(
    endpoint: str,
    value: str,
    prefixes: Mapping[str, str],
    default_graphs: Sequence[str],
    timeout: float,
) -> Node:
    """Read a parameter value as :func:`graph.named.to_term` does, asking the endpoint
    which namespace a bare local name belongs to."""
    from graph.named import to_term

    local = new_store()
    local.prefixes.update(prefixes)
    if not _LOCAL.match(value):
        return to_term(local, value)
    candidates = []
    for ns in dict.fromkeys(local.namespaces().values()):
        try:
            candidates.append(str(ox.NamedNode(ns + value)))
        except ValueError:
            continue
    if not candidates:
        return Literal(value)
    query = (
        f"SELECT DISTINCT ?iri WHERE {{ VALUES ?iri {{ {' '.join(candidates)} }} "
        "{ ?iri ?p ?o } UNION { ?s ?p ?iri } }"
    )
    result = run_remote(
        endpoint,
        query,
        prefixes={},
        ask_prefixes=False,
        default_graphs=default_graphs,
        timeout=timeout,
    )
    hits = sorted({v for (v,) in result.values() if v})
    if len(hits) > 1:
        names = ", ".join(f"<{h}>" for h in hits)
        raise QueryError(f"{value!r} names several nodes ({names}); write one of them")
    return URIRef(hits[0]) if hits else Literal(value)


def run_named_remote(
    endpoint: str,
    name: str,
    params: Mapping[str, str],
    *,
    fmt: str = "json",
    prefixes: Mapping[str, str] = PREFIXES,
    ask_prefixes: bool = True,
    default_graphs: Sequence[str] = (),
    timeout: float = 120.0,
) -> QueryResult:
    """Run a named query on a remote endpoint, its parameters inlined as ``VALUES``.

    Parameter values are read as :func:`graph.named.run_named` reads them (``nu:x``
    with the prefixes; a bare local name is looked up on the endpoint, in their
    namespaces) and inlined by :func:`inline_values`. The prefixes are ``prefixes``
    and, with ``ask_prefixes``, those the endpoint's graphs declare
    (:func:`declared_prefixes`, asked once), as for :func:`run_remote`.

    Raises:
        QueryError: the name, a parameter or a value is wrong (as for ``run_named``).
        RemoteError: the endpoint failed or could not be reached.
    """
    from graph.named import bind_params, named_query

    query = named_query(name)
    if ask_prefixes:
        found = declared_prefixes(endpoint, default_graphs=default_graphs, timeout=timeout)
        prefixes = {**found.prefixes, **prefixes}
    bindings = bind_params(
        query,
        params,
        lambda value: _remote_term(endpoint, value, prefixes, default_graphs, timeout),
    )
    return run_remote(
        endpoint,
        query.text,
        bindings=bindings,
        fmt=fmt,
        prefixes=prefixes,
        ask_prefixes=False,
        default_graphs=default_graphs,
        timeout=timeout,
    )
