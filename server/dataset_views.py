"""The dataset described with VoID and DCAT at /.well-known/void, and its dumps at /dumps/.

Counts come from the store once per app (the graph does not change while it is served). Dumps are the
build's files, served with ETag and Last-Modified (so clients revalidate cheaply) and gzip when accepted.
"""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from aikg_server.context import config, store
from aikg_server.formats import GRAPH_FORMATS, HTML, negotiate, serialize_graph
from flask import Blueprint, Response, abort, current_app, render_template, request
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

dataset = Blueprint("dataset", __name__)

VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

#: The build's files offered for download, with their media types.
DUMPS = {
    "aikg.trig": "application/trig",
    "aikg.nq": "application/n-quads",
    "aikg.ttl": "text/turtle",
    "aikg.nt": "application/n-triples",
    "aikg.jsonld": "application/ld+json",
    "inferred.ttl": "text/turtle",
    "validation.ttl": "text/turtle",
}
_DESCRIPTIONS = {
    "aikg.trig": "ontology, asserted data and inferences as three named graphs (TriG)",
    "aikg.nq": "ontology, asserted data and inferences as three named graphs (N-Quads)",
    "aikg.ttl": "everything merged in one graph (Turtle)",
    "aikg.nt": "everything merged in one graph (N-Triples)",
    "aikg.jsonld": "everything merged in one graph (JSON-LD)",
    "inferred.ttl": "only the triples the reasoner added (Turtle)",
    "validation.ttl": "the SHACL validation report of the build (Turtle)",
}


def graph_counts() -> dict[str, int]:
    """Triples per named graph, and under "" in the union default graph (cached per app)."""
    generation = getattr(store(), "generation", 0)  # a reload (aikg_server.reloading) starts a new count
    counts = current_app.extensions.setdefault("aikg_counts", {})
    cache = counts.setdefault(generation, {})
    if not cache:
        for old in [g for g in counts if g != generation]:
            del counts[old]
        result = store().query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        cache.update({str(g): int(n) for g, n in result.rows})
        total = store().query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
        cache[""] = int(total.rows[0][0])
        subjects = store().query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
        cache["subjects"] = int(subjects.rows[0][0])
    return cache


def available_dumps() -> list[Path]:
    """The dump files the build produced, in the order of DUMPS."""
    dist = config().dist_dir
    return [dist / name for name in DUMPS if (dist / name).is_file()]


