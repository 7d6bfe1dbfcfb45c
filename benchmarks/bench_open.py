"""Whole-process times of the first things a person runs (issue 12), in rounds.

- ``argmap build`` of the NATO map, from the source (``--no-cache``) and again over
  its built map, against ``python -c pass`` (the interpreter's own start-up), measured
  in the same rounds: the target is under 1 s beyond the start-up;
- ``argmap info`` of the whole QT30 corpus (``$ARGMAP_CORPORA/qt30``, read leniently,
  as the README shows it), from the sources and over the built map, with its peak
  memory: the target is under 20 s and 2 GB.

    .venv/bin/python benchmarks/bench_open.py [--rounds 3] [--no-qt30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import table

PYTHON = sys.executable
ARGMAP = str(Path(sys.executable).with_name("argmap"))
HERE = Path(__file__).resolve().parent


def corpora() -> Path:
    return Path(os.environ.get("ARGMAP_CORPORA", HERE.parent.parent / "shared" / "corpora"))


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one whole process (GNU time's accounting)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{command[:3]} failed:\n{done.stderr[-2000:]}")
        peak = int(report.read().strip().splitlines()[-1]) / 1024
    return wall, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-qt30", action="store_true")
    args = parser.parse_args()
    if not Path("/usr/bin/time").exists():
        raise SystemExit("needs GNU time: apt-get install time")
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "ARGMAP_CACHE": str(Path(work) / "cache")}
        out = str(Path(work) / "out")
        commands = {
            "python -c pass": [PYTHON, "-c", "pass"],
            "build NATO, from the source": [ARGMAP, "build", "-o", out, "--no-cache"],
            "build NATO, built map kept": [ARGMAP, "build", "-o", out],
            "info NATO, over the built map": [ARGMAP, "info"],
        }
        qt30 = corpora() / "qt30"
        if not args.no_qt30 and qt30.is_dir():
            info = [ARGMAP, "info", str(qt30), "--lenient"]
            commands["info qt30, from the sources"] = [*info, "--no-cache"]
            commands["info qt30, over the built map"] = info
            run(info, env)  # writes its built map
        run(commands["build NATO, built map kept"], env)
        times: dict[str, list[float]] = {k: [] for k in commands}
        peaks: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                wall, peak = run(command, env)
                times[name].append(wall)
                peaks[name].append(peak)
        start = times["python -c pass"]
        rows = []
        for name in commands:
            beyond = statistics.median(t - s for t, s in zip(times[name], start, strict=True))
            rows.append([
                name, f"{statistics.median(times[name]):.2f}", f"{beyond:.2f}",
                f"{max(peaks[name]):.0f}",
            ])  # fmt: skip
        print(table(["command", "wall s (median)", "beyond start-up s", "peak MB"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
