"""`aikg load --into URL`: push the build into a SPARQL 1.1 server with the Graph Store HTTP Protocol.

Each named graph of the dump is sent as N-Triples in ONE PUT request, which replaces that graph whole on the
server: there is never a moment between a DELETE and an INSERT, or between two halves of an upload, for a
reader to see. Graphs of the build's namespace ({base}graph/) that the store holds but the build no longer
has are deleted; graphs outside that namespace are never touched.
"""

from __future__ import annotations

import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from aikg.commands import fail
from aikg.errors import AikgError

#: Where a dump's unnamed triples go (the same graph the embedded stores put N-Triples dumps in).
MERGED_GRAPH = "urn:aikg:graph:merged"


class LoadError(AikgError):
    """The store refused or did not answer: names the store and what it said."""


@dataclass(frozen=True)
class Endpoints:
    """The query endpoint (to list graphs) and the Graph Store endpoint (to PUT and DELETE them)."""

    query: str
    graph_store: str


def endpoints(into: str, graph_store: str | None = None) -> Endpoints:
    """Both endpoints from --into and --graph-store: a base URL is an Oxigraph server (/query, /store); a
    /query endpoint has its Graph Store at /store (Oxigraph), a /sparql one at /sparql-graph-crud (Virtuoso)."""
    from aikg.remote import query_endpoint

    query = query_endpoint(into)
    if graph_store:
        return Endpoints(query, graph_store)
    parts = urllib.parse.urlsplit(query)
    for suffix, store in (("/query", "/store"), ("/sparql", "/sparql-graph-crud")):
        if parts.path.endswith(suffix):
            return Endpoints(query, urllib.parse.urlunsplit(
                parts._replace(path=parts.path[: -len(suffix)] + store, query="")))
    raise LoadError(f"cannot tell the Graph Store endpoint of {into}: give it with --graph-store "
                    "(e.g. Fuseki: http://host:3030/ds/data)")


def graphs_of(dump: Path) -> dict[str, bytes]:
    """The dump's graphs as N-Triples, by graph IRI (triples outside any named graph: MERGED_GRAPH)."""
    import pyoxigraph as ox

    formats = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES,
               ".ttl": ox.RdfFormat.TURTLE}
    if dump.suffix not in formats:
        raise LoadError(f"{dump}: not a dump aikg can load (.trig, .nq, .nt or .ttl)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(dump), format=formats[dump.suffix],
                        to_graph=ox.NamedNode(MERGED_GRAPH) if dump.suffix in (".nt", ".ttl") else None)
    except (SyntaxError, OSError) as error:
        raise LoadError(f"{dump}: {error}") from None
    graphs = {}
    for name in sorted(store.named_graphs(), key=str):
        if isinstance(name, ox.NamedNode):
            quads = store.quads_for_pattern(None, None, None, name)
            graphs[name.value] = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    return graphs


def _auth(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without user:password, and those credentials (HTTP Basic) if it had any."""
    parts = urllib.parse.urlsplit(url)
    if not parts.username:
        return url, None
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    credentials = (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), credentials


def _request(method: str, graph_store: str, graph: str, body: bytes | None, timeout: float) -> None:
    """One Graph Store request on one graph; LoadError naming the store and its answer if it fails."""
    import requests

    from aikg.remote import _trimmed

    url, auth = _auth(graph_store)
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    try:  # redirects are not followed: the graph goes to the endpoint given, or nowhere
        response = requests.request(method, url, params={"graph": graph}, data=body, headers=headers,
                                    auth=auth, timeout=timeout, allow_redirects=False)
    except requests.RequestException as error:
        raise LoadError(f"the triple store at {url} is not answering: {error}") from None
    if method == "DELETE" and response.status_code == 404:
        return  # already gone
    if not 200 <= response.status_code < 300:
        said = _trimmed(response.content, response.headers.get("Content-Type", ""))
        raise LoadError(f"the triple store at {url} refused {method} of graph <{graph}>: "
                        f"{response.status_code} {response.reason}: {said}")


def load(dump: Path, into: str, graph_store: str | None, base: str, timeout: float = 600.0,
         quiet: bool = False) -> tuple[int, int, list[str]]:
    """Replace every graph of `dump` in the store, delete the build's graphs it no longer has; the number
    of graphs and triples sent and the graphs deleted."""
    from aikg.progress import step
    from aikg.remote import RemoteStore
    from aikg.store import StoreError

    where = endpoints(into, graph_store)
    with step(f"reading {dump}", quiet):
        graphs = graphs_of(dump)
    try:
        present = RemoteStore(where.query, timeout=timeout, graph_ttl=0).graph_names()
    except StoreError as error:
        raise LoadError(str(error)) from None
    triples = 0
    for number, (graph, body) in enumerate(graphs.items(), 1):
        count = body.count(b"\n")
        with step(f"PUT {number}/{len(graphs)} <{graph}> ({count} triples, {len(body) / 1e6:.1f} MB)", quiet):
            _request("PUT", where.graph_store, graph, body, timeout)
        triples += count
    stale = [g for g in present if g.startswith(f"{base}graph/") and g not in graphs]
    for graph in stale:
        with step(f"DELETE <{graph}> (no longer in the build)", quiet):
            _request("DELETE", where.graph_store, graph, None, timeout)
    return len(graphs), triples, stale


def register(app: typer.Typer) -> None:
    """Add the load command to the CLI."""

    @app.command("load")
    def load_command(
        into: Annotated[str, typer.Option(help="The SPARQL server: an Oxigraph server's base URL, or a query "
                                               "endpoint (…/query, …/sparql).")],
        graph_store: Annotated[str, typer.Option(help="Its SPARQL 1.1 Graph Store endpoint, if not derived from "
                                                      "--into (Oxigraph: URL/store). user:password@ in a URL "
                                                      "is sent as HTTP Basic authentication.")] = "",
        dump: Annotated[Path | None, typer.Option(help="The dump to load (default: dist/aikg.trig or .nq).")] = None,
        timeout: Annotated[float, typer.Option(help="Seconds to wait for each request.")] = 600.0,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    ) -> None:
        """Push the build into a SPARQL 1.1 server, replacing each named graph in one PUT request."""
        from aikg.config import settings
        from aikg.errors import InputError
        from aikg.store import dump_file

        config = settings()
        try:
            path = dump or dump_file(config.dist_dir)
        except FileNotFoundError as error:
            raise fail(InputError(config.dist_dir, str(error))) from None
        start = time.perf_counter()
        try:
            graphs, triples, stale = load(Path(path), into, graph_store or None, config.base, timeout, quiet)
        except AikgError as error:
            raise fail(error) from None
        shown = _auth(into)[0]
        deleted = f"; deleted {len(stale)} graph(s) no longer built" if stale else ""
        print(f"loaded {graphs} graph(s), {triples} triples into {shown} in {time.perf_counter() - start:.1f} s"
              f"{deleted}", file=sys.stdout)
