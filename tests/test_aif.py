"""AIF JSON and AIF RDF: reading, writing, round trips, malformed input, the corpora.

The corpus tests read the shared corpora in place, from ``ARGMAP_CORPORA`` (default
``/work/shared/corpora``): every file of AraucariaDB, arg-microtexts (AIF), US2016
and QT30 must load and come back from AIF JSON as the same graph. The AIF RDF round
trip runs on every file of the two small corpora and on every tenth file of the two
large ones; ``ARGMAP_FULL_CORPUS=1`` runs it on all of them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx
import pytest
from conftest import SMALL_MAP, corpus_folder
from rdflib import Literal, URIRef

from graph import formats
from graph.errors import InputError
from graph.formats import ReadContext, aif, aifrdf
from graph.store import MapStore
from graph.store import loads as rdf_loads
from graph.validate import check_integrity
from graph.vocab import AIF, AM, PROV, RDF, XSD

FIXTURES = Path(__file__).parent / "fixtures" / "aif"
FULL = os.environ.get("ARGMAP_FULL_CORPUS") == "1"
BASE = "file:///maps/dialogue.json"


def corpus_files(
    corpus: str, sub: str = "format=aif,lang=en", pattern: str = "*.json"
) -> list[Path]:
    """The files of a corpus; skip (fail on CI) when the corpora are not there."""
    folder = corpus_folder(corpus, sub)
    files = sorted(folder.glob(pattern))
    assert files, f"no {pattern} files in {folder}"
    return files


# --- comparing AIF graphs ------------------------------------------------------------


def aif_graph(doc: dict) -> nx.DiGraph:
    """An AIF JSON document as a graph: nodes labelled (type, text), edges as given."""
    doc = doc.get("AIF", doc)
    g = nx.DiGraph()
    for node in doc["nodes"]:
        g.add_node(str(node["nodeID"]), label=(node["type"], node.get("text") or ""))
    for edge in doc["edges"]:
        g.add_edge(str(edge["fromID"]), str(edge["toID"]))
    return g


def same_aif_graph(a: dict, b: dict) -> bool:
    """Whether two AIF documents are the same graph up to identifiers.

    Same multiset of node types and texts, same edge structure. VF2++ uses the
    labels to order its search; plain VF2 (``nx.is_isomorphic`` with a node_match)
    takes minutes on a 700-node dialogue whose nodes come in another order.
    """
    ga, gb = aif_graph(a), aif_graph(b)
    if sorted(ga.nodes(data="label")[n] for n in ga) != sorted(
        gb.nodes(data="label")[n] for n in gb
    ):
        return False
    return bool(nx.vf2pp_is_isomorphic(ga, gb, node_label="label"))


def test_the_comparison_can_tell_graphs_apart() -> None:
    doc = json.loads((FIXTURES / "dialogue.json").read_text())
    assert same_aif_graph(doc, doc)
    reversed_edge = json.loads(json.dumps(doc))
    e = reversed_edge["edges"][0]
    e["fromID"], e["toID"] = e["toID"], e["fromID"]
    assert not same_aif_graph(doc, reversed_edge)
    renamed = json.loads(json.dumps(doc))
    renamed["nodes"][1]["text"] = "Cities should ban bikes downtown"
    assert not same_aif_graph(doc, renamed)
    relabelled = json.loads(json.dumps(doc))
    ids = {n["nodeID"]: f"x{n['nodeID']}" for n in relabelled["nodes"]}
    for n in relabelled["nodes"]:
        n["nodeID"] = ids[n["nodeID"]]
    for e in relabelled["edges"]:
        e["fromID"], e["toID"] = ids[e["fromID"]], ids[e["toID"]]
    relabelled["nodes"].reverse()
    assert same_aif_graph(doc, relabelled)


# --- reading -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dialogue() -> MapStore:
    data = (FIXTURES / "dialogue.json").read_bytes()
    text = (FIXTURES / "dialogue.txt").read_text()
    return aif.loads(data, ReadContext(base=BASE), source_text=text, text_file="dialogue.txt")


def node(n: int | str) -> URIRef:
    return URIRef(f"{BASE}#node-{n}")


def has(store: MapStore, s: object, p: object, o: object) -> bool:
    return (s, p, o) in store.merged_graph()


def objects(store: MapStore, s: URIRef, p: URIRef) -> set[str]:
    return {str(o) for o in store.merged_graph().objects(s, p)}


def test_every_node_type_becomes_its_class(dialogue: MapStore) -> None:
    expected = {
        1: AM.Locution,
        2: AM.Statement,
        3: AM.Illocution,
        7: AM.Transition,
        8: AM.Inference,
        13: AM.Conflict,
        19: AM.Rephrase,
        20: AM.Preference,
    }
    for n, cls in expected.items():
        assert has(dialogue, node(n), RDF.type, cls), n
        assert objects(dialogue, node(n), AM.sourceId) == {str(n)}
    statements = dialogue.rows("SELECT ?s WHERE { ?s a am:Statement }")
    assert len(list(statements)) == 6


def test_statements_keep_their_text_and_a_short_label(dialogue: MapStore) -> None:
    assert objects(dialogue, node(5), AM.text) == {
        "Air pollution harms children, according to doctors"
    }
    assert objects(dialogue, node(5), URIRef("http://www.w3.org/2000/01/rdf-schema#label")) == {
        "Air pollution harms children, according to doctors"
    }


def test_inferences_conflicts_and_the_rest_get_their_edges(dialogue: MapStore) -> None:
    assert has(dialogue, node(8), AM.premise, node(5))
    assert has(dialogue, node(8), AM.conclusion, node(2))
    assert has(dialogue, node(13), AM.attacker, node(11))
    assert has(dialogue, node(13), AM.target, node(2))  # rebuttal
    assert has(dialogue, node(15), AM.target, node(8))  # undercut: CA -> RA
    assert has(dialogue, node(17), AM.target, node(13))  # attack on an attack: CA -> CA
    assert has(dialogue, node(19), AM.rephraseFrom, node(2))
    assert has(dialogue, node(19), AM.rephraseTo, node(18))
    assert has(dialogue, node(20), AM.preferred, node(8))
    assert has(dialogue, node(20), AM.dispreferred, node(21))
    assert has(dialogue, node(14), AM.aifEdge, node(16))  # I -> I, which AIF does not allow


def test_dialogue_layer(dialogue: MapStore) -> None:
    assert has(dialogue, node(3), AM.locution, node(1))
    assert has(dialogue, node(3), AM.proposition, node(2))
    assert objects(dialogue, node(3), AM.illocutionaryForce) == {"Asserting"}
    assert has(dialogue, node(7), AM.transitionFrom, node(1))
    assert has(dialogue, node(7), AM.transitionTo, node(4))
    # "Arguing" is anchored in the transition and puts the inference forward.
    assert has(dialogue, node(9), AM.locution, node(7))
    assert has(dialogue, node(9), AM.proposition, node(8))
    assert objects(dialogue, node(1), AM.utterance) == {"Ann : Cities should ban cars downtown"}
    assert has(
        dialogue, node(1), AM.timestamp, Literal("2020-01-02T10:00:00", datatype=XSD.dateTime)
    )


def test_speakers_are_one_actor_per_name(dialogue: MapStore) -> None:
    actors = dict(dialogue.rows("SELECT ?a ?name WHERE { ?a a am:Actor ; rdfs:label ?name }"))
    assert sorted(actors.values()) == ["Ann", "Bob"]
    ann = URIRef(f"{BASE}#actor-Ann")
    bob = URIRef(f"{BASE}#actor-Bob")
    assert has(dialogue, node(1), PROV.wasAttributedTo, ann)
    assert has(dialogue, node(10), PROV.wasAttributedTo, ann)
    assert has(dialogue, node(4), PROV.wasAttributedTo, bob)
    # A statement is attributed to the speaker of the locution that asserts it.
    assert has(dialogue, node(2), PROV.wasAttributedTo, ann)
    assert has(dialogue, node(5), PROV.wasAttributedTo, bob)
    assert has(dialogue, node(11), PROV.wasAttributedTo, ann)
    assert objects(dialogue, node(14), PROV.wasAttributedTo) == set()


def test_scheme_names_map_to_schemes(dialogue: MapStore) -> None:
    assert has(dialogue, node(8), AM.scheme, AM.ArgumentFromExpertOpinion)
    assert objects(dialogue, node(21), AM.scheme) == set()
    assert objects(dialogue, node(21), AM.schemeName) == {"Default Inference"}
    for name, scheme in [
        ("Argument From Expert Opinion", AM.ArgumentFromExpertOpinion),
        ("ExpertOpinion", AM.ArgumentFromExpertOpinion),
        ("Popular Opinion", AM.ArgumentFromPopularOpinion),
        ("PracticalReasoning", AM.PracticalReasoning),
        ("Default Inference", None),
        ("EstablishedRule", None),
    ]:
        assert aif.match_scheme(name) == scheme, name


def test_statements_are_anchored_where_the_text_has_them(dialogue: MapStore) -> None:
    quotes = dict(
        dialogue.rows(
            "SELECT ?s ?q WHERE { ?s am:anchor ?a . ?a oa:hasSelector ?x . ?x oa:exact ?q }"
        )
    )
    assert quotes == {
        str(node(2)): "Cities should ban cars downtown",  # verbatim
        str(node(5)): "doctors say the air harms children",  # the locution's words
    }
    assert objects(dialogue, URIRef(f"{BASE}#source"), AM.textFile) == {"dialogue.txt"}


def test_a_file_is_anchored_in_the_text_beside_it(tmp_path: Path) -> None:
    for name in ("dialogue.json", "dialogue.txt"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    context = ReadContext()
    store = aif.load(tmp_path / "dialogue.json", context)
    assert len(list(store.rows("SELECT ?s WHERE { ?s am:anchor ?a }"))) == 2
    assert any("4 of 6 statements not found" in note for note in context.notes), context.notes
    base = (tmp_path / "dialogue.json").resolve().as_uri()
    assert (URIRef(f"{base}#node-2"), RDF.type, AM.Statement) in store.merged_graph()


def test_xaif_participants_name_the_speakers() -> None:
    store = aif.loads((FIXTURES / "xaif.json").read_bytes(), ReadContext(base="urn:x"))
    names = {n for (n,) in store.rows("SELECT ?n WHERE { ?a a am:Actor ; rdfs:label ?n }")}
    assert names == {"Speaker One", "Nicola Sturgeon"}
    said = dict(
        store.rows(
            "SELECT ?t ?n WHERE { ?s a am:Statement ; am:text ?t ; prov:wasAttributedTo ?a . "
            "?a rdfs:label ?n }"
        )
    )
    assert said == {
        "the SNP has disagreements.": "Speaker One",
        "it's not uncommon for there to be disagreements.": "Nicola Sturgeon",
    }


def test_a_very_long_text_just_works() -> None:
    long = "word " * 200_000
    doc = {"nodes": [{"nodeID": "1", "type": "I", "text": long}], "edges": []}
    store = aif.loads(json.dumps(doc))
    ((text, label),) = store.rows("SELECT ?t ?l WHERE { ?s am:text ?t ; rdfs:label ?l }")
    assert text == long
    assert label is not None and len(label) <= aif.LABEL_CHARS


def test_maps_from_different_files_do_not_collide() -> None:
    data = (FIXTURES / "dialogue.json").read_bytes()
    a = aif.loads(data, ReadContext(base="file:///a.json"))
    b = aif.loads(data, ReadContext(base="file:///b.json"))
    assert not set(a.merged_graph().subjects()) & set(b.merged_graph().subjects())


# --- malformed input -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("truncated.json", "not valid JSON: Expecting ',' delimiter", 5),
        ("unknown-type.json", "node 3: has unknown type 'XA': expected one of I, L, RA", 5),
        ("dangling-edge.json", 'edge 2: ends at node 99, which is not in "nodes"', 9),
        ("duplicate-node.json", "node 1: is defined twice: expected every nodeID to be unique", 5),
        ("duplicate-edge.json", "edge 1: is defined twice: expected every edgeID to be unique", 10),
        ("empty.json", "the file is empty", None),
    ],
)
def test_malformed_input_gives_one_error_with_its_place(
    name: str, message: str, line: int | None
) -> None:
    with pytest.raises(InputError) as caught:
        aif.load(FIXTURES / name)
    error = caught.value
    assert message in str(error)
    assert str(error).startswith(str(FIXTURES / name))
    assert error.line == line


def test_not_a_nodeset() -> None:
    with pytest.raises(InputError, match='expected a JSON object with "nodes" and "edges"'):
        aif.loads('{"statements": []}')
    with pytest.raises(InputError, match="not valid JSON"):
        aif.loads("[1, 2")


@pytest.mark.parametrize(
    ("name", "skipped", "statements", "inferences"),
    [
        ("unknown-type.json", 3, 2, 1),  # the XA node and its two edges
        ("dangling-edge.json", 1, 2, 1),
        ("duplicate-node.json", 1, 2, 1),
        ("duplicate-edge.json", 1, 2, 1),
    ],
)
def test_lenient_mode_skips_bad_elements(
    name: str, skipped: int, statements: int, inferences: int
) -> None:
    context = ReadContext(lenient=True)
    store = aif.load(FIXTURES / name, context)
    assert context.skipped == skipped, context.notes
    assert len(context.notes) >= skipped
    count = len(list(store.rows("SELECT ?s WHERE { ?s a am:Statement }")))
    assert count == statements
    found = list(
        store.rows("SELECT ?i WHERE { ?i a am:Inference ; am:premise ?p ; am:conclusion ?c }")
    )
    assert len(found) == inferences


# --- writing -------------------------------------------------------------------------


def test_round_trip_gives_the_same_graph(dialogue: MapStore) -> None:
    source = json.loads((FIXTURES / "dialogue.json").read_text())
    written = json.loads(aif.dumps(dialogue))
    assert same_aif_graph(source, written)
    assert {n["nodeID"] for n in written["nodes"]} == {n["nodeID"] for n in source["nodes"]}
    ra = next(n for n in written["nodes"] if n["nodeID"] == "8")
    assert ra["text"] == "Argument From Expert Opinion"
    first = next(n for n in written["nodes"] if n["nodeID"] == "1")
    assert first["timestamp"] == "2020-01-02 10:00:00"


def test_writing_is_deterministic(dialogue: MapStore) -> None:
    assert aif.dumps(dialogue) == aif.dumps(dialogue)
    again = aif.loads(aif.dumps(dialogue), ReadContext(base=BASE))
    assert aif.dumps(again) == aif.dumps(dialogue)


def test_xaif_round_trip_keeps_the_speakers() -> None:
    store = aif.loads((FIXTURES / "xaif.json").read_bytes())
    written = json.loads(aif.dumps(store))
    assert same_aif_graph(json.loads((FIXTURES / "xaif.json").read_text()), written)
    names = {f"{p['firstname']} {p['surname']}" for p in written["participants"]}
    assert names == {"Speaker One", "Nicola Sturgeon"}
    again = aif.loads(json.dumps(written))
    assert {n for (n,) in again.rows("SELECT ?n WHERE { ?a a am:Actor ; rdfs:label ?n }")} == names


def test_a_map_that_did_not_come_from_aif() -> None:
    store = rdf_loads(SMALL_MAP, format="turtle")
    written = json.loads(aif.dumps(store))
    kinds = sorted(n["type"] for n in written["nodes"])
    # five statements; the inference, and one RA for the bare am:supports; the conflict
    assert kinds == ["CA", "I", "I", "I", "I", "I", "RA", "RA"]
    ra = [n for n in written["nodes"] if n["type"] == "RA"]
    assert sorted(n["text"] for n in ra) == [
        "Argument From Negative Consequences",
        "Default Inference",
    ]
    assert len(written["edges"]) == 3 + 2 + 2
    back = aif.loads(json.dumps(written))
    schemes = {s for (s,) in back.rows("SELECT ?s WHERE { ?i am:scheme ?s }")}
    assert schemes == {str(AM.ArgumentFromNegativeConsequences)}


def test_dump_writes_a_file_that_load_reads(tmp_path: Path, dialogue: MapStore) -> None:
    path = aif.dump(dialogue, tmp_path / "out.json")
    assert formats.for_path(path, path.read_bytes()).name == "aif"
    assert same_aif_graph(
        json.loads((FIXTURES / "dialogue.json").read_text()), json.loads(path.read_text())
    )


def test_registered_with_a_sniff_and_what_it_cannot_carry() -> None:
    fmt = formats.by_name("aif")
    assert fmt.extensions == (".json",)
    assert fmt.reader is not None and fmt.writer is not None
    assert "anchors" in fmt.cannot_carry
    assert fmt.sniff is not None
    assert fmt.sniff((FIXTURES / "dialogue.json").read_bytes()[:4096])
    assert fmt.sniff((FIXTURES / "xaif.json").read_bytes()[:4096])
    assert not fmt.sniff(b'{"arguments": {}, "statements": {}}')
    rdf = formats.by_name("aif-rdf")
    assert rdf.extensions == () and rdf.reader is not None and rdf.writer is not None
    assert "anchors" in rdf.cannot_carry


# --- AIF RDF -------------------------------------------------------------------------


def test_aif_rdf_round_trip_keeps_the_map(dialogue: MapStore) -> None:
    turtle = aifrdf.dumps(dialogue)
    again = aifrdf.loads(turtle, ReadContext(base=BASE))
    assert triples_without_sources(again) == triples_without_sources(dialogue)


def triples_without_sources(store: MapStore) -> set[tuple[str, str, str]]:
    """The map's triples, less its title, source document and anchors (AIF has none)."""
    skip = ("#map", "#source", "#anchor-", "#quote-")
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
        if not any(s in str(q.subject) for s in skip) and q.predicate.value != str(AM.anchor)
    }


