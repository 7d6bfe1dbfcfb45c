"""Anchors: each quote checked against the source text, missing offsets computed.

An anchor is an ``oa:SpecificResource`` with an ``oa:TextQuoteSelector``
(``oa:exact`` and optionally ``oa:prefix``/``oa:suffix``) and optionally an
``oa:TextPositionSelector`` (``oa:start``/``oa:end``, character offsets into the
source text). Checking an anchor means: the exact quote occurs in the text, at the
given offsets if there are any. Completing it means adding, as derived triples,
the offsets, prefix and suffix that the input left out.

>>> locate_quote("It is clear that NATO is not planning.", "NATO is not")
(17, 28)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.errors import Problem
from graph.store import MapStore, locate
from graph.vocab import OA, RDF, XSD

__all__ = [
    "CONTEXT_CHARS",
    "AnchorCheck",
    "QuoteIndex",
    "check_anchors",
    "locate_quote",
    "nearest_passage",
    "source_texts",
]

#: Characters of context kept in a computed ``oa:prefix``/``oa:suffix``.
CONTEXT_CHARS = 32

_ANCHORS = """
SELECT ?statement ?anchor ?source ?quoteSel ?exact ?prefix ?suffix ?posSel ?start ?end
WHERE {
  ?statement am:anchor ?anchor .
  OPTIONAL { ?anchor oa:hasSource ?source }
  OPTIONAL { ?anchor oa:hasSelector ?quoteSel . ?quoteSel a oa:TextQuoteSelector ;
             oa:exact ?exact .
             OPTIONAL { ?quoteSel oa:prefix ?prefix } OPTIONAL { ?quoteSel oa:suffix ?suffix } }
  OPTIONAL { ?anchor oa:hasSelector ?posSel . ?posSel a oa:TextPositionSelector ;
             oa:start ?start ; oa:end ?end }
}
ORDER BY ?statement ?anchor
"""

_TEXT_FILES = """
SELECT ?g ?doc ?file WHERE {
  { ?doc am:textFile ?file FILTER NOT EXISTS { GRAPH ?any { ?doc am:textFile ?file } } }
  UNION { GRAPH ?g { ?doc am:textFile ?file } }
} ORDER BY ?doc ?g
"""


@dataclass(frozen=True)
class SourceText:
    """A source document's text and where it was read from."""

    document: str
    path: Path
    text: str


_KEY = 12
_LONG_KEY = 48
_WORD_START = re.compile(r"(?:^|(?<=[\s\"'(\[\u201c\u2018\u2014-]))\S", re.MULTILINE)


