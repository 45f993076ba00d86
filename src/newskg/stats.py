"""Counts that describe a built graph: instances per class, facts per article, Wikidata links."""

from __future__ import annotations

from dataclasses import dataclass

from newskg.results import Solutions
from newskg.store import Store

BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {
  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(nkg:)))
} GROUP BY ?class ORDER BY ?class"""

BY_ARTICLE = """
SELECT ?article ?headline
       (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?figure) AS ?figures)
       (COUNT(DISTINCT ?event) AS ?events) (COUNT(DISTINCT ?agreement) AS ?agreements)
       (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  ?article a nkg:Article ; nkg:headline ?headline .
  OPTIONAL { ?fact nkg:sourceArticle ?article .
    OPTIONAL { ?fact a nkg:Statement . BIND(?fact AS ?statement) }
    OPTIONAL { ?fact a nkg:ReportedFigure . BIND(?fact AS ?figure) }
    OPTIONAL { ?fact a nkg:Event . BIND(?fact AS ?event) }
    OPTIONAL { ?fact a nkg:Agreement . BIND(?fact AS ?agreement) } }
} GROUP BY ?article ?headline ORDER BY ?article"""

LINKS = """
SELECT ?entity ?label ?wikidata WHERE {
  { ?entity a nkg:Actor } UNION { ?entity a nkg:Territory }
  ?entity rdfs:label ?label .
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
