"""An extraction in the JSON shape of the development corpus's gold files (../shared/corpus/README.md),
so drafts and gold compare (`newskg eval`). The facts-file draft is facts_draft.py.
"""

from __future__ import annotations

import json
import re

from newskg.extract.model import Extraction, Ref
from newskg.extract.patterns import words
from newskg.extract.patterns.organisations import SHORT_FORMS
from newskg.extract.patterns.speakers import PERSON_NOUNS

_INDEFINITE = re.compile(r"^(?:a|an|another|one|some|several|each|either|both)\s", re.IGNORECASE)
_BEFORE_PLACE = re.compile(r"\s+(?:in|from|at|near)\s+")
GOLD_ACTOR_TYPES = {"Person": "Person", "State": "State", "ArmedGroup": "ArmedGroup",
                    "Collective": "Group"}
GOLD_PLACE_TYPES = {"Country": "Country", "Region": "Region", "City": "City", "Territory": "Region"}


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
        elif "NewsAgency" in m.ref.entity.types and not m.credited:
            continue  # a medium named ("told VOA", "(Reuters)") is listed only when it speaks
        else:
            _actor_entry(m.ref, actors)  # a state acting is not a place named ("Qatar said")
    named = [s.speaker for s in x.statements] + [f.reported_by for f in x.figures if f.reported_by]
    named += [r for a in x.agreements for r in a.mediators]
    for ref in named:
        if not _INDEFINITE.match(ref.name) and not _unnamed_group(ref) and not _role_only(ref) \
                and not _staff_of_organisation(ref.name):
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
        "statements": _statements(x),
        "figures": [{"what": f.kind, "value": f.value, "qualifier": f.qualifier,
                     "reported_by": f.reported_by.name if f.reported_by else None,
                     "evidence": f.evidence.text, "confidence": f.confidence}
                    for f in x.figures if not f.vague],  # "hundreds" is no gold figure (rule 9)
        "events": [{"name": e.label, "type": e.type, "date": _day(e.date),
                    "place": e.places[0].name if e.places else None, "evidence": e.evidence.text,
                    "confidence": e.confidence} for e in x.events],
        "warnings": x.warnings,
    }
    return doc


def _statements(x: Extraction) -> list[dict[str, object]]:
    """Statements in the gold shape, one per speaker: the same words given by two speakers of one
    cue ("Witnesses and security officials said ...") are two statements, as the development set's
    annotation rule 3 and the corpus record them."""
    return [{"speaker": s.speaker.name, "text": s.words, "direct": s.direct,
             "evidence": s.evidence.text, "confidence": s.confidence} for s in x.statements]


_STAFF = re.compile(r"(?:[Tt]he\s+)?(?P<org>.+?)\s+(?:officials|staff|workers|spokes(?:man|woman|person)|"
                    r"sources)$")


def _staff_of_organisation(name: str) -> bool:
    """"United Nations officials", "U.N. staff": the organisation is the actor (named already,
    `newskg.extract.descriptions`), not its people."""
    m = _STAFF.fullmatch(name)
    return m is not None and m.group("org") in SHORT_FORMS


def _role_only(ref: Ref) -> bool:
    """"the AU's chief mediator", "the company": a role or a common noun, no name of its own."""
    tail = re.split(r"['’]s\s", ref.name)[-1].split()  # the words after a possessive
    if tail and tail[0].lower() in ("the", "a", "an"):
        # "The governor of the Mykolaiv region", "the regional governor in ... Odesa": the role
        # before what it is of
        tail = _ROLE_OF.split(" ".join(tail[1:]), maxsplit=1)[0].split()
    return not ref.entity.known and bool(tail) and all(w.islower() for w in tail) and (
        tail[-1] in PERSON_NOUNS or tail[-1] in _COMMON_BODIES)


_ROLE_OF = re.compile(r"\s+(?:of|in|from|at|near|for|to)\s+")
_COMMON_BODIES = words("company firm operator owner group mission agency side")


def _unnamed_group(ref: Ref) -> bool:
    """"Witnesses", "Aid agencies", "local authorities": a description without a name in it."""
    words = _BEFORE_PLACE.split(ref.name)[0].split()  # "Officials in southern Ukraine"
    if ref.entity.known or any(w[:1].isupper() for w in words[1:]):
        return False
    if len(words) == 1 and words[0].lower() in PERSON_NOUNS | _UNNAMED:  # "Officials in ..."
        return True  # devset rule 58: "Authorities", "Locals" speak but are no actors
    plural = words[-1].endswith("s") and not words[-1].endswith(("'s", "’s"))
    return "Collective" in ref.entity.types or (plural and words[0].lower() in _DESCRIPTIVE_FIRST)


_UNNAMED = words("authorities locals residents witnesses villagers survivors")
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
