"""Actors named by description as armed groups, places in lists, press-statement signatures and the
types new names get (issue 13, branch s22fig). Every sentence here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.article import parse_article
from newskg.extract.descriptions import armed_group_names, armed_groups
from newskg.extract.draft import to_gold
from newskg.extract.gazetteer import Gazetteer, guess_actor_types
from newskg.extract.names import signature_person
from newskg.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer(), parse=False)


def gold(extractor: Extractor, body: str) -> tuple[dict[str, str], dict[str, str]]:
    text = f"News\nsource: https://example.org/a\npublished: 2024-05-02\n\n{body}\n"
    doc = to_gold(extractor.extract(parse_article(text.encode(), Path("a.txt"),
                                                  published=dt.date(2024, 5, 2))), "a")
    actors = {str(a["name"]): str(a["type"]) for a in doc["actors"]}  # type: ignore[union-attr]
    places = {str(t["name"]): str(t["type"]) for t in doc["territories"]}  # type: ignore[union-attr]
    return actors, places


@pytest.mark.parametrize(("sentence", "names"), [
    ("Suspected Islamic extremists attacked a barracks on Friday.", ["Suspected Islamic extremists"]),
    ("The hotel was attacked by al-Qaida-linked fighters in January.", ["al-Qaida-linked fighters"]),
    ("They fled attacks by the Sudanese-backed janjaweed militia.",
     ["Sudanese-backed janjaweed militia"]),
    ("Violent extremists including ISIL-affiliated groups threaten the region.",
     ["Violent extremists", "ISIL-affiliated groups"]),
    ("Armed men killed at least 50 people.", ["Armed men"]),
    ("Police said a large number of bandits invaded the school.", ["bandits"]),
    # counts of people, a named group's members, a bare head that does not act: no description
    ("Two gunmen were killed by security forces.", []),
    ("About 40 unidentified gunmen stormed the post.", []),
    ("Ten Taliban fighters were also killed.", []),
    ("The group said its fighters shot several people.", []),
    ("The strike was targeting militants in a command center.", []),
])
def test_armed_groups_named_by_description(sentence: str, names: list[str]) -> None:
    assert [d.name for d in armed_groups(sentence)] == names


def test_names_the_text_calls_armed_groups() -> None:
    text = ("The attack was claimed by the militant group al-Shabab. Ten Taliban fighters died. "
            "Houthi rebels fired a missile.")
    assert armed_group_names(text) == {"al-shabab", "taliban", "houthi"}


def test_a_bare_head_is_the_armed_group_the_article_names(extractor: Extractor) -> None:
    actors, _ = gold(extractor, "An official said the militants used small arms. The militant "
                                "group Al-Kataib claimed the attack in a statement.")
    assert "Al-Kataib" in actors and actors["Al-Kataib"] == "ArmedGroup"
    assert not any(name.lower() == "militants" for name in actors)


def test_every_name_of_a_list_after_a_place_word_is_a_place(extractor: Extractor) -> None:
    actors, places = gold(extractor, "The attacks took place in the areas of Sirbaka, Tolemi and "
                                     "Abu Karsa, about 50 kilometers north of El Monara. Fighting "
                                     "hit the terminals in Es Sadra and Ras Lamouf.")
    assert {"Sirbaka", "Tolemi", "Abu Karsa", "El Monara", "Es Sadra", "Ras Lamouf"} <= set(places)
    assert not {"Tolemi", "Abu Karsa", "El Monara", "Ras Lamouf"} & set(actors)


def test_an_aside_after_a_place_is_no_list(extractor: Extractor) -> None:
    actors, places = gold(extractor, "The coordinator of the agency in Colombo, Davide Vignetti, "
                                     "told reporters that the exodus continued.")
    assert "Davide Vignetti" not in places and "Davide Vignetti" in actors


@pytest.mark.parametrize(("line", "after", "name"), [
    ("Matthew Millar, Department Spokesperson", "", "Matthew Millar"),
    ("MATTHEW MILLAR, DEPARTMENT SPOKESPERSON", "", "Matthew Millar"),
    ("John Kirbyson", "Spokesperson, Bureau of Public Affairs", "John Kirbyson"),
    ("Press Statement", "John Kirbyson", None),
    ("Civilians Flee Bor", "The fighting spread.", None),
])
def test_a_press_statement_signature_names_its_author(line: str, after: str,
                                                      name: str | None) -> None:
    assert signature_person(line, after) == name


def test_the_signature_author_is_an_actor(extractor: Extractor) -> None:
    body = ("The United States condemns the attack on the camp.\n\n"
            "Matthew Millar, Department Spokesperson")
    actors, _ = gold(extractor, body)
    assert actors.get("Matthew Millar") == "Person"


@pytest.mark.parametrize(("name", "types"), [
    ("Islamic State", ("Organisation",)),  # "State" is a title only in "Secretary of State"
    ("Secretary of State", ("Person",)),
    ("President of the Sovereign Council", ("Person",)),  # the head before "of" decides
    ("White House", ("GovernmentBody",)),
    ("Associated Press", ("Organisation",)),
    ("Human Rights Watch", ("Organisation",)),
    ("People’s Protection Units", ("Organisation",)),
    ("Oromo Liberation Army", ("ArmedGroup",)),
    ("Palestinian health officials", ("Collective",)),
])
def test_new_names_are_typed_by_their_words(name: str, types: tuple[str, ...]) -> None:
    assert guess_actor_types(name) == types


def test_a_middle_initial_stays_in_the_name(extractor: Extractor) -> None:
    actors, _ = gold(extractor, "Secretary of State Antony Q. Blinkley said the talks would go "
                                "on. Officials met Group B. The talks went on.")
    assert "Antony Q. Blinkley" in actors and "Antony Q" not in actors
    assert not any(name.endswith("The") for name in actors)  # "Group B. The talks": no initial


def test_a_place_by_what_is_said_of_it(extractor: Extractor) -> None:
    actors, places = gold(extractor, "Tchoma Bangari is located in the Tillari region, bordering "
                                     "Mali and Burkina Faso.")
    assert {"Tchoma Bangari", "Mali", "Burkina Faso"} <= set(places)
    assert not {"Tchoma Bangari", "Mali", "Burkina Faso"} & set(actors)


def test_unnamed_speakers_and_list_openers_name_nobody(extractor: Extractor) -> None:
    actors, _ = gold(extractor, "Locals say they are waiting. Authorities said five rockets were "
                                "fired. The force in the south, or UNIFOR, accused the army of "
                                "firing on its positions.")
    assert not {"Locals", "Authorities", "Or UNIFOR"} & set(actors)


def test_a_headline_word_the_body_writes_in_lower_case_is_no_name() -> None:
    from newskg.extract.names import headline_actors
    found = headline_actors("Funeral Held for Top Official Killed in Airstrike", Gazetteer(), [],
                            "The official was killed in an airstrike.")
    assert found == []
