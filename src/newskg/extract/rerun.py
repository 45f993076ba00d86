"""Drafting an article again without overwriting what a person decided.

A report of the previous facts file is a person's decision, and is kept as written (its lines
copied, comments included), when
- the file was written by a person (its curation agent is not newskg's), or
- the report is reviewed (``reviewed: true`` on it, or ``curation.reviewed: true``), or
- its ``resolution:`` was decided ``by`` someone else than newskg;
plus the reports those use (``according_to``, ``stated_in``). The new draft's report with the same id,
or with the same evidence and the same entity / words / instance / value, is left out. A proposed
entity or instance, of the previous file or of the new draft, is kept when the merged reports use it
(directly, or through another proposal); on a key both propose, the previous text wins. The ``article:`` and ``curation:`` blocks of the
previous file are kept as they were, and so is its opening comment when a person wrote the file.

A kept report that replaces a new one resolved to a key the new draft proposes, while the kept one
names another (``entity`` of a mention, ``instance`` of a report, ``counted`` of a figure), says that
the proposal IS that other key: the new draft's reports and proposals, and the previous file's
proposals, are rewritten to it (plain values only: quoted free text and comments stay as written),
so nothing uses the abandoned proposal and it is dropped. Not when a kept report still uses the
proposed key (directly or through a proposal), nor when kept reports name different keys for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from newskg.errors import InputError
from newskg.extract.draft_doc import (
    ITEM_INDENT,
    PROPOSAL_INDENT,
    PROPOSED_SECTIONS,
    REPORT_SECTIONS,
    Block,
    DraftDoc,
    Proposal,
)
from newskg.project.proposals import TOOL_AGENTS
from newskg.project.yamlio import Located, LocatedList, load_yaml

PRIMARY = {"mentions": "entity", "statements": "words", "reports": "instance", "figures": "value"}
RESOLVED = {"mentions": "entity", "reports": "instance", "figures": "counted"}  # the key decided
_QUOTED_OR_COMMENT = re.compile(r'("(?:[^"\\]|\\.)*"|\s#.*$)')
_ID_FIELDS = re.compile(r"^\s*(according_to|stated_in):")


def reindent(lines: list[str], to: int) -> list[str]:
    """Shift a block so that its first line starts at column ``to``."""
    first = lines[0]
    shift = to - (len(first) - len(first.lstrip()))
    if shift >= 0:
        return [(" " * shift + line) if line.strip() else line for line in lines]
    out = []
    for line in lines:
        lead = len(line) - len(line.lstrip())
        out.append(line[min(-shift, lead):])
    return out


def _ranges(starts: list[int], end: int) -> Iterator[tuple[int, int]]:
    """(first, last) 1-based line ranges from sorted start lines; the last one ends at ``end``."""
    for i, start in enumerate(starts):
        yield start, (starts[i + 1] - 1 if i + 1 < len(starts) else end)


def _tokens(value: object) -> set[str]:
    if isinstance(value, dict):
        return {t for v in value.values() for t in _tokens(v)}
    if isinstance(value, list):
        return {t for v in value for t in _tokens(v)}
    return {str(value)} if value is not None else set()


class Previous:
    """The previous facts file: its lines and where each block of it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.top = load_yaml(path)
        if not isinstance(self.top, Located):
            raise InputError("the previous facts file is not a mapping; nothing was overwritten",
                             path=path, hint="fix it or remove it, then draft again")
        self.lines = path.read_text(encoding="utf-8").splitlines()
        starts = sorted(self.top.key_lines.values())
        self.section = {key: rng for key, rng in zip(
            sorted(self.top.key_lines, key=self.top.line_of), _ranges(starts, len(self.lines)),
            strict=True)}

    def block(self, first: int, last: int) -> list[str]:
        lines = self.lines[first - 1:last]
        while lines and not lines[-1].strip():
            lines.pop()
        return lines

    def whole(self, key: str) -> list[str]:
        return self.block(*self.section[key]) if key in self.section else []

    def items(self, section: str) -> list[tuple[Located, list[str]]]:
        seq = self.top.get(section)
        if not isinstance(seq, LocatedList):
            return []
        end = self.section[section][1]
        return [(item, self.block(first, last))
                for item, (first, last) in zip(seq, _ranges(seq.item_lines, end), strict=True)
                if isinstance(item, Located)]

    def keyed(self, table: object, end: int) -> list[tuple[str, Located | object, list[str]]]:
        if not isinstance(table, Located):
            return []
        keys = sorted(table.key_lines, key=table.line_of)
        return [(k, table[k], self.block(first, last)) for k, (first, last) in
                zip(keys, _ranges([table.line_of(k) for k in keys], end), strict=True)]

    def decided_by_person(self) -> tuple[bool, bool]:
        """(the whole file is a person's, reports are reviewed unless they say otherwise)."""
        curation = self.top.get("curation")
        if not isinstance(curation, Located):
            return True, True
        agent, kind = curation.get("agent"), curation.get("agent_type", "person")
        return (kind == "person" or agent not in TOOL_AGENTS), curation.get("reviewed") is not False


