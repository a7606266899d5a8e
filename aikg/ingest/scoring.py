"""Score an ingest against hand labels: per-field precision, recall and invented facts.

Labels are the YAML files of `tests/fixtures/plans/labels/` (format and notation convention in their
README). Tasks are matched by notation; a field is right when its normalized text equals the label's
(NFC, Markdown markers removed, whitespace collapsed, final punctuation dropped); agencies are compared
as sets, or failing that as the same words with list separators ignored (splitting is a convention).
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEADER_FACTS = ("issuer", "issuer_kind", "place", "number", "date", "signer", "plan_kind")
TASK_FIELDS = ("notation", "lead", "coordinating", "timeframe", "product")
AGENCY_FIELDS = ("lead", "coordinating")
#: Header facts compared without case: letterheads print them in capitals.
CASELESS = ("issuer", "place")


@dataclass
class TaskLabel:
    notation: str
    values: dict[str, Any]  # field -> str | list[str] | None


@dataclass
class PlanLabels:
    file: str
    header: dict[str, str | None]
    complete_fields: list[str]
    tasks: list[TaskLabel]
    unlabelled: list[str] = field(default_factory=list)

    def in_scope(self, notation: str) -> bool:
        return not any(notation.startswith(prefix) for prefix in self.unlabelled)


@dataclass
class Extracted:
    """The facts an ingest produced, in the labels' terms; `refused` holds the reason if it produced none."""

    header: dict[str, str | None] = field(default_factory=dict)
    tasks: list[TaskLabel] = field(default_factory=list)
    refused: str | None = None


@dataclass
class Count:
    expected: int = 0
    extracted: int = 0
    correct: int = 0
    invented: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.extracted if self.extracted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.expected if self.expected else None

    def add(self, other: Count) -> None:
        self.expected += other.expected
        self.extracted += other.extracted
        self.correct += other.correct
        self.invented += other.invented


@dataclass
class PlanScore:
    name: str
    counts: dict[str, Count]
    refused: str | None = None


