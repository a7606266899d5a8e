"""Appendix tables as offices make them: a real Word table (.docx) and a ruled table in an A4 .pdf, with the
usual column names ("Đơn vị thực hiện", "Thời gian hoàn thành", "Sản phẩm dự kiến", "Kết quả dự kiến"),
UPPERCASE headers, and group rows that are headings, not tasks. Each test asserts the exact rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.ingest.documents import to_docx, to_pdf_a4

from aikg.ingest import ingest
from aikg.ingest.knowledge import Knowledge
from aikg.ingest.scoring import facts

LETTERHEAD = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 980/KH-UBND
Nghệ An, ngày 18 tháng 11 năm 2025

KẾ HOẠCH
Thực hiện chuyển đổi số trong cơ quan nhà nước

Thực hiện Quyết định số 1899/QĐ-TTg ngày 05/9/2025 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch:

I. MỤC ĐÍCH, YÊU CẦU

1. Triển khai đồng bộ các nhiệm vụ.

II. NHIỆM VỤ

Các nhiệm vụ cụ thể tại Phụ lục kèm theo.

Nơi nhận:
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Đệ

PHỤ LỤC
NHIỆM VỤ CỤ THỂ
(Kèm theo Kế hoạch số 980/KH-UBND ngày 18/11/2025 của UBND tỉnh)

"""

#: "Sản phẩm dự kiến" and "Thời gian hoàn thành", an implementing-unit column, Title-case headers.
EXPECTED_PRODUCTS = {
    "header": "TT\tNội dung thực hiện\tĐơn vị thực hiện\tĐơn vị phối hợp\tThời gian hoàn thành\tSản phẩm dự kiến",
    "rows": [
        "I\tTuyên truyền, phổ biến",
        "1\tTổ chức hội nghị phổ biến Luật\tSở Tư pháp\tSở Nội vụ\tQuý I/2026\tHội nghị",
        "2\tBiên soạn tài liệu hỏi đáp\tSở Văn hóa, Thể thao và Du lịch\t\tNăm 2026\tTài liệu hỏi đáp",
        "II\tHoàn thiện thể chế",
        "1\tRà soát văn bản quy phạm pháp luật\tSở Tư pháp\tCác sở, ngành\tThường xuyên\tBáo cáo rà soát",
    ],
    "tasks": {
        "PL.I.1": {"lead": ["Sở Tư pháp"], "coordinating": ["Sở Nội vụ"], "timeframe": "Quý I/2026",
                   "product": "Hội nghị"},
        "PL.I.2": {"lead": ["Sở Văn hóa, Thể thao và Du lịch"], "coordinating": [], "timeframe": "Năm 2026",
                   "product": "Tài liệu hỏi đáp"},
        "PL.II.1": {"lead": ["Sở Tư pháp"], "coordinating": ["Các sở, ngành"], "timeframe": "Thường xuyên",
                    "product": "Báo cáo rà soát"},
    },
}

#: UPPERCASE headers, "KẾT QUẢ DỰ KIẾN" as the product, "CƠ QUAN CHỦ TRÌ", group rows in bold roman.
EXPECTED_RESULTS = {
    "header": "STT\tNHIỆM VỤ\tCƠ QUAN CHỦ TRÌ\tCƠ QUAN PHỐI HỢP\tTHỜI GIAN THỰC HIỆN\tKẾT QUẢ DỰ KIẾN",
    "rows": [
        "I\tHẠ TẦNG SỐ",
        "1\tNâng cấp trung tâm dữ liệu\tSở Khoa học và Công nghệ\tSở Tài chính\t2026 - 2027\tTrung tâm dữ liệu",
        "II\tDỮ LIỆU SỐ",
        "1\tXây dựng cơ sở dữ liệu đất đai\tSở Nông nghiệp và Môi trường\tCông an tỉnh\tNăm 2027\tCơ sở dữ liệu",
        "2\tKết nối dữ liệu dân cư\tCông an tỉnh\tSở Khoa học và Công nghệ\tQuý IV/2026\tBáo cáo kết nối",
    ],
    "tasks": {
        "PL.I.1": {"lead": ["Sở Khoa học và Công nghệ"], "coordinating": ["Sở Tài chính"], "timeframe": "2026 - 2027",
                   "product": "Trung tâm dữ liệu"},
        "PL.II.1": {"lead": ["Sở Nông nghiệp và Môi trường"], "coordinating": ["Công an tỉnh"],
                    "timeframe": "Năm 2027", "product": "Cơ sở dữ liệu"},
        "PL.II.2": {"lead": ["Công an tỉnh"], "coordinating": ["Sở Khoa học và Công nghệ"], "timeframe": "Quý IV/2026",
                    "product": "Báo cáo kết nối"},
    },
}

TABLES = {"products": EXPECTED_PRODUCTS, "results": EXPECTED_RESULTS}
MAKERS = {"docx": to_docx, "pdf": to_pdf_a4}


def _lines(table: dict) -> list[str]:
    width = table["header"].count("\t") + 1
    rows = [r + "\t" * (width - 1 - r.count("\t")) for r in table["rows"]]  # group rows fill the row
    return (LETTERHEAD + "\n".join([table["header"], *rows]) + "\n").split("\n")


@pytest.mark.parametrize("fmt", sorted(MAKERS))
@pytest.mark.parametrize("name", sorted(TABLES))
def test_an_office_table_gives_exactly_its_rows(name: str, fmt: str, tmp_path: Path) -> None:
    table = TABLES[name]
    document = MAKERS[fmt](_lines(table), tmp_path / f"plan.{fmt}")
    result = ingest(document, knowledge=Knowledge.empty(), validate=False)
    got = facts(result.plan)
    assert (got.header["number"], got.header["date"], got.header["place"]) == ("980/KH-UBND", "2025-11-18", "Nghệ An")
    assert {t.notation: t.values for t in got.tasks} == table["tasks"]
    # the group rows are headings of the appendix, not tasks
    assert len(result.plan.appendix.rows) == len(table["tasks"])
