"""Who speaks: the speaker phrase before a cue, its name, and pronouns resolved to earlier speakers.

"Gegham Stepanian, Karabakh's human rights ombudsman, said" → Gegham Stepanian (role: the apposition);
"Russia's President Putin" → Putin; "an official in Stepanakert" stays a description; "he" and "she"
resolve to the last person who spoke, "it"/"they" to the last body that spoke, and "the statement"
to whoever spoke last, when there is one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newskg.extract.gazetteer import Gazetteer, Known, normalise
from newskg.extract.model import Ref, StatementDraft
from newskg.extract.patterns import words
from newskg.extract.patterns.speakers import (
    DOCUMENT_SPEAKERS,
    LEADING_NOISE,
    PERSON_NOUNS,
    PRONOUNS,
    TITLES,
)
from newskg.extract.speaker_names import (
    display_name,
    looks_like_name,
    name_over_description,
    titled_name,
)

GROUP_PHRASES = frozenset({"both sides", "the two sides", "both parties", "the two parties",
                           "the two mediators", "the mediators", "both mediators"})
# Two people named together before ("President Salva Kiir and Vice President Riek Machar"), taken
# up by a phrase for both of them ("Both leaders denied responsibility").
PERSON_PAIR_PHRASES = frozenset({"both leaders", "the two leaders", "both men", "the two men",
                                 "both presidents", "the two presidents"})
_BOUNDARY = re.compile(
    r"[;:(\[\]\"“”]|,|\s[-–—]\s|\b(?:but|while|as|after|when|because|that|which|who|whom|where|if|"
    r"since|although|though|before|so|and|then|than|until|whether|what)\b", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:\s+(?:(?:late|early)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|yesterday|today|earlier|later|previously|also|again|repeatedly|already|recently|"
    r"has|have|had|would|will|had\s+also|has\s+also|once|last\s+(?:week|month|year|night)|"
    r"this\s+(?:week|month|year)|(?:was|were)\s+quoted(?:\s+by\s+[\w’'. ]{2,40}?)?\s+as)"
    r"(?:\s+(?:evening|morning|night|afternoon))?)+$",
    re.IGNORECASE)
# The words _TRAILING can end with (a non-ASCII last word is always tried: case folding).
_TRAILING_LAST = words("monday tuesday wednesday thursday friday saturday sunday yesterday today "
                       "earlier later previously also again repeatedly already recently has have "
                       "had would will once week month year night as evening morning afternoon")
_VERBISH = words("is was were are be been being has have had will would can could did does do "
                     "left made took gave held sent launched killed agreed reached said says "
                     "told denied claimed warned accused insisted confirmed announced added")
_FUNCTION_WORDS = words("the a an this that these those its his her their our some any")
MAX_SPEAKER_WORDS = 12
SPEAKER_REACH = 400  # characters before a cue searched for its speaker phrase
TRAILING_REACH = 160  # characters at its end searched for dates and adverbs ("said on Monday")


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: the name to show, the entity, and the role the text gives it."""

    name: str
    entity: Known
    role: str | None = None
    resolved_from: str | None = None  # the pronoun or document noun it was resolved from


