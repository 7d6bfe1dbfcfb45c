"""argmap serve: the SPARQL 1.1 Protocol endpoint, over real HTTP on a free port."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
import uvicorn
from click.testing import CliRunner
from conftest import process_gone, wait_idle
from starlette.applications import Starlette

from graph.cli import main
from graph.pipeline import open_map
from graph.serve import create_app
from graph.store import MapStore

CLAIMS = "SELECT ?c ?label WHERE { ?c a am:Claim ; rdfs:label ?label } ORDER BY ?c"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def _lower(headers: object) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}  # type: ignore[attr-defined]


@dataclass
class Reply:
    status: int
    #: header names in lower case
    headers: dict[str, str]
    text: str


class Server:
    """An app served by uvicorn in a background thread, on a socket bound to port 0."""

    def __init__(self, app: Starlette) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.app = app
        # lifespan on: shutting the server down stops the app's query workers
        config = uvicorn.Config(app, log_level="warning", lifespan="on")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(
        self,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str | None = None,
    ) -> Reply:
        req = urllib.request.Request(
            self.url + path, data=data, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return Reply(
                    response.status, _lower(response.headers), response.read().decode("utf-8")
                )
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, _lower(exc.headers), exc.read().decode("utf-8"))

    def get(self, query: str, accept: str | None = None) -> Reply:
        headers = {"Accept": accept} if accept else {}
        return self.request("/sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)

    def post_form(self, form: dict[str, str], accept: str | None = None) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self.request(
            "/sparql", data=urllib.parse.urlencode(form).encode("utf-8"), headers=headers
        )

    def post_direct(self, query: str, accept: str | None = None) -> Reply:
        headers = {"Content-Type": "application/sparql-query"}
        if accept:
            headers["Accept"] = accept
        return self.request("/sparql", data=query.encode("utf-8"), headers=headers)


@pytest.fixture(scope="module")
def store() -> MapStore:
    return open_map()


@pytest.fixture(scope="module")
def server(store: MapStore) -> Iterator[Server]:
    with Server(create_app(store, timeout=20, max_rows=5000)) as running:
        yield running


def _expected_claims(store: MapStore) -> list[tuple[str | None, ...]]:
    return list(store.rows(CLAIMS))


def _json_rows(text: str) -> list[tuple[str | None, ...]]:
    doc = json.loads(text)
    names = doc["head"]["vars"]
    return [
        tuple(b[v]["value"] if v in b else None for v in names) for b in doc["results"]["bindings"]
    ]


def test_get_post_and_direct_body_give_the_same_json(server: Server, store: MapStore) -> None:
    expected = _expected_claims(store)
    assert len(expected) > 5
    for reply in (
        server.get(CLAIMS),
        server.post_form({"query": CLAIMS}),
        server.post_direct(CLAIMS),
    ):
        assert reply.status == 200, reply.text
        assert reply.headers["content-type"].startswith("application/sparql-results+json")
        assert _json_rows(reply.text) == expected


def test_default_for_missing_or_wildcard_accept(server: Server) -> None:
    for accept in (None, "*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
        reply = server.get(CLAIMS, accept)
        assert reply.status == 200
        assert reply.headers["content-type"].startswith("application/sparql-results+json")
    reply = server.get("CONSTRUCT WHERE { ?s a am:Claim }", "*/*")
    assert reply.headers["content-type"].startswith("text/turtle")


def test_xml_results_parse_back(server: Server, store: MapStore) -> None:
    reply = server.get(CLAIMS, "application/sparql-results+xml")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(reply.text)
    names = [v.get("name") for v in root.iter(SRX + "variable")]
    assert names == ["c", "label"]
    rows = [
        tuple(next(iter(b)).text for b in result.iter(SRX + "binding"))
        for result in root.iter(SRX + "result")
    ]
    assert rows == _expected_claims(store)


def test_csv_and_tsv_results_parse_back(server: Server, store: MapStore) -> None:
    expected = _expected_claims(store)
    reply = server.get(CLAIMS, "text/csv")
    assert reply.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(reply.text)))
    assert table[0] == ["c", "label"]
    assert [tuple(r) for r in table[1:]] == expected

    reply = server.get(CLAIMS, "text/tab-separated-values")
    assert reply.headers["content-type"].startswith("text/tab-separated-values")
    lines = reply.text.rstrip("\n").split("\n")
    assert lines[0] == "?c\t?label"
    assert [tuple(line.split("\t")) for line in lines[1:]] == [
        (f"<{c}>", json.dumps(label, ensure_ascii=False)) for c, label in expected
    ]


def test_accept_quality_values_pick_the_preferred_type(server: Server) -> None:
    reply = server.get(CLAIMS, "text/csv;q=0.4, application/sparql-results+xml;q=0.9")
    assert reply.headers["content-type"].startswith("application/sparql-results+xml")


def test_ask(server: Server) -> None:
    reply = server.get("ASK { ?c a am:Claim }")
    assert json.loads(reply.text)["boolean"] is True
    reply = server.get("ASK { ?c a am:Nothing }", "application/sparql-results+xml")
    assert ET.fromstring(reply.text).find(SRX + "boolean").text == "false"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_construct_in_each_rdf_type(
    server: Server, store: MapStore, accept: str, rdf_format: str
) -> None:
    query = "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a am:Claim ; rdfs:label ?l }"
    reply = server.post_direct(query, accept)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=reply.text, format=rdf_format)
    got = {(str(s), str(o)) for s, _, o in graph}
    assert got == set(_expected_claims(store))


def test_unacceptable_accept_gets_406(server: Server) -> None:
    reply = server.get(CLAIMS, "image/png")
    assert reply.status == 406
    assert "application/sparql-results+json" in reply.text


def test_sixteen_concurrent_clients(server: Server, store: MapStore) -> None:
    expected = _expected_claims(store)
    accepts = ["application/sparql-results+json", "text/csv"] * 8

    def ask(accept: str) -> list[tuple[str | None, ...]]:
        reply = server.post_form({"query": CLAIMS}, accept)
        assert reply.status == 200
        if accept == "text/csv":
            return [tuple(r) for r in list(csv.reader(io.StringIO(reply.text)))[1:]]
        return _json_rows(reply.text)

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(ask, accepts))
    assert answers == [expected] * 16


REFUSED = [
    ("PREFIX ex: <urn:ex:> INSERT DATA { ex:a ex:b ex:c }", "SPARQL Update (INSERT)"),
    ("DELETE WHERE { ?s ?p ?o }", "SPARQL Update (DELETE)"),
    ("# a comment\nLOAD <http://127.0.0.1:9/x.ttl>", "SPARQL Update (LOAD)"),
    ("CLEAR ALL", "SPARQL Update (CLEAR)"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o . service  <urn:x> { ?s ?p ?o } }", "SERVICE"),
]


@pytest.mark.parametrize(("query", "says"), REFUSED)
def test_updates_and_service_are_refused(
    server: Server, store: MapStore, query: str, says: str
) -> None:
    before = store.count()
    for reply in (
        server.get(query),
        server.post_form({"query": query}),
        server.post_direct(query),
    ):
        assert reply.status == 403, reply.text
        assert says in reply.text
    assert store.count() == before


def test_update_requests_are_refused(server: Server, store: MapStore) -> None:
    before = store.count()
    update = "DELETE WHERE { ?s ?p ?o }"
    replies = [
        server.post_form({"update": update}),
        server.request("/sparql?" + urllib.parse.urlencode({"update": update})),
        server.request(
            "/sparql",
            data=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
    ]
    for reply in replies:
        assert reply.status == 403
        assert "read-only" in reply.text
    assert store.count() == before


def test_service_in_a_literal_or_name_is_not_refused(server: Server) -> None:
    reply = server.get('SELECT ?x WHERE { BIND("SERVICE <x>" AS ?x) }')
    assert reply.status == 200, reply.text
    reply = server.get("SELECT ?service WHERE { ?service a am:Claim } LIMIT 1")
    assert reply.status == 200, reply.text


def test_malformed_query_gets_400_with_line_and_column(server: Server) -> None:
    reply = server.get("SELECT ?s\nWHERE { ?s ?p }")
    assert reply.status == 400
    assert re.search(r"SPARQL syntax error at line 2, column \d+: ", reply.text), reply.text


def test_missing_query_and_unknown_body(server: Server) -> None:
    assert server.request("/sparql?default-graph-uri=urn:x").status == 400
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert server.request("/sparql", data=b"", headers=form).status == 400
    reply = server.request("/sparql", data=b"x", headers={"Content-Type": "text/plain"})
    assert reply.status == 415


def test_row_limit_truncates_and_says_so(store: MapStore) -> None:
    with Server(create_app(store, timeout=20, max_rows=3)) as small:
        reply = small.get(CLAIMS)
        assert reply.status == 200
        assert _json_rows(reply.text) == _expected_claims(store)[:3]
        assert "first 3" in reply.headers["argmap-truncated"]
        reply = small.get("SELECT ?c WHERE { ?c a am:Claim } LIMIT 2")
        assert "argmap-truncated" not in reply.headers
        reply = small.get("CONSTRUCT WHERE { ?c a am:Claim }", "application/n-triples")
        assert len(reply.text.strip().splitlines()) == 3
        assert "argmap-truncated" in reply.headers


# A three-way cross product of the map's triples: billions of solutions to filter,
# none of which passes, so Oxigraph computes for hours without producing a row.
RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "never")) }'
)


def test_a_runaway_query_gets_503_and_its_worker_is_stopped(store: MapStore) -> None:
    app = create_app(store, timeout=1, max_rows=10, workers=1)
    with Server(app) as quick:
        (first,) = app.state.pool.pids
        reply = quick.get(RUNAWAY)
        assert reply.status == 503
        assert "within 1 s" in reply.text and "stopped" in reply.text
        assert process_gone(first)  # killed, not left computing
        wait_idle(app.state.pool, 1)
        (second,) = app.state.pool.pids
        assert second != first
        # the one worker is free again: with a thread still computing, this would 503
        assert quick.get("ASK { ?s ?p ?o }").status == 200
        assert quick.get(RUNAWAY).status == 503
        assert process_gone(second)


def test_a_worker_killed_from_outside_is_replaced(store: MapStore) -> None:
    app = create_app(store, timeout=60, max_rows=10, workers=2)
    with Server(app) as running:
        victim = app.state.pool.pids[0]
        os.kill(victim, signal.SIGKILL)
        for _ in range(4):
            reply = running.get("ASK { ?s ?p ?o }")
            assert reply.status == 200, reply.text
        wait_idle(app.state.pool, 2)
        assert victim not in app.state.pool.pids
        assert len(app.state.pool.pids) == 2


def test_a_query_that_crashes_the_engine_does_not_stop_the_server(store: MapStore) -> None:
    # pyoxigraph 0.5.13 aborts the process on this ORDER BY over mixed terms (a Rust
    # sort panics: "comparison function does not correctly implement a total
    # order"), as `argmap query` does with it. Here only its worker goes; should a
    # later Oxigraph answer it, 200 is right too.
    crash = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a ?d LIMIT 1"
    app = create_app(store, timeout=60, max_rows=10, workers=1)
    with Server(app) as running:
        reply = running.get(crash)
        assert reply.status in (200, 500), reply.text
        if reply.status == 500:
            assert "engine stopped while running this query" in reply.text
        assert running.get("ASK { ?s ?p ?o }").status == 200


def test_stopping_the_server_stops_its_workers(store: MapStore) -> None:
    app = create_app(store, timeout=20, max_rows=10, workers=2)
    with Server(app) as running:
        pids = app.state.pool.pids
        assert running.get("ASK { ?s ?p ?o }").status == 200
    assert len(pids) == 2
    assert all(process_gone(pid) for pid in pids)


def test_a_bare_get_describes_the_service(server: Server) -> None:
    reply = server.request("/sparql")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=reply.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    (service,) = graph.subjects(rdflib.RDF.type, sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(server.url + "/sparql")
    assert set(graph.objects(service, sd.supportedLanguage)) == {sd.SPARQL11Query}
    formats = {str(f).rsplit("/", 1)[1] for f in graph.objects(service, sd.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_CSV", "Turtle", "JSON-LD"} <= formats
    dataset = graph.value(service, sd.defaultDataset)
    default = graph.value(dataset, sd.defaultGraph)
    count = _json_rows(server.get("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").text)
    assert graph.value(default, void.triples).toPython() == int(count[0][0] or 0)
    names = {
        str(graph.value(named, sd.name)): graph.value(graph.value(named, sd.graph), void.triples)
        for named in graph.objects(dataset, sd.namedGraph)
    }
    assert "https://w3id.org/argmap/graph/derived" in names
    for name, size in names.items():
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        assert size.toPython() == int(_json_rows(server.get(query).text)[0][0] or 0)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("GET", "/sparql", skip_host=True)
    connection.putheader("Host", "bad<host>")
    connection.endheaders()
    odd = connection.getresponse()
    # A Host that would not make an IRI never reaches the description's text.
    assert odd.status in (200, 400)
    body = odd.read().decode("utf-8")
    connection.close()
    assert "bad<host>" not in body
    if odd.status == 200:
        rdflib.Graph().parse(data=body, format="turtle")  # still well-formed Turtle
    ntriples = server.request("/sparql", headers={"Accept": "application/n-triples"})
    assert ntriples.headers["content-type"].startswith("application/n-triples")
    assert rdflib.Graph().parse(data=ntriples.text, format="nt").isomorphic(graph)


def test_map_page_at_root(server: Server) -> None:
    reply = server.request("/")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "<html" in reply.text.lower()
    assert "NATO" in reply.text


def test_the_page_of_what_hangs_below_a_statement_at_root_param(server: Server) -> None:
    iri = "https://w3id.org/argmap/map/nato-ukraine#nato-stance"
    reply = server.request("/?root=" + urllib.parse.quote(iri, safe=""))
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/html")
    found = re.findall(r'id="argmap-data">(.*?)</script>', reply.text)
    model = json.loads(found[-1])
    assert model["root"]["iri"] == iri
    tops = [n["iri"] for n in model["nodes"] if n["type"] == "statement" and n["parent"] is None]
    assert tops == [iri]
    whole = json.loads(re.findall(r'id="argmap-data">(.*?)</script>', server.request("/").text)[-1])
    assert whole["root"] is None and len(model["nodes"]) < len(whole["nodes"])
    # a name that is no statement: 404, said as plain text (the name is the client's)
    missing = server.request("/?root=" + urllib.parse.quote("<script>x</script>"))
    assert missing.status == 404
    assert missing.headers["content-type"].startswith("text/plain")
    assert "is no statement of the map" in missing.text


def test_query_page_is_offline(server: Server) -> None:
    reply = server.request("/query")
    assert reply.status == 200
    assert "<textarea" in reply.text
    assert "fetch(" in reply.text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", reply.text)
    assert "innerHTML" not in reply.text


def test_cli_serve_is_listed_with_its_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--host",
        "--port",
        "--timeout",
        "--max-rows",
        "--workers",
        "--max-memory",
        "--max-query",
        "--read-timeout",
        "--max-connections",
        "--allow-host",
    ):
        assert option in result.output
    assert "127.0.0.1" in result.output
    for bad in (
        ["--max-rows", "-1"],
        ["--workers", "0"],
        ["--max-memory", "0"],
        ["--max-query", "0"],
        ["--read-timeout", "0"],
        ["--max-connections", "0"],
    ):
        assert CliRunner().invoke(main, ["serve", *bad]).exit_code == 2, bad


def test_cli_serve_on_a_port_in_use_says_so_before_opening_the_map(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "graph.cli", "serve", "missing.ttl", "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    expected = f"error: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert done.stderr.strip() == expected


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (Linux: /proc/PID/task/TID/children)."""
    found: set[int] = set()
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = {int(k) for k in children.read_text().split()}
        except OSError:
            continue
        for kid in kids:
            found |= {kid} | _descendants(kid)
    return found


