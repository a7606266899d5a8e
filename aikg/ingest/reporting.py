"""Reporting rules ("chế độ báo cáo") of the organisation section: who reports to whom, how often, by when.

A sentence becomes obligations when it says how often or by when ("định kì 6 tháng (trước 15/6)",
"hàng năm (trước 25/12)", "đột xuất", "khi phát sinh vấn đề cấp bách"); general sentences that only
mention reporting stay part of their item. Each due date in a sentence is one obligation. A sentence
that names no reporter (Huế IV.4.b) keeps the reporter of the sentence before it; a "Nội dung báo
cáo:" part gives the content of the obligations beside it.
"""

from __future__ import annotations

import re

from aikg.ingest.agencies import Gazetteer
from aikg.ingest.model import AgencyRef, Obligation, PlanItem, Section
from aikg.ingest.text import clean, match_key

_DUE = re.compile(r"\(\s*trước\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*\)", re.IGNORECASE)
_VERB = re.compile(r"\s(?:gửi\s+)?(?:tổng hợp\s+)?(?:gửi\s+)?báo cáo\b", re.IGNORECASE)
_TO_AFTER_VE = re.compile(r"\bvề\s+(?P<to>(?:sở|ủy ban|uỷ ban|ubnd|bộ|văn phòng)[^()]*?)(?=\s+để\b|\s*[,.;(]|$)",
                          re.IGNORECASE)
_TO_DIRECT = re.compile(r"báo cáo\s+(?P<to>(?:ủy ban|uỷ ban|ubnd|sở|bộ|chủ tịch)[^()]*?)(?=\s+(?:theo|để|việc)\b|"
                        r"\s*[,.;(]|$)", re.IGNORECASE)
_LABEL = re.compile(r"^(?:tổng hợp báo cáo|chế độ báo cáo|thời gian báo cáo)\s*:\s*", re.IGNORECASE)


def obligations(sections: list[Section], gazetteer: Gazetteer) -> tuple[list[Obligation], set[int]]:
    """Obligations of the organisation sections, and the lines they were read from."""
    found: list[Obligation] = []
    lines: set[int] = set()
    for section in sections:
        if section.kind != "organisation":
            continue
        for item in section.items:
            groups = [item.children] if item.children else [[item]]
            for group in groups:
                _read_group(group, gazetteer, found, lines)
    return found, lines


def _read_group(items: list[PlanItem], gazetteer: Gazetteer, found: list[Obligation], lines: set[int]) -> None:
    start = len(found)
    content = None
    previous_reporters: list[AgencyRef] = []
    for item in items:
        text = clean(item.text.replace("\n", " "))
        key = match_key(text)
        if key.startswith("nội dung báo cáo"):
            content = re.sub(r"^nội dung báo cáo\s*:\s*", "", text, flags=re.IGNORECASE)
            lines.update(range(item.span.first, item.span.last + 1))
            continue
        if "báo cáo" not in key or not _has_schedule(key):
            continue
        body = _LABEL.sub("", text)
        reporters = _reporters(body, gazetteer) or previous_reporters
        recipients = _recipients(body, gazetteer)
        previous_reporters = reporters
        for frequency, day, month, due_text, phrase in _schedule(body):
            found.append(Obligation(
                label=phrase, span=item.span, reporters=reporters, recipients=recipients, frequency=frequency,
                due_day=day, due_month=month, due_text=due_text))
        lines.update(range(item.span.first, item.span.last + 1))
    if content:
        for obligation in found[start:]:
            obligation.content = content


def _has_schedule(key: str) -> bool:
    return bool(_DUE.search(key)) or any(w in key for w in ("định kỳ", "định kì", "đột xuất", "cấp bách",
                                                             "hằng năm", "hàng năm", "6 tháng"))


def _reporters(text: str, gazetteer: Gazetteer) -> list[AgencyRef]:
    match = _VERB.search(" " + text)
    if not match:
        return []
    who = text[:max(0, match.start() - 1)]
    return [AgencyRef(m.entry, m.surface) for m in gazetteer.find(who) if m.entry is not None]


def _recipients(text: str, gazetteer: Gazetteer) -> list[AgencyRef]:
    for pattern in (_TO_AFTER_VE, _TO_DIRECT):
        match = pattern.search(text)
        if match:
            found = [AgencyRef(m.entry, m.surface) for m in gazetteer.find(match.group("to")) if m.entry is not None]
            if found:
                return found[:1]
    return []


def _schedule(text: str) -> list[tuple[str | None, int | None, int | None, str | None, str]]:
    """(frequency, day, month, due text, the phrase) for each due date or unscheduled mode in a sentence."""
    out: list[tuple[str | None, int | None, int | None, str | None, str]] = []
    cursor = 0
    for match in _DUE.finditer(text):
        before = text[cursor:match.start()]
        phrase_start = _phrase_start(text, cursor, match.start())
        phrase = clean(text[phrase_start:match.end()])
        key = match_key(before)
        frequency = "semiannual" if re.search(r"6 tháng|sáu tháng", key) else "annual" if "năm" in key else None
        due_text = clean(match.group(0)).strip("() ")
        out.append((frequency, int(match.group("d")), int(match.group("m")), due_text, phrase))
        cursor = match.end()
    rest = text[cursor:]
    key = match_key(rest if out else text)
    if "đột xuất" in key:
        start = (rest if out else text).lower().find("đột xuất")
        source = rest if out else text
        out.append(("ad-hoc", None, None, None, clean(source[start:]).rstrip(".")))
    if not out and "cấp bách" in match_key(text):
        out.append(("urgent", None, None, None, clean(text).rstrip(".")))
    if not out:
        out.append((_frequency_only(match_key(text)), None, None, None, clean(text).rstrip(".")))
    return out


def _phrase_start(text: str, cursor: int, end: int) -> int:
    """Where the phrase naming a due date begins: after the previous due date and any 'và'/','."""
    segment = text[cursor:end]
    match = re.search(r"(?:báo cáo|định k[ỳì]|hàng năm|hằng năm)[^()]*$", segment, re.IGNORECASE)
    offset = match.start() if match else len(segment) - len(segment.lstrip(" ,;và"))
    return cursor + offset


def _frequency_only(key: str) -> str | None:
    if "6 tháng" in key or "sáu tháng" in key:
        return "semiannual"
    if "hằng năm" in key or "hàng năm" in key:
        return "annual"
    return None
