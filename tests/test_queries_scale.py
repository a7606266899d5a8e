"""The named queries on a graph with synthetic plans: exact answers for synthetic tasks, on both engines.

The real data's answers are pinned in test_queries.py; here the plans come from `aikg synth` (seed 14, four
plans), so each expected answer is read off the generator's own record of what it wrote.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from fixtures_build import copy_project
from rdflib import Graph, URIRef

from aikg.build import build
from aikg.config import DEFAULT_BASE, Settings
from aikg.query import find_query, named_queries, parse_bindings, rows, run
from aikg.store import dump_file, open_store
from aikg.synth import Plan, write_synthetic

SEED, PLANS = 14, 4
QD = DEFAULT_BASE + "eli/vn/qd/2026/367-qd-ttg"
LAW = DEFAULT_BASE + "eli/vn/luat/2025/134-2025-qh15"
AIKG = "https://w3id.org/aikg/ontology#"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, list[Plan], Graph]:
    root = copy_project(tmp_path_factory.mktemp("aikg-scale"))
    plans = write_synthetic(PLANS, SEED, root, quiet=True).plans
    settings = Settings(root=root, base=DEFAULT_BASE)
    build(settings, quiet=True)
    return settings, plans, Graph().parse(root / "dist" / "aikg.nt", format="nt")


@pytest.fixture(scope="module")
def store(project: tuple[Settings, list[Plan], Graph]):
    return open_store(dump_file(project[0].dist_dir), "oxigraph")


def _rows(store, settings: Settings, name: str, **params: str) -> list[dict[str, object]]:
    query = find_query(name, settings)
    bindings = parse_bindings([f"{k}={v}" for k, v in params.items()], query, DEFAULT_BASE)
    return store.query(query.text, bindings=bindings).dicts()


def test_trace_up_of_a_synthetic_task_is_exactly_its_chain(project, store) -> None:
    """A lettered task of the draft plan (seed 14, plan 1, II.1.a): task → heading II.1 → section II → plan →
    QĐ 367 → the law, and task → its QĐ 367 task → that task's parents and articles."""
    settings, plans, graph = project
    plan = plans[0]
    task = next(t for t in plan.tasks if t.endswith("/II/1/a"))
    found = _rows(store, settings, "trace-up", task=f"<{task}>")
    edges = {(str(r["from"]), str(r["relation"]).rsplit("#", 1)[-1], str(r["to"])) for r in found}
    part_of = {(a, b) for a, rel, b in edges if rel == "isPartOf" and a.startswith(plan.iri)}
    assert part_of == {(task, task.rsplit("/", 1)[0]), (task.rsplit("/", 1)[0], plan.iri + "/II"),
                       (plan.iri + "/II", plan.iri)}
    assert (plan.iri, "implements", QD) in edges and (QD, "implements", LAW) in edges
    national = {b for a, rel, b in edges if a == task and rel == "derivesFrom"}
    expected = {str(o) for o in graph.objects(URIRef(task), URIRef("https://w3id.org/aikg/ontology#derivesFrom"))}
    assert national == expected and national
    assert all(r["reason"] for r in found if str(r["relation"]).endswith("#derivesFrom"))
    assert [r["task"] for r in found] == [URIRef(task)] * len(found)
    steps = [int(r["step"]) for r in found]
    assert steps == sorted(steps) and steps[0] == 1
    # Nothing of another plan is on the way up.
    others = {p.iri for p in plans[1:]}
    assert not {a for a, _, _ in edges} & others and not {b for _, _, b in edges} & others


def test_trace_up_of_an_appendix_row_goes_through_the_body_task(project, store) -> None:
    settings, plans, _ = project
    plan = plans[0]
    assert plan.appendix_rows
    row = f"{plan.iri}/appendix/1"
    edges = {(str(r["from"]), str(r["relation"]).rsplit("#", 1)[-1], str(r["to"]))
             for r in _rows(store, settings, "trace-up", task=f"<{row}>")}
    assert (row, "restates", plan.tasks[0]) in edges
    assert (row, "isPartOf", f"{plan.iri}/appendix") in edges


