"""SHACL validation with pyshacl: a report grouped by instrument and severity, and its Turtle.

The shapes live in shapes/; why each rule is a Violation, Warning or Info is written in the shape.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from aikg.namespaces import AIKG, SH, short

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAME = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

#: Links followed from a node to the instrument it belongs to, in order of preference.
_UP_LINKS = (AIKG.isTaskOf, AIKG.isPartOf)
_FROM_OWNER = (AIKG.product, AIKG.timeframe, AIKG.reportingObligation, AIKG.recipient, AIKG.hasTask, AIKG.hasPart)


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the instrument it concerns."""

    severity: URIRef
    focus: URIRef
    path: str
    message_en: str
    message_vi: str
    instrument: str

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAME.get(self.severity, str(self.severity))


@dataclass
class ValidationReport:
    """The outcome of a validation run: conforms means no Violation (warnings are allowed)."""

    conforms: bool
    findings: list[Finding]
    results_graph: Graph
    counts: dict[str, int] = field(default_factory=dict)

    def by_severity(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.severity_name == name]


def load_shapes(shapes_dir: Path) -> Graph:
    """All shapes files merged (errors name file and line)."""
    from aikg.graphio import load_files, turtle_files

    return load_files(turtle_files(shapes_dir))


def _is_instrument(graph: Graph, node: URIRef) -> bool:
    for cls in graph.objects(node, RDF.type):
        if AIKG.LegalInstrument in set(graph.transitive_objects(cls, RDFS.subClassOf)):
            return True
    return False


def instrument_of(graph: Graph, node: URIRef) -> URIRef | None:
    """The instrument a node belongs to: itself, the plan above a part, or the owner of a product/timeframe."""
    seen: set[URIRef] = set()
    frontier = [node]
    while frontier:
        current = frontier.pop(0)
        if current in seen or not isinstance(current, URIRef):
            continue
        seen.add(current)
        if _is_instrument(graph, current):
            return current
        for link in _UP_LINKS:
            frontier.extend(graph.objects(current, link))
        for link in _FROM_OWNER:
            frontier.extend(graph.subjects(link, current))
    return None


def _label(graph: Graph, node: URIRef) -> str:
    number = graph.value(node, AIKG.number)
    labels = {lit.language: str(lit) for lit in graph.objects(node, RDFS.label) if isinstance(lit, Literal)}
    name = labels.get("vi") or labels.get("en") or str(node)
    return f"{number} {name}" if number else name


def _group(graph: Graph, node: URIRef) -> str:
    instrument = instrument_of(graph, node)
    if instrument is not None:
        return f"{_label(graph, instrument)} <{instrument}>"
    if (node, RDF.type, AIKG.Agency) in graph or (node, RDF.type, AIKG.AgencyCollective) in graph:
        return "Agencies"
    return "Other"


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Run pyshacl (no extra inference: the build already holds the reasoner's triples)."""
    conforms, results_graph, _ = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True, meta_shacl=False)
    findings = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        messages = {lit.language: str(lit) for lit in results_graph.objects(result, SH.resultMessage)}
        path = results_graph.value(result, SH.resultPath)
        focus = results_graph.value(result, SH.focusNode)
        findings.append(Finding(
            severity=results_graph.value(result, SH.resultSeverity),
            focus=focus,
            path=short(path) if isinstance(path, URIRef) else ("" if path is None else "(complex path)"),
            message_en=messages.get("en") or messages.get(None, ""),
            message_vi=messages.get("vi", ""),
            instrument=_group(data, focus),
        ))
    findings.sort(key=lambda f: (f.instrument, SEVERITY_ORDER.get(f.severity, 9), str(f.focus), f.path))
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        counts[finding.severity_name] += 1
    return ValidationReport(bool(conforms), findings, results_graph, dict(counts))


def format_report(report: ValidationReport) -> str:
    """A readable report: per instrument, per severity, one line per finding in English and Vietnamese."""
    lines = [f"Conforms: {'yes' if report.conforms else 'no'}   "
             + "   ".join(f"{name}s: {report.counts.get(name, 0)}" for name in ("Violation", "Warning", "Info"))]
    groups: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        groups[finding.instrument][finding.severity_name].append(finding)
    for instrument in sorted(groups):
        lines.append("")
        lines.append(f"== {instrument}")
        for severity in ("Violation", "Warning", "Info"):
            for finding in groups[instrument].get(severity, []):
                where = f"{finding.focus}" + (f"  [{finding.path}]" if finding.path else "")
                lines.append(f"  {severity:<9} {where}")
                lines.append(f"            {finding.message_en}")
                if finding.message_vi:
                    lines.append(f"            {finding.message_vi}")
    return "\n".join(lines) + "\n"
