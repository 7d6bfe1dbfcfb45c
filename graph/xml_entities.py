"""Entities in XML input, bounded before any parser expands them.

RDF/XML (read by Oxigraph) and arggraph XML (read by expat) may declare entities in
their document type: ``<!ENTITY rdf "http://www.w3.org/1999/02/22-rdf-syntax-ns#">``
is common in OWL files. A parser expands each reference in full, so ten entities of
ten references each (a "billion laughs") make gigabytes out of a kilobyte. Before
either parser sees a document, :func:`check` reads its internal subset and refuses:

- an external entity (``SYSTEM`` or ``PUBLIC``): argmap reads no file or URL that
  a document names;
- an entity that refers to itself, directly or through others;
- a document whose entity references would expand to more than
  :data:`DEFAULT_LIMIT` characters in all (``ARGMAP_XML_EXPANSION`` sets another
  limit, in characters).

Each refusal is an :class:`~graph.errors.InputError` with the line and column of the
declaration or reference that breaks the rule. A document without a document type
costs one search for ``<!DOCTYPE``.

>>> check(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="urn:x"/>')
>>> check(b'<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r>&b;</r>')
>>> try:
...     check(b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')
... except InputError as refused:
...     print(refused.line, refused.column, refused.message[:40])
1 14 the external entity 'x' (SYSTEM "file://
"""

from __future__ import annotations

import os
import re

from graph.errors import InputError

__all__ = ["DEFAULT_LIMIT", "check"]

#: The most characters a document's entity references may expand to, in all.
DEFAULT_LIMIT = 1_000_000
_LIMIT_VARIABLE = "ARGMAP_XML_EXPANSION"

_DOCTYPE = re.compile(rb"<!DOCTYPE\b")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NAME = r"[A-Za-z_:][\w.:-]*"
_ENTITY = re.compile(
    rf"<!ENTITY\s+(?P<param>%\s+)?(?P<name>{_NAME})\s+"
    rf"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<external>(?:SYSTEM|PUBLIC)\b[^>]*?))\s*>"
)
_REFERENCE = re.compile(rf"[&%](?P<name>{_NAME});")


def _text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    return data.decode("utf-8", errors="replace")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _limit() -> int:
    raw = os.environ.get(_LIMIT_VARIABLE)
    if raw is None:
        return DEFAULT_LIMIT
    try:
        return max(0, int(raw))
    except ValueError:
        raise InputError(
            f"{_LIMIT_VARIABLE}={raw!r} is not a number of characters (unset it for "
            f"the default, {DEFAULT_LIMIT:,})"
        ) from None


def check(data: bytes | str, path: str | None = None) -> None:
    """Refuse a document whose entities argmap will not expand (see the module).

    Raises:
        InputError: an external or recursive entity, or references that expand
            beyond the limit; with the line and column where it is.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and _DOCTYPE.search(raw) is None:
        return
    text = data if isinstance(data, str) else _text(raw)
    start = text.find("<!DOCTYPE")
    if start < 0:
        return
    opened = text.find("[", start)
    closed_tag = text.find(">", start)
    if opened < 0 or (0 <= closed_tag < opened):
        return  # no internal subset: nothing declared here
    end = text.find("]", opened)
    if end < 0:
        return  # the parser says what is wrong with it
    subset = _COMMENT.sub(lambda m: " " * len(m.group()), text[opened:end])
    values: dict[str, tuple[str, int]] = {}
    for match in _ENTITY.finditer(subset):
        at = opened + match.start()
        name = match.group("name")
        if match.group("external") is not None:
            line, column = _position(text, at)
            raise InputError(
                f"the external entity {name!r} ({' '.join(match.group('external').split())}) "
                "is not read: argmap reads no file or URL a document names (put the text "
                "in the document)",
                path=path,
                line=line,
                column=column,
            )
        value = match.group("dq") if match.group("dq") is not None else match.group("sq")
        values.setdefault(name, (value or "", at))
    if not values:
        return
    limit = _limit()
    sizes: dict[str, int] = {}

    def size(name: str, seen: tuple[str, ...]) -> int:
        if name in sizes:
            return sizes[name]
        value, at = values[name]
        if name in seen:
            line, column = _position(text, at)
            raise InputError(
                f"the entity {name!r} refers to itself (through {' → '.join([*seen, name])})",
                path=path,
                line=line,
                column=column,
            )
        total = len(_REFERENCE.sub("", value))
        for ref in _REFERENCE.finditer(value):
            if ref.group("name") in values:
                total += size(ref.group("name"), (*seen, name))
                if total > limit:
                    break
        sizes[name] = total
        return total

    expanded = 0
    for ref in _REFERENCE.finditer(text, end):
        name = ref.group("name")
        if name not in values:
            continue
        expanded += size(name, ())
        if expanded > limit:
            line, column = _position(text, ref.start())
            raise InputError(
                f"the entities of this document expand to more than {limit:,} characters "
                f"(a {len(text):,}-character document; the reference to {name!r} here "
                f"passes the limit): set {_LIMIT_VARIABLE} to a larger number of "
                "characters to read it",
                path=path,
                line=line,
                column=column,
            )
