"""Abstract argumentation frameworks as map formats: ICCMA apx, TGF and ICCMA 2023.

Writing a map in one of these formats exports its attack graph,
``framework(argument_graph(store))`` (:mod:`graph.reasoning.bipolar`): every
statement and inference is an argument, every attack (direct, secondary or
supported) an edge. Give it a derived map (as ``argmap convert`` and
:func:`graph.pipeline.open_map` do): the view finds statements by their
``am:Statement`` type and inferences in their reified form. The text itself is
written by :mod:`graph.reasoning.iccma`.

- ``apx`` and ``tgf`` name each argument by a safe identifier made from its
  IRI's local name (see :func:`argument_names`): ``nu:nato-will-not-intervene``
  becomes ``nato_will_not_intervene``, fit for any solver, ASP-based ones too.
- ``iccma23`` (``p af N``) numbers the arguments (in the natural order of those
  names) and maps each number back to its IRI in a comment line after the
  header, ``# 3 <https://...#nato-will-not-intervene> NATO will not intervene``
  (the number, the IRI, the label), which solvers skip and :func:`loads` reads.

Reading a framework gives a map: each argument an ``am:Statement`` whose label
and text are the argument's name (the label of its comment line, if any), at
``{base}#arg-{name}`` (or the IRI of its comment line), marked ``am:implicit``
since no source text states it; each attack an ``am:Conflict`` with its
``am:attacker`` and ``am:target``, at ``{base}#att-{attacker}-{target}``.

The trip is asymmetric: a map written as a framework loses everything but its
attacks (supports only survive as the attacks they carry; texts, anchors,
speakers, schemes and kinds are gone), and inferences come back as statements.
A framework written from a map read from a framework is the same framework.

>>> store = loads("arg(a).\\narg(b).\\natt(a,b).\\n", format="apx", base="urn:af")
>>> print(dumps(store, format="tgf"), end="")
a
b
#
a b
>>> print(dumps(store, format="iccma23"), end="")
p af 2
# 1 <urn:af#arg-a> a
# 2 <urn:af#arg-b> b
1 2
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from rdflib import Literal, URIRef

from graph.errors import InputError
from graph.formats import Format, ReadContext, register
from graph.formats import load as load_map
from graph.store import MapStore, absolute_iri, atomic_write, new_store
from graph.vocab import AM, RDF, RDFS

# networkx, the views and the ICCMA module (which brings the SAT solver) are imported
# where they are used: registering the formats must not slow down every command.
if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_BASE",
    "EXTENSIONS",
    "FORMAT_NAMES",
    "argument_names",
    "attack_graph",
    "dump",
    "dumps",
    "framework_map",
    "load",
    "loads",
]

#: The formats this module registers (the names :mod:`graph.reasoning.iccma` uses).
FORMAT_NAMES = ("apx", "tgf", "iccma23")

#: File extensions, as :data:`graph.reasoning.iccma.FORMATS` has them (a test checks).
EXTENSIONS = {"apx": (".apx",), "tgf": (".tgf",), "iccma23": (".af", ".i23")}

#: Where read arguments live when the text comes from no file.
DEFAULT_BASE = "urn:argmap:framework"

_CANNOT_CARRY = (
    "anything but the attack graph: supports (kept only as the attacks they carry), "
    "texts, anchors, speakers, mentions, kinds, schemes and reasoning results; "
    "inferences are written as plain arguments, conflicts as attacks"
)
_NAMES_NOTE = {
    "apx": "; IRIs and labels become names made from the IRI's local name",
    "tgf": "; IRIs and labels become names made from the IRI's local name",
    "iccma23": " (the IRIs and one-line labels are kept in '#' comments)",
}
_DESCRIPTIONS = {
    "apx": "ICCMA apx framework: the map's attack graph",
    "tgf": "Trivial Graph Format framework: the map's attack graph",
    "iccma23": "ICCMA 2023 'p af N' framework: the map's attack graph, IRIs in comments",
}


# ------------------------------------------------------------------------------ names


def _local_name(iri: str) -> str:
    for sep in ("#", "/", ":"):
        _, found, tail = iri.rpartition(sep)
        if found and tail:
            return unquote(tail)
    return unquote(iri)


def _safe(local: str) -> str:
    if local.startswith("arg-") and len(local) > 4:
        local = local[4:]  # the prefix :func:`framework_map` gives read arguments
    name = re.sub(r"[^A-Za-z0-9_]+", "_", local).strip("_") or "arg"
    if re.fullmatch(r"0|[1-9][0-9]*", name) or name[0].islower():
        return name
    if name[0].isupper():
        return name[0].lower() + name[1:]
    return "a" + name


def argument_names(af: nx.DiGraph) -> dict[Hashable, str]:
    """Name each argument by a safe, unique identifier made from its IRI's local name.

    A name is a number, or starts with a lowercase letter and holds only ASCII
    letters, digits and ``_`` (an ASP constant, what apx solvers expect). The
    ``arg-`` that read arguments carry is dropped, so a framework read and written
    again keeps its names. Clashes are resolved in IRI order with ``_2``, ``_3``...

    >>> import networkx as nx
    >>> argument_names(nx.DiGraph([("urn:m#Big-claim", "urn:m#big_claim"), ("urn:m#7", "urn:x")]))
    {'urn:m#7': '7', 'urn:m#Big-claim': 'big_claim', 'urn:m#big_claim': 'big_claim_2', 'urn:x': 'x'}
    """
    nodes = sorted(af, key=str)
    wanted = {node: _safe(_local_name(str(node))) for node in nodes}
    taken: set[str] = set()
    names: dict[Hashable, str] = {}
    reserved = set(wanted.values())
    for node in nodes:
        name = wanted[node]
        if name in taken:
            stem = name if name[0].isalpha() else "a" + name  # "7_2" is no ASP constant
            k = 2
            while f"{stem}_{k}" in taken or f"{stem}_{k}" in reserved:
                k += 1
            name = f"{stem}_{k}"
        taken.add(name)
        names[node] = name
    return names


def attack_graph(store: MapStore) -> nx.DiGraph:
    """The map's abstract framework: ``framework(argument_graph(store))``."""
    from graph.reasoning.bipolar import framework
    from graph.view import argument_graph

    return framework(argument_graph(store))


