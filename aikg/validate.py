"""SHACL validation with pyshacl: a report grouped by instrument and severity, and its Turtle.

The shapes live in shapes/; why each rule is a Violation, Warning or Info is written in the shape.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from aikg.namespaces import AIKG, SH, short

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}
SEVERITY_NAME = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

#: Links followed from a node to the instrument it belongs to, in order of preference.
_UP_LINKS = (AIKG.isTaskOf, AIKG.isPartOf)
_FROM_OWNER = (AIKG.product, AIKG.timeframe, AIKG.reportingObligation, AIKG.recipient, AIKG.hasTask, AIKG.hasPart)


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the instrument it concerns."""

    severity: URIRef
    focus: URIRef
    path: str
    message_en: str
    message_vi: str
    instrument: str

    @property
    def severity_name(self) -> str:
        return SEVERITY_NAME.get(self.severity, str(self.severity))


@dataclass
class ValidationReport:
    """The outcome of a validation run: conforms means no Violation (warnings are allowed)."""

    conforms: bool
    findings: list[Finding]
    results_graph: Graph
    counts: dict[str, int] = field(default_factory=dict)

    def by_severity(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.severity_name == name]


def load_shapes(shapes_dir: Path) -> Graph:
    """All shapes files merged (errors name file and line)."""
    from aikg.graphio import load_files, turtle_files

    return load_files(turtle_files(shapes_dir))


def _is_instrument(graph: Graph, node: URIRef) -> bool:
    for cls in graph.objects(node, RDF.type):
        if AIKG.LegalInstrument in set(graph.transitive_objects(cls, RDFS.subClassOf)):
            return True
    return False


def instrument_of(graph: Graph, node: URIRef) -> URIRef | None:
    """The instrument a node belongs to: itself, the plan above a part, or the owner of a product/timeframe."""
    seen: set[URIRef] = set()
    frontier = [node]
    while frontier:
        current = frontier.pop(0)
        if current in seen or not isinstance(current, URIRef):
            continue
        seen.add(current)
        if _is_instrument(graph, current):
            return current
        for link in _UP_LINKS:
            frontier.extend(graph.objects(current, link))
        for link in _FROM_OWNER:
            frontier.extend(graph.subjects(link, current))
    return None


def _label(graph: Graph, node: URIRef) -> str:
    number = graph.value(node, AIKG.number)
    labels = {lit.language: str(lit) for lit in graph.objects(node, RDFS.label) if isinstance(lit, Literal)}
    name = labels.get("vi") or labels.get("en") or str(node)
    return f"{number} {name}" if number else name


def _group(graph: Graph, node: URIRef) -> str:
    instrument = instrument_of(graph, node)
    if instrument is not None:
        return f"{_label(graph, instrument)} <{instrument}>"
    if (node, RDF.type, AIKG.Agency) in graph or (node, RDF.type, AIKG.AgencyCollective) in graph:
        return "Agencies"
    return "Other"


def validate_graph(data: Graph, shapes: Graph) -> ValidationReport:
    """Run pyshacl (no extra inference: the build already holds the reasoner's triples)."""
    conforms, results_graph, _ = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True, meta_shacl=False)
    return _report(results_graph, lambda focus: _group(data, focus), bool(conforms))


def _report(results_graph: Graph, group: Callable[[URIRef], str], conforms: bool) -> ValidationReport:
    """Findings of a pyshacl results graph, each with its instrument group, sorted and counted."""
    findings = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        messages = {lit.language: str(lit) for lit in results_graph.objects(result, SH.resultMessage)}
        path = results_graph.value(result, SH.resultPath)
        focus = results_graph.value(result, SH.focusNode)
        findings.append(Finding(
            severity=results_graph.value(result, SH.resultSeverity),
            focus=focus,
            path=short(path) if isinstance(path, URIRef) else ("" if path is None else "(complex path)"),
            message_en=messages.get("en") or messages.get(None, ""),
            message_vi=messages.get("vi", ""),
            instrument=group(focus),
        ))
    findings.sort(key=lambda f: (f.instrument, SEVERITY_ORDER.get(f.severity, 9), str(f.focus), f.path,
                                 f.message_en, f.message_vi))
    counts: dict[str, int] = defaultdict(int)
    for finding in findings:
        counts[finding.severity_name] += 1
    return ValidationReport(conforms, findings, results_graph, dict(counts))


