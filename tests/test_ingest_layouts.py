"""Layouts of real plans, each as a small hand-made text read through `aikg.ingest.ingest` (no data/):
web copies (hard-wrapped lines, Markdown emphasis, `|` cell lines), italic labels, tasks as list entries,
letterheads of provinces and of the Prime Minister, links from wording; and `aikg ingest DIR`."""

from __future__ import annotations

from pathlib import Path

from fixtures.ingest.helpers import ingest_home, run  # noqa: F401
from rdflib import URIRef

from aikg.ingest import ingest
from aikg.ingest.knowledge import Knowledge
from aikg.ingest.layout import classify
from aikg.ingest.scoring import facts
from aikg.namespaces import AIKG

PROVINCE_LETTERHEAD = """|
**UỶ BAN NHÂN
DÂN **
TỈNH BẮC NINH
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
141/KH-UBND
|
*Bắc Ninh, ngày 20
tháng 11 năm 2025*
|

**KẾ HOẠCH**

NÂNG CAO NĂNG LỰC XÂY DỰNG
CHÍNH SÁCH, PHÁP LUẬT

Thực hiện Nghị quyết số 66-NQ/TW của Bộ Chính trị, UBND tỉnh ban hành Kế hoạch
như sau:

**I. MỤC
ĐÍCH, YÊU CẦU**

1. Nâng cao năng lực của đội ngũ
cán bộ.

"""

ITALIC_FIELDS = PROVINCE_LETTERHEAD + """**II. NHIỆM VỤ, GIẢI PHÁP**

**1. Bồi dưỡng**

- Tổ chức tập huấn cho đội ngũ
cán bộ xây dựng pháp luật.

*Đơn vị chủ trì thực hiện: *Sở Tư
pháp.

*Đơn vị phối hợp: *Sở Nội
vụ.

*Thời gian thực hiện: *Quý III Năm
2026.

- Ứng dụng AI pháp luật theo Luật Công nghiệp Công nghệ số số 71/2025/QH15.

*Đơn vị chủ trì: *Sở Khoa học và Công nghệ.

*Thời gian thực hiện*: Quý IV/2025- Quý II/2026.
"""

CELL_TABLE = PROVINCE_LETTERHEAD + """**II. NỘI DUNG**

1. Các nhiệm vụ tại Phụ lục kèm theo.

**PHỤ LỤC**

*(Kèm theo Kế hoạch số 141/KH-UBND)*

|
**STT**
|
**NHIỆM VỤ**
|
**CHỦ TRÌ**
|
**PHỐI HỢP**
|
**THỜI GIAN HOÀN THÀNH**
|
**Sản phẩm dự kiến**
|
|
**I**
|
**NHÓM MỘT**
|
|
1
|
Rà soát văn bản
quy phạm pháp luật
|
Sở Tư pháp
|
Sở Nội vụ
|
2025 - 2035
|
Báo cáo
|
|
2
|
Tuyên truyền
|
Sở Văn hóa, Thể thao và Du lịch
|
|
Thường xuyên
|
Tài liệu
|
|
Xuất bản tài liệu
|
Sở Tư pháp
|
|
**II**
|
**NHÓM HAI**
|
|
1
|
Kiểm tra
|
Sở Nội vụ
|
Sở Tài chính
|
Hàng năm
|
|
"""

