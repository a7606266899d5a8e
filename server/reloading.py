"""Serve a build and switch to a newer one without downtime (`kill -HUP`, or `aikg serve --watch`).

A reload opens the current dump of dist/ as a new on-disk store, starts a new worker pool on it and
only then swaps it in, atomically. Requests in flight finish on the pool they started on; the old
pool is closed when the last of them is done. A dump that cannot be read is refused with a log line
naming the file and the line, and the last good build goes on serving.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from aikg.store import QueryResult, ServingStore, StoreError, Term, disk_store, dump_file

log = logging.getLogger("aikg.server")


class BuildRefused(StoreError):
    """The build in dist/ cannot be served; the message names the file and, when known, the line."""


def open_build(dist_dir: Path) -> Path:
    """The on-disk store of the build in `dist_dir` (made from its dump if needed), or BuildRefused."""
    try:
        dump = dump_file(dist_dir)
    except FileNotFoundError as error:
        raise BuildRefused(str(error)) from None
    try:
        return disk_store(dump)
    except (SyntaxError, ValueError, OSError) as error:
        raise BuildRefused(f"{dump}: {error}") from None


class _Lease:
    """A pool with a count of the requests using it, closed when retired and no longer used."""

    def __init__(self, pool: ServingStore, generation: int) -> None:
        self.pool = pool
        self.generation = generation
        self.users = 0
        self.retired = False


class ReloadingStore:
    """A ServingStore that forwards every query to the current pool and can switch pools atomically."""

    engine = "oxigraph"

    def __init__(self, dist_dir: Path, start_pool: Callable[[Path], ServingStore]) -> None:
        self.dist_dir = Path(dist_dir)
        self._start_pool = start_pool
        self._lock = threading.Lock()
        self._reloading = threading.Lock()
        store_dir = open_build(self.dist_dir)
        self._current = _Lease(start_pool(store_dir), 1)
        self.store_dir = store_dir

    @property
    def generation(self) -> int:
        """Grows by one at every switch (caches keyed by it are dropped on reload)."""
        return self._current.generation

    def _acquire(self) -> _Lease:
        with self._lock:
            lease = self._current
            lease.users += 1
            return lease

    def _release(self, lease: _Lease) -> None:
        with self._lock:
            lease.users -= 1
            done = lease.retired and lease.users == 0
        if done:
            lease.pool.close()

    def query(self, sparql: str, **options) -> QueryResult:
        lease = self._acquire()
        try:
            return lease.pool.query(sparql, **options)
        finally:
            self._release(lease)

    def query_serialized(self, sparql: str, fmt: str, *, bindings: Mapping[str, Term] | None = None,
                         default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                         max_rows: int | None = None, order: Sequence[str] | None = None) -> bytes:
        lease = self._acquire()
        try:
            return lease.pool.query_serialized(sparql, fmt, bindings=bindings, default_graphs=default_graphs,
                                               named_graphs=named_graphs, max_rows=max_rows, order=order)
        finally:
            self._release(lease)

    def graph_names(self) -> list[str]:
        return self._current.pool.graph_names()

    def reload(self) -> bool:
        """Switch to the build now in dist/; False (and the old build serving) if it cannot be used."""
        with self._reloading:  # one reload at a time; a second signal waits for the first
            try:
                store_dir = open_build(self.dist_dir)
                if store_dir == self.store_dir:
                    log.info("reload: %s is unchanged; still serving it", store_dir.name)
                    return True
                pool = self._start_pool(store_dir)
            except StoreError as error:
                log.error("reload refused, still serving the last good build: %s", error)
                return False
            with self._lock:
                old = self._current
                self._current = _Lease(pool, old.generation + 1)
                self.store_dir = store_dir
                old.retired = True
                idle = old.users == 0
            if idle:
                old.pool.close()
            log.info("reload: now serving %s (generation %d)", store_dir.name, self._current.generation)
            return True

    def close(self) -> None:
        with self._lock:
            self._current.retired = True
            idle = self._current.users == 0
        if idle:
            self._current.pool.close()


class Watcher:
    """Reload when the build's dump changes (polls its size and time: one stat a second, on any platform,
    with no file-notification dependency); waits for the file to stop changing before switching."""

    def __init__(self, store: ReloadingStore, interval: float = 1.0) -> None:
        self.store = store
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="aikg-watch", daemon=True)

    def start(self) -> Watcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _signature(self) -> tuple[str, int, int] | None:
        try:
            dump = dump_file(self.store.dist_dir)
            stat = dump.stat()
        except (FileNotFoundError, OSError):
            return None
        return (dump.name, stat.st_size, stat.st_mtime_ns)

    def _run(self) -> None:
        seen = self._signature()
        while not self._stop.wait(self.interval):
            now = self._signature()
            if now is None or now == seen:
                continue
            if self._stop.wait(self.interval) or self._signature() != now:  # still being written
                continue
            seen = now
            self.store.reload()
