"""A fuzz suite over every reader, seeded with real files (issue 15).

Hypothesis mutates seed documents of each readable format (the NATO map written by
each writer, the fixtures, and real corpus files from ``ARGMAP_CORPORA``): bytes
flipped, inserted and deleted, slices cut, repeated and moved, syntax tokens of the
format dropped in, the document truncated. Each mutant goes through
``argmap convert`` into a folder whose previous output must survive a failure,
and must meet the contract:

- exit 0 (the output then reads back), or exit 1 with an ``error:`` line last;
- never a traceback, never an exception other than the command's exit;
- no output touched on failure, no temporary file left;
- no hang: each input is bounded (``BOUND`` seconds, by an alarm).

CI runs ``ARGMAP_FUZZ_EXAMPLES`` examples per format (default 25); ``make fuzz`` runs
a long campaign (2,000 per format) and prints what it tried.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpora_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import formats
from graph.cli import main
from graph.derive import derive
from graph.store import default_source

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("ARGMAP_FUZZ_EXAMPLES", "25"))
#: Seconds one input may take through convert (the slowest real seed takes under 2).
BOUND = 20
#: Bytes of a seed the mutations work on (the rest is cut off at a line's end).
SEED_BYTES = 400_000

#: Tokens of each family of syntax, dropped into the documents.
TOKENS = {
    "rdf": [
        b"<",
        b">",
        b'"',
        b"'''",
        b"@prefix",
        b"PREFIX",
        b"_:b",
        b"[",
        b"]",
        b"(",
        b")",
        b";",
        b",",
        b" .",
        b"^^",
        b"@en",
        b"\\u0000",
        b"\\",
        b"{",
        b"}",
        b"<<",
        b">>",
        b"a",
        b"\n",
        b"#",
    ],
    "json": [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b":",
        b",",
        b"null",
        b"true",
        b"1e999",
        b'"@context"',
        b'"@id"',
        b'"@type"',
        b'"nodes"',
        b'"edges"',
        b'"nodeID"',
        b'"fromID"',
        b'"toID"',
        b'"type"',
        b'"RA"',
        b'"CA"',
        b'"L"',
        b'"YA"',
        b"\\ud800",
        b"\\",
    ],
    "xml": [
        b"<",
        b">",
        b"</",
        b"/>",
        b'<!ENTITY a "aaaa">',
        b"&a;",
        b"<!DOCTYPE x [",
        b"]>",
        b"&#0;",
        b"&#x1F600;",
        b"<![CDATA[",
        b"]]>",
        b'="',
        b"rdf:about=",
        b"rdf:resource=",
        b'<edu id="e9">',
        b'<edge src="a1" trg="e1" type="sup"/>',
        b'xmlns:x="urn:x"',
        b"&amp;",
    ],
    "argdown": [
        b"[",
        b"]",
        b"<",
        b">",
        b"+ ",
        b"- ",
        b"_ ",
        b"+> ",
        b"-> ",
        b"<- ",
        b"><",
        b"===\n",
        b"{",
        b"}",
        b"#",
        b"@",
        b"(1) ",
        b"----\n",
        b"\n  ",
        b"\t",
        b"quote: ",
        b'"',
        b":",
        b"**",
        b".A.",
    ],
    "framework": [
        b"arg(",
        b"att(",
        b").",
        b"p af ",
        b"#",
        b"\n",
        b"1 2\n",
        b"-1",
        b" ",
        b"a,b",
        b"\xef\xbb\xbf",
    ],
}

#: Each reader: (format name, file suffix, family of syntax).
READERS = [
    ("turtle", ".ttl", "rdf"),
    ("ntriples", ".nt", "rdf"),
    ("nquads", ".nq", "rdf"),
    ("trig", ".trig", "rdf"),
    ("jsonld", ".jsonld", "json"),
    ("rdfxml", ".rdf", "xml"),
    ("aif", ".json", "json"),
    ("aif-rdf", ".ttl", "rdf"),
    ("argdown", ".argdown", "argdown"),
    ("arggraph", ".xml", "xml"),
    ("apx", ".apx", "framework"),
    ("tgf", ".tgf", "framework"),
    ("iccma23", ".af", "framework"),
    ("argmap-jsonld", ".jsonld", "json"),
]


def test_every_reader_is_fuzzed() -> None:
    readable = {f.name for f in formats.all_formats() if f.reader is not None}
    assert {name for name, _, _ in READERS} == readable


@cache
def _written(name: str) -> bytes:
    """The NATO map (or, for a framework, its attack graph) in the format ``name``."""
    store = formats.load(default_source())
    derive(store)
    writer = formats.by_name(name).writer
    assert writer is not None
    return writer(store)


def _corpus(*parts: str, count: int = 3) -> list[Path]:
    folder = corpora_root().joinpath(*parts)
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".json", ".xml", ".apx", ".argdown"))
    return files[:: max(1, len(files) // count)][:count]


@cache
def seeds(name: str) -> tuple[bytes, ...]:
    """Seed documents of one format: argmap's own writing, fixtures, corpus files."""
    found: list[bytes] = []
    if name != "arggraph":  # read only
        found.append(_written(name))
    if name == "aif-rdf":
        found.append((ROOT / "tests/fixtures/aif/aifdb-style.ttl").read_bytes())
    extra = {
        "turtle": [default_source()],
        "aif": [
            ROOT / "tests/fixtures/aif/xaif.json",
            ROOT / "tests/fixtures/aif/dialogue.json",
            *_corpus("qt30", "format=aif,lang=en"),
            *_corpus("us-2016", "format=aif,lang=en"),
            *_corpus("araucaria", "format=aif,lang=en"),
            *_corpus("microtexts", "format=aif,lang=en"),
        ],
        "argdown": [
            *sorted((ROOT / "tests/fixtures/argdown").glob("*.argdown")),
            *_corpus("argdown-examples", "format=argdown,lang=en"),
        ],
        "arggraph": [
            ROOT / "tests/fixtures/aif/micro.xml",
            *_corpus("microtexts", "format=arggraph,lang=en"),
        ],
        "apx": _corpus("afgen-apx"),
    }
    found += [p.read_bytes() for p in extra.get(name, [])]
    # a long seed is cut at a line's end (cutting it mid-line would break every mutant)
    return tuple(
        seed if len(seed) <= SEED_BYTES else seed[: seed.rfind(b"\n", 0, SEED_BYTES) + 1]
        for seed in found
    )


