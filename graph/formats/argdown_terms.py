"""Problems of an Argdown map said in Argdown's terms, at the Argdown's line and column.

The checks (:mod:`graph.validate`, :mod:`graph.anchors`, the SHACL shapes) speak RDF:
``dcterms:title``, ``am:anchor``, ``oa:exact``. Someone who wrote the map in Argdown
never wrote those; they wrote ``title:`` in the front matter and ``{quote: "..."}``
after a statement. This module knows which front-matter key or data key expresses
which RDF property (:data:`FRONT_MATTER`, :data:`DATA`), and rewrites each problem
of a map read from Argdown accordingly: where in the Argdown it is (the statement,
the data key, the front-matter line), the node as the author named it (``[Title]``,
``<Argument>``), what is wrong and what to write instead.

>>> [key.name for key in FRONT_MATTER][:3]
['title', 'sourceTitle', 'source']
>>> by_property("https://w3id.org/argmap#baseScore")
'baseScore'
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import URIRef

from graph.derive import known_schemes
from graph.errors import Problem
from graph.store import MapStore
from graph.vocab import AM, DCTERMS, OA, PROV, RDF, RDFS

__all__ = [
    "DATA",
    "FORMAT_NAME",
    "FRONT_MATTER",
    "RELATIONS",
    "Key",
    "authoring_checks",
    "by_property",
    "in_argdown_terms",
]

#: The registry name of the Argdown format.
FORMAT_NAME = "argdown"


@dataclass(frozen=True)
class Key:
    """A key an Argdown author writes, and what it becomes in RDF."""

    name: str
    #: the RDF property (or type) it becomes, as a full IRI; "" when it is no triple
    property: str
    #: what it becomes, in words, for the README's reference
    becomes: str
    #: an example, as the author writes it
    example: str


#: What the front matter (between the ``===`` lines) accepts.
FRONT_MATTER: tuple[Key, ...] = (
    Key(
        "title",
        str(RDFS.label),
        "`rdfs:label` of the map; also the text's `dcterms:title` unless `sourceTitle` is given",
        'title: "Cities without cars"',
    ),
    Key(
        "sourceTitle",
        str(DCTERMS.title),
        "`dcterms:title` of the source text",
        "sourceTitle: Car-free cities",
    ),
    Key(
        "source",
        str(AM.textFile),
        "`am:textFile` of the source document (relative to the map file): the text "
        "quotes are checked against",
        "source: essay.txt",
    ),
    Key(
        "author",
        str(DCTERMS.creator),
        "`dcterms:creator` of the source document: an actor of that name (a list for several)",
        "author: Ana Ruiz",
    ),
    Key(
        "date",
        str(DCTERMS.date),
        "`dcterms:date` of the source document, as `xsd:date` (2022-04-25), `xsd:gYear` "
        "(2022) or `xsd:dateTime`",
        "date: 2022-04-25",
    ),
    Key(
        "base",
        "",
        "the namespace the IRIs of statements, inferences and conflicts are minted in "
        "(default: `https://w3id.org/argmap/map/<file name>#`)",
        "base: https://example.org/cars#",
    ),
    Key(
        "mapId",
        "",
        "the local name of the map's IRI (default `map`)",
        "mapId: cars-map",
    ),
    Key(
        "sourceId",
        "",
        "the local name of the source document's IRI (default `source-document`)",
        "sourceId: article",
    ),
    Key(
        "actors",
        str(AM.Actor),
        "one indented line per actor under `actors:`: an `am:Actor`, `rdfs:label` the name",
        "Ana Ruiz: {role: columnist}",
    ),
    Key("role", str(AM.role), "`am:role` of the actor (under `actors:`)", "{role: columnist}"),
    Key(
        "id",
        "",
        "the local name of the actor's IRI (under `actors:`; default `actor-` and its name)",
        "{id: ana}",
    ),
    Key(
        "comment",
        str(RDFS.comment),
        "`rdfs:comment` of the actor (under `actors:`)",
        '{comment: "writes for the city paper"}',
    ),
)

#: What the data ``{...}`` after a statement or argument accepts.
DATA: tuple[Key, ...] = (
    Key(
        "kind",
        str(RDF.type),
        "its type: `am:Claim` (the default), `am:Evidence`, `am:Proposal`, "
        "`am:Prediction`, `am:Recommendation` or `am:Statement`",
        "{kind: evidence}",
    ),
    Key(
        "speaker",
        str(PROV.wasAttributedTo),
        "`prov:wasAttributedTo` the actor of that name (a list for several)",
        "{speaker: Ana Ruiz}",
    ),
    Key("mentions", str(AM.mentions), "`am:mentions` the actors named", "{mentions: [Ghent]}"),
    Key("main", str(AM.mainConclusion), "the map's `am:mainConclusion`", "{main: true}"),
    Key(
        "implicit",
        str(AM.implicit),
        "`am:implicit true`: an unstated premise, with no quote",
        "{implicit: true}",
    ),
    Key(
        "quote",
        str(AM.anchor),
        "an `am:anchor` on the source text: an `oa:TextQuoteSelector` with `oa:exact` "
        "(a list for several quotes)",
        '{quote: "Air pollution harms children"}',
    ),
    Key(
        "exact",
        str(OA.exact),
        "`oa:exact` of the quote's `oa:TextQuoteSelector` (in the mapping form of a quote)",
        '{quote: {exact: "Cars are noisy", start: 211}}',
    ),
    Key(
        "start",
        str(OA.start),
        "`oa:start` of an `oa:TextPositionSelector`: where the quote starts in the "
        "text, in characters from 0",
        '{quote: {exact: "Cars are noisy", start: 211}}',
    ),
    Key(
        "end",
        str(OA.end),
        "`oa:end` of the same selector: just after the quote's last character",
        '{quote: {exact: "Cars are noisy", start: 211, end: 225}}',
    ),
    Key(
        "prefix",
        str(OA.prefix),
        "`oa:prefix`: the text just before the quote, to tell repeated words apart",
        '{quote: {exact: "Cars are noisy", prefix: "traffic. "}}',
    ),
    Key(
        "suffix",
        str(OA.suffix),
        "`oa:suffix`: the text just after the quote",
        '{quote: {exact: "Cars are noisy", suffix: " at night"}}',
    ),
    Key(
        "scheme",
        str(AM.scheme),
        "`am:scheme` of the argument's inference: one of argmap's argumentation schemes",
        "{scheme: ArgumentFromExpertOpinion}",
    ),
    Key(
        "answers",
        str(AM._NS) + "CriticalQuestionAnswer",
        "one `am:CriticalQuestionAnswer` per critical question of the scheme that a "
        "statement answers",
        '{answers: {"How credible is E as an expert source?": "Title of a statement"}}',
    ),
    Key(
        "baseScore",
        str(AM.baseScore),
        "`am:baseScore`: the statement's prior strength, a number from 0 to 1 (default 0.5)",
        "{baseScore: 0.8}",
    ),
    Key(
        "comment",
        str(RDFS.comment),
        "`rdfs:comment` of the statement or argument",
        '{comment: "a note"}',
    ),
    Key(
        "id",
        "",
        "the local name of its IRI (base + id) instead of one minted from its title",
        "{id: ban-cars}",
    ),
)

#: The relation lines of Argdown and what each becomes.
RELATIONS: tuple[tuple[str, str], ...] = (
    ("+ or <+", "the indented statement supports the one above: an `am:Inference`"),
    ("- or <-", "the indented statement attacks the one above: an `am:Conflict` (a rebuttal)"),
    (
        "_ or <_",
        "the indented statement undercuts the argument above: an `am:Conflict` whose "
        "`am:target` is the argument's inference",
    ),
    ("+>", "the statement above supports the indented one"),
    ("->", "the statement above attacks the indented one"),
    ("_>", "the statement above undercuts the indented argument"),
    ("><", "the two contradict each other: two conflicts, each attacking the other"),
)


def by_property(iri: str) -> str | None:
    """The data or front-matter key that expresses an RDF property, if one does."""
    for key in DATA + FRONT_MATTER:
        if key.property == iri:
            return key.name
    return None


# --------------------------------------------------------------------- the document


_DATA_START = re.compile(r"\{")


class _Document:
    """The Argdown text of a map, and where its parts are written."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = max(i for i, s in enumerate(self.starts) if s <= offset)
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column - 1

    @cached_property
    def front(self) -> tuple[int, int] | None:
        """Offsets of the front matter: its first ``===`` and the end of its last."""
        match = re.search(r"^[ \t]*===+[ \t]*\n(?:.*\n)*?[ \t]*===+[ \t]*$", self.text, re.M)
        return (match.start(), match.end()) if match else None

    def front_start(self) -> int:
        return self.front[0] if self.front else 0

    def front_key(self, key: str) -> int | None:
        """Where a top-level front-matter key is written (its name)."""
        if self.front is None:
            return None
        block = self.text[self.front[0] : self.front[1]]
        match = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*:", block, re.M)
        if match is None:
            return None
        return self.front[0] + match.start() + len(match.group(0)) - len(match.group(0).lstrip())

    def front_value(self, key: str) -> int | None:
        """Where the value of a front-matter key starts."""
        at = self.front_key(key)
        if at is None:
            return None
        colon = self.text.index(":", at)
        rest = self.text[colon + 1 :]
        return colon + 1 + (len(rest) - len(rest.lstrip(" \t")))

    @cached_property
    def declared_actors(self) -> set[str] | None:
        """The names under ``actors:`` (block form), or None without such a block."""
        if self.front is None:
            return None
        block = self.text[self.front[0] : self.front[1]]
        match = re.search(r"^actors[ \t]*:[ \t]*(.*)\n((?:[ \t]+.*\n?)*)", block, re.M)
        if match is None:
            return None
        if match.group(1).strip():  # a flow mapping on the same line: not checked
            return None
        names: set[str] = set()
        indent: int | None = None
        for line in match.group(2).splitlines():
            stripped = line.lstrip(" \t")
            width = len(line) - len(stripped)
            if not stripped or stripped.startswith("#"):
                continue
            indent = width if indent is None else indent
            if width != indent:
                continue
            key = re.match(r"\"((?:[^\"\\]|\\.)*)\"\s*:|'([^']*)'\s*:|([^:#][^:]*?)\s*:", stripped)
            if key:
                names.add(next(g for g in key.groups() if g is not None))
        return names

    def element(self, label: str) -> tuple[int, str] | None:
        """Where a statement ``[label]`` or argument ``<label>`` is first defined
        (else first written), and the brackets it is written with."""
        for opening, closing in (("[", "]"), ("<", ">")):
            written = f"{opening}{label}{closing}"
            definition = re.search(rf"{re.escape(written)}[ \t]*:", self.text)
            if definition:
                return definition.start(), opening
        for opening, closing in (("[", "]"), ("<", ">")):
            found = self.text.find(f"{opening}{label}{closing}")
            if found >= 0:
                return found, opening
        return None

    def data_span(self, offset: int) -> tuple[int, int] | None:
        """The ``{...}`` data written after the element at ``offset``, on its line."""
        line_end = self.text.find("\n", offset)
        line_end = len(self.text) if line_end < 0 else line_end
        opening = self.text.find("{", offset, line_end)
        if opening < 0:
            return None
        depth, quote, i = 0, "", opening
        while i < len(self.text):
            char = self.text[i]
            if quote:
                if char == "\\":
                    i += 1
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
                if depth == 0:
                    return opening, i + 1
            i += 1
        return opening, len(self.text)

    def data_key(self, offsets: list[int], key: str, after: str | None = None) -> int | None:
        """Where ``key:`` is written in the data of any of ``offsets`` (and, with
        ``after``, where those words are written after it)."""
        for offset in offsets:
            span = self.data_span(offset)
            if span is None:
                continue
            data = self.text[span[0] : span[1]]
            match = re.search(rf"(?<![\w\"']){re.escape(key)}[\"']?\s*:", data)
            if match is None:
                match = re.search(rf"[\"']{re.escape(key)}[\"']\s*:", data)
            if match is None:
                continue
            at = span[0] + match.start()
            if after:
                words = self.text.find(after[:40], at, span[1])
                if words >= 0:
                    return words
            return at
        return None

    def mentions(self, label: str) -> list[int]:
        """Every place ``[label]`` or ``<label>`` is written, definitions first."""
        found: list[int] = []
        for written in (f"[{label}]", f"<{label}>"):
            start = self.text.find(written)
            while start >= 0:
                found.append(start)
                start = self.text.find(written, start + 1)
        definitions = [
            o for o in found if re.match(r"[\]>][ \t]*:", self.text[o + len(label) + 1 :])
        ]
        return sorted(definitions) + sorted(o for o in found if o not in definitions)


