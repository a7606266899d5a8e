"""Appendix rows as task-like records, each matched to the body item it restates.

The table restates the body's tasks in its own words (Huế row 6 says "Xây dựng" where item II.3.c says
"Áp dụng"), so rows are matched to tasks by wording, one to one, best pairs first.
"""

from __future__ import annotations

from aikg.ingest.agencies import Gazetteer
from aikg.ingest.fields import split_roles
from aikg.ingest.layout import Appendix as TableLayout
from aikg.ingest.model import Appendix, PlanItem, Product, Row, Span, TaskFields
from aikg.ingest.similarity import Corpus
from aikg.ingest.tasks import agency_field, split_products
from aikg.ingest.text import clean, trim_value
from aikg.ingest.timeframes import normalise

#: Below this wording similarity a row is not said to restate any body item.
RESTATE_THRESHOLD = 0.2


def build_appendix(table: TableLayout, tasks: list[PlanItem], gazetteer: Gazetteer) -> Appendix:
    heading_lines = [b.first for b in table.heading] + ([table.header_line] if table.header_line else [])
    titles = [b.body for b in table.heading if not b.body.startswith("(") and clean(b.body).upper() != "PHỤ LỤC"]
    appendix = Appendix(title=titles[0] if titles else "Phụ lục", span=Span.of(heading_lines or [1]))
    for table_row in table.rows:
        span = Span.of(table_row.lines)
        cells = table_row.cells
        fields = TaskFields()
        if cells.get("lead"):
            roles = split_roles(cells["lead"])  # "Sở KH&CN chủ trì hướng dẫn; các sở … thực hiện"
            fields.lead = agency_field(roles.lead or cells["lead"], span, gazetteer, text=cells["lead"])
        if cells.get("coordinating"):
            fields.coordinating = agency_field(cells["coordinating"], span, gazetteer)
        if cells.get("implementing"):
            fields.implementing = agency_field(cells["implementing"], span, gazetteer)
        if cells.get("timeframe"):
            fields.timeframe = normalise(cells["timeframe"])
            fields.timeframe_span = span
        if cells.get("product"):
            fields.product_text = trim_value(cells["product"])
            fields.products = [Product(p, span) for p in split_products(cells["product"])]
        appendix.rows.append(Row(table_row.number, cells.get("task", ""), span, fields,
                                 notation=table_row.notation or f"PL.{table_row.number}"))
    _match_rows(appendix.rows, tasks)
    return appendix


def _match_rows(rows: list[Row], tasks: list[PlanItem]) -> None:
    """Greedy one-to-one matching on wording similarity (ties go to the pair closer in order)."""
    if not rows or not tasks:
        return
    corpus = Corpus([t.text for t in tasks] + [r.text for r in rows])
    pairs = []
    for i, row in enumerate(rows):
        for j, task in enumerate(tasks):
            pairs.append((corpus.score(row.text, task.heading + "\n" + task.text), -abs(i - j), i, j))
    taken_rows: set[int] = set()
    taken_tasks: set[int] = set()
    for score, _order, i, j in sorted(pairs, reverse=True):
        if score < RESTATE_THRESHOLD or i in taken_rows or j in taken_tasks:
            continue
        rows[i].restates = tasks[j].path
        rows[i].restate_score = round(score, 2)
        taken_rows.add(i)
        taken_tasks.add(j)
