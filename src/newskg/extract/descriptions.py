"""Actors news copy names by description rather than by a proper name: a nation's forces or people
("Somali security forces", "the federal Ethiopian army", "the Lebanese people"), a nation's people as
a plural noun ("Yemenis", "Israelis"), "the international community", a coalition a state leads
("the Saudi-led coalition"), and a state acting through an adjective ("a Russian missile strike"
names Russia acting: the development set's annotation rule 14).

Each finder returns spans with the name as written and the entity types to propose; the gazetteer
decides first (a description data/entities.yaml knows keeps its entity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newskg.extract.patterns import words
from newskg.extract.patterns.organisations import SHORT_FORMS
from newskg.extract.patterns.places import DEMONYMS
from newskg.extract.places import world

_DEMONYM = "|".join(re.escape(d) for d in sorted(DEMONYMS, key=len, reverse=True))
# Qualifiers of a national force that stay in its name ("local security forces").
_FORCE_QUALIFIER = r"(?:(?i:local|federal|national|regular|government|state|separatist|rebel|ethnic)\s+)?"
# Heads of a nation's bodies and people; the value is the entity type to propose.
FORCE_HEADS = {"armed forces": "Organisation", "security forces": "Organisation",
               "special forces": "Organisation",
               "forces": "Organisation", "army": "Organisation", "military": "Organisation",
               "police": "Organisation", "troops": "Organisation", "navy": "Organisation",
               "air force": "Organisation", "government": "GovernmentBody",
               # a nation's ministries: "the Pakistani foreign ministry", "Afghan Interior Ministry"
               "foreign ministry": "GovernmentBody", "interior ministry": "GovernmentBody",
               "defense ministry": "GovernmentBody", "defence ministry": "GovernmentBody",
               "state department": "GovernmentBody",
               "authorities": "GovernmentBody", "people": "Collective",
               "parties": "Collective", "factions": "Collective"}
# The kinds of a national body through which its state acts (not "the Libyan people").
_STATE_BODIES = frozenset(("Organisation", "GovernmentBody"))
_HEAD = "|".join(re.escape(h) for h in sorted(FORCE_HEADS, key=len, reverse=True))
_NATIONAL_BODY = re.compile(
    rf"\b(?:[Tt]he\s+)?({_FORCE_QUALIFIER}(?:{_DEMONYM})\s+(?:{_HEAD}|(?:Foreign|Interior|"
    r"Defen[cs]e) Ministry|State Department))\b(?!\s+of\b)")
# "local security forces", "Afghan forces" without a nation: only with a qualifier that makes
# it a body of the state ("local security forces"), never bare "forces".
_LOCAL_BODY = re.compile(r"\b((?:local|federal|national|government)\s+(?:security\s+)?forces)\b")
_CAPITALISED = re.compile(r"[A-Z][\w.]*")
# A state's force named by where it acts: "Police in Burundi", "security forces in Mali".
_BODY_IN = re.compile(r"\b((?:[Rr]iot\s+)?[Pp]olice|[Ss]ecurity\s+forces|[Tt]roops|[Ss]oldiers)"
                      r"\s+in\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
# Every word a nationality adjective or noun can start with ("Somali", "Somalis", "U.S.", "South").
_NATIONALITY_WORDS = frozenset(w for d in DEMONYMS for w in (d.split()[0], d.rstrip("."), d + "s"))
_PEOPLE = re.compile(rf"\b((?:{_DEMONYM})s)\b")  # "Yemenis", "Israelis"
# An organisation's short form as a modifier: "U.N. officials say", "NATO forces", "the
# U.N.-brokered talks", "a U.N. compound" (its own name, then a noun or a "-brokered").
_SHORT = "|".join(re.escape(s) for s in sorted(SHORT_FORMS, key=len, reverse=True))
_ORGANISATION_AS_MODIFIER = re.compile(
    rf"(?<![\w.-])({_SHORT})(?=-(?:led|brokered|backed|mediated|sponsored|run|monitored)\b|"
    r"\s+(?:officials?|forces|troops|peacekeepers?|peacekeeping|mission|envoy|spokes(?:man|woman|"
    r"person)|chief|compound|base|camp|position|agency|agencies|staff|workers?|team|monitors|"
    r"observers|convoy|leaders|members?|secretary-general|secretary|human rights|refugee|"
    r"humanitarian|aid|investigators?|experts?|report|resolution)\b)")
_SHORT_FORM_HINT = re.compile(_SHORT)  # a quick first look
# Those who serve a state, named by its adjective: the state is an actor (devset rule 14), the
# people no actor of their own ("an American soldier and a Romanian soldier were killed").
_SERVING = re.compile(rf"\b({_DEMONYM})\s+(?:\w+\s+)?(?:soldiers?|servicem[ae]n|diplomats?|"
                      r"peacekeepers?|sailors?|pilots?|marines?)\b")
# A nationality whose plural is itself ("Sudanese", "Congolese"), used as a noun: after a word of
# number or "the", before a word that cannot be its noun.
_SAME_PLURAL = "|".join(re.escape(d) for d in sorted(DEMONYMS, key=len, reverse=True)
                        if d.endswith("ese") or d in ("Swiss", "Burmese"))
_PEOPLE_SAME_PLURAL = re.compile(
    rf"\b(?:of|many|most|some|all|thousands of|millions of|hundreds of|fellow)\s+({_SAME_PLURAL})"
    r"(?=\s+(?:who|are|were|have|had|and|in|living|say|said|fled|remain)\b|[,.;:])")
_COMMUNITY = re.compile(r"\b(?:the\s+)?(international community)\b", re.IGNORECASE)
# The sides of a conflict told by description (devset rule 13: "two military factions", "the parties
# to the conflict"): a collective. "both sides", "the warring parties" point back to sides the text
# names, so they are left out.
_SIDES = re.compile(r"\b((?:two|rival|warring)\s+(?:military|armed)\s+(?:factions|sides|parties)|"
                    r"parties to the (?:conflict|war|fighting))\b")
_LED = re.compile(rf"\b((?:{_DEMONYM}|[A-Z][a-z]+)-led\s+(?:coalition|alliance|forces|mission))\b")
# A state that backs, brokers or sponsors, named by its adjective or short form: "a U.S.-backed
# plan", "Iranian-backed rebels", and the first of a suspended pair ("Saudi- and U.S.-brokered").
_STATE_BACKED = re.compile(rf"(?<![\w.-])({_DEMONYM})(?=-(?:backed|brokered|mediated|sponsored)\b|"
                           rf"-\s+(?:and|or)\s+(?:{_DEMONYM})-(?:backed|brokered|mediated|"
                           r"sponsored)\b)")
# The first of two nationalities sharing one national body: "Ethiopian and Somali troops".
_SHARED_BODY = re.compile(rf"\b({_DEMONYM})\s+and\s+(?=(?:{_DEMONYM})\s+(?:{_HEAD})\b)")
# Nouns after a nationality adjective that make the state the actor ("an Azerbaijani offensive").
ACT_NOUNS = words("missile missiles strike strikes airstrike airstrikes attack attacks drone drones "
                  "offensive shelling bombardment bombing invasion incursion raid raids rocket "
                  "rockets artillery warplanes jets aggression occupation blockade")
_ACTING = re.compile(rf"\b({_DEMONYM})\s+(?:\w+\s+)?({'|'.join(sorted(ACT_NOUNS))})\b")
_ARMED_QUALIFIERS = ("separatist", "rebel", "ethnic")
# A state's abbreviation as the subject of a verb: "the U.S. sent a drone", "The U.S. has said"
# (not "in the U.S." or "U.S. officials": a place, an adjective).
_STATE_SHORT_ACTING = re.compile(
    r"(?:^|(?<=\bthe )|(?<=\bThe )|(?<=[.;:,] ))(U\.S\.|U\.K\.|US|UK)\s+(?:also\s+|then\s+|"
    r"already\s+)?(?=(?:said|says|sent|has|have|had|is|was|will|would|condemned|condemns|"
    r"launched|carried|imposed|urged|urges|called|calls|welcomed|welcomes|announced|"
    r"announces|believes|wants|did|does|must|should|can|could|supports|supported|"
    r"accused|accuses|warned|warns|rejected|rejects|demanded|demands|struck|killed)\b)")
# Armed groups news copy names by description (devset rule 58: "pro-Saddam loyalists", "Armed men",
# "Militants"): a head noun of fighters, with the qualifiers before it that say whose or what kind
# ("Suspected Islamic extremists", "al-Qaida-linked fighters", "armed Arab men", "jihadist groups").
_ARMED_HEAD = (r"(?:[Mm]ilitants|[Ee]xtremists|[Ff]ighters|[Gg]unmen|[Bb]andits|[Mm]ilitias?|"
               r"[Ll]oyalists|[Ii]nsurgents|[Jj]ihadists|[Gg]angs|[Cc]artels)")
_ARMED_WORD = (r"(?:(?i:suspected|armed|heavily armed|violent|islamist|islamic|jihadist|rebel|drug|"
               r"separatist|unidentified|unknown|masked|foreign|arab|kurdish|tamil|fulani)|"
               r"\w+(?:-\w+)*-(?:linked|affiliated|backed|allied|aligned|inspired)|"
               rf"pro-[A-Z][\w-]*|{_DEMONYM})")
_ARMED = re.compile(
    rf"(?<![\w-])((?:{_ARMED_WORD}\s+){{0,3}}{_ARMED_HEAD}|(?:{_ARMED_WORD}\s+){{1,3}}groups|"
    rf"(?i:armed)\s+(?:{_ARMED_WORD}\s+)?men)\b(?!-)")
# A quick first look: every head of _ARMED has one of these ("armed" for "armed men").
_ARMED_STEMS = re.compile("ilitant|xtremist|ighter|unmen|andit|ilitia|oyalist|nsurgent|ihadist|"
                          "rmed|roups|angs|artels")
# "the janjaweed militia": a militia's own name, in lower case, after its determiner.
_NAMED_MILITIA = re.compile(rf"\b(?:the|a)\s+((?:{_ARMED_WORD}\s+){{0,2}}[a-z]+\s+militias?)\b")
ROLES = ("leader", "president", "prime minister", "premier")
_ROLE = re.compile(rf"\b[Tt]he\s+({_DEMONYM})\s+({'|'.join(ROLES)})\b(?!\s+[A-Z])")


def role_description(phrase: str) -> tuple[str, str] | None:
    """(country, role) when ``phrase`` is "the <nationality> <role>" ("The Armenian leader")."""
    m = _ROLE.fullmatch(" ".join(phrase.split()))
    return (DEMONYMS[m.group(1)], m.group(2)) if m else None


@dataclass(frozen=True)
class Described:
    """An actor named by description: offsets in the sentence, name as written, proposed types;
    ``state`` is the country a nationality adjective names acting (then the name is the state's)."""

    start: int
    end: int
    name: str
    types: tuple[str, ...]
    state: str | None = None
    role: str | None = None  # "the Armenian leader": a person of that role, named elsewhere
    sides: bool = False  # "two military factions": the sides of a conflict, by description
    place_inside: bool = False  # "Police in Burundi": the place is named too (a place mention)
    implied: bool = False  # "U.N. officials": only the principal is an actor, not the phrase
    # "the Pakistani military", "U.N. officials": the state or organisation that acts through it
    # (an actor too)
    principal: str | None = None


def described_actors(text: str) -> list[Described]:
    """The described actors of one sentence, in reading order, none overlapping."""
    found: list[Described] = []
    for m in _COMMUNITY.finditer(text) if "ommunity" in text else ():
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Collective",)))
    for m in _LOCAL_BODY.finditer(text) if "forces" in text else ():
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Organisation",)))
    found.extend(armed_groups(text))
    for m in _BODY_IN.finditer(text) if " in " in text else ():
        if world().country(m.group(2)) is not None:  # "Police in Burundi shot ...": Burundi's
            found.append(Described(m.start(1), m.end(2), m.group(0).strip(), ("Organisation",),
                                   place_inside=True))
    for m in _SIDES.finditer(text) if "arties" in text or "actions" in text or "ides" in text else ():
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Collective",), sides=True))
    for m in _ORGANISATION_AS_MODIFIER.finditer(text) if _SHORT_FORM_HINT.search(text) else ():
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Organisation",),
                               principal=SHORT_FORMS[m.group(1)], implied=True))
    if "-led" not in text and _NATIONALITY_WORDS.isdisjoint(w.rstrip(".") for w in _CAPITALISED.findall(text)):
        return _apart(found)  # most sentences: no nationality word at all
    for m in _ROLE.finditer(text):  # before the adjective of a state acting
        found.append(Described(m.start(), m.end(), m.group(0), ("Person",),
                               DEMONYMS[m.group(1)], m.group(2)))
    for m in _NATIONAL_BODY.finditer(text):
        name = m.group(1)
        head = next(h for h in sorted(FORCE_HEADS, key=len, reverse=True)
                    if name.lower().endswith(h))
        kind = "ArmedGroup" if name.lower().startswith(_ARMED_QUALIFIERS) else FORCE_HEADS[head]
        nation = name.split()[0]
        if head == "government" and nation in DEMONYMS:  # "the Somali government": the state
            found.append(Described(m.start(1), m.end(1), name, ("State", "Country"),
                                   DEMONYMS[nation]))
            continue
        found.append(Described(m.start(1), m.end(1), name, (kind,),
                               principal=DEMONYMS.get(nation) if kind in _STATE_BODIES else None))
    for m in _SERVING.finditer(text):  # "a Romanian soldier were killed": Romania's own
        found.append(Described(m.start(1), m.end(1), m.group(1), ("State", "Country"),
                               DEMONYMS[m.group(1)]))
    for m in _PEOPLE.finditer(text):
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Collective",)))
    for m in _PEOPLE_SAME_PLURAL.finditer(text):  # "millions of Sudanese who are suffering"
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Collective",)))
    for m in _LED.finditer(text):  # "the U.S.-led coalition": the coalition, and the state leads it
        leader = m.group(1).split("-led")[0]
        found.append(Described(m.start(1), m.end(1), m.group(1), ("Organisation",),
                               principal=DEMONYMS.get(leader) or world().country(leader) or
                               SHORT_FORMS.get(leader)))
    for m in _STATE_SHORT_ACTING.finditer(text):
        found.append(Described(m.start(1), m.end(1), m.group(1), ("State", "Country"),
                               DEMONYMS[m.group(1)]))
    for m in _ACTING.finditer(text):
        state = DEMONYMS[m.group(1)]
        found.append(Described(m.start(1), m.end(1), m.group(1), ("State", "Country"), state))
    for pattern in (_STATE_BACKED, _SHARED_BODY):  # "a U.S.-backed plan", "Ethiopian and Somali
        for m in pattern.finditer(text):           # troops": the state acts
            found.append(Described(m.start(1), m.end(1), m.group(1), ("State", "Country"),
                                   DEMONYMS[m.group(1)]))
    return _apart(found)


