"""Remember parsed SPARQL queries while pySHACL validates.

pySHACL runs a SPARQL-based constraint once per focus node by handing rdflib the query's text, and
rdflib parses and translates that text every time: about 13 ms for a constraint that then runs in
0.1 ms. Inside ``parsed_queries_remembered()`` rdflib's SPARQL processor looks each query text up in
a bounded cache (by text, base and prefixes) of translated queries, so a constraint is parsed once per
process instead of once per node. A translated query is what ``rdflib.plugins.sparql.prepareQuery``
returns, made to be run many times.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

CACHED_QUERIES = 256  # the shapes hold a dozen SPARQL constraints


@lru_cache(maxsize=CACHED_QUERIES)
def _translated(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Any:
    from rdflib import URIRef
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    return translateQuery(parseQuery(text), base, {k: URIRef(v) for k, v in namespaces})


@contextmanager
def parsed_queries_remembered() -> Iterator[None]:
    """Within the block, rdflib translates each distinct SPARQL query text once (per process)."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    if getattr(original, "remembers_parsed_queries", False):  # nested: already in place
        yield
        return

    def query(self: Any, query: Any, initBindings: Any = None,
              initNs: Mapping[str, Any] | None = None, base: str | None = None,
              DEBUG: bool = False) -> Any:  # rdflib's parameter names
        if isinstance(query, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            query = _translated(query, base, namespaces)
        return original(self, query, initBindings, initNs, base, DEBUG)

    query.remembers_parsed_queries = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]
