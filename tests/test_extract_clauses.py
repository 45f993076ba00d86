"""Reported speech checked against the dependency parse (src/newskg/extract/clauses.py): the speaker
is the subject of the reporting verb, the words are the clause it governs, a cue nested in another's
words or in a relative clause reports nothing. Every sentence here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.article import parse_article
from newskg.extract.clauses import MISSING, load_parser
from newskg.extract.gazetteer import Gazetteer
from newskg.extract.model import Extraction
from newskg.extract.pipeline import Extractor

PUBLISHED = dt.date(2024, 5, 10)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    if load_parser() is None:
        pytest.fail(MISSING)  # the parser is a pinned dependency: its absence is a broken install
    return Extractor(Gazetteer())


def run(extractor: Extractor, body: str) -> Extraction:
    text = f"Title\n\n{body}\n"
    return extractor.extract(parse_article(text.encode(), Path("x.txt"), published=PUBLISHED))


def said(x: Extraction) -> list[tuple[str, str]]:
    return [(s.speaker.name, s.words) for s in x.statements]


def test_the_words_are_the_clause_after_an_adverbial(extractor: Extractor) -> None:
    x = run(extractor, "Relief chief Maria Olsen said in a radio interview Tuesday that the agency "
                       "expects thousands more people to cross the border.")
    assert said(x) == [("Maria Olsen",
                        "the agency expects thousands more people to cross the border")]


def test_a_cue_inside_the_reported_clause_is_not_a_second_statement(extractor: Extractor) -> None:
    x = run(extractor, "The governor said on Monday that the army claims the bridge is intact.")
    assert [s.speaker.name for s in x.statements] == ["The governor"]


def test_a_cue_in_a_relative_clause_reports_nothing(extractor: Extractor) -> None:
    x = run(extractor, "A truce between the two armies took effect on Saturday, halting the "
                       "fighting over the border valley, which each country claims.")
    assert x.statements == []


def test_without_the_parse_the_patterns_draft_alone() -> None:
    plain = Extractor(Gazetteer(), parse=False)
    x = run(plain, "Relief chief Maria Olsen said in a radio interview Tuesday that the agency "
                   "expects thousands more people to cross the border.")
    assert plain.parser is None and MISSING not in x.warnings
    assert x.statements and x.statements[0].words != \
        "the agency expects thousands more people to cross the border"
