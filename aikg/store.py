"""One small query interface over the built graph, so callers never depend on the SPARQL engine.

Two engines implement it: rdflib (its in-memory Dataset, or the same Dataset on oxrdflib's Oxigraph
store) and pyoxigraph natively. Results come back as plain rdflib terms in a `QueryResult`, which is
picklable, so a store can also run in a worker process (see aikg_server.workers) that can be killed.
A `ServingStore` also answers with bytes already written by the engine's own serializers in the format
a client asked for (`query_serialized`): that is how the server answers, with no per-term conversion.
The server opens one on-disk Oxigraph store per build (`disk_store`), shared read-only by its workers.

The default graph of every store is the union of its named graphs (ontology + asserted + inferred).
Neither engine is ever allowed to fetch anything: rdflib's loading of unknown FROM graphs is switched
off here, and SERVICE must be refused before a query reaches a store (aikg_server.guard does that).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

import rdflib.plugins.sparql
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from aikg.sparql_text import tokens

# rdflib would otherwise dereference a FROM <iri> that names no graph of the dataset.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

#: Engines by name (AIKG_STORE): the rdflib memory store, rdflib on oxrdflib, and pyoxigraph directly.
ENGINES = ("oxigraph", "rdflib", "oxrdflib")
DEFAULT_ENGINE = "oxigraph"

Term = URIRef | BNode | Literal


class StoreError(Exception):
    """A query could not be answered; the message is safe to show to a client."""


class StoreUnavailable(StoreError):
    """The store cannot answer now (a remote endpoint down or overloaded): 503, try again later."""


class RemoteError(StoreError):
    """A remote store answered with an error of its own: 502."""


class QuerySyntaxError(StoreError):
    """The engine could not parse the query."""


class TooManyResults(StoreError):
    """More rows (or triples) than the configured limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the result has more than {limit} rows (limit max_rows, AIKG_MAX_ROWS); "
                         "add a LIMIT or narrow the query")


@dataclass
class QueryResult:
    """An engine-neutral answer: SELECT rows, an ASK boolean, or CONSTRUCT/DESCRIBE triples."""

    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    @property
    def is_graph(self) -> bool:
        return self.kind in ("CONSTRUCT", "DESCRIBE")

    def graph(self) -> Graph:
        """CONSTRUCT/DESCRIBE triples as an rdflib Graph (for serialization)."""
        graph = Graph(bind_namespaces="none")
        for triple in self.triples:
            graph.add(triple)
        return graph

    def dicts(self) -> list[dict[str, Term | None]]:
        """SELECT rows keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What the server and the benchmark need from an engine."""

    engine: str

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              max_rows: int | None = None) -> QueryResult:
        """Answer a SPARQL 1.1 query; `bindings` pre-bind variables to RDF terms (never text)."""
        ...

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs."""
        ...

    def close(self) -> None:
        """Release resources (worker processes, files)."""
        ...


#: Result formats by the names the server negotiates (aikg_server.formats): pyoxigraph's writers.
RESULT_WRITERS = ("json", "xml", "csv", "tsv")
GRAPH_WRITERS = ("turtle", "nt", "jsonld", "rdfxml")


@runtime_checkable
class ServingStore(Store, Protocol):
    """A store that also answers with serialized bytes (the server's only kind of store)."""

    def query_serialized(self, sparql: str, fmt: str, *, bindings: Mapping[str, Term] | None = None,
                         default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                         max_rows: int | None = None, order: Sequence[str] | None = None) -> bytes:
        """The answer written in `fmt` (a name of RESULT_WRITERS or GRAPH_WRITERS); `order` lists the
        variables of a `SELECT *` in the query's order (engines sort them)."""
        ...


def _check_rows(count: int, max_rows: int | None) -> None:
    if max_rows is not None and count > max_rows:
        raise TooManyResults(max_rows)


# --- rdflib --------------------------------------------------------------------------------------------

class RdflibStore:
    """rdflib's SPARQL engine over a Dataset (memory store, or Oxigraph through oxrdflib)."""

    def __init__(self, dataset: Dataset, engine: str = "rdflib") -> None:
        self.dataset = dataset
        self.engine = engine

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs()
                      if isinstance(g.identifier, URIRef) and len(g) and not _is_default(g.identifier))

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              max_rows: int | None = None) -> QueryResult:
        query: object = sparql
        if default_graphs is not None or named_graphs is not None:
            query = _with_dataset(sparql, default_graphs or [], named_graphs or [])
        try:
            try:  # rdflib evaluates lazily: errors can come while reading the answer, so convert here
                result = self.dataset.query(query, initBindings=dict(bindings or {}))  # type: ignore[arg-type]
                return _from_rdflib(result, sparql, max_rows)
            except Exception as error:
                if not bindings or "projection" not in str(error) or not isinstance(query, str):
                    raise
                # oxrdflib hands initBindings to Oxigraph, which substitutes only projected variables.
                result = self.dataset.query(substitute(sparql, bindings))
                return _from_rdflib(result, sparql, max_rows)
        except StoreError:
            raise
        except Exception as error:  # pyparsing and assorted evaluation errors
            raise _engine_error(error) from None

    def close(self) -> None:
        self.dataset.close()


