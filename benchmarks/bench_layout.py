"""How good the map's layout is: crossings, edges through labels, edge length, stability.

Not a test: run it on purpose, before and after a change of the layout (issue 11).

    .venv/bin/python benchmarks/bench_layout.py [--microtexts 10]

Maps: the NATO map, the first N arg-microtexts (arggraph XML) and the largest AIFdb
map of QT30 (nodeset25445: 287 propositions, 76 relations; read leniently: the
corpus has inferences without premises), from ``$ARGMAP_CORPORA`` (default ``../shared/corpora``).

For each map and each layout engine, run in the same process: ``dot`` (Graphviz, what
the page uses; its edges are measured along the routes ``dot`` gives and the page
draws, each Bézier piece cut into 8 segments) and the fallback placement (used where
``dot`` is missing; edges straight between the centres of their ends, as the page then
draws them). Statements and junctions, actors left out:

- crossings: pairs of edges that cross (edges sharing an end do not count);
- through labels: (edge, node) pairs where the edge passes over the box of a node
  that is not one of its ends;
- length: the total length of the edges, in CSS px at zoom 1, and per edge;
- moved: how many of the nodes move (more than 1 px) when one new reason (a premise
  and its inference) is added to the main conclusion, and the mean of that over
  eight statements spread over the map (the main conclusion one of them), of how
  many.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

from common import table

from graph.formats import ReadContext
from graph.pipeline import open_map
from graph.render import model
from graph.store import default_source

HERE = Path(__file__).resolve().parent
#: The AIFdb map of QT30 with the most propositions and relations (287 and 76).
BIG = "nodeset25445"


def corpora() -> Path:
    return Path(os.environ.get("ARGMAP_CORPORA", HERE.parent.parent / "shared" / "corpora"))


Box = tuple[float, float, float, float]  # left, top, right, bottom


Point = tuple[float, float]
Edge = tuple[str, str, list[Point]]  # source, target, the line drawn between them


def layout_of(G: Any, dot: bool = True) -> tuple[dict[str, Box], list[Edge]]:
    """Node boxes and edges (with the lines drawn) of the page's layout of ``G``."""
    s = model._structure(G)
    lay = model._layout(s, dot=dot)
    boxes: dict[str, Box] = {}
    for n in lay.x:
        b = lay.boxes[n]
        x, y = lay.x[n], lay.y[n]
        boxes[n] = (x - b.width / 2, y - b.up, x + b.width / 2, y + b.down)
    edges: list[Edge] = []
    for e in s.edges:
        u, v = e.source[1], e.target[1]
        if e.source[0] != "node" or e.target[0] != "node" or u not in boxes or v not in boxes:
            continue
        route = lay.routes.get((v, u))
        line = sampled(route) if route else [centre(boxes[u]), centre(boxes[v])]
        edges.append((u, v, line))
    return boxes, edges


def sampled(route: list[Point], steps: int = 8) -> list[Point]:
    """A cubic Bézier spline (p0, c1, c2, p1, ...) as a polyline."""
    out = [route[0]]
    for k in range(0, len(route) - 3, 3):
        p0, c1, c2, p1 = route[k : k + 4]
        for i in range(1, steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append((
                a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0],
                a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1],
            ))  # fmt: skip
    return out


def centre(b: Box) -> tuple[float, float]:
    return ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)


