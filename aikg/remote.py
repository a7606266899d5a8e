"""A `ServingStore` over any SPARQL 1.1 Protocol endpoint (Oxigraph server, Virtuoso, Fuseki, GraphDB …).

Queries go out through SPARQLWrapper as URL-encoded POSTs. SELECT and ASK answers are asked for as SPARQL
JSON results, CONSTRUCT and DESCRIBE as N-Triples (Turtle accepted); pyoxigraph parses them, so `query`
gives the same rdflib terms as the embedded stores and `query_serialized` writes the client's format with
the same writers (`aikg.store.write_result`), which also keep the row limit, the column order of a
`SELECT *` and the project's prefixes. Parameters are bound by putting each term, written in its
SPARQL syntax by pyoxigraph, in place of its variable (`substitute`), as Oxigraph's own substitutions do; a
trailing VALUES block would not do: it joins after the subqueries' LIMITs and the final ORDER BY … LIMIT,
so it changes answers (incoming links, the 404 page's near resources) and costs (trace-up for every task).
The terms are (`substitute`), never from client text.

The default graph is the union of the build's named graphs, as in the embedded stores: when the endpoint's
own default graph is not that union (Oxigraph server without --union-default-graph, Fuseki's default
configuration) or holds other graphs too (Virtuoso's system graphs), each query names the dataset with the
protocol's default-graph-uri / named-graph-uri parameters.

Outages, time-outs and 5xx answers become `StoreUnavailable` (503), the endpoint's refusals `QuerySyntaxError`
or `RemoteError` (502), always naming the endpoint; nothing about a failure is remembered, so the next query
after the store comes back simply succeeds.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Mapping, Sequence

from SPARQLWrapper import POST, URLENCODED, SPARQLWrapper

from aikg.store import (
    GRAPH_WRITERS,
    RESULT_WRITERS,
    QueryResult,
    QuerySyntaxError,
    RemoteError,
    StoreError,
    StoreUnavailable,
    Term,
    TooManyResults,
    _first_keyword,
    _from_oxigraph,
    from_oxigraph,
    substitute,
    syntax_message,
    write_result,
    write_triples,
)

USER_AGENT = "aikg (+https://w3id.org/aikg)"

RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.5"

#: Graphs a store keeps for itself (Virtuoso's RDF views, LDP and DAV bookkeeping): never the build's.
SYSTEM_GRAPHS = ("http://www.openlinksw.com/", "http://www.w3.org/ns/ldp#", "urn:activitystreams-owl:map")

_EMPTY_GRAPH = "urn:aikg:empty"  # the protocol cannot name an empty default graph; this one never exists


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme, host and port: a query is never sent anywhere else."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
        if (old.scheme, old.netloc) != (new.scheme, new.netloc):
            raise RemoteError(f"the triple store at {_shown(req.full_url)} redirects to another host "
                              f"({new.scheme}://{new.hostname}); give its real endpoint URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameHostRedirects())


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper writing the protocol request, opened by our own opener.

    SPARQLWrapper opens requests with urllib's global opener, which follows redirects to any host and
    turns HTTP errors into exceptions that keep only some statuses; here the request it built is opened
    with an opener that refuses cross-host redirects, and HTTP errors reach `RemoteStore` unchanged."""

    def _query(self):  # type: ignore[no-untyped-def]
        request = self._createRequest()
        return _OPENER.open(request, timeout=self.timeout or None), self.returnFormat


