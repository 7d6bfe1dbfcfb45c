"""Beyond one machine: pushing maps to a SPARQL store and querying remote endpoints.

Fast tests run against a small in-process store (pyoxigraph behind http.server) that
speaks the Graph Store Protocol, SPARQL Update and the SPARQL Protocol. The tests
marked ``virtuoso`` run against a real Virtuoso Open Source named by
``ARGMAP_VIRTUOSO`` (``.ci/start-virtuoso`` starts one; ``.ci/run`` sets it); a
failed push is made real there by a forwarding proxy that drops a connection.
"""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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
    DeclaredPrefixes,
    PushPlan,
    RemoteError,
    declared_prefixes,
    inline_values,
    plan_push,
    push,
    run_named_remote,
    run_remote,
    values_clause,
)
from graph.sparql import QueryResult, run_query
from graph.store import MapStore, default_source, loads

NU = "https://w3id.org/argmap/map/nato-ukraine#"
MAIN = NU + "nato-will-not-intervene"
SH = "http://www.w3.org/ns/shacl#"
ANY_URI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")

#: A query in the NATO map's own prefix (nu:), answered with rows compacted by it.
NU_QUERY = (
    "SELECT DISTINCT ?premise ?label WHERE { ?i am:conclusion nu:nato-will-not-intervene ; "
    "am:premise ?premise . ?premise rdfs:label ?label } ORDER BY ?premise"
)

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
        #: Answer the prefix lookup (a query naming SHACL) with (status, type, body).
        self.lookup_answer: tuple[int, str, bytes] | None = None

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
            if stub.lookup_answer and SH in form["query"][0]:
                stub.requests.append("lookup")
                code, ctype, body = stub.lookup_answer
                self._send(code, body, ctype)
                return
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
    # Every triple of the map, and the three of its one prefix declaration (nu:).
    assert len(triples) == len(built.triples_sorted(derived=True)) + 3


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


def _declared(plan: PushPlan) -> dict[str, tuple[str, ox.NamedNode | ox.Literal]]:
    """The prefixes a plan declares: each sh:prefix with its node and sh:namespace."""
    triples = [t for b in plan.batches for t in b]
    nodes = [
        t.object
        for t in triples
        if t.subject == ox.NamedNode(plan.graph) and t.predicate.value == SH + "declare"
    ]
    out = {}
    for node in nodes:
        about = {t.predicate.value: t.object for t in triples if t.subject == node}
        assert set(about) == {SH + "prefix", SH + "namespace"}, about
        out[about[SH + "prefix"].value] = (node.value, about[SH + "namespace"])
    return out


def test_a_push_declares_the_maps_own_prefixes_in_shacl(built: MapStore) -> None:
    plan = plan_push(built, graph="urn:nato", batch_size=100)
    declared = _declared(plan)
    # nu: only: am:, oa:, rdfs: ... are argmap's own, which every remote query knows.
    assert list(declared) == ["nu"]
    node, namespace = declared["nu"]
    assert node.startswith(GENID)
    assert namespace == ox.Literal(NU, datatype=ANY_URI)
    assert _declared(plan_push(open_map(default_source()), graph="urn:nato")) == declared
    # The map's own skolem IRIs depend neither on its prefixes nor on the graph.
    elsewhere = plan_push(built, graph="urn:elsewhere", batch_size=100)
    assert _declared(elsewhere)["nu"][0] != node
    assert [t for b in elsewhere.batches for t in b if not t.predicate.value.startswith(SH)] == [
        t for b in plan.batches for t in b if not t.predicate.value.startswith(SH)
    ]
    bare = plan_push(loads("<urn:a> <urn:b> <urn:c> ."), graph="urn:g")
    assert bare.triples == 1


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
    plan = plan_push(built, graph="urn:nato", batch_size=260)
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
    push(plan_push(open_map(default_source()), graph="urn:nato", batch_size=260), url)
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
    # The prefix lookup that opens a query does not hide it.
    for call in (
        lambda: declared_prefixes("http://127.0.0.1:9/sparql", timeout=5),
        lambda: run_remote("http://127.0.0.1:9/sparql", "ASK {}", timeout=5),
    ):
        with pytest.raises(RemoteError, match=r"^http://127\.0\.0\.1:9/sparql: cannot reach the "):
            call()
    cli = CliRunner().invoke(main, ["query", "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql"])
    assert cli.exit_code == 1
    assert cli.output.startswith("error: http://127.0.0.1:9/sparql: cannot reach the endpoint: ")


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
    # In the namespaces of the prefixes the pushed map declares (nu:): none are given.
    by_name = run_named_remote(url, "reasons", {"statement": "nato-will-not-intervene"})
    by_iri = run_named_remote(url, "reasons", {"statement": f"<{MAIN}>"})
    assert by_name.rows and _normal(by_name) == _normal(by_iri)


