"""`aikg build`, `validate`, `reason` and `stats`: the pipeline from sources to a checked graph."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import typer
from rdflib import Graph

from aikg.commands import fail
from aikg.config import settings
from aikg.errors import AikgError

Reasoner = Literal["rl", "hermit"]
Engine = Literal["fast", "pyshacl"]


def built_graph(files: list[Path] | None = None) -> Graph:
    """The graph to work on: the given RDF files, or dist/aikg.nt (built first if missing)."""
    from aikg.build import load_build
    from aikg.graphio import load_files

    return load_files(files) if files else load_build(settings())


def register(app: typer.Typer) -> None:
    """Add the pipeline commands to the CLI."""

    @app.command("build")
    def build_command(
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
        reasoner: Annotated[Reasoner, typer.Option(
            help="rl: HermiT for the ontology, OWL 2 RL rules for the data (fast); hermit: HermiT for everything."),
        ] = "rl",
        no_cache: Annotated[bool, typer.Option("--no-cache", help="Parse every file again (no dist/.cache).")] = False,
    ) -> None:
        """Merge ontology + data + inferred triples into dist/aikg.ttl, .nt, .jsonld and aikg.nq."""
        from aikg.build import build

        try:
            result = build(settings(), quiet=quiet, reasoner=reasoner, use_cache=not no_cache)
        except AikgError as error:
            raise fail(error) from None
        for path in result.outputs:
            print(path)
        print(f"{result.ontology_triples} ontology + {result.asserted_triples} asserted + "
              f"{result.inferred_triples} inferred triples")

    @app.command("reason")
    def reason_command(
        reasoner: Annotated[Reasoner, typer.Option(
            help="rl: HermiT for the ontology, OWL 2 RL rules for the data (fast); hermit: HermiT for everything."),
        ] = "rl",
    ) -> None:
        """Reason over ontology + data; write dist/inferred.ttl or name the inconsistent individuals."""
        from aikg.build import load_sources, run_reasoner

        try:
            result = run_reasoner(load_sources(settings()), settings(), reasoner=reasoner)
        except AikgError as error:
            raise fail(error) from None
        print(f"consistent: {len(result.inferred)} inferred triples written to {settings().dist_dir / 'inferred.ttl'}")

    @app.command("validate")
    def validate_command(
        files: Annotated[list[Path] | None, typer.Argument(help="RDF files to check (default: the build).")] = None,
        workers: Annotated[int, typer.Option(help="Processes validating shards of the build (0: one per core).")] = 0,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
        engine: Annotated[Engine, typer.Option(
            help="fast: aikg's SHACL evaluator (same report, seconds at 1M triples); pyshacl: the reference."),
        ] = "fast",
    ) -> None:
        """Check the graph with the SHACL shapes; exit 0 if it conforms, 1 on violations, 2 on bad input."""
        from aikg.provenance import check_provenance
        from aikg.validate import (
            format_report,
            load_shapes,
            provenance_graph,
            validate_graph,
            validate_lines,
            write_report,
        )

        config = settings()
        try:
            shapes = load_shapes(config.shapes_dir)
            if files:  # files given alone still need the class hierarchy to match shape targets
                data = built_graph(files) + built_graph_ontology()
            else:
                lines = built_lines()
        except AikgError as error:
            raise fail(error) from None
        if files and engine == "pyshacl":
            report = validate_graph(data, shapes)
        elif files:
            report = validate_lines(data.serialize(format="nt").splitlines(), shapes, workers=1, quiet=quiet,
                                    engine=engine)
        else:
            report = validate_lines(lines, shapes, workers=workers or os.cpu_count() or 1, quiet=quiet,
                                    engine=engine)
            data = provenance_graph(lines)
        print(format_report(report), end="")
        problems = check_provenance(data, config.sources_dir)
        for problem in problems:
            print(f"  Provenance {problem.node}  [{problem.source}:{problem.lines}] {problem.problem}")
        out = write_report(report, config.dist_dir / "validation.ttl", config.base)
        print(f"\nReport written to {out}")
        raise typer.Exit(0 if report.conforms and not problems else 1)

    @app.command("stats")
    def stats_command(
        files: Annotated[list[Path] | None, typer.Argument(help="RDF files to count (default: the build).")] = None,
    ) -> None:
        """Print counts per class and per instrument."""
        from aikg.stats import class_counts, instrument_counts

        try:
            graph = built_graph(files)
        except AikgError as error:
            raise fail(error) from None
        print(f"{len(graph)} triples\n\nPer class:")
        for name, count in sorted(class_counts(graph).items()):
            print(f"  {name:<32} {count:>6}")
        print("\nPer instrument:")
        for instrument, counts in sorted(instrument_counts(graph).items()):
            summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
            print(f"  {instrument}\n      {summary}")


def built_lines() -> list[str]:
    """The lines of dist/aikg.nt (sorted N-Triples), building first if missing."""
    from aikg.build import build

    merged = settings().dist_dir / "aikg.nt"
    if not merged.is_file():
        build(settings())
    return merged.read_text(encoding="utf-8").splitlines()


def built_graph_ontology() -> Graph:
    """The ontology alone, for validating loose files against the class hierarchy."""
    from aikg.graphio import load_files, turtle_files

    return load_files(turtle_files(settings().ontology_dir))
