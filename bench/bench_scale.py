"""How the pipeline and the named queries scale: the real data alone, then with N synthetic plans.

For each size, a private copy of the project's inputs gets N plans from `aikg synth` (0 = the real data
only), is built by `aikg build` in a subprocess (wall time and peak resident memory of the build and
of the reasoner it starts), and its dump is loaded into the embedded pyoxigraph store the server uses
(aikg.store). Every named query then runs with its documented example parameters: one warm-up, then
REPEAT timed runs, reported as p50/p95 in milliseconds, with the number of rows. Sizes are printed side
by side. No figure is asserted anywhere: this prints, CI only checks that it runs.

    .venv/bin/python bench/bench_scale.py                      # seed size and 30 plans (fast, for CI)
    .venv/bin/python bench/bench_scale.py --sizes 0,30,300     # the issue's sizes
    .venv/bin/python bench/bench_scale.py --sizes 0,30 --queries /tmp/old-queries   # another query set

A query whose warm-up takes longer than --slow seconds is timed once more only (its p50 = p95), so that
a query that scales badly cannot hold the benchmark for an hour.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from aikg.config import DEFAULT_BASE
from aikg.errors import AikgError
from aikg.query import parse_term, read_query
from aikg.store import StoreError, dump_file, open_store

PROJECT = Path(__file__).resolve().parent.parent
INPUTS = ("sources", "ontology", "data", "shapes", "queries")

#: Runs `aikg build` in this child and reports its peak memory and that of its own children (Java).
_BUILD = """
import json, resource, sys
from aikg.build import build
from aikg.config import Settings
result = build(Settings(root=__import__('pathlib').Path(sys.argv[1]), base=sys.argv[2]), quiet=True)
print(json.dumps({"self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "asserted": result.asserted_triples, "inferred": result.inferred_triples,
                  "ontology": result.ontology_triples}))
"""


@dataclass
class Timing:
    """One query at one size."""

    p50: float
    p95: float
    rows: int | str
    runs: int


@dataclass
class SizeResult:
    """Everything measured at one size."""

    plans: int
    tasks: int
    build_s: float
    build_peak_mb: float
    reasoner_peak_mb: float
    triples: dict[str, int]
    load_s: float
    store_triples: int
    queries: dict[str, Timing] = field(default_factory=dict)


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def prepare(root: Path, plans: int, seed: int, queries: Path | None) -> int:
    """A project copy with `plans` synthetic plans; returns their task count."""
    for name in INPUTS:
        shutil.copytree(PROJECT / name, root / name)
    if queries is not None:
        shutil.rmtree(root / "queries")
        shutil.copytree(queries, root / "queries")
    if not plans:
        return 0
    from aikg.synth import write_synthetic

    return write_synthetic(plans, seed, root, quiet=True).task_count


def build_in_subprocess(root: Path) -> tuple[float, dict[str, int]]:
    """Build the copy in a fresh interpreter; wall time and what it reports."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _BUILD, str(root), DEFAULT_BASE], capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{done.stderr[-4000:]}")
    return elapsed, json.loads(done.stdout.strip().splitlines()[-1])


def time_queries(root: Path, repeat: int, slow: float, only: set[str] | None) -> tuple[float, int, dict[str, Timing]]:
    """Load the dump into pyoxigraph and time every named query of the copy."""
    started = time.perf_counter()
    store = open_store(dump_file(root / "dist"), "oxigraph")
    load_s = time.perf_counter() - started
    triples = len(store.store)  # type: ignore[attr-defined]
    timings: dict[str, Timing] = {}
    for path in sorted((root / "queries").glob("*.rq")):
        query = read_query(path)
        if only and query.name not in only:
            continue
        try:
            bindings = {p.name: parse_term(p.example, DEFAULT_BASE, p.kind) for p in query.params}
        except AikgError:
            bindings = {}
        try:
            first = time.perf_counter()
            result = store.query(query.text, bindings=bindings)
            warm = time.perf_counter() - first
            samples = [warm * 1000] if warm > slow else []
            for _ in range(repeat if warm <= slow else 0):
                begun = time.perf_counter()
                result = store.query(query.text, bindings=bindings)
                samples.append((time.perf_counter() - begun) * 1000)
            rows: int | str = len(result.rows) if result.kind == "SELECT" else len(result.triples)
            timings[query.name] = Timing(statistics.median(samples), percentile(samples, 95), rows, len(samples))
        except StoreError as error:
            timings[query.name] = Timing(float("nan"), float("nan"), f"error: {error}"[:30], 0)
        print(f"    {query.name}: {timings[query.name].p50:.1f} ms", file=sys.stderr, flush=True)
    store.close()
    return load_s, triples, timings


