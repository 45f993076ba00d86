"""Shared entities (actors and territories) and the verified Wikidata ids they may carry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newskg.errors import FactsError, WikidataIdError
from newskg.project.fields import KEY_HINT, KEY_PATTERN, Fields
from newskg.project.snapshot import NOT_LINK_TARGETS
from newskg.project.yamlio import Located, load_yaml

ENTITY_TYPES = (
    "Person", "State", "Organisation", "ArmedGroup", "PeacekeepingForce", "GovernmentBody",
    "NewsAgency", "Collective", "Territory", "Country", "Region", "City",
)
ACTOR_TYPES = frozenset(ENTITY_TYPES[:8])
TERRITORY_TYPES = frozenset(ENTITY_TYPES[8:])
QID_PATTERN = re.compile(r"^Q[1-9][0-9]*$")


class Typed:
    """Kinds derived from an entity's types (shared by curated entities and the extractor's)."""

    types: tuple[str, ...]

    @property
    def is_actor(self) -> bool:
        return bool(ACTOR_TYPES.intersection(self.types))

    @property
    def is_territory(self) -> bool:
        return bool(TERRITORY_TYPES.intersection(self.types))


@dataclass(frozen=True)
class Entity(Typed):
    key: str
    name: str
    types: tuple[str, ...]
    aliases: tuple[str, ...]
    description: str | None
    wikidata: str | None
    line: int
    # proposed by an article (`proposed_entities:`), not yet kept in data/entities.yaml: written to
    # the drafts graph, and no reviewed report may name it
    draft: bool = field(default=False, kw_only=True)


class Verified(dict[str, str]):
    """verified.tsv as {id: label}, and which ids are classes or properties (``not_items``):
    "human" (Q5) and "country" are verified, but no entity or instance is one of them."""

    def __init__(self) -> None:
        super().__init__()
        self.not_items: dict[str, str] = {}  # id -> its kind (class, property)

    def refusal(self, qid: str) -> str | None:
        """Why ``qid`` cannot be an entity's or an instance's id, or None when it can."""
        if qid not in self:
            return "is not in the verified list"
        if qid in self.not_items:
            return (f"is a {self.not_items[qid]} in the verified list ({self[qid]!r}), not an "
                    "item an entity or instance can be")
        return None


def load_verified(path: Path) -> Verified:
    """Read verified Wikidata ids (a TSV: kind, name, id, label) into {id: label}."""
    verified = Verified()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise FactsError("verified Wikidata list not found", path=path) from None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise FactsError("expected 4 tab-separated columns", path=path, line=number)
        verified[cells[2]] = cells[3]
        if cells[0] in NOT_LINK_TARGETS:
            verified.not_items[cells[2]] = cells[0]
    return verified


def load_entities(path: Path, verified: Verified) -> dict[str, Entity]:
    """Load ``data/entities.yaml``; Wikidata ids must be well-formed and in ``verified``."""
    doc = load_yaml(path)
    top = Fields(doc, where="entities file", path=path, line=1)
    table = top.mapping("entities")
    top.check_unknown()
    if table is None:
        raise FactsError("no 'entities:' mapping", path=path, line=1, hint="see docs/facts-format.md")
    return read_entity_table(table, path, verified)


def read_entity_table(table: Located, path: Path, verified: Verified) -> dict[str, Entity]:
    """The entities of one ``key: {name, types, ...}`` mapping (entities.yaml, or a facts file's
    ``proposed_entities``)."""
    entities: dict[str, Entity] = {}
    for key, body in table.items():
        line = table.line_of(key)
        if not KEY_PATTERN.match(key):
            raise FactsError(f"{key!r} is not a key", path=path, line=line,
                             hint=KEY_HINT)
        entities[key] = _entity(key, body, path, line, verified)
    return entities


def _entity(key: str, body: object, path: Path, line: int, verified: Verified) -> Entity:
    f = Fields(body, where=f"entity {key!r}", path=path, line=line)
    types = _types(f)
    aliases = f.strings("aliases", one_line=True)
    qid = f.text("wikidata")
    if qid is not None:
        if not QID_PATTERN.match(qid):
            raise WikidataIdError(f"entity {key!r}: {qid!r} is not a Wikidata item id",
                                  path=path, line=f.m.line_of("wikidata"), field="wikidata",
                                  hint="write Q followed by digits, e.g. Q227")
        refused = verified.refusal(qid)
        if refused is not None:
            raise WikidataIdError(f"entity {key!r}: {qid} {refused}",
                                  path=path, line=f.m.line_of("wikidata"), field="wikidata",
                                  hint="remove it, or link it with evidence from Wikidata itself")
    entity = Entity(key, f.req_text("name", one_line=True), types, aliases, f.text("description"), qid, line)
    f.check_unknown()
    return entity


def _types(f: Fields) -> tuple[str, ...]:
    types = f.strings("types", required=True)
    for value in types:
        if value not in ENTITY_TYPES:
            raise f.error("types", f"{value!r} is not an entity type",
                          f"use one of {', '.join(ENTITY_TYPES)}")
    return types
