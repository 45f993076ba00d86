"""Scenes: small, complete, valid newskg graphs (Turtle, IRIs relative to the id/ base) that the
examples of tests/shapes/ are made from. Each scene conforms to every shape with no result at all."""

from __future__ import annotations

import hashlib

TEXT = ("Aliyev said the offensive in Karabakh, in which at least 200 people were killed, was over. "
        "Baku and the separatists agreed a ceasefire on Wednesday, and talks will follow. "
        "Azerbaijan now controls Karabakh.")
SHA256 = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
CONTEXT = 32  # characters of oa:prefix and oa:suffix


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def evidence(report: str, exact: str, source: str = "article/demo") -> str:
    """The evidence of ``article/demo/<report>``: the first occurrence of ``exact`` in TEXT."""
    start = TEXT.index(exact)
    end = start + len(exact)
    sentence_start = TEXT.rfind(". ", 0, start) + 2 if ". " in TEXT[:start] else 0
    sentence_end = TEXT.find(".", end) + 1 or len(TEXT)
    ev = f"article/demo/{report}/evidence"
    return f"""
<{ev}> a oa:SpecificResource ;
    oa:hasSource <{source}> ;
    oa:hasSelector <{ev}/quote>, <{ev}/position> ;
    nkg:sentence {quoted(TEXT[sentence_start:sentence_end])} .
<{ev}/quote> a oa:TextQuoteSelector ;
    oa:exact {quoted(exact)} ;
    oa:prefix {quoted(TEXT[max(0, start - CONTEXT):start])} ;
    oa:suffix {quoted(TEXT[end:end + CONTEXT])} .
<{ev}/position> a oa:TextPositionSelector ;
    oa:start "{start}"^^xsd:nonNegativeInteger ;
    oa:end "{end}"^^xsd:nonNegativeInteger .
"""


def time_value(node: str, label: str, first: str, after: str, precision: str = "Day") -> str:
    return f"""
<{node}> a nkg:TimeValue ;
    rdfs:label "{label}" ;
    nkg:timeValue "{first}T00:00:00Z"^^xsd:dateTime ;
    nkg:periodEnd "{after}T00:00:00Z"^^xsd:dateTime ;
    nkg:precision nkg:{precision}Precision .
"""


def report(report_id: str, types: str, label: str, exact: str, more: str) -> str:
    """A report of article/demo with its provenance, review status and evidence."""
    return f"""
<article/demo/{report_id}> a {types} ;
    rdfs:label {quoted(label)}@en ;
    nkg:sourceArticle <article/demo> ;
    nkg:evidence <article/demo/{report_id}/evidence> ;
    nkg:confidence 1.0 ;
    nkg:reviewed true ;
    nkg:reviewStatus nkg:Reviewed ;
    prov:wasGeneratedBy <article/demo/curation> ;
    prov:wasAttributedTo <agent/curators> ;
    prov:wasDerivedFrom <article/demo> ;
    {more} .
""" + evidence(report_id, exact)


def support(report: str, instance: str, prop: str = "reports", article: str = "demo",
            status: str = "Reviewed") -> str:
    """A supporting report's summary, as the world unit sees it: no type, only what the checks
    of the world instances read."""
    node = f"article/{article}/{report}"
    return f"""
<{node}> nkg:{prop} <{instance}> ;
    nkg:evidence <{node}/evidence> ;
    nkg:reviewStatus nkg:{status} ;
    nkg:sourceArticle <article/{article}> .
"""


AGENT = """
<agent/curators> a prov:Agent, prov:Person ;
    rdfs:label "newskg curators" .
"""

ENTITIES = """
<entity/ilham-aliyev> a nkg:Person, nkg:Actor ;
    rdfs:label "Ilham Aliyev"@en .
<entity/azerbaijan> a nkg:Country, nkg:State, nkg:Territory, nkg:Actor ;
    rdfs:label "Azerbaijan"@en .
<entity/karabakh-separatists> a nkg:ArmedGroup, nkg:Organisation, nkg:Actor ;
    rdfs:label "Karabakh separatists"@en .
<entity/nagorno-karabakh> a nkg:Region, nkg:Territory ;
    rdfs:label "Nagorno-Karabakh"@en .
"""

