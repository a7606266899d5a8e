"""Fuzzing the real server with hypothesis: generated SPARQL, random bytes, headers, parameters and paths.

Properties of every answer: never a 500 (nor another 5xx than 503), never a traceback or a Python exception
name in the body, always within the query time limit plus a margin, and no request ever reaches the TCP
listener the tests open on 127.0.0.1 (generated queries name it in SERVICE, FROM and graph parameters).
Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

import builtins
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixtures_server import QUERY_TIMEOUT, LiveServer, Reply
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_server_security import Listener

PROJECT = Path(__file__).resolve().parent.parent
# Waiting for a free worker (at most the time limit) plus the query (at most the time limit) plus a margin.
ANSWER_WITHIN = 2 * QUERY_TIMEOUT + 10
LISTENER = "@@LISTENER@@"  # replaced by 127.0.0.1:PORT of the test's listener when a request is sent

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])

EXCEPTION_NAMES = sorted(
    {name for name, value in vars(builtins).items()
     if isinstance(value, type) and issubclass(value, BaseException) and not issubclass(value, Warning)
     and len(name) > 8}
    | {"ParseException", "ParseSyntaxException", "QuerySyntaxError", "StoreError", "TooManyResults",
       "QueryTimeout", "WorkerCrashed", "RequestEntityTooLarge", "HTTPException", "BadRequestKeyError"})
EXCEPTION_PATTERN = re.compile(r"\b(" + "|".join(EXCEPTION_NAMES) + r")\b|Traceback \(most recent|File \"/")


# --- fixtures and the checks made on every answer ------------------------------------------------------------

@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    """One listener for the whole module; every test checks it has received nothing."""
    server = Listener().start()
    yield server
    time.sleep(0.5)
    server.close()
    assert server.hits == [], f"the server connected to the listener: {server.hits[:3]}"


def send(server: LiveServer, listener: Listener, path: str, method: str = "GET", data: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[Reply, float, int]:
    """One request, timed, with the listener's count of connections before it; no answer fails the test."""
    address = f"127.0.0.1:{listener.port}"
    path = path.replace(LISTENER, address).replace(urllib.parse.quote(LISTENER), urllib.parse.quote(address))
    if data is not None:
        data = data.replace(LISTENER.encode(), address.encode()) \
            .replace(urllib.parse.quote_plus(LISTENER).encode(), urllib.parse.quote_plus(address).encode())
    hits_before = len(listener.hits)
    started = time.monotonic()
    try:
        reply = server.request(path, method, data, headers, timeout=ANSWER_WITHIN + 5)
    except OSError as error:  # URLError, reset, timeout: no answer at all
        pytest.fail(f"{method} {path[:300]} got no answer: {error!r}")
    return reply, time.monotonic() - started, hits_before


def check(reply: Reply, seconds: float, hits_before: int, listener: Listener, what: str) -> None:
    """The properties every answer has."""
    text = reply.body.decode("utf-8", "replace")
    event(f"status {reply.status}")
    assert reply.status < 500 or reply.status == 503, f"{reply.status} for {what}:\n{text[:1500]}"
    assert "Traceback (most recent" not in text and 'File "/' not in text, f"traceback for {what}:\n{text[:1500]}"
    if reply.status >= 400:
        found = EXCEPTION_PATTERN.search(text)
        assert found is None, f"exception name {found.group(0)!r} in the answer to {what}:\n{text[:1500]}"
    assert seconds <= ANSWER_WITHIN, f"{seconds:.1f} s (limit {ANSWER_WITHIN:g} s) for {what}"
    new = listener.hits[hits_before:]
    assert new == [], f"the server connected to the listener after {what}: {new[:2]}"


def settle(listener: Listener, *texts: str | bytes) -> None:
    """Give a connection the server might have opened to the listener time to be accepted."""
    if any((LISTENER in t) if isinstance(t, str) else (LISTENER.encode() in t) for t in texts):
        time.sleep(0.15)


# --- a grammar-shaped SPARQL strategy ------------------------------------------------------------------------

def kw(word: str) -> st.SearchStrategy[str]:
    """A keyword in random mixed case."""
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda flags: "".join(c.upper() if up else c.lower() for c, up in zip(word, flags, strict=True)))


