"""Every named query on the real build, checked against answers read off the sources by hand.

The expected figures below come from reading sources/ (line numbers cited), not from running the queries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from aikg.config import DEFAULT_BASE, Settings
from aikg.query import (
    QueryError,
    find_query,
    named_queries,
    parse_bindings,
    parse_term,
    read_query,
    rows,
    run,
)

BASE = DEFAULT_BASE
HUE = "eli/vn/hue/kh/2026/213-kh-ubnd"
HP = "eli/vn/hai-phong/kh/2026/du-thao"
QD = "eli/vn/qd/2026/367-qd-ttg"
LAW = "eli/vn/luat/2025/134-2025-qh15"
PROJECT = Path(__file__).resolve().parent.parent
AIKG = str(Path(sys.executable).with_name("aikg"))

REQUIRED = {"trace-up", "trace-down", "coverage", "agency-workload", "tasks-by-agency", "products",
            "reporting-calendar", "drafts-for-comment", "missing-fields", "body-appendix-differences",
            "ongoing-tasks"}

HUE_TASKS = {f"{HUE}/II/{s}" for s in ("1", "2/a", "2/b", "3/a", "3/b", "3/c", "4", "5")}
HP_TASKS = {f"{HP}/II/{s}" for s in ("1", "2", "3", "4/a", "4/b", "4/c", "4/d", "4/dd", "4/e", "5/a", "5/b",
                                     "6", "7")}


def rel(term: object) -> object:
    """IRIs under the base as relative paths (as the URI policy writes them); literals as text."""
    if isinstance(term, URIRef) and str(term).startswith(BASE):
        return str(term)[len(BASE):]
    return None if term is None else str(term)


@pytest.fixture(scope="session")
def project_settings(project_copy: Path) -> Settings:
    return Settings(root=project_copy, base=BASE)


@pytest.fixture(scope="session")
def ask(built_graph: Graph, project_settings: Settings):
    """Run a named query on the build: ask("trace-up", task=HUE + "/II/4") → list of {var: text}."""

    def answer(name: str, **params: str) -> list[dict[str, object]]:
        query = find_query(name, project_settings)
        bindings = parse_bindings([f"{k}={v}" for k, v in params.items()], query, BASE)
        return [{k: rel(v) for k, v in row.items()} for row in rows(run(built_graph, query, bindings))]

    return answer


# --- the query files themselves ------------------------------------------------------------------------

def test_every_required_query_exists_with_a_complete_header() -> None:
    queries = {q.name: q for q in named_queries(Settings(root=PROJECT, base=BASE))}
    assert REQUIRED <= set(queries)
    assert len(queries) >= len(REQUIRED) + 3  # and more that a researcher would ask
    for query in queries.values():
        assert query.title and query.question_en and query.question_vi, query.name
        assert query.examples and query.examples[0].startswith(f"aikg query {query.name}"), query.name
        body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
        for param in query.params:
            assert f"?{param.name}" in body, (query.name, param.name)
            assert f"--param {param.name}=" in query.examples[0], (query.name, param.name)
        for line in query.text.splitlines():  # a header line the server could not parse would be lost
            if line.startswith("# param:"):
                assert " — " in line and ", example: " in line and ("(an IRI)" in line or "(a literal)" in line)


def test_parameters_parse_as_rdf_terms_never_as_text() -> None:
    assert parse_term("<https://w3id.org/aikg/x>", BASE) == URIRef("https://w3id.org/aikg/x")
    assert parse_term("https://w3id.org/aikg/x", BASE) == URIRef("https://w3id.org/aikg/x")
    assert parse_term("id:eli/vn/qd/2026/367-qd-ttg", BASE) == URIRef(BASE + QD)
    assert parse_term("aikg:Task", BASE) == URIRef("https://w3id.org/aikg/ontology#Task")
    assert parse_term(QD, BASE, "iri") == URIRef(BASE + QD)
    assert parse_term('"Sở Tư pháp"@vi', BASE) == Literal("Sở Tư pháp", lang="vi")
    assert parse_term('"2026"^^xsd:integer', BASE) == Literal("2026", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#integer"))
    assert parse_term("Sở Tư pháp", BASE) == Literal("Sở Tư pháp")
    # A value that tries to break out of the query is only ever a literal.
    assert parse_term('x" } ; DROP ALL ; {', BASE) == Literal('x" } ; DROP ALL ; {')
    with pytest.raises(QueryError):
        parse_term("not an iri", BASE, "iri")


def test_missing_or_unknown_parameters_are_refused(project_settings: Settings) -> None:
    query = find_query("trace-up", project_settings)
    with pytest.raises(QueryError, match="needs --param task"):
        parse_bindings([], query, BASE)
    with pytest.raises(QueryError, match="has no parameter"):
        parse_bindings(["plan=id:x", "task=id:y"], query, BASE)
    with pytest.raises(QueryError, match="no query named"):
        find_query("no-such-query", project_settings)


def test_a_rq_file_runs_by_path(built_graph: Graph, tmp_path: Path) -> None:
    from aikg.query import format_result

    path = tmp_path / "count.rq"
    path.write_text("# title: count\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert int(rows(run(built_graph, read_query(path)))[0]["n"]) == len(built_graph)
    ask_query = "PREFIX aikg: <https://w3id.org/aikg/ontology#> ASK { ?plan a aikg:LocalPlan }"
    assert format_result(run(built_graph, ask_query), "table") == "true\n"
    assert json.loads(format_result(run(built_graph, ask_query), "json"))["boolean"] is True
    construct = f"PREFIX aikg: <https://w3id.org/aikg/ontology#> CONSTRUCT {{ ?t aikg:isTaskOf ?p }} " \
                f"WHERE {{ ?t aikg:isTaskOf ?p FILTER(?p = <{BASE}{HUE}>) }}"
    assert len(Graph().parse(data=format_result(run(built_graph, construct), "table"), format="turtle")) == 8
    with pytest.raises(QueryError):
        run(built_graph, "SELECT WHERE {")


# --- trace-up / trace-down -----------------------------------------------------------------------------

def test_trace_up_from_the_hue_database_task_reaches_qd367_ii5dd_and_article_17(ask) -> None:
    """Huế II.4 (line 84, a database serving AI) follows QĐ 367 II.5.đ (line 270), which carries out Article 17
    of the AI Law (line 301, "Cơ sở dữ liệu phục vụ trí tuệ nhân tạo")."""
    steps = ask("trace-up", task=f"{HUE}/II/4")
    edges = {(r["from"], r["relation"].rsplit("#", 1)[-1], r["to"]) for r in steps}
    assert (f"{HUE}/II/4", "derivesFrom", f"{QD}/II/5/dd") in edges
    assert (f"{HUE}/II/4", "isPartOf", f"{HUE}/II") in edges
    assert (HUE, "implements", QD) in edges
    assert (QD, "implements", LAW) in edges
    reached = {r["to"] for r in steps}
    assert {f"{QD}/II/5", f"{LAW}/art/17", LAW} <= reached
    carried = {r["to"] for r in steps if r["relation"].endswith("#carriesOut") and r["from"] == f"{QD}/II/5/dd"}
    assert carried and all(t == f"{LAW}/art/17" or t.startswith(f"{LAW}/art/17/") for t in carried)
    first = [r for r in steps if r["step"] == "1"]
    assert {r["from"] for r in first} == {f"{HUE}/II/4"}
    assert any(r["reason"] for r in steps if r["relation"].endswith("#derivesFrom"))
    assert [int(r["step"]) for r in steps] == sorted(int(r["step"]) for r in steps)


def test_trace_up_from_an_appendix_row_goes_through_the_body_item(ask) -> None:
    steps = ask("trace-up", task=f"{HUE}/appendix/7")
    edges = {(r["from"], r["relation"].rsplit("#", 1)[-1], r["to"]) for r in steps}
    assert (f"{HUE}/appendix/7", "restates", f"{HUE}/II/4") in edges
    assert (f"{HUE}/II/4", "derivesFrom", f"{QD}/II/5/dd") in edges


def test_trace_down_from_qd367_lists_every_city_task(ask) -> None:
    """Both city plans implement QĐ 367 (Huế line 7, Hải Phòng line 9): all 8 + 13 tasks, and no QĐ 367 task."""
    found = ask("trace-down", instrument=QD)
    tasks = {r["task"] for r in found if r["task"]}
    assert tasks == HUE_TASKS | HP_TASKS
    assert {r["plan"] for r in found if r["task"]} == {HUE, HP}
    via = {r["task"]: r["via"] for r in found}
    assert "II.5.đ" in via[f"{HUE}/II/4"]


def test_trace_down_from_article_17_finds_the_database_tasks(ask) -> None:
    found = ask("trace-down", instrument=f"{LAW}/art/17")
    tasks = {r["task"] for r in found}
    assert {f"{QD}/II/5/dd", f"{HUE}/II/4", f"{HP}/II/5/a"} <= tasks
    assert not tasks & {f"{HUE}/II/1", f"{HP}/II/1"}  # communication tasks do not carry out Article 17


def test_trace_down_from_the_law_includes_the_national_tasks(ask) -> None:
    found = ask("trace-down", instrument=LAW)
    tasks = {r["task"] for r in found if r["task"]}
    assert HUE_TASKS | HP_TASKS <= tasks
    assert f"{QD}/II/4/e" in tasks and f"{QD}/II/5/g" in tasks
    assert len({t for t in tasks if t.startswith(QD + "/")}) == 22  # QĐ 367 II.1–II.7: 2 + 5 + 6 + 7 + 2 tasks
    # Decree 142/2026/NĐ-CP details the law ("quy định chi tiết … Luật Trí tuệ nhân tạo") and has no tasks.
    decree = [r for r in found if r["plan"] == "eli/vn/nd/2026/142-2026-nd-cp"]
    assert len(decree) == 1 and decree[0]["task"] is None


# --- coverage ------------------------------------------------------------------------------------------

def test_coverage_shows_hue_gaps_and_hai_phong_coverage(ask) -> None:
    """QĐ 367 II.4.e (line 226, classification of AI systems) and II.5.g (line 286, AI clusters): Hải Phòng
    takes them up in II.4.e (line 143) and II.5.b (line 159); Huế has no such task."""
    found = ask("coverage")
    cell = {(r["nationalTask"], r["plan"]): r for r in found}
    for national, hp_task in ((f"{QD}/II/4/e", "II.4.e"), (f"{QD}/II/5/g", "II.5.b")):
        assert cell[(national, HUE)]["covered"] == "false"
        assert cell[(national, HUE)]["localTasks"] == "0"
        assert cell[(national, HP)]["covered"] == "true"
        assert cell[(national, HP)]["coveredBy"] == hp_task
    assert cell[(f"{QD}/II/5/dd", HUE)]["coveredBy"] == "II.4"
    assert cell[(f"{QD}/II/5/dd", HP)]["coveredBy"] == "II.5.a"
    assert cell[(f"{QD}/II/6", HUE)]["coveredBy"] == "II.5"
    assert cell[(f"{QD}/II/1", HUE)]["coveredBy"] == "II.1"
    # One row per (national task, plan): every national task appears once for each city plan.
    nationals = {r["nationalTask"] for r in found}
    assert len(found) == 2 * len(nationals)
    # Tasks for the ministries alone that no city takes up are not rows (e.g. the one-stop portal, II.5.a).
    assert f"{QD}/II/5/a" not in nationals


def test_coverage_rows_name_the_provincial_tasks_from_the_text(ask) -> None:
    """QĐ 367 names provincial bodies in II.1 (line 96), II.2 (108), II.4.a (182), II.4.b (190), II.4.đ (220),
    II.5.đ (272) and II.6 (298)."""
    found = ask("coverage")
    naming = {r["nationalTask"] for r in found if r["namesProvinces"] == "true"}
    assert naming == {f"{QD}/II/{s}" for s in ("1", "2", "4/a", "4/b", "4/dd", "5/dd", "6")}


def test_national_tasks_left_out_by_hue(ask) -> None:
    left = {r["nationalTask"] for r in ask("national-tasks-left-out", plan=HUE)}
    assert {f"{QD}/II/4/e", f"{QD}/II/5/g", f"{QD}/II/4/c", f"{QD}/II/7"} <= left
    assert not left & {f"{QD}/II/1", f"{QD}/II/5/dd", f"{QD}/II/6"}
    assert ask("national-tasks-left-out", plan=HP) == []


# --- agencies ------------------------------------------------------------------------------------------

def test_hue_dost_leads_all_eight_tasks(ask) -> None:
    """Every Huế task names "Cơ quan chủ trì: Sở Khoa học và Công nghệ" (lines 33–96)."""
    workload = ask("agency-workload")
    hue_dost = [r for r in workload if r["agency"] == "agency/hue/so-khoa-hoc-va-cong-nghe"]
    assert len(hue_dost) == 1
    assert (hue_dost[0]["leads"], hue_dost[0]["coordinates"]) == ("8", "0")
    # Coordinating bodies (lines 34, 43, 49, 58, 68, 78, 88, 97): every task names "các sở, ban, ngành" and the
    # ward/commune People's Committees; Sở Tư pháp three (II.2.a, II.2.b, II.5), Sở Tài chính and Sở Nội vụ one.
    coordinating = {r["agency"]: int(r["coordinates"]) for r in workload if r["place"] == "Thành phố Huế"}
    assert coordinating == {"agency/hue/so-khoa-hoc-va-cong-nghe": 0, "agency/hue/cac-so-ban-nganh": 8,
                            "agency/hue/ubnd-cac-phuong-xa": 8, "agency/hue/so-tu-phap": 3,
                            "agency/hue/cac-co-quan-to-chuc-lien-quan": 2, "agency/hue/so-tai-chinh": 1,
                            "agency/hue/so-noi-vu": 1}
    tasks = ask("tasks-by-agency", agency="id:agency/hue/so-khoa-hoc-va-cong-nghe")
    assert {r["task"] for r in tasks} == HUE_TASKS
    assert {r["role"] for r in tasks} == {"lead"}


def test_hai_phong_agencies_and_roles(ask) -> None:
    """Hải Phòng: the Department of Education and Training leads only II.4.c (line 119); the DOST leads
    II.3 (95), II.4.a (103), II.4.e (145), II.5.b (161) and II.6 (167) and is among the bodies of II.1 (55)."""
    doet = ask("tasks-by-agency", agency="id:agency/hai-phong/so-giao-duc-va-dao-tao")
    assert {(r["task"], r["role"]) for r in doet} == {(f"{HP}/II/4/c", "lead")}
    dost = ask("tasks-by-agency", agency="id:agency/hai-phong/so-khoa-hoc-va-cong-nghe")
    led = {r["task"] for r in dost if r["role"] == "lead"}
    assert {f"{HP}/II/{s}" for s in ("3", "4/a", "4/e", "5/b", "6")} <= led
    assert (f"{HP}/II/1", "implementing") in {(r["task"], r["role"]) for r in dost}
    justice = ask("tasks-by-agency", agency="id:agency/hai-phong/so-tu-phap")
    assert {(r["task"], r["role"]) for r in justice} >= {(f"{HP}/II/6", "coordinating"),
                                                          (f"{HP}/II/1", "implementing")}


def test_an_agency_kind_finds_that_agency_in_every_city(ask) -> None:
    tasks = ask("tasks-by-agency", agency="id:agency-kind/so-khoa-hoc-va-cong-nghe")
    plans = {r["plan"] for r in tasks}
    assert {HUE, HP} <= plans
    assert HUE_TASKS <= {r["task"] for r in tasks}
    kinds = ask("agencies-by-kind")
    dost = {r["agency"] for r in kinds if r["kind"] == "agency-kind/so-khoa-hoc-va-cong-nghe"}
    assert {"agency/hue/so-khoa-hoc-va-cong-nghe", "agency/hai-phong/so-khoa-hoc-va-cong-nghe"} <= dost


# --- products, drafts, missing fields, ongoing ---------------------------------------------------------

def test_products_belong_to_the_tasks_that_state_them(ask) -> None:
    """Huế states a product for II.1, II.3.a–c, II.4 and II.5, not II.2.a–b; Hải Phòng for II.1 and
    II.4.a–e only; all 8 Huế appendix rows fill the Sản phẩm column."""
    found = ask("products")
    with_product = {r["item"] for r in found if r["kind"] == "task"}
    assert {t for t in with_product if t.startswith(HUE)} == {f"{HUE}/II/{s}" for s in ("1", "3/a", "3/b", "3/c",
                                                                                          "4", "5")}
    assert {t for t in with_product if t.startswith(HP)} == {f"{HP}/II/{s}" for s in ("1", "4/a", "4/b", "4/c",
                                                                                       "4/d", "4/dd", "4/e")}
    rows_with_product = {r["item"] for r in found if r["kind"] == "appendix row"}
    assert rows_with_product == {f"{HUE}/appendix/{n}" for n in range(1, 9)}
    database = [r for r in found if r["item"] == f"{HUE}/II/4"]
    assert [r["productLabel"] for r in database] == ["Cơ sở dữ liệu phục vụ trí tuệ nhân tạo"]
    assert all(r["plan"] in (HUE, HP, QD) for r in found)


def test_hai_phong_asks_comments_on_five_drafts_and_hue_on_none(ask) -> None:
    """Hải Phòng II.3 (lines 83–93) lists five draft instruments; Huế asks for comments on none."""
    found = ask("drafts-for-comment")
    assert not [r for r in found if r["plan"] == HUE]
    item3 = [r for r in found if r["task"] == f"{HP}/II/3"]
    assert len({r["draft"] for r in item3}) == 5
    labels = {r["draftLabel"] for r in item3}
    assert any("Quỹ Phát triển trí tuệ nhân tạo quốc gia" in label for label in labels)
    assert any("rủi ro cao" in label for label in labels)
    assert any("Khung đạo đức" in label for label in labels)
    assert all(r["draft"].startswith("draft/") for r in found)
    # II.4.c (line 117) asks for comments on the draft national AI human-resources programme: six drafts in all.
    item4c = [r for r in found if r["task"] == f"{HP}/II/4/c"]
    assert len(item4c) == 1 and "nhân lực trí tuệ nhân tạo" in item4c[0]["draftLabel"]
    assert len({r["draft"] for r in found}) == 6
    # What the drafts became: Decree 142/2026/NĐ-CP details the AI Law, Circular 05/2026/TT-BKHCN is the ethics
    # framework, Decision 1528/QĐ-TTg the human-resources programme (sources/README.md, their own titles).
    issued = {r["resultedInNumber"] for r in found if r["resultedInNumber"]}
    assert issued == {"142/2026/NĐ-CP", "05/2026/TT-BKHCN", "1528/QĐ-TTg"}


def test_missing_fields_are_the_real_gaps(ask) -> None:
    found = ask("missing-fields")
    missing = {(r["thing"], r["missing"]) for r in found}
    # Hải Phòng: no number, no date (line 3: "Số: /KH-UBND … ngày tháng năm 2026").
    assert {(HP, "number"), (HP, "date")} <= missing
    assert not {m for m in missing if m[0] in (HUE, QD)}
    # Products: Huế II.2.a–b; Hải Phòng II.2, II.3, II.5.a–b, II.6, II.7 (they have no "Sản phẩm" line).
    no_product = {t for t, m in missing if m == "product" and t.startswith((HUE, HP))}
    assert no_product == {f"{HUE}/II/2/a", f"{HUE}/II/2/b"} | {f"{HP}/II/{s}" for s in ("2", "3", "5/a", "5/b",
                                                                                         "6", "7")}
    # Every city task has a timeframe; Huế names a lead everywhere; Hải Phòng II.1, II.4.b and II.7 name
    # only "Cơ quan thực hiện" without a lead.
    assert not {t for t, m in missing if m == "timeframe" and t.startswith((HUE, HP))}
    no_lead = {t for t, m in missing if m == "lead agency" and t.startswith((HUE, HP))}
    assert {f"{HP}/II/1", f"{HP}/II/4/b", f"{HP}/II/7"} <= no_lead
    assert not {t for t in no_lead if t.startswith(HUE)}


def test_ongoing_and_open_ended_tasks(ask) -> None:
    """Huế: all but II.3.a ("Năm 2026; cập nhật theo định kỳ…", line 60). Hải Phòng: II.1, II.2, II.4.b, d, đ,
    e, II.6, II.7 — not II.3, II.4.a, II.4.c (on request) nor II.5.a–b (per the central roadmap)."""
    found = ask("ongoing-tasks")
    tasks = {r["task"] for r in found}
    assert {t for t in tasks if t.startswith(HUE)} == HUE_TASKS - {f"{HUE}/II/3/a"}
    assert {t for t in tasks if t.startswith(HP)} == {f"{HP}/II/{s}" for s in ("1", "2", "4/b", "4/d", "4/dd",
                                                                                "4/e", "6", "7")}
    kinds = {r["task"]: r["kinds"] for r in found}
    assert "ongoing" in kinds[f"{HUE}/II/2/a"] and "from-year-onward" in kinds[f"{HUE}/II/1"]


# --- reporting -----------------------------------------------------------------------------------------

def test_reporting_calendar_has_hue_dates(ask) -> None:
    """Huế IV.4 (lines 117–123): reports before 15/6 and 15/12 to the DOST, and the DOST's before 15/6 and
    25/12 to the People's Committee; urgent reports have no date. Hải Phòng fixes no date."""
    found = ask("reporting-calendar")
    hue = [r for r in found if r["plan"] == HUE]
    dates = {(int(r["dueDay"]), int(r["dueMonth"])) for r in hue if r["dueDay"]}
    assert dates == {(15, 6), (15, 12), (25, 12)}
    assert len([r for r in hue if r["dueDay"]]) == 4
    assert len(hue) == 6  # and the urgent report (line 119) and the DOST's ad-hoc ones ("hoặc đột xuất", line 123)
    assert any(not r["dueDay"] for r in hue)  # the urgent report (line 119)
    assert not [r for r in found if r["plan"] == HP and r["dueDay"]]
    assert all("Sở Khoa học và Công nghệ" in (r["reporters"] or "") + (r["reportsTo"] or "") for r in hue)


