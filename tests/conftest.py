"""Shared fixtures: the NATO map, and small maps written into tmp_path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pytest

from graph.pipeline import open_map
from graph.querypool import QueryPool
from graph.store import MapStore, default_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PREFIXES = """\
@prefix am: <https://w3id.org/argmap#> .
@prefix ex: <https://example.org/map#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: A small source text and a valid map over it, used by many tests.
SOURCE_TEXT = (
    "Cities should ban cars downtown. Air pollution harms children. "
    "Traffic kills hundreds every year. But shops would lose customers.\n"
)

SMALL_MAP = PREFIXES + textwrap.dedent(
    """\
    ex:map a am:ArgumentMap ; rdfs:label "Car ban" ; dcterms:source ex:doc ;
        am:mainConclusion ex:ban .
    ex:doc a am:SourceDocument ; dcterms:title "On cars" ; dcterms:creator ex:author ;
        am:textFile "source.txt" .
    ex:author a am:Actor ; rdfs:label "A. Author" ; am:role "author" .
    ex:ban a am:Claim ; rdfs:label "Ban cars" ; am:text "Cities should ban cars downtown." ;
        prov:wasAttributedTo ex:author ;
        am:anchor [ a oa:SpecificResource ; oa:hasSource ex:doc ;
            oa:hasSelector [ a oa:TextQuoteSelector ;
                oa:exact "Cities should ban cars downtown" ] ] .
    ex:pollution a am:Evidence ; rdfs:label "Pollution" ; am:text "Air pollution harms children." ;
        prov:wasAttributedTo ex:author ;
        am:anchor [ a oa:SpecificResource ; oa:hasSource ex:doc ;
            oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Air pollution harms children" ] ] .
    ex:traffic a am:Evidence ; rdfs:label "Traffic deaths" ; am:text "Traffic kills hundreds." ;
        prov:wasAttributedTo ex:author ; am:supports ex:ban ;
        am:anchor [ a oa:SpecificResource ; oa:hasSource ex:doc ;
            oa:hasSelector [ a oa:TextQuoteSelector ;
                oa:exact "Traffic kills hundreds every year" ] ] .
    ex:harm-matters a am:Claim ; rdfs:label "Harm to children matters" ;
        am:text "Preventing harm to children outweighs convenience." ;
        prov:wasAttributedTo ex:author ; am:implicit true .
    ex:shops a am:Claim ; rdfs:label "Shops lose" ; am:text "Shops would lose customers." ;
        prov:wasAttributedTo ex:author ;
        am:anchor [ a oa:SpecificResource ; oa:hasSource ex:doc ;
            oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "shops would lose customers" ] ] .
    ex:inf-health a am:Inference ; am:premise ex:pollution , ex:harm-matters ;
        am:conclusion ex:ban ; am:scheme am:ArgumentFromNegativeConsequences .
    ex:conf-shops a am:Conflict ; am:attacker ex:shops ; am:target ex:ban .
    """
)


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Built maps go into a folder of the test session's own (graph.cache), never
    into the user's cache; the commands the tests start as processes inherit it."""
    folder = tmp_path_factory.mktemp("argmap-cache")
    before = os.environ.get("ARGMAP_CACHE")
    os.environ["ARGMAP_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("ARGMAP_CACHE", None)
    else:
        os.environ["ARGMAP_CACHE"] = before


@pytest.fixture(scope="session")
def nato() -> MapStore:
    """The embedded NATO map, checked and derived (shared: do not mutate)."""
    return open_map(default_source())


@pytest.fixture
def write_map(tmp_path: Path) -> Callable[..., Path]:
    """Write a map (and its source text) into tmp_path; return the map's path."""

    def write(
        text: str = SMALL_MAP,
        name: str = "map.ttl",
        source: str | None = SOURCE_TEXT,
        mode: str = "w",
    ) -> Path:
        if source is not None:
            (tmp_path / "source.txt").write_text(source, encoding="utf-8")
        path = tmp_path / name
        if mode == "wb":
            path.write_bytes(text.encode("latin-1") if isinstance(text, str) else text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


def corpora_root() -> Path:
    """The shared corpora, read in place (their terms forbid copying them).

    .ci/run sets ARGMAP_CORPORA; a checkout beside ../shared finds them without it.
    """
    return Path(os.environ.get("ARGMAP_CORPORA", ROOT.parent / "shared" / "corpora"))


def corpus_folder(*parts: str) -> Path:
    """A folder of the shared corpora; skip without it, but fail in CI (CI=true)."""
    folder = corpora_root().joinpath(*parts)
    if not folder.is_dir():
        message = f"corpus folder {folder} not found: set ARGMAP_CORPORA to the shared corpora"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder


def argument_map(
    statements: Mapping[str, str] | Iterable[str],
    inferences: Mapping[str, tuple[Iterable[str], str]] | None = None,
    conflicts: Mapping[str, tuple[str, str]] | None = None,
    *,
    main: Iterable[str] = (),
    implicit: Iterable[str] = (),
) -> nx.MultiDiGraph:
    """An argument graph with the attributes of graph.view.argument_graph.

    ``statements`` maps a name to its kind (or lists names: all Claims).
    """
    kinds = dict(statements) if isinstance(statements, Mapping) else dict.fromkeys(statements)
    main, implicit = set(main), set(implicit)
    G = nx.MultiDiGraph(title="test", main_conclusions=sorted(main))
    for s, kind in kinds.items():
        G.add_node(
            s,
            type="statement",
            kind=kind or "Claim",
            label=s.upper(),
            text=s,
            implicit=s in implicit,
            main=s in main,
            speakers=(),
            quotes=(),
        )
    for i, (premises, conclusion) in (inferences or {}).items():
        G.add_node(i, type="inference", scheme=f"scheme:{i}", scheme_label=f"scheme of {i}")
        for p in premises:
            G.add_edge(p, i, role="premise")
        G.add_edge(i, conclusion, role="conclusion")
    for k, (attacker, target) in (conflicts or {}).items():
        G.add_node(k, type="conflict")
        G.add_edge(attacker, k, role="attacker")
        G.add_edge(k, target, role="target")
    return G


def process_gone(pid: int) -> bool:
    """Whether the process has exited, waiting up to a minute.

    A zombie nobody has reaped yet counts as exited once its last thread is gone (a
    killed main thread shows Z while its other threads still exit; an orphan's
    zombie waits for an init that may not reap it)."""
    proc = Path(f"/proc/{pid}")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state == "Z" and len(list((proc / "task").iterdir())) <= 1:
                return True
        except (FileNotFoundError, IndexError):
            pass
        time.sleep(0.05)
    return False


def wait_idle(pool: QueryPool, count: int) -> None:
    """Wait until ``count`` of the pool's workers are started and idle."""
    deadline = time.monotonic() + 120
    while pool.idle < count:
        assert time.monotonic() < deadline, "no worker came back"
        time.sleep(0.05)


#: A map with a linked attack on an attack: a1 attacks the main conclusion a5 (c1),
#: and a3 with a4, together, attack that attack (c3). micro_b001's pattern, in Turtle.
BINS_MAP = """\
@prefix am: <https://w3id.org/argmap#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/bins#> .

ex:map a am:ArgumentMap ; rdfs:label "Waste separation" ; am:mainConclusion ex:a5 .
ex:a1 a am:Statement ; rdfs:label "Annoying" ; am:implicit true ;
    am:text "Separating rubbish is annoying." .
ex:a3 a am:Statement ; rdfs:label "Too much rubbish" ; am:implicit true ;
    am:text "Germany produces too much rubbish." .
ex:a4 a am:Statement ; rdfs:label "Resources lost" ; am:implicit true ;
    am:text "Too many resources are burnt." .
ex:a5 a am:Statement ; rdfs:label "Pioneers" ; am:implicit true ;
    am:text "Berliners should become pioneers in waste separation." .
ex:c1 a am:Conflict ; am:attacker ex:a1 ; am:target ex:a5 .
ex:c3 a am:Conflict ; am:attacker ex:a3 , ex:a4 ; am:target ex:c1 .
"""


@contextmanager
def argmap_server(*args: str, cwd: Path) -> Iterator[str]:
    """``argmap ARGS --port 0`` (``annotate`` or ``serve``) running on a free port;
    yields its address, read from the line it prints, and stops it afterwards."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", *args, "--port", "0"],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=log,  # a file, not a pipe: nobody reads it while the test runs
            text=True,
        )
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if not found:
                process.wait(timeout=10)
                log.seek(0)
                pytest.fail(f"argmap {args[0]} did not start: {line!r}\n{log.read()}")
            yield found.group(0)
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
