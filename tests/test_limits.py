"""The bounds of every reader (graph.limits): input size and nesting, each refused in
one line that names the limit and how to raise it, and raised by its variable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import formats
from graph.cli import main
from graph.errors import InputError
from graph.limits import json_depth
from graph.store import default_source

NESTING_HINT = "argmap reads up to 100 (ARGMAP_MAX_NESTING raises the limit"


def cli(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, list(args))
    assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
    return done.exit_code, done.output


def _aif(depth: int) -> str:
    """An AIF nodeset with an extra key nested ``depth`` levels (the object is one)."""
    inner = "[" * (depth - 1) + "]" * (depth - 1)
    return '{"nodes": [], "edges": [],\n "extra": ' + inner + "}"


def _argdown(levels: int) -> str:
    lines = ["[S0]: s0"] + [" " * (2 * i) + f"+ [S{i}]: s{i}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_a_source_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "map.ttl"
    source.write_bytes(default_source().read_bytes())
    size = source.stat().st_size
    monkeypatch.setenv("ARGMAP_MAX_INPUT", str(size))
    assert formats.load(source).count() > 0  # the limit itself is allowed
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "16K")
    with pytest.raises(InputError) as refused:
        formats.load(source)
    assert str(refused.value) == (
        f"{source}: the file is {size / 1024:.1f} KiB, over argmap's limit of 16 KiB for "
        "one source (ARGMAP_MAX_INPUT=2G, say, raises it)"
    )
    code, output = cli("validate", str(source))
    assert code == 1 and "over argmap's limit of 16 KiB" in output
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "lots")
    code, output = cli("validate", str(source))
    assert code == 1
    assert "ARGMAP_MAX_INPUT='lots': expected a byte count such as 2G" in output


@pytest.mark.parametrize("suffix", [".json", ".jsonld", ".argdown", ".xml", ".nt"])
def test_the_size_limit_holds_for_every_reader(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / f"big{suffix}"
    source.write_bytes(b"x" * 5000)
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "4K")
    with pytest.raises(InputError, match="over argmap's limit of 4 KiB"):
        formats.load(source)


def test_json_nesting_is_bounded_and_can_be_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert json_depth(json.loads(_aif(100))) == 100
    formats.load(_write(tmp_path / "ok.json", _aif(100)))  # the limit itself is read
    for depth in (101, 150, 100_000):  # 100,000 was past Python's recursion
        with pytest.raises(InputError) as refused:
            formats.load(_write(tmp_path / "deep.json", _aif(depth)))
        assert NESTING_HINT in str(refused.value)
        assert str(refused.value).startswith(
            f"{tmp_path}/deep.json:2:110: the JSON nests more than 100 levels deep here"
        ), str(refused.value)
    monkeypatch.setenv("ARGMAP_MAX_NESTING", "200")
    formats.load(_write(tmp_path / "deep.json", _aif(150)))
    monkeypatch.setenv("ARGMAP_MAX_NESTING", "none")
    with pytest.raises(InputError, match="ARGMAP_MAX_NESTING='none': expected a number"):
        formats.load(_write(tmp_path / "deep.json", _aif(150)))


def test_argdown_nesting_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _write(tmp_path / "deep.argdown", _argdown(1000))
    with pytest.raises(InputError) as refused:
        formats.load(source)
    assert NESTING_HINT in str(refused.value)
    assert (refused.value.line, refused.value.column) == (102, 203)
    monkeypatch.setenv("ARGMAP_MAX_NESTING", "1000")
    store = formats.load(source)  # the parser's recursion has room for 1,000 levels
    assert store.count() > 6000


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.ttl", "<urn:a> <urn:b> " + "[ <urn:c> " * 100_000 + "1" + " ]" * 100_000 + " ."),
        ("list.ttl", "<urn:a> <urn:b> " + "( " * 100_000 + "1" + " )" * 100_000 + " ."),
        (
            "deep.rdf",
            '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
            'syntax-ns#" xmlns:e="urn:e#">'
            + "<rdf:Description><e:p>" * 20_000
            + "</e:p></rdf:Description>" * 20_000
            + "</rdf:RDF>",
        ),
    ],
)
def test_rdf_syntaxes_read_deep_nesting_without_recursion(
    name: str, text: str, tmp_path: Path
) -> None:
    """Oxigraph's Turtle and RDF/XML parsers do not recurse: any depth is read."""
    assert formats.load(_write(tmp_path / name, text)).count() > 0


def test_json_ld_stops_at_oxigraphs_own_bound(tmp_path: Path) -> None:
    text = '{"@context": {"x": "urn:x"}, "x": ' + '{"x": ' * 100_000 + "1" + "}" * 100_001
    with pytest.raises(InputError) as refused:
        formats.load(_write(tmp_path / "deep.jsonld", text))
    assert "Max stack size of 65536 reached" in str(refused.value)
    assert refused.value.line == 1


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
