"""The store interface: every engine answers alike, binds terms safely, keeps the row limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from aikg.store import ENGINES, QueryResult, Store, StoreError, TooManyResults, dump_file, open_store, substitute

LAW = URIRef("https://w3id.org/aikg/eli/vn/luat/2025/134-2025-qh15")
AIKG = "https://w3id.org/aikg/ontology#"


@pytest.fixture(scope="module", params=ENGINES)
def store(request, built_dist: Path) -> Store:
    opened = open_store(dump_file(built_dist), request.param)
    yield opened
    opened.close()


def rows(result: QueryResult) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else t.n3() for t in row) for row in result.rows)


def test_named_graphs(store: Store, built_dist: Path) -> None:
    base = "https://w3id.org/aikg/"
    assert store.graph_names() == [f"{base}graph/{n}" for n in ("asserted", "inferred", "ontology")]


def test_same_answers_as_rdflib(store: Store, built_dist: Path) -> None:
    reference = open_store(dump_file(built_dist), "rdflib")
    for query in (
        f"SELECT ?p ?o WHERE {{ <{LAW}> ?p ?o }}",
        f"PREFIX aikg: <{AIKG}> SELECT ?c (COUNT(?a) AS ?n) "
        f"WHERE {{ ?c a aikg:Chapter ; aikg:hasPart ?a }} GROUP BY ?c",
        "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = 'vi') }",
    ):
        assert rows(store.query(query)) == rows(reference.query(query)), query


def test_bindings_are_terms(store: Store) -> None:
    query = "SELECT ?this ?o WHERE { ?this <https://w3id.org/aikg/ontology#number> ?o }"
    assert [r[1] for r in store.query(query, bindings={"this": LAW}).rows] == [Literal("134/2025/QH15")]
    # A string that looks like SPARQL is only ever a value.
    tricky = Literal('x" } UNION { ?this ?p ?o } #')
    assert store.query(query, bindings={"this": tricky}).rows == []


def test_unprojected_binding(store: Store) -> None:
    """A parameter not in the projection is still bound (Oxigraph: by a VALUES block built from the term)."""
    query = "SELECT ?o WHERE { ?this <https://w3id.org/aikg/ontology#number> ?o }"
    assert [r[0] for r in store.query(query, bindings={"this": LAW}).rows] == [Literal("134/2025/QH15")]


def test_row_limit(store: Store) -> None:
    with pytest.raises(TooManyResults) as error:
        store.query("SELECT * WHERE { ?s ?p ?o }", max_rows=10)
    assert "max_rows" in str(error.value)
    with pytest.raises(TooManyResults):
        store.query("CONSTRUCT WHERE { ?s ?p ?o }", max_rows=10)


def test_describe_and_ask(store: Store) -> None:
    described = store.query(f"DESCRIBE <{LAW}>")
    assert described.kind == "DESCRIBE" and (LAW, URIRef(AIKG + "number"), Literal("134/2025/QH15")) in \
        described.triples
    assert store.query(f"ASK {{ <{LAW}> ?p ?o }}").boolean is True


def test_errors_are_store_errors(store: Store) -> None:
    with pytest.raises(StoreError):
        store.query("SELECT * WHERE { ?s ?p }")


def test_substitute_escapes_through_pyoxigraph() -> None:
    text = substitute("SELECT * WHERE { ?s ?p ?o }", {"o": Literal('a"b\nc', lang="vi")})
    assert text == 'SELECT * WHERE { ?s ?p "a\\"b\\nc"@vi }'
    with pytest.raises(StoreError):
        substitute("SELECT * WHERE { ?s ?p ?o }", {"o) } #": Literal("x")})
