"""Compact JSON-LD of a set of triples: the project's prefixes as its @context, one node object per subject.

pyoxigraph writes JSON-LD only in expanded form (full IRIs as keys, no context), and rdflib's compacting
serializer goes through a whole rdflib graph, term by term. This writer is the one both the build's
`aikg.jsonld` dump and the server's JSON-LD answers use: terms come from the engine's N-Triples parser,
keys and types are shortened with the prefixes, and the output is deterministic (subjects in IRI order,
keys sorted, values in the order given).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def compact_jsonld(triples: Iterable[ox.Triple], prefixes: Mapping[str, str]) -> str:
    """A JSON-LD document of `triples` with `prefixes` as its context."""
    context = dict(sorted(prefixes.items()))
    by_length = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, ns in by_length:
            if iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns):] and "#" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def ref(term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value

    nodes: dict[str, dict[str, list]] = {}
    for triple in triples:
        node = nodes.setdefault(ref(triple.subject), {})
        obj = triple.object
        if triple.predicate.value == RDF_TYPE and not isinstance(obj, ox.Literal):
            node.setdefault("@type", []).append(compact(ref(obj)))
            continue
        if isinstance(obj, ox.Literal):
            value = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != XSD_STRING:
                value["@type"] = obj.datatype.value
        else:
            value = {"@id": ref(obj)}
        node.setdefault(compact(triple.predicate.value), []).append(value)
    graph = []
    for subject in sorted(nodes):
        entry: dict[str, object] = {"@id": subject}
        for key, values in sorted(nodes[subject].items()):
            entry[key] = values
        graph.append(entry)
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, indent=1) + "\n"
