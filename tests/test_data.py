"""Exact facts of the two seed plans and the national texts, read from the real build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from aikg.namespaces import AIKG
from aikg.provenance import check_provenance

HUE = "https://w3id.org/aikg/eli/vn/hue/kh/2026/213-kh-ubnd"
HP = "https://w3id.org/aikg/eli/vn/hai-phong/kh/2026/du-thao"
PROLOGUE = (
    "PREFIX aikg: <https://w3id.org/aikg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def select(graph: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PROLOGUE + query)]


def test_every_source_sentence_is_where_the_data_says(built_graph: Graph, project_copy: Path) -> None:
    assert check_provenance(built_graph, project_copy / "sources") == []
    documents = set(built_graph.objects(None, AIKG.sourceDocument))
    assert URIRef("https://w3id.org/aikg/source/hue-213-kh-ubnd-2026.txt") in documents
    assert URIRef("https://w3id.org/aikg/source/hai-phong-kh-ubnd-2026-du-thao.txt") in documents


def test_sources_are_unchanged_copies() -> None:
    """sources/ holds the inputs byte for byte (where the shared folder is available to compare)."""
    shared = Path(__file__).resolve().parents[2] / "shared"
    project = Path(__file__).resolve().parents[1] / "sources"
    pairs = {"seeds/000_57114fa7a79b951e.txt": "hue-213-kh-ubnd-2026.txt",
             "seeds/002_ae2af079201ae6df.txt": "hai-phong-kh-ubnd-2026-du-thao.txt"}
    if not shared.is_dir():
        return
    for original, copy in pairs.items():
        assert (shared / original).read_bytes() == (project / copy).read_bytes()


def test_hue_plan_header(built_graph: Graph) -> None:
    plan = URIRef(HUE)
    assert built_graph.value(plan, AIKG.number) == Literal("213/KH-UBND")
    assert str(built_graph.value(plan, AIKG.date)) == "2026-04-13"
    assert (plan, AIKG.implements, URIRef("https://w3id.org/aikg/eli/vn/qd/2026/367-qd-ttg")) in built_graph


def test_hue_has_eight_tasks_and_eight_appendix_rows_all_led_by_dost(built_graph: Graph) -> None:
    tasks = select(built_graph, f"SELECT ?t WHERE {{ <{HUE}> aikg:hasTask ?t }}")
    assert sorted(str(t[0]).removeprefix(HUE) for t in tasks) == [
        "/II/1", "/II/2/a", "/II/2/b", "/II/3/a", "/II/3/b", "/II/3/c", "/II/4", "/II/5"]
    rows = select(built_graph, f"""SELECT ?row ?lead WHERE {{
        ?row a aikg:AppendixRow ; aikg:isPartOf+ <{HUE}> ; aikg:leadAgency/rdfs:label ?lead .
        FILTER(lang(?lead) = "vi") }}""")
    assert len({r[0] for r in rows}) == 8
    assert {str(r[1]) for r in rows} == {"Sở Khoa học và Công nghệ"}


def test_hue_appendix_rows_restate_body_items(built_graph: Graph) -> None:
    pairs = select(built_graph, f"SELECT ?row ?item WHERE {{ ?row aikg:restates ?item ; aikg:isPartOf+ <{HUE}> }}")
    mapping = {str(r).removeprefix(HUE): str(i).removeprefix(HUE) for r, i in pairs}
    assert mapping == {"/appendix/1": "/II/1", "/appendix/2": "/II/2/a", "/appendix/3": "/II/2/b",
                       "/appendix/4": "/II/3/a", "/appendix/5": "/II/3/b", "/appendix/6": "/II/3/c",
                       "/appendix/7": "/II/4", "/appendix/8": "/II/5"}


def test_hai_phong_has_thirteen_tasks_and_no_number_or_date(built_graph: Graph) -> None:
    plan = URIRef(HP)
    assert built_graph.value(plan, AIKG.number) is None
    assert built_graph.value(plan, AIKG.date) is None
    tasks = {str(t).removeprefix(HP) for t in built_graph.objects(plan, AIKG.hasTask)}
    assert tasks == {"/II/1", "/II/2", "/II/3", "/II/4/a", "/II/4/b", "/II/4/c", "/II/4/d", "/II/4/dd", "/II/4/e",
                     "/II/5/a", "/II/5/b", "/II/6", "/II/7"}


def test_hai_phong_item_3_asks_for_comments_on_five_drafts(built_graph: Graph) -> None:
    drafts = list(built_graph.objects(URIRef(HP + "/II/3"), AIKG.asksForCommentOn))
    assert len(drafts) == 5
    labels = {str(built_graph.value(d, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for d in drafts}
    assert len(labels) == 5


def test_agency_spelling_variants_share_one_node(built_graph: Graph) -> None:
    """Hải Phòng writes 'Sở Văn hóa Thể thao và Du lịch'; it is one node with the canonical label."""
    rows = select(built_graph, """SELECT DISTINCT ?a WHERE {
        ?a a aikg:Agency ; aikg:jurisdiction <https://w3id.org/aikg/place/hai-phong> ; rdfs:label|skos:altLabel ?l .
        FILTER(STR(?l) IN ("Sở Văn hóa Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch")) }""")
    assert len(rows) == 1


def test_ai_law_repeals_chapter_iv_of_law_71(built_graph: Graph) -> None:
    rows = select(built_graph, """SELECT ?x WHERE {
        ?law aikg:number "134/2025/QH15" . ?law71 aikg:number "71/2025/QH15" .
        { ?law aikg:repeals ?x } UNION { ?a aikg:isPartOf ?law ; aikg:repeals ?x }
        ?x aikg:isPartOf* ?law71 . }""")
    assert URIRef("https://w3id.org/aikg/eli/vn/luat/2025/71-2025-qh15/chapter/IV") in {r[0] for r in rows}


def test_validate_reports_the_real_gaps(project_copy: Path) -> None:
    aikg = str(Path(sys.executable).with_name("aikg"))
    env = {**os.environ, "AIKG_HOME": str(project_copy)}
    result = subprocess.run([aikg, "validate"], env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert (project_copy / "dist" / "validation.ttl").stat().st_size > 0
    report = Graph().parse(project_copy / "dist" / "validation.ttl")
    sh = "http://www.w3.org/ns/shacl#"
    found = select(report, f"""SELECT ?focus ?path ?sev WHERE {{
        ?r <{sh}focusNode> ?focus ; <{sh}resultSeverity> ?sev . OPTIONAL {{ ?r <{sh}resultPath> ?path }} }}""")
    by_path: dict[str, set[str]] = {}
    for focus, path, _sev in found:
        by_path.setdefault(str(path), set()).add(str(focus))
    aikg_ns = str(AIKG)
    assert by_path[aikg_ns + "number"] >= {HP}
    assert by_path[aikg_ns + "date"] >= {HP}
    no_product = {p for p in by_path[aikg_ns + "product"] if p.startswith((HP, HUE))}
    assert no_product == {HP + s for s in ("/II/2", "/II/3", "/II/5/a", "/II/5/b", "/II/6", "/II/7")} | {
        HUE + "/II/2/a", HUE + "/II/2/b"}
    assert "Plan has no number (số hiệu): it cannot be cited." in out
    assert "Kế hoạch không có số hiệu: không thể viện dẫn." in out
