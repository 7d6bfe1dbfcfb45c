"""Anchors: quotes checked against the source text, offsets and context computed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SMALL_MAP, SOURCE_TEXT
from hypothesis import given
from hypothesis import strategies as st

from graph import formats
from graph.anchors import (
    QuoteIndex,
    check_anchors,
    find_quotes,
    locate_quote,
    nearest_passage,
    source_texts,
)
from graph.errors import ValidationError
from graph.pipeline import open_map
from graph.sparql import run_query
from graph.store import MapStore


def _positions(store: MapStore) -> dict[str, tuple[int, int, str, str]]:
    result = run_query(
        store,
        """SELECT ?s ?start ?end ?prefix ?suffix WHERE {
             ?s am:anchor ?a . ?a oa:hasSelector ?p , ?q .
             ?p oa:start ?start ; oa:end ?end . ?q oa:prefix ?prefix ; oa:suffix ?suffix }""",
    )
    return {
        s: (int(start), int(end), prefix, suffix)  # type: ignore[arg-type]
        for s, start, end, prefix, suffix in result.values()
    }


def test_offsets_prefix_and_suffix_are_computed(write_map) -> None:  # type: ignore[no-untyped-def]
    store = open_map(write_map())
    positions = _positions(store)
    start, end, prefix, suffix = positions["https://example.org/map#traffic"]
    assert SOURCE_TEXT[start:end] == "Traffic kills hundreds every year"
    assert SOURCE_TEXT[:start].endswith(prefix) and prefix
    assert SOURCE_TEXT[end:].startswith(suffix) and suffix
    assert len(prefix) <= 32 and len(suffix) <= 32
    assert "https://example.org/map#harm-matters" not in positions  # implicit: no anchor


def test_computed_positions_are_derived_not_asserted(write_map) -> None:  # type: ignore[no-untyped-def]
    store = open_map(write_map())
    asserted = formats.load(write_map())
    assert store.count(derived=False) == asserted.count()


def test_a_quote_not_in_the_text_names_the_statement_and_the_nearest_passage(
    write_map,  # type: ignore[no-untyped-def]
) -> None:
    path = write_map(
        SMALL_MAP.replace("Air pollution harms children", "Air pollution hurts children")
    )
    with pytest.raises(ValidationError) as info:
        open_map(path)
    (problem,) = info.value.problems
    assert problem.node == "<https://example.org/map#pollution>" or problem.node.endswith(
        "pollution"
    )
    assert "quote not found in source.txt: 'Air pollution hurts children'" in problem.message
    assert "nearest passage (line 1, column 34): 'Air pollution harms children" in problem.message
    # the problem points at the line of the map where the quote is written
    line = (
        SMALL_MAP.replace("harms", "hurts")
        .splitlines()
        .index(next(x for x in SMALL_MAP.replace("harms", "hurts").splitlines() if "hurts" in x))
        + 1
    )
    assert problem.path.startswith(f"{path}:{line}:")


def test_given_offsets_are_checked(write_map) -> None:  # type: ignore[no-untyped-def]
    wrong = SMALL_MAP.replace(
        'oa:exact "Cities should ban cars downtown" ]',
        'oa:exact "Cities should ban cars downtown" ] , '
        "[ a oa:TextPositionSelector ; oa:start 1 ; oa:end 32 ]",
    )
    with pytest.raises(ValidationError) as info:
        open_map(write_map(wrong))
    assert "offsets 1..32 hold 'ities should ban cars downtown.'" in str(info.value.problems[0])


def test_correct_given_offsets_pass_and_are_not_duplicated(write_map) -> None:  # type: ignore[no-untyped-def]
    right = SMALL_MAP.replace(
        'oa:exact "Cities should ban cars downtown" ]',
        'oa:exact "Cities should ban cars downtown" ] , '
        "[ a oa:TextPositionSelector ; oa:start 0 ; oa:end 31 ]",
    )
    store = open_map(write_map(right))
    rows = run_query(
        store,
        "SELECT ?p WHERE { ex:ban am:anchor/oa:hasSelector ?p . "
        "?p a oa:TextPositionSelector }".replace("ex:ban", "<https://example.org/map#ban>"),
    )
    assert len(rows.rows) == 1


def test_prefix_and_suffix_choose_between_repeated_quotes() -> None:
    text = "no. yes, no. maybe no!"
    assert locate_quote(text, "no") == (0, 2)
    assert locate_quote(text, "no", prefix="yes, ") == (9, 11)
    assert locate_quote(text, "no", suffix="!") == (19, 21)
    assert locate_quote(text, "never") is None
    assert locate_quote(text, "") is None


def test_nearest_passage_finds_the_closest_words() -> None:
    offset, passage = nearest_passage(SOURCE_TEXT, "Traffic kills thousands")
    assert offset == SOURCE_TEXT.index("Traffic")
    assert passage.startswith("Traffic kills")


def test_an_unreadable_text_file_is_a_problem(write_map, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_map(SMALL_MAP.replace('"source.txt"', '"missing.txt"'))
    store = formats.load(path)
    texts, problems = source_texts(store)
    assert texts == {}
    assert "cannot read its text file 'missing.txt'" in problems[0].message
    assert check_anchors(store, texts).problems  # and every anchor says why it is unchecked


def test_every_nato_anchor_is_verbatim(nato: MapStore) -> None:
    text = (Path(__file__).parent.parent / "seeds" / "nato-ukraine.txt").read_text()
    rows = run_query(
        nato,
        "SELECT ?exact ?start ?end WHERE { ?s am:anchor ?a . ?a oa:hasSelector ?q , ?p . "
        "?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }",
    ).values()
    assert len(rows) >= 20
    for exact, start, end in rows:
        assert text[int(start) : int(end)] == exact  # type: ignore[arg-type]


# Texts of few letters and word breaks, so that quotes repeat, overlap, and start
# inside words as well as at them.
_TEXTS = st.lists(
    st.tuples(st.sampled_from(["ab", "b", "bab", "é"]), st.sampled_from([" ", "", "\n", '"', "-"])),
    max_size=80,
).map(lambda parts: "".join(word + gap for word, gap in parts))


@given(_TEXTS, st.lists(st.tuples(st.integers(0, 300), st.integers(1, 60)), max_size=12))
def test_all_quotes_at_once_are_found_where_the_index_finds_each(
    text: str, cuts: list[tuple[int, int]]
) -> None:
    quotes = [text[i : i + n] for i, n in cuts if text[i : i + n]] + ["zz", "ab ab ab ab ab b"]
    found = find_quotes(text, quotes)
    index = QuoteIndex(text)
    for quote in quotes:
        assert found.get(quote, []) == index.find_all(quote), quote


def test_a_long_quote_is_taken_at_the_starts_of_words_where_it_occurs_there() -> None:
    text = "xab ab ab ab ab ab. ab ab ab ab ab ab"
    quote = "ab ab ab ab ab"  # inside "xab ..." (offset 1) and at the start of words
    assert find_quotes(text, [quote])[quote] == QuoteIndex(text).find_all(quote) == [4, 20, 23]
    assert find_quotes("xab ab", ["ab"])["ab"] == [1, 4]  # short: every occurrence