def armed_groups(text: str) -> list[Described]:
    """Armed groups named by description ("Suspected Islamic extremists", "the janjaweed militia",
    "armed Arab men"). Not a count of them ("two gunmen", "about 40 unidentified gunmen": people,
    devset rule 17), nor a named group's members ("Taliban fighters", "its fighters"). A bare head
    ("militants", "bandits") only when it acts: it opens the sentence or a verb in the past follows
    it ("a large number of bandits invaded"); the caller decides whether it refers back to a group
    named before ("attacks by the militants" is left to the group the article names)."""
    if _ARMED_STEMS.search(text) is None:
        return []  # most sentences: no head of an armed group at all
    militias = [m for m in _NAMED_MILITIA.finditer(text)] if "ilitia" in text else []
    out = []
    for m in [*militias, *_ARMED.finditer(text)]:
        before = text[max(0, m.start(1) - 40):m.start(1)]
        if _COUNTED_OR_OWNED.search(before):
            continue
        if bare_armed_head(m.group(1)) and not (
                m.start(1) == 0 or _PAST_VERB.match(text, m.end(1))):
            continue
        out.append(Described(m.start(1), m.end(1), m.group(1), ("ArmedGroup",)))
    return out


# Right before a description: a number or quantity (a count of people), a possessive or a name
# (a named group's members: "its fighters", "Taliban fighters", "Hamas gunmen").
_COUNTED_OR_OWNED = re.compile(
    r"(?:\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|dozen|dozens|hundreds|"
    r"thousands|several|some|many|few|its|their|his|her|our)|[A-Z][\w'’-]*)\s+(?:(?:of|to)\s+)?$")
