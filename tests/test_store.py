"""Loading, writing and round-tripping maps through every RDF syntax; bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph import formats
from graph.errors import InputError
from graph.store import MapStore, atomic_write, loads

RDF_FORMATS = ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]


@pytest.mark.parametrize("name", RDF_FORMATS)
def test_every_rdf_format_round_trips_the_nato_map(
    nato: MapStore, name: str, tmp_path: Path
) -> None:
    fmt = formats.by_name(name)
    assert fmt.writer is not None
    path = tmp_path / f"map{fmt.extensions[0]}"
    path.write_bytes(fmt.writer(nato))
    again = formats.load(path)
    # a conversion carries what the map asserts; derived triples are the build's
    assert again.count() == nato.count(derived=False)
    assert isomorphic(again.merged_graph(), nato.merged_graph(derived=False))


def test_serialisation_is_deterministic(write_map) -> None:  # type: ignore[no-untyped-def]
    # Blank nodes get fresh ids on every parse; the output must not depend on them.
    path = write_map()
    first = formats.load(path).serialize("turtle")
    second = formats.load(path).serialize("turtle")
    assert first == second
    # Anchors are blank-node trees, named by where they hang and what they hold.
    assert re.search(rb"_:b[0-9a-f]{24}\b", first)


def test_blank_nodes_that_are_not_trees_are_canonicalised_by_rdfc(tmp_path: Path) -> None:
    # One blank node with two parents, and two blank nodes alike in every way: the
    # tree names cannot tell them apart, RDFC-1.0 does, and the output stays stable.
    path = tmp_path / "shared.ttl"
    path.write_text(
        "@prefix ex: <https://example.org/> .\n"
        "ex:a ex:p _:shared . ex:b ex:p _:shared . _:shared ex:v 1 .\n"
        "ex:c ex:q [ ex:w 2 ] , [ ex:w 2 ] .\n"
    )
    outputs = {formats.load(path).serialize("turtle") for _ in range(3)}
    assert len(outputs) == 1
    out = outputs.pop()
    assert b"_:c14n" in out
    assert Graph().parse(data=out, format="turtle").isomorphic(Graph().parse(path))


def test_turtle_output_keeps_the_source_prefixes(write_map) -> None:  # type: ignore[no-untyped-def]
    out = formats.load(write_map()).serialize("turtle").decode()
    assert "@prefix ex: <https://example.org/map#> ." in out
    assert "ex:ban a am:Claim" in out


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            '@prefix am: <https://w3id.org/argmap#> .\n<urn:a> am:text "x" ;\n  am:label .\n',
            "bad.ttl",
            "bad.ttl:3:",
        ),
        ("<urn:a> <urn:b> <urn:c>\n", "bad.nt", "bad.nt:"),
        ('{"@id": "urn:a", ', "bad.jsonld", "bad.jsonld"),
        ("<rdf:RDF", "bad.rdf", "bad.rdf"),
    ],
)
def test_malformed_rdf_is_an_input_error_with_its_place(
    tmp_path: Path, content: str, name: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError) as info:
        formats.load(path)
    assert str(info.value).startswith(str(tmp_path / expected))
    assert "not valid" in str(info.value)


def test_turtle_error_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text('<urn:a> <urn:b> "ok" .\n<urn:c> <urn:d> "unterminated .\n')
    with pytest.raises(InputError) as info:
        formats.load(path)
    assert info.value.line == 2
    assert info.value.column is not None


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "map.docx"
    path.write_text("hello")
    with pytest.raises(InputError, match=r"unknown file type '\.docx': expected one of \..*\.ttl"):
        formats.load(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        formats.load(tmp_path / "nope.ttl")


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.ttl"
    path.write_bytes(content)
    with pytest.raises(InputError, match="the file is empty"):
        formats.load(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.ttl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(InputError, match=r"garbage\.ttl:1:\d+: not UTF-8 text"):
        formats.load(path)


def test_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "nul.ttl"
    path.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n\x00\x00")
    with pytest.raises(InputError, match=r"nul\.ttl:2: contains NUL bytes"):
        formats.load(path)


def test_directory_is_not_a_map(tmp_path: Path) -> None:
    (tmp_path / "dir.ttl").mkdir()
    with pytest.raises(InputError, match="is a directory"):
        formats.load(tmp_path / "dir.ttl")


def test_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "map.txt"
    path.write_text("<urn:a> <urn:b> <urn:c> .\n")
    assert formats.load(path, format="ntriples").count() == 1
    with pytest.raises(InputError, match="unknown format 'nope'"):
        formats.load(path, format="nope")


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("precious")

    with pytest.raises(TypeError):
        atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_atomic_write_replaces_and_uses_normal_permissions(tmp_path: Path) -> None:
    target = atomic_write(tmp_path / "sub" / "out.txt", b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o044  # readable by others, like open() would make it


def test_derived_triples_live_in_their_own_graph() -> None:
    store = loads(
        "@prefix am: <https://w3id.org/argmap#> . <urn:a> a am:Claim ; am:supports <urn:b> ."
        " <urn:b> a am:Claim ."
    )
    from graph.derive import derive

    asserted = store.count(derived=False)
    derive(store)
    assert store.count(derived=False) == asserted
    assert store.count(derived=True) > 0
    assert store.count() == store.count(derived=False) + store.count(derived=True)


@pytest.mark.parametrize("count", [10, 5000])  # one lookup each; the predicates read once
def test_add_derived_adds_each_new_triple_once_and_none_the_map_holds(count: int) -> None:
    import pyoxigraph as ox

    from graph.vocab import DERIVED_GRAPH

    text = "".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(0, count, 2))
    store = loads(text, format="ntriples")
    p, q = ox.NamedNode("urn:p"), ox.NamedNode("urn:q")
    wanted = [
        ox.Triple(ox.NamedNode(f"urn:s{i}"), p, ox.NamedNode(f"urn:o{i}")) for i in range(count)
    ]
    wanted += [ox.Triple(ox.NamedNode(f"urn:s{i}"), q, ox.Literal(str(i))) for i in range(count)]
    added = store.add_derived(wanted + wanted[:7])  # some asserted, some twice
    assert added == count // 2 + count
    derived = {
        (qd.subject.value, qd.predicate.value, qd.object.value)
        for qd in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(DERIVED_GRAPH))
    }
    assert len(derived) == added
    assert ("urn:s1", "urn:p", "urn:o1") in derived and ("urn:s0", "urn:p", "urn:o0") not in derived
    assert store.add_derived(wanted) == 0  # all held now
