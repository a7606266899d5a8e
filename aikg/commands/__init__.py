"""CLI command modules. Each module defines ``register(app: typer.Typer) -> None``.

Kept one module per concern so that the pipeline (build, validate, reason), the server, the
ingester and the analysis commands can grow without editing one shared file.
"""

from __future__ import annotations

import sys

import typer

from aikg.errors import AikgError


def fail(error: AikgError) -> typer.Exit:
    """Print an error for the user (no traceback) and give the exit code that goes with it (2 = bad input)."""
    print(f"error: {error}", file=sys.stderr)
    return typer.Exit(error.exit_code)