NATIONAL = """|
**THỦ TƯỚNG
CHÍNH PHỦ**
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số: 2623/QĐ-TTg
|
*Hà Nội, ngày
29 tháng 11 năm 2025*
|

**QUYẾT ĐỊNH**

BAN HÀNH KẾ HOẠCH TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ
LIỆU CÁ NHÂN

**Điều 1.**
Ban hành kèm theo Quyết định này Kế hoạch.

|
*Nơi nhận:*
- Các bộ, cơ quan ngang bộ;
- Lưu: VT.
|
**THỦ TƯỚNG**
Phạm Minh Chính
|

**KẾ HOẠCH**

TRIỂN KHAI THI HÀNH LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN

*(Kèm theo Quyết định số /QĐ-TTg ngày
tháng năm 2025 của Thủ tướng Chính phủ)*

**I. MỤC
ĐÍCH, YÊU CẦU**

1. Mục đích

**II. NỘI
DUNG**

1. Xây dựng Nghị định của
Chính phủ

- Nghị định quy định chi tiết
một số điều Luật

+ Cơ quan chủ trì: Bộ Công
an.

+ Thời hạn ban hành: trước
ngày 01 tháng 01 năm 2026.

- Nghị định xử phạt vi phạm
hành chính

+ Cơ quan chủ trì: Bộ Công
an.

+ Cơ quan phối hợp: Văn
phòng Chính phủ, Bộ Tư pháp.

+ Thời hạn ban hành: Theo tiến
độ được giao.
"""


