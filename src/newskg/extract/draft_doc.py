"""A draft facts file as blocks of YAML lines: the article and curation, one block per report, one per
proposed entity or instance. Drafting fills it; drafting again merges a person's blocks into it
(rerun.py); ``render`` writes the text.

Values are written so that the text is valid YAML and diff-friendly: keys plain, free text as
double-quoted (JSON) scalars, lists in flow style, one field per line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newskg.extract.model import Extraction, StatementDraft
from newskg.extract.patterns.speech import POLARITY
from newskg.extract.sentences import Sentence

REPORT_SECTIONS = ("mentions", "statements", "reports", "figures")
PROPOSED_SECTIONS = ("events", "agreements", "counted")
ITEM_INDENT = 2        # "  - id: ..."
PROPOSAL_INDENT = 4    # "    key:" under "proposed_instances:\n  events:"


class Plain(str):
    """A value written without quotes (keys, vocabulary words)."""


Value = str | int | float | bool | Sequence[str] | Mapping[str, object] | None


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (int, Plain)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def field_lines(fields: list[tuple[str, Value]], indent: int) -> list[str]:
    """``key: value`` lines (None values left out; a key starting with '#' is a comment)."""
    pad = " " * indent
    out = []
    for key, value in fields:
        if value is None:
            continue
        if key.startswith("#"):
            out.append(f"{pad}{key} {value}")
        elif value != []:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


@dataclass
class Block:
    """One report of a draft (a list item), as lines at ITEM_INDENT."""

    id: str
    lines: list[str]
    evidence: str
    primary: str  # what it is about: entity, words, instance or value
    refs: frozenset[str] = frozenset()  # keys and report ids it uses
    kept: bool = False  # a person's decision, copied from the previous file

    @classmethod
    def of(cls, fields: list[tuple[str, Value]], *, primary: str,
           refs: frozenset[str] = frozenset()) -> Block:
        ident = str(dict(fields)["id"])
        lines = field_lines(fields, ITEM_INDENT + 2)
        first = next(i for i, line in enumerate(lines) if line.strip().startswith("id:"))
        lines.insert(0, " " * ITEM_INDENT + "- " + lines.pop(first).strip())
        return cls(ident, lines, str(dict(fields)["evidence"]), primary, refs)


@dataclass
class Proposal:
    """A proposed entity or instance, as lines (the key line first)."""

    key: str
    lines: list[str]
    refs: frozenset[str] = frozenset()
    kept: bool = False
    inner: frozenset[str] = frozenset()  # keys declared inside it (an agreement's terms)


@dataclass
class DraftDoc:
    header: list[str] = field(default_factory=list)
    article: list[str] = field(default_factory=list)
    curation: list[str] = field(default_factory=list)
    reports: dict[str, list[Block]] = field(
        default_factory=lambda: {s: [] for s in REPORT_SECTIONS})
    proposed_entities: list[Proposal] = field(default_factory=list)
    proposed_instances: dict[str, list[Proposal]] = field(
        default_factory=lambda: {s: [] for s in PROPOSED_SECTIONS})

    def blocks(self) -> list[Block]:
        return [b for section in REPORT_SECTIONS for b in self.reports[section]]


def render(doc: DraftDoc) -> str:
    lines = [*doc.header, *doc.article, *doc.curation]
    if doc.proposed_entities:
        lines.append("proposed_entities:   # names data/entities.yaml does not know; check the "
                     "types, move those you keep there")
        lines += [line for p in doc.proposed_entities for line in p.lines]
    if any(doc.proposed_instances.values()):
        lines.append("proposed_instances:   # new world instances (drafts); move those you keep "
                     "to data/instances.yaml")
        for section in PROPOSED_SECTIONS:
            if doc.proposed_instances[section]:
                lines.append(f"  {section}:")
                lines += [line for p in doc.proposed_instances[section] for line in p.lines]
    for section in REPORT_SECTIONS:
        if doc.reports[section]:
            lines.append(f"{section}:")
            lines += [line for b in doc.reports[section] for line in b.lines]
    return "\n".join(lines) + "\n"


class Ids:
    """Report ids unique within the draft: prefix-word-N (the same extraction, the same ids)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def make(self, prefix: str, hint: str) -> str:
        base = f"{prefix}-{re.sub(r'[^a-z0-9]+', '-', hint.lower()).strip('-')[:30].strip('-')}"
        self.counts[base] += 1
        return base if self.counts[base] == 1 else f"{base}-{self.counts[base]}"


def stance_of(s: StatementDraft) -> tuple[str, str | None, str | None]:
    """(stance, polarity, a note for the reviewer): an evaluation whose cue does not tell its
    polarity is written as asserted, with a note."""
    if s.stance != "evaluated":
        return s.stance, None, None
    cue = s.cue.lower().split()
    polarity = next((POLARITY[w] for w in cue if w in POLARITY), None)
    if polarity is None:
        return "asserted", None, (f"the cue {s.cue!r} marks an evaluation: set 'stance: "
                                  "evaluated' and its polarity (positive, negative or mixed)")
    return "evaluated", polarity, None


def evidence_sentences(x: Extraction) -> list[Sentence]:
    """The evidence sentences of every report (agreement terms included)."""
    return ([s.evidence for s in x.statements] + [f.evidence for f in x.figures] +
            [e.evidence for e in x.events] + [a.evidence for a in x.agreements] +
            [s for a in x.agreements for _, s in a.terms])
