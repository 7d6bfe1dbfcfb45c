"""A read-only SPARQL 1.1 Protocol endpoint over a map, with the map and a query page.

``create_app(store)`` returns an ASGI application (Starlette) with three routes:

* ``/sparql``: the SPARQL 1.1 Protocol query operation: ``GET ?query=``, ``POST``
  form-encoded ``query=``, ``POST`` with ``Content-Type: application/sparql-query``.
  Results follow the ``Accept`` header: SELECT and ASK as SPARQL JSON (the default),
  XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle (the default), N-Triples or
  JSON-LD.
* ``/``: the interactive HTML map (``graph.pipeline.map_page``).
* ``/query``: a small query page that works offline (no CDN).

Safe by default:

* read-only: SPARQL Update (``INSERT``, ``DELETE``, ``LOAD``, ...) and ``update=``
  forms get 403 and the store is never handed to an update;
* ``SERVICE`` (federated queries, which would make the server fetch URLs) gets 403;
* a malformed query gets 400 with the parser's line and column;
* at most ``max_rows`` rows (or triples) are returned; a truncated answer says so
  in the ``Argmap-Truncated`` header;
* a query that has not finished after ``timeout`` seconds gets 503.

The time limit, honestly: pyoxigraph cannot interrupt a query. Each query runs in a
worker thread (at most ``workers`` at once); at the deadline the client gets 503 at
once, and the worker stops at the next solution it produces. A query that computes
for a long time without producing a solution (a big ``ORDER BY``, ``GROUP BY`` or a
join with no answers) keeps its worker busy until it finishes; while all workers are
busy, new queries wait (and time out with 503).

Queries are evaluated by Oxigraph, over asserted and derived triples with the argmap
prefixes predeclared, exactly as ``argmap query`` runs them.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.errors import ArgmapError
from graph.sparql import QueryResult, format_result

if TYPE_CHECKING:
    from graph.store import MapStore

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "GRAPH_MEDIA_TYPES",
    "ROW_MEDIA_TYPES",
    "Refused",
    "check_query",
    "create_app",
    "negotiate",
]

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000

#: Media types for SELECT and ASK, the first the default, with their format names.
ROW_MEDIA_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: Media types for CONSTRUCT and DESCRIBE, the first the default.
GRAPH_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "text/plain": "ntriples",
}
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
_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)


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


class _TimedOut(Exception):
    pass


@dataclass
class _Answer:
    result: QueryResult
    truncated: bool


def _evaluate(store: MapStore, query: _Request, max_rows: int, deadline: float) -> _Answer:
    """Run a query on Oxigraph, stopping at ``max_rows`` or at the deadline.

    Without ``default-graph-uri`` the default graph is the union of every graph
    (asserted, derived, reasoning, each map's), as for ``argmap query``.
    """
    text = query.text
    dataset: dict[str, object] = {"use_default_graph_as_union": True}
    try:
        if query.default_graphs:
            dataset = {"default_graph": [ox.NamedNode(g) for g in query.default_graphs]}
        if query.named_graphs:
            dataset["named_graphs"] = [ox.NamedNode(g) for g in query.named_graphs]
    except ValueError as exc:
        raise Refused(f"not an IRI in default-graph-uri or named-graph-uri: {exc}", 400) from None
    try:
        raw = store.oxigraph.query(text, prefixes=store.namespaces(), **dataset)  # type: ignore[arg-type]
    except SyntaxError as exc:
        message = str(exc.msg if exc.msg else exc)
        match = _ERROR_AT.match(message)
        first = (match.group(3) if match else message).strip().splitlines()
        detail = first[0] if first else message
        if match:
            raise Refused(
                f"SPARQL syntax error at line {match.group(1)}, column {match.group(2)}: {detail}",
                400,
            ) from None
        raise Refused(f"SPARQL syntax error: {detail}", 400) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise Refused(f"the query failed: {exc}", 400) from exc
    if isinstance(raw, ox.QueryBoolean):
        return _Answer(QueryResult("ask", boolean=bool(raw)), truncated=False)

    def within_deadline(items: ox.QuerySolutions | ox.QueryTriples) -> list[object]:
        out: list[object] = []
        # one more than allowed, to know whether anything was cut
        for item in islice(items, max_rows + 1):
            if time.monotonic() > deadline:
                raise _TimedOut
            out.append(item)
        return out

    try:
        if isinstance(raw, ox.QuerySolutions):
            variables = [v.value for v in raw.variables]
            solutions = within_deadline(raw)
            rows = [
                tuple(s[i] for i in range(len(variables)))  # type: ignore[index]
                for s in solutions[:max_rows]
            ]
            result = QueryResult("select", variables=variables, rows=rows)
            return _Answer(result, truncated=len(solutions) > max_rows)
        assert isinstance(raw, ox.QueryTriples)
        triples = within_deadline(raw)
        result = QueryResult("graph", triples=triples[:max_rows])  # type: ignore[arg-type]
        return _Answer(result, truncated=len(triples) > max_rows)
    except (OSError, ValueError, RuntimeError) as exc:
        raise Refused(f"the query failed: {exc}", 400) from exc


def _accepted(header: str | None) -> list[tuple[float, str]]:
    """The media ranges of an Accept header, best first."""
    ranges: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((quality, position, fields[0].lower()))
    ranges.sort(key=lambda r: (-r[0], r[1]))
    return [(q, media) for q, _, media in ranges if q > 0]


def negotiate(header: str | None, offered: dict[str, str]) -> str | None:
    """The offered media type the Accept header prefers (the first offered for ``*/*``).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", ROW_MEDIA_TYPES)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPH_MEDIA_TYPES)
    'text/turtle'
    >>> negotiate("image/png", ROW_MEDIA_TYPES) is None
    True
    """
    for _, media in _accepted(header):
        if media == "*/*":
            return next(iter(offered))
        if media.endswith("/*"):
            family = media[:-1]
            match = next((m for m in offered if m.startswith(family)), None)
            if match:
                return match
        elif media in offered:
            return media
    return None


def _error(message: str, status: int) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


@dataclass(frozen=True)
class _Request:
    """A SPARQL Protocol query: its text and the RDF dataset it names, if any."""

    text: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


async def _query_text(request: Request) -> _Request:
    """The query of a SPARQL Protocol request, whichever of the three ways it came.

    ``default-graph-uri`` and ``named-graph-uri`` (in the URL, or in the form of a
    form-encoded POST) name the dataset the query runs over.
    """
    url = request.query_params
    graphs = (tuple(url.getlist("default-graph-uri")), tuple(url.getlist("named-graph-uri")))
    if request.method == "GET":
        if "update" in request.query_params:
            raise Refused("this endpoint is read-only: update requests are refused", 403)
        queries = request.query_params.getlist("query")
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("the request body is not UTF-8", 400) from None
        if media == "application/sparql-query":
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
    if len(queries) != 1:
        raise Refused("give exactly one query parameter: /sparql?query=SELECT ...", 400)
    return _Request(queries[0], *graphs)


def create_app(
    store: MapStore,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    workers: int = 8,
    page: Callable[[], str] | None = None,
) -> Starlette:
    """The ASGI application serving ``store`` read-only over the SPARQL 1.1 Protocol.

    Args:
        store: the map, derived (as ``graph.pipeline.open_map`` returns it).
        timeout: seconds a query may run before the client gets 503.
        max_rows: the most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned.
        workers: how many queries run at once.
        page: makes the HTML at ``/`` (default: ``graph.pipeline.map_page(store)``),
            called once, on the first request.

    >>> from graph.store import loads
    >>> app = create_app(loads("<urn:a> <urn:b> <urn:c> ."), timeout=2, max_rows=10)
    >>> sorted(r.path for r in app.routes)
    ['/', '/query', '/sparql']
    """
    if timeout <= 0 or max_rows < 0 or workers < 1:
        raise ValueError("timeout must be positive, max_rows non-negative, workers >= 1")
    limiter = anyio.CapacityLimiter(workers)
    prefixes = store.namespaces()
    cached: list[str] = []
    page_lock = threading.Lock()

    def make_page() -> str:
        with page_lock:
            if not cached:
                if page is not None:
                    cached.append(page())
                else:
                    from graph.pipeline import map_page

                    cached.append(map_page(store))
            return cached[0]

    async def sparql(request: Request) -> Response:
        try:
            query = await _query_text(request)
            check_query(query.text)
        except Refused as exc:
            return _error(str(exc), exc.status)
        deadline = time.monotonic() + timeout
        try:
            with anyio.fail_after(timeout):
                answer = await anyio.to_thread.run_sync(
                    _evaluate, store, query, max_rows, deadline,
                    abandon_on_cancel=True, limiter=limiter,
                )  # fmt: skip
        except (TimeoutError, _TimedOut):
            return _error(
                f"the query did not finish within {timeout:g} s (the server's --timeout); "
                "narrow it or add a LIMIT",
                503,
            )
        except Refused as exc:
            return _error(str(exc), exc.status)
        offered = GRAPH_MEDIA_TYPES if answer.result.kind == "graph" else ROW_MEDIA_TYPES
        media = negotiate(request.headers.get("accept"), offered)
        if media is None:
            return _error(
                f"cannot answer in {request.headers.get('accept')}: this result comes as "
                + ", ".join(offered),
                406,
            )
        body = format_result(answer.result, offered[media], prefixes)
        headers = {"Vary": "Accept"}
        if answer.truncated:
            headers["Argmap-Truncated"] = f"results cut to the first {max_rows} (max-rows)"
        return Response(body, media_type=media + _CHARSET, headers=headers)

    async def index(request: Request) -> Response:
        try:
            html = await anyio.to_thread.run_sync(make_page)
        except ArgmapError as exc:
            return _error(f"cannot draw the map: {exc}", 500)
        return HTMLResponse(html)

    async def query_page(request: Request) -> Response:
        return HTMLResponse(QUERY_PAGE)

    return Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/", index, methods=["GET"]),
            Route("/query", query_page, methods=["GET"]),
        ]
    )


#: The offline query page: a textarea, fetch to /sparql, a table built with textContent.
QUERY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
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
<p>Prefixes am: aif: oa: prov: dcterms: rdfs: rdf: owl: xsd: are predeclared.
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