def _named(af: nx.DiGraph, names: Mapping[Hashable, str]) -> nx.DiGraph:
    import networkx as nx

    out = nx.DiGraph()
    out.add_nodes_from(sorted(names.values()))
    out.add_edges_from((names[a], names[b]) for a, b in af.edges)
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- writer


def dumps(store: MapStore, *, format: str = "apx") -> str:
    """Write a map's attack graph as an ``apx``, ``tgf`` or ``iccma23`` framework.

    Raises:
        ValueError: an unknown format name.
    """
    from graph.reasoning import iccma

    if format not in FORMAT_NAMES:
        raise ValueError(f"unknown framework format {format!r}: expected one of {FORMAT_NAMES}")
    af = attack_graph(store)
    names = argument_names(af)
    named = _named(af, names)
    text: str = iccma.FORMATS[format].dumps(named)
    if format != "iccma23":
        return text
    numbers = iccma.iccma23_numbering(named)
    comments = []
    for node in sorted(af, key=lambda n: numbers[names[n]]):
        iri = str(node)
        if iri.startswith("_:") or not _IRI.fullmatch(iri):
            continue  # a blank node has no name to restore
        label = af.nodes[node].get("label")
        label = _one_line(str(label if label and label != iri else names[node]))
        comments.append(f"# {numbers[names[node]]} <{iri}> {label}".rstrip())
    header, _, attacks = text.partition("\n")
    return "\n".join([header, *comments, attacks]).rstrip("\n") + "\n"


# ----------------------------------------------------------------------------- reader

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*")
_IRI_COMMENT = re.compile(r"(\s*#\s*)([0-9]+)(\s+)<([^<>]*)>(?:[ \t]+(.*?))?\s*")


def _enc(name: str) -> str:
    """Percent-encode a name for an IRI, ``-`` included, so ``a-b`` pairs stay apart."""
    return quote(name, safe="").replace("-", "%2D")


