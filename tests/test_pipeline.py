"""The build pipeline through the real CLI: stable bytes, round trips, HermiT, clear errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_build import copy_project
from rdflib import Graph
from rdflib.compare import isomorphic

AIKG = str(Path(sys.executable).with_name("aikg"))
OUTPUTS = ("aikg.ttl", "aikg.nt", "aikg.jsonld", "aikg.nq", "inferred.ttl")


def run_cli(home: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIKG_HOME": str(home), "PYTHONHASHSEED": seed}
    return subprocess.run([AIKG, *args], env=env, capture_output=True, text=True, timeout=600)


def test_rebuild_is_byte_identical(project_copy: Path, tmp_path: Path) -> None:
    """A second build, in another process with another hash seed, writes the same bytes."""
    other = copy_project(tmp_path / "again")
    result = run_cli(other, "build", "--quiet", seed="12345")
    assert result.returncode == 0, result.stderr
    for name in OUTPUTS:
        assert (other / "dist" / name).read_bytes() == (project_copy / "dist" / name).read_bytes(), name


@pytest.mark.parametrize("name,fmt", [("aikg.ttl", "turtle"), ("aikg.jsonld", "json-ld")])
def test_dumps_round_trip_isomorphic(built_dist: Path, built_graph: Graph, name: str, fmt: str) -> None:
    other = Graph().parse(built_dist / name, format=fmt)
    assert len(other) == len(built_graph)
    assert isomorphic(other, built_graph)


def test_named_graphs_keep_inferred_apart(built_dist: Path, built_graph: Graph) -> None:
    from aikg.graphio import load_named_graphs

    dataset = load_named_graphs(built_dist / "aikg.nq")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {f"https://w3id.org/aikg/graph/{n}" for n in ("ontology", "asserted", "inferred")}
    inferred = Graph().parse(built_dist / "inferred.ttl")
    asserted = dataset.graph(dataset.graph("https://w3id.org/aikg/graph/asserted").identifier)
    assert len(inferred) > 0
    assert not any(t in asserted for t in inferred)


def test_broken_data_file_exits_2_naming_file_and_line(tmp_path: Path) -> None:
    home = copy_project(tmp_path / "broken")
    bad = home / "data" / "broken.ttl"
    bad.write_text('@prefix aikg: <https://w3id.org/aikg/ontology#> .\n\n<a> aikg:title "x"@vi ;\n  aikg:number .\n',
                   encoding="utf-8")
    result = run_cli(home, "build", "--quiet")
    assert result.returncode == 2
    assert "broken.ttl:4" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (home / "dist" / "aikg.nt").exists()  # nothing half-written


def test_validate_exits_2_on_broken_file(tmp_path: Path, project_copy: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = run_cli(project_copy, "validate", str(bad))
    assert result.returncode == 2
    assert "bad.ttl:1" in result.stderr


def test_reason_names_inconsistent_individual(tmp_path: Path) -> None:
    home = copy_project(tmp_path / "clash")
    (home / "data" / "clash.ttl").write_text(
        "@prefix aikg: <https://w3id.org/aikg/ontology#> .\n@base <https://w3id.org/aikg/> .\n"
        "<agency/test/so> a aikg:Agency .\n<plan/test/II/1> aikg:product <agency/test/so> .\n", encoding="utf-8")
    result = run_cli(home, "reason")
    assert result.returncode == 1
    assert "inconsistent" in result.stderr
    assert ("https://w3id.org/aikg/agency/test/so is both aikg:Agency via aikg:Agency (asserted) and "
            "aikg:Product via aikg:Product (range of aikg:product), which are disjoint") in result.stderr


def test_reason_says_clearly_when_java_is_missing(tmp_path: Path, project_copy: Path) -> None:
    env_path = tmp_path / "bin"
    env_path.mkdir()
    os.symlink(sys.executable, env_path / "python")
    env = {**os.environ, "AIKG_HOME": str(project_copy), "PATH": str(env_path)}
    result = subprocess.run([AIKG, "reason"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    assert "Java was not found" in result.stderr


def test_hermit_infers_trace_to_ai_law(built_dist: Path) -> None:
    """HermiT (via the property chain isPartOf ∘ tracesTo) traces a Huế task to the AI Law."""
    inferred = Graph().parse(built_dist / "inferred.ttl")
    task = "https://w3id.org/aikg/eli/vn/hue/kh/2026/213-kh-ubnd/II/4"
    law = "https://w3id.org/aikg/eli/vn/luat/2025/134-2025-qh15"
    qd = "https://w3id.org/aikg/eli/vn/qd/2026/367-qd-ttg"
    ask = f"ASK {{ <{task}> <https://w3id.org/aikg/ontology#tracesTo> <{{}}> }}"
    assert inferred.query(ask.replace("{}", law)).askAnswer
    assert inferred.query(ask.replace("{}", qd)).askAnswer


def test_system_tools_present() -> None:
    """The Makefile's system-deps step provides Java for HermiT."""
    assert shutil.which("java"), "java missing: run ./scripts/install-system-deps.sh"
