"""Who an agreement binds (devset rule 13), and who only speaks of it or mediates it (issue 13,
branch s22fig). Every sentence here is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newskg.extract.article import parse_article
from newskg.extract.draft import to_gold
from newskg.extract.gazetteer import Gazetteer
from newskg.extract.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Gazetteer(), parse=False)


def agreement(extractor: Extractor, body: str) -> tuple[list[str], list[str], list[str]]:
    """(parties, mediators, actors) of the article's agreement (its gold shape leaves out an
    agreement without parties, so the extraction is read here)."""
    text = f"News\nsource: https://example.org/a\npublished: 2024-05-02\n\n{body}\n"
    x = extractor.extract(parse_article(text.encode(), Path("a.txt"), published=dt.date(2024, 5, 2)))
    first = x.agreements[0]
    actors = [str(a["name"]) for a in to_gold(x, "a")["actors"]]  # type: ignore[union-attr]
    return [p.name for p in first.parties], [m.name for m in first.mediators], actors


def test_who_welcomes_or_warns_is_no_party(extractor: Extractor) -> None:
    parties, _, _ = agreement(extractor, "The United States welcomes the ceasefire agreed on "
                                         "Saturday. Fighting could force thousands to flee, the "
                                         "United Nations warned, despite the truce.")
    assert "United States" not in parties and "United Nations" not in parties


def test_the_announcer_is_no_party(extractor: Extractor) -> None:
    parties, _, _ = agreement(extractor, "Norway welcomed the announcement by the Arab League of "
                                         "an extension of the truce.")
    assert parties == []


def test_a_role_in_mediating_makes_a_mediator(extractor: Extractor) -> None:
    body = ("Fighting stopped after the ceasefire agreement of Friday. Norway commends Egypt’s "
            "crucial role in mediating the ceasefire agreement. Oman also played a central role "
            "in securing the truce.")
    parties, mediators, _ = agreement(extractor, body)
    assert {"Egypt", "Oman"} <= set(mediators) and not {"Egypt", "Oman"} & set(parties)


def test_a_person_is_no_side_unless_the_sentence_says_who_agreed(extractor: Extractor) -> None:
    parties, _, _ = agreement(extractor, "Secretary Jane Porter spoke about the truce in the "
                                         "north, which took effect on Friday.")
    assert "Jane Porter" not in parties


@pytest.mark.parametrize(("body", "sides"), [
    (("Fighting between two military factions went on despite an extension of the cease-fire. "
      "The two sides accuse each other of violations."), "two military factions"),
    ("The envoy spoke for all the parties to the conflict about the truce.",
     "parties to the conflict"),
])
def test_sides_described_are_the_parties(extractor: Extractor, body: str, sides: str) -> None:
    parties, _, actors = agreement(extractor, body)
    assert [p.lower() for p in parties] == [sides]
    assert [a.lower() for a in actors if "side" in a.lower() or "part" in a.lower()
            or "faction" in a.lower()] == [sides]  # "The two sides" is the same sides


def test_a_helper_is_no_party(extractor: Extractor) -> None:
    parties, _, _ = agreement(extractor, "Norway commends the ceasefire agreed on Friday. We also "
                                         "recognize Qatar’s robust efforts to end the truce talks "
                                         "quickly.")
    assert not {"Norway", "Qatar"} & set(parties)


def test_places_stand_in_when_no_side_is_named(extractor: Extractor) -> None:
    parties, _, _ = agreement(extractor, "Norway welcomes the agreement today for a ceasefire to "
                                         "end the hostilities in Israel and Gaza.")
    assert parties == ["Israel", "Gaza"]


def test_sides_announcing_their_deal_together_are_its_parties(extractor: Extractor) -> None:
    parties, _, _ = agreement(extractor, "A day after the offensive began in the hills, Norland and "
                                         "the rebel authorities in Kamar announced a ceasefire deal.")
    assert len(parties) == 2 and "Norland" in parties


@pytest.mark.parametrize("body", [
    ("On Monday, the envoy said the two sides had agreed to negotiate a stable and reliable "
     "ceasefire."),
    "The sides committed in a declaration to work towards a short-term ceasefire.",
])
def test_a_ceasefire_still_to_be_negotiated_is_no_agreement(extractor: Extractor,
                                                            body: str) -> None:
    text = f"Title\n\n{body}\n"
    x = extractor.extract(parse_article(text.encode(), Path("x.txt"),
                                        published=dt.date(2023, 5, 2)))
    assert x.agreements == []
