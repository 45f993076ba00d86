"""Resolution: which existing entity or world instance a draft's mention, event, agreement, term or
figure is about, with a score in [0, 1] and the reason; or a new instance to propose.

Rules (docs/facts-format.md, "Drafts"):
- an entity the gazetteer knows is resolved by its name or alias; a new name is linked to an existing
  entity of the same kind (actor or territory) when one's content words contain the other's, they
  share two or more and at least half of all, else proposed;
- an event or agreement is linked when an instance of the same type has a compatible time (the draft's
  date falls in the instance's period; no date on either side is neutral), a compatible place (the
  same territory or one inside the other; none given is neutral) and, for agreements, a shared party;
  shared participants and words of the instance's label in the sentence add to the score;
- a figure's counted thing is linked when one of the same measure counts an event this draft links
  (best: in the same sentence) or an actor the sentence names;
- a link needs a score of at least LINK_AT and LEAD over the next candidate; otherwise a new instance
  is proposed, and the reason names the best candidate and why it was not taken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from newskg.extract.candidates import Candidates
from newskg.extract.gazetteer import Known
from newskg.project.dates import DateFormError, DateValue, parse_date
from newskg.project.entities import Entity
from newskg.project.model import Agreement, Counted, Event, Instance, Term, Times
from newskg.words import content_words, normalise

LINK_AT = 0.7
DESCRIBED = 0.8  # "the Armenian leader" resolved by role and nationality, not by name
LEAD = 0.1
EVENT_TYPE_KEYS = {"MilitaryOperation": "military-operation", "War": "war", "Talks": "talks",
                   "Protest": "protest", "Evacuation": "evacuation", "Attack": "attack",
                   "Other": "other"}
EVENT_CLASSES = {"MilitaryOperation": "MilitaryOperation", "War": "War", "Talks": "Talks",
                 "Protest": "Protest", "Evacuation": "Evacuation", "Attack": "Attack",
                 "Other": "Event"}
AGREEMENT_CLASSES = {"Ceasefire": "Ceasefire", "PeaceDeal": "PeaceDeal", "Other": "Agreement"}


@dataclass(frozen=True)
class Decision:
    """What a drafted thing points at: ``key`` (existing, or ``new`` and proposed), and why."""

    key: str
    score: float
    reason: str
    new: bool = False


@dataclass(frozen=True)
class Scored:
    instance: Instance
    score: float | None  # None: incompatible; else rounded to two decimals, as written
    why: str

    def __post_init__(self) -> None:
        if self.score is not None:
            object.__setattr__(self, "score", round(min(self.score, 1.0), 2))


def leads(top: float, runner_up: float) -> bool:
    """Whether ``top`` is LEAD ahead of ``runner_up``: compared in hundredths, as scores are written
    (in floating point 0.70 - 0.60 is just under 0.1)."""
    return round(top - runner_up, 2) >= LEAD


def choose(scored: Sequence[Scored]) -> Decision:
    """The confident link among ``scored`` candidates; else a decision with ``new`` set, no key
    yet, and the reason why none was taken."""
    fits = sorted((s for s in scored if s.score is not None), key=lambda s: -(s.score or 0.0))
    top = fits[0].score or 0.0 if fits else 0.0
    runner_up = fits[1].score or 0.0 if len(fits) > 1 else 0.0
    if fits and top >= LINK_AT and (len(fits) == 1 or leads(top, runner_up)):
        return Decision(fits[0].instance.key, top, fits[0].why)
    if fits:
        close = f" (as close: {fits[1].instance.key} {runner_up:.2f})" if len(fits) > 1 and (
            not leads(top, runner_up)) else ""
        return Decision("", 0.0, f"best candidate {fits[0].instance.key} scored {top:.2f} "
                        f"[{fits[0].why}]{close}; a link needs {LINK_AT} and a lead of {LEAD}",
                        new=True)
    refused = next(iter(scored), None)
    return Decision("", 0.0, f"no compatible instance (e.g. {refused.instance.key}: "
                    f"{refused.why})" if refused else "no instance of this kind yet", new=True)


# -- time and place -------------------------------------------------------------------------
def to_date(text: str | None) -> DateValue | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except DateFormError:
        return None


def span(times: Times) -> tuple[dt.date | None, dt.date | None]:
    """The instance's period: first day, first day after (None: open or unknown)."""
    first = times.date or times.start
    last = times.date or times.end
    return (first.earliest if first else None, last.following if last else None)


def time_fit(date: DateValue | None, times: Times, published: dt.date | None
             ) -> tuple[float | None, str]:
    """(score share 0..1 or None when incompatible, reason)."""
    lo, hi = span(times)
    if date is None:
        if lo is not None and published is not None and lo > published:
            return None, f"it begins {lo} after the article ({published})"
        return 0.4, "no date in the draft"
    if lo is None and hi is None:
        return 0.4, "the instance has no date"
    if (lo is None or date.following > lo) and (hi is None or date.earliest < hi):
        return 1.0, f"date {date.label} within {lo or '…'}..{hi or '…'}"
    return None, f"date {date.label} outside {lo or '…'}..{hi or '…'}"


