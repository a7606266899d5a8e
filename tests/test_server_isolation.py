"""The query workers themselves, below the guard: cut off the network, capped in memory, still serving."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from aikg_server.workers import OutOfMemory, WorkerPool

from aikg.store import StoreError, disk_store, dump_file

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp isolation is Linux-only")


@pytest.fixture(scope="module")
def store_dir(built_dist: Path) -> Path:
    return disk_store(dump_file(built_dist))


@pytest.mark.parametrize("in_memory", [True, False], ids=["memory", "disk"])
def test_service_fails_inside_the_worker(store_dir: Path, listener, in_memory: bool) -> None:
    """Sent straight to a worker (no guard in front), SERVICE cannot reach the listener."""
    port, hits = listener
    pool = WorkerPool(store_dir, size=1, timeout=10, in_memory=in_memory)
    try:
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/internal> {{ ?a ?b ?c }} }}",
                      f"PREFIX e: <http://x/> ASK {{ BIND(e:a\\# AS ?z) SERVICE <http://127.0.0.1:{port}/x> {{}} }}"):
            with pytest.raises(StoreError) as error:
                pool.query_serialized(query, "json")
            assert "Permission denied" in str(error.value)
        assert pool.query_serialized("ASK { ?s ?p ?o }", "json") == b'{"head":{},"boolean":true}'
    finally:
        pool.close()
    assert hits == []


def test_memory_cap(store_dir: Path) -> None:
    """A query that needs more than the cap is answered OutOfMemory (503); the pool goes on serving."""
    doubling = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(22))  # 1,000 × 2²² characters
    query = f'SELECT (STRLEN(?a22) AS ?n) WHERE {{ BIND("{"x" * 1000}" AS ?a0) {doubling} }}'
    pool = WorkerPool(store_dir, size=1, timeout=30, memory_mb=700, in_memory=True)
    try:
        with pytest.raises(OutOfMemory) as error:
            pool.query_serialized(query, "json")
        assert "700 MB" in str(error.value) and "AIKG_WORKER_MEMORY_MB" in str(error.value)
        assert pool.query_serialized("ASK { ?s ?p ?o }", "json") == b'{"head":{},"boolean":true}'
    finally:
        pool.close()
