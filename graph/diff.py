"""How a map changed between two versions of it and of its text.

:func:`diff` re-anchors every quote of the old map in the new map's text
(:mod:`graph.reanchor`), aligns the old statements with the new ones as
:mod:`graph.compare` does (by the overlap of the re-anchored quotes, then by their
texts), and reports:

* statements removed (old, not aligned) and added (new, not aligned);
* statements moved (a quote found elsewhere in the new text) and reworded (a quote
  found only approximately, or the statement's own text changed);
* quotes that no longer occur (nothing in the new text resembles them enough);
* relations removed, added, reversed or relabelled, and statuses that changed.

The old and the new text are paired by their source document: the same document
IRI in both maps, or the one document of each.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.anchors import shorten
from graph.compare import Comparison, _normal, _relation_line, _Side, compare_data
from graph.errors import InputError
from graph.reanchor import Quote, Reanchored, reanchor
from graph.store import MapStore
from graph.view import collect

__all__ = ["MapDiff", "diff"]

_QUOTES = """
SELECT ?s ?source ?exact ?start ?end ?prefix ?suffix WHERE {
  ?s am:anchor ?a . ?a oa:hasSource ?source ; oa:hasSelector ?q .
  ?q oa:exact ?exact .
  OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
  ?a oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end .
}
ORDER BY ?s ?start
"""


@dataclass
class MapDiff:
    """What :func:`diff` found; :meth:`as_dict` is its JSON."""

    quotes: list[tuple[str, Reanchored]]  # statement label, where its quote went
    removed: list[str]
    added: list[str]
    moved: list[str]
    #: label, old, new, and what changed: "text" (the statement's) or "quote"
    reworded: list[tuple[str, str, str, str]]
    comparison: Comparison
    texts: tuple[str, str] = ("", "")
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        c = self.comparison
        return {
            "texts": {"old": self.texts[0], "new": self.texts[1]},
            "quotes": [
                {
                    "statement": label,
                    "exact": r.quote.exact,
                    "old": {"start": r.quote.start, "end": r.quote.end},
                    "how": r.how,
                    "new": None if r.start is None else {"start": r.start, "end": r.end},
                    "found": r.found,
                    "confidence": r.confidence,
                }
                for label, r in self.quotes
            ],
            "statements": {
                "removed": self.removed,
                "added": self.added,
                "moved": self.moved,
                "reworded": [
                    {"statement": label, "what": what, "old": old, "new": new}
                    for label, old, new, what in self.reworded
                ],
            },
            "relations": {
                "removed": c.relation_details["missing"],
                "added": c.relation_details["extra"],
                "reversed": c.relation_details["reversed"],
                "relabelled": c.relation_details["mislabelled"],
            },
            "statuses": [
                {"statement": d["statement"], "old": d["reference"], "new": d["other"]}
                for d in c.statuses.differences
            ],
        }

    def table(self) -> str:
        """The report as text: a count per change, then each change."""
        c = self.comparison
        counts = {h: sum(1 for _, r in self.quotes if r.how == h) for h in HOWS}
        lines = [
            "quotes: " + ", ".join(f"{n} {h}" for h, n in counts.items()),
            f"statements: {len(self.removed)} removed, {len(self.added)} added, "
            f"{len(self.moved)} moved, {len(self.reworded)} reworded",
            f"relations: {len(c.relation_details['missing'])} removed, "
            f"{len(c.relation_details['extra'])} added, "
            f"{len(c.relation_details['reversed'])} reversed, "
            f"{len(c.relation_details['mislabelled'])} relabelled",
            f"statuses ({c.semantics}): {len(c.statuses.differences)} changed",
        ]
        gone = [(label, r) for label, r in self.quotes if r.how == "gone"]
        if gone:
            lines.append("quotes no longer in the text:")
            lines += [
                f"  {label}: {shorten(r.quote.exact, 60)!r} (best match {r.confidence:.2f})"
                for label, r in gone
            ]
        for label, r in self.quotes:
            if r.how == "reworded":
                lines.append(
                    f"reworded quote: {label}: {shorten(r.quote.exact, 60)!r} -> "
                    f"{shorten(r.found or '', 60)!r} (confidence {r.confidence:.2f})"
                )
        lines += [f"removed statement: {s}" for s in self.removed]
        lines += [f"added statement: {s}" for s in self.added]
        lines += [f"moved statement: {s}" for s in self.moved]
        lines += [
            f"reworded statement: {label}: {shorten(old, 60)!r} -> {shorten(new, 60)!r}"
            for label, old, new, what in self.reworded
            if what == "text"  # a reworded quote is listed above, with its confidence
        ]
        for what, shown in (
            ("missing", "removed"),
            ("extra", "added"),
            ("reversed", "reversed"),
            ("mislabelled", "relabelled"),
        ):
            lines += [f"{shown} relation: {_relation_line(e)}" for e in c.relation_details[what]]
        lines += [
            f"status changed: {d['statement']}: {d['reference']} -> {d['other']}"
            for d in c.statuses.differences
        ]
        return "\n".join(lines)


HOWS = ("kept", "moved", "reworded", "gone")


def _texts(store: MapStore) -> dict[str, str]:
    from graph.anchors import source_texts

    texts, _ = source_texts(store)
    return {source: t.text for source, t in texts.items()}


def _paired(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str]]:
    same = sorted(set(old) & set(new))
    if same:
        return [(s, s) for s in same]
    if len(old) == 1 and len(new) == 1:
        return [(next(iter(old)), next(iter(new)))]
    raise InputError(
        "cannot tell which text of the new map is the old map's text: give the source "
        "document the same IRI in both maps"
    )


def diff(
    old: MapStore,
    new: MapStore,
    *,
    semantics: str = "grounded",
    old_statuses: Mapping[Hashable, str] | None = None,
    new_statuses: Mapping[Hashable, str] | None = None,
) -> MapDiff:
    """How ``new`` differs from ``old`` (see the module's description).

    Raises:
        InputError: the maps have no text in common to pair.
    """
    from graph.compare import _side

    if old_statuses is None or new_statuses is None:
        from graph.assessment import assess

        old_statuses = old_statuses or assess(old, semantics=[semantics]).statuses[semantics]
        new_statuses = new_statuses or assess(new, semantics=[semantics]).statuses[semantics]
    old_texts, new_texts = _texts(old), _texts(new)
    pairs = _paired(old_texts, new_texts) if old_texts or new_texts else []
    old_data = collect(old)
    by_source: dict[str, list[tuple[str, Quote]]] = {}
    for s, source, exact, start, end, prefix, suffix in old.rows(_QUOTES):
        if s in old_data.statements and source and exact is not None and start and end:
            quote = Quote(exact, int(start), int(end), prefix, suffix)
            by_source.setdefault(source, []).append((s, quote))
    quotes: list[tuple[str, Reanchored]] = []
    spans: dict[str, set[tuple[str, int]]] = {}
    where: dict[str, list[Reanchored]] = {}
    for old_source, new_source in pairs:
        text = new_texts[new_source]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        found = by_source.get(old_source, [])
        for (s, _), r in zip(
            found, reanchor(old_texts[old_source], text, [q for _, q in found]), strict=True
        ):
            quotes.append((old_data.statements[s].label or s, r))
            where.setdefault(s, []).append(r)
            if r.start is not None and r.end is not None:
                spans.setdefault(s, set()).update((digest, c) for c in range(r.start, r.end))
    old_side = _Side(
        old_data,
        {s: frozenset(c) for s, c in spans.items() if c},
        {k: str(v) for k, v in old_statuses.items()},
    )
    new_side = _side(new, new_statuses)
    comparison = compare_data(old_side, new_side, semantics, other_name="new")
    ra, na = old_data, new_side.data
    aligned = {a: b for a, b, _, _ in comparison.pairs}
    moved, reworded = [], []
    for a, b in sorted(aligned.items()):
        label = ra.statements[a].label or a
        hows = {r.how for r in where.get(a, [])}
        if "moved" in hows:
            moved.append(label)
        old_text, new_text = ra.statements[a].text or "", na.statements[b].text or ""
        if _normal(old_text) != _normal(new_text):
            reworded.append((label, old_text, new_text, "text"))
        elif "reworded" in hows:  # the statement reads the same; its quote does not
            r = next(r for r in where[a] if r.how == "reworded")
            reworded.append((label, r.quote.exact, r.found or "", "quote"))
    return MapDiff(
        quotes=quotes,
        removed=comparison.missed,
        added=comparison.extra,
        moved=moved,
        reworded=reworded,
        comparison=comparison,
        texts=(
            ", ".join(sorted(old_texts)),
            ", ".join(sorted(new_texts)),
        ),
    )
