"""The one exception tree of argmap; the CLI maps it to exit codes.

Every error carries where it happened (file, line, column, node) when that is
known, so that a message can point a user at the offending place.

>>> print(InputError("expected '.'", path="map.ttl", line=3, column=7))
map.ttl:3:7: expected '.'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AnchorError",
    "ArgmapError",
    "InputError",
    "Problem",
    "QueryError",
    "ReasoningError",
    "ValidationError",
]


def _where(path: str | Path | None, line: int | None, column: int | None, node: str | None) -> str:
    parts: list[str] = []
    if path is not None:
        loc = str(path)
        if line is not None:
            loc += f":{line}"
            if column is not None:
                loc += f":{column}"
        parts.append(loc)
    if node is not None:
        parts.append(node)
    return ": ".join(parts)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]} | {
    0x0A: "\\n",
    0x0D: "\\r",
    0x09: "\\t",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def one_line(text: str) -> str:
    """``text`` on one line: control characters and line breaks written as escapes
    (a parser quoting the character it stopped at may quote a line break).

    >>> one_line("Invalid IRI code point '\\n'")
    "Invalid IRI code point '\\\\n'"
    """
    return text.translate(_CONTROL)


class ArgmapError(Exception):
    """Base of every error argmap raises on purpose. Its message is kept on one line
    (:func:`one_line`), whatever the text it quotes."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        node: str | None = None,
    ) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.node = node

    def __str__(self) -> str:
        where = _where(self.path, self.line, self.column, self.node)
        return f"{where}: {self.message}" if where else self.message


class InputError(ArgmapError):
    """A source that cannot be read: missing, empty, unknown type or malformed."""


class AnchorError(ArgmapError):
    """A quote that is not in the source text, or offsets that do not match it."""


class QueryError(ArgmapError):
    """A SPARQL query that does not parse or cannot be run."""


class ReasoningError(ArgmapError, ValueError):
    """What reasoning cannot do with what it was given: an argument that is not in the
    framework, an unknown semantics, a graph whose inference has no premise. Also a
    ValueError, which reasoning raised before it had an error of its own."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map, as ``validate`` reports it.

    ``path`` is where (``file:line:column`` when known), ``node`` the node in the
    map's own terms (a compact IRI, or an Argdown ``[title]``; empty for the map as a
    whole), then what is wrong and how to fix it. ``rule``, ``focus`` and ``facts``
    say which check found it, about which node (its full IRI) and with which values;
    they do not take part in comparing problems.

    >>> print(Problem("t.argdown:1:1", "", "the map has no title", "add 'title:'"))
    t.argdown:1:1: the map has no title (add 'title:')
    >>> print(Problem("m.ttl:3:1", "nu:a", "no quote", "", "warning"))
    m.ttl:3:1: nu:a: warning: no quote
    """

    path: str
    node: str
    message: str
    fix: str
    #: ``error`` (the map is wrong) or ``warning`` (worth a look; does not fail)
    severity: str = "error"
    #: the check that found it: an integrity check's name, a shape's local name, ...
    rule: str = field(default="", compare=False)
    #: the full IRI (or ``_:`` blank node) of the node it is about
    focus: str = field(default="", compare=False)
    #: the values the check saw (the offending value, the property, offsets, ...)
    facts: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __str__(self) -> str:
        fix = f" ({self.fix})" if self.fix else ""
        warn = "warning: " if self.severity == "warning" else ""
        node = f"{self.node}: " if self.node else ""
        where = f"{self.path}: " if self.path else ""
        return f"{where}{node}{warn}{self.message}{fix}"


class ValidationError(ArgmapError):
    """A map that loads but breaks the shapes or refers to what is not there."""

    def __init__(
        self, problems: list[Problem], *, path: str | Path | None = None, hint: str | None = None
    ) -> None:
        self.problems = problems
        #: what could mend them, when something can (``argmap build --reanchor``, ...)
        self.hint = hint
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{len(problems)} {noun} in the map", path=path)
