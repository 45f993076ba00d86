"""Real SPARQL clients against `newskg serve` on a loopback port: SPARQLWrapper and rdflib's SPARQLStore.

Each named query without parameters is sent as plain SPARQL text (the endpoint knows the project's
prefixes) and must give the expected answer of tests/test_queries.py.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from newskg.store.named import get_query
from newskg.store.results import from_pyoxigraph, from_rdflib
from tests.test_queries import CASES, Answer, Case

PLAIN_CASES = [c for c in CASES if not get_query(c.query).params]


def check(case: Case, answer: Answer) -> None:
    assert len(answer.solutions.rows) == case.rows, case.query
    case.check(answer)


# SPARQLWrapper guesses the query form with a regex; a header comment that says "describes" makes
# it send Accept: */* (with a warning), which the endpoint answers as SPARQL JSON all the same.
@pytest.mark.filterwarnings("ignore:Sending Accept header:RuntimeWarning")
@pytest.mark.parametrize("case", PLAIN_CASES, ids=lambda c: c.query)
def test_sparqlwrapper_gets_the_expected_answer(endpoint: str, case: Case) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(get_query(case.query).text)
    client.setReturnFormat(JSON)
    client.setMethod("POST")
    body = client.query().response.read()
    result = from_pyoxigraph(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    check(case, Answer(result))  # type: ignore[arg-type]


def test_sparqlwrapper_construct_as_turtle(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery("CONSTRUCT WHERE { ?s a nkg:Statement }")
    client.setReturnFormat(TURTLE)
    graph = client.queryAndConvert()
    assert isinstance(graph, bytes)
    triples = list(ox.parse(graph, format=ox.RdfFormat.TURTLE))
    assert len(triples) > 10


@pytest.mark.parametrize("case", PLAIN_CASES, ids=lambda c: c.query)
def test_rdflib_sparqlstore_gets_the_expected_answer(endpoint: str, case: Case) -> None:
    graph = Graph(store=SPARQLStore(f"{endpoint}/sparql", returnFormat="xml"),
                  bind_namespaces="none")
    result = from_rdflib(graph.query(get_query(case.query).text))
    check(case, Answer(result))  # type: ignore[arg-type]
