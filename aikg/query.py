"""Named SPARQL queries: read their documented headers, bind parameters as RDF terms, run them on the build.

A named query is `queries/NAME.rq`. Its header (the leading `#` lines) is a small contract shared with
the server, which serves the same file at /queries/NAME:

    # title: …
    # question (en): …
    # question (vi): …
    # param: NAME — description (an IRI|a literal), example: …
    # example: aikg query NAME --param NAME=…

Parameters are bound from outside as RDF terms (rdflib's `initBindings`), never pasted into the text,
so a value can never change what the query does.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result

from aikg.config import DEFAULT_BASE, Settings
from aikg.errors import AikgError, InputError
from aikg.namespaces import PREFIXES


class QueryError(AikgError):
    """A named query or its parameters cannot be used as given (bad input: exit 2)."""

    exit_code = 2


_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*[—–-]+\s*(?P<description>.*?)\s*"
    r"\((?P<kind>an IRI|a literal)\)\s*,\s*example:\s*(?P<example>.+)$"
)


@dataclass(frozen=True)
class Param:
    """One documented parameter: bound as the variable ?NAME."""

    name: str
    description: str
    kind: str  # "iri" or "literal"
    example: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file with its documented header."""

    name: str
    path: Path
    text: str
    title: str = ""
    question_en: str = ""
    question_vi: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str) -> dict[str, object]:
    """The fields of the leading comment block (stops at the first line that is not a comment)."""
    fields: dict[str, object] = {"params": [], "examples": []}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            match = _PARAM.match(value)
            if not match:
                raise QueryError(f"malformed param line: {line!r}")
            kind = "iri" if match["kind"] == "an IRI" else "literal"
            fields["params"].append(Param(match["name"], match["description"], kind,  # type: ignore[union-attr]
                                          match["example"].strip()))
        elif key == "example":
            fields["examples"].append(value)  # type: ignore[union-attr]
        elif key in ("title", "question (en)", "question (vi)"):
            fields[key] = value
    return fields


