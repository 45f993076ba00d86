"""What a new article's draft may be resolved to: the entities of data/entities.yaml and the world
instances of data/instances.yaml, plus the instances other drafts propose.

Read leniently: a draft facts file of another article that cannot be read is left out with a
warning (the new article's draft is still written); entities.yaml and instances.yaml must be valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newskg.errors import NewskgError
from newskg.project.articles import FACTS_FILE, load_article_facts
from newskg.project.dates import day
from newskg.project.entities import Entity, Verified, load_entities, load_verified
from newskg.project.instances import INSTANCES_FILE, load_instances
from newskg.project.model import Agent, Curation, Instance, Instances, Relationship
from newskg.project.proposals import with_proposals

# Relationships that put one territory inside another, for "compatible place".
CONTAINMENT = frozenset({"part-of", "internationally-recognised-as-part-of", "capital-of"})


@dataclass(frozen=True)
class Candidates:
    entities: dict[str, Entity]
    instances: dict[str, Instance]
    inside: dict[str, frozenset[str]] = field(default_factory=dict)  # territory -> containers
    warnings: tuple[str, ...] = ()

    def related_places(self, a: str, b: str) -> bool:
        """The same territory, or one inside the other (part-of relationships, transitively)."""
        return a == b or b in self.inside.get(a, frozenset()) or a in self.inside.get(b, frozenset())


def no_candidates() -> Candidates:
    return Candidates({}, {})


def load_candidates(data_dir: Path | None, *, leave_out: str | None = None) -> Candidates:
    """The entities and instances under ``data_dir`` (without the article folder ``leave_out``,
    the one being drafted again); none when there is no data folder."""
    if data_dir is None or not (data_dir / "entities.yaml").is_file():
        return no_candidates()
    verified_path = data_dir / "wikidata" / "verified.tsv"
    verified = load_verified(verified_path) if verified_path.is_file() else Verified()
    entities = load_entities(data_dir / "entities.yaml", verified)
    path = data_dir / INSTANCES_FILE
    instances = load_instances(path) if path.is_file() else _empty(path)
    warnings: list[str] = []
    drafts = []
    articles = data_dir / "articles"
    folders = sorted(p for p in articles.iterdir() if p.is_dir()) if articles.is_dir() else []
    for folder in folders:
        if folder.name == leave_out or not (folder / FACTS_FILE).is_file():
            continue
        try:
            drafts.append(load_article_facts(folder))
        except NewskgError as exc:
            warnings.append(f"not resolved against {folder.name} (its facts do not load: {exc})")
    merged = with_proposals(instances, drafts)
    return Candidates(entities, merged.by_key, _containment(merged.by_key.values()),
                      tuple(warnings))


def _empty(path: Path) -> Instances:
    import datetime as dt

    agent = Agent("newskg-curators", "newskg curators", "person")
    return Instances(path, Curation(agent, day(dt.date.today()), True), {})


def _containment(instances: Iterable[Instance]) -> dict[str, frozenset[str]]:
    direct: dict[str, set[str]] = {}
    for i in instances:
        if isinstance(i, Relationship) and i.predicate in CONTAINMENT:
            direct.setdefault(i.subject, set()).add(i.object)
    closed: dict[str, frozenset[str]] = {}
    for start, containers in direct.items():
        seen: set[str] = set()
        todo = list(containers)
        while todo:
            place = todo.pop()
            if place not in seen:
                seen.add(place)
                todo.extend(direct.get(place, ()))
        closed[start] = frozenset(seen)
    return closed