def _is_default(identifier: Node) -> bool:
    return str(identifier) == "urn:x-rdflib:default"


def _with_dataset(sparql: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> object:
    """Parse the query and replace its FROM / FROM NAMED with the protocol's graphs (in the algebra)."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        prepared = prepareQuery(sparql)
    except Exception as error:
        raise _engine_error(error) from None
    clauses = [CompValue("DatasetClause", default=URIRef(g)) for g in default_graphs]
    clauses += [CompValue("DatasetClause", named=URIRef(g)) for g in named_graphs]
    if not default_graphs:  # named graphs only: the default graph is then empty, as the protocol says
        clauses.append(CompValue("DatasetClause", default=URIRef("urn:aikg:empty")))
    prepared.algebra["datasetClause"] = clauses
    return prepared


def _from_rdflib(result, sparql: str, max_rows: int | None) -> QueryResult:
    if result.type == "ASK":
        return QueryResult("ASK", boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = []
        for s, p, o in result.graph:
            triples.append((s, p, _plain(o)))
            _check_rows(len(triples), max_rows)
        return QueryResult(_first_keyword(sparql), triples=triples)  # oxrdflib calls DESCRIBE CONSTRUCT
    variables = [str(v) for v in result.vars or []]
    rows = []
    for row in result:
        rows.append(tuple(_plain(term) for term in row))
        _check_rows(len(rows), max_rows)
    return QueryResult("SELECT", variables=variables, rows=rows)


def _plain(term):
    """xsd:string literals as plain literals, as the memory store and pyoxigraph results give them
    (oxrdflib keeps the datatype, and rdflib compares the two forms as different terms)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def _engine_error(error: Exception) -> StoreError:
    """An engine exception as a client-safe message (the parser's own words and position)."""
    kind = type(error).__name__
    if kind in ("ParseException", "ParseSyntaxException", "SyntaxError"):
        return QuerySyntaxError(str(error))
    return StoreError(f"the query could not be evaluated: {error}")


# --- pyoxigraph ----------------------------------------------------------------------------------------

class OxigraphStore:
    """pyoxigraph's native engine over a Store (in memory, or on disk opened read-only)."""

    engine = "oxigraph"

    def __init__(self, store, prefixes: Mapping[str, str] | None = None) -> None:  # pyoxigraph.Store
        self.store = store
        self.prefixes = dict(prefixes or {})

    def graph_names(self) -> list[str]:
        import pyoxigraph as ox

        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def _run(self, sparql: str, bindings: Mapping[str, Term] | None, default_graphs: Sequence[str] | None,
             named_graphs: Sequence[str] | None):
        """The engine's raw answer."""
        import pyoxigraph as ox

        options: dict[str, object] = {}
        if default_graphs is not None or named_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
        else:
            options["use_default_graph_as_union"] = True
        try:
            if bindings:
                try:
                    options["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
                except ValueError as error:  # pyoxigraph checks IRIs and language tags
                    raise StoreError(f"cannot bind a parameter: {error}") from None
            try:
                return self.store.query(sparql, **options)
            except Exception as error:
                if not bindings or "projection" not in str(error):
                    raise
                # Oxigraph substitutes only projected variables; the others are written in place of their
                # variable from the parsed terms (their own N-Triples syntax), never from client text.
                options.pop("substitutions")
                return self.store.query(substitute(sparql, bindings), **options)
        except StoreError:
            raise
        except SyntaxError as error:
            raise QuerySyntaxError(syntax_message(str(error), sparql)) from None
        except Exception as error:
            raise _engine_error(error) from None

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              max_rows: int | None = None) -> QueryResult:
        result = self._run(sparql, bindings, default_graphs, named_graphs)
        try:
            return _from_oxigraph(result, sparql, max_rows)
        except StoreError:
            raise
        except Exception as error:  # evaluation is lazy: errors can come while reading the answer
            raise _engine_error(error) from None

    def query_serialized(self, sparql: str, fmt: str, *, bindings: Mapping[str, Term] | None = None,
                         default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                         max_rows: int | None = None, order: Sequence[str] | None = None) -> bytes:
        result = self._run(sparql, bindings, default_graphs, named_graphs)
        try:
            return write_result(result, fmt, max_rows, order, self.prefixes)
        except StoreError:
            raise
        except Exception as error:
            raise _engine_error(error) from None

    def close(self) -> None:
        pass


def syntax_message(message: str, text: str) -> str:
    """Oxigraph's `error at L:C: …` as `syntax error at line L, column C` with the line and a caret."""
    found = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not found:
        return f"syntax error: {message}"
    line_no, column = int(found[1]), max(1, int(found[2]) - 1)  # Oxigraph's column is one past the character
    lines = text.splitlines() or [""]
    source = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    return f"syntax error at line {line_no}, column {column}: {found[3]}\n{source}\n{' ' * (column - 1)}^"


class _CountingWriter:
    """A binary sink for pyoxigraph's writers that stops them once more than `limit` lines were written."""

    def __init__(self, limit: int | None, header_lines: int) -> None:
        self.chunks: list[bytes] = []
        self.lines = -header_lines
        self.limit = limit

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        if self.limit is not None and self.lines > self.limit:
            raise TooManyResults(self.limit)
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.chunks)


