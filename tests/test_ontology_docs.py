"""`make docs`: pyLODE's page documents every term of the ontology, concepts included, under the
ontology's own title and IRI (tools/ontology_docs.py)."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import RDF, SKOS, Graph

from newskg.rdf.namespaces import NKG
from newskg.resources import ontology_path

pytest.importorskip("pylode", reason="pylode is not installed (make docs installs it)")

from tools.ontology_docs import write_documentation


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("docs") / "ontology.html"
    return write_documentation(target).read_text(encoding="utf-8")


def test_page_is_the_ontology_not_a_concept_scheme(page: str) -> None:
    # Given the schemes as skos:ConceptScheme, pyLODE titled the page with the last scheme's label.
    assert re.findall(r"<title>(.*?)</title>", page) == ["newskg ontology"]
    metadata = page[page.index('id="metadata"'):page.index('id="classes"')]
    assert re.findall(r"<code>(.*?)</code>", metadata) == ["https://w3id.org/newskg/ontology"]
    assert "https://w3id.org/newskg/ontology/0.1.0" in metadata  # prior version
    assert "newskg curators" in metadata  # creator and publisher, named
    assert "UnderDevelopment" in metadata  # status


def test_every_term_is_documented(page: str) -> None:
    documented = set(re.findall(r"<code>https://w3id\.org/newskg/ontology#(\w+)</code>", page))
    assert set(NKG.__annotations__) - documented == set()


def test_concepts_are_documented_with_their_definitions(page: str) -> None:
    onto = Graph().parse(ontology_path(), format="turtle")
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 40
    text = html.unescape(page)
    missing = [c for c in concepts if str(onto.value(c, SKOS.definition)) not in text]
    assert missing == []
    assert 'href="#namedindividuals"' in page  # in the table of contents


def test_other_vocabularies_terms_are_not_documented_as_newskg_terms(page: str) -> None:
    for term in ("http://www.w3.org/ns/prov#Entity", "http://www.w3.org/ns/oa#hasSource",
                 "http://www.w3.org/2004/02/skos/core#exactMatch"):
        assert f"<code>{term}</code>" not in page
