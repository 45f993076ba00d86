"""The vocabularies newskg writes, as closed rdflib namespaces and prefix constants.

``NKG`` mirrors ontology/newskg.ttl term for term (a test checks both directions), and ``OA`` the Web
Annotation terms newskg uses. Both are closed: a misspelled term such as ``NKG.speeker`` raises
AttributeError instead of quietly minting a new IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from newskg.rdf.prefixes import GRAPH, ID, ONTOLOGY, PREFIXES

__all__ = ["GRAPH", "ID", "NKG", "NKGSH", "OA", "ONTOLOGY", "PREFIXES", "SCHEMA", "SEM", "WD", "WDT"]

NKGSH = Namespace("https://w3id.org/newskg/shapes#")
"""The SHACL shapes; ids such as ``S07-statement-speaker`` are not Python names, so it stays open."""

WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")


class NKG(DefinedNamespace):
    """The newskg ontology 0.2.0, https://w3id.org/newskg/ontology# (grouped as in newskg.ttl)."""

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

    # Articles and reports
    Article: URIRef
    Report: URIRef
    headline: URIRef
    text: URIRef
    textSha256: URIRef
    textComplete: URIRef
    mentions: URIRef
    ThirdPartyResearchUse: URIRef
    sourceArticle: URIRef
    evidence: URIRef
    sentence: URIRef
    confidence: URIRef
    reviewed: URIRef
    reviewedBy: URIRef
    reviewedOn: URIRef
    reviewStatus: URIRef
    reports: URIRef
    supportedBy: URIRef
    accordingTo: URIRef
    dateText: URIRef
    asOf: URIRef
    InstanceReport: URIRef
    EventReport: URIRef
    AgreementReport: URIRef
    TermReport: URIRef
    RelationshipReport: URIRef

    # Mentions
    Mention: URIRef
    mentionOf: URIRef
    role: URIRef

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
    Polarity: URIRef
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
    Feared: URIRef
    Warned: URIRef
    Demanded: URIRef
    CalledFor: URIRef
    Positive: URIRef
    Negative: URIRef
    Mixed: URIRef

    # World instances
    WorldInstance: URIRef
    pointInTime: URIRef
    start: URIRef
    end: URIRef
    duration: URIRef

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

    # Counted things and figures
    CountedThing: URIRef
    measure: URIRef
    unit: URIRef
    countOf: URIRef
    side: URIRef
    ReportedFigure: URIRef
    counted: URIRef
    value: URIRef
    lowerBound: URIRef
    upperBound: URIRef
    qualifier: URIRef
    qualifierText: URIRef
    countTime: URIRef
    reportedBy: URIRef
    statedIn: URIRef
    FigureKind: URIRef
    Qualifier: URIRef
    Unit: URIRef
    Killed: URIRef
    Wounded: URIRef
    Evacuated: URIRef
    Troops: URIRef
    Displaced: URIRef
    Missing: URIRef
    Detained: URIRef
    OtherCount: URIRef
    AtLeast: URIRef
    MoreThan: URIRef
    AtMost: URIRef
    LessThan: URIRef
    About: URIRef
    Exact: URIRef
    Nearly: URIRef
    UpTo: URIRef
    Between: URIRef
    PersonUnit: URIRef
    HouseholdUnit: URIRef
    PercentUnit: URIRef
    USDollarUnit: URIRef
    OtherUnit: URIRef

    # Relationships
    Relationship: URIRef
    relationshipSubject: URIRef
    relationshipObject: URIRef
    acceptedBy: URIRef
    acceptedOn: URIRef
    directProperty: URIRef
    Control: URIRef
    TerritorialClaim: URIRef
    Affiliation: URIRef
    Alliance: URIRef
    Rivalry: URIRef
    PartOfRelationship: URIRef
    CapitalRelationship: URIRef
    RecognisedPartOfRelationship: URIRef
    controls: URIRef
    claims: URIRef
    affiliatedWith: URIRef
    allyOf: URIRef
    rivalOf: URIRef
    partOf: URIRef
    capitalOf: URIRef
    internationallyRecognisedAsPartOf: URIRef

    # Time values
    TimeValue: URIRef
    timeValue: URIRef
    periodEnd: URIRef
    precision: URIRef
    DatePrecision: URIRef
    DayPrecision: URIRef
    MonthPrecision: URIRef
    YearPrecision: URIRef
    DecadePrecision: URIRef

    # Review status
    ReviewStatus: URIRef
    Reviewed: URIRef
    Unreviewed: URIRef
    Draft: URIRef

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
    StanceScheme: URIRef
    PolarityScheme: URIRef
    FigureKindScheme: URIRef
    QualifierScheme: URIRef
    UnitScheme: URIRef
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
