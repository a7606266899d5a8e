"""Counts per class and per instrument: a quick picture of what the graph holds."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from aikg.namespaces import AIKG, short
from aikg.validate import instrument_of

#: What is counted per instrument, by the class its members fall under (subclasses included).
PER_INSTRUMENT = {
    AIKG.Task: "tasks",
    AIKG.Part: "parts",
    AIKG.AppendixRow: "appendix rows",
    AIKG.Product: "products",
    AIKG.Timeframe: "timeframes",
    AIKG.ReportingObligation: "reporting obligations",
}


def class_counts(graph: Graph) -> Counter[str]:
    """Number of instances of each aikg: class (as asserted or inferred in `graph`)."""
    counts: Counter[str] = Counter()
    for _, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and cls.startswith(str(AIKG)):
            counts[short(cls)] += 1
    return counts


def instances(graph: Graph, cls: URIRef) -> set[URIRef]:
    """Nodes typed `cls` or any of its subclasses (the ontology in `graph` says which)."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c) if isinstance(s, URIRef)}


def instrument_counts(graph: Graph) -> dict[str, Counter[str]]:
    """For each instrument: how many tasks, parts, products, timeframes and reporting obligations it holds."""
    table: dict[str, Counter[str]] = {}
    for cls, name in PER_INSTRUMENT.items():
        for node in instances(graph, cls):
            owner = instrument_of(graph, node)
            if owner is not None and owner != node:
                table.setdefault(str(owner), Counter())[name] += 1
    return table