def measure(plans: int, seed: int, repeat: int, slow: float, queries: Path | None, keep: Path | None,
            only: set[str] | None) -> SizeResult:
    """Prepare, build and query one size."""
    holder = Path(tempfile.mkdtemp(prefix=f"aikg-bench-{plans}-"))
    root = (keep / f"plans-{plans}") if keep else holder / "project"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    try:
        print(f"• {plans} synthetic plans: writing, building, querying …", file=sys.stderr, flush=True)
        tasks = prepare(root, plans, seed, queries)
        build_s, report = build_in_subprocess(root)
        load_s, store_triples, timings = time_queries(root, repeat, slow, only)
        return SizeResult(plans, tasks, build_s, report["self_kb"] / 1024, report["children_kb"] / 1024,
                          {k: report[k] for k in ("ontology", "asserted", "inferred")}, load_s, store_triples,
                          timings)
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def render(results: list[SizeResult]) -> str:
    """The figures of every size side by side."""
    label = [("seed" if r.plans == 0 else f"{r.plans} plans") for r in results]
    width = max(len(n) for r in results for n in r.queries) + 2 if results and results[0].queries else 28
    col = 27
    lines = ["".ljust(width) + "".join(n.rjust(col) for n in label)]

    def row(name: str, cells: list[str]) -> None:
        lines.append(name.ljust(width) + "".join(c.rjust(col) for c in cells))

    row("synthetic tasks", [str(r.tasks) for r in results])
    row("triples (asserted)", [str(r.triples["asserted"]) for r in results])
    row("triples (inferred)", [str(r.triples["inferred"]) for r in results])
    row("triples in store", [str(r.store_triples) for r in results])
    row("build time (s)", [f"{r.build_s:.1f}" for r in results])
    row("build peak RSS (MB)", [f"{r.build_peak_mb:.0f}" for r in results])
    row("reasoner peak RSS (MB)", [f"{r.reasoner_peak_mb:.0f}" for r in results])
    row("store load (s)", [f"{r.load_s:.2f}" for r in results])
    lines.append("")
    lines.append("named query, p50 / p95 ms (rows)".ljust(width))
    names = sorted({n for r in results for n in r.queries})
    for name in names:
        cells = []
        for r in results:
            t = r.queries.get(name)
            cells.append("-" if t is None else f"{t.p50:.1f} / {t.p95:.1f} ({t.rows})")
        row(name, cells)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,30", help="comma-separated plan counts; 0 = the real data alone "
                        "(default 0,30; the issue's are 0,30,300; ~700 plans is about a million triples)")
    parser.add_argument("--seed", type=int, default=0, help="aikg synth seed")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query after one warm-up")
    parser.add_argument("--slow", type=float, default=10.0, help="seconds: a slower warm-up is timed once more only")
    parser.add_argument("--queries", type=Path, help="a folder of .rq files to time instead of queries/")
    parser.add_argument("--only", help="comma-separated query names to time")
    parser.add_argument("--keep", type=Path, help="keep each size's project copy under this folder")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    only = set(args.only.split(",")) if args.only else None
    results = [measure(n, args.seed, args.repeat, args.slow, args.queries, args.keep, only) for n in sizes]
    print(f"aikg scale benchmark on {os.cpu_count()} CPUs; synth seed {args.seed}; {args.repeat} runs per query "
          f"after a warm-up; pyoxigraph (embedded, as the server)\n")
    print(render(results), end="")
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ | {"queries": {k: v.__dict__ for k, v in r.queries.items()}}
                                         for r in results], indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
