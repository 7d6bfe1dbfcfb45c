"""The annotator in real headless browsers (Chromium and Firefox ESR), against the real
server that `argmap annotate` starts: a map made from scratch with mouse and keyboard,
saved, built and compared; the NATO map edited and saved; undo, redo and the autosave;
markup in the text shown as text. Every page is checked to have made no request but to
its own server and to have logged no error."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import argmap_server
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from test_map_browser import ARTIFACTS, browser, click_node  # noqa: F401 (the fixture)

from graph.cli import main
from graph.formats import load
from graph.vocab import AM, OA, RDFS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
#: An emoji first, so that UTF-16 indices and code points differ; "Cars pollute the
#: air" twice, so that the anchor must follow the place selected.
TEXT = (
    "😀 Cars pollute the air, they say. Cars should be banned in cities. "
    "Pollution harms children. Cars pollute the air, say critics. "
    "But people need cars to work. Buses are cheaper anyway.\n"
)
NEG = "https://w3id.org/argmap#ArgumentFromNegativeConsequences"


def annotating(*args: str, cwd: Path) -> AbstractContextManager[str]:
    """`argmap annotate ARGS` running on a free port; yields its address."""
    return argmap_server("annotate", *args, "--no-open", cwd=cwd)


@dataclass
class Page:
    page: Any
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def wait(self, expression: str, arg: Any = None, timeout: float = 30) -> Any:
        """Poll ``expression`` until it is truthy (the page's CSP forbids eval, which
        Playwright's wait_for_function would need)."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression, arg)
            if value:
                return value
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)

    def idle(self) -> None:
        self.wait("() => window.argmap && window.argmap.idle()")

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = self.js("() => argmap.document()")
        return doc

    def select_text(self, start: int, end: int) -> None:
        """Drag the mouse over TEXT[start:end] (UTF-16 indices) in the text pane."""
        self.js("(i) => argmap.revealText(i)", start)
        a = self.js("([i]) => argmap.textPoint(i, false)", [start])
        b = self.js("([i]) => argmap.textPoint(i, true)", [end])
        mouse = self.page.mouse
        mouse.move(a["x"], a["y"])
        mouse.down()
        mouse.move((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2, steps=4)
        mouse.move(b["x"], b["y"], steps=4)
        mouse.up()

    def click_node(self, node_id: str) -> None:
        click_node(self.page, node_id)  # the map page's way: the page has the same API

    def key(self, key: str) -> None:
        self.page.keyboard.press(key)

    def pick(self, target: str) -> None:
        """Choose the target of a relation from the list, with the keyboard."""
        self.wait("() => !document.getElementById('pick').hidden")
        assert self.js("() => document.activeElement.id") == "pick-list"
        self.page.select_option("#pick-list", target)
        self.key("Enter")
        self.wait("() => document.getElementById('pick').hidden")


@contextmanager
def opened(browser: Any, url: str, width: int = 1440, height: int = 900) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    seen = Page(page, url.rstrip("/"))

    def route(r: Any) -> None:
        if r.request.url.startswith(seen.origin + "/"):
            r.continue_()
        else:
            seen.requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    try:
        page.goto(url)
        seen.wait("() => window.argmap !== undefined && window.argmap.ready === true")
        seen.idle()
        yield seen
        assert seen.errors == []
        assert seen.requests == []
    finally:
        context.close()


def shot(page: Page, name: str, browser_name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / f"annotate-{name}-{browser_name}.png"))


def strings(g: Any, subject: str, predicate: URIRef) -> set[str]:
    """The values of ``predicate`` of ``subject``, whatever their datatype."""
    return {str(o) for o in g.objects(URIRef(subject), predicate)}


def quotes(g: Any, subject: str) -> set[tuple[str, int, int]]:
    """The anchors of ``subject`` as (exact, start, end)."""
    found = set()
    for anchor in g.objects(URIRef(subject), AM.anchor):
        parts: dict[str, Any] = {}
        for selector in g.objects(anchor, OA.hasSelector):
            for key in ("exact", "start", "end"):
                for value in g.objects(selector, OA[key]):
                    parts[key] = value.toPython()
        found.add((str(parts["exact"]), int(parts["start"]), int(parts["end"])))
    return found


def u16(text: str, i: int) -> int:
    """The UTF-16 index of code point ``i`` of ``text``."""
    return len(text[:i].encode("utf-16-le")) // 2


