"""``/.well-known/void``: the VoID description of the dataset the server answers from.

The dataset (its SPARQL endpoint, URI space, vocabularies), its size (triples of the union of the
data graphs, entities: distinct subjects under the IRI base, classes, properties), a class
partition, each named graph (the vocabularies' too) with its triples, and the linkset to Wikidata
(the ``skos:exactMatch`` links and their count; newskg does not state ``owl:sameAs``, see
docs/model.md). Every number is the answer of a SPARQL query on the same store (`COUNTS`), asked
once per build and kept. https://www.w3.org/TR/void/
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence

import pyoxigraph as ox

from newskg.rdf.prefixes import ID, ONTOLOGY, PREFIXES
from newskg.serve.addresses import SITE

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
WIKIDATA = PREFIXES["wd"]
LINK = PREFIXES["skos"] + "exactMatch"
DATASET = ox.NamedNode(SITE + "void#dataset")
LINKSET = ox.NamedNode(SITE + "void#wikidata-links")
WIKIDATA_DATASET = ox.NamedNode(SITE + "void#wikidata")

# name -> a query answering one number (on the union of the data graphs)
COUNTS: dict[str, str] = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "entities": f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}")) }}""",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    "links": f"""SELECT (COUNT(*) AS ?n) WHERE {{
  ?s <{LINK}> ?o FILTER(STRSTARTS(STR(?o), "{WIKIDATA}")) }}""",
}
BY_CLASS = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"
EXAMPLE = f"""SELECT ?s WHERE {{
  ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}entity/")) }} ORDER BY ?s LIMIT 1"""
BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
VOCABULARIES = ("nkg", "oa", "prov", "skos", "schema", "sem", "dcterms", "rdfs", "owl")

Rows = Sequence[Mapping[str, Mapping[str, str]]]


def rows(body: bytes) -> Rows:
    found: Rows = json.loads(body)["results"]["bindings"]
    return found


def number(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def void_triples(endpoint: str, counts: Mapping[str, int], by_class: Rows,
                 by_graph: Rows, example: Rows = (), publisher: str | None = None) -> list[ox.Triple]:
    """The VoID description from the answers of `COUNTS`, `BY_CLASS`, `BY_GRAPH` and `EXAMPLE`
    (an entity of the dataset, if it has one); ``publisher``: the project file's."""
    def v(name: str) -> ox.NamedNode:
        return ox.NamedNode(VOID + name)

    out = [
        ox.Triple(DATASET, RDF_TYPE, v("Dataset")),
        ox.Triple(DATASET, ox.NamedNode(DCTERMS + "title"), ox.Literal("newskg", language="en")),
        ox.Triple(DATASET, ox.NamedNode(DCTERMS + "description"), ox.Literal(
            "A knowledge graph of news articles: actors, territories, events and agreements, and "
            "what each article reports about them, with the evidence span.", language="en")),
        ox.Triple(DATASET, v("sparqlEndpoint"), ox.NamedNode(endpoint + "sparql")),
        ox.Triple(DATASET, v("uriSpace"), ox.Literal(ID)),
        ox.Triple(DATASET, v("rootResource"), ox.NamedNode(ONTOLOGY)),
    ]
    out += [ox.Triple(DATASET, v("exampleResource"), ox.NamedNode(row["s"]["value"]))
            for row in example]
    if publisher:
        agent = ox.BlankNode("publisher")
        out += [ox.Triple(DATASET, ox.NamedNode(DCTERMS + "publisher"), agent),
                ox.Triple(agent, RDF_TYPE, ox.NamedNode(FOAF + "Agent")),
                ox.Triple(agent, ox.NamedNode(FOAF + "name"), ox.Literal(publisher))]
    out += [ox.Triple(DATASET, v("vocabulary"), ox.NamedNode(PREFIXES[name]))
            for name in VOCABULARIES]
    out += [ox.Triple(DATASET, v(name), number(counts[name]))
            for name in ("triples", "entities", "classes", "properties")]
    for index, row in enumerate(by_class):
        part = ox.BlankNode(f"class{index}")
        out += [ox.Triple(DATASET, v("classPartition"), part),
                ox.Triple(part, v("class"), ox.NamedNode(row["c"]["value"])),
                ox.Triple(part, v("entities"), number(int(row["n"]["value"])))]
    for row in by_graph:
        graph = ox.NamedNode(row["g"]["value"])
        out += [ox.Triple(DATASET, v("subset"), graph),
                ox.Triple(graph, RDF_TYPE, v("Dataset")),
                ox.Triple(graph, v("triples"), number(int(row["n"]["value"])))]
    out += [
        ox.Triple(DATASET, v("subset"), LINKSET),
        ox.Triple(LINKSET, RDF_TYPE, v("Linkset")),
        ox.Triple(LINKSET, v("linkPredicate"), ox.NamedNode(LINK)),
        ox.Triple(LINKSET, v("subjectsTarget"), DATASET),
        ox.Triple(LINKSET, v("objectsTarget"), WIKIDATA_DATASET),
        ox.Triple(LINKSET, v("triples"), number(counts["links"])),
        ox.Triple(WIKIDATA_DATASET, RDF_TYPE, v("Dataset")),
        ox.Triple(WIKIDATA_DATASET, v("uriSpace"), ox.Literal(WIKIDATA)),
        ox.Triple(WIKIDATA_DATASET, ox.NamedNode(FOAF + "homepage"),
                  ox.NamedNode("https://www.wikidata.org/")),
    ]
    return out


def queries() -> Iterator[tuple[str, str, bool]]:
    """(name, query, on the store with the vocabularies) for every number VoID states."""
    for name, query in COUNTS.items():
        yield name, query, False
    yield "by_class", BY_CLASS, False
    yield "example", EXAMPLE, False
    yield "by_graph", BY_GRAPH, True


def prefixes() -> dict[str, str]:
    return {"void": VOID, "dcterms": DCTERMS, "foaf": FOAF, "nkg": PREFIXES["nkg"],
            "skos": PREFIXES["skos"]}
