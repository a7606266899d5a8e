"""`aikg query`, `trace`, `coverage` and `calendar`: the questions researchers ask of the built graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from aikg.commands import fail
from aikg.config import settings
from aikg.errors import AikgError


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the CLI."""

    @app.command("query")
    def query_command(
        name: Annotated[str | None, typer.Argument(help="A named query (see the list without NAME) or a .rq file.")]
        = None,
        param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value; IRIs as <…>, http…, "
                                                        "or a CURIE such as id:eli/vn/qd/2026/367-qd-ttg.")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json (SPARQL results JSON).")]
        = "table",
    ) -> None:
        """Run a named SPARQL query on the build, with its parameters bound as RDF terms."""
        from aikg import query as q

        config = settings()
        if fmt not in q.FORMATTERS:
            raise fail(q.QueryError(f"unknown format {fmt!r}: use table, csv or json"))
        try:
            if name is None:
                print(_list_queries(q.named_queries(config)), end="")
                return
            named = q.find_query(name, config)
            bindings = q.parse_bindings(param or [], named, config.base)
            graph = q.load_graph(config)
            result = q.run(graph, named, bindings)
        except AikgError as error:
            raise fail(error) from None
        sys.stdout.write(q.format_result(result, fmt, config.base))

    @app.command("trace")
    def trace_command(
        thing: Annotated[str, typer.Argument(help="An IRI, an instrument number (367/QĐ-TTg, '213/KH-UBND II.4') "
                                             "or part of a label.")],
        direction: Annotated[str, typer.Option("--direction", "-d", help="up, down or both.")] = "both",
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Draw the trace to FILE.svg, .png or .pdf.")]
        = None,
    ) -> None:
        """Print how THING traces up to the AI Law and down to the tasks that carry it out."""
        from aikg import trace as t
        from aikg.query import load_graph

        config = settings()
        if direction not in ("up", "down", "both"):
            raise fail(t.NotFound(f"unknown direction {direction!r}: use up, down or both"))
        try:
            graph = load_graph(config)
            root = t.resolve(graph, thing, config.base)
            trees, all_edges = t.trace(graph, root, direction)
            for way, tree in trees.items():
                print(f"{'Up to the law' if way == 'up' else 'Down to the tasks'}:")
                print(t.render_tree(graph, tree, way, config.base))
            if not all_edges:
                print(f"{t.name(graph, root)}: nothing traces to or from it.")
            if out is not None:
                print(f"Drawn to {t.draw(graph, root, all_edges, out)}")
        except AikgError as error:
            raise fail(error) from None

    @app.command("coverage")
    def coverage_command(
        out: Annotated[Path | None, typer.Option("--out", "-o", help="A folder (coverage.png, .svg and .html), "
                                                 "or one FILE.png, .svg, .pdf or .html.")] = None,
    ) -> None:
        """Print which tasks of QĐ 367 involving the provinces each city plan covers, and by which task."""
        from aikg import coverage as c
        from aikg.query import load_graph

        config = settings()
        try:
            matrix = c.coverage_matrix(load_graph(config), config)
            print(c.render_text(matrix), end="")
            for path in c.write_outputs(matrix, out) if out is not None else []:
                print(f"Written {path}")
        except AikgError as error:
            raise fail(error) from None

    @app.command("calendar")
    def calendar_command(
        year: Annotated[int, typer.Option("--year", "-y", help="The year whose deadlines to write.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="The .ics file to write.")],
    ) -> None:
        """Write the plans' dated reporting deadlines for YEAR as an iCalendar file."""
        from aikg import calendar as cal
        from aikg.query import load_graph

        config = settings()
        try:
            deadlines = cal.deadlines(load_graph(config), config)
            path = cal.write_ics(deadlines, year, out)
        except AikgError as error:
            raise fail(error) from None
        dated = [d for d in deadlines if d.dated]
        for deadline in dated:
            print(f"{year}-{deadline.month:02d}-{deadline.day:02d}  {deadline.summary}")
        undated = len(deadlines) - len(dated)
        print(f"{len(dated)} deadlines written to {path}" + (f"; {undated} obligations have no fixed date "
                                                            "(urgent or on request) and are not in it" if undated
                                                            else ""))


def _list_queries(queries: list) -> str:
    lines = []
    for query in queries:
        params = " ".join(f"--param {p.name}=…" for p in query.params)
        lines.append(f"{query.name:<28} {query.title}" + (f"   [{params}]" if params else ""))
    return "\n".join(lines) + "\n"
