"""Authoring: the README's "Map your own text" example builds, and every mistake an
Argdown author can make is reported in Argdown's terms at the Argdown's line and
column, through `argmap validate` and `argmap build`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import PREFIXES, SMALL_MAP, SOURCE_TEXT

from graph.anchors import QuoteIndex, check_anchors, locate_quote, source_texts
from graph.cli import main
from graph.formats import load
from graph.formats.argdown_terms import DATA, FRONT_MATTER, RELATIONS
from graph.pipeline import open_map, validate_map

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Map your own text") : README.index("## Asking the map questions")]
TEXT = re.search(r"A text, `cars.txt`:\n\n```text\n(.*?)```", SECTION, re.S).group(1)  # type: ignore[union-attr]
MAP = re.search(r"`cars.argdown`[^\n]*:\n\n```argdown\n(.*?)```", SECTION, re.S).group(1)  # type: ignore[union-attr]
WRONG = SECTION[SECTION.index("#### When something is wrong") :]
SHOWN = re.findall(r"```text\n(.*?)\n```", WRONG, re.S)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Write cars.txt and (an edited) cars.argdown into tmp_path, and work there."""
    monkeypatch.chdir(tmp_path)

    def write(document: str = MAP, text: str = TEXT) -> Path:
        (tmp_path / "cars.txt").write_text(text, encoding="utf-8")
        (tmp_path / "cars.argdown").write_text(document, encoding="utf-8")
        return tmp_path / "cars.argdown"

    return write


def edit(old: str, new: str, document: str = MAP) -> str:
    assert document.count(old) == 1, old
    return document.replace(old, new)


def line_of(document: str, needle: str, column_of: str | None = None) -> str:
    """``line:column`` of ``column_of`` (default ``needle``) on the line holding ``needle``."""
    for number, line in enumerate(document.splitlines(), 1):
        if needle in line:
            return f"{number}:{line.index(column_of or needle) + 1}"
    raise AssertionError(needle)


# --------------------------------------------------------------------- the README