def test_aif_rdf_uses_the_aif_vocabulary(dialogue: MapStore) -> None:
    g = rdf_loads(aifrdf.dumps(dialogue), format="turtle").merged_graph()
    assert (node(8), RDF.type, AIF["RA-node"]) in g
    assert (node(8), AIF.Premise, node(5)) in g
    assert (node(8), AIF.Conclusion, node(2)) in g
    assert (node(15), AIF.Conflicting_Element, node(14)) in g
    assert (node(15), AIF.Conflicted_Element, node(8)) in g
    text = Literal("Cities should ban cars downtown", datatype=XSD.string)
    assert (node(2), AIF.claimText, text) in g
    assert (node(3), AIF.Locution, node(1)) in g
    assert (node(3), AIF.IllocutionaryContent, node(2)) in g
    assert (node(9), AIF.Anchor, node(7)) in g
    assert (node(1), AIF.StartLocution, node(7)) in g
    assert (node(7), AIF.EndLocution, node(4)) in g
    assert (node(8), AIF.fulfils, AM.ArgumentFromExpertOpinion) in g


def test_aif_rdf_as_aifdb_states_it() -> None:
    store = aifrdf.load(FIXTURES / "aifdb-style.ttl")
    base = (FIXTURES / "aifdb-style.ttl").resolve().as_uri()

    def n(i: int) -> str:
        return f"{base}#node-{i}"

    rows = set(store.rows("SELECT ?i ?p ?c WHERE { ?i am:premise ?p ; am:conclusion ?c }"))
    assert rows == {(n(5), n(4), n(2))}
    rows = set(store.rows("SELECT ?k ?a ?t WHERE { ?k am:attacker ?a ; am:target ?t }"))
    assert rows == {(n(6), n(7), n(5))}
    assert set(
        store.rows("SELECT ?t ?a ?b WHERE { ?t am:transitionFrom ?a ; am:transitionTo ?b }")
    ) == {(n(8), n(1), n(9))}
    assert set(
        store.rows(
            "SELECT ?s ?n WHERE { ?s a am:Statement ; prov:wasAttributedTo ?a . ?a rdfs:label ?n }"
        )
    ) == {(n(2), "Ann")}


