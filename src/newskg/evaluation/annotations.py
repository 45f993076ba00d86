"""Annotations in the corpus's gold shape, and reading them from gold JSON files.

The shape is the one of `../shared/corpus/gold/*.json` (see its README): six kinds of items, each a
plain dict. `extract --format json` writes the same shape, and from_facts.py makes it from the
project's curated facts (a `data/articles/<slug>/` folder), so drafts, gold files and curated facts
can all be scored against each other (run.py picks the reader). This module imports neither.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newskg.errors import InputError
from newskg.project.dates import DateFormError, parse_day

KINDS = ("actors", "territories", "agreements", "statements", "figures", "events")

# The fields each kind needs for matching (others are kept but not required).
REQUIRED: dict[str, tuple[str, ...]] = {
    "actors": ("name",),
    "territories": ("name",),
    "agreements": ("parties",),
    "statements": ("speaker", "text"),
    "figures": ("what", "value"),
    "events": ("type", "date"),
}

Item = dict[str, Any]

# The type of each field a kind may have: "text" a non-empty string, "texts" a list of them, "day"
# YYYY-MM-DD or null, "flag" true or false, "count" an integer; "text?" also null. Fields not
# listed are kept unchecked (a draft's confidences, a gold file's notes).
FIELDS: dict[str, dict[str, str]] = {
    "actors": {"name": "text", "type": "text", "aliases": "texts"},
    "territories": {"name": "text", "type": "text"},
    "agreements": {"name": "text?", "type": "text?", "parties": "texts", "mediators": "texts",
                   "date": "day", "terms": "texts", "evidence": "text?"},
    "statements": {"speaker": "text", "text": "text", "direct": "flag", "evidence": "text?"},
    "figures": {"what": "text", "value": "count", "qualifier": "text?", "reported_by": "text?",
                "evidence": "text?"},
    "events": {"name": "text?", "type": "text", "date": "day", "place": "text?",
               "evidence": "text?"},
}


class AnnotationsError(InputError):
    """A gold or prediction file that is not in the corpus's annotation shape."""


@dataclass(frozen=True)
class Annotations:
    """One article's annotations: items by kind, plus where they were read from."""

    article: str
    published: str | None
    source: Path
    items: dict[str, list[Item]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Item]:
        return self.items.get(kind, [])


def parse_annotations(doc: object, source: Path, article: str) -> Annotations:
    """Check a decoded JSON document against the gold shape; errors name the field path."""
    if not isinstance(doc, dict) or not (set(doc) & {*KINDS, "article"}):
        raise AnnotationsError("expected a JSON object with the keys " + ", ".join(KINDS),
                               path=source, hint="see ../shared/corpus/README.md")
    items: dict[str, list[Item]] = {}
    for kind in KINDS:
        value = doc.get(kind, [])
        if not isinstance(value, list):
            raise AnnotationsError(f"{kind!r} must be a list", path=source, field=kind)
        for index, item in enumerate(value):
            where = f"{kind}[{index}]"
            if not isinstance(item, dict):
                raise AnnotationsError("expected an object", path=source, field=where)
            for key in REQUIRED[kind]:
                if key not in item:
                    raise AnnotationsError(f"missing {key!r}", path=source, field=f"{where}.{key}",
                                           hint="see ../shared/corpus/README.md for the fields")
            for key, form in FIELDS[kind].items():
                if key in item:
                    _check_field(item[key], form, source, f"{where}.{key}")
        items[kind] = value
    published = doc.get("published")
    return Annotations(str(doc.get("article") or article),
                       published if isinstance(published, str) else None, source, items)


def _check_field(value: object, form: str, source: Path, where: str) -> None:
    """Refuse a field whose value is not of its form (see FIELDS), naming it."""
    if form.endswith("?") and value is None:
        return
    form = form.rstrip("?")
    problem = None
    if form == "text" and not (isinstance(value, str) and value.strip()):
        problem = "must be a non-empty string"
    elif form == "texts" and not (isinstance(value, list) and
                                  all(isinstance(v, str) and v.strip() for v in value)):
        problem = "must be a list of non-empty strings"
    elif form == "flag" and not isinstance(value, bool):
        problem = "must be true or false"
    elif form == "count" and not (isinstance(value, int) and not isinstance(value, bool)):
        problem = "must be an integer"
    elif form == "day" and value is not None:
        problem = None if isinstance(value, str) and _is_day(value) \
            else "must be a day written YYYY-MM-DD, or null"
    if problem is not None:
        raise AnnotationsError(f"{problem}, not {json.dumps(value)[:40]}", path=source,
                               field=where, hint="see ../shared/corpus/README.md for the fields")


def _is_day(text: str) -> bool:
    """Written as a facts file writes a day (`newskg.project.dates.parse_day`)."""
    try:
        parse_day(text)
    except DateFormError:
        return False
    return True


def load_annotations_json(path: Path) -> Annotations:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AnnotationsError("not UTF-8 text", path=path) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationsError(f"not JSON: {exc.msg}", path=path, line=exc.lineno,
                               hint="fix the JSON syntax at that line") from None
    return parse_annotations(doc, path, path.stem)


def annotation_sources(folder: Path) -> dict[str, Path]:
    """The annotated articles of a folder by name: `NAME.json` files and `NAME/facts.yaml` folders."""
    if not folder.is_dir():
        raise AnnotationsError("not a folder", path=folder,
                               hint="give a folder of gold *.json files or of article folders")
    found: dict[str, Path] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".json":
            found[entry.stem] = entry
        elif entry.is_dir() and (entry / "facts.yaml").is_file():
            found[entry.name] = entry
    return found
