"""The benchmark map generator (``benchmarks/generate.py``) writes maps argmap accepts.

The benchmarks themselves are not tests; but a generator whose maps fail the
package's own checks would time the error path, so its output is held to them here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import networkx as nx
import pytest

from graph import formats
from graph.pipeline import open_map, summarize, validate_map

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
TARGET = 2000


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("argmap_bench_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses looks the module up by name while building the classes.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return _load_generator()


@pytest.fixture(scope="module")
def map_path(generate: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("generated") / "map-2k.ttl"
    generate.write_map(path, TARGET, 0)
    return path


def test_written_next_to_its_text(map_path: Path) -> None:
    text = map_path.with_suffix(".txt")
    assert text.is_file()
    assert f'am:textFile "{text.name}"' in map_path.read_text(encoding="utf-8")


def test_opens_without_problems(map_path: Path) -> None:
    store = open_map(map_path)  # raises ValidationError on integrity or anchor problems
    summary = summarize(store)
    assert summary.statements > 50
    assert summary.anchors >= summary.statements - summary.implicit


def test_conforms_to_the_shapes(map_path: Path) -> None:
    assert validate_map(map_path) == []


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
def test_size_within_ten_percent(generate: ModuleType, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / ("map" + generate.FORMATS[fmt])
    generate.write_map(path, TARGET, 5, format=fmt)
    count = formats.load(path).count()
    assert abs(count - TARGET) <= TARGET // 10, count


def test_same_seed_same_bytes(generate: ModuleType) -> None:
    first = generate.generate_map(TARGET, seed=11)
    assert generate.generate_map(TARGET, seed=11) == first
    assert generate.generate_map(TARGET, seed=12) != first


def test_turtle_and_ntriples_hold_the_same_triples(generate: ModuleType, tmp_path: Path) -> None:
    ttl, nt = tmp_path / "m.ttl", tmp_path / "m.nt"
    generate.write_map(ttl, 800, 2)
    generate.write_map(nt, 800, 2)
    assert formats.load(ttl).serialize("ntriples") == formats.load(nt).serialize("ntriples")


def test_has_the_shape_of_a_real_map(map_path: Path) -> None:
    store = open_map(map_path)
    summary = summarize(store)
    assert set(summary.kinds) == {"Claim", "Evidence", "Proposal", "Prediction", "Recommendation"}
    assert summary.implicit > 0
    assert summary.rebuttals > 0 and summary.undercuts > 0
    asserted = formats.load(map_path)  # not derived: shortcuts only where the map has them
    shortcuts = {
        p
        for (p,) in asserted.rows(
            "SELECT DISTINCT ?p WHERE { VALUES ?p { am:supports am:attacks } ?a ?p ?b }"
        )
    }
    assert shortcuts == {"https://w3id.org/argmap#supports", "https://w3id.org/argmap#attacks"}
    premises = [
        int(n or 0)
        for (_, n) in asserted.rows(
            "SELECT ?i (COUNT(?p) AS ?n) WHERE { ?i a am:Inference ; am:premise ?p } GROUP BY ?i"
        )
    ]
    assert min(premises) == 1 and max(premises) == 3
    support = nx.DiGraph((p, c) for p, c in store.rows("SELECT ?p ?c WHERE { ?p am:supports ?c }"))
    assert nx.is_directed_acyclic_graph(support)
