"""Build the graph: ontology + curated data + inferences, written to dist/ in several formats.

Asserted and inferred triples are kept apart: `dist/inferred.ttl` holds only what the reasoner added,
and `dist/aikg.nq` puts ontology, asserted data and inferences in three named graphs. The merged
`aikg.ttl`, `aikg.nt` and `aikg.jsonld` are for users who want one file.

Built for a national graph (a million triples and more) on a small machine:

- each data file is parsed once (pyoxigraph; rdflib only to word a syntax error) into N-Triples lines
  cached in `dist/.cache/` under the hash of its bytes, so a rebuild after one file changed parses that
  file only (`BuildResult.stats` says which files were parsed and which came from the cache);
- HermiT classifies the ontology and checks it (cached under the ontology's hash), and the individuals
  are reasoned with the OWL 2 RL rules of `aikg.rules` (`--reasoner hermit` runs HermiT over everything,
  as before);
- the outputs are written from sorted N-Triples text by pyoxigraph, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph

from aikg.config import DEFAULT_BASE, ONTOLOGY_NS, Settings
from aikg.errors import AikgError
from aikg.graphio import _sorted_ntriples, canonical, load_files, load_rdf_file, rebase, turtle_files
from aikg.jsonld import XSD_STRING, compact_jsonld
from aikg.namespaces import PREFIXES
from aikg.progress import step
from aikg.reason import ReasoningResult, explain_inconsistency, reason

#: Bump when the cached forms change meaning (parsing, normalisation, reasoning output).
CACHE_VERSION = "1"
REASONERS = ("rl", "hermit")


class InconsistentGraph(AikgError):
    """The ontology + data are inconsistent; the message names the offending individuals."""

    exit_code = 1


def graph_names(settings: Settings) -> dict[str, str]:
    """IRIs of the named graphs in dist/aikg.nq (also announced in the VoID description)."""
    return {name: f"{settings.base}graph/{name}" for name in ("ontology", "asserted", "inferred")}


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def cache_dir(settings: Settings) -> Path:
    return settings.dist_dir / ".cache"


# ---------------------------------------------------------------------------------------------- parsing


def _rebase_iri(iri: str, base: str) -> str:
    if base != DEFAULT_BASE and iri.startswith(DEFAULT_BASE) and not iri.startswith(ONTOLOGY_NS[:-1]):
        return base + iri[len(DEFAULT_BASE):]
    return iri


def _term(term, base: str):
    """A parsed term, NFC-normalised (strings) and rebased (IRIs)."""
    if isinstance(term, ox.NamedNode):
        moved = _rebase_iri(term.value, base)
        return term if moved == term.value else ox.NamedNode(moved)
    if isinstance(term, ox.Literal) and (term.language or term.datatype.value == XSD_STRING):
        normal = unicodedata.normalize("NFC", term.value)
        if normal != term.value:
            return ox.Literal(normal, language=term.language) if term.language else ox.Literal(normal)
    return term


def _file_lines(path: Path, base: str, key: str) -> list[str]:
    """One data file as sorted, distinct N-Triples lines (NFC literals, rebased IRIs)."""
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError):
        # rdflib words the error with file and line; a file only rdflib accepts is taken from rdflib
        return _file_lines_rdflib(path, base, key)
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        return _file_lines_rdflib(path, base, key)
    lines = {f"{_term(q.subject, base)} {_term(q.predicate, base)} {_term(q.object, base)} ." for q in quads}
    return sorted(lines)


def _file_lines_rdflib(path: Path, base: str, key: str) -> list[str]:
    """The rdflib path: blank nodes get content-based names (rdflib's canonical form) prefixed by the file's hash."""
    graph = canonical(rebase(load_rdf_file(path), base))
    renamed = Graph()
    for triple in graph:
        renamed.add(tuple(BNode(f"f{key[:8]}{t}") if isinstance(t, BNode) else t for t in triple))
    return [line for line in _sorted_ntriples(renamed).splitlines() if line.strip()]


@dataclass
class ParsedFile:
    path: Path
    lines: list[str]
    from_cache: bool


def parse_data_file(path: Path, settings: Settings, use_cache: bool = True) -> ParsedFile:
    """Parse one data file, or read its lines from the cache when its bytes have not changed."""
    key = _digest(CACHE_VERSION, settings.base, path.read_bytes())
    cached = cache_dir(settings) / "parsed" / f"{key}.nt"
    if use_cache and cached.is_file():
        return ParsedFile(path, cached.read_text(encoding="utf-8").splitlines(), True)
    lines = _file_lines(path, settings.base, key)
    if use_cache:
        _write_atomic(cached, "".join(line + "\n" for line in lines))
    return ParsedFile(path, lines, False)


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


@dataclass
class Sources:
    """The inputs of a build: the ontology (rdflib) and the data as N-Triples lines, file by file."""

    ontology: Graph
    files: list[ParsedFile]
    stats: dict[str, list[str]] = field(default_factory=dict)

    @property
    def data_files(self) -> list[Path]:
        return [f.path for f in self.files]

    def asserted_lines(self) -> list[str]:
        lines: set[str] = set()
        for parsed in self.files:
            lines.update(parsed.lines)
        return sorted(lines)

    @property
    def asserted(self) -> Graph:
        """The data as an rdflib graph (for the HermiT path and small graphs; slow at a million triples)."""
        return _graph_from_lines(self.asserted_lines())


def _graph_from_lines(lines: list[str]) -> Graph:
    graph = Graph()
    if lines:
        graph.parse(data="\n".join(lines) + "\n", format="nt")
    return graph


def load_sources(settings: Settings, quiet: bool = True, use_cache: bool = True) -> Sources:
    """Parse ontology/ and data/ (every Turtle file; a syntax error names file and line)."""
    ontology = rebase(load_files(turtle_files(settings.ontology_dir)), settings.base)
    files = turtle_files(settings.data_dir)
    parsed: list[ParsedFile] = []
    with step(f"reading {len(files)} data files", quiet) as progress:
        for number, path in enumerate(files, 1):
            parsed.append(parse_data_file(path, settings, use_cache))
            progress.update(number, len(files))
    stats = {"parsed": [p.path.name for p in parsed if not p.from_cache],
             "cached": [p.path.name for p in parsed if p.from_cache]}
    return Sources(ontology, parsed, stats)


# -------------------------------------------------------------------------------------------- reasoning


def _ontology_lines(ontology: Graph) -> list[str]:
    return [line for line in _sorted_ntriples(canonical(ontology)).splitlines() if line.strip()]


def classify_ontology(ontology: Graph, settings: Settings, use_cache: bool = True) -> Graph:
    """HermiT over the ontology alone: its consistency, and the class/property links it entails."""
    key = _digest(CACHE_VERSION, "tbox", *_ontology_lines(ontology))
    cached = cache_dir(settings) / "tbox" / f"{key}.nt"
    if use_cache and cached.is_file():
        return _graph_from_lines(cached.read_text(encoding="utf-8").splitlines())
    result = reason(ontology, Graph())
    if not result.consistent:
        raise InconsistentGraph("the ontology is inconsistent:\n  " + "\n  ".join(result.explanation))
    if use_cache:
        _write_atomic(cached, _sorted_ntriples(result.inferred))
    return result.inferred


def _iri_triples(lines: list[str]):
    """(s, p, o) strings of the N-Triples lines whose subject and object are IRIs."""
    for line in lines:
        if line[0] != "<":
            continue
        s, p, rest = line.split(" ", 2)
        if rest[0] != "<":
            continue
        yield s[1:-1], p[1:-1], rest[1:rest.index(">")]


def reason_rl(sources: Sources, settings: Settings, quiet: bool = True, use_cache: bool = True,
              lines: list[str] | None = None) -> tuple[ReasoningResult, list[str]]:
    """HermiT for the TBox, the OWL 2 RL rules for the individuals; returns the result and its N-Triples lines.

    With `use_cache` the ontology's classification is taken from dist/.cache when the ontology is unchanged.
    """
    from aikg.rules import TBox, materialize

    with step("classifying the ontology with HermiT", quiet):
        tbox_inferred = classify_ontology(sources.ontology, settings, use_cache)
    lines = sources.asserted_lines() if lines is None else lines
    with step(f"reasoning over {len(lines)} asserted triples with the OWL 2 RL rules", quiet):
        tbox = TBox(sources.ontology + tbox_inferred)
        result = materialize(tbox, _iri_triples(lines))
    if result.clashes:
        offending = sorted({node for node, _, _ in result.clashes})
        around = _graph_from_lines([line for line in lines if any(f"<{n}>" in line for n in offending)])
        explanation, culprits = explain_inconsistency(sources.ontology, around)
        return ReasoningResult(Graph(), False, explanation, culprits), []
    inferred_lines = sorted({f"<{s}> <{p}> <{o}> ." for s, p, o in result.inferred}
                            | {line for line in _ontology_lines(tbox_inferred)})
    asserted = set(lines)
    inferred_lines = [line for line in inferred_lines if line not in asserted]
    return ReasoningResult(_LazyGraph(inferred_lines)), inferred_lines


class _LazyGraph(Graph):
    """An rdflib graph parsed from N-Triples lines on first use (the CLI only needs its size)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self._lines = lines
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            if self._lines:
                self.parse(data="\n".join(self._lines) + "\n", format="nt")

    def __len__(self) -> int:
        return len(self._lines)

    def triples(self, *args, **kwargs):
        self._load()
        return super().triples(*args, **kwargs)

    def __iter__(self):
        self._load()
        return super().__iter__()

    def __contains__(self, triple) -> bool:
        self._load()
        return super().__contains__(triple)


def reason_hermit(sources: Sources, quiet: bool = True) -> tuple[ReasoningResult, list[str]]:
    """HermiT over ontology + every individual (the path before the OWL 2 RL engine; slow at scale)."""
    with step("reasoning with HermiT (owlready2)", quiet):
        result = reason(sources.ontology, sources.asserted)
    if not result.consistent:
        return result, []
    return result, [line for line in _sorted_ntriples(result.inferred).splitlines() if line.strip()]


def run_reasoner(sources: Sources, settings: Settings, quiet: bool = False, reasoner: str = "rl",
                 use_cache: bool = False, lines: list[str] | None = None) -> ReasoningResult:
    """Reason over the sources and write dist/inferred.ttl; raise InconsistentGraph with the culprits.

    HermiT checks the ontology again each time unless `use_cache` (`aikg reason` is asked for that check).
    """
    result, inferred_lines = _reason(sources, settings, quiet, reasoner, use_cache, lines)
    _write_text(settings.dist_dir / "inferred.ttl", _turtle(inferred_lines, settings.base))
    return result


def _reason(sources: Sources, settings: Settings, quiet: bool, reasoner: str, use_cache: bool,
            lines: list[str] | None) -> tuple[ReasoningResult, list[str]]:
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r} (expected one of {', '.join(REASONERS)})")
    if reasoner == "hermit":
        result, inferred_lines = reason_hermit(sources, quiet)
    else:
        result, inferred_lines = reason_rl(sources, settings, quiet, use_cache, lines)
    if not result.consistent:
        raise InconsistentGraph("the graph is inconsistent:\n  " + "\n  ".join(result.explanation))
    return result, inferred_lines


