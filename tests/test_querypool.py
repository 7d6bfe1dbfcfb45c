"""graph.querypool: queries in worker processes, stopped at their deadline or memory cap."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import process_gone, wait_idle

from graph import querypool
from graph.errors import ArgmapError
from graph.pipeline import open_map
from graph.querypool import Job, QueryPool, TimedOut
from graph.sparql import format_result, run_query
from graph.store import MapStore

# Three copies of the map's triples joined with a filter nothing passes: Oxigraph
# computes for hours without producing a row.
RUNAWAY = (
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
    'FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), "never")) }'
)
# Two copies joined, each pair written out and kept to count the distinct ones: about
# 250 MB of strings held at once, and done in seconds.
HUNGRY = (
    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    "BIND(CONCAT(STR(?a), STR(?b), STR(?c), STR(?d), STR(?e), STR(?f)) AS ?x) }"
)
CLAIMS = "SELECT ?c ?label WHERE { ?c a am:Claim ; rdfs:label ?label } ORDER BY ?c"


@pytest.fixture(scope="module")
def store() -> MapStore:
    return open_map()


@pytest.fixture(params=["fork", "spawn"])
def method(request: pytest.FixtureRequest) -> str:
    if request.param == "fork" and not hasattr(os, "fork"):
        pytest.skip("this OS has no fork")
    return str(request.param)


@pytest.fixture
def pool(store: MapStore, method: str) -> Iterator[QueryPool]:
    running = QueryPool(store, size=1, max_rows=100, method=method)
    yield running
    running.close()


def test_a_worker_answers_as_the_map_does_in_process(pool: QueryPool, store: MapStore) -> None:
    reply = pool.run(Job(CLAIMS, accept="text/csv"), timeout=60)
    assert reply.status == 200
    assert reply.media == "text/csv"
    expected = format_result(run_query(store, CLAIMS), "csv", store.namespaces())
    assert reply.body.decode("utf-8") == expected
    assert len(expected.splitlines()) > 5


def test_a_runaway_query_is_stopped_and_its_worker_replaced(pool: QueryPool) -> None:
    (first,) = pool.pids
    with pytest.raises(TimedOut):
        pool.run(Job(RUNAWAY), timeout=1)
    assert process_gone(first)
    wait_idle(pool, 1)
    (second,) = pool.pids
    assert second != first
    assert pool.run(Job("ASK { ?s ?p ?o }"), timeout=60).body.startswith(b'{"head"')


def _time_out(pool: QueryPool) -> None:
    with pytest.raises(TimedOut):
        pool.run(Job(RUNAWAY), timeout=3)


def test_waiting_for_a_busy_worker_counts_against_the_deadline(pool: QueryPool) -> None:
    busy = threading.Thread(target=_time_out, args=(pool,))
    busy.start()
    while pool.idle:
        time.sleep(0.01)
    with pytest.raises(TimedOut, match="busy"):
        pool.run(Job("ASK { ?s ?p ?o }"), timeout=0.2)
    busy.join()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_a_worker_killed_from_outside_is_replaced(pool: QueryPool) -> None:
    (victim,) = pool.pids
    os.kill(victim, signal.SIGKILL)
    assert process_gone(victim)
    reply = pool.run(Job("ASK { ?s ?p ?o }"), timeout=60)
    assert reply.status == 200
    assert victim not in pool.pids
    assert process_gone(victim)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux's /proc")
def test_a_query_sent_to_a_dying_worker_goes_to_another(pool: QueryPool) -> None:
    # Killed just before the query: it may still look alive, take the query into its
    # pipe and only then close it. The query was never started, so it is retried.
    for _ in range(5):
        wait_idle(pool, 1)
        (victim,) = pool.pids
        os.kill(victim, signal.SIGKILL)
        reply = pool.run(Job("ASK { ?s ?p ?o }"), timeout=60)
        assert reply.status == 200, reply.body
        assert victim not in pool.pids


def test_a_query_over_the_memory_cap_loses_its_worker(store: MapStore, method: str) -> None:
    capped = QueryPool(store, size=1, max_rows=10, max_memory=64, method=method)
    try:
        (first,) = capped.pids
        assert capped.run(Job("ASK { ?s ?p ?o }"), timeout=60).status == 200
        reply = capped.run(Job(HUNGRY), timeout=120)
        assert reply.status == 500
        assert "--max-memory (64 MB)" in reply.body.decode("utf-8")
        assert process_gone(first)
        assert capped.run(Job("ASK { ?s ?p ?o }"), timeout=60).status == 200
    finally:
        capped.close()
    uncapped = QueryPool(store, size=1, max_rows=10, method=method)
    try:
        assert uncapped.run(Job(HUNGRY), timeout=120).status == 200
    finally:
        uncapped.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers inherit the patch")
def test_a_worker_out_of_python_memory_says_so_and_is_replaced(
    store: MapStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where Python, not the engine, runs out (a MemoryError): forked workers inherit
    # this patched answer(), so every query runs out.
    def out_of_memory(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(querypool, "answer", out_of_memory)
    capped = QueryPool(store, size=1, max_rows=10, max_memory=64, method="fork")
    try:
        seen = set()
        for _ in range(2):
            wait_idle(capped, 1)
            (worker,) = capped.pids
            seen.add(worker)
            reply = capped.run(Job("ASK { ?s ?p ?o }"), timeout=60)
            assert reply.status == 500
            assert b"more memory than --max-memory (64 MB)" in reply.body
            assert process_gone(worker)
        assert len(seen) == 2  # the second query had a fresh worker
    finally:
        capped.close()


def test_closing_stops_every_process_and_leaves_no_files(store: MapStore, method: str) -> None:
    temp = Path(tempfile.gettempdir())
    before = set(temp.glob("argmap-serve-*"))
    running = QueryPool(store, size=2, max_rows=10, method=method)
    pids = running.pids
    assert len(pids) == 2
    running.close()
    assert all(process_gone(pid) for pid in pids)
    assert set(temp.glob("argmap-serve-*")) <= before
    with pytest.raises(ArgmapError, match="closed"):
        running.run(Job("ASK { ?s ?p ?o }"), timeout=1)


def test_bad_queries_and_graphs_come_back_as_errors(pool: QueryPool) -> None:
    reply = pool.run(Job("SELECT ?x WHERE {"), timeout=60)
    assert reply.status == 400
    assert b"SPARQL syntax error at line 1" in reply.body
    reply = pool.run(Job("ASK { ?s ?p ?o }", default_graphs=("not an iri",)), timeout=60)
    assert reply.status == 400
    reply = pool.run(Job("ASK { ?s ?p ?o }", accept="image/png"), timeout=60)
    assert reply.status == 406
