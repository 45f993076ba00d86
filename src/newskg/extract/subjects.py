"""Which speaker a phrase names within its sentence: a cue's subject phrase ("X and Y said"), the
named subject that opens a sentence, and "it"/"they" inside a sentence that opens with a noun phrase."""

from __future__ import annotations

import re

from newskg.extract.patterns import words
from newskg.extract.patterns.speakers import DOCUMENT_SPEAKERS, LEADING_NOISE
from newskg.extract.places import world
from newskg.extract.speakers import Speaker, SpeakerTracker, plausible_speaker, speaker_phrases

_LEADING_WORD = re.compile(r"(\w+),?\s+(?=[A-Z])")
_SUBJECT_NAME = re.compile(r"^(?:[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|al-\w+|bin|de|of))*)(?=,|\s)")


# A coordinated subject of qualifiers sharing one plural head that opens a sentence: "Donga
# Mantung's Roman Catholic, Baptist and Presbyterian churches decried ..., saying ...".
_CAPS = r"[A-Z][\w’'.-]*(?:['’]s)?(?:\s+[A-Z][\w’'.-]*)*"
_SHARED_SUBJECT = re.compile(rf"^((?:The\s+)?{_CAPS}(?:,\s+{_CAPS})*,?\s+and\s+{_CAPS}\s+[a-z]+s)\s+[a-z]")


def subject_speakers(text: str, tracker: SpeakerTracker) -> list[Speaker]:
    """The named subject that opens a sentence ("Prime Minister Abiy Ahmed, who ..., accusing")."""
    shared = _SHARED_SUBJECT.match(text)
    phrases = speaker_phrases(shared.group(1) + " ") if shared else None
    if phrases and len(phrases) > 1:
        return [s for p, r in phrases if (s := tracker.resolve(p, r))]
    pair = _NAMED_PAIR.match(text)
    if pair:  # "Hamas and a smaller militant group called the Popular Resistance Committees claimed"
        return [s for name in pair.group("first", "second") if (s := tracker.resolve(name))]
    noise = _LEADING_WORD.match(text)  # "But Ukraine promptly rejected ...": Ukraine
    if noise and noise.group(1).lower() in LEADING_NOISE:
        text = text[noise.end():]
    found_names = [m.group(0) for m in (_SUBJECT_NAME.match(text), _SUBJECT.match(text)) if m]
    names = [n for n in found_names if plausible_speaker(n) and (
        len(n.split()) >= 2 or _known_actor(n, tracker))]
    if not names:
        return []
    found = tracker.resolve(max(names, key=len))
    return [found] if found is not None else []


_NAME = r"[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*"
# Two names joined as the subject of a past tense, the second one perhaps given with what it is
# ("a smaller militant group called ...").
_NAMED_PAIR = re.compile(rf"^(?:The\s+)?(?P<first>{_NAME})\s+and\s+(?:(?:an?|the)\s+(?:[a-z][\w’'-]*\s+)"
                         rf"{{0,3}}?(?:called|named|known\s+as)\s+)?(?:the\s+)?(?P<second>{_NAME})"
                         r"\s+(?:[a-z]+ly\s+)?[a-z]+ed\b")


def _known_actor(name: str, tracker: SpeakerTracker) -> bool:
    """A one-word name the project or the world gazetteer knows as an actor ("Ukraine")."""
    hit = tracker.gazetteer.lookup(name)
    return (hit is not None and hit.is_actor) or world().country(name) is not None


def phrase_speakers(phrase: str, role: str | None, tracker: SpeakerTracker) -> list[Speaker]:
    phrases = speaker_phrases(phrase + " ")
    if not phrases:
        found = tracker.resolve(phrase.strip(), role)
        return [found] if found else []
    return [s for p, r in phrases if (s := tracker.resolve(p, r or role))]


def phrase_speaker(phrase: str, tracker: SpeakerTracker) -> Speaker | None:
    return tracker.resolve(phrase.strip())


def resolve_before_cue(phrase: str, role: str | None, tracker: SpeakerTracker, text: str, left: str
             ) -> list[Speaker]:
    """Resolve a phrase before a reported-speech cue. "they"/"it" inside a sentence that opens with
    a noun phrase ("Demonstrators threw stones as they slammed ...") refer to that phrase; other
    pronouns to earlier speakers."""
    if phrase.lower() in ("they", "it") and not text.startswith(phrase) and \
            not left.rstrip().endswith(", " + phrase):  # "..., it added": an earlier speaker
        opener = _OPENER.match(text)  # "In response, Turkey has launched ...": Turkey's clause
        start = opener.end() if opener and opener.end() < len(left) else 0
        subject = _SUBJECT.match(text, start)
        if subject and subject.group(0).split()[0].lower() not in _NOT_SUBJECT and not (
                phrase.lower() == "they" and
                subject.group(0).split()[-1].lower() in DOCUMENT_SPEAKERS):
            # (not "The announcement came after X urged a truce they said ...": no one is "they")
            return tracker.resolve_all(subject.group(0), role)
    return tracker.resolve_all(phrase, role)


# A noun phrase opening the sentence: "The army", "Hamas", "Turkish forces" (a name or demonym
# and the body it qualifies).
_SUBJECT = re.compile(r"(?:(?:The|A|An)\s+[a-z]\w+|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
                      r"(?:\s+(?:forces|troops|officials|authorities|military|army|government|"
                      r"police|ministry|soldiers|militants|rebels|fighters))?)(?=\s+[a-z])")
# An adverbial before the subject ("In response, ", "On Monday, "): skipped to find the subject.
_OPENER = re.compile(r"(?:In|On|At|After|Before|Since|Later|Earlier|Meanwhile|Also|Then)\b"
                     r"[^,;:]{0,40},\s+")
_NOT_SUBJECT = words("in on at after before when while as if but and although this that "
                         "there it he she they we i")
