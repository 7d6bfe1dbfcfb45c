"""RDF syntaxes: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, through Oxigraph."""

from __future__ import annotations

from functools import partial

from graph.formats import Format, ReadContext, register
from graph.store import RDF_SYNTAXES, MapStore, RdfSyntax, new_store, parse_into

_DESCRIPTIONS = {
    "turtle": "RDF Turtle",
    "ntriples": "RDF N-Triples",
    "nquads": "RDF N-Quads (named graphs kept)",
    "trig": "RDF TriG (named graphs kept)",
    "jsonld": "JSON-LD 1.0",
    "rdfxml": "RDF/XML",
}


def _read(syntax: RdfSyntax, data: bytes, context: ReadContext) -> MapStore:
    store = new_store()
    parse_into(store, data, syntax, path=context.path, base=context.base)
    return store


def _is_rdfxml(head: bytes) -> bool:
    return b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" in head or b"<rdf:RDF" in head


def _write(syntax: RdfSyntax, store: MapStore) -> bytes:
    # A conversion carries what the source asserted; `argmap build` writes the rest.
    return store.serialize(syntax.name, derived=False)


for _syntax in RDF_SYNTAXES:
    register(
        Format(
            name=_syntax.name,
            extensions=_syntax.extensions,
            media_type=_syntax.media_type,
            description=_DESCRIPTIONS[_syntax.name],
            reader=partial(_read, _syntax),
            writer=partial(_write, _syntax),
            sniff=_is_rdfxml if _syntax.name == "rdfxml" else None,
        )
    )
