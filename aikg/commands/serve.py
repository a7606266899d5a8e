"""`aikg serve`: the SPARQL endpoint, linked-data pages and query page, under waitress."""

from __future__ import annotations

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
    ) -> None:
        """Serve the built graph: /sparql, /query, /queries, /ontology, /.well-known/void, /dumps and every IRI.

        Engine and limits come from AIKG_STORE, AIKG_QUERY_TIMEOUT, AIKG_MAX_QUERY_LENGTH, AIKG_MAX_ROWS,
        AIKG_QUERY_WORKERS and AIKG_WORKER_MEMORY_MB. The graph is built first if dist/ has none.
        """
        import waitress
        from aikg_server.app import create_app
        from aikg_server.config import from_environment

        from aikg.config import settings
        from aikg.errors import AikgError, InputError
        from aikg.store import DUMP_CANDIDATES

        dist = settings().dist_dir
        if not any((dist / name).is_file() for name in DUMP_CANDIDATES):
            from aikg.build import build

            try:
                build(settings())
            except AikgError as error:
                raise fail(error) from None
        try:
            config = from_environment()
            application = create_app(config)
        except (ValueError, OSError) as error:
            raise fail(InputError("server configuration", str(error))) from None
        print(f"aikg: serving {dist} ({config.engine}) on http://{host}:{port}/ — SPARQL at /sparql, "
              f"query page at /query", flush=True)
        waitress.serve(application, host=host, port=port, threads=threads, ident="aikg",
                       max_request_body_size=max(1 << 20, config.max_query_length * 4))
