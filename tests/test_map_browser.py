"""The interactive map page, driven in real headless browsers: Chromium and Firefox.

The page is ``graph/render/templates/map.html`` with ``static/map.js`` and
``static/map.css``, filled here with jinja2 from JSON fixtures that follow the page data
contract (``tests/fixtures/map/``), exactly as the renderer fills it: ``title``,
``data_json``, ``vis_js``, ``vis_css``, ``app_js``, ``app_css``. Every test opens the page
from disk with every request that is not ``file:``, ``data:`` or ``about:`` recorded and
aborted, and checks that none was made and that nothing was logged as an error.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from conftest import BINS_MAP

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
RENDER = HERE.parent / "graph" / "render"
FIXTURES = HERE / "fixtures" / "map"
ARTIFACTS = HERE / "artifacts"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
NO_BROWSER = "no browser: /usr/bin/chromium not found (apt-get install chromium)"
FIREFOX = "/usr/bin/firefox-esr"
NO_FIREFOX = "no browser: /usr/bin/firefox-esr not found (apt-get install firefox-esr)"
LOCAL = ("file:", "data:", "about:")

SCRIPT_XSS = "<script>window.__pwned=1</script>"
IMG_XSS = '<img src=x onerror="window.__pwned=1">'
QUOTES_XSS = "\"'`</script>"

# --- rendering -----------------------------------------------------------------------

# Inside <script>, only these can end the element or confuse the HTML tokenizer; as
# JSON string escapes they are inert and parse back to the same text.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def render_page(data: dict[str, Any], path: Path) -> Path:
    """Fill the template with exactly the contract's variables; write it to ``path``."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    vis = resources.files("pyvis") / "lib" / "vis-9.1.2"
    vis_js = (vis / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis / "vis-network.css").read_text(encoding="utf-8")
    # As the renderer does: inline code must not end its own element.
    vis_js = re.sub(r"</(script)", r"<\\/\1", vis_js, flags=re.IGNORECASE).replace("<!--", "<\\!--")
    env = Environment(
        loader=FileSystemLoader(RENDER / "templates"), autoescape=True, undefined=StrictUndefined
    )
    page = env.get_template("map.html").render(
        title=data["title"],
        data_json=Markup(script_json(data)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        app_js=Markup((RENDER / "static" / "map.js").read_text(encoding="utf-8")),
        app_css=Markup((RENDER / "static" / "map.css").read_text(encoding="utf-8")),
    )
    path.write_text(page, encoding="utf-8")
    return path


def load_fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def big_map(count: int = 5000, *, fold: bool = True) -> dict[str, Any]:
    """A generated map of ``count`` statements: a 4-ary tree of reasons and objections.

    Every seventh conclusion has its first two reasons linked through a junction, which
    its fourth child undercuts; every statement quotes its own sentence of a generated
    source and is said by one of 25 actors. With ``fold`` the statements below level 2
    are marked hidden, as the renderer marks a large map.
    """
    kinds = ["Claim", "Evidence", "Proposal", "Prediction", "Recommendation", "Statement"]
    sems = ["grounded", "complete", "preferred", "stable"]
    labels = ["in", "out", "undec"]
    sentences: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for i in range(count):
        s = f"Statement {i} argues that point {i} matters for case {i % 97}."
        sentences.append(s)
        spans.append((at, at + len(s)))
        at += len(s) + 1
    text = " ".join(sentences)
    depth = [0] * count
    for i in range(1, count):
        depth[i] = depth[(i - 1) // 4] + 1
    per_level: dict[int, list[int]] = {}
    for i in range(count):
        per_level.setdefault(depth[i], []).append(i)
    place: dict[int, tuple[float, float]] = {}
    for d, members in per_level.items():
        for k, i in enumerate(members):
            place[i] = ((k - (len(members) - 1) / 2) * 220.0, d * 260.0)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    junction_of: dict[int, str] = {}
    for p in range(count):
        if p % 7 == 3 and 4 * p + 2 < count:
            junction_of[p] = f"j{p}"

    def node(i: int) -> dict[str, Any]:
        parent = None if i == 0 else (i - 1) // 4
        linked = (
            parent is not None and parent in junction_of and i in (4 * parent + 1, 4 * parent + 2)
        )
        x, y = place[i]
        return {
            "id": f"s{i}",
            "iri": f"https://example.org/big#s{i}",
            "type": "statement",
            "kind": kinds[i % len(kinds)],
            "label": f"Point {i}",
            "text": sentences[i],
            "implicit": i % 13 == 5,
            "main": i == 0,
            "level": depth[i],
            "x": x,
            "y": y,
            "speakers": [f"Speaker {i % 25}"],
            "mentions": [],
            "role": None,
            "quotes": [{"exact": sentences[i], "start": spans[i][0], "end": spans[i][1]}],
            "status": {s: labels[(i + k) % 3] if i % 4 == 3 else "in" for k, s in enumerate(sems)},
            "strength": (i % 10) / 10,
            "scheme": None,
            "inference": None,
            "parent": None if parent is None else (junction_of[parent] if linked else f"s{parent}"),
            "hidden": fold and depth[i] > 2,
        }

    nodes = [node(i) for i in range(count)]
    scheme = {"label": "argument from sign", "questions": ["Is the sign reliable?"]}
    for p, j in junction_of.items():
        x, y = place[p]
        nodes.append(
            {
                "id": j,
                "iri": f"https://example.org/big#inf{p}",
                "type": "junction",
                "kind": None,
                "label": "",
                "text": "",
                "implicit": False,
                "main": False,
                "level": depth[p] + 1,
                "x": x,
                "y": y + 130.0,
                "speakers": [],
                "mentions": [],
                "role": None,
                "quotes": [],
                "status": {s: "in" for s in sems},
                "strength": None,
                "scheme": scheme,
                "inference": f"https://example.org/big#inf{p}",
                "parent": f"s{p}",
                "hidden": fold and depth[p] + 1 > 2,
            }
        )
        edges.append(
            {
                "from": j,
                "to": f"s{p}",
                "relation": "support",
                "scheme": scheme,
                "inference": f"https://example.org/big#inf{p}",
                "status": None,
            }
        )
    for i in range(1, count):
        p = (i - 1) // 4
        if p in junction_of and i in (4 * p + 1, 4 * p + 2):
            edges.append({"from": f"s{i}", "to": junction_of[p], "relation": "premise"})
        elif p in junction_of and i == 4 * p + 4:
            edges.append({"from": f"s{i}", "to": junction_of[p], "relation": "undercut"})
        else:
            edges.append(
                {"from": f"s{i}", "to": f"s{p}", "relation": "attack" if i % 5 == 4 else "support"}
            )
    for a in range(25):
        nodes.append(
            {
                "id": f"a{a}",
                "iri": f"https://example.org/big#a{a}",
                "type": "actor",
                "kind": None,
                "label": f"Speaker {a}",
                "text": f"Speaker {a}",
                "implicit": False,
                "main": False,
                "level": 0,
                "x": -3000.0,
                "y": a * 90.0,
                "speakers": [],
                "mentions": [],
                "role": "speaker",
                "quotes": [],
                "status": {},
                "strength": None,
                "scheme": None,
                "inference": None,
                "parent": None,
                "hidden": False,
            }
        )
    for i in range(count):
        edges.append({"from": f"a{i % 25}", "to": f"s{i}", "relation": "said"})
    for k, e in enumerate(edges):
        e["id"] = f"e{k}"
        e.setdefault("inference", None)
        e.setdefault("scheme", None)
        e.setdefault("status", None)
    return {
        "title": f"A generated map of {count} statements",
        "semantics": sems,
        "defaultSemantics": "grounded",
        "source": {"title": "Generated text", "text": text},
        "large": True,
        "nodes": nodes,
        "edges": edges,
    }


def initially_shown(data: dict[str, Any]) -> set[str]:
    """The nodes the page must show at first: no actors, nothing marked hidden."""
    return {n["id"] for n in data["nodes"] if n["type"] != "actor" and not n["hidden"]}


def by_iri(data: dict[str, Any], local: str) -> dict[str, Any]:
    return next(n for n in data["nodes"] if n["iri"].endswith("#" + local))


# --- the browser -----------------------------------------------------------------------


def installed(executable: str, missing: str) -> str:
    if os.access(executable, os.X_OK):
        return executable
    if os.environ.get("CI") == "true":
        pytest.fail(missing)
    pytest.skip(missing)


def firefox_launcher(folder: Path) -> Path:
    """An executable that starts Firefox ESR behind tests/firefox_relay.py (see there)."""
    firefox = installed(FIREFOX, NO_FIREFOX)
    launcher = folder / "firefox"
    relay = HERE / "firefox_relay.py"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{relay}" "{firefox}" "$@"\n')
    launcher.chmod(0o755)
    return launcher


@pytest.fixture(scope="module", params=["chromium", "firefox"])
def browser(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """Debian's Chromium (over CDP) and Debian's Firefox ESR (over WebDriver BiDi)."""
    from playwright.sync_api import sync_playwright

    if request.param == "chromium":
        executable = installed(CHROMIUM, NO_BROWSER)
    else:
        launcher = firefox_launcher(tmp_path_factory.mktemp("firefox"))
    with sync_playwright() as p:
        if request.param == "chromium":
            b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        else:
            b = p.firefox.launch(channel="moz-firefox", executable_path=str(launcher))
        try:
            yield b
        finally:
            b.close()


@dataclass
class Opened:
    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    seconds: float = 0.0


@contextmanager
def opened(
    browser: Any,
    path: Path,
    *,
    width: int = 1400,
    height: int = 900,
    first_view: bool = False,
    touch: bool = False,
) -> Iterator[Opened]:
    """The page at ``path``, ready; afterwards, no request was made and no error logged.

    Unless ``first_view``, the whole map is unfolded and fitted first (the tests of
    what the map does, rather than of how it opens, start from the whole map).
    """
    from playwright.sync_api import Route

    mobile = touch and browser.browser_type.name != "firefox"
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=mobile
    )
    page = context.new_page()
    seen = Opened(page)

    def only_local(route: Route) -> None:
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            seen.requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else seen.requests.append(r.url))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))

    def dialog(d: Any) -> None:
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    try:
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function(
            "window.argmap !== undefined && window.argmap.ready === true", timeout=30_000
        )
        seen.seconds = time.perf_counter() - start
        if not first_view:
            page.evaluate("argmap.showWhole(); argmap.resetView()")
        yield seen
        assert seen.errors == []
        assert sorted(set(seen.requests)) == []
        assert seen.dialogs == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("map")
    nato = load_fixture("nato.json")
    sourceless = dict(nato, source=None)
    return {
        "nato": render_page(nato, out / "nato.html"),
        "xss": render_page(load_fixture("xss.json"), out / "xss.html"),
        "sourceless": render_page(sourceless, out / "sourceless.html"),
    }