class Mutant(bytes):
    """A mutated document; its repr (in a failure report) is its length and edges."""

    def __repr__(self) -> str:
        return f"Mutant({len(self)} bytes: {bytes(self[:300])!r} ... {bytes(self[-200:])!r})"


@st.composite
def mutants(draw: st.DrawFn, name: str, family: str) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds(name))))
    tokens = TOKENS[family]
    for _ in range(draw(st.integers(1, 6))):
        n = len(data)
        at = draw(st.integers(0, n))
        kind = draw(st.sampled_from(["flip", "token", "bytes", "cut", "repeat", "move", "end"]))
        if kind == "flip" and n:
            i = min(at, n - 1)
            data[i] = draw(st.integers(0, 255))
        elif kind == "token":
            data[at:at] = draw(st.sampled_from(tokens)) * draw(st.integers(1, 3))
        elif kind == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "cut":
            data[at : at + draw(st.integers(1, 400))] = b""
        elif kind == "repeat":
            piece = bytes(data[at : at + draw(st.integers(1, 200))])
            data[at:at] = piece * draw(st.integers(1, 50))
        elif kind == "move":
            piece = bytes(data[at : at + draw(st.integers(1, 200))])
            del data[at : at + len(piece)]
            to = draw(st.integers(0, len(data)))
            data[to:to] = piece
        elif kind == "end":
            del data[at:]
    return Mutant(data)


class Hang(Exception):
    """An input took longer than :data:`BOUND`."""


@contextmanager
def bounded(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


PREVIOUS = b"the previous output, which a failed convert must leave\n"


def check_contract(name: str, suffix: str, data: bytes, folder: Path) -> int:
    """Run one input through ``argmap convert``; return its exit code."""
    for old in folder.iterdir():
        old.unlink()
    source = folder / f"input{suffix}"
    source.write_bytes(data)
    target = folder / "out.nt"
    target.write_bytes(PREVIOUS)
    with bounded(BOUND):
        done = CliRunner().invoke(main, ["convert", str(source), str(target), "--from", name])
    assert done.exception is None or isinstance(done.exception, SystemExit), (
        f"{name}: {type(done.exception).__name__}: {done.exception}"
    )
    assert "Traceback" not in done.output, done.output[-3000:]
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["input" + suffix, "out.nt"], f"{name}: files left behind: {left}"
    if done.exit_code == 0:
        assert target.read_bytes() != PREVIOUS or data == PREVIOUS
        formats.load(target)  # what convert wrote reads back
    else:
        assert done.exit_code == 1, (done.exit_code, done.output[-2000:])
        last = done.output.strip().splitlines()[-1]
        assert last.startswith("error: "), done.output[-2000:]
        assert target.read_bytes() == PREVIOUS, f"{name}: a failed convert touched the output"
    return done.exit_code


@pytest.mark.parametrize(("name", "suffix", "family"), READERS, ids=[r[0] for r in READERS])
def test_the_seeds_convert(name: str, suffix: str, family: str, tmp_path: Path) -> None:
    """Every seed itself reads (the fuzzing starts from documents that work)."""
    del family
    assert seeds(name), name
    for seed in seeds(name):
        if len(seed) >= SEED_BYTES - 4096:
            continue  # cut off: not a seed that must read
        assert check_contract(name, suffix, seed, tmp_path) == 0


@pytest.mark.parametrize(("name", "suffix", "family"), READERS, ids=[r[0] for r in READERS])
def test_the_contract_holds_under_mutation(
    name: str, suffix: str, family: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp(f"fuzz-{name}")
    codes: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=os.environ.get("ARGMAP_FUZZ_RANDOM") != "1",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutants(name, family))
    def run(data: bytes) -> None:
        codes.append(check_contract(name, suffix, data, folder))

    run()
    tried = len(codes)
    report = os.environ.get("ARGMAP_FUZZ_REPORT")
    if report:
        Path(report).parent.mkdir(parents=True, exist_ok=True)
        with open(report, "a", encoding="utf-8") as out:
            out.write(f"{name}\t{tried}\t{codes.count(0)}\t{codes.count(1)}\n")
    assert tried >= min(EXAMPLES, 10)
