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
from aikg.ingest.model import AgencyRef, Obligation, PlanItem, Section, Span
from aikg.ingest.text import clean, match_key

_DUE = re.compile(r"\(\s*trước\s+(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*\)", re.IGNORECASE)
_VERB = re.compile(r"\s(?:gửi\s+)?(?:tổng hợp\s+)?(?:gửi\s+)?báo cáo\b", re.IGNORECASE)
_TO_AFTER_VE = re.compile(r"\bvề\s+(?P<to>(?:sở|ủy ban|uỷ ban|ubnd|bộ|văn phòng)[^()]*?)(?=\s+để\b|\s*[,.;(]|$)",
                          re.IGNORECASE)
_TO_DIRECT = re.compile(r"báo cáo\s+(?P<to>(?:ủy ban|uỷ ban|ubnd|sở|bộ|chủ tịch)[^()]*?)(?=\s+(?:theo|để|việc)\b|"
                        r"\s*[,.;(]|$)", re.IGNORECASE)
_LABEL = re.compile(r"^(?:tổng hợp báo cáo|chế độ báo cáo|thời gian báo cáo)\s*:\s*", re.IGNORECASE)


def obligations(sections: list[Section], gazetteer: Gazetteer) -> tuple[list[Obligation], set[int]]:
    """Obligations of the organisation sections, and the lines they were read from.

    Where the plan has a reporting regime with dates or frequencies (Huế IV.4), that is read. Where it
    has none (Hải Phòng), a sentence in which named bodies 'báo cáo … về <agency>' is an obligation
    without a schedule."""
    found: list[Obligation] = []
    lines: set[int] = set()
    organisation = [s for s in sections if s.kind == "organisation"]
    for section in organisation:
        for item in section.items:
            groups = [item.children] if item.children else [[item]]
            for group in groups:
                _read_group(group, gazetteer, found, lines)
    if not found:
        for section in organisation:
            for item in (i for top in section.items for i in top.walk()):
                for text, span in item.paragraphs:
                    obligation = _unscheduled(text, span, gazetteer)
                    if obligation is not None:
                        found.append(obligation)
                        lines.update(range(span.first, span.last + 1))
    return found, lines



_REPORTS_TO = re.compile(r"(?:^|[\s;,])báo cáo\s+(?P<what>[^;]*?)\s*\bvề\s+(?P<to>[^;]+)$", re.IGNORECASE)
_RAISES_TO = re.compile(r"(?:^|\s)(?P<when>kịp thời\s+)?phản ánh\s*(?P<what>[^;]*?)\s*\bvề\s+(?P<to>[^;]+)$",
                        re.IGNORECASE)
_COMPILES = re.compile(r"(?:^|[\s;,])tổng hợp,?\s+báo cáo\s+(?P<what>kết quả[^;,.]*?)(?:\s+theo quy định)?\s*[.;]?$",
                       re.IGNORECASE)


def _agencies(text: str, gazetteer: Gazetteer) -> list[AgencyRef]:
    return [AgencyRef(m.entry, m.surface) for m in gazetteer.find(text) if m.entry is not None]


def _unscheduled(text: str, span: Span, gazetteer: Gazetteer) -> Obligation | None:
    """A reporting duty stated without a schedule, in one of three forms:
    '<bodies> … báo cáo <what> về <agency>' (to whom, no date); '<bodies> kịp thời phản ánh <what> về
    <agency>' (ad hoc: difficulties as they arise); '<agency> chủ trì … tổng hợp báo cáo kết quả …'
    (who compiles and reports, with no recipient named)."""
    text = clean(text)
    label = text.rstrip(".")
    for match in _REPORTS_TO.finditer(text):
        reporters = _agencies(text[:match.start()], gazetteer)
        recipients = _recipients(text[match.start():], gazetteer)
        if reporters and recipients:
            return Obligation(label=label, span=span, reporters=reporters, recipients=recipients,
                              frequency=None, content=clean(match.group("what")) or None)
    match = _RAISES_TO.search(text)
    if match:
        reporters = _agencies(text[:match.start()], gazetteer)
        recipients = [r for r in _agencies(match.group("to"), gazetteer)][:1]
        if reporters and recipients:
            return Obligation(label=label, span=span, reporters=reporters, recipients=recipients,
                              frequency="ad-hoc" if match.group("when") else None,
                              due_text=clean(match.group("when")) if match.group("when") else None,
                              content=clean(match.group("what")) or None)
    match = _COMPILES.search(text)
    lead = re.search(r"^(?:giao\s+)?(?P<who>.+?)\s+chủ trì\b", text, re.IGNORECASE)
    if match and lead:
        reporters = _agencies(lead.group("who"), gazetteer)
        if reporters:
            return Obligation(label=label, span=span, reporters=reporters, recipients=[], frequency=None,
                              due_text="theo quy định" if "theo quy định" in match.group(0) else None,
                              content=clean(match.group("what")))
    return None


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
