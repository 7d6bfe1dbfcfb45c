"""argmap serve under abuse: a real server process on loopback, attacked as a client would.

Every attack must get its own right status, and after each the server is still up,
still read-only (the map's quads are counted before and after) and still answering
other clients. Loops are bounded in time; nothing leaves the machine.
"""

from __future__ import annotations

import http.client
import http.server
import json
import socket
import socketserver
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from conftest import argmap_server

from graph.querypool import Job, QueryPool
from graph.store import loads

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
MARK = "urn:argmap-abuse:pwned"
ASK_MARK = f"ASK {{ {{ <{MARK}> ?p ?o }} UNION {{ GRAPH ?g {{ <{MARK}> ?p ?o }} }} }}"
CLAIMS = "SELECT ?c WHERE { ?c a am:Claim } ORDER BY ?c"
CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 3.0
READ_TIMEOUT = 2.0
MAX_ROWS = 50


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


class Canary:
    """An HTTP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        hits = self.hits = []  # type: list[str]

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.end_headers()
                self.wfile.write(b"<urn:x:canary> <urn:x:p> <urn:x:o> .\n")

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Client:
    """Requests to one server, each on a connection of its own (or a given one)."""

    def __init__(self, url: str) -> None:
        parsed = urllib.parse.urlsplit(url)
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or 80

    def request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        host: str | None = None,
        conn: http.client.HTTPConnection | None = None,
        timeout: float = 30,
    ) -> Reply:
        """``host``: the Host header (default: this server's address)."""
        own = conn is None
        conn = conn or http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", f"{self.host}:{self.port}" if host is None else host)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            if own:
                conn.close()

    def raw(self, data: bytes, timeout: float = 30) -> bytes:
        """Send ``data`` as it is; the first answer, its status line, headers and body
        (b"" if the server closed the connection without one)."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as sock:
            sock.sendall(data)
            response = http.client.HTTPResponse(sock)
            try:
                response.begin()
            except http.client.RemoteDisconnected:
                return b""
            body = response.read()
            head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
                f"{k}: {v}\r\n" for k, v in response.getheaders()
            )
            return head.encode("latin-1") + b"\r\n" + body

    def get(self, query: str, **kwargs: object) -> Reply:
        return self.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), **kwargs)  # type: ignore[arg-type]

    def form(self, fields: dict[str, str], content_type: str | None = None) -> Reply:
        return self.request(
            "POST",
            "/sparql",
            urllib.parse.urlencode(fields).encode(),
            {"Content-Type": content_type or "application/x-www-form-urlencoded"},
        )

    def direct(self, query: str, content_type: str = "application/sparql-query") -> Reply:
        return self.request("POST", "/sparql", query.encode(), {"Content-Type": content_type})

    def count(self) -> int:
        reply = self.get(COUNT)
        assert reply.status == 200, reply.body
        return int(json.loads(reply.body)["results"]["bindings"][0]["n"]["value"])

    def marked(self) -> bool:
        reply = self.get(ASK_MARK)
        assert reply.status == 200, reply.body
        return bool(json.loads(reply.body)["boolean"])


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _status(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0].split()
    assert len(line) >= 2 and line[0].startswith(b"HTTP/1."), answer[:200]
    return int(line[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    cwd = tmp_path_factory.mktemp("abuse")
    with argmap_server(
        "serve",
        "--timeout",
        str(TIMEOUT),
        "--max-rows",
        str(MAX_ROWS),
        "--workers",
        "3",
        "--read-timeout",
        str(READ_TIMEOUT),
        cwd=cwd,
    ) as url:
        yield Client(url)


@pytest.fixture(scope="module")
def before(served: Client) -> int:
    return served.count()


@pytest.fixture
def canary() -> Iterator[Canary]:
    listener = Canary()
    yield listener
    listener.close()


def _still_serving(client: Client, before: int) -> None:
    """Up, read-only, and answering a plain query."""
    assert client.count() == before
    assert not client.marked()
    reply = client.get(CLAIMS)
    assert reply.status == 200 and len(json.loads(reply.body)["results"]["bindings"]) > 10


# --- updates, through every channel ---------------------------------------------------

UPDATES = [
    f"INSERT DATA {{ <{MARK}> <urn:x:p> <urn:x:o> }}",
    f"PREFIX x: <urn:x:>\n# a comment\n  insert data {{ <{MARK}> x:p x:o }}",
    f"BASE <urn:x:> INSERT {{ <{MARK}> ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE DATA { GRAPH <https://w3id.org/argmap/graph/derived> { <urn:a> <urn:b> <urn:c> } }",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "LOAD SILENT <{canary}> INTO GRAPH <urn:x:g>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP SILENT ALL",
    "CREATE GRAPH <urn:x:g>",
    "COPY DEFAULT TO <urn:x:g>",
    "MOVE DEFAULT TO <urn:x:g>",
    "ADD DEFAULT TO <urn:x:g>",
]


def _channels(client: Client, update: str) -> dict[str, Reply]:
    """The update sent every way a client could try."""
    encoded = urllib.parse.urlencode
    select = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    return {
        "GET query=": client.get(update),
        "GET update=": client.request("GET", "/sparql?" + encoded({"update": update})),
        "GET query= and update=": client.request(
            "GET", "/sparql?" + encoded({"query": select, "update": update})
        ),
        "POST form query=": client.form({"query": update}),
        "POST form update=": client.form({"update": update}),
        "POST form query= and update=": client.form({"query": select, "update": update}),
        "POST form with a charset": client.form(
            {"update": update}, "application/x-www-form-urlencoded; charset=UTF-8"
        ),
        "POST sparql-query": client.direct(update),
        "POST sparql-update": client.direct(update, "application/sparql-update"),
        "POST sparql-update, upper case": client.direct(
            update, "APPLICATION/SPARQL-UPDATE; charset=utf-8"
        ),
        "POST sparql-update to a query URL": client.request(
            "POST",
            "/sparql?" + encoded({"query": select}),
            update.encode(),
            {"Content-Type": "application/sparql-update"},
        ),
    }


#: Content types the endpoint does not take, and methods it does not offer.
UNTAKEN_TYPES = [
    "text/plain",
    "application/json",
    "application/sparql-results+json",
    "text/turtle",
    "multipart/form-data; boundary=x",
]


@pytest.mark.parametrize("update", UPDATES)
def test_an_update_is_refused_through_every_channel(
    served: Client, before: int, canary: Canary, update: str
) -> None:
    update = update.replace("{canary}", canary.url)
    for channel, reply in _channels(served, update).items():
        assert reply.status == 403, (channel, reply.status, reply.body)
        assert "read-only" in reply.body, (channel, reply.body)
    for content_type in UNTAKEN_TYPES:
        reply = served.direct(update, content_type)
        assert reply.status == 415, (content_type, reply.body)
    reply = served.request("POST", "/sparql", update.encode())  # no Content-Type at all
    assert reply.status == 415, reply.body
    for method in ("PUT", "DELETE", "PATCH"):  # the Graph Store Protocol's writes
        for target in ("/sparql", "/sparql?default", "/sparql?graph=urn:x:g", "/"):
            reply = served.request(method, target, update.encode(), {"Content-Type": "text/turtle"})
            assert reply.status == 405, (method, target, reply.body)
            assert "PUT" not in reply.headers.get("allow", "")
    for target in ("/", "/query", "/favicon.ico"):
        assert served.form({"update": update}).status == 403
        reply = served.request("POST", target, b"update=" + update.encode())
        assert reply.status == 405, (target, reply.body)
    assert canary.hits == []
    _still_serving(served, before)


def test_an_update_after_a_query_in_one_request_is_refused(served: Client, before: int) -> None:
    # SPARQL has no such request; the parser must say so, not run half of it
    both = f"SELECT * WHERE {{ ?s ?p ?o }} ; INSERT DATA {{ <{MARK}> <urn:x:p> <urn:x:o> }}"
    for reply in (served.get(both), served.form({"query": both}), served.direct(both)):
        assert reply.status in (400, 403), reply.body
    _still_serving(served, before)


# --- SERVICE and LOAD: nothing fetched ------------------------------------------------

SERVICES = [
    "SELECT * WHERE { SERVICE <{c}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{c}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x a am:Claim . { SELECT ?s WHERE { SERVICE <{c}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { { SELECT * WHERE { { SELECT * WHERE { service <{c}> { ?s ?p ?o } } } } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{c}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <{c}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o BIND(EXISTS { SERVICE <{c}> { ?s ?q ?r } } AS ?e) }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <{c}> { ?s ?q ?r } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{c}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{c}> { ?s ?p ?o } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <{c}> { ?s ?p ?o } } }",
    "SELECT * WHERE { VALUES ?e { <{c}> } SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE {SERVICE#comment\n<{c}>{?s ?p ?o}}",
    "ASK { SERVICE <{c}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{c}> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{c}> { ?s ?p ?o } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s HAVING (EXISTS { SERVICE <{c}> {} })",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused_wherever_it_is_nested(
    served: Client, before: int, canary: Canary, query: str
) -> None:
    query = query.replace("{c}", canary.url)
    for reply in (served.get(query), served.form({"query": query}), served.direct(query)):
        assert reply.status == 403, (query, reply.status, reply.body)
        assert "SERVICE" in reply.body
    assert canary.hits == []
    _still_serving(served, before)


def test_a_query_worker_cannot_reach_the_network(canary: Canary) -> None:
    # below the endpoint's refusal: a worker handed SERVICE itself connects nowhere
    pool = QueryPool(loads("<urn:a> <urn:b> <urn:c> ."), size=1, max_rows=10)
    try:
        if not pool.offline:
            pytest.skip(
                "this kernel does not let this user give the query workers a network "
                "namespace of their own (unshare CLONE_NEWNET)"
            )
        job = Job(f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}")
        reply = pool.run(job, timeout=30)
        assert reply.status != 200
        assert "unreachable" in reply.body.decode()
        reply = pool.run(Job("SELECT * WHERE { ?s ?p ?o }", accept="text/csv"), timeout=30)
        assert reply.status == 200 and "urn:a" in reply.body.decode()
    finally:
        pool.close()
    assert canary.hits == []


# --- big queries, big results, long queries -------------------------------------------


def _values_query(size: int) -> tuple[str, int]:
    """A query of exactly ``size`` bytes counting the rows of its VALUES block."""
    head, tail = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?v { ", "} }"
    item = '"abcdefghij" '
    rows = (size - len(head) - len(tail)) // len(item)
    text = head + item * rows + tail
    return text + " " * (size - len(text)), rows


def test_a_one_megabyte_query(served: Client, before: int) -> None:
    query, rows = _values_query(1_000_000)
    assert len(query.encode()) == 1_000_000
    for reply in (served.direct(query), served.form({"query": query})):
        assert reply.status == 200, reply.body[:300]
        assert json.loads(reply.body)["results"]["bindings"][0]["n"]["value"] == str(rows)
    # a megabyte does not fit in a URL: 414, which says what to do instead
    reply = served.get(query)
    assert reply.status == 414, reply.body[:300]
    assert "POST" in reply.body
    _still_serving(served, before)


def test_a_query_past_max_query_is_refused_unread(served: Client, before: int) -> None:
    query, _ = _values_query(1024 * 1024 + 1)
    for reply in (served.direct(query), served.form({"query": query})):
        assert reply.status == 413, reply.body[:300]
        assert "--max-query" in reply.body
    # a body announced past the limit is refused before it is sent
    with socket.create_connection((served.host, served.port), timeout=30) as sock:
        sock.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/sparql-query\r\nContent-Length: 100000000\r\n\r\n"
        )
        answer = _read_all(sock)
    assert _status(answer) == 413
    assert b"connection: close" in answer.lower()
    _still_serving(served, before)


def test_a_megabyte_of_nesting_does_not_stop_the_server(served: Client, before: int) -> None:
    deep = "SELECT * WHERE { FILTER(" + "(" * 500_000 + "1" + ")" * 500_000 + ") }"
    reply = served.direct(deep)
    assert reply.status in (400, 500), reply.body[:300]
    deep = "SELECT * WHERE " + "{ " * 300_000 + "}" * 300_000
    reply = served.direct(deep)
    assert reply.status in (400, 500), reply.body[:300]
    _still_serving(served, before)


@pytest.mark.parametrize(
    ("accept", "rows"),
    [
        ("application/sparql-results+json", lambda b: len(json.loads(b)["results"]["bindings"])),
        ("text/csv", lambda b: len(b.strip().splitlines()) - 1),
        ("text/tab-separated-values", lambda b: len(b.strip().splitlines()) - 1),
        ("application/sparql-results+xml", lambda b: b.count("<result>")),
    ],
)
def test_results_past_max_rows_are_cut_and_say_so(
    served: Client, before: int, accept: str, rows: object
) -> None:
    # a cross product of the map with itself: millions of rows, cut at --max-rows
    reply = served.get(CROSS, headers={"Accept": accept})
    assert reply.status == 200, reply.body[:300]
    assert rows(reply.body) == MAX_ROWS  # type: ignore[operator]
    assert f"first {MAX_ROWS}" in reply.headers["argmap-truncated"]
    _still_serving(served, before)


def test_a_construct_past_max_rows_is_cut(served: Client) -> None:
    query = "CONSTRUCT { ?a <urn:x:with> ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"
    reply = served.get(query, headers={"Accept": "application/n-triples"})
    assert reply.status == 200
    assert len(reply.body.strip().splitlines()) == MAX_ROWS
    assert "argmap-truncated" in reply.headers


def test_cross_products_past_the_timeout_get_503_and_others_are_served(
    served: Client, before: int
) -> None:
    with ThreadPoolExecutor(8) as pool:
        # fewer runaways than workers (3): the others are answered meanwhile, at once
        runaways = [pool.submit(served.get, RUNAWAY) for _ in range(2)]
        time.sleep(0.3)
        for _ in range(5):
            t0 = time.monotonic()
            reply = served.get(CLAIMS)
            assert reply.status == 200, reply.body
            assert time.monotonic() - t0 < 2
        for future in runaways:
            reply = future.result()
            assert reply.status == 503, reply.body[:300]
            assert "--timeout" in reply.body
        # more runaways than workers: those waiting for a worker time out as well
        started = time.monotonic()
        replies = [f.result() for f in [pool.submit(served.get, RUNAWAY) for _ in range(6)]]
        assert [r.status for r in replies] == [503] * 6
        assert time.monotonic() - started < 2 * TIMEOUT + 5
    _still_serving(served, before)  # the workers were replaced


# --- paths, methods, hosts ------------------------------------------------------------

TRAVERSALS = [
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "..%5c..%5c..%5cetc%5cpasswd",
    "..\\..\\..\\etc\\passwd",
    "....//....//....//etc/passwd",
    "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "..%00/etc/passwd",
    "etc/passwd%00.html",
    "/etc/passwd",
    "./.././../etc/passwd",
]


def _traversals(routes: list[str]) -> Iterator[str]:
    for route in routes:
        base = route.rstrip("/")
        for attack in TRAVERSALS:
            yield f"{base}/{attack}"
            yield f"{base}/;{attack}"
            yield f"{route}?{attack}"


def _redirected_home(raw: bytes, port: int | None = None) -> bool:
    """A 307 (a slash too many) that stays on this server."""
    own = b"location: http://127.0.0.1" + (b":%d" % port if port else b"") + b"/"
    return _status(raw) == 307 and own in raw.lower()


_PASSWD = Path("/etc/passwd").read_text(encoding="utf-8").splitlines()[0]


def _no_file_leaks(reply: Reply | bytes) -> None:
    text = reply.body if isinstance(reply, Reply) else reply.decode("latin-1")
    assert _PASSWD not in text
    assert "[build-system]" not in text  # nor a file of argmap's own


def test_path_traversal_on_every_route(served: Client, before: int) -> None:
    statuses: Counter[int] = Counter()
    for target in _traversals(["/", "/query", "/sparql", "/favicon.ico", "/static/"]):
        raw = served.raw(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        status = _status(raw)
        statuses[status] += 1
        _no_file_leaks(raw)
        if "?" in target:  # the route itself (or none), or a query that is not one
            assert status in (200, 204, 400, 404), (target, raw[:200])
        else:
            assert status in (400, 404) or _redirected_home(raw), (target, raw[:200])
    # an absolute target, an asterisk, a CONNECT: no proxying, no file
    for line in (
        "GET file:///etc/passwd HTTP/1.1",
        "GET http://127.0.0.1/../../etc/passwd HTTP/1.1",
        "GET * HTTP/1.1",
        "OPTIONS * HTTP/1.1",
        "CONNECT 127.0.0.1:22 HTTP/1.1",
        "TRACE / HTTP/1.1",
    ):
        raw = served.raw(f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert _status(raw) in (400, 404, 405), (line, raw[:200])
        _no_file_leaks(raw)
    assert statuses[404] > 50, statuses
    _still_serving(served, before)


def test_path_traversal_on_the_annotator(tmp_path: Path) -> None:
    text = tmp_path / "text.txt"
    text.write_text("Cats purr. Therefore cats are happy.\n", encoding="utf-8")
    with argmap_server("annotate", str(text), "--no-open", cwd=tmp_path) as url:
        client = Client(url)
        for target in _traversals(["/", "/api/session", "/api/", "/static/"]):
            raw = client.raw(
                f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{client.port}\r\n\r\n".encode()
            )
            _no_file_leaks(raw)
            if "?" in target:  # the page itself, or the API refusing a call without token
                assert _status(raw) in (200, 403, 404), (target, raw[:200])
            else:
                assert _status(raw) in (400, 403, 404) or _redirected_home(raw, client.port), (
                    target,
                    raw[:200],
                )
        assert client.request("GET", "/").status == 200


ODD_HOSTS = {
    "evil.example": 421,
    "evil.example:80": 421,
    "127.0.0.2": 421,
    "localhost.evil.example": 421,
    "": 400,
    "a b": 400,
    "[::1": 400,
    "[not:an:address]": 400,
    "127.0.0.1:99999": 400,
    "127.0.0.1:port": 400,
    "127.0.0.1:80:80": 400,
    "127.0.0.1/evil": 400,
    "<script>alert(1)</script>": 400,
    'x" onload="alert(1)': 400,
    "user@127.0.0.1": 400,
    "x" * 8000: 400,
}


def test_odd_host_headers(served: Client, before: int) -> None:
    for host, status in ODD_HOSTS.items():
        for target in ("/sparql", "/", "/query", "/sparql?query=ASK%7B%7D"):
            reply = served.request("GET", target, host=host)
            assert reply.status == status, (host[:40], target, reply.status, reply.body)
            assert "<script>" not in reply.body and "onload" not in reply.body
    # this machine's own names, with or without the port, in any case
    for host in ("localhost", "LOCALHOST", f"localhost:{served.port}", f"[::1]:{served.port}"):
        reply = served.request("GET", "/sparql", host=host, headers={"Accept": "text/turtle"})
        assert reply.status == 200, (host, reply.body)
        graph = rdflib.Graph().parse(data=reply.body, format="turtle")
        assert len(graph) > 5
    # two Hosts, and none: h11 refuses a missing Host in HTTP/1.1, HTTP/1.0 may omit it
    two = b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n"
    assert _status(served.raw(two)) == 400
    assert _status(served.raw(b"GET /query HTTP/1.1\r\n\r\n")) == 400
    assert _status(served.raw(b"GET /query HTTP/1.0\r\n\r\n")) == 200
    # bytes no host has (Latin-1, a NUL): 400, never a traceback or a hang
    for header in (b"Host: ex\xe4mple\r\n", b"Host: a\x00b\r\n", b"Host: \t \r\n"):
        answer = served.raw(b"GET /sparql HTTP/1.1\r\n" + header + b"\r\n")
        assert _status(answer) == 400, answer[:200]
    _still_serving(served, before)


def test_allowed_hosts_are_answered_and_described_safely(tmp_path: Path) -> None:
    with argmap_server(
        "serve", "--allow-host", "maps.example", "--allow-host", "Other.Example", cwd=tmp_path
    ) as url:
        client = Client(url)
        for host in ("maps.example", "MAPS.example:8443", "other.example"):
            reply = client.request("GET", "/sparql", host=host, headers={"Accept": "text/turtle"})
            assert reply.status == 200, (host, reply.body)
            graph = rdflib.Graph().parse(data=reply.body, format="turtle")
            endpoints = {str(o) for o in graph.objects(None, rdflib.URIRef(_SD + "endpoint"))}
            assert endpoints == {f"http://{host}/sparql"}
        assert client.request("GET", "/", host="evil.example").status == 421
        assert client.request("GET", "/", host=f"127.0.0.1:{client.port}").status == 200
    with argmap_server("serve", "--allow-host", "*", cwd=tmp_path) as url:
        client = Client(url)
        for host in ("evil.example", "a.b.c.d.e:1", "x-y_z~!$&'()*+,;=.example"):
            reply = client.request("GET", "/sparql", host=host, headers={"Accept": "text/turtle"})
            assert reply.status == 200, (host, reply.body)
            rdflib.Graph().parse(data=reply.body, format="turtle")  # nothing injected
        assert client.request("GET", "/", host="a b").status == 400


_SD = "http://www.w3.org/ns/sparql-service-description#"


# --- many clients, slow clients -------------------------------------------------------


def test_sixty_four_clients_for_twenty_seconds(served: Client, before: int) -> None:
    expected_claims = json.loads(served.get(CLAIMS).body)["results"]["bindings"]
    asks = [
        (lambda: served.get(CLAIMS), 200),
        (lambda: served.form({"query": "ASK { ?s a am:Claim }"}), 200),
        (lambda: served.direct(f"INSERT DATA {{ <{MARK}> <urn:x:p> 1 }}"), 403),
        (lambda: served.form({"update": "DROP ALL"}), 403),
        (lambda: served.get("SELECT ?s WHERE { ?s }"), 400),
        (lambda: served.get(CROSS), 200),
        (lambda: served.request("GET", "/query"), 200),
        (lambda: served.request("GET", "/sparql", headers={"Accept": "text/turtle"}), 200),
        (lambda: served.request("GET", "/../etc/passwd"), 404),
        (lambda: served.request("GET", "/", host="evil.example"), 421),
    ]
    seen: Counter[int] = Counter()
    wrong: list[str] = []
    lock = threading.Lock()
    end = time.monotonic() + 20

    def client(number: int) -> None:
        i = number
        while time.monotonic() < end:
            ask, status = asks[i % len(asks)]
            i += 1
            try:
                reply = ask()
            except OSError as exc:  # refused, reset, timed out: each a failure
                with lock:
                    wrong.append(f"client {number}: {type(exc).__name__}: {exc}")
                continue
            ok = reply.status == status
            if ok and ask is asks[0][0]:
                ok = json.loads(reply.body)["results"]["bindings"] == expected_claims
            with lock:
                seen[reply.status] += 1
                if not ok:
                    wrong.append(f"client {number}: {reply.status} {reply.body[:200]}")

    with ThreadPoolExecutor(64) as pool:
        for future in [pool.submit(client, n) for n in range(64)]:
            future.result()
    print(f"64 clients, 20 s: {sum(seen.values())} answers {dict(sorted(seen.items()))}")
    assert not wrong, (len(wrong), wrong[:5], seen)
    assert sum(seen.values()) > 640, seen  # at least one request a client every 2 s
    _still_serving(served, before)


def _drip(client: Client, start: bytes, count: int, pause: float) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = socket.create_connection((client.host, client.port), timeout=30)
        if start:
            sock.sendall(start)
        sockets.append(sock)
    return sockets


def test_slow_clients_get_408_and_others_are_served(served: Client, before: int) -> None:
    head = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0"
    body = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: 100000\r\n\r\nASK"
    )
    silent = _drip(served, b"", 40, 0)
    heading = _drip(served, head, 40, 0)
    bodied = _drip(served, body, 40, 0)
    started = time.monotonic()
    try:
        # while 120 connections dribble, others are answered at once
        while time.monotonic() - started < READ_TIMEOUT - 0.7:
            for sock in heading + bodied:
                sock.sendall(b"0" if sock in bodied else b".")
            t0 = time.monotonic()
            assert served.get("ASK { ?s ?p ?o }").status == 200
            assert time.monotonic() - t0 < 2.0
            time.sleep(0.3)
        for sock in silent + heading + bodied:
            answer = _read_all(sock)  # the server closes them, after 408
            assert _status(answer) == 408, answer[:200]
            assert b"--read-timeout" in answer
        elapsed = time.monotonic() - started
        assert elapsed < READ_TIMEOUT + 10
    finally:
        for sock in silent + heading + bodied:
            sock.close()
    _still_serving(served, before)


def test_a_client_that_does_not_read_holds_no_one_else(served: Client, before: int) -> None:
    lazy = []
    for _ in range(16):  # ask for the map page and big results, never read them
        sock = socket.create_connection((served.host, served.port), timeout=30)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        sock.sendall(
            b"GET /sparql?query=" + urllib.parse.quote(CROSS).encode() + b" HTTP/1.1\r\n"
            b"Host: 127.0.0.1\r\nAccept: text/csv\r\n\r\n"
        )
        lazy.append(sock)
    try:
        for _ in range(5):
            t0 = time.monotonic()
            _still_serving(served, before)
            assert time.monotonic() - t0 < 5
    finally:
        for sock in lazy:
            sock.close()


def test_past_max_connections_requests_get_503_until_some_close(tmp_path: Path) -> None:
    with argmap_server(
        "serve", "--max-connections", "20", "--read-timeout", "2", cwd=tmp_path
    ) as url:
        client = Client(url)
        held = _drip(client, b"GET /query HTTP/1.1\r\n", 25, 0)
        try:
            time.sleep(0.3)
            reply = client.request("GET", "/query")
            assert reply.status == 503, reply.body
            for sock in held:  # the read timeout frees them
                assert _status(_read_all(sock)) == 408
        finally:
            for sock in held:
                sock.close()
        assert client.request("GET", "/query").status == 200
