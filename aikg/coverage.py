"""The plan × national-task coverage matrix: which QĐ 367 tasks involving the provinces each city plan takes up.

The facts come from the named query `coverage` (so the CLI, the web page and a SPARQL user see the same
answer); this module only pivots the rows into a matrix and draws it as text, a heat map and HTML.
"""

from __future__ import annotations

import html
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from aikg.config import Settings
from aikg.errors import AikgError
from aikg.query import find_query, rows, run, sort_key_notation


@dataclass(frozen=True)
class Column:
    """A city plan."""

    plan: URIRef
    name: str


@dataclass(frozen=True)
class Row:
    """A national task, with whether QĐ 367 itself names a provincial body for it."""

    task: URIRef
    notation: str
    label: str
    names_provinces: bool


@dataclass
class Matrix:
    """Rows × columns; a cell lists the notations of the plan's tasks that derive from the row's task."""

    rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    cells: dict[tuple[URIRef, URIRef], list[str]] = field(default_factory=dict)

    def cell(self, row: Row, column: Column) -> list[str]:
        return self.cells.get((row.task, column.plan), [])

    def covered(self, column: Column) -> int:
        return sum(1 for row in self.rows if self.cell(row, column))


def _plan_name(number: object, place: object) -> str:
    city = str(place).removeprefix("Thành phố ").strip() if place else ""
    suffix = str(number) if number is not None else "dự thảo"
    return f"{city} {suffix}".strip()


def coverage_matrix(graph: Graph, settings: Settings) -> Matrix:
    """Run the `coverage` query on a graph and pivot it."""
    from aikg.namespaces import AIKG

    return pivot(rows(run(graph, find_query("coverage", settings))),
                 {plan: number for plan, number in graph.subject_objects(AIKG.number)})


def pivot(result: list[dict], numbers: dict) -> Matrix:
    """The `coverage` query's rows as a matrix: national tasks in document order, plans by name."""
    matrix = Matrix()
    seen_rows: dict[URIRef, Row] = {}
    seen_columns: dict[URIRef, Column] = {}
    for row in result:
        task, plan = row["nationalTask"], row["plan"]
        if task not in seen_rows:
            seen_rows[task] = Row(task, str(row["notation"] or ""), str(row["label"] or ""),
                                  str(row["namesProvinces"]).lower() == "true")
        if plan not in seen_columns:
            seen_columns[plan] = Column(plan, _plan_name(numbers.get(plan), row["place"]))
        covered_by = str(row["coveredBy"] or "")
        notations = [n.strip() for n in covered_by.split(",") if n.strip()]
        matrix.cells[(task, plan)] = sorted(notations, key=sort_key_notation)
    matrix.rows = sorted(seen_rows.values(), key=lambda r: (sort_key_notation(r.notation), str(r.task)))
    matrix.columns = sorted(seen_columns.values(), key=lambda c: (_fold(c.name), str(c.plan)))
    return matrix


