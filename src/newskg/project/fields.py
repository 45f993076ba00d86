"""Typed reading of one YAML mapping, with errors that name the file, line and field."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Any

from newskg.errors import DateError, FactsError
from newskg.project.dates import DateFormError, DateValue, parse_date
from newskg.project.inputs import NAME_CHARACTERS, NAME_PATTERN
from newskg.project.yamlio import Located, LocatedList

KEY_PATTERN = NAME_PATTERN  # keys and fact ids become parts of IRIs
KEY_HINT = f"use only {NAME_CHARACTERS}"
# A BCP 47 language tag, as RDF literals need it (en, en-GB, sr-Latn-RS).
LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")


# http(s), a host (a name or a bracketed IPv6 address), then anything but white space and the
# characters no address holds.
_WEB_ADDRESS = re.compile(r"https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                          r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])"
                          r"(?::\d{1,5})?(?:[/?#][^\s<>\"{}|\\^`]*)?")
WEB_ADDRESS_HINT = ("write the page's address as it is shown in a browser, https://host/path, "
                    "spaces written %20")


def is_web_address(text: str) -> bool:
    """An http(s) address with a host and no spaces: what a facts file's ``url`` may hold."""
    return _WEB_ADDRESS.fullmatch(text) is not None


# Control characters (tab, line ends excepted): no XML document may hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\t\n\r\x85\u2028\u2029]")  # not in a name, which is one line


