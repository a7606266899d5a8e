"""Read a SPARQL query's text at the level of its tokens, fast, without parsing its grammar.

The server must know a few things about a query before an engine sees it: its form (SELECT, ASK,
CONSTRUCT, DESCRIBE, or an update), whether it names a SERVICE, which graphs its FROM clauses name, and
the order of its variables for `SELECT *`. A full parse in pure Python (rdflib) costs 50–100 ms, more
than the engine needs to answer; the engine's own parser (Oxigraph) has no parse-only call. The terminals
of the SPARQL 1.1 grammar (§19.8) are regular, so one regular expression reads them exactly: a `#` inside
an IRI, a string or an escaped local name (`e:a\\#`) is never taken for a comment. No library offers a
SPARQL tokenizer on its own, hence this module. The engine still parses the query and reports syntax
errors; this reader never decides that a query is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"

#: Token kinds, tried in this order at each position (longest forms first where two share a start).
_TOKENS = (
    ("space", r"\s+"),
    ("comment", r"#[^\n\r]*"),
    ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    ("string", r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
               r"|'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
               r'|"(?:[^"\\\n\r]|\\.)*"'
               r"|'(?:[^'\\\n\r]|\\.)*'"),
    ("var", rf"[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"),
    ("bnode", rf"_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"),
    ("pname", rf"(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?"),
    ("langtag", r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    ("number", r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"),
    ("word", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*/|^+\-=<>!?$@]"),
)
_LEXER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TOKENS))

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@dataclass(frozen=True)
class Token:
    """One terminal: its kind, its text and where it starts (1-based line and column)."""

    kind: str
    text: str
    line: int
    column: int


def tokens(text: str, layout: bool = False) -> list[Token]:
    """The query's tokens, without spaces and comments unless `layout` (then joining the tokens' texts gives
    the query back); a character no terminal starts with becomes an `other` token of its own, so reading
    never stops early and nothing after it goes unseen."""
    found: list[Token] = []
    position, line, line_start = 0, 1, 0
    while position < len(text):
        match = _LEXER.match(text, position)
        if match is None or match.end() == position:
            kind, end = "other", position + 1
        else:
            kind, end = match.lastgroup or "other", match.end()
        if layout or kind not in ("space", "comment"):
            found.append(Token(kind, text[position:end], line, position - line_start + 1))
        breaks = text.count("\n", position, end)
        if breaks:
            line += breaks
            line_start = text.rindex("\n", position, end) + 1
        position = end
    return found


@dataclass(frozen=True)
class QueryOutline:
    """What the server needs to know about a query before running it."""

    form: str | None  # SELECT, ASK, CONSTRUCT, DESCRIBE; None when no query form was found
    update: str | None = None  # the update keyword that opens it (INSERT, DELETE, …), if it is an update
    service: Token | None = None  # the first SERVICE keyword
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()
    star_variables: tuple[str, ...] | None = None  # SELECT *: variables in order of first appearance
    unresolved_prefixes: tuple[str, ...] = field(default=())
    nesting: int = 0  # the deepest nesting of brackets and runs of prefix operators (! - + ^)
    deepest: Token | None = None  # where that nesting is reached


@lru_cache(maxsize=2048)
def outline(text: str) -> QueryOutline:
    """The outline of a query text (cached: the same text always gives the same outline)."""
    toks = tokens(text)
    prefixes: dict[str, str] = {}
    base = ""
    index = 0
    while index < len(toks) and toks[index].text.upper() in ("PREFIX", "BASE"):  # the prologue
        word = toks[index].text.upper()
        if word == "BASE" and index + 1 < len(toks):
            base = toks[index + 1].text.strip("<>")
            index += 2
        elif word == "PREFIX" and index + 2 < len(toks):
            prefixes[toks[index + 1].text.rstrip(":")] = toks[index + 2].text.strip("<>")
            index += 3
        else:
            index += 1
    words = [t for t in toks if t.kind == "word"]
    first = toks[index].text.upper() if index < len(toks) and toks[index].kind == "word" else None
    update = first if first in UPDATE_WORDS else None
    form = first if first in QUERY_FORMS else None
    service = next((t for t in words if t.text.upper() == "SERVICE"), None)
    from_graphs, from_named, unresolved = [], [], []
    for position, token in enumerate(toks):
        if token.kind != "word" or token.text.upper() != "FROM":
            continue
        named = position + 1 < len(toks) and toks[position + 1].text.upper() == "NAMED"
        target = toks[position + 2] if named and position + 2 < len(toks) else \
            toks[position + 1] if position + 1 < len(toks) else None
        if target is None:
            continue
        iri = _resolve(target, prefixes, base)
        if iri is None:
            unresolved.append(target.text)
            continue
        (from_named if named else from_graphs).append(iri)
    nesting, deepest = _nesting(toks)
    return QueryOutline(form, update, service, tuple(from_graphs), tuple(from_named),
                        _star_variables(toks, index) if form == "SELECT" else None, tuple(unresolved),
                        nesting, deepest)


_OPENERS, _CLOSERS, _PREFIX_OPERATORS = ("(", "{", "["), (")", "}", "]"), ("!", "-", "+", "^")


def _nesting(toks: list[Token]) -> tuple[int, Token | None]:
    """How deep brackets nest, a run of prefix operators (`!!!x`) counting one level per operator: a
    parser recurses once per level, so this bounds the depth any parser of the query reaches."""
    depth = run = deepest = 0
    where = None
    for token in toks:
        if token.kind != "punct":
            run = 0
            continue
        if token.text in _OPENERS:
            depth, run = depth + 1, 0
        elif token.text in _CLOSERS:
            depth, run = max(0, depth - 1), 0
        elif token.text in _PREFIX_OPERATORS:
            run += 1
        else:
            run = 0
        if depth + run > deepest:
            deepest, where = depth + run, token
    return deepest, where


def _resolve(token: Token, prefixes: dict[str, str], base: str) -> str | None:
    if token.kind == "iri":
        iri = token.text[1:-1]
        return iri if ":" in iri or not base else base + iri
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _star_variables(toks: list[Token], start: int) -> tuple[str, ...] | None:
    """For `SELECT [DISTINCT|REDUCED] *`, the variables in the order they first appear after it."""
    position = start + 1
    if position < len(toks) and toks[position].text.upper() in ("DISTINCT", "REDUCED"):
        position += 1
    if position >= len(toks) or toks[position].text != "*":
        return None
    return tuple(dict.fromkeys(t.text[1:] for t in toks[position + 1:] if t.kind == "var"))
