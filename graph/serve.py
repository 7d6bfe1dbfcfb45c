"""A read-only SPARQL 1.1 Protocol endpoint over a map, with the map and a query page.

``create_app(store)`` returns an ASGI application (Starlette) with three routes (and
``/favicon.ico``, an empty answer to what browsers ask of every page):

* ``/sparql``: the SPARQL 1.1 Protocol query operation: ``GET ?query=``, ``POST``
  form-encoded ``query=``, ``POST`` with ``Content-Type: application/sparql-query``;
  a bare ``GET`` answers the SPARQL 1.1 Service Description (:func:`describe_service`).
  Results follow the ``Accept`` header: SELECT and ASK as SPARQL JSON (the default),
  XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle (the default), N-Triples or
  JSON-LD.
* ``/``: the interactive HTML map (``graph.pipeline.map_page``).
* ``/query``: a small query page that works offline (no CDN).

Safe by default:

* read-only: SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ...) and ``update=``
  forms get 403 and the store is never handed to an update;
* ``SERVICE`` (federated queries, which would make the server fetch URLs) gets 403,
  and the workers have no network anyway where Linux allows it
  (:attr:`graph.querypool.QueryPool.offline`);
* a malformed query gets 400 with the parser's line and column;
* a query longer than ``max_query`` bytes gets 413 (in a body) or 414 (in a URL);
* a ``Host`` that is not a host gets 400, one not in ``allowed_hosts`` 421
  (:class:`graph.listen.HostGuard`);
* at most ``max_rows`` rows (or triples) are returned; a truncated answer says so
  in the ``Argmap-Truncated`` header;
* a query that has not finished after ``timeout`` seconds gets 503, and is stopped.

Slow and numerous clients are bounded by the HTTP front (:mod:`graph.listen`).

Queries run in worker processes (:class:`graph.querypool.QueryPool`, at most
``workers`` at once, sharing the in-memory map), because Oxigraph cannot interrupt a
query and a thread cannot be killed: at the deadline the client gets 503 and the
worker computing the query is killed and replaced, so a runaway query holds no
resources past its time limit. Waiting for a free worker counts against the same
deadline. ``max_memory`` caps what a query may allocate the same way.

Queries are evaluated by Oxigraph, over asserted, derived and reasoning triples with
the map's prefixes predeclared, exactly as ``argmap query`` runs them.
"""

from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.errors import ArgmapError, InputError
from graph.listen import HostGuard
from graph.querypool import GRAPH_MEDIA_TYPES, ROW_MEDIA_TYPES, Job, QueryPool, TimedOut, negotiate

if TYPE_CHECKING:
    from graph.store import MapStore

__all__ = [
    "DEFAULT_MAX_QUERY",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "GRAPH_MEDIA_TYPES",
    "ROW_MEDIA_TYPES",
    "Refused",
    "Sizes",
    "check_query",
    "create_app",
    "describe_service",
    "graph_sizes",
    "negotiate",
]

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_QUERY = 1024 * 1024
#: How many pages of what hangs below a statement (``/?root=``) are kept made.
PAGES_KEPT = 8
#: How a big map's page served here opens what hangs below a statement: ``/?root=``.
SERVED_BELOW: dict[str, str | None] = {"command": None, "link": "/?root="}

_CHARSET = "; charset=utf-8"

# Strings, IRIs and comments, removed before looking for keywords so that a word in a
# literal or an IRI ("...SERVICE...", <http://x/LOAD>) is not taken for one.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:\s*|BASE\s*)\s*)*", re.IGNORECASE)
_UPDATE_WORD = re.compile(
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
# SERVICE as a keyword: not part of a prefixed name (ex:SERVICE, SERVICE:x) or a
# variable (?SERVICE, $service).
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:.-])", re.IGNORECASE)


