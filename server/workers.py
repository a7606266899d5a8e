"""Run queries in worker processes that can be killed, so a runaway query never stalls the server.

pyoxigraph cannot cancel a query in progress, so each query goes to one of a few worker processes,
which open the build's on-disk store read-only and are cut off the network (aikg_server.isolation).
If the answer is not back in time the worker is killed and a fresh one is started in the background;
the request gets QueryTimeout.

Workers are started through multiprocessing's fork server, so they never inherit the web server's threads.

A pool serves one build, which never changes, so an answer is the same every time it is asked: answers
are kept (as the worker sent them, up to `answer_cache_mb`, least recently used first out) and a
repeated request is answered without a worker. For the same reason a request that ran past the time
limit or out of memory would do so again: it is refused without a worker for `failed_cooldown` seconds.
A reload starts a new pool, with empty memories.

Workers are few, so one client may have at most `per_client` queries in them at once (its address is
`asking_client`, set by the app for each request): a client sending heavy queries in parallel holds
one worker, not all of them, and the others go on being served.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import pickle
import queue
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from cachetools import LRUCache, TTLCache

from aikg.store import QueryResult, QuerySyntaxError, StoreError, Term, TooManyResults, open_disk_store

log = logging.getLogger("aikg.server")


class QueryTimeout(StoreError):
    """The query ran past the time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the query was stopped after {seconds:g} s (limit query_timeout, AIKG_QUERY_TIMEOUT); "
                         "simplify it or add a LIMIT")


class Busy(StoreError):
    """Every worker stayed busy for the whole time limit."""


class ClientBusy(StoreError):
    """This client already has as many queries in the workers as one client may (answered 429)."""


class FailedBefore(StoreError):
    """The same request ran past a limit a moment ago and would again: refused without a worker (503)."""


#: The address of the client a query is asked for, set by the app for each request; None (outside a
#: request: builds, the pool's own tests) is not limited per client.
asking_client: ContextVar[str | None] = ContextVar("aikg_asking_client", default=None)

#: How long a client's query waits for one of its own running queries to finish before it is refused:
#: a burst of quick queries from one page is served in turn, a second heavy query is refused.
CLIENT_WAIT_SECONDS = 5.0

#: What a kept answer costs beyond its bytes (its key, a digest, and the cache's bookkeeping), so that
#: many tiny answers cannot hold much more memory than the cache's size says.
ENTRY_OVERHEAD = 256


def request_key(request: bytes) -> bytes:
    """A fixed-size key for a request (queries may be tens of kilobytes)."""
    return hashlib.sha256(request).digest()


class WorkerCrashed(StoreError):
    """The worker died while answering (e.g. out of memory); a new one is being started."""


_ERRORS: dict[str, type[StoreError]] = {"QuerySyntaxError": QuerySyntaxError, "StoreError": StoreError}


class OutOfMemory(StoreError):
    """The query needed more memory than a worker may use (503: the server goes on serving)."""

    def __init__(self, megabytes: int) -> None:
        super().__init__(f"the query needs more memory than a query worker may use ({megabytes} MB; limit "
                         "worker_memory_mb, AIKG_WORKER_MEMORY_MB); simplify it or add a LIMIT")


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        import resource

        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _serve(conn, store_dir: str, in_memory: bool, memory_mb: int, prefixes: dict[str, str],
           require_isolation: bool) -> None:
    """Worker main loop: open the store (shared on disk, or a copy in memory), cut the network, say ready,
    then answer."""
    try:
        from aikg_server.isolation import IsolationUnavailable, isolate, network_is_blocked

        store = open_disk_store(Path(store_dir), prefixes, in_memory)
        names = store.graph_names()
        try:
            isolate()
        except IsolationUnavailable as error:
            if require_isolation:
                raise
            log.warning("query worker runs without network isolation: %s", error)
        if require_isolation and not network_is_blocked():
            raise IsolationUnavailable("the seccomp filter was loaded but an Internet socket can still be opened")
        _limit_memory(memory_mb)
        conn.send(("ready", names))
    except Exception as error:  # reported to the parent, which names the store
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    while True:
        try:
            kind, sparql, options = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if kind == "bytes":
                conn.send(("ok", store.query_serialized(sparql, **options)))
            else:
                conn.send(("ok", store.query(sparql, **options)))
        except TooManyResults as error:
            conn.send(("rows", error.limit))
        except StoreError as error:
            conn.send(("error", type(error).__name__, str(error)))
        except MemoryError:
            conn.send(("memory", memory_mb))
        except Exception as error:  # an engine bug must not kill the worker silently
            conn.send(("error", "StoreError", f"the query failed: {type(error).__name__}: {error}"))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object  # multiprocessing.connection.Connection

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        try:
            self.conn.close()  # type: ignore[attr-defined]
        except OSError:
            pass


