"""Property: whatever text arrives as a query or a parameter, the endpoint answers it (200, a 4xx,
or 503 for a query that ran out of time), never 500 and never by dying.

Generated queries mix random text with SPARQL's own pieces (brackets, operators, keywords,
strings, comments) repeated up to thousands of times, so that they reach the bounds of
`newskg.store.shape` and the places where a scan could misread a string or an IRI. Most run
against the app in-process (a crash would end the test run); a handful over a real socket against
`newskg serve`, whose server processes must all still be there afterwards.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newskg.publish.build import BuildResult
from newskg.serve import create_app
from tests.serve_fixtures import settled

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PIECES = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "*", "WHERE", "{", "}", "(", ")", "[", "]",
          "?s", "?p", "?o", "$x", "<http://e/p>", "<", ">", "nkg:Statement", "ex:a\\#", "a", ".",
          ";", ",", "FILTER", "OPTIONAL", "MINUS", "UNION", "GRAPH", "BIND", "AS", "EXISTS",
          "NOT", "VALUES", "UNDEF", "SERVICE", "FROM", "NAMED", "PREFIX", "BASE", "!", "+", "-",
          "*", "/", "^", "|", "||", "&&", "=", "1", "2.5", "true", "'x'", '"y"', "'''", '"',
          "'", "#", "\n", "\\", "@en", "^^", "<<", ">>", "<<(", ")>>", "STR(", "COUNT(",
          "LIMIT", "ORDER BY", "GROUP BY", "%", "\x00", "é", "\ud7ff"]
FRAMES = [("", ""), ("SELECT * WHERE { ", " }"), ("ASK { ?s ?p ?o ", "}"),
          ("SELECT * WHERE { FILTER(", ") }"), ("SELECT * WHERE { ?s ", " ?o }"),
          ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . ", " } LIMIT 5")]
# Accepted answers: 200; 400 (bad query, too deep, too long), 403 (SERVICE, update, file:),
# 406, 413, 415; 503 only for a query that ran out of time.
ANSWERS = {200, 400, 403, 406, 413, 415}
TIMEOUT = 5.0


@st.composite
def query_like(draw: st.DrawFn) -> str:
    """Pieces of SPARQL, each repeated a few times or (sometimes) thousands of times."""
    parts = draw(st.lists(st.tuples(
        st.sampled_from(PIECES) | st.text(max_size=5),
        st.integers(1, 4) | st.integers(100, 12_000)), max_size=12))
    separator = draw(st.sampled_from(["", " ", "\n"]))
    head, tail = draw(st.sampled_from(FRAMES))  # so that the parser reads on into the pieces
    return head + separator.join(piece * count for piece, count in parts) + tail


QUERIES = st.text(max_size=300) | query_like()


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    app = create_app(built[1], timeout=TIMEOUT, threads=2)
    with TestClient(app) as test_client:
        yield test_client


def answered(response: httpx.Response) -> bool:
    event(f"status {response.status_code}: {response.text[:30]}")  # --hypothesis-show-statistics
    if response.status_code == 503:
        return "longer than this endpoint's limit" in response.text
    return response.status_code in ANSWERS


@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(query=QUERIES, method=st.sampled_from(["form", "body", "get"]))
def test_any_query_text_is_answered_in_process(client: TestClient, query: str,
                                               method: str) -> None:
    encoded = quote(query.encode("utf-8"))
    if method == "get" and len(encoded) < 60_000:  # httpx sends URLs of at most 64 KiB
        response = client.get(f"/sparql?query={encoded}")
    elif method == "body":
        response = client.post("/sparql", content=query.encode("utf-8"),
                               headers={"Content-Type": "application/sparql-query"})
    else:
        response = client.post("/sparql", data={"query": query})
    assert answered(response), (response.status_code, response.text[:500])


@settings(max_examples=100, deadline=None, database=None)
@given(raw=st.binary(max_size=200))
def test_any_bytes_in_the_url_are_answered_in_process(client: TestClient, raw: bytes) -> None:
    encoded = quote_from_bytes(raw, safe="")
    for target in (f"/sparql?query={encoded}", f"/named/statements-by-speaker?speaker={encoded}"):
        response = client.get(target)
        assert answered(response), (target, response.status_code, response.text[:500])


@settings(max_examples=150, deadline=None, database=None)
@given(value=st.text(max_size=80) | st.sampled_from(["nkg:foo>", "<http://a/b>>", "<<x>>"]))
def test_any_parameter_value_is_200_or_400_in_process(client: TestClient, value: str) -> None:
    response = client.get("/named/statements-by-speaker",
                          params={"speaker": value})
    assert response.status_code in (200, 400), (response.status_code, response.text[:500])


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(query=QUERIES)
def test_a_handful_over_a_real_socket_and_the_server_stays_up(
        endpoint: str, endpoint_process: int, query: str) -> None:
    before = settled(endpoint_process)
    with httpx.Client(base_url=endpoint, timeout=60) as http:
        response = http.post("/sparql", data={"query": query})
        assert answered(response), (response.status_code, response.text[:500])
        if response.status_code != 503:  # a runaway query retires its process on purpose
            assert settled(endpoint_process) == before  # no server process died
        assert http.get("/health").text.startswith("ok\n")