def write_result(result, fmt: str, max_rows: int | None,
                 order: Sequence[str] | None = None, prefixes: Mapping[str, str] | None = None) -> bytes:
    """A pyoxigraph answer written by pyoxigraph in `fmt`, keeping the row limit as it writes.

    Rows are counted on the way through the line-based writers (TSV, N-Triples: one line per row), and
    other formats are written from those bytes by the engine again: no Python per term, but for JSON-LD,
    which the engine writes only expanded and aikg.jsonld compacts with the prefixes."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        if fmt in ("csv", "tsv"):  # SPARQL defines no CSV/TSV for ASK; the usual one-cell table
            return f"{'?' if fmt == 'tsv' else ''}_askResult\r\n{str(bool(result)).lower()}\r\n".encode()
        return result.serialize(format=_results_format(fmt))
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_WRITERS:
            raise StoreError(f"a graph cannot be written as {fmt}")
        sink = _CountingWriter(max_rows, 0)
        ox.serialize(result, sink, format=ox.RdfFormat.N_TRIPLES)
        if fmt == "nt":
            return sink.value()
        return write_triples(ox.parse(sink.value(), format=ox.RdfFormat.N_TRIPLES), fmt, prefixes)
    if fmt not in RESULT_WRITERS:
        raise StoreError(f"a table of results cannot be written as {fmt}")
    sink = _CountingWriter(max_rows, 1)
    result.serialize(sink, format=ox.QueryResultsFormat.TSV)
    tsv = sink.value()
    names = [v.value for v in result.variables]
    wanted = sorted(names, key=lambda n: (list(order).index(n) if n in order else len(order), n)) if order else names
    if wanted != names:
        tsv = _select_columns(tsv, [names.index(n) for n in wanted])
    if fmt == "tsv":
        return tsv
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=_results_format(fmt))


def write_triples(triples: Iterable, fmt: str, prefixes: Mapping[str, str] | None = None) -> bytes:
    """pyoxigraph triples in one of GRAPH_WRITERS, by the engine's writers, with the prefixes where the
    format has them; JSON-LD, which the engine writes only expanded, compacted by aikg.jsonld."""
    import pyoxigraph as ox

    from aikg.jsonld import compact_jsonld

    if fmt == "jsonld":
        return compact_jsonld(triples, prefixes or {}).encode("utf-8")
    return ox.serialize(triples, format=_graph_format(fmt),
                        prefixes=dict(prefixes or {}) if fmt in ("turtle", "rdfxml") else None)


def _select_columns(tsv: bytes, columns: list[int]) -> bytes:
    """TSV results with only these columns, in this order (TSV escapes tabs and line breaks in terms)."""
    lines = tsv.split(b"\n")
    picked = []
    for line in lines:
        if not line:
            continue
        cells = line.split(b"\t")
        picked.append(b"\t".join(cells[i] if i < len(cells) else b"" for i in columns))
    return b"\n".join(picked) + b"\n"


def _results_format(fmt: str):
    import pyoxigraph as ox

    return {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[fmt]


def _graph_format(fmt: str):
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML}[fmt]


def _places(sparql: str, names: set[str]) -> Iterator[tuple[str, str, str]]:
    """Each token of a query as (token, where, kind): where a bound variable stands is `select` (projected;
    `nested-select` in a subquery), `key` (a GROUP BY / ORDER BY key; `nested-key` in a subquery),
    `target` (after AS) or `term`."""
    clause, clause_depth, depth, braces, nested, previous = "pattern", 0, 0, 0, False, ""
    for token in tokens(sparql, layout=True):  # the guard's reading of SPARQL terminals (aikg.sparql_text)
        kind, text = token.kind, token.text
        upper = text.upper() if kind == "word" else ""
        where = ""
        if kind == "var" and text[1:] in names:
            if previous == "AS":
                where = "target"
            elif clause == "select" and depth == clause_depth:
                where = "nested-select" if nested else "select"
            else:
                key = clause == "modifier" and depth == clause_depth
                where = ("nested-key" if nested else "key") if key else "term"
        elif text in ("(", ")"):
            depth += 1 if text == "(" else -1
        elif text in ("{", "}") or upper == "WHERE":
            braces += {"{": 1, "}": -1}.get(text, 0)
            clause = "pattern"
        elif upper == "SELECT":
            clause, clause_depth, nested = "select", depth, braces > 0
        elif upper == "BY" and previous in ("GROUP", "ORDER"):
            clause, clause_depth, nested = "modifier", depth, braces > 0
        elif upper in ("HAVING", "LIMIT", "OFFSET", "VALUES"):
            clause = "other"
        yield text, where, kind
        if kind not in ("space", "comment"):
            previous = upper or text


def substitute(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with each bound variable replaced by its term, written by pyoxigraph (which validates and
    escapes it): `(term AS ?v)` where the variable is projected (by the outer query only if no subquery
    projects it already), `(term)` as a GROUP BY or ORDER BY key, an `AS ?v` target left alone, the bare term
    everywhere else. Strings, IRIs and comments are never touched."""
    terms: dict[str, str] = {}
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise StoreError(f"not a variable name: {name!r}")
        try:
            terms[name] = str(to_oxigraph(term))
        except ValueError as error:  # pyoxigraph checks IRIs and language tags
            raise StoreError(f"cannot bind a parameter: {error}") from None
    inner = {text[1:] for text, where, _ in _places(sparql, set(terms)) if where == "nested-select"}
    out = []
    for text, where, _ in _places(sparql, set(terms)):
        name = text[1:]
        if where == "nested-select" or (where == "select" and name not in inner):
            text = f"({terms[name]} AS {text})"
        elif where == "nested-key" or (where == "key" and name not in inner):  # else a subquery's variable
            text = f"({terms[name]})"
        elif where == "term":
            text = terms[name]
        out.append(text)
    return "".join(out)


