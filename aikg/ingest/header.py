"""The parts of a plan around its tasks: number and date, title, what it implements, issuer, signature,
recipients (Nơi nhận), and instruments cited by number anywhere in the text.
"""

from __future__ import annotations

import re
from datetime import date

from aikg.config import DEFAULT_BASE
from aikg.ingest.agencies import Gazetteer
from aikg.ingest.knowledge import Knowledge
from aikg.ingest.layout import Block
from aikg.ingest.model import AgencyRef, InstrumentRef, Recipient, Signatory, Span
from aikg.ingest.text import clean, match_key, sentence_case, slugify

_NUMBER_LINE = re.compile(r"^số\s*:?\s*(?P<num>[^,]*?/\s*[a-zđ]+(?:-[a-zđ]+)*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"(?P<place>[^\d,]+?),\s*ngày\s+(?P<d>\d{0,2})\s*tháng\s+(?P<m>\d{0,2})\s*năm\s+(?P<y>\d{4})",
                         re.IGNORECASE)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)
#: An instrument number: 367/QĐ-TTg, 134/2025/QH15, 80/2025/NĐ-CP, 05/2026/TT-BKHCN, 213/KH-UBND.
_INSTRUMENT_NO = re.compile(r"\b(?P<num>\d{1,4}\s*(?:/\s*\d{4})?\s*/\s*(?:QĐ|NĐ|TT|QH|NQ|CT|KH)"
                            r"(?:-\s?(?-i:[A-ZĐ])[\w\-]*|[\w\-]*))",
                            re.IGNORECASE)
_TYPE_WORDS = (("luat", ("luật",)), ("nd", ("nghị định",)), ("qd", ("quyết định",)), ("tt", ("thông tư",)),
               ("nq", ("nghị quyết",)), ("ct", ("chỉ thị",)), ("kh", ("kế hoạch",)))
_MOTTO = ("cộng hòa xã hội chủ nghĩa việt nam", "cộng hoà xã hội chủ nghĩa việt nam", "độc lập - tự do - hạnh phúc")


def parse_date(text: str) -> date | None:
    match = _DATE_WORDS.search(text) or _DATE_SLASH.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def normalise_number(text: str) -> str:
    """'213 /KH-UBND' → '213/KH-UBND', '227/QĐ- TTg' → '227/QĐ-TTg'; 'QD' stays as written."""
    return re.sub(r"-\s+", "-", re.sub(r"\s*/\s*", "/", clean(text)))


def number_and_place_date(block: Block) -> tuple[str | None, bool, str | None, date | None, int | None]:
    """From 'Số: 213/KH-UBND   Huế, ngày 13 tháng 4 năm 2026': (number, is-number-line, place, date, year)."""
    text = block.body
    number_match = _NUMBER_LINE.match(text)
    number = None
    if number_match:
        raw = normalise_number(number_match.group("num"))
        number = raw if re.match(r"^\d", raw) else None  # "Số: /KH-UBND" is a number left blank
    place_date = _PLACE_DATE.search(text[number_match.end():] if number_match else text)
    place = year = None
    when = None
    if place_date:
        place = clean(place_date.group("place"))
        year = int(place_date.group("y"))
        if place_date.group("d") and place_date.group("m"):
            try:
                when = date(year, int(place_date.group("m")), int(place_date.group("d")))
            except ValueError:
                when = None
    return number, bool(number_match), place, when, year


def is_plan_title(block: Block) -> bool:
    return match_key(block.body) in ("kế hoạch", "dự thảo kế hoạch")


def is_motto_or_issuer_caps(block: Block, city: str) -> bool:
    """'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'ỦY BAN NHÂN DÂN', 'THÀNH PHỐ HUẾ'."""
    key = match_key(block.body)
    return key in _MOTTO or key in ("ủy ban nhân dân", "uỷ ban nhân dân", f"thành phố {match_key(city)}",
                                    f"tỉnh {match_key(city)}") or key.startswith("độc lập")


def instrument_refs(text: str, line: int, knowledge: Knowledge, fallback_year: int | None) -> list[InstrumentRef]:
    """Instruments cited by number in a text, as IRIs of docs/MODEL.md (or the IRI data/ already uses)."""
    refs = []
    for match in _INSTRUMENT_NO.finditer(text):
        number = normalise_number(match.group("num"))
        before = match_key(text[max(0, match.start() - 120):match.start()])
        kind = _kind(number, before)
        if kind == "kh":
            continue  # a plan citing itself (in its appendix heading)
        after = text[match.end():match.end() + 40]
        when = parse_date(after) if re.match(r"^\s*ngày", after) else None
        year_in_number = re.search(r"/(\d{4})/", number)
        year = int(year_in_number.group(1)) if year_in_number else (when.year if when else fallback_year)
        known = knowledge.instrument_by_number(number)
        iri = known or f"{DEFAULT_BASE}eli/vn/{kind if kind != 'other' else 'vb'}/{year}/{slugify(number)}"
        label = _label(kind, number)
        refs.append(InstrumentRef(iri, number, kind, label, when, line, known is not None))
    return refs


