"""aikg's /sparql against Oxigraph server answering the same text directly, on the same dump.

Starts `oxigraph serve-read-only` (the `oxigraph` package from PyPI; the dump loaded into a temporary
directory, union default graph as aikg's) and `aikg serve`, each on a free port of 127.0.0.1. Every named
query of queries/ gets its documented example parameters (`# param:` header lines) substituted into its
text as SPARQL terms; the same text is POSTed (URL-encoded) to both servers (SPARQL JSON
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
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
