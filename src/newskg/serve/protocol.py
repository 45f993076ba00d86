"""SPARQL 1.1 Protocol requests: reading the query and dataset from GET or POST, content negotiation.

https://www.w3.org/TR/sparql11-protocol/ . A request is read into a `ProtocolRequest`, or answered
at once with an `Answer` (an error), or None when it has no query (the service description).
Plain functions of the request's parts (no framework): the ASGI handler calls them.
"""

from __future__ import annotations

from binascii import a2b_qp
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_to_bytes

from newskg.errors import InputError
from newskg.serve.evaluate import Answer
from newskg.store.engines import READ_ONLY

# Formats offered for each kind of answer, in the server's order of preference, with the media
# types that ask for them.
TABULAR_OFFERS: dict[str, tuple[str, ...]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
RDF_OFFERS: dict[str, tuple[str, ...]] = {
    "turtle": ("text/turtle", "application/x-turtle"),
    "ntriples": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
}
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class ProtocolRequest:
    query: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


def negotiate(accept: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    """The offered format the Accept header prefers (q-values, most specific range wins).

    No header (or an empty one) means anything goes: the first offer. None when nothing fits.
    Clients send the same few headers again and again, so answers are remembered.
    """
    key = (accept, id(offers))
    if key not in _NEGOTIATED:
        if len(_NEGOTIATED) > 1000:
            _NEGOTIATED.clear()
        _NEGOTIATED[key] = _negotiate(accept, offers)
    return _NEGOTIATED[key]


_NEGOTIATED: dict[tuple[str | None, int], str | None] = {}


def _negotiate(accept: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    if not accept or not accept.strip():
        return next(iter(offers))
    ranges: list[tuple[str, str, float]] = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        kind, _, subtype = media.lower().partition("/")
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((kind, subtype or "*", quality))
    best, best_quality = None, 0.0
    for name, media_types in offers.items():
        quality = max((_quality(media, ranges) for media in media_types), default=0.0)
        if quality > best_quality:
            best, best_quality = name, quality
    return best


def _quality(media: str, ranges: list[tuple[str, str, float]]) -> float:
    kind, _, subtype = media.partition("/")
    matches = [(specificity, quality) for range_kind, range_subtype, quality in ranges
               for specificity in [_specificity(kind, subtype, range_kind, range_subtype)]
               if specificity]
    return max(matches)[1] if matches else 0.0


def _specificity(kind: str, subtype: str, range_kind: str, range_subtype: str) -> int:
    if range_kind == kind and range_subtype == subtype:
        return 3
    if range_kind == kind and range_subtype == "*":
        return 2
    return 1 if range_kind == "*" else 0


def read_get(query_string: str, max_bytes: int) -> ProtocolRequest | Answer | None:
    """The query and dataset of a GET; an Answer to send back at once; None: no query."""
    params = url_params(query_string)
    return params if isinstance(params, Answer) else _from_params(params, [], max_bytes)


def url_query_text(raw: bytes) -> str:
    """A URL's raw query string as text, bytes outside ASCII percent-encoded (as a browser would)."""
    if raw.isascii():
        return raw.decode("ascii")
    return "".join(chr(byte) if byte < 0x80 else f"%{byte:02X}" for byte in raw)


def url_params(query_string: str) -> list[tuple[str, str]] | Answer:
    """The URL's parameters, or 400 when one is not UTF-8 once percent-decoded (``%FF``)."""
    try:
        return parse_qsl(query_string, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        undecodable = "".join(f"%{byte:02X}" for byte in exc.object[exc.start:exc.end])
        return Answer.error(400, f"the URL's query string is not UTF-8 once percent-decoded "
                            f"({undecodable} in {exc.object[:60]!r}); percent-encode UTF-8 text")


def post_media(content_type: str) -> str | Answer:
    """The media type of a POST body this endpoint reads, or the Answer that refuses it."""
    media, *params = (piece.strip().lower() for piece in content_type.split(";"))
    charset = next((p.partition("=")[2].strip('"') for p in params if p.startswith("charset=")),
                   "utf-8")
    if media == "application/sparql-update":
        return Answer.error(403, READ_ONLY)
    if media not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        return Answer.error(415, f"POST needs Content-Type application/sparql-query or "
                            f"application/x-www-form-urlencoded, not {content_type or 'none'!r}")
    if charset.replace("-", "") != "utf8":
        return Answer.error(415, f"the request body must be UTF-8, not {charset}")
    return media


def read_post(media: str, query_string: str, body: bytes,
              max_bytes: int) -> ProtocolRequest | Answer:
    """The query and dataset of a POST of ``media`` (as `post_media` accepted it)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Answer.error(400, f"the request body is not valid UTF-8 (byte {exc.start})")
    in_url = url_params(query_string) if query_string else []
    if isinstance(in_url, Answer):
        return in_url
    if media == FORM and not in_url and text.startswith("query=") and "&" not in text:
        query = _form_value(body[6:])  # the usual form: one field, the query
        if query is not None:
            if len(query.encode("utf-8")) > max_bytes:
                return too_large(max_bytes)
            return ProtocolRequest(query, (), ())
    if media == "application/sparql-query":
        request_ = _from_params(in_url, [], max_bytes)
        if isinstance(request_, Answer):
            return request_
        if request_ is not None:
            return Answer.error(400, "give the query once: in the body or in ?query=, not both")
        return ProtocolRequest(text, *_graphs(in_url))
    try:
        form = parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text),
                         errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        return Answer.error(400, f"the form body is not valid URL encoding: {exc}")
    return _from_params(form, in_url, max_bytes) or Answer.error(
        400, "the form has no 'query' field")


def _form_value(raw: bytes) -> str | None:
    """A form field's value as `parse_qsl` reads it ('+' a space, %XX a byte, UTF-8); None when
    it is not valid UTF-8 once decoded (`parse_qsl` then says what is wrong)."""
    try:
        return percent_decoded(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def percent_decoded(raw: bytes) -> bytes:
    """`urllib.parse.unquote_to_bytes`, in C when it can: a query's form body has dozens of %XX
    (each costs unquote_to_bytes a Python step). binascii's quoted-printable decoder reads =XX
    as unquote_to_bytes reads %XX; it differs only on an '=' (taken for an escape), a line end
    or an escape cut short at the end (soft line breaks), and on an escape that is not hex
    (left as '=..'); such texts go to unquote_to_bytes."""
    if b"=" not in raw and b"\n" not in raw and b"\r" not in raw and b"%" not in raw[-2:]:
        decoded = a2b_qp(raw.replace(b"%", b"="))
        if b"=" not in decoded:
            return decoded
    return unquote_to_bytes(raw)


def _from_params(params: list[tuple[str, str]], more: list[tuple[str, str]],
                 max_bytes: int) -> ProtocolRequest | Answer | None:
    names = {name for name, _ in params}
    if "update" in names:
        return Answer.error(403, READ_ONLY)
    queries = [value for name, value in params if name == "query"]
    if not queries:
        return None
    if len(queries) > 1:
        return Answer.error(400, f"{len(queries)} 'query' parameters; send exactly one")
    if len(queries[0].encode("utf-8")) > max_bytes:
        return too_large(max_bytes)
    return ProtocolRequest(queries[0], *_graphs(params + more))


def _graphs(params: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (tuple(value for name, value in params if name == "default-graph-uri"),
            tuple(value for name, value in params if name == "named-graph-uri"))


def too_large(max_bytes: int) -> Answer:
    return Answer.error(413, f"the query is larger than this endpoint's limit of {max_bytes} "
                        "bytes; send a shorter query")


def drafts_flag(value: str | None) -> bool:
    """The ``drafts`` parameter of /named/NAME: absent or false, reviewed reports only."""
    if value is None or value.lower() in ("false", "0", ""):
        return False
    if value.lower() in ("true", "1"):
        return True
    raise InputError(f"{value!r} is neither true nor false: give drafts=true or drafts=false",
                     field="drafts")