def framework_map(
    af: nx.DiGraph,
    *,
    base: str = DEFAULT_BASE,
    iris: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> MapStore:
    """Build a map from a framework: arguments as statements, attacks as conflicts.

    Args:
        af: the framework; its nodes are the argument names.
        base: the IRI the new nodes are minted under (any fragment is dropped).
        iris: an IRI to use instead of ``{base}#arg-{name}``, by name.
        labels: a label (and text) to use instead of the name, by name.

    >>> import networkx as nx
    >>> sorted(framework_map(nx.DiGraph([("a", "b")]), base="urn:x").rows(
    ...     "SELECT ?a ?t WHERE { ?k am:attacker ?a ; am:target ?t }"))
    [('urn:x#arg-a', 'urn:x#arg-b')]
    """
    base = base.split("#", 1)[0]
    iris = iris or {}
    labels = labels or {}
    node_iri = {a: URIRef(iris.get(str(a)) or f"{base}#arg-{quote(str(a), safe='')}") for a in af}
    triples = []
    for a in af:
        s = node_iri[a]
        label = labels.get(str(a)) or str(a)
        triples += [
            (s, RDF.type, AM.Statement),
            (s, RDFS.label, Literal(label)),
            (s, AM.text, Literal(label)),
            (s, AM.implicit, Literal(True)),
        ]
    for a, b in af.edges:
        k = URIRef(f"{base}#att-{_enc(str(a))}-{_enc(str(b))}")
        triples += [
            (k, RDF.type, AM.Conflict),
            (k, AM.attacker, node_iri[a]),
            (k, AM.target, node_iri[b]),
        ]
    store = new_store()
    store.add_asserted(triples)
    return store


def _iri_comments(
    text: str, size: int, path: str | Path | None, context: ReadContext | None
) -> tuple[dict[str, str], dict[str, str]]:
    """The ``# N <iri> label`` comments of an ICCMA 2023 text: IRIs and labels by number."""
    iris: dict[str, str] = {}
    labels: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = _IRI_COMMENT.fullmatch(line.removesuffix("\r"))
        if match is None:
            continue

        def fail(
            message: str, group: int, number: int = number, match: re.Match[str] = match
        ) -> InputError:
            return InputError(message, path=path, line=number, column=match.start(group) + 1)

        arg, iri, label = str(int(match.group(2))), match.group(4), match.group(5)
        error = None
        if not 1 <= int(arg) <= size:
            error = fail(f"IRI comment for argument {arg}, but there are {size}", 2)
        elif not absolute_iri(iri):
            error = fail(f"expected an absolute IRI in '<...>', found {iri[:40]!r}", 4)
        elif arg in iris:
            error = fail(f"a second IRI comment for argument {arg}: keep one", 2)
        elif iri in seen:
            error = fail(f"argument {arg} has the IRI of argument {seen[iri]}: give each one", 4)
        if error is not None:
            if context is not None and context.lenient:
                context.skip(str(error))
                continue
            raise error
        iris[arg], seen[iri] = iri, int(arg)
        if label:
            labels[arg] = label
    return iris, labels


def loads(
    text: str,
    *,
    format: str = "apx",
    base: str = DEFAULT_BASE,
    path: str | Path | None = None,
    context: ReadContext | None = None,
) -> MapStore:
    """Read an ``apx``, ``tgf`` or ``iccma23`` framework as a map.

    Args:
        text: the framework's text.
        format: its format.
        base: the IRI arguments and attacks are minted under.
        path: the file name to show in errors.
        context: with ``lenient``, a bad IRI comment is skipped (and counted) instead
            of failing.

    Raises:
        InputError: malformed text, with the line and column (the parsers of
            :mod:`graph.reasoning.iccma`); in ``iccma23``, an IRI comment for a number
            out of range, with a malformed IRI, or repeating a number or an IRI.
        ValueError: an unknown format name.

    >>> loads("p af 2\\n1 3\\n", format="iccma23", path="af.af")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: af.af:2:3: expected an argument number from 1 to 2, found '3'
    """
    from graph.reasoning import iccma

    if format not in FORMAT_NAMES:
        raise ValueError(f"unknown framework format {format!r}: expected one of {FORMAT_NAMES}")
    af = iccma.FORMATS[format].loads(text, path=path)
    iris: dict[str, str] = {}
    labels: dict[str, str] = {}
    if format == "iccma23":
        iris, labels = _iri_comments(text, len(af), path, context)
    return framework_map(af, base=base, iris=iris, labels=labels)


def load(path: str | Path, *, format: str | None = None) -> MapStore:
    """Read a framework file as a map; the format follows the extension unless named.

    Arguments are minted under the file's URI.
    """
    from graph.reasoning import iccma

    name = iccma.format_for(path, format=format).name
    return load_map(path, format=name)


def dump(store: MapStore, path: str | Path, *, format: str | None = None) -> Path:
    """Write a map's attack graph to a file; the format follows the extension unless named."""
    from graph.reasoning import iccma

    name = iccma.format_for(path, format=format).name
    return atomic_write(path, dumps(store, format=name).encode("utf-8"))


# --------------------------------------------------------------------------- registry


def _read(name: str, data: bytes, context: ReadContext) -> MapStore:
    text = data.decode("utf-8-sig")
    return loads(
        text, format=name, base=context.base or DEFAULT_BASE, path=context.path, context=context
    )


def _write(name: str, store: MapStore) -> bytes:
    return dumps(store, format=name).encode("utf-8")


def _first_line(head: bytes, comment: bytes) -> bytes:
    for line in head.splitlines():
        line = line.strip()
        if line and not line.startswith(comment):
            return line
    return b""


_SNIFF = {
    "apx": lambda head: re.match(rb"(arg|att)\s*\(", _first_line(head, b"%")) is not None,
    "tgf": lambda head: re.fullmatch(rb"[^\s#]+|#", _first_line(head, b"\0")) is not None,
    "iccma23": lambda head: re.match(rb"p\s+af\s", _first_line(head, b"#")) is not None,
}

for _name in FORMAT_NAMES:
    register(
        Format(
            name=_name,
            extensions=EXTENSIONS[_name],
            media_type="text/plain",
            description=_DESCRIPTIONS[_name],
            reader=partial(_read, _name),
            writer=partial(_write, _name),
            sniff=_SNIFF[_name],
            cannot_carry=_CANNOT_CARRY + _NAMES_NOTE[_name],
        )
    )