def test_aif_rdf_in_the_ontology_namespace() -> None:
    turtle = """
    @prefix aif: <http://www.arg.dundee.ac.uk/aif#> .
    <urn:i1> a aif:I-node ; aif:claimText "Cars pollute" .
    <urn:i2> a aif:I-node ; aif:claimText "Ban cars" .
    <urn:ra> a aif:RA-node ; aif:Premise <urn:i1> ; aif:Conclusion <urn:i2> .
    """
    store = aifrdf.loads(turtle, ReadContext(base="urn:m"))
    rows = list(
        store.rows(
            "SELECT ?p ?c WHERE { ?i am:premise ?x ; am:conclusion ?y . "
            "?x am:text ?p . ?y am:text ?c }"
        )
    )
    assert rows == [("Cars pollute", "Ban cars")]


def test_aif_rdf_malformed() -> None:
    with pytest.raises(InputError) as caught:
        aifrdf.loads("@prefix aif: <http://www.arg.dundee.ac.uk/aif#> .\n<urn:a> a aif:I-node\n")
    assert caught.value.line is not None
    with pytest.raises(InputError, match="no AIF nodes"):
        aifrdf.loads("<urn:a> <urn:b> <urn:c> .")
    dangling = """
    @prefix aif: <http://www.arg.dundee.ac.uk/aif#> .
    <urn:i1> a aif:I-node ; aif:claimText "Cars pollute" .
    <urn:ra> a aif:RA-node ; aif:Premise <urn:i1> ; aif:Conclusion <urn:nowhere> .
    """
    with pytest.raises(InputError, match="urn:nowhere is not an AIF node") as caught:
        aifrdf.loads(dangling)
    assert caught.value.node == "<urn:ra>"
    context = ReadContext(lenient=True)
    store = aifrdf.loads(dangling, context)
    assert context.skipped == 1
    assert len(list(store.rows("SELECT ?i WHERE { ?i am:premise ?p }"))) == 1