# ---------------------------------------------------------------------------------------------- writing


def _prefixes(base: str) -> dict[str, str]:
    return {**{p: str(ns) for p, ns in PREFIXES.items()}, "id": base}


def _write_text(path: Path, text: str) -> Path:
    """Written beside and renamed over: a server reloading dist/ (aikg serve --watch) never reads half a file."""
    _write_atomic(path, text)
    return path


def _turtle(lines: list[str], base: str) -> str:
    """Turtle of sorted N-Triples lines (subjects grouped, project prefixes), with stable bytes."""
    triples = ox.parse("".join(line + "\n" for line in lines), format=ox.RdfFormat.N_TRIPLES)
    out = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(base))
    return (out or b"").decode("utf-8")


def _jsonld(lines: list[str], base: str) -> str:
    """JSON-LD of sorted N-Triples lines: one node object per subject in IRI order, values in line order."""
    return compact_jsonld(ox.parse("".join(line + "\n" for line in lines), format=ox.RdfFormat.N_TRIPLES),
                          _prefixes(base))


def _nquads(parts: dict[str, list[str]]) -> str:
    lines = []
    for name, part in parts.items():
        lines.extend(f"{line[:-1].rstrip()} <{name}> ." for line in part)
    lines = sorted(set(lines))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------- the build


