"""The ingester's parts on their own: agency gazetteer and list splitting, roles in one line, field labels,
timeframes, the appendix table, and `aikg diff`."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fixtures.ingest.helpers import BASE, ingest_home, run  # noqa: F401
from rdflib import Graph, Literal, URIRef

from aikg.diff import diff_graphs
from aikg.ingest.agencies import Gazetteer, collective_name
from aikg.ingest.fields import field_of, split_roles
from aikg.ingest.layout import parse_appendix
from aikg.ingest.reader import SourceText
from aikg.ingest.timeframes import normalise
from aikg.namespaces import AIKG


@pytest.fixture()
def gazetteer() -> Gazetteer:
    return Gazetteer.builtin("Huế", "Huế")


def keys(gazetteer: Gazetteer, text: str) -> list[str | None]:
    return [m.entry.key if m.entry else None for m in gazetteer.find(text)]


def test_a_list_of_agencies_is_split_correctly(gazetteer: Gazetteer) -> None:
    assert keys(gazetteer, "Sở Tư pháp, Sở Tài chính, Sở Nội vụ và các sở, ban, ngành có liên quan") == [
        "so-tu-phap", "so-tai-chinh", "so-noi-vu", "cac-so-ban-nganh"]
    assert keys(gazetteer, "Sở Khoa học và Công nghệ, Sở Tư pháp, Sở Văn hóa Thể thao và Du lịch, Công an thành phố,"
                           " Báo và phát thanh, truyền hình Huế, các Sở, ban, ngành thành phố, Ủy ban nhân dân xã, "
                           "phường, đặc khu và cơ quan, đơn vị có liên quan.") == [
        "so-khoa-hoc-va-cong-nghe", "so-tu-phap", "so-van-hoa-the-thao-va-du-lich", "cong-an-thanh-pho",
        "bao-va-phat-thanh-truyen-hinh-hue", "cac-so-ban-nganh", "ubnd-cac-xa-phuong-dac-khu",
        "cac-co-quan-don-vi-lien-quan"]


def test_the_và_inside_a_name_is_not_a_separator(gazetteer: Gazetteer) -> None:
    assert keys(gazetteer, "Sở Khoa học và Công nghệ và Sở Giáo dục và Đào tạo") == [
        "so-khoa-hoc-va-cong-nghe", "so-giao-duc-va-dao-tao"]


@pytest.mark.parametrize("spelling", [
    "Sở KH&CN", "Sở KH & CN", "sở khoa học và công nghệ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ.",
    unicodedata.normalize("NFD", "Sở Khoa học và Công nghệ")])
def test_spelling_variants_of_one_department(gazetteer: Gazetteer, spelling: str) -> None:
    assert keys(gazetteer, spelling) == ["so-khoa-hoc-va-cong-nghe"]


@pytest.mark.parametrize("spelling", [
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa Thể thao và Du lịch", "Sở Văn hoá, Thể thao và Du lịch",
    "Sở VH,TT&DL"])
def test_culture_department_variants(gazetteer: Gazetteer, spelling: str) -> None:
    assert keys(gazetteer, spelling) == ["so-van-hoa-the-thao-va-du-lich"]


def test_collectives_take_the_plan_s_wording(gazetteer: Gazetteer) -> None:
    first = gazetteer.find("Ủy ban nhân dân các phường, xã")[0].entry
    again = gazetteer.find("Ủy ban nhân dân các xã, phường")[0].entry
    assert first.key == again.key == "ubnd-cac-phuong-xa"
    assert first.collective and first.label_vi == "Ủy ban nhân dân các phường, xã"
    assert collective_name("cơ quan, đơn vị có liên quan") == "Các cơ quan, đơn vị liên quan"
    assert collective_name("Ủy ban nhân dân xã, phường, đặc khu") == "Ủy ban nhân dân các xã, phường, đặc khu"


def test_unknown_names_are_kept_apart(gazetteer: Gazetteer) -> None:
    mentions = gazetteer.find("Trung tâm Chuyển đổi số, Sở Tư pháp")
    assert [m.entry.key if m.entry else m.surface for m in mentions] == ["Trung tâm Chuyển đổi số", "so-tu-phap"]


def test_names_inside_prose(gazetteer: Gazetteer) -> None:
    mentions = gazetteer.find("nếu có khó khăn, vướng mắc, đề nghị các Sở, ban, ngành, cơ quan, đơn vị và địa phương "
                              "kịp thời phản ánh")
    assert [m.entry.key for m in mentions if m.entry] == [
        "cac-so-ban-nganh", "cac-co-quan-don-vi", "ubnd-cap-xa"]
    assert "đề nghị" in [m.surface for m in mentions if m.entry is None]


@pytest.mark.parametrize(("text", "lead", "coordinating", "implementing"), [
    ("Sở Khoa học và Công nghệ chủ trì; Các Sở, ban, ngành thành phố và các cơ quan, đơn vị liên quan phối hợp.",
     "Sở Khoa học và Công nghệ", "Các Sở, ban, ngành thành phố và các cơ quan, đơn vị liên quan", None),
    ("Sở Khoa học và Công nghệ chủ trì phối hợp với các cơ quan, đơn vị liên quan.",
     "Sở Khoa học và Công nghệ", "các cơ quan, đơn vị liên quan", None),
    ("Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tư pháp và các Sở, ban, ngành thành phố.",
     "Sở Khoa học và Công nghệ", "Sở Tư pháp và các Sở, ban, ngành thành phố", None),
    ("Các Sở, ngành chủ trì nội dung thuộc phạm vi được giao quản lý; Các cơ quan, đơn vị liên quan phối hợp thực "
     "hiện.", "Các Sở, ngành", "Các cơ quan, đơn vị liên quan", None),
    ("Các Sở, ban, ngành thành phố theo chức năng, nhiệm vụ quản lý được giao.", None, None,
     "Các Sở, ban, ngành thành phố theo chức năng, nhiệm vụ quản lý được giao."),
])
def test_lead_and_coordinators_in_one_line(text: str, lead, coordinating, implementing) -> None:
    roles = split_roles(text)
    assert (roles.lead, roles.coordinating, roles.implementing) == (lead, coordinating, implementing)


@pytest.mark.parametrize(("line", "name", "value"), [
    ("- Cơ quan chủ trì: Sở Khoa học và Công nghệ.", "lead", "Sở Khoa học và Công nghệ."),
    ("b) Cơ quan thực hiện:", "implementing", ""),
    ("Sản phẩm: Chiến lược, kế hoạch", "product", "Chiến lược, kế hoạch"),
    ("- Thời hạn trình: Tháng 2/2026.", "timeframe", "Tháng 2/2026."),
    ("a) Nội dung thực hiện: Rà soát", "content", "Rà soát"),
    ("• Đơn vị phối hợp: Sở Tư pháp", "coordinating", "Sở Tư pháp"),
])
def test_field_labels(line: str, name: str, value: str) -> None:
    found = field_of(line)
    assert found is not None and (found.name, found.value) == (name, value)


def test_lines_that_are_not_fields() -> None:
    assert field_of("c) Nội dung báo cáo: Kết quả thực hiện nhiệm vụ") is None
    assert field_of("Sản phẩm của dự án được nghiệm thu.") is None


@pytest.mark.parametrize(("text", "kinds", "start", "deadline"), [
    ("Năm 2026 và các năm tiếp theo.", ("from-year-onward",), 2026, None),
    ("Thường xuyên.", ("ongoing",), None, None),
    ("Năm 2026 và thường xuyên", ("ongoing",), 2026, None),
    ("Năm 2026; cập nhật theo định kỳ hoặc theo yêu cầu thực tiễn.", ("periodic", "on-request"), 2026, None),
    ("Theo đề nghị của cơ quan có thẩm quyền lấy ý kiến góp ý dự thảo văn bản.", ("on-request",), None, None),
    ("Theo lộ trình, hướng dẫn của cơ quan Trung ương có thẩm quyền.", ("per-central-roadmap",), None, None),
    ("Tháng 2/2026", ("deadline",), 2026, "2026-02-28"),
    ("Trước ngày 30/6/2026", ("deadline",), 2026, "2026-06-30"),
    ("Năm 2027", ("deadline",), 2027, None),
])
def test_timeframes(text: str, kinds: tuple[str, ...], start, deadline) -> None:
    timeframe = normalise(text)
    assert timeframe.kinds == kinds and timeframe.start_year == start
    assert (timeframe.deadline.isoformat() if timeframe.deadline else None) == deadline
    assert timeframe.label == text.rstrip(".")
    assert timeframe.label_en


def test_appendix_rows_broken_across_lines() -> None:
    lines = ("STT\tTên công việc\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện\tSản phẩm",
             "1\tRà soát văn bản\tSở Tư pháp\tCác sở\tNăm 2026; cập nhật theo yêu cầu\tBáo cáo",
             "",
             "\t\t\t\tthực tiễn.\t",
             "2\tTổ chức kiểm tra việc thi hành",
             "Luật\tSở Khoa học và Công nghệ\tSở Tư pháp\tThường xuyên\tKết luận kiểm tra")
    source = SourceText(Path("t.txt"), "txt", lines)
    table = parse_appendix(source, list(range(1, len(lines) + 1)))
    assert [r.number for r in table.rows] == ["1", "2"]
    assert table.rows[0].cells["timeframe"] == "Năm 2026; cập nhật theo yêu cầu thực tiễn."
    assert table.rows[0].lines == [2, 4]
    assert table.rows[1].cells == {"task": "Tổ chức kiểm tra việc thi hành Luật", "lead": "Sở Khoa học và Công nghệ",
                                   "coordinating": "Sở Tư pháp", "timeframe": "Thường xuyên",
                                   "product": "Kết luận kiểm tra"}


# --- diff ---------------------------------------------------------------------------------------------

def _task_graph(lead: str, years: int = 2026) -> Graph:
    graph = Graph()
    plan, task = URIRef(BASE + "eli/vn/x/kh/2026/1-kh-ubnd"), URIRef(BASE + "eli/vn/x/kh/2026/1-kh-ubnd/II/1")
    tf = URIRef(str(task) + "/timeframe")
    graph.add((plan, AIKG.hasTask, task))
    graph.add((task, AIKG.isTaskOf, plan))
    graph.add((task, AIKG.leadAgency, URIRef(BASE + "agency/x/" + lead)))
    graph.add((task, AIKG.timeframe, tf))
    graph.add((tf, AIKG.startYear, Literal(years)))
    return graph


def test_diff_reports_per_task_and_sets_the_exit_code(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    same = diff_graphs(_task_graph("so-a"), _task_graph("so-a"))
    assert same.equal and same.matching == 1
    changed = diff_graphs(_task_graph("so-a"), _task_graph("so-b", 2027))
    assert not changed.equal
    assert {f.field for f in changed.tasks[0].fields} == {"lead agency", "start year"}

    a, b, broken = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "broken.ttl"
    _task_graph("so-a").serialize(a, format="turtle")
    _task_graph("so-b").serialize(b, format="turtle")
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    assert run(ingest_home, "diff", str(a), str(a)).exit_code == 0
    result = run(ingest_home, "diff", str(a), str(b))
    assert result.exit_code == 1 and "lead agency" in result.output and "0 of 1" in result.output
    result = run(ingest_home, "diff", str(a), str(broken))
    assert result.exit_code == 2 and str(broken) in result.output
