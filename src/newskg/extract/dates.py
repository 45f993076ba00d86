"""Date expressions in a sentence, resolved against the publication date with their precision.

Weekdays and yesterday/today/tomorrow go through `newskg.project.dates.resolve_relative` (the same rule the
facts loader uses); explicit days and months without a year take the publication year (the previous
year when that would put them more than a week after publication). Without a publication date a
relative expression stays unresolved (``value`` None) and is flagged, never guessed; so does one
that would fall outside the dates newskg supports (`newskg.project.dates.moved`), and an explicit
date the facts could not hold ("31 December 9999").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from newskg.project.dates import WEEKDAYS, DateFormError, moved, parse_date

MONTHS = {name: i + 1 for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"))}
MONTHS.update({m[:3]: n for m, n in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
MONTH = _MONTH  # a month's name as a pattern (for other modules' patterns)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY = _WEEKDAY  # a weekday's name as a pattern (for other modules' patterns)

DATE_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # (kind, pattern, example)
    ("day-month-year", re.compile(rf"\b(\d{{1,2}}) ({_MONTH}),? (\d{{4}})\b"), "on 20 September 2023"),
    ("month-day-year", re.compile(rf"\b({_MONTH}) (\d{{1,2}}),? (\d{{4}})\b"), "on October 7, 2023"),
    ("day-month", re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\b"), "on 7 October"),
    ("month-day", re.compile(rf"\b({_MONTH}) (\d{{1,2}})\b(?!,? \d{{4}})"), "on October 7"),
    ("month-year", re.compile(rf"\b(?:in )?({_MONTH}) (\d{{4}})\b"), "in September 2023"),
    # a month alone after a preposition: the latest such month by publication ("in June": a month,
    # no day, so no event is dated by it)
    ("month", re.compile(rf"\b(?:in|since|until|by|last|early|late|mid-)\s*({_MONTH})\b(?!\.?\s*\d)"),
     "in June"),
    ("weekday", re.compile(rf"\b{_WEEKDAY}\b(?:['’]s)?"), "on Wednesday"),
    ("relative", re.compile(rf"\b(yesterday|today|tomorrow|earlier in the day|this morning|"
                            rf"this afternoon|this evening|last evening|"
                            rf"tonight|last night|overnight(?!\s+(?:on\s+)?{_WEEKDAY}))\b",
                            re.IGNORECASE), "said yesterday"),
    ("ago", re.compile(r"\b(a|one|two|three|four|five|six|\d{1,2}) days? ago\b", re.IGNORECASE),
     "three days ago"),
    ("decade", re.compile(r"\b(?:the )?(?:early |mid-|late )?(1[89]\d0|20[0-9]0)s\b"),
     "in the early 1990s"),
    ("year", re.compile(r"\b(?:in|since|of|by|until) (?:mid-|early |late )?((?:19|20)\d\d)\b(?![-\d])"),
     "in 2020"),
)
# A cheap first look: a sentence without any of these has no date expression.
_ANY_DATE = re.compile(r"\d|day\b|day['’]s|tonight|night|morning|afternoon|evening|days ago|" + _MONTH)
MONTH_WORD = re.compile(r"\b(?=\w)" + _MONTH)  # a month's name: the sentence may hold a day
_NEEDS = {"weekday": "day", "decade": "0s", "ago": " ago"}  # quick tests before the patterns
DAY_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1, "earlier in the day": 0,
               "this morning": 0, "tonight": 0, "last night": -1, "overnight": 0,
               "this afternoon": 0, "this evening": 0, "last evening": -1}
# Words before a weekday that put it ahead of the publication date.
# "from" and "until" only right before the day ("from Friday"): "the exodus from the Vakarai area
# began early Friday" is the past.
_FUTURE_WORDS = (r"\b(?:will|would|due to|is expected to|are expected to|scheduled|set to|next|"
                 r"plans? to|to be held|to take place|to begin|to start)\b[^.;,]{0,50}")
_FUTURE_BEFORE = re.compile(rf"(?:{_FUTURE_WORDS}|\b(?:until|from)\s+(?:on\s+)?(?:next\s+)?)$",
                            re.IGNORECASE)
# Before a day without its year only the words of a plan look ahead: "from March 1" is as often
# past as not.
_FUTURE_PLAN = re.compile(rf"{_FUTURE_WORDS}$", re.IGNORECASE)
# Words right before a day without its year that put it ahead: "ahead of the May 28 election".
_AHEAD_OF = re.compile(r"\b(?:ahead of|in the run-up to|upcoming|run-up to)\s+(?:the\s+|a\s+)?$",
                       re.IGNORECASE)
SHIFT = re.compile(r"\b(a|one|two|three|four|five) days? (after|before|later|earlier)\b",
                   re.IGNORECASE)
SHIFT_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class DateMention:
    """A date expression: where it is in the sentence, its words, and its resolved value (or None)."""

    start: int
    end: int
    text: str
    value: str | None  # YYYY-MM-DD, YYYY-MM, YYYY or YYY0s; None when unresolved

    @property
    def unresolved(self) -> bool:
        return self.value is None


def find_dates(sentence: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression of ``sentence``, left to right, overlaps removed (longer wins)."""
    return list(_find_dates(sentence, published))


