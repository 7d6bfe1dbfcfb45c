"""Time Dung's semantics: grounded at scale, preferred and stable on the AFGen corpus.

Two parts, in one run:

- grounded: random frameworks of 10k, 100k and 1M arguments with 1.5 attacks per
  argument (seeded), labelled by :func:`graph.reasoning.dung.grounded_labelling`
  (linear) and by a naive fixpoint that iterates the characteristic function from
  the empty set over integer-indexed lists. It prints both times (wall-clock and
  CPU seconds: CPU time shows less of whatever else the machine runs), their ratio
  and the iterations the fixpoint needed, and checks that the answers agree.
  The fixpoint is stopped once it runs past ``--naive-timeout`` seconds (120 by
  default), and the line says so.
- corpus: every ``.apx`` file in ``$ARGMAP_CORPORA/afgen-apx/`` (default
  ``/work/shared/corpora``): load time, the grounded labelling's counts, then
  EE and SE for preferred and stable semantics (every extension, and one), each
  in a child process stopped after ``--timeout`` seconds (120 by default), which
  then prints ``timeout`` and how many extensions it had found. A file cut short
  (its last fact broken) is reported and benchmarked on its complete lines.

    python benchmarks/bench_semantics.py
    python benchmarks/bench_semantics.py --sizes 10k,100k --timeout 30
    python benchmarks/bench_semantics.py --parts corpus
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing import get_context
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.reasoning import dung, iccma

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
ATTACKS_PER_ARGUMENT = 1.5


# ---------------------------------------------------------------------- grounded


def random_framework(n: int, seed: int = 0) -> nx.DiGraph:
    rnd = random.Random(seed)
    af = nx.DiGraph()
    af.add_nodes_from(range(n))
    m = int(n * ATTACKS_PER_ARGUMENT)
    af.add_edges_from((rnd.randrange(n), rnd.randrange(n)) for _ in range(m))
    return af


def naive_grounded(af: nx.DiGraph, *, timeout: float) -> tuple[frozenset[Any] | None, int]:
    """Iterate F(S) = {a : S attacks every attacker of a} from the empty set.

    Returns the fixpoint (``None`` if stopped by ``timeout``) and the iterations run.
    """
    start = time.perf_counter()
    nodes = list(af)
    index = {a: i for i, a in enumerate(nodes)}
    succ = [[index[b] for b in targets] for targets in af.succ.values()]
    pred = [[index[b] for b in sources] for sources in af.pred.values()]
    current: set[int] = set()
    iterations = 0
    while True:
        iterations += 1
        attacked = {b for a in current for b in succ[a]}
        following = {a for a in range(len(nodes)) if all(b in attacked for b in pred[a])}
        if following == current:
            return frozenset(nodes[i] for i in current), iterations
        current = following
        if time.perf_counter() - start > timeout:
            return None, iterations


class Clock:
    """Wall-clock and CPU seconds since creation (CPU time shows less of other load)."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def bench_grounded(sizes: list[str], naive_timeout: float) -> None:
    print(f"== grounded: random frameworks, {ATTACKS_PER_ARGUMENT} attacks per argument ==")
    print("seconds as wall/cpu; the ratio is of CPU seconds")
    print(f"{'arguments':>10} {'attacks':>10} {'linear s':>12} {'naive s':>14} {'ratio':>6}  notes")
    for size in sizes:
        n = SIZES[size]
        af = random_framework(n)
        clock = Clock()
        labels = dung.grounded_labelling(af)
        linear = clock.read()
        counts = Counter(labels.values())
        clock = Clock()
        fixpoint, iterations = naive_grounded(af, timeout=naive_timeout)
        naive = clock.read()
        shown = f"in {counts['in']}, out {counts['out']}, undec {counts['undec']}"
        times = f"{linear[0]:>5.2f}/{linear[1]:<6.2f} {naive[0]:>6.2f}/{naive[1]:<7.2f}"
        if fixpoint is None:
            bound = f">{naive[1] / linear[1]:.0f}"
            print(
                f"{n:>10} {af.number_of_edges():>10} {times} {bound:>6}"
                f"  naive stopped after {naive_timeout:.0f} s wall ({iterations} iterations,"
                f" no fixpoint yet); {shown}"
            )
            continue
        grounded = frozenset(a for a, label in labels.items() if label == "in")
        agree = "agree" if fixpoint == grounded else "DISAGREE"
        print(
            f"{n:>10} {af.number_of_edges():>10} {times} {naive[1] / linear[1]:>6.1f}"
            f"  {iterations} iterations, {agree}; {shown}"
        )
        del af, labels


