"""data/ → Project: every input read once and checked, before any graph is written."""

from __future__ import annotations

from pathlib import Path

from newskg.errors import FactsError, InputError, WikidataIdError
from newskg.progress import progress
from newskg.project.articles import load_article_facts
from newskg.project.checks import check_article, check_instances
from newskg.project.entities import Entity, load_entities, load_verified
from newskg.project.inputs import check_article_folder, check_data_folder
from newskg.project.instances import INSTANCES_FILE, load_instances
from newskg.project.model import Project
from newskg.project.proposals import with_proposals


def load_project(data_dir: Path, *, follow_symlinks: bool = False) -> Project:
    """Load and check data/ (entities, instances, every article's facts); raise on the first
    problem, naming its file, line and field.

    Files and article folders that are symbolic links out of ``data_dir`` are refused unless
    ``follow_symlinks``; article folder names must be slugs (newskg.project.inputs)."""
    if data_dir.exists() and not data_dir.is_dir():
        raise InputError("is a file, not a data folder", path=data_dir, hint="give the folder that "
                         "holds entities.yaml and articles/: --data-dir DIR, or --project DIR")
    if not data_dir.is_dir():
        raise InputError("data folder not found", path=data_dir, hint="run newskg in a project's folder "
                         "(newskg init makes one), or pass --project DIR or --data-dir")
    check_data_folder(data_dir, follow_symlinks=follow_symlinks)
    verified = load_verified(data_dir / "wikidata" / "verified.tsv")
    entities = load_entities(data_dir / "entities.yaml", verified)
    articles_dir = data_dir / "articles"
    if not articles_dir.is_dir():
        raise FactsError("no articles folder", path=articles_dir,
                         hint="add data/articles/<slug>/ with article.txt and facts.yaml")
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir())
    facts_list = []
    for folder in progress(folders, description="reading facts"):
        check_article_folder(folder, data_dir, follow_symlinks=follow_symlinks)
        facts_list.append(load_article_facts(folder))
    proposed: dict[str, Entity] = {}
    for facts in facts_list:  # entities.yaml wins, then the first article proposing a key
        for key, entity in facts.proposed_entities.items():
            proposed.setdefault(key, entity)
    entities = {**proposed, **entities}
    instances = with_proposals(load_instances(data_dir / INSTANCES_FILE), facts_list)
    for instance in instances.by_key.values():
        refused = None if instance.wikidata is None else verified.refusal(instance.wikidata)
        if refused is not None:
            raise WikidataIdError(
                f"{instance.kind} {instance.key!r}: {instance.wikidata!r} {refused}",
                path=instances.path_of(instance.key),
                line=instance.line_of("wikidata"), field="wikidata",
                hint="use only ids listed in data/wikidata/verified.tsv, or leave it out and "
                     "run 'newskg link'")
    check_instances(instances, entities)
    for facts in facts_list:
        check_article(facts, entities, instances)
    if not facts_list:
        raise FactsError("no article folders", path=articles_dir,
                         hint="add data/articles/<slug>/ with article.txt and facts.yaml")
    return Project(data_dir, entities, instances, tuple(facts_list))
