"""Remember parsed SPARQL queries while pySHACL validates.

pySHACL runs a SPARQL-based constraint once per focus node by handing rdflib the query's text, and
rdflib parses and translates that text every time: about 13 ms for a constraint that then runs in
0.1 ms. Inside ``parsed_queries_remembered()`` rdflib's SPARQL processor keeps each translated query by
its text, base and prefixes, so a constraint is parsed once per validation instead of once per node.
A translated query is what ``rdflib.plugins.sparql.prepareQuery`` returns, made to be run many times.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

_Key = tuple[str, str | None, tuple[tuple[str, str], ...]]


@contextmanager
def parsed_queries_remembered() -> Iterator[None]:
    """Within the block, rdflib parses each distinct SPARQL query text once."""
    from rdflib.plugins.sparql import processor
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    original = processor.SPARQLProcessor.query
    if getattr(original, "remembers_parsed_queries", False):  # nested: already in place
        yield
        return
    parsed: dict[_Key, Any] = {}

    def query(self: Any, query: Any, initBindings: Any = None,
              initNs: Mapping[str, Any] | None = None, base: str | None = None,
              DEBUG: bool = False) -> Any:  # rdflib's parameter names
        if isinstance(query, str):
            key = (query, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in parsed:
                parsed[key] = translateQuery(parseQuery(query), base, initNs or {})
            query = parsed[key]
        return original(self, query, initBindings, initNs, base, DEBUG)

    query.remembers_parsed_queries = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]