# --------------------------------------------------------------------- the rewriting


@dataclass
class _Speaker:
    """Says one map's problems in Argdown's terms."""

    store: MapStore
    doc: _Document

    def label(self, iri: str) -> str | None:
        rows = self.store.rows("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", {"s": URIRef(iri)})
        labels = sorted(label for _, label in rows if label)
        return labels[0] if labels else None

    def labels(self, iri: str) -> list[str]:
        rows = self.store.rows("SELECT ?s ?l WHERE { ?s rdfs:label ?l }", {"s": URIRef(iri)})
        return sorted(label for _, label in rows if label)

    def one(self, subject: str, predicate: str) -> str | None:
        rows = self.store.rows(
            f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }} ORDER BY ?o", {"s": URIRef(subject)}
        )
        values = [o for _, o in rows if o is not None]
        return values[0] if values else None

    def types(self, iri: str) -> set[str]:
        return {
            t for _, t in self.store.rows("SELECT ?s ?t WHERE { ?s a ?t }", {"s": URIRef(iri)}) if t
        }

    def is_front(self, iri: str) -> bool:
        return bool(self.types(iri) & {str(AM.SourceDocument), str(AM.ArgumentMap)})

    def name(self, iri: str) -> str:
        """A node as the author wrote it: ``[Title]``, ``<Argument>``, a relation."""
        if not iri or self.is_front(iri):
            return ""
        label = self.label(iri)
        if label is not None:
            base = re.sub(r" \(step \d+\)$", "", label)
            found = self.doc.element(base)
            if found is not None:
                opening = found[1]
                closing = "]" if opening == "[" else ">"
                return f"{opening}{base}{closing}" + label[len(base) :]
        premise = self.one(iri, str(AM.premise))
        conclusion = self.one(iri, str(AM.conclusion))
        if premise and conclusion:
            return f"the support {self.name(premise)} +> {self.name(conclusion)}"
        attacker = self.one(iri, str(AM.attacker))
        target = self.one(iri, str(AM.target))
        if attacker and target:
            verb = "_>" if str(AM.Inference) in self.types(target) else "->"
            return f"the attack {self.name(attacker)} {verb} {self.name(target)}"
        return label or self.store.compact(iri)

    def places(self, iri: str) -> list[int]:
        """Where a node is written: its origin (from the reader), then its title."""
        found: list[int] = []
        if iri in self.store.origins:
            found.append(self.doc.offset(*self.store.origins[iri]))
        label = self.label(iri)
        if label is not None:
            found += self.doc.mentions(re.sub(r" \(step \d+\)$", "", label))
        for predicate in (str(AM.premise), str(AM.attacker)):
            other = self.one(iri, predicate)
            if other and not found:
                found += self.places(other)
        return found

    def where(self, offset: int | None) -> str:
        if offset is None:
            return str(self.store.path)
        line, column = self.doc.at(offset)
        return f"{self.store.path}:{line}:{column}"

    # -- the rewriting of one problem

    def say(self, problem: Problem) -> Problem:
        if problem.rule == "unknown-key":  # already said in Argdown's terms, in place
            return problem
        iri = problem.focus
        node = self.name(iri)
        places = self.places(iri) if iri and not self.is_front(iri) else []
        element = places[0] if places else None
        rewritten = self.rewrite(problem, places)
        if rewritten is None:  # no Argdown words for it: keep the words, fix the place
            offset = element if element is not None else self.doc.front_start()
            return Problem(
                self.where(offset), node or problem.node, problem.message, problem.fix,
                problem.severity, problem.rule, problem.focus, problem.facts,
            )  # fmt: skip
        message, at = rewritten
        if at is None:
            at = element if element is not None else self.doc.front_start()
        return Problem(
            self.where(at), node, message, "", problem.severity,
            problem.rule, problem.focus, problem.facts,
        )  # fmt: skip

    def text_name(self) -> str:
        source = self.one_any(str(AM.textFile))
        return f"`{source}`" if source else "the source text"

    def one_any(self, predicate: str) -> str | None:
        rows = self.store.rows(f"SELECT ?o WHERE {{ ?s <{predicate}> ?o }} ORDER BY ?o")
        values = [o for (o,) in rows if o is not None]
        return values[0] if values else None

    def rewrite(self, problem: Problem, places: list[int]) -> tuple[str, int | None] | None:
        rule, facts, doc = problem.rule, problem.facts, self.doc
        value = facts.get("value")
        front = doc.front_start()
        if rule == "DocumentTitleCount":
            if not self.labels_of(problem.focus, str(DCTERMS.title)):
                return (
                    "the map has no title: add `title: ...` to the front matter (between "
                    "the === lines), or `sourceTitle: ...` for the text's own title",
                    front,
                )
            return "the text has several titles: keep one `title:` (or `sourceTitle:`)", front
        if rule == "DocumentTitleValue":
            return "the title in the front matter is empty: write the text's title", doc.front_key(
                "title"
            )
        if rule == "DocumentCreator":
            return (
                "the text's author is not named: add `author: NAME` to the front matter "
                "(`author: [NAME, NAME]` for several)",
                front,
            )
        if rule == "DocumentDate":
            return (
                f"the front matter's date {_shown(value)} is not a date: write it as "
                "`date: 2022-04-25` (year-month-day), a year (`date: 2022`) or a date and "
                "time (`date: 2022-04-25T18:30:00Z`), and only one",
                doc.front_value("date"),
            )
        if rule == "text-unreadable":
            return (
                f"cannot read the text file `{facts.get('file')}` that `source:` names in the "
                f"front matter ({facts.get('reason')}: {facts.get('resolved')}): give the "
                "path of the text relative to the map file",
                doc.front_value("source"),
            )
        if rule == "StatementAnchoringShape":
            if self.one_any(str(AM.textFile)) is None:
                return (
                    "it quotes no text: name the text in the front matter (`source: FILE.txt`) "
                    'and add `{quote: "its words in the text"}`, or mark it `{implicit: true}` '
                    "if the text leaves it unsaid",
                    None,
                )
            return (
                f'it quotes nothing from {self.text_name()}: add `{{quote: "its words in the '
                'text"}`, or mark it `{implicit: true}` if the text leaves it unsaid',
                None,
            )
        if rule == "AnchoredNotImplicit":
            return (
                "it is marked `implicit: true` but has a quote: an implicit premise is one the "
                "text does not state; remove the quote, or remove `implicit: true`",
                doc.data_key(places, "implicit"),
            )
        if rule == "StatementBaseScore":
            return (
                f"`baseScore: {_plain(value)}` is not a number from 0 to 1: write its prior "
                "strength as, for example, `{baseScore: 0.7}`, and only one",
                doc.data_key(places, "baseScore"),
            )
        exact = facts.get("exact")
        exact_s = str(exact) if isinstance(exact, str) else ""
        quote_at = doc.data_key(places, "quote", exact_s or None)
        if rule == "quote-not-found":
            return (
                f"the quote {_shown(exact_s)} is not in `{facts.get('text')}`; the nearest "
                f"passage (line {facts.get('line')}, column {facts.get('column')}) is "
                f"{_shown(facts.get('passage'))}: copy the words exactly from the text",
                quote_at,
            )
        if rule == "quote-empty":
            return "its quote is empty: copy the words from the text, or remove `quote:`", quote_at
        if rule == "quote-offsets":
            hits = facts.get("hits")
            starts = [str(h) for h in hits] if isinstance(hits, list) else []
            held = facts.get("held")
            said = f"hold {_shown(held)}" if held else f"are not inside `{facts.get('text')}`"
            where = (
                f"its words are at `start: {' or '.join(starts)}`"
                if starts
                else f"its words are not in `{facts.get('text')}` at all"
            )
            return (
                f"the quote's `start: {facts.get('start')}`, `end: {facts.get('end')}` {said}, "
                f"not {_shown(exact_s)}: {where}; correct `start:`/`end:`, or leave them out "
                "to have them found",
                quote_at,
            )
        if rule in ("quote-ambiguous", "quote-context-mismatch"):
            occurrences = facts.get("occurrences")
            found = occurrences if isinstance(occurrences, list) else []
            listed = "; ".join(
                f"line {o['line']}, column {o['column']}, `start: {o['start']}` ({o['context']})"
                for o in found
            )
            choose = (
                f"write `{{quote: {{exact: {_json(exact_s)}, start: N}}}}` with the start "
                "of the one you mean"
            )
            if rule == "quote-ambiguous":
                return (
                    f"the quote {_shown(exact_s)} occurs {len(found)} times in "
                    f"`{facts.get('text')}`: {listed}; the first is taken: to choose one, "
                    + choose,
                    quote_at,
                )
            return (
                f"the `prefix:`/`suffix:` of the quote {_shown(exact_s)} match none of its "
                f"{len(found)} places in `{facts.get('text')}`: {listed}; the first is taken: "
                "correct them (the text just before and after the words), or " + choose,
                quote_at,
            )
        if rule in ("scheme-unknown", "InferenceSchemeValue", "SchemeNamedShape"):
            names = ", ".join(sorted(_local(s) for s in known_schemes()))
            written = self.store.compact(str(value)) if value else "it"
            if written.startswith("<") and written.endswith(">"):
                written = written[1:-1]
            return (
                f"`scheme: {written}` is not one of argmap's argumentation schemes: write one "
                f"of {names}",
                doc.data_key(places, "scheme"),
            )
        if rule == "InferenceConclusionNotPremise":
            conclusion = self.one(problem.focus, str(AM.conclusion))
            shown = self.name(conclusion) if conclusion else "its conclusion"
            return (
                f"its conclusion {shown} is also one of its premises: an argument cannot "
                "conclude what it assumes; take it out of the premises, or conclude another "
                "statement",
                None,
            )
        if rule in ("inference-without-conclusion", "InferenceConclusionCount"):
            return (
                "the argument draws no conclusion, or several: end its premise-conclusion "
                "structure with one inference line (`----`) and one conclusion",
                None,
            )
        if rule in ("inference-without-premise", "InferencePremiseCount"):
            return (
                "the argument has no premise: number its premises `(1) ...` above the "
                "inference line (`----`)",
                None,
            )
        if rule in (
            "StatementLabelCount",
            "StatementTextCount",
            "ActorLabelCount",
            "OneKindShape",
            "inference-with-several-conclusions",
        ):
            same = self.store.compact(problem.focus)
            names = " and ".join(self.labels(problem.focus)) or same
            return (
                f"several elements of the map have the same IRI {same} "
                f"({names}): give each its own `{{id: ...}}`, or a title of its own",
                doc.data_key(places, "id"),
            )
        if rule in ("speaker-unknown", "speaker-not-declared"):
            return _undeclared("speaker", facts, doc.data_key(places, "speaker"))
        if rule in ("mention-unknown", "mention-not-declared"):
            return _undeclared("mentions", facts, doc.data_key(places, "mentions"))
        return None

    def labels_of(self, iri: str, predicate: str) -> list[str]:
        rows = self.store.rows(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}", {"s": URIRef(iri)})
        return [o for _, o in rows if o is not None]


