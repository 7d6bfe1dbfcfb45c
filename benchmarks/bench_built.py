"""`argmap query` as a whole process, against rdflib and raw pyoxigraph (issue 12).

For each size (synthetic maps from ``generate.py``, in ``benchmarks/data/``), one
GROUP BY query (statements per speaker), each command a fresh process, timed from
outside (wall seconds), in rounds: every round runs each
command once, in turn, so that a drift of the machine's speed touches all alike.
Printed: the median of each, and the median of the per-round ratios.

- ``built``: ``argmap query Q --source MAP`` over the built map in the cache (the
  cache is primed once before the rounds, in a folder of the run's own);
- ``unbuilt``: the same with ``--no-cache`` (load, checks, derivation; no reasoning,
  since the query reads none);
- ``rdflib``: ``rdflib.Graph().parse(MAP)`` (the default Memory store), then the query;
- ``pyoxigraph``: ``pyoxigraph.Store().load(MAP)``, then the query.

Targets (issue 12): built at least 6x faster than rdflib and within 1.5x of
pyoxigraph; unbuilt at least 3x faster than rdflib.

    .venv/bin/python benchmarks/bench_built.py [--sizes 100k,1M] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import generate
from common import data_file, run_process, table

QUERY = (
    "PREFIX prov: <http://www.w3.org/ns/prov#> "
    "SELECT ?who (COUNT(?s) AS ?n) WHERE { ?s prov:wasAttributedTo ?who } "
    "GROUP BY ?who ORDER BY DESC(?n) ?who"
)
PYTHON = sys.executable
ARGMAP = str(Path(sys.executable).with_name("argmap"))

RDFLIB = """
import sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
print(len(list(g.query(sys.argv[2]))))
"""
PYOXIGRAPH = """
import sys, pyoxigraph as ox
s = ox.Store()
s.load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
print(len(list(s.query(sys.argv[2]))))
"""


def ratios(times: dict[str, list[float]]) -> Callable[[str, str], float]:
    """The median over rounds of a's time over b's, for names a and b."""

    def ratio(a: str, b: str) -> float:
        return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))

    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ARGMAP_CACHE": cache}
        for size in (generate.parse_size(s) for s in args.sizes.split(",")):
            path = str(data_file(size))
            commands = {
                "built": [ARGMAP, "query", QUERY, "--source", path, "--format", "csv"],
                "unbuilt": [
                    ARGMAP,
                    "query",
                    QUERY,
                    "--source",
                    path,
                    "--format",
                    "csv",
                    "--no-cache",
                ],
                "rdflib": [PYTHON, "-c", RDFLIB, path, QUERY],
                "pyoxigraph": [PYTHON, "-c", PYOXIGRAPH, path, QUERY],
            }
            prime, _, _ = run_process(commands["built"], env)  # writes the built map
            print(f"{generate.size_label(size)}: first query (writes the built map) {prime:.2f} s",
                  file=sys.stderr)  # fmt: skip
            times: dict[str, list[float]] = {k: [] for k in commands}
            outputs: dict[str, str] = {}
            for _ in range(args.rounds):
                for name, command in commands.items():
                    wall, outputs[name], _ = run_process(command, env)
                    times[name].append(wall)
            if outputs["built"] != outputs["unbuilt"]:
                raise SystemExit("the built and the unbuilt map answered differently")
            rows_out = outputs["built"].count("\n") - 1  # csv: a header, then the rows
            if {outputs["rdflib"].strip(), outputs["pyoxigraph"].strip()} != {str(rows_out)}:
                raise SystemExit(f"the baselines counted other rows than argmap's {rows_out}")
            median = {k: statistics.median(v) for k, v in times.items()}
            ratio = ratios(times)

            rows.append([
                generate.size_label(size),
                *(f"{median[k]:.2f}" for k in commands),
                f"{ratio('rdflib', 'built'):.1f}x", f"{ratio('built', 'pyoxigraph'):.2f}",
                f"{ratio('rdflib', 'unbuilt'):.1f}x", f"{prime:.2f}",
            ])  # fmt: skip
            print(table(
                ["size", "built s", "unbuilt s", "rdflib s", "pyoxigraph s", "rdflib/built",
                 "built/pyoxigraph", "rdflib/unbuilt", "first query s"], rows))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
