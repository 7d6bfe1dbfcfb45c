"""No script runs: payloads in every field a reader carries, in real Chromium and Firefox.

One hostile map puts script payloads in every field argmap reads: statement titles and
texts, the quoted words (and so the source text), speakers' names and roles, what a
statement mentions, an own scheme's name, the document's title, the map's title, a
comment, and IRIs (with the quote and bracket characters an IRI may hold). It is
written in every writable format by argmap's writers, and as arggraph XML by hand;
each file is read back and drawn as a map page, which is opened, unfolded, searched
and every node selected; the annotator opens it; ``argmap serve`` answers it on its
``/query`` page and its service description. A payload that runs is caught by a
dialog (``alert``), the global ``window.__pwned``, an element with an ``on...``
attribute, or a script element holding a payload; the pages must also log no error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from conftest import argmap_server
from test_map_browser import browser  # noqa: F401 (the fixture: Chromium and Firefox)

from graph import formats
from graph.cli import main

pytestmark = pytest.mark.browser

PWN = "window.__pwned=1;alert(1)"
IMG = f'<img src=x onerror="{PWN}">'
SCRIPT = f"</script><script>{PWN}</script>"
SVG = f'"><svg onload="{PWN}">'
TEMPLATE = "{{constructor.constructor('alert(1)')()}} ${alert(1)} javascript:alert(1)"
ATTR = f"' onmouseover='{PWN}' x='"
PAYLOADS = (IMG, SCRIPT, SVG, TEMPLATE, ATTR)

#: The source text: every quote of the map is in it.
TEXT = (
    f"NATO {IMG} will not fight. {SCRIPT} The alliance {SVG} stays neutral. "
    f"Others say {TEMPLATE}. A last word {ATTR} here.\n"
)


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_map() -> str:
    """The hostile map in Turtle; its IRIs hold ', ( and ) (all an IRI may hold)."""
    iri = "https://example.org/x#"
    c1 = f"<{iri}c1');alert(1);('>"
    return f"""\
@prefix am: <https://w3id.org/argmap#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix x: <{iri}> .

x:map a am:ArgumentMap ; rdfs:label {_lit(IMG)} ; dcterms:source x:doc ;
    am:mainConclusion {c1} .
x:doc a am:SourceDocument ; dcterms:title {_lit(SCRIPT)} ; dcterms:creator x:speaker ;
    am:textFile "hostile.txt" .
x:speaker a am:Actor ; rdfs:label {_lit(SVG)} ; am:role {_lit(TEMPLATE)} .
x:other a am:Actor ; rdfs:label {_lit(ATTR)} .
{c1} a am:Claim ; rdfs:label {_lit(IMG)} ; am:text {_lit(SCRIPT)} ;
    rdfs:comment {_lit(SVG)} ; prov:wasAttributedTo x:speaker ; am:mentions x:other ;
    am:anchor [ a oa:SpecificResource ; oa:hasSource x:doc ;
        oa:hasSelector [ a oa:TextQuoteSelector ;
            oa:exact {_lit(f"NATO {IMG} will not fight.")} ] ] .
x:e1 a am:Evidence ; rdfs:label {_lit(SCRIPT)} ; am:text {_lit(IMG)} ;
    prov:wasAttributedTo x:other ;
    am:anchor [ a oa:SpecificResource ; oa:hasSource x:doc ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {_lit(SCRIPT)} ] ] .
x:a1 a am:Claim ; rdfs:label {_lit(SVG)} ; am:text {_lit(TEMPLATE)} ;
    am:anchor [ a oa:SpecificResource ; oa:hasSource x:doc ;
        oa:hasSelector [ a oa:TextQuoteSelector ;
            oa:exact {_lit(f"Others say {TEMPLATE}.")} ] ] .
x:p1 a am:Statement ; rdfs:label {_lit(ATTR)} ; am:text {_lit(ATTR)} ; am:implicit true .
x:inf1 a am:Inference ; am:premise x:e1 , x:p1 ; am:conclusion {c1} ; am:scheme x:own .
x:own a am:Scheme ; rdfs:label {_lit(f"<b onmouseover={PWN}>scheme</b>")} .
x:conf1 a am:Conflict ; am:attacker x:a1 ; am:target x:inf1 .
"""