def _undeclared(key: str, facts: dict[str, object], at: int | None) -> tuple[str, int | None]:
    name = str(facts.get("name") or facts.get("value") or "")
    declared = facts.get("declared")
    known = sorted(declared) if isinstance(declared, (set, list)) else []
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" (did you mean {_json(close[0])}?)" if close else ""
    return (
        f"`{key}: {name}` is not one of the actors of the front matter{hint}: fix the "
        "name, or add it under `actors:`",
        at,
    )


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _plain(value: object) -> str:
    return str(value) if value is not None else "?"


def _json(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(value: object, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return _json(text)


def _document(store: MapStore) -> _Document | None:
    if store.path is None or store.graphs:
        return None
    try:
        return _Document(store.path, store.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def in_argdown_terms(store: MapStore, problems: list[Problem]) -> list[Problem]:
    """The problems of a map read from one Argdown file, said in Argdown's terms.

    Each comes back at the line and column of the Argdown where the author can fix
    it (the statement, its data key, the front-matter line), names the node as it
    is written (``[Title]``, ``<Argument>``) and says what to write. A problem this
    module has no Argdown words for keeps its words and gets the place.
    """
    doc = _document(store)
    if doc is None:
        return problems
    speaker = _Speaker(store, doc)
    said = [speaker.say(p) for p in problems]
    return sorted(dict.fromkeys(said), key=lambda p: (_position(p.path), p.node, p.message))


def _position(path: str) -> tuple[int, int, str]:
    match = re.search(r":(\d+):(\d+)$", path)
    return (int(match.group(1)), int(match.group(2)), path) if match else (0, 0, path)


_SPEAKERS = """
SELECT ?s ?p ?a ?name WHERE {
  ?s ?p ?a . ?a a am:Actor ; rdfs:label ?name .
  VALUES ?p { prov:wasAttributedTo am:mentions }
} ORDER BY ?s ?p ?name
"""


#: A double- or single-quoted value of inline data, escapes included.
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')

#: Keys Argdown itself gives meaning to in data (not argmap's, but not typos either).
_ARGDOWN_KEYS = frozenset({"isGroup", "color", "relation", "uses", "isInMap", "title", "tags"})


def _misspelled_keys(doc: _Document) -> list[Problem]:
    """A front-matter or data key that is not one argmap reads but is close to one
    (``sorce:``, ``{kindd: ...}``) is a warning naming the key meant. Other unknown
    keys are Argdown's own data, kept silently as Argdown does."""
    problems: list[Problem] = []
    places: list[tuple[int, str, tuple[str, ...]]] = []
    front_names = tuple(k.name for k in FRONT_MATTER)
    data_names = tuple(k.name for k in DATA)
    if doc.front is not None:
        start, end = doc.front
        for match in re.finditer(r"^[ \t]*([A-Za-z_][\w-]*)[ \t]*:", doc.text[start:end], re.M):
            places.append((start + match.start(1), match.group(1), front_names))
    body_from = doc.front[1] if doc.front is not None else 0
    # Keys of inline data only: inside `{...}`, and not inside a quoted value (a
    # comment "Reported speech, quoted: ..." names no key).
    for block in re.finditer(r"\{[^{}]*\}", doc.text[body_from:]):
        unquoted = _QUOTED.sub(lambda q: " " * len(q.group(0)), block.group(0))
        for match in re.finditer(r"[{,][ \t]*([A-Za-z_][\w-]*)[ \t]*:", unquoted):
            places.append((body_from + block.start() + match.start(1), match.group(1), data_names))
    for offset, key, known in places:
        if key in known or key in front_names or key in data_names or key in _ARGDOWN_KEYS:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if not close:
            continue
        line, column = doc.at(offset)
        problems.append(
            Problem(
                f"{doc.path}:{line}:{column}",
                "",
                f"`{key}` is not a key argmap reads: did you mean `{close[0]}`?",
                "",
                "warning",
                rule="unknown-key",
                facts={"key": key, "meant": close[0]},
            )
        )
    return problems


def authoring_checks(store: MapStore) -> list[Problem]:
    """Checks only an Argdown map needs: a speaker or mentioned actor whose name is
    not among the front matter's ``actors:`` (nor its ``author:``) is a warning,
    when the front matter declares actors at all (a typo would silently make a new
    actor)."""
    doc = _document(store)
    if doc is None:
        return []
    problems = _misspelled_keys(doc)
    if doc.declared_actors is None:
        return problems
    declared = set(doc.declared_actors)
    author = store.rows("SELECT ?n WHERE { ?d dcterms:creator/rdfs:label ?n }")
    declared |= {n for (n,) in author if n}
    for statement, predicate, _actor, name in store.rows(_SPEAKERS):
        assert statement is not None and name is not None
        if name in declared:
            continue
        speaker = predicate == str(PROV.wasAttributedTo)
        problems.append(
            Problem(
                str(store.path),
                store.compact(statement),
                f"{'speaker' if speaker else 'mentioned actor'} {name!r} is not declared "
                "under actors: in the front matter",
                "fix the name, or declare the actor",
                "warning",
                rule="speaker-not-declared" if speaker else "mention-not-declared",
                focus=statement,
                facts={"name": name, "declared": sorted(declared)},
            )
        )
    return problems
