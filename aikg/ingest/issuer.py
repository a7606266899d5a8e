"""Who issued a text, read from its letterhead: a People's Committee of a province, city, ward, commune or
special zone ("ỦY BAN NHÂN DÂN" / "TỈNH BẮC NINH"), a ministry ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"), the
Prime Minister ("THỦ TƯỚNG CHÍNH PHỦ") or the Government; and whether the text is a plan or a decision
that issues one ("QUYẾT ĐỊNH" … "Ban hành kèm theo Quyết định này Kế hoạch …").

The place's name is written as the gazetteer of places (data/places-vn.ttl) writes it when it is there,
else as the letterhead spells it, in title case; the place is never guessed from anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aikg.ingest.layout import Block
from aikg.ingest.text import match_key, slugify

#: The kind of place as a letterhead writes it → the issuer kind reported.
PLACE_KINDS = {"tỉnh": "province", "thành phố": "city", "phường": "ward", "xã": "commune", "đặc khu": "special-zone"}
_COMMITTEE = re.compile(r"^(?:ủy|uỷ) ban nhân dân\s+(?P<kind>tỉnh|thành phố|phường|xã|đặc khu)\s+(?P<name>.+)$")
_COMMITTEE_ALONE = re.compile(r"^(?:ủy|uỷ) ban nhân dân$")
_PLACE_ALONE = re.compile(r"^(?P<kind>tỉnh|thành phố|phường|xã|đặc khu)\s+(?P<name>.+)$")
#: How far into the header a letterhead can be (a web page may put its own lines first).
_LOOK_AHEAD = 60


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer: its slug, its name ('Bắc Ninh') and how texts call its kind ('tỉnh')."""

    slug: str
    name: str
    kind: str


@dataclass(frozen=True)
class Issuer:
    surface: str  # as printed, emphasis removed: "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    kind: str  # province | city | ward | commune | special-zone | ministry | national
    lines: tuple[int, ...]
    place_kind: str | None = None  # "tỉnh", "thành phố", … (None for ministries and national bodies)
    place_name: str | None = None  # "Bắc Ninh"
    name: str | None = None  # the agency's name in running text: "Ủy ban nhân dân tỉnh Bắc Ninh", "Thủ tướng Chính phủ"
    known_place: bool = False  # the gazetteer of places has it

    @property
    def place_slug(self) -> str:
        return slugify(self.place_name) if self.place_name else "vn"


def _title(caps: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in caps.split())


def _place(kind: str, name_caps: str, places: list[Place]) -> tuple[str, bool]:
    key = match_key(name_caps)
    for place in places:
        if match_key(place.name) == key:
            return place.name, True
    return _title(name_caps), False


def find_issuer(header: list[Block], places: list[Place]) -> Issuer | None:
    """The issuer a letterhead names, from the first blocks of the header."""
    blocks = header[:_LOOK_AHEAD]
    for index, block in enumerate(blocks):
        text = block.body.strip(" *")
        key = match_key(text)
        if not text or sum(c.isupper() for c in text) < 0.6 * sum(c.isalpha() for c in text):
            continue  # letterheads are in capitals
        match = _COMMITTEE.match(key)
        lines = tuple(block.lines)
        surface = text
        if match is None and _COMMITTEE_ALONE.match(key) and index + 1 < len(blocks):
            following = blocks[index + 1]
            match = _PLACE_ALONE.match(match_key(following.body))
            if match is not None:
                surface = f"{text} {following.body.strip(' *')}"
                lines = (*lines, *following.lines)
                match = _COMMITTEE.match(match_key(surface))
        if match is not None:
            kind = match.group("kind")
            name_caps = surface[len(surface) - len(match.group("name")):]
            name, known = _place(kind, name_caps, places)
            return Issuer(surface, PLACE_KINDS[kind], lines, kind, name, f"Ủy ban nhân dân {kind} {name}", known)
        if key == "thủ tướng chính phủ":
            return Issuer(surface, "national", lines, name="Thủ tướng Chính phủ")
        if key == "chính phủ":
            return Issuer(surface, "national", lines, name="Chính phủ")
        if key.startswith("bộ ") and len(key) > 5:
            return Issuer(surface, "ministry", lines, name=surface)
    return None


def is_decision(header: list[Block]) -> bool:
    """Whether the text is a decision (QUYẾT ĐỊNH) that issues the plan it carries."""
    titles = [match_key(b.body).strip(" *:") for b in header]
    if "quyết định" not in titles:
        return False
    issues_plan = re.compile(r"\b(?:ban hành|phê duyệt)(?: kèm theo quyết định này)? kế hoạch\b")
    return "kế hoạch" in titles or any(issues_plan.search(key) for key in titles)
