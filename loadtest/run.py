"""`make loadtest`: start `aikg serve` on a free port of 127.0.0.1, run locust headless against it, report.

Prints p50/p95/p99 per route, the answers per route and status, the unexpected error count (the heavy
query's 400/503 are expected) and the server's peak memory: the sum of RSS over the server process and all
its children (query workers), sampled with psutil every 0.5 s. Exits 1 on any unexpected error, or if the
server died. Only HTTP is used: nothing of the server is imported.

    LOADTEST_DURATION=30s LOADTEST_USERS=32 .venv/bin/python loadtest/run.py

The server serves the project of AIKG_HOME (default: this checkout), with its default limits except the
per-client ones (rate, queries at once), off unless AIKG_RATE_LIMIT / AIKG_CLIENT_QUERIES are set: all the
simulated users share 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from common import executable, free_port, one_address_environment  # noqa: E402  (bench/common.py: the scripts' shared helpers)

HERE = Path(__file__).resolve().parent
SAMPLE_EVERY = 0.5  # seconds between memory samples
READY_TIMEOUT = 600  # seconds for the server to answer (it builds dist/ first when there is none)


def seconds(duration: str) -> float:
    """Locust's time string (`30s`, `5m`, `1h30m`, or plain seconds) in seconds."""
    if duration.isdigit():
        return float(duration)
    parts = re.findall(r"(\d+)\s*([hms])", duration)
    if not parts:
        raise ValueError(f"not a duration: {duration!r}")
    return float(sum(int(n) * {"h": 3600, "m": 60, "s": 1}[unit] for n, unit in parts))



class MemorySampler(threading.Thread):
    """Sum of RSS over a process and its descendants, sampled every SAMPLE_EVERY seconds."""

    def __init__(self, pid: int) -> None:
        super().__init__(name="memory-sampler", daemon=True)
        self.pid = pid
        self.peak = 0
        self.peak_processes = 0
        self.samples: list[int] = []
        self.done = threading.Event()

    def sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        self.peak_processes = max(self.peak_processes, len(processes))
        return total

    def run(self) -> None:
        while not self.done.is_set():
            rss = self.sample()
            self.samples.append(rss)
            self.peak = max(self.peak, rss)
            self.done.wait(SAMPLE_EVERY)


def wait_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Poll the named-query list until the server answers 200."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"aikg serve exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/queries?format=json", timeout=5) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"aikg serve did not answer within {READY_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group (it and its workers, started here), SIGKILL after 15 s."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def report(stats_csv: Path, failures_csv: Path, statuses: dict[str, int]) -> tuple[int, int]:
    """Print the per-route table; return (requests, unexpected errors)."""
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    width = max((len(r["Name"]) for r in rows), default=10) + 2
    print("\nroute".ljust(width + 1) + "requests  errors     p50     p95     p99     max   (ms)")
    for row in rows:
        label = "all routes" if row["Name"] == "Aggregated" else row["Name"]
        cells = [row.get(k) or "-" for k in ("50%", "95%", "99%")] + [f"{float(row['Max Response Time']):.0f}"]
        print(label.ljust(width) + f"{row['Request Count']:>8}{row['Failure Count']:>8}"
              + "".join(f"{c:>8}" for c in cells))
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    requests_made = int(total["Request Count"]) if total else 0
    errors = int(total["Failure Count"]) if total else 0
    print("\nanswers by route and status (0 = no answer):")
    for key, count in sorted(statuses.items()):
        print(f"  {key}: {count}")
    if errors and failures_csv.exists():
        print("\nunexpected errors:")
        with failures_csv.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                print(f"  {row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error'][:300]}")
    return requests_made, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", default=os.environ.get("LOADTEST_DURATION", "5m"),
                        help="locust run time (env LOADTEST_DURATION, default 5m)")
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", "32")),
                        help="simulated users, one of them the heavy-query client (env LOADTEST_USERS)")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="aikg-loadtest-"))
    log = work / "server.log"
    print(f"aikg serve on {url}; {args.users} users for {args.duration}; "
          f"{os.cpu_count()} CPUs; logs in {work}", flush=True)
    with log.open("wb") as log_out:
        server = subprocess.Popen([executable("aikg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                  env=one_address_environment(), stdout=log_out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    sampler = MemorySampler(server.pid)
    try:
        wait_ready(url, server, log)
        sampler.start()
        time.sleep(2 * SAMPLE_EVERY)
        idle = sampler.peak
        started = time.monotonic()
        with (work / "locust.log").open("wb") as locust_out:
            locust = subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
                 "-u", str(args.users), "-r", str(max(1, args.users // 4)), "-t", args.duration,
                 "--host", url, "--csv", str(work / "locust"), "--only-summary"],
                env={**os.environ, "LOADTEST_STATUS_FILE": str(work / "statuses.json")},
                stdout=locust_out, stderr=subprocess.STDOUT, timeout=seconds(args.duration) + 600, check=False,
            )
        elapsed = time.monotonic() - started
        alive = server.poll() is None
    finally:
        sampler.done.set()
        stop(server)
    stats_csv = work / "locust_stats.csv"
    if not stats_csv.exists():
        print(f"locust wrote no statistics (exit {locust.returncode}):\n{(work / 'locust.log').read_text()[-3000:]}")
        return 1
    status_file = work / "statuses.json"
    statuses = json.loads(status_file.read_text()) if status_file.exists() else {}
    requests_made, errors = report(stats_csv, work / "locust_failures.csv", statuses)
    mib = 1024 * 1024
    final = sampler.samples[-1] if sampler.samples else 0
    print(f"\n{requests_made} requests in {elapsed:.0f} s ({requests_made / elapsed:.1f}/s)")
    print(f"unexpected errors: {errors}")
    print(f"server memory (RSS, server + children, every {SAMPLE_EVERY} s): idle {idle / mib:.0f} MiB, "
          f"peak {sampler.peak / mib:.0f} MiB, at the end {final / mib:.0f} MiB; "
          f"up to {sampler.peak_processes} processes")
    if not alive:
        print(f"the server died during the run:\n{log.read_text()[-3000:]}")
        return 1
    if requests_made == 0:
        print("no request was made")
        return 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
