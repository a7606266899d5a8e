"""`aikg ingest --review`: an HTML page per plan with the source text beside what was extracted, each
line coloured by the fact it fed (header, section, task, lead, coordinating, timeframe, product, appendix
row, reporting, signature, recipients), layout-only lines grey and unplaced lines red."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from aikg.ingest import IngestResult
from aikg.ingest.model import AgencyField, Span, TaskFields

LEGEND = ("header", "section", "item", "task", "lead", "coordinating", "implementing", "timeframe", "product",
          "row", "report", "signature", "recipient", "furniture", "unplaced")


@dataclass
class ReviewLine:
    number: int
    text: str
    kind: str = ""
    fact: str = ""


def _names(agency_field: AgencyField | None) -> str:
    return ", ".join(a.surface for a in agency_field.agencies) if agency_field else ""


def _task(notation: str, span: Span, fields: TaskFields | None) -> dict:
    fields = fields or TaskFields()
    return {"notation": notation, "span": str(span), "first": span.first, "lead": _names(fields.lead),
            "coordinating": _names(fields.coordinating), "implementing": _names(fields.implementing),
            "timeframe": fields.timeframe.label if fields.timeframe else "",
            "product": fields.product_text or ""}


def _mark(lines: dict[int, ReviewLine], span: Span | None, kind: str, fact: str = "") -> None:
    if span is None:
        return
    for n in range(span.first, span.last + 1):
        if n in lines and lines[n].text.strip():
            lines[n].kind, lines[n].fact = kind, fact or lines[n].fact


def review_lines(result: IngestResult) -> list[ReviewLine]:
    """Every line of the source with the fact it fed (the innermost fact wins)."""
    plan, source = result.plan, result.source
    lines = {n: ReviewLine(n, text) for n, text in enumerate(source.lines, 1)}
    _mark(lines, plan.header_span, "header", "header")
    for n in (plan.number_line, plan.date_line, plan.issuer_line):
        if n:
            _mark(lines, Span(n, n), "header", "header")
    for section in plan.sections:
        _mark(lines, Span(section.line, section.line), "section", section.roman)
    for item in plan.items():
        _mark(lines, item.span, "task" if item.is_task else "item", item.notation)
        fields = item.fields
        if fields is not None and item.is_task:
            for kind in ("lead", "coordinating", "implementing"):
                agency_field = getattr(fields, kind)
                _mark(lines, agency_field.span if agency_field else None, kind, f"{item.notation} {kind}")
            _mark(lines, fields.timeframe_span, "timeframe", f"{item.notation} timeframe")
            for product in fields.products:
                _mark(lines, product.span, "product", f"{item.notation} product")
    for row in plan.appendix.rows if plan.appendix else []:
        _mark(lines, row.span, "row", row.notation or row.number)
    for obligation in plan.obligations:
        _mark(lines, obligation.span, "report", "reporting")
    if plan.signatory:
        _mark(lines, plan.signatory.span, "signature", "signature")
    for recipient in plan.recipients:
        _mark(lines, Span(recipient.line, recipient.line), "recipient", "recipient")
    for n in result.furniture:
        lines[n].kind = "furniture"
    for n in result.unplaced:
        lines[n].kind, lines[n].fact = "unplaced", "not placed"
    return list(lines.values())


def write_review(result: IngestResult, target: Path) -> Path:
    """The review page of one ingest, written to TARGET."""
    plan = result.plan
    environment = Environment(loader=PackageLoader("aikg.ingest", "templates"), autoescape=select_autoescape())
    tasks = [_task(t.notation, t.span, t.fields) for t in plan.tasks()]
    tasks += [_task(r.notation or f"PL.{r.number}", r.span, r.fields) for r in (plan.appendix.rows if plan.appendix
                                                                                  else [])]
    header = [("plan", str(result.plan_iri)), ("issuer", plan.issuer.surface if plan.issuer else None),
              ("number", plan.number), ("date", plan.date.isoformat() if plan.date else None),
              ("title", plan.title), ("signer", plan.signatory.name if plan.signatory else None),
              ("kind", plan.plan_kind)]
    page = environment.get_template("review.html").render(
        name=result.source.path.name, legend=LEGEND, lines=review_lines(result), header=header,
        tasks=tasks, unplaced=len(result.unplaced))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
