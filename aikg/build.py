"""Build the graph: ontology + curated data + HermiT inferences, written to dist/ in several formats.

Asserted and inferred triples are kept apart: `dist/inferred.ttl` holds only what the reasoner added,
and `dist/aikg.nq` puts ontology, asserted data and inferences in three named graphs. The merged
`aikg.ttl`, `aikg.nt` and `aikg.jsonld` are for users who want one file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from aikg.config import Settings
from aikg.errors import AikgError
from aikg.graphio import load_files, load_rdf_file, rebase, turtle_files, write_canonical, write_named_graphs
from aikg.progress import step
from aikg.reason import ReasoningResult, reason


class InconsistentGraph(AikgError):
    """HermiT found the ontology + data inconsistent; the message names the offending individuals."""

    exit_code = 1


def graph_names(settings: Settings) -> dict[str, str]:
    """IRIs of the named graphs in dist/aikg.nq (also announced in the VoID description)."""
    return {name: f"{settings.base}graph/{name}" for name in ("ontology", "asserted", "inferred")}


@dataclass
class Sources:
    """The inputs of a build, parsed: the ontology and the data, each merged from its folder."""

    ontology: Graph
    asserted: Graph
    data_files: list[Path]


def load_sources(settings: Settings) -> Sources:
    """Parse ontology/ and data/ (every Turtle file; a syntax error names file and line)."""
    ontology = rebase(load_files(turtle_files(settings.ontology_dir)), settings.base)
    files = turtle_files(settings.data_dir)
    asserted = Graph()
    for path in files:
        asserted += load_rdf_file(path)
    return Sources(ontology, rebase(asserted, settings.base), files)


def run_reasoner(sources: Sources, settings: Settings, quiet: bool = False) -> ReasoningResult:
    """Reason over the sources and write dist/inferred.ttl; raise InconsistentGraph with the culprits."""
    with step("reasoning with HermiT (owlready2)", quiet):
        result = reason(sources.ontology, sources.asserted)
    if not result.consistent:
        raise InconsistentGraph("the graph is inconsistent:\n  " + "\n  ".join(result.explanation))
    write_canonical(result.inferred, settings.dist_dir / "inferred.ttl", settings.base)
    return result


@dataclass
class BuildResult:
    """Where the build wrote its files and how big each part is."""

    outputs: list[Path]
    ontology_triples: int
    asserted_triples: int
    inferred_triples: int


def build(settings: Settings, quiet: bool = False) -> BuildResult:
    """Parse, reason and write every output file; identical inputs give byte-identical outputs."""
    with step("reading ontology/ and data/", quiet):
        sources = load_sources(settings)
    inferred = run_reasoner(sources, settings, quiet).inferred
    merged = sources.ontology + sources.asserted + inferred
    dist = settings.dist_dir
    outputs = [dist / "inferred.ttl"]
    with step("writing dist/aikg.ttl, .nt, .jsonld and the named-graph dump aikg.nq", quiet):
        for name in ("aikg.ttl", "aikg.nt", "aikg.jsonld"):
            outputs.append(write_canonical(merged, dist / name, settings.base))
        names = graph_names(settings)
        outputs.append(write_named_graphs({
            names["ontology"]: sources.ontology,
            names["asserted"]: sources.asserted,
            names["inferred"]: inferred,
        }, dist / "aikg.nq"))
    return BuildResult(outputs, len(sources.ontology), len(sources.asserted), len(inferred))


def load_build(settings: Settings) -> Graph:
    """The merged build (ontology + asserted + inferred) from dist/aikg.nt, building it first if missing."""
    merged = settings.dist_dir / "aikg.nt"
    if not merged.is_file():
        build(settings)
    return load_files([merged])
