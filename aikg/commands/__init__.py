"""CLI command modules. Each module defines ``register(app: typer.Typer) -> None``.

Kept one module per concern so that the pipeline (build, validate, reason), the server, the
ingester and the analysis commands can grow without editing one shared file.
"""
