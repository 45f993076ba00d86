"""Direct quotations and their speakers.

Handles '"...," X said', '"...," said X, a description', 'X said: "..."', 'X told AFP: "..."',
quotations split around the speaker ('"A," X said. "B."'), curly and straight quotation marks mixed,
and a quotation mark left open (it is ignored, never an error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = "“\"‘"
CLOSING = "”\"’"
_QUOTE = re.compile(r"[“\"]([^“”\"]{2,}?)[”\"]")
MIN_QUOTE_WORDS = 4


@dataclass(frozen=True)
class Quotation:
    """A quotation in a sentence: the span of its marks and of its words (trailing , . dropped)."""

    start: int
    end: int
    words_start: int
    words: str


def quotations(sentence: str) -> list[Quotation]:
    """Balanced quotations of ``sentence`` (curly or straight), left to right."""
    out = []
    for m in _QUOTE.finditer(sentence):
        inner = m.group(1)
        stripped = inner.rstrip(" ,.;:")
        if stripped.endswith(("?", "!")) or not stripped:
            stripped = inner.rstrip(" ,;:")
        lead = len(inner) - len(inner.lstrip())
        out.append(Quotation(m.start(), m.end(), m.start(1) + lead, stripped.strip()))
    return out


def is_full_quote(q: Quotation) -> bool:
    """Long enough to be a statement by itself (not a scare quote such as "justified")."""
    return len(q.words.split()) >= MIN_QUOTE_WORDS


def inside(quotes: list[Quotation], at: int) -> bool:
    return any(q.start < at < q.end for q in quotes)


def after_quote(sentence: str, q: Quotation, cue: re.Pattern[str]
                ) -> tuple[str, str | None, re.Match[str], int] | None:
    """'"...," X said' or '"...," said X, a musician': (speaker phrase, role, cue match, offset).

    The cue match is relative to ``sentence[offset:]``.
    """
    lead = re.match(r"[\s,]*", sentence[q.end:])
    offset = q.end + (lead.end() if lead else 0)
    tail = sentence[offset:]
    inverted = cue.match(tail)
    if inverted:
        who = _INVERTED_SPEAKER.match(tail[inverted.end():])
        if who:
            return who.group(1), who.group(2), inverted, offset
        return None
    first = cue.search(tail)
    if first is None:
        return None
    head = tail[:first.start()].strip()
    if head and len(head) <= 120 and not re.search(r"[;“”\"]", head):
        return head, None, first, offset
    return None


# '..., said X(, a description)' up to the sentence's end, or to a relative or participle clause
# about the speaker ('said X, who led the delegation, adding ...').
# A character of a speaker's name, or an abbreviation with its full stop ("Col. Santo Domic Chlo",
# "a U.S. official", "Antony J. Blinken").
NAME_CHAR = (r"(?:(?:Col|Gen|Lt|Maj|Capt|Sgt|Brig|Dr|Rep|Sen|Gov|Adm|Cmdr|Mr|Mrs|Ms|Prof|Mt|St)\.|"
             r"\b[A-Z]\.|[^,.;“”\"])")
_INVERTED_SPEAKER = re.compile(rf"\s+({NAME_CHAR}{{2,80}}?)(?:,\s*([^.;“”\"]{{2,160}}?))?\s*"
                               r"(?:;|\.(?!\s+[A-Z][a-z])|$|(?=,\s*(?:who|whose|saying|adding|noting|calling|"
                               r"stressing|warning)\b))")


def before_quote(sentence: str, q: Quotation, cue: re.Pattern[str]) -> re.Match[str] | None:
    """'X said: "..."' or 'X told AFP: "..."': the cue match just before the quotation."""
    left = sentence[:q.start]
    best = None
    for m in cue.finditer(left):
        between = left[m.end():]
        if re.fullmatch(r"\s*(?:(?:[A-Z][\w’'.-]*|reporters|journalists|the press|of|the)\s*)*"
                        r"(?:on [A-Z][\w.]*\s*)?[:,]?\s*", between) or \
                re.fullmatch(r"[^“”\".;,]{0,40}:\s*", between):
            best = m
    return best
