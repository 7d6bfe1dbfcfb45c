"""Throughput and latency of ``argmap serve``'s SPARQL endpoint, against in-process queries.

On a synthetic map (``generate.py``, about 1M triples by default, generated into
``benchmarks/data/`` when missing), opened with ``open_map(path, semantics=())``:
checks and derivation as ``argmap serve`` runs them, reasoning off to keep set-up
short (the reasoning graph adds triples the mix below never reads).

The real server: ``graph.serve.create_app`` under uvicorn with uvicorn's default
configuration, as ``argmap serve`` runs it, in a thread of this process on a free
port; its queries run in ``--workers`` worker processes (``graph.querypool``, forked
from a process holding the map, or with ``--spawn`` spawned over an on-disk copy),
so they can be stopped at the time limit. The clients run in a separate process (so
they do not share the server's GIL), one thread and one keep-alive ``http.client``
connection per client, each POSTing ``application/sparql-query`` and reading the
whole SPARQL JSON answer, for ``--duration`` seconds per level of concurrency (1, 4
and 16 clients by default).

The baseline, in the same run: the same mix, drawn from the same seeds, through
``graph.sparql.run_query`` in this process (no HTTP, no JSON), from the same number
of threads; then again with each result written as SPARQL JSON (``format_result``),
as the server does. The ratio of each throughput to the HTTP one is what HTTP and
the server (and, for the first, the JSON serialisation) cost. Client and server
share the machine's cores, as they would on one host.

The mix (``--mix``, default ``MIX``): a point lookup by IRI, statements by kind with
GROUP BY, a regex over ``am:text`` with LIMIT, one-hop supporters of a statement, and
``am:supports+`` to a main conclusion with LIMIT. The IRIs and words are drawn at
random (seeded) from the map. At 1M triples the GROUP BY scans every statement and
takes most of the time; ``--mix point=40,supporters=25,regex=15,path=15,group-by=0``
shows the cost of HTTP on the cheap queries alone.

    python benchmarks/bench_endpoint.py                       # 1M triples, 20 s a level
    python benchmarks/bench_endpoint.py --triples 100k --duration 5 --clients 1,4
    python benchmarks/bench_endpoint.py --mix point=40,supporters=25,regex=15,path=15
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import random
import resource
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import TYPE_CHECKING

import generate  # benchmarks/generate.py: these scripts run from this folder
from common import data_file, free_port, table

if TYPE_CHECKING:
    from graph.store import MapStore


#: query type and what it is
QUERY_TYPES: dict[str, str] = {
    "point": "point lookup by IRI",
    "supporters": "one-hop supporters",
    "regex": "regex over am:text, LIMIT 20",
    "path": "supports+ to main, LIMIT 100",
    "group-by": "statements by kind (GROUP BY)",
}
#: the default mix: query type, weight
MIX = "point=40,supporters=25,regex=15,path=15,group-by=5"
#: words of the generator's vocabulary, for the regex query
WORDS = ("sanction", "election", "energy", "alliance", "cyber", "winter", "percent", "export")


@dataclass
class Params:
    """What the queries are about, drawn from the map once."""

    statements: list[str]
    supported: list[str]
    mains: list[str]
    #: query type, weight
    mix: dict[str, int] = field(default_factory=dict)


def make_query(kind: str, params: Params, rng: random.Random) -> str:
    """The text of one query of type ``kind``, its IRI or word drawn with ``rng``."""
    if kind == "point":
        return f"SELECT ?p ?o WHERE {{ <{rng.choice(params.statements)}> ?p ?o }}"
    if kind == "supporters":
        return (
            "SELECT ?s ?label WHERE { ?s am:supports "
            f"<{rng.choice(params.supported)}> OPTIONAL {{ ?s rdfs:label ?label }} }}"
        )
    if kind == "regex":
        word = rng.choice(WORDS)
        return (
            f'SELECT ?s ?text WHERE {{ ?s am:text ?text FILTER(REGEX(?text, "{word}", "i")) }} '
            "LIMIT 20"
        )
    if kind == "path":
        return f"SELECT ?s WHERE {{ ?s am:supports+ <{rng.choice(params.mains)}> }} LIMIT 100"
    if kind == "group-by":
        return (
            "SELECT ?kind (COUNT(?s) AS ?n) WHERE { ?s a am:Statement ; a ?kind . "
            "FILTER(STRSTARTS(STR(?kind), STR(am:)) && ?kind != am:Statement) } "
            "GROUP BY ?kind ORDER BY ?kind"
        )
    raise ValueError(f"unknown query type {kind!r}")


def _mix_stream(params: Params, seed: int) -> Callable[[], tuple[str, str]]:
    """A deterministic stream of (type, text): the same seed gives the same queries."""
    rng = random.Random(seed)
    kinds = list(params.mix)
    weights = list(params.mix.values())

    def draw() -> tuple[str, str]:
        kind = rng.choices(kinds, weights)[0]
        return kind, make_query(kind, params, rng)

    return draw


# ---------------------------------------------------------------- measuring
@dataclass
class Level:
    """What one level of concurrency gave: a latency per query, by type."""

    mode: str
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: int = 0
    first_error: str | None = None

    @property
    def queries(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def qps(self) -> float:
        return self.queries / self.seconds

    def all_latencies(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank percentile (``q`` in 0..1), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _drive(
    clients: int,
    duration: float,
    seed: int,
    call: Callable[[int], Callable[[str], None]],
    params: Params,
    mode: str,
) -> Level:
    """Run ``clients`` threads for ``duration`` seconds, each issuing the mix in a loop.

    ``call(i)`` makes client ``i``'s query function, which raises on an error.
    A query still running at the end is waited for and counted.
    """
    level = Level(mode, clients, duration)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        run = call(i)
        draw = _mix_stream(params, seed * 1000 + i)
        mine: dict[str, list[float]] = defaultdict(list)
        errors, first = 0, None
        start.wait()
        while time.perf_counter() < stop_at[0]:
            kind, text = draw()
            t0 = time.perf_counter()
            try:
                run(text)
            except Exception as exc:  # counted and shown, not raised
                errors += 1
                first = first or f"{kind}: {exc}"
                continue
            mine[kind].append(time.perf_counter() - t0)
        with lock:
            for kind, values in mine.items():
                level.latencies[kind].extend(values)
            level.errors += errors
            level.first_error = level.first_error or first

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + duration
    t0 = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    level.seconds = time.perf_counter() - t0
    return level


def _http_caller(port: int) -> Callable[[int], Callable[[str], None]]:
    def make(i: int) -> Callable[[str], None]:
        conn = [http.client.HTTPConnection("127.0.0.1", port, timeout=60)]
        headers = {
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        }

        def run(text: str) -> None:
            try:
                conn[0].request("POST", "/sparql", body=text.encode(), headers=headers)
                response = conn[0].getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                conn[0].close()  # reconnect on the next query
                conn[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                raise
            if response.status != 200:
                raise RuntimeError(f"{response.status} {body[:200].decode(errors='replace')}")

        return run

    return make


def http_level(port: int, clients: int, duration: float, seed: int, params: Params) -> Level:
    """One level of HTTP clients; runs in the client process."""
    return _drive(clients, duration, seed, _http_caller(port), params, "http")


def in_process_level(
    store: MapStore, clients: int, duration: float, seed: int, params: Params, *, json: bool
) -> Level:
    """The same mix through ``graph.sparql.run_query``, from ``clients`` threads.

    With ``json``, each result is also written as SPARQL JSON (``format_result``),
    as the server does: the rest of the gap to HTTP is then the protocol's.
    """
    from graph.sparql import format_result, run_query

    prefixes = store.namespaces()

    def make(i: int) -> Callable[[str], None]:
        def run(text: str) -> None:
            result = run_query(store, text)
            if json:
                format_result(result, "json", prefixes)

        return run

    return _drive(
        clients, duration, seed, make, params, "in-process+json" if json else "in-process"
    )


# ---------------------------------------------------------------- set-up


def draw_params(store: MapStore) -> Params:
    from graph.sparql import run_query

    def column(text: str) -> list[str]:
        return sorted(str(row[0]) for row in run_query(store, text).values())

    return Params(
        statements=column("SELECT ?s WHERE { ?s a am:Statement }"),
        supported=column("SELECT DISTINCT ?c WHERE { ?p am:supports ?c }"),
        mains=column("SELECT DISTINCT ?m WHERE { ?map am:mainConclusion ?m }"),
    )


def parse_mix(text: str) -> dict[str, int]:
    """``point=40,group-by=5`` as a dict; a weight of 0 leaves the type out."""
    mix: dict[str, int] = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        name = name.strip()
        if name not in QUERY_TYPES or not weight.strip().isdigit():
            raise SystemExit(f"--mix: {part!r} is not TYPE=WEIGHT, TYPE one of {list(QUERY_TYPES)}")
        if int(weight):
            mix[name] = int(weight)
    if not mix:
        raise SystemExit("--mix: give at least one query type a weight above 0")
    return mix


def start_server(app: object, port: int) -> tuple[object, threading.Thread]:
    """uvicorn with ``argmap serve``'s configuration, in a thread; returns once it listens."""
    import uvicorn

    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return server, thread


