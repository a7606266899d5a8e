"""What every view needs from the running app: its settings and its store."""

from __future__ import annotations

from aikg_server.config import ServerConfig
from flask import current_app

from aikg.store import Store


def config() -> ServerConfig:
    """The app's ServerConfig."""
    return current_app.config["AIKG"]


def store() -> Store:
    """The app's store: views query through it and never touch an engine."""
    return current_app.extensions["aikg_store"]


def local_path(iri: str) -> str | None:
    """Where this server shows an IRI: its path when it lies under the published base, else None."""
    base = config().base
    if iri.startswith(base):
        return "/" + iri[len(base):]
    from aikg.config import ONTOLOGY_NS

    if iri.startswith(ONTOLOGY_NS):
        return "/ontology#" + iri[len(ONTOLOGY_NS):]
    return None


def safe_href(iri: str) -> str | None:
    """A link target for an IRI: its local path, or the IRI itself only if it is http(s).
    Never a `javascript:`, `data:` or other scheme a browser would run or open in place."""
    local = local_path(iri)
    if local is not None:
        return local
    return iri if iri.lower().startswith(("http://", "https://")) else None
