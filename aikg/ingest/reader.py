"""Read a plan from .txt, .docx (python-docx) or .pdf with a text layer (pdfplumber) as numbered lines.

Every fact the ingester extracts points at line numbers of what this module returns, so each reader
keeps the document's line structure: a .txt line is a line; a .docx paragraph is a line (soft breaks
split it) and a table row is a line with its cells joined by tabs; a PDF line is a line, blank lines are
restored from vertical gaps, cells separated by wide horizontal gaps become tabs, and a ruled table's
row (pdfplumber's table finder) is one line with its cells joined by tabs however its cells wrap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from aikg.errors import InputError
from aikg.ingest.text import nfc

TEXT_SUFFIXES = {".txt", ".text", ".md"}
SUFFIXES = TEXT_SUFFIXES | {".docx", ".pdf"}


@dataclass(frozen=True)
class SourceText:
    """A document as lines; `lines[0]` is line 1. Lines are NFC, without line-end characters."""

    path: Path
    kind: str
    lines: tuple[str, ...]
    #: Lines that continue the line before them because it was wrapped at the right margin (PDF only).
    wrapped: frozenset[int] = frozenset()

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def span(self, first: int, last: int) -> str:
        """The exact text of lines first..last (trailing white space of each line is not content)."""
        return "\n".join(line.rstrip() for line in self.lines[first - 1:last])

    def non_empty(self) -> list[int]:
        return [n for n, line in enumerate(self.lines, 1) if line.strip()]


def read_source(path: Path) -> SourceText:
    """Read FILE by its suffix; InputError (exit 2) names the file and why it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(none)'!r}: give a .txt, .docx or .pdf file")
    wrapped: frozenset[int] = frozenset()
    if suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix == ".pdf":
        lines, wrapped = _pdf_lines(path)
    else:
        lines = _text_lines(path)
    return SourceText(path, suffix.lstrip("."), tuple(nfc(line) for line in lines), wrapped)


def _text_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "this is a binary file, not text")
    for encoding in ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as error:
            last_error = error
    else:
        raise InputError(path, f"not UTF-8 text ({last_error.reason} at byte {last_error.start})")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines  # a final newline ends the last line