# ---------------------------------------------------------------- declared prefixes


def test_a_remote_query_knows_the_prefixes_the_pushed_map_declares(
    built: MapStore, stub: tuple[StubStore, str]
) -> None:
    store, url = stub
    with pytest.raises(RemoteError, match="HTTP 400"):  # nothing declares nu: yet
        run_remote(url, NU_QUERY)
    push(plan_push(built, graph="urn:nato"), url)
    local = run_query(built, NU_QUERY)
    assert len(local.rows) > 5
    assert _normal(run_remote(url, NU_QUERY)) == _normal(local)
    assert store.requests[-2:] == ["query application/sparql-results+json"] * 2
    assert _normal(run_remote(url, NU_QUERY, default_graphs=["urn:nato"])) == _normal(local)
    with pytest.raises(RemoteError, match="HTTP 400"):
        run_remote(url, NU_QUERY, ask_prefixes=False)
    # The lookup reads only the default graphs the query reads.
    assert declared_prefixes(url, default_graphs=["urn:nato"]) == DeclaredPrefixes({"nu": NU}, {})
    assert declared_prefixes(url, default_graphs=["urn:other"]) == DeclaredPrefixes({}, {})
    # A query's own PREFIX line wins over the declared one.
    assert run_remote(url, "PREFIX nu: <urn:not-nato#>\n" + NU_QUERY).rows == []
    # argmap's prefixes win over a declared one, which another graph may hold.
    store.store.update(
        f"PREFIX sh: <{SH}> INSERT DATA {{ GRAPH <urn:other> {{ <urn:other> sh:declare "
        '<urn:d> . <urn:d> sh:prefix "rdfs" ; sh:namespace "urn:not-rdfs#" } }'
    )
    assert declared_prefixes(url).prefixes == {"nu": NU, "rdfs": "urn:not-rdfs#"}
    assert _normal(run_remote(url, NU_QUERY)) == _normal(local)
    # A named query's parameter in the map's own prefix.
    params = {"statement": "nu:nato-will-not-intervene"}
    named = run_named_remote(url, "reasons", params, default_graphs=["urn:nato"])
    assert named.rows and _normal(named) == _normal(run_named(built, "reasons", params))


def test_query_endpoint_table_compacts_iris_with_the_declared_prefixes(
    built: MapStore, stub: tuple[StubStore, str]
) -> None:
    _, url = stub
    before = CliRunner().invoke(main, ["query", NU_QUERY, "--endpoint", url])
    assert before.exit_code == 1
    push(plan_push(built, graph="urn:nato"), url)
    remote = CliRunner().invoke(main, ["query", NU_QUERY, "--endpoint", url])
    local = CliRunner().invoke(main, ["query", NU_QUERY])
    assert remote.exit_code == 0, remote.output
    assert "\nnu:nato-not-prepared " in local.output
    assert remote.output == local.output


