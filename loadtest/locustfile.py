"""Locust users for `make loadtest`: a busy public portal in front of aikg, seen only through HTTP.

31 portal users mix the named queries (with their documented example parameters, listed from
`GET /queries?format=json`), resource pages in HTML and Turtle (IRIs picked by a SPARQL query at start),
the trace and coverage pages; one more user sends a deliberately heavy query (a cross product of all
triples, no LIMIT) whose 503 (time limit) or 400 (row limit) is the expected answer, not an error.

Run through `loadtest/run.py`, which starts the server, samples its memory and prints the summary.
"""

from __future__ import annotations

import json
import os
import random
import re
import urllib.parse
from collections import Counter
from typing import Any

import requests
from locust import HttpUser, between, constant, events, task
from locust.env import Environment

TIMEOUT = 120  # seconds; no request may hang the run
RESOURCES = 200  # resource IRIs sampled at start
TRACE_THING = "213/KH-UBND II.4"
HEAVY_QUERY = "SELECT * WHERE { ?s ?p ?o . ?s2 ?p2 ?o2 }"
HEAVY_EXPECTED = (400, 503)
DEFAULT_BASE = "https://w3id.org/aikg/"
RESOURCE_QUERY = """SELECT DISTINCT ?s WHERE {{
  ?s a ?type FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}") && STR(?s) != "{base}")
}} ORDER BY ?s"""

# Filled once by on_test_start, shared by every user.
NAMED: list[tuple[str, dict[str, str]]] = []
PATHS: list[str] = []
STATUSES: Counter[str] = Counter()  # "route status" -> count, written to LOADTEST_STATUS_FILE at the end


def _base(host: str) -> str:
    """The dataset's URI space, read from the VoID description (void:uriSpace)."""
    reply = requests.get(host + "/.well-known/void", headers={"Accept": "text/turtle"}, timeout=TIMEOUT)
    match = re.search(r'void:uriSpace\s+"([^"]+)"', reply.text) if reply.ok else None
    return match.group(1) if match else DEFAULT_BASE


@events.test_start.add_listener
def on_test_start(environment: Environment, **_: Any) -> None:
    """List the named queries with their example parameters and sample the resource IRIs, once."""
    host = (environment.host or "").rstrip("/")
    reply = requests.get(host + "/queries", params={"format": "json"}, timeout=TIMEOUT)
    reply.raise_for_status()
    NAMED[:] = [(q["name"], {p["name"]: p["example"] for p in q.get("params", [])}) for q in reply.json()]
    base = _base(host)
    reply = requests.post(host + "/sparql", data={"query": RESOURCE_QUERY.format(base=base)},
                          headers={"Accept": "application/sparql-results+json"}, timeout=TIMEOUT)
    reply.raise_for_status()
    iris = [row["s"]["value"] for row in reply.json()["results"]["bindings"]]
    sample = random.Random(8).sample(iris, min(RESOURCES, len(iris)))
    PATHS[:] = ["/" + urllib.parse.quote(iri[len(base):], safe="/:-._~") for iri in sample]
    if not NAMED or not PATHS:
        raise RuntimeError(f"nothing to load: {len(NAMED)} named queries, {len(PATHS)} resources")


@events.request.add_listener
def on_request(name: str, response: Any = None, **_: Any) -> None:
    """Count the answers per route and status (0: no answer)."""
    STATUSES[f"{name} {getattr(response, 'status_code', 0) or 0}"] += 1


@events.test_stop.add_listener
def on_test_stop(**_: Any) -> None:
    """Leave the status counts for run.py."""
    if path := os.environ.get("LOADTEST_STATUS_FILE"):
        with open(path, "w", encoding="utf-8") as out:
            json.dump(dict(STATUSES), out, indent=1, sort_keys=True)


class PortalUser(HttpUser):
    """A visitor or client program: named queries, resource pages, trace and coverage pages."""

    wait_time = between(0.5, 2.0)

    def fetch(self, path: str, name: str, **kwargs: Any) -> None:
        """GET; anything but 200 is an error, reported with the start of the answer."""
        with self.client.get(path, name=name, timeout=TIMEOUT, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                detail = " ".join((response.text or "")[:200].split())
                response.failure(f"{response.status_code} on {path}: {detail}")

    @task(8)
    def named_query(self) -> None:
        name, params = random.choice(NAMED)
        self.fetch(f"/queries/{name}", "/queries/NAME", params={**params, "format": "json"})

    @task(4)
    def resource_html(self) -> None:
        self.fetch(random.choice(PATHS), "/IRI (html)", headers={"Accept": "text/html"})

    @task(4)
    def resource_turtle(self) -> None:
        self.fetch(random.choice(PATHS), "/IRI (turtle)", headers={"Accept": "text/turtle"})

    @task(1)
    def trace(self) -> None:
        self.fetch("/analysis/trace", "/analysis/trace", params={"thing": TRACE_THING})

    @task(1)
    def coverage(self) -> None:
        self.fetch("/analysis/coverage", "/analysis/coverage")


class HeavyUser(HttpUser):
    """One client that keeps sending a query past the limits; 400 or 503 is the right answer."""

    fixed_count = 1
    wait_time = constant(5)

    @task
    def heavy(self) -> None:
        with self.client.post("/sparql", data=HEAVY_QUERY, name="/sparql (heavy)", timeout=TIMEOUT,
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": "application/sparql-results+json"},
                              catch_response=True) as response:
            if response.status_code in HEAVY_EXPECTED:
                response.success()
            else:
                response.failure(f"heavy query answered {response.status_code}, expected 400 or 503")
