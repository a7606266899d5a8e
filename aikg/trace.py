"""Follow a duty up from a city task to the AI Law, or down from an instrument to the tasks that carry it out.

The walk uses the specific trace relations (part-of, restates, derivesFrom, carriesOut, implements,
details) and their inverses, so it works on asserted data alone and on the reasoned build alike; only
direct part-of steps are taken, so inferred transitive shortcuts do not clutter the tree.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from aikg.errors import AikgError
from aikg.namespaces import AIKG
from aikg.query import QueryError, display, parse_term, sort_key_notation

#: Relations that lead from a node towards what it implements (the "up" direction).
UP_RELATIONS = (AIKG.restates, AIKG.derivesFrom, AIKG.carriesOut, AIKG.implements, AIKG.details)
#: Of those, the ones followed backwards when walking down (appendix rows are restatements, not implementation).
DOWN_RELATIONS = (AIKG.derivesFrom, AIKG.carriesOut, AIKG.implements, AIKG.details)


class NotFound(AikgError):
    """THING names nothing in the graph, or too many things (bad input: exit 2)."""

    exit_code = 2


@dataclass
class TraceNode:
    """A node of the printed tree: `relation` is the edge from its parent (None at the root)."""

    node: URIRef
    relation: URIRef | None = None
    children: list[TraceNode] = field(default_factory=list)
    repeated: bool = False  # already shown elsewhere in the tree: not expanded again


@dataclass(frozen=True)
class Edge:
    """One step of a trace, always written in the "traces to" direction (source implements target)."""

    source: URIRef
    relation: URIRef
    target: URIRef


# --- finding THING ---------------------------------------------------------------------------------------

def _fold(text: str) -> str:
    """Case- and accent-insensitive form for matching user input (đ → d)."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).casefold().strip()


def _is_known(graph: Graph, node: URIRef) -> bool:
    return (node, None, None) in graph


def resolve(graph: Graph, thing: str, base: str) -> URIRef:
    """THING as an IRI (<…>, http…, CURIE, or a path under the base), an instrument number such as
    `367/QĐ-TTg` (optionally followed by an item notation: `213/KH-UBND II.4`), or a label fragment."""
    thing = unicodedata.normalize("NFC", thing.strip())
    if not thing:
        raise NotFound("nothing to trace: give an IRI, an instrument number or part of a label")
    looks_like_iri = thing.startswith("<") or "://" in thing or (":" in thing and " " not in thing)
    if looks_like_iri or ("/" in thing and " " not in thing and thing.startswith(("eli/", "agency", "id/"))):
        try:
            term = parse_term(thing, base, "iri")
        except QueryError:
            term = None
        if isinstance(term, URIRef) and _is_known(graph, term):
            return term
    by_number = _by_number(graph, thing)
    if by_number is not None:
        return by_number
    return _by_label(graph, thing)


def _by_number(graph: Graph, thing: str) -> URIRef | None:
    numbers = {_fold(str(n)): s for s, n in graph.subject_objects(AIKG.number) if isinstance(s, URIRef)}
    head, _, rest = thing.partition(" ")
    instrument = numbers.get(_fold(thing)) or numbers.get(_fold(head))
    if instrument is None:
        return None
    if _fold(thing) in numbers or not rest.strip():
        return instrument
    wanted = _nfc(rest).removeprefix("mục ").strip()
    parts = [(p, str(n)) for p in _descendants(graph, instrument) for n in graph.objects(p, AIKG.notation)]
    for same in (lambda n: _nfc(n) == wanted, lambda n: _fold(n) == _fold(wanted)):  # đ ≠ d unless typed as d
        found = sorted({p for p, n in parts if same(n)}, key=str)
        if found:
            return found[0]
    raise NotFound(f"{head} has no part with notation {rest.strip()!r}")


def _by_label(graph: Graph, thing: str) -> URIRef:
    wanted_exact, wanted_loose = _nfc(thing), _fold(thing)
    exact, contains, loose = set(), set(), set()
    for prop in (RDFS.label, SKOS.altLabel, AIKG.title):
        for subject, label in graph.subject_objects(prop):
            if not isinstance(subject, URIRef) or not isinstance(label, Literal):
                continue
            text = _nfc(label)
            if text == wanted_exact:
                exact.add(subject)
            elif wanted_exact in text:
                contains.add(subject)
            elif wanted_loose in _fold(label):
                loose.add(subject)
    for found in (exact, contains, loose):
        found = {s for s in found if not _is_vocabulary(graph, s)}
        things = {s for s in found if (s, RDF.type, SKOS.Concept) not in graph}
        found = things or found  # an agency before its agency kind
        if len(found) == 1:
            return next(iter(found))
        if found:
            listed = "\n  ".join(f"{display(s)}  {name(graph, s)}" for s in sorted(found, key=str)[:12])
            more = f"\n  … and {len(found) - 12} more" if len(found) > 12 else ""
            raise NotFound(f"{thing!r} matches {len(found)} things; be more specific or give one IRI:\n  "
                           f"{listed}{more}")
    raise NotFound(f"{thing!r} matches no IRI, instrument number or label in the graph")


