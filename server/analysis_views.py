"""Web views of the analysis tools: an interactive trace graph for any resource and the coverage matrix.

A Flask blueprint, so the app factory mounts it with one line:

    app.register_blueprint(analysis, url_prefix="/analysis")

Every fact comes through the app's store, with its limits: a trace fetches just the part of the graph it
walks (aikg.trace_store), the matrix is the named query `coverage`. cytoscape.js is served from
this server (vendored from npm by scripts/vendor-analysis-js.sh): the pages make no request to another host.
"""

from __future__ import annotations

from pathlib import Path

from aikg_server.context import store
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup
from rdflib import Graph, URIRef

from aikg.config import Settings, settings
from aikg.errors import AikgError
from aikg.namespaces import AIKG

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor" / "cytoscape"

analysis = Blueprint("analysis", __name__, template_folder="templates")

#: Example starting points offered on the empty trace page (a city task, the national plan, the law).
EXAMPLES = ("213/KH-UBND II.4", "367/QĐ-TTg", "134/2025/QH15", "phân loại hệ thống trí tuệ nhân tạo")


def _settings() -> Settings:
    """The app's project settings (its ServerConfig.project) when it has them, else the environment's."""
    project = getattr(current_app.config.get("AIKG"), "project", None)
    return project if isinstance(project, Settings) else settings()


def resource_path(iri: str) -> str | None:
    """Where this server shows a resource: its path under the base, else the IRI if http(s), else None."""
    from aikg_server.context import safe_href

    return safe_href(iri)


def _trace_or_error(thing: str, direction: str) -> tuple[Graph | None, URIRef | None, str | None]:
    """(the subgraph the trace walks, its root, None) or (None, None, why nothing was found); the subgraph
    comes from the store with bounded queries (aikg.trace_store), never from a graph held here."""
    from aikg import trace_store

    if direction not in ("up", "down", "both"):
        abort(400, description=f"unknown direction {direction!r}: use up, down or both")
    try:
        root, _ = trace_store.resolve(store(), thing, _settings().base)
    except AikgError as error:
        return None, None, str(error)
    return trace_store.fetch(store(), [root], direction), root, None


@analysis.route("/")
def index() -> str:
    """The analysis tools in one place."""
    return render_template("analysis/index.html", examples=EXAMPLES)


@analysis.route("/trace")
def trace_page() -> Response | str:
    """The trace of THING (an IRI, an instrument number or a label fragment): text tree and graph."""
    from aikg import trace as t

    thing = request.args.get("thing", "").strip()
    direction = request.args.get("direction", "both")
    if not thing:
        return render_template("analysis/trace.html", thing="", direction=direction, examples=EXAMPLES,
                               trees={}, error=None, root=None)
    graph, root, error = _trace_or_error(thing, direction)
    if root is None:
        page = render_template("analysis/trace.html", thing=thing, direction=direction, examples=EXAMPLES,
                               trees={}, error=error, root=None)
        return Response(page, status=404, mimetype="text/html")
    assert graph is not None
    trees, _ = t.trace(graph, root, direction)
    texts = {way: t.render_tree(graph, tree, way, _settings().base) for way, tree in trees.items()}
    return render_template(
        "analysis/trace.html", thing=thing, direction=direction, examples=EXAMPLES, trees=texts, error=None,
        root={"iri": str(root), "name": t.name(graph, root), "page": resource_path(str(root))},
        data_url=url_for("analysis.trace_json", thing=str(root), direction=direction),
    )


@analysis.route("/trace.json")
def trace_json() -> Response:
    """The trace as cytoscape.js elements: {root, nodes, edges}; each node has its IRI and page."""
    from aikg import trace as t

    thing = request.args.get("thing", "").strip()
    if not thing:
        abort(400, description="give ?thing=IRI, an instrument number or a label fragment")
    graph, root, error = _trace_or_error(thing, request.args.get("direction", "both"))
    if root is None:
        response = jsonify({"error": error})
        response.status_code = 404
        return response
    assert graph is not None
    _, trace_edges = t.trace(graph, root, request.args.get("direction", "both"))
    elements = t.to_elements(graph, root, trace_edges)
    for node in elements["nodes"]:  # type: ignore[union-attr]
        node["data"]["page"] = resource_path(node["data"]["iri"])
    return jsonify(elements)


@analysis.route("/coverage")
def coverage_page() -> str:
    """The plan × national-task matrix as a table and a heat map."""
    from aikg import coverage as c

    matrix = _coverage()
    link = url_for("analysis.trace_page") + "?thing={}"
    return render_template(
        "analysis/coverage.html", table=Markup(c.table_html(matrix, link=link)),
        heatmap=Markup(_heatmap()) if matrix.rows else None,
        totals=[(col.name, matrix.covered(col), len(matrix.rows)) for col in matrix.columns],
    )


@analysis.route("/coverage.svg")
def coverage_svg() -> Response:
    """The heat map alone, as an SVG picture."""

    return Response(_heatmap(), mimetype="image/svg+xml")


def _per_build(key: str, make):
    """A value computed once per build served (the store's generation grows at each reload): the
    matrix and its picture take a query and a matplotlib drawing that every visitor would repeat."""
    generation = getattr(store(), "generation", 0)
    cache = current_app.extensions.setdefault("aikg_per_build", {})
    if cache.get("generation") != generation:
        cache.clear()
        cache["generation"] = generation
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _heatmap() -> str:
    from aikg import coverage as c

    return _per_build("heatmap", lambda: c.svg_text(_coverage()))


def _coverage():
    """The coverage matrix from the store: the named query `coverage`, and the numbers of the plans."""
    return _per_build("coverage", _coverage_from_store)


def _coverage_from_store():
    from aikg import coverage as c
    from aikg.query import named_query

    limit = current_app.config["AIKG"].max_rows or None
    rows = store().query(named_query("coverage", _settings()).text, max_rows=limit).dicts()
    numbers = {plan: number for plan, number in
               store().query(f"SELECT ?plan ?n WHERE {{ ?plan <{AIKG.number}> ?n }}", max_rows=limit).rows}
    return c.pivot(rows, numbers)


@analysis.route("/vendor/<path:filename>")
def vendor(filename: str) -> Response:
    """cytoscape.js, served from this server (see scripts/vendor-analysis-js.sh)."""
    if not (VENDOR / filename).is_file():
        abort(404, description="cytoscape.js is not vendored yet: run scripts/vendor-analysis-js.sh (or make vendor)")
    return send_from_directory(VENDOR, filename, max_age=86400)
