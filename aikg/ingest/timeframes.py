"""Normalise a "Thời gian thực hiện" text into the kinds of docs/MODEL.md, keeping the text itself.

Kinds (id/timeframe-kind/…): from-year-onward ("Năm 2026 và các năm tiếp theo"), ongoing ("Thường
xuyên"), periodic ("cập nhật theo định kỳ": only where a period is stated), on-request ("theo yêu cầu", "theo đề nghị"),
per-central-roadmap ("theo lộ trình, hướng dẫn của cơ quan Trung ương"), deadline ("Tháng 2/2026",
"trước ngày 30/6/2026", or a bare year). A text may carry several ("Năm 2026; cập nhật theo định kỳ
hoặc theo yêu cầu thực tiễn" is periodic and on request, from 2026).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from aikg.ingest.text import match_key, trim_value


@dataclass(frozen=True)
class Timeframe:
    label: str  # the text as written, without a final full stop
    kinds: tuple[str, ...]
    start_year: int | None
    deadline: date | None

    @property
    def label_en(self) -> str:
        parts = []
        for kind in self.kinds:
            if kind == "from-year-onward":
                parts.append(f"{self.start_year} and the following years")
            elif kind == "ongoing":
                parts.append("ongoing" + (f" from {self.start_year}" if self.start_year else ""))
            elif kind == "periodic":
                parts.append("periodic updates")
            elif kind == "on-request":
                parts.append("on request")
            elif kind == "per-central-roadmap":
                parts.append("per the central authorities' roadmap or guidance")
            elif kind == "deadline":
                parts.append(f"by {self.deadline.isoformat()}" if self.deadline else f"in {self.start_year}")
        text = "; ".join(parts) or "as stated"
        if self.start_year and "from-year-onward" not in self.kinds and "ongoing" not in self.kinds \
                and "deadline" not in self.kinds:
            text = f"{self.start_year}; {text}"
        return text[0].upper() + text[1:]


_YEAR = re.compile(r"\b(20\d\d)\b")
_MONTH_YEAR = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*(20\d\d)")
_FULL_DATE = re.compile(r"(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(20\d\d)")
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(20\d\d)")
_QUARTER = re.compile(r"quý\s+(i{1,3}|iv|[1-4])\s*(?:/|năm)\s*(20\d\d)")

_ONWARD = ("các năm tiếp theo", "những năm tiếp theo", "năm tiếp theo", "trở đi", "hằng năm", "hàng năm")
_ONGOING = ("thường xuyên", "liên tục")
#: A period stated: "cập nhật theo Chiến lược" (updated as something changes) states none.
_PERIODIC = ("định kỳ", "định kì")
_ON_REQUEST = ("theo yêu cầu", "theo đề nghị", "khi có yêu cầu", "khi có đề nghị", "khi được yêu cầu")
_ROADMAP = ("lộ trình", "theo hướng dẫn", "hướng dẫn của cơ quan trung ương", "hướng dẫn của bộ")


def normalise(text: str) -> Timeframe:
    """The normalised reading of a timeframe text."""
    label = trim_value(text)
    key = match_key(label)
    years = [int(y) for y in _YEAR.findall(key)]
    start = min(years) if years else None
    kinds: list[str] = []
    deadline = _deadline(key)
    if start and any(w in key for w in _ONWARD):
        kinds.append("from-year-onward")
    if any(w in key for w in _ONGOING):
        kinds.append("ongoing")
    if any(w in key for w in _PERIODIC):
        kinds.append("periodic")
    if any(w in key for w in _ON_REQUEST):
        kinds.append("on-request")
    if any(w in key for w in _ROADMAP):
        kinds.append("per-central-roadmap")
    if deadline or (start and not kinds):
        kinds.append("deadline")
    if "from-year-onward" in kinds and "ongoing" in kinds:
        kinds.remove("from-year-onward")
    return Timeframe(label, tuple(kinds), start, deadline)


def _deadline(key: str) -> date | None:
    match = _DATE_WORDS.search(key) or _FULL_DATE.search(key)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    match = _MONTH_YEAR.search(key)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            return date(year, month, calendar.monthrange(year, month)[1])
    match = _QUARTER.search(key)
    if match:
        quarter = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(match.group(1)) or int(match.group(1))
        year = int(match.group(2))
        month = quarter * 3
        return date(year, month, calendar.monthrange(year, month)[1])
    return None