def _from_oxigraph(result, sparql: str, max_rows: int | None) -> QueryResult:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        kind = "DESCRIBE" if _first_keyword(sparql) == "DESCRIBE" else "CONSTRUCT"
        triples = []
        for t in result:
            triples.append((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
            _check_rows(len(triples), max_rows)
        return QueryResult(kind, triples=triples)  # type: ignore[arg-type]
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append(tuple(from_oxigraph(solution[v]) if solution[v] is not None else None for v in variables))
        _check_rows(len(rows), max_rows)
    return QueryResult("SELECT", variables=variables, rows=rows)


def _first_keyword(sparql: str) -> str:
    """SELECT/ASK/CONSTRUCT/DESCRIBE of a query text, after its prologue (comments and PREFIX/BASE lines)."""
    text = re.sub(r"<[^>\s]*>", " ", sparql)
    text = re.sub(r"(?m)#.*$", " ", text)
    text = re.sub(r"(\"[^\"\n]*\"|'[^'\n]*')", " ", text)
    match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text, re.I)
    return match.group(1).upper() if match else "SELECT"


def from_oxigraph(term) -> Term:
    """A pyoxigraph term as the equal rdflib term (xsd:string literals become plain, as rdflib reads them)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))
    raise StoreError(f"unsupported term in a result: {term!r}")


def to_oxigraph(term: Term):
    """An rdflib term as the equal pyoxigraph term."""
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and term.datatype != RDF.langString:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot bind {term!r}: not an RDF term")


# --- opening the build ---------------------------------------------------------------------------------

#: The build's dumps, most informative first: named graphs, then the merged graph.
DUMP_CANDIDATES = ("aikg.trig", "aikg.nq", "aikg.nt")


def dump_file(dist_dir: Path) -> Path:
    """The dump a store loads: the named-graph TriG/N-Quads if built, else the merged N-Triples."""
    for name in DUMP_CANDIDATES:
        path = Path(dist_dir) / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"no built graph in {dist_dir} (looked for {', '.join(DUMP_CANDIDATES)}): "
                            "run `aikg build` first")


_RDFLIB_FORMATS = {".trig": "trig", ".nq": "nquads", ".nt": "nt", ".ttl": "turtle"}


def load_rdflib(path: Path, engine: str = "rdflib") -> RdflibStore:
    """An rdflib Dataset (memory, or Oxigraph via oxrdflib) read from a dump."""
    dataset = Dataset(store="Oxigraph" if engine == "oxrdflib" else "default", default_union=True)
    fmt = _RDFLIB_FORMATS[path.suffix]
    if fmt in ("nt", "turtle"):
        dataset.graph(URIRef("urn:aikg:graph:merged")).parse(path, format=fmt)
    else:
        dataset.parse(path, format=fmt)
    return RdflibStore(dataset, engine)


_OX_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".nt": "N_TRIPLES", ".ttl": "TURTLE"}


def _bulk_load(store, path: Path) -> None:
    """Load a dump into a pyoxigraph Store (N-Triples and Turtle go into one named graph)."""
    import pyoxigraph as ox

    to_graph = ox.NamedNode("urn:aikg:graph:merged") if path.suffix in (".nt", ".ttl") else None
    store.bulk_load(path=str(path), format=getattr(ox.RdfFormat, _OX_FORMATS[path.suffix]), to_graph=to_graph)


def load_oxigraph(path: Path) -> OxigraphStore:
    """A pyoxigraph in-memory Store read from a dump (N-Triples go into one named graph)."""
    import pyoxigraph as ox

    store = ox.Store()
    _bulk_load(store, path)
    return OxigraphStore(store)


def disk_store(dump: Path, cache: Path | None = None) -> Path:
    """A directory holding the dump as an on-disk Oxigraph store, made once per dump content.

    Workers open it read-only, so they share the operating system's page cache instead of each holding
    a copy of the graph. It is written under a temporary name and renamed when complete: a reader never
    opens half a store. Stores of older dumps are removed, except the newest previous one (a server may
    still be reading it while it switches over)."""
    import hashlib

    import pyoxigraph as ox

    dump = Path(dump)
    cache = Path(cache) if cache else dump.parent / "store"
    digest = hashlib.sha256()
    with dump.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    target = cache / f"oxigraph-{digest.hexdigest()[:20]}"
    if (target / "COMPLETE").is_file():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    staging = cache / f".staging-{target.name}-{os.getpid()}"
    if staging.exists():
        import shutil

        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    store = ox.Store(str(staging / "oxigraph"))
    _bulk_load(store, dump)
    store.flush()
    del store  # releases the database lock before the directory is renamed
    import shutil

    shutil.copyfile(dump, staging / dump.name)  # what a worker copies into memory: this content, not a later dump
    (staging / "COMPLETE").write_text(dump.name + "\n", encoding="utf-8")
    staging.rename(target)
    _prune(cache, keep=target)
    return target


def _prune(cache: Path, keep: Path, previous: int = 1) -> None:
    import shutil

    others = sorted((p for p in cache.glob("oxigraph-*") if p != keep), key=lambda p: p.stat().st_mtime,
                    reverse=True)
    for old in others[previous:]:
        shutil.rmtree(old, ignore_errors=True)


def open_disk_store(directory: Path, prefixes: Mapping[str, str] | None = None,
                    in_memory: bool = False) -> OxigraphStore:
    """A store made by `disk_store`: opened read-only on disk (many processes may open it at once and
    share the page cache), or copied into this process's memory (4–10× faster on small graphs)."""
    import pyoxigraph as ox

    directory = Path(directory)
    if in_memory:
        dump = directory / (directory / "COMPLETE").read_text(encoding="utf-8").strip()
        store = ox.Store()
        _bulk_load(store, dump)
        return OxigraphStore(store, prefixes)
    return OxigraphStore(ox.Store.read_only(str(directory / "oxigraph")), prefixes)


def open_store(path: Path, engine: str | None = None) -> Store:
    """A store of the given engine (default: AIKG_STORE, else oxigraph) loaded from a dump file."""
    engine = engine or os.environ.get("AIKG_STORE", DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise ValueError(f"unknown store engine {engine!r} (AIKG_STORE); use one of {', '.join(ENGINES)}")
    path = Path(path)
    if engine == "oxigraph":
        return load_oxigraph(path)
    return load_rdflib(path, engine)
