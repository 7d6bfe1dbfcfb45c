"""Argdown: read and write argument maps in the Argdown markup (https://argdown.org).

Reading parses the document with a real grammar (``argdown.lark``: LALR, with a
post-lexer that makes line starts and the indentation of relation lines and list
items significant by the rules of Argdown's own lexer, see ``_Lines``), builds
Argdown's model of it (equivalence classes of statements, arguments, relations, the
way the official tool does: same untitled numbering, last definition's text,
relations of a reconstructed argument moved to its conclusion, strict mode), then
maps that model to argmap RDF. What the official tool (``@argdown/cli`` 1.7.5)
exports as JSON for the Argdown project's own test documents, argmap reads the
same (``tests/fixtures/argdown-reference``), but for ``@include(file)``: a step of
Argdown's command-line tool that pastes files in before parsing, not of the
language, which stays text here (the reader notes it); and what the tool rejects,
argmap rejects at the same line. In argmap's terms:

- a statement ``[title]: text`` is an ``am:Statement`` (all statements with one title
  are one statement): ``am:Claim`` unless its data says ``{kind: evidence}`` (or
  proposal, prediction, recommendation, statement); ``rdfs:label`` is the title
  (``Untitled 1``... for untitled ones, as in Argdown), ``am:text`` the text of the
  last definition (markup removed, tags kept unless ``removeTagsFromText``,
  Argdown's special characters such as ``.A.`` or ``:happy:`` the characters they
  name); an item of a list (a block of ``* ...`` or ``1. ...`` lines) is a
  statement or argument like any other;
- an argument with a premise-conclusion structure is one ``am:Inference`` per
  inference line, from the statements since the previous conclusion (or the
  ``{uses: [1, 2]}`` of the line) to the next one; the last, labelled with the
  argument's title and described by its description (``rdfs:comment``), draws
  the argument's conclusion; earlier ones draw intermediate conclusions;
- an argument without one stands for its gist: an ``am:Statement`` labelled with
  the argument's title, the description as its text; its supports are inferences
  from the gist (labelled with the argument's title), its attacks conflicts;
- every relation is reified, never a shortcut edge (derivation adds those): ``+``
  is an ``am:Inference``, ``-`` an ``am:Conflict``; an undercut ``_`` (``<_``,
  ``_>``) is a conflict whose target is the inference (a reconstructed argument's
  last one, the step of an inference line or of a conclusion, the inferences an
  argument without a structure draws); a contradiction ``><``, or in strict mode a
  ``-`` between statements (a contrariety), is two conflicts. Where Argdown relates
  to a reconstructed argument without naming a premise, an attack targets its last
  inference and a support concludes its conclusion;
- data ``{quote: "...", speaker: "...", mentions: [...], implicit: true, main: true,
  comment: "...", scheme: ArgumentFromExpertOpinion}``, ``{relation: {comment:
  "..."}}`` on a relation line's element, and the front matter (``source``: the
  text file quotes are checked against, relative to the document; ``title``,
  ``sourceTitle``, ``author``, ``date``, ``actors`` with roles) carry what Turtle
  would, so a seed map can be written in Argdown; headings are groups
  (``dcterms:isPartOf``) unless ``{isGroup: false}``.

Writing produces Argdown from any map, deterministically; :data:`CANNOT_CARRY`
says what a map loses on the way. Text that would read as markup is escaped
(``\\<``, ``\\[``, ``\\.A.``...), so the official tool reads what argmap writes
without an error or a warning, as argmap reads it; only a title holding ``]`` (an
argument's holding ``>``) it cannot read, since it takes no escapes in titles.

>>> store = loads('''[Ban]: Cities should ban cars.
...   + [Air]: Air pollution harms children.
...   - [Shops]: Shops would lose customers.''')
>>> sorted(label for (label,) in store.rows(
...     "SELECT ?l WHERE { ?s a am:Claim ; rdfs:label ?l }"))
['Air', 'Ban', 'Shops']
>>> print(dumps(store).splitlines()[2])
[Ban]: Cities should ban cars.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeAlias

import pyoxigraph as ox
from lark import Lark, Token, Transformer, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.lark import PostLex
from lark.lexer import BasicLexer, LexerThread
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from graph import formats
from graph.derive import known_schemes
from graph.errors import InputError
from graph.formats import Format, ReadContext, register
from graph.limits import DEFAULT_MAX_NESTING, deeper, max_nesting, nesting_message
from graph.store import MapStore, atomic_write, from_ox, new_store
from graph.vocab import (
    AM,
    DCTERMS,
    DERIVED_GRAPH,
    OA,
    PROV,
    RDF,
    RDFS,
    REASONING_GRAPH,
    STATEMENT_KINDS,
    XSD,
)

__all__ = ["CANNOT_CARRY", "FORMAT", "dump", "dumps", "load", "loads"]


@lru_cache(maxsize=1)
def _built_in_schemes() -> frozenset[str]:
    """argmap's own schemes, the ones Argdown's ``scheme:`` names (as IRIs)."""
    return frozenset(str(s) for s in known_schemes())


#: What a map loses when written as Argdown (the registry shows this sentence).
CANNOT_CARRY = (
    "IRIs outside the map's own namespace for actors, the map and its source "
    "document (statements, inferences and conflicts keep theirs through `base:` and "
    "`id:`); language tags and datatypes of labels and texts; a second source "
    "document or map; more than one kind, label, text or comment per node; a second "
    "conflict between the same attacker and target, or a second inference with the "
    "same premises and conclusion (one of each is written); a linked attack (Argdown "
    "has none: one attack per attacker is written) and an attack on an attack (Argdown "
    "relations cannot be attacked: left out); a scheme of the map's own (not one of "
    "argmap's: the inference comes back without a scheme); line breaks inside a "
    "text; an inference without a label (it comes back labelled with its argument's "
    "title); a creator given as text (it comes back as an actor); rephrases and the "
    "dialogue layer (locutions, illocutions, transitions); derived and reasoning "
    "triples; and any triple outside the argmap vocabulary."
)

#: The base of minted IRIs when the reader is not told where the text came from.
DEFAULT_BASE = "urn:argmap:argdown"

Triple: TypeAlias = tuple[Node, Node, Node]

_KINDS = STATEMENT_KINDS
#: Most specific first: the kind a statement is written with when it has several.
_KIND_ORDER = ("prediction", "recommendation", "evidence", "proposal", "claim", "statement")

_RELATION_SYMBOLS = "+, -, _, ><, <+, <-, <_, +>, ->, _>"
#: Relations read as two conflicts (one each way): an id would name only one.
_SYMMETRIC = ("contradictory", "contrary")

#: Argdown's special characters (its plugins/shortcodes.ts, MIT): ``.A.`` or ``:A:``
#: in a text is written as the character.
_SHORTCODE_NAMES = {
    "A": "\u2200",
    "E": "\u2203",
    "O": "\U0001d5e2",
    "P": "\U0001d5e3",
    "->": "\u2192",
    "<->": "\u2194",
    "~": "\u00ac",
    "^": "\u2227",
    "v": "\u2228",
    "v_": "\u22bb",
    "<>": "\u25c7",
    "[]": "\u25fb",
    "happy": "\U0001f600",
    "smile": "\u263a",
    "smiley": "\u263a",
    "laugh": "\U0001f606",
    "lol": "\U0001f606",
    "rofl": "\U0001f923",
    "joy": "\U0001f602",
    "heart": "\u2764",
    "?": "\u2753",
    "question": "\u2753",
    "love": "\U0001f60d",
    "wink": "\U0001f609",
    "shush": "\U0001f92b",
    "meh": "\U0001f610",
    "eye-roll": "\U0001f644",
    "sad": "\U0001f622",
    "disappointed": "\U0001f61e",
    "scream": "\U0001f631",
    "+1": "\U0001f44d",
    "up": "\U0001f44d",
    "-1": "\U0001f44e",
    "down": "\U0001f44e",
    "think": "\U0001f914",
    "star": "\u2b50",
    "y": "\u2714",
    "agree": "\u2714",
    "n": "\u274c",
    "disagree": "\u274c",
}
_SHORTCODES = {f"{m}{name}{m}": char for name, char in _SHORTCODE_NAMES.items() for m in ".:"}
_SHORTCODES[":smile:"] = "\u263a\ufe0f"  # the one whose two spellings differ


# --------------------------------------------------------------------- problems


class _Problem(Exception):
    """A syntax or meaning problem at a place in the document."""

    def __init__(self, message: str, line: int | None, column: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class _Pos:
    line: int
    column: int


_Reporter: TypeAlias = Callable[[str, "_Pos | None"], None]


def _pos(token: Token) -> _Pos:
    return _Pos(token.line or 1, token.column or 1)


def _problem_at(message: str, where: Token | _Pos | None) -> _Problem:
    if isinstance(where, Token):
        return _Problem(message, where.line, where.column)
    if where is None:
        return _Problem(message, None, None)
    return _Problem(message, where.line, where.column)


# --------------------------------------------------------------------- parsers

_TEXT_ITEMS = frozenset({"TEXT", "TAG", "LINK", "MENTION", "ESCAPE", "EMPH"})
_OPENERS = frozenset({"STATEMENT_DEF", "STATEMENT_REF", "ARGUMENT_DEF", "ARGUMENT_REF"})


def _token(kind: str, value: str, line: int, column: int) -> Token:
    return Token(kind, value, line=line, column=column, end_line=line, end_column=column)


def _after(token: Token) -> tuple[int, int]:
    """The position just after a token (where a block that it ends, ends)."""
    return (token.end_line or token.line or 1, token.end_column or token.column or 1)


class _Lines:
    """The state of the post-lexer while it walks one document's tokens.

    Indentation follows Argdown's lexer (``emitIndentOrDedent`` in its lexer.ts):
    a relation line opens a level when it is indented more than the innermost open
    one; otherwise it closes every level indented more than it is, and then
    belongs to the level it lands on, even when it is indented between two
    levels (``-> G`` at 4 under lines at 2 and 6 is a sibling of the line at 2,
    and opens no level at 4: a next line at 4 is deeper than 2 and relates to G).
    A list item counts its marker as one more space (its level is its
    indentation + 1); the first item of a block opens the list's level, the next
    ones close the levels above it as relation lines do. Numbered statements,
    inference lines and empty lines close every level. What Argdown's parser then
    rejects is an error here: a relation line that closes every level of its
    block or lands on a list's level, a list item deeper than the innermost level
    or landing on a relation's, and one in a block that is not a list.
    """

    def __init__(self) -> None:
        self.indents = [0]
        self.lists = [False]  # whether each open level is a list's (else a relation's)
        self.line_start = True
        self.blank = False
        self.newline = False
        self.indent = 0
        self.block_open = False
        self.block_start = True
        self.element_start = True
        self.inference: Token | None = None
        self.last: Token | None = None

    def emit(self, token: Token) -> Token:
        self.last = token
        return token

    def synthetic(self, kind: str, at: Token | None) -> Token:
        if at is None:
            line, column = _after(self.last) if self.last is not None else (1, 1)
        else:
            line, column = at.line or 1, at.column or 1
        return self.emit(_token(kind, "", line, column))

    def dedent_all(self, at: Token | None) -> Iterator[Token]:
        yield from self.dedent_to(0, at)

    def dedent_to(self, indent: int, at: Token | None) -> Iterator[Token]:
        """Close every open level indented more than ``indent``."""
        while len(self.indents) > 1 and indent < self.indents[-1]:
            self.indents.pop()
            self.lists.pop()
            yield self.synthetic("_DEDENT", at)

    def open(self, level: int, is_list: bool, at: Token) -> Token:
        self.indents.append(level)
        self.lists.append(is_list)
        return self.synthetic("_INDENT", at)

    def feed(self, tok: Token) -> Iterator[Token]:
        kind = tok.type
        if kind == "COMMENT":
            return
        if kind == "NEWLINES":
            self.line_start = self.newline = True
            self.blank = self.blank or tok.value.count("\n") >= 2
            self.indent = len(tok.value) - tok.value.rfind("\n") - 1
            return
        if kind == "WS" and self.last is None and self.line_start:
            self.indent = len(tok.value)  # the indentation of the document's first line
            return
        if kind == "FRONT_MATTER":
            if self.last is not None:
                raise _problem_at("front matter (=== ... ===) must open the document", tok)
            yield self.emit(tok)
            self.blank = self.newline = False
            return
        if self.blank:
            self.blank = False
            if self.inference is not None:
                raise _problem_at(
                    "unterminated inference line: close it with '--' before the empty "
                    "line (or write '----' for an inference without a rule)",
                    self.inference,
                )
            if self.block_open:
                yield from self.dedent_all(None)
                yield self.synthetic("_BLANK", None)
                self.block_open = False
            self.block_start = self.element_start = True
        line_start, self.line_start = self.line_start, False
        at_block_start, self.block_start = self.block_start, False
        newline = self.newline and not at_block_start
        self.newline = False

        if self.inference is not None:
            yield from self.inference_token(tok, newline, line_start)
            return
        if at_block_start:
            if kind == "HEADING":
                self.block_open, self.element_start = True, False
                yield self.emit(tok)
                return
            if kind == "LIST_ITEM":
                yield from self.list_item(tok, True)
                return
            if kind in ("REL", "SYMBOLS"):
                raise _problem_at(
                    "a relation line needs a parent: put it right under the statement or "
                    "argument it relates to, indented, with no empty line in between",
                    tok,
                )
            if kind == "INFSEP":
                raise _problem_at(
                    "an inference line ('--') needs numbered premises above it, such as '(1) ...'",
                    tok,
                )
        elif line_start:
            if kind == "REL":
                yield from self.relation_line(tok)
                return
            if kind == "LIST_ITEM":
                yield from self.list_item(tok, False)
                return
            if kind == "SYMBOLS":
                raise _problem_at(
                    f"unknown relation symbol {tok.value!r}: expected one of {_RELATION_SYMBOLS}",
                    tok,
                )
            if kind == "INFSEP":
                yield from self.dedent_all(tok)
                self.block_open, self.element_start = True, False
                yield self.synthetic("INF_START", tok)
                if len(tok.value) >= 4:  # '----': an inference line without a rule
                    yield self.synthetic("INF_END", tok)
                else:
                    self.inference = tok
                return
        if line_start and kind == "PCS_NUM":
            yield from self.dedent_all(tok)
            self.block_open = self.element_start = True
            yield self.emit(tok)
            return
        yield from self.inline(tok, newline)

    def relation_line(self, tok: Token) -> Iterator[Token]:
        indent = self.indent
        if indent == 0:
            raise _problem_at(
                "a relation line must be indented under the statement or argument it relates to",
                tok,
            )
        if indent > self.indents[-1]:
            yield self.open(indent, False, tok)
        else:
            first, in_list = self.indents[1], self.lists[1]
            yield from self.dedent_to(indent, tok)
            if in_list and (self.lists[-1] or len(self.indents) == 1):
                raise _problem_at(
                    f"inconsistent indentation: this relation line is indented by {indent}, "
                    "no deeper than the list items above it: indent a relation of a list "
                    f"item by at least {first + 1}",
                    tok,
                )
            if len(self.indents) == 1:
                raise _problem_at(
                    f"inconsistent indentation: this relation line is indented by {indent}, "
                    f"less than the first relation line of its block ({first}): a relation "
                    "line relates to the nearest line above it that is indented less, and "
                    f"there is none; indent it by at least {first}",
                    tok,
                )
        self.block_open = self.element_start = True
        yield self.emit(tok)

    def list_item(self, tok: Token, at_block_start: bool) -> Iterator[Token]:
        level = self.indent + 1  # Argdown counts the marker as one more space
        if at_block_start:
            yield self.open(level, True, tok)
        elif True not in self.lists:
            escaped = "\\*" if tok.value == "*" else tok.value[:-1] + "\\."
            raise _problem_at(
                f"a list item ('{tok.value}' at the start of a line) begins a list, a block "
                f"of its own: put an empty line above it (or write '{escaped}' to keep it "
                "as text)",
                tok,
            )
        else:
            items = self.indents[self.lists.index(True)] - 1
            if level > self.indents[-1]:
                raise _problem_at(
                    f"inconsistent indentation: this list item is indented by {self.indent}, "
                    f"the items above it by {items}: indent it like them (Argdown has no "
                    "nested lists)",
                    tok,
                )
            yield from self.dedent_to(level, tok)
            if not self.lists[-1]:
                raise _problem_at(
                    f"inconsistent indentation: this list item is indented by {self.indent}, "
                    f"the items above it by {items}: indent it like them",
                    tok,
                )
        self.block_open = self.element_start = True
        yield self.emit(tok)

    def inline(self, tok: Token, newline: bool) -> Iterator[Token]:
        kind = tok.type
        if kind == "WS":
            if not self.element_start and self.last is not None and self.last.type in _TEXT_ITEMS:
                yield self.emit(Token.new_borrow_pos("TEXT", " ", tok))
            return
        self.block_open = True
        if self.element_start:
            self.element_start = False
            if kind in _OPENERS:
                yield self.emit(tok)
                return
            if kind == "CHAR" and tok.value in "[<":
                close = "]" if tok.value == "[" else ">"
                raise _problem_at(
                    f"unclosed {tok.value!r}: a title runs from {tok.value!r} to {close!r} "
                    "on the same line",
                    tok,
                )
        if kind == "DATA":
            yield self.emit(tok)
            return
        if kind == "CHAR" and tok.value == "{":
            raise _problem_at(
                "unterminated data block: expected '}' (is a string in it unterminated? "
                "write '\\{' for a literal brace)",
                tok,
            )
        if newline and self.last is not None and self.last.type in _TEXT_ITEMS:
            yield self.emit(Token.new_borrow_pos("TEXT", " ", tok))
        value = tok.value
        if kind == "SPECIAL":
            char = _SHORTCODES.get(value.rstrip(" \t"))
            if char is not None:
                value = char + (" " if value.endswith(" ") else "")
        text_kind = kind if kind in _TEXT_ITEMS else "TEXT"
        if kind in ("REL", "LIST_ITEM") and value in "_*":  # mid-line before a space: emphasis
            text_kind = "EMPH"
        yield self.emit(Token.new_borrow_pos(text_kind, value, tok))

    def inference_token(self, tok: Token, newline: bool, line_start: bool) -> Iterator[Token]:
        kind = tok.type
        if kind == "INFSEP":
            self.inference = None
            yield self.synthetic("INF_END", tok)
            return
        if line_start and kind == "PCS_NUM":
            assert self.inference is not None
            raise _problem_at(
                "unterminated inference line: close it with '--' before the numbered conclusion",
                self.inference,
            )
        if kind in ("COMMA", "DATA"):
            yield self.emit(tok)
            return
        yield from self.inline(tok, newline)

    def finish(self) -> Iterator[Token]:
        if self.inference is not None:
            raise _problem_at(
                "unterminated inference line: close it with '--' (or write '----')",
                self.inference,
            )
        yield from self.dedent_all(None)


class ArgdownPostLexer(PostLex):
    """Make the context-free terminals of ``argdown.lark`` context-sensitive.

    See the grammar's header: line-start tokens elsewhere become text, relation
    lines open and close indentation levels, empty lines separate blocks.
    """

    always_accept = ("COMMENT", "NEWLINES", "WS", "CHAR", "SYMBOLS", "INFSEP", "SPECIAL")

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        lines = _Lines()
        for tok in stream:
            yield from lines.feed(tok)
        yield from lines.finish()


class _FlowPostLexer(PostLex):
    always_accept = ("FLOW_WS",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        return (tok for tok in stream if tok.type != "FLOW_WS")


@lru_cache(maxsize=1)
def _grammar() -> str:
    return Path(__file__).with_name("argdown.lark").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _document_parser() -> Lark:
    return Lark(
        _grammar(),
        start="document",
        parser="lalr",
        lexer="basic",
        postlex=ArgdownPostLexer(),
        propagate_positions=False,
    )


@lru_cache(maxsize=1)
def _flow_parser() -> Lark:
    return Lark(
        _grammar(), start="flow", parser="lalr", lexer="contextual", postlex=_FlowPostLexer()
    )


# --------------------------------------------------------------------- YAML subset

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "0": "\0",
    "a": "\a",
    "v": "\v",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "\t": "\t",
}


def _plain(text: str) -> object:
    """A plain YAML scalar: true, false, null, a number, or the text itself."""
    value = " ".join(text.split())
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if value in ("null", "Null", "NULL", "~", ""):
        return None
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _fold(text: str) -> str:
    """YAML line folding inside a quoted string: a line break and its indentation
    become one space."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


