"""The `aikg` command line: a Typer app assembled from the modules in `aikg.commands`."""

from __future__ import annotations

import importlib
import pkgutil

import typer

import aikg.commands

app = typer.Typer(
    name="aikg",
    help="Build, validate, reason over, query and serve the aikg knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module_info in sorted(pkgutil.iter_modules(aikg.commands.__path__), key=lambda m: m.name):
    _module = importlib.import_module(f"aikg.commands.{_module_info.name}")
    _module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
