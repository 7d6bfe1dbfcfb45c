"""The README's promises: its queries give their documented answers, its counts hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.pipeline import summarize
from graph.store import MapStore

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
PAIRS = re.findall(r"```sparql\n(.*?)```\n\n```text\n(.*?)```", README, re.DOTALL)


def test_the_readme_has_at_least_five_queries() -> None:
    assert len(PAIRS) >= 5


@pytest.mark.parametrize(("query", "answer"), PAIRS, ids=[f"query-{i}" for i in range(len(PAIRS))])
def test_readme_query_gives_its_documented_answer(query: str, answer: str) -> None:
    result = CliRunner().invoke(main, ["query", query])
    assert result.exit_code == 0, result.output
    assert result.output == answer


def test_readme_counts_match_the_map(nato: MapStore) -> None:
    summary = summarize(nato)
    match = re.search(
        r"its map: (\d+) statements .*?(\d+) inferences .*?(\d+) conflicts .*?(\d+) actors",
        README,
        re.DOTALL,
    )
    assert match, "the README no longer states the map's counts"
    assert tuple(int(g) for g in match.groups()) == (
        summary.statements,
        summary.inferences,
        summary.conflicts,
        len(summary.actors),
    )
    words = {3: "three", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
    assert f"{words[summary.implicit]} unstated premises" in README
    assert f"Its\ndialogue layer has {summary.locutions} locutions" in README


def test_quick_start_is_exactly_the_two_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make map", "make test"]


def test_readme_explain_example_is_what_the_command_prints() -> None:
    match = re.search(
        r"`argmap (explain [^`]+)` prints why:\n\n```text\n(.*?)```", README, re.DOTALL
    )
    assert match, "the README no longer shows an explain example"
    args = match.group(1).split()
    args[1] = str(Path(__file__).resolve().parent.parent / args[1])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output == match.group(2)


def test_readme_formats_table_matches_the_registry() -> None:
    from graph.formats import all_formats

    rows = dict(
        re.findall(r"^\| `([\w-]+)` \| ([^|]+) \| (?:read/write|read|write) \|", README, re.M)
    )
    assert set(rows) == {f.name for f in all_formats()}
    for fmt in all_formats():
        assert rows[fmt.name].strip() == (" ".join(fmt.extensions) or "(by name)"), fmt.name
