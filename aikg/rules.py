"""OWL 2 RL materialization of the ABox, shaped like the HermiT (owlready2) output it replaces.

HermiT classifies the ontology (the TBox, small and fast); the individuals are reasoned here with the
OWL 2 RL rules the ontology actually uses, in one pass of a work-list (semi-naive) closure:

- prp-spo1 (sub-properties, incl. those HermiT derives through inverses), prp-eqp1/2,
- prp-inv1/2 (inverse properties), prp-symp, prp-trp (transitive properties),
- prp-spo2 for two-step property chains (`isPartOf ∘ tracesTo ⊑ tracesTo`),
- prp-dom, prp-rng, cax-sco, cax-eqc1/2 (types),
- cax-dw (disjoint classes: the only inconsistency this ontology can produce).

An ontology that uses an OWL construct outside that list is refused (`UnsupportedOntology`): the
HermiT ABox path (`aikg build --reasoner hermit`) still handles it.

What is returned mirrors what owlready2 brings back from HermiT (see docs/MODEL.md, "Inferred triples"):
for each pair of individuals, the most specific object properties entailed between them that are not
asserted; the direct types not asserted; plus the whole closure of the trace and part-of properties
(`tracesTo`, `isPartOf`, `hasPart`), which owlready2 hides when a more specific property already
links the pair and which the named queries rely on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from aikg.errors import AikgError
from aikg.namespaces import AIKG

#: Properties whose full closure is kept in the inferred graph (beyond HermiT's most-specific output).
CLOSED_PROPERTIES = (str(AIKG.tracesTo), str(AIKG.isPartOf), str(AIKG.hasPart))
_TYPE = str(RDF.type)

#: OWL vocabulary the engine understands in the ontology; any other owl: term is refused.
_SUPPORTED_OWL = {
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.Ontology,
    OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.inverseOf, OWL.propertyChainAxiom, OWL.disjointWith,
    OWL.versionIRI, OWL.versionInfo, OWL.imports, OWL.equivalentClass, OWL.equivalentProperty,
    OWL.NamedIndividual, OWL.Thing, OWL.deprecated, OWL.priorVersion,
}

_NOISE_TYPES = {str(t) for t in (OWL.Thing, OWL.NamedIndividual, OWL.Class, OWL.ObjectProperty, OWL.Ontology)}

Triple = tuple[str, str, str]


class UnsupportedOntology(AikgError):
    """The ontology uses an OWL construct that the OWL 2 RL engine here does not implement."""

    exit_code = 2


@dataclass
class RuleResult:
    """The inferred triples, or the individuals found in two disjoint classes."""

    inferred: set[Triple]
    clashes: list[Triple] = field(default_factory=list)  # (individual, class, class)
    stats: dict[str, int] = field(default_factory=dict)


class TBox:
    """What the rules need from the (classified) ontology, as plain dictionaries of IRI strings."""

    def __init__(self, ontology: Graph) -> None:
        self.check_supported(ontology)
        g = ontology
        self.object_properties = {p for p in g.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
        self.transitive = {p for p in g.subjects(RDF.type, OWL.TransitiveProperty) if isinstance(p, URIRef)}
        self.symmetric = {p for p in g.subjects(RDF.type, OWL.SymmetricProperty) if isinstance(p, URIRef)}
        self.object_properties |= self.transitive | self.symmetric
        self.inverse: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(OWL.inverseOf):
            self.inverse[a].add(b)
            self.inverse[b].add(a)
            self.object_properties |= {a, b}
        # direct super-properties (sub-property and equivalence), lifted through inverses
        direct: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(RDFS.subPropertyOf):
            direct[a].add(b)
        for a, b in g.subject_objects(OWL.equivalentProperty):
            direct[a].add(b)
            direct[b].add(a)
        changed = True
        while changed:  # P ⊑ Q ⇒ inv(P) ⊑ inv(Q)
            changed = False
            for p, sups in list(direct.items()):
                for q in list(sups):
                    for ip in self.inverse.get(p, ()):
                        for iq in self.inverse.get(q, ()):
                            if iq not in direct[ip] and iq != ip:
                                direct[ip].add(iq)
                                changed = True
        self.super_direct = {p: frozenset(s - {p}) for p, s in direct.items()}
        self.supers = {p: self._closure(p, self.super_direct) for p in set(direct) | self.object_properties}
        self.chains: list[tuple[URIRef, URIRef, URIRef]] = []  # (first, second, result)
        for prop, head in g.subject_objects(OWL.propertyChainAxiom):
            steps = list(g.items(head))
            if len(steps) != 2:
                raise UnsupportedOntology(f"property chain of {len(steps)} steps on {prop} (only 2 are supported)")
            self.chains.append((steps[0], steps[1], prop))
        self.domain = self._by_subject(g, RDFS.domain)
        self.range = self._by_subject(g, RDFS.range)
        sub: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(RDFS.subClassOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                sub[a].add(b)
        for a, b in g.subject_objects(OWL.equivalentClass):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                sub[a].add(b)
                sub[b].add(a)
        self.class_supers_direct = {c: frozenset(s) for c, s in sub.items()}
        self._class_supers: dict[URIRef, frozenset[URIRef]] = {}
        disjoint: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(OWL.disjointWith):
            disjoint[a].add(b)
            disjoint[b].add(a)
        self.disjoint = disjoint
        self._to_strings()

    def _to_strings(self) -> None:
        """Plain `str` IRIs everywhere: the ABox arrives as N-Triples text, and URIRef != str in rdflib."""
        def s(terms):
            return frozenset(str(x) for x in terms)

        self.object_properties = s(self.object_properties)
        self.transitive, self.symmetric = s(self.transitive), s(self.symmetric)
        self.inverse = {str(k): s(v) for k, v in self.inverse.items()}
        self.super_direct = {str(k): s(v) for k, v in self.super_direct.items()}
        self.supers = {str(k): s(v) for k, v in self.supers.items()}
        self.chains = [(str(a), str(b), str(c)) for a, b, c in self.chains]
        self.domain = {str(k): s(v) for k, v in self.domain.items()}
        self.range = {str(k): s(v) for k, v in self.range.items()}
        self.class_supers_direct = {str(k): s(v) for k, v in self.class_supers_direct.items()}
        self.disjoint = {str(k): s(v) for k, v in self.disjoint.items()}

    @staticmethod
    def check_supported(ontology: Graph) -> None:
        for s, p, o in ontology:
            for term in (p, o):
                if isinstance(term, URIRef) and term.startswith(str(OWL)) and term not in _SUPPORTED_OWL:
                    raise UnsupportedOntology(
                        f"the ontology uses {term}, which the OWL 2 RL engine does not handle; "
                        "run `aikg build --reasoner hermit`")
            if p in (RDFS.subClassOf, OWL.equivalentClass, RDFS.domain, RDFS.range) and isinstance(o, BNode):
                raise UnsupportedOntology(f"class expression in {p} of {s}; run `aikg build --reasoner hermit`")

    @staticmethod
    def _closure(start: URIRef, direct: dict[URIRef, frozenset[URIRef]]) -> frozenset[URIRef]:
        seen = {start}
        stack = [start]
        while stack:
            for nxt in direct.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return frozenset(seen)

    @staticmethod
    def _by_subject(g: Graph, pred: URIRef) -> dict[URIRef, frozenset[URIRef]]:
        out: dict[URIRef, set[URIRef]] = defaultdict(set)
        for a, b in g.subject_objects(pred):
            if isinstance(b, URIRef):
                out[a].add(b)
        return {a: frozenset(b) for a, b in out.items()}

    def class_supers(self, cls: str) -> frozenset[str]:
        """The class and every class above it (reflexive, transitive)."""
        cached = self._class_supers.get(cls)
        if cached is None:
            cached = self._class_supers[cls] = self._closure(cls, self.class_supers_direct)
        return cached


class _Edges:
    """Object-property edges of one property, indexed both ways."""

    __slots__ = ("out", "into")

    def __init__(self) -> None:
        self.out: dict[str, set[str]] = defaultdict(set)
        self.into: dict[str, set[str]] = defaultdict(set)


def iri_triples(graph: Graph) -> Iterator[Triple]:
    """The triples of an rdflib graph whose subject and object are IRIs, as plain strings."""
    for s, p, o in graph:
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            yield str(s), str(p), str(o)


def materialize(tbox: TBox, triples: Iterable[Triple]) -> RuleResult:
    """Close IRI-only triples (plain strings) under the OWL 2 RL rules of the TBox; return HermiT-shaped inferences.

    Literal-valued triples are left out by the caller: the reasoner concludes nothing from them (as with HermiT,
    which is given the graph without literals).
    """
    asserted_edges: set[Triple] = set()
    asserted_types: dict[str, set[str]] = defaultdict(set)
    individuals: set[str] = set()
    for s, p, o in triples:
        if p == _TYPE:
            asserted_types[s].add(o)
            individuals.add(s)
        elif p in tbox.object_properties:
            asserted_edges.add((s, p, o))
            individuals.add(s)
            individuals.add(o)

    edges: dict[str, _Edges] = defaultdict(_Edges)
    first_of: dict[str, list[tuple[str, str]]] = defaultdict(list)   # P1 -> [(P2, R)]
    second_of: dict[str, list[tuple[str, str]]] = defaultdict(list)  # P2 -> [(P1, R)]
    for p1, p2, r in tbox.chains:
        first_of[p1].append((p2, r))
        second_of[p2].append((p1, r))
    super_direct, inverse, transitive = tbox.super_direct, tbox.inverse, tbox.transitive
    symmetric = tbox.symmetric

    work = list(asserted_edges)
    derived = 0
    while work:
        s, p, o = work.pop()
        e = edges[p]
        outs = e.out[s]
        if o in outs:
            continue
        outs.add(o)
        e.into[o].add(s)
        derived += 1
        for q in super_direct.get(p, ()):
            work.append((s, q, o))
        for q in inverse.get(p, ()):
            work.append((o, q, s))
        if p in symmetric:
            work.append((o, p, s))
        if p in transitive:
            for z in e.out.get(o, ()):
                work.append((s, p, z))
            for w in e.into.get(s, ()):
                work.append((w, p, o))
        for p2, r in first_of.get(p, ()):
            for z in edges[p2].out.get(o, ()):
                work.append((s, r, z))
        for p1, r in second_of.get(p, ()):
            for w in edges[p1].into.get(s, ()):
                work.append((w, r, o))

    # types: asserted, from domains and ranges of every entailed edge, then every superclass
    types: dict[str, set[str]] = defaultdict(set)
    for node, classes in asserted_types.items():
        types[node] |= classes
    for p, e in edges.items():
        dom, rng = tbox.domain.get(p), tbox.range.get(p)
        if dom:
            for s in e.out:
                if e.out[s]:
                    types[s] |= dom
        if rng:
            for o in e.into:
                if e.into[o]:
                    types[o] |= rng
    inferred: set[Triple] = set()
    clashes: list[Triple] = []
    for node in individuals:
        closed: set[str] = set()
        for cls in types.get(node, ()):
            closed |= tbox.class_supers(cls)
        for cls in closed:
            for other in tbox.disjoint.get(cls, ()):
                if other in closed and str(cls) < str(other):
                    clashes.append((node, cls, other))
        direct = {c for c in closed if not any(c in tbox.class_supers(d) for d in closed if d != c
                                               and d not in tbox.class_supers(c))}
        have = asserted_types.get(node, set())
        for cls in direct - have - _NOISE_TYPES:
            inferred.add((node, _TYPE, cls))
    if clashes:
        return RuleResult(set(), sorted(clashes), {"derived": derived})

    # property values: the most specific entailed properties of each pair, unless asserted
    by_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, e in edges.items():
        for s, objs in e.out.items():
            for o in objs:
                by_pair[(s, o)].add(p)
    supers = tbox.supers
    closed_props = set(CLOSED_PROPERTIES)
    for (s, o), props in by_pair.items():
        for p in props:
            if (s, p, o) in asserted_edges:
                continue
            if p in closed_props or not any(q != p and p in supers.get(q, ()) and q not in supers.get(p, ())
                                            for q in props):
                inferred.add((s, p, o))
    return RuleResult(inferred, [], {"derived": derived, "individuals": len(individuals)})
