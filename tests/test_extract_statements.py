"""Statements and their attribution on constructions of real news copy (issue 13): what counts as
words said (the development set's annotation rules 1-7), who said them (joint, nested, titled and
described speakers), and the quotations around them. Every sentence here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.article import parse_article
from newskg.extract.attribution import quoted_words
from newskg.extract.clauses import MISSING, load_parser
from newskg.extract.gazetteer import Gazetteer
from newskg.extract.model import Extraction
from newskg.extract.pipeline import Extractor
from newskg.extract.quotes import quotations
from newskg.extract.speakers import is_group_description

PUBLISHED = dt.date(2024, 5, 10)  # a Friday


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


def quoted(x: Extraction) -> list[tuple[str, str, bool]]:
    return [(s.speaker.name, s.words, s.direct) for s in x.statements]


# -- what is a statement (rules 1, 5, 6) ----------------------------------------------------------

@pytest.mark.parametrize("body", [
    "The militia claimed responsibility for the bombing of the bridge.",
    "Each side has blamed the other for the violations.",
    "Residents of the town reported hearing gunfire overnight.",
    "The minister reiterated his support for the mayor.",
    "Today the United States announced more than $300 million in new aid to the region.",
    "The United States urges the parties to return to the table without delay.",
    "Two villages were shelled overnight, according to initial reports.",
    "According to the terms of the proposal, all troops must leave the region within a week.",
    "VOA’s Jane Doe reports from Goris, on the road leading from the enclave.",
    "Following reported advances by the army into the valley, the council agreed to a ceasefire.",
    "The blockade led to a crisis widely condemned by UN member states and aid groups.",
    "These incidents stress the urgent need for the new leaders to agree on a government.",
])
def test_stances_acts_and_non_agents_are_no_statements(extractor: Extractor, body: str) -> None:
    assert said(run(extractor, body)) == []


def test_a_states_past_tense_words_are_a_statement(extractor: Extractor) -> None:
    x = run(extractor, "The United States urged the parties to return to the table without delay.")
    assert said(x) == [("The United States", "the parties to return to the table without delay")]


@pytest.mark.parametrize(("body", "expected"), [
    ("Officials on both sides accused each other of shelling the dam on Saturday.",
     ("Officials on both sides", "shelling the dam on Saturday")),
    ("The army blamed the rebels for shelling the market.", ("The army", "shelling the market")),
    ("The envoy reiterated the need for an immediate ceasefire in the north.",
     ("The envoy", "the need for an immediate ceasefire in the north")),
    ("The minister underscored that the border would remain closed.",
     ("The minister", "the border would remain closed")),
])
def test_the_words_of_charges_and_restated_needs(extractor: Extractor, body: str,
                                                  expected: tuple[str, str]) -> None:
    assert said(run(extractor, body)) == [expected]


def test_a_passive_denial_is_a_statement_of_each_denier(extractor: Extractor) -> None:
    x = run(extractor, "The government accuses its neighbour of arming the rebels in the north, "
                       "which has been repeatedly denied by both the rebels and the neighbour.")
    words = "arming the rebels in the north"
    assert said(x) == [("The government", words), ("the rebels", words), ("the neighbour", words)]
    assert [s.stance for s in x.statements] == ["evaluated", "denied", "denied"]


# -- who speaks (rules 2-4) -----------------------------------------------------------------------

def test_joint_speakers_with_a_plural_of_people(extractor: Extractor) -> None:
    x = run(extractor, "Witnesses and security officials said the shooting took place near the "
                       "main gate.")
    assert [s for s, _ in said(x)] == ["Witnesses", "security officials"]


def test_a_bare_title_shares_the_of_phrase_of_the_title_after_it(extractor: Extractor) -> None:
    x = run(extractor, "The King and Crown Prince of Jordan confirmed to me their full commitment "
                       "to extending the truce.")
    assert said(x) == [("The King of Jordan", "their full commitment to extending the truce"),
                       ("Crown Prince of Jordan", "their full commitment to extending the truce")]


def test_a_named_addressee_before_a_clause_without_that(extractor: Extractor) -> None:
    x = run(extractor, "A police officer who asked not to be named because he is not allowed to "
                       "talk to the press told VOA the gunmen used small arms. He said three "
                       "guards were wounded in the attack.")
    assert said(x) == [("A police officer", "the gunmen used small arms"),
                       ("A police officer", "three guards were wounded in the attack")]


def test_a_preposition_after_told_is_not_the_words(extractor: Extractor) -> None:
    assert said(run(extractor, "The mayor told Reuters about the bridge and the dam.")) == []


@pytest.mark.parametrize(("body", "expected"), [
    ("The dead include two guards and a driver, according to police.",
     ("police", "The dead include two guards and a driver")),
    ("Al-Shabab quickly claimed that its fighters had captured the base.",
     ("Al-Shabab", "its fighters had captured the base")),
    ("The family said the soldier had been killed near the border.",
     ("The family", "the soldier had been killed near the border")),
    ("Local media quoted unnamed sources as saying that the governor had fled.",
     ("unnamed sources", "the governor had fled")),
    ("Both sides traded accusations, with Kyiv saying Moscow had shelled the plant.",
     ("Kyiv", "Moscow had shelled the plant")),
    ("The Kremlin said on Monday it had no plans to attend the talks, news agencies reported.",
     ("The Kremlin", "it had no plans to attend the talks")),
    ("Last week the charity announced that 300 families had been moved to the camp.",
     ("the charity", "300 families had been moved to the camp")),
    ("The army, which has long denied the charge, said the strike hit a weapons depot.",
     ("The army", "the strike hit a weapons depot")),
    ("“The city is in ruins,” the official, who asked not to be named, told AFP.",
     ("the official", "The city is in ruins")),
    ("Officials expect the death toll to rise sharply.",
     ("Officials", "the death toll to rise sharply")),
    # an apposition that says who runs the speaker is not the speaker
    (("But the regional government, now controlled by parties loyal to the capital, says the "
      "truce is not enough."), ("the regional government", "the truce is not enough")),
])
def test_speaker_phrases_of_news_copy(extractor: Extractor, body: str,
                                      expected: tuple[str, str]) -> None:
    assert said(run(extractor, body)) == [expected]


def test_the_title_names_the_person_named_with_it_before(extractor: Extractor) -> None:
    x = run(extractor, "Secretary of State Anna J. Berger spoke today with President Ali Musa. "
                       "The Secretary stressed that the talks must resume. He emphasized that aid "
                       "must reach the city.")
    assert said(x) == [("Anna J. Berger", "the talks must resume"),
                       ("Anna J. Berger", "aid must reach the city")]


def test_described_groups_are_not_parties() -> None:
    assert is_group_description("Official sources on both sides")
    assert is_group_description("security officials")
    assert not is_group_description("Armenia")


# -- quotations (rule 7) --------------------------------------------------------------------------

def test_an_inverted_speaker_named_after_a_long_title(extractor: Extractor) -> None:
    x = run(extractor, "“The two sides have agreed to stop the fighting,” announced the Union’s "
                       "High Representative for the region, former Ghanaian President Kwame Boateng. "
                       "“This is not the end of the process, but the beginning.” “The work starts "
                       "now,” he warned.")
    assert quoted(x) == [
        ("Kwame Boateng", "The two sides have agreed to stop the fighting", True),
        ("Kwame Boateng", "This is not the end of the process, but the beginning", True),
        ("Kwame Boateng", "The work starts now", True)]


def test_a_quotation_goes_on_with_continued(extractor: Extractor) -> None:
    x = run(extractor, "Minister Lena Ortiz said the talks had ended. The deal also provides for "
                       "“the return of all prisoners within a month,” Ortiz continued.")
    assert quoted(x)[1:] == [("Lena Ortiz", "the return of all prisoners within a month", True)]


def test_an_inverted_speaker_before_a_relative_clause(extractor: Extractor) -> None:
    x = run(extractor, "The deal shows “the will of both sides to move on,” said Omar Haddad, who "
                       "led the rebel delegation, saying he hoped “both sides will keep their word. "
                       "Thousands are still losing their lives.”")
    assert quoted(x) == [("Omar Haddad", "the will of both sides to move on", True),
                         ("Omar Haddad", ("both sides will keep their word. Thousands are still "
                                         "losing their lives"), True)]


def test_a_quoted_evaluation_is_direct(extractor: Extractor) -> None:
    x = run(extractor, "The minister called the decision “a grave mistake that will cost lives” "
                       "on Monday.")
    assert quoted(x) == [("The minister", "a grave mistake that will cost lives", True)]


def test_a_quotation_after_but_said_has_the_subject_of_the_first_cue(
        extractor: Extractor) -> None:
    x = run(extractor, "Relief chief Maria Olsen said in a radio interview that the agency hopes "
                       "its figures are too high, but said “if the fighting goes on, many more "
                       "will flee.”")
    assert quoted(x)[0] == ("Maria Olsen", "if the fighting goes on, many more will flee", True)


def test_a_quotation_of_several_sentences_is_one_statement_without_its_final_stop() -> None:
    text = "“We will keep our word. ‘‘People are dying every day. We must act now,” he said."
    [q] = quotations(text)
    start, words = quoted_words(q)
    assert words == "We will keep our word. ‘‘People are dying every day. We must act now"
    assert text[start:start + len(words)] == words
    [q] = quotations("“‘We must act now.” he said.")
    assert quoted_words(q)[1] == "We must act now"  # a stray mark at its start goes


def test_tell_in_the_present_with_its_addressee(extractor: Extractor) -> None:
    assert said(run(extractor, "Witnesses tell a VOA reporter that the militants attacked the "
                               "village before dawn.")) == \
        [("Witnesses", "the militants attacked the village before dawn")]
    assert said(run(extractor, "Refugees tell aid workers that thousands more are on their way "
                               "to the border.")) == \
        [("Refugees", "thousands more are on their way to the border")]


def test_a_toll_put_at_a_number_is_its_givers_statement(extractor: Extractor) -> None:
    assert said(run(extractor, "State television put the death toll at more than 50.")) == \
        [("State television", "the death toll at more than 50")]
    # the medium that quotes a source relays the source's words (rule 4)
    assert said(run(extractor, "The French news agency, AFP, quoting local medical sources, put "
                               "the toll at 71 dead.")) == \
        [("local medical sources", "the toll at 71 dead")]
    assert said(run(extractor, "The envoy put pressure on both sides to agree to a truce.")) == []


@pytest.mark.parametrize(("body", "expected"), [
    # a stated view (devset rule 92), in the words of copy: think, suspect, worries, notes, stress
    ("Police suspect the killings could be drug related.",
     [("Police", "the killings could be drug related")]),
    ("The camp's doctor worries that conditions in the camp are unsanitary.",
     [("The camp's doctor", "conditions in the camp are unsanitary")]),
    ("U.S. officials stress that the cases of the two detained hikers remain unresolved.",
     [("U.S. officials", "the cases of the two detained hikers remain unresolved")]),
    # the reports say nothing (rule 5); the experts' view stays theirs
    (("Some reports say that 500 fighters are active in the country, but experts think the "
      "number is higher than what has been reported."),
     [("experts", "the number is higher than what has been reported")]),
])
def test_views_stated_with_verbs_of_thought(extractor: Extractor, body: str,
                                            expected: list[tuple[str, str]]) -> None:
    assert said(run(extractor, body)) == expected
