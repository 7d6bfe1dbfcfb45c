"""`argmap build` of big maps, stage by stage, and how its cost grows (issue 12).

For each size (synthetic maps from ``generate.py``, in ``benchmarks/data/``), one
whole process of

    argmap build MAP --no-cache --no-shapes --budget 0 --timings -o TMP

(load, checks, derivation, grounded and complete statuses, strength, structure,
recording, the Turtle and the HTML of the top levels; SHACL and the NP-hard
semantics are outside the issue's list: ``--no-shapes``, and a budget of 0 leaves
preferred and stable out), against a raw ``pyoxigraph.Store().load`` of the same
file in the same round. Printed: each stage's seconds (from ``--timings``), the
whole process's wall seconds and its ratio to the raw load, and the exponent ``k``
of the least-squares fit ``seconds ~ triples**k`` over the sizes, for the whole and
for each stage (1 is linear).

Target (issue 12): the 1M build under 15 s end to end, growing linearly.

    .venv/bin/python benchmarks/bench_build.py [--sizes 10k,100k,1M] [--rounds 1]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
from pathlib import Path

import generate
from common import data_file, run_process, table

PYTHON = sys.executable
ARGMAP = str(Path(sys.executable).with_name("argmap"))
PYOXIGRAPH = """
import sys, pyoxigraph as ox
ox.Store().load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
"""


def stages(report: str) -> dict[str, float]:
    """The ``--timings`` table as {indented name: seconds}, in its order."""
    found: dict[str, float] = {}
    for line in report.splitlines():
        parts = line.rsplit(maxsplit=2)
        if len(parts) == 3 and parts[2] == "s":
            try:
                found[parts[0].rstrip()] = float(parts[1])
            except ValueError:
                continue  # a message, not a stage
    return found


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The slope of log(seconds) over log(size): seconds ~ size**k."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-4)) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    sizes = [generate.parse_size(s) for s in args.sizes.split(",")]
    seen: dict[int, dict[str, float]] = {}
    walls: dict[int, float] = {}
    loads: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "ARGMAP_CACHE": str(Path(work) / "cache")}
        for size in sizes:
            path = str(data_file(size))
            build = [ARGMAP, "build", path, "--no-cache", "--no-shapes", "--budget", "0",
                     "--timings", "-o", str(Path(work) / "out")]  # fmt: skip
            rounds: list[tuple[float, dict[str, float], float]] = []
            for _ in range(args.rounds):
                wall, _, err = run_process(build, env)
                raw, _, _ = run_process([PYTHON, "-c", PYOXIGRAPH, path], env)
                rounds.append((wall, stages(err), raw))
            wall, found, raw = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
            seen[size], walls[size], loads[size] = found, wall, raw
            print(f"{generate.size_label(size)}: {wall:.2f} s", file=sys.stderr, flush=True)
    names = list(seen[sizes[-1]])
    labels = [generate.size_label(s) for s in sizes]
    rows = [
        [name, *(f"{seen[s].get(name, 0.0):.2f}" for s in sizes),
         f"{exponent(sizes, [seen[s].get(name, 0.0) for s in sizes]):.2f}"
         if len(sizes) > 1 and name.strip() not in ("other",) else ""]
        for name in names
    ]  # fmt: skip
    rows.append(
        [
            "whole process",
            *(f"{walls[s]:.2f}" for s in sizes),
            f"{exponent(sizes, [walls[s] for s in sizes]):.2f}" if len(sizes) > 1 else "",
        ]
    )
    rows.append(["raw pyoxigraph load", *(f"{loads[s]:.2f}" for s in sizes), ""])
    rows.append(["build / raw load", *(f"{walls[s] / loads[s]:.1f}x" for s in sizes), ""])
    print(table(["stage", *(f"{lab} s" for lab in labels), "exponent"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
