"""Time argmap's store (rdflib over Oxigraph) against rdflib's default in-memory store.

For each map size (synthetic maps from ``generate.py``, generated into
``benchmarks/data/`` when missing), in one run:

- load: ``graph.formats.load`` (pyoxigraph's parser into the Oxigraph store under
  an rdflib ``Dataset``), rdflib ``Graph().parse`` (default Memory store), and
  ``Dataset(store="Oxigraph").parse(format="ox-turtle")`` (oxrdflib's parser);
- the networkx views: ``statement_graph``/``argument_graph`` on the Oxigraph store
  (SPARQL rows), against the same graphs built by ``Graph.triples`` scans of an
  rdflib Memory graph and of the oxrdflib ``Dataset``, and against rdflib's
  generic ``rdflib_to_networkx_multidigraph``;
- SPARQL: ``graph.sparql.run_query`` on Oxigraph against ``Graph.query`` on the
  Memory graph, same text with PREFIX declarations added; the results are compared;
- ``derive(store)``, the package's checks, and ``store.count()`` against
  ``len(store.dataset)``.

Views and queries run on the derived map; the rdflib side gets the same triples
(``store.merged_graph()``, timed too). Each size runs in a fresh process, so the
peak RSS printed is that size's alone. Timings are the median of ``--runs`` runs
(default 3 up to 100k triples, 1 above). Above 100k triples, an rdflib-side step
(and ``check_anchors``, which grows faster than the map) is skipped when the smaller
sizes predict it would exceed ``--timeout`` seconds, and stopped when it does.

    python benchmarks/bench_store.py                    # 10k, 100k, 1M
    python benchmarks/bench_store.py --sizes 10k,100k --json results.json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import signal
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import generate  # benchmarks/generate.py: these scripts run from this folder
import networkx as nx
from rdflib import BNode, Dataset, Graph
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
from rdflib.term import Node

from graph import formats
from graph.anchors import check_anchors, source_texts
from graph.derive import derive
from graph.sparql import run_query
from graph.store import MapStore, default_source
from graph.validate import check_integrity
from graph.view import (
    InferenceRecord,
    MapData,
    StatementRecord,
    _kind,
    argument_graph,
    statement_graph,
)
from graph.vocab import AM, OA, PREFIXES, PROV, RDF, RDFS

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SIZES = (10_000, 100_000, 1_000_000)
#: Above this size, rdflib-side steps are guarded by --timeout.
FULLY_MEASURED = 100_000

#: file extension, rdflib parser, oxrdflib parser
SYNTAXES = {
    "turtle": (".ttl", "turtle", "ox-turtle"),
    "ntriples": (".nt", "nt", "ox-ntriples"),
}

QUERIES: dict[str, str] = {
    "statements by kind (GROUP BY)": """
SELECT ?kind (COUNT(?s) AS ?n) WHERE {
  ?s a am:Statement ; a ?kind .
  FILTER(STRSTARTS(STR(?kind), STR(am:)) && ?kind != am:Statement)
} GROUP BY ?kind ORDER BY ?kind
""",
    "supports with labels (join)": """
SELECT ?premise ?conclusion WHERE {
  ?i a am:Inference ; am:premise ?p ; am:conclusion ?c .
  ?p rdfs:label ?premise . ?c rdfs:label ?conclusion .
}
""",
    "regex over am:text (FILTER)": """
SELECT ?s ?text WHERE {
  ?s am:text ?text FILTER(REGEX(?text, "escalat|sanction", "i"))
}
""",
    "supports+ to main (path)": """
SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?map am:mainConclusion ?main . ?s am:supports+ ?main .
}
""",
    "unanswered attacks (NOT EXISTS)": """
SELECT ?attacker ?target WHERE {
  ?k a am:Conflict ; am:attacker ?attacker ; am:target ?target .
  FILTER NOT EXISTS { ?answer am:target ?attacker }
}
""",
    "statements per speaker": """
SELECT ?speaker (COUNT(?s) AS ?n) WHERE {
  ?s a am:Statement ; prov:wasAttributedTo ?a . ?a rdfs:label ?speaker .
} GROUP BY ?speaker ORDER BY DESC(?n) ?speaker
""",
    "most supported (shortcut edges)": """