# ------------------------------------------------------------------------ corpus


def _enumerate(af: nx.DiGraph, semantics: str, conn: Connection) -> None:
    enumerate_ = {"preferred": dung.preferred_extensions, "stable": dung.stable_extensions}
    clock = Clock()
    count = 0
    for _ in enumerate_[semantics](af):
        count += 1
        conn.send(("found", count))
    conn.send(("done", count, clock.read()))


def _some(af: nx.DiGraph, semantics: str, conn: Connection) -> None:
    clock = Clock()
    ext = dung.some_extension(af, semantics)
    conn.send(("done", None if ext is None else len(ext), clock.read()))


def run_guarded(
    task: Callable[[nx.DiGraph, str, Connection], None],
    af: nx.DiGraph,
    semantics: str,
    timeout: float,
) -> tuple[str, Any, tuple[float, float]]:
    """Run a task in a forked child: ("done", result, (wall, cpu)), or ("timeout",
    extensions found so far, (timeout, 0)) once it runs past ``timeout`` seconds."""
    ctx = get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=task, args=(af, semantics, send))
    child.start()
    send.close()
    deadline = time.monotonic() + timeout
    found = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receive.poll(remaining):
                return "timeout", found, (timeout, 0.0)
            try:
                message = receive.recv()
            except EOFError:
                return "crashed", found, (timeout, 0.0)
            if message[0] == "found":
                found = message[1]
            else:
                return "done", message[1], message[2]
    finally:
        if child.is_alive():
            child.terminate()
        child.join()


def load_corpus_file(path: Path) -> tuple[nx.DiGraph, str]:
    """The framework in ``path``, and a note when only its complete lines could be read."""
    try:
        return iccma.load(path), ""
    except InputError as err:
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        if err.line != len(lines):
            raise
        af = iccma.loads_apx("\n".join(lines[:-1]), path=path)
        return af, f"cut short ({err}); read its first {len(lines) - 1} lines"


def bench_corpus(folder: Path, timeout: float) -> None:
    print(f"\n== preferred and stable on {folder} (timeout {timeout:.0f} s per task) ==")
    files = sorted(folder.glob("*.apx"))
    if not files:
        print(f"no .apx files in {folder}; set ARGMAP_CORPORA")
        return
    for path in files:
        clock = Clock()
        af, note = load_corpus_file(path)
        loaded = clock.read()[0]
        counts = Counter(dung.grounded_labelling(af).values())
        print(
            f"{path.name}: {af.number_of_nodes()} arguments, {af.number_of_edges()} attacks,"
            f" loaded in {loaded:.2f} s; grounded in {counts['in']}, out {counts['out']},"
            f" undec {counts['undec']}"
        )
        if note:
            print(f"  note: {note}")
        for semantics, code in (("preferred", "PR"), ("stable", "ST")):
            status, result, seconds = run_guarded(_enumerate, af, semantics, timeout)
            if status == "done":
                wall, cpu = seconds
                print(f"  EE-{code}: {result} extensions in {wall:.2f} s (cpu {cpu:.2f} s)")
            else:
                print(f"  EE-{code}: {status} after {seconds[0]:.0f} s ({result} extensions found)")
            status, result, seconds = run_guarded(_some, af, semantics, timeout)
            if status == "done":
                wall, cpu = seconds
                shown = "none" if result is None else f"one of {result} arguments"
                print(f"  SE-{code}: {shown} in {wall:.2f} s (cpu {cpu:.2f} s)")
            else:
                print(f"  SE-{code}: {status} after {seconds[0]:.0f} s")
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10k,100k,1M", help="of " + ", ".join(SIZES))
    parser.add_argument("--parts", default="grounded,corpus", help="grounded, corpus or both")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per corpus task")
    parser.add_argument("--naive-timeout", type=float, default=120.0)
    parser.add_argument(
        "--corpora",
        type=Path,
        default=Path(os.environ.get("ARGMAP_CORPORA", "/work/shared/corpora")),
    )
    args = parser.parse_args(argv)
    parts = args.parts.split(",")
    if "grounded" in parts:
        bench_grounded(args.sizes.split(","), args.naive_timeout)
    if "corpus" in parts:
        bench_corpus(args.corpora / "afgen-apx", args.timeout)


if __name__ == "__main__":
    main()
