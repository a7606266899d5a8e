"""The two seed plans ingested through `aikg ingest`: exact facts of the sources, provenance that holds,
no line lost, the SHACL report, links to QĐ 367, and task-by-task agreement with the curated data."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.ingest.helpers import BASE, SEEDS, ingest_home, ingest_seed, load, run  # noqa: F401
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from aikg.namespaces import AIKG
from aikg.provenance import check_provenance

HUE = SEEDS["hue"].plan
HP = SEEDS["hai-phong"].plan


def _ingested(home: Path, folder: Path, key: str) -> tuple[Graph, str]:
    out = folder / f"{key}.ttl"
    result = ingest_seed(home, key, out)
    assert result.exit_code == 0, result.output
    graph = load(out)
    return graph, result.output


def context(home: Path, graph: Graph) -> Graph:
    """The ingested graph with data/: agencies and drafts data/ already describes are referred to by the
    ingest, not described again, so their labels are read from both."""
    from aikg.graphio import load_files, turtle_files

    merged = Graph()
    merged += graph
    merged += load_files(turtle_files(home / "data"))
    return merged


@pytest.fixture(scope="module")
def hue(ingest_home: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, str, Graph]:  # noqa: F811
    graph, output = _ingested(ingest_home, tmp_path_factory.mktemp("hue"), "hue")
    return graph, output, context(ingest_home, graph)


@pytest.fixture(scope="module")
def hai_phong(ingest_home: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, str, Graph]:  # noqa: F811
    graph, output = _ingested(ingest_home, tmp_path_factory.mktemp("hp"), "hai-phong")
    return graph, output, context(ingest_home, graph)


def vi(graph: Graph, node) -> str:
    return next(str(x) for x in graph.objects(node, RDFS.label) if isinstance(x, Literal) and x.language == "vi")


def relative(nodes, plan: str) -> set[str]:
    return {str(n).removeprefix(plan) for n in nodes}


# --- Huế --------------------------------------------------------------------------------------------

def test_hue_header(hue: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hue
    plan = URIRef(HUE)
    assert (plan, RDF.type, AIKG.LocalPlan) in graph
    assert graph.value(plan, AIKG.number) == Literal("213/KH-UBND")
    assert str(graph.value(plan, AIKG.date)) == "2026-04-13"
    assert (plan, AIKG.implements, URIRef(BASE + "eli/vn/qd/2026/367-qd-ttg")) in graph
    assert graph.value(plan, AIKG.sourceLine) is not None
    signer = graph.value(plan, AIKG.signedBy)
    assert vi(ctx, signer) == "Trần Hữu Thùy Giang"
    assert str(graph.value(signer, AIKG.position)) == "Phó Chủ tịch"


def test_hue_has_eight_tasks_and_eight_rows_all_led_by_dost(hue: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hue
    assert sorted(relative(graph.objects(URIRef(HUE), AIKG.hasTask), HUE)) == [
        "/II/1", "/II/2/a", "/II/2/b", "/II/3/a", "/II/3/b", "/II/3/c", "/II/4", "/II/5"]
    rows = set(graph.subjects(RDF.type, AIKG.AppendixRow))
    assert len(rows) == 8
    leads = {vi(ctx, lead) for row in rows for lead in graph.objects(row, AIKG.leadAgency)}
    assert leads == {"Sở Khoa học và Công nghệ"}
    restates = {str(r).removeprefix(HUE): str(graph.value(r, AIKG.restates)).removeprefix(HUE) for r in rows}
    assert restates == {"/appendix/1": "/II/1", "/appendix/2": "/II/2/a", "/appendix/3": "/II/2/b",
                        "/appendix/4": "/II/3/a", "/appendix/5": "/II/3/b", "/appendix/6": "/II/3/c",
                        "/appendix/7": "/II/4", "/appendix/8": "/II/5"}


def test_hue_agency_list_is_split_into_five(hue: tuple[Graph, str, Graph]) -> None:
    """'Sở Tư pháp, Sở Tài chính, Sở Nội vụ và các sở, ban, ngành có liên quan, Ủy ban nhân dân các phường, xã.'"""
    graph, _, ctx = hue
    coordinating = list(graph.objects(URIRef(HUE + "/II/2/b"), AIKG.coordinatingAgency))
    labels = {vi(ctx, a) for a in coordinating}
    assert len(coordinating) == 5
    assert {"Sở Tư pháp", "Sở Tài chính", "Sở Nội vụ"} <= labels
    collectives = [a for a in coordinating if str(a).split("/")[-1] not in ("so-tu-phap", "so-tai-chinh", "so-noi-vu")]
    assert len(collectives) == 2


def test_hue_timeframes_are_normalised_and_a_row_broken_across_lines_is_joined(hue: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hue
    tf = graph.value(URIRef(HUE + "/II/3/a"), AIKG.timeframe)
    assert {str(k).rsplit("/", 1)[-1] for k in graph.objects(tf, AIKG.timeframeKind)} == {"periodic", "on-request"}
    assert graph.value(tf, AIKG.startYear).toPython() == 2026
    row4 = graph.value(URIRef(HUE + "/appendix/4"), AIKG.timeframe)
    assert vi(graph, row4) == "Năm 2026; cập nhật theo định kỳ hoặc theo yêu cầu thực tiễn"
    row = URIRef(HUE + "/appendix/4")
    assert (graph.value(row, AIKG.sourceLine).toPython(), graph.value(row, AIKG.sourceLineEnd).toPython()) == (148, 150)
    ongoing = graph.value(URIRef(HUE + "/II/2/a"), AIKG.timeframe)
    assert {str(k).rsplit("/", 1)[-1] for k in graph.objects(ongoing, AIKG.timeframeKind)} == {"ongoing"}


def test_hue_reporting_rules(hue: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hue
    reports = list(graph.objects(URIRef(HUE), AIKG.reportingObligation))
    assert len(reports) == 6
    dues = sorted((graph.value(r, AIKG.dueDay).toPython(), graph.value(r, AIKG.dueMonth).toPython())
                  for r in reports if graph.value(r, AIKG.dueDay) is not None)
    assert dues == [(15, 6), (15, 6), (15, 12), (25, 12)]
    frequencies = sorted(str(graph.value(r, AIKG.frequency)).rsplit("/", 1)[-1] for r in reports)
    assert frequencies == ["ad-hoc", "annual", "annual", "semiannual", "semiannual", "urgent"]


def test_hue_nothing_lost_and_provenance_holds(hue: tuple[Graph, str, Graph]) -> None:
    graph, output, ctx = hue
    assert "Not placed (0 of 89 lines with text)" in output
    assert check_provenance(graph, Path(__file__).resolve().parents[1] / "sources") == []
    for cls in (AIKG.LocalPlan, AIKG.Section, AIKG.Item, AIKG.Task, AIKG.AppendixRow, AIKG.ReportingObligation,
                AIKG.Timeframe, AIKG.Product):
        for node in graph.subjects(RDF.type, cls):
            assert graph.value(node, AIKG.sourceText) is not None, node


def test_hue_shacl_report_names_the_real_gaps(hue: tuple[Graph, str, Graph]) -> None:
    _, output, _ = hue
    assert "Conforms: yes   Violations: 0   Warnings: 2" in output
    assert f"{HUE}/II/2/a  [aikg:product]" in output and f"{HUE}/II/2/b  [aikg:product]" in output


# --- Hải Phòng --------------------------------------------------------------------------------------

def test_hai_phong_has_thirteen_tasks_and_no_number_or_date(hai_phong: tuple[Graph, str, Graph]) -> None:
    graph, output, ctx = hai_phong
    plan = URIRef(HP)
    assert graph.value(plan, AIKG.number) is None and graph.value(plan, AIKG.date) is None
    assert relative(graph.objects(plan, AIKG.hasTask), HP) == {
        "/II/1", "/II/2", "/II/3", "/II/4/a", "/II/4/b", "/II/4/c", "/II/4/d", "/II/4/dd", "/II/4/e",
        "/II/5/a", "/II/5/b", "/II/6", "/II/7"}
    assert (URIRef(HP + "/II/4"), RDF.type, AIKG.Task) not in graph  # a heading item only
    assert "Plan has no number (số hiệu): it cannot be cited." in output
    assert "Plan has no date (ngày ban hành)." in output
    assert "Not placed (0 of" in output


def test_hai_phong_item_3_names_five_drafts(hai_phong: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hai_phong
    drafts = list(graph.objects(URIRef(HP + "/II/3"), AIKG.asksForCommentOn))
    assert len(drafts) == 5
    assert len({str(d) for d in drafts}) == 5


def test_hai_phong_one_line_lead_and_coordinators(hai_phong: tuple[Graph, str, Graph]) -> None:
    """'Sở Khoa học và Công nghệ chủ trì; Các Sở, ban, ngành thành phố, Ủy ban nhân dân các xã, phường, đặc khu
    và các cơ quan, đơn vị liên quan phối hợp.' and 'Sở Khoa học và Công nghệ chủ trì, phối hợp Sở Tư pháp và …'"""
    graph, _, ctx = hai_phong
    dost = {str(a).rsplit("/", 1)[-1] for a in graph.objects(URIRef(HP + "/II/4/a"), AIKG.leadAgency)}
    assert dost == {"so-khoa-hoc-va-cong-nghe"}
    assert len(list(graph.objects(URIRef(HP + "/II/4/a"), AIKG.coordinatingAgency))) == 3
    six = {vi(ctx, a) for a in graph.objects(URIRef(HP + "/II/6"), AIKG.coordinatingAgency)}
    assert "Sở Tư pháp" in six
    assert len(list(graph.objects(URIRef(HP + "/II/1"), AIKG.implementingAgency))) == 8
    assert graph.value(URIRef(HP + "/II/1"), AIKG.leadAgency) is None


