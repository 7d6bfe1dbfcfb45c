"""Throughput of ``argmap push`` to Virtuoso, in triples per second, against one plain POST.

For each map (synthetic maps from ``generate.py``, 100k and 1M triples by default,
generated into ``benchmarks/data/`` when missing; with ``--corpus us-2016`` also that
corpus from ``$ARGMAP_CORPORA``, opened lenient), in one run:

- plan: ``open_map`` (checks, derivation, reasoning, as ``argmap push`` runs it) and
  ``plan_push`` (merge, canonicalise, skolemise, sort, batch), timed apart from
  sending. The plan holds more triples than the map file: the derived and reasoning
  triples go too.
- baseline: the plan's triples, serialised once as N-Triples (not timed), POSTed to
  the same Graph Store Protocol endpoint in ONE plain ``urllib`` request: no batches,
  no state file, no skolemisation; what a user with curl would do. It is measured
  before and again after the argmap pushes, to show how much the store drifts.
- ``push`` by the Graph Store Protocol (Virtuoso's ``/sparql-graph-crud``) with the
  default batch (``DEFAULT_BATCH``, 50,000 triples) and with ``--small-batch``
  (5,000), each with a state file, as ``argmap push`` runs it.
- resume: a push interrupted (by its progress callback) once half of its batches
  are recorded in its state file, then run again: the resumed run sends the rest. Its
  time is compared with the full push's time for as many triples.
- ``push`` by SPARQL Update (``INSERT DATA``, ``UPDATE_CHUNK`` triples a request): it
  is slow, so only the first ``--update-triples`` triples of the plan go (100k by
  default), and its baseline is a plain POST of those same triples.

Every push goes into a graph dropped just before (``DROP SILENT GRAPH``), and the
number of triples Virtuoso then holds in it is checked against what was sent, so a
broken push cannot report a rate: a mismatch stops the run (exit 1).

Times are wall-clock seconds of one run each; ``client cpu`` is this process's CPU
time (serialisation, HTTP), ``server cpu`` Virtuoso's (only when this script started
it). The last column is each row's triples per second over the baseline's (the
faster of its two runs, marked ``*``).

Virtuoso: ``$ARGMAP_VIRTUOSO`` (its ``/sparql`` URL; the GSP URL is
``/sparql-graph-crud`` next to it) when set; otherwise ``.ci/start-virtuoso`` starts a
throwaway one on free loopback ports in a temporary folder, stopped and removed at the
end. Without ``virtuoso-t`` installed, the script exits 2.

    python benchmarks/bench_push.py                          # 100k and 1M triples
    python benchmarks/bench_push.py --triples 10k --update-triples 5k
    ARGMAP_CORPORA=/path/to/corpora python benchmarks/bench_push.py --corpus us-2016
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import generate  # benchmarks/generate.py: these scripts run from this folder
from common import data_file, free_port, table

if TYPE_CHECKING:
    from graph.remote import PushPlan
    from graph.store import MapStore

HERE = Path(__file__).resolve().parent
START_VIRTUOSO = HERE.parent / ".ci" / "start-virtuoso"
CORPORA = Path(
    os.environ.get("ARGMAP_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora")
)
#: The ports tried first for a Virtuoso this script starts (HTTP, ISQL).
PORTS = (18890, 11111)
GRAPH = "https://w3id.org/argmap/bench/push"
#: Seconds to wait for one request (the baseline sends the whole map in one).
TIMEOUT = 3600.0


class Failed(Exception):
    """A request failed, or Virtuoso does not hold the triples a push sent."""


# ---------------------------------------------------------------- Virtuoso


@dataclass(frozen=True)
class Endpoint:
    """A Virtuoso: its SPARQL URL, its Graph Store URL and, when known, its pid."""

    sparql: str
    gsp: str
    pid: int | None
    server: str


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _pid_in(folder: Path) -> int | None:
    try:
        found = re.search(r"^VIRT_PID=(\d+)", (folder / "virtuoso.lck").read_text(), re.M)
    except OSError:
        return None
    return int(found.group(1)) if found else None


def _stop(pid: int) -> None:
    """Stop a Virtuoso (it checkpoints on SIGTERM), killing it after 60 s."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 60
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    if Path(f"/proc/{pid}").exists():
        os.kill(pid, signal.SIGKILL)


