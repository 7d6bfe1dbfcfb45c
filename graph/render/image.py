"""The map as a still image, for slides and handouts: SVG, and PNG drawn from it.

The drawing is the page's own (``static/map.js``, ``mapSvg``): the same cards, with
the kind named in a coloured band, status and strength in the band, the foot and the
border, the main conclusion the widest card; edges along the layout's routes, an
arrow for a support and a bar for an attack or an undercut. It is made from the page
model (:func:`~graph.render.model.page_model`), so it shows the layout the page opens
with, whole. Every text from the map goes in as XML character data, never as markup.

>>> from graph.render.model import GEOMETRY
>>> svg = map_svg({"title": "T", "defaultSemantics": "grounded", "geometry": GEOMETRY,
...     "nodes": [{"id": "n0", "type": "statement", "kind": "Claim", "label": "<b>x</b>",
...                "main": True, "implicit": False, "x": 0, "y": 0, "w": 300, "h": 72,
...                "status": {"grounded": "in"}, "strength": 1.0}], "edges": []})
>>> "&lt;b&gt;x&lt;/b&gt;" in svg and "MAIN CONCLUSION" in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from graph.errors import ArgmapError

from .model import GEOMETRY, text_width, wrap_label

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, system-ui, Arial, sans-serif"
INK = "#1A1A1A"
RADIUS = 6
MARGIN = 24.0
#: The band's bold text, in px (its glyphs are measured at this size, a little wide).
BAND_FONT = 11 * 1.1

#: The kinds' colours, as the page has them (``KINDS`` in map.js; a test keeps the two
#: in step): the band, the border and the fill of a card, and the kind's glyph.
KINDS: dict[str, dict[str, str]] = {
    "Claim": {"band": "#005A8E", "border": "#0072B2", "fill": "#E3EFF8", "glyph": "\u25a0"},
    "Evidence": {"band": "#00704F", "border": "#009E73", "fill": "#DDF2EA", "glyph": "\u25cf"},
    "Proposal": {"band": "#665C00", "border": "#8C7E00", "fill": "#FAF6CC", "glyph": "\u2b22"},
    "Prediction": {"band": "#7F5500", "border": "#B07800", "fill": "#FBEBCC", "glyph": "\u25c6"},
    "Recommendation": {
        "band": "#8A3E6E",
        "border": "#9E4A7E",
        "fill": "#F5E4EE",
        "glyph": "\u2605",
    },
    "Statement": {"band": "#4A4A4A", "border": "#555555", "fill": "#F0F0F0", "glyph": "\u25cb"},
}
#: The relations' colours, widths, dashes and heads (``RELATIONS`` in map.js).
RELATIONS: dict[str, dict[str, Any]] = {
    "support": {"color": "#009E73", "width": 2, "dashes": None, "arrow": "arrow"},
    "attack": {"color": "#D55E00", "width": 2.5, "dashes": None, "arrow": "bar"},
    "undercut": {"color": "#CC79A7", "width": 2.5, "dashes": [8, 5], "arrow": "bar"},
    "premise": {"color": "#009E73", "width": 1.5, "dashes": None, "arrow": None},
}
STATUS_BAND = {"in": "\u2713 IN", "out": "\u2717 OUT", "undec": "? UNDECIDED"}
DASH = {"implicit": [6, 4], "out": [2, 3], "undec": [9, 3, 2, 3]}

FORMATS = ("svg", "png")


def map_svg(model: Mapping[str, Any], *, semantics: str | None = None) -> str:
    """The whole map of a page model as an SVG document (UTF-8 text)."""
    sem = semantics or str(model.get("defaultSemantics") or "grounded")
    g = {**GEOMETRY, **(model.get("geometry") or {})}
    nodes = [n for n in model["nodes"] if n.get("type") in ("statement", "junction")]
    if not nodes:
        raise ArgmapError("the map has no statements to draw")
    by_id = {n["id"]: n for n in nodes}
    boxes = {n["id"]: _box(n, g) for n in nodes}
    left = min(b[0] for b in boxes.values()) - MARGIN
    top = min(b[1] for b in boxes.values()) - MARGIN
    right = max(b[2] for b in boxes.values()) + MARGIN
    bottom = max(b[3] for b in boxes.values()) + MARGIN
    width, height = right - left, bottom - top
    svg = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "viewBox": f"{_n(left)} {_n(top)} {_n(width)} {_n(height)}",
            "width": _n(width),
            "height": _n(height),
            "font-family": FONT,
            "role": "img",
        },
    )
    ET.SubElement(svg, f"{{{SVG_NS}}}title").text = str(model.get("title") or "Argument map")
    ET.SubElement(
        svg,
        f"{{{SVG_NS}}}rect",
        {"x": _n(left), "y": _n(top), "width": _n(width), "height": _n(height), "fill": "#FFFFFF"},
    )
    edges = ET.SubElement(svg, f"{{{SVG_NS}}}g", {"fill": "none"})
    for e in model.get("edges") or ():
        if e.get("from") in by_id and e.get("to") in by_id and e.get("relation") in RELATIONS:
            _edge(edges, e, boxes, sem)
    for n in nodes:
        if n["type"] == "junction":
            _junction(svg, n, sem)
        else:
            _card(svg, n, g, sem)
    ET.register_namespace("", SVG_NS)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(svg, encoding="unicode")


def map_png(model: Mapping[str, Any], *, semantics: str | None = None, scale: float = 2.0) -> bytes:
    """The whole map as a PNG image, drawn from :func:`map_svg` by CairoSVG at ``scale``.

    Raises:
        ArgmapError: CairoSVG or the cairo library it needs is not installed.
    """
    try:
        import cairosvg
    except (ImportError, OSError) as error:
        raise ArgmapError(
            f"PNG needs CairoSVG and the cairo library (apt-get install libcairo2): {error}"
        ) from error
    svg = map_svg(model, semantics=semantics)
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, unsafe=False)
    return png


def _box(n: Mapping[str, Any], g: Mapping[str, Any]) -> tuple[float, float, float, float]:
    x, y = float(n.get("x") or 0.0), float(n.get("y") or 0.0)
    if n["type"] == "junction":
        w = h = float(g["junction"])
    else:
        w, h = float(n.get("w") or g["cardWidth"]), float(n.get("h") or 82.0)
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _status(item: Mapping[str, Any], sem: str) -> str | None:
    value = (item.get("status") or {}).get(sem)
    return value if value in STATUS_BAND else None


def _fade(hex_colour: str, t: float) -> str:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(v + (255 - v) * t):02X}" for v in rgb)


def _n(value: float) -> str:
    """A coordinate, short: 12.5, 12 (not 12.0)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _card(parent: ET.Element, n: Mapping[str, Any], g: Mapping[str, Any], sem: str) -> None:
    kind = str(n.get("kind") or "Statement")
    k = KINDS.get(kind, KINDS["Statement"])
    st = _status(n, sem)
    strength = n.get("strength")
    strength = (
        max(0.0, min(1.0, float(strength)))
        if isinstance(strength, int | float) and math.isfinite(strength)
        else None
    )
    border_width = 2.0 if strength is None else 1 + 4 * strength
    main = bool(n.get("main"))
    if main:
        border_width = max(border_width, 4) + 2
    fill, border, band, ink = (
        ("#FFFFFF" if n.get("implicit") else k["fill"]),
        k["border"],
        k["band"],
        INK,
    )
    dash = DASH["implicit"] if n.get("implicit") else None
    if st == "out":
        fill, border, band, ink = _fade(fill, 0.55), "#8A8A8A", "#6B6B6B", "#4A4A4A"
        dash = dash or DASH["out"]
    elif st == "undec":
        fill = _fade(fill, 0.4)
        dash = dash or DASH["undec"]
    kind_text = f"{k['glyph']} {kind.upper()}"
    if main:
        kind_text = f"\u2605 MAIN CONCLUSION \u00b7 {kind.upper()}"
    if n.get("implicit"):
        kind_text += " \u00b7 UNSTATED"
    x0, y0, x1, y1 = _box(n, g)
    w, h = x1 - x0, y1 - y0
    card = ET.SubElement(parent, f"{{{SVG_NS}}}g", {"data-kind": kind})
    clip = f"clip-{n['id']}"
    defs = ET.SubElement(card, f"{{{SVG_NS}}}defs")
    ET.SubElement(
        ET.SubElement(defs, f"{{{SVG_NS}}}clipPath", {"id": clip}),
        f"{{{SVG_NS}}}rect",
        _rect(x0, y0, w, h),
    )
    ET.SubElement(card, f"{{{SVG_NS}}}rect", {**_rect(x0, y0, w, h), "fill": fill})
    inner = ET.SubElement(card, f"{{{SVG_NS}}}g", {"clip-path": f"url(#{clip})"})
    ET.SubElement(
        inner,
        f"{{{SVG_NS}}}rect",
        {"x": _n(x0), "y": _n(y0), "width": _n(w), "height": _n(g["band"]), "fill": band},
    )
    if strength is not None:
        ET.SubElement(
            inner,
            f"{{{SVG_NS}}}rect",
            {
                "x": _n(x0),
                "y": _n(y1 - 4),
                "width": _n(w * strength),
                "height": "4",
                "fill": "#8A8A8A" if st == "out" else k["band"],
            },
        )
    outline = {**_rect(x0, y0, w, h), "fill": "none", "stroke": border}
    outline["stroke-width"] = _n(border_width)
    if dash:
        outline["stroke-dasharray"] = " ".join(str(d) for d in dash)
    ET.SubElement(card, f"{{{SVG_NS}}}rect", outline)
    band_y = _n(y0 + g["band"] / 2 + 4)
    status_text = STATUS_BAND.get(st or "", "")
    band_text = ET.SubElement(
        card,
        f"{{{SVG_NS}}}text",
        {"x": _n(x0 + 8), "y": band_y, "fill": "#FFFFFF", "font-size": "11", "font-weight": "bold"},
    )
    band_text.text = _fit(
        kind_text, w - 16 - (text_width(status_text, BAND_FONT) + 12 if status_text else 0)
    )
    if status_text:
        ET.SubElement(
            card,
            f"{{{SVG_NS}}}text",
            {
                "x": _n(x1 - 8),
                "y": band_y,
                "fill": "#FFFFFF",
                "font-size": "11",
                "font-weight": "bold",
                "text-anchor": "end",
            },
        ).text = status_text
    font, line = (g["mainFont"], g["mainLine"]) if main else (g["font"], g["line"])
    label = str(n.get("label") or n.get("text") or n["id"])
    lines = wrap_label(label, w - 2 * g["padding"], font)
    room = h - g["band"] - 2 * g["padding"]
    while len(lines) * line > room and font > 12:
        font -= 1
        line = round(font * 1.25)
        lines = wrap_label(label, w - 2 * g["padding"], font)
    text = ET.SubElement(
        card,
        f"{{{SVG_NS}}}text",
        {"text-anchor": "middle", "font-size": _n(font), "fill": ink},
    )
    first = y0 + g["band"] + (h - g["band"] - len(lines) * line) / 2
    cx = (x0 + x1) / 2
    for i, words in enumerate(lines):
        span = ET.SubElement(
            text,
            f"{{{SVG_NS}}}tspan",
            {"x": _n(cx), "y": _n(first + line * (i + 0.5) + font * 0.35)},
        )
        span.text = words