def _double_quoted(raw: str, where: _Pos) -> str:
    body = _fold(raw[1:-1])
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        code = body[i + 1 : i + 2]
        width = {"x": 2, "u": 4, "U": 8}.get(code)
        if width is not None:
            digits = body[i + 2 : i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _problem_at(f"bad escape '\\{code}{digits}' in a quoted string", where)
            out.append(chr(int(digits, 16)))
            i += 2 + width
            continue
        # YAML's escapes; any other escaped character stands for itself.
        out.append(_ESCAPES.get(code, code))
        i += 2
    return "".join(out)


def _scalar(token: Token, where: _Pos, *, key: bool = False) -> object:
    if token.type == "DQ_STRING":
        return _double_quoted(token.value, where)
    if token.type == "SQ_STRING":
        return _fold(token.value[1:-1]).replace("''", "'")
    return " ".join(token.value.split()) if key else _plain(token.value)


class _FlowValues(Transformer[Token, object]):
    def __init__(self, where: _Pos) -> None:
        super().__init__()
        self.where = where

    def _value(self, item: object) -> object:
        return _scalar(item, self.where) if isinstance(item, Token) else item

    def flow_mapping(self, children: list[object]) -> dict[str, object]:
        result: dict[str, object] = {}
        for child in children:
            if isinstance(child, tuple):
                result[child[0]] = child[1]
        return result

    def flow_pair(self, children: list[object]) -> tuple[str, object]:
        key = children[0]
        name = str(_scalar(key, self.where, key=True)) if isinstance(key, Token) else str(key)
        value = self._value(children[1]) if len(children) > 1 else None
        return name, value

    def flow_sequence(self, children: list[object]) -> list[object]:
        return [self._value(c) for c in children if c is not None]


def _parse_flow(text: str, line: int, column: int) -> object:
    """Parse a YAML flow value (``{...}``, ``[...]``, a quoted or plain scalar)."""
    where = _Pos(line, column)
    try:
        tree = _flow_parser().parse(text)
    except UnexpectedInput as exc:
        at_line = line + (exc.line - 1 if exc.line and exc.line > 0 else 0)
        at_column = (column + exc.column - 1) if exc.line in (1, None, -1) else exc.column
        if isinstance(exc, UnexpectedToken):
            found = "the end of the data" if exc.token.type == "$END" else repr(exc.token.value)
            message = f"invalid data: unexpected {found}"
        elif isinstance(exc, UnexpectedCharacters):
            message = f"invalid data: unexpected {exc.char!r} (an unterminated string?)"
        else:
            message = "invalid data"
        raise _Problem(
            message + '; data is YAML such as {key: value, list: [a, b], text: "..."}',
            at_line,
            at_column,
        ) from None
    if isinstance(tree, Token):
        return _scalar(tree, where)
    try:
        return _FlowValues(where).transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, _Problem):
            raise exc.orig_exc from None
        raise


def _flow_complete(text: str) -> bool:
    """Whether every bracket and quote opened in a flow value is closed."""
    depth = 0
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        i += 1
    return depth <= 0 and not quote


@dataclass
class _Row:
    line: int
    indent: int
    content: str