class Refused(ArgmapError):
    """A request the endpoint will not run; ``status`` is its HTTP status code."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def check_query(text: str) -> None:
    """Refuse what a read-only, sandboxed endpoint must not run.

    Raises:
        Refused: 403 for SPARQL Update (INSERT, DELETE, LOAD, ...) and SERVICE.

    >>> check_query("SELECT * WHERE { ?s ?p '''SERVICE''' }")
    >>> try:
    ...     check_query("PREFIX ex: <http://x/> INSERT DATA { ex:a ex:b ex:c }")
    ... except Refused as exc:
    ...     print(exc.status, exc)  # doctest: +ELLIPSIS
    403 this endpoint is read-only: SPARQL Update (INSERT) is refused; ...
    """
    bare = _NOT_KEYWORDS.sub(" ", text)
    start = _PROLOGUE.match(bare)
    word = _UPDATE_WORD.match(bare, start.end() if start else 0)
    if word:
        raise Refused(
            f"this endpoint is read-only: SPARQL Update ({word.group(1).upper()}) is "
            "refused; send SELECT, ASK, CONSTRUCT or DESCRIBE",
            403,
        )
    if _SERVICE.search(bare):
        raise Refused(
            "SERVICE (federated query) is refused: this endpoint does not fetch other "
            "endpoints; query the map alone",
            403,
        )


def _error(message: str, status: int) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


@dataclass(frozen=True)
class _Request:
    """A SPARQL Protocol query: its text and the RDF dataset it names, if any."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def _too_big(max_query: int) -> str:
    return (
        f"the query is longer than {_size(max_query)} (the server's --max-query); "
        "a longer one is refused"
    )


def _size(n: int) -> str:
    return f"{n // 1024} KB" if n % 1024 == 0 else f"{n} bytes"


