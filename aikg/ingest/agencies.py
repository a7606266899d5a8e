"""A gazetteer of agencies and the splitting of agency lists into agencies.

Names are matched on `match_key` (NFC, case, tone-mark style, '&'), with commas between words optional,
so "Sở Văn hóa Thể thao và Du lịch" and "Sở Văn hóa, Thể thao và Du lịch" land on one entry and
"Sở KH&CN" on "Sở Khoa học và Công nghệ". A list is read left to right, taking at each point the
longest name the gazetteer knows, so that the "và" inside "Sở Khoa học và Công nghệ" is not taken
for a separator while the one in "Sở Nội vụ và các sở, ban, ngành" is.

The built-in entries cover the bodies of a provincial plan; agencies already in data/ (their labels
and alternative labels) are added on top, so a city's curated agencies keep their IRIs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aikg.ingest.text import clean, match_key, slugify


@dataclass(frozen=True)
class Entry:
    """An agency the gazetteer knows. `key` is its slug; national entries live under agency/vn/."""

    key: str
    label_vi: str
    label_en: str
    aliases: tuple[str, ...]
    kind: str | None = None
    collective: bool = False
    national: bool = False
    iri: str | None = None  # set for agencies read from data/
    from_text: bool = False  # a collective named after the plan's own first wording of it


def _e(key: str, vi: str, en: str, *aliases: str, kind: str | None = None, collective: bool = False,
       national: bool = False, from_text: bool = False) -> Entry:
    return Entry(key, vi, en, (vi, *aliases), kind or (None if national else key), collective, national,
                 from_text=from_text)


#: Sectors that have both a ministry (Bộ …) and, in every province and centrally-run city, a department
#: (Sở …): (slug, Vietnamese name, English name, usual abbreviations of the name). The ministry of a
#: sector may carry another name (Ngoại giao / Ngoại vụ): then two rows.
SECTORS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    # (slug, name, English, abbreviations, "both" | "ministry" | "department")
    ("noi-vu", "Nội vụ", "Home Affairs", ("NV",), "both"),
    ("tu-phap", "Tư pháp", "Justice", ("TP",), "both"),
    ("tai-chinh", "Tài chính", "Finance", ("TC",), "both"),
    ("cong-thuong", "Công Thương", "Industry and Trade", ("CT",), "both"),
    ("nong-nghiep-va-moi-truong", "Nông nghiệp và Môi trường", "Agriculture and Environment", ("NN&MT", "NNMT"),
     "both"),
    ("xay-dung", "Xây dựng", "Construction", ("XD",), "both"),
    ("van-hoa-the-thao-va-du-lich", "Văn hóa, Thể thao và Du lịch", "Culture, Sports and Tourism",
     ("VH,TT&DL", "VHTTDL", "Văn hóa Thể thao Du lịch"), "both"),
    ("khoa-hoc-va-cong-nghe", "Khoa học và Công nghệ", "Science and Technology",
     ("KH&CN", "KHCN", "Khoa học Công nghệ", "Khoa học - Công nghệ"), "both"),
    ("giao-duc-va-dao-tao", "Giáo dục và Đào tạo", "Education and Training", ("GD&ĐT", "GDĐT"), "both"),
    ("y-te", "Y tế", "Health", ("YT",), "both"),
    ("dan-toc-va-ton-giao", "Dân tộc và Tôn giáo", "Ethnic and Religious Affairs", ("DT&TG",), "both"),
    ("ngoai-vu", "Ngoại vụ", "Foreign Affairs", (), "department"),
    ("ngoai-giao", "Ngoại giao", "Foreign Affairs", (), "ministry"),
    ("quoc-phong", "Quốc phòng", "National Defence", (), "ministry"),
    ("cong-an", "Công an", "Public Security", (), "ministry"),
    # abolished by the 2025 merger, still named in texts of 2025
    ("thong-tin-va-truyen-thong", "Thông tin và Truyền thông", "Information and Communications", ("TT&TT",),
     "both"),
)
#: Abbreviations that would also read as ordinary words after "Sở"/"Bộ" are not used as aliases.
_AMBIGUOUS_ABBREVIATIONS = {"NV", "TP", "TC", "CT", "XD", "YT"}


def _department_entries() -> tuple[Entry, ...]:
    out = []
    for slug, name, english, abbreviations, scope in SECTORS:
        if scope == "ministry":
            continue
        aliases = tuple(f"Sở {a}" for a in abbreviations if a not in _AMBIGUOUS_ABBREVIATIONS)
        out.append(_e(f"so-{slug}", f"Sở {name}", f"Department of {english}", *aliases))
    return tuple(out)


def _ministry_entries() -> tuple[Entry, ...]:
    out = []
    for slug, name, english, abbreviations, scope in SECTORS:
        if scope == "department":
            continue
        aliases = tuple(f"Bộ {a}" for a in abbreviations if a not in _AMBIGUOUS_ABBREVIATIONS)
        out.append(_e(f"bo-{slug}", f"Bộ {name}", f"Ministry of {english}", *aliases, national=True))
    return tuple(out)


#: How a kind of place is abbreviated after an agency's name, and called in English.
KIND_ABBREVIATIONS = {"thành phố": "TP", "tỉnh": "tỉnh", "phường": "phường", "xã": "xã", "đặc khu": "đặc khu"}
KIND_ENGLISH = {"thành phố": "City", "tỉnh": "Province", "phường": "Ward", "xã": "Commune", "đặc khu": "Special Zone"}

#: Built-in entries of a province-level place. In labels "{place}" is the place's name, "{kind}" its kind
#: as written after an agency ("thành phố", "tỉnh"), "{abbr}" that kind abbreviated ("TP", "tỉnh"),
#: "{Kind_en}" in English ("City", "Province"); keys use "{kind_slug}" ("thanh-pho", "tinh").
CITY_ENTRIES: tuple[Entry, ...] = (
    *_department_entries(),
    _e("cong-an-{kind_slug}", "Công an {kind} {place}", "{place_en} {Kind_en} Police", "Công an {kind}",
       "Công an {abbr}", kind="cong-an-cap-tinh"),
    _e("bo-chi-huy-quan-su-{kind_slug}", "Bộ Chỉ huy Quân sự {kind} {place}", "{place_en} {Kind_en} Military Command",
       "Bộ Chỉ huy Quân sự {kind}", "Bộ CHQS {kind}", "Bộ CHQS {abbr}", kind="bo-chi-huy-quan-su-cap-tinh"),
    _e("thanh-tra-{kind_slug}", "Thanh tra {kind} {place}", "{place_en} {Kind_en} Inspectorate", "Thanh tra {kind}",
       "Thanh tra {abbr}", kind="thanh-tra-cap-tinh"),
    _e("bao-va-phat-thanh-truyen-hinh-{place_slug}", "Báo và Phát thanh, Truyền hình {place}",
       "{place_en} Newspaper, Radio and Television", "Báo và Phát thanh, Truyền hình",
       "Báo và Phát thanh, Truyền hình {kind}", kind="bao-phat-thanh-truyen-hinh-cap-tinh"),
    _e("ubnd-{kind_slug}", "Ủy ban nhân dân {kind} {place}", "{place_en} {Kind_en} People's Committee",
       "Ủy ban nhân dân {kind}", "UBND {kind}", "UBND {abbr}", "UBND {kind} {place}", kind="ubnd-cap-tinh"),
    _e("hdnd-{kind_slug}", "Hội đồng nhân dân {kind} {place}", "{place_en} {Kind_en} People's Council",
       "Hội đồng nhân dân {kind}", "HĐND {kind}", "HĐND {abbr}", kind="hdnd-cap-tinh"),
    _e("chu-tich-ubnd-{kind_slug}", "Chủ tịch Ủy ban nhân dân {kind} {place}",
       "Chair of the {place_en} {Kind_en} People's Committee", "Chủ tịch Ủy ban nhân dân {kind}",
       "Chủ tịch UBND {kind}", "Chủ tịch UBND {abbr}", kind="chu-tich-ubnd-cap-tinh"),
    _e("lanh-dao-ubnd-{kind_slug}", "Chủ tịch và các Phó Chủ tịch Ủy ban nhân dân {kind} {place}",
       "Chair and Vice-Chairs of the {place_en} {Kind_en} People's Committee", "CT và các PCT UBND {kind}",
       "CT, các PCT UBND {abbr}", "CT và các PCT UBND {abbr}", "CT, các PCT UBND {kind}",
       kind="lanh-dao-ubnd-cap-tinh"),
    _e("van-phong-ubnd-{kind_slug}", "Văn phòng Ủy ban nhân dân {kind} {place}",
       "Office of the {place_en} {Kind_en} People's Committee", "Văn phòng UBND {kind}", "VP UBND {kind}",
       "VP UBND {abbr}", "Văn phòng UBND {abbr}", "CVP, các PCVP UBND {abbr}", "CVP, PCVP UBND {abbr}",
       kind="van-phong-ubnd-cap-tinh"),
    _e("cong-thong-tin-dien-tu-{kind_slug}", "Cổng Thông tin điện tử {kind} {place}",
       "{place_en} {Kind_en} e-portal", "Cổng TTĐT {abbr}", "Cổng TTĐT {kind}", "Cổng thông tin điện tử {kind}",
       kind="cong-thong-tin-dien-tu-cap-tinh"),
    # Collectives: one node per place for "all the departments", "all the communes", "other bodies".
    _e("cac-so-ban-nganh", "Các sở, ban, ngành {kind} {place}",
       "Departments, boards and sectors of {place_en} {Kind_en}", "Các sở, ban, ngành", "Sở, ban, ngành",
       "Các sở, ban ngành", "Các sở, ngành", "Các Sở, ban, ngành {kind}", "Các sở, ngành {kind}",
       "Các sở, ban, ngành cấp tỉnh", kind="cac-so-ban-nganh", collective=True),
    _e("ubnd-cap-xa", "Ủy ban nhân dân các xã, phường, đặc khu của {kind} {place}",
       "People's Committees of the communes, wards and special zones of {place_en} {Kind_en}",
       "Ủy ban nhân dân các phường, xã", "Ủy ban nhân dân các xã, phường", "Ủy ban nhân dân xã, phường",
       "Ủy ban nhân dân các xã, phường, đặc khu", "Ủy ban nhân dân xã, phường, đặc khu",
       "UBND các xã, phường, đặc khu", "UBND xã, phường, đặc khu", "UBND các phường, xã", "UBND các xã, phường",
       "Ủy ban nhân dân cấp xã", "UBND cấp xã", "Các địa phương", kind="ubnd-cap-xa", collective=True,
       from_text=True),
    _e("cac-co-quan-to-chuc-lien-quan", "Các cơ quan, tổ chức, đơn vị có liên quan",
       "Other relevant bodies and organisations", "Các cơ quan, tổ chức có liên quan", "Các cơ quan, tổ chức liên quan",
       "Các cơ quan, đơn vị có liên quan", "Các cơ quan, đơn vị liên quan", "Cơ quan, đơn vị có liên quan",
       "Cơ quan, đơn vị liên quan", "Các cơ quan liên quan", "Các cơ quan có liên quan", "Các đơn vị liên quan",
       "Các đơn vị có liên quan", "Các cơ quan, tổ chức", "Các cơ quan, đơn vị",
       "Các cơ quan, đơn vị, địa phương liên quan", "Các cơ quan, đơn vị, địa phương có liên quan",
       "Các cơ quan, địa phương liên quan", "Các cơ quan, địa phương có liên quan",
       "Các cơ quan, tổ chức khác có liên quan", "Các cơ quan, tổ chức khác liên quan",
       kind="cac-co-quan-to-chuc-lien-quan", collective=True, from_text=True),
)

NATIONAL_ENTRIES: tuple[Entry, ...] = (
    *_ministry_entries(),
    _e("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "Prime Minister", national=True),
    _e("chinh-phu", "Chính phủ", "Government", national=True),
    _e("van-phong-chinh-phu", "Văn phòng Chính phủ", "Office of the Government", national=True),
    _e("quoc-hoi", "Quốc hội", "National Assembly", national=True),
    _e("thanh-tra-chinh-phu", "Thanh tra Chính phủ", "Government Inspectorate", national=True),
    _e("ngan-hang-nha-nuoc-viet-nam", "Ngân hàng Nhà nước Việt Nam", "State Bank of Vietnam",
       "Ngân hàng Nhà nước", national=True),
    _e("cac-bo-co-quan-ngang-bo", "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
       "Ministries, ministry-level agencies and government agencies", "Các bộ, cơ quan ngang bộ",
       "Các bộ, ngành", national=True, collective=True),
    _e("ubnd-cac-tinh-thanh-pho", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
       "People's Committees of the provinces and centrally-run cities",
       "UBND các tỉnh, thành phố trực thuộc trung ương",
       "Ủy ban nhân dân các tỉnh, thành phố", "UBND các tỉnh, thành phố", national=True, collective=True),
)

#: Words that open an agency name the gazetteer does not know (reported as new agencies to review).
_HEAD_WORDS = ("sở", "ban", "ủy ban", "ubnd", "công an", "bộ", "báo", "đài", "văn phòng", "trung tâm", "cục",
               "chi cục", "hội", "liên đoàn", "kho bạc", "ngân hàng", "thanh tra", "viện", "trường", "bộ chỉ huy",
               "các cơ quan", "các đơn vị", "cơ quan", "đơn vị", "hđnd", "chủ tịch", "thủ trưởng", "doanh nghiệp")
#: Qualifiers after a name that do not change which agency it is.
_QUALIFIER = re.compile(
    r"^(?:\s*,\s*(?:thành phố|tỉnh|tp)(?!\s+\w)|\s+(?:thành phố|tỉnh|tp)\b|"
    r"\s*,?\s*(?:có liên quan|liên quan|trên địa bàn(?: thành phố| tỉnh)?|"
    r"theo chức năng,? nhiệm vụ(?: quản lý)?(?: được giao)?|theo chức năng|trong phạm vi quản lý|"
    r"trong phạm vi,? chức năng,? nhiệm vụ(?: của mình| được giao)?|"
    r"\(b/c\)|\(để b/c\)))+")
_RELATED = re.compile(r"^(?:(?:\s+khác)?\s+(?:có\s+)?liên quan\b|\s+thuộc\s+(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)"
                      r"\s+(?:thành phố|tỉnh)\b)")
#: Words that refer to a collective without naming it.
_GENERIC = frozenset({"địa phương", "các địa phương"})
#: After a name: a remark in brackets, and "khác" (other …), both part of how the text names it.
_REMARK = re.compile(r"^\s*\([^()]*\)")
_OTHER = re.compile(r"^\s+(?:khác|theo quy định)\b")
#: A place with no head word after a committee's name: the head names that place's committee too.
_PLACE_PART = re.compile(r"^(?:thành phố|tỉnh|tp\.?)\s+\S")
#: Words that go on naming a branch of the agency just named ("Ngân hàng Nhà nước khu vực XII").
_NAME_CONTINUATION = re.compile(r"^(?:khu vực|chi nhánh)\b")
_SPACE = re.compile(r"\s+")
_SEPARATOR = re.compile(r"(?:[,;.:]|(?:và|với|cùng|hoặc)(?=\s|$))\s*")
_WORD = re.compile(r"[^\s,;.:]+")


@dataclass(frozen=True)
class Mention:
    """A span of text that names an agency (or, with entry None, a name the gazetteer does not know)."""

    entry: Entry | None
    surface: str  # as written (original case), qualifiers trimmed


@dataclass
class Gazetteer:
    """Known agencies for one place; `find` splits a list of names into mentions.

    `kind` is how the text calls the place ("thành phố", "tỉnh", "phường", "xã", "đặc khu"); None for a
    national issuer (ministries and the Government: no place-level entries)."""

    city: str
    city_en: str
    kind: str | None = "thành phố"
    entries: list[Entry] = field(default_factory=list)
    _patterns: list[tuple[re.Pattern[str], Entry]] = field(default_factory=list)
    _named: dict[str, Entry] = field(default_factory=dict)

    @classmethod
    def builtin(cls, city: str, city_en: str, known: list[Entry] | None = None,
                kind: str | None = "thành phố") -> Gazetteer:
        """The built-in entries, with `known` agencies (from data/) first so that their IRIs win.

        A built-in entry whose kind matches exactly one known agency of the city is that agency: its
        spellings are added to the known node instead of minting a second one.
        """
        gazetteer = cls(city, city_en, kind)
        known = list(known or [])
        by_kind: dict[tuple[str | None, bool], list[Entry]] = {}
        for entry in known:
            by_kind.setdefault((entry.kind, entry.national), []).append(entry)
        merged: set[str] = set()
        for entry in (*(CITY_ENTRIES if kind else ()), *NATIONAL_ENTRIES):
            same = by_kind.get((entry.kind, entry.national), []) if entry.kind else []
            same = same or [k for k in known if k.key == entry.key and k.national == entry.national]
            if len(same) == 1:
                target = same[0]
                merged.add(target.iri or target.key)
                gazetteer.add(Entry(target.key, target.label_vi, target.label_en,
                                    tuple(dict.fromkeys((*target.aliases, *entry.aliases))), target.kind,
                                    target.collective, target.national, target.iri))
            else:
                gazetteer.add(entry)
        for entry in known:
            if (entry.iri or entry.key) not in merged:
                gazetteer.add(entry)
        return gazetteer

    def add(self, entry: Entry) -> None:
        entry = Entry(self._fill(entry.key), self._fill(entry.label_vi),
                      self._fill(entry.label_en), tuple(self._fill(a) for a in entry.aliases), entry.kind,
                      entry.collective, entry.national, entry.iri, entry.from_text)
        self.entries.append(entry)
        for alias in entry.aliases:
            self._patterns.append((_alias_pattern(alias), entry))
        # longest alias first, so that "Sở Khoa học và Công nghệ" beats "Sở Khoa học"
        self._patterns.sort(key=lambda pe: -len(pe[0].pattern))

    def _as_named(self, entry: Entry, surface: str) -> Entry:
        """A collective the plan names in its own words ('Ủy ban nhân dân các phường, xã' in Huế, 'các xã,
        phường, đặc khu' in Hải Phòng) takes its label and slug from the first wording seen, as data/ does;
        later spellings are its alternative labels."""
        if not entry.from_text or entry.iri:
            return entry
        if match_key(surface) in _GENERIC and entry.key not in self._named:
            return entry  # "địa phương" names the communes' committees, but is no name to label them by
        if entry.key not in self._named:
            label = collective_name(surface)
            slug = slugify(re.sub(r"^(?:Ủy|Uỷ) ban nhân dân", "UBND", label))
            self._named[entry.key] = Entry(slug, label, entry.label_en, entry.aliases, entry.kind, True,
                                           entry.national)
        return self._named[entry.key]

    def _fill(self, text: str) -> str:
        kind = self.kind or ""
        words = {"{place}": self.city, "{place_en}": self.city_en, "{place_slug}": slugify(self.city),
                 "{kind}": kind, "{kind_slug}": slugify(kind), "{abbr}": KIND_ABBREVIATIONS.get(kind, kind),
                 "{Kind_en}": KIND_ENGLISH.get(kind, "")}
        for placeholder, value in words.items():
            text = text.replace(placeholder, value)
        return text

    def lookup(self, name: str) -> Entry | None:
        """The entry a whole name matches, if any."""
        mentions = self.find(name)
        return mentions[0].entry if len(mentions) == 1 else None

    def find(self, text: str) -> list[Mention]:
        """Split a list of agency names into mentions, in text order (unknown names have entry None)."""
        original = clean(text)
        if re.match(r"^[-–+]\s", original):
            # a cell written as a '- ' bullet list: every bullet opens a new name
            original = re.sub(r"(?:^|(?<=\s))[-–+]\s+", "; ", original).lstrip("; ")
        key = match_key(original)
        # match_key only changes case, tone style, spacing around '&': map positions back to the original
        # through a cleaned copy with the same spacing rule.
        shown = re.sub(r"\s*&\s*", "&", original)
        mentions: list[Mention] = []
        mentions_end: list[int | None] = [None]  # where the last known name starts, while no ';' intervened
        state = {"after_name": False, "prose": False}
        pos, unknown = 0, None
        joined_by_and = False  # the last separator was "và"

        def flush(end: int) -> None:
            nonlocal unknown
            if unknown is not None:
                surface = shown[unknown:end].strip(" ,;.:-–")
                previous = mentions[-1] if mentions else None
                if state["prose"] or (surface and state["after_name"] and previous is not None
                                      and previous.entry is not None and surface[:1].islower()
                                      and not looks_like_agency(surface)):
                    if not state["prose"] and _NAME_CONTINUATION.match(match_key(surface)):
                        # "Ngân hàng nhà nước khu vực XII": a branch the gazetteer does not know, kept whole
                        mentions[-1] = Mention(None, f"{previous.surface} {surface}")
                    else:
                        # "Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu": what the agency
                        # does, up to the next ';', names no agency
                        state["prose"] = True
                    unknown = None
                    return
                if (surface and previous is not None and previous.entry is not None and mentions_end[0] is not None
                        and _PLACE_PART.match(match_key(surface)) and not looks_like_agency(surface)):
                    # "UBND thành phố Hà Nội, Thành phố Hồ Chí Minh": the head names the committees of both
                    # places; kept whole as the text writes it (a name the gazetteer does not know), never
                    # merged with the first place's committee
                    whole = shown[mentions_end[0]:end].strip(" ,;.:-–")
                    mentions[-1] = Mention(None, whole)
                    unknown = None
                    return
                if (surface and joined_by_and and previous is not None and previous.entry is None
                        and looks_like_agency(previous.surface) and not looks_like_agency(surface)
                        and surface[:1].isupper()):
                    # "Liên hiệp các Hội Khoa học và Kỹ thuật": the "và" joins two words of one name
                    mentions[-1] = Mention(None, f"{previous.surface} và {surface}")
                elif surface:
                    mentions.append(Mention(None, surface))
                unknown = None

        # Word by word: a known name is taken whole (longest match); words between known names, up to a
        # separator, are one unknown name, so prose around a list ("đề nghị các Sở, ban, ngành …") is
        # kept apart from the names in it.
        while pos < len(key):
            space = _SPACE.match(key, pos)
            if space:
                pos = space.end()
                continue
            if key[pos] == "(" and unknown is not None:
                close = key.find(")", pos)
                pos = close + 1 if close > 0 else pos + 1  # a remark in brackets: its commas separate nothing
                continue
            separator = _SEPARATOR.match(key, pos)
            if separator:
                flush(pos)
                joined_by_and = separator.group(0).strip() == "và"
                if separator.group(0).strip() == ";":
                    mentions_end[0] = None
                    state["prose"] = False
                state["after_name"] = False
                pos = separator.end()
                continue
            best: tuple[int, Entry] | None = None
            for pattern, entry in self._patterns:
                match = pattern.match(key, pos)
                if match and (best is None or match.end() > best[0]):
                    best = (match.end(), entry)
            if best is not None:
                flush(pos)
                end = best[0]
                related = _RELATED.match(key[end:])
                if related:  # "Sở, ban, ngành có liên quan": the words are part of how the text names it
                    end += related.end()
                name = shown[pos:end].strip(" ,;.")
                other = _OTHER.match(key[end:])
                if other:
                    end += other.end()  # "UBND các tỉnh, thành phố khác": how the text names them
                remark = _REMARK.match(key[end:])
                if remark and not _QUALIFIER.match(key[end:]):
                    end += remark.end()  # "Bộ Nông nghiệp và Môi trường (mạng lưới quốc gia)": kept as written
                surface = shown[pos:end].strip(" ,;.")
                mentions.append(Mention(self._as_named(best[1], name), surface))
                mentions_end[0] = pos
                state["after_name"], state["prose"] = True, False
                qualifier = _QUALIFIER.match(key[end:])
                pos = end + (qualifier.end() if qualifier else 0)
                continue
            if unknown is None:
                unknown = pos
            word = _WORD.match(key, pos)
            pos = word.end() if word else pos + 1
        flush(len(key))
        return mentions


def collective_name(surface: str) -> str:
    """'cơ quan, đơn vị có liên quan' → 'Các cơ quan, đơn vị liên quan'; 'Ủy ban nhân dân xã, phường' →
    'Ủy ban nhân dân các xã, phường': the plural 'các' always, 'có liên quan' as 'liên quan'."""
    name = re.sub(r"\bcó liên quan\b", "liên quan", clean(surface))
    name = re.sub(r"^((?:Ủy|Uỷ|ủy|uỷ) ban nhân dân|UBND)\s+(?!các\b)", r"\1 các ", name)
    if not re.match(r"^(?:các|Các|Ủy|Uỷ|ủy|uỷ|UBND)\b", name):
        name = f"các {name}"
    return name[0].upper() + name[1:]


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """A regex for an alias: words in order, commas between words optional, '-' and spaces alike."""
    words = [re.escape(w) for w in re.split(r"[\s,]+", match_key(alias).replace(" - ", " ")) if w]
    if len(words) > 1 and words[0] in ("các", "những"):
        words = words[1:]  # "các" is optional in front of every name
    return re.compile(r"(?:các\s+)?" + r"[\s,\-]+".join(words) + r"(?![\w&])")


def looks_like_agency(surface: str) -> bool:
    """Whether an unknown name opens like an agency name (else it is text that names no agency)."""
    key = match_key(surface)
    return key.startswith(tuple(f"{w} " for w in _HEAD_WORDS)) or key.startswith(("các ", "những "))


def new_entry(surface: str) -> Entry:
    """An entry for a name the gazetteer does not know: its slug from the name, no kind."""
    name = clean(surface)
    name = name[0].upper() + name[1:] if name else name
    collective = match_key(name).startswith(("các ", "những "))
    return Entry(slugify(name), name, f"{name} (name not translated)", (name,), None, collective, False)
