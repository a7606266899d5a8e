"""`aikg ingest DIR`: every plan of a folder, one Turtle file each, and one summary table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aikg.errors import AikgError
from aikg.ingest.reader import SUFFIXES

#: Wording similarity from which a link to a national task is reported as high confidence.
HIGH_CONFIDENCE = 0.5


@dataclass
class BatchLine:
    """One plan's line of the summary (or why it was refused)."""

    name: str
    tasks: int = 0
    rows: int = 0
    incomplete: int = 0
    unplaced: int = 0
    links_high: int = 0
    links_accepted: int = 0
    links_weak: int = 0
    refused: str | None = None
    out: Path | None = None


def plan_files(folder: Path) -> list[Path]:
    """The files of FOLDER the ingester reads, by name (README files are not plans)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.stem.lower().startswith("readme"))


def summarise(result, out: Path | None) -> BatchLine:
    from aikg.ingest.report import incomplete

    plan = result.plan
    links = plan.links
    return BatchLine(
        name=result.source.path.name, tasks=len(plan.tasks()), rows=len(plan.appendix.rows) if plan.appendix else 0,
        incomplete=len(incomplete(plan)), unplaced=len(result.unplaced),
        links_high=sum(1 for link in links if link.accepted and link.score >= HIGH_CONFIDENCE),
        links_accepted=sum(1 for link in links if link.accepted and link.score < HIGH_CONFIDENCE),
        links_weak=sum(1 for link in links if not link.accepted), out=out)


def refused(path: Path, error: AikgError) -> BatchLine:
    return BatchLine(name=path.name, refused=str(error).split(": ", 1)[-1])


def render_table(lines: list[BatchLine]) -> str:
    """The summary: one row per plan, totals last."""
    width = max([len(line.name) for line in lines] + [4])
    head = (f"{'plan':<{width}}  {'tasks':>5}  {'rows':>5}  {'incomplete':>10}  {'unplaced':>8}  "
            f"{'links ≥' + str(HIGH_CONFIDENCE):>10}  {'linked':>6}  {'weak':>4}")
    out = [head, "-" * len(head)]
    for line in lines:
        if line.refused:
            out.append(f"{line.name:<{width}}  refused: {line.refused}")
            continue
        out.append(f"{line.name:<{width}}  {line.tasks:>5}  {line.rows:>5}  {line.incomplete:>10}  "
                   f"{line.unplaced:>8}  {line.links_high:>10}  {line.links_accepted:>6}  {line.links_weak:>4}")
    read = [line for line in lines if not line.refused]
    out.append("-" * len(head))
    out.append(f"{'total':<{width}}  {sum(x.tasks for x in read):>5}  {sum(x.rows for x in read):>5}  "
               f"{sum(x.incomplete for x in read):>10}  {sum(x.unplaced for x in read):>8}  "
               f"{sum(x.links_high for x in read):>10}  {sum(x.links_accepted for x in read):>6}  "
               f"{sum(x.links_weak for x in read):>4}")
    out.append(f"{len(read)} of {len(lines)} files read as plans")
    return "\n".join(out) + "\n"
