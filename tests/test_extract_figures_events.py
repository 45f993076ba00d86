"""Figures and events on news constructions (issue 13): ranges and vague quantities, numbers that are
not counts, what is counted, the reporter; event coreference, habitual and generic mentions, dates
from the sentence's opening and from anniversaries, and whole-phrase labels. Every sentence here is
invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.article import parse_article
from newskg.extract.dates import anniversary_start
from newskg.extract.draft import to_gold
from newskg.extract.events import EventLog, event_label, events_in
from newskg.extract.figures import according_to, figures_in
from newskg.extract.gazetteer import Gazetteer, Known
from newskg.extract.model import FigureDraft, Ref, StatementDraft
from newskg.extract.pipeline import Extractor
from newskg.extract.sentences import Sentence

PUBLISHED = dt.date(2024, 3, 15)  # a Friday


def sentence(text: str) -> Sentence:
    return Sentence(text, 0, len(text), 0)


def figures(text: str, statements: list[StatementDraft] | None = None) -> list[FigureDraft]:
    return figures_in(sentence(text), statements or [])


def told_after(earlier: list[FigureDraft], text: str) -> list[tuple[str, int]]:
    return [(f.kind, f.value) for f in figures_in(sentence(text), [], earlier)]


def counts(text: str) -> list[tuple[str, int]]:
    return [(f.kind, f.value) for f in figures(text)]


# -- figures: ranges and vague quantities (docs/facts-format.md: lower/upper bounds) ---------------


def test_a_range_is_one_figure_with_bounds() -> None:
    [f] = figures("Between 200 and 300 people were killed in the shelling, officials said.")
    assert (f.kind, f.value, f.lower, f.upper, f.qualifier) == ("killed", 200, 200, 300, "between")
    assert f.qualifier_text == "Between 200 and 300" and not f.vague


def test_a_hyphenated_range_shares_its_scale() -> None:
    [f] = figures("The floods displaced 2-3 million people across the delta.")
    assert (f.kind, f.lower, f.upper) == ("displaced", 2_000_000, 3_000_000)


@pytest.mark.parametrize(("text", "expected"), [
    ("The number of displaced rose from 200 to 300 displaced people.", [("displaced", 300)]),
    ("The war, which lasted from 2019-2021, killed 300 soldiers.", [("killed", 300)]),
    ("Two Greeks and four Indians were rescued by the navy.", [("evacuated", 2), ("evacuated", 4)]),
])
def test_changes_years_and_lists_are_not_ranges(text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected
    assert all(f.lower is None for f in figures(text))


def test_vague_quantities_get_the_bounds_of_the_facts_format() -> None:
    found = figures("Hundreds of people were killed and tens of thousands of residents fled north.")
    assert [(f.kind, f.lower, f.upper, f.vague) for f in found] == [
        ("killed", 200, 999, True), ("displaced", 20_000, 99_999, True)]
    [dozens] = figures("The strike killed dozens, medics said.")
    assert (dozens.kind, dozens.lower, dozens.upper) == ("killed", 24, 99)


def test_vague_quantities_are_not_gold_figures_but_ranges_are() -> None:
    text = ("Floods\n\nHundreds of people were killed in the floods on Monday.\n\n"
            "Between 40 and 60 fishermen are missing, the coast guard said.\n")
    x = Extractor(Gazetteer(), parse=False).extract(
        parse_article(text.encode(), Path("x.txt"), published=PUBLISHED))
    assert [f.vague for f in x.figures] == [True, False]
    gold = to_gold(x, "x")
    assert [(f["what"], f["value"]) for f in gold["figures"]] == [("missing", 40)]  # type: ignore[index]


# -- figures: numbers that are not counts ------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("On October 7, 1,200 people were killed in the raids.", [("killed", 1200)]),
    ("Children under five were among the 40 people killed.", [("killed", 40)]),
    ("Those younger than 10 were evacuated first, and 300 adults followed later.",
     [("evacuated", 300)]),
    ("Some 4.1 million out of 5 million residents need food aid.", [("other", 4_100_000)]),
    ("Two men stormed the hotel and killed 12 guests.", [("killed", 12)]),
    ("Two gunmen stormed the hotel and killed 12 guests.", [("killed", 12)]),
    ("Dozens of civilians attacked the depot before dawn.", []),
    ("Dozens of militants attacked the base before dawn.", []),
    ("Some residents of the town of about 40,000 people fled to the hills.", []),
    ("The port, home to 2 million people, was shelled; 14 people were killed.", [("killed", 14)]),
    ("The district has a population of 300,000, and 5,000 residents have been evacuated.",
     [("evacuated", 5000)]),
])
def test_dates_ages_totals_and_attackers_are_not_counts(
        text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


# -- figures: what is counted and who reports it ---------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("The flooding forced about 300 villagers to evacuate the valley.", [("evacuated", 300)]),
    ("According to a source close to the rescue operation, 90 people were on the ferry.",
     [("evacuated", 90)]),
    ("The shelling has contributed to the displacement of more than 40,000 people.",
     [("displaced", 40000)]),
])
def test_evacuating_rescue_and_displacement_are_kinds(
        text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The army lost 40 troops in the battle for the ridge.", [("killed", 40)]),
    ("Five people are in critical condition, the hospital said.", [("wounded", 5)]),
    ("Three children were among those killed in the strike.", [("killed", 3)]),
    ("The two sides exchanged 200 prisoners on Sunday.", [("other", 200)]),
    ("One African Union soldier was killed and one woman was injured.",
     [("killed", 1), ("wounded", 1)]),
    ("One of the bridges was destroyed, and one hospital was hit.", []),
])
def test_losses_conditions_and_one_person(text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


def test_a_count_restated_later_is_one_figure() -> None:
    first = figures("A rocket hit the market on Monday, killing four people and wounding two "
                    "of its guards, officials said.")
    assert [(f.kind, f.value) for f in first] == [("killed", 4), ("wounded", 2)]
    # a definite count points back to people already counted, whatever it says of them
    assert told_after(first, "The four victims were from one family.") == []
    # a quotation repeating the same harm tells it again ...
    assert told_after(first, '"Two guards were injured by the blast," the mayor said.') == []
    # ... but not another harm, nor a count told again outside a quotation or without "the"
    assert told_after(first, '"Two guards were killed at the gate," the mayor said.') == [
        ("killed", 2)]
    assert told_after(first, "In a second strike, four people were killed in the port.") == [
        ("killed", 4)]


def test_batches_of_a_release_are_not_restatements() -> None:
    first = figures("The group released 13 hostages on Friday, the mediators said.")
    assert [(f.kind, f.value) for f in first] == [("other", 13)]
    assert told_after(first, '"A further 13 hostages will be freed on Saturday," the mediators '
                             "said.") == [("other", 13)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The blast also led to the injury of three other workers, the company said.",
     [("wounded", 3)]),
    ("About 9,000 people have already left the region, aid groups said.", [("displaced", 9000)]),
    ("More than 12,000 families left their homes after the dam burst.", [("displaced", 12000)]),
])
def test_injury_and_leaving_are_kinds(text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


def test_joint_sources_report_a_figure_as_the_first_named() -> None:
    assert according_to("Nine people were killed, according to local officials and residents.") \
        == "local officials"
    assert according_to("Nine people were killed, according to the army.") == "the army"


def test_a_pronoun_speaker_is_not_a_reporter_but_a_name_is() -> None:
    text = "He said 14 soldiers were killed near the bridge."
    words = "14 soldiers were killed near the bridge"

    def said_by(name: str) -> StatementDraft:
        return StatementDraft(Ref(name, Known("x", name, ("Person",), known=False)), words,
                              False, "asserted", "said", sentence(text), 0.7,
                              start=text.index(words))

    [f] = figures(text, [said_by("He")])
    assert f.reported_by is None
    [g] = figures(text, [said_by("Maria Lopez")])
    assert g.reported_by is not None and g.reported_by.name == "Maria Lopez"


# -- events --------------------------------------------------------------------------------------


def events(*texts: str) -> list[tuple[str, str | None, str]]:
    log = EventLog()
    for text in texts:
        events_in(sentence(text), PUBLISHED, {}, log)
    return [(e.type, e.date, e.label) for e in log.events]


def test_another_strike_on_the_same_day_is_a_new_event() -> None:
    found = events("A missile hit a market in the port late Wednesday, killing four people.",
                   "Another missile strike earlier Wednesday hit a school in the capital.")
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-13"), ("Attack", "2024-03-13")]
    same = events("A missile hit a market in the port late Wednesday, killing four people.",
                  "A missile strike Wednesday hit the market in the port.")
    assert len(same) == 1


def test_an_undated_verb_of_a_type_seen_tells_the_same_event() -> None:
    found = events("Five people were killed in two attacks on Monday, police said.",
                   "At least three guards died after gunmen attacked the main gate.")
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-11")]


@pytest.mark.parametrize("text", [
    "The group has attacked the convoy route several times since 2015, killing dozens.",
    "Rebels regularly shelled the outskirts during the winter.",
    "Ongoing violence, including deliberate attacks on aid workers, hampers relief.",
])
def test_habitual_and_generic_mentions_are_not_events(text: str) -> None:
    assert events(text) == []


def test_a_counted_or_dated_plural_is_an_event() -> None:
    assert [t for t, _, _ in events("Two attacks on Tuesday left the town without power.")] == [
        "Attack"]


def test_an_opening_date_dates_the_sentence_events() -> None:
    [(type_, date, _)] = events(
        "On Tuesday, the militia said that an army raid on its camp killed nine fighters.")
    assert (type_, date) == ("Attack", "2024-03-12")


def test_an_anniversary_gives_the_start_of_a_war() -> None:
    [(type_, date, _)] = events(
        "Today marks two years since the start of the war in the eastern provinces.")
    assert (type_, date) == ("War", "2022-03-15")
    assert anniversary_start("a year since the outbreak of ", PUBLISHED) == (
        "a year since the outbreak of", "2023-03-15")
    assert anniversary_start("a year since the outbreak of ", None) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("The envoy helped advance the peace process last month.", []),
    ("Government troops advanced on the town from the south on Sunday.", ["MilitaryOperation"]),
    ("The foreign minister spoke today with his Kenyan counterpart about the border.", ["Talks"]),
    ("The council renewed its calls on the army to negotiate with the rebels.", []),
    ("A regional force intervened in the north in 2019 to restore order.", ["MilitaryOperation"]),
    ("The shootings took place on Saturday morning near the market.", ["Attack"]),
    ("Both armies accused each other of firing rockets at villages on Friday.", ["Attack"]),
])
def test_trigger_senses(text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in events(text)] == expected


@pytest.mark.parametrize(("text", "trigger", "verb", "label"), [
    ("A coalition projectile attack on a village in the north killed three people.", "attack",
     False, "Coalition projectile attack on a village in the north"),
    ("After a week of fighting, the Rebel Front seized control of the district on Sunday.",
     "seized control of", True, "Rebel Front seized control of the district"),
    ("It was the deadliest strike on the city since the war began, officials said.", "strike",
     False, "Deadliest strike on the city"),
    (("The air force began a bombing campaign against supply lines along the northern border "
      "near the lakes and the hills of the old province yesterday."), "bombing campaign", False,
     "Bombing campaign against supply lines along the northern border near the lakes"),
    # a speaker's verb or a relative word before the trigger ends its clause: not the label's
    ("The minister said reinforcements have been sent to the base.", "reinforcements", False,
     "Reinforcements"),
    ("Ankara said Syrian government airstrikes killed two soldiers.", "airstrikes", False,
     "Syrian government airstrikes"),
    ("Aid arrived for villagers who fled to the coast.", "fled to", False,
     "Fled to the coast"),
])
def test_labels_are_whole_phrases(text: str, trigger: str, verb: bool, label: str) -> None:
    start = text.index(trigger)
    assert event_label(text, start, start + len(trigger), verb=verb) == label


def test_an_undated_verb_in_another_place_or_a_separate_incident_is_a_new_event() -> None:
    def ref(name: str) -> Ref:
        return Ref(name, Known(name.lower(), name, ("City",), known=False))

    log = EventLog()
    events_in(sentence("Two attacks in Dunmere on Monday killed five people."), PUBLISHED,
              {"Dunmere": ref("Dunmere")}, log)
    events_in(sentence("Gunmen also attacked a police post in Kallo, residents said."), PUBLISHED,
              {"Kallo": ref("Kallo")}, log)
    events_in(sentence("Separately, militants attacked a convoy on the highway."), PUBLISHED, {},
              log)
    events_in(sentence("The gunmen attacked the market in Dunmere first."), PUBLISHED,
              {"Dunmere": ref("Dunmere")}, log)
    assert [(e.type, e.date) for e in log.events] == [
        ("Attack", "2024-03-11"), ("Attack", None), ("Attack", None)]


def test_a_label_keeps_an_abbreviation_and_its_full_stop() -> None:
    text = "The upcoming talks on Sept. 20 in the city of Orlen will settle the dispute."
    start = text.index("talks")
    assert event_label(text, start, start + len("talks")) == "Talks on Sept. 20 in the city of Orlen"


def test_a_place_after_its_cue_word_places_the_event() -> None:
    def ref(name: str) -> Ref:
        return Ref(name, Known(name.lower(), name, ("City",), known=False))

    text = "Talks will be held on Monday in the northern city of Orlen, officials said."
    [event] = events_in(sentence(text), PUBLISHED, {"Orlen": ref("Orlen")}, EventLog())
    assert event.type == "Talks" and [p.name for p in event.places] == ["Orlen"]


def test_a_war_named_by_a_past_year_is_another_war() -> None:
    found = events("Fighting raged across the region on Tuesday.",
                   "In a six-week war in 2020, thousands died.",
                   "The war has left the valley in ruins.")
    # fighting told with its day keeps it (devset rule 12: "the day the text gives"; a war's own
    # day is the one it began)
    assert [(t, d) for t, d, _ in found] == [("War", "2024-03-12"), ("War", "2020")]


# -- events: more news constructions (branch i13ev2) -------------------------------------------------


def test_also_before_a_verb_adds_another_act() -> None:
    found = events("Soldiers shelled the bridge near the port on Tuesday.",
                   "The soldiers also opened fire on a group of fishermen.")
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-12"), ("Attack", None)]
    same = events("Soldiers shelled the bridge near the port on Tuesday.",
                  "The soldiers opened fire on a group of fishermen.")
    assert len(same) == 1


def test_a_gerund_after_an_aspectual_verb_is_that_verb() -> None:
    # "began shooting" tells the attack seen before (an undated verb), not a new one
    found = events("Gunmen attacked the market in the town on Friday.",
                   "Witnesses said the gunmen began shooting people at random.")
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-15")]
    # "began attacking ... on Monday" dates the undated attack seen before
    dated = events("Hundreds are missing after a rebel attack on the river port.",
                   "The rebels began attacking the port, a trading hub, on Monday, witnesses said.")
    assert [(t, d) for t, d, _ in dated] == [("Attack", "2024-03-11")]


@pytest.mark.parametrize("text", [
    "The navy said it carried out airstrikes that killed two militia commanders.",
    "Aid flights stopped after recent rebel drone attacks on the capital.",
    "Residents recalled a long list of attacks on schools in the province.",
])
def test_a_plural_that_is_performed_recent_or_counted_is_an_event(text: str) -> None:
    assert [t for t, _, _ in events(text)] == ["Attack"]


def test_a_second_trigger_with_a_day_of_its_own_is_another_event() -> None:
    found = events("The council condemned the March 12 bombing of the court, as well as the "
                   "attacks since March 9 on the fuel depots.")
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-12"), ("Attack", "2024-03-09")]
    one = events("The March 12 bombing of the court and the attack on the depot killed nine.")
    assert [(t, d) for t, d, _ in one] == [("Attack", "2024-03-12")]


def test_a_while_clause_shares_the_day_of_its_main_clause() -> None:
    found = events("Hundreds were still missing Tuesday after the flood, while thousands of "
                   "residents were evacuated to the hills.")
    assert [(t, d) for t, d, _ in found] == [("Evacuation", "2024-03-12")]
    # a day inside a subordinate clause is not the main clause's
    other = events("Hundreds were missing after the flood on Tuesday, while thousands of "
                   "residents were evacuated to the hills.")
    assert [(t, d) for t, d, _ in other] == [("Evacuation", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Officials condemned the rebels' further expansion of the war into the east.",
     ["MilitaryOperation"]),
    ("Aid groups fear the recent Eastern Front expansion in the lake district.",
     ["MilitaryOperation"]),
    ("The ministry announced an expansion in grain exports this year.", []),
])
def test_an_armed_sides_expansion_is_a_military_operation(text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in events(text)] == expected


# -- events: type, dates told indirectly, one event told again (branch i13dev6, rules 30-32) ---------


def test_an_operation_that_continued_on_a_day_is_not_dated_by_it() -> None:
    # PUBLISHED is a Friday: "on Wednesday" would be 2024-03-13
    found = events("Government troops continued their offensive in the hill country on Wednesday.")
    assert [(t, d) for t, d, _ in found] == [("MilitaryOperation", None)]
    # a later definite mention with a day of its going on does not date it either
    again = events("Aid agencies reported intensified military action in the hill country.",
                   "The army pressed on with its offensive in the north on Wednesday.")
    assert [(t, d) for t, d, _ in again] == [("MilitaryOperation", None)]
    # an offensive launched on a day is dated by it
    assert [(t, d) for t, d, _ in events(
        "The army launched an offensive in the north on Wednesday.")] == [
        ("MilitaryOperation", "2024-03-13")]


def test_a_day_after_an_event_with_a_long_object_dates_it() -> None:
    found = events("Troops pressed on with the siege of the port on Wednesday, a day after an "
                   "airstrike on a crowded market hall in the old town killed at least 14 people, "
                   "according to medics.")
    assert [(t, d) for t, d, _ in found] == [("MilitaryOperation", None), ("Attack", "2024-03-12")]


def test_a_participle_clause_dates_the_act_it_tells() -> None:
    found = events("Dozens of gunmen attacked the village of Kallo, striking around 5 p.m. "
                   "Tuesday, the army said.")
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-12")]
    # a day in a later clause that is not a participle of the act does not date it
    other = events("Dozens of gunmen attacked the village of Kallo, the army said Tuesday.")
    assert [(t, d) for t, d, _ in other] == [("Attack", None)]


def test_a_clock_time_before_a_day_does_not_end_the_sentence() -> None:
    from newskg.extract.sentences import split_sentences

    assert [s.text for s in split_sentences(
        "Gunmen struck at 5 p.m. Tuesday, police said. The road was closed.")] == [
        "Gunmen struck at 5 p.m. Tuesday, police said.", "The road was closed."]
    assert len(split_sentences("The raid began at 5 p.m. Police came an hour later.")) == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("Rebels seized motorcycles and a cache of rifles from the retreating soldiers.", []),
    ("The militia captured three soldiers near the river.", []),
    ("Rebels seized the strategic town of Dunmere on Sunday.", ["MilitaryOperation"]),
    ("The army captured two villages north of the lake.", ["MilitaryOperation"]),
    ("The militia recaptured swathes of territory in the east.", ["MilitaryOperation"]),
])
def test_a_seizure_takes_an_area(text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in events(text)] == expected


def test_an_exchange_of_fire_since_a_dated_event_is_a_war_begun_that_day() -> None:
    [(type_, date, _)] = [e for e in events(
        "The two armies have exchanged near-daily artillery fire since rebels stormed a border "
        "post on January 9, triggering war in the valley.") if e[0] == "War"]
    assert (type_, date) == ("War", "2024-01-09")
    assert [t for t, _, _ in events("The two sides traded heavy fire across the river.")] == ["War"]
    # an exchange of prisoners stays an exchange
    assert [t for t, _, _ in events("The two armies exchanged 90 prisoners on the bridge.")] == [
        "Other"]


def test_a_counted_or_quoted_load_of_rockets_is_an_attack() -> None:
    assert [t for t, _, _ in events("Militants fired dozens of rockets at the airbase.")] == [
        "Attack"]
    assert [t for t, _, _ in events(
        'The group said it fired "dozens of Grad rockets" at the depot.')] == ["Attack"]


def test_an_act_in_response_to_another_on_the_same_day_is_a_new_event() -> None:
    found = events("Warplanes struck militia depots in the valley on Tuesday.",
                   'On Tuesday, the militia said it fired "dozens of rockets" at two army bases '
                   '"in response to the enemy\'s raids."')
    assert [(t, d) for t, d, _ in found] == [("Attack", "2024-03-12"), ("Attack", "2024-03-12")]
    # without the response, the same type and day is the same event
    same = events("Warplanes struck militia depots in the valley on Tuesday.",
                  "On Tuesday, the militia said warplanes fired missiles at its depots.")
    assert len(same) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ('The agency said there was "intensified military action" in the capital.',
     ["MilitaryOperation"]),
    ("The president threatened military action against the rebels.", []),
])
def test_military_action_is_an_operation_unless_threatened(text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in events(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("After a massive military assault on the enclave, the army held the coast.",
     ["MilitaryOperation"]),
    ("The ground assault on the northern districts began at dawn.", ["MilitaryOperation"]),
    ("Gunmen launched an assault on a police post near the market.", ["Attack"]),
])
def test_an_armys_assault_is_an_operation_and_a_gunmens_an_attack(
        text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in events(text)] == expected
# -- figures a sentence leaves to the one before, and tallies of the lead (devset rules 17, 26) ----


def test_a_partitive_of_the_dead_counts_the_dead_and_another_takes_its_kind() -> None:
    assert counts('"Nine of the dead were farmers and another six were traders," the mayor said.') \
        == [("killed", 9), ("killed", 6)]
    assert counts("Three of the wounded were flown to the capital.") == [("wounded", 3)]
    assert counts("Two of the victims were teachers.") == []  # "victims" says no outcome


def test_others_of_a_set_named_by_the_sentence_before_take_its_count_kind() -> None:
    first = figures("The dead include a driver and six aid workers, the agency said.")
    assert [(f.kind, f.value, f.counts) for f in first] == [("killed", 6, "workers")]
    later = figures_in(sentence("She said four others were nurses from the clinic."), [], first,
                       previous="The agency said one of the workers was a doctor.")
    assert [(f.kind, f.value) for f in later] == [("killed", 4)]
    # without a set named before, "four others" with nothing happening to them is no count
    assert told_after(first, "She said four others were nurses from the clinic.") == []


def test_the_agent_of_an_attack_verb_is_the_attacking_force() -> None:
    assert counts("The village was attacked at dawn by a group of 40 to 50 armed men on "
                  "motorbikes.") == []
    assert counts("The convoy was ambushed by about 30 gunmen, killing 12 soldiers.") == [
        ("killed", 12)]


def test_a_death_toll_verb_reaches_over_a_long_phrase() -> None:
    assert counts("The death toll from the shelling of the market and the bus station in the "
                  "city centre has risen to 28, officials said.") == [("killed", 28)]


def lead_then(body: str, lead: str = "The United Nations says about 15,000 people have fled "
              "across the border since Monday.") -> list[tuple[str, int]]:
    first = figures_in(Sentence(lead, 0, len(lead), 0), [])
    later = figures_in(Sentence(body, 0, len(body), 4), [], first, lead=0)
    return [(f.kind, f.value) for f in later]


def test_a_tally_of_the_lead_told_again_in_the_body_is_one_figure() -> None:
    assert lead_then("Many families have been displaced and about 15,000 others have crossed "
                     "the border.") == []
    # small counts recur for different incidents, and another kind is another count
    assert lead_then("On Tuesday a shell wounded two children.",
                     lead="A drone strike wounded two women, officials said.") == [("wounded", 2)]
    assert lead_then("About 15,000 people were evacuated from the border towns.") == [
        ("evacuated", 15000)]


# -- stop 24: days told as "N days ago" and "overnight <weekday>", wars that "began", flights ------


@pytest.mark.parametrize(("text", "day"), [
    ("Rebels shelled the depot three days ago, the mayor said.", "2024-03-12"),
    ("The army shelled the depot a day ago.", "2024-03-14"),
    ("Overnight Wednesday, the army shelled the depot in Kallo.", "2024-03-13"),
    ("The army shelled the depot overnight, officials said.", "2024-03-15"),
])
def test_days_ago_and_overnight_weekday_date_the_event(text: str, day: str) -> None:
    [(kind, date, _)] = events(text)
    assert (kind, date) == ("Attack", day)


def test_a_war_that_began_in_a_place_on_a_day_is_dated_by_that_day() -> None:
    [(kind, date, label)] = events("The clashes in Dunmere began March 2. Almost a million people "
                                   "live there.")
    assert (kind, date, label) == ("War", "2024-03-02", "Clashes in Dunmere")


def test_a_count_of_people_who_fled_their_homes_is_no_flight_event() -> None:
    assert events("The agency said more than 100,000 people have fled their homes.") == []
    assert [e[:2] for e in events("Thousands fled fighting Thursday near the town of Kallo.")] == \
        [("Evacuation", "2024-03-14"), ("War", None)]  # the fighting fled is a war, undated
    assert [e[0] for e in events("Hundreds of families fled their homes in Dunmere.")] == \
        ["Evacuation"]


def test_a_label_keeps_a_number_with_thousands_whole() -> None:
    text = "Officials said more than 100,000 residents have fled to Kallo."
    at = text.index("fled")
    assert event_label(text, at, at + len("fled to")) == "100,000 residents have fled to Kallo"


@pytest.mark.parametrize("text", [
    "The rebels battled the army with attack helicopters and tanks.",
    "Similar evacuation plans collapsed over accusations of fighting along the corridor.",
    "The agency said it will lead the safe passage operation tomorrow, Saturday.",
])
def test_a_weapon_a_plan_or_a_planned_operation_is_no_event(text: str) -> None:
    assert [e for e in events(text) if e[0] != "War"] == []


def test_pounding_positions_is_an_attack_and_helping_negotiate_is_talks() -> None:
    assert [e[:2] for e in events("Helicopters were pounding rebel positions on Thursday.")] == \
        [("Attack", "2024-03-14")]
    assert [e[0] for e in events("The cleric, who helped negotiate the truce, said so.")] == \
        ["Talks"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Officials said more than 10-thousand civilians have fled the war zone.",
     [("displaced", 10_000)]),
    ("We mourn the 30 Nigerien and two Nigerian soldiers killed in the attack.",
     [("killed", 30), ("killed", 2)]),
    ("A spokesman said one of Muhammad's sons was killed when a shell hit his house.",
     [("killed", 1)]),
    ("One of the towns was hit by shelling.", []),
])
def test_voa_thousands_demonyms_sharing_a_noun_and_one_of_a_group(
        text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


def test_a_million_counts_and_loyalists_are_people() -> None:
    assert counts("The war left nearly a million civilians fleeing the fighting.") == \
        [("displaced", 1_000_000)]
    assert counts("The strike killed what it said were over 100 regime loyalists.") == \
        [("killed", 100)]
    assert counts("A million dollars was pledged.") == []
