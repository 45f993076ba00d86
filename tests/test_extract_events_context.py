"""Events read with their context: an explosion in a story of armed violence, a sentence that
continues the one before, a day counted from another ("a day earlier"), a day ahead ("ahead of the
May 28 election"), and what names no event of its own ("calling it a massacre", "ready for
talks"). Every sentence here is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from newskg.extract.dates import find_dates
from newskg.extract.events import EventLog, events_in
from newskg.extract.sentences import Sentence

PUBLISHED = dt.date(2024, 3, 15)  # a Friday


def events(*texts: str, paragraphs: list[int] | None = None) -> list[tuple[str, str | None]]:
    log = EventLog()
    for i, text in enumerate(texts):
        paragraph = paragraphs[i] if paragraphs else 0
        events_in(Sentence(text, 0, len(text), paragraph), PUBLISHED, {}, log)
    return [(e.type, e.date) for e in log.events]


def test_a_blast_after_an_attack_is_that_attack_and_dates_it() -> None:
    found = events("Six police officers were killed in a roadside bombing in the south.",
                   "Two passers-by were wounded in the blast on Thursday morning.")
    assert found == [("Attack", "2024-03-14")]


def test_explosions_with_an_armed_side_are_an_attack() -> None:
    assert events("Militants claimed two explosions at a checkpoint on Wednesday.") == \
        [("Attack", "2024-03-13")]


def test_an_explosion_at_a_fuel_depot_stays_other() -> None:
    found = events("Gunmen attacked a police post in the north on Tuesday.",
                   "Separately, an explosion at a fuel depot killed three workers on Wednesday.")
    assert found == [("Attack", "2024-03-12"), ("Other", "2024-03-13")]


def test_an_explosion_without_violence_around_it_stays_other() -> None:
    assert events("An explosion tore through a warehouse district on Monday.") == \
        [("Other", "2024-03-11")]


def test_later_the_same_day_opens_another_event() -> None:
    found = events("Gunmen attacked the airport on Wednesday, killing five guards.",
                   "Later Wednesday, militants attacked a hotel in the port, police said.")
    assert found == [("Attack", "2024-03-13"), ("Attack", "2024-03-13")]


def test_and_a_continues_a_list_of_the_days_attacks() -> None:
    found = events("Also Wednesday, a bomb exploded at a market in the capital.",
                   "At least one vendor was killed.",
                   "And a roadside bomb exploded near a convoy in the north, wounding two.")
    assert found == [("Attack", "2024-03-13"), ("Attack", "2024-03-13")]


def test_a_continuing_sentence_takes_its_paragraphs_day_only() -> None:
    found = events("Police said on Wednesday the border was calm.",
                   "And a roadside bomb exploded near a convoy in the north, wounding two.",
                   paragraphs=[0, 1])
    assert found == [("Attack", None)]


def test_an_undated_attack_without_and_is_not_given_the_day_before() -> None:
    found = events("Also Wednesday, a bomb exploded at a market in the capital.",
                   "Rebels have attacked convoys in the north for years.")
    assert found[0] == ("Attack", "2024-03-13")
    assert all(date != "2024-03-13" for _, date in found[1:])


def test_a_day_earlier_counts_back_from_the_days_the_article_told() -> None:
    found = events("Thousands of people fled fighting on Thursday near the town of Dunmere.",
                   "Rebels claimed to have taken control of Sake a day earlier.")
    # (the fighting fled is a war of its own, undated, as the Goma file's "Fighting near Sake and Goma")
    assert found == [("Evacuation", "2024-03-14"), ("War", None), ("MilitaryOperation", "2024-03-13")]


def test_two_days_later_counts_forward_from_the_day_told() -> None:
    found = events("Rebels seized the town of Dunmere on Monday.",
                   "The army recaptured the town two days later.")
    assert found == [("MilitaryOperation", "2024-03-11"), ("MilitaryOperation", "2024-03-13")]


def test_ahead_of_puts_a_day_without_year_in_the_future() -> None:
    [date] = find_dates("Violence has risen ahead of the March 28 election.", PUBLISHED)
    assert date.value == "2024-03-28"
    [later] = find_dates("Violence has risen ahead of the February 28 election.", PUBLISHED)
    assert later.value == "2025-02-28"
    [past] = find_dates("Violence has risen since the February 28 election.", PUBLISHED)
    assert past.value == "2024-02-28"


def test_an_election_ahead_is_no_event_and_re_election_none_either() -> None:
    assert events("Violence has risen ahead of the May 28 election, in which the president "
                  "is expected to win re-election.") == []


@pytest.mark.parametrize("text", [
    "Officials said the rebel leader was ready for talks.",
    "The two sides were willing to hold talks next month.",
    "Locals are calling it a massacre.",
    "Witnesses described it as a massacre.",
    "Riot police guarded the parliament building.",
    "The peace talks co-sponsors will attend the signing.",
    "The ministry summoned the ambassador to protest the decision.",
    "Six of the drones were shot down over the sea.",
])
def test_what_names_no_event_of_its_own(text: str) -> None:
    assert events(text) == []


def test_calling_it_a_massacre_adds_no_event_after_the_attack() -> None:
    found = events("Gunmen attacked the village of Dunmere on Sunday, killing 30 people.",
                   "Locals are calling it a massacre.")
    assert found == [("Attack", "2024-03-10")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Militants massacred 30 villagers near the border on Sunday.", ("Attack", "2024-03-10")),
    ("The government blames him for the March 2 assassination of a judge.",
     ("Attack", "2024-03-02")),
    ("On Thursday, drones and missiles hit power stations in the east.",
     ("Attack", "2024-03-14")),
    ("The government has deployed security personnel to the region.",
     ("MilitaryOperation", None)),
    # the siege goes on; the day is the convoys' (devset rule 31: dated by the day it began)
    ("Convoys left the besieged city on Thursday.", ("MilitaryOperation", None)),
    ("In response, the army has launched a military campaign in the north.",
     ("MilitaryOperation", None)),
    ("Then they began fleeing the area on foot.", ("Evacuation", None)),
    ("More than 10,000 civilians have fled from the northern war zone since Wednesday.",
     ("Evacuation", "2024-03-13")),
    ("The armed uprising against the president began in the north.", ("War", None)),
    ("The insurgency has killed thousands in the province.", ("War", None)),
    ("Militants kidnapped 16 Christians from Peshawar.", ("Attack", None)),
    ("Ministers approved the deployment of European peacekeepers in the region.",
     ("MilitaryOperation", None)),
    ("The rebels' campaign to seize the eastern provinces stalled.", ("MilitaryOperation", None)),
    ("The group's seizure of power in the capital was condemned.", ("Other", None)),
    ("Government troops withdrew from the border town on Friday.",
     ("MilitaryOperation", "2024-03-15")),
    ("Aircraft continued dropping crude barrel bombs on the town on Sunday.",
     ("Attack", "2024-03-10")),
    ("On Tuesday, the army said its forces had liberated the town of Dikwa.",
     ("MilitaryOperation", "2024-03-12")),
    ("Foreign ministers gathered in Vienna to discuss the reconstruction plan.", ("Talks", None)),
    ("Witnesses say the crowd had been demonstrating outside the embassy.", ("Protest", None)),
    # a place's country after a comma divides no clauses; bodies found on a day: not the killing's
    ("Gunmen shot and killed 20 people inside a bar in Monterrey, Mexico late Friday.",
     ("Attack", "2024-03-15")),
    ("Earlier Friday, police say the bodies of 10 men were found shot outside the capital.",
     ("Attack", None)),
])
def test_triggers_of_this_kind(text: str, expected: tuple[str, str | None]) -> None:
    assert events(text) == [expected]


def test_a_war_zone_is_no_war() -> None:
    assert [t for t, _ in events("Aid workers returned to the war zone.")] == []


def test_a_plan_puts_a_day_ahead_but_from_does_not() -> None:
    [planned] = find_dates("The talks will resume on February 20 in Geneva.", PUBLISHED)
    assert planned.value == "2025-02-20"
    [since] = find_dates("The truce held from March 1 until the raid.", PUBLISHED)
    assert since.value == "2024-03-01"


def test_a_day_of_fighting_keeps_its_day_but_a_war_does_not() -> None:
    assert events("The army seized the ridge after heavy fighting Sunday.") == \
        [("War", "2024-03-10")]
    assert events("Five police officers were killed in a daylong battle on Saturday.") == \
        [("War", "2024-03-09")]
    assert events("The war on Sunday entered its third year.") == [("War", None)]
    assert events("Its fighters exchanged weapons fire with soldiers on Saturday.") == \
        [("War", "2024-03-09")]


def test_a_later_day_of_fighting_does_not_date_the_war() -> None:
    found = events("The war has killed thousands since it began.",
                   "Heavy fighting raged near the border on Sunday.")
    assert found == [("War", None)]


def test_protesters_named_again_are_no_new_protest() -> None:
    found = events("Police opened fire on protesters marching in the capital on Monday.",
                   "Protesters have vowed to continue street demonstrations.",
                   "Hundreds of demonstrators sang the national anthem.")
    assert [t for t, _ in found].count("Protest") == 1


def test_renewed_demonstrations_and_shot_and_killed() -> None:
    found = events("Police shot and killed three people Monday during renewed demonstrations in "
                   "the capital.")
    assert sorted(found) == [("Attack", "2024-03-11"), ("Protest", "2024-03-11")]


@pytest.mark.parametrize("text", [
    "The military said its air defenses shot down five of the missiles.",
    "The agency asked neighbours to accept refugees if an exodus begins.",
    "The men were planning a terrorist operation against the court.",
    "Hundreds died in protests ahead of next month's elections.",
    ("Alexander Hug, an official with the Organization for Security and Co-operation in Europe, "
     "spoke."),
])
def test_what_is_no_event_of_the_story(text: str) -> None:
    assert [t for t, _ in events(text) if t != "Protest"] == []


def test_a_month_alone_and_two_digit_days_ago() -> None:
    assert [(d.text, d.value) for d in find_dates("suspects targeted in June", PUBLISHED)] == \
        [("in June", "2023-06")]
    assert [(d.text, d.value) for d in find_dates("since early March", PUBLISHED)] == \
        [("early March", "2024-03")]
    assert [d.value for d in find_dates("shot down 10 days ago", PUBLISHED)] == ["2024-03-05"]
    # the draft keeps the month (a time of month precision); the gold shape's day is null
    assert events("Suspects were targeted by U.S. airstrikes in June.") == [("Attack", "2023-06")]


def test_talks_named_again_without_a_day_are_the_talks_told() -> None:
    found = events("Pakistani Taliban commander Baitullah Mehsud called off peace talks with the "
                   "government.",
                   "He said talks would not resume until the offensive ended.",
                   "Officials announced a suspension of negotiations.")
    assert [e for e in found if e[0] == "Talks"] == [("Talks", None)]
    again = events("Peace talks were held in Geneva on Monday.",
                   "Separate Moscow talks will open on Friday.")
    assert len(again) == 2


@pytest.mark.parametrize("text", [
    "It was not the first time that the area has come under attack by terrorists.",
    "Rebel groups have carried out many similar attacks in the region.",
])
def test_generic_attacks_are_no_event(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize("text", [
    "Fighting broke out a day after an election widely considered a sham.",
    "Voters approved the deal in a referendum on Sunday.",
    "Mr. Deby won elections widely viewed as flawed in 2006.",
])
def test_an_election_or_a_referendum_is_no_event(text: str) -> None:
    """No fighting or negotiation (devset rules 61 and 384): no Other event."""
    assert all(e[0] != "Other" for e in events(text))


@pytest.mark.parametrize(("text", "kind"), [
    ("Government troops regained control of the border town on Monday.", "MilitaryOperation"),
    ("The insurgents' capture of the town on Monday surprised the army.", "MilitaryOperation"),
    ("Police launched a manhunt for the gunmen on Monday.", "MilitaryOperation"),
    ("Soldiers carried out raids on militant camps on Monday.", "Attack"),
    ("Gun battles broke out near the airport on Monday.", "War"),
    ("Thousands of civilians sought refuge at the U.N. base on Monday.", "Evacuation"),
    ("A mining expert was shot to death on Saturday near the mine.", "Attack"),
    ("The army said reinforcements reached the base on Monday.", "MilitaryOperation"),
    ("Peacekeepers began deploying in the north on Monday.", "MilitaryOperation"),
    ("Hundreds of families escaped to the capital on Monday.", "Evacuation"),
    ("Families were sheltering in a public park on Monday.", "Evacuation"),
    ("A suicide bomber detonated a vest in a crowded tent on Monday.", "Attack"),
    ("A suicide bomber blew himself up at a checkpoint on Monday.", "Attack"),
    ("Soldiers were returning from patrol when they were ambushed on Monday.", "MilitaryOperation"),
    ("Troops pushed deeper into the region on Monday.", "MilitaryOperation"),
    ("The militants breached the southern part of the town center on Monday.",
     "MilitaryOperation"),
    ("Insurgents seized a multinational base on the shores of the lake on Monday.",
     "MilitaryOperation"),
])
def test_more_words_that_name_an_event(text: str, kind: str) -> None:
    assert (kind, "2024-03-11" if "Monday" in text else "2024-03-09") in events(text)


def test_a_building_seized_is_ground_taken() -> None:
    assert ("MilitaryOperation", "2024-03-10") in events(
        "Rebels seized a police station and post office on Sunday in the border town.")
    assert events("Police seized motorcycles and a cache of weapons on Sunday.") == []


def test_a_sentence_opening_with_a_count_of_days_counts_from_the_day_told_before() -> None:
    assert events("Rebels ambushed an army patrol on Thursday near the border.",
                  "A day earlier gunmen killed one person in an attack on a taxi in the region.") \
        == [("Attack", "2024-03-14"), ("Attack", "2024-03-13")]
    # with no day told before, nothing to count from
    assert events("A day earlier gunmen killed one person in an attack on a taxi.") == \
        [("Attack", None)]


def test_a_past_year_or_month_of_its_own_is_another_event() -> None:
    """"a similar attack in January 2018", "a bloody war in the 1990s": past events of their own,
    dated as the text dates them (a month, a decade), beside the one the article tells."""
    assert events("Gunmen attacked a market in the capital on Thursday.",
                  "The bombing hit an area that had suffered a similar attack in January 2018.") \
        == [("Attack", "2024-03-14"), ("Attack", "2018-01")]
    assert [e for e in events("Heavy fighting broke out around the region on Sunday.",
                              "Separatists seized the region in a bloody war in the 1990s.")
            if e[0] == "War"] == [("War", "2024-03-10"), ("War", "1990s")]


def test_a_past_date_that_is_the_start_or_a_since_is_the_same_event() -> None:
    # the war told, with where it began: no second war
    assert events("The conflict between the army and the rebels goes on.",
                  "Thousands have died since the start of the conflict in December 2013.") \
        == [("War", None)]
    assert [t for t, _ in events("The conflict between the army and the rebels goes on.",
                                 "The conflict has deepened since 2012.")] == ["War"]
    # "the war in 1994" after a war told: that war, dated
    assert [t for t, _ in events("The two countries fought a six-year war over the enclave.",
                                 "Before the end of the war in 1994, 30,000 people were killed.")] \
        == ["War"]


def test_a_numbers_comma_divides_no_clause() -> None:
    """"fled Myanmar with 15,000 countrymen Monday": the flight's day, and a flight told with it."""
    assert events("Mothers carrying babies fled the country with 15,000 countrymen Monday.") == \
        [("Evacuation", "2024-03-11")]