def make_statement(page: Page, phrase: str, occurrence: int = 0) -> str:
    """Select the ``occurrence``-th place of ``phrase`` with the mouse, press N."""
    at = -1
    for _ in range(occurrence + 1):
        at = TEXT.index(phrase, at + 1)
    before = {s["id"] for s in page.document()["statements"]}
    page.select_text(u16(TEXT, at), u16(TEXT, at + len(phrase)))
    page.key("n")
    page.idle()
    (new,) = [s for s in page.document()["statements"] if s["id"] not in before]
    assert new["anchors"] == [
        {"exact": phrase, "start": at, "end": at + len(phrase), "prefix": None, "suffix": None}
    ]
    return str(new["id"])


# ------------------------------------------------------------------ from scratch


@pytest.mark.parametrize("name", ["cars.argdown", "cars.ttl"])
def test_a_map_made_with_mouse_and_keyboard_saves_builds_and_holds_it(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    name: str,
) -> None:
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    with annotating("cars.txt", name, cwd=tmp_path) as url, opened(browser, url) as page:
        ban = make_statement(page, "Cars should be banned in cities.")
        pollute = make_statement(page, "Cars pollute the air", occurrence=1)
        harms = make_statement(page, "Pollution harms children.")
        need = make_statement(page, "people need cars to work.")
        buses = make_statement(page, "Buses are cheaper anyway.")
        # support, by the mouse: S, then a click on the conclusion in the map
        page.js("(id) => argmap.select(id)", pollute)
        page.key("s")
        page.click_node(ban)
        page.idle()
        (inference,) = page.document()["inferences"]
        assert (inference["premises"], inference["conclusion"]) == ([pollute], ban)
        inf = inference["id"]
        # linked premise, attack and undercut by the keyboard
        page.js("(id) => argmap.select(id)", harms)
        page.key("l")
        page.pick(inf)
        page.js("(id) => argmap.select(id)", need)
        page.key("a")
        page.pick(ban)
        page.js("(id) => argmap.select(id)", buses)
        page.key("u")
        page.pick(inf)
        # an unstated premise: I, type its label, then make it a further premise
        page.page.click("#text", position={"x": 5, "y": 5})
        page.key("i")
        page.idle()
        assert page.js("() => document.activeElement.dataset.field") == "label"
        page.page.keyboard.type("Children matter")
        page.key("Tab")
        page.page.keyboard.type("Children's health matters.")
        page.key("Tab")
        page.page.click("#text", position={"x": 5, "y": 5})
        page.key("l")
        page.pick(inf)
        page.js("(id) => argmap.select(id)", ban)
        page.key("m")
        # a scheme for the inference, and one of its critical questions answered
        page.js("(id) => argmap.select(id)", inf)
        page.page.select_option("[data-field=scheme]", NEG)
        page.idle()
        page.page.select_option('[data-question="0"]', need)
        page.idle()
        status = page.js("(id) => argmap.assessment().statuses[id]", ban)
        assert status in {"in", "out", "undec"}
        page.js("(id) => argmap.select(id)", ban)
        shot(page, "scratch", browser.browser_type.name)
        page.key("Control+s")
        page.wait("() => argmap.saved === 1")
        page.idle()
        told = page.js("() => document.getElementById('problem-list').textContent")
        assert page.js("() => document.getElementById('save-state').textContent") == "saved", told
        made = page.document()
    path = tmp_path / name
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    g = load(path).merged_graph(derived=False)
    base = made["base"]
    implicit = next(s["id"] for s in made["statements"] if s["implicit"])
    assert strings(g, implicit, AM.text) == {"Children's health matters."}
    assert (URIRef(implicit), AM.implicit, Literal(True)) in g
    assert not list(g.objects(URIRef(implicit), AM.anchor))
    assert {str(s["id"]): strings(g, s["id"], RDFS.label) for s in made["statements"]} == {
        ban: {"Cars should be banned in cities."},
        pollute: {"Cars pollute the air"},
        harms: {"Pollution harms children."},
        need: {"people need cars to work."},
        buses: {"Buses are cheaper anyway."},
        implicit: {"Children matter"},
    }
    assert set(g.objects(URIRef(inf), AM.premise)) == {
        URIRef(pollute),
        URIRef(harms),
        URIRef(implicit),
    }
    assert (URIRef(inf), AM.conclusion, URIRef(ban)) in g
    assert (URIRef(inf), AM.scheme, URIRef(NEG)) in g
    targets = {(a, t) for c in g.subjects(AM.attacker, None) for a in g.objects(c, AM.attacker)
               for t in g.objects(c, AM.target)}  # fmt: skip
    assert targets == {(URIRef(need), URIRef(ban)), (URIRef(buses), URIRef(inf))}
    assert (URIRef(base + "map"), AM.mainConclusion, URIRef(ban)) in g

    # every quote where it was selected, in code points ("Cars pollute the air" is the
    # second one: the first is at 2)
    def at(phrase: str, occurrence: int = 0) -> tuple[str, int, int]:
        k = TEXT.index(phrase) if occurrence == 0 else TEXT.index(phrase, TEXT.index(phrase) + 1)
        return (phrase, k, k + len(phrase))

    assert {str(s["id"]): quotes(g, s["id"]) for s in made["statements"]} == {
        ban: {at("Cars should be banned in cities.")},
        pollute: {at("Cars pollute the air", 1)},
        harms: {at("Pollution harms children.")},
        need: {at("people need cars to work.")},
        buses: {at("Buses are cheaper anyway.")},
        implicit: set(),
    }
    assert at("Cars pollute the air", 1)[1] == 93 and TEXT.index("Cars pollute the air") == 2
    answers = list(g.subjects(AM.questionOf, URIRef(inf)))
    assert len(answers) == 1 and (answers[0], AM.answeredBy, URIRef(need)) in g
    assert len(made["statements"]) == 6


