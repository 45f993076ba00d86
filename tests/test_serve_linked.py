"""Linked data on `newskg serve` (in-process): IRIs dereference to an HTML page or RDF by content
negotiation; the ontology, alignments and shapes are named graphs of the store and dereference too."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from newskg.publish.build import BuildResult
from newskg.publish.vocabularies import ALIGNMENTS, SHAPES, VOCABULARY_GRAPHS
from newskg.rdf.prefixes import ID, ONTOLOGY
from newskg.resources import ontology_path, shapes_path
from newskg.serve import create_app
from newskg.serve.page import highlighted
from newskg.store.engines import open_store
from newskg.store.results import Boolean
from tests.conftest import SEED_SLUG

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ENTITY = "/id/entity/ilham-aliyev"
ENTITY_IRI = ID + "entity/ilham-aliyev"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    with TestClient(create_app(built[1], threads=2), base_url="http://127.0.0.1") as c:
        yield c


def sparql(client: TestClient, query: str) -> list[dict[str, dict[str, str]]]:
    response = client.get("/sparql", params={"query": query},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    rows: list[dict[str, dict[str, str]]] = json.loads(response.text)["results"]["bindings"]
    return rows


def ask(client: TestClient, query: str) -> bool:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    value: bool = json.loads(response.text)["boolean"]
    return value


def triples(body: bytes, media_type: str) -> set[ox.Triple]:
    return {quad.triple for quad in ox.parse(input=body, format=RDF_FORMATS[media_type])}


@pytest.mark.parametrize("accept, media_type", [
    (None, "text/turtle"),
    ("*/*", "text/turtle"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("text/html", "text/html"),
    (BROWSER, "text/html"),
    ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ("text/html;q=0.1, application/rdf+xml;q=0.4, text/turtle;q=0.9", "text/turtle"),
    ("application/ld+json;q=0.8, text/html;q=0.2", "application/ld+json"),
    ("application/*", "text/turtle"),  # application/x-turtle: the first offer that fits
    ("text/*;q=0.9, text/turtle;q=0", "text/html"),
])
def test_content_negotiation(client: TestClient, accept: str | None, media_type: str) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    response = client.get(ENTITY, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert "Accept" in response.headers["vary"]
    if media_type != "text/html":
        assert ox.Triple(ox.NamedNode(ENTITY_IRI), RDF_TYPE, ox.NamedNode(ONTOLOGY + "#Person")) \
            in triples(response.content, media_type)


@pytest.mark.parametrize("name, media_type", [
    ("turtle", "text/turtle"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
    ("ntriples", "application/n-triples"), ("nt", "application/n-triples"),
    ("rdfxml", "application/rdf+xml"), ("html", "text/html")])
def test_format_parameter_wins_over_accept(client: TestClient, name: str, media_type: str) -> None:
    response = client.get(f"{ENTITY}?format={name}", headers={"Accept": "image/png"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type


def test_every_rdf_format_says_the_same_and_what_sparql_says(client: TestClient) -> None:
    said = {media: triples(client.get(ENTITY, headers={"Accept": media}).content, media)
            for media in RDF_FORMATS}
    first = said["text/turtle"]
    assert all(found == first for found in said.values())
    about = {(row["p"]["value"], row["o"]["value"]) for row in sparql(
        client, f"SELECT ?p ?o WHERE {{ <{ENTITY_IRI}> ?p ?o }}")}
    pointing = {(row["s"]["value"], row["p"]["value"]) for row in sparql(
        client, f"SELECT ?s ?p WHERE {{ ?s ?p <{ENTITY_IRI}> }}")}
    assert {(t.predicate.value, t.object.value) for t in first
            if t.subject.value == ENTITY_IRI} == about
    assert {(t.subject.value, t.predicate.value) for t in first
            if t.object.value == ENTITY_IRI} == pointing
    assert about and pointing


def test_a_report_carries_its_evidence_and_selectors(client: TestClient) -> None:
    report = f"{ID}article/{SEED_SLUG}/st-aliyev-positive-impact"
    body = client.get(f"/id/article/{SEED_SLUG}/st-aliyev-positive-impact?format=nt").content
    subjects = {t.subject.value for t in triples(body, "application/n-triples")}
    assert {report, report + "/evidence", report + "/evidence/quote",
            report + "/evidence/position"} <= subjects


def page_reports(page: str) -> list[tuple[str, str]]:
    """(report IRI path, highlighted text) for each report on a page."""
    found = re.findall(r'<li class="report".*?<a href="([^"]+)".*?<mark class="evidence">(.*?)'
                       r"</mark>", page, re.DOTALL)
    return [(href, unescape(text)) for href, text in found]


def test_the_html_page_shows_label_types_reports_with_highlighted_evidence(
        client: TestClient) -> None:
    response = client.get(ENTITY, headers={"Accept": BROWSER})
    page = response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<h1>Ilham Aliyev</h1>" in page
    assert '<a href="/ontology#Person">' in page
    expected = {(row["report"]["value"], row["exact"]["value"]) for row in sparql(client, f"""
        SELECT ?report ?exact WHERE {{ ?report ?p <{ENTITY_IRI}> ; nkg:evidence ?ev .
          ?ev oa:hasSelector ?sel . ?sel oa:exact ?exact }}""")}
    shown = page_reports(page)
    assert len(expected) > 3
    assert {(ID[:-len("id/")] + href.lstrip("/"), text) for href, text in shown} == expected
    # every newskg IRI on the page links to its own page; others to themselves
    hrefs = set(re.findall(r'href="([^"]+)"', page))
    assert not any(h.startswith("https://w3id.org/newskg/") for h in hrefs)
    assert f"/id/article/{SEED_SLUG}" in hrefs
    assert "?format=turtle" in page and "<script" not in page


def test_a_page_that_cannot_show_every_report_says_so(client: TestClient,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The page lists at most MAX_REPORTS reports; past it, it cut them without a word."""
    from newskg.serve import linked

    whole = client.get(ENTITY, headers={"Accept": BROWSER}).text
    every = page_reports(whole)
    assert len(every) > 3 and 'id="more-reports"' not in whole
    assert f"<h2>Reports ({len(every)})</h2>" in whole
    monkeypatch.setattr(linked, "MAX_REPORTS", 3)
    cut = client.get(ENTITY, headers={"Accept": BROWSER}).text
    shown = page_reports(cut)
    assert 1 <= len(shown) <= 3 and shown == every[:len(shown)]
    assert f"<h2>Reports (the first {len(shown)} of {len(every)})</h2>" in cut
    assert 'id="more-reports"' in cut and f"holds {len(every)} reports" in cut
    monkeypatch.setattr(linked, "MAX_REPORTS", len(every))  # every report listed, rows cut or not
    assert 'id="more-reports"' not in client.get(ENTITY, headers={"Accept": BROWSER}).text


