"""The W3C SPARQL 1.1 Protocol tests against `newskg serve` on a loopback port.

Each test of ../shared/w3c-tests/sparql/sparql11/protocol/manifest.ttl is sent as written (method,
path, headers, body) over a real socket. Query tests must pass; the endpoint is read-only, so each
update test must get the refusal (403) instead of its 2xx, and its follow-up requests are not sent.

The served dataset holds the manifest's graph data (data1.nt ... data3.nt, each in the named graph
its label gives). The requests also name http://kasei.us/2009/09/sparql/data/data0.rdf, which has
no data: the store holds it as an empty named graph, since newskg serve refuses graph IRIs that
are not in its dataset rather than answering over a graph it does not have.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from newskg.serve import create_app
from tests.conftest import SHARED
from tests.serve_fixtures import LiveServer

PROTOCOL = SHARED / "w3c-tests" / "sparql" / "sparql11" / "protocol"
MANIFEST = PROTOCOL / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
EMPTY_GRAPH = "http://kasei.us/2009/09/sparql/data/data0.rdf"
RESULT_TYPES = {"tabular": ("application/sparql-results+json", "application/sparql-results+xml",
                            "text/csv", "text/tab-separated-values"),
                "boolean": ("application/sparql-results+json", "application/sparql-results+xml")}

pytestmark = pytest.mark.skipif(not MANIFEST.is_file(),
                                reason=f"W3C protocol tests not found at {MANIFEST}")


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None
    statuses: tuple[str, ...]  # status classes: "2", "3", "4"
    boolean: bool | None
    result_format: str | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[ProtocolRequest, ...]


def _request(g: Graph, node: Node) -> ProtocolRequest:
    headers = {}
    header_list = g.value(node, HT.headers)
    for header in Collection(g, header_list) if header_list is not None else []:
        headers[str(g.value(header, HT.fieldName))] = str(g.value(header, HT.fieldValue))
    body = g.value(node, HT.body)
    response = g.value(node, HT.resp)
    statuses = tuple(sorted(str(s)[-3] for s in g.objects(response, MF.expectedStatus)))
    boolean = g.value(response, MF.expectedBoolean)
    result_format = g.value(response, MF.expectedFormat)
    path = str(g.value(node, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    return ProtocolRequest(str(g.value(node, HT.methodName)), path, headers,
                           None if body is None else str(g.value(body, CNT.chars)), statuses,
                           None if boolean is None else boolean.toPython(),
                           None if result_format is None else str(result_format))


def protocol_tests() -> list[ProtocolTest]:
    if not MANIFEST.is_file():
        return []
    g = Graph().parse(MANIFEST, format="turtle")
    manifest = g.value(predicate=RDF.type, object=MF.Manifest)
    entries = Collection(g, g.value(manifest, MF.entries))
    tests = []
    for entry in entries:
        action = g.value(entry, MF.action)
        requests = Collection(g, g.value(action, HT.requests))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1],
                                  tuple(_request(g, r) for r in requests)))
    return tests


def graph_data() -> dict[str, Path]:
    g = Graph().parse(MANIFEST, format="turtle")
    return {str(g.value(data, RDFS.label)): Path(urlsplit(str(g.value(data, UT.graph))).path)
            for data in g.objects(None, UT.graphData)}


@pytest.fixture(scope="module")
def w3c_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    build_dir = tmp_path_factory.mktemp("w3c-build")
    store = ox.Store(str(build_dir / "store"))
    for label, path in graph_data().items():
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(label))
    store.add_graph(ox.NamedNode(EMPTY_GRAPH))
    store.flush()
    del store
    with LiveServer(create_app(build_dir, timeout=10.0, threads=1)) as url:
        yield url


def send(url: str, request: ProtocolRequest) -> tuple[int, str, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        body = None if request.body is None else request.body.encode("utf-8")
        connection.request(request.method, request.path, body=body, headers=request.headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def check_result(request: ProtocolRequest, content_type: str, body: bytes) -> None:
    media = content_type.split(";")[0].strip()
    if request.result_format == "RDF":
        rdf_format = ox.RdfFormat.from_media_type(media)
        assert rdf_format is not None, content_type
        triples = list(ox.parse(body, format=rdf_format))
        assert isinstance(triples, list)
    elif request.result_format is not None:
        assert media in RESULT_TYPES[request.result_format], content_type
    if request.boolean is not None:
        assert media == "application/sparql-results+json", content_type
        assert json.loads(body)["boolean"] is request.boolean


@pytest.mark.parametrize("test", protocol_tests(), ids=lambda t: t.name)
def test_w3c_protocol(w3c_endpoint: str, test: ProtocolTest) -> None:
    if test.name.startswith("update_"):
        status, _type, body = send(w3c_endpoint, test.requests[0])
        assert status == 403, body
        assert b"read-only" in body
        return
    for request in test.requests:
        status, content_type, body = send(w3c_endpoint, request)
        assert str(status)[0] in request.statuses, (status, body)
        if status < 300:
            check_result(request, content_type, body)
