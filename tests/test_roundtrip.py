"""Every registered reader and writer pair round-trips random maps.

Each round trip must keep everything its format can carry: RDF syntaxes and the
argmap JSON-LD keep the whole asserted graph; Argdown keeps the statements with
their kinds, texts and speakers, the inferences with their schemes, and the
conflicts; AIF keeps the texts and the argument structure; the ICCMA formats keep
the attack graph. What each cannot carry is listed by ``argmap formats``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from graph import formats
from graph.derive import derive
from graph.reasoning.bipolar import framework
from graph.store import MapStore, new_store
from graph.view import argument_graph, collect
from graph.vocab import AM, PROV, RDF, RDFS

EX = "https://example.org/random#"
KINDS = [AM.Claim, AM.Evidence, AM.Proposal, AM.Prediction, AM.Recommendation]
SCHEMES = [None, AM.ArgumentFromExpertOpinion, AM.ArgumentFromSign, AM.PracticalReasoning]
WORDS = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=("L", "N", "Zs", "P", "S"), exclude_characters="\r\n\t"
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def maps(draw: Any) -> list[tuple[Any, Any, Any]]:
    """A random valid map: statements, actors, inferences, rebuttals and undercuts."""
    n = draw(st.integers(min_value=2, max_value=8))
    labels = draw(st.lists(WORDS, min_size=n, max_size=n, unique_by=lambda s: s.casefold()))
    actors = draw(st.lists(WORDS, min_size=1, max_size=3, unique_by=lambda s: s.casefold()))
    triples: list[tuple[Any, Any, Any]] = []
    for a, name in enumerate(actors):
        triples += [
            (URIRef(f"{EX}actor{a}"), RDF.type, AM.Actor),
            (URIRef(f"{EX}actor{a}"), RDFS.label, Literal(name)),
        ]
    statements = [URIRef(f"{EX}s{i}") for i in range(n)]
    for i, s in enumerate(statements):
        triples += [
            (s, RDF.type, draw(st.sampled_from(KINDS))),
            (s, RDFS.label, Literal(labels[i])),
            (s, AM.text, Literal(labels[i] + draw(st.sampled_from(["", ".", " indeed."])))),
            (s, PROV.wasAttributedTo, URIRef(f"{EX}actor{draw(st.integers(0, len(actors) - 1))}")),
            (s, AM.implicit, Literal(True)),
        ]
    inferences = []
    seen: set[tuple[frozenset[URIRef], URIRef]] = set()
    for j in range(draw(st.integers(min_value=1, max_value=n - 1))):
        conclusion = draw(st.sampled_from(statements))
        others = [s for s in statements if s != conclusion]
        premises = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True))
        if (frozenset(premises), conclusion) in seen:
            continue  # the same inference twice is a duplicate (see Argdown)
        seen.add((frozenset(premises), conclusion))
        inf = URIRef(f"{EX}inf{j}")
        inferences.append(inf)
        triples += [(inf, RDF.type, AM.Inference), (inf, AM.conclusion, conclusion)]
        triples += [(inf, AM.premise, p) for p in premises]
        scheme = draw(st.sampled_from(SCHEMES))
        if scheme is not None:
            triples.append((inf, AM.scheme, scheme))
    pairs = set()
    for k in range(draw(st.integers(min_value=0, max_value=3))):
        attacker = draw(st.sampled_from(statements))
        target = draw(st.sampled_from([s for s in statements if s != attacker] + inferences))
        if (attacker, target) in pairs:
            continue  # a second conflict between the same two is a duplicate (see Argdown)
        pairs.add((attacker, target))
        conf = URIRef(f"{EX}conf{k}")
        triples += [
            (conf, RDF.type, AM.Conflict),
            (conf, AM.attacker, attacker),
            (conf, AM.target, target),
        ]
    return triples


def _store(triples: list[tuple[Any, Any, Any]]) -> MapStore:
    store = new_store()
    store.add_asserted(triples)
    store.prefixes["ex"] = EX
    return store


def _structure(store: MapStore, key: Callable[[Any], Any]) -> tuple[Any, ...]:
    """Statements, inferences and conflicts, keyed by ``key(statement record)``."""
    derive(store)
    data = collect(store)
    names = {s: key(r) for s, r in data.statements.items()}
    inferences = sorted(
        (tuple(sorted(names[p] for p in i.premises)), names[i.conclusion], i.scheme_label or "")
        for i in data.inferences.values()
    )
    inference_key = {
        iri: (tuple(sorted(names[p] for p in i.premises)), names[i.conclusion])
        for iri, i in data.inferences.items()
    }
    conflicts = sorted(
        (tuple(names[a] for a in attackers), repr(names.get(t) or inference_key.get(t)))
        for attackers, t in data.conflicts.values()
    )
    return tuple(sorted(names.values())), tuple(inferences), tuple(conflicts)


def _asserted_graph(store: MapStore) -> Any:
    return store.merged_graph(derived=False)


def _same_graph(a: MapStore, b: MapStore) -> None:
    assert isomorphic(_asserted_graph(a), _asserted_graph(b))


def _same_argdown(a: MapStore, b: MapStore) -> None:
    def key(r: Any) -> Any:
        return (r.label, r.kind, r.text, tuple(sorted(r.speakers)))

    assert _structure(a, key) == _structure(b, key)


def _same_aif(a: MapStore, b: MapStore) -> None:
    assert _structure(a, lambda r: r.text)[1:] == _structure(b, lambda r: r.text)[1:]


def _same_framework(a: MapStore, b: MapStore) -> None:
    derive(a)
    derive(b)
    assert nx.is_isomorphic(framework(argument_graph(a)), framework(argument_graph(b)))


#: What each format's round trip keeps (see `argmap formats` for what it cannot carry).
KEEPS: dict[str, Callable[[MapStore, MapStore], None]] = {
    "turtle": _same_graph,
    "ntriples": _same_graph,
    "nquads": _same_graph,
    "trig": _same_graph,
    "jsonld": _same_graph,
    "rdfxml": _same_graph,
    "argmap-jsonld": _same_graph,
    "argdown": _same_argdown,
    "aif": _same_aif,
    "aif-rdf": _same_aif,
    "apx": _same_framework,
    "tgf": _same_framework,
    "iccma23": _same_framework,
}

ROUND_TRIPS = [f for f in formats.all_formats() if f.reader is not None and f.writer is not None]


def test_every_readable_and_writable_format_has_a_round_trip_rule() -> None:
    assert {f.name for f in ROUND_TRIPS} <= set(KEEPS), "add the new format to KEEPS"


def test_write_only_formats_say_what_they_cannot_carry() -> None:
    for fmt in formats.all_formats():
        if fmt.reader is None or fmt.writer is None or fmt.name in ("apx", "tgf", "iccma23"):
            assert fmt.cannot_carry, fmt.name


@pytest.mark.parametrize("fmt", ROUND_TRIPS, ids=lambda f: f.name)
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(triples=maps())
def test_round_trip_keeps_what_the_format_carries(
    fmt: formats.Format, triples: list[tuple[Any, Any, Any]], tmp_path: Path
) -> None:
    assert fmt.writer is not None
    original = _store(triples)
    derive(original)
    path = tmp_path / f"map{fmt.extensions[0] if fmt.extensions else '.data'}"
    path.write_bytes(fmt.writer(original))
    again = formats.load(path, format=fmt.name)
    KEEPS[fmt.name](_store(triples), again)