def speaker_phrases(left: str) -> list[tuple[str, str | None]] | None:
    """The speaker phrase(s) ending ``left`` (the text before a cue): [(phrase, role)].

    [] means the cue shares the subject of an earlier verb ("claimed ... and said"); None means no
    speaker phrase was found.
    """
    if len(left) > SPEAKER_REACH:  # a speaker phrase is short: look at the end only (linear)
        cut = left.find(" ", len(left) - SPEAKER_REACH)
        left = left[cut:] if cut >= 0 else left[-SPEAKER_REACH:]
    left = left.rstrip()
    cut = max(0, len(left) - TRAILING_REACH)  # the trailing words are short: look at the end only
    text = left[:cut] + _adverbs_off(_trailing_off(left[cut:]))
    # (Each pattern below is tried only when the text holds a word it needs: one cheap look.)
    text = ACRONYM.sub("", text) if "(" in text else text
    quoted = (_QUOTED_AS.search(text) or _QUOTING.search(text)) if "quot" in text else None
    if quoted:  # "Afghan media quoted unnamed sources as saying": the sources speak (rule 4);
        return [(quoted.group("who"), None)]  # so in "AFP, quoting local medical sources, put"
    # "..., Bruno Ngeh, who said", "the Oromo Liberation Army (OLA), which has denied": the
    # relative clause is about the name before it
    relative = text.endswith((", who", ", which"))
    text = _ASIDE.sub("", text) if "," in text else text  # "X, speaking on ...," -> "X"
    anonymous = _ANONYMOUS.search(text) if "who" in text else None
    if anonymous:  # "a UN official who spoke on condition of anonymity": "a UN official"
        return [(anonymous.group("who"), None)]
    appositive = text.endswith(",")
    text = text.rstrip(", ")
    pieces = _pieces(text)
    if not pieces:
        return [] if left.strip() == "" else None
    last_sep, last = pieces[-1]
    if relative and not last:  # ", which": the segment before it
        last = next((seg for _, seg in reversed(pieces) if seg), "")
        if last and _is_phrase(last) and len(last.split()) <= 4 and plausible_speaker(last):
            return [(last, None)]  # "the group, which has denied ..."
    if relative and last and (not _is_phrase(last) or last.split()[0] in _SUBJECT_PRONOUNS
                              or len(last.split()) > 4):
        # "Among them is Bruno Ngeh, who said ...": the person the relative clause is about
        name = _TRAILING_NAME.search(last) or _TRAILING_NP.search(last)
        return [(name.group(0), None)] if name and plausible_speaker(name.group(0)) else None
    if not last:
        return [] if last_sep.lower() in ("and", ",", "but") or last_sep == "" else None
    if appositive and "," in text:
        head, _, role = text.rpartition(",")
        before = _pieces(head)[-1][1]
        if _title_before_name(before, role.strip()) or (
                any(w.lower().strip(".,") in TITLES for w in head.split()) and
                _person_name(role.strip()) and not looks_like_name(head)):
            # "Puntland's Minister for Fisheries, Ports and Marine Transport, Said Mohamed Rage,"
            # "UNHCR Spokesman, Ron Redmond, tells VOA ...": the title first, then the name
            return [(role.strip(), head.strip())]
        if looks_like_name(before) or (_is_phrase(before) and _has_person_head(before)):
            return [(before, role.strip())]
    if last_sep == "," and len(pieces) >= 2 and last.split()[0] in ("a", "an") and \
            looks_like_name(pieces[-2][1]) and (_has_person_head(last) or _PERSON_DESCRIBED.search(last)):
        # "Samson Kenyi, a 34-year-old motorcycle taxi rider said": the name, then its role
        return [(pieces[-2][1], last)]
    tail = last.rsplit(None, 1)
    if len(tail) == 2 and tail[1] in ("he", "she", "it", "they", "we") and not _is_phrase(last):
        # "urged a cease-fire they said could start": the pronoun is the subject, not the clause
        return [(tail[1], None)]
    if last_sep.lower() == "and" and len(pieces) >= 2:
        # "comes after both Ukraine and Russia said": the pair after the subordinator, "both" off
        first = pieces[-2][1]
        if not _is_phrase(first) and (opening := _AFTER_SUBORDINATOR.search(first)):
            first = first[opening.end():]
        first = _BOTH.sub("", first)
        pieces = [*pieces[:-2], (pieces[-2][0], first), pieces[-1]] if first else pieces
    if last_sep.lower() == "and" and len(pieces) >= 2 and _is_phrase(pieces[-2][1]) \
            and _looks_like_actor(pieces[-2][1]) and _is_phrase(last) and (
                _looks_like_actor(last) or _TRAILING_NAME.search(last)):
        # ("Ibrahim and local counsellor Dayyabu Kerawa told": a title before the second name)
        first_words = pieces[-2][1].lower().split()
        named = _TRAILING_NAME.search(last)
        if named and named.start() > 0 and first_words[-1] in TITLES | PERSON_NOUNS and \
                first_words[0] not in _DETERMINERS and \
                not looks_like_name(pieces[-2][1]) and \
                last[:named.start()].split()[-1].lower() in TITLES | PERSON_NOUNS:
            return [(last, None)]  # "Terrorism expert and author Ahmed Rashid": one person
        shared = _shared_head(pieces, last)
        if shared:  # "Nigerian and French officials": Nigerian officials, French officials
            found: list[tuple[str, str | None]] = [(first, None) for first in shared]
            return [*found, (last, None)]
        listed = [(_shared_of(pieces[-2][1], last), None)]
        for sep, segment in reversed(pieces[:-2]):
            opening = _AFTER_SUBORDINATOR.search(segment)  # "came a day after the United States"
            item = segment[opening.end():] if opening else segment
            if not _is_phrase(item) or not _listed_actor(item):
                break  # "the United States, Britain and the envoy": all three; "In Kyiv, ": no
            listed.insert(0, (item, None))
            if sep != "," or opening:
                break
        return [*listed, (last, None)]
    if _FRONTED_OBJECT.match(last):  # "X claimed A, a claim Kyiv denied": Kyiv's denial of A
        return None
    return [(last, None)] if _is_phrase(last) and plausible_speaker(last) else None


