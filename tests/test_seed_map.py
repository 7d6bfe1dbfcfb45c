"""Checks on the seed argument map ``seeds/nato-ukraine.ttl``.

The map encodes Ezba Walayat's "Why NATO did not intervene in Ukraine war?"
(``seeds/nato-ukraine.txt``). These tests use rdflib and the standard library
only, so that they hold the seed to its conventions independently of the
``graph`` package that loads it.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MAP_FILE = SEEDS / "nato-ukraine.ttl"
TEXT_FILE = SEEDS / "nato-ukraine.txt"
ONTOLOGY_FILE = ROOT / "ontology" / "argmap.ttl"

AM = Namespace("https://w3id.org/argmap#")
OA = Namespace("http://www.w3.org/ns/oa#")
NU = Namespace("https://w3id.org/argmap/map/nato-ukraine#")

STATEMENT_CLASSES = (AM.Claim, AM.Evidence, AM.Proposal, AM.Prediction, AM.Recommendation)

#: The paragraphs of the article that are not argument: the title, the byline and
#: the image caption.
CAPTION = "NATO Secretary General Jens Stoltenberg and the President of Ukraine Volodymyr Zelenskyy"


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def g() -> Graph:
    graph = Graph()
    graph.parse(MAP_FILE, format="turtle")
    return graph


@pytest.fixture(scope="module")
def text() -> str:
    return TEXT_FILE.read_text(encoding="utf-8")


def statements(g: Graph) -> set[Node]:
    found: set[Node] = set()
    for cls in STATEMENT_CLASSES:
        found.update(g.subjects(RDF.type, cls))
    return found


def inferences(g: Graph) -> set[Node]:
    return set(g.subjects(RDF.type, AM.Inference))


def conflicts(g: Graph) -> set[Node]:
    return set(g.subjects(RDF.type, AM.Conflict))


def is_implicit(g: Graph, s: Node) -> bool:
    return any(isinstance(v, Literal) and v.toPython() is True for v in g.objects(s, AM.implicit))


def quotes_of(g: Graph, statement: Node) -> list[str]:
    """The oa:exact strings of every anchor of ``statement``."""
    return [
        str(exact)
        for anchor in g.objects(statement, AM.anchor)
        for selector in g.objects(anchor, OA.hasSelector)
        for exact in g.objects(selector, OA.exact)
    ]


def all_quotes(g: Graph) -> list[str]:
    return [str(o) for o in g.objects(None, OA.exact)]


def argumentative_paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each blank-line separated paragraph of argument.

    Skips the title (a Markdown heading), the byline and the image caption.
    """
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*(?:\n|$)))+", text):
        raw = m.group(0)
        body = raw.strip()
        if not body:
            continue
        if body.startswith("#") or body.startswith("written by") or body == CAPTION:
            continue
        found.append((m.start() + raw.index(body), body))
    return found


