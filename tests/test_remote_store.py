"""aikg in front of a real Oxigraph server: loaded by `aikg load --into`, served with `store_url`.

The named-query tests of test_queries.py (exact answers read off the sources) and the server tests of
test_server_queries.py, test_server_linked_data.py and test_coverage.py run again here, unchanged, through
an aikg server whose store is the Oxigraph server: this module's `ask` and `live_server` fixtures take the
place of theirs. Then the Oxigraph server is stopped (503 with Retry-After, naming the store) and started
again on the same port and data (the next query succeeds, with no restart of aikg).
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import test_coverage
import test_queries
import test_server_linked_data
import test_server_queries
from fixtures_server import LiveServer, free_port, serve_in_thread, server_config

from aikg.config import DEFAULT_BASE

OXIGRAPH = Path(sys.executable).with_name("oxigraph")
AIKG = str(Path(sys.executable).with_name("aikg"))
HUE = "eli/vn/hue/kh/2026/213-kh-ubnd"
LAW = "eli/vn/luat/2025/134-2025-qh15"
QD = "eli/vn/qd/2026/367-qd-ttg"
REMOTE_TIMEOUT = 30.0

# The same checks as on the embedded store: every test of these modules that needs only fixtures this module
# provides (its own `ask` and `live_server`, and the session build) is collected here once more.
_REUSED = {test_queries: {"ask"}, test_server_queries: {"live_server"},
           test_server_linked_data: {"live_server", "built_dist"}, test_coverage: {"live_server"}}


def _fixtures_of(test: Callable[..., object]) -> set[str]:
    """The fixtures a test asks for: its arguments less those given by @pytest.mark.parametrize."""
    names = set(inspect.signature(test).parameters)
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            given = mark.args[0]
            names -= {n.strip() for n in given.split(",")} if isinstance(given, str) else set(given)
    return names


for _module, _fixtures in _REUSED.items():
    for _name, _test in vars(_module).items():
        if _name.startswith("test_") and inspect.isfunction(_test) and _fixtures_of(_test) <= _fixtures:
            globals()[f"{_name}_remote"] = _test




class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1 with its data in a directory; stopped and started on the same port."""

    def __init__(self, location: Path) -> None:
        if not OXIGRAPH.exists():
            pytest.fail(f"the oxigraph command is missing ({OXIGRAPH}): pip install -e '.[dev]'")
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(self.location),
                                         "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                if self.process.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {self.process.stderr.read().decode()}")  # type: ignore[union-attr]
                time.sleep(0.1)
        pytest.fail("oxigraph serve did not answer within 30 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def counts(self) -> dict[str, int]:
        """Triples per named graph, asked of the Oxigraph server directly."""
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        request = urllib.request.Request(f"{self.url}/query?" + urllib.parse.urlencode({"query": query}),
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            rows = json.load(response)["results"]["bindings"]
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def load_into(url: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AIKG, "load", "--into", url], env={**os.environ, "AIKG_HOME": str(home)},
                          capture_output=True, text=True, timeout=600)


def build_counts(dist: Path) -> dict[str, int]:
    """Triples per named graph in the build's dump."""
    import pyoxigraph as ox

    from aikg.store import dump_file

    dump = dump_file(dist)
    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.TRIG if dump.suffix == ".trig" else ox.RdfFormat.N_QUADS)
    return {g.value: len(list(store.quads_for_pattern(None, None, None, g))) for g in store.named_graphs()}


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, project_copy: Path) -> Iterator[OxigraphServer]:
    """A real Oxigraph server on an empty store, loaded with the session build by `aikg load --into`."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "data")
    server.start()
    loaded = load_into(server.url, project_copy)
    assert loaded.returncode == 0, loaded.stderr
    assert "PUT 1/" in loaded.stderr and "loaded 3 graph(s)" in loaded.stdout
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live_server(oxigraph: OxigraphServer, project_copy: Path) -> Iterator[LiveServer]:
    """aikg serving the Oxigraph server (store_url), under waitress on a free port. The time limit is longer
    than the embedded store's: Oxigraph server reads from disk, and trace-up's paths take it a few seconds."""
    config = server_config(project_copy).with_(store_url=oxigraph.url, query_timeout=REMOTE_TIMEOUT)
    with serve_in_thread(config, "aikg-remote-test") as served:
        yield served


def _cell(value: dict[str, str] | None) -> str | None:
    """A SPARQL JSON value as test_queries.rel gives it: base IRIs relative, everything else as text."""
    if value is None:
        return None
    if value["type"] == "uri" and value["value"].startswith(DEFAULT_BASE):
        return value["value"][len(DEFAULT_BASE):]
    return value["value"]


@pytest.fixture(scope="module")
def ask(live_server: LiveServer) -> Callable[..., list[dict[str, object]]]:
    """test_queries' `ask`, answered by aikg's /queries/NAME over HTTP from the Oxigraph server."""

    def answer(name: str, **params: str) -> list[dict[str, object]]:
        given = {k: v if v.startswith(("id:", "http", "<", '"')) else f"id:{v}" for k, v in params.items()}
        reply = live_server.request(f"/queries/{name}?" + urllib.parse.urlencode({**given, "format": "json"}))
        assert reply.status == 200, reply.text
        document = json.loads(reply.body)
        variables = document["head"]["vars"]
        return [{v: _cell(row.get(v)) for v in variables} for row in document["results"]["bindings"]]

    return answer


# --- what only this set-up has --------------------------------------------------------------------------

def test_the_app_answers_from_the_oxigraph_server(live_server: LiveServer, oxigraph: OxigraphServer) -> None:
    assert live_server.config.store_url == oxigraph.url
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    reply = live_server.request("/sparql?" + urllib.parse.urlencode({"query": query}),
                                headers={"Accept": "application/sparql-results+json"})
    assert reply.status == 200, reply.text
    rows = json.loads(reply.body)["results"]["bindings"]
    assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == oxigraph.counts()


def test_remote_store_answers_like_the_embedded_one(oxigraph: OxigraphServer, built_dist: Path) -> None:
    """The same terms from both stores for queries with bindings, graphs and every result kind."""
    from rdflib import Literal, URIRef

    from aikg.remote import RemoteStore
    from aikg.store import TooManyResults, dump_file, open_store

    remote, embedded = RemoteStore(oxigraph.url, timeout=30), open_store(dump_file(built_dist), "oxigraph")
    law = URIRef(DEFAULT_BASE + LAW)
    assert remote.graph_names() == embedded.graph_names()
    for sparql, bindings in (
        ("SELECT ?o WHERE { ?this <https://w3id.org/aikg/ontology#number> ?o }", {"this": law}),
        ("SELECT ?s WHERE { ?s <https://w3id.org/aikg/ontology#number> ?n }", {"n": Literal("134/2025/QH15")}),
        ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g", None),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None),
        ('SELECT ?s WHERE { ?s ?p ?o } VALUES ?o { "x\\" } UNION { ?s ?p ?o } #" }', None),
    ):
        assert remote.query(sparql, bindings=bindings).rows == embedded.query(sparql, bindings=bindings).rows
    assert remote.query(f"ASK {{ <{law}> ?p ?o }}").boolean is True
    described = remote.query(f"DESCRIBE <{law}>")
    assert described.kind == "DESCRIBE" and set(described.triples) == set(embedded.query(f"DESCRIBE <{law}>").triples)
    with pytest.raises(TooManyResults):
        remote.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    with pytest.raises(TooManyResults):
        remote.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "turtle", max_rows=10)
    star = "SELECT * WHERE { ?task ?relation ?to } LIMIT 3"
    assert remote.query_serialized(star, "csv", order=["to", "task", "relation"]).startswith(b"to,task,relation")
    only = ["https://w3id.org/aikg/graph/ontology"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert remote.query(count, default_graphs=only).rows == embedded.query(count, default_graphs=only).rows


def test_resource_in_turtle_and_html(live_server: LiveServer) -> None:
    turtle = live_server.request(f"/{QD}", headers={"Accept": "text/turtle"})
    assert turtle.status == 200 and turtle.header("Content-Type").startswith("text/turtle")
    assert "@prefix aikg:" in turtle.text and "367/QĐ-TTg" in turtle.text
    page = live_server.request(f"/{HUE}/II/4", headers={"Accept": test_server_queries.BROWSER})
    assert page.status == 200 and page.header("Content-Type").startswith("text/html")
    assert "Cơ sở dữ liệu phục vụ trí tuệ nhân tạo" in page.text


def test_analysis_trace_and_coverage(live_server: LiveServer) -> None:
    page = live_server.request("/analysis/trace?" + urllib.parse.urlencode({"thing": "213/KH-UBND II.4"}))
    assert page.status == 200 and "Điều 17" in page.text
    data = json.loads(live_server.request("/analysis/trace.json?" + urllib.parse.urlencode(
        {"thing": DEFAULT_BASE + HUE + "/II/4"})).body)
    iris = {n["data"]["iri"] for n in data["nodes"]}
    assert {DEFAULT_BASE + HUE + "/II/4", DEFAULT_BASE + QD + "/II/5/dd", DEFAULT_BASE + LAW + "/art/17"} <= iris
    coverage = live_server.request("/analysis/coverage")
    assert coverage.status == 200 and 'class="gap"' in coverage.text and "Huế 213/KH-UBND" in coverage.text


def test_guard_still_refuses_service(live_server: LiveServer) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    reply = live_server.request("/sparql?" + urllib.parse.urlencode({"query": query}))
    assert reply.status in (400, 403) and "SERVICE" in reply.text


def test_remote_syntax_error_is_a_clear_400(oxigraph: OxigraphServer) -> None:
    from aikg.remote import RemoteStore
    from aikg.store import QuerySyntaxError

    with pytest.raises(QuerySyntaxError) as error:
        RemoteStore(oxigraph.url).query("SELECT * WHERE { ?s ?p }")
    assert "line 1" in str(error.value) and "^" in str(error.value)


def test_loading_twice_replaces(oxigraph: OxigraphServer, project_copy: Path, built_dist: Path) -> None:
    """A second `aikg load` leaves each graph with the build's triples (not twice as many), and removes a
    graph of the build's namespace that the build no longer has, but no other graph."""
    stale, foreign = f"{DEFAULT_BASE}graph/withdrawn", "urn:example:not-ours"
    for graph in (stale, foreign):
        request = urllib.request.Request(f"{oxigraph.url}/store?" + urllib.parse.urlencode({"graph": graph}),
                                         data=b"<urn:a> <urn:b> <urn:c> .\n", method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(request, timeout=30).close()
    started = time.perf_counter()
    again = load_into(oxigraph.url, project_copy)
    assert again.returncode == 0, again.stderr
    print(f"aikg load (second time): {time.perf_counter() - started:.2f} s")
    counts = oxigraph.counts()
    assert counts.pop(foreign) == 1
    assert counts == build_counts(built_dist)


def test_load_errors_are_clear(project_copy: Path) -> None:
    down = load_into(f"http://127.0.0.1:{free_port()}", project_copy)
    assert down.returncode == 1 and "is not answering" in down.stderr and "Traceback" not in down.stderr
    unknown = load_into("http://127.0.0.1:1/somewhere", project_copy)
    assert unknown.returncode == 1 and "--graph-store" in unknown.stderr


def test_outage_is_503_and_the_server_recovers(oxigraph: OxigraphServer, live_server: LiveServer) -> None:
    """Last: the store goes away and comes back on the same port and data; aikg is not restarted."""
    path = "/queries/plans-overview?format=json"
    assert live_server.request(path).status == 200
    oxigraph.stop()
    for attempt in (path, f"/{QD}.ttl", "/sparql?query=ASK%7B%7D&format=json"):
        reply = live_server.request(attempt, headers={"Accept": "text/plain"})
        assert reply.status == 503, (attempt, reply.status, reply.text)
        assert reply.header("Retry-After")
        assert f"the triple store at {oxigraph.url}/query is not answering" in reply.text
        assert "Traceback" not in reply.text
    oxigraph.start()
    reply = live_server.request(path)
    assert reply.status == 200, reply.text
    assert "367/QĐ-TTg" in reply.text