class _BlockYaml:
    """The block YAML subset of Argdown's front matter: nested mappings, ``- item``
    sequences, plain scalars (continued on more-indented lines), quoted strings and
    flow values, which go to the grammar's flow parser."""

    def __init__(self, body: str, first_line: int) -> None:
        self.rows: list[_Row] = []
        for offset, raw in enumerate(body.split("\n")):
            content = raw.strip()
            if content and not content.startswith("#"):
                indent = len(raw) - len(raw.lstrip(" \t"))
                self.rows.append(_Row(first_line + offset, indent, content))
        self.i = 0

    def parse(self) -> dict[str, object]:
        if not self.rows:
            return {}
        value = self.block(self.rows[0].indent)
        if self.i < len(self.rows):
            row = self.rows[self.i]
            raise _Problem("unexpected indentation in the front matter", row.line, row.indent + 1)
        if not isinstance(value, dict):
            row = self.rows[0]
            raise _Problem(
                "the front matter must be a mapping (key: value lines)", row.line, row.indent + 1
            )
        return value

    def block(self, indent: int) -> object:
        row = self.rows[self.i]
        if row.content == "-" or row.content.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def mapping(self, indent: int) -> dict[str, object]:
        result: dict[str, object] = {}
        while self.i < len(self.rows):
            row = self.rows[self.i]
            if row.indent < indent:
                break
            if row.indent > indent:
                raise _Problem(
                    "unexpected indentation in the front matter", row.line, row.indent + 1
                )
            key, rest, offset = self.split_key(row)
            self.i += 1
            result[key] = self.value(rest, indent, row.line, row.indent + offset + 1)
        return result

    def sequence(self, indent: int) -> list[object]:
        items: list[object] = []
        while self.i < len(self.rows):
            row = self.rows[self.i]
            if row.indent < indent or not (row.content == "-" or row.content.startswith("- ")):
                break
            rest = row.content[1:].lstrip()
            self.i += 1
            column = row.indent + len(row.content) - len(rest) + 1
            items.append(self.value(rest, indent, row.line, column))
        return items

    def split_key(self, row: _Row) -> tuple[str, str, int]:
        content = row.content
        if content[0] in "\"'":
            quote = content[0]
            i = 1
            while i < len(content) and content[i] != quote:
                i += 2 if content[i] == "\\" and quote == '"' else 1
            key = str(_parse_flow(content[: i + 1], row.line, row.indent + 1))
            rest = content[i + 1 :].lstrip()
            if not rest.startswith(":"):
                raise _Problem(
                    "expected ':' after a quoted key in the front matter",
                    row.line,
                    row.indent + i + 2,
                )
            after = rest[1:].lstrip()
            return key, after, len(content) - len(after)
        match = re.search(r":(?:[ \t]|$)", content)
        if match is None:
            raise _Problem(
                f"expected 'key: value' in the front matter, found {content!r}",
                row.line,
                row.indent + 1,
            )
        after = content[match.end() :].lstrip()
        return content[: match.start()].strip(), after, len(content) - len(after)

    def value(self, rest: str, indent: int, line: int, column: int) -> object:
        rows = self.rows
        if not rest:
            if self.i < len(rows) and rows[self.i].indent > indent:
                return self.block(rows[self.i].indent)
            if (
                self.i < len(rows)
                and rows[self.i].indent == indent
                and (rows[self.i].content == "-" or rows[self.i].content.startswith("- "))
            ):
                return self.sequence(indent)
            return None
        if rest[0] in "[{\"'":
            text = rest
            while not _flow_complete(text) and self.i < len(rows) and rows[self.i].indent > indent:
                text += "\n" + rows[self.i].content
                self.i += 1
            return _parse_flow(text, line, column)
        parts = [rest]
        while self.i < len(rows) and rows[self.i].indent > indent:
            parts.append(rows[self.i].content)
            self.i += 1
        return _plain(" ".join(parts))


def _front_matter(token: Token) -> dict[str, object]:
    lines = token.value.split("\n")
    return _BlockYaml("\n".join(lines[1:-1]), (token.line or 1) + 1).parse()


# --------------------------------------------------------------------- syntax tree


@dataclass
class _Text:
    pieces: list[tuple[str, str]]
    pos: _Pos | None = None


@dataclass
class _Data:
    value: dict[str, object]
    pos: _Pos


@dataclass
class _Element:
    kind: Literal["statement", "argument"]
    title: str | None
    text: _Text | None
    pos: _Pos
    data: _Data | None = None
    relations: list[_RelationLine] = field(default_factory=list)


@dataclass
class _RelationLine:
    symbol: str
    child: _Element
    pos: _Pos


@dataclass
class _Rules:
    texts: list[_Text]


@dataclass
class _InferenceLine:
    rules: list[_Text]
    data: _Data | None
    relations: list[_RelationLine]
    pos: _Pos


@dataclass
class _Pcs:
    items: list[_Element | _InferenceLine]
    pos: _Pos


@dataclass
class _Heading:
    level: int
    text: _Text | None
    data: _Data | None
    pos: _Pos


@dataclass
class _ElementBlock:
    element: _Element
    pcs: _Pcs | None


@dataclass
class _List:
    items: list[_Element]


@dataclass
class _FrontMatter:
    value: dict[str, object]
    pos: _Pos


_Block: TypeAlias = "_Heading | _ElementBlock | _Pcs | _List"


@dataclass
class _Document:
    front_matter: _FrontMatter | None
    blocks: list[_Block]


def _title(inner: str) -> str:
    return re.sub(r"\\(.)", r"\1", inner)


class _ToAst(Transformer[Token, Any]):
    """The parse tree as the dataclasses above."""

    def document(self, children: list[Any]) -> _Document:
        front = next((c for c in children if isinstance(c, _FrontMatter)), None)
        blocks = next((c for c in children if isinstance(c, list)), [])
        return _Document(front, blocks)

    def front_matter(self, children: list[Token]) -> _FrontMatter:
        return _FrontMatter(_front_matter(children[0]), _pos(children[0]))

    def blocks(self, children: list[Any]) -> list[Any]:
        return list(children)

    def heading(self, children: list[Any]) -> _Heading:
        start: Token = children[0]
        text = next((c for c in children if isinstance(c, _Text)), None)
        data = next((c for c in children if isinstance(c, _Data)), None)
        return _Heading(len(start.value), text, data, _pos(start))

    def element_block(self, children: list[Any]) -> _ElementBlock:
        return _ElementBlock(children[0], children[1] if len(children) > 1 else None)

    def element(self, children: list[Any]) -> _Element:
        element: _Element = children[0]
        for child in children[1:]:
            if isinstance(child, _Data):
                element.data = child
            elif isinstance(child, list):
                element.relations = child
        return element

    def statement_definition(self, children: list[Any]) -> _Element:
        token: Token = children[0]
        text = children[1] if len(children) > 1 else _Text([])
        return _Element("statement", _title(token.value[1:-2]), text, _pos(token))

    def statement_reference(self, children: list[Any]) -> _Element:
        token: Token = children[0]
        return _Element("statement", _title(token.value[1:-1]), None, _pos(token))

    def statement_text(self, children: list[Any]) -> _Element:
        text: _Text = children[0]
        return _Element("statement", None, text, text.pos or _Pos(1, 1))

    def argument_definition(self, children: list[Any]) -> _Element:
        token: Token = children[0]
        text = children[1] if len(children) > 1 else _Text([])
        return _Element("argument", _title(token.value[1:-2]), text, _pos(token))

    def argument_reference(self, children: list[Any]) -> _Element:
        token: Token = children[0]
        return _Element("argument", _title(token.value[1:-1]), None, _pos(token))

    def relations(self, children: list[Any]) -> list[_RelationLine]:
        return list(children)

    def item_list(self, children: list[Any]) -> _List:
        markers: list[Token] = [marker for marker, _ in children]
        for marker in markers[1:]:
            if (marker.value == "*") != (markers[0].value == "*"):
                raise _problem_at(
                    "a list's items are all '*' or all numbered ('1.', '2.' ...): start the "
                    "other kind of list after an empty line",
                    marker,
                )
        return _List([element for _, element in children])

    def list_item(self, children: list[Any]) -> tuple[Token, _Element]:
        return children[0], children[1]

    def relation(self, children: list[Any]) -> _RelationLine:
        token: Token = children[0]
        return _RelationLine(token.value, children[1], _pos(token))

    def pcs(self, children: list[Any]) -> _Pcs:
        first: _Element = children[0]
        items: list[_Element | _InferenceLine] = [first]
        for tail in children[1:]:
            items.extend(tail)
        return _Pcs(items, first.pos)

    def pcs_tail(self, children: list[Any]) -> list[Any]:
        return list(children)

    def pcs_statement(self, children: list[Any]) -> _Element:
        number: Token = children[0]
        element: _Element = children[1]
        if element.kind != "statement":
            raise _problem_at(
                f"a numbered line of a premise-conclusion structure holds a statement, "
                f"not the argument <{element.title}>",
                number,
            )
        return element

    def inference(self, children: list[Any]) -> _InferenceLine:
        start: Token = children[0]
        rules = next((c.texts for c in children if isinstance(c, _Rules)), [])
        data = next((c for c in children if isinstance(c, _Data)), None)
        relations = next((c for c in children if isinstance(c, list)), [])
        return _InferenceLine(rules, data, relations, _pos(start))

    def inference_rules(self, children: list[Any]) -> _Rules:
        return _Rules([c for c in children if isinstance(c, _Text)])

    def text(self, children: list[Token]) -> _Text:
        return _Text([(t.type, str(t.value)) for t in children], _pos(children[0]))

    def tag(self, children: list[Token]) -> str:
        return str(children[0].value)

    def data(self, children: list[Token]) -> _Data:
        token = children[0]
        value = _parse_flow(token.value, token.line or 1, token.column or 1)
        if not isinstance(value, dict):  # pragma: no cover - the grammar only lets {…} here
            raise _problem_at("a data block must be a mapping {key: value}", token)
        return _Data(value, _pos(token))


_EXPECTED = {
    "TEXT": "text",
    "TAG": "text",
    "LINK": "text",
    "MENTION": "text",
    "ESCAPE": "text",
    "EMPH": "text",
    "STATEMENT_DEF": "a statement '[title]: text'",
    "STATEMENT_REF": "a statement '[title]'",
    "ARGUMENT_DEF": "an argument '<title>: text'",
    "ARGUMENT_REF": "an argument '<title>'",
    "REL": f"a relation line ({_RELATION_SYMBOLS})",
    "PCS_NUM": "a numbered statement such as '(2) ...'",
    "INF_START": "an inference line ('--' or '----')",
    "INF_END": "the closing '--' of the inference line",
    "DATA": "a data block '{...}'",
    "_INDENT": "an indented relation line",
    "_DEDENT": "the end of the relation lines",
    "_BLANK": "an empty line",
    "$END": "the end of the document",
    "HEADING": "a heading",
    "LIST_ITEM": "a list item ('* ...' or '1. ...')",
    "COMMA": "','",
    "FRONT_MATTER": "front matter",
}


def _describe(kind: str, value: str = "") -> str:
    if kind in _TEXT_ITEMS and value.strip():
        return f"text {value.strip()[:30]!r}"
    return _EXPECTED.get(kind, kind)


def _accepted(fed: list[Token]) -> set[str]:
    """The terminals the parser accepts after ``fed``: exact, unlike the expected set
    of an LALR error, which merges the lookaheads of states that look alike."""
    replay = _document_parser().parse_interactive(start="document")
    for tok in fed:
        replay.feed_token(tok)
    return {str(t) for t in replay.accepts()}  # type: ignore[no-untyped-call]


def _syntax_problem(exc: UnexpectedInput, fed: list[Token]) -> _Problem:
    if not isinstance(exc, UnexpectedToken):  # the lexer has a catch-all terminal
        return _Problem(f"cannot read this: {exc}", exc.line, exc.column)
    token = exc.token
    expected = _accepted(fed) or set(exc.expected)
    previous = fed[-1] if fed else None
    if token.type in ("_BLANK", "$END") and "INF_START" in expected:
        return _Problem(
            "premise-conclusion structure without a conclusion: after the premises, "
            "write an inference line ('----') and the conclusion as the next numbered "
            "statement",
            token.line,
            token.column,
        )
    if (
        previous is not None
        and previous.type in ("STATEMENT_REF", "ARGUMENT_REF")
        and token.type in _TEXT_ITEMS
    ):
        opener, closer = ("[", "]") if previous.type == "STATEMENT_REF" else ("<", ">")
        title = previous.value[1:-1]
        return _Problem(
            f"text after the reference {previous.value}: a reference names an element "
            f"defined elsewhere; to define it here, write {opener}{title}{closer}: text",
            token.line,
            token.column,
        )
    wanted = sorted({_describe(e) for e in expected})
    return _Problem(
        f"unexpected {_describe(token.type, str(token.value))}: expected "
        + (
            " or ".join(wanted)
            if len(wanted) <= 2
            else ", ".join(wanted[:-1]) + " or " + wanted[-1]
        ),
        token.line,
        token.column,
    )


def _raw_tokens(text: str) -> Iterator[Token]:
    """The context-free tokens of the document lexer, before post-lexing."""
    thread = LexerThread.from_text(_document_lexer(), text)
    tokens: Iterator[Token] = thread.lex(None)  # type: ignore[no-untyped-call]
    return tokens


@lru_cache(maxsize=1)
def _document_lexer() -> BasicLexer:
    return BasicLexer(_document_parser().lexer_conf)


def _parse_once(text: str) -> _Document:
    lines = _Lines()

    def tokens() -> Iterator[Token]:
        for raw in _raw_tokens(text):
            yield from lines.feed(raw)
        yield from lines.finish()

    interactive = _document_parser().parse_interactive(start="document")
    fed: list[Token] = []
    try:
        for tok in tokens():
            interactive.feed_token(tok)
            fed.append(tok)
        tree: Tree[Token] = interactive.feed_eof(fed[-1] if fed else None)  # type: ignore[no-untyped-call]
    except UnexpectedInput as exc:
        raise _syntax_problem(exc, fed) from None
    try:
        document: _Document = _ToAst().transform(tree)
    except VisitError as exc:
        if isinstance(exc.orig_exc, _Problem):
            raise exc.orig_exc from None
        raise
    return document


_FRONT = re.compile(r"===+[ \t]*\n(?:[^\n]*\n)*?[ \t]*===+[ \t]*(?=\n|$)")


def _skippable_lines(text: str, line: int) -> tuple[int, int]:
    """The lines of the block (or front matter) around ``line``, 1-based inclusive."""
    lines = text.split("\n")
    front = _FRONT.match(text)
    if front is not None:
        end = text.count("\n", 0, front.end()) + 1
        if line <= end:
            return 1, end
    line = max(1, min(line, len(lines)))
    start = end = line
    while start > 1 and lines[start - 2].strip():
        start -= 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return start, end


