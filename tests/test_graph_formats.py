"""Graph-tool exports: abstract frameworks (apx, tgf, ICCMA 2023), GraphML, DOT, argmap JSON-LD."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Hashable
from pathlib import Path

import networkx as nx
import pytest
from conftest import corpora_root, corpus_folder
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph import formats
from graph.derive import derive
from graph.errors import InputError
from graph.formats import ReadContext, graphtools, jsonld
from graph.formats import frameworks as af_formats
from graph.reasoning import iccma
from graph.store import MapStore, default_source, new_store
from graph.store import loads as rdf_loads
from graph.view import collect, statement_graph
from graph.vocab import AM, DERIVED_GRAPH, PROV, ontology_file

AF_FORMATS = ["apx", "tgf", "iccma23"]
APX_SAFE = re.compile(r"[a-z][A-Za-z0-9_]*|0|[1-9][0-9]*")
NU = "https://w3id.org/argmap/map/nato-ukraine#"


@pytest.fixture(scope="module")
def raw_nato() -> MapStore:
    """The NATO map as read: asserted triples only (shared: do not mutate)."""
    return formats.load(default_source())


def named_framework(
    af: nx.DiGraph, names: dict[Hashable, str]
) -> tuple[set[str], set[tuple[str, str]]]:
    return {names[a] for a in af}, {(names[a], names[b]) for a, b in af.edges}


def labelled(store: MapStore) -> tuple[set[str], set[tuple[str, str]]]:
    """The framework of a map read from a framework, arguments by their labels."""
    af = af_formats.attack_graph(store)
    labels = {a: str(af.nodes[a]["label"]) for a in af}
    return named_framework(af, labels)


# ------------------------------------------------------------------- frameworks: write


@pytest.mark.parametrize("name", AF_FORMATS)
def test_every_framework_format_is_registered_once_with_what_it_loses(name: str) -> None:
    fmt = formats.by_name(name)
    assert fmt.reader is not None and fmt.writer is not None
    assert fmt.extensions == af_formats.EXTENSIONS[name] == iccma.FORMATS[name].extensions
    assert "supports" in fmt.cannot_carry and "texts" in fmt.cannot_carry


def test_the_nato_framework_is_written_with_safe_readable_names(nato: MapStore) -> None:
    text = af_formats.dumps(nato, format="apx")
    assert "arg(nato_will_not_intervene)." in text
    af = iccma.loads_apx(text)
    assert all(APX_SAFE.fullmatch(str(a)) for a in af)
    assert (len(af), af.number_of_edges()) == (51, 10)


@pytest.mark.parametrize("name", ["apx", "tgf"])
def test_apx_and_tgf_round_trip_the_nato_framework_up_to_names(nato: MapStore, name: str) -> None:
    original = af_formats.attack_graph(nato)
    expected = named_framework(original, af_formats.argument_names(original))
    back = af_formats.loads(af_formats.dumps(nato, format=name), format=name, base="urn:t")
    assert labelled(back) == expected
    # and the map read back writes the very same text
    again = af_formats.dumps(back, format=name)
    assert again == af_formats.dumps(nato, format=name)


def test_iccma23_round_trip_restores_the_iris_and_labels(nato: MapStore) -> None:
    original = af_formats.attack_graph(nato)
    text = af_formats.dumps(nato, format="iccma23")
    assert text.startswith(f"p af {len(original)}\n# 1 <{NU}")
    back = af_formats.loads(text, format="iccma23", base="urn:t")
    af = af_formats.attack_graph(back)
    assert set(af) == set(original)  # the IRIs themselves, not renamed copies
    assert set(af.edges) == set(original.edges)
    main = NU + "nato-will-not-intervene"
    assert af.nodes[main]["label"] == original.nodes[main]["label"]
    # solvers see an ordinary ICCMA 2023 file
    assert iccma.loads_iccma23(text).number_of_edges() == original.number_of_edges()


def test_iccma23_comment_labels_are_one_line(tmp_path: Path) -> None:
    store = new_store()
    a, b = URIRef("urn:m#a"), URIRef("urn:m#b")
    store.add_asserted(
        [
            (a, RDF.type, AM.Statement),
            (a, RDFS.label, Literal("two\nlines <x>")),
            (b, RDF.type, AM.Statement),
            (URIRef("urn:m#k"), RDF.type, AM.Conflict),
            (URIRef("urn:m#k"), AM.attacker, a),
            (URIRef("urn:m#k"), AM.target, b),
        ]
    )
    path = af_formats.dump(store, tmp_path / "x.af")
    assert path.read_text().splitlines() == [
        "p af 2",
        "# 1 <urn:m#a> two lines <x>",
        "# 2 <urn:m#b> b",
        "1 2",
    ]
    back = af_formats.load(path)
    af = af_formats.attack_graph(back)
    assert set(af.edges) == {("urn:m#a", "urn:m#b")}
    assert af.nodes["urn:m#a"]["label"] == "two lines <x>"


def test_a_plain_iccma23_file_gets_numbered_statements_under_its_base() -> None:
    store = af_formats.loads("p af 3\n# no IRIs here\n1 2\n2 3\n", format="iccma23", base="urn:b")
    af = af_formats.attack_graph(store)
    assert set(af.edges) == {("urn:b#arg-1", "urn:b#arg-2"), ("urn:b#arg-2", "urn:b#arg-3")}
    assert af.nodes["urn:b#arg-3"]["text"] == "3"


def test_a_read_framework_is_a_valid_map(tmp_path: Path) -> None:
    from graph.pipeline import validate_map

    path = tmp_path / "af.apx"
    path.write_text("arg(a).\narg(b).\narg(c).\natt(a,b).\natt(b,c).\n")
    assert validate_map(path) == []


def test_conflict_iris_keep_apart_names_with_dashes() -> None:
    # "a-b" attacks "c" and "a" attacks "b-c": joined naively, both are "att-a-b-c"
    store = af_formats.loads("a-b\nc\na\nb-c\n#\na-b c\na b-c\n", format="tgf")
    assert sum(1 for _ in store.rows("SELECT ?k WHERE { ?k a am:Conflict }")) == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=12, unique=True))
def test_argument_names_are_safe_and_unique(locals_: list[str]) -> None:
    af = nx.DiGraph()
    af.add_nodes_from(f"urn:m#{s}" for s in locals_)
    names = af_formats.argument_names(af)
    assert len(set(names.values())) == len(af)
    assert all(APX_SAFE.fullmatch(n) for n in names.values())


def test_argument_names_resolve_clashes_in_iri_order() -> None:
    af = nx.DiGraph([("urn:m#A-b", "urn:m#a_b"), ("urn:m#a.b", "urn:m#arg-7"), ("urn:n#7", "x")])
    assert af_formats.argument_names(af) == {
        "urn:m#A-b": "a_b",
        "urn:m#a.b": "a_b_2",
        "urn:m#a_b": "a_b_3",
        "urn:m#arg-7": "7",
        "urn:n#7": "a7_2",
        "x": "x",
    }


# -------------------------------------------------------------------- frameworks: read


def afgen_files() -> list[Path]:
    return sorted((corpora_root() / "afgen-apx").glob("*.apx"))


@pytest.mark.corpus
@pytest.mark.parametrize("path", afgen_files() or [None], ids=lambda p: p.name if p else "missing")
def test_each_afgen_framework_reads_as_a_map_and_writes_back_the_same(path: Path | None) -> None:
    if path is None:
        corpus_folder("afgen-apx")  # skips, or fails in CI, naming ARGMAP_CORPORA
        pytest.fail("afgen-apx holds no .apx files")
    try:
        expected = iccma.load(path)
    except InputError as direct:
        # A damaged file (n512p5q2_vh.apx ends in the middle of a fact) fails alike.
        with pytest.raises(InputError) as through_map:
            formats.load(path)
        assert str(through_map.value) == str(direct)
        return
    store = formats.load(path)
    assert store.count() == 4 * len(expected) + 3 * expected.number_of_edges()
    written = iccma.loads_apx(af_formats.dumps(store, format="apx"))
    assert set(written) == set(expected)
    assert set(written.edges) == set(expected.edges)


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        ("apx", "arg(a).\natt(a b).\n", "x.apx:2:7", "expected ','"),
        ("apx", "arg(a).\natt(a,c).\n", "x.apx:2:7", "undeclared argument 'c'"),
        ("tgf", "a\nb\n#\na b c\n", "x.tgf:4:5", "expected an attack"),
        ("iccma23", "p af 2\n1 3\n", "x.af:2:3", "from 1 to 2"),
        ("iccma23", "p af 2\n# 3 <urn:x> x\n1 2\n", "x.af:2:3", "there are 2"),
        ("iccma23", "p af 2\n# 1 <urn:x>\n# 2 <urn:x>\n", "x.af:3:6", "IRI of argument 1"),
        ("iccma23", "p af 2\n# 1 <urn:x>\n# 1 <urn:y>\n", "x.af:3:3", "a second IRI comment"),
        ("iccma23", "p af 2\n# 1 <not an iri>\n", "x.af:2:6", "absolute IRI"),
    ],
)
def test_malformed_frameworks_are_input_errors_with_their_place(
    tmp_path: Path, name: str, text: str, where: str, message: str
) -> None:
    suffix = iccma.FORMATS[name].extensions[0]
    path = tmp_path / f"x{suffix}"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        formats.load(path)
    assert str(caught.value).startswith(f"{path.parent}/{where}: ")
    assert message in caught.value.message


def test_lenient_reading_skips_a_bad_iri_comment(tmp_path: Path) -> None:
    path = tmp_path / "x.af"
    path.write_text("p af 2\n# 1 <urn:x> one\n# 2 <urn:x> two\n1 2\n")
    context = ReadContext(lenient=True)
    store = formats.load(path, context=context)
    assert context.skipped == 1 and "IRI of argument 1" in context.notes[0]
    assert set(af_formats.attack_graph(store)) == {"urn:x", f"{path.resolve().as_uri()}#arg-2"}


# ---------------------------------------------------------------------- GraphML and DOT

NASTY = 'He said "no" \\ twice,\nthen <b> & &amp; left'


@pytest.fixture(scope="module")
def nasty() -> MapStore:
    """A small derived map whose label and text hold every character writers must escape."""
    store = new_store()
    a, b, c = (URIRef(f"urn:m#{x}") for x in "abc")
    i, k, who = URIRef("urn:m#i"), URIRef("urn:m#k"), URIRef("urn:m#who")
    store.add_asserted(
        [
            (a, RDF.type, AM.Claim),
            (a, RDFS.label, Literal(NASTY)),
            (a, AM.text, Literal(NASTY + " (text)")),
            (a, PROV.wasAttributedTo, who),
            (who, RDF.type, AM.Actor),
            (who, RDFS.label, Literal('Ann "A" O\'Neil')),
            (b, RDF.type, AM.Evidence),
            (b, RDFS.label, Literal("b")),
            (b, AM.implicit, Literal(True)),
            (c, RDF.type, AM.Claim),
            (c, RDFS.label, Literal("c")),
            (i, RDF.type, AM.Inference),
            (i, AM.premise, b),
            (i, AM.conclusion, a),
            (i, AM.scheme, AM.ArgumentFromExample),
            (k, RDF.type, AM.Conflict),
            (k, AM.attacker, c),
            (k, AM.target, i),
        ]
    )
    derive(store)  # as argmap convert does: views need the derived types and relations
    return store


def test_graph_formats_are_registered_write_only() -> None:
    for name, extensions in (("graphml", (".graphml",)), ("dot", (".dot", ".gv"))):
        fmt = formats.by_name(name)
        assert fmt.writer is not None and fmt.reader is None
        assert fmt.extensions == extensions
        assert "inferences" in fmt.cannot_carry


def test_graphml_of_the_nato_map_reads_back_with_every_attribute(nato: MapStore) -> None:
    text = graphtools.dumps(nato, format="graphml")
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    view = graphtools.tool_graph(nato)
    assert len(back) == len(collect(nato).statements) == len(view)
    assert back.number_of_edges() == statement_graph(nato).number_of_edges()
    assert dict(back.nodes(data=True)) == dict(view.nodes(data=True))
    assert {(u, v): d for u, v, d in back.edges(data=True)} == {
        (u, v): d for u, v, d in view.edges(data=True)
    }
    main = back.nodes[NU + "nato-will-not-intervene"]
    assert main["main"] is True and main["kind"] == "Claim"
    relations = {d["relation"] for _, _, d in back.edges(data=True)}
    assert relations == {"support", "attack", "undercut"}
    assert back.graph["title"] == "Why NATO did not intervene in Ukraine war?"


def test_graphml_escapes_what_xml_needs(nasty: MapStore) -> None:
    text = graphtools.dumps(nasty, format="graphml")
    assert "&lt;b&gt; &amp; &amp;amp;" in text
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    a = back.nodes["urn:m#a"]
    assert (a["label"], a["text"], a["speakers"]) == (NASTY, NASTY + " (text)", 'Ann "A" O\'Neil')
    assert back.nodes["urn:m#b"]["implicit"] is True
    assert back.edges["urn:m#b", "urn:m#a"] == {
        "relation": "support",
        "linked": False,
        "scheme": "argument from example",  # the label derivation adds
    }
    assert back.edges["urn:m#c", "urn:m#a"]["relation"] == "undercut"
    assert '<data key="implicit">true</data>' in text  # GraphML's booleans, not Python's


DOT_TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|->|[{}\[\];,=]|[A-Za-z_][A-Za-z0-9_]*')


def dot_statements(text: str) -> list[list[str]]:
    """Split DOT into statements of tokens; fail on anything the tokenizer cannot read."""
    pos, tokens = 0, []
    while pos < len(text):
        match = DOT_TOKEN.match(text, pos)
        assert match is not None, f"cannot tokenize DOT at {text[pos : pos + 30]!r}"
        if not match.group().isspace():
            tokens.append(match.group())
        pos = match.end()
    assert tokens[:3] == ["digraph", '"argmap"', "{"] and tokens[-1] == "}"
    statements: list[list[str]] = []
    current: list[str] = []
    for token in tokens[3:-1]:
        if token == ";":
            statements.append(current)
            current = []
        else:
            current.append(token)
    assert current == []
    return statements


def unquote(token: str, *, rendered: bool = False) -> str:
    assert token.startswith('"') and token.endswith('"'), token
    out = re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), token[1:-1])
    return out.replace("&amp;", "&") if rendered else out


def dot_attributes(tokens: list[str]) -> dict[str, str]:
    start, end = tokens.index("["), tokens.index("]")
    inner = [t for t in tokens[start + 1 : end] if t != ","]
    pairs = {inner[i]: inner[i + 2] for i in range(0, len(inner), 3)}
    assert all(inner[i + 1] == "=" for i in range(0, len(inner), 3))
    return {k: unquote(v, rendered=k in ("label", "tooltip")) for k, v in pairs.items()}


def test_dot_has_one_quoted_node_line_per_statement_and_one_edge_line_per_edge(
    nato: MapStore,
) -> None:
    text = graphtools.dumps(nato, format="dot")
    statements = dot_statements(text)
    nodes = [s for s in statements if s[0].startswith('"') and s[1] == "["]
    edges = [s for s in statements if len(s) > 2 and s[1] == "->"]
    view = statement_graph(nato)
    assert sorted(unquote(s[0]) for s in nodes) == sorted(view)
    assert len(nodes) == len(text.split("\n")) - len(edges) - 5  # one line each
    assert {(unquote(s[0]), unquote(s[2])) for s in edges} == set(view.edges)
    assert all(s[0].startswith('"') and s[2].startswith('"') for s in edges)


def test_dot_escapes_quotes_backslashes_newlines_and_entities(nasty: MapStore) -> None:
    text = graphtools.dumps(nasty, format="dot")
    for line in text.splitlines():  # each line balances its quotes: no raw line breaks
        assert re.sub(r"\\.", "", line).count('"') % 2 == 0, line
    statements = dot_statements(text)
    nodes = {unquote(s[0]): dot_attributes(s) for s in statements if s[0][0] + s[1] == '"['}
    a = nodes["urn:m#a"]
    assert a["label"] == NASTY and a["text"] == NASTY + " (text)"
    assert a["speakers"] == 'Ann "A" O\'Neil'
    assert nodes["urn:m#b"]["style"] == "rounded,dashed"
    assert "&amp;amp;" in text  # a literal "&amp;" survives Graphviz's entity decoding


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_graphviz_accepts_the_dot(nasty: MapStore, nato: MapStore) -> None:
    for store in (nasty, nato):
        run = subprocess.run(
            ["dot", "-Tsvg"],
            input=graphtools.dumps(store, format="dot").encode(),
            capture_output=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr.decode()


@pytest.mark.parametrize("name", ["graphml", "dot"])
def test_graph_tool_output_is_deterministic(name: str) -> None:
    first = graphtools.dumps(formats.load(default_source()), format=name)
    second = graphtools.dumps(formats.load(default_source()), format=name)
    assert first == second


def test_graph_tool_dump_follows_the_extension(nasty: MapStore, tmp_path: Path) -> None:
    assert graphtools.dump(nasty, tmp_path / "m.gv").read_text().startswith('digraph "argmap"')
    assert graphtools.dump(nasty, tmp_path / "m.graphml").read_text().startswith("<?xml")
    with pytest.raises(ValueError, match=r"unknown graph file type '\.png'"):
        graphtools.dump(nasty, tmp_path / "m.png")


# ------------------------------------------------------------------------------ JSON-LD


def test_argmap_jsonld_is_registered_by_name_only() -> None:
    fmt = formats.by_name("argmap-jsonld")
    assert fmt.reader is not None and fmt.writer is not None
    assert fmt.extensions == () and fmt.cannot_carry == ""
    assert formats.for_path("m.jsonld").name == "jsonld"


def test_jsonld_round_trips_the_nato_map(raw_nato: MapStore) -> None:
    text = jsonld.dumps(raw_nato)
    back = jsonld.loads(text)
    assert back.count() == raw_nato.count()
    assert isomorphic(back.merged_graph(), raw_nato.merged_graph())


def test_jsonld_writes_what_the_map_asserts(nato: MapStore) -> None:
    back = jsonld.loads(jsonld.dumps(nato))
    assert back.count(derived=True) == 0
    assert back.count() == nato.count(derived=False)
    assert isomorphic(back.merged_graph(), nato.merged_graph(derived=False))


def test_jsonld_can_keep_derived_and_reasoning_graphs_apart(nato: MapStore) -> None:
    back = jsonld.loads(jsonld.dumps(nato, derived=True))
    assert back.count(derived=False) == nato.count(derived=False)
    assert back.count(derived=True) == nato.count(derived=True) > 0
    assert isomorphic(back.merged_graph(), nato.merged_graph())


def test_jsonld_keeps_the_maps_of_a_combined_store_apart(
    raw_nato: MapStore, tmp_path: Path
) -> None:
    combined = new_store()
    combined.add_map(raw_nato, "urn:map:nato", tmp_path / "nato.ttl")
    combined.add_map(rdf_loads("<urn:a> <urn:p> <urn:b> ."), "urn:map:tiny", tmp_path / "t.ttl")
    document = json.loads(jsonld.dumps(combined))
    assert [g["@id"] for g in document["@graph"]] == ["urn:map:nato", "urn:map:tiny"]
    back = jsonld.loads(json.dumps(document))
    for name in ("urn:map:nato", "urn:map:tiny"):
        assert len(back.dataset.graph(URIRef(name))) == len(combined.dataset.graph(URIRef(name)))


def test_jsonld_is_compact_and_deterministic(raw_nato: MapStore) -> None:
    text = jsonld.dumps(raw_nato)
    assert jsonld.dumps(jsonld.loads(text)) == text == jsonld.dumps(formats.load(default_source()))
    document = json.loads(text)
    assert (
        document["@context"][0]
        == json.loads(ontology_file("context.jsonld").read_text())["@context"]
    )
    assert document["@context"][1] == {"nu": NU}  # the map's own prefix, kept apart
    nodes = {n["@id"]: n for n in document["@graph"]}
    main = nodes["nu:nato-will-not-intervene"]
    assert main["@type"] == "Claim" and main["wasAttributedTo"] == "nu:walayat"
    assert nodes["nu:map"]["mainConclusion"] == "nu:nato-will-not-intervene"
    assert nodes["nu:article"]["date"] == "2022-04-25"
    # One anchor compacts to an object, and each is used once: nested, not a node.
    assert isinstance(main["anchor"], dict)
    for anchor in [main["anchor"], nodes["nu:L-nato-will-not-intervene"]["anchor"]]:
        assert anchor["@type"] == "SpecificResource" and anchor["hasSource"] == "nu:article"
        assert anchor["hasSelector"]["@type"] == "TextQuoteSelector"
    assert not any(node.startswith("_:") for node in nodes)


def test_jsonld_can_refer_to_the_published_context_and_still_read_offline(
    raw_nato: MapStore,
) -> None:
    text = jsonld.dumps(raw_nato, inline_context=False)
    assert json.loads(text)["@context"] == [jsonld.CONTEXT_URL, {"nu": NU}]
    assert isomorphic(jsonld.loads(text).merged_graph(), raw_nato.merged_graph())


def test_jsonld_reads_back_through_the_plain_jsonld_format(
    raw_nato: MapStore, tmp_path: Path
) -> None:
    path = tmp_path / "m.jsonld"
    fmt = formats.by_name("argmap-jsonld")
    assert fmt.writer is not None
    path.write_bytes(fmt.writer(raw_nato))
    assert isomorphic(formats.load(path).merged_graph(), raw_nato.merged_graph())
    assert formats.load(path, format="argmap-jsonld").prefixes["nu"] == NU


def plain_strings(graph: Graph) -> Graph:
    """rdflib's JSON-LD parser writes xsd:string literals without their datatype."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def test_another_jsonld_processor_reads_the_same_graph(nato: MapStore) -> None:
    dataset = Dataset()
    dataset.parse(data=jsonld.dumps(nato, derived=True), format="json-ld")
    graph = Graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    assert isomorphic(plain_strings(graph), plain_strings(nato.merged_graph()))
    assert len(dataset.graph(DERIVED_GRAPH)) > 0  # the named graphs are there for it too


