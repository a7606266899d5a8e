"""Check a query before any engine sees it: read-only, no outbound requests, within the limits.

The query is parsed with rdflib's SPARQL parser (for the parser's own message and position), then its
parse tree is searched for SERVICE: both engines would otherwise call the named endpoint. FROM and
FROM NAMED may only name graphs of this dataset, so no engine is ever asked to fetch one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


class Refused(Exception):
    """The query is not run; `status` is the HTTP status, the message is for the client."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@dataclass
class CheckedQuery:
    """A query that may run, with what the protocol needs to know about it."""

    text: str
    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)


def check_length(text: str, limit: int) -> None:
    """413 when the query text is longer than the limit."""
    if limit and len(text) > limit:
        raise Refused(413, f"the query is {len(text)} characters long; the limit is {limit} "
                           "(max_query_length, AIKG_MAX_QUERY_LENGTH)")


def syntax_message(error: Exception, text: str) -> str:
    """The parser's message with line, column and a caret under the position."""
    line_no = getattr(error, "lineno", None)
    column = getattr(error, "col", None)
    message = getattr(error, "msg", None) or str(error)
    if line_no is None or column is None:
        return f"syntax error: {message}"
    return _with_caret(text, line_no, column, message)


def _with_caret(text: str, line_no: int, column: int, message: str) -> str:
    lines = text.splitlines() or [""]
    source = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
    return f"syntax error at line {line_no}, column {column}: {message}\n{source}\n{' ' * max(0, column - 1)}^"


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _walk(node: object) -> Iterable[object]:
    """Every node of a parse tree (CompValues, ParseResults, lists, dicts)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)) or type(current).__name__ == "ParseResults":
            stack.extend(list(current))


_SERVICE_TOKEN = re.compile(r"\bSERVICE\b", re.I)


def _mentions_service(text: str) -> bool:
    """SERVICE as a keyword outside IRIs, strings and comments (a second, lexical check)."""
    text = re.sub(r"<[^<>\"{}|^`\\\s]*>", " ", text)
    text = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', " ", text)
    text = re.sub(r"(?m)#.*$", " ", text)
    return bool(_SERVICE_TOKEN.search(text))


def oxigraph_syntax_error(text: str) -> str | None:
    """pyoxigraph's parser names the exact position of an error. It has no parse-only call, so the query
    runs on an empty store, only for text with no SERVICE keyword at all (nothing can leave the machine),
    and only in a worker that is killed if it takes too long (a query of inline VALUES can still be heavy)."""
    if _mentions_service(text):
        return None
    try:
        import pyoxigraph

        pyoxigraph.Store().query(text)
    except SyntaxError as error:
        found = re.match(r"error at (\d+):(\d+): (.*)", str(error), re.S)
        if not found:
            return f"syntax error: {error}"
        return _with_caret(text, int(found[1]), max(1, int(found[2]) - 1), found[3])  # its column is one past
    except Exception:
        return None
    return None


_KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


def check_query(text: str, known_graphs: Iterable[str],
                explain: Callable[[str], str | None] | None = None) -> CheckedQuery:
    """Parse and vet a query; raise Refused (400 malformed or unsafe, 403 update) or return what it is.

    `explain` may give a more precise syntax message (aikg_server.workers runs oxigraph_syntax_error in a
    killable worker: pyoxigraph can only check a query by running it, even on an empty store)."""
    from rdflib.plugins.sparql.parser import parseQuery

    if not text.strip():
        raise Refused(400, "the query is empty")
    try:
        tree = parseQuery(text)
    except Exception as error:
        if _is_update(text):
            raise Refused(403, "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
                               "CREATE, DROP, …) is refused") from None
        raise Refused(400, (explain(text) if explain else None) or syntax_message(error, text)) from None
    if any(getattr(node, "name", None) == "ServiceGraphPattern" for node in _walk(tree)) or _mentions_service(text):
        raise Refused(400, "SERVICE is not allowed: this endpoint never sends requests to other hosts; "
                           "query the other endpoint yourself")
    try:
        from rdflib.plugins.sparql.algebra import translateQuery

        algebra = translateQuery(tree).algebra
    except Exception as error:  # semantic errors, e.g. a projected variable not in GROUP BY
        raise Refused(400, f"the query is not valid SPARQL 1.1: {error}") from None
    kind = _KINDS.get(getattr(tree[1], "name", ""), "SELECT")
    from_graphs, from_named = [], []
    for clause in algebra.get("datasetClause") or []:
        if "named" in clause:  # a CompValue is a dict (its .get() is not dict.get)
            from_named.append(str(clause["named"]))
        else:
            from_graphs.append(str(clause["default"]))
    check_graphs(from_graphs + from_named, set(known_graphs), "FROM")
    return CheckedQuery(text, kind, from_graphs, from_named)


def check_graphs(iris: Iterable[str], known: set[str], where: str) -> None:
    """400 for a graph that is not in this dataset: nothing is ever fetched from elsewhere."""
    for iri in iris:
        if iri not in known:
            raise Refused(400, f"{where} <{iri}> names no graph of this dataset, and this endpoint never fetches "
                               f"remote data; its graphs are: {', '.join(sorted(known)) or '(none)'}")
