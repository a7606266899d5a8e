"""Linked data: every IRI under the base dereferences at its path, by content negotiation.

Browsers get an HTML page (labels in Vietnamese and English, every property, incoming links, the source
sentence with its file and lines, and the trace up to the law); programs get Turtle, N-Triples, JSON-LD
or RDF/XML (also by a .ttl/.nt/.jsonld/.rdf suffix or ?format=). Unknown IRIs get a 404 that suggests
the nearest resources that do exist.
"""

from __future__ import annotations

from aikg_server import describe
from aikg_server.context import config, safe_href, store
from aikg_server.errors import error_response, wants_html
from aikg_server.formats import GRAPH_FORMATS, HTML, Format, negotiate
from flask import Blueprint, Response, redirect, render_template, request, url_for
from rdflib import Literal, URIRef

from aikg.config import ONTOLOGY_NS
from aikg.query import display

resources = Blueprint("resources", __name__)

_SUFFIXES = {fmt.suffix: fmt for fmt in (*GRAPH_FORMATS, HTML)}


def _resolve(path: str) -> tuple[URIRef, Format | None] | None:
    """The IRI a path names and the format its suffix asks for; None if no such resource."""
    base = config().base
    iri = URIRef(base + path)
    if describe.exists(store(), iri):
        return iri, None
    for suffix, fmt in _SUFFIXES.items():
        if path.endswith(suffix):
            bare = URIRef(base + path[: -len(suffix)])
            if describe.exists(store(), bare):
                return bare, fmt
    return None


@resources.route("/<path:path>")
def resource(path: str) -> Response:
    """The resource named by this path under the base, in the negotiated format."""
    if config().base + path in store().graph_names():  # a named graph: described in the dataset description
        return redirect(url_for("dataset.void"), code=303)
    found = _resolve(path)
    if found is None:
        return not_found(config().base + path)
    iri, suffix_format = found
    fmt = suffix_format or negotiate(request.accept_mimetypes, request.args.get("format"),
                                     (*GRAPH_FORMATS, HTML))
    if fmt is HTML:
        response = Response(page(iri), content_type="text/html; charset=utf-8")
    else:
        body = store().query_serialized(describe.RDF_OF, fmt.name, bindings={"this": iri},
                                        max_rows=config().max_rows or None)
        response = Response(body, content_type=f"{fmt.mimetype}; charset=utf-8")
    alternates = ", ".join(f'<{request.base_url}?format={f.name}>; rel="alternate"; type="{f.mimetype}"'
                           for f in GRAPH_FORMATS)
    response.headers["Link"] = alternates
    return response


def page(iri: URIRef) -> str:
    """The HTML page of a resource."""
    settings = config()
    info = describe.describe(store(), iri, settings.graph("inferred"))
    source_doc = info.first(f"{ONTOLOGY_NS}sourceDocument")
    source = None
    if source_doc is not None or info.first(f"{ONTOLOGY_NS}sourceText") is not None:
        start = info.first(f"{ONTOLOGY_NS}sourceLine")
        end = info.first(f"{ONTOLOGY_NS}sourceLineEnd")
        source = {
            "document": source_doc,
            "file": str(source_doc).rsplit("/", 1)[-1] if source_doc is not None else None,
            "lines": f"{start}" + (f"–{end}" if end is not None and end != start else "") if start is not None
            else None,
            "text": info.first(f"{ONTOLOGY_NS}sourceText"),
            "article": info.first(f"{ONTOLOGY_NS}sourceArticle"),
        }
    return render_template(
        "resource.html", info=info, iri=str(iri), source=source, tree=describe.trace_tree(info),
        label_vi=info.label("vi"), label_en=info.label("en"), show=_shower(), formats=GRAPH_FORMATS,
    )


def _shower():
    """Jinja helper: (text, link) for a term — CURIE or label for IRIs, the literal itself otherwise."""
    base = config().base

    def show(term, label: str | None = None) -> dict[str, object]:
        if isinstance(term, URIRef):
            return {"iri": True, "text": label or display(term, base), "curie": display(term, base),
                    "href": safe_href(str(term)), "full": str(term)}
        if isinstance(term, Literal):
            return {"iri": False, "text": str(term), "lang": term.language,
                    "datatype": display(term.datatype, base) if term.datatype else None}
        return {"iri": False, "text": str(term), "lang": None, "datatype": None}

    return show


def not_found(iri: str) -> Response:
    """A 404 that names the IRI and suggests existing resources near it."""
    near = describe.similar(store(), iri, config().base)
    message = f"no resource <{iri}> in this graph."
    if near:
        message += "\nResources near it:\n" + "\n".join(f"  {n}" for n in near)
    message += "\nSearch with the SPARQL endpoint at /sparql or the query page at /query."
    if wants_html():
        html = render_template("not_found.html", iri=iri, near=[(str(n), safe_href(str(n))) for n in near])
        return Response(html, status=404, content_type="text/html; charset=utf-8")
    return error_response(404, message)
