"""The two SHACL engines give the same results: rudof (the default) and pyshacl.

rudof checks a map in a fraction of pyshacl's time; pyshacl is the reference it is held
to. Every case of the shape tests (the valid map, its valid variants and each broken
variant), the seed map, the fixtures and a real corpus go through both, and the results
(focus node, path, shape, severity, message) must be the same set.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import corpus_folder
from rdflib import BNode, Graph
from test_shapes import BROKEN, VALID_VARIANTS, Case
from test_shapes import build as build_case

from graph import formats
from graph.derive import derive
from graph.errors import InputError
from graph.pipeline import validate_map
from graph.validate import (
    ENGINES,
    ShapeResult,
    _entail,
    _pyshacl_results,
    _rudof_results,
    check_shapes,
    shacl_engine,
)
from graph.vocab import ontology_file

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ontology_file("shapes.ttl")
FIND = {"rudof": _rudof_results, "pyshacl": _pyshacl_results}


@cache
def ontology() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


def seen(results: list[ShapeResult]) -> set[tuple[object, ...]]:
    """What a user is shown of each result (a blank node's label is not shown)."""
    return {
        (
            "_:" if isinstance(r.focus, BNode) else r.focus,
            r.path,
            r.shape,
            r.warning,
            r.message,
        )
        for r in results
    }


CASES = [Case("valid"), *VALID_VARIANTS, *BROKEN]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_engines_agree_on_each_shape_case(case: Case) -> None:
    data = build_case(case)
    _entail(data, ontology())
    found = {engine: seen(list(FIND[engine](data, SHAPES))) for engine in ENGINES}
    assert found["rudof"] == found["pyshacl"]
    assert bool(found["rudof"]) == bool(case.expect), "a broken case must fail, a valid one not"


def test_every_result_has_the_shapes_own_message() -> None:
    """The message shown is the shape's sh:message, whichever engine found it."""
    for case in BROKEN:
        data = build_case(case)
        _entail(data, ontology())
        for result in _rudof_results(data, SHAPES):
            assert result.message and not result.message.startswith('"'), (case.id, result)


def _maps() -> list[Path]:
    return sorted(
        [
            *ROOT.glob("seeds/*.ttl"),
            *ROOT.glob("tests/fixtures/argdown/*.argdown"),
            ROOT / "tests/fixtures/aif/xaif.json",
            ROOT / "tests/fixtures/aif/dialogue.json",
            ROOT / "tests/fixtures/aif/micro.xml",
        ]
    )


@pytest.mark.parametrize("path", _maps(), ids=lambda p: p.name)
def test_engines_agree_on_real_maps(path: Path) -> None:
    store = formats.load(path)
    derive(store)
    problems = {engine: check_shapes(store, engine=engine) for engine in ENGINES}
    assert problems["rudof"] == problems["pyshacl"]
    assert [p.facts for p in problems["rudof"]] == [p.facts for p in problems["pyshacl"]]


@pytest.mark.corpus
def test_engines_agree_on_a_corpus() -> None:
    """The 110 AIF microtexts as one store: every warning the same, with its facts."""
    folder = corpus_folder("microtexts", "format=aif,lang=en")
    store = formats.load_many([folder])
    derive(store)
    problems = {engine: check_shapes(store, engine=engine) for engine in ENGINES}
    assert problems["rudof"], "the corpus quotes no text: its statements have warnings"
    assert problems["rudof"] == problems["pyshacl"]
    assert [p.facts for p in problems["rudof"]] == [p.facts for p in problems["pyshacl"]]


def test_the_engine_is_chosen_by_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ARGMAP_SHACL", raising=False)
    assert shacl_engine() == "rudof"
    monkeypatch.setenv("ARGMAP_SHACL", "pyshacl")
    assert shacl_engine() == "pyshacl"
    broken = tmp_path / "broken.ttl"
    seed = (ROOT / "seeds/nato-ukraine.ttl").read_text(encoding="utf-8")
    broken.write_text(
        seed.replace('rdfs:label "NATO will not', 'rdfs:comment "NATO will not'), encoding="utf-8"
    )
    (tmp_path / "nato-ukraine.txt").write_bytes((ROOT / "seeds/nato-ukraine.txt").read_bytes())
    by_pyshacl = validate_map(broken)
    monkeypatch.setenv("ARGMAP_SHACL", "rudof")
    by_rudof = validate_map(broken)
    assert [p for p in by_rudof if p.severity == "error"], "the label is missing"
    assert by_rudof == by_pyshacl
    monkeypatch.setenv("ARGMAP_SHACL", "jena")
    with pytest.raises(InputError, match="ARGMAP_SHACL='jena': expected one of rudof, pyshacl"):
        shacl_engine()
