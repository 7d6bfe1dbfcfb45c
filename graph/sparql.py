"""SPARQL over a map: run a query on Oxigraph, write its results in standard formats.

Queries run over the union of asserted and derived triples, with the prefixes
``am: aif: oa: prov: dcterms: rdfs: rdf: owl: xsd:`` predeclared. Values for
variables are passed as bindings (substituted by the engine), never pasted into
the query text. Queries are strings evaluated by Oxigraph; nothing goes through
rdflib's ``prepareQuery``, which would fall back to rdflib's slow evaluator.

>>> from graph.store import loads
>>> s = loads('@prefix am: <https://w3id.org/argmap#> . <urn:x> a am:Claim .')
>>> r = run_query(s, "SELECT ?c WHERE { ?c a am:Claim }")
>>> format_result(r, "csv", s.namespaces()).splitlines()
['c', 'urn:x']
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib.term import Node

from graph.errors import QueryError
from graph.store import MapStore
from graph.vocab import REASONING_GRAPH, SEMANTICS

__all__ = ["GRAPH_FORMATS", "ROW_FORMATS", "QueryResult", "format_result", "run_query"]

#: Result formats for SELECT and ASK.
ROW_FORMATS = ("table", "csv", "tsv", "json", "xml")
#: Result formats for CONSTRUCT and DESCRIBE.
GRAPH_FORMATS = ("table", "turtle", "ntriples", "json", "jsonld")

_ERROR_AT = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


@dataclass
class QueryResult:
    """A query's answer: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]] = field(
        default_factory=list
    )
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def values(self) -> list[tuple[str | None, ...]]:
        """Rows as plain strings (IRI, lexical form, ``_:id``), None where unbound."""
        return [tuple(_plain(t) for t in row) for row in self.rows]


def _plain(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return str(getattr(term, "value", term))


#: What :func:`graph.assessment.record` writes, by local name in the argmap
#: vocabulary: the terms a query must mention to read the reasoning graph.
_STRUCTURE_TERMS = (
    "strength",
    "depth",
    "UnsupportedClaim",
    "CircularSupport",
    "CriticalPremise",
    "criticalFor",
    "UnansweredAttack",
    "Status",
    "In",
    "Out",
    "Undecided",
)
_VARIABLE_PREDICATE = re.compile(r"[?$]\w+\s+[?$]\w+\s+[^\s.;,})]")


def semantics_read_by(query: str) -> tuple[str, ...]:
    """The semantics whose statuses a SPARQL query may read, so that a query over a
    map not yet reasoned about reasons only as far as it needs (nothing, for most).

    A query that names a status property needs that semantics; one that names the
    reasoning graph, another term :func:`graph.assessment.record` writes, or has a
    variable in a predicate's place, needs them all (to be safe; the built map keeps
    them).

    >>> semantics_read_by("SELECT ?s WHERE { ?s a am:Claim }")
    ()
    >>> semantics_read_by("SELECT ?s WHERE { ?s am:preferredStatus am:In }")
    ('preferred',)
    >>> semantics_read_by("SELECT * WHERE { ?s ?p ?o }")
    ('grounded', 'complete', 'preferred', 'stable')
    """
    body = query[query.find("{") :] if "{" in query else query
    if REASONING_GRAPH in query or _VARIABLE_PREDICATE.search(body):
        return SEMANTICS
    named = tuple(s for s in SEMANTICS if re.search(rf"\b{s}Status\b", query))
    if named:
        return named
    if any(re.search(rf"(?:[:#/]){t}\b", query) for t in _STRUCTURE_TERMS):
        return SEMANTICS
    return ()


def run_query(
    store: MapStore,
    text: str,
    *,
    bindings: Mapping[str, Node] | None = None,
    path: str | None = None,
) -> QueryResult:
    """Run a SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query.

    The reasoning graph (statuses, strengths, structural findings) takes part only
    in a query that reads it (:func:`semantics_read_by`), so that a
    query gives the same answer over a map, reasoned about or not.

    Args:
        store: the map to query.
        text: the query.
        bindings: values for variables, substituted by the engine.
        path: the file the query came from, named in errors.

    Raises:
        QueryError: the query does not parse (with line and column) or is an update.
    """
    if _UPDATE.match(text):
        raise QueryError(
            "argmap query is read-only: SPARQL Update (INSERT, DELETE, LOAD, ...) is not "
            "accepted; use SELECT, ASK, CONSTRUCT or DESCRIBE",
            path=path,
        )
    try:
        # The reasoning graph is there for the queries that read it, whether or not
        # the map was reasoned about before: the same answers, built or not.
        result = store._query(text, bindings, reasoning=bool(semantics_read_by(text)))
    except SyntaxError as exc:
        message = str(exc.msg if exc.msg else exc)
        match = _ERROR_AT.match(message)
        if match:
            raise QueryError(
                f"SPARQL syntax error: {_tidy(match.group(3))}",
                path=path or "<query>",
                line=int(match.group(1)),
                column=int(match.group(2)),
            ) from None
        raise QueryError(f"SPARQL syntax error: {_tidy(message)}", path=path) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}", path=path) from exc
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [tuple(solution[i] for i in range(len(variables))) for solution in result]
        return QueryResult("select", variables=variables, rows=rows)
    assert isinstance(result, ox.QueryTriples)
    return QueryResult("graph", triples=list(result))