@pytest.fixture(scope="module")
def nato() -> dict[str, Any]:
    return load_fixture("nato.json")


@pytest.fixture
def nato_page(browser: Any, pages: dict[str, Path]) -> Iterator[Any]:
    with opened(browser, pages["nato"]) as seen:
        yield seen.page


SHOWN_IDS = "() => argmap.visibleIds().sort()"
DRAWN_COUNT = "() => argmap.network.body.nodeIndices.length"


def shown(page: Any) -> set[str]:
    return set(page.evaluate(SHOWN_IDS))


def card(page: Any, node_id: str) -> dict[str, Any]:
    """How the page draws a statement's card (``argmap.look``): size, label lines, band."""
    got: dict[str, Any] = page.evaluate("(id) => argmap.look(id)", node_id)
    return got


def node_options(page: Any, node_id: str) -> dict[str, Any]:
    options: dict[str, Any] = page.evaluate("(id) => argmap.nodes.get(id)", node_id)
    return options


def screen_point(page: Any, node_id: str) -> dict[str, float]:
    """Bring a node into view and return where it is drawn, in page coordinates."""
    point: dict[str, float] = page.evaluate(
        """(id) => {
          const network = argmap.network;
          network.moveTo({position: network.getPositions([id])[id], scale: 1, animation: false});
          const dom = network.canvasToDOM(network.getPositions([id])[id]);
          const box = document.querySelector('#map canvas').getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node_id,
    )
    page.wait_for_timeout(50)  # one frame, so vis has drawn where it says
    return point


def click_node(page: Any, node_id: str) -> None:
    at = screen_point(page, node_id)
    page.mouse.click(at["x"], at["y"])


def details(page: Any) -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(
        """() => {
          const body = document.getElementById('details-body');
          const text = (sel) => Array.from(body.querySelectorAll(sel)).map((e) => e.textContent);
          const status = {};
          body.querySelectorAll('table.status-table tbody tr').forEach((tr) => {
            status[tr.dataset.semantics] = tr.querySelector('td').textContent;
          });
          return {hidden: body.hidden, id: body.dataset.id || null,
                  label: text('h2.label')[0] || null, text: text('p.text')[0] || null,
                  quotes: text('button.quote'), questions: text('ol.questions li'),
                  scheme: text('p.scheme')[0] || null, status: status,
                  supporters: text('ul.supporters button'), attackers: text('ul.attackers button'),
                  speakers: text('p.speakers')[0] || null};
        }"""
    )
    return info


STATUS_TEXT = {"in": "in (accepted)", "out": "\u2717 out (rejected)", "undec": "? undecided"}


# --- opening ----------------------------------------------------------------------------


def test_nato_map_opens_offline_with_every_visible_node_drawn(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    with opened(browser, pages["nato"]) as seen:
        page = seen.page
        expected = initially_shown(nato)
        assert shown(page) == expected
        assert page.evaluate(DRAWN_COUNT) == len(expected)
        assert page.evaluate("argmap.nodes.length") == len(nato["nodes"])
        # Edges among the drawn nodes, but not the actor layer's.
        drawn_edges = page.evaluate("argmap.drawnEdges()")
        assert drawn_edges == sorted(
            e["id"]
            for e in nato["edges"]
            if e["from"] in expected
            and e["to"] in expected
            and e["relation"] not in ("said", "mentions")
        )
        # The controls reflect the data.
        assert (
            page.eval_on_selector_all("#semantics option", "os => os.map(o => o.value)")
            == nato["semantics"]
        )
        assert page.input_value("#semantics") == nato["defaultSemantics"]
        assert page.text_content("h1") == nato["title"]
        assert page.title() == nato["title"]
        # The legend names every shape and relation.
        legend = page.text_content("#legend")
        for word in (
            "Claim",
            "Evidence",
            "Proposal",
            "Prediction",
            "Recommendation",
            "main conclusion",
            "unstated",
            "junction",
            "actor",
            "supports",
            "attacks",
            "undercuts",
            "undecided",
        ):
            assert word in legend
        # Not too small to read.
        assert page.evaluate("argmap.network.getScale()") >= 0.6
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map.png"))
        assert (ARTIFACTS / "map.png").stat().st_size > 10_000


def test_visual_language_encodes_kind_status_and_strength(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    band = {"in": "\u2713 IN", "out": "\u2717 OUT", "undec": "? UNDECIDED"}
    sizes = set()
    for n in nato["nodes"]:
        o = node_options(page, n["id"])
        if n["type"] == "statement":
            # Every kind is the same card, its label inside; the kind named in its band.
            assert o["shape"] == "custom", n["id"]
            c = card(page, n["id"])
            assert n["kind"].upper() in c["kind"], n["id"]
            assert c["status"] == band[n["status"]["grounded"]], n["id"]
            assert " ".join(c["lines"]) == " ".join(n["label"].split()), n["id"]
            assert c["size"] >= 12 and len(c["lines"]) * c["lineHeight"] <= c["h"] - 22, n["id"]
            assert (c["w"], c["h"]) == (n["w"], n["h"])
            if n["implicit"]:
                assert c["dash"] == [6, 4] and "UNSTATED" in c["kind"], n["id"]
            if not n["main"]:
                sizes.add(c["w"])
        elif n["type"] == "junction":
            assert (o["shape"], o["size"]) == ("dot", 8)
    assert len(sizes) == 1  # no kind shrinks its card
    main = next(n for n in nato["nodes"] if n["main"])
    weak = min(
        (n for n in nato["nodes"] if n["type"] == "statement" and not n["main"]),
        key=lambda n: n["strength"],
    )
    m = card(page, main["id"])
    assert m["borderWidth"] >= 6 and "MAIN CONCLUSION" in m["kind"]
    assert m["w"] > max(sizes) and m["size"] > card(page, weak["id"])["size"]
    assert card(page, weak["id"])["borderWidth"] < 2
    assert card(page, weak["id"])["strength"] == weak["strength"]
    attack = next(e for e in nato["edges"] if e["relation"] == "attack")
    undercut = next(e for e in nato["edges"] if e["relation"] == "undercut")
    a, u = (page.evaluate("(id) => argmap.edges.get(id)", e["id"]) for e in (attack, undercut))
    assert a["arrows"]["to"]["type"] == "bar" and a["color"]["color"] == "#D55E00"
    assert u["dashes"] and u["color"]["color"] == "#CC79A7"


# --- details and the source pane ------------------------------------------------------


def test_clicking_a_statement_shows_its_details_and_highlights_its_quote(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    n = by_iri(nato, "ukraine-not-member")
    click_node(page, n["id"])
    page.wait_for_function("!document.getElementById('details-body').hidden")
    got = details(page)
    assert got["id"] == n["id"]
    assert got["label"] == n["label"]
    assert got["text"] == n["text"]
    assert got["status"] == {s: STATUS_TEXT[n["status"][s]] for s in nato["semantics"]}
    assert got["quotes"] == [f"\u201c{q['exact']}\u201d" for q in n["quotes"]]
    assert got["speakers"] == ", ".join(n["speakers"])
    # Its reasons and objections, each a link that selects.
    assert by_iri(nato, "membership-bid-causes-strife")["label"] in got["supporters"]
    assert page.evaluate("argmap.network.getSelectedNodes()") == [n["id"]]

    # Its quote is marked in the source pane, and scrolled into view there.
    marks = page.evaluate(
        """(id) => Array.from(document.querySelectorAll('#source-text mark.q.active'))
             .map((m) => ({ids: m.dataset.ids.split(' '), text: m.textContent}))""",
        n["id"],
    )
    assert marks and all(n["id"] in m["ids"] for m in marks)
    assert "".join(m["text"] for m in marks) == n["quotes"][0]["exact"]
    in_view = page.evaluate(
        """() => {
          const pane = document.getElementById('source-pane').getBoundingClientRect();
          const m = document.querySelector('#source-text mark.q.active').getBoundingClientRect();
          return m.top >= pane.top && m.bottom <= pane.bottom;
        }"""
    )
    assert in_view

    # A supporter in the details selects that statement.
    page.get_by_role("button", name=by_iri(nato, "membership-bid-causes-strife")["label"]).click()
    assert details(page)["id"] == by_iri(nato, "membership-bid-causes-strife")["id"]


def test_a_junction_and_a_support_edge_show_their_scheme_and_questions(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    junction = next(n for n in nato["nodes"] if n["type"] == "junction" and n["scheme"])
    click_node(page, junction["id"])
    got = details(page)
    assert got["id"] == junction["id"]
    assert got["scheme"] == junction["scheme"]["label"]
    assert got["questions"] == junction["scheme"]["questions"]
    assert set(got["status"]) == set(nato["semantics"])

    # Click a support edge at the middle of its drawn curve.
    edge = next(
        e
        for e in nato["edges"]
        if e["relation"] == "support"
        and e["scheme"]
        and byid(nato)[e["from"]]["type"] == "statement"
    )
    at = page.evaluate(
        """(id) => {
          const network = argmap.network;
          const point = argmap.edgePoint(id, 0.5);
          network.moveTo({position: point, scale: 1.2, animation: false});
          const dom = network.canvasToDOM(point);
          const box = document.querySelector('#map canvas').getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        edge["id"],
    )
    page.wait_for_timeout(50)
    page.mouse.click(at["x"], at["y"])
    assert page.evaluate("argmap.selectedEdge()") == edge["id"]
    got = details(page)
    assert got["id"] == edge["id"]
    assert got["scheme"] == edge["scheme"]["label"]
    assert got["questions"] == edge["scheme"]["questions"]


def byid(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in data["nodes"]}


def test_clicking_a_passage_selects_the_statements_that_quote_it(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    n = by_iri(nato, "nato-opposes-no-fly-zone")
    mark = page.locator("#source-text mark.q").filter(has_text=n["quotes"][0]["exact"][:30]).first
    assert mark.get_attribute("data-ids") == n["id"]
    mark.click()
    assert page.evaluate("argmap.selected()") == [n["id"]]
    assert page.evaluate("argmap.network.getSelectedNodes()") == [n["id"]]
    assert details(page)["label"] == n["label"]
    assert "active" in (mark.get_attribute("class") or "")

    # Two quotes overlap: the shared words select both statements.
    a, b = by_iri(nato, "membership-explanation"), by_iri(nato, "membership-not-the-reason")
    shared = page.locator(
        f"#source-text mark.q[data-ids='{a['id']} {b['id']}'], "
        f"#source-text mark.q[data-ids='{b['id']} {a['id']}']"
    ).first
    assert "NATO is not intervening" in shared.text_content()
    shared.focus()
    page.keyboard.press("Enter")
    assert sorted(page.evaluate("argmap.selected()")) == sorted([a["id"], b["id"]])
    listed = page.text_content("#details-body")
    assert a["label"] in listed and b["label"] in listed


def test_the_pane_is_left_out_without_a_source(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    with opened(browser, pages["sourceless"]) as seen:
        page = seen.page
        assert page.locator("#source-pane").count() == 0
        click_node(page, by_iri(nato, "ukraine-not-member")["id"])
        assert details(page)["label"] == by_iri(nato, "ukraine-not-member")["label"]


# --- exploration -----------------------------------------------------------------------


def test_search_finds_a_statement_by_a_word_of_its_text(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    n = by_iri(nato, "afghanistan-precedent")
    word = next(
        w for w in re.findall(r"[A-Za-z]{6,}", n["text"]) if w.lower() not in n["label"].lower()
    )
    page.fill("#search", word.upper())
    options = page.locator("#search-results [role=option]")
    assert options.count() >= 1
    texts = options.all_text_contents()
    assert any(n["label"] in t for t in texts)
    for t in texts:  # every result really contains the word
        hit = next(m for m in nato["nodes"] if m["type"] == "statement" and m["label"] in t)
        hay = " ".join([hit["label"], hit["text"], *(q["exact"] for q in hit["quotes"])]).lower()
        assert word.lower() in hay
    options.filter(has_text=n["label"]).first.click()
    assert page.evaluate("argmap.selected()") == [n["id"]]
    assert page.evaluate("argmap.network.getSelectedNodes()") == [n["id"]]
    assert details(page)["label"] == n["label"]

    # Enter picks the first match; a quote's words are searched too.
    page.fill("#search", "full-fledged war")
    page.press("#search", "Enter")
    first = by_iri(nato, "no-fly-zone-escalation")
    assert page.evaluate("argmap.selected()") == [first["id"]]
    assert page.locator("#search-results").is_hidden()


def test_filters_hide_statements_that_do_not_match(nato_page: Any, nato: dict[str, Any]) -> None:
    page = nato_page
    statements = [n for n in nato["nodes"] if n["type"] == "statement"]

    def shown_statements() -> set[str]:
        return {i for i in shown(page) if byid(nato)[i]["type"] == "statement"}

    page.select_option("#filter-kind", "Evidence")
    assert shown_statements() == {n["id"] for n in statements if n["kind"] == "Evidence"}
    page.select_option("#filter-kind", "")
    page.select_option("#filter-speaker", "Joe Biden")
    assert shown_statements() == {n["id"] for n in statements if "Joe Biden" in n["speakers"]}
    page.select_option("#filter-speaker", "")
    page.select_option("#filter-status", "out")
    assert shown_statements() == {n["id"] for n in statements if n["status"]["grounded"] == "out"}
    # The status filter follows the semantics.
    page.select_option("#semantics", "preferred")
    assert shown_statements() == {n["id"] for n in statements if n["status"]["preferred"] == "out"}
    page.select_option("#filter-status", "")
    assert shown(page) == initially_shown(nato)


def test_the_semantics_switch_restyles_nodes(nato_page: Any, nato: dict[str, Any]) -> None:
    page = nato_page
    n = by_iri(nato, "ukraine-wants-to-join")
    assert (n["status"]["grounded"], n["status"]["preferred"]) == ("undec", "out")
    before = card(page, n["id"])
    assert before["status"] == "? UNDECIDED"
    assert before["dash"] == [9, 3, 2, 3]
    page.select_option("#semantics", "preferred")
    after = card(page, n["id"])
    assert after["status"] == "\u2717 OUT"
    assert after["dash"] == [2, 3]
    assert after["border"] == "#8A8A8A" and after["band"] != before["band"]
    assert after["fill"] != before["fill"]
    # The outline and the details say it too.
    assert (
        page.text_content(f"#outline [data-id='{n['id']}']:not(.ref) > .row .st") == "(\u2717 out)"
    )
    page.evaluate("(id) => argmap.select(id)", n["id"])
    assert page.text_content("#details-body tr.current th") == "preferred"


def test_why_highlights_the_support_chain_and_the_deciding_attackers(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    main = next(n for n in nato["nodes"] if n["main"])
    ids = byid(nato)
    # Expected: every reason, transitively, and the attacker of the main conclusion
    # with the statements that defeat it.
    chain = {main["id"]}
    todo = [main["id"]]
    while todo:
        cur = todo.pop()
        for e in nato["edges"]:
            if (
                e["to"] == cur
                and e["relation"] in ("support", "premise")
                and e["from"] not in chain
            ):
                chain.add(e["from"])
                todo.append(e["from"])
    nfz = by_iri(nato, "ukraine-calls-for-no-fly-zone")
    defenders = {
        e["from"] for e in nato["edges"] if e["to"] == nfz["id"] and e["relation"] == "attack"
    }
    # An undercut of one of its inferences attacks it too: that is why that reason fails.
    inferences = {
        e["from"]
        for e in nato["edges"]
        if e["to"] == main["id"] and ids[e["from"]]["type"] == "junction"
    }
    undercutters = {
        e["from"] for e in nato["edges"] if e["to"] in inferences and e["relation"] == "undercut"
    }
    assert undercutters == {by_iri(nato, "membership-not-the-reason")["id"]}
    click_node(page, main["id"])
    page.click("#why")
    lit = {i for i in shown(page) if node_options(page, i)["opacity"] == 1}
    assert lit == chain | {nfz["id"]} | defenders | undercutters
    dimmed = by_iri(nato, "ukraine-seeks-help")
    assert node_options(page, dimmed["id"])["opacity"] < 0.5
    assert ids[dimmed["id"]]["id"] not in lit
    page.click("#clear-highlight")
    assert all(node_options(page, i)["opacity"] == 1 for i in shown(page))


def test_focus_shows_the_neighbourhood_only(nato_page: Any, nato: dict[str, Any]) -> None:
    page = nato_page
    n = by_iri(nato, "nato-opposes-no-fly-zone")
    page.evaluate("(id) => argmap.select(id)", n["id"])
    page.select_option("#focus-hops", "1")
    page.click("#focus")
    near = {n["id"]}
    for e in nato["edges"]:
        if e["relation"] in ("said", "mentions"):
            continue
        if e["to"] == n["id"]:
            near.add(e["from"])
        if e["from"] == n["id"]:
            near.add(e["to"])
    # Crossing a junction costs no step: its premises are one step away.
    for j in [i for i in near if byid(nato)[i]["type"] == "junction"]:
        near |= {e["from"] for e in nato["edges"] if e["to"] == j}
        near |= {e["to"] for e in nato["edges"] if e["from"] == j and e["relation"] == "support"}
    assert shown(page) == near
    page.keyboard.press("Escape")
    assert shown(page) == initially_shown(nato)
    assert page.evaluate("argmap.selected()") == []
    assert page.is_hidden("#details-body")


def test_collapse_hides_a_subtree_and_expand_restores_it(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page

    def under(node_id: str) -> set[str]:
        found: set[str] = set()
        todo = [node_id]
        while todo:
            cur = todo.pop()
            for m in nato["nodes"]:
                if m["parent"] == cur:
                    found.add(m["id"])
                    todo.append(m["id"])
        return found

    n = max(
        (m for m in nato["nodes"] if m["type"] == "statement" and not m["main"]),
        key=lambda m: (len(under(m["id"])), m["id"]),
    )
    below = under(n["id"])
    assert len(below) >= 3
    statements_below = sum(1 for i in below if byid(nato)[i]["type"] == "statement")
    at = screen_point(page, n["id"])
    page.mouse.dblclick(at["x"], at["y"])
    assert not below & shown(page)
    assert shown(page) == initially_shown(nato) - below
    assert card(page, n["id"])["folded"] == statements_below
    # The details offer to expand it again.
    toggle = page.locator("#details-body button.collapse-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert shown(page) == initially_shown(nato)
    assert card(page, n["id"])["folded"] == 0


def test_the_actor_layer_toggles(nato_page: Any, nato: dict[str, Any]) -> None:
    page = nato_page
    actors = {n["id"] for n in nato["nodes"] if n["type"] == "actor"}
    said = {e["id"] for e in nato["edges"] if e["relation"] == "said"}
    assert not actors & shown(page)
    page.check("#show-actors")
    assert actors <= shown(page)
    drawn_edges = set(page.evaluate("argmap.drawnEdges()"))
    assert said <= drawn_edges
    assert page.evaluate(DRAWN_COUNT) == len(initially_shown(nato) | actors)
    page.uncheck("#show-actors")
    assert shown(page) == initially_shown(nato)


def test_force_layout_turns_physics_on_and_back_to_the_computed_layout(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    computed = {n["id"]: (n["x"], n["y"]) for n in nato["nodes"]}
    where = "(ids) => argmap.network.getPositions(ids)"
    page.check("#force-layout")
    assert page.evaluate("argmap.network.physics.physicsEnabled") is True
    page.wait_for_function(
        """(computed) => {
          const at = argmap.network.getPositions(Object.keys(computed));
          return Object.keys(computed).some((id) =>
            Math.hypot(at[id].x - computed[id][0], at[id].y - computed[id][1]) > 20);
        }""",
        arg=computed,
        timeout=10_000,
    )
    page.uncheck("#force-layout")
    assert page.evaluate("argmap.network.physics.physicsEnabled") is False
    back = page.evaluate(where, list(computed))
    for i, (x, y) in computed.items():
        assert back[i]["x"] == pytest.approx(x, abs=1) and back[i]["y"] == pytest.approx(
            y, abs=1
        ), i


def test_reset_view_is_reachable_by_keyboard_and_restores_the_view(nato_page: Any) -> None:
    page = nato_page
    first = page.evaluate(
        "({scale: argmap.network.getScale(), at: argmap.network.getViewPosition()})"
    )
    page.evaluate("argmap.network.moveTo({position: {x: 5000, y: -900}, scale: 0.1})")
    page.focus("#reset-view")
    page.keyboard.press("Enter")
    back = page.evaluate(
        "({scale: argmap.network.getScale(), at: argmap.network.getViewPosition()})"
    )
    assert back["scale"] == pytest.approx(first["scale"])
    assert back["at"]["x"] == pytest.approx(first["at"]["x"], abs=0.5)
    assert back["at"]["y"] == pytest.approx(first["at"]["y"], abs=0.5)
    assert back["scale"] >= 0.6


# --- outline and keyboard ---------------------------------------------------------------


def test_the_outline_is_a_keyboard_tree_with_every_statement(
    nato_page: Any, nato: dict[str, Any]
) -> None:
    page = nato_page
    statements = {n["id"] for n in nato["nodes"] if n["type"] == "statement"}
    tree = page.locator("#outline[role=tree]")
    assert tree.count() == 1
    primary = page.eval_on_selector_all(
        "#outline [role=treeitem][data-type=statement]:not(.ref)", "ls => ls.map(l => l.dataset.id)"
    )
    assert sorted(primary) == sorted(statements)  # each statement once, in full
    main = next(n for n in nato["nodes"] if n["main"])
    first = page.locator("#outline > [role=treeitem]").first
    assert first.get_attribute("data-id") == main["id"]
    assert first.get_attribute("aria-expanded") == "true"
    # The objection to the main conclusion sits below it.
    nfz = by_iri(nato, "ukraine-calls-for-no-fly-zone")
    assert (
        page.locator(f"#outline > [role=treeitem] > [role=group] > [data-id='{nfz['id']}']").count()
        == 1
    )

    # Only one tab stop; the arrow keys move within.
    assert (
        page.eval_on_selector_all("#outline [role=treeitem][tabindex='0']", "ls => ls.length") == 1
    )
    first.focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.dataset.id")
    first_child = page.locator("#outline > [role=treeitem] > [role=group] > [role=treeitem]").first
    assert focused == first_child.get_attribute("data-id")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.id") == main["id"]
    page.keyboard.press("ArrowLeft")
    assert first.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # folded: the next item is not inside it
    assert page.evaluate("document.activeElement.closest('#outline > [role=treeitem]') !== null")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    assert first.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.evaluate("argmap.selected()") == [focused]
    assert page.evaluate("argmap.network.getSelectedNodes()") == [focused]


def test_tab_reaches_every_control_and_escape_clears(nato_page: Any, nato: dict[str, Any]) -> None:
    page = nato_page
    controls = {
        "search",
        "semantics",
        "filter-kind",
        "filter-speaker",
        "filter-status",
        "why",
        "focus",
        "focus-hops",
        "clear-highlight",
        "reset-view",
        "force-layout",
        "show-actors",
    }
    reached: set[str] = set()
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "({id: document.activeElement.id, role: document.activeElement.getAttribute('role'),"
            " tag: document.activeElement.tagName})"
        )
        reached.add(info["id"] or info["role"] or info["tag"])
    assert controls <= reached
    assert "button" in reached  # the marks of the source pane
    assert "treeitem" in reached
    page.evaluate("(id) => argmap.select(id)", next(n for n in nato["nodes"] if n["main"])["id"])
    page.keyboard.press("Escape")
    assert page.evaluate("argmap.selected()") == []
    assert page.evaluate("argmap.network.getSelectedNodes()") == []
    assert page.locator("#source-text mark.active").count() == 0


PRINT_RULES_ON_SCREEN = """() => {
  const rules = [];
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule instanceof CSSMediaRule && rule.media.mediaText.includes('print')) {
        rules.push(...Array.from(rule.cssRules, (inner) => inner.cssText));
      }
    }
  }
  if (rules.length === 0) throw new Error('the page has no @media print rules');
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rules.join('\\n'));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}"""


def test_print_shows_the_outline_and_the_source_not_the_canvas(nato_page: Any) -> None:
    page = nato_page
    page.locator("#outline > [role=treeitem]").first.focus()
    page.keyboard.press("ArrowLeft")  # fold it: print still shows everything
    if page.context.browser.browser_type.name == "firefox":
        # Firefox ESR 153's WebDriver BiDi cannot emulate print media: apply the
        # rules of the page's own @media print blocks, as Firefox parsed them, to
        # the screen instead, and see what they do.
        page.evaluate(PRINT_RULES_ON_SCREEN)
    else:
        page.emulate_media(media="print")
    visible = page.evaluate(
        """() => Object.fromEntries(['#stage', '.controls', '#outline', '#source-pane', '#legend']
             .map((s) => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))"""
    )
    assert visible == {
        "#stage": False,
        ".controls": False,
        "#outline": True,
        "#source-pane": True,
        "#legend": False,
    }
    hidden_items = page.evaluate(
        """() => Array.from(document.querySelectorAll('#outline [role=treeitem]'))
             .filter((li) => li.getClientRects().length === 0).length"""
    )
    assert hidden_items == 0
    page.emulate_media(media="screen")


# --- safety ------------------------------------------------------------------------------


def test_markup_in_the_data_is_shown_as_text_and_runs_nothing(
    browser: Any, pages: dict[str, Path]
) -> None:
    data = load_fixture("xss.json")
    with opened(browser, pages["xss"]) as seen:
        page = seen.page
        assert page.title() == data["title"]
        assert page.text_content("h1") == data["title"]
        assert page.text_content("#source-text") == data["source"]["text"]
        assert page.text_content("#source-title") == data["source"]["title"]
        for n in data["nodes"]:
            if n["type"] == "actor":
                page.check("#show-actors")
            click_node(page, n["id"])
            got = details(page)
            assert got["id"] == n["id"]
            if n["type"] == "statement":
                assert got["label"] == n["label"]
                assert got["text"] == n["text"]
                assert got["quotes"] == [f"\u201c{q['exact']}\u201d" for q in n["quotes"]]
                drawn = "".join(card(page, n["id"])["lines"])  # a long word may break
                assert drawn.replace(" ", "") == n["label"].replace(" ", "")
            elif n["type"] == "junction":
                assert got["scheme"] == n["scheme"]["label"]
                assert got["questions"] == n["scheme"]["questions"]
            # The hover tooltip is text as well (it is not shown over the selection).
            page.evaluate("argmap.clear()")
            page.mouse.move(1, 1)
            at = screen_point(page, n["id"])
            page.wait_for_timeout(300)  # let a view still moving after the click settle
            at = screen_point(page, n["id"])
            page.mouse.move(at["x"] + 2, at["y"] + 2, steps=3)
            page.wait_for_selector("#tip .argmap-tip", state="visible", timeout=5_000)
            tip = page.text_content("#tip") or ""
            assert (n["text"] or n["scheme"]["label"]) in tip
            page.mouse.move(5, 5)
        # Every quote of the source is a mark whose text is the quote.
        marks = page.eval_on_selector_all("#source-text mark.q", "ms => ms.map(m => m.textContent)")
        for q in (SCRIPT_XSS, IMG_XSS, QUOTES_XSS):
            assert q in marks
        page.fill("#search", "onerror")
        assert IMG_XSS in " ".join(
            page.locator("#search-results [role=option]").all_text_contents()
        )
        page.press("#search", "Enter")
        options = page.eval_on_selector_all(
            "#filter-speaker option", "os => os.map(o => o.textContent)"
        )
        assert {IMG_XSS, QUOTES_XSS, SCRIPT_XSS} <= set(options)
        assert SCRIPT_XSS in (page.text_content("#outline") or "")
        page.evaluate("argmap.selectEdge('e2')")
        assert details(page)["questions"] == [SCRIPT_XSS, QUOTES_XSS]
        page.emulate_media(media="print")
        page.emulate_media(media="screen")

        # Nothing ran, and no element came from the data's markup.
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        assert (
            page.evaluate("document.querySelectorAll('svg[onload], [onerror], [onload]').length")
            == 0
        )
        assert page.evaluate("document.querySelectorAll('b').length") == 0
    assert seen.dialogs == []


# --- the first view, phones, keyboard and images ------------------------------------------

SIZES = [
    pytest.param(1440, 900, id="1440x900"),
    pytest.param(1280, 720, id="1280x720"),
    pytest.param(390, 844, id="390x844"),
]

# Where everything is drawn now, in CSS px of the stage (the map's own box).
VIEW_NOW = """() => {
  const stage = document.getElementById('map').getBoundingClientRect();
  const scale = argmap.network.getScale();
  const byId = new Map(argmap.data.nodes.map((n) => [n.id, n]));
  const cards = Object.entries(argmap.boxes()).map(([id, box]) => ({
    id, box, type: byId.get(id).type,
    px: byId.get(id).type === 'statement' ? argmap.look(id).size * scale : null}));
  const shown = new Set(argmap.visibleIds());
  const edges = argmap.drawnEdges().map((id) => {
    const e = argmap.data.edges.find((x) => x.id === id);
    const pts = [];
    for (let k = 0; k <= 20; k++) {
      const p = argmap.edgePoint(id, k / 20);
      if (p) { const d = argmap.network.canvasToDOM(p); pts.push([d.x, d.y]); }
    }
    return {id, from: e.from, to: e.to, points: pts};
  });
  const notice = document.getElementById('fold-notice');
  const nb = notice.getBoundingClientRect();
  return {stage: [stage.width, stage.height], scale, cards, edges,
          shown: [...shown], folded: argmap.folded(),
          notice: notice.hidden ? null : notice.textContent,
          noticeBottom: notice.hidden ? null : nb.bottom - stage.top,
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth};
}"""


STAGE_AT = "(() => { const r = document.getElementById('map').getBoundingClientRect(); \
return [r.left, r.top]; })()"


def view_now(page: Any) -> dict[str, Any]:
    got: dict[str, Any] = page.evaluate(VIEW_NOW)
    return got


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def whole_cards(v: dict[str, Any]) -> list[dict[str, Any]]:
    """The cards wholly on the stage; fails on one the stage cuts."""
    w, h = v["stage"]
    whole = []
    for c in v["cards"]:
        x0, y0, x1, y1 = c["box"]
        inside = x0 >= -0.5 and y0 >= -0.5 and x1 <= w + 0.5 and y1 <= h + 0.5
        outside = x1 <= 0 or y1 <= 0 or x0 >= w or y0 >= h
        assert inside or outside, f"{c['id']} is cut by the edge of the map: {c['box']} in {w}x{h}"
        if inside:
            whole.append(c)
    return whole


def nearest(data: dict[str, Any], main: str) -> set[str]:
    """The reasons and objections of ``main``: directly, or as premises of a junction."""
    into = {e["from"] for e in data["edges"] if e["to"] == main and e["relation"] != "said"}
    junctions = {n["id"] for n in data["nodes"] if n["type"] == "junction"} & into
    return into | {e["from"] for e in data["edges"] if e["to"] in junctions}


# Playwright drives Firefox over WebDriver BiDi, where it has no touch screen yet: there
# the tap is the pointer events a touch screen sends, dispatched where the finger is.
TAP = """([x, y]) => {
  const target = document.elementFromPoint(x, y);
  const init = {bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y,
                pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, buttons: 1};
  target.dispatchEvent(new PointerEvent('pointerdown', init));
  target.dispatchEvent(new PointerEvent('pointerup', {...init, buttons: 0}));
  target.dispatchEvent(new MouseEvent('click', init));
}"""


def tap(page: Any, browser: Any, x: float, y: float) -> None:
    if browser.browser_type.name == "firefox":
        page.evaluate(TAP, [x, y])
    else:
        page.touchscreen.tap(x, y)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_first_view_shows_the_conclusion_and_its_nearest_reasons_whole_and_readable(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any], width: int, height: int
) -> None:
    name = browser.browser_type.name
    with opened(
        browser, pages["nato"], width=width, height=height, first_view=True, touch=width < 700
    ) as seen:
        page = seen.page
        page.wait_for_timeout(100)
        v = view_now(page)
        whole = whole_cards(v)
        ids = {c["id"] for c in whole}
        statements = [c for c in whole if c["type"] == "statement"]
        main = next(n["id"] for n in nato["nodes"] if n["main"])
        assert main in ids
        assert nearest(nato, main) & ids, "no reason or objection of the main conclusion"
        assert len(statements) >= 3
        for c in statements:
            assert c["px"] >= 12, (c["id"], c["px"])
        for i, a in enumerate(whole):
            for b in whole[i + 1 :]:
                assert not overlap(a["box"], b["box"]), (a["id"], b["id"])
        assert v["scrollWidth"] <= v["innerWidth"]
        # An arrow between two cards on the screen is drawn on the screen.
        w, h = v["stage"]
        for e in v["edges"]:
            if e["from"] in ids and e["to"] in ids:
                for x, y in e["points"]:
                    assert -2 <= x <= w + 2 and -2 <= y <= h + 2, (e["id"], x, y)
        # The NATO map is too big to read whole at these sizes: folded, and it says so,
        # above the cards rather than over them.
        every = {n["id"] for n in nato["nodes"] if n["type"] == "statement"}
        total = len(every)
        on = [i for i in v["shown"] if i in every]
        assert v["folded"] and v["notice"] is not None
        them = "the 1 statement " if len(on) == 1 else f"the {len(on)} statements "
        assert f"Showing {them}" in v["notice"]
        assert f"{total - len(on)} more folded" in v["notice"]
        for c in whole:
            assert c["box"][1] >= v["noticeBottom"] - 1, (c["id"], c["box"], v["noticeBottom"])
        # What is not folded is on the screen, whole: nothing lies off it unannounced.
        assert set(on) <= ids, sorted(set(on) - ids)
        # A junction is drawn with every one of its linked premises, or not at all.
        for j in (i for i in v["shown"] if i not in every):
            premises = {e["from"] for e in nato["edges"] if e["to"] == j}
            assert premises <= set(v["shown"]), (j, sorted(premises - set(v["shown"])))
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"map-first-view-{name}-{width}x{height}.png"))
        print(
            f"\n{name} {width}x{height}: {len(statements)} statements whole, scale {v['scale']:.2f}"
        )
        # Showing the whole map unfolds everything and says so by hiding the notice.
        page.click("#show-whole")
        assert page.is_hidden("#fold-notice")
        assert every <= shown(page)


def test_a_proposal_as_main_conclusion_is_the_most_prominent_card(
    browser: Any, tmp_path: Path, nato: dict[str, Any]
) -> None:
    data = json.loads(json.dumps(nato))
    main = next(n for n in data["nodes"] if n["main"])
    main["kind"] = "Proposal"
    path = render_page(data, tmp_path / "proposal.html")
    with opened(browser, path) as seen:
        page = seen.page
        m = card(page, main["id"])
        assert "MAIN CONCLUSION" in m["kind"] and "PROPOSAL" in m["kind"]
        others = [
            card(page, n["id"]) for n in data["nodes"] if n["type"] == "statement" and not n["main"]
        ]
        assert all(
            m["w"] > c["w"] and m["size"] > c["size"] and m["borderWidth"] > c["borderWidth"]
            for c in others
        )
        box = page.evaluate("(id) => argmap.boxes()[id]", main["id"])
        # Its label is inside it: every line fits the card's width at its size.
        assert m["size"] >= 12 and len(m["lines"]) * m["lineHeight"] <= m["h"] - 22
        assert box[2] - box[0] > 0


def test_on_a_phone_map_text_and_details_are_panes_and_a_tap_shows_no_tooltip(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    with opened(browser, pages["nato"], width=390, height=844, first_view=True, touch=True) as seen:
        page = seen.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        tabs = page.eval_on_selector_all(
            "#pane-tabs button",
            """bs => bs.map(b => { const r = b.getBoundingClientRect();
                                   return [b.textContent.trim(), r.left, r.right, r.height]; })""",
        )
        assert [t[0] for t in tabs] == ["Map", "Text", "Details"]
        assert all(t[1] >= 0 and t[2] <= 390 and t[3] >= 32 for t in tabs)  # a finger's reach
        main = next(n for n in nato["nodes"] if n["main"])
        box = page.evaluate("(id) => argmap.boxes()[id]", main["id"])
        stage = page.evaluate(STAGE_AT)
        x, y = stage[0] + (box[0] + box[2]) / 2, stage[1] + (box[1] + box[3]) / 2
        tap(page, browser, x, y)
        page.wait_for_timeout(400)
        assert page.evaluate("argmap.selected()") == [main["id"]]
        assert page.is_hidden("#tip")
        assert page.is_visible("#peek")
        assert main["text"] in (page.text_content("#peek-text") or "")
        peek = page.eval_on_selector("#peek", "e => e.getBoundingClientRect().toJSON()")
        assert peek["left"] >= 0 and peek["right"] <= 390 and peek["bottom"] <= 844
        assert peek["top"] >= stage[1] + box[3]  # below the card it describes
        page.click("#peek-details")
        assert page.evaluate("document.body.dataset.pane") == "panel"
        assert page.is_visible("#details-body") and details(page)["id"] == main["id"]
        assert page.is_hidden("#map")
        page.click("#pane-tabs button[data-pane=source]")
        assert page.evaluate("document.body.dataset.pane") == "source"
        src = page.eval_on_selector("#source-pane", "e => e.getBoundingClientRect().toJSON()")
        assert src["width"] >= 350 and src["height"] >= 500
        page.click("#pane-tabs button[data-pane=map]")
        assert page.is_visible("#map")
        # Every control is reachable: behind the Controls button, and inside the screen.
        page.click("#controls-toggle")
        controls = page.eval_on_selector_all(
            "#controls input, #controls select, #controls button",
            """es => es.map(e => { const r = e.getBoundingClientRect();
                                   return [e.id || e.textContent, r.left, r.right, r.width]; })""",
        )
        assert len(controls) >= 10
        for c in controls:
            assert c[3] > 0 and c[1] >= 0 and c[2] <= 390, c
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_keyboard_moves_between_connected_statements_with_a_visible_focus(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    with opened(browser, pages["nato"]) as seen:
        page = seen.page
        main = next(n["id"] for n in nato["nodes"] if n["main"])
        page.focus("#map")
        page.keyboard.press("Home")
        assert page.evaluate("argmap.selected()") == [main]
        page.keyboard.press("ArrowDown")
        below = page.evaluate("argmap.selected()")
        assert len(below) == 1 and below[0] in nearest(nato, main)
        page.keyboard.press("ArrowRight")
        beside = page.evaluate("argmap.selected()")
        assert len(beside) == 1 and beside != below and beside[0] in nearest(nato, main)
        page.keyboard.press("ArrowUp")
        assert page.evaluate("argmap.selected()") == [main]
        # The outline follows the map's selection, for a screen reader.
        item = page.eval_on_selector(
            "#outline [aria-selected=true]",
            "e => e.dataset.id || e.closest('[data-id]').dataset.id",
        )
        assert item == main
        # The focus is drawn: the card looks different with the map focused and not.
        stage = page.evaluate(STAGE_AT)
        box = page.evaluate("(id) => argmap.boxes()[id]", main)
        clip = {
            "x": stage[0] + box[0] - 8,
            "y": stage[1] + box[1] - 8,
            "width": box[2] - box[0] + 16,
            "height": box[3] - box[1] + 16,
        }
        focused = page.screenshot(clip=clip)
        page.evaluate("document.activeElement.blur()")
        page.wait_for_timeout(50)
        assert page.screenshot(clip=clip) != focused


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)])
def test_a_filter_and_a_search_bring_what_matches_into_view(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any], width: int, height: int
) -> None:
    statements = {n["id"]: n for n in nato["nodes"] if n["type"] == "statement"}
    out = {i for i, n in statements.items() if n["status"]["grounded"] == "out"}
    assert 1 <= len(out) <= 6
    with opened(
        browser, pages["nato"], width=width, height=height, first_view=True, touch=width < 700
    ) as seen:
        page = seen.page
        page.evaluate("argmap.setFilters({status: 'out'})")
        v = view_now(page)
        whole = {c["id"]: c for c in whole_cards(v) if c["type"] == "statement"}
        assert set(whole) <= out and whole  # matches on the screen, whole, and nothing else
        assert all(c["px"] >= 12 for c in whole.values())
        if set(whole) != out:  # too far apart to read at once: as many as can be, and said
            message = page.text_content("#message") or ""
            assert f"{len(out)} statements match; {len(whole)} of them on the screen" in message
        page.evaluate("argmap.setFilters({status: ''})")
        # A search selects what it finds and moves the map to it, readable.
        target = next(n for n in statements.values() if "Afghanistan" in (n["text"] or ""))
        page.evaluate("argmap.showPane('map')")
        if width < 700:
            page.click("#controls-toggle")
        page.fill("#search", "Afghanistan")
        page.press("#search", "Enter")
        if width < 700:
            page.evaluate("argmap.showPane('map')")
        assert page.evaluate("argmap.selected()") == [target["id"]]
        v = view_now(page)
        found = next(c for c in v["cards"] if c["id"] == target["id"])
        x0, y0, x1, y1 = found["box"]
        assert x0 >= 0 and y0 >= 0 and x1 <= v["stage"][0] and y1 <= v["stage"][1]
        assert found["px"] >= 12


def test_the_tooltip_keeps_off_the_selection_and_goes_when_the_view_moves(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    with opened(browser, pages["nato"], width=1440, height=900) as seen:
        page = seen.page
        main = next(n["id"] for n in nato["nodes"] if n["main"])
        page.evaluate("(id) => argmap.select(id)", main)
        stage = page.evaluate(STAGE_AT)
        boxes = page.evaluate("argmap.boxes()")
        mb = boxes[main]
        selected = [stage[0] + mb[0], stage[1] + mb[1], stage[0] + mb[2], stage[1] + mb[3]]
        tried = 0
        for n in nato["nodes"]:
            b = boxes.get(n["id"])
            if n["type"] != "statement" or n["id"] == main or b is None:
                continue
            x, y = stage[0] + (b[0] + b[2]) / 2, stage[1] + (b[1] + b[3]) / 2
            if not (0 < x < 1440 and stage[1] < y < 900):
                continue
            page.mouse.move(x, y)
            page.wait_for_selector("#tip .argmap-tip", state="visible", timeout=5_000)
            tip = page.eval_on_selector("#tip", "e => e.getBoundingClientRect().toJSON()")
            box = [tip["left"], tip["top"], tip["right"], tip["bottom"]]
            assert not overlap(box, selected), (n["id"], box, selected)
            tried += 1
            if tried == 4:
                break
        assert tried == 4
        page.mouse.wheel(0, 200)  # zoom: the tooltip goes
        page.wait_for_timeout(200)
        assert page.is_hidden("#tip")


def test_the_title_is_shown_once_and_a_markdown_heading_as_a_heading(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    with opened(browser, pages["nato"]) as seen:
        page = seen.page
        title = nato["title"]
        assert nato["source"]["text"].lstrip().startswith("# " + title)
        shown_text = page.evaluate(
            """(title) => Array.from(document.querySelectorAll('body *'))
                 .filter((e) => e.offsetParent !== null && e.children.length === 0
                                && e.textContent.trim() === title).map((e) => e.tagName)""",
            title,
        )
        # Once in the page's header, once as the text's own heading: not four times.
        assert page.text_content("h1") == title
        assert len(shown_text) <= 2
        heading = page.eval_on_selector(
            "#source-text .md-heading",
            """e => ({text: e.innerText.trim(), size: parseFloat(getComputedStyle(e).fontSize),
                     body: parseFloat(getComputedStyle(e.parentElement).fontSize)})""",
        )
        assert heading["text"] == title and heading["size"] > heading["body"]
        assert "# " + title not in page.evaluate("document.getElementById('source-text').innerText")


def test_the_view_exports_as_svg_and_png_and_prints_the_whole_map(
    browser: Any, pages: dict[str, Path], nato: dict[str, Any]
) -> None:
    from xml.etree import ElementTree

    with opened(browser, pages["nato"]) as seen:
        page = seen.page
        svg = page.evaluate("argmap.svg(true)")
        root = ElementTree.fromstring(svg.split("?>", 1)[1])
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        texts = " ".join(
            " ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")
        )
        statements = [n for n in nato["nodes"] if n["type"] == "statement"]
        for n in statements:
            assert n["label"].split()[0] in texts, n["id"]
        png = page.evaluate("argmap.png()")
        assert png.startswith("data:image/png;base64,")
        import base64

        raw = base64.b64decode(png.split(",", 1)[1])
        assert raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) > 5000
        page.evaluate("argmap.preparePrint()")
        if browser.browser_type.name == "firefox":
            page.evaluate(PRINT_RULES_ON_SCREEN)  # see test_print_shows_the_outline_...
        else:
            page.emulate_media(media="print")
        tiles = page.eval_on_selector_all(
            "#print-map-pages svg", "es => es.map(e => e.getBoundingClientRect().width)"
        )
        assert tiles and all(w > 100 for w in tiles)
        printed = page.text_content("#print-map-pages") or ""
        for n in statements:
            assert n["label"].split()[0] in printed, n["id"]
        page.emulate_media(media="screen")


# --- scale -------------------------------------------------------------------------------


def test_a_map_of_5000_statements_opens_collapsed_to_its_top_levels(
    browser: Any, tmp_path: Path
) -> None:
    data = big_map(5000)
    path = render_page(data, tmp_path / "big.html")
    with opened(browser, path) as seen:
        page = seen.page
        print(
            f"\n5,000 statements ({len(data['nodes'])} nodes, {len(data['edges'])} edges, "
            f"{path.stat().st_size / 1e6:.1f} MB): ready in {seen.seconds:.2f} s"
        )
        # How fast it opens is measured by benchmarks/bench_map.py, not asserted here.
        expected = initially_shown(data)
        assert shown(page) == expected
        assert page.evaluate(DRAWN_COUNT) == len(expected)
        assert page.evaluate("argmap.network.getScale()") >= 0.6
        assert page.is_hidden("#notice")
        # Expanding a folded node reveals its children, one level.
        folded = next(
            n
            for n in data["nodes"]
            if n["level"] == 2
            and n["type"] == "statement"
            and any(m["parent"] == n["id"] for m in data["nodes"])
        )
        assert card(page, folded["id"])["lines"] == [folded["label"]]
        assert card(page, folded["id"])["folded"] > 0
        kids = {m["id"] for m in data["nodes"] if m["parent"] == folded["id"]}
        page.evaluate("(id) => argmap.expand(id)", folded["id"])
        now = shown(page)
        assert kids <= now
        grandchildren = {m["id"] for m in data["nodes"] if m["parent"] in kids}
        assert not grandchildren & now
        # Search reaches a statement that is still folded away, and unfolds its way.
        page.fill("#search", "Statement 4321 argues")
        page.press("#search", "Enter")
        assert page.evaluate("argmap.selected()") == ["s4321"]
        assert "s4321" in shown(page)
        assert page.evaluate("argmap.network.getSelectedNodes()") == ["s4321"]


def test_a_page_cut_below_its_top_levels_says_what_is_below_and_how_to_open_it(
    browser: Any, tmp_path: Path
) -> None:
    from test_render import EX, small_map

    from graph.render.model import page_model

    G = small_map()
    G.remove_nodes_from([EX + "a", EX + "k1"])  # p's objection: what is left below p is cut
    command = "argmap render 'my map.ttl'"
    data = page_model(G, page_limit=7, below={"command": command, "link": None})
    path = render_page(data, tmp_path / "cut.html")
    p = by_iri(data, "p")
    with opened(browser, path) as seen:
        page = seen.page
        assert "5 of its 8 statements" in (page.text_content("#subtitle") or "")
        assert card(page, p["id"])["folded"] == 1  # pp, below the cut
        page.evaluate("(id) => argmap.toggleCollapse(id)", p["id"])  # as a double-click does
        assert page.evaluate("argmap.selected()") == [p["id"]]
        assert "not in this page" in (page.text_content("#message") or "")
        got = page.text_content("#details-body .not-here code.command")
        assert got == f"{command} --root '{EX}p'"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"cut-{browser.browser_type.name}.png"))
    # served, the card links to the page of what hangs below it
    data = page_model(G, page_limit=7, below={"command": None, "link": "?root="})
    path = render_page(data, tmp_path / "linked.html")
    with opened(browser, path) as seen:
        page = seen.page
        page.evaluate("(id) => argmap.select(id)", p["id"])
        link = page.locator("#details-body .not-here a")
        assert link.text_content() == "Open what hangs below"
        page.evaluate("(id) => argmap.toggleCollapse(id)", p["id"])
        page.wait_for_url(f"**/linked.html?root={urllib.parse.quote(EX + 'p', safe='')}")
        page.wait_for_function("window.argmap !== undefined && window.argmap.ready === true")