def _read(tmp_path: Path, text: str, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest(path, knowledge=Knowledge.empty(), validate=False)


def _tasks(result) -> dict[str, dict]:
    return {t.notation: t.values for t in facts(result.plan).tasks}


def test_a_wrapped_letterhead_gives_issuer_place_number_and_date(tmp_path: Path) -> None:
    result = _read(tmp_path, ITALIC_FIELDS)
    plan = result.plan
    assert (plan.issuer.surface, plan.issuer_kind) == ("UỶ BAN NHÂN DÂN TỈNH BẮC NINH", "province")
    assert (plan.city, plan.place, plan.place_label) == ("Bắc Ninh", "bac-ninh", "Tỉnh Bắc Ninh")
    assert (plan.number, plan.date.isoformat(), plan.plan_kind) == ("141/KH-UBND", "2025-11-20", "plan")
    assert str(result.plan_iri) == "https://w3id.org/aikg/eli/vn/bac-ninh/kh/2025/141-kh-ubnd"
    assert plan.title == "NÂNG CAO NĂNG LỰC XÂY DỰNG CHÍNH SÁCH, PHÁP LUẬT"


def test_italic_labels_after_list_entries_are_tasks_with_whole_timeframes(tmp_path: Path) -> None:
    tasks = _tasks(_read(tmp_path, ITALIC_FIELDS))
    assert tasks == {
        "II.1.-1": {"lead": ["Sở Tư pháp"], "coordinating": ["Sở Nội vụ"], "timeframe": "Quý III Năm 2026",
                    "product": None},
        "II.1.-2": {"lead": ["Sở Khoa học và Công nghệ"], "coordinating": [],
                    "timeframe": "Quý IV/2025- Quý II/2026", "product": None},
    }


def test_every_line_with_words_is_placed_or_listed(tmp_path: Path) -> None:
    result = _read(tmp_path, ITALIC_FIELDS)
    texts = [result.source.line(n) for n in result.unplaced]
    assert texts == []


def test_a_task_naming_an_instrument_refers_to_it(tmp_path: Path) -> None:
    result = _read(tmp_path, ITALIC_FIELDS)
    law = URIRef("https://w3id.org/aikg/eli/vn/luat/2025/71-2025-qh15")
    referring = {str(s).rsplit("/", 2)[-2:][-1] for s in result.graph.subjects(AIKG.refersTo, law)}
    assert referring == {"b2"}
    assert str(result.graph.value(law, AIKG.number)) == "71/2025/QH15"


def test_a_table_in_cell_lines_gives_rows_groups_and_rowspans(tmp_path: Path) -> None:
    tasks = _tasks(_read(tmp_path, CELL_TABLE))
    assert tasks == {
        "PL.I.1": {"lead": ["Sở Tư pháp"], "coordinating": ["Sở Nội vụ"], "timeframe": "2025 - 2035",
                   "product": "Báo cáo"},
        "PL.I.2": {"lead": ["Sở Văn hóa, Thể thao và Du lịch"], "coordinating": [], "timeframe": "Thường xuyên",
                   "product": "Tài liệu"},
        "PL.I.2+1": {"lead": ["Sở Tư pháp"], "coordinating": [], "timeframe": "Thường xuyên", "product": "Tài liệu"},
        "PL.II.1": {"lead": ["Sở Nội vụ"], "coordinating": ["Sở Tài chính"], "timeframe": "Hàng năm",
                    "product": None},
    }


def test_a_prime_minister_decision_issuing_a_plan(tmp_path: Path) -> None:
    result = _read(tmp_path, NATIONAL)
    plan = result.plan
    assert (plan.issuer.surface, plan.issuer_kind, plan.place, plan.plan_kind) == (
        "THỦ TƯỚNG CHÍNH PHỦ", "national", "vn", "decision-issuing-plan")
    assert (plan.number, plan.date.isoformat(), plan.signatory.name) == ("2623/QĐ-TTg", "2025-11-29", "Phạm Minh Chính")
    root = result.plan_iri
    assert str(root) == "https://w3id.org/aikg/eli/vn/qd/2025/2623-qd-ttg"
    types = set(result.graph.objects(root, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
    assert types == {AIKG.Decision, AIKG.ImplementationPlan}
    assert _tasks(result) == {
        "II.1.-1": {"lead": ["Bộ Công an"], "coordinating": [], "timeframe": "trước ngày 01 tháng 01 năm 2026",
                    "product": None},
        "II.1.-2": {"lead": ["Bộ Công an"], "coordinating": ["Văn phòng Chính phủ", "Bộ Tư pháp"],
                    "timeframe": "Theo tiến độ được giao", "product": None},
    }


def test_markers_inside_emphasis() -> None:
    assert classify("**II. NỘI DUNG**")[:2] == ("section", "II")
    assert classify("*2.1. Tiếp tục*")[:2] == ("letter", "1")
    assert classify("*a) *Xây dựng")[:2] == ("letter", "a")


def test_a_folder_is_ingested_with_one_summary(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "bac-ninh.txt").write_text(ITALIC_FIELDS, encoding="utf-8")
    (folder / "national.txt").write_text(NATIONAL, encoding="utf-8")
    (folder / "note.txt").write_text("Hôm nay trời đẹp.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(ingest_home, "ingest", str(folder), "--out", str(out), "--isolated")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.endswith(".txt")
            or ".txt " in line}
    # 2 tasks, no rows; incomplete: no implemented instrument, no signatory, two tasks without product
    assert rows["bac-ninh.txt"][:4] == ["2", "0", "4", "0"]
    assert rows["national.txt"][:2] == ["2", "0"]
    assert " ".join(rows["note.txt"]).startswith("refused: cannot be read as a plan")
    assert "2 of 3 files read as plans" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["bac-ninh.ttl", "national.ttl"]


REPEATED_SECTION = PROVINCE_LETTERHEAD.replace("Số:\n141/KH-UBND", "Số:      /KH-UBND") + """**II. NHIỆM VỤ**

1. Tuyên truyền
- Cơ quan chủ trì: Sở Tư pháp.
- Thời gian thực hiện: 2026.

**II. GIẢI PHÁP**

1. Kiểm tra
- Cơ quan chủ trì: Sở Nội vụ.
- Thời gian thực hiện: Thường xuyên.
"""


def test_a_repeated_section_number_gets_its_own_notation_and_a_blank_number_stays_blank(tmp_path: Path) -> None:
    result = _read(tmp_path, REPEATED_SECTION)
    assert [t.notation for t in result.plan.tasks()] == ["II.1", "II-2.1"]
    assert result.plan.number is None
    assert str(result.plan_iri).endswith("/eli/vn/bac-ninh/kh/2025/du-thao")


def test_review_page_colours_each_line_by_the_fact_it_fed(tmp_path: Path) -> None:
    from aikg.ingest.review import review_lines, write_review

    result = _read(tmp_path, ITALIC_FIELDS)
    kinds = {line.number: line.kind for line in review_lines(result)}
    source = result.source.lines
    assert kinds[source.index("*Đơn vị chủ trì thực hiện: *Sở Tư") + 1] == "lead"
    assert kinds[source.index("*Đơn vị phối hợp: *Sở Nội") + 1] == "coordinating"
    assert kinds[source.index("*Thời gian thực hiện: *Quý III Năm") + 1] == "timeframe"
    assert kinds[source.index("--------") + 1] == "furniture"
    assert "unplaced" not in kinds.values()
    page = write_review(result, tmp_path / "plan.html").read_text(encoding="utf-8")
    assert page.count('<tr class="lead"') == 3  # a lead over two lines, another on one
    assert "II.1.-2" in page and "Quý IV/2025- Quý II/2026" in page


DUTIES_BY_AGENCY = PROVINCE_LETTERHEAD + """**II. NỘI DUNG**

1. Rà soát các quy định hiện hành.

**III. TỔ CHỨC THỰC HIỆN**

**1. Sở Tư pháp**

a) Chủ trì tổng hợp, theo dõi việc thực hiện Kế hoạch.

**2. Sở Nội vụ**

a) Phối hợp với Sở Tư pháp rà soát các quy định.
"""


def test_a_plan_without_tasks_keeps_its_header_and_reports_the_gap(tmp_path: Path) -> None:
    """A plan header (issuer, number, title) with no task fields is a plan with zero tasks, not a refusal:
    the report says so and SHACL flags a plan that assigns no task; duties listed by agency are not tasks."""
    path = tmp_path / "plan.txt"
    path.write_text(DUTIES_BY_AGENCY, encoding="utf-8")
    from aikg.config import settings

    result = ingest(path, knowledge=Knowledge.load(settings().data_dir))
    plan = result.plan
    assert (plan.issuer.surface, plan.number, plan.date.isoformat()) == (
        "UỶ BAN NHÂN DÂN TỈNH BẮC NINH", "141/KH-UBND", "2025-11-20")
    assert plan.title == "NÂNG CAO NĂNG LỰC XÂY DỰNG CHÍNH SÁCH, PHÁP LUẬT"
    assert plan.tasks() == []
    assert any(n.startswith("no task found:") and "zero tasks" in n for n in result.notes)
    messages = {f.message_en for f in result.validation.findings if str(f.focus) == str(result.plan_iri)}
    assert any("assigns no task" in m for m in messages), messages


MINISTRY_DECISION = """|
**BỘ VĂN HÓA, THỂ
THAO **
VÀ DU LỊCH
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
|
Số: 4385/QĐ-BVHTTDL
|
*Hà Nội, ngày 18
tháng 11 năm 2025*
|

**QUYẾT ĐỊNH**

VỀ VIỆC BAN HÀNH KẾ HOẠCH THỰC HIỆN QUY HOẠCH MẠNG LƯỚI CƠ SỞ
VĂN HÓA VÀ THỂ THAO

**I. MỤC ĐÍCH**

1. Triển khai đồng bộ quy hoạch.

**II. TỔ CHỨC THỰC HIỆN**

**1. Cục Văn hóa cơ sở**

a) Hướng dẫn các địa phương thực hiện.
"""


def test_a_decision_issuing_a_plan_without_tasks_keeps_its_header_and_title(tmp_path: Path) -> None:
    result = _read(tmp_path, MINISTRY_DECISION)
    plan = result.plan
    assert (plan.issuer_kind, plan.plan_kind, plan.number, plan.date.isoformat()) == (
        "ministry", "decision-issuing-plan", "4385/QĐ-BVHTTDL", "2025-11-18")
    assert plan.title == ("VỀ VIỆC BAN HÀNH KẾ HOẠCH THỰC HIỆN QUY HOẠCH MẠNG LƯỚI CƠ SỞ VĂN HÓA VÀ THỂ THAO")
    assert plan.tasks() == []
    assert any(n.startswith("no task found:") for n in result.notes)
