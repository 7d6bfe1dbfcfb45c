"""The HTML map: offline, escaped, deterministic, atomic, and working in a real browser."""

from __future__ import annotations

import importlib.resources
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graph.render.html as render_module
from graph.errors import ArgmapError
from graph.render import render_html, write_html
from graph.render.html import levels, positions
from graph.store import MapStore
from graph.view import statement_graph

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


def test_the_page_carries_the_positions_and_vis_only_draws() -> None:
    G = small_map()
    page = render_html(G)
    at = positions(G)
    assert {n["id"]: (n["x"], n["y"]) for n in embedded(page, "nodes")} == at
    options = embedded(page, "options")
    assert options["layout"]["hierarchical"]["enabled"] is False
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


# --- layout -------------------------------------------------------------------------

WORDS = ["NATO", "will", "not", "intervene", "but", "assist", "Ukraine", "a", "of", "the"]
WORDS += ["sanctions", "no-fly", "zone", "internationalisation", "Biden:", "wider", "war"]


def fan(reasons: int) -> nx.DiGraph:
    """A main conclusion with ``reasons`` direct reasons, like the NATO map's first level."""
    G = nx.DiGraph(title="Fan", main_conclusions=[EX + "c"])
    _statement(G, "c", "Claim", main=True, label="The conclusion everything here is about")
    kinds = ["Evidence", "Claim", "Proposal"]
    for i in range(reasons):
        label = f"Reason {i}, with a label of the usual length"
        _statement(G, f"r{i:02d}", kinds[i % len(kinds)], label=label)
        _edge(G, f"r{i:02d}", "c", "attack" if i % 5 == 4 else "support")
    return G


def reversed_copy(G: nx.DiGraph) -> nx.DiGraph:
    H = nx.DiGraph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(data=True))))
    return H


Box = tuple[float, float, float, float]


def estimated_boxes(G: nx.DiGraph) -> dict[str, Box]:
    """(left, top, right, bottom) of every node, by the layout's own size estimate.

    The browser test ``test_drawn_nodes_stay_inside_their_estimated_boxes`` checks
    that estimate against what vis really draws.
    """
    boxes: dict[str, Box] = {}
    for node, (x, y) in positions(G).items():
        size = render_module._node_box(G, node)
        boxes[node] = (x - size.width / 2, y - size.up, x + size.width / 2, y + size.down)
    return boxes


def overlapping(boxes: dict[str, Box]) -> list[tuple[str, str]]:
    return [
        (a, b)
        for a, b in itertools.combinations(sorted(boxes), 2)
        if boxes[a][0] < boxes[b][2]
        and boxes[b][0] < boxes[a][2]
        and boxes[a][1] < boxes[b][3]
        and boxes[b][1] < boxes[a][3]
    ]


def check_layout(G: nx.DiGraph, *, tree: bool) -> dict[str, tuple[float, float]]:
    """What every layout must do; ``tree``: every edge leads one level up."""
    at = positions(G)
    assert positions(reversed_copy(G)) == at
    level = levels(G)
    main = set(G.graph["main_conclusions"])
    for m in main:
        assert all(at[m][1] < at[n][1] for n in G.nodes if n not in main)
    for reason, target in G.edges:
        if tree or level[reason] > level[target]:
            assert at[reason][1] > at[target][1], (reason, target)
    assert overlapping(estimated_boxes(G)) == []
    return at


def test_positions_are_deterministic_and_come_sorted(nato: MapStore) -> None:
    G = statement_graph(nato)
    at = positions(G)
    assert at == positions(G) == positions(reversed_copy(G))
    assert list(at) == sorted(G.nodes)
    assert all(isinstance(v, float) for xy in at.values() for v in xy)


def test_small_map_layout() -> None:
    at = check_layout(small_map(), tree=True)
    assert at[EX + "c"] == (0.0, 0.0)
    # Reasons under their conclusion, supports left of attacks: p, then a, under p.
    assert at[EX + "pp"][0] < at[EX + "a"][0]
    assert at[EX + "p"][0] < at[EX + "u"][0]  # support before undercut


def test_nato_layout(nato: MapStore) -> None:
    G = statement_graph(nato)
    at = check_layout(G, tree=False)
    level = levels(G)
    # Its first level has 15 reasons: too many for one row, so they wrap into rows.
    first = [n for n in G if level[n] == 1]
    assert len(first) > 7
    assert len({at[n][1] for n in first}) > 1
    xs = [at[n][0] for n in first]
    assert max(xs) - min(xs) < 1400


