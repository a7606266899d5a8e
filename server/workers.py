"""Run queries in worker processes that can be killed, so a runaway query never stalls the server.

Neither rdflib nor pyoxigraph can cancel a query in progress, so each query goes to one of a few worker
processes (each holding its own copy of the store, loaded from the dump). If the answer is not back in
time the worker is killed and a fresh one is started in the background; the request gets QueryTimeout.
Workers are started through multiprocessing's fork server, so they never inherit the web server's threads.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from aikg.store import QueryResult, QuerySyntaxError, StoreError, Term, TooManyResults, open_store

log = logging.getLogger("aikg.server")


class QueryTimeout(StoreError):
    """The query ran past the time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the query was stopped after {seconds:g} s (limit query_timeout, AIKG_QUERY_TIMEOUT); "
                         "simplify it or add a LIMIT")


class Busy(StoreError):
    """Every worker stayed busy for the whole time limit."""


class WorkerCrashed(StoreError):
    """The worker died while answering (e.g. out of memory); a new one is being started."""


_ERRORS: dict[str, type[StoreError]] = {"QuerySyntaxError": QuerySyntaxError, "StoreError": StoreError}


def _limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        import resource

        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))


def _serve(conn, dump: str, engine: str, memory_mb: int) -> None:
    """Worker main loop: load the store, say ready, then answer (sparql, options) messages until EOF."""
    try:
        store = open_store(Path(dump), engine)
        _limit_memory(memory_mb)
        conn.send(("ready", store.graph_names()))
    except Exception as error:  # reported to the parent, which names the dump
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    while True:
        try:
            kind, sparql, options = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if kind == "syntax":
                from aikg_server.guard import oxigraph_syntax_error

                conn.send(("ok", oxigraph_syntax_error(sparql)))
                continue
            conn.send(("ok", store.query(sparql, **options)))
        except TooManyResults as error:
            conn.send(("rows", error.limit))
        except StoreError as error:
            conn.send(("error", type(error).__name__, str(error)))
        except MemoryError:
            conn.send(("error", "StoreError",
                       f"the query needs more than {memory_mb} MB (limit worker_memory_mb, AIKG_WORKER_MEMORY_MB)"))
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
    """A Store whose queries run in `size` killable worker processes with a time limit."""

    def __init__(self, dump: Path, engine: str, size: int = 2, timeout: float = 30.0,
                 memory_mb: int = 0, start_timeout: float = 300.0) -> None:
        self.engine = engine
        self.dump = Path(dump)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.start_timeout = start_timeout
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["aikg.store", "rdflib", "pyoxigraph"])
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._names: list[str] = []
        workers = [self._start() for _ in range(max(1, size))]
        for worker in workers:
            self._idle.put(self._wait_ready(worker))

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, str(self.dump), self.engine, self.memory_mb),
                                        daemon=True, name="aikg-query-worker")
        process.start()
        child.close()
        return _Worker(process, parent)

    def _wait_ready(self, worker: _Worker) -> _Worker:
        if not worker.conn.poll(self.start_timeout):  # type: ignore[attr-defined]
            worker.stop()
            raise StoreError(f"a query worker did not load {self.dump} within {self.start_timeout:g} s")
        message = worker.conn.recv()  # type: ignore[attr-defined]
        if message[0] != "ready":
            worker.stop()
            raise StoreError(f"a query worker could not load {self.dump}: {message[1]}")
        self._names = message[1]
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start its successor in the background (loading takes a moment)."""
        worker.stop()

        def start() -> None:
            if self._closed:
                return
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
        return self._ask(("query", sparql, options), self.timeout)

    def syntax_error(self, sparql: str) -> str | None:
        """pyoxigraph's message for a malformed query, from a worker (None if it takes over 2 s)."""
        try:
            return self._ask(("syntax", sparql, {}), min(self.timeout, 2.0))
        except StoreError:
            return None

    def _ask(self, message: tuple, timeout: float):
        """Send one message to an idle worker and wait for its answer, killing it after `timeout`."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {self.timeout:g} s "
                       "(limits query_workers, AIKG_QUERY_WORKERS and query_timeout); try again later") from None
        try:
            worker.conn.send(message)  # type: ignore[attr-defined]
            if not worker.conn.poll(timeout):  # type: ignore[attr-defined]
                self._replace(worker)
                raise QueryTimeout(timeout)
            answer = worker.conn.recv()  # type: ignore[attr-defined]
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerCrashed("the query worker stopped while answering (it may have run out of memory); "
                             "simplify the query") from None
        self._idle.put(worker)
        if answer[0] == "ok":
            return answer[1]
        if answer[0] == "rows":
            raise TooManyResults(answer[1])
        raise _ERRORS.get(answer[1], StoreError)(answer[2])

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
