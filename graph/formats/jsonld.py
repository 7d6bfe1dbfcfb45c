"""argmap JSON-LD: a map as compacted, deterministic JSON-LD with argmap's published context.

The plain ``jsonld`` format (:mod:`graph.formats.rdf`) writes whatever Oxigraph
writes: correct, but with full IRIs and no argmap terms. This one, registered as
``argmap-jsonld``, writes JSON that reads like the map: short keys (``label``,
``premise``, ``text``), types (``"@type": "Claim"``) and prefixed node ids
(``"nu:nato"``), through the context published at :data:`CONTEXT_URL` and kept in
``ontology/context.jsonld``.

Choices, so that the output is useful without a network and reads back exactly:

- **The context is inline.** ``"@context"`` holds a copy of the published one
  (plus the map's own prefixes, in a second object), so the file is
  self-contained and any JSON-LD processor reads it offline. With
  ``dumps(store, inline_context=False)`` the first entry is the URL instead; the
  reader here resolves that URL to the bundled copy, never over the network.
- **No extension.** ``.jsonld`` belongs to the plain ``jsonld`` format, and the
  registry matches on the last suffix only, so this format is chosen by name
  (``--to argmap-jsonld``). Its output is ordinary JSON-LD: a ``.jsonld`` file
  written by it reads back through the plain ``jsonld`` reader too.
- **Lossless.** Named graphs stay named graphs (a ``{"@id": graph, "@graph":
  [...]}`` object each): the maps of a combined store and, with
  ``derived=True``, the derived and reasoning graphs. Literals keep their exact
  lexical form (a coerced value such as ``"strength": "0.5"`` is written as the
  string, never as a JSON number that a processor would re-canonicalise), and a
  blank node is nested in the one place that refers to it.
- **Deterministic.** Blank nodes are canonicalised (RDFC-1.0), nodes are sorted
  by id, keys alphabetically after ``@id`` and ``@type``, values by their JSON.

>>> from graph.store import loads as rdf_loads
>>> store = rdf_loads('<urn:x:a> a <https://w3id.org/argmap#Claim> ; '
...                   '<http://www.w3.org/2000/01/rdf-schema#label> "A" .')
>>> print(dumps(store, inline_context=False), end="")
{
  "@context": "https://w3id.org/argmap/context.jsonld",
  "@graph": [
    {
      "@id": "urn:x:a",
      "@type": "Claim",
      "label": "A"
    }
  ]
}
>>> loads(dumps(store)).count()
2
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import InputError
from graph.formats import Format, ReadContext, register
from graph.limits import load_json
from graph.store import (
    MapStore,
    absolute_iri,
    atomic_write,
    new_store,
    parse_into,
    read_source_bytes,
    syntax_for,
)
from graph.vocab import DERIVED_GRAPH, REASONING_GRAPH, data_file

__all__ = ["CONTEXT_URL", "FORMAT_NAME", "context", "dump", "dumps", "load", "loads"]

#: Where the argmap JSON-LD context is published; ``ontology/context.jsonld`` holds it.
CONTEXT_URL = "https://w3id.org/argmap/context.jsonld"

#: The name this format is registered under (``jsonld`` is the plain RDF syntax).
FORMAT_NAME = "argmap-jsonld"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_GEN_DELIMS = tuple(":/?#[]@")
_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_CANONICAL_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")

Json = Any  # a JSON value: what json.loads returns


@cache
def _published() -> dict[str, Any]:
    path = data_file("ontology", "context.jsonld")
    document = json.loads(path.read_text(encoding="utf-8"))
    inner = document["@context"]
    assert isinstance(inner, dict), f"{path}: '@context' must be an object"
    return inner


def context() -> dict[str, Any]:
    """The published argmap JSON-LD context (the value of its ``"@context"``), a copy.

    >>> context()["premise"]
    {'@id': 'am:premise', '@type': '@id'}
    """
    return copy.deepcopy(_published())


@dataclass(frozen=True)
class _Terms:
    """What the writer needs to know of a context: prefixes, terms and the vocabulary."""

    prefixes: dict[str, str]  # name -> namespace IRI
    terms: dict[str, tuple[str, str | None]]  # property or class IRI -> (key, type coercion)
    vocab: str | None
    keys: frozenset[str]  # every name the context defines


def _is_prefix(name: str, value: object) -> bool:
    return (
        isinstance(value, str)
        and not name.startswith("@")
        and ":" not in name
        and value.endswith(_GEN_DELIMS)
        and absolute_iri(value)
    )


def _terms(ctx: dict[str, Any]) -> _Terms:
    prefixes = {k: v for k, v in ctx.items() if _is_prefix(k, v)}

    def expand(value: str) -> str:
        head, sep, tail = value.partition(":")
        return prefixes[head] + tail if sep and head in prefixes else value

    terms: dict[str, tuple[str, str | None]] = {}
    for key, value in ctx.items():
        if key.startswith("@") or key in prefixes:
            continue
        if isinstance(value, str):
            terms[expand(value)] = (key, None)
        elif isinstance(value, dict) and isinstance(value.get("@id"), str):
            coercion = value.get("@type")
            if isinstance(coercion, str) and not coercion.startswith("@"):
                coercion = expand(coercion)
            terms[expand(value["@id"])] = (key, coercion if isinstance(coercion, str) else None)
    vocab = ctx.get("@vocab")
    return _Terms(
        prefixes, terms, vocab if isinstance(vocab, str) else None, frozenset(ctx) - {"@vocab"}
    )


# -------------------------------------------------------------------------------- writer


def _canonical_quads(store: MapStore, derived: bool) -> list[ox.Quad]:
    skip = set() if derived else {str(DERIVED_GRAPH), str(REASONING_GRAPH)}
    quads = [
        q
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip)
    ]
    if any(
        isinstance(q.subject, ox.BlankNode)
        or isinstance(q.object, ox.BlankNode)
        or isinstance(q.graph_name, ox.BlankNode)
        for q in quads
    ):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    return quads


_Graph = dict[ox.NamedNode | ox.BlankNode, dict[str, list[Any]]]


class _Writer:
    """Turns the canonical quads of one store into the ``@graph`` of a document."""

    def __init__(self, quads: list[ox.Quad], terms: _Terms, extra: dict[str, str]) -> None:
        self.terms = terms
        self.prefixes = sorted(
            {**terms.prefixes, **extra}.items(), key=lambda kv: (-len(kv[1]), kv[0])
        )
        self.graphs: dict[ox.NamedNode | ox.BlankNode | None, _Graph] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        refs: Counter[ox.BlankNode] = Counter()
        ref_graph: dict[ox.BlankNode, object] = {}
        subject_graphs: dict[ox.BlankNode, set[object]] = defaultdict(set)
        names: set[object] = set()
        for q in quads:
            g = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            names.add(g)
            self.graphs[g][q.subject][q.predicate.value].append(q.object)  # type: ignore[index]
            if isinstance(q.subject, ox.BlankNode):
                subject_graphs[q.subject].add(g)
            if isinstance(q.object, ox.BlankNode):
                refs[q.object] += 1
                ref_graph[q.object] = g
        # A blank node is nested where it is used when that is its one use, in the
        # graph where it is described, and it is not itself a graph's name.
        self.nestable = {
            b
            for b, n in refs.items()
            if n == 1 and subject_graphs.get(b) == {ref_graph[b]} and b not in names
        }
        self.nested: set[ox.BlankNode] = set()

    # -- names

    def compact(self, iri: str) -> str:
        """A prefixed name where a prefix fits, else the IRI itself."""
        for name, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{name}:{iri[len(ns) :]}"
        return iri

    def vocab_term(self, iri: str) -> str | None:
        vocab = self.terms.vocab
        if vocab and iri.startswith(vocab):
            local = iri[len(vocab) :]
            if _TERM.fullmatch(local) and local not in self.terms.keys:
                return local
        return None

    def key(self, iri: str) -> tuple[str, str | None]:
        if iri in self.terms.terms:
            return self.terms.terms[iri]
        return self.vocab_term(iri) or self.compact(iri), None

    def type_name(self, iri: str) -> str:
        if iri in self.terms.terms:
            return self.terms.terms[iri][0]
        return self.vocab_term(iri) or self.compact(iri)

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.compact(term.value)

    # -- values

    def value(self, term: object, coercion: str | None, graph: _Graph) -> Json:
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            if isinstance(term, ox.BlankNode) and term in self.nested:
                return self.node(term, graph, with_id=False)
            ref = self.node_id(term)
            return ref if coercion == "@id" else {"@id": ref}
        assert isinstance(term, ox.Literal)
        lexical, datatype = term.value, term.datatype.value
        if term.language:
            return {"@value": lexical, "@language": term.language}
        if coercion is not None and coercion == datatype:
            return lexical
        if coercion is None:
            if datatype == _XSD + "string":
                return lexical
            if datatype == _XSD + "boolean" and lexical in ("true", "false"):
                return lexical == "true"
            if (
                datatype == _XSD + "integer"
                and _CANONICAL_INTEGER.fullmatch(lexical)
                and abs(int(lexical)) < 10**21  # JSON-LD writes larger numbers as doubles
            ):
                return int(lexical)
        if datatype == _XSD + "string":
            return {"@value": lexical}
        return {"@value": lexical, "@type": self.compact(datatype)}

    def node(self, subject: ox.NamedNode | ox.BlankNode, graph: _Graph, *, with_id: bool) -> Json:
        out: dict[str, Json] = {"@id": self.node_id(subject)} if with_id else {}
        properties: dict[str, Json] = {}
        for predicate, objects in graph.get(subject, {}).items():
            if predicate == _RDF_TYPE and all(isinstance(o, ox.NamedNode) for o in objects):
                out["@type"] = _one_or_many(sorted(self.type_name(o.value) for o in objects))
                continue
            key, coercion = self.key(predicate)
            values = [self.value(o, coercion, graph) for o in objects]
            properties[key] = _one_or_many(sorted(values, key=_json_key))
        out.update(sorted(properties.items()))
        return out

    def plan(self, graph: _Graph) -> list[ox.NamedNode | ox.BlankNode]:
        """The top-level nodes of a graph, marking the blank nodes nested below them."""

        def walk(subject: ox.NamedNode | ox.BlankNode) -> None:
            stack = [subject]
            while stack:
                for objects in graph.get(stack.pop(), {}).values():
                    for o in sorted(objects, key=str):
                        if o in self.nestable and o not in self.nested and o not in top:
                            self.nested.add(o)
                            stack.append(o)

        ordered = sorted(graph, key=_subject_key)
        roots = [s for s in ordered if s not in self.nestable]
        top = set(roots)
        for root in roots:
            walk(root)
        # What is left is a cycle of blank nodes used once each: cut it at its first node.
        for subject in ordered:
            if subject not in top and subject not in self.nested:
                roots.append(subject)
                top.add(subject)
                walk(subject)
        return sorted(roots, key=_subject_key)

    def graph_nodes(self, name: ox.NamedNode | ox.BlankNode | None) -> list[Json]:
        graph = self.graphs[name]
        return [self.node(s, graph, with_id=True) for s in self.plan(graph)]

    def document(self) -> list[Json]:
        nodes = self.graph_nodes(None) if None in self.graphs else []
        named = sorted((g for g in self.graphs if g is not None), key=_subject_key)
        for g in named:
            nodes.append({"@id": self.node_id(g), "@graph": self.graph_nodes(g)})
        return nodes


def _one_or_many(values: list[Json]) -> Json:
    return values[0] if len(values) == 1 else values


def _json_key(value: Json) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _subject_key(term: object) -> tuple[bool, str]:
    return isinstance(term, ox.BlankNode), getattr(term, "value", "")


def _extra_prefixes(store: MapStore, terms: _Terms, quads: list[ox.Quad]) -> dict[str, str]:
    """The map's own prefixes that the context lacks and that clash with no key in use."""
    vocab = terms.vocab or "\0"
    in_use = {
        iri[len(vocab) :]
        for q in quads
        for iri in (q.predicate.value, getattr(q.object, "value", ""))
        if iri.startswith(vocab)
    }
    known = set(terms.prefixes.values())
    return {
        name: ns
        for name, ns in sorted(store.namespaces().items())
        if _is_prefix(name, ns)
        and _TERM.fullmatch(name)
        and name not in terms.keys
        and name not in in_use
        and ns not in known
    }


