"""Compare two maps of the same text: align their statements, then score and explain.

:func:`compare` takes a *reference* map (a teacher's, a gold annotation) and an
*other* one (a student's, a second annotator's) and says what the other found,
missed and added, element by element.

The alignment (one to one, deterministic, symmetric):

1. **Spans.** Two statements anchored in the same text (the same characters, whatever
   the file is called) are scored by the overlap of their quotes: the characters both
   cover over the characters either covers (Jaccard). Pairs scoring at least
   :data:`SPAN_THRESHOLD` are taken, best first.
2. **Texts.** Statements left (unstated premises, statements without an anchor, or
   anchored elsewhere) are scored by the similarity of their texts (lower case, spaces
   collapsed; difflib's ratio taken both ways and averaged, so that it is symmetric).
   Pairs scoring at least :data:`TEXT_THRESHOLD` are taken, best first.

Ties are broken by the statements' IRIs, so the same two maps always align the same
way, and swapping them aligns the same pairs.

The scores, each as precision (the share of the other's elements that the reference
has), recall (the share of the reference's that the other has) and F1:

* statements: the aligned ones are found, the reference's others missed, the
  other's others extra;
* relations, each read over aligned statements: a *support* is a premise with its
  conclusion (one per premise); a *linked* support is the set of premises of an
  inference with more than one, with its conclusion; an *attack* is an attacker with
  the statement it attacks; an *undercut* an attacker with the inference it attacks
  (its premises and conclusion). A relation of the reference that the other has the
  other way round is *reversed*; one it has between the same statements as another
  kind (a support for an attack) is *mislabelled*; the rest are *missing* (and the
  other's leftovers *extra*);
* the main conclusion(s);
* for the aligned statements, agreement (the share that agree) on the kind (Claim,
  Evidence, ...), on the speakers, and for the supports found on the scheme;
* consequences: the aligned statements whose status (``in``, ``out``, ``undec``)
  differs under the chosen semantics.

Swapping the two maps swaps precision and recall, and missed and extra; F1, the
agreements and the differing statuses stay as they are.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.store import MapStore
from graph.view import MapData, collect

__all__ = [
    "SPAN_THRESHOLD",
    "TEXT_THRESHOLD",
    "Comparison",
    "Score",
    "align",
    "compare",
    "compare_data",
]

#: The least span overlap (Jaccard of the characters quoted) that aligns two statements.
SPAN_THRESHOLD = 0.5
#: The least text similarity that aligns two statements the spans did not.
TEXT_THRESHOLD = 0.6

RELATIONS = ("support", "linked", "attack", "undercut")


@dataclass(frozen=True)
class Score:
    """How many of the reference's elements the other has, and of its own."""

    found: int
    reference: int
    other: int

    @property
    def precision(self) -> float:
        return self.found / self.other if self.other else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.reference if self.reference else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "reference": self.reference,
            "other": self.other,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Agreement:
    """For elements both maps have: how many agree, and which do not."""

    agree: int
    compared: int
    differences: tuple[dict[str, Any], ...] = ()

    @property
    def share(self) -> float:
        return self.agree / self.compared if self.compared else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "agree": self.agree,
            "compared": self.compared,
            "share": round(self.share, 4),
            "differences": list(self.differences),
        }


#: A relation over aligned statements: (kind, source, target); a source or target is
#: a statement's key, or (for linked premises and undercut inferences) a frozenset of
#: keys and a (premises, conclusion) pair.
Relation = tuple[str, Hashable, Hashable]


@dataclass
class Comparison:
    """What :func:`compare` found; :meth:`as_dict` is its JSON."""

    semantics: str
    pairs: list[tuple[str, str, str, float]]  # reference IRI, other IRI, how, score
    statements: Score
    missed: list[str]
    extra: list[str]
    relations: dict[str, Score]
    relation_details: dict[str, list[dict[str, Any]]]
    main: Score
    kinds: Agreement
    speakers: Agreement
    schemes: Agreement
    statuses: Agreement
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: the two maps as read (for the HTML page); not in the JSON
    maps: tuple[MapData, MapData] | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "semantics": self.semantics,
            "alignment": {
                "rule": (
                    f"spans (Jaccard of the characters quoted) >= {SPAN_THRESHOLD}, then "
                    f"texts (difflib ratio, both ways averaged) >= {TEXT_THRESHOLD}; "
                    "best first, ties by IRI"
                ),
                "pairs": [
                    {"reference": a, "other": b, "by": how, "score": round(score, 4)}
                    for a, b, how, score in self.pairs
                ],
            },
            "statements": {
                **self.statements.as_dict(),
                "missed": self.missed,
                "extra": self.extra,
            },
            "relations": {kind: {**score.as_dict()} for kind, score in self.relations.items()},
            "relation_details": self.relation_details,
            "main_conclusion": self.main.as_dict(),
            "kinds": self.kinds.as_dict(),
            "speakers": self.speakers.as_dict(),
            "schemes": self.schemes.as_dict(),
            "statuses": self.statuses.as_dict(),
            "labels": self.labels,
        }