# --- body vs appendix ----------------------------------------------------------------------------------

def test_body_appendix_differences_in_hue(ask) -> None:
    """Huế body II.3.c (line 74) "Áp dụng tiêu chuẩn…" vs appendix row 6 (line 152) "Xây dựng tiêu chuẩn…";
    the wording of rows 1, 4, 5 and 6 differs from its body item; rows 3, 7, 8 repeat it, and row 2 differs
    only in a capital letter ("Công nghệ số", ignored)."""
    found = ask("body-appendix-differences")
    assert {r["plan"] for r in found} == {HUE}
    wording = {r["row"]: r for r in found if r["field"] == "wording"}
    assert set(wording) == {f"{HUE}/appendix/{n}" for n in (1, 4, 5, 6)}
    row6 = wording[f"{HUE}/appendix/6"]
    assert row6["item"] == f"{HUE}/II/3/c"
    assert row6["appendix"].startswith("Xây dựng tiêu chuẩn, quy chuẩn kỹ thuật")
    assert row6["body"].startswith("Áp dụng tiêu chuẩn, quy chuẩn kỹ thuật")
    # Timeframes: row 1 "Năm 2026 và thường xuyên" vs "Năm 2026 và các năm tiếp theo"; rows 2–3 vs "Thường xuyên".
    timeframe = {r["row"] for r in found if r["field"] == "timeframe"}
    assert timeframe == {f"{HUE}/appendix/{n}" for n in (1, 2, 3)}
    # Lead agency: the same everywhere (Sở Khoa học và Công nghệ), up to a final full stop.
    assert not [r for r in found if r["field"] == "lead agency"]
    # Coordinating: rows 4–7 name "Các sở, ban, ngành, … và các cơ quan, tổ chức có liên quan" where the body
    # has "các sở, ban, ngành có liên quan, Ủy ban nhân dân các phường, xã." (lines 58, 68, 78, 88).
    coordinating = {r["row"] for r in found if r["field"] == "coordinating agencies"}
    assert coordinating == {f"{HUE}/appendix/{n}" for n in (4, 5, 6, 7)}
    # Products: rows 2–3 state one where the body states none; rows 4–6 word it differently.
    product = {r["row"]: r for r in found if r["field"] == "product"}
    assert set(product) == {f"{HUE}/appendix/{n}" for n in (2, 3, 4, 5, 6)}
    assert product[f"{HUE}/appendix/2"]["appendix"] == "Văn bản có liên quan" and product[f"{HUE}/appendix/2"][
        "body"] is None
    assert len(found) == 16


