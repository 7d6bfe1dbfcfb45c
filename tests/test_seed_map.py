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
        anchored = bool(list(g.objects(s, AM.anchor)))
        implicit = is_implicit(g, s)
        assert anchored != implicit, f"{s}: needs an anchor or am:implicit true, not both"
        # One speaker each: a sentence that reports two speakers is two statements.
        assert len(speakers) <= 1, (s, speakers)
        if anchored:
            assert speakers, f"{s} is stated in the text but has no prov:wasAttributedTo"
        if implicit and speakers != [NU.walayat]:
            # An unstated premise is the author's reconstruction, unless it completes
            # the reasoning of someone she reports (then it is theirs, and the map
            # says so), or of a view nobody in the article holds (then no one's).
            assert list(g.objects(s, RDFS.comment)), f"implicit {s}: say whose it is and why"


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

    # Every inference names its scheme.
    assert all(list(g.objects(i, AM.scheme)) for i in infs), [
        i for i in infs if not list(g.objects(i, AM.scheme))
    ]

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


def _pairs(g: Graph) -> set[tuple[Node, Node]]:
    return {(next(g.objects(c, AM.attacker)), next(g.objects(c, AM.target))) for c in conflicts(g)}


def _inferences_to(g: Graph, conclusion: Node) -> dict[Node, set[Node]]:
    return {
        i: set(g.objects(i, AM.premise))
        for i in inferences(g)
        if (i, AM.conclusion, conclusion) in g
    }


def test_key_structure_of_the_issue(g: Graph) -> None:
    main = NU["nato-will-not-intervene"]
    stmts = statements(g)
    pairs = _pairs(g)
    # Ukraine's leaders call for a no-fly zone, and NATO's position answers it; the
    # call is not an objection to the article's thesis (nothing attacks the thesis).
    nfz = NU["ukraine-calls-for-no-fly-zone"]
    assert (nfz, RDF.type, AM.Proposal) in g
    assert (nfz, PROV.wasAttributedTo, NU["ukrainian-leaders"]) in g
    assert (NU["nato-opposes-no-fly-zone"], nfz) in pairs
    assert not [a for a, t in pairs if t == main]
    # The membership rebuttal undercuts the membership explanation's inference.
    assert (NU["membership-not-the-reason"], NU["inf-membership-explanation"]) in pairs
    assert (NU["membership-explanation"], RDF.type, AM.Claim) in g
    # Implicit premises exist and are used as premises.
    implicit = [s for s in stmts if is_implicit(g, s)]
    assert implicit
    used_premises = set(g.objects(None, AM.premise))
    assert all(s in used_premises for s in implicit)


def test_membership_explanation_is_not_the_authors(g: Graph) -> None:
    """The author reports the explanation to reject it: it is not hers, and its
    general premise is stated nowhere in the text."""
    general = NU["membership-explanation"]
    assert (general, PROV.wasAttributedTo, NU.walayat) not in g
    assert is_implicit(g, general)
    (inference,) = [i for i in inferences(g) if (i, AM.premise, general) in g]
    assert (inference, AM.premise, NU["ukraine-not-member"]) in g


def test_schemes_say_what_the_article_argues(g: Graph) -> None:
    # The political cost of intervening is an argument from negative consequences,
    # not ad populum ("accepted, so true").
    assert (NU["inf-unpopular"], AM.scheme, AM.ArgumentFromNegativeConsequences) in g
    assert not list(g.subjects(AM.scheme, AM.ArgumentFromPopularOpinion))


def test_what_nato_refuses_is_intervention(g: Graph) -> None:
    """Ukraine's request, which NATO refuses, is a request for military intervention
    (NATO does assist Ukraine otherwise)."""
    request = NU["ukraine-seeks-help"]
    (text,) = [str(t) for t in g.objects(request, AM.text)]
    assert "interven" in text and "militar" in text
    assert (NU["foreign-ministers-reject-intervention"], request) in _pairs(g)


def test_membership_standoff_is_two_positions(g: Graph) -> None:
    """Russia's demand and Ukraine's wish are labelled as the parties' positions and
    attack each other, and no reason given for either decides between them."""
    russia, ukraine = NU["russia-demands-ukraine-stay-out"], NU["ukraine-wants-to-join"]
    for position, party in ((russia, NU.russia), (ukraine, NU.ukraine)):
        (label,) = [str(lbl) for lbl in g.objects(position, RDFS.label)]
        assert "position" in label.lower(), label
        assert list(g.objects(position, PROV.wasAttributedTo)) == [party]
        assert not _inferences_to(g, position), position
    pairs = _pairs(g)
    assert (russia, ukraine) in pairs and (ukraine, russia) in pairs


