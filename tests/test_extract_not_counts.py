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
