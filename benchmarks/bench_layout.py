"""How good the map's layout is: crossings, edges through labels, edge length, stability.

Not a test: run it on purpose, before and after a change of the layout (issue 11).

    .venv/bin/python benchmarks/bench_layout.py [--microtexts 10]

Maps: the NATO map, the first N arg-microtexts (arggraph XML) and the largest AIFdb
map of QT30 (nodeset25445: 287 propositions, 76 relations; read leniently: the
corpus has inferences without premises), from ``$ARGMAP_CORPORA`` (default ``../shared/corpora``).

For each map, the layout of the page model (statements and junctions, actors left
out), with every edge drawn as a straight segment between the centres of its ends:

- crossings: pairs of edges that cross (edges sharing an end do not count);
- through labels: (edge, node) pairs where the edge passes over the box of a node
  that is not one of its ends;
- length: the total length of the edges, in CSS px at zoom 1, and per edge;
- moved: how many of the nodes move (more than 1 px) when one new reason is added
  to the main conclusion (a premise and its inference), of how many.
"""

from __future__ import annotations

import argparse
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


def layout_of(G: Any) -> tuple[dict[str, Box], list[tuple[str, str]]]:
    """Node boxes and edges (between node names) of the page's layout of ``G``."""
    s = model._structure(G)
    lay = model._layout(s)
    boxes: dict[str, Box] = {}
    for n in lay.x:
        b = lay.boxes[n]
        x, y = lay.x[n], lay.y[n]
        boxes[n] = (x - b.width / 2, y - b.up, x + b.width / 2, y + b.down)
    edges = [
        (e.source[1], e.target[1])
        for e in s.edges
        if e.source[0] == "node" and e.target[0] == "node"
        and e.source[1] in boxes and e.target[1] in boxes
    ]  # fmt: skip
    return boxes, edges


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


def measure(boxes: dict[str, Box], edges: list[tuple[str, str]]) -> dict[str, float]:
    seg = [(centre(boxes[u]), centre(boxes[v]), u, v) for u, v in edges if u != v]
    crossings = 0
    for i in range(len(seg)):
        p1, p2, a, b = seg[i]
        for j in range(i + 1, len(seg)):
            q1, q2, c, d = seg[j]
            if {a, b} & {c, d}:
                continue
            if cross(p1, p2, q1, q2):
                crossings += 1
    labels = 0
    for p, q, a, b in seg:
        lo_x, hi_x = min(p[0], q[0]), max(p[0], q[0])
        lo_y, hi_y = min(p[1], q[1]), max(p[1], q[1])
        for n, box in boxes.items():
            if n in (a, b) or box[2] < lo_x or box[0] > hi_x or box[3] < lo_y or box[1] > hi_y:
                continue
            if through(p, q, box):
                labels += 1
    length = sum(math.dist(p, q) for p, q, _, _ in seg)
    return {"edges": len(seg), "crossings": crossings, "labels": labels, "length": length}


def moved_when_a_reason_is_added(G: Any) -> tuple[int, int]:
    boxes, _ = layout_of(G)
    H = G.copy()
    main = list(G.graph.get("main_conclusions") or [])
    statements = sorted(n for n, t in G.nodes(data="type") if t == "statement")
    target = main[0] if main else statements[0]
    H.add_node("urn:bench:new", type="statement", kind="Claim", label="A new reason for it")
    H.add_node("urn:bench:new-inference", type="inference")
    H.add_edge("urn:bench:new", "urn:bench:new-inference", role="premise")
    H.add_edge("urn:bench:new-inference", target, role="conclusion")
    after, _ = layout_of(H)
    moved = sum(
        1 for n, b in boxes.items() if n in after and math.dist(centre(b), centre(after[n])) > 1.0
    )
    return moved, len(boxes)


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
    rows = []
    totals = {"crossings": 0.0, "labels": 0.0, "moved": 0.0, "nodes": 0.0}
    started = time.perf_counter()
    for name, path, lenient in maps:
        G = graph_of(path, lenient)
        boxes, edges = layout_of(G)
        m = measure(boxes, edges)
        moved, count = moved_when_a_reason_is_added(G)
        rows.append([
            name, str(count), str(int(m["edges"])), str(int(m["crossings"])), str(int(m["labels"])),
            f"{m['length']:.0f}", f"{m['length'] / max(1, m['edges']):.0f}", f"{moved}/{count}",
        ])  # fmt: skip
        if name.startswith("microtexts"):
            for k, v in (
                ("crossings", m["crossings"]),
                ("labels", m["labels"]),
                ("moved", moved),
                ("nodes", count),
            ):
                totals[k] += v
    print(
        "layout: graph/render/model.py (the page model's own placement); "
        f"default map {default_source().name}"
    )
    print(table(
        ["map", "nodes", "edges", "crossings", "through labels", "length px", "px/edge", "moved"],
        rows,
    ))  # fmt: skip
    n = max(1, min(args.microtexts, len(micro)))
    print(
        f"\nmicrotexts, mean of {n}: crossings {totals['crossings'] / n:.1f}, "
        f"edges through labels {totals['labels'] / n:.1f}, "
        f"nodes moved {totals['moved'] / n:.1f} of {totals['nodes'] / n:.1f}"
    )
    print(f"({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