@functools.lru_cache(maxsize=512)
def _find_dates(sentence: str, published: dt.date | None) -> tuple[DateMention, ...]:
    if not _ANY_DATE.search(sentence):
        return ()
    has_month = MONTH_WORD.search(sentence) is not None
    found: list[DateMention] = []
    taken = bytearray(len(sentence))  # characters already inside a date expression
    for kind, pattern, _ in DATE_PATTERNS:
        if (kind.startswith(("day-", "month")) and not has_month) or (
                kind in _NEEDS and _NEEDS[kind] not in sentence):
            continue
        for m in pattern.finditer(sentence):
            if any(taken[m.start():m.end()]):
                continue
            value = _supported(_resolve(kind, m, published))
            if kind == "year" and value is None:
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(DateMention(m.start(), m.end(), m.group(0), value))
    return tuple(sorted(found, key=lambda d: d.start))


def _supported(value: str | None) -> str | None:
    """``value`` when a facts file could hold it as a date, else None (unresolved)."""
    if value is None:
        return None
    try:
        parse_date(value)
    except DateFormError:
        return None
    return value


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _resolve(kind: str, m: re.Match[str], published: dt.date | None) -> str | None:
    g = m.groups()
    if kind == "day-month-year":
        return _iso(int(g[2]), MONTHS[g[1].lower().rstrip(".")], int(g[0]))
    if kind == "month-day-year":
        return _iso(int(g[2]), MONTHS[g[0].lower().rstrip(".")], int(g[1]))
    if kind in ("day-month", "month-day"):
        day_, month = (g[0], g[1]) if kind == "day-month" else (g[1], g[0])
        looks_ahead = _AHEAD_OF.search(m.string, max(0, m.start() - 60), m.start()) is not None \
            or _FUTURE_PLAN.search(m.string, max(0, m.start() - 60), m.start()) is not None
        return _without_year(MONTHS[month.lower().rstrip(".")], int(day_), published,
                             ahead=looks_ahead)
    if kind == "month":
        if published is None:
            return None
        month_ = MONTHS[g[0].lower().rstrip(".")]
        year = published.year if month_ <= published.month else published.year - 1
        return f"{year:04d}-{month_:02d}"
    if kind == "month-year":
        return f"{int(g[1]):04d}-{MONTHS[g[0].lower().rstrip('.')]:02d}"
    if kind == "decade":
        return f"{g[0]}s"
    if kind == "year":
        return g[0]
    if published is None:
        return None
    if kind == "weekday":
        word = m.group(0).lower().split("'")[0].split("’")[0]
        if word not in WEEKDAYS:
            return None
        wanted = WEEKDAYS.index(word)
        if _FUTURE_BEFORE.search(m.string, max(0, m.start() - 60), m.start()):
            ahead = (wanted - published.weekday()) % 7 or 7  # "due to take effect on Friday"
            return _day(moved(published, ahead))
        back = (published.weekday() - wanted) % 7  # news reports the past: the latest such day
        return _day(moved(published, -back))
    if kind == "ago":
        count = m.group(1).lower()
        days = int(count) if count.isdigit() else SHIFT_COUNTS[count]
        return _day(moved(published, -days))
    return _day(moved(published, DAY_OFFSETS[m.group(1).lower()]))


def _iso(year: int, month: int, day_: int) -> str | None:
    try:
        return dt.date(year, month, day_).isoformat()
    except ValueError:
        return None


def _without_year(month: int, day_: int, published: dt.date | None, *,
                  ahead: bool = False) -> str | None:
    """The day in the publication's year, or the year before when that would put it more than a
    week after publication; the next such day instead when the words before it look ahead
    ("ahead of the May 28 election", "will meet on June 3")."""
    if published is None:
        return None
    try:
        this_year = dt.date(published.year, month, day_)
    except ValueError:  # 29 February in another year
        return None
    if ahead and this_year < published:
        return _day(moved(this_year, years=1))
    if not ahead and (this_year - published).days > 7:
        return _day(moved(this_year, years=-1))
    return this_year.isoformat()


def shift_before(sentence: str, published: dt.date | None, anchor: dt.date | None = None
                 ) -> tuple[str, str | None] | None:
    """'A day after X, ...': (the words, the date of X) counted back from the sentence's own time.

    The sentence's own time is its explicit date when it has one, else ``anchor`` (the day of the
    event the article last dated: "The attack came two days after a raid"), else the publication
    date.
    """
    m = SHIFT.search(sentence)
    if m is None or published is None:
        return (m.group(0), None) if m else None
    days = SHIFT_COUNTS[m.group(1).lower()]
    sign = -1 if m.group(2).lower() in ("after", "later") else 1
    others = [d for d in find_dates(sentence, published) if d.value and len(d.value) == 10]
    anchor = dt.date.fromisoformat(others[0].value) if others and others[0].value else (
        anchor or published)
    return m.group(0), _day(moved(anchor, sign * days))


def nearest(dates: list[DateMention], at: int) -> DateMention | None:
    """The date expression closest to position ``at`` (for the date of a trigger word)."""
    if not dates:
        return None
    return min(dates, key=lambda d: min(abs(d.start - at), abs(d.end - at)))


# "Today marks one year since the start of conflict in Tigray": the day the event began, counted
# back from the publication date (an anniversary names a day).
ANNIVERSARY = re.compile(r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+"
                         r"since\s+the\s+(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+)?$",
                         re.IGNORECASE)
_YEAR_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}


def anniversary_start(before: str, published: dt.date | None) -> tuple[str, str] | None:
    """(the words, the start day) when ``before`` (the words before an event noun) ends with "N
    years since the start of"; None otherwise or without a publication date."""
    m = ANNIVERSARY.search(before) if "since" in before else None
    if m is None or published is None:
        return None
    word = m.group(1).lower()
    years = int(word) if word.isdigit() else _YEAR_COUNTS[word]
    # 29 February: the 28th in a year without one
    day_ = moved(published, years=-years) or moved(published.replace(day=28), years=-years)
    return None if day_ is None else (m.group(0).strip(), day_.isoformat())