# ---------------------------------------------------------------- report
def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def format_levels(levels: Sequence[Level]) -> str:
    http = {lv.clients: lv.qps for lv in levels if lv.mode == "http"}
    rows = []
    for lv in levels:
        all_ = lv.all_latencies()
        over = http.get(lv.clients)
        ratio = f"{lv.qps / over:.2f}" if lv.mode != "http" and over else ""
        rows.append(
            [
                lv.mode,
                str(lv.clients),
                f"{lv.queries:,}",
                f"{lv.qps:.1f}",
                _ms(percentile(all_, 0.5)),
                _ms(percentile(all_, 0.99)),
                str(lv.errors),
                ratio,
            ]
        )
    header = ["mode", "clients", "queries", "qps", "p50 ms", "p99 ms", "errors", "qps / http qps"]
    return table(header, rows)


def format_per_type(levels: Sequence[Level]) -> str:
    header = ["p50 ms (count)"] + [f"{lv.mode} x{lv.clients}" for lv in levels]
    rows = []
    for kind, weight in QUERY_TYPES.items():
        if not any(kind in lv.latencies for lv in levels):
            continue
        row = [weight]
        for lv in levels:
            values = lv.latencies.get(kind, [])
            row.append(f"{_ms(percentile(values, 0.5))} ({len(values)})")
        rows.append(row)
    return table(header, rows)


