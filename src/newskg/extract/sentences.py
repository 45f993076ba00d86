"""Sentences of an article body, split so that a quotation is never cut in two.

News copy quotes several sentences at once ('"I was happy. Finally, the war is over," she said'), so a
full stop inside an open quotation does not end the sentence. An opening quote that is not closed within
QUOTE_REACH characters (an unbalanced quotation mark) stops protecting, so splitting stays linear on any
input. Headings (short lines without a final full stop) are kept apart, flagged ``heading``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from newskg.extract.patterns import words

QUOTE_REACH = 800
ABBREVIATIONS = words(
    "mr mrs ms dr prof gen col lt sgt capt maj brig adm cmdr gov sen rep supt insp rev st jan feb mar apr jun jul aug sep sept oct nov dec "
    "no vs inc corp ltd co jr sr u.s u.n u.k e.g i.e approx est")
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“‘'(\[A-Z0-9])|[.!?]+[\"'”’)\]]*$")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\.$")
_OPEN, _CLOSE, _BOTH = "“", "”", '"'
# A wire dateline opening an article: "MOSCOW, Sept 20 (Reuters) - ", "AFP – Doha, Qatar: ".
DATELINE = re.compile(r"^(?:[A-Z][A-Za-z .,()0-9/'-]{0,60}?\s[-–—]\s(?:[A-Z][\w ,]{0,40}:\s)?)")
_TERMINAL = re.compile(r"[.!?\"”’)\]]\s*$")


@dataclass(frozen=True)
class Sentence:
    """A sentence with its position in the frozen text (``start``/``end`` are str offsets)."""

    text: str
    start: int
    end: int
    paragraph: int
    heading: bool = False


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """The sentences of ``text[start:]``, paragraph by paragraph (a line is a paragraph)."""
    out: list[Sentence] = []
    pos = start
    for number, line in enumerate(text[start:].split("\n")):
        stripped = line.strip()
        if stripped:
            lead = pos + line.index(stripped[0])
            if _is_heading(stripped):
                out.append(Sentence(stripped, lead, lead + len(stripped), number, heading=True))
            else:
                out.extend(Sentence(s, lead + a, lead + a + len(s), number)
                           for a, s in _split_paragraph(stripped))
        pos += len(line) + 1
    return out


def _is_heading(line: str) -> bool:
    return not _TERMINAL.search(line) and len(line.split()) < 12 and not line.endswith("]")


def _split_paragraph(par: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    quote_open = _quote_openings(par)
    begin = 0
    for m in _CANDIDATE.finditer(par):
        end = m.end()
        if (_inside_quote(quote_open, m.start()) and not _quote_ends(quote_open, m.start(), end)) \
                or _abbreviation(par, m.start() + 1) or \
                _clock_time(par, m.start() + 1):
            continue
        piece = par[begin:end].strip()
        if piece:
            yield begin + par[begin:end].index(piece[0]), piece
        begin = end
    rest = par[begin:].strip()
    if rest:
        yield begin + par[begin:].index(rest[0]), rest


_QUOTE_MARK = re.compile("[" + re.escape(_OPEN + _CLOSE + _BOTH) + "]")


def _quote_openings(par: str) -> list[tuple[int, int]]:
    """Spans (open, close) of balanced double quotations no longer than QUOTE_REACH."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _QUOTE_MARK.finditer(par):  # (a regex finds the marks: a loop over characters is slow)
        i, ch = m.start(), m.group(0)
        if opened is not None and i - opened > QUOTE_REACH:
            opened = None  # unbalanced: forget it
        if opened is None and ch != _CLOSE:
            opened = i
        elif opened is not None and ch != _OPEN:
            spans.append((opened, i))
            opened = None
    return spans


def _quote_ends(spans: list[tuple[int, int]], at: int, end: int) -> bool:
    """Whether the quotation around ``at`` closes with the stop ('... the work of "bandits."
    Kerawa said ...': the sentence ends with its quotation)."""
    i = bisect.bisect_left(spans, (at, at)) - 1
    return i >= 0 and spans[i][1] < end


def _inside_quote(spans: list[tuple[int, int]], at: int) -> bool:
    i = bisect.bisect_left(spans, (at, at)) - 1
    return i >= 0 and spans[i][0] < at < spans[i][1]


# "around 3 p.m. Sunday", "at 10 a.m. GMT": a clock time's "a.m."/"p.m." before a day, a month or a
# time zone goes on with the sentence (before any other word it may end one: "... at 3 p.m. Police ...").
_CLOCK_TIME = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_TIME_GOES_ON = re.compile(r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                           r"January|February|March|April|May|June|July|August|September|October|"
                           r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
                           r"GMT|UTC|EST|EDT|ET|CET|local time)\b")


def _clock_time(par: str, dot_end: int) -> bool:
    return par[dot_end - 2:dot_end - 1] in ("m", "M") and \
        _CLOCK_TIME.search(par, max(0, dot_end - 5), dot_end) is not None and \
        _TIME_GOES_ON.match(par, dot_end) is not None


def _abbreviation(par: str, dot_end: int) -> bool:
    m = _WORD_BEFORE.search(par[max(0, dot_end - 16):dot_end])
    if m is None:
        return False
    word = m.group(1).lower().rstrip(".")
    if len(word) == 1 and m.start(1) > 0 and m.string[m.start(1) - 1] in "'’":
        return False  # "the home of Foday Sankoh's. V-O-A's ...": a possessive, not an initial
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
