"""Built maps that last (graph.cache, graph.pipeline.open_built): used while current,
rebuilt when anything they were made from changed, never trusted half-written."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SMALL_MAP, SOURCE_TEXT

from graph import cache
from graph.cli import main
from graph.errors import ValidationError
from graph.formats import ReadContext
from graph.pipeline import Summary, build, open_built

LABELS = "SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?s ?l"
STATUSES = "SELECT ?s ?v WHERE { ?s am:groundedStatus ?v } ORDER BY ?s"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("ARGMAP_CACHE", str(where))
    return where


def rows(store: Any, query: str) -> list[tuple[str | None, ...]]:
    return list(store.rows(query))


def test_a_built_map_is_opened_from_the_cache_and_answers_as_the_source_does(
    write_map: Callable[..., Path], folder: Path, tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP)
    build(source, tmp_path / "out")
    assert len(list(cache.entries())) == 1
    cached = open_built(source, semantics=("grounded",))
    fresh = open_built(source, semantics=("grounded",), use_cache=False)
    assert cached.cached and not fresh.cached
    for query in (LABELS, STATUSES):
        assert rows(cached.store, query) == rows(fresh.store, query)
        assert rows(cached.store, query)
    assert cached.result is not None and fresh.result is not None
    # The built map holds every semantics; the one asked for is the same.
    assert cached.result.statuses["grounded"] == fresh.result.statuses["grounded"]
    assert cached.result.strength == fresh.result.strength
    assert cached.store.path == fresh.store.path and cached.store.prefixes == fresh.store.prefixes


def test_a_changed_source_is_read_again(
    write_map: Callable[..., Path], folder: Path, tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP)
    build(source, tmp_path / "out")
    write_map(SMALL_MAP.replace('rdfs:label "Shops lose"', 'rdfs:label "Shops close"'))
    opened = open_built(source)
    assert not opened.cached
    labels = {row[1] for row in rows(opened.store, LABELS)}
    assert "Shops close" in labels and "Shops lose" not in labels
    assert open_built(source).cached  # and kept for next time


def test_a_changed_text_file_is_never_served_stale(
    write_map: Callable[..., Path], folder: Path, tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP)
    build(source, tmp_path / "out")
    assert open_built(source).cached
    # The quote "Traffic kills hundreds every year" is no longer in the text.
    (tmp_path / "source.txt").write_text(SOURCE_TEXT.replace("every year", "a year"))
    with pytest.raises(ValidationError) as failed:
        open_built(source)
    assert "Traffic kills hundreds every year" in " ".join(str(p) for p in failed.value.problems)


def test_what_the_query_does_not_read_is_not_reasoned_about(
    write_map: Callable[..., Path], folder: Path
) -> None:
    source = write_map(SMALL_MAP)
    plain = open_built(source, semantics=())
    assert plain.result is None and not plain.cached
    assert rows(plain.store, STATUSES) == []  # nothing was reasoned
    (entry,) = cache.entries()
    assert entry.semantics == [] and entry.assessment() is None
    # Asked for later, one semantics is reasoned about, kept, and reused.
    preferred = open_built(source, semantics=("preferred",))
    assert preferred.result is not None and set(preferred.result.statuses) == {"preferred"}
    both = open_built(source, semantics=("grounded",))
    assert both.result is not None and set(both.result.statuses) == {"grounded", "preferred"}
    again = open_built(source, semantics=("preferred", "grounded"))
    assert again.cached and again.result is not None
    assert again.result.statuses == both.result.statuses
    assert rows(again.store, STATUSES)


def test_an_interrupted_write_leaves_nothing_a_later_command_trusts(
    write_map: Callable[..., Path], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_map(SMALL_MAP)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt  # the user pressed Ctrl+C while the entry was written

    monkeypatch.setattr(pickle, "dump", broken)
    with pytest.raises(KeyboardInterrupt):
        open_built(source, semantics=("grounded",))
    monkeypatch.undo()
    os.environ["ARGMAP_CACHE"] = str(folder)
    assert list(folder.iterdir()) == []  # the half-written folder is gone
    # A folder left by a killed process (no manifest), or with a manifest of
    # another key, is not taken either.
    files = [source]
    key = cache.key(files, format=None, lenient=False)
    (folder / key / cache.STORE).mkdir(parents=True)
    assert cache.find(key) is None
    (folder / key / cache.MANIFEST).write_text(json.dumps({"layout": cache.LAYOUT, "key": "x"}))
    assert cache.find(key) is None
    assert not open_built(source).cached  # read afresh, and the entry written whole
    assert cache.find(key) is not None


def test_the_key_follows_the_sources_the_options_and_argmap(
    write_map: Callable[..., Path], tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP)
    first = cache.key([source], format=None, lenient=False)
    assert first == cache.key([source], format=None, lenient=False)
    assert first != cache.key([source], format=None, lenient=True)
    assert first != cache.key([source], format="turtle", lenient=False)
    write_map(SMALL_MAP + "\n# a comment\n")
    assert first != cache.key([source], format=None, lenient=False)


def test_a_lenient_read_says_what_it_skipped_when_opened_from_the_cache(
    write_map: Callable[..., Path], folder: Path
) -> None:
    broken = SMALL_MAP + "ex:lost a am:Inference ; am:premise ex:traffic .\n"
    source = write_map(broken)
    first = ReadContext(lenient=True)
    open_built(source, context=first)
    again = ReadContext(lenient=True)
    opened = open_built(source, context=again)
    assert opened.cached
    assert first.skipped >= 1 and again.skipped == first.skipped
    assert again.notes == first.notes


def test_no_cache_writes_nothing_and_cache_clear_empties_it(
    write_map: Callable[..., Path], folder: Path, tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP)
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(source), "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    query = ["query", "SELECT ?s WHERE { ?s a am:Claim }", "--source", str(source)]
    result = runner.invoke(main, [*query, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not folder.exists() or list(folder.iterdir()) == []
    result = runner.invoke(main, ["build", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    listing = runner.invoke(main, ["cache"])
    assert listing.exit_code == 0
    assert "1 built maps" in listing.output and str(source) in listing.output
    assert "statuses: grounded, complete, preferred, stable" in listing.output
    cleared = runner.invoke(main, ["cache", "clear"])
    assert cleared.exit_code == 0 and "removed 1 built maps" in cleared.output
    assert list(cache.entries()) == []


def test_the_commands_give_the_same_answers_from_the_cache(
    write_map: Callable[..., Path], folder: Path, tmp_path: Path
) -> None:
    source = write_map(SMALL_MAP)
    runner = CliRunner()
    commands = [
        ["query", STATUSES, "--source", str(source)],
        ["query", LABELS, "--source", str(source), "--format", "json"],
        ["reason", str(source), "--format", "json"],
        ["reason", str(source), "--semantics", "preferred"],
        ["explain", str(source), "ex:ban"],
        ["info", str(source)],
    ]
    fresh = [runner.invoke(main, [*c, "--no-cache"]) for c in commands]
    assert all(r.exit_code == 0 for r in fresh), [r.output for r in fresh]
    assert runner.invoke(main, ["build", str(source), "-o", str(tmp_path / "out")]).exit_code == 0
    for command, before in zip(commands, fresh, strict=True):
        after = runner.invoke(main, command)
        assert after.exit_code == 0, after.output
        assert after.output == before.output, command
    # info keeps its summary with the built map, and says the same from it.
    (entry,) = cache.entries()
    assert isinstance(entry.extra("summary"), Summary)
    again = runner.invoke(main, ["info", str(source)])
    assert again.output == fresh[-1].output
    page = tmp_path / "page.html"
    assert runner.invoke(main, ["render", str(source), "-o", str(page)]).exit_code == 0
    assert "Cities should ban cars downtown" in page.read_text(encoding="utf-8")


def test_preferred_and_stable_get_a_time_budget_and_are_computed_when_asked(
    write_map: Callable[..., Path], folder: Path, tmp_path: Path
) -> None:
    import re

    import networkx as nx

    from graph.reasoning.dung import OutOfTime, statuses

    # 12 mutual attacks: 4,096 preferred extensions, far more than no time allows.
    af = nx.DiGraph(
        [(f"a{i}", f"b{i}") for i in range(12)] + [(f"b{i}", f"a{i}") for i in range(12)]
    )
    with pytest.raises(OutOfTime):
        statuses(af, "preferred", deadline=0.0)
    assert set(statuses(af, "grounded", deadline=0.0).values()) == {"undec"}  # linear: no limit

    source = write_map(SMALL_MAP)
    runner = CliRunner()
    out = tmp_path / "out"
    built = runner.invoke(main, ["build", str(source), "-o", str(out), "--budget", "0"])
    assert built.exit_code == 0, built.output
    for name in ("preferred", "stable"):
        assert f"{name} statuses: not computed within 0 s" in built.output
    page = (out / "map.html").read_text(encoding="utf-8")
    offered = json.loads(re.search(r'"semantics":(\[[^\]]*\])', page).group(1))  # type: ignore[union-attr]
    assert offered == ["grounded", "complete"]
    assert "statuses: grounded, complete " in runner.invoke(main, ["cache"]).output
    # Asked for, it is computed (no budget), kept, and the rest reused.
    asked = runner.invoke(main, ["reason", str(source), "--semantics", "preferred"])
    assert asked.exit_code == 0, asked.output
    assert "preferred" in asked.output.splitlines()[0]
    assert "statuses: grounded, complete, preferred " in runner.invoke(main, ["cache"]).output


def test_the_cli_s_own_constants_are_the_library_s() -> None:
    """graph.cli keeps its own copies, so that its start-up imports no rdflib."""
    from graph import cli, pipeline, vocab

    assert cli.SEMANTICS_ALL == vocab.SEMANTICS
    assert cli.BUDGET == pipeline.BUDGET