def shown(value: object) -> str:
    """``value`` as a facts file writes it, for a message: true/false, null, .inf, numbers as
    digits and text quoted, not Python's True, None or inf."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if isinstance(value, LocatedList):
        return "a list"
    if isinstance(value, Located):
        return "a mapping"
    return repr(value)


def not_a_number(value: object, what: str = "a number") -> str | None:
    """Why ``value`` is not ``what`` when YAML read it as one (a boolean is a number in Python,
    infinity and not-a-number are floats), or None."""
    if isinstance(value, bool):
        return f"{what} is needed, not {shown(value)}"
    if isinstance(value, float) and math.isnan(value):
        return f"{shown(value)} is not {what}"
    if isinstance(value, float) and math.isinf(value):
        # digits too large for a float (1e400) are read as infinity
        return f"is too large to be {what} (YAML reads it as infinity)"
    return None


class Fields:
    """Reads the fields of one YAML mapping; every error points at the offending line.

    ``where`` names the enclosing item for messages ("statement 'st-aliyev'").
    """

    def __init__(self, mapping: object, *, where: str, path: Any, line: int) -> None:
        if not isinstance(mapping, Located):
            raise FactsError(f"{where} must be a mapping of fields", path=path, line=line)
        self.m = mapping
        self.where = where
        self.used: set[str] = set()

    @property
    def line(self) -> int:
        return self.m.line

    def error(self, key: str, message: str, hint: str | None = None) -> FactsError:
        return FactsError(
            f"{self.where}: {message}", path=self.m.path, line=self.m.line_of(key),
            field=key, hint=hint,
        )

    def _get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        value = self.m.get(key)
        if value is None and required:
            raise FactsError(
                f"{self.where}: missing required field {key!r}", path=self.m.path, line=self.m.line,
                field=key, hint=f"add '{key}:'",
            )
        return value

    def text(self, key: str, *, required: bool = False, verbatim: bool = False,
             one_line: bool = False) -> str | None:
        """A text; a number is taken as its digits, unless ``verbatim`` (a span copied from the
        article: YAML reads 12.50 as 12.5, so a number would not be the words written).
        ``one_line``: a name or a label, which no line break or tab may split."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, (Located, LocatedList, bool)):
            raise self.error(key, f"must be text, not {shown(value)}")
        if verbatim and not isinstance(value, str):
            raise self.error(key, f"must be text, not the number {shown(value)}",
                             "quote it exactly as the article writes it: unquoted, YAML reads "
                             "digits as a number")
        text = str(value).strip()
        if required and not text:
            raise self.error(key, "must not be empty")
        control = _CONTROL.search(text)
        if control is not None:  # no RDF/XML or XML answer could hold it
            raise self.error(key, f"holds the control character U+{ord(control.group()):04X}",
                             "remove it (a YAML escape such as \\u0000 writes one)")
        if one_line:
            self.one_line(key, text)
        return text or None

    def one_line(self, key: str, text: str) -> None:
        """Refuse a line break or a tab in a name: a label is shown on one line, in tables,
        pictures and lists, and a break there is a slip of a multi-line YAML scalar."""
        found = _LINE_BREAK.search(text)
        if found is not None:
            what = {"\t": "a tab"}.get(found.group(), "a line break")
            raise self.error(key, f"{text!r} holds {what}; a name is one line",
                             "write it on one line")

    def req_text(self, key: str, *, verbatim: bool = False, one_line: bool = False) -> str:
        value = self.text(key, required=True, verbatim=verbatim, one_line=one_line)
        assert value is not None
        return value

    def instant(self, key: str) -> str:
        """A required date and time with its zone ('2026-11-26T08:33:57Z'), as written."""
        value = self.req_text(key)
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or "T" not in value or parsed.tzinfo is None:
            raise DateError(f"{self.where}: {key} {value!r} is not a date and time with its zone",
                            path=self.m.path, line=self.m.line_of(key), field=key,
                            hint="write it as YYYY-MM-DDTHH:MM:SSZ, e.g. '2026-11-26T08:33:57Z'")
        return value

    def web_address(self, key: str) -> str | None:
        """An http(s) address with a host and no spaces ('https://example.org/a/b'), or None."""
        value = self.text(key)
        if value is None:
            return None
        if not is_web_address(value):
            raise self.error(key, f"{value!r} is not a web address", WEB_ADDRESS_HINT)
        return value

    def key(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required)
        if value is not None and not KEY_PATTERN.match(value):
            raise self.error(key, f"{value!r} is not a key", KEY_HINT)
        return value

    def language(self, key: str, default: str) -> str:
        """A BCP 47 language tag (``en``, ``pt-BR``); ``default`` when absent."""
        value = self.text(key) or default
        if not LANGUAGE_TAG.match(value):
            raise self.error(key, f"{value!r} is not a language tag", "write a BCP 47 tag, e.g. "
                             "en, fr or pt-BR")
        return value

    def strings(self, key: str, *, required: bool = False,
                one_line: bool = False) -> tuple[str, ...]:
        """A list of texts; a single text is accepted as a list of one (``one_line``: names)."""
        value = self._get(key, required)
        if value is None:
            return ()
        items = list(value) if isinstance(value, LocatedList) else [value]
        if any(isinstance(item, (Located, LocatedList, bool)) or item is None for item in items):
            raise self.error(key, "must be a text or a list of texts, not "
                             f"{shown(next(i for i in items if not isinstance(i, str)))}")
        if one_line:
            for item in items:
                self.one_line(key, str(item))
        return tuple(str(item) for item in items)

    def keys(self, key: str) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        items = list(value) if isinstance(value, LocatedList) else [value]
        out = []
        for item in items:
            if not isinstance(item, (str, int)) or not KEY_PATTERN.match(str(item)):
                raise self.error(key, f"{shown(item)} is not a key", KEY_HINT)
            out.append(str(item))
        return tuple(out)

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self._get(key, default is None)
        if value is None:
            assert default is not None
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"{shown(value)} is not true or false")
        return value

    def integer(self, key: str, *, minimum: int | None = None, default: int | None = None) -> int:
        value = self._get(key, default is None)
        if value is None and default is not None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            problem = not_a_number(value, "a whole number") or f"{shown(value)} is not a whole number"
            raise self.error(key, problem, "write digits only, e.g. 2000")
        if minimum is not None and value < minimum:
            raise self.error(key, f"{value} is below {minimum}")
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self._get(key, False)
        if value is None:
            return default
        if (problem := not_a_number(value)) is not None:
            raise self.error(key, problem, f"write a number between {low} and {high}")
        if not isinstance(value, (int, float)) or not low <= value <= high:
            raise self.error(key, f"{shown(value)} is not a number between {low} and {high}")
        return float(value)

    def choice(self, key: str, choices: dict[str, str], default: str | None = None) -> str:
        value = self.text(key, required=default is None) or default
        assert value is not None
        if value not in choices:
            raise self.error(key, f"{value!r} is not one of: {', '.join(choices)}")
        return choices[value]

    def date(self, key: str, published: dt.date | None) -> DateValue | None:
        value = self._get(key, False)
        if value is None:
            return None
        try:
            return parse_date(value, published)
        except DateFormError as exc:
            raise DateError(
                f"{self.where}: {exc}", path=self.m.path, line=self.m.line_of(key), field=key,
            ) from None

    def mapping(self, key: str) -> Located | None:
        value = self._get(key, False)
        if value is not None and not isinstance(value, Located):
            raise self.error(key, "must be a mapping")
        return value

    def items(self, key: str) -> Iterator[tuple[object, int]]:
        """The items of a list field with their lines (an absent field is an empty list)."""
        value = self._get(key, False)
        if value is None:
            return iter(())
        if not isinstance(value, LocatedList):
            raise self.error(key, "must be a list (items start with '- ')")
        return zip(value, value.item_lines)

    def check_unknown(self) -> None:
        for key in self.m:
            if key not in self.used:
                raise self.error(key, f"unknown field {key!r}", "see docs/facts-format.md")
