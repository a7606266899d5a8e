"""Helpers shared by the benchmarks of bench/: the named queries with their examples substituted, servers
started and stopped on 127.0.0.1, timing over HTTP, child processes' peak memory, the machine.

Every script of bench/ stays runnable on its own (`python bench/NAME.py`): Python puts bench/ on the path,
so `import common` finds this file.
"""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

PROJECT = Path(os.environ.get("AIKG_HOME") or Path(__file__).resolve().parent.parent)
DEFAULT_BASE = "https://w3id.org/aikg/"
JSON = "application/sparql-results+json"
TIMEOUT = 120

def one_address_environment(**extra: str) -> dict[str, str]:
    """The environment of an `aikg serve` whose simulated clients all come from 127.0.0.1: the per-client
    limits (AIKG_RATE_LIMIT, AIKG_CLIENT_QUERIES) off unless set, as a portal's visitors have many
    addresses; `extra` on top."""
    return {**os.environ, "AIKG_RATE_LIMIT": os.environ.get("AIKG_RATE_LIMIT", ""),
            "AIKG_CLIENT_QUERIES": os.environ.get("AIKG_CLIENT_QUERIES", "0"), **extra}


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


def named_queries(base: str, project: Path | None = None) -> list[NamedQuery]:
    """queries/*.rq of the project (default: this checkout or AIKG_HOME) with their `# param:` examples
    written in place of their variables, as aikg's stores write parameters (aikg.store.substitute)."""
    from aikg import query
    from aikg.config import Settings
    from aikg.store import substitute

    result = []
    for named in query.named_queries(Settings(root=project or PROJECT, base=base)):
        bindings = {p.name: query.parse_term(p.example, base, p.kind) for p in named.params}
        result.append(NamedQuery(named.name, substitute(named.text, bindings) if bindings else named.text))
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


def start(name: str, command: list[str], endpoint: str, log: Path, env: dict[str, str] | None = None,
          wait: float = 600, cwd: Path | None = None) -> Server:
    """Start a server in its own process group and wait until its endpoint answers a query."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=env, cwd=cwd, start_new_session=True)
    server = Server(name, endpoint, process, log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if ask(endpoint, "ASK { ?s ?p ?o }", timeout=30).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    stop(server)
    raise SystemExit(f"{name} did not answer within {wait:.0f} s:\n{log.read_text()[-3000:]}")


def stop(server: Server) -> None:
    """SIGTERM the server's process group (started here), SIGKILL after 15 s."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


def ask(endpoint: str, text: str, session: requests.Session | None = None,
        timeout: float = TIMEOUT) -> requests.Response:
    """POST a query URL-encoded (the SPARQL 1.1 Protocol's form every server takes: Virtuoso 7 does not
    answer a direct application/sparql-query POST), asking for SPARQL JSON results."""
    return (session or requests).post(endpoint, data={"query": text}, timeout=timeout, headers={"Accept": JSON})


def base_of(url: str) -> str:
    """The dataset's URI space from aikg's VoID description."""
    reply = requests.get(url + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=TIMEOUT)
    match = re.search(r'void:uriSpace\s+"([^"]+)"', reply.text) if reply.ok else None
    return match.group(1) if match else os.environ.get("AIKG_BASE", DEFAULT_BASE)


# --- measuring ------------------------------------------------------------------------------------------


def latency(server: Server, query: NamedQuery, runs: int, slow: float | None = None,
            timeout: float = TIMEOUT) -> tuple[float, float, str]:
    """p50 and p95 in ms over `runs` runs after one warm-up, and the answer (row count, the status, or
    "timeout"). A query whose warm-up took longer than `slow` seconds is timed twice more only, so that
    a query one engine answers slowly cannot hold the benchmark for an hour."""
    with requests.Session() as session:
        started = time.perf_counter()
        try:
            reply = ask(server.endpoint, query.text, session, timeout)
        except requests.Timeout:
            return float("nan"), float("nan"), f"timeout {timeout:g} s"
        except requests.RequestException as error:
            return float("nan"), float("nan"), f"error {type(error).__name__}"
        warm = time.perf_counter() - started
        if reply.status_code != 200:
            return float("nan"), float("nan"), f"HTTP {reply.status_code}"
        try:
            rows = str(len(reply.json()["results"]["bindings"]))
        except (ValueError, KeyError):
            rows = "?"
        samples = []
        for _ in range(runs if slow is None or warm <= slow else min(runs, 2)):
            started = time.perf_counter()
            try:
                reply = ask(server.endpoint, query.text, session, timeout)
                reply.content  # noqa: B018 - the whole body is part of the time
            except requests.RequestException:
                return float("nan"), float("nan"), f"timeout {timeout:g} s"
            samples.append((time.perf_counter() - started) * 1000)
    if not samples:
        samples = [warm * 1000]
    return percentile(samples, 50), percentile(samples, 95), rows


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile, linearly interpolated (the median for 50)."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[int(pct) - 1]


def throughput(server: Server, queries: list[NamedQuery], clients: int, seconds: float,
               timeout: float = TIMEOUT) -> tuple[float, int]:
    """Requests/s with `clients` threads, each its own session, sending the queries round-robin for
    `seconds`; and the number of answers that were not 200 (time-outs after `timeout` s included)."""
    stop_at = time.monotonic() + seconds
    done, failed = [0] * clients, [0] * clients
    start_line = threading.Barrier(clients)

    def client(number: int) -> None:
        with requests.Session() as session:
            start_line.wait()
            index = number
            while time.monotonic() < stop_at:
                try:
                    reply = ask(server.endpoint, queries[index % len(queries)].text, session, timeout)
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


def cpu_model() -> str:
    """The CPU's model name."""
    try:
        return next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or platform.machine()


def memory_gib() -> float:
    """Physical memory in GiB (0 when unknown)."""
    try:
        found = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        return int(found.group(1)) / 1024 / 1024 if found else 0.0
    except OSError:
        return 0.0


def os_name() -> str:
    """The distribution's pretty name and the kernel release."""
    name = platform.system()
    try:
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', Path("/etc/os-release").read_text(), re.M)
        name = found.group(1) if found else name
    except OSError:
        pass
    return f"{name}, {platform.system()} {platform.release()}"


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15-minute load averages."""
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


def machine() -> str:
    """CPU count and model, memory, OS, Python."""
    memory = f", {memory_gib():.0f} GiB" if memory_gib() else ""
    return f"{os.cpu_count()} CPUs ({cpu_model()}){memory}; {os_name()}; Python {platform.python_version()}"


# --- child processes ------------------------------------------------------------------------------------


@dataclass
class Run:
    """A finished child process: wall time, peak resident memory of it or its largest descendant, exit."""

    seconds: float
    peak_mb: float
    returncode: int
    output: str


def run_measured(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
                 echo: Callable[[str], None] | None = None, timeout: float | None = None) -> Run:
    """Run a command, passing each line it prints to `echo`; its wall time and peak memory (wait4's
    ru_maxrss: the largest of the process and the descendants it waited for, e.g. the reasoner's JVM)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env=env, cwd=cwd, text=True, start_new_session=True)
    lines: list[str] = []
    killer = None
    if timeout:
        killer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL))
        killer.start()
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)
        if echo:
            echo(line.rstrip("\n"))
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if killer:
        killer.cancel()
    return Run(time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode, "".join(lines))


def children_peak_mb() -> float:
    """The largest peak resident memory of any child process waited for so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
