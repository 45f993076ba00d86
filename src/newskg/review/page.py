"""What the review page shows: the article's text, every report with its evidence span, dates and
precision, the entity or instance it is resolved to with the other candidates and their scores, and
the choices of the pickers (entities, instances, vocabularies).

Candidates are scored with the rules `newskg add` resolves with (newskg.extract.resolve): an event or
agreement report against every instance of its kind, a figure against every counted thing of its
measure, using the entities the article mentions inside the report's evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from newskg.errors import NewskgError
from newskg.extract.candidates import Candidates
from newskg.extract.resolve import Told, score_agreement, score_counted, score_event, to_date
from newskg.project.dates import DateValue
from newskg.project.entities import ACTOR_TYPES, ENTITY_TYPES, TERRITORY_TYPES
from newskg.project.load import load_project
from newskg.project.model import (
    AGREEMENT_TYPES,
    EVENT_TYPES,
    FIGURE_KINDS,
    POLARITIES,
    QUALIFIERS,
    STANCES,
    UNITS,
    Agreement,
    ArticleFacts,
    Counted,
    Event,
    Figure,
    InstanceReport,
    Project,
    Report,
)
from newskg.rdf.evidence import SpanNotFound
from newskg.review import splice
from newskg.review.edits import REPORT_SECTIONS, Files
from newskg.review.session import ReviewSession, token_of

KIND_OF_SECTION = {"mentions": "mention", "statements": "statement", "reports": "report",
                   "figures": "figure"}
MAX_CANDIDATES = 5


def plain(value: Any) -> Any:
    """A ruamel value as JSON."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return str(value)


def page_state(session: ReviewSession, files: Files | None = None,
               project: Project | None = None) -> dict[str, Any]:
    """Everything the page needs, for the files as they are on disk (or ``files`` and the
    ``project`` read from them)."""
    state: dict[str, Any] = {"slug": session.folder.name, "text": session.text,
                             "token": "", "facts_file": str(session.facts_path),
                             "vocabulary": vocabulary()}
    try:
        files = files or session.read()
        state["token"] = token_of(files)
        project = project or load_project(session.data_dir)
    except NewskgError as exc:  # shown on the page: fix the file by hand, then reload
        state.update(error=str(exc), reports=[], entities=[], instances=[])
        return state
    facts = next(f for f in project.articles if f.slug == session.folder.name)
    state["headline"] = facts.headline
    state["published"] = facts.published.isoformat()
    state["entities"] = [{"key": e.key, "name": e.name, "types": list(e.types),
                          "proposed": e.key in facts.proposed_entities}
                         for e in sorted(project.entities.values(), key=lambda e: e.name.lower())]
    state["instances"] = [{"key": i.key, "kind": i.kind, "label": i.label, "draft": i.draft,
                           "proposed": i.key in facts.proposed_instances,
                           "type": getattr(i, "type", None) or getattr(i, "measure", None)}
                          for i in sorted(project.instances.by_key.values(),
                                          key=lambda i: (i.kind, i.label.lower()))]
    raw = splice.parse(files.facts)
    spans = _spans(session, facts)
    candidates = Candidates(project.entities, project.instances.by_key)
    state["reports"] = [
        _report(section, plain(item), facts, project, spans, candidates)
        for section in REPORT_SECTIONS for item in raw.get(section) or []
        if isinstance(item, Mapping) and str(item.get("id")) in facts.by_id]
    return state


def vocabulary() -> dict[str, list[str]]:
    return {
        "stances": list(STANCES),
        "polarities": list(POLARITIES),
        "qualifiers": list(QUALIFIERS),
        "measures": list(FIGURE_KINDS),
        "units": list(UNITS),
        "entity_types": list(ENTITY_TYPES),
        "event_types": list(EVENT_TYPES),
        "agreement_types": list(AGREEMENT_TYPES),
        "sections": list(REPORT_SECTIONS),
    }


def _spans(session: ReviewSession, facts: ArticleFacts) -> dict[str, tuple[int, int] | str]:
    out: dict[str, tuple[int, int] | str] = {}
    for report in facts.all_reports():
        try:
            span = session.article_text.locate(report.evidence.text, report.evidence.occurrence)
            out[report.id] = (span.start, span.end)
        except SpanNotFound as exc:
            out[report.id] = f"evidence {exc}"
    return out


def _date(value: DateValue | None) -> dict[str, str] | None:
    if value is None:
        return None
    return {"label": value.label, "precision": value.precision.name.lower(),
            "from": value.earliest.isoformat(), "until": value.following.isoformat()}