# ------------------------------------------------------------------ the NATO map


def test_the_nato_map_opens_edits_and_saves_with_a_backup(
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    for n in ("nato-ukraine.ttl", "nato-ukraine.txt"):
        shutil.copy(ROOT / "seeds" / n, tmp_path / n)
    original = load(ROOT / "seeds" / "nato-ukraine.ttl").merged_graph(derived=False)
    path = tmp_path / "nato-ukraine.ttl"
    main_iri = "https://w3id.org/argmap/map/nato-ukraine#nato-will-not-intervene"
    with (
        annotating("nato-ukraine.txt", "nato-ukraine.ttl", cwd=tmp_path) as url,
        opened(browser, url) as page,
    ):
        shot(page, "nato", browser.browser_type.name)
        page.page.click("#save")
        page.wait("() => argmap.saved === 1")
        assert isomorphic(load(path).merged_graph(derived=False), original)
        first = path.read_bytes()
        # what-if: switch each attack off until a status changes; then back
        before = page.js("() => argmap.assessment().statuses")
        changed = None
        for conflict in page.document()["conflicts"]:
            page.js("(id) => argmap.select(id)", conflict["id"])
            page.page.check("[data-field=off]")
            page.idle()
            if page.js("() => argmap.assessment().statuses") != before:
                changed = conflict["id"]
                break
            page.page.uncheck("[data-field=off]")
            page.idle()
        assert changed is not None
        assert page.js("() => argmap.off()") == [changed]
        page.page.uncheck("[data-field=off]")
        page.idle()
        assert page.js("() => argmap.assessment().statuses") == before
        # rename the main conclusion and add a statement; the what-if is not saved
        page.js("(id) => argmap.select(id)", main_iri)
        page.page.fill("[data-field=label]", "NATO stays out <b>militarily</b>")
        page.key("Tab")
        phrase = "As the Russian-Ukraine war continues"  # quoted by no statement yet
        at = TEXT_NATO().index(phrase)
        page.idle()  # the rename is assessed and drawn before the text is selected
        page.select_text(u16(TEXT_NATO(), at), u16(TEXT_NATO(), at + len(phrase)))
        # The selection is made and no field has the keyboard, then N makes the statement.
        page.wait("(p) => window.getSelection().toString() === p", phrase)
        page.wait("() => !['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)")
        page.key("n")
        page.wait(
            "(p) => argmap.document().statements.some((s) => (s.anchors || [])"
            ".some((a) => a.exact === p))",
            phrase,
        )
        page.idle()
        shot(page, "nato-edited", browser.browser_type.name)
        page.key("Control+s")
        page.wait("() => argmap.saved === 2")
    assert path.with_name("nato-ukraine.ttl.bak").read_bytes() == first
    g = load(path).merged_graph(derived=False)
    assert str(g.value(URIRef(main_iri), RDFS.label)) == "NATO stays out <b>militarily</b>"
    assert [str(o) for o in g.objects(None, OA.exact) if str(o) == phrase] == [phrase]
    assert len(list(g.subjects(AM.attacker, None))) == len(
        list(original.subjects(AM.attacker, None))
    )


def TEXT_NATO() -> str:
    return (ROOT / "seeds" / "nato-ukraine.txt").read_text(encoding="utf-8")


# ------------------------------------------------------------------ undo and autosave


def test_undo_redo_and_a_reload_keep_the_work(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    with annotating("cars.txt", cwd=tmp_path) as url:
        with opened(browser, url) as page:
            make_statement(page, "Cars should be banned in cities.")
            make_statement(page, "Buses are cheaper anyway.")
            page.key("Control+z")
            page.idle()
            assert len(page.document()["statements"]) == 1
            page.key("Control+y")
            page.idle()
            assert len(page.document()["statements"]) == 2
            page.page.reload()
            page.wait("() => window.argmap && window.argmap.ready === true")
            page.idle()
            assert len(page.document()["statements"]) == 2
            assert "Restored the unsaved work" in page.js(
                "() => document.getElementById('notice-text').textContent"
            )
            assert "unsaved" in page.js("() => document.getElementById('save-state').textContent")
            page.page.click("#notice-discard")
            page.idle()
            assert page.document()["statements"] == []
        assert not (tmp_path / "cars.argdown").exists()  # nothing was saved


def test_a_typed_field_is_kept_when_a_click_selects_something_else_at_once(
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The edit commits even when another selection redraws the inspector first.

    Leaving a field commits its value a moment later; here the field loses the focus
    and another statement is selected in the same task, before that moment, as a
    fast click on the map does on a loaded machine.
    """
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    with annotating("cars.txt", cwd=tmp_path) as url, opened(browser, url) as page:
        ban = make_statement(page, "Cars should be banned in cities.")
        buses = make_statement(page, "Buses are cheaper anyway.")
        page.js("(id) => argmap.select(id)", ban)
        page.page.click("[data-field=text]")
        page.page.keyboard.press("Control+a")
        page.page.keyboard.type("Cars should be kept out of city centres.")
        page.js("""(other) => { document.activeElement.blur(); argmap.select(other); }""", buses)
        page.idle()
        texts = {s["id"]: s["text"] for s in page.document()["statements"]}
        assert texts[ban] == "Cars should be kept out of city centres."
        assert texts[buses] == "Buses are cheaper anyway."


# ------------------------------------------------------------------ text is data


def test_markup_in_the_text_and_the_labels_is_shown_as_text(
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    hostile = (
        'A claim <img src=x onerror="window.__pwned=1"> here. '
        "<script>window.__pwned=1</script> Another claim.\n"
    )
    (tmp_path / "x.txt").write_text(hostile, encoding="utf-8")
    with annotating("x.txt", cwd=tmp_path) as url, opened(browser, url) as page:
        assert page.js("() => document.getElementById('text').textContent") == hostile
        phrase = 'A claim <img src=x onerror="window.__pwned=1"> here.'
        page.select_text(0, len(phrase))
        page.key("n")
        page.idle()
        (s,) = page.document()["statements"]
        assert s["anchors"][0]["exact"] == phrase
        assert page.js("() => document.querySelector('[data-field=label]').value") == s["label"]
        assert page.js("() => document.querySelectorAll('#text img, #inspector img').length") == 0
        assert page.js("() => window.__pwned") is None


def test_an_exercise_of_unrelated_quotes_opens_as_a_readable_grid(
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    # The quotes exercise of the NATO map: 25 statements in no relation. They are laid
    # out in three columns in the order of the text, readable fitted on a desktop;
    # one row of 25 was too wide to read. Drawing a relation still works.
    for name in ("nato-ukraine.ttl", "nato-ukraine.txt"):
        shutil.copy(ROOT / "seeds" / name, tmp_path / name)
    made = CliRunner().invoke(
        main, ["render", str(tmp_path / "nato-ukraine.ttl"), "--exercise", "quotes",
               "-o", str(tmp_path / "class.ttl")],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    text = (tmp_path / "nato-ukraine.txt").read_text(encoding="utf-8")
    with (
        annotating("nato-ukraine.txt", "class.ttl", cwd=tmp_path) as url,
        opened(browser, url) as page,
    ):
        statements = page.document()["statements"]
        assert len(statements) == 25
        ids = [
            s["id"] for s in sorted(statements, key=lambda s: text.index(s["anchors"][0]["exact"]))
        ]
        at = page.js("(ids) => window.argmap.network.getPositions(ids)", ids)
        xs = sorted({round(at[i]["x"]) for i in ids})
        assert len(xs) == 3, xs  # three columns
        rows = [ids[k : k + 3] for k in range(0, len(ids), 3)]
        for row in rows:  # each row at one height, left to right in text order
            assert len({round(at[i]["y"]) for i in row}) == 1
            assert [at[i]["x"] for i in row] == sorted(at[i]["x"] for i in row)
        heights = [at[row[0]]["y"] for row in rows]
        assert heights == sorted(heights) and len(set(heights)) == len(rows)
        assert page.js("() => window.argmap.network.getScale()") >= 0.7  # fitted, readable
        shot(page, "exercise-grid", browser.browser_type.name)
