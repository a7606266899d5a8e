"""The labelled fields of a task ("Cơ quan chủ trì: …") and who leads and who coordinates in one line.

Two layouts occur: separate lines per role ("- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …"), and one
"Cơ quan thực hiện" line that names both ("Sở X chủ trì; các sở, ngành phối hợp" or "Sở X chủ trì,
phối hợp Sở Y và …"). Regular expressions over a short closed list of labels; a parser library would add
nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aikg.ingest.text import clean
from aikg.ingest.wrapping import plain

#: Field name → the label patterns that introduce it (regular expressions over the cleaned text, matched
#: case-insensitively; the first pattern that matches wins, so the order goes from specific to general).
#: "Cơ quan/Đơn vị" and "chủ trì/phối hợp/thực hiện" combine freely, with the qualifiers plans add
#: ("tham mưu", "thực hiện"); "Thời gian/Thời hạn/Tiến độ" likewise with "thực hiện/hoàn thành/ban hành/trình".
_BODY = r"(?:cơ quan|đơn vị)(?:\s*,\s*(?:cơ quan|đơn vị))?"
LABELS: dict[str, tuple[str, ...]] = {
    "implementing": (rf"{_BODY}\s+thực hiện và phối hợp", rf"{_BODY}\s+thực hiện", r"trách nhiệm thực hiện"),
    "lead": (rf"{_BODY}\s+chủ trì(?:\s+tham mưu)?(?:\s+thực hiện)?",),
    "coordinating": (rf"{_BODY}\s+phối hợp(?:\s+thực hiện)?",),
    "timeframe": (r"(?:thời gian|thời hạn)(?:\s+dự kiến)?(?:\s+(?:thực hiện|hoàn thành|ban hành|trình))?",
                  r"tiến độ(?:\s+thực hiện|\s+hoàn thành)?"),
    "product": (r"(?:kết quả\s*/\s*)?sản phẩm(?:\s*/\s*kết quả)?(?:\s+(?:đầu ra|dự kiến))?",
                r"kết quả(?:\s+sản phẩm|\s+dự kiến)"),
    "content": (r"nội dung(?:\s+(?:thực hiện|công việc))?",),
}
_NAMES = list(LABELS)
_LABEL_RE = re.compile(
    r"^(?:[-–—•+]\s*)?(?:\(?[a-zđ]\s*[).]\s*)?(?P<label>"
    + "|".join(f"(?P<{name}>{'|'.join(patterns)})" for name, patterns in LABELS.items())
    + r")\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FieldMatch:
    name: str
    label: str
    value: str  # the exact text after the colon (may be empty: the value follows on the next lines)


def field_of(text: str) -> FieldMatch | None:
    """The field a line states, if it starts with one of the labels followed by a colon."""
    match = _LABEL_RE.match(plain(text))
    if not match:
        return None
    name = next(n for n in _NAMES if match.group(n))
    return FieldMatch(name, match.group("label"), match.group("value").strip())


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
