"""From a document's layout to a Plan: header facts, sections and tasks, appendix, reporting, signature.

Also decides whether the text is a plan at all, and records which lines each fact used so that the
report can list every line nothing was read from.
"""

from __future__ import annotations

import re

from aikg.config import DEFAULT_BASE
from aikg.errors import InputError
from aikg.ingest.agencies import Gazetteer
from aikg.ingest.appendix import build_appendix
from aikg.ingest.header import (
    instrument_refs,
    is_motto_or_issuer_caps,
    is_plan_title,
    issuer_from_text,
    number_and_place_date,
    parse_date,
    recipients,
    signature,
)
from aikg.ingest.knowledge import Knowledge
from aikg.ingest.layout import Block, Layout
from aikg.ingest.model import Draft, Plan, Span
from aikg.ingest.reporting import obligations
from aikg.ingest.similarity import Corpus
from aikg.ingest.tasks import build_section
from aikg.ingest.text import match_key, slugify

#: Wording similarity at which a draft named in the text is taken to be a draft data/ already describes.
DRAFT_MATCH = 0.6


class NotAPlan(InputError):
    """The text cannot be read as a plan (exit 2, naming the file and why)."""

    def __init__(self, path, reason: str) -> None:
        super().__init__(path, f"cannot be read as a plan: {reason}")


def extract(layout: Layout, plan: Plan, gazetteer: Gazetteer, knowledge: Knowledge, *,
            letterhead_issuer: bool = False) -> Plan:
    """Fill `plan` (already holding the city) from the layout; `letterhead_issuer` says whether the
    letterhead named who issued it (one of the header facts that make a text a plan without tasks)."""
    source = layout.source
    if not source.non_empty():
        raise NotAPlan(source.path, "the file has no text")
    _header(layout.header, plan, gazetteer, knowledge)
    for node in layout.sections:
        section = build_section(node, gazetteer)
        plan.sections.append(section)
        plan.placed.update(node.heading.lines)  # a heading wrapped over lines is one heading
        for item in (i for top in section.items for i in top.walk()):
            plan.placed.update(range(item.span.first, item.span.last + 1))
            for ref in instrument_refs(item.text, item.heading_line, knowledge, plan.year):
                if ref.kind != "kh":
                    item.refers.append(ref)
            item.drafts = [_draft(title, span, knowledge) for title, span in item.draft_mentions]
        # text directly under a section heading belongs to no item: it stays unplaced

    tasks = plan.tasks()
    if layout.appendix is not None:
        plan.appendix = build_appendix(layout.appendix, tasks, gazetteer)
        _appendix_heading(layout, plan, knowledge)
        for row in plan.appendix.rows:
            plan.placed.update(range(row.span.first, row.span.last + 1))
    _check_is_plan(layout, plan, letterhead_issuer)

    plan.obligations, report_lines = obligations(plan.sections, gazetteer)
    plan.placed.update(report_lines)

    plan.signatory, signed_for, used = signature(layout.signature, gazetteer)
    plan.placed.update(used)
    if plan.issuer is None and signed_for is not None:
        plan.issuer = signed_for
        plan.issuer_line = used[0] if used else None
    plan.recipients, used = recipients(layout.recipients, gazetteer)
    plan.placed.update(used)
    # lines with no words (table cell openers, rules) are layout, not facts
    plan.placed.update(layout.furniture)
    # blank lines count as placed: only lines with text can be lost
    plan.placed = {n for n in plan.placed if source.line(n).strip()}
    return plan



def _header(blocks: list[Block], plan: Plan, gazetteer: Gazetteer, knowledge: Knowledge) -> None:
    used: list[int] = []
    title_next = False
    title_lines: list[int] = []
    preamble: list[Block] = []
    for block in blocks:
        number, is_number_line, _place, when, year = number_and_place_date(block)
        if is_number_line or (year and len(block.body) < 90):
            used.extend(block.lines)
            if number:
                plan.number, plan.number_line = number, block.first
            if when:
                plan.date, plan.date_line = when, block.first
            plan.year = plan.year or year
            continue
        if is_plan_title(block):
            title_next = True
            used.extend(block.lines)
            title_lines.extend(block.lines)
            continue
        if is_motto_or_issuer_caps(block, plan.city):
            used.extend(block.lines)
            continue
        key = match_key(block.body)
        if title_next and not key.startswith(("thực hiện", "căn cứ", "để ", "nhằm")):
            plan.title = f"{plan.title} {block.body}" if plan.title else block.body
            used.extend(block.lines)
            title_lines.extend(block.lines)
            continue
        title_next = False
        if plan.title is None and key.startswith("về việc") and "kế hoạch" in key:
            plan.title = block.body  # a decision's title: 'VỀ VIỆC BAN HÀNH KẾ HOẠCH …'
            used.extend(block.lines)
            title_lines.extend(block.lines)
            continue
        if key.startswith(("thực hiện", "căn cứ", "để ", "nhằm", "triển khai")) or "ban hành" in key:
            preamble.append(block)
            used.extend(block.lines)
    for block in preamble:
        refs = instrument_refs(block.text, block.first, knowledge, plan.year)
        if match_key(block.body).startswith(("thực hiện", "triển khai")):
            plan.implements.extend(refs)
        if match_key(block.body).startswith("căn cứ"):  # "Thực hiện …" says what it implements, not its basis
            plan.legal_basis.extend(refs)
        if plan.issuer is None:
            issuer = issuer_from_text(block.text, gazetteer)
            if issuer is not None:
                plan.issuer, plan.issuer_line = issuer, block.first
    if plan.year is None:
        dates = [r.date for r in plan.implements if r.date]
        plan.year = plan.date.year if plan.date else (max(d.year for d in dates) if dates else None)
    if used:
        plan.header_span = Span.of(title_lines + [b.first for b in preamble] or used)
    plan.placed.update(used)


