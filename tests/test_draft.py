"""argmap draft: segmentation, marker rules, the Argdown it writes, the command.

Every draft must pass ``argmap build`` as it is: the property test checks this on
generated texts, the corpus test on every arg-microtext.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpus_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import main
from graph.draft import analyse, draft_argdown, draft_map, segment, write_draft
from graph.errors import InputError
from graph.formats import argdown
from graph.pipeline import validate_map


def relations(text: str) -> list[tuple[str, str, str]]:
    d = analyse(text)
    return [(d.units[r.source].text, r.kind, d.units[r.target].text) for r in d.relations]


def main_text(text: str) -> str | None:
    d = analyse(text)
    return d.units[d.main].text if d.main is not None else None


def errors(path: Path) -> list[str]:
    return [str(p) for p in validate_map(path) if p.severity == "error"]


def write_and_check(tmp_path: Path, text: str, **options: str) -> Path:
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    result = write_draft(tmp_path / "text.txt", tmp_path / "map.argdown", **options)
    assert errors(result.path) == []
    return result.path


# --- segmentation ------------------------------------------------------------------


def test_sentences_are_units_with_exact_offsets() -> None:
    text = "Dr. Smith agrees.  Cities should ban cars!\nIs it fair? Yes."
    units = segment(text)
    assert [u.text for u in units] == [
        "Dr. Smith agrees.",
        "Cities should ban cars!",
        "Is it fair?",
        "Yes.",
    ]
    assert all(text[u.start : u.end] == u.text for u in units)


def test_a_marker_after_a_comma_splits_a_sentence() -> None:
    assert [u.text for u in segment("We should act now, because the ice is melting.")] == [
        "We should act now,",
        "because the ice is melting.",
    ]
    assert [u.text for u in segment("Taxes are high, but we pay them gladly.")] == [
        "Taxes are high,",
        "but we pay them gladly.",
    ]


def test_an_opening_subordinate_clause_is_its_own_unit() -> None:
    units = segment("Although the fines are high, people still leave rubbish everywhere.")
    assert [u.text for u in units] == [
        "Although the fines are high,",
        "people still leave rubbish everywhere.",
    ]
    assert units[0].subordinate and units[0].role == "concession"


def test_no_split_where_the_marker_is_not_a_clause() -> None:
    # "as well as", "because of", "for" + noun phrase: no new clause
    for sentence in (
        "Cars are loud as well as dirty in every city.",
        "Shops close early because of the new law here.",
        "We campaigned for years, for the children of this town.",
    ):
        assert [u.text for u in segment(sentence)] == [sentence]


def test_headings_are_not_statements() -> None:
    text = "# Ban cars now\n\nCars pollute the air.\n\nA photo of a street\n\nSo ban them."
    d = analyse(text)
    assert [u.text for u in d.units] == ["Cars pollute the air.", "So ban them."]
    assert d.headings[0] == "Ban cars now"


def test_empty_and_blank_texts_have_no_units() -> None:
    assert segment("") == []
    assert segment(" \n\n\t ") == []


# --- marker rules ------------------------------------------------------------------


def test_because_supports_the_clause_before_it() -> None:
    assert relations("We should act now, because the ice is melting.") == [
        ("because the ice is melting.", "support", "We should act now,")
    ]


def test_therefore_is_supported_by_what_precedes_it() -> None:
    text = "The ice is melting. Therefore we should act now."
    assert relations(text) == [("The ice is melting.", "support", "Therefore we should act now.")]
    assert main_text(text) == "Therefore we should act now."


def test_a_contrast_attacks_the_unit_before_it() -> None:
    text = "Cities should ban cars. Cars pollute. However, buses pollute too."
    assert ("However, buses pollute too.", "attack", "Cars pollute.") in relations(text)


def test_admittedly_but_is_a_concession_and_its_answer() -> None:
    text = "We should ban cars. Admittedly, some people need them. But buses can serve them."
    assert relations(text) == [
        ("Admittedly, some people need them.", "attack", "We should ban cars."),
        ("But buses can serve them.", "attack", "Admittedly, some people need them."),
    ]
    assert main_text(text) == "We should ban cars."


def test_although_x_y_the_concession_attacks_its_main_clause() -> None:
    text = "Although cars are useful, they should be banned downtown."
    assert relations(text) == [
        ("Although cars are useful,", "attack", "they should be banned downtown.")
    ]


def test_an_addition_has_the_relation_of_the_unit_before_it() -> None:
    text = "We should ban cars. Admittedly, they are handy. And they are cheap. But they kill."
    rels = relations(text)
    assert ("And they are cheap.", "attack", "We should ban cars.") in rels
    assert ("But they kill.", "attack", "And they are cheap.") in rels


def test_unmarked_units_support_the_main_conclusion() -> None:
    text = "I think we should ban cars. They are loud. They pollute the air."
    assert relations(text) == [
        ("They are loud.", "support", "I think we should ban cars."),
        ("They pollute the air.", "support", "I think we should ban cars."),
    ]


def test_main_conclusion_cues() -> None:
    assert main_text("Cars are loud. In conclusion, cities should ban them.") == (
        "In conclusion, cities should ban them."
    )
    assert main_text("The sky is blue. Grass is green.") == "The sky is blue."
    assert main_text("Is it right? Cars are loud. Ban them, I think.") == "Ban them, I think."


def test_kinds_and_labels() -> None:
    d = analyse("Cities should ban cars. But shops would lose customers.")
    assert d.kinds == ("proposal", "claim")
    document = draft_argdown(d.text, text_file="t.txt")
    assert "[Cities should ban cars]:" in document
    assert "[Shops would lose customers]:" in document  # the marker is left out


def test_one_outgoing_relation_and_no_cycles() -> None:
    text = (
        "So we agree. Because it is true. Therefore it holds. But it fails. "
        "And so it goes. Since then, it rains. Thus we stay."
    )
    d = analyse(text)
    sources = [r.source for r in d.relations]
    assert len(sources) == len(set(sources))
    assert d.main not in sources
    targets = {r.source: r.target for r in d.relations}
    for start in targets:
        seen, node = set(), start
        while node in targets:
            assert node not in seen
            seen.add(node)
            node = targets[node]


# --- the Argdown document and the map ----------------------------------------------


def test_the_document_is_marked_as_a_draft_and_reads_back() -> None:
    document = draft_argdown("Ban cars. They pollute.", text_file="t.txt", author="Ann Lee")
    assert "# A DRAFT made by 'argmap draft'" in document
    assert 'author: "Ann Lee"' in document
    store = argdown.loads(document)
    speakers = list(
        store.rows("SELECT DISTINCT ?n WHERE { ?s prov:wasAttributedTo/rdfs:label ?n }")
    )
    assert speakers == [("Ann Lee",)]


def test_draft_map_anchors_every_statement_and_names_the_main() -> None:
    store = draft_map("Cities should ban cars. They pollute the air.", text_file="t.txt")
    rows = list(
        store.rows("SELECT ?e WHERE { ?s am:anchor/oa:hasSelector/oa:exact ?e } ORDER BY ?e")
    )
    assert rows == [("Cities should ban cars.",), ("They pollute the air.",)]
    assert list(store.rows("SELECT ?l WHERE { ?m am:mainConclusion/rdfs:label ?l }")) == [
        ("Cities should ban cars",)
    ]


def test_markup_characters_in_the_text_survive(tmp_path: Path) -> None:
    text = 'A [b] {c} <d> #e @f *g* _h_ /i // j \\k "l" — m. But n: o, p; q!\n'
    path = write_and_check(tmp_path, text)
    store = argdown.load(path)
    exact = {e for (e,) in store.rows("SELECT ?e WHERE { ?x oa:exact ?e }")}
    assert "".join(sorted(exact)) and all(e in text for e in exact)


def test_repeated_words_are_anchored_where_they_are(tmp_path: Path) -> None:
    text = "It is good. We should do it. It is good."
    path = write_and_check(tmp_path, text)
    assert f"start: {text.rindex('It is good')}" in path.read_text(encoding="utf-8")


def test_empty_text_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="no sentences to draft a map from"):
        draft_argdown("  \n", text_file="t.txt")


def test_one_sentence_and_no_markers_build(tmp_path: Path) -> None:
    write_and_check(tmp_path, "Cities should ban cars.")
    (tmp_path / "map.argdown").unlink()
    write_and_check(tmp_path, "The sky is blue. Grass is green. Water is wet.")


def test_line_breaks_inside_a_sentence(tmp_path: Path) -> None:
    text = "Cities should ban\ncars downtown, because\r\nthey pollute.\n"
    path = write_and_check(tmp_path, text.replace("\r\n", "\n"))
    assert "\\n" in path.read_text(encoding="utf-8")  # the quote keeps its line break


# --- property: any text of sentences builds ----------------------------------------

WORDS = st.sampled_from(
    [
        "we",
        "they",
        "cars",
        "cities",
        "should",
        "must",
        "ban",
        "because",
        "since",
        "so",
        "therefore",
        "but",
        "however",
        "admittedly",
        "although",
        "and",
        "also",
        "thus",
        "yet",
        "as",
        "for",
        "it",
        "is",
        "not",
        "good",
        "bad",
        "Dr.",
        "e.g.",
        "3.5",
        "[x]",
        "{y}",
        "#z",
        "@w",
        "*",
        "_",
        "/",
        "\\",
        '"',
        "'",
        "«",
        "»",
        "—",
        "ü",
        "ñ",
        "漢",
    ]
)
SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(WORDS, min_size=1, max_size=9),
    st.sampled_from([".", "!", "?", "", ",", ";"]),
)
TEXT = st.builds(
    lambda sentences, sep: sep.join(sentences),
    st.lists(SENTENCE, min_size=1, max_size=8),
    st.sampled_from([" ", "\n", "\n\n", "  "]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_any_text_of_sentences_gives_a_map_that_builds(tmp_path: Path, text: str) -> None:
    if not any(ch.isalnum() for ch in text):
        return
    map_path = tmp_path / "map.argdown"
    map_path.unlink(missing_ok=True)
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    try:
        write_draft(tmp_path / "text.txt", map_path)
    except InputError as exc:
        assert "no sentences" in str(exc)
        return
    assert errors(map_path) == []


def test_labels_are_unique_and_printable() -> None:
    letters = string.ascii_lowercase
    text = " ".join(f"Word {letters[i % 3]} is here." for i in range(9))
    d = analyse(text)
    document = draft_argdown(text, text_file="t.txt")
    titles = [line.split("]:")[0] for line in document.splitlines() if "]:" in line]
    assert len(titles) == 9 and len(titles) == len(set(titles))
    assert len(d.units) == 9


# --- the command -------------------------------------------------------------------


def test_cli_draft_writes_a_map_that_builds(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    text = tmp_path / "texts" / "essay.txt"
    text.write_text(
        "Cities should ban cars downtown. Admittedly, some people need them. "
        "But buses can serve them. Besides, cars pollute the air.\n",
        encoding="utf-8",
    )
    target = tmp_path / "maps" / "essay.argdown"
    runner = CliRunner()
    result = runner.invoke(
        main, ["draft", str(text), "-o", str(target), "--title", "Car ban", "--author", "Ann"]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"wrote {target}: 4 statements, 1 support, 2 attacks, "
        'main "Cities should ban cars downtown" (a draft: check it)\n'
    )
    written = target.read_text(encoding="utf-8")
    assert 'source: "../texts/essay.txt"' in written
    assert 'title: "Car ban"' in written
    built = runner.invoke(main, ["build", str(target), "-o", str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert "statements   4" in built.output
    assert (tmp_path / "out" / "essay.ttl").exists()


def test_cli_draft_refuses_to_overwrite(tmp_path: Path) -> None:
    text = tmp_path / "essay.txt"
    text.write_text("Ban cars. They pollute.", encoding="utf-8")
    target = tmp_path / "essay.argdown"
    target.write_text("keep me", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["draft", str(text), "-o", str(target)])
    assert result.exit_code == 1
    assert "already exists: choose another name, or pass --force" in result.output
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = runner.invoke(main, ["draft", str(text), "-o", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8").startswith("===\n")


def test_cli_draft_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["draft", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "m")])
    assert missing.exit_code == 1
    assert "no such text file" in missing.output
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result = runner.invoke(main, ["draft", str(empty), "-o", str(tmp_path / "m.argdown")])
    assert result.exit_code == 1
    assert "no sentences to draft a map from" in result.output
    assert not (tmp_path / "m.argdown").exists()
    usage = runner.invoke(main, ["draft", str(empty)])
    assert usage.exit_code == 2


# --- the corpus --------------------------------------------------------------------


@pytest.mark.corpus
def test_every_microtext_draft_builds(tmp_path: Path) -> None:
    folder = corpus_folder("microtexts", "format=arggraph,lang=en")
    texts_found = sorted(folder.glob("micro_*.txt"))
    assert len(texts_found) >= 100
    for k, text in enumerate(texts_found):
        target = tmp_path / f"{text.stem}.argdown"
        write_draft(text, target)
        assert errors(target) == [], text.name
        if k % 20 == 0:  # and, now and then, the whole build
            result = CliRunner().invoke(main, ["build", str(target), "-o", str(tmp_path)])
            assert result.exit_code == 0, result.output