def within(date: DateValue | None, times: Times) -> bool:
    """Whether the instance's whole period lies inside ``date`` (a war of 2020 inside "2020")."""
    lo, hi = span(times)
    return date is not None and lo is not None and hi is not None and \
        date.earliest <= lo and hi <= date.following


def place_fit(drafted: Iterable[str], known: Iterable[str], c: Candidates
              ) -> tuple[float | None, str]:
    a, b = sorted(set(drafted)), sorted(set(known))
    if not a or not b:
        return 0.4, "no place to compare"
    shared = [p for p in a if any(c.related_places(p, q) for q in b)]
    if shared:
        return 1.0, f"place {', '.join(shared)}"
    return None, f"place {', '.join(a)} is not {', '.join(b)}"


def shared_share(drafted: Iterable[str], known: Iterable[str]) -> tuple[float, list[str]]:
    a, b = set(drafted), set(known)
    shared = sorted(a & b)
    return (len(shared) / min(len(a), len(b)) if shared else 0.0), shared


def label_share(label: str, sentence: str) -> float:
    words = content_words(label)
    return len(words & content_words(sentence)) / len(words) if words else 0.0


# -- entities -------------------------------------------------------------------------------
def known_entity(name: str, entity: Known, entities: dict[str, Entity]) -> Decision:
    """How the gazetteer's hit for ``name`` was found (name, alias, or the end of a longer name)."""
    curated = entities.get(entity.key)
    norm = normalise(name)
    if curated is not None and norm == normalise(curated.name):
        return Decision(entity.key, 1.0, f"the name of {entity.key}")
    if curated is not None and norm in {normalise(a) for a in curated.aliases}:
        return Decision(entity.key, 1.0, f"an alias of {entity.key}")
    if curated is not None and not content_words(name) & content_words(curated.name):
        return Decision(entity.key, DESCRIBED, f"'{name}' describes {entity.key} "
                        f"({(curated.description or curated.name).rstrip('.')}), named before in the article")
    return Decision(entity.key, 0.9, f"'{name}' contains a name of {entity.key}")


# Kinds of actor a new name may be linked across; bodies (organisations, government bodies,
# peacekeepers, agencies) are one kind, because news copy names them loosely.
_FAMILIES = (("Person",), ("State",), ("ArmedGroup",), ("Collective",))


def actor_family(types: Iterable[str]) -> str:
    kinds = set(types)
    return next((f[0] for f in _FAMILIES if kinds.intersection(f)), "body")


def new_entity(proposed: Known, entities: dict[str, Entity]) -> Decision:
    """An existing entity of the same kind whose name or alias shares most content words with the
    new name (one's words inside the other's), else the proposal itself."""
    words = content_words(proposed.name)
    scored: list[tuple[float, str, str]] = []
    for e in entities.values():
        if not ((proposed.is_actor and e.is_actor) or (proposed.is_territory and e.is_territory)):
            continue
        if proposed.is_actor and actor_family(proposed.types) != actor_family(e.types):
            continue  # "ethnic Armenian forces" (armed group) is not the Armed Forces of Armenia
        best = 0.0
        form = ""
        for name in (e.name, *e.aliases):
            other = content_words(name)
            if len(words & other) >= 2 and (words <= other or other <= words):
                share = len(words & other) / len(words | other)
                if share > best:
                    best, form = share, name
        if best:
            scored.append((best, e.key, form))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or leads(scored[0][0], scored[1][0])):
        share, key, form = scored[0]
        return Decision(key, round(min(0.9, share + 0.2), 2),
                        f"'{proposed.name}' and '{form}' ({key}) share {share:.0%} of their words")
    if scored:
        return Decision(proposed.key, 0.0, f"new entity proposed: nearest {scored[0][1]} shares "
                        f"{scored[0][0]:.0%} of its words", new=True)
    return Decision(proposed.key, 0.0, "new entity proposed: no existing entity of this kind "
                    "shares its words", new=True)


# -- instances ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Told:
    """What the draft tells of one happening, in entity keys already resolved."""

    type: str  # the instance class local name (EVENT_CLASSES / AGREEMENT_CLASSES values)
    date: DateValue | None
    places: tuple[str, ...]
    actors: tuple[str, ...]  # named in the sentence
    sentence: str
    parties: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()


# Types of armed violence one writer calls a war and another an offensive or an assault.
FIGHTING = frozenset({"War", "MilitaryOperation", "Attack"})
KIN_PENALTY = 0.1


