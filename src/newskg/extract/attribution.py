"""Attribution forms that are not a reporting verb: a trailing "according to X" and the sentences of
a quotation that quotes several ("A. B," she said: two statements, as annotators count them)."""

from __future__ import annotations

import re

from newskg.extract.quotes import Quotation

# "A, according to X." / "A, according to the head of Y, Name, although B": the words before.
TRAILING_ACCORDING = re.compile(
    r",\s+according to\s+(?P<who>[^,;]{2,100}?)"
    r"(?:,\s*(?P<name>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|al-\w+))+))?\s*(?:[.;]?$|,\s)")
# "a joint statement from the two mediators": the source is whoever issued the document.
_DOCUMENT_FROM = re.compile(r"^(?:an?|the)\s+(?:\w+\s+)?(?:statement|communique|communiqué|report)"
                            r"\s+(?:from|by|of|issued by)\s+", re.IGNORECASE)
_INNER_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘'\"])")


def attributed_source(m: re.Match[str]) -> str:
    """Who a TRAILING_ACCORDING match names: the appositive name when there is one ("the head of
    the administration, Petro Danko"), the issuer of a document, else the phrase itself."""
    return (m.group("name") or _DOCUMENT_FROM.sub("", m.group("who").strip())).rstrip(".")


def quoted_sentences(q: Quotation) -> list[tuple[int, str]]:
    """(offset, words) of each sentence of a quotation; a short tail stays with the one before.
    Each sentence loses its final full stop or comma and stray inner quotation marks."""
    out: list[tuple[int, str]] = []
    pos = q.words_start
    for m in _INNER_SENTENCE_END.finditer(q.words):
        piece = q.words[pos - q.words_start:m.start()]
        if len(piece.split()) >= 2:
            out.append(_trimmed(pos, piece))
            pos = q.words_start + m.end()
    last = q.words[pos - q.words_start:]
    if out and len(last.split()) < 2:
        return [(q.words_start, q.words)]
    return [*out, _trimmed(pos, last)] if out else [(pos, last)]


def _trimmed(pos: int, piece: str) -> tuple[int, str]:
    lead = len(piece) - len(piece.lstrip("‘’'\"“ "))
    return pos + lead, piece[lead:].rstrip(" ,.;:")
