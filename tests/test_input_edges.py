"""Inputs at the edges, each once an internal error (exit 3) or a misleading message, numbered as
the attack that found them. Each is exit 2 with one line naming the file or option, line and field,
and ``--debug`` adds a traceback without changing the exit code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.extract.dates import anniversary_start, find_dates, shift_before
from newskg.project.dates import DateFormError, parse_date

runner = CliRunner()

# Relative dates of every kind: weekdays back and ahead, yesterday/tomorrow, days without a year.
RELATIVE = ('Minister says peace\n\nOn Monday, President Ilham Aliyev said that "the war is over". '
            "Yesterday and last week Azerbaijan and Armenia agreed a ceasefire. Next year, "
            "tomorrow, on Friday, the talks will resume next month. Last year, 10 people were "
            "killed.\n")


def invoke_both(args: list[str]) -> tuple[int, str]:
    """(exit code, stderr) of ``args``, after checking that --debug gives the same exit code."""
    plain = runner.invoke(app, args)
    debug = runner.invoke(app, ["--debug", *args])
    assert plain.exit_code == debug.exit_code, (plain.stderr, debug.stderr)
    assert "Traceback" not in plain.stderr, plain.stderr
    assert len(plain.stderr.strip().splitlines()) == 1, plain.stderr
    return plain.exit_code, plain.stderr


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in ``path``; the line ``old`` began on."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


# -- 1. dates at the calendar's limits ----------------------------------------------------------

@pytest.mark.parametrize("command", ["extract", "add"])
def test_a_publication_day_past_the_supported_range_is_refused(
        tmp_path: Path, data_copy: Path, command: str) -> None:
    article = tmp_path / "rel.txt"
    article.write_text(RELATIVE, encoding="utf-8")
    code, err = invoke_both([command, str(article), "--published", "9999-12-31",
                             "--data-dir", str(data_copy)])
    assert code == 2, err
    assert "--published: '9999-12-31' is after 9998-12-31" in err


def test_relative_dates_off_the_calendar_stay_unresolved(tmp_path: Path, data_copy: Path) -> None:
    article = tmp_path / "rel.txt"
    article.write_text(RELATIVE, encoding="utf-8")
    for day in ("0001-01-01", "9998-12-31"):
        result = runner.invoke(app, ["extract", str(article), "--published", day,
                                     "--data-dir", str(data_copy)])
        assert result.exit_code == 0, (day, result.stderr, result.exception)


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(1, 1, 3), dt.date(9998, 12, 31)])
def test_date_arithmetic_never_overflows(published: dt.date) -> None:
    sentence = ("Three days ago, on Monday, 99 days ago, fighting broke out; talks will begin on "
                "Friday, tomorrow, ahead of the January 1 vote, in December, yesterday.")
    for mention in find_dates(sentence, published):
        if mention.value is not None:
            parse_date(mention.value)  # every resolved value is one a facts file could hold
    assert shift_before("Two days after the raid, on 31 December 9998, shelling", published)
    anniversary_start("one year since the start of ", published)
    assert [d.value for d in find_dates("on 31 December 9999 and in December 9999", published)] \
        == [None, None]


def test_moved_answers_none_off_the_calendar() -> None:
    from newskg.project.dates import moved

    assert moved(dt.date(9998, 12, 31), 1) is None and moved(dt.date(1, 1, 1), -1) is None
    assert moved(dt.date(2024, 2, 29), years=1) is None
    assert moved(dt.date(2023, 9, 20), -1, years=-1) == dt.date(2022, 9, 19)


@pytest.mark.parametrize(("text", "message"), [
    ("9999-12-31", "is after 9998-12-31"), ("9999-12", "is after 9998-12-31"),
    ("9999", "is after 9998-12-31"), ("9990s", "is after 9998-12-31"),
    ("0000", "is before 0001-01-01"), ("0000-05", "is before 0001-01-01"),
])
def test_facts_dates_outside_the_range_are_refused(text: str, message: str) -> None:
    with pytest.raises(DateFormError, match=message):
        parse_date(text)


@pytest.mark.parametrize(("target", "old", "new", "field"), [
    ("facts", "published: '2023-09-20'", "published: '9999-12-31'", "published"),
    ("instances", "end: '2023-09-20'", "end: '9999-12-31'", "end"),
    ("instances", "end: '2023-09-20'", "end: '0000'", "end"),
])
def test_a_facts_date_past_the_range_names_file_line_and_field(
        data_copy: Path, seed_facts: Path, target: str, old: str, new: str, field: str) -> None:
    path = seed_facts if target == "facts" else data_copy / "instances.yaml"
    line = replace_once(path, old, new)
    code, err = invoke_both(["build", "--data-dir", str(data_copy),
                             "--build-dir", str(data_copy.parent / "build")])
    assert code == 2, err
    assert f"{path}:{line}: {field}: " in err, err
    assert "the latest date newskg supports" in err or "the earliest date newskg supports" in err


# -- 2. a command-line day is YYYY-MM-DD only ---------------------------------------------------

@pytest.mark.parametrize("day", ["20230901", "2023-W35-1", "2023-09-01T00:00", "2023-9-1"])
@pytest.mark.parametrize("command", ["extract", "add"])
def test_published_takes_only_yyyy_mm_dd(tmp_path: Path, data_copy: Path, command: str,
                                         day: str) -> None:
    article = tmp_path / "rel.txt"
    article.write_text(RELATIVE, encoding="utf-8")
    code, err = invoke_both([command, str(article), "--published", day,
                             "--data-dir", str(data_copy)])
    assert code == 2 and f"--published: {day!r} is not a date YYYY-MM-DD" in err, err
    assert not (data_copy / "articles" / "2023-09-01-minister-says-peace").exists()


def test_one_rule_for_days() -> None:
    from newskg.project.dates import parse_day

    assert parse_day("2023-09-01") == dt.date(2023, 9, 1)
    for text in ("20230901", "2023-W35-1", "٢٠٢٣-٠٩-٠١", "2023-09-01\n"):
        with pytest.raises(DateFormError, match="is not a date YYYY-MM-DD"):
            parse_day(text)


# -- 3. an article header's bad date ------------------------------------------------------------

@pytest.mark.parametrize(("header", "line"), [
    ("source: https://example.org/a\npublished: 2023-02-30\n", 3),
    ("published: 2023-02-30\nsource: https://example.org/a\n", 2),
])
def test_a_header_date_is_named_once_on_its_line(tmp_path: Path, data_copy: Path, header: str,
                                                 line: int) -> None:
    article = tmp_path / "hdr.txt"
    article.write_text(f"Minister says peace\n{header}\nOn Monday the talks resumed.\n",
                       encoding="utf-8")
    code, err = invoke_both(["extract", str(article), "--data-dir", str(data_copy)])
    assert code == 2
    assert err == f"error: {article}:{line}: published: '2023-02-30' is not a calendar date " \
        "(day is out of range for month)\n"


# -- 4. facts fields worded as YAML writes them -------------------------------------------------

EVIDENCE = "evidence: a major victory for Azerbaijan President Ilham Aliyev\n"


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    (EVIDENCE, EVIDENCE + "  occurrence: true\n", "occurrence", "a whole number is needed, not true"),
    (EVIDENCE, EVIDENCE + "  occurrence: 1e400\n", "occurrence",
     "is too large to be a whole number (YAML reads it as infinity)"),
    (EVIDENCE, EVIDENCE + "  confidence: .nan\n", "confidence", ".nan is not a number"),
    (EVIDENCE, EVIDENCE + "  confidence: false\n", "confidence", "a number is needed, not false"),
    ("value: 200\n", "value: 1e400\n", "value",
     "is too large to be a number (YAML reads it as infinity)"),
    ("value: 200\n", "value: true\n", "value", "a number is needed, not true"),
    (EVIDENCE, "evidence: 12345\n", "evidence", "must be text, not the number 12345"),
    (EVIDENCE, "evidence: true\n", "evidence", "must be text, not true"),
])
def test_facts_field_errors_speak_yaml(data_copy: Path, seed_facts: Path, old: str, new: str,
                                       field: str, message: str) -> None:
    line = replace_once(seed_facts, old, new) + new.count("\n") - 1
    code, err = invoke_both(["build", "--data-dir", str(data_copy),
                             "--build-dir", str(data_copy.parent / "build")])
    assert code == 2, err
    assert f"{seed_facts}:{line}: {field}: " in err and message in err, err
    assert "True" not in err and "False" not in err and " inf " not in err and "nan is" not in \
        err.replace(".nan is", "")


# -- 5. UTF-16 and UTF-32 text ------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")])
def test_utf16_and_utf32_are_named_with_the_command_that_converts_them(
        tmp_path: Path, data_copy: Path, encoding: str, named: str) -> None:
    article = tmp_path / "wide.txt"
    data = RELATIVE.encode(encoding)
    article.write_bytes(data if encoding != "utf-16-be" else b"\xfe\xff" + data)
    code, err = invoke_both(["extract", str(article), "--data-dir", str(data_copy)])
    assert code == 2, err
    assert f"{article}: not UTF-8 text but {named}" in err and "binary" not in err
    assert f"iconv -f {named} -t UTF-8 {article} > {article}.utf8" in err


def test_a_utf16_article_text_in_the_project_is_named(data_copy: Path, seed_facts: Path) -> None:
    text = seed_facts.parent / "article.txt"
    text.write_bytes(text.read_text(encoding="utf-8").encode("utf-16"))
    code, err = invoke_both(["build", "--data-dir", str(data_copy),
                             "--build-dir", str(data_copy.parent / "build")])
    assert code == 2 and f"{text}: not UTF-8 text but UTF-16" in err, err
