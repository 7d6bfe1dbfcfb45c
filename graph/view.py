"""The networkx views of a map, built from the store in one pass per kind of node.

Two views:

- :func:`argument_graph`: a ``MultiDiGraph`` with statements, inferences and
  conflicts as typed nodes (``type`` = ``statement`` | ``inference`` | ``conflict``)
  and edges by role (``premise``: statement → inference, ``conclusion``: inference
  → statement, ``attacker``: statement → conflict, ``target``: conflict → statement
  or inference). Reasoning works on this one: it keeps linked premises and undercuts.
- :func:`statement_graph`: a ``DiGraph`` over statements only, with ``relation`` =
  ``support`` | ``attack`` | ``undercut`` on each edge (an undercut points at the
  conclusion of the inference it attacks). Rendering and summaries use this one.

Node ids are IRI strings; no rdflib term leaves this module.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graph.derive import superclasses
from graph.store import MapStore
from graph.vocab import AM

__all__ = [
    "KINDS",
    "InferenceRecord",
    "MapData",
    "StatementRecord",
    "argument_graph",
    "collect",
    "statement_graph",
]

#: Statement kinds, most specific first where one refines another.
KINDS = ("Prediction", "Recommendation", "Claim", "Evidence", "Proposal", "Statement")

_STATEMENTS = """
SELECT ?s ?type ?label ?text ?implicit ?base WHERE {
  ?s a am:Statement ; a ?type .
  OPTIONAL { ?s rdfs:label ?label }
  OPTIONAL { ?s am:text ?text }
  OPTIONAL { ?s am:implicit ?implicit }
  OPTIONAL { ?s am:baseScore ?base }
}
"""
_PEOPLE = """
SELECT ?s ?p ?actor ?name WHERE {
  VALUES ?p { prov:wasAttributedTo am:mentions }
  ?s a am:Statement ; ?p ?actor .
  OPTIONAL { ?actor rdfs:label ?name }
}
"""
_QUOTES = """
SELECT ?s ?exact ?start ?end WHERE {
  ?s am:anchor ?a . ?a oa:hasSelector ?q . ?q oa:exact ?exact .
  OPTIONAL { ?a oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }
}
"""
_INFERENCES = """
SELECT ?i ?p ?c ?scheme ?schemeLabel WHERE {
  ?i a am:Inference ; am:premise ?p ; am:conclusion ?c .
  OPTIONAL { ?i am:scheme ?scheme OPTIONAL { ?scheme rdfs:label ?schemeLabel } }
}
"""
_REPHRASES = """
SELECT ?r ?from ?to WHERE { ?r a am:Rephrase ; am:rephraseFrom ?from ; am:rephraseTo ?to }
"""
_QUESTIONS = """
SELECT ?scheme ?question WHERE { ?i am:scheme ?scheme . ?scheme am:criticalQuestion ?question }
"""
_ROLES = """
SELECT ?a ?role WHERE { ?a a am:Actor ; am:role ?role }
"""
_CONFLICTS = """
SELECT ?k ?a ?t WHERE { ?k a am:Conflict ; am:attacker ?a ; am:target ?t }
"""
_MAIN = """
SELECT ?s ?title WHERE { ?m am:mainConclusion ?s . OPTIONAL { ?m rdfs:label ?title } }
"""
_ACTORS = """
SELECT ?a ?name WHERE { ?a a am:Actor . OPTIONAL { ?a rdfs:label ?name } }
"""


@dataclass
class StatementRecord:
    """A statement as the views see it."""

    kind: str = "Statement"
    label: str | None = None
    text: str | None = None
    implicit: bool = False
    speakers: set[str] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    quotes: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    base_score: float | None = None


@dataclass
class InferenceRecord:
    """An inference: its premises, its conclusion and its scheme."""

    conclusion: str
    premises: set[str] = field(default_factory=set)
    scheme: str | None = None
    scheme_label: str | None = None
    questions: list[str] = field(default_factory=list)
    #: A rephrase (``am:Rephrase``, AIF's MA node): the conclusion restates the
    #: premise, so it carries the premise's support; shown as a step named "rephrase".
    rephrase: bool = False


@dataclass
class MapData:
    """Everything the views need, read from the store once."""

    statements: dict[str, StatementRecord] = field(default_factory=dict)
    inferences: dict[str, InferenceRecord] = field(default_factory=dict)
    #: conflict -> (its attackers, sorted; its target). Several attackers attack jointly
    #: (a linked attack); the target is a statement, an inference or a conflict (an
    #: attack on an attack).
    conflicts: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    main: list[str] = field(default_factory=list)
    title: str | None = None


def _kind(types: set[str]) -> str:
    ns = str(AM._NS)
    local = {t[len(ns) :] for t in types if t.startswith(ns)}
    depth = {k: len(superclasses().get(ns + k, ())) for k in KINDS}
    best = sorted((k for k in KINDS if k in local), key=lambda k: (-depth[k], KINDS.index(k)))
    return best[0] if best else "Statement"


def collect(store: MapStore) -> MapData:
    """Read statements, inferences, conflicts, actors and main conclusions."""
    data = MapData()
    types: dict[str, set[str]] = defaultdict(set)
    for s, typ, label, text, implicit, base in store.rows(_STATEMENTS):
        assert s is not None and typ is not None
        types[s].add(typ)
        node = data.statements.setdefault(s, StatementRecord())
        if base is not None:
            node.base_score = float(base)
        node.label = node.label or label
        node.text = node.text or text
        node.implicit = node.implicit or implicit == "true"
    for s, node in data.statements.items():
        node.kind = _kind(types[s])
        node.label = node.label or node.text or s
        node.text = node.text or node.label

    for a, name in store.rows(_ACTORS):
        assert a is not None
        data.actors[a] = name or a
    for s, p, actor, name in store.rows(_PEOPLE):
        assert s is not None and actor is not None
        people = (
            data.statements[s].speakers
            if p == "http://www.w3.org/ns/prov#wasAttributedTo"
            else data.statements[s].mentions
        )
        people.add(name or data.actors.get(actor, actor))
    quotes: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for s, exact, start, end in store.rows(_QUOTES):
        assert s is not None and exact is not None
        span = (int(start), int(end)) if start is not None and end is not None else (-1, -1)
        quotes[s].add((*span, exact))
    for s, found in quotes.items():
        if s in data.statements:
            ordered = sorted(found)
            data.statements[s].quotes = [q for _, _, q in ordered]
            data.statements[s].spans = [(a, b) for a, b, _ in ordered if a >= 0]

    for i, p, c, scheme, scheme_label in store.rows(_INFERENCES):
        assert i is not None and p is not None and c is not None
        inf = data.inferences.setdefault(i, InferenceRecord(conclusion=c, scheme=scheme))
        inf.premises.add(p)
        inf.scheme_label = inf.scheme_label or scheme_label
    for r, start, end in store.rows(_REPHRASES):
        assert r is not None and start is not None and end is not None
        if r not in data.inferences:
            data.inferences[r] = InferenceRecord(
                conclusion=end, scheme_label="rephrase", rephrase=True
            )
        data.inferences[r].premises.add(start)
    questions: dict[str, list[str]] = defaultdict(list)
    for scheme, question in store.rows(_QUESTIONS):
        assert scheme is not None and question is not None
        if question not in questions[scheme]:
            questions[scheme].append(question)
    for inf in data.inferences.values():
        if inf.scheme is not None:
            inf.questions = sorted(questions.get(inf.scheme, []))
    for a, role in store.rows(_ROLES):
        assert a is not None and role is not None
        data.roles[data.actors.get(a, a)] = role
    attackers: dict[str, set[str]] = {}
    targets: dict[str, str] = {}
    for k, a, t in store.rows(_CONFLICTS):
        assert k is not None and a is not None and t is not None
        attackers.setdefault(k, set()).add(a)
        targets[k] = t
    data.conflicts = {k: (tuple(sorted(attackers[k])), t) for k, t in targets.items()}
    for s, title in store.rows(_MAIN):
        assert s is not None
        if s not in data.main:
            data.main.append(s)
        data.title = data.title or title
    data.main.sort()
    return data


def _statement_attrs(node: StatementRecord, main: bool) -> dict[str, object]:
    return {
        "kind": node.kind,
        "label": node.label,
        "text": node.text,
        "implicit": node.implicit,
        "main": main,
        "speakers": tuple(sorted(node.speakers)),
        "mentions": tuple(sorted(node.mentions)),
        "quotes": tuple(node.quotes),
        "spans": tuple(node.spans),
    }


def _main_conclusions(data: MapData, g: nx.DiGraph) -> list[str]:
    if data.main:
        return [m for m in data.main if m in g]
    # No am:mainConclusion: the statements others argue about but that argue for
    # nothing themselves.
    sinks = [n for n in g if g.out_degree(n) == 0 and g.in_degree(n) > 0]
    return sorted(sinks)


def statement_graph(store: MapStore, data: MapData | None = None) -> nx.DiGraph:
    """The statement-level view: support, attack and undercut edges between statements.

    When a statement both supports and attacks another, the attack is the edge kept
    (a DiGraph holds one edge per pair); :func:`argument_graph` keeps both.
    """
    data = data or collect(store)
    g = nx.DiGraph(title=data.title, main_conclusions=[])
    for s in sorted(data.statements):
        g.add_node(s, **_statement_attrs(data.statements[s], False))
    for i in sorted(data.inferences):
        inf = data.inferences[i]
        for p in sorted(inf.premises):
            if p in g and inf.conclusion in g:
                g.add_edge(
                    p,
                    inf.conclusion,
                    relation="support",
                    inference=i,
                    scheme=inf.scheme_label,
                    linked=len(inf.premises) > 1,
                )
    for k in sorted(data.conflicts):
        attackers, target = data.conflicts[k]
        # an undercut is drawn onto the inference's conclusion, a rebuttal onto its target
        undercut = target in data.inferences
        onto = data.inferences[target].conclusion if undercut else target
        for attacker in attackers:
            if attacker in g and onto in g:
                g.add_edge(
                    attacker,
                    onto,
                    relation="undercut" if undercut else "attack",
                    inference=target if undercut else None,
                    scheme=None,
                    linked=len(attackers) > 1,
                )
    main = _main_conclusions(data, g)
    for m in main:
        g.nodes[m]["main"] = True
    g.graph["main_conclusions"] = main
    return g


def argument_graph(store: MapStore, data: MapData | None = None) -> nx.MultiDiGraph:
    """The typed view: statements, inferences and conflicts as nodes, edges by role."""
    data = data or collect(store)
    g = nx.MultiDiGraph(
        title=data.title, main_conclusions=list(data.main), actors=dict(sorted(data.roles.items()))
    )
    for s in sorted(data.statements):
        record = data.statements[s]
        g.add_node(s, type="statement", **_statement_attrs(record, s in data.main))
        if record.base_score is not None:
            g.nodes[s]["base_score"] = record.base_score
    # Only whole elements enter the view: an inference whose premises or conclusion
    # are not statements, or a conflict between unknown nodes, is a problem that
    # validation reports (and a lenient read leaves out).
    for i in sorted(data.inferences):
        inf = data.inferences[i]
        if inf.conclusion not in data.statements or not inf.premises <= data.statements.keys():
            continue
        g.add_node(
            i,
            type="inference",
            scheme=inf.scheme,
            scheme_label=inf.scheme_label,
            questions=tuple(inf.questions),
        )
        if inf.rephrase:
            g.nodes[i]["rephrase"] = True
        for p in sorted(inf.premises):
            g.add_edge(p, i, role="premise")
        g.add_edge(i, inf.conclusion, role="conclusion")
    # A conflict enters when its attackers are statements and its target is in the
    # view: a statement, an inference, or a conflict that enters (an attack on an
    # attack: its chain of targets ends in the view or turns round on itself).
    waiting = {
        k: t for k, (a, t) in data.conflicts.items() if a and set(a) <= data.statements.keys()
    }

    def enters(k: str) -> bool:
        seen, t = {k}, waiting[k]
        while t in waiting and t not in seen:
            seen.add(t)
            t = waiting[t]
        return t in seen or t in g

    for k in sorted(k for k in waiting if enters(k)):
        g.add_node(k, type="conflict")
    for k in sorted(data.conflicts):
        if k not in g:
            continue
        attackers, target = data.conflicts[k]
        for attacker in attackers:
            g.add_edge(attacker, k, role="attacker")
        g.add_edge(k, target, role="target")
    return g
