"""The labelled fields of a task ("Cơ quan chủ trì: …") and who leads and who coordinates in one line.

Two layouts occur: separate lines per role ("- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …"), and one
"Cơ quan thực hiện" line that names both ("Sở X chủ trì; các sở, ngành phối hợp" or "Sở X chủ trì,
phối hợp Sở Y và …"). Regular expressions over a short closed list of labels; a parser library would add
nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aikg.ingest.text import clean, match_key

#: Field name → the labels that introduce it (compared case-insensitively, longest first).
LABELS: dict[str, tuple[str, ...]] = {
    "lead": ("cơ quan chủ trì", "đơn vị chủ trì", "cơ quan, đơn vị chủ trì", "cơ quan chủ trì thực hiện"),
    "coordinating": ("cơ quan phối hợp", "đơn vị phối hợp", "cơ quan, đơn vị phối hợp", "cơ quan phối hợp thực hiện"),
    "implementing": ("cơ quan thực hiện", "đơn vị thực hiện", "cơ quan, đơn vị thực hiện", "trách nhiệm thực hiện",
                     "cơ quan thực hiện và phối hợp"),
    "timeframe": ("thời gian thực hiện", "thời gian hoàn thành", "thời hạn thực hiện", "thời hạn hoàn thành",
                  "thời hạn trình", "thời hạn", "tiến độ thực hiện", "thời gian"),
    "product": ("sản phẩm", "sản phẩm đầu ra", "kết quả sản phẩm", "kết quả/sản phẩm", "sản phẩm/kết quả"),
    "content": ("nội dung thực hiện", "nội dung công việc", "nội dung"),
}

_LABEL_RE = re.compile(
    r"^(?:[-–—•+]\s*)?(?:\(?[a-zđ]\s*[).]\s*)?(?P<label>"
    + "|".join(sorted((re.escape(label) for labels in LABELS.values() for label in labels), key=len, reverse=True))
    + r")\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_NAME_BY_LABEL = {label: name for name, labels in LABELS.items() for label in labels}


@dataclass(frozen=True)
class FieldMatch:
    name: str
    label: str
    value: str  # the exact text after the colon (may be empty: the value follows on the next lines)


def field_of(text: str) -> FieldMatch | None:
    """The field a line states, if it starts with one of the labels followed by a colon."""
    match = _LABEL_RE.match(clean(text))
    if not match:
        return None
    label = match.group("label")
    return FieldMatch(_NAME_BY_LABEL[match_key(label)], label, match.group("value").strip())


@dataclass(frozen=True)
class Roles:
    """Agency texts of one 'Cơ quan thực hiện' value, split by role (None where the text names none)."""

    lead: str | None
    coordinating: str | None
    implementing: str | None


_LEADS = re.compile(r"^(?P<lead>.+?)\s+(?:làm\s+)?chủ\s+trì\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
_COORD_AFTER = re.compile(r"^\s*[,;]?\s*(?:và\s+)?phối\s+hợp\s+(?:với\s+)?(?P<coord>.+)$", re.IGNORECASE | re.DOTALL)
_COORD_BEFORE = re.compile(r"^(?P<coord>.+?)\s+(?:cùng\s+)?phối\s+hợp(?:\s+thực\s+hiện)?\s*[.;]?$",
                           re.IGNORECASE | re.DOTALL)


def split_roles(value: str) -> Roles:
    """Who leads ("X chủ trì") and who coordinates ("…phối hợp") in one line; else all implement.

    'Sở KH&CN chủ trì; Các sở… phối hợp thực hiện', 'Sở KH&CN chủ trì phối hợp với các cơ quan…' and
    'Sở KH&CN chủ trì, phối hợp Sở Tư pháp và …' all name a lead and coordinators. What follows 'chủ trì'
    up to a ';' without 'phối hợp' ('chủ trì nội dung thuộc phạm vi được giao quản lý') qualifies the
    lead and names no agency.
    """
    text = clean(value)
    match = _LEADS.match(text)
    if not match:
        return Roles(None, None, text or None)
    lead = match.group("lead").strip(" ,;")
    rest = match.group("rest")
    coordinating = None
    after = _COORD_AFTER.match(rest)
    if after:
        coordinating = after.group("coord")
    else:
        for segment in rest.split(";")[1:]:
            before = _COORD_BEFORE.match(segment.strip())
            if before:
                coordinating = before.group("coord")
                break
    return Roles(lead, coordinating.strip(" ,;.") if coordinating else None, None)
