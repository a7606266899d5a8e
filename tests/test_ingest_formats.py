"""The same plan as .txt, .docx (python-docx) and .pdf (fpdf2) gives the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.ingest.documents import to_docx, to_pdf
from fixtures.ingest.helpers import SEEDS, ingest_home, load, rename_source, run  # noqa: F401
from rdflib.compare import graph_diff, isomorphic, to_isomorphic


def _ingest(home: Path, document: Path, city: str, out: Path):
    result = run(home, "ingest", str(document), "--city", city, "--out", str(out))
    assert result.exit_code == 0, result.output
    return rename_source(load(out), "plan"), result.output


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_txt_docx_and_pdf_give_the_same_graph(key: str, ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    seed = SEEDS[key]
    text = (ingest_home / "sources" / seed.source).read_text(encoding="utf-8")
    lines = text.split("\n")
    txt = tmp_path / "plan.txt"
    txt.write_text(text, encoding="utf-8")
    docx = to_docx(lines, tmp_path / "plan.docx")
    pdf = to_pdf(lines, tmp_path / "plan.pdf")

    from_txt, report_txt = _ingest(ingest_home, txt, seed.city, tmp_path / "txt.ttl")
    for document in (docx, pdf):
        graph, report = _ingest(ingest_home, document, seed.city, tmp_path / f"{document.suffix[1:]}.ttl")
        if not isomorphic(from_txt, graph):
            _, only_txt, only_other = graph_diff(to_isomorphic(from_txt), to_isomorphic(graph))
            sample = sorted(str(t) for t in only_txt)[:3] + sorted(str(t) for t in only_other)[:3]
            pytest.fail(f"{document.name}: graph differs from the .txt one: {sample}")
        assert "Not placed (0 of" in report
    assert "Not placed (0 of" in report_txt


def test_docx_table_rows_and_soft_breaks_are_lines(tmp_path: Path) -> None:
    import docx

    from aikg.ingest.reader import read_source

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("1", "Tổ chức", "Sở Tư pháp"), strict=True):
        cell.text = text
    path = tmp_path / "x.docx"
    document.save(str(path))
    assert read_source(path).lines == ("KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "1\tTổ chức\tSở Tư pháp")


def test_pdf_restores_blank_lines_and_cells(tmp_path: Path) -> None:
    from aikg.ingest.reader import read_source

    lines = ["KẾ HOẠCH", "", "", "a) Thời gian thực hiện: Thường xuyên.", "STT\tTên công việc\tSản phẩm",
             "1\tRà soát\tBáo cáo", "\t\tvà tài liệu"]
    source = read_source(to_pdf(lines, tmp_path / "x.pdf"))
    assert [line.rstrip() for line in source.lines] == lines


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_an_office_style_pdf_is_read_the_same(key: str, ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    """A4, wrapped paragraphs, a ruled appendix table with wrapped cells: the line numbers differ from the
    .txt, the facts do not (`aikg diff` agrees)."""
    from fixtures.ingest.documents import to_pdf_a4

    seed = SEEDS[key]
    lines = (ingest_home / "sources" / seed.source).read_text(encoding="utf-8").split("\n")
    pdf = to_pdf_a4(lines, tmp_path / "plan.pdf")
    out = tmp_path / "pdf.ttl"
    result = run(ingest_home, "ingest", str(pdf), "--city", seed.city, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Not placed (0 of" in result.output
    txt = tmp_path / "txt.ttl"
    assert run(ingest_home, "ingest", str(ingest_home / "sources" / seed.source), "--city", seed.city,
               "--out", str(txt)).exit_code == 0
    compared = run(ingest_home, "diff", str(txt), str(out))
    assert compared.exit_code == 0, compared.output
