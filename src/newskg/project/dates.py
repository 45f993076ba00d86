"""Dates as articles give them: exact days, months, years, decades, and relative expressions.

A date is written to the graph as an XSD literal (xsd:date, xsd:gYearMonth or xsd:gYear) together with
its precision (nkg:DayPrecision … nkg:DecadePrecision). A decade is the gYear of its first year with
nkg:DecadePrecision. Relative expressions ("Wednesday", "yesterday") are resolved against the article's
publication date; a weekday resolves to the date with that weekday nearest to publication (at most three
days before or after), which is how news copy uses bare weekdays.
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

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_DECADE = re.compile(r"^(\d{3}0)s$")

FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, a decade like 1990s, today, yesterday, tomorrow or a weekday name"


class DateFormError(ValueError):
    """The text is none of the documented date forms."""


def day(value: dt.date) -> DateValue:
    return DateValue(value.isoformat(), XSD + "date", Precision.DAY)


def parse_date(value: object, published: dt.date | None = None) -> DateValue:
    """Parse a facts-file date (a YAML date, an int year, or a string) into a DateValue.

    Raises DateFormError with a message saying which forms are accepted.
    """
    if isinstance(value, dt.date):
        return day(value)
    text = str(value).strip()
    if _DAY.match(text):
        try:
            return day(dt.date.fromisoformat(text))
        except ValueError as exc:
            raise DateFormError(f"{text!r} is not a calendar date ({exc})") from None
    if m := _MONTH.match(text):
        if not 1 <= int(m.group(2)) <= 12:
            raise DateFormError(f"{text!r} has no month {m.group(2)}")
        return DateValue(text, XSD + "gYearMonth", Precision.MONTH)
    if _YEAR.match(text):
        return DateValue(text, XSD + "gYear", Precision.YEAR)
    if m := _DECADE.match(text):
        return DateValue(m.group(1), XSD + "gYear", Precision.DECADE)
    lowered = text.lower()
    if lowered in RELATIVE_DAYS or lowered in WEEKDAYS:
        if published is None:
            raise DateFormError(f"{text!r} is relative and the publication date is unknown")
        return day(resolve_relative(lowered, published))
    raise DateFormError(f"{text!r} is not a date; use {FORMS}")


def resolve_relative(word: str, published: dt.date) -> dt.date:
    """Resolve 'yesterday' or a weekday name against the publication date."""
    if word in RELATIVE_DAYS:
        return published + dt.timedelta(days=RELATIVE_DAYS[word])
    offset = (WEEKDAYS.index(word) - published.weekday()) % 7
    if offset > 3:
        offset -= 7
    return published + dt.timedelta(days=offset)
