"""Exercises: a map of a text with its roles hidden, for a class to complete.

A teacher maps a text (the reference); :func:`exercise` makes from it a map of the
same text with part of the analysis taken out, at one of three levels:

* ``kinds``: the statements, their quotes and the relations stay; what each
  statement is (claim, evidence, proposal ...: all become plain ``am:Statement``),
  the main conclusion and the schemes of the inferences are hidden;
* ``relations``: the statements stay with their kinds; every relation (supports,
  attacks, undercuts, linked premises, rephrases, preferences) is taken out, to be
  drawn again;
* ``quotes``: only the quoted passages stay, as statements whose text is their
  quote; kinds, speakers, unstated premises, relations and the main conclusion
  are all left to the student.

Students complete it in the annotator (``argmap annotate TEXT EXERCISE``), and
``argmap compare REFERENCE COMPLETED`` grades what they made.

>>> LEVELS
('kinds', 'relations', 'quotes')
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.anchors import locate_quote, source_texts
from graph.derive import superclasses
from graph.store import MapStore, term_value
from graph.vocab import AM, PROV, RDF, RDFS

__all__ = ["LEVELS", "exercise"]

#: The levels of :func:`exercise`, easiest first.
LEVELS = ("kinds", "relations", "quotes")

_TERMS = (RDF.type, AM.Statement, RDFS.label, AM.text, AM.anchor, PROV.wasAttributedTo)
_TYPE, _STATEMENT, _LABEL, _TEXT, _ANCHOR, _SPEAKER = (ox.NamedNode(str(t)) for t in _TERMS)
_MAIN_CONCLUSION = ox.NamedNode(str(AM.mainConclusion))
_HIDDEN_WITH_KINDS = {ox.NamedNode(str(p)) for p in (AM.mainConclusion, AM.scheme, AM.schemeName)}
_REPHRASE = ox.NamedNode(str(AM.Rephrase))
_SHORTCUTS = {ox.NamedNode(str(p)) for p in (AM.supports, AM.attacks)}
_RELATION_ROOTS = {str(AM.Inference), str(AM.Conflict), str(AM.Rephrase), str(AM.Preference)}
_RELATION_ROOTS |= {str(AM.CriticalQuestionAnswer)}
#: The teacher's notes on statements and relations, hidden at every level.
_NOTES = {ox.NamedNode(str(p)) for p in (RDFS.comment, AM.baseScore)}
#: What the ``quotes`` level also hides of a statement: the actors it mentions.
_QUOTES_HIDE = {ox.NamedNode(str(AM.mentions))}
#: Words of a quote kept as the label of its statement at the ``quotes`` level.
LABEL_WORDS = 8


def _classes_under(roots: set[str]) -> set[ox.NamedNode]:
    """``roots`` and every class the ontology puts under one of them."""
    found = set(roots)
    found |= {c for c, supers in superclasses().items() if roots & set(supers)}
    return {ox.NamedNode(c) for c in found}


def exercise(store: MapStore, level: str) -> MapStore:
    """A new map of ``store``'s text with the analysis of ``level`` hidden (see the
    module's description). ``store`` is read as it was asserted (derived triples are
    left out); it is not changed.

    Raises:
        ValueError: ``level`` is not one of :data:`LEVELS`.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown exercise level {level!r}: expected one of {', '.join(LEVELS)}")
    quads = list(store.quads(derived=False))
    kinds = _classes_under({str(AM.Statement)}) - {_STATEMENT}
    relations = _classes_under(_RELATION_ROOTS)
    types: dict[object, set[ox.NamedNode]] = {}
    for q in quads:
        if q.predicate == _TYPE and isinstance(q.object, ox.NamedNode):
            types.setdefault(q.subject, set()).add(q.object)
    statements = {s for s, ts in types.items() if ts & (kinds | {_STATEMENT})}
    linked = {s for s, ts in types.items() if ts & relations}
    rephrases = {s for s, ts in types.items() if _REPHRASE in ts}
    kept: list[ox.Quad] = []
    if level == "kinds":
        for q in quads:
            if q.predicate in _HIDDEN_WITH_KINDS and q.subject not in rephrases:
                continue  # a rephrase's scheme name says what it is, not a role
            if q.predicate == _TYPE and q.subject in statements and q.object in kinds:
                q = ox.Quad(q.subject, _TYPE, _STATEMENT, q.graph_name)
            kept.append(q)
    else:
        anchored = {q.subject for q in quads if q.predicate == _ANCHOR}
        dropped = set(linked)
        if level == "quotes":
            dropped |= statements - anchored  # unstated premises, unanchored statements
        for q in quads:
            if q.subject in dropped or q.object in dropped or q.predicate in _SHORTCUTS:
                continue
            if level == "quotes" and q.predicate == _MAIN_CONCLUSION:
                continue
            if level == "quotes" and q.subject in statements:
                if q.predicate in (_LABEL, _TEXT, _SPEAKER):
                    continue
                if q.predicate == _TYPE and q.object in kinds:
                    q = ox.Quad(q.subject, _TYPE, _STATEMENT, q.graph_name)
            kept.append(q)
        if level == "quotes":
            kept += _quoted_texts(store, statements & anchored)
    kept = [q for q in kept if not (q.predicate in _NOTES and q.subject in statements | linked)]
    if level == "quotes":
        kept = [q for q in kept if not (q.predicate in _QUOTES_HIDE and q.subject in statements)]
    names = _neutral_names(store, statements, linked, {q.subject for q in quads})
    kept = [
        ox.Quad(
            names.get(q.subject, q.subject),
            q.predicate,
            names.get(q.object, q.object),
            q.graph_name,
        )
        for q in kept
    ]
    made = MapStore(ox.Store(), path=store.path, prefixes=dict(store.prefixes))
    made.graphs = dict(store.graphs)
    made.oxigraph.extend(kept)
    return made


