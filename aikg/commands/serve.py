"""`aikg serve`: the SPARQL endpoint, linked-data pages and query page, under waitress."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from aikg.commands import fail


def register(app: typer.Typer) -> None:
    """Add the serve command to the CLI."""

    @app.command("serve")
    def serve_command(
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        threads: Annotated[int, typer.Option(help="waitress worker threads.")] = 8,
        store: Annotated[str, typer.Option(help="URL of a SPARQL 1.1 endpoint to query instead of the build "
                                                "(AIKG_STORE_URL); load it with `aikg load --into`.")] = "",
        watch: Annotated[bool, typer.Option(help="Switch to a new build as soon as dist/ changes.")] = False,
    ) -> None:
        """Serve the built graph: /sparql, /query, /queries, /ontology, /.well-known/void, /dumps and every IRI.

        Limits come from AIKG_QUERY_TIMEOUT, AIKG_MAX_QUERY_LENGTH, AIKG_MAX_ROWS, AIKG_QUERY_WORKERS,
        AIKG_WORKER_MEMORY_MB, AIKG_RATE_LIMIT and AIKG_CLIENT_QUERIES; AIKG_PROXY_HOPS behind a reverse
        proxy (SECURITY.md). The graph is built first if dist/ has none.
        `kill -HUP <pid>` switches to the build now in dist/ without dropping a request.
        """
        import signal
        import threading

        import waitress
        from aikg_server.app import create_app
        from aikg_server.config import from_environment

        from aikg.config import settings
        from aikg.errors import AikgError, InputError
        from aikg.store import DUMP_CANDIDATES, StoreError

        logging.basicConfig(level=logging.INFO, format="aikg: %(message)s")
        dist = settings().dist_dir
        try:
            config = from_environment()
            if store:
                config = config.with_(store_url=store)
        except ValueError as error:
            raise fail(InputError("server configuration", str(error))) from None
        if not config.store_url and not any((dist / name).is_file() for name in DUMP_CANDIDATES):
            from aikg.build import build

            try:
                build(settings())
            except AikgError as error:
                raise fail(error) from None
        try:
            application = create_app(config)
        except (ValueError, OSError, StoreError) as error:
            raise fail(InputError("server configuration", str(error))) from None
        served = application.extensions["aikg_store"]
        if hasattr(served, "reload"):
            def on_hangup(signum: int, frame: object) -> None:
                threading.Thread(target=served.reload, name="aikg-reload", daemon=True).start()

            signal.signal(signal.SIGHUP, on_hangup)
            if watch:
                from aikg_server.reloading import Watcher

                Watcher(served).start()
        what = config.store_url or f"{dist} (oxigraph)"
        print(f"aikg: serving {what} on http://{host}:{port}/ — SPARQL at /sparql, query page at /query",
              flush=True)
        # The body limit is well above the app's own (MAX_CONTENT_LENGTH), so that waitress reads an over-long
        # body and the app answers it with a 413 the client can read, instead of waitress closing the socket.
        # waitress drops X-Forwarded-* headers unless told otherwise; behind trusted proxies (AIKG_PROXY_HOPS)
        # it passes them on, and the app's ProxyFix alone decides which hops to believe.
        waitress.serve(application, host=host, port=port, threads=threads, ident="aikg",
                       max_request_body_size=64 << 20, clear_untrusted_proxy_headers=not config.proxy_hops)
