"""Check a query before any engine sees it: read-only, no outbound requests, within the limits.

The checks read the query's tokens (aikg.sparql_text: microseconds, cached by text), not a parse tree:
an update is refused (403), SERVICE is refused with its position, and FROM / FROM NAMED may only name
graphs of this dataset. This is the first of two walls: the workers that run queries cannot open a
network connection at all (aikg_server.isolation), so a SERVICE that slipped past would fail there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from aikg.sparql_text import outline


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
    star_order: list[str] = field(default_factory=list)  # SELECT *: its variables in the query's order


def check_length(text: str, limit: int) -> None:
    """413 when the query text is longer than the limit."""
    if limit and len(text) > limit:
        raise Refused(413, f"the query is {len(text)} characters long; the limit is {limit} "
                           "(max_query_length, AIKG_MAX_QUERY_LENGTH)")


#: The deepest nesting of brackets (and runs of prefix operators) accepted. The engine's parser recurses
#: once per level and a worker's stack overflows at about 2,500 braces (the worker dies and is replaced);
#: no real query comes near this.
MAX_NESTING = 256

_SERVICE = ("SERVICE is not allowed: this endpoint never sends requests to other hosts; "
            "query the other endpoint yourself")


def check_query(text: str, known_graphs: Iterable[str]) -> CheckedQuery:
    """Vet a query from its tokens; raise Refused (400 unsafe, 403 update) or return what it is.

    Only the engine parses the query (in a killable, network-isolated worker) and names the position
    of a syntax error: nothing here runs a query, and a malformed one never gets past the engine's parser.
    """
    if not text.strip():
        raise Refused(400, "the query is empty")
    found = outline(text)
    if found.update:
        raise Refused(403, "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, "
                           "CREATE, DROP, …) is refused")
    if found.service is not None:
        raise Refused(400, f"{_SERVICE} (SERVICE at line {found.service.line}, column {found.service.column})")
    if found.nesting > MAX_NESTING and found.deepest is not None:
        raise Refused(400, f"the query nests {found.nesting} levels deep (brackets and prefix operators such as "
                           f"!) at line {found.deepest.line}, column {found.deepest.column}; at most "
                           f"{MAX_NESTING} levels are accepted")
    if found.unresolved_prefixes:
        raise Refused(400, f"FROM {found.unresolved_prefixes[0]} uses an undeclared prefix")
    check_graphs([*found.from_graphs, *found.from_named], set(known_graphs), "FROM")
    return CheckedQuery(text, found.form or "SELECT", list(found.from_graphs), list(found.from_named),
                        list(found.star_variables or ()))


def check_graphs(iris: Iterable[str], known: set[str], where: str) -> None:
    """400 for a graph that is not in this dataset: nothing is ever fetched from elsewhere."""
    for iri in iris:
        if iri not in known:
            raise Refused(400, f"{where} <{iri}> names no graph of this dataset, and this endpoint never fetches "
                               f"remote data; its graphs are: {', '.join(sorted(known)) or '(none)'}")
