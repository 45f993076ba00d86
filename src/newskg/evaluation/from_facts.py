"""The project's curated facts (or a reviewed draft) seen in the corpus's gold shape.

This is how `newskg eval` scores extraction against the curated articles' facts (format 0.2). The
model is richer (world instances, reports, stances, relationships), so only what the gold shape has is
kept, read through the article's reports:
- actors and territories: the entities the article mentions;
- agreements and events: the agreements and events the article reports (its `reports:`), with the
  date as the article tells it (else the instance's), the instance's label, parties and first place;
  an agreement's terms are the terms of it the article reports;
- statements: one per speaker, as the corpus gold has one speaker per statement (a joint statement
  of Baku and the Karabakh authorities is two gold statements, as format 0.1 recorded it);
- figures: the counted thing's measure, the value (else the lower, else the upper bound) as an
  integer, the qualifier in the gold's words, the first reporter.
Relationships and mentions' roles have no place in the gold shape and are left out.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from newskg.evaluation.annotations import Annotations, Item
from newskg.project.articles import load_article_facts
from newskg.project.dates import DateValue, Precision
from newskg.project.entities import Entity, load_entities, load_verified
from newskg.project.instances import INSTANCES_FILE, load_instances
from newskg.project.model import (
    FIGURE_KINDS,
    Agreement,
    ArticleFacts,
    Counted,
    Event,
    Instance,
    InstanceReport,
    Term,
)
from newskg.project.proposals import with_proposals

# Entity types of entities.yaml → the gold shape's actor and territory types.
ACTOR_TYPE = {"Person": "Person", "State": "State", "ArmedGroup": "ArmedGroup",
              "Organisation": "Organization", "PeacekeepingForce": "Organization",
              "GovernmentBody": "Organization", "NewsAgency": "Organization", "Collective": "Group"}
TERRITORY_TYPE = {"Country": "Country", "Region": "Region", "City": "City", "Territory": "Region"}
# Event classes (project.model.EVENT_TYPES values) → the gold shape's event types.
EVENT_TYPE = {"MilitaryOperation": "MilitaryOperation", "War": "War", "Talks": "Talks",
              "Protest": "Protest", "Evacuation": "Evacuation", "Attack": "Attack"}
AGREEMENT_TYPE = {"Ceasefire": "Ceasefire", "PeaceDeal": "PeaceDeal"}
FIGURE_KIND = {cls: kind for kind, cls in FIGURE_KINDS.items()}
# Qualifier concepts → the gold's words (its vocabulary: at least, more than, over, about, exact).
QUALIFIER = {"AtLeast": "at least", "MoreThan": "more than", "About": "about", "Nearly": "about",
             "Exact": "exact", "AtMost": "at most", "UpTo": "at most", "LessThan": "less than",
             "Between": "about"}


def annotations_from_facts(folder: Path, data_dir: Path | None = None) -> Annotations:
    """Read `folder/facts.yaml` (entities and instances from `data_dir`, default: the folder's
    data/ root)."""
    data = data_dir or folder.parent.parent
    entities = load_entities(data / "entities.yaml",
                             load_verified(data / "wikidata" / "verified.tsv"))
    facts = load_article_facts(folder)
    instances = with_proposals(load_instances(data / INSTANCES_FILE), [facts])
    return facts_to_annotations(facts, entities, instances.by_key)


def facts_to_annotations(facts: ArticleFacts, entities: dict[str, Entity],
                         instances: dict[str, Instance]) -> Annotations:
    def name(key: str | None) -> str | None:
        if key is None:
            return None
        entity = entities.get(key)
        return entity.name if entity else key

    def on(cls: type[Instance]) -> list[tuple[InstanceReport, Instance]]:
        """The article's reports on instances of ``cls``, with the instance."""
        found = []
        for r in facts.reports:
            instance = instances.get(r.instance)
            if isinstance(instance, cls):
                found.append((r, instance))
        return found

    actors: list[Item] = []
    territories: list[Item] = []
    for key in dict.fromkeys(m.entity for m in facts.mentions):
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
    terms = [t for _, t in on(Term) if isinstance(t, Term)]
    items: dict[str, list[Item]] = {
        "actors": actors,
        "territories": territories,
        "agreements": [{
            "name": a.label, "type": AGREEMENT_TYPE.get(a.type, "Other"),
            "parties": [name(p) for p in a.parties], "mediators": [name(m) for m in a.mediators],
            "date": _day(_when(r, a)), "terms": [t.action for t in terms if t.agreement == a.key],
            "evidence": r.evidence.text}
            for r, a in on(Agreement) if isinstance(a, Agreement)],
        "statements": [{
            "speaker": name(speaker), "text": s.words, "direct": s.direct,
            "evidence": s.evidence.text} for s in facts.statements for speaker in s.speakers],
        "figures": [{
            "what": FIGURE_KIND[_measure(instances, f.counted)],
            "value": int(Decimal(f.value or f.lower or f.upper or "0")),
            "qualifier": QUALIFIER.get(f.qualifier or "Exact", "exact"),
            "reported_by": name(f.reported_by[0]) if f.reported_by else None,
            "evidence": f.evidence.text} for f in facts.figures if f.counted in instances],
        "events": [{
            "name": e.label, "type": EVENT_TYPE.get(e.type, "Other"), "date": _day(_when(r, e)),
            "place": name(e.places[0]) if e.places else None, "evidence": r.evidence.text}
            for r, e in on(Event) if isinstance(e, Event)],
    }
    return Annotations(facts.slug, facts.published.isoformat(), facts.facts_path, items)


def _when(report: InstanceReport, instance: Instance) -> DateValue | None:
    """The time as the article tells it, else the instance's own (its date or start)."""
    return (report.times.date or report.times.start or instance.times.date
            or instance.times.start)


def _measure(instances: dict[str, Instance], key: str) -> str:
    counted = instances[key]
    return counted.measure if isinstance(counted, Counted) else "OtherCount"


def _day(value: DateValue | None) -> str | None:
    return value.lexical if value is not None and value.precision is Precision.DAY else None
