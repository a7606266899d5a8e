"""The SPARQL 1.1 Protocol at /sparql, through SPARQLWrapper and plain HTTP, on a real server."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import xml.dom.minidom

import pytest
from fixtures_server import MAX_QUERY_LENGTH, LiveServer, heavy_query
from rdflib import Graph, Literal, URIRef
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

AIKG = "https://w3id.org/aikg/ontology#"
LAW = "https://w3id.org/aikg/eli/vn/luat/2025/134-2025-qh15"
QD367 = "https://w3id.org/aikg/eli/vn/qd/2026/367-qd-ttg"
PREFIX = f"PREFIX aikg: <{AIKG}>\n"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def wrapper(server: LiveServer, query: str, fmt: str, method: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client


def get(server: LiveServer, query: str, accept: str | None = None, **params: str):
    args = urllib.parse.urlencode({"query": query, **params})
    return server.request(f"/sparql?{args}", headers={"Accept": accept} if accept else {})


# --- SPARQLWrapper: every query form, in JSON, XML and CSV -------------------------------------------------

def test_select_json_gives_the_number_of_qd_367(live_server: LiveServer) -> None:
    query = PREFIX + f"SELECT ?number WHERE {{ <{QD367}> aikg:number ?number }}"
    result = wrapper(live_server, query, JSON).queryAndConvert()
    assert result["head"]["vars"] == ["number"]
    assert [b["number"]["value"] for b in result["results"]["bindings"]] == ["367/QĐ-TTg"]


def test_select_xml_and_post(live_server: LiveServer) -> None:
    query = PREFIX + f"SELECT ?c WHERE {{ <{LAW}> aikg:hasPart ?c . ?c a aikg:Chapter }} ORDER BY ?c"
    document = wrapper(live_server, query, XML, POST).queryAndConvert()
    assert isinstance(document, xml.dom.minidom.Document)
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert len(uris) == 8 and all(u.startswith(f"{LAW}/chapter/") for u in uris)


def test_select_csv(live_server: LiveServer) -> None:
    query = f"SELECT ?label WHERE {{ <{LAW}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?label"
    text = wrapper(live_server, query, CSV).queryAndConvert().decode("utf-8")
    assert text.splitlines() == ["label", "Law on Artificial Intelligence", "Luật Trí tuệ nhân tạo"]


@pytest.mark.parametrize("fmt", [JSON, XML, CSV])
def test_ask(live_server: LiveServer, fmt: str) -> None:
    result = wrapper(live_server, PREFIX + f"ASK {{ <{LAW}> a aikg:Law }}", fmt).query()
    if fmt == JSON:
        assert result.convert()["boolean"] is True
    elif fmt == XML:
        assert result.convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert result.convert().decode().split() == ["_askResult", "true"]
    false = wrapper(live_server, PREFIX + f"ASK {{ <{LAW}> a aikg:Decree }}", JSON).queryAndConvert()
    assert false["boolean"] is False


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD, XML])
def test_construct(live_server: LiveServer, fmt: str) -> None:
    query = PREFIX + f"CONSTRUCT {{ <{LAW}> aikg:hasPart ?c }} WHERE {{ <{LAW}> aikg:hasPart ?c . ?c a aikg:Chapter }}"
    converted = wrapper(live_server, query, fmt).queryAndConvert()
    if isinstance(converted, bytes):
        graph = Graph().parse(data=converted.decode("utf-8"), format="turtle")
    else:
        graph = converted
    assert len(graph) == 8
    assert all(str(o).startswith(f"{LAW}/chapter/") for o in graph.objects(URIRef(LAW), URIRef(AIKG + "hasPart")))


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD])
def test_describe(live_server: LiveServer, fmt: str) -> None:
    converted = wrapper(live_server, f"DESCRIBE <{QD367}>", fmt).queryAndConvert()
    graph = Graph().parse(data=converted.decode("utf-8"), format="turtle") if isinstance(converted, bytes) \
        else converted
    assert (URIRef(QD367), URIRef(AIKG + "number"), Literal("367/QĐ-TTg")) in graph


def test_malformed_query_through_sparqlwrapper(live_server: LiveServer) -> None:
    with pytest.raises(QueryBadFormed) as error:
        wrapper(live_server, "SELECT * WHERE { ?s ?p }", JSON).queryAndConvert()
    assert "line 1" in str(error.value)


# --- the protocol over plain HTTP ----------------------------------------------------------------------------

def test_post_direct_and_form_and_tsv(live_server: LiveServer) -> None:
    query = PREFIX + f"SELECT ?number WHERE {{ <{QD367}> aikg:number ?number }}"
    direct = live_server.request("/sparql", "POST", query.encode(), {"Content-Type": "application/sparql-query",
                                                                      "Accept": "text/tab-separated-values"})
    assert direct.status == 200 and direct.header("Content-Type").startswith("text/tab-separated-values")
    assert direct.text == '?number\n"367/QĐ-TTg"\n'
    form = live_server.request("/sparql", "POST", urllib.parse.urlencode({"query": query, "format": "csv"}).encode(),
                               {"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status == 200 and form.text.splitlines() == ["number", "367/QĐ-TTg"]


@pytest.mark.parametrize(("accept", "mimetype"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
])
def test_select_by_accept(live_server: LiveServer, accept: str, mimetype: str) -> None:
    reply = get(live_server, "SELECT ?x WHERE { VALUES ?x { 1 } }", accept)
    assert reply.status == 200 and reply.header("Content-Type").startswith(mimetype)


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                             ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_by_accept(live_server: LiveServer, accept: str, fmt: str) -> None:
    reply = get(live_server, f"CONSTRUCT WHERE {{ <{QD367}> ?p ?o }}", accept)
    assert reply.status == 200 and reply.header("Content-Type").startswith(accept)
    graph = Graph().parse(data=reply.text, format=fmt)
    assert (URIRef(QD367), URIRef(AIKG + "number"), Literal("367/QĐ-TTg")) in graph


def test_default_and_named_graph_uri(live_server: LiveServer) -> None:
    base = live_server.config.base
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = json.loads(get(live_server, count, "application/sparql-results+json").body)
    asserted = json.loads(get(live_server, count, "application/sparql-results+json",
                              **{"default-graph-uri": f"{base}graph/asserted"}).body)
    inferred = json.loads(get(live_server, count, "application/sparql-results+json",
                              **{"default-graph-uri": f"{base}graph/inferred"}).body)
    n = [int(r["results"]["bindings"][0]["n"]["value"]) for r in (everything, asserted, inferred)]
    assert n[1] > 0 and n[2] > 0 and n[0] >= n[1] + n[2] - 1000 and n[0] > n[1]
    graphs = json.loads(get(live_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                            "application/sparql-results+json", **{"named-graph-uri": f"{base}graph/inferred"}).body)
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [f"{base}graph/inferred"]


def test_service_description(live_server: LiveServer) -> None:
    reply = live_server.request("/sparql", headers={"Accept": "text/turtle"})
    assert reply.status == 200
    graph = Graph().parse(data=reply.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = URIRef(live_server.url + "/sparql")
    assert (service, URIRef(sd + "endpoint"), service) in graph
    assert (service, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph
    names = {str(o) for o in graph.objects(None, URIRef(sd + "name"))}
    assert names == {f"{live_server.config.base}graph/{n}" for n in ("ontology", "asserted", "inferred")}


def test_cors(live_server: LiveServer) -> None:
    reply = live_server.request("/sparql?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
    assert reply.header("Access-Control-Allow-Origin") in ("*", "https://example.org")
    preflight = live_server.request("/sparql", "OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status == 200 and "POST" in preflight.header("Access-Control-Allow-Methods")


# --- every refusal: status, a message naming the cause, never a stack trace ---------------------------------

def assert_clean(reply) -> None:
    assert "Traceback" not in reply.text and 'File "' not in reply.text


def test_malformed_query_is_400_with_position(live_server: LiveServer) -> None:
    reply = get(live_server, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?o = }")
    assert reply.status == 400
    assert "syntax error at line 3, column 15" in reply.text
    assert reply.text.splitlines()[1:3] == ["  FILTER(?o = }", " " * 14 + "^"]
    assert_clean(reply)


@pytest.mark.parametrize("how", ["form", "direct", "query", "get"])
def test_update_is_refused(live_server: LiveServer, how: str) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if how == "form":
        reply = live_server.request("/sparql", "POST", urllib.parse.urlencode({"update": update}).encode(),
                                    {"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "direct":
        reply = live_server.request("/sparql", "POST", update.encode(),
                                    {"Content-Type": "application/sparql-update"})
    elif how == "query":
        reply = get(live_server, update)
    else:
        reply = live_server.request("/sparql?" + urllib.parse.urlencode({"update": update}))
    assert reply.status == 403
    assert "read-only" in reply.text
    assert_clean(reply)
    assert get(live_server, "ASK { <urn:a> <urn:b> <urn:c> }", "text/csv").text.split() == ["_askResult", "false"]


def test_load_is_refused(live_server: LiveServer) -> None:
    reply = get(live_server, "LOAD <http://127.0.0.1:9/data.ttl>")
    assert reply.status == 403 and "read-only" in reply.text


def test_unsupported_format_is_406(live_server: LiveServer) -> None:
    reply = get(live_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png")
    assert reply.status == 406 and "text/csv" in reply.text
    construct = get(live_server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert construct.status == 406 and "text/turtle" in construct.text
    assert get(live_server, "ASK {}", None, format="yaml").status == 406


def test_too_long_query_is_413(live_server: LiveServer) -> None:
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * MAX_QUERY_LENGTH
    for reply in (get(live_server, query),
                  live_server.request("/sparql", "POST", query.encode(), {"Content-Type": "application/sparql-query"})):
        assert reply.status == 413
        assert "max_query_length" in reply.text and str(MAX_QUERY_LENGTH) in reply.text


def test_too_many_rows_is_refused_with_the_limit_named(live_server: LiveServer) -> None:
    reply = get(live_server, "SELECT * WHERE { ?a ?b ?c . ?d a ?e }")
    assert reply.status == 400 and "max_rows" in reply.text


def test_runaway_query_is_stopped_with_503_and_the_server_keeps_serving(live_server: LiveServer) -> None:
    results: dict[str, object] = {}

    def ask() -> None:
        started = time.monotonic()
        results["reply"] = get(live_server, RUNAWAY)
        results["seconds"] = time.monotonic() - started

    runaway = threading.Thread(target=ask)
    runaway.start()
    time.sleep(0.5)
    quick = get(live_server, "ASK {}", "text/csv")  # answered while the runaway query runs
    assert quick.status == 200
    runaway.join(60)
    reply = results["reply"]
    assert reply.status == 503, reply.text
    assert "query_timeout" in reply.text and "AIKG_QUERY_TIMEOUT" in reply.text
    assert results["seconds"] < live_server.config.query_timeout + 10
    assert_clean(reply)
    for _ in range(3):  # the killed worker is replaced; the next queries are answered
        assert get(live_server, f"ASK {{ <{LAW}> ?p ?o }}", "text/csv").text.split() == ["_askResult", "true"]


# --- no outbound requests, ever ---------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?x ?y ?z . OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} LIMIT 1",
    "PREFIX r: <http://127.0.0.1:{port}/>\nSELECT * WHERE {{ service r:sparql {{ ?s ?p ?o }} }}",
    "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
])
def test_no_outbound_request(live_server: LiveServer, listener, template: str) -> None:
    port, hits = listener
    reply = get(live_server, template.format(port=port))
    time.sleep(0.5)
    assert hits == []
    assert reply.status == 400
    assert "never" in reply.text
    assert_clean(reply)


def test_no_outbound_request_through_the_graph_parameters(live_server: LiveServer, listener) -> None:
    port, hits = listener
    for name in ("default-graph-uri", "named-graph-uri"):
        reply = get(live_server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", None, **{name: f"http://127.0.0.1:{port}/"})
        assert reply.status == 400 and name in reply.text
    time.sleep(0.3)
    assert hits == []


def test_heavy_query_cannot_hang_the_server(live_server: LiveServer) -> None:
    """A heavy query (here with Oxigraph's LATERAL extension) is stopped at the time limit in its worker."""
    query = heavy_query(size=400)
    started = time.monotonic()
    reply = live_server.request("/sparql", "POST", query.encode(), {"Content-Type": "application/sparql-query"})
    assert reply.status == 503 and "stopped after 3 s" in reply.text and reply.header("Retry-After")
    assert time.monotonic() - started < 15
    assert get(live_server, "ASK {}", "text/csv").status == 200


def test_answers_carry_an_etag_and_revalidate_with_304(live_server: LiveServer) -> None:
    """A client holding an answer revalidates it for nothing; a different answer has a different tag."""
    query = PREFIX + f"SELECT ?number WHERE {{ <{QD367}> aikg:number ?number }}"
    first = get(live_server, query, "application/sparql-results+json")
    assert first.status == 200 and "367/QĐ-TTg" in first.body.decode()
    tag = etag(first)
    again = live_server.request("/sparql?" + urllib.parse.urlencode({"query": query}),
                                headers={"Accept": "application/sparql-results+json", "If-None-Match": tag})
    assert (again.status, again.body, etag(again)) == (304, b"", tag)
    other = get(live_server, query, "text/csv")
    assert other.status == 200 and etag(other) != tag
    stale = live_server.request("/sparql?" + urllib.parse.urlencode({"query": query}),
                                headers={"Accept": "text/csv", "If-None-Match": tag})
    assert stale.status == 200 and stale.body == other.body
    page = live_server.request(QD367.removeprefix("https://w3id.org/aikg"), headers={"Accept": "text/turtle"})
    assert page.status == 200
    assert live_server.request(QD367.removeprefix("https://w3id.org/aikg"),
                               headers={"Accept": "text/turtle", "If-None-Match": etag(page)}).status == 304


def test_answers_chosen_by_accept_say_vary_accept(live_server: LiveServer) -> None:
    """A shared cache must not hand the JSON answer (or its ETag) to a client that asked for CSV: every
    answer whose format the Accept header chose says `Vary: Accept`; one fixed by ?format= or a suffix
    does not need to."""
    ask = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    by_accept = [
        live_server.request(ask, headers={"Accept": "text/csv"}),
        live_server.request("/queries/plans-overview", headers={"Accept": "text/csv"}),
        live_server.request(QD367.removeprefix("https://w3id.org/aikg"), headers={"Accept": "text/turtle"}),
        live_server.request("/ontology", headers={"Accept": "text/html"}),
        live_server.request("/queries", headers={"Accept": "application/json"}),
        live_server.request("/plan/no-such-plan", headers={"Accept": "text/html"}),  # an error page
    ]
    assert [(r.status, "accept" in r.header("Vary").lower()) for r in by_accept] == \
        [(200, True), (200, True), (200, True), (200, True), (200, True), (404, True)]
    by_name = [live_server.request(ask + "&format=csv"),
               live_server.request(QD367.removeprefix("https://w3id.org/aikg") + ".ttl"),
               live_server.request("/ontology.ttl")]
    assert [(r.status, "accept" in r.header("Vary").lower()) for r in by_name] == [(200, False)] * 3


def etag(reply) -> str:
    """The ETag header, however the server cased its name (waitress sends "Etag")."""
    return next(value for name, value in reply.headers.items() if name.lower() == "etag")
