"""Every page that evaluates SPARQL goes through the app's store and its limits; none holds a graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from aikg_server.app import create_app
from fixtures_server import server_config
from rdflib import Graph


@pytest.fixture(scope="module")
def tiny_rows(project_copy: Path):
    """An app whose store answers at most 5 rows."""
    app = create_app(server_config(project_copy).with_(max_rows=5))
    yield app.test_client()
    app.extensions["aikg_store"].close()


def test_coverage_page_keeps_the_row_limit(tiny_rows) -> None:
    reply = tiny_rows.get("/analysis/coverage", headers={"Accept": "text/plain"})
    assert reply.status_code == 400 and "max_rows" in reply.get_data(as_text=True)


def test_resource_as_data_keeps_the_row_limit(tiny_rows) -> None:
    reply = tiny_rows.get("/eli/vn/qd/2026/367-qd-ttg?format=nt")
    assert reply.status_code == 400 and "max_rows" in reply.get_data(as_text=True)


def test_no_graph_is_held_by_the_web_process(tiny_rows) -> None:
    app = tiny_rows.application
    held = [name for name, value in {**app.config, **app.extensions}.items() if isinstance(value, Graph)]
    assert held == [] and "AIKG_GRAPH" not in app.config