@dataclass
class BuildResult:
    """Where the build wrote its files, how big each part is, and what was recomputed."""

    outputs: list[Path]
    ontology_triples: int
    asserted_triples: int
    inferred_triples: int
    stats: dict[str, list[str]] = field(default_factory=dict)


def build(settings: Settings, quiet: bool = False, reasoner: str = "rl", use_cache: bool = True) -> BuildResult:
    """Parse, reason and write every output file; identical inputs give byte-identical outputs."""
    sources = load_sources(settings, quiet, use_cache)
    ontology_lines = _ontology_lines(sources.ontology)
    asserted_lines = sources.asserted_lines()
    _, inferred_lines = _reason(sources, settings, quiet, reasoner, use_cache, asserted_lines)
    dist = settings.dist_dir
    outputs = []
    with step("writing dist/inferred.ttl, aikg.nt, aikg.nq, aikg.ttl and aikg.jsonld", quiet) as progress:
        outputs.append(_write_text(dist / "inferred.ttl", _turtle(inferred_lines, settings.base)))
        merged = sorted(set(ontology_lines) | set(asserted_lines) | set(inferred_lines))
        progress.update(1, 5)
        outputs.append(_write_text(dist / "aikg.nt", "".join(line + "\n" for line in merged)))
        names = graph_names(settings)
        outputs.append(_write_text(dist / "aikg.nq", _nquads({
            names["ontology"]: ontology_lines, names["asserted"]: asserted_lines, names["inferred"]: inferred_lines})))
        progress.update(3, 5)
        outputs.append(_write_text(dist / "aikg.ttl", _turtle(merged, settings.base)))
        progress.update(4, 5)
        outputs.append(_write_text(dist / "aikg.jsonld", _jsonld(merged, settings.base)))
    outputs = [outputs[i] for i in (0, 3, 1, 4, 2)]  # inferred.ttl, aikg.ttl, .nt, .jsonld, .nq (as before)
    return BuildResult(outputs, len(ontology_lines), len(asserted_lines), len(inferred_lines), sources.stats)


def load_build(settings: Settings) -> Graph:
    """The merged build (ontology + asserted + inferred) from dist/aikg.nt, building it first if missing."""
    merged = settings.dist_dir / "aikg.nt"
    if not merged.is_file():
        build(settings)
    return load_files([merged])

