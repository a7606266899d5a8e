"""`/sparql`: the W3C SPARQL 1.1 Protocol, read-only, with a Service Description when asked no query."""

from __future__ import annotations

from aikg_server.context import config, store
from aikg_server.formats import (
    GRAPH_FORMATS,
    HTML,
    negotiate,
    offered_for,
    serialize_graph,
)
from aikg_server.guard import CheckedQuery, Refused, check_graphs, check_length, check_query
from flask import Blueprint, Response, redirect, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

sparql = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

_READ_ONLY = ("this endpoint is read-only: SPARQL Update is refused (send queries as query=, "
              "or as application/sparql-query)")


def protocol_request() -> tuple[str | None, list[str], list[str]]:
    """(query, default-graph-uri values, named-graph-uri values) from GET, form POST or direct POST."""
    if "update" in request.values:
        raise Refused(403, _READ_ONLY)
    defaults = request.args.getlist("default-graph-uri")
    named = request.args.getlist("named-graph-uri")
    if request.method == "GET":
        queries = request.args.getlist("query")
    else:
        mimetype = request.mimetype
        if mimetype == "application/sparql-update":
            raise Refused(403, _READ_ONLY)
        if mimetype == "application/sparql-query":
            queries = [request.get_data(as_text=True)]
        elif mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            queries = request.form.getlist("query")
            defaults += request.form.getlist("default-graph-uri")
            named += request.form.getlist("named-graph-uri")
        else:
            raise Refused(415, f"POST a query as application/x-www-form-urlencoded (query=…) or as "
                               f"application/sparql-query, not {mimetype or 'no content type'}")
    if len(queries) > 1:
        raise Refused(400, "give exactly one query parameter")
    return (queries[0] if queries else None), defaults, named


def run_checked(checked: CheckedQuery, defaults: list[str], named: list[str]) -> Response:
    """Negotiate the format first (406 before any work), then run the query and serialize its answer."""
    settings = config()
    fmt = negotiate(request.accept_mimetypes, request.values.get("format") or request.values.get("output"),
                    offered_for(checked.kind))
    dataset_given = bool(defaults or named)
    body = store().query_serialized(checked.text, fmt.name,
                                    default_graphs=defaults if dataset_given else None,
                                    named_graphs=named if dataset_given else None,
                                    max_rows=settings.max_rows or None, order=checked.star_order)
    return Response(body, mimetype=fmt.mimetype, content_type=f"{fmt.mimetype}; charset=utf-8")


@sparql.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a query by the protocol, or describe the service when there is none."""
    query, defaults, named = protocol_request()
    if query is None:
        return service_description()
    check_length(query, config().max_query_length)
    known = store().graph_names()
    checked = check_query(query, known)
    check_graphs(defaults, set(known), "default-graph-uri")
    check_graphs(named, set(known), "named-graph-uri")
    return run_checked(checked, defaults, named)


def describe_service(endpoint_iri: str) -> Graph:
    """The SPARQL 1.1 Service Description of this endpoint and its dataset."""
    settings = config()
    graph = Graph(bind_namespaces="none")
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("formats", FORMATS)
    service = URIRef(endpoint_iri)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        graph.add((service, SD.resultFormat, FORMATS[fmt]))
    dataset = BNode("dataset")
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, URIRef("http://purl.org/dc/terms/source"), URIRef(f"{settings.base}.well-known/void")))
    default = BNode("default")
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, URIRef("http://purl.org/dc/terms/description"),
               Literal("the union of the named graphs", lang="en")))
    from aikg_server.dataset_views import graph_counts

    counts = graph_counts()
    graph.add((default, VOID.triples, Literal(counts.get("", 0), datatype=XSD.integer)))
    for name in store().graph_names():
        node = BNode(f"named-{len(list(graph.objects(dataset, SD.namedGraph)))}")
        graph.add((dataset, SD.namedGraph, node))
        graph.add((node, SD.name, URIRef(name)))
        described = BNode(f"{node}-graph")
        graph.add((node, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(counts.get(name, 0), datatype=XSD.integer)))
    return graph


def service_description() -> Response:
    """Turtle (or another RDF format) for programs; browsers are sent to the query page."""
    fmt = negotiate(request.accept_mimetypes, request.values.get("format"), (*GRAPH_FORMATS, HTML))
    if fmt is HTML:
        return redirect(url_for("queries.query_page"))
    body = serialize_graph(describe_service(request.base_url), fmt, config().base)
    return Response(body, content_type=f"{fmt.mimetype}; charset=utf-8")

