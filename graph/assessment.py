"""Assess a map: which statements stand, how strong they are, what they hang on.

:func:`assess` runs the reasoning functions of :mod:`graph.reasoning` over the
map's networkx view; :func:`record` is the one named step that writes the answers
back into the store, as triples in their own named graph
(:data:`graph.vocab.REASONING_GRAPH`), so that SPARQL can combine them with the
asserted map: every accepted claim with the quote and speaker behind it, say.

>>> from graph.pipeline import open_map
>>> store = open_map()
>>> result = assess(store)
>>> result.statuses["grounded"]["https://w3id.org/argmap/map/nato-ukraine#nato-will-not-intervene"]
'in'
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef

from graph.errors import ArgmapError, ReasoningError
from graph.reasoning.bipolar import Absent, framework
from graph.reasoning.dung import Label, OutOfTime, statuses
from graph.reasoning.explanation import Decision, decisive
from graph.reasoning.strength import strength
from graph.reasoning.structure import (
    ReasonTree,
    circular_support,
    critical_premises,
    depth,
    indexed,
    unanswered_attacks,
    unsupported_claims,
    why,
)
from graph.stages import stage
from graph.store import MapStore
from graph.view import MapData, argument_graph
from graph.vocab import AM, RDF, RDFS, REASONING_GRAPH, SEMANTICS, XSD

__all__ = [
    "SEMANTICS",
    "STATUS_TERMS",
    "Assessment",
    "assess",
    "explain",
    "find_statement",
    "only",
    "record",
    "report",
]


#: The ontology's status individuals, by label.
STATUS_TERMS = {"in": AM.In, "out": AM.Out, "undec": AM.Undecided}

_STATUS_PROPERTY = {
    "grounded": AM.groundedStatus,
    "complete": AM.completeStatus,
    "preferred": AM.preferredStatus,
    "stable": AM.stableStatus,
}


@dataclass
class Assessment:
    """Everything reasoning found about a map.

    ``statuses`` maps a semantics to the status (``in``, ``out``, ``undec``) of every
    statement and inference; ``strength`` gives DF-QuAD strengths; the rest are the
    structural findings.
    """

    graph: nx.MultiDiGraph
    framework: nx.DiGraph
    statuses: dict[str, dict[Hashable, Label]]
    strength: dict[Hashable, float]
    unsupported: list[Hashable]
    unanswered: list[tuple[Hashable, Hashable, Hashable]]
    circular: list[list[Hashable]]
    critical: dict[Hashable, list[Hashable]]
    depth: dict[Hashable, int]
    #: The semantics asked for but not computed within the time budget.
    uncomputed: tuple[str, ...] = ()

    def statements(self) -> list[Hashable]:
        """The map's statements, sorted."""
        return sorted((n for n, t in self.graph.nodes(data="type") if t == "statement"), key=str)


#: The semantics that may take exponential time (:func:`assess`'s ``budget``).
HARD = ("preferred", "stable")


def assess(
    store: MapStore,
    *,
    semantics: Sequence[str] = SEMANTICS,
    budget: float | None = None,
    data: MapData | None = None,
) -> Assessment:
    """Run every reasoning step over a (derived) map.

    Args:
        store: a map opened with :func:`graph.pipeline.open_map`.
        semantics: which of grounded, complete, preferred, stable to compute.
        budget: seconds that preferred and stable (NP-hard; grounded and complete
            take linear time) may take each; one that runs out is left out of
            ``statuses`` and named in ``uncomputed``. None: no limit.
        data: the map's elements (:func:`graph.view.collect`) when the caller has
            read them already.

    Raises:
        ReasoningError: an unknown semantics.
    """
    unknown = [s for s in semantics if s not in SEMANTICS]
    if unknown:
        raise ReasoningError(f"unknown semantics {unknown[0]!r}: use {', '.join(SEMANTICS)}")
    with stage("reasoning"):
        with stage("argument graph"):
            g = argument_graph(store, data)
        with indexed(g):  # one index of the graph for every step below
            with stage("framework"):
                af = framework(g)
            found: dict[str, dict[Hashable, Label]] = {}
            uncomputed: list[str] = []
            for s in semantics:
                deadline = time.monotonic() + budget if budget is not None and s in HARD else None
                with stage(f"{s} statuses"):
                    try:
                        found[s] = statuses(af, s, deadline=deadline)
                    except OutOfTime:
                        uncomputed.append(s)
            with stage("strength"):
                strengths = strength(g)
            with stage("structure"):
                unsupported = unsupported_claims(g)
                unanswered = unanswered_attacks(g)
                circular = circular_support(g)
                critical = critical_premises(g)
                depths = {n: d for n, d in depth(g).items() if d is not None}
            return Assessment(
                graph=g,
                framework=af,
                uncomputed=tuple(uncomputed),
                statuses=found,
                strength=strengths,
                unsupported=unsupported,
                unanswered=unanswered,
                circular=circular,
                critical=critical,
                depth=depths,
            )