def _shown(url: str) -> str:
    """A URL without user name or password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urllib.parse.urlunsplit(parts)


def _trimmed(body: bytes, media_type: str = "", limit: int = 600) -> str:
    """An error body as one short line of text (an HTML page's tags and runs of blanks removed)."""
    text = body.decode("utf-8", "replace")
    if "html" in media_type.lower() or text.lstrip().lower().startswith(("<!doctype html", "<html")):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def query_endpoint(url: str) -> str:
    """The query endpoint for a URL: a base URL without a path is an Oxigraph server (its /query)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"not an http(s) URL of a SPARQL endpoint: {url!r}")
    if parts.path in ("", "/") and not parts.query:
        return urllib.parse.urlunsplit(parts._replace(path="/query"))
    return url


class RemoteStore:
    """A ServingStore answering from a remote SPARQL 1.1 Protocol endpoint."""

    engine = "remote"

    def __init__(self, url: str, timeout: float | None = None, user_agent: str = USER_AGENT,
                 prefixes: Mapping[str, str] | None = None, graph_ttl: float = 10.0) -> None:
        self.url = query_endpoint(url)
        self.shown = _shown(self.url)
        self.timeout = timeout
        self.user_agent = user_agent
        if prefixes is None:
            from aikg.namespaces import PREFIXES

            prefixes = {k: str(v) for k, v in PREFIXES.items()}
        self.prefixes = dict(prefixes)
        self.graph_ttl = graph_ttl
        self._lock = threading.Lock()
        self._names: list[str] | None = None
        self._explicit_dataset = True
        self._checked_at = float("-inf")
        self._empty_pattern_works = True
        origin = urllib.parse.urlsplit(self.url)
        self._own_graphs = f"{origin.scheme}://{origin.netloc}/"  # Virtuoso names graphs after its endpoint

    # --- the protocol ------------------------------------------------------------------------------------

    def _send(self, sparql: str, accept: str, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = ()) -> tuple[str, bytes]:
        """POST one query; the media type and bytes of the answer, or a StoreError naming the endpoint."""
        wrapper = _Wrapper(self.url, agent=self.user_agent)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)  # no format=/output= parameters: content negotiation only
        with warnings.catch_warnings():  # SPARQLWrapper warns when it cannot tell the query form
            warnings.simplefilter("ignore")
            wrapper.setQuery(sparql)
        if wrapper.isSparqlUpdateRequest():
            raise StoreError("only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are sent to the triple store")
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs:
            wrapper.addNamedGraph(graph)
        wrapper.addCustomHttpHeader("Accept", accept)
        if self.timeout:
            wrapper.timeout = self.timeout  # type: ignore[assignment]  # seconds, may be fractional
        try:
            response = wrapper.query().response
            with response:
                return response.headers.get("Content-Type", ""), response.read()
        except StoreError:
            raise
        except urllib.error.HTTPError as error:
            raise self._http_error(error, sparql) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise self._timed_out() from None
            raise StoreUnavailable(f"the triple store at {self.shown} is not answering: {reason}") from None
        except TimeoutError:
            raise self._timed_out() from None
        except (http.client.HTTPException, OSError) as error:
            raise StoreUnavailable(f"the triple store at {self.shown} is not answering: "
                                   f"{type(error).__name__}: {error}") from None

    def _timed_out(self) -> StoreUnavailable:
        return StoreUnavailable(f"the triple store at {self.shown} did not answer within {self.timeout:g} s "
                                "(limit query_timeout, AIKG_QUERY_TIMEOUT); simplify the query or add a LIMIT")

    def _http_error(self, error: urllib.error.HTTPError, sparql: str) -> StoreError:
        try:
            message = _trimmed(error.read(), error.headers.get("Content-Type", "") if error.headers else "")
        except (OSError, http.client.HTTPException):
            message = ""
        message = message or str(error.reason)
        if error.code in (500, 501) and not re.search(r"(?i)time ?out|timed out", message):
            # An engine's own failure to evaluate this query (Virtuoso answers 500 for its compiler's
            # errors): trying again will not help, so 502 rather than 503.
            return RemoteError(f"the triple store at {self.shown} failed on this query: {error.code} "
                               f"{error.reason}: {message}")
        if error.code >= 500:
            return StoreUnavailable(f"the triple store at {self.shown} is not answering: {error.code} "
                                    f"{error.reason}: {message}")
        if error.code == 400:
            found = re.search(r"error at \d+:\d+: .*", message)  # Oxigraph's parser
            if found:
                return QuerySyntaxError(syntax_message(found[0], sparql))
            return QuerySyntaxError(f"the triple store at {self.shown} refused the query: {message}")
        return RemoteError(f"the triple store at {self.shown} answered {error.code} {error.reason}: {message}")

    # --- the dataset --------------------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Read the named graphs, and whether the endpoint's default graph is their union alone."""
        rows = self._select_graphs("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }" if self._empty_pattern_works
                                   else "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        if self._empty_pattern_works and any(g is None for g in rows):  # Virtuoso: one empty row
            self._empty_pattern_works = False
            rows = self._select_graphs("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        iris = [g for g in rows if g is not None]
        names = sorted(g for g in iris if not g.startswith(SYSTEM_GRAPHS + (self._own_graphs,)))
        explicit = len(names) != len(iris) or (bool(names) and not self._default_is_union())
        with self._lock:
            self._names, self._explicit_dataset, self._checked_at = names, explicit, time.monotonic()

    def _select_graphs(self, sparql: str) -> list[str | None]:
        import pyoxigraph as ox

        result = self._parse_results(*self._send(sparql, RESULTS_ACCEPT))
        return [s["g"].value if isinstance(s["g"], ox.NamedNode) else None for s in result]

    def _default_is_union(self) -> bool:
        """Whether a triple of a named graph is in the endpoint's default graph (one cheap probe)."""
        probe = ("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } } LIMIT 1")
        rows = list(self._parse_results(*self._send(probe, RESULTS_ACCEPT)))
        if not rows:
            return True
        s, p, o = (rows[0][v] for v in ("s", "p", "o"))
        answer = self._parse_results(*self._send(f"ASK {{ {s} {p} {o} }}", RESULTS_ACCEPT))
        return bool(answer)

    def _current(self) -> tuple[list[str], bool]:
        with self._lock:
            fresh = self._names is not None and time.monotonic() - self._checked_at < self.graph_ttl
            if fresh:
                return list(self._names or []), self._explicit_dataset
        self._refresh()  # outside the lock: a slow store must not queue every thread; failures are not kept
        with self._lock:
            return list(self._names or []), self._explicit_dataset

    def _dataset(self, default_graphs: Sequence[str] | None,
                 named_graphs: Sequence[str] | None) -> tuple[list[str], list[str]]:
        """default-graph-uri and named-graph-uri values for a query (none: the endpoint's own dataset)."""
        if default_graphs is None and named_graphs is None:
            names, explicit = self._current()
            return (names, names) if explicit and names else ([], [])
        defaults = list(default_graphs or []) or [_EMPTY_GRAPH]
        return defaults, list(named_graphs or [])

    def graph_names(self) -> list[str]:
        """IRIs of the named graphs (the store's own system graphs left out), read again every graph_ttl s."""
        return self._current()[0]

    # --- answers ------------------------------------------------------------------------------------------

    def _parse_results(self, media_type: str, body: bytes):  # -> pyoxigraph QuerySolutions | QueryBoolean
        import pyoxigraph as ox

        kind = media_type.split(";")[0].strip().lower()
        try:
            if kind in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(_normal_json(body), format=ox.QueryResultsFormat.JSON)
            if kind in ("application/sparql-results+xml", "application/xml", "text/xml"):
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
        except (SyntaxError, ValueError) as error:
            raise RemoteError(f"the triple store at {self.shown} sent results that cannot be read: {error}") \
                from None
        raise RemoteError(f"the triple store at {self.shown} answered with {kind or 'no media type'} "
                          "instead of SPARQL results")

    def _triples(self, media_type: str, body: bytes, max_rows: int | None) -> list:
        """The triples of a graph answer as pyoxigraph Triples, at most max_rows of them."""
        import pyoxigraph as ox

        kind = media_type.split(";")[0].strip().lower()
        rdf_format = ox.RdfFormat.from_media_type(kind) if kind else None  # pyoxigraph knows the aliases
        if rdf_format is None:
            raise RemoteError(f"the triple store at {self.shown} answered with {kind or 'no media type'} "
                              "instead of RDF")
        triples = []
        try:
            for quad in ox.parse(body, format=rdf_format):
                triples.append(quad.triple)
                if max_rows is not None and len(triples) > max_rows:
                    raise TooManyResults(max_rows)
        except SyntaxError as error:
            raise RemoteError(f"the triple store at {self.shown} sent RDF that cannot be read: {error}") from None
        return triples

    def _ask(self, sparql: str, bindings: Mapping[str, Term] | None, default_graphs: Sequence[str] | None,
             named_graphs: Sequence[str] | None) -> tuple[bool, str, bytes]:
        """Send a query: whether it gives a graph, and the answer's media type and bytes."""
        text = substitute(sparql, bindings) if bindings else sparql
        graph = _first_keyword(sparql) in ("CONSTRUCT", "DESCRIBE")
        defaults, named = self._dataset(default_graphs, named_graphs)
        media_type, body = self._send(text, GRAPH_ACCEPT if graph else RESULTS_ACCEPT, defaults, named)
        return graph, media_type, body

    def query(self, sparql: str, *, bindings: Mapping[str, Term] | None = None,
              default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
              max_rows: int | None = None) -> QueryResult:
        graph, media_type, body = self._ask(sparql, bindings, default_graphs, named_graphs)
        if graph:
            triples = [(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
                       for t in self._triples(media_type, body, max_rows)]
            return QueryResult(_first_keyword(sparql), triples=triples)  # type: ignore[arg-type]
        return _from_oxigraph(self._parse_results(media_type, body), sparql, max_rows)

    def query_serialized(self, sparql: str, fmt: str, *, bindings: Mapping[str, Term] | None = None,
                         default_graphs: Sequence[str] | None = None, named_graphs: Sequence[str] | None = None,
                         max_rows: int | None = None, order: Sequence[str] | None = None) -> bytes:
        graph, media_type, body = self._ask(sparql, bindings, default_graphs, named_graphs)
        if graph:
            if fmt not in GRAPH_WRITERS:
                raise StoreError(f"a graph cannot be written as {fmt}")
            return write_triples(self._triples(media_type, body, max_rows), fmt, self.prefixes)
        if fmt not in RESULT_WRITERS:
            raise StoreError(f"a table of results cannot be written as {fmt}")
        return write_result(self._parse_results(media_type, body), fmt, max_rows, order, self.prefixes)

    def close(self) -> None:
        """Nothing to release: every query opens its own connection."""


def _normal_json(body: bytes) -> bytes:
    """SPARQL JSON results as pyoxigraph reads them: blank node labels made valid (Virtuoso writes
    `nodeID://b1`) and the pre-1.1 `typed-literal` type named `literal`."""
    if b'"bnode"' not in body and b'"typed-literal"' not in body:
        return body
    document = json.loads(body)
    labels: dict[str, str] = {}
    for binding in document.get("results", {}).get("bindings", []):
        for value in binding.values():
            if value.get("type") == "bnode":
                value["value"] = labels.setdefault(value["value"], f"b{len(labels)}")
            elif value.get("type") == "typed-literal":
                value["type"] = "literal"
    return json.dumps(document).encode("utf-8")


