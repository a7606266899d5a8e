"""Compare two graphs of the same plan task by task: lead, coordinating and implementing agencies,
timeframe (text, kinds, start year, deadline) and products; plus the plan's number, date, issuer,
signatory and what it implements, and its reporting obligations (who, to whom, how often, by when).

Used to check an ingested plan against the curated data (`aikg diff data/x.ttl out.ttl`). Texts are
compared after NFC, white-space runs and a final full stop or semicolon are normalised: those are
typing differences, not differences of fact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from aikg.namespaces import AIKG

TASK_FIELDS = ("lead agency", "coordinating agencies", "implementing agencies", "timeframe text",
               "timeframe kind", "start year", "deadline", "products")
PLAN_FIELDS = ("number", "date", "implements", "legal basis", "issued by", "signed by")


@dataclass
class FieldDiff:
    field: str
    only_a: list[str]
    only_b: list[str]


@dataclass
class TaskDiff:
    key: str  # the task's IRI (in A's naming)
    notation: str
    fields: list[FieldDiff] = field(default_factory=list)
    only_in: str | None = None  # "A" or "B" when the task is missing from the other graph
    note: str = ""

    @property
    def equal(self) -> bool:
        return not self.fields and self.only_in is None


@dataclass
class PlanDiff:
    plan_a: str | None
    plan_b: str | None
    header: list[FieldDiff]
    tasks: list[TaskDiff]
    reporting: FieldDiff | None = None

    @property
    def matching(self) -> int:
        return sum(t.equal for t in self.tasks)

    @property
    def equal(self) -> bool:
        return not self.header and self.reporting is None and all(t.equal for t in self.tasks)

    @property
    def tasks_agree(self) -> bool:
        return not self.header and all(t.equal for t in self.tasks)


def norm(text: str) -> str:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip()
    return re.sub(r"[\s.;,]+$", "", text)


def _plans(graph: Graph) -> list[URIRef]:
    plans = {s for s in graph.subjects(AIKG.hasTask, None)} | {o for o in graph.objects(None, AIKG.isTaskOf)}
    plans |= set(graph.subjects(RDF.type, AIKG.LocalPlan))
    return sorted(p for p in plans if isinstance(p, URIRef))


def _tasks(graph: Graph) -> set[URIRef]:
    nodes = set(graph.subjects(RDF.type, AIKG.Task)) | set(graph.subjects(RDF.type, AIKG.AppendixRow))
    nodes |= set(graph.objects(None, AIKG.hasTask)) | set(graph.subjects(AIKG.isTaskOf, None))
    return {n for n in nodes if isinstance(n, URIRef)}


def _label(graph: Graph, node) -> str:
    for label in graph.objects(node, RDFS.label):
        if isinstance(label, Literal) and label.language == "vi":
            return str(label)
    return str(node).rsplit("/", 3)[-1] if isinstance(node, URIRef) else str(node)


def _values(graph: Graph, node: URIRef, name: str) -> dict[str, str]:
    """Comparable value → shown value, for one field of one task."""
    if name in ("lead agency", "coordinating agencies", "implementing agencies"):
        prop = {"lead agency": AIKG.leadAgency, "coordinating agencies": AIKG.coordinatingAgency,
                "implementing agencies": AIKG.implementingAgency}[name]
        return {str(a): f"{_label(graph, a)} <{a}>" for a in graph.objects(node, prop)}
    if name == "products":
        out: dict[str, str] = {}
        for product in graph.objects(node, AIKG.product):
            labels = [str(lbl) for lbl in graph.objects(product, RDFS.label)
                      if isinstance(lbl, Literal) and lbl.language == "vi"]
            for label in labels or [str(product)]:
                key = norm(label)
                while key in out:
                    key += " "  # a product named twice counts twice
                out[key] = label
        return out
    values: dict[str, str] = {}
    for tf in graph.objects(node, AIKG.timeframe):
        if name == "timeframe text":
            values.update({norm(v): str(v) for v in graph.objects(tf, RDFS.label)
                           if isinstance(v, Literal) and v.language == "vi"})
        elif name == "timeframe kind":
            values.update({str(k).rsplit("/", 1)[-1]: str(k).rsplit("/", 1)[-1]
                           for k in graph.objects(tf, AIKG.timeframeKind)})
        elif name == "start year":
            values.update({str(v): str(v) for v in graph.objects(tf, AIKG.startYear)})
        elif name == "deadline":
            values.update({str(v): str(v) for v in graph.objects(tf, AIKG.deadline)})
    return values


def _header_values(graph: Graph, plan: URIRef, name: str) -> dict[str, str]:
    prop = {"number": AIKG.number, "date": AIKG.date, "implements": AIKG.implements, "legal basis": AIKG.legalBasis,
            "issued by": AIKG.issuedBy, "signed by": AIKG.signedBy}[name]
    return {norm(v) if isinstance(v, Literal) else str(v): (str(v) if isinstance(v, Literal) else f"<{v}>")
            for v in graph.objects(plan, prop)}


def _obligations(graph: Graph, plan: URIRef) -> dict[str, str]:
    """Each reporting obligation as 'reporters → recipients: frequency, due d/m' (IRIs compared, labels shown);
    a rule stated twice counts twice."""
    out: dict[str, str] = {}
    for node in graph.objects(plan, AIKG.reportingObligation):
        parts = []
        for prop in (AIKG.reporter, AIKG.reportsTo):
            agencies = sorted(graph.objects(node, prop), key=str)
            parts.append((", ".join(str(a) for a in agencies),
                          ", ".join(_label(graph, a) if (a, RDFS.label, None) in graph else str(a).rsplit("/", 1)[-1]
                                    for a in agencies)))
        frequency = graph.value(node, AIKG.frequency)
        day, month = graph.value(node, AIKG.dueDay), graph.value(node, AIKG.dueMonth)
        when = (str(frequency).rsplit("/", 1)[-1] if frequency else "no frequency") + (
            f", due {day}/{month}" if day is not None else "")
        key = f"{parts[0][0]} → {parts[1][0]}: {when}"
        while key in out:
            key += " "
        out[key] = f"{parts[0][1]} → {parts[1][1]}: {when}"
    return out


def _compare(name: str, a: dict[str, str], b: dict[str, str]) -> FieldDiff | None:
    only_a = sorted(a[k] for k in a.keys() - b.keys())
    only_b = sorted(b[k] for k in b.keys() - a.keys())
    return FieldDiff(name, only_a, only_b) if only_a or only_b else None


def diff_graphs(a: Graph, b: Graph, reporting: bool = False) -> PlanDiff:
    """Per-task differences between two graphs of one plan (B's IRIs mapped onto A's plan if they differ)."""
    plans_a, plans_b = _plans(a), _plans(b)
    plan_a = plans_a[0] if len(plans_a) == 1 else None
    plan_b = plans_b[0] if len(plans_b) == 1 else None

    def to_a(node: URIRef) -> str:
        if plan_a is not None and plan_b is not None and plan_a != plan_b and str(node).startswith(str(plan_b)):
            return str(plan_a) + str(node)[len(str(plan_b)):]
        return str(node)

    header: list[FieldDiff] = []
    if plan_a is not None and plan_b is not None:
        for name in PLAN_FIELDS:
            found = _compare(name, _header_values(a, plan_a, name), _header_values(b, plan_b, name))
            if found:
                header.append(found)
    tasks_a = {str(t): t for t in _tasks(a)}
    tasks_b = {to_a(t): t for t in _tasks(b)}
    diffs: list[TaskDiff] = []
    for key in sorted(tasks_a.keys() | tasks_b.keys(), key=_natural):
        node_a, node_b = tasks_a.get(key), tasks_b.get(key)
        graph, node = (a, node_a) if node_a is not None else (b, node_b)
        notation = graph.value(node, AIKG.notation)
        task = TaskDiff(key, str(notation) if notation else key.rsplit("/", 2)[-1])
        if node_a is None or node_b is None:
            task.only_in = "A" if node_b is None else "B"
            other = b if node_b is None else a
            if (URIRef(key), None, None) in other:
                task.note = "present in the other graph, but not as a task"
        else:
            for name in TASK_FIELDS:
                found = _compare(name, _values(a, node_a, name), _values(b, node_b, name))
                if found:
                    task.fields.append(found)
        diffs.append(task)
    compared = None
    if reporting and plan_a is not None and plan_b is not None:
        compared = _compare("reporting obligations", _obligations(a, plan_a), _obligations(b, plan_b))
    return PlanDiff(str(plan_a) if plan_a else None, str(plan_b) if plan_b else None, header, diffs, compared)


def _natural(key: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key)]


def render(diff: PlanDiff, name_a: str, name_b: str, show_equal: bool = False) -> str:
    lines = [f"A: {name_a}" + (f"  (plan <{diff.plan_a}>)" if diff.plan_a else ""),
             f"B: {name_b}" + (f"  (plan <{diff.plan_b}>)" if diff.plan_b else "")]
    if diff.header or diff.reporting:
        lines.append("")
        lines.append("Plan:")
        lines.extend(_field_lines(diff.header + ([diff.reporting] if diff.reporting else [])))
    for task in diff.tasks:
        if task.equal and not show_equal:
            continue
        lines.append("")
        head = f"{task.notation}  <{task.key}>"
        if task.only_in:
            lines.append(f"{head}: only in {task.only_in}" + (f" ({task.note})" if task.note else ""))
        elif task.equal:
            lines.append(f"{head}: same")
        else:
            lines.append(head)
            lines.extend(_field_lines(task.fields))
    total = len(diff.tasks)
    lines.append("")
    lines.append(f"{diff.matching} of {total} tasks and appendix rows agree"
                 + ("" if not (diff.header or diff.reporting) else "; the plans differ in " + ", ".join(
                     f.field for f in diff.header + ([diff.reporting] if diff.reporting else [])))
                 + (": the graphs agree." if diff.equal else "."))
    return "\n".join(lines) + "\n"


def _field_lines(fields: list[FieldDiff]) -> list[str]:
    out = []
    for item in fields:
        out.append(f"  {item.field}:")
        out.extend(f"    - A only: {v}" for v in item.only_a)
        out.extend(f"    + B only: {v}" for v in item.only_b)
    return out