SPACE = st.sampled_from([" "] * 12 + ["\n", "\n", "\t", "\r\n", "  ", " #c\n", "# a comment { } ' \" SERVICE <x>\n",
                                       "#\n", "  #é ? $ \\# \n  "])


@st.composite
def seq(draw: st.DrawFn, *parts: str | st.SearchStrategy[str]) -> str:
    """Parts in order, separated by random whitespace and comments."""
    out = []
    for part in parts:
        out.append(part if isinstance(part, str) else draw(part))
    return "".join(p + draw(SPACE) for p in out if p != "").rstrip(" ")


def maybe(strategy: st.SearchStrategy[str] | str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.just(strategy) if isinstance(strategy, str) else strategy)


AIKG = "https://w3id.org/aikg/"
VAR = st.builds(lambda sigil, name: sigil + name, st.sampled_from("??$"),
                st.sampled_from(["s", "p", "o", "x", "y", "z", "g", "task", "n", "_1", "é", "label"]))
IRI = st.sampled_from([
    f"<{AIKG}eli/vn/qd/2026/367-qd-ttg>", f"<{AIKG}eli/vn/hue/kh/2026/213-kh-ubnd/II/4>",
    f"<{AIKG}ontology#Task>", f"<{AIKG}ontology#hasTask>", f"<{AIKG}ontology#tracesTo>",
    "<http://www.w3.org/2000/01/rdf-schema#label>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "<relative>", "<#frag>", "<>", "<urn:x:y>", "<http://example.org/\\u00e9>", "<javascript:alert(1)>",
    "<file:///etc/passwd>", f"<http://{LISTENER}/iri>", f"<{AIKG}graph/inferred>", "<a b>", "<http://x/{}>",
])
PREFIXES = {"e": "<http://example.org/e/>", "aikg": f"<{AIKG}ontology#>", "": f"<{AIKG}>",
            "rdfs": "<http://www.w3.org/2000/01/rdf-schema#>", "xsd": "<http://www.w3.org/2001/XMLSchema#>",
            "r": f"<http://{LISTENER}/>"}
LOCAL_PIECES = ["a", "b", "Task", "hasTask", "label", "eli/vn", "1", "_", "é", ":", ".", "-", "%20", "%C3%A9",
                *[f"\\{c}" for c in "_~.-!$&'()*+,;=/?#@%"]]
PNAME = st.builds(lambda prefix, local: prefix + ":" + local,
                  st.sampled_from([*PREFIXES, "e", "e", "aikg", "aikg", "undeclared"]),
                  st.lists(st.sampled_from(LOCAL_PIECES), max_size=4).map("".join))
ESCAPES = ["\\n", "\\t", "\\r", "\\b", "\\f", "\\\\", '\\"', "\\'", "\\u00e9", "\\U0001F600", "\\u0000", "\\x"]
TEXT_PIECES = ["a", "Huế", "367/QĐ-TTg", " ", "{", "}", "#", "?x", "<", ">", "SERVICE <http://" + LISTENER + "/>"]


@st.composite
def literal(draw: st.DrawFn) -> str:
    quote = draw(st.sampled_from(["'", '"', "'''", '"""']))
    pieces = TEXT_PIECES + ESCAPES + (["\n", "'", '"', "''"] if len(quote) == 3 else [])
    body = "".join(draw(st.lists(st.sampled_from(pieces), max_size=6)))
    suffix = draw(st.sampled_from(["", "", "@vi", "@en-US", "^^xsd:integer", "^^xsd:string",
                                   "^^<http://www.w3.org/2001/XMLSchema#date>", "@", "^^e:x"]))
    return quote + body + quote + suffix


NUMBER = st.one_of(st.sampled_from(["0", "1", "-2", "+3", "4.5", ".5", "-0.0e-3", "1E10", "1e400",
                                    "12345678901234567890", "0.", "1e"]),
                   st.integers(-10**6, 10**6).map(str))
BOOLEAN = st.one_of(kw("true"), kw("false"))
BNODE = st.sampled_from(["[]", "_:b1", "_:é", "[ ]"])
TERM = st.one_of(IRI, PNAME, literal(), NUMBER, BOOLEAN)
SUBJECT = st.one_of(VAR, VAR, IRI, PNAME, BNODE)
OBJECT = st.one_of(VAR, VAR, IRI, PNAME, literal(), NUMBER, BOOLEAN, BNODE)

