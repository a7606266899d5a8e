"""Recognise a plan's layout: header, sections, numbered and lettered items, closing, appendix table.

Hand-written rather than a parser library: the "grammar" is a handful of line-start markers
(`II.`, `3.`, `a)`, `-`, `+`) whose meaning depends on position, plus repairs for how the texts
reach us (a sentence split by a blank line at a page break, table rows broken across lines), which
no general-purpose parser models. Every block keeps the line numbers it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aikg.ingest.reader import SourceText
from aikg.ingest.text import clean, match_key
from aikg.ingest.wrapping import continues, is_furniture, is_hard_wrapped, plain

_ROMAN = re.compile(r"^(?=[IVXL])(XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_SECTION = re.compile(r"^(?:(?P<word>phần|mục)\s+)?(?P<n>[IVXL]{1,5})\s*[.:)\-]\s*(?P<body>\S.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^(?P<n>\d{1,2})(?:\.(?P<sub>\d{1,2}))?\s*[.)/]?\s+(?P<body>\S.*)$")
_ITEM_STRICT = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\s*[.)/]")
_LETTER = re.compile(r"^\(?(?P<l>[a-zđ])\s*[).]\s*(?P<body>\S.*)$")
_BULLET = re.compile(r"^[-–—•●▪◦]\s*(?P<body>\S.*)$")
_PLUS = re.compile(r"^\+\s*(?P<body>\S.*)$")


def _plain(text: str) -> str:
    """The line without Markdown emphasis and heading marks (web copies of official texts carry them)."""
    return plain(text)


@dataclass
class Block:
    """A logical paragraph: a marker line plus the lines that continue it."""

    lines: list[int]
    text: str
    kind: str  # section | item | letter | bullet | plus | text
    label: str = ""
    body: str = ""

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


@dataclass
class Node:
    """A section, numbered item or lettered item, with its own blocks and its sub-nodes."""

    level: str  # section | item | sub
    label: str
    heading: Block
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)


@dataclass
class TableRow:
    """An appendix row: its number, its cells by column key, and every line it was assembled from."""

    number: str
    cells: dict[str, str]
    lines: list[int]
    notation: str | None = None  # "PL.6", "PLII.I.1" (set by `parse`)


@dataclass
class Appendix:
    heading: list[Block]
    header_line: int | None
    columns: list[str]
    rows: list[TableRow]
    stray: list[Block]


@dataclass
class Layout:
    source: SourceText
    header: list[Block]
    sections: list[Node]
    recipients: list[Block]
    signature: list[Block]
    appendix: Appendix | None
    #: Lines with no words (`|` cell openers, rules): part of the layout, never facts.
    furniture: list[int] = field(default_factory=list)
    #: Lines after the document's end (a web page's footer), listed as unplaced.
    trailer: list[int] = field(default_factory=list)


def classify(text: str) -> tuple[str, str, str]:
    """(kind, label, body) of a line by its leading marker."""
    plain = _plain(text)
    match = _SECTION.match(plain)
    if match and _ROMAN.match(match.group("n").upper()) and (
            match.group("word") or match.group("n").isupper() and _mostly_upper(match.group("body"))):
        return "section", match.group("n").upper(), match.group("body")
    match = _ITEM.match(plain)
    if match and _ITEM_STRICT.match(plain):
        if match.group("sub"):
            return "letter", match.group("sub"), match.group("body")
        return "item", match.group("n"), match.group("body")
    match = _LETTER.match(plain)
    if match:
        return "letter", match.group("l"), match.group("body")
    match = _BULLET.match(plain)
    if match:
        return "bullet", "-", match.group("body")
    match = _PLUS.match(plain)
    if match:
        return "plus", "+", match.group("body")
    return "text", "", plain


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.6 * len(letters)


def _starts_lower(text: str) -> bool:
    for char in _plain(text):
        if char.isalpha():
            return char.islower()
        if not char.isspace():
            return False
    return False


def blocks_of(source: SourceText, numbers: list[int], wrapped_text: bool = False) -> list[Block]:
    """Group lines into blocks; a line starting in lower case continues the previous block.

    That repairs sentences cut by a page break (often with a blank line between the halves) and titles
    set over two lines, without joining list entries, which carry their own markers. A line the reader
    saw wrapped at the right margin (PDF) continues the line before it whatever its first letter. In a
    hard-wrapped text (`wrapping.is_hard_wrapped`), a line without a marker right below another
    continues it unless `wrapping.continues` sees a paragraph break. Lines with no words end a block.
    """
    blocks: list[Block] = []
    for number in numbers:
        raw = source.line(number).replace("\t", " ")
        if not raw.strip():
            continue
        if is_furniture(raw):
            blocks.append(Block([number], "", "furniture"))
            continue
        kind, label, body = classify(raw)
        previous = blocks[-1] if blocks and blocks[-1].kind != "furniture" else None
        adjacent = previous is not None and previous.last == number - 1
        wrapped = number in source.wrapped and adjacent
        run_on = (wrapped_text and adjacent and kind == "text"
                  and continues(source.line(number - 1), raw))
        if wrapped or run_on or (kind == "text" and previous is not None and _starts_lower(raw)
                                 and not previous.text.rstrip().endswith(":")):
            previous.lines.append(number)
            previous.text = f"{previous.text} {clean(raw)}"
            previous.body = plain(f"{previous.body} {_plain(raw)}")
            continue
        blocks.append(Block([number], clean(raw), kind, label, body))
    for block in blocks:  # a bare marker line ("**III.") takes its heading from the lines it runs into
        if block.kind == "text" and len(block.lines) > 1:
            block.kind, block.label, block.body = classify(block.body)
    return [b for b in blocks if b.kind != "furniture"]


def _appendix_number(text: str) -> str | None:
    """'PHỤ LỤC II' → 'II'; 'PHỤ LỤC' → None."""
    match = re.match(r"^phụ lục\s*([ivxl]+|\d+)\b", match_key(_plain(text)))
    return match.group(1).upper() if match else None


def _appendices(source: SourceText, numbers: list[int]) -> Appendix:
    """Every appendix of the text as one table of rows; rows of numbered appendices ('PHỤ LỤC I', 'PHỤ LỤC II')
    are numbered within theirs ('II.I.1', notation 'PLII.I.1'), those of a single one as written ('PL.6')."""
    chunks: list[tuple[str | None, list[int]]] = []
    for number in numbers:
        line = source.line(number)
        if line.strip() and not is_furniture(line) and _is_appendix_start(line):
            chunks.append((_appendix_number(line), []))
        if not chunks:
            chunks.append((None, []))
        chunks[-1][1].append(number)
    parts = [(label, parse_appendix(source, lines)) for label, lines in chunks]
    first = parts[0][1]
    merged = Appendix([], first.header_line, first.columns, [], [])
    for label, part in parts:
        merged.heading.extend(part.heading)
        merged.stray.extend(part.stray)
        if part.header_line is not None and part is not first:
            merged.heading.append(_block([part.header_line], source))
        for row in part.rows:
            if label is not None and len(parts) > 1:
                row.number, row.notation = f"{label}.{row.number}", f"PL{label}.{row.number}"
            else:
                row.notation = f"PL.{row.number}"
            merged.rows.append(row)
    return merged


def _is_appendix_start(text: str) -> bool:
    key = match_key(_plain(text))
    return key == "phụ lục" or bool(re.match(r"^phụ lục\s*([ivxl\d]+)?\s*[:.]?$", key))


def _is_recipients_start(text: str) -> bool:
    return match_key(_plain(text)).startswith("nơi nhận")


def _is_trailer_start(text: str) -> bool:
    """A Markdown heading (`## Văn bản liên quan`) after the document's sections: a web page's footer."""
    return bool(re.match(r"^#{1,6}\s+\S", text.strip()))


def split_zones(source: SourceText) -> dict[str, list[int]]:
    """Line numbers of each zone: body (header and sections), recipients, signature, appendix, trailer.

    A decision that issues a plan has the decision's recipients and signature before the plan: the plan's
    own title ("KẾ HOẠCH") or a section heading returns to the body."""
    zones: dict[str, list[int]] = {"body": [], "recipients": [], "signature": [], "appendix": [], "trailer": []}
    zone = "body"
    seen_section = False
    for number, line in enumerate(source.lines, 1):
        if not line.strip() or is_furniture(line):
            zones[zone].append(number)
            continue
        kind = classify(line)[0]
        seen_section = seen_section or kind == "section"
        if zone == "trailer":
            pass
        elif seen_section and _is_trailer_start(line):
            zone = "trailer"
        elif _is_appendix_start(line):
            zone = "appendix"
        elif _is_recipients_start(line) and zone != "appendix":
            zone = "recipients"
        elif zone == "recipients" and kind != "bullet" and not _starts_lower(line):
            zone = "signature"
        elif zone == "signature" and (kind == "section" or match_key(_plain(line)) in _PLAN_TITLES):
            zone = "body"
        zones[zone].append(number)
    return zones


#: A plan's title line, alone on its line.
_PLAN_TITLES = ("kế hoạch", "dự thảo kế hoạch")


def parse(source: SourceText) -> Layout:
    """The layout of a whole document."""
    zones = split_zones(source)
    wrapped_text = is_hard_wrapped(source.lines)
    header, sections = _tree(blocks_of(source, zones["body"], wrapped_text))
    return Layout(
        source=source,
        header=header,
        sections=sections,
        recipients=blocks_of(source, zones["recipients"], wrapped_text),
        signature=_signature_blocks(source, zones["signature"], wrapped_text),
        appendix=_appendices(source, zones["appendix"]) if zones["appendix"] else None,
        furniture=[n for n in source.non_empty() if is_furniture(source.line(n))],
        trailer=[n for n in zones["trailer"] if source.line(n).strip()],
    )


def _signature_blocks(source: SourceText, numbers: list[int], wrapped_text: bool = False) -> list[Block]:
    """Signature lines stay one block per line: capitals, positions and the name are separate facts.
    In a hard-wrapped text a line cut inside a capitalised position ("TM. ỦY BAN NHÂN" / "DÂN") is one."""
    blocks: list[Block] = []
    for n in numbers:
        raw = source.line(n)
        if not raw.strip() or is_furniture(raw):
            continue
        previous = blocks[-1] if blocks else None
        if (wrapped_text and previous is not None and previous.last == n - 1 and _mostly_upper(previous.body)
                and _mostly_upper(_plain(raw)) and re.search(r"\bNHÂN\s*$|\bỦY BAN\s*$|\bUỶ BAN\s*$", previous.body)):
            previous.lines.append(n)
            previous.text = f"{previous.text} {clean(raw)}"
            previous.body = plain(f"{previous.body} {_plain(raw)}")
            continue
        blocks.append(Block([n], clean(raw), "text", "", _plain(raw)))
    return blocks


def _tree(blocks: list[Block]) -> tuple[list[Block], list[Node]]:
    """Sections > items > lettered sub-items; other blocks attach to the innermost open node."""
    header: list[Block] = []
    sections: list[Node] = []
    section: Node | None = None
    item: Node | None = None
    sub: Node | None = None
    for block in blocks:
        if block.kind == "section":
            section = Node("section", _unique(block.label, [s.label for s in sections]), block)
            sections.append(section)
            item = sub = None
        elif section is None:
            header.append(block)
        elif block.kind == "item":
            item = Node("item", _unique(block.label, [c.label for c in section.children]), block)
            section.children.append(item)
            sub = None
        elif block.kind == "letter" and item is not None and not _is_field_block(block):
            sub = Node("sub", _unique(block.label, [c.label for c in item.children]), block)
            item.children.append(sub)
        elif block.kind == "letter" and item is None and not _is_field_block(block):
            # A section whose parts are lettered directly: treat each letter as an item.
            item = Node("item", block.label, block)
            section.children.append(item)
            sub = None
        else:
            (sub or item or section).blocks.append(block)
    return header, sections


def _unique(label: str, taken: list[str]) -> str:
    """A label as written, or with '-2', '-3' … when the text repeats it by mistake (two sections 'III.'):
    never two parts with one notation."""
    if label not in taken:
        return label
    n = 2
    while f"{label}-{n}" in taken:
        n += 1
    return f"{label}-{n}"


def _is_field_block(block: Block) -> bool:
    from aikg.ingest.fields import field_of

    return field_of(block.body) is not None


# --- Appendix table ---------------------------------------------------------------------------------

#: Column keys by the words of their header cell (compared with match_key).
COLUMN_WORDS = (
    ("number", ("stt", "số tt", "tt")),
    ("lead", ("cơ quan chủ trì", "đơn vị chủ trì", "chủ trì")),
    ("coordinating", ("cơ quan phối hợp", "đơn vị phối hợp", "phối hợp")),
    ("implementing", ("cơ quan thực hiện", "đơn vị thực hiện")),
    ("timeframe", ("thời gian thực hiện", "thời gian hoàn thành", "thời gian", "thời hạn", "tiến độ")),
    ("product", ("sản phẩm", "kết quả")),
    ("note", ("ghi chú",)),
    ("task", ("tên công việc", "nội dung công việc", "nội dung", "nhiệm vụ", "công việc", "chỉ tiêu", "tên dự án",
              "tên nhiệm vụ", "hoạt động")),
)


def column_key(header_cell: str) -> str:
    key = match_key(header_cell)
    for name, words in COLUMN_WORDS:
        if any(key == w or key.startswith(w) for w in words):
            return name
    return f"column:{key}"


def _is_header_row(line: str) -> bool:
    cells = [match_key(c) for c in line.split("\t")]
    return "\t" in line and any(c in ("stt", "tt", "số tt") for c in cells) and len(cells) >= 3


def _block(lines: list[int], source: SourceText) -> Block:
    text = " ".join(clean(source.line(n)) for n in lines)
    return Block(list(lines), text, "text", "", _plain(text))


def _cell_appendix(source: SourceText, numbers: list[int]) -> Appendix:
    """An appendix whose table comes as one cell per line (`celltables`)."""
    from aikg.ingest.celltables import pieces, read_cells, rows_of

    before, cells = read_cells(source, numbers)
    heading = [_block([n], source) for n in before]
    parts = pieces(cells)
    header_index = next((i for i, piece in enumerate(parts)
                         if sum(not column_key(c.text).startswith("column:") for c in piece) >= 2), None)
    if header_index is None:
        stray_blocks = [_block(p[0].lines, source) for p in parts if p[0].lines]
        return Appendix(heading, None, [], [], stray_blocks)
    header = parts[header_index]
    columns = [column_key(c.text) for c in header]
    for piece in parts[:header_index + 1]:
        heading.append(_block([n for c in piece for n in c.lines], source))
    rows: list[TableRow] = []
    stray: list[Block] = []
    by_number: dict[str, TableRow] = {}
    for row in rows_of(parts[header_index + 1:], len(columns)):
        lines = row.lines
        if row.number is None:
            (heading if row.group_title and row.inherits_from is None else stray).append(_block(lines, source))
            continue
        number = f"{row.group}.{row.number}" if row.group else row.number
        while number in by_number:  # never two rows with one notation
            number += "'"
        table_row = TableRow(number, {}, lines)
        for index, cell in enumerate(row.cells[1:], 1):
            _put(table_row, columns, index, cell.text)
        base = by_number.get(f"{row.group}.{row.inherits_from.number}" if row.group and row.inherits_from
                             else (row.inherits_from.number if row.inherits_from else ""))
        if base is not None:  # a rowspan: the cells this row lacks are those of the row above
            for key, value in base.cells.items():
                table_row.cells.setdefault(key, value)
        by_number[number] = table_row
        rows.append(table_row)
    return Appendix(heading, header[0].lines[0] if header[0].lines else None, columns, rows, stray)


def parse_appendix(source: SourceText, numbers: list[int]) -> Appendix:
    """The appendix: heading lines, then a tab-separated table whose rows may be broken across lines.

    A line whose first cell is a row number starts a row. A line with leading tabs continues the cells
    in those columns (a cell that ran on); a line without leading tabs continues the row's last cell and
    any further cells follow it (a row broken in the middle of a cell).
    """
    from aikg.ingest.celltables import has_cell_lines

    if has_cell_lines(source, numbers):
        return _cell_appendix(source, numbers)
    heading_numbers: list[int] = []
    columns: list[str] = []
    header_line = None
    rows: list[TableRow] = []
    stray_numbers: list[int] = []
    current: TableRow | None = None
    group: str | None = None
    last_col = 0
    for number in numbers:
        line = source.line(number).rstrip()
        if not line.strip():
            continue
        heading = _group_row(line) if header_line is not None else None
        if heading is not None:
            # "I<TAB>HẠ TẦNG SỐ": a group heading of the table, not a task; its rows are numbered in it
            group, current = heading, None
            heading_numbers.append(number)
            continue
        if header_line is None:
            if _is_header_row(line):
                header_line = number
                columns = [column_key(c) for c in line.split("\t")]
            else:
                heading_numbers.append(number)
            continue
        cells = line.split("\t")
        first = cells[0].strip()
        if re.fullmatch(r"\d{1,3}\.?", first):
            current = TableRow(f"{group}.{first.rstrip('.')}" if group else first.rstrip("."), {}, [number])
            rows.append(current)
            for index, cell in enumerate(cells[1:], 1):
                _put(current, columns, index, cell)
            last_col = max((i for i, c in enumerate(cells) if c.strip()), default=0)
        elif current is not None:
            current.lines.append(number)
            if first == "":  # leading tabs: the cells say which columns they continue
                for index, cell in enumerate(cells):
                    _put(current, columns, index, cell)
                    if cell.strip():
                        last_col = index
            else:
                _put(current, columns, last_col, cells[0])
                for offset, cell in enumerate(cells[1:], 1):
                    _put(current, columns, last_col + offset, cell)
                last_col = last_col + len(cells) - 1
        else:
            stray_numbers.append(number)
    return Appendix(
        heading=[Block([n], clean(source.line(n)), "text", "", _plain(source.line(n))) for n in heading_numbers],
        header_line=header_line,
        columns=columns,
        rows=rows,
        stray=[Block([n], clean(source.line(n)), "text", "", _plain(source.line(n))) for n in stray_numbers],
    )


def _group_row(line: str) -> str | None:
    """The group numeral of a table row that is a heading: a roman numeral (or a capital letter) in the first
    cell, one other cell with words, nothing else."""
    cells = [clean(c).strip("* ") for c in line.split("\t")]
    first = cells[0].rstrip(".")
    words = [c for c in cells[1:] if c]
    if len(words) == 1 and (_ROMAN.match(first) or re.fullmatch(r"[A-Z]", first)):
        return first
    return None


def _put(row: TableRow, columns: list[str], index: int, cell: str) -> None:
    text = clean(cell)
    if not text:
        return
    key = columns[index] if index < len(columns) else f"column:{index}"
    row.cells[key] = f"{row.cells[key]} {text}" if key in row.cells else text
