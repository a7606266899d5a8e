"""What the ingester understood of a plan, before it becomes RDF: plain dataclasses with line spans.

Kept apart from both the text analysis and the RDF writer so that the report, the RDF and the tests
read the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from aikg.ingest.agencies import Entry
from aikg.ingest.timeframes import Timeframe


@dataclass(frozen=True)
class Span:
    """Lines first..last of the source (1-based, inclusive)."""

    first: int
    last: int

    @classmethod
    def of(cls, lines: list[int]) -> Span:
        return cls(min(lines), max(lines))

    def __str__(self) -> str:
        return f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class AgencyRef:
    entry: Entry
    surface: str  # the spelling in the source


@dataclass
class AgencyField:
    """One role's agencies, the exact text they were read from, and what in it names no agency."""

    text: str
    span: Span
    agencies: list[AgencyRef] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # text that names no agency
    new: list[str] = field(default_factory=list)  # agencies the gazetteer does not know, kept as written


@dataclass
class Product:
    label: str
    span: Span


@dataclass
class TaskFields:
    lead: AgencyField | None = None
    coordinating: AgencyField | None = None
    implementing: AgencyField | None = None
    timeframe: Timeframe | None = None
    timeframe_span: Span | None = None
    product_text: str | None = None
    products: list[Product] = field(default_factory=list)
    content: str | None = None  # "Nội dung thực hiện"

    def is_empty(self) -> bool:
        return not (self.lead or self.coordinating or self.implementing or self.timeframe or self.products)


@dataclass(frozen=True)
class InstrumentRef:
    """An instrument cited by number (or matched in data/ by name), with the line that cites it."""

    iri: str
    number: str | None
    kind: str  # luat | nd | qd | tt | other
    label: str
    date: date | None
    line: int
    known: bool  # already described in data/


@dataclass
class Draft:
    iri: str
    title: str
    span: Span
    known: bool


@dataclass
class PlanItem:
    """A numbered or lettered item (in any section); tasks carry fields."""

    path: tuple[str, ...]  # ("II", "2", "a")
    heading: str
    text: str
    span: Span
    heading_line: int
    is_task: bool = False
    is_funding: bool = False
    fields: TaskFields | None = None
    paragraphs: list[tuple[str, Span]] = field(default_factory=list)  # heading and text blocks, as read
    drafts: list[Draft] = field(default_factory=list)
    draft_mentions: list[tuple[str, Span]] = field(default_factory=list)
    refers: list[InstrumentRef] = field(default_factory=list)
    children: list[PlanItem] = field(default_factory=list)

    @property
    def notation(self) -> str:
        return ".".join(self.path)

    def walk(self) -> list[PlanItem]:
        """This item and all its sub-items, depth first in text order."""
        return [self, *(item for child in self.children for item in child.walk())]


@dataclass
class Section:
    roman: str
    heading: str
    line: int
    kind: str  # purpose | tasks | funding | organisation | other
    items: list[PlanItem] = field(default_factory=list)


@dataclass
class Row:
    """An appendix row and the body item it restates (with the similarity the match rests on)."""

    number: str
    text: str
    span: Span
    fields: TaskFields
    restates: tuple[str, ...] | None = None
    restate_score: float = 0.0
    notation: str | None = None  # "PL.6"; "PLII.I.1" in the second of numbered appendices


@dataclass
class Appendix:
    title: str
    span: Span
    rows: list[Row] = field(default_factory=list)


@dataclass
class Obligation:
    """A reporting rule: who reports to whom, how often, by when."""

    label: str
    span: Span
    reporters: list[AgencyRef]
    recipients: list[AgencyRef]
    frequency: str | None
    due_day: int | None = None
    due_month: int | None = None
    due_text: str | None = None
    content: str | None = None


@dataclass
class Signatory:
    name: str
    position: str | None
    block: str
    span: Span
    name_line: int


@dataclass
class Recipient:
    label: str
    line: int
    agency: AgencyRef | None


@dataclass
class Link:
    """A local task linked to a national task by wording, with the confidence a reviewer sees."""

    task: tuple[str, ...]
    national: str
    national_notation: str
    score: float
    shared: list[str]
    accepted: bool


@dataclass
class Plan:
    """Everything extracted from one document."""

    city: str
    city_en: str
    place: str
    place_label: str | None
    place_kind: str | None = "thành phố"  # how the text calls the place: tỉnh, thành phố, phường, xã, đặc khu
    issuer_kind: str | None = None  # province | city | ward | commune | special-zone | ministry | national
    plan_kind: str = "plan"  # plan | decision-issuing-plan
    number: str | None = None
    number_line: int | None = None
    date: date | None = None
    date_line: int | None = None
    year: int | None = None
    title: str | None = None
    header_span: Span | None = None
    issuer: AgencyRef | None = None
    issuer_line: int | None = None
    implements: list[InstrumentRef] = field(default_factory=list)
    legal_basis: list[InstrumentRef] = field(default_factory=list)  # "Căn cứ …" only
    sections: list[Section] = field(default_factory=list)
    appendix: Appendix | None = None
    obligations: list[Obligation] = field(default_factory=list)
    signatory: Signatory | None = None
    recipients: list[Recipient] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    placed: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[PlanItem]:
        """Every item, depth first, in text order."""
        out: list[PlanItem] = []

        def walk(items: list[PlanItem]) -> None:
            for item in items:
                out.append(item)
                walk(item.children)

        for section in self.sections:
            walk(section.items)
        return out

    def tasks(self) -> list[PlanItem]:
        return [item for item in self.items() if item.is_task]
