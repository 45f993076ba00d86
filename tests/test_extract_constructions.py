"""Constructions of English news copy that `newskg extract` must handle on unseen articles: speaker
forms, attributions, quotation splitting, counts that are and are not figures, relative dates,
agreements and their parties, places from the world gazetteer. Every sentence here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.article import parse_article
from newskg.extract.dates import find_dates
from newskg.extract.draft import to_gold
from newskg.extract.figures import figures_in
from newskg.extract.gazetteer import Gazetteer
from newskg.extract.model import Extraction
from newskg.extract.pipeline import Extractor
from newskg.extract.places import world
from newskg.extract.sentences import Sentence

PUBLISHED = dt.date(2024, 5, 10)  # a Friday


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer())


def run(extractor: Extractor, body: str) -> Extraction:
    text = f"Title\n\n{body}\n"
    return extractor.extract(parse_article(text.encode(), Path("x.txt"), published=PUBLISHED))


def said(x: Extraction) -> list[tuple[str, str, bool]]:
    return [(s.speaker.name, s.words, s.direct) for s in x.statements]


def counts(text: str) -> list[tuple[str, int, str]]:
    return [(f.kind, f.value, f.qualifier) for f in figures_in(Sentence(text, 0, len(text), 0), [])]


# -- speakers and attributions ---------------------------------------------------------------------

@pytest.mark.parametrize(("body", "speaker"), [
    ("A border official who spoke on condition of anonymity said the gate had been closed.",
     "A border official"),
    ("A senior commander, speaking on condition of anonymity, said the unit had pulled back.",
     "A senior commander"),
    ("The ministry's spokesperson, Anna Keller, told reporters that the shelling had stopped.",
     "Anna Keller"),
    ("The army, for its part, insisted it had acted in self-defence.", "The army"),
    ("The World Relief Agency (WRA) says nearly all wells in the valley are dry.",
     "The World Relief Agency"),
])
def test_speaker_forms(extractor: Extractor, body: str, speaker: str) -> None:
    assert [s for s, _, _ in said(run(extractor, body))] == [speaker]


def test_attribution_at_the_end_gives_the_words_before(extractor: Extractor) -> None:
    x = run(extractor, "Two bridges were destroyed overnight, according to the head of the regional "
                       "administration, Petro Danko.")
    assert said(x) == [("Petro Danko", "Two bridges were destroyed overnight", False)]


def test_speaker_in_the_middle_takes_the_clause_before(extractor: Extractor) -> None:
    x = run(extractor, "The convoy reached the town on Thursday, the charity said, adding that "
                       "more trucks were on the way.")
    assert said(x) == [("the charity", "The convoy reached the town on Thursday", False),
                       ("the charity", "more trucks were on the way", False)]


@pytest.mark.parametrize(("body", "expected"), [
    ("The road to the airport is closed, said a police officer at the checkpoint.",
     [("a police officer at the checkpoint", "The road to the airport is closed", False)]),
    ("The army chief was quoted as saying that the offensive would continue.",
     [("The army chief", "the offensive would continue", False)]),
])
def test_inverted_and_quoted_as_saying(extractor: Extractor, body: str,
                                       expected: list[tuple[str, str, bool]]) -> None:
    assert said(run(extractor, body)) == expected


def test_sentence_final_told_with_an_addressee(extractor: Extractor) -> None:
    x = run(extractor, "The market was hit shortly after dawn, witnesses told the radio station.")
    assert said(x) == [("witnesses", "The market was hit shortly after dawn", False)]


def test_a_quotation_is_one_statement_and_adding_keeps_the_speaker(
        extractor: Extractor) -> None:
    x = run(extractor, "“The wards are full. We are treating people in the corridors,” said Lena "
                       "Moss, a surgeon. “We have no fuel left,” she told the radio, adding: "
                       "“Nobody is coming to help us.”")
    assert said(x) == [("Lena Moss", "The wards are full. We are treating people in the corridors",
                        True),
                       ("Lena Moss", "We have no fuel left", True),
                       ("Lena Moss", "Nobody is coming to help us", True)]


def test_a_quoted_fragment_in_reported_speech_is_not_a_direct_statement(
        extractor: Extractor) -> None:
    x = run(extractor, "The general said his troops had made “significant and lasting gains” "
                       "near the river.")
    words = "his troops had made “significant and lasting gains” near the river"
    assert said(x) == [("The general", words, False)]


def test_a_bare_denial_is_no_statement_a_reciprocal_accusation_is(extractor: Extractor) -> None:
    x = run(extractor, "The rebels denied the report. Both sides accused each other of breaking "
                       "the truce.")
    assert said(x) == [("Both sides", "breaking the truce", False)]  # devset rule 6


def test_a_definite_description_refers_back_to_the_speaker(extractor: Extractor) -> None:
    x = run(extractor, "A senior Western diplomat said the talks had stalled. “Nobody expects a "
                       "deal this week,” the diplomat said.")
    assert {s for s, _, _ in said(x)} == {"A senior Western diplomat"}


# -- figures ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The crew of 25, comprising 19 Filipinos, two Greeks and four Indians, was rescued.",
     [("evacuated", 25, "exact"), ("evacuated", 19, "exact"), ("evacuated", 2, "exact"),
      ("evacuated", 4, "exact")]),
    ("Twenty-five soldiers were wounded in the ambush.", [("wounded", 25, "exact")]),
    ("The blast killed five and wounded 12.", [("killed", 5, "exact"), ("wounded", 12, "exact")]),
    ("The death toll rose to 41 on Sunday.", [("killed", 41, "exact")]),
    ("Nearly 600,000 refugees have crossed into the neighbouring country.",
     [("displaced", 600000, "about")]),
    ("Kenya has pledged 1,000 police officers to the mission.", [("troops", 1000, "exact")]),
    ("About 400,000 people in the province are dependent on food aid.",
     [("other", 400000, "about")]),
    ("More than 60 others were wounded.", [("wounded", 60, "more than")]),
    ("Of the passengers, 12 were killed and 20 have been injured.",
     [("killed", 12, "exact"), ("wounded", 20, "exact")]),
    ("About 1.7m people have been displaced.", [("displaced", 1700000, "about")]),
])
def test_counts_of_people(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize("text", [
    "She fled with her five children in 2019, paying $300 to smugglers.",
    "The council adopted Resolution 2417 with 13 votes in favour.",
    "A man aged 34 was among them, along with three ships and 12 trucks.",
    "Roughly 75 percent of the district was without power at 21:45 local time.",
])
def test_numbers_that_are_not_counts_of_people(text: str) -> None:
    assert counts(text) == []


# -- dates -----------------------------------------------------------------------------------------

def test_a_weekday_is_the_last_one_unless_the_text_looks_ahead() -> None:
    past = find_dates("The town was shelled on Wednesday.", PUBLISHED)
    ahead = find_dates("The truce is due to take effect on Monday.", PUBLISHED)
    assert [d.value for d in past] == ["2024-05-08"]
    assert [d.value for d in ahead] == ["2024-05-13"]


def test_overnight_is_the_publication_day() -> None:
    assert [d.value for d in find_dates("Drones struck the port overnight.", PUBLISHED)] == \
        ["2024-05-10"]


# -- agreements ------------------------------------------------------------------------------------

def test_agreement_parties_come_from_the_signatories(extractor: Extractor) -> None:
    x = run(extractor, "The Kelvan People's Front and the Orvia Defence Forces agreed to a ceasefire, "
                       "the African Union said. The truce, hosted by Kenya, takes effect on Monday.")
    [agreement] = x.agreements
    assert [p.entity.name for p in agreement.parties] == ["Kelvan People's Front",
                                                          "Orvia Defence Forces"]
    assert [m.name for m in agreement.mediators] == ["Kenya"]


def test_an_earlier_agreement_is_a_second_agreement(extractor: Extractor) -> None:
    x = run(extractor, "The army and the rebels signed a truce in Velmora on Tuesday. A three-month "
                       "ceasefire agreed in March collapsed within weeks.")
    assert [a.type for a in x.agreements] == ["Ceasefire", "Ceasefire"]
    assert [p.name for p in x.agreements[1].parties] == [p.name for p in x.agreements[0].parties]


# -- places ----------------------------------------------------------------------------------------

def test_world_gazetteer_knows_countries_cities_and_capitals() -> None:
    places = world()
    assert places.country("Chad") == "Chad" and places.is_city("Omdurman")
    assert places.capital_of("Nairobi") == "Kenya" and not places.is_city("UN")


def test_countries_are_territories_and_capitals_acting_are_their_states(
        extractor: Extractor) -> None:
    x = run(extractor, "Nairobi has warned the rebels. Refugees crossed the border with Chad and "
                       "reached the city of Omdurman.")
    doc = to_gold(x, "x")
    actors = {a["name"] for a in doc["actors"]}  # type: ignore[union-attr, index]
    territories = {t["name"] for t in doc["territories"]}  # type: ignore[union-attr, index]
    assert "Kenya" in actors and "Nairobi" not in territories
    assert {"Chad", "Omdurman"} <= territories and "Chad" not in actors
