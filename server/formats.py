"""Result and RDF formats: content negotiation (Accept or ?format=) and serialization.

Serialization is rdflib's (SPARQL JSON/XML/CSV results; Turtle, N-Triples, JSON-LD, RDF/XML graphs);
only TSV results, which rdflib does not write, are written here, after the SPARQL 1.1 TSV spec.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from werkzeug.datastructures import MIMEAccept

from aikg.namespaces import bind_prefixes
from aikg.store import QueryResult


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


def negotiate(accept: MIMEAccept, format_param: str | None, offered: tuple[Format, ...]) -> Format:
    """The format to answer with: ?format= wins, then the Accept header; the first offered for */*."""
    if format_param:
        chosen = by_name(format_param, offered)
        if chosen is None:
            raise NotAcceptable(offered)
        return chosen
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


def serialize_result(result: QueryResult, fmt: Format, base: str) -> bytes:
    """A query result in the chosen format, as UTF-8 bytes."""
    if result.is_graph:
        return serialize_graph(result.graph(), fmt, base)
    if fmt.name == "tsv":
        return _tsv(result).encode("utf-8")
    if result.kind == "ASK" and fmt.name == "csv":
        return f"_askResult\r\n{str(result.boolean).lower()}\r\n".encode()
    answer = Result(result.kind)
    if result.kind == "ASK":
        answer.askAnswer = bool(result.boolean)
    else:
        answer.vars = [Variable(v) for v in result.variables]
        answer.bindings = [{Variable(v): t for v, t in zip(result.variables, row, strict=True) if t is not None}
                           for row in result.rows]
    data = answer.serialize(format=fmt.name, encoding="utf-8")
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def serialize_graph(graph: Graph, fmt: Format, base: str) -> bytes:
    """An RDF graph in the chosen format, with the project's prefixes."""
    bind_prefixes(graph, base)
    names = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
    if fmt.name == "jsonld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    return graph.serialize(format=names[fmt.name], encoding="utf-8")


def tsv_term(term: object) -> str:
    """A term as SPARQL TSV writes it: Turtle syntax, with tabs and line breaks escaped."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return str(term)


def _tsv(result: QueryResult) -> str:
    if result.kind == "ASK":
        return f"?_askResult\n{str(result.boolean).lower()}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(tsv_term(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"