async def _body(request: Request, limit: int, max_query: int) -> bytes:
    """The request's body, refused (413) past ``limit`` bytes without reading it all."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise Refused(_too_big(max_query), 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Refused(_too_big(max_query), 413)
        chunks.append(chunk)
    return b"".join(chunks)


async def _query_text(request: Request, max_query: int) -> _Request:
    """The query of a SPARQL Protocol request, whichever of the three ways it came.

    ``default-graph-uri`` and ``named-graph-uri`` (in the URL, or in the form of a
    form-encoded POST) name the dataset the query runs over. A query longer than
    ``max_query`` bytes (UTF-8) is refused: 414 in a URL, 413 in a body.
    """
    url = request.query_params
    graphs = (tuple(url.getlist("default-graph-uri")), tuple(url.getlist("named-graph-uri")))
    if request.method == "GET":
        if "update" in request.query_params:
            raise Refused("this endpoint is read-only: update requests are refused", 403)
        queries = request.query_params.getlist("query")
        if any(len(q.encode("utf-8")) > max_query for q in queries):
            raise Refused(_too_big(max_query) + "; POST it as application/sparql-query", 414)
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        # a form's query may be percent-encoded: up to three bytes for each
        body = await _body(request, 3 * max_query + 4096, max_query)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("the request body is not UTF-8", 400) from None
        if media == "application/sparql-query":
            if len(body) > max_query:
                raise Refused(_too_big(max_query), 413)
            return _Request(text, *graphs)
        if media == "application/sparql-update":
            raise Refused("this endpoint is read-only: update requests are refused", 403)
        if media != "application/x-www-form-urlencoded":
            raise Refused(
                "POST a form (application/x-www-form-urlencoded, query=...) or a query "
                "(application/sparql-query)",
                415,
            )
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form:
            raise Refused("this endpoint is read-only: update requests are refused", 403)
        queries = form.get("query", [])
        graphs = (
            graphs[0] + tuple(form.get("default-graph-uri", [])),
            graphs[1] + tuple(form.get("named-graph-uri", [])),
        )
        if any(len(q.encode("utf-8")) > max_query for q in queries):
            raise Refused(_too_big(max_query), 413)
    if len(queries) != 1:
        raise Refused("give exactly one query parameter: /sparql?query=SELECT ...", 400)
    return _Request(queries[0], *graphs)


def create_app(
    store: MapStore,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = 8,
    max_memory: int | None = None,
    method: str | None = None,
    page: Callable[[str | None], str] | None = None,
    max_query: int = DEFAULT_MAX_QUERY,
    allowed_hosts: Collection[str] | None = None,
) -> Starlette:
    """The ASGI application serving ``store`` read-only over the SPARQL 1.1 Protocol.

    Its worker processes start here (``app.state.pool``, a
    :class:`graph.querypool.QueryPool`) and stop when the application shuts down
    (its lifespan) or when ``app.state.pool.close()`` is called.

    Args:
        store: the map, derived (as ``graph.pipeline.open_map`` returns it).
        timeout: seconds a query may run (waiting included) before the client gets
            503 and its worker is stopped.
        max_rows: the most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned.
        workers: how many queries run at once (one process each).
        max_memory: megabytes a query's worker may allocate beyond the map (None:
            no limit); a query that needs more gets 500 and its worker is replaced.
        method: how workers start, ``fork`` or ``spawn`` (see
            :class:`graph.querypool.QueryPool`; default: ``fork`` where the OS has it).
        page: makes the HTML at ``/`` from ``None`` (default:
            ``graph.pipeline.map_page(store)``), called once, on the first request; and
            at ``/?root=IRI`` from the IRI, the page of what hangs below that statement
            (the last few such pages are kept). A big map's page holds its top levels
            only, and links each statement at the cut to ``/?root=``.
        max_query: the longest query, in bytes of UTF-8, run (longer: 413 in a body,
            414 in a URL).
        allowed_hosts: the host names (``Host`` header, without the port) answered;
            others get 421 (None: any well-formed name). See :mod:`graph.listen`.

    Raises:
        ArgmapError: the query workers could not start.

    >>> from graph.store import loads
    >>> app = create_app(loads("<urn:a> <urn:b> <urn:c> ."), timeout=2, max_rows=10, workers=1)
    >>> sorted(r.path for r in app.routes)
    ['/', '/favicon.ico', '/query', '/sparql']
    >>> app.state.pool.close()
    """
    if timeout <= 0 or max_rows < 0 or workers < 1 or max_query < 1:
        raise ValueError(
            "timeout and max_query must be positive, max_rows non-negative, workers >= 1"
        )
    prefixes = store.namespaces()
    pool = QueryPool(
        store,
        size=workers,
        max_rows=max_rows,
        prefixes=prefixes,
        max_memory=max_memory,
        method=method,
    )
    # Threads only wait on the workers' pipes; enough for many clients queueing at once.
    waiting = anyio.CapacityLimiter(max(64, 4 * workers))
    cached: dict[str | None, str] = {}
    page_lock = threading.Lock()
    query_page = _query_page(prefixes)

    def make_page(root: str | None) -> str:
        with page_lock:
            if root not in cached:
                if page is not None:
                    made = page(root)
                else:
                    from graph.pipeline import map_page

                    made = map_page(store, root=root, below=SERVED_BELOW)
                while len(cached) > PAGES_KEPT:  # the map's own page stays
                    del cached[next(k for k in cached if k is not None)]
                cached[root] = made
            return cached[root]

    sizes: list[Sizes] = []

    async def sparql(request: Request) -> Response:
        deadline = time.monotonic() + timeout
        if request.method == "GET" and not request.query_params:
            media = negotiate(request.headers.get("accept"), GRAPH_MEDIA_TYPES)
            if media is None:
                return _error(
                    "the service description comes as " + ", ".join(GRAPH_MEDIA_TYPES), 406
                )
            if not sizes:  # counted once: the map does not change while it is served
                sizes.append(await anyio.to_thread.run_sync(graph_sizes, store))
            try:
                body = describe_service(
                    str(request.url.replace(query="")), sizes[0], GRAPH_MEDIA_TYPES[media]
                )
            except ValueError:
                return _error("the request's Host does not make an IRI for this endpoint", 400)
            return Response(body, media_type=media + _CHARSET, headers={"Vary": "Accept"})
        try:
            query = await _query_text(request, max_query)
            check_query(query.text)
        except Refused as exc:
            headers = {"Connection": "close"} if exc.status == 413 else None
            return PlainTextResponse(str(exc) + "\n", status_code=exc.status, headers=headers)
        except ClientDisconnect:  # gone (or timed out, see graph.listen) before its query
            return Response(status_code=400)
        job = Job(
            query.text, query.default_graphs, query.named_graphs, request.headers.get("accept")
        )
        try:
            reply = await anyio.to_thread.run_sync(
                lambda: pool.run(job, deadline=deadline), limiter=waiting
            )
        except TimedOut:
            return _error(
                f"the query did not finish within {timeout:g} s (the server's --timeout) "
                "and was stopped; narrow it or add a LIMIT",
                503,
            )
        if reply.media is None:
            return Response(
                reply.body, status_code=reply.status, media_type="text/plain" + _CHARSET
            )
        headers = {"Vary": "Accept", **reply.headers}
        return Response(
            reply.body, status_code=reply.status, media_type=reply.media + _CHARSET, headers=headers
        )

    async def index(request: Request) -> Response:
        root = request.query_params.get("root") or None
        try:
            html_text = await anyio.to_thread.run_sync(lambda: make_page(root))
        except InputError as exc:  # no such statement
            return _error(str(exc), 404)
        except ArgmapError as exc:
            return _error(f"cannot draw the map: {exc}", 500)
        return HTMLResponse(html_text)

    async def query_form(request: Request) -> Response:
        return HTMLResponse(query_page)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            pool.close()

    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/", index, methods=["GET"]),
            Route("/query", query_form, methods=["GET"]),
            # what a browser asks of every page it shows (the Turtle of /sparql too)
            Route("/favicon.ico", lambda request: Response(status_code=204), methods=["GET"]),
        ],
        lifespan=lifespan,
        middleware=[Middleware(HostGuard, allowed=allowed_hosts)],
    )
    app.state.pool = pool
    return app


_SD = "http://www.w3.org/ns/sparql-service-description#"
_VOID = "http://rdfs.org/ns/void#"
_FORMATS = "http://www.w3.org/ns/formats/"
#: The result formats this endpoint writes, as W3C format IRIs.
_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
)


@dataclass(frozen=True)
class Sizes:
    """How many triples the union default graph and each named graph hold."""

    union: int
    graphs: tuple[tuple[ox.NamedNode | ox.BlankNode, int], ...]


def graph_sizes(store: MapStore) -> Sizes:
    """Count the triples of the union default graph and of each named graph."""
    total = store.oxigraph.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    )
    assert isinstance(total, ox.QuerySolutions)
    union = int(next(iter(total))["n"].value)
    rows = store.oxigraph.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    assert isinstance(rows, ox.QuerySolutions)
    graphs = tuple((row["g"], int(row["n"].value)) for row in rows)
    return Sizes(union, graphs)


def describe_service(endpoint: str, sizes: Sizes, fmt: str = "turtle") -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint, answered to a bare GET.

    It names the endpoint, the language (SPARQL 1.1 Query only: no update), the
    result formats, the union default graph, and each named graph with its size
    (``void:triples``, from :func:`graph_sizes`).

    Raises:
        ValueError: ``endpoint`` is not an IRI.

    >>> from graph.store import loads
    >>> sizes = graph_sizes(loads("<urn:a> <urn:b> <urn:c> ."))
    >>> text = describe_service("http://h/sparql", sizes).decode()
    >>> "sd:endpoint <http://h/sparql>" in text, "sd:SPARQL11Query" in text
    (True, True)
    """
    from graph.sparql import QueryResult, format_result

    sd = ox.NamedNode
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    a = sd("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    count = ox.NamedNode(_VOID + "triples")

    def number(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=sd("http://www.w3.org/2001/XMLSchema#integer"))

    triples = [
        ox.Triple(service, a, sd(_SD + "Service")),
        ox.Triple(service, sd(_SD + "endpoint"), sd(endpoint)),
        ox.Triple(service, sd(_SD + "supportedLanguage"), sd(_SD + "SPARQL11Query")),
        ox.Triple(service, sd(_SD + "feature"), sd(_SD + "UnionDefaultGraph")),
        ox.Triple(service, sd(_SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, sd(_SD + "Dataset")),
        ox.Triple(dataset, sd(_SD + "defaultGraph"), default),
        ox.Triple(default, a, sd(_SD + "Graph")),
        ox.Triple(default, count, number(sizes.union)),
    ]
    triples += [
        ox.Triple(service, sd(_SD + "resultFormat"), sd(_FORMATS + f)) for f in _RESULT_FORMATS
    ]
    for name, size in sizes.graphs:
        named, graph = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd(_SD + "namedGraph"), named),
            ox.Triple(named, a, sd(_SD + "NamedGraph")),
            ox.Triple(named, sd(_SD + "name"), name),
            ox.Triple(named, sd(_SD + "graph"), graph),
            ox.Triple(graph, a, sd(_SD + "Graph")),
            ox.Triple(graph, count, number(size)),
        ]
    prefixes = {"sd": _SD, "void": _VOID, "formats": _FORMATS}
    return format_result(QueryResult("graph", triples=triples), fmt, prefixes).encode("utf-8")