def sentences(offset: int, paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) with offsets into the whole text.

    A sentence ends at '.', '!' or '?' (optionally followed by a closing quote)
    that is followed by whitespace or the end of the paragraph.
    """
    found: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\S.*?(?:[.!?][\"'\u201d\u2019]?(?=\s|$)|$)", paragraph, re.S):
        found.append((offset + m.start(), offset + m.end(), m.group(0)))
    return found


# --------------------------------------------------------------------------- 1. parse, quotes


def test_map_parses_and_quotes_are_verbatim(g: Graph, text: str) -> None:
    assert len(g) > 0
    maps = list(g.subjects(RDF.type, AM.ArgumentMap))
    assert maps == [NU.map]
    assert (NU.map, AM.mainConclusion, NU["nato-will-not-intervene"]) in g
    title = Literal("Why NATO did not intervene in Ukraine war?", lang="en")
    assert (NU.map, RDFS.label, title) in g
    # The source document names the text file next to the map.
    (source,) = list(g.objects(NU.map, URIRef("http://purl.org/dc/terms/source")))
    (text_file,) = list(g.objects(source, AM.textFile))
    assert (MAP_FILE.parent / str(text_file)).resolve() == TEXT_FILE.resolve()

    quotes = all_quotes(g)
    assert quotes, "the map has no anchored quotes"
    missing = [q for q in quotes if q not in text]
    assert not missing, f"quotes not found verbatim in the text: {missing}"


def test_anchors_are_well_formed(g: Graph) -> None:
    for s in statements(g):
        for anchor in g.objects(s, AM.anchor):
            assert (anchor, RDF.type, OA.SpecificResource) in g, s
            assert list(g.objects(anchor, OA.hasSource)) == [NU.article], s
            selectors = list(g.objects(anchor, OA.hasSelector))
            assert len(selectors) == 1, s
            (sel,) = selectors
            assert (sel, RDF.type, OA.TextQuoteSelector) in g, s
            assert len(list(g.objects(sel, OA.exact))) == 1, s
            # Offsets, prefix and suffix are computed by the package, not written.
            for p in (OA.start, OA.end, OA.prefix, OA.suffix):
                assert not list(g.objects(sel, p)), (s, p)


def test_quotes_are_unambiguous(g: Graph, text: str) -> None:
    ambiguous = [q for q in all_quotes(g) if text.count(q) != 1]
    assert not ambiguous, f"quotes that do not occur exactly once: {ambiguous}"


# --------------------------------------------------------------------------- 2. statements


def test_statements_are_well_formed(g: Graph) -> None:
    stmts = statements(g)
    assert 25 <= len(stmts) <= 40, len(stmts)
    for s in stmts:
        assert isinstance(s, URIRef), s
        types = [c for c in STATEMENT_CLASSES if (s, RDF.type, c) in g]
        assert len(types) == 1, (s, types)

        labels = list(g.objects(s, RDFS.label))
        assert len(labels) == 1, (s, labels)
        (label,) = labels
        assert isinstance(label, Literal) and label.language is None, (s, label)
        assert str(label).strip(), s

        texts = list(g.objects(s, AM.text))
        assert len(texts) == 1, (s, texts)
        (body,) = texts
        assert isinstance(body, Literal) and body.language is None, (s, body)
        assert str(body).strip(), s

        speakers = list(g.objects(s, PROV.wasAttributedTo))
        assert speakers, f"{s} has no prov:wasAttributedTo"

        anchored = bool(list(g.objects(s, AM.anchor)))
        implicit = is_implicit(g, s)
        assert anchored != implicit, f"{s}: needs an anchor or am:implicit true, not both"
        if implicit:
            assert speakers == [NU.walayat], f"implicit {s} must be the author's reconstruction"


# --------------------------------------------------------------------------- 3. structure


def test_inferences_conflicts_and_schemes(g: Graph) -> None:
    stmts = statements(g)
    infs = inferences(g)
    confs = conflicts(g)
    assert 15 <= len(infs) <= 30, len(infs)
    assert len(confs) >= 3, len(confs)

    for i in infs:
        premises = list(g.objects(i, AM.premise))
        assert premises, f"{i} has no premise"
        assert all(p in stmts for p in premises), (i, premises)
        conclusions = list(g.objects(i, AM.conclusion))
        assert len(conclusions) == 1, (i, conclusions)
        assert conclusions[0] in stmts, (i, conclusions)
        assert conclusions[0] not in premises, i

    for c in confs:
        attackers = list(g.objects(c, AM.attacker))
        assert len(attackers) == 1 and attackers[0] in stmts, (c, attackers)
        targets = list(g.objects(c, AM.target))
        assert len(targets) == 1 and (targets[0] in stmts or targets[0] in infs), (c, targets)
        assert attackers[0] != targets[0], c

    # At least one undercut: the membership explanation's inference is attacked.
    assert any(t in infs for c in confs for t in g.objects(c, AM.target))

    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    schemes = set(ontology.subjects(RDF.type, AM.Scheme))
    assert schemes
    used = set(g.objects(None, AM.scheme))
    assert used, "no inference names a scheme"
    assert used <= schemes, f"undefined schemes: {used - schemes}"
    for i in g.subjects(AM.scheme):
        assert i in infs, i

    # The reified forms only; the package derives the shortcut edges.
    assert not list(g.triples((None, AM.supports, None)))
    assert not list(g.triples((None, AM.attacks, None)))


def test_only_known_vocabulary(g: Graph) -> None:
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    defined = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    for _s, p, o in g:
        for term in (p, o if p == RDF.type else None):
            if isinstance(term, URIRef) and str(term).startswith(str(AM)):
                assert term in defined, f"{term} is not defined in argmap.ttl"


# --------------------------------------------------------------------------- 4. coverage


def test_every_argumentative_sentence_is_anchored(g: Graph, text: str) -> None:
    paragraphs = argumentative_paragraphs(text)
    # Three argumentative paragraphs and the concluding one.
    assert len(paragraphs) == 4, [p[:40] for _, p in paragraphs]
    spans = []
    for q in all_quotes(g):
        start = text.find(q)
        assert start >= 0, q
        spans.append((start, start + len(q)))

    all_sentences = [s for off, p in paragraphs for s in sentences(off, p)]
    assert len(all_sentences) == 18, [s for _, _, s in all_sentences]
    uncovered = [
        sentence
        for start, end, sentence in all_sentences
        if not any(qs < end and start < qe for qs, qe in spans)
    ]
    assert not uncovered, f"sentences with no anchored statement: {uncovered}"


# --------------------------------------------------------------------------- 5. named elements

#: A phrase of the article, and the statement class that must anchor on it
#: (None: any statement class).
KEY_PHRASES: list[tuple[str, URIRef | None]] = [
    ("no-fly zone", AM.Proposal),
    ("neutral", None),
    ("Afghanistan", None),
    ("not going to be popular", None),
    ("foreign ministers rejected", AM.Evidence),
    ("new sanctions", AM.Evidence),
    ("not prepared", None),
    ("weaponry and financial aid", AM.Evidence),
    ("membership", None),
    ("non-negotiable", None),
    ("Ukraine wants to join", None),
    ("more likely that it will continue", AM.Prediction),
    ("strong advocacy and diplomacy", AM.Recommendation),
]


@pytest.mark.parametrize(("phrase", "cls"), KEY_PHRASES)
def test_key_phrase_is_encoded(g: Graph, text: str, phrase: str, cls: URIRef | None) -> None:
    assert phrase.lower() in text.lower(), phrase
    holders = [
        s
        for s in statements(g)
        if any(phrase.lower() in q.lower() for q in quotes_of(g, s))
        and (cls is None or (s, RDF.type, cls) in g)
    ]
    assert holders, f"no statement{'' if cls is None else ' of ' + str(cls)} anchored on {phrase!r}"


def test_key_structure_of_the_issue(g: Graph) -> None:
    main = NU["nato-will-not-intervene"]
    stmts = statements(g)
    # The escalation fear attacks Ukraine's no-fly-zone proposal, which attacks
    # the main conclusion.
    nfz = NU["ukraine-calls-for-no-fly-zone"]
    assert (nfz, RDF.type, AM.Proposal) in g
    assert (nfz, PROV.wasAttributedTo, NU["ukrainian-leaders"]) in g
    pairs = {(next(g.objects(c, AM.attacker)), next(g.objects(c, AM.target))) for c in conflicts(g)}
    assert (NU["no-fly-zone-escalation"], nfz) in pairs
    assert (nfz, main) in pairs
    # The membership rebuttal undercuts the membership explanation's inference.
    assert (NU["membership-not-the-reason"], NU["inf-membership-explanation"]) in pairs
    assert (NU["membership-explanation"], RDF.type, AM.Claim) in g
    # Implicit premises exist and are used as premises.
    implicit = [s for s in stmts if is_implicit(g, s)]
    assert implicit
    used_premises = set(g.objects(None, AM.premise))
    assert all(s in used_premises for s in implicit)


# --------------------------------------------------------------------------- 6. actors

REQUIRED_ACTORS = {
    "stoltenberg": "Stoltenberg",
    "biden": "Biden",
    "zelenskyy": "Zelenskyy",
    "ukrainian-leaders": "Ukrainian leaders",
    "british-officer": "British officer",
    "putin": "Putin",
    "foreign-ministers": "foreign ministers",
    "nato": "NATO",
    "russia": "Russia",
    "ukraine": "Ukraine",
    "walayat": "Walayat",
}


@pytest.mark.parametrize(("local", "name"), sorted(REQUIRED_ACTORS.items()))
def test_named_actor_exists(g: Graph, local: str, name: str) -> None:
    actor = NU[local]
    assert (actor, RDF.type, AM.Actor) in g, actor
    labels = [str(lbl) for lbl in g.objects(actor, RDFS.label)]
    assert any(name.lower() in lbl.lower() for lbl in labels), (actor, labels)


def test_speakers_and_mentions_are_actors(g: Graph) -> None:
    actors = set(g.subjects(RDF.type, AM.Actor))
    for p in (PROV.wasAttributedTo, AM.mentions):
        for s, o in g.subject_objects(p):
            assert o in actors, (s, p, o)
    assert (NU.stoltenberg, AM.role, Literal("Secretary General of NATO")) in g


# --------------------------------------------------------------------------- 7. connectivity


def test_map_is_connected(g: Graph) -> None:
    (main,) = list(g.objects(NU.map, AM.mainConclusion))
    stmts = statements(g)
    assert main in stmts
    nodes = stmts | inferences(g) | conflicts(g)
    adjacency: dict[Node, set[Node]] = {n: set() for n in nodes}
    for p in (AM.premise, AM.conclusion, AM.attacker, AM.target):
        for a, b in g.subject_objects(p):
            if isinstance(a, BNode) or isinstance(b, BNode):
                continue
            adjacency.setdefault(a, set()).add(b)
            adjacency.setdefault(b, set()).add(a)
    seen = {main}
    queue = deque([main])
    while queue:
        n = queue.popleft()
        for m in adjacency.get(n, ()):
            if m not in seen:
                seen.add(m)
                queue.append(m)
    unreachable = sorted(str(n) for n in nodes - seen)
    assert not unreachable, f"not connected to the main conclusion: {unreachable}"
