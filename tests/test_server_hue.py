"""Exact answers about the Huế plan 213/KH-UBND, read off the source, through the running server."""

from __future__ import annotations

import json
import urllib.parse

from fixtures_server import LiveServer
from rdflib import Graph, Literal, Namespace, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

AIKG = Namespace("https://w3id.org/aikg/ontology#")
PLAN = "eli/vn/hue/kh/2026/213-kh-ubnd"
TASK = f"{PLAN}/II/4"
LAW = "eli/vn/luat/2025/134-2025-qh15"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_hue_plan_counts_through_sparqlwrapper(live_server: LiveServer) -> None:
    client = SPARQLWrapper(live_server.url + "/sparql")
    client.setQuery(f"""PREFIX aikg: <https://w3id.org/aikg/ontology#>
        SELECT ?number (COUNT(DISTINCT ?task) AS ?tasks) (COUNT(DISTINCT ?row) AS ?rows) WHERE {{
          <{live_server.config.base}{PLAN}> aikg:number ?number ; aikg:hasTask ?task .
          ?row a aikg:AppendixRow ; aikg:isPartOf+ <{live_server.config.base}{PLAN}> .
        }} GROUP BY ?number""")
    client.setReturnFormat(JSON)
    [row] = client.queryAndConvert()["results"]["bindings"]
    assert row["number"]["value"] == "213/KH-UBND"
    assert int(row["tasks"]["value"]) == 8 and int(row["rows"]["value"]) == 8


def test_plans_overview_named_query(live_server: LiveServer) -> None:
    answer = json.loads(live_server.request("/queries/plans-overview?format=json").body)
    hue = next(b for b in answer["results"]["bindings"] if b["plan"]["value"].endswith(PLAN))
    assert hue["number"]["value"] == "213/KH-UBND"
    assert int(hue["tasks"]["value"]) == 8 and int(hue["appendixRows"]["value"]) == 8


def test_task_page_shows_source_and_trace_to_the_law(live_server: LiveServer) -> None:
    page = live_server.request(f"/{TASK}", headers={"Accept": BROWSER}).text
    assert "sources/hue-213-kh-ubnd-2026.txt" in page and "lines 84–92" in page
    assert "4. Xây dựng, cập nhật Cơ sở dữ liệu phục vụ trí tuệ nhân tạo" in page
    assert "Build and update databases serving artificial intelligence" in page
    assert "aikg:derivesFrom" in page and 'href="/eli/vn/qd/2026/367-qd-ttg/II/5/dd"' in page
    assert "aikg:carriesOut" in page and f'href="/{LAW}/art/' in page
    assert f'href="/{LAW}"' in page  # the trace reaches the law itself


def test_task_as_turtle(live_server: LiveServer) -> None:
    reply = live_server.request(f"/{TASK}", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=reply.text, format="turtle")
    task = URIRef(live_server.config.base + TASK)
    assert (task, AIKG.leadAgency, URIRef(live_server.config.base + "agency/hue/so-khoa-hoc-va-cong-nghe")) in graph
    assert (task, AIKG.notation, Literal("II.4")) in graph
    assert (task, AIKG.sourceLine, Literal(84)) in graph


def test_trace_up_named_query_with_its_documented_example(live_server: LiveServer) -> None:
    reply = live_server.request("/queries/trace-up?" + urllib.parse.urlencode({"task": f"id:{TASK}",
                                                                             "format": "csv"}))
    assert reply.status == 200
    assert f"{live_server.config.base}eli/vn/qd/2026/367-qd-ttg/II/5/dd" in reply.text
    assert f"{live_server.config.base}{LAW}/art/" in reply.text