# "Al-Shabab quickly claimed": a manner adverb after the speaker is not part of it.
_ADVERB_TAIL = re.compile(r"\s+([a-z]{3,}ly)$")
_NOT_ADVERBS = words("family assembly monopoly anomaly daily weekly monthly ally rally supply "
                     "italy only elderly")
# "X quoted Y as (saying)": Y is the speaker, X the medium that carries the words.
_QUOTING = re.compile(r",\s*quoting\s+(?P<who>[^,;:“”\"]{2,80}?),?$")
_QUOTED_AS = re.compile(r"\bquot(?:ed|ing)\s+(?P<who>[^,;:“”\"]{2,80}?)\s+as$")


def _trailing_off(text: str) -> str:
    """The text without trailing dates and adverbs ("the ministry on Monday" -> "the ministry");
    _TRAILING is tried only when the last word is one it can end with (most often it is not)."""
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    if last.isascii() and last.lower() not in _TRAILING_LAST:
        return text
    return _TRAILING.sub("", text)


def _adverbs_off(text: str) -> str:
    while text.endswith("ly") and (m := _ADVERB_TAIL.search(text)) and \
            m.group(1) not in _NOT_ADVERBS:
        text = text[:m.start()]
    return text


# A noun of speech before the speaker: the object of a relative clause ("a charge Kigali denied").
_FRONTED_OBJECT = re.compile(r"^(?:an?|the|this|that)\s+(?:claim|charge|accusation|allegation|"
                             r"assertion|version|account|report|suggestion)s?\s+\S", re.IGNORECASE)


# "(IOM)", "(WFP)", "(AU)": an acronym in brackets after a name, dropped from names and parties.
ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z.&-]{1,12}\)")
# A participle aside after the speaker: "X, speaking on condition of anonymity," "X, reporting from Y,".
_ASIDE = re.compile(r",\s*(?:speaking|reporting|writing|talking|asked|asking|requesting|declining|"
                    r"interviewed|who|(?:which|whose)(?=[^,;:“”\"]{0,80},\s*$)|for (?:its|his|"
                    r"her|their) part|however|meanwhile|in turn|in response|though|too|"
                    # "the Basque regional government, now controlled by parties loyal to Madrid,"
                    r"(?:now\s+|currently\s+|still\s+)?(?:controlled|dominated|led|run|backed|"
                    r"based|headed)\s+(?:by|in))\b[^,;:“”\"]{0,80},?\s*$")
_ANONYMOUS = re.compile(r"\b(?P<who>(?:[Aa]n?|[Tt]he|[Tt]wo|[Tt]hree|[Ss]everal)\s[^,;:“”\"]{2,60}?)"
                        r"\s+who\s+"
                        r"(?:spoke|was speaking|were speaking|asked|declined|requested|did not want)"
                        r"\b[^,;:“”\"]{0,100}$")
_DETERMINERS = words("a an the some two three four several many most both its his her their our "
                     "other another one each all")
_GROUP_HEADS = words("officials sources witnesses residents agencies groups analysts experts "
                     "diplomats authorities observers monitors medics doctors rescuers "
                     "survivors relatives activists lawmakers leaders media press police")


@functools.lru_cache(maxsize=4096)
def is_group_description(name: str) -> bool:
    """"Official sources on both sides", "security officials": people described, not a party."""
    head = name.lower().partition(" on ")[0].rsplit(" ", 1)[-1]
    return head in _GROUP_HEADS


def _has_person_head(phrase: str) -> bool:
    return any(w.lower().strip(",") in PERSON_NOUNS or w.lower() in _GROUP_HEADS
               for w in phrase.split())


def plausible_speaker(phrase: str) -> bool:
    """A phrase that can name a speaker: a pronoun, a name, a determined noun phrase or a noun of
    people ("witnesses"); not "raising", "last month" or "and"."""
    tokens = phrase.split()
    if not tokens:
        return False
    first = tokens[0].lower()
    if first in _CLAUSE_PRONOUNS and len(tokens) > 1 and tokens[1].lower() not in _AFTER_PRONOUN:
        return False  # "I want to start by (noting)", "We remain concerned by": a clause
    if first in PRONOUNS or first in _DETERMINERS:
        return not (len(tokens) == 2 and tokens[1].lower() in _TIME_NOUNS)
    if any(t[:1].isupper() for t in tokens):
        return tokens[0].lower() not in _TIME_WORDS
    last = tokens[-1].lower()
    return _has_person_head(phrase) or (last.endswith("s") and last not in _TIME_NOUNS
                                        and len(tokens) <= 3 and "," not in phrase)


