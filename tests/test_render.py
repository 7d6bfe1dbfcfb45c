"""The HTML map: offline, escaped, deterministic, atomic, and working in a real browser."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import graph.render.html as render_module
from graph.errors import ArgmapError
from graph.render import render_html, write_html

EX = "https://example.org/map#"
SCRIPT_XSS = "</script><script>alert(1)</script>"
IMG_XSS = "<img src=x onerror=alert(1)>"
NASTY = f"{SCRIPT_XSS} {IMG_XSS} \"quotes\" 'single' back\\slash & \u2028line\u2029para é 中文"


def _statement(G: nx.DiGraph, local: str, kind: str = "Claim", **attrs: Any) -> str:
    node = EX + local
    data: dict[str, Any] = {
        "kind": kind,
        "label": local.title(),
        "text": f"The statement {local}.",
        "implicit": False,
        "main": False,
        "speakers": (),
        "mentions": (),
        "quotes": (),
    }
    data.update(attrs)
    G.add_node(node, **data)
    return node


def _edge(G: nx.DiGraph, u: str, v: str, relation: str, **attrs: Any) -> None:
    data: dict[str, Any] = {"relation": relation, "inference": None, "scheme": None}
    data["linked"] = False
    data.update(attrs)
    G.add_edge(EX + u, EX + v, **data)


def small_map() -> nx.DiGraph:
    """c <-support- p <-support- pp; a -attack-> p; u -undercut-> c; x -support-> y (apart)."""
    G = nx.DiGraph(title="Umbrellas", source_title="A dialogue", main_conclusions=[EX + "c"])
    _statement(G, "c", "Recommendation", main=True, speakers=("Ann",))
    _statement(G, "p", "Evidence", quotes=("the forecast says rain",), speakers=("Bob",))
    _statement(G, "pp", "Claim", implicit=True)
    _statement(G, "a", "Prediction")
    _statement(G, "u", "Proposal")
    _statement(G, "x", "Statement")
    _statement(G, "y", "Claim")
    _edge(G, "p", "c", "support", inference=EX + "i1", scheme="from sign")
    _edge(G, "pp", "p", "support", inference=EX + "i2")
    _edge(G, "a", "p", "attack")
    _edge(G, "u", "c", "undercut", inference=EX + "i1")
    _edge(G, "x", "y", "support")
    return G


def nasty_map() -> nx.DiGraph:
    """A map whose every text field carries markup that must never run."""
    G = nx.DiGraph(title=IMG_XSS, source_title=SCRIPT_XSS, main_conclusions=[EX + "c"])
    _statement(
        G,
        "c",
        "Claim",
        main=True,
        label=SCRIPT_XSS,
        text=NASTY,
        quotes=(NASTY, IMG_XSS),
        speakers=(IMG_XSS,),
        mentions=(SCRIPT_XSS,),
    )
    _statement(G, "p", "Evidence", label=IMG_XSS, text=IMG_XSS)
    _edge(G, "p", "c", "support", scheme=SCRIPT_XSS, inference=EX + "i1")
    return G


def embedded(page: str, name: str) -> Any:
    found = re.findall(
        rf'<script id="argmap-{name}" type="application/json">(.*?)</script>', page, re.S
    )
    assert len(found) == 1, f"expected one argmap-{name} block"
    return json.loads(found[0])


def by_id(page: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in embedded(page, "nodes")}


# --- offline ------------------------------------------------------------------------


def test_page_references_nothing_remote() -> None:
    page = render_html(small_map())
    tags = re.findall(
        r"<(?:script|link|img|iframe|embed|object|source|audio|video)\b[^>]*>", page, re.I
    )
    remote = [
        t for t in tags if re.search(r"\b(?:src|href|data)\s*=\s*[\"']?\s*(?:https?:)?//", t, re.I)
    ]
    assert remote == []
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", page, re.I)


def test_vis_network_is_inlined_from_pyvis() -> None:
    page = render_html(small_map())
    version = re.search(
        r'<meta name="generator" content="argmap \(pyvis, vis-network ([\d.]+)\)">', page
    )
    assert version is not None
    lib = importlib.resources.files("pyvis") / "lib" / f"vis-{version[1]}"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    assert "new vis.Network(" in page
    # The whole library and its stylesheet sit in the page, not a link to them.
    assert js[: js.index("*/")] in page  # its licence header
    assert js[1000:20000] in page
    assert css[:2000] in page


# --- data ---------------------------------------------------------------------------


def test_every_node_and_edge_is_embedded() -> None:
    G = small_map()
    page = render_html(G)
    nodes = embedded(page, "nodes")
    edges = embedded(page, "edges")
    assert len(nodes) == G.number_of_nodes()
    assert {n["id"] for n in nodes} == set(G.nodes)
    assert {(e["from"], e["to"]) for e in edges} == set(G.edges)
    p = by_id(page)[EX + "p"]["argmap"]
    assert p["quotes"] == ["the forecast says rain"]
    assert p["speakers"] == ["Bob"]
    assert p["kind"] == "Evidence"


def test_edges_are_styled_by_relation() -> None:
    page = render_html(small_map())
    edges = {(e["from"], e["to"]): e for e in embedded(page, "edges")}
    support = edges[EX + "p", EX + "c"]
    attack = edges[EX + "a", EX + "p"]
    undercut = edges[EX + "u", EX + "c"]
    assert [e["argmap"]["relation"] for e in (support, attack, undercut)] == [
        "support",
        "attack",
        "undercut",
    ]
    assert support["color"]["color"] == "#009E73"  # Okabe-Ito bluish green
    assert attack["color"]["color"] == "#D55E00"  # vermillion
    assert undercut["color"]["color"] == "#CC79A7"  # reddish purple
    assert support["dashes"] is False and attack["dashes"] is False
    assert undercut["dashes"]  # a dash pattern
    # Arrows point at the target; attacks are also marked by a crossbar, not colour alone.
    for e in (support, attack, undercut):
        assert e["arrows"]["to"]["enabled"] is True
    assert "middle" not in support["arrows"]
    assert attack["arrows"]["middle"]["type"] == "bar"
    assert support["argmap"]["scheme"] == "from sign"


def test_nodes_are_styled_by_kind_and_role() -> None:
    nodes = by_id(render_html(small_map()))
    shapes = {n["argmap"]["kind"]: n["shape"] for n in nodes.values()}
    assert len(set(shapes.values())) == len(shapes)  # each kind its own shape
    assert nodes[EX + "pp"]["shapeProperties"]["borderDashes"]  # implicit
    assert nodes[EX + "p"]["shapeProperties"]["borderDashes"] is False
    assert nodes[EX + "c"]["borderWidth"] > nodes[EX + "p"]["borderWidth"]  # main


def test_levels_put_the_main_conclusion_on_top() -> None:
    G = small_map()
    page = render_html(G)
    level = {n["id"]: n["level"] for n in embedded(page, "nodes")}
    assert level[EX + "c"] == 0
    assert level[EX + "p"] == 1  # premise of the conclusion, one below
    assert level[EX + "u"] == 1  # undercutter, one below what it undercuts
    assert level[EX + "pp"] == 2  # premise of a premise
    assert level[EX + "a"] == 2  # objection, one below what it attacks
    # Not reachable from the main conclusion: after the deepest level, still hierarchical.
    assert level[EX + "y"] == 3 and level[EX + "x"] == 4
    options = embedded(page, "options")
    assert options["layout"]["hierarchical"]["enabled"] is True
    assert options["layout"]["hierarchical"]["direction"] == "UD"
    assert options["physics"]["enabled"] is False


def test_levels_without_declared_main_conclusions_use_the_main_flag() -> None:
    G = nx.DiGraph()
    _statement(G, "c", main=True)
    _statement(G, "p")
    _edge(G, "p", "c", "support")
    assert render_module.levels(G) == {EX + "c": 0, EX + "p": 1}


def test_levels_terminate_on_cycles() -> None:
    G = nx.DiGraph()
    for name in "abc":
        _statement(G, name)
    _edge(G, "a", "b", "attack")
    _edge(G, "b", "a", "attack")
    _edge(G, "c", "a", "support")
    assert render_module.levels(G) == {EX + "a": 0, EX + "b": 1, EX + "c": 1}


# --- escaping -----------------------------------------------------------------------


def test_markup_in_data_is_never_live_yet_round_trips() -> None:
    G = nasty_map()
    page = render_html(G)
    assert "</script><script>alert" not in page.lower()
    assert "<img src=x" not in page.lower()
    assert "\u2028" not in page and "\u2029" not in page
    nodes = by_id(page)
    c = nodes[EX + "c"]
    assert c["label"] == SCRIPT_XSS
    assert c["argmap"]["text"] == NASTY
    assert c["argmap"]["quotes"] == [NASTY, IMG_XSS]
    assert c["argmap"]["speakers"] == [IMG_XSS]
    assert c["argmap"]["mentions"] == [SCRIPT_XSS]
    assert nodes[EX + "p"]["argmap"]["text"] == IMG_XSS
    assert embedded(page, "edges")[0]["argmap"]["scheme"] == SCRIPT_XSS
    # Heading and source title are shown, escaped.
    assert "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page


def test_title_argument_overrides_and_is_escaped() -> None:
    page = render_html(small_map(), title='Q & "A" <b>')
    assert "<h1>Q &amp; &#34;A&#34; &lt;b&gt;</h1>" in page
    assert "<title>Q &amp; &#34;A&#34; &lt;b&gt;</title>" in page


# --- determinism --------------------------------------------------------------------


def test_same_graph_same_bytes_whatever_the_insertion_order() -> None:
    G = small_map()
    H = nx.DiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    first = render_html(G)
    assert first == render_html(G)
    assert first == render_html(H)


# --- errors -------------------------------------------------------------------------


def test_unknown_relation_names_the_edge() -> None:
    G = small_map()
    _edge(G, "x", "c", "suports")
    with pytest.raises(ArgmapError, match=r"unknown relation 'suports'.*attack, support, undercut"):
        render_html(G)


def test_unknown_kind_names_the_node() -> None:
    G = small_map()
    _statement(G, "z", "Opinion")
    with pytest.raises(ArgmapError, match="unknown statement kind 'Opinion'") as info:
        render_html(G)
    assert info.value.node == EX + "z"


def test_missing_main_conclusion_is_an_error() -> None:
    G = small_map()
    G.graph["main_conclusions"] = [EX + "nowhere"]
    with pytest.raises(ArgmapError, match="main conclusion") as info:
        render_html(G)
    assert info.value.node == EX + "nowhere"


# --- writing ------------------------------------------------------------------------


def test_write_html_writes_the_rendered_page(tmp_path: Path) -> None:
    G = small_map()
    out = write_html(G, tmp_path / "map.html", title="T")
    assert out == tmp_path / "map.html"
    assert out.read_text(encoding="utf-8") == render_html(G, title="T")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_write_html_leaves_existing_file_when_rendering_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(render_module, "render_html", broken)
    with pytest.raises(RuntimeError, match="exploded"):
        write_html(small_map(), target)
    assert target.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_html_leaves_no_partial_file_when_the_move_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.html"
    target.write_text("previous map", encoding="utf-8")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render_module.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_html(small_map(), target)
    assert target.read_text(encoding="utf-8") == "previous map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_write_html_writes_nothing_for_an_invalid_map(tmp_path: Path) -> None:
    G = small_map()
    _edge(G, "x", "c", "bogus")
    with pytest.raises(ArgmapError):
        write_html(G, tmp_path / "map.html")
    assert list(tmp_path.iterdir()) == []


def test_importing_the_package_does_not_import_pyvis() -> None:
    code = "import sys, graph.render; print(sorted({'pyvis', 'jinja2'} & set(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- browser ------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
NO_BROWSER = "no browser: /usr/bin/chromium not found (apt-get install chromium)"


def chromium() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.environ.get("CI") == "true":
        pytest.fail(NO_BROWSER)
    pytest.skip(NO_BROWSER)


NODE_ON_SCREEN = """(id) => {
  const network = window.argmapNetwork;
  const dom = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.querySelector('#map canvas').getBoundingClientRect();
  return {x: box.left + dom.x, y: box.top + dom.y};
}"""


@pytest.mark.browser
def test_page_opens_offline_in_chromium(tmp_path: Path) -> None:
    executable = chromium()
    from playwright.sync_api import Route, sync_playwright

    G = nasty_map()
    _statement(G, "q", "Prediction", text="A plain premise.", speakers=("Cleo",))
    _edge(G, "q", "c", "attack")
    path = write_html(G, tmp_path / "map.html")

    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def only_local(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", only_local)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_selector("#map canvas", timeout=15_000)
            page.wait_for_function("window.argmapNetwork !== undefined", timeout=15_000)
            assert page.evaluate("window.argmapData.nodes.length") == G.number_of_nodes()
            assert page.evaluate("window.argmapData.edges.length") == G.number_of_edges()

            # Click each node where it is drawn: the side panel shows its full text.
            for local, text in (("q", "A plain premise."), ("c", NASTY)):
                at = page.evaluate(NODE_ON_SCREEN, EX + local)
                page.mouse.click(at["x"], at["y"])
                page.wait_for_function(
                    "!document.getElementById('details-body').hidden", timeout=5_000
                )
                assert page.text_content("#details-text") == text

            assert page.text_content("#details-label") == SCRIPT_XSS
            quotes = page.eval_on_selector_all(
                "#details-quotes li", "ls => ls.map(l => l.textContent)"
            )
            assert quotes == [f"\u201c{NASTY}\u201d", f"\u201c{IMG_XSS}\u201d"]
            assert page.text_content("#details-speakers") == IMG_XSS

            # Hovering shows a tooltip built from text, not markup.
            at = page.evaluate(NODE_ON_SCREEN, EX + "c")
            page.mouse.move(at["x"] + 3, at["y"] + 3)
            page.wait_for_selector("div.vis-tooltip .argmap-tip", state="visible", timeout=5_000)
            assert NASTY in (page.text_content("div.vis-tooltip") or "")

            # No markup from the data became an element, and nothing ran.
            assert page.evaluate("document.querySelectorAll('body img').length") == 0
            assert page.evaluate("document.querySelectorAll('script').length") == 5
        finally:
            browser.close()

    assert requests == []
    assert errors == []
    assert dialogs == []
