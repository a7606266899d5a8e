"""`aikg synth`: synthetic provincial and ministry plans, to measure the pipeline and the queries at scale."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the synth command to the CLI."""

    @app.command("synth")
    def synth_command(
        plans: Annotated[int, typer.Option("--plans", "-n", min=1, help="How many plans to write.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder that gets data/ (Turtle) and sources/ "
                                          "(the plans' texts): a project copy, or a folder to copy from.")],
        seed: Annotated[int, typer.Option("--seed", "-s", help="Same seed, same bytes.")] = 0,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    ) -> None:
        """Write N synthetic plans (invented places and ministries, marked synthetic) in the ontology of data/,
        each with its source text, so that `aikg build`, `validate` and every named query run on them."""
        from aikg.synth import write_synthetic

        result = write_synthetic(plans, seed, out, quiet=quiet)
        ministries = sum(1 for p in result.plans if p.kind == "ministry")
        rows = sum(p.appendix_rows for p in result.plans)
        print(f"{len(result.plans)} plans ({len(result.plans) - ministries} provincial, {ministries} ministry), "
              f"{result.task_count} tasks, {rows} appendix rows → {out / 'data'}, {out / 'sources'}")
