"""The bounds every reader works within, and how to raise them.

- **Input size**: one source file of at most ``ARGMAP_MAX_INPUT`` bytes (default
  1 GiB; ``512M``, ``2G`` and plain byte counts are understood), refused before it is
  read.
- **Nesting**: JSON (AIF, JSON-LD) and Argdown's relation trees nest at most
  ``ARGMAP_MAX_NESTING`` levels (default 100; the maps argmap reads nest under 10).
  Raising it lets the parsers recurse further (:func:`deeper`).
- **XML entities**: :mod:`graph.xml_entities` (``ARGMAP_XML_EXPANSION``).

Each refusal is an :class:`~graph.errors.InputError` that names the limit, where the
input passes it, and the variable that raises it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from graph.errors import InputError

__all__ = [
    "DEFAULT_MAX_INPUT",
    "DEFAULT_MAX_NESTING",
    "deeper",
    "json_depth",
    "load_json",
    "max_input",
    "max_nesting",
]

DEFAULT_MAX_INPUT = 1 << 30
DEFAULT_MAX_NESTING = 100
_SIZE = re.compile(r"\s*(\d+)\s*([kmgt]?)i?b?\s*", re.IGNORECASE)
_COUNT = re.compile(r"\s*(\d+)\s*()")
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def _setting(name: str, default: int, *, bytes_: bool) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    match = (_SIZE if bytes_ else _COUNT).fullmatch(raw)
    if match is None or int(match.group(1)) <= 0:
        wanted = "a byte count such as 2G, 512M or 1000000" if bytes_ else "a number"
        raise InputError(f"{name}={raw!r}: expected {wanted} above 0")
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def max_input() -> int:
    """The largest source file read, in bytes (``ARGMAP_MAX_INPUT``).

    >>> os.environ["ARGMAP_MAX_INPUT"] = "2G"; max_input() == 2 << 30
    True
    >>> del os.environ["ARGMAP_MAX_INPUT"]; max_input() == DEFAULT_MAX_INPUT
    True
    """
    return _setting("ARGMAP_MAX_INPUT", DEFAULT_MAX_INPUT, bytes_=True)


def max_nesting() -> int:
    """The deepest nesting read (``ARGMAP_MAX_NESTING``)."""
    return _setting("ARGMAP_MAX_NESTING", DEFAULT_MAX_NESTING, bytes_=False)


def size_text(n: int) -> str:
    """A byte count in words: ``1 GiB``, ``512 MiB``, ``1,000 bytes``.

    >>> size_text(1 << 30), size_text(3 << 19), size_text(1000)
    ('1 GiB', '1.5 MiB', '1,000 bytes')
    """
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n:,} bytes"


def nesting_message(what: str, limit: int) -> str:
    """The words of a nesting refusal, with how to raise the limit.

    >>> nesting_message("the JSON nests", 100).split(": ")[0]
    'the JSON nests more than 100 levels deep here'
    """
    return (
        f"{what} more than {limit} levels deep here: argmap reads up to {limit} "
        "(ARGMAP_MAX_NESTING raises the limit)"
    )


@contextmanager
def deeper(levels: int) -> Iterator[None]:
    """Let the parsers recurse ``levels`` deep: Python's recursion limit is raised
    for the duration (each level costs a parser a few frames), and put back."""
    before = sys.getrecursionlimit()
    wanted = 1000 + 40 * levels
    if wanted > before:
        sys.setrecursionlimit(wanted)
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def _depth_at(text: str, limit: int) -> tuple[int, int] | None:
    """Line and column where JSON ``text`` opens its level ``limit + 1``."""
    depth, line, start, i, n = 0, 1, 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c in "[{":
            depth += 1
            if depth > limit:
                return line, i - start + 1
        elif c in "]}":
            depth -= 1
        elif c == "\n":
            line, start = line + 1, i + 1
        i += 1
    return None


def json_depth(value: object) -> int:
    """How deep a parsed JSON value nests (a scalar: 0, ``[]``: 1, ``[{}]``: 2).

    >>> json_depth(1), json_depth([]), json_depth({"a": [{"b": 1}]})
    (0, 1, 3)
    """
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = [v for v in item.values() if isinstance(v, (dict, list))]
        elif isinstance(item, list):
            children = [v for v in item if isinstance(v, (dict, list))]
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def load_json(text: str, what: str, path: str | None) -> object:
    """Parse JSON ``text`` within the nesting limit (:func:`max_nesting`), with the
    stack the parser needs for it.

    Raises:
        json.JSONDecodeError: not JSON (the caller says so in its format's words).
        InputError: deeper than the limit, at the line and column where it passes it;
            ``what`` says whose nesting it is (``"the JSON-LD nests"``).
    """
    import json

    limit = max_nesting()
    try:
        with deeper(limit):
            value = json.loads(text)
    except RecursionError:
        value = None
        deepest = limit + 1
    else:
        deepest = json_depth(value)
    if deepest > limit:
        at = _depth_at(text, limit)
        raise InputError(
            nesting_message(what, limit),
            path=path,
            line=at[0] if at else None,
            column=at[1] if at else None,
        )
    return value
