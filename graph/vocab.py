"""The ontology's terms as closed namespaces, and the prefixes every query knows.

``AM`` is an rdflib ``DefinedNamespace`` with ``_fail = True``: a typo such as
``AM.Claimm`` raises at import or call time instead of minting a wrong IRI. The
test suite checks that this list and ``ontology/argmap.ttl`` name the same terms.

>>> AM.Claim
rdflib.term.URIRef('https://w3id.org/argmap#Claim')
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD, DefinedNamespace

__all__ = [
    "AIF",
    "AM",
    "DCTERMS",
    "DERIVED_GRAPH",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "REASONING_GRAPH",
    "STATEMENT_KINDS",
    "XSD",
    "data_file",
    "ontology_file",
]


class AM(DefinedNamespace):
    """The argmap vocabulary, ``https://w3id.org/argmap#``."""

    _NS = Namespace("https://w3id.org/argmap#")
    _fail = True

    # Classes
    ArgumentMap: URIRef
    SourceDocument: URIRef
    Anchored: URIRef
    Statement: URIRef
    Claim: URIRef
    Evidence: URIRef
    Proposal: URIRef
    Prediction: URIRef
    Recommendation: URIRef
    Inference: URIRef
    Conflict: URIRef
    Rebuttal: URIRef
    Undercut: URIRef
    Actor: URIRef
    Scheme: URIRef

    # Object properties
    premise: URIRef
    conclusion: URIRef
    scheme: URIRef
    attacker: URIRef
    target: URIRef
    supports: URIRef
    attacks: URIRef
    anchor: URIRef
    mentions: URIRef
    mainConclusion: URIRef

    # Datatype properties
    text: URIRef
    implicit: URIRef
    textFile: URIRef
    role: URIRef
    criticalQuestion: URIRef
    CriticalQuestionAnswer: URIRef
    answersQuestion: URIRef
    questionOf: URIRef
    answeredBy: URIRef

    # Reasoning results
    baseScore: URIRef
    Status: URIRef
    In: URIRef
    Out: URIRef
    Undecided: URIRef
    status: URIRef
    groundedStatus: URIRef
    completeStatus: URIRef
    preferredStatus: URIRef
    stableStatus: URIRef
    strength: URIRef
    depth: URIRef
    UnsupportedClaim: URIRef
    CriticalPremise: URIRef
    criticalFor: URIRef
    CircularSupport: URIRef
    UnansweredAttack: URIRef

    # Argumentation schemes
    ArgumentFromNegativeConsequences: URIRef
    ArgumentFromPositiveConsequences: URIRef
    PracticalReasoning: URIRef
    ArgumentFromExpertOpinion: URIRef
    ArgumentFromPositionToKnow: URIRef
    ArgumentFromWitnessTestimony: URIRef
    ArgumentFromPopularOpinion: URIRef
    ArgumentFromPrecedent: URIRef
    ArgumentFromAnalogy: URIRef
    ArgumentFromExample: URIRef
    ArgumentFromSign: URIRef
    ArgumentFromCauseToEffect: URIRef
    ArgumentFromCommitment: URIRef
    ArgumentFromEvidenceToHypothesis: URIRef
    ArgumentFromVerbalClassification: URIRef
    ArgumentFromCorrelationToCause: URIRef

    # Dialogue and AIF interchange
    Locution: URIRef
    Illocution: URIRef
    Transition: URIRef
    Rephrase: URIRef
    Preference: URIRef
    locution: URIRef
    proposition: URIRef
    transitionFrom: URIRef
    transitionTo: URIRef
    rephraseFrom: URIRef
    rephraseTo: URIRef
    preferred: URIRef
    dispreferred: URIRef
    aifEdge: URIRef
    content: URIRef
    throughLocution: URIRef
    utterance: URIRef
    illocutionaryForce: URIRef
    schemeName: URIRef
    sourceId: URIRef
    timestamp: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms argmap uses for provenance."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")

#: Derived triples (materialised shortcut edges, computed anchor offsets, conflict
#: kinds) live in this named graph, apart from the asserted ones.
DERIVED_GRAPH = URIRef("https://w3id.org/argmap/graph/derived")

#: Results of reasoning (statuses, strengths, structural markers) live here.
REASONING_GRAPH = URIRef("https://w3id.org/argmap/graph/reasoning")

#: The semantics argmap computes, in the order they are shown.
SEMANTICS = ("grounded", "complete", "preferred", "stable")

#: Predeclared in every query that argmap runs.
PREFIXES: dict[str, str] = {
    "am": str(AM._NS),
    "aif": str(AIF),
    "oa": str(OA._NS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def data_file(folder: str, name: str) -> Path:
    """Return the path of a file shipped in ``ontology/`` or ``seeds/``.

    In a source checkout (and an editable install) these are the project's own
    folders; in a wheel they are installed as the packages ``graph.ontology`` and
    ``graph.seeds``.

    >>> data_file("ontology", "argmap.ttl").name
    'argmap.ttl'
    """
    checkout = Path(__file__).resolve().parent.parent / folder / name
    if checkout.parent.is_dir():
        return checkout
    return Path(str(resources.files(f"graph.{folder}").joinpath(name)))


def ontology_file(name: str = "argmap.ttl") -> Path:
    """Return the path of the ontology (``argmap.ttl``) or its shapes (``shapes.ttl``)."""
    return data_file("ontology", name)


#: The kinds of statement an author names (Argdown's ``kind:``, the annotator's kinds).
STATEMENT_KINDS: dict[str, URIRef] = {
    "claim": AM.Claim,
    "evidence": AM.Evidence,
    "proposal": AM.Proposal,
    "prediction": AM.Prediction,
    "recommendation": AM.Recommendation,
    "statement": AM.Statement,
}
