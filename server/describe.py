"""What a resource page shows, gathered through the store with the resource bound as an RDF term.

Every query here binds the resource (and any other value) as a term, never by writing it into the text.
Oxigraph substitutes only projected variables, so bound variables are always in the projection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from aikg.config import ONTOLOGY_NS
from aikg.store import Store, Term

AIKG = ONTOLOGY_NS

EXISTS = "SELECT ?this WHERE { { ?this ?p ?o } UNION { ?s ?q ?this } } LIMIT 1"

OUTGOING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?this ?p ?o ?g (SAMPLE(?pl) AS ?pLabel) (SAMPLE(?vi) AS ?oVi) (SAMPLE(?en) AS ?oEn) WHERE {
  GRAPH ?g { ?this ?p ?o }
  OPTIONAL { ?p rdfs:label ?pl FILTER(lang(?pl) = "en") }
  OPTIONAL { ?o rdfs:label ?vi FILTER(lang(?vi) = "vi") }
  OPTIONAL { ?o rdfs:label ?en FILTER(lang(?en) = "en") }
} GROUP BY ?this ?p ?o ?g
"""

INCOMING = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?this ?s ?p ?g (SAMPLE(?pl) AS ?pLabel) (SAMPLE(?vi) AS ?sVi) (SAMPLE(?en) AS ?sEn) WHERE {
  { SELECT DISTINCT ?this ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?this } } LIMIT 1001 }
  OPTIONAL { ?p rdfs:label ?pl FILTER(lang(?pl) = "en") }
  OPTIONAL { ?s rdfs:label ?vi FILTER(lang(?vi) = "vi") }
  OPTIONAL { ?s rdfs:label ?en FILTER(lang(?en) = "en") }
} GROUP BY ?this ?s ?p ?g
"""

#: The trace relations followed up to the law (inverse part-of relations are read backwards).
TRACE = f"""
PREFIX aikg: <{AIKG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?this ?from ?relation ?to (SAMPLE(?notation) AS ?toNotation) (SAMPLE(?vi) AS ?toVi) (SAMPLE(?en) AS ?toEn)
WHERE {{
  ?this (aikg:isPartOf|^aikg:hasPart|aikg:isTaskOf|^aikg:hasTask|aikg:restates|aikg:implements|aikg:derivesFrom
         |aikg:carriesOut|aikg:details)* ?from .
  {{ ?from ?relation ?to VALUES ?relation {{ aikg:isPartOf aikg:isTaskOf aikg:restates aikg:implements
                                              aikg:derivesFrom aikg:carriesOut aikg:details }} }}
  UNION {{ ?to aikg:hasPart ?from BIND(aikg:isPartOf AS ?relation) }}
  UNION {{ ?to aikg:hasTask ?from BIND(aikg:isTaskOf AS ?relation) }}
  FILTER NOT EXISTS {{  # direct part-of steps only: the reasoner's transitive shortcuts are left out
    VALUES ?relation {{ aikg:isPartOf }}
    ?from aikg:isPartOf|^aikg:hasPart ?mid . ?mid (aikg:isPartOf|^aikg:hasPart)+ ?to .
  }}
  OPTIONAL {{ ?to aikg:notation ?notation }}
  OPTIONAL {{ ?to rdfs:label ?vi FILTER(lang(?vi) = "vi") }}
  OPTIONAL {{ ?to rdfs:label ?en FILTER(lang(?en) = "en") }}
}} GROUP BY ?this ?from ?relation ?to
"""

SIMILAR = """
SELECT DISTINCT ?prefix ?s WHERE { ?s a ?type FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix)) }
ORDER BY STR(?s) LIMIT 25
"""

#: No IRI of the graph lies more than a dozen path segments under the base (a product of a task of a plan
#: has nine), so an unknown path is looked up through its first segments only: a 404 costs at most this
#: many queries however long the path (one per segment, a path of 20,000 held a worker for minutes).
MAX_SIMILAR_DEPTH = 12


@dataclass
class Value:
    """One property value (or one incoming link) with what is needed to show it."""

    prop: URIRef
    prop_label: str | None
    term: Term
    label_vi: str | None = None
    label_en: str | None = None
    inferred: bool = False


@dataclass
class Step:
    """One edge of the trace, in the "traces to" direction."""

    source: URIRef
    relation: URIRef
    target: URIRef
    notation: str | None = None
    label_vi: str | None = None
    label_en: str | None = None


@dataclass
class Description:
    """Everything the HTML page of a resource shows."""

    iri: URIRef
    values: list[Value] = field(default_factory=list)
    incoming: list[Value] = field(default_factory=list)
    incoming_truncated: bool = False
    trace: list[Step] = field(default_factory=list)

    def objects(self, prop: str) -> list[Term]:
        return [v.term for v in self.values if str(v.prop) == prop]

    def first(self, prop: str) -> Term | None:
        found = self.objects(prop)
        return found[0] if found else None

    def label(self, lang: str) -> str | None:
        for term in self.objects("http://www.w3.org/2000/01/rdf-schema#label"):
            if isinstance(term, Literal) and term.language == lang:
                return str(term)
        return None

    @property
    def types(self) -> list[Value]:
        return _unique([v for v in self.values if v.prop == RDF.type and not v.inferred])

    def grouped(self) -> list[tuple[URIRef, str | None, list[Value]]]:
        """Values grouped by property, asserted before inferred, properties in IRI order."""
        groups: dict[URIRef, list[Value]] = {}
        for value in self.values:
            groups.setdefault(value.prop, []).append(value)
        return [(p, vs[0].prop_label, sorted(_unique(vs), key=lambda v: (v.inferred, str(v.term))))
                for p, vs in sorted(groups.items(), key=lambda kv: str(kv[0]))]


def _unique(values: list[Value]) -> list[Value]:
    """One value per term: asserted wins over inferred (the same triple can be in both graphs)."""
    best: dict[Term, Value] = {}
    for value in values:
        if value.term not in best or (best[value.term].inferred and not value.inferred):
            best[value.term] = value
    return list(best.values())


def _text(term: Term | None) -> str | None:
    return None if term is None else str(term)


def exists(store: Store, iri: URIRef) -> bool:
    """Whether the IRI is the subject or object of a triple."""
    return bool(store.query(EXISTS, bindings={"this": iri}).rows)


def describe(store: Store, iri: URIRef, inferred_graph: str, max_incoming: int = 1000) -> Description:
    """Properties (marking those only the reasoner added), incoming links and the trace up to the law."""
    description = Description(iri)
    for _, p, o, g, p_label, vi, en in store.query(OUTGOING, bindings={"this": iri}).rows:
        description.values.append(Value(p, _text(p_label), o, _text(vi), _text(en), str(g) == inferred_graph))
    incoming = store.query(INCOMING, bindings={"this": iri}).rows
    for _, s, p, g, p_label, vi, en in incoming[:max_incoming]:
        description.incoming.append(Value(p, _text(p_label), s, _text(vi), _text(en), str(g) == inferred_graph))
    description.incoming = sorted(_unique_incoming(description.incoming), key=lambda v: (str(v.prop), str(v.term)))
    description.incoming_truncated = len(incoming) > max_incoming
    for _, source, relation, target, notation, vi, en in store.query(TRACE, bindings={"this": iri}).rows:
        description.trace.append(Step(source, relation, target, _text(notation), _text(vi), _text(en)))
    return description


def _unique_incoming(values: list[Value]) -> list[Value]:
    best: dict[tuple[Term, Term], Value] = {}
    for value in values:
        key = (value.prop, value.term)
        if key not in best or (best[key].inferred and not value.inferred):
            best[key] = value
    return list(best.values())


#: The triples about a resource ?this and those pointing at it (what programs get at its IRI).
RDF_OF = "CONSTRUCT { ?this ?p ?o . ?s ?q ?this } WHERE { { ?this ?p ?o } UNION { ?s ?q ?this } }"


def similar(store: Store, iri: str, base: str) -> list[URIRef]:
    """Resources (typed subjects) under the nearest ancestor path of an unknown IRI that has any, below
    the base (for the 404 page); none for an IRI outside the base."""
    if not iri.startswith(base):
        return []
    segments = iri[len(base):].split("/")[:MAX_SIMILAR_DEPTH]
    for depth in range(len(segments) - 1, 0, -1):
        prefix = base + "/".join(segments[:depth]) + "/"
        rows = store.query(SIMILAR, bindings={"prefix": Literal(prefix)}).rows
        if rows:
            return [row[1] for row in rows]
    return []


@dataclass
class TraceNode:
    """A node of the trace tree shown on the page."""

    iri: URIRef
    relation: URIRef | None = None
    notation: str | None = None
    label: str | None = None
    children: list[TraceNode] = field(default_factory=list)
    repeated: bool = False


def trace_tree(description: Description, limit: int = 300) -> TraceNode:
    """The trace edges as a tree from the resource up; a node met again is shown but not expanded."""
    by_source: dict[URIRef, list[Step]] = {}
    for step in description.trace:
        by_source.setdefault(step.source, []).append(step)
    root = TraceNode(description.iri)
    seen = {description.iri}
    queue = [root]
    count = 0
    while queue and count < limit:
        node = queue.pop(0)
        for step in sorted(by_source.get(node.iri, []), key=lambda s: (str(s.relation), str(s.target))):
            child = TraceNode(step.target, step.relation, step.notation, step.label_vi or step.label_en,
                              repeated=step.target in seen)
            node.children.append(child)
            count += 1
            if not child.repeated:
                seen.add(step.target)
                queue.append(child)
    return root