def format_report(report: ValidationReport) -> str:
    """A readable report: per instrument, per severity, one line per finding in English and Vietnamese."""
    lines = [f"Conforms: {'yes' if report.conforms else 'no'}   "
             + "   ".join(f"{name}s: {report.counts.get(name, 0)}" for name in ("Violation", "Warning", "Info"))]
    groups: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in report.findings:
        groups[finding.instrument][finding.severity_name].append(finding)
    for instrument in sorted(groups):
        lines.append("")
        lines.append(f"== {instrument}")
        for severity in ("Violation", "Warning", "Info"):
            for finding in groups[instrument].get(severity, []):
                where = f"{finding.focus}" + (f"  [{finding.path}]" if finding.path else "")
                lines.append(f"  {severity:<9} {where}")
                lines.append(f"            {finding.message_en}")
                if finding.message_vi:
                    lines.append(f"            {finding.message_vi}")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------ validation at scale
#
# pyshacl over a million triples takes many minutes and grows faster than the data. The shapes here only
# look at a focus node's own triples, the types of the nodes they point to (sh:class), and the few incoming
# links named by an inverse path (a product's task); so the graph is cut into shards of whole subjects, each
# shard carrying that context, and the shards are validated in parallel. A result is kept from the shard that
# owns its focus node, where that node's description is complete: the report equals pyshacl's on the whole
# graph (tests/test_validate_fast.py checks it on the real data). Shapes that look further (sh:node, nested
# paths, SPARQL constraints, targets other than classes and nodes) make `validate_lines` fall back to one
# pyshacl run over the whole graph.

_SH = str(SH)
_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)
#: SHACL terms a sharded run evaluates exactly (everything else triggers the whole-graph fallback).
_SHARDABLE = {_SH + name for name in (
    "NodeShape", "PropertyShape", "targetClass", "targetNode", "property", "path", "inversePath", "severity",
    "message", "name", "description", "order", "group", "deactivated", "Violation", "Warning", "Info",
    "minCount", "maxCount", "class", "datatype", "nodeKind", "IRI", "Literal", "BlankNode", "BlankNodeOrIRI",
    "IRIOrLiteral", "BlankNodeOrLiteral", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
    "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang", "in", "hasValue", "equals",
    "disjoint", "lessThan", "lessThanOrEquals", "or", "and", "not", "xone", "qualifiedValueShape",
    "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint", "closed", "ignoredProperties")}


def shardable(shapes: Graph) -> tuple[bool, set[str]]:
    """Whether the shapes can be checked shard by shard, and the predicates of their inverse paths."""
    inverse: set[str] = set()
    for _, p, o in shapes:
        for term in (p, o):
            if isinstance(term, URIRef) and str(term).startswith(_SH) and str(term) not in _SHARDABLE:
                return False, set()
        if p == SH.inversePath:
            if not isinstance(o, URIRef):
                return False, set()
            inverse.add(str(o))
        if p == SH.path and not isinstance(o, URIRef):
            if (o, SH.inversePath, None) not in shapes:
                return False, set()
    # a value shape (qualifiedValueShape, or/and/not/xone members) must not follow paths from the value nodes
    for container in (SH.qualifiedValueShape,):
        for shape in shapes.objects(None, container):
            if (shape, SH.path, None) in shapes or (shape, SH.property, None) in shapes:
                return False, set()
    return True, inverse


def _split(line: str) -> tuple[str, str, str]:
    s, p, rest = line.split(" ", 2)
    return s, p, rest[:-2].rstrip()


def _shards(lines: list[str], inverse: set[str], count: int) -> list[tuple[str, list[str]]]:
    """Cut sorted N-Triples lines into shards of whole subjects, each with its context lines."""
    types: dict[str, list[str]] = defaultdict(list)
    incoming: dict[str, list[str]] = defaultdict(list)
    shared: list[str] = []
    inverse_tokens = {f"<{p}>" for p in inverse}
    type_token, subclass_token = f"<{_TYPE}>", f"<{_SUBCLASS}>"
    for line in lines:
        s, p, o = _split(line)
        if p == type_token:
            types[s].append(line)
        elif p == subclass_token:
            shared.append(line)
        if p in inverse_tokens:
            incoming[o].append(line)
    size = max(1, len(lines) // count + 1)
    shards: list[tuple[str, list[str]]] = []
    start = 0
    while start < len(lines):
        end = min(len(lines), start + size)
        subject = lines[end - 1].split(" ", 1)[0]
        while end < len(lines) and lines[end].startswith(subject + " "):
            end += 1
        own = lines[start:end]
        owned = {line.split(" ", 1)[0] for line in own}
        context = set(shared)
        for line in own:
            o = _split(line)[2]
            if o[0] in "<_":
                context.update(types.get(o, ()))
        for node in owned:
            context.update(incoming.get(node, ()))
        context.difference_update(own)
        shards.append(("\n".join(owned), own + sorted(context)))
        start = end
    return shards


def _bnode_closure(graph: Graph, start) -> Iterator[tuple]:
    stack, seen = [start], set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            yield node, p, o
            if isinstance(o, BNode):
                stack.append(o)


def _validate_shard(args: tuple[str, list[str], str]) -> tuple[list[tuple], str]:
    """Worker: pyshacl on one shard; the results whose focus node the shard owns, and their triples."""
    owned_text, shard_lines, shapes_nt = args
    owned = {token[1:-1] for token in owned_text.split("\n") if token.startswith("<")}
    owned |= {token for token in owned_text.split("\n") if token.startswith("_:")}
    data = Graph().parse(data="\n".join(shard_lines) + "\n", format="nt")
    shapes = Graph().parse(data=shapes_nt, format="nt")
    _, results, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                     advanced=True, meta_shacl=False)
    kept = Graph()
    names: dict[BNode, URIRef] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        if str(focus) in owned:
            for triple in _bnode_closure(results, result):
                kept.add(tuple(_shape_name(shapes, t, names) for t in triple))
    return kept.serialize(format="nt")


