"""`/ontology`: the ontology as a pyLODE documentation page for browsers and as RDF for programs."""

from __future__ import annotations

from aikg_server.context import config, store
from aikg_server.formats import GRAPH_FORMATS, HTML, by_name, negotiate, serialize_graph
from flask import Blueprint, Response, current_app, request
from rdflib import Graph, URIRef

from aikg.graphio import load_files, turtle_files

ontology = Blueprint("ontology", __name__)


def ontology_graph() -> Graph:
    """The ontology named graph of the build, or (no such graph) the files in ontology/."""
    cached = current_app.extensions.get("aikg_ontology")
    if cached is None:
        name = config().graph("ontology")
        if name in store().graph_names():
            cached = store().query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   bindings={"g": URIRef(name)}).graph()
        else:
            cached = load_files(turtle_files(config().project.ontology_dir))
        current_app.extensions["aikg_ontology"] = cached
    return cached


def ontology_page() -> str:
    """pyLODE's page, made once per app (it takes a few seconds)."""
    page = current_app.extensions.get("aikg_ontology_html")
    if page is None:
        from aikg_server.ontology_doc import ontology_html

        page = ontology_html(ontology_graph())
        current_app.extensions["aikg_ontology_html"] = page
    return page


@ontology.route("/ontology", defaults={"version": None})
@ontology.route("/ontology/<version>")
def document(version: str | None) -> Response:
    """HTML documentation by default for browsers; Turtle, N-Triples, JSON-LD or RDF/XML by Accept/?format=."""
    fmt = negotiate(request.accept_mimetypes, request.args.get("format"), (*GRAPH_FORMATS, HTML))
    return _answer(fmt)


@ontology.route("/ontology.<suffix>")
def by_suffix(suffix: str) -> Response:
    """/ontology.ttl, .nt, .jsonld, .rdf, .html."""
    fmt = by_name(suffix, (*GRAPH_FORMATS, HTML))
    if fmt is None:
        return Response(f"unknown format .{suffix}: use .ttl, .nt, .jsonld, .rdf or .html\n", status=404,
                        mimetype="text/plain")
    return _answer(fmt)


def _answer(fmt) -> Response:
    if fmt is HTML:
        return Response(ontology_page(), content_type="text/html; charset=utf-8")
    body = serialize_graph(ontology_graph(), fmt, config().base)
    return Response(body, content_type=f"{fmt.mimetype}; charset=utf-8")