def load_labels(path: Path) -> PlanLabels:
    """Read one labels YAML file."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    header = {key: (None if data["header"].get(key) is None else str(data["header"][key])) for key in HEADER_FACTS}
    tasks = [TaskLabel(str(t["notation"]), {f: t.get(f) for f in TASK_FIELDS if f != "notation"})
             for t in data.get("tasks") or []]
    return PlanLabels(data["file"], header, list(data.get("complete_fields") or ["notation"]), tasks,
                      list(data.get("unlabelled") or []))


def norm(text: str | None) -> str:
    """NFC, Markdown emphasis and `+` item markers removed, whitespace collapsed, final punctuation dropped."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text)).replace("*", "")
    text = re.sub(r"(^|\s)\+\s", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^[-–]\s+", "", text)
    return text.rstrip(" .;:,")


def _agencies(values: Any) -> list[str]:
    items = values if isinstance(values, list) else ([] if values is None else [values])
    return [n for n in (re.sub(r"^(và|and)\s+", "", norm(v)) for v in items) if n]


def _words(items: list[str]) -> list[str]:
    return sorted(w for w in re.split(r"[\s,;]+|\s-\s", " ".join(items).casefold()) if w and w not in {"và", "-"})


def present(name: str, value: Any) -> bool:
    return bool(_agencies(value)) if name in AGENCY_FIELDS else bool(norm(value))


def same(name: str, label: Any, got: Any) -> bool:
    """Whether an extracted value matches its label, for field or header fact NAME."""
    if name in AGENCY_FIELDS:
        a, b = _agencies(label), _agencies(got)
        return set(a) == set(b) or _words(a) == _words(b)
    a, b = norm(label), norm(got)
    if name in CASELESS:
        a, b = a.casefold(), b.casefold()
    if name == "number":
        a, b = a.replace(" ", ""), b.replace(" ", "")
    return a == b


def _tally(count: Count, name: str, label: Any, got: Any) -> None:
    has_label, has_got = present(name, label), present(name, got)
    count.expected += has_label
    count.extracted += has_got
    count.invented += has_got and not has_label
    count.correct += has_label and has_got and same(name, label, got)


def score(labels: PlanLabels, got: Extracted, name: str = "") -> PlanScore:
    """Per header fact and task field: expected, extracted, correct and invented counts."""
    counts: dict[str, Count] = {key: Count() for key in (*HEADER_FACTS, "tasks", *TASK_FIELDS)}
    for key in HEADER_FACTS:
        _tally(counts[key], key, labels.header.get(key), got.header.get(key))
    fields = [f for f in TASK_FIELDS[1:] if f in labels.complete_fields]
    extracted = [t for t in got.tasks if labels.in_scope(t.notation)]
    by_notation: dict[str, TaskLabel] = {}
    for task in extracted:
        by_notation.setdefault(task.notation, task)
    matched = {id(t) for t in by_notation.values() if any(lab.notation == t.notation for lab in labels.tasks)}
    counts["tasks"] = Count(len(labels.tasks), len(extracted), min(len(labels.tasks), len(extracted)))
    notation = counts["notation"]
    notation.expected, notation.extracted = len(labels.tasks), len(extracted)
    notation.correct = len(matched)
    notation.invented = len(extracted) - len(matched)
    for label in labels.tasks:
        task = by_notation.get(label.notation)
        for f in fields:
            _tally(counts[f], f, label.values.get(f), task.values.get(f) if task else None)
    for task in extracted:
        if id(task) not in matched:
            for f in fields:
                _tally(counts[f], f, None, task.values.get(f))
    return PlanScore(name or labels.file, counts, got.refused)


def total(scores: list[PlanScore]) -> dict[str, Count]:
    """Counts summed over plans."""
    out: dict[str, Count] = {}
    for plan in scores:
        for key, count in plan.counts.items():
            out.setdefault(key, Count()).add(count)
    return out


# --- reading an ingest ------------------------------------------------------------------------------

def _field_agencies(agency_field: Any) -> list[str]:
    if agency_field is None:
        return []
    return [a.surface for a in agency_field.agencies] + list(agency_field.unmatched)


def _task_values(fields: Any) -> dict[str, Any]:
    if fields is None:
        return {}
    lead = fields.lead if fields.lead is not None else fields.implementing
    product = fields.product_text or ("; ".join(p.label for p in fields.products) or None)
    return {"lead": _field_agencies(lead), "coordinating": _field_agencies(fields.coordinating),
            "timeframe": fields.timeframe.label if fields.timeframe else None, "product": product}


def facts(plan: Any) -> Extracted:
    """The header facts and tasks of an `aikg.ingest.model.Plan`, in the labels' terms.

    Body tasks keep their notation; appendix rows are `PL.<number>` unless the row carries a `notation`.
    `issuer_kind` and `plan_kind` are read from the plan when it has them (else the kind of place the text
    names: 'Thành phố …' city, 'Tỉnh …' province)."""
    place_label = getattr(plan, "place_label", None)
    kind = getattr(plan, "issuer_kind", None)
    if kind is None and place_label:
        kind = "city" if place_label.casefold().startswith("thành phố") else (
            "province" if place_label.casefold().startswith("tỉnh") else None)
    header = {
        "issuer": getattr(plan.issuer, "surface", None) if plan.issuer else None,
        "issuer_kind": kind,
        "place": plan.city if place_label else None,
        "number": plan.number,
        "date": plan.date.isoformat() if plan.date else None,
        "signer": plan.signatory.name if plan.signatory else None,
        "plan_kind": getattr(plan, "plan_kind", None),
    }
    tasks = [TaskLabel(item.notation, _task_values(item.fields)) for item in plan.tasks()]
    if plan.appendix is not None:
        for row in plan.appendix.rows:
            notation = getattr(row, "notation", None) or f"PL.{row.number}"
            tasks.append(TaskLabel(notation, _task_values(row.fields)))
    return Extracted(header, tasks)


def run_ingest(path: Path, labels: PlanLabels, knowledge: Any = None) -> Extracted:
    """Ingest PATH through `aikg.ingest.ingest` (no SHACL) and read its facts; a refusal is kept as text.

    While `ingest` requires a city, the labelled place is passed (or 'Việt Nam' for national and
    ministry plans); the place then scores only if the text itself names it."""
    from aikg.errors import AikgError
    from aikg.ingest import ingest

    kwargs: dict[str, Any] = {"validate": False}
    if knowledge is not None:
        kwargs["knowledge"] = knowledge
    args: list[Any] = [Path(path)]
    city = inspect.signature(ingest).parameters.get("city")
    if city is not None and city.default is inspect.Parameter.empty:
        args.append(labels.header.get("place") or "Việt Nam")
    try:
        result = ingest(*args, **kwargs)
    except AikgError as error:
        return Extracted(refused=str(error).splitlines()[0])
    return facts(result.plan)
