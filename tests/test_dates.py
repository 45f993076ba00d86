import datetime as dt

import pytest

from newskg.project.dates import DateFormError, Precision, parse_date

WEDNESDAY = dt.date(2023, 9, 20)


@pytest.mark.parametrize(("text", "lexical", "precision"), [
    ("2023-09-21", "2023-09-21", Precision.DAY),
    ("2023-09", "2023-09", Precision.MONTH),
    ("2020", "2020", Precision.YEAR),
    (2020, "2020", Precision.YEAR),
    ("1990s", "1990", Precision.DECADE),
    ("Wednesday", "2023-09-20", Precision.DAY),
    ("Thursday", "2023-09-21", Precision.DAY),
    ("monday", "2023-09-18", Precision.DAY),
    ("Saturday", "2023-09-23", Precision.DAY),
    ("Sunday", "2023-09-17", Precision.DAY),
    ("yesterday", "2023-09-19", Precision.DAY),
    ("tomorrow", "2023-09-21", Precision.DAY),
])
def test_forms_resolve_against_publication(text: object, lexical: str, precision: Precision) -> None:
    value = parse_date(text, WEDNESDAY)
    assert (value.lexical, value.precision) == (lexical, precision)


def test_datatypes_follow_precision() -> None:
    assert parse_date("2023-09-20").datatype.endswith("#date")
    assert parse_date("2023-09").datatype.endswith("#gYearMonth")
    assert parse_date("1990s").datatype.endswith("#gYear")
    assert parse_date("1990s").earliest == dt.date(1990, 1, 1)
    assert parse_date("2023-09").earliest == dt.date(2023, 9, 1)


@pytest.mark.parametrize(("text", "says"), [
    ("2023-02-30", "not a calendar date"),
    ("2023-13", "no month 13"),
    ("soon", "use YYYY-MM-DD"),
    ("199s", "use YYYY-MM-DD"),
])
def test_bad_dates_say_what_is_accepted(text: str, says: str) -> None:
    with pytest.raises(DateFormError, match=says):
        parse_date(text, WEDNESDAY)


def test_relative_date_without_publication_is_refused() -> None:
    with pytest.raises(DateFormError, match="publication date is unknown"):
        parse_date("Thursday", None)