def test_a_wide_level_wraps_into_staggered_rows() -> None:
    G = fan(20)
    nodes = by_id(render_html(G))
    check_layout(G, tree=True)
    reasons = [n for id_, n in nodes.items() if id_ != EX + "c"]
    rows = sorted({n["y"] for n in reasons})
    assert 2 <= len(rows) <= 5
    boxes = estimated_boxes(G).values()
    assert max(b[2] for b in boxes) - min(b[0] for b in boxes) < 1600
    # Staggered: no two rows share a column, so edges from above pass between.
    columns = [{n["x"] for n in reasons if n["y"] == y} for y in rows]
    assert all(not a & b for a, b in itertools.combinations(columns, 2))
    # A level that fits in one row stays one row.
    small = [n for id_, n in by_id(render_html(fan(6))).items() if id_ != EX + "c"]
    assert len({n["y"] for n in small}) == 1


def test_a_new_reason_moves_no_other_statement_of_the_nato_map(nato: MapStore) -> None:
    G = statement_graph(nato)
    before = positions(G)
    target = next(n for n in G if n.endswith("#british-officer-warning"))
    new = target.replace("british-officer-warning", "second-officer")
    G.add_node(new, kind="Evidence", label="A second officer agrees", text="He agrees.")
    G.add_edge(new, target, relation="support")
    after = positions(G)
    assert {n: after[n] for n in before} == before
    assert after[new][1] > after[target][1]


def test_a_new_reason_leaves_unrelated_subtrees_in_place() -> None:
    G = nx.DiGraph(main_conclusions=[EX + "c"])
    _statement(G, "c", main=True)
    for parent in "abde":
        _statement(G, parent, "Evidence")
        _edge(G, parent, "c", "support")
        for i in (1, 2):
            _statement(G, f"{parent}{i}")
            _edge(G, f"{parent}{i}", parent, "support")
    for i in (1, 2):
        _statement(G, f"e{i}x", "Prediction")
        _edge(G, f"e{i}x", f"e{i}", "attack")
    before = check_layout(G, tree=True)
    _statement(G, "a3")
    _edge(G, "a3", "a", "support")
    after = check_layout(G, tree=True)
    moved = {n.removeprefix(EX) for n in before if after[n] != before[n]}
    # The newcomer may push its neighbours on its level, not the subtrees further away.
    assert moved <= {"a1", "a2", "b1", "b2"}
    assert after[EX + "a3"][1] > after[EX + "a"][1]


@st.composite
def argument_trees(draw: st.DrawFn) -> nx.DiGraph:
    """A main conclusion and up to 30 statements, each a reason for an earlier one."""
    G = nx.DiGraph(main_conclusions=[EX + "s00"])
    for i in range(draw(st.integers(1, 30))):
        kind = draw(st.sampled_from(sorted(render_module.NODE_STYLES)))
        label = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=10)))
        _statement(G, f"s{i:02d}", kind, label=label, main=i == 0)
        if i:
            target = draw(st.integers(0, i - 1))
            relation = draw(st.sampled_from(["support", "attack", "undercut"]))
            _edge(G, f"s{i:02d}", f"s{target:02d}", relation)
    return G


@settings(max_examples=60, deadline=None, database=None)
@given(argument_trees(), st.data())
def test_layout_of_random_trees(G: nx.DiGraph, data: st.DataObject) -> None:
    before = check_layout(G, tree=True)
    # A new leaf moves nothing on the levels above its own.
    target = data.draw(st.sampled_from(sorted(G.nodes)))
    _statement(G, "new", "Claim", label="A new reason")
    _edge(G, "new", target.removeprefix(EX), "support")
    after = positions(G)
    level = levels(G)
    above = [n for n in before if level[n] < level[EX + "new"]]
    assert {n: after[n] for n in above} == {n: before[n] for n in above}


@settings(max_examples=60, deadline=None, database=None)
@given(argument_trees(), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29))))
def test_layout_of_random_graphs(G: nx.DiGraph, extra: list[tuple[int, int]]) -> None:
    # Edges across and up the tree, cycles, and statements cut off from the main one.
    for u, v in extra:
        if u != v and EX + f"s{u:02d}" in G and EX + f"s{v:02d}" in G:
            _edge(G, f"s{u:02d}", f"s{v:02d}", "attack")
    for reason, target in [e for e in G.edges if e[1] == EX + "s00"][:1]:
        G.remove_edge(reason, target)
    check_layout(G, tree=False)


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


ON_SCREEN = """() => {
  const network = window.argmapNetwork;
  const canvas = document.querySelector('#map canvas').getBoundingClientRect();
  const ids = window.argmapData.nodes.getIds();
  const at = network.getPositions(ids);
  const out = {};
  for (const id of ids) {
    const dom = network.canvasToDOM(at[id]);
    out[id] = {x: canvas.left + dom.x, y: canvas.top + dom.y};
  }
  return {canvas: {left: canvas.left, top: canvas.top, right: canvas.right,
                   bottom: canvas.bottom}, nodes: out};
}"""

VIEW = "({scale: argmapNetwork.getScale(), at: argmapNetwork.getViewPosition()})"

