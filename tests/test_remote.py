"""Beyond one machine: pushing maps to a SPARQL store and querying remote endpoints.

Fast tests run against a small in-process store (pyoxigraph behind http.server) that
speaks the Graph Store Protocol, SPARQL Update and the SPARQL Protocol. The tests
marked ``virtuoso`` run against a real Virtuoso Open Source named by
``ARGMAP_VIRTUOSO`` (``.ci/start-virtuoso`` starts one; ``.ci/run`` sets it).
"""

from __future__ import annotations

import json
import os
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph.cli import main
from graph.errors import QueryError
from graph.formats import ReadContext
from graph.named import list_queries, run_named
from graph.pipeline import open_map
from graph.remote import (
    GENID,
    RemoteError,
    inline_values,
    plan_push,
    push,
    run_named_remote,
    run_remote,
    values_clause,
)
from graph.sparql import QueryResult, run_query
from graph.store import MapStore, default_source

NU = "https://w3id.org/argmap/map/nato-ukraine#"
MAIN = NU + "nato-will-not-intervene"

#: Parameters that let every named query run on the NATO map.
NATO_PARAMS = {
    "accepted": {"semantics": "grounded"},
    "evidence-chain": {"statement": MAIN},
    "objections": {"statement": MAIN},
    "reasons": {"statement": MAIN},
}

#: Values for the parameters, optional ones too, with which each query answers rows.
BOUND_PARAMS = {
    **NATO_PARAMS,
    "by-scheme": {"scheme": "am:ArgumentFromExpertOpinion"},
    "positions": {"actor": f"<{NU}ukraine>"},
    "who-said-what": {"speaker": f"<{NU}stoltenberg>"},
}


# ---------------------------------------------------------------- a tiny store


class StubStore:
    """A SPARQL store over pyoxigraph: GSP POST, Update, Protocol queries."""

    def __init__(self, *, gsp: bool = True) -> None:
        self.store = ox.Store()
        self.gsp = gsp
        self.requests: list[str] = []
        #: Fail (HTTP 500) the write requests whose 1-based numbers are listed.
        self.fail_on: set[int] = set()
        self.writes = 0

    def count(self, graph: str) -> int:
        return len(list(self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))

    def triples(self, graph: str) -> set[ox.Triple]:
        return {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        }


def _handler(stub: StubStore) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

        def _send(self, code: int, body: bytes = b"", ctype: str = "text/plain") -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            args = urllib.parse.parse_qs(url.query)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            ctype = self.headers.get_content_type()
            if ctype == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body.decode("utf-8"))
                if "update" in form:
                    self._write("update", lambda: stub.store.update(form["update"][0]))
                elif "query" in form:
                    self._query(form)
                else:
                    self._send(400, b"no query or update")
                return
            if not stub.gsp:
                self._send(405, b"no Graph Store Protocol here")
                return
            graph = ox.NamedNode(args["graph"][0])
            self._write(
                "gsp",
                lambda: stub.store.load(body, format=ox.RdfFormat.N_TRIPLES, to_graph=graph),
            )

        def _write(self, kind: str, action: object) -> None:
            stub.writes += 1
            stub.requests.append(kind)
            if stub.writes in stub.fail_on:
                self._send(500, b"injected failure")
                return
            action()  # type: ignore[operator]
            self._send(204 if kind == "update" else 201)

        def _query(self, form: dict[str, list[str]]) -> None:
            graphs = form.get("default-graph-uri", [])
            try:
                result = stub.store.query(
                    form["query"][0],
                    use_default_graph_as_union=not graphs,
                    default_graph=[ox.NamedNode(g) for g in graphs] or None,
                )
            except SyntaxError as exc:
                self._send(400, str(exc).encode())
                return
            accept = self.headers.get("Accept", "")
            if isinstance(result, ox.QueryTriples):
                types = {
                    "text/turtle": ox.RdfFormat.TURTLE,
                    "application/n-triples": ox.RdfFormat.N_TRIPLES,
                    "application/ld+json": ox.RdfFormat.JSON_LD,
                }
            else:
                types = {
                    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
                    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                    "text/csv": ox.QueryResultsFormat.CSV,
                    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
                }
            offered = [a.split(";")[0].strip() for a in accept.split(",")]
            chosen = next((t for t in offered if t in types), next(iter(types)))
            stub.requests.append("query " + chosen)
            out = result.serialize(format=types[chosen])  # type: ignore[arg-type]
            assert out is not None
            self._send(200, out, chosen)

    return Handler


