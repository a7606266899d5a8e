"""aikg's /sparql against Oxigraph server answering the same text directly, on the same dump.

Starts `oxigraph serve-read-only` (the `oxigraph` package from PyPI; the dump loaded into a temporary
directory, union default graph as aikg's) and `aikg serve`, each on a free port of 127.0.0.1. Every named
query of queries/ gets its documented example parameters (`# param:` header lines) substituted into its
text as SPARQL terms; the same text is POSTed as application/sparql-query to both servers (SPARQL JSON
results). Prints, side by side, p50/p95 over RUNS runs after one warm-up and the ratio, then throughput
(requests/s) with 1, 8 and 32 concurrent clients sending a round-robin mix of the named queries, and the
machine. Only HTTP and the command-line tools are used. No figure is asserted anywhere. Oxigraph server
answers from its RocksDB store on disk; aikg from whatever its engine is (AIKG_STORE): on this graph the
on-disk store is much slower on long property paths (trace-up) than pyoxigraph's in-memory store.

    .venv/bin/python bench/bench_serving.py [--runs 5] [--seconds 3] [--clients 1,8,32]

With no arguments (as `make bench` runs it) the run is short; `make bench-serving` runs a longer one.
aikg runs with its default limits, except per-client rate limiting, off unless AIKG_RATE_LIMIT is set.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

PROJECT = Path(os.environ.get("AIKG_HOME") or Path(__file__).resolve().parent.parent)
DEFAULT_BASE = "https://w3id.org/aikg/"
PREFIXES = {"aikg": "https://w3id.org/aikg/ontology#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
JSON = "application/sparql-results+json"
TIMEOUT = 120

_TOKEN = re.compile(r'(?P<comment>#[^\n]*)|(?P<iri><[^<>"{}|^`\\\s]*>)|(?P<string>"""(?:[^\\]|\\.)*?"""'
                    r"|'''(?:[^\\]|\\.)*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
                    r"|(?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<space>\s+)|(?P<other>.)", re.S)


@dataclass
class NamedQuery:
    """A named query with its example parameters substituted into its text."""

    name: str
    text: str


@dataclass
class Server:
    """A server started here: its query endpoint and process."""

    name: str
    endpoint: str
    process: subprocess.Popen[bytes]
    log: Path


# --- the named queries, with their examples as SPARQL terms ---------------------------------------------


def term(example: str, kind: str, base: str) -> str:
    """A `# param:` example (`<…>`, `http…`, `id:…`, `aikg:…`, a bare path, or a literal) as a SPARQL term."""
    value = example.strip()
    if value.startswith("<") and value.endswith(">"):
        return value
    if value.startswith(("http://", "https://")):
        return f"<{value}>"
    prefix, _, local = value.partition(":")
    if prefix == "id" and local:
        return f"<{base}{local}>"
    if prefix in PREFIXES and local and not value.startswith('"'):
        return f"<{PREFIXES[prefix]}{local}>"
    if kind == "iri":
        return f"<{base}{value.lstrip('/')}>"
    if value.startswith('"'):
        return re.sub(r"\^\^xsd:(\w+)$", lambda m: f"^^<{PREFIXES['xsd']}{m.group(1)}>", value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def substitute(text: str, bindings: dict[str, str]) -> str:
    """The query with each bound variable replaced by its term, as a pre-binding would do.

    In triple patterns and expressions the variable becomes the term; a GROUP BY drops it (grouping by a
    constant changes nothing); a SELECT that projects it gets `(term AS ?v)`, unless a sub-select inside it
    already projects it, in which case it keeps `?v` (bound from there)."""
    tokens = [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text)]
    selects = _selects(tokens)
    out: list[str] = []
    mode = "body"  # body | projection | group
    projecting: dict[str, bool] = {}  # for the current projection: variable -> already bound by a sub-select
    for index, (kind, value) in enumerate(tokens):
        upper = value.upper() if kind == "word" else ""
        if upper == "SELECT":
            mode, projecting = "projection", selects[index]
        elif mode == "projection" and (upper == "WHERE" or value == "{"):
            mode = "body"
        elif upper == "GROUP":
            mode = "group"
        elif mode == "group" and (upper in ("HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES") or value == "}"):
            mode = "body"
        name = value[1:] if kind == "var" else ""
        if name in bindings:
            if mode == "projection":
                value = value if projecting.get(name) else f"({bindings[name]} AS {value})"
            elif mode == "group":
                value = ""
            else:
                value = bindings[name]
        out.append(value)
    return re.sub(r"GROUP\s+BY\s*(?=\n|\}|HAVING|ORDER|LIMIT|OFFSET|$)", "", "".join(out))


def _selects(tokens: list[tuple[str, str]]) -> dict[int, dict[str, bool]]:
    """For each SELECT (by token index): the variables it projects, each with whether a sub-select nested in
    its WHERE group projects it too."""
    found: list[tuple[int, int, int, set[str]]] = []  # select index, group start, group end, projected
    for index, (kind, value) in enumerate(tokens):
        if kind != "word" or value.upper() != "SELECT":
            continue
        projected: set[str] = set()
        position = index + 1
        while position < len(tokens) and tokens[position][1] != "{" and tokens[position][1].upper() != "WHERE":
            if tokens[position][0] == "var":
                projected.add(tokens[position][1][1:])
            position += 1
        while position < len(tokens) and tokens[position][1] != "{":
            position += 1
        depth, end = 0, position
        for end in range(position, len(tokens)):
            depth += {"{": 1, "}": -1}.get(tokens[end][1], 0)
            if depth == 0:
                break
        found.append((index, position, end, projected))
    return {
        index: {v: any(start < i < end and v in inner for i, _, _, inner in found) for v in projected}
        for index, start, end, projected in found
    }


def named_queries(base: str) -> list[NamedQuery]:
    """queries/*.rq with their `# param:` examples substituted."""
    result = []
    for path in sorted((PROJECT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        bindings = {}
        for line in re.findall(r"^# param:\s*(.+)$", text, re.M):
            match = re.match(r"(\w+)\s.*\((an IRI|a literal)\),\s*example:\s*(.+)$", line)
            if match:
                kind = "iri" if match.group(2) == "an IRI" else "literal"
                bindings[match.group(1)] = term(match.group(3), kind, base)
        result.append(NamedQuery(path.stem, substitute(text, bindings) if bindings else text))
    return result


# --- the servers ----------------------------------------------------------------------------------------


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable(name: str) -> str:
    """A console script of this interpreter's environment, else one on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: run `make install` first")
    return found


def dump() -> Path:
    """The build's dataset dump (aikg.trig, else aikg.nq), built first when there is none."""
    dist = PROJECT / "dist"
    for _ in range(2):
        for name in ("aikg.trig", "aikg.nq"):
            if (dist / name).exists():
                return dist / name
        subprocess.run([executable("aikg"), "build"], check=True, cwd=PROJECT, stdout=subprocess.DEVNULL,
                       env={**os.environ, "AIKG_HOME": str(PROJECT)})
    raise SystemExit("aikg build made no dataset dump in dist/")


def start(name: str, command: list[str], endpoint: str, log: Path, env: dict[str, str] | None = None) -> Server:
    """Start a server in its own process group and wait until its endpoint answers a query."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    server = Server(name, endpoint, process, log)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if ask(endpoint, "ASK { ?s ?p ?o }").status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop(server)
    raise SystemExit(f"{name} did not answer within 600 s:\n{log.read_text()[-3000:]}")


def stop(server: Server) -> None:
    """SIGTERM the server's process group (started here), SIGKILL after 15 s."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


def ask(endpoint: str, text: str, session: requests.Session | None = None) -> requests.Response:
    """POST a query as application/sparql-query, asking for SPARQL JSON results."""
    return (session or requests).post(endpoint, data=text.encode("utf-8"), timeout=TIMEOUT,
                                      headers={"Content-Type": "application/sparql-query", "Accept": JSON})


def base_of(url: str) -> str:
    """The dataset's URI space from aikg's VoID description."""
    reply = requests.get(url + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=TIMEOUT)
    match = re.search(r'void:uriSpace\s+"([^"]+)"', reply.text) if reply.ok else None
    return match.group(1) if match else os.environ.get("AIKG_BASE", DEFAULT_BASE)


# --- measuring ------------------------------------------------------------------------------------------


def latency(server: Server, query: NamedQuery, runs: int) -> tuple[float, float, str]:
    """p50 and p95 in ms over `runs` runs after one warm-up, and the answer (row count or the status)."""
    with requests.Session() as session:
        reply = ask(server.endpoint, query.text, session)
        if reply.status_code != 200:
            return float("nan"), float("nan"), f"HTTP {reply.status_code}"
        rows = str(len(reply.json()["results"]["bindings"]))
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            reply = ask(server.endpoint, query.text, session)
            reply.content  # noqa: B018 - the whole body is part of the time
            samples.append((time.perf_counter() - started) * 1000)
    return percentile(samples, 50), percentile(samples, 95), rows


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile, linearly interpolated (the median for 50)."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[int(pct) - 1]


def throughput(server: Server, queries: list[NamedQuery], clients: int, seconds: float) -> tuple[float, int]:
    """Requests/s with `clients` threads, each its own session, sending the queries round-robin for
    `seconds`; and the number of answers that were not 200."""
    stop_at = time.monotonic() + seconds
    done, failed = [0] * clients, [0] * clients
    start_line = threading.Barrier(clients)

    def client(number: int) -> None:
        with requests.Session() as session:
            start_line.wait()
            index = number
            while time.monotonic() < stop_at:
                try:
                    reply = ask(server.endpoint, queries[index % len(queries)].text, session)
                    reply.content  # noqa: B018
                    ok = reply.status_code == 200
                except requests.RequestException:
                    ok = False
                done[number] += ok
                failed[number] += not ok
                index += 1

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return sum(done) / (time.monotonic() - started), sum(failed)


def machine() -> str:
    """CPU count and model, memory, Python."""
    model = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                     if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        found = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        memory = f", {int(found.group(1)) / 1024 / 1024:.0f} GiB" if found else ""
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}){memory}; {platform.system()} {platform.release()}; " \
           f"Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query and server (default 5)")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per throughput level (default 3)")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients per throughput level")
    args = parser.parse_args()
    levels = [int(n) for n in args.clients.split(",")]
    source = dump()
    work = Path(tempfile.mkdtemp(prefix="aikg-bench-serving-"))
    print(f"machine: {machine()}")
    print(f"dump: {source} ({source.stat().st_size} bytes); logs in {work}", flush=True)
    started = time.perf_counter()
    subprocess.run([executable("oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(source)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_ms = (time.perf_counter() - started) * 1000
    servers: list[Server] = []
    try:
        port = free_port()
        servers.append(start("aikg", [executable("aikg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                             f"http://127.0.0.1:{port}/sparql", work / "aikg.log",
                             {**os.environ, "AIKG_HOME": str(PROJECT),
                              "AIKG_RATE_LIMIT": os.environ.get("AIKG_RATE_LIMIT", "")}))
        port = free_port()
        servers.append(start("oxigraph", [executable("oxigraph"), "serve-read-only", "--location",
                                          str(work / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                                          "--union-default-graph"],
                             f"http://127.0.0.1:{port}/query", work / "oxigraph.log"))
        aikg, oxigraph = servers
        queries = named_queries(base_of(aikg.endpoint.removesuffix("/sparql")))
        print(f"oxigraph load: {load_ms:.0f} ms; {len(queries)} named queries, example parameters substituted; "
              f"p50/p95 of {args.runs} runs after one warm-up, in ms, client wall time\n")
        width = max(len(q.name) for q in queries) + 2
        print("query".ljust(width) + "aikg p50  aikg p95   oxi p50   oxi p95  aikg/oxi p50   rows")
        ratios = []
        for query in queries:
            a50, a95, a_rows = latency(aikg, query, args.runs)
            o50, o95, o_rows = latency(oxigraph, query, args.runs)
            ratio = a50 / o50 if o50 == o50 and a50 == a50 and o50 > 0 else float("nan")
            if ratio == ratio:
                ratios.append(ratio)
            rows = a_rows if a_rows == o_rows else f"{a_rows} / {o_rows} (differ!)"
            print(query.name.ljust(width) + f"{a50:8.1f}  {a95:8.1f}  {o50:8.1f}  {o95:8.1f}  {ratio:11.2f}x   {rows}")
        if ratios:
            print(f"\np50 aikg/oxigraph: median {statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x; "
                  f"{sum(r > 1.5 for r in ratios)} of {len(ratios)} queries above 1.5x")
        print(f"\nthroughput, requests/s (round-robin mix of the {len(queries)} queries, {args.seconds:g} s each)")
        print("clients".ljust(10) + "      aikg  oxigraph  aikg/oxi   not-200 (aikg/oxigraph)")
        for clients in levels:
            a_rate, a_failed = throughput(aikg, queries, clients, args.seconds)
            o_rate, o_failed = throughput(oxigraph, queries, clients, args.seconds)
            ratio = a_rate / o_rate if o_rate else float("nan")
            print(f"{clients:<10}{a_rate:10.1f}{o_rate:10.1f}{ratio:9.2f}x   {a_failed}/{o_failed}")
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(work / "oxigraph", ignore_errors=True)


if __name__ == "__main__":
    main()