def _report(section: str, fields: dict[str, Any], facts: ArticleFacts, project: Project,
            spans: Mapping[str, tuple[int, int] | str], candidates: Candidates) -> dict[str, Any]:
    report = facts.by_id[str(fields["id"])]
    span = spans.get(report.id)
    out: dict[str, Any] = {
        "id": report.id, "section": section, "kind": KIND_OF_SECTION[section], "fields": fields,
        "reviewed": report.reviewed, "confidence": report.confidence, "status": report.status,
        "start": span[0] if isinstance(span, tuple) else None,
        "end": span[1] if isinstance(span, tuple) else None,
        "span_error": span if isinstance(span, str) else None, "dates": {}, "candidates": []}
    resolution = facts.resolutions.get(report.id)
    if resolution is not None:
        out["resolution"] = {"by": resolution.by, "score": resolution.score,
                             "reason": resolution.reason}
    times = getattr(report, "times", None)
    for name, value in times.items() if times is not None else ():
        out["dates"][name] = _date(value)
    as_of = getattr(report, "as_of", None)
    if "as_of" in fields and as_of is not None:
        out["dates"]["as_of"] = _date(as_of)
    if isinstance(report, Figure):
        out["bounds"] = {"value": report.value, "lower": report.lower, "upper": report.upper,
                         "qualifier": report.qualifier}
    if isinstance(report, (InstanceReport, Figure)):
        out["candidates"] = _candidates(report, facts, project, spans, candidates)
    return out


def _inside(facts: ArticleFacts, spans: Mapping[str, tuple[int, int] | str], report: Report,
            types: frozenset[str], project: Project) -> tuple[str, ...]:
    """Keys of the entities of ``types`` the article mentions inside ``report``'s evidence."""
    span = spans.get(report.id)
    if not isinstance(span, tuple):
        return ()
    keys: list[str] = []
    for m in facts.mentions:
        inner = spans.get(m.id)
        entity = project.entities.get(m.entity)
        if (isinstance(inner, tuple) and span[0] <= inner[0] and inner[1] <= span[1]
                and entity is not None and set(entity.types) & types and m.entity not in keys):
            keys.append(m.entity)
    for s in facts.statements:
        inner = spans.get(s.id)
        if isinstance(inner, tuple) and span[0] <= inner[0] and inner[1] <= span[1]:
            keys += [k for k in s.speakers if k not in keys and k in project.entities
                     and set(project.entities[k].types) & types]
    return tuple(keys)


def _candidates(report: InstanceReport | Figure, facts: ArticleFacts, project: Project,
                spans: Mapping[str, tuple[int, int] | str], c: Candidates) -> list[dict[str, Any]]:
    chosen = project.instances.by_key.get(
        report.instance if isinstance(report, InstanceReport) else report.counted)
    if chosen is None:
        return []
    actors = _inside(facts, spans, report, ACTOR_TYPES, project)
    places = _inside(facts, spans, report, TERRITORY_TYPES, project)
    sentence = report.evidence.text
    published = facts.published
    date = None
    if isinstance(report, InstanceReport):
        first = report.times.date or report.times.start
        date = to_date(first.lexical) if first else None
    told_type = getattr(chosen, "type", "")
    scored = []
    for other in project.instances.by_key.values():
        if isinstance(chosen, Event) and isinstance(other, Event):
            told = Told(told_type, date, places, actors, sentence)
            scored.append(score_event(told, other, c, published))
        elif isinstance(chosen, Agreement) and isinstance(other, Agreement):
            told = Told(told_type, date, places, actors, sentence, parties=actors)
            scored.append(score_agreement(told, other, published))
        elif isinstance(chosen, Counted) and isinstance(other, Counted):
            here = {r.instance for r in facts.reports if spans.get(r.id) == spans.get(report.id)}
            told_events = {r.instance for r in facts.reports}
            scored.append(score_counted(chosen.measure, other, here, told_events, set(actors),
                                        sentence, c, published))
    fits = sorted((s for s in scored if s.score is not None or s.instance.key == chosen.key),
                  key=lambda s: (s.instance.key != chosen.key, -(s.score or 0.0)))
    return [{"key": s.instance.key, "label": s.instance.label, "score": s.score, "why": s.why,
             "chosen": s.instance.key == chosen.key} for s in fits[:MAX_CANDIDATES + 1]]