def test_more_than_2000_visible_nodes_show_a_neighbourhood_and_say_so(
    browser: Any, tmp_path: Path
) -> None:
    data = big_map(5000, fold=False)
    path = render_page(data, tmp_path / "big-unfolded.html")
    with opened(browser, path) as seen:
        page = seen.page
        print(f"\n5,000 statements, none folded: ready in {seen.seconds:.2f} s")
        now = shown(page)
        assert 0 < len(now) <= 2000
        assert "s0" in now and "s1" in now and "s5" in now  # two steps from the main conclusion
        assert "s21" not in now  # three steps away
        notice = page.text_content("#notice") or ""
        assert page.is_visible("#notice") and "2 steps" in notice and "Point 0" in notice
        page.evaluate("argmap.select('s1000')")
        now = shown(page)
        assert "s1000" in now and "s0" not in now and len(now) <= 2000
        assert "Point 1000" in (page.text_content("#notice") or "")


def test_fixtures_follow_the_data_contract() -> None:
    """The fixtures' quotes point into their source; ids and references hold together."""
    for name in ("nato.json", "xss.json"):
        data = load_fixture(name)
        ids = {n["id"] for n in data["nodes"]}
        assert len(ids) == len(data["nodes"])
        for n in data["nodes"]:
            assert n["type"] in ("statement", "junction", "actor")
            assert n["parent"] is None or n["parent"] in ids
            for q in n["quotes"]:
                if q["start"] is not None:
                    assert data["source"]["text"][q["start"] : q["end"]] == q["exact"], (
                        name,
                        n["id"],
                    )
        for e in data["edges"]:
            assert e["from"] in ids and e["to"] in ids
            assert e["relation"] in ("support", "attack", "undercut", "premise", "said", "mentions")
    nato = load_fixture("nato.json")
    statuses = [
        tuple(n["status"][s] for s in nato["semantics"])
        for n in nato["nodes"]
        if n["type"] == "statement"
    ]
    assert any(len(set(s)) > 1 for s in statuses)  # the semantics differ somewhere
    assert any("undec" in s for s in statuses)
    assert 20 <= len(statuses) <= 30


