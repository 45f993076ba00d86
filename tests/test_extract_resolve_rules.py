"""Resolution rules added for issue 13: a year in the sentence dates an event draft, kindred types
of fighting link only when the instance lies inside the draft's date, a party not known yet does not
rule an agreement out, new names link only within their kind of actor, and a description resolved
to a known entity says so with its own score."""

from __future__ import annotations

import datetime as dt

from newskg.extract.candidates import load_candidates
from newskg.extract.gazetteer import Known
from newskg.extract.resolve import (
    DESCRIBED,
    LINK_AT,
    Told,
    known_entity,
    new_entity,
    score_agreement,
    score_event,
    sentence_year,
)
from newskg.project.dates import parse_date
from newskg.project.model import Agreement, Event
from tests.conftest import DATA

PUBLISHED = dt.date(2023, 9, 20)


def test_the_one_year_a_sentence_names_dates_it() -> None:
    year = sentence_year("In a six-week war in 2020, Azerbaijan recaptured swathes of territory.")
    assert year is not None and year.label == "2020"
    assert sentence_year("Between 1991 and 1994 about 30,000 people were killed.") is None
    assert sentence_year("Some 2,000 Russian peacekeepers remain.") is None


def test_a_kindred_type_links_only_inside_the_drafts_date() -> None:
    c = load_candidates(DATA)
    war = c.instances["karabakh-war-2020"]
    assert isinstance(war, Event)
    sentence = "In a six-week war in 2020, Azerbaijan recaptured swathes of territory."
    dated = Told("MilitaryOperation", parse_date("2020"), (), ("azerbaijan",), sentence)
    scored = score_event(dated, war, c, PUBLISHED)
    assert scored.score is not None and scored.score >= LINK_AT and "kindred type" in scored.why
    undated = Told("MilitaryOperation", None, (), ("azerbaijan",), sentence)
    assert score_event(undated, war, c, PUBLISHED).score is None
    decade = Told("MilitaryOperation", parse_date("2020"), (), (), sentence)
    conflict = Event("long", 1, "A long conflict", False, war.times.__class__(
        start=parse_date("1988"), end=parse_date("2023-10")), None, "War", (), (), None, None)
    assert score_event(decade, conflict, c, PUBLISHED).score is None  # longer than the year


def test_a_party_not_known_yet_is_neutral_a_known_other_party_is_not() -> None:
    c = load_candidates(DATA)
    ceasefire = c.instances["karabakh-ceasefire-2023"]
    assert isinstance(ceasefire, Agreement)
    sentence = "Authorities in Stepanakert agreed to accept a ceasefire on Wednesday."
    unknown = Told("Ceasefire", parse_date("2023-09-20"), (), (), sentence,
                   parties=("authorities-in-stepanakert",))
    scored = score_agreement(unknown, ceasefire, PUBLISHED, c.entities)
    assert scored.score is not None and scored.score >= LINK_AT and "not known yet" in scored.why
    other = Told("Ceasefire", parse_date("2023-09-20"), (), (), sentence, parties=("turkey",))
    assert score_agreement(other, ceasefire, PUBLISHED, c.entities).score is None


def test_a_new_name_does_not_link_across_kinds_of_actor() -> None:
    c = load_candidates(DATA)
    armed = new_entity(Known("x", "ethnic Armenian forces", ("ArmedGroup",), known=False),
                       c.entities)
    assert armed.new  # not the Armed Forces of Armenia, a national army
    army = new_entity(Known("y", "Armenian armed forces units", ("Organisation",), known=False),
                      c.entities)
    assert army.key == "armenian-armed-forces" and not army.new


def test_a_description_is_resolved_with_its_own_score_and_reason() -> None:
    c = load_candidates(DATA)
    pashinyan = Known("nikol-pashinyan", "Nikol Pashinyan", ("Person",))
    described = known_entity("the new Armenian premier", pashinyan, c.entities)
    assert described.score == DESCRIBED and "describes nikol-pashinyan" in described.reason
    assert known_entity("Pashinyan", pashinyan, c.entities).score == 1.0


def test_a_count_of_a_recent_event_where_the_sentence_is_set_is_linked() -> None:
    from newskg.extract.resolve import score_counted
    from newskg.project.model import Counted

    c = load_candidates(DATA)
    refugees = c.instances["refugees-arrived-in-armenia-2023"]
    assert isinstance(refugees, Counted)
    sentence = "More than 100,000 residents fled to Armenia, officials said."
    here = score_counted("Displaced", refugees, set(), set(), set(), sentence, c,
                         dt.date(2023, 10, 2), {"armenia"})
    assert here.score is not None and here.score >= LINK_AT and "recent event" in here.why
    elsewhere = score_counted("Displaced", refugees, set(), set(), set(), sentence, c,
                              dt.date(2023, 10, 2), {"turkey"})
    assert elsewhere.score is not None and elsewhere.score < LINK_AT
    years_later = score_counted("Displaced", refugees, set(), set(), set(), sentence, c,
                                dt.date(2026, 10, 2), {"armenia"})
    assert years_later.score is not None and years_later.score < LINK_AT


def test_resolution_on_the_curated_articles_stays_above_its_floor() -> None:
    from newskg.evaluation.resolution import run_resolution

    report = run_resolution(DATA)
    instances = report.tallies("instances")["overall"]
    entities = report.tallies("entities")["overall"]
    # measured (issue 13, merged extractor): instances P 0.800 R 0.250 (4 of 16 existing), entities
    # P 0.967 R 0.951. Recall was 0.455 (5 of 11) with the actors branch alone: the merged event
    # rules find five more events whose curated instance exists ("fled to Armenia" -> the exodus,
    # "this month's battles" -> the offensive), and the drafts propose new instances for them.
    assert instances.precision >= 0.75 and instances.recall >= 0.23
    assert entities.precision >= 0.95 and entities.recall >= 0.93
