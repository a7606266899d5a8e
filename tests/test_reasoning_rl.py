"""The OWL 2 RL path infers what HermiT infers on the real data, plus exactly the documented closure triples;
a rebuild after one data file changed parses that file only and gives the same bytes as a full build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fixtures_build import copy_project
from rdflib import Graph
from rdflib.namespace import RDFS

from aikg.build import build, load_sources, reason_hermit, reason_rl
from aikg.config import DEFAULT_BASE, Settings
from aikg.graphio import load_files, turtle_files
from aikg.namespaces import AIKG
from aikg.rules import CLOSED_PROPERTIES, TBox, UnsupportedOntology, iri_triples, materialize

PROJECT = Path(__file__).resolve().parent.parent
OUTPUTS = ("aikg.ttl", "aikg.nt", "aikg.jsonld", "aikg.nq", "inferred.ttl")
Triple = tuple[str, str, str]


def _triples(lines: list[str]) -> set[Triple]:
    graph = Graph().parse(data="\n".join(lines) + "\n", format="nt")
    return {(str(s), str(p), str(o)) for s, p, o in graph}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[Triple], set[Triple], set[Triple], Graph]:
    """(HermiT's inferred triples, the RL path's, the asserted triples, the ontology) on the real data."""
    settings = Settings(root=copy_project(tmp_path_factory.mktemp("rl")), base=DEFAULT_BASE)
    sources = load_sources(settings, use_cache=False)
    hermit, hermit_lines = reason_hermit(sources)
    rl, rl_lines = reason_rl(sources, settings, use_cache=False)
    assert hermit.consistent and rl.consistent
    return _triples(hermit_lines), _triples(rl_lines), _triples(sources.asserted_lines()), sources.ontology


def test_rl_infers_everything_hermit_infers(both) -> None:
    hermit, rl, _, _ = both
    assert len(hermit) > 1000
    assert hermit - rl == set()


def test_rl_adds_only_the_closure_hermit_leaves_implicit(both) -> None:
    """The only extra triples are tracesTo / isPartOf / hasPart links that HermiT (via owlready2) omits because a
    more specific sub-property already links the same pair (docs/MODEL.md, "Inferred triples")."""
    hermit, rl, asserted, ontology = both
    extra = rl - hermit
    assert extra, "the RL path is expected to add the hidden closure triples"
    tbox = TBox(ontology + Graph().parse(data="\n".join(
        f"<{s}> <{p}> <{o}> ." for s, p, o in hermit if p == str(RDFS.subPropertyOf)), format="nt"))
    # HermiT classifies the ontology alone for the RL path and states every sub-property it entails
    # (hasTask ⊑ hasPart, from the inverses of isTaskOf ⊑ isPartOf); run over the data as well, owlready2
    # does not always bring that link back. Such a link must follow from the ontology itself.
    entailed = {t for t in extra if t[1] == str(RDFS.subPropertyOf)}
    for s, _, o in entailed:
        assert o in tbox.supers.get(s, ()), f"{s} ⊑ {o} does not follow from the ontology"
    extra -= entailed
    linked = asserted | rl
    for s, p, o in extra:
        assert p in CLOSED_PROPERTIES, (s, p, o)
        below = [q for q in tbox.object_properties if q != p and p in tbox.supers.get(q, ()) and (s, q, o) in linked]
        assert below, f"{(s, p, o)} is not shadowed by a more specific property"
    counts = {p.rsplit("#", 1)[1]: sum(1 for t in extra if t[1] == p) for p in CLOSED_PROPERTIES}
    assert counts == {"tracesTo": 96, "isPartOf": 43, "hasPart": 43}


def test_trace_closure_and_inverses_are_materialized(both) -> None:
    """Every task reaches the AI Law with one tracesTo triple, and every part-of link has its inverse."""
    _, rl, asserted, _ = both
    everything = rl | asserted
    law = DEFAULT_BASE + "eli/vn/luat/2025/134-2025-qh15"
    tasks = {s for s, p, o in everything if p == str(AIKG.derivesFrom)}
    assert tasks and all((t, str(AIKG.tracesTo), law) in everything for t in tasks)
    for s, p, o in everything:
        if p == str(AIKG.isPartOf):
            assert (o, str(AIKG.hasPart), s) in everything
        if p == str(AIKG.hasTask):
            assert (o, str(AIKG.isTaskOf), s) in everything
        if p == str(AIKG.restates):
            assert (o, str(AIKG.restatedBy), s) in everything
    # transitive: anything a target traces to, the source traces to as well
    traces: dict[str, set[str]] = {}
    for s, p, o in everything:
        if p == str(AIKG.tracesTo):
            traces.setdefault(s, set()).add(o)
    for s, targets in traces.items():
        for t in targets:
            assert traces.get(t, set()) <= targets, (s, t)


def test_disjoint_clash_is_found_by_the_rules() -> None:
    ontology = load_files(turtle_files(PROJECT / "ontology"))
    data = Graph().parse(data="""
        @prefix aikg: <https://w3id.org/aikg/ontology#> . @base <https://w3id.org/aikg/> .
        <agency/test/so> a aikg:Agency . <plan/test/II/1> aikg:product <agency/test/so> .""", format="turtle")
    result = materialize(TBox(ontology), iri_triples(data))
    assert result.clashes == [(DEFAULT_BASE + "agency/test/so", str(AIKG.Agency), str(AIKG.Product))]


def test_unsupported_owl_construct_is_refused() -> None:
    ontology = load_files(turtle_files(PROJECT / "ontology"))
    ontology.parse(data="""@prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://w3id.org/aikg/ontology#leadAgency> a owl:FunctionalProperty .""", format="turtle")
    with pytest.raises(UnsupportedOntology, match="FunctionalProperty"):
        TBox(ontology)


def test_incremental_rebuild_parses_only_the_changed_file(tmp_path: Path) -> None:
    """Touching one data file re-parses that file alone; the outputs equal a full build from scratch."""
    home = copy_project(tmp_path / "incremental")
    settings = Settings(root=home, base=DEFAULT_BASE)
    first = build(settings, quiet=True)
    assert first.stats["cached"] == [] and len(first.stats["parsed"]) == len(turtle_files(home / "data"))
    again = build(settings, quiet=True)
    assert again.stats["parsed"] == []
    changed = home / "data" / "hue-213-kh-ubnd.ttl"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "Sở Khoa học và Công nghệ\"@vi", "Sở Khoa học và Công nghệ thành phố Huế\"@vi", 1), encoding="utf-8")
    os.utime(changed)
    third = build(settings, quiet=True)
    assert third.stats["parsed"] == ["hue-213-kh-ubnd.ttl"]
    assert "thành phố Huế" in (home / "dist" / "aikg.nt").read_text(encoding="utf-8")
    fresh = copy_project(tmp_path / "fresh")
    changed_fresh = fresh / "data" / "hue-213-kh-ubnd.ttl"
    changed_fresh.write_bytes(changed.read_bytes())
    build(Settings(root=fresh, base=DEFAULT_BASE), quiet=True, use_cache=False)
    for name in OUTPUTS:
        assert (home / "dist" / name).read_bytes() == (fresh / "dist" / name).read_bytes(), name
