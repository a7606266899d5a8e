"""Linked data on a real server: content negotiation on resource IRIs, 404s, ontology, VoID/DCAT, dumps."""

from __future__ import annotations

import gzip
import json
import urllib.parse

import pytest
from fixtures_server import LiveServer
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

AIKG = Namespace("https://w3id.org/aikg/ontology#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
QD367 = "eli/vn/qd/2026/367-qd-ttg"
CLAUSE = "eli/vn/luat/2025/134-2025-qh15/art/17/clause/1"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def iri(server: LiveServer, path: str) -> URIRef:
    return URIRef(server.config.base + path)


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_resource_as_rdf_by_accept(live_server: LiveServer, accept: str, fmt: str) -> None:
    reply = live_server.request(f"/{QD367}", headers={"Accept": accept})
    assert reply.status == 200 and reply.header("Content-Type").startswith(accept)
    assert "Accept" in reply.header("Vary")
    graph = Graph().parse(data=reply.text, format=fmt)
    assert (iri(live_server, QD367), AIKG.number, Literal("367/QĐ-TTg")) in graph
    assert (iri(live_server, QD367), RDF.type, AIKG.ImplementationPlan) in graph
    assert any(graph.subjects(None, iri(live_server, QD367))), "incoming links are included"


@pytest.mark.parametrize(("suffix", "fmt"), [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"),
                                             (".rdf", "xml")])
def test_resource_by_suffix(live_server: LiveServer, suffix: str, fmt: str) -> None:
    reply = live_server.request(f"/{QD367}{suffix}")
    assert reply.status == 200
    graph = Graph().parse(data=reply.text, format=fmt)
    assert (iri(live_server, QD367), AIKG.number, Literal("367/QĐ-TTg")) in graph


def test_resource_as_compact_jsonld(live_server: LiveServer) -> None:
    """JSON-LD for programs is compact: the prefixes as @context, short keys, one node object per
    subject, and the same graph as the Turtle answer."""
    reply = live_server.request(f"/{QD367}.jsonld")
    document = json.loads(reply.text)
    assert document["@context"]["aikg"] == str(AIKG)
    node = next(n for n in document["@graph"] if n["@id"] == str(iri(live_server, QD367)))
    assert node["aikg:number"] == [{"@value": "367/QĐ-TTg"}]
    assert "aikg:ImplementationPlan" in node["@type"]
    ids = [n["@id"] for n in document["@graph"]]
    assert ids == sorted(set(ids)), "one node object per subject, in IRI order"
    turtle = Graph().parse(data=live_server.request(f"/{QD367}.ttl").text, format="turtle")
    assert Graph().parse(data=reply.text, format="json-ld").isomorphic(turtle)


def test_resource_by_format_parameter(live_server: LiveServer) -> None:
    reply = live_server.request(f"/{QD367}?format=nt", headers={"Accept": BROWSER})
    assert reply.header("Content-Type").startswith("application/n-triples")


def test_resource_page_for_browsers(live_server: LiveServer) -> None:
    reply = live_server.request(f"/{CLAUSE}", headers={"Accept": BROWSER})
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/html")
    page = reply.text
    graph = Graph().parse(data=live_server.request(f"/{CLAUSE}.nt").text, format="nt")
    this = iri(live_server, CLAUSE)
    for label in graph.objects(this, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
        assert str(label) in page  # both languages
    source_text = next(graph.objects(this, AIKG.sourceText))
    line = next(graph.objects(this, AIKG.sourceLine))
    document = str(next(graph.objects(this, AIKG.sourceDocument))).rsplit("/", 1)[-1]
    assert str(source_text).split("\n")[0] in page
    assert f"sources/{document}" in page and f"line {line}" in page
    assert "Trace up to the law" in page
    for step in ("/eli/vn/luat/2025/134-2025-qh15/art/17", "/eli/vn/luat/2025/134-2025-qh15/chapter/III",
                 'href="/eli/vn/luat/2025/134-2025-qh15"'):
        assert step in page
    assert "Incoming links" in page and "inferred" in page


def test_trace_reaches_the_law_from_a_national_task(live_server: LiveServer) -> None:
    """A task of QĐ 367 traces through the task it carries out to an article of the AI Law."""
    query = ("PREFIX aikg: <https://w3id.org/aikg/ontology#> SELECT ?task ?article WHERE { "
             "?task aikg:carriesOut ?article . "
             "?article aikg:isPartOf+ <https://w3id.org/aikg/eli/vn/luat/2025/134-2025-qh15> } ORDER BY ?task LIMIT 1")

    answer = json.loads(live_server.request("/sparql?" + urllib.parse.urlencode({"query": query})).body)
    binding = answer["results"]["bindings"][0]
    task, article = binding["task"]["value"], binding["article"]["value"]
    base = live_server.config.base
    page = live_server.request("/" + task[len(base):], headers={"Accept": BROWSER}).text
    assert "aikg:carriesOut" in page and f'href="/{article[len(base):]}"' in page


def test_unknown_iri_is_a_helpful_404(live_server: LiveServer) -> None:
    reply = live_server.request(f"/{QD367}/II/999")
    assert reply.status == 404
    assert f"no resource <{live_server.config.base}{QD367}/II/999>" in reply.text
    assert f"{live_server.config.base}{QD367}/II" in reply.text  # resources near it
    page = live_server.request(f"/{QD367}/II/999", headers={"Accept": BROWSER})
    assert page.status == 404 and page.header("Content-Type").startswith("text/html")
    assert f'href="/{QD367}/II' in page.text


def test_a_404_for_a_very_long_path_costs_a_bounded_number_of_queries(live_server: LiveServer) -> None:
    """The suggestions walk up at most a dozen segments: 20,000 of them once meant 20,000 queries."""
    path = f"/{QD367}/II/" + "x/" * 20000
    reply = live_server.request(path, timeout=live_server.config.query_timeout * 10)
    assert reply.status == 404
    assert f"{live_server.config.base}{QD367}/II" in reply.text  # still the resources near it
    garbage = live_server.request("/wp-admin/setup.php")
    assert garbage.status == 404 and "Resources near it" not in garbage.text, garbage.text


def test_ontology_page_and_turtle(live_server: LiveServer) -> None:
    page = live_server.request("/ontology", headers={"Accept": BROWSER})
    assert page.status == 200 and page.header("Content-Type").startswith("text/html")
    assert "ImplementationPlan" in page.text and "derivesFrom" in page.text
    assert "<script src=\"http" not in page.text and "<link href=\"http" not in page.text
    turtle = live_server.request("/ontology", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=turtle.text, format="turtle")
    assert (AIKG.LocalPlan, URIRef("http://www.w3.org/2000/01/rdf-schema#subClassOf"), AIKG.ImplementationPlan) \
        in graph
    assert live_server.request("/ontology.ttl").text == turtle.text


def test_void_and_dcat(live_server: LiveServer, built_dist) -> None:
    reply = live_server.request("/.well-known/void", headers={"Accept": "text/turtle"})
    assert reply.status == 200
    graph = Graph().parse(data=reply.text, format="turtle")
    base = live_server.config.base
    dataset = URIRef(f"{base}.well-known/void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph and (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in graph
    assert (dataset, VOID.sparqlEndpoint, URIRef(f"{base}sparql")) in graph
    dumps = {str(d) for d in graph.objects(dataset, VOID.dataDump)}
    assert f"{base}dumps/aikg.nt" in dumps and f"{base}dumps/aikg.ttl" in dumps
    subsets = {str(next(graph.objects(s, URIRef("http://www.w3.org/ns/sparql-service-description#name")))):
               int(next(graph.objects(s, VOID.triples))) for s in graph.objects(dataset, VOID.subset)}
    quads = [line for line in (built_dist / "aikg.nq").read_text(encoding="utf-8").splitlines() if line.strip()]
    for name in ("ontology", "asserted", "inferred"):
        assert subsets[f"{base}graph/{name}"] == sum(1 for q in quads if q.endswith(f"<{base}graph/{name}> ."))
    merged = Graph().parse(built_dist / "aikg.nt", format="nt")
    assert int(next(graph.objects(dataset, VOID.triples))) == len(merged)


def test_dump_download_with_etag_and_gzip(live_server: LiveServer, built_dist) -> None:
    plain = live_server.request("/dumps/aikg.nt")
    assert plain.status == 200 and plain.body == (built_dist / "aikg.nt").read_bytes()
    etag, modified = plain.header("ETag"), plain.header("Last-Modified")
    assert etag and modified
    assert live_server.request("/dumps/aikg.nt", headers={"If-None-Match": etag}).status == 304
    assert live_server.request("/dumps/aikg.nt", headers={"If-Modified-Since": modified}).status == 304
    zipped = live_server.request("/dumps/aikg.nt", headers={"Accept-Encoding": "gzip"})
    assert zipped.header("Content-Encoding") == "gzip" and zipped.header("ETag") != etag
    assert gzip.decompress(zipped.body) == plain.body
    file = live_server.request("/dumps/aikg.ttl.gz")
    assert file.header("Content-Type") == "application/gzip"
    assert gzip.decompress(file.body) == (built_dist / "aikg.ttl").read_bytes()
    missing = live_server.request("/dumps/secrets.txt")
    assert missing.status == 404 and "aikg.nt" in missing.text
    assert live_server.request("/dumps/..%2Fpyproject.toml").status == 404


def test_named_graph_iri_leads_to_the_dataset_description(live_server: LiveServer) -> None:
    reply = live_server.request("/graph/inferred", headers={"Accept": "text/turtle"})
    assert reply.status == 200 and "void:subset" in reply.text