AFP = """
<entity/afp> a nkg:NewsAgency, nkg:Organisation, nkg:Actor ;
    rdfs:label "Agence France-Presse"@en .
"""

ARTICLE = f"""
<article/demo> a nkg:Article ;
    nkg:headline "Azerbaijan says its Karabakh offensive is over"@en ;
    dcterms:issued "2023-09-20T00:00:00Z"^^xsd:dateTime ;
    nkg:text {quoted(TEXT)} ;
    nkg:textSha256 "{SHA256}" ;
    dcterms:language "en" ;
    dcterms:license nkg:ThirdPartyResearchUse ;
    nkg:mentions <entity/ilham-aliyev> .
<article/demo/curation> a prov:Activity ;
    rdfs:label "curation of the reports of demo" ;
    prov:used <article/demo> ;
    prov:wasAssociatedWith <agent/curators> ;
    prov:endedAtTime "2026-12-04T00:00:00Z"^^xsd:dateTime .
""" + AGENT

OTHER_ARTICLE = f"""
<article/other> a nkg:Article ;
    nkg:headline "Another copy of the same text"@en ;
    dcterms:issued "2023-09-21T00:00:00Z"^^xsd:dateTime ;
    nkg:text {quoted(TEXT)} ;
    nkg:textSha256 "{SHA256}" ;
    dcterms:language "en" ;
    dcterms:license nkg:ThirdPartyResearchUse .
"""

MENTION = report(
    "m-aliyev", "nkg:Mention, nkg:Report", "Ilham Aliyev, President", "Aliyev",
    "nkg:mentionOf <entity/ilham-aliyev> ;\n    nkg:role \"President\"@en ;\n"
    "    nkg:asOf <article/demo/m-aliyev/as-of>",
) + time_value("article/demo/m-aliyev/as-of", "2023-09-20", "2023-09-20", "2023-09-21")

WORDS = "the offensive in Karabakh, in which at least 200 people were killed, was over"
STATEMENT = report(
    "st-aliyev", "nkg:Statement, nkg:Report", f"Ilham Aliyev (asserted): {WORDS[:50]}...",
    f"Aliyev said {WORDS}.",
    "nkg:speaker <entity/ilham-aliyev> ;\n    nkg:stance nkg:Asserted ;\n"
    f"    nkg:words {quoted(WORDS)}@en ;\n    nkg:direct false ;\n    nkg:cue \"said\" ;\n"
    "    nkg:about <event/offensive>",
)

EVENT_REPORT = report(
    "ev-offensive", "nkg:EventReport, nkg:InstanceReport, nkg:Report",
    "demo reports: Azerbaijan's September 2023 offensive", "the offensive in Karabakh",
    "nkg:reports <event/offensive>",
)

AGREEMENT_REPORT = report(
    "ag-ceasefire", "nkg:AgreementReport, nkg:InstanceReport, nkg:Report",
    "demo reports: the ceasefire of 20 September 2023",
    "Baku and the separatists agreed a ceasefire on Wednesday",
    "nkg:reports <agreement/ceasefire> ;\n    nkg:pointInTime <article/demo/ag-ceasefire/date> ;\n"
    "    nkg:dateText \"Wednesday\"",
) + time_value("article/demo/ag-ceasefire/date", "2023-09-20", "2023-09-20", "2023-09-21")

TERM_REPORT = report(
    "tm-talks", "nkg:TermReport, nkg:InstanceReport, nkg:Report",
    "demo reports: talks will follow the ceasefire", "talks will follow",
    "nkg:reports <term/ceasefire-talks>",
)

