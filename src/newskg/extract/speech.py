"""Statements in a sentence: direct quotations with their speaker, and reported speech.

Reported speech: 'X said (that) ...', '..., X said', 'According to X, ...', 'In X's words, ...',
'X claimed/insisted/promised/denied/warned/accused ...', several cues sharing one subject ('X claimed A
and said B', 'X said A, adding that B'), and two speakers sharing one cue ('X and Y announced ...').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newskg.extract.attribution import TRAILING_ACCORDING, attributed_source, quoted_words
from newskg.extract.direct import direct_statements, sentence_speakers
from newskg.extract.model import StatementDraft
from newskg.extract.patterns.speech import ATTITUDES
from newskg.extract.quotes import (
    NAME_CHAR,
    OPENING,
    Quotation,
    inside,
    is_full_quote,
    quotations,
)
from newskg.extract.reporting import (
    ACTS,
    CUE,
    MIN_WORDS,
    SKIP_AFTER_CUE,
    add_statement,
    bare_cue,
    clip,
    cue_text,
    is_cue,
)
from newskg.extract.sentences import DATELINE, Sentence
from newskg.extract.speakers import (
    Speaker,
    SpeakerTracker,
    is_noun_phrase,
    plausible_speaker,
    speaker_phrases,
)
from newskg.extract.stances import (
    FUNDING,
    NON_AGENT,
    NOT_WORDS,
    PASSIVE_DENIAL,
    object_words,
    own_voice,
)
from newskg.extract.subjects import (
    phrase_speaker,
    phrase_speakers,
    resolve_before_cue,
    subject_speakers,
)

__all__ = ["ACTS", "statements_in"]

# The day after "told reporters": "late Monday", "today (Saturday)".
_TOLD_DAY = (r"(?:late |early )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
             r"yesterday)(?: \(\w+\))?")
TOLD = frozenset(("told", "tells", "tell"))  # cues with an addressee: "told Reuters (that) ..."
_TOLD_WHOM = re.compile(r"\s+((?:[A-Z][\w’'/.-]*|of|the|a|an|reporters|journalists|news agencies|"
                        r"(?:local |state |foreign )?media)"
                        r"(?:\s+(?:[A-Z][\w’'/.-]*|of|the|reporters|journalists|briefing|"
                        r"news conference|press conference|meeting|lawmakers|parliament|"
                        # "told the French news agency (AFP) that", "a Russian newspaper [Kommersant]"
                        r"news agency|news agencies|agency|newspaper|broadcaster|television|radio|"
                        r"\([A-Z][\w.&-]{1,12}\)|\[[A-Z][^\]]{1,30}\]))*"
                        r"(?:\s+(?:by (?:tele)?phone|in an interview|"
                        # "told Umerov during a meeting in Washington that"
                        r"during (?:a|an|the|their|his|her) (?:[\w-]+ ){0,3}?(?:meeting|call|visit|"
                        r"talks|conversation|news conference|press conference)|"
                        + _TOLD_DAY + "|"  # "told reporters late Monday that"
                        r"on (?:Monday|Tuesday|Wednesday|"
                        r"Thursday|Friday|Saturday|Sunday)|(?:in|at) (?:the\s+)?[A-Z][\w’'.-]*"
                        r"(?:\s+[A-Z][\w’'.-]*){0,2}))*)")
# An addressee in lower case before "that": "tell aid workers that ...", "a VOA reporter that".
_TOLD_THAT = re.compile(r"\s*(?:(?:a|an|the|some|local)\s+)?(?:[\w’'.-]+\s+){0,3}?[a-z]+s?\s+that\b")
# "wrote on Telegram that", "posted on X that": the medium, then the words.
_ON_MEDIUM = re.compile(r"\s+(?:its\s+|his\s+|her\s+|their\s+|the\s+)?[A-Z][\w’'.-]*"
                        r"(?:\s+(?:[A-Z][\w’'.-]*|account|channel|page))*\s*(?:,\s*)?(?=that\b|:)")
# "told reporters the call was ...": the press as addressee, then the words without "that".
_TOLD_PRESS = re.compile(r"\s*(?:reporters|journalists|news agencies|(?:local |state |foreign )?media|"
                         r"(?:a|an|the) (?:[A-Z][\w’'.-]*\s+)?(?:newspaper|news agency|broadcaster)"
                         r"(?:\s+\[[A-Z][^\]]{1,30}\])?)"
                         r"(?:\s+(?:in|at)\s+(?:the\s+)?[A-Z][\w’'.-]*"
                         r"(?:\s+[A-Z][\w’'.-]*){0,2})?"
                         rf"(?:\s+{_TOLD_DAY})?"
                         r"\s+(?=(?:the|a|an|it|they|he|she|its|their|"
                         r"his|her)\s|[A-Z]|\d)")
# "told VOA the gunmen fled": a named addressee, then a clause without "that" (not a preposition).
_TOLD_NAME = re.compile(r"\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+(?=[a-z]|\d)(?!(?:on|in|at|by|"
                        r"about|after|before|during|for|from|of|over|to|with|and|or|that)\b)"
                        r"(?=(?:\S+\s+){3})")
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][^,]{0,60}?,\s*)?(?P<lead>According to|In)\s+(?P<who>[^,]{2,80}?)"
    r"(?P<poss>['’]s words)?,\s*(?P<rest>.+)$")
# A correspondent's lead-in: "As Anjana Pasricha reports (from New Delhi), <what she reports>"
# (devset rules 59 and 451: the words relayed are the correspondent's statement).
_AS_REPORTS = re.compile(r"^(?:[A-Z][A-Z ]{2,12}:\s*)?As\s+(?P<who>[A-Z][^,]{2,60}?)\s+reports?"
                         r"(?:\s+from\s+[A-Z][^,]{1,40})?,\s*(?P<rest>\S.+)$")
_WORDS_END = re.compile(r",\s*(?:adding|saying|insisting|arguing|noting|stressing|according to|an? (?:claim|charge|accusation|"
                        r"allegation)s?|which\s+(?:has|have|had)\s+(?:\w+\s+)?been\s+(?:\w+ly\s+)?"
                        r"(?:denied|rejected))\b|,\s*(?:but|while|after|before|"
                        r"as|when|although|though)\s|;\s|\s\[")
_ATTITUDE = re.compile(r"(?:he|she|they|it|we)\s+(" + "|".join(ATTITUDES) + r")\s+(?:that\s+)?",
                       re.IGNORECASE)
_PARTICIPLE_START = re.compile(r"^(?:[A-Z]\w*\s+)?(\w+ing)\b")
# "which he describes as a 'terrorist' group": the words follow "as".
_AS_WORDS = re.compile(r"\s*as\s+(?=\S)")
# 'called the decision "a grave mistake ..."': a short object before the quoted evaluation.
_EVALUATED_OBJECT = re.compile(r"(?:[\w’'-]+\s+){1,4}(?:as\s+)?")


@dataclass
class _Cue:
    match: re.Match[str]
    speakers: list[Speaker]
    shared: bool  # takes the subject of another cue in the sentence


def statements_in(sentence: Sentence, tracker: SpeakerTracker, published: dt.date | None
                  ) -> list[StatementDraft]:
    """The statements of one sentence, resolving speakers through ``tracker`` in reading order."""
    text = sentence.text
    quotes = quotations(text)
    out: list[StatementDraft] = []
    used: set[int] = set()
    direct_statements(sentence, quotes, tracker, published, out, used)
    lead = _LEADING_ATTRIBUTION.match(text)
    if lead and NON_AGENT.match(lead.group("who")):
        lead = None  # "According to the terms of the deal": no speaker (rule 5)
    if lead and not (lead.group("lead") == "According to" or lead.group("poss")):
        lead = None  # "In the first incursion onto Russian soil, ...": no source named, and no
        # speaker to remember for a later "he added"
    if lead and not any(s.start >= lead.start("rest") for s in out):
        speaker = phrase_speaker(lead.group("who"), tracker)
        if speaker is not None:
            words = clip(text, lead.start("rest"), len(text))
            add_statement(out, sentence, speaker, words, False, "asserted",
                          lead.group("lead") + (" X's words" if lead.group("poss") else ""), 0.75,
                          published)
    relay = _AS_REPORTS.match(text)
    if relay:  # "As Anjana Pasricha reports from New Delhi, it is the first such attack ..."
        speaker = phrase_speaker(relay.group("who"), tracker)
        if speaker is not None:
            add_statement(out, sentence, speaker, clip(text, relay.start("rest"), len(text)), False,
                          "asserted", "As X reports", 0.75, published, start=relay.start("rest"))
    trailing = TRAILING_ACCORDING.search(text)
    if trailing and not out:
        _according_to(sentence, trailing, tracker, published, out)
    cues = [m for m in CUE.finditer(text)
            if m.start() not in used and not inside(quotes, m.start()) and is_cue(text, m)]
    _reported(sentence, cues, quotes, tracker, published, out)
    _passive_denial(sentence, tracker, published, out)
    return out


def _passive_denial(sentence: Sentence, tracker: SpeakerTracker, published: dt.date | None,
                    out: list[StatementDraft]) -> None:
    """"A accuses B of Y, which has been denied by both B and C": Y is also a statement of each
    denier (rule 6), with the words of the statement the relative clause follows."""
    m = PASSIVE_DENIAL.search(sentence.text)
    if m is None or not out:
        return
    before = [s for s in out if s.start + len(s.words) <= m.start()]
    if not before:
        return
    denied = before[-1]
    who = [w for w in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group("who")) if w.strip()]
    for phrase in who:
        if plausible_speaker(phrase):
            for speaker in tracker.resolve_all(phrase.strip()):
                add_statement(out, sentence, speaker, denied.words, False, "denied", "denied by", 0.6,
                              published, start=denied.start)


def _according_to(sentence: Sentence, m: re.Match[str], tracker: SpeakerTracker,
                  published: dt.date | None, out: list[StatementDraft]) -> None:
    text = sentence.text
    who, start = attributed_source(m), 0
    if not plausible_speaker(who) or NON_AGENT.fullmatch(who):
        return
    lead = DATELINE.match(text)
    if lead:
        start = lead.end()
    for speaker in phrase_speakers(who, None, tracker):  # "according to X and Y": each speaks
        add_statement(out, sentence, speaker, clip(text, start, m.start()), False, "asserted",
                      "according to", 0.7, published, start=start)


def _reported(sentence: Sentence, cues: list[re.Match[str]], quotes: list[Quotation],
              tracker: SpeakerTracker, published: dt.date | None,
              out: list[StatementDraft]) -> None:
    text = sentence.text
    parsed: list[_Cue] = []
    nested = False
    for m in cues:
        left = text[:m.start()]
        tail = left[-80:]
        if parsed and (_NESTED.search(tail) or (nested and _AND_AT_END.search(tail))):
            nested = True
            continue  # "said that it welcomed ... and pledged": part of the earlier cue's words
        if parsed and NOT_WORDS.match(text, m.end() + 1) and text[m.end():m.end() + 1] == " ":
            continue  # "Reuters reported that Islamic State claimed responsibility": a stance the
            # earlier cue reports (rule 6), not a source nested in its words (rules 4, 19)
        nested = False
        participle = m.group("cue").split()[0].endswith("ing") and left.rstrip().endswith(",")
        phrases = [] if participle else speaker_phrases(left)
        if phrases is None:
            _inverted(sentence, m, tracker, published, out)  # "A, said the envoy."
            parsed.append(_Cue(m, [], False))
            continue
        shared = not phrases
        speakers = [] if shared else [s for p, r in phrases
                                      for s in resolve_before_cue(p, r, tracker, text, left)]
        if len(speakers) == 2 and len(phrases or []) == 2:
            tracker.last_pair = tuple(speakers)
        if len(speakers) >= 2:  # "X and Y urged a truce they said could start": they are X and Y
            tracker.note_joint(speakers)
        parsed.append(_Cue(m, speakers, shared))
    for i, c in enumerate(parsed):
        if c.shared:
            donor = next((p for p in reversed(parsed[:i]) if p.speakers), None) or \
                next((p for p in parsed[i + 1:] if p.speakers), None)
            c.speakers = list(donor.speakers) if donor else (
                sentence_speakers(out) or subject_speakers(text, tracker))
    for c in parsed:
        if len(c.speakers) >= 2:
            tracker.note_joint(c.speakers)
    # A sentence opening with a participle ("Denying X, he said Y") lends the main subject to it.
    opener = _PARTICIPLE_START.match(text)
    for i, c in enumerate(parsed):
        if not c.speakers:
            continue
        end = next((p.match.start() for p in parsed[i + 1:] if p.speakers), len(text))
        words_span = _words_after(text, c.match, end)
        if words_span is None:
            words_span = _words_before(text, c)
            if words_span is not None and any(
                    p is not c and p.speakers and words_span[0] <= p.match.start() < words_span[1]
                    for p in parsed):
                continue  # "X said A, news agencies reported": a medium carrying X's words (rule 4)
        if words_span is None:
            continue
        start, stop = words_span
        bare = bare_cue(c.match.group("cue"))
        act = ACTS.get(bare, "asserted")
        conf = 0.8 if not c.shared else 0.7
        if bare.startswith("announc") and FUNDING.match(text, start):
            continue  # "announced $329 million in aid": an act, not words (rule 6)
        for speaker in c.speakers:
            if own_voice(speaker, bare):
                continue
            conf_s = 0.7 if speaker.resolved_from else conf
            _add_reported(out, sentence, speaker, text, start, stop, act,
                       cue_text(text, c.match.start(), c.match.end()), conf_s, published)
        if opener and i == 0 and c.match.start() > 0 and opener.group(1).lower() in ACTS:
            comma = text.find(",")
            if 0 < comma < c.match.start():
                for speaker in c.speakers:
                    add_statement(out, sentence, speaker, clip(text, opener.end(), comma), False,
                                  ACTS[opener.group(1).lower()], opener.group(0), 0.6, published,
                                  start=opener.end())


_NESTED = re.compile(r"(?:\bthat|\b(?:said|says|told|added|stated|claimed|insisted|warned|"
                     r"announced|confirmed))\s+(?:it|he|she|they|we)\s+(?:(?:has|have|had|would|"
                     r"also)\s+)?$")
_AND_AT_END = re.compile(r"\band\s*$")  # "... and": the earlier cue goes on
_FINAL_ADDRESSEE = re.compile(r"\s*(?:[\w’'.-]+\s+){0,5}[\w’'.-]+\s*[.!?\"”’]*\s*")


_INVERTED_TAIL = re.compile(rf"\s+(?P<who>(?:the|a|an|[A-Z]){NAME_CHAR}{{1,80}}?)"
                            r"(?:,\s*(?P<role>[^.;“”\"]{2,160}?))?\s*[.!]?\s*$")


def _inverted(sentence: Sentence, m: re.Match[str], tracker: SpeakerTracker,
              published: dt.date | None, out: list[StatementDraft]) -> None:
    """Reported words before an inverted speaker at the end: "The road is closed, said a police
    officer at the checkpoint."."""
    text = sentence.text
    tail = _INVERTED_TAIL.match(text, m.end())
    comma = text.rstrip().rfind(",", 0, m.start())
    if tail is None or comma <= 0 or text[comma:m.start()].strip() != "," or \
            not is_noun_phrase(tail.group("who")):
        return  # "..., said the village had no targets" is not "..., said the envoy"
    start = 0
    lead = DATELINE.match(text)
    if lead:
        start = lead.end()
    for speaker in tracker.resolve_all(tail.group("who"), tail.group("role")):
        add_statement(out, sentence, speaker, clip(text, start, comma), False,
                      ACTS.get(bare_cue(m.group("cue")), "asserted"), m.group("cue"), 0.7, published,
                      start=start)


