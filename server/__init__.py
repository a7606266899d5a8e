"""The aikg web server (import package `aikg_server`): SPARQL endpoint, linked-data pages, query page.

`create_app()` builds the Flask app; `aikg serve` runs it under waitress. Importing this package stays
light, because query worker processes import its `workers` module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(*args: Any, **kwargs: Any) -> Flask:
    """The Flask app (see aikg_server.app.create_app)."""
    from aikg_server.app import create_app as make

    return make(*args, **kwargs)