def _is_decision(item: Located, whole_file: bool, reviewed_default: bool) -> bool:
    resolution = item.get("resolution")
    by = resolution.get("by") if isinstance(resolution, dict) else None
    return whole_file or item.get("reviewed", reviewed_default) is True or (
        by is not None and by not in TOOL_AGENTS)


def merge_previous(new: DraftDoc, path: Path, text: str) -> tuple[DraftDoc, int]:
    """``new`` with the decisions of the previous file at ``path`` kept; (doc, reports kept).
    ``text`` is the article text: a kept report whose evidence is not in it is refused."""
    old = Previous(path)
    whole_file, reviewed_default = old.decided_by_person()
    found = {s: old.items(s) for s in REPORT_SECTIONS}
    by_id = {str(item.get("id")): item for s in REPORT_SECTIONS for item, _ in found[s]}
    kept_ids = {i for i, item in by_id.items() if _is_decision(item, whole_file, reviewed_default)}
    todo = list(kept_ids)
    while todo:  # the statements a kept report stands on
        item = by_id[todo.pop()]
        for ref in _tokens([item.get("according_to"), item.get("stated_in")]):
            if ref in by_id and ref not in kept_ids:
                kept_ids.add(ref)
                todo.append(ref)
    header = old.lines[:min(old.section.values())[0] - 1] if whole_file and old.section else []
    merged = DraftDoc(header=[*header, *new.header], article=old.whole("article") or new.article,
                      curation=old.whole("curation") or new.curation)
    renamed: dict[str, str] = {}
    claimed: dict[str, set[str]] = {}  # a new draft's proposed key -> the keys kept reports chose
    proposed = {p.key for p in new.proposed_entities} | {
        p.key for ps in new.proposed_instances.values() for p in ps}
    uses: set[str] = set()
    for section in REPORT_SECTIONS:
        kept = [(item, lines) for item, lines in found[section] if str(item.get("id")) in kept_ids]
        for item, _ in kept:
            evidence = str(item.get("evidence", ""))
            if evidence not in text:
                raise InputError(f"{section[:-1]} {item.get('id')!r}: its evidence is not in the "
                                 "article text any more; nothing was overwritten", path=path,
                                 line=item.line, field="evidence",
                                 hint="draft the same text again, or remove the report")
            uses |= _tokens(item)
        signatures = {(str(item.get("evidence")), str(item.get(PRIMARY[section]))): str(item["id"])
                      for item, _ in kept}
        blocks = [Block(str(item["id"]), reindent(lines, ITEM_INDENT), str(item.get("evidence")),
                        str(item.get(PRIMARY[section])), kept=True) for item, lines in kept]
        for block in new.reports[section]:
            same = block.id if block.id in kept_ids else signatures.get(
                (block.evidence, block.primary))
            if same is None:
                blocks.append(block)
            else:
                renamed[block.id] = same
                fresh = _plain_field(block.lines, RESOLVED.get(section))
                chosen = by_id[same].get(RESOLVED.get(section, ""))
                if fresh in proposed and chosen is not None and str(chosen) != fresh:
                    claimed.setdefault(fresh, set()).add(str(chosen))
        merged.reports[section] = blocks
    previous = _previous_proposals(old)
    still_used = _wanted(uses, [(_names(k, body), _tokens(body))
                                for entries in previous.values() for k, body, _ in entries])
    alias = {key: next(iter(keys)) for key, keys in claimed.items()
             if len(keys) == 1 and key not in still_used}
    for block in merged.blocks():
        if not block.kept:
            block.lines = _retargeted(_renamed(block.lines, renamed), alias)
            block.refs = frozenset(alias.get(r, r) for r in block.refs)
            block.primary = alias.get(block.primary, block.primary)
            if reviewed_default:  # the previous curation marks reports reviewed by default
                block.lines.insert(1, " " * (ITEM_INDENT + 2) + "reviewed: false")
            uses |= block.refs
    _merge_proposals(merged, new, previous, uses, alias)
    reported = {b.primary for b in merged.reports["reports"]}
    for section in ("events", "agreements"):
        for p in merged.proposed_instances[section]:
            if p.key not in reported:
                merged.header.append(f"# warning: the proposed {section[:-1]} {p.key} is reported "
                                     "by no report any more (a proposal uses it): report it, or "
                                     "remove it and what uses it")
    count = sum(b.kept for b in merged.blocks())
    if count:
        merged.header.append(f"# kept from the previous draft: {count} report(s) a person "
                             "decided (reviewed, or resolved by hand), as they were")
    return merged, count


