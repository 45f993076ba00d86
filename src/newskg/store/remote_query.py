"""`newskg query --endpoint URL`: SPARQL over the SPARQL 1.1 Protocol, answers as newskg results.

The query is POSTed form-encoded (https://www.w3.org/TR/sparql11-protocol/#query-via-post-urlencoded),
so any length works; the answer (SPARQL JSON or XML results, or an RDF graph) is parsed into the
engine-neutral types of `newskg.store.results`. Rendering then goes through the same renderers as the
embedded store: the same query over the same data prints the same bytes, whichever store answered
(the answer is parsed even when the server already speaks the requested format, for that reason).

Differences from the embedded store, all documented in the README:
- the project's prefixes are declared for the server: PREFIX lines for those the query uses are
  put on one line before it (a line number in a server's syntax error counts that line);
- named-query parameters cannot travel as protocol bindings (the protocol has none): they go in a
  ``VALUES`` block at the start of the query's WHERE group, each value written in N-Triples syntax
  by pyoxigraph (so escaped, never the raw parameter text), which binds it before the rest of the
  group as the embedded store's substitution does;
- the default graph is the server's: serve the union of the named graphs there (Oxigraph:
  ``oxigraph serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB and
  Virtuoso query all graphs by default).
"""

from __future__ import annotations

import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from newskg.errors import InputError, RemoteError
from newskg.rdf.prefixes import QUERY_PREFIXES as PREFIXES
from newskg.remote.bounds import HttpLimits
from newskg.remote.client import Connection, Response, check
from newskg.store.engines import Bindings, check_syntax
from newskg.store.results import (
    SPARQL_RESULTS_NS,
    XSD_STRING,
    Boolean,
    QueryResult,
    Term,
    Triples,
    _relabelled,
)

ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples, text/turtle;q=0.9")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*", re.MULTILINE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class EndpointStore:
    """A SPARQL 1.1 Protocol endpoint, answering like the embedded stores (`newskg.store.engines.Store`)."""

    engine = "endpoint"

    def __init__(self, url: str, *, limits: HttpLimits | None = None) -> None:
        self.url = url
        self._conn = Connection(url, limits=limits)

    def query(self, sparql: str, *, bindings: Bindings | None = None) -> QueryResult:
        text = with_prefixes(with_values(sparql, bindings or {}))
        body = urllib.parse.urlencode({"query": text}).encode("ascii")
        response = self._conn.request("POST", self._conn.target(), body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT})
        if response.status == 400:  # the server's position counts the PREFIX line added: the
            check_syntax(sparql)  # user's text, parsed here, says where in it (a caret under it)
        check(response, "POST", self.url, hint="the query URL, e.g. Oxigraph's "
              "http://HOST:7878/query or Fuseki's http://HOST:3030/DATASET/sparql"
              if response.status in (404, 405) else "")
        return parse_response(response, self.url)


def open_endpoint(url: str, *, data: Sequence[Path] = (),
                  limits: HttpLimits | None = None) -> EndpointStore:
    """The endpoint at ``url``, each request within ``limits``; ``data`` (files to query instead)
    must be empty."""
    if data:
        raise InputError("--endpoint and --data exclude each other: query a server, or files")
    return EndpointStore(url, limits=limits)


def with_prefixes(sparql: str) -> str:
    """The query with PREFIX declarations, on one line, for the project prefixes it uses."""
    used = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()
            if re.search(rf"(?<![\w:]){re.escape(p)}:", sparql)]
    return (" ".join(used) + "\n" + sparql) if used else sparql


def with_values(sparql: str, bindings: Bindings) -> str:
    """The query with ``VALUES ?var { term }`` for each binding at the start of its WHERE group."""
    if not bindings:
        return sparql
    searchable = _COMMENT_LINE.sub(lambda m: " " * len(m.group()), sparql)
    where = _WHERE.search(searchable)
    brace = where.end() if where else searchable.find("{") + 1
    if brace <= 0:
        raise InputError("cannot bind parameters: the query has no WHERE group")
    block = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
    return f"{sparql[:brace]} {block}\n{sparql[brace:]}"


def parse_response(response: Response, url: str) -> QueryResult:
    """SPARQL JSON/XML results or an RDF graph, by the response's media type."""
    media = response.content_type.split(";")[0].strip().lower()
    try:
        if media in ("application/sparql-results+json", "application/json"):
            return from_sparql_json(json.loads(response.body))
        if media in ("application/sparql-results+xml", "application/xml"):
            return from_sparql_xml(response.body)
        rdf_format = ox.RdfFormat.from_media_type(media) if media else None
        if rdf_format is not None:
            return Triples(tuple(ox.parse(response.body, format=rdf_format)))
    except (ValueError, SyntaxError, KeyError, TypeError, ET.ParseError) as exc:
        raise RemoteError(f"{url} answered {media or 'without a media type'} that cannot be "
                          f"read: {exc}") from None
    raise RemoteError(f"{url} answered {media or 'without a media type'}, not SPARQL results: is "
                      "this the query URL of a SPARQL endpoint?")


def from_sparql_json(document: dict[str, Any]) -> QueryResult:
    """application/sparql-results+json as a Boolean or Solutions."""
    if "boolean" in document:
        return Boolean(bool(document["boolean"]))
    variables = tuple(document["head"]["vars"])
    rows = ([_json_term(binding[v]) if v in binding else None for v in variables]
            for binding in document["results"]["bindings"])
    return _relabelled(variables, rows)


def _json_term(encoded: dict[str, Any]) -> Term:
    kind, value = encoded["type"], encoded["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        return _literal(value, encoded.get("xml:lang"), encoded.get("datatype"))
    raise ValueError(f"a binding of type {kind!r} (newskg results hold IRIs, blank nodes and "
                     "literals only)")


def _literal(value: str, language: str | None, datatype: str | None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(datatype or XSD_STRING))


def from_sparql_xml(data: bytes) -> QueryResult:
    """application/sparql-results+xml as a Boolean or Solutions."""
    ns = f"{{{SPARQL_RESULTS_NS}}}"
    root = ET.fromstring(data)
    boolean = root.find(f"{ns}boolean")
    if boolean is not None:
        return Boolean((boolean.text or "").strip() == "true")
    head = root.find(f"{ns}head")
    variables = tuple(v.attrib["name"] for v in (head if head is not None else ()))
    rows = []
    for result in root.iter(f"{ns}result"):
        found = {b.attrib["name"]: _xml_term(b[0], ns) for b in result.findall(f"{ns}binding")}
        rows.append([found.get(v) for v in variables])
    return _relabelled(variables, rows)


def _xml_term(element: ET.Element, ns: str) -> Term:
    text = element.text or ""
    if element.tag == f"{ns}uri":
        return ox.NamedNode(text)
    if element.tag == f"{ns}bnode":
        return ox.BlankNode(text)
    if element.tag == f"{ns}literal":
        return _literal(text, element.get(XML_LANG), element.get("datatype"))
    raise ValueError(f"unexpected element {element.tag} in a binding")