@pytest.fixture
def stub() -> Iterator[tuple[StubStore, str]]:
    store = StubStore()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(store))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield store, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def built() -> MapStore:
    return open_map(default_source())


def _normal(result: QueryResult) -> set[tuple[str | None, ...]]:
    """Rows as values; a blank node, skolemised or not, stands for any blank node, and
    a boolean is 1 or 0 (Virtuoso answers ``EXISTS`` with an integer)."""

    def one(term: object) -> str | None:
        if term is None:
            return None
        if isinstance(term, ox.BlankNode):
            return "<blank>"
        value = str(getattr(term, "value", term))
        if value.startswith(("nodeID://", GENID)):
            return "<blank>"
        if isinstance(term, ox.Literal) and term.datatype.value.endswith("#boolean"):
            return "1" if value in ("true", "1") else "0"
        return value

    return {tuple(one(t) for t in row) for row in result.rows}


# ---------------------------------------------------------------- skolemising


def test_skolemised_triples_are_the_same_on_every_run_and_hold_no_blank_nodes(
    built: MapStore,
) -> None:
    first = plan_push(built, graph="urn:g", batch_size=100)
    again = plan_push(open_map(default_source()), graph="urn:g", batch_size=100)
    assert first.batches == again.batches
    assert first.digest == again.digest
    triples = [t for b in first.batches for t in b]
    assert not any(isinstance(t.subject, ox.BlankNode) for t in triples)
    assert not any(isinstance(t.object, ox.BlankNode) for t in triples)
    genids = {t.subject.value for t in triples if t.subject.value.startswith(GENID)}
    assert genids, "the NATO map's anchors are blank nodes: they must be skolemised"
    assert len(triples) == len(built.triples_sorted(derived=True))


def test_different_maps_get_different_skolem_iris() -> None:
    from graph.store import loads

    one = plan_push(loads('<urn:a> <urn:b> [ <urn:c> "1" ] .'), graph="urn:g")
    two = plan_push(loads('<urn:a> <urn:b> [ <urn:c> "2" ] .'), graph="urn:g")
    iris = [
        {t.object.value for t in p.batches[0] if t.predicate.value == "urn:b"} for p in (one, two)
    ]
    assert iris[0] != iris[1]


def test_a_bad_graph_iri_or_batch_size_is_refused(built: MapStore) -> None:
    with pytest.raises(RemoteError, match="the graph 'not an iri' is not a valid IRI"):
        plan_push(built, graph="not an iri")
    with pytest.raises(RemoteError, match="the batch size must be at least 1, not 0"):
        plan_push(built, graph="urn:g", batch_size=0)


# ---------------------------------------------------------------- pushing


def test_push_sends_every_triple_in_batches_by_the_graph_store_protocol(
    built: MapStore, stub: tuple[StubStore, str], tmp_path: Path
) -> None:
    store, url = stub
    plan = plan_push(built, graph="urn:nato", batch_size=100)
    seen: list[int] = []
    result = push(plan, url, protocol="gsp", state=tmp_path / "s.json", progress=seen.append)
    expected = len(plan.batches)
    assert expected == -(-plan.triples // 100) > 5
    assert store.requests == ["gsp"] * expected
    assert (result.sent, result.skipped, result.protocol) == (expected, 0, "gsp")
    assert sum(seen) == plan.triples == store.count("urn:nato")
    assert store.triples("urn:nato") == {t for b in plan.batches for t in b}
    assert not (tmp_path / "s.json").exists()


def test_a_push_resumes_after_a_failure_and_stores_each_triple_once(
    built: MapStore, stub: tuple[StubStore, str], tmp_path: Path
) -> None:
    store, url = stub
    state = tmp_path / "state.json"
    plan = plan_push(built, graph="urn:nato", batch_size=150)
    store.fail_on = {3}
    with pytest.raises(RemoteError, match=r"^batch 3 of 8: Graph Store Protocol POST failed: "):
        push(plan, url, protocol="gsp", state=state)
    recorded = json.loads(state.read_text(encoding="utf-8"))
    assert recorded["done"] == [0, 1]
    assert recorded["graph"] == "urn:nato"
    store.fail_on = set()
    result = push(plan, url, protocol="gsp", state=state)
    assert (result.skipped, result.sent) == (2, len(plan.batches) - 2)
    assert store.requests.count("gsp") == 3 + len(plan.batches) - 2
    assert store.count("urn:nato") == plan.triples
    # Everything again, with no state: the skolem IRIs make it a no-op.
    push(plan_push(open_map(default_source()), graph="urn:nato", batch_size=150), url)
    assert store.count("urn:nato") == plan.triples
    assert store.triples("urn:nato") == {t for b in plan.batches for t in b}
    assert not state.exists()


def test_a_state_file_of_another_push_is_refused(
    built: MapStore, stub: tuple[StubStore, str], tmp_path: Path
) -> None:
    _, url = stub
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"digest": "x", "graph": "urn:nato", "endpoint": url}))
    with pytest.raises(RemoteError, match="records a push of other triples"):
        push(plan_push(built, graph="urn:nato"), url, state=state)


