"""Score `aikg ingest` on the development corpus: per plan and in total, per field P / R / invented.

    .venv/bin/python bench/score_ingest.py [--labels DIR] [--isolated] [PLAN-STEM …]

Labels: tests/fixtures/plans/labels/*.yaml (see their README). A plan the ingester refuses scores 0
recall; its refusal is printed under its table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aikg.ingest.scoring import (  # noqa: E402
    HEADER_FACTS,
    TASK_FIELDS,
    Count,
    PlanScore,
    load_labels,
    run_ingest,
    score,
    total,
)

ROWS = (*HEADER_FACTS, "tasks", *TASK_FIELDS)


def _pct(value: float | None) -> str:
    return "   –" if value is None else f"{100 * value:3.0f}%"


def table(counts: dict[str, Count]) -> str:
    """One line per header fact and task field."""
    lines = [f"  {'field':<13} {'label':>5} {'got':>5} {'right':>5} {'P':>5} {'R':>5} {'invented':>8}"]
    for key in ROWS:
        c = counts[key]
        lines.append(f"  {key:<13} {c.expected:5d} {c.extracted:5d} {c.correct:5d} {_pct(c.precision):>5} "
                     f"{_pct(c.recall):>5} {c.invented:8d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", help="plan stems to score (default: all labelled plans)")
    parser.add_argument("--labels", type=Path, default=ROOT / "tests/fixtures/plans/labels")
    parser.add_argument("--isolated", action="store_true", help="ignore data/ (built-in gazetteer only)")
    args = parser.parse_args(argv)

    from aikg.config import settings
    from aikg.ingest.knowledge import Knowledge

    knowledge = Knowledge.empty() if args.isolated else Knowledge.load(settings().data_dir)
    files = sorted(args.labels.glob("*.yaml"))
    if args.plans:
        files = [f for f in files if f.stem in args.plans]
    scores: list[PlanScore] = []
    for path in files:
        labels = load_labels(path)
        got = run_ingest(args.labels.parent / labels.file, labels, knowledge)
        plan = score(labels, got, path.stem)
        scores.append(plan)
        print(f"\n{plan.name}" + (f"  (fields scored: {', '.join(labels.complete_fields)})"))
        print(table(plan.counts))
        if plan.refused:
            print(f"  REFUSED: {plan.refused}")
    sums = total(scores)
    refused = sum(1 for s in scores if s.refused)
    print(f"\nTOTAL over {len(scores)} plans ({refused} refused)")
    print(table(sums))
    header_right = sum(sums[k].correct for k in HEADER_FACTS)
    header_all = sum(sums[k].expected for k in HEADER_FACTS)
    print(f"\n  header facts right: {header_right}/{header_all}; invented facts: "
          f"{sum(c.invented for c in sums.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
