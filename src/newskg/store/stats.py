"""Counts that describe a built graph: instances per class, reports per article (by review status
and kind), Wikidata links."""

from __future__ import annotations

from dataclasses import dataclass

from newskg.store.engines import Store
from newskg.store.results import Solutions

BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) (COUNT(DISTINCT ?unreviewed) AS ?notReviewed) WHERE {
  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(nkg:)))
  OPTIONAL { ?s nkg:reviewStatus ?status FILTER(?status != nkg:Reviewed) BIND(?s AS ?unreviewed) }
} GROUP BY ?class ORDER BY ?class"""
"""Nodes per class, and how many of them are not reviewed (unreviewed or draft reports, draft
instances, entities an article only proposes)."""

BY_ARTICLE = """
SELECT ?article ?headline (COUNT(?report) AS ?reports)
       (SUM(IF(?status = nkg:Reviewed, 1, 0)) AS ?reviewed)
       (SUM(IF(?status = nkg:Unreviewed, 1, 0)) AS ?unreviewed)
       (SUM(IF(?status = nkg:Draft, 1, 0)) AS ?drafts)
       (SUM(IF(?kind = nkg:Statement, 1, 0)) AS ?statements)
       (SUM(IF(?kind = nkg:InstanceReport, 1, 0)) AS ?instanceReports)
       (SUM(IF(?kind = nkg:ReportedFigure, 1, 0)) AS ?figures)
       (SUM(IF(?kind = nkg:Mention, 1, 0)) AS ?mentions) WHERE {
  ?article a nkg:Article ; nkg:headline ?headline .
  # Each report is of exactly one of the four kinds, so each counts once.
  ?report nkg:sourceArticle ?article ; nkg:reviewStatus ?status .
  VALUES ?kind { nkg:Statement nkg:InstanceReport nkg:ReportedFigure nkg:Mention }
  ?report a ?kind .
} GROUP BY ?article ?headline ORDER BY ?article"""
"""Reports per article: by review status (reviewed, unreviewed, draft), and by kind."""

LINKS = """
SELECT ?entity ?label ?wikidata WHERE {
  { ?entity a nkg:Actor } UNION { ?entity a nkg:Territory }
  ?entity rdfs:label ?label .
  FILTER NOT EXISTS { ?entity nkg:reviewStatus nkg:Draft }  # curated entities only
  OPTIONAL { ?entity skos:exactMatch ?wikidata }
} ORDER BY ?label"""


@dataclass(frozen=True)
class Stats:
    by_class: Solutions
    by_article: Solutions
    linked: tuple[tuple[str, str], ...]
    unlinked: tuple[str, ...]


def _solutions(store: Store, sparql: str) -> Solutions:
    result = store.query(sparql)
    assert isinstance(result, Solutions)
    return result


def graph_stats(store: Store) -> Stats:
    links = _solutions(store, LINKS)
    linked, unlinked = [], []
    seen: set[str] = set()
    for entity, label, wikidata in links.rows:
        assert entity is not None and label is not None
        if entity.value in seen:
            continue
        seen.add(entity.value)
        if wikidata is not None:
            linked.append((label.value, wikidata.value))
        else:
            unlinked.append(label.value)
    return Stats(_solutions(store, BY_CLASS), _solutions(store, BY_ARTICLE), tuple(linked),
                 tuple(unlinked))
