"""SHACL Core over sorted N-Triples lines, at a million triples in seconds, with pyshacl's exact results.

Why: pyshacl reads its data through an rdflib graph (minutes to parse a million triples) and re-enters a
shape once per value node for sh:or and sh:qualifiedValueShape (a label check becomes a million nested
validations). The shapes here only need a focus node's values along a predicate or its inverse, and the
types of the values. So the data is indexed once from the N-Triples lines, and each shape is evaluated
for all its focus nodes at once: nested shapes (sh:or members, qualified value shapes) run once over all
value nodes and answer "does v conform" from a set.

The results are pyshacl's own: the value checks and the result nodes (messages, severities, paths, the
copied shapes) are made by pyshacl's constraint components, called with value nodes computed here, and
the report graph by pyshacl's report builder. Only the walk (targets, paths, nesting, conformance under
allow_warnings) is reimplemented, following pyshacl's Shape.validate. Anything outside that walk (sh:node,
SPARQL constraints, complex paths, SHACL-AF targets …) raises `Unsupported`, and the caller runs pyshacl.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.pytypes import SHACLExecutor
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser
from rdflib.term import Node

from aikg.namespaces import SH

#: Components whose pyshacl code only reads the value nodes it is given, the types and superclasses of
#: values (sh:class) and the focus node's values of another predicate (property pairs).
_VALUEWISE = {
    "ClassConstraintComponent", "DatatypeConstraintComponent", "NodeKindConstraintComponent",
    "MinCountConstraintComponent", "MaxCountConstraintComponent", "MinExclusiveConstraintComponent",
    "MinInclusiveConstraintComponent", "MaxExclusiveConstraintComponent", "MaxInclusiveConstraintComponent",
    "MinLengthConstraintComponent", "MaxLengthConstraintComponent", "PatternConstraintComponent",
    "LanguageInConstraintComponent", "UniqueLangConstraintComponent", "InConstraintComponent",
    "HasValueConstraintComponent", "EqualsConstraintComponent", "DisjointConstraintComponent",
    "LessThanConstraintComponent", "LessThanOrEqualsConstraintComponent",
}
#: Shapes-graph predicates naming data predicates the evaluation reads.
_PREDICATE_PARAMS = (SH.path, SH.inversePath, SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint,
                     SH.targetSubjectsOf, SH.targetObjectsOf)
#: SHACL-AF and SPARQL terms whose presence means pyshacl must run.
_REFUSED = (SH.target, SH.rule, SH.sparql, SH.select, SH.ask, SH.expression, SH.js, SH.node, SH.closed)
_ALLOWED = {SH.Info, SH.Warning}  # severities that conform under allow_warnings=True
_EXECUTOR = SHACLExecutor(advanced_mode=True, allow_warnings=True)


class Unsupported(Exception):
    """The shapes use something this evaluator does not reproduce exactly."""


def _light_result(severity: URIRef):
    """A stand-in for ConstraintComponent.make_v_result keeping only what conformance needs."""
    def make(datagraph, focus_node, value_node=None, **_) -> tuple:
        node = BNode()
        return "", node, [(node, SH.resultSeverity, severity), (node, SH.focusNode, (datagraph, focus_node))]
    return make


def _split(line: str) -> tuple[str, str, str]:
    s, p, rest = line.split(" ", 2)
    return s, p, rest[:-2].rstrip()


class _Data:
    """The data lines indexed by the predicates the shapes read; also the graph pyshacl's components see."""

    def __init__(self, lines: Iterable[str], predicates: set[str]) -> None:
        self.out: dict[str, dict[str, list[str]]] = {p: defaultdict(list) for p in predicates}
        self.inv: dict[str, dict[str, list[str]]] = {p: defaultdict(list) for p in predicates}
        self.namespace_manager = Graph(bind_namespaces="core").namespace_manager
        self._terms: dict[str, Node] = {}
        self._parser = W3CNTriplesParser()
        seen: set[str] = set()
        for line in lines:
            if not line or line[0] == "#":
                continue
            s, p, o = _split(line)
            if p in predicates and line not in seen:
                seen.add(line)
                self.out[p][s].append(o)
                self.inv[p][o].append(s)

    # ------------------------------------------------------------------ tokens and rdflib terms
    def term(self, token: str) -> Node:
        """The rdflib term of an N-Triples token, as rdflib's own parser makes it (cached)."""
        found = self._terms.get(token)
        if found is None:
            if token[0] == "<" and "\\" not in token:
                found = URIRef(token[1:-1])
            elif token.startswith("_:"):
                found = BNode(token[2:])
            else:
                self._parser.line = token
                found = self._parser.object()
            self._terms[token] = found
        return found

    @staticmethod
    def token(term: Node) -> str:
        if isinstance(term, URIRef):
            return f"<{term}>"
        if isinstance(term, BNode):
            return f"_:{term}"
        raise Unsupported(f"a literal as subject: {term!r}")

    def _index(self, predicate: Node) -> dict[str, list[str]]:
        index = self.out.get(f"<{predicate}>")
        if index is None:
            raise Unsupported(f"pyshacl asked for unindexed predicate {predicate}")
        return index

    # ------------------------------------------------------------------ the rdflib.Graph methods components call
    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        if isinstance(subject, Literal):
            return iter(())
        return (self.term(o) for o in self._index(predicate).get(self.token(subject), ()))

    def transitive_objects(self, subject: Node, predicate: Node, remember: set | None = None) -> Iterator[Node]:
        index, seen, stack = self._index(predicate), set(), [self.token(subject)]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            yield self.term(current)
            stack.extend(reversed(index.get(current, ())))

    def subclasses(self, cls: str) -> set[str]:
        """cls and every class below it (rdfs:subClassOf*), as tokens."""
        below, stack = set(), [cls]
        index = self.inv[f"<{RDFS.subClassOf}>"]
        while stack:
            current = stack.pop()
            if current not in below:
                below.add(current)
                stack.extend(index.get(current, ()))
        return below


