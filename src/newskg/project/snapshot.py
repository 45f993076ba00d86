"""The local Wikidata snapshot, data/wikidata/snapshot.yaml: what newskg knows about Wikidata items.

For each item: its id, English label, aliases, description and P31 ("instance of") types, and for every
fact where and when it was obtained (``sources``). It is seeded from data/wikidata/verified.tsv, which
gives only id, label, a coarse kind and the name the seed article uses, checked against public sources
at a time it does not record; so a seeded item has empty aliases, description and types until an online
run (``newskg link --online``) fetches them, each with its URL and retrieval time. Nothing here is
written from memory.

The file ends with ``end: {items: N}``; a file without it, or with another count, was cut short (an
interrupted copy) and is refused. Writes are atomic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from newskg.atomic import atomic_write
from newskg.errors import LinkFileError
from newskg.project.fields import Fields
from newskg.project.yamlio import load_yaml

SNAPSHOT_FILE = "snapshot.yaml"
VERIFIED_FILE = "verified.tsv"
ID_PATTERN = re.compile(r"^[QP][1-9][0-9]*$")
ITEM_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
KINDS = ("place", "person", "organization", "event", "class", "property", "item")
NOT_LINK_TARGETS = ("class", "property")  # kinds no entity or instance may be linked to
HEADER = """\
# Local Wikidata snapshot (format: src/newskg/project/snapshot.py). Written by `newskg link`; the
# `sources` of each item say where and when each of its fields was obtained. Seeded from
# verified.tsv (id, label, kind, seed_name); aliases, description and types come only from online
# runs. Do not add ids by hand from memory.
"""


@dataclass(frozen=True)
class Source:
    """Where some fields of an item were obtained: a file line or a URL, and when (if known)."""

    fields: tuple[str, ...]
    origin: str
    retrieved: str | None = None

    @property
    def is_online(self) -> bool:
        return self.origin.startswith(("http://", "https://")) and self.retrieved is not None


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    label: str
    seed_name: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    types: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def verified(self) -> bool:
        """Backed by evidence: listed in verified.tsv, or fetched from Wikidata with URL and time."""
        return any(s.is_online or VERIFIED_FILE in s.origin for s in self.sources)

    @property
    def evidence(self) -> str:
        """One line saying where the item's id and label come from."""
        parts = [s.origin + (f" (retrieved {s.retrieved})" if s.retrieved else "")
                 for s in self.sources if "label" in s.fields or "id" in s.fields]
        return "; ".join(parts) or "no recorded source"


@dataclass(frozen=True)
class Snapshot:
    items: dict[str, Item] = field(default_factory=dict)

    def get(self, qid: str) -> Item | None:
        return self.items.get(qid)

    def entities(self) -> list[Item]:
        """Items that can be link targets (not classes or properties), in id order."""
        return [i for i in self.sorted() if ITEM_PATTERN.match(i.id)
                and i.kind not in NOT_LINK_TARGETS]

    def sorted(self) -> list[Item]:
        return sorted(self.items.values(), key=lambda i: (i.id[0], int(i.id[1:])))


# ------------------------------------------------------------------------------ reading