def _docx_lines(path: Path) -> list[str]:
    """Paragraphs and table rows in document order (python-docx exposes both through iter_inner_content)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise InputError(path, f"not a readable .docx file ({error})") from None
    except Exception as error:  # zipfile.BadZipFile and lxml errors: all mean a damaged file here
        raise InputError(path, f"not a readable .docx file ({type(error).__name__}: {error})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:  # merged cells repeat the same underlying element
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
                lines.append("\t".join(cells))
        else:
            lines.extend(block.text.split("\n"))
    return lines


# --- PDF -------------------------------------------------------------------------------------------
# pdfplumber gives words with positions; it has no notion of blank lines or tab stops, so those are
# restored here from geometry: the commonest distance between line tops is one line, and a horizontal
# gap of several character heights between words separates table cells.

_GAP_FACTOR = 2.5  # a gap wider than this many character heights separates two cells
_STOP_TOLERANCE = 3.0  # points: cells starting this close belong to the same column


@dataclass
class _PdfLine:
    page: int
    top: float
    fields: list[tuple[float, str]]  # (x0, text) of each cell
    x1: float  # where the line's text ends
    height: float  # character height
    page_height: float
    row: str | None = None  # a row of a ruled table, its cells already joined by tabs


def _pdf_lines(path: Path) -> tuple[list[str], frozenset[int]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as error:  # pdfminer raises assorted types for damaged files
        raise InputError(path, f"not a readable PDF ({type(error).__name__}: {error})") from None
    with pdf:
        raw: list[_PdfLine] = []
        for page_number, page in enumerate(pdf.pages):
            tables = page.find_tables()
            words = [w for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
                     if not any(_inside(w, t.bbox) for t in tables)]
            lines = _group_lines(page_number, words, float(page.height)) + _table_rows(page_number, page, tables)
            raw.extend(sorted(lines, key=lambda line: line.top))
    if not raw:
        raise InputError(path, "the PDF has no text layer (a scan?): run OCR first or give the .docx/.txt")
    return _layout_lines(raw)


def _inside(word: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return word["x0"] >= x0 - 1 and word["x1"] <= x1 + 1 and word["top"] >= top - 1 and word["bottom"] <= bottom + 1


def _table_rows(page_number: int, page, tables: list) -> list[_PdfLine]:
    """Rows of ruled tables (pdfplumber finds them by their lines): one line per row, a cell's wrapped
    text joined with spaces, so that a row is whole even when its cells run over several lines."""
    out = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=False):
            text = "\t".join(" ".join((cell or "").split()) for cell in cells)
            if text.strip():
                out.append(_PdfLine(page_number, float(row.bbox[1]), [], float(row.bbox[2]), 0.0, float(page.height),
                                    row=text))
    return out


def _group_lines(page: int, words: list[dict], page_height: float) -> list[_PdfLine]:
    rows: dict[float, list[dict]] = {}
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        key = next((top for top in rows if abs(top - word["top"]) < 1.5), round(word["top"], 1))
        rows.setdefault(key, []).append(word)
    lines = []
    for top in sorted(rows):
        row = sorted(rows[top], key=lambda w: w["x0"])
        fields: list[tuple[float, str]] = []
        previous = None
        for word in row:
            gap_limit = _GAP_FACTOR * max(word["bottom"] - word["top"], 1.0)
            if previous is None or word["x0"] - previous["x1"] > gap_limit:
                fields.append((word["x0"], word["text"]))
            else:
                fields[-1] = (fields[-1][0], fields[-1][1] + " " + word["text"])
            previous = word
        height = max(w["bottom"] - w["top"] for w in row)
        lines.append(_PdfLine(page, top, fields, row[-1]["x1"], height, page_height))
    return lines


#: Points from the right margin within which a line counts as running to it (and so wrapping).
_WRAP_TOLERANCE = 12.0


def _right_margin(lines: list[_PdfLine]) -> float | None:
    """The x where wrapped lines end: the right edge that several lines reach (none if the text never wraps)."""
    ends = sorted((line.x1 for line in lines), reverse=True)
    for end in ends:
        if sum(1 for e in ends if abs(e - end) <= _WRAP_TOLERANCE) >= 3:
            return end
    return None


def _layout_lines(raw: list[_PdfLine]) -> tuple[list[str], frozenset[int]]:
    text_lines = [line for line in raw if line.row is None] or raw
    steps = Counter(round(b.top - a.top, 1) for a, b in zip(text_lines, text_lines[1:], strict=False)
                    if a.page == b.page and b.top > a.top)
    # One line is the smallest step that recurs; larger steps are that step plus blank lines.
    common = [step for step, count in steps.items() if count >= max(2, sum(steps.values()) // 20)]
    pitch = min(common) if common else (min(steps) if steps else 12.0)
    pages = sorted({line.page for line in raw})
    first_top = {p: min(line.top for line in raw if line.page == p) for p in pages}
    last_top = {p: max(line.top for line in raw if line.page == p) for p in pages}
    origin = min(first_top.values())
    # Lines a page can hold: at least as many as any page shows; where a page ends in blank lines, the
    # count that fits between equal top and bottom margins (how word processors and PDF writers lay out).
    slot_top = origin - (pitch - text_lines[0].height) / 2
    fits = int((text_lines[0].page_height - 2 * slot_top) // pitch)
    capacity = max(max(round((last_top[p] - origin) / pitch) for p in pages) + 1, fits)
    stops = _column_stops([line for line in raw if line.row is None])

    margin = _right_margin(text_lines)
    out: list[str] = []
    wrapped: set[int] = set()
    previous: _PdfLine | None = None
    for line in raw:
        blanks_before = len(out)
        if line.row is not None or (previous is not None and previous.row is not None):
            pass  # table rows have their own heights: no blank lines are read from gaps around them
        elif previous is None or previous.page != line.page:
            if previous is not None:  # blank slots left at the foot of the previous page
                out.extend([""] * max(0, capacity - 1 - round((previous.top - origin) / pitch)))
            out.extend([""] * max(0, round((line.top - origin) / pitch)))
        else:
            out.extend([""] * max(0, round((line.top - previous.top) / pitch) - 1))
        if (margin is not None and previous is not None and previous.row is None and line.row is None
                and previous.page == line.page and len(out) == blanks_before
                and previous.x1 >= margin - _WRAP_TOLERANCE and len(line.fields) == 1):
            wrapped.add(len(out) + 1)
        out.append(line.row if line.row is not None else _with_tabs(line, stops))
        previous = line
    return out, frozenset(wrapped)


def _column_stops(raw: list[_PdfLine]) -> list[float]:
    """x positions where cells start: the left margin and every x a cell after a wide gap starts at."""
    if not raw:
        return [0.0]
    starts = sorted([min(line.fields[0][0] for line in raw)] +
                    [x for line in raw for x, _ in line.fields[1:]])
    stops: list[float] = []
    for x in starts:
        if not stops or x - stops[-1] > _STOP_TOLERANCE:
            stops.append(x)
    return stops


def _with_tabs(line: _PdfLine, stops: list[float]) -> str:
    """Cells joined by as many tabs as column stops they cross; leading tabs for cells right of the margin."""

    def column(x: float) -> int | None:
        near = min(range(len(stops)), key=lambda i: abs(stops[i] - x))
        return near if abs(stops[near] - x) <= _STOP_TOLERANCE else None

    text = ""
    current = 0
    for x, cell in line.fields:
        col = column(x)
        tabs = (col or 0) - current if col is not None else (1 if text else 0)
        if text and tabs < 1:
            tabs = 1
        text += "\t" * tabs + cell
        current = col if col is not None else current + tabs
    return text
