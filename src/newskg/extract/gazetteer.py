"""Known actors and territories by name and alias (data/entities.yaml, Wikidata labels), and type
guesses for names that are not known yet.

A phrase is looked up after normalising case, apostrophes and a leading "the"; a phrase that ends with
a known name ("Nagorno-Karabakh separatist official Gegham Stepanyan") resolves to it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newskg.extract.descriptions import role_description
from newskg.extract.patterns import words
from newskg.extract.patterns.places import (
    CITY_WORDS,
    COUNTRIES,
    DEMONYMS,
    MACRO_REGIONS,
    REGION_WORDS,
)
from newskg.extract.patterns.speakers import (
    ARMED_HEADS,
    COLLECTIVE_HEADS,
    GOVERNMENT_HEADS,
    ORGANISATION_HEADS,
    PERSON_NOUNS,
    TITLES,
)
from newskg.extract.places import world
from newskg.project.entities import TERRITORY_TYPES, Entity, Typed
from newskg.words import content_words

_DETERMINER = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
_KEY_JUNK = re.compile(r"[^a-z0-9]+")


# Role nouns that describe the same office ("the Armenian leader" is its prime minister).
ROLE_KINDS = {"leader": ("leader", "president", "prime minister", "premier", "head of state",
                         "chancellor"),
              "president": ("president", "head of state"),
              "premier": ("premier", "prime minister"),
              "prime minister": ("prime minister", "premier")}


@functools.lru_cache(maxsize=16384)
def normalise(phrase: str) -> str:
    """Lower case, straight apostrophes, single spaces, no leading article."""
    text = " ".join(phrase.replace("’", "'").replace("‘", "'").split()).lower()
    return _DETERMINER.sub("", text).strip(" ,.;:")


_KIND_WORDS = REGION_WORDS | CITY_WORDS | {"state"}


@functools.lru_cache(maxsize=16384)
def _name_words(name: str) -> tuple[str, ...]:
    """A name's normalised words (never empty: a blank name gives ("",))."""
    return tuple(normalise(name).split()) or ("",)


def slug(phrase: str) -> str:
    """A key for a new entity: ``^[a-z0-9][a-z0-9-]*$``."""
    text = phrase.replace("’", "").replace("'", "").lower()
    return _KEY_JUNK.sub("-", text).strip("-")[:60].strip("-") or "unnamed"


@dataclass(frozen=True)
class Known(Typed):
    """An entity the gazetteer resolved a phrase to (``known`` False: a proposed new entity)."""

    key: str
    name: str
    types: tuple[str, ...]
    known: bool = True

    @property
    def is_person(self) -> bool:
        return "Person" in self.types



