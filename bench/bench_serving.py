"""aikg's /sparql against Oxigraph server answering the same text directly, on the same dump.

Starts `oxigraph serve-read-only` (the `oxigraph` package from PyPI; the dump loaded into a temporary
directory, union default graph as aikg's) and `aikg serve`, each on a free port of 127.0.0.1. Every named
query of queries/ gets its documented example parameters (`# param:` header lines) substituted into its
text as SPARQL terms; the same text is POSTed (URL-encoded) to both servers (SPARQL JSON
results). Prints, side by side, p50/p95 over RUNS runs after one warm-up and the ratio, then throughput
(requests/s) with 1, 8 and 32 concurrent clients sending a round-robin mix of the named queries, and the
machine. aikg runs twice: as configured (its answer cache on: a repeated request is answered from it)
and with AIKG_ANSWER_CACHE_MB=0 (every request evaluated by a query worker); both are in the tables.
Only HTTP and the command-line tools are used. No figure is asserted anywhere. Oxigraph server answers
from its RocksDB store on disk; aikg from a copy of the build in each query worker's memory (builds up
to 512 MB of dump; AIKG_WORKER_STORE).

    .venv/bin/python bench/bench_serving.py [--runs 5] [--seconds 3] [--clients 1,8,32]

With no arguments (as `make bench` runs it) the run is short; `make bench-serving` runs a longer one.
aikg runs with its default limits, except the per-client ones (rate, queries at once), off unless
AIKG_RATE_LIMIT / AIKG_CLIENT_QUERIES are set: every simulated client is 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import (
    PROJECT,
    Server,
    base_of,
    dump,
    executable,
    free_port,
    latency,
    machine,
    named_queries,
    one_address_environment,
    start,
    stop,
    throughput,
)


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
    print(f"dump: {source} ({source.stat().st_size} bytes)", flush=True)
    started = time.perf_counter()
    subprocess.run([executable("oxigraph"), "load", "--location", str(work / "oxigraph"), "--file", str(source)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_ms = (time.perf_counter() - started) * 1000
    servers: list[Server] = []
    try:
        for label, cache_mb in (("aikg", os.environ.get("AIKG_ANSWER_CACHE_MB", "")), ("aikg-uncached", "0")):
            port = free_port()
            env = one_address_environment(AIKG_HOME=str(PROJECT))
            if cache_mb:
                env["AIKG_ANSWER_CACHE_MB"] = cache_mb
            servers.append(start(label, [executable("aikg"), "serve", "--host", "127.0.0.1", "--port", str(port)],
                                 f"http://127.0.0.1:{port}/sparql", work / f"{label}.log", env))
        port = free_port()
        servers.append(start("oxigraph", [executable("oxigraph"), "serve-read-only", "--location",
                                          str(work / "oxigraph"), "--bind", f"127.0.0.1:{port}",
                                          "--union-default-graph"],
                             f"http://127.0.0.1:{port}/query", work / "oxigraph.log"))
        *ours, oxigraph = servers
        queries = named_queries(base_of(ours[0].endpoint.removesuffix("/sparql")))
        print(f"oxigraph load: {load_ms:.0f} ms; {len(queries)} named queries, example parameters substituted; "
              f"p50/p95 of {args.runs} runs after one warm-up, in ms, client wall time; aikg-uncached: "
              "AIKG_ANSWER_CACHE_MB=0, every request goes to a query worker\n")
        width = max(len(q.name) for q in queries) + 2
        print("query".ljust(width) + "".join(f"{s.name[:13]:>14} p50   p95" for s in servers)
              + "".join(f"{s.name[:13]:>14}/oxi" for s in ours) + "   rows")
        ratios: dict[str, list[float]] = {s.name: [] for s in ours}
        for query in queries:
            measured = {s.name: latency(s, query, args.runs) for s in servers}
            o50 = measured["oxigraph"][0]
            line = query.name.ljust(width) + "".join(f"{p50:14.1f} {p95:5.1f}" for p50, p95, _ in measured.values())
            for server in ours:
                a50 = measured[server.name][0]
                ratio = a50 / o50 if o50 == o50 and a50 == a50 and o50 > 0 else float("nan")
                if ratio == ratio:
                    ratios[server.name].append(ratio)
                line += f"{ratio:17.2f}x"
            answers = {rows for _, _, rows in measured.values()}
            print(line + "   " + (answers.pop() if len(answers) == 1 else " / ".join(
                rows for _, _, rows in measured.values()) + " (differ!)"))
        print()
        for name, values in ratios.items():
            if values:
                print(f"p50 {name}/oxigraph: median {statistics.median(values):.2f}x, worst {max(values):.2f}x; "
                      f"{sum(r > 1.5 for r in values)} of {len(values)} queries above 1.5x")
        print(f"\nthroughput, requests/s (round-robin mix of the {len(queries)} queries, {args.seconds:g} s each)")
        print("clients".ljust(10) + "".join(f"{s.name:>15}" for s in servers)
              + "".join(f"{s.name[:13]:>14}/oxi" for s in ours) + "   not-200")
        for clients in levels:
            rates = {s.name: throughput(s, queries, clients, args.seconds) for s in servers}
            o_rate = rates["oxigraph"][0]
            print(f"{clients:<10}" + "".join(f"{rate:15.1f}" for rate, _ in rates.values())
                  + "".join(f"{rates[s.name][0] / o_rate if o_rate else float('nan'):17.2f}x" for s in ours)
                  + "   " + "/".join(str(failed) for _, failed in rates.values()))
    finally:
        for server in servers:
            stop(server)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