def test_engagement_fear_is_a_direct_reason(g: Graph) -> None:
    """NATO's fear of engagement in general reaches the conclusion directly, with the
    value premise (a wider war is worse) attributed to NATO."""
    fear, worse = NU["no-fly-zone-escalation"], NU["wider-war-is-worse"]
    direct = _inferences_to(g, NU["nato-will-not-intervene"])
    (step,) = [i for i, premises in direct.items() if fear in premises]
    assert direct[step] == {fear, worse}
    assert (step, AM.scheme, AM.ArgumentFromNegativeConsequences) in g
    assert (worse, PROV.wasAttributedTo, NU.nato) in g
    assert "engagement" in " ".join(quotes_of(g, fear))


def test_stance_and_conclusion_are_separate(g: Graph) -> None:
    """Paragraph 2's stance (no intervention, assistance, neutrality) and paragraph
    4's conclusion are two statements, the second a rephrase of the first; evidence
    that NATO is not intervening supports the stance, and the reasons why support
    the conclusion."""
    main, stance = NU["nato-will-not-intervene"], NU["nato-stance"]
    (text,) = [str(t) for t in g.objects(main, AM.text)]
    assert "assist" not in text and "neutral" not in text
    (rephrase,) = list(g.subjects(RDF.type, AM.Rephrase))
    assert (rephrase, AM.rephraseFrom, stance) in g
    assert (rephrase, AM.rephraseTo, main) in g
    evidence = {p for premises in _inferences_to(g, stance).values() for p in premises}
    assert {
        NU["foreign-ministers-reject-intervention"],
        NU["summit-sanctions-no-military-option"],
        NU["aid-without-engagement"],
        NU["biden-neutrality"],
    } <= evidence
    reasons = {p for premises in _inferences_to(g, main).values() for p in premises}
    for why in ("afghanistan-precedent", "nato-not-prepared", "intervention-unpopular"):
        assert NU[why] in reasons and NU[why] not in evidence, why


@pytest.mark.parametrize(
    ("step", "premise"),
    [
        ("inf-no-planes", "no-fly-zone-needs-nato-aircraft"),
        ("inf-afghanistan", "ukraine-like-afghanistan"),
        ("inf-unprepared", "unprepared-alliance-avoids-war"),
    ],
)
def test_unstated_premises_are_linked(g: Graph, step: str, premise: str) -> None:
    assert (NU[step], AM.premise, NU[premise]) in g
    assert is_implicit(g, NU[premise])
    assert len(list(g.objects(NU[step], AM.premise))) == 2


def test_only_what_the_article_says(g: Graph) -> None:
    # Russia's warning and Putin's precedent are two statements with one speaker each.
    assert list(g.objects(NU["russia-warns-of-consequences"], PROV.wasAttributedTo)) == [NU.russia]
    assert (NU["putin-warned-finland-sweden"], AM.mentions, NU.putin) in g
    # An unstated premise is atomic: no inference inside its text.
    (text,) = [str(t) for t in g.objects(NU["russia-has-not-struck-nato"], AM.text)]
    assert " so " not in text and "therefore" not in text.lower()
    # Causal links the article does not state are gone.
    for gone in ("inf-russian-veto", "inf-internal-strife", "inf-russian-threat"):
        assert not list(g.triples((NU[gone], None, None))), gone


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


def _reachable(g: Graph, start: Node, nodes: set[Node], props: tuple[URIRef, ...]) -> set[Node]:
    adjacency: dict[Node, set[Node]] = {n: set() for n in nodes}
    for p in props:
        for a, b in g.subject_objects(p):
            if isinstance(a, BNode) or isinstance(b, BNode):
                continue
            adjacency.setdefault(a, set()).add(b)
            adjacency.setdefault(b, set()).add(a)
    seen = {start}
    queue = deque([start])
    while queue:
        n = queue.popleft()
        for m in adjacency.get(n, ()):
            if m not in seen:
                seen.add(m)
                queue.append(m)
    return seen


ARGUMENT_EDGES = (AM.premise, AM.conclusion, AM.attacker, AM.target, AM.rephraseFrom, AM.rephraseTo)
DIALOGUE_EDGES = (AM.locution, AM.proposition, AM.transitionFrom, AM.transitionTo)