def _neutral_names(
    store: MapStore, statements: set[object], relations: set[object], taken: set[object]
) -> dict[object, ox.NamedNode]:
    """New names for the statements (``s1``, ``s2`` ... in the order of their quotes
    in the text, unquoted ones last) and relations (``r1`` ...): names such as
    ``no-fly-zone-escalation`` or ``inf-escalation`` would give the analysis away."""
    starts: dict[object, int] = {}
    texts, _ = source_texts(store)
    query = """
    SELECT ?s ?source ?exact ?prefix ?suffix WHERE {
      ?s am:anchor ?a . ?a oa:hasSource ?source ; oa:hasSelector ?q .
      ?q a oa:TextQuoteSelector ; oa:exact ?exact .
      OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
    }
    """
    for s, source, exact, prefix, suffix in store.solutions(query):
        text = texts.get(term_value(source) or "")
        if text is None or exact is None:
            continue
        at = locate_quote(text.text, exact.value, term_value(prefix), term_value(suffix))
        if at is not None:
            starts[s] = min(starts.get(s, at[0]), at[0])
    names: dict[object, ox.NamedNode] = {}
    for letter, nodes, key in (
        ("s", statements, lambda n: (starts.get(n, len(starts) + 10**12), str(n))),
        ("r", relations, str),
    ):
        named = sorted((n for n in nodes if isinstance(n, ox.NamedNode)), key=key)
        for number, node in enumerate(named, 1):
            base = re.match(r"(.*[#/])", node.value)
            name = ox.NamedNode(f"{base.group(1) if base else 'urn:'}{letter}{number}")
            while name in taken and name != node:  # a name the map already gives a node
                name = ox.NamedNode(name.value + "x")
            names[node] = name
    return names


def _quoted_texts(store: MapStore, statements: set[object]) -> list[ox.Quad]:
    """A label and a text for each anchored statement of the ``quotes`` level: its
    quote's words (the label cut to :data:`LABEL_WORDS` words), in the graph that
    states its anchor."""
    made = []
    query = """
    SELECT ?s ?exact ?g WHERE {
      { ?s am:anchor ?a } UNION { GRAPH ?g { ?s am:anchor ?a } }
      ?a oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact .
    } ORDER BY ?s ?exact
    """
    done = set()
    for s, exact, graph in store.solutions(query):
        if s not in statements or s in done or not isinstance(exact, ox.Literal):
            continue
        done.add(s)
        where = graph if isinstance(graph, ox.NamedNode) else ox.DefaultGraph()
        words = exact.value.split()
        label = " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")
        made.append(ox.Quad(s, _LABEL, ox.Literal(label), where))  # type: ignore[arg-type]
        made.append(ox.Quad(s, _TEXT, ox.Literal(exact.value), where))  # type: ignore[arg-type]
    return made
