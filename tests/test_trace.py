"""`aikg trace`: finding THING, walking up and down, the printed tree, the pictures and the web view."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_server import free_port
from rdflib import Graph, URIRef

from aikg.config import DEFAULT_BASE
from aikg.namespaces import AIKG
from aikg.trace import NotFound, edges, render_tree, resolve, to_elements, trace, walk

BASE = DEFAULT_BASE
HUE = BASE + "eli/vn/hue/kh/2026/213-kh-ubnd"
HP = BASE + "eli/vn/hai-phong/kh/2026/du-thao"
QD = BASE + "eli/vn/qd/2026/367-qd-ttg"
LAW = BASE + "eli/vn/luat/2025/134-2025-qh15"
AIKG_CLI = str(Path(sys.executable).with_name("aikg"))
MINI = Path(__file__).parent / "fixtures" / "analysis" / "mini.ttl"


def run_cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AIKG_HOME": str(home)}
    return subprocess.run([AIKG_CLI, *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def mini() -> Graph:
    return Graph().parse(MINI)


# --- on a tiny graph: the walk's rules ------------------------------------------------------------------

def test_inferred_shortcuts_do_not_clutter_the_tree(mini: Graph) -> None:
    """With the reasoner's transitive isPartOf (II.4 part of the plan directly) the tree still steps via II."""
    graph = Graph() + mini
    graph.add((URIRef(HUE + "/II/4"), AIKG.isPartOf, URIRef(HUE)))
    graph.add((URIRef(HUE + "/II/4"), AIKG.tracesTo, URIRef(LAW)))
    tree = walk(graph, URIRef(HUE + "/II/4"), "up")
    firsts = {(c.relation, c.node) for c in tree.children}
    assert firsts == {(AIKG.isPartOf, URIRef(HUE + "/II")), (AIKG.derivesFrom, URIRef(QD + "/II/5/dd"))}
    found = {(e.source, e.relation, e.target) for e in edges(tree, "up")}
    assert (URIRef(QD + "/II/5/dd"), AIKG.carriesOut, URIRef(LAW + "/art/17")) in found
    assert (URIRef(HUE + "/II/4"), AIKG.isPartOf, URIRef(HUE)) not in found


def test_a_node_met_twice_is_shown_once(mini: Graph) -> None:
    tree = walk(mini, URIRef(HUE + "/II/4"), "up")
    text = render_tree(mini, tree, "up", BASE)
    assert text.count("Luật Trí tuệ nhân tạo  (shown above)") >= 1
    assert text.count("└─ implements → Luật Trí tuệ nhân tạo\n") == 1


def test_down_from_the_law_shows_only_traced_articles(mini: Graph) -> None:
    tree = walk(mini, URIRef(LAW), "down")
    text = render_tree(mini, tree, "down", BASE)
    assert "carried out by → 367/QĐ-TTg II.5.đ" in text
    assert "implemented by → Quyết định 367/QĐ-TTg" in text
    assert "followed by → 213/KH-UBND II.4" in text


def test_elements_for_cytoscape(mini: Graph) -> None:
    root = URIRef(HUE + "/II/4")
    _, found = trace(mini, root, "both")
    elements = to_elements(mini, root, found)
    ids = {n["data"]["id"] for n in elements["nodes"]}
    assert elements["root"] in ids
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in elements["edges"])
    assert {n["data"]["kind"] for n in elements["nodes"]} >= {"law", "national", "local"}


# --- on the real build ----------------------------------------------------------------------------------

def test_resolve_thing_in_every_form(built_graph: Graph) -> None:
    assert resolve(built_graph, f"<{QD}>", BASE) == URIRef(QD)
    assert resolve(built_graph, QD, BASE) == URIRef(QD)
    assert resolve(built_graph, "id:eli/vn/qd/2026/367-qd-ttg", BASE) == URIRef(QD)
    assert resolve(built_graph, "eli/vn/qd/2026/367-qd-ttg", BASE) == URIRef(QD)
    assert resolve(built_graph, "367/QĐ-TTg", BASE) == URIRef(QD)
    assert resolve(built_graph, "367/QD-TTg", BASE) == URIRef(QD)  # typed without Vietnamese letters
    assert resolve(built_graph, "134/2025/QH15", BASE) == URIRef(LAW)
    assert resolve(built_graph, "213/KH-UBND II.4", BASE) == URIRef(HUE + "/II/4")
    assert resolve(built_graph, "367/QĐ-TTg II.5.đ", BASE) == URIRef(QD + "/II/5/dd")
    doet = URIRef(BASE + "agency/hai-phong/so-giao-duc-va-dao-tao")
    assert resolve(built_graph, "Sở Giáo dục và Đào tạo", BASE) == doet  # the city's, not the agency kind
    with pytest.raises(NotFound, match="matches no"):
        resolve(built_graph, "không có gì như thế này", BASE)
    with pytest.raises(NotFound, match="matches .* things"):
        resolve(built_graph, "cơ sở dữ liệu", BASE)