def _server_header(sparql: str) -> str:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    with urllib.request.urlopen(f"{sparql}?{query}", timeout=60) as response:
        return str(response.headers.get("Server", "unknown server")).strip()


@contextmanager
def virtuoso() -> Iterator[Endpoint]:
    """``$ARGMAP_VIRTUOSO``, or a throwaway Virtuoso started (and stopped) here."""
    url = os.environ.get("ARGMAP_VIRTUOSO")
    if url:
        yield Endpoint(url, _gsp_url(url), None, _server_header(url))
        return
    missing = [tool for tool in ("virtuoso-t", "isql-vt") if shutil.which(tool) is None]
    if missing:
        print(
            f"bench_push: {' and '.join(missing)} not found: install Virtuoso Open Source "
            "(Debian's virtuoso-opensource), or set ARGMAP_VIRTUOSO to a /sparql URL",
            file=sys.stderr,
        )
        raise SystemExit(2)
    http, isql = PORTS
    if _listening(http) or _listening(isql):
        http = free_port()
        isql = free_port(avoid=http)
    folder = Path(tempfile.mkdtemp(prefix="argmap-bench-virtuoso-"))
    env = {**os.environ, "VIRTUOSO_HTTP_PORT": str(http), "VIRTUOSO_ISQL_PORT": str(isql)}
    pid: int | None = None
    try:
        started = subprocess.run(
            [str(START_VIRTUOSO), str(folder)], env=env, capture_output=True, text=True
        )
        pid = _pid_in(folder)
        if started.returncode != 0:
            raise SystemExit(f"bench_push: Virtuoso did not start:\n{started.stderr.strip()}")
        sparql = f"http://127.0.0.1:{http}/sparql"
        print(f"started {started.stdout.strip()}", file=sys.stderr, flush=True)
        yield Endpoint(sparql, _gsp_url(sparql), pid, _server_header(sparql))
    finally:
        pid = pid or _pid_in(folder)
        if pid is not None:
            _stop(pid)
        shutil.rmtree(folder, ignore_errors=True)


def _gsp_url(url: str) -> str:
    """Virtuoso's Graph Store Protocol endpoint, next to its SPARQL endpoint."""
    return url.rsplit("/sparql", 1)[0] + "/sparql-graph-crud"


def _update(url: str, text: str) -> None:
    data = urllib.parse.urlencode({"update": text}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=TIMEOUT):
        pass


def _drop(endpoint: Endpoint, graph: str) -> None:
    _update(endpoint.sparql, f"DROP SILENT GRAPH <{graph}>")


def _check_count(endpoint: Endpoint, graph: str, expected: int, what: str) -> None:
    from graph.remote import run_remote

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    result = run_remote(endpoint.sparql, query, ask_prefixes=False, timeout=TIMEOUT)
    value = result.values()[0][0]
    held = int(value) if value is not None else 0
    if held != expected:
        raise Failed(f"{what}: Virtuoso holds {held:,} triples in <{graph}>, not {expected:,}")