DRAWN_BOXES = """async () => {
  const network = window.argmapNetwork;
  network.fit({animation: false});  // every node drawn, so vis measures every label
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const out = {};
  for (const id of window.argmapData.nodes.getIds()) {
    const b = network.getBoundingBox(id);
    out[id] = [b.left, b.top, b.right, b.bottom];
  }
  return out;
}"""


@contextmanager
def opened(path: Path, errors: list[str]) -> Iterator[Any]:
    """The page at ``path`` in headless Chromium at 1400x900, the network loaded."""
    executable = chromium()
    from playwright.sync_api import Route, sync_playwright

    def only_local(route: Route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            errors.append(f"request to {route.request.url}")
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", only_local)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(path.as_uri())
            page.wait_for_function("window.argmapNetwork !== undefined", timeout=15_000)
            yield page
        finally:
            browser.close()


@pytest.mark.browser
def test_the_nato_map_opens_readable(nato: MapStore, tmp_path: Path) -> None:
    G = statement_graph(nato)
    path = write_html(G, tmp_path / "nato.html")
    font = min(n["font"]["size"] for n in embedded(path.read_text(encoding="utf-8"), "nodes"))
    main = G.graph["main_conclusions"][0]
    reasons = [n for n in G if levels(G)[n] == 1]
    errors: list[str] = []
    with opened(path, errors) as page:
        first = page.evaluate(VIEW)
        assert first["scale"] >= 0.55
        assert font * first["scale"] >= 14  # every label drawn at 14 px or more

        # The main conclusion near the top, centred, and all its reasons in view.
        seen = page.evaluate(ON_SCREEN)
        canvas, nodes = seen["canvas"], seen["nodes"]
        middle = (canvas["left"] + canvas["right"]) / 2
        assert abs(nodes[main]["x"] - middle) < 5
        assert canvas["top"] < nodes[main]["y"] < canvas["top"] + 150
        for n in reasons:
            assert canvas["left"] < nodes[n]["x"] < canvas["right"], n
            assert canvas["top"] < nodes[n]["y"] < canvas["bottom"], n

        # Elsewhere, then back with the keyboard: the reset button restores the view.
        page.evaluate("argmapNetwork.moveTo({position: {x: 4000, y: -900}, scale: 0.2})")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "reset-view":
                break
        assert page.evaluate("document.activeElement.tagName") == "BUTTON"
        page.keyboard.press("Enter")
        back = page.evaluate(VIEW)
        assert back["scale"] == pytest.approx(first["scale"])
        assert back["at"]["x"] == pytest.approx(first["at"]["x"], abs=0.5)
        assert back["at"]["y"] == pytest.approx(first["at"]["y"], abs=0.5)

        # As drawn, no two statements overlap.
        assert overlapping(page.evaluate(DRAWN_BOXES)) == []
    assert errors == []


AWKWARD_LABELS = [
    "x",
    "NATO will will NATO will will will intervene",
    "mmmm mmmm mmmm mmmm mmmm mmmm mmmm mmmm",
    "WWWWWWWWWWWWWWWWWWWWWWWWWW",
    "internationalisation of antidisestablishmentarianism",
    "中文的标签很长很长很长很长很长很长很长",
    "line one\nline two\nline three",
    "Preventing harm to children outweighs convenience and the rest of what we care about",
]


@pytest.mark.browser
def test_drawn_nodes_stay_inside_their_estimated_boxes(tmp_path: Path) -> None:
    G = nx.DiGraph(main_conclusions=[EX + "main"])
    _statement(G, "main", "Statement", main=True, label=AWKWARD_LABELS[-1])
    for i, (kind, label) in enumerate(itertools.product(render_module.NODE_STYLES, AWKWARD_LABELS)):
        _statement(G, f"n{i:02d}", kind, label=label)
        _edge(G, f"n{i:02d}", "main", "support")
    estimated = estimated_boxes(G)
    errors: list[str] = []
    with opened(write_html(G, tmp_path / "awkward.html"), errors) as page:
        drawn = page.evaluate(DRAWN_BOXES)
    assert overlapping(drawn) == []
    for node, (left, top, right, bottom) in drawn.items():
        e = estimated[node]
        assert e[0] <= left and right <= e[2], (G.nodes[node]["label"], e, drawn[node])
        assert e[1] <= top and bottom <= e[3], (G.nodes[node]["label"], e, drawn[node])
    assert errors == []


@pytest.mark.browser
def test_a_small_map_opens_fitted_whole(tmp_path: Path) -> None:
    path = write_html(small_map(), tmp_path / "small.html")
    errors: list[str] = []
    with opened(path, errors) as page:
        # All of it in view, at a readable scale, and never magnified past 1.
        assert 0.6 <= page.evaluate(VIEW)["scale"] <= 1.0
        seen = page.evaluate(ON_SCREEN)
        canvas = seen["canvas"]
        for at in seen["nodes"].values():
            assert canvas["left"] < at["x"] < canvas["right"]
            assert canvas["top"] < at["y"] < canvas["bottom"]
    assert errors == []
