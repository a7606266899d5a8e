"""The endpoint as an attacker tries it: one plain test per hole found in issue 8, over HTTP on real servers.

Most tests use the session server (tests/fixtures_server.py). Those that need the server's own settings from
the environment (rate limit, worker memory cap, waitress's body limit as `aikg serve` sets it) or fixture
data that the build does not have (an IRI with a `javascript:` scheme) start `aikg serve` as a process.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures_server import LiveServer, Reply, free_port, heavy_query, http_request

from aikg.config import DEFAULT_BASE

PROJECT = Path(__file__).resolve().parent.parent
AIKG = Path(sys.executable).with_name("aikg")
QD367_PATH = "/eli/vn/qd/2026/367-qd-ttg"
TRACEBACK_MARKERS = ("Traceback", 'File "')


def assert_clean(reply: Reply) -> None:
    """No stack trace reaches the client."""
    text = reply.body.decode("utf-8", "replace")
    assert not any(marker in text for marker in TRACEBACK_MARKERS), text[:2000]


# --- helpers: a listener that counts connections, a server process with its own environment ----------------

@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that records the first bytes of every connection made to it."""

    sock: socket.socket = field(default_factory=socket.socket)
    hits: list[bytes] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def start(self) -> Listener:
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        threading.Thread(target=self._accept, daemon=True, name="test-listener").start()
        return self

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(0.5)
            try:
                self.hits.append(conn.recv(300) or b"<connected, nothing sent>")
            except OSError:
                self.hits.append(b"<connected, nothing sent>")
            conn.close()

    def close(self) -> None:
        self.stop.set()
        time.sleep(0.2)
        self.sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A listener for one test."""
    server = Listener().start()
    yield server
    server.close()




@dataclass
class Served:
    """An `aikg serve` process: its URL and a small client (errors returned, not raised)."""

    url: str
    port: int
    log: Path

    def request(self, path: str, method: str = "GET", data: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:
        return http_request(self.url + path, method, data, headers, timeout)


@contextmanager
def served(root: Path, log: Path, **env: str) -> Iterator[Served]:
    """`aikg serve` on a free port with AIKG_HOME=root and the given AIKG_* variables; stopped afterwards."""
    port = free_port()
    environment = dict(os.environ, AIKG_HOME=str(root), **env)
    with log.open("w") as output:
        process = subprocess.Popen([str(AIKG), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                   env=environment, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Served(f"http://127.0.0.1:{port}", port, log)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2):
                    break
            except OSError:
                assert process.poll() is None, f"aikg serve stopped: {log.read_text()[-3000:]}"
                assert time.monotonic() < deadline, f"aikg serve did not answer within 120 s: {log.read_text()}"
                time.sleep(0.3)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


# --- fixture data: the session build plus resources linking to IRIs of dangerous schemes -------------------

DANGEROUS = ("javascript:alert(document.domain)", "vbscript:msgbox(1)",
             "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "JaVaScRiPt:alert(2)")
DANGER_PATH = "test/dangerous-links"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def _dangerous_triples() -> list[tuple[str, str, str]]:
    subject = f"<{DEFAULT_BASE}{DANGER_PATH}>"
    triples = [(subject, f"<{RDFS}label>", '"dangerous links (test fixture)"@en')]
    for iri in DANGEROUS:
        triples.append((subject, f"<{RDFS}seeAlso>", f"<{iri}>"))  # outgoing links
        triples.append((f"<{iri}>", f"<{RDFS}seeAlso>", subject))  # incoming links
    return triples


def add_dangerous_links(dist: Path) -> None:
    """Append the fixture triples to every dump of the build, in the asserted graph where dumps have graphs."""
    graph = f"<{DEFAULT_BASE}graph/asserted>"
    triples = _dangerous_triples()
    lines = {
        "aikg.nt": [f"{s} {p} {o} .\n" for s, p, o in triples],
        "aikg.ttl": [f"{s} {p} {o} .\n" for s, p, o in triples],
        "aikg.nq": [f"{s} {p} {o} {graph} .\n" for s, p, o in triples],
        "aikg.trig": [f"\n{graph} {{\n"] + [f"  {s} {p} {o} .\n" for s, p, o in triples] + ["}\n"],
    }
    for name, added in lines.items():
        path = dist / name
        if path.is_file():
            with path.open("a", encoding="utf-8") as out:
                out.write("\n" + "".join(added))


@pytest.fixture(scope="module")
def plain_server(project_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`aikg serve` as users run it, on a copy of the session build with the dangerous-links fixture added."""
    root = tmp_path_factory.mktemp("aikg-dangerous")
    for name in ("sources", "ontology", "data", "shapes", "queries", "dist"):
        if (project_copy / name).exists():
            shutil.copytree(project_copy / name, root / name)
    add_dangerous_links(root / "dist")
    with served(root, root / "serve.log", AIKG_QUERY_TIMEOUT="10") as server:
        yield server