def _is_vocabulary(graph: Graph, node: URIRef) -> bool:
    """Classes and properties of the ontology are not things to trace."""
    kinds = set(graph.objects(node, RDF.type))
    owl = "http://www.w3.org/2002/07/owl#"
    return any(str(k).startswith(owl) or k == RDFS.Class for k in kinds)


# --- names -----------------------------------------------------------------------------------------------

def label(graph: Graph, node: URIRef) -> str | None:
    """The Vietnamese label, else English, else any."""
    labels = list(graph.objects(node, RDFS.label))
    for lang in ("vi", "en", None):
        for value in labels:
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    return str(labels[0]) if labels else None


def owner(graph: Graph, node: URIRef) -> URIRef:
    """The instrument a part belongs to (the top of its part-of chain)."""
    seen, current = {node}, node
    while True:
        parents = [p for p in _part_parents(graph, current) if p not in seen]
        if not parents:
            return current
        current = parents[0]
        seen.add(current)


def name(graph: Graph, node: URIRef, width: int = 90) -> str:
    """`213/KH-UBND II.4 — Xây dựng, cập nhật …`: the instrument's number, the notation, the label."""
    notation = graph.value(node, AIKG.notation)
    text = label(graph, node) or display(node)
    if notation is not None:
        top = owner(graph, node)
        number = graph.value(top, AIKG.number) if top != node else None
        prefix = f"{number} {notation}" if number is not None else str(notation)
        found = label(graph, node)
        redundant = found is None or _fold(found) in (_fold(str(notation)), _fold(prefix))
        text = prefix if redundant else f"{prefix} — {found}"
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the walk --------------------------------------------------------------------------------------------

def _part_parents(graph: Graph, node: URIRef) -> list[URIRef]:
    parents = set(graph.objects(node, AIKG.isPartOf)) | set(graph.subjects(AIKG.hasPart, node))
    parents |= set(graph.objects(node, AIKG.isTaskOf)) | set(graph.subjects(AIKG.hasTask, node))
    return sorted((p for p in parents if isinstance(p, URIRef) and p != node), key=str)


def _ancestors(graph: Graph, node: URIRef) -> set[URIRef]:
    found: set[URIRef] = set()
    todo = [node]
    while todo:
        for parent in _part_parents(graph, todo.pop()):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _direct_parents(graph: Graph, node: URIRef) -> list[URIRef]:
    """Parents that are not also ancestors of another parent: skip inferred transitive shortcuts."""
    parents = _part_parents(graph, node)
    above = set().union(*(_ancestors(graph, p) for p in parents)) if parents else set()
    return [p for p in parents if p not in above]


def _descendants(graph: Graph, node: URIRef) -> Iterator[URIRef]:
    seen: set[URIRef] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        for child in _part_children(graph, current):
            if child not in seen:
                seen.add(child)
                todo.append(child)
                yield child


def _part_children(graph: Graph, node: URIRef) -> list[URIRef]:
    children = set(graph.objects(node, AIKG.hasPart)) | set(graph.subjects(AIKG.isPartOf, node))
    return [c for c in children if isinstance(c, URIRef) and c != node]


def _direct_children(graph: Graph, node: URIRef) -> list[URIRef]:
    return [c for c in _part_children(graph, node) if node in _direct_parents(graph, c)]


def _tasks(graph: Graph, node: URIRef) -> list[URIRef]:
    tasks = set(graph.objects(node, AIKG.hasTask)) | set(graph.subjects(AIKG.isTaskOf, node))
    return [t for t in tasks if isinstance(t, URIRef)]


def up_steps(graph: Graph, node: URIRef) -> list[tuple[URIRef, URIRef]]:
    """(relation, target) pairs one step up from `node`."""
    steps = [(AIKG.isPartOf, p) for p in _direct_parents(graph, node)]
    for relation in UP_RELATIONS:
        steps += [(relation, t) for t in graph.objects(node, relation) if isinstance(t, URIRef)]
    return steps