def score_event(told: Told, e: Event, c: Candidates, published: dt.date | None) -> Scored:
    kin = e.type != told.type and {e.type, told.type} <= FIGHTING
    if e.type != told.type and not kin:
        return Scored(e, None, f"type {e.type}, not {told.type}")
    time, time_why = time_fit(told.date, e.times, published)
    place, place_why = place_fit(told.places, e.places, c)
    if time is None or place is None:
        return Scored(e, None, time_why if time is None else place_why)
    if kin and not within(told.date, e.times):  # a kindred type needs its period inside the date
        return Scored(e, None, f"type {e.type}, not {told.type}, and its time is not inside "
                      f"the draft's date")
    actors, shared = shared_share(told.actors, e.participants)
    words = label_share(e.label, told.sentence)
    why = [f"kindred type {e.type} (drafted {told.type})" if kin else f"same type {e.type}",
           time_why, place_why]
    if shared:
        why.append(f"shared participants {', '.join(shared)}")
    score = 0.35 + 0.3 * time + 0.15 * place + 0.1 * actors + 0.1 * words - KIN_PENALTY * kin
    return Scored(e, score, "; ".join(why))


_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?!\d|,\d)")


def sentence_year(text: str) -> DateValue | None:
    """The one year a sentence names ("In a six-week war in 2020, ..."), as a date of year
    precision for comparing times; None when it names none or several."""
    years = set(_YEAR.findall(text))
    return to_date(years.pop()) if len(years) == 1 else None


def score_agreement(told: Told, a: Agreement, published: dt.date | None,
                    known: Collection[str] = ()) -> Scored:
    """``known``: the existing entities; a drafted party that is none of them (a new name) cannot
    tell against an instance, so it counts as neutral, not as a party that differs."""
    if a.type != told.type:
        return Scored(a, None, f"type {a.type}, not {told.type}")
    parties, shared = shared_share(told.parties, a.parties)
    unknown = [p for p in told.parties if p not in known]
    if not shared and not unknown:
        return Scored(a, None, "no shared party")
    if not shared:
        parties = 0.4
    time, time_why = time_fit(told.date, a.times, published)
    if time is None:
        return Scored(a, None, time_why)
    mediators, by = shared_share(told.mediators, a.mediators)
    why = [f"same type {a.type}", time_why, f"shared parties {', '.join(shared)}" if shared
           else f"parties {', '.join(unknown)} not known yet"]
    if by:
        why.append(f"shared mediators {', '.join(by)}")
    score = 0.35 + 0.25 * time + 0.3 * parties + 0.1 * (mediators if told.mediators else 0.4)
    return Scored(a, score, "; ".join(why))


def score_term(action: str, t: Term) -> Scored:
    words, theirs = content_words(action), content_words(t.action)
    if not words or not theirs:
        return Scored(t, None, "no words")
    share = len(words & theirs) / min(len(words), len(theirs))
    if share < 0.5:
        return Scored(t, None, f"the action shares {share:.0%} of its words")
    return Scored(t, 0.4 + 0.6 * share, f"the action shares {share:.0%} of its words with "
                  f"'{t.action}'")


def score_counted(measure: str, counted: Counted, events_here: set[str], events_article: set[str],
                  actors_here: set[str], sentence: str, c: Candidates,
                  published: dt.date | None, places_here: Collection[str] = ()) -> Scored:
    """``places_here``: the territories the sentence names as places; a count of a recent event
    (ongoing, or ended within RECENT of the article) held where the sentence places it is linked
    as if the event were told ("fled to Armenia": the exodus to Armenia)."""
    if counted.measure != measure:
        return Scored(counted, None, f"measure {counted.measure}, not {measure}")
    of = c.instances.get(counted.of) if counted.of else None
    if of is not None and published is not None and (span(of.times)[0] or published) > published:
        return Scored(counted, None, f"{counted.of} begins after the article")
    words = label_share(counted.label, sentence)
    if counted.of in events_here:
        return Scored(counted, 0.8 + 0.2 * words, f"counts {counted.of}, told in the same sentence")
    if counted.of in actors_here:
        return Scored(counted, 0.8 + 0.2 * words, f"counts {counted.of}, named in the sentence")
    where = [p for p in sorted(places_here) if isinstance(of, Event)
             and any(c.related_places(p, q) for q in of.places)]
    if where and of is not None and recent(of.times, published):
        return Scored(counted, 0.7 + 0.2 * words, f"counts {counted.of}, a recent event in "
                      f"{', '.join(where)}, where the sentence is set")
    if counted.of in events_article:
        return Scored(counted, 0.65 + 0.2 * words, f"counts {counted.of}, which this article "
                      f"reports; {words:.0%} of its label in the sentence")
    return Scored(counted, 0.4 + 0.2 * words, f"same measure; {words:.0%} of its label in the "
                  "sentence")


RECENT = dt.timedelta(days=365)


def recent(times: Times, published: dt.date | None) -> bool:
    """Ongoing at ``published`` or ended less than RECENT before it (no date: not recent)."""
    lo, hi = span(times)
    if published is None or (lo is None and hi is None):
        return False
    # counted as a difference of days: published - RECENT may be before the calendar's start
    return (lo is None or lo <= published) and (hi is None or published - hi < RECENT)


def candidates_of(c: Candidates, cls: type[Instance]) -> list[Instance]:
    return [i for i in c.instances.values() if isinstance(i, cls)]
