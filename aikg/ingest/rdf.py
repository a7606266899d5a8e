"""Write an extracted Plan as RDF with the IRIs, classes and properties of docs/MODEL.md.

Every instrument, section, item, task, appendix row, reporting obligation, timeframe, product, draft,
recipient and signatory gets aikg:sourceDocument / sourceLine / sourceLineEnd / sourceText. Nodes that
data/ already describes (agencies, instruments, drafts, places, source documents) are referred to,
not described again.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from aikg.config import DEFAULT_BASE
from aikg.ingest.agencies import KIND_ENGLISH
from aikg.ingest.knowledge import Knowledge
from aikg.ingest.model import AgencyField, AgencyRef, InstrumentRef, Plan, PlanItem, Span, TaskFields
from aikg.ingest.reader import SourceText
from aikg.ingest.tasks import segment_path
from aikg.ingest.text import slugify, strip_diacritics
from aikg.namespaces import AIKG, bind_prefixes

_PLACE_CLASS = {"phường": AIKG.WardOrCommune, "xã": AIKG.WardOrCommune, "đặc khu": AIKG.SpecialZone}
_CLASS_BY_KIND = {"luat": AIKG.Law, "nd": AIKG.Decree, "qd": AIKG.Decision, "tt": AIKG.Circular}
_EN_KIND = {"luat": "Law", "nd": "Decree", "qd": "Decision", "tt": "Circular", "nq": "Resolution",
            "ct": "Directive", "other": "Instrument"}
_FREQUENCY_EN = {"semiannual": "Semiannual report", "annual": "Annual report", "ad-hoc": "Ad hoc report",
                 "urgent": "Urgent report", None: "Report"}


def iri(path: str) -> URIRef:
    return URIRef(DEFAULT_BASE + path)


def row_segment(number: str) -> str:
    """An appendix row's IRI segment: 'II.3' → 'II/3'; a rowspan row '1+1' keeps its '+'; "'" → '-bis'."""
    return number.replace(".", "/").replace("'", "-bis")


def plan_iri(plan: Plan) -> URIRef:
    """`eli/vn/{place}/kh/{year}/{number}` for a local plan (`qd` when a local decision issues it);
    `eli/vn/qd/{year}/{number}` (or `kh`) for a national one (docs/MODEL.md)."""
    slug = slugify(plan.number) if plan.number else "du-thao"
    kind = "qd" if plan.number and "/QĐ" in plan.number.upper() else "kh"
    where = "" if plan.place == "vn" else f"{plan.place}/"
    return iri(f"eli/vn/{where}{kind}/{plan.year or 'unknown'}/{slug}")


