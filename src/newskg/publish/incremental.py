"""A build that reads only the articles that changed since the build published, and gives what a
build from nothing would give (tests/test_incremental_build.py compares the two).

`rebuild` applies when the published release records the same context digest (every input outside
the article folders, the proposing articles, the rules and the code: `newskg.publish.article_cache`)
and when few graphs changed (`UPDATE_AT_MOST`); otherwise it returns None and the caller builds
everything. It then:

1. checks every article folder by ``lstat`` and reads its remembered entry; a folder whose files'
   stamps are the entry's is not read, others are digested; an article whose entry is missing,
   damaged or made from other inputs is read, checked against the remembered entities and
   instances, and its graph built, as a build from nothing would;
2. takes the world and drafts graphs and the world unit's parts from `newskg.publish.world_cache`
   when every article's support is the one they were made from; otherwise makes them again from
   each article's remembered support (``SLUG.support``);
3. validates the units that are not remembered as conforming: the changed articles' (and the world
   unit's parts when they changed); every other unit is taken by its digest and its marker's key;
4. publishes a new release: the previous store checkpointed with the changed graphs replaced, the
   changed graphs' files written and the others hard-linked, the whole-dataset files copied from
   the previous ones in runs (`newskg.publish.graph_files`), the report linked when the units'
   results are the same (known from the release's state, not by reading its report back).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

from newskg.errors import NotConformingError
from newskg.project.articles import load_article_facts
from newskg.project.checks import check_article
from newskg.project.inputs import check_article_folder, check_data_folder
from newskg.publish.article_cache import (
    ArticleEntry,
    ArticleInput,
    ArticleSupport,
    article_input,
    context_digest,
    forget_entries,
    proposes,
    read_context,
    read_entry,
    read_support,
    summaries,
    support_items,
    write_entries,
)
from newskg.publish.graph_files import (
    RELEASE_NAMES,
    STORE_DIR,
    GraphFile,
    file_name,
    published_report,
    read_manifest,
    read_state,
    write_release,
)
from newskg.publish.releases import new_release, published_build
from newskg.publish.result import CACHE_DIR, LAST_PUBLISH, BuildResult, project_publisher
from newskg.publish.vocabularies import ALL_GRAPHS_STORE, add_vocabularies
from newskg.publish.world_cache import (
    WorldMemory,
    read_world,
    read_world_lines,
    remember_world,
    world_key,
)
from newskg.rdf.dataset import article_graph, draft_entities, shared_graphs_from
from newskg.rdf.iris import ENTITIES_GRAPH, WORLD_GRAPH, article_graph_iri
from newskg.rdf.ntriples import GraphTriples, Triple
from newskg.rdf.sorted_dataset import (
    UPDATE_AT_MOST,
    SortedDataset,
    _update_store,
    graph_key,
    store_readable,
)
from newskg.validation.units import (
    WORLD_GRAPHS,
    EntityDescriptions,
    Unit,
    UnitForgotten,
    article_unit,
    rules_digest,
    validate_units,
    with_draft_entities,
    world_units_of,
)

ARTICLE_GRAPHS = str(article_graph_iri("x"))[:-1]  # the article graphs' IRIs start so


def rebuild(data_dir: Path, out_dir: Path, release: Path, *, allow_invalid: bool,
            follow_symlinks: bool) -> BuildResult | None:
    """Build from the published ``release`` and the articles that changed; None when that does
    not apply (then build everything)."""
    manifest, state = read_manifest(release), read_state(release)
    articles_dir = data_dir / "articles"
    if manifest is None or state is None or not (release / STORE_DIR).is_dir() \
            or not articles_dir.is_dir():
        return None
    check_data_folder(data_dir, follow_symlinks=follow_symlinks)
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir())
    if not folders:
        return None
    inputs: dict[str, ArticleInput] = {}
    entries: dict[str, ArticleEntry | None] = {}
    for folder in folders:
        check_article_folder(folder, data_dir, follow_symlinks=follow_symlinks)
        entry = read_entry(out_dir, folder.name)
        inputs[folder.name] = found = article_input(folder, entry)
        entries[folder.name] = entry if entry is not None and found.digest \
            and entry.inputs == found.digest else None
    changed = [folder for folder in folders if entries[folder.name] is None]
    graph_of = {slug: str(article_graph_iri(slug)) for slug in inputs}
    present = set(graph_of.values())
    gone = [name for name in manifest if name.startswith(ARTICLE_GRAPHS) and name not in present]
    if len(changed) + len(gone) > max(1, UPDATE_AT_MOST * len(manifest)):
        return None
    facts = {folder.name: load_article_facts(folder) for folder in changed}
    rules = rules_digest()
    known = {slug: entry for slug, entry in entries.items() if entry is not None}
    context = context_digest(data_dir, sorted(
        (slug, inputs[slug].digest) for slug in inputs
        if (proposes(facts[slug]) if slug in facts else known[slug].proposes)), rules)
    if state.get("context") != context or any(e.context != context for e in known.values()):
        return None
    loaded = read_context(out_dir, context)
    if loaded is None:
        return None
    for one in facts.values():
        check_article(one, loaded.entities, loaded.instances)

    # the changed articles' graphs (and the world and drafts graphs when they changed), into a
    # dataset of their own (its spool: `newskg.rdf.sorted_dataset`); every other graph is the
    # published release's
    articles = {slug: article_graph(one, loaded.entities, loaded.instances, loaded.hierarchy)
                for slug, one in facts.items()}
    fresh = {slug: ArticleSupport(support_items(facts[slug]), summaries(graph.all()))
             for slug, graph in articles.items()}
    made: dict[str, GraphTriples | list[Triple]] = {
        graph_of[slug]: graph for slug, graph in articles.items()}
    del articles
    sealed = {slug: support.sealed() for slug, support in fresh.items()}
    supports = {slug: sealed[slug][1] if slug in sealed else known[slug].support
                for slug in inputs}
    key = world_key(context, supports)
    world = read_world(out_dir, key)
    descriptions = EntityDescriptions(with_draft_entities(
        loaded.entity_triples, draft_entities(loaded.entities, loaded.hierarchy).all()))
    world_units: list[Unit]
    kept_world: set[str] = set()  # world graphs as the release has them
    if world is not None:
        lines = None
        for name, digest, _ in world.graphs:
            if manifest.get(name) is not None and manifest[name].digest == digest:
                kept_world.add(name)
                continue
            lines = lines or read_world_lines(out_dir, key, world)
            if lines is None:
                world = None
                break
            made[name] = [_triple(line) for line in lines[name]]
    if world is not None:
        world_units = [Unit(name, (), remembered=digest) for name, digest in world.units]
        built = SortedDataset(made)
    else:
        kept_world.clear()
        remembered = {slug: read_support(out_dir, slug, known[slug].support) for slug in known}
        if any(support is None for support in remembered.values()):
            return None  # damaged: everything read again
        every = {**remembered, **fresh}
        support: dict[str, list[str]] = {}
        for slug in inputs:
            for item, report_iri in every[slug].items:  # type: ignore[union-attr]
                support.setdefault(item, []).append(report_iri)
        entities = GraphTriples()
        entities.triples = set(loaded.entity_triples)
        shared = shared_graphs_from(loaded.instances, loaded.hierarchy, support, entities,
                                    {k: v for k, v in loaded.links.items()
                                     if k != str(ENTITIES_GRAPH)},
                                    draft_entities(loaded.entities, loaded.hierarchy))
        world_names = [name for name in WORLD_GRAPHS if name in shared]
        made.update((name, shared[name]) for name in world_names)
        del shared, entities
        built = SortedDataset(made)
        world_units = world_units_of(
            {n: list(built.graph_triples(n)) for n in world_names}, descriptions,
            (every[slug].summaries for slug in inputs))  # type: ignore[union-attr]
    del made

    # validation: the changed articles' units (and the world's when made again); the others by
    # their digests
    units = [Unit(str(ENTITIES_GRAPH), (), remembered=str(state.get("entities_unit"))),
             *world_units]
    for slug in inputs:
        name = graph_of[slug]
        if slug in facts:
            units.append(article_unit(name, list(built.graph_triples(name)),
                                      built.graph_lines(name), descriptions))
        else:
            units.append(Unit(name, (), remembered=known[slug].unit))
    try:
        checked = validate_units(units, cache_dir=out_dir / CACHE_DIR)
    except UnitForgotten:
        return None
    report = published_report(release, state, checked.keys) or checked.report
    if not report.conforms and not allow_invalid:
        raise NotConformingError(
            f"the graph does not conform to the shapes ({len(report.violations)} result(s)); "
            "nothing was published (fix the facts, or use --allow-invalid)", report)
    unit_of = {unit.name: unit.digest(rules) for unit in units  # the articles' made here
               if unit.remembered is None and unit.name in present}
    world_made = [(unit.name, unit.digest(rules)) for unit in world_units]  # names may repeat
    del units

    # the new manifest, in output order
    blocks = built.blocks
    graphs: dict[str, GraphFile] = {}
    for name in [*manifest, *blocks]:
        if name in blocks:
            graphs[name] = GraphFile(name, blocks[name].digest, blocks[name].triples,
                                     file_name(name))
        elif name == str(ENTITIES_GRAPH) or name in kept_world \
                or (name.startswith(ARTICLE_GRAPHS) and name not in gone):
            graphs[name] = manifest[name]  # unchanged
    ordered = [graphs[name] for name in sorted(graphs, key=graph_key)]
    replaced = [n for n in blocks if manifest.get(n) is None or manifest[n].digest != blocks[n].digest]
    removed = [n for n in manifest if n not in graphs]
    if not all(store_readable(path) for path in (release / STORE_DIR, release / ALL_GRAPHS_STORE)
               if path.is_dir()):
        return None  # a damaged store (a file changed by hand, a full disk once): build it all
    nquads = b"".join(built.nquads_chunks(replaced))
    with new_release(out_dir, RELEASE_NAMES) as staging, ThreadPoolExecutor(1) as pool:
        changed_graphs = [*replaced, *removed]
        # the all-graphs store is updated the same way: its vocabularies are the release's (the
        # context digest covers the ontology, alignments and shapes); a release from before it
        # has none, so it is made from the updated data store
        has_all = (release / ALL_GRAPHS_STORE).is_dir()
        store = pool.submit(_update_store, release / STORE_DIR, staging / STORE_DIR,
                            changed_graphs, nquads,
                            None if has_all else partial(add_vocabularies,
                                                         path=staging / ALL_GRAPHS_STORE))
        all_graphs = pool.submit(_update_store, release / ALL_GRAPHS_STORE,
                                 staging / ALL_GRAPHS_STORE, changed_graphs, nquads,
                                 None) if has_all else None
        write_release(staging, ordered, built.graph_lines, (release, manifest), report,
                      checked.keys, {**state, "context": context}, project_publisher(data_dir))
        LAST_PUBLISH["store"] = store.result()
        if all_graphs is not None:
            all_graphs.result()
    checked.remember()
    # the changed articles' entries, and those whose files were touched but not changed (their
    # new stamps, so they are not read again next time)
    write_entries(out_dir, [*((ArticleEntry(
        slug, inputs[slug].digest, inputs[slug].stamp, context, proposes(one), sealed[slug][1],
        graph_of[slug], blocks[graph_of[slug]].digest, blocks[graph_of[slug]].triples,
        unit_of[graph_of[slug]]), sealed[slug][0]) for slug, one in facts.items()),
        *((replace(entry, stamp=inputs[slug].stamp), None) for slug, entry in known.items()
          if inputs[slug].stamp is not None and entry.stamp != inputs[slug].stamp)])
    forget_entries(out_dir, (name.removeprefix(ARTICLE_GRAPHS) for name in gone))
    if world is None:  # made again: remembered for the next build
        world_names = [name for name in WORLD_GRAPHS if name in blocks]
        remember_world(out_dir, key, WorldMemory(
            tuple((name, blocks[name].digest, blocks[name].triples) for name in world_names),
            tuple(world_made)),
            {name: built.graph_lines(name) for name in world_names})
    return BuildResult(report, tuple(out_dir / name for name in RELEASE_NAMES),
                       sum(g.triples for g in ordered), published_build(out_dir),
                       rebuilt=tuple(facts))


def _triple(line: str) -> Triple:
    s, p, o = line.split(" ", 2)  # subjects and predicates hold no space (IRIs, blank nodes)
    return s, p, o


__all__ = ["WORLD_GRAPH", "rebuild"]