RELATIONSHIP_REPORT = report(
    "rel-control", "nkg:RelationshipReport, nkg:InstanceReport, nkg:Report",
    "demo reports: Azerbaijan controls Nagorno-Karabakh", "Azerbaijan now controls Karabakh",
    "nkg:reports <relationship/azerbaijan-controls-karabakh> ;\n"
    "    nkg:asOf <article/demo/rel-control/as-of>",
) + time_value("article/demo/rel-control/as-of", "2023-09-20", "2023-09-20", "2023-09-21")

FIGURE = report(
    "fig-killed", "nkg:ReportedFigure, nkg:Report", "at least 200: people killed in the offensive",
    "at least 200 people were killed",
    "nkg:counted <counted/killed-offensive> ;\n    nkg:value \"200\"^^xsd:decimal ;\n"
    "    nkg:lowerBound \"200\"^^xsd:decimal ;\n    nkg:qualifier nkg:AtLeast ;\n"
    "    nkg:qualifierText \"at least\" ;\n    nkg:unit nkg:PersonUnit ;\n"
    "    nkg:countTime <article/demo/fig-killed/count-time> ;\n"
    "    nkg:reportedBy <entity/ilham-aliyev> ;\n    nkg:statedIn <article/demo/st-aliyev>",
) + time_value("article/demo/fig-killed/count-time", "2023-09-20", "2023-09-20", "2023-09-21")

EVENT = """
<event/offensive> a nkg:Event, nkg:MilitaryOperation, nkg:WorldInstance ;
    rdfs:label "Azerbaijan's September 2023 offensive in Nagorno-Karabakh"@en ;
    nkg:reviewStatus nkg:Reviewed ;
    nkg:participant <entity/azerbaijan>, <entity/karabakh-separatists> ;
    nkg:place <entity/nagorno-karabakh> ;
    nkg:start <event/offensive/start> ;
    nkg:end <event/offensive/end> ;
    nkg:supportedBy <article/demo/ev-offensive>, <article/other/ev-offensive> .
""" + time_value("event/offensive/start", "2023-09-19", "2023-09-19", "2023-09-20") + time_value(
    "event/offensive/end", "2023-09-20", "2023-09-20", "2023-09-21") + support(
    "ev-offensive", "event/offensive") + support("ev-offensive", "event/offensive",
                                                 article="other")

WAR = """
<event/war> a nkg:Event, nkg:War, nkg:WorldInstance ;
    rdfs:label "The Nagorno-Karabakh conflict"@en ;
    nkg:reviewStatus nkg:Reviewed ;
    nkg:participant <entity/azerbaijan>, <entity/karabakh-separatists> ;
    nkg:supportedBy <article/demo/ev-war>, <article/other/ev-war> .
""" + support("ev-war", "event/war") + support("ev-war", "event/war", article="other")

AGREEMENT = """
<agreement/ceasefire> a nkg:Agreement, nkg:Ceasefire, nkg:WorldInstance ;
    rdfs:label "Nagorno-Karabakh ceasefire of 20 September 2023"@en ;
    nkg:reviewStatus nkg:Reviewed ;
    nkg:party <entity/azerbaijan>, <entity/karabakh-separatists> ;
    nkg:hasTerm <term/ceasefire-talks> ;
    nkg:pointInTime <agreement/ceasefire/date> ;
    nkg:supportedBy <article/demo/ag-ceasefire>, <article/other/ag-ceasefire> .
<term/ceasefire-talks> a nkg:AgreementTerm, nkg:WorldInstance ;
    rdfs:label "Talks on the reintegration of Nagorno-Karabakh"@en ;
    nkg:reviewStatus nkg:Reviewed ;
    nkg:obligedParty <entity/azerbaijan>, <entity/karabakh-separatists> ;
    nkg:action "hold talks"@en ;
    nkg:supportedBy <article/demo/tm-talks>, <article/other/tm-talks> .
""" + time_value("agreement/ceasefire/date", "2023-09-20", "2023-09-20", "2023-09-21") + "".join(
    support(r, i, article=a) for r, i in (("ag-ceasefire", "agreement/ceasefire"),
                                          ("tm-talks", "term/ceasefire-talks"))
    for a in ("demo", "other"))

