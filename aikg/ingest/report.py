"""The report a user reads after an ingest: what was understood, what is incomplete, what was not placed.

Every non-empty line of the source is either inside the span of an extracted fact or listed under
"Not placed", so nothing is lost without a word.
"""

from __future__ import annotations

from collections.abc import Iterable

from aikg.config import DEFAULT_BASE
from aikg.ingest import IngestResult
from aikg.ingest.model import AgencyField, Plan, PlanItem, TaskFields


def _short(iri: str) -> str:
    return iri[len(DEFAULT_BASE):] if iri.startswith(DEFAULT_BASE) else iri


def _agencies(field: AgencyField | None) -> str:
    return ", ".join(a.entry.label_vi for a in field.agencies) if field and field.agencies else "—"


def _task_line(label: str, span: str, fields: TaskFields) -> list[str]:
    tf = fields.timeframe
    time = f"{tf.label} [{', '.join(tf.kinds) or '?'}{f', from {tf.start_year}' if tf.start_year else ''}]" \
        if tf else "—"
    lines = [f"  {label:<8} lines {span}"]
    if fields.lead or not fields.implementing:
        lines.append(f"      lead:         {_agencies(fields.lead)}")
    if fields.coordinating:
        lines.append(f"      coordinating: {_agencies(fields.coordinating)}")
    if fields.implementing and fields.implementing.agencies:
        lines.append(f"      implementing: {_agencies(fields.implementing)}")
    lines.append(f"      timeframe:    {time}")
    lines.append(f"      products:     {len(fields.products) or '—'}"
                 + (f"  ({'; '.join(p.label for p in fields.products)})" if fields.products else ""))
    return lines


def incomplete(plan: Plan) -> list[str]:
    """Gaps a reader should know of, in the plan's own terms (SHACL says the same in the graph's)."""
    out = []
    if plan.number is None:
        out.append("plan: no number (số hiệu) in the text")
    if plan.date is None:
        out.append("plan: no date (ngày ban hành) in the text")
    if not plan.implements:
        out.append("plan: does not say which instrument it implements ('Thực hiện Quyết định số …')")
    if plan.signatory is None:
        out.append("plan: no signatory found")
    for task in plan.tasks():
        f = task.fields
        assert f is not None
        if not (f.lead and f.lead.agencies):
            out.append(f"{task.notation}: no lead agency (cơ quan chủ trì)"
                       + (" — only implementing agencies (cơ quan thực hiện)" if f.implementing else ""))
        if f.timeframe is None:
            out.append(f"{task.notation}: no timeframe (thời gian thực hiện)")
        if not f.products:
            out.append(f"{task.notation}: no product (sản phẩm)")
    for item in _section_items(plan, "tasks"):
        if not item.is_task and not item.children and not item.drafts:
            out.append(f"{item.notation}: an item of the task section with no task fields — not read as a task")
    if plan.appendix is not None:
        for row in plan.appendix.rows:
            if row.restates is None:
                out.append(f"appendix row {row.number}: matches no body task by wording")
            if not (row.fields.lead and row.fields.lead.agencies):
                out.append(f"appendix row {row.number}: no lead agency")
    return out


def _section_items(plan: Plan, kind: str) -> Iterable[PlanItem]:
    for section in plan.sections:
        if section.kind == kind:
            stack = list(section.items)
            while stack:
                item = stack.pop(0)
                yield item
                stack[0:0] = item.children


def unmatched_agency_text(plan: Plan) -> list[str]:
    out = []
    rows = plan.appendix.rows if plan.appendix else []
    labelled = [(t.notation, t.fields) for t in plan.tasks()]
    labelled += [(r.notation or f"PL.{r.number}", r.fields) for r in rows]
    for label, fields in labelled:
        for name in ("lead", "coordinating", "implementing"):
            field = getattr(fields, name) if fields else None
            for text in field.unmatched if field else []:
                out.append(f"{label} {name}: {text}")
            for text in field.new if field else []:
                out.append(f"{label} {name}: new agency: {text}")
    return out