def _start_serve(tmp_path: Path, *options: str) -> tuple[subprocess.Popen[bytes], int]:
    """``argmap serve`` in a child process, once it answers on a free port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "graph.cli", "serve", "--port", str(port), *options]
    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return process, port
        except OSError:  # refused, or bound but still opening the map
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate()
                raise AssertionError(f"argmap serve did not start: {output}") from None
            time.sleep(0.1)


def test_cli_serve_answers_over_http(tmp_path: Path) -> None:
    process, port = _start_serve(
        tmp_path, "--max-rows", "2", "--workers", "2", "--max-memory", "512"
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": CLAIMS})
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.status == 200
            assert len(_json_rows(response.read().decode())) == 2
            assert response.headers["argmap-truncated"]
        workers = _descendants(process.pid)
        assert len(workers) == 3  # the zygote and its two workers
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert f"serving on http://127.0.0.1:{port}/" in out.decode()
    assert all(process_gone(pid) for pid in workers)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_killing_the_server_leaves_no_query_process_behind(tmp_path: Path) -> None:
    process, _ = _start_serve(tmp_path, "--workers", "2")
    workers = _descendants(process.pid)
    assert len(workers) == 3
    process.kill()  # no shutdown: the zygote and the workers see their pipes close
    process.communicate(timeout=10)
    assert all(process_gone(pid) for pid in workers)


def test_describe_comes_as_turtle(server: Server, store: MapStore) -> None:
    claim = _expected_claims(store)[0][0]
    reply = server.get(f"DESCRIBE <{claim}>")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=reply.text, format="turtle")
    assert (rdflib.URIRef(str(claim)), None, None) in graph


def test_default_and_named_graph_uris_choose_the_dataset(tmp_path: Path) -> None:
    from graph.store import default_source

    seed = default_source()
    (tmp_path / "nato-ukraine.txt").write_bytes(seed.with_suffix(".txt").read_bytes())
    one = tmp_path / "one.ttl"
    two = tmp_path / "two.ttl"
    text = seed.read_text(encoding="utf-8")
    one.write_text(text, encoding="utf-8")
    two.write_text(text.replace("map/nato-ukraine#", "map/copy#"), encoding="utf-8")
    both = open_map([one, two], semantics=())
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a am:Evidence }"
    with Server(create_app(both, timeout=20, max_rows=100)) as running:
        union = _json_rows(running.get(count).text)
        only_one = running.request(
            "/sparql?"
            + urllib.parse.urlencode({"query": count, "default-graph-uri": one.resolve().as_uri()}),
            headers={"Accept": "application/sparql-results+json"},
        )
        assert only_one.status == 200
        assert union == [("22",)] and _json_rows(only_one.text) == [("11",)]
        per_graph = running.post_form(
            {
                "query": "SELECT ?g (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c a am:Evidence } } "
                "GROUP BY ?g",
                "named-graph-uri": two.resolve().as_uri(),
            }
        )
        assert _json_rows(per_graph.text) == [(two.resolve().as_uri(), "11")]
        bad = running.request(
            "/sparql?" + urllib.parse.urlencode({"query": count, "default-graph-uri": "not an iri"})
        )
        assert bad.status == 400 and "default-graph-uri" in bad.text
