"""What the README says about the shared corpora, checked against them.

Every AIF file of AraucariaDB, arg-microtexts, US2016 and QT30 is validated strictly
(no ``--lenient``): the files that are not valid maps, and at which node, must be
exactly those of the README's table "Corpus files that are not valid maps", each
with the edges the file has there. The file counts the README gives are the
corpora's. The test reads the corpora in place, from ``ARGMAP_CORPORA``.
"""

from __future__ import annotations

import json
import re
import shlex
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpus_folder

from graph.cli import main
from graph.pipeline import validate_map

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
AIF_FOLDER = "format=aif,lang=en"
#: The corpora the README's AIF paragraph counts, and their folders of AIF JSON.
AIF_CORPORA = {
    "araucaria": ("araucaria", AIF_FOLDER),
    "microtexts": ("microtexts", AIF_FOLDER),
    "us-2016": ("us-2016", AIF_FOLDER),
    "qt30": ("qt30", AIF_FOLDER),
}
TABLE = "Corpus files that are not valid maps"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n#", start)
    return text[start : end if end > 0 else len(text)]


def readme_defects() -> set[tuple[str, str, str, str]]:
    """The README's table: (corpus, file, node, what is wrong and what the file has)."""
    rows = set()
    for line in readme_section(TABLE).splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in AIF_CORPORA:
            rows.add((cells[0], cells[1], cells[2], cells[3]))
    return rows


def _edges(doc: dict, node_id: str) -> str:
    """A node's edges as the file has them: ``YA → RA, RA → I`` (or ``none``)."""
    types = {str(n["nodeID"]): n["type"] for n in doc["nodes"]}
    here = types[node_id]
    edges = sorted(
        f"{types[str(e['fromID'])]} → {here}"
        if str(e["toID"]) == node_id
        else f"{here} → {types[str(e['toID'])]}"
        for e in doc["edges"]
        if node_id in (str(e["fromID"]), str(e["toID"]))
    )
    return ", ".join(edges) or "none"


def _said(message: str) -> str:
    """A problem in short: 'inference has no am:premise (add ...)' → 'no am:premise'."""
    message = re.sub(r" \(.*\)$", "", message)
    message = re.sub(r"^(inference|conflict) has ", "", message)
    return re.sub(r"<[^>]*#node-(\w+)>", r"node \1", message)


def defects(corpus: str) -> set[tuple[str, str, str, str]]:
    """The corpus' files that fail strict validation, as rows of the README's table."""
    folder = corpus_folder(*AIF_CORPORA[corpus])
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for problem in validate_map(folder):
        if problem.severity != "error":
            continue
        file = Path(problem.path.split(":", 1)[0]).name
        match = re.search(r"#node-(\w+)$", problem.focus)
        assert match, f"a problem not about an AIF node: {problem}"
        found[(file, match.group(1))].add(_said(problem.message))
    rows = set()
    docs: dict[str, dict] = {}
    for (file, node_id), said in found.items():
        doc = docs.setdefault(file, json.loads((folder / file).read_text(encoding="utf-8")))
        doc = doc.get("AIF", doc)
        kind = next(n["type"] for n in doc["nodes"] if str(n["nodeID"]) == node_id)
        what = "; ".join(sorted(said)) + f"; its edges: {_edges(doc, node_id)}"
        rows.add((corpus, file, f"{kind} {node_id}", what))
    return rows


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", sorted(AIF_CORPORA))
def test_the_files_that_are_not_valid_maps_are_the_readmes(corpus: str) -> None:
    """Strict validation of every file: what fails is a defect of the file that the
    README lists with its place; a file that starts or stops failing breaks this."""
    listed = {row for row in readme_defects() if row[0] == corpus}
    found = defects(corpus)
    table = "\n".join(f"| {c} | `{f}` | {n} | {w} |" for c, f, n, w in sorted(found - listed))
    assert found == listed, f"not in the README's table:\n{table}\nlisted but not found:\n" + (
        "\n".join(map(str, sorted(listed - found)))
    )


def test_the_table_is_there_and_parsed() -> None:
    rows = readme_defects()
    assert rows, f"the README has no rows under {TABLE!r}"
    assert {r[0] for r in rows} <= set(AIF_CORPORA)


@pytest.mark.corpus
def test_the_readmes_file_counts_are_the_corpora() -> None:
    """'Every file of the araucaria (662), microtexts (110), ...': each count is the
    number of AIF JSON files in that corpus; and the table's file counts add up."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    claim = re.search(r"Every file of the (.*?) corpora loads", text)
    assert claim, "the README's sentence on the corpora is gone"
    counts = dict(re.findall(r"([\w-]+) \(([\d,]+)\)", claim.group(1)))
    assert set(counts) == set(AIF_CORPORA)
    for corpus, count in counts.items():
        files = list(corpus_folder(*AIF_CORPORA[corpus]).glob("*.json"))
        assert len(files) == int(count.replace(",", "")), corpus
    summary = re.search(r"strictly valid: (.*?)\.", text)
    assert summary, "the README does not say how many files are strictly valid"
    rows = readme_defects()
    for corpus, valid, total in re.findall(r"([\w-]+) ([\d,]+) of ([\d,]+)", summary.group(1)):
        bad = {f for c, f, _, _ in rows if c == corpus}
        assert int(total.replace(",", "")) == int(counts[corpus].replace(",", "")), corpus
        assert int(valid.replace(",", "")) == int(total.replace(",", "")) - len(bad), corpus


def readme_corpus_commands() -> list[list[str]]:
    """The commands of the README's block under 'Many maps at once', split as a shell
    would (each starts a line; a quoted query may span several)."""
    text = README.read_text(encoding="utf-8")
    start = text.index("**Many maps at once**")
    block = re.search(r"```sh\n(.*?)```", text[start:], re.DOTALL)
    assert block, "the README's corpus commands are gone"
    commands = re.split(r"\n(?=argmap )", block.group(1).replace("\\\n", " ").strip())
    return [shlex.split(command) for command in commands]


@pytest.mark.corpus
def test_the_readmes_corpus_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpora = corpus_folder("qt30").parent
    commands = readme_corpus_commands()
    assert [c[:2] for c in commands] == [
        ["argmap", "info"],
        ["argmap", "query"],
        ["argmap", "convert"],
    ]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    outputs = []
    for command in commands:
        args = [a.replace("$ARGMAP_CORPORA", str(corpora)) for a in command[1:]]
        result = CliRunner().invoke(main, [*args, "--no-cache"] if args[0] != "convert" else args)
        assert result.exit_code == 0, (command, result.output)
        outputs.append(result.output)
    assert "skipped 58 bad elements" in outputs[0] and "statements" in outputs[0]
    assert "skipped 7 bad elements" in outputs[1]
    maps = re.findall(r"^<file:[^>]*us-2016[^>]*\.json>\s+(\d+)$", outputs[1], re.MULTILINE)
    assert len(maps) == 5 and maps == sorted(maps, key=int, reverse=True), outputs[1]
    assert (tmp_path / "nato.argdown").is_file()
