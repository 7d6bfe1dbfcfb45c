"""Import whole corpora into one store: time, triples per second, peak memory.

Not a test: run it on purpose (the corpora are read in place, never copied).

    .venv/bin/python benchmarks/bench_import.py                      # qt30 and us-2016
    .venv/bin/python benchmarks/bench_import.py --corpus us-2016

Each corpus is read with ``graph.formats.load_many`` (every map in its own named
graph, as ``argmap query --source FOLDER`` does), then checked and derived as
``open_map`` does, in a fresh process so that peak memory is the corpus's own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

CORPORA = Path(
    os.environ.get("ARGMAP_CORPORA", Path(__file__).resolve().parents[2] / "shared" / "corpora")
)
FOLDERS = {
    "qt30": "qt30",
    "us-2016": "us-2016",
    "araucaria": "araucaria",
    "microtexts": "microtexts/format=aif,lang=en",
}


def measure(name: str) -> dict[str, object]:
    from graph.formats import ReadContext, expand_sources, load_many
    from graph.pipeline import open_map

    folder = CORPORA / FOLDERS[name]
    files = [p for p in expand_sources([folder]) if p.suffix == ".json"]
    start = time.perf_counter()
    store = load_many(files)
    loaded = time.perf_counter() - start
    triples = store.count()
    start = time.perf_counter()
    context = ReadContext(lenient=True)  # some nodesets are broken: count, don't stop
    checked = open_map(files, semantics=(), context=context)
    opened = time.perf_counter() - start
    return {
        "corpus": name,
        "files": len(files),
        "triples": triples,
        "load_s": round(loaded, 2),
        "triples_per_s": round(triples / loaded),
        "open_map_s": round(opened, 2),
        "derived": checked.count(derived=True),
        "skipped": context.skipped,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=sorted(FOLDERS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    print(
        f"{'corpus':<11} {'files':>6} {'triples':>10} {'load s':>8} {'triples/s':>10} "
        f"{'open_map s':>10} {'derived':>9} {'skipped':>8} {'peak MB':>8}"
    )
    for name in args.corpus or ["qt30", "us-2016"]:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['corpus']:<11} {r['files']:>6} {r['triples']:>10,} {r['load_s']:>8} "
            f"{r['triples_per_s']:>10,} {r['open_map_s']:>10} {r['derived']:>9,} "
            f"{r['skipped']:>8,} "
            f"{r['peak_rss_mb']:>8,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