def _post(url: str, graph: str, document: bytes) -> None:
    """The baseline: one plain POST of an N-Triples document, as curl would send it."""
    target = f"{url}?{urllib.parse.urlencode({'graph': graph})}"
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    request = urllib.request.Request(target, data=document, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
        raise Failed(f"POST {target}: HTTP {exc.code} {exc.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise Failed(f"POST {target}: {getattr(exc, 'reason', exc)}") from None


def _cpu(pid: int | None) -> float | None:
    """A process's user and system CPU seconds so far (Linux), None where unknown."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- measuring


@dataclass
class Row:
    """One step: what it did and what it took."""

    step: str
    triples: int
    seconds: float
    requests: int | None = None
    client_cpu: float | None = None
    server_cpu: float | None = None
    #: the row whose rate this one's is compared with
    baseline: Row | None = None

    @property
    def rate(self) -> float:
        return self.triples / self.seconds if self.seconds > 0 else math.inf


def _timed(step: str, triples: int, pid: int | None, run: Callable[[], object]) -> Row:
    cpu0, server0, t0 = time.process_time(), _cpu(pid), time.perf_counter()
    run()
    seconds = time.perf_counter() - t0
    server1 = _cpu(pid)
    server = server1 - server0 if server0 is not None and server1 is not None else None
    return Row(step, triples, seconds, None, time.process_time() - cpu0, server)


def _ntriples(plan: PushPlan) -> bytes:
    import pyoxigraph as ox

    out = ox.serialize([t for b in plan.batches for t in b], format=ox.RdfFormat.N_TRIPLES)
    assert out is not None
    return out


def _first(plan: PushPlan, count: int) -> PushPlan:
    """The plan cut to its first ``count`` triples, in batches of the same size."""
    from graph.remote import PushPlan

    size = len(plan.batches[0])
    triples = [t for b in plan.batches for t in b][:count]
    batches = [triples[i : i + size] for i in range(0, len(triples), size)]
    return PushPlan(
        plan.graph, batches, hashlib.sha256(f"{plan.digest} {count}".encode()).hexdigest()
    )


class _Interrupt(Exception):
    """Stops a push once half of its batches are recorded."""


def measure(
    label: str,
    open_: Callable[[], MapStore],
    endpoint: Endpoint,
    *,
    small_batch: int,
    update_triples: int,
    work: Path,
) -> tuple[list[Row], list[str]]:
    """Every step on one map; each push into a freshly dropped graph, then counted."""
    from graph.remote import DEFAULT_BATCH, UPDATE_CHUNK, plan_push, push

    pid = endpoint.pid
    graph = f"{GRAPH}/{label}"
    state = work / "push-state.json"
    rows: list[Row] = []

    def say(message: str) -> None:
        print(f"  [{time.strftime('%H:%M:%S')}] {label}: {message}", file=sys.stderr, flush=True)

    say("open_map ...")
    holder: list[MapStore] = []
    rows.append(_timed("open_map (check, derive, reason)", 0, None, lambda: holder.append(open_())))
    store = holder[0]
    say("plan_push ...")
    plans: list[PushPlan] = []
    planned = _timed(
        f"plan_push (canonicalise, skolemise), batch {DEFAULT_BATCH:,}",
        0,
        None,
        lambda: plans.append(plan_push(store, graph=graph)),
    )
    plan = plans[0]
    planned.triples = rows[0].triples = plan.triples
    rows.append(planned)
    document = _ntriples(plan)
    say(f"{plan.triples:,} triples, {len(document) / 1e6:,.0f} MB of N-Triples")

    def baseline(step: str, doc: bytes, triples: int) -> Row:
        _drop(endpoint, graph)
        row = _timed(step, triples, pid, lambda: _post(endpoint.gsp, graph, doc))
        row.requests = 1
        _check_count(endpoint, graph, triples, step)
        return row

    def pushed(step: str, the_plan: PushPlan, protocol: str, base: Row) -> Row:
        _drop(endpoint, graph)
        state.unlink(missing_ok=True)
        url = endpoint.gsp if protocol == "gsp" else endpoint.sparql
        row = _timed(
            step,
            the_plan.triples,
            pid,
            lambda: push(the_plan, url, protocol=protocol, state=state, timeout=TIMEOUT),
        )
        row.requests = (
            len(the_plan.batches)
            if protocol == "gsp"
            else sum(math.ceil(len(b) / UPDATE_CHUNK) for b in the_plan.batches)
        )
        row.baseline = base
        _check_count(endpoint, graph, the_plan.triples, step)
        return row

    say("baseline: one POST ...")
    base = baseline("baseline: one plain POST, no batches", document, plan.triples)
    say("push by GSP ...")
    full = pushed(f"push gsp, batch {DEFAULT_BATCH:,}", plan, "gsp", base)

    say(f"plan_push, batch {small_batch:,} ...")
    plans.clear()
    replanned = _timed(
        f"plan_push (canonicalise, skolemise), batch {small_batch:,}",
        plan.triples,
        None,
        lambda: plans.append(plan_push(store, graph=graph, batch_size=small_batch)),
    )
    small_plan = plans.pop()
    say("push by GSP, small batches ...")
    small = pushed(f"push gsp, batch {small_batch:,}", small_plan, "gsp", base)

    # Resume the default push; a map of one such batch, the small-batch one.
    resume_rows: list[Row] = []
    notes: list[str] = []
    resume_plan, resume_full = (plan, full) if len(plan.batches) > 1 else (small_plan, small)
    batch = len(resume_plan.batches[0])
    half = len(resume_plan.batches) // 2
    if half:
        say("resume ...")
        _drop(endpoint, graph)
        state.unlink(missing_ok=True)
        done = [0]

        def stop_at_half(_: int) -> None:
            done[0] += 1
            if done[0] == half:
                raise _Interrupt

        try:
            push(resume_plan, endpoint.gsp, protocol="gsp", state=state, progress=stop_at_half)
        except _Interrupt:
            pass
        else:
            raise Failed("resume: the push ran to its end instead of stopping half way")
        rest = sum(len(b) for b in resume_plan.batches[half:])
        results = []
        resumed = _timed(
            f"push gsp, batch {batch:,}, resumed after {half} of "
            f"{len(resume_plan.batches)} batches",
            rest,
            pid,
            lambda: results.append(
                push(resume_plan, endpoint.gsp, protocol="gsp", state=state, timeout=TIMEOUT)
            ),
        )
        if results[0].skipped != half or results[0].triples_sent != rest:
            raise Failed(f"resume: skipped {results[0].skipped} batches, not {half}")
        resumed.requests = len(resume_plan.batches) - half
        resumed.baseline = base
        _check_count(endpoint, graph, resume_plan.triples, "resume")
        pro_rata = resume_full.seconds * rest / resume_plan.triples
        resume_rows = [resumed]
        notes.append(
            f"resume: the resumed run sent {rest:,} of {resume_plan.triples:,} triples in "
            f"{resumed.seconds:.2f} s; the full push (batch {batch:,}) took "
            f"{pro_rata:.2f} s for as many, pro rata: resumed / full = "
            f"{resumed.seconds / pro_rata:.2f}"
        )
    else:
        notes.append("resume: not measured, the plan is one batch even at --small-batch")

    say("push by SPARQL Update ...")
    capped = _first(plan, update_triples) if update_triples < plan.triples else plan
    if capped is plan:
        update_base = base
    else:
        update_base = baseline(
            f"baseline: one plain POST of the first {capped.triples:,} triples",
            _ntriples(capped),
            capped.triples,
        )
    update_step = "push update (INSERT DATA, 500 a request)"
    if capped is not plan:
        update_step += f", first {capped.triples:,} triples"
    update = pushed(update_step, capped, "update", update_base)

    say("baseline again ...")
    again = baseline("baseline again, after the pushes", document, plan.triples)
    # The ratios are to the faster of the two baseline runs (marked *), to err
    # against argmap rather than for it.
    best, other = (base, again) if base.rate >= again.rate else (again, base)
    best.step += " *"
    other.baseline = best
    _drop(endpoint, graph)
    state.unlink(missing_ok=True)

    end_to_end = Row(
        f"argmap push end to end (open_map + plan_push + push gsp, batch {DEFAULT_BATCH:,})",
        plan.triples,
        rows[0].seconds + planned.seconds + full.seconds,
        baseline=base,
    )
    rows += [replanned, base, full, small, *resume_rows]
    if capped is not plan:
        rows.append(update_base)
    rows += [update, again, end_to_end]
    for row in rows:
        if row.baseline is base and row is not best:
            row.baseline = best
    return rows, notes


# ---------------------------------------------------------------- report


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def format_rows(rows: Sequence[Row]) -> str:
    header = [
        "step",
        "requests",
        "triples",
        "seconds",
        "triples/s",
        "client cpu s",
        "server cpu s",
        "rate / baseline",
    ]
    out = []
    for r in rows:
        ratio = f"{r.rate / r.baseline.rate:.2f}" if r.baseline is not None else ""
        out.append(
            [
                r.step,
                "" if r.requests is None else f"{r.requests:,}",
                f"{r.triples:,}",
                f"{r.seconds:.2f}",
                f"{r.rate:,.0f}",
                _s(r.client_cpu),
                _s(r.server_cpu),
                ratio,
            ]
        )
    return table(header, out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Throughput of argmap push to Virtuoso, against one plain POST."
    )
    parser.add_argument(
        "--triples", default="100k,1M", help="synthetic map sizes (default: %(default)s)"
    )
    parser.add_argument(
        "--corpus",
        action="append",
        choices=["us-2016"],
        help="also push this corpus from $ARGMAP_CORPORA, opened lenient",
    )
    parser.add_argument(
        "--small-batch",
        type=int,
        default=5_000,
        help="the smaller GSP batch (default: %(default)s)",
    )
    parser.add_argument(
        "--update-triples",
        default="100k",
        help="triples sent by SPARQL Update: the plan's first ones (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    sizes = [generate.parse_size(s) for s in args.triples.split(",") if s.strip()]
    update_triples = generate.parse_size(args.update_triples)

    from graph.errors import ArgmapError
    from graph.formats import ReadContext
    from graph.pipeline import open_map

    maps: list[tuple[str, str, Callable[[], MapStore]]] = []
    for size in sizes:
        path = data_file(size)
        maps.append((generate.size_label(size), path.name, partial(open_map, path)))
    for name in args.corpus or []:
        folder = CORPORA / name
        if not folder.is_dir():
            print(f"bench_push: no {folder}: set ARGMAP_CORPORA", file=sys.stderr)
            return 2
        lenient = partial(open_map, folder, context=ReadContext(lenient=True))
        maps.append((name, str(folder), lenient))

    with virtuoso() as endpoint, tempfile.TemporaryDirectory() as work:
        print(f"Virtuoso: {endpoint.server}; SPARQL {endpoint.sparql}, GSP {endpoint.gsp}")
        if endpoint.pid is None:
            print("(not started here: no server cpu; other clients of it would skew the times)")
        try:
            # Warm up the store (untimed): a new database grows its files on the first writes.
            warm_up = f"{GRAPH}/warm-up"
            _drop(endpoint, warm_up)
            _post(
                endpoint.gsp, warm_up, generate.generate_map(20_000, format="ntriples")[0].encode()
            )
            _drop(endpoint, warm_up)
            for label, name, open_ in maps:
                # Other work on the machine takes cores from both sides: say how much.
                load_before = os.getloadavg()[0]
                rows, notes = measure(
                    label,
                    open_,
                    endpoint,
                    small_batch=args.small_batch,
                    update_triples=update_triples,
                    work=Path(work),
                )
                print()
                print(f"{name}:")
                print(format_rows(rows))
                for note in notes:
                    print(note)
                load_after = os.getloadavg()[0]
                print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
                sys.stdout.flush()
        except (Failed, ArgmapError) as exc:
            print(f"bench_push: {exc}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
