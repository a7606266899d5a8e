"""The pool's answer cache: a repeated request is answered without a worker, nothing else is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from aikg_server.workers import WorkerPool
from rdflib import URIRef

from aikg.store import QuerySyntaxError, TooManyResults, disk_store, dump_file

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp isolation is Linux-only")

PLANS = "SELECT ?plan WHERE { ?plan a <https://w3id.org/aikg/ontology#LocalPlan> } ORDER BY ?plan"
LABEL = "SELECT ?label WHERE { ?this <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"


@pytest.fixture(scope="module")
def pool(built_dist: Path):
    pool = WorkerPool(disk_store(dump_file(built_dist)), size=1, timeout=30, in_memory=True, answer_cache_mb=1)
    yield pool
    pool.close()


def test_a_repeated_request_is_answered_from_the_cache(pool: WorkerPool) -> None:
    first = pool.query_serialized(PLANS, "json")
    reused = pool.answers_reused
    assert pool.query_serialized(PLANS, "json") == first
    assert pool.answers_reused == reused + 1
    assert pool.query(PLANS).rows == pool.query(PLANS).rows  # terms too, each caller its own copy
    assert pool.answers_reused == reused + 2


def test_a_different_request_is_not(pool: WorkerPool) -> None:
    pool.query_serialized(PLANS, "json")
    reused = pool.answers_reused
    csv = pool.query_serialized(PLANS, "csv")
    assert csv.startswith(b"plan\r\n")
    hue = pool.query(LABEL, bindings={"this": URIRef("https://w3id.org/aikg/place/hue")}).rows
    law = pool.query(LABEL, bindings={"this": URIRef("https://w3id.org/aikg/eli/vn/luat/2025/134-2025-qh15")}).rows
    assert hue != law
    assert pool.answers_reused == reused


def test_the_row_limit_is_kept_and_errors_are_not(pool: WorkerPool) -> None:
    with pytest.raises(TooManyResults):
        pool.query_serialized(PLANS, "json", max_rows=1)
    reused = pool.answers_reused
    with pytest.raises(TooManyResults):  # the same verdict, from the cache
        pool.query_serialized(PLANS, "json", max_rows=1)
    assert pool.answers_reused == reused + 1
    for _ in range(2):
        with pytest.raises(QuerySyntaxError):
            pool.query_serialized("SELECT WHERE {", "json")
    assert pool.answers_reused == reused + 1


def test_an_answer_larger_than_the_cache_is_answered_and_not_kept(pool: WorkerPool) -> None:
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    first = pool.query_serialized(everything, "nt")
    assert len(first) > 1 << 20
    reused = pool.answers_reused
    assert pool.query_serialized(everything, "nt") == first
    assert pool.answers_reused == reused


def test_long_requests_with_tiny_answers_hold_no_more_than_the_cache_size(built_dist: Path) -> None:
    """Kept answers are keyed by a digest of the request: 300 distinct 20 KB queries (6 MB of text) with
    one-line answers leave the parent holding far less than the 1 MB cache, all of them reusable."""
    import gc
    import tracemalloc

    queries = [f"# {n} {'x' * 20_000}\nASK {{ ?s ?p {n} }}" for n in range(300)]
    pool = WorkerPool(disk_store(dump_file(built_dist)), size=1, timeout=30, in_memory=True, answer_cache_mb=1)
    try:
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for query in queries:
            pool.query_serialized(query, "csv")
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        assert held < 1 << 20, f"the cache holds {held / (1 << 20):.1f} MB for 300 one-line answers"
        reused = pool.answers_reused
        assert all(pool.query_serialized(q, "csv").split()[0] == b"_askResult" for q in queries)
        assert pool.answers_reused == reused + 300
    finally:
        pool.close()