def test_trace_down_of_a_national_task_is_exactly_the_synthetic_tasks_deriving_from_it(project, store) -> None:
    """The QĐ 367 task the synthetic plans follow most: trace-down lists, among the synthetic plans, exactly
    the tasks whose Turtle (as the generator wrote it) derives from it, or that lie within an item that does."""
    settings, plans, _ = project
    derives, part_of = URIRef(AIKG + "derivesFrom"), URIRef(AIKG + "isPartOf")
    written = Graph()
    for plan in plans:
        written.parse(data=plan.turtle, format="turtle")
    followed: dict[str, int] = {}
    for national in written.objects(None, derives):
        followed[str(national)] = followed.get(str(national), 0) + 1
    national = max(sorted(followed), key=lambda n: followed[n])

    def follows(node: URIRef) -> bool:
        return (node, derives, URIRef(national)) in written or any(
            follows(parent) for parent in written.objects(node, part_of))

    expected = {task for plan in plans for task in plan.tasks if follows(URIRef(task))}
    assert len(expected) >= 2
    found = _rows(store, settings, "trace-down", instrument=f"<{national}>")
    synthetic = {p.iri: p for p in plans}
    rows = [r for r in found if str(r["plan"]) in synthetic]
    assert {str(r["task"]) for r in rows} == expected
    assert len(rows) == len(expected)  # one row per task
    for row in rows:
        assert str(row["task"]) in synthetic[str(row["plan"])].tasks
    notation = str(next(iter(store.query(
        f"SELECT ?n WHERE {{ <{national}> <{AIKG}notation> ?n }}").rows))[0])
    direct = {str(t) for t in written.subjects(derives, URIRef(national))}
    assert all(notation in str(r["via"]).split(", ") for r in rows if str(r["task"]) in direct)
    # The rest of the answer is the real plans' tasks: nothing of QĐ 367 itself, no plan row without a task.
    assert all(r["task"] is not None and not str(r["task"]).startswith(QD) for r in found)


def test_tasks_by_agency_and_coverage_see_the_synthetic_plans(project, store) -> None:
    settings, plans, graph = project
    plan = plans[1]
    dost = DEFAULT_BASE + f"agency/synthetic/{plan.slug}/so-khoa-hoc-va-cong-nghe"
    found = _rows(store, settings, "tasks-by-agency", agency=f"<{dost}>")
    lead = URIRef("https://w3id.org/aikg/ontology#leadAgency")
    assert {str(r["task"]) for r in found if str(r["role"]) == "lead"} == {
        str(t) for t in graph.subjects(lead, URIRef(dost)) if str(t) in plan.tasks}
    coverage = _rows(store, settings, "coverage")
    local = {p.iri for p in plans if p.kind == "province"}
    assert local <= {str(r["plan"]) for r in coverage}  # ministry plans are not local plans
    nationals = {str(r["nationalTask"]) for r in coverage}
    assert len(coverage) == len(nationals) * (2 + len(local))


def test_every_named_query_agrees_on_both_engines_with_synthetic_plans(project, store) -> None:
    settings, _, graph = project
    for query in named_queries(settings):
        words = shlex.split(query.examples[0])
        params = [words[i + 1] for i, word in enumerate(words) if word == "--param"]
        bindings = parse_bindings(params, query, DEFAULT_BASE)
        ours = sorted(tuple(sorted(str(v).split(", ")) if v is not None else None for v in row.values())
                      for row in rows(run(graph, query, bindings)))
        theirs = sorted(tuple(sorted(str(v).split(", ")) if v is not None else None for v in row)
                        for row in store.query(query.text, bindings=bindings).rows)
        assert len(ours) == len(theirs), query.name


def test_bench_scale_runs_at_seed_size(tmp_path: Path) -> None:
    """The benchmark prints (figures are not checked): seed size only, one query, one run."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parent.parent / "bench" / "bench_scale.py"
    done = subprocess.run([sys.executable, str(script), "--sizes", "0", "--repeat", "1", "--only", "trace-up",
                           "--json", str(tmp_path / "out.json")], capture_output=True, text=True, timeout=900,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "trace-up" in done.stdout and "build time" in done.stdout
