"""The reviewable links file, data/wikidata/links.yaml: one decision per entity or event.

Kept apart from the hand-curated data/entities.yaml and data/instances.yaml. Each entry, keyed by
an entity key or by the instance key of an event or agreement (data/instances.yaml):

    azerbaijan:
      status: linked            # linked | needs-review | no-candidate | rejected
      id: Q227                  # only when linked
      label: Azerbaijan         # the item's label (of the candidate, when needs-review)
      candidate: Q244165        # only when needs-review: the best candidate, NOT a link
      score: 1.0
      source: person            # snapshot | online | person: who or what decided
      why: name = label, types unknown (...)
      decided_at: '2026-11-26T09:10:00Z'
      decided_by: newskg link 0.1.0
      rejected: [Q244165]       # ids a person rejected; never proposed again

A file edited by hand into an invalid state (a malformed id, two ids for one entity, one id for two
subjects, an id without evidence) is refused with its file, line and field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from newskg.atomic import atomic_write
from newskg.errors import LinkFileError
from newskg.project.fields import Fields
from newskg.project.snapshot import ITEM_PATTERN, NOT_LINK_TARGETS, Snapshot
from newskg.project.yamlio import LocatedList, load_yaml

LINKS_FILE = "links.yaml"
STATUSES = ("linked", "needs-review", "no-candidate", "rejected")
SOURCES = ("snapshot", "online", "person")
HEADER = """\
# Wikidata links, one decision per entity (key) or event/agreement instance (its key in data/instances.yaml).
# Written by `newskg link`; a person may edit status/id (or use `newskg link --review`).
# Format: src/newskg/project/links.py. Only `linked` entries become skos:exactMatch in the graph.
"""


@dataclass(frozen=True)
class Link:
    subject: str
    status: str
    source: str
    why: str
    decided_at: str
    decided_by: str
    id: str | None = None
    label: str | None = None
    candidate: str | None = None
    score: float | None = None
    rejected: tuple[str, ...] = ()
    line: int = 0

    def same_decision(self, other: Link) -> bool:
        return (self.status, self.id, self.candidate, self.source, self.rejected) == (
            other.status, other.id, other.candidate, other.source, other.rejected)


def load_links(path: Path, snapshot: Snapshot) -> dict[str, Link]:
    """Read and check links.yaml against the snapshot; raise LinkFileError naming file:line:field."""
    doc = load_yaml(path)
    if doc is None:
        return {}
    top = Fields(doc, where="links file", path=path, line=1)
    table = top.mapping("links")
    top.check_unknown()
    links = {} if table is None else {
        key: _link(key, body, path, table.line_of(key), snapshot) for key, body in table.items()}
    check_one_subject_per_id(links.values(), path)
    return links


def _link(key: str, body: object, path: Path, line: int, snapshot: Snapshot) -> Link:
    f = Fields(body, where=f"link {key!r}", path=path, line=line)
    status = f.choice("status", {s: s for s in STATUSES})
    qid = _qid(f, "id", path)
    candidate = _qid(f, "candidate", path)
    rejected = f.strings("rejected")
    for value in rejected:
        if not ITEM_PATTERN.match(value):
            raise _bad(path, f.m.line_of("rejected"), "rejected", key, value)
    if status == "linked" and qid is None:
        raise f.error("id", "status 'linked' needs an id", "add 'id: Q<digits>' or change status")
    if status != "linked" and qid is not None:
        raise f.error("id", f"status {status!r} must not have an id (only 'linked' does)",
                      "set status: linked, or move the id to 'candidate:'")
    if qid is not None:
        item = snapshot.get(qid)
        if item is None or not item.verified:
            raise f.error("id", f"{qid} has no evidence: it is neither in verified.tsv nor fetched "
                          "from Wikidata into snapshot.yaml",
                          "run 'newskg link --online' to fetch it, or remove the link")
        if item.kind in NOT_LINK_TARGETS:
            raise f.error("id", f"{qid} is a {item.kind} ({item.label!r}), not an item an entity "
                          "can be", "link the entity to its own item, or remove the link")
    link = Link(key, status, f.choice("source", {s: s for s in SOURCES}), f.req_text("why"),
                f.instant("decided_at"), f.text("decided_by") or "", qid, f.text("label"),
                candidate, None, rejected, line)
    score = f.number("score", -1.0, 0.0, 1.0)
    if score >= 0:
        link = replace(link, score=score)
    f.check_unknown()
    return link


def _qid(f: Fields, key: str, path: Path) -> str | None:
    value = f.m.get(key)
    if isinstance(value, LocatedList):
        raise f.error(key, f"one entity, {len(value)} ids: a subject links to at most one item",
                      "keep one id; record the others under 'rejected:'")
    text = f.text(key)
    if text is not None and not ITEM_PATTERN.match(text):
        raise _bad(path, f.m.line_of(key), key, f.where, text)
    return text


def _bad(path: Path, line: int, field: str, where: str, value: str) -> LinkFileError:
    return LinkFileError(f"{where}: {value!r} is not a Wikidata item id", path=path, line=line,
                         field=field, hint="write Q followed by digits, e.g. Q227")


def check_one_subject_per_id(links: Iterable[Link], path: Path) -> None:
    """Two subjects linked to one item is a conflict (the same thing twice, or a wrong link)."""
    owner: dict[str, Link] = {}
    for link in sorted(links, key=lambda x: x.line):
        if link.status != "linked" or link.id is None:
            continue
        first = owner.setdefault(link.id, link)
        if first is not link:
            raise LinkFileError(
                f"{link.id} is linked from both {first.subject!r} (line {first.line}) and "
                f"{link.subject!r}", path=path, line=link.line, field="id",
                hint="two entities cannot be the same Wikidata item; keep one link")


def dump_links(links: Mapping[str, Link]) -> str:
    table = {}
    for key in sorted(links):
        link = links[key]
        body: dict[str, object] = {"status": link.status}
        for name in ("id", "label", "candidate", "score"):
            value = getattr(link, name)
            if value is not None:
                body[name] = value
        body.update(source=link.source, why=link.why, decided_at=link.decided_at,
                    decided_by=link.decided_by)
        if link.rejected:
            body["rejected"] = list(link.rejected)
        table[key] = body
    return HEADER + yaml.safe_dump({"links": table}, sort_keys=False, allow_unicode=True,
                                   width=100)


def write_links(path: Path, links: Mapping[str, Link]) -> None:
    atomic_write(path, dump_links(links).encode("utf-8"))