def test_the_readme_example_builds(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write()
    result = run("build", "cars.argdown", "-o", "out")
    assert result.exit_code == 0, result.output
    assert "statements   7 (3 claim, 2 evidence, 1 prediction, 1 proposal)" in result.output
    assert "conflicts    3 (2 rebuttals, 1 undercut)" in result.output
    assert "quotes       6 (1 implicit statement)" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["cars.html", "cars.ttl"]
    checked = run("validate", "cars.argdown")
    assert checked.exit_code == 0 and checked.output.strip() == "cars.argdown: valid"


def test_the_readme_example_has_what_the_readme_says(write) -> None:  # type: ignore[no-untyped-def]
    store = open_map(write())
    premises = store.rows(
        "SELECT ?i (COUNT(?p) AS ?n) WHERE { ?i am:premise ?p } GROUP BY ?i HAVING (COUNT(?p) > 2)"
    )
    assert len(list(premises)) == 1  # the linked premises
    (scheme,) = store.rows("SELECT ?s WHERE { ?i am:scheme ?s }")
    assert scheme == ("https://w3id.org/argmap#ArgumentFromNegativeConsequences",)
    undercut = store.rows(
        "SELECT ?l WHERE { ?c am:attacker/rdfs:label ?l ; am:target ?i . ?i a am:Inference }"
    )
    assert list(undercut) == [("Electric cars",)]
    (implicit,) = store.rows("SELECT ?l WHERE { ?s am:implicit true ; rdfs:label ?l }")
    assert implicit == ("Health first",)


@pytest.mark.parametrize(
    ("index", "old", "new"),
    [
        (0, "title: Cities without cars\n", ""),
        (1, 'quote: "Air pollution harms children"', 'quote: "Air pollution hurts children"'),
        (2, 'quote: "most of it comes from traffic"', 'quote: "traffic"'),
    ],
)
def test_the_readme_shows_what_argmap_prints(write, index: int, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    assert len(SHOWN) == 3
    write(edit(old, new))
    result = run("validate", "cars.argdown")
    assert SHOWN[index] in result.output.splitlines()


def _table(title: str) -> list[str]:
    part = SECTION[SECTION.index(title) :]
    table = part[part.index("\n|") : part.index("\n\n", part.index("\n|"))]
    return [row.split("|")[1].strip() for row in table.strip().splitlines()[2:]]


def test_the_readme_reference_lists_every_key_and_relation() -> None:
    assert _table("#### What the front matter accepts") == [f"`{k.name}`" for k in FRONT_MATTER]
    assert _table("#### What a statement's or argument's data accepts") == [
        f"`{k.name}`" for k in DATA
    ]
    assert _table("#### Relations") == [
        " or ".join(f"`{s}`" for s in symbols.split(" or ")) for symbols, _ in RELATIONS
    ]
    keys = {"title", "author", "date", "source", "sourceTitle", "base", "actors", "role"}
    assert keys <= {k.name for k in FRONT_MATTER}
    data = {"kind", "speaker", "mentions", "main", "implicit", "quote", "scheme", "answers"}
    assert data | {"baseScore", "comment", "id", "start", "prefix"} <= {k.name for k in DATA}


# --------------------------------------------------------------------- mistakes

MISTAKES = [
    # name, old, new, the line printed (with {at} the expected line:column)
    (
        "no title",
        "title: Cities without cars\n",
        "",
        "cars.argdown:1:1: the map has no title: add `title: ...` to the front matter "
        "(between the === lines), or `sourceTitle: ...` for the text's own title",
    ),
    (
        "a date that is not one",
        "date: 2024-03-01",
        "date: 1 March 2024",
        'cars.argdown:5:7: the front matter\'s date "1 March 2024" is not a date: write it '
        "as `date: 2022-04-25` (year-month-day), a year (`date: 2022`) or a date and time "
        "(`date: 2022-04-25T18:30:00Z`), and only one",
    ),
    (
        "a quote not in the text",
        'quote: "Air pollution harms children"',
        'quote: "Air pollution hurts children"',
        'cars.argdown:{at}: [Pollution harms children]: the quote "Air pollution hurts '
        'children" is not in `cars.txt`; the nearest passage (line 2, column 1) is "Air '
        'pollution harms children, and": copy the words exactly from the text',
    ),
    (
        "a quote on an implicit premise",
        "{implicit: true, speaker: Ana Ruiz}",
        '{implicit: true, speaker: Ana Ruiz, quote: "Cities should"}',
        "cars.argdown:{at}: [Health first]: it is marked `implicit: true` but has a quote: "
        "an implicit premise is one the text does not state; remove the quote, or remove "
        "`implicit: true`",
    ),
    (
        "a scheme that is no scheme",
        "{scheme: ArgumentFromNegativeConsequences}",
        "{scheme: ex:Consequences}",
        "cars.argdown:{at}: <Children's health>: `scheme: ex:Consequences` is not one of "
        "argmap's argumentation schemes: write one of ArgumentFromAnalogy, ",
    ),
    (
        "a conclusion that is also a premise",
        "(3) [Health first]: Children's health matters more than drivers' convenience. "
        "{implicit: true, speaker: Ana Ruiz}",
        "(3) [Ban cars]",
        "cars.argdown:{at}: <Children's health>: its conclusion [Ban cars] is also one of its "
        "premises: an argument cannot conclude what it assumes; take it out of the premises, "
        "or conclude another statement",
    ),
]
AT = {
    "a quote not in the text": ("Air pollution hurts", None),
    "a quote on an implicit premise": ("(3) [Health first]", "implicit"),
    "a scheme that is no scheme": ("ex:Consequences", "scheme"),
    "a conclusion that is also a premise": ("<Children's health>:", None),
}


@pytest.mark.parametrize(("name", "old", "new", "said"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_said_in_argdown_terms(  # type: ignore[no-untyped-def]
    write, tmp_path: Path, name: str, old: str, new: str, said: str
) -> None:
    document = edit(old, new)
    write(document)
    if name in AT:
        said = said.replace("{at}", line_of(document, *AT[name]))
    result = run("validate", "cars.argdown")
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "warning:" not in line]
    assert any(line.startswith(said) for line in lines), result.output
    assert lines[-1] == "cars.argdown: 1 problem"
    built = run("build", "cars.argdown", "-o", "out")
    assert built.exit_code == 1
    assert any(line.startswith(said) for line in built.output.splitlines()), built.output
    said_last = [line for line in built.output.splitlines() if not line.startswith("hint: ")]
    assert said_last[-1] == "error: cars.argdown: 1 problem in the map"
    assert not (tmp_path / "out").exists()


def test_an_unreadable_text_file_is_said_once_at_source(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(edit("source: cars.txt", "source: car.txt"))
    result = run("validate", "cars.argdown")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "cars.argdown:3:9: cannot read the text file `car.txt` that `source:` names in the "
        f"front matter (No such file or directory: {tmp_path.resolve() / 'car.txt'}): give "
        "the path of the text relative to the map file",
        "cars.argdown: 1 problem",
    ]
    assert run("build", "cars.argdown", "-o", "out").exit_code == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'kind: evidence, speaker: Ana Ruiz, quote: "the',
            'kind: evidense, speaker: Ana Ruiz, quote: "the',
            "unknown kind 'evidense'",
        ),
        (
            "{scheme: ArgumentFromNegativeConsequences}",
            "{scheme: ArgumentFromBadConsequences}",
            "unknown scheme 'ArgumentFromBadConsequences'",
        ),
        ("{main: true, kind: proposal,", "{main: yes, kind: proposal,", "'main' is true or false"),
    ],
)
def test_what_the_reader_rejects_is_said_at_its_line(  # type: ignore[no-untyped-def]
    write, tmp_path: Path, old: str, new: str, message: str
) -> None:
    document = edit(old, new)
    write(document)
    line = line_of(document, new).split(":")[0]
    for args in (["validate", "cars.argdown"], ["build", "cars.argdown", "-o", "out"]):
        result = run(*args)
        assert result.exit_code == 1
        assert re.match(rf"error: cars\.argdown:{line}:\d+: {re.escape(message)}", result.output)
    assert not (tmp_path / "out").exists()