_SUBORDINATE_OPENING = re.compile(r"(?:While|Although|Though|As|If|When|Because|Since|After|"
                                  r"Before|Unless|Until|Even though|Even if)\s")
_PARTICIPLE_AFTER = re.compile(r"\s*[a-z]+ing\b")
_LEAD = re.compile(r"\s*(?:,\s*)?(?::\s*|(?P<that>that)\s+)?")
# "that" followed by a verb is a relative pronoun (of "a statement ... that did not identify"), not
# the start of the reported clause.
_RELATIVE_THAT = re.compile(r"(?:did|does|do|was|were|has|have|had|would|will|could|can|may|might|"
                            r"must|should)\b(?!\s+(?:not\s+)?(?:been|be)\b)")
_WHAT_BEFORE = re.compile(r"\bwhat\s+(?:[\w’'-]+\s+){1,3}$", re.IGNORECASE)
_COPULA = re.compile(r"(?:are|is|were|was|had been|has been|have been)\s+", re.IGNORECASE)


def _words_after(text: str, m: re.Match[str], limit: int) -> tuple[int, int] | None:
    """The reported words after a cue: skip dates and 'in a statement', an addressee, 'that'."""
    pos = m.end()
    skip = SKIP_AFTER_CUE.match(text, pos)
    if skip:
        pos = skip.end()
    if bare_cue(m.group("cue")).endswith(" on"):
        medium = _ON_MEDIUM.match(text, pos)  # "wrote on Telegram that ...": the words after it
        if medium is None:
            return None
        pos = medium.end()
    if bare_cue(m.group("cue")) in TOLD:
        medium = _TOLD_NAME.match(text, pos)
        whom = _TOLD_WHOM.match(text, pos)
        if whom is None:
            return None
        pos = whom.end()
        if not re.match(r"\s*(?:,\s*)?(?:that\b|:)", text[pos:]):
            listener = _TOLD_THAT.match(text, pos)
            if listener is not None:  # "tell aid workers that", "tell a VOA reporter that"
                pos = listener.end() - len("that")
            else:
                # "told VOA the militants used ...", "told reporters the call was ...": the
                # clause after the name or the press
                after = medium or _TOLD_PRESS.match(text, m.end())
                if after is None:
                    return None
                pos = after.end()
    if text.startswith(",", pos) and text.rfind(",", 0, m.start()) > 0:
        if _SUBORDINATE_OPENING.match(text) and not _PARTICIPLE_AFTER.match(text, pos + 1):
            # "While there's calm in Oromia today, he said, many families are too scared ...":
            # the main clause after the aside is the words
            pos = pos + 1
        else:
            return None  # "A, the ministry said, citing B": the words come before the speaker
    lead = _LEAD.match(text, pos)  # (it always matches: every part is optional)
    if lead is not None and lead.group("that") and _RELATIVE_THAT.match(text, lead.end()):
        return None  # "in a statement read on television that did not identify ...": no words
    pos = lead.end() if lead is not None else pos
    if _WHAT_BEFORE.search(text, max(0, m.start() - 40), m.start()):
        copula = _COPULA.match(text, pos)  # "what it says are X": the words are X (rule 128)
        pos = copula.end() if copula else pos
    bare = bare_cue(m.group("cue"))
    if ACTS.get(bare) == "evaluated" and not bare.startswith(("accus", "blam")):
        as_words = _AS_WORDS.match(text, pos)
        pos = as_words.end() if as_words else pos
    found = object_words(bare, text, m.end(), pos)
    if found is None:
        return None
    pos = found
    end = _end_of_words(text, pos, limit)
    if bare.startswith("den") and text.startswith("responsibility", pos):
        return pos, end  # "denied responsibility and called for calm": one word, a denial
    return (pos, end) if len(text[pos:end].split()) >= MIN_WORDS else None


