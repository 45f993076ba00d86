"""Reading an article to extract from: the corpus layout, bare text, or HTML.

The corpus layout is a headline on line 1, then ``source: <address>`` and ``published: YYYY-MM-DD``
lines, a blank line and the body. Bare text (no header) takes its first line as the headline when it
reads as one (no full stop at its end); when it reads as a sentence of the text, the text has no
headline line: its first sentence stands for the headline (a draft's ``headline:``, the folder
`newskg add` makes) and is drafted with the rest. The publication date comes from ``--published``;
HTML gets its main text taken out by trafilatura. Empty, binary
and non-UTF-8 files are refused with an error naming the file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from newskg.errors import InputError
from newskg.project.dates import DateFormError, parse_day
from newskg.project.fields import WEB_ADDRESS_HINT, is_web_address
from newskg.project.inputs import not_utf8, read_bounded_bytes, wide_encoding

HEADER_FIELD = re.compile(r"^(source|published):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
# The end of a statement: a line ending so is text, not a headline ("... would hold." / "...
# 'over'."); a headline may ask or exclaim ("Will the ceasefire hold?"), so ? and ! do not count.
SENTENCE_END = re.compile(r"\.[\"'”’)\]]*\s*$")
HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleInput:
    """One article as extraction sees it: ``text`` is the frozen text, ``body`` a slice of it."""

    path: Path
    text: str
    headline: str
    published: dt.date | None
    source: str | None
    body_start: int
    titled: bool = True  # False: bare text without a headline line; ``headline`` is its first
    # sentence, which is also drafted

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


def read_article(path: Path, *, published: dt.date | None = None) -> ArticleInput:
    """Read ``path``; ``published`` (from --published) wins over the header's date. A file over
    the input size limit (`newskg.project.inputs`, 10 MB unless NEWSKG_MAX_INPUT_MB says) is
    refused before it is read, as `newskg build` refuses it: the draft of such an article could
    not be built. A pipe is read up to the limit."""
    if path.is_dir():
        raise InputError("is a folder, not an article", path=path,
                         hint="give one article file (newskg extract also takes a folder of "
                         "articles with -o OUT_DIR)")
    data = read_bounded_bytes(path, streams=True, what="article")
    return parse_article(data, path, published=published)


def parse_article(data: bytes, path: Path, *, published: dt.date | None = None) -> ArticleInput:
    """The article in ``data`` (the bytes of ``path``); see the module docstring for the layouts."""
    if wide_encoding(data) is not None:  # its NUL bytes are not those of a binary file
        raise not_utf8(data, path, None)
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not an article", path=path,
                         hint="give a UTF-8 text or HTML file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, path, exc, hint="convert it to UTF-8, e.g. iconv -t UTF-8") from None
    text = text.replace("\r\n", "\n")
    if HTML_START.match(text):
        text = html_main_text(text, path)
    if not text.strip():
        raise InputError("empty article", path=path, hint="the file holds no text")
    return _split_header(text, path, published)


def html_main_text(html: str, path: Path) -> str:
    """The main text of an HTML page (trafilatura), paragraphs separated by blank lines."""
    import trafilatura

    extracted = trafilatura.extract(html, include_comments=False, include_tables=False,
                                    with_metadata=False)
    if not extracted:
        raise InputError("no article text found in the HTML", path=path,
                         hint="save the article's text as a .txt file instead")
    title = trafilatura.extract_metadata(html)
    headline = title.title if title is not None and title.title else ""
    body = re.sub(r"\n+", "\n\n", extracted.strip())
    return f"{headline}\n\n{body}\n" if headline and not body.startswith(headline) else body + "\n"


def _split_header(text: str, path: Path, published: dt.date | None) -> ArticleInput:
    lines = text.split("\n")
    headline = next((line.strip() for line in lines if line.strip()), "")
    first = text.find(headline)
    head_end = first + len(headline)
    fields: dict[str, str] = {}
    field_lines: dict[str, int] = {}
    pos = head_end + 1
    for number, line in enumerate(lines[1:4], start=2):
        m = HEADER_FIELD.match(line)
        if not m:
            break
        fields[m.group(1)] = m.group(2)
        field_lines[m.group(1)] = number
        pos += len(line) + 1
    if "published" in fields and published is None:
        try:
            published = parse_day(fields["published"])
        except DateFormError as exc:
            raise InputError(str(exc), path=path, line=field_lines["published"],
                             field="published") from None
    source = fields.get("source")
    if source and not is_web_address(source):  # the facts' url: `newskg build` would refuse it
        raise InputError(f"{source!r} is not a web address", path=path,
                         line=field_lines["source"], field="source", hint=WEB_ADDRESS_HINT)
    if not fields and SENTENCE_END.search(headline) and len(headline.split()) >= 6:
        from newskg.extract.sentences import split_sentences  # its abbreviations ("Mr.")

        sentences = split_sentences(headline)
        return ArticleInput(path, text, sentences[0].text.strip() if sentences else headline,
                            published, None, first, titled=False)
    body_start = pos if fields else head_end
    return ArticleInput(path, text, headline, published, fields.get("source"),
                        min(body_start, len(text)))