_PAST_VERB = re.compile(r"\s+(?:[a-z]+ed|[a-z]+ly\s+[a-z]+ed|began|shot|struck|stole|took|fled|"
                        r"overran|set)\b")


_BARE_HEAD = re.compile(_ARMED_HEAD)
# A name the text calls an armed group: "the militant group al-Shabab", "rebel group M23", or one whose
# members it counts or names ("Taliban fighters", "Houthi rebels", "Hamas gunmen").
_ARMED_NAMED = re.compile(
    r"\b(?:militant|rebel|armed|jihadist|extremist|insurgent|terrorist|separatist|[Ii]slamist)\s+"
    r"(?:group|movement|organi[sz]ation)\s+((?:al-|el-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)|"
    r"\b(militants|rebels|fighters|gunmen|militiamen|insurgents|jihadists)\b")
# The name right before a members' noun ("Taliban" of "Ten Taliban fighters").
_NAME_BEFORE = re.compile(r"((?:al-|el-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+$")


def armed_group_names(text: str) -> set[str]:
    """The names ``text`` calls armed groups, lower-cased ("al-shabab" from "the militant group
    al-Shabab"; "taliban" from "Taliban fighters")."""
    names = set()
    for m in _ARMED_NAMED.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 60), m.start()) if m.group(2) \
            else None
        if m.group(2) and before is None:
            continue  # "the militants": no name before the members' noun
        words = (m.group(1) or (before.group(1) if before else "")).split()
        while words and words[0].lower() in _NOT_GROUP_WORDS:  # "Ten Taliban fighters"
            words.pop(0)
        if words:
            names.add(" ".join(words).lower())
    return names


_NOT_GROUP_WORDS = words("the a an two three four five six seven eight nine ten dozens hundreds "
                         "thousands some several many")


def bare_armed_head(name: str) -> bool:
    """True for a description with no qualifier ("militants", "Gunmen"): a later mention of an
    armed group the article has named, when it has named one."""
    return _BARE_HEAD.fullmatch(name) is not None


def _apart(found: list[Described]) -> list[Described]:
    """In reading order; of overlapping finds the one that starts first (then the longest)."""
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[Described] = []
    for d in found:
        if not kept or d.start >= kept[-1].end:
            kept.append(d)
    return kept
