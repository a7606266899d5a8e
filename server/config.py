"""The server's settings: store and limits, from the environment, each named in the errors it causes."""

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
    query_timeout: float = 30.0  # AIKG_QUERY_TIMEOUT, seconds
    max_query_length: int = 20_000  # AIKG_MAX_QUERY_LENGTH, characters
    max_rows: int = 50_000  # AIKG_MAX_ROWS, result rows or triples
    query_workers: int = 2  # AIKG_QUERY_WORKERS, worker processes
    worker_memory_mb: int = 2048  # AIKG_WORKER_MEMORY_MB, address-space limit of a worker (0: none)
    worker_store: str = "auto"  # AIKG_WORKER_STORE: memory (a copy per worker), disk (shared), auto (by size)
    memory_store_max_mb: int = 512  # auto: a dump up to this size is copied into each worker's memory
    answer_cache_mb: int = 64  # AIKG_ANSWER_CACHE_MB, answers kept for repeated requests, per build (0: none)
    rate_limit: str = "600/minute;60/second"  # AIKG_RATE_LIMIT, per client address ("": none)
    client_queries: int = 1  # AIKG_CLIENT_QUERIES, queries one client address may have in workers at once
    failed_query_cooldown: float = 600.0  # AIKG_FAILED_QUERY_COOLDOWN, s a timed-out request is refused unrun
    proxy_hops: int = 0  # AIKG_PROXY_HOPS, reverse proxies whose X-Forwarded-* headers are trusted
    allow_unisolated: bool = False  # AIKG_ALLOW_UNISOLATED=1: run workers where seccomp is missing
    store_url: str = ""  # AIKG_STORE_URL / --store: a remote SPARQL 1.1 endpoint instead of the build
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
        query_timeout=_number("AIKG_QUERY_TIMEOUT", defaults.query_timeout),
        max_query_length=int(_number("AIKG_MAX_QUERY_LENGTH", defaults.max_query_length)),
        max_rows=int(_number("AIKG_MAX_ROWS", defaults.max_rows)),
        query_workers=int(_number("AIKG_QUERY_WORKERS", defaults.query_workers)),
        worker_memory_mb=int(_number("AIKG_WORKER_MEMORY_MB", defaults.worker_memory_mb)),
        worker_store=os.environ.get("AIKG_WORKER_STORE", defaults.worker_store).strip() or "auto",
        answer_cache_mb=int(_number("AIKG_ANSWER_CACHE_MB", defaults.answer_cache_mb)),
        rate_limit=os.environ.get("AIKG_RATE_LIMIT", defaults.rate_limit).strip(),
        client_queries=int(_number("AIKG_CLIENT_QUERIES", defaults.client_queries)),
        failed_query_cooldown=_number("AIKG_FAILED_QUERY_COOLDOWN", defaults.failed_query_cooldown),
        proxy_hops=int(_number("AIKG_PROXY_HOPS", defaults.proxy_hops)),
        allow_unisolated=os.environ.get("AIKG_ALLOW_UNISOLATED", "") in ("1", "true", "yes"),
        store_url=os.environ.get("AIKG_STORE_URL", defaults.store_url).strip(),
    )