def read_query(path: Path) -> NamedQuery:
    """Parse a .rq file and its header."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such query file")
    text = path.read_text(encoding="utf-8")
    header = parse_header(text)
    return NamedQuery(
        name=path.stem, path=path, text=text,
        title=str(header.get("title", "")),
        question_en=str(header.get("question (en)", "")),
        question_vi=str(header.get("question (vi)", "")),
        params=tuple(header["params"]),  # type: ignore[arg-type]
        examples=tuple(header["examples"]),  # type: ignore[arg-type]
    )


def named_queries(settings: Settings) -> list[NamedQuery]:
    """Every queries/*.rq, by name."""
    return [read_query(p) for p in sorted(settings.queries_dir.glob("*.rq"))]


def named_query(name: str, settings: Settings) -> NamedQuery:
    """A query of queries/ by its name, and only that: the name is compared with the files listed there,
    never used as a path (what the server uses for names that come from a URL)."""
    for query in named_queries(settings):
        if query.name == name:
            return query
    known = ", ".join(q.name for q in named_queries(settings))
    raise QueryError(f"no query named {name!r}; known: {known}")


def find_query(name_or_path: str, settings: Settings) -> NamedQuery:
    """A named query (`trace-up`) or a .rq file path; unknown names list the known ones."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.is_file():
        return read_query(path)
    candidate = settings.queries_dir / f"{name_or_path}.rq"
    if candidate.is_file():
        return read_query(candidate)
    known = ", ".join(q.name for q in named_queries(settings))
    raise QueryError(f"no query named {name_or_path!r}; known: {known}")


def _namespaces(base: str) -> dict[str, str]:
    names = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    names["id"] = base
    return names


def parse_term(value: str, base: str, kind: str | None = None) -> URIRef | Literal:
    """Read a parameter value as an RDF term.

    `<…>` and `http(s)://…` are IRIs, `prefix:local` with a project prefix (aikg:, id:, …) is an IRI,
    `"text"@vi` and `"2026"^^xsd:integer` are literals; anything else is a plain literal, or, for a
    parameter documented as an IRI, an IRI relative to the data base (`eli/vn/qd/2026/367-qd-ttg`).
    """
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return URIRef(urljoin(base, value[1:-1]))
    if re.match(r"^(https?|urn|file):", value):
        return URIRef(value)
    literal = re.match(r'^"(?P<text>.*)"(?:@(?P<lang>[A-Za-z-]+)|\^\^(?P<dt>\S+))?$', value, re.S)
    if literal:
        datatype = parse_term(literal["dt"], base, "iri") if literal["dt"] else None
        return Literal(literal["text"], lang=literal["lang"], datatype=datatype)
    prefix, sep, local = value.partition(":")
    namespaces = _namespaces(base)
    if sep and prefix in namespaces and " " not in value:
        return URIRef(namespaces[prefix] + local)
    if kind == "iri":
        if " " in value or not value:
            raise QueryError(f"{value!r} is not an IRI (write <…>, http…, a CURIE such as id:…, or a path)")
        return URIRef(urljoin(base, value))
    return Literal(value)


def parse_bindings(pairs: Iterable[str], query: NamedQuery, base: str,
                   require_all: bool = True) -> dict[str, URIRef | Literal]:
    """`key=value` strings → {key: term}; checks names against the header and that none is missing."""
    bindings: dict[str, URIRef | Literal] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"parameter {pair!r} is not key=value")
        declared = query.param(key)
        if declared is None and query.params:
            raise QueryError(f"{query.name} has no parameter {key!r}; it takes: "
                             + ", ".join(p.name for p in query.params))
        bindings[key] = parse_term(value, base, declared.kind if declared else None)
    missing = [p for p in query.params if p.name not in bindings]
    if require_all and missing:
        hints = "; ".join(f"--param {p.name}=… ({p.description}, e.g. {p.example})" for p in missing)
        raise QueryError(f"{query.name} needs {hints}")
    return bindings


def load_graph(settings: Settings) -> Graph:
    """The merged build (ontology + asserted + inferred), building it first if dist/ is empty."""
    from aikg.build import load_build

    return load_build(settings)


def run(graph: Graph, query: NamedQuery | str, bindings: Mapping[str, URIRef | Literal] | None = None,
        base: str | None = None) -> Result:
    """Run a query (a NamedQuery or SPARQL text) with the parameters bound as initial values."""
    text = query.text if isinstance(query, NamedQuery) else query
    init = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        result = graph.query(text, initBindings=init, initNs=_namespaces(base) if base else None)
        if result.type == "SELECT":
            result.bindings  # noqa: B018 -- evaluate now: rdflib is lazy, and errors must surface here
        return result
    except Exception as error:  # rdflib raises pyparsing and assorted errors for a bad query
        name = query.name if isinstance(query, NamedQuery) else "query"
        raise QueryError(f"{name}: {error}") from None


def rows(result: Result) -> list[dict[str, object]]:
    """Result rows as dicts keyed by variable name (unbound values are None)."""
    names = [str(v) for v in result.vars or []]
    return [{n: row[i] for i, n in enumerate(names)} for row in result]


def display(term: object, base: str | None = None) -> str:
    """A term as a person reads it: CURIE for IRIs (id: for the data base), text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        namespaces = _namespaces(base or DEFAULT_BASE)
        prefix = max((p for p, ns in namespaces.items() if text.startswith(ns)),
                     key=lambda p: len(namespaces[p]), default=None)
        return f"{prefix}:{text[len(namespaces[prefix]):]}" if prefix else text
    return str(term)


def format_table(result: Result, base: str | None = None, width: int = 70) -> str:
    """A plain-text table; long cells are cut to `width` characters."""
    names = [str(v) for v in result.vars or []]
    body = [[_cut(display(v, base), width) for v in row] for row in result]
    widths = [max([len(n), *(len(r[i]) for r in body)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_csv(result: Result) -> str:
    """CSV with full IRIs and exact literals (one header line of variable names)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [str(v) for v in result.vars or []]
    writer.writerow(names)
    for row in result:
        writer.writerow(["" if v is None else str(v) for v in row])
    return buffer.getvalue()


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON, as any SPARQL client reads it."""
    data = json.loads(result.serialize(format="json"))
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


FORMATTERS = {"table": format_table, "csv": format_csv, "json": format_json}


def format_result(result: Result, fmt: str, base: str | None = None) -> str:
    """Format a SELECT/ASK result as table, csv or json (CONSTRUCT/DESCRIBE give Turtle)."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.serialize(format="turtle").decode("utf-8")
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        return json.dumps({"head": {}, "boolean": answer}) + "\n" if fmt == "json" else f"{str(answer).lower()}\n"
    if fmt == "table":
        return format_table(result, base)
    return FORMATTERS[fmt](result)  # type: ignore[operator]


def sort_key_notation(notation: str) -> Sequence[object]:
    """Order notations like II.4.đ the way the documents do (roman, number, then a b c d đ e g)."""
    key: list[object] = []
    for part in str(notation).replace("PL.", "~.").split("."):
        key.append(_part_key(part))
    return key


_LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _part_key(part: str) -> tuple[int, int, str]:
    if part.isdigit():
        return (1, int(part), "")
    if part and all(c in _ROMAN for c in part):
        total, previous = 0, 0
        for char in reversed(part):
            value = _ROMAN[char]
            total = total - value if value < previous else total + value
            previous = max(previous, value)
        return (0, total, "")
    lower = part.lower()
    if lower in _LETTERS:
        return (2, _LETTERS.index(lower), "")
    if lower == "dd":
        return (2, _LETTERS.index("đ"), "")
    return (3, 0, part)
