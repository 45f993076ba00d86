"""Cross-reference checks over the whole project: every key names a known entity, instance or report
of the right kind, and no reviewed report stands on a draft instance."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from newskg.errors import FactsError
from newskg.project.entities import Entity
from newskg.project.model import (
    Agreement,
    ArticleFacts,
    Counted,
    Event,
    Figure,
    Instance,
    InstanceReport,
    Instances,
    Mention,
    Relationship,
    Report,
    Statement,
    Term,
)

ACTOR, TERRITORY, ANY_ENTITY = "actor", "territory", "entity"
REPORTABLE = (Event, Agreement, Term, Relationship)


def _instance_entity_refs(i: Instance) -> Iterator[tuple[str, str, str]]:
    if isinstance(i, Event):
        yield from (("participants", k, ACTOR) for k in i.participants)
        yield from (("place", k, TERRITORY) for k in i.places)
    elif isinstance(i, Agreement):
        for name in ("parties", "mediators", "supervised_by"):
            yield from ((name, k, ACTOR) for k in getattr(i, name))
    elif isinstance(i, Term):
        yield from (("parties", k, ACTOR) for k in i.parties)
        yield from (("supervised_by", k, ACTOR) for k in i.supervised_by)
    elif isinstance(i, Counted) and i.side:
        yield "side", i.side, ACTOR
    elif isinstance(i, Relationship):
        yield "subject", i.subject, ANY_ENTITY
        yield "object", i.object, ANY_ENTITY


def _report_entity_refs(r: Report) -> Iterator[tuple[str, str, str]]:
    if isinstance(r, Mention):
        yield "entity", r.entity, ANY_ENTITY
    elif isinstance(r, Statement):
        yield from (("speakers", k, ACTOR) for k in r.speakers)
        yield from (("via", k, ACTOR) for k in r.via)
        if r.addressee:
            yield "addressee", r.addressee, ACTOR
    elif isinstance(r, Figure):
        yield from (("reported_by", k, ACTOR) for k in r.reported_by)


def _entity_problem(key: str, kind: str, entities: Mapping[str, Entity]) -> tuple[str, str] | None:
    entity = entities.get(key)
    if entity is None:
        return f"unknown entity key {key!r}", "add it to data/entities.yaml or fix the key"
    if kind == ACTOR and not entity.is_actor:
        return (f"{key!r} is not an actor (types: {', '.join(entity.types)})",
                "use an actor, or give the entity an actor type")
    if kind == TERRITORY and not entity.is_territory:
        return f"{key!r} is not a territory", "use a territory key"
    return None


def _draft_entity(key: str, entities: Mapping[str, Entity]) -> tuple[str, str] | None:
    """A reviewed fact naming an entity that an article only proposes (drafts never answer like
    reviewed facts: the entity must be kept first)."""
    if not entities[key].draft:
        return None
    message = (f"{key!r} is only proposed by an article (a draft entity), and a reviewed fact "
               "cannot name it")
    hint = ("keep it first: move it from 'proposed_entities:' to data/entities.yaml (newskg "
            "review: Keep), or mark this 'reviewed: false'")
    return message, hint


def check_instances(instances: Instances, entities: Mapping[str, Entity]) -> None:
    """Raise FactsError for the first instance reference that does not resolve."""
    for i in instances.by_key.values():
        path = instances.path_of(i.key)
        if i.key in entities:
            raise FactsError(f"instance key {i.key!r} is also an entity key", path=path,
                             line=i.line, hint="rename the instance: keys are shared with "
                                               "data/entities.yaml in 'about' lists")
        for field, key, kind in _instance_entity_refs(i):
            problem = _entity_problem(key, kind, entities) or (
                None if i.draft else _draft_entity(key, entities))
            if problem:
                raise FactsError(f"{i.kind} {i.key!r}: {problem[0]}", path=path,
                                 line=i.line_of(field), field=field, hint=problem[1])
        for field, ref, cls in _instance_refs(i):
            target = instances.by_key.get(ref)
            if not isinstance(target, cls) and not (field == "of" and ref in entities):
                raise FactsError(f"{i.kind} {i.key!r}: {ref!r} is not a known "
                                 f"{cls.__name__.lower()}", path=path, line=i.line_of(field), field=field,
                                 hint="use the key of an instance declared in this file")
            if target is not None and target.draft and not i.draft:
                raise FactsError(f"{i.kind} {i.key!r} is reviewed but refers to the draft "
                                 f"{target.kind} {ref!r}", path=path, line=i.line_of(field), field=field,
                                 hint=f"review {ref!r} (remove 'status: draft') or mark this "
                                      "one 'status: draft'")


def _instance_refs(i: Instance) -> Iterator[tuple[str, str, type[Instance]]]:
    if isinstance(i, Event) and i.part_of:
        yield "part_of", i.part_of, Event
    elif isinstance(i, Term) and i.event:
        yield "event", i.event, Event
    elif isinstance(i, Counted) and i.of:
        yield "of", i.of, Event


def check_article(facts: ArticleFacts, entities: Mapping[str, Entity], instances: Instances) -> None:
    """Raise FactsError (file, line, field) for the first reference of an article that does not
    resolve, or a reviewed report on a draft instance."""
    path = facts.facts_path
    if facts.publisher:
        problem = _entity_problem(facts.publisher, ACTOR, entities)
        if problem:
            raise FactsError(f"article publisher: {problem[0]}", path=path, field="publisher",
                             hint=problem[1])
    for r in facts.all_reports():
        for field, key, kind in _report_entity_refs(r):
            problem = _entity_problem(key, kind, entities) or (
                _draft_entity(key, entities) if r.status == "Reviewed" else None)
            if problem:
                raise FactsError(f"{r.id!r}: {problem[0]}", path=path, line=r.line_of(field),
                                 field=field, hint=problem[1])
        for field, ref, target in _report_refs(r, facts, instances, entities):
            if target.draft and r.status == "Reviewed":
                where = ("move it from 'proposed_instances:' to data/instances.yaml"
                         if ref in instances.sources else "in data/instances.yaml (remove "
                                                          "'status: draft')")
                raise FactsError(f"{r.id!r} is marked reviewed but its {target.kind} {ref!r} is "
                                 "a draft", path=path, line=r.line_of(field), field=field,
                                 hint=f"review {ref!r}: {where}; or mark the report "
                                      "'reviewed: false'")


def _report_refs(r: Report, facts: ArticleFacts, instances: Instances,
                 entities: Mapping[str, Entity]) -> Iterator[tuple[str, str, Instance]]:
    """(field, key, the instance it names or None) for every key a report uses; raises for keys
    that name nothing of the right kind."""
    def fail(field: str, ref: str, wanted: str, hint: str) -> FactsError:
        return FactsError(f"{r.id!r}: {ref!r} is not {wanted}", path=facts.facts_path,
                          line=r.line_of(field), field=field, hint=hint)

    if isinstance(r, InstanceReport):
        target = instances.by_key.get(r.instance)
        if not isinstance(target, REPORTABLE):
            raise fail("instance", r.instance, "a known event, agreement, term or relationship",
                       "declare it in data/instances.yaml, or fix the key")
        yield "instance", r.instance, target
        for ref in r.according_to:
            if not isinstance(facts.by_id.get(ref), Statement):
                raise fail("according_to", ref, "a statement id of this article",
                           "list the ids of the statements that tell it")
    elif isinstance(r, Figure):
        target = instances.by_key.get(r.counted)
        if not isinstance(target, Counted):
            raise fail("counted", r.counted, "a known counted thing",
                       "declare it under 'counted:' in data/instances.yaml")
        yield "counted", r.counted, target
        if r.stated_in and not isinstance(facts.by_id.get(r.stated_in), Statement):
            raise fail("stated_in", r.stated_in, "a statement id of this article",
                       "use the id of the statement that carries the number")
    elif isinstance(r, Statement):
        for ref in r.about:  # a reviewed one about a draft instance is refused, as a report on it
            if ref not in entities and ref not in instances.by_key:
                raise fail("about", ref, "a known entity or instance key",
                           "use a key of data/entities.yaml or data/instances.yaml")
            if ref in instances.by_key:
                yield "about", ref, instances.by_key[ref]