def _end_of_words(text: str, start: int, limit: int) -> int:
    stop = _WORDS_END.search(text, start, limit)
    end = stop.start() if stop else limit
    if not stop and limit < len(text):  # the next cue: cut before its subject and connector
        cut = max(text.rfind(", ", start, limit), text.rfind(" and ", start, limit),
                  text.rfind(" but ", start, limit))
        if cut > start:
            end = cut
    return end


def _words_before(text: str, c: _Cue) -> tuple[int, int] | None:
    """'..., X said.': the words before the speaker phrase of a sentence-final cue."""
    tail = text[c.match.end():].strip()
    skip = SKIP_AFTER_CUE.match(tail)
    rest = tail[skip.end():] if skip else tail
    if bare_cue(c.match.group("cue")) in TOLD:  # "..., witnesses told Al Jazeera(, asking ...)."
        if _FINAL_ADDRESSEE.fullmatch(rest):
            rest = ""
        else:
            whom = _TOLD_WHOM.match(" " + rest)
            rest = (" " + rest)[whom.end():] if whom else rest
    relative = re.match(r"\s*(?:that|which)\s+", rest)  # "... in a statement read on television
    if relative and _RELATIVE_THAT.match(rest, relative.end()):  # that did not identify ...": about
        rest = ""                                                 # the statement, no words of it
    if rest.strip(" .!?\"”’") != "" and not rest.lstrip().startswith(","):
        return None
    head = text[:c.match.start()].rstrip()
    comma = head.rfind(",")
    if comma <= 0:
        return None
    start = 0
    lead = DATELINE.match(text)  # MOSCOW, Sept 20 (Reuters) -
    if lead:
        start = lead.end()
    return (start, comma) if len(text[start:comma].split()) >= MIN_WORDS else None


