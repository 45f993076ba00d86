"""`newskg serve` in-process: the SPARQL 1.1 Protocol, content negotiation, the page, named queries."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.errors import StoreMissingError
from newskg.publish.build import BuildResult
from newskg.serve import create_app
from newskg.serve.protocol import RDF_OFFERS, TABULAR_OFFERS, negotiate
from newskg.store.named import get_query
from newskg.store.results import from_pyoxigraph
from tests.test_queries import CASES, Answer

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ENTITY = "https://w3id.org/newskg/id/entity/"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    with TestClient(create_app(built[1], timeout=10.0, max_results=50, threads=1)) as c:
        yield c


def solutions(body: bytes, fmt: ox.QueryResultsFormat = ox.QueryResultsFormat.JSON) -> Answer:
    parsed = ox.parse_query_results(body, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions)
    result = from_pyoxigraph(parsed)
    return Answer(result)  # type: ignore[arg-type]


def test_get_post_form_and_direct_post_agree(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": COUNT})
    by_form = client.post("/sparql", data={"query": COUNT})
    by_body = client.post("/sparql", content=COUNT,
                          headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
    counts = {json.loads(r.text)["results"]["bindings"][0]["n"]["value"]
              for r in (by_get, by_form, by_body)}
    assert len(counts) == 1 and int(counts.pop()) > 1000


@pytest.mark.parametrize("accept, media_type, fmt", [
    ("application/sparql-results+xml", "application/sparql-results+xml",
     ox.QueryResultsFormat.XML),
    ("text/csv", "text/csv", None),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json",
     ox.QueryResultsFormat.JSON),
    ("text/html, */*;q=0.1", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_select_negotiates_the_result_format(client: TestClient, accept: str, media_type: str,
                                             fmt: ox.QueryResultsFormat | None) -> None:
    response = client.get("/named/ceasefire-mediators", headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    if fmt is None:  # CSV is lossy by design: pyoxigraph will not parse it back
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [row["mediator"] for row in rows] == [f"{ENTITY}russian-peacekeepers"]
    else:
        assert solutions(response.content, fmt).col("mediator") == ["russian-peacekeepers"]


@pytest.mark.parametrize("accept, rdf_format", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    (None, ox.RdfFormat.TURTLE),
])
def test_construct_and_describe_negotiate_the_rdf_syntax(client: TestClient, accept: str | None,
                                                         rdf_format: ox.RdfFormat) -> None:
    iri = "https://w3id.org/newskg/id/entity/russian-peacekeepers"
    headers = {"Accept": accept} if accept else {}
    for query in (f"DESCRIBE <{iri}>", f"CONSTRUCT WHERE {{ <{iri}> ?p ?o }}"):
        response = client.get("/sparql", params={"query": query}, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == rdf_format.media_type
        triples = list(ox.parse(response.content, format=rdf_format))
        assert triples and all(t.subject == ox.NamedNode(iri) for t in triples)


def test_ask_answers_true_and_false(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": "ASK { ?s a nkg:Statement }"})
    no = client.get("/sparql", params={"query": "ASK { ?s a nkg:NoSuchClass }"},
                    headers={"Accept": "application/sparql-results+xml"})
    assert json.loads(yes.text)["boolean"] is True
    assert "<boolean>false</boolean>" in no.text


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_negotiation_prefers_higher_q_then_server_order() -> None:
    assert negotiate("text/csv;q=0.9, text/tab-separated-values", TABULAR_OFFERS) == "tsv"
    assert negotiate("application/*", TABULAR_OFFERS) == "json"
    assert negotiate("*/*;q=0.2, application/rdf+xml;q=0.3", RDF_OFFERS) == "rdfxml"
    assert negotiate("text/turtle;q=0, text/*", RDF_OFFERS) == "ntriples"  # text/plain
    assert negotiate("image/png", RDF_OFFERS) is None
    assert negotiate("", RDF_OFFERS) == "turtle"


def test_protocol_dataset_selects_graphs(client: TestClient) -> None:
    graph = client.get("/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} } ORDER BY ?g"}).json()
    names = [b["g"]["value"] for b in graph["results"]["bindings"]]
    article = next(name for name in names if "/article/" in name)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only = client.get("/sparql", params={"query": count, "default-graph-uri": article}).json()
    union = client.get("/sparql", params={"query": count}).json()
    assert 0 < int(only["results"]["bindings"][0]["n"]["value"]) \
        < int(union["results"]["bindings"][0]["n"]["value"])
    named = client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }",
                                          "named-graph-uri": article}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [article]


def test_from_and_from_named_set_the_dataset(client: TestClient) -> None:
    graphs = client.get("/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g {} } ORDER BY ?g"}).json()
    article = next(b["g"]["value"] for b in graphs["results"]["bindings"]
                   if "/article/" in b["g"]["value"])

    def count(query: str) -> int:
        answer = client.get("/sparql", params={"query": query}).json()
        return int(answer["results"]["bindings"][0]["n"]["value"])

    union = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    only = count(f"SELECT (COUNT(*) AS ?n) FROM <{article}> WHERE {{ ?s ?p ?o }}")
    assert 0 < only < union
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{article}> WHERE {{ ?s ?p ?o }}") == 0
    assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{article}> WHERE "
                 "{ GRAPH ?g { ?s ?p ?o } }") == only


def test_a_graph_outside_the_dataset_is_refused(client: TestClient) -> None:
    response = client.get("/sparql", params={
        "query": "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "<http://example.org/elsewhere> is not a graph of this dataset" in response.text


def test_service_description_without_a_query(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    endpoints = [t.object.value for t in graph if t.predicate.value == SD + "endpoint"]
    assert endpoints == ["http://testserver/sparql"]
    assert any(t.object.value == SD + "SPARQL11Query" for t in graph)


def test_syntax_error_is_400_with_position(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert re.search(r"SPARQL syntax error at line 1, column \d+", response.text)


@pytest.mark.parametrize("method, kwargs, status", [
    ("put", {"params": {"query": "ASK {}"}}, 405),
    ("get", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("post", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
    ("post", {"content": "ASK {}",
              "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),
    ("post", {"content": b"ASK { \xff }", "headers": {"Content-Type": "application/sparql-query"}},
     400),
    ("post", {"data": {"update": "CLEAR ALL"}}, 403),
    ("get", {"params": {"update": "CLEAR ALL"}}, 403),
    ("post", {"content": "CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
     403),
    # an update sent as a query is refused as one, not reported as a syntax error
    ("get", {"params": {"query": "PREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }"}}, 403),
    ("post", {"data": {"query": "# comment\nLOAD <http://example.org/data.ttl>"}}, 403),
    ("post", {"content": "DELETE WHERE { ?s ?p ?o }",
              "headers": {"Content-Type": "application/sparql-query"}}, 403),
])
def test_protocol_errors(client: TestClient, method: str, kwargs: dict[str, object],
                         status: int) -> None:
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status, response.text
    if status == 403:
        assert "read-only" in response.text


def test_result_size_limit_is_a_clear_400(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert "more than 50 results" in response.text and "LIMIT" in response.text
    assert client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 50"}).status_code \
        == 200


@pytest.mark.parametrize("case", [c for c in CASES if c.rows <= 50],
                         ids=lambda c: f"{c.query}{c.params or ''}")
def test_named_route_gives_the_expected_answer(client: TestClient, case: object) -> None:
    from tests.test_queries import Case

    assert isinstance(case, Case)
    response = client.get(f"/named/{case.query}", params=case.params)
    if case.rows == 0 and response.status_code == 400:  # a value the store does not have is
        assert "matches nothing in the store" in response.text  # refused, as `newskg query
        return  # --param` refuses it (exit 2), naming the closest names
    assert response.status_code == 200, response.text
    answer = solutions(response.content)
    assert len(answer.solutions.rows) == case.rows
    for name, value in get_query(case.query).bind(case.params).items():
        if name in answer.solutions.variables:  # a projected parameter holds the bound value
            index = answer.solutions.variables.index(name)
            assert all(row[index] == value for row in answer.solutions.rows), name
    case.check(answer)


def test_named_route_errors(client: TestClient) -> None:
    assert client.get("/named/no-such-query").status_code == 404
    bad = client.get("/named/statements-by-speaker", params={"speaker": "not an iri"})
    assert bad.status_code == 400 and "speaker" in bad.text


def test_page_and_assets_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith(("/assets/", "/plot/")) for s in sources)  # plot: pictures
    for source in sorted(set(sources)):
        asset = client.get(source)
        assert asset.status_code == 200 and asset.text.strip()
        assert not re.search(r"https?://(?!www\.w3\.org)", asset.text), source
    assert client.get("/assets/../app.py").status_code == 404
    listing = client.get("/queries.json").json()
    assert {q["name"] for q in listing["queries"]} >= {"ceasefire-mediators", "timeline"}
    assert listing["prefixes"]["nkg"].startswith("https://w3id.org/newskg/")


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200 and response.text.startswith("ok\n")


def test_cors_is_off_by_default_and_on_for_one_origin(built: tuple[BuildResult, Path],
                                                      client: TestClient) -> None:
    origin = {"Origin": "https://yasgui.example"}
    closed = client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
    assert "access-control-allow-origin" not in closed.headers
    app = create_app(built[1], cors="https://yasgui.example", threads=1)
    with TestClient(app) as open_client:
        opened = open_client.get("/sparql", params={"query": "ASK {}"}, headers=origin)
        other = open_client.get("/sparql", params={"query": "ASK {}"},
                                headers={"Origin": "https://evil.example"})
    assert opened.headers["access-control-allow-origin"] == "https://yasgui.example"
    assert "access-control-allow-origin" not in other.headers


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError, match="run 'newskg build' first"):
        create_app(tmp_path)
