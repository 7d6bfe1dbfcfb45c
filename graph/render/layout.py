"""The map's layout engine: Graphviz ``dot`` places the boxes, in layers, conclusions on top.

:func:`layered` hands ``dot`` the boxes (their exact sizes, fixed) and the edges, each
from the statement argued for to its reason or objection, and reads back the centre
of every box from ``dot -Tjson0``: ranks from the edges (network simplex), few
crossings (the median heuristic with transpositions), boxes kept apart at their real
widths. Canvas y points down, as on the page; ``dot``'s points are CSS pixels at
zoom 1.

``dot`` is Debian's ``graphviz`` (``ARGMAP_DOT`` names another executable). Where it
is missing, :func:`engine` says so and the page model falls back to its own simple
placement, and says that too.

>>> found = engine()
>>> found is None or found.endswith("dot")
True
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import ArgmapError

__all__ = ["Placement", "engine", "layered"]

#: Gaps between boxes, in CSS px at zoom 1: side by side, and between layers (room
#: for the arrows and for the junctions of linked premises).
NODE_GAP = 28.0
RANK_GAP = 64.0
#: How hard ``dot`` works at removing crossings, as a factor of its default effort.
#: Less keeps each layer nearer the order it is given (the walk down the arguments),
#: so that a new statement moves fewer of the others; on the NATO map it also left
#: fewer crossings than the default (11 against 15; ``benchmarks/bench_layout.py``).
MCLIMIT = 0.1
#: A map whose layout takes ``dot`` longer than this is laid out by the fallback.
TIMEOUT = 60.0


@dataclass(frozen=True)
class Placement:
    """Box centres, keyed as given; the route of every edge; the drawing's extent.

    A route is the edge's cubic Bézier spline from its upper end to its lower one, as
    ``dot`` drew it around the boxes: points ``p0, c1, c2, p1, c3, c4, p2 ...``
    (one start point and three per piece), each end on the border of its box.
    ``bounds`` is left, top, right, bottom.
    """

    at: dict[str, tuple[float, float]]
    routes: dict[tuple[str, str], list[tuple[float, float]]]
    bounds: tuple[float, float, float, float]


def engine() -> str | None:
    """The path of ``dot`` (or of ``$ARGMAP_DOT``), or None where it is not installed."""
    return shutil.which(os.environ.get("ARGMAP_DOT") or "dot")


def layered(
    boxes: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str, int]],
    *,
    executable: str | None = None,
) -> Placement:
    """Lay out ``boxes`` (``{name: (width, height)}``) with ``edges`` (upper, lower,
    least number of layers between them; 0: the edge sets no layer at all).

    The order of ``boxes`` and of ``edges`` is the order ``dot`` starts from: the same
    input always gives the same layout, and a box added at the end disturbs the
    others as little as ``dot``'s crossing reduction allows.

    Raises:
        ArgmapError: ``dot`` is missing, fails or takes longer than :data:`TIMEOUT`.

    >>> if engine():
    ...     p = layered({"c": (200, 60), "a": (200, 60), "b": (200, 60)},
    ...                 [("c", "a", 1), ("c", "b", 1)])
    ...     (p.at["c"][1] < p.at["a"][1] == p.at["b"][1], p.at["a"][0] < p.at["b"][0])
    ... else:
    ...     (True, True)
    (True, True)
    """
    program = executable or engine()
    if program is None:
        raise ArgmapError("Graphviz is not installed: apt-get install graphviz (for dot)")
    if not boxes:
        return Placement({}, {}, (0.0, 0.0, 0.0, 0.0))
    names = list(boxes)
    index = {name: f"n{i}" for i, name in enumerate(names)}
    lines = [
        "digraph map {",
        f"graph [rankdir=TB, nodesep={NODE_GAP / 72:.4f}, "
        f"ranksep={RANK_GAP / 72:.4f}, splines=spline, mclimit={MCLIMIT}];",
        'node [shape=box, fixedsize=true, label=""];',
        "edge [arrowhead=none];",
    ]
    for name in names:
        width, height = boxes[name]
        lines.append(f"{index[name]} [width={width / 72:.4f}, height={height / 72:.4f}];")
    seen: set[tuple[str, str]] = set()
    for upper, lower, minlen in edges:
        if upper == lower or (upper, lower) in seen or upper not in index or lower not in index:
            continue
        seen.add((upper, lower))
        extra = {0: " [constraint=false]", 1: ""}.get(minlen, f" [minlen={minlen}]")
        lines.append(f"{index[upper]} -> {index[lower]}{extra};")
    lines.append("}")
    try:
        done = subprocess.run(
            [program, "-Tjson0"],
            input="\n".join(lines),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ArgmapError(f"Graphviz dot took longer than {TIMEOUT:.0f} s") from error
    except OSError as error:
        raise ArgmapError(f"cannot run Graphviz dot ({program}): {error}") from error
    if done.returncode != 0:
        raise ArgmapError(f"Graphviz dot failed: {done.stderr.strip()[:500]}")
    return _read(json.loads(done.stdout), names)


def _read(answer: Mapping[str, Any], names: Sequence[str]) -> Placement:
    """Centres and routes from ``dot -Tjson0``, y flipped to point down, top-left at 0."""
    left, bottom, right, top = (float(v) for v in str(answer["bb"]).split(","))

    def point(text: str) -> tuple[float, float]:
        x, y = (float(v) for v in text.split(","))
        return (round(x - left, 1) + 0.0, round(top - y, 1) + 0.0)

    at: dict[str, tuple[float, float]] = {}
    by_gvid: dict[int, str] = {}
    for item in answer.get("objects") or []:
        name = str(item["name"])
        if "pos" in item:
            by_gvid[int(item["_gvid"])] = names[int(name[1:])]
            at[names[int(name[1:])]] = point(str(item["pos"]))
    routes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for item in answer.get("edges") or []:
        tail, head = by_gvid.get(int(item["tail"])), by_gvid.get(int(item["head"]))
        if tail is None or head is None or "pos" not in item:
            continue
        # "s,x,y" and "e,x,y" mark arrow ends; with arrowhead=none there are none.
        parts = [p for p in str(item["pos"]).split() if not p.startswith(("s,", "e,"))]
        routes[tail, head] = [point(p) for p in parts]
    return Placement(at, routes, (0.0, 0.0, round(right - left, 1), round(top - bottom, 1)))
