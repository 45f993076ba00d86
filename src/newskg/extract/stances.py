"""What counts as words said, by the development set's annotation rules (data/devset/README.md):
the document's own voice is no statement (rule 1), non-agents are no speakers (rule 5), demands and
accusations are statements whose words are their object, bare stances are not (rule 6)."""

from __future__ import annotations

import re

from newskg.extract.patterns import words
from newskg.extract.speakers import Speaker

# Objects of a cue that are not words said: "accused each other", "claimed responsibility (for the
# attack)" (a stance, not words: devset annotation rule 6).
NOT_WORDS = re.compile(r"(?:each other|one another|credit|responsibility|independence|"
                        r"war (?:on|against)|"
                        r"a state of emergency|martial law)\b")
# "accused X of Y", "blamed X for Y-ing": the words are Y (rule 6); "blamed X for <noun>" and
# "accused X" alone report no words.
_CHARGE_OF = {"accu": re.compile(r"[^,;:“”\"]{1,80}?\s+of\s+(?=\S)"),
              "blam": re.compile(r"[^,;:“”\"]{1,80}?\s+for\s+(?=\w+ing\b)")}
# "reiterated/underscored/reaffirmed the need for X", "... their commitment to X": the object is the
# words (rule 6); other objects of these verbs are stances.
_RESTATING = ("reiterat", "underscor", "reaffirm")
_NEED_OBJECT = re.compile(r"(?:the|an?|its|their|his|her|our)\s+(?:\w+\s+){0,2}(?:need|call|importance|"
                          r"commitment|demand|readiness|determination)s?\s+(?:for|to|of)\b")
# "announced more than $329 million in additional assistance": money given, not words said.
FUNDING = re.compile(r"(?:(?:more than|over|nearly|almost|about|some|an additional|another)\s+)?"
                      r"(?:[$€£]|US\$|USD\s)\s?\d")
# A state's present-tense stance ("The United States urges/believes/welcomes ...") is the voice of
# its own press release (rule 1); news copy reports states' words in the past tense or with "says".
_STANCE_PRESENT = words("believes urges welcomes calls remains reaffirms reiterates supports "
                        "condemns commends applauds encourages stands notes underscores")


# Sources that are no agent: "according to the terms of the proposal", "initial reports" (rule 5).
NON_AGENT = re.compile(r"(?:(?:the|some|initial|early|earlier|preliminary|unconfirmed|media|local|"
                        r"press)\s+)*(?:terms|reports?|data|figures|estimates|records|footage|"
                        r"images|videos?|the (?:deal|agreement|proposal|plan|accord))\b",
                        re.IGNORECASE)
# "reported hearing gunfire": a perception, not words (rule 6).
_PERCEPTION = re.compile(r"(?:hearing|seeing|feeling|smelling|witnessing)\b")
# "..., which has been repeatedly denied by both A and B": a passive denial of the words before.
PASSIVE_DENIAL = re.compile(r",\s*which\s+(?:has|have|had)\s+(?:\w+\s+)?been\s+(?:\w+ly\s+)?"
                             r"(?:denied|rejected)\s+by\s+(?:both\s+)?(?P<who>[^.;]{2,100}?)\s*[.;]?$")


def own_voice(speaker: Speaker, bare_cue: str) -> bool:
    """"The United States urges ...": a state's present-tense stance, its own release speaking."""
    return "State" in speaker.entity.types and bare_cue.split()[0] in _STANCE_PRESENT


_BYLINE_THAT = re.compile(r"(?:from|for)\s+[^,.;:\"“]{1,80}?\s+that\s+")


# The object of "called X Y" before the name given to it: a pronoun or "the" and one noun, then a
# complement that opens with a determiner or a quotation mark.
_NAMED_OBJECT = re.compile(r"(?:it|them|him|her|this|that|these|those|the\s+[\w’'-]+)\s+"
                           r"(?=(?:a|an|the|one|its|their|his|her|[\"“])\s*\S)")


# The claim a denial names before the claim's words: "(Ukrainian) allegations that", "reports on
# Friday that", "charges that".
_CLAIM_THAT = re.compile(r"(?:the\s+|[A-Z][\w’'-]*\s+|media\s+|news\s+)?(?:reports?|claims?|"
                         r"allegations?|accusations?|charges?|suggestions?|rumou?rs?)\s+"
                         r"(?:(?:on|late|early)\s+)?(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                         r"Saturday|Sunday|yesterday|today)\s+)?that\s+")


def object_words(bare_cue: str, text: str, cue_end: int, pos: int) -> int | None:
    """Where the words of a cue start when its object decides them: after "accused X of", "blamed X
    for" (a gerund only); None when the object is no words ("reported hearing gunfire", "X reports
    from Goris", "X reports for VOA", "reiterated its support"). Other cues: ``pos`` (after the cue, its adverbials and
    "that", which starts at ``cue_end``) unchanged."""
    if bare_cue.startswith(("accus", "blam")):
        of = _CHARGE_OF[bare_cue[:4]].match(text, pos)
        return of.end() if of else None
    if bare_cue in ("called", "calling"):
        # "calling it a massacre", "called the attack a cowardly act": the words are the name
        # given, after its object (devset rules 78, 149)
        named = _NAMED_OBJECT.match(text, pos)
        if named is None:
            return pos
        clause = re.match(r"[^,;.]*", text[named.end():])
        # a name of one or two words keeps its object: "it a massacre" is words enough, "a
        # massacre" alone would be taken for a bare stance
        return named.end() if clause and len(clause.group(0).split()) >= 3 else pos
    if bare_cue.startswith(("den", "reject", "dismiss")):
        what = _CLAIM_THAT.match(text, pos)  # "denied reports on Friday that an air strike ...
        if what is not None:                 # had killed 16 civilians": what it denied
            return what.end()
    if bare_cue.startswith("warn") and text.startswith(("of ", "about "), pos):
        return text.index(" ", pos) + 1  # "warned of a full catastrophe": its object (rule 74)
    if bare_cue.startswith("report"):
        # "X reports from Goris", "Lisa Schlein reports for VOA from Geneva": a byline, no words;
        # "VOA's Suzanne Presto reports from New Delhi that ...": the words after "that"
        if text.startswith(("from ", "for "), pos):
            that = _BYLINE_THAT.match(text, pos)
            return that.end() if that else None
        return None if _PERCEPTION.match(text, pos) else pos
    if bare_cue.startswith(_RESTATING) and not (
            text[cue_end:pos].rstrip().endswith("that") or _NEED_OBJECT.match(text, pos)):
        return None
    return pos
