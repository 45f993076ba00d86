"""Counts of people: "at least 200 killed", "more than 400 wounded", "2,000-strong", "30,000 people
dead", "168 of them were transported ...: 96 by helicopter and 72 by ambulance", with qualifier and
the reporter (the speaker whose words hold the number, or 'according to X').
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from newskg.extract.dates import MONTH, MONTH_WORD
from newskg.extract.figure_clauses import Parse, counted_clause
from newskg.extract.model import FigureDraft, Ref, StatementDraft
from newskg.extract.patterns import words
from newskg.extract.patterns.figures import (
    DEMONYM_ENDINGS,
    FAMILY_BEFORE,
    KIN_NOUNS,
    KIND_CUES,
    LABEL_BEFORE,
    NUMBER_WORDS,
    PEOPLE_NOUNS,
    POPULATION_OF,
    QUALIFIERS,
    SCALES,
    STRONG_SUFFIX,
    TROOP_NOUNS,
)
from newskg.extract.sentences import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_WORDNUM = "|".join(sorted((re.escape(w) for w in [*NUMBER_WORDS, "one"]), key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SCALE_WORDS = "|".join(scale.replace(" ", r"[\s-]+") for scale in SCALES)  # "hundred thousand"
NUMBER = re.compile(  # the leading word boundary lets re skip most positions fast
    rf"\b(?=\w)(?:\b(?P<qual>{_QUAL})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|"
    rf"\b(?:{_TENS})-(?:{_UNITS})\b|\b(?:{_WORDNUM})\b)"
    rf"(?:(?:\s+|-)(?P<scale>{_SCALE_WORDS})|(?P<abbr>m|bn)\b)?(?P<strong>{STRONG_SUFFIX})?(?![\d,]*\d)",
    re.IGNORECASE)
_ABBREVIATED = {"m": 1_000_000, "bn": 1_000_000_000}  # "1.7m people" (Guardian, BBC style)
_WORD = re.compile(r"[A-Za-z’'-]+")
_NOT_COUNT_AFTER = re.compile(r"^(?:-(?!strong|member)|s\b|\s*(?:%|per\s?cent|percent|hours?|days?|weeks?|months?|"
                              r"years?|km|kilometres?|miles?|metres?|local time|am|pm|GMT|a\.m|p\.m|"
                              r"thirds?|times|dollars?|million dollars|euros?)\b)", re.IGNORECASE)
_KIND_RIGHT_BEFORE = re.compile(r"\b(?:killed|killing|wounded|wounding|injured|injuring|"
                                r"evacuated|displaced|detained|arrested|freed|released|"
                                r"(?:massacre|killing|murder|deaths?) of)\s+"
                                r"(?:(?:at least|more than|over|about|around|nearly|some|almost|"
                                r"roughly|another|a further)\s+)?$", re.IGNORECASE)
_ACCORDING = re.compile(r"according to\s+([^,.;]{2,80})", re.IGNORECASE)
# One pattern for every kind cue (one scan of the text); the group that matched names the kind.
_KINDS = [cue.kind for cue in KIND_CUES]
_ANY_KIND = re.compile(r"\b(?=\w)(?:" + "|".join(
    rf"(?P<k{i}>\b(?:" + "|".join(re.escape(w) for w in cue.words) + r")\b)"
    for i, cue in enumerate(KIND_CUES)) + ")", re.IGNORECASE)
WINDOW = 60
_ONE = {"one": 1}
# "the death toll rose to 41": a count of the killed without a noun after it.
# (a point inside a phrase is an abbreviation's: "the death toll from an attack on a U.N. compound")
_TOLL_BEFORE = re.compile(r"\b(?:death toll|toll|number of (?:people |those |(?:[\w.-]+ ){1,3})?(?:dead|"
                          r"deaths|casualties|killed|fatalities))\b(?:[^.;]|(?<=\b[A-Z])\.){0,40}?"
                          r"\b(?:to|at|reached|of|is|was|stood at|stands at)\s+$", re.IGNORECASE)


def figures_in(sentence: Sentence, statements: list[StatementDraft],
               earlier: Sequence[FigureDraft] = (), *, previous: str = "",
               lead: int | None = None, parse: Parse | None = None) -> list[FigureDraft]:
    """The people counts of one sentence; ``statements`` are those found in it (for the reporter),
    ``earlier`` the figures of the sentences before it (a count restated is not counted again),
    ``previous`` the text of the sentence before it (what "four others" are others of) and ``lead``
    the paragraph number of the article's lead (whose tallies the body restates), ``parse`` the
    dependency parser that settles the kind of a count whose kind word is not next to it
    (figure_clauses.py; without it the nearest kind word stands).

    A range ("between 200 and 300 people", "200-300 people") is one figure with lower and upper
    bounds; a vague quantity ("hundreds of people", "tens of thousands") is one with the bounds the
    facts format gives it (``vague``); numbers in dates, times, ages, addresses and ordinals, the
    population a part is taken "out of", and the doers of an attack ("two men attacked") are not
    counts, except an armed force's size ("20 gunmen raided the post": troops).
    """
    text = sentence.text
    out: list[FigureDraft] = []
    colon = text.find(":")
    lead_kind: str | None = None
    previous_end = 0
    numbers = list(NUMBER.finditer(text))
    has_month: bool | None = None
    skip: set[int] = set()  # numbers already read as part of a range or as an "out of" total
    starts: list[int] = []  # where each figure of ``out`` starts
    docs: list[Doc] = []  # the sentence's parse, made when a count first needs it
    for i, m in enumerate(numbers):
        if i in skip:
            continue
        value = _value(m)
        if value is None:
            continue
        start, end, lower, upper = m.start(), m.end(), None, None
        nxt = numbers[i + 1] if i + 1 < len(numbers) else None
        span = _range(text, m, nxt) if nxt is not None else None
        if span is not None and nxt is not None:  # "between 200 and 300", "2-3 million"
            lower, upper = span
            value, end = lower, nxt.end()
            skip.add(i + 1)
            if _NOT_COUNT_AFTER.match(text, end) or _TIME_OR_ADDRESS.match(text, end) or \
                    _AGE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue  # "aged between 4 and 12": ages
        elif _not_a_count(text, m, value):
            continue
        if has_month is None:  # looked at once per sentence, when a number is left to judge
            has_month = MONTH_WORD.search(text) is not None
        if has_month and _day_of_month(text, m):
            continue  # "On October 7, 1,200 people ...": the 7 is a day
        one_person = None
        if m.group("num").lower() == "one":
            one_person = _one_person(text[end:end + WINDOW]) or _one_after_kind(text, start, end)
            if not (one_person or (out and _LIST_GAP.match(text, previous_end, start))
                    or _kind_right_after(text[end:end + WINDOW])):
                continue  # "one" counts in a list ("two Greeks and one Russian"), "one was killed"
        after = text[end:end + WINDOW]
        total = _OUT_OF.match(text, end)
        if total is not None and i + 1 < len(numbers) and numbers[i + 1].start() == total.end():
            skip.add(i + 1)  # "5.2 million out of 6 million people": the 6 million is a population
            after = text[numbers[i + 1].end():numbers[i + 1].end() + WINDOW]
        noun = one_person or _people_noun(after) or _number_of_people(
            text[max(0, start - WINDOW):start]) or _partitive(after)
        if noun is None and nxt is not None and _SHARED_NOUN.fullmatch(text, end, nxt.start()):
            noun = _people_noun(text[nxt.end():nxt.end() + WINDOW])  # "53 male and 20 female students"
        if noun is None and i > 0 and numbers[i - 1].start() not in starts and \
                _OF_THEM.match(after):
            continue  # "five rockets were fired and three of them hit a base": no people
        if _attackers_by(text, start):
            continue  # "the camp was attacked by a group of 250 armed men": the attacking force
        collective = _COLLECTIVE_OF.search(text, max(0, start - 30), start)
        if noun is None and collective:  # "a crew of 25", "a contingent of 400"
            noun = collective.group(1).lower()
        toll = noun is None and (
            _TOLL_BEFORE.search(text[max(0, start - 70):start]) is not None
            or _TOLL_VERB_BEFORE.search(text[max(0, start - 160):start]) is not None
            or (_BRINGS_TO.search(text, max(0, start - 20), start) is not None
                and _TOLL_AFTER.match(text, end) is not None))
        if toll:  # "the death toll rose to 41"
            noun = "dead"
        strong = bool(m.group("strong"))
        if strong and m.group("strong").endswith("member") and not _FORCE_AFTER.match(text, end):
            continue  # "the 15-member Security Council", "a five-member delegation"
        if noun is not None and not strong and _doers(after):
            continue  # "two gunmen attacked the gate": the attacking force, not a count of harm
        breakdown = colon >= 0 and start > colon and lead_kind is not None
        found = _figure(text, start, end, after, noun, strong, out, previous_end,
                        breakdown=breakdown, lead_kind=lead_kind, toll=toll)
        kind = found.kind if found else _elliptical_kind(text, start, noun, out, previous, earlier)
        if found and parse is not None and not (
                found.near or strong or toll or breakdown
                or _kind_next_to(text, m, after, noun, out, previous_end)):
            if not docs:
                docs.append(parse(text))
            clause = counted_clause(docs[0], m.start("num"), kind_of_phrase)
            if clause is not None and clause.lives:
                continue  # "1.5 million people live in Rafah": a population (devset rule 8)
            if clause is not None and (clause.kind or not found.guessed):
                # the count's own predicate decides (figure_clauses.py)
                kind = clause.kind or ("troops" if noun in TROOP_NOUNS else "other")
        if kind == "other" and noun is not None and parse is not None and \
                kind_of_phrase(noun) == "other":  # "34 hostages ... were killed": what befell them
            if not docs:
                docs.append(parse(text))
            clause = counted_clause(docs[0], m.start("num"), kind_of_phrase)
            if clause is not None and clause.kind in ("killed", "wounded"):
                kind = clause.kind
            elif nxt is not None and (shared := _shared_kind(text, end, nxt)) is not None:
                kind = shared  # "34 hostages and 15 kidnappers were killed" (a parse may miss it)
        if kind is None or (earlier and _restated(text, start, value, kind, earlier, sentence,
                                                  lead)):
            continue
        if colon < 0 or start < colon:
            lead_kind = kind
        qual_words = m.group("qual")
        qualifier = "between" if lower is not None else (
            QUALIFIERS[qual_words.lower()] if qual_words else "exact")
        out.append(FigureDraft(
            kind=kind, value=value, qualifier=qualifier,
            qualifier_text=m.group(0) if strong else (
                _range_words(text, start, end) if lower is not None else qual_words),
            counts=noun, evidence=sentence,
            confidence=0.85 if noun or strong else 0.6,
            reported_by=_reporter(text, start, statements), lower=lower, upper=upper))
        previous_end = end
        starts.append(start)
    vague = _vague_figures(sentence, statements)
    if not vague:
        return out
    return [f for _, f in sorted([*zip(starts, out, strict=True), *vague], key=lambda p: p[0])]


class _Kind(NamedTuple):
    kind: str
    guessed: bool  # no kind word: the counted noun's own kind (troops) or `other`
    near: bool = True  # the kind word is within a few words of the count, in its clause


# How far (in characters, within the count's clause) a kind word after a count is still part of
# the counted phrase: " civilians have been " is 21.
_NEAR = 24


def _figure(text: str, start: int, end: int, after: str, noun: str | None, strong: bool,
            out: list[FigureDraft], previous_end: int, *, breakdown: bool,
            lead_kind: str | None, toll: bool = False) -> _Kind | None:
    """The kind of the count at text[start:end], or None when it counts nobody."""
    of_them = re.match(r"\s+(?:of them|of whom|who)\b", after) is not None
    kind, distance = ("troops", 0) if strong else _nearest_kind(text, start, end, noun)
    right_before = _KIND_RIGHT_BEFORE.search(text, max(0, start - 30), start)
    if right_before and not strong:
        kind = _kind(text, right_before.start(), right_before.start() + 1, noun)
    if toll or (noun is not None and _LOST.search(text, max(0, start - 8), start)):
        kind = "killed"  # "the death toll rose to 41"; "the army lost 40 troops" (devset rule 9)
    listed = bool(out) and _LIST_GAP.match(text, previous_end, start) is not None
    if listed:
        kind = out[-1].kind  # "19 Filipinos, two Greeks and four Indians": one list, one kind
    if not (noun or strong or of_them or breakdown or _kind_right_after(after)
            or right_before or (listed and after.lstrip()[:1].isupper())):
        return None
    if noun == "others" and kind is None:
        return None  # "two others" without anything happening to them
    if kind is None:
        if breakdown and lead_kind:
            return _Kind(lead_kind, False)
        return _Kind("troops" if noun in TROOP_NOUNS else "other", True, near=False)
    return _Kind(kind, False, near=bool(right_before or listed or toll) or distance <= _NEAR)


_LOST = re.compile(r"\blost\s+$", re.IGNORECASE)


_PART_OF = re.compile(r"\s+(?:of them|of whom)\b")


def kind_of_phrase(words: str) -> str | None:
    """The kind the words at the start of ``words`` name ("killed", "dead" -> killed; "fled",
    "forced from their homes" -> displaced), or None."""
    m = _ANY_KIND.match(words)
    return None if m is None else _KINDS[int(str(m.lastgroup)[1:])]


def _kind_next_to(text: str, m: re.Match[str], after: str, noun: str | None,
                  out: list[FigureDraft], previous_end: int) -> bool:
    """True when a kind word is part of the counted phrase: right before the number ("killed 12
    people", "lost 40 troops"), right after it or after its noun ("12 were killed", "40 civilians
    wounded", "families have fled"), a partitive ("17 of the dead", "10 of them"), the noun itself
    ("the 18 dead", "refugees"), or a list that shares the kind of its first count."""
    if noun is not None:  # the commonest first: "12 people were killed", "40 civilians wounded"
        at = after.lower().find(noun)
        if at >= 0 and _kind_right_after(after[at + len(noun):]) or \
                kind_of_phrase(noun) is not None:
            return True
    return bool(_KIND_RIGHT_BEFORE.search(text, max(0, m.start() - 30), m.start())
                or _LOST.search(text, max(0, m.start() - 8), m.start())
                or _kind_right_after(after) or _partitive(after) is not None
                or _PART_OF.match(after)
                or (out and _LIST_GAP.match(text, previous_end, m.start())))


# "between 200 and 300", "200-300", "200 to 300", "2-3 million": one range (not "from 200 to 300",
# a change, nor "2019-2020", years).
_RANGE_GAP = re.compile(r"\s*(?:-|–|to|and)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)


def _range(text: str, m: re.Match[str], nxt: re.Match[str]) -> tuple[int, int] | None:
    gap = _RANGE_GAP.fullmatch(text, m.end(), nxt.start())
    if gap is None or nxt.group("qual") or m.group("strong"):  # "about 400 to 500" is a range
        return None
    before = text[max(0, m.start() - 12):m.start()]
    if gap.group(0).strip().lower() == "and" and not _BETWEEN.search(before):
        return None  # "two Greeks and four Indians" is a list; "between 2 and 4" a range
    if _FROM.search(before) or (m.start() > 0 and text[m.start() - 1] in "$€£"):
        return None
    low, high = _value(m), _value(nxt)
    if low is None or high is None:
        return None
    if not (m.group("scale") or m.group("abbr")) and (nxt.group("scale") or nxt.group("abbr")):
        low = low * (high // max(1, _value_unscaled(nxt)))  # "2-3 million": both in millions
    if all(len(x.group("num")) == 4 and x.group("num").isdigit() and 1800 <= v <= 2100
           for x, v in ((m, low), (nxt, high))):
        return None
    return (low, high) if low < high else None


def _range_words(text: str, start: int, end: int) -> str:
    """The range as written, with its "between" ("between 200 and 300")."""
    between = _BETWEEN.search(text, max(0, start - 12), start)
    return text[between.start() if between else start:end]


def _value_unscaled(m: re.Match[str]) -> int:
    raw = m.group("num").lower().replace(",", "")
    try:
        return max(1, int(float(raw)))
    except ValueError:
        return max(1, NUMBER_WORDS.get(raw, 1))


# "53 male and 20 female students": two counts that share the noun after the second.
_SHARED_NOUN = re.compile(r"\s+[A-Za-z][\w-]*\s+(?:and|or)\s+")  # "30 Nigerien and two Nigerian soldiers"
# "three of them": a part of the count before it, counting what that count counts.
_OF_THEM = re.compile(r"\s+of (?:them|these|those)\b", re.IGNORECASE)
_OUT_OF = re.compile(r"\s+(?:out of|of a total of)\s+", re.IGNORECASE)
# After a counted noun: a verb whose subject does the harm ("two gunmen attacked the airport").
_SUBORDINATORS = words("since after before when while as because until though although")
_DOER_VERBS = words("attacked stormed raided ambushed fired opened launched seized captured overran "
                    "shot bombed shelled struck abducted kidnapped hijacked targeted")


# A day of a month: "October 7", "7 October", "Oct. 7".
_MONTH_BEFORE = re.compile(r"\b" + MONTH + r"\s+$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r"(?!\w)")


def _day_of_month(text: str, m: re.Match[str]) -> bool:
    start = m.start("num")
    raw = m.group("num")
    return raw.isdigit() and len(raw) <= 2 and (
        _MONTH_BEFORE.search(text, max(0, start - 12), start) is not None
        or _MONTH_AFTER.match(text, m.end("num")) is not None)


def _doers(after: str) -> bool:
    words = after[:WINDOW + 20].split(None, 7)
    for i, word in enumerate(words[:6]):  # "100 heavily armed “terrorists” riding motorcycles attacked"
        low = word.strip(".,;:!?\"“”()").lower()
        if low in _DOER_VERBS:  # "73 students kidnapped by gunmen" is passive: they are the victims
            return i + 1 >= len(words) or words[i + 1].lower() != "by"
        if low in _STOP_WORDS or low in ("to", "at", "for", "on", "also") or low in _SUBORDINATORS:
            return False  # "200,000 people since Ukraine launched ...": another clause's doer
    return False


# "dozens of people", "hundreds of thousands", "tens of millions": vague quantities, with the
# bounds the facts format gives them (docs/facts-format.md: "hundreds of" is 200 to 999).
_VAGUE = re.compile(r"\b(?:(?P<times>tens|hundreds) of (?P<big>thousands|millions)|"
                    r"(?P<word>dozens|scores|hundreds|thousands|millions))\b", re.IGNORECASE)
VAGUE_BOUNDS = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999),
                "thousands": (2_000, 9_999), "millions": (2_000_000, 9_999_999)}
# A quick first look for a vague word, in title case too ("Hundreds of ...").
_VAGUE_STEMS = ("ozens", "cores", "undreds", "ousands", "illions")
_TIMES = {"tens": 10, "hundreds": 100}
_UNITS_OF = {"thousands": 1_000, "millions": 1_000_000}


def _vague_figures(sentence: Sentence, statements: list[StatementDraft]
                   ) -> list[tuple[int, FigureDraft]]:
    text = sentence.text
    out: list[tuple[int, FigureDraft]] = []
    if not any(stem in text for stem in _VAGUE_STEMS):
        return out
    for m in _VAGUE.finditer(text):
        if m.group("big"):  # "tens of thousands": 20,000 to 99,999
            unit = _UNITS_OF[m.group("big").lower()] * _TIMES[m.group("times").lower()]
            lower, upper = 2 * unit, 10 * unit - 1
        else:
            lower, upper = VAGUE_BOUNDS[m.group("word").lower()]
        after = re.sub(r"^\s+of\b", "", text[m.end():m.end() + WINDOW])  # "hundreds of people"
        noun = _people_noun(after)
        if noun is not None and _doers(after):
            continue
        found = _figure(text, m.start(), m.end(), after, noun, False, [], 0, breakdown=False,
                        lead_kind=None)
        if found is None:
            continue
        kind = found.kind
        out.append((m.start(), FigureDraft(
            kind=kind, value=lower, qualifier="between", qualifier_text=m.group(0),
            counts=noun, evidence=sentence, confidence=0.5,
            reported_by=_reporter(text, m.start(), statements), lower=lower, upper=upper,
            vague=True)))
    return out


_COLLECTIVE_OF = re.compile(r"\b(crew|contingent|force|unit|delegation) of\s+$",
                            re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;]|\s(?:and|but|while|after|before|when)\s")
_AUXILIARIES = re.compile(r"^(?:(?:were|was|have|had|has|are|been|being|also|reportedly|later|"
                          r"remain|remained|remains|still|are still|were still)\s+)+")
# Between two counts of one list: the first count's noun and a comma or "and".
_LIST_GAP = re.compile(r"\s*[A-Z][\w'-]*\s*(?:,\s*(?:and\s+)?|\s+and\s+)$")


def _value(m: re.Match[str]) -> int | None:
    raw = m.group("num").lower().replace(",", "")
    if "-" in raw and raw not in NUMBER_WORDS:  # "twenty-five" (not "a half-million")
        tens, unit = raw.split("-")
        number = float(NUMBER_WORDS[tens] + NUMBER_WORDS.get(unit, _ONE.get(unit, 0)))
    elif raw in NUMBER_WORDS or raw in _ONE:  # words, "a dozen" and "a hundred" included
        number = float(NUMBER_WORDS.get(raw, _ONE.get(raw, 0)))
    else:
        number = float(raw)
    if m.group("scale"):
        number *= SCALES[" ".join(re.split(r"[\s-]+", m.group("scale").lower()))]
    elif m.group("abbr"):
        number *= _ABBREVIATED[m.group("abbr").lower()]
    number = round(number, 3)  # 4.1 million is 4,100,000, not 4,099,999.9999999995
    if number != int(number):
        return None  # "2.5 people" is not a count; "2.5 million" was scaled above
    return int(number) if number >= 0 else None


def _not_a_count(text: str, m: re.Match[str], value: int) -> bool:
    after = text[m.end():]
    if _NOT_COUNT_AFTER.match(after) or _RATIO_AFTER.match(after) or \
            _RATIO_BEFORE.search(text, max(0, m.start() - 16), m.start()):
        return True  # "1 in 3 children", "one in five": a ratio
    before = text[max(0, m.start() - 20):m.start()].split()
    if before and (before[-1].lower().strip(".,") in LABEL_BEFORE
                   or (before[-1].lower() in FAMILY_BEFORE and not m.group("qual")
                       and _kin_after(after) and not _KIN_HARMED.match(after))):
        return True  # "Resolution 2735", "her five children" (but "its 22 crew members")
    if _population(text, m.start()):
        return True  # "the city of about 75,000 people": how many live there
    if after.lstrip().lower().startswith("lives") and _SAVED.search(
            text, max(0, m.start() - 30), m.start()):
        return True  # "saved 40 lives", "lives at risk": no deaths
    if _THREATENED_LIVES.search(text, max(0, m.start() - 150), m.start()):
        return True  # "threaten the lives of the Kingdom's residents, including more than
        # 70,000 U.S. citizens": people at risk, no count of dead (devset rule 486)
    last = text[max(0, m.start("num") - 12):m.start("num")].rsplit(None, 1)[-1:]
    if last and last[0].lower() in _AGE_WORDS and \
            _AGE_BEFORE.search(text, max(0, m.start("num") - 40), m.start("num")):
        return True  # "children under 5", "younger than 10", "the age of 18": ages
    if m.start() > 0 and text[m.start() - 1].isalpha():
        return True  # "M23", "F16": part of a name
    if _TIME_OR_ADDRESS.match(after) or (m.start() > 0 and text[m.start() - 1] == ":"):
        return True  # "at 14:30", "10 a.m.", "3rd", "10 Downing Street": not counts
    raw = m.group("num")
    is_year = len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2100
    return is_year or (m.start() > 0 and text[m.start() - 1] in "-/$€£")


_THREATENED_LIVES = re.compile(r"\b(?:threaten\w*|endanger\w*|imperil\w*|put\w*|puts)\s+"
                               r"(?:the\s+)?lives\s+(?:of\s+)?", re.IGNORECASE)
_SAVED = re.compile(r"\b(?:saved|save|saves|saving|spared|spare|protect|protected)\s+"
                    r"(?:[\w’'-]+\s+){0,2}$", re.IGNORECASE)
_RATIO_AFTER = re.compile(rf"\s+in\s+(?:\d+|{_WORDNUM})\b(?!\s+(?:minutes?|hours?|days?|weeks?|"
                          r"months?|years?|decades?)\b)", re.IGNORECASE)
_RATIO_BEFORE = re.compile(rf"\b(?:\d+|{_WORDNUM})\s+in\s+$", re.IGNORECASE)
_HOME_TO = re.compile(r"\b(?:(\w+)\s+of|home to)\s+$", re.IGNORECASE)


def _population(text: str, start: int) -> bool:
    """"a city of 75,000 people", "a population of 2 million", "home to 6 million": the number is
    a place's population."""
    if not text.endswith(("of ", "to "), 0, start):
        return False
    m = _HOME_TO.search(text, max(0, start - 30), start)
    return m is not None and (m.group(1) is None or m.group(1).lower() in POPULATION_OF)


# Before a number: an age ("children under five", "people over 60", "younger than 10", "aged 74").
_AGE_BEFORE = re.compile(
    r"(?:\b(?:children|boys|girls|kids|infants|babies|minors|youths|adults|people|men|women|"
    r"those|anyone|persons|patients)\s+(?:aged\s+)?(?:under|over|below|above|aged)|"
    r"\b(?:younger|older) than|\bages?(?:\s+of)?|\b(?:ages?|aged) between)\s+$", re.IGNORECASE)
_AGE_WORDS = words("under over below above aged than age ages of between")  # a quick first look
# After a number: a time ("14:30", "10 a.m.", "1300 GMT"), an ordinal suffix ("3rd"), or a street
# name ("10 Downing Street", "5 Tahrir Road").
_TIME_OR_ADDRESS = re.compile(
    r"(?::\d\d|(?:st|nd|rd|th)\b|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|hours? local\b|"
    r"local time\b|o'clock\b)|\s+(?:[A-Z][\w'-]+\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|"
    r"Boulevard|Blvd\.|Lane|Square|Highway)\b)")


def _kin_after(after: str) -> bool:
    word = _WORD.search(after[:30])
    return word is not None and word.group(0).lower() in KIN_NOUNS


def _people_noun(after: str) -> str | None:
    """The counted people noun within a few words ("50 civilian women and children hostages",
    "19 Filipinos"); the search stops at a verb, a preposition or another number."""
    if re.match(r"\s*[\d(]", after):
        return None
    words: list[str] = _WORD.findall(after[:WINDOW])[:5]
    found = None
    for i, word in enumerate(words):
        low = word.lower()
        if low in PEOPLE_NOUNS or (i == 0 and _is_demonym(word)):
            if i > 0 and found is None and _DIGIT.search(after, 0, after.find(word)):
                return None  # "two sides exchanged 200 prisoners": the next number's noun
            found = low
            if i + 1 < len(words) and words[i + 1].lower() in PEOPLE_NOUNS:
                continue
            return found
        if (low in _STOP_WORDS and i > 0) or low in ("to", "at", "for", "on"):
            break
    return found


def _one_person(after: str) -> str | None:
    """"one African Union soldier was killed" (devset rule 9): the singular people noun (its plural
    a people noun) within three words, with what happened to them right after it; also "one of
    Muhammad's sons was killed" (one of a plural people noun)."""
    part = _ONE_OF_PLURAL.match(after)
    if part is not None:  # the people noun: the first word after the determiner, or the second
        for group in (1, 2):
            noun = (part.group(group) or "").lower()
            if noun in _ONE_OF_NOUNS and _kind_right_after(after[part.end(group):]):
                return noun
    for word in _WORD.finditer(after, 0, 40):
        low = word.group(0).lower()
        plural = _IRREGULAR_PLURALS.get(low) or (low[:-3] + "men" if low.endswith("man")
                                                 else low + "s")  # "policeman", "serviceman"
        if plural in PEOPLE_NOUNS and _kind_right_after(after[word.end():]):
            return plural  # "one Palestinian civilian was wounded": the last noun
        if low in _STOP_WORDS or word.start() > 30:
            return None
    return None


def _one_after_kind(text: str, start: int, end: int) -> str | None:
    """"a Russian attack killed one person": the kind right before "one", a people noun after it."""
    if _KIND_RIGHT_BEFORE.search(text, max(0, start - 40), start) is None:
        return None
    word = _WORD.match(text, end + 1)
    if word is None or text[end:end + 1] != " ":
        return None
    low = word.group(0).lower()
    plural = _IRREGULAR_PLURALS.get(low) or low + "s"
    return plural if plural in PEOPLE_NOUNS else None


_ONE_OF_PLURAL = re.compile(r"\s+of\s+(?:the|his|her|their|its|our|[A-Z][\w’'-]*['’]s)\s+"
                           r"([A-Za-z]+)\b(?:\s+([a-z]+)\b)?")
_ONE_OF_NOUNS = PEOPLE_NOUNS | KIN_NOUNS
# "her three children were killed": the war's dead, not a family's size.
_KIN_HARMED = re.compile(r"\s*[\w-]+\s+(?:were|have been|had been|are)\s+(?:all\s+)?(?:killed|"
                         r"wounded|injured|abducted|kidnapped)\b|\s*[\w-]+\s+died\b", re.IGNORECASE)
_IRREGULAR_PLURALS = {"man": "men", "woman": "women", "child": "children", "person": "people"}


_DIGIT = re.compile(r"\d")
_STOP_WORDS = words("of the in by were was have had are is has and or who which that")


def _is_demonym(word: str) -> bool:
    return word[:1].isupper() and len(word) > 4 and word.endswith(DEMONYM_ENDINGS) and \
        not word.isupper()


_NUMBER_OF = re.compile(r"\bnumber of (\w+)(?:\s+(\w+))?\b[^.;]*?\b(?:to|at|reached|stands at|rose to)"
                        r"\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _number_of_people(before: str) -> str | None:
    """"bringing the number of prisoners released to more than 4,600", "the total number of
    displaced people ... to nearly 7 million": the counted noun."""
    m = _NUMBER_OF.search(before)
    if m is None:
        return None
    return next((w.lower() for w in m.groups() if w and w.lower() in PEOPLE_NOUNS), None)


_AND_NOUN = re.compile(r"\s+[\w-]+\s+and\s+")


def _shared_kind(text: str, end: int, nxt: re.Match[str]) -> str | None:
    """What befalls two coordinated counts, told after the second ("34 hostages and 15 kidnappers
    were killed"): killed or wounded, else None."""
    if not _AND_NOUN.fullmatch(text, end, nxt.start()):
        return None
    after = text[nxt.end():nxt.end() + WINDOW]
    noun = _people_noun(after)
    if noun is None:
        return None
    rest = _past_auxiliary(after[after.lower().find(noun) + len(noun):])
    word = _WORD.match(rest)
    kind = kind_of_phrase(word.group(0)) if word is not None else None
    return kind if kind in ("killed", "wounded") else None


def _kind_right_after(after: str) -> bool:
    """"30 injured", "12 were killed", "five have died": a kind word right after the number."""
    rest = _past_auxiliary(after)
    word = _WORD.match(rest)
    return word is not None and (_ANY_KIND.match(word.group(0)) is not None or
                                 _HOMES_AFTER.match(rest) is not None)


def _past_auxiliary(after: str) -> str:
    """The words after a count or its noun, an auxiliary before them left out ("were killed")."""
    return _AUXILIARIES.sub("", after.strip(), count=1)


_FORCE_AFTER = re.compile(r"(?:\s+[A-Z][\w.-]*|\s+[a-z-]+){0,3}?\s+(?:force|forces|army|contingent|"
                          r"battalion|brigade|militia|mission|peacekeeping force|troops)\b")
_HOMES_AFTER = re.compile(r"from their homes\b", re.IGNORECASE)  # "driven 300,000 from their homes"


def _kind(text: str, start: int, end: int, noun: str | None) -> str | None:
    """The nearest kind cue around the number, within its clause; None when there is none."""
    return _nearest_kind(text, start, end, noun)[0]


def _nearest_kind(text: str, start: int, end: int, noun: str | None) -> tuple[str | None, int]:
    """The nearest kind cue around the number and how far it is (characters, 100 more past a
    clause break); (None, a large distance) when there is none."""
    lo = max(0, start - WINDOW, text.rfind(";", 0, start) + 1)
    hi = min(len(text), end + WINDOW + 40)
    best: tuple[int, str] | None = None
    for m in _ANY_KIND.finditer(text, lo, hi):
        kind = _KINDS[int(str(m.lastgroup)[1:])]
        if m.start() >= end and (m.group(0).lower() in _AGENT_PARTICIPLES
                                 or _OTHER_PEOPLE.search(text, end, m.start())):
            continue  # "30 gunmen stormed it, killing a guard"; "... those who were freed"
        if m.start() >= end:
            # a cue after the number in its own clause ("two others were injured") comes
            # first; one past a clause break only counts at a distance
            distance = m.start() - end + (100 if _CLAUSE_BREAK.search(text, end, m.start())
                                          else 0)
        else:  # "killed and two others were injured": "killed" is not theirs
            distance = (start - m.end()) + 5 + (
                100 if _CLAUSE_BREAK.search(text, m.end(), start) else 0)
        if best is None or distance < best[0]:
            best = (distance, kind)
    if best is None:
        return ("troops" if noun in TROOP_NOUNS else None), _FAR
    return best[1], best[0]


_FAR = 1_000


# Participles whose subject does the harm: after a count they are its people's doing.
_AGENT_PARTICIPLES = frozenset({"killing", "wounding", "injuring"})
# "... those who were freed" are other people, but "three children were among those killed" are them.
_OTHER_PEOPLE = re.compile(r"(?<!among )\bthose\b", re.IGNORECASE)


# "17 of the dead", "three of the wounded": the partitive's head says what happened to them.
_PARTITIVE = re.compile(r"\s+of\s+(?:the|those|these)\s+(\w+)\b", re.IGNORECASE)


def _partitive(after: str) -> str | None:
    m = _PARTITIVE.match(after)
    if m is None or _ANY_KIND.fullmatch(m.group(1)) is None:
        return None  # "two of the victims": no outcome in the head
    return m.group(1).lower()


# "was attacked on Wednesday by a group of 250 to 300 armed men": the agent of an attack verb is the
# attacking force (devset rule 17), not people something happened to.
_ATTACKED_BY = re.compile(
    r"\b(?:attacked|stormed|raided|ambushed|overrun|overran|besieged|targeted|seized|captured|"
    r"abducted|kidnapped|shelled|bombed|hit|assaulted)\b[^.;:\"“”]{0,60}?\bby\s+"
    r"(?:(?:a|an|the)\s+(?:group|band|gang|force|column|unit|convoy|squad)\s+of\s+)?$",
    re.IGNORECASE)


def _attackers_by(text: str, start: int) -> bool:
    return _ATTACKED_BY.search(text, max(0, start - 100), start) is not None


# "the death toll in the assault on the camp and nearby villages has risen to 34": the toll's own
# verb, however long the phrase between.
_TOLL_VERB_BEFORE = re.compile(
    r"\b(?:death toll|toll|number of (?:dead|deaths))\b(?:[^.;]|(?<=\b[A-Z])\.){0,120}?"
    r"\b(?:has |had |have )?"
    r"(?:risen|rose|climbed|jumped|increased|grown|grew|reached|hit)\s+(?:to\s+)?$",
    re.IGNORECASE)
# "This brings to eight the death toll in the border clashes": the toll named after its count.
_BRINGS_TO = re.compile(r"\b(?:brings?|brought|bringing|raises?|raised|raising)\s+to\s+$",
                        re.IGNORECASE)
_TOLL_AFTER = re.compile(r"\s+the\s+(?:death\s+)?toll\b", re.IGNORECASE)
# "and another 17 lived nearby", "a further 30": a count that leaves its noun to the one before.
_ANOTHER = re.compile(r"\b(?:another|a further)\s+$", re.IGNORECASE)
# "Hassan said one of the foreigners was a soldier": the set a following "four others" belongs to.
_ONE_OF = re.compile(r"\b(?:one|\w+) of the (\w+)\b", re.IGNORECASE)


def _elliptical_kind(text: str, start: int, noun: str | None, out: Sequence[FigureDraft],
                     previous: str, earlier: Sequence[FigureDraft]) -> str | None:
    """The kind of a count whose noun is left out: "17 of the dead ... and another 17 lived in
    nearby villages" (the count before it in the sentence), or "one of the foreigners was a soldier.
    He said four others were trainers" (the figure that counted the foreigners)."""
    if noun is None and out and _ANOTHER.search(text, max(0, start - 12), start):
        return out[-1].kind
    if noun == "others" and previous:
        for m in _ONE_OF.finditer(previous):
            counted = m.group(1).lower()
            for f in reversed(earlier):
                if f.counts == counted and not f.vague:
                    return f.kind
    return None


# How far (in lines, blank lines included) the body's restatement of a lead tally reaches: about
# ten paragraphs; further on, in a long text, the same number is more likely another incident's.
_LEAD_REACH = 20
# "The three victims were ...": a definite count points back to people already counted.
_DEFINITE = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)


def _restated(text: str, start: int, value: int, kind: str,
              earlier: Sequence[FigureDraft], sentence: Sentence | None = None,
              lead: int | None = None) -> bool:
    """A count given before in the article, told again (devset rule 26): after a definite article
    ("The three victims were from the same family", any kind), inside a quotation repeating the
    same harm ("two peacekeepers were injured," after "wounding two of its members"), or a tally of
    the lead told again in the body ("The agency says 34 people were killed" after a lead's "the
    death toll has risen to 34"): a news lead sums up the count the body then details, in its
    first paragraphs (_LEAD_REACH lines). Only a tally of ten or more: small counts ("two
    wounded") recur for different incidents. Releases,
    exchanges and deployments come in batches of one size ("50 hostages ... 50 more"), so a repeated
    `other` or `troops` number is not taken for the same people."""
    if _DEFINITE.search(text, max(0, start - 7), start):
        return any(f.value == value and not f.vague for f in earlier)
    if kind in ("other", "troops"):
        return False
    if lead is not None and sentence is not None and value >= 10 \
            and lead < sentence.paragraph <= lead + _LEAD_REACH:
        for f in earlier:  # the lead's figures come first: look at them only
            if f.evidence.paragraph != lead:
                break
            if f.value == value and f.kind == kind and not f.vague:
                return True
    before = text[:start]
    quoted = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
    return quoted and any(f.value == value and f.kind == kind and not f.vague for f in earlier)


def _reporter(text: str, at: int, statements: list[StatementDraft]) -> Ref | None:
    for s in statements:
        if s.start <= at < s.start + len(s.words):
            # a pronoun the speaker tracker could not resolve names nobody (devset rule 2)
            return None if s.speaker.name.lower() in _PRONOUNS else s.speaker
    return None


_PRONOUNS = words("he she they it we i you him her them this that")


def according_to(text: str) -> str | None:
    """The source named by a trailing 'according to X' in a sentence."""
    m = _ACCORDING.search(text)
    # joint sources ("according to local officials and residents"): the first named (devset rule 18)
    return _AND.split(m.group(1), maxsplit=1)[0].strip() if m else None


_AND = re.compile(r"\s+and\s+")
