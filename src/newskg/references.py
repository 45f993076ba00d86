"""Cross-reference checks: every key in a facts file names a known entity or fact of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from newskg.entities import Entity
from newskg.errors import FactsError
from newskg.facts import (
    Agreement,
    ArticleFacts,
    Event,
    Fact,
    Figure,
    Mention,
    Relation,
    Statement,
    Term,
)

ACTOR, TERRITORY, ANY_ENTITY = "actor", "territory", "entity"


def _entity_refs(fact: Fact) -> Iterator[tuple[str, str, str]]:
    """(field, key, required kind) for every entity key a fact uses."""
    if isinstance(fact, Mention):
        yield "entity", fact.entity, ANY_ENTITY
    elif isinstance(fact, Statement):
        yield "speaker", fact.speaker, ACTOR
        if fact.addressee:
            yield "addressee", fact.addressee, ACTOR
    elif isinstance(fact, Figure):
        if fact.reported_by:
            yield "reported_by", fact.reported_by, ACTOR
    elif isinstance(fact, Event):
        yield from (("participants", k, ACTOR) for k in fact.participants)
        yield from (("place", k, TERRITORY) for k in fact.places)
    elif isinstance(fact, Agreement):
        for name in ("parties", "mediators", "supervised_by", "announced_by"):
            yield from ((name, k, ACTOR) for k in getattr(fact, name))
    elif isinstance(fact, Term):
        if fact.party:
            yield "party", fact.party, ACTOR
        yield from (("supervised_by", k, ACTOR) for k in fact.supervised_by)
    elif isinstance(fact, Relation):
        yield "subject", fact.subject, ANY_ENTITY
        yield "object", fact.object, ANY_ENTITY


def _fact_refs(fact: Fact) -> Iterator[tuple[str, str, type[Fact], bool]]:
    """(field, id, required fact class, whether an entity key is accepted instead)."""
    if isinstance(fact, Statement):
        yield from (("about", ref, Fact, True) for ref in fact.about)
    elif isinstance(fact, Figure):
        if fact.refers_to:
            yield "refers_to", fact.refers_to, Event, True
        if fact.stated_in:
            yield "stated_in", fact.stated_in, Statement, False
    elif isinstance(fact, Event) and fact.part_of:
        yield "part_of", fact.part_of, Event, False
    elif isinstance(fact, Term) and fact.event:
        yield "event", fact.event, Event, False


def check_references(facts: ArticleFacts, entities: dict[str, Entity]) -> None:
    """Raise FactsError (file, line, field) for the first reference that does not resolve."""
    path = facts.facts_path
    if facts.publisher and facts.publisher not in entities:
        raise FactsError(f"unknown entity key {facts.publisher!r}", path=path, field="publisher",
                         hint="add it to data/entities.yaml")
    for fact in facts.all_facts():
        for field, key, kind in _entity_refs(fact):
            entity = entities.get(key)
            problem = None
            if entity is None:
                problem = f"unknown entity key {key!r}", "add it to data/entities.yaml or fix the key"
            elif kind == ACTOR and not entity.is_actor:
                problem = (f"{key!r} is not an actor (types: {', '.join(entity.types)})",
                           "use an actor, or give the entity an actor type")
            elif kind == TERRITORY and not entity.is_territory:
                problem = f"{key!r} is not a territory", "use a territory key"
            if problem:
                raise FactsError(f"fact {fact.id!r}: {problem[0]}", path=path, line=fact.line,
                                 field=field, hint=problem[1])
        for field, ref, cls, entity_ok in _fact_refs(fact):
            if isinstance(facts.by_id.get(ref), cls) or (entity_ok and ref in entities):
                continue
            wanted = f"{cls.__name__.lower()} id" + (" or entity key" if entity_ok else "")
            raise FactsError(f"fact {fact.id!r}: {ref!r} is not a known {wanted}", path=path,
                             line=fact.line, field=field,
                             hint="use the id of a fact in this file" +
                                  (" or a key of data/entities.yaml" if entity_ok else ""))
