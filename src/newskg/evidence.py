"""Evidence spans located in an article's frozen text, as W3C Web Annotation selectors.

A TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end) are both computed
here. Positions count Unicode code points (Python ``str`` indices), ``end`` exclusive, as the Web
Annotation model specifies. The sentence(s) holding a span are recorded too, for readers.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

CONTEXT = 32
# A sentence ends at . ! ? (optionally followed by closing quotes or brackets) before white space, or at
# a line break: headlines, standfirsts and captions in news copy carry no final full stop.
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*(?=\s)|\n""")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    sentence: str


class SpanNotFound(ValueError):
    """The span is not in the text; the message says how close it came."""


class ArticleText:
    """The frozen text of one article, with its sentence boundaries computed once."""

    def __init__(self, text: str) -> None:
        self.text = text
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self._ends = ends if ends and ends[-1] == len(text) else [*ends, len(text)]

    def locate(self, exact: str, occurrence: int = 1) -> Span:
        """Find the ``occurrence``-th (1-based) occurrence of ``exact``; raise SpanNotFound."""
        start = -1
        for _ in range(occurrence):
            start = self.text.find(exact, start + 1)
            if start < 0:
                break
        if start < 0:
            found = self.count(exact)
            if found:
                raise SpanNotFound(f"occurs {found} time(s), so occurrence {occurrence} does not exist")
            raise SpanNotFound(self._why_missing(exact))
        end = start + len(exact)
        return Span(start, end, exact, self.text[max(0, start - CONTEXT):start],
                    self.text[end:end + CONTEXT], self.sentence_around(start, end))

    def count(self, exact: str) -> int:
        return self.text.count(exact) if exact else 0

    def sentence_around(self, start: int, end: int) -> str:
        """The sentence(s) overlapping [start, end), stripped of surrounding white space."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._ends, end)
        lo = self._ends[first - 1] if first > 0 else 0
        hi = self._ends[min(last, len(self._ends) - 1)]
        return self.text[lo:hi].strip()

    def _why_missing(self, exact: str) -> str:
        """Say how much of the span matches, and where it stops matching."""
        lo, hi = 0, len(exact)
        while lo < hi:  # longest prefix of `exact` present in the text (presence is monotone)
            mid = (lo + hi + 1) // 2
            if exact[:mid] in self.text:
                lo = mid
            else:
                hi = mid - 1
        if lo < 8:
            return "not found in the article text; copy the span from article.txt exactly"
        at = self.text.find(exact[:lo])
        expected = self.text[at + lo:at + lo + 12]
        return (f"not found in the article text: the first {lo} characters match (at offset {at}), then "
                f"the span has {exact[lo:lo + 12]!r} where the text has {expected!r}")