def _renamed(lines: list[str], renamed: dict[str, str]) -> list[str]:
    if not renamed:
        return lines
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, renamed)) + r")(?![\w-])")
    return [pattern.sub(lambda m: renamed[m.group(1)], line) if _ID_FIELDS.match(line) else line
            for line in lines]


def _plain_field(lines: list[str], name: str | None) -> str | None:
    """The plain value of field ``name`` in a new draft's block (None when it has none)."""
    if name is None:
        return None
    field = re.compile(rf"\s*(?:- )?{re.escape(name)}:\s*([\w-]+)\s*$")
    return next((m.group(1) for line in lines if (m := field.match(line))), None)


def _retargeted(lines: list[str], alias: dict[str, str]) -> list[str]:
    """``lines`` with each plain value naming an aliased key naming its target instead; mapping
    keys (a name before ':'), quoted text and comments are left as they are."""
    if not alias:
        return lines
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, alias)) + r")(?![\w:-])")
    return ["".join(part if i % 2 else pattern.sub(lambda m: alias[m.group(1)], part)
                    for i, part in enumerate(_QUOTED_OR_COMMENT.split(line)))
            for line in lines]


Entries = dict[str, list[tuple[str, object, list[str]]]]  # section -> (key, body, lines)


def _previous_proposals(old: Previous) -> Entries:
    """The previous file's proposed entities and instances, by section."""
    previous: Entries = {}
    end = old.section.get("proposed_entities", (0, 0))[1]
    previous["entities"] = old.keyed(old.top.get("proposed_entities"), end)
    table = old.top.get("proposed_instances")
    if isinstance(table, Located):
        section_end = old.section["proposed_instances"][1]
        starts = sorted(table.key_lines.values())
        ends = {k: last for k, (_, last) in zip(sorted(table.key_lines, key=table.line_of),
                                                _ranges(starts, section_end), strict=True)}
        for section in PROPOSED_SECTIONS:
            previous[section] = old.keyed(table.get(section), ends.get(section, section_end))
    return previous


def _merge_proposals(merged: DraftDoc, new: DraftDoc, previous: Entries, uses: set[str],
                     alias: dict[str, str]) -> None:
    """The proposals the merged reports use: the previous file's (its text wins), then new ones;
    ``alias`` rewritten in both."""
    previous = {section: [(k, body, _retargeted(lines, alias)) for k, body, lines in entries]
                for section, entries in previous.items()}
    fresh = {"entities": new.proposed_entities, **new.proposed_instances}
    for p in (p for ps in fresh.values() for p in ps):
        p.lines = _retargeted(p.lines, alias)
        p.refs = frozenset(alias.get(r, r) for r in p.refs)
    wanted = _wanted(uses, [(_names(k, body), {alias.get(t, t) for t in _tokens(body)})
                            for entries in previous.values()
                            for k, body, _ in entries] +
                     [({p.key} | p.inner, set(p.refs)) for ps in fresh.values() for p in ps])
    for section, indent in [("entities", ITEM_INDENT)] + [(s, PROPOSAL_INDENT)
                                                          for s in PROPOSED_SECTIONS]:
        kept = [Proposal(key, reindent(lines, indent), kept=True)
                for key, body, lines in previous.get(section, []) if _names(key, body) & wanted]
        have = {p.key for p in kept}
        combined = kept + [p for p in fresh[section] if p.key not in have
                           and ({p.key} | p.inner) & wanted]
        if section == "entities":
            merged.proposed_entities = combined
        else:
            merged.proposed_instances[section] = combined


def _wanted(uses: set[str], proposals: list[tuple[set[str], set[str]]]) -> set[str]:
    """The keys the merged reports use, with what the proposals they use use in turn."""
    wanted = set(uses)
    changed = True
    while changed:
        changed = False
        for names, refs in proposals:
            if names & wanted and not (names | refs) <= wanted:
                wanted |= names | refs
                changed = True
    return wanted


def _names(key: str, body: object) -> set[str]:
    """An entry's key and, for an agreement, its terms' keys."""
    terms = body.get("terms") if isinstance(body, dict) else None
    return {key, *(terms if isinstance(terms, dict) else ())}

