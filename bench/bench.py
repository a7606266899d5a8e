"""`make bench`: aikg against its peers, at several sizes, in one run.

For each size (seed = the real data alone; N = the real data plus N synthetic plans from `aikg synth`; 1M =
700 plans, about a million asserted triples) a private copy of the project's inputs is made and:

1. `aikg build`, `aikg reason` and `aikg validate` run as child processes; their steps are printed as they
   go, and their wall time and peak resident memory (wait4's ru_maxrss: the process or its largest
   descendant, e.g. the reasoner's JVM) are recorded.
2. The build's dump is loaded into each store, timed: aikg's own on-disk store (aikg.store.disk_store, what
   `aikg serve` opens), Oxigraph server (`oxigraph serve`, loaded by `aikg load --into`), Virtuoso
   (scripts/virtuoso.sh: Debian's virtuoso-opensource and its bulk loader; skipped with the reason when it
   cannot be installed) and rdflib-endpoint (PyPI; an rdflib Dataset parsed from the dump, served by
   FastAPI; its load time is the time until it answers).
3. Every named query of queries/, with its documented example parameters substituted into its text
   (bench/common.py, as bench_serving.py does), is POSTed with the same text to every server: aikg on its
   embedded store, aikg in front of Oxigraph server (`aikg serve --store`), Oxigraph server directly,
   Virtuoso directly and rdflib-endpoint. p50/p95 over RUNS runs after one warm-up (client wall time, SPARQL
   JSON results); a query whose warm-up takes longer than --slow seconds is timed twice more only. Row
   counts that differ between servers are marked.
4. Throughput (requests/s) of each server with 1, 8 and 32 concurrent clients sending the named queries
   round-robin.
5. The ratio aikg/Oxigraph server per query (issue 8's target: within 1.5x) and the throughput ratio at 8
   clients.

Tables go to stdout (and OUT/bench.txt), the figures to OUT/bench.json, a plot to OUT/bench.png. Every
server listens on a free port of 127.0.0.1 and is stopped at the end; temporary folders are removed. No
figure is asserted anywhere.

    .venv/bin/python bench/bench.py                              # seed size only (CI, `make bench`)
    .venv/bin/python bench/bench.py --sizes seed,30,300,1M --out docs
    .venv/bin/python bench/bench.py --sizes 30 --servers aikg,oxigraph --runs 5 --seconds 2
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    DEFAULT_BASE,
    PROJECT,
    Run,
    cpu_model,
    executable,
    free_port,
    latency,
    load_average,
    memory_gib,
    named_queries,
    one_address_environment,
    os_name,
    run_measured,
    start,
    stop,
    throughput,
)

INPUTS = ("sources", "ontology", "data", "shapes", "queries")
#: Size labels and their number of synthetic plans.
SIZES = {"seed": 0, "1M": 700}
#: The lines of a command's output echoed while it runs: its steps and their progress, and summaries.
PROGRESS = re.compile(r"^(• |  done in |  … |\d+ ontology \+|Conforms:|consistent:|\d+ plans \()")
#: aikg-uncached is aikg with AIKG_ANSWER_CACHE_MB=0: every request, repeated or not, goes to a query worker.
SERVERS = ("aikg", "aikg-uncached", "aikg→oxigraph", "oxigraph", "virtuoso", "rdflib-endpoint")
SHORT = {"aikg": "aikg", "aikg-uncached": "uncached", "aikg→oxigraph": "aikg→oxi", "oxigraph": "oxigraph",
         "virtuoso": "virtuoso", "rdflib-endpoint": "rdflib-ep"}
#: The aikg servers compared with Oxigraph server against issue 8's targets.
AIKG_VARIANTS = ("aikg", "aikg-uncached")


@dataclass
class Target:
    """A server answering SPARQL on 127.0.0.1: its query endpoint and how to stop it."""

    name: str
    endpoint: str
    halt: Callable[[], None]
    pids: list[int] = field(default_factory=list)


@dataclass
class SizeFigures:
    """Everything measured at one size."""

    label: str
    plans: int
    triples: dict[str, int] = field(default_factory=dict)
    dump_mb: float = 0.0
    steps: dict[str, dict[str, float]] = field(default_factory=dict)  # synth/build/reason/validate → s, MB
    loads: dict[str, float] = field(default_factory=dict)  # store → seconds
    skipped: dict[str, str] = field(default_factory=dict)  # server → reason
    queries: dict[str, dict[str, dict[str, object]]] = field(default_factory=dict)  # query → server → figures
    throughput: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)  # server → clients → …
    server_rss_mb: dict[str, float] = field(default_factory=dict)
    mix: dict[str, int] = field(default_factory=dict)  # server → named queries in its throughput mix


def say(text: str = "") -> None:
    print(text, flush=True)


def plans_of(label: str) -> int:
    """The number of synthetic plans of a size label (seed, 1M, or a number)."""
    if label in SIZES:
        return SIZES[label]
    try:
        return int(label)
    except ValueError:
        raise SystemExit(f"unknown size {label!r}: use seed, 1M or a number of plans") from None


# --- building ---------------------------------------------------------------------------------------------


def step(figures: SizeFigures, name: str, command: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,),
         ) -> Run:
    """Run one pipeline step, its output indented; record its time and peak memory."""
    say(f"  $ {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(command))}")
    run = run_measured(command, env=env, echo=lambda line: say(f"    │ {line}") if PROGRESS.match(line) else None)
    if run.returncode not in ok:
        raise SystemExit(f"{name} failed with exit {run.returncode}:\n{run.output[-3000:]}")
    last = [line for line in run.output.splitlines() if line.strip()][-1:]
    if last and not PROGRESS.match(last[0]):
        say(f"    │ {last[0]}")
    figures.steps[name] = {"seconds": run.seconds, "peak_mb": run.peak_mb, "exit": run.returncode}
    say(f"    {name}: {run.seconds:.1f} s, peak {run.peak_mb:.0f} MB, exit {run.returncode}")
    return run


def prepare_and_build(figures: SizeFigures, root: Path, seed: int, env: dict[str, str]) -> Path:
    """Copy the inputs, add the synthetic plans, build, reason, validate; the dump."""
    root.mkdir(parents=True)
    for name in INPUTS:
        shutil.copytree(PROJECT / name, root / name)
    aikg = executable("aikg")
    if figures.plans:
        step(figures, "synth", [aikg, "synth", "--plans", str(figures.plans), "--seed", str(seed), "--out",
                                str(root), "--quiet"], env)
    build = step(figures, "build", [aikg, "build"], env)
    found = re.search(r"(\d+) ontology \+ (\d+) asserted \+ (\d+) inferred triples", build.output)
    if found:
        figures.triples = dict(zip(("ontology", "asserted", "inferred"), map(int, found.groups()), strict=True))
        figures.triples["total"] = sum(figures.triples.values())
    step(figures, "reason", [aikg, "reason"], env)
    step(figures, "validate", [aikg, "validate"], env, ok=(0, 1))  # 1: the synthetic plans' deliberate gaps
    from aikg.store import dump_file

    dump = dump_file(root / "dist")
    figures.dump_mb = dump.stat().st_size / 1e6
    return dump


# --- the servers ------------------------------------------------------------------------------------------


def serve_aikg(name: str, root: Path, work: Path, env: dict[str, str], store: str | None = None) -> Target:
    port = free_port()
    if name == "aikg-uncached":
        env = {**env, "AIKG_ANSWER_CACHE_MB": "0"}
    command = [executable("aikg"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if store:
        command += ["--store", store]
    server = start(name, command, f"http://127.0.0.1:{port}/sparql", work / f"{name.replace('→', '-')}.log", env,
                   wait=1800)
    return Target(name, server.endpoint, lambda: stop(server), [server.process.pid])


def serve_oxigraph(work: Path) -> tuple[Target, str]:
    port = free_port()
    server = start("oxigraph", [executable("oxigraph"), "serve", "--location", str(work / "oxigraph"), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph"],
                   f"http://127.0.0.1:{port}/query", work / "oxigraph.log")
    return Target("oxigraph", server.endpoint, lambda: stop(server), [server.process.pid]), f"http://127.0.0.1:{port}"


def virtuoso_installable() -> str:
    """Why Virtuoso cannot be used here ("" when it can: installed, or root / sudo without a password)."""
    if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
        return ""
    if not shutil.which("apt-get"):
        return "virtuoso-opensource is not installed and there is no apt-get to install it"
    if os.geteuid() != 0 and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode:
        return "virtuoso-opensource is not installed and installing it needs root (no password-less sudo)"
    return ""


def serve_virtuoso(root: Path, work: Path) -> tuple[Target | None, float, str]:
    """Virtuoso loaded by scripts/virtuoso.sh on free ports, its database in `work`; the load time, or why not."""
    reason = virtuoso_installable()
    if reason:
        return None, 0.0, reason
    port, sql_port = free_port(), free_port()
    env = {**os.environ, "VIRTUOSO_DIR": str(work / "virtuoso"), "VIRTUOSO_PORT": str(port),
           "VIRTUOSO_SQL_PORT": str(sql_port), "AIKG_DIST": str(root / "dist")}
    script = str(PROJECT / "scripts" / "virtuoso.sh")

    def halt() -> None:
        subprocess.run([script, "stop"], env=env, capture_output=True, check=False, timeout=120)
        pid_file = work / "virtuoso" / "virtuoso.pid"
        if pid_file.exists():  # the script could not stop it
            try:
                os.kill(int(pid_file.read_text().strip()), 9)
            except (OSError, ValueError):
                pass

    run = run_measured([script], env=env, echo=lambda line: say(f"    │ {line}"), timeout=3600)
    if run.returncode != 0:
        halt()
        return None, 0.0, f"scripts/virtuoso.sh failed (exit {run.returncode}): {run.output.strip()[-300:]}"
    found = re.search(r"into virtuoso in ([\d.]+) s", run.output)
    pid = int((work / "virtuoso" / "virtuoso.pid").read_text().strip())
    return Target("virtuoso", f"http://127.0.0.1:{port}/sparql", halt, [pid]), \
        float(found.group(1)) if found else run.seconds, ""


def serve_rdflib_endpoint(dump: Path, work: Path) -> tuple[Target | None, float, str]:
    """rdflib-endpoint serving the dump (rdflib Dataset, union default graph); its load time, or why not."""
    local = Path(sys.executable).parent / "rdflib-endpoint"
    command = str(local) if local.exists() else shutil.which("rdflib-endpoint")
    if not command:
        return None, 0.0, "rdflib-endpoint is not installed (pip install 'rdflib-endpoint[cli]'; in the dev extras)"
    port = free_port()
    started = time.perf_counter()
    server = start("rdflib-endpoint", [command, "serve", str(dump), "--host", "127.0.0.1", "--port", str(port)],
                   f"http://127.0.0.1:{port}/", work / "rdflib-endpoint.log", wait=3600)
    return Target("rdflib-endpoint", server.endpoint, lambda: stop(server), [server.process.pid]), \
        time.perf_counter() - started, ""


def tree_rss_mb(pids: list[int]) -> float:
    """Resident memory of the processes and all their descendants now, in MB (0 without psutil)."""
    try:
        import psutil
    except ImportError:
        return 0.0
    total = 0
    for pid in pids:
        try:
            process = psutil.Process(pid)
            for each in [process, *process.children(recursive=True)]:
                total += each.memory_info().rss
        except psutil.Error:
            pass
    return total / 1e6


# --- one size ---------------------------------------------------------------------------------------------


def measure_size(label: str, args: argparse.Namespace, work: Path) -> SizeFigures:
    figures = SizeFigures(label, plans_of(label))
    say(f"\n=== {label}: {figures.plans} synthetic plans " + "=" * 40)
    root = work / "project"
    env = one_address_environment(AIKG_HOME=str(root), AIKG_BASE=DEFAULT_BASE)
    dump = prepare_and_build(figures, root, args.seed, env)
    wanted = [s for s in SERVERS if s in args.servers]
    targets: dict[str, Target] = {}
    try:
        if {"aikg", "aikg-uncached"} & set(wanted):
            say("  loading aikg's on-disk store (aikg.store.disk_store) …")
            run = run_measured([sys.executable, "-c", "import sys; from pathlib import Path; "
                                "from aikg.store import disk_store; disk_store(Path(sys.argv[1]))", str(dump)],
                               env=env)
            if run.returncode:
                raise SystemExit(f"disk_store failed: {run.output[-2000:]}")
            figures.loads["aikg"] = run.seconds
            for name in AIKG_VARIANTS:
                if name in wanted:
                    targets[name] = serve_aikg(name, root, work, env)
        if {"oxigraph", "aikg→oxigraph"} & set(wanted):
            oxigraph, base_url = serve_oxigraph(work)
            targets["oxigraph"] = oxigraph
            say(f"  $ aikg load --into {base_url}")
            run = run_measured([executable("aikg"), "load", "--into", base_url, "--quiet"], env=env,
                               echo=lambda line: say(f"    │ {line}"))
            if run.returncode:
                raise SystemExit("aikg load failed")
            figures.loads["oxigraph"] = run.seconds
            if "aikg→oxigraph" in wanted:
                targets["aikg→oxigraph"] = serve_aikg("aikg→oxigraph", root, work, env, store=base_url)
        optional = {"virtuoso": ("$ scripts/virtuoso.sh", lambda: serve_virtuoso(root, work)),
                    "rdflib-endpoint": ("starting rdflib-endpoint (parses the dump into an rdflib Dataset) …",
                                        lambda: serve_rdflib_endpoint(dump, work))}
        for name, (announce, serve) in optional.items():
            if name not in wanted:
                continue
            say(f"  {announce}")
            target, seconds, reason = serve()
            if target:
                targets[name], figures.loads[name] = target, seconds
            else:
                figures.skipped[name] = reason
                say(f"  {name} skipped: {reason}")
        say("  loads: " + ", ".join(f"{k} {v:.1f} s" for k, v in figures.loads.items()))
        order = [s for s in SERVERS if s in targets]
        queries = named_queries(DEFAULT_BASE, root)
        say(f"  latency: {len(queries)} named queries × {len(order)} servers …")
        timeouts = dict.fromkeys(order, 0)
        for query in queries:
            figures.queries[query.name] = {}
            for name in list(order):
                p50, p95, rows = latency(targets[name], query, args.runs, args.slow, args.timeout)  # type: ignore[arg-type]
                figures.queries[query.name][name] = {"p50": p50, "p95": p95, "rows": rows}
                timeouts[name] = timeouts[name] + 1 if rows.startswith("timeout") else 0
                if timeouts[name] >= args.give_up:
                    # It is still working on the abandoned queries (rdflib-endpoint answers one at a time):
                    # stop it, so that it neither queues the next queries nor takes a core from the others.
                    figures.skipped[name] = (f"stopped after {args.give_up} queries in a row timed out "
                                             f"({args.timeout:g} s); the rest not measured")
                    say(f"    {name}: {figures.skipped[name]}")
                    targets.pop(name).halt()
                    order.remove(name)
            say(f"    {query.name}: " + ", ".join(f"{SHORT[n]} {f['p50']:.1f}"
                                                 for n, f in figures.queries[query.name].items()))
        say(f"  throughput: clients {args.clients}, {args.seconds:g} s each …")
        for name in order:
            # A query this server failed or timed out on stays out of its mix: one hanging query would
            # otherwise hold every client for the whole time-out.
            mix = [q for q in queries if figures.queries[q.name][name]["p50"] == figures.queries[q.name][name]["p50"]]
            figures.throughput[name] = {}
            figures.mix[name] = len(mix)
            for clients in args.clients:
                rate, failed = throughput(targets[name], mix, clients, args.seconds, args.timeout) if mix else (0.0, 0)  # type: ignore[arg-type]
                figures.throughput[name][str(clients)] = {"rps": rate, "not_200": failed}
                say(f"    {name} × {clients}: {rate:.1f} req/s, {failed} not 200 ({len(mix)} queries)")
            figures.server_rss_mb[name] = tree_rss_mb(targets[name].pids)
    finally:
        for name in reversed(list(targets)):
            targets[name].halt()
    return figures


# --- the report -------------------------------------------------------------------------------------------


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:.{digits}f}"


def table(header: list[str], rows: list[list[str]], first: int = 0) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, None, *rows]:
        if row is None:
            lines.append("  ".join("-" * w for w in widths))
            continue
        lines.append("  ".join(str(c).ljust(w) if i <= first else str(c).rjust(w) for i, (c, w) in
                               enumerate(zip(row, widths, strict=True))).rstrip())
    return "\n".join(lines)


def ratio(a: float, b: float) -> float:
    return a / b if a == a and b == b and b > 0 else float("nan")


def report(results: list[SizeFigures], args: argparse.Namespace) -> str:
    out: list[str] = []
    out.append("Build, reason, validate: wall time (s) and peak resident memory (MB, the process or its largest "
               "child)")
    rows = []
    for r in results:
        t = r.triples
        cells = [r.label, str(r.plans), f"{t.get('asserted', 0):,}", f"{t.get('inferred', 0):,}",
                 f"{t.get('total', 0):,}"]
        for name in ("build", "reason", "validate"):
            s = r.steps.get(name, {})
            cells += [fmt(s.get("seconds", float("nan"))), fmt(s.get("peak_mb", float("nan")), 0)]
        rows.append(cells)
    out.append(table(["size", "plans", "asserted", "inferred", "total triples", "build s", "MB", "reason s", "MB",
                      "validate s", "MB"], rows))
    out.append("")
    out.append("Load time (s): aikg = aikg.store.disk_store; oxigraph = `aikg load --into` (Graph Store PUTs); "
               "virtuoso = scripts/virtuoso.sh bulk loader; rdflib-endpoint = start until it answers")
    stores = ["aikg", "oxigraph", "virtuoso", "rdflib-endpoint"]
    out.append(table(["size", "dump MB", *stores], [[r.label, fmt(r.dump_mb), *[
        fmt(r.loads[s]) if s in r.loads else ("skipped" if s in r.skipped else "-") for s in stores]]
        for r in results]))
    for r in results:
        order = [s for s in SERVERS if any(s in q for q in r.queries.values())]
        if not order:
            continue
        out.append("")
        out.append(f"[{r.label}] named queries, p50 / p95 ms (client wall time, {args.runs} runs after a warm-up); "
                   "aikg/oxi = aikg p50 / Oxigraph server p50 (answer cache on, as served), uncached/oxi = the "
                   "same with AIKG_ANSWER_CACHE_MB=0")
        rows = []
        ratios: dict[str, list[float]] = {s: [] for s in AIKG_VARIANTS}
        front = []
        for name, per in r.queries.items():
            cells = [name]
            for s in order:
                f = per.get(s)
                cells.append("-" if f is None else f"{fmt(f['p50'])} / {fmt(f['p95'])}")  # type: ignore[arg-type]
            oxi = per.get("oxigraph", {}).get("p50", float("nan"))
            for s in AIKG_VARIANTS:
                q = ratio(per.get(s, {}).get("p50", float("nan")), oxi)  # type: ignore[arg-type]
                if q == q:
                    ratios[s].append(q)
                cells.append(fmt(q, 2) + "x" if q == q else "-")
            q2 = ratio(per.get("aikg→oxigraph", {}).get("p50", float("nan")), oxi)  # type: ignore[arg-type]
            if q2 == q2:
                front.append(q2)
            counts = {s: str(per[s]["rows"]) for s in order if s in per}
            values = [c for c in counts.values() if c.isdigit()]
            usual = max(values, key=values.count) if values else "-"
            odd = [f"{SHORT[s]}: {c}" for s, c in counts.items() if c.isdigit() and c != usual]
            failed = [f"{SHORT[s]}: {c}" for s, c in counts.items() if not c.isdigit()]
            rows_cell = usual + (f"  DIFFER ({', '.join(odd)})" if odd else "") + \
                (f"  [{', '.join(failed)}]" if failed else "")
            rows.append([*cells, rows_cell])
        out.append(table(["query", *[SHORT[s] for s in order], *[f"{SHORT[s]}/oxi" for s in AIKG_VARIANTS], "rows"],
                         rows))
        for s, values in ratios.items():
            if values:
                out.append(f"{s}/oxigraph p50: median {statistics.median(values):.2f}x, worst {max(values):.2f}x; "
                           f"{sum(x > 1.5 for x in values)} of {len(values)} queries over 1.5x (issue 8's target: 0)")
        if front:
            out.append(f"aikg→oxigraph / oxigraph p50 (aikg's cost in front of a store): median "
                       f"{statistics.median(front):.2f}x, worst {max(front):.2f}x")
        differ = [n for n, per in r.queries.items() if len({str(f["rows"]) for f in per.values()
                                                              if str(f["rows"]).isdigit()}) > 1]
        if differ:
            out.append(f"row counts differ between servers: {', '.join(differ)}")
        for s, why in r.skipped.items():
            out.append(f"{s} skipped: {why}")
    if any(r.throughput for r in results):
        out.append("")
        out.append(f"Throughput, requests/s (round-robin mix of the named queries, {args.seconds:g} s per level; "
                   "not-200 answers in brackets; a server's mix leaves out the queries it failed on)")
        rows = []
        for r in results:
            for s in SERVERS:
                if s not in r.throughput:
                    continue
                levels = r.throughput[s]
                rows.append([r.label, s, *[f"{fmt(levels[str(c)]['rps'])}" + (
                    f" ({levels[str(c)]['not_200']})" if levels[str(c)]["not_200"] else "") for c in args.clients],
                    fmt(r.server_rss_mb.get(s, 0.0), 0), f"{r.mix.get(s, 0)}"])
            o8 = r.throughput.get("oxigraph", {}).get("8", {}).get("rps", float("nan"))
            for s in AIKG_VARIANTS:
                a8 = r.throughput.get(s, {}).get("8", {}).get("rps", float("nan"))
                if a8 == a8 and o8 == o8:
                    rows.append([r.label, f"{s}/oxigraph at 8 clients", *[
                        fmt(ratio(a8, o8), 2) + "x" if c == 8 else "" for c in args.clients], "", ""])
        out.append(table(["size", "server", *[f"{c} client{'s' if c > 1 else ''}" for c in args.clients],
                          "RSS MB after", "queries"], rows, first=1))
    return "\n".join(out) + "\n"


def plot(results: list[SizeFigures], path: Path) -> None:
    """Per-query p50 by server (log scale) at the largest size, and build/reason/validate by size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    largest = next((r for r in reversed(results) if r.queries), None)
    from matplotlib.ticker import FuncFormatter

    fig = plt.figure(figsize=(17, 11))
    grid = fig.add_gridspec(2, 3, height_ratios=[1.25, 1])
    axes = [fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1]),
            fig.add_subplot(grid[1, 2])]
    ax = axes[0]
    if largest:
        names = list(largest.queries)
        order = [s for s in SERVERS if any(s in q for q in largest.queries.values())]
        width = 0.8 / max(1, len(order))
        for i, s in enumerate(order):
            values = [float(largest.queries[n].get(s, {}).get("p50", float("nan"))) for n in names]  # type: ignore[arg-type]
            ax.bar([x + i * width for x in range(len(names))], values, width, label=s)
        ax.set_xticks([x + 0.4 - width / 2 for x in range(len(names))], names, rotation=60, ha="right", fontsize=8)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}" if str(f"{v:g}")[0] in "25" else ""))
        ax.set_ylabel("p50 latency, ms (log scale)")
        total = largest.triples.get("total", 0)
        ax.set_title(f"Named queries at {largest.label} ({total:,} triples): p50 by server")
        ax.legend(fontsize=8)
        ax.grid(axis="y", which="both", alpha=0.3)
    labels = [r.label for r in results]
    ax = axes[1]
    for name in ("build", "reason", "validate"):
        ax.plot(labels, [r.steps.get(name, {}).get("seconds", float("nan")) for r in results], marker="o", label=name)
    ax.set_ylabel("wall time, s")
    ax.set_title("Pipeline time by size")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax = axes[2]
    for name in ("build", "reason", "validate"):
        ax.plot(labels, [r.steps.get(name, {}).get("peak_mb", float("nan")) for r in results], marker="o", label=name)
    ax.set_ylabel("peak resident memory, MB")
    ax.set_title("Pipeline peak memory by size")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    ax = axes[3]
    for name in SERVERS:
        values = [r.throughput.get(name, {}).get("8", {}).get("rps", float("nan")) for r in results]
        if any(v == v for v in values):
            ax.plot(labels, values, marker="o", label=name)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}" if str(f"{v:g}")[0] in "25" else ""))
    ax.set_ylabel("requests/s (log scale)")
    ax.set_title("Throughput with 8 clients, by size")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


