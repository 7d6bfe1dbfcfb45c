"""What the benchmarks share: the generated maps they run on, a timed process, a free
port, a table."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import generate  # benchmarks/generate.py: these scripts run from this folder

DATA = Path(__file__).resolve().parent / "data"


def data_file(size: int) -> Path:
    """The generated map of ``size`` triples (Turtle), written first if it is missing."""
    path = DATA / f"map-{generate.size_label(size)}.ttl"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr, flush=True)
        generate.write_map(path, size, 0)
    return path


def run_process(command: list[str], env: dict[str, str]) -> tuple[float, str, str]:
    """Wall seconds, standard output and standard error of one whole process; a
    failed process ends the benchmark with its error."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{done.stderr[-2000:]}")
    return wall, done.stdout, done.stderr


def free_port(avoid: int = 0) -> int:
    """A TCP port nothing listens on at 127.0.0.1 (other than ``avoid``)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port: int = s.getsockname()[1]
        if port != avoid:
            return port


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows under a header, the first column left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])
