"""Reading and writing RDF files: clear errors on bad input, NFC text, the base, stable bytes.

Parsing and serializing are rdflib's; this module only adds what the project needs on top:
file-and-line error messages, NFC normalisation of literals, rewriting the data base IRI, and
canonical output (sorted, stable blank-node names) so that a rebuild gives byte-identical files.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax

from aikg.config import DEFAULT_BASE, ONTOLOGY_NS
from aikg.errors import InputError
from aikg.namespaces import bind_prefixes

_FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".trig": "trig",
    ".nq": "nquads",
}


def rdf_format(path: Path) -> str:
    """The rdflib format name for a file, from its suffix."""
    try:
        return _FORMATS_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        raise InputError(path, f"unknown RDF file type {path.suffix!r} (expected one of "
                         f"{', '.join(sorted(_FORMATS_BY_SUFFIX))})") from None


def _syntax_error(path: Path, error: Exception) -> InputError:
    """Turn a parser exception into a message naming the file, the line and the problem."""
    if isinstance(error, BadSyntax):
        text = error._str.decode("utf-8", "replace")
        near = text[max(0, error._i - 30): error._i + 30].replace("\n", "⏎")
        return InputError(path, f"Turtle syntax error: {error._why} near “{near}”", line=error.lines + 1)
    line = getattr(error, "lineno", None) or getattr(error, "line", None)
    return InputError(path, f"syntax error: {error}", line=line if isinstance(line, int) else None)


def nfc_literals(graph: Graph) -> Graph:
    """Normalise every string literal to NFC, in place: Vietnamese text compares equal only in one form."""
    changes = []
    for s, p, o in graph:
        if isinstance(o, Literal) and (o.datatype is None or o.datatype == XSD.string):
            text = str(o)
            normal = unicodedata.normalize("NFC", text)
            if normal != text:
                changes.append(((s, p, o), Literal(normal, lang=o.language, datatype=o.datatype)))
    for old, new in changes:
        graph.remove(old)
        graph.add((old[0], old[1], new))
    return graph


def load_rdf_file(path: Path) -> Graph:
    """Parse one RDF file; raise InputError naming file and line if it is missing or malformed."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    graph = Graph()
    try:
        graph.parse(path, format=rdf_format(path))
    except InputError:
        raise
    except (BadSyntax, SyntaxError, ValueError, json.JSONDecodeError) as error:
        raise _syntax_error(path, error) from None
    except Exception as error:  # rdflib's other parsers raise assorted types; all mean bad input here
        raise _syntax_error(path, error) from None
    return nfc_literals(graph)


def turtle_files(folder: Path) -> list[Path]:
    """The Turtle files of a folder (recursively), in a stable order."""
    return sorted(p for p in Path(folder).rglob("*.ttl") if p.is_file())


def load_files(paths: Iterable[Path]) -> Graph:
    """Parse and merge several RDF files (errors name the first bad file)."""
    merged = Graph()
    for path in paths:
        merged += load_rdf_file(path)
    return merged


def rebase(graph: Graph, base: str) -> Graph:
    """Rewrite data IRIs from the default base to `base` (the ontology namespace is left alone)."""
    if base == DEFAULT_BASE:
        return graph

    ontology = ONTOLOGY_NS[:-1]

    def move(term):
        if isinstance(term, URIRef) and term.startswith(DEFAULT_BASE) and not term.startswith(ontology):
            return URIRef(base + term[len(DEFAULT_BASE):])
        return term

    moved = Graph()
    for s, p, o in graph:
        moved.add((move(s), move(p), move(o)))
    return moved


def canonical(graph: Graph) -> Graph:
    """A copy with blank nodes renamed by content, so equal graphs serialize to equal bytes."""
    copy = Graph(bind_namespaces="none")
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        copy += to_canonical_graph(graph)
    else:
        copy += graph
    return copy


def _sorted_ntriples(graph: Graph) -> str:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "".join(line + "\n" for line in lines)