def test_evidence_is_highlighted_inside_its_sentence() -> None:
    sentence = 'He said "yes". Then he said "yes" again.'
    assert highlighted(sentence, '"yes"', prefix="Then he said ") == (
        'He said &quot;yes&quot;. Then he said <mark class="evidence">&quot;yes&quot;</mark> again.')
    assert highlighted(sentence, "Then").count("<mark") == 1
    assert highlighted("a b", "<x>") == '<mark class="evidence">&lt;x&gt;</mark>'


def test_a_wikidata_link_goes_to_wikidata(client: TestClient) -> None:
    page = client.get("/id/entity/azerbaijan", headers={"Accept": "text/html"}).text
    assert '<a href="http://www.wikidata.org/entity/Q227">' in page


def test_the_page_links_on_and_each_link_dereferences(client: TestClient) -> None:
    page = client.get(ENTITY, headers={"Accept": "text/html"}).text
    local = sorted({h for h in re.findall(r'href="(/id/[^"?#]+)"', page)})
    assert len(local) > 5
    for href in local[:15]:
        assert client.get(href, headers={"Accept": "text/html"}).status_code == 200, href


def test_unknown_iris_get_a_helpful_404(client: TestClient) -> None:
    page = client.get("/id/entity/no-such-actor", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "https://w3id.org/newskg/id/entity/no-such-actor" in page.text
    assert 'href="/.well-known/void"' in page.text and "newskg build" in page.text
    data = client.get("/id/entity/no-such-actor", headers={"Accept": "text/turtle"})
    assert data.status_code == 404 and "no-such-actor" in data.text
    assert client.get("/id/", headers={"Accept": "text/html"}).status_code == 404
    assert client.get("/graph/article/nothing?format=ttl").status_code == 404


@pytest.mark.parametrize("request_", [{"headers": {"Accept": "image/png"}},
                                      {"headers": {"Accept": "text/turtle;q=0, text/csv"}},
                                      {"params": {"format": "csv"}}])
def test_unsupported_types_get_406(client: TestClient, request_: dict[str, dict[str, str]]) -> None:
    response = client.get(ENTITY, **request_)  # type: ignore[arg-type]
    assert response.status_code == 406
    assert "text/turtle" in response.text and "format" in response.text


def test_a_foreign_host_is_refused_on_resource_pages_too(built: tuple[BuildResult, Path]) -> None:
    app = create_app(built[1], threads=1, allowed_hosts={"localhost", "127.0.0.1", "[::1]"})
    with TestClient(app, base_url="http://attacker.example") as c:
        assert c.get(ENTITY).status_code == 421


# -- the ontology, alignments and shapes as named graphs ------------------------------------------
def test_vocabularies_are_named_graphs_apart_from_the_union(client: TestClient) -> None:
    assert ask(client, "ASK { GRAPH ?g { nkg:Statement rdfs:subClassOf nkg:Report } }")
    assert ask(client, f"ASK {{ GRAPH <{ONTOLOGY}> {{ nkg:Statement rdfs:subClassOf nkg:Report }} }}")
    assert ask(client, f"ASK FROM <{SHAPES}> {{ ?shape a sh:NodeShape }}")
    assert not ask(client, "ASK { nkg:Statement rdfs:subClassOf nkg:Report }")  # not in the union
    graphs = {row["g"]["value"] for row in sparql(
        client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert set(VOCABULARY_GRAPHS) <= graphs


def test_the_union_still_holds_the_data_alone(client: TestClient,
                                              built: tuple[BuildResult, Path]) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    count = int(sparql(client, query)[0]["n"]["value"])
    data = ox.Store()
    data.load(path=str(built[1] / "newskg.trig"), format=ox.RdfFormat.TRIG)
    counted = data.query(query, use_default_graph_as_union=True)
    assert isinstance(counted, ox.QuerySolutions)
    assert count == int(next(counted)["n"].value)
    classes = {row["c"]["value"] for row in sparql(client, "SELECT DISTINCT ?c WHERE { ?s a ?c }")}
    assert "http://www.w3.org/2002/07/owl#Class" not in classes
    assert "http://www.w3.org/ns/shacl#NodeShape" not in classes


def test_the_cli_store_sees_the_vocabularies_when_a_query_names_graphs(
        built: tuple[BuildResult, Path]) -> None:
    store = open_store(built[1])
    named = store.query("ASK { GRAPH ?g { nkg:Statement rdfs:subClassOf nkg:Report } }")
    plain = store.query("ASK { nkg:Statement rdfs:subClassOf nkg:Report }")
    assert isinstance(named, Boolean) and named.value
    assert isinstance(plain, Boolean) and not plain.value


@pytest.mark.parametrize("path, source", [("/ontology", ontology_path()),
                                          ("/shapes", shapes_path())])
def test_vocabulary_iris_dereference_to_their_graph(client: TestClient, path: str,
                                                    source: Path) -> None:
    served = Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).text,
                           format="turtle")
    assert isomorphic(served, Graph().parse(source, format="turtle"))
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200
    if path == "/ontology":
        assert '<section id="Statement">' in page.text and "newskg ontology" in page.text
    assert client.get("/ontology/alignments?format=nt").status_code == 200
    assert ALIGNMENTS in VOCABULARY_GRAPHS


def test_an_article_graph_dereferences(client: TestClient) -> None:
    response = client.get(f"/graph/article/{SEED_SLUG}", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    count = int(sparql(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <https://w3id.org/newskg/"
                               f"graph/article/{SEED_SLUG}> {{ ?s ?p ?o }} }}")[0]["n"]["value"])
    assert len(triples(response.content, "application/n-triples")) == count


# -- VoID and the service description --------------------------------------------------------------
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"


def void_graph(client: TestClient, accept: str = "text/turtle") -> Graph:
    response = client.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200, response.text
    read = {quad.triple for quad in ox.parse(input=response.content, format=RDF_FORMATS[accept])}
    ntriples = ox.serialize(read, format=ox.RdfFormat.N_TRIPLES) or b""
    return Graph().parse(data=ntriples.decode(), format="nt")


def one(client: TestClient, query: str) -> int:
    return int(sparql(client, query)[0]["n"]["value"])


def test_void_counts_are_the_sparql_counts(client: TestClient) -> None:
    from rdflib import URIRef

    void = void_graph(client)
    dataset = URIRef("https://w3id.org/newskg/void#dataset")

    def stated(subject: URIRef, name: str) -> int:
        return int(void.value(subject, URIRef(VOID + name)))  # type: ignore[arg-type]

    assert stated(dataset, "triples") == one(client, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert stated(dataset, "classes") == one(client, "SELECT (COUNT(DISTINCT ?c) AS ?n) "
                                                     "{ ?s a ?c }")
    assert stated(dataset, "entities") == one(client, f"SELECT (COUNT(DISTINCT ?s) AS ?n) "
                                                      f"{{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "
                                                      f'"{ID}")) }}')
    per_graph = {row["g"]["value"]: int(row["n"]["value"]) for row in sparql(
        client, "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    subsets = {str(s): stated(s, "triples") for s in void.objects(dataset, URIRef(VOID + "subset"))
               if str(s).startswith("https://w3id.org/newskg/graph/") or str(s) in VOCABULARY_GRAPHS}
    assert subsets == per_graph and set(VOCABULARY_GRAPHS) <= set(subsets)
    linkset = URIRef("https://w3id.org/newskg/void#wikidata-links")
    assert (linkset, URIRef(VOID + "linkPredicate"),
            URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")) in void
    links = one(client, "SELECT (COUNT(*) AS ?n) { ?s skos:exactMatch ?o "
                        "FILTER(STRSTARTS(STR(?o), STR(wd:))) }")
    assert stated(linkset, "triples") == links > 0
    persons = next(void.subjects(URIRef(VOID + "class"), URIRef(ONTOLOGY + "#Person")))
    assert stated(persons, "entities") == one(client, "SELECT (COUNT(DISTINCT ?s) AS ?n) "
                                                      "{ ?s a nkg:Person }")


def test_void_negotiates(client: TestClient) -> None:
    assert isomorphic(void_graph(client, "application/ld+json"), void_graph(client))
    assert len(void_graph(client, "application/n-triples")) == len(void_graph(client))
    page = client.get("/void", headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html") and "void:triples" in page.text
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406


def test_max_results_bounds_a_clients_queries_not_the_servers_own_pages(
        built: tuple[BuildResult, Path], client: TestClient) -> None:
    """`serve --max-results 3`: a query of the client's own (/sparql, /named) past 3 rows is
    400, since LIMIT and OFFSET page it; a resource, a graph and VoID, which a client cannot
    page, are answered whole, as a server without the bound answers them."""
    with TestClient(create_app(built[1], threads=1, max_results=3),
                    base_url="http://127.0.0.1") as capped:
        assert isomorphic(void_graph(capped), void_graph(client))
        for path in (ENTITY, f"/graph/article/{SEED_SLUG}", "/ontology"):
            own = capped.get(path, headers={"Accept": "application/n-triples"})
            assert own.status_code == 200, f"{path}: {own.text}"
            assert own.content == client.get(path, headers={"Accept": "application/n-triples"}
                                             ).content
            assert len(triples(own.content, "application/n-triples")) > 3
        page = capped.get(ENTITY, headers={"Accept": BROWSER})
        assert page.status_code == 200 and page.text == client.get(
            ENTITY, headers={"Accept": BROWSER}).text
        for path in ("/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D", "/named/timeline"):
            refused = capped.get(path)
            assert refused.status_code == 400 and "more than 3 results" in refused.text


def test_the_service_description_lists_the_named_graphs(client: TestClient) -> None:
    from rdflib import URIRef

    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    described = Graph().parse(data=response.text, format="turtle")
    named = {str(described.value(node, URIRef(SD + "name")))
             for node in described.objects(None, URIRef(SD + "namedGraph"))}
    graphs = {row["g"]["value"] for row in sparql(
        client, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert named == graphs and set(VOCABULARY_GRAPHS) <= named


def test_only_web_iris_become_links() -> None:
    from newskg.serve.page import iri_link

    assert iri_link("javascript:alert(1)") == '<span class="iri">javascript:alert(1)</span>'
    assert iri_link("http://www.wikidata.org/entity/Q227").startswith(
        '<a href="http://www.wikidata.org/entity/Q227">')
    assert iri_link(ID + "entity/x", "<b>X</b>").startswith(
        '<a href="/id/entity/x">&lt;b&gt;X&lt;/b&gt;')


@pytest.mark.parametrize("path", ["/id/entity/ilham%20aliyev", "/id/entity/%3Cscript%3E",
                                  "/id/article/a%20b/c", "/graph/a%20b", "/id/entity/%7Bx%7D"])
@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "application/ld+json"])
def test_a_path_no_iri_can_have_is_a_404_not_a_server_error(client: TestClient, path: str,
                                                            accept: str) -> None:
    answer = client.get(path, headers={"Accept": accept})
    assert answer.status_code == 404, answer.text[:200]
