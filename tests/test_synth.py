"""`aikg synth`: deterministic, shaped like the curated plans, and valid apart from the gaps it means to keep.

Seed 14 with four plans is used because it holds every case at small size: a draft plan without number
and date with an appendix, two issued provincial plans, a ministry plan, tasks without a product and
tasks naming only implementing agencies.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_build import copy_project
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from aikg.build import build
from aikg.config import DEFAULT_BASE, Settings
from aikg.namespaces import AIKG, SH
from aikg.provenance import check_provenance
from aikg.synth import SynthResult, synth_plan, synth_plans, write_synthetic
from aikg.validate import load_shapes, validate_graph

SEED, PLANS = 14, 4
AIKG_CLI = str(Path(sys.executable).with_name("aikg"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthResult]:
    """A project copy with the four synthetic plans of seed 14, built."""
    root = copy_project(tmp_path_factory.mktemp("aikg-synth"))
    result = write_synthetic(PLANS, SEED, root, quiet=True)
    build(Settings(root=root, base=DEFAULT_BASE), quiet=True)
    return root, result


def test_same_seed_same_bytes_other_seed_other_plans(tmp_path: Path) -> None:
    first = write_synthetic(3, SEED, tmp_path / "a", quiet=True)
    second = write_synthetic(3, SEED, tmp_path / "b", quiet=True)
    for one, two in zip(first.data_files + first.source_files, second.data_files + second.source_files, strict=True):
        assert one.name == two.name and one.read_bytes() == two.read_bytes()
    other = [p.turtle for p in synth_plans(3, SEED + 1)]
    assert other != [p.turtle for p in first.plans]
    # Plan i depends on (seed, i) only: a larger set starts with the same plans.
    assert synth_plan(SEED, 2).turtle == first.plans[1].turtle


def test_counts_for_seed_14_are_exact() -> None:
    plans = list(synth_plans(PLANS, SEED))
    assert [p.kind for p in plans] == ["province", "province", "ministry", "province"]
    assert [len(p.tasks) for p in plans] == [10, 18, 18, 11]
    assert [p.appendix_rows for p in plans] == [10, 0, 0, 0]
    assert [p.draft for p in plans] == [True, False, False, False]
    assert sum(len(p.gaps["product"]) for p in plans) == 3
    assert sum(len(p.gaps["lead agency"]) for p in plans) == 4


def test_everything_synthetic_says_so() -> None:
    plan = synth_plan(SEED, 3)
    assert "/synthetic/" in plan.iri and plan.source_name.startswith("synthetic-")
    assert "Bộ Tổng hợp 3" in plan.turtle and "không có thật" in plan.text
    graph = Graph().parse(data=plan.turtle, format="turtle")
    invented = {s for s in graph.subjects() if isinstance(s, URIRef) and "/synthetic" in str(s)}
    real = {s for s in graph.subjects() if isinstance(s, URIRef)} - invented
    assert not real  # every node the file describes is invented; real ones (QĐ 367, BKHCN) are only referred to
    assert not [o for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(DEFAULT_BASE + "place/")
                and "synthetic" not in str(o) and not str(o).endswith("/place/vn")]


def test_text_is_nfc_and_every_fact_is_at_its_lines(synthetic: tuple[Path, SynthResult]) -> None:
    import unicodedata

    root, result = synthetic
    for plan in result.plans:
        assert unicodedata.normalize("NFC", plan.text) == plan.text
        assert unicodedata.normalize("NFC", plan.turtle) == plan.turtle
    graph = Graph().parse(root / "dist" / "aikg.nt", format="nt")
    problems = [p for p in check_provenance(graph, root / "sources") if "synthetic" in str(p.node)]
    assert problems == []


def test_validates_with_only_the_gaps_it_keeps(synthetic: tuple[Path, SynthResult]) -> None:
    """Violations: the draft's blank number and date only. Warnings: the tasks without a product or a lead.
    Infos: the ministry's units, which have no agency kind in the gazetteer."""
    root, result = synthetic
    graph = Graph().parse(root / "dist" / "aikg.nt", format="nt")
    report = validate_graph(graph, load_shapes(root / "shapes"))
    mine = [f for f in report.findings if "synthetic" in str(f.focus)]
    gaps = {key: set() for key in ("product", "lead agency", "number", "date")}
    for plan in result.plans:
        for key, nodes in plan.gaps.items():
            gaps[key] |= {URIRef(n) for n in nodes}
    violations = {(f.focus, f.path) for f in mine if f.severity == SH.Violation}
    assert violations == {(n, "aikg:number") for n in gaps["number"]} | {(n, "aikg:date") for n in gaps["date"]}
    warnings = {(f.focus, f.path) for f in mine if f.severity == SH.Warning}
    assert warnings == ({(n, "aikg:product") for n in gaps["product"]}
                        | {(n, "aikg:leadAgency") for n in gaps["lead agency"]})
    infos = {f.path for f in mine if f.severity == SH.Info}
    assert infos <= {"aikg:agencyKind"}
    # Each synthetic plan is typed as the curated ones are, and traced to the AI Law by the build.
    law = URIRef(DEFAULT_BASE + "eli/vn/luat/2025/134-2025-qh15")
    for plan in result.plans:
        node = URIRef(plan.iri)
        assert (node, RDF.type, AIKG.LocalPlan if plan.kind == "province" else AIKG.ImplementationPlan) in graph
        assert (URIRef(plan.tasks[0]), AIKG.tracesTo, law) in graph


def test_cli_writes_and_the_pipeline_runs_on_it(synthetic: tuple[Path, SynthResult], tmp_path: Path) -> None:
    root, result = synthetic
    done = subprocess.run([AIKG_CLI, "synth", "--plans", "2", "--seed", str(SEED), "--out", str(tmp_path), "-q"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "2 plans" in done.stdout
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == sorted(f.name for f in result.data_files[:2])
    env = {**os.environ, "AIKG_HOME": str(root)}
    validate = subprocess.run([AIKG_CLI, "validate"], env=env, capture_output=True, text=True, timeout=900,
                              check=False)
    assert validate.returncode == 1  # the real Hải Phòng draft and the synthetic draft have no number
    assert "Provenance" not in validate.stdout
