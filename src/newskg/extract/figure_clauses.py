"""What happened to the people a number counts, read from the clause the number stands in: spaCy's
dependency parse of the sentences whose count the word patterns (figures.py) could only tie to a kind
word further away.

The patterns take the nearest kind word ("killed", "fled", "evacuated" ...) around a number. That is
right when the word belongs to the counted phrase ("12 people were killed", "left 40 civilians
wounded"); when it does not, the nearest word is often another clause's:

- "The army said 200 fighters had surrendered and 15 were killed": the 200 surrendered (the predicate
  of their own clause says nothing of harm), only the 15 were killed;
- "Some 500 troops arrived as 1,000 residents fled": the troops arrived, the residents fled;
- "90 people were missing after the boat capsized with 200 migrants on board": the 200 were on board.

The parse gives the counted phrase (the noun the number modifies, or the number itself: "killed 3 and
wounded 8") and its predicate (the verb whose subject or object it is, with its predicative
complement: "left 50 people dead", "remained missing"), or a relative clause on the counted noun
("soldiers who were wounded"). A kind word there, or elsewhere in that clause but not in a clause
under it ("forced to live as refugees", "were among the injured", "the dead include five
foreigners"), is the count's kind. A content verb without one means nothing the patterns know
happened to these people: the count is of its noun only (troops, or `other`). A copula or an
inclusion with no kind word in its clause ("that included 580,000 Sudanese") relates the count to
another phrase, so the parse does not decide and the patterns' kind stands, as it does for a count
the parse ties to no predicate. A count whose predicate is "live" is a population, no count (devset
rule 8: "1.5 million people live in Rafah").

Only counts whose kind word is not next to them are parsed (figures.py, `_kind_next_to`), one parse
per sentence, so most sentences with a count cost nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from newskg.extract.patterns import words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# (sentence text) -> its parse; the pipeline passes the pinned parser, tests may pass their own.
Parse = Callable[[str], "Doc"]
# (words) -> the kind the words they start with name ("killed", "fled", "forced from their homes"
# -> "displaced"), or None.
KindOfWords = Callable[[str], "str | None"]

# Roles of a counted phrase that make it a participant of its clause's predicate.
_ARGUMENTS = ("nsubj", "nsubjpass", "dobj")
# Complements that say what the predicate did to its object or subject ("left 50 people dead",
# "were reported missing", "remained unaccounted for", "were taken hostage").
_COMPLEMENTS = ("oprd", "acomp", "xcomp", "attr")
# Predicates that relate the count to another phrase ("were among the injured", "the dead include
# five foreigners") or say how it is known ("are feared", "were believed"), not what happened to it.
_RELATING = words("be is are was were been being include includes included including comprise "
                  "comprised comprises number numbered total totalled totaled totals reach "
                  "reached rise rose risen stand stood stands remain remained remains believed "
                  "feared thought reported said estimated presumed confirmed known")


# Predicates that make a count a population: "1.5 million people live in Rafah" (devset rule 8).
_LIVING = words("live lives living lived reside resides residing inhabit inhabits")
# How far a predicate's phrase is read for a kind of several words ("forced from their homes").
_PHRASE = 5


class CountedClause(NamedTuple):
    """The predicate of a counted phrase and the kind it names (None: no kind word there);
    ``lives``: the predicate says where the people live (a population, not a count)."""

    predicate: str
    kind: str | None
    lives: bool = False


def counted_clause(doc: Doc, offset: int, kind_of: KindOfWords) -> CountedClause | None:
    """The predicate of the count that starts at character ``offset`` of ``doc``, or None when the
    parse does not tie the count to a predicate that tells what happened (a copula, an inclusion,
    a number in a prepositional phrase). A relative clause on the counted noun tells it first
    ("twelve soldiers who were wounded in the ambush were flown to the capital")."""
    number = _token_at(doc, offset)
    if number is None or not number.like_num:
        return None
    while number.dep_ in ("compound", "quantmod", "nummod") and number.head.like_num \
            and number.head.i != number.i:
        number = number.head  # "5.6 million", "twenty - three"
    counted = number.head if number.dep_ == "nummod" else number
    while counted.dep_ in ("conj", "appos") and counted.head.i != counted.i:
        counted = counted.head  # "five civilians, four soldiers and 40 attackers were killed"
    for relative in counted.children:
        if relative.dep_ == "relcl" and (kind := _kind_of_predicate(doc, relative, kind_of)):
            return CountedClause(relative.lower_, kind)
    if counted.dep_ not in _ARGUMENTS:
        return None
    predicate = counted.head
    while predicate.dep_ in ("aux", "auxpass") and predicate.head.i != predicate.i:
        predicate = predicate.head  # "have become internally displaced": the parse's "become"
    if predicate.lower_ in _LIVING:
        return CountedClause(predicate.lower_, None, lives=True)
    kind = _kind_of_predicate(doc, predicate, kind_of)
    if kind is not None:
        return CountedClause(predicate.lower_, kind)
    for shared in predicate.children:  # "were ambushed and killed": a verb that shares the count
        if shared.dep_ == "conj" and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in shared.children) and \
                (kind := _kind_of_predicate(doc, shared, kind_of)) is not None:
            return CountedClause(shared.lower_, kind)
    complements = [c for c in predicate.children if c.dep_ in _COMPLEMENTS]
    if any(word.lower_ in _RELATING for word in (predicate, *complements)):
        return None
    return CountedClause(predicate.lower_, None)


def _kind_of_predicate(doc: Doc, predicate: Token, kind_of: KindOfWords) -> str | None:
    """The kind the predicate's words name, its adverbs included ("killed", "forced from their
    homes", "have already left"), else the first kind word of its own clause, the clauses under it
    left out ("left 50 people dead", "forced to live as refugees"; not the "killed" of "... had
    surrendered and 15 were killed")."""
    adverbs = [c.i for c in predicate.lefts if c.dep_ in ("advmod", "neg")]
    for start in range(min([predicate.i, *adverbs]), predicate.i + 1):
        kind = kind_of(doc[start:predicate.i + _PHRASE].text)
        if kind is not None:
            return kind
    for word in predicate.subtree:
        if word.i != predicate.i and word.is_alpha and not _in_clause_below(word, predicate):
            kind = kind_of(doc[word.i:word.i + _PHRASE].text)
            if kind is not None:
                return kind
    return None


def _in_clause_below(token: Token, top: Token) -> bool:
    """True when ``token`` sits in a clause of its own under ``top`` (a relative, a conjunct)."""
    while token.i != top.i and token.head.i != token.i:
        if token.dep_ in ("relcl", "ccomp", "advcl", "conj", "acl"):
            return True
        token = token.head
    return False


def _token_at(doc: Doc, offset: int) -> Token | None:
    for token in doc:
        if token.idx <= offset < token.idx + len(token.text):
            return token
        if token.idx > offset:
            return None
    return None
