"""Time the named queries of queries/ on each embedded engine, side by side.

Engines: rdflib's memory store, rdflib on oxrdflib's Oxigraph store, and pyoxigraph natively, each behind
aikg.store (so the figures include converting answers to rdflib terms, as the server does). Each query
runs with its documented example parameters, once to warm up, then REPEAT times; the table shows the
median in milliseconds and checks that every engine gives the same number of rows.

    .venv/bin/python bench/bench_store.py [REPEAT]
"""

from __future__ import annotations

import statistics
import sys
import time

from aikg.config import settings
from aikg.errors import AikgError
from aikg.query import named_queries, parse_term
from aikg.store import ENGINES, StoreError, dump_file, open_store

ORDER = ("rdflib", "oxrdflib", "oxigraph")
assert set(ORDER) == set(ENGINES)


def main(repeat: int = 5) -> None:
    config = settings()
    dist = config.dist_dir
    try:
        dump = dump_file(dist)
    except FileNotFoundError:
        from aikg.build import build

        build(config, quiet=True)
        dump = dump_file(dist)
    stores, loads = {}, {}
    for engine in ORDER:
        started = time.perf_counter()
        stores[engine] = open_store(dump, engine)
        loads[engine] = (time.perf_counter() - started) * 1000
    queries = named_queries(config)
    print(f"{dump.name}: {dump.stat().st_size} bytes; median of {repeat} runs after one warm-up, in ms\n")
    width = max(len(q.name) for q in queries) + 2
    print("query".ljust(width) + "".join(e.rjust(12) for e in ORDER) + "   rows   fastest")
    print("(load)".ljust(width) + "".join(f"{loads[e]:12.1f}" for e in ORDER))
    totals = dict.fromkeys(ORDER, 0.0)
    for query in queries:
        try:
            bindings = {p.name: parse_term(p.example, config.base, p.kind) for p in query.params}
        except AikgError:
            bindings = {}
        times, rows = {}, {}
        for engine in ORDER:
            store = stores[engine]
            try:
                result = store.query(query.text, bindings=bindings)
                samples = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    result = store.query(query.text, bindings=bindings)
                    samples.append((time.perf_counter() - started) * 1000)
                times[engine] = statistics.median(samples)
                rows[engine] = len(result.rows) if result.kind == "SELECT" else len(result.triples)
            except StoreError as error:
                times[engine], rows[engine] = float("nan"), f"error: {error}"[:40]
        for engine in ORDER:
            totals[engine] += times[engine] if times[engine] == times[engine] else 0.0
        counts = set(map(str, rows.values()))
        same = next(iter(counts)) if len(counts) == 1 else "/".join(str(rows[e]) for e in ORDER) + " (differ!)"
        fastest = min((e for e in ORDER if times[e] == times[e]), key=lambda e: times[e], default="-")
        print(query.name.ljust(width) + "".join(f"{times[e]:12.1f}" for e in ORDER) + f"   {same:>5}   {fastest}")
    print("total".ljust(width) + "".join(f"{totals[e]:12.1f}" for e in ORDER))
    best = min(ORDER, key=lambda e: totals[e])
    print(f"\nfastest overall: {best} ({totals['rdflib'] / totals[best]:.0f}x rdflib memory, "
          f"{totals['oxrdflib'] / totals[best]:.1f}x oxrdflib)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