def _appendix_heading(layout: Layout, plan: Plan, knowledge: Knowledge) -> None:
    """'(Kèm theo Kế hoạch số: 213 /KH-UBND ngày 13 tháng 4 năm 2026 …)' gives number and date if the
    header left them out; the heading lines are part of the appendix."""
    table = layout.appendix
    assert table is not None and plan.appendix is not None
    for block in table.heading:
        plan.placed.update(block.lines)
        key = match_key(block.body)
        if "kèm theo" not in key:
            continue
        match = re.search(r"kế hoạch số\s*:?\s*(?P<num>\d+\s*/\s*[\w\-]+)", block.body, re.IGNORECASE)
        if match and plan.number is None:
            plan.number = re.sub(r"\s*/\s*", "/", match.group("num"))
            plan.number_line = block.first
        when = parse_date(block.body)
        if when and plan.date is None:
            plan.date, plan.date_line = when, block.first
            plan.year = when.year
    if table.header_line:
        plan.placed.add(table.header_line)


def _check_is_plan(layout: Layout, plan: Plan, letterhead_issuer: bool) -> None:
    """Refuse a text that is not a plan. A text whose header is a plan's or a decision's issuing one
    (a KẾ HOẠCH / QUYẾT ĐỊNH title with at least two of: issuer, number, title wording) is a plan even
    when no task can be read from it: its header facts are kept, it has zero tasks, and the gap is a
    note of the report and a SHACL finding (a plan assigns no task), never a refusal."""
    path = layout.source.path
    rows = plan.appendix.rows if plan.appendix is not None else []
    has_tasks = bool(plan.tasks()) or any(not r.fields.is_empty() for r in rows)
    if has_tasks:
        return
    if plan_header(layout, plan, letterhead_issuer):
        why = ("it has no numbered sections (I., II., …)" if not layout.sections else
               "no item states 'Cơ quan chủ trì', 'Cơ quan thực hiện', 'Thời gian thực hiện' or 'Sản phẩm', "
               "and no appendix table has such columns")
        plan.notes.append(f"no task found: {why}; the header facts are kept and the plan has zero tasks "
                          "(duties listed by agency under 'Tổ chức thực hiện' are not tasks)")
        return
    if not layout.sections:
        has_title = any(is_plan_title(b) for b in layout.header)
        raise NotAPlan(path, ("it has a 'KẾ HOẠCH' title but " if has_title else "no 'KẾ HOẠCH' title and ")
                       + "no numbered sections (I., II., …) holding tasks")
    raise NotAPlan(path, "no task found: no item states 'Cơ quan chủ trì', 'Cơ quan thực hiện', "
                         "'Thời gian thực hiện' or 'Sản phẩm', and no appendix table has such columns")


def plan_header(layout: Layout, plan: Plan, letterhead_issuer: bool) -> bool:
    """Whether the header is a plan's (KẾ HOẠCH title) or a decision's issuing a plan, with at least two of
    issuer, number and title wording: enough to cite it though no task was read."""
    titled = plan.plan_kind == "decision-issuing-plan" or any(is_plan_title(b) for b in layout.header)
    facts = [letterhead_issuer or plan.issuer is not None, plan.number is not None, bool(plan.title)]
    return titled and sum(facts) >= 2


def _draft(title: str, span: Span, knowledge: Knowledge) -> Draft:
    """A draft named in a task: the one data/ already knows by a close title, else a new one."""
    known = knowledge.drafts()
    if known:
        corpus = Corpus([t for _, t in known] + [title])
        score, iri = max((corpus.score(title, t), i) for i, t in known)
        if score >= DRAFT_MATCH:
            return Draft(iri, title, span, True)
    return Draft(f"{DEFAULT_BASE}draft/{slugify(title)}", title, span, False)