class WorkerPool:
    """A ServingStore whose queries run in `size` killable, network-isolated worker processes.

    Every worker opens the same on-disk store (aikg.store.disk_store) read-only, so memory does not grow
    with the number of workers beyond each one's working set; or (`in_memory`, for small builds, where
    it is several times faster) each holds its own copy of that build in memory."""

    engine = "oxigraph"

    def __init__(self, store_dir: Path, size: int = 2, timeout: float = 30.0, memory_mb: int = 0,
                 start_timeout: float = 120.0, prefixes: Mapping[str, str] | None = None,
                 require_isolation: bool = True, in_memory: bool = False, answer_cache_mb: int = 0,
                 per_client: int = 0, failed_cooldown: float = 0.0) -> None:
        self.store_dir = Path(store_dir)
        self.in_memory = in_memory
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.start_timeout = start_timeout
        self.prefixes = dict(prefixes or {})
        self.require_isolation = require_isolation
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["aikg.store", "rdflib", "pyoxigraph", "aikg_server.isolation"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._answers: LRUCache[bytes, bytes] | None = (
            LRUCache(maxsize=answer_cache_mb << 20, getsizeof=lambda raw: len(raw) + ENTRY_OVERHEAD)
            if answer_cache_mb > 0 else None)
        self._answers_lock = threading.Lock()
        self.answers_reused = 0
        self.failed_cooldown = failed_cooldown
        self._failed: TTLCache[bytes, tuple[str, float]] | None = (
            TTLCache(maxsize=4096, ttl=failed_cooldown, timer=time.monotonic) if failed_cooldown > 0 else None)
        self.per_client = per_client
        self._in_flight: Counter[str] = Counter()
        self._in_flight_changed = threading.Condition()
        self._names: list[str] = []
        workers = [self._start() for _ in range(max(1, size))]
        try:
            for worker in workers:
                self._idle.put(self._wait_ready(worker))
        except StoreError:
            for worker in workers:
                worker.stop()
            raise

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, daemon=True, name="aikg-query-worker",
            args=(child, str(self.store_dir), self.in_memory, self.memory_mb, self.prefixes,
                  self.require_isolation))
        process.start()
        child.close()
        return _Worker(process, parent)

    def _wait_ready(self, worker: _Worker) -> _Worker:
        if not worker.conn.poll(self.start_timeout):  # type: ignore[attr-defined]
            worker.stop()
            raise StoreError(f"a query worker did not open {self.store_dir} within {self.start_timeout:g} s")
        try:
            message = worker.conn.recv()  # type: ignore[attr-defined]
        except (EOFError, OSError):
            message = ("failed", "the worker process ended while starting")
        if message[0] != "ready":
            worker.stop()
            raise StoreError(f"a query worker could not open {self.store_dir}: {message[1]}")
        self._names = message[1]
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its successor in the background (opening takes a moment)."""
        worker.stop()
        if self._closed:
            return

        def start() -> None:
            try:
                self._idle.put(self._wait_ready(self._start()))
            except StoreError as error:  # the remaining workers go on serving
                log.error("could not replace a query worker: %s", error)

        threading.Thread(target=start, daemon=True, name="aikg-worker-restart").start()

    def graph_names(self) -> list[str]:
        return list(self._names)

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              max_rows: int | None = None) -> QueryResult:
        options = {"bindings": dict(bindings or {}), "default_graphs": default_graphs,
                   "named_graphs": named_graphs, "max_rows": max_rows}
        return self._ask(("terms", sparql, options))

    def query_serialized(self, sparql: str, fmt: str, *, bindings: Mapping[str, Term] | None = None,
                         default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                         max_rows: int | None = None, order: Sequence[str] | None = None) -> bytes:
        options = {"fmt": fmt, "bindings": dict(bindings or {}), "default_graphs": default_graphs,
                   "named_graphs": named_graphs, "max_rows": max_rows, "order": list(order or [])}
        return self._ask(("bytes", sparql, options))

    def _ask(self, message: tuple):
        """The answer to one message: kept from an earlier identical request, or from an idle worker,
        killed after the time limit."""
        request = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        key = request_key(request)
        if self._answers is not None:
            with self._answers_lock:
                kept = self._answers.get(key)
            if kept is not None:
                self.answers_reused += 1
                return self._answer(pickle.loads(kept))
        self._refuse_if_failed_before(key)
        try:
            with self._client_slot():
                raw, answer = self._run(request)
        except (QueryTimeout, OutOfMemory) as error:
            if self._failed is not None:
                with self._answers_lock:
                    self._failed[key] = (str(error), time.monotonic())
            raise
        if self._answers is not None and answer[0] in ("ok", "rows"):  # errors may not recur: not kept
            with self._answers_lock:
                try:
                    self._answers[key] = raw
                except ValueError:  # larger than the whole cache
                    pass
        return self._answer(answer)

    def _refuse_if_failed_before(self, key: bytes) -> None:
        if self._failed is None:
            return
        with self._answers_lock:
            failed = self._failed.get(key)
        if failed is not None:
            message, when = failed
            ago = time.monotonic() - when
            raise FailedBefore(f"{message}. The same request was stopped {ago:.0f} s ago and would be again on "
                               f"this build, so it is not run for another {self.failed_cooldown - ago:.0f} s "
                               "(failed_query_cooldown, AIKG_FAILED_QUERY_COOLDOWN)")

    @contextmanager
    def _client_slot(self) -> Iterator[None]:
        """Count the asking client's query as running while it holds a worker; wait a little for one of
        its own to finish when it has `per_client` running already, then refuse."""
        client = asking_client.get()
        if client is None or self.per_client <= 0:
            yield
            return
        with self._in_flight_changed:
            if not self._in_flight_changed.wait_for(lambda: self._in_flight[client] < self.per_client,
                                                    timeout=CLIENT_WAIT_SECONDS):
                raise ClientBusy(
                    f"this client ({client}) already has {self.per_client} quer"
                    f"{'y' if self.per_client == 1 else 'ies'} running, as many as one client may (limit "
                    "client_queries, AIKG_CLIENT_QUERIES); send the next one when an answer is back")
            self._in_flight[client] += 1
        try:
            yield
        finally:
            with self._in_flight_changed:
                self._in_flight[client] -= 1
                if self._in_flight[client] <= 0:
                    del self._in_flight[client]
                self._in_flight_changed.notify_all()

    def _run(self, request: bytes) -> tuple[bytes, tuple]:
        """A worker's reply to a request, pickled and not; the worker is killed past the time limit."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {self.timeout:g} s "
                       "(limits query_workers, AIKG_QUERY_WORKERS and query_timeout); try again later") from None
        try:
            worker.conn.send_bytes(request)  # type: ignore[attr-defined]
            if not worker.conn.poll(self.timeout):  # type: ignore[attr-defined]
                self._replace(worker)
                raise QueryTimeout(self.timeout)
            raw = worker.conn.recv_bytes()  # type: ignore[attr-defined]
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            if self.memory_mb:
                raise OutOfMemory(self.memory_mb) from None
            raise WorkerCrashed("the query worker stopped while answering; simplify the query") from None
        answer = pickle.loads(raw)
        if answer[0] == "memory":
            self._replace(worker)  # an engine that ran out of memory may be left in any state
            raise OutOfMemory(answer[1])
        if self._closed:
            worker.stop()
        else:
            self._idle.put(worker)
        return raw, answer

    @staticmethod
    def _answer(answer: tuple):
        """The value of a worker's reply, or its error raised."""
        if answer[0] == "ok":
            return answer[1]
        if answer[0] == "rows":
            raise TooManyResults(answer[1])
        raise _ERRORS.get(answer[1], StoreError)(answer[2])

    def close(self) -> None:
        """Stop the idle workers; a busy one is stopped when it hands its answer back."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