PATH = st.recursive(
    st.one_of(IRI, PNAME, st.just("a")),
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"{a}/{b}", inner, inner), st.builds(lambda a, b: f"{a}|{b}", inner, inner),
        st.builds(lambda a: f"^{a}", inner), st.builds(lambda a, m: f"({a}){m}", inner, st.sampled_from("*+?")),
        st.builds(lambda a: f"!({a})", inner), st.builds(lambda a: f"({a})", inner)),
    max_leaves=4)
# Mostly a fixed predicate, so that most patterns do not join the whole graph with itself.
PREDICATE = st.one_of(IRI, PNAME, PNAME, st.just("a"), PATH, VAR)


@st.composite
def triples(draw: st.DrawFn) -> str:
    """A triples block: subject, predicate-object lists with ';' and ','."""
    subject = draw(SUBJECT)
    pairs = []
    for _ in range(draw(st.integers(1, 2))):
        objects = draw(st.lists(OBJECT, min_size=1, max_size=2))
        pairs.append(draw(seq(PREDICATE, " , ".join(objects))))
    return draw(seq(subject, " ; ".join(pairs), st.sampled_from(["", "", "", " ;"])))


FUNCTIONS = ["STR", "LANG", "DATATYPE", "IRI", "URI", "ABS", "CEIL", "ROUND", "STRLEN", "UCASE", "LCASE",
             "ENCODE_FOR_URI", "YEAR", "MD5", "SHA256", "isIRI", "isBLANK", "isLITERAL", "isNUMERIC", "BNODE"]
FUNCTIONS_2 = ["CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE", "STRAFTER", "LANGMATCHES", "REGEX", "sameTerm",
               "STRLANG", "STRDT", "SUBSTR", "CONCAT", "COALESCE"]


def expression(depth: int, group: Callable[[int], st.SearchStrategy[str]]) -> st.SearchStrategy[str]:
    """SPARQL expressions nested up to `depth`; EXISTS takes a group of lower depth."""
    leaf = st.one_of(VAR, TERM, st.builds(lambda f: f + "()", st.sampled_from(["NOW", "RAND", "UUID", "STRUUID"])))
    if depth <= 0:
        return leaf
    inner = expression(depth - 1, group)
    return st.one_of(
        leaf,
        st.builds(lambda a, op, b: f"{a} {op} {b}", inner, st.sampled_from(
            ["=", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "/"]), inner),
        st.builds(lambda op, a: f"{op}{a}", st.sampled_from(["!", "-", "+"]), inner),
        st.builds(lambda a: f"({a})", inner),
        st.builds(lambda f, a: f"{f}({a})", st.one_of(*(kw(f) for f in FUNCTIONS)), inner),
        st.builds(lambda f, a, b: f"{f}({a}, {b})", st.one_of(*(kw(f) for f in FUNCTIONS_2)), inner, inner),
        st.builds(lambda k, v: f"{k}({v})", kw("BOUND"), VAR),
        st.builds(lambda k, a, b, c: f"{k}({a}, {b}, {c})", kw("IF"), inner, inner, inner),
        st.builds(lambda a, k, b, c: f"{a} {k} ({b}, {c})", inner, st.one_of(kw("IN"), seq(kw("NOT"), kw("IN"))),
                  inner, inner),
        st.builds(lambda k, g: f"{k} {g}", st.one_of(kw("EXISTS"), seq(kw("NOT"), kw("EXISTS"))), group(depth - 1)),
    )


def values_clause() -> st.SearchStrategy[str]:
    one = st.builds(lambda k, v, ts: f"{k} {v} {{ {' '.join(ts)} }}", kw("VALUES"), VAR,
                    st.lists(st.one_of(TERM, kw("UNDEF")), max_size=3))
    rows = st.lists(st.builds(lambda a, b: f"({a} {b})", st.one_of(TERM, kw("UNDEF")), TERM), max_size=2)
    two = st.builds(lambda k, a, b, rs: f"{k} ({a} {b}) {{ {' '.join(rs)} }}", kw("VALUES"), VAR, VAR, rows)
    return st.one_of(one, two)