def _parse(text: str, context: ReadContext) -> _Document:
    """Parse, skipping a bad block at a time in lenient mode."""
    while True:
        try:
            return _parse_once(text)
        except _Problem as problem:
            if not context.lenient or problem.line is None:
                raise
            start, end = _skippable_lines(text, problem.line)
            lines = text.split("\n")
            if not any(lines[i].strip() for i in range(start - 1, end)):
                raise
            for i in range(start - 1, end):
                lines[i] = ""
            text = "\n".join(lines)
            where = f"line {start}" if start == end else f"lines {start}-{end}"
            context.skip(f"{problem.line}:{problem.column}: {problem.message} (skipped {where})")


# --------------------------------------------------------------------- text

_OPENING = "([{\"'\u2018\u201c-/"
_CLOSING = ".,;:!?)]}\"'\u2019\u201d-/*_"
_SPACES = re.compile(r"[ \t\r\n]+")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" ")


def _render(text: _Text | None, *, remove_tags: bool = False) -> str:
    """A statement's text as Argdown shows it: markup removed, links as their text,
    mentions and (unless removed) tags kept, whitespace collapsed."""
    if text is None:
        return ""
    values: list[tuple[str, str]] = []
    for kind, value in text.pieces:
        if kind == "TAG" and remove_tags:
            continue
        if kind == "LINK":
            trailing = value[len(value.rstrip(" \t")) :]
            value = value[1 : value.index("](")] + trailing
        elif kind == "ESCAPE":
            value = value[1:]
        values.append((kind, value))
    out: list[str] = []
    before = ""  # the last character written so far
    for i, (kind, value) in enumerate(values):
        if kind == "EMPH":
            after = next((v[:1] for k, v in values[i + 1 :] if k != "EMPH" and v), "")
            opens = (after != "" and not after.isspace()) and (
                before == "" or before.isspace() or before in _OPENING
            )
            closes = (before != "" and not before.isspace()) and (
                after == "" or after.isspace() or after in _CLOSING
            )
            if opens or closes:
                continue
        out.append(value)
        before = value[-1:] or before
    return _collapse("".join(out))


# --------------------------------------------------------------------- Argdown's model


def _note(context: ReadContext, message: str) -> None:
    """Tell the reader how something was read (not a skip: nothing was lost)."""
    if len(context.notes) < 100:
        context.notes.append(message)


_Ref: TypeAlias = tuple[str, str, int]  # ("statement" | "argument" | "inference", title, step)


@dataclass
class _Member:
    title: str
    text: _Text | None
    data: _Data | None
    pos: _Pos
    group: _Section | None


@dataclass
class _Section:
    title: str
    level: int
    is_group: bool
    parent: _Section | None
    pos: _Pos


@dataclass
class _Class:
    """An equivalence class of statements, or an argument's descriptions."""

    title: str
    members: list[_Member] = field(default_factory=list)

    def canonical(self) -> _Member | None:
        """Argdown's canonical member: the last definition (one with data
        ``isCanonical: true`` wins)."""
        definitions = [m for m in self.members if m.text is not None]
        for member in reversed(definitions):
            if member.data is not None and member.data.value.get("isCanonical") is True:
                return member
        return definitions[-1] if definitions else None

    def group(self) -> _Section | None:
        for member in self.members:
            if member.text is not None:
                return member.group
        return self.members[0].group if self.members else None

    def data(self) -> dict[str, tuple[object, _Pos]]:
        merged: dict[str, tuple[object, _Pos]] = {}
        for member in self.members:
            if member.data is not None:
                for key, value in member.data.value.items():
                    merged[key] = (value, member.data.pos)
        return merged


@dataclass
class _Step:
    premises: list[str]
    conclusion: str
    data: _Data | None
    pos: _Pos


@dataclass
class _Argument(_Class):
    steps: list[_Step] = field(default_factory=list)
    pcs_group: _Section | None = None


@dataclass
class _Relation:
    kind: str  # support | attack | undercut | contradictory | contrary
    source: _Ref
    target: _Ref
    pos: _Pos
    about: dict[str, object] = field(default_factory=dict)  # {relation: {comment: ...}}


class _Model:
    """Argdown's model of a document: what the official tool exports as JSON."""

    def __init__(self, document: _Document, context: ReadContext, problem: _Reporter) -> None:
        self.problem = problem
        self.context = context
        front = document.front_matter.value if document.front_matter else {}
        model = front.get("model")
        settings = model if isinstance(model, dict) else {}
        self.strict = settings.get("mode") == "strict"
        self.remove_tags = settings.get("removeTagsFromText") is True
        self.statements: dict[str, _Class] = {}
        self.arguments: dict[str, _Argument] = {}
        self.raw_relations: list[_Relation] = []
        self.sections: list[_Section] = []
        self.section: _Section | None = None
        self.untitled = 0
        self.walk(document.blocks)
        self.relations = self.transformed()

    def new_title(self) -> str:
        self.untitled += 1
        return f"Untitled {self.untitled}"

    def group(self) -> _Section | None:
        section = self.section
        while section is not None and not section.is_group:
            section = section.parent
        return section

    def walk(self, blocks: list[_Block]) -> None:
        previous: str | None = None  # the argument a following structure belongs to
        for block in blocks:
            if isinstance(block, _Heading):
                self.heading(block)
                previous = None
            elif isinstance(block, _List):
                for item in block.items:
                    self.element(item)
                previous = None
            elif isinstance(block, _ElementBlock):
                ref = self.element(block.element)
                previous = ref[1] if ref[0] == "argument" else None
                if block.pcs is not None:
                    self.pcs(block.pcs, previous)
                    previous = None
            else:
                self.pcs(block, previous)
                previous = None

    def heading(self, heading: _Heading) -> None:
        is_group = not (heading.data is not None and heading.data.value.get("isGroup") is False)
        parent = self.section
        while parent is not None and parent.level >= heading.level:
            parent = parent.parent
        section = _Section(_render(heading.text), heading.level, is_group, parent, heading.pos)
        self.sections.append(section)
        self.section = section

    def element(self, element: _Element, undercut: _Ref | None = None) -> _Ref:
        if element.title is None and _render(element.text).startswith("@include("):
            _note(
                self.context,
                f"{element.pos.line}:{element.pos.column}: '@include(...)' is read as text: "
                "argmap reads one document (Argdown's command-line tool splices the file in)",
            )
        title = element.title if element.title is not None else self.new_title()
        member = _Member(title, element.text, element.data, element.pos, self.group())
        if element.kind == "statement":
            self.statements.setdefault(title, _Class(title)).members.append(member)
            ref: _Ref = ("statement", title, -1)
        else:
            self.arguments.setdefault(title, _Argument(title)).members.append(member)
            ref = ("argument", title, -1)
        for line in element.relations:
            child = self.element(line.child)
            self.relation(line.symbol, ref, child, line.pos, undercut, _about(line.child))
        return ref

    def relation(
        self,
        symbol: str,
        parent: _Ref,
        child: _Ref,
        pos: _Pos,
        undercut: _Ref | None,
        about: dict[str, object],
    ) -> None:
        if parent[0] == "inference" and symbol not in ("_", "<_"):
            self.problem(
                f"only an undercut ('<_') can hang under an inference line, not {symbol!r}",
                pos,
            )
            return
        if symbol in ("+", "<+"):
            self.add("support", child, parent, pos, about)
        elif symbol in ("-", "<-"):
            self.add("attack", child, parent, pos, about)
        elif symbol in ("_", "<_"):
            target = parent
            if parent[0] == "statement":
                if undercut is None:
                    self.problem(
                        "an undercut attacks an inference, not a statement: put '<_' under "
                        "an argument <...>, an inference line, or a conclusion",
                        pos,
                    )
                    return
                target = undercut
            self.add("undercut", child, target, pos, about)
        elif symbol == "+>":
            self.add("support", parent, child, pos, about)
        elif symbol == "->":
            self.add("attack", parent, child, pos, about)
        elif symbol == "_>":
            if child[0] != "argument":
                self.problem("'_>' undercuts an argument: put an argument <...> on this line", pos)
                return
            self.add("undercut", parent, child, pos, about)
        else:  # "><"
            self.add("contradictory", parent, child, pos, about)

    def add(
        self, kind: str, source: _Ref, target: _Ref, pos: _Pos, about: dict[str, object]
    ) -> None:
        self.raw_relations.append(_Relation(kind, source, target, pos, about))

    def pcs(self, pcs: _Pcs, argument_title: str | None) -> None:
        if argument_title is None:
            argument_title = self.new_title()
        argument = self.arguments.setdefault(argument_title, _Argument(argument_title))
        if argument.steps:
            _note(
                self.context,
                f"{pcs.pos.line}:{pcs.pos.column}: a second premise-conclusion structure "
                f"for <{argument_title}> replaces the first (as in Argdown)",
            )
        argument.steps = []
        argument.pcs_group = self.group()
        titles: list[str] = []
        since: list[str] = []  # premises since the previous conclusion (or its start)
        items = pcs.items
        for i, item in enumerate(items):
            if isinstance(item, _InferenceLine):
                step_ref: _Ref = ("inference", argument_title, len(argument.steps))
                premises = self.uses(item, titles) or list(since)
                argument.steps.append(_Step(premises, "", item.data, item.pos))
                for line in item.relations:
                    child = self.element(line.child)
                    self.relation(line.symbol, step_ref, child, line.pos, None, _about(line.child))
                continue
            concludes = i > 0 and isinstance(items[i - 1], _InferenceLine)
            undercut: _Ref | None = None
            if concludes:
                undercut = ("inference", argument_title, len(argument.steps) - 1)
            ref = self.element(item, undercut)
            titles.append(ref[1])
            if concludes:
                argument.steps[-1].conclusion = ref[1]
                since = [ref[1]]
            else:
                since.append(ref[1])

    def uses(self, line: _InferenceLine, titles: list[str]) -> list[str]:
        if line.data is None or "uses" not in line.data.value:
            return []
        uses = line.data.value["uses"]
        numbers = uses if isinstance(uses, list) else [uses]
        chosen: list[str] = []
        for number in numbers:
            if (
                not isinstance(number, int)
                or isinstance(number, bool)
                or not 1 <= number <= len(titles)
            ):
                before = f"(1) to ({len(titles)}) come" if len(titles) > 1 else "(1) comes"
                self.problem(
                    f"'uses: {uses}' names statement ({number}), but only {before} "
                    "before this inference line",
                    line.data.pos,
                )
                return []
            title = titles[number - 1]
            if title not in chosen:
                chosen.append(title)
        return chosen

    def reconstructed(self, ref: _Ref) -> _Argument | None:
        if ref[0] != "argument":
            return None
        argument = self.arguments.get(ref[1])
        return argument if argument is not None and argument.steps else None

    def transformed(self) -> list[_Relation]:
        """Argdown's own transformations: the outgoing relations of an argument with a
        premise-conclusion structure are relations of its conclusion (and vanish when
        that makes them relate the conclusion to itself); in strict mode an attack
        between statements is a (symmetric) contrariety. Duplicates merge."""
        result: list[_Relation] = []
        seen: set[tuple[str, object]] = set()
        for relation in self.raw_relations:
            source = relation.source
            argument = self.reconstructed(source)
            if argument is not None:
                source = ("statement", argument.steps[-1].conclusion, -1)
            if source == relation.target:
                continue
            kind = relation.kind
            both = source[0] == "statement" and relation.target[0] == "statement"
            if self.strict and kind == "attack" and both:
                kind = "contrary"
            if kind in ("contradictory", "contrary"):
                if not both:
                    self.problem("a contradiction ('><') relates two statements", relation.pos)
                    continue
                key: tuple[str, object] = (kind, frozenset((source, relation.target)))
            else:
                key = (kind, (source, relation.target))
            if key in seen:
                continue
            seen.add(key)
            result.append(_Relation(kind, source, relation.target, relation.pos, relation.about))
        return result


def _about(element: _Element) -> dict[str, object]:
    """What the data of a relation line's element says about the relation itself
    (``{relation: {comment: "..."}}``); the rest of the data is the element's."""
    if element.data is None:
        return {}
    about = element.data.value.get("relation")
    return about if isinstance(about, dict) else {}


# --------------------------------------------------------------------- to RDF


