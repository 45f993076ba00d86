"""Reporting cues and the drafting of one statement: the cue words (with the stance each marks),
which matches of them are cues, and a statement added with its date when its words are words said."""

from __future__ import annotations

import datetime as dt
import re

from newskg.extract.dates import find_dates
from newskg.extract.model import Ref, StatementDraft
from newskg.extract.patterns import words
from newskg.extract.patterns.speech import CUE_TAILS, CUES
from newskg.extract.sentences import Sentence
from newskg.extract.speakers import Speaker
from newskg.extract.stances import NON_AGENT, NOT_WORDS

ACTS = {form: cue.stance for cue in CUES for form in cue.forms}
_FORMS = sorted(ACTS, key=len, reverse=True)
CUE = re.compile(r"\b(?=\w)(?P<cue>(?:(?:has|have|had|would|also|had also|has also|has been|have been|had been)\s+|(?:is|are|was|were)\s+(?=\w+ing\b))?"
                 r"(?:" + "|".join(re.escape(f) for f in _FORMS) + r"))\b")
# After a quotation only, verbs that go on with a speaker's words ('"...," Obasanjo continued.').
QUOTE_CUE = re.compile(r"\b(?=\w)(?P<cue>(?:(?:has|have|had|would|also|had also|has also|has been|have been|had been)\s+|(?:is|are|was|were)\s+(?=\w+ing\b))?"
                       r"(?:" + "|".join(re.escape(f) for f in _FORMS) +
                       r"|continued|went on|replied|recalled))\b")
_DATE_WORDS = (r"(?:(?:late|early)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
               r"Saturday|Sunday|yesterday|today)(?:\s+(?:evening|morning|night|afternoon))?|"
               r"(?:earlier\s+|later\s+)?(?:last|this|next)\s+(?:week|month|year|night|weekend)|"
               r"earlier|later")
SKIP_AFTER_CUE = re.compile(r"(?:\s*,?\s*(?:" + _DATE_WORDS + "|" + "|".join(CUE_TAILS) +
                             r"|also|again|repeatedly|previously|on [A-Z]\w+))+", re.IGNORECASE)
# "adding 3,500 miles to voyages", "added to the pressure": "add" with an object is not speech.
_ADD_OBJECT = re.compile(r"\s+(?:(?:about|around|some|nearly|almost|more than|over|another|a further|"
                         r"an extra|up to)\s+)?(?:\d|to\b|fuel\b|weight\b)", re.IGNORECASE)
# "Locals are calling it a massacre": the name given is words enough (devset rule 78).
_NAMING = frozenset(("calling it", "calling them"))
# A quotation the cue introduces whole ("what it called "humanitarian mediation""): words enough.
_WHOLE_QUOTE = re.compile(r"^[“\"][^“”\"]+[”\"]$")
MIN_WORDS = 2
MIN_REPORTED_WORDS = 3


def is_cue(text: str, m: re.Match[str]) -> bool:
    """Leave out nouns and modifiers that look like cues ("the claims", "a said agreement",
    "following reported advances"), passive participles ("condemned by X", "a report, denied by
    Y": no speaker before them), "add" with an object, and the attitude verb of "said he hoped"
    (the words of "said")."""
    before = text[max(0, m.start() - 40):m.start()].split()[-2:] or [""]
    if before[-1].lower() in _NOT_BEFORE_VERB:
        return False
    if m.group("cue").endswith(("ed", "said", "told")) and (
            before[-1].lower() in _PASSIVE_AUX or " been " in m.group("cue")):
        return False  # "No major clashes were / have been reported": passive, nobody speaks
    bare = bare_cue(m.group("cue"))
    if bare.endswith("ed") and bare == m.group("cue") and text.startswith(" by ", m.end()):
        return False
    if bare.startswith("add") and _ADD_OBJECT.match(text, m.end()):
        return False
    if bare == "states" and not re.match(r"\s*(?:that\b|:)", text[m.end():]):
        return False  # "UN member states and aid groups": the noun
    if bare in ("identified", "identifies") and (
            not _IDENTIFIED_AS.match(text, m.end()) or
            text[max(0, m.start() - 4):m.start()].lower() == "not " or
            m.group("cue") != bare):
        return False  # "had been identified so far", "asked not to be identified"
    if bare in ("called", "calling") and m.group("cue") == bare and \
            _NAMED_THING.search(text, 0, m.start()) and _NAME_AFTER.match(text, m.end()):
        return False  # "a smaller militant group called the Popular Resistance Committees": a name
    if bare in ("called", "calling") and _CALLED_PARTICLE.match(text, m.end()):
        return False  # "called in reinforcements", "called off the strike": no words
    if bare in ("put", "puts") and not _TOLL_AT.match(text, m.end()):
        return False  # "put pressure on", "put forward": no toll given
    if bare in ("asked", "asks", "instructed", "instructing") and \
            not _ASKED_OBJECT.match(text, m.end()):
        return False  # "asked about the talks", "asked not to be named": no demand
    return not (len(before) == 2 and before[-1].lower() in _PRONOUNS and before[0] in ACTS)


