"""The ontology and its alignments: self-describing, in step with docs/model.md, the Python namespace
and the shapes, and linked to Wikidata only through verified ids."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from newskg.namespaces import NKG, NKGSH, OA
from newskg.resources import alignments_path, ontology_path, shapes_path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
VANN = "http://purl.org/vocab/vann/"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")  # rdflib's XSD confuses pytest
NS = str(NKG._NS)
# Terms the model does not list but the ontology needs: one SKOS concept scheme per closed list.
SCHEMES = {"FigureKindScheme", "QualifierScheme", "DatePrecisionScheme"}
SPEECH_ACTS = ["Assertion", "Claim", "Denial", "Hope", "Expectation", "Promise", "Announcement",
               "Evaluation", "Insistence"]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return Graph().parse(alignments_path(), format="turtle")


def declared_terms(graph: Graph) -> set[str]:
    """Local names of the nkg: IRIs the graph says something about."""
    return {str(s)[len(NS):] for s in set(graph.subjects()) if str(s).startswith(NS)}


# -- header -----------------------------------------------------------------------------------------

def test_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespacePrefix")) == Literal("nkg")
    assert str(onto.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespaceUri"))) == NS
    assert onto.value(ONTOLOGY_IRI, DCTERMS.created) == Literal("2026-11-26", datatype=XSD_DATE)
    for field in (DCTERMS.title, DCTERMS.description, DCTERMS.modified, DCTERMS.creator):
        assert onto.value(ONTOLOGY_IRI, field) is not None, field


# -- every term describes itself --------------------------------------------------------------------

def test_every_term_has_label_definition_and_is_defined_by(onto: Graph) -> None:
    missing = []
    for name in sorted(declared_terms(onto)):
        term = NKG[name]
        for prop in (RDFS.label, SKOS.definition):
            values = list(onto.objects(term, prop))
            if not any(isinstance(v, Literal) and v.language == "en" for v in values):
                missing.append(f"{name}: {prop} @en")
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in onto:
            missing.append(f"{name}: rdfs:isDefinedBy")
    assert missing == []


def test_every_term_is_typed(onto: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme}
    untyped = [n for n in declared_terms(onto) if not kinds & set(onto.objects(NKG[n], RDF.type))]
    assert untyped == []


def test_properties_are_object_or_datatype_properties(onto: Graph) -> None:
    for name in declared_terms(onto):
        if name[0].islower():
            types = set(onto.objects(NKG[name], RDF.type))
            assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_no_named_individuals(onto: Graph) -> None:
    # pySHACL deep-copies owl:NamedIndividual nodes when it mixes the ontology into the data, and
    # through the concept schemes' links that copy grows exponentially (validation never ends).
    assert list(onto.subjects(RDF.type, OWL.NamedIndividual)) == []


# -- the ontology says what docs/model.md says ------------------------------------------------------

def test_terms_are_exactly_those_of_the_model(onto: Graph) -> None:
    model = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    in_model = set(re.findall(r"\bnkg:([A-Za-z][A-Za-z0-9]*)", model))
    declared = declared_terms(onto)
    assert in_model - declared == set(), "in docs/model.md but not in the ontology"
    assert declared - in_model == set(), "in the ontology but not in docs/model.md"
    assert SCHEMES <= declared


def test_statement_kinds_are_pairwise_disjoint(onto: Graph) -> None:
    for a, b in combinations(SPEECH_ACTS, 2):
        assert ((NKG[a], OWL.disjointWith, NKG[b]) in onto
                or (NKG[b], OWL.disjointWith, NKG[a]) in onto), (a, b)
        assert (NKG[a], RDFS.subClassOf, NKG.Statement) in onto


def test_key_axioms(onto: Graph) -> None:
    assert (NKG.Relation, RDFS.subClassOf, NKG.Fact) in onto
    assert (NKG.Relation, RDFS.subClassOf, RDF.Statement) in onto
    assert (NKG.speaker, RDF.type, OWL.FunctionalProperty) in onto
    assert (NKG.Actor, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Agent")) in onto
    assert (NKG.evidence, RDFS.range, OA.SpecificResource) in onto


@pytest.mark.parametrize(("cls", "scheme"), [
    (NKG.FigureKind, NKG.FigureKindScheme),
    (NKG.Qualifier, NKG.QualifierScheme),
    (NKG.DatePrecision, NKG.DatePrecisionScheme),
])
def test_individuals_are_concepts_in_their_scheme(onto: Graph, cls: URIRef, scheme: URIRef) -> None:
    members = set(onto.subjects(RDF.type, cls))
    assert members
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    for member in members:
        assert (member, RDF.type, SKOS.Concept) in onto
        assert (member, SKOS.inScheme, scheme) in onto
        assert onto.value(member, SKOS.prefLabel) is not None
    assert set(onto.objects(scheme, SKOS.hasTopConcept)) == members


@pytest.mark.parametrize(("cls", "shape"), [
    (NKG.FigureKind, "S142-counted-measure"),
    (NKG.Qualifier, "S62-figure-qualifier"),
    (NKG.DatePrecision, "S25-time-precision"),
    (NKG.Stance, "S10-statement-stance"),
    (NKG.Polarity, "S120-statement-polarity"),
    (NKG.Unit, "S126-unit"),
    (NKG.ReviewStatus, "S85-report-review-status"),
    (NKG.LinkSource, "S79-link-source"),
])
def test_shapes_allow_exactly_the_individuals(onto: Graph, cls: URIRef, shape: str) -> None:
    shapes = Graph().parse(shapes_path(), format="turtle")
    listed = shapes.value(NKGSH[shape], SH["in"])
    assert listed is not None
    assert set(shapes.items(listed)) == set(onto.subjects(RDF.type, cls))


# -- the closed Python namespace --------------------------------------------------------------------

def test_namespace_and_turtle_declare_the_same_terms(onto: Graph) -> None:
    in_python = set(NKG.__annotations__)
    in_turtle = declared_terms(onto)
    assert in_turtle - in_python == set(), "declared in newskg.ttl, missing from NKG"
    assert in_python - in_turtle == set(), "in NKG, not declared in newskg.ttl"


def test_namespace_is_closed() -> None:
    assert NKG.speaker == URIRef(NS + "speaker")
    with pytest.raises(AttributeError):
        _ = NKG.misspelled
    with pytest.raises(AttributeError):
        _ = OA.hasSelectors


# -- alignments -------------------------------------------------------------------------------------

def test_alignments_import_the_ontology(alignments: Graph) -> None:
    header = URIRef("https://w3id.org/newskg/ontology/alignments")
    assert (header, RDF.type, OWL.Ontology) in alignments
    assert (header, OWL.imports, ONTOLOGY_IRI) in alignments
    assert alignments.value(header, DCTERMS.title) is not None


def test_alignments_use_only_declared_terms(onto: Graph, alignments: Graph) -> None:
    used = {str(t)[len(NS):] for triple in alignments for t in triple if str(t).startswith(NS)}
    assert used - declared_terms(onto) == set()


def test_alignments_cover_the_main_vocabularies(alignments: Graph) -> None:
    expected = [
        (NKG.Article, RDFS.subClassOf, URIRef("https://schema.org/NewsArticle")),
        (NKG.headline, RDFS.subPropertyOf, URIRef("https://schema.org/headline")),
        (NKG.Event, RDFS.subClassOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")),
        (NKG.participant, RDFS.subPropertyOf,
         URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor")),
        (NKG.Person, SKOS.closeMatch, URIRef("http://www.wikidata.org/entity/Q5")),
        (NKG.capitalOf, OWL.inverseOf, URIRef("http://www.wikidata.org/prop/direct/P36")),
    ]
    assert [t for t in expected if t not in alignments] == []


WIKIDATA = re.compile(r"^http://www\.wikidata\.org/(?:entity|prop/direct)/([PQ][0-9]+)$")


def test_alignments_use_only_verified_wikidata_ids(alignments: Graph) -> None:
    verified_tsv = SHARED / "wikidata" / "verified.tsv"
    if not verified_tsv.is_file():
        pytest.skip(f"{verified_tsv} is not available")
    verified = {line.split("\t")[2] for line in verified_tsv.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    ids, malformed = set(), []
    for term in {t for triple in alignments for t in triple}:
        if "wikidata.org" in str(term):
            match = WIKIDATA.match(str(term))
            if match is None:
                malformed.append(str(term))
            else:
                ids.add(match.group(1))
    assert malformed == []
    assert ids, "the alignments name no Wikidata ids"
    assert sorted(ids - verified) == []


def test_light_prefixes_agree_with_the_closed_namespaces() -> None:
    from newskg.namespaces import NKG, OA
    from newskg.prefixes import PREFIXES

    assert PREFIXES["nkg"] == str(NKG._NS)
    assert PREFIXES["oa"] == str(OA._NS)
