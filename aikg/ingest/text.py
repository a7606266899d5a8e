"""Small text helpers shared by the ingester: NFC, URI slugs, and a comparison key for Vietnamese.

Vietnamese text reaches us in several Unicode forms and two tone-mark conventions ("hoá" / "hóa",
"uỷ" / "ủy"); names only compare equal after both are normalised, so every matcher uses `match_key`.
"""

from __future__ import annotations

import re
import unicodedata

#: Old-style tone placement on the first vowel of "oa/oe/uy" → new style on the second (NFC pairs).
_TONE_STYLE = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}
_TONE_RE = re.compile("|".join(sorted(_TONE_STYLE, key=len, reverse=True)))
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2019": "'", "\u201c": '"',
                         "\u201d": '"', "\ufeff": ""})


def nfc(text: str) -> str:
    """NFC form, the one the data is written in."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, typographic dashes/quotes/no-break spaces made plain, runs of white space collapsed, trimmed."""
    return re.sub(r"\s+", " ", nfc(text).translate(_DASHES)).strip()


def match_key(text: str) -> str:
    """A key for comparing names: cleaned, case-folded, one tone-mark convention, '&' without spaces."""
    key = clean(text).casefold()
    key = _TONE_RE.sub(lambda m: _TONE_STYLE[m.group(0)], key)
    key = re.sub(r"\s*&\s*", "&", key)
    return key


def strip_diacritics(text: str) -> str:
    """ASCII letters for Vietnamese: marks removed, đ → d."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def slugify(text: str) -> str:
    """The URI slug of docs/MODEL.md: lower-case ASCII words joined by '-'."""
    ascii_text = strip_diacritics(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def letter_slug(letter: str) -> str:
    """A lettered item's URI segment: 'đ' is written 'dd' so that it stays distinct from 'd'."""
    letter = nfc(letter).lower()
    return "dd" if letter == "đ" else slugify(letter)


def trim_value(text: str) -> str:
    """A field value without surrounding white space and a final full stop, semicolon or comma."""
    return re.sub(r"[\s.;,]+$", "", clean(text))


def sentence_case(text: str) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch'-like: first letter upper, the rest lower (positions in caps blocks)."""
    words = clean(text).lower().split(" ")
    titled = {"chủ", "ủy", "hội", "nhân", "dân"}
    out = [w if i else w.capitalize() for i, w in enumerate(words)]
    # Vietnamese titles capitalise "Chủ tịch" as a unit after the first word ("Phó Chủ tịch").
    return " ".join(w.capitalize() if i and w in titled and words[i - 1] in {"phó", "thường"} else w
                    for i, w in enumerate(out))
