"""argmap render --exercise: a map with its roles hidden, completed and graded (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpus_folder

from graph.annotate.server import open_session
from graph.cli import main
from graph.compare import compare
from graph.exercise import LEVELS, exercise
from graph.formats import load
from graph.pipeline import open_map, write_exercise
from graph.store import MapStore, default_source

STATEMENTS = "SELECT DISTINCT ?s WHERE { ?s a am:Statement }"


@pytest.fixture(scope="module")
def reference() -> MapStore:
    return open_map(default_source(), semantics=())


@pytest.fixture(scope="module")
def exercises(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exercises")
    return {level: write_exercise(None, folder / f"{level}.ttl", level)[0] for level in LEVELS}


def _rows(store: MapStore, query: str) -> set[tuple[str | None, ...]]:
    return set(store.rows(query))


def test_each_exercise_is_a_valid_map_that_hides_only_its_level(
    reference: MapStore, exercises: dict[str, Path]
) -> None:
    statements = len(_rows(reference, STATEMENTS))
    anchored = len(
        _rows(reference, "SELECT DISTINCT ?s WHERE { ?s a am:Statement ; am:anchor ?a }")
    )
    kinds = open_map(exercises["kinds"], semantics=())
    result = compare(reference, kinds)
    assert result.statements.found == result.statements.reference == statements
    assert {k: s.recall for k, s in result.relations.items()} == dict.fromkeys(
        ("support", "linked", "attack", "undercut"), 1.0
    )
    assert result.kinds.agree == 0 and result.kinds.compared == statements  # all hidden
    assert result.main.found == 0
    assert result.schemes.differences  # the inferences' schemes are hidden, every one
    assert all(d["other"] is None for d in result.schemes.differences)
    assert result.speakers.share == 1.0

    relations = compare(reference, open_map(exercises["relations"], semantics=()))
    assert relations.statements.found == statements
    assert all(s.found == 0 and s.other == 0 < s.reference for s in relations.relations.values())
    assert relations.kinds.share == relations.speakers.share == 1.0
    assert relations.main.found == 1

    quotes = compare(reference, open_map(exercises["quotes"], semantics=()))
    assert (quotes.statements.found, quotes.statements.other) == (anchored, anchored)
    assert quotes.statements.reference == statements > anchored  # unstated premises hidden
    assert all(s.found == 0 and s.other == 0 for s in quotes.relations.values())
    assert quotes.main.found == 0 and quotes.kinds.agree == 0
    assert quotes.speakers.agree == 0  # nobody is said to speak


def test_nothing_of_the_analysis_leaks_into_an_exercise(exercises: dict[str, Path]) -> None:
    for level, path in exercises.items():
        made = load(path)
        names = {s for (s,) in made.rows("SELECT DISTINCT ?s WHERE { ?s am:text ?t }")}
        relations = "SELECT ?n WHERE { { ?n a am:Inference } UNION { ?n a am:Conflict } }"
        names |= {n for (n,) in made.rows(relations)}
        assert names, level
        # the teacher's names (nu:no-fly-zone-escalation ...) would give the analysis away
        assert all(re.fullmatch(r".*#[sr]\d+", n or "") for n in names), (level, names)
        notes = (
            "SELECT ?n WHERE { ?s am:text ?t { ?s rdfs:comment ?n } UNION { ?s am:baseScore ?n } }"
        )
        assert not _rows(made, notes), level
        assert not _rows(made, "SELECT ?s WHERE { ?s am:scheme ?x }") or level == "relations"
        assert (
            not _rows(made, "SELECT ?x WHERE { ?m am:mainConclusion ?x }") or level == "relations"
        )
        if level != "relations":
            typed = (
                "SELECT ?s WHERE { ?s a ?k . FILTER(?k IN (am:Claim, am:Evidence, am:Proposal)) }"
            )
            assert not _rows(made, typed), level
    quotes = load(exercises["quotes"])
    texts = "SELECT ?s ?t ?q WHERE { ?s am:text ?t ; am:anchor/oa:hasSelector/oa:exact ?q }"
    assert all(t == q for _, t, q in quotes.rows(texts))  # each statement says its quote


def test_the_class_completes_an_exercise_in_the_annotator(exercises: dict[str, Path]) -> None:
    for level, path in exercises.items():
        session = open_session(default_source().with_suffix(".txt"), path)
        assert session.problems == [] or all(p.severity != "error" for p in session.problems)
        made = load(path)
        texts = _rows(made, "SELECT DISTINCT ?s WHERE { ?s am:text ?t }")
        assert len(session.document["statements"]) == len(texts), level


def test_the_command_writes_an_exercise_next_to_the_maps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", "--exercise", "quotes"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "output" / "nato-ukraine.quotes.ttl"
    assert result.output.startswith(
        f"wrote {Path('output') / 'nato-ukraine.quotes.ttl'} (argmap annotate "
    )
    assert open_map(written, semantics=())  # its text file is found from where it is
    argdown = CliRunner().invoke(main, ["render", "--exercise", "kinds", "-o", "k.argdown"])
    assert argdown.exit_code == 0, argdown.output
    assert "kind: statement" in (tmp_path / "k.argdown").read_text(encoding="utf-8")
    image = CliRunner().invoke(main, ["render", "--exercise", "kinds", "--format", "png"])
    assert image.exit_code == 2 and "--exercise writes a map" in image.output


def test_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="expected one of kinds, relations, quotes"):
        exercise(load(default_source()), "everything")


@pytest.mark.corpus
def test_exercises_of_maps_nobody_here_made_are_maps(tmp_path: Path) -> None:
    # arg-microtexts (arggraph XML) and their AIF twins: linked supports, undercuts,
    # the dialogue layer; every level of each is a valid map with its statements kept
    folder = corpus_folder("microtexts")
    sources = sorted((folder / "format=arggraph,lang=en").glob("*.xml"))[:6]
    sources += sorted((folder / "format=aif,lang=en").glob("*.json"))[:6]
    assert len(sources) == 12
    for source in sources:
        reference = open_map(source, semantics=())
        for level in LEVELS:
            path, texts = write_exercise(source, tmp_path / f"{source.stem}.{level}.ttl", level)
            assert texts == [source.with_suffix(".txt")], texts
            result = compare(reference, open_map(path, semantics=()))
            assert result.statements.precision == 1.0, (source.name, level)
            if level != "quotes":
                assert result.statements.recall == 1.0, (source.name, level)


README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXERCISES = README[README.index("### Exercises:") : README.index("### When the text changes")]


def test_the_readme_exercise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_authoring import MAP, TEXT

    shown = re.search(r"```argdown\n(.*?)```", EXERCISES, re.S)
    assert shown is not None
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cars.argdown").write_text(MAP, encoding="utf-8")
    args = ["render", "cars.argdown", "--exercise", "relations", "-o", "class.argdown"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    said = "wrote class.argdown (argmap annotate cars.txt class.argdown to complete it)"
    assert result.output == said + "\n" and f"`{said}`" in " ".join(EXERCISES.split())
    assert (tmp_path / "class.argdown").read_text(encoding="utf-8") == shown.group(1)
    graded = CliRunner().invoke(main, ["compare", "cars.argdown", "class.argdown"])
    assert graded.exit_code == 0, graded.output
    lines = graded.output.splitlines()
    assert lines[1].split() == ["statements", "7", "7", "7", "1.00", "1.00", "1.00"]
    assert all(line.split()[-1] == "0.00" for line in lines[2:6])  # every relation
    assert "kinds agree: 7 of 7 (1.00)" in lines


def test_an_exercise_completed_in_the_annotator_is_graded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a student does on the page, through the calls it makes: the cars exercise
    # at the relations level, the linked support and the shopkeepers' attack drawn,
    # Ghent's attack and the electric cars' undercut forgotten.
    from test_annotate import serve
    from test_authoring import MAP, TEXT

    monkeypatch.chdir(tmp_path)
    (tmp_path / "cars.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "cars.argdown").write_text(MAP, encoding="utf-8")
    write_exercise(tmp_path / "cars.argdown", tmp_path / "class.argdown", "relations")
    for annotator in serve(open_session(tmp_path / "cars.txt", tmp_path / "class.argdown")):
        doc = annotator.document()
        by_label = {s["label"]: s["id"] for s in doc["statements"]}
        premises = [by_label[k] for k in ("Pollution harms children", "Traffic pollutes")]
        doc["inferences"].append(
            {
                "id": doc["base"] + "r1",
                "premises": [*premises, by_label["Health first"]],
                "conclusion": by_label["Ban cars"],
            }
        )
        attack = {"attacker": by_label["Shops would suffer"], "target": by_label["Ban cars"]}
        doc["conflicts"].append({"id": doc["base"] + "r2", **attack})
        saved = annotator.save(doc)
        assert [p for p in saved["problems"] if p["severity"] == "error"] == []
    result = compare(
        open_map("cars.argdown", semantics=()), open_map("class.argdown", semantics=())
    )
    assert {k: (s.found, s.reference, s.other) for k, s in result.relations.items()} == {
        "support": (3, 3, 3),
        "linked": (1, 1, 1),
        "attack": (1, 2, 1),
        "undercut": (0, 1, 0),
    }
    assert [d["from"] for d in result.relation_details["missing"]] == ["Ghent", "Electric cars"]
