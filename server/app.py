"""The Flask app factory: one store, the blueprints, CORS and the error handlers."""

from __future__ import annotations

from aikg_server import errors
from aikg_server.config import ServerConfig, from_environment
from flask import Flask, render_template
from flask_cors import CORS

from aikg.store import Store, dump_file, open_store


def make_store(config: ServerConfig) -> Store:
    """Worker processes with a time limit, or (query_timeout 0) the engine in this process."""
    dump = dump_file(config.dist_dir)
    if config.query_timeout <= 0:
        return open_store(dump, config.engine)
    from aikg_server.workers import WorkerPool

    return WorkerPool(dump, config.engine, size=config.query_workers, timeout=config.query_timeout,
                      memory_mb=config.worker_memory_mb)


def _analysis_graph(config: ServerConfig):
    """A lazily loaded rdflib Graph of the build, for the analysis views (which walk rdflib graphs)."""
    cache: dict[str, object] = {}

    def get():
        if "graph" not in cache:
            from aikg.query import load_graph

            cache["graph"] = load_graph(config.project)
        return cache["graph"]

    return get


def create_app(config: ServerConfig | None = None, store: Store | None = None) -> Flask:
    """The app serving the build in config.dist_dir (default: settings from the environment)."""
    config = config or from_environment()
    app = Flask("aikg_server", static_folder="static", template_folder="templates")
    app.config["AIKG"] = config
    app.config["AIKG_GRAPH"] = _analysis_graph(config)
    app.config["JSON_AS_ASCII"] = False
    # The body of a POSTed query may be URL-encoded (up to 3 bytes per character) plus the graph parameters.
    app.config["MAX_CONTENT_LENGTH"] = (config.max_query_length * 3 + 65536) if config.max_query_length else None
    app.extensions["aikg_store"] = store or make_store(config)
    CORS(app, resources={r"/*": {"origins": "*"}}, expose_headers=["Content-Type", "ETag", "Last-Modified"])

    from aikg_server.analysis_views import analysis
    from aikg_server.dataset_views import dataset
    from aikg_server.ontology_views import ontology
    from aikg_server.query_views import queries
    from aikg_server.resource_views import resources
    from aikg_server.sparql_views import sparql

    for blueprint in (sparql, queries, dataset, ontology):
        app.register_blueprint(blueprint)
    app.register_blueprint(analysis, url_prefix="/analysis")
    app.register_blueprint(resources)  # last: its catch-all route serves every other path as a resource

    @app.route("/")
    def home() -> str:
        """What this server offers."""
        return render_template("home.html")

    @app.route("/favicon.ico")
    def favicon() -> tuple[str, int]:
        """No icon (browsers ask for one anyway)."""
        return "", 204

    errors.register(app)
    return app
