"""JSON-LD: the context generated from the ontology, compatible with the Web Annotation context;
`export --format jsonld` and CONSTRUCT results compacted with it, checked with pyld: expand →
compact → toRdf gives back the same quads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph
from typer.testing import CliRunner

from newskg.cli import app
from newskg.rdf.jsonld import ANNOTATION_TERMS, context_document, load_context
from newskg.resources import jsonld_context_path, ontology_path

runner = CliRunner()


def quads_of(nquads: str) -> set[str]:
    return {str(q) for q in ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)}


def round_trip(doc: dict[str, Any]) -> set[str]:
    """pyld: expand, compact again with the context, to RDF (N-Quads)."""
    expanded = jsonld.expand(doc)
    compacted = jsonld.compact(expanded, {"@context": load_context()})
    return quads_of(jsonld.to_rdf(compacted, {"format": "application/n-quads"}))


def test_the_bundled_context_is_the_one_generated_from_the_ontology() -> None:
    generated = context_document(Graph().parse(ontology_path()))
    assert jsonld_context_path().read_text(encoding="utf-8") == generated, (
        "regenerate it: python -m newskg.rdf.jsonld")


def test_the_context_has_terms_for_classes_properties_and_typed_values() -> None:
    context = load_context()
    assert context["Statement"] == "nkg:Statement" and context["speaker"] == {
        "@id": "nkg:speaker", "@type": "@id"}
    assert context["issued"]["@type"] == "xsd:dateTime"
    assert context["confidence"]["@type"] == "xsd:decimal"
    assert context["start"] == {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"}
    assert context["article"] == "https://w3id.org/newskg/id/article/"
    assert context["entity"] == "https://w3id.org/newskg/id/entity/"


def test_terms_shared_with_the_web_annotation_context_mean_the_same() -> None:
    context = load_context()
    shared = sorted(set(context) & set(ANNOTATION_TERMS))
    assert {"source", "selector", "exact", "prefix", "suffix", "start", "end", "label",
            "TextQuoteSelector", "SpecificResource"} <= set(shared)
    for term in shared:
        probe = {"@context": context, "@id": "http://example.org/x", term: "v"}
        expanded = jsonld.expand(probe)
        assert ANNOTATION_TERMS[term] in expanded[0], term
    # newskg's own words that the annotation context uses otherwise appear as compact IRIs
    assert "text" not in context and "value" not in context and "via" not in context
    assert context["nkg:start"] == {"@id": "nkg:start", "@type": "@id"}


@pytest.fixture(scope="module")
def exported(built: tuple[object, Path]) -> dict[str, Any]:
    result = runner.invoke(app, ["export", "--build-dir", str(built[1]), "--format", "jsonld"])
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_export_round_trips_through_pyld_to_the_built_quads(exported: dict[str, Any],
                                                            built: tuple[object, Path]) -> None:
    trig = built[1] / "newskg.trig"
    expected = {str(q) for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)}
    assert round_trip(exported) == expected
    # and, loaded into Oxigraph (which canonicalises numbers: docs/model.md), the store's quads
    store, again = ox.Store(), ox.Store()
    store.extend(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    lines = "".join(f"{q} .\n" for q in round_trip(exported))
    again.extend(ox.parse(lines, format=ox.RdfFormat.N_QUADS))
    assert {str(q) for q in again} == {str(q) for q in store} and len(store) > 3000


def test_export_is_compact_and_readable(exported: dict[str, Any]) -> None:
    body = json.dumps(exported["@graph"])
    assert "https://w3id.org/newskg/id/" not in body  # every resource IRI is a compact IRI
    graphs = {g["id"]: g["@graph"] for g in exported["@graph"]}
    nodes = {n["id"]: n for n in graphs["graph:article/2023-09-20-azerbaijan-claims-victory"]}
    figure = nodes["article:2023-09-20-azerbaijan-claims-victory/fig-killed"]
    assert figure["type"] == ["Report", "ReportedFigure"] and figure["reviewStatus"] == "nkg:Reviewed"
    quote = nodes["article:2023-09-20-azerbaijan-claims-victory/fig-killed/evidence/quote"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"].startswith("The attack left")


def test_construct_results_are_compacted_json_ld(built: tuple[object, Path]) -> None:
    sparql = ("CONSTRUCT { ?s a ?t ; rdfs:label ?l ; nkg:confidence ?c } WHERE { "
              "?s a nkg:ReportedFigure, ?t ; rdfs:label ?l ; nkg:confidence ?c }")
    result = runner.invoke(app, ["query", "--build-dir", str(built[1]), "-f", "jsonld", sparql])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["@context"] == load_context()
    node = next(n for n in doc["@graph"] if n["id"].endswith("/fig-killed"))
    assert node["confidence"] == "1" and "ReportedFigure" in node["type"]  # the store: "1"
    turtle = runner.invoke(app, ["query", "--build-dir", str(built[1]), "-f", "ntriples", sparql])
    assert round_trip(doc) == quads_of(turtle.stdout)