# --- the corpora ---------------------------------------------------------------------

AIF_CORPORA = ["araucaria", "microtexts", "us-2016", "qt30"]


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", AIF_CORPORA)
def test_every_corpus_file_loads_and_round_trips(corpus: str) -> None:
    failures: list[str] = []
    for path in corpus_files(corpus):
        source = json.loads(path.read_text(encoding="utf-8"))
        store = aif.load(path)
        statements = sum(
            1
            for _ in store.rows(
                "SELECT ?s WHERE { ?s a am:Statement FILTER NOT EXISTS { ?l am:content ?s } }"
            )
        )
        if statements != sum(1 for n in source["nodes"] if n["type"] == "I"):
            failures.append(f"{path.name}: {statements} statements")
        written = json.loads(aif.dumps(store))
        if (len(written["nodes"]), len(written["edges"])) != (
            len(source["nodes"]),
            len(source["edges"]),
        ):
            failures.append(
                f"{path.name}: {len(written['nodes'])} nodes, {len(written['edges'])} edges "
                f"written for {len(source['nodes'])}, {len(source['edges'])}"
            )
        elif not same_aif_graph(source, written):
            failures.append(f"{path.name}: not the same graph after a round trip")
    assert failures == []


@pytest.mark.corpus
def test_microtexts_are_all_anchored() -> None:
    anchored = total = 0
    for path in corpus_files("microtexts"):
        store = aif.load(path)
        total += sum(1 for _ in store.rows("SELECT ?s WHERE { ?s a am:Statement }"))
        anchored += sum(1 for _ in store.rows("SELECT DISTINCT ?s WHERE { ?s am:anchor ?a }"))
    assert anchored == total > 500


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", AIF_CORPORA)
def test_corpus_round_trip_through_aif_rdf(corpus: str) -> None:
    files = corpus_files(corpus)
    if not FULL and corpus in ("us-2016", "qt30"):
        files = files[::10]  # every tenth file; ARGMAP_FULL_CORPUS=1 for all
    failures = []
    for path in files:
        base = path.resolve().as_uri()
        store = aif.loads(path.read_bytes(), ReadContext(base=base))
        again = aifrdf.loads(aifrdf.dumps(store), ReadContext(base=base))
        if triples_without_sources(again) != triples_without_sources(store):
            failures.append(path.name)
    assert failures == []