def _slug(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "node"


class _Minter:
    """Deterministic IRIs: the base (ending in '#' or '/'), a slug of the title,
    '-2'... on a clash; names given by ``{id: ...}`` are reserved first."""

    def __init__(self, base: str) -> None:
        self.prefix = base if base.endswith(("#", "/")) else base.split("#", 1)[0] + "#"
        self.used: set[str] = set()

    def reserve(self, name: str) -> URIRef:
        self.used.add(name)
        return self.iri(name)

    def iri(self, name: str) -> URIRef:
        return URIRef(name if _ABSOLUTE.match(name) else self.prefix + name)

    def mint(self, name: str) -> URIRef:
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{name}-{n}"
        self.used.add(candidate)
        return self.iri(candidate)


#: An absolute IRI (a scheme, then ':').
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: A local name given with ``{id: ...}``.
_LOCAL_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.~-]*")
#: The keys of a quote's mapping form.
_QUOTE_KEYS = ("exact", "start", "end", "prefix", "suffix")


def default_base(path: str | Path) -> str:
    """The base of a map file's IRIs when its front matter gives none: stable
    wherever the file is, since it comes from the file's name only.

    >>> default_base("/home/ana/maps/Cars in Cities.argdown")
    'https://w3id.org/argmap/map/cars-in-cities#'
    """
    return f"https://w3id.org/argmap/map/{_slug(Path(path).stem)}#"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _bnode(*parts: str) -> BNode:
    return BNode("b" + hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:24])


def _strings(value: object) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    return None


def _date(value: object) -> RdfLiteral:
    text = str(value)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return RdfLiteral(text, datatype=XSD.date)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9:]+)?", text):
        return RdfLiteral(text, datatype=XSD.dateTime)
    if re.fullmatch(r"[0-9]{4}", text):
        return RdfLiteral(text, datatype=XSD.gYear)
    return RdfLiteral(text)


class _Rdf:
    """The argmap triples of an Argdown model."""

    def __init__(
        self, model: _Model, front: _FrontMatter | None, base: str, problem: _Reporter
    ) -> None:
        self.model = model
        self.front = front.value if front is not None else {}
        self.front_pos = front.pos if front is not None else None
        self.problem = problem
        self.minter = _Minter(base)
        self.triples: list[Triple] = []
        self.map_iri = self.named(self.front.get("mapId"), "map")
        self.doc_iri = self.named(self.front.get("sourceId"), "source-document")
        self.actors: dict[str, URIRef] = {}
        self.main: list[URIRef] = []
        self.nodes: dict[tuple[str, str], URIRef] = {}
        self.steps: dict[tuple[str, int], URIRef] = {}
        self.names: dict[URIRef, str] = {}
        self.own: dict[str, list[URIRef]] = {}
        self.supports: set[tuple[URIRef, URIRef]] = set()
        self.conflicts: set[tuple[URIRef, URIRef]] = set()
        self.grouped: dict[URIRef, _Section] = {}
        self.inference_iris: set[URIRef] = set()

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples.append((s, p, o))

    def named(self, given: object, default: str) -> URIRef:
        """A node named by the front matter (``mapId``, ``sourceId``, an actor's
        ``id``), else minted from ``default``."""
        if given is None:
            return self.minter.mint(default)
        text = str(given) if isinstance(given, str | int) else ""
        if not (_LOCAL_ID.fullmatch(text) or (_ABSOLUTE.match(text) and " " not in text)):
            self.problem(
                f"an id in the front matter is the local name of an IRI, not {given!r}",
                self.front_pos,
            )
            return self.minter.mint(default)
        return self.minter.reserve(text)

    def build(self) -> list[Triple]:
        text_file = self.front.get("source")
        self.has_source = isinstance(text_file, str) and bool(text_file)
        self.front_actors()
        ids = self.given_ids()
        for cls in self.model.statements.values():
            given = ids.get(("statement", cls.title))
            self.nodes[("statement", cls.title)] = (
                self.minter.iri(given) if given else self.minter.mint(_slug(cls.title))
            )
        for argument in self.model.arguments.values():
            given = ids.get(("argument", argument.title))
            slug = given or _slug(argument.title)
            if argument.steps:
                last = len(argument.steps) - 1
                for k in range(len(argument.steps)):
                    if k == last and given:
                        self.steps[(argument.title, k)] = self.minter.iri(given)
                        continue
                    name = slug if k == last else f"{slug}-step-{k + 1}"
                    self.steps[(argument.title, k)] = self.minter.mint(name)
            elif given:
                self.nodes[("argument", argument.title)] = self.minter.iri(given)
            else:
                self.nodes[("argument", argument.title)] = self.minter.mint(slug)
        for iri_key, iri in self.nodes.items():
            self.names[iri] = iri_key[1]
        for cls in self.model.statements.values():
            self.statement(self.nodes[("statement", cls.title)], cls, cls.title)
        for argument in self.model.arguments.values():
            if argument.steps:
                self.inferences(argument)
            else:
                self.statement(self.nodes[("argument", argument.title)], argument, argument.title)
        relations = self.model.relations
        for relation in relations:
            if relation.kind == "support":
                self.support(relation)
        for relation in relations:
            if relation.kind != "support":
                self.conflict(relation)
        for argument in self.model.arguments.values():
            self.answers(argument)
        self.document()
        self.groups()
        return self.triples

    def given_ids(self) -> dict[tuple[str, str], str]:
        """The ``{id: ...}`` of statements and arguments, reserved in the minter."""
        ids: dict[tuple[str, str], str] = {}
        owners: dict[str, str] = {}
        classes: list[tuple[str, _Class]] = [
            *(("statement", c) for c in self.model.statements.values()),
            *(("argument", a) for a in self.model.arguments.values()),
        ]
        for kind, cls in classes:
            if "id" not in cls.data():
                continue
            value, pos = cls.data()["id"]
            name = str(value) if isinstance(value, str | int) else ""
            if not (_LOCAL_ID.fullmatch(name) or (_ABSOLUTE.match(name) and " " not in name)):
                self.problem(
                    f"'id' is the local name of its IRI (letters, digits, '-', '_', '.'), "
                    f"or a full IRI, not {value!r}",
                    pos,
                )
                continue
            shown = f"[{cls.title}]" if kind == "statement" else f"<{cls.title}>"
            if name in owners:
                self.problem(f"the id {name!r} of {shown} is already the id of {owners[name]}", pos)
                continue
            owners[name] = shown
            ids[(kind, cls.title)] = name
            self.minter.reserve(name)
        return ids

    # -- actors, the map and its source

    def actor(self, name: str, given: object = None) -> URIRef:
        iri = self.actors.get(name)
        if iri is None:
            iri = self.actors[name] = self.named(given, "actor-" + _slug(name))
            self.add(iri, RDF.type, AM.Actor)
            self.add(iri, RDFS.label, RdfLiteral(name))
        return iri

    def front_actors(self) -> None:
        actors = self.front.get("actors")
        if actors is None:
            return
        if not isinstance(actors, dict):
            self.problem("'actors' in the front matter maps each name to a role", self.front_pos)
            return
        for name, about in actors.items():
            iri = self.actor(name, about.get("id") if isinstance(about, dict) else None)
            role, comment = (
                (about, None)
                if not isinstance(about, dict)
                else (
                    about.get("role"),
                    about.get("comment"),
                )
            )
            if isinstance(role, str) and role:
                self.add(iri, AM.role, RdfLiteral(role))
            if isinstance(comment, str) and comment:
                self.add(iri, RDFS.comment, RdfLiteral(comment))

    def document(self) -> None:
        title = self.front.get("title")
        title = " ".join(title.split()) if isinstance(title, str) else None
        if title is None and not self.main and not self.has_source:
            return
        self.add(self.map_iri, RDF.type, AM.ArgumentMap)
        if title:
            self.add(self.map_iri, RDFS.label, RdfLiteral(title))
        for statement in self.main:
            self.add(self.map_iri, AM.mainConclusion, statement)
        if not self.has_source:
            return
        doc = self.doc_iri
        self.add(self.map_iri, DCTERMS.source, doc)
        self.add(doc, RDF.type, AM.SourceDocument)
        self.add(doc, AM.textFile, RdfLiteral(str(self.front["source"])))
        source_title = self.front.get("sourceTitle", title)
        if isinstance(source_title, str) and source_title:
            self.add(doc, DCTERMS.title, RdfLiteral(" ".join(source_title.split())))
        authors = self.front.get("author")
        for name in _strings(authors) or ([] if authors is None else [str(authors)]):
            self.add(doc, DCTERMS.creator, self.actor(name))
        date = self.front.get("date")
        if date is not None:
            self.add(doc, DCTERMS.date, _date(date))

    # -- statements

    def statement(self, iri: URIRef, cls: _Class, title: str) -> None:
        data = cls.data()
        kind = AM.Claim
        if "kind" in data:
            value, pos = data["kind"]
            found = _KINDS.get(str(value).lower()) if isinstance(value, str) else None
            if found is None:
                self.problem(f"unknown kind {value!r}: expected one of {', '.join(_KINDS)}", pos)
            else:
                kind = found
        canonical = cls.canonical()
        text = _render(canonical.text, remove_tags=self.model.remove_tags) if canonical else ""
        self.add(iri, RDF.type, kind)
        self.add(iri, RDFS.label, RdfLiteral(title))
        self.add(iri, AM.text, RdfLiteral(text or title))
        for key in ("implicit", "main"):
            if key in data:
                value, pos = data[key]
                if not isinstance(value, bool):
                    self.problem(f"'{key}' is true or false, not {value!r}", pos)
                elif key == "implicit" and value:
                    self.add(iri, AM.implicit, RdfLiteral(True))
                elif key == "main" and value:
                    self.main.append(iri)
        for key, predicate in (("speaker", PROV.wasAttributedTo), ("mentions", AM.mentions)):
            if key in data:
                value, pos = data[key]
                names = _strings(value)
                if names is None:
                    self.problem(f"'{key}' is a name or a list of names, not {value!r}", pos)
                    continue
                for name in names:
                    self.add(iri, predicate, self.actor(name))
        if "baseScore" in data:
            value, pos = data["baseScore"]
            if isinstance(value, bool) or not isinstance(value, int | float):
                self.problem(
                    f"'baseScore' is the statement's prior strength, a number from 0 to 1, "
                    f"not {value!r}",
                    pos,
                )
            else:
                decimal = format(Decimal(repr(value)), "f")
                self.add(iri, AM.baseScore, RdfLiteral(decimal, datatype=XSD.decimal))
        if "quote" in data:
            value, pos = data["quote"]
            quotes = self.quotes(value, pos)
            if quotes and not self.has_source:
                self.problem(
                    "a quote needs the text it quotes: name its text file in the front "
                    "matter, 'source: FILE.txt' between two '===' lines",
                    pos,
                )
            for i, quote in enumerate(quotes if self.has_source else []):
                anchor = _bnode("anchor", str(iri), str(i))
                selector = _bnode("quote", str(iri), str(i))
                self.add(iri, AM.anchor, anchor)
                self.add(anchor, RDF.type, OA.SpecificResource)
                self.add(anchor, OA.hasSource, self.doc_iri)
                self.add(anchor, OA.hasSelector, selector)
                self.add(selector, RDF.type, OA.TextQuoteSelector)
                self.add(selector, OA.exact, RdfLiteral(quote["exact"]))
                for key in ("prefix", "suffix"):
                    if key in quote:
                        self.add(selector, OA[key], RdfLiteral(quote[key]))
                if "start" in quote or "end" in quote:
                    position = _bnode("position", str(iri), str(i))
                    self.add(anchor, OA.hasSelector, position)
                    self.add(position, RDF.type, OA.TextPositionSelector)
                    for key in ("start", "end"):
                        if key in quote:
                            number = RdfLiteral(quote[key], datatype=XSD.nonNegativeInteger)
                            self.add(position, OA[key], number)
        self.comment(iri, data)
        self.group_of(iri, cls.group())

    def quotes(self, value: object, pos: _Pos) -> list[dict[str, Any]]:
        """The quotes of ``{quote: ...}``: a text, a mapping ``{exact: ..., start:
        ..., end: ..., prefix: ..., suffix: ...}``, or a list of either."""
        items = value if isinstance(value, list) else [value]
        quotes: list[dict[str, Any]] = []
        for item in items:
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                quotes.append({"exact": str(item)})
                continue
            if not isinstance(item, dict):
                self.problem(
                    "'quote' is a text, a mapping {exact: ..., start: ...}, or a list of "
                    f"them, not {item!r}",
                    pos,
                )
                continue
            unknown = [k for k in item if k not in _QUOTE_KEYS]
            if unknown:
                self.problem(
                    f"a quote's mapping takes {', '.join(_QUOTE_KEYS)}, not {unknown[0]!r}", pos
                )
                continue
            exact = item.get("exact")
            if not isinstance(exact, str) or not exact:
                self.problem(
                    'a quote\'s mapping needs the quoted words: {exact: "...", start: N}', pos
                )
                continue
            quote: dict[str, Any] = {"exact": exact}
            for key in ("start", "end"):
                if key in item:
                    number = item[key]
                    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                        self.problem(
                            f"a quote's {key!r} is a character offset into the text (0, 1, "
                            f"2 ...), not {number!r}",
                            pos,
                        )
                        continue
                    quote[key] = number
            for key in ("prefix", "suffix"):
                if key in item:
                    if not isinstance(item[key], str):
                        self.problem(f"a quote's {key!r} is a text, not {item[key]!r}", pos)
                        continue
                    quote[key] = item[key]
            quotes.append(quote)
        return quotes

    def answers(self, argument: _Argument) -> None:
        """``{answers: {"question": "Statement title"}}``: critical questions of the
        argument's inference answered by statements of the map."""
        data = argument.data()
        if "answers" not in data:
            return
        value, pos = data["answers"]
        if not isinstance(value, dict):
            self.problem(
                "'answers' maps each critical question to the title of the statement that "
                f'answers it: {{answers: {{"Is E an expert?": "E is a judge"}}}}, not {value!r}',
                pos,
            )
            return
        if argument.steps:
            inferences = [self.steps[(argument.title, len(argument.steps) - 1)]]
        else:
            inferences = self.own.get(argument.title, [])
        if not inferences:
            self.problem(
                f"<{argument.title}> draws no inference, so it has no critical question to answer",
                pos,
            )
            return
        for question, answer in value.items():
            node = None
            if isinstance(answer, str):  # the title, or the title in brackets: "[Title]"
                bracketed = answer.startswith("[") and answer.endswith("]")
                for title in (answer, answer[1:-1]) if bracketed else (answer,):
                    node = node or self.nodes.get(("statement", title))
            if node is None:
                self.problem(
                    f"the answer to {question!r} is the title of a statement of the map, "
                    f"and {answer!r} is none",
                    pos,
                )
                continue
            for inference in inferences:
                answer_node = _bnode("answer", str(inference), str(question))
                self.add(answer_node, RDF.type, AM.CriticalQuestionAnswer)
                self.add(answer_node, AM.answersQuestion, RdfLiteral(str(question)))
                self.add(answer_node, AM.questionOf, inference)
                self.add(answer_node, AM.answeredBy, node)

    def comment(self, iri: URIRef, data: dict[str, tuple[object, _Pos]]) -> None:
        if "comment" in data:
            value, pos = data["comment"]
            if isinstance(value, str):
                if value.strip():
                    self.add(iri, RDFS.comment, RdfLiteral(value))
            else:
                self.problem(f"'comment' is a text, not {value!r}", pos)

    def group_of(self, iri: URIRef, section: _Section | None) -> None:
        if section is not None:
            self.grouped[iri] = section

    # -- inferences and conflicts

    def scheme(self, iri: URIRef, value: object, pos: _Pos) -> None:
        if not isinstance(value, str) or not value.strip():
            self.problem(f"'scheme' names an argumentation scheme, not {value!r}", pos)
            return
        name = value.strip()
        name = name[3:] if name.startswith("am:") else name
        if re.match(r"[a-z][a-z0-9+.-]*:", name) and not name.startswith(str(AM._NS)):
            self.add(iri, AM.scheme, URIRef(name))
            return
        local = name.removeprefix(str(AM._NS))
        known = {_local(s): s for s in known_schemes()}
        if local not in known:
            self.problem(
                f"unknown scheme {value!r}: expected one of {', '.join(sorted(known))}, "
                "or the full IRI of a scheme of your own",
                pos,
            )
            return
        self.add(iri, AM.scheme, URIRef(known[local]))

    def inferences(self, argument: _Argument) -> None:
        data = argument.data()
        canonical = argument.canonical()
        description = (
            _render(canonical.text, remove_tags=self.model.remove_tags) if canonical else ""
        )
        last = len(argument.steps) - 1
        for k, step in enumerate(argument.steps):
            iri = self.steps[(argument.title, k)]
            self.names[iri] = argument.title if k == last else f"{argument.title} (step {k + 1})"
            self.inference_iris.add(iri)
            self.add(iri, RDF.type, AM.Inference)
            self.add(iri, RDFS.label, RdfLiteral(self.names[iri]))
            for premise in step.premises:
                self.add(iri, AM.premise, self.nodes[("statement", premise)])
            self.add(iri, AM.conclusion, self.nodes[("statement", step.conclusion)])
            step_scheme = step.data.value.get("scheme") if step.data is not None else None
            if step_scheme is not None and step.data is not None:
                self.scheme(iri, step_scheme, step.data.pos)
            elif k == last and "scheme" in data:
                self.scheme(iri, *data["scheme"])
            if k == last and description:
                self.add(iri, RDFS.comment, RdfLiteral(description))
            self.group_of(iri, argument.group() or argument.pcs_group)

    def node(self, ref: _Ref) -> URIRef:
        """The statement a relation starts from: a statement, or an argument's gist."""
        return self.nodes[(ref[0], ref[1])]

    def conclusion_of(self, ref: _Ref) -> URIRef:
        """What a support of ``ref`` concludes: a statement or gist, else (an
        argument or inference step) the conclusion it draws."""
        argument = self.model.reconstructed(ref) if ref[0] == "argument" else None
        if ref[0] == "inference" or argument is not None:
            arg = self.model.arguments[ref[1]]
            step = arg.steps[ref[2] if ref[0] == "inference" else -1]
            return self.nodes[("statement", step.conclusion)]
        return self.node(ref)

    def inference_of(self, ref: _Ref) -> URIRef | None:
        if ref[0] == "inference":
            return self.steps[(ref[1], ref[2])]
        argument = self.model.reconstructed(ref)
        if argument is not None:
            return self.steps[(ref[1], len(argument.steps) - 1)]
        return None

    def support(self, relation: _Relation) -> None:
        premise = self.node(relation.source)
        conclusion = self.conclusion_of(relation.target)
        if premise == conclusion or (premise, conclusion) in self.supports:
            return
        self.supports.add((premise, conclusion))
        name = f"{_slug(self.names[premise])}-supports-{_slug(self.names[conclusion])}"
        iri = self.relation_iri(relation, name)
        self.inference_iris.add(iri)
        self.add(iri, RDF.type, AM.Inference)
        self.relation_comment(iri, relation)
        self.add(iri, AM.premise, premise)
        self.add(iri, AM.conclusion, conclusion)
        if relation.source[0] == "argument":
            argument = self.model.arguments[relation.source[1]]
            self.names[iri] = argument.title
            self.add(iri, RDFS.label, RdfLiteral(argument.title))
            self.own.setdefault(argument.title, []).append(iri)
            data = argument.data()
            if "scheme" in data:
                self.scheme(iri, *data["scheme"])
            self.group_of(iri, argument.group())
        else:
            self.names[iri] = _local(str(iri))

    def relation_iri(self, relation: _Relation, name: str, *, own_id: bool = True) -> URIRef:
        """The IRI of a relation: its ``{relation: {id: ...}}``, else one minted."""
        given = relation.about.get("id")
        if given is None or not own_id:
            return self.minter.mint(name)
        text = str(given) if isinstance(given, str | int) else ""
        if not (_LOCAL_ID.fullmatch(text) or (_ABSOLUTE.match(text) and " " not in text)):
            self.problem(
                f"a relation's 'id' is the local name of its IRI, not {given!r}", relation.pos
            )
            return self.minter.mint(name)
        if text in self.minter.used:
            self.problem(f"the id {text!r} of this relation is already taken", relation.pos)
            return self.minter.mint(name)
        return self.minter.reserve(text)

    def relation_comment(self, iri: URIRef, relation: _Relation) -> None:
        comment = relation.about.get("comment")
        if isinstance(comment, str) and comment.strip():
            self.add(iri, RDFS.comment, RdfLiteral(comment))
        elif comment is not None:
            self.problem(f"a relation's 'comment' is a text, not {comment!r}", relation.pos)

    def attack(self, attacker: URIRef, target: URIRef, relation: _Relation) -> None:
        if attacker == target or (attacker, target) in self.conflicts:
            return
        self.conflicts.add((attacker, target))
        verb = "undercuts" if target in self.inference_iris else "attacks"
        name = f"{_slug(self.names[attacker])}-{verb}-{_slug(self.names[target])}"
        iri = self.relation_iri(relation, name, own_id=relation.kind not in _SYMMETRIC)
        self.add(iri, RDF.type, AM.Conflict)
        self.add(iri, AM.attacker, attacker)
        self.add(iri, AM.target, target)
        self.relation_comment(iri, relation)

    def conflict(self, relation: _Relation) -> None:
        attacker = self.node(relation.source)
        target_ref = relation.target
        if relation.kind in ("contradictory", "contrary"):
            other = self.node(target_ref)
            self.attack(attacker, other, relation)
            self.attack(other, attacker, relation)
            return
        inference = self.inference_of(target_ref)
        if inference is not None:
            self.attack(attacker, inference, relation)
            return
        if relation.kind == "attack":
            self.attack(attacker, self.node(target_ref), relation)
            return
        own = self.own.get(target_ref[1], [])
        for target in own:
            self.attack(attacker, target, relation)
        if not own:
            _note(
                self.model.context,
                f"{relation.pos.line}:{relation.pos.column}: <{target_ref[1]}> draws no "
                "inference (it only attacks), so its undercut attacks its gist instead",
            )
            self.attack(attacker, self.node(target_ref), relation)

    # -- groups

    def groups(self) -> None:
        used: dict[int, _Section] = {}
        for section in self.grouped.values():
            current: _Section | None = section
            while current is not None:
                used[id(current)] = current
                current = current.parent
        iris: dict[int, URIRef] = {}
        for section in self.model.sections:  # in document order
            if id(section) in used:
                iris[id(section)] = self.minter.mint("group-" + _slug(section.title))
        for section in self.model.sections:
            iri = iris.get(id(section))
            if iri is None:
                continue
            self.add(iri, RDFS.label, RdfLiteral(section.title or f"Section {section.pos.line}"))
            parent = section.parent
            while parent is not None and id(parent) not in iris:
                parent = parent.parent
            if parent is not None:
                self.add(iri, DCTERMS.isPartOf, iris[id(parent)])
        for node, section in self.grouped.items():
            self.add(node, DCTERMS.isPartOf, iris[id(section)])


