"""Named SPARQL queries: the questions argmap answers by name, shipped as ``.rq`` files.

Each file in ``graph/queries/`` opens with a header comment: its name and what it
answers, then one line per parameter::

    # reasons: every reason given for a statement, with its quote and speaker
    # param statement: the statement (IRI)
    # param speaker (optional): only this speaker
    # param semantics (one of: grounded, complete, preferred, stable): the semantics

A parameter is a variable of the query. Its value is bound by the engine (never
pasted into the query text), so it must appear in the query's SELECT projection;
an optional parameter left out stays unbound and matches everything.

>>> [q.name for q in list_queries()][:3]
['accepted', 'by-scheme', 'critical-premises']
>>> from graph.pipeline import open_map
>>> result = run_named(open_map(), "by-scheme", {"scheme": "ArgumentFromExpertOpinion"})
>>> result.values()[0][2]
'NATO is not prepared for war with Russia'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import QueryError
from graph.sparql import QueryResult, run_query
from graph.store import MapStore

__all__ = [
    "NamedQuery",
    "Param",
    "bind_params",
    "list_queries",
    "named_query",
    "run_named",
    "to_term",
]

_TITLE = re.compile(r"^#\s*([a-z][a-z0-9-]*)\s*:\s*(.+?)\s*$")
_PARAM = re.compile(r"^#\s*param\s+([A-Za-z_]\w*)\s*(?:\(([^)]*)\))?\s*:\s*(.+?)\s*$")
_PREFIXED = re.compile(r"^([A-Za-z][\w.-]*)?:([\w.-]*)$")
_LOCAL = re.compile(r"^[A-Za-z_][\w.-]*$")
# Characters that may not appear in an IRI (RFC 3987, as SPARQL's IRIREF excludes them).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRI_HINT = 'write it as <IRI>, with no spaces or any of <>"{}|^`\\ inside'


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: the variable it binds and what it means."""

    name: str
    description: str
    optional: bool = False
    #: The literal values it accepts, when it is one of a fixed set.
    choices: tuple[str, ...] = ()

    def usage(self) -> str:
        """The parameter as ``--list`` shows it: its name, qualifiers and description."""
        qualifiers = []
        if self.optional:
            qualifiers.append("optional")
        if self.choices:
            qualifiers.append("one of: " + ", ".join(self.choices))
        extra = f" ({'; '.join(qualifiers)})" if qualifiers else ""
        return f"{self.name}{extra}: {self.description}"


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its name, what it answers, its parameters and its SPARQL text."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str


def parse_header(text: str, *, path: str = "<query>") -> NamedQuery:
    """Read a named query's header comment.

    >>> q = parse_header("# n: what\\n# param x (optional): an x\\nSELECT ?x {}")
    >>> q.name, q.description, q.params[0].optional
    ('n', 'what', True)

    Raises:
        QueryError: the first line is not ``# name: description`` or a parameter
            line is malformed.
    """
    lines = text.splitlines()
    title = _TITLE.match(lines[0]) if lines else None
    if title is None:
        raise QueryError(
            "a named query must start with '# name: what it answers'", path=path, line=1
        )
    params: list[Param] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.startswith("#"):
            break
        if not re.match(r"^#\s*param\b", line):
            continue
        match = _PARAM.match(line)
        if match is None:
            raise QueryError(
                "a parameter line reads '# param NAME [(optional)]: description'",
                path=path,
                line=number,
            )
        name, qualifiers, description = match.groups()
        optional = False
        choices: tuple[str, ...] = ()
        for qualifier in (q.strip() for q in (qualifiers or "").split(";") if q.strip()):
            if qualifier == "optional":
                optional = True
            elif qualifier.startswith("one of:"):
                choices = tuple(c.strip() for c in qualifier[7:].split(",") if c.strip())
            else:
                raise QueryError(
                    f"unknown qualifier {qualifier!r} of parameter {name!r}: "
                    "use 'optional' or 'one of: a, b'",
                    path=path,
                    line=number,
                )
        params.append(Param(name, description, optional, choices))
    return NamedQuery(title.group(1), title.group(2), tuple(params), text)


@cache
def _registry() -> dict[str, NamedQuery]:
    folder = resources.files("graph.queries")
    found: dict[str, NamedQuery] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        query = parse_header(entry.read_text(encoding="utf-8"), path=entry.name)
        if query.name != entry.name[: -len(".rq")]:
            raise QueryError(
                f"the header names the query {query.name!r}; rename it or the file",
                path=entry.name,
                line=1,
            )
        found[query.name] = query
    return found


def list_queries() -> list[NamedQuery]:
    """Every named query shipped with argmap, sorted by name."""
    return list(_registry().values())