def read_verified(path: Path) -> Snapshot:
    """verified.tsv (kind, name in the seed article, id, label) as seeded snapshot items."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise LinkFileError("verified Wikidata list not found", path=path) from None
    items: dict[str, Item] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise LinkFileError("expected 4 tab-separated columns", path=path, line=number)
        kind, name, qid, label = (c.strip() for c in cells)
        if not ID_PATTERN.match(qid):
            raise LinkFileError(f"{qid!r} is not a Wikidata id", path=path, line=number,
                                field="id", hint="write Q or P followed by digits")
        origin = f"data/wikidata/{VERIFIED_FILE} line {number}"
        items[qid] = Item(qid, kind if kind in KINDS else "item", label, seed_name=name,
                          sources=(Source(("id", "label", "kind", "seed_name"), origin),))
    return Snapshot(items)


def load_snapshot(path: Path) -> Snapshot:
    """Read snapshot.yaml; a malformed, truncated or inconsistent file is a LinkFileError."""
    doc = load_yaml(path)
    if doc is None:
        raise LinkFileError("empty snapshot file (truncated?)", path=path, line=1,
                            hint=f"delete it and run 'newskg link' to reseed it from {VERIFIED_FILE}")
    top = Fields(doc, where="snapshot", path=path, line=1)
    table = top.mapping("items")
    end = top.mapping("end")
    top.check_unknown()
    if end is None:
        raise LinkFileError("no 'end:' line: the file was cut short", path=path,
                            line=_last_line(path), field="end",
                            hint="restore it from git, or delete it and run 'newskg link'")
    expected = Fields(end, where="end", path=path, line=end.line).integer("items", minimum=0)
    items = {} if table is None else {
        qid: _item(qid, body, path, table.line_of(qid)) for qid, body in table.items()}
    if len(items) != expected:
        raise LinkFileError(f"holds {len(items)} items but its end line says {expected}: "
                            "the file was cut short or edited by hand", path=path,
                            line=end.line, field="end", hint="restore it from git")
    return Snapshot(items)


def _last_line(path: Path) -> int:
    return max(1, len(path.read_text(encoding="utf-8").splitlines()))


def _item(qid: str, body: object, path: Path, line: int) -> Item:
    if not ID_PATTERN.match(qid):
        raise LinkFileError(f"{qid!r} is not a Wikidata id", path=path, line=line, field="items",
                            hint="write Q or P followed by digits, e.g. Q227")
    f = Fields(body, where=f"item {qid}", path=path, line=line)
    kind = f.choice("kind", {k: k for k in KINDS})
    types = f.strings("types")
    for value in types:
        if not ITEM_PATTERN.match(value):
            raise f.error("types", f"{value!r} is not a Wikidata item id", "write Q<digits>")
    sources = tuple(_source(s, path, n, qid) for s, n in f.items("sources"))
    if not sources:
        raise f.error("sources", "an item needs at least one source (where its facts came from)")
    item = Item(qid, kind, f.req_text("label"), f.text("seed_name"), f.strings("aliases"),
                f.text("description"), types, sources)
    f.check_unknown()
    return item


def _source(body: object, path: Path, line: int, qid: str) -> Source:
    f = Fields(body, where=f"item {qid} source", path=path, line=line)
    source = Source(f.strings("fields", required=True), f.req_text("from"), f.text("retrieved"))
    f.check_unknown()
    return source


def open_snapshot(data_dir: Path) -> Snapshot:
    """The snapshot of ``data_dir/wikidata``, plus any verified.tsv row it does not hold yet."""
    folder = data_dir / "wikidata"
    seeded = read_verified(folder / VERIFIED_FILE)
    path = folder / SNAPSHOT_FILE
    current = load_snapshot(path) if path.exists() else Snapshot()
    items = dict(current.items)
    for qid, item in seeded.items.items():
        items.setdefault(qid, item)
    return Snapshot(items)


# ------------------------------------------------------------------------------ growing, writing

def merge_fetched(snapshot: Snapshot, fetched: Iterable[Item]) -> Snapshot:
    """Add online facts: fetched fields replace seeded ones, and the sources accumulate."""
    items = dict(snapshot.items)
    for new in fetched:
        old = items.get(new.id)
        if old is None:
            items[new.id] = new
            continue
        kept = tuple(s for s in old.sources if not s.is_online)
        items[new.id] = replace(
            old, label=new.label or old.label, aliases=new.aliases or old.aliases,
            description=new.description or old.description, types=new.types or old.types,
            sources=kept + new.sources)
    return Snapshot(items)


def dump_snapshot(snapshot: Snapshot) -> str:
    """The snapshot as deterministic YAML (items in id order), ending with the ``end:`` line."""
    table: dict[str, object] = {}
    for item in snapshot.sorted():
        body: dict[str, object] = {"kind": item.kind, "label": item.label}
        if item.seed_name:
            body["seed_name"] = item.seed_name
        body["aliases"] = list(item.aliases)
        body["description"] = item.description
        body["types"] = list(item.types)
        body["sources"] = [_source_dict(s) for s in item.sources]
        table[item.id] = body
    text = yaml.safe_dump({"items": table}, sort_keys=False, allow_unicode=True, width=100)
    return HEADER + text + yaml.safe_dump({"end": {"items": len(table)}}, sort_keys=False)


def _source_dict(source: Source) -> Mapping[str, object]:
    out: dict[str, object] = {"fields": list(source.fields), "from": source.origin}
    if source.retrieved:
        out["retrieved"] = source.retrieved
    return out


def write_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write atomically: readers see the old file or the new one, never half of one."""
    atomic_write(path, dump_snapshot(snapshot).encode("utf-8"))