def test_queries_work_on_asserted_data_alone(built_dist: Path, project_settings: Settings) -> None:
    """Without the reasoner's triples (ontology + asserted graph only) the trace and coverage answers hold."""
    from aikg.graphio import load_named_graphs

    dataset = load_named_graphs(built_dist / "aikg.nq")
    asserted = Graph()
    for name in ("ontology", "asserted"):
        asserted += dataset.graph(URIRef(f"{BASE}graph/{name}"))
    steps = rows(run(asserted, find_query("trace-up", project_settings), {"task": URIRef(f"{BASE}{HUE}/II/4")}))
    assert URIRef(f"{BASE}{LAW}/art/17") in {r["to"] for r in steps}
    coverage = rows(run(asserted, find_query("coverage", project_settings)))
    gaps = {(rel(r["nationalTask"]), rel(r["plan"])) for r in coverage if str(r["covered"]) == "false"}
    assert (f"{QD}/II/4/e", HUE) in gaps and (f"{QD}/II/5/g", HUE) in gaps


# --- more questions ------------------------------------------------------------------------------------

def test_plans_overview(ask) -> None:
    found = {r["plan"]: r for r in ask("plans-overview")}
    assert found[HUE]["number"] == "213/KH-UBND" and found[HUE]["date"] == "2026-04-13"
    assert found[HUE]["tasks"] == "8" and found[HUE]["appendixRows"] == "8"
    assert found[HP]["number"] is None and found[HP]["tasks"] == "13"
    assert found[QD]["number"] == "367/QĐ-TTg" and found[HUE]["implements"] == QD