def test_trace_up_from_hue_database_task(built_graph: Graph) -> None:
    trees, found = trace(built_graph, URIRef(HUE + "/II/4"), "up")
    steps = {(e.source, e.relation, e.target) for e in found}
    assert (URIRef(HUE + "/II/4"), AIKG.derivesFrom, URIRef(QD + "/II/5/dd")) in steps
    reached = {e.target for e in found}
    assert {URIRef(QD + "/II/5"), URIRef(LAW + "/art/17"), URIRef(LAW)} <= reached
    text = render_tree(built_graph, trees["up"], "up", BASE)
    assert "derives from → 367/QĐ-TTg II.5.đ" in text
    assert "why: " in text and "Điều 17" in text


def test_trace_down_from_qd367_reaches_every_city_task(built_graph: Graph) -> None:
    trees, found = trace(built_graph, URIRef(QD), "down")
    reached = {e.source for e in found}
    tasks = {t for t in built_graph.objects(URIRef(HUE), AIKG.hasTask)} | set(
        built_graph.objects(URIRef(HP), AIKG.hasTask))
    assert len(tasks) == 21 and tasks <= reached


def test_cli_trace_prints_and_draws(project_copy: Path, tmp_path: Path) -> None:
    svg, png = tmp_path / "trace.svg", tmp_path / "trace.png"
    result = run_cli(project_copy, "trace", "213/KH-UBND II.4", "--out", str(svg))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Up to the law:\n213/KH-UBND II.4")
    # QĐ 367 II.5.đ (line 270) restates clause 3 of Article 17 (line 309) word for word.
    assert "carries out → 134/2025/QH15 khoản 3 Điều 17" in result.stdout
    assert "part of → 134/2025/QH15 Điều 17 — Cơ sở dữ liệu phục vụ trí tuệ nhân tạo" in result.stdout
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Điều 17" in texts and "II.5.đ" in texts
    result = run_cli(project_copy, "trace", "367/QĐ-TTg", "--direction", "down", "-o", str(png))
    assert result.returncode == 0, result.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "Down to the tasks:" in result.stdout and "has task → 213/KH-UBND II.4" in result.stdout


def test_cli_trace_errors(project_copy: Path, tmp_path: Path) -> None:
    missing = run_cli(project_copy, "trace", "không có gì như thế này")
    assert missing.returncode == 2 and "matches no" in missing.stderr
    bad = run_cli(project_copy, "trace", "367/QĐ-TTg", "--out", str(tmp_path / "x.gif"))
    assert bad.returncode == 2 and ".svg" in bad.stderr


# --- the web view ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app(project_copy: Path):
    """The real app over the session build: the trace pages read the graph through its store."""
    from aikg_server.app import create_app
    from fixtures_server import server_config

    application = create_app(server_config(project_copy))
    yield application
    application.extensions["aikg_store"].close()


def test_trace_page_and_json(app) -> None:
    client = app.test_client()
    page = client.get("/analysis/trace", query_string={"thing": "213/KH-UBND II.4"})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Điều 17" in body and 'id="cy"' in body
    assert "/analysis/vendor/cytoscape.min.js" in body
    assert "src=\"http" not in body and "href=\"http" not in body.replace(f'href="{HUE}', "")  # nothing remote
    data = client.get("/analysis/trace.json", query_string={"thing": HUE + "/II/4"}).get_json()
    iris = {n["data"]["iri"] for n in data["nodes"]}
    assert {HUE + "/II/4", QD + "/II/5/dd", LAW + "/art/17", LAW} <= iris
    assert any(n["data"]["page"] == "/eli/vn/hue/kh/2026/213-kh-ubnd/II/4" for n in data["nodes"])
    assert client.get("/analysis/trace", query_string={"thing": "không có gì như thế này"}).status_code == 404
    assert client.get("/analysis/trace.json", query_string={"thing": "không có gì"}).status_code == 404
    assert client.get("/analysis/trace").status_code == 200




@pytest.fixture()
def served(app) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                    reason="needs Debian's chromium and chromium-driver (make system-deps)")
def test_trace_graph_renders_in_a_browser(served: str) -> None:
    """Headless Chromium draws the cytoscape graph from the vendored library, with no other host."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    if not (Path(__file__).parents[1] / "server/static/vendor/cytoscape/cytoscape.min.js").is_file():
        subprocess.run([str(Path(__file__).parents[1] / "scripts/vendor-analysis-js.sh")], check=True)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")  # type: ignore[assignment]
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(f"{served}/analysis/trace?thing=213/KH-UBND%20II.4")
        WebDriverWait(driver, 30).until(lambda d: d.find_element("id", "cy").get_attribute("data-ready"))
        count = int(driver.find_element("id", "cy").get_attribute("data-ready"))
        assert count >= 8
        labels = driver.execute_script("return window.aikgTrace.nodes().map(n => n.data('label')).join('|')")
        assert "Điều 17" in labels
        assert driver.find_elements("css selector", "#cy canvas")
    finally:
        driver.quit()