def test_jsonld_keeps_literals_exactly_and_cuts_blank_node_cycles() -> None:
    text = """
    @prefix am: <https://w3id.org/argmap#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <urn:ex:> .
    ex:s am:strength "0.50"^^xsd:double , "x" ;
        am:depth " 5"^^xsd:integer , 7 , 10000000000000000000000 ;
        am:implicit "1"^^xsd:boolean , true ; am:premise "a literal" , ex:t ;
        rdfs:label "hi"@en , "yo" ; am:custom "v"^^ex:dt ; am:text "" ;
        <urn:other#p> ex:u ; a ex:Thing , am:Claim ;
        am:loop _:a .
    _:a am:next _:b . _:b am:next _:a .
    _:c am:next _:c .
    """
    store = rdf_loads(text)
    back = jsonld.loads(jsonld.dumps(store))
    assert isomorphic(back.merged_graph(), store.merged_graph())
    node = next(n for n in json.loads(jsonld.dumps(store))["@graph"] if n["@id"] == "ex:s")
    assert 7 in node["depth"]  # canonical: a JSON number
    assert {"@value": " 5", "@type": "xsd:integer"} in node["depth"]  # not: kept as it is
    assert {"@value": "10000000000000000000000", "@type": "xsd:integer"} in node["depth"]
    assert "0.5" in node["strength"]  # coerced by the context, so written as the string
    assert {"@value": "x"} in node["strength"]  # a string where the context expects a double
    assert {"@value": "a literal"} in node["premise"] and "ex:t" in node["premise"]


