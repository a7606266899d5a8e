"""Check that every recorded source sentence really is at the recorded lines of the recorded file.

SHACL can say a node *has* provenance; only reading the file can say the provenance is *true*.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from aikg.namespaces import AIKG


@dataclass(frozen=True)
class ProvenanceProblem:
    """A node whose aikg:sourceText is not found at its aikg:sourceLine..aikg:sourceLineEnd."""

    node: URIRef
    source: str
    lines: str
    problem: str


@cache
def _source_lines(path: Path) -> tuple[str, ...]:
    text = path.read_text(encoding="utf-8")
    return tuple(unicodedata.normalize("NFC", line) for line in text.split("\n"))


def _normal(text: str) -> str:
    """NFC, without byte-order marks and trailing spaces that the copies carry."""
    return "\n".join(line.rstrip() for line in unicodedata.normalize("NFC", text).replace("\ufeff", "").split("\n"))


def source_file(document: URIRef, sources_dir: Path) -> Path:
    """The file in sources/ a SourceDocument IRI names (its last path segment)."""
    return sources_dir / str(document).rsplit("/", 1)[-1]


def check_provenance(graph: Graph, sources_dir: Path) -> list[ProvenanceProblem]:
    """Every node with aikg:sourceText: the file exists and holds that text within the stated lines."""
    problems = []
    for node, text in graph.subject_objects(AIKG.sourceText):
        document = graph.value(node, AIKG.sourceDocument)
        start = graph.value(node, AIKG.sourceLine)
        end = graph.value(node, AIKG.sourceLineEnd) or start
        if document is None or start is None:
            problems.append(ProvenanceProblem(node, str(document), "?", "sourceDocument or sourceLine missing"))
            continue
        path = source_file(document, sources_dir)
        span = f"{start.toPython()}-{end.toPython()}"
        if not path.is_file():
            problems.append(ProvenanceProblem(node, str(path), span, "source file not found"))
            continue
        lines = _source_lines(path)
        first, last = int(start.toPython()), int(end.toPython())
        if not 1 <= first <= last <= len(lines):
            problems.append(ProvenanceProblem(node, path.name, span, f"lines out of range (file has {len(lines)})"))
            continue
        window = _normal("\n".join(lines[first - 1:last]))
        if _normal(str(text)) not in window:
            problems.append(ProvenanceProblem(node, path.name, span, f"text not found: {str(text)[:80]!r}"))
    return sorted(problems, key=lambda p: str(p.node))