def _has_incoming_trace(graph: Graph, node: URIRef) -> bool:
    return any((None, relation, node) in graph for relation in DOWN_RELATIONS)


def down_steps(graph: Graph, node: URIRef) -> list[tuple[URIRef, URIRef]]:
    """(relation, source) pairs one step down from `node`: what implements it, and its relevant parts.

    An instrument with tasks shows its tasks; one without (a law, a chapter) shows only the parts under
    which something is traced, so that a 35-article law does not print every article.
    """
    steps: list[tuple[URIRef, URIRef]] = []
    for relation in DOWN_RELATIONS:
        steps += [(relation, s) for s in graph.subjects(relation, node) if isinstance(s, URIRef)]
    tasks = _tasks(graph, node)
    if tasks:
        steps += [(AIKG.hasTask, t) for t in tasks]
    else:
        for child in _direct_children(graph, node):
            if _has_incoming_trace(graph, child) or any(_has_incoming_trace(graph, d)
                                                        for d in _descendants(graph, child)):
                steps.append((AIKG.hasPart, child))
    return steps


def _order(graph: Graph, steps: Iterable[tuple[URIRef, URIRef]]) -> list[tuple[URIRef, URIRef]]:
    def key(step: tuple[URIRef, URIRef]) -> tuple[object, ...]:
        relation, node = step
        notation = graph.value(node, AIKG.notation)
        return (str(owner(graph, node)), sort_key_notation(str(notation)) if notation else [], str(relation), str(node))

    unique = dict.fromkeys(steps)
    return sorted(unique, key=key)


def walk(graph: Graph, root: URIRef, direction: str) -> TraceNode:
    """The tree of everything reachable from `root` going `up` or `down`; a node met twice is not re-expanded."""
    step = up_steps if direction == "up" else down_steps
    tree = TraceNode(root)
    shown = {root}
    frontier = [tree]
    while frontier:  # breadth first: a node is expanded where it is nearest the root
        next_frontier = []
        for current in frontier:
            for relation, other in _order(graph, step(graph, current.node)):
                child = TraceNode(other, relation, repeated=other in shown)
                current.children.append(child)
                if not child.repeated:
                    shown.add(other)
                    next_frontier.append(child)
        frontier = next_frontier
    return tree


def edges(tree: TraceNode, direction: str) -> list[Edge]:
    """The tree's steps as edges written source → target in the "traces to" sense."""
    found: list[Edge] = []

    def visit(node: TraceNode) -> None:
        for child in node.children:
            if direction == "up":
                found.append(Edge(node.node, child.relation, child.node))  # type: ignore[arg-type]
            elif child.relation in (AIKG.hasTask, AIKG.hasPart):
                relation = AIKG.isTaskOf if child.relation == AIKG.hasTask else AIKG.isPartOf
                found.append(Edge(child.node, relation, node.node))
            else:
                found.append(Edge(child.node, child.relation, node.node))  # type: ignore[arg-type]
            visit(child)

    visit(tree)
    return list(dict.fromkeys(found))


# --- printing and drawing --------------------------------------------------------------------------------

_ARROWS_UP = {AIKG.isPartOf: "part of", AIKG.restates: "restates", AIKG.derivesFrom: "derives from",
              AIKG.carriesOut: "carries out", AIKG.implements: "implements", AIKG.details: "details"}
_ARROWS_DOWN = {AIKG.hasPart: "has part", AIKG.hasTask: "has task", AIKG.derivesFrom: "followed by",
                AIKG.carriesOut: "carried out by", AIKG.implements: "implemented by", AIKG.details: "detailed by"}


def render_tree(graph: Graph, tree: TraceNode, direction: str, base: str | None = None) -> str:
    """The tree as indented text, one node per line, with the relation that leads to it."""
    arrows = _ARROWS_UP if direction == "up" else _ARROWS_DOWN
    lines = [f"{name(graph, tree.node)}  [{display(tree.node, base)}]"]

    def visit(node: TraceNode, indent: str) -> None:
        for i, child in enumerate(node.children):
            last = i == len(node.children) - 1
            branch, further = ("└─ ", "   ") if last else ("├─ ", "│  ")
            text = f"{arrows.get(child.relation, display(child.relation))} → {name(graph, child.node)}"
            if child.repeated:
                text += "  (shown above)"
            elif child.relation == AIKG.derivesFrom:
                note = graph.value(node.node if direction == "up" else child.node, AIKG.derivationNote)
                if note is not None:
                    lead = f"{indent}{further}   "
                    text += "\n" + textwrap.fill(" ".join(str(note).split()), width=max(60, 110 - len(lead)),
                                                 initial_indent=f"{lead}why: ", subsequent_indent=f"{lead}     ")
            lines.append(indent + branch + text)
            visit(child, indent + further)

    visit(tree, "")
    return "\n".join(lines) + "\n"