@dataclass
class Gazetteer:
    """Names and aliases → entities, plus the proposals made while drafting one article."""

    by_name: dict[str, Known] = field(default_factory=dict)
    places: dict[str, Known] = field(default_factory=dict)  # territories only ("Moscow" the city)
    proposed: dict[str, Known] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    about: dict[str, str] = field(default_factory=dict)  # person key -> description and aliases
    seen: list[Known] = field(default_factory=list)  # actors named so far in the article
    armed: frozenset[str] = frozenset()  # names the article calls armed groups (normalised)
    # A generic alias ("riot police", "peacekeepers") -> the proper words of its entity's names
    # and description ("Yerevan", "Armenian"): an article names the entity by it only when it
    # holds one of them (a Haiti story's "police" is no Yerevan unit).
    anchors: dict[str, frozenset[str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()  # this article's generic aliases without an anchor

    @classmethod
    def from_entities(cls, entities: dict[str, Entity],
                      labels: dict[str, str] | None = None) -> Gazetteer:
        """``labels``: extra names (e.g. Wikidata labels) → entity key."""
        gaz = cls()
        for e in entities.values():
            known = Known(e.key, e.name, e.types)
            gaz.keys.add(e.key)
            if known.is_person:
                gaz.about[e.key] = " ".join([e.description or "", *e.aliases]).lower()
            for name in (e.name, *e.aliases):
                gaz.by_name.setdefault(normalise(name), known)
            generic = [a for a in e.aliases if a == a.lower()]
            if generic:
                anchors = _proper_words(e.name, e.description or "", *e.aliases)
                for alias in generic:
                    if gaz.by_name[normalise(alias)] is known and anchors:
                        gaz.anchors.setdefault(normalise(alias), anchors)
        for e in entities.values():  # a place's own name before another's alias
            if TERRITORY_TYPES.intersection(e.types):  # not another entity's alias ("Moscow")
                gaz.places.setdefault(normalise(e.name), Known(e.key, e.name, e.types))
        for e in entities.values():
            if TERRITORY_TYPES.intersection(e.types):
                for alias in e.aliases:
                    gaz.places.setdefault(normalise(alias), Known(e.key, e.name, e.types))
        for label, key in (labels or {}).items():
            if key in entities:
                gaz.by_name.setdefault(normalise(label), gaz.by_name[normalise(entities[key].name)])
        return gaz

    def for_article(self, text: str, armed: frozenset[str]) -> Gazetteer:
        """A fresh copy for drafting one article: no proposals yet, and the generic aliases
        whose entity the text gives no anchor for left out."""
        present = frozenset(_WORD.findall(text))
        hidden = frozenset(a for a, words in self.anchors.items() if not words & present)
        by_name = {k: v for k, v in self.by_name.items() if k not in hidden} if hidden \
            else dict(self.by_name)
        return Gazetteer(by_name, self.places, {}, self.keys, self.about, armed=armed,
                         anchors=self.anchors, hidden=hidden)

    def names(self) -> list[str]:
        return list(self.by_name)

    def lookup(self, phrase: str) -> Known | None:
        """The entity ``phrase`` names, exactly or as its last words; None when unknown."""
        norm = normalise(phrase)
        if norm in self.by_name:
            return self.by_name[norm]
        norm = re.sub(r"'s$", "", norm)
        if norm in self.by_name:
            return self.by_name[norm]
        words = norm.split()
        for i in range(1, len(words)):
            tail = " ".join(words[i:])
            hit = self.by_name.get(tail)
            if hit is not None and (hit.is_person or len(words) - i >= 2):
                return hit
        return None

    def described(self, country: str, role: str, recent: Iterable[Known]) -> Known | None:
        """The person "the <nationality> <role>" describes ("the Armenian leader"): among the
        persons named in the article so far (latest first), then all known persons, the one whose
        description or aliases name the country (or its nationality) and a role of that kind
        ("leader" covers president, prime minister, premier); None when none or several fit."""
        roles = ROLE_KINDS.get(role, (role,))
        nation = {country.lower(), *(d.lower() for d in _DEMONYMS_OF.get(country, ()))}

        def fits(key: str) -> bool:
            text = self.about.get(key, "")
            return any(re.search(rf"\b{re.escape(n)}\b", text) for n in nation) and \
                any(re.search(rf"\b{re.escape(r)}\b", text) for r in roles)

        for known in recent:
            if known.is_person and fits(known.key):
                return known
        found = [k for k in self.about if fits(k)]
        return self._by_key(found[0]) if len(found) == 1 else None

    def similar(self, name: str, types: tuple[str, ...]) -> Known | None:
        """The one known actor of the same family (person, state, armed group, collective, body)
        a description shares two content words or more with, at least two thirds of its own
        ("Separatist Armenian forces" ~ "separatist Armenian fighters"); None when unsure."""
        mine = content_words(name)
        if len(mine) < 2:
            return None
        family = _family(types)
        best: dict[str, tuple[float, Known]] = {}
        for form, known in self.by_name.items():
            if not known.is_actor or _family(known.types) != family:
                continue
            theirs = _form_words(form)
            shared = len(mine & theirs)
            if shared >= 2 and shared * 3 >= 2 * len(mine):
                share = shared / len(mine | theirs)
                if share > best.get(known.key, (0.0, known))[0]:
                    best[known.key] = (share, known)
        ranked = sorted(best.values(), key=lambda b: -b[0])
        if len(ranked) == 1 or (len(ranked) > 1 and ranked[0][0] > ranked[1][0]):
            return ranked[0][1]
        return None

    def _by_key(self, key: str) -> Known | None:
        return next((k for k in self.by_name.values() if k.key == key), None)

    def _by_surname(self, phrase: str) -> Known | None:
        """The one person of the article so far whose last name ``phrase`` is (one word)."""
        word = phrase.strip()
        if " " in word or not word[:1].isupper():
            return None
        found = {k.key: k for k in (*self.seen, *self.proposed.values())
                 if k.is_person and _FULL_NAME.fullmatch(k.name) and k.name.split()[-1] == word}
        return next(iter(found.values())) if len(found) == 1 else None

    def _by_tail(self, phrase: str) -> Known | None:
        """The one body of the article so far whose name ends with ``phrase`` (two words or more,
        capitalised): the short form of a name given in full before."""
        words = _name_words(_display_name(phrase))
        if len(words) < 2 or not _display_name(phrase)[:1].isupper():
            return None
        found = {k.key: k for k in (*self.seen, *self.proposed.values())
                 if (name := _name_words(k.name))[-1] == words[-1] and len(name) > len(words)
                 and name[-len(words):] == words and k.is_actor and not k.is_person}
        return next(iter(found.values())) if len(found) == 1 else None

    def _place_twin(self, name: str) -> Known | None:
        """The place proposed for this article under the same name with or without its kind
        ("Oromia" and "Oromia region", "Oromia state"): one place told two ways (Gaza City is
        not Gaza)."""
        if name.endswith(" City"):
            return None
        words = _name_words(name)
        base = words[:-1] if len(words) >= 2 and words[-1] in _KIND_WORDS else words
        for known in self.proposed.values():
            theirs = _name_words(known.name)
            if known.is_territory and theirs != words and not known.name.endswith(" City") and (
                    theirs == base or (theirs[:-1] == base and theirs[-1] in _KIND_WORDS)):
                return known
        return None

    def lookup_place(self, phrase: str) -> Known | None:
        """The territory ``phrase`` names ("Moscow" the city, not Russia's government)."""
        return self.places.get(normalise(phrase))

    def resolve(self, phrase: str, *, territory: bool = False,
                types: tuple[str, ...] | None = None) -> Known:
        """A known entity, or a proposed new one with a type guess, or ``types`` when the caller
        knows them (remembered for the article)."""
        hit = self.lookup(phrase)
        if hit is not None and (hit.is_territory if territory else hit.is_actor):
            return hit
        role = None if territory else role_description(phrase)
        person = self.described(*role, reversed(self.seen)) if role else None
        if person is not None:  # "the Armenian leader" after "Nikol Pashinyan"
            return person
        if not territory and hit is None:
            earlier = self._by_surname(phrase) or self._by_tail(phrase)
            if earlier is not None:  # "Santos wrote" after "Juan Manuel Santos"; "the Red Cross"
                return earlier       # after "the International Committee of the Red Cross"
        name = _display_name(phrase)
        twin = self._place_twin(name) if territory and hit is None else None
        if twin is not None:  # "Oromia region" after "in Oromia": one place, of the kind it
            kind = types or guess_territory_types(name)  # is told to be
            if _name_words(name)[-1] in _KIND_WORDS and kind != twin.types:
                twin = self.proposed[twin.key] = Known(twin.key, twin.name, kind, known=False)
            return twin
        if not territory and hit is None:
            twin_body = self._national_twin(name) or self._people_twin(name)
            if twin_body is not None:  # "Israel's military" after "the Israeli military": one body
                return twin_body       # ("the Ukrainian people" after "Ukrainians": one people)
        key = slug(name)
        if hit is not None:  # known name of the wrong kind (e.g. a city used as an actor)
            key = f"{hit.key}-{'place' if territory else 'actor'}"
        if key in self.keys:
            key = f"{key}-new"
        if types is None and not territory and normalise(name) in self.armed:
            types = ("ArmedGroup",)  # "the militant group al-Shabab", "Taliban fighters"
        if types is None:
            types = guess_territory_types(name) if territory else guess_actor_types(name)
        existing = self.proposed.get(key)
        if existing is not None:
            if territory and not existing.is_territory or not territory and not existing.is_actor:
                merged = tuple(dict.fromkeys(existing.types + types))
                existing = Known(key, existing.name, merged, known=False)
                self.proposed[key] = existing
            return existing
        new = Known(key, name, types, known=False)
        self.proposed[key] = new
        return new

    def _national_twin(self, name: str) -> Known | None:
        """The body proposed under the other form of a nation's body: "Israel's military" and
        "Israeli military" (a possessive country or its nationality adjective before the same
        head)."""
        m = _NATIONAL_FORM.match(name)
        if m is None:
            return None
        owner, body = m.group(1), m.group(2)
        if owner in DEMONYMS:
            others = [f"{DEMONYMS[owner]}'s {body}", f"{DEMONYMS[owner]}’s {body}"]
        else:
            country = re.sub(r"['’]s$", "", owner)
            others = [f"{d} {body}" for d in _DEMONYMS_OF.get(country, ())]
        return self._proposed_actor(others)

    def _people_twin(self, name: str) -> Known | None:
        """The people proposed under its other name: "the Ukrainian people" and "Ukrainians" (a
        nationality adjective before "people", or its plural)."""
        name = name.strip()
        m = _PEOPLE_FORM.fullmatch(name)
        if m is not None and m.group(1) in DEMONYMS:
            return self._proposed_actor([m.group(1) + "s", m.group(1)])
        if name.endswith("s") and name[:-1] in DEMONYMS:
            return self._proposed_actor([f"{name[:-1]} people"])
        return None

    def _proposed_actor(self, names: list[str]) -> Known | None:
        """The first actor proposed in this article under one of ``names``."""
        for other in names:
            twin = self.proposed.get(slug(other))
            if twin is not None and twin.is_actor:
                return twin
        return None


_PEOPLE_FORM = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w-]*)\s+people")
# A nation's body named by its country ("Israel's military") or its adjective ("Israeli military").
_NATIONAL_FORM = re.compile(r"^([A-Z][\w-]*(?:['’]s)?) ((?:military|army|navy|air force|government|"
                            r"police|security forces|armed forces|defen[cs]e ministry|"
                            r"foreign ministry|interior ministry))$")
