"""`argmap render --format svg|png`: the whole map as a still image, drawn as the page
draws it (graph/render/image.py)."""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from conftest import ROOT, SMALL_MAP

from graph.cli import main
from graph.pipeline import map_model
from graph.render.image import KINDS, RELATIONS, map_png, map_svg
from graph.store import MapStore

NS = {"s": "http://www.w3.org/2000/svg"}


def needs_cairo() -> None:
    """PNG needs the cairo library: skip without it, but fail in CI (CI=true)."""
    try:
        import cairosvg  # noqa: F401
    except OSError as error:
        message = f"no cairo library ({error}): apt-get install libcairo2"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def parse(svg: str) -> ET.Element:
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(svg.split("\n", 1)[1])


def cards(root: ET.Element) -> list[dict[str, Any]]:
    """Each card drawn: its kind, its outline, the band's texts and its label's lines."""
    out = []
    for g in root.findall("s:g[@data-kind]", NS):
        rects = g.findall("s:rect", NS)
        texts = g.findall("s:text", NS)
        outline = rects[-1]
        out.append(
            {
                "kind": g.get("data-kind"),
                "w": float(outline.get("width") or 0),
                "h": float(outline.get("height") or 0),
                "x": float(outline.get("x") or 0),
                "y": float(outline.get("y") or 0),
                "stroke": outline.get("stroke"),
                "border": float(outline.get("stroke-width") or 0),
                "band": [t.text for t in texts if t.find("s:tspan", NS) is None],
                "lines": [s.text for s in g.findall("s:text/s:tspan", NS)],
                "size": float(g.findall("s:text", NS)[-1].get("font-size") or 0),
            }
        )
    return out


@pytest.fixture(scope="module")
def model(nato: MapStore) -> dict[str, Any]:
    return map_model(nato)


def test_the_svg_draws_every_statement_as_a_card_with_its_label_inside(
    model: dict[str, Any],
) -> None:
    root = parse(map_svg(model))
    statements = [n for n in model["nodes"] if n["type"] == "statement"]
    drawn = cards(root)
    assert len(drawn) == len(statements)
    by_label = {" ".join(c["lines"]): c for c in drawn}
    for n in statements:
        c = by_label[" ".join(n["label"].split())]
        assert (c["w"], c["h"]) == (n["w"], n["h"])
        assert c["kind"] == n["kind"]
        assert any(n["kind"].upper() in (t or "") for t in c["band"])
        status = {"in": "\u2713 IN", "out": "\u2717 OUT", "undec": "? UNDECIDED"}
        assert status[n["status"]["grounded"]] in c["band"]
        assert c["size"] >= 12
        # Inside its card: the label's lines between the band and the foot.
        assert len(c["lines"]) * c["size"] * 1.25 <= c["h"] - 22
    main = next(c for c in drawn if any("MAIN CONCLUSION" in (t or "") for t in c["band"]))
    others = [c for c in drawn if c is not main]
    assert all(main["w"] > c["w"] and main["border"] > c["border"] for c in others)
    assert all(main["size"] > c["size"] for c in others)
    # No two cards overlap.
    for i, a in enumerate(drawn):
        for b in drawn[i + 1 :]:
            apart = (
                a["x"] + a["w"] <= b["x"]
                or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"]
                or b["y"] + b["h"] <= a["y"]
            )
            assert apart, (a["lines"], b["lines"])


def test_the_svg_draws_every_argument_edge_with_its_head(model: dict[str, Any]) -> None:
    root = parse(map_svg(model))
    drawn = root.findall("s:g/s:g[@data-relation]", NS)
    expected = [e for e in model["edges"] if e["relation"] in RELATIONS]
    assert len(drawn) == len(expected)
    for g in drawn:
        relation = g.get("data-relation")
        assert g.get("stroke") == RELATIONS[str(relation)]["color"]
        path = g.find("s:path", NS)
        assert path is not None and re.fullmatch(r"M[-\d. ]+( C[-\d. ]+)+", path.get("d") or "")
        head = {"arrow": "polygon", "bar": "line", None: None}[RELATIONS[str(relation)]["arrow"]]
        if head:
            assert g.find(f"s:{head}", NS) is not None, relation


