"""The server's settings: engine and limits, from the environment, each named in the errors it causes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from aikg.config import Settings, settings


def _number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {value!r}") from None


@dataclass(frozen=True)
class ServerConfig:
    """What the app serves and the limits it keeps (0 turns a limit off)."""

    project: Settings = field(default_factory=settings)
    engine: str = "oxigraph"  # AIKG_STORE: oxigraph, rdflib or oxrdflib
    query_timeout: float = 30.0  # AIKG_QUERY_TIMEOUT, seconds
    max_query_length: int = 20_000  # AIKG_MAX_QUERY_LENGTH, characters
    max_rows: int = 50_000  # AIKG_MAX_ROWS, result rows or triples
    query_workers: int = 2  # AIKG_QUERY_WORKERS, worker processes
    worker_memory_mb: int = 0  # AIKG_WORKER_MEMORY_MB, address-space limit of a worker (0: none)
    licence: str = "https://creativecommons.org/licenses/by/4.0/"

    @property
    def base(self) -> str:
        return self.project.base

    @property
    def dist_dir(self) -> Path:
        return self.project.dist_dir

    def graph(self, name: str) -> str:
        """IRI of one of the build's named graphs (ontology, asserted, inferred)."""
        return f"{self.base}graph/{name}"

    def with_(self, **changes: object) -> ServerConfig:
        return replace(self, **changes)  # type: ignore[arg-type]


def from_environment() -> ServerConfig:
    """Settings from AIKG_* variables (see ServerConfig for the names and defaults)."""
    defaults = ServerConfig()
    return ServerConfig(
        project=settings(),
        engine=os.environ.get("AIKG_STORE", defaults.engine),
        query_timeout=_number("AIKG_QUERY_TIMEOUT", defaults.query_timeout),
        max_query_length=int(_number("AIKG_MAX_QUERY_LENGTH", defaults.max_query_length)),
        max_rows=int(_number("AIKG_MAX_ROWS", defaults.max_rows)),
        query_workers=int(_number("AIKG_QUERY_WORKERS", defaults.query_workers)),
        worker_memory_mb=int(_number("AIKG_WORKER_MEMORY_MB", defaults.worker_memory_mb)),
    )
