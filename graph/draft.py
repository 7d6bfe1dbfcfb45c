"""A first draft of a map from plain text: statements, relations and a main conclusion.

For a text nobody has mapped yet, :func:`draft_argdown` proposes a map to correct
instead of an empty page, and :func:`draft_map` reads that proposal back as a map:

1. **Segmentation.** The text is cut into paragraphs at empty lines, each paragraph
   into sentences by syntok's segmenter (rule-based, offline, offsets true to the
   input), and a sentence into clauses where a discourse marker opens one: after a
   comma or semicolon (``..., because``, ``..., but``, ``..., which is why``), a
   marker before a subject (``... because they ...``), or a sentence that opens with
   a subordinate clause (``Although X, Y``; ``Since X, Y``). A paragraph of one
   line without final punctuation is a heading: it is no statement (the first one
   is the default title).
2. **Main conclusion.** Each unit is scored on its cues: a conclusion marker
   (*therefore*, *in conclusion*), a stance (*I think*, *in my view*), a modal of
   obligation (*should*, *must*: also the kind ``proposal``), the first and last
   position; a reason, a concession or a question counts against. The best is main.
3. **Relations**, one outgoing relation per unit (the tree of the microtext
   scheme), from the marker that opens it: a reason (*because*, *since*, *for*,
   *after all*) supports the unit before it (or, opening a sentence, the clause it
   subordinates); a conclusion (*therefore*, *so*) is supported by the unmarked
   units just before it; a contrast (*but*, *however*, *yet*) attacks the open
   concession, or else the unit before it; a concession (*admittedly*, *of course*,
   *although*) attacks the main conclusion (``Although X, Y``: X attacks Y); an
   addition (*and*, *also*, *moreover*) has the relation of the unit before it; an
   example supports the unit before it; an unmarked unit supports the main
   conclusion. ``Admittedly X. But Y`` is thus X attacking the main conclusion and
   Y attacking X.

Every statement's text is its quote, verbatim: the mapping form
``{exact: ..., start: N, end: N}`` anchors it where it is when the same words occur
more than once. The document says, in a comment, that it is a draft to check.

>>> print(draft_argdown("We should ban cars. They pollute the air.", text_file="t.txt"))
===
# A DRAFT made by 'argmap draft' from t.txt.
# Its statements, relations and main conclusion are guesses from discourse
# markers and position: check each one (and delete these lines) before use.
title: "Draft map of t.txt"
source: "t.txt"
===
<BLANKLINE>
[We should ban cars]: We should ban cars. {kind: proposal, main: true, quote: "We should ban cars."}
<BLANKLINE>
[They pollute the air]: They pollute the air. {quote: "They pollute the air."}
  +> [We should ban cars]
<BLANKLINE>
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeAlias

from syntok import segmenter as _syntok  # type: ignore[import-untyped]

from graph.errors import InputError
from graph.store import MapStore, atomic_write, read_text_file

__all__ = [
    "Draft",
    "DraftResult",
    "Relation",
    "Unit",
    "analyse",
    "draft_argdown",
    "draft_map",
    "propose",
    "segment",
    "sentence_spans",
    "units_from_spans",
    "write_draft",
]

Role: TypeAlias = Literal["reason", "conclusion", "contrast", "concession", "addition", "example"]
Kind: TypeAlias = Literal["support", "attack"]

# --------------------------------------------------------------------- the lexicon

#: Discourse markers that open a unit, by the role they give it. Matched as whole
#: words at the start of a unit (case-insensitive, after opening quotes/brackets).
MARKERS: dict[Role, tuple[str, ...]] = {
    "reason": (
        "because",
        "since",
        "as",
        "for",
        "given that",
        "after all",
        "the reason is",
        "due to the fact that",
        "seeing that",
        "considering that",
        "inasmuch as",
        "in view of the fact that",
    ),
    "conclusion": (
        "therefore",
        "thus",
        "hence",
        "so",
        "consequently",
        "accordingly",
        "as a result",
        "as a consequence",
        "for this reason",
        "for these reasons",
        "that is why",
        "that's why",
        "this is why",
        "which is why",
        "which means",
        "it follows that",
        "in conclusion",
        "to conclude",
        "in sum",
        "to sum up",
        "all in all",
        "in short",
        "overall",
        "so that",
    ),
    "contrast": (
        "but",
        "however",
        "yet",
        "nevertheless",
        "nonetheless",
        "still",
        "on the other hand",
        "in contrast",
        "on the contrary",
        "conversely",
        "even so",
        "that said",
        "whereas",
        "instead",
        "notwithstanding",
        "despite this",
        "in spite of this",
        "all the same",
        "then again",
    ),
    "concession": (
        "admittedly",
        "of course",
        "granted",
        "sure",
        "certainly",
        "it is true that",
        "it's true that",
        "true",
        "yes",
        "no doubt",
        "although",
        "though",
        "even though",
        "even if",
        "while",
        "some say",
        "some people say",
        "some argue",
        "some people argue",
        "some claim",
        "some people claim",
        "some think",
        "some people think",
        "some believe",
        "some people believe",
        "critics",
        "opponents",
        "one might",
        "one could",
        "one may",
        "it may be that",
        "it could be argued",
        "it might be argued",
        "it can be argued",
    ),
    "addition": (
        "and",
        "also",
        "moreover",
        "furthermore",
        "further",
        "in addition",
        "additionally",
        "besides",
        "what is more",
        "what's more",
        "plus",
        "on top of that",
        "not only",
        "first",
        "firstly",
        "second",
        "secondly",
        "third",
        "thirdly",
        "finally",
        "lastly",
        "likewise",
        "similarly",
        "another",
    ),
    "example": (
        "for example",
        "for instance",
        "e.g.",
        "to illustrate",
        "in particular",
        "such as",
        "take",
    ),
}

#: Markers that open a unit only when a subject follows (``as`` and ``for`` are
#: prepositions too; ``so`` an adverb; ``while`` is temporal as often as contrastive).
_NEED_SUBJECT = frozenset({"as", "for", "since", "so", "and", "while", "yet", "still", "take"})

#: Adverbs that mark a unit from inside its first words (``Germany, however, ...``).
_INNER: dict[str, Role] = {
    "however": "contrast",
    "nevertheless": "contrast",
    "nonetheless": "contrast",
    "therefore": "conclusion",
    "thus": "conclusion",
    "hence": "conclusion",
    "consequently": "conclusion",
    "moreover": "addition",
    "furthermore": "addition",
    "also": "addition",
    "admittedly": "concession",
    "of course": "concession",
}

#: Words that can open a clause's subject: after one of them a marker opens a clause.
_SUBJECTS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "this",
        "that",
        "these",
        "those",
        "there",
        "the",
        "a",
        "an",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "one",
        "many",
        "most",
        "some",
        "all",
        "no",
        "every",
        "everyone",
        "everybody",
        "nobody",
        "someone",
        "people",
        "each",
        "both",
        "such",
        "not",
        "only",
        "even",
        "it's",
        "they're",
        "there's",
        "that's",
        "we're",
        "i'm",
        "you're",
        "he's",
        "she's",
        "what",
        "who",
        "nothing",
        "something",
        "anyone",
    ]
)

#: Subjects that are no determiner: after ``for`` and ``as`` (prepositions before a
#: noun phrase: "for the children") only these open a clause.
_PRONOUNS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "this",
        "these",
        "those",
        "there",
        "one",
        "everyone",
        "everybody",
        "nobody",
        "someone",
        "anyone",
        "people",
        "it's",
        "they're",
        "there's",
        "that's",
        "we're",
        "i'm",
        "you're",
        "he's",
        "she's",
    ]
)
_PREPOSITIONS = frozenset({"for", "as"})

#: Words that split a sentence after a comma or a semicolon (longest first).
_SPLITTERS = (
    "which is why",
    "which means",
    "and therefore",
    "and thus",
    "and hence",
    "and so",
    "and yet",
    "and since",
    "and because",
    "but also",
    "even though",
    "because",
    "since",
    "as",
    "for",
    "so that",
    "so",
    "but",
    "yet",
    "although",
    "though",
    "whereas",
    "while",
    "therefore",
    "thus",
    "hence",
    "and",
)

#: Words that split a sentence without a comma, when a subject follows.
_BARE_SPLITTERS = ("because", "although", "even though", "whereas", "but", "since")

#: A sentence opening with one of these subordinates its first clause to the next.
_SUBORDINATORS = (
    "because",
    "since",
    "as",
    "although",
    "though",
    "even though",
    "even if",
    "while",
    "whereas",
    "given that",
)

_STANCE = re.compile(
    r"\b(i (?:really |strongly |firmly )?(?:think|believe|argue|feel|am convinced|am sure|"
    r"would argue|hold|maintain|am in favou?r|am against|reject|support|oppose)|i'm convinced|"
    r"in my (?:opinion|view)|to my mind|from my point of view|personally|it is clear that|"
    r"clearly|obviously|we must|we should|we need)\b",
    re.IGNORECASE,
)
_DEONTIC = re.compile(
    r"\b(should|shouldn't|ought|must|mustn't|need to|needs to|have to|has to|"
    r"it is (?:necessary|time|high time) (?:to|that))\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(said|says|stated|states|according to|announced|told|claimed|reported)\b", re.I
)
_FINAL = re.compile(r"\b(in conclusion|to conclude|to sum up|in sum|all in all|overall)\b", re.I)
_OPENING = "\"'“\u2018«(["
_WORD = re.compile(r"[\w][\w'\u2019.-]*", re.UNICODE)
_MIN_WORDS = 3  # a clause split leaves at least this many words on each side

# --------------------------------------------------------------------- data


@dataclass(frozen=True)
class Unit:
    """A candidate statement: a span of the text (``text[start:end]``, verbatim).

    ``role`` is what its opening marker says it does (None: no marker), ``marker``
    the marker itself, ``sentence`` the index of its sentence, ``first`` whether it
    opens its sentence, ``subordinate`` whether it is a sentence's opening
    subordinate clause (``Although X,``).
    """

    start: int
    end: int
    text: str
    sentence: int
    first: bool = True
    role: Role | None = None
    marker: str | None = None
    subordinate: bool = False


@dataclass(frozen=True)
class Relation:
    """A proposed relation: unit ``source`` supports or attacks unit ``target``."""

    source: int
    target: int
    kind: Kind
    why: str


@dataclass(frozen=True)
class Draft:
    """A draft analysis: the units, their relations, the main conclusion, kinds."""

    text: str
    units: tuple[Unit, ...]
    relations: tuple[Relation, ...]
    main: int | None
    kinds: tuple[str, ...]
    headings: tuple[str, ...] = ()

    @property
    def supports(self) -> int:
        return sum(1 for r in self.relations if r.kind == "support")

    @property
    def attacks(self) -> int:
        return sum(1 for r in self.relations if r.kind == "attack")


# --------------------------------------------------------------------- segmentation


def _words(text: str) -> list[str]:
    return [w.lower().replace("\u2019", "'") for w in _WORD.findall(text)]


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the paragraphs of a text (separated by empty lines)."""
    start = 0
    for match in re.finditer(r"\n[ \t\r\f\v]*\n\s*", text):
        if text[start : match.start()].strip():
            yield start, match.start()
        start = match.end()
    if text[start:].strip():
        yield start, len(text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans of one paragraph, by syntok (its token offsets are exact)."""
    starts: list[int] = []
    for paragraph in _syntok.analyze(text[start:end]):
        for sentence in paragraph:
            if sentence:
                starts.append(start + sentence[0].offset)
    if not starts:
        return
    starts[0] = min(starts[0], start)
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else end
        a, b = _strip(text, s, e)
        if b > a:
            yield a, b


def _is_heading(text: str, start: int, end: int) -> bool:
    """A paragraph of one line without final punctuation (a title, a caption)."""
    line = text[start:end].strip()
    if "\n" in line:
        return False
    if line.startswith("#"):
        return True
    return not re.search(r"[.!?;:…\"'”\u2019)\]]$", line) and len(_words(line)) <= 15


def _opening(text: str) -> tuple[Role | None, str | None]:
    """The role and marker a unit's opening words give it."""
    body = text.lstrip(_OPENING + " ")
    words = _words(body)
    if not words:
        return None, None
    if words[0] in ("and", "but") and len(words) > 1:
        inner_role, inner = _opening(body[len(words[0]) :])
        if inner_role is not None and (words[0] == "and" or inner_role == "contrast"):
            return inner_role, inner
        return ("addition", "and") if words[0] == "and" else ("contrast", "but")
    best: tuple[int, Role, str] | None = None
    for role, markers in MARKERS.items():
        for marker in markers:
            parts = marker.split()
            n = len(parts)
            if words[:n] != parts:
                continue
            if marker in _NEED_SUBJECT and not _subject_follows(words, n, text):
                continue
            if best is None or n > best[0]:
                best = (n, role, marker)
    if best is not None:
        return best[1], best[2]
    head = " " + " ".join(words[:6]) + " "
    for marker, role in _INNER.items():
        if f" {marker} " in head:
            return role, marker
    return None, None


def _subject_follows(words: list[str], n: int, text: str) -> bool:
    if len(words) <= n:
        return False
    if re.match(r"\s*\w+\s*,", text.lstrip(_OPENING + " ")):
        return True  # "So, ...", "For, ...": the marker set off by a comma
    following = words[n]
    if following in (_PRONOUNS if words[n - 1] in _PREPOSITIONS and n == 1 else _SUBJECTS):
        return True
    # a name (capitalised in the text) can be a subject too
    raw = _WORD.findall(text.lstrip(_OPENING + " "))
    return len(raw) > n and raw[n][:1].isupper()


def _split_points(text: str, start: int, end: int) -> list[int]:
    """Offsets inside one sentence where a marker opens a new clause."""
    sentence = text[start:end]
    points: set[int] = set()
    lowered = sentence.lower().replace("\u2019", "'")
    for match in re.finditer(r"[,;:\u2013—]\s+|\s+[\u2013—]\s+", lowered):
        after = lowered[match.end() :]
        at = match.end()
        if match.group().strip() == ";":
            points.add(at)
            continue
        for marker in _SPLITTERS:
            if re.match(re.escape(marker) + r"\b", after):
                rest = _words(after[len(marker) :])
                head = marker.split()[0]
                needs = head in _NEED_SUBJECT or marker in ("and", "as", "for", "so")
                subjects = _PRONOUNS if marker in _PREPOSITIONS else _SUBJECTS
                if needs and not (rest and (rest[0] in subjects or _capital(sentence, at, marker))):
                    break
                if marker == "as" and rest[:1] == ["well"]:
                    break
                points.add(at)
                break
    for marker in _BARE_SPLITTERS:
        for match in re.finditer(r"\s(" + re.escape(marker) + r")\s", lowered):
            rest = _words(lowered[match.end() :])
            if rest and rest[0] in _SUBJECTS and rest[0] not in ("a", "an", "the", "not"):
                points.add(match.start(1))
    words = _words(lowered)
    skip = 1 if words[:1] in (["and"], ["but"]) else 0
    for marker in _SUBORDINATORS:
        parts = marker.split()
        if words[skip : skip + len(parts)] == parts:
            comma = lowered.find(",", lowered.find(parts[-1]) + len(parts[-1]))
            if comma > 0:
                cut = comma + 1
                while cut < len(lowered) and lowered[cut].isspace():
                    cut += 1
                points.add(cut)
            break
    kept: list[int] = []
    last = 0
    for point in sorted(points):
        if (
            len(_words(sentence[last:point])) >= _MIN_WORDS
            and len(_words(sentence[point:])) >= _MIN_WORDS
        ):
            kept.append(point)
            last = point
    return [start + p for p in kept]


def _capital(sentence: str, at: int, marker: str) -> bool:
    rest = sentence[at + len(marker) :].lstrip()
    return rest[:1].isupper() and not rest.startswith("I ")  # "I" is in _SUBJECTS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the sentences of a text (headings left out), by syntok."""
    return [
        span
        for p_start, p_end in _paragraphs(text)
        if not _is_heading(text, p_start, p_end)
        for span in _sentences(text, p_start, p_end)
    ]


def units_from_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[Unit]:
    """Units for given spans of a text (a segmentation made elsewhere, e.g. by hand).

    Each unit gets its sentence, whether it opens it, and the role of its opening
    marker. Spans are sorted by their start.

    >>> [u.role for u in units_from_spans("A is so. Because B is.", [(0, 8), (9, 22)])]
    [None, 'reason']
    """
    sentences = sentence_spans(text)
    ordered = sorted(spans)
    located: list[tuple[int, int, int, bool]] = []
    for a, b in ordered:
        index = next((k for k, (s, e) in enumerate(sentences) if s <= a < e), None)
        if index is None:  # outside every sentence (a heading): its own sentence
            index = next((k for k, (s, _) in enumerate(sentences) if s > a), len(sentences))
            first = True
        else:
            lead = text[sentences[index][0] : a]
            first = not any(ch.isalnum() for ch in lead)
        located.append((a, b, index, first))
    units: list[Unit] = []
    for k, (a, b, index, first) in enumerate(located):
        role, marker = _opening(text[a:b])
        later = any(j > k and located[j][2] == index for j in range(len(located)))
        subordinate = first and later and marker in _SUBORDINATORS
        units.append(Unit(a, b, text[a:b], index, first, role, marker, subordinate))
    return units


def segment(text: str) -> list[Unit]:
    """Cut a text into candidate statements: sentences, and clauses at markers.

    Args:
        text: the source text.

    Returns:
        The units in text order; each one's ``text`` is ``text[start:end]``.

    >>> [u.text for u in segment("Cars pollute the air, because they burn fuel. So ban them!")]
    ['Cars pollute the air,', 'because they burn fuel.', 'So ban them!']
    """
    spans: list[tuple[int, int]] = []
    for s_start, s_end in sentence_spans(text):
        cuts = [s_start, *_split_points(text, s_start, s_end), s_end]
        for k in range(len(cuts) - 1):
            a, b = _strip(text, cuts[k], cuts[k + 1])
            if b > a:
                spans.append((a, b))
    return units_from_spans(text, spans)


def headings(text: str) -> list[str]:
    """The heading paragraphs of a text (one line without final punctuation)."""
    return [
        text[a:b].strip().lstrip("#").strip()
        for a, b in _paragraphs(text)
        if _is_heading(text, a, b)
    ]


# --------------------------------------------------------------------- relations


def _main_score(unit: Unit, index: int, count: int) -> float:
    score = 0.0
    body = unit.text
    if unit.role == "conclusion":
        score += 3.0
    if _FINAL.search(body):
        score += 1.0
    if _STANCE.search(body):
        score += 2.0
    if _DEONTIC.search(body):
        score += 2.0
    if index == 0:
        score += 1.5
    if index == count - 1:
        score += 1.0
    if unit.role in ("reason", "example"):
        score -= 3.0
    if unit.role == "concession" or unit.subordinate:
        score -= 3.0
    if unit.role in ("contrast", "addition"):
        score -= 0.5
    if body.rstrip(_OPENING + "\"'”\u2019) ").endswith("?"):
        score -= 2.0
    if _REPORTED.search(body):
        score -= 2.0  # someone else's words, reported: rarely the author's conclusion
    return score


def choose_main(units: Sequence[Unit]) -> int | None:
    """The index of the unit most likely to be the main conclusion (None if none).

    >>> units = segment("Cars are loud. Therefore cities should ban them. They pollute.")
    >>> choose_main(units)
    1
    """
    if not units:
        return None
    scores = [_main_score(u, i, len(units)) for i, u in enumerate(units)]
    return max(range(len(units)), key=lambda i: (scores[i], -i))


def _reaches(targets: dict[int, int], start: int, goal: int) -> bool:
    seen: set[int] = set()
    node: int | None = start
    while node is not None and node not in seen:
        if node == goal:
            return True
        seen.add(node)
        node = targets.get(node)
    return False


def analyse(text: str) -> Draft:
    """Segment a text and propose its relations and main conclusion.

    Args:
        text: the source text.

    Returns:
        The draft: units, relations (one outgoing per unit but the main), main.

    >>> d = analyse("We should act now. Admittedly it is costly. But waiting costs more.")
    >>> [(r.source, r.target, r.kind) for r in d.relations], d.main
    ([(1, 0, 'attack'), (2, 1, 'attack')], 0)
    """
    return propose(text, segment(text))


def propose(text: str, units: Sequence[Unit]) -> Draft:
    """Propose the relations and the main conclusion of given units (see :func:`analyse`)."""
    units = list(units)
    main = choose_main(units)
    out: dict[int, tuple[int, Kind, str]] = {}
    by_default: set[int] = set()
    open_concession: int | None = None

    def attach(i: int, target: int | None, kind: Kind, why: str) -> bool:
        if target is None or target == i or target < 0 or target >= len(units):
            return False
        targets = {s: t for s, (t, _, _) in out.items()}
        if _reaches(targets, target, i):
            return False  # would close a cycle
        out[i] = (target, kind, why)
        return True

    for i, unit in enumerate(units):
        if i == main:
            if unit.role == "conclusion":
                _conclude(i, units, out, by_default)
            if unit.role == "contrast" and open_concession is not None:
                # the main conclusion itself answers the concession
                out.setdefault(open_concession, (i, "attack", "concession"))
                open_concession = None
            continue
        role = unit.role
        previous = i - 1 if i > 0 else None
        done = False
        if role == "reason":
            target = _governor(units, i) if unit.subordinate else previous
            if target is None:
                target = main
            done = attach(i, target, "support", unit.marker or "reason")
        elif role == "example":
            done = attach(i, previous, "support", unit.marker or "example")
        elif role == "conclusion":
            _conclude(i, units, out, by_default)
        elif role == "concession":
            target = _governor(units, i) if unit.subordinate else main
            done = attach(i, target, "attack", unit.marker or "concession")
            if done and not unit.subordinate:
                open_concession = i
        elif role == "contrast":
            target = open_concession if open_concession is not None else previous
            done = attach(i, target, "attack", unit.marker or "contrast")
            open_concession = None
        elif role == "addition" and previous is not None and previous in out:
            target, kind, _ = out[previous]
            # "and" goes on with the unit before it; "besides", "moreover" after an
            # attack open a new reason (the default below)
            if kind == "support" or unit.marker == "and":
                done = attach(i, target, kind, unit.marker or "addition")
            if done and open_concession == previous and kind == "attack":
                open_concession = i if units[previous].role == "concession" else None
        if not done and i not in out and attach(i, main, "support", "default"):
            by_default.add(i)
    relations = [Relation(s, t, k, why) for s, (t, k, why) in sorted(out.items())]
    kinds = tuple(_kind(u) for u in units)
    return Draft(text, tuple(units), tuple(relations), main, kinds, tuple(headings(text)))


def _governor(units: Sequence[Unit], i: int) -> int | None:
    """The main clause a sentence's opening subordinate clause depends on: the
    first later unit of the sentence without a marker (else its last unit)."""
    same = [j for j in range(i + 1, len(units)) if units[j].sentence == units[i].sentence]
    if not same:
        return None
    return next((j for j in same if units[j].role is None), same[-1])


def _conclude(
    i: int, units: Sequence[Unit], out: dict[int, tuple[int, Kind, str]], by_default: set[int]
) -> None:
    """A conclusion marker: the unmarked units just before it support it."""
    k = i - 1
    while k >= 0 and (k in by_default or (k not in out and units[k].role is None)):
        targets = {s: t for s, (t, _, _) in out.items()}
        if not _reaches(targets, i, k):
            out[k] = (i, "support", "conclusion")
            by_default.discard(k)
        k -= 1
        if units[k + 1].first:
            break  # one sentence back at most: a conclusion draws on what is near


_PROPOSAL = re.compile(r"\b(should|shouldn't|ought to|must|mustn't)\b", re.IGNORECASE)


def _kind(unit: Unit) -> str:
    """``proposal`` when an obligation is the unit's own verb (in its first words)."""
    head = " ".join(unit.text.split()[:8])
    return "proposal" if _PROPOSAL.search(head) else "claim"


# --------------------------------------------------------------------- writing


_LABEL_WORDS = 6
_LABEL_CHARS = 60


def _label(unit: Unit) -> str:
    """A short title: the first words, with an opening marker left out."""
    body = unit.text.strip(_OPENING + " ")
    if unit.marker is not None:
        pattern = re.compile(r"^(?:and\s+)?" + re.escape(unit.marker) + r"\b[\s,]*", re.I)
        stripped = pattern.sub("", body.replace("\u2019", "'"), count=1)
        if len(_words(stripped)) >= 2:
            body = body[len(body) - len(stripped) :]
    words = body.split()
    label = ""
    for word in words[:_LABEL_WORDS]:
        if label and len(label) + 1 + len(word) > _LABEL_CHARS:
            break
        label = f"{label} {word}" if label else word
    label = label.strip(" ,;:-\u2013—.!?\"'“”\u2018\u2019()")
    label = re.sub('["“”«»]', "", label)  # a quotation mark left half open reads badly
    label = label[:1].upper() + label[1:]
    return " ".join(label.split()) or "Statement"


def _labels(units: Sequence[Unit]) -> list[str]:
    taken: set[str] = set()
    labels: list[str] = []
    for unit in units:
        base = _label(unit)
        label, n = base, 1
        while label.casefold() in taken:
            n += 1
            label = f"{base} ({n})"
        taken.add(label.casefold())
        labels.append(label)
    return labels


def _escape(text: str) -> str:
    """Argdown text: markup characters escaped, whitespace collapsed."""
    collapsed = " ".join(text.split())
    return re.sub(r"([\\@#*_\[\]<>{}/])", r"\\\1", collapsed)


def _title_ref(label: str) -> str:
    return "[" + label.replace("\\", "\\\\").replace("]", "\\]") + "]"


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _front_string(value: str) -> str:
    return _string(" ".join(value.split()))


def _quote(text: str, unit: Unit) -> str:
    exact = unit.text
    if text.count(exact) > 1 or text.find(exact) != unit.start:
        return f"{{exact: {_string(exact)}, start: {unit.start}, end: {unit.end}}}"
    return _string(exact)


def draft_argdown(
    text: str,
    *,
    text_file: str,
    title: str | None = None,
    author: str | None = None,
) -> str:
    """The Argdown document of a draft map of ``text``.

    Args:
        text: the source text, exactly as the map's ``source:`` file holds it.
        text_file: the ``source:`` of the front matter (relative to the map file).
        title: the map's title (default: the text's first heading, else
            "Draft map of FILE").
        author: the text's author: the front matter's ``author:`` and every
            statement's speaker.

    Returns:
        The document: statements in text order, each with its quote and its
        outgoing relation (``+>`` supports, ``->`` attacks).

    Raises:
        InputError: the text has no words to draft from.
    """
    draft = analyse(text)
    if not draft.units:
        raise InputError(
            "the text has no sentences to draft a map from: give a text file with "
            "at least one sentence",
            path=text_file,
        )
    if title is None:
        title = draft.headings[0] if draft.headings else f"Draft map of {Path(text_file).name}"
    labels = _labels(draft.units)
    lines = [
        "===",
        f"# A DRAFT made by 'argmap draft' from {' '.join(text_file.split())}.",
        "# Its statements, relations and main conclusion are guesses from discourse",
        "# markers and position: check each one (and delete these lines) before use.",
        f"title: {_front_string(title)}",
        f"source: {_front_string(text_file)}",
    ]
    if author:
        lines.append(f"author: {_front_string(author)}")
    lines += ["===", ""]
    relations = {r.source: r for r in draft.relations}
    for i, unit in enumerate(draft.units):
        data: list[str] = []
        if draft.kinds[i] != "claim":
            data.append(f"kind: {draft.kinds[i]}")
        if i == draft.main:
            data.append("main: true")
        if author:
            data.append(f"speaker: {_front_string(author)}")
        data.append(f"quote: {_quote(text, unit)}")
        lines.append(f"{_title_ref(labels[i])}: {_escape(unit.text)} {{{', '.join(data)}}}")
        relation = relations.get(i)
        if relation is not None:
            symbol = "+>" if relation.kind == "support" else "->"
            lines.append(f"  {symbol} {_title_ref(labels[relation.target])}")
        lines.append("")
    return "\n".join(lines)


def draft_map(
    text: str,
    *,
    text_file: str,
    title: str | None = None,
    author: str | None = None,
    path: str | Path | None = None,
) -> MapStore:
    """A draft map of ``text``: the Argdown of :func:`draft_argdown`, read back.

    Args:
        text: the source text.
        text_file: the source document's text file (relative to the map file).
        title: the map's title; author: the text's author (and every speaker).
        path: where the map will be written (its base IRI comes from its name).

    Returns:
        The map's asserted triples: one statement per unit, each anchored by its
        exact quote, inferences for supports, conflicts for attacks.

    Raises:
        InputError: the text has no sentences.

    >>> store = draft_map("Ban cars. They pollute.", text_file="t.txt")
    >>> len(list(store.rows("SELECT ?s WHERE { ?s am:anchor ?a }")))
    2
    """
    from graph.formats import ReadContext, argdown

    document = draft_argdown(text, text_file=text_file, title=title, author=author)
    context = ReadContext(path=str(path) if path is not None else None)
    return argdown.loads(document, context)


# --------------------------------------------------------------------- files


@dataclass(frozen=True)
class DraftResult:
    """What :func:`write_draft` wrote, and the draft's counts."""

    path: Path
    statements: int
    supports: int
    attacks: int
    main: str | None
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: what the draft holds."""
        main = f'main "{self.main}"' if self.main else "no main conclusion"
        counts = ", ".join(
            f"{n} {noun}" if n == 1 else f"{n} {noun}s"
            for n, noun in (
                (self.statements, "statement"),
                (self.supports, "support"),
                (self.attacks, "attack"),
            )
        )
        return f"wrote {self.path}: {counts}, {main} (a draft: check it)"


def write_draft(
    text_path: str | Path,
    map_path: str | Path,
    *,
    title: str | None = None,
    author: str | None = None,
    force: bool = False,
) -> DraftResult:
    """Draft a map of a text file and write it (atomically) as Argdown.

    ``source:`` is the text file's path relative to the map's folder.

    Raises:
        InputError: the text cannot be read or has no sentences, or the map file
            exists (and ``force`` is not set).
    """
    text_path, map_path = Path(text_path), Path(map_path)
    if map_path.exists() and not force:
        raise InputError(
            "the map file already exists: choose another name, or pass --force to overwrite it",
            path=str(map_path),
        )
    text = read_text_file(text_path)
    relative = relative_path(text_path, map_path.parent)
    document = draft_argdown(text, text_file=relative, title=title, author=author)
    draft = analyse(text)
    labels = _labels(draft.units)
    main = labels[draft.main] if draft.main is not None else None
    atomic_write(map_path, document.encode("utf-8"))
    return DraftResult(map_path, len(draft.units), draft.supports, draft.attacks, main)


def relative_path(target: Path, folder: Path) -> str:
    import os

    absolute_target = target.resolve()
    absolute_folder = (folder if str(folder) else Path(".")).resolve()
    return Path(os.path.relpath(absolute_target, absolute_folder)).as_posix()