# --- SERVICE hidden from a lexical check by an escaped local name ------------------------------------------

SERVICE_HIDDEN = [
    "PREFIX e: <http://x/> ASK {{ BIND(e:a\\# AS ?z) SERVICE <http://127.0.0.1:{port}/internal> {{ ?a ?b ?c }} }}",
    "PREFIX e: <http://x/> SELECT * WHERE {{ ?s ?p e:b\\#c . SERVICE SILENT <http://127.0.0.1:{port}/internal> "
    "{{ ?a ?b ?c }} }}",
    "PREFIX e: <http://x/> PREFIX r: <http://127.0.0.1:{port}/> SELECT * WHERE {{ BIND(e:\\#x AS ?z) "
    "sErViCe r:internal {{ ?a ?b ?c }} }}",
]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("template", SERVICE_HIDDEN)
def test_service_after_an_escaped_hash_is_refused_and_never_called(
        live_server: LiveServer, listener: Listener, template: str, how: str) -> None:
    query = template.format(port=listener.port)
    if how == "get":
        reply = live_server.request("/sparql?" + urllib.parse.urlencode({"query": query}))
    elif how == "form":
        reply = live_server.request("/sparql", "POST", urllib.parse.urlencode({"query": query}).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded"})
    else:
        reply = live_server.request("/sparql", "POST", query.encode(), {"Content-Type": "application/sparql-query"})
    time.sleep(0.5)
    assert listener.hits == [], f"the server connected to the listener: {listener.hits}"
    assert reply.status == 400, reply.text
    # The message names SERVICE itself, not only in the echo of the query's line.
    own_lines = [line for line in reply.text.splitlines() if str(listener.port) not in line]
    assert any("SERVICE" in line for line in own_lines), reply.text
    assert_clean(reply)


# --- queries nested deep enough to overflow a parser's stack -----------------------------------------------

DEEP = [  # each one killed a query worker by overflowing the engine parser's stack (seen as a 503)
    ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, 3000, 1, 3015),
    ("SELECT * WHERE { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }", 6002, 1, 6024),
    ("ASK {\n  FILTER(" + "!" * 19000 + "true)\n}", 19002, 2, 19009),
]


@pytest.mark.parametrize(("query", "levels", "line", "column"), DEEP)
def test_deeply_nested_query_is_refused_before_any_worker(plain_server: Served, query: str, levels: int,
                                                          line: int, column: int) -> None:
    """With the default limits (a query of up to 20,000 characters can nest that deep)."""
    reply = plain_server.request("/sparql", "POST", query.encode(), {"Content-Type": "application/sparql-query"})
    assert reply.status == 400, (reply.status, reply.text[:300])
    assert f"nests {levels} levels deep" in reply.text and f"line {line}, column {column}" in reply.text, \
        reply.text[:300]
    assert "at most 256 levels" in reply.text
    assert_clean(reply)
    nested = "SELECT (COUNT(*) AS ?n) WHERE " + "{" * 200 + " ?s a <https://w3id.org/aikg/ontology#Plan> " + "}" * 200
    within = plain_server.request("/sparql?" + urllib.parse.urlencode({"query": nested}),
                                  headers={"Accept": "text/csv"})
    assert within.status == 200 and within.text.split()[0] == "n", within.text[:300]