#: What the article reports of the membership standoff without arguing from it: the
#: two positions and their conflicts, the strife, Russia's and Putin's warnings.
LANDSCAPE = {
    NU[n]
    for n in (
        "russia-demands-ukraine-stay-out",
        "ukraine-wants-to-join",
        "conf-russia-vs-membership-bid",
        "conf-membership-bid-vs-russia",
        "membership-bid-causes-strife",
        "russia-warns-of-consequences",
        "putin-warned-finland-sweden",
    )
}


def test_map_is_connected(g: Graph) -> None:
    """Every element is reached from the main conclusion through the argument and the
    dialogue (the article's moves between what it says); through the argument alone,
    everything but the membership landscape the article reports."""
    (main,) = list(g.objects(NU.map, AM.mainConclusion))
    stmts = statements(g)
    assert main in stmts
    nodes = stmts | inferences(g) | conflicts(g) | set(g.subjects(RDF.type, AM.Rephrase))
    dialogue = (
        set(g.subjects(RDF.type, AM.Locution))
        | set(g.subjects(RDF.type, AM.Illocution))
        | set(g.subjects(RDF.type, AM.Transition))
    )
    everything = _reachable(g, main, nodes | dialogue, ARGUMENT_EDGES + DIALOGUE_EDGES)
    unreachable = sorted(str(n) for n in (nodes | dialogue) - everything)
    assert not unreachable, f"not connected to the main conclusion: {unreachable}"
    argued = _reachable(g, main, nodes, ARGUMENT_EDGES)
    assert nodes - argued == LANDSCAPE, sorted(str(n) for n in nodes - argued)


# --------------------------------------------------------------------------- 8. dialogue


def test_every_stated_statement_has_its_locution(g: Graph) -> None:
    """Each statement the text states is said in a locution, by its speaker, in the
    statement's own words, and put forward by an illocution."""
    for s in statements(g):
        if is_implicit(g, s):
            continue
        said = [
            loc
            for ya in g.subjects(AM.proposition, s)
            if (ya, AM.illocutionaryForce, Literal("Asserting")) in g
            for loc in g.objects(ya, AM.locution)
            if (loc, RDF.type, AM.Locution) in g
        ]
        assert said, f"{s} has no locution"
        speakers = set(g.objects(s, PROV.wasAttributedTo))
        for loc in said:
            assert set(g.objects(loc, PROV.wasAttributedTo)) == speakers, (s, loc)
            (words,) = [str(w) for w in g.objects(loc, AM.utterance)]
            assert words in quotes_of(g, s), (s, words)


def test_reported_speech_is_the_reported_speakers(g: Graph) -> None:
    speakers = {
        a for loc in g.subjects(RDF.type, AM.Locution) for a in g.objects(loc, PROV.wasAttributedTo)
    }
    assert {NU.walayat, NU.stoltenberg, NU.biden, NU["british-officer"]} <= speakers


@pytest.mark.parametrize(
    ("connective", "force", "kind"),
    [
        ("Therefore", "Arguing", AM.Inference),
        ("Also", None, None),
        ("However", "Disagreeing", AM.Conflict),
        ("It is not the case", "Disagreeing", AM.Conflict),
        ("It is clear that", "Restating", AM.Rephrase),
    ],
)
def test_connectives_anchor_the_moves(
    g: Graph, connective: str, force: str | None, kind: URIRef | None
) -> None:
    """The moves between locutions are anchored at the words that signal them, with
    the illocution they perform; paragraph 1's "Also" adds one more element of the
    landscape and argues nothing."""
    (move,) = [
        t
        for t in g.subjects(RDF.type, AM.Transition)
        for a in g.objects(t, AM.anchor)
        for sel in g.objects(a, OA.hasSelector)
        if (sel, OA.exact, Literal(connective)) in g
    ]
    assert len(list(g.objects(move, AM.transitionFrom))) == 1
    assert len(list(g.objects(move, AM.transitionTo))) == 1
    performed = [
        (str(next(g.objects(ya, AM.illocutionaryForce))), next(g.objects(ya, AM.proposition)))
        for ya in g.subjects(AM.locution, move)
    ]
    if force is None:
        assert not performed
        return
    assert performed
    for f, proposition in performed:
        assert f == force
        assert (proposition, RDF.type, kind) in g
