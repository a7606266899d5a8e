"""Every shape passes a complete graph and fails when one fact is taken away (real pyshacl runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from aikg.graphio import load_files, turtle_files
from aikg.namespaces import AIKG, ID
from aikg.validate import load_shapes, validate_graph

PROJECT = Path(__file__).resolve().parent.parent
COMPLETE = Path(__file__).parent / "fixtures" / "shapes" / "complete.ttl"

PLAN, LAW, DRAFT, TASK = ID["plan"], ID["law"], ID["draft"], ID["plan/II/1"]
ROW, REPORT, TIMEFRAME = ID["plan/appendix/1"], ID["plan/report/1"], ID["plan/II/1/timeframe"]
SO, PERSON, PRODUCT = ID["agency/t/so"], ID["person/a"], ID["plan/II/1/product/1"]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(PROJECT / "shapes")


@pytest.fixture(scope="module")
def complete() -> Graph:
    return load_files([COMPLETE, *turtle_files(PROJECT / "ontology")])


def findings(graph: Graph, shapes: Graph) -> set[tuple[str, URIRef, str]]:
    report = validate_graph(graph, shapes)
    return {(f.severity_name, f.focus, f.path) for f in report.findings}


def test_complete_graph_conforms(complete: Graph, shapes: Graph) -> None:
    report = validate_graph(complete, shapes)
    assert report.findings == []
    assert report.conforms


# (name, triples to remove, triples to add, expected findings)
CASES = [
    ("plan number", [(PLAN, AIKG.number, None)], [], {("Violation", PLAN, "aikg:number")}),
    ("plan date", [(PLAN, AIKG.date, None)], [], {("Violation", PLAN, "aikg:date")}),
    ("plan issuer", [(PLAN, AIKG.issuedBy, None)], [], {("Violation", PLAN, "aikg:issuedBy")}),
    ("plan implements", [(PLAN, AIKG.implements, None)], [], {("Violation", PLAN, "aikg:implements")}),
    ("plan tasks", [(PLAN, AIKG.hasTask, None)], [], {("Violation", PLAN, "aikg:hasTask")}),
    ("plan signatory", [(PLAN, AIKG.signedBy, None)], [], {("Warning", PLAN, "aikg:signedBy")}),
    ("plan territory", [(PLAN, AIKG.territory, None)], [], {("Warning", PLAN, "aikg:territory")}),
    ("instrument title", [(LAW, AIKG.title, None)], [], {("Violation", LAW, "aikg:title")}),
    ("instrument two dates", [], [(LAW, AIKG.date, Literal("2025-12-11", datatype=XSD.date))],
     {("Violation", LAW, "aikg:date")}),
    ("law number", [(LAW, AIKG.number, None)], [], {("Warning", LAW, "aikg:number")}),
    ("law date", [(LAW, AIKG.date, None)], [], {("Warning", LAW, "aikg:date")}),
    ("law issuer", [(LAW, AIKG.issuedBy, None)], [], {("Warning", LAW, "aikg:issuedBy")}),
    ("draft outcome", [(DRAFT, AIKG.resultedIn, None)], [], {("Info", DRAFT, "aikg:resultedIn")}),
    ("task without lead but with implementers", [(TASK, AIKG.leadAgency, None)],
     [(TASK, AIKG.implementingAgency, SO)], {("Warning", TASK, "aikg:leadAgency")}),
    ("task without any agency", [(TASK, AIKG.leadAgency, None)], [],
     {("Warning", TASK, "aikg:leadAgency"), ("Violation", TASK, "")}),
    ("task coordinating non-agency", [], [(TASK, AIKG.coordinatingAgency, PERSON)],
     {("Violation", TASK, "aikg:coordinatingAgency")}),
    ("task timeframe", [(TASK, AIKG.timeframe, None)], [], {("Violation", TASK, "aikg:timeframe")}),
    ("task product", [(TASK, AIKG.product, None)], [], {("Warning", TASK, "aikg:product")}),
    ("task plan", [(TASK, AIKG.isTaskOf, None)], [], {("Violation", TASK, "aikg:isTaskOf")}),
    ("row restates", [(ROW, AIKG.restates, None)], [], {("Violation", ROW, "aikg:restates")}),
    ("row lead", [(ROW, AIKG.leadAgency, None)], [], {("Violation", ROW, "aikg:leadAgency")}),
    ("row timeframe", [(ROW, AIKG.timeframe, None)], [], {("Violation", ROW, "aikg:timeframe")}),
    ("row product", [(ROW, AIKG.product, None)], [], {("Violation", ROW, "aikg:product")}),
    ("timeframe kind", [(TIMEFRAME, AIKG.timeframeKind, None)], [], {("Violation", TIMEFRAME, "aikg:timeframeKind")}),
    ("timeframe year", [(TIMEFRAME, AIKG.startYear, None)], [(TIMEFRAME, AIKG.startYear, Literal(1800))],
     {("Violation", TIMEFRAME, "aikg:startYear")}),
    ("orphan product", [], [(ID["orphan"], RDFS.label, Literal("x", lang="vi")),
                            (ID["orphan"], RDFS.label, Literal("x", lang="en")),
                            (ID["orphan"], URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), AIKG.Product)],
     {("Violation", ID["orphan"], "(complex path)")}),
    ("report reporter", [(REPORT, AIKG.reporter, None)], [], {("Violation", REPORT, "aikg:reporter")}),
    ("report recipient", [(REPORT, AIKG.reportsTo, None)], [], {("Violation", REPORT, "aikg:reportsTo")}),
    ("report frequency", [(REPORT, AIKG.frequency, None)], [], {("Warning", REPORT, "aikg:frequency")}),
    ("report day", [(REPORT, AIKG.dueDay, None)], [(REPORT, AIKG.dueDay, Literal(40))],
     {("Violation", REPORT, "aikg:dueDay")}),
    ("report month", [(REPORT, AIKG.dueMonth, None)], [], {("Violation", REPORT, "")}),
    ("agency jurisdiction", [(SO, AIKG.jurisdiction, None)], [], {("Warning", SO, "aikg:jurisdiction")}),
    ("agency kind", [(SO, AIKG.agencyKind, None)], [], {("Info", SO, "aikg:agencyKind")}),
    ("signatory position", [(PERSON, AIKG.position, None)], [], {("Warning", PERSON, "aikg:position")}),
    ("source document", [(TASK, AIKG.sourceDocument, None)], [], {("Violation", TASK, "aikg:sourceDocument")}),
    ("source line", [(TASK, AIKG.sourceLine, None)], [], {("Violation", TASK, "aikg:sourceLine")}),
    ("source line order", [(PLAN, AIKG.sourceLineEnd, None)], [(PLAN, AIKG.sourceLineEnd, Literal(0))],
     {("Violation", PLAN, "aikg:sourceLine")}),
    ("source text", [(TASK, AIKG.sourceText, None)], [], {("Violation", TASK, "aikg:sourceText")}),
    ("english label", [(SO, RDFS.label, Literal("Department", lang="en"))], [], {("Violation", SO, "rdfs:label")}),
    ("vietnamese label", [(PRODUCT, RDFS.label, Literal("Báo cáo", lang="vi"))], [],
     {("Violation", PRODUCT, "rdfs:label")}),
]


@pytest.mark.parametrize(("remove", "add", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_fails_when_its_fact_is_missing(complete: Graph, shapes: Graph, remove, add, expected) -> None:
    graph = Graph() + complete
    for pattern in remove:
        assert list(graph.triples(pattern)), f"fixture lacks {pattern}"
        graph.remove(pattern)
    for triple in add:
        graph.add(triple)
    assert findings(graph, shapes) == expected