def _add_reported(out: list[StatementDraft], sentence: Sentence, speaker: Speaker, text: str,
               start: int, stop: int, act: str, cue: str, confidence: float,
               published: dt.date | None) -> None:
    """The reported words as one statement ("said A and that B" is one, as annotators count it);
    an attitude verb ("said he hoped for") sets the act."""
    offset = start
    attitude = _ATTITUDE.match(text, offset, stop)
    if attitude:
        act = ATTITUDES[attitude.group(1).lower()]
        offset = attitude.end()
    quoting = text[offset:offset + 1] in OPENING or act == "evaluated" and (
        "“" in text[offset:stop] or '"' in text[offset:stop])
    whole = next((q for q in quotations(text) if is_full_quote(q) and (
        q.start == offset or act == "evaluated"
        and _EVALUATED_OBJECT.fullmatch(text, offset, q.start))), None) if quoting else None
    if whole is not None:  # 'he hoped "both parties will ..."': the quoted words, direct (rule 7)
        at, quoted = quoted_words(whole)
        add_statement(out, sentence, speaker, quoted, True, act, cue, confidence, published,
                      start=at)
        return
    words = clip(text, offset, stop)
    if len(words.split()) >= MIN_WORDS or (act == "denied" and words == "responsibility"):
        add_statement(out, sentence, speaker, words, False, act, cue, confidence, published,
                      start=offset)