def _fold(text: str) -> str:
    """Sort key ignoring accents (Hải Phòng before Huế, as a Vietnamese reader expects)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(matrix: Matrix, label_width: int = 60) -> str:
    """The matrix as a text table: a dash marks a gap (the plan has no task for it)."""
    if not matrix.rows:
        return "No national tasks involving the provinces, or no city plan implementing them, in the graph.\n"
    head = ["QĐ 367 task", *(c.name for c in matrix.columns)]
    body = []
    for row in matrix.rows:
        mark = "" if row.names_provinces else " *"
        body.append([f"{row.notation}{mark}  {_cut(row.label, label_width)}",
                     *(", ".join(matrix.cell(row, c)) or "—" for c in matrix.columns)])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in [head, *body]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    for column in matrix.columns:
        lines.append(f"{column.name}: covers {matrix.covered(column)} of {len(matrix.rows)}")
    if any(not r.names_provinces for r in matrix.rows):
        lines.append("* QĐ 367 names no provincial body for this task; it is listed because a city plan takes it up.")
    return "\n".join(lines) + "\n"


def _figure(matrix: Matrix):  # -> matplotlib.figure.Figure
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    counts = [[len(matrix.cell(r, c)) for c in matrix.columns] for r in matrix.rows]
    height = 1.2 + 0.42 * max(1, len(matrix.rows))
    width = 5.5 + 1.9 * max(1, len(matrix.columns))
    figure = Figure(figsize=(width, height), dpi=110)
    axes = figure.add_subplot()
    palette = ListedColormap(["#f4a6a6", "#c7e9c0", "#74c476", "#31a354"])
    axes.imshow(counts or [[0]], cmap=palette, vmin=0, vmax=3, aspect="auto")
    axes.set_xticks(range(len(matrix.columns)), [c.name for c in matrix.columns])
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(matrix.rows)), [f"{r.notation}  {_cut(r.label, 48)}" for r in matrix.rows])
    axes.tick_params(length=0, labelsize=8)
    for y, row in enumerate(matrix.rows):
        for x, column in enumerate(matrix.columns):
            text = ", ".join(matrix.cell(row, column)) or "gap"
            axes.text(x, y, text, ha="center", va="center", fontsize=7.5,
                      color="#7f0000" if text == "gap" else "#00300a")
    axes.set_xticks([x - 0.5 for x in range(1, len(matrix.columns))], minor=True)
    axes.set_yticks([y - 0.5 for y in range(1, len(matrix.rows))], minor=True)
    axes.grid(which="minor", color="white", linewidth=1.5)
    axes.tick_params(which="minor", length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title("QĐ 367 tasks involving the provinces × city plans (cell: the city's tasks; red: gap)",
                   fontsize=9, pad=28)
    figure.tight_layout()
    return figure


def save_picture(matrix: Matrix, out: Path) -> Path:
    """Write the heat map as .png, .svg or .pdf (stable bytes: no creation date, fixed SVG ids)."""
    import matplotlib

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "pdf"):
        raise AikgError(f"cannot draw to {out.name}: use .png, .svg or .pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    with matplotlib.rc_context({"svg.hashsalt": "aikg", "svg.fonttype": "none"}):
        _figure(matrix).savefig(out, format=fmt, metadata=metadata)
    return out


def svg_text(matrix: Matrix) -> str:
    """The heat map as SVG markup, for embedding in a page."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "aikg", "svg.fonttype": "none"}):
        _figure(matrix).savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def table_html(matrix: Matrix, link: str | None = None) -> str:
    """The matrix as an HTML table; `link` is a format string for node pages (e.g. '/analysis/trace?uri={}')."""
    from urllib.parse import quote

    def anchor(iri: URIRef, text: str) -> str:
        if link is None:
            return html.escape(text)
        return f'<a href="{html.escape(link.format(quote(str(iri), safe="")))}">{html.escape(text)}</a>'

    head = "".join(f"<th scope=\"col\">{anchor(c.plan, c.name)}</th>" for c in matrix.columns)
    lines = [f'<table class="coverage"><thead><tr><th scope="col">QĐ 367 task</th>{head}</tr></thead><tbody>']
    for row in matrix.rows:
        mark = "" if row.names_provinces else ' <span class="note" title="QĐ 367 names no provincial body">*</span>'
        cells = []
        for column in matrix.columns:
            found = matrix.cell(row, column)
            css = "covered" if found else "gap"
            cells.append(f'<td class="{css}">{html.escape(", ".join(found)) if found else "gap"}</td>')
        title = anchor(row.task, f"{row.notation} {row.label}")
        lines.append(f'<tr><th scope="row">{title}{mark}</th>{"".join(cells)}</tr>')
    totals = "".join(f"<td>{matrix.covered(c)} / {len(matrix.rows)}</td>" for c in matrix.columns)
    lines.append(f'</tbody><tfoot><tr><th scope="row">covered</th>{totals}</tr></tfoot></table>')
    return "\n".join(lines)


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table.coverage { border-collapse: collapse; font-size: 0.9rem; }
table.coverage th, table.coverage td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; vertical-align: top; }
table.coverage th[scope=row] { text-align: left; font-weight: normal; max-width: 40rem; }
td.covered { background: #c7e9c0; } td.gap { background: #f4a6a6; color: #7f0000; }
.note { color: #a33; }
"""


def page_html(matrix: Matrix) -> str:
    """A self-contained page: the table, then the heat map inline (no file next to it is needed)."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>aikg: coverage of QĐ 367 by the city plans</title>
<style>{STYLE}</style></head><body>
<h1>Coverage of QĐ 367 by the city plans</h1>
<p>One row per task of Decision 367/QĐ-TTg assigned to or involving the provinces; a cell names the city's
tasks that derive from it, and “gap” marks a task the plan does not take up.
<span class="note">*</span> QĐ 367 names no provincial body for the task; it is listed because a city plan
takes it up.</p>
{table_html(matrix)}
<h2>Heat map</h2>
{svg_text(matrix)}
</body></html>
"""


def write_outputs(matrix: Matrix, out: Path) -> list[Path]:
    """A folder gets coverage.png, coverage.svg and coverage.html; a file gets what its suffix names."""
    out = Path(out)
    if out.suffix.lower() == ".html":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page_html(matrix), encoding="utf-8")
        return [out]
    if out.suffix:
        return [save_picture(matrix, out)]
    out.mkdir(parents=True, exist_ok=True)
    written = [save_picture(matrix, out / "coverage.png"), save_picture(matrix, out / "coverage.svg")]
    (out / "coverage.html").write_text(page_html(matrix), encoding="utf-8")
    return [*written, out / "coverage.html"]