def named_query(name: str) -> NamedQuery:
    """The named query called ``name``.

    >>> named_query("reasons").params[0].name
    'statement'

    Raises:
        QueryError: no query has that name (the message lists those that do).
    """
    try:
        return _registry()[name]
    except KeyError:
        known = ", ".join(_registry())
        raise QueryError(
            f"no named query {name!r}; the named queries are {known} (argmap query --list)"
        ) from None


def _iri(value: str, original: str) -> URIRef:
    if not value or _BAD_IRI.search(value):
        raise QueryError(f"{original!r} is not a valid IRI: {_IRI_HINT}")
    return URIRef(value)


def _holds(store: MapStore, iri: str) -> bool:
    query = "SELECT ?iri WHERE { { ?iri ?p ?o } UNION { ?s ?p ?iri } } LIMIT 1"
    return any(True for _ in store.rows(query, {"iri": URIRef(iri)}))


def to_term(store: MapStore, value: str) -> Node:
    """Read a parameter value as an RDF term.

    ``<IRI>`` and ``http(s)://...`` are IRIs; ``prefix:local`` uses the map's
    prefixes; a bare local name is the IRI of the map's node of that name (in any of
    its namespaces) when there is one; ``"text"`` and anything else is a literal.

    >>> from graph.store import loads
    >>> s = loads('@prefix ex: <urn:ex:> . ex:a ex:b ex:c .')
    >>> s.prefixes["ex"] = "urn:ex:"
    >>> to_term(s, "ex:a"), to_term(s, "a"), to_term(s, "a b")
    (rdflib.term.URIRef('urn:ex:a'), rdflib.term.URIRef('urn:ex:a'), rdflib.term.Literal('a b'))

    Raises:
        QueryError: an IRI with characters an IRI cannot hold, an unknown prefix, or
            a local name found in several namespaces.
    """
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return Literal(value[1:-1])
    if value.startswith("<") or value.endswith(">"):
        if not (value.startswith("<") and value.endswith(">")):
            raise QueryError(f"{value!r} is not a valid IRI: {_IRI_HINT}")
        return _iri(value[1:-1], value)
    if re.match(r"^https?://", value):
        return _iri(value, value)
    namespaces = store.namespaces()
    prefixed = _PREFIXED.match(value)
    if prefixed:
        prefix = prefixed.group(1) or ""
        if prefix not in namespaces:
            known = ", ".join(f"{p}:" for p in namespaces)
            raise QueryError(
                f"unknown prefix {prefix + ':'!r} in {value!r}; the map's prefixes are "
                f'{known}; write a full IRI as <...>, or a literal in "quotes"'
            )
        return _iri(namespaces[prefix] + prefixed.group(2), value)
    if _LOCAL.match(value):
        hits = [ns + value for ns in namespaces.values() if _holds(store, ns + value)]
        if len(hits) > 1:
            names = ", ".join(store.compact(h) for h in hits)
            raise QueryError(f"{value!r} names several nodes ({names}); write one of them")
        if hits:
            return URIRef(hits[0])
    return Literal(value)


def bind_params(
    query: NamedQuery, params: Mapping[str, str], term: Callable[[str], Node]
) -> dict[str, Node]:
    """Check parameter values against a named query and turn them into RDF terms.

    A parameter with choices takes one of them, as a literal; any other value is
    read by ``term`` (:func:`to_term` for a local map, a remote lookup for an
    endpoint).

    Raises:
        QueryError: a parameter is unknown or missing, or a value is not one of a
            parameter's choices.
    """
    name = query.name
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "none"
        raise QueryError(
            f"unknown parameter {', '.join(unknown)} of query {name!r}; its parameters: {accepted}"
        )
    missing = [p.name for p in query.params if not p.optional and p.name not in params]
    if missing:
        raise QueryError(
            f"query {name!r} needs the parameter {', '.join(missing)}: "
            f"give it as --param {missing[0]}=VALUE"
        )
    bindings: dict[str, Node] = {}
    for key, value in params.items():
        param = declared[key]
        if param.choices:
            if value not in param.choices:
                raise QueryError(
                    f"parameter {key} of query {name!r} is one of "
                    f"{', '.join(param.choices)}, not {value!r}"
                )
            bindings[key] = Literal(value)
        else:
            bindings[key] = term(value)
    return bindings


def run_named(store: MapStore, name: str, params: Mapping[str, str]) -> QueryResult:
    """Run a named query with parameter values given as strings.

    Values are read by :func:`to_term` and bound by the engine, never pasted into
    the query text.

    >>> from graph.pipeline import open_map
    >>> r = run_named(open_map(), "accepted", {"semantics": "grounded"})
    >>> len(r.rows)
    28

    Raises:
        QueryError: the name is unknown, a parameter is unknown or missing, a value
            is not one of a parameter's choices or not a valid term.
    """
    query = named_query(name)
    bindings = bind_params(query, params, lambda value: to_term(store, value))
    return run_query(store, query.text, bindings=bindings, path=f"{name}.rq")
