"""argmap build --reanchor: a map whose text was edited, its quotes found again (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import SMALL_MAP, SOURCE_TEXT

from graph.anchors import check_anchors, source_texts
from graph.cli import main
from graph.edited import apply, plan
from graph.errors import ValidationError
from graph.formats import load
from graph.pipeline import build, open_map
from graph.validate import check_integrity

TRAFFIC = "Traffic kills hundreds every year"
AT = SOURCE_TEXT.index(TRAFFIC)
#: The small map, with the traffic quote's offsets given (so that an edit before it
#: leaves them pointing at other words).
MAP = SMALL_MAP.replace(
    f'oa:exact "{TRAFFIC}" ] ] .',
    f'oa:exact "{TRAFFIC}" ] , [ a oa:TextPositionSelector ; '
    f"oa:start {AT} ; oa:end {AT + len(TRAFFIC)} ] ] .",
)
#: The text edited: words before the first quote, one quote's words changed in case,
#: another's with a word inserted; the traffic quote moved by what came before it.
EDITED = (
    "In 2026, cities should ban cars downtown. Air pollution harms young children. "
    "Traffic kills hundreds every year. But shops would lose customers.\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def edited(write_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    assert MAP != SMALL_MAP
    path = write_map(MAP, source=EDITED)
    monkeypatch.chdir(path.parent)
    return path


def test_the_map_builds_before_its_text_is_edited(write_map: Callable[..., Path]) -> None:
    open_map(write_map(MAP))  # the offsets given are right for the original text


def test_without_reanchor_an_edited_text_fails_the_build_with_an_offer(edited: Path) -> None:
    result = run("build", edited.name, "-o", "out")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split(": ")[2] for line in lines[:3]] == [
        "quote not found in source.txt",
        "quote not found in source.txt",
        f"offsets {AT}..{AT + len(TRAFFIC)} hold "
        f"'{EDITED[63:96]}' but oa:exact is '{TRAFFIC}'; its words are at oa",
    ] or lines
    assert lines[-1] == (
        "hint: if the text was edited, argmap build --reanchor finds 3 of these 3 quotes "
        "in it (1 moved, 2 reworded) and reports each"
    )
    assert not (edited.parent / "out").exists()


def test_reanchor_builds_with_each_quote_where_it_is_now_and_says_so(edited: Path) -> None:
    source = edited.read_bytes()
    result = run("build", edited.name, "-o", "out", "--reanchor")
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "re-anchored (" in line]
    assert said == [
        "map.ttl:13:54: ex:ban: re-anchored (reworded, confidence 0.97): 'Cities should ban "
        "cars downtown' is now 'cities should ban cars downtown', at source.txt line 1, "
        "column 10 (oa:start 9)",
        "map.ttl:18:64: ex:pollution: re-anchored (reworded, confidence 0.90): 'Air pollution "
        "harms children' is now 'Air pollution harms young children', at source.txt line 1, "
        "column 43 (oa:start 42)",
        f"map.ttl:26:23: ex:traffic: re-anchored (moved, confidence 1.00): '{TRAFFIC}' moved, "
        f"at source.txt line 1, column 79 (oa:start {EDITED.index(TRAFFIC)})",
    ]
    assert "re-anchored 3 quotes in the edited text" in result.output
    assert edited.read_bytes() == source  # the source is left as it is
    built = load(edited.parent / "out" / "map.ttl")
    rows = built.rows(
        "SELECT ?s ?exact ?start WHERE { ?s am:anchor ?a . ?a oa:hasSelector ?q , ?p . "
        "?q oa:exact ?exact . ?p oa:start ?start }"
    )
    found = {s.rsplit("#", 1)[-1]: (exact, int(start)) for s, exact, start in rows}  # type: ignore[arg-type, union-attr]
    for name, words in [
        ("ban", "cities should ban cars downtown"),
        ("pollution", "Air pollution harms young children"),
        ("traffic", TRAFFIC),
        ("shops", "shops would lose customers"),
    ]:
        assert found[name] == (words, EDITED.index(words)), name
    # Nothing kept for the source, whose own quotes still fail: a later command says so.
    query = run("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--source", edited.name)
    assert query.exit_code == 1 and "hint: if the text was edited" in query.output


def test_a_quote_that_is_gone_still_fails_the_build_and_nothing_is_written(
    write_map: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = EDITED.replace(" But shops would lose customers.", " Buses are free now.")
    path = write_map(MAP, source=text)
    monkeypatch.chdir(path.parent)
    result = run("build", path.name, "-o", "out", "--reanchor")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith("map.ttl:33:61: ")
        and "ex:shops: quote not found in source.txt: 'shops would lose customers'" in line
        for line in lines
    ), result.output
    assert lines[-1] == (
        "hint: 3 of 4 quotes were found again in the edited text; 1 is gone: quote the new "
        "words, or drop it"
    )
    assert not (path.parent / "out").exists()


def test_the_library_says_what_it_mended_and_the_map_is_whole_again(
    write_map: Callable[..., Path],
) -> None:
    path = write_map(MAP, source=EDITED)
    with pytest.raises(ValidationError):
        open_map(path)
    store = load(path)
    texts, _ = source_texts(store)
    found = plan(store, texts, check_anchors(store, texts).problems)
    assert [(r.problem.node, r.found.how) for r in found] == [
        ("ex:ban", "reworded"),
        ("ex:pollution", "reworded"),
        ("ex:traffic", "moved"),
    ]
    assert apply(store, found) == 3
    assert check_integrity(store) == []
    result = build(path, path.parent / "out", reanchor=True, use_cache=False)
    assert [r.found.how for r in result.reanchored] == ["reworded", "reworded", "moved"]
    assert result.summary.anchors == 4
