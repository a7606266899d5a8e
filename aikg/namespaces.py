"""The namespaces of the graph, bound once so every serialization uses the same prefixes."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from aikg.config import DEFAULT_BASE, ONTOLOGY_NS

AIKG = Namespace(ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace(DEFAULT_BASE)

PREFIXES: dict[str, Namespace] = {
    "aikg": AIKG,
    "eli": ELI,
    "org": Namespace(str(ORG)),
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "sh": SH,
}


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind the project's prefixes (and `id:` for the data base) on a graph, replacing rdflib defaults."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    graph.bind("id", Namespace(base), override=True, replace=True)
    return graph


def sparql_prologue(base: str = DEFAULT_BASE) -> str:
    """PREFIX lines for SPARQL text, so named queries can use the same CURIEs."""
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()]
    lines.append(f"PREFIX id: <{base}>")
    return "\n".join(lines) + "\n"


_NAMES = bind_prefixes(Graph(bind_namespaces="none")).namespace_manager


def short(term: object) -> str:
    """A term as a CURIE with the project's prefixes (e.g. aikg:Task), or in full if none fits."""
    try:
        return _NAMES.qname(term)  # type: ignore[arg-type]
    except (ValueError, KeyError):
        return str(term)
