"""Attribution forms that are not a reporting verb: a trailing "according to X", and the words of a
quotation (one statement however many sentences it quotes: '"A. B," she said' is one, as the
development set's annotators count it, rule 7: the whole quotation is the speaker's direct
statement)."""

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


def attributed_source(m: re.Match[str]) -> str:
    """Who a TRAILING_ACCORDING match names: the appositive name when there is one ("the head of
    the administration, Petro Danko"), the issuer of a document, else the phrase itself."""
    return (m.group("name") or _DOCUMENT_FROM.sub("", m.group("who").strip())).rstrip(".")


def quoted_words(q: Quotation) -> tuple[int, str]:
    """(offset, words) of a quotation: all its sentences, without the final full stop or comma and
    a stray quotation mark at its start."""
    return _trimmed(q.words_start, q.words)


def _trimmed(pos: int, piece: str) -> tuple[int, str]:
    lead = len(piece) - len(piece.lstrip("‘’'\"“ "))
    return pos + lead, piece[lead:].rstrip(" ,.;:")