def hostile_arggraph() -> str:
    """An arggraph XML document (read only: no writer makes one) with payload texts."""
    edus = [f"NATO {IMG} will not fight.", SCRIPT, f"Others say {TEMPLATE}."]
    rows = [f'  <edu id="e{i}">{escape(t)}</edu>' for i, t in enumerate(edus, 1)]
    rows += [
        '  <adu id="a1" type="pro" />',
        '  <adu id="a2" type="pro" />',
        '  <adu id="a3" type="opp" />',
        '  <edge id="s1" src="e1" trg="a1" type="seg" />',
        '  <edge id="s2" src="e2" trg="a2" type="seg" />',
        '  <edge id="s3" src="e3" trg="a3" type="seg" />',
        '  <edge id="c1" src="a2" trg="a1" type="sup" />',
        '  <edge id="c2" src="a3" trg="a1" type="reb" />',
    ]
    topic = escape(ATTR, {'"': "&quot;"})
    head = f"<?xml version='1.0' encoding='UTF-8' ?>\n<arggraph id=\"{topic}\">\n"
    return head + "\n".join(rows) + "\n</arggraph>\n"


WRITABLE = [f.name for f in formats.all_formats() if f.writer is not None and f.reader is not None]
#: A file name's ending for each format (the two without their own: what they write).
SUFFIX = {f.name: f.extensions[0] for f in formats.all_formats() if f.extensions} | {
    "aif-rdf": ".ttl",
    "argmap-jsonld": ".jsonld",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The hostile map in every readable format: file by format name."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(TEXT, encoding="utf-8")
    source = folder / "hostile.ttl"
    source.write_text(hostile_map(), encoding="utf-8")
    files = {"turtle": source}
    for name in WRITABLE:
        if name == "turtle":
            continue
        target = folder / f"as-{name}{SUFFIX[name]}"
        done = CliRunner().invoke(main, ["convert", str(source), str(target), "--to", name])
        assert done.exit_code == 0, (name, done.output)
        files[name] = target
    (folder / "as-arggraph.xml").write_text(hostile_arggraph(), encoding="utf-8")
    files["arggraph"] = folder / "as-arggraph.xml"
    readable = {f.name for f in formats.all_formats() if f.reader is not None}
    assert set(files) == readable
    return files


PROBE = """() => {
  const handlers = [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on')));
  const scripts = [...document.scripts].filter(
    s => !/json/.test(s.type) && /__pwned|alert\\(1\\)/.test(s.textContent));
  const links = document.querySelectorAll('a[href^="javascript:" i], [src^="javascript:" i]');
  return { pwned: window.__pwned === 1, handlers: handlers.map(e => e.outerHTML.slice(0, 120)),
           scripts: scripts.length, links: links.length };
}"""
CLEAN = {"pwned": False, "handlers": [], "scripts": 0, "links": 0}


@contextmanager
def watched(browser: Any, url: str) -> Iterator[tuple[Any, list[str]]]:  # noqa: F811
    """A page at ``url`` with every dialog, page error and console error recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen: list[str] = []

    def dialog(d: Any) -> None:
        seen.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
    page.on("console", lambda m: seen.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("response", lambda r: seen.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    try:
        page.goto(url)
        yield page, seen
    finally:
        context.close()


def exercise_map(page: Any) -> None:
    """Unfold the map, show its speakers, search each payload, select every node and
    hover it, and open each pane: what puts a field's text on the screen."""
    page.wait_for_function("() => window.argmap && window.argmap.ready === true", timeout=30_000)
    page.evaluate("() => { argmap.showWhole(); argmap.showActors(true); argmap.resetView(); }")
    for text in PAYLOADS:
        page.evaluate("q => argmap.search(q)", text)
    ids = page.evaluate("() => argmap.visibleIds()")
    assert len(ids) >= 3
    for node in ids:
        page.evaluate("id => argmap.select(id)", node)
    for pane in ("source", "panel", "map"):
        page.evaluate("p => argmap.showPane(p)", pane)
    page.mouse.move(640, 450)
    page.mouse.move(300, 300)
    page.wait_for_timeout(300)


@pytest.mark.parametrize(
    "name", sorted({f.name for f in formats.all_formats() if f.reader is not None})
)
def test_no_payload_runs_in_the_map_of_any_format(
    name: str,
    hostile: dict[str, Path],
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    page_file = tmp_path / f"{name}.html"
    done = CliRunner().invoke(
        main, ["render", str(hostile[name]), "--from", name, "-o", str(page_file)]
    )
    assert done.exit_code == 0, done.output
    html = page_file.read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    with watched(browser, page_file.as_uri()) as (page, seen):
        exercise_map(page)
        assert page.evaluate(PROBE) == CLEAN
        assert seen == []


@pytest.mark.parametrize("name", ["turtle", "argdown"])
def test_no_payload_runs_in_the_annotator(
    name: str,
    hostile: dict[str, Path],
    browser: Any,  # noqa: F811
) -> None:
    source = hostile[name]
    folder = source.parent
    with (
        argmap_server("annotate", "hostile.txt", source.name, "--no-open", cwd=folder) as url,
        watched(browser, url) as (page, seen),
    ):
        page.wait_for_function("() => window.argmap && window.argmap.ready === true")
        assert page.evaluate("() => document.getElementById('text').textContent") == TEXT
        document = page.evaluate("() => argmap.document()")
        for group in ("statements", "inferences", "conflicts"):
            for item in document.get(group, []):
                page.evaluate("id => argmap.select(id)", item["id"])
        page.wait_for_timeout(300)
        assert page.evaluate(PROBE) == CLEAN
        assert seen == []


def test_no_payload_runs_in_the_query_page_or_the_service_description(
    hostile: dict[str, Path],
    browser: Any,  # noqa: F811
) -> None:
    source = hostile["turtle"]
    with argmap_server("serve", source.name, cwd=source.parent) as url:
        with watched(browser, url + "query") as (page, seen):
            page.wait_for_selector("textarea")
            page.fill(
                "textarea",
                "SELECT ?s ?label ?text WHERE { ?s rdfs:label ?label "
                "OPTIONAL { ?s am:text ?text } }",
            )
            page.click("button[type=submit]")
            page.wait_for_function(
                "() => document.body.textContent.includes('onerror')", timeout=20_000
            )
            shown = page.evaluate("() => document.body.textContent")
            assert IMG in shown and SCRIPT in shown  # shown as text
            assert page.evaluate(PROBE) == CLEAN
            assert seen == []
        with watched(browser, url) as (page, seen):
            exercise_map(page)
            assert page.evaluate(PROBE) == CLEAN
            assert seen == []
        # The service description (a bare GET of /sparql), as a browser asks for it.
        with watched(browser, url + "sparql") as (page, seen):
            page.wait_for_timeout(300)
            assert page.evaluate(PROBE) == CLEAN
            assert seen == []


def test_no_payload_runs_in_the_comparison_page(
    hostile: dict[str, Path],
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    # the hostile map against a copy with other payloads in its titles and one
    # statement less: every difference list entry names a payload
    source = hostile["turtle"]
    other = source.parent / "other.ttl"
    edited = source.read_text(encoding="utf-8").replace(
        f"x:e1 a am:Evidence ; rdfs:label {_lit(SCRIPT)}",
        f"x:e1 a am:Claim ; rdfs:label {_lit(SVG)}",
    )
    undercut = "x:conf1 a am:Conflict ; am:attacker x:a1 ; am:target x:inf1 ."
    assert undercut in edited
    other.write_text(edited.replace(undercut, ""), "utf-8")
    page_file = tmp_path / "compare.html"
    done = CliRunner().invoke(
        main, ["compare", str(source), str(other), "--format", "html", "-o", str(page_file)]
    )
    assert done.exit_code == 0, done.output
    with watched(browser, page_file.as_uri()) as (page, seen):
        page.wait_for_function("() => window.argmapComparison && window.argmapComparison.ready")
        buttons = page.query_selector_all("button.diff")
        assert len(buttons) >= 2
        for button in buttons:
            button.click()
        for statement in page.query_selector_all("li.statement"):
            statement.click()
        shown = page.evaluate("() => document.body.textContent")
        assert SCRIPT in shown and SVG in shown  # shown as text
        assert page.evaluate(PROBE) == CLEAN
        assert seen == []
