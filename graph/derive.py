"""Derive: materialise each form of a relation from the other, and what types imply.

Input may state support and attack either as reified nodes (``am:Inference`` with
``am:premise``/``am:conclusion``, ``am:Conflict`` with ``am:attacker``/``am:target``)
or as shortcut edges (``am:supports``, ``am:attacks``). Derivation adds the missing
form to the derived graph, so that a query can use either. It also adds the
superclasses of each statement's type (a ``am:Prediction`` is a ``am:Claim`` and a
``am:Statement``), the kind of each conflict (``am:Rebuttal`` or ``am:Undercut``),
and the label of every scheme the map uses, so queries need no reasoner.

All of it runs as SPARQL updates inside Oxigraph. Minted nodes get IRIs
derived from what they connect (a hash), never from a clock or a counter, so the
same input always derives the same triples.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, overload

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph.store import MapStore
from graph.vocab import AM, DERIVED_GRAPH, RDF, ontology_file

__all__ = ["DERIVED_IRI_BASE", "Derivation", "derive", "known_schemes", "superclasses"]

#: Nodes that derivation mints live under this IRI.
DERIVED_IRI_BASE = "https://w3id.org/argmap/derived/"

# Each step is one SPARQL Update inside Oxigraph (no triple comes out into Python).
# An update's WHERE reads the default graph alone, while a map's triples lie in the
# default graph, in a named graph per map of a store of several, and in the derived
# graph: ``_anywhere`` matches a triple pattern in any of them, as the queries of
# argmap (over the union of the graphs) do. A triple is inserted only where no graph
# holds it yet: the union that queries see would otherwise count it twice.


def _anywhere(pattern: str, graph: str) -> str:
    """``pattern`` (triple patterns) in the default graph or in any named graph."""
    return f"{{ {{ {pattern} }} UNION {{ GRAPH {graph} {{ {pattern} }} }} }}"


def _step(template: str, where: str, new: str) -> str:
    """Insert ``template`` into the derived graph for each solution of ``where``,
    where the triple patterns ``new`` are not held yet in any graph."""
    return (
        f"INSERT {{ GRAPH <{DERIVED_GRAPH}> {{ {template} }} }} WHERE {{ {where} "
        f"FILTER NOT EXISTS {_anywhere(new, '?held')} }}"
    )


def _relation(cls: str, first: str, second: str, shortcut: str, path: str) -> tuple[str, str]:
    """The two steps of one relation: a node of ``cls`` (``first`` ?x, ``second`` ?y)
    minted under ``path`` for each ``shortcut`` edge from ?x to ?y that has none,
    then the shortcut edge of each such node."""
    node = f"{_anywhere(f'?n am:{first} ?x', '?g1')} {_anywhere(f'?n am:{second} ?y', '?g2')}"
    mint = f'IRI(CONCAT("{DERIVED_IRI_BASE}{path}/", SHA1(CONCAT(STR(?x), " ", STR(?y)))))'
    minted = _step(
        f"?new a am:{cls} ; am:{first} ?x ; am:{second} ?y .",
        f"{_anywhere(f'?x am:{shortcut} ?y', '?g')} FILTER(isIRI(?x) && isIRI(?y)) "
        f"FILTER NOT EXISTS {{ {node} }} BIND({mint} AS ?new)",
        f"?new a am:{cls}",
    )
    return minted, _step(f"?x am:{shortcut} ?y", node, f"?x am:{shortcut} ?y")


_INFERENCES_FROM_SUPPORTS, _SUPPORTS_FROM_INFERENCES = _relation(
    "Inference", "premise", "conclusion", "supports", "inference"
)
_CONFLICTS_FROM_ATTACKS, _ATTACKS_FROM_CONFLICTS = _relation(
    "Conflict", "attacker", "target", "attacks", "conflict"
)

_CONFLICT_KINDS = _step(
    "?k a ?kind",
    f"""{_anywhere("?k am:target ?t", "?g1")}
  OPTIONAL {{ {_anywhere("?t a am:Inference", "?g2")} BIND(true AS ?inference) }}
  BIND(IF(BOUND(?inference), am:Undercut, am:Rebuttal) AS ?kind)""",
    "?k a ?kind",
)


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
    return _step(
        "?x a ?super",
        f"VALUES (?class ?super) {{ {pairs} }} {_anywhere('?x a ?class', '?g')}",
        "?x a ?super",
    )


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


@overload
def derive(store: MapStore) -> Derivation: ...
@overload
def derive(store: MapStore, *, count: Literal[False]) -> None: ...


def derive(store: MapStore, *, count: bool = True) -> Derivation | None:
    """Add the derived triples to the store's derived graph; say how many each step
    added (without ``count``, nothing: counting scans the derived graph after each
    step, a twentieth of deriving a big map).

    Reified inferences and conflicts are minted for shortcut edges first, then the
    shortcuts for every inference and conflict, so each form is complete.

    >>> from graph.store import loads
    >>> s = loads('''@prefix am: <https://w3id.org/argmap#> .
    ... <urn:a> a am:Evidence ; am:supports <urn:b> . <urn:b> a am:Claim .''')
    >>> derive(s).inferences
    3
    """
    size = store.count(graph=str(DERIVED_GRAPH)) if count else 0
    added = []
    for update in (
        _type_closure_query(),
        _INFERENCES_FROM_SUPPORTS,
        _CONFLICTS_FROM_ATTACKS,
        _SUPPORTS_FROM_INFERENCES,
        _ATTACKS_FROM_CONFLICTS,
        _CONFLICT_KINDS,
    ):
        store.oxigraph.update(_PREFIXES + update)
        if count:
            before, size = size, store.count(graph=str(DERIVED_GRAPH))
            added.append(size - before)
    schemes = store.add_derived(_scheme_triples(store))  # type: ignore[arg-type]
    if not count:
        return None
    types, inferences, conflicts, supports, attacks, kinds = added
    return Derivation(types, inferences, conflicts + kinds, supports + attacks, schemes)


_PREFIXES = f"PREFIX am: <{AM._NS}>\n"
