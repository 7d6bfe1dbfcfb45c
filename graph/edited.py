"""A map whose text was edited: its failing quotes found again in the new text.

When the text a map quotes is edited, some quotes no longer occur (``quote-not-found``)
or no longer sit at their offsets (``quote-offsets``). Only the edited text is at hand,
so :func:`plan` looks for each where its ``oa:prefix`` and ``oa:suffix`` are now (see
:func:`graph.reanchor.reanchor` without the old text): the same words elsewhere
(``moved``), words that resemble them (``reworded``, with difflib's ratio as the
confidence), or nothing (``gone``). :func:`apply` then rewrites those quotes in the
store (their words and offsets; their old context is dropped, to be made again from
the new text). Nothing is re-anchored unless asked for (``argmap build --reanchor``),
and each quote that is gets reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.anchors import OxTerms, SourceText, shorten
from graph.errors import Problem
from graph.reanchor import Quote, Reanchored, reanchor
from graph.store import MapStore, line_column, ox_node, term_value

__all__ = ["REANCHORED_RULES", "Reanchoring", "apply", "offer", "plan"]

#: The anchor problems that an edit of the text makes, which re-anchoring can mend.
REANCHORED_RULES = frozenset({"quote-not-found", "quote-offsets"})
#: The most failing quotes :func:`offer` looks for when it only says what
#: ``--reanchor`` would do (each search may compare the quote with the whole text).
OFFERED = 200


@dataclass(frozen=True)
class Reanchoring:
    """One failing quote and where it is in the edited text."""

    problem: Problem
    text: SourceText
    found: Reanchored

    @property
    def mended(self) -> bool:
        return self.found.how != "gone"

    def __str__(self) -> str:
        r, p = self.found, self.problem
        old = _short(r.quote.exact)
        if r.start is None or r.found is None:
            return (
                f"{p.path}: {p.node}: its quote {old} is gone from {self.text.path.name} "
                f"(no passage resembles it: at best {r.confidence:.2f})"
            )
        line, column = line_column(self.text.text, r.start)
        where = f"{self.text.path.name} line {line}, column {column} (oa:start {r.start})"
        change = f"{old} is now {_short(r.found)}" if r.how == "reworded" else f"{old} {r.how}"
        how = f"re-anchored ({r.how}, confidence {r.confidence:.2f})"
        return f"{p.path}: {p.node}: {how}: {change}, at {where}"


def _short(text: str) -> str:
    return repr(shorten(text, 60))


def _selectors(store: MapStore, anchor: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The anchor's quote selectors and position selectors, as the quads naming them."""
    quotes, positions = [], []
    for q in store.oxigraph.quads_for_pattern(ox_node(anchor), OxTerms.has_selector, None, None):
        node = q.object
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            continue
        kinds = {t.object for t in store.oxigraph.quads_for_pattern(node, OxTerms.type, None, None)}
        if OxTerms.quote_selector in kinds:
            quotes.append(q)
        if OxTerms.position_selector in kinds:
            positions.append(q)
    return quotes, positions


def _value(store: MapStore, node: object, predicate: ox.NamedNode) -> str | None:
    for q in store.oxigraph.quads_for_pattern(node, predicate, None, None):  # type: ignore[arg-type]
        return term_value(q.object)
    return None


def plan(
    store: MapStore, texts: dict[str, SourceText], problems: list[Problem]
) -> list[Reanchoring]:
    """Where each quote that ``problems`` say is not in its text (or not at its
    offsets) is in that text now; problems of other kinds are passed over."""
    done = []
    for problem in problems:
        facts = problem.facts
        source, anchor, exact = facts.get("source"), facts.get("anchor"), facts.get("exact")
        if problem.rule not in REANCHORED_RULES or not isinstance(source, str):
            continue
        if source not in texts or not isinstance(anchor, str) or not isinstance(exact, str):
            continue
        quotes, _ = _selectors(store, anchor)
        selector = quotes[0].object if quotes else None
        prefix = _value(store, selector, OxTerms.prefix) if selector is not None else None
        suffix = _value(store, selector, OxTerms.suffix) if selector is not None else None
        start = facts.get("start")
        at = start if isinstance(start, int) else 0
        quote = Quote(exact, at, at + len(exact), prefix, suffix)
        (found,) = reanchor(None, texts[source].text, [quote])
        done.append(Reanchoring(problem, texts[source], found))
    return done


def offer(store: MapStore, texts: dict[str, SourceText], problems: list[Problem]) -> str | None:
    """What ``argmap build --reanchor`` would do for these problems, in a sentence;
    None when none of them is a quote an edit of the text could have moved."""
    failing = [p for p in problems if p.rule in REANCHORED_RULES]
    if not failing:
        return None
    if len(failing) > OFFERED:
        return (
            f"{len(failing)} quotes are not in their text as the map says: if the text "
            "was edited, argmap build --reanchor looks for each and reports what it finds"
        )
    found = plan(store, texts, failing)
    mended = [r for r in found if r.mended]
    if not mended:
        return None
    kinds = {how: sum(r.found.how == how for r in found) for how in ("moved", "reworded", "gone")}
    said = ", ".join(f"{n} {how}" for how, n in kinds.items() if n)
    return (
        f"if the text was edited, argmap build --reanchor finds {len(mended)} of these "
        f"{len(failing)} quotes in it ({said}) and reports each"
    )


def apply(store: MapStore, reanchorings: list[Reanchoring]) -> int:
    """Rewrite each mended quote in the store, in the graph that states it: its words
    (``oa:exact``) and offsets as found in the new text, its old ``oa:prefix`` and
    ``oa:suffix`` dropped (checking the anchors makes them again from the new text).
    Returns how many quotes were rewritten."""
    inner = store.oxigraph
    rewritten = 0
    for r in reanchorings:
        found, anchor = r.found, r.problem.facts.get("anchor")
        if found.start is None or found.end is None or found.found is None:
            continue
        assert isinstance(anchor, str)
        quotes, positions = _selectors(store, anchor)
        if not quotes:
            continue
        graph = quotes[0].graph_name
        selector = quotes[0].object
        for predicate in (OxTerms.exact, OxTerms.prefix, OxTerms.suffix):
            for q in list(inner.quads_for_pattern(selector, predicate, None, graph)):  # type: ignore[arg-type]
                inner.remove(q)
        inner.add(ox.Quad(selector, OxTerms.exact, ox.Literal(found.found), graph))  # type: ignore[arg-type]
        if positions:
            position = positions[0].object
            for predicate in (OxTerms.start, OxTerms.end):
                for q in list(inner.quads_for_pattern(position, predicate, None, None)):  # type: ignore[arg-type]
                    inner.remove(q)
        else:
            position = ox.BlankNode()
            inner.add(ox.Quad(ox_node(anchor), OxTerms.has_selector, position, graph))
            inner.add(ox.Quad(position, OxTerms.type, OxTerms.position_selector, graph))
        for predicate, value in ((OxTerms.start, found.start), (OxTerms.end, found.end)):
            literal = ox.Literal(str(value), datatype=OxTerms.offset)
            inner.add(ox.Quad(position, predicate, literal, graph))  # type: ignore[arg-type]
        rewritten += 1
    return rewritten
