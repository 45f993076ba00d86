"""Statements in a sentence: direct quotations with their speaker, and reported speech.

Reported speech: 'X said (that) ...', '..., X said', 'According to X, ...', 'In X's words, ...',
'X claimed/insisted/promised/denied/warned/accused ...', several cues sharing one subject ('X claimed A
and said B', 'X said A, adding that B'), and two speakers sharing one cue ('X and Y announced ...').
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newskg.extract.attribution import TRAILING_ACCORDING, attributed_source, quoted_sentences
from newskg.extract.dates import find_dates
from newskg.extract.model import Ref, StatementDraft
from newskg.extract.patterns import words
from newskg.extract.patterns.speech import ATTITUDES, CUE_TAILS, CUES
from newskg.extract.quotes import (
    Quotation,
    after_quote,
    before_quote,
    inside,
    is_full_quote,
    quotations,
)
from newskg.extract.sentences import DATELINE, Sentence
from newskg.extract.speakers import (
    Speaker,
    SpeakerTracker,
    is_noun_phrase,
    plausible_speaker,
    speaker_phrases,
)
from newskg.extract.subjects import (
    phrase_speaker,
    phrase_speakers,
    resolve_before_cue,
    subject_speakers,
)

ACTS = {form: cue.stance for cue in CUES for form in cue.forms}
_FORMS = sorted(ACTS, key=len, reverse=True)
CUE = re.compile(r"\b(?=\w)(?P<cue>(?:(?:has|have|had|would|also|had also|has also)\s+)?"
                 r"(?:" + "|".join(re.escape(f) for f in _FORMS) + r"))\b")
# After a quotation only, verbs that go on with a speaker's words ('"...," Obasanjo continued.').
QUOTE_CUE = re.compile(r"\b(?=\w)(?P<cue>(?:(?:has|have|had|would|also|had also|has also)\s+)?"
                       r"(?:" + "|".join(re.escape(f) for f in _FORMS) +
                       r"|continued|went on|replied|asked|recalled))\b")
_DATE_WORDS = (r"(?:(?:late|early)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
               r"Saturday|Sunday|yesterday|today)(?:\s+(?:evening|morning|night|afternoon))?|"
               r"(?:earlier\s+|later\s+)?(?:last|this|next)\s+(?:week|month|year|night|weekend)|"
               r"earlier|later")
_SKIP_AFTER_CUE = re.compile(r"(?:\s*,?\s*(?:" + _DATE_WORDS + "|" + "|".join(CUE_TAILS) +
                             r"|also|again|repeatedly|previously|on [A-Z]\w+))+", re.IGNORECASE)
_TOLD_WHOM = re.compile(r"\s+((?:[A-Z][\w’'/.-]*|of|the|a|an|reporters|journalists)"
                        r"(?:\s+(?:[A-Z][\w’'/.-]*|of|the|reporters|journalists|briefing|"
                        r"news conference|press conference|meeting|lawmakers|parliament))*"
                        r"(?:\s+(?:by (?:tele)?phone|in an interview|on (?:Monday|Tuesday|Wednesday|"
                        r"Thursday|Friday|Saturday|Sunday)))?)")
# "told VOA the gunmen fled": a named addressee, then a clause without "that" (not a preposition).
_TOLD_NAME = re.compile(r"\s+[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}\s+(?=[a-z])(?!(?:on|in|at|by|"
                        r"about|after|before|during|for|from|of|over|to|with|and|or|that)\b)"
                        r"(?=(?:\S+\s+){3})")
_LEADING_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][^,]{0,60}?,\s*)?(?P<lead>According to|In)\s+(?P<who>[^,]{2,80}?)"
    r"(?P<poss>['’]s words)?,\s*(?P<rest>.+)$")
_WORDS_END = re.compile(r",\s*(?:adding|saying|according to|an? (?:claim|charge|accusation|"
                        r"allegation)s?|which\s+(?:has|have|had)\s+(?:\w+\s+)?been\s+(?:\w+ly\s+)?"
                        r"(?:denied|rejected))\b|,\s*(?:but|while|after|before|"
                        r"as|when|although|though)\s|;\s|\s\[")
_ATTITUDE = re.compile(r"(?:he|she|they|it|we)\s+(" + "|".join(ATTITUDES) + r")\s+(?:that\s+)?",
                       re.IGNORECASE)
_PARTICIPLE_START = re.compile(r"^(?:[A-Z]\w*\s+)?(\w+ing)\b")
MIN_WORDS = 2
MIN_REPORTED_WORDS = 3
# Objects of a cue that are not words said: "accused each other", "claimed responsibility (for the
# attack)" (a stance, not words: devset annotation rule 6).
_NOT_WORDS = re.compile(r"(?:each other|one another|credit|responsibility|independence|"
                        r"war (?:on|against)|"
                        r"a state of emergency|martial law)\b")
# "adding 3,500 miles to voyages", "added to the pressure": "add" with an object is not speech.
_ADD_OBJECT = re.compile(r"\s+(?:(?:about|around|some|nearly|almost|more than|over|another|a further|"
                         r"an extra|up to)\s+)?(?:\d|to\b|fuel\b|weight\b)", re.IGNORECASE)
# "accused X of Y", "blamed X for Y-ing": the words are Y (rule 6); "blamed X for <noun>" and
# "accused X" alone report no words.
_CHARGE_OF = {"accus": re.compile(r"[^,;:“”\"]{1,80}?\s+of\s+(?=\S)"),
              "blam": re.compile(r"[^,;:“”\"]{1,80}?\s+for\s+(?=\w+ing\b)")}
# "reiterated/underscored/reaffirmed the need for X", "... their commitment to X": the object is the
# words (rule 6); other objects of these verbs are stances.
_RESTATING = ("reiterat", "underscor", "reaffirm")
_NEED_OBJECT = re.compile(r"(?:the|an?|its|their|his|her|our)\s+(?:\w+\s+){0,2}(?:need|call|importance|"
                          r"commitment|demand|readiness|determination)s?\s+(?:for|to|of)\b")
# "announced more than $329 million in additional assistance": money given, not words said.
_FUNDING = re.compile(r"(?:(?:more than|over|nearly|almost|about|some|an additional|another)\s+)?"
                      r"(?:[$€£]|US\$|USD\s)\s?\d")
# A state's present-tense stance ("The United States urges/believes/welcomes ...") is the voice of
# its own press release (rule 1); news copy reports states' words in the past tense or with "says".
_STANCE_PRESENT = words("believes urges welcomes calls remains reaffirms reiterates supports "
                        "condemns commends applauds encourages stands notes underscores")


def _own_voice(speaker: Speaker, cue: str) -> bool:
    return "State" in speaker.entity.types and _bare(cue).split()[0] in _STANCE_PRESENT


# Sources that are no agent: "according to the terms of the proposal", "initial reports" (rule 5).
_NON_AGENT = re.compile(r"(?:(?:the|some|initial|early|earlier|preliminary|unconfirmed|media|local|"
                        r"press)\s+)*(?:terms|reports?|data|figures|estimates|records|footage|"
                        r"images|videos?|the (?:deal|agreement|proposal|plan|accord))\b",
                        re.IGNORECASE)
# "reported hearing gunfire": a perception, not words (rule 6).
_PERCEPTION = re.compile(r"(?:hearing|seeing|feeling|smelling|witnessing)\b")
# "..., which has been repeatedly denied by both A and B": a passive denial of the words before.
_PASSIVE_DENIAL = re.compile(r",\s*which\s+(?:has|have|had)\s+(?:\w+\s+)?been\s+(?:\w+ly\s+)?"
                             r"(?:denied|rejected)\s+by\s+(?:both\s+)?(?P<who>[^.;]{2,100}?)\s*[.;]?$")
# "which he describes as a 'terrorist' group": the words follow "as".
_AS_WORDS = re.compile(r"\s*as\s+(?=\S)")
# 'called the decision "a grave mistake ..."': a short object before the quoted evaluation.
_EVALUATED_OBJECT = re.compile(r"(?:[\w’'-]+\s+){1,4}(?:as\s+)?")
# A quotation the cue introduces whole ("what it called "humanitarian mediation""): words enough.
_WHOLE_QUOTE = re.compile(r"^[“\"][^“”\"]+[”\"]$")


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
    _direct(sentence, quotes, tracker, published, out, used)
    lead = _LEADING_ATTRIBUTION.match(text)
    if lead and _NON_AGENT.match(lead.group("who")):
        lead = None  # "According to the terms of the deal": no speaker (rule 5)
    if lead and not any(s.start >= lead.start("rest") for s in out):
        speaker = phrase_speaker(lead.group("who"), tracker)
        if speaker is not None and (lead.group("lead") == "According to" or lead.group("poss")):
            words = _clip(text, lead.start("rest"), len(text))
            _add(out, sentence, speaker, words, False, "asserted",
                 lead.group("lead") + (" X's words" if lead.group("poss") else ""), 0.75,
                 published)
    trailing = TRAILING_ACCORDING.search(text)
    if trailing and not out:
        _according_to(sentence, trailing, tracker, published, out)
    cues = [m for m in CUE.finditer(text)
            if m.start() not in used and not inside(quotes, m.start()) and _is_cue(text, m)]
    _reported(sentence, cues, quotes, tracker, published, out)
    _passive_denial(sentence, tracker, published, out)
    return out


def _passive_denial(sentence: Sentence, tracker: SpeakerTracker, published: dt.date | None,
                    out: list[StatementDraft]) -> None:
    """"A accuses B of Y, which has been denied by both B and C": Y is also a statement of each
    denier (rule 6), with the words of the statement the relative clause follows."""
    m = _PASSIVE_DENIAL.search(sentence.text)
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
                _add(out, sentence, speaker, denied.words, False, "denied", "denied by", 0.6,
                     published, start=denied.start)


def _according_to(sentence: Sentence, m: re.Match[str], tracker: SpeakerTracker,
                  published: dt.date | None, out: list[StatementDraft]) -> None:
    text = sentence.text
    who, start = attributed_source(m), 0
    if not plausible_speaker(who) or _NON_AGENT.fullmatch(who):
        return
    lead = DATELINE.match(text)
    if lead:
        start = lead.end()
    for speaker in tracker.resolve_all(who):
        _add(out, sentence, speaker, _clip(text, start, m.start()), False, "asserted",
             "according to", 0.7, published, start=start)


def _is_cue(text: str, m: re.Match[str]) -> bool:
    """Leave out nouns and modifiers that look like cues ("the claims", "a said agreement",
    "following reported advances"), passive participles ("condemned by X", "a report, denied by
    Y": no speaker before them), "add" with an object, and the attitude verb of "said he hoped"
    (the words of "said")."""
    before = text[max(0, m.start() - 40):m.start()].split()[-2:] or [""]
    if before[-1].lower() in _NOT_BEFORE_VERB:
        return False
    bare = _bare(m.group("cue"))
    if bare.endswith("ed") and bare == m.group("cue") and text.startswith(" by ", m.end()):
        return False
    if bare.startswith("add") and _ADD_OBJECT.match(text, m.end()):
        return False
    if bare == "states" and not re.match(r"\s*(?:that\b|:)", text[m.end():]):
        return False  # "UN member states and aid groups": the noun
    return not (len(before) == 2 and before[-1].lower() in _PRONOUNS and before[0] in ACTS)


_PRONOUNS = words("he she it they we i")
# A determiner or preposition just before a cue word makes it a noun or an adjective.
_NOT_BEFORE_VERB = words("the a an its his her their of to following after amid despite over "
                         "about among against from with for")


def _direct(sentence: Sentence, quotes: list[Quotation], tracker: SpeakerTracker,
            published: dt.date | None, out: list[StatementDraft], used: set[int]) -> None:
    text = sentence.text
    if not quotes:
        return
    cue_starts = [m.start() for m in CUE.finditer(text) if not inside(quotes, m.start())
                  and _is_cue(text, m)]
    pending: list[Quotation] = []
    for q in quotes:
        if not is_full_quote(q) and not (q.start == 0 and len(q.words.split()) >= 2):
            continue  # a scare quote ("justified"), unless it opens the sentence: '"We are ready,"
        found = after_quote(text, q, QUOTE_CUE)
        before = before_quote(text, q, CUE)
        if before is None and any(at < q.start for at in cue_starts):
            continue  # a quoted fragment inside reported speech: part of those words
        speakers: list[Speaker] = []
        cue_words = ""
        if found is not None and before is None:
            phrase, role, cue, offset = found
            if not plausible_speaker(phrase.strip()):
                continue
            used.add(offset + cue.start())
            cue_words = _cue_text(text, offset + cue.start(), offset + cue.end())
            speakers = phrase_speakers(phrase, role, tracker)
        elif before is not None and before.start() not in used:
            used.add(before.start())
            cue_words = before.group("cue")
            if cue_words.endswith("ing") and text[:before.start()].rstrip().endswith(","):
                # '"A," she said, adding: "B"': the speaker of the main clause
                speakers = _sentence_speakers(out) or ([tracker.last_any] if tracker.last_any
                                                       else [])
            else:
                phrases = speaker_phrases(text[:before.start()])
                if phrases == []:  # "X said A, but said “B”": the subject of the earlier cue
                    phrases = next((p for at in cue_starts if at < before.start()
                                    if (p := speaker_phrases(text[:at]))), [])
                speakers = [s for p, r in phrases or [] if (s := tracker.resolve(p, r))]
        confidence = 0.9
        if not speakers and text.strip(" .").startswith(("“", '"')) and q.end >= len(text) - 2:
            last = tracker.last_any  # a quotation that continues the previous speaker's words
            speakers, cue_words, confidence = ([last], "(continued quotation)", 0.5) if last else \
                ([], "", 0.0)
        if not speakers:  # '"A." "B," he said.': A waits for the speaker of the quotation after it
            pending.append(q)
            continue
        waiting = [p for p in pending if not text[p.end:q.start].strip()]
        pending.clear()
        for speaker in speakers:
            for p in waiting:
                for start, quoted in quoted_sentences(p):
                    _add(out, sentence, speaker, quoted, True, "asserted",
                         "(quotation before another)", 0.6, published, start=start)
        for speaker in speakers:
            conf = 0.75 if speaker.resolved_from else confidence
            for start, quoted in quoted_sentences(q):
                _add(out, sentence, speaker, quoted, True, ACTS.get(_bare(cue_words), "asserted"),
                     cue_words, conf, published, start=start)


def _sentence_speakers(out: list[StatementDraft]) -> list[Speaker]:
    """The speakers of the statements found so far in the sentence (for a shared cue)."""
    return [Speaker(s.speaker.name, s.speaker.entity, s.role) for s in out[-1:]]


def _reported(sentence: Sentence, cues: list[re.Match[str]], quotes: list[Quotation],
              tracker: SpeakerTracker, published: dt.date | None,
              out: list[StatementDraft]) -> None:
    text = sentence.text
    parsed: list[_Cue] = []
    nested = False
    for m in cues:
        left = text[:m.start()]
        tail = left[-80:]
        if parsed and (_NESTED.search(tail) or (nested and re.search(r"\band\s*$", tail))):
            nested = True
            continue  # "said that it welcomed ... and pledged": part of the earlier cue's words
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
        parsed.append(_Cue(m, speakers, shared))
    for i, c in enumerate(parsed):
        if c.shared:
            donor = next((p for p in reversed(parsed[:i]) if p.speakers), None) or \
                next((p for p in parsed[i + 1:] if p.speakers), None)
            c.speakers = list(donor.speakers) if donor else (
                _sentence_speakers(out) or subject_speakers(text, tracker))
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
        act = ACTS.get(_bare(c.match.group("cue")), "asserted")
        conf = 0.8 if not c.shared else 0.7
        if _FUNDING.match(text, start) and _bare(c.match.group("cue")).startswith("announc"):
            continue  # "announced $329 million in aid": an act, not words (rule 6)
        for speaker in c.speakers:
            if _own_voice(speaker, c.match.group("cue")):
                continue
            conf_s = 0.7 if speaker.resolved_from else conf
            _add_reported(out, sentence, speaker, text, start, stop, act,
                       _cue_text(text, c.match.start(), c.match.end()), conf_s, published)
        if opener and i == 0 and c.match.start() > 0 and opener.group(1).lower() in ACTS:
            comma = text.find(",")
            if 0 < comma < c.match.start():
                for speaker in c.speakers:
                    _add(out, sentence, speaker, _clip(text, opener.end(), comma), False,
                         ACTS[opener.group(1).lower()], opener.group(0), 0.6, published,
                         start=opener.end())


_NESTED = re.compile(r"(?:\bthat|\b(?:said|says|told|added|stated|claimed|insisted|warned|"
                     r"announced|confirmed))\s+(?:it|he|she|they|we)\s+(?:(?:has|have|had|would|"
                     r"also)\s+)?$")
_FINAL_ADDRESSEE = re.compile(r"\s*(?:[\w’'.-]+\s+){0,5}[\w’'.-]+\s*[.!?\"”’]*\s*")


_INVERTED_TAIL = re.compile(r"\s+(?P<who>(?:the|a|an|[A-Z])[^,.;“”\"]{1,80}?)"
                            r"(?:,\s*(?P<role>[^.;“”\"]{2,80}?))?\s*[.!]?\s*$")


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
        _add(out, sentence, speaker, _clip(text, start, comma), False,
             ACTS.get(_bare(m.group("cue")), "asserted"), m.group("cue"), 0.7, published,
             start=start)


def _words_after(text: str, m: re.Match[str], limit: int) -> tuple[int, int] | None:
    """The reported words after a cue: skip dates and 'in a statement', an addressee, 'that'."""
    pos = m.end()
    skip = _SKIP_AFTER_CUE.match(text, pos)
    if skip:
        pos = skip.end()
    if _bare(m.group("cue")) == "told":
        medium = _TOLD_NAME.match(text, pos)
        whom = _TOLD_WHOM.match(text, pos)
        if whom is None:
            return None
        pos = whom.end()
        if not re.match(r"\s*(?:,\s*)?(?:that\b|:)", text[pos:]):
            if medium is None:
                return None
            pos = medium.end()  # "told VOA the militants used ...": the clause after the name
    if text.startswith(",", pos) and text.rfind(",", 0, m.start()) > 0:
        return None  # "A, the ministry said, citing B": the words come before the speaker
    lead = re.match(r"\s*(?:,\s*)?(?::\s*|that\s+)?", text[pos:])
    pos += lead.end() if lead else 0
    bare = _bare(m.group("cue"))
    charge = next((p for stem, p in _CHARGE_OF.items() if bare.startswith(stem)), None)
    if charge is not None:
        of = charge.match(text, pos)
        if of is None:
            return None
        pos = of.end()
    elif ACTS.get(bare) == "evaluated":
        as_words = _AS_WORDS.match(text, pos)
        pos = as_words.end() if as_words else pos
    if bare.startswith("report") and (_PERCEPTION.match(text, pos) or text.startswith("from ", pos)):
        return None  # "reported hearing gunfire"; "X reports from Goris": a reporter's byline
    if bare.startswith(_RESTATING) and not (text[m.end():pos].rstrip().endswith("that")
                                            or _NEED_OBJECT.match(text, pos)):
        return None  # "reiterated its support": a stance, not words (rule 6)
    end = _end_of_words(text, pos, limit)
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
    skip = _SKIP_AFTER_CUE.match(tail)
    rest = tail[skip.end():] if skip else tail
    if _bare(c.match.group("cue")) == "told":  # "..., witnesses told Al Jazeera(, asking ...)."
        if _FINAL_ADDRESSEE.fullmatch(rest):
            rest = ""
        else:
            whom = _TOLD_WHOM.match(" " + rest)
            rest = (" " + rest)[whom.end():] if whom else rest
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
    whole = next((q for q in quotations(text) if is_full_quote(q) and (
        q.start == offset or act == "evaluated" and _EVALUATED_OBJECT.fullmatch(text, offset, q.start))),
        None)
    if whole is not None:  # 'he hoped "both parties will ..."': the quoted words, direct (rule 7)
        for start, quoted in quoted_sentences(whole):
            _add(out, sentence, speaker, quoted, True, act, cue, confidence, published, start=start)
        return
    words = _clip(text, offset, stop)
    if len(words.split()) >= MIN_WORDS:
        _add(out, sentence, speaker, words, False, act, cue, confidence, published, start=offset)


def _clip(text: str, start: int, end: int) -> str:
    """The words in text[start:end] without surrounding spaces and final punctuation."""
    words = text[start:end].strip()
    while words and words[-1] in ".,;:" and not words.endswith(("..", "”.", '".')):
        words = words[:-1].rstrip()
    if words.endswith(("”.", '".')) and words.count("“") + words.count('"') >= 1:
        words = words[:-1]
    return words


def _add(out: list[StatementDraft], sentence: Sentence, speaker: Speaker, words: str,
         direct: bool, act: str, cue: str, confidence: float, published: dt.date | None,
         start: int = 0) -> None:
    if not words or words not in sentence.text or _NOT_WORDS.match(words):
        return
    if not direct and len(words.split()) < MIN_REPORTED_WORDS and not (
            _WHOLE_QUOTE.match(words) and len(words.split()) >= MIN_WORDS):
        return  # "confirmed the exchange", "denied the accusation": no words reported
    date = next((d for d in find_dates(sentence.text, published)
                 if not (start <= d.start < start + len(words))), None)
    out.append(StatementDraft(
        speaker=Ref(speaker.name, speaker.entity), words=words, direct=direct, stance=act, cue=cue,
        evidence=sentence, confidence=confidence, role=speaker.role,
        date=date.value if date else None, date_text=date.text if date else None, start=start))


def _bare(cue: str) -> str:
    words = cue.split()
    while len(words) > 1 and words[0] in ("has", "have", "had", "would", "also"):
        words = words[1:]
    return " ".join(words)


def _cue_text(text: str, start: int, end: int) -> str:
    skip = _SKIP_AFTER_CUE.match(text, end)
    return text[start:skip.end() if skip else end].strip(" ,")
