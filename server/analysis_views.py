"""Web views of the analysis tools: an interactive trace graph for any resource and the coverage matrix.

A Flask blueprint, so the app factory mounts it with one line:

    app.register_blueprint(analysis, url_prefix="/analysis")

The graph comes from the app: `app.config["AIKG_GRAPH"]` may be a callable returning the rdflib Graph
the app serves; without it the build is loaded once (aikg.query.load_graph). cytoscape.js is served from
this server (vendored from npm by scripts/vendor-analysis-js.sh): the pages make no request to another host.
"""

from __future__ import annotations

from pathlib import Path

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
from rdflib import Graph

from aikg.config import Settings, settings
from aikg.errors import AikgError

HERE = Path(__file__).resolve().parent
VENDOR = HERE / "static" / "vendor" / "cytoscape"

analysis = Blueprint("analysis", __name__, template_folder="templates")

#: Example starting points offered on the empty trace page (a city task, the national plan, the law).
EXAMPLES = ("213/KH-UBND II.4", "367/QĐ-TTg", "134/2025/QH15", "phân loại hệ thống trí tuệ nhân tạo")


def _settings() -> Settings:
    """The app's project settings (its ServerConfig.project) when it has them, else the environment's."""
    project = getattr(current_app.config.get("AIKG"), "project", None)
    return project if isinstance(project, Settings) else settings()


def _graph() -> Graph:
    """The graph the app serves (its AIKG_GRAPH callable), else the build, loaded once per app."""
    getter = current_app.config.get("AIKG_GRAPH")
    if callable(getter):
        return getter()
    if isinstance(getter, Graph):
        return getter
    cached = current_app.extensions.get("aikg_analysis_graph")
    if cached is None:
        from aikg.query import load_graph

        cached = load_graph(_settings())
        current_app.extensions["aikg_analysis_graph"] = cached
    return cached


def resource_path(iri: str) -> str:
    """Where this server shows a resource: its IRI's path when it lies under the published base."""
    base = _settings().base
    return "/" + iri[len(base):] if iri.startswith(base) else iri


def _trace_or_error(thing: str, direction: str):
    from aikg import trace as t

    if direction not in ("up", "down", "both"):
        abort(400, description=f"unknown direction {direction!r}: use up, down or both")
    graph = _graph()
    try:
        root = t.resolve(graph, thing, _settings().base)
    except AikgError as error:
        return graph, None, str(error)
    return graph, root, None


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
    _, trace_edges = t.trace(graph, root, request.args.get("direction", "both"))
    elements = t.to_elements(graph, root, trace_edges)
    for node in elements["nodes"]:  # type: ignore[union-attr]
        node["data"]["page"] = resource_path(node["data"]["iri"])
    return jsonify(elements)


@analysis.route("/coverage")
def coverage_page() -> str:
    """The plan × national-task matrix as a table and a heat map."""
    from aikg import coverage as c

    matrix = c.coverage_matrix(_graph(), _settings())
    link = url_for("analysis.trace_page") + "?thing={}"
    return render_template(
        "analysis/coverage.html", table=Markup(c.table_html(matrix, link=link)),
        heatmap=Markup(c.svg_text(matrix)) if matrix.rows else None,
        totals=[(col.name, matrix.covered(col), len(matrix.rows)) for col in matrix.columns],
    )


@analysis.route("/coverage.svg")
def coverage_svg() -> Response:
    """The heat map alone, as an SVG picture."""
    from aikg import coverage as c

    return Response(c.svg_text(c.coverage_matrix(_graph(), _settings())), mimetype="image/svg+xml")


@analysis.route("/vendor/<path:filename>")
def vendor(filename: str) -> Response:
    """cytoscape.js, served from this server (see scripts/vendor-analysis-js.sh)."""
    if not (VENDOR / filename).is_file():
        abort(404, description="cytoscape.js is not vendored yet: run scripts/vendor-analysis-js.sh (or make vendor)")
    return send_from_directory(VENDOR, filename, max_age=86400)
