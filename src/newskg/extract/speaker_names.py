"""Names inside speaker phrases: the proper name of a described person ("UNHCR head Filippo
Grandi"), a name given after a description ("the ministry's spokesperson, Anna Keller"), and the
name after a title ("former Ghanaian President Kwame Boateng")."""

from __future__ import annotations

import functools
import re

from newskg.extract.patterns import words
from newskg.extract.patterns.places import COUNTRIES
from newskg.extract.patterns.speakers import (
    ARMED_HEADS,
    GOVERNMENT_HEADS,
    ORGANISATION_HEADS,
    PERSON_NOUNS,
    PRONOUNS,
    TITLES,
)

_PREPOSITIONS = words("in of at from for on with near by to")
_POSSESSIVE = re.compile(r"['’]s$")
# Lower-case parts of names: "Abdel Fattah al-Burhan", "Osama bin Laden", "Ursula von der Leyen".
_PARTICLE = re.compile(r"^(?:al|el|bin|ibn|de|van|von|der|da|la|le|du|di)$")
# Nouns that say what kind of body a name is ("the rights group Amnesty International").
_KIND_NOUNS = words("charity group agency organisation organization movement militia party alliance "
                    "coalition broadcaster newspaper channel outlet network firm company bloc "
                    "watchdog monitor")
_ORG_HEADS = GOVERNMENT_HEADS | ORGANISATION_HEADS | ARMED_HEADS | words("headquarters staff")


def looks_like_name(segment: str) -> bool:
    """A name, maybe after a description: "Turkey", "RSF commander Mohamed Hamdan Dagalo"."""
    words = segment.split()
    return 0 < len(words) <= 7 and words[-1][:1].isupper() and (
        all(w[:1].isupper() for w in words) or len(words) >= 2 and words[-2][:1].isupper())


@functools.lru_cache(maxsize=4096)  # speaker phrases recur ("the ministry said")
def display_name(phrase: str) -> tuple[str, str | None]:
    """(name, role): the trailing proper name of a described person, else the phrase itself."""
    tokens = phrase.split()
    i = len(tokens)
    while i > 0 and (tokens[i - 1][:1].isupper() or (
            _PARTICLE.match(tokens[i - 1]) and i < len(tokens) or tokens[i - 1].startswith("al-"))):
        i -= 1
    run = tokens[i:]
    if run and tokens[-1].lower() in _ORG_HEADS:  # "Russia's Defense Ministry" stays whole
        return phrase, None
    if i > 0 and tokens[i - 1] == "state":  # "Egyptian state TV": an adjective, not a title
        return phrase, None
    titled = any(t.lower().strip(".") in TITLES for t in tokens[:i])
    if not run or (i > 0 and tokens[i - 1].lower() in _PREPOSITIONS and not titled):
        return phrase, None
    while len(run) > 1 and (_is_title(run[0]) or _POSSESSIVE.search(run[0])
                            or (len(run) > 2 and _is_title(run[1]))):
        run = run[1:]  # ("Col. Santo Domic Chlo", "Lt. Col. Peter Lerner": the name)
    if i > 0 and tokens[i - 1].lower() in _PREPOSITIONS:  # "Secretary of State Antony Blinken"
        if len(run) < 2:
            return phrase, None
        if len(run) >= 3 and run[0] in _COUNTRY_NAMES:  # "envoy for Yemen Martin Griffiths"
            run = run[1:]
        return " ".join(run), " ".join(tokens[:len(tokens) - len(run)])
    if i == 0 and len(run) == len(tokens):
        last = max((k for k, t in enumerate(run) if _is_title(t)), default=-1)
        if last >= 0 and len(run) - last - 1 >= 2:  # "South Sudan Information Minister Michael
            return " ".join(run[last + 1:]), " ".join(run[:last + 1])  # Makuei": the person
        return phrase, None
    if i > 0 and tokens[i - 1].lower() in _KIND_NOUNS and len(run) >= 1:
        return " ".join(run), " ".join(tokens[:i])  # "medical charity Médecins Sans Frontières"
    if i > 0 and not (tokens[i - 1].lower() in PERSON_NOUNS or tokens[i - 1].lower() in TITLES):
        return phrase, None
    role = " ".join(tokens[:len(tokens) - len(run)]) or None
    return " ".join(run), role


def _is_title(token: str) -> bool:
    """A title, written out or abbreviated ("President", "Col.", "Gen.", "Lt.")."""
    lowered = token.lower()
    return lowered.strip(".") in TITLES or lowered in TITLES or f"{lowered}." in TITLES


# One-word country names: the place an envoy or a minister is "for", before the person's name.
_COUNTRY_NAMES = frozenset(c for c in COUNTRIES if " " not in c)
_PROPER_NAME = re.compile(r"^(?:(?:[A-Z][a-z]{1,4}\.?)\s+)?[A-Z][\w’'-]+(?:\s+(?:(?:al|el|bin|de|van|"
                          r"von)[\s-])?[A-Z][\w’'-]+){1,3}$")


_SPOKESMAN_FOR = re.compile(r"^((?:an?|the)\s+[a-z]+\s+(?:for|of|at))\s+\S.*$", re.IGNORECASE)
_ACRONYM_ONLY = re.compile(r"[A-Z][A-Z0-9-]{1,9}")


def name_over_description(phrase: str, role: str | None) -> tuple[str, str | None]:
    """"The ministry's spokesperson, Anna Keller," names Anna Keller (the description is her
    role); a name followed by a description is left as it is."""
    if not role:
        return phrase, role
    name = role.split(",")[0].strip()
    spokesman = _SPOKESMAN_FOR.match(phrase)
    if spokesman and _ACRONYM_ONLY.fullmatch(name):  # "A spokesman for the UN mission, MONUSCO,"
        return f"{spokesman.group(1)} {name}", phrase
    if not _PROPER_NAME.match(name):
        name = titled_name(name) or name  # "former Nigerian President Olusegun Obasanjo"
    if _PROPER_NAME.match(name) and not looks_like_name(phrase) and \
            phrase.split()[0].lower() not in PRONOUNS:
        return name, phrase
    return phrase, role


def titled_name(phrase: str) -> str | None:
    """The name after the last title of a description ("former Nigerian President Olusegun
    Obasanjo" -> "Olusegun Obasanjo"), when two to four capitalised words follow it."""
    tokens = phrase.split()
    titles = [i for i, t in enumerate(tokens) if t.lower().strip(".") in TITLES]
    if not titles:
        return None
    rest = tokens[titles[-1] + 1:]
    ok = 2 <= len(rest) <= 4 and all(t[:1].isupper() or _PARTICLE.match(t) for t in rest)
    return " ".join(rest) if ok else None
