"""The review page's decisions as edits of the input files' text (facts.yaml, entities.yaml, the
instances file): accept, edit and reject a report, add a report from a span of the article, add an
entity or a world instance. Each edit changes one item and leaves the rest of the file as it was
(newskg.review.splice).

An edit is a JSON object from the page, ``{"op": ..., ...}``:

| op | fields | what it does |
|---|---|---|
| accept | id | marks the report reviewed by the reviewer today: ``reviewed: {by: KEY, date: DAY}`` |
| reject | id | deletes the report |
| edit | id, fields | sets (or, for a null, removes) the report's fields and marks it reviewed as accept does; a changed entity, speaker, instance or counted thing records the reviewer in ``resolution.by`` |
| add | section, fields (evidence, …), start | a new report, reviewed as accept marks it; its id made when not given, ``occurrence`` from the span's start offset when the span occurs more than once |
| entity | key, fields (name, types, …) | a new entity in data/entities.yaml |
| instance | section, key, fields | a new world instance in the instances file (events, agreements, counted, relationships) |
| entity-edit | key, fields (name, types, aliases, description, wikidata; null removes) | changes an entity where it is declared: the draft's `proposed_entities:`, else data/entities.yaml |
| keep | key | moves a proposed entity or instance from the facts file into entities.yaml or the instances file, as written |
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from newskg.errors import InputError
from newskg.project.inputs import NAME_PATTERN
from newskg.review import splice
from newskg.review.splice import EditedFile, quoted

REPORT_SECTIONS = ("mentions", "statements", "reports", "figures")
SUPPORTING_FIELDS = ("instance", "counted")  # the fields whose instance a report supports
INSTANCE_SECTIONS = ("events", "agreements", "counted", "relationships")
ID_PREFIX = {"mentions": "m", "statements": "st", "reports": "r", "figures": "fig"}
# Fields whose value is a key or a word of a vocabulary: written plain.
PLAIN_FIELDS = frozenset({
    "id", "entity", "instance", "counted", "stance", "polarity", "addressee", "stated_in",
    "unit", "type", "measure", "of", "side", "subject", "object", "predicate", "publisher",
    "part_of", "event", "wikidata"})
LIST_FIELDS = frozenset({
    "speakers", "via", "about", "according_to", "reported_by", "types", "aliases", "participants",
    "place", "parties", "mediators", "supervised_by", "announced_by"})
NUMBER_FIELDS = frozenset({"value", "lower", "upper", "confidence", "occurrence"})
BOOL_FIELDS = frozenset({"direct", "reviewed", "accepted"})
RESOLVED_FIELDS = frozenset({"entity", "speakers", "instance", "counted"})
KEY = NAME_PATTERN  # keys, as the build reads them


class EditError(InputError):
    """An edit the page sent cannot be applied (an unknown report id, a malformed value)."""


@dataclass
class Files:
    """The text of the files a review may change (None: the file does not exist)."""

    facts: str
    entities: str | None
    instances: str | None


class Editing:
    """The files a save changes, each parsed once when first needed (`splice.EditedFile`): the
    save's edits change their values in turn, and `files` writes the texts back."""

    def __init__(self, files: Files) -> None:
        self.facts = EditedFile(files.facts)
        self.entities = EditedFile(files.entities)
        self.instances = EditedFile(files.instances)

    def files(self) -> Files:
        return Files(self.facts.text() or "", self.entities.text(), self.instances.text())


def yaml_value(name: str, value: object) -> Any:
    """A value from the page as the ruamel value written for field ``name``."""
    if value is None:
        return None
    if name in LIST_FIELDS:
        items = value if isinstance(value, list) else [v.strip() for v in str(value).split(",")]
        seq = CommentedSeq([str(v) for v in items if str(v).strip()])
        seq.fa.set_flow_style()
        return seq
    if name in BOOL_FIELDS:
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if name in NUMBER_FIELDS:
        if isinstance(value, bool):
            raise EditError(f"{name}: {value!r} is not a number")
        if isinstance(value, (int, float)):
            return value
        text = str(value).strip().replace(",", "")
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                raise EditError(f"{name}: {value!r} is not a number",
                                hint="write digits, e.g. 2000 or 12.5") from None
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[str(key)] = yaml_value(str(key), item)
        return out
    if name in PLAIN_FIELDS and KEY.match(str(value)):
        return str(value)
    return quoted(str(value))