_SHAPE_NAME = "urn:aikg:shape-bnode:"


def _shape_name(shapes: Graph, term, names: dict):
    """A blank node of the shapes graph (source shape, path) named by its content, so that the shards' reports
    point at one node per shape once merged (`_unname` turns the names back into blank nodes)."""
    if not isinstance(term, BNode) or (term, None, None) not in shapes:
        return term
    if term not in names:
        def describe(node, depth=0) -> str:
            if depth > 8:
                return ""
            rows = sorted(f"{p.n3()} {describe(o, depth + 1) if isinstance(o, BNode) else o.n3()}"
                          for p, o in shapes.predicate_objects(node))
            return "[" + ";".join(rows) + "]"
        referrers = sorted(f"{describe(s) if isinstance(s, BNode) else s.n3()} {p.n3()}"
                           for s, p in shapes.subject_predicates(term))
        digest = hashlib.sha256((describe(term) + "|".join(referrers)).encode("utf-8")).hexdigest()
        names[term] = URIRef(_SHAPE_NAME + digest)
    return names[term]


def _unname(graph: Graph) -> Graph:
    nodes: dict[str, BNode] = {}
    out = Graph()
    out.bind("sh", SH)
    for triple in graph:
        out.add(tuple(nodes.setdefault(str(t), BNode()) if isinstance(t, URIRef) and str(t).startswith(_SHAPE_NAME)
                      else t for t in triple))
    return out


def validate_fast_lines(lines: list[str], shapes: Graph, quiet: bool = True) -> ValidationReport:
    """The default engine (aikg.shacl_fast): pyshacl's report in seconds at a million triples.

    Raises aikg.shacl_fast.Unsupported when the shapes need pyshacl itself.
    """
    from aikg.progress import step
    from aikg.shacl_fast import validate_fast

    with step(f"validating {len(lines)} triples", quiet):
        conforms, results_graph = validate_fast(lines, shapes)
    found = list(results_graph.subjects(RDF.type, SH.ValidationResult))
    return _report(results_graph, _GroupIndex(lines, {results_graph.value(r, SH.focusNode) for r in found}),
                   conforms)