_COLOURS = {"law": "#f6d55c", "national": "#9ecae1", "local": "#a1d99b", "row": "#e5f5e0", "other": "#ffffff"}


def _kind(graph: Graph, node: URIRef) -> str:
    top = owner(graph, node)
    types = set(graph.objects(top, RDF.type))
    if AIKG.Law in types:
        return "law"
    if AIKG.LocalPlan in types:
        return "row" if (node, RDF.type, AIKG.AppendixRow) in graph else "local"
    if types & {AIKG.Decision, AIKG.Decree, AIKG.Circular, AIKG.ImplementationPlan, AIKG.Strategy, AIKG.Programme}:
        return "national"
    return "other"


def to_dot(graph: Graph, root: URIRef, trace_edges: list[Edge]):  # -> graphviz.Digraph
    """A graphviz digraph of the edges, coloured by layer (law, national, city), arrows in the traces-to sense."""
    import graphviz

    dot = graphviz.Digraph("trace", graph_attr={"rankdir": "BT", "fontname": "Helvetica", "fontsize": "10"},
                           node_attr={"shape": "box", "style": "rounded,filled", "fontname": "Helvetica",
                                      "fontsize": "10"},
                           edge_attr={"fontname": "Helvetica", "fontsize": "9", "color": "#555555"})
    nodes = sorted({root} | {e.source for e in trace_edges} | {e.target for e in trace_edges}, key=str)
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}  # IRIs hold ':', which DOT reads as a port
    for node in nodes:
        attrs = {"fillcolor": _COLOURS[_kind(graph, node)], "tooltip": str(node), "URL": str(node)}
        if node == root:
            attrs["penwidth"] = "2.5"
        dot.node(ids[node], _wrap(name(graph, node, width=120)), **attrs)
    for edge in trace_edges:
        dot.edge(ids[edge.source], ids[edge.target], label=_ARROWS_UP.get(edge.relation, display(edge.relation)))
    return dot


def _wrap(text: str, width: int = 32) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def draw(graph: Graph, root: URIRef, trace_edges: list[Edge], out: Path) -> Path:
    """Write the picture; the format comes from the suffix (.svg, .png, .pdf, .dot)."""
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png", "pdf", "dot", "gv"):
        raise NotFound(f"cannot draw to {out.name}: use .svg, .png, .pdf or .dot")
    dot = to_dot(graph, root, trace_edges)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("dot", "gv"):
        out.write_text(dot.source, encoding="utf-8")
        return out
    import graphviz

    try:
        out.write_bytes(dot.pipe(format=fmt))
    except graphviz.ExecutableNotFound:
        from aikg.errors import EnvironmentProblem

        raise EnvironmentProblem("Graphviz's `dot` is not installed (Debian: apt-get install graphviz)") from None
    return out


def to_elements(graph: Graph, root: URIRef, trace_edges: list[Edge]) -> dict[str, object]:
    """The trace as cytoscape.js elements (nodes and edges), for the interactive web view."""
    nodes = sorted({root} | {e.source for e in trace_edges} | {e.target for e in trace_edges}, key=str)
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    return {
        "root": ids[root],
        "nodes": [{"data": {"id": ids[n], "iri": str(n), "label": name(graph, n, width=120),
                            "kind": _kind(graph, n), "root": n == root}} for n in nodes],
        "edges": [{"data": {"id": f"e{i}", "source": ids[e.source], "target": ids[e.target],
                            "label": _ARROWS_UP.get(e.relation, display(e.relation)),
                            "relation": str(e.relation)}} for i, e in enumerate(trace_edges)],
    }


def trace(graph: Graph, root: URIRef, direction: str = "both") -> tuple[dict[str, TraceNode], list[Edge]]:
    """Walk `up`, `down` or `both` ways; the trees by direction (empty ones left out) and all their edges."""
    trees: dict[str, TraceNode] = {}
    found: list[Edge] = []
    for way in ("up", "down") if direction == "both" else (direction,):
        tree = walk(graph, root, way)
        if tree.children or direction != "both":
            trees[way] = tree
            found += edges(tree, way)
    return trees, list(dict.fromkeys(found))