class QuoteIndex:
    """Where each word of a text starts, keyed by the characters that follow.

    ``str.find`` scans the text from the start for every quote; with thousands of
    quotes over a long text that is quadratic. Quotes nearly always start at a
    word, so the index finds them in about constant time, and falls back to a scan
    for the rare quote that starts inside a word. Word starts are keyed by their
    next 12 characters and, for texts that repeat themselves, by a hash of their
    next 48, so that a long quote meets few false candidates.

    >>> QuoteIndex("It is clear that NATO is not planning.").find("NATO is not")
    17
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._short: dict[str, list[int]] = {}
        self._long: dict[int, list[int]] = {}
        for match in _WORD_START.finditer(text):
            i = match.start()
            self._short.setdefault(text[i : i + _KEY], []).append(i)
            if i + _LONG_KEY <= len(text):
                self._long.setdefault(hash(text[i : i + _LONG_KEY]), []).append(i)

    def find(self, quote: str) -> int:
        """The first offset of ``quote`` in the text, or -1."""
        if len(quote) >= _LONG_KEY:
            candidates = self._long.get(hash(quote[:_LONG_KEY]), ())
        elif len(quote) >= _KEY:
            candidates = self._short.get(quote[:_KEY], ())
        else:
            return self.text.find(quote)
        for i in candidates:
            if self.text.startswith(quote, i):
                return i
        return self.text.find(quote)


@dataclass
class AnchorCheck:
    """What checking the anchors found: derived triples to add, and problems."""

    triples: list[tuple[Node, Node, Node]]
    problems: list[Problem]
    checked: int


def source_texts(store: MapStore) -> tuple[dict[str, SourceText], list[Problem]]:
    """Read the text file of every source document (``am:textFile``).

    Paths are relative to the file of the map that names them (in a store of
    several maps, each map's own file). Returns the texts by document IRI and a
    problem for each file that cannot be read.
    """
    default = store.path.parent if store.path is not None else Path.cwd()
    shown = str(store.path) if store.path is not None else "<map>"
    texts: dict[str, SourceText] = {}
    problems: list[Problem] = []
    for graph, doc, file in store.rows(_TEXT_FILES):
        assert doc is not None and file is not None
        map_file = store.graphs.get(graph or "")
        base = map_file.parent if map_file is not None else default
        path = (base / file).resolve()
        if doc in texts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            problems.append(
                Problem(
                    str(map_file or shown),
                    doc,
                    f"cannot read its text file {file!r}: {reason}",
                    "fix am:textFile: a path relative to the map file",
                )
            )
            continue
        texts[doc] = SourceText(doc, path, text)
    return texts, problems


def locate_quote(
    text: str,
    exact: str,
    prefix: str | None = None,
    suffix: str | None = None,
    *,
    index: QuoteIndex | None = None,
) -> tuple[int, int] | None:
    """Return the offsets of ``exact`` in ``text``, preferring the occurrence whose
    context matches ``prefix`` and ``suffix``; None if it does not occur.

    >>> locate_quote("a b a c", "a", suffix=" c")
    (4, 5)
    """
    if not exact:
        return None
    first = index.find(exact) if index is not None else text.find(exact)
    if first < 0:
        return None
    if prefix is None and suffix is None:
        return first, first + len(exact)
    hits: list[int] = []
    start = first
    while start >= 0:
        hits.append(start)
        start = text.find(exact, start + 1)

    def fits(i: int) -> bool:
        ok = prefix is None or text[:i].endswith(prefix)
        return ok and (suffix is None or text[i + len(exact) :].startswith(suffix))

    chosen = next((i for i in hits if fits(i)), hits[0])
    return chosen, chosen + len(exact)


def nearest_passage(text: str, quote: str) -> tuple[int, str]:
    """Return the offset and the passage of ``text`` that best matches ``quote``.

    >>> nearest_passage("NATO is not planning to intervene", "NATO is planning")
    (0, 'NATO is not plannin')
    """
    width = max(len(quote), 1)
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    # Each block the quote shares with the text proposes an alignment; keep the
    # window that resembles the quote most as a whole.
    starts = {max(0, a - b) for a, b, size in matcher.get_matching_blocks() if size}
    best, best_score = 0, -1.0
    for start in sorted(starts):
        window = text[start : start + width]
        score = difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio()
        if score > best_score:
            best, best_score = start, score
    while best < len(text) - 1 and text[best].isspace() and not quote[:1].isspace():
        best += 1
    return best, text[best : best + width + len(quote) // 5].rstrip()


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _node(value: str) -> Node:
    return BNode(value[2:]) if value.startswith("_:") else URIRef(value)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_anchors(store: MapStore, texts: dict[str, SourceText]) -> AnchorCheck:
    """Check every anchor against its source text; compute what the input left out.

    Raises nothing: every anchor that fails is reported as a :class:`Problem`
    naming the statement, the quote and the nearest passage of the text.
    """
    shown = str(store.path) if store.path is not None else "<map>"
    triples: list[tuple[Node, Node, Node]] = []
    problems: list[Problem] = []
    anchors: dict[tuple[str, str], list[tuple[str | None, ...]]] = {}
    indexes: dict[str, QuoteIndex] = {}
    for row in store.rows(_ANCHORS):
        statement, anchor = row[0], row[1]
        assert statement is not None and anchor is not None
        anchors.setdefault((statement, anchor), []).append(row)

    for (iri, anchor), rows in anchors.items():
        _, _, source, quote_sel, exact, prefix, suffix, pos_sel, start, end = rows[0]

        def shown_at(exact: str | None = exact) -> str:
            # Only for a problem: finding the quote in the map file reads the file.
            where = locate(store.path, exact) if exact else None
            return f"{shown}:{where[0]}:{where[1]}" if where else shown

        if exact is None:
            problems.append(
                Problem(
                    shown,
                    store.compact(iri),
                    f"anchor {anchor} has no oa:TextQuoteSelector with oa:exact",
                    "add the verbatim quote as oa:exact",
                )
            )
            continue
        if source is None or source not in texts:
            if (
                source is not None
                and source not in texts
                and not any(p.node == source for p in problems)
            ):
                problems.append(
                    Problem(
                        shown,
                        store.compact(iri),
                        f"the source {source} of its anchor has no readable text (am:textFile)",
                        "give the source document an am:textFile",
                    )
                )
            elif source is None:
                problems.append(
                    Problem(
                        shown,
                        store.compact(iri),
                        f"anchor {anchor} has no oa:hasSource",
                        "name the source document with oa:hasSource",
                    )
                )
            continue
        text = texts[source].text
        if start is not None and end is not None:
            s, e = int(start), int(end)
            if text[s:e] != exact:
                problems.append(
                    Problem(
                        shown_at(),
                        store.compact(iri),
                        f"offsets {s}..{e} hold {_shorten(text[s:e])!r} but oa:exact is "
                        f"{_shorten(exact)!r}",
                        "correct oa:start/oa:end or remove them to have them computed",
                    )
                )
                continue
            span: tuple[int, int] | None = (s, e)
        else:
            if source not in indexes:
                indexes[source] = QuoteIndex(text)
            span = locate_quote(text, exact, prefix, suffix, index=indexes[source])
        if span is None:
            offset, passage = nearest_passage(text, exact)
            line, column = _line_column(text, offset)
            problems.append(
                Problem(
                    shown_at(),
                    store.compact(iri),
                    f"quote not found in {texts[source].path.name}: {_shorten(exact)!r}; nearest "
                    f"passage (line {line}, column {column}): {_shorten(passage)!r}",
                    "copy the quote verbatim from the source text",
                )
            )
            continue
        s, e = span
        quote_node = _node(quote_sel) if quote_sel else None
        if quote_node is not None and prefix is None:
            triples.append((quote_node, OA.prefix, Literal(text[max(0, s - CONTEXT_CHARS) : s])))
        if quote_node is not None and suffix is None:
            triples.append((quote_node, OA.suffix, Literal(text[e : e + CONTEXT_CHARS])))
        if pos_sel is None:
            position = BNode()
            triples += [
                (_node(anchor), OA.hasSelector, position),
                (position, RDF.type, OA.TextPositionSelector),
                (position, OA.start, Literal(s, datatype=XSD.nonNegativeInteger)),
                (position, OA.end, Literal(e, datatype=XSD.nonNegativeInteger)),
            ]
    return AnchorCheck(triples, problems, len(anchors))