def validate_lines(lines: list[str], shapes: Graph, workers: int = 2, quiet: bool = True,
                   engine: str = "pyshacl") -> ValidationReport:
    """Validate sorted N-Triples lines (e.g. dist/aikg.nt): engine "fast" (`validate_fast_lines`), or
    "pyshacl" shard by shard in `workers` processes.

    Both give the same findings as `validate_graph` on the whole graph; "fast" falls back to "pyshacl", and
    that to one whole-graph run, when the shapes need more (see `aikg.shacl_fast` and `shardable`).
    """
    from concurrent.futures import ProcessPoolExecutor

    from aikg.progress import step
    from aikg.shacl_fast import Unsupported

    if engine == "fast":
        try:
            return validate_fast_lines(lines, shapes, quiet)
        except Unsupported:
            pass
    ok, inverse = shardable(shapes)
    if not ok:
        graph = Graph().parse(data="\n".join(lines) + "\n", format="nt")
        return validate_graph(graph, shapes)
    lines = sorted(set(lines))
    count = max(1, min(len(lines) // 20000 + 1, 64)) * max(1, workers)
    shapes_nt = shapes.serialize(format="nt")
    results = Graph()
    with step(f"validating {len(lines)} triples in {count} shards on {workers} processes", quiet) as progress:
        jobs = [(owned, shard, shapes_nt) for owned, shard in _shards(lines, inverse, count)]
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for done, nt in enumerate(pool.map(_validate_shard, jobs), 1):
                    results.parse(data=nt, format="nt")
                    progress.update(done, len(jobs))
        else:
            for done, job in enumerate(jobs, 1):
                results.parse(data=_validate_shard(job), format="nt")
                progress.update(done, len(jobs))
    report = BNode()
    results_graph = _unname(results)
    found = list(results_graph.subjects(RDF.type, SH.ValidationResult))
    results_graph.add((report, RDF.type, SH.ValidationReport))
    for result in found:
        results_graph.add((report, SH.result, result))
    conforms = not any((r, SH.resultSeverity, SH.Violation) in results_graph for r in found)
    results_graph.add((report, SH.conforms, Literal(conforms)))
    return _report(results_graph, _GroupIndex(lines, {results_graph.value(r, SH.focusNode) for r in found}), conforms)


class _GroupIndex:
    """`_group` over N-Triples lines: the instrument a focus node belongs to, found as `instrument_of` does."""

    def __init__(self, lines: list[str], focus_nodes: set) -> None:
        up_links = {f"<{link}>": rank for rank, link in enumerate(_UP_LINKS)}
        owner_links = {f"<{link}>": rank for rank, link in enumerate(_FROM_OWNER)}
        self.up: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.owners: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.types: dict[str, set[str]] = defaultdict(set)
        sub: dict[str, set[str]] = defaultdict(set)
        type_token, subclass_token = f"<{_TYPE}>", f"<{_SUBCLASS}>"
        for line in lines:
            s, p, o = _split(line)
            if p == type_token:
                self.types[s].add(o)
            elif p == subclass_token:
                sub[s].add(o)
            if p in up_links:
                self.up[s].append((up_links[p], o))
            if p in owner_links:
                self.owners[o].append((owner_links[p], s))
        target = f"<{AIKG.LegalInstrument}>"

        def reaches(cls: str, seen: set[str]) -> bool:
            if cls == target:
                return True
            seen.add(cls)
            return any(reaches(c, seen) for c in sub.get(cls, ()) if c not in seen)

        self.instrument_classes = {c for c in set(sub) | {target} if reaches(c, set())}
        self.lines = lines
        self._labels: dict[str, str] = {}
        self._groups: dict[str, str] = {}
        owners_needed = {self._instrument(f"<{f}>") for f in focus_nodes if isinstance(f, URIRef)}
        self._load_labels({o for o in owners_needed if o})

    def _instrument(self, node: str) -> str | None:
        seen: set[str] = set()
        frontier = [node]
        while frontier:
            current = frontier.pop(0)
            if current in seen or not current.startswith("<"):
                continue
            seen.add(current)
            if self.types.get(current, set()) & self.instrument_classes:
                return current
            frontier.extend(o for _, o in sorted(self.up.get(current, ())))
            frontier.extend(s for _, s in sorted(self.owners.get(current, ())))
        return None

    def _load_labels(self, instruments: set[str]) -> None:
        wanted = (f"<{AIKG.number}>", f"<{RDFS.label}>")
        subset = [line for line in self.lines if line.split(" ", 1)[0] in instruments
                  and line.split(" ", 2)[1] in wanted]
        graph = Graph().parse(data="\n".join(subset) + "\n", format="nt") if subset else Graph()
        for token in instruments:
            node = URIRef(token[1:-1])
            self._labels[token] = f"{_label(graph, node)} <{node}>"

    def __call__(self, focus: URIRef) -> str:
        token = f"<{focus}>" if isinstance(focus, URIRef) else str(focus)
        instrument = self._instrument(token)
        if instrument is not None:
            return self._labels[instrument]
        if {f"<{AIKG.Agency}>", f"<{AIKG.AgencyCollective}>"} & self.types.get(token, set()):
            return "Agencies"
        return "Other"


def provenance_graph(lines: list[str]) -> Graph:
    """The provenance triples of N-Triples lines, enough for `aikg.provenance.check_provenance`."""
    wanted = {f"<{AIKG[name]}>" for name in ("sourceText", "sourceDocument", "sourceLine", "sourceLineEnd")}
    subset = [line for line in lines if line.split(" ", 2)[1:2] and line.split(" ", 2)[1] in wanted]
    return Graph().parse(data="\n".join(subset) + "\n", format="nt") if subset else Graph()


def write_report(report: ValidationReport, path: Path, base: str) -> Path:
    """dist/validation.ttl with blank nodes named by content: byte-identical on rerun, in seconds at any size."""
    from aikg.graphio import stable_bnode_labels, write_labelled_turtle

    graph = report.results_graph
    fixed = {node: "report" for node in graph.subjects(RDF.type, SH.ValidationReport) if isinstance(node, BNode)}
    return write_labelled_turtle(graph, path, stable_bnode_labels(graph, fixed), base)
