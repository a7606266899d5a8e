"""The Flask app factory: one store, the blueprints, CORS and the error handlers."""

from __future__ import annotations

import math
import time
from pathlib import Path

from aikg_server import errors
from aikg_server.config import ServerConfig, from_environment
from aikg_server.workers import WorkerPool, asking_client
from flask import Flask, Response, g, render_template, request
from flask_cors import CORS

from aikg.store import ServingStore


def make_store(config: ServerConfig) -> ServingStore:
    """The store the app queries: a remote SPARQL endpoint (store_url), or the build in dist/ served by
    killable, network-isolated worker processes over one shared on-disk store, reloadable."""
    if config.store_url:
        from aikg.remote import RemoteStore

        return RemoteStore(config.store_url, timeout=config.query_timeout or None)
    from aikg_server.reloading import ReloadingStore

    from aikg.namespaces import PREFIXES

    if config.worker_store not in ("auto", "memory", "disk"):
        raise ValueError(f"AIKG_WORKER_STORE must be auto, memory or disk, not {config.worker_store!r}")

    def start_pool(store_dir: Path) -> WorkerPool:
        dump_mb = sum(p.stat().st_size for p in store_dir.glob("aikg.*")) / (1 << 20)
        in_memory = config.worker_store == "memory" or (
            config.worker_store == "auto" and dump_mb <= config.memory_store_max_mb)
        return WorkerPool(store_dir, size=config.query_workers, timeout=config.query_timeout or 86400.0,
                          memory_mb=config.worker_memory_mb, prefixes=dict(PREFIXES),
                          require_isolation=not config.allow_unisolated, in_memory=in_memory,
                          answer_cache_mb=config.answer_cache_mb, per_client=config.client_queries,
                          failed_cooldown=config.failed_query_cooldown)

    return ReloadingStore(config.dist_dir, start_pool)


#: Sent with every answer: pages load scripts, styles and pictures only from this server, are never
#: framed, and never send the visitor's address bar to another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _limiter(app: Flask, config: ServerConfig) -> None:
    """Per-client rate limiting (Flask-Limiter, in memory): 429 with Retry-After past the limit."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    # Registered before the Limiter's own hook, so it runs after it (Flask runs after_request hooks in
    # reverse order) and sees the headers the Limiter set.
    @app.after_request
    def retry_after_rounded_up(response: Response) -> Response:
        """Flask-Limiter writes Retry-After as int(reset - now), rounded down (0 with most of a second
        left), so a client that waits what it is told comes back too early and gets a second 429. The
        window's reset (X-RateLimit-Reset, whole seconds, never before the window closes) rounded up is
        a wait that is always enough. (Flask-Limiter's `http-date` form would be right too, but leaves the
        arithmetic to the client's clock.)"""
        reset = response.headers.get("X-RateLimit-Reset", "")
        if response.status_code == 429 and reset.isdigit():
            response.headers["Retry-After"] = str(max(1, math.ceil(int(reset) - time.time())))
        return response

    Limiter(get_remote_address, app=app, default_limits=[config.rate_limit] if config.rate_limit else [],
            storage_uri="memory://", headers_enabled=True, enabled=bool(config.rate_limit))


def create_app(config: ServerConfig | None = None, store: ServingStore | None = None) -> Flask:
    """The app serving the build in config.dist_dir (default: settings from the environment)."""
    config = config or from_environment()
    app = Flask("aikg_server", static_folder="static", template_folder="templates")
    app.config["AIKG"] = config
    app.config["JSON_AS_ASCII"] = False
    # The body of a POSTed query may be URL-encoded (up to 3 bytes per character) plus the graph parameters.
    app.config["MAX_CONTENT_LENGTH"] = (config.max_query_length * 3 + 65536) if config.max_query_length else None
    app.extensions["aikg_store"] = store or make_store(config)
    CORS(app, resources={r"/*": {"origins": "*"}}, expose_headers=["Content-Type", "ETag", "Last-Modified"])
    if config.proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = config.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]
    _limiter(app, config)

    @app.before_request
    def note_client() -> None:
        """Whose query it is (after ProxyFix, the forwarded address), for the workers' per-client limit."""
        asking_client.set(request.remote_addr)

    @app.teardown_request
    def forget_client(_error: BaseException | None) -> None:
        asking_client.set(None)

    @app.after_request
    def secure(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.after_request
    def vary(response: Response) -> Response:
        """Every answer whose format the Accept header chose (formats.negotiate) says so."""
        if g.get("varies_on_accept"):
            response.vary.add("Accept")
        return response

    @app.after_request
    def revalidate(response):
        """Every answer of a GET carries an ETag of its bytes, and a client that already holds them gets
        304: query answers, pages and descriptions change only when the build does."""
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.is_streamed \
                and not response.direct_passthrough and "ETag" not in response.headers:
            response.add_etag()
            return response.make_conditional(request)
        return response

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