def _triples(result: Assessment) -> Iterator[ox.Triple]:
    """The assessment as triples, made as pyoxigraph terms directly (a big map has a
    million of them: building rdflib terms to convert them cost a third of recording).

    Blank-node statements (which have no name to hang a result on) are left out.
    """

    made: dict[str, ox.NamedNode] = {}

    def iri(name: object) -> ox.NamedNode:
        # A statement has a status under each semantics, a strength and a depth: its
        # IRI is checked and made once.
        key = str(name)
        node = made.get(key)
        if node is None:
            node = made[key] = ox.NamedNode(key)
        return node

    def named(nodes: Iterable[Any]) -> Iterator[Any]:
        return (n for n in nodes if not str(n).startswith("_:"))

    a, label = iri(RDF.type), iri(RDFS.label)
    # The status individuals' own description, so queries can print their labels.
    status = {key: iri(term) for key, term in STATUS_TERMS.items()}
    for key, term in status.items():
        yield ox.Triple(term, a, iri(AM.Status))
        text = "undecided" if key == "undec" else key
        yield ox.Triple(term, label, ox.Literal(text, language="en"))
    # The statuses of statements and inferences; a compound conflict's own argument
    # and its attackers' absences (graph.reasoning.bipolar) are the framework's.
    kinds = result.framework.nodes(data="type")
    for name, labels in result.statuses.items():
        prop = iri(_STATUS_PROPERTY[name])
        for node in named(n for n in labels if kinds[n] in ("statement", "inference")):
            yield ox.Triple(iri(node), prop, status[labels[node]])
    strength, double = iri(AM.strength), iri(XSD.double)
    for node in named(result.strength):
        # repr of the rounded float: the lexical form rdflib gives an xsd:double (an
        # rdflib Literal each cost a tenth of recording a big map)
        value = repr(round(result.strength[node], 6))
        yield ox.Triple(iri(node), strength, ox.Literal(value, datatype=double))
    depth, integer = iri(AM.depth), iri(XSD.integer)
    for node in named(result.depth):
        yield ox.Triple(iri(node), depth, ox.Literal(str(result.depth[node]), datatype=integer))
    for node in named(result.unsupported):
        yield ox.Triple(iri(node), a, iri(AM.UnsupportedClaim))
    for cycle in result.circular:
        for node in named(cycle):
            yield ox.Triple(iri(node), a, iri(AM.CircularSupport))
    critical, critical_for = iri(AM.CriticalPremise), iri(AM.criticalFor)
    for conclusion, premises in result.critical.items():
        for node in named(premises):
            yield ox.Triple(iri(node), a, critical)
            if not str(conclusion).startswith("_:"):
                yield ox.Triple(iri(node), critical_for, iri(conclusion))
    for _attacker, conflict, _target in result.unanswered:
        if not str(conflict).startswith("_:"):
            yield ox.Triple(iri(conflict), a, iri(AM.UnansweredAttack))


def only(result: Assessment | None, semantics: Sequence[str]) -> Assessment:
    """``result`` with the statuses of ``semantics`` alone (a built map may hold more).

    Raises:
        ArgmapError: ``result`` is None or lacks one of them.
    """
    missing = [s for s in semantics if result is None or s not in result.statuses]
    if result is None or missing:
        raise ArgmapError(f"no {', '.join(missing)} statuses were computed for this map")
    return replace(result, statuses={s: result.statuses[s] for s in semantics})


