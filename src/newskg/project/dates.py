"""Dates as articles give them: exact days, months, years, decades, and relative expressions.

A date is written to the graph as an XSD literal (xsd:date, xsd:gYearMonth or xsd:gYear) together with
its precision (nkg:DayPrecision … nkg:DecadePrecision). A decade is the gYear of its first year with
nkg:DecadePrecision. Relative expressions ("Wednesday", "yesterday") are resolved against the article's
publication date; a weekday resolves to the date with that weekday nearest to publication (at most three
days before or after), which is how news copy uses bare weekdays.

Every date names a period between 0001-01-01 and 9998-12-31 (``EARLIEST``, ``LATEST``): the day after
any period, and a year either side of a day, are then still calendar days (Python's end at
9999-12-31), so no arithmetic on a date that was read can overflow. Arithmetic that would leave the
range goes through ``moved``, which answers None.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

XSD = "http://www.w3.org/2001/XMLSchema#"


class Precision(Enum):
    DAY = "DayPrecision"
    MONTH = "MonthPrecision"
    YEAR = "YearPrecision"
    DECADE = "DecadePrecision"


@dataclass(frozen=True)
class DateValue:
    """A resolved date: its lexical form, XSD datatype IRI and precision."""

    lexical: str
    datatype: str
    precision: Precision

    @property
    def earliest(self) -> dt.date:
        """The first day the value covers (for ordering a timeline)."""
        if self.precision is Precision.DAY:
            return dt.date.fromisoformat(self.lexical)
        if self.precision is Precision.MONTH:
            year, month = self.lexical.split("-")
            return dt.date(int(year), int(month), 1)
        return dt.date(int(self.lexical), 1, 1)

    @property
    def following(self) -> dt.date:
        """The first day after the period the value covers (exclusive end)."""
        first = self.earliest
        if self.precision is Precision.DAY:
            return first + dt.timedelta(days=1)
        if self.precision is Precision.MONTH:
            return dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        span = 10 if self.precision is Precision.DECADE else 1
        return dt.date(first.year + span, 1, 1)

    @property
    def label(self) -> str:
        """The value as written: 2023-09-20, 2023-09, 2023 or 1990s."""
        return f"{self.lexical}s" if self.precision is Precision.DECADE else self.lexical


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")
_DECADE = re.compile(r"([0-9]{3}0)s")

EARLIEST = dt.date(1, 1, 1)
LATEST = dt.date(9998, 12, 31)
"""The latest day a date may name (or its period end on): a year later is still a calendar day."""

FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, a decade like 1990s, today, yesterday, tomorrow or a weekday name"


class DateFormError(ValueError):
    """The text is none of the documented date forms."""


def day(value: dt.date) -> DateValue:
    return DateValue(value.isoformat(), XSD + "date", Precision.DAY)


def parse_day(text: str) -> dt.date:
    """A day written YYYY-MM-DD: the one form a facts file, an article's header line and every
    command-line day take (not Python's other ISO forms, 20230920 or 2023-W38-3).

    Raises DateFormError saying what is wrong.
    """
    if not _DAY.fullmatch(text):
        raise DateFormError(f"{text!r} is not a date YYYY-MM-DD")
    try:
        value = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DateFormError(f"{text!r} is not a calendar date ({exc})") from None
    if value > LATEST:
        raise DateFormError(f"{text!r} is after {LATEST}, the latest date newskg supports")
    return value


def _in_range(text: str, first_year: int, last_year: int) -> None:
    """Refuse a month, year or decade that reaches outside EARLIEST..LATEST."""
    if first_year < EARLIEST.year:
        raise DateFormError(f"{text!r} is before {EARLIEST}, the earliest date newskg supports")
    if last_year > LATEST.year:
        raise DateFormError(f"{text!r} is after {LATEST}, the latest date newskg supports")


def parse_date(value: object, published: dt.date | None = None) -> DateValue:
    """Parse a facts-file date (a YAML date, an int year, or a string) into a DateValue.

    Raises DateFormError with a message saying which forms are accepted.
    """
    if isinstance(value, dt.date):
        if value.year > LATEST.year:
            raise DateFormError(f"'{value}' is after {LATEST}, the latest date newskg supports")
        return day(value)
    text = str(value).strip()
    if _DAY.fullmatch(text):
        return day(parse_day(text))
    if m := _MONTH.fullmatch(text):
        if not 1 <= int(m.group(2)) <= 12:
            raise DateFormError(f"{text!r} has no month {m.group(2)}")
        _in_range(text, int(m.group(1)), int(m.group(1)))
        return DateValue(text, XSD + "gYearMonth", Precision.MONTH)
    if _YEAR.fullmatch(text):
        _in_range(text, int(text), int(text))
        return DateValue(text, XSD + "gYear", Precision.YEAR)
    if m := _DECADE.fullmatch(text):
        _in_range(text, int(m.group(1)), int(m.group(1)) + 9)
        return DateValue(m.group(1), XSD + "gYear", Precision.DECADE)
    lowered = text.lower()
    if lowered in RELATIVE_DAYS or lowered in WEEKDAYS:
        if published is None:
            raise DateFormError(f"{text!r} is relative and the publication date is unknown")
        return day(resolve_relative(lowered, published))
    raise DateFormError(f"{text!r} is not a date; use {FORMS}")


def resolve_relative(word: str, published: dt.date) -> dt.date:
    """Resolve 'yesterday' or a weekday name against the publication date.

    Raises DateFormError when the day falls outside EARLIEST..LATEST.
    """
    if word in RELATIVE_DAYS:
        offset = RELATIVE_DAYS[word]
    else:
        offset = (WEEKDAYS.index(word) - published.weekday()) % 7
        if offset > 3:
            offset -= 7
    value = moved(published, offset)
    if value is None:
        raise DateFormError(f"{word!r} from the publication date {published} falls outside "
                            f"{EARLIEST}..{LATEST}, the dates newskg supports")
    return value


def moved(value: dt.date, days: int = 0, *, years: int = 0) -> dt.date | None:
    """``value`` moved by ``years`` (the same month and day), then by ``days``; None when that
    day does not exist (29 February in another year) or falls outside EARLIEST..LATEST.

    The one way date arithmetic on read or resolved dates is done: it never overflows.
    """
    try:
        result = value.replace(year=value.year + years) + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return result if EARLIEST <= result <= LATEST else None