def test_missing_author_and_missing_quote_are_warnings(write) -> None:  # type: ignore[no-untyped-def]
    document = edit("author: Ana Ruiz\n", "")
    document = edit(', quote: "a ban would ruin them"', "", document)
    write(document)
    result = run("validate", "cars.argdown")
    assert result.exit_code == 0, result.output
    at = line_of(document, "[Shops would suffer]:", "[Shops")
    assert result.output.splitlines() == [
        "cars.argdown:1:1: warning: the text's author is not named: add `author: NAME` to "
        "the front matter (`author: [NAME, NAME]` for several)",
        f"cars.argdown:{at}: [Shops would suffer]: warning: it quotes nothing from "
        '`cars.txt`: add `{quote: "its words in the text"}`, or mark it `{implicit: true}` '
        "if the text leaves it unsaid",
        "cars.argdown: valid (2 warnings)",
    ]


def test_a_speaker_not_among_the_actors_is_a_warning(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = edit("{speaker: Shopkeepers,", "{speaker: Shopkeeper,")
    write(document)
    at = line_of(document, "speaker: Shopkeeper,", "speaker")
    warning = (
        f"cars.argdown:{at}: [Shops would suffer]: warning: `speaker: Shopkeeper` is not one "
        'of the actors of the front matter (did you mean "Shopkeepers"?): fix the name, or '
        "add it under `actors:`"
    )
    result = run("validate", "cars.argdown")
    assert result.exit_code == 0 and warning in result.output.splitlines()
    built = run("build", "cars.argdown", "-o", "out")
    assert built.exit_code == 0 and warning in built.output.splitlines()
    assert (tmp_path / "out" / "cars.ttl").exists()


# --------------------------------------------------------------------- repeated quotes


def test_a_repeated_quote_is_a_warning_naming_every_occurrence(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = edit('quote: "most of it comes from traffic"', 'quote: "traffic"')
    write(document)
    at = line_of(document, 'quote: "traffic"', 'traffic"')
    expected = (
        f'cars.argdown:{at}: [Traffic pollutes]: warning: the quote "traffic" occurs 2 times '
        "in `cars.txt`: line 2, column 57, `start: 99` (…comes from «traffic». Shopkeepers "
        "say…); line 5, column 60, `start: 281` (…pollution of «traffic».); the first is "
        'taken: to choose one, write `{quote: {exact: "traffic", start: N}}` with the start '
        "of the one you mean"
    )
    assert TEXT[99:106] == TEXT[281:288] == "traffic"
    result = run("validate", "cars.argdown")
    assert result.exit_code == 0
    assert result.output.splitlines() == [expected, "cars.argdown: valid (1 warning)"]
    built = run("build", "cars.argdown", "-o", "out")
    assert built.exit_code == 0 and expected in built.output.splitlines()


@pytest.mark.parametrize(
    ("quote", "start"),
    [
        ('{exact: "traffic", start: 281}', 281),
        ('{exact: "traffic", start: 99, end: 106}', 99),
        ('{exact: "traffic", prefix: "pollution of "}', 281),
        ('{exact: "traffic", suffix: ".\\nShopkeepers"}', 99),
    ],
)
def test_a_quote_mapping_chooses_the_occurrence(write, quote: str, start: int) -> None:  # type: ignore[no-untyped-def]
    path = write(edit('quote: "most of it comes from traffic"', f"quote: {quote}"))
    assert validate_map(path) == []
    store = open_map(path)
    (found,) = store.rows(
        "SELECT ?start WHERE { ?s rdfs:label 'Traffic pollutes' ; am:anchor/oa:hasSelector/"
        "oa:start ?start }"
    )
    assert found == (str(start),)


TWICE = SMALL_MAP.replace(
    'oa:exact "Air pollution harms children" ]',
    'oa:exact "Air pollution harms children" EXTRA ]',
)


def _twice(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "source.txt").write_text(
        SOURCE_TEXT + "Again: Air pollution harms children. Yes.\n", encoding="utf-8"
    )
    path = tmp_path / "map.ttl"
    path.write_text(TWICE.replace("EXTRA", extra), encoding="utf-8")
    return path


SECOND = len(SOURCE_TEXT) + len("Again: ")


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        ('; oa:prefix "Again: "', SECOND),
        ('; oa:suffix ". Yes."', SECOND),
        ('; oa:prefix "downtown. "', SOURCE_TEXT.index("Air")),
        (
            f"] , [ a oa:TextPositionSelector ; oa:start {SECOND} ; oa:end {SECOND + 28}",
            SECOND,
        ),
        (f"] , [ a oa:TextPositionSelector ; oa:start {SECOND}", SECOND),
    ],
)
def test_turtle_prefix_suffix_and_offsets_choose_the_occurrence(
    tmp_path: Path, extra: str, start: int
) -> None:
    path = _twice(tmp_path, extra)
    assert validate_map(path) == []
    store = open_map(path)
    rows = store.rows(
        "SELECT ?start ?end WHERE { <https://example.org/map#pollution> "
        "am:anchor/oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }"
    )
    assert list(rows) == [(str(start), str(start + 28))]