def describe_dataset() -> Graph:
    """VoID + DCAT: licence, dumps, endpoint, counts, and the asserted / inferred / ontology subsets."""
    settings = config()
    base = settings.base
    graph = Graph(bind_namespaces="none")
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("sd", SD), ("foaf", FOAF)):
        graph.bind(prefix, ns)
    ds = URIRef(f"{base}.well-known/void#dataset")
    endpoint = URIRef(f"{base}sparql")
    counts = graph_counts()
    graph.add((ds, RDF.type, VOID.Dataset))
    graph.add((ds, RDF.type, DCAT.Dataset))
    graph.add((ds, DCTERMS.title, Literal("Vietnam AI Law implementation knowledge graph", lang="en")))
    graph.add((ds, DCTERMS.title, Literal("Đồ thị tri thức triển khai Luật Trí tuệ nhân tạo", lang="vi")))
    graph.add((ds, DCTERMS.description, Literal(
        "How Vietnam implements its Law on Artificial Intelligence (134/2025/QH15): the law, the national "
        "plan, local plans, their tasks, agencies, deadlines and reporting duties, each traced to its source "
        "sentence.", lang="en")))
    graph.add((ds, DCTERMS.license, URIRef(settings.licence)))
    graph.add((ds, DCTERMS.modified, Literal(_build_time().date().isoformat(), datatype=XSD.date)))
    graph.add((ds, VOID.uriSpace, Literal(base)))
    graph.add((ds, VOID.sparqlEndpoint, endpoint))
    graph.add((ds, VOID.vocabulary, URIRef("https://w3id.org/aikg/ontology#")))
    graph.add((ds, VOID.triples, Literal(counts.get("", 0), datatype=XSD.integer)))
    graph.add((ds, VOID.distinctSubjects, Literal(counts.get("subjects", 0), datatype=XSD.integer)))
    graph.add((ds, FOAF.homepage, URIRef(base)))
    service = URIRef(f"{base}sparql#service")
    graph.add((ds, DCAT.distribution, service))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    graph.add((service, DCAT.servesDataset, ds))
    for path in available_dumps():
        url = URIRef(f"{base}dumps/{path.name}")
        graph.add((ds, VOID.dataDump, url))
        graph.add((ds, DCAT.distribution, url))
        graph.add((url, RDF.type, DCAT.Distribution))
        graph.add((url, DCAT.downloadURL, url))
        graph.add((url, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{DUMPS[path.name]}")))
        graph.add((url, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
        graph.add((url, DCTERMS.description, Literal(_DESCRIPTIONS[path.name], lang="en")))
        graph.add((url, DCTERMS.license, URIRef(settings.licence)))
    for name in store().graph_names():
        short = name.rsplit("/", 1)[-1]
        subset = URIRef(f"{base}.well-known/void#{short}")
        graph.add((ds, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, URIRef(name)))
        graph.add((subset, VOID.triples, Literal(counts.get(name, 0), datatype=XSD.integer)))
        graph.add((subset, DCTERMS.description, Literal(_SUBSETS.get(short, f"named graph {name}"), lang="en")))
    return graph


_SUBSETS = {
    "ontology": "the aikg ontology (classes, properties, alignments)",
    "asserted": "the curated data, as stated in the sources",
    "inferred": "the triples added by the OWL reasoner (HermiT)",
}


def _build_time() -> datetime:
    dumps = available_dumps()
    stamp = max((p.stat().st_mtime for p in dumps), default=0.0)
    return datetime.fromtimestamp(stamp, UTC)


@dataset.route("/.well-known/void")
def void() -> Response | str:
    """The dataset description: Turtle by default, other RDF formats by Accept, a page for browsers."""
    fmt = negotiate(request.accept_mimetypes, request.args.get("format"), (*GRAPH_FORMATS, HTML))
    graph = describe_dataset()
    if fmt is HTML:
        turtle = serialize_graph(graph, GRAPH_FORMATS[0], config().base).decode("utf-8")
        return render_template("void.html", turtle=turtle, counts=graph_counts(), dumps=available_dumps(),
                               descriptions=_DESCRIPTIONS, graphs=store().graph_names())
    return Response(serialize_graph(graph, fmt, config().base), content_type=f"{fmt.mimetype}; charset=utf-8")


@dataset.route("/dumps/")
def dump_index() -> str:
    """The dump files, with sizes."""
    return render_template("void.html", turtle=None, counts=graph_counts(), dumps=available_dumps(),
                           descriptions=_DESCRIPTIONS, graphs=store().graph_names())


_GZ_CACHE: dict[tuple[str, float, int], tuple[bytes, str]] = {}


def _gzipped(path: Path) -> tuple[bytes, str]:
    """The gzip bytes of a dump (stable: no timestamp in the header) and their ETag, cached by mtime."""
    stat = path.stat()
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _GZ_CACHE:
        data = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        _GZ_CACHE.clear()  # one dump at a time is plenty
        _GZ_CACHE[key] = (data, hashlib.sha256(data).hexdigest()[:32])
    return _GZ_CACHE[key]


def _etag(path: Path) -> str:
    stat = path.stat()
    return hashlib.sha256(f"{path.name}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:32]


@dataset.route("/dumps/<name>")
def dump(name: str) -> Response:
    """A dump file (or NAME.gz): ETag, Last-Modified, 304 on revalidation, gzip when the client accepts it."""
    gz_file = name.endswith(".gz")
    plain = name[:-3] if gz_file else name
    path = config().dist_dir / plain
    if plain not in DUMPS or not path.is_file():
        offered = ", ".join(p.name for p in available_dumps()) or "none yet: run `aikg build`"
        abort(404, description=f"no dump named {name!r}; available: {offered} (each also as NAME.gz)")
    encode = not gz_file and "gzip" in request.accept_encodings
    if gz_file or encode:
        data, tag = _gzipped(path)
    else:
        data, tag = path.read_bytes(), _etag(path)
    response = Response(data, content_type="application/gzip" if gz_file else f"{DUMPS[plain]}; charset=utf-8")
    if encode:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.set_etag(tag + ("-gzip" if encode else ""))
    response.last_modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response.make_conditional(request)
