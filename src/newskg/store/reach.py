"""What a query reaches beyond the graphs it is given: SERVICE calls and FROM graphs.

pyoxigraph 0.5 exposes no query parser, and its evaluator really sends a SERVICE request over HTTP,
so the endpoint (`newskg.serve.endpoint`) must find SERVICE before the query runs. rdflib's parser
could, but it takes milliseconds per query and accepts a different grammar from Oxigraph's (the one
that runs the query). The check is a SPARQL tokenizer instead: strings, IRIs, comments, variables,
prefixed names and language tags are single tokens, as in the SPARQL grammar, so text inside them is
never read as a keyword (an unterminated string runs to the end of its line, or of the query for a
long one: the scan stays linear in the query's length, and Oxigraph parses nothing after it). It is
deliberately conservative: any bare word or prefix that merely *contains* "service"
counts as a SERVICE call (Oxigraph's parser does not require a word boundary after `true`, say), so a
query may be refused that would not have called out, never the other way round.

FROM and FROM NAMED graphs name graphs of the store, never documents to fetch or read: the endpoint
and `newskg query` (both engines, `newskg.store.engines`) read their IRIs from the token stream,
refuse one the dataset does not hold (`newskg.store.graphs.check_graphs`) and give the rest to the
engine as the query's dataset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

from newskg.store.shape import COMMENT, IRI, LONG_STRING, SHORT_STRING

_TOKEN = re.compile(rf"""
    (?P<space>\s+)
  | (?P<comment>{COMMENT})
  | (?P<iri>{IRI})
  | (?P<string>{LONG_STRING}|{SHORT_STRING})
  | (?P<var>[?$]\w+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w.:%-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


@dataclass(frozen=True)
class QueryReach:
    """What a query reaches outside the graphs it is given."""

    calls_service: bool
    from_graphs: tuple[str, ...]
    from_named_graphs: tuple[str, ...]


def tokens(query: str) -> Iterator[Token]:
    """The query's tokens, without white space and comments."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group())


def query_reach(query: str, *, prefixes: Mapping[str, str], base: str | None = None) -> QueryReach:
    """SERVICE calls and FROM / FROM NAMED graph IRIs (absolute, prefixes and BASE applied)."""
    lowered = query.lower()
    if "service" not in lowered and "from" not in lowered:  # no token can hold either word
        return QueryReach(False, (), ())
    declared = dict(prefixes)
    stream = list(tokens(query))
    calls_service = False
    graphs: dict[bool, list[str]] = {False: [], True: []}
    for index, token in enumerate(stream):
        word = token.text.lower() if token.kind in ("word", "pname") else ""
        if token.kind == "pname":
            word = word.partition(":")[0]
        if "service" in word:
            calls_service = True
        if token.kind != "word":
            continue
        following = stream[index + 1:index + 3]
        if word == "prefix" and len(following) == 2 and following[1].kind == "iri":
            declared[following[0].text.rstrip(":")] = _absolute(following[1].text[1:-1], base)
        elif word == "base" and following and following[0].kind == "iri":
            base = _absolute(following[0].text[1:-1], base)
        elif word == "from" and following:
            named = following[0].kind == "word" and following[0].text.lower() == "named"
            target = following[1] if named and len(following) > 1 else following[0]
            iri = _iri(target, declared, base)
            if iri is not None:
                graphs[named].append(iri)
    return QueryReach(calls_service, tuple(graphs[False]), tuple(graphs[True]))


def _iri(token: Token, prefixes: Mapping[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        return _absolute(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
    return None


def _absolute(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base and not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri) else iri
