"""`newskg serve` under hostile or heavy requests, over a real loopback socket.

Each request gets its documented answer (README, "The endpoint's answers"), and afterwards the
server still answers an ordinary query.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from newskg.publish.build import BuildResult
from newskg.rdf.prefixes import PREFIXES
from newskg.serve import create_app
from newskg.store.named import list_queries
from newskg.store.reach import query_reach, tokens
from tests.serve_fixtures import TEST_TIMEOUT, LiveServer, replaced, settled

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nkg:Statement }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture()
def http(endpoint: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=endpoint, timeout=60) as client:
        yield client


def statements(http: httpx.Client) -> int:
    """An ordinary query: the server is up and answering."""
    response = http.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """Another 'host' on loopback that records any connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            received.append(connection.recv(4096))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql", received
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("kwargs", [
    {"content": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"update": "DROP ALL"}},
    {"data": {"update": "LOAD <file:///etc/passwd>"}},
])
def test_updates_are_refused(http: httpx.Client, kwargs: dict[str, object]) -> None:
    before = statements(http)
    response = http.post("/sparql", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert "read-only" in response.text
    assert statements(http) == before


def test_service_to_another_host_is_refused_and_never_called(
        http: httpx.Client, listener: tuple[str, list[bytes]]) -> None:
    url, received = listener
    for query in (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                  f"select * where {{ ?x ?y ?z service silent <{url}> {{ ?s ?p ?o }} }}",
                  f"PREFIX r: <{url.rsplit('/', 1)[0]}/> SELECT * {{ SERVICE r:sparql {{ ?s ?p ?o }} }}"):
        response = http.post("/sparql", data={"query": query})
        assert response.status_code == 403, response.text
        assert "SERVICE" in response.text and "--allow-service" in response.text
    assert received == []
    assert statements(http) > 0


def test_file_iris_are_refused(http: httpx.Client) -> None:
    for params in ({"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"},
                   {"query": "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }"},
                   {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"}):
        response = http.get("/sparql", params=params)
        assert response.status_code == 403, response.text
        assert "file:" in response.text and "root:" not in response.text
    assert statements(http) > 0


def test_a_one_megabyte_query_is_413(http: httpx.Client) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } # " + "x" * (1024 * 1024)
    direct = http.post("/sparql", content=huge,
                       headers={"Content-Type": "application/sparql-query"})
    form = http.post("/sparql", data={"query": huge})
    for response in (direct, form):
        assert response.status_code == 413
        assert "larger than this endpoint's limit" in response.text
    assert statements(http) > 0


def test_a_query_that_runs_forever_is_stopped_with_503(http: httpx.Client,
                                                       endpoint_process: int) -> None:
    before = settled(endpoint_process)
    response = http.get("/sparql", params={"query": RUNAWAY})
    # The process that ran it retires: let a fresh one take its place before the next tests
    # (a request arriving at a retiring process can see its connection closed).
    replaced(endpoint_process, before)
    assert response.status_code == 503
    assert f"longer than this endpoint's limit of {TEST_TIMEOUT:g} s" in response.text
    assert response.headers["retry-after"]
    assert statements(http) > 0
    assert http.get("/health").text.startswith("ok\n")


def test_200_concurrent_requests_all_answered(endpoint: str, http: httpx.Client) -> None:
    expected = statements(http)
    # One client per request: a single pool shared by 200 threads can fail on the client side (a
    # socket closed under another thread: EBADF), which says nothing about the server.

    def ask(index: int) -> tuple[int, str]:
        with httpx.Client(base_url=endpoint, timeout=120) as client:
            response = client.post("/sparql", data={"query": f"{COUNT} # request {index}"})
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=200) as pool:
        answers = list(pool.map(ask, range(200)))
    assert [status for status, _ in answers] == [200] * 200, {text for _, text in answers}
    assert {json.loads(text)["results"]["bindings"][0]["n"]["value"] for _, text in answers} \
        == {str(expected)}
    assert statements(http) == expected


# ---------------------------------------------------------------- the SERVICE / FROM check itself


@pytest.mark.parametrize("query", [
    "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }",
    "SELECT * { service ?endpoint { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o }SERVICE<http://x/>{}",
    "SELECT * { SERVICE:x { ?s ?p ?o } }",  # SERVICE and the IRI ':x' with no space between
    "SELECT * { ?s ?p trueSERVICE <http://x/> { } }",  # a keyword right after 'true'
])
def test_guard_finds_service(query: str) -> None:
    assert query_reach(query, prefixes=PREFIXES).calls_service


@pytest.mark.parametrize("query", [
    'SELECT * { ?s ?p "SERVICE <http://x/> {}" }',
    "SELECT * { ?s ?p '''\nSERVICE <http://x/> {}''' }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://x/> {}",
    "SELECT * { ?s <http://x/SERVICE> ?o . ?service ?p $SERVICE }",
    'SELECT * { ?s ?p "x"@en }',
])
def test_guard_ignores_service_in_strings_iris_comments_and_variables(query: str) -> None:
    assert not query_reach(query, prefixes=PREFIXES).calls_service


def test_guard_reads_from_graphs_with_prefixes_and_base() -> None:
    reach = query_reach("BASE <http://base.example/> PREFIX g: <http://g.example/> "
                        "SELECT * FROM g:one FROM NAMED <two> FROM <http://three/> "
                        "WHERE { ?s ?p 'FROM <http://nope/>' }", prefixes=PREFIXES)
    assert reach.from_graphs == ("http://g.example/one", "http://three/")
    assert reach.from_named_graphs == ("http://base.example/two",)
    assert not reach.calls_service


def test_tokens_keep_iris_and_less_than_apart() -> None:
    kinds = [(t.kind, t.text) for t in tokens("FILTER(?a < 3 && ?b<?c) <http://x/>")]
    assert ("iri", "<http://x/>") in kinds
    assert ("other", "<") in kinds and ("var", "?c") in kinds


def _rdflib_reach(query: str) -> tuple[bool, list[str], list[str]]:
    """SERVICE and FROM graphs as rdflib's SPARQL parser sees them (the reference for the guard)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    def has_service(node: object) -> bool:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            return any(has_service(value) for value in node.values())
        if isinstance(node, list | tuple | ParseResults):
            return any(has_service(value) for value in node)
        return False

    tree = parseQuery(query)
    clauses = translateQuery(tree, initNs=PREFIXES).algebra.get("datasetClause") or []
    return (has_service(tree), [str(c["default"]) for c in clauses if "default" in c],
            [str(c["named"]) for c in clauses if "named" in c])


CROSS_CHECK = [
    "SELECT * FROM <http://a/> FROM NAMED <http://b/> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX ex: <http://ex/> SELECT * FROM ex:g WHERE { ?s ex:service ?o }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://x/> { ?o ?q ?r } } }",
    'SELECT * WHERE { ?s ?p "from SERVICE" FILTER(?s != <http://service/>) }',
    "ASK FROM <http://a/> { ?s ?p ?o } # SERVICE <http://x/>",
    "SELECT ?from WHERE { ?from ?service ?o }",
]


@pytest.mark.parametrize("query", CROSS_CHECK + [q.text for q in list_queries()],
                         ids=lambda q: q[:40])
def test_guard_agrees_with_rdflibs_parser(query: str) -> None:
    service, defaults, named = _rdflib_reach(query)
    reach = query_reach(query, prefixes=PREFIXES)
    assert reach.calls_service == service
    assert list(reach.from_graphs) == defaults and list(reach.from_named_graphs) == named


def test_allow_service_lets_oxigraph_call_the_other_endpoint(
        built: tuple[BuildResult, Path], listener: tuple[str, list[bytes]]) -> None:
    url, received = listener
    app = create_app(built[1], allow_service=True, timeout=TEST_TIMEOUT, threads=1)
    with LiveServer(app) as base, httpx.Client(base_url=base, timeout=60) as client:
        response = client.get("/sparql", params={
            "query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
        description = client.get("/sparql", headers={"Accept": "application/n-triples"}).text
    assert response.status_code == 500  # the listener answers nothing: the call itself fails
    assert received and received[0].startswith(b"POST /sparql")
    assert "BasicFederatedQuery" in description