def order_limit() -> st.SearchStrategy[str]:
    order = seq(kw("ORDER"), kw("BY"), st.one_of(VAR, st.builds(lambda d, v: f"{d}({v})",
                                                                 st.one_of(kw("ASC"), kw("DESC")), VAR)))
    limit = st.builds(lambda k, n: f"{k} {n}", kw("LIMIT"), st.sampled_from(["0", "1", "5", "10", "-1", "x"]))
    offset = st.builds(lambda k, n: f"{k} {n}", kw("OFFSET"), st.sampled_from(["0", "3", "99999999999999999999"]))
    return st.one_of(seq(maybe(order), limit, maybe(offset)), seq(limit), seq(order, limit), st.just(""))


_GROUPS: dict[int, st.SearchStrategy[str]] = {}


def group(depth: int) -> st.SearchStrategy[str]:
    """A group graph pattern `{ … }` nested up to `depth`."""
    if depth not in _GROUPS:
        _GROUPS[depth] = st.deferred(lambda: _group(depth))
    return _GROUPS[depth]


def _group(depth: int) -> st.SearchStrategy[str]:
    expr = expression(min(depth, 2), group)
    elements: list[st.SearchStrategy[str]] = [
        triples(), triples(), triples(),
        st.builds(lambda k, e: f"{k}({e})", kw("FILTER"), expr),
        st.builds(lambda k, f, a, b: f"{k} {f}({a}, {b})", kw("FILTER"), st.one_of(*(kw(f) for f in FUNCTIONS_2)),
                  expr, expr),
        st.builds(lambda k, e, a, v: f"{k}({e} {a} {v})", kw("BIND"), expr, kw("AS"), VAR),
        values_clause(),
    ]
    if depth > 0:
        inner = group(depth - 1)
        elements += [
            inner,
            st.builds(lambda k, g: f"{k} {g}", kw("OPTIONAL"), inner),
            st.builds(lambda a, k, b: f"{a} {k} {b}", inner, kw("UNION"), inner),
            st.builds(lambda k, g: f"{k} {g}", kw("MINUS"), inner),
            st.builds(lambda k, n, g: f"{k} {n} {g}", kw("GRAPH"), st.one_of(VAR, IRI), inner),
            st.builds(lambda k, s, iri, g: f"{k} {s} {iri} {g}", kw("SERVICE"), maybe(kw("SILENT")),
                      st.sampled_from([f"<http://{LISTENER}/svc>", "r:svc", "<http://127.0.0.1:9/>", "?g"]), inner),
            st.builds(lambda s: "{ " + s + " }", select_query(depth - 1)),
        ]
    body = st.lists(st.one_of(*elements), max_size=3 if depth > 0 else 2)
    dot = st.sampled_from([" . ", " . ", " . ", " ", " .. "])
    return st.builds(lambda parts, sep, d: "{" + sep + d.join(parts) + sep + "}", body, SPACE, dot)


def select_query(depth: int) -> st.SearchStrategy[str]:
    projection = st.one_of(
        st.just("*"), st.lists(VAR, min_size=1, max_size=3).map(" ".join),
        st.builds(lambda e, k, v: f"({e} {k} {v})", expression(1, group), kw("AS"), VAR),
        st.builds(lambda f, v, k, w: f"({f}({v}) {k} {w})", st.one_of(kw("COUNT"), kw("SAMPLE"), kw("MAX"),
                                                                      kw("GROUP_CONCAT")), VAR, kw("AS"), VAR))
    dataset = st.one_of(st.just(""), st.builds(lambda k, n, i: f"{k} {n} {i}", kw("FROM"), maybe(kw("NAMED")),
                                               st.sampled_from([f"<{AIKG}graph/asserted>", f"<http://{LISTENER}/g>",
                                                                "<file:///etc/passwd>", "e:g"])))
    group_by = maybe(st.builds(lambda a, b, v: f"{a} {b} {v}", kw("GROUP"), kw("BY"), VAR))
    return seq(kw("SELECT"), st.one_of(st.just(""), kw("DISTINCT"), kw("REDUCED")), projection, dataset,
               maybe(kw("WHERE")), group(depth), group_by, order_limit())


@st.composite
def prologue(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(sorted(PREFIXES)), max_size=4, unique=True))
    if draw(st.integers(0, 3)):  # mostly every prefix the query may use is declared
        names = sorted(set(names) | set(PREFIXES))
    decls = [draw(seq(kw("PREFIX"), f"{n}:", PREFIXES[n])) for n in names]
    if draw(st.booleans()):
        decls.insert(draw(st.integers(0, len(decls))), draw(seq(kw("BASE"), IRI)))
    return "".join(d + draw(SPACE) for d in decls)


