"""The project's curated facts (or a reviewed draft) seen in the corpus's gold shape.

This is how `newskg eval` scores extraction against the seed article's hand-curated facts: the
facts.yaml model is richer (speech acts, relations, selectors), so only what the gold shape has is kept.
"""

from __future__ import annotations

from pathlib import Path

from newskg.dates import DateValue, Precision
from newskg.entities import Entity, load_entities, load_verified
from newskg.evaluation.annotations import Annotations, Item
from newskg.facts import FIGURE_KINDS, ArticleFacts, load_article_facts

# Entity types of entities.yaml → the gold shape's actor and territory types.
ACTOR_TYPE = {"Person": "Person", "State": "State", "ArmedGroup": "ArmedGroup",
              "Organisation": "Organization", "PeacekeepingForce": "Organization",
              "GovernmentBody": "Organization", "NewsAgency": "Organization", "Collective": "Group"}
TERRITORY_TYPE = {"Country": "Country", "Region": "Region", "City": "City", "Territory": "Region"}
# Event classes (facts.EVENT_TYPES values) → the gold shape's event types.
EVENT_TYPE = {"MilitaryOperation": "MilitaryOperation", "War": "War", "Talks": "Talks",
              "Protest": "Protest", "Evacuation": "Evacuation", "Attack": "Attack"}
AGREEMENT_TYPE = {"Ceasefire": "Ceasefire", "PeaceDeal": "PeaceDeal"}
FIGURE_KIND = {cls: kind for kind, cls in FIGURE_KINDS.items()}
QUALIFIER = {"AtLeast": "at least", "MoreThan": "more than", "About": "about", "Exact": "exact",
             "AtMost": "at most", "LessThan": "less than"}


def annotations_from_facts(folder: Path, data_dir: Path | None = None) -> Annotations:
    """Read `folder/facts.yaml` (entities from `data_dir`, default: the folder's data/ root)."""
    data = data_dir or folder.parent.parent
    entities = load_entities(data / "entities.yaml",
                             load_verified(data / "wikidata" / "verified.tsv"))
    facts = load_article_facts(folder)
    return facts_to_annotations(facts, entities)


def facts_to_annotations(facts: ArticleFacts, entities: dict[str, Entity]) -> Annotations:
    def name(key: str | None) -> str | None:
        if key is None:
            return None
        entity = entities.get(key)
        return entity.name if entity else key

    mentioned = dict.fromkeys(m.entity for m in facts.mentions)
    actors: list[Item] = []
    territories: list[Item] = []
    for key in mentioned:
        entity = entities.get(key)
        if entity is None:
            continue
        item_type = next((ACTOR_TYPE[t] for t in entity.types if t in ACTOR_TYPE), None)
        place_type = next((TERRITORY_TYPE[t] for t in entity.types if t in TERRITORY_TYPE), None)
        if item_type == "State" or (item_type and not place_type):
            actors.append({"name": entity.name, "type": item_type,
                           "aliases": list(entity.aliases)})
        elif place_type:
            territories.append({"name": entity.name, "type": place_type})
    items: dict[str, list[Item]] = {
        "actors": actors,
        "territories": territories,
        "agreements": [{
            "name": a.label, "type": AGREEMENT_TYPE.get(a.type, "Other"),
            "parties": [name(p) for p in a.parties], "mediators": [name(m) for m in a.mediators],
            "date": _day(a.date), "terms": [t.action for t in a.terms],
            "evidence": a.evidence.text} for a in facts.agreements],
        "statements": [{
            "speaker": name(s.speaker), "text": s.words, "direct": s.direct,
            "evidence": s.evidence.text} for s in facts.statements],
        "figures": [{
            "what": FIGURE_KIND[f.kind], "value": f.value, "qualifier": QUALIFIER.get(f.qualifier, "exact"),
            "reported_by": name(f.reported_by), "evidence": f.evidence.text}
            for f in facts.figures],
        "events": [{
            "name": e.label, "type": EVENT_TYPE.get(e.type, "Other"),
            "date": _day(e.date or e.start), "place": name(e.places[0]) if e.places else None,
            "evidence": e.evidence.text} for e in facts.events],
    }
    return Annotations(facts.slug, facts.published.isoformat(), facts.facts_path, items)


def _day(value: DateValue | None) -> str | None:
    return value.lexical if value is not None and value.precision is Precision.DAY else None