def record(store: MapStore, result: Assessment) -> int:
    """Write an assessment into the store's reasoning graph; return the triples added.

    Blank-node statements (which have no name to hang a result on) are skipped.
    """
    # Into an empty reasoning graph, with no other graph holding what reasoning
    # finds (a map built before and read again as a source would): nothing to look
    # up first (at 1M triples, the lookup was a third of recording).
    fresh = store.count(graph=str(REASONING_GRAPH)) == 0 and not _holds_findings(store)
    return store.add_derived(_triples(result), graph_name=REASONING_GRAPH, fresh=fresh)


def _holds_findings(store: MapStore) -> bool:
    """Whether any graph holds a triple of the kinds :func:`_triples` writes."""
    patterns = [f"?s <{p}> ?o" for p in (*_STATUS_PROPERTY.values(), AM.strength, AM.depth)]
    patterns.append(f"?s <{AM.criticalFor}> ?o")
    patterns += [f"?s a <{c}>" for c in _FINDINGS]
    patterns += [f"<{term}> ?p ?o" for term in STATUS_TERMS.values()]
    anywhere = " UNION ".join(f"{{ {p} }} UNION {{ GRAPH ?g {{ {p} }} }}" for p in patterns)
    found = store.oxigraph.query(f"ASK {{ {anywhere} }}")
    return bool(found)


#: The classes of what reasoning finds about statements and conflicts.
_FINDINGS: tuple[URIRef, ...] = (AM.Status, AM.UnsupportedClaim, AM.CircularSupport)
_FINDINGS += (AM.CriticalPremise, AM.UnansweredAttack)


def report(result: Assessment, compact: Callable[[str], str] = str) -> dict[str, Any]:
    """The assessment as plain data (for JSON): statuses, strengths, findings.

    Statements are sorted by depth under the main conclusions, then by name.
    """
    names = list(result.statuses)
    order = sorted(
        result.statements(),
        key=lambda s: (result.depth.get(s, 10**9), compact(str(s))),
    )
    statements = [
        {
            "id": compact(str(s)),
            "label": result.graph.nodes[s].get("label"),
            "kind": result.graph.nodes[s].get("kind"),
            "status": {n: result.statuses[n][s] for n in names},
            "strength": round(result.strength[s], 6),
            "depth": result.depth.get(s),
        }
        for s in order
    ]
    return {
        "semantics": names,
        "statements": statements,
        "unsupported": [compact(str(s)) for s in result.unsupported],
        # a linked attack is one objection, however many attackers it has
        "unanswered": list(dict.fromkeys(compact(str(k)) for _, k, _ in result.unanswered)),
        "circular": [compact(str(s)) for cycle in result.circular for s in cycle],
        "critical": {
            compact(str(c)): [compact(str(p)) for p in ps] for c, ps in result.critical.items()
        },
    }


def find_statement(result: Assessment, name: str, compact: Callable[[str], str]) -> Hashable:
    """Find a statement by IRI, prefixed name (``nu:x``) or local name (``x``).

    Raises:
        ArgmapError: no statement or several statements go by that name.
    """
    statements = result.statements()
    exact = [s for s in statements if name in (str(s), compact(str(s)), f"<{s}>")]
    if exact:
        return exact[0]
    local = [s for s in statements if re.split(r"[#/:]", str(s))[-1] == name]
    if len(local) == 1:
        return local[0]
    if local:
        names = ", ".join(compact(str(s)) for s in local)
        raise ArgmapError(f"{name!r} names several statements: {names}; give the full name")
    close = difflib.get_close_matches(
        name,
        [compact(str(s)) for s in statements]
        + [re.split(r"[#/:]", str(s))[-1] for s in statements],
        n=3,
    )
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ArgmapError(f"no statement named {name!r} in the map{hint}")


