"""Every pattern table entry finds its own example sentence (patterns are data; see
src/newskg/extract/patterns/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.agreements import AgreementCollector
from newskg.extract.article import parse_article
from newskg.extract.dates import DATE_PATTERNS, find_dates
from newskg.extract.events import events_in
from newskg.extract.figures import figures_in
from newskg.extract.gazetteer import Gazetteer
from newskg.extract.patterns.agreements import AGREEMENT_CUES
from newskg.extract.patterns.events import TRIGGERS
from newskg.extract.patterns.figures import KIND_CUES
from newskg.extract.patterns.places import PLACE_CUES
from newskg.extract.patterns.speech import CUES
from newskg.extract.pipeline import Extractor
from newskg.extract.sentences import Sentence
from newskg.extract.speakers import SpeakerTracker
from newskg.extract.speech import statements_in

PUBLISHED = dt.date(2023, 9, 20)


def sentence(text: str) -> Sentence:
    return Sentence(text, 0, len(text), 0)


@pytest.mark.parametrize("cue", CUES, ids=lambda c: c.forms[0])
def test_every_speech_cue_finds_its_speaker(cue: object) -> None:
    found = statements_in(sentence(cue.example), SpeakerTracker(Gazetteer()), PUBLISHED)  # type: ignore[attr-defined]
    mine = [s for s in found if any(f in s.cue for f in cue.forms)]  # type: ignore[attr-defined]
    assert [s.speaker.name for s in mine] == [cue.expect], found  # type: ignore[attr-defined]
    assert all(s.words in cue.example and len(s.words.split()) >= 2 for s in found)  # type: ignore[attr-defined]


@pytest.mark.parametrize("cue", KIND_CUES, ids=lambda c: c.kind)
def test_every_figure_kind_finds_its_count(cue: object) -> None:
    found = figures_in(sentence(cue.example), [])  # type: ignore[attr-defined]
    assert [(f.kind, f.value) for f in found] == [(cue.kind, cue.value)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("trigger", TRIGGERS, ids=lambda t: t.type)
def test_every_event_trigger_finds_its_event(trigger: object) -> None:
    found = events_in(sentence(trigger.example), PUBLISHED, {})  # type: ignore[attr-defined]
    assert [e.type for e in found][:1] == [trigger.type]  # type: ignore[attr-defined]


@pytest.mark.parametrize("cue", AGREEMENT_CUES, ids=lambda c: c.type)
def test_every_agreement_cue_finds_its_agreement(cue: object) -> None:
    collector = AgreementCollector(PUBLISHED)
    assert collector.add(sentence(cue.example), [])  # type: ignore[attr-defined]
    result = collector.result()
    assert result is not None and result.type == cue.type  # type: ignore[attr-defined]


@pytest.mark.parametrize(("kind", "example"), [(k, e) for k, _, e in DATE_PATTERNS])
def test_every_date_pattern_finds_its_example(kind: str, example: str) -> None:
    found = find_dates(f"It happened {example}, officials said.", PUBLISHED)
    assert len(found) == 1 and found[0].value is not None, (kind, found)


@pytest.fixture(scope="module")
def bare_extractor() -> Extractor:
    return Extractor(Gazetteer())


@pytest.mark.parametrize("cue", PLACE_CUES, ids=lambda c: f"{c.position}-{c.words[0]}")
def test_every_place_cue_finds_its_place(cue: object, bare_extractor: Extractor) -> None:
    text = f"Title\n\n{cue.example}\n"  # type: ignore[attr-defined]
    x = bare_extractor.extract(parse_article(text.encode(), Path("x.txt"), published=PUBLISHED))
    places = [m.ref.name for m in x.mentions if m.as_place]
    assert cue.expect in places, places  # type: ignore[attr-defined]
