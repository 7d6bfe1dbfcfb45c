"""Derive: materialise each form of a relation from the other, and what types imply.

Input may state support and attack either as reified nodes (``am:Inference`` with
``am:premise``/``am:conclusion``, ``am:Conflict`` with ``am:attacker``/``am:target``)
or as shortcut edges (``am:supports``, ``am:attacks``). Derivation adds the missing
form to the derived graph, so that a query can use either. It also adds the
superclasses of each statement's type (a ``am:Prediction`` is a ``am:Claim`` and a
``am:Statement``), the kind of each conflict (``am:Rebuttal`` or ``am:Undercut``),
and the label of every scheme the map uses, so queries need no reasoner.

All of it runs as SPARQL CONSTRUCT queries inside Oxigraph. Minted nodes get IRIs
derived from what they connect (a hash), never from a clock or a counter, so the
same input always derives the same triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph.store import MapStore
from graph.vocab import AM, RDF, ontology_file

__all__ = ["DERIVED_IRI_BASE", "Derivation", "derive", "known_schemes", "superclasses"]

#: Nodes that derivation mints live under this IRI.
DERIVED_IRI_BASE = "https://w3id.org/argmap/derived/"

_INFERENCES_FROM_SUPPORTS = f"""
CONSTRUCT {{
  ?inf a am:Inference ; am:premise ?p ; am:conclusion ?c .
}} WHERE {{
  ?p am:supports ?c .
  FILTER NOT EXISTS {{ ?i am:premise ?p ; am:conclusion ?c }}
  FILTER(isIRI(?p) && isIRI(?c))
  BIND(IRI(CONCAT("{DERIVED_IRI_BASE}inference/", SHA1(CONCAT(STR(?p), " ", STR(?c))))) AS ?inf)
}}
"""

_CONFLICTS_FROM_ATTACKS = f"""
CONSTRUCT {{
  ?conf a am:Conflict ; am:attacker ?a ; am:target ?t .
}} WHERE {{
  ?a am:attacks ?t .
  FILTER NOT EXISTS {{ ?k am:attacker ?a ; am:target ?t }}
  FILTER(isIRI(?a) && isIRI(?t))
  BIND(IRI(CONCAT("{DERIVED_IRI_BASE}conflict/", SHA1(CONCAT(STR(?a), " ", STR(?t))))) AS ?conf)
}}
"""

_SUPPORTS_FROM_INFERENCES = """
CONSTRUCT { ?p am:supports ?c } WHERE { ?i am:premise ?p ; am:conclusion ?c }
"""

_ATTACKS_FROM_CONFLICTS = """
CONSTRUCT { ?a am:attacks ?t } WHERE { ?k am:attacker ?a ; am:target ?t }
"""

_CONFLICT_KINDS = """
CONSTRUCT { ?k a ?kind } WHERE {
  ?k am:target ?t .
  OPTIONAL { ?t a ?inference . FILTER(?inference = am:Inference) }
  BIND(IF(BOUND(?inference), am:Undercut, am:Rebuttal) AS ?kind)
}
"""


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@lru_cache(maxsize=1)
def superclasses() -> dict[str, tuple[str, ...]]:
    """Each argmap class with its argmap superclasses (transitively), from the ontology.

    >>> superclasses()[str(AM.Prediction)]
    ('https://w3id.org/argmap#Anchored', 'https://w3id.org/argmap#Claim', 'https://w3id.org/argmap#Statement')
    """
    onto = _ontology()
    ns = str(AM._NS)
    result: dict[str, tuple[str, ...]] = {}
    for cls in sorted({str(c) for c in onto.subjects(RDFS.subClassOf, None)}):
        if not str(cls).startswith(ns):
            continue
        supers = [
            str(s)
            for s in onto.transitive_objects(URIRef(cls), RDFS.subClassOf)
            if str(s) != cls and str(s).startswith(ns)
        ]
        result[cls] = tuple(sorted(supers))
    return result


@lru_cache(maxsize=1)
def known_schemes() -> tuple[str, ...]:
    """The argumentation schemes the ontology defines.

    >>> str(AM.ArgumentFromExpertOpinion) in known_schemes()
    True
    """
    return tuple(sorted(str(s) for s in _ontology().subjects(RDF.type, AM.Scheme)))


def _type_closure_query() -> str:
    pairs = " ".join(
        f"(<{c}> <{s}>)" for c, supers in sorted(superclasses().items()) for s in supers
    )
    return f"""
CONSTRUCT {{ ?x a ?super }} WHERE {{
  VALUES (?class ?super) {{ {pairs} }}
  ?x a ?class .
}}
"""


@dataclass(frozen=True)
class Derivation:
    """How many derived triples each step added."""

    types: int
    inferences: int
    conflicts: int
    shortcuts: int
    scheme_labels: int

    @property
    def total(self) -> int:
        return self.types + self.inferences + self.conflicts + self.shortcuts + self.scheme_labels


def _scheme_triples(store: MapStore) -> list[tuple[URIRef, URIRef, object]]:
    onto = _ontology()
    used = {s for (s,) in store.rows("SELECT DISTINCT ?s WHERE { ?i am:scheme ?s }")}
    triples: list[tuple[URIRef, URIRef, object]] = []
    for scheme in sorted(u for u in used if u is not None):
        ref = URIRef(scheme)
        for label in onto.objects(ref, RDFS.label):
            triples.append((ref, RDFS.label, label))
        for question in onto.objects(ref, AM.criticalQuestion):
            triples.append((ref, AM.criticalQuestion, question))
        if (ref, RDF.type, AM.Scheme) in onto:
            triples.append((ref, RDF.type, AM.Scheme))
    return triples


def derive(store: MapStore) -> Derivation:
    """Add the derived triples to the store's derived graph.

    Reified inferences and conflicts are minted for shortcut edges first, then the
    shortcuts for every inference and conflict, so each form is complete.

    >>> from graph.store import loads
    >>> s = loads('''@prefix am: <https://w3id.org/argmap#> .
    ... <urn:a> a am:Evidence ; am:supports <urn:b> . <urn:b> a am:Claim .''')
    >>> derive(s).inferences
    3
    """
    types = store.add_derived(store.construct(_type_closure_query()))
    inferences = store.add_derived(store.construct(_INFERENCES_FROM_SUPPORTS))
    conflicts = store.add_derived(store.construct(_CONFLICTS_FROM_ATTACKS))
    shortcuts = store.add_derived(store.construct(_SUPPORTS_FROM_INFERENCES))
    shortcuts += store.add_derived(store.construct(_ATTACKS_FROM_CONFLICTS))
    kinds = store.add_derived(store.construct(_CONFLICT_KINDS))
    schemes = store.add_derived(_scheme_triples(store))  # type: ignore[arg-type]
    return Derivation(types, inferences, conflicts + kinds, shortcuts, schemes)
