"""data/instances.yaml: the world instances (events, agreements and terms, counted things,
relationships), each declared once under a key, independent of the articles that report them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from newskg.errors import FactsError
from newskg.project.fields import KEY_PATTERN, Fields
from newskg.project.model import (
    AGREEMENT_TYPES,
    EVENT_TYPES,
    FIGURE_KINDS,
    RELATIONSHIP_KINDS,
    UNITS,
    Acceptance,
    Agent,
    Agreement,
    Counted,
    Curation,
    Event,
    Instance,
    Instances,
    Relationship,
    Term,
    Times,
)
from newskg.project.yamlio import load_yaml

INSTANCES_FILE = "instances.yaml"
SECTIONS = ("events", "agreements", "counted", "relationships")
DURATION_HINT = "write an ISO 8601 duration such as P6W (six weeks) or P3D"


def read_agent(f: Fields) -> Agent:
    key = f.key("agent", required=True) or ""
    return Agent(key, f.text("agent_name") or key,
                 f.choice("agent_type", {"person": "person", "software": "software"}, "person"))


def read_curation(top: Fields, *, where: str = "curation") -> Curation:
    f = Fields(top.mapping("curation"), where=where, path=top.m.path, line=1)
    date = f.date("date", None)
    if date is None:
        raise f.error("date", "missing required field 'date'", "add 'date: YYYY-MM-DD'")
    curation = Curation(read_agent(f), date, f.boolean("reviewed", True))
    f.check_unknown()
    return curation


def read_sign_off(f: Fields, name: str, what: str, curation: Curation) -> Acceptance:
    """``name: {by: KEY, date: YYYY-MM-DD}``: who decided (a relationship accepted, a report
    reviewed) and when; the curation's own agent when ``by`` is its key, else a person."""
    af = Fields(f.m.get(name), where=f"{f.where} {what}", path=f.m.path, line=f.m.line_of(name))
    by = af.key("by", required=True) or ""
    date = af.date("date", None)
    if date is None:
        raise af.error("date", "missing required field 'date'", "add 'date: YYYY-MM-DD'")
    af.check_unknown()
    agent = curation.agent if by == curation.agent.key else Agent(by, by, "person")
    return Acceptance(agent, date)


def read_times(f: Fields, published: dt.date | None = None) -> Times:
    times = Times(f.date("date", published), f.date("start", published), f.date("end", published))
    if times.date and (times.start or times.end):
        raise f.error("date", "give either 'date' (a point in time) or 'start'/'end', not both")
    if times.start and times.end and times.end.following <= times.start.earliest:
        raise f.error("end", f"ends ({times.end.label}) before it starts ({times.start.label})",
                      "swap start and end, or fix the dates")
    return times


def read_duration(f: Fields) -> str | None:
    duration = f.text("duration")
    if duration is not None and not _is_duration(duration):
        raise f.error("duration", f"{duration!r} is not a duration", DURATION_HINT)
    return duration


def load_instances(path: Path) -> Instances:
    """Read data/instances.yaml; a missing file is an empty world (with a default curation)."""
    top = Fields(load_yaml(path), where="instances file", path=path, line=1)
    curation = read_curation(top)
    by_key = read_instance_sections(top, curation, SECTIONS)
    top.check_unknown()
    return Instances(path, curation, by_key)


def read_instance_sections(top: Fields, curation: Curation, sections: tuple[str, ...], *,
                           proposed: bool = False) -> dict[str, Instance]:
    """The instances under ``sections`` of one mapping (instances.yaml, or a draft's
    `proposed_instances:`, whose instances are drafts: ``proposed``)."""
    reader = _InstanceReader(curation, proposed=proposed)
    makers: dict[str, Callable[[Fields, str], Instance]] = {
        "events": reader.event, "agreements": reader.agreement, "counted": reader.counted,
        "relationships": reader.relationship}
    for section in sections:
        for key, f in _entries(top, section):
            reader.add(makers[section](f, key), f)
            f.check_unknown()
    return reader.by_key