def _describe(result: Assessment, node: Hashable, compact: Callable[[str], str]) -> str:
    if isinstance(node, Absent):  # a compound conflict's attacker, not established
        attacker = result.graph.nodes[node.attacker].get("label")
        return f"{compact(str(node.attacker))} not established  ({attacker})"
    data = result.graph.nodes[node]
    if data.get("type") == "conflict":  # a linked attack, or an attacked one
        attackers = sorted(
            compact(str(u))
            for u, _, r in result.graph.in_edges(node, data="role")
            if r == "attacker"
        )
        target = next(v for _, v, r in result.graph.out_edges(node, data="role") if r == "target")
        joint = " together" if len(attackers) > 1 else ""
        on = compact(str(target))
        return f"{compact(str(node))}  (the attack of {' and '.join(attackers)}{joint} on {on})"
    if data.get("type") == "inference":
        conclusion = next(
            (v for _, v, r in result.graph.out_edges(node, data="role") if r == "conclusion"),
            None,
        )
        label = result.graph.nodes[conclusion].get("label") if conclusion is not None else "?"
        scheme = data.get("scheme_label")
        via = f", {scheme}" if scheme else ""
        return f"{compact(str(node))}  (the inference to: {label}{via})"
    return f"{compact(str(node))}  {data.get('label')}"


def _quotes(result: Assessment, node: Hashable, indent: str) -> list[str]:
    if isinstance(node, Absent):
        return []
    data = result.graph.nodes[node]
    lines = [f'{indent}"{q}"' for q in data.get("quotes", ())]
    if data.get("type") == "statement" and data.get("implicit"):
        lines.append(f"{indent}(unstated premise)")
    return lines


def explain(
    result: Assessment,
    statement: Hashable,
    *,
    semantics: str = "grounded",
    compact: Callable[[str], str] = str,
    depth: int = 4,
) -> str:
    """Explain a statement's status and its chain of reasons, as an indented text tree.

    Args:
        result: an assessment that computed ``semantics``.
        statement: the statement to explain.
        semantics: whose labels decide.
        compact: how to write an IRI (e.g. ``MapStore.compact``).
        depth: how many levels of attackers and of reasons to show.
    """
    if semantics not in result.statuses:
        raise ArgmapError(f"the assessment has no {semantics} statuses")
    labels = result.statuses[semantics]
    data = result.graph.nodes[statement]
    head = [_describe(result, statement, compact)]
    facts = [f"{labels[statement]} ({semantics})", f"strength {result.strength[statement]:.3f}"]
    if data.get("speakers"):
        facts.append("said by " + ", ".join(data["speakers"]))
    head.append("  " + " · ".join(facts))
    head += _quotes(result, statement, "  ")

    tree = decisive(result.framework, labels, statement, depth=depth)
    label = labels[statement]
    title = {
        "in": "every attack on it fails" if tree.reasons else "nothing attacks it",
        "out": "it is attacked by what is in",
        "undec": "it is attacked by what is itself undecided",
    }[label]
    lines = [*head, "", f"Why {label} ({semantics}): {title}"]

    def decision(d: Decision, indent: str) -> None:
        lines.append(f"{indent}- {d.label:<5} {_describe(result, d.argument, compact)}")
        lines.extend(_quotes(result, d.argument, indent + "        "))
        if d.repeated:
            lines.append(f"{indent}        (already above: a cycle)")
        elif d.unattacked and d.label == "in":
            lines.append(f"{indent}        nothing attacks it")
        for sub in d.reasons:
            decision(sub, indent + "    ")

    for sub in tree.reasons:
        decision(sub, "  ")

    lines += ["", "Reasons (chain of support):"]
    reasons = why(result.graph, statement)

    def chain(t: ReasonTree, indent: str, level: int) -> None:
        for reason in t.reasons:
            scheme = f" ({reason.scheme_label})" if reason.scheme_label else ""
            status = labels.get(reason.inference, "?")
            lines.append(f"{indent}- {compact(str(reason.inference))}{scheme} [{status}]")
            for premise in reason.premises:
                p = premise.statement
                note = " (see above)" if premise.repeated else ""
                lines.append(
                    f"{indent}    - {_describe(result, p, compact)} "
                    f"[{labels.get(p, '?')}, {result.strength.get(p, 0.0):.3f}]{note}"
                )
                lines.extend(_quotes(result, p, indent + "        "))
                if level + 1 < depth and not premise.repeated:
                    chain(premise, indent + "        ", level + 1)

    if reasons.reasons:
        chain(reasons, "  ", 0)
    else:
        lines.append("  (none: no inference concludes it)")
    return "\n".join(lines) + "\n"