def test_derivations_give_a_reason_for_every_city_task(ask) -> None:
    found = ask("derivations")
    assert {r["task"] for r in found} == HUE_TASKS | HP_TASKS
    assert all(r["reason"] for r in found)
    assert {r["nationalTask"] for r in found if r["task"] == f"{HP}/II/4/e"} == {f"{QD}/II/4/e"}


def test_law_articles_in_plans_counts_article_17(ask) -> None:
    found = {r["article"]: r for r in ask("law-articles-in-plans")}
    assert "II.5.đ" in found[f"{LAW}/art/17"]["nationalTasks"]
    assert int(found[f"{LAW}/art/17"]["localTasks"]) >= 2


def test_repealed_provisions_of_law_71(ask) -> None:
    """Article 33 of the AI Law (line 557) repeals Chapter IV of Law 71/2025/QH15 among others."""
    found = ask("repealed-provisions")
    law71 = "eli/vn/luat/2025/71-2025-qh15"
    # "Bãi bỏ khoản 9 Điều 3, khoản 7 Điều 4, khoản 6 Điều 12, điểm đ khoản 2 Điều 34 và Chương IV" (line 559)
    assert {r["provision"] for r in found} == {f"{law71}/art/3/clause/9", f"{law71}/art/4/clause/7",
                                               f"{law71}/art/12/clause/6", f"{law71}/art/34/clause/2/point/dd",
                                               f"{law71}/chapter/IV"}
    assert {r["ofNumber"] for r in found} == {"71/2025/QH15"}
    assert {r["article"] for r in found} == {f"{LAW}/art/33"}