def test_a_prefix_declared_with_two_namespaces_is_left_out(stub: tuple[StubStore, str]) -> None:
    _, url = stub
    push(plan_push(loads("@prefix x: <urn:one#> . x:a x:b x:c ."), graph="urn:g1"), url)
    push(plan_push(loads("@prefix x: <urn:two#> . x:a x:b x:d ."), graph="urn:g2"), url)
    assert declared_prefixes(url) == DeclaredPrefixes({}, {"x": ["urn:one#", "urn:two#"]})
    assert declared_prefixes(url, default_graphs=["urn:g2"]).prefixes == {"x": "urn:two#"}
    text = "SELECT ?o WHERE { x:a x:b ?o }"
    unsure = CliRunner().invoke(main, ["query", text, "--endpoint", url])
    assert unsure.exit_code == 1
    assert unsure.output.startswith(
        "note: the endpoint's graphs declare x: as <urn:one#> and <urn:two#>, so it is not "
        "predeclared; write a PREFIX line or give --prefix x=IRI\nerror: "
    )
    chosen = CliRunner().invoke(main, ["query", text, "--endpoint", url, "--prefix", "x=urn:two#"])
    assert chosen.exit_code == 0, chosen.output
    assert chosen.output.splitlines() == ["o", "---", "x:d", "(1 row)"]
    # No note for a query that does not use the prefix.
    quiet = CliRunner().invoke(main, ["query", "ASK { ?s ?p ?o }", "--endpoint", url])
    assert (quiet.exit_code, quiet.output) == (0, "true\n")
    # --graph queries one graph: its declarations alone, its triples alone.
    one = CliRunner().invoke(main, ["query", text, "--endpoint", url, "--graph", "urn:g1"])
    assert one.exit_code == 0, one.output
    assert one.output.splitlines() == ["o", "---", "x:c", "(1 row)"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(STRENDS(STR(?p), '#b')) }"
    for graphs, expected in ((["urn:g2"], "1"), (["urn:g1", "urn:g2"], "2")):
        options = [arg for graph in graphs for arg in ("--graph", graph)]
        result = CliRunner().invoke(main, ["query", count, "--endpoint", url, *options])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[2] == expected


def test_graph_goes_with_endpoint() -> None:
    result = CliRunner().invoke(main, ["query", "ASK { ?s ?p ?o }", "--graph", "urn:g"])
    assert result.exit_code == 2
    assert "--graph goes with --endpoint" in result.output


@pytest.mark.parametrize(
    ("code", "ctype", "body"),
    [
        (400, "text/plain", b"Virtuoso 37000 Error SP030: unknown namespace sh"),
        (200, "text/html", b"<html><body>not SPARQL</body></html>"),
        (200, "application/sparql-results+json", b'{"head":{"vars":["x"]},"results":'),
        (200, "application/sparql-results+json", b'{"head":{},"boolean":true}'),
        (
            200,
            "application/sparql-results+json",
            b'{"head":{"vars":["prefix","namespace"]},"results":{"bindings":['
            b'{"prefix":{"type":"literal","value":"1x"},'
            b'"namespace":{"type":"literal","value":"urn:x#"}},'
            b'{"prefix":{"type":"literal","value":"y"},'
            b'"namespace":{"type":"literal","value":"not an IRI"}}]}}',
        ),
    ],
    ids=["refused", "not-sparql", "unreadable", "ask", "unusable"],
)
def test_a_lookup_the_endpoint_cannot_answer_does_not_stop_the_query(
    built: MapStore, stub: tuple[StubStore, str], code: int, ctype: str, body: bytes
) -> None:
    store, url = stub
    push(plan_push(built, graph="urn:nato"), url)
    store.lookup_answer = (code, ctype, body)
    assert declared_prefixes(url) == DeclaredPrefixes({}, {})
    text = f"SELECT ?label WHERE {{ <{MAIN}> rdfs:label ?label }}"
    store.requests.clear()
    result = run_remote(url, text)
    assert store.requests == ["lookup", "query application/sparql-results+json"]
    assert _normal(result) == _normal(run_query(built, text))
    cli = CliRunner().invoke(main, ["query", text, "--endpoint", url])
    assert cli.exit_code == 0, cli.output
    assert cli.output == CliRunner().invoke(main, ["query", text]).output


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
    local = CliRunner().invoke(main, ["query", "ASK {}", "--prefix", "x=urn:x#"])
    assert local.exit_code == 2
    assert "--prefix goes with --endpoint (a local map knows its prefixes)" in local.output
    for bad in ("x", "=urn:x#", "x="):
        form = CliRunner().invoke(main, ["query", "ASK {}", "--endpoint", url, "--prefix", bad])
        assert form.exit_code == 2
        assert f"--prefix takes NAME=IRI, not {bad!r}" in form.output
    args = ["query", "ASK {}", "--endpoint", url, "--prefix"]
    twice = CliRunner().invoke(main, [*args, "x=urn:x#", "--prefix", "x=urn:y#"])
    assert twice.exit_code == 2
    assert "--prefix x is given twice" in twice.output
    iri = CliRunner().invoke(main, [*args, "x=not an IRI"])
    assert iri.exit_code == 1
    assert iri.output == "error: the namespace of x: must be an absolute IRI, not 'not an IRI'\n"
    name = CliRunner().invoke(main, [*args, "1x=urn:x#"])
    assert name.exit_code == 1
    assert name.output.startswith("error: '1x' is not a SPARQL prefix name")