# --------------------------------------------------------------------- reading


#: The deepest tree of relations argmap reads by default (``ARGMAP_MAX_NESTING`` sets
#: another: :mod:`graph.limits`); each level is a few frames of the parser's and the
#: tree walk's recursion, which :func:`graph.limits.deeper` makes room for.
MAX_NESTING = DEFAULT_MAX_NESTING
_RELATION_LINE = re.compile(r"^([ \t]*)(?:><|<[+\-_]|[+\-_]>|[+\-_])[ \t]")


def _check_nesting(text: str, path: str | None, limit: int) -> None:
    """Refuse a document whose relations nest deeper than ``limit``, at the line where
    they do, before the parser recurses into it.

    >>> _check_nesting("[A]: a\\n  + [B]: b\\n    - [C]: c\\n", None, 2)
    >>> _check_nesting("[A]: a\\n  + [B]: b\\n    - [C]: c\\n", None, 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.InputError: relations nest more than 1 levels deep here: argmap reads ...
    """
    stack: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _RELATION_LINE.match(line)
        if match is None:
            if line.strip() and not line[:1].isspace():
                stack.clear()  # a new top-level statement, argument or heading
            continue
        indent = len(match.group(1).expandtabs(4))
        while stack and stack[-1] >= indent:
            stack.pop()
        stack.append(indent)
        if len(stack) > limit:
            raise InputError(
                nesting_message("relations nest", limit).removesuffix(")")
                + "; or write a deeper chain as several trees, each starting from a "
                "statement's title at the left margin)",
                path=path,
                line=number,
                column=indent + 1,
            )


def loads(data: str | bytes, context: ReadContext | None = None) -> MapStore:
    """Read an Argdown document into a new store.

    Args:
        data: the document (UTF-8 bytes or text).
        context: where it came from (``path`` for messages, ``base`` for IRIs) and
            whether to skip bad blocks (``lenient``); they are counted in it.

    Returns:
        A store with the map's asserted triples.

    Raises:
        InputError: a syntax error (with line, column and what was expected), or
            data that does not fit the map (an unknown kind or scheme, a quote
            without a source text).

    >>> store = loads("[A]: Apples are good.\\n  + [B]: They are cheap.")
    >>> sorted(store.rows("SELECT ?p ?c WHERE { ?i am:premise ?p ; am:conclusion ?c }"))
    [('urn:argmap:argdown#b', 'urn:argmap:argdown#a')]
    """
    context = context or ReadContext()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                "not UTF-8 text: expected an Argdown document", path=context.path
            ) from exc
    else:
        text = data
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")

    def report(message: str, where: _Pos | None) -> None:
        if not context.lenient:
            raise _problem_at(message, where)
        prefix = f"{where.line}:{where.column}: " if where is not None else ""
        context.skip(prefix + message)

    yaml_front = re.match(r"---[ \t]*\n[ \t]*[\w\"'-]+[ \t]*:.*\n(?:.*\n)*?---[ \t]*(?:\n|$)", text)
    if yaml_front:
        raise InputError(
            "the front matter goes between two '===' lines in Argdown, not '---' "
            "(Markdown's): write '===' on its first and last lines",
            path=context.path,
            line=1,
            column=1,
        )
    limit = max_nesting()
    _check_nesting(text, context.path, limit)
    try:
        with deeper(limit):
            document = _parse(text, context)
            model = _Model(document, context, report)
            base = _base(document.front_matter, context)
            triples = _Rdf(model, document.front_matter, base, report).build()
    except _Problem as problem:
        raise InputError(
            problem.message, path=context.path, line=problem.line, column=problem.column
        ) from None
    store = new_store()
    store.add_asserted(triples)
    return store


