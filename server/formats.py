"""Result and RDF formats: content negotiation (Accept or ?format=) and serialization.

Query answers are written by the engine in the worker (aikg.store.write_result, by these formats' names);
the graphs the server composes itself (VoID, the Service Description, the ontology) by the same writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g
from rdflib import Graph
from werkzeug.datastructures import MIMEAccept

from aikg.namespaces import bind_prefixes
from aikg.store import write_triples


@dataclass(frozen=True)
class Format:
    """A format: short name (for ?format=), the media type sent, other media types and names it answers to."""

    name: str
    mimetype: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    suffix: str = ""


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json", "text/javascript",
                                                       "application/javascript"), ("srj",), ".srj"),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",), ".srx"),
    Format("csv", "text/csv", (), (), ".csv"),
    Format("tsv", "text/tab-separated-values", (), (), ".tsv"),
)
GRAPH_FORMATS = (
    Format("turtle", "text/turtle", ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3",
                                     "application/n3"), ("ttl", "n3"), ".ttl"),  # Turtle is also valid N3
    Format("nt", "application/n-triples", ("text/plain",), ("ntriples", "n-triples"), ".nt"),
    Format("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json"), ".jsonld"),
    Format("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf", "xml", "rdf+xml"), ".rdf"),
)
HTML = Format("html", "text/html", ("application/xhtml+xml",), ("htm",), ".html")


class NotAcceptable(Exception):
    """No offered format matches the request; the message lists what is offered."""

    def __init__(self, offered: tuple[Format, ...]) -> None:
        names = ", ".join(f"{f.mimetype} (format={f.name})" for f in offered)
        super().__init__(f"none of the requested formats can be produced here; available: {names}")


def by_name(name: str, offered: tuple[Format, ...]) -> Format | None:
    """The format a ?format= value or a media type names among those offered."""
    key = name.strip().lower()
    for fmt in offered:
        if key in (fmt.name, fmt.mimetype, *fmt.names, *fmt.aliases):
            return fmt
    return None


def varies_on_accept() -> None:
    """Mark this request's answer as chosen by its Accept header: app.py then sends `Vary: Accept`."""
    g.varies_on_accept = True


def negotiate(accept: MIMEAccept, format_param: str | None, offered: tuple[Format, ...]) -> Format:
    """The format to answer with: ?format= wins, then the Accept header; the first offered for */*.

    When the Accept header decides, the answer is marked as varying on it, so a shared cache holding one
    format of a URL, ETag and all, never hands it to a client asking for another."""
    if format_param:
        chosen = by_name(format_param, offered)
        if chosen is None:
            raise NotAcceptable(offered)
        return chosen
    varies_on_accept()
    if not accept or not list(accept.values()):
        return offered[0]
    candidates = [(fmt, mime) for fmt in offered for mime in (fmt.mimetype, *fmt.aliases)]
    best = accept.best_match([mime for _, mime in candidates])
    if best is None:
        raise NotAcceptable(offered)
    return next(fmt for fmt, mime in candidates if mime == best)


def offered_for(kind: str) -> tuple[Format, ...]:
    """Formats for a query kind: results for SELECT/ASK, graphs for CONSTRUCT/DESCRIBE."""
    return GRAPH_FORMATS if kind in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


def serialize_graph(graph: Graph, fmt: Format, base: str) -> bytes:
    """A graph the server composes itself (VoID, the Service Description, the ontology) in the chosen
    format, by the writer of query answers (aikg.store.write_triples), with the project's prefixes."""
    import pyoxigraph as ox

    bind_prefixes(graph, base)
    prefixes = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    triples = ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return write_triples(triples, fmt.name, prefixes)