# --------------------------------------------------------------------------- the NATO map


def test_the_nato_maps_speakers_travel_in_aif(nato: MapStore) -> None:
    """The AIF export of the NATO map says who said what: each locution is a
    participant's (the author and those she reports), and it illocutes the statement
    whose words it says; reading the export back gives the same speakers."""
    doc = json.loads(aif.dumps(nato))
    people = {
        p["participantID"]: f"{p['firstname']} {p['surname']}".strip() for p in doc["participants"]
    }
    assert {"Ezba Walayat", "Jens Stoltenberg", "Joe Biden", "A British officer"} <= set(
        people.values()
    )
    nodes = {n["nodeID"]: n for n in doc["nodes"]}
    speaker = {loc["nodeID"]: people[loc["personID"]] for loc in doc["locutions"]}
    assert {n for n, node in nodes.items() if node["type"] == "L"} == set(speaker)
    into: dict[str, list[str]] = {}
    for edge in doc["edges"]:
        into.setdefault(edge["toID"], []).append(edge["fromID"])
    said: dict[str, str] = {}  # I-node text -> who asserted it
    for ya, node in nodes.items():
        if node["type"] != "YA" or node["text"] != "Asserting":
            continue
        (loc,) = [f for f in into.get(ya, []) if nodes[f]["type"] == "L"]
        targets = [e["toID"] for e in doc["edges"] if e["fromID"] == ya]
        (statement,) = [t for t in targets if nodes[t]["type"] == "I"]
        said[nodes[statement]["text"]] = speaker[loc]
    reported = {text: who for text, who in said.items() if who != "Ezba Walayat"}
    assert (
        reported[
            "The allies agree that NATO should have no planes operating over Ukrainian "
            "airspace and no troops operating in Ukrainian territory."
        ]
        == "Jens Stoltenberg"
    )
    assert reported["NATO is not prepared for a conflict with Russia."] == "A British officer"
    assert any(who == "Joe Biden" for who in reported.values())
    assert said[
        "NATO is not planning to intervene militarily in Ukraine or to send troops there."
    ] == ("Ezba Walayat")
    # Transitions carry the arguing and disagreeing the connectives signal.
    forces = {n["text"] for n in nodes.values() if n["type"] == "YA"}
    assert {"Asserting", "Arguing", "Disagreeing", "Restating"} <= forces
    back = aif.loads(aif.dumps(nato))
    names = {
        str(name)
        for (name,) in back.rows(
            "SELECT DISTINCT ?name WHERE "
            "{ ?l a am:Locution ; prov:wasAttributedTo/rdfs:label ?name }"
        )
    }
    assert set(people.values()) == names


