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


def test_a_relative_pronoun_before_a_verb_is_found_in_the_last_words_only() -> None:
    """`suspect` looks for "which/that/who/whom" and up to three words right before each
    reporting verb. Searching from the text's start made a run-on line quadratic (40,000 words:
    44 s); the window of its last words finds the same, on random texts, and reads a bounded
    span whatever the text's length."""
    import random
    import re

    from newskg.extract import clauses

    words = ["which", "that", "who", "whom", "Which", "said", "the", "army", "x" * 90, "a,",
             "on", "\n", "Friday", "whichever", "that's"]
    rng = random.Random(5)
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        for m in re.finditer(r"\bsaid\b", text):
            whole = clauses._RELATIVE_BEFORE.search(text, 0, m.start()) is not None
            assert clauses._relative_before(text, m.start()) == whole, (text, m.start())

    spans: list[int] = []
    real = clauses._RELATIVE_BEFORE

    class Counting:
        def search(self, text: str, start: int, end: int) -> object:
            spans.append(end - start)
            return real.search(text, start, end)

    long_line = "the ministry said the army took the town and " * 5000
    try:
        clauses._RELATIVE_BEFORE = Counting()  # type: ignore[assignment]
        assert not any(clauses._relative_before(long_line, m.start())
                       for m in re.finditer(r"\bsaid\b", long_line))
    finally:
        clauses._RELATIVE_BEFORE = real
    assert len(spans) == 5000 and max(spans) <= 256