def _base(front: _FrontMatter | None, context: ReadContext) -> str:
    """The base of the map's IRIs: its front matter's ``base:``, else one from its
    file's name (never from where the file is), else the reader's."""
    given = front.value.get("base") if front is not None else None
    if given is not None:
        if not isinstance(given, str) or not _ABSOLUTE.match(given) or " " in given:
            raise _problem_at(
                f"the front matter's base {given!r} is not an IRI: write one such as "
                "`base: https://example.org/my-map#`",
                front.pos if front is not None else None,
            )
        return given
    if context.path is not None:
        return default_base(context.path)
    return context.base or DEFAULT_BASE


def _read(data: bytes, context: ReadContext) -> MapStore:
    return loads(data, context)


def load(path: str | Path, *, context: ReadContext | None = None) -> MapStore:
    """Read an Argdown file (see :func:`loads`); quotes' text files are found next to it."""
    return formats.load(path, format=FORMAT.name, context=context)


# --------------------------------------------------------------------- writing

_STATEMENT_TYPES: dict[Node, str] = {
    AM.Statement: "statement",
    AM.Claim: "claim",
    AM.Evidence: "evidence",
    AM.Proposal: "proposal",
    AM.Prediction: "prediction",
    AM.Recommendation: "recommendation",
}


#: A span Argdown's lexer takes as one special character, known or not.
_SPECIAL = re.compile(r"\.[^\s]+?\.[ \t]?|:[^\s]+?:[ \t]?")
#: A tag as Argdown's lexer reads it (its ``A-z`` takes in ``[\\]^_```), and as argmap's does.
_TAG_CHARS = "0-9\\-\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
_OFFICIAL_TAG = re.compile(rf"#(?:\([^)]+\)|[a-zA-z{_TAG_CHARS}]+)")
_ARGMAP_TAG = re.compile(rf"#(?:\([^)\n]+\)|[A-Za-z_{_TAG_CHARS}]+)")


def _escape_text(text: str) -> str:
    """A text as Argdown that both argmap and the official tool read back as it is.

    Escaped: what would open markup (``\\ { } [ * _ <``, a comment's ``//`` or
    ``/*``), a run of three ``=`` (front matter, which Argdown's lexer finds
    anywhere), ``@include(`` (which Argdown's command-line tool replaces by a file
    before it parses), a known special character (``.A.`` would be read as ∀), and
    a ``#`` that the two tools would read as different tags. Argdown's lexer takes
    any other ``.x.`` or ``:x:`` span, and a tag, as it is, escapes included, so
    such a span or tag is written as it is.

    >>> print(_escape_text("< {a} .A. x.b_c. @include(f) #a_b #^2"))
    \\< \\{a\\} \\.A. x.b_c. @include\\(f) #a_b \\#^2
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        chunk, i = _escaped_at(text, i)
        out.append(chunk)
    return "".join(out)


def _escaped_at(text: str, i: int) -> tuple[str, int]:
    """What :func:`_escape_text` writes for the text from ``i`` on, one step: the
    written chunk and where the next step starts."""
    ch = text[i]
    if ch in ".:":
        span = _SPECIAL.match(text, i)
        if span is not None:
            if span.group().rstrip(" \t") in _SHORTCODES or "@include(" in span.group():
                return "\\" + ch, i + 1
            return span.group(), span.end()
    if ch == "#" and i + 1 < len(text) and not text[i + 1].isspace():
        # A tag is written as it is when both tools read the same one and no escape
        # follows it (Argdown's tags take in a backslash); else the '#' is escaped.
        official, own = _OFFICIAL_TAG.match(text, i), _ARGMAP_TAG.match(text, i)
        if (
            official is not None
            and own is not None
            and official.group() == own.group()
            and "@include(" not in own.group()
            and (
                own.group().endswith(")")
                or own.end() == len(text)
                or not _escaped_at(text, own.end())[0].startswith("\\")
            )
        ):
            return own.group(), own.end()
        return "\\#", i + 1
    follows = text[i + 1 : i + 2]
    if (
        ch in "\\{}[*_<"
        or (ch == "/" and follows in ("/", "*"))
        or (ch == "=" and "===" in text[max(0, i - 2) : i + 3])
        or (ch == "(" and text.endswith("@include", 0, i))
    ):
        return "\\" + ch, i + 1
    return ch, i + 1


def _statement_title(title: str) -> str:
    """``[title]``, escaped for argmap's reader: a backslash, a ``]``, and a leading
    ``-`` (the official tool does not take ``[-...]`` for a reference). The official
    tool takes a title as it stands, so it keeps these backslashes in the title.

    >>> print(_statement_title("-5% [sic]"), _argument_title("+1 <vote>"))
    [\\-5% [sic\\]] <\\+1 <vote\\>>
    """
    escaped = title.replace("\\", "\\\\").replace("]", "\\]").replace("@include(", "@include\\(")
    return "[" + ("\\" + escaped if escaped.startswith("-") else escaped) + "]"


def _argument_title(title: str) -> str:
    """``<title>``, escaped as :func:`_statement_title` does: a backslash, a ``>``,
    and a leading ``+``, ``-`` or ``_`` (``<+``, ``<-`` and ``<_`` open relation lines)."""
    escaped = title.replace("\\", "\\\\").replace(">", "\\>").replace("@include(", "@include\\(")
    return "<" + ("\\" + escaped if escaped[:1] in ("+", "-", "_") else escaped) + ">"


def _yaml(value: object) -> str:
    """A value as YAML flow, which argmap's reader and the official tool's read back.

    A string that is not an identifier is double-quoted, and what would end the
    official tool's data block or front matter early (``}``, ``===``), or make its
    command-line tool paste in a file (``@include(``), is written as a YAML escape.

    >>> print(_yaml({"comment": "a} b === @include(x)", "kind": "evidence"}))
    {comment: "a\\x7d b \\x3d\\x3d\\x3d @include\\x28x)", kind: evidence}
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml(k)}: {_yaml(v)}" for k, v in value.items()) + "}"
    text = str(value)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", text) and not isinstance(_plain(text), bool | None):
        return text  # an identifier (a kind, a scheme) reads back as itself
    quoted = json.dumps(text, ensure_ascii=False).replace("}", "\\x7d")
    quoted = quoted.replace("@include(", "@include\\x28")
    return quoted.replace("=", "\\x3d") if "===" in text else quoted


def _one_or_list(values: list[str]) -> object:
    return values[0] if len(values) == 1 else values


@dataclass
class _WStatement:
    node: Node
    title: str = ""
    text: str = ""
    kind: str = "claim"
    data: dict[str, object] = field(default_factory=dict)
    relations: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _WArgument:
    node: Node
    title: str
    premises: list[Node]
    conclusion: Node
    comment: str
    data: dict[str, object] = field(default_factory=dict)
    relations: list[tuple[str, str]] = field(default_factory=list)


