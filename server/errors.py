"""Errors as short messages for clients: the right status, plain text or HTML, never a stack trace."""

from __future__ import annotations

import logging

from aikg_server.formats import NotAcceptable, varies_on_accept
from aikg_server.guard import Refused
from aikg_server.workers import Busy, ClientBusy, FailedBefore, OutOfMemory, QueryTimeout, WorkerCrashed
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from aikg.store import QuerySyntaxError, RemoteError, StoreError, StoreUnavailable, TooManyResults

log = logging.getLogger("aikg.server")


def status_of(error: Exception) -> int:
    """The HTTP status for an error of a query or a request."""
    if isinstance(error, Refused):
        return error.status
    if isinstance(error, NotAcceptable):
        return 406
    if isinstance(error, ClientBusy):
        return 429
    if isinstance(error, (QueryTimeout, Busy, WorkerCrashed, OutOfMemory, FailedBefore, StoreUnavailable)):
        return 503
    if isinstance(error, RemoteError):
        return 502
    if isinstance(error, (QuerySyntaxError, TooManyResults, StoreError)):
        return 400
    return 500


def wants_html() -> bool:
    """Whether the client prefers a page to plain text (a browser): such answers vary on Accept."""
    varies_on_accept()
    accept = request.accept_mimetypes
    return accept.best_match(["text/plain", "text/html"]) == "text/html" and accept["text/html"] > accept["text/plain"]


def error_response(status: int, message: str, title: str | None = None) -> Response:
    """Plain text for programs, a small page for browsers."""
    if wants_html():
        page = render_template("error.html", status=status, title=title or _TITLES.get(status, "Error"),
                               message=message)
        return Response(page, status=status, mimetype="text/html")
    return Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain")


_TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 406: "Not acceptable", 413: "Too large",
           415: "Unsupported media type", 429: "Too many requests", 500: "Internal error", 502: "Bad gateway",
           503: "Service unavailable"}


def register(app: Flask) -> None:
    """Install the handlers on the app."""

    @app.errorhandler(Refused)
    @app.errorhandler(NotAcceptable)
    @app.errorhandler(StoreError)
    def query_error(error: Exception) -> Response:
        response = error_response(status_of(error), str(error))
        if status_of(error) in (429, 503):  # a client's own running query, or a busy or stopped worker
            response.headers["Retry-After"] = "1" if status_of(error) == 429 else "5"
        return response

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> Response:
        limit = app.config.get("MAX_CONTENT_LENGTH")
        return error_response(413, f"the request body is larger than {limit} bytes (derived from max_query_length, "
                                   "AIKG_MAX_QUERY_LENGTH)")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        response = error_response(error.code or 500, error.description or error.name)
        for key, value in error.get_headers():
            if key.lower() not in ("content-type", "content-length"):
                response.headers[key] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal error: the server could not answer this request; "
                                   "it has been logged")
