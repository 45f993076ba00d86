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

    # Articles
    Article: URIRef
    headline: URIRef
    text: URIRef
    textSha256: URIRef
    mentions: URIRef

    # Reports and provenance
    Report: URIRef
    Mention: URIRef
    InstanceReport: URIRef
    EventReport: URIRef
    AgreementReport: URIRef
    TermReport: URIRef
    RelationshipReport: URIRef
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
    reports: URIRef
    supportedBy: URIRef
    accordingTo: URIRef

    # Statements
    Statement: URIRef
    speaker: URIRef
    stance: URIRef
    polarity: URIRef
    words: URIRef
    deniedContent: URIRef
    direct: URIRef
    cue: URIRef
    addressee: URIRef
    via: URIRef
    about: URIRef
    Stance: URIRef
    Asserted: URIRef
    Claimed: URIRef
    Denied: URIRef
    Disputed: URIRef
    Hoped: URIRef
    Expected: URIRef
    Promised: URIRef
    Announced: URIRef
    Evaluated: URIRef
    Insisted: URIRef
    Warned: URIRef
    Demanded: URIRef
    CalledFor: URIRef
    Polarity: URIRef
    Positive: URIRef
    Negative: URIRef
    Mixed: URIRef

    # World instances
    WorldInstance: URIRef

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
    duration: URIRef

    # Agreements
    Agreement: URIRef
    Ceasefire: URIRef
    PeaceDeal: URIRef
    AgreementTerm: URIRef
    party: URIRef
    mediator: URIRef
    supervisedBy: URIRef
    hasTerm: URIRef
    obligedParty: URIRef
    action: URIRef
    termEvent: URIRef

    # Figures and counted things
    ReportedFigure: URIRef
    CountedThing: URIRef
    counted: URIRef
    value: URIRef
    lowerBound: URIRef
    upperBound: URIRef
    qualifier: URIRef
    qualifierText: URIRef
    unit: URIRef
    countTime: URIRef
    reportedBy: URIRef
    statedIn: URIRef
    measure: URIRef
    countOf: URIRef
    side: URIRef
    FigureKind: URIRef
    Killed: URIRef
    Wounded: URIRef
    Evacuated: URIRef
    Troops: URIRef
    Displaced: URIRef
    Missing: URIRef
    Detained: URIRef
    OtherCount: URIRef
    Qualifier: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    AtMost: URIRef
    LessThan: URIRef
    About: URIRef
    Nearly: URIRef
    UpTo: URIRef
    Between: URIRef
    Exact: URIRef
    Unit: URIRef
    PersonUnit: URIRef
    HouseholdUnit: URIRef
    PercentUnit: URIRef
    OtherUnit: URIRef

    # Relationships
    Relationship: URIRef
    Control: URIRef
    TerritorialClaim: URIRef
    Affiliation: URIRef
    Alliance: URIRef
    Rivalry: URIRef
    PartOfRelationship: URIRef
    CapitalRelationship: URIRef
    RecognisedPartOfRelationship: URIRef
    relationshipSubject: URIRef
    relationshipObject: URIRef
    acceptedBy: URIRef
    acceptedOn: URIRef
    directProperty: URIRef
    partOf: URIRef
    internationallyRecognisedAsPartOf: URIRef
    capitalOf: URIRef
    controls: URIRef
    claims: URIRef
    affiliatedWith: URIRef
    allyOf: URIRef
    rivalOf: URIRef

    # Time
    TimeValue: URIRef
    timeValue: URIRef
    periodEnd: URIRef
    precision: URIRef
    pointInTime: URIRef
    start: URIRef
    end: URIRef
    asOf: URIRef
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
    StanceScheme: URIRef
    PolarityScheme: URIRef
    UnitScheme: URIRef

    # Licences
    ThirdPartyResearchUse: URIRef


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
