"""ICCMA file formats for abstract argumentation frameworks, and the ICCMA solver interface.

Three formats, each a pure ``loads_*``/``dumps_*`` pair over text, registered
once in :data:`FORMATS` and read or written from files by :func:`load` and
:func:`dump`:

- ``apx`` (ICCMA 2015-2021, ``.apx``): ``arg(a).`` and ``att(a,b).`` facts;
  ``%`` starts a comment, whitespace and blank lines are free;
- ``tgf`` (Trivial Graph Format, ``.tgf``): one argument per line, a ``#``
  line, then one attack ``a b`` per line;
- ``iccma23`` (ICCMA 2023, ``.af`` or ``.i23``): a header ``p af N``, then one
  attack ``i j`` per line over the arguments ``1`` to ``N``; lines starting with
  ``#`` are comments.

Loaded arguments are always strings (``"1"`` to ``"N"`` for ``iccma23``), so
that a name given on a command line matches directly. Writers sort arguments in
natural order (``a2`` before ``a10``), so the same framework gives the same
bytes. Malformed text raises :class:`graph.errors.InputError` with the line and
column and what was expected there. A file with nothing but whitespace is an
error in every format (an empty framework is written with an explicit header or
comment, so it reads back).

:func:`solve` answers the ICCMA tasks (:data:`TASKS`) as an ICCMA solver prints
them.

>>> af = loads_apx("arg(a). arg(b). arg(c).\\natt(a,b). att(b,c).")
>>> print(dumps_iccma23(af), end="")
p af 3
1 2
2 3
>>> solve("SE-GR", af, style="apx")
'[a,c]'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import networkx as nx

from graph.errors import InputError
from graph.reasoning.dung import (
    Extension,
    credulous_witness,
    credulously_accepted,
    extensions,
    skeptical_counterexample,
    skeptically_accepted,
    some_extension,
)

__all__ = [
    "FORMATS",
    "STYLES",
    "TASKS",
    "AfFormat",
    "dump",
    "dumps_apx",
    "dumps_iccma23",
    "dumps_tgf",
    "format_for",
    "iccma23_numbering",
    "load",
    "loads_apx",
    "loads_iccma23",
    "loads_tgf",
    "solve",
]

PathLike = str | Path


# ---------------------------------------------------------------------------- helpers


def _natural_key(a: Hashable) -> tuple[tuple[str | int, ...], str, str]:
    """Sort ``a2`` before ``a10`` and ``2`` before ``10``; ties broken by text and type."""
    text = str(a)
    parts = re.split(r"(\d+)", text)
    # split() alternates text and digits, so equal positions always hold equal types.
    key = tuple(int(p) if i % 2 else p for i, p in enumerate(parts))
    return key, text, type(a).__name__


def _sorted_nodes(af: nx.DiGraph) -> list[Hashable]:
    return sorted(af, key=_natural_key)


def _sorted_edges(af: nx.DiGraph) -> list[tuple[Hashable, Hashable]]:
    return sorted(af.edges, key=lambda e: (_natural_key(e[0]), _natural_key(e[1])))


def _lines(text: str) -> Iterable[tuple[int, str]]:
    """Numbered lines, split on ``\\n`` only (so numbers match what editors show)."""
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.removesuffix("\r")


def _found(line: str, pos: int) -> str:
    rest = line[pos:].strip()
    return f"found {rest[:20]!r}" if rest else "found the end of the line"


def _check_not_empty(text: str, path: PathLike | None, expected: str) -> None:
    if not text.strip():
        raise InputError(f"empty file: expected {expected}", path=path, line=1, column=1)


def _names(af: nx.DiGraph, valid: re.Pattern[str], fmt: str, rule: str) -> dict[Hashable, str]:
    names = {a: str(a) for a in af}
    for name in names.values():
        if not valid.fullmatch(name):
            raise ValueError(f"argument {name!r} cannot be written as {fmt}: {rule}")
    if len(set(names.values())) < len(names):
        raise ValueError(f"two arguments have the same name; {fmt} could not tell them apart")
    return names


# -------------------------------------------------------------------------------- apx

_WS = re.compile(r"\s*")
_KEYWORD = re.compile(r"[A-Za-z_]\w*")
_APX_NAME = re.compile(r"[^\s,()%]+")


class _Cursor:
    """A position in one line of apx text, with the little steps of its grammar."""

    def __init__(self, line: str, number: int, path: PathLike | None) -> None:
        self.line, self.number, self.path, self.pos = line, number, path, 0

    def fail(self, message: str) -> InputError:
        return InputError(message, path=self.path, line=self.number, column=self.pos + 1)

    def skip(self) -> None:
        match = _WS.match(self.line, self.pos)
        self.pos = match.end() if match else self.pos

    def at_end(self) -> bool:
        self.skip()
        return self.pos >= len(self.line)

    def keyword(self) -> str:
        match = _KEYWORD.match(self.line, self.pos)
        if match is None or match.group() not in ("arg", "att"):
            raise self.fail(f"expected 'arg(' or 'att(', {_found(self.line, self.pos)}")
        self.pos = match.end()
        return str(match.group())

    def expect(self, token: str, what: str) -> None:
        self.skip()
        if not self.line.startswith(token, self.pos):
            raise self.fail(f"expected {token!r} {what}, {_found(self.line, self.pos)}")
        self.pos += len(token)

    def name(self) -> tuple[str, int]:
        """An argument name and the position where it starts."""
        self.skip()
        match = _APX_NAME.match(self.line, self.pos)
        if match is None:
            raise self.fail(f"expected an argument name, {_found(self.line, self.pos)}")
        start, self.pos = self.pos, match.end()
        return match.group(), start


def loads_apx(text: str, *, path: PathLike | None = None) -> nx.DiGraph:
    """Read an ICCMA ``.apx`` framework: ``arg(a).`` and ``att(a,b).`` facts.

    Facts may share a line and be spaced freely; ``%`` comments run to the end
    of the line. Attacks may come before the arguments they name, but every
    attacked or attacking argument must be declared somewhere.

    Args:
        text: the file's text.
        path: the file name to show in errors.

    Returns:
        A ``DiGraph`` with the arguments (as strings) in declaration order.

    Raises:
        InputError: empty text, a malformed fact, or an attack on an undeclared
            argument; with the line and column.

    >>> sorted(loads_apx("arg(a).\\narg(b). % b is attacked\\natt(a, b).").edges)
    [('a', 'b')]
    >>> loads_apx("arg(a).\\natt(a b).", path="af.apx")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: af.apx:2:7: expected ',' in att(a,b), found 'b).'
    """
    _check_not_empty(text, path, "facts 'arg(a).' and 'att(a,b).'")
    af = nx.DiGraph()
    attacks: list[tuple[str, str, int, int, int]] = []
    for number, raw in _lines(text):
        cursor = _Cursor(raw.split("%", 1)[0], number, path)
        while not cursor.at_end():
            keyword = cursor.keyword()
            cursor.expect("(", f"after {keyword!r}")
            first, first_at = cursor.name()
            if keyword == "arg":
                cursor.expect(")", "to close arg(a)")
                af.add_node(first)
            else:
                cursor.expect(",", "in att(a,b)")
                second, second_at = cursor.name()
                cursor.expect(")", "to close att(a,b)")
                attacks.append((first, second, number, first_at, second_at))
            cursor.expect(".", "at the end of the fact")
    for a, b, number, a_at, b_at in attacks:
        for arg, at in ((a, a_at), (b, b_at)):
            if arg not in af:
                raise InputError(
                    f"attack on undeclared argument {arg!r}: add 'arg({arg}).'",
                    path=path,
                    line=number,
                    column=at + 1,
                )
        af.add_edge(a, b)
    return af


def dumps_apx(af: nx.DiGraph) -> str:
    """Write a framework as ``.apx`` text, arguments then attacks, in natural order.

    Raises:
        ValueError: an argument name holds whitespace, ``,``, ``(``, ``)`` or ``%``
            (it could not be read back), or two arguments share a name.

    >>> print(dumps_apx(nx.DiGraph([("a10", "a2")])), end="")
    arg(a2).
    arg(a10).
    att(a10,a2).
    """
    names = _names(af, _APX_NAME, "apx", "no whitespace, ',', '(', ')' or '%'")
    if not names:
        return "% an argumentation framework with no arguments\n"
    lines = [f"arg({names[a]})." for a in _sorted_nodes(af)]
    lines += [f"att({names[a]},{names[b]})." for a, b in _sorted_edges(af)]
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------- tgf

_TOKEN = re.compile(r"\S+")
_TGF_NAME = re.compile(r"[^\s#]\S*")


def loads_tgf(text: str, *, path: PathLike | None = None) -> nx.DiGraph:
    """Read a Trivial Graph Format framework: arguments, a ``#`` line, attacks.

    Args:
        text: the file's text; blank lines are ignored.
        path: the file name to show in errors.

    Returns:
        A ``DiGraph`` with the arguments (as strings) in file order.

    Raises:
        InputError: empty text, more than one name on an argument line (TGF
            labels are not supported), an attack line without exactly two
            names, an attack on an undeclared argument, or a second ``#`` line.

    >>> sorted(loads_tgf("1\\n2\\n#\\n1 2\\n").edges)
    [('1', '2')]
    """
    _check_not_empty(text, path, "arguments, one per line, a '#' line, then attacks 'a b'")
    af = nx.DiGraph()
    attacks = False
    for number, line in _lines(text):
        tokens = list(_TOKEN.finditer(line))
        if not tokens:
            continue

        def fail(message: str, pos: int, number: int = number) -> InputError:
            return InputError(message, path=path, line=number, column=pos + 1)

        if tokens[0].group().startswith("#"):
            if attacks:
                raise fail("a second '#' line: the attacks have already begun", tokens[0].start())
            attacks = True
        elif not attacks:
            if len(tokens) > 1:
                raise fail(
                    "expected one argument per line before the '#' line "
                    f"(TGF labels are not supported), found {tokens[1].group()!r}",
                    tokens[1].start(),
                )
            af.add_node(tokens[0].group())
        else:
            if len(tokens) != 2:
                pos = tokens[2].start() if len(tokens) > 2 else len(line)
                raise fail(f"expected an attack 'a b', {_found(line, pos)}", pos)
            for token in tokens:
                if token.group() not in af:
                    raise fail(
                        f"attack on undeclared argument {token.group()!r}: "
                        "list it above the '#' line",
                        token.start(),
                    )
            af.add_edge(tokens[0].group(), tokens[1].group())
    return af


def dumps_tgf(af: nx.DiGraph) -> str:
    """Write a framework as TGF text, in natural order.

    Raises:
        ValueError: an argument name is empty, holds whitespace or starts with
            ``#``, or two arguments share a name.

    >>> print(dumps_tgf(nx.DiGraph([("b", "a")])), end="")
    a
    b
    #
    b a
    """
    names = _names(af, _TGF_NAME, "tgf", "no whitespace, and no '#' at the start")
    lines = [names[a] for a in _sorted_nodes(af)]
    lines.append("#")
    lines += [f"{names[a]} {names[b]}" for a, b in _sorted_edges(af)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- iccma23

_NUMBER = re.compile(r"[0-9]+")
_HEADER = "the header 'p af <number of arguments>'"


def loads_iccma23(text: str, *, path: PathLike | None = None) -> nx.DiGraph:
    """Read an ICCMA 2023 framework: ``p af N``, then attacks ``i j`` with ``1 <= i, j <= N``.

    Args:
        text: the file's text; blank lines and lines starting with ``#`` are ignored.
        path: the file name to show in errors.

    Returns:
        A ``DiGraph`` over the arguments ``"1"`` to ``"N"`` (strings, in order).

    Raises:
        InputError: empty text, a missing or malformed header, a second header,
            an attack line without exactly two numbers, or a number out of range;
            with the line and column.

    >>> sorted(loads_iccma23("p af 3\\n# a comment\\n1 2\\n3 3\\n").edges)
    [('1', '2'), ('3', '3')]
    >>> loads_iccma23("p af 2\\n1 3\\n", path="af.af")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: af.af:2:3: expected an argument number from 1 to 2, found '3'
    """
    _check_not_empty(text, path, _HEADER)
    af = nx.DiGraph()
    size: int | None = None
    for number, line in _lines(text):
        tokens = list(_TOKEN.finditer(line))
        if not tokens or tokens[0].group().startswith("#"):
            continue

        def fail(message: str, pos: int, number: int = number) -> InputError:
            return InputError(message, path=path, line=number, column=pos + 1)

        words = [t.group() for t in tokens]
        if size is None:
            if words[0] != "p":
                raise fail(f"expected {_HEADER} first, found {line.strip()[:20]!r}", 0)
            if len(words) < 2 or words[1] != "af":
                pos = tokens[1].start() if len(words) > 1 else len(line)
                raise fail(f"expected 'af' after 'p' (an AF file), {_found(line, pos)}", pos)
            if len(words) < 3 or not _NUMBER.fullmatch(words[2]):
                pos = tokens[2].start() if len(words) > 2 else len(line)
                raise fail(f"expected the number of arguments, {_found(line, pos)}", pos)
            if len(words) > 3:
                raise fail(f"expected the end of the header, found {words[3]!r}", tokens[3].start())
            size = int(words[2])
            af.add_nodes_from(str(i) for i in range(1, size + 1))
            continue
        if words[0] == "p":
            raise fail("a second header: there is one 'p af' line, at the top", tokens[0].start())
        if len(tokens) != 2:
            pos = tokens[2].start() if len(tokens) > 2 else len(line)
            raise fail(f"expected an attack 'i j' (two numbers), {_found(line, pos)}", pos)
        ends: list[str] = []
        for token in tokens:
            word = token.group()
            if not _NUMBER.fullmatch(word) or not 1 <= int(word) <= size:
                raise fail(
                    f"expected an argument number from 1 to {size}, found {word!r}", token.start()
                )
            ends.append(str(int(word)))
        af.add_edge(ends[0], ends[1])
    if size is None:
        raise InputError(
            f"missing {_HEADER}: the file has only comments", path=path, line=1, column=1
        )
    return af


def iccma23_numbering(af: nx.DiGraph) -> dict[Hashable, int]:
    """The numbers :func:`dumps_iccma23` gives the arguments: 1 to N in natural order.

    Arguments named ``1`` to ``N`` (as strings or ints) keep their numbers.

    >>> iccma23_numbering(nx.DiGraph([("b", "a10"), ("a2", "b")]))
    {'a2': 1, 'a10': 2, 'b': 3}
    """
    return {a: i for i, a in enumerate(_sorted_nodes(af), start=1)}


def dumps_iccma23(af: nx.DiGraph) -> str:
    """Write a framework as ICCMA 2023 text, numbering arguments by :func:`iccma23_numbering`.

    The names are not written; keep the numbering to map answers back.

    >>> print(dumps_iccma23(nx.DiGraph([("b", "a"), ("a", "a")])), end="")
    p af 2
    1 1
    2 1
    """
    numbers = iccma23_numbering(af)
    lines = [f"p af {len(numbers)}"]
    lines += sorted(
        (f"{numbers[a]} {numbers[b]}" for a, b in af.edges),
        key=lambda line: tuple(map(int, line.split())),
    )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- registry


class Loads(Protocol):
    def __call__(self, text: str, *, path: PathLike | None = None) -> nx.DiGraph: ...


@dataclass(frozen=True)
class AfFormat:
    """A framework file format: its name, file extensions, reader, writer, and answer style."""

    name: str
    extensions: tuple[str, ...]
    description: str
    loads: Loads
    dumps: Callable[[nx.DiGraph], str]
    style: str
    """How :func:`solve` prints answers for frameworks read in this format."""


#: Every framework format, by name.
FORMATS: dict[str, AfFormat] = {
    fmt.name: fmt
    for fmt in (
        AfFormat("apx", (".apx",), "ICCMA apx facts", loads_apx, dumps_apx, "apx"),
        AfFormat("tgf", (".tgf",), "Trivial Graph Format", loads_tgf, dumps_tgf, "apx"),
        AfFormat(
            "iccma23",
            (".af", ".i23"),
            "ICCMA 2023 'p af N'",
            loads_iccma23,
            dumps_iccma23,
            "iccma23",
        ),
    )
}
_BY_SUFFIX = {ext: fmt for fmt in FORMATS.values() for ext in fmt.extensions}


def format_for(path: PathLike, *, format: str | None = None) -> AfFormat:
    """The format named ``format``, or else the one for the file's extension.

    Raises:
        InputError: an unknown format name or file extension.

    >>> format_for("x/n100.af").name
    'iccma23'
    """
    if format is not None:
        if format not in FORMATS:
            raise InputError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
        return FORMATS[format]
    suffix = Path(path).suffix.lower()
    if suffix not in _BY_SUFFIX:
        known = ", ".join(_BY_SUFFIX)
        shown = suffix or "(no extension)"
        raise InputError(
            f"unknown file type {shown!r}: expected one of {known}, or name the format",
            path=path,
        )
    return _BY_SUFFIX[suffix]


def load(path: PathLike, *, format: str | None = None) -> nx.DiGraph:
    """Read a framework file; the format follows the extension unless ``format`` names it.

    Raises:
        InputError: the file cannot be read, is not UTF-8, or is malformed.
    """
    fmt = format_for(path, format=format)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", path=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(
            f"not UTF-8 text: byte {data[err.start]:#04x}", path=path, line=line, column=column
        ) from None
    return fmt.loads(text, path=path)


def dump(af: nx.DiGraph, path: PathLike, *, format: str | None = None) -> None:
    """Write a framework file; the format follows the extension unless ``format`` names it.

    Raises:
        InputError: an unknown format or extension.
        ValueError: an argument name the format cannot hold.
    """
    fmt = format_for(path, format=format)
    Path(path).write_text(fmt.dumps(af), encoding="utf-8", newline="\n")


# ------------------------------------------------------------------------------ solve

_PROBLEMS = ("DC", "DS", "SE", "EE")
_SEMANTICS = {"CO": "complete", "PR": "preferred", "ST": "stable", "GR": "grounded"}

#: The ICCMA tasks :func:`solve` answers: problem (credulous, skeptical, some
#: extension, every extension) and semantics (complete, preferred, stable, grounded).
TASKS = tuple(f"{p}-{s}" for p in _PROBLEMS for s in _SEMANTICS)

#: Output styles: ICCMA 2023 (``w 1 2`` lines) and ICCMA 2019 (``[a,b]`` lists).
STYLES = ("iccma23", "apx")


def _show(ext: Extension, style: str) -> str:
    members = [str(a) for a in sorted(ext, key=_natural_key)]
    if style == "iccma23":
        return " ".join(["w", *members])
    return "[" + ",".join(members) + "]"


def _every(af: nx.DiGraph, semantics: str, style: str) -> str:
    found = sorted(extensions(af, semantics), key=lambda e: tuple(sorted(map(_natural_key, e))))
    if style == "iccma23":
        return "\n".join(_show(e, style) for e in found) or "NO"
    return "[" + ",".join(_show(e, style) for e in found) + "]"


def _some(af: nx.DiGraph, semantics: str, style: str) -> str:
    ext = some_extension(af, semantics)
    return "NO" if ext is None else _show(ext, style)


def solve(
    task: str, af: nx.DiGraph, *, argument: Hashable | None = None, style: str = "iccma23"
) -> str:
    """Answer an ICCMA task on a framework, as an ICCMA solver prints it.

    Args:
        task: one of :data:`TASKS`, e.g. ``"DS-PR"``.
        af: the framework.
        argument: the argument DC and DS tasks ask about; none for SE and EE.
        style: ``"iccma23"``: DC ``YES`` and a witness line ``w ...`` (an extension
            holding the argument), or ``NO``; DS ``YES``, or ``NO`` and a
            counter-example line ``w ...`` (an extension without it); SE
            ``w 1 4 5`` or ``NO``; EE one ``w ...`` line per extension, or ``NO``
            when there is none.
            ``"apx"`` (ICCMA 2019): ``YES``/``NO``; SE ``[a,b]`` or ``NO``; EE
            ``[[a,b],[c]]``. See :attr:`AfFormat.style` for each input format's.

    Returns:
        The answer, without a final newline. DS-ST is ``YES`` when there is no
        stable extension (vacuous truth, as ICCMA scores it).

    Raises:
        ValueError: an unknown task or style, a DC/DS task without an argument
            or with one that is not in ``af``, or an SE/EE task with an argument.

    >>> af = loads_iccma23("p af 3\\n1 2\\n2 1\\n2 3\\n")
    >>> print(solve("EE-PR", af))
    w 1 3
    w 2
    >>> print(solve("DS-PR", af, argument="3"))
    NO
    w 2
    >>> print(solve("DC-PR", af, argument="3"))
    YES
    w 1 3
    >>> solve("EE-ST", af, style="apx")
    '[[1,3],[2]]'
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}: expected one of {', '.join(TASKS)}")
    if style not in STYLES:
        raise ValueError(f"unknown output style {style!r}: expected one of {', '.join(STYLES)}")
    problem, code = task.split("-")
    semantics = _SEMANTICS[code]
    if problem in ("DC", "DS"):
        if argument is None:
            raise ValueError(f"task {task} asks about one argument: give it (ICCMA's -a)")
        if argument not in af:
            raise ValueError(f"task {task}: {argument!r} is not an argument of the framework")
        if style != "iccma23":
            accepted = credulously_accepted if problem == "DC" else skeptically_accepted
            return "YES" if accepted(af, argument, semantics) else "NO"
        # ICCMA 2023: a YES to a credulous task and a NO to a skeptical one come with
        # their proof, the extension that shows it (a witness, a counter-example).
        if problem == "DC":
            witness = credulous_witness(af, argument, semantics)
            return "NO" if witness is None else "YES\n" + _show(witness, style)
        counter = skeptical_counterexample(af, argument, semantics)
        return "YES" if counter is None else "NO\n" + _show(counter, style)
    if argument is not None:
        raise ValueError(f"task {task} takes no argument; only DC and DS tasks do")
    return (_some if problem == "SE" else _every)(af, semantics, style)