def test_hai_phong_spelling_variants_land_on_one_agency(hai_phong: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hai_phong
    culture = [a for a in graph.objects(URIRef(HP + "/II/1"), AIKG.implementingAgency)
               if "van-hoa" in str(a)]
    assert len(culture) == 1
    names = {str(x) for p in (RDFS.label, SKOS.altLabel) for x in ctx.objects(culture[0], p)}
    assert {"Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa Thể thao và Du lịch"} <= names


def test_hai_phong_page_break_sentence_is_joined(hai_phong: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hai_phong
    text = str(graph.value(URIRef(HP + "/II/2"), AIKG.text))
    assert "có liên quan đến Luật thuộc thẩm quyền" in text
    label = vi(graph, URIRef(HP + "/II/4/dd"))
    assert "có thẩm quyền và triển khai áp dụng" in label


def test_hai_phong_timeframes(hai_phong: tuple[Graph, str, Graph]) -> None:
    graph, _, ctx = hai_phong

    def kinds(task: str) -> set[str]:
        tf = graph.value(URIRef(HP + task), AIKG.timeframe)
        return {str(k).rsplit("/", 1)[-1] for k in graph.objects(tf, AIKG.timeframeKind)}

    assert kinds("/II/5/a") == {"per-central-roadmap"}
    assert kinds("/II/3") == {"on-request"}
    assert kinds("/II/2") == {"ongoing"}
    assert kinds("/II/7") == {"from-year-onward"}


def test_hai_phong_reporting_without_a_schedule_and_signatory(hai_phong: tuple[Graph, str, Graph]) -> None:
    """No dated regime: IV.1 'báo cáo kết quả thực hiện về Sở KH&CN', IV.2 the Sở KH&CN 'tổng hợp báo cáo' (no
    recipient named: a SHACL violation), IV.3 'kịp thời phản ánh về Sở KH&CN' (ad hoc)."""
    graph, output, ctx = hai_phong
    reports = sorted(graph.objects(URIRef(HP), AIKG.reportingObligation), key=str)
    assert [graph.value(r, AIKG.sourceLine).toPython() for r in reports] == [197, 201, 203]
    assert [str(graph.value(r, AIKG.frequency) or "").rsplit("/", 1)[-1] for r in reports] == ["", "", "ad-hoc"]
    assert graph.value(reports[1], AIKG.reportsTo) is None
    assert "Reporting obligation names no recipient (báo cáo về)." in output
    signer = graph.value(URIRef(HP), AIKG.signedBy)
    assert vi(ctx, signer) == "Hoàng Minh Cường"


def test_hai_phong_strict_exits_1_on_violations(ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    result = ingest_seed(ingest_home, "hai-phong", tmp_path / "hp.ttl", "--strict")
    assert result.exit_code == 1
    assert (tmp_path / "hp.ttl").stat().st_size > 0


# --- Agreement with the curated data ----------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(SEEDS))
def test_ingested_plan_agrees_with_the_curated_data_task_by_task(
        key: str, ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    seed = SEEDS[key]
    curated = ingest_home / "data" / seed.curated
    if not curated.is_file():
        pytest.skip(f"data/{seed.curated} has not landed yet")
    out = tmp_path / f"{key}.ttl"
    assert ingest_seed(ingest_home, key, out).exit_code == 0
    result = run(ingest_home, "diff", str(curated), str(out))
    assert result.exit_code == 0, result.output
    assert "the graphs agree" in result.output


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_links_to_national_tasks_agree_with_the_curated_derivations(
        key: str, ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    derivations = ingest_home / "data" / "derivations.ttl"
    if not derivations.is_file():
        pytest.skip("data/derivations.ttl has not landed yet")
    seed = SEEDS[key]
    out = tmp_path / f"{key}.ttl"
    assert ingest_seed(ingest_home, key, out).exit_code == 0
    ours = {(s, o) for s, o in load(out).subject_objects(AIKG.derivesFrom) if str(s).startswith(seed.plan)}
    theirs = {(s, o) for s, o in load(derivations).subject_objects(AIKG.derivesFrom) if str(s).startswith(seed.plan)}
    assert ours == theirs


@pytest.mark.parametrize("key", sorted(SEEDS))
def test_built_in_gazetteer_alone_agrees_too(key: str, ingest_home: Path, tmp_path: Path) -> None:  # noqa: F811
    """--isolated: no agencies, drafts or national tasks from data/; the agency IRIs minted from the text
    are still those of the curated data."""
    seed = SEEDS[key]
    curated = ingest_home / "data" / seed.curated
    if not curated.is_file():
        pytest.skip(f"data/{seed.curated} has not landed yet")
    out = tmp_path / f"{key}.ttl"
    assert ingest_seed(ingest_home, key, out, "--isolated").exit_code == 0
    result = run(ingest_home, "diff", str(curated), str(out))
    assert result.exit_code == 0, result.output