def _entries(top: Fields, section: str) -> Iterator[tuple[str, Fields]]:
    table = top.mapping(section)
    if table is None:
        return
    for key, body in table.items():
        line = table.line_of(key)
        if not KEY_PATTERN.match(key):
            raise FactsError(f"{section}: {key!r} is not a key", path=top.m.path, line=line,
                             hint="use lowercase letters, digits and '-'")
        yield key, Fields(body, where=f"{section.removesuffix('s')} {key!r}", path=top.m.path,
                          line=line)


class _InstanceReader:
    def __init__(self, curation: Curation, *, proposed: bool = False) -> None:
        self.curation = curation
        self.proposed = proposed
        self.by_key: dict[str, Instance] = {}

    def add(self, instance: Instance, f: Fields) -> None:
        if instance.key in self.by_key:
            first = self.by_key[instance.key]
            raise FactsError(f"instance {instance.key!r} is declared twice",
                             path=f.m.path, line=instance.line,
                             hint=f"first declared on line {first.line} (as a {first.kind}); keys "
                                  "are unique across events, agreements, terms, counted things and "
                                  "relationships")
        self.by_key[instance.key] = instance

    def _base(self, f: Fields, key: str, label: str | None = None) -> dict[str, object]:
        """The fields every instance has; ``label`` is the default when the entry gives none."""
        status = f.choice("status", {"reviewed": "reviewed", "draft": "draft"},
                          "draft" if self.proposed else "reviewed")
        if self.proposed and status != "draft":
            raise f.error("status", "a proposed instance is a draft",
                          "to review it, move it to data/instances.yaml")
        wikidata = f.text("wikidata")
        return {"key": key, "line": f.line, "field_lines": dict(f.m.key_lines),
                "label": f.text("label", one_line=True) or label if label else
                f.req_text("label", one_line=True),
                "draft": status == "draft", "times": read_times(f), "wikidata": wikidata}

    def event(self, f: Fields, key: str) -> Event:
        duration = read_duration(f)
        return Event(**self._base(f, key), type=f.choice("type", EVENT_TYPES),  # type: ignore[arg-type]
                     participants=f.keys("participants"), places=f.keys("place"),
                     part_of=f.key("part_of"), duration=duration)

    def agreement(self, f: Fields, key: str) -> Agreement:
        base = self._base(f, key)
        terms = []
        for term_key, tf in _entries(f, "terms"):
            tf.where = f"term {term_key!r}"
            term = Term(**self._base(tf, term_key), agreement=key,  # type: ignore[arg-type]
                        parties=tf.keys("parties"), action=tf.req_text("action"),
                        event=tf.key("event"), supervised_by=tf.keys("supervised_by"))
            tf.check_unknown()
            self.add(term, tf)
            terms.append(term_key)
        return Agreement(**base, type=f.choice("type", AGREEMENT_TYPES),  # type: ignore[arg-type]
                         parties=f.keys("parties"), mediators=f.keys("mediators"),
                         supervised_by=f.keys("supervised_by"), terms=tuple(terms))

    def counted(self, f: Fields, key: str) -> Counted:
        return Counted(**self._base(f, key), measure=f.choice("measure", FIGURE_KINDS),  # type: ignore[arg-type]
                       unit=f.choice("unit", UNITS, "person"), of=f.key("of"), side=f.key("side"))

    def relationship(self, f: Fields, key: str) -> Relationship:
        predicate = f.text("predicate", required=True) or ""
        if predicate not in RELATIONSHIP_KINDS:
            raise f.error("predicate", f"{predicate!r} is not one of: "
                          f"{', '.join(RELATIONSHIP_KINDS)}")
        subject, obj = f.key("subject", required=True) or "", f.key("object", required=True) or ""
        base = self._base(f, key, label=f"{subject} {predicate} {obj}")
        return Relationship(**base, subject=subject,  # type: ignore[arg-type]
                            predicate=predicate, object=obj, accepted=self._accepted(f))

    def _accepted(self, f: Fields) -> Acceptance | None:
        value = f.m.get("accepted")
        f.used.add("accepted")
        if value is None or value is False:
            return None
        if value is True:
            return Acceptance(self.curation.agent, self.curation.date)
        return read_sign_off(f, "accepted", "acceptance", self.curation)


_DURATION = re.compile(r"P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?")


def _is_duration(text: str) -> bool:
    return _DURATION.fullmatch(text) is not None
