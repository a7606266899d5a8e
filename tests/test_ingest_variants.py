"""Hand-made variants of the Huế plan: read the same where only the layout changed, reported where a fact
changed; texts that are not plans are refused with a message naming the file and why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fixtures.ingest.helpers import BASE, SEEDS, ingest_home, load, run  # noqa: F401

from aikg.provenance import check_provenance

HUE = SEEDS["hue"]


@pytest.fixture(scope="module")
def original(ingest_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    out = tmp_path_factory.mktemp("original") / "hue.ttl"
    result = run(ingest_home, "ingest", str(ingest_home / "sources" / HUE.source), "--city", HUE.city,
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def hue_lines(home: Path) -> list[str]:
    return (home / "sources" / HUE.source).read_text(encoding="utf-8").split("\n")


def ingest_variant(home: Path, folder: Path, lines: list[str], *extra: str):
    """Write the variant under the source's own name (so IRIs match) in a folder of its own, ingest it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / HUE.source
    path.write_text("\n".join(lines), encoding="utf-8")
    out = folder / "out.ttl"
    return run(home, "ingest", str(path), "--city", HUE.city, "--out", str(out), *extra), out


def diff(home: Path, a: Path, b: Path):
    return run(home, "diff", str(a), str(b))


def test_extra_blank_lines_change_nothing_but_line_numbers(
        ingest_home: Path, original: Path, tmp_path: Path) -> None:  # noqa: F811
    spaced = [x for line in hue_lines(ingest_home) for x in (line, "")]
    result, out = ingest_variant(ingest_home, tmp_path, spaced)
    assert result.exit_code == 0, result.output
    assert "Not placed (0 of" in result.output
    assert diff(ingest_home, original, out).exit_code == 0
    assert check_provenance(load(out), tmp_path) == []