def _peak_rss(pid: int) -> float | None:
    """A live process's peak resident set in MB (Linux's VmHWM), None where unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Throughput and latency of argmap's SPARQL endpoint over HTTP.",
    )
    parser.add_argument("--triples", default="1M", help="map size (default: %(default)s)")
    parser.add_argument(
        "--clients", default="1,4,16", help="concurrency levels (default: %(default)s)"
    )
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds per level (default: %(default)s)"
    )
    parser.add_argument(
        "--workers", type=int, default=8, help="server query workers (default: %(default)s)"
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="server --timeout (default: %(default)s)"
    )
    parser.add_argument(
        "--mix",
        default=MIX,
        help="query types and weights, of " + ", ".join(QUERY_TYPES) + " (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the mix (default: 0)")
    parser.add_argument(
        "--spawn",
        action="store_true",
        help="spawned workers over an on-disk copy (where there is no fork)",
    )
    args = parser.parse_args(argv)
    levels_wanted = [int(c) for c in args.clients.split(",") if c.strip()]
    mix = parse_mix(args.mix)

    from graph.pipeline import open_map
    from graph.serve import create_app

    path = data_file(generate.parse_size(args.triples))
    t0 = time.perf_counter()
    store = open_map(path, semantics=())
    opened = time.perf_counter() - t0
    params = draw_params(store)
    params.mix = mix
    print(
        f"map: {path.name}, {store.count():,} quads after derivation (reasoning off), "
        f"opened in {opened:.1f} s; {len(params.statements):,} statements, "
        f"{len(params.supported):,} supported, {len(params.mains)} main conclusions",
        flush=True,
    )
    total = sum(params.mix.values())
    print(
        "mix: " + ", ".join(f"{QUERY_TYPES[k]} {w / total:.0%}" for k, w in params.mix.items()),
        flush=True,
    )

    t0 = time.perf_counter()
    method = "spawn" if args.spawn else "fork"
    app = create_app(
        store, timeout=args.timeout, max_rows=10_000, workers=args.workers, method=method
    )
    print(
        f"query pool: {args.workers} {method} worker processes ready in "
        f"{time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    port = free_port()
    server, thread = start_server(app, port)
    print(
        f"server: uvicorn on 127.0.0.1:{port}, workers={args.workers}, "
        f"timeout={args.timeout:g} s; {args.duration:g} s per level",
        flush=True,
    )
    levels: list[Level] = []
    # Other work on the machine takes cores from both server and clients: say how much.
    load_before = os.getloadavg()[0]
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            # Warm up both paths (untimed): the first calls pay for imports and caches.
            pool.submit(http_level, port, 1, 2.0, args.seed + 99, params).result()
            in_process_level(store, 1, 2.0, args.seed + 99, params, json=True)
            for clients in levels_wanted:
                print(f"{clients} client(s) ...", file=sys.stderr, flush=True)
                http = pool.submit(
                    http_level, port, clients, args.duration, args.seed, params
                ).result()
                levels.append(http)
                for json in (False, True):
                    levels.append(
                        in_process_level(
                            store, clients, args.duration, args.seed, params, json=json
                        )
                    )
    finally:
        worker_peaks = [_peak_rss(pid) for pid in app.state.pool.pids]
        worker_peaks = [mb for mb in worker_peaks if mb is not None]
        server.should_exit = True  # type: ignore[attr-defined]
        thread.join(timeout=10)
        app.state.pool.close()

    print()
    print(format_levels(levels))
    print()
    print(format_per_type(levels))
    for lv in levels:
        if lv.first_error:
            print(f"first error ({lv.mode} x{lv.clients}): {lv.first_error}")
    print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS (server process): {peak:,.0f} MB")
    if worker_peaks:
        print(
            f"peak RSS of the query workers: {min(worker_peaks):,.0f}-{max(worker_peaks):,.0f} MB"
            " (for fork workers, pages shared with the server count in each)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