def _set(item: CommentedMap, name: str, value: Any) -> None:
    """Set ``name`` on the report ``item``: in place when present, else before its resolution
    and evidence (which drafts write last); None removes it."""
    if value is None:
        item.pop(name, None)
        return
    if name in item:
        item[name] = value
        return
    keys = list(item)
    at = next((i for i, k in enumerate(keys) if k in ("resolution", "evidence", "occurrence")),
              len(keys))
    item.insert(at, name, value)


def find_report(facts: str | EditedFile, report_id: str) -> tuple[str, int]:
    """(section, index) of the report ``report_id`` in a facts file (its text, or being edited)."""
    doc = facts.doc if isinstance(facts, EditedFile) else splice.parse(facts)
    for section in REPORT_SECTIONS:
        for index, item in enumerate(doc.get(section) or []):
            if isinstance(item, Mapping) and str(item.get("id")) == report_id:
                return section, index
    raise EditError(f"no report {report_id!r} in the facts file",
                    hint="reload the page: the file may have changed")


def _report(facts: EditedFile, report_id: str) -> tuple[str, Any]:
    section, index = find_report(facts, report_id)
    return section, facts.doc[section][index]


def report_ids(doc: Any) -> set[str]:
    return {str(item.get("id")) for section in REPORT_SECTIONS
            for item in doc.get(section) or [] if isinstance(item, Mapping)}


def review_mark(reviewer: str, day: str) -> CommentedMap:
    """``{by: KEY, date: DAY}``: the value of a report's ``reviewed`` that names who reviewed it
    and when (the graph's nkg:reviewedBy and nkg:reviewedOn)."""
    mark = CommentedMap([("by", reviewer), ("date", quoted(day))])
    mark.fa.set_flow_style()
    return mark


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def accept(files: Editing, report_id: str, reviewer: str, day: str) -> None:
    section, item = _report(files.facts, report_id)
    _set(item, "reviewed", review_mark(reviewer, day))
    files.facts.changed(section, item)


def reject(files: Editing, report_id: str) -> None:
    """Delete the report, then the draft's proposals nothing points to any more (an instance
    with no report would not conform: S132; an entity nothing names is a leftover)."""
    section, item = _report(files.facts, report_id)
    files.facts.remove(section, item)
    drop_orphan_proposals(files.facts)