def dumps(store: MapStore, *, derived: bool = False, inline_context: bool = True) -> str:
    """Write a map as compacted JSON-LD with the argmap context.

    Args:
        store: the map. Its default graph is written as the top-level ``@graph``,
            each named graph (a map of several, see ``MapStore.add_map``) as a
            ``{"@id": ..., "@graph": [...]}`` object.
        derived: also write the derived and reasoning graphs (as named graphs, so
            they read back apart). Off by default: like every RDF writer, a
            conversion carries what the map asserts.
        inline_context: embed the published context (the default: the file reads
            offline anywhere) or refer to it by :data:`CONTEXT_URL`.

    Returns:
        The JSON text, ending with a newline; the same map always gives the same text.
    """
    terms = _terms(_published())
    quads = _canonical_quads(store, derived)
    extra = _extra_prefixes(store, terms, quads)
    writer = _Writer(quads, terms, extra)
    first: Json = context() if inline_context else CONTEXT_URL
    ctx: Json = [first, extra] if extra else first
    document = {"@context": ctx, "@graph": writer.document()}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -------------------------------------------------------------------------------- reader


def _resolve(value: Json) -> tuple[Json, bool]:
    """Replace every reference to :data:`CONTEXT_URL` by the bundled context."""
    changed = False
    if isinstance(value, list):
        items = []
        for item in value:
            new, did = _resolve(item)
            items.append(new)
            changed = changed or did
        return items, changed
    if isinstance(value, dict):
        out: dict[str, Json] = {}
        for key, item in value.items():
            if key == "@context":
                new, did = _resolve_context(item)
            else:
                new, did = _resolve(item)
            out[key] = new
            changed = changed or did
        return out, changed
    return value, False