class _Writer:
    """Argdown for the asserted triples of a store (those of every graph but the
    derived and reasoning ones: a store of several maps keeps each in a named graph)."""

    def __init__(self, store: MapStore) -> None:
        skip = {ox.NamedNode(str(DERIVED_GRAPH)), ox.NamedNode(str(REASONING_GRAPH))}
        graph = Graph()
        graph += (
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
            for q in store.oxigraph.quads_for_pattern(None, None, None, None)
            if q.graph_name not in skip
        )
        self.g = graph
        self.prefix = self.common_prefix()

    def common_prefix(self) -> str | None:
        """The namespace most of the map's nodes are named in, written as ``base:``
        (unless it is a file's location or the reader's fallback), so that the IRIs
        read back the same wherever the file goes."""
        counts: dict[str, int] = {}
        for t in (*_STATEMENT_TYPES, AM.Inference, AM.Conflict, AM.ArgumentMap):
            for node in self.g.subjects(RDF.type, t):
                if isinstance(node, URIRef):
                    iri = str(node)
                    cut = max(iri.rfind("#"), iri.rfind("/"))
                    if cut > 0:
                        counts[iri[: cut + 1]] = counts.get(iri[: cut + 1], 0) + 1
        if not counts:
            return None
        prefix = max(sorted(counts), key=lambda k: counts[k])
        if prefix.startswith("file:") or prefix == DEFAULT_BASE + "#":
            return None
        return prefix

    def given_id(self, node: Node, minted: str) -> str | None:
        """The ``id`` to write for a node whose IRI the reader would not mint."""
        if not isinstance(node, URIRef) or self.prefix is None:
            return None
        iri = str(node)
        local = iri[len(self.prefix) :] if iri.startswith(self.prefix) else iri
        if iri.startswith(self.prefix) and not _LOCAL_ID.fullmatch(local):
            local = iri
        return None if local == minted else local

    def answers(self, inference: Node, titles: dict[Node, str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for answer in sorted(self.g.subjects(AM.questionOf, inference), key=str):
            question = self.first(answer, AM.answersQuestion)
            by = [b for b in self.values(answer, AM.answeredBy) if b in titles]
            if question and by:
                found[question] = titles[by[0]]
        return found

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        return sorted(self.g.objects(node, predicate), key=str)

    def first(self, node: Node, predicate: URIRef) -> str | None:
        found = self.values(node, predicate)
        return str(found[0]) if found else None

    def unique(self, wanted: dict[Node, str]) -> dict[Node, str]:
        """Titles made unique (Argdown merges elements with one title)."""
        taken: set[str] = set()
        result: dict[Node, str] = {}
        for node in sorted(wanted, key=lambda n: (wanted[n], str(n))):
            title = _collapse(wanted[node]) or _local(str(node))
            candidate, n = title, 1
            while candidate in taken:
                n += 1
                candidate = f"{title} ({n})"
            taken.add(candidate)
            result[node] = candidate
        return result

    def write(self) -> str:
        g = self.g
        inference_nodes = set(g.subjects(RDF.type, AM.Inference))
        inference_nodes |= set(g.subjects(AM.premise, None)) | set(g.subjects(AM.conclusion, None))
        statements: set[Node] = {s for t in _STATEMENT_TYPES for s in g.subjects(RDF.type, t)}
        statements |= set(g.subjects(AM.text, None))
        for predicate in (AM.premise, AM.conclusion, AM.attacker, AM.mainConclusion):
            statements |= set(g.objects(None, predicate))
        for s, o in g.subject_objects(AM.supports):
            statements |= {s, o}
        statements |= set(g.subjects(AM.attacks, None))
        for t in (AM.Inference, AM.Conflict, AM.Actor, AM.SourceDocument, AM.ArgumentMap):
            statements -= set(g.subjects(RDF.type, t))
        statements -= inference_nodes
        actor_nodes = set(g.subjects(RDF.type, AM.Actor))
        for predicate in (PROV.wasAttributedTo, AM.mentions, DCTERMS.creator):
            actor_nodes |= {o for o in g.objects(None, predicate) if not isinstance(o, RdfLiteral)}
        actors = self.unique({a: self.first(a, RDFS.label) or _local(str(a)) for a in actor_nodes})
        maps = sorted(g.subjects(RDF.type, AM.ArgumentMap), key=str)
        main = {m for map_node in maps for m in g.objects(map_node, AM.mainConclusion)}
        titles = self.unique(
            {
                s: self.first(s, RDFS.label) or self.first(s, AM.text) or _local(str(s))
                for s in statements
            }
        )
        written: dict[Node, _WStatement] = {}
        for s in statements:
            written[s] = self.statement(s, titles[s], actors, s in main)

        arguments: dict[Node, _WArgument] = {}
        written_relations: list[tuple[Node, Node, str | None]] = []
        argument_titles = self.unique(
            {i: self.first(i, RDFS.label) or _local(str(i)) for i in inference_nodes}
        )
        for i in inference_nodes:
            premises = sorted(
                (p for p in g.objects(i, AM.premise) if p in titles), key=lambda p: titles[p]
            )
            conclusions = [c for c in self.values(i, AM.conclusion) if c in titles]
            if not premises or not conclusions:
                continue  # not an inference Argdown can write
            data: dict[str, object] = {}
            scheme = self.first(i, AM.scheme)
            if scheme is not None and scheme in _built_in_schemes():
                # an own scheme (an am:Scheme of the map's) has no Argdown name
                data["scheme"] = scheme.removeprefix(str(AM._NS))
            answers = self.answers(i, titles)
            if answers:
                data["answers"] = answers
            if self.bare(i, premises):
                # A plain support: a relation line reads back as the same inference.
                minted = f"{_slug(titles[premises[0]])}-supports-{_slug(titles[conclusions[0]])}"
                written_relations.append((premises[0], conclusions[0], self.given_id(i, minted)))
                continue
            given = self.given_id(i, _slug(argument_titles[i]))
            if given:
                data["id"] = given
            arguments[i] = _WArgument(
                i,
                argument_titles[i],
                premises,
                conclusions[0],
                _collapse(self.first(i, RDFS.comment) or ""),
                data,
            )
        for premise, conclusion, given in written_relations:
            line = _statement_title(titles[premise])
            if given:
                line += " " + _yaml({"relation": {"id": given}})
            written[conclusion].relations.append(("+", line))
        self.relations(written, arguments, titles)
        return self.assemble(written, arguments, actors, maps)

    def bare(self, inference: Node, premises: list[Node]) -> bool:
        """Whether an inference is nothing but a support of one statement by another:
        no label, comment, scheme or group, and nothing attacks it."""
        g = self.g
        described = any(
            True
            for predicate in (RDFS.label, RDFS.comment, AM.scheme, DCTERMS.isPartOf)
            for _ in g.objects(inference, predicate)
        )
        attacked = any(True for _ in g.subjects(AM.target, inference)) or any(
            True for _ in g.subjects(AM.attacks, inference)
        )
        answered = any(True for _ in g.subjects(AM.questionOf, inference))
        return len(premises) == 1 and not described and not attacked and not answered

    def statement(self, s: Node, title: str, actors: dict[Node, str], main: bool) -> _WStatement:
        g = self.g
        types = {_STATEMENT_TYPES[t] for t in g.objects(s, RDF.type) if t in _STATEMENT_TYPES}
        kind = next((k for k in _KIND_ORDER if k in types), "statement")
        data: dict[str, object] = {}
        if kind != "claim":
            data["kind"] = kind
        if main:
            data["main"] = True
        if any(
            v.toPython() is True for v in g.objects(s, AM.implicit) if isinstance(v, RdfLiteral)
        ):
            data["implicit"] = True
        for key, predicate in (("speaker", PROV.wasAttributedTo), ("mentions", AM.mentions)):
            names = sorted(actors[a] if a in actors else str(a) for a in g.objects(s, predicate))
            if names:
                data[key] = _one_or_list(names)
        quotes = [self.quote(anchor) for anchor in g.objects(s, AM.anchor)]
        shown = sorted(
            {json.dumps(q, sort_keys=True): q for q in quotes if q is not None}.values(),
            key=lambda q: (str(q.get("exact") if isinstance(q, dict) else q), json.dumps(q)),
        )
        if shown:
            data["quote"] = shown[0] if len(shown) == 1 else shown
        for score in g.objects(s, AM.baseScore):
            number = score.toPython() if isinstance(score, RdfLiteral) else None
            if isinstance(number, int | float | Decimal) and not isinstance(number, bool):
                data["baseScore"] = number
                break
        given = self.given_id(s, _slug(title))
        if given:
            data["id"] = given
        comment = self.first(s, RDFS.comment)
        if comment:
            data["comment"] = comment
        text = _collapse(self.first(s, AM.text) or title)
        return _WStatement(s, title, text, kind, data)

    def quote(self, anchor: Node) -> object:
        """A quote as written: its words, or the mapping form when the map gives its
        offsets or its context (which choose among repeated words)."""
        quote: dict[str, object] = {}
        for selector in self.values(anchor, OA.hasSelector):
            for key in ("exact", "prefix", "suffix"):
                value = self.first(selector, OA[key])
                if value is not None and key not in quote:
                    quote[key] = value
            for key in ("start", "end"):
                for number in self.values(selector, OA[key]):
                    if isinstance(number, RdfLiteral) and isinstance(number.toPython(), int):
                        quote.setdefault(key, number.toPython())
        if "exact" not in quote:
            return None
        if len(quote) == 1:
            return quote["exact"]
        return {k: quote[k] for k in _QUOTE_KEYS if k in quote}

    def relations(
        self,
        written: dict[Node, _WStatement],
        arguments: dict[Node, _WArgument],
        titles: dict[Node, str],
    ) -> None:
        g = self.g
        drawn = {(p, a.conclusion) for a in arguments.values() for p in a.premises}
        conflicts: dict[tuple[Node, Node], str] = {}
        ids: dict[tuple[Node, Node], str | None] = {}
        for k in sorted(
            set(g.subjects(AM.attacker, None)) | set(g.subjects(RDF.type, AM.Conflict)), key=str
        ):
            attackers = [a for a in self.values(k, AM.attacker) if a in titles]
            targets = self.values(k, AM.target)
            if attackers and targets:
                pair = (attackers[0], targets[0])
                conflicts[pair] = conflicts.get(pair) or self.first(k, RDFS.comment) or ""
                if pair not in ids:
                    target_name = titles.get(pair[1]) or (
                        arguments[pair[1]].title if pair[1] in arguments else ""
                    )
                    verb = "undercuts" if pair[1] in arguments else "attacks"
                    minted = f"{_slug(titles[pair[0]])}-{verb}-{_slug(target_name)}"
                    ids[pair] = self.given_id(k, minted)
        for a, t in g.subject_objects(AM.attacks):
            if a in titles:
                conflicts.setdefault((a, t), "")
        for (attacker, target), comment in conflicts.items():
            line = _statement_title(titles[attacker])
            about: dict[str, object] = {}
            if comment:
                about["comment"] = _collapse(comment)
            if ids.get((attacker, target)):
                about["id"] = ids[(attacker, target)]
            if about:
                line += " " + _yaml({"relation": about})
            if target in written:
                written[target].relations.append(("-", line))
            elif target in arguments:
                arguments[target].relations.append(("<_", line))
        for premise, conclusion in g.subject_objects(AM.supports):
            if premise in titles and conclusion in written and (premise, conclusion) not in drawn:
                written[conclusion].relations.append(("+", _statement_title(titles[premise])))

    def groups(self, nodes: Iterable[Node]) -> tuple[dict[Node, Node], dict[Node, str]]:
        """Each element's group, and each group's label (dcterms:isPartOf a labelled node)."""
        membership: dict[Node, Node] = {}
        labels: dict[Node, str] = {}
        pending = list(nodes)
        while pending:
            node = pending.pop()
            for group in self.values(node, DCTERMS.isPartOf):
                label = self.first(group, RDFS.label)
                if label is None or node in membership:
                    continue
                membership[node] = group
                if group not in labels:
                    labels[group] = label
                    pending.append(group)
        return membership, labels

    def assemble(
        self,
        written: dict[Node, _WStatement],
        arguments: dict[Node, _WArgument],
        actors: dict[Node, str],
        maps: list[Node],
    ) -> str:
        blocks: list[str] = []
        front = self.front_matter(actors, maps)
        if front:
            blocks.append(front)
        membership, labels = self.groups([*written, *arguments])
        children: dict[Node | None, list[Node]] = {}
        for group in labels:
            parent = membership.get(group)
            children.setdefault(parent if parent in labels else None, []).append(group)

        def section(group: Node | None, depth: int) -> None:
            if group is not None:
                blocks.append("#" * depth + " " + _escape_text(_collapse(labels[group])))
            members = [s for s in written.values() if membership.get(s.node) == group]
            members.sort(key=lambda s: ("main" not in s.data, s.title.casefold(), s.title))
            blocks.extend(self.statement_block(s) for s in members)
            args = [a for a in arguments.values() if membership.get(a.node) == group]
            args.sort(key=lambda a: (a.title.casefold(), a.title))
            blocks.extend(self.argument_block(a, written) for a in args)
            for child in sorted(children.get(group, []), key=lambda n: (labels[n], str(n))):
                section(child, depth + 1)

        section(None, 0)
        return "\n\n".join(blocks) + "\n"

    def front_matter(self, actors: dict[Node, str], maps: list[Node]) -> str:
        g = self.g
        lines: list[str] = []
        title = self.first(maps[0], RDFS.label) if maps else None
        documents = [d for m in maps for d in self.values(m, DCTERMS.source)]
        documents += sorted(g.subjects(RDF.type, AM.SourceDocument), key=str)
        if title:
            lines.append(f"title: {_yaml(_collapse(title))}")
        if self.prefix is not None:
            lines.append(f"base: {self.prefix}")
        if maps and self.given_id(maps[0], "map"):
            lines.append(f"mapId: {_yaml(self.given_id(maps[0], 'map'))}")
        if documents and self.given_id(documents[0], "source-document"):
            lines.append(f"sourceId: {_yaml(self.given_id(documents[0], 'source-document'))}")
        if documents:
            doc = documents[0]
            text_file = self.first(doc, AM.textFile)
            if text_file:
                lines.append(f"source: {_yaml(text_file)}")
            doc_title = self.first(doc, DCTERMS.title)
            if doc_title and _collapse(doc_title) != _collapse(title or ""):
                lines.append(f"sourceTitle: {_yaml(_collapse(doc_title))}")
            creators = sorted(
                actors[c] if c in actors else str(c) for c in g.objects(doc, DCTERMS.creator)
            )
            if creators:
                lines.append(f"author: {_yaml(_one_or_list(creators))}")
            date = self.first(doc, DCTERMS.date)
            if date:
                lines.append(f"date: {_yaml(date)}")
        if actors:
            lines.append("actors:")
            for node, name in sorted(actors.items(), key=lambda a: (a[1], str(a[0]))):
                about: dict[str, object] = {}
                role = self.first(node, AM.role)
                if role:
                    about["role"] = role
                comment = self.first(node, RDFS.comment)
                if comment:
                    about["comment"] = comment
                given = self.given_id(node, "actor-" + _slug(name))
                if given:
                    about["id"] = given
                lines.append(f"  {_yaml(name)}: {_yaml(about)}")
        if not lines:
            return ""
        return "===\n" + "\n".join(lines) + "\n==="

    @staticmethod
    def relation_lines(relations: list[tuple[str, str]]) -> list[str]:
        order = {"-": 0, "<_": 0, "+": 1}
        return [
            f"  {sym} {ref}"
            for sym, ref in sorted(set(relations), key=lambda r: (order[r[0]], r[1]))
        ]

    def statement_block(self, s: _WStatement) -> str:
        line = f"{_statement_title(s.title)}: {_escape_text(s.text)}"
        if s.data:
            line += " " + _yaml(s.data)
        return "\n".join([line, *self.relation_lines(s.relations)])

    def argument_block(self, a: _WArgument, written: dict[Node, _WStatement]) -> str:
        head = _argument_title(a.title)
        if a.comment:
            head += ": " + _escape_text(a.comment)
        if a.data:
            head += " " + _yaml(a.data)
        pcs = [f"({n}) {_statement_title(written[p].title)}" for n, p in enumerate(a.premises, 1)]
        pcs.append("----")
        pcs.append(f"({len(a.premises) + 1}) {_statement_title(written[a.conclusion].title)}")
        return "\n".join([head, *self.relation_lines(a.relations)]) + "\n\n" + "\n".join(pcs)


def dumps(store: MapStore) -> str:
    """Write a map's asserted triples as an Argdown document.

    Deterministic: statements are ordered by title (main conclusions first),
    arguments by title, actors by name, groups (``dcterms:isPartOf``) become
    headings. Attacks hang under the statement they attack (``- [attacker]``,
    a conflict's comment in ``{relation: {comment: ...}}``), undercuts under the
    argument (``<_ [attacker]``); an inference is an argument with a
    premise-conclusion structure, unless it is a bare support of one statement by
    another (no label, comment, scheme, or undercut), which is a ``+`` line.

    Args:
        store: the map; only its asserted triples are written.

    Returns:
        The Argdown document.

    >>> print(dumps(loads("[A]: Apples. {main: true}\\n  - [B]: Worms.")), end="")
    [A]: Apples. {main: true}
      - [B]
    <BLANKLINE>
    [B]: Worms.
    """
    return _Writer(store).write()


def _write(store: MapStore) -> bytes:
    return dumps(store).encode("utf-8")


def dump(store: MapStore, path: str | Path) -> Path:
    """Write a map as an Argdown file (atomically); return its path."""
    return atomic_write(path, _write(store))


FORMAT = register(
    Format(
        name="argdown",
        extensions=(".argdown", ".ad"),
        media_type="text/x-argdown",
        description="Argdown argument markup (statements, arguments, relations)",
        reader=_read,
        writer=_write,
        cannot_carry=CANNOT_CARRY,
    )
)