def test_the_ongoing_fighting_is_not_dated_by_the_sentences_day() -> None:
    assert events("The U.N. on Tuesday raised its toll to 10,000 as the ongoing fighting "
                  "continues to put millions in need of aid.") == [("War", None)]


def test_a_body_named_by_its_task_is_no_event() -> None:
    assert events("Officers of a special operations unit guarded the border post on Monday.") == []
    # (but the wounded taken to hospitals are an evacuation, as the corpus's fuel-depot file has it)
    assert events("The injured were evacuated to a hospital in the capital on Monday.") == \
        [("Evacuation", "2024-03-11")]


def test_what_a_deed_answers_and_a_siege_going_on_take_no_day_of_the_sentence() -> None:
    found = events("Militants stormed a gas plant Wednesday in retaliation for French military "
                   "operations in the north.")
    assert ("Attack", "2024-03-13") in found and ("MilitaryOperation", None) in found
    assert events("Buses carried civilians on Thursday from the besieged city to the coast.") \
        == [("MilitaryOperation", None)]


def test_parts_of_the_day_date_an_event() -> None:
    """"last evening's terrorist attack", "forces earlier this evening conducted airstrikes"."""
    assert events("We condemn last evening's terrorist attack near the border.") == \
        [("Attack", "2024-03-14")]
    assert events("Forces earlier this evening conducted airstrikes against the depot.") == \
        [("Attack", "2024-03-15")]


def test_a_year_told_as_its_middle_dates_a_past_seizure() -> None:
    """"since opposition fighters seized parts of the city in mid-2012": another operation."""
    assert events("Government forces slowly advanced into rebel-held areas of the city.",
                  "It was their biggest gain since rebels seized parts of the city in mid-2012.") \
        == [("MilitaryOperation", None), ("MilitaryOperation", "2012")]
