"""Counts of people: "at least 200 killed", "more than 400 wounded", "2,000-strong", "30,000 people
dead", "168 of them were transported ...: 96 by helicopter and 72 by ambulance", with qualifier and
the reporter (the speaker whose words hold the number, or 'according to X').
"""

from __future__ import annotations

import re

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
    QUALIFIERS,
    SCALES,
    STRONG_SUFFIX,
    TROOP_NOUNS,
)
from newskg.extract.sentences import Sentence

_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_WORDNUM = "|".join(sorted((re.escape(w) for w in [*NUMBER_WORDS, "one"]), key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = re.compile(  # the leading word boundary lets re skip most positions fast
    rf"\b(?=\w)(?:\b(?P<qual>{_QUAL})\s+)?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|"
    rf"\b(?:{_TENS})-(?:{_UNITS})\b|\b(?:{_WORDNUM})\b)"
    rf"(?:\s+(?P<scale>{'|'.join(SCALES)})|(?P<abbr>m|bn)\b)?(?P<strong>{STRONG_SUFFIX})?(?![\d,]*\d)",
    re.IGNORECASE)
_ABBREVIATED = {"m": 1_000_000, "bn": 1_000_000_000}  # "1.7m people" (Guardian, BBC style)
_WORD = re.compile(r"[A-Za-z’'-]+")
_NOT_COUNT_AFTER = re.compile(r"^(?:-(?!strong)|\s*(?:%|per\s?cent|percent|hours?|days?|weeks?|months?|"
                              r"years?|km|kilometres?|miles?|metres?|local time|am|pm|GMT|a\.m|p\.m|"
                              r"thirds?|times|dollars?|million dollars|euros?)\b)", re.IGNORECASE)
_KIND_RIGHT_BEFORE = re.compile(r"\b(?:killed|killing|wounded|wounding|injured|injuring|"
                                r"evacuated|displaced|detained|arrested|freed|released)\s+"
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
_TOLL_BEFORE = re.compile(r"\b(?:death toll|toll|number of (?:dead|deaths|casualties))\b[^.;]{0,40}?"
                          r"\b(?:to|at|reached|of|is|was|stood at|stands at)\s+$", re.IGNORECASE)


def figures_in(sentence: Sentence, statements: list[StatementDraft]) -> list[FigureDraft]:
    """The people counts of one sentence; ``statements`` are those found in it (for the reporter)."""
    text = sentence.text
    out: list[FigureDraft] = []
    colon = text.find(":")
    lead_kind: str | None = None
    previous_end = 0
    for m in NUMBER.finditer(text):
        value = _value(m)
        if value is None or _not_a_count(text, m, value):
            continue
        if m.group("num").lower() == "one" and not (
                (out and _LIST_GAP.match(text, previous_end, m.start()))
                or _kind_right_after(text[m.end():m.end() + WINDOW])):
            continue  # "one" counts in a list ("two Greeks and one Russian"), "one was killed"
        after = text[m.end():m.end() + WINDOW]
        noun = _people_noun(after) or _number_of_people(text[max(0, m.start() - WINDOW):m.start()])
        collective = _COLLECTIVE_OF.search(text, max(0, m.start() - 30), m.start())
        if noun is None and collective:  # "a crew of 25", "a contingent of 400"
            noun = collective.group(1).lower()
        strong = bool(m.group("strong"))
        breakdown = colon >= 0 and m.start() > colon and lead_kind is not None
        of_them = re.match(r"\s+(?:of them|of whom|who)\b", after) is not None
        kind = "troops" if strong else _kind(text, m.start(), m.end(), noun)
        right_before = _KIND_RIGHT_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if right_before and not strong:
            kind = _kind(text, right_before.start(), right_before.start() + 1, noun)
        if _TOLL_BEFORE.search(text[max(0, m.start() - 70):m.start()]) and not noun:
            noun, kind = "dead", "killed"
        listed = bool(out) and _LIST_GAP.match(text, previous_end, m.start()) is not None
        if listed:
            kind = out[-1].kind  # "19 Filipinos, two Greeks and four Indians": one list, one kind
        if not (noun or strong or of_them or breakdown or _kind_right_after(after)
                or right_before or (listed and after.lstrip()[:1].isupper())):
            continue
        if noun == "others" and kind is None:
            continue  # "two others" without anything happening to them
        if kind is None:
            kind = lead_kind if breakdown and lead_kind else (
                "troops" if noun in TROOP_NOUNS else "other")
        if colon < 0 or m.start() < colon:
            lead_kind = kind
        qual_words = m.group("qual")
        qualifier = QUALIFIERS[qual_words.lower()] if qual_words else "exact"
        out.append(FigureDraft(
            kind=kind, value=value, qualifier=qualifier,
            qualifier_text=m.group(0) if strong else qual_words,
            counts=noun, evidence=sentence,
            confidence=0.85 if noun or strong else 0.6,
            reported_by=_reporter(text, m.start(), statements)))
        previous_end = m.end()
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
    if "-" in raw:  # "twenty-five"
        tens, unit = raw.split("-")
        number = float(NUMBER_WORDS[tens] + NUMBER_WORDS.get(unit, _ONE.get(unit, 0)))
    elif raw in NUMBER_WORDS or raw in _ONE:  # words, "a dozen" and "a hundred" included
        number = float(NUMBER_WORDS.get(raw, _ONE.get(raw, 0)))
    else:
        number = float(raw)
    if m.group("scale"):
        number *= SCALES[m.group("scale").lower()]
    elif m.group("abbr"):
        number *= _ABBREVIATED[m.group("abbr").lower()]
    if number != int(number):
        return None  # "2.5 people" is not a count; "2.5 million" was scaled above
    return int(number) if number >= 0 else None


def _not_a_count(text: str, m: re.Match[str], value: int) -> bool:
    after = text[m.end():]
    if _NOT_COUNT_AFTER.match(after):
        return True
    before = text[max(0, m.start() - 20):m.start()].split()
    if before and (before[-1].lower().strip(".,") in LABEL_BEFORE
                   or (before[-1].lower() in FAMILY_BEFORE and not m.group("qual")
                       and _kin_after(after))):
        return True  # "Resolution 2735", "her five children" (but "its 22 crew members")
    if m.start() > 0 and text[m.start() - 1].isalpha():
        return True  # "M23", "F16": part of a name
    if _TIME_OR_ADDRESS.match(after) or (m.start() > 0 and text[m.start() - 1] == ":"):
        return True  # "at 14:30", "10 a.m.", "3rd", "10 Downing Street": not counts
    raw = m.group("num")
    is_year = len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2100
    return is_year or (m.start() > 0 and text[m.start() - 1] in "-/$€£")


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
            found = low
            if i + 1 < len(words) and words[i + 1].lower() in PEOPLE_NOUNS:
                continue
            return found
        if (low in _STOP_WORDS and i > 0) or low in ("to", "at", "for", "on"):
            break
    return found


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


def _kind_right_after(after: str) -> bool:
    """"30 injured", "12 were killed", "five have died": a kind word right after the number."""
    word = _WORD.match(_AUXILIARIES.sub("", after.strip(), count=1))
    return word is not None and _ANY_KIND.match(word.group(0)) is not None


def _kind(text: str, start: int, end: int, noun: str | None) -> str | None:
    """The nearest kind cue around the number, within its clause; None when there is none."""
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
        return "troops" if noun in TROOP_NOUNS else None
    return best[1]


# Participles whose subject does the harm: after a count they are its people's doing.
_AGENT_PARTICIPLES = frozenset({"killing", "wounding", "injuring"})
_OTHER_PEOPLE = re.compile(r"\bthose\b", re.IGNORECASE)


def _reporter(text: str, at: int, statements: list[StatementDraft]) -> Ref | None:
    for s in statements:
        if s.start <= at < s.start + len(s.words):
            return s.speaker
    return None


def according_to(text: str) -> str | None:
    """The source named by a trailing 'according to X' in a sentence."""
    m = _ACCORDING.search(text)
    return m.group(1).strip() if m else None