class LoadSampler(threading.Thread):
    """Samples the 1-minute load average every few seconds while the benchmark runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.samples.append(load_average()[0])
            self.halt.wait(10)


def redraw(source: Path, out: Path) -> int:
    """The tables and the plot again from a bench.json (same layout as the run that wrote it)."""
    saved = json.loads(source.read_text(encoding="utf-8"))
    settings = saved["settings"]
    args = argparse.Namespace(**{**settings, "clients": settings["clients"], "out": out})
    results = [SizeFigures(**size) for size in saved["sizes"]]
    machine, loads = saved["machine"], saved["load_average_1min"]
    text = report(results, args)
    took = f"run took {saved['minutes']} min; " if "minutes" in saved else ""
    footer = (f"\n{saved['date'][:10]}, {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram_gib']:.0f} GiB RAM, "
              f"{machine['os']}; {took}1-min load average during the run: mean {loads['mean']:.2f}, "
              f"max {loads['max']:.2f} (shared machine)\n")
    say(text + footer)
    out.mkdir(parents=True, exist_ok=True)
    if source.resolve() != (out / "bench.json").resolve():
        shutil.copyfile(source, out / "bench.json")
    (out / "bench.txt").write_text(text + footer, encoding="utf-8")
    plot(results, out / "bench.png")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seed", help="comma-separated: seed, a number of synthetic plans, or 1M "
                        "(700 plans); default seed (what CI runs); the full set: seed,30,300,1M")
    parser.add_argument("--servers", default=",".join(SERVERS), help=f"comma-separated subset of {', '.join(SERVERS)}")
    parser.add_argument("--seed", type=int, default=0, help="aikg synth seed")
    parser.add_argument("--runs", type=int, default=10, help="timed runs per query and server after one warm-up")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds: a slower warm-up is timed twice more only")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one answer")
    parser.add_argument("--give-up", type=int, default=2, help="stop a server after this many queries in a row "
                        "timed out on it (default 2)")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per throughput level")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients per throughput level")
    parser.add_argument("--out", type=Path, default=PROJECT / "dist" / "bench",
                        help="folder for bench.txt, bench.json and bench.png (default dist/bench)")
    parser.add_argument("--from-json", type=Path, help="measure nothing: print the tables and draw the plot again "
                        "from a bench.json written by an earlier run (into --out)")
    args = parser.parse_args(argv)
    if args.from_json:
        return redraw(args.from_json, args.out)
    args.clients = [int(c) for c in args.clients.split(",") if c.strip()]
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    unknown = set(args.servers) - set(SERVERS)
    if unknown:
        parser.error(f"unknown server(s) {', '.join(sorted(unknown))}; use {', '.join(SERVERS)}")
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for label in labels:
        plans_of(label)
    when = datetime.datetime.now().astimezone()
    machine = {"cpus": os.cpu_count(), "cpu": cpu_model(), "ram_gib": round(memory_gib(), 1), "os": os_name(),
               "python": sys.version.split()[0], "load_before": load_average()}
    say(f"aikg benchmark, {when:%Y-%m-%d %H:%M %Z}: sizes {', '.join(labels)}; servers {', '.join(args.servers)}")
    say(f"machine: {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram_gib']:.0f} GiB RAM, {machine['os']}; "
        f"load average before: {' '.join(f'{x:.2f}' for x in machine['load_before'])}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers and remove the folders
    sampler = LoadSampler()
    sampler.start()
    results: list[SizeFigures] = []
    started = time.perf_counter()
    try:
        for label in labels:
            work = Path(tempfile.mkdtemp(prefix=f"aikg-bench-{label}-"))
            try:
                results.append(measure_size(label, args, work))
            finally:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        sampler.halt.set()
    loads = sampler.samples or [float("nan")]
    text = report(results, args)
    elapsed = time.perf_counter() - started
    footer = (f"\n{when:%Y-%m-%d}, {machine['cpus']} CPUs ({machine['cpu']}), {machine['ram_gib']:.0f} GiB RAM, "
              f"{machine['os']}; run took {elapsed / 60:.1f} min; 1-min load average during the run: mean "
              f"{statistics.mean(loads):.2f}, max {max(loads):.2f} (shared machine)\n")
    say("\n" + "=" * 100 + "\n")
    say(text + footer)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.txt").write_text(text + footer, encoding="utf-8")
    (args.out / "bench.json").write_text(json.dumps({
        "date": when.isoformat(timespec="seconds"), "minutes": round(elapsed / 60, 1), "machine": machine,
        "load_average_1min": {"mean": statistics.mean(loads), "max": max(loads), "samples": loads},
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "sizes": [r.__dict__ for r in results]}, indent=1, default=str, ensure_ascii=False), encoding="utf-8")
    plot(results, args.out / "bench.png")
    say(f"figures: {args.out / 'bench.json'}; plot: {args.out / 'bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