_DEMONYMS_OF: dict[str, tuple[str, ...]] = {}
for _demonym, _country in DEMONYMS.items():
    _DEMONYMS_OF[_country] = (*_DEMONYMS_OF.get(_country, ()), _demonym)


@functools.lru_cache(maxsize=64)
def _family(types: tuple[str, ...]) -> str:
    return next((f for f in ("Person", "State", "ArmedGroup", "Collective") if f in types), "body")


@functools.lru_cache(maxsize=16384)
def _form_words(form: str) -> frozenset[str]:
    return content_words(form)


_WORD = re.compile(r"[A-Z][\w'’-]{2,}")


def _proper_words(*phrases: str) -> frozenset[str]:
    """The capitalised words of ``phrases`` that are names: not a phrase's first word, unless a
    nationality ("Armenian riot police ..." gives Armenian; "Riot police in Yerevan" Yerevan)."""
    found: set[str] = set()
    for phrase in phrases:
        for m in _WORD.finditer(phrase):
            word = re.sub(r"['’]s$", "", m.group(0))
            if (m.start() > 0 or word in DEMONYMS) and word.lower() not in _NOT_ANCHORS and \
                    word.lower() not in ORGANISATION_WORDS:
                found.add(word)
    return frozenset(found)


# Capitalised words any story may hold: months, days, and the heads of bodies ("Army", "Ministry").
_NOT_ANCHORS = words(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday army defence defense forces force "
    "ministry republic council government committee union national state states the")