def _tidy(message: str) -> str:
    # Oxigraph lists every character class it would accept; the first line says enough.
    first = message.strip().splitlines()[0] if message.strip() else message
    return first if len(first) <= 200 else first[:199] + "…"


def _compact(term: object, prefixes: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        best = max(
            ((p, ns) for p, ns in prefixes.items() if iri.startswith(ns)),
            key=lambda pn: len(pn[1]),
            default=None,
        )
        if best and re.fullmatch(r"[\w.-]*", iri[len(best[1]) :]):
            return f"{best[0]}:{iri[len(best[1]) :]}"
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def _table(result: QueryResult, prefixes: Mapping[str, str]) -> str:
    header = result.variables
    body = [[_compact(t, prefixes).replace("\n", " ") for t in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    noun = "row" if len(body) == 1 else "rows"
    lines.append(f"({len(body)} {noun})")
    return "\n".join(lines) + "\n"


def _select_json(result: QueryResult) -> str:
    def term(t: object) -> dict[str, str]:
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        assert isinstance(t, ox.Literal)
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out

    bindings = [
        {v: term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _select_xml(result: QueryResult) -> str:
    out = [
        '<?xml version="1.0"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "  <head>",
        *(f'    <variable name="{_xml_escape(v)}"/>' for v in result.variables),
        "  </head>",
        "  <results>",
    ]
    for row in result.rows:
        out.append("    <result>")
        for v, t in zip(result.variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                inner = f"<uri>{_xml_escape(t.value)}</uri>"
            elif isinstance(t, ox.BlankNode):
                inner = f"<bnode>{_xml_escape(t.value)}</bnode>"
            else:
                attr = ""
                if t.language:
                    attr = f' xml:lang="{_xml_escape(t.language)}"'
                elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                    attr = f' datatype="{_xml_escape(t.datatype.value)}"'
                inner = f"<literal{attr}>{_xml_escape(t.value)}</literal>"
            out.append(f'      <binding name="{_xml_escape(v)}">{inner}</binding>')
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _delimited(result: QueryResult, sep: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    if sep == ",":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.values():
            writer.writerow(["" if v is None else v for v in row])
        return buffer.getvalue()
    # SPARQL 1.1 TSV: terms in their N-Triples/Turtle form, variables prefixed by "?".
    lines = ["\t".join("?" + v for v in result.variables)]
    for terms in result.rows:
        lines.append("\t".join("" if t is None else str(t) for t in terms))
    return "\n".join(lines) + "\n"


def format_result(result: QueryResult, fmt: str, prefixes: Mapping[str, str]) -> str:
    """Write a result in a standard format.

    SELECT and ASK: ``table`` (aligned text with compact IRIs), ``csv`` and ``tsv``
    (SPARQL 1.1 CSV/TSV), ``json`` (SPARQL 1.1 JSON), ``xml`` (SPARQL XML).
    CONSTRUCT and DESCRIBE: ``table`` or ``turtle`` (Turtle), ``ntriples``,
    ``json`` or ``jsonld`` (JSON-LD).

    Raises:
        QueryError: the format does not fit the kind of result.
    """
    if result.kind == "graph":
        if fmt not in GRAPH_FORMATS:
            raise QueryError(
                f"a {fmt} result cannot hold triples: CONSTRUCT and DESCRIBE give "
                f"{', '.join(GRAPH_FORMATS)}"
            )
        rdf = {
            "table": ox.RdfFormat.TURTLE,
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "json": ox.RdfFormat.JSON_LD,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[fmt]
        triples = sorted(result.triples, key=str)
        data = ox.serialize(triples, format=rdf, prefixes=dict(prefixes))
        assert data is not None
        return data.decode("utf-8")
    if fmt not in ROW_FORMATS:
        raise QueryError(f"SELECT and ASK results come as {', '.join(ROW_FORMATS)}, not {fmt}")
    if result.kind == "ask":
        answer = bool(result.boolean)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}) + "\n"
        if fmt == "xml":
            return (
                '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"\n  <head/>\n  <boolean>{str(answer).lower()}</boolean>\n</sparql>\n"
            )
        return ("true" if answer else "false") + "\n"
    if fmt == "table":
        return _table(result, prefixes)
    if fmt == "json":
        return _select_json(result)
    if fmt == "xml":
        return _select_xml(result)
    return _delimited(result, "," if fmt == "csv" else "\t")