SELECT ?c (COUNT(?p) AS ?n) WHERE { ?p am:supports ?c }
GROUP BY ?c ORDER BY DESC(?n) ?c LIMIT 10
""",
}
RDFLIB_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

T = TypeVar("T")


# ---------------------------------------------------------------- measuring


@dataclass
class Timing:
    """One measured step: which operation, by which path, how long, what it gave."""

    operation: str
    variant: str
    seconds: float | None
    baseline: bool = False  # the package's path, against which the others are compared
    result: str = ""
    note: str = ""
    rss_mb: float | None = None  # resident memory the result holds (loads only)


@dataclass
class SizeReport:
    """Everything measured on one map."""

    size: int
    path: str
    triples: int
    file_mb: float
    runs: int
    timings: list[Timing] = field(default_factory=list)
    peak_rss_mb: float = 0.0


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    # rdflib's parser and query engine are Python, so the alarm interrupts them.
    if seconds is None or not hasattr(signal, "SIGALRM"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _rss_mb() -> float | None:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def _progress(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Bench:
    """Runs steps on one map and records their timings."""

    def __init__(
        self,
        report: SizeReport,
        *,
        timeout: float,
        history: dict[str, list[tuple[int, float]]],
    ) -> None:
        self.report = report
        self.timeout = timeout
        self.history = history

    def _estimate(self, key: str) -> float | None:
        past = sorted(self.history.get(key, []))
        if not past:
            return None
        size, seconds = past[-1]
        exponent = 1.0
        if len(past) >= 2 and past[-2][1] > 0 and seconds > 0:
            (s0, t0), (s1, t1) = past[-2], past[-1]
            exponent = min(2.0, max(1.0, math.log(t1 / t0) / math.log(s1 / s0)))
        return float(seconds * (self.report.size / size) ** exponent)

    def step(
        self,
        operation: str,
        variant: str,
        fn: Callable[[], T],
        *,
        baseline: bool = False,
        guarded: bool = False,
        memory: bool = False,
        describe: Callable[[T], str] | None = None,
        before: Callable[[], object] | None = None,
    ) -> T | None:
        """Time ``fn`` (median of the runs); return its last value, None if not run.

        ``before`` runs, untimed, ahead of each run (to give a step that mutates its
        input a fresh one).
        """
        key = f"{operation}|{variant}"
        size, runs = self.report.size, self.report.runs
        limit = self.timeout if guarded and size > FULLY_MEASURED else None
        timing = Timing(operation, variant, None, baseline=baseline)
        self.report.timings.append(timing)
        if limit is not None:
            estimate = self._estimate(key)
            if estimate is not None and estimate > limit:
                timing.note = f"skipped: ~{estimate:.0f} s expected > {limit:.0f} s"
                _progress(f"{operation} / {variant}: {timing.note}")
                return None
        _progress(f"{operation} / {variant}")
        times: list[float] = []
        value: T | None = None
        for run in range(runs):
            value = None
            if before is not None:
                before()
            gc.collect()
            rss_before = _rss_mb() if memory and run == 0 else None
            start = time.perf_counter()
            try:
                with _time_limit(limit):
                    value = fn()
            except _Timeout:
                timing.note = f"stopped after {limit:.0f} s"
                return None
            times.append(time.perf_counter() - start)
            after = _rss_mb()
            if rss_before is not None and after is not None:
                timing.rss_mb = after - rss_before
        timing.seconds = statistics.median(times)
        if describe is not None and value is not None:
            timing.result = describe(value)
        return value


# ---------------------------------------------------------------- the rdflib side


def _v(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _first(found: dict[str, list[str]], key: str) -> str | None:
    got = found.get(key)
    return got[0] if got else None


def collect_triples(graph: Graph) -> MapData:
    """What ``graph.view.collect`` reads, read by ``Graph.triples`` scans instead of SPARQL.

    One scan per predicate, joined in Python dictionaries: the way one would build
    the view on rdflib's API. Gives the same ``MapData`` as ``collect`` on the same
    triples, so ``statement_graph(store, data)`` builds the same networkx graph.
    """

    def scan(predicate: Node) -> Iterator[tuple[str, Node]]:
        for s, _, o in graph.triples((None, predicate, None)):
            yield _v(s), o

    def values(predicate: Node) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for s, o in scan(predicate):
            found[s].append(_v(o))
        return found

    data = MapData()
    types = values(RDF.type)
    labels, texts, implicit = values(RDFS.label), values(AM.text), values(AM.implicit)
    for s, kinds in types.items():
        if str(AM.Statement) in kinds:
            text, label = _first(texts, s), _first(labels, s)
            data.statements[s] = StatementRecord(
                kind=_kind(set(kinds)),
                label=label or text or s,
                text=text or label or s,
                implicit="true" in implicit.get(s, []),
            )
        if str(AM.Actor) in kinds:
            data.actors[s] = _first(labels, s) or s
    for s, o in scan(PROV.wasAttributedTo):
        if s in data.statements:
            data.statements[s].speakers.update(labels.get(_v(o)) or [data.actors.get(_v(o), _v(o))])
    for s, o in scan(AM.mentions):
        if s in data.statements:
            data.statements[s].mentions.update(labels.get(_v(o)) or [data.actors.get(_v(o), _v(o))])

    selectors, exact, starts = values(OA.hasSelector), values(OA.exact), values(OA.start)
    quotes: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for s, anchor in scan(AM.anchor):
        chosen = selectors.get(_v(anchor), [])
        at = [int(x) for sel in chosen for x in starts.get(sel, [])] or [-1]
        quotes[s].update((start, e) for sel in chosen for e in exact.get(sel, []) for start in at)
    for s, found in quotes.items():
        if s in data.statements:
            data.statements[s].quotes = [q for _, q in sorted(found)]

    premises, conclusions, schemes = values(AM.premise), values(AM.conclusion), values(AM.scheme)
    for i, kinds in types.items():
        if str(AM.Inference) in kinds and i in premises and i in conclusions:
            scheme = _first(schemes, i)
            data.inferences[i] = InferenceRecord(
                conclusion=conclusions[i][0],
                premises=set(premises[i]),
                scheme=scheme,
                scheme_label=_first(labels, scheme) if scheme else None,
            )
    attackers, targets = values(AM.attacker), values(AM.target)
    for k, kinds in types.items():
        if str(AM.Conflict) in kinds and k in attackers and k in targets:
            data.conflicts[k] = (attackers[k][-1], targets[k][-1])
    for m, main in scan(AM.mainConclusion):
        if _v(main) not in data.main:
            data.main.append(_v(main))
        data.title = data.title or _first(labels, m)
    data.main.sort()
    return data


def _view_from_triples(
    view: Callable[[MapStore, MapData], nx.DiGraph], store: MapStore, graph: Graph
) -> nx.DiGraph:
    return view(store, collect_triples(graph))


def _rdflib_query(graph: Graph, text: str) -> list[Sequence[object]]:
    return list(graph.query(RDFLIB_PREFIXES + text))  # type: ignore[arg-type]


def _rows(values: Sequence[Sequence[object]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in values)


# ---------------------------------------------------------------- one size


def data_file(size: int, syntax: str) -> Path:
    """The generated map of ``size`` triples, written first if it is missing."""
    path = DATA / f"map-{generate.size_label(size)}{SYNTAXES[syntax][0]}"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr, flush=True)
        generate.write_map(path, size, 0, format=syntax)
    return path


def _n(count: int) -> str:
    return f"{count:,}"


def _n_rows(count: int) -> str:
    return f"{_n(count)} row" + ("" if count == 1 else "s")


def _quads(store: MapStore) -> str:
    return f"{_n(store.count())} quads"


def _triples(graph: Graph) -> str:
    return f"{_n(len(graph))} triples"


def _nodes_edges(graph: nx.Graph) -> str:
    return f"{_n(graph.number_of_nodes())} nodes, {_n(graph.number_of_edges())} edges"


def _bench_checks(b: Bench, file: Path) -> None:
    """The checks ``open_map`` runs before deriving, on a freshly loaded store."""
    store = formats.load(file)
    b.step(
        "check_integrity",
        "graph.validate.check_integrity (SPARQL)",
        lambda: check_integrity(store),
        baseline=True,
        describe=lambda p: f"{len(p)} problems",
    )
    # Guarded although it is the package's own step: it grows faster than the map.
    b.step(
        "check_anchors",
        "graph.anchors.check_anchors (quotes in the text)",
        lambda: check_anchors(store, source_texts(store)[0]),
        baseline=True,
        guarded=True,
        describe=lambda a: f"{_n(a.checked)} anchors, {len(a.problems)} problems",
    )


def _warm_up() -> None:
    """Run every path once on the small seed map, untimed: the first call of each pays
    for lazy set-up (plugin look-up, rdflib's SPARQL grammar) that is not the map's."""
    seed = default_source()
    store = formats.load(seed)
    Dataset(store="Oxigraph").parse(seed, format="ox-turtle")
    derive(store)
    memory = store.merged_graph()
    statement_graph(store, collect_triples(memory))
    argument_graph(store)
    for text in QUERIES.values():
        run_query(store, text)
        _rdflib_query(memory, text)


def bench_size(
    size: int,
    path: str,
    syntax: str,
    runs: int,
    timeout: float,
    history: dict[str, list[tuple[int, float]]],
) -> dict[str, Any]:
    """Measure every step on one map; return the report as a plain dict."""
    file = Path(path)
    _, rdflib_format, ox_format = SYNTAXES[syntax]
    shown = os.path.relpath(file) if file.is_relative_to(Path.cwd()) else path
    report = SizeReport(size, shown, 0, file.stat().st_size / 2**20, runs)
    b = Bench(report, timeout=timeout, history=history)
    _warm_up()

    # -- load
    loaded = b.step(
        "load",
        "graph.formats.load (pyoxigraph -> Oxigraph)",
        lambda: formats.load(file),
        baseline=True,
        memory=True,
        describe=_quads,
    )
    assert loaded is not None
    report.triples = loaded.count()
    del loaded
    b.step(
        "load",
        f"oxrdflib Dataset(Oxigraph).parse {ox_format}",
        lambda: Dataset(store="Oxigraph").parse(file, format=ox_format),
        guarded=True,
    )
    b.step(
        "load",
        f"rdflib Graph().parse {rdflib_format} (Memory)",
        lambda: Graph().parse(file, format=rdflib_format),
        guarded=True,
        memory=True,
        describe=_triples,
    )

    # -- derive (it adds to the store: each run gets a freshly loaded one), checks, counts
    loaded_stores: list[MapStore] = []
    b.step(
        "derive",
        "derive(store)",
        lambda: derive(loaded_stores[-1]),
        baseline=True,
        before=lambda: loaded_stores.append(formats.load(file)),
        describe=lambda d: f"+{_n(d.total)} triples",
    )
    store = loaded_stores[-1]
    del loaded_stores[:-1]

    _bench_checks(b, file)

    b.step(
        "count",
        "store.count() (len of the Oxigraph store)",
        store.count,
        baseline=True,
        describe=_n,
    )
    b.step(
        "count",
        "len(store.dataset) (oxrdflib: COUNT DISTINCT)",
        lambda: len(store.dataset),
        guarded=True,
        describe=_n,
    )

    # -- the same triples in rdflib's default store
    memory = b.step(
        "copy",
        "store.merged_graph() -> rdflib Memory",
        store.merged_graph,
        baseline=True,
        memory=True,
        describe=_triples,
    )

    # -- networkx views
    for name, view in (("statement_graph", statement_graph), ("argument_graph", argument_graph)):
        expected = b.step(
            name,
            f"graph.view.{name} (Oxigraph SPARQL rows)",
            partial(view, store),
            baseline=True,
            describe=_nodes_edges,
        )
        sources: list[tuple[str, Graph | None]] = [
            ("Graph.triples scans, rdflib Memory", memory),
            ("Graph.triples scans, oxrdflib Dataset", store.dataset),
        ]
        for variant, graph in sources:
            if graph is None:
                continue
            got = b.step(
                name,
                variant,
                partial(_view_from_triples, view, store, graph),
                guarded=True,
            )
            if got is not None and expected is not None:
                b.report.timings[-1].result = (
                    "same graph" if nx.utils.graphs_equal(got, expected) else "DIFFERENT graph"
                )
    if memory is not None:
        b.step(
            "generic networkx",
            "rdflib_to_networkx_multidigraph (Memory)",
            lambda: rdflib_to_networkx_multidigraph(memory),
            guarded=True,
            describe=_nodes_edges,
        )

    # -- SPARQL
    for name, text in QUERIES.items():
        ox_result = b.step(
            f"query: {name}",
            "graph.sparql.run_query (Oxigraph)",
            partial(run_query, store, text),
            baseline=True,
            describe=lambda r: _n_rows(len(r.rows)),
        )
        if memory is None:
            continue
        rdf_result = b.step(
            f"query: {name}",
            "Graph.query (rdflib Memory)",
            partial(_rdflib_query, memory, text),
            guarded=True,
            describe=lambda r: _n_rows(len(r)),
        )
        if ox_result is not None and rdf_result is not None:
            same = _rows(ox_result.values()) == _rows(rdf_result)
            if not same:
                b.report.timings[-1].note = "results differ from Oxigraph's"

    report.peak_rss_mb = _peak_rss_mb()
    return asdict(report)


# ---------------------------------------------------------------- reporting


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.4f}" if value < 0.1 else f"{value:.3f}" if value < 10 else f"{value:.1f}"


def format_report(report: SizeReport) -> str:
    """The table for one size: per operation, the package's path first, then the others."""
    runs = "1 run" if report.runs == 1 else f"median of {report.runs} runs"
    head = (
        f"== {generate.size_label(report.size)}: {report.path} ({report.file_mb:.1f} MB, "
        f"{_n(report.triples)} triples; {runs}; peak RSS {report.peak_rss_mb:,.0f} MB) =="
    )
    header = ("operation", "path", "seconds", "x pkg", "result", "RSS+ MB")
    rows: list[tuple[str, ...]] = []
    by_op: dict[str, list[Timing]] = defaultdict(list)
    for t in report.timings:
        by_op[t.operation].append(t)
    for op, timings in by_op.items():
        base = next((t.seconds for t in timings if t.baseline), None)
        for i, t in enumerate(timings):
            ratio = ""
            if not t.baseline and base and t.seconds is not None:
                ratio = f"{t.seconds / base:,.1f}"
            result = "; ".join(x for x in (t.result, t.note) if x)
            rss = "" if t.rss_mb is None else f"{t.rss_mb:,.0f}"
            rows.append((op if i == 0 else "", t.variant, _seconds(t.seconds), ratio, result, rss))
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    right = {2, 3, 5}

    def line(row: tuple[str, ...]) -> str:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([head, line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def _from_dict(data: dict[str, Any]) -> SizeReport:
    timings = [Timing(**t) for t in data.pop("timings")]
    return SizeReport(**data, timings=timings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time argmap's Oxigraph store against rdflib's default store.",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(generate.size_label(s) for s in SIZES),
        help="comma-separated map sizes in triples, e.g. 10k,100k,1M (default: %(default)s)",
    )
    parser.add_argument(
        "--format",
        choices=sorted(SYNTAXES),
        default="turtle",
        help="syntax of the generated maps (default: %(default)s)",
    )
    parser.add_argument(
        "--runs", type=int, help="runs per timing, median kept (default: 3 up to 100k, 1 above)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds allowed to an rdflib-side step above 100k triples",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="run every size in this process (peak RSS then accumulates)",
    )
    args = parser.parse_args(argv)
    sizes = sorted(generate.parse_size(s) for s in args.sizes.split(",") if s.strip())

    history: dict[str, list[tuple[int, float]]] = defaultdict(list)
    reports: list[SizeReport] = []
    for size in sizes:
        path = data_file(size, args.format)
        runs = args.runs or (3 if size <= FULLY_MEASURED else 1)
        print(f"benchmarking {path} ...", file=sys.stderr, flush=True)
        call = (size, str(path), args.format, runs, args.timeout, dict(history))
        if args.in_process:
            raw = bench_size(*call)
        else:
            # A fresh process per size: its peak RSS is this size's alone.
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                raw = pool.submit(bench_size, *call).result()
        report = _from_dict(raw)
        reports.append(report)
        for t in report.timings:
            if t.seconds is not None:
                history[f"{t.operation}|{t.variant}"].append((size, t.seconds))
        print(format_report(report), flush=True)
        print(flush=True)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in reports], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