def _scalars(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        for value in node.values():
            yield from _scalars(value)
    elif isinstance(node, list):
        for value in node:
            yield from _scalars(value)
    elif isinstance(node, str):
        yield node


def drop_orphan_proposals(facts: EditedFile) -> None:
    """Remove the proposed instances and entities of the facts file that nothing supports, one at
    a time until none is left: an instance that no report reports on (``instance:``) or counts
    (``counted:``) and no other proposal names would not conform (S132), whoever else mentions it
    (a statement's ``about:`` then names nothing, and the loader refuses the save until it is
    changed); an entity that no report and no proposal names is a leftover."""
    while True:
        doc = facts.doc
        proposed = _table(doc, "proposed_instances")
        proposals: list[tuple[tuple[str, ...], str, Any]] = [
            (("proposed_instances", section), key, value)
                     for section in INSTANCE_SECTIONS
                     for key, value in _table(proposed, section).items()]
        proposals += [(("proposed_entities",), key, value)
                      for key, value in _table(doc, "proposed_entities").items()]
        named = {text for section in REPORT_SECTIONS for text in _scalars(doc.get(section) or [])}
        supported = {str(report.get(name)) for section in REPORT_SECTIONS
                     for report in doc.get(section) or [] if isinstance(report, Mapping)
                     for name in SUPPORTING_FIELDS if report.get(name) is not None}
        orphan = next((p for p in proposals if p[1] not in (
            supported if p[0][0] == "proposed_instances" else named) and not any(
            p[1] in _scalars(other[2]) for other in proposals if other is not p)), None)
        if orphan is None:
            return
        path, key, _ = orphan
        facts.delete(path, key)


def edit(files: Editing, report_id: str, fields: Mapping[str, object], reviewer: str,
         day: str) -> None:
    section, item = _report(files.facts, report_id)
    if "id" in fields and fields["id"] != report_id:
        raise EditError(f"{report_id!r}: a report's id is not changed on the review page",
                        hint="it is part of the report's IRI")
    resolved = False
    for name, value in fields.items():
        new = yaml_value(name, value)
        if name in RESOLVED_FIELDS and _plain(item.get(name)) != _plain(new):
            resolved = True
        _set(item, name, new)
    if resolved and "resolution" in item:
        by = CommentedMap([("by", reviewer), ("reason", quoted("chosen on the review page"))])
        by.fa.set_flow_style()
        item["resolution"] = by
    _set(item, "reviewed", review_mark(reviewer, day))
    files.facts.changed(section, item)
    drop_orphan_proposals(files.facts)  # an edit can leave a proposal unsupported (a figure recounted)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) for v in value]
    return None if value is None else str(value)


def new_id(taken: set[str], section: str, hint: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", hint.lower()).strip("-")[:30].strip("-") or "new"
    base = f"{ID_PREFIX[section]}-{words}"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def add(files: Editing, section: str, fields: Mapping[str, object], occurrence: int | None,
        reviewer: str, day: str) -> str:
    """Add a report reviewed by ``reviewer`` on ``day`` to ``section``; return its id."""
    if section not in REPORT_SECTIONS:
        raise EditError(f"unknown section {section!r}", hint=f"one of {', '.join(REPORT_SECTIONS)}")
    taken = report_ids(files.facts.doc)
    evidence = str(fields.get("evidence") or "")
    if not evidence.strip():
        raise EditError("a new report needs its evidence: select a span of the article")
    hint = str(fields.get("entity") or fields.get("instance") or fields.get("counted") or
               " ".join(str(s) for s in fields.get("speakers") or []) or evidence)  # type: ignore[attr-defined]
    ident = str(fields.get("id") or new_id(taken, section, hint))
    if ident in taken:
        raise EditError(f"the id {ident!r} is already used in this facts file")
    item = CommentedMap([("id", ident)])
    for name, value in fields.items():
        if name not in ("id", "evidence", "reviewed") and value not in (None, "", []):
            item[name] = yaml_value(name, value)
    item["reviewed"] = review_mark(reviewer, day)
    item["evidence"] = quoted(evidence)
    if occurrence is not None:
        item["occurrence"] = occurrence
    files.facts.append(section, item)
    return ident


def add_entity(files: Editing, key: str, fields: Mapping[str, object]) -> None:
    _check_key(key)
    if key in _table(files.entities.doc, "entities"):
        raise EditError(f"the entity {key!r} exists already in data/entities.yaml",
                        hint="pick it in the list, or give the new entity another key")
    value = CommentedMap()
    for name in ("name", "types", "aliases", "description", "wikidata"):
        if fields.get(name) not in (None, "", []):
            value[name] = yaml_value(name, fields[name])
    if "types" in value:
        value["types"].fa.set_flow_style()
    files.entities.set(("entities",), key, value)


def add_instance(files: Editing, section: str, key: str, fields: Mapping[str, object]) -> None:
    if section not in INSTANCE_SECTIONS:
        raise EditError(f"unknown instance section {section!r}",
                        hint=f"one of {', '.join(INSTANCE_SECTIONS)}")
    _check_key(key)
    if key in _table(files.instances.doc, section):
        raise EditError(f"the {section.removesuffix('s')} {key!r} exists already in the instances "
                        "file", hint="pick it in the list, or give the new one another key")
    value = CommentedMap()
    for name, item in fields.items():
        if item not in (None, "", []):
            value[name] = yaml_value(name, item)
    files.instances.set((section,), key, value)


ENTITY_FIELDS = ("name", "types", "aliases", "description", "wikidata")


def edit_entity(files: Editing, key: str, fields: Mapping[str, object]) -> None:
    """Change the fields of entity ``key`` where it is declared: the facts file's
    `proposed_entities:` (a draft's new name), else data/entities.yaml. Only its lines change."""
    unknown = sorted(set(fields) - set(ENTITY_FIELDS))
    if unknown:
        raise EditError(f"entity {key!r}: unknown field(s) {', '.join(unknown)}",
                        hint=f"an entity has {', '.join(ENTITY_FIELDS)}")
    for file, path in ((files.facts, ("proposed_entities",)), (files.entities, ("entities",))):
        if key in _table(file.doc, path[0]):
            value = _table(file.doc, path[0])[key]
            _update(value, fields)
            file.changed(path, value)
            return
    raise EditError(f"no entity {key!r} in the facts file's proposed_entities nor in "
                    "data/entities.yaml")


def _update(value: Any, fields: Mapping[str, object]) -> None:
    for name, item in fields.items():
        new = yaml_value(name, item)
        if new is None or new == []:
            value.pop(name, None)
        elif isinstance(value.get(name), CommentedSeq) and isinstance(new, CommentedSeq):
            flow = value[name].fa.flow_style()
            value[name] = new
            if not flow:
                new.fa.set_block_style()
        else:
            value[name] = new


def keep_proposed(files: Editing, key: str) -> None:
    """Move the proposed entity or instance ``key`` from the facts file (`proposed_entities:`,
    `proposed_instances:`) into data/entities.yaml or the instances file, as written."""
    doc = files.facts.doc
    entities = _table(doc, "proposed_entities")
    if key in entities:
        if key in _table(files.entities.doc, "entities"):
            raise EditError(f"the entity {key!r} exists already in data/entities.yaml")
        files.entities.set(("entities",), key, entities[key])
        files.facts.delete(("proposed_entities",), key)
        return
    proposed = _table(doc, "proposed_instances")
    for section in INSTANCE_SECTIONS:
        if key in _table(proposed, section):
            if key in _table(files.instances.doc, section):
                raise EditError(f"{key!r} exists already in the instances file")
            files.instances.set((section,), key, proposed[section][key])
            files.facts.delete(("proposed_instances", section), key)
            return
    raise EditError(f"{key!r} is not proposed in the facts file",
                    hint="reload the page: the file may have changed")


def _table(doc: Any, name: str) -> Mapping[str, Any]:
    table = doc.get(name) if isinstance(doc, Mapping) else None
    return table if isinstance(table, Mapping) else {}


def _check_key(key: str) -> None:
    if not KEY.match(key):
        raise EditError(f"{key!r} is not a key", hint="lowercase letters a-z, digits 0-9 and '-', "
                        "starting with a letter or digit")


def apply(files: Editing, edit_: Mapping[str, Any], reviewer: str,
          occurrence_of: Any = None, day: str | None = None) -> None:
    """Apply one edit from the page to ``files``. ``occurrence_of(evidence, start)`` gives the
    occurrence number of a new report's span (None when it occurs once); ``day``: the review's
    day (default: today, UTC)."""
    day = day or today()
    op = edit_.get("op")
    fields = edit_.get("fields") or {}
    if not isinstance(fields, Mapping):
        raise EditError(f"{op}: 'fields' must be an object")
    if op == "accept":
        accept(files, str(edit_.get("id")), reviewer, day)
    elif op == "reject":
        reject(files, str(edit_.get("id")))
    elif op == "edit":
        edit(files, str(edit_.get("id")), fields, reviewer, day)
    elif op == "add":
        start = edit_.get("start")
        occurrence = (occurrence_of(str(fields.get("evidence") or ""), int(start))
                      if occurrence_of is not None and isinstance(start, int) else None)
        add(files, str(edit_.get("section")), fields, occurrence, reviewer, day)
    elif op == "entity":
        add_entity(files, str(edit_.get("key")), fields)
    elif op == "instance":
        add_instance(files, str(edit_.get("section")), str(edit_.get("key")), fields)
    elif op == "entity-edit":
        edit_entity(files, str(edit_.get("key")), fields)
    elif op == "keep":
        keep_proposed(files, str(edit_.get("key")))
    else:
        raise EditError(f"unknown edit {op!r}",
                        hint="one of accept, reject, edit, add, entity, entity-edit, instance, keep")