@functools.lru_cache(maxsize=16384)  # asked again for every name of every sentence
def _display_name(phrase: str) -> str:
    text = " ".join(phrase.split()).strip(" ,.;:")
    if re.match(r"^(?:the|The)\s+[A-Z]", text):  # "The RSF" is the RSF
        text = text[4:]
    return text[0].upper() + text[1:] if text[:1].islower() and _DETERMINER.match(text) is None \
        else text


# A person's full name: two to four capitalised words, particles between ("Juan Manuel Santos").
_FULL_NAME = re.compile(r"[A-Z][\w'’.-]+(?:\s+(?:(?:al|el|bin|de|van|von|da|dos)\s+)?[A-Z][\w'’.-]+){1,3}")


def _last_word(name: str) -> str:
    words = normalise(name).split()
    return words[-1] if words else ""


@functools.lru_cache(maxsize=4096)  # names recur in an article and across articles
def guess_actor_types(name: str) -> tuple[str, ...]:
    """State for a country name, else from the head noun; Person for titled or two-word names."""
    if name in COUNTRIES or normalise(name).title() in COUNTRIES or world().country(name):
        return ("State", "Country")
    norm = normalise(name)
    head = _last_word(re.split(r"\s+(?:of|for)\s+", name)[0])  # "Sovereign Council of Sudan"
    words = set(norm.split())
    if head in GOVERNMENT_HEADS or words & {"ministry", "government", "authorities"}:
        return ("GovernmentBody",)
    if head in ARMED_HEADS:
        return ("ArmedGroup",)
    if head in ORGANISATION_HEADS or "peacekeepers" in words:
        return ("PeacekeepingForce",) if "peacekeep" in norm else ("Organisation",)
    if head in COLLECTIVE_HEADS or (head.endswith("s") and head[:-1] in PERSON_NOUNS) or \
            head in ("officials", "sources", "witnesses", "agencies", "monitors", "diplomats"):
        return ("Collective",)
    if head in PERSON_NOUNS or head in TITLES - {"state"}:
        return ("Person",)  # "President of the Sovereign Council", "Head of the Union"
    if words & ORGANISATION_WORDS or re.search(r"\w+s'(?:\s|$)|-led\b", norm):
        return ("Organisation",)  # "Doctors' Syndicate", "the Saudi-led coalition"
    if head in PERSON_NOUNS or words & TITLES - {"state"} or "of state" in norm:
        return ("Person",)  # "Secretary of State" (but "Islamic State" is no title)
    caps = [w for w in name.split() if w[:1].isupper()]
    if len(caps) >= 2 and len(caps) == len(name.split()) and not set(caps) & set(DEMONYMS):
        return ("Person",)
    if len(name.split()) == 1 and name[:1].isupper():
        return ("Organisation",)
    return ("Collective",) if head.endswith("s") else ("Person",)


