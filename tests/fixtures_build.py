"""The build, run once per test session into a private copy of the project, through the real pipeline."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from aikg.build import build
from aikg.config import DEFAULT_BASE, Settings

PROJECT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """Copy the inputs of a build (not dist/ or the venv) so tests never touch the working tree's dist/."""
    for name in ("sources", "ontology", "data", "shapes", "queries"):
        if (PROJECT / name).exists():
            shutil.copytree(PROJECT / name, target / name)
    return target


@pytest.fixture(scope="session")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the project's inputs, built once."""
    root = copy_project(tmp_path_factory.mktemp("aikg-project"))
    build(Settings(root=root, base=DEFAULT_BASE), quiet=True)
    return root


@pytest.fixture(scope="session")
def built_dist(project_copy: Path) -> Path:
    """dist/ of the session build."""
    return project_copy / "dist"


@pytest.fixture(scope="session")
def built_graph(built_dist: Path) -> Graph:
    """The merged graph of the session build (ontology + asserted + inferred)."""
    return Graph().parse(built_dist / "aikg.nt", format="nt")


@pytest.fixture()
def aikg_home(project_copy: Path) -> Iterator[Path]:
    """Point the CLI (AIKG_HOME) at the session's project copy for the duration of a test."""
    previous = os.environ.get("AIKG_HOME")
    os.environ["AIKG_HOME"] = str(project_copy)
    yield project_copy
    if previous is None:
        os.environ.pop("AIKG_HOME", None)
    else:
        os.environ["AIKG_HOME"] = previous
