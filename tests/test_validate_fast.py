"""The sharded, parallel validation gives pyshacl's whole-graph report on the real data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from aikg.validate import load_shapes, shardable, validate_graph, validate_lines

PROJECT = Path(__file__).resolve().parent.parent


def _rows(report) -> list[tuple]:
    return [(f.instrument, f.severity_name, str(f.focus), f.path, f.message_en, f.message_vi) for f in report.findings]


@pytest.fixture(scope="module")
def reports(built_dist: Path):
    shapes = load_shapes(PROJECT / "shapes")
    lines = (built_dist / "aikg.nt").read_text(encoding="utf-8").splitlines()
    whole = validate_graph(Graph().parse(built_dist / "aikg.nt", format="nt"), shapes)
    return whole, lines, shapes


def test_project_shapes_can_be_sharded() -> None:
    ok, inverse = shardable(load_shapes(PROJECT / "shapes"))
    assert ok
    assert inverse == {"https://w3id.org/aikg/ontology#product"}


@pytest.mark.parametrize("workers", [1, 2])
def test_sharded_report_equals_pyshacl_on_the_whole_graph(reports, workers: int) -> None:
    whole, lines, shapes = reports
    fast = validate_lines(lines, shapes, workers=workers)
    assert whole.findings, "the real data has known gaps"
    assert _rows(fast) == _rows(whole)  # same focus nodes, paths, severities, messages, groups
    assert fast.conforms == whole.conforms and fast.counts == whole.counts
    assert isomorphic(fast.results_graph, whole.results_graph)


def test_many_small_shards_give_the_same_report(reports, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cutting the graph finely (shard edges inside plans) changes nothing."""
    import aikg.validate as validate

    whole, lines, shapes = reports
    real = validate._shards
    monkeypatch.setattr(validate, "_shards", lambda ls, inv, count: real(ls, inv, 40))
    assert _rows(validate_lines(lines, shapes, workers=2)) == _rows(whole)


def test_unshardable_shapes_fall_back_to_one_run(reports) -> None:
    whole, lines, shapes = reports
    extended = Graph() + shapes
    extended.parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:x:nothing> ; sh:sparql [ sh:select "SELECT $this {}" ] .""",
                   format="turtle")
    assert shardable(extended)[0] is False
    assert _rows(validate_lines(lines, extended, workers=2)) == _rows(whole)


def test_report_file_is_stable_and_holds_the_report(reports, tmp_path: Path) -> None:
    """dist/validation.ttl: blank nodes named by content, so two runs give the same bytes (no canonicalising)."""
    from aikg.config import DEFAULT_BASE
    from aikg.validate import write_report

    whole, lines, shapes = reports
    first = write_report(validate_lines(lines, shapes, workers=1), tmp_path / "a.ttl", DEFAULT_BASE)
    second = write_report(validate_lines(lines, shapes, workers=2), tmp_path / "b.ttl", DEFAULT_BASE)
    assert first.read_bytes() == second.read_bytes()
    assert isomorphic(Graph().parse(first, format="turtle"), whole.results_graph)


# ------------------------------------------------------------------ the default engine (aikg.shacl_fast)

def _assert_same(fast, whole) -> None:
    assert _rows(fast) == _rows(whole)
    assert fast.conforms == whole.conforms and fast.counts == whole.counts
    assert isomorphic(fast.results_graph, whole.results_graph)  # same result nodes, copied shapes, values


def test_fast_engine_equals_pyshacl_on_the_real_data(reports) -> None:
    whole, lines, shapes = reports
    assert whole.findings
    _assert_same(validate_lines(lines, shapes, engine="fast"), whole)


def test_fast_engine_equals_pyshacl_on_synthetic_plans(tmp_path: Path) -> None:
    from fixtures_build import copy_project

    from aikg.build import build
    from aikg.config import DEFAULT_BASE, Settings
    from aikg.synth import write_synthetic

    root = copy_project(tmp_path)
    write_synthetic(5, 1, root, quiet=True)
    build(Settings(root=root, base=DEFAULT_BASE), quiet=True)
    shapes = load_shapes(root / "shapes")
    lines = (root / "dist" / "aikg.nt").read_text(encoding="utf-8").splitlines()
    whole = validate_graph(Graph().parse(root / "dist" / "aikg.nt", format="nt"), shapes)
    assert whole.counts.get("Warning") and whole.counts.get("Violation"), "synth keeps real gaps"
    _assert_same(validate_lines(lines, shapes, engine="fast"), whole)


def _shape_cases():
    from test_shapes import CASES

    return CASES


@pytest.mark.parametrize(("remove", "add"), [c[1:3] for c in _shape_cases()], ids=[c[0] for c in _shape_cases()])
def test_fast_engine_equals_pyshacl_on_every_rule(remove, add) -> None:
    """Each rule of tests/test_shapes.py broken once: datatypes, ranges, sh:or, qualified labels, inverse path."""
    from test_shapes import COMPLETE

    from aikg.graphio import load_files, turtle_files

    graph = load_files([COMPLETE, *turtle_files(PROJECT / "ontology")])
    for pattern in remove:
        graph.remove(pattern)
    for triple in add:
        graph.add(triple)
    shapes = load_shapes(PROJECT / "shapes")
    lines = graph.serialize(format="nt").splitlines()
    _assert_same(validate_lines(lines, shapes, engine="fast"), validate_graph(graph, shapes))


def test_fast_engine_refuses_what_it_cannot_reproduce(reports) -> None:
    from aikg.shacl_fast import FastValidator, Unsupported

    whole, lines, shapes = reports
    extended = Graph() + shapes
    extended.parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:s> a sh:NodeShape ; sh:targetSubjectsOf <urn:x:nothing> ; sh:sparql [ sh:select "SELECT $this {}" ] .""",
                   format="turtle")
    with pytest.raises(Unsupported):
        FastValidator(extended, lines)
    assert _rows(validate_lines(lines, extended, engine="fast")) == _rows(whole)