def _orient(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def cross(p1: Any, p2: Any, q1: Any, q2: Any) -> bool:
    """Whether segments p1p2 and q1q2 cross at a point inside both."""
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def through(p: Any, q: Any, b: Box, margin: float = 2.0) -> bool:
    """Whether segment pq passes over box ``b`` (shrunk by ``margin``): Liang-Barsky."""
    left, top, right, bottom = b[0] + margin, b[1] + margin, b[2] - margin, b[3] - margin
    if left >= right or top >= bottom:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in (
        (-dx, p[0] - left),
        (dx, right - p[0]),
        (-dy, p[1] - top),
        (dy, bottom - p[1]),
    ):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _segments(line: list[Point]) -> list[tuple[Point, Point]]:
    return list(itertools.pairwise(line))


def measure(boxes: dict[str, Box], edges: list[Edge]) -> dict[str, float]:
    seg = [(_segments(line), u, v) for u, v, line in edges if u != v]
    crossings = 0
    for i in range(len(seg)):
        one, a, b = seg[i]
        for j in range(i + 1, len(seg)):
            other, c, d = seg[j]
            if {a, b} & {c, d}:
                continue
            if any(cross(p1, p2, q1, q2) for p1, p2 in one for q1, q2 in other):
                crossings += 1
    labels = 0
    for pieces, a, b in seg:
        for n, box in boxes.items():
            if n in (a, b):
                continue
            if any(
                not (box[2] < min(p[0], q[0]) or box[0] > max(p[0], q[0])
                     or box[3] < min(p[1], q[1]) or box[1] > max(p[1], q[1]))
                and through(p, q, box)
                for p, q in pieces
            ):  # fmt: skip
                labels += 1
    length = sum(math.dist(p, q) for pieces, _, _ in seg for p, q in pieces)
    return {"edges": len(seg), "crossings": crossings, "labels": labels, "length": length}


def moved_when_a_reason_is_added(
    G: Any, dot: bool = True, tries: int = 8
) -> tuple[int, float, int]:
    """Nodes moved by one new reason: for the main conclusion, and the mean over
    ``tries`` statements spread over the map (the main conclusion first), of how many."""
    boxes, _ = layout_of(G, dot)
    main = list(G.graph.get("main_conclusions") or [])
    statements = sorted(n for n, t in G.nodes(data="type") if t == "statement")
    rest = [s for s in statements if s not in main[:1]]
    step = max(1, len(rest) // max(1, tries - 1))
    targets = (main[:1] or statements[:1]) + rest[::step][: tries - 1]
    counts = []
    for target in targets:
        H = G.copy()
        H.add_node("urn:bench:new", type="statement", kind="Claim", label="A new reason for it")
        H.add_node("urn:bench:new-inference", type="inference")
        H.add_edge("urn:bench:new", "urn:bench:new-inference", role="premise")
        H.add_edge("urn:bench:new-inference", target, role="conclusion")
        after, _ = layout_of(H, dot)
        counts.append(
            sum(
                1
                for n, b in boxes.items()
                if n in after and math.dist(centre(b), centre(after[n])) > 1.0
            )
        )
    return counts[0], sum(counts) / len(counts), len(boxes)


def graph_of(path: Path | None, lenient: bool = False) -> Any:
    from graph.assessment import assess

    context = ReadContext(lenient=True) if lenient else None
    store = open_map(path, semantics=[], context=context)
    return assess(store, semantics=["grounded"]).graph


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--microtexts", type=int, default=10)
    args = parser.parse_args()
    root = corpora()
    maps: list[tuple[str, Path | None, bool]] = [("NATO (seeds/nato-ukraine.ttl)", None, False)]
    micro = sorted((root / "microtexts" / "format=arggraph,lang=en").glob("*.xml"))
    maps += [(f"microtexts {p.stem}", p, False) for p in micro[: args.microtexts]]
    big = root / "qt30" / "format=aif,lang=en" / f"{BIG}.json"
    if big.exists():
        maps.append((f"QT30 {BIG} (AIFdb)", big, True))
    engines = [("dot", True)] if model.dot_engine() else []
    engines.append(("fallback", False))
    rows = []
    totals: dict[str, dict[str, float]] = {}
    started = time.perf_counter()
    for name, path, lenient in maps:
        G = graph_of(path, lenient)
        for engine, dot in engines:
            boxes, edges = layout_of(G, dot)
            m = measure(boxes, edges)
            at_main, moved, count = moved_when_a_reason_is_added(G, dot)
            rows.append([
                name, engine, str(count), str(int(m["edges"])), str(int(m["crossings"])),
                str(int(m["labels"])), f"{m['length']:.0f}",
                f"{m['length'] / max(1, m['edges']):.0f}", f"{at_main}", f"{moved:.1f}",
            ])  # fmt: skip
            if name.startswith("microtexts"):
                t = totals.setdefault(
                    engine, dict.fromkeys(("crossings", "labels", "moved", "nodes", "length"), 0.0)
                )
                t["crossings"] += m["crossings"]
                t["labels"] += m["labels"]
                t["moved"] += moved
                t["nodes"] += count
                t["length"] += m["length"]
    print(
        f"layout engines: {', '.join(e for e, _ in engines)}; default map {default_source().name}"
    )
    heads = ["map", "engine", "nodes", "edges", "crossings", "through labels", "length px"]
    print(table([*heads, "px/edge", "moved (main)", "moved (mean of 8)"], rows))
    n = max(1, min(args.microtexts, len(micro)))
    for engine, t in totals.items():
        print(
            f"microtexts, mean of {n} ({engine}): crossings {t['crossings'] / n:.1f}, "
            f"edges through labels {t['labels'] / n:.1f}, length {t['length'] / n:.0f} px, "
            f"nodes moved {t['moved'] / n:.1f} of {t['nodes'] / n:.1f}"
        )
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
