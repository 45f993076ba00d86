"""Evidence spans located in an article's frozen text, as W3C Web Annotation selectors.

A TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end) are both computed
here. Positions count Unicode code points (Python ``str`` indices), ``end`` exclusive, as the Web
Annotation model specifies. The sentence(s) holding a span are recorded too, for readers.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
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


class AmbiguousSpan(SpanNotFound):
    """The span occurs more than once and no occurrence says which; the message lists them."""


MAX_LISTED = 10  # copies of an ambiguous span listed in its message


def span_starts(text: str, exact: str, limit: int | None = None) -> list[int]:
    """The offsets of the copies of ``exact`` in ``text`` (overlapping ones too: each copy is
    looked for from one past the start of the last), the first ``limit`` of them."""
    found: list[int] = []
    start = text.find(exact) if exact else -1
    while start >= 0 and (limit is None or len(found) < limit):
        found.append(start)
        start = text.find(exact, start + 1)
    return found


class SpanCopies:
    """For writers of facts files: which copy of a span a given offset is, as ``locate`` counts
    them.

    A draft of a long article has thousands of evidence sentences, and one search of the text per
    sentence was quadratic. So spans are grouped by the longest of ``WIDTHS`` they reach; a group
    of many is found in one pass over the text, each offset's first ``width`` characters looked up
    among the group's beginnings (long beginnings rarely collide), and a group of a few is
    searched for span by span.
    """

    WIDTHS = (64, 32, 16, 8, 4, 2, 1)
    FEW = 8  # a group this small is searched for span by span

    def __init__(self, text: str, spans: Iterable[str]) -> None:
        self.text = text
        self._starts: dict[str, list[int]] = {span: [] for span in spans if span}
        groups: dict[int, dict[str, list[str]]] = {}
        for span in self._starts:
            width = next(w for w in self.WIDTHS if w <= len(span))
            groups.setdefault(width, {}).setdefault(span[:width], []).append(span)
        for width, by_beginning in groups.items():
            if sum(map(len, by_beginning.values())) <= self.FEW:
                for group in by_beginning.values():
                    for span in group:
                        self._starts[span] = span_starts(text, span)
                continue
            for offset in range(len(text) - width + 1):
                for span in by_beginning.get(text[offset:offset + width], ()):
                    if text.startswith(span, offset):
                        self._starts[span].append(offset)

    def occurrence(self, exact: str, start: int) -> int | None:
        """The 1-based copy of ``exact`` that begins at ``start``, or None when it is the only copy
        (``occurrence:`` is then not needed). A span not given at first is looked for now."""
        starts = self._starts.get(exact)
        if starts is None:
            starts = self._starts[exact] = span_starts(self.text, exact)
        if len(starts) <= 1:
            return None
        return bisect.bisect_left(starts, start) + 1


class ArticleText:
    """The frozen text of one article, as stored (CRLF kept), with its sentence boundaries."""

    def __init__(self, text: str) -> None:
        self.text = text
        ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self._ends = ends if ends and ends[-1] == len(text) else [*ends, len(text)]

    def locate(self, exact: str, occurrence: int | None = None) -> Span:
        """Find the ``occurrence``-th (1-based) copy of ``exact``, or with ``occurrence`` None its
        only copy (AmbiguousSpan when there are several); raise SpanNotFound when there is none."""
        exact = self._as_stored(exact)
        starts = self.starts(exact, limit=occurrence or 2)
        if not starts:
            raise SpanNotFound(self._why_missing(exact))
        if occurrence is None and len(starts) > 1:
            raise AmbiguousSpan(self._copies(exact))
        if occurrence is not None and len(starts) < occurrence:
            raise SpanNotFound(f"occurs {self.count(exact)} time(s), so occurrence {occurrence} "
                               "does not exist")
        start = starts[-1]
        end = start + len(exact)
        return Span(start, end, exact, self.text[max(0, start - CONTEXT):start],
                    self.text[end:end + CONTEXT], self.sentence_around(start, end))

    def starts(self, exact: str, limit: int | None = None) -> list[int]:
        """The offsets of the copies of ``exact`` (overlapping ones too), the first ``limit``."""
        return span_starts(self.text, exact, limit)

    def count(self, exact: str) -> int:
        return len(self.starts(exact))

    def line_of(self, offset: int) -> int:
        """The 1-based line of the text that holds ``offset``."""
        return self.text.count("\n", 0, offset) + 1

    def _as_stored(self, exact: str) -> str:
        """A span written with LF line breaks, as it is in the stored text when that has CRLF."""
        if "\n" in exact and "\r" not in exact and "\r\n" in self.text:
            crlf = exact.replace("\n", "\r\n")
            if crlf in self.text:
                return crlf
        return exact

    def _copies(self, exact: str) -> str:
        starts = self.starts(exact)
        listed = ", ".join(f"{start} (line {self.line_of(start)})"
                           for start in starts[:MAX_LISTED])
        more = f" and {len(starts) - MAX_LISTED} more" if len(starts) > MAX_LISTED else ""
        return (f"occurs {len(starts)} times in the text, at offsets {listed}{more}; add "
                "'occurrence: N' (1-based, in text order) to say which copy is meant")

    def sentence_around(self, start: int, end: int) -> str:
        """The sentence(s) overlapping [start, end), stripped of surrounding white space."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._ends, end)
        lo = self._ends[first - 1] if first > 0 else 0
        hi = self._ends[min(last, len(self._ends) - 1)]
        return self.text[lo:hi].strip()

    def _why_missing(self, exact: str) -> str:
        """Say how much of the span matches, and where it stops matching."""
        normalisation = self._normalisation_difference(exact)
        if normalisation is not None:
            return normalisation
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

    def _normalisation_difference(self, exact: str) -> str | None:
        """When the span is in the text up to Unicode normalisation (NFC/NFD), say so and show the
        first character that differs, with its code points on both sides."""
        if not any(unicodedata.normalize(form, exact) in unicodedata.normalize(form, self.text)
                   for form in ("NFC", "NFD")):
            return None
        advice = "copy the span from article.txt, or save both files in the same form (NFC)"
        for cluster in _clusters(exact):
            if cluster in self.text:
                continue
            for form in ("NFC", "NFD"):
                stored = unicodedata.normalize(form, cluster)
                if stored != cluster and stored in self.text:
                    return (f"differs from the text only in Unicode normalisation: the span has "
                            f"{cluster!r} ({_code_points(cluster)}, {_form_of(cluster)}) where the "
                            f"text has {stored!r} ({_code_points(stored)}, {form}); {advice}")
        return f"differs from the text only in Unicode normalisation (NFC/NFD); {advice}"


def _clusters(text: str) -> list[str]:
    """``text`` cut into base characters, each with the combining marks that follow it."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(char):04X}" for char in text)


def _form_of(text: str) -> str:
    for form in ("NFC", "NFD"):
        if unicodedata.is_normalized(form, text):
            return form
    return "neither NFC nor NFD"