_TIME_WORDS = words("last next this earlier later")
_AFTER_PRONOUN = words("all both too themselves himself herself itself ourselves myself alone")
_CLAUSE_PRONOUNS = words("i we he she they")
_TIME_NOUNS = words("month week year day night time")


def _pieces(text: str) -> list[tuple[str, str]]:
    """(separator, segment) pairs: the text cut at clause boundaries, noise words dropped."""
    out: list[tuple[str, str]] = []
    sep, begin = "", 0
    for m in _BOUNDARY.finditer(text):
        out.append((sep, _clean(text[begin:m.start()])))
        sep, begin = m.group(0).strip(), m.end()
    out.append((sep, _clean(text[begin:])))
    return out


# "Last week the charity announced": a time adverbial before the speaker is not part of it.
_LEADING_TIME = re.compile(r"^(?:(?:today|yesterday|tonight|on\s+(?:monday|tuesday|wednesday|thursday|"
                           r"friday|saturday|sunday)|(?:last|this|earlier this)\s+(?:week|month|year|"
                           r"night|weekend|morning)|(?:later|earlier)\s+(?:in\s+the|that|the\s+same)\s+"
                           r"(?:day|week|evening|morning|afternoon|night))\s*,?\s+)+(?=\S+\s+\S)",
                           re.IGNORECASE)


def _clean(segment: str) -> str:
    words = _LEADING_TIME.sub("", segment.strip()).split()
    while words and words[0].lower().strip(",") in LEADING_NOISE:
        words = words[1:]
    return " ".join(words).strip(" ,")


def is_noun_phrase(segment: str) -> bool:
    """A short phrase without a verb: what can name a speaker ("the envoy", not "the village had")."""
    return _is_phrase(segment)


def _is_phrase(segment: str) -> bool:
    words = segment.split()
    return (0 < len(words) <= MAX_SPEAKER_WORDS and not any(w.lower() in _VERBISH for w in words)
            and any(w.lower() not in _FUNCTION_WORDS for w in words)
            and _PAST_WITH_OBJECT.search(segment) is None)


# A past tense with its object ("stormed a camp", "shelled the town"): a clause, not a speaker's
# noun phrase, whatever the verb ("Gunmen stormed a camp ..., said Adam Regal": Regal speaks).
_PAST_WITH_OBJECT = re.compile(r"\b[a-z]{3,}ed\s+(?:a|an|the|their|his|her|its|our|two|three|four|"
                               r"five|several|dozens|hundreds|thousands)\s")


def _looks_like_actor(segment: str) -> bool:
    """A name, a determined noun phrase, or a plural of people ("security officials")."""
    words = segment.split()
    return bool(words) and (words[0][:1].isupper() or (
        words[0].lower() in ("the", "a", "an") and len(words) > 1) or (
        words[-1].lower() in _GROUP_HEADS and len(words) <= 3) or (
        # "residents in Kunduz", "officials in Lviv": the people of a place
        words[0].lower() in _GROUP_HEADS and len(words) <= 4 and words[1:2] in (["in"], ["of"])
        and words[-1][:1].isupper()))


# A word that qualifies a noun without being one: a demonym or a faith ("Nigerian", "French",
# "Roman Catholic", "Baptist"), or the abbreviation of a state or body used as one ("U.S.", "U.N.").
_ADJECTIVAL = re.compile(r"^(?:[A-Z][\w’'-]*(?:an|ese|ish|i|ic|ist|ch)|U\.S\.|U\.N\.|EU|UN|US|"
                         r"Arab|Greek|Thai|Swiss)$")


def _adjectival(segment: str) -> bool:
    """A segment made only of qualifying words, after a possessive owner ("Donga Mantung's Roman
    Catholic": its "Roman Catholic")."""
    own = max(segment.rfind("'s "), segment.rfind("’s "))
    words = segment[own + 3:].split() if own >= 0 else segment.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return 0 < len(words) <= 3 and all(_ADJECTIVAL.match(w) for w in words)


