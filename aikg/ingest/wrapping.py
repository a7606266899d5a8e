"""Texts as web copies deliver them: lines hard-wrapped at a fixed width, Markdown emphasis, table cells
flattened into lines that hold only `|`, rules of dashes.

Official files (.docx, .pdf, the seeds' .txt) hold one paragraph per line; a web copy cuts every
paragraph at about 80 columns, often inside a name ("Cơ quan chủ trì: Bộ Công" / "an."). This module
says whether a text is hard-wrapped and, if so, whether a line continues the one above it.
"""

from __future__ import annotations

import re

from aikg.ingest.text import clean

#: Lines that carry no words: a table cell opener `|`, rules `---`, stray emphasis `** **`, dots `…....`.
_FURNITURE = re.compile(r"^[\s|*_#=~\-–—.…X]*$")
_EMPHASIS = re.compile(r"\*+")
_HEADING = re.compile(r"^#+\s*")
#: Share of lines with text that must run straight on into the next line for a text to count as wrapped.
_WRAPPED_SHARE = 0.2


def is_furniture(line: str) -> bool:
    """A line with no words (only `|`, dashes, asterisks, dots); blank lines are not furniture."""
    return bool(line.strip()) and bool(_FURNITURE.match(line))


def is_cell_opener(line: str) -> bool:
    return line.strip() == "|"


def plain(text: str) -> str:
    """The text without Markdown emphasis (`*`, `**`, anywhere) and heading marks, white space collapsed."""
    return clean(_EMPHASIS.sub("", _HEADING.sub("", clean(text))))


def is_hard_wrapped(lines: list[str] | tuple[str, ...]) -> bool:
    """Whether paragraphs were cut into lines: many lines run on into the next without a full stop,
    and the next starts without a list marker."""
    lines = list(lines)
    # a one-line table cell (between two `|` lines) says nothing about how paragraphs are set
    texts = [line for i, line in enumerate(lines) if line.strip() and not is_furniture(line)
             and not (0 < i < len(lines) - 1 and is_cell_opener(lines[i - 1]) and is_cell_opener(lines[i + 1]))]
    if len(texts) < 10:
        return False
    runs = 0
    for above, below in zip(lines, lines[1:], strict=False):
        a, b = plain(above), plain(below)
        if a and b and not is_furniture(above) and not is_furniture(below) and not a.endswith((".", ";", ":")) \
                and not re.match(r"^(?:[-+•]|\d+[.)]|[a-zđ]\)|[IVX]+\.)\s", b):
            runs += 1
    return runs >= _WRAPPED_SHARE * len(texts)


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def continues(above: str, below: str) -> bool:
    """In a hard-wrapped text, whether line `below` (with no marker of its own) continues line `above`.

    Breaks: after a line whose emphasis closes at its end when the next starts a capitalised phrase
    (`**1. Mục đích**` / `Xác định …`); between a line in capitals and one that is not (a title and the
    preamble below it); after a full stop, colon or semicolon when the next line starts with a capital.
    """
    a, b = plain(above), plain(below)
    if not a or not b:
        return False
    starts_upper = b[0].isupper()
    if re.search(r"\*\s*$", above) and starts_upper and not _mostly_upper(a) and not a.endswith(","):
        return False
    if _mostly_upper(a) != _mostly_upper(b) and starts_upper and len(b) > 3:
        return False
    if a.endswith((".", ":", ";", "!", "?", ".)")) and starts_upper:
        return False
    return True
