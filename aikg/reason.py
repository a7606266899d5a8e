"""OWL reasoning with owlready2 and HermiT: the inferred triples, kept apart from the asserted ones.

HermiT runs on the machine's Java. It accepts only the OWL 2 datatype map, and xsd:date (used for
document dates) is not in it, so the reasoner is given the graph without literal values: the class
and object-property inferences (inverses, transitive part-of, the trace property chain, types from
domains and ranges) do not depend on them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from aikg.errors import EnvironmentProblem
from aikg.namespaces import short

#: Datatypes of the OWL 2 datatype map that HermiT understands (the ones the ontology may mention).
_OWL2_DATATYPES = {
    XSD.string, XSD.integer, XSD.boolean, XSD.decimal, XSD.dateTime, RDF.langString, RDF.PlainLiteral,
}

#: Triples the reasoner reports that carry no information for a user of the graph.
_NOISE_OBJECTS = {OWL.Thing, OWL.NamedIndividual, OWL.Class, OWL.ObjectProperty, OWL.Ontology}


@dataclass
class ReasoningResult:
    """What HermiT concluded: new triples, or why the graph is inconsistent."""

    inferred: Graph
    consistent: bool = True
    explanation: list[str] = field(default_factory=list)
    offending: list[URIRef] = field(default_factory=list)


def java_executable() -> str:
    """The Java runtime HermiT will use; a clear error if there is none."""
    java = shutil.which(owlready2.JAVA_EXE) or shutil.which("java")
    if not java:
        raise EnvironmentProblem(
            "Java was not found on PATH: the HermiT reasoner needs a Java runtime "
            "(e.g. `apt-get install default-jre-headless`).")
    return java


def reasoner_input(ontology: Graph, asserted: Graph) -> Graph:
    """The graph given to HermiT: ontology + data without literals or non-OWL-2 datatypes."""
    view = Graph()
    for triple in (*ontology, *asserted):
        obj = triple[2]
        if isinstance(obj, Literal):
            continue
        if isinstance(obj, URIRef) and obj.startswith(str(XSD)) and obj not in _OWL2_DATATYPES:
            continue
        view.add(triple)
    return view


def _run_hermit(graph: Graph) -> Graph:
    """Load `graph` into a fresh owlready2 world, run HermiT, return the world's triples afterwards."""
    java_executable()
    world = owlready2.World()
    with tempfile.TemporaryDirectory(prefix="aikg-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        ontology = world.get_ontology(path.as_uri()).load(format="ntriples")
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        return Graph() + world.as_rdflib_graph()


def reason(ontology: Graph, asserted: Graph) -> ReasoningResult:
    """Run HermiT over ontology + data and return the triples it adds (or an explanation of inconsistency)."""
    given = reasoner_input(ontology, asserted)
    try:
        after = _run_hermit(given)
    except owlready2.OwlReadyInconsistentOntologyError:
        explanation, offending = explain_inconsistency(ontology, asserted)
        return ReasoningResult(Graph(), consistent=False, explanation=explanation, offending=offending)
    inferred = Graph()
    for s, p, o in after:
        if (s, p, o) in given or o in _NOISE_OBJECTS or isinstance(o, Literal):
            continue
        if not isinstance(s, URIRef) or not isinstance(o, URIRef):
            continue
        if (s, p, o) in ontology or (s, p, o) in asserted:
            continue
        inferred.add((s, p, o))
    return ReasoningResult(inferred)


def _superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    return {c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}


def _implied_types(ontology: Graph, graph: Graph, node: URIRef) -> Iterator[tuple[URIRef, str]]:
    """Types of `node` with the reason each holds: asserted, or from a property's domain or range."""
    for cls in graph.objects(node, RDF.type):
        yield cls, "asserted"
    for prop, _ in graph.predicate_objects(node):
        for sup in ontology.transitive_objects(prop, RDFS.subPropertyOf):
            for cls in ontology.objects(sup, RDFS.domain):
                yield cls, f"domain of {short(sup)}"
    for _, prop in graph.subject_predicates(node):
        for sup in ontology.transitive_objects(prop, RDFS.subPropertyOf):
            for cls in ontology.objects(sup, RDFS.range):
                yield cls, f"range of {short(sup)}"


def explain_inconsistency(ontology: Graph, asserted: Graph) -> tuple[list[str], list[URIRef]]:
    """Name the individuals that fall in two disjoint classes (the only clash this ontology can produce).

    HermiT says only that the ontology is inconsistent; this walks the asserted types, domains,
    ranges and subclass links to tell the user which node is at fault and why.
    """
    disjoint = {(a, b) for a, b in ontology.subject_objects(OWL.disjointWith)}
    disjoint |= {(b, a) for a, b in disjoint}
    lines: list[str] = []
    offending: list[URIRef] = []
    nodes = {s for s in asserted.subjects() if isinstance(s, URIRef)}
    nodes |= {o for o in asserted.objects() if isinstance(o, URIRef)}
    for node in sorted(nodes):
        reasons: dict[URIRef, str] = {}
        for cls, why in _implied_types(ontology, asserted, node):
            for sup in _superclasses(ontology, cls):
                reasons.setdefault(sup, f"{short(cls)} ({why})")
        clashes = sorted({(a, b) for a in reasons for b in reasons if (a, b) in disjoint and str(a) < str(b)})
        for a, b in clashes:
            lines.append(f"{node} is both {short(a)} via {reasons[a]} and "
                         f"{short(b)} via {reasons[b]}, which are disjoint")
        if clashes:
            offending.append(node)
    if not lines:
        lines.append("HermiT found the ontology inconsistent but no disjoint-class clash was located; "
                     "run `aikg reason --debug` and inspect the reasoner input.")
    return lines, offending
