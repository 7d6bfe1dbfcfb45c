"""The annotator's document: any map goes to the document and back unchanged, an
edit made in the document gives exactly its triples, and what the annotator saves
as Argdown or Turtle builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpus_folder
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.annotate.document import (
    check_document,
    default_base,
    from_store,
    new_document,
    to_store,
    to_triples,
)
from graph.cli import main
from graph.errors import InputError
from graph.formats import argdown, load
from graph.pipeline import open_map
from graph.validate import check_integrity, check_shapes
from graph.vocab import AM, OA, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parent.parent


def round_trip(path: Path) -> None:
    store = load(path)
    document = json.loads(json.dumps(from_store(store)))  # as the browser sends it back
    back = to_store(document)
    assert isomorphic(store.merged_graph(derived=False), back.merged_graph(derived=False))


def test_the_nato_map_goes_to_the_document_and_back(tmp_path: Path) -> None:
    round_trip(ROOT / "seeds" / "nato-ukraine.ttl")
    document = from_store(load(ROOT / "seeds" / "nato-ukraine.ttl"))
    assert len(document["statements"]) >= 20 and document["map"]["main"]
    anchored = [s for s in document["statements"] if s["anchors"]]
    assert all(a["exact"] for s in anchored for a in s["anchors"])
    # What no field says exactly stays as N-Triples: the title's language tag, and the
    # rephrase and the dialogue layer (with their anchors).
    extra = Graph().parse(data=document["extra"], format="nt")
    dialogue = {
        s
        for kind in (AM.Locution, AM.Illocution, AM.Transition, AM.Rephrase)
        for s in extra.subjects(RDF.type, kind)
    }
    assert len(dialogue) > 60
    anchors = {a for d in dialogue for a in extra.objects(d, AM.anchor)}
    selectors = {q for a in anchors for q in extra.objects(a, OA.hasSelector)}
    rest = [(s, p, o) for s, p, o in extra if s not in dialogue | anchors | selectors]
    assert len(rest) == 1 and rest[0][1] == RDFS.label and "@en" in document["extra"]


def test_the_dialogue_layer_follows_the_argument() -> None:
    """Removing a statement in the annotator removes the illocutions that put it
    forward, and a rephrase from it (with the illocution restating it); the
    locutions stay, and the map is still a valid map."""
    document = from_store(load(ROOT / "seeds" / "nato-ukraine.ttl"))
    stance = "https://w3id.org/argmap/map/nato-ukraine#nato-stance"
    document["statements"] = [s for s in document["statements"] if s["id"] != stance]
    document["inferences"] = [
        i
        for i in document["inferences"]
        if i["conclusion"] != stance and stance not in i["premises"]
    ]
    graph = Graph()
    for t in to_triples(document):
        graph.add(t)
    assert not list(graph.subjects(AM.proposition, URIRef(stance)))
    assert not list(graph.subjects(AM.rephraseFrom, URIRef(stance)))
    assert not list(graph.subjects(RDF.type, AM.Rephrase))
    restating = [ya for ya in graph.subjects(AM.illocutionaryForce, Literal("Restating"))]
    assert not restating
    said = URIRef("https://w3id.org/argmap/map/nato-ukraine#L-nato-stance")
    assert (said, RDF.type, AM.Locution) in graph
    props = {o for o in graph.objects(None, AM.proposition)}
    assert props <= set(graph.subjects())
    store = to_store(document, ROOT / "seeds" / "nato-ukraine.ttl")
    problems = check_integrity(store) + check_shapes(store)
    assert not [p for p in problems if p.severity == "error"], problems


@pytest.mark.parametrize("name", ["argdown", "aif", "arggraph"])
def test_corpus_maps_go_to_the_document_and_back(name: str) -> None:
    folder = {
        "argdown": corpus_folder("argdown-examples", "format=argdown,lang=en"),
        "aif": corpus_folder("microtexts", "format=aif,lang=en"),
        "arggraph": corpus_folder("microtexts", "format=arggraph,lang=en"),
    }[name]
    pattern = {"argdown": "*.argdown", "aif": "*.json", "arggraph": "*.xml"}[name]
    files = sorted(folder.glob(pattern))[:8]
    assert files
    for path in files:
        round_trip(path)


def test_an_unusual_triple_stays_verbatim_in_extra() -> None:
    document = new_document("t.txt", "https://example.org/m#", "T")
    document["extra"] = (
        '<https://example.org/m#a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@de .\n'
    )
    triples = to_triples(document)
    label = (URIRef("https://example.org/m#a"), RDFS.label, Literal("A", lang="de"))
    assert label in triples
    back = from_store(to_store(document))
    assert back["extra"] == document["extra"]


def edited(base: str) -> dict:  # type: ignore[type-arg]
    d = new_document("cars.txt", base, "Cars")
    s = [f"{base}{n}" for n in ("ban", "air", "traffic", "health", "shops")]
    d["statements"] = [
        {"id": s[0], "kind": "proposal", "label": "Ban", "text": "Ban cars.", "speakers": [],
         "mentions": [], "implicit": False, "baseScore": 0.7, "comment": None,
         "anchors": [{"exact": "ban cars", "start": 3, "end": 11, "prefix": None,
                      "suffix": None}]},
        {"id": s[1], "kind": "evidence", "label": "Air", "text": "Air.", "speakers": [],
         "mentions": [], "implicit": False, "baseScore": None, "comment": None,
         "anchors": [{"exact": "Air", "start": None, "end": None, "prefix": None,
                      "suffix": None}]},
        {"id": s[2], "kind": "claim", "label": "Traffic", "text": "Traffic.", "speakers": [],
         "mentions": [], "implicit": False, "baseScore": None, "comment": None, "anchors": []},
        {"id": s[3], "kind": "claim", "label": "Health", "text": "Health first.",
         "speakers": [], "mentions": [], "implicit": True, "baseScore": None, "comment": None,
         "anchors": []},
        {"id": s[4], "kind": "claim", "label": "Shops", "text": "Shops.", "speakers": [],
         "mentions": [], "implicit": False, "baseScore": None, "comment": None, "anchors": []},
    ]  # fmt: skip
    d["map"]["main"] = [s[0]]
    d["inferences"] = [
        {"id": base + "i1", "premises": [s[1], s[2], s[3]], "conclusion": s[0],
         "scheme": str(AM.ArgumentFromNegativeConsequences), "label": "Harm", "comment": None,
         "answers": [{"question": "How likely?", "answeredBy": s[2]}]},
    ]  # fmt: skip
    d["conflicts"] = [
        {"id": base + "c1", "attacker": s[4], "target": base + "i1", "comment": None},
    ]
    return d


def test_an_edit_gives_exactly_its_triples() -> None:
    base = "https://example.org/cars#"
    triples = set(to_triples(edited(base)))
    ban, i1 = URIRef(base + "ban"), URIRef(base + "i1")
    assert (ban, AM.baseScore, Literal("0.7", datatype=XSD.decimal)) in triples
    assert {o for s, p, o in triples if s == i1 and p == AM.premise} == {
        URIRef(base + n) for n in ("air", "traffic", "health")
    }
    assert (URIRef(base + "c1"), AM.target, i1) in triples
    assert (URIRef(base + "health"), AM.implicit, Literal(True)) in triples
    starts = [o for s, p, o in triples if p == OA.start]
    assert starts == [Literal(3, datatype=XSD.nonNegativeInteger)]
    answers = [s for s, p, o in triples if p == AM.questionOf and o == i1]
    assert len(answers) == 1 and isinstance(answers[0], BNode)
    # and the document reads back as it was written
    again = from_store(to_store(edited(base)))
    assert [s["id"] for s in again["statements"]] == sorted(
        s["id"] for s in edited(base)["statements"]
    )
    assert again["inferences"][0]["answers"] == [
        {"question": "How likely?", "answeredBy": base + "traffic"}
    ]


@pytest.mark.parametrize("suffix", [".argdown", ".ttl"])
def test_what_is_saved_builds_and_reads_back_the_same(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "cars.txt").write_text("We ban cars. Air is bad.\n", encoding="utf-8")
    path = tmp_path / f"cars{suffix}"
    store = to_store(edited(default_base(path)), path)
    if suffix == ".argdown":
        path.write_text(argdown.dumps(store), encoding="utf-8")
    else:
        path.write_bytes(store.serialize("turtle", derived=False))
    assert isomorphic(store.merged_graph(derived=False), load(path).merged_graph(derived=False))
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    built = open_map(path)
    (undercut,) = built.rows("SELECT ?a WHERE { ?c am:attacker/rdfs:label ?a ; am:target ?i . "
                             "?i a am:Inference }")  # fmt: skip
    assert undercut == ("Shops",)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda d: d.update(version=2), "version: expected 1"),
        (lambda d: d["statements"][0].update(kind="opinion"), "statements[0].kind: expected"),
        (
            lambda d: d["statements"][0]["anchors"][0].update(start="4"),
            "statements[0].anchors[0].start: expected a character offset",
        ),
        (lambda d: d["conflicts"][0].update(target="no iri"), "conflicts[0].target: expected"),
        (lambda d: d["statements"][1].update(id=d["statements"][0]["id"]), "names two"),
        (lambda d: d.update(extra="not n-triples"), "extra: not N-Triples"),
    ],
)
def test_a_malformed_document_names_the_json_path(change, said: str) -> None:  # type: ignore[no-untyped-def]
    document = edited("https://example.org/cars#")
    change(document)
    with pytest.raises(InputError, match=said.replace("[", r"\[").replace("]", r"\]")):
        to_triples(document)


def test_check_document_refuses_what_is_not_an_object() -> None:
    with pytest.raises(InputError, match="document: expected a JSON object"):
        check_document([])


def test_a_new_map_is_named_as_the_argdown_reader_names_it(tmp_path: Path) -> None:
    shutil.copy(ROOT / "seeds" / "nato-ukraine.txt", tmp_path / "t.txt")
    path = tmp_path / "Essay One.argdown"
    assert default_base(path) == "https://w3id.org/argmap/map/essay-one#"
    document = new_document("t.txt", default_base(path), "Essay")
    path.write_text(argdown.dumps(to_store(document, path)), encoding="utf-8")
    assert isomorphic(
        to_store(document).merged_graph(derived=False), load(path).merged_graph(derived=False)
    )
