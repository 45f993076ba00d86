"""Counts of people: number words, qualifiers, what is counted and what happened to them."""

from __future__ import annotations

from typing import NamedTuple

from newskg.extract.patterns import words

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12, "a thousand": 1_000,
    "a million": 1_000_000,  # devset rule 46
    "half a dozen": 6, "a half dozen": 6,  # "more than half a dozen people were killed"
    "half a million": 500_000, "a half-million": 500_000, "a half million": 500_000,
    "a quarter-million": 250_000, "a quarter million": 250_000,
}
# "two hundred", "two-hundred": 200 ("a hundred" alone is a number word)
SCALES = {"hundred thousand": 100_000, "hundred million": 100_000_000, "hundred": 100,
          "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Qualifier words before a number -> the facts format's qualifier.
QUALIFIERS = {
    "at least": "at least", "more than": "more than", "over": "over", "upwards of": "more than",
    "in excess of": "more than", "about": "about", "around": "about", "roughly": "about",
    "some": "about", "approximately": "about", "nearly": "about", "almost": "about",
    "an estimated": "about", "estimated": "about", "up to": "at most", "as many as": "at most",
    "at most": "at most", "fewer than": "less than", "less than": "less than", "under": "less than",
}

# Nouns that make a number a count of people ("200 civilians").
PEOPLE_NOUNS = words(
    "people persons civilians residents hostages captives prisoners detainees soldiers troops "
    "servicemen fighters defenders militants rebels children women men patients refugees migrants "
    "villagers fishermen sailors crew casualties victims bodies dead wounded injured peacekeepers police officers "
    "policemen personnel workers students journalists protesters demonstrators families "
    "inhabitants armenians palestinians israelis ukrainians russians citizens others individuals "
    "seafarers crewmen crewmembers pilgrims miners asylum-seekers infants babies "
    "minors adults elderly members staff employees guards militiamen gunmen "
    "combatants recruits conscripts reservists volunteers medics doctors nurses teachers "
    "worshippers passengers tourists foreigners nationals settlers herders farmers attackers "
    "assailants insurgents jihadists hostages survivors suspects loyalists supporters lives "
    "terrorists kidnappers hostage-takers captors guerrillas separatists extremists bombers")


class KindCue(NamedTuple):
    kind: str
    words: tuple[str, ...]
    example: str
    value: int


# Words near a count that say what happened to the people counted. Earlier entries win when several
# occur; "troops" is also given by the counted noun itself (see TROOP_NOUNS).
KIND_CUES: tuple[KindCue, ...] = (
    # Dead and wounded told together are casualties, neither kind alone (first: it must win over
    # "killed" at the same place).
    KindCue("other", ("killed or wounded", "killed or injured", "dead or wounded", "dead or injured"),
            "Nine soldiers were killed or wounded in the ambush.", 9),
    KindCue("killed", ("killed", "killing", "killings", "murdered", "eliminated", "dead", "died", "die", "deaths", "death toll",
                       "massacre of",
                       "lost their lives", "bodies", "executed", "massacred", "perished",
                       "drowned", "slain", "shot dead", "fatalities", "claimed the lives of",
                       "lives were lost", "took the lives of", "taken the lives of", "lives"),
            "At least 45 people were killed in the strike, the ministry said.", 45),
    KindCue("wounded", ("wounded", "injured", "injuring", "wounding", "hurt", "injuries", "injury",
                        "hospitalised", "hospitalized", "treated for injuries", "treated for",
                        "critical condition", "serious condition"),
            "The shelling left 120 civilians wounded.", 120),
    KindCue("missing", ("missing", "unaccounted for", "disappeared"),
            "More than 30 fishermen remain missing after the storm.", 30),
    KindCue("evacuated", ("evacuated", "evacuation", "transported", "transferred", "airlifted",
                          "rescued", "taken to hospital", "taken to hospitals", "bused",
                          "pulled from the rubble", "plucked from", "evacuate",
                          "rescue operation", "rescue mission"),
            "Over 2,500 residents have been evacuated from the border villages.", 2500),
    KindCue("displaced", ("displaced", "displacement", "fled", "flee", "fleeing", "forced from their homes",
                          "homeless", "refugees", "uprooted", "crossed into", "crossed the border",
                          "sought refuge", "sought shelter", "driven from their homes",
                          "forced to leave", "already left", "left the country",
                          "left their homes", "from their homes", "leave their homes",
                          "leaving their homes"),
            "About 90,000 people fled the region within a week.", 90000),
    KindCue("other", ("hostages", "held captive", "detained", "arrested", "prisoners", "captives",
                      "taken prisoner", "taken captive", "arrests",
                      "freed", "released", "release", "returned", "exchanged", "swapped", "swap",
                      "captivity", "held by", "abducted", "kidnapped", "jailed", "in custody"),
            "The group still holds 240 hostages, officials said.", 240),
    KindCue("other", ("dependent on", "depend on", "in need of", "acute hunger", "face hunger",
                      "facing hunger", "food aid", "famine"),
            "About 400,000 residents of the valley remain dependent on food aid.", 400000),
)
TROOP_NOUNS = words("troops soldiers servicemen peacekeepers fighters defenders personnel forces "
                    "marines paratroopers police policemen militiamen combatants rebels militants "
                    "gunmen reservists conscripts recruits guards officers")
# Capitalised plural nouns of nationality count people ("19 Filipinos, two Greeks").
DEMONYM_ENDINGS = ("ans", "ese", "is", "os", "ks", "ns", "ts", "ch", "ds", "es")
# Words before a number that make it a label, not a count ("Resolution 2735", "Flight 17").
LABEL_BEFORE = words("aged resolution no no. number article chapter flight route highway road "
                     "brigade battalion division regiment unit room gate platform bus line "
                     "decree law clause point "
                     # an aircraft's model: "All 298 people on the Boeing 777 were killed"
                     "boeing airbus antonov an tupolev tu ilyushin il sukhoi su mig embraer "
                     "cessna learjet lockheed")
# "a city of about 75,000 people", "home to 6 million": a population, not a count of people
# something happened to (devset rule 8).
POPULATION_OF = words("city town village country nation region province district state island "
                      "municipality capital population")
# "her five children": family details, not a count of the conflict's people ("its 22 crew members"
# is a count: only kin nouns after a possessive make a family detail).
FAMILY_BEFORE = words("her his their my our your its")
KIN_NOUNS = words("children sons daughters brothers sisters siblings grandchildren cousins "
                  "wives husbands kids relatives grandsons granddaughters nephews nieces")
# "2,000-strong peacekeeping force", "the 16,000-member NATO peace force": a size of a force (a
# "-member" body must be a force: "the 15-member Security Council" is no count of troops).
STRONG_SUFFIX = "-(?:strong|member)"