def render(result: IngestResult, out_path: str | None = None) -> str:
    plan, source = result.plan, result.source
    lines = [f"Ingested {source.path} ({source.kind}, {len(source.lines)} lines, {len(source.non_empty())} with text)"
             f" as the plan of {plan.city} <{_short(DEFAULT_BASE + 'place/' + plan.place)}>"]
    lines.append(f"Plan <{_short(str(result.plan_iri))}>")
    lines.append(f"  number:     {plan.number or '— (blank in the text)'}"
                 + (f"  (line {plan.number_line})" if plan.number_line else ""))
    lines.append(f"  date:       {plan.date.isoformat() if plan.date else '— (blank in the text)'}"
                 + (f"  (line {plan.date_line})" if plan.date_line else ""))
    lines.append(f"  title:      {plan.title or '—'}")
    lines.append(f"  issued by:  {plan.issuer.entry.label_vi if plan.issuer else '—'}")
    lines.append("  implements: " + (", ".join(f"{r.number} (line {r.line})" for r in plan.implements) or "—"))
    if plan.signatory:
        lines.append(f"  signed by:  {plan.signatory.name}, {plan.signatory.position or '?'}"
                     f" (lines {plan.signatory.span})")

    tasks = plan.tasks()
    items = plan.items()
    rows = plan.appendix.rows if plan.appendix else []
    agencies = {a.entry.key for t in tasks for f in (t.fields.lead, t.fields.coordinating, t.fields.implementing)
                if f for a in f.agencies}
    drafts = [d for t in tasks for d in t.drafts]
    lines.append("")
    lines.append(f"Extracted: {len(plan.sections)} sections, {len(items)} items, {len(tasks)} tasks, "
                 f"{len(rows)} appendix rows, {len(agencies)} agencies in tasks, "
                 f"{sum(len(t.fields.products) for t in tasks)} task products, {len(plan.obligations)} reporting "
                 f"obligations, {len(plan.recipients)} recipients, {len(drafts)} drafts for comment, "
                 f"{len(result.graph)} triples")
    lines.append("")
    lines.append("Tasks:")
    for task in tasks:
        assert task.fields is not None
        lines.extend(_task_line(task.notation, str(task.span), task.fields))
        for draft in task.drafts:
            lines.append(f"      asks comments on: {draft.title} (line {draft.span})")
    if rows:
        lines.append("")
        lines.append("Appendix rows:")
        for row in rows:
            restates = f"restates {'.'.join(row.restates)} (wording similarity {row.restate_score:.2f})" \
                if row.restates else "restates no body task"
            lines.extend(_task_line(row.notation or f"PL.{row.number}", str(row.span), row.fields))
            lines.append(f"      {restates}")
    if plan.obligations:
        lines.append("")
        lines.append("Reporting obligations:")
        for obligation in plan.obligations:
            who = ", ".join(a.entry.label_vi for a in obligation.reporters) or "?"
            to = ", ".join(a.entry.label_vi for a in obligation.recipients) or "?"
            due = f", due {obligation.due_day}/{obligation.due_month}" if obligation.due_day else ""
            lines.append(f"  lines {obligation.span}: {who} → {to}: {obligation.frequency or '?'}{due}")
    lines.append("")
    if plan.links:
        lines.append("Links to QĐ 367 tasks (by wording; review them — only accepted ones are written):")
        for link in plan.links:
            mark = "linked " if link.accepted else "weak   "
            lines.append(f"  {mark} {'.'.join(link.task):<8} → {link.national_notation:<8} confidence "
                         f"{link.score:.2f}  shared: {', '.join(link.shared)}")
    else:
        lines.append("Links to QĐ 367 tasks: none")
    gaps = incomplete(plan)
    lines.append("")
    lines.append(f"Incomplete ({len(gaps)}):")
    lines.extend(f"  {gap}" for gap in gaps)
    unknown = unmatched_agency_text(plan)
    if unknown:
        lines.append("")
        lines.append("Agency text not in the gazetteer (review):")
        lines.extend(f"  {u}" for u in unknown)
    lines.append("")
    lines.append(f"Not placed ({len(result.unplaced)} of {len(source.non_empty())} lines with text):")
    for number in result.unplaced:
        lines.append(f"  line {number}: {source.line(number).strip()[:160]}")
    for note in result.notes:
        lines.append(f"Note: {note}")
    if result.validation is not None:
        from aikg.validate import format_report

        lines.append("")
        lines.append("SHACL validation of the ingested nodes (with ontology and data/):")
        lines.append(format_report(result.validation).rstrip())
    else:
        lines.append("")
        lines.append("SHACL validation: skipped (no shapes/)")
    if out_path:
        lines.append("")
        lines.append(f"Written {out_path}")
    return "\n".join(lines) + "\n"