@dataclass(frozen=True)
class _Side:
    """One map as the comparison reads it."""

    data: MapData
    spans: dict[str, frozenset[tuple[str, int]]]  # statement -> (text hash, char) covered
    statuses: Mapping[Hashable, str]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _similarity(a: str, b: str) -> float:
    a, b = _normal(a), _normal(b)
    if not a or not b:
        return 0.0
    one = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    two = difflib.SequenceMatcher(None, b, a, autojunk=False).ratio()
    return (one + two) / 2


def _greedy(
    scored: Iterable[tuple[float, str, str]], taken_a: set[str], taken_b: set[str]
) -> list[tuple[str, str, float]]:
    """Pairs best first, each statement in at most one; ties by the IRIs."""
    chosen = []
    for score, a, b in sorted(scored, key=lambda t: (-t[0], min(t[1], t[2]), max(t[1], t[2]))):
        if a in taken_a or b in taken_b:
            continue
        taken_a.add(a)
        taken_b.add(b)
        chosen.append((a, b, score))
    return chosen


def align(reference: _Side, other: _Side) -> list[tuple[str, str, str, float]]:
    """The aligned statements: (reference IRI, other IRI, "span" or "text", score)."""
    taken_a: set[str] = set()
    taken_b: set[str] = set()
    by_char: dict[tuple[str, int], set[str]] = {}
    for b, chars in other.spans.items():
        for c in chars:
            by_char.setdefault(c, set()).add(b)
    span_scores = []
    for a, chars in reference.spans.items():
        touching: set[str] = set()
        for c in chars:
            touching |= by_char.get(c, set())
        for b in touching:
            theirs = other.spans[b]
            score = len(chars & theirs) / len(chars | theirs)
            if score >= SPAN_THRESHOLD:
                span_scores.append((score, a, b))
    pairs = [(a, b, "span", s) for a, b, s in _greedy(span_scores, taken_a, taken_b)]
    texts = []
    ref_left = [a for a in reference.data.statements if a not in taken_a]
    other_left = [b for b in other.data.statements if b not in taken_b]
    for a in ref_left:
        ta = reference.data.statements[a].text or ""
        for b in other_left:
            score = _similarity(ta, other.data.statements[b].text or "")
            if score >= TEXT_THRESHOLD:
                texts.append((score, a, b))
    pairs += [(a, b, "text", s) for a, b, s in _greedy(texts, taken_a, taken_b)]
    return sorted(pairs)


def _relations(data: MapData, key: Mapping[str, str]) -> set[Relation]:
    """The map's relations over statement keys (``key``: IRI -> shared key)."""

    def k(iri: str) -> str:
        return key.get(iri, iri)

    found: set[Relation] = set()
    inference_key: dict[str, Hashable] = {}
    for iri, inf in data.inferences.items():
        premises = frozenset(k(p) for p in inf.premises)
        inference_key[iri] = (premises, k(inf.conclusion))
        for p in premises:
            found.add(("support", p, k(inf.conclusion)))
        if len(premises) > 1:
            found.add(("linked", premises, k(inf.conclusion)))
    for attackers, target in data.conflicts.values():
        for a in attackers:
            if target in inference_key:
                found.add(("undercut", k(a), inference_key[target]))
            elif target in data.statements:
                found.add(("attack", k(a), k(target)))
    return found


def _shown(relation: Relation, labels: Mapping[str, str]) -> dict[str, Any]:
    kind, source, target = relation

    def name(part: Hashable) -> Any:
        if isinstance(part, frozenset):
            return sorted(labels.get(str(p), str(p)) for p in part)
        if isinstance(part, tuple):
            premises, conclusion = part
            return {"premises": name(premises), "conclusion": name(conclusion)}
        return labels.get(str(part), str(part))

    def keys(part: Hashable) -> set[str]:
        if isinstance(part, frozenset):
            return {str(p) for p in part}
        if isinstance(part, tuple):
            return keys(part[0]) | keys(part[1])
        return {str(part)}

    return {
        "kind": kind,
        "from": name(source),
        "to": name(target),
        "statements": sorted(keys(source) | keys(target)),
    }


