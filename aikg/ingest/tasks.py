"""Sections and items of a plan, and the task fields of each item.

An item that states any task field (agency, timeframe, product) is a task. A numbered item whose
lettered parts are themselves tasks is a heading item only (Huế II.2; Hải Phòng II.4); lettered parts
labelled as fields ("a) Nội dung thực hiện:", "b) Cơ quan thực hiện:") are fields of their item.
A field whose value is empty or ends with ':' takes the lines that follow it until the next field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aikg.ingest.agencies import Gazetteer
from aikg.ingest.fields import FieldMatch, field_of, split_roles
from aikg.ingest.layout import Block, Node
from aikg.ingest.model import AgencyField, AgencyRef, Product, Section, Span, TaskFields
from aikg.ingest.model import PlanItem as Item
from aikg.ingest.text import clean, letter_slug, match_key, trim_value
from aikg.ingest.timeframes import normalise

SECTION_KINDS = (
    ("purpose", ("mục đích", "mục tiêu")),
    ("funding", ("kinh phí",)),
    ("organisation", ("tổ chức thực hiện", "trách nhiệm thực hiện", "phân công")),
    ("tasks", ("nội dung", "nhiệm vụ", "giải pháp")),
)


def section_kind(heading: str) -> str:
    key = match_key(heading)
    for kind, words in SECTION_KINDS:
        if any(w in key for w in words):
            return kind
    return "other"


@dataclass
class _OpenField:
    match: FieldMatch
    lines: list[int]
    extra: list[Block] = field(default_factory=list)


def build_section(node: Node, gazetteer: Gazetteer) -> Section:
    kind = section_kind(node.heading.body)
    section = Section(node.label, node.heading.body, node.heading.first, kind)
    for child in node.children:
        section.items.append(_build_item(child, (node.label,), kind, gazetteer))
    return section


def _field_groups(blocks: list[Block]) -> list[list[Block]]:
    """The item's blocks cut after each run of field lines: [lines before, fields], [lines, fields], ….
    A field whose value is open (empty, ending with ':', or 'Nội dung') keeps the lines below it."""
    groups: list[list[Block]] = [[]]
    open_value = has_fields = False
    for block in blocks:
        match = field_of(block.body)
        if match is not None:
            groups[-1].append(block)
            has_fields = True
            open_value = not match.value or match.value.endswith(":") or match.name == "content"
        elif open_value:
            groups[-1].append(block)
        else:
            if has_fields:
                groups.append([])
                has_fields = False
            groups[-1].append(block)
    return [g for g in groups if g]


def _bullet_tasks(node: Node) -> list[Node] | None:
    """Tasks stated as list entries ('- Nghị định …' then '+ Cơ quan chủ trì: …'), when an item holds
    two or more runs of field lines each after its own entry: one sub-node per run, labelled '-1', '-2', …
    in text order; entries before a run with no fields of their own share that run's fields."""
    groups = _field_groups(node.blocks)
    with_fields = [g for g in groups if any(field_of(b.body) for b in g)]
    if len(with_fields) < 2 or any(g[0].kind not in ("bullet", "plus") for g in with_fields[1:]):
        return None
    out: list[Node] = []
    lead_in: list[Block] = []
    for group in groups:
        if not any(field_of(b.body) for b in group):
            lead_in.extend(group)
            continue
        blocks = lead_in + group
        lead_in = []
        first = next((b for b in blocks if b.kind in ("bullet", "plus") and not field_of(b.body)), None)
        if first is None:
            return None
        rest = [b for b in blocks if b is not first]
        out.append(Node("sub", f"-{len(out) + 1}", first, rest))
    return out


def _build_item(node: Node, parent: tuple[str, ...], kind: str, gazetteer: Gazetteer) -> Item:
    path = (*parent, node.label)
    bullet_tasks = _bullet_tasks(node) if not node.children else None
    if bullet_tasks:
        first_line = bullet_tasks[0].heading.first
        node = Node(node.level, node.label, node.heading, [b for b in node.blocks if b.last < first_line],
                    bullet_tasks)
    content_lines: list[str] = []
    fields_found: list[_OpenField] = []
    open_field: _OpenField | None = None
    paragraphs: list[tuple[str, Span]] = [(node.heading.body, Span(node.heading.first, node.heading.last))]
    for block in node.blocks:
        match = field_of(block.body)
        if match is not None:
            open_field = _OpenField(match, list(block.lines))
            fields_found.append(open_field)
            if match.value and not match.value.endswith(":"):
                open_field = None if match.name != "content" else open_field
            continue
        if open_field is not None:
            open_field.extra.append(block)
            open_field.lines.extend(block.lines)
        else:
            content_lines.append(block.text)
            paragraphs.append((block.body, Span(block.first, block.last)))
    # The item's own lines: its heading and what follows it up to its first lettered part (each part
    # carries its own provenance).
    own_lines = list(node.heading.lines) + [n for b in node.blocks for n in b.lines]
    item = Item(path=path, heading=node.heading.body, text="", span=Span.of(own_lines),
                heading_line=node.heading.first, is_funding=kind == "funding", paragraphs=paragraphs)
    item.children = [_build_item(child, path, kind, gazetteer) for child in node.children]
    task_fields = _fields(fields_found, gazetteer)
    text_parts = [node.heading.body, *content_lines]
    if task_fields.content:
        text_parts.append(task_fields.content)
    item.text = "\n".join(p for p in text_parts if p)
    item.draft_mentions = _draft_mentions(node, fields_found)
    if kind == "tasks" and task_fields.is_empty() and not node.children and len(paragraphs) > 1:
        task_fields.lead = _duty_holder(*paragraphs[1], gazetteer)
    if kind != "funding" and not task_fields.is_empty():
        item.is_task = True
        item.fields = task_fields
    elif task_fields.content:
        item.fields = task_fields
    return item


