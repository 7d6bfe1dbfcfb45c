"""arggraph XML (arg-microtexts): reading, malformed input, and the corpus.

The corpus tests read ``microtexts/format=arggraph,lang=en`` in place from
``ARGMAP_CORPORA`` (default ``/work/shared/corpora``), and check that the XML and
the AIF version of each text (``microtexts/format=aif,lang=en``, matched by their
plain texts) give the same map.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import corpus_folder

from graph import formats
from graph.errors import InputError
from graph.formats import ReadContext, aif, arggraph
from graph.store import MapStore

FIXTURES = Path(__file__).parent / "fixtures" / "aif"
MICRO = FIXTURES / "micro.xml"


def corpus_files(corpus: str, sub: str, pattern: str) -> list[Path]:
    """The files of a corpus; skip (fail on CI) when the corpora are not there."""
    folder = corpus_folder(corpus, sub)
    files = sorted(folder.glob(pattern))
    assert files, f"no {pattern} files in {folder}"
    return files


@pytest.fixture(scope="module")
def micro() -> MapStore:
    return arggraph.load(MICRO)


def base() -> str:
    return MICRO.resolve().as_uri()


def n(local: str) -> str:
    return f"{base()}#node-{local}"


def test_each_adu_is_a_statement_with_the_text_of_its_edus(micro: MapStore) -> None:
    texts = dict(micro.rows("SELECT ?s ?t WHERE { ?s a am:Statement ; am:text ?t }"))
    assert len(texts) == 9
    assert texts[n("a1")] == "Cities should ban cars downtown."
    # a joint: two EDUs that count only together
    assert texts[n("a2")] == "Air pollution harms children and traffic kills hundreds every year."


def test_adus_speak_for_the_proponent_or_the_opponent(micro: MapStore) -> None:
    speakers = dict(
        micro.rows(
            "SELECT ?s ?name WHERE { ?s a am:Statement ; prov:wasAttributedTo ?a . "
            "?a rdfs:label ?name }"
        )
    )
    assert speakers[n("a1")] == "proponent"
    assert speakers[n("a4")] == "opponent"
    assert len(speakers) == 9


def test_supports_and_linked_premises(micro: MapStore) -> None:
    premises: dict[str, set[str]] = {}
    for i, p, c in micro.rows("SELECT ?i ?p ?c WHERE { ?i am:premise ?p ; am:conclusion ?c }"):
        assert c == n("a1")
        premises.setdefault(str(i), set()).add(str(p))
    # c1 (sup) with the premise that c7 (add) adds; c2 (exa) by example
    assert premises == {n("c1"): {n("a2"), n("a8")}, n("c2"): {n("a3")}}
    schemes = set(micro.rows("SELECT ?i ?s WHERE { ?i am:scheme ?s }"))
    assert schemes == {(n("c2"), "https://w3id.org/argmap#ArgumentFromExample")}


def test_rebuttals_undercuts_and_attacks_on_attacks(micro: MapStore) -> None:
    conflicts: dict[str, tuple[set[str], str]] = {}
    for k, a, t in micro.rows("SELECT ?k ?a ?t WHERE { ?k am:attacker ?a ; am:target ?t }"):
        conflicts.setdefault(str(k), (set(), str(t)))[0].add(str(a))
    assert conflicts == {
        n("c3"): ({n("a4")}, n("a1")),  # reb: a statement
        n("c4"): ({n("a5"), n("a6")}, n("c3")),  # und on a reb, with an added attacker
        n("c6"): ({n("a7")}, n("c4")),  # und on an und
        n("c8"): ({n("a9")}, n("c2")),  # und on an exa: an undercut of an inference
    }


def test_statements_are_anchored_in_the_text(micro: MapStore) -> None:
    anchored = {s for (s,) in micro.rows("SELECT DISTINCT ?s WHERE { ?s am:anchor ?a }")}
    assert len(anchored) == 9
    files = {f for (f,) in micro.rows("SELECT ?f WHERE { ?d am:textFile ?f }")}
    assert files == {"micro.txt"}


def test_without_a_text_beside_it_there_are_no_anchors(tmp_path: Path) -> None:
    path = tmp_path / "alone.xml"
    path.write_bytes(MICRO.read_bytes())
    store = arggraph.load(path)
    assert list(store.rows("SELECT ?s WHERE { ?s am:anchor ?a }")) == []
    assert len(list(store.rows("SELECT ?s WHERE { ?s a am:Statement }"))) == 9


def test_the_registry_tells_arggraph_from_rdf_xml() -> None:
    assert formats.for_path("x.xml", MICRO.read_bytes()).name == "arggraph"
    rdfxml = (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    )
    assert formats.for_path("x.xml", rdfxml).name == "rdfxml"
    fmt = formats.by_name("arggraph")
    assert fmt.reader is not None and fmt.writer is None and fmt.cannot_carry
    assert formats.load(MICRO).count() == arggraph.load(MICRO).count()


@pytest.mark.parametrize(
    ("xml", "message", "line"),
    [
        ("<arggraph id='x'><edu id='e1'>text</edu>\n<adu id='a1' type='pro'>", "not valid XML", 2),
        ("<argument id='x'/>", "not an arggraph: the root element is <argument>", None),
        (
            "<arggraph id='x'><edu id='e1'>t</edu><adu id='a1' type='pro'/>"
            "<edge id='c1' src='e1' trg='a1' type='seg'/>"
            "<edge id='c2' src='a1' trg='a9' type='sup'/></arggraph>",
            "edge c2: ends at 'a9', which is not an adu",
            None,
        ),
        (
            "<arggraph id='x'><edu id='e1'>t</edu><adu id='a1' type='maybe'/></arggraph>",
            "adu a1: has type 'maybe': expected pro or opp",
            None,
        ),
        (
            "<arggraph id='x'><edu id='e1'>t</edu><adu id='a1' type='pro'/>"
            "<edge id='c1' src='a1' trg='e1' type='und'/></arggraph>",
            "edge c1: ends at 'e1', which is not a sup, exa, reb or und edge",
            None,
        ),
    ],
)
def test_malformed_input_gives_one_error(xml: str, message: str, line: int | None) -> None:
    with pytest.raises(InputError) as caught:
        arggraph.loads(xml)
    assert message in str(caught.value)
    assert caught.value.line == line


def test_lenient_mode_skips_bad_edges() -> None:
    xml = (
        "<arggraph id='x'><edu id='e1'>A.</edu><edu id='e2'>B.</edu>"
        "<adu id='a1' type='pro'/><adu id='a2' type='opp'/>"
        "<edge id='s1' src='e1' trg='a1' type='seg'/><edge id='s2' src='e2' trg='a2' type='seg'/>"
        "<edge id='c1' src='a2' trg='a1' type='reb'/><edge id='c2' src='a2' trg='a7' type='sup'/>"
        "<edge id='c3' src='a2' trg='a1' type='zap'/></arggraph>"
    )
    context = ReadContext(lenient=True)
    store = arggraph.loads(xml, context)
    assert context.skipped == 2, context.notes
    assert len(list(store.rows("SELECT ?k WHERE { ?k a am:Conflict }"))) == 1
    assert list(store.rows("SELECT ?i WHERE { ?i a am:Inference }")) == []


# --- the corpus ----------------------------------------------------------------------


def structure(store: MapStore, *, texts: bool) -> nx.DiGraph:
    """Statements, inferences and conflicts, and their premise, conclusion, attacker
    and target edges; with ``texts``, statements carry their text without whitespace."""
    g = nx.DiGraph()
    for s, t in store.rows("SELECT ?s ?t WHERE { ?s a am:Statement ; am:text ?t }"):
        text = re.sub(r"\s+", "", t or "").lower() if texts else ""
        g.add_node(s, label=("statement", text))
    for (i,) in store.rows("SELECT ?i WHERE { ?i a am:Inference }"):
        g.add_node(i, label=("inference", ""))
    for (k,) in store.rows("SELECT ?k WHERE { ?k a am:Conflict }"):
        g.add_node(k, label=("conflict", ""))
    for query in (
        "SELECT ?a ?b WHERE { ?b am:premise ?a }",
        "SELECT ?a ?b WHERE { ?a am:conclusion ?b }",
        "SELECT ?a ?b WHERE { ?b am:attacker ?a }",
        "SELECT ?a ?b WHERE { ?a am:target ?b }",
    ):
        g.add_edges_from(store.rows(query))
    return g


def same_structure(a: MapStore, b: MapStore, *, texts: bool) -> bool:
    ga, gb = structure(a, texts=texts), structure(b, texts=texts)
    return bool(nx.vf2pp_is_isomorphic(ga, gb, node_label="label"))


def test_the_comparison_can_fail(micro: MapStore) -> None:
    other = arggraph.loads(MICRO.read_bytes().replace(b'type="reb"', b'type="sup"'))
    assert same_structure(micro, micro, texts=True)
    assert not same_structure(micro, other, texts=False)


def _normal(text: str) -> str:
    return " ".join(text.split())


#: Texts whose two versions differ in what the structure says, not in its shape:
#: b025 and d07 cut two EDUs at another word; in k011 the AIF version relates the
#: same statements differently (the same graph with other texts at its nodes).
DIFFERENT_TEXTS = {"micro_b025", "micro_d07", "micro_k011"}


@pytest.mark.corpus
def test_every_arggraph_file_loads_and_is_anchored() -> None:
    failures = []
    for path in corpus_files("microtexts", "format=arggraph,lang=en", "*.xml"):
        store = arggraph.load(path)
        statements = sum(1 for _ in store.rows("SELECT ?s WHERE { ?s a am:Statement }"))
        anchored = sum(1 for _ in store.rows("SELECT DISTINCT ?s WHERE { ?s am:anchor ?a }"))
        if not statements or anchored != statements:
            failures.append(f"{path.name}: {anchored} of {statements} statements anchored")
    assert failures == []


@pytest.mark.corpus
def test_xml_and_aif_of_the_same_text_give_the_same_map() -> None:
    xml = {
        _normal(p.read_text(encoding="utf-8")): p.with_suffix(".xml")
        for p in corpus_files("microtexts", "format=arggraph,lang=en", "*.txt")
    }
    compared = 0
    different_shape, different_texts = [], []
    for path in corpus_files("microtexts", "format=aif,lang=en", "*.json"):
        text = _normal(path.with_suffix(".txt").read_text(encoding="utf-8"))
        twin = xml[text]  # every AIF text exists as XML
        from_aif, from_xml = aif.load(path), arggraph.load(twin)
        compared += 1
        if not same_structure(from_aif, from_xml, texts=False):
            different_shape.append(f"{path.name} / {twin.name}")
        elif not same_structure(from_aif, from_xml, texts=True):
            different_texts.append(twin.stem)
    assert compared == 110
    assert different_shape == []
    assert set(different_texts) == DIFFERENT_TEXTS


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("folder", "files"), [("format=arggraph,lang=en", 112), ("format=aif,lang=en", 110)]
)
def test_every_microtext_is_a_valid_map_strictly(folder: str, files: int) -> None:
    """Linked attacks and attacks on attacks included (micro_b001's c3 has both): no
    error in any file, read without --lenient; the only warning is the corpus' missing
    author."""
    from graph.pipeline import validate_map

    path = corpus_folder("microtexts", folder)
    assert len([p for p in path.iterdir() if p.suffix in (".xml", ".json")]) == files
    problems = validate_map(path)
    assert [p for p in problems if p.severity == "error"] == []
    assert {p.facts.get("path") for p in problems} == {"http://purl.org/dc/terms/creator"}
    assert len(problems) == files  # one per file: its source document has no creator