def _dialogue(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]]) -> dict:
    return {
        "nodes": [{"nodeID": i, "type": t, "text": x} for i, t, x in nodes],
        "edges": [{"edgeID": str(k), "fromID": f, "toID": t} for k, (f, t) in enumerate(edges)],
    }


def test_a_premise_reached_through_a_locution_is_the_statement_it_puts_forward() -> None:
    """L → RA, where the locution asserts a statement (L → YA → I): the premise is
    that statement; the edge stays the file's, and is what the writer writes."""
    source = _dialogue(
        [
            ("1", "I", "Cars pollute."),
            ("2", "I", "Cities should ban cars."),
            ("3", "RA", "Default Inference"),
            ("4", "L", "Ana : cars pollute"),
            ("5", "YA", "Asserting"),
        ],
        [("4", "3"), ("3", "2"), ("4", "5"), ("5", "1")],
    )
    store = aif.loads(json.dumps(source), ReadContext(base=BASE))
    assert objects(store, node(3), AM.premise) == {str(node(1))}
    assert has(store, node(4), AM.aifEdge, node(3))
    assert has(store, node(3), AM.throughLocution, node(4))
    assert check_integrity(store) == []
    assert same_aif_graph(source, json.loads(aif.dumps(store)))


def test_a_locution_that_puts_forward_nothing_gives_its_own_words() -> None:
    """RA → L and CA → L where the locution asserts no statement (AIFdb's reddit
    threads type propositions as L nodes): the conclusion and the target are the
    statement its words make, without the speaker's name, attributed to whoever
    said them (the speaker in its text, or the locution that puts it forward)."""
    source = _dialogue(
        [
            ("1", "I", "Obama does care"),
            ("2", "RA", "Default Inference"),
            ("3", "L", "Obama likes Obamacare"),
            ("4", "L", "elaine : Obama likes Obamacare"),
            ("5", "YA", "Asserting"),
            ("6", "CA", "Default Conflict"),
            ("7", "L", "Bo : He does not"),
        ],
        [("1", "2"), ("2", "3"), ("4", "5"), ("5", "3"), ("7", "6"), ("6", "3")],
    )
    store = aif.loads(json.dumps(source), ReadContext(base=BASE))
    content = URIRef(f"{node(3)}-content")
    said = URIRef(f"{node(7)}-content")
    assert objects(store, node(2), AM.conclusion) == {str(content)}
    assert objects(store, node(6), AM.target) == {str(content)}
    assert objects(store, node(6), AM.attacker) == {str(said)}
    assert objects(store, content, AM.text) == {"Obama likes Obamacare"}
    assert objects(store, said, AM.text) == {"He does not"}
    assert objects(store, node(3), AM.content) == {str(content)}
    assert objects(store, content, PROV.wasAttributedTo) == {f"{BASE}#actor-elaine"}
    assert objects(store, said, PROV.wasAttributedTo) == {f"{BASE}#actor-Bo"}
    assert check_integrity(store) == []
    written = json.loads(aif.dumps(store))
    assert same_aif_graph(source, written)  # no content node, no role edge written
    again = aif.loads(json.dumps(written), ReadContext(base=BASE))
    assert len(again.merged_graph()) == len(store.merged_graph())