def test_update_protocol_inserts_data_and_auto_falls_back_to_it(
    built: MapStore, tmp_path: Path
) -> None:
    stub = StubStore(gsp=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        plan = plan_push(built, graph="urn:nato", batch_size=400)
        with pytest.raises(RemoteError, match="HTTP 405"):
            push(plan, url, protocol="gsp")
        result = push(plan, url, protocol="auto")
        assert result.protocol == "update"
        assert stub.requests == ["update"] * len(plan.batches)
        assert stub.triples("urn:nato") == {t for b in plan.batches for t in b}
        push(plan, url, protocol="update")
        assert stub.count("urn:nato") == plan.triples
    finally:
        server.shutdown()
        server.server_close()


def test_an_unreachable_endpoint_is_an_error(built: MapStore) -> None:
    plan = plan_push(built, graph="urn:nato")
    with pytest.raises(RemoteError, match="cannot reach the endpoint"):
        push(plan, "http://127.0.0.1:9/sparql", protocol="update", timeout=5)


# ---------------------------------------------------------------- querying


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT * { ?x ?p ?o }", "SELECT * { VALUES (?x) { (<urn:v>) } ?x ?p ?o }"),
        (
            "PREFIX a: <urn:a#x> # a { comment\nSELECT ?x FROM <urn:b#y> WHERE { ?x ?p '}' }",
            "PREFIX a: <urn:a#x> # a { comment\nSELECT ?x FROM <urn:b#y> WHERE "
            "{ VALUES (?x) { (<urn:v>) } ?x ?p '}' }",
        ),
        (
            "CONSTRUCT { ?x ?p 1 } WHERE { { SELECT ?x { ?x ?p ?o } } }",
            "CONSTRUCT { ?x ?p 1 } WHERE { VALUES (?x) { (<urn:v>) } { SELECT ?x { ?x ?p ?o } } }",
        ),
        (
            "CONSTRUCT WHERE { ?x ?p ?o }",
            "CONSTRUCT WHERE { ?x ?p ?o }\nVALUES (?x) { (<urn:v>) }\n",
        ),
        (
            'SELECT ?x WHERE { ?x ?p """a } { b""" } ORDER BY ?x',
            'SELECT ?x WHERE { VALUES (?x) { (<urn:v>) } ?x ?p """a } { b""" } ORDER BY ?x',
        ),
    ],
)
def test_values_open_the_where_group(text: str, expected: str) -> None:
    assert inline_values(text, {"x": URIRef("urn:v")}) == expected
    ox.Store().query(expected)  # still a query


def test_values_are_inlined_as_n_triples_terms_never_as_raw_text() -> None:
    hostile = 'x" } } ; DROP ALL ; SELECT * { "'
    clause = values_clause({"a": Literal(hostile), "b": URIRef("urn:b")})
    assert clause == 'VALUES (?a ?b) { ("x\\" } } ; DROP ALL ; SELECT * { \\"" <urn:b>) }'
    store = ox.Store()
    result = store.query("SELECT ?a ?b WHERE {} " + clause)
    assert isinstance(result, ox.QuerySolutions)
    assert [row[0].value for row in result] == [hostile]  # type: ignore[union-attr]
    with pytest.raises(QueryError, match="is not a valid IRI"):
        values_clause({"a": URIRef("urn:a> } ; DROP ALL ; <urn:b")})
    with pytest.raises(QueryError, match="not a SPARQL variable name"):
        values_clause({"a b": Literal("x")})


@pytest.mark.parametrize("name", sorted(BOUND_PARAMS))
def test_inlined_values_answer_as_the_engine_bindings_do(built: MapStore, name: str) -> None:
    """The VALUES clause gives each named query the answers the engine's binding gives."""
    from graph.named import named_query, to_term

    params = BOUND_PARAMS[name]
    bound = {k: Literal(v) if k == "semantics" else to_term(built, v) for k, v in params.items()}
    local = run_named(built, name, params)
    inlined = run_query(built, inline_values(named_query(name).text, bound))
    assert local.rows, f"{name} answers nothing on the NATO map: the test proves nothing"
    assert _normal(inlined) == _normal(local)


