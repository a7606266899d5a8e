"""The ontology: versioned, bilingual, aligned with public vocabularies, and HermiT-consistent."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from aikg.graphio import load_files, turtle_files
from aikg.namespaces import AIKG, ELI
from aikg.reason import reason

PROJECT = Path(__file__).resolve().parent.parent


def ontology() -> Graph:
    return load_files(turtle_files(PROJECT / "ontology"))


def test_version_iri_and_info() -> None:
    graph = ontology()
    onto = URIRef("https://w3id.org/aikg/ontology")
    assert (onto, OWL.versionIRI, URIRef("https://w3id.org/aikg/ontology/0.1.0")) in graph
    assert str(graph.value(onto, OWL.versionInfo)) == "0.1.0"


def test_every_term_has_labels_and_comments_in_vi_and_en() -> None:
    graph = ontology()
    terms = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(AIKG))}
    assert len(terms) > 60
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {lit.language for lit in graph.objects(term, prop)}
            assert langs == {"vi", "en"}, f"{term} {prop}: {langs}"


def test_alignment_with_eli_uses_non_deprecated_terms() -> None:
    graph = ontology()
    assert (AIKG.implements, RDFS.subPropertyOf, ELI.ensures_implementation_of) in graph
    assert (AIKG.LegalInstrument, RDFS.subClassOf, ELI.LegalResource) in graph
    assert not list(graph.triples((None, None, ELI.implements)))


def test_owl_characteristics() -> None:
    graph = ontology()
    assert (AIKG.isPartOf, RDF.type, OWL.TransitiveProperty) in graph
    assert (AIKG.hasPart, OWL.inverseOf, AIKG.isPartOf) in graph
    chains = {tuple(graph.items(chain)) for chain in graph.objects(AIKG.tracesTo, OWL.propertyChainAxiom)}
    assert chains == {(AIKG.isPartOf, AIKG.tracesTo), (AIKG.tracesTo, AIKG.isPartOf)}


def test_hermit_on_the_real_ontology_infers_the_chain() -> None:
    """A toy plan: HermiT must conclude that its task traces to the law through QĐ-like links."""
    data = Graph().parse(data="""
        @prefix aikg: <https://w3id.org/aikg/ontology#> . @base <https://w3id.org/aikg/> .
        <law> a aikg:Law . <qd> a aikg:Decision ; aikg:implements <law> .
        <plan> a aikg:LocalPlan ; aikg:implements <qd> . <plan/II> a aikg:Section ; aikg:isPartOf <plan> .
        <plan/II/1> a aikg:Item ; aikg:isPartOf <plan/II> ; aikg:leadAgency <agency> .""", format="turtle")
    result = reason(ontology(), data)
    assert result.consistent
    base = "https://w3id.org/aikg/"
    task = URIRef(base + "plan/II/1")
    assert (task, AIKG.tracesTo, URIRef(base + "law")) in result.inferred
    assert (task, AIKG.tracesTo, URIRef(base + "qd")) in result.inferred
    assert (URIRef(base + "plan"), AIKG.hasPart, task) in result.inferred


def test_data_has_no_blank_nodes_and_only_nfc_text() -> None:
    for path in turtle_files(PROJECT / "data"):
        graph = Graph().parse(path)  # raw parse: no normalisation on the way in
        for triple in graph:
            assert not any(isinstance(t, BNode) for t in triple), f"{path.name}: blank node in {triple}"
            obj = triple[2]
            if isinstance(obj, Literal) and isinstance(obj.value, str):
                assert unicodedata.is_normalized("NFC", str(obj)), f"{path.name}: not NFC: {obj[:60]!r}"