def _query_page(prefixes: dict[str, str]) -> str:
    """The query page, listing the prefixes the endpoint predeclares (escaped)."""
    names = " ".join(f"<code>{html.escape(p)}:</code>" for p in sorted(prefixes) if p)
    return QUERY_PAGE.replace("{{prefixes}}", names)


#: The offline query page: a textarea, fetch to /sparql, a table built with textContent.
QUERY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>argmap SPARQL</title>
<style>
body { font-family: sans-serif; margin: 1.5em; }
textarea { width: 100%; height: 12em; font-family: monospace; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
#status { margin-top: 0.5em; color: #555; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>SPARQL over the map</h1>
<p>Predeclared prefixes: {{prefixes}}.
<a href="/">Back to the map</a>.</p>
<form id="form">
<textarea id="query" name="query" spellcheck="false">SELECT ?claim ?label WHERE {
  ?claim a am:Claim ; rdfs:label ?label .
} ORDER BY ?label LIMIT 50</textarea>
<button type="submit">Run</button>
</form>
<div id="status"></div>
<table id="results"></table>
<script>
"use strict";
const form = document.getElementById("form");
const statusLine = document.getElementById("status");
const table = document.getElementById("results");
function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  table.replaceChildren();
  statusLine.textContent = "running...";
  const body = new URLSearchParams({ query: document.getElementById("query").value });
  const accept = "application/sparql-results+json, text/turtle;q=0.9";
  try {
    const response = await fetch("sparql", { method: "POST", body, headers: { Accept: accept } });
    const text = await response.text();
    if (!response.ok) { statusLine.textContent = response.status + ": " + text; return; }
    const cut = response.headers.get("Argmap-Truncated");
    const type = response.headers.get("Content-Type") || "";
    if (!type.startsWith("application/sparql-results+json")) {
      statusLine.textContent = cut || "";
      const row = table.insertRow();
      const pre = document.createElement("pre");
      pre.textContent = text;
      row.insertCell().appendChild(pre);
      return;
    }
    const data = JSON.parse(text);
    if (typeof data.boolean === "boolean") {
      statusLine.textContent = String(data.boolean);
      return;
    }
    const vars = data.head.vars;
    const head = table.createTHead().insertRow();
    for (const v of vars) head.appendChild(cell("th", v));
    const tbody = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = tbody.insertRow();
      for (const v of vars) row.appendChild(cell("td", binding[v] ? binding[v].value : ""));
    }
    const n = data.results.bindings.length;
    statusLine.textContent = n + (n === 1 ? " row" : " rows") + (cut ? " (" + cut + ")" : "");
  } catch (error) {
    statusLine.textContent = "request failed: " + error;
  }
});
</script>
</body>
</html>
"""