DEPTH = 2
QUERY = st.builds(lambda p, q: p + q, prologue(), st.one_of(
    select_query(DEPTH),
    seq(kw("ASK"), group(DEPTH)),
    seq(kw("CONSTRUCT"), st.builds(lambda ts: "{ " + " . ".join(ts) + " }", st.lists(triples(), max_size=2)),
        kw("WHERE"), group(DEPTH), order_limit()),
    seq(kw("CONSTRUCT"), kw("WHERE"), st.builds(lambda t: "{ " + t + " }", triples()), order_limit()),
    seq(kw("DESCRIBE"), st.one_of(st.just("*"), st.lists(st.one_of(IRI, VAR, PNAME), min_size=1, max_size=2)
                                  .map(" ".join)), maybe(seq(kw("WHERE"), group(1))), order_limit()),
))

RESULT_TYPES = ["", "*/*", "", "*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "text/turtle", "application/n-triples", "application/ld+json",
                "application/rdf+xml", "text/html", "*/*", "image/png", "application/json;q=0.5, text/csv;q=0.9",
                "text/*", ""]
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"),
                      max_size=60)
ACCEPT = st.one_of(st.sampled_from(RESULT_TYPES), HEADER_TEXT)


def sparql_request(query: bytes | str, how: str, accept: str, extra: dict[str, str] | None = None
                   ) -> tuple[str, str, bytes | None, dict[str, str]]:
    """(path, method, body, headers) of a protocol request carrying `query` in the given way."""
    raw = query.encode("utf-8", "surrogatepass") if isinstance(query, str) else query
    params = urllib.parse.urlencode(extra or {})
    headers = {"Accept": accept} if accept else {}
    if how == "get":
        path = "/sparql?query=" + urllib.parse.quote_from_bytes(raw) + (f"&{params}" if params else "")
        return path, "GET", None, headers
    if how == "form":
        body = b"query=" + urllib.parse.quote_from_bytes(raw).encode() + (f"&{params}".encode() if params else b"")
        return "/sparql", "POST", body, {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    path = "/sparql" + (f"?{params}" if params else "")
    return path, "POST", raw, {**headers, "Content-Type": "application/sparql-query"}


HOW = st.sampled_from(["get", "form", "direct"])


# --- the tests -----------------------------------------------------------------------------------------------

@settings(FUZZ, max_examples=200)
@given(query=QUERY, how=HOW, accept=st.sampled_from(RESULT_TYPES))
def test_generated_sparql(live_server: LiveServer, listener: Listener, query: str, how: str, accept: str) -> None:
    path, method, body, headers = sparql_request(query, how, accept)
    reply, seconds, hits = send(live_server, listener, path, method, body, headers)
    settle(listener, query)
    check(reply, seconds, hits, listener, f"{how} {query!r}")


INLINE = st.sampled_from([" ", " ", "\t", "  "])
# Escapes of the comment and quote characters come most often: they are what trips lexical checks.
ESCAPES_LOCAL = [f"\\{c}" for c in "###''_~.-!$&()*+,;=/?@%"]
ESCAPED_PNAME = st.builds(lambda p, a, e, b: f"{p}:{a}{e}{b}", st.sampled_from(["e", "aikg", ""]),
                          st.sampled_from(["a", "", "x1"]), st.sampled_from(ESCAPES_LOCAL),
                          st.sampled_from(["", "b", "c.d"]))


@st.composite
def service_query(draw: st.DrawFn) -> str:
    """A one-line query with a SERVICE clause to the listener among elements full of escaped local names."""
    def inline(*parts: str) -> str:
        return "".join(part + draw(INLINE) for part in parts)

    term = st.one_of(ESCAPED_PNAME, ESCAPED_PNAME, literal(), NUMBER, IRI)
    element = st.one_of(
        st.builds(lambda k, v, a, w: f"{k}({v} {a} {w})", kw("BIND"), term, kw("AS"), VAR),
        st.builds(lambda k, v, t: f"{k} {v} {{ {t} }}", kw("VALUES"), VAR, term),
        st.builds(lambda k, v, t: f"{k}({v} != {t})", kw("FILTER"), VAR, term),
        st.builds(lambda s, p, o: f"{s} {p} {o} .", st.one_of(VAR, ESCAPED_PNAME), st.one_of(VAR, ESCAPED_PNAME),
                  term))
    target = draw(st.sampled_from([f"<http://{LISTENER}/svc>", "r:svc", f"<http://{LISTENER}>", "r:"]))
    service = inline(draw(kw("SERVICE")), draw(maybe(kw("SILENT"))), target, "{ ?a ?b ?c }")
    before = [draw(element) for _ in range(draw(st.integers(1, 3)))]
    after = [draw(element) for _ in range(draw(st.integers(0, 2)))]
    if draw(st.booleans()):
        service = inline(draw(kw("OPTIONAL")), "{", service, "}")
    head = draw(kw("ASK")) if draw(st.booleans()) else inline(draw(kw("SELECT")), "*", draw(kw("WHERE")))
    prologue = " ".join(f"PREFIX {n}: {PREFIXES[n]}" for n in ("e", "aikg", "", "r"))
    return inline(prologue, head, "{", *before, service, *after, "}")


@settings(FUZZ, max_examples=100)
@given(query=service_query(), how=HOW)
def test_generated_service_queries_are_refused_and_never_call_out(live_server: LiveServer, listener: Listener,
                                                                  query: str, how: str) -> None:
    path, method, body, headers = sparql_request(query, how, "")
    reply, seconds, hits = send(live_server, listener, path, method, body, headers)
    settle(listener, query)
    check(reply, seconds, hits, listener, f"{how} {query!r}")
    assert reply.status >= 400, f"a query with SERVICE was answered {reply.status}: {query!r}"


@FUZZ
@given(query=st.one_of(st.text(max_size=200), st.binary(max_size=200),
                       st.builds(lambda a, b: a + b, QUERY, st.text(max_size=20))),
       how=HOW, accept=ACCEPT)
def test_random_text_and_bytes_as_query(live_server: LiveServer, listener: Listener, query: str | bytes,
                                        how: str, accept: str) -> None:
    path, method, body, headers = sparql_request(query, how, accept)
    reply, seconds, hits = send(live_server, listener, path, method, body, headers)
    check(reply, seconds, hits, listener, f"{how} {query!r} (Accept {accept!r})")


PARAM_NAMES = ["query", "update", "format", "default-graph-uri", "named-graph-uri", "timeout", "output", "callback",
               "using-graph-uri", "query[]", "", "x"]
PARAM_VALUES = st.one_of(
    st.sampled_from(["ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "json", "csv", "tsv", "xml", "turtle", "yaml",
                     f"http://{LISTENER}/", f"{AIKG}graph/asserted", "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                     "DESCRIBE <" + AIKG + "eli/vn/qd/2026/367-qd-ttg>", "", "%", "\x00"]),
    st.text(max_size=40))
CONTENT_TYPES = st.one_of(st.sampled_from([
    "application/sparql-query", "application/sparql-query; charset=utf-16", "application/sparql-query; charset=x",
    "application/sparql-update", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "multipart/form-data", "application/json", "text/plain", "", "application/x-www-form-urlencoded; charset=latin-1"]),
    HEADER_TEXT)


@settings(FUZZ, max_examples=150)
@given(method=st.sampled_from(["GET", "POST", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"]),
       params=st.lists(st.tuples(st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=10)), PARAM_VALUES),
                       max_size=4),
       accept=ACCEPT, content_type=CONTENT_TYPES,
       body=st.one_of(st.none(), st.binary(max_size=200), PARAM_VALUES.map(lambda v: v.encode("utf-8", "replace"))),
       params_in_body=st.booleans())
def test_random_headers_and_parameters_on_sparql(live_server: LiveServer, listener: Listener, method: str,
                                                 params: list[tuple[str, str]], accept: str, content_type: str,
                                                 body: bytes | None, params_in_body: bool) -> None:
    encoded = urllib.parse.urlencode([(k.encode("utf-8", "replace"), v.encode("utf-8", "replace"))
                                      for k, v in params])
    path = "/sparql"
    if params_in_body and method not in ("GET", "HEAD"):
        body = encoded.encode()
    elif encoded:
        path += "?" + encoded
    headers = {"Accept": accept}
    if content_type:
        headers["Content-Type"] = content_type
    reply, seconds, hits = send(live_server, listener, path, method, body, headers)
    settle(listener, path, body or b"")
    check(reply, seconds, hits, listener,
          f"{method} {path} body={body!r} Accept={accept!r} Content-Type={content_type!r}")


QUERY_NAMES = sorted(p.stem for p in (PROJECT / "queries").glob("*.rq"))
NAME = st.one_of(st.sampled_from(QUERY_NAMES), st.sampled_from(QUERY_NAMES).map(lambda n: n + ".rq"),
                 st.sampled_from(["Makefile", "Makefile.rq", "..%2fMakefile.rq", "%2e%2e", "README", "..", ".",
                                  "trace-up%00", "trace-up.rq.rq", "CON", "a" * 300, "%ff", "trace_up", "TRACE-UP"]),
                 st.text(max_size=30).map(lambda t: urllib.parse.quote(t, safe="")))
NAMED_PARAM_VALUES = st.one_of(st.sampled_from([
    "id:eli/vn/qd/2026/367-qd-ttg", f"<{AIKG}eli/vn/hue/kh/2026/213-kh-ubnd/II/4>", "eli/vn/hue/kh/2026/213-kh-ubnd",
    "id:eli/vn/hue/kh/2026/213-kh-ubnd/II/4", '"Huế"@vi', '"2026"^^xsd:integer', "<javascript:alert(1)>",
    f"<http://{LISTENER}/>", f"http://{LISTENER}/x", '"""', "\\", "'", f"}} SERVICE <http://{LISTENER}/> {{ ",
    "aikg:Task", "unknown:x", "", "file:///etc/passwd", "<../../Makefile>", '"x"^^<javascript:x>']),
    st.text(max_size=60))


@FUZZ
@given(name=NAME, params=st.lists(st.tuples(st.sampled_from(["task", "plan", "agency", "instrument", "format",
                                                             "x", "query"]), NAMED_PARAM_VALUES), max_size=3),
       accept=ACCEPT)
def test_named_queries_with_random_names_and_parameters(live_server: LiveServer, listener: Listener, name: str,
                                                        params: list[tuple[str, str]], accept: str) -> None:
    query = urllib.parse.urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in params])
    path = f"/queries/{name}" + (f"?{query}" if query else "")
    reply, seconds, hits = send(live_server, listener, path, headers={"Accept": accept})
    settle(listener, path)
    check(reply, seconds, hits, listener, f"GET {path} (Accept {accept!r})")
    if reply.status == 200 and name and name.removesuffix(".rq") not in QUERY_NAMES:  # "" is the index
        pytest.fail(f"{path} answered 200 for a name that is no query of queries/: {reply.text[:300]}")


SEGMENTS = ["eli", "vn", "qd", "2026", "367-qd-ttg", "hue", "kh", "213-kh-ubnd", "II", "4", "dd", "appendix", "6",
            "product", "1", "timeframe", "agency", "so-khoa-hoc-va-cong-nghe", "luat", "2025", "134-2025-qh15", "art",
            "17", "place", "hai-phong", "graph", "asserted", "ontology", "dumps", "queries", "analysis", "trace",
            "sparql", ".well-known", "void", "static", "..", ".", "", "%2e%2e", "%2f", "%00", "%ff", "%C3%A9", "~",
            "etc", "passwd", "Makefile"]
SUFFIX = st.sampled_from(["", "", ".ttl", ".nt", ".jsonld", ".rdf", ".html", ".rq", ".gz", ".svg", ".json", "/"])


@settings(FUZZ, max_examples=150)
@given(segments=st.lists(st.one_of(st.sampled_from(SEGMENTS),
                                   st.text(max_size=12).map(lambda t: urllib.parse.quote(t, safe=""))),
                         min_size=1, max_size=7),
       suffix=SUFFIX, fmt=st.one_of(st.none(), st.sampled_from(["turtle", "nt", "jsonld", "rdfxml", "html", "x"]),
                                    st.text(max_size=10)),
       accept=ACCEPT)
def test_random_resource_paths(live_server: LiveServer, listener: Listener, segments: list[str], suffix: str,
                               fmt: str | None, accept: str) -> None:
    path = "/" + "/".join(segments) + suffix
    if fmt is not None:
        path += "?" + urllib.parse.urlencode({"format": fmt})
    reply, seconds, hits = send(live_server, listener, path, headers={"Accept": accept})
    check(reply, seconds, hits, listener, f"GET {path} (Accept {accept!r})")