def _kind(number: str, before: str) -> str:
    upper = number.upper()
    if "/QĐ" in upper:
        return "qd"
    if "/NĐ" in upper:
        return "nd"
    if "/TT" in upper:
        return "tt"
    if "/KH" in upper:
        return "kh"
    if "/NQ" in upper:
        return "nq"
    if "/QH" in upper:
        tail = before[-80:]
        return "nq" if "nghị quyết" in tail and "luật" not in tail else "luat"
    for kind, words in _TYPE_WORDS:
        if any(w in before[-40:] for w in words):
            return kind
    return "other"


def _label(kind: str, number: str) -> str:
    names = {"luat": "Luật", "nd": "Nghị định", "qd": "Quyết định", "tt": "Thông tư", "nq": "Nghị quyết",
             "ct": "Chỉ thị", "kh": "Kế hoạch", "other": "Văn bản"}
    return f"{names[kind]} số {number}"


def issuer_from_text(text: str, gazetteer: Gazetteer) -> AgencyRef | None:
    """'Ủy ban nhân dân thành phố Huế ban hành Kế hoạch' → the city People's Committee."""
    match = re.search(r"(?P<who>(?:Ủy|Uỷ) ban nhân dân (?:thành phố|tỉnh|phường|xã|đặc khu)[^,.;]*?)\s+ban hành",
                      text, re.IGNORECASE)
    if not match:
        return None
    mentions = gazetteer.find(match.group("who"))
    return AgencyRef(mentions[0].entry, mentions[0].surface) if mentions and mentions[0].entry else None


def signature(blocks: list[Block], gazetteer: Gazetteer) -> tuple[Signatory | None, AgencyRef | None, list[int]]:
    """The signature block: 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' and the signer's name."""
    if not blocks:
        return None, None, []
    name_block = None
    caps: list[Block] = []
    for block in blocks:
        letters = [c for c in block.body if c.isalpha()]
        if letters and all(c.isupper() for c in letters):
            caps.append(block)
        elif _looks_like_name(block.body) and name_block is None:
            name_block = block
    if not caps and name_block is None:
        return None, None, []
    used = [b.first for b in caps] + ([name_block.first] if name_block else [])
    issuer = None
    for block in caps:
        if re.match(r"^tm\.?\s*", match_key(block.body)):
            who = re.sub(r"^tm\.?\s*", "", clean(block.body), flags=re.IGNORECASE)
            if match_key(who) in ("ủy ban nhân dân", "uỷ ban nhân dân"):
                entry = gazetteer.lookup(f"Ủy ban nhân dân {gazetteer.kind}") if gazetteer.kind else None
                issuer = AgencyRef(entry, who) if entry else None
    if name_block is None:
        return None, issuer, used
    positions = [b for b in caps if b.first < name_block.first]
    position = None
    if positions:
        last = re.sub(r"^(?:kt|tm|q|tl|tuq)\.?\s*", "", clean(positions[-1].body), flags=re.IGNORECASE)
        position = sentence_case(last)
    span = Span.of(used)
    block_text = "\n".join(b.body for b in positions) if positions else ""
    return Signatory(clean(name_block.body), position, block_text, span, name_block.first), issuer, used


def _looks_like_name(text: str) -> bool:
    words = clean(text).split(" ")
    return 2 <= len(words) <= 6 and all(w[:1].isupper() and w[1:].islower() for w in words if w)


def recipients(blocks: list[Block], gazetteer: Gazetteer) -> tuple[list[Recipient], list[int]]:
    """Entries of 'Nơi nhận:', each with the agency it names when the gazetteer knows it."""
    out: list[Recipient] = []
    used: list[int] = []
    for block in blocks:
        if match_key(block.body).startswith("nơi nhận"):
            used.extend(block.lines)
            continue
        if block.kind != "bullet":
            continue
        label = re.sub(r"[;.]+$", "", block.body).strip()
        mentions = gazetteer.find(label)
        agency = None
        if mentions and mentions[0].entry is not None and label.lower().startswith(mentions[0].surface.lower()):
            agency = AgencyRef(mentions[0].entry, mentions[0].surface)
        out.append(Recipient(label, block.first, agency))
        used.extend(block.lines)
    return out, used


def place_label(texts: list[str], place_slug: str) -> tuple[str | None, str | None]:
    """('Thành phố Huế', 'Huế') as the text names the place whose slug is given."""
    pattern = re.compile(r"\b(thành phố|tỉnh)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})", re.IGNORECASE)
    for text in texts:
        for match in pattern.finditer(text):
            words = match.group(2).split()
            for n in range(len(words), 0, -1):
                name = " ".join(words[:n])
                if slugify(name) == place_slug and name[0].isupper():
                    kind = match.group(1)
                    return f"{kind[0].upper()}{kind[1:].lower()} {name}", name
    return None, None