def test_cli_push_reports_and_resumes(stub: tuple[StubStore, str], tmp_path: Path) -> None:
    store, url = stub
    state = tmp_path / "push.json"
    args = ["push", str(default_source()), "--endpoint", url, "--graph", "urn:nato"]
    store.fail_on = {2}
    failed = CliRunner().invoke(main, [*args, "--batch", "600", "--state", str(state)])
    assert failed.exit_code == 1
    assert "error: batch 2 of 4: Graph Store Protocol POST failed: " in failed.output
    assert json.loads(state.read_text(encoding="utf-8"))["done"] == [0]
    store.fail_on = set()
    done = CliRunner().invoke(main, [*args, "--batch", "600", "--state", str(state)])
    assert done.exit_code == 0, done.output
    total = plan_push(open_map(default_source()), graph="urn:nato").triples
    assert (
        f"pushed {total - 600} of {total} triples to <urn:nato> (gsp, 3 batches, 1 done before)"
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
    _compare_named(url, store, graph, param_sets)


def _compare_named(
    url: str, store: MapStore, graph: str, param_sets: list[dict[str, dict[str, str]]]
) -> None:
    """Every named query answers on ``graph`` of the endpoint as it does on ``store``."""
    for query in list_queries():
        for params in param_sets:
            values = params.get(query.name, {})
            local = run_named(store, query.name, values)
            remote = run_named_remote(
                url, query.name, values, prefixes=store.namespaces(), default_graphs=[graph]
            )
            assert remote.variables == local.variables, query.name
            assert _normal(remote) == _normal(local), (query.name, values)


class DroppingProxy:
    """Forwards POSTs to an endpoint and drops the connection on the listed requests.

    A dropped request is forwarded first when ``forward_dropped`` is set: the store
    then holds a batch its client saw fail, which a resumed push sends again.
    """

    def __init__(self, upstream: str, drop: set[int], *, forward_dropped: bool) -> None:
        self.upstream = upstream
        self.drop = drop
        self.forward_dropped = forward_dropped
        #: One word per request received: "sent" (answered) or "dropped".
        self.requests: list[str] = []


def _proxy_handler(proxy: DroppingProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            drop = len(proxy.requests) + 1 in proxy.drop
            proxy.requests.append("dropped" if drop else "sent")
            if drop and not proxy.forward_dropped:
                self.close_connection = True
                return  # no answer at all: the client sees the connection closed
            request = urllib.request.Request(
                proxy.upstream + self.path,
                data=body,
                headers={"Content-Type": self.headers["Content-Type"]},
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    code, headers, answer = response.status, response.headers, response.read()
            except urllib.error.HTTPError as exc:
                code, headers, answer = exc.code, exc.headers, exc.read()
            if drop:
                self.close_connection = True
                return
            self.send_response(code)
            self.send_header("Content-Type", headers.get("Content-Type", "text/plain"))
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    return Handler


@contextmanager
def _dropping(
    target: str, drop: set[int], *, forward_dropped: bool
) -> Iterator[tuple[DroppingProxy, str]]:
    """A :class:`DroppingProxy` before ``target``; yields it and the URL to use for it."""
    parts = urllib.parse.urlsplit(target)
    proxy = DroppingProxy(f"{parts.scheme}://{parts.netloc}", drop, forward_dropped=forward_dropped)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _proxy_handler(proxy))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield proxy, f"http://127.0.0.1:{server.server_address[1]}{parts.path}"
    finally:
        server.shutdown()
        server.server_close()


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


@pytest.mark.virtuoso
@pytest.mark.parametrize(
    ("protocol", "forward_dropped"),
    [("update", False), ("gsp", True)],
    ids=["update-lost-request", "gsp-lost-answer"],
)
def test_virtuoso_push_resumes_after_a_dropped_connection(
    protocol: str, forward_dropped: bool, tmp_path: Path
) -> None:
    """The third request's connection drops: before Virtuoso sees it (update), or after
    Virtuoso stored the batch but before its answer (gsp), which resuming sends again."""
    url = _virtuoso()
    store = open_map(default_source())
    graph = f"https://w3id.org/argmap/test/nato-resume-{protocol}"
    _update(url, f"DROP SILENT GRAPH <{graph}>")
    # At most UPDATE_CHUNK triples a batch: one request per batch by either protocol.
    plan = plan_push(store, graph=graph, batch_size=350)
    batches = len(plan.batches)
    assert batches == 6
    state = tmp_path / "push.json"
    target = _gsp_url(url) if protocol == "gsp" else url
    with _dropping(target, {3}, forward_dropped=forward_dropped) as (proxy, proxied):
        with pytest.raises(RemoteError, match=r"^batch 3 of 6: .* cannot reach the endpoint: "):
            push(plan, proxied, protocol=protocol, state=state)
        assert proxy.requests == ["sent", "sent", "dropped"]
        recorded = json.loads(state.read_text(encoding="utf-8"))
        assert (recorded["done"], recorded["batches"]) == ([0, 1], 6)
        assert (recorded["endpoint"], recorded["protocol"]) == (proxied, protocol)
        assert _remote_count(url, graph) == 350 * (3 if forward_dropped else 2)
        result = push(plan, proxied, protocol=protocol, state=state)
        assert proxy.requests[3:] == ["sent"] * (batches - 2)
    assert (result.sent, result.skipped) == (batches - 2, 2)
    assert result.triples_sent == plan.triples - 700
    assert _remote_count(url, graph) == plan.triples
    assert not state.exists()
    _compare_named(url, store, graph, [NATO_PARAMS, BOUND_PARAMS])


@pytest.mark.virtuoso
def test_virtuoso_cli_push_resumes_after_a_dropped_connection(tmp_path: Path) -> None:
    url = _virtuoso()
    graph = "https://w3id.org/argmap/test/nato-resume-cli"
    _update(url, f"DROP SILENT GRAPH <{graph}>")
    state = tmp_path / "push.json"
    total = plan_push(open_map(default_source()), graph=graph).triples
    with _dropping(_gsp_url(url), {2}, forward_dropped=True) as (proxy, proxied):
        args = ["push", str(default_source()), "--endpoint", proxied, "--graph", graph]
        args += ["--batch", "600", "--state", str(state)]
        failed = CliRunner().invoke(main, args)
        assert failed.exit_code == 1
        assert "error: batch 2 of 4: Graph Store Protocol POST failed: " in failed.output
        assert "cannot reach the endpoint: Remote end closed connection" in failed.output
        assert json.loads(state.read_text(encoding="utf-8"))["done"] == [0]
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 0, done.output
        assert proxy.requests == ["sent", "dropped", "sent", "sent", "sent"]
    assert (
        f"pushed {total - 600} of {total} triples to <{graph}> (gsp, 3 batches, 1 done before)"
        in done.output
    )
    assert _remote_count(url, graph) == total
    assert not state.exists()


@pytest.mark.virtuoso
def test_virtuoso_answers_a_query_in_the_maps_own_prefixes() -> None:
    url = _virtuoso()
    store = open_map(default_source())
    graph = "https://w3id.org/argmap/test/nato-prefixes"
    _update(url, f"DROP SILENT GRAPH <{graph}>")
    assert declared_prefixes(url, default_graphs=[graph]) == DeclaredPrefixes({}, {})
    push(plan_push(store, graph=graph), _gsp_url(url), protocol="gsp")
    assert declared_prefixes(url, default_graphs=[graph]) == DeclaredPrefixes({"nu": NU}, {})
    assert declared_prefixes(url).prefixes["nu"] == NU
    # Virtuoso queries every graph by default (the other tests' NATO maps too): DISTINCT.
    remote = CliRunner().invoke(main, ["query", NU_QUERY, "--endpoint", url])
    local = CliRunner().invoke(main, ["query", NU_QUERY])
    assert remote.exit_code == 0, remote.output
    assert "\nnu:nato-not-prepared " in local.output
    assert remote.output == local.output
    params = {"statement": "nu:nato-will-not-intervene"}
    named = run_named_remote(url, "reasons", params, default_graphs=[graph])
    assert named.rows and _normal(named) == _normal(run_named(store, "reasons", params))
