"""A real aikg server on a free port (waitress in a thread), serving the session build.

Limits are small so that the tests can reach them: a 3 s query time limit, 5,000-character queries,
20,000 result rows. Rate limiting and the per-client query limit are off: every test client is 127.0.0.1
(test servers of their own turn them on).
"""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import waitress
from aikg_server.app import create_app
from aikg_server.config import ServerConfig

from aikg.config import DEFAULT_BASE, Settings

QUERY_TIMEOUT = 3.0
MAX_QUERY_LENGTH = 5000
MAX_ROWS = 20000


@dataclass
class Reply:
    """An HTTP answer: status, headers and body, errors included."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")


@dataclass
class LiveServer:
    """A running server: its root URL and a small HTTP client."""

    url: str
    config: ServerConfig

    def request(self, path: str, method: str = "GET", data: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:
        return http_request(self.url + path, method, data, headers, timeout)


def http_request(url: str, method: str = "GET", data: bytes | None = None,
                 headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:
    """Plain urllib, with no redirect magic hidden from the test but errors returned, not raised."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return Reply(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers.items()), error.read())


def server_config(root: Path) -> ServerConfig:
    return ServerConfig(
        project=Settings(root=root, base=DEFAULT_BASE),
        query_timeout=QUERY_TIMEOUT,
        max_query_length=MAX_QUERY_LENGTH,
        max_rows=MAX_ROWS,
        query_workers=2,
        rate_limit="",
        client_queries=0,
    )


def heavy_query(tag: str = "", size: int = 1000) -> str:
    """A query that runs far past a test's time limit: size³ rows counted through Oxigraph's LATERAL (a
    billion at 1,000: minutes, at about 5 million rows a second); `tag` makes its text, and so its
    answer-cache key, differ. 400 keeps it within the test server's 5,000-character limit."""
    values = " ".join(str(i) for i in range(size))
    return (f"# {tag}\nSELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} "
            f"VALUES ?c {{ {values} }} LATERAL {{ BIND(1 AS ?d) }} }}")


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_in_thread(config: ServerConfig, ident: str = "aikg-test") -> Iterator[LiveServer]:
    """The app of `config` on 127.0.0.1 and a free port, under waitress in a background thread."""
    app = create_app(config)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8, ident=ident)
    thread = threading.Thread(target=server.run, name=ident, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.effective_port}", config)
    finally:
        server.close()
        app.extensions["aikg_store"].close()


@pytest.fixture(scope="session")
def live_server(project_copy: Path) -> Iterator[LiveServer]:
    """The session build served by the real app."""
    with serve_in_thread(server_config(project_copy)) as served:
        yield served


@pytest.fixture()
def listener():
    """A TCP listener on a free port that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join(2)
    sock.close()