def test_a_turtle_repeated_quote_says_how_to_choose_in_turtle(tmp_path: Path) -> None:
    path = _twice(tmp_path, "")
    result = run("validate", str(path))
    assert result.exit_code == 0
    (warning, summary) = result.output.splitlines()
    line = TWICE.splitlines().index(
        next(x for x in TWICE.splitlines() if "Air pollution harms children" in x)
    )
    assert warning.startswith(f"{path}:{line + 1}:")
    assert (
        "ex:pollution: warning: the quote 'Air pollution harms children' occurs 2 times" in warning
    )
    assert (
        "line 1, column 34 (oa:start 33): …cars downtown. «Air pollution harms children». "
        f"Traffic kills…; line 2, column 8 (oa:start {SECOND}): …customers. Again: «Air "
        "pollution harms children». Yes.; the first is taken (choose one with an "
        "oa:TextPositionSelector giving its oa:start and oa:end, or an oa:prefix or oa:suffix "
        "that only it has)"
    ) in warning
    assert summary.endswith("valid (1 warning)")


def test_a_prefix_that_matches_nothing_is_a_warning(tmp_path: Path) -> None:
    path = _twice(tmp_path, '; oa:prefix "Nowhere "')
    (problem,) = validate_map(path)
    assert problem.severity == "warning" and problem.rule == "quote-context-mismatch"
    assert "match none of its 2 occurrences in source.txt; the first is taken" in problem.message