def _resolve_context(value: Json) -> tuple[Json, bool]:
    if value == CONTEXT_URL:
        return context(), True
    if isinstance(value, list):
        resolved = [_resolve_context(v) for v in value]
        return [v for v, _ in resolved], any(did for _, did in resolved)
    return value, False


def _declared_prefixes(document: Json) -> dict[str, str]:
    contexts = document.get("@context") if isinstance(document, dict) else None
    found: dict[str, str] = {}
    for ctx in contexts if isinstance(contexts, list) else [contexts]:
        if isinstance(ctx, dict):
            found.update({k: v for k, v in ctx.items() if _is_prefix(k, v)})
    return found


def loads(
    data: bytes | str, *, base: str | None = None, path: str | Path | None = None
) -> MapStore:
    """Read JSON-LD (argmap's or any other) into a new store, named graphs kept.

    A context given as :data:`CONTEXT_URL` is read from the bundled copy; no
    other remote context is fetched.

    Raises:
        InputError: not JSON, or not valid JSON-LD; with the line and column where
            the parser gives them.

    >>> loads('{"@context": "https://w3id.org/argmap/context.jsonld", '
    ...       '"@id": "urn:x:a", "@type": "Claim", "text": "A"}').count()
    2
    >>> loads('{"@id": "urn:x:a",\\n "text" "A"}', path="map.jsonld")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: map.jsonld:2:9: not valid JSON: Expecting ':' delimiter
    """
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    where = str(path) if path is not None else None
    try:
        document = load_json(text, "the JSON-LD nests", where)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg}", path=where, line=exc.lineno, column=exc.colno
        ) from None
    resolved, changed = _resolve(document)
    store = new_store()
    # Parse the text as given, so that the parser's line numbers match the file.
    source = json.dumps(resolved) if changed else text
    parse_into(store, source, syntax_for("jsonld"), path=where, base=base)
    for name, ns in _declared_prefixes(resolved).items():
        store.prefixes.setdefault(name, ns)
    return store


def load(path: str | Path) -> MapStore:
    """Read a JSON-LD file (see :func:`loads`)."""
    path = Path(path)
    store = loads(read_source_bytes(path), base=path.resolve().as_uri(), path=path)
    store.path = path
    store.sources.append(path)
    return store


def dump(
    store: MapStore, path: str | Path, *, derived: bool = False, inline_context: bool = True
) -> Path:
    """Write a map as argmap JSON-LD (see :func:`dumps`), atomically."""
    text = dumps(store, derived=derived, inline_context=inline_context)
    return atomic_write(path, text.encode("utf-8"))


def _read(data: bytes, ctx: ReadContext) -> MapStore:
    return loads(data, base=ctx.base, path=ctx.path)


def _write(store: MapStore) -> bytes:
    return dumps(store).encode("utf-8")


register(
    Format(
        name=FORMAT_NAME,
        extensions=(),
        media_type="application/ld+json",
        description="JSON-LD compacted with the argmap context (chosen by name; "
        "reads back through the jsonld reader too)",
        reader=_read,
        writer=_write,
    )
)
