"""Entities in XML input (issue 15): bounded on every XML path, before any parser.

A billion-laughs document, an entity of 100,000 characters referenced 20,000 times,
an external entity and a recursive one are refused in well under a second, with the
line and column and, for the size, how to raise the limit; through RDF/XML (Oxigraph)
and arggraph XML (expat) alike, whichever reader the sniffing picks, and with no
output written. Entities as OWL files use them (namespace abbreviations) still read.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import formats
from graph.cli import main
from graph.errors import InputError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def laughs(root: str) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n' + "\n".join(entities) + "\n]>\n"


def rdfxml(doctype: str, label: str) -> str:
    return (
        f'{doctype}<rdf:RDF xmlns:rdf="{RDF}" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        f'  <rdf:Description rdf:about="urn:a"><rdfs:label>{label}</rdfs:label></rdf:Description>\n'
        "</rdf:RDF>\n"
    )


def arggraph(doctype: str, text: str) -> str:
    return f'{doctype}<arggraph id="x"><edu id="e1">{text}</edu></arggraph>\n'


BIG = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY big "' + "x" * 100_000 + '">\n]>\n'
HOSTILE = {
    # line None: the line of the reference that passes the limit, in the body
    "billion laughs": (laughs("rdf:RDF"), "&lol9;", None, "expand to more than 1,000,000"),
    "one big entity, many times": (BIG, "&big;" * 20_000, None, "expand to more than 1,000,000"),
    "external": (
        '<!DOCTYPE rdf:RDF [\n  <!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n',
        "&x;",
        2,
        "external entity 'x' (SYSTEM \"file:///etc/passwd\") is not read",
    ),
    "recursive": (
        '<!DOCTYPE rdf:RDF [\n<!ENTITY a "&b;">\n<!ENTITY b "&a;">\n]>\n',
        "&a;",
        2,
        "refers to itself",
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("reader", ["rdfxml", "arggraph"])
def test_hostile_entities_are_refused_quickly_with_their_place(
    kind: str, reader: str, tmp_path: Path
) -> None:
    doctype, body, line, said = HOSTILE[kind]
    text = rdfxml(doctype, body) if reader == "rdfxml" else arggraph(doctype, body)
    source = tmp_path / "map.xml"
    source.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as refused:
        formats.load(source, format=reader)
    assert time.perf_counter() - start < 5  # not the minutes and gigabytes of expanding
    assert said in refused.value.message
    if line is None:
        line = text.count("\n", 0, text.index(body[:4], text.index("]>"))) + 1
    assert refused.value.line == line and refused.value.column is not None
    if "expand" in said:
        assert "ARGMAP_XML_EXPANSION" in refused.value.message


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_commands_say_it_in_one_line_and_write_nothing(kind: str, tmp_path: Path) -> None:
    doctype, body, _, said = HOSTILE[kind]
    source = tmp_path / "map.rdf"
    source.write_text(rdfxml(doctype, body), encoding="utf-8")
    out = tmp_path / "out"
    for args in (
        ["build", str(source), "-o", str(out), "--no-cache"],
        ["validate", str(source)],
        ["convert", str(source), str(tmp_path / "map.ttl")],
        ["info", str(source), "--no-cache"],
    ):
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 1, (args, done.output)
        assert said in done.output and "Traceback" not in done.output, done.output
    assert not out.exists() and not (tmp_path / "map.ttl").exists()


def test_the_sniffed_reader_is_bounded_too(tmp_path: Path) -> None:
    """A .xml file goes to RDF/XML or arggraph by its first bytes: either is bounded."""
    source = tmp_path / "map.xml"
    source.write_text(arggraph(laughs("arggraph"), "&lol9;"), encoding="utf-8")
    with pytest.raises(InputError, match="expand to more than"):
        formats.load(source)
    source.write_text(rdfxml(laughs("rdf:RDF"), "&lol9;"), encoding="utf-8")
    with pytest.raises(InputError, match="expand to more than"):
        formats.load(source)


def test_entities_as_owl_files_use_them_still_read(tmp_path: Path) -> None:
    doctype = f'<!DOCTYPE rdf:RDF [\n  <!ENTITY rdf "{RDF}">\n  <!ENTITY ex "urn:ex:">\n]>\n'
    text = (
        f'{doctype}<rdf:RDF xmlns:rdf="&rdf;">\n'
        '  <rdf:Description rdf:about="&ex;a"><rdf:value>&ex;b</rdf:value></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    source = tmp_path / "ontology.rdf"
    source.write_text(text, encoding="utf-8")
    store = formats.load(source)
    assert list(store.rows("SELECT ?v WHERE { <urn:ex:a> ?p ?v }")) == [("urn:ex:b",)]


def test_the_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "map.rdf"
    source.write_text(rdfxml(BIG, "&big;" * 20), encoding="utf-8")
    monkeypatch.setenv("ARGMAP_XML_EXPANSION", "1000")
    with pytest.raises(InputError, match="more than 1,000 characters"):
        formats.load(source)
    monkeypatch.setenv("ARGMAP_XML_EXPANSION", "3000000")
    assert formats.load(source).count() == 1
    monkeypatch.setenv("ARGMAP_XML_EXPANSION", "lots")
    with pytest.raises(InputError, match="not a number"):
        formats.load(source)
