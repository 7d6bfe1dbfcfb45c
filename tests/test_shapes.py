"""The SHACL shapes in ontology/shapes.ttl, run the way argmap runs them.

A small valid map must conform. Each broken variant changes exactly one thing and must
fail for the right reason: the expected focus node, result path and source shape must
appear among the validation results. Only rdflib, pyshacl and the standard library.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SH
from rdflib.term import Node

ONTOLOGY_DIR = Path(__file__).parent.parent / "ontology"

AM = Namespace("https://w3id.org/argmap#")
AMSH = Namespace("https://w3id.org/argmap/shapes#")
OA = Namespace("http://www.w3.org/ns/oa#")
# rdflib's own XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EX = Namespace("https://example.org/map#")

PREFIXES = """\
@prefix am: <https://w3id.org/argmap#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/map#> .
"""

# A document, an actor, three anchored statements (one anchor a blank node), an
# implicit premise, an inference, and a conflict that undercuts the inference.
VALID_MAP = (
    PREFIXES
    + """
ex:map a am:ArgumentMap ;
    dcterms:source ex:doc ;
    am:mainConclusion ex:c1 .

ex:doc a am:SourceDocument ;
    dcterms:title "Why NATO did not intervene in Ukraine war?"@en ;
    dcterms:creator "Ezba Walayat" ;
    dcterms:date "2022-04-25"^^xsd:date ;
    am:textFile "nato-ukraine.txt" .

ex:stoltenberg a am:Actor ;
    rdfs:label "Jens Stoltenberg" ;
    am:role "Secretary General of NATO" .

ex:c1 a am:Claim ;
    rdfs:label "NATO will not intervene"@en ;
    am:text "NATO will not intervene militarily in Ukraine." ;
    prov:wasAttributedTo ex:stoltenberg ;
    am:anchor ex:c1-anchor .

ex:c1-anchor a oa:SpecificResource ;
    oa:hasSource ex:doc ;
    oa:hasSelector ex:c1-quote , ex:c1-position .

ex:c1-quote a oa:TextQuoteSelector ;
    oa:exact "rejected any possibility of intervening" ;
    oa:prefix "the foreign ministers " ;
    oa:suffix " against Russian forces" .

ex:c1-position a oa:TextPositionSelector ;
    oa:start 1283 ;
    oa:end 1322 .

ex:e1 a am:Evidence ;
    rdfs:label "Stoltenberg: no NATO planes over Ukraine" ;
    am:text "Stoltenberg said the allies agree that NATO planes should not operate over Ukraine." ;
    am:mentions ex:stoltenberg ;
    am:supports ex:c1 ;
    am:anchor [
        a oa:SpecificResource ;
        oa:hasSource ex:doc ;
        oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Allies are agreed upon the fact" ]
    ] .

ex:imp1 a am:Statement ;
    rdfs:label "NATO does what the allies agree" ;
    am:text "What the allies agree on is what NATO does." ;
    am:implicit true .

ex:a1 a am:Claim ;
    rdfs:label "NATO acts beyond its members" ;
    am:text "NATO has intervened in countries that are not its members." ;
    am:anchor ex:a1-anchor .

ex:a1-anchor a oa:SpecificResource ;
    oa:hasSource ex:doc ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "NATO involving in countries issues" ] .

ex:inf1 a am:Inference ;
    am:premise ex:e1 , ex:imp1 ;
    am:conclusion ex:c1 ;
    am:scheme am:ArgumentFromPositionToKnow .

ex:conf1 a am:Conflict ;
    am:attacker ex:a1 ;
    am:target ex:inf1 .

ex:ownScheme a am:Scheme ;
    rdfs:label "argument from alliance practice"@en .