def _shared_head(pieces: list[tuple[str, str]], last: str) -> list[str]:
    """Conjuncts that share the plural head noun of the last one ("Nigerian and French officials",
    "the Roman Catholic, Baptist and Presbyterian churches"): each with that head, in order; [] when
    the phrase is not of that kind."""
    words = last.split()
    if len(words) < 2 or not words[-1].islower() or not words[-1].endswith("s") or \
            not _adjectival(" ".join(words[:-1])):
        return []
    head = words[-1]
    firsts = [pieces[-2][1]]
    i = len(pieces) - 2
    while i >= 1 and pieces[i][0] == "," and _is_phrase(pieces[i - 1][1]):
        firsts.insert(0, pieces[i - 1][1])
        i -= 1
    if not all(_adjectival(f) for f in firsts):
        return []
    return [f"{f} {head}" for f in firsts]


# The proper name, or the noun phrase, a clause ends with ("Among them is 38-year-old Bruno Ngeh",
# "He met the rebels").
_SUBJECT_PRONOUNS = frozenset(("He", "She", "They", "We", "I", "It"))
_TRAILING_NP = re.compile(r"\b(?:the|a|an)\s+[\w’'-]+(?:\s+[\w’'-]+){0,2}$")
_TRAILING_NAME = re.compile(r"(?<![\w’'.-])[A-Z][\w’'.-]*(?:\s+(?:al-|bin\s+)?[A-Z][\w’'.-]*){1,3}$")


def _title_before_name(title: str, name: str) -> bool:
    """"UNHCR Spokesman" before ", Ron Redmond,": a description ending in a person's title, then
    a person's name."""
    words = title.split()
    return bool(words) and words[-1].lower().strip(".") in TITLES | PERSON_NOUNS and \
        _person_name(name)


def _person_name(name: str) -> bool:
    """Two to four capitalised words, none of them a title ("Said Mohamed Rage")."""
    named = name.split()
    return 2 <= len(named) <= 4 and all(w[:1].isupper() for w in named) and \
        not any(w.lower().strip(".") in TITLES | PERSON_NOUNS for w in named)


def _listed_actor(segment: str) -> bool:
    """An earlier item of "X, Y and Z": a name or a determined noun phrase, not an adverbial."""
    words = segment.split()
    if words[0].lower() in NOT_LISTED or not _looks_like_actor(segment) or \
            not plausible_speaker(segment) or len(words) > 6:
        return False
    lower = [w for w in words if w[:1].islower() and w.lower() not in _LIST_FUNCTION_WORDS]
    # a name ("the United States", "Britain"), or a noun of people or of a body ("the envoy")
    return not lower or lower[-1].lower() in PERSON_NOUNS or lower[-1].lower() in TITLES or \
        lower[-1].lower() in _GROUP_HEADS or lower[-1].lower() in _BODY_HEADS


_LIST_FUNCTION_WORDS = frozenset(("the", "a", "an", "of", "for", "and", "on", "in", "to"))
_BODY_HEADS = words("army forces troops military government ministry council agency police "
                    "rebels militants fighters envoy mission committee commission")


# A description of a person: an age, or a last word of one who does something ("taxi rider").
_PERSON_DESCRIBED = re.compile(r"\b\d+-year-old\b|\b[a-z]{3,}(?:er|or|ist|ian)$")
_BOTH = re.compile(r"^(?:[Bb]oth|[Ee]ither)\s+")
# The last subordinator of a segment: the list of speakers starts after it.
_AFTER_SUBORDINATOR = re.compile(r"^.*\b(?:after|before|as|when|while|because|since|until|once)\s+")
# Words that open an adverbial before a subject, not an item of a list of speakers ("In Kyiv, ...").
NOT_LISTED = frozenset(("in", "on", "at", "after", "before", "since", "during", "meanwhile", "later",
                        "earlier", "also", "but", "however", "separately", "elsewhere", "then",
                        "as", "while", "when", "for", "from", "with", "without", "under", "amid"))


def _shared_of(first: str, second: str) -> str:
    """"The King and Crown Prince of Jordan": a bare title before "and" takes the "of" phrase
    of the title after it (the King of Jordan)."""
    words = first.split()
    bare = words[1:] if words[0].lower() in ("the", "a", "an") else words
    of = second.find(" of ")
    if bare and of > 0 and all(w.lower() in TITLES or w.lower() in PERSON_NOUNS for w in bare):
        return f"{first}{second[of:]}"
    return first


def _same_noun(head: str, named: list[str]) -> bool:
    """"the rescuer" names "a rescue worker": the same word, or one word the other's stem."""
    return head in named or not head.endswith("s") and any(
        len(w) >= 5 and len(head) >= 5 and (head.startswith(w) or w.startswith(head))
        and abs(len(head) - len(w)) <= 2 for w in named)


