"""Numbers that are not counts of people: dates, times, ordinals, addresses (data/devset/README.md
rule 8). Every sentence here is invented."""

from __future__ import annotations

import pytest

from newskg.extract.figures import figures_in
from newskg.extract.sentences import Sentence


def counts(text: str) -> list[tuple[str, int]]:
    return [(f.kind, f.value) for f in figures_in(Sentence(text, 0, len(text), 0), [])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Fighting erupted on April 15 between the army and the militia.", []),
    ("The bomb at 10 Harbour Road killed 3 people.", [("killed", 3)]),
    ("It was the 3rd raid in which 5 soldiers were killed at 14:30.", [("killed", 5)]),
    ("At 10 a.m. 40 residents were evacuated from the valley.", [("evacuated", 40)]),
])
def test_dates_times_ordinals_and_addresses_are_not_counts(
        text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an age told by its decade, and a doer described at length, count nobody
    ("A resident in her early 40s said the men were taken away.", []),
    ("Around 100 heavily armed gunmen riding motorcycles attacked the village.", []),
    # "half a dozen" is six
    ("More than half a dozen people were killed in the raid.", [("killed", 6)]),
    ("A half dozen women were wounded in the shelling.", [("wounded", 6)]),
    # a toll whose phrase holds an abbreviation, and a toll named after its count
    ("Officials say the death toll from an attack on a U.N. compound has risen to 58.",
     [("killed", 58)]),
    ("This brings to eight the death toll in the border clashes.", [("killed", 8)]),
    # "killed one person": the kind before "one", the person after it
    ("Officials said a strike killed one person and injured four others.",
     [("killed", 1), ("wounded", 4)]),
    # what happened to the people, in other words
    ("The army said its troops eliminated 10 terrorists and made eight arrests.",
     [("killed", 10), ("other", 8)]),
    ("Officials confirmed the killings of six civilians.", [("killed", 6)]),
    ("More than 100 soldiers were taken prisoner.", [("other", 100)]),
    # dead and wounded told together are casualties, neither kind alone
    ("Nine soldiers and one officer were killed or wounded during the fighting.",
     [("other", 9), ("other", 1)]),
])
def test_what_a_count_counts_in_news_wording(text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # half a million, written three ways
    ("Nearly a half-million people are internally displaced in the north.", [("displaced", 500000)]),
    ("Half a million people were displaced by the floods and fighting.", [("displaced", 500000)]),
    # defenders are a force's count
    ("About 20,000 Kurdish defenders are making a final stand in the town.", [("troops", 20000)]),
    # people an attack puts at risk are no dead (devset rule 486)
    ("These attacks threaten the lives of the residents, including more than 70,000 citizens.",
     []),
])
def test_half_a_million_defenders_and_lives_at_risk(
        text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected
