"""One article's facts file (format 0.2): its mentions, statements, reports on world instances and
figures, each with its evidence span; read with errors that name the file, line and field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from newskg.errors import FactsError
from newskg.project.entities import Entity, Verified, read_entity_table
from newskg.project.fields import Fields, not_a_number, shown
from newskg.project.instances import read_curation, read_duration, read_sign_off, read_times
from newskg.project.model import (
    LICENCES,
    LOWER_BOUND_QUALIFIERS,
    POLARITIES,
    QUALIFIERS,
    STANCES,
    UNITS,
    UPPER_BOUND_QUALIFIERS,
    ArticleFacts,
    Curation,
    Evidence,
    Figure,
    InstanceReport,
    Mention,
    Report,
    Resolution,
    Statement,
)
from newskg.project.proposals import read_proposed_instances, read_resolution
from newskg.project.yamlio import Located, load_yaml

R = TypeVar("R", bound=Report)
FACTS_FILE, TEXT_FILE = "facts.yaml", "article.txt"


def load_article_facts(folder: Path) -> ArticleFacts:
    """Read ``folder/facts.yaml`` (and check ``folder/article.txt`` exists)."""
    path, text_path = folder / FACTS_FILE, folder / TEXT_FILE
    if not text_path.is_file():
        raise FactsError("article text not found", path=text_path,
                         hint="each article folder holds article.txt and facts.yaml")
    top = Fields(load_yaml(path), where="facts file", path=path, line=1)
    head = Fields(top.mapping("article"), where="article", path=path, line=1)
    published = head.date("published", None)
    if published is None or published.precision.name != "DAY":
        raise head.error("published", "must be a date YYYY-MM-DD")
    curation = read_curation(top)
    reader = _ReportReader(published.earliest, curation)
    facts = ArticleFacts(
        slug=folder.name, facts_path=path, text_path=text_path,
        headline=head.req_text("headline"), published=published.earliest,
        language=head.language("language", "en"), publisher=head.key("publisher"),
        url=head.web_address("url"), licence=head.choice("licence", LICENCES), curation=curation,
        text_complete=head.boolean("text_complete", True),
        mentions=tuple(reader.read(top, "mentions", reader.mention)),
        statements=tuple(reader.read(top, "statements", reader.statement)),
        reports=tuple(reader.read(top, "reports", reader.report)),
        figures=tuple(reader.read(top, "figures", reader.figure)),
        by_id=reader.by_id, proposed_entities=_proposed_entities(top, path),
        proposed_instances=read_proposed_instances(top, curation),
        resolutions=reader.resolutions)
    head.check_unknown()
    top.check_unknown()
    return facts


def _proposed_entities(top: Fields, path: Path) -> dict[str, Entity]:
    table = top.mapping("proposed_entities")
    if table is None:
        return {}
    return {key: replace(entity, draft=True)
            for key, entity in read_entity_table(table, path, Verified()).items()}


_DIGITS = re.compile(r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?")


def _decimal(f: Fields, key: str) -> str | None:
    value = f.m.get(key)
    f.used.add(key)
    if value is None:
        return None
    if (problem := not_a_number(value)) is not None:
        raise f.error(key, problem, "write digits, e.g. 2000 or 12.5")
    if not isinstance(value, (int, float, str)):
        raise f.error(key, f"{shown(value)} is not a number", "write digits, e.g. 2000 or 12.5")
    if isinstance(value, str) and not _DIGITS.fullmatch(value.strip()):
        # "12,5" read as 125, "1e400" as 401 digits: only digits, commas between groups of three
        raise f.error(key, f"{value!r} is not a number", "write digits, e.g. 2000, 2,000 or 12.5")
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        raise f.error(key, f"{value!r} is not a number", "write digits, e.g. 2000 or 12.5") from None
    if not number.is_finite() or number < 0:
        raise f.error(key, f"{shown(value)} is not a number of 0 or more")
    return format(number.normalize(), "f")


class _ReportReader:
    """Reads report items of every kind, keeping ids unique within the article."""

    def __init__(self, published: dt.date, curation: Curation) -> None:
        self.published = published
        self.curation = curation
        self.by_id: dict[str, Report] = {}
        self.resolutions: dict[str, Resolution] = {}

    def read(self, top: Fields, key: str, make: Callable[[Fields, dict[str, object]], R]) -> list[R]:
        out = []
        for item, line in top.items(key):
            f = Fields(item, where=f"{key} item", path=top.m.path, line=line)
            ident = f.key("id", required=True) or ""
            f.where = f"{key.removesuffix('s')} {ident!r}"
            report = make(f, self._base(f, ident))
            f.check_unknown()
            if report.id in self.by_id:
                raise f.error("id", f"duplicate id {report.id!r}",
                              f"already used on line {self.by_id[report.id].line}")
            self.by_id[report.id] = report
            out.append(report)
        return out

    def _base(self, f: Fields, ident: str) -> dict[str, object]:
        occurrence = f.m.get("occurrence")
        evidence = Evidence(f.req_text("evidence", verbatim=True),
                            f.integer("occurrence", minimum=1) if occurrence is not None else None)
        f.used.add("occurrence")
        resolution = read_resolution(f)
        if resolution is not None:
            self.resolutions[ident] = resolution
        return {"id": ident, "line": f.line, "field_lines": dict(f.m.key_lines),
                "evidence": evidence,
                "confidence": f.number("confidence", 1.0, 0.0, 1.0), **self._review(f)}

    def _review(self, f: Fields) -> dict[str, object]:
        """``reviewed``: true or false (default: the curation's), or ``{by: KEY, date: DAY}``,
        the person who reviewed this report and when."""
        value = f.m.get("reviewed")
        if isinstance(value, Located):
            f.used.add("reviewed")
            return {"reviewed": True,
                    "reviewed_by": read_sign_off(f, "reviewed", "reviewed", self.curation)}
        if value is not None and not isinstance(value, bool):
            raise f.error("reviewed", f"{shown(value)} is not true, false or a review",
                          "write 'reviewed: true', 'reviewed: false' or "
                          "'reviewed: {by: KEY, date: YYYY-MM-DD}'")
        return {"reviewed": f.boolean("reviewed", self.curation.reviewed)}

    def mention(self, f: Fields, base: dict[str, object]) -> Mention:
        return Mention(**base, entity=f.key("entity", required=True) or "",  # type: ignore[arg-type]
                       role=f.text("role"))

    def statement(self, f: Fields, base: dict[str, object]) -> Statement:
        speakers = f.keys("speakers")
        if not speakers:
            raise f.error("speakers", "missing required field 'speakers'",
                          "list who spoke, e.g. speakers: [ilham-aliyev]")
        stance = f.choice("stance", STANCES, "asserted")
        polarity = f.choice("polarity", POLARITIES) if "polarity" in f.m else None
        if stance == "Evaluated" and polarity is None:
            raise f.error("stance", "an evaluation needs a polarity",
                          "add 'polarity: positive', 'negative' or 'mixed'")
        if polarity is not None and stance != "Evaluated":
            raise f.error("polarity", "only an evaluation (stance: evaluated) has a polarity")
        return Statement(
            **base, speakers=speakers, stance=stance, polarity=polarity,  # type: ignore[arg-type]
            direct=f.boolean("direct"), words=f.req_text("words", verbatim=True), cue=f.text("cue"),
            addressee=f.key("addressee"), via=f.keys("via"),
            times=read_times(f, self.published), date_text=f.text("date_text"),
            about=f.keys("about"))

    def report(self, f: Fields, base: dict[str, object]) -> InstanceReport:
        return InstanceReport(
            **base, instance=f.key("instance", required=True) or "",  # type: ignore[arg-type]
            according_to=f.keys("according_to"), times=read_times(f, self.published),
            as_of=f.date("as_of", self.published), date_text=f.text("date_text"),
            duration=read_duration(f))

    def figure(self, f: Fields, base: dict[str, object]) -> Figure:
        qualifier_words = f.text("qualifier")
        qualifier = f.choice("qualifier", QUALIFIERS) if qualifier_words else None
        value, lower, upper = _decimal(f, "value"), _decimal(f, "lower"), _decimal(f, "upper")
        if value is None and lower is None and upper is None:
            raise f.error("value", "a figure needs a value, or lower/upper bounds",
                          "add 'value: N', or 'lower:' and/or 'upper:'")
        if lower is not None and upper is not None and Decimal(lower) > Decimal(upper):
            raise f.error("lower", f"the lower bound {lower} is above the upper bound {upper}",
                          "swap lower and upper")
        if value is not None and lower is None and qualifier in LOWER_BOUND_QUALIFIERS:
            lower = value
        if value is not None and upper is None and qualifier in UPPER_BOUND_QUALIFIERS:
            upper = value
        return Figure(
            **base, counted=f.key("counted", required=True) or "",  # type: ignore[arg-type]
            value=value, lower=lower, upper=upper, qualifier=qualifier,
            qualifier_text=f.text("qualifier_text") or
            (None if qualifier_words in (None, "exact") else qualifier_words),
            unit=f.choice("unit", UNITS) if "unit" in f.m else None,
            as_of=f.date("as_of", self.published), reported_by=f.keys("reported_by"),
            stated_in=f.key("stated_in"))
