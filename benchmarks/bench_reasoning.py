"""Time the whole reasoning step on the NATO map and on a large synthetic map.

Not a test: run it on purpose.

    .venv/bin/python benchmarks/bench_reasoning.py                 # NATO + 100k statements
    .venv/bin/python benchmarks/bench_reasoning.py --statements 10000

For each map it times, in one run: opening the map (load, check, derive), the
argument graph, the bipolar framework, each semantics' statuses, DF-QuAD strength,
the structural findings, and recording the results as triples. The synthetic map
is made by ``generate.py`` (about 14 triples per statement) into
``benchmarks/data/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import generate  # benchmarks/generate.py: these scripts run from this folder

from graph.assessment import Assessment, record
from graph.pipeline import open_map
from graph.reasoning.bipolar import framework
from graph.reasoning.dung import statuses
from graph.reasoning.strength import strength
from graph.reasoning.structure import (
    circular_support,
    critical_premises,
    depth,
    unanswered_attacks,
    unsupported_claims,
)
from graph.store import default_source
from graph.view import argument_graph

HERE = Path(__file__).resolve().parent
T = TypeVar("T")
TRIPLES_PER_STATEMENT = 13.9


def timed(rows: list[tuple[str, float, str]], name: str, f: Callable[[], T], note: str = "") -> T:
    start = time.perf_counter()
    value = f()
    rows.append((name, time.perf_counter() - start, note))
    return value


def bench(path: Path) -> None:
    rows: list[tuple[str, float, str]] = []
    store = timed(rows, "open_map (load, check, derive)", lambda: open_map(path, semantics=()))
    g = timed(rows, "argument_graph", lambda: argument_graph(store))
    statements = sum(1 for _, t in g.nodes(data="type") if t == "statement")
    af = timed(rows, "bipolar framework", lambda: framework(g))
    rows[-1] = (
        rows[-1][0],
        rows[-1][1],
        f"{af.number_of_nodes():,} arguments, {af.number_of_edges():,} attacks",
    )
    found = {}
    for semantics in ("grounded", "complete", "preferred", "stable"):
        found[semantics] = timed(
            rows, f"statuses: {semantics}", lambda s=semantics: statuses(af, s)
        )
        counts = {k: list(found[semantics].values()).count(k) for k in ("in", "out", "undec")}
        rows[-1] = (rows[-1][0], rows[-1][1], ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    values = timed(rows, "strength (DF-QuAD)", lambda: strength(g))
    unsupported = timed(rows, "unsupported claims", lambda: unsupported_claims(g))
    unanswered = timed(rows, "unanswered attacks", lambda: unanswered_attacks(g))
    circular = timed(rows, "circular support", lambda: circular_support(g))
    critical = timed(rows, "critical premises", lambda: critical_premises(g))
    depths = timed(rows, "depth", lambda: depth(g))
    result = Assessment(
        g,
        af,
        found,
        values,
        unsupported,
        unanswered,
        circular,
        critical,
        {n: d for n, d in depths.items() if d is not None},
    )
    added = timed(rows, "record as triples", lambda: record(store, result))
    rows[-1] = (rows[-1][0], rows[-1][1], f"{added:,} triples")
    reasoning = sum(t for name, t, _ in rows if not name.startswith("open_map"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n== {path.name}: {statements:,} statements; peak RSS {peak:,.0f} MB ==")
    width = max(len(name) for name, _, _ in rows)
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:9.3f} s  {note}")
    print(f"{'reasoning step in all':<{width}}  {reasoning:9.3f} s  (everything after open_map)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--statements",
        type=int,
        default=100_000,
        help="size of the synthetic map (0: the NATO map only)",
    )
    args = parser.parse_args(argv)
    bench(default_source())
    if args.statements:
        triples = int(args.statements * TRIPLES_PER_STATEMENT)
        path = HERE / "data" / f"reasoning-{args.statements}.ttl"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            generate.write_map(path, triples, 0)
        bench(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