# --- the CLI -------------------------------------------------------------------------------------------

def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIKG_HOME": str(home)}
    return subprocess.run([AIKG, *args], env=env, capture_output=True, text=True, timeout=600)


def test_cli_query_formats(project_copy: Path) -> None:
    table = run_cli(project_copy, "query", "drafts-for-comment")
    assert table.returncode == 0, table.stderr
    assert "draft" in table.stdout.splitlines()[0] and "rows)" in table.stdout
    csv_out = run_cli(project_copy, "query", "trace-up", "--param", f"task=id:{HUE}/II/4", "--format", "csv")
    assert csv_out.returncode == 0, csv_out.stderr
    assert csv_out.stdout.splitlines()[0] == "task,step,from,relation,to,toNotation,toLabel,reason"
    assert f"{BASE}{LAW}/art/17" in csv_out.stdout
    js = run_cli(project_copy, "query", "reporting-calendar", "-f", "json")
    data = json.loads(js.stdout)
    assert "dueDay" in data["head"]["vars"] and data["results"]["bindings"]
    listing = run_cli(project_copy, "query")
    assert all(name in listing.stdout for name in REQUIRED)


def test_cli_query_errors_exit_2(project_copy: Path) -> None:
    missing = run_cli(project_copy, "query", "trace-up")
    assert missing.returncode == 2 and "--param task=" in missing.stderr
    unknown = run_cli(project_copy, "query", "nope")
    assert unknown.returncode == 2 and "no query named" in unknown.stderr
    fmt = run_cli(project_copy, "query", "coverage", "--format", "xml")
    assert fmt.returncode == 2


def _normal(value: object) -> str:
    """A cell as text, with the parts of a GROUP_CONCAT in one order (engines join them in any order)."""
    import re

    return "|".join(sorted(re.split(r"[,;] ", "" if value is None else str(value))))


def test_every_example_gives_the_same_answer_on_oxigraph(built_graph: Graph, built_dist: Path,
                                                          project_settings: Settings) -> None:
    """The server's default engine (pyoxigraph, through aikg.store) and rdflib agree on every named query,
    parameters bound from outside in both."""
    import shlex

    store_module = pytest.importorskip("aikg.store")
    store = store_module.open_store(store_module.dump_file(built_dist), "oxigraph")
    for query in named_queries(project_settings):
        words = shlex.split(query.examples[0])
        params = [words[i + 1] for i, word in enumerate(words) if word == "--param"]
        bindings = parse_bindings(params, query, BASE)
        ours = sorted(tuple(_normal(v) for v in row.values()) for row in rows(run(built_graph, query, bindings)))
        theirs = sorted(tuple(_normal(v) for v in row) for row in store.query(query.text, bindings=bindings).rows)
        assert ours == theirs, query.name
        assert ours or query.name == "national-tasks-left-out", f"{query.name} has an empty example"
