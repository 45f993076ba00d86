"""The ontology and its alignments: self-describing, in step with docs/model.md, the Python namespace
and the shapes, and linked to Wikidata only through verified ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from newskg.rdf.namespaces import NKG, OA
from newskg.resources import alignments_path, ontology_path, shapes_path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
ONTOLOGY_IRI = URIRef("https://w3id.org/newskg/ontology")
CURATORS = URIRef("https://w3id.org/newskg/id/agent/newskg-curators")
VANN = "http://purl.org/vocab/vann/"
ADMS_STATUS = URIRef("http://www.w3.org/ns/adms#status")
XSD_NS = "http://www.w3.org/2001/XMLSchema#"  # rdflib's XSD confuses pytest
PROV = "http://www.w3.org/ns/prov#"
WD = "http://www.wikidata.org/entity/"
NS = str(NKG._NS)
# Terms the model does not list but the ontology needs: one SKOS concept scheme per closed list.
SCHEMES = {"StanceScheme", "PolarityScheme", "FigureKindScheme", "QualifierScheme", "UnitScheme",
           "DatePrecisionScheme", "ReviewStatusScheme", "LinkSourceScheme"}
CONCEPT_CLASSES = [
    (NKG.Stance, NKG.StanceScheme), (NKG.Polarity, NKG.PolarityScheme),
    (NKG.FigureKind, NKG.FigureKindScheme), (NKG.Qualifier, NKG.QualifierScheme),
    (NKG.Unit, NKG.UnitScheme), (NKG.DatePrecision, NKG.DatePrecisionScheme),
    (NKG.ReviewStatus, NKG.ReviewStatusScheme), (NKG.LinkSource, NKG.LinkSourceScheme),
]
# Terms of 0.1.0 that 0.2.0 drops (docs/design-0.2.md, "Dropped").
DROPPED = ["Fact", "Relation", "Assertion", "Claim", "Denial", "Hope", "Expectation", "Promise",
           "Announcement", "Evaluation", "Insistence", "date", "startDate", "endDate",
           "datePrecision", "counts", "refersTo", "figureKind", "datePublished", "publisher"]
# Datatypes outside the OWL 2 datatype map, which HermiT refuses.
NOT_OWL2 = {URIRef(XSD_NS + n) for n in ("date", "gYear", "gYearMonth", "duration", "time")}
RESERVED = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", XSD_NS)
RELATIONSHIP_KINDS = {
    "Control": "controls", "TerritorialClaim": "claims", "Affiliation": "affiliatedWith",
    "Alliance": "allyOf", "Rivalry": "rivalOf", "PartOfRelationship": "partOf",
    "CapitalRelationship": "capitalOf", "RecognisedPartOfRelationship":
    "internationallyRecognisedAsPartOf"}


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
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.2.0")
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.2.0")
    assert onto.value(ONTOLOGY_IRI, OWL.priorVersion) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    assert onto.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespacePrefix")) == Literal("nkg")
    assert str(onto.value(ONTOLOGY_IRI, URIRef(VANN + "preferredNamespaceUri"))) == NS
    date_time = URIRef(XSD_NS + "dateTime")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.created) == Literal("2026-11-26T00:00:00Z",
                                                                datatype=date_time)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.modified) == Literal("2026-12-04T00:00:00Z",
                                                                 datatype=date_time)
    assert isinstance(onto.value(ONTOLOGY_IRI, ADMS_STATUS), URIRef)
    for field in (DCTERMS.title, DCTERMS.description):
        assert onto.value(ONTOLOGY_IRI, field) is not None, field


def test_creators_and_publisher_are_named_iris(onto: Graph) -> None:
    for field in (DCTERMS.creator, DCTERMS.publisher):
        agents = list(onto.objects(ONTOLOGY_IRI, field))
        assert agents == [CURATORS], field
    assert onto.value(CURATORS, URIRef("https://schema.org/name")) is not None


def test_no_datatype_outside_owl2_anywhere(onto: Graph, alignments: Graph) -> None:
    used = set()
    for graph in (onto, alignments):
        for triple in graph:
            used.update(t.datatype if isinstance(t, Literal) else t for t in triple)
    assert used & NOT_OWL2 == set()


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
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             OWL.NamedIndividual}
    untyped = [n for n in declared_terms(onto) if not kinds & set(onto.objects(NKG[n], RDF.type))]
    assert untyped == []


def test_properties_are_object_datatype_or_annotation_properties(onto: Graph) -> None:
    for name in declared_terms(onto):
        if name[0].islower():
            types = set(onto.objects(NKG[name], RDF.type))
            assert len(types & {OWL.ObjectProperty, OWL.DatatypeProperty,
                                OWL.AnnotationProperty}) == 1, name


def test_concepts_and_schemes_are_named_individuals(onto: Graph) -> None:
    # 0.1.0 left them out (owlready2 saw no individual, pyLODE no concept). pySHACL never sees them:
    # newskg hands it only the ontology's rdfs:subClassOf triples (test_pyshacl_gets_...).
    members = set(onto.subjects(RDF.type, SKOS.Concept)) | set(
        onto.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(members) > 50
    assert [m for m in members if (m, RDF.type, OWL.NamedIndividual) not in onto] == []


def test_pyshacl_gets_only_the_subclass_axioms_of_the_ontology(
        onto: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyshacl

    from newskg.validation.shacl import validate_graph

    seen: dict[str, object] = {}

    class Captured(Exception):
        pass

    def fake_validate(data: Graph, **options: object) -> None:
        seen.update(options, data=data)
        raise Captured

    monkeypatch.setattr(pyshacl, "validate", fake_validate)
    with pytest.raises(Captured):
        validate_graph(Graph(), ontology=onto)
    assert "ont_graph" not in seen
    data = seen["data"]
    assert isinstance(data, Graph)
    assert set(data.predicates()) == {RDFS.subClassOf}
    assert (None, RDF.type, OWL.NamedIndividual) not in data


# -- the ontology says what docs/model.md says ------------------------------------------------------

def test_terms_are_exactly_those_of_the_model(onto: Graph) -> None:
    model = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    in_model = set(re.findall(r"\bnkg:([A-Za-z][A-Za-z0-9]*)", model))
    declared = declared_terms(onto)
    assert in_model - declared == set(), "in docs/model.md but not in the ontology"
    assert declared - in_model == set(), "in the ontology but not in docs/model.md"
    assert SCHEMES <= declared


def test_dropped_terms_are_gone(onto: Graph) -> None:
    assert set(DROPPED) & declared_terms(onto) == set()
    for name in DROPPED:
        with pytest.raises(AttributeError):
            getattr(NKG, name)


def test_no_reserved_vocabulary_is_extended_or_used(onto: Graph, alignments: Graph) -> None:
    # 0.1.0: nkg:Relation rdfs:subClassOf rdf:Statement, and rdf:predicate nkg:controls in the data.
    top = {OWL.Thing, OWL.topObjectProperty, OWL.topDataProperty}
    for graph in (onto, alignments):
        for prop in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
                     OWL.equivalentProperty):
            extended = [o for o in graph.objects(None, prop)
                        if isinstance(o, URIRef) and str(o).startswith(RESERVED) and o not in top]
            assert extended == [], prop
        assert (None, RDF.type, RDF.Statement) not in graph
        assert (None, RDF.predicate, None) not in graph


def test_key_axioms(onto: Graph) -> None:
    prov = URIRef(PROV + "Entity")
    assert (NKG.Report, RDFS.subClassOf, prov) in onto
    assert (NKG.Article, RDFS.subClassOf, prov) in onto
    assert (NKG.WorldInstance, RDFS.subClassOf, prov) not in onto  # instances carry no provenance
    assert (NKG.Actor, RDFS.subClassOf, URIRef(PROV + "Agent")) in onto
    assert (NKG.evidence, RDFS.range, OA.SpecificResource) in onto
    assert (NKG.supportedBy, OWL.inverseOf, NKG.reports) in onto
    assert (NKG.reports, RDFS.range, NKG.WorldInstance) in onto
    assert (NKG.speaker, RDF.type, OWL.FunctionalProperty) not in onto  # joint statements
    assert (NKG.stance, RDF.type, OWL.FunctionalProperty) in onto
    for subclass in (NKG.Mention, NKG.Statement, NKG.InstanceReport, NKG.ReportedFigure):
        assert (subclass, RDFS.subClassOf, NKG.Report) in onto
    for subclass in (NKG.Event, NKG.Agreement, NKG.AgreementTerm, NKG.CountedThing,
                     NKG.Relationship):
        assert (subclass, RDFS.subClassOf, NKG.WorldInstance) in onto
    for prop in (NKG.timeValue, NKG.periodEnd, NKG.acceptedOn):
        assert onto.value(prop, RDFS.range) == URIRef(XSD_NS + "dateTime")
    for prop in (NKG.value, NKG.lowerBound, NKG.upperBound):
        assert onto.value(prop, RDFS.range) == URIRef(XSD_NS + "decimal")


def test_each_relationship_kind_names_its_plain_property(onto: Graph) -> None:
    kinds = set(onto.transitive_subjects(RDFS.subClassOf, NKG.Relationship)) - {NKG.Relationship}
    assert kinds == {NKG[k] for k in RELATIONSHIP_KINDS}
    for kind, prop in RELATIONSHIP_KINDS.items():
        assert list(onto.objects(NKG[kind], NKG.directProperty)) == [NKG[prop]]
        assert (NKG[prop], RDF.type, OWL.ObjectProperty) in onto


@pytest.mark.parametrize(("cls", "scheme"), CONCEPT_CLASSES)
def test_individuals_are_concepts_in_their_scheme(onto: Graph, cls: URIRef, scheme: URIRef) -> None:
    members = set(onto.subjects(RDF.type, cls))
    assert members
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    for member in members:
        assert (member, RDF.type, SKOS.Concept) in onto
        assert (member, SKOS.inScheme, scheme) in onto
        assert onto.value(member, SKOS.prefLabel) is not None
    assert set(onto.objects(scheme, SKOS.hasTopConcept)) == members
    different = [set(onto.items(onto.value(node, OWL.distinctMembers)))
                 for node in onto.subjects(RDF.type, OWL.AllDifferent)]
    assert members in different


def test_shapes_allow_exactly_the_individuals(onto: Graph) -> None:
    """Every sh:in list of concepts of a named shape (the values a property may take) lists all
    the concepts of their class; lists inside a rule's condition (S122: a denied or disputed
    stance) may name a few."""
    shapes = Graph().parse(shapes_path(), format="turtle")
    classes = {cls: set(onto.subjects(RDF.type, cls)) for cls, _ in CONCEPT_CLASSES}
    checked = 0
    # a world instance is reviewed or a draft, never "unreviewed" (that is a report's status); an
    # entity has a status only as a draft (an article's proposal)
    partial = {URIRef("https://w3id.org/newskg/shapes#S131-instance-review-status"),
               URIRef("https://w3id.org/newskg/shapes#S157-entity-draft")}
    for shape, listed in shapes.subject_objects(SH["in"]):
        if not isinstance(shape, URIRef) or shape in partial:
            continue
        values = set(shapes.items(listed))
        for cls, members in classes.items():
            if values & members:
                assert values == members, (cls, sorted(values ^ members))
                checked += 1
    assert checked >= 3


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
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    expected = [
        (NKG.Article, RDFS.subClassOf, URIRef("https://schema.org/NewsArticle")),
        (NKG.headline, RDFS.subPropertyOf, URIRef("https://schema.org/headline")),
        (NKG.Event, RDFS.subClassOf, URIRef(sem + "Event")),
        (NKG.participant, RDFS.subPropertyOf, URIRef(sem + "hasActor")),
        (NKG.place, RDFS.subPropertyOf, URIRef(sem + "hasPlace")),
        (NKG.timeValue, SKOS.closeMatch, URIRef(sem + "hasTimeStamp")),
        (NKG.reports, SKOS.closeMatch, URIRef("http://groundedannotationframework.org/gaf#denotes")),
        (NKG.accordingTo, RDFS.subPropertyOf, URIRef(PROV + "wasDerivedFrom")),
        (NKG.Relationship, SKOS.closeMatch, URIRef("http://wikiba.se/ontology#Statement")),
        (NKG.Person, SKOS.closeMatch, URIRef(WD + "Q5")),
        (NKG.capitalOf, SKOS.relatedMatch, URIRef(WD + "P36")),
    ]
    assert [t for t in expected if t not in alignments] == []


@pytest.mark.parametrize("triple", [
    # an OWL RL reasoner would write Wikidata's wdt:P36 triples onto newskg's nodes
    (NKG.capitalOf, OWL.inverseOf, URIRef("http://www.wikidata.org/prop/direct/P36")),
    # a party to a ceasefire need not sign it
    (NKG.party, SKOS.closeMatch, URIRef(WD + "P1891")),
    # one example picked among the many kinds of organisation / territory
    (NKG.Organisation, SKOS.narrowMatch, URIRef(WD + "Q7278")),
    (NKG.Territory, SKOS.narrowMatch, URIRef(WD + "Q15239622")),
], ids=["capital-inverse-P36", "party-signatory", "organisation-party", "territory-disputed"])
def test_alignments_of_0_1_that_said_wrong_things_are_gone(
        alignments: Graph, triple: tuple[URIRef, URIRef, URIRef]) -> None:
    assert triple not in alignments


def test_no_logical_axiom_relates_newskg_to_wikidata(alignments: Graph) -> None:
    logical = {RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
               OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs}
    outside = ("http://www.wikidata.org/", "http://wikiba.se/")
    assert [(s, p, o) for s, p, o in alignments
            if p in logical and str(o).startswith(outside)] == []


def test_logical_alignment_targets_are_declared_as_the_same_kind(
        onto: Graph, alignments: Graph) -> None:
    both = onto + alignments
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
        for sub, sup in alignments.subject_objects(prop):
            sub_kind = [k for k in kinds if (sub, RDF.type, k) in both]
            sup_kind = [k for k in kinds if (sup, RDF.type, k) in both]
            assert sub_kind == sup_kind and len(sub_kind) == 1, (sub, sup)


def test_mapping_properties_are_annotation_properties(onto: Graph) -> None:
    for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.narrowMatch,
                 SKOS.broadMatch):
        assert (prop, RDF.type, OWL.AnnotationProperty) in onto


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
    from newskg.rdf.namespaces import NKG, OA
    from newskg.rdf.prefixes import PREFIXES

    assert PREFIXES["nkg"] == str(NKG._NS)
    assert PREFIXES["oa"] == str(OA._NS)
