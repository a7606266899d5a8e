"""Tables as web copies flatten them: each cell opened by a line holding only `|`, its text on the lines
below; an empty cell (two `|` lines in a row) ends a row.

An empty cell inside a row looks the same as a row's end, so rows are rebuilt with the header's width:
a row number ("1", "2.") opens a row; a short piece that follows a row too short for the header is the
rest of that row (after an empty cell); a piece with a roman numeral or a capital letter and at most one
more cell ("**II**" | "**TITLE**", or "I. Kinh tế số" alone) is a group heading; any other piece is a row
that shares the cells it lacks with the row above (a rowspan), numbered after it ("1+1"). Row numbers
that start again without a group heading (a copy that lost part of the table) belong to group "?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aikg.ingest.reader import SourceText
from aikg.ingest.wrapping import is_cell_opener, is_furniture, plain

_ROW_NUMBER = re.compile(r"^(\d{1,3})\.?$")
_GROUP = re.compile(r"^(?P<label>[IVXL]{1,5}|[A-Z])\s*[.:)]?$")
_GROUP_WITH_TITLE = re.compile(r"^(?P<label>[IVXL]{1,5}|[A-Z])\s*[.:)]\s+\S")


@dataclass
class Cell:
    text: str
    lines: list[int] = field(default_factory=list)


@dataclass
class CellRow:
    """A row as read: its cells in order, the group it belongs to, its number as the table writes it."""

    cells: list[Cell]
    number: str | None = None
    group: str | None = None
    group_title: str | None = None
    inherits_from: CellRow | None = None

    @property
    def lines(self) -> list[int]:
        return [n for c in self.cells for n in c.lines]


def has_cell_lines(source: SourceText, numbers: list[int]) -> bool:
    return sum(1 for n in numbers if is_cell_opener(source.line(n))) >= 4


def read_cells(source: SourceText, numbers: list[int]) -> tuple[list[int], list[Cell | None]]:
    """Lines before the first cell, then the cells (None marks a row's end: an empty cell)."""
    before: list[int] = []
    cells: list[Cell | None] = []
    current: Cell | None = None
    for number in numbers:
        line = source.line(number)
        if is_cell_opener(line):
            if current is not None and (not current.text or is_furniture(current.text)):
                cells[-1] = None  # an empty cell, or one of dots where a copy cut the table: a row's end
            current = Cell("", [])
            cells.append(current)
        elif line.strip():
            if current is None:
                before.append(number)
                continue
            text = plain(line)
            if text:
                current.text = f"{current.text} {text}".strip()
            current.lines.append(number)
    if current is not None and (not current.text or is_furniture(current.text)):
        cells[-1] = None
    return before, cells


def pieces(cells: list[Cell | None]) -> list[list[Cell]]:
    out: list[list[Cell]] = [[]]
    for cell in cells:
        if cell is None:
            if out[-1]:
                out.append([])
        else:
            out[-1].append(cell)
    return [p for p in out if p]


def rows_of(pieces_: list[list[Cell]], width: int) -> list[CellRow]:
    """Rows rebuilt from pieces, with group headings, numbers and rowspans (see the module's docstring)."""
    rows: list[CellRow] = []
    group: str | None = None
    title: str | None = None
    open_row: CellRow | None = None
    continuation = 0
    for piece in pieces_:
        first = piece[0].text.strip()
        group_match = _GROUP.match(first)
        if (group_match and len(piece) <= 2) or (len(piece) == 1 and _GROUP_WITH_TITLE.match(first)):
            label = (group_match or _GROUP_WITH_TITLE.match(first)).group("label")
            group, title = label, " ".join(c.text for c in piece)
            rows.append(CellRow(piece, None, group, title))
            open_row = None
            continue
        number = _ROW_NUMBER.match(first)
        if number:
            last = next((r for r in reversed(rows) if r.number and "+" not in r.number and r.group == group), None)
            if last is not None and int(number.group(1)) <= int(last.number):
                group, title = "?", None  # numbering starts again with no heading: a group heading was lost
            open_row = CellRow(list(piece), number.group(1), group, title)
            rows.append(open_row)
            continuation = 0
            continue
        if open_row is not None and open_row.inherits_from is None and len(open_row.cells) + 1 + len(piece) <= width \
                and continuation == 0 and len(open_row.cells) < width - 1:
            open_row.cells.extend([Cell("", []), *piece])  # the rest of the row, after an empty cell
            continue
        base = next((r for r in reversed(rows) if r.number and "+" not in r.number), None)
        continuation += 1
        number_text = f"{base.number}+{continuation}" if base is not None else None
        row = CellRow([Cell("", []), *piece], number_text, group, title, inherits_from=base)
        rows.append(row)
    return rows