COUNTED = """
<counted/killed-offensive> a nkg:CountedThing, nkg:WorldInstance ;
    rdfs:label "People killed in Azerbaijan's September 2023 offensive"@en ;
    nkg:reviewStatus nkg:Reviewed ;
    nkg:measure nkg:Killed ;
    nkg:unit nkg:PersonUnit ;
    nkg:countOf <event/offensive> ;
    nkg:supportedBy <article/demo/fig-killed>, <article/other/fig-killed> .
""" + support("fig-killed", "counted/killed-offensive", "counted") + support(
    "fig-killed", "counted/killed-offensive", "counted", article="other")

RELATIONSHIP = """
<relationship/azerbaijan-controls-karabakh> a nkg:Control, nkg:Relationship, nkg:WorldInstance ;
    rdfs:label "Azerbaijan controls Nagorno-Karabakh"@en ;
    nkg:reviewStatus nkg:Reviewed ;
    nkg:relationshipSubject <entity/azerbaijan> ;
    nkg:relationshipObject <entity/nagorno-karabakh> ;
    nkg:start <relationship/azerbaijan-controls-karabakh/start> ;
    nkg:acceptedBy <agent/curators> ;
    nkg:acceptedOn "2026-12-04T00:00:00Z"^^xsd:dateTime ;
    nkg:supportedBy <article/demo/rel-control>, <article/other/rel-control> .
<entity/azerbaijan> nkg:controls <entity/nagorno-karabakh> .
""" + time_value("relationship/azerbaijan-controls-karabakh/start", "2023-09-20", "2023-09-20",
                 "2023-09-21") + support("rel-control", "relationship/azerbaijan-controls-karabakh") + support(
    "rel-control", "relationship/azerbaijan-controls-karabakh", article="other") + AGENT

WIKIDATA = """
<entity/azerbaijan> skos:exactMatch wd:Q227 ;
    skos:altLabel "Republic of Azerbaijan"@en ;
    nkg:description "A country in the South Caucasus."@en .
<entity/azerbaijan/wikidata-link> a nkg:WikidataLink ;
    nkg:linkSubject <entity/azerbaijan> ;
    nkg:linkTarget wd:Q227 ;
    nkg:linkSource nkg:PersonDecision ;
    nkg:linkScore 1.0 ;
    nkg:linkReason "verified by a person" ;
    nkg:linkEvidence "https://www.wikidata.org/wiki/Q227" ;
    nkg:decidedBy "newskg curators" ;
    prov:generatedAtTime "2026-12-04T10:00:00Z"^^xsd:dateTime .
"""

SCENES: dict[str, tuple[str, ...]] = {
    "article": (ARTICLE, ENTITIES),
    "mention": (ARTICLE, ENTITIES, MENTION),
    "statement": (ARTICLE, ENTITIES, STATEMENT),
    "event-report": (ARTICLE, ENTITIES, EVENT_REPORT),
    "agreement-report": (ARTICLE, ENTITIES, AGREEMENT_REPORT),
    "term-report": (ARTICLE, ENTITIES, TERM_REPORT),
    "relationship-report": (ARTICLE, ENTITIES, RELATIONSHIP_REPORT),
    "figure": (ARTICLE, ENTITIES, STATEMENT, FIGURE),
    "event": (ENTITIES, EVENT),
    "agreement": (ENTITIES, AGREEMENT),
    "counted": (ENTITIES, EVENT, COUNTED),
    "relationship": (ENTITIES, RELATIONSHIP),
    "entity": (ENTITIES, WIKIDATA),
    # an article's report and the instance it supports, in one graph (as `newskg validate FILES`)
    "support": (ARTICLE, ENTITIES, EVENT_REPORT, EVENT),
}
