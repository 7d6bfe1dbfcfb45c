"""The ontology: every term documented, aligned with AIF, and in step with graph.vocab."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from graph.vocab import AIF, AM, ontology_file

ONTO = Graph().parse(ontology_file(), format="turtle")
NS = str(AM._NS)
TERMS = sorted(
    {s for s in ONTO.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}, key=str
)


def test_python_namespace_and_ontology_name_the_same_terms() -> None:
    in_python = {NS + name for name in AM.__annotations__}
    assert in_python == {str(t) for t in TERMS}


def test_the_closed_namespace_refuses_typos() -> None:
    with pytest.raises(AttributeError):
        _ = AM.Claimm


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t)[len(NS) :])
def test_every_term_has_a_label_and_a_comment(term: URIRef) -> None:
    assert ONTO.value(term, RDFS.label), f"{term} has no rdfs:label"
    assert ONTO.value(term, RDFS.comment), f"{term} has no rdfs:comment"


@pytest.mark.parametrize(
    ("term", "relation", "aif"),
    [
        (AM.Statement, RDFS.subClassOf, AIF["I-node"]),
        (AM.Inference, RDFS.subClassOf, AIF["RA-node"]),
        (AM.Conflict, RDFS.subClassOf, AIF["CA-node"]),
        (AM.premise, RDFS.subPropertyOf, AIF.Premise),
        (AM.conclusion, RDFS.subPropertyOf, AIF.Conclusion),
        (AM.text, RDFS.subPropertyOf, AIF.claimText),
    ],
)
def test_aligned_with_aif_by_subclass_and_subproperty(
    term: URIRef, relation: URIRef, aif: URIRef
) -> None:
    assert (term, relation, aif) in ONTO


def test_no_equivalence_with_aif() -> None:
    for p in (OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs):
        assert not list(ONTO.triples((None, p, None)))


def test_core_contract_terms_exist_with_their_kinds() -> None:
    classes = {AM.Statement, AM.Claim, AM.Evidence, AM.Inference, AM.Conflict, AM.Actor}
    for c in classes:
        assert (c, RDF.type, OWL.Class) in ONTO
    objects = {
        AM.premise,
        AM.conclusion,
        AM.scheme,
        AM.attacker,
        AM.target,
        AM.supports,
        AM.attacks,
        AM.anchor,
        AM.mentions,
    }
    for p in objects:
        assert (p, RDF.type, OWL.ObjectProperty) in ONTO
    for p in (AM.text, AM.implicit):
        assert (p, RDF.type, OWL.DatatypeProperty) in ONTO
    assert (AM.Actor, RDFS.subClassOf, Namespace("http://www.w3.org/ns/prov#").Agent) in ONTO
    assert (AM.Claim, RDFS.subClassOf, AM.Statement) in ONTO
    assert (AM.Evidence, RDFS.subClassOf, AM.Statement) in ONTO


def test_schemes_carry_critical_questions() -> None:
    schemes = list(ONTO.subjects(RDF.type, AM.Scheme))
    assert len(schemes) >= 10
    for scheme in schemes:
        assert len(list(ONTO.objects(scheme, AM.criticalQuestion))) >= 2, scheme
    for needed in (
        AM.ArgumentFromNegativeConsequences,
        AM.ArgumentFromExpertOpinion,
        AM.ArgumentFromPositionToKnow,
        AM.ArgumentFromPrecedent,
    ):
        assert needed in schemes