def test_every_named_query_answers_remotely_as_it_does_locally(
    built: MapStore, stub: tuple[StubStore, str]
) -> None:
    _, url = stub
    push(plan_push(built, graph="urn:nato"), url)
    for query in list_queries():
        for params in (NATO_PARAMS.get(query.name, {}), BOUND_PARAMS.get(query.name, {})):
            local = run_named(built, query.name, params)
            remote = run_named_remote(
                url, query.name, params, prefixes=built.namespaces(), default_graphs=["urn:nato"]
            )
        assert remote.variables == local.variables, query.name
        assert _normal(remote) == _normal(local), query.name


def test_a_bare_local_name_is_looked_up_on_the_endpoint(
    built: MapStore, stub: tuple[StubStore, str]
) -> None:
    _, url = stub
    push(plan_push(built, graph="urn:nato"), url)
    prefixes = built.namespaces()
    by_name = run_named_remote(
        url, "reasons", {"statement": "nato-will-not-intervene"}, prefixes=prefixes
    )
    by_iri = run_named_remote(url, "reasons", {"statement": f"<{MAIN}>"}, prefixes=prefixes)
    assert by_name.rows and _normal(by_name) == _normal(by_iri)


@pytest.mark.parametrize(
    ("fmt", "media_type", "first_line"),
    [
        ("json", "application/sparql-results+json", "{"),
        ("xml", "application/sparql-results+xml", '<?xml version="1.0"?>'),
        ("csv", "text/csv", "label"),
        ("tsv", "text/tab-separated-values", "?label"),
        ("table", "application/sparql-results+json", "label"),
    ],
)
def test_query_endpoint_asks_for_the_format_it_writes(
    built: MapStore, stub: tuple[StubStore, str], fmt: str, media_type: str, first_line: str
) -> None:
    store, url = stub
    push(plan_push(built, graph="urn:nato"), url)
    text = (
        "SELECT ?label WHERE { ?s a am:Inference ; am:conclusion/rdfs:label ?label } "
        "ORDER BY ?label"
    )
    result = CliRunner().invoke(main, ["query", text, "--endpoint", url, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert store.requests[-1] == "query " + media_type
    assert result.output.splitlines()[0] == first_line
    local = CliRunner().invoke(main, ["query", text, "--format", fmt])
    assert result.output == local.output


def test_query_endpoint_construct_and_named_query(
    built: MapStore, stub: tuple[StubStore, str]
) -> None:
    store, url = stub
    push(plan_push(built, graph="urn:nato"), url)
    text = f"CONSTRUCT {{ <{MAIN}> rdfs:label ?l }} WHERE {{ <{MAIN}> rdfs:label ?l }}"
    result = CliRunner().invoke(main, ["query", text, "--endpoint", url, "--format", "ntriples"])
    assert result.exit_code == 0, result.output
    assert store.requests[-1] == "query application/n-triples"
    assert result.output.startswith(f"<{MAIN}> <http://www.w3.org/2000/01/rdf-schema#label> ")
    # JSON: a table would compact IRIs with the map's prefixes, which a remote
    # store does not know.
    args = ["query", "reasons", "-p", f"statement=<{MAIN}>", "--format", "json"]
    named = CliRunner().invoke(main, [*args, "--endpoint", url])
    local = CliRunner().invoke(main, args)
    assert named.exit_code == 0, named.output
    assert named.output == local.output


def test_query_endpoint_errors_exit_1_and_refuse_a_source(stub: tuple[StubStore, str]) -> None:
    _, url = stub
    bad = CliRunner().invoke(main, ["query", "SELECT * WHERE {", "--endpoint", url])
    assert bad.exit_code == 1
    assert bad.output.startswith(f"error: {url}: HTTP 400 ")
    usage = CliRunner().invoke(main, ["query", "x", "--endpoint", url, "-s", "a.ttl"])
    assert usage.exit_code == 2
    assert "--endpoint queries a remote store: it takes no --source" in usage.output


def test_cli_push_reports_and_resumes(stub: tuple[StubStore, str], tmp_path: Path) -> None:
    store, url = stub
    state = tmp_path / "push.json"
    args = ["push", str(default_source()), "--endpoint", url, "--graph", "urn:nato"]
    store.fail_on = {2}
    failed = CliRunner().invoke(main, [*args, "--batch", "300", "--state", str(state)])
    assert failed.exit_code == 1
    assert "error: batch 2 of 4: Graph Store Protocol POST failed: " in failed.output
    assert json.loads(state.read_text(encoding="utf-8"))["done"] == [0]
    store.fail_on = set()
    done = CliRunner().invoke(main, [*args, "--batch", "300", "--state", str(state)])
    assert done.exit_code == 0, done.output
    total = plan_push(open_map(default_source()), graph="urn:nato").triples
    assert (
        f"pushed {total - 300} of {total} triples to <urn:nato> (gsp, 3 batches, 1 done before)"
        in done.output
    )
    assert store.count("urn:nato") == total
    assert not state.exists()


# ---------------------------------------------------------------- Virtuoso


def _virtuoso() -> str:
    url = os.environ.get("ARGMAP_VIRTUOSO")
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail("ARGMAP_VIRTUOSO is not set: .ci/run starts Virtuoso and sets it")
    pytest.skip(
        "set ARGMAP_VIRTUOSO=http://127.0.0.1:8890/sparql to run the Virtuoso tests "
        "(.ci/start-virtuoso starts one)"
    )


def _update(url: str, text: str) -> None:
    data = urllib.parse.urlencode({"update": text}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=60):
        pass


def _remote_count(url: str, graph: str) -> int:
    result = run_remote(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    value = result.values()[0][0]
    assert value is not None
    return int(value)


def _gsp_url(url: str) -> str:
    """Virtuoso's Graph Store Protocol endpoint, next to its SPARQL endpoint."""
    return url.rsplit("/sparql", 1)[0] + "/sparql-graph-crud"


def _push_and_compare(
    url: str,
    store: MapStore,
    graph: str,
    param_sets: list[dict[str, dict[str, str]]],
    protocol: str,
) -> None:
    _update(url, f"DROP SILENT GRAPH <{graph}>")
    plan = plan_push(store, graph=graph)
    target = _gsp_url(url) if protocol == "gsp" else url
    result = push(plan, target, protocol=protocol)
    rate = plan.triples / result.seconds
    print(
        f"\n{graph}: {plan.triples} triples by {protocol} in {result.seconds:.2f} s ({rate:.0f}/s)"
    )
    assert _remote_count(url, graph) == plan.triples
    push(plan, target, protocol=protocol)  # again: nothing is duplicated
    assert _remote_count(url, graph) == plan.triples
    for query in list_queries():
        for params in param_sets:
            values = params.get(query.name, {})
            local = run_named(store, query.name, values)
            remote = run_named_remote(
                url, query.name, values, prefixes=store.namespaces(), default_graphs=[graph]
            )
            assert remote.variables == local.variables, query.name
            assert _normal(remote) == _normal(local), (query.name, values)


@pytest.mark.virtuoso
def test_virtuoso_holds_the_nato_map_and_answers_every_named_query() -> None:
    url = _virtuoso()
    nato = open_map(default_source())
    _push_and_compare(
        url, nato, "https://w3id.org/argmap/test/nato", [NATO_PARAMS, BOUND_PARAMS], "update"
    )


@pytest.mark.virtuoso
def test_virtuoso_accepts_the_graph_store_protocol() -> None:
    url = _virtuoso()
    graph = "https://w3id.org/argmap/test/nato-gsp"
    _update(url, f"DROP SILENT GRAPH <{graph}>")
    plan = plan_push(open_map(default_source()), graph=graph, batch_size=500)
    crud = _gsp_url(url)
    push(plan, crud, protocol="gsp")
    push(plan, crud, protocol="gsp")
    assert _remote_count(url, graph) == plan.triples


@pytest.mark.virtuoso
@pytest.mark.corpus
def test_virtuoso_holds_the_us2016_corpus_and_answers_every_named_query() -> None:
    url = _virtuoso()
    corpora = os.environ.get("ARGMAP_CORPORA")
    if not corpora or not (Path(corpora) / "us-2016").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("ARGMAP_CORPORA is not set or has no us-2016 folder")
        pytest.skip("set ARGMAP_CORPORA to the shared corpora to push us-2016")
    store = open_map(Path(corpora) / "us-2016", context=ReadContext(lenient=True))
    statement = next(store.rows("SELECT ?c WHERE { ?i am:conclusion ?c } ORDER BY ?c LIMIT 1"))[0]
    assert statement is not None
    params = {
        "accepted": {"semantics": "grounded"},
        "evidence-chain": {"statement": f"<{statement}>"},
        "objections": {"statement": f"<{statement}>"},
        "reasons": {"statement": f"<{statement}>"},
    }
    _push_and_compare(url, store, "https://w3id.org/argmap/test/us-2016", [params], "gsp")
