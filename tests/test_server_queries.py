"""Named queries over HTTP: the index, each query in every format, parameters bound as RDF terms."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.dom.minidom

import pytest
from fixtures_server import LiveServer

from aikg.query import named_queries

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def national_task_and_article(server: LiveServer) -> tuple[str, str]:
    query = ("PREFIX aikg: <https://w3id.org/aikg/ontology#> SELECT ?task ?article WHERE { "
             "?task aikg:carriesOut ?article } ORDER BY ?task ?article LIMIT 1")
    binding = json.loads(server.request("/sparql?" + urllib.parse.urlencode({"query": query})).body)
    row = binding["results"]["bindings"][0]
    return row["task"]["value"], row["article"]["value"]


def test_index_lists_every_query_file(live_server: LiveServer) -> None:
    listed = json.loads(live_server.request("/queries", headers={"Accept": "application/json"}).body)
    assert [q["name"] for q in listed] == [q.name for q in named_queries(live_server.config.project)]
    trace = next(q for q in listed if q["name"] == "trace-up")
    assert trace["question_en"] and trace["question_vi"] and trace["params"][0]["name"] == "task"
    page = live_server.request("/queries", headers={"Accept": BROWSER})
    assert page.header("Content-Type").startswith("text/html") and "/queries/trace-up" in page.text


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_query_without_parameters_in_every_format(live_server: LiveServer, fmt: str) -> None:
    reply = live_server.request(f"/queries/plans-overview?format={fmt}")
    assert reply.status == 200, reply.text
    if fmt == "json":
        numbers = [b["number"]["value"] for b in json.loads(reply.body)["results"]["bindings"] if "number" in b]
    elif fmt == "xml":
        document = xml.dom.minidom.parseString(reply.body)
        numbers = [b.getElementsByTagName("literal")[0].firstChild.data
                   for b in document.getElementsByTagName("binding") if b.getAttribute("name") == "number"]
    elif fmt == "csv":
        numbers = [row["number"] for row in csv.DictReader(io.StringIO(reply.text))]
    else:
        lines = reply.text.splitlines()
        column = lines[0].split("\t").index("?number")
        numbers = [line.split("\t")[column].strip('"') for line in lines[1:]]
    assert "367/QĐ-TTg" in numbers


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_parameter_is_bound_as_a_term(live_server: LiveServer, fmt: str) -> None:
    task, article = national_task_and_article(live_server)
    for value in (task, f"<{task}>", "id:" + task[len(live_server.config.base):]):
        reply = live_server.request("/queries/trace-up?" + urllib.parse.urlencode({"task": value, "format": fmt}))
        assert reply.status == 200, reply.text
        assert article in reply.text and task in reply.text


def test_html_page_with_parameters(live_server: LiveServer) -> None:
    task, article = national_task_and_article(live_server)
    form = live_server.request("/queries/trace-up", headers={"Accept": BROWSER})
    assert form.status == 200 and 'name="task"' in form.text
    page = live_server.request("/queries/trace-up?" + urllib.parse.urlencode({"task": task}),
                               headers={"Accept": BROWSER})
    assert page.status == 200 and f'href="/{article[len(live_server.config.base):]}"' in page.text
    assert "format=csv" in page.text


def test_missing_parameter_is_400_with_the_documented_example(live_server: LiveServer) -> None:
    reply = live_server.request("/queries/trace-up?format=json")
    assert reply.status == 400
    assert "task" in reply.text and "e.g. task=id:eli/vn/hue/kh/2026/213-kh-ubnd/II/4" in reply.text


@pytest.mark.parametrize("value", [
    "https://w3id.org/aikg/x> } UNION { ?from ?relation ?to } #",
    '"x" } UNION { ?from ?relation ?to } #',
    "eli/vn/x> } UNION { ?s ?p ?o",
])
def test_parameter_cannot_change_the_query(live_server: LiveServer, value: str) -> None:
    reply = live_server.request("/queries/trace-up?" + urllib.parse.urlencode({"task": value, "format": "json"}))
    assert reply.status in (200, 400), reply.text
    if reply.status == 200:
        assert json.loads(reply.body)["results"]["bindings"] == []
    assert "Traceback" not in reply.text


def test_query_text_and_unknown_name(live_server: LiveServer) -> None:
    text = live_server.request("/queries/trace-up.rq")
    assert text.header("Content-Type").startswith("application/sparql-query")
    assert text.text == (live_server.config.project.queries_dir / "trace-up.rq").read_text(encoding="utf-8")
    missing = live_server.request("/queries/no-such-query")
    assert missing.status == 404 and "trace-up" in missing.text
