"""argmap compare: alignment, scores and differences, on the seed and on the microtexts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import corpus_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_map_browser import browser  # noqa: F401 (the fixture: Chromium and Firefox)

from graph.cli import main
from graph.compare import RELATIONS, Comparison, _relations, compare
from graph.pipeline import open_map
from graph.store import MapStore, default_source, new_store
from graph.view import collect
from graph.vocab import AM

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _copy(store: MapStore) -> MapStore:
    copy = new_store(store.path)
    copy.oxigraph.extend(store.oxigraph.quads_for_pattern(None, None, None, None))
    copy.prefixes = dict(store.prefixes)
    return copy


def _without(store: MapStore, removed: set[str]) -> MapStore:
    """A copy of ``store`` where the statements ``removed`` were never made."""
    copy = _copy(store)
    for iri in removed:
        node = ox.NamedNode(iri)
        for q in list(copy.oxigraph.quads_for_pattern(node, None, None, None)):
            copy.oxigraph.remove(q)
        for q in list(copy.oxigraph.quads_for_pattern(None, None, node, None)):
            copy.oxigraph.remove(q)
    return copy


def _scores(result: Comparison) -> list[float]:
    return [
        result.statements.f1,
        *(s.f1 for s in result.relations.values()),
        result.main.f1,
        result.kinds.share,
        result.speakers.share,
        result.schemes.share,
        result.statuses.share,
    ]


@pytest.fixture(scope="module")
def nato() -> MapStore:
    return open_map(default_source(), semantics=())


def test_a_map_compared_with_itself_scores_one(nato: MapStore) -> None:
    result = compare(nato, _copy(nato))
    assert _scores(result) == [1.0] * len(_scores(result))
    assert result.statements.found == len(collect(nato).statements) > 30
    assert result.relations["support"].found > 20 and result.relations["attack"].found > 3
    assert result.main.found >= 1
    assert result.missed == result.extra == []
    assert all(entries == [] for entries in result.relation_details.values())
    assert {how for _, _, how, _ in result.pairs} == {"span", "text"}  # unstated premises
    assert all(a == b and score == 1.0 for a, b, _, score in result.pairs)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_copy_without_some_statements_scores_what_was_removed(
    nato: MapStore, data: st.DataObject
) -> None:
    statements = sorted(collect(nato).statements)
    removed = set(data.draw(st.lists(st.sampled_from(statements), min_size=1, max_size=8)))
    other = _without(nato, removed)
    result = compare(nato, other, reference_statuses={}, other_statuses={})
    n = len(statements)
    assert (result.statements.found, result.statements.reference, result.statements.other) == (
        n - len(removed),
        n,
        n - len(removed),
    )
    labels = collect(nato).statements
    assert result.missed == sorted(labels[s].label or s for s in removed)
    assert result.extra == []
    # supports and attacks: exactly those that touch no removed statement are found
    reference = _relations(collect(nato), {})
    for kind in ("support", "attack"):
        mine = {r for r in reference if r[0] == kind}
        kept = {r for r in mine if r[1] not in removed and r[2] not in removed}
        score = result.relations[kind]
        assert (score.found, score.reference, score.other) == (len(kept), len(mine), len(kept))


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_copy_with_other_kinds_disagrees_on_exactly_those(
    nato: MapStore, data: st.DataObject
) -> None:
    records = collect(nato).statements
    claims = sorted(s for s, r in records.items() if r.kind == "Claim")
    changed = set(data.draw(st.lists(st.sampled_from(claims), min_size=1, max_size=5)))
    other = _copy(nato)
    for iri in changed:
        node = ox.NamedNode(iri)
        for q in list(other.oxigraph.quads_for_pattern(node, RDF_TYPE, None, None)):
            other.oxigraph.remove(q)
        other.oxigraph.add(ox.Quad(node, RDF_TYPE, ox.NamedNode(str(AM.Evidence))))
        other.oxigraph.add(ox.Quad(node, RDF_TYPE, ox.NamedNode(str(AM.Statement))))
    result = compare(nato, other, reference_statuses={}, other_statuses={})
    assert result.statements.f1 == 1.0
    assert result.kinds.compared == len(records)
    assert result.kinds.agree == len(records) - len(changed)
    assert {(d["reference"], d["other"]) for d in result.kinds.differences} == {
        ("Claim", "Evidence")
    }
    assert len(result.kinds.differences) == len(changed)


def _microtext_pairs() -> list[tuple[Path, Path]]:
    folder = corpus_folder("microtexts")
    xml = {
        " ".join(p.read_text(encoding="utf-8").split()): p.with_suffix(".xml")
        for p in sorted((folder / "format=arggraph,lang=en").glob("*.txt"))
    }
    pairs = []
    for text in sorted((folder / "format=aif,lang=en").glob("*.txt")):
        twin = xml[" ".join(text.read_text(encoding="utf-8").split())]
        pairs.append((twin, text.with_suffix(".json")))
    return pairs


@pytest.mark.corpus
def test_the_two_annotations_of_the_microtexts_agree_but_one() -> None:
    # arg-microtexts as arggraph XML and as AIF (AIFdb): nobody here made either
    pairs = _microtext_pairs()
    assert len(pairs) == 110
    imperfect, cut_elsewhere = [], set()
    for xml, aif in pairs:
        result = compare(open_map(xml, semantics=()), open_map(aif, semantics=()))
        scores = _scores(result)
        scores.remove(result.speakers.share)  # AIFdb's maps name no speaker
        if min(scores) < 1.0:
            imperfect.append(xml.stem)
        if any(score < 1.0 for _, _, _, score in result.pairs):
            cut_elsewhere.add(xml.stem)
        assert {how for _, _, how, _ in result.pairs} == {"span"}
    # k011's AIF relates the same statements differently; b025 and d07 cut two
    # statements at another word, which the spans' overlap still aligns
    assert imperfect == ["micro_k011"]
    assert {"micro_b025", "micro_d07"} <= cut_elsewhere


@pytest.mark.corpus
def test_swapping_the_maps_swaps_precision_and_recall() -> None:
    xml, aif = next(p for p in _microtext_pairs() if p[0].stem == "micro_k011")
    a, b = open_map(xml, semantics=()), open_map(aif, semantics=())
    one, two = compare(a, b), compare(b, a)
    assert sorted((x, y) for x, y, _, _ in one.pairs) == sorted((y, x) for x, y, _, _ in two.pairs)
    for kind in RELATIONS:
        s, t = one.relations[kind], two.relations[kind]
        assert (s.found, s.reference, s.other) == (t.found, t.other, t.reference)
        assert s.f1 == t.f1
    assert one.relations["support"].f1 < 0.5  # the difference is found
    assert len(one.relation_details["missing"]) == len(two.relation_details["extra"])
    assert one.statuses.share == two.statuses.share
    assert json.dumps(compare(a, b).as_dict()) == json.dumps(one.as_dict())  # deterministic


def test_cli_compare_table_and_json(tmp_path: Path, nato: MapStore) -> None:
    seed = default_source()
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(seed), str(seed)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == [
        "element",
        "found",
        "reference",
        "other",
        "precision",
        "recall",
        "F1",
    ]
    assert "statements" in result.output and "missed" not in result.output
    result = runner.invoke(main, ["compare", str(seed), str(seed), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["statements"]["f1"] == 1.0 and doc["semantics"] == "grounded"
    assert "Jaccard" in doc["alignment"]["rule"]
    missing = runner.invoke(main, ["compare", str(seed), str(tmp_path / "none.ttl")])
    assert missing.exit_code == 1
    assert "none.ttl" in missing.output


README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
GRADING = README[
    README.index("## Grading a map against a reference") : README.index("## The interactive map")
]


def test_the_readme_grading_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_authoring import MAP, TEXT

    student = re.search(r"```argdown\n(.*?)```", GRADING, re.S)
    shown = re.search(r"```text\n(.*?)```", GRADING, re.S)
    assert student is not None and shown is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cars.argdown").write_text(MAP, encoding="utf-8")
    (tmp_path / "student.argdown").write_text(student.group(1), encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", "student.argdown"])
    assert checked.output.strip() == "student.argdown: valid"
    result = CliRunner().invoke(main, ["compare", "cars.argdown", "student.argdown"])
    assert result.exit_code == 0, result.output
    assert result.output == shown.group(1)
    # the three mistakes, each named
    assert "missed statements:\n  - Ghent" in result.output
    assert "mislabelled relations:\n  attack: Shops would suffer -> Ban cars" in result.output
    assert "kind differs: Electric cars: Prediction (reference), Evidence (other)" in result.output


@pytest.mark.browser
def test_the_comparison_page_marks_each_difference(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    browser: Any,  # noqa: F811
) -> None:
    from test_authoring import MAP, TEXT

    student = re.search(r"```argdown\n(.*?)```", GRADING, re.S)
    assert student is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cars.argdown").write_text(MAP, encoding="utf-8")
    (tmp_path / "student.argdown").write_text(student.group(1), encoding="utf-8")
    args = ["compare", "cars.argdown", "student.argdown", "--format", "html", "-o", "c.html"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0 and done.output == "wrote c.html\n", done.output
    errors: list[str] = []
    for width, side_by_side in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        errors.clear()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on(
            "request", lambda r: errors.append(r.url) if not r.url.startswith("file:") else None
        )
        page.goto((tmp_path / "c.html").as_uri())
        page.wait_for_function("() => window.argmapComparison && window.argmapComparison.ready")
        texts = [b.text_content() for b in page.query_selector_all("button.diff")]
        assert texts[0] == "missed statement: Ghent"
        assert sum("mislabelled relation" in t for t in texts) == 1
        page.click("button.diff.mislabelled")
        focused = page.evaluate(
            "() => [...document.querySelectorAll('.focus')].map(e => "
            "e.querySelector('.title').textContent)"
        )
        assert sorted(focused) == ["Ban", "Ban cars", "Shops", "Shops would suffer"]
        page.click("button.diff.missed")
        assert page.evaluate("() => document.querySelector('.focus .title').textContent") == "Ghent"
        # the missed statement is in view once clicked
        assert page.evaluate(
            "() => { const r = document.querySelector('.focus').getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight; }"
        )
        left = page.eval_on_selector("#reference", "e => e.getBoundingClientRect().toJSON()")
        right = page.eval_on_selector("#other", "e => e.getBoundingClientRect().toJSON()")
        if side_by_side:
            assert right["left"] >= left["right"] and abs(right["top"] - left["top"]) < 2
        else:
            assert right["top"] >= left["bottom"]  # one under the other on a phone
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        assert errors == []
        context.close()