# --- linked attacks and attacks on attacks ------------------------------------------------


def test_a_linked_attack_on_an_attack_is_drawn_with_its_junctions(
    browser: Any, tmp_path: Path
) -> None:
    """c3 (a3 and a4 together) attacks the attack c1 of a1 on the main conclusion: both
    conflicts are attack junctions, shown in the first view of this small map with all
    their attackers; the details of each say what it attacks and what attacks it."""
    from click.testing import CliRunner

    from graph.cli import main

    source = tmp_path / "bins.ttl"
    source.write_text(BINS_MAP, encoding="utf-8")
    done = CliRunner().invoke(main, ["build", str(source), "-o", str(tmp_path), "--no-cache"])
    assert done.exit_code == 0, done.output
    html = tmp_path / "bins.html"
    data = json.loads(
        re.search(r'id="argmap-data">(.*?)</script>', html.read_text(encoding="utf-8"), re.S)[1]
    )
    ids = {n["iri"].rsplit("#", 1)[-1]: n["id"] for n in data["nodes"] if n["iri"]}
    with opened(browser, html, width=1400, height=900, first_view=True) as seen:
        page = seen.page
        # Small enough to read whole: nothing folded, every statement and junction shown.
        assert page.evaluate("argmap.depth()") is None
        assert {ids[k] for k in ("a1", "a3", "a4", "a5", "c1", "c3")} <= shown(page)
        click_node(page, ids["a5"])
        assert details(page)["attackers"] == ["Annoying"]
        page.wait_for_timeout(700)  # two clicks at the centre of the stage: not a double click
        click_node(page, ids["c1"])
        assert page.evaluate("argmap.selected()") == [ids["c1"]]
        body = page.text_content("#details-body") or ""
        assert "Not in the map" not in body, body
        assert "AttackerAnnoying" in body and "AttacksPioneers" in body, body
        assert "This attack is attacked by" in body and "Too much rubbish" in body
        page.wait_for_timeout(700)
        click_node(page, ids["c3"])
        body = page.text_content("#details-body") or ""
        assert "Attackers, taken together" in body
        assert "Too much rubbish" in body and "Resources lost" in body
        # Under grounded semantics c3 stands and c1 falls: its junction is drawn out.
        assert byid(data)[ids["c1"]]["status"]["grounded"] == "out"
        assert byid(data)[ids["c3"]]["status"]["grounded"] == "in"