_PRONOUNS = words("he she it they we i")
_PASSIVE_AUX = words("was were been being is are be")
# "a group called X", "an operation called X": an indefinite noun phrase, then the name it is given.
_NAMED_THING = re.compile(r"\b(?:an?|one)\s+(?:[a-z][\w’'-]*\s+){0,3}[a-z][\w’'-]*\s*$")
_NAME_AFTER = re.compile(r"\s+(?:the\s+)?[\"“]?[A-Z]")
# "called in reinforcements", "called off the search", "called up reservists": a phrasal verb, not
# speech ("called in a statement for calm" is).
_CALLED_PARTICLE = re.compile(r"\s+(?:off|up|back)\b|\s+in\s+(?!(?:a|an|his|her|its|their|the|"
                              r"this|that|one)\s+(?:[\w-]+\s+)?(?:statement|speech|letter|message|"
                              r"interview|tweet|post|report|address|communiqu[eé]|note|video)s?\b)")
# "identified the commander (on Friday) as Wissam al-Tawil": an object, then "as".
_IDENTIFIED_AS = re.compile(r"\s+(?:[\w’'.-]+\s+){1,8}?as\s+\S")
# "put the death toll at 11", "put the number of dead at more than 50": a toll given.
_TOLL_AT = re.compile(r"\s+the\s+(?:(?:overall|total|official|final|latest)\s+)?(?:death\s+toll|toll|"
                      r"number\s+of\s+(?:dead|deaths|killed|casualties|victims))\s+at\b")
# "asked both sides to stop": an object, then "to" and a verb.
_ASKED_OBJECT = re.compile(r"\s+(?!not\b|to\b|for\b|about\b|if\b|whether\b|why\b|how\b|what\b)"
                           r"(?:[\w’'.-]+\s+){1,6}?to\s+(?!be named\b|be identified\b)[a-z]")
# A determiner or preposition just before a cue word makes it a noun or an adjective.
_NOT_BEFORE_VERB = words("the a an its his her their of to following after amid despite over "
                         "about among against from with for recent unconfirmed initial "
                         "preliminary conflicting")  # "by recent reports that": a noun


# A speaker phrase that names an agreement or a happening, not someone who speaks.
_THING = re.compile(r"(?:(?:an?|the|this|that|these|those|its|their)\s+)?(?:[\w’'-]+\s+)?(?:cease-?fires?|"
                    r"truces?|deals?|accords?|attacks?|fighting|clashes|offensives?|violence|"
                    r"incidents?|events?|developments?)",
                    re.IGNORECASE)


def clip(text: str, start: int, end: int) -> str:
    """The words in text[start:end] without surrounding spaces and final punctuation."""
    words = text[start:end].strip()
    while words and words[-1] in ".,;:" and not words.endswith(("..", "”.", '".')):
        words = words[:-1].rstrip()
    if words.endswith(("”.", '".')) and words.count("“") + words.count('"') >= 1:
        words = words[:-1]
    return words


def add_statement(out: list[StatementDraft], sentence: Sentence, speaker: Speaker, words: str,
         direct: bool, act: str, cue: str, confidence: float, published: dt.date | None,
         start: int = 0) -> None:
    # "denied responsibility" is a denial however short (devset rules 33, 108); "claimed
    # responsibility" and "each other" report no words
    denial = act == "denied" and words.startswith("responsibility")
    if not words or words not in sentence.text or (NOT_WORDS.match(words) and not denial):
        return
    if NON_AGENT.fullmatch(speaker.name) or _THING.fullmatch(speaker.name):
        return  # "Reports say ...", "A cease-fire called on Monday ...": no agent speaks (rule 5)
    if not direct and len(words.split()) < MIN_REPORTED_WORDS and not (
            (_WHOLE_QUOTE.match(words) or bare_cue(cue) in _NAMING) and
            len(words.split()) >= MIN_WORDS) and not denial:
        return  # "confirmed the exchange", "denied the accusation": no words reported
    date = next((d for d in find_dates(sentence.text, published)
                 if not (start <= d.start < start + len(words))), None)
    out.append(StatementDraft(
        speaker=Ref(speaker.name, speaker.entity), words=words, direct=direct, stance=act, cue=cue,
        evidence=sentence, confidence=confidence, role=speaker.role,
        date=date.value if date else None, date_text=date.text if date else None, start=start))


def bare_cue(cue: str) -> str:
    words = cue.split()
    while len(words) > 1 and words[0] in ("has", "have", "had", "would", "also", "been", "is", "are",
                                          "was", "were"):
        words = words[1:]
    return " ".join(words)


def cue_text(text: str, start: int, end: int) -> str:
    skip = SKIP_AFTER_CUE.match(text, end)
    return text[start:skip.end() if skip else end].strip(" ,")