def _side(store: MapStore, statuses: Mapping[Hashable, str] | None) -> _Side:
    from graph.anchors import source_texts

    data = collect(store)
    texts, _ = source_texts(store)
    digest = {
        source: hashlib.sha256(text.text.encode("utf-8")).hexdigest()[:16]
        for source, text in texts.items()
    }
    spans: dict[str, set[tuple[str, int]]] = {}
    for s, source, start, end in store.rows(_SPANS):
        if s in data.statements and source in digest and start is not None and end is not None:
            spans.setdefault(s, set()).update(
                (digest[source], c) for c in range(int(start), int(end))
            )
    return _Side(
        data,
        {s: frozenset(c) for s, c in spans.items() if c},
        {k: str(v) for k, v in (statuses or {}).items()},
    )


_SPANS = """
SELECT ?s ?source ?start ?end WHERE {
  ?s am:anchor ?a . ?a oa:hasSource ?source ; oa:hasSelector ?p .
  ?p oa:start ?start ; oa:end ?end .
}
"""


def compare(
    reference: MapStore,
    other: MapStore,
    *,
    semantics: str = "grounded",
    reference_statuses: Mapping[Hashable, str] | None = None,
    other_statuses: Mapping[Hashable, str] | None = None,
) -> Comparison:
    """Align two maps of the same text and score the other against the reference.

    ``*_statuses``: each statement's status under ``semantics`` (as
    :func:`graph.assessment.assess` gives them); none given: computed here.
    """
    if reference_statuses is None or other_statuses is None:
        from graph.assessment import assess

        if reference_statuses is None:
            reference_statuses = assess(reference, semantics=[semantics]).statuses[semantics]
        if other_statuses is None:
            other_statuses = assess(other, semantics=[semantics]).statuses[semantics]
    return compare_data(
        _side(reference, reference_statuses), _side(other, other_statuses), semantics
    )


def compare_data(
    reference: _Side, other: _Side, semantics: str = "grounded", *, other_name: str = "other"
) -> Comparison:
    """:func:`compare` over maps already read; ``other_name`` tags the other's
    statements that the reference lacks where relations name them."""
    ra, oa = reference.data, other.data
    pairs = align(reference, other)
    to_ref = {b: a for a, b, _, _ in pairs}
    aligned = {a: b for a, b, _, _ in pairs}
    labels = {
        "reference": {s: r.label or s for s, r in ra.statements.items()},
        "other": {s: r.label or s for s, r in oa.statements.items()},
    }
    shown = {f"other:{s}": f"({other_name}) {n}" for s, n in labels["other"].items()}
    shown.update(labels["reference"])

    # The other's statements that are not aligned keep a key of their own.
    other_key = {s: to_ref.get(s, f"other:{s}") for s in oa.statements}
    ref_rel = _relations(ra, {})
    other_rel = _relations(oa, other_key)
    relations: dict[str, Score] = {}
    details: dict[str, list[dict[str, Any]]] = {
        "missing": [],
        "extra": [],
        "reversed": [],
        "mislabelled": [],
    }
    for kind in RELATIONS:
        mine = {r for r in ref_rel if r[0] == kind}
        theirs = {r for r in other_rel if r[0] == kind}
        relations[kind] = Score(len(mine & theirs), len(mine), len(theirs))
    unmatched = other_rel - ref_rel
    plain = {(r[1], r[2]): r for r in sorted(unmatched, key=repr) if r[0] in ("support", "attack")}
    explained: set[Relation] = set()
    for r in sorted(ref_rel - other_rel, key=repr):
        kind, source, target = r
        counterpart = None
        if kind in ("support", "attack"):
            counterpart = plain.get((source, target)) or plain.get((target, source))
        if counterpart is None or counterpart in explained:
            details["missing"].append(_shown(r, shown))
            continue
        explained.add(counterpart)
        what = "mislabelled" if counterpart[0] != kind else "reversed"
        details[what].append({**_shown(r, shown), "other": _shown(counterpart, shown)})
    for r in sorted(unmatched - explained, key=repr):
        details["extra"].append(_shown(r, shown))

    main_ref = set(ra.main)
    main_other = {other_key[m] for m in oa.main if m in other_key}
    main = Score(len(main_ref & main_other), len(main_ref), len(main_other))

    def agreement(values: Iterable[tuple[str, str, Any, Any]]) -> Agreement:
        agree, compared, differences = 0, 0, []
        for iri, what, mine, theirs in values:
            compared += 1
            same = (
                [_normal(x) for x in mine] == [_normal(x) for x in theirs]
                if isinstance(mine, list) and isinstance(theirs, list)
                else mine == theirs
            )
            if same:
                agree += 1
            else:
                differences.append(
                    {"statement": what, "reference": mine, "other": theirs, "iri": iri}
                )
        return Agreement(agree, compared, tuple(differences))

    def people(names: set[str]) -> list[str]:
        return sorted({_normal(n): n for n in sorted(names)}.values(), key=_normal)

    kinds = agreement(
        (a, labels["reference"][a], ra.statements[a].kind, oa.statements[b].kind)
        for a, b in sorted(aligned.items())
    )
    speakers = agreement(
        (
            a,
            labels["reference"][a],
            people(ra.statements[a].speakers),
            people(oa.statements[b].speakers),
        )
        for a, b in sorted(aligned.items())
        if ra.statements[a].speakers or oa.statements[b].speakers
    )
    ref_inferences = {
        (frozenset(inf.premises), inf.conclusion): inf for inf in ra.inferences.values()
    }
    scheme_pairs = []
    for inf in sorted(oa.inferences.values(), key=lambda i: (i.conclusion, sorted(i.premises))):
        found = ref_inferences.get(
            (frozenset(other_key[p] for p in inf.premises), other_key[inf.conclusion])
        )
        if found is not None:
            scheme_pairs.append(
                (
                    found.conclusion,
                    labels["reference"].get(found.conclusion, found.conclusion),
                    found.scheme_label or found.scheme,
                    inf.scheme_label or inf.scheme,
                )
            )
    schemes = agreement(scheme_pairs)
    statuses = agreement(
        (
            a,
            labels["reference"][a],
            reference.statuses.get(a),
            other.statuses.get(b),
        )
        for a, b in sorted(aligned.items())
    )
    return Comparison(
        semantics=semantics,
        pairs=pairs,
        statements=Score(len(pairs), len(ra.statements), len(oa.statements)),
        missed=sorted(labels["reference"][a] for a in ra.statements if a not in aligned),
        extra=sorted(labels["other"][b] for b in oa.statements if b not in to_ref),
        relations=relations,
        relation_details=details,
        main=main,
        kinds=kinds,
        speakers=speakers,
        schemes=schemes,
        statuses=statuses,
        labels=labels,
        maps=(ra, oa),
    )