_DUTY = re.compile(r"^(?P<who>.+?)\s+(?:có trách nhiệm|chịu trách nhiệm|chủ trì)\b", re.IGNORECASE)


def _duty_holder(text: str, span: Span, gazetteer: Gazetteer) -> AgencyField | None:
    """The lead of a task stated as a sentence, not as fields: '<agency> có trách nhiệm …' (or 'chủ trì')
    as the first paragraph under an item of the task section; None unless the subject names agencies only."""
    match = _DUTY.match(clean(text))
    if not match or len(match.group("who")) > 120:
        return None
    lead = agency_field(match.group("who"), span, gazetteer, text=match.group("who"))
    return lead if lead.agencies and not lead.unmatched else None


def segment_path(path: tuple[str, ...]) -> tuple[str, ...]:
    """URI segments of an item path: lettered items written per docs/MODEL.md ('đ' → 'dd')."""
    return tuple(p if p.isdigit() or p.isupper() else f"b{p[1:]}" if p.startswith("-") else letter_slug(p)
                 for p in path)


def _fields(found: list[_OpenField], gazetteer: Gazetteer) -> TaskFields:
    fields = TaskFields()
    for item in found:
        name, value = item.match.name, item.match.value
        span = Span.of(item.lines)
        extra_text = "\n".join(b.text for b in item.extra)
        if name == "content":
            fields.content = "\n".join(p for p in (value, extra_text) if p)
        elif name in ("lead", "coordinating"):
            setattr(fields, name, agency_field(value or extra_text, span, gazetteer))
        elif name == "implementing":
            _implementing(fields, value, item.extra, span, gazetteer)
        elif name == "timeframe":
            text = value or extra_text
            fields.timeframe = normalise(text) if text else None
            fields.timeframe_span = span
        elif name == "product":
            text = value or extra_text
            fields.product_text = trim_value(text) if text else None
            fields.products = [Product(p, span) for p in split_products(text)]
    return fields


def _implementing(fields: TaskFields, value: str, extra: list[Block], span: Span, gazetteer: Gazetteer) -> None:
    """'Cơ quan thực hiện': one line naming lead and coordinators, or a list of bodies each with its part."""
    if value and not value.endswith(":"):
        roles = split_roles(value)
        if roles.lead:
            fields.lead = agency_field(roles.lead, span, gazetteer, text=value)
            if roles.coordinating:
                fields.coordinating = agency_field(roles.coordinating, span, gazetteer, text=value)
        else:
            fields.implementing = agency_field(value, span, gazetteer)
        return
    # The agencies are the list entries that end with ':' ("- Các Sở, ban, ngành thành phố:"), each
    # followed by what it does; an agency whose part begins "Chủ trì …" leads (Hải Phòng II.2), the
    # others implement. The explanations name no further agency.
    text = "\n".join(b.text for b in extra) or value
    leads = AgencyField(text=text, span=span)
    implements = AgencyField(text=text, span=span)
    current: AgencyField | None = None
    for block in extra:
        if block.kind == "bullet" and block.body.rstrip().endswith(":"):
            current = agency_field(re.sub(r":\s*$", "", block.body), span, gazetteer)
            implements.agencies.extend(current.agencies)
            implements.unmatched.extend(current.unmatched)
            implements.new.extend(current.new)
        elif current is not None and match_key(block.body).startswith("chủ trì"):
            for ref in current.agencies:
                if ref in implements.agencies:
                    implements.agencies.remove(ref)
                    leads.agencies.append(ref)
    if leads.agencies:
        fields.lead = leads
    if implements.agencies or not leads.agencies:
        fields.implementing = implements


def agency_field(value: str, span: Span, gazetteer: Gazetteer, text: str | None = None) -> AgencyField:
    """The agencies a list of names mentions; names the gazetteer does not know are kept as unmatched."""
    from aikg.ingest.agencies import looks_like_agency, new_entry

    result = AgencyField(text=clean(text if text is not None else value), span=span)
    for mention in gazetteer.find(value):
        if mention.entry is not None:
            if all(a.entry.key != mention.entry.key for a in result.agencies):
                result.agencies.append(AgencyRef(mention.entry, mention.surface))
        elif looks_like_agency(mention.surface):
            entry = new_entry(mention.surface)
            gazetteer.add(entry)
            result.agencies.append(AgencyRef(entry, mention.surface))
            result.new.append(mention.surface)
        else:
            result.unmatched.append(mention.surface)
    return result


def split_products(text: str) -> list[str]:
    """Products are separated by ';' (commas also separate words inside one product, so they do not)."""
    return [p for p in (trim_value(part) for part in clean(text).split(";")) if p]


_DRAFT_IN_HEADING = re.compile(
    r"(?:ý kiến|góp ý)\s+(?:đối với\s+|vào\s+)?dự thảo\s+(?P<title>(?!các\b|văn bản\b)\S.*)$", re.IGNORECASE)


def _draft_mentions(node: Node, found: list[_OpenField]) -> list[tuple[str, Span]]:
    """Drafts a task asks comments on: the list after 'Tham gia góp ý các dự thảo …:', or one named
    in the item's own wording ('Tham gia ý kiến dự thảo Chương trình …')."""
    mentions: list[tuple[str, Span]] = []
    for item in found:
        if item.match.name == "content" and "dự thảo" in match_key(item.match.value):
            for block in item.extra:
                if block.kind in ("bullet", "plus"):
                    mentions.append((trim_value(block.body), Span(block.first, block.last)))
    if not mentions:
        match = _DRAFT_IN_HEADING.search(node.heading.body)
        if match:
            mentions.append((trim_value(match.group("title")), Span(node.heading.first, node.heading.last)))
    return mentions