def test_the_first_occurrence_is_still_taken_and_derived(tmp_path: Path) -> None:
    store = load(_twice(tmp_path, ""))
    texts, _ = source_texts(store)
    checked = check_anchors(store, texts)
    (warning,) = checked.problems
    assert (
        warning.rule == "quote-ambiguous" and warning.focus == "https://example.org/map#pollution"
    )
    occurrences = warning.facts["occurrences"]
    assert isinstance(occurrences, list)
    assert [o["start"] for o in occurrences] == [33, SECOND]
    assert [o["line"] for o in occurrences] == [1, 2]


@pytest.mark.parametrize("context", ["", '; oa:prefix "Nowhere "'])
def test_without_warnings_the_same_anchors_are_taken(tmp_path: Path, context: str) -> None:
    # what the commands that show no warning ask for (query, serve, info, ...)
    store = load(_twice(tmp_path, context))
    texts, _ = source_texts(store)
    warned = check_anchors(store, texts)
    quiet = check_anchors(store, texts, warnings=False)
    assert [p.severity for p in warned.problems] == ["warning"]
    assert quiet.problems == []
    assert len(quiet.quads) == len(warned.quads) > 0
    assert {str(t) for t in quiet.quads if "_:" not in str(t)} == {
        str(t) for t in warned.quads if "_:" not in str(t)
    }
    assert sorted(t.object.value for t in quiet.quads if t.object.value.isdigit()) == sorted(
        t.object.value for t in warned.quads if t.object.value.isdigit()
    )


def test_locate_quote_honours_prefix_and_suffix() -> None:
    text = "a cat. a dog. a cat. the end"
    assert locate_quote(text, "a cat") == (0, 5)
    assert locate_quote(text, "a cat", prefix="dog. ") == (14, 19)
    assert locate_quote(text, "a cat", suffix=". the") == (14, 19)
    assert locate_quote(text, "a cat", prefix="dog. ", index=QuoteIndex(text)) == (14, 19)
    long = "x " * 10 + "the same long words again and again here " * 3
    index = QuoteIndex(long)
    quote = "the same long words again and again here"
    assert index.find_all(quote) == [20, 61, 102]
    assert locate_quote(long, quote, prefix="here ", index=index) == (61, 101)


def test_the_nato_seed_has_no_ambiguous_quote() -> None:
    problems = validate_map()
    assert [p for p in problems if p.rule.startswith("quote-")] == []
    assert problems == []