def _sorted_jsonld(graph: Graph) -> str:
    """JSON-LD with nodes sorted by @id and keys sorted, rdflib's compact form otherwise."""
    context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = data.get("@graph", [data] if "@id" in data else [])

    def normalise(value):
        if isinstance(value, list):
            return sorted((normalise(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True,
                                                                                 ensure_ascii=False))
        if isinstance(value, dict):
            return {k: normalise(v) for k, v in value.items()}
        return value

    ordered = sorted((normalise(n) for n in nodes), key=lambda n: n.get("@id", ""))
    out = {"@context": context, "@graph": ordered}
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def serialize_canonical(graph: Graph, fmt: str, base: str = DEFAULT_BASE) -> str:
    """Serialize with stable bytes: Turtle via rdflib's sorted 'longturtle', sorted N-Triples and JSON-LD."""
    graph = bind_prefixes(canonical(graph), base)
    if fmt == "nt":
        return _sorted_ntriples(graph)
    if fmt == "json-ld":
        return _sorted_jsonld(graph)
    if fmt == "turtle":
        return graph.serialize(format="longturtle", encoding="utf-8").decode("utf-8")
    return graph.serialize(format=fmt, encoding="utf-8").decode("utf-8")


def write_canonical(graph: Graph, path: Path, base: str = DEFAULT_BASE) -> Path:
    """Write `graph` to `path` in the format its suffix names, with stable bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialize_canonical(graph, rdf_format(path), base), encoding="utf-8")
    return path


def write_named_graphs(graphs: dict[str, Graph], path: Path) -> Path:
    """Write several graphs as sorted N-Quads (one named graph each): asserted and inferred stay apart."""
    lines: set[str] = set()
    for name, graph in graphs.items():
        for line in _sorted_ntriples(canonical(graph)).splitlines():
            if not line.strip():
                continue
            lines.add(f"{line[:-1].rstrip()} <{name}> .")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")
    return path


def load_named_graphs(path: Path) -> Dataset:
    """Read an N-Quads/TriG file into a Dataset whose default graph is the union of the named graphs."""
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format=rdf_format(path))
    except Exception as error:
        raise _syntax_error(path, error) from None
    return dataset


def stable_bnode_labels(graph: Graph, fixed: dict[BNode, str] | None = None) -> dict[BNode, str]:
    """Blank-node labels derived from each node's content (its triples, recursively), without canonicalising.

    rdflib's canonicalisation is exact for any graph but needs minutes on a large report; a node's own
    triples (focus node, path, shape, message …) already tell it apart, so hashing them is enough and
    gives the same labels on every run. `fixed` names chosen nodes outright (e.g. the report node).
    Nodes that are indistinguishable get a counter, which cannot change the bytes written.
    """
    import hashlib

    fixed = dict(fixed or {})
    digests: dict[BNode, str] = {}

    def digest(node: BNode, trail: frozenset) -> str:
        if node in fixed:
            return fixed[node]
        if node in digests:
            return digests[node]
        if node in trail:  # a cycle: stop at a constant so the walk ends
            return "cycle"
        rows = sorted(f"{p.n3()} {digest(o, trail | {node}) if isinstance(o, BNode) else o.n3()}"
                      for p, o in graph.predicate_objects(node))
        digests[node] = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()[:24]
        return digests[node]

    nodes = {t for triple in graph for t in triple if isinstance(t, BNode)} - set(fixed)
    labels = dict(fixed)
    for node in nodes:  # all digests first: a label must not depend on which node was named before it
        digest(node, frozenset())
    used: dict[str, int] = {}
    for node in sorted(nodes, key=lambda n: digests[n]):
        base = "b" + digests[node]
        used[base] = used.get(base, 0) + 1
        labels[node] = base if used[base] == 1 else f"{base}-{used[base]}"
    return labels


def write_labelled_turtle(graph: Graph, path: Path, labels: dict[BNode, str], base: str = DEFAULT_BASE) -> Path:
    """Write Turtle grouped by subject and sorted, blank nodes named by `labels`: stable bytes in seconds."""
    bind_prefixes(graph, base)
    names = graph.namespace_manager
    used: set[str] = set()

    def term(node) -> str:
        if isinstance(node, BNode):
            return f"_:{labels[node]}"
        if isinstance(node, URIRef):
            try:
                prefix, _, local = names.compute_qname(node, generate=False)
                if local and all(c.isalnum() or c in "_-" for c in local) and local[0] != "-":
                    used.add(prefix)
                    return f"{prefix}:{local}"
            except (ValueError, KeyError):
                pass
        return node.n3()

    rows: dict[str, list[str]] = {}
    for s, p, o in graph:
        rows.setdefault(term(s), []).append(("a" if p == RDF.type else term(p)) + " " + term(o))
    lines = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in sorted(names.namespaces())
             if prefix in used and prefix]
    for subject in sorted(rows):
        lines.append("")
        body = sorted(set(rows[subject]), key=lambda row: (not row.startswith("a "), row))
        lines.append(f"{subject} " + " ;\n    ".join(body) + " .")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