def test_statuses_follow_the_chosen_semantics(model: dict[str, Any]) -> None:
    for sem in model["semantics"]:
        root = parse(map_svg(model, semantics=sem))
        band = {" ".join(c["lines"]): c["band"] for c in cards(root)}
        for n in model["nodes"]:
            if n["type"] == "statement":
                label = " ".join(n["label"].split())
                want = {"in": "\u2713 IN", "out": "\u2717 OUT", "undec": "? UNDECIDED"}
                assert want[n["status"][sem]] in band[label], (sem, label)


def test_text_from_the_map_is_drawn_as_text(model: dict[str, Any]) -> None:
    hostile = dict(model)
    hostile["title"] = "<script>alert(1)</script>"
    hostile["nodes"] = [dict(n) for n in model["nodes"]]
    first = next(n for n in hostile["nodes"] if n["type"] == "statement")
    first["label"] = '<img src=x onerror="alert(1)"> & </text>'
    svg = map_svg(hostile)
    root = parse(svg)
    assert root.find(".//s:script", NS) is None and root.find(".//s:img", NS) is None
    assert root.find("s:title", NS) is not None
    assert root.find("s:title", NS).text == "<script>alert(1)</script>"  # type: ignore[union-attr]
    lines = " ".join(" ".join(c["lines"]) for c in cards(root))
    assert '<img src=x onerror="alert(1)"> & </text>' in lines


def test_the_png_is_the_svg_drawn_at_its_scale(model: dict[str, Any]) -> None:
    needs_cairo()
    root = parse(map_svg(model))
    w, h = float(root.get("width") or 0), float(root.get("height") or 0)
    for scale in (1.0, 2.0):
        png = map_png(model, scale=scale)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])
        assert abs(width - w * scale) <= 1 and abs(height - h * scale) <= 1


def test_the_palette_is_the_pages(tmp_path: Path) -> None:
    """The image's colours are those of map.js, so the two look alike."""
    js = (ROOT / "graph" / "render" / "static" / "map.js").read_text(encoding="utf-8")
    for kind, look in KINDS.items():
        line = re.search(rf"^\s+{kind}: \{{(.*)\}},?$", js, re.MULTILINE)
        assert line, kind
        for key in ("band", "border", "fill"):
            assert f'{key}: "{look[key]}"' in line.group(1), (kind, key)
    for relation, look in RELATIONS.items():
        line = re.search(rf"^\s+{relation}: \{{(.*)\}},?$", js, re.MULTILINE)
        assert line, relation
        assert f'color: "{look["color"]}"' in line.group(1)
        assert f"width: {look['width']}," in line.group(1)


@pytest.mark.parametrize(
    ("args", "name", "magic"),
    [
        (["--format", "svg"], "map.svg", b"<?xml"),
        (["--format", "png"], "map.png", b"\x89PNG"),
        ([], "map.svg", b"<?xml"),  # from the extension
        ([], "map.png", b"\x89PNG"),
        ([], "map.html", b"<!DOCTYPE html>"),
    ],
)
def test_render_writes_the_format_asked_for(
    write_map: Callable[..., Path], tmp_path: Path, args: list[str], name: str, magic: bytes
) -> None:
    if name.endswith(".png"):
        needs_cairo()
    source = write_map(SMALL_MAP)
    out = tmp_path / "out" / name
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out}"
    assert out.read_bytes()[: len(magic)].upper() == magic.upper()


def test_render_of_a_bad_map_writes_no_image_and_keeps_the_old_one(
    write_map: Callable[..., Path], tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP.replace("am:supports ex:ban", "am:supports ex:nowhere"))
    out = tmp_path / "map.png"
    out.write_bytes(b"the slide I had")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"the slide I had"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png", "map.ttl", "source.txt"]