def test_the_context_covers_the_vocabulary() -> None:
    context = jsonld.context()
    ontology = Graph().parse(ontology_file())
    am = str(AM._NS)
    assert context["@vocab"] == am
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        local = str(prop)[len(am) :]
        assert context.get(local) == {"@id": f"am:{local}", "@type": "@id"}, local
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        local = str(prop)[len(am) :]
        datatype = ontology.value(prop, RDFS.range)
        if datatype in (XSD.string, XSD.boolean, XSD.integer, None):
            assert local not in context, local  # plain JSON strings, booleans, numbers
        else:
            coerced = "xsd:" + str(datatype)[len(str(XSD)) :]
            assert context.get(local) == {"@id": f"am:{local}", "@type": coerced}, local
    # no short key hides an argmap term behind another IRI
    terms = {str(t)[len(am) :] for t in ontology.subjects() if str(t).startswith(am)}
    for key, value in context.items():
        target = value["@id"] if isinstance(value, dict) else value
        if key in terms:
            assert target == f"am:{key}", key


def test_malformed_jsonld_is_an_input_error_with_its_place(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        jsonld.loads('{"@graph": [\n  {"@id": "urn:a",}\n]}', path="m.json")
    assert str(caught.value).startswith("m.json:2:19: not valid JSON")
    with pytest.raises(InputError, match="not valid jsonld"):
        jsonld.loads('{"@id": "urn:a", "@type": 5}')
    path = tmp_path / "m.jsonld"
    path.write_text('{"@context": "https://example.org/remote-context.jsonld", "@id": "urn:a"}')
    with pytest.raises(InputError):
        jsonld.load(path)