"""
)

Triple = tuple[Node | None, Node | None, Node | None]
Expected = tuple[Node, Node | None, URIRef]  # focus node, result path (None: node-level), shape


@dataclass(frozen=True)
class Case:
    """One change to VALID_MAP: triples to drop (None is a wildcard), Turtle to add."""

    id: str
    drop: tuple[Triple, ...] = ()
    add: str = ""
    expect: tuple[Expected, ...] = field(default=())


@cache
def shapes_graph() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


@cache
def ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "argmap.ttl", format="turtle")


def build(case: Case) -> Graph:
    data = Graph().parse(data=VALID_MAP, format="turtle")
    for pattern in case.drop:
        before = len(data)
        data.remove(pattern)
        assert len(data) < before, f"{case.id}: nothing to drop for {pattern}"
    if case.add:
        data.parse(data=PREFIXES + case.add, format="turtle")
    return data


def run(data: Graph, inference: str = "rdfs") -> tuple[bool, Graph, str]:
    conforms, results, text = validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference=inference,
        advanced=True,
    )
    return bool(conforms), results, str(text)


def results_of(report: Graph) -> Iterator[tuple[Node, Node | None, Node]]:
    """(focus node, result path, source shape) of each top-level result.

    pyshacl also types the nested results of sh:node, sh:or, ... (linked by sh:detail)
    as sh:ValidationResult; only those hung on the report by sh:result are shown to
    users, so only those count here.
    """
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        assert focus is not None and shape is not None
        yield focus, report.value(result, SH.resultPath), shape


def test_valid_map_conforms() -> None:
    conforms, _, text = run(build(Case("valid")))
    assert conforms, text


def test_valid_map_conforms_without_inference() -> None:
    """The shapes do not depend on RDFS inference, as long as ont_graph is given."""
    conforms, _, text = run(build(Case("valid")), inference="none")
    assert conforms, text


# Variants that are still valid: the shapes must not be stricter than the vocabulary.
VALID_VARIANTS = [
    Case("explicit-implicit-false", add="ex:c1 am:implicit false ."),
    Case("two-anchors", add="ex:a1 am:anchor ex:c1-anchor ."),
    Case(
        "rebuttal-and-shortcut-edges",
        add="""
        ex:conf2 a am:Conflict ; am:attacker ex:a1 ; am:target ex:c1 .
        ex:a1 am:attacks ex:c1 , ex:inf1 .
        ex:imp1 am:supports ex:c1 .
        """,
    ),
    Case(
        # a linked attack (two attackers, jointly) and an attack on an attack
        "linked-attack-and-attack-on-an-attack",
        add="""
        ex:conf1 am:attacker ex:e1 .
        ex:conf2 a am:Conflict ; am:attacker ex:c1 ; am:target ex:conf1 .
        ex:c1 am:attacks ex:conf1 .
        """,
    ),
    Case("own-scheme", drop=((EX.inf1, AM.scheme, None),), add="ex:inf1 am:scheme ex:ownScheme ."),
    Case("no-scheme", drop=((EX.inf1, AM.scheme, None),)),
    Case(
        "offsets-as-nonNegativeInteger-from-zero",
        drop=((EX["c1-position"], OA.start, None), (EX["c1-position"], OA.end, None)),
        add="""ex:c1-position oa:start "0"^^xsd:nonNegativeInteger ;
            oa:end "39"^^xsd:nonNegativeInteger .""",
    ),
    Case(
        "date-as-gYear",
        drop=((EX.doc, DCTERMS.date, None),),
        add='ex:doc dcterms:date "2022"^^xsd:gYear .',
    ),
    Case(
        "date-as-dateTime-and-two-creators",
        drop=((EX.doc, DCTERMS.date, None),),
        add="""ex:doc dcterms:date "2022-04-25T10:00:00Z"^^xsd:dateTime ;
            dcterms:creator ex:walayat .""",
    ),
    Case(
        "other-statement-subclasses",
        drop=(
            (EX.c1, RDF.type, AM.Claim),
            (EX.e1, RDF.type, AM.Evidence),
            (EX.a1, RDF.type, AM.Claim),
        ),
        add="ex:c1 a am:Recommendation . ex:e1 a am:Prediction . ex:a1 a am:Proposal .",
    ),
]


@pytest.mark.parametrize("case", VALID_VARIANTS, ids=lambda c: c.id)
def test_valid_variant_conforms(case: Case) -> None:
    conforms, _, text = run(build(case))
    assert conforms, text


def shape(name: str) -> URIRef:
    return AMSH[name]


BROKEN = [
    # --- statements -------------------------------------------------------------
    Case(
        "statement-label-missing",
        drop=((EX.c1, RDFS.label, None),),
        expect=((EX.c1, RDFS.label, shape("StatementLabelCount")),),
    ),
    Case(
        "statement-label-twice",
        add='ex:c1 rdfs:label "Another title" .',
        expect=((EX.c1, RDFS.label, shape("StatementLabelCount")),),
    ),
    Case(
        "statement-label-blank",
        drop=((EX.c1, RDFS.label, None),),
        add='ex:c1 rdfs:label "  "@en .',
        expect=((EX.c1, RDFS.label, shape("StatementLabelValue")),),
    ),
    Case(
        "statement-label-not-a-string",
        drop=((EX.c1, RDFS.label, None),),
        add="ex:c1 rdfs:label 42 .",
        expect=((EX.c1, RDFS.label, shape("StatementLabelValue")),),
    ),
    Case(
        "statement-text-missing",
        drop=((EX.e1, AM.text, None),),
        expect=((EX.e1, AM.text, shape("StatementTextCount")),),
    ),
    Case(
        "statement-text-twice",
        add='ex:e1 am:text "Another proposition." .',
        expect=((EX.e1, AM.text, shape("StatementTextCount")),),
    ),
    Case(
        "statement-text-empty",
        drop=((EX.e1, AM.text, None),),
        add='ex:e1 am:text "" .',
        expect=((EX.e1, AM.text, shape("StatementTextValue")),),
    ),
    Case(
        "statement-text-language-tagged",
        drop=((EX.e1, AM.text, None),),
        add='ex:e1 am:text "Stoltenberg said so."@en .',
        expect=((EX.e1, AM.text, shape("StatementTextValue")),),
    ),
    Case(
        "statement-implicit-not-boolean",
        drop=((EX.imp1, AM.implicit, None),),
        add='ex:imp1 am:implicit "yes" .',
        expect=((EX.imp1, AM.implicit, shape("StatementImplicit")),),
    ),
    Case(
        "statement-implicit-twice",
        add="ex:imp1 am:implicit false .",
        expect=((EX.imp1, AM.implicit, shape("StatementImplicit")),),
    ),
    Case(
        "statement-without-anchor",
        drop=((EX.c1, AM.anchor, None),),
        expect=((EX.c1, None, shape("StatementAnchoringShape")),),
    ),
    Case(
        "statement-implicit-false-without-anchor",
        drop=((EX.imp1, AM.implicit, None),),
        add="ex:imp1 am:implicit false .",
        expect=((EX.imp1, None, shape("StatementAnchoringShape")),),
    ),
    Case(
        "implicit-statement-with-anchor",
        add="ex:imp1 am:anchor ex:c1-anchor .",
        expect=((EX.imp1, AM.implicit, shape("AnchoredNotImplicit")),),
    ),
    Case(
        "statement-anchor-is-the-document",
        drop=((EX.c1, AM.anchor, None),),
        add="ex:c1 am:anchor ex:doc .",
        expect=(
            (EX.c1, AM.anchor, shape("StatementAnchor")),
            (EX.doc, OA.hasSource, shape("AnchorSourceCount")),
            (EX.doc, RDF.type, shape("OneKindShape")),
        ),
    ),
    Case(
        # am:anchor's domain is am:Anchored (a statement, locution or transition), so
        # inference cannot retype an actor as a statement: the shape catches it.
        "actor-with-an-anchor",
        add="ex:stoltenberg am:anchor ex:c1-anchor .",
        expect=((EX.stoltenberg, None, shape("AnchoredKindShape")),),
    ),
    Case(
        "statement-attributed-to-document",
        drop=((EX.c1, PROV.wasAttributedTo, None),),
        add="ex:c1 prov:wasAttributedTo ex:doc .",
        expect=((EX.c1, PROV.wasAttributedTo, shape("StatementAttributedTo")),),
    ),
    Case(
        # RDFS inference types ex:c1 as an actor (range of am:mentions): a plain
        # sh:class am:Actor could not catch this.
        "statement-mentions-a-statement",
        add="ex:e1 am:mentions ex:c1 .",
        expect=(
            (EX.e1, AM.mentions, shape("StatementMentions")),
            (EX.c1, RDF.type, shape("OneKindShape")),
        ),
    ),
    Case(
        "statement-mentions-undeclared-actor",
        add="ex:e1 am:mentions ex:stoltenbreg .",
        expect=((EX.e1, AM.mentions, shape("StatementMentions")),),
    ),
    Case(
        "statement-supports-an-actor",
        add="ex:e1 am:supports ex:stoltenberg .",
        expect=((EX.e1, AM.supports, shape("StatementSupports")),),
    ),
    Case(
        "statement-supports-undeclared-statement",
        add="ex:e1 am:supports ex:c2 .",
        expect=((EX.e1, AM.supports, shape("StatementSupports")),),
    ),
    Case(
        "statement-attacks-an-actor",
        add="ex:a1 am:attacks ex:stoltenberg .",
        expect=((EX.a1, AM.attacks, shape("StatementAttacks")),),
    ),
    Case(
        "base-score-above-one",
        add="ex:a1 am:baseScore 1.5 .",
        expect=((EX.a1, AM.baseScore, shape("StatementBaseScore")),),
    ),
    Case(
        "base-score-not-a-number",
        add='ex:a1 am:baseScore "high" .',
        expect=((EX.a1, AM.baseScore, shape("StatementBaseScore")),),
    ),
    Case(
        "statement-that-is-also-an-actor",
        add="ex:c1 a am:Actor .",
        expect=((EX.c1, RDF.type, shape("OneKindShape")),),
    ),
    # --- anchors ----------------------------------------------------------------
    Case(
        "anchor-without-source",
        drop=((EX["c1-anchor"], OA.hasSource, None),),
        expect=(
            (EX["c1-anchor"], OA.hasSource, shape("AnchorSourceCount")),
            (EX.c1, AM.anchor, shape("StatementAnchor")),
        ),
    ),
    Case(
        "anchor-with-two-sources",
        add="""ex:c1-anchor oa:hasSource ex:doc2 .
        ex:doc2 a am:SourceDocument ; dcterms:title "Another" ; dcterms:creator "Someone" .""",
        expect=((EX["c1-anchor"], OA.hasSource, shape("AnchorSourceCount")),),
    ),
    Case(
        "anchor-source-not-a-document",
        drop=((EX["c1-anchor"], OA.hasSource, None),),
        add="ex:c1-anchor oa:hasSource ex:stoltenberg .",
        expect=((EX["c1-anchor"], OA.hasSource, shape("AnchorSourceValue")),),
    ),
    Case(
        "anchor-without-selector",
        drop=((EX["c1-anchor"], OA.hasSelector, None),),
        expect=((EX["c1-anchor"], OA.hasSelector, shape("AnchorSelectorCount")),),
    ),
    Case(
        "anchor-without-quote-selector",
        drop=((EX["c1-anchor"], OA.hasSelector, EX["c1-quote"]),),
        expect=((EX["c1-anchor"], OA.hasSelector, shape("AnchorQuoteSelector")),),
    ),
    Case(
        "anchor-with-two-quote-selectors",
        add="""ex:c1-anchor oa:hasSelector ex:c1-quote2 .
        ex:c1-quote2 a oa:TextQuoteSelector ; oa:exact "intervening" .""",
        expect=((EX["c1-anchor"], OA.hasSelector, shape("AnchorQuoteSelector")),),
    ),
    Case(
        "anchor-with-two-position-selectors",
        add="""ex:c1-anchor oa:hasSelector ex:c1-position2 .
        ex:c1-position2 a oa:TextPositionSelector ; oa:start 1 ; oa:end 2 .""",
        expect=((EX["c1-anchor"], OA.hasSelector, shape("AnchorPositionSelector")),),
    ),
    Case(
        "quote-without-exact",
        drop=((EX["c1-quote"], OA.exact, None),),
        expect=((EX["c1-quote"], OA.exact, shape("QuoteExactCount")),),
    ),
    Case(
        "quote-with-two-exacts",
        add='ex:c1-quote oa:exact "rejected" .',
        expect=((EX["c1-quote"], OA.exact, shape("QuoteExactCount")),),
    ),
    Case(
        "quote-exact-empty",
        drop=((EX["c1-quote"], OA.exact, None),),
        add='ex:c1-quote oa:exact "" .',
        expect=((EX["c1-quote"], OA.exact, shape("QuoteExactValue")),),
    ),
    Case(
        "quote-with-two-prefixes",
        add='ex:c1-quote oa:prefix "ministers " .',
        expect=((EX["c1-quote"], OA.prefix, shape("QuotePrefix")),),
    ),
    Case(
        "quote-with-two-suffixes",
        add='ex:c1-quote oa:suffix " against" .',
        expect=((EX["c1-quote"], OA.suffix, shape("QuoteSuffix")),),
    ),
    Case(
        "position-without-start",
        drop=((EX["c1-position"], OA.start, None),),
        expect=((EX["c1-position"], OA.start, shape("PositionStartCount")),),
    ),
    Case(
        "position-without-end",
        drop=((EX["c1-position"], OA.end, None),),
        expect=((EX["c1-position"], OA.end, shape("PositionEndCount")),),
    ),
    Case(
        "position-start-negative",
        drop=((EX["c1-position"], OA.start, None),),
        add="ex:c1-position oa:start -1 .",
        expect=((EX["c1-position"], OA.start, shape("PositionStartValue")),),
    ),
    Case(
        # ill-typed: a negative xsd:nonNegativeInteger is no value of its datatype
        "position-start-negative-nonNegativeInteger",
        drop=((EX["c1-position"], OA.start, None),),
        add='ex:c1-position oa:start "-1"^^xsd:nonNegativeInteger .',
        expect=((EX["c1-position"], OA.start, shape("PositionStartValue")),),
    ),
    Case(
        "position-start-quoted",
        drop=((EX["c1-position"], OA.start, None),),
        add='ex:c1-position oa:start "1283" .',
        expect=((EX["c1-position"], OA.start, shape("PositionStartValue")),),
    ),
    Case(
        "position-end-decimal",
        drop=((EX["c1-position"], OA.end, None),),
        add="ex:c1-position oa:end 1322.0 .",
        expect=((EX["c1-position"], OA.end, shape("PositionEndValue")),),
    ),
    Case(
        "position-start-after-end",
        drop=((EX["c1-position"], OA.start, None),),
        add="ex:c1-position oa:start 1400 .",
        expect=((EX["c1-position"], OA.start, shape("PositionOrder")),),
    ),
    Case(
        "position-start-equals-end",
        drop=((EX["c1-position"], OA.start, None),),
        add="ex:c1-position oa:start 1322 .",
        expect=((EX["c1-position"], OA.start, shape("PositionOrder")),),
    ),
    # --- inferences -------------------------------------------------------------
    Case(
        "inference-without-premise",
        drop=((EX.inf1, AM.premise, None),),
        expect=((EX.inf1, AM.premise, shape("InferencePremiseCount")),),
    ),
    Case(
        # RDFS inference types the actor as a statement (range of am:premise).
        "inference-premise-is-an-actor",
        add="ex:inf1 am:premise ex:stoltenberg .",
        expect=((EX.inf1, AM.premise, shape("InferencePremiseValue")),),
    ),
    Case(
        "inference-premise-undeclared",
        add="ex:inf1 am:premise ex:e2 .",
        expect=((EX.inf1, AM.premise, shape("InferencePremiseValue")),),
    ),
    Case(
        "inference-without-conclusion",
        drop=((EX.inf1, AM.conclusion, None),),
        expect=((EX.inf1, AM.conclusion, shape("InferenceConclusionCount")),),
    ),
    Case(
        "inference-with-two-conclusions",
        add="ex:inf1 am:conclusion ex:a1 .",
        expect=((EX.inf1, AM.conclusion, shape("InferenceConclusionCount")),),
    ),
    Case(
        "inference-concludes-an-inference",
        drop=((EX.inf1, AM.conclusion, None),),
        add="ex:inf1 am:conclusion ex:inf1 .",
        expect=((EX.inf1, AM.conclusion, shape("InferenceConclusionValue")),),
    ),
    Case(
        "inference-conclusion-among-premises",
        add="ex:inf1 am:premise ex:c1 .",
        expect=((EX.inf1, AM.conclusion, shape("InferenceConclusionNotPremise")),),
    ),
    Case(
        "inference-with-two-schemes",
        add="ex:inf1 am:scheme am:PracticalReasoning .",
        expect=((EX.inf1, AM.scheme, shape("InferenceSchemeCount")),),
    ),
    Case(
        "inference-scheme-is-a-statement",
        drop=((EX.inf1, AM.scheme, None),),
        add="ex:inf1 am:scheme ex:c1 .",
        expect=((EX.inf1, AM.scheme, shape("InferenceSchemeValue")),),
    ),
    Case(
        "inference-scheme-misspelt",
        drop=((EX.inf1, AM.scheme, None),),
        add="ex:inf1 am:scheme am:PracticalReasonning .",
        expect=(
            (EX.inf1, AM.scheme, shape("InferenceSchemeValue")),
            (AM.PracticalReasonning, None, shape("SchemeNamedShape")),
        ),
    ),
    # --- conflicts --------------------------------------------------------------
    Case(
        "conflict-without-attacker",
        drop=((EX.conf1, AM.attacker, None),),
        expect=((EX.conf1, AM.attacker, shape("ConflictAttackerCount")),),
    ),
    Case(
        # RDFS inference types the inference as a statement (range of am:attacker).
        "conflict-attacker-is-an-inference",
        drop=((EX.conf1, AM.attacker, None),),
        add="ex:conf1 am:attacker ex:inf1 .",
        expect=((EX.conf1, AM.attacker, shape("ConflictAttackerValue")),),
    ),
    Case(
        "conflict-without-target",
        drop=((EX.conf1, AM.target, None),),
        expect=((EX.conf1, AM.target, shape("ConflictTargetCount")),),
    ),
    Case(
        "conflict-with-two-targets",
        add="ex:conf1 am:target ex:c1 .",
        expect=((EX.conf1, AM.target, shape("ConflictTargetCount")),),
    ),
    Case(
        "conflict-target-is-an-actor",
        drop=((EX.conf1, AM.target, None),),
        add="ex:conf1 am:target ex:stoltenberg .",
        expect=((EX.conf1, AM.target, shape("ConflictTargetValue")),),
    ),
    Case(
        "conflict-attacker-is-its-target",
        drop=((EX.conf1, AM.target, None),),
        add="ex:conf1 am:target ex:a1 .",
        expect=((EX.conf1, AM.attacker, shape("ConflictNotSelf")),),
    ),
    # --- actors, documents, maps, schemes ---------------------------------------
    Case(
        "actor-without-label",
        drop=((EX.stoltenberg, RDFS.label, None),),
        expect=((EX.stoltenberg, RDFS.label, shape("ActorLabelCount")),),
    ),
    Case(
        "actor-with-two-labels",
        add='ex:stoltenberg rdfs:label "Stoltenberg" .',
        expect=((EX.stoltenberg, RDFS.label, shape("ActorLabelCount")),),
    ),
    Case(
        "actor-label-empty",
        drop=((EX.stoltenberg, RDFS.label, None),),
        add='ex:stoltenberg rdfs:label "" .',
        expect=((EX.stoltenberg, RDFS.label, shape("ActorLabelValue")),),
    ),
    Case(
        "actor-role-not-a-string",
        add="ex:stoltenberg am:role 7 .",
        expect=((EX.stoltenberg, AM.role, shape("ActorRole")),),
    ),
    Case(
        "document-without-title",
        drop=((EX.doc, DCTERMS.title, None),),
        expect=((EX.doc, DCTERMS.title, shape("DocumentTitleCount")),),
    ),
    Case(
        "document-with-two-titles",
        add='ex:doc dcterms:title "NATO and Ukraine" .',
        expect=((EX.doc, DCTERMS.title, shape("DocumentTitleCount")),),
    ),
    Case(
        "document-title-empty",
        drop=((EX.doc, DCTERMS.title, None),),
        add='ex:doc dcterms:title "" .',
        expect=((EX.doc, DCTERMS.title, shape("DocumentTitleValue")),),
    ),
    Case(
        "document-without-creator",
        drop=((EX.doc, DCTERMS.creator, None),),
        expect=((EX.doc, DCTERMS.creator, shape("DocumentCreator")),),
    ),
    Case(
        "document-with-two-dates",
        add='ex:doc dcterms:date "2022"^^xsd:gYear .',
        expect=((EX.doc, DCTERMS.date, shape("DocumentDate")),),
    ),
    Case(
        "document-date-untyped",
        drop=((EX.doc, DCTERMS.date, None),),
        add='ex:doc dcterms:date "April 25, 2022" .',
        expect=((EX.doc, DCTERMS.date, shape("DocumentDate")),),
    ),
    Case(
        "document-with-two-text-files",
        add='ex:doc am:textFile "other.txt" .',
        expect=((EX.doc, AM.textFile, shape("DocumentTextFile")),),
    ),
    Case(
        "document-text-file-not-a-string",
        drop=((EX.doc, AM.textFile, None),),
        add="ex:doc am:textFile 42 .",
        expect=((EX.doc, AM.textFile, shape("DocumentTextFile")),),
    ),
    Case(
        "map-main-conclusion-is-an-actor",
        add="ex:map am:mainConclusion ex:stoltenberg .",
        expect=((EX.map, AM.mainConclusion, shape("MapMainConclusion")),),
    ),
    Case(
        "map-source-not-a-document",
        add="ex:map dcterms:source ex:stoltenberg .",
        expect=((EX.map, DCTERMS.source, shape("MapSource")),),
    ),
    Case(
        "own-scheme-without-label",
        drop=((EX.ownScheme, RDFS.label, None),),
        expect=((EX.ownScheme, None, shape("SchemeNamedShape")),),
    ),
    Case(
        "scheme-with-two-labels",
        add='ex:ownScheme rdfs:label "alliance practice" .',
        expect=((EX.ownScheme, RDFS.label, shape("SchemeLabelCount")),),
    ),
    Case(
        "scheme-label-empty",
        drop=((EX.ownScheme, RDFS.label, None),),
        add='ex:ownScheme rdfs:label " " .',
        expect=((EX.ownScheme, RDFS.label, shape("SchemeLabelValue")),),
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.id)
def test_broken_map_fails_for_the_right_reason(case: Case) -> None:
    assert case.expect, f"{case.id}: says nothing about what should fail"
    conforms, report, text = run(build(case))
    assert not conforms, f"{case.id}: expected a violation, the map conforms"
    found = set(results_of(report))
    for expected in case.expect:
        assert expected in found, (
            f"{case.id}: no result with (focus, path, shape) = {expected}.\n{text}"
        )


# Without RDFS inference the range axioms do not retype the wrong node, so the plain
# sh:class checks fire too. These runs show the shapes do not depend on inference.
BROKEN_WITHOUT_INFERENCE = [
    Case(
        "no-inference-anchor-is-the-document",
        drop=((EX.c1, AM.anchor, None),),
        add="ex:c1 am:anchor ex:doc .",
        expect=(
            (EX.c1, AM.anchor, shape("StatementAnchor")),
            (EX.doc, None, shape("AnchorShape")),
        ),
    ),
    Case(
        "no-inference-premise-is-an-actor",
        add="ex:inf1 am:premise ex:stoltenberg .",
        expect=((EX.inf1, AM.premise, shape("InferencePremiseValue")),),
    ),
    Case(
        "no-inference-without-conclusion",
        drop=((EX.inf1, AM.conclusion, None),),
        expect=((EX.inf1, AM.conclusion, shape("InferenceConclusionCount")),),
    ),
]


@pytest.mark.parametrize("case", BROKEN_WITHOUT_INFERENCE, ids=lambda c: c.id)
def test_broken_map_fails_without_inference(case: Case) -> None:
    conforms, report, text = run(build(case), inference="none")
    assert not conforms, f"{case.id}: expected a violation, the map conforms"
    found = set(results_of(report))
    for expected in case.expect:
        assert expected in found, (
            f"{case.id}: no result with (focus, path, shape) = {expected}.\n{text}"
        )


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in BROKEN + BROKEN_WITHOUT_INFERENCE + VALID_VARIANTS]
    assert len(ids) == len(set(ids))


def test_every_reporting_shape_is_exercised() -> None:
    """Each shape with a message has at least one broken case that expects it."""
    shapes = shapes_graph()
    reporting = {
        s
        for s in set(shapes.subjects(RDF.type, SH.NodeShape))
        | set(shapes.subjects(RDF.type, SH.PropertyShape))
        if isinstance(s, URIRef) and shapes.value(s, SH.message) is not None
    }
    exercised = {
        shape for case in BROKEN + BROKEN_WITHOUT_INFERENCE for (_, _, shape) in case.expect
    }
    assert reporting - exercised == set()
    assert exercised - reporting == set()


# --- the shapes graph itself ---------------------------------------------------------


def all_shapes(shapes: Graph) -> set[Node]:
    """Every node shape and property shape, named or blank, however it is introduced."""
    found: set[Node] = set()
    found |= set(shapes.subjects(RDF.type, SH.NodeShape))
    found |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    found |= set(shapes.subjects(SH.path, None))
    for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf):
        found |= set(shapes.subjects(predicate, None))
    for predicate in (SH.property, SH.node):
        found |= set(shapes.objects(None, predicate))
    return found


def test_shapes_graph_parses_and_is_nonempty() -> None:
    shapes = shapes_graph()
    assert len(shapes) > 0
    assert len(all_shapes(shapes)) > 40


def test_every_shape_explains_itself() -> None:
    shapes = shapes_graph()
    silent = [
        s
        for s in all_shapes(shapes)
        if shapes.value(s, SH.message) is None and shapes.value(s, SH.description) is None
    ]
    assert silent == [], f"shapes without sh:message or sh:description: {silent}"


def test_every_property_shape_of_a_targeted_shape_has_a_message() -> None:
    """These are the results users see: each needs a message that says how to fix it."""
    shapes = shapes_graph()
    targeted = {
        s
        for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
        for s in shapes.subjects(predicate, None)
    }
    for node_shape in targeted:
        for prop in shapes.objects(node_shape, SH.property):
            message = shapes.value(prop, SH.message)
            assert isinstance(message, Literal), f"{prop} has no sh:message"
            assert ":" in str(message), f"{prop}: message does not say how to fix it"
            assert shapes.value(prop, SH.name) is not None, f"{prop} has no sh:name"


def test_built_in_schemes_match_the_ontology() -> None:
    """amsh:BuiltInScheme lists exactly the schemes that argmap.ttl defines."""
    shapes = shapes_graph()
    listed = shapes.value(AMSH.BuiltInScheme, SH["in"])
    assert listed is not None
    in_shapes = set(Collection(shapes, listed))
    in_ontology = set(ontology_graph().subjects(RDF.type, AM.Scheme))
    assert in_shapes == in_ontology
    assert len(in_ontology) == 16


def test_xsd_namespace_is_the_one_rdflib_uses() -> None:
    # Guards the datatype IRIs in the shapes against a typo in their prefix.
    shapes = shapes_graph()
    datatypes = set(shapes.objects(None, SH.datatype))
    assert XSD.string in datatypes
    assert all(str(d).startswith((str(XSD), str(RDF))) for d in datatypes)
