"""Dereferencing: each of newskg's IRIs answered at its path (`newskg.serve.addresses`).

``GET /id/...`` (entities, articles, reports, world instances, agents): an HTML page for browsers
(`newskg.serve.page`), or the resource's description in Turtle, JSON-LD, N-Triples or RDF/XML, by
content negotiation (Accept, with q-values) or ``?format=NAME``. The description is what the
store says about it (its triples and those pointing to it) and the nodes it owns (IRIs under its
own, such as a report's evidence and selectors). ``/ontology``, ``/ontology/alignments``,
``/shapes`` and ``/graph/...`` answer the whole named graph; a ``nkg:`` term's IRI
(``/ontology#Term``) reaches the ontology's page, where the term has its anchor. An IRI the store
knows nothing about gets 404 with a page that says where to look; a format not offered, 406.

Every query runs in the query threads with the endpoint's time limit (`SparqlEndpoint.answer`),
not its ``--max-results``: that bounds a client's own queries, which LIMIT and OFFSET page, and
a client cannot page these.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from newskg.publish.vocabularies import VOCABULARY_GRAPHS
from newskg.rdf.formats import ALIASES
from newskg.serve import void
from newskg.serve.addresses import iri_of_path
from newskg.serve.endpoint import SparqlEndpoint
from newskg.serve.evaluate import Answer
from newskg.serve.page import (
    CSP,
    Description,
    Term,
    graph_page,
    not_found_page,
    reports_from,
    resource_page,
    text_page,
)
from newskg.serve.params import read_params
from newskg.serve.protocol import RDF_OFFERS, ProtocolRequest, negotiate
from newskg.store.results import Triples, to_rdf

# What a resource is offered as, in the server's order of preference (*/* gets Turtle; a browser
# asks for text/html first).
OFFERS: dict[str, tuple[str, ...]] = {
    "turtle": RDF_OFFERS["turtle"],
    "html": ("text/html", "application/xhtml+xml"),
    "jsonld": RDF_OFFERS["jsonld"],
    "ntriples": RDF_OFFERS["ntriples"],
    "rdfxml": RDF_OFFERS["rdfxml"],
}
MAX_REPORTS = 500

# The resource's triples, those pointing to it, and those of the nodes it owns (IRIs under its own:
# a report's evidence, the evidence's selectors, a date).
DESCRIBE = """
CONSTRUCT { ?r ?p ?o . ?s ?q ?r . ?x ?xp ?xo . ?y ?yp ?yo } WHERE {
  { ?r ?p ?o }
  UNION { ?s ?q ?r }
  UNION { ?r ?p1 ?x . FILTER(isIRI(?x) && STRSTARTS(STR(?x), CONCAT(STR(?r), "/"))) ?x ?xp ?xo }
  UNION { ?r ?p1 ?x . FILTER(isIRI(?x) && STRSTARTS(STR(?x), CONCAT(STR(?r), "/")))
          ?x ?p2 ?y . FILTER(isIRI(?y) && STRSTARTS(STR(?y), CONCAT(STR(?x), "/"))) ?y ?yp ?yo }
}"""
# For the page: what it says and what points to it, with the other end's label.
SAID = """
SELECT ?dir ?p ?o (SAMPLE(?l) AS ?label) WHERE {
  { ?r ?p ?o BIND("out" AS ?dir) } UNION { ?o ?p ?r BIND("in" AS ?dir) }
  OPTIONAL { ?o rdfs:label ?l }
} GROUP BY ?dir ?p ?o"""
# The reports about it (or it, a report), with their evidence: the span and its sentence.
REPORTS = f"""
SELECT ?report ?label ?status ?article ?headline ?sentence ?exact ?prefix WHERE {{
  {{ ?report ?p ?r }} UNION {{ ?r nkg:evidence ?own BIND(?r AS ?report) }}
  ?report nkg:evidence ?ev .
  ?ev nkg:sentence ?sentence ; oa:hasSelector ?sel .
  ?sel oa:exact ?exact .
  OPTIONAL {{ ?sel oa:prefix ?prefix }}
  OPTIONAL {{ ?report rdfs:label ?label }}
  OPTIONAL {{ ?report nkg:reviewStatus ?status }}
  OPTIONAL {{ ?report nkg:sourceArticle ?article OPTIONAL {{ ?article nkg:headline ?headline }} }}
}} ORDER BY ?article ?report LIMIT {MAX_REPORTS + 1}"""  # one more: are there more?
# How many reports in all, when the page's rows were cut (a report can take several rows).
REPORT_COUNT = """
SELECT (COUNT(DISTINCT ?report) AS ?n) WHERE {
  { ?report ?p ?r } UNION { ?r nkg:evidence ?own BIND(?r AS ?report) }
  ?report nkg:evidence ?ev .
}"""
GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
GRAPH_ROWS = """
SELECT ?s ?p ?o ?label WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?o rdfs:label ?label } } }
ORDER BY ?s ?p ?o"""


class LinkedData:
    """The Starlette handler of every resource path."""

    def __init__(self, sparql: SparqlEndpoint) -> None:
        self.sparql = sparql
        self._void: dict[tuple[str, str, str], Answer] = {}  # by build, root and format

    async def resource(self, request: Request) -> Response:
        request.state.runner = self.sparql.runner  # one build for every query of this request
        path = request.url.path
        iri = iri_of_path(path)
        fmt = requested_format(request)
        if isinstance(fmt, Answer):
            return answer_response(fmt)
        if iri is None:
            return html_response(not_found_page(None, path), 404)
        if iri in VOCABULARY_GRAPHS or path.startswith("/graph/"):
            return await self.graph(request, iri, fmt)
        if fmt == "html":
            description = await self.describe(request, iri)
            if isinstance(description, Answer):
                return answer_response(description)
            if not description:
                return html_response(not_found_page(iri, path), 404)
            return html_response(resource_page(description, path), 200)
        answer = await self.run(request, DESCRIBE, fmt, iri)
        if answer.status == 200 and _empty(answer, fmt):
            return not_found(iri, path, fmt)
        return answer_response(answer)

    async def void(self, request: Request) -> Response:
        """``/.well-known/void``: the VoID description (`newskg.serve.void`), in an RDF syntax
        (for a browser: its Turtle in a page)."""
        fmt = requested_format(request)
        if isinstance(fmt, Answer):
            return answer_response(fmt)
        if fmt == "html":
            turtle = await self.void_answer(request, "turtle")
            if turtle.status != 200:
                return answer_response(turtle)
            return html_response(text_page("VoID description of the dataset",
                                           turtle.body.decode(), request.url.path), 200)
        return answer_response(await self.void_answer(request, fmt))

    async def void_answer(self, request: Request, fmt: str) -> Answer:
        """The VoID description in ``fmt`` (an RDF syntax), made once per build, root and format."""
        root, runner = str(request.base_url), self.sparql.runner
        key = (str(self.sparql.build_info.get("id")), root, fmt)
        answer = self._void.get(key)
        if answer is None:
            numbers: dict[str, int] = {}
            tables: dict[str, void.Rows] = {}
            for name, query, all_graphs in void.queries():
                found, _ = await self.sparql.answer(
                    ProtocolRequest(query, (), ()), root, "application/sparql-results+json",
                    all_graphs=all_graphs, runner=runner, capped=False)
                if found.status != 200:
                    return found
                table = void.rows(found.body)
                if name in void.COUNTS:
                    numbers[name] = int(table[0]["n"]["value"])
                else:
                    tables[name] = table
            body = to_rdf(Triples(tuple(void.void_triples(
                root, numbers, tables["by_class"], tables["by_graph"], tables["example"],
                self.sparql.build_info.get("publisher")))), fmt,
                prefixes=void.prefixes())
            answer = Answer(200, f"{RDF_OFFERS[fmt][0]}; charset=utf-8", body.encode())
            if len(self._void) > 100:
                self._void.clear()
            self._void[key] = answer
        return answer

    async def graph(self, request: Request, iri: str, fmt: str) -> Response:
        """A whole named graph: the ontology, the alignments, the shapes, an article's graph."""
        path = request.url.path
        if fmt != "html":
            answer = await self.run(request, GRAPH_TRIPLES, fmt, iri, variable="g")
            if answer.status == 200 and _empty(answer, fmt):
                return not_found(iri, path, fmt)
            return answer_response(answer)
        answer = await self.run(request, GRAPH_ROWS, "json", iri, variable="g")
        if answer.status != 200:
            return answer_response(answer)
        rows = _rows(answer)
        if not rows:
            return html_response(not_found_page(iri, path), 404)
        return html_response(graph_page(iri, path, rows, VOCABULARY_GRAPHS.get(iri)), 200)

    async def describe(self, request: Request, iri: str) -> Description | Answer:
        said = await self.run(request, SAID, "json", iri)
        if said.status != 200:
            return said
        description = Description(iri)
        for row in _rows(said):
            label = row["label"]["value"] if "label" in row else None
            if row["dir"]["value"] == "out":
                description.said.append((row["p"], row["o"], label))
            else:
                description.pointing.append((row["o"], row["p"], label))
        if description:
            reports = await self.run(request, REPORTS, "json", iri)
            if reports.status != 200:
                return reports
            rows = _rows(reports)
            description.reports = reports_from(rows[:MAX_REPORTS])
            if len(rows) > MAX_REPORTS:  # rows were cut: do reports go unlisted?
                counted = await self.run(request, REPORT_COUNT, "json", iri)
                if counted.status != 200:
                    return counted
                total = int(_rows(counted)[0]["n"]["value"])
                if total > len(description.reports):
                    description.more_reports = total
        return description

    async def run(self, request: Request, query: str, fmt: str, iri: str, *,
                  variable: str = "r") -> Answer:
        """``query`` with ``?variable`` bound to the IRI, answered in ``fmt`` (json: a table)."""
        accept = "application/sparql-results+json" if fmt == "json" else OFFERS[fmt][0]
        graphs = variable == "g"
        answer, _ = await self.sparql.answer(
            ProtocolRequest(query, (), ()), self.sparql.base_iri(request.scope), accept,
            ((variable, ox.NamedNode(iri)),), all_graphs=graphs, runner=request.state.runner,
            capped=False)
        return answer