def test_an_inference_joined_to_a_locution_keeps_the_edge_as_it_is() -> None:
    """AIFdb nodesets sometimes join an RA node to a locution (RA → L) as well as to
    the statement it concludes: the edge to the locution is kept as an am:aifEdge,
    not read as a second conclusion that is a locution, so the map is valid, and
    writing it back gives the same nodes and edges."""
    source = {
        "nodes": [
            {"nodeID": "1", "type": "I", "text": "Cars pollute."},
            {"nodeID": "2", "type": "I", "text": "Cities should ban cars."},
            {"nodeID": "3", "type": "RA", "text": "Default Inference"},
            {"nodeID": "4", "type": "L", "text": "Ana : so ban them"},
            {"nodeID": "5", "type": "YA", "text": "Asserting"},
            {"nodeID": "6", "type": "TA", "text": "Default Transition"},
        ],
        "edges": [
            {"edgeID": "1", "fromID": "1", "toID": "3"},
            {"edgeID": "2", "fromID": "3", "toID": "2"},
            {"edgeID": "3", "fromID": "3", "toID": "4"},  # RA -> L
            {"edgeID": "4", "fromID": "4", "toID": "5"},
            {"edgeID": "5", "fromID": "5", "toID": "2"},
            {"edgeID": "6", "fromID": "6", "toID": "3"},  # TA -> RA
        ],
    }
    store = aif.loads(json.dumps(source), ReadContext(base=BASE))
    assert has(store, node(3), AM.conclusion, node(2))
    assert has(store, node(3), AM.aifEdge, node(4)) and has(store, node(6), AM.aifEdge, node(3))
    assert not has(store, node(3), AM.conclusion, node(4))
    assert not has(store, node(3), AM.premise, node(6))
    assert check_integrity(store) == []
    written = json.loads(aif.dumps(store))
    assert same_aif_graph(source, written)
