"""Literals people can compare (docs/model.md, "Text literals"): every text literal in the data is
a plain xsd:string, so the evidence, the words and the labels compare with the article's text and
with what a user types, with `=`, CONTAINS and SUBSTR, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.store.engines import Store
from tests.conftest import DATA
from tests.query_stores import ENGINES, stores_for

PREFIXES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

SUBSTR_CHECK = PREFIXES + """
SELECT ?report ?exact ?cut WHERE {
  ?report nkg:evidence ?ev .
  ?ev oa:hasSource ?article ; oa:hasSelector ?quote, ?position .
  ?article nkg:text ?text .
  ?quote oa:exact ?exact .
  ?position oa:start ?start ; oa:end ?end .
  BIND(SUBSTR(?text, ?start + 1, ?end - ?start) AS ?cut)
} ORDER BY ?report"""


@pytest.fixture(scope="module")
def stores() -> dict[str, Store]:
    return stores_for(DATA)


def _rows(store: Store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql)
    return [tuple("" if t is None else str(t) for t in row) for row in result.rows]  # type: ignore[union-attr]


@pytest.mark.parametrize("engine", ENGINES)
def test_substr_of_the_text_is_the_exact_quote_for_every_report(stores: dict[str, Store],
                                                                 engine: str) -> None:
    rows = _rows(stores[engine], SUBSTR_CHECK)
    assert len(rows) > 300  # every report of the five curated articles
    assert [r for r in rows if r[1] != r[2]] == []
    count = _rows(stores[engine], PREFIXES + """
        SELECT (COUNT(*) AS ?n) (SUM(IF(SUBSTR(?text, ?start + 1, ?end - ?start) = ?exact, 1, 0))
                AS ?equal) WHERE {
          ?ev oa:hasSource ?article ; oa:hasSelector ?quote, ?position .
          ?article nkg:text ?text . ?quote oa:exact ?exact .
          ?position oa:start ?start ; oa:end ?end . }""")
    total, equal = (int(v.split('"')[1]) for v in count[0])
    assert total == len(rows) and equal == total


@pytest.mark.parametrize("engine", ENGINES)
def test_words_are_inside_their_evidence_and_labels_match_typed_strings(
        stores: dict[str, Store], engine: str) -> None:
    store = stores[engine]
    outside = _rows(store, PREFIXES + """
        SELECT ?s WHERE { ?s nkg:words|nkg:deniedContent ?w ; nkg:evidence/oa:hasSelector/oa:exact ?x
                          FILTER(!CONTAINS(?x, ?w)) }""")
    inside = _rows(store, PREFIXES + """
        SELECT ?s WHERE { ?s nkg:words|nkg:deniedContent ?w ; nkg:evidence/oa:hasSelector/oa:exact ?x
                          FILTER(CONTAINS(?x, ?w)) }""")
    assert outside == [] and len(inside) > 20
    found = _rows(store, PREFIXES + """
        SELECT ?e WHERE { ?e rdfs:label "Nikol Pashinyan" ; skos:altLabel "Pashinyan" }""")
    assert found == [("<https://w3id.org/newskg/id/entity/nikol-pashinyan>",)]


@pytest.mark.parametrize("engine", ENGINES)
def test_no_text_literal_carries_a_language_tag(stores: dict[str, Store], engine: str) -> None:
    tagged = _rows(stores[engine], """
        SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isLiteral(?o) && LANG(?o) != "") } }
        LIMIT 5""")
    assert tagged == []


def test_the_convention_is_documented() -> None:
    model = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text(encoding="utf-8")
    assert "## Text literals" in model and "SUBSTR(?text, ?start + 1, ?end - ?start)" in model
