"""argmap diff and re-anchoring: quotes found again in an edited text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.cli import main
from graph.reanchor import Quote, reanchor

SENTENCES = [
    "Cities should ban cars from their centres.",
    "Air pollution harms children.",
    "Most of it comes from traffic.",
    "Shopkeepers say that a ban would ruin them.",
    "In Ghent the shops sell more than before.",
    "Electric cars will soon end the pollution.",
    "Buses are cheap.",
    "Trams are quiet.",
]


def _quotes(text: str, chosen: list[str]) -> list[Quote]:
    return [Quote(q, text.index(q), text.index(q) + len(q)) for q in chosen]


def test_kept_moved_reworded_gone() -> None:
    old = " ".join(SENTENCES[:5])
    new = "A new first line. " + " ".join(
        [SENTENCES[1], SENTENCES[0], "Most of it is from traffic.", SENTENCES[3]]
    )
    found = reanchor(old, new, _quotes(old, SENTENCES[:5]))
    # two sentences swapped: one of them moved, the other kept its place
    assert sorted(r.how for r in found[:2]) == ["kept", "moved"]
    assert [r.how for r in found[2:]] == ["reworded", "kept", "gone"]
    for r in found:
        if r.how in ("kept", "moved"):
            assert r.start is not None and new[r.start : r.end] == r.quote.exact
            assert r.confidence == 1.0
    reworded = found[2]
    assert reworded.found == "Most of it is from traffic."
    assert 0.7 <= reworded.confidence < 1.0
    assert found[4].start is None and found[4].confidence < 0.7


def test_the_old_context_chooses_between_repeated_words() -> None:
    old = "First, taxes rise. Then, taxes rise. Finally, taxes rise."
    new = "Finally, taxes rise. First, taxes rise. Then, taxes rise."
    quote = Quote("taxes rise", 26, 36, prefix="Then, ", suffix=". Finally")
    (found,) = reanchor(old, new, [quote])
    assert found.start == new.index("Then, taxes rise") + len("Then, ")


@settings(max_examples=60, deadline=None)
@given(
    order=st.permutations(range(len(SENTENCES))),
    inserted=st.lists(
        st.tuples(st.integers(0, len(SENTENCES)), st.sampled_from(["Yes.", "No, never.", "So?"])),
        max_size=4,
    ),
)
def test_quotes_are_found_where_their_words_went(
    order: list[int], inserted: list[tuple[int, str]]
) -> None:
    # the same sentences in another order, with others put between them: each quote
    # is found exactly where its words now are
    old = " ".join(SENTENCES)
    parts = [SENTENCES[i] for i in order]
    for at, words in sorted(inserted, reverse=True):
        parts.insert(at, words)
    new = " ".join(parts)
    found = reanchor(old, new, _quotes(old, SENTENCES))
    for r in found:
        assert r.how in ("kept", "moved"), r
        assert r.start == new.index(r.quote.exact)
    if order == sorted(order):
        assert all(r.how == "kept" for r in found)


REFERENCE_TEXT = (
    "Cities should ban cars from their centres.\n"
    "Air pollution harms children, and most of it comes from traffic.\n"
    "Shopkeepers say that a ban would ruin them.\n"
    "But in Ghent, the shops of the car-free centre sell more than before.\n"
    "Some say that electric cars will soon end the pollution of traffic.\n"
)


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    from test_authoring import MAP, TEXT

    assert TEXT == REFERENCE_TEXT
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "cars.txt").write_text(TEXT, encoding="utf-8")
    (old / "cars.argdown").write_text(MAP, encoding="utf-8")
    (new / "cars.txt").write_text(
        "Some say that electric cars will soon end the pollution of traffic.\n"
        "Cities should ban cars from their centres.\n"
        "Air pollution harms our children, and most of it comes from traffic.\n"
        "Shopkeepers say that a ban would ruin their shops.\n"
        "Cycling is faster in a city anyway.\n",
        encoding="utf-8",
    )
    edited = (
        MAP.replace('"Air pollution harms children"', '"Air pollution harms our children"')
        .replace('"a ban would ruin them"', '"a ban would ruin their shops"')
        .replace(
            "[Ghent]: In Ghent, the car-free centre's shops sell more than before. {kind: "
            'evidence, speaker: Ana Ruiz, quote: "the shops of the car-free centre sell more '
            'than before"}',
            "[Cycling]: Cycling is faster in a city. {kind: evidence, speaker: Ana Ruiz, "
            'quote: "Cycling is faster in a city"}',
        )
    )
    assert "Cycling" in edited
    (new / "cars.argdown").write_text(edited, encoding="utf-8")
    return old / "cars.argdown", new / "cars.argdown"


def test_cli_diff_reports_each_change(versions: tuple[Path, Path]) -> None:
    old, new = versions
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "quotes: 2 kept, 1 moved, 2 reworded, 1 gone",
        "statements: 1 removed, 1 added, 1 moved, 2 reworded",
        "relations: 1 removed, 1 added, 0 reversed, 0 relabelled",
        "statuses (grounded): 0 changed",
    ]
    assert "  Ghent: 'the shops of the car-free centre sell more than before'" in result.output
    assert "removed statement: Ghent" in lines and "added statement: Cycling" in lines
    assert "moved statement: Electric cars" in lines
    assert "removed relation: attack: Ghent -> Shops would suffer" in lines
    assert "added relation: attack: (new) Cycling -> Shops would suffer" in lines
    doc = json.loads(
        CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json"]).output
    )
    reworded = [q for q in doc["quotes"] if q["how"] == "reworded"]
    assert {q["found"] for q in reworded} >= {"Air pollution harms our children"}
    assert all(0.7 <= q["confidence"] < 1 for q in reworded)
    gone = [q for q in doc["quotes"] if q["how"] == "gone"]
    assert [q["statement"] for q in gone] == ["Ghent"] and gone[0]["new"] is None


def test_a_map_diffed_with_itself_has_no_change(versions: tuple[Path, Path]) -> None:
    old, _ = versions
    result = CliRunner().invoke(main, ["diff", str(old), str(old)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "quotes: 6 kept, 0 moved, 0 reworded, 0 gone",
        "statements: 0 removed, 0 added, 0 moved, 0 reworded",
        "relations: 0 removed, 0 added, 0 reversed, 0 relabelled",
        "statuses (grounded): 0 changed",
    ]