def requested_format(request: Request) -> str | Answer:
    """The format a resource request asks for: its one parameter, ``?format=``, else Accept."""
    params = read_params(request, ("format",))
    if isinstance(params, Answer):
        return params
    return chosen_format(params.get("format"), request.headers.get("accept"))


def chosen_format(name: str | None, accept: str | None,
                  offers: dict[str, tuple[str, ...]] = OFFERS) -> str | Answer:
    """The format asked for by ``?format=`` (first) or the Accept header; 406 when none is offered."""
    offered = ", ".join(media[0] for media in offers.values())
    if name is not None:
        canonical = ALIASES.get(name.lower(), name.lower())
        if canonical in offers:
            return canonical
        return Answer.error(406, f"format={name!r} is not offered here; choose one of: "
                            f"{', '.join(offers)} (or send an Accept header: {offered})")
    chosen = negotiate(accept, offers)
    if chosen is None:
        return Answer.error(406, f"none of the Accept header's media types ({accept}) is offered "
                            f"here; this server offers: {offered} (or ?format=NAME)")
    return chosen


def _rows(answer: Answer) -> list[Mapping[str, Term]]:
    rows: list[Mapping[str, Term]] = json.loads(answer.body)["results"]["bindings"]
    return rows


def _empty(answer: Answer, fmt: str) -> bool:
    """Is an RDF answer without a triple? (Parsed: each syntax writes an empty graph its own way.)"""
    format_ = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
               "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    return next(iter(ox.parse(input=answer.body, format=format_)), None) is None


def not_found(iri: str, path: str, fmt: str) -> Response:
    if fmt == "html":
        return html_response(not_found_page(iri, path), 404)
    return answer_response(Answer.error(
        404, f"<{iri}>: nothing in this store is said about it; find IRIs with the query page "
        "(/) or /sparql, or read the dataset's description at /.well-known/void"))


def html_response(page: str, status: int) -> Response:
    return Response(page, status_code=status, media_type="text/html; charset=utf-8",
                    headers={"Vary": "Accept", "Content-Security-Policy": CSP})


def answer_response(answer: Answer) -> Response:
    headers: dict[str, Any] = {"Vary": "Accept"}
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers=headers)