def test_sections_reordered_are_read_the_same(ingest_home: Path, original: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = hue_lines(ingest_home)
    body, funding, organisation = lines[28:100], lines[100:106], lines[106:124]  # II, III, IV (1-based 29, 101, 107)
    assert body[0].startswith("II.") and funding[0].startswith("III.") and organisation[0].startswith("IV.")
    reordered = lines[:28] + organisation + funding + body + lines[124:]
    result, out = ingest_variant(ingest_home, tmp_path, reordered)
    assert result.exit_code == 0, result.output
    assert "Not placed (0 of" in result.output
    compared = diff(ingest_home, original, out)
    assert compared.exit_code == 0, compared.output
    assert len(list(load(out).objects(None, load(out).namespace_manager.expand_curie("aikg:reportingObligation")))) \
        == 6


def test_other_numbering_is_read_the_same(ingest_home: Path, original: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = []
    for line in hue_lines(ingest_home):
        line = re.sub(r"^(\d{1,2})\. ", r"\1) ", line)  # 1. → 1)
        line = re.sub(r"^([a-zđ])\) ", r"\1. ", line)  # a) → a.
        line = re.sub(r"^([IV]+)\. (.*)$", lambda m: f"PHẦN {m.group(1)} - {m.group(2)}", line)  # II. → PHẦN II -
        line = re.sub(r"^- ", "• ", line)  # dashes → bullets
        lines.append(line)
    assert "PHẦN II - NỘI DUNG KẾ HOẠCH" in lines and "1) Mục đích" in lines
    result, out = ingest_variant(ingest_home, tmp_path, lines)
    assert result.exit_code == 0, result.output
    compared = diff(ingest_home, original, out)
    assert compared.exit_code == 0, compared.output
    assert "Not placed (0 of" in result.output


def test_a_missing_lead_is_reported(ingest_home: Path, original: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = hue_lines(ingest_home)
    assert lines[95] == "- Cơ quan chủ trì: Sở Khoa học và Công nghệ."  # line 96, in II.5
    result, out = ingest_variant(ingest_home, tmp_path, lines[:95] + lines[96:])
    assert result.exit_code == 0, result.output
    assert "II.5: no lead agency (cơ quan chủ trì)" in result.output
    assert f"{HUE.plan}/II/5  [aikg:leadAgency]" in result.output
    assert "Task names no lead agency (cơ quan chủ trì)." in result.output
    compared = diff(ingest_home, original, out)
    assert compared.exit_code == 1
    assert "II.5" in compared.output and "lead agency" in compared.output
    assert "15 of 16 tasks and appendix rows agree" in compared.output


def test_a_missing_timeframe_is_a_violation(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = hue_lines(ingest_home)
    assert lines[89].startswith("- Thời gian thực hiện:")  # line 90, in II.4
    result, _ = ingest_variant(ingest_home, tmp_path, lines[:89] + lines[90:], "--strict")
    assert result.exit_code == 1
    assert "II.4: no timeframe (thời gian thực hiện)" in result.output
    assert "Task has no timeframe (thời gian thực hiện), or more than one." in result.output


def test_a_sentence_split_by_a_page_break_is_joined(ingest_home: Path, original: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = hue_lines(ingest_home)
    heading = lines[83]  # line 84: item II.4, one long sentence
    cut = heading.index(" kết nối thống nhất")
    split = lines[:83] + [heading[:cut], "", heading[cut + 1:]] + lines[84:]
    result, out = ingest_variant(ingest_home, tmp_path, split)
    assert result.exit_code == 0, result.output
    assert "Not placed (0 of" in result.output
    assert diff(ingest_home, original, out).exit_code == 0
    assert check_provenance(load(out), tmp_path) == []


def test_an_appendix_row_broken_inside_a_cell(ingest_home: Path, original: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = hue_lines(ingest_home)
    row = lines[144]  # line 145: appendix row 1
    cut = row.index(" của Thủ tướng Chính phủ.")
    broken = lines[:144] + [row[:cut], row[cut + 1:]] + lines[145:]
    result, out = ingest_variant(ingest_home, tmp_path, broken)
    assert result.exit_code == 0, result.output
    compared = diff(ingest_home, original, out)
    assert compared.exit_code == 0, compared.output
    assert "PL.1     lines 145-146" in result.output


def test_unknown_agency_and_stray_line_are_reported(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    lines = hue_lines(ingest_home)
    lines[96] = "- Cơ quan phối hợp: Trung tâm Chuyển đổi số thành phố, các sở, ban, ngành có liên quan."
    lines.insert(29, "Ghi chú của người soạn: bản này chỉ để tham khảo.")  # after the II heading: line 30
    result, out = ingest_variant(ingest_home, tmp_path, lines)
    assert result.exit_code == 0, result.output
    assert "II.5 coordinating: new agency: Trung tâm Chuyển đổi số thành phố" in result.output
    assert "Not placed (1 of" in result.output
    assert "line 30: Ghi chú của người soạn: bản này chỉ để tham khảo." in result.output
    graph = load(out)
    assert (None, None, graph.namespace_manager.expand_curie("aikg:Agency")) in graph
    minted = BASE + "agency/hue/trung-tam-chuyen-doi-so-thanh-pho"
    assert any(str(o) == minted for o in graph.objects())


# --- Not a plan ---------------------------------------------------------------------------------------

NOT_PLANS = {
    "prose.txt": ("Hôm nay trời đẹp. Chúng tôi đi dạo quanh hồ và uống cà phê.\n", "no 'KẾ HOẠCH' title"),
    "title-only.txt": ("KẾ HOẠCH\nTriển khai một việc gì đó\n\nNội dung sẽ được bổ sung sau.\n",
                       "numbered sections"),
    "no-tasks.txt": ("KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\n1. Mục đích\n\nII. NỘI DUNG\n\n1. Tuyên truyền rộng rãi.\n",
                     "no task found"),
    "empty.txt": ("\n\n", "has no text"),
}


@pytest.mark.parametrize("name", sorted(NOT_PLANS))
def test_a_text_that_is_not_a_plan_is_refused(name: str, ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    text, why = NOT_PLANS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.ttl"
    result = run(ingest_home, "ingest", str(path), "--city", "Huế", "--out", str(out))
    assert result.exit_code == 2
    assert str(path) in result.output and why in result.output
    assert not out.exists()


def test_unreadable_files_are_refused(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    cases = {
        "binary.txt": (b"\x00\x01\x02PK\x00" * 50, "binary"),
        "plan.doc": (b"whatever", "unsupported file type '.doc'"),
        "broken.docx": (b"not a zip at all", "not a readable .docx"),
        "broken.pdf": (b"%PDF-1.4 garbage", "PDF"),
        "latin1.txt": ("KẾ HOẠCH".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", "not UTF-8 text"),
    }
    for name, (data, why) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = run(ingest_home, "ingest", str(path), "--city", "Huế", "--out", str(tmp_path / "out.ttl"))
        assert result.exit_code == 2, (name, result.output)
        assert str(path) in result.output and why in result.output, (name, result.output)
    assert not (tmp_path / "out.ttl").exists()


def test_a_pdf_without_text_layer_is_refused(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)  # a drawing, no text: what a scan looks like to a text extractor
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    result = run(ingest_home, "ingest", str(path), "--city", "Huế", "--out", str(tmp_path / "out.ttl"))
    assert result.exit_code == 2
    assert "no text layer" in result.output