def table(result: Comparison) -> str:
    """The comparison as a text table, with the differences listed under it."""
    rows = [("element", "found", "reference", "other", "precision", "recall", "F1")]

    def add(name: str, score: Score) -> None:
        rows.append(
            (
                name,
                str(score.found),
                str(score.reference),
                str(score.other),
                f"{score.precision:.2f}",
                f"{score.recall:.2f}",
                f"{score.f1:.2f}",
            )
        )

    add("statements", result.statements)
    for kind, score in result.relations.items():
        add(f"{kind} relations", score)
    add("main conclusion", result.main)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    for name, agreement in (
        ("kinds", result.kinds),
        ("speakers", result.speakers),
        ("schemes", result.schemes),
        (f"{result.semantics} statuses", result.statuses),
    ):
        lines.append(
            f"{name} agree: {agreement.agree} of {agreement.compared} ({agreement.share:.2f})"
        )
    if result.missed:
        lines.append("missed statements:")
        lines += [f"  - {s}" for s in result.missed]
    if result.extra:
        lines.append("extra statements:")
        lines += [f"  + {s}" for s in result.extra]
    for what, entries in result.relation_details.items():
        if entries:
            lines.append(f"{what} relations:")
            lines += [f"  {_relation_line(e)}" for e in entries]
    lines += [text for _, text in differences(result)]
    return "\n".join(lines)


def differences(result: Comparison) -> list[tuple[str, str]]:
    """Each disagreement over aligned statements: (the statement's IRI, a sentence)."""
    found = []
    for name, agreement in (
        ("kind", result.kinds),
        ("speakers", result.speakers),
        ("scheme", result.schemes),
        ("status", result.statuses),
    ):
        for d in agreement.differences:
            found.append(
                (
                    str(d.get("iri", "")),
                    f"{name} differs: {d['statement']}: {_value(d['reference'])} (reference), "
                    f"{_value(d['other'])} (other)",
                )
            )
    return found


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    return "none" if value is None else str(value)


def _relation_line(entry: Mapping[str, Any]) -> str:
    def part(value: Any) -> str:
        if isinstance(value, list):
            return " + ".join(value)
        if isinstance(value, dict):
            return f"[{part(value['premises'])} -> {part(value['conclusion'])}]"
        return str(value)

    line = f"{entry['kind']}: {part(entry['from'])} -> {part(entry['to'])}"
    other = entry.get("other")
    if isinstance(other, dict):
        line += f" (other: {_relation_line(other)})"
    elif other:
        line += f" (other: {other})"
    return line
