"""`aikg coverage`: the plan × national-task matrix, as text, a heat map, HTML and a web page."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import Graph

from aikg.config import DEFAULT_BASE, Settings
from aikg.coverage import coverage_matrix, render_text

BASE = DEFAULT_BASE
HUE = BASE + "eli/vn/hue/kh/2026/213-kh-ubnd"
HP = BASE + "eli/vn/hai-phong/kh/2026/du-thao"
QD = BASE + "eli/vn/qd/2026/367-qd-ttg"
AIKG_CLI = str(Path(sys.executable).with_name("aikg"))


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIKG_HOME": str(home)}
    return subprocess.run([AIKG_CLI, *args], env=env, capture_output=True, text=True, timeout=600)


def test_matrix_rows_columns_and_cells(built_graph: Graph, project_copy: Path) -> None:
    matrix = coverage_matrix(built_graph, Settings(root=project_copy, base=BASE))
    assert [str(c.plan) for c in matrix.columns] == [HP, HUE]  # by name: "Hải Phòng dự thảo", "Huế 213/KH-UBND"
    notations = [r.notation for r in matrix.rows]
    assert notations.index("II.4.đ") < notations.index("II.4.e") < notations.index("II.5.đ") < notations.index(
        "II.5.g") < notations.index("II.6")  # document order, đ after d
    by_notation = {r.notation: r for r in matrix.rows}
    hp, hue = matrix.columns
    assert matrix.cell(by_notation["II.4.e"], hue) == [] and matrix.cell(by_notation["II.4.e"], hp) == ["II.4.e"]
    assert matrix.cell(by_notation["II.5.g"], hue) == [] and matrix.cell(by_notation["II.5.g"], hp) == ["II.5.b"]
    assert matrix.cell(by_notation["II.2"], hue) == ["II.2.a", "II.2.b"]
    assert matrix.covered(hp) == len(matrix.rows)
    text = render_text(matrix)
    assert f"Huế 213/KH-UBND: covers {matrix.covered(hue)} of {len(matrix.rows)}" in text
    assert "—" in text


def test_cli_coverage_writes_picture_and_html(project_copy: Path, tmp_path: Path) -> None:
    result = run_cli(project_copy, "coverage", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "II.4.e" in result.stdout and "covers" in result.stdout
    png, svg, page = (tmp_path / "out" / f"coverage.{s}" for s in ("png", "svg", "html"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert "II.5.g" in svg.read_text(encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert '<table class="coverage">' in html and 'class="gap"' in html and "<svg" in html
    assert "http://" not in html.split("<svg", 1)[0].replace("http://www.w3.org", "")
    one = run_cli(project_copy, "coverage", "-o", str(tmp_path / "heat.pdf"))
    assert one.returncode == 0 and (tmp_path / "heat.pdf").read_bytes()[:5] == b"%PDF-"
    again = run_cli(project_copy, "coverage", "--out", str(tmp_path / "again"))
    assert again.returncode == 0
    assert (tmp_path / "again" / "coverage.svg").read_bytes() == svg.read_bytes()  # stable output


def test_coverage_page(live_server) -> None:
    """The page is served by the real server, the matrix read through its store."""
    client = live_server
    page = client.request("/analysis/coverage")
    assert page.status == 200
    body = page.text
    assert "Huế 213/KH-UBND" in body and 'class="gap"' in body and "<svg" in body
    assert "/analysis/trace?thing=" in body
    picture = client.request("/analysis/coverage.svg")
    assert picture.header("Content-Type").startswith("image/svg+xml") and b"II.4.e" in picture.body
    assert client.request("/analysis/").status == 200


def test_same_matrix_under_another_base(tmp_path: Path, built_graph: Graph, project_copy: Path) -> None:
    """The queries name no data IRI, so a graph published under another base (AIKG_BASE) gives the same matrix."""
    from fixtures_build import copy_project

    from aikg.build import build
    from aikg.query import load_graph

    other = Settings(root=copy_project(tmp_path / "rebased"), base="https://example.org/kg/")
    build(other, quiet=True)
    rebased = coverage_matrix(load_graph(other), other)
    original = coverage_matrix(built_graph, Settings(root=project_copy, base=BASE))
    assert str(rebased.rows[0].task).startswith("https://example.org/kg/eli/vn/qd/2026/367-qd-ttg/")

    def cells(matrix):
        return {(r.notation, c.name): tuple(matrix.cell(r, c)) for r in matrix.rows for c in matrix.columns}

    assert cells(rebased) == cells(original)