def _rect(x: float, y: float, w: float, h: float) -> dict[str, str]:
    return {"x": _n(x), "y": _n(y), "width": _n(w), "height": _n(h), "rx": str(RADIUS)}


def _fit(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` px at the band's size."""
    cut = len(text)
    while (
        cut > 1
        and text_width(text[:cut] + ("\u2026" if cut < len(text) else ""), BAND_FONT) > width
    ):
        cut -= 1
    return text if cut == len(text) else text[:cut] + "\u2026"


def _junction(parent: ET.Element, n: Mapping[str, Any], sem: str) -> None:
    st = _status(n, sem)
    ET.SubElement(
        parent,
        f"{{{SVG_NS}}}circle",
        {
            "cx": _n(float(n.get("x") or 0.0)),
            "cy": _n(float(n.get("y") or 0.0)),
            "r": "8",
            "stroke-width": "2",
            "fill": "#FFFFFF" if st in ("out", "undec") else "#333333",
            "stroke": "#8A8A8A" if st == "out" else "#333333",
        },
    )


def _edge(
    parent: ET.Element,
    e: Mapping[str, Any],
    boxes: Mapping[str, tuple[float, float, float, float]],
    sem: str,
) -> None:
    r = RELATIONS[e["relation"]]
    st = _status(e, sem)
    route = e.get("route")
    points: Sequence[float]
    if isinstance(route, list) and len(route) >= 8 and all(math.isfinite(v) for v in route):
        points = route
    else:
        points = _straight(boxes[e["from"]], boxes[e["to"]])
    dashes = [2, 4] if st == "out" and e["relation"] != "undercut" else r["dashes"]
    width = r["width"] * (0.6 if st == "out" else 1.0)
    attrs = {
        "stroke": r["color"],
        "stroke-width": _n(width),
        "stroke-opacity": "0.45" if st == "out" else "1",
        "data-relation": e["relation"],
    }
    if dashes:
        attrs["stroke-dasharray"] = " ".join(str(d) for d in dashes)
    group = ET.SubElement(parent, f"{{{SVG_NS}}}g", attrs)
    d = f"M{_n(points[0])} {_n(points[1])}"
    for k in range(2, len(points) - 5, 6):
        d += " C" + " ".join(_n(v) for v in points[k : k + 6])
    ET.SubElement(group, f"{{{SVG_NS}}}path", {"d": d})
    x, y, ux, uy = _end(points)
    px, py = -uy, ux
    if r["arrow"] == "arrow":
        tip = [(x, y), (x - ux * 12 + px * 5.4, y - uy * 12 + py * 5.4)]
        tip.append((x - ux * 12 - px * 5.4, y - uy * 12 - py * 5.4))
        ET.SubElement(
            group,
            f"{{{SVG_NS}}}polygon",
            {
                "fill": r["color"],
                "stroke": "none",
                "points": " ".join(f"{_n(a)},{_n(b)}" for a, b in tip),
            },
        )
    elif r["arrow"] == "bar":
        ET.SubElement(
            group,
            f"{{{SVG_NS}}}line",
            {
                "stroke-dasharray": "none",
                "stroke-width": _n(max(3.0, width + 1)),
                "x1": _n(x - ux * 4 + px * 9),
                "y1": _n(y - uy * 4 + py * 9),
                "x2": _n(x - ux * 4 - px * 9),
                "y2": _n(y - uy * 4 - py * 9),
            },
        )


def _end(points: Sequence[float]) -> tuple[float, float, float, float]:
    """Where a route ends and the direction it arrives in (a unit vector)."""
    x, y = points[-2], points[-1]
    for k in range(len(points) - 4, -1, -2):
        dx, dy = x - points[k], y - points[k + 1]
        d = math.hypot(dx, dy)
        if d > 0.5:
            return x, y, dx / d, dy / d
    return x, y, 0.0, -1.0


def _straight(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> list[float]:
    """A straight route from box ``a``'s border to box ``b``'s, as one cubic segment."""
    ax, ay = (a[0] + a[2]) / 2, (a[1] + a[3]) / 2
    bx, by = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2

    def border(
        box: tuple[float, float, float, float], x: float, y: float, dx: float, dy: float
    ) -> tuple[float, float]:
        hw, hh = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
        t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
        return (x + dx * t, y + dy * t) if math.isfinite(t) else (x, y)

    dx, dy = bx - ax, by - ay
    s = border(a, ax, ay, dx, dy)
    t = border(b, bx, by, -dx, -dy)
    return [s[0], s[1], s[0], s[1], t[0], t[1], t[0], t[1]]
