"""Events: offensives, operations, wars, talks, protests, evacuations, attacks, with date and place.

One event per type per sentence. A definite mention of a type already seen ("the explosion", "the
blast"), and an undated verb of a type already seen ("two gunmen attacked the airport" after "two
attacks Wednesday"), refer back to it and are not new events, unless the text says the event is
another one ("another missile strike", "a second raid"); hypothetical ones ("any talks", "the threat
of a new war") and habitual ones in background sentences ("has attacked the airport several times
since 2009") are left out. The label is the trigger's whole phrase, cut at a clause boundary.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from newskg.extract.dates import (
    SHIFT_COUNTS,
    WEEKDAY,
    DateMention,
    anniversary_start,
    find_dates,
    nearest,
    shift_before,
)
from newskg.extract.model import EventDraft, Ref
from newskg.extract.patterns.events import (
    ANAPHOR_ONLY,
    EXPANSION_NEEDS_AGENT,
    LABEL_DANGLING,
    LABEL_STOP,
    NOT_MODIFIER,
    TRIGGERS,
)
from newskg.extract.patterns.places import COUNTRIES
from newskg.extract.quotes import is_full_quote, quotations
from newskg.extract.sentences import Sentence
from newskg.project.dates import moved

_WORDS_BY_TYPE: dict[str, list[str]] = {}
for _trigger in TRIGGERS:
    _WORDS_BY_TYPE.setdefault(_trigger.type, []).extend(_trigger.words)
# "…" in a trigger stands for up to three words ("spoke today with"), never "for", "on" or "to"
# ("calls for talks with" is a demand, "called on X to ..." an appeal).
_GAP = r"\s+(?!for\b|on\b|to\b)[\"“]?(?:[\w’'-]+\s+){0,3}?"  # a quote may open the gap


def _trigger_pattern(word: str) -> str:
    return re.escape(word).replace(r"\ …\ ", _GAP)


_TRIGGERS = [(type_, re.compile(r"\b(?:" + "|".join(_trigger_pattern(w) for w in sorted(
    words, key=len, reverse=True)) + r")\b", re.IGNORECASE)) for type_, words in _WORDS_BY_TYPE.items()]
# Every trigger in one pattern (one scan of the sentence); the group that matched names the type.
# (It starts with a word boundary: re then only tries the alternatives at word starts, 2x faster.)
_ANY_TRIGGER = re.compile(r"\b(?=\w)(?:" + "|".join(f"(?P<t{i}>{p.pattern})" for i, (_, p) in
                                                  enumerate(_TRIGGERS)) + ")", re.IGNORECASE)
_ANY_TRIGGER_LOWER = re.compile(_ANY_TRIGGER.pattern)
# The day of a saying, not of what is told ("the siege of the hotel, the State Department said
# Tuesday"): it does not date an event told again.
_SAID_ON = re.compile(r"\b(?:said|says|told|announced|reported|added|stated|confirmed)\s+(?:on\s+)?$")
_WAR_WORD = re.compile(r"\bfighting\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:any|no|possible|potential|threat of an?(?: new)?|risk of an?|"
                           r"demand(?:s|ed|ing)?(?::| an?| the)|insist(?:s|ed|ing)? on (?:an?|the)|"
                           r"fears? of an?|prospect of|aimed at|calls? for|new|earlier|previous|"
                           r"never|not|must|should|threatened(?: to)?|threatening(?: to)?|mention|"
                           r"(?:is|are|was|were) expected to|likely to|ready for|willing to|"
                           r"if an?|unless an?|if|unless|whether|planning an?|plotting an?|"
                           r"preparing an?|upcoming|"
                           r"next (?:week|month|year)['’]s)"
                           r"\s+(?:\w+\s+)?$", re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their|[A-Z]\w+['’]s)\s+(?:[\w-]+\s+)?$",
                       re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|into|at|near|outside|across|over|on)\s+((?:the\s+)?[A-Z][\w’'-]+"
                    r"(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*)")
# "..., a day after an airstrike on a school ... killed 29 people, according to ...": the object of
# "after" runs to its clause's end (a comma, a semicolon or the sentence's end), however long.
_SHIFT_EVENT = re.compile(r"\b(?:a|one|two|three) days? (?:after|before)\s+([^,;]{3,200})",
                          re.IGNORECASE)


class EventLog:
    """The events of an article so far, indexed for the checks each new sentence makes."""

    def __init__(self) -> None:
        self.events: list[EventDraft] = []
        self.first_of_type: dict[str, int] = {}
        self.dated: set[tuple[str, str]] = set()
        # the last day a sentence of the current paragraph named: (paragraph, day)
        self.paragraph_day: tuple[int, DateMention] | None = None

    def add(self, event: EventDraft) -> None:
        self.first_of_type.setdefault(event.type, len(self.events))
        if event.date is not None:
            self.dated.add((event.type, event.date))
        self.events.append(event)

    def last_day(self) -> dt.date | None:
        """The day of the latest event dated to a day (what "two days after X" counts from)."""
        for event in reversed(self.events):
            if event.date is not None and len(event.date) == 10:
                return dt.date.fromisoformat(event.date)
        return None

    def date_first(self, type_: str, date: str | None, date_text: str | None) -> None:
        """Give the first event of ``type_``, if undated, the date of a later mention of it."""
        i = self.first_of_type.get(type_)
        if date is not None and i is not None and self.events[i].date is None:
            self.events[i] = replace(self.events[i], date=date, date_text=date_text,
                                     confidence=0.6)
            self.dated.add((type_, date))


def events_in(sentence: Sentence, published: dt.date | None, place_of: dict[str, Ref],
              log: EventLog | None = None) -> list[EventDraft]:
    """The events of one sentence, added to ``log`` (the article's events so far).

    ``place_of`` maps place names found in the sentence to their refs (from the gazetteer). A
    definite mention of a type met before ("its military operation") is that event, and dates it if
    it was undated; an event of the same type and day as an earlier one is that one.
    """
    text = sentence.text
    out: list[EventDraft] = []
    log = log if log is not None else EventLog()
    found: dict[int, list[re.Match[str]]] = {}
    lowered = text.lower()  # a case-sensitive scan of the lower-cased text: 2x faster again
    for m in (_ANY_TRIGGER_LOWER if len(lowered) == len(text) else _ANY_TRIGGER).finditer(
            lowered if len(lowered) == len(text) else text):
        found.setdefault(int(str(m.lastgroup)[1:]), []).append(m)
    dates = find_dates(text, published)
    earlier = log.paragraph_day
    previous_day = earlier[1] if earlier is not None and earlier[0] == sentence.paragraph else None
    day = _one_day(dates)
    if day is not None:
        log.paragraph_day = (sentence.paragraph, day)
    if not found:
        return out
    seen = log.first_of_type
    shift_clause = _SHIFT_EVENT.search(text)  # "two days after the raid": its date is counted
    shifted = shift_before(text, published, anchor=log.last_day()) if shift_clause else None
    quoted = [(q.start, q.end) for q in quotations(text) if is_full_quote(q)] \
        if ('"' in text or "“" in text) else []  # a scare-quoted "clearance operations" counts
    taken: list[tuple[int, int]] = []  # triggers of this sentence's events ("bombing campaign")
    opening = _opening_date(text, dates) or (
        previous_day if not dates and _CONTINUES.match(text) else None)
    habitual = _HABITUAL.search(text) is not None  # one look per sentence, then per clause
    for i, (base_type, _) in enumerate(_TRIGGERS):
        made: EventDraft | None = None  # this sentence's event of this type, once made
        for m in found.get(i, ()):
            type_ = base_type
            if made is not None and not any(d.value is not None and len(d.value) == 10 and
                                            d.value != made.date for d in dates) and \
                    not any(_past_period(d.value, published) for d in dates):
                break  # no other day in the sentence: no second event of this type
            before = text[max(0, m.start() - 40):m.start()]
            if _HYPOTHETICAL.search(before) or _NOT_AN_EVENT.search(before) or \
                    _CHARACTERISED.search(before) or \
                    (type_ in ("Attack", "MilitaryOperation", "Protest") and _AIM.search(before)) or \
                    (type_ in ("Protest", "Talks") and _GROUP_AFTER.match(text, m.end())) or \
                    _NOT_AN_EVENT_AFTER.match(text, m.end()) or \
                    any(a < m.start() < b for a, b in quoted) or \
                    any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken) or \
                    (text[m.start()].isupper() and m.start() > 0 and
                     (last := before.rstrip().split()[-1:]) != [] and last[0][:1].isupper()):
                continue  # hypothetical, "prisoners of war", inside a quotation, inside a name
            trigger = text[m.start():m.end()]  # as written (the scan may be of the lower-cased text)
            if type_ == "Other" and trigger.lower() in BLASTS and _armed_blast(text, log):
                type_ = "Attack"  # "the blast Saturday morning" after a roadside bombing
                if any(e.type == "Attack" for e in out):
                    continue  # "attacked the offices ..., setting off a huge explosion": its part
            if trigger.lower() == "shot down" and (_AIR_DEFENCE.search(before) or
                                                   _INTERCEPTED.search(before)):
                continue  # "air defenses shot down 18 of the drones": part of the attack (rule 166)
            if trigger.lower() in _BARE_TALKS and type_ in seen and not dates and \
                    not _NAMED_BEFORE.search(before):
                log.date_first(type_, None, None)
                break  # "He said talks would not resume": the talks told before
            if trigger.lower() in _PARTICIPANTS and type_ in seen:
                log.date_first(type_, None, None)
                break  # "Protesters have vowed to continue": the people of the protest told
            if trigger.lower() in ANAPHOR_ONLY and not (type_ in seen and _DEFINITE.search(before)):
                continue  # "artillery strikes into Karabakh" are the offensive's; "the strikes": the attack
            if trigger.lower() in EXPANSION_NEEDS_AGENT and not _AGENT_BEFORE.search(before):
                continue  # "an expansion in trade", not "the RDF and M23 expansion in ..."
            if trigger.lower() in SEIZURES and not _AREA_AFTER.match(text, m.end()):
                continue  # "seized motorcycles and a cache of weapons": no area taken
            if trigger.lower() in _FLIGHT_WITHOUT_PLACE and not _flight_place(text, m.end()):
                continue  # "100,000 Gazans have fled their homes": a count, no flight (rule 98)
            if (habitual and type_ != "War" and _habitual(text, m.start(), m.end())) or (
                    trigger.lower().startswith("advance") and _PROMOTES.match(text, m.end())):
                continue  # "has attacked the airport several times", "helped advance the truce"
            date_text, date, own = None, None, None
            since = anniversary_start(before, published)
            if since is not None:  # "one year since the start of conflict in Tigray"
                date_text, date = since
            elif shift_clause and shift_clause.start(1) <= m.start() < shift_clause.end(1) \
                    and shifted:
                date_text, date = shift_clause.group(0).rstrip(","), shifted[1]
            elif (counted := _counted_day(text, m.end(), dates, log, published)) is not None:
                date_text, date = counted  # "taken control of Sake a day earlier"
            elif (counted := _counted_opening(text, m.start(), dates, log)) is not None:
                date_text, date = counted  # "A day earlier gunmen killed one person in an attack"
            else:
                own = nearest([d for d in dates if abs(d.start - m.start()) < 300
                               and _same_clause(text, d.start, m.start())], m.start()) or \
                    _participle_date(text, dates, m.end())
                near = own or opening or _while_date(text, dates, m.start())
                if near is not None:
                    date_text, date = near.text, near.value
            if trigger.lower().startswith("found "):
                date_text, date, own = None, None, None  # "found shot Friday": the finding's day
            if type_ != "Talks" and published is not None and date is not None and \
                    len(date) == 10 and date > published.isoformat():
                continue  # "will lead the safe passage operation tomorrow": planned (rule 61)
            going_on = type_ in ("MilitaryOperation", "War") and (
                _CONTINUED.search(before) is not None or
                (trigger.lower() == "besieged" and _NOUN_AFTER.match(text, m.end()) is not None))
            if _CAUSE_BEFORE.search(before) and (own is None or own.start < m.start()):
                # "stormed the complex Wednesday in retaliation for French military operations
                # in Mali": the cause is told, not dated by the deed's day
                date_text, date, own = None, None, None
            if going_on:
                # "continued their offensive ... on Wednesday": the day it went on, not the day
                # it began (devset rule 31)
                date_text, date, own = None, None, None
            if made is not None:
                # a second trigger of a type this sentence already has is another event only
                # with a day of its own ("the January 7 bombing ..., as well as the attacks
                # since January 4"); otherwise it is the same one or an aside
                if own is None or near is not own or date is None or (
                        len(date) != 10 and not _past_period(date, published)) or \
                        (type_, date) in log.dated or (type_ == "War" and len(date) == 10):
                    continue  # (but "the bombings hit an area that had suffered a similar attack
                    # in January 2018": a past month or year of its own is another event)
                places = tuple(place_of[p] for p in _places(text, m.start()) if p in place_of)
                made = _new_event(type_, text, m, trigger, sentence, date, date_text, places,
                                  verb=_VERB_TRIGGER.search(trigger) is not None)
                out.append(made)
                log.add(made)
                taken.append((m.start(), m.end()))
                continue
            past = own is not None and own is near and _past_period(date, published) and \
                any(c.isdigit() for c in own.text) and (
                    0 <= own.start - m.end() < 40 or 0 <= m.start() - own.end < 3) and \
                not _SINCE_BEFORE.search(text, max(0, own.start - 8), own.end) and \
                not _SPAN_OF.search(before)
            past_war = type_ == "War" and (past or (  # "a war in 2020", "a war in the 1990s"
                date is not None and len(date) == 4 and _past_period(date, published)))
            began = _since_clause_date(text, dates, m.end()) if type_ == "War" else None
            if began is not None and began.value is not None:
                # "have exchanged fire since Hamas attacked ... on October 7": the day it began
                since, date_text, date = (began.text, began.value), began.text, began.value
            battle_day = False  # a day of fighting, not the start of the war
            if type_ == "War" and since is None and not past_war and \
                    not _WAR_BEGAN.match(text, m.end()) and \
                    not _WAR_BEGAN.match(trigger[trigger.find(" "):] if " " in trigger else ""):
                # a war spans years: only its start dates it; a battle told with its own day in
                # its clause ("after heavy fighting Sunday", "a daylong battle") keeps that day
                battle_day = own is not None and own is near and _BATTLE.search(trigger) is not None
                if not battle_day:
                    date_text, date = None, None
            if type_ == "War" and type_ in seen and not (
                    past_war and log.events[seen[type_]].date != date):
                # one war per article (devset rule 12), unless a past year names another one; a
                # later day of fighting does not date the war
                if not battle_day:
                    log.date_first(type_, date, date_text)
                break
            if type_ == "Attack" and date is None and _GENERIC_PLURAL.search(trigger) and \
                    not _COUNTED.search(before):
                continue  # "deliberate attacks on civilians" continue: attacks in general
            # "another missile strike": a new one (looked at only when it could be an old one)
            verb = _VERB_TRIGGER.search(trigger) is not None or (
                trigger[-3:].lower() == "ing" and _ASPECTUAL.search(before) is not None)
            another = (type_ in seen or (date is not None and (type_, date) in log.dated)) and \
                (_ANOTHER.search(before) is not None or _ELSEWHERE.match(text) is not None or
                 (past and (not _DEFINITE.search(before) or
                           log.events[seen[type_]].date not in (None, date))
                  if type_ in seen else past) or
                 _INDEFINITE.search(before) is not None or
                 (verb and (_ALSO.search(before) is not None or
                            _RESPONSE.match(text, m.end()) is not None)))
            places = tuple(place_of[p] for p in _places(text, m.start()) if p in place_of)
            if type_ in seen and not another and (
                    (_DEFINITE.search(before) and not verb) or
                    (verb and date is None and not _elsewhere(log, type_, places))):
                # "the attack" and an undated "two gunmen attacked ..." tell the one seen again
                if date is None and type_ != "War" and not going_on:
                    # "The strike hit the school, ..., on Monday"
                    anywhere = nearest([d for d in dates if d.value and len(d.value) == 10
                                        and not _SAID_ON.search(text, max(0, d.start - 20),
                                                                d.start)], m.start())
                    date, date_text = (anywhere.value, anywhere.text) if anywhere else (None, None)
                log.date_first(type_, date, date_text)
                if not any(_past_period(d.value, published) for d in dates if d.start > m.end()):
                    break
                continue  # "the bombings hit an area that had suffered a similar attack in 2018"
            if date is not None and (type_, date) in log.dated and not another and \
                    not _elsewhere_that_day(log, type_, date, places):
                break  # the same day's event told again (but "shelling in Kherson" after
                # drones downed over Zaporizhzhia that day is another)
            made = _new_event(type_, text, m, trigger, sentence, date, date_text, places,
                              verb=verb)
            out.append(made)
            log.add(made)
            taken.append((m.start(), m.end()))
            if type_ == "Attack":
                for other in _second_places(text, m.end(), place_of):
                    # "struck targets in Gaza and near Damascus": a strike at each place
                    label = made.label
                    out[-1] = log.events[-1] = replace(made, label=label.split(" and " + other[2])[0])
                    out.append(replace(made, places=(other[0],),
                                       label=f"{label.split(' ' + other[1])[0]} {other[2]}"))
                    log.add(out[-1])
    for made in list(out):  # "civilians trying to escape fighting in the east": the fighting
        war = _WAR_WORD.search(made.trigger) if made.type == "Evacuation" else None
        if war is not None and "War" not in log.first_of_type:  # is a war, told once (rule 12)
            at = text.find(made.trigger) + war.start()
            fighting = _WAR_WORD.match(text, at)
            if fighting is not None:
                places = tuple(place_of[p] for p in _places(text, at) if p in place_of)
                made = _new_event("War", text, fighting, fighting.group(0), sentence, None, None,
                                  places, verb=True)  # (the label starts at "fighting")
                out.append(made)
                log.add(made)
    return out


def _new_event(type_: str, text: str, m: re.Match[str], trigger: str, sentence: Sentence,
               date: str | None, date_text: str | None, places: tuple[Ref, ...], *,
               verb: bool) -> EventDraft:
    return EventDraft(type=type_, label=event_label(text, m.start(), m.end(), verb=verb),
                      trigger=trigger, evidence=sentence,
                      confidence=0.6 if date is None else 0.7, date=date,
                      date_text=date_text, places=places[:1])


# Two places after a trigger, each with its preposition, joined by "and": "in Gaza and near Damascus".
_TWO_PLACES = re.compile(r"[^.;:]{0,60}?\b(in|near|on|at)\s+(?:the\s+)?"
                         r"(?:[\w’'-]+-(?:ruled|held|controlled|occupied)\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
                         r"(?:\s+(?:in|of)\s+[A-Z][\w’'-]+)?,?\s+and\s+"
                         r"((?:in|near|on|at)\s+(?:the\s+)?([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*))")


def _second_places(text: str, end: int, place_of: dict[str, Ref]) -> list[tuple[Ref, str, str]]:
    """The other place of a trigger told at two: [(its ref, the first place's preposition, the
    second's phrase)], or none."""
    m = _TWO_PLACES.match(text, end)
    if m is None or m.group(2) not in place_of or m.group(4) not in place_of:
        return []
    first, second = place_of[m.group(2)], place_of[m.group(4)]
    if first.entity.key == second.entity.key:
        return []
    return [(second, f"{m.group(1)} ", m.group(3))]


# What a deed answers: "in retaliation for French military operations", "revenge for the raids".
_CAUSE_BEFORE = re.compile(r"\b(?:retaliation|revenge|reprisals?|response)\s+(?:for|to|against)\s+"
                           r"(?:(?:the|a|an|its|their)\s+)?(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
# "the besieged city": a siege going on, not begun that day
_NOUN_AFTER = re.compile(r"\s+(?:city|town|port|enclave|village|district|area|capital|garrison)\b",
                         re.IGNORECASE)
_SINCE_BEFORE = re.compile(r"\bsince\b", re.IGNORECASE)
# "since the start of conflict in December 2013", "before the end of the war in 1994": the date is
# where the war told begins or ends, not another war
_SPAN_OF = re.compile(r"\b(?:start|beginning|outbreak|end)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def _past_period(date: str | None, published: dt.date | None) -> bool:
    """A year, decade or month before the publication's ("a six-week war in 2020", "a bloody war in
    the 1990s", "a similar attack in January 2018"): a past event of its own, not the one told."""
    if date is None or published is None or len(date) == 10:
        return False
    if len(date) == 5 and date.endswith("s") and date[:4].isdigit():
        return int(date[:4]) + 9 < published.year
    if len(date) == 4 and date.isdigit():
        return int(date) < published.year
    return len(date) == 7 and date < f"{published.year:04d}-{published.month:02d}"


# Fighting of a day or days, not a whole war: "heavy fighting Sunday", "clashes on Saturday".
_BATTLE = re.compile(r"\b(?:fighting|clashes|clashed|battle|battles|firefight|gunfight|skirmishes|"
                     r"fire)\b",  # "exchanged weapons fire with Israeli forces on Saturday"
                     re.IGNORECASE)


# "fighting erupted on Sept. 27", "the war that began on ...": the day the war started.
# "fighting that erupted", "the clashes in Gaza began July 8": a war's start, after its trigger
# and a short place phrase
_WAR_BEGAN = re.compile(r"(?:\s+(?:in|between|along|across|on|near|around|inside|over)\s+"
                        r"[^,;:.]{1,40}?)?\s*(?:that\s+|which\s+)?"
                        r"(?:erupted|broke out|began|started|resumed)\b", re.IGNORECASE)


def _same_clause(text: str, a: int, b: int) -> bool:
    """No comma (but one before a place's country) or semicolon between the trigger and the date
    expression."""
    lo, hi = min(a, b), max(a, b)
    if ";" in text[lo:hi] or (_CLAUSE_COMMA.search(text, lo, hi) and
                               _CLAUSE_COMMA.search(_COUNTRY_APPOSITION.sub(" ", text[lo:hi]))):
        return False  # (the comma of "in Monterrey, Mexico late Friday" divides no clauses, nor
        # a number's: "fled Myanmar with 15,000 countrymen Monday")
    sub = _SUBORDINATE.search(text, lo, hi)
    if sub is not None and a > b and sub.end() == hi and sub.group(0).strip() == "since":
        sub = _SUBORDINATE.search(text, lo, sub.start())  # "attacks since January 4": its start
    # "attacks follow protests as officials prepare to hand power over June 30": the date is the
    # plan's, a predicate of its own between them
    return sub is None and (a < b or _PLANNED.search(text, lo, hi) is None)


_CLAUSE_COMMA = re.compile(r",(?!\d{3}\b)")
# A place's country after a comma: "a bar in Monterrey, Mexico late Friday" (not "Kharkiv, Ukraine
# said").
_COUNTRY_APPOSITION = re.compile(
    r"(?<=[a-z]), (?:" + "|".join(sorted((re.escape(c) for c in COUNTRIES), key=len, reverse=True))
    + r")(?:,|(?= (?!said|says|told|reported|announced|claimed|denied)))")


# Triggers that are verbs ("The rebels seized"): a determiner before them is their subject's.
_VERB_TRIGGER = re.compile(r"(?:ed|struck|hit|overran|fire|out|found shot)$|^(?:began|started|continued|"
                           r"fired|launched)\s",
                           re.IGNORECASE)
# "signed on Wednesday after 10 days of talks": the day dates the signing, not the talks.
_SUBORDINATE = re.compile(r"\s(?:after|before|following|since|until)\s")
_PLANNED = re.compile(r"\b(?:prepare|prepares|preparing|plan|plans|planning|scheduled|due|set) to\b",
                      re.IGNORECASE)
# "exchanged fire", "exchanged views": not the exchange of prisoners the trigger means.
# ... and after it: what was exchanged ("exchanged fire"), a vehicle or weapon named by its use
# ("attack helicopters"), a plan or route for one ("evacuation corridors", "evacuation plans")
_NOT_AN_EVENT_AFTER = re.compile(r"\s+(?:fire|gunfire|shots|views|messages|letters|greetings|"
                                 r"helicopters?|aircraft|jets?|planes?|drones?|submarines?|"
                                 r"corridors?|routes?|plans?|zones?|"
                                 # a body named by its task: "a special operations unit"
                                 r"units?|command|squads?|teams?|brigades?|battalions?|"
                                 r"blows|accusations|(?:an?\s+(?:\w+\s+)?)?(?:cache|weapons|arms|"
                                 r"ammunition|drugs|documents|assets))\b", re.IGNORECASE)
_NOT_AN_EVENT = re.compile(r"(?:\b(?:prisoners?|crimes?|spoils|art|cabinet|state|act|declaration) of\s+|"
                           # a title: "assistant high commissioner for operations"
                           r"\b(?:commissioner|director|chief|head|officer|secretary|minister|"
                           r"manager|coordinator|deputy|undersecretary)\s+(?:for|of)\s+(?:\w+\s+)?|"
                           r"\bre-|\bco-|\banti-|\bpost-|\bpre-)$", re.IGNORECASE)  # "re-election", "anti-coup"


# "Locals are calling it a massacre": a name given to what the text told already, not an event.
# An aim, not a deed: "had entered from a neighboring state to attack state institutions", "was
# trying to attack Hezbollah" (not "began to attack"; a flight "trying to escape" is one).
_AIM = re.compile(r"(?<!\bbegan )(?<!\bstarted )(?<!\bcontinued )(?<!\bcontinue )(?<!\bcontinues )"
                  r"(?<!\bused )\bto\s+$", re.IGNORECASE)
_CHARACTERISED = re.compile(r"\b(?:call(?:s|ed|ing)?|describ(?:e|es|ed|ing)|labell?(?:ed|ing)|"
                            r"brand(?:s|ed|ing)|term(?:s|ed|ing))\s+(?:it|this|that|them|the\s+\w+)"
                            r"\s+(?:as\s+)?(?:an?\s+)?(?:[\w’'-]+\s+)?$", re.IGNORECASE)
# "riot police", "peace talks co-sponsors": a protest's or a talk's noun naming people or gear.
_GROUP_AFTER = re.compile(r"\s+(?:police|gear|squads?|co-sponsors?|sponsors?)\b", re.IGNORECASE)
# "six of the drones were shot down": what attacked, intercepted (part of that attack, as below).
_INTERCEPTED = re.compile(r"\b(?:drones?|missiles?|rockets?|projectiles?|UAVs?)\b[^.;]{0,25}?"
                          r"\b(?:was|were|been|being)\s+$", re.IGNORECASE)
# Air defences shooting down what attacked: an interception, part of that attack.
_AIR_DEFENCE = re.compile(r"\b(?:air[- ]defen[cs]es?|defen[cs]e systems?|anti-aircraft)\b[^.;]{0,30}$",
                          re.IGNORECASE)
# Talks named again without a day or a name of their own ("a suspension of negotiations", "said
# talks would not resume"): the talks told before.
_BARE_TALKS = frozenset(("talks", "negotiations"))
_NAMED_BEFORE = re.compile(r"(?:\b[A-Z][\w’'-]*|\b\w+-\w+)\s+$")
# The people of a protest, named again once it was told: no new protest.
_PARTICIPANTS = frozenset(("protesters", "demonstrators"))
# "another Russian strike", "a second raid": a new event of a type already seen.
_ANOTHER = re.compile(r"\b(?:another|a (?:second|third|fourth|separate|further|fresh))\s+"
                      r"(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
# "And a roadside bomb exploded ...", "..., and a car bomb went off": one more of a list, a new event
# (a sentence that opens on "A missile strike ..." may tell the one seen again).
_INDEFINITE = re.compile(r"(?:[,;]\s+|\band\s+)(?:an?)\s+(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
# "Separately, ...", "Elsewhere, ...", "Also Sunday, ...": the sentence tells of other events.
_ELSEWHERE = re.compile(r"(?:separately|elsewhere|in a separate incident|in another incident|"
                        r"(?:also|later|earlier)(?:\s+on)?\s+(?:late\s+|early\s+)?(?:monday|tuesday|wednesday|"
                        r"thursday|friday|saturday|sunday|today|yesterday)\b)", re.IGNORECASE)


def _elsewhere_that_day(log: EventLog, type_: str, date: str, places: tuple[Ref, ...]) -> bool:
    """Every earlier event of ``type_`` on ``date`` names a place, none of them this mention's."""
    same = [e for e in log.events if e.type == type_ and e.date == date]
    return bool(places and same) and all(
        e.places and places[0].entity not in {p.entity for p in e.places} for e in same)


def _elsewhere(log: EventLog, type_: str, places: tuple[Ref, ...]) -> bool:
    """The first event of ``type_`` and this mention name different places: not the same event."""
    first = log.events[log.first_of_type[type_]]
    return bool(places and first.places) and places[0].entity != first.places[0].entity


# A bare plural ("deliberate attacks on civilians") without a date names no one event; a numeral or
# a determiner before it ("two attacks", "the shootings") does.
_GENERIC_PLURAL = re.compile(r"(?:attacks|strikes|shootings|bombings|raids|assaults)$", re.IGNORECASE)
# So does a verb that performs them ("carried out airstrikes that killed ..."), "recent" (past ones,
# known to the reader: "recent Iranian missile attacks") or a noun that counts them ("a long list of").
_COUNTED = re.compile(r"\b(?:the|these|those|its|their|his|her|two|three|four|five|several|both|"
                      r"carried out|conducted|launched|recent|"
                      r"(?:series|wave|spate|string|list) of|\d+)\s+(?:[\w’'-]+\s+){0,2}$",
                      re.IGNORECASE)
# A named agent right before a noun: "M23 ", "the Front's ", "TPLF’s further ".
_AGENT_BEFORE = re.compile(r"\b[A-Z][\w-]*(?:['’]s)?\s+(?:further\s+|recent\s+|new\s+)?$")
# "Militants began attacking the town": a gerund after an aspectual verb is that verb's action.
_ASPECTUAL = re.compile(r"\b(?:began|begun|begin|begins|started|starts|start|continued|continues|"
                        r"kept|keep|resumed|resume)\s+$", re.IGNORECASE)
# "Russian forces also opened fire on ...": "also" before a verb adds another act of the same kind.
_ALSO = re.compile(r"\balso\s+$", re.IGNORECASE)
# A background sentence tells what happens again and again, not one event.
_HABITUAL = re.compile(r"\b(?=\w)(?:(?:several|many|multiple|numerous|countless|two|three|four|five|"
                       r"\d+) times|repeatedly|regularly|routinely|frequently|often|"
                       r"time and again|over the years|in the past|since (?:19|20)\d\d|"
                       r"(?:not )?the first time|many similar|similar attacks|such attacks)\b",
                       re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r"[,;:.!?—–]")
# "advance the truce", "advanced their interests": the verb that promotes, not troops advancing.
_PROMOTES = re.compile(r"\s+(?:the|a|an|its|their|his|her|our|this|that|these|peace|efforts?)\b",
                       re.IGNORECASE)


def _habitual(text: str, start: int, end: int) -> bool:
    """A habitual adverb ("several times", "regularly", "since 2009") in the trigger's clause."""
    lo = max(text.rfind(c, 0, start) for c in ",;:.!?—–") + 1
    edge = _CLAUSE_EDGE.search(text, end)
    return _HABITUAL.search(text, lo, edge.start() if edge else len(text)) is not None


# "And a roadside bomb exploded ...", after "Also Sunday, a bomb exploded ...": a sentence that
# opens by continuing the ones before, with no date of its own, is told of the last day its
# paragraph named.
_CONTINUES = re.compile(r"(?:And|Also),?\s")


def _one_day(dates: list[DateMention]) -> DateMention | None:
    """The sentence's day, when it names exactly one."""
    days = {d.value for d in dates if d.value is not None and len(d.value) == 10}
    return next(d for d in dates if d.value in days) if len(days) == 1 else None


def _opening_date(text: str, dates: list[DateMention]) -> DateMention | None:
    """A date adverbial that opens the sentence ("On Tuesday, the rebels said that an attack ...",
    "Later Wednesday, ..."): it dates the sentence's events when their clause has no date."""
    first = dates[0] if dates else None
    if first is None or first.value is None or len(first.value) != 10 or first.start > 12:
        return None
    if not _OPENING.match(text[:first.start]) or not text[first.end:].lstrip().startswith(","):
        return None
    return first


def _while_date(text: str, dates: list[DateMention], at: int) -> DateMention | None:
    """The day of the main clause, for a trigger in a ", while ..." clause after it ("People were
    missing Sunday after the attack, while thousands were being evacuated"): "while" makes the two
    clauses simultaneous. The main clause's day is one in its first words (no comma, semicolon or
    subordinating word before it)."""
    cut = text.rfind(", while ", 0, at)
    if cut < 0 or not dates or dates[0].end > cut or dates[0].value is None or \
            len(dates[0].value) != 10:
        return None
    first = dates[0]
    head = text[:first.start]
    if "," in head or ";" in head or _SUBORDINATE.search(head):
        return None
    return first


# "continued their offensive", "pressed on with its campaign": an operation going on, not starting.
_CONTINUED = re.compile(r"\b(?:continu(?:ed|es|e|ing)|pressed on with|pressing on with|kept up|"
                        r"keeps up|keep up)\s+(?:(?:the|its|their|his|her|an?|our)\s+)?"
                        r"(?:[\w’'-]+\s+){0,2}$"
                        r"|\b(?:the|its|their)\s+ongoing\s+(?:[\w’'-]+\s+)?$",  # "the ongoing fighting"
                        re.IGNORECASE)
# "fired rockets ... in response to the enemy's attacks": an act that answers another is not it.
_RESPONSE = re.compile(r"[^.;]{0,120}?\b(?:in response to|in retaliation for|in revenge for|"
                       r"to retaliate for|to avenge)\b", re.IGNORECASE)
# The words a seizure needs after it to take an area (devset rule 11: seizure of an area): control,
# a name, or a place noun ("the strategic Mirzawalang area", "two villages", "swathes of territory").
SEIZURES = ("seized", "captured", "recaptured", "liberated")
_AREA_AFTER = re.compile(
    r"\s+(?:control\b|(?:(?:parts? of|swathes? of|much of|[a-z][\w-]*)\s+){0,3}"
    r"(?:[A-Z]|(?:towns?|city|cities|villages?|regions?|areas?|territor(?:y|ies)|positions?|bases?|"
    r"airports?|ports?|districts?|provinces?|capital|hills?|bridges?|crossings?|roads?|land|"
    r"ground|garrisons?|outposts?|posts?|headquarters|strongholds?|settlements?|camps?|"
    r"neighbou?rhoods?|enclave|corridor|coast|island|valley|fortifications?|"
    r"embankments?|trenches|checkpoints?|(?:police )?stations?|post offices?|compounds?|barracks|"
    r"buildings?|prisons?|jails?)\b))")


# An explosion is an attack in a story of armed violence: after an attack the article told, or
# with a bomb, a bomber or an armed side in its sentence; not one of fuel, gas or industry.
BLASTS = frozenset(("explosion", "explosions", "blast", "blasts"))
_ARMED = re.compile(r"\b(?:bombs?|bombers?|bombing|bombings|militants?|insurgents?|rebels?|gunmen|"
                    r"jihadists?|extremists?|suicide|IEDs?|grenades?|mines?|rockets?|missiles?|"
                    r"shells?|shelling|drones?|attacks?|attacked|claimed responsibility)\b",
                    re.IGNORECASE)
_ACCIDENT = re.compile(r"\b(?:fuel|gas|petrol|gasoline|oil|chemicals?|depot|factory|plant|"
                       r"pipeline|boiler|leak|accident|accidental|mine shaft|fireworks|refinery|"
                       r"tanker|earthquake)\b", re.IGNORECASE)


def _armed_blast(text: str, log: EventLog) -> bool:
    """An explosion told in a sentence, or an article, of armed violence, not an accident."""
    if _ACCIDENT.search(text):
        return False
    return "Attack" in log.first_of_type or _ARMED.search(text) is not None


# Flight told without where from or where to: a count of the displaced, not an Evacuation event
# unless the clause names a place (devset rule 98: "fled their homes in Kherson" is one).
_FLIGHT_WITHOUT_PLACE = frozenset(("fled their homes", "fled fighting", "fled the fighting",
                                   "fled from", "escape fighting", "escape the fighting",
                                   "escaping fighting", "escaping the fighting",
                                   "fled the violence", "fleeing fighting", "fleeing the fighting", "fled", "fleeing"))


_FLIGHT_WHERE = re.compile(r"\b(?:in|into|at|near|outside|across|from|to|toward|towards)\s+"
                           r"(?:[\w’'-]+\s+){0,3}?[A-Z]")
_FLIGHT_WHEN = re.compile(rf"\b(?:{WEEKDAY}|yesterday|today|overnight|last night)\b")


def _flight_place(text: str, end: int) -> bool:
    """Whether the clause after a flight's trigger says where ("near the town of Goma") or on
    what day ("fled fighting Thursday"): a flight told as an event, not only as a count."""
    edge = _INNER_EDGE.search(text, end)
    stop = edge.start() if edge else len(text)
    return bool(_FLIGHT_WHERE.search(text, end, stop) or _FLIGHT_WHEN.search(text, end, stop))


# Clause edges inside one sentence (its full stops are abbreviations': "3 p.m.", "U.S.").
# (not the comma of a number: "fled Myanmar with 15,000 countrymen Monday")
_INNER_EDGE = re.compile(r"[;:!?—–]|,(?!\d{3}\b)")
_PARTICIPLE = re.compile(r",\s+[a-z]+ing\b")
_SINCE = re.compile(r"[^,;:]{0,40}?\bsince\b")


def _participle_date(text: str, dates: list[DateMention], end: int) -> DateMention | None:
    """The day in a participle clause right after the trigger's clause ("attacked the village,
    striking around 3 p.m. Sunday, ..."): it tells the same act, so its day is the act's."""
    comma = text.find(",", end)
    if comma < 0 or _INNER_EDGE.search(text, end, comma):
        return None
    lead = _PARTICIPLE.match(text, comma)
    if lead is None:
        return None
    edge = _INNER_EDGE.search(text, lead.end())
    stop = edge.start() if edge else len(text)
    return next((d for d in dates if comma < d.start < stop and d.value is not None
                 and len(d.value) == 10), None)


def _since_clause_date(text: str, dates: list[DateMention], end: int) -> DateMention | None:
    """The day a "since" clause after a war trigger gives, in the trigger's clause ("have exchanged
    near-daily fire since Hamas carried out an attack on southern Israel on October 7"): the day
    the fighting began (devset rules 12 and 31)."""
    m = _SINCE.match(text, end)
    if m is None:
        return None
    edge = _INNER_EDGE.search(text, m.end())
    stop = edge.start() if edge else len(text)
    return next((d for d in dates if m.end() <= d.start < stop and d.value is not None
                 and len(d.value) == 10), None)


# "... had taken control of Sake a day earlier": the trigger's clause counts its day from the
# sentence's own day (or the day the article last told of, or its publication).
_DAYS_OFF = re.compile(r"[^,;:.]{0,60}?\b(a|one|two|three|four|five) days? (earlier|later|before)\b",
                       re.IGNORECASE)


def _counted_day(text: str, end: int, dates: list[DateMention], log: EventLog,
                 published: dt.date | None) -> tuple[str, str | None] | None:
    m = _DAYS_OFF.match(text, end)
    if m is None or published is None:
        return None
    own = _one_day(dates)
    anchor = dt.date.fromisoformat(own.value) if own is not None and own.value else (
        log.last_day() or published)
    return text[m.start(1):m.end()], _shifted(anchor, m.group(1), m.group(2).lower() == "later")


def _shifted(anchor: dt.date, count: str, later: bool) -> str | None:
    """The day ``count`` days ("a", "two") after or before ``anchor``, as YYYY-MM-DD (None
    outside the dates newskg supports)."""
    shifted = moved(anchor, SHIFT_COUNTS[count.lower()] * (1 if later else -1))
    return None if shifted is None else shifted.isoformat()


# "A day earlier, gunmen killed ...": a sentence that opens with a count of days from the day told
# just before it.
_DAYS_OFF_OPENING = re.compile(r"(?:(a|one|two|three|four|five) days? (earlier|later|before)|"
                               r"the (day) (before|after))\b,?\s", re.IGNORECASE)


def _counted_opening(text: str, at: int, dates: list[DateMention], log: EventLog
                     ) -> tuple[str, str | None] | None:
    """The day of an event in a sentence that opens with "A day earlier" (or "Two days later",
    "The day before"), counted from the latest event dated to a day; None when the sentence gives
    a day of its own or no event before had one."""
    m = _DAYS_OFF_OPENING.match(text)
    anchor = log.last_day()
    if m is None or anchor is None or at < m.end() - 1 or _one_day(dates) is not None:
        return None
    later = (m.group(2) or m.group(4)).lower() in ("later", "after")
    return m.group(0).rstrip(", "), _shifted(anchor, m.group(1) or "one", later)


_OPENING = re.compile(r"^(?:(?:on|early|late|later|earlier|also|and|on the night of|overnight)\s+)*$",
                      re.IGNORECASE)


# "in the Azerbaijani city of Yevlakh", "near the town of Beledweyne": the place after its cue word.
_PLACE_OF = re.compile(r"\b(?:in|into|at|near|outside|to)\s+the\s+(?:[\w’'-]+\s+){0,2}?"
                       r"(?:city|town|village|capital|region|province|district|state)\s+of\s+"
                       r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)")


def _places(text: str, at: int) -> list[str]:
    found = [(abs(m.start() - at), m.group(1)) for pattern in (_PLACE, _PLACE_OF)
             for m in pattern.finditer(text)]
    return [name for _, name in sorted(found)]


# A token of a label: "U.S.", an abbreviation with its full stop ("Sept.", "Gen."), a word, a sign.
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+\b|(?:[A-Z]\.){2,}|(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Gen|Lt|Col|Gov|Sen|"
                    r"Rep|Dr|Mr|Mrs|Ms|St|Mt)\.|[\w’'-]+|[^\w\s]")
_PRONOUNS = frozenset(["I", "We", "You", "He", "She", "It", "They", "This", "That"])
# Words before a trigger that end the clause it is in ("Turkey said Syrian government airstrikes",
# "people who fled to ..."): the label starts after them.
_CLAUSE_BEFORE = frozenset(["said", "says", "say", "told", "who", "which", "whom", "where",
                            "while", "as"])
MAX_LABEL_WORDS = 12


def event_label(text: str, start: int, end: int, *, verb: bool = False) -> str:
    """The event's phrase as the text words it: the trigger with its modifiers ("Russian missile
    strike") or, for a verb, its named subject ("Taliban seized control of ..."), and what follows
    up to the next clause boundary ("... on Talan Haydan village in Saada", not "... killed three");
    at most MAX_LABEL_WORDS words, never ending on a preposition or article."""
    left = start
    words_before = list(_TOKEN.finditer(text, max(0, start - 60), start))
    taken = 0
    for w in reversed(words_before):
        word = w.group(0)
        if not (word[0].isalnum() and taken < 4):
            break
        if verb:  # only a capitalised subject right before the verb ("the Taliban seized")
            if not word[0].isupper() or word.lower() in NOT_MODIFIER or word in _PRONOUNS:
                break
        elif word.lower() in NOT_MODIFIER or (word.islower() and word.endswith("ing")) or \
                word.lower() in _CLAUSE_BEFORE or word in _PRONOUNS:
            break  # "He said reinforcements have been sent": "Reinforcements"
        if word.lower() == "than":  # "more than 100,000 ...": the comparison whole, or not at all
            break
        left, taken = w.start(), taken + 1
    right = end
    kept = 0
    last_content = end
    for w in _TOKEN.finditer(text, end):
        word = w.group(0)
        if not word[0].isalnum() or word.lower() in LABEL_STOP or kept >= MAX_LABEL_WORDS - taken:
            break
        right, kept = w.end(), kept + 1
        if word.lower() not in LABEL_DANGLING:
            last_content = w.end()
    right = min(right, last_content)
    label = text[left:right].strip()
    return label[0].upper() + label[1:] if label else text[start:end]
