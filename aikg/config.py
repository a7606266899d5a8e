"""Where things live and which base IRI the graph is published under.

One place for paths and the base so that the CLI, the server and the tests agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The base every data IRI is written with in `data/` (see docs/MODEL.md).
DEFAULT_BASE = "https://w3id.org/aikg/"
#: The ontology namespace; it is not rewritten with the base, so that it stays one vocabulary.
ONTOLOGY_NS = "https://w3id.org/aikg/ontology#"


def _default_root() -> Path:
    """The project checkout: AIKG_HOME if set, else the folder above this package."""
    env = os.environ.get("AIKG_HOME")
    return Path(env).resolve() if env else Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Paths of the pipeline's inputs and outputs, and the published base IRI."""

    root: Path
    base: str

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def dist_dir(self) -> Path:
        return self.root / "dist"


def settings() -> Settings:
    """Current settings, read from the environment (AIKG_HOME, AIKG_BASE) each call."""
    base = os.environ.get("AIKG_BASE", DEFAULT_BASE)
    if not base.endswith(("/", "#")):
        base += "/"
    return Settings(root=_default_root(), base=base)