# --- project files over HTTP -------------------------------------------------------------------------------

TRAVERSALS = [
    "/queries/Makefile.rq", "/queries/Makefile", "/queries/..%2fMakefile.rq", "/queries/..%2FMakefile",
    "/queries/%2e%2e%2fMakefile.rq", "/queries/../Makefile.rq", "/queries/..%5cMakefile.rq",
    "/queries/pyproject.toml", "/queries/..%2fpyproject.toml", "/queries/%2fetc%2fpasswd",
    "/queries/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd.rq", "/queries/%252e%252e%252fMakefile.rq",
    "/queries/README.rq", "/queries/..%2fREADME.md",
]


def _secret_lines() -> list[str]:
    """Lines of project files that must never appear in an answer."""
    lines = [line for line in (PROJECT / "Makefile").read_text().splitlines() if len(line) > 25]
    lines += [line for line in (PROJECT / "pyproject.toml").read_text().splitlines() if len(line) > 25]
    return [*lines, "root:x:0:0"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_named_query_names_never_reach_project_files(live_server: LiveServer, path: str) -> None:
    for accept in ("*/*", "text/html", "application/sparql-results+json"):
        reply = live_server.request(path, headers={"Accept": accept})
        assert reply.status == 404, (accept, reply.status, reply.text[:500])
        leaked = [line for line in _secret_lines() if line in reply.text]
        assert leaked == [], f"{path} shows project files: {leaked[:3]}"
        assert_clean(reply)


# --- SELECT * keeps the query's variable order -------------------------------------------------------------

def test_select_star_keeps_the_query_order_in_json(live_server: LiveServer) -> None:
    args = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    reply = live_server.request(f"/sparql?{args}", headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    assert json.loads(reply.body)["head"]["vars"] == ["s", "p", "o"]


def test_select_star_keeps_the_query_order_in_csv(live_server: LiveServer) -> None:
    args = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    reply = live_server.request(f"/sparql?{args}", headers={"Accept": "text/csv"})
    assert reply.status == 200, reply.text
    assert reply.text.splitlines()[0] == "s,p,o"


# --- an over-long body: a 413 the client can read ----------------------------------------------------------

@pytest.mark.parametrize("content_type", ["application/sparql-query", "application/x-www-form-urlencoded"])
def test_ten_megabyte_body_gets_a_readable_413(plain_server: Served, content_type: str) -> None:
    body = b"query=" + b"x" * (10 * 1024 * 1024) if "form" in content_type else b"#" * (10 * 1024 * 1024)
    connection = http.client.HTTPConnection("127.0.0.1", plain_server.port, timeout=60)
    try:
        connection.request("POST", "/sparql", body=body, headers={"Content-Type": content_type,
                                                                   "Accept": "text/plain"})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    except (ConnectionError, http.client.HTTPException) as error:
        pytest.fail(f"the connection failed instead of answering 413: {error!r}")
    finally:
        connection.close()
    assert response.status == 413, text[:500]
    assert text.strip(), "the 413 has no explanation"
    assert "Traceback" not in text
    assert plain_server.request("/sparql?query=ASK%7B%7D&format=csv").status == 200


# --- security headers on pages -----------------------------------------------------------------------------

PAGES = ["/", "/query", QD367_PATH, "/analysis/trace?thing=" + urllib.parse.quote("367/QĐ-TTg"),
         "/analysis/coverage", "/queries", "/eli/vn/no-such-resource"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_security_headers(live_server: LiveServer, path: str) -> None:
    reply = live_server.request(path, headers={"Accept": "text/html"})
    assert reply.status in (200, 404), reply.text[:500]
    assert reply.header("Content-Type").startswith("text/html")
    policy = reply.header("Content-Security-Policy")
    assert "default-src" in policy or "script-src" in policy, f"Content-Security-Policy: {policy!r}"
    assert reply.header("X-Content-Type-Options").lower() == "nosniff"
    assert reply.header("Referrer-Policy"), "no Referrer-Policy"


# --- IRIs with a script scheme are never links -------------------------------------------------------------

class _Links(HTMLParser):
    """Every URL-valued attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and value is not None:
                self.urls.append(value)


def _scheme(url: str) -> str:
    squeezed = "".join(ch for ch in url if ch > " ").lower()  # browsers drop whitespace and controls
    return squeezed.split(":", 1)[0] if ":" in squeezed else ""


def test_script_scheme_iris_are_never_rendered_as_links(plain_server: Served) -> None:
    reply = plain_server.request("/" + DANGER_PATH, headers={"Accept": "text/html"})
    assert reply.status == 200, reply.text[:500]
    assert "alert(document.domain)" in reply.text  # the IRI is shown, as text
    parser = _Links()
    parser.feed(reply.text)
    bad = [url for url in parser.urls if _scheme(url) in ("javascript", "vbscript", "data")]
    assert bad == [], f"rendered as links: {bad}"


# --- rate limiting -----------------------------------------------------------------------------------------

def _retry_after_seconds(value: str) -> float:
    if value.strip().isdigit():
        return float(value)
    when = email.utils.parsedate_to_datetime(value)  # raises on anything else
    return max(0.0, when.timestamp() - time.time())


def _burst(server: Served, count: int, headers: dict[str, str] | None = None) -> list[Reply]:
    replies = []
    for n in range(count):
        extra = {"X-Forwarded-For": f"203.0.113.{n % 250}"} if headers is None else headers
        replies.append(server.request("/sparql?query=ASK%7B%7D&format=csv", headers=extra, timeout=30))
        if replies[-1].status == 429:
            break
    return replies


@pytest.fixture(scope="module")
def limited_server(project_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`aikg serve` with AIKG_RATE_LIMIT=5/second."""
    log = tmp_path_factory.mktemp("aikg-limited") / "serve.log"
    with served(project_copy, log, AIKG_RATE_LIMIT="5/second") as server:
        yield server


def test_rate_limit_answers_429_with_retry_after(limited_server: Served) -> None:
    """A client that waits what Retry-After says is served again, whether it is refused early or late in
    the window (Flask-Limiter alone rounds the wait down, to 0 when less than a second is left)."""
    ask = "/sparql?query=ASK%7B%7D&format=csv"
    for late in (0.0, 0.4, 0.7):
        time.sleep(1.2)  # a fresh window
        started = time.monotonic()
        allowed = _burst(limited_server, 5, headers={})
        assert [r.status for r in allowed] == [200] * 5, "fewer than 5 requests were allowed"
        time.sleep(max(0.0, started + late - time.monotonic()))
        refused = limited_server.request(ask)
        assert refused.status == 429, f"the 6th request in a second was answered {refused.status}"
        assert refused.header("Retry-After"), "429 without Retry-After"
        wait = _retry_after_seconds(refused.header("Retry-After"))
        assert 1 <= wait <= 2, f"Retry-After {refused.header('Retry-After')!r} for a 1-second window"
        assert refused.text.strip() and "Traceback" not in refused.text
        time.sleep(wait)
        retried = limited_server.request(ask)
        assert retried.status == 200, f"429 again after waiting Retry-After ({wait} s), refused {late} s in"


def test_rate_limit_is_not_escaped_by_a_forwarded_header(limited_server: Served) -> None:
    """Without a trusted proxy configured, X-Forwarded-For is the client's word and changes nothing."""
    time.sleep(1.2)
    statuses = [r.status for r in _burst(limited_server, 60)]
    assert 429 in statuses, f"a client changing X-Forwarded-For was never limited: {statuses}"


# --- one client cannot hold every worker; a request that timed out is not run again -----------------------

def test_one_client_holds_one_worker_and_a_timed_out_request_is_not_run_again(
        project_copy: Path, tmp_path: Path) -> None:
    """Behind one trusted proxy (client addresses from X-Forwarded-For), with one query per client at once:
    a client's second query waits for its first and is refused with 429, while another client is answered;
    the heavy query, stopped at the time limit, is refused at once when sent again."""
    timeout = 10
    with served(project_copy, tmp_path / "serve.log", AIKG_QUERY_TIMEOUT=str(timeout), AIKG_PROXY_HOPS="1",
                AIKG_CLIENT_QUERIES="1", AIKG_RATE_LIMIT="") as server:
        def sparql(query: str, client: str) -> tuple[Reply, float]:
            started = time.monotonic()
            reply = server.request("/sparql", "POST", query.encode(),
                                   {"Content-Type": "application/sparql-query", "Accept": "text/csv",
                                    "X-Forwarded-For": client}, timeout=120)
            return reply, time.monotonic() - started

        heavy = heavy_query("fair share")
        first: dict[str, tuple[Reply, float]] = {}
        running = threading.Thread(target=lambda: first.update(reply=sparql(heavy, "198.51.100.7")))
        running.start()
        time.sleep(1.0)
        other, _ = sparql('ASK { ?s ?p "another client" }', "198.51.100.8")
        assert other.status == 200 and other.text.split() == ["_askResult", "false"], other.text
        second, waited = sparql('ASK { ?s ?p "the same client" }', "198.51.100.7")
        assert second.status == 429, (second.status, second.text)
        assert "AIKG_CLIENT_QUERIES" in second.text and "198.51.100.7" in second.text, second.text
        assert second.header("Retry-After")
        assert_clean(second)
        assert waited < timeout - 1, f"refused after {waited:.1f} s: only when the first query ended"
        running.join(timeout + 30)
        stopped, _ = first["reply"]
        assert stopped.status == 503 and "AIKG_QUERY_TIMEOUT" in stopped.text, stopped.text
        again, seconds = sparql(heavy, "198.51.100.9")
        assert again.status == 503, (again.status, again.text)
        assert "AIKG_FAILED_QUERY_COOLDOWN" in again.text and "AIKG_QUERY_TIMEOUT" in again.text, again.text
        assert seconds < timeout / 2, f"the repeated request ran again ({seconds:.1f} s)"
        assert_clean(again)
        after, _ = sparql('ASK { ?s ?p "the same client" }', "198.51.100.7")  # its slot is free again
        assert after.status == 200 and after.text.split() == ["_askResult", "false"], after.text


# --- worker memory cap -------------------------------------------------------------------------------------

def memory_hog(doublings: int = 26) -> str:
    """A tiny query whose one string doubles `doublings` times: 2**doublings * 16 bytes, several copies."""
    binds = " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(doublings))
    return f'SELECT (STRLEN(?s{doublings}) AS ?n) WHERE {{ BIND("0123456789abcdef" AS ?s0) {binds} }}'


def test_query_over_the_worker_memory_cap_is_503_and_the_server_keeps_serving(
        project_copy: Path, tmp_path: Path) -> None:
    with served(project_copy, tmp_path / "serve.log", AIKG_WORKER_MEMORY_MB="1024",
                AIKG_QUERY_TIMEOUT="60") as server:
        started = time.monotonic()
        reply = server.request("/sparql", "POST", memory_hog().encode(),
                               {"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=120)
        seconds = time.monotonic() - started
        assert reply.status == 503, (reply.status, reply.text[:500])
        assert "memory" in reply.text.lower(), reply.text
        assert "worker_memory_mb" in reply.text.lower(), reply.text
        assert_clean(reply)
        assert seconds < 50, f"the memory cap took {seconds:.0f} s to act (the time limit did instead)"
        for _ in range(3):
            ok = server.request("/sparql?query=ASK%7B%7D&format=csv", timeout=60)
            assert ok.status == 200 and ok.text.split() == ["_askResult", "true"], ok.text
        again = server.request("/sparql", "POST", memory_hog().encode(),
                               {"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=120)
        assert again.status == 503 and "AIKG_FAILED_QUERY_COOLDOWN" in again.text, again.text
        assert "worker_memory_mb" in again.text, "the refusal names the first failure"
