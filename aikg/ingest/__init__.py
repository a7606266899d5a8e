"""Turn a plan's text (.txt, .docx, .pdf) into RDF in the project's ontology, with provenance per fact.

The stages, one module each: `reader` (lines) → `layout` (sections, items, table) → `extract` with
`tasks`, `fields`, `agencies`, `timeframes`, `appendix`, `reporting`, `header` (a `model.Plan`) →
`linking` (to QĐ 367) → `rdf` (a Graph) → SHACL validation → `report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from aikg.config import DEFAULT_BASE, Settings, settings
from aikg.ingest.agencies import Gazetteer, new_entry
from aikg.ingest.extract import NotAPlan, extract
from aikg.ingest.header import place_label
from aikg.ingest.issuer import Issuer, find_issuer, is_decision
from aikg.ingest.knowledge import Knowledge
from aikg.ingest.layout import parse
from aikg.ingest.linking import DEFAULT_THRESHOLD, link_tasks
from aikg.ingest.model import AgencyRef, Plan
from aikg.ingest.rdf import plan_iri, to_graph
from aikg.ingest.reader import SourceText, read_source
from aikg.ingest.text import clean, slugify

__all__ = ["IngestResult", "NotAPlan", "ingest"]


@dataclass
class IngestResult:
    """What one ingest produced: the source lines, the plan understood, its graph and its checks."""

    source: SourceText
    plan: Plan
    graph: Graph
    plan_iri: URIRef
    unplaced: list[int]
    validation: object | None = None  # aikg.validate.ValidationReport, for the ingested nodes
    notes: list[str] = field(default_factory=list)
    furniture: list[int] = field(default_factory=list)  # lines with no words (`|`, rules): layout only


def ingest(path: Path, city: str | None = None, *, config: Settings | None = None,
           knowledge: Knowledge | None = None, link_threshold: float = DEFAULT_THRESHOLD,
           source_name: str | None = None, validate: bool = True) -> IngestResult:
    """Read FILE as a plan (of CITY when given, else of the place its letterhead names); raise
    InputError/NotAPlan (exit 2) if it is unreadable or not a plan."""
    config = config or settings()
    knowledge = knowledge if knowledge is not None else Knowledge.load(config.data_dir)
    source = read_source(Path(path))
    layout = parse(source)
    issuer = find_issuer(layout.header, knowledge.places())
    plan = _plan_for_place(source, layout, city, issuer)
    plan.plan_kind = "decision-issuing-plan" if is_decision(layout.header) else "plan"
    gazetteer = Gazetteer.builtin(plan.city, plan.city_en, knowledge.agencies(f"{DEFAULT_BASE}place/{plan.place}"),
                                  kind=plan.place_kind)
    extract(layout, plan, gazetteer, knowledge, letterhead_issuer=issuer is not None)
    if issuer is not None:
        entry = gazetteer.lookup(issuer.name or issuer.surface) or new_entry(issuer.name or issuer.surface)
        plan.issuer, plan.issuer_line = AgencyRef(entry, issuer.surface), issuer.lines[0]
        plan.issuer_kind = issuer.kind
        plan.placed.update(issuer.lines)
        if issuer.place_name and not issuer.known_place:
            plan.notes.append(f"the place {issuer.place_name!r} ({issuer.place_kind}) is not in the gazetteer of "
                              "places (data/places-vn.ttl): kept as the letterhead writes it")
    plan.links = link_tasks(plan.tasks(), knowledge.national_tasks(), link_threshold)
    if not knowledge.national_tasks():
        plan.notes.append("no national tasks (aikg:NationalTask of QĐ 367) in data/: tasks were not linked")
    graph = to_graph(plan, source, knowledge, source_name)
    unplaced = [n for n in source.non_empty() if n not in plan.placed]
    result = IngestResult(source, plan, graph, plan_iri(plan), unplaced, notes=list(plan.notes),
                          furniture=list(layout.furniture))
    if validate:
        result.validation = _validate(graph, knowledge, config, str(result.plan_iri))
    return result


def _plan_for_place(source: SourceText, layout, city: str | None, issuer: Issuer | None) -> Plan:
    """An empty Plan of the place given (--city) or named by the letterhead; national for the Government,
    the Prime Minister and ministries."""
    if city is None:
        if issuer is None:
            raise NotAPlan(source.path, "its letterhead names no issuer ('ỦY BAN NHÂN DÂN TỈNH …', 'BỘ …', "
                                        "'THỦ TƯỚNG CHÍNH PHỦ'): say whose plan it is with --city")
        if issuer.place_name is None:
            return Plan(city="Việt Nam", city_en="Viet Nam", place="vn", place_label=None, place_kind=None)
        kind = issuer.place_kind or "thành phố"
        return Plan(city=issuer.place_name, city_en=issuer.place_name, place=issuer.place_slug,
                    place_label=f"{kind[0].upper()}{kind[1:]} {issuer.place_name}", place_kind=kind)
    place = slugify(city)
    if not place:
        raise NotAPlan(source.path, f"--city {city!r} gives no usable place name")
    label, name = place_label([b.text for b in layout.header] + list(source.lines), place)
    display = name or (clean(city) if clean(city) != place else " ".join(w.capitalize() for w in place.split("-")))
    kind = (issuer.place_kind if issuer is not None and issuer.place_slug == place else None) \
        or ("tỉnh" if label and label.lower().startswith("tỉnh") else "thành phố")
    plan = Plan(city=display, city_en=display, place=place, place_label=label, place_kind=kind)
    if label is None:
        plan.notes.append(f"the text never names the city {display!r} ('thành phố …' / 'tỉnh …'): check --city")
    return plan


def _validate(graph: Graph, knowledge: Knowledge, config: Settings, plan: str):
    """SHACL over the ingested graph in context (ontology + data/), findings kept for ingested nodes only.

    A version of the same plan already in data/ is left out of the context: merged, two versions would
    break the one-value rules (one source line, one timeframe) without either being wrong."""
    from aikg.graphio import load_files, turtle_files
    from aikg.validate import ValidationReport, load_shapes, validate_graph

    if not config.shapes_dir.is_dir() or not turtle_files(config.shapes_dir):
        return None
    data = Graph()
    data += graph
    for triple in knowledge.graph:
        if not str(triple[0]).startswith(plan):
            data.add(triple)
    data += load_files(turtle_files(config.ontology_dir))
    report = validate_graph(data, load_shapes(config.shapes_dir))
    ours = set(graph.subjects())
    findings = [f for f in report.findings if f.focus in ours]
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity_name] = counts.get(finding.severity_name, 0) + 1
    conforms = not any(f.severity_name == "Violation" for f in findings)
    return ValidationReport(conforms, findings, report.results_graph, counts)