class _Writer:
    def __init__(self, plan: Plan, source: SourceText, knowledge: Knowledge, source_name: str) -> None:
        self.plan = plan
        self.source = source
        self.knowledge = knowledge
        self.graph = bind_prefixes(Graph(bind_namespaces="none"))
        self.doc = iri(f"source/{source_name}")
        self.place = iri(f"place/{plan.place}")
        self.root = plan_iri(plan)
        self.name_en = self._plan_name_en()

    # -- helpers -------------------------------------------------------------------------------------
    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.graph.add((s, p, o))

    def labels(self, node: URIRef, vi: str, en: str) -> None:
        self.add(node, RDFS.label, Literal(vi, lang="vi"))
        self.add(node, RDFS.label, Literal(en, lang="en"))

    def provenance(self, node: URIRef, span: Span) -> None:
        self.add(node, AIKG.sourceDocument, self.doc)
        self.add(node, AIKG.sourceLine, Literal(span.first))
        if span.last > span.first:
            self.add(node, AIKG.sourceLineEnd, Literal(span.last))
        self.add(node, AIKG.sourceText, Literal(self.source.span(span.first, span.last), lang="vi"))

    def _plan_name_en(self) -> str:
        what = f"plan {self.plan.number}" if self.plan.number else "draft plan"
        if self.plan.place == "vn":
            return f"national {what}"
        kind = KIND_ENGLISH.get(self.plan.place_kind or "", "City")
        return f"{self.plan.city_en} {kind} {what}"

    # -- the plan ------------------------------------------------------------------------------------
    def write(self) -> Graph:
        plan, root = self.plan, self.root
        self.add(root, RDF.type, AIKG.LocalPlan if plan.place != "vn" else AIKG.ImplementationPlan)
        if plan.plan_kind == "decision-issuing-plan":
            self.add(root, RDF.type, AIKG.Decision)
            self.add(root, RDF.type, AIKG.ImplementationPlan)
        title = plan.title or "Kế hoạch"
        self.labels(root, f"Kế hoạch {plan.number} {title[0].lower()}{title[1:]}" if plan.number and plan.title
                    else (f"Kế hoạch {title[0].lower()}{title[1:]}" if plan.title else "Kế hoạch"),
                    f"{self.name_en} implementing the AI Law")
        if plan.title:
            self.add(root, AIKG.title, Literal(plan.title, lang="vi"))
        if plan.number:
            self.add(root, AIKG.number, Literal(plan.number))
        if plan.date:
            self.add(root, AIKG.date, Literal(plan.date))
        self.add(root, AIKG.territory, self.place)
        if plan.issuer:
            self.add(root, AIKG.issuedBy, self.agency(plan.issuer))
        for ref in plan.implements:
            self.add(root, AIKG.implements, self.instrument(ref))
        for ref in plan.legal_basis:
            self.add(root, AIKG.legalBasis, self.instrument(ref))
        self.provenance(root, plan.header_span or Span(1, 1))
        self._place_and_source()
        for section in plan.sections:
            node = iri(f"{root[len(DEFAULT_BASE):]}/{section.roman}")
            self.add(node, RDF.type, AIKG.Section)
            self.labels(node, section.heading, f"Section {section.roman} of the {self.name_en}")
            self.add(node, AIKG.notation, Literal(section.roman))
            self._part(node, root)
            self.provenance(node, Span(section.line, section.line))
            for item in section.items:
                self._item(item, node)
        if plan.appendix is not None:
            self._appendix()
        for n, obligation in enumerate(plan.obligations, 1):
            self._obligation(n, obligation)
        if plan.signatory is not None:
            self._signatory()
        for n, recipient in enumerate(plan.recipients, 1):
            node = iri(f"{root[len(DEFAULT_BASE):]}/recipient/{n}")
            self.add(root, AIKG.recipient, node)
            self.add(node, RDF.type, AIKG.Recipient)
            self.add(node, RDFS.label, Literal(recipient.label, lang="vi"))
            self.add(node, RDFS.label, Literal(f"Recipient {n} of the {self.name_en}", lang="en"))
            if recipient.agency is not None:
                self.add(node, AIKG.recipientAgency, self.agency(recipient.agency))
            self.provenance(node, Span(recipient.line, recipient.line))
        self._links()
        return self.graph

    def _links(self) -> None:
        """derivesFrom for accepted links, on the task and on the appendix rows that restate it."""
        rows_by_task: dict[tuple[str, ...], list[URIRef]] = {}
        if self.plan.appendix is not None:
            appendix = f"{self.root[len(DEFAULT_BASE):]}/appendix"
            for row in self.plan.appendix.rows:
                if row.restates is not None:
                    rows_by_task.setdefault(row.restates, []).append(iri(f"{appendix}/{row_segment(row.number)}"))
        by_task: dict[tuple[str, ...], list] = {}
        for link in self.plan.links:
            if link.accepted:
                by_task.setdefault(link.task, []).append(link)
        for path, links in by_task.items():
            notes = []
            for link in links:
                for node in [self.item_iri(path), *rows_by_task.get(path, [])]:
                    self.add(node, AIKG.derivesFrom, URIRef(link.national))
                words = ", ".join(f"“{w}”" for w in link.shared) or "similar wording"
                notes.append(f"QĐ 367 {link.national_notation} (confidence {link.score:.2f}): both say {words}")
            note = "Linked automatically by wording; review. " + "; ".join(notes) + "."
            for node in [self.item_iri(path), *rows_by_task.get(path, [])]:
                self.add(node, AIKG.derivationNote, Literal(note, lang="en"))

    def _part(self, child: URIRef, parent: URIRef) -> None:
        self.add(child, AIKG.isPartOf, parent)
        self.add(parent, AIKG.hasPart, child)

    def item_iri(self, path: tuple[str, ...]) -> URIRef:
        return iri(f"{self.root[len(DEFAULT_BASE):]}/" + "/".join(segment_path(path)))

    def _item(self, item: PlanItem, parent: URIRef) -> None:
        node = self.item_iri(item.path)
        self.add(node, RDF.type, AIKG.Item)
        self._part(node, parent)
        self.add(node, AIKG.notation, Literal(item.notation))
        kind = "Task" if item.is_task else "Item"
        self.labels(node, item.heading, f"{kind} {item.notation} of the {self.name_en}")
        self.add(node, AIKG.text, Literal(item.text, lang="vi"))
        self.provenance(node, item.span)
        if item.is_funding:
            self.add(node, RDF.type, AIKG.FundingProvision)
            self.add(node, AIKG.fundingText, Literal(item.text, lang="vi"))
        if item.is_task:
            self.add(node, RDF.type, AIKG.Task)
            self.add(node, AIKG.isTaskOf, self.root)
            self.add(self.root, AIKG.hasTask, node)
        if item.fields is not None and item.is_task:
            self._fields(node, item.fields, item.notation)
        for draft in item.drafts:
            draft_node = URIRef(draft.iri)
            self.add(node, AIKG.asksForCommentOn, draft_node)
            if not draft.known:
                self.add(draft_node, RDF.type, AIKG.DraftInstrument)
                self.labels(draft_node, draft.title, f"Draft named in {item.notation} of the {self.name_en}")
                self.add(draft_node, AIKG.title, Literal(draft.title, lang="vi"))
                self.provenance(draft_node, draft.span)
        key = item.text.lower()
        for ref in item.refers:
            target = self.instrument(ref)
            prop = AIKG.concernsContinuedEffectOf if "tiếp tục hiệu lực" in key and ref.kind == "luat" \
                else AIKG.refersTo
            self.add(node, prop, target)
        for child in item.children:
            self._item(child, node)

    def _fields(self, node: URIRef, fields: TaskFields, notation: str) -> None:
        for prop, text_prop, value in ((AIKG.leadAgency, AIKG.leadAgencyText, fields.lead),
                                       (AIKG.coordinatingAgency, AIKG.coordinatingAgencyText, fields.coordinating),
                                       (AIKG.implementingAgency, AIKG.implementingAgencyText, fields.implementing)):
            if value is None:
                continue
            self._agencies(node, prop, text_prop, value)
        if fields.timeframe is not None:
            tf = iri(f"{node[len(DEFAULT_BASE):]}/timeframe")
            self.add(node, AIKG.timeframe, tf)
            self.add(tf, RDF.type, AIKG.Timeframe)
            self.labels(tf, fields.timeframe.label, fields.timeframe.label_en)
            for kind in fields.timeframe.kinds:
                self.add(tf, AIKG.timeframeKind, iri(f"timeframe-kind/{kind}"))
            if fields.timeframe.start_year:
                self.add(tf, AIKG.startYear, Literal(fields.timeframe.start_year))
            if fields.timeframe.deadline:
                self.add(tf, AIKG.deadline, Literal(fields.timeframe.deadline))
            if fields.timeframe_span:
                self.provenance(tf, fields.timeframe_span)
        if fields.product_text:
            self.add(node, AIKG.productText, Literal(fields.product_text, lang="vi"))
        for n, product in enumerate(fields.products, 1):
            p = iri(f"{node[len(DEFAULT_BASE):]}/product/{n}")
            self.add(node, AIKG.product, p)
            self.add(p, RDF.type, AIKG.Product)
            self.labels(p, product.label, f"Product {n} of {notation} of the {self.name_en}")
            self.provenance(p, product.span)

    def _agencies(self, node: URIRef, prop: URIRef, text_prop: URIRef, value: AgencyField) -> None:
        for ref in value.agencies:
            self.add(node, prop, self.agency(ref))
        self.add(node, text_prop, Literal(value.text, lang="vi"))

    # -- nodes referred to ---------------------------------------------------------------------------
    def agency(self, ref: AgencyRef) -> URIRef:
        entry = ref.entry
        if entry.iri:
            node = URIRef(entry.iri)
            known = {a.lower() for a in entry.aliases}
            if ref.surface.lower() not in known and ref.surface != entry.label_vi:
                self.add(node, SKOS.altLabel, Literal(ref.surface, lang="vi"))
            return node
        node = iri(f"agency/{'vn' if entry.national else self.plan.place}/{entry.key}")
        self.add(node, RDF.type, AIKG.Agency)
        if entry.collective:
            self.add(node, RDF.type, AIKG.AgencyCollective)
        self.labels(node, entry.label_vi, entry.label_en)
        if ref.surface != entry.label_vi:
            self.add(node, SKOS.altLabel, Literal(ref.surface, lang="vi"))
        self.add(node, AIKG.jurisdiction, iri("place/vn") if entry.national else self.place)
        if entry.kind and self.knowledge.has(f"{DEFAULT_BASE}agency-kind/{entry.kind}"):
            self.add(node, AIKG.agencyKind, iri(f"agency-kind/{entry.kind}"))
        return node

    def instrument(self, ref: InstrumentRef) -> URIRef:
        node = URIRef(ref.iri)
        if ref.known:
            return node
        self.add(node, RDF.type, _CLASS_BY_KIND.get(ref.kind, AIKG.LegalInstrument))
        self.labels(node, ref.label, f"{_EN_KIND.get(ref.kind, 'Instrument')} {ref.number}")
        self.add(node, AIKG.title, Literal(ref.label, lang="vi"))
        if ref.number:
            self.add(node, AIKG.number, Literal(ref.number))
        if ref.date:
            self.add(node, AIKG.date, Literal(ref.date))
        self.provenance(node, Span(ref.line, ref.line))
        return node

    def _place_and_source(self) -> None:
        if self.plan.place == "vn" and not self.knowledge.has(str(self.place)):
            self.add(self.place, RDF.type, AIKG.Country)
            self.labels(self.place, "Việt Nam", "Viet Nam")
        elif not self.knowledge.has(str(self.place)):
            kind = self.plan.place_kind or "thành phố"
            self.add(self.place, RDF.type, _PLACE_CLASS.get(kind, AIKG.City))
            label = self.plan.place_label or f"{kind[0].upper()}{kind[1:]} {self.plan.city}"
            self.labels(self.place, label, f"{self.plan.city_en} {KIND_ENGLISH.get(kind, 'City')}")
            self.add(self.place, DCTERMS.isPartOf, iri("place/vn"))
        if not self.knowledge.has(str(self.doc)):
            name = str(self.doc).rsplit("/", 1)[-1]
            self.add(self.doc, RDF.type, AIKG.SourceDocument)
            self.labels(self.doc, f"Tệp {name}", f"File {name}")
            self.add(self.doc, DCTERMS.identifier, Literal(name))

    # -- appendix, reporting, signature --------------------------------------------------------------
    def _appendix(self) -> None:
        appendix = self.plan.appendix
        assert appendix is not None
        node = iri(f"{self.root[len(DEFAULT_BASE):]}/appendix")
        self.add(node, RDF.type, AIKG.Appendix)
        self.labels(node, appendix.title, f"Appendix of the {self.name_en}")
        self.add(node, AIKG.notation, Literal("PL"))
        self._part(node, self.root)
        self.provenance(node, appendix.span)
        for row in appendix.rows:
            row_node = iri(f"{node[len(DEFAULT_BASE):]}/{row_segment(row.number)}")
            self.add(row_node, RDF.type, AIKG.AppendixRow)
            self._part(row_node, node)
            notation = row.notation or f"PL.{row.number}"
            self.add(row_node, AIKG.notation, Literal(notation))
            self.labels(row_node, row.text or f"Dòng {row.number}", f"Appendix row {row.number} of the {self.name_en}")
            if row.text:
                self.add(row_node, AIKG.text, Literal(row.text, lang="vi"))
            if row.restates is not None:
                item = self.item_iri(row.restates)
                self.add(row_node, AIKG.restates, item)
                self.add(item, AIKG.restatedBy, row_node)
            self.provenance(row_node, row.span)
            self._fields(row_node, row.fields, notation)

    def _obligation(self, n: int, obligation) -> None:
        node = iri(f"{self.root[len(DEFAULT_BASE):]}/report/{n}")
        self.add(self.root, AIKG.reportingObligation, node)
        self.add(node, RDF.type, AIKG.ReportingObligation)
        due = f" due {obligation.due_day}/{obligation.due_month}" if obligation.due_day else ""
        self.labels(node, obligation.label, f"{_FREQUENCY_EN[obligation.frequency]}{due}")
        for ref in obligation.reporters:
            self.add(node, AIKG.reporter, self.agency(ref))
        for ref in obligation.recipients:
            self.add(node, AIKG.reportsTo, self.agency(ref))
        if obligation.frequency:
            self.add(node, AIKG.frequency, iri(f"report-frequency/{obligation.frequency}"))
        if obligation.due_day:
            self.add(node, AIKG.dueDay, Literal(obligation.due_day))
        if obligation.due_month:
            self.add(node, AIKG.dueMonth, Literal(obligation.due_month))
        if obligation.due_text:
            self.add(node, AIKG.dueText, Literal(obligation.due_text, lang="vi"))
        if obligation.content:
            self.add(node, AIKG.reportContent, Literal(obligation.content, lang="vi"))
        self.provenance(node, obligation.span)

    def _signatory(self) -> None:
        signatory = self.plan.signatory
        assert signatory is not None
        node = iri(f"person/{slugify(signatory.name)}")
        self.add(self.root, AIKG.signedBy, node)
        # the block as signed: the capitals above the name, without Markdown bold markers
        self.add(self.root, AIKG.signatureBlock, Literal(signatory.block, lang="vi"))
        self.add(node, RDF.type, AIKG.Signatory)
        self.labels(node, signatory.name, strip_diacritics(signatory.name))
        if signatory.position:
            self.add(node, AIKG.position, Literal(signatory.position, lang="vi"))
        self.provenance(node, signatory.span)


def to_graph(plan: Plan, source: SourceText, knowledge: Knowledge, source_name: str | None = None) -> Graph:
    """The plan as an rdflib Graph (IRIs under the default data base, as data/ is written)."""
    return _Writer(plan, source, knowledge, source_name or source.path.name).write()


_ABSOLUTE = re.compile(r"<" + re.escape(DEFAULT_BASE) + r"(?!ontology)([^>]+)>")


def to_turtle(graph: Graph, header: str) -> str:
    """Turtle with data IRIs relative to `@base` (docs/MODEL.md), under a comment header."""
    text = graph.serialize(format="turtle", base=DEFAULT_BASE)
    body = _ABSOLUTE.sub(lambda m: f"<{m.group(1)}>", text)
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    return comment + body


def write_turtle(graph: Graph, path: Path, header: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_turtle(graph, header), encoding="utf-8")
    return path
