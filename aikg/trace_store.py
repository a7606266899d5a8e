"""Fetch from a store exactly what a trace needs, with bounded queries, so the walk of aikg.trace runs on
a small local graph instead of the whole build.

The server never holds the build in its own process: every fact it shows comes through its store (worker
processes with a time, row and memory limit, or a remote endpoint). A trace is a walk, so this module
walks the store level by level: at each level one query per direction fetches the edges the walk may
follow from the current frontier (and the names of the nodes), and the next frontier is what they lead
to. The cost follows the size of the trace, not the size of the graph; a trace over MAX_NODES nodes is
refused instead of growing without bound.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from aikg import trace as walk
from aikg.namespaces import AIKG
from aikg.store import Store, StoreError, TooManyResults, to_oxigraph

MAX_NODES = 5000
MAX_LABELS = 200_000
#: Properties that name and place a node (for names, kinds, ordering and notes).
NAMING = (RDF.type, RDFS.label, SKOS.altLabel, AIKG.notation, AIKG.number, AIKG.title, AIKG.derivationNote)
PART_UP_OUT = (AIKG.isPartOf, AIKG.isTaskOf)
PART_UP_IN = (AIKG.hasPart, AIKG.hasTask)


class TraceTooLarge(StoreError):
    """The trace reaches more nodes than MAX_NODES."""


def _values(nodes: Iterable[URIRef]) -> str:
    return " ".join(str(to_oxigraph(n)) for n in sorted(nodes, key=str))


def _edges(store: Store, nodes: set[URIRef], props: Sequence[URIRef], outgoing: bool) -> list[tuple]:
    """(subject, property, object) of the `props` links leaving `nodes` (outgoing) or reaching them."""
    if not nodes:
        return []
    pattern = "?n ?p ?other" if outgoing else "?other ?p ?n"
    query = (f"SELECT ?n ?p ?other WHERE {{ VALUES ?n {{ {_values(nodes)} }} VALUES ?p {{ {_values(props)} }} "
             f"{pattern} }}")
    return [(n, p, o) if outgoing else (o, p, n) for n, p, o in store.query(query).rows]


def _out(store: Store, nodes: set[URIRef], props: Sequence[URIRef]) -> list[tuple]:
    return _edges(store, nodes, props, outgoing=True)


def _in(store: Store, nodes: set[URIRef], props: Sequence[URIRef]) -> list[tuple]:
    return _edges(store, nodes, props, outgoing=False)


def fetch(store: Store, seeds: Iterable[URIRef], mode: str) -> Graph:
    """The subgraph a walk from `seeds` reads: `up` (towards the law), `down` (to what carries it out),
    `both`, or `parts` (an instrument's own parts); every node comes with its names and its part chain."""
    graph = Graph(bind_namespaces="none")
    frontiers = {"up": set(), "down": set(), "chain": set(), "parts": set()}
    for seed in seeds:
        for way in (("up", "down") if mode == "both" else (mode,)):
            frontiers[way].add(seed)
    visited: dict[str, set[URIRef]] = {way: set() for way in frontiers}
    named: set[URIRef] = set()
    while any(frontiers.values()):
        current = {way: nodes - visited[way] for way, nodes in frontiers.items()}
        for way, nodes in current.items():
            visited[way] |= nodes
        if len(set().union(*visited.values())) > MAX_NODES:
            raise TraceTooLarge(f"the trace reaches more than {MAX_NODES} resources; start from a narrower one")
        everyone = set().union(*current.values())
        for triple in _out(store, everyone - named, NAMING):
            graph.add(triple)
        named |= everyone
        nxt: dict[str, set[URIRef]] = {way: set() for way in frontiers}
        climbing = current["up"] | current["down"] | current["chain"] | current["parts"]
        for s, p, o in _out(store, climbing, PART_UP_OUT + (walk.UP_RELATIONS if current["up"] else ())):
            graph.add((s, p, o))
            if isinstance(o, URIRef):
                nxt["up" if s in current["up"] else "chain"].add(o)
        for s, p, o in _in(store, climbing, PART_UP_IN):
            graph.add((s, p, o))
            nxt["up" if o in current["up"] else "chain"].add(s)
        going_down = current["down"] | current["parts"]
        for s, p, o in _in(store, going_down, PART_UP_OUT + (walk.DOWN_RELATIONS if current["down"] else ())):
            graph.add((s, p, o))
            if isinstance(s, URIRef):
                nxt["down" if o in current["down"] else "parts"].add(s)
        for s, p, o in _out(store, going_down, PART_UP_IN):
            graph.add((s, p, o))
            if isinstance(o, URIRef):
                nxt["down" if s in current["down"] else "parts"].add(o)
        frontiers = nxt
    return graph


def _fold(text: str) -> str:
    return walk._fold(text)


def resolve(store: Store, thing: str, base: str) -> tuple[URIRef, Graph]:
    """THING (an IRI, an instrument number with an optional notation, or a label fragment) as a resource
    of the store, with the small graph the name lookup used (raises aikg.trace.NotFound)."""
    from aikg.query import QueryError, parse_term

    thing = unicodedata.normalize("NFC", thing.strip())
    if not thing:
        raise walk.NotFound("nothing to trace: give an IRI, an instrument number or part of a label")
    try:
        term = parse_term(thing, base, "iri")
    except QueryError:
        term = None
    if isinstance(term, URIRef) and store.query("ASK { ?this ?p ?o }", bindings={"this": term}).boolean:
        return term, fetch(store, [term], "parts")
    numbers = Graph(bind_namespaces="none")
    for s, n in store.query(f"SELECT ?s ?n WHERE {{ ?s <{AIKG.number}> ?n }}").rows:
        numbers.add((s, AIKG.number, n))
    head = thing.partition(" ")[0]
    instruments = {s for s, n in numbers.subject_objects(AIKG.number) if _fold(str(n)) in (_fold(thing), _fold(head))}
    if instruments:
        graph = fetch(store, instruments, "parts") + numbers
        found = walk._by_number(graph, thing)
        if found is not None:
            return found, graph
    candidates = _label_candidates(store, thing)
    graph = fetch(store, candidates, "chain") if candidates else Graph()
    return walk._by_label(graph, thing), graph


def _label_candidates(store: Store, thing: str, limit: int = 400) -> set[URIRef]:
    """Resources whose label, alternative label or title contains THING (case-insensitively; accents and
    đ ignored only when nothing matches with them, over a bounded number of labels)."""
    props = _values((RDFS.label, SKOS.altLabel, AIKG.title))
    query = (f"SELECT DISTINCT ?s WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?l "
             f"FILTER(isIRI(?s) && CONTAINS(LCASE(STR(?l)), LCASE(STR(?needle)))) }} LIMIT {limit}")
    found = {row[0] for row in store.query(query, bindings={"needle": Literal(thing)}).rows}
    if found:
        return found
    wanted = _fold(thing)
    query = f"SELECT ?s ?l WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?l FILTER(isIRI(?s)) }}"
    try:
        labels = store.query(query, max_rows=MAX_LABELS).rows
    except TooManyResults:
        raise walk.NotFound(f"{thing!r} matches no label as written; the graph has too many labels to compare "
                            "them without accents: write it with its diacritics, or give an IRI") from None
    return {s for s, label in labels if wanted in _fold(str(label))}