# "a copy of the agreement seen by Reuters", "a draft obtained by AFP": a document as a source.
_OWN_DOCUMENT = re.compile(r"^(?:an?|the)\s+(?:copy|draft|text|version)\s+of\b|"
                           r"\b(?:seen|obtained|reviewed) by\b", re.IGNORECASE)
_SEEN_NOUNS = words("document text copy draft")


# "President Salva Kiir and Vice President Riek Machar": two titled names joined by "and".
_TITLED_PAIR = re.compile(r"((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*\s+[A-Z][\w’'.-]*)\s+and\s+"
                          r"((?:[A-Z][\w’'.-]*\s+){1,3}[A-Z][\w’'.-]*\s+[A-Z][\w’'.-]*)")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:of\s+|al-|bin\s+)?[A-Z][\w’'.-]*)+")


_THEY = frozenset(("they", "they all", "all of them"))
# "the group", "the militia": an organisation named before, by the kind of body it is.
_BODY_NOUNS = frozenset(("group", "militia", "movement", "organization", "organisation"))
_BODY_TYPES = frozenset(("Organisation", "Organization", "ArmedGroup"))


def _described_person(name: str) -> bool:
    """"A security official", "the envoy": one person described, whom a later "he" or "she" means."""
    words = name.lower().split()
    return len(words) >= 2 and words[0] in ("a", "an", "the") and words[-1] in PERSON_NOUNS \
        and not words[-1].endswith("s")


class SpeakerTracker:
    """Resolves speaker phrases in reading order, remembering who spoke last."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.last_person: Speaker | None = None
        self.last_body: Speaker | None = None
        self.last_any: Speaker | None = None
        self.people: dict[str, Speaker] = {}  # surname -> the person first named in full
        self.last_pair: tuple[Speaker, ...] = ()  # the last two speakers sharing one cue
        self.history: list[Speaker] = []  # every named speaker, in reading order
        self.last_document: Speaker | None = None  # a document quoted as its own source
        self.read: list[tuple[str, str]] = []  # sentences read so far (text, lower case)
        self.named_pair: tuple[str, str] | None = None  # the last two people named together
        # the speakers of the last cue that had several, and how many speakers had been named then
        self.last_joint: tuple[Speaker, ...] = ()
        self.joint_at = -1

    def note_titles(self, text: str) -> None:
        """Remember a sentence, so that a later "the Secretary said" can name the person it names
        with that title ("Secretary of State Antony J. Blinken spoke with ..."); searched only
        when such a phrase finds no earlier speaker."""
        self.read.append((text, text.lower()))
        if " and " in text:
            for m in _TITLED_PAIR.finditer(text):
                first, second = titled_name(m.group(1)), titled_name(m.group(2))
                if first and second:
                    self.named_pair = (first, second)

    def _titled(self, head: str, second: str | None) -> tuple[str, str] | None:
        """(title, name) of the last person named with a title holding ``head``."""
        for text, lower in reversed(self.read):
            if head not in lower:
                continue
            for run in reversed(list(_CAPITALISED_RUN.finditer(text))):
                name = titled_name(run.group(0))
                title = run.group(0)[:-len(name)].strip() if name else ""
                named = normalise(title).split()
                if name and head in named and (second is None or second in named):
                    return title, name
        return None

    def note_joint(self, speakers: list[Speaker]) -> None:
        """Several speakers of one cue ("the Roman Catholic, Baptist and Presbyterian churches
        said"): a "they" right after them means all of them."""
        self.last_joint, self.joint_at = tuple(speakers), len(self.history)

    def resolve_all(self, phrase: str, role: str | None = None) -> list[Speaker]:
        """Like `resolve`, but "both sides" gives both of the last pair that spoke together, and
        "they" right after several speakers of one cue gives them all."""
        if phrase.lower().strip() in _THEY and self.last_joint and \
                self.joint_at == len(self.history):
            return [Speaker(s.name, s.entity, s.role, resolved_from=phrase)
                    for s in self.last_joint]
        if phrase.lower().strip() in GROUP_PHRASES and len(self.last_pair) == 2:
            return [Speaker(s.name, s.entity, s.role, resolved_from=phrase) for s in self.last_pair]
        if phrase.lower().strip() in PERSON_PAIR_PHRASES:
            people = [s for s in self.last_pair if s.entity.is_person]
            if len(people) == 2:
                return [Speaker(s.name, s.entity, s.role, resolved_from=phrase) for s in people]
            if self.named_pair is not None:
                return [Speaker(s.name, s.entity, s.role, resolved_from=phrase)
                        for name in self.named_pair if (s := self.resolve(name)) is not None]
        found = self.resolve(phrase, role)
        return [found] if found is not None else []

    def resolve(self, phrase: str, role: str | None = None) -> Speaker | None:
        """The speaker a phrase names; None for a pronoun with nobody to refer to."""
        phrase = phrase.strip(" -–—,•·*")  # "A provincial official - Information Minister X - said"
        if " -- " in phrase:  # "SANAA, Nov. 9 (Xinhua) -- Yemen's Houthi rebels said": after
            phrase = phrase.rsplit(" -- ", 1)[1].strip()  # the dateline
        if phrase.lower().endswith(" all") and phrase.lower()[:-4] in PRONOUNS:
            phrase = phrase[:-4]  # "they all said": they
        phrase, role = name_over_description(phrase, role)
        located = _PERSON_LOCATED.match(phrase)
        if located and _ends_with_person_name(located.group(1)):
            phrase = located.group(1)  # "VOA Correspondent Alisha Ryu in our Nairobi bureau"
        norm = phrase.lower().strip()
        if norm in PRONOUNS:
            wanted = PRONOUNS[norm]
            found = self.last_person if wanted == "person" else (
                self.last_body or (self.last_any if wanted == "group" else None))
            if found is None:
                return None
            return Speaker(found.name, found.entity, found.role, resolved_from=phrase)
        words = norm.split()
        if words and words[-1] in DOCUMENT_SPEAKERS or (
                len(words) > 2 and words[1] in DOCUMENT_SPEAKERS and words[0] in ("a", "the")) \
                or _OWN_DOCUMENT.search(phrase):
            return self._document(phrase, role, words)
        earlier = self._described(words, proper=phrase.split()[-1][:1].isupper())
        if earlier is not None:
            return Speaker(earlier.name, earlier.entity, earlier.role, resolved_from=phrase)
        return self._named(phrase, role)

    def _described(self, words: list[str], *, proper: bool = False) -> Speaker | None:
        """"the ministry", "the aid worker": the last speaker whose name or role has that noun. A
        proper name ("The Red Cross") is matched against names only, not against a person's role
        ("coordinator of the International Committee of the Red Cross")."""
        if not (2 <= len(words) <= 3 and words[0] == "the" and all(w.isalpha() for w in words)):
            return None
        head = words[-1]
        for earlier in reversed(self.history[-40:]):
            named = normalise(earlier.name).split() + (
                [] if proper and head not in PERSON_NOUNS else normalise(earlier.role or "").split())
            if _same_noun(head, named) and (len(words) == 2 or words[1] in named):
                self.remember(earlier)
                return earlier
        if len(words) == 2 and head in _BODY_NOUNS and self.last_body is not None and \
                self.last_body.entity.types and \
                set(self.last_body.entity.types) & _BODY_TYPES and \
                self.last_body.name[:1].isupper():
            # "the group said" after "Hezbollah announced": the organisation that spoke last
            return Speaker(self.last_body.name, self.last_body.entity, self.last_body.role,
                           resolved_from=" ".join(words))
        found = self._titled(head, None if len(words) == 2 else words[1]) \
            if head in PERSON_NOUNS else None
        if found is not None:  # "the Secretary": "Secretary of State X" named before
            return self._named(found[1], found[0])
        return None

    def _document(self, phrase: str, role: str | None, words: list[str]) -> Speaker:
        """"the statement said" speaks for whoever spoke last; a document seen by the reporter ("a
        copy of the agreement seen by Reuters") is its own speaker, and "the document" then means it."""
        if _OWN_DOCUMENT.search(phrase):
            self.last_document = self._named(phrase, role)
            return self.last_document
        found = self.last_document if words[-1] in _SEEN_NOUNS and self.last_document else \
            self.last_any
        if found is None:  # nobody spoke before: the document itself is the speaker
            return self._named(phrase, role)
        return Speaker(found.name, found.entity, found.role, resolved_from=phrase)

    def _named(self, phrase: str, role: str | None) -> Speaker:
        name, own_role = display_name(phrase)
        if own_role and own_role.endswith(" of") and len(name.split()) <= 2:
            hit = self.gazetteer.lookup(name)  # "Crown Prince of Jordan": the title holder
            if hit is None or not hit.is_person:
                name, own_role = phrase, None
        earlier = self.people.get(normalise(name))
        if earlier is not None:  # a surname after the full name ("Stepanian" after "Gegham Stepanian")
            self.remember(earlier)
            return Speaker(earlier.name, earlier.entity, role or own_role or earlier.role)
        titled = own_role is not None and own_role.split()[-1].lower().strip(".,") in \
            TITLES | PERSON_NOUNS and len(name.split()) <= 4 and name[:1].isupper()
        # "police spokesman Lt. Col. Nurhabri": a name after a person's title is a person's
        entity = self.gazetteer.resolve(name, types=("Person",) if titled else None)
        speaker = Speaker(name, entity, role or own_role)
        self.remember(speaker)
        return speaker

    def note_subject(self, text: str, actors: list[tuple[int, Ref]], spoke: bool) -> None:
        """A person who is a sentence's subject ("Roza Otunbayeva arrived in Osh on Friday",
        "Nepal's home minister, Krishna Prasad Sipaula, sounded an optimistic note") is whom a
        "she" or "he" in the next sentences means, when no one spoke in that sentence."""
        if spoke:
            return
        for at, ref in actors:
            if not ref.entity.is_person or at > 80:
                continue
            words = _WORDS_BEFORE.findall(text[:at])
            if all(w[:1].isupper() or w.lower() in _SUBJECT_LEAD or w.endswith(("'s", "’s"))
                   for w in words):
                self.last_person = Speaker(ref.name, ref.entity, None)
            return  # only the sentence's first actor can be its subject

    def remember(self, speaker: Speaker) -> None:
        self.last_any = speaker
        self.history.append(speaker)
        if speaker.entity.is_person or _described_person(speaker.name):
            self.last_person = speaker
            # a surname is the last word of a proper name ("Gegham Stepanian", "regional governor
            # Oleh Kiper"), not of a description ("A source close to Hezbollah")
            words = (titled_name(speaker.name) or display_name(speaker.name)[0]).split()
            if len(words) > 1 and all(w[:1].isupper() for w in words) and \
                    words[0].lower() not in ("a", "an", "the"):
                self.people.setdefault(normalise(words[-1]), speaker)
        else:
            self.last_body = speaker


_WORDS_BEFORE = re.compile(r"[\w’'.-]+")
# A person's name, then where the person is: "VOA Correspondent Alisha Ryu in our East Africa Bureau
# in Nairobi" is Alisha Ryu (a description's place stays: "Airport officials in Pemba").
_PERSON_LOCATED = re.compile(r"^(.*?[A-Z][\w’'-]+)\s+(?:in|at|from|based in)\s+"
                             r"(?:our\s+|the\s+|his\s+|her\s+)?[A-Z]")


def _ends_with_person_name(text: str) -> bool:
    """Whether the phrase ends with two to four capitalised words that are no titles ("VOA
    Correspondent Alisha Ryu")."""
    name: list[str] = []
    for word in reversed(text.split()):
        if not word[:1].isupper() or word.lower().strip(".") in TITLES | PERSON_NOUNS:
            break
        name.insert(0, word)
    return _person_name(" ".join(name))


# Lower-case words that may come before a sentence's subject: titles and their qualifiers ("acting
# president", "home minister"), articles, and the adverbs and days of a sentence's opening.
_SUBJECT_LEAD = TITLES | words("the a an of and acting former deputy vice home foreign interior "
                               "defense defence prime chief top senior on in at earlier later "
                               "meanwhile then also")
_BARE_ROLE = re.compile(r"(?:[Tt]he)\s+([a-z]+)")


def named_after(statements: list[StatementDraft], reach: int = 2) -> dict[Ref, Ref]:
    """Speakers first told by role alone ("..., the governor said") and named with it in one of
    the next sentences ("governor Vyacheslav Gladkov said"): {the role's ref: the person's}."""
    renamed: dict[Ref, Ref] = {}
    for i, said in enumerate(statements):
        bare = _BARE_ROLE.fullmatch(said.speaker.name)
        if bare is None or bare.group(1) not in TITLES or said.speaker in renamed:
            continue
        titled = re.compile(rf"\b(?i:{bare.group(1)})\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)+)")
        for later in statements[i + 1:]:
            if later.evidence.start <= said.evidence.start:
                continue
            if later.evidence.start - said.evidence.end > 400 * reach:
                break
            m = titled.search(later.evidence.text)
            if m and later.speaker.entity.is_person and m.group(1).endswith(later.speaker.name):
                renamed[said.speaker] = later.speaker
                break
    return renamed