def test_a_turtle_map_keeps_its_rdf_terms(tmp_path: Path) -> None:
    (tmp_path / "source.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = tmp_path / "map.ttl"
    path.write_text(
        PREFIXES + SMALL_MAP.split(PREFIXES, 1)[1].replace('dcterms:title "On cars" ;', ""),
        encoding="utf-8",
    )
    (problem,) = validate_map(path)
    assert str(problem).endswith(
        "ex:doc: dcterms:title: A source document needs exactly one dcterms:title: add the "
        "title of the text, or keep only one."
    )


def test_a_base_score_out_of_range_is_said_at_its_key(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = edit(
        '{kind: evidence, speaker: Ana Ruiz, quote: "Air',
        '{baseScore: 1.5, kind: evidence, speaker: Ana Ruiz, quote: "Air',
    )
    write(document)
    at = line_of(document, "baseScore: 1.5", "baseScore")
    said = (
        f"cars.argdown:{at}: [Pollution harms children]: `baseScore: 1.5` is not a number from "
        "0 to 1: write its prior strength as, for example, `{baseScore: 0.7}`, and only one"
    )
    result = run("validate", "cars.argdown")
    assert result.exit_code == 1 and said in result.output.splitlines(), result.output
    built = run("build", "cars.argdown", "-o", "out")
    assert built.exit_code == 1 and said in built.output.splitlines()
    assert not (tmp_path / "out").exists()


def test_a_misspelled_key_is_a_warning_naming_the_key_meant(write) -> None:  # type: ignore[no-untyped-def]
    document = edit("author: Ana Ruiz", "autor: Ana Ruiz")
    document = edit(
        '{kind: evidence, speaker: Ana Ruiz, quote: "Air',
        '{knd: evidence, speaker: Ana Ruiz, quote: "Air',
        document,
    )
    write(document)
    result = run("validate", "cars.argdown")
    lines = result.output.splitlines()
    at = line_of(document, "autor:")
    assert (
        f"cars.argdown:{at}: warning: `autor` is not a key argmap reads: did you mean `author`?"
        in lines
    )
    at = line_of(document, "knd:")
    assert (
        f"cars.argdown:{at}: warning: `knd` is not a key argmap reads: did you mean `kind`?"
        in lines
    )
    assert not any("isGroup" in line for line in lines)


def test_words_inside_a_quoted_value_name_no_key(write) -> None:  # type: ignore[no-untyped-def]
    """A comment such as "Reported speech, quoted: her words" is a value, not a key
    (`quoted` is close to `quote`, and was once said to be a misspelling of it)."""
    document = edit(
        '{kind: evidence, speaker: Ana Ruiz, quote: "Air',
        '{comment: "Reported speech, quoted: her words", kind: evidence, speaker: Ana Ruiz, '
        'quote: "Air',
    )
    write(document)
    result = run("validate", "cars.argdown")
    assert "is not a key argmap reads" not in result.output, result.output


def test_yaml_front_matter_says_to_use_argdowns_lines(write) -> None:  # type: ignore[no-untyped-def]
    document = MAP.replace("===", "---")
    write(document)
    result = run("build", "cars.argdown", "-o", "out")
    assert result.exit_code == 1
    assert (
        "cars.argdown:1:1: the front matter goes between two '===' lines in Argdown"
        in result.output
    )


def test_a_quote_that_occurs_many_times_lists_ten_and_counts_the_rest(tmp_path: Path) -> None:
    from graph.anchors import SHOWN_OCCURRENCES

    path = _twice(tmp_path, "")
    more = "Air pollution harms children. " * 24
    (tmp_path / "source.txt").write_text(SOURCE_TEXT + more + "\n", encoding="utf-8")
    store = load(path)
    texts, _ = source_texts(store)
    (warning,) = check_anchors(store, texts).problems
    assert warning.rule == "quote-ambiguous" and warning.facts["count"] == 25
    occurrences = warning.facts["occurrences"]
    assert isinstance(occurrences, list) and len(occurrences) == SHOWN_OCCURRENCES
    starts = [o["start"] for o in occurrences]
    assert starts[0] == SOURCE_TEXT.index("Air") and starts == sorted(starts)
    assert "occurs 25 times" in warning.message
    assert "; and 15 more; the first is taken" in warning.message