# Words that make a name an organisation wherever they stand in it ("Red Crescent Society").
ORGANISATION_WORDS = frozenset(["syndicate", "association", "federation", "alliance", "coalition", "league", "network", "institute", "foundation", "society", "front", "congress", "union", "trust", "charity", "programme", "program", "mission", "committee", "agency", "organisation", "organization", "movement", "party", "fund", "bank", "court", "commission", "crescent", "cross", "press", "watch", "units", "islamic", "liberation", "democratic", "revolutionary"])


@functools.lru_cache(maxsize=4096)
def guess_territory_types(name: str) -> tuple[str, ...]:
    if name in COUNTRIES or world().country(name):
        return ("Country",)
    if name in MACRO_REGIONS:
        return ("Region",)
    if len(name.split()) == 1 or world().is_city(name):  # most often a town or city ("Doha")
        return ("City",)
    head = _last_word(name)
    if head in CITY_WORDS:
        return ("City",)
    if head in REGION_WORDS:
        return ("Region",)
    return ("Territory",)


def load_gazetteer(data_dir: Path | None) -> Gazetteer:
    """The gazetteer of ``data_dir`` (entities.yaml and verified Wikidata labels); empty without one."""
    if data_dir is None or not (data_dir / "entities.yaml").is_file():
        return Gazetteer()
    from newskg.project.entities import Verified, load_entities, load_verified

    verified_path = data_dir / "wikidata" / "verified.tsv"
    verified = load_verified(verified_path) if verified_path.is_file() else Verified()
    entities = load_entities(data_dir / "entities.yaml", verified)
    labels = {verified[e.wikidata]: e.key for e in entities.values()
              if e.wikidata and e.wikidata in verified}
    return Gazetteer.from_entities(entities, labels)
