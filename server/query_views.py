"""The query page (YASGUI, served from here) and the named queries of queries/ over HTTP.

`/queries/NAME` runs queries/NAME.rq with its documented parameters taken from the URL and bound as RDF
terms (aikg.query.parse_term → the store's bindings), never pasted into the query text.
"""

from __future__ import annotations

from aikg_server.context import config, safe_href, store
from aikg_server.formats import HTML, negotiate, offered_for, varies_on_accept
from aikg_server.guard import Refused, check_query
from flask import Blueprint, Response, abort, jsonify, render_template, request, url_for

from aikg.errors import AikgError
from aikg.query import NamedQuery, named_queries, named_query, parse_term

queries = Blueprint("queries", __name__)

_VENDOR = "vendor/yasgui"


def _all() -> list[NamedQuery]:
    try:
        return named_queries(config().project)
    except AikgError as error:
        raise Refused(500, f"a named query file is malformed: {error}") from None


def _one(name: str) -> NamedQuery:
    """The query of queries/ with this name (looked up among the listed files, never as a path)."""
    try:
        return named_query(name, config().project)
    except AikgError:
        known = ", ".join(q.name for q in _all())
        abort(404, description=f"no named query {name!r}; known: {known}")


def example_values(query: NamedQuery) -> dict[str, str]:
    """Each parameter's documented example as SPARQL syntax (from the query file, not from a client)."""
    values = {}
    for param in query.params:
        try:
            values[param.name] = parse_term(param.example, config().base, param.kind).n3()
        except AikgError:
            continue
    return values


def _summary(query: NamedQuery) -> dict[str, object]:
    return {
        "name": query.name, "title": query.title, "question_en": query.question_en,
        "question_vi": query.question_vi, "url": url_for("queries.named", name=query.name, _external=False),
        "params": [{"name": p.name, "description": p.description, "kind": p.kind, "example": p.example}
                   for p in query.params],
    }


@queries.route("/query")
def query_page() -> str:
    """The SPARQL editor, with the named queries as examples."""
    vendored = _vendor_present()
    examples = [dict(_summary(q), text=q.text, values=example_values(q)) for q in _all()]
    return render_template("query.html", examples=examples, vendored=vendored,
                           endpoint=url_for("sparql.endpoint"), initial=request.args.get("query", ""))


def _vendor_present() -> bool:
    from pathlib import Path

    return (Path(__file__).parent / "static" / _VENDOR / "yasgui.min.js").is_file()


@queries.route("/queries")
@queries.route("/queries/")
def index() -> Response | str:
    """Every named query: a page for browsers, JSON for programs."""
    listed = [_summary(q) for q in _all()]
    if request.args.get("format") == "json":
        return jsonify(listed)
    varies_on_accept()
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify(listed)
    return render_template("queries_index.html", queries=listed)


@queries.route("/queries/<name>.rq")
def text(name: str) -> Response:
    """The query file itself."""
    return Response(_one(name).text, content_type="application/sparql-query; charset=utf-8")


@queries.route("/queries/<name>")
def named(name: str) -> Response | str:
    """Run a named query with its parameters bound as terms, in the negotiated format (HTML: a page)."""
    query = _one(name)
    checked = check_query(query.text, store().graph_names())
    # Programs asking */* get data; browsers, which ask text/html first, get the page.
    fmt = negotiate(request.accept_mimetypes, request.args.get("format"), (*offered_for(checked.kind), HTML))
    given = {p.name: request.args[p.name].strip() for p in query.params if request.args.get(p.name, "").strip()}
    missing = [p for p in query.params if p.name not in given]
    if fmt is HTML and missing:
        return _page(query, given, None)
    if missing:
        needed = "; ".join(f"{p.name} ({p.description}; e.g. {p.name}={p.example})" for p in missing)
        raise Refused(400, f"{query.name} needs the parameter(s): {needed}")
    try:
        bindings = {n: parse_term(v, config().base, query.param(n).kind) for n, v in given.items()}  # type: ignore[union-attr]
    except AikgError as error:
        raise Refused(400, f"bad parameter: {error}") from None
    if fmt is HTML:
        return _page(query, given, store().query(query.text, bindings=bindings, max_rows=config().max_rows or None))
    body = store().query_serialized(query.text, fmt.name, bindings=bindings, max_rows=config().max_rows or None,
                                    order=checked.star_order)
    response = Response(body, content_type=f"{fmt.mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{query.name}{fmt.suffix}"'
    return response


def _page(query: NamedQuery, given: dict[str, str], result) -> str:
    from aikg.query import display

    base = config().base

    def cell(term):
        if term is None:
            return {"text": "", "href": None}
        href = safe_href(str(term)) if hasattr(term, "n3") and type(term).__name__ == "URIRef" else None
        return {"text": display(term, base), "href": href}

    rows = None
    if result is not None:
        if result.kind == "ASK":
            rows = [[{"text": str(result.boolean).lower(), "href": None}]]
        elif result.is_graph:
            rows = [[cell(t) for t in triple] for triple in result.triples]
        else:
            rows = [[cell(t) for t in row] for row in result.rows]
    header = (["answer"] if result is not None and result.kind == "ASK" else
              ["subject", "predicate", "object"] if result is not None and result.is_graph else
              (result.variables if result is not None else []))
    formats = offered_for(result.kind) if result is not None else ()
    return render_template("named_query.html", query=_summary(query), text=query.text, given=given,
                           header=header, rows=rows, formats=formats, args=request.args)