def _predicates(shapes: Graph) -> set[str]:
    found = {f"<{RDF.type}>", f"<{RDFS.subClassOf}>"}
    for param in _PREDICATE_PARAMS:
        for value in shapes.objects(None, param):
            if isinstance(value, URIRef):
                found.add(f"<{value}>")
    return found


class FastValidator:
    """pyshacl's validation (inference none, advanced, allow_warnings) over indexed N-Triples lines."""

    def __init__(self, shapes: Graph, lines: Iterable[str]) -> None:
        for term in _REFUSED:
            if (None, term, None) in shapes:
                raise Unsupported(f"shapes use {term}")
        self.sg = ShapesGraph(shapes)
        self.data = _Data(lines, _predicates(shapes))
        self._components: dict[tuple, object] = {}

    # ------------------------------------------------------------------ focus and value nodes
    def focus(self, shape) -> list[str]:
        nodes, classes, implicit, objects_of, subjects_of = shape.target()
        found: set[str] = set()
        for node in nodes:
            if not isinstance(node, URIRef):
                raise Unsupported(f"sh:targetNode {node!r}")
            found.add(self.data.token(node))
        types = self.data.inv[f"<{RDF.type}>"]
        for cls in set(classes) | set(implicit):
            for sub in self.data.subclasses(f"<{cls}>"):
                found.update(types.get(sub, ()))
        for p in subjects_of:
            found.update(self.data.out[f"<{p}>"])
        for p in objects_of:
            found.update(self.data.inv[f"<{p}>"])
        return sorted(found)

    def values(self, shape, focus: list[str]) -> dict[str, list[str]]:
        if not shape.is_property_shape:
            return {f: [f] for f in focus}
        path = shape.path()
        if isinstance(path, URIRef):
            index = self.data.out[f"<{path}>"]
        else:
            inverse = self.sg.graph.value(path, SH.inversePath)
            if not isinstance(inverse, URIRef) or len(set(self.sg.graph.predicate_objects(path))) != 1:
                raise Unsupported(f"path {path!r}")
            index = self.data.inv[f"<{inverse}>"]
        return {f: index.get(f, []) for f in focus}

    def component(self, shape, cls):
        key = (shape.node, cls)
        if key not in self._components:
            self._components[key] = cls(shape)
        return self._components[key]

    # ------------------------------------------------------------------ Shape.validate, for many focus nodes
    def validate(self, shape, focus: list[str], light: bool = False) -> tuple[list, set[str]]:
        """pyshacl's reports of `shape` on the focus nodes, and those of the focus nodes that do not conform
        (as validating each one alone would say: a report of a severity allow_warnings does not forgive).

        `light`: the reports are only counted (nested shapes), so they carry only severity and focus node:
        building pyshacl's full result (message text, node descriptions) for every label would cost minutes.
        """
        if shape.deactivated or not focus:
            return [], set()
        values = self.values(shape, focus)
        forgiving = shape.severity in _ALLOWED
        reports: list = []
        bad: set[str] = set()
        done: set = set()
        for parameter, _ in self.sg.predicate_objects(shape.node):
            cls = CONSTRAINT_PARAMETERS_MAP.get(parameter)
            if cls is None or cls in done:
                continue
            done.add(cls)
            component = self.component(shape, cls)
            if light:
                component.make_v_result = _light_result(shape.severity)
            try:
                found = self._evaluate(shape, cls, component, focus, values, light)
            finally:
                if light:
                    del component.make_v_result
            reports.extend(found)
            if not forgiving:
                for _, node, triples in found:
                    severity = next(o for s, p, o in triples if s == node and p == SH.resultSeverity)
                    if severity not in _ALLOWED:
                        focus_term = next(o for s, p, o in triples if s == node and p == SH.focusNode)[1]
                        bad.add(self._focus_token(focus_term))
        return reports, bad

    def _evaluate(self, shape, cls, component, focus: list[str], values: dict[str, list[str]], light: bool) -> list:
        name = cls.constraint_name()
        if name == "PropertyConstraintComponent":
            found = self._property(shape, component, focus, light)
        elif name == "OrConstraintComponent":
            found = self._or(component, values)
        elif name == "QualifiedValueShapeConstraintComponent":
            found = self._qualified(component, values)
        elif name in _VALUEWISE:
            terms = {self.data.term(f): {self.data.term(v) for v in vs} for f, vs in values.items()}
            found = component.evaluate(_EXECUTOR, self.data, terms, [])[1]
        else:
            raise Unsupported(name)
        return found

    def _focus_token(self, term: Node) -> str:
        if isinstance(term, Literal):
            return term.n3()  # only reached for nested shapes checked on literal values: see _nested
        return self.data.token(term)

    def _nested(self, shape_node, values: dict[str, list[str]]) -> set[str]:
        """The value nodes (tokens) that do not conform to a nested shape."""
        shape = self.sg.lookup_shape_from_node(shape_node)
        nodes = sorted({v for vs in values.values() for v in vs})
        literal_tokens = {self.data.term(v).n3(): v for v in nodes if v[0] == '"'}
        _, bad = self.validate(shape, nodes, light=True)
        return {literal_tokens.get(token, token) for token in bad}

    def _property(self, shape, component, focus: list[str], light: bool) -> list:
        if shape.is_property_shape:
            raise Unsupported("sh:property inside a property shape")
        reports: list = []
        for node in component.property_shapes:
            if self.sg.is_filtered_out_shape(node):
                continue
            prop = self.sg.lookup_shape_from_node(node)
            if not prop.is_property_shape:
                raise Unsupported(f"sh:property {node!r} is not a property shape")
            reports.extend(self.validate(prop, focus, light)[0])
        return reports

    def _or(self, component, values: dict[str, list[str]]) -> list:
        reports: list = []
        for or_list in component.or_list:
            members = [m for m in set(self.sg.graph.items(or_list)) if not self.sg.is_filtered_out_shape(m)]
            if not members:
                continue
            failing = [self._nested(member, values) for member in members]
            for f, vs in values.items():
                for v in vs:
                    if all(v in bad for bad in failing):
                        reports.append(component.make_v_result(self.data, self.data.term(f),
                                                               value_node=self.data.term(v)))
        return reports

    def _qualified(self, component, values: dict[str, list[str]]) -> list:
        if component.is_disjoint:
            raise Unsupported("sh:qualifiedValueShapesDisjoint")
        if not sum(len(vs) for vs in values.values()) and (component.min_count is None or component.min_count < 1):
            return []
        reports: list = []
        for value_shape in component.value_shapes:
            if self.sg.is_filtered_out_shape(value_shape):
                continue
            bad = self._nested(value_shape, values)
            for f, vs in values.items():
                conforming = sum(1 for v in set(vs) if v not in bad)
                if component.max_count is not None and conforming > component.max_count:
                    reports.append(component.make_v_result(
                        self.data, self.data.term(f), constraint_component=SH.QualifiedMaxCountConstraintComponent))
                if component.min_count is not None and conforming < component.min_count:
                    reports.append(component.make_v_result(
                        self.data, self.data.term(f), constraint_component=SH.QualifiedMinCountConstraintComponent))
        return reports

    # ------------------------------------------------------------------ the whole run
    def run(self) -> tuple[bool, Graph]:
        """(conforms, results graph) as pyshacl.validate returns them."""
        reports: list = []
        conforms = True
        for shape in self.sg.shapes:
            found, bad = self.validate(shape, self.focus(shape))
            reports.extend(found)
            conforms = conforms and not bad
        for _, _node, triples in reports:
            for _s, p, o in triples:
                if p in (SH.focusNode, SH.value) and isinstance(o[1], BNode):
                    raise Unsupported("a blank node as focus or value node")
        graph, _ = Validator.create_validation_report(self.sg, conforms, reports)
        return conforms, graph


def validate_fast(lines: Iterable[str], shapes: Graph) -> tuple[bool, Graph]:
    """Validate N-Triples lines; raise Unsupported when the shapes need pyshacl itself."""
    return FastValidator(shapes, lines).run()
