"""The vocabularies newskg writes, as closed rdflib namespaces and prefix constants.

``NKG`` mirrors ontology/newskg.ttl term for term (a test checks both directions), and ``OA`` the Web
Annotation terms newskg uses. Both are closed: a misspelled term such as ``NKG.speeker`` raises
AttributeError instead of quietly minting a new IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from newskg.prefixes import GRAPH, ID, ONTOLOGY, PREFIXES

__all__ = ["GRAPH", "ID", "NKG", "NKGSH", "OA", "ONTOLOGY", "PREFIXES", "SCHEMA", "SEM", "WD", "WDT"]

NKGSH = Namespace("https://w3id.org/newskg/shapes#")
"""The SHACL shapes; ids such as ``S07-statement-speaker`` are not Python names, so it stays open."""

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")


class NKG(DefinedNamespace):
    """The newskg ontology, https://w3id.org/newskg/ontology# (grouped as in newskg.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    # Actors
    Actor: URIRef
    Person: URIRef
    State: URIRef
    Organisation: URIRef
    ArmedGroup: URIRef
    PeacekeepingForce: URIRef
    GovernmentBody: URIRef
    NewsAgency: URIRef
    Collective: URIRef
    description: URIRef

    # Territories
    Territory: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef

    # Articles and provenance
    Article: URIRef
    Fact: URIRef
    Mention: URIRef
    headline: URIRef
    datePublished: URIRef
    publisher: URIRef
    text: URIRef
    textSha256: URIRef
    mentions: URIRef
    sourceArticle: URIRef
    evidence: URIRef
    sentence: URIRef
    confidence: URIRef
    reviewed: URIRef
    reviewStatus: URIRef
    ReviewStatus: URIRef
    Reviewed: URIRef
    Unreviewed: URIRef
    Draft: URIRef
    mentionOf: URIRef
    role: URIRef

    # Statements
    Statement: URIRef
    Assertion: URIRef
    Claim: URIRef
    Denial: URIRef
    Hope: URIRef
    Expectation: URIRef
    Promise: URIRef
    Announcement: URIRef
    Evaluation: URIRef
    Insistence: URIRef
    speaker: URIRef
    words: URIRef
    direct: URIRef
    cue: URIRef
    addressee: URIRef
    about: URIRef

    # Events
    Event: URIRef
    MilitaryOperation: URIRef
    War: URIRef
    Talks: URIRef
    Protest: URIRef
    Evacuation: URIRef
    Attack: URIRef
    Clash: URIRef
    Displacement: URIRef
    participant: URIRef
    place: URIRef
    partOfEvent: URIRef

    # Agreements
    Agreement: URIRef
    Ceasefire: URIRef
    PeaceDeal: URIRef
    AgreementTerm: URIRef
    party: URIRef
    mediator: URIRef
    supervisedBy: URIRef
    announcedBy: URIRef
    hasTerm: URIRef
    obligedParty: URIRef
    action: URIRef
    termEvent: URIRef

    # Figures
    ReportedFigure: URIRef
    FigureKind: URIRef
    Qualifier: URIRef
    value: URIRef
    figureKind: URIRef
    qualifier: URIRef
    qualifierText: URIRef
    counts: URIRef
    refersTo: URIRef
    reportedBy: URIRef
    statedIn: URIRef
    Killed: URIRef
    Wounded: URIRef
    Evacuated: URIRef
    Troops: URIRef
    Displaced: URIRef
    Missing: URIRef
    OtherCount: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    AtMost: URIRef
    LessThan: URIRef
    About: URIRef
    Exact: URIRef

    # Relations
    Relation: URIRef
    partOf: URIRef
    internationallyRecognisedAsPartOf: URIRef
    capitalOf: URIRef
    controls: URIRef
    claims: URIRef
    affiliatedWith: URIRef
    allyOf: URIRef
    rivalOf: URIRef

    # Dates
    date: URIRef
    startDate: URIRef
    endDate: URIRef
    datePrecision: URIRef
    dateText: URIRef
    DatePrecision: URIRef
    DayPrecision: URIRef
    MonthPrecision: URIRef
    YearPrecision: URIRef
    DecadePrecision: URIRef

    # Wikidata links
    WikidataLink: URIRef
    LinkSource: URIRef
    linkSubject: URIRef
    linkTarget: URIRef
    linkSource: URIRef
    linkScore: URIRef
    linkReason: URIRef
    linkEvidence: URIRef
    decidedBy: URIRef
    PersonDecision: URIRef
    SnapshotMatch: URIRef
    OnlineMatch: URIRef

    # Concept schemes
    FigureKindScheme: URIRef
    QualifierScheme: URIRef
    DatePrecisionScheme: URIRef
    ReviewStatusScheme: URIRef
    LinkSourceScheme: URIRef


class OA(DefinedNamespace):
    """The Web Annotation terms newskg uses, http://www.w3.org/ns/oa#."""

    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef
