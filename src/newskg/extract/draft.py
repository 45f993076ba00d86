"""An extraction as a draft facts file (the project's YAML, docs/facts-format.md) or as the JSON shape
of the development corpus's gold files (../shared/corpus/README.md), so drafts and gold compare.

The YAML draft passes `newskg build` when placed with its article.txt (the extracted text) in
data/articles/<slug>/: names the gazetteer does not know are listed under ``proposed_entities``, every
fact carries its evidence (the sentence), a confidence, and ``reviewed: false`` from the curation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

from newskg.evidence import SpanCopies
from newskg.extract.gazetteer import Known
from newskg.extract.model import Extraction, Ref
from newskg.extract.patterns import words
from newskg.extract.patterns.speakers import PERSON_NOUNS
from newskg.extract.sentences import Sentence

AGENT = "newskg-extract"
_INDEFINITE = re.compile(r"^(?:a|an|another|one|some|several)\s", re.IGNORECASE)
EVENT_TYPES = {"MilitaryOperation": "military-operation", "War": "war", "Talks": "talks",
               "Protest": "protest", "Evacuation": "evacuation", "Attack": "attack",
               "Other": "other"}
AGREEMENT_TYPES = {"Ceasefire": "ceasefire", "PeaceDeal": "peace-deal", "Other": "other"}
GOLD_ACTOR_TYPES = {"Person": "Person", "State": "State", "ArmedGroup": "ArmedGroup",
                    "Collective": "Group"}
GOLD_PLACE_TYPES = {"Country": "Country", "Region": "Region", "City": "City", "Territory": "Region"}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


class _Ids:
    """Fact ids unique within the draft: prefix-word-N."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def make(self, prefix: str, hint: str) -> str:
        base = f"{prefix}-{re.sub(r'[^a-z0-9]+', '-', hint.lower()).strip('-')[:30].strip('-')}"
        self.counts[base] += 1
        return base if self.counts[base] == 1 else f"{base}-{self.counts[base]}"


def to_facts_yaml(x: Extraction, *, today: dt.date | None = None) -> str:
    """The draft facts file of an extraction (YAML text)."""
    today = today or dt.date.today()
    entities: dict[str, Known] = {}
    used: list[Ref] = []
    lines = [f"# Draft facts drafted by newskg extract from {x.article.path.name}.",
             "# Review each fact against article.txt: fix it, delete it, or set reviewed: true;",
             "# facts with a confidence below 0.7 are drafts. Format: docs/facts-format.md.",
             *(f"# warning: {w}" for w in x.warnings),
             "article:", f"  headline: {_q(x.article.headline)}"]
    if x.published is not None:
        lines.append(f"  published: {x.published.isoformat()}")
    else:
        lines.append("  # published: YYYY-MM-DD   (unknown: add it before newskg build)")
    if x.article.source:
        lines.append(f"  url: {_q(x.article.source)}")
    lines += ["curation:", f"  agent: {AGENT}", "  agent_name: newskg extract",
              "  agent_type: software", f"  date: {today.isoformat()}", "  reviewed: false"]
    # a repeated span needs occurrence: N to build
    copies = SpanCopies(x.article.text, [*(m.ref.name for m in x.mentions), *_evidence(x)])
    ids = _Ids()
    body: list[str] = []

    def ref(r: Ref) -> str:
        used.append(r)
        if not r.entity.known:
            entities.setdefault(r.entity.key, x.proposed.get(r.entity.key, r.entity))
        return r.entity.key

    def fact(prefix: str, hint: str, evidence: Sentence, confidence: float) -> list[str]:
        out = [f"  - id: {ids.make(prefix, hint)}", f"    confidence: {confidence:.2f}",
               f"    evidence: {_q(evidence.text)}"]
        occurrence = copies.occurrence(evidence.text, evidence.start)
        if occurrence is not None:
            out.append(f"    occurrence: {occurrence}")
        return out

    mentioned: set[str] = set()
    section = []
    for m in x.mentions:
        if m.ref.entity.key in mentioned:
            continue
        mentioned.add(m.ref.entity.key)
        section += [f"  - id: {ids.make('m', m.ref.entity.key)}", f"    entity: {ref(m.ref)}",
                    "    confidence: 0.60", f"    evidence: {_q(m.ref.name)}"]
        occurrence = copies.occurrence(m.ref.name, m.evidence.start + m.start)
        if occurrence is not None:
            section.append(f"    occurrence: {occurrence}")
    body += ["mentions:", *section] if section else []
    section = []
    for s in x.statements:
        section += fact("st", s.speaker.entity.key, s.evidence, s.confidence)
        section += [f"    speaker: {ref(s.speaker)}", f"    act: {s.act}",
                    f"    direct: {'true' if s.direct else 'false'}", f"    words: {_q(s.words)}",
                    f"    cue: {_q(s.cue)}"]
        section += _date_lines(s.date, s.date_text)
    body += ["statements:", *section] if section else []
    section = []
    for f in x.figures:
        section += fact("fig", f.kind, f.evidence, f.confidence)
        section += [f"    kind: {f.kind}", f"    value: {f.value}", f"    qualifier: {f.qualifier}"]
        if f.qualifier_text:
            section.append(f"    qualifier_text: {_q(f.qualifier_text)}")
        if f.counts:
            section.append(f"    counts: {_q(f.counts)}")
        if f.reported_by is not None:
            section.append(f"    reported_by: {ref(f.reported_by)}")
    body += ["figures:", *section] if section else []
    section = []
    for e in x.events:
        section += fact("ev", EVENT_TYPES[e.type], e.evidence, e.confidence)
        section += [f"    type: {EVENT_TYPES[e.type]}", f"    label: {_q(e.label)}"]
        if e.places:
            section.append(f"    place: [{', '.join(ref(p) for p in e.places)}]")
        section += _date_lines(e.date, e.date_text)
    body += ["events:", *section] if section else []
    section = []
    for a in x.agreements:
        if len(a.parties) < 2:
            lines.append(f"# left out (fewer than two parties found): {a.label}")
            continue
        section += fact("ag", AGREEMENT_TYPES[a.type], a.evidence, a.confidence)
        section += [f"    type: {AGREEMENT_TYPES[a.type]}", f"    label: {_q(a.label)}",
                    f"    parties: [{', '.join(ref(p) for p in a.parties)}]"]
        if a.mediators:
            section.append(f"    mediators: [{', '.join(ref(p) for p in a.mediators)}]")
        section += _date_lines(a.date, a.date_text)
        if a.terms:
            section.append("    terms:")
            for action, sentence in a.terms:
                section += ["  " + line for line in fact("term", action, sentence, 0.5)]
                section.append(f"      action: {_q(action)}")
    body += ["agreements:", *section] if section else []
    if entities:
        lines.append("proposed_entities:   # names the gazetteer does not know; check the types")
        for key, entity in sorted(entities.items()):
            lines.append(f"  {key}: {{name: {_q(entity.name)}, types: [{', '.join(entity.types)}]}}")
    return "\n".join(lines + body) + "\n"


def _date_lines(value: str | None, text: str | None) -> list[str]:
    out = []
    if value:
        out.append(f"    date: {_q(value)}")
    if text:
        out.append(f"    date_text: {_q(text)}")
    return out


def _evidence(x: Extraction) -> list[str]:
    """The evidence sentences of every fact (agreement terms included)."""
    return ([s.evidence.text for s in x.statements] + [f.evidence.text for f in x.figures] +
            [e.evidence.text for e in x.events] + [a.evidence.text for a in x.agreements] +
            [s.text for a in x.agreements for _, s in a.terms])


def to_gold_json(x: Extraction, slug: str) -> str:
    """The extraction in the shape of ../shared/corpus/gold/*.json, as JSON text."""
    return json.dumps(to_gold(x, slug), ensure_ascii=False, indent=2) + "\n"


def to_gold(x: Extraction, slug: str) -> dict[str, object]:
    """The extraction in the shape of ../shared/corpus/gold/*.json (plus confidences, warnings)."""
    actors: dict[str, dict[str, object]] = {}
    territories: dict[str, dict[str, object]] = {}
    for m in x.mentions:
        if m.as_place or not m.ref.entity.is_actor:
            _territory_entry(m.ref, territories)
        else:
            _actor_entry(m.ref, actors)
            if "Country" in m.ref.entity.types:  # a state acting is also a country named
                _territory_entry(m.ref, territories)
    named = [s.speaker for s in x.statements] + [f.reported_by for f in x.figures if f.reported_by]
    named += [r for a in x.agreements for r in a.mediators]
    for ref in named:
        if not _INDEFINITE.match(ref.name) and not _unnamed_group(ref) and not _role_only(ref):
            _actor_entry(ref, actors)  # "an official in Stepanakert", "witnesses" name nobody
    _merge_acronyms(actors)
    doc: dict[str, object] = {
        "article": slug,
        "published": x.published.isoformat() if x.published else None,
        "actors": list(actors.values()),
        "territories": list(territories.values()),
        "agreements": [{"name": a.label, "type": a.type, "parties": [p.name for p in a.parties],
                        "mediators": [p.name for p in a.mediators], "date": _day(a.date),
                        "terms": [t for t, _ in a.terms], "evidence": a.evidence.text,
                        "confidence": a.confidence} for a in x.agreements if a.parties],
        "statements": _joint_statements(x),
        "figures": [{"what": f.kind, "value": f.value, "qualifier": f.qualifier,
                     "reported_by": f.reported_by.name if f.reported_by else None,
                     "evidence": f.evidence.text, "confidence": f.confidence} for f in x.figures],
        "events": [{"name": e.label, "type": e.type, "date": _day(e.date),
                    "place": e.places[0].name if e.places else None, "evidence": e.evidence.text,
                    "confidence": e.confidence} for e in x.events],
        "warnings": x.warnings,
    }
    return doc


def _joint_statements(x: Extraction) -> list[dict[str, object]]:
    """Statements in the gold shape; the same words given by two speakers of one cue ("Qatar and
    Egypt announced ...") are one statement by "Qatar and Egypt", as annotators record them."""
    out: list[dict[str, object]] = []
    for s in x.statements:
        last = out[-1] if out else None
        if last is not None and last["text"] == s.words and last["evidence"] == s.evidence.text:
            last["speaker"] = f"{last['speaker']} and {s.speaker.name}"
            continue
        out.append({"speaker": s.speaker.name, "text": s.words, "direct": s.direct,
                    "evidence": s.evidence.text, "confidence": s.confidence})
    return out


def _role_only(ref: Ref) -> bool:
    """"the AU's chief mediator", "the company": a role or a common noun, no name of its own."""
    tail = re.split(r"['’]s\s", ref.name)[-1].split()  # the words after a possessive
    if tail and tail[0].lower() in ("the", "a", "an"):
        tail = tail[1:]
    return not ref.entity.known and bool(tail) and all(w.islower() for w in tail) and (
        tail[-1] in PERSON_NOUNS or tail[-1] in _COMMON_BODIES)


_COMMON_BODIES = words("company firm operator owner group mission agency side")


def _unnamed_group(ref: Ref) -> bool:
    """"Witnesses", "Aid agencies", "local authorities": a description without a name in it."""
    words = ref.name.split()
    if ref.entity.known or any(w[:1].isupper() for w in words[1:]):
        return False
    plural = words[-1].endswith("s") and not words[-1].endswith(("'s", "’s"))
    return "Collective" in ref.entity.types or (plural and words[0].lower() in _DESCRIPTIVE_FIRST)


_DESCRIPTIVE_FIRST = words("local aid some many several other senior regional security "
                        "military health government rescue relief medical")


def _merge_acronyms(actors: dict[str, dict[str, object]]) -> None:
    """"AU" and "African Union" found as two actors: one actor, the acronym an alias."""
    by_initials: dict[str, str] = {}
    for key, entry in actors.items():
        words = [w for w in str(entry["name"]).split() if w[:1].isupper()]
        if len(words) >= 2:
            by_initials.setdefault("".join(w[0] for w in words), key)
    for key, entry in list(actors.items()):
        name = str(entry["name"])
        target = by_initials.get(name.replace(".", ""))
        if name.isupper() and target is not None and target != key:
            aliases = actors[target]["aliases"]
            assert isinstance(aliases, list)
            aliases.append(name)
            del actors[key]


def _day(value: str | None) -> str | None:
    """A date as the gold shape has it: YYYY-MM-DD, else None (years and decades are not days)."""
    return value if value is not None and len(value) == 10 else None


def _actor_entry(r: Ref, actors: dict[str, dict[str, object]]) -> None:
    e = r.entity
    if not e.is_actor:
        return
    if e.key not in actors:
        kind = next((GOLD_ACTOR_TYPES[t] for t in e.types if t in GOLD_ACTOR_TYPES), "Organization")
        actors[e.key] = {"name": e.name, "type": kind, "aliases": []}
    aliases = actors[e.key]["aliases"]
    assert isinstance(aliases, list)
    if r.name != e.name and r.name not in aliases:
        aliases.append(r.name)


def _territory_entry(r: Ref, territories: dict[str, dict[str, object]]) -> None:
    e = r.entity
    if e.is_territory and e.key not in territories:
        kind = next((GOLD_PLACE_TYPES[t] for t in e.types if t in GOLD_PLACE_TYPES), "Region")
        territories[e.key] = {"name": e.name, "type": kind}
