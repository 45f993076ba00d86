"""A build that reads only the articles that changed since the build published, and gives what a
build from nothing would give (tests/test_incremental_build.py compares the two).

`rebuild` applies when the published release records the same context digest (every input outside
the article folders, the proposing articles, the rules and the code: `newskg.publish.article_cache`)
and when few graphs changed (`UPDATE_AT_MOST`); otherwise it returns None and the caller builds
everything. It then:

1. digests every article folder and reads the remembered entry of each; an article whose entry is
   missing, damaged or made from other inputs is read, checked against the remembered entities and
   instances, and its graph built, as a build from nothing would;
2. builds the world and drafts graphs again (they depend on every article's support-index items,
   which the entries hold);
3. validates the units that are not remembered as conforming: the changed articles' and the world
   unit (its support summaries come from the entries); every other unit is taken by its digest;
4. publishes a new release: the previous store checkpointed with the changed graphs replaced, the
   changed graphs' files written and the others hard-linked (`newskg.publish.graph_files`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from newskg.errors import NotConformingError
from newskg.project.articles import load_article_facts
from newskg.project.checks import check_article
from newskg.project.inputs import check_article_folder, check_data_folder
from newskg.publish.article_cache import (
    ArticleEntry,
    context_digest,
    forget_entries,
    input_digest,
    proposes,
    read_context,
    read_entry,
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
from newskg.publish.vocabularies import ALL_GRAPHS_STORE, add_vocabularies
from newskg.rdf.dataset import article_graph, shared_graphs_from
from newskg.rdf.iris import ENTITIES_GRAPH, WORLD_GRAPH, article_graph_iri
from newskg.rdf.ntriples import GraphTriples
from newskg.rdf.sorted_dataset import UPDATE_AT_MOST, SortedDataset, _update_store, graph_key
from newskg.validation.units import (
    WORLD_GRAPHS,
    EntityDescriptions,
    Unit,
    UnitForgotten,
    article_unit,
    rules_digest,
    validate_units,
    world_units_of,
)

if TYPE_CHECKING:
    from newskg.publish.build import BuildResult

ARTICLE_GRAPHS = str(article_graph_iri("x"))[:-1]  # the article graphs' IRIs start so


def rebuild(data_dir: Path, out_dir: Path, release: Path, *, allow_invalid: bool,
            follow_symlinks: bool) -> BuildResult | None:
    """Build from the published ``release`` and the articles that changed; None when that does
    not apply (then build everything)."""
    from newskg.publish.build import CACHE_DIR, BuildResult, project_publisher

    manifest, state = read_manifest(release), read_state(release)
    articles_dir = data_dir / "articles"
    if manifest is None or state is None or not (release / STORE_DIR).is_dir() \
            or not articles_dir.is_dir():
        return None
    check_data_folder(data_dir, follow_symlinks=follow_symlinks)
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir())
    if not folders:
        return None
    for folder in folders:
        check_article_folder(folder, data_dir, follow_symlinks=follow_symlinks)
    inputs = {folder.name: input_digest(folder) for folder in folders}
    entries = {slug: read_entry(out_dir, slug, digest) for slug, digest in inputs.items()}
    changed = [folder for folder in folders if entries[folder.name] is None]
    graph_of = {slug: str(article_graph_iri(slug)) for slug in inputs}
    gone = [name for name in manifest
            if name.startswith(ARTICLE_GRAPHS) and name not in graph_of.values()]
    if len(changed) + len(gone) > max(1, UPDATE_AT_MOST * len(manifest)):
        return None
    facts = {folder.name: load_article_facts(folder) for folder in changed}
    rules = rules_digest()
    context = context_digest(data_dir, sorted(
        (slug, inputs[slug]) for slug in inputs
        if (proposes(facts[slug]) if slug in facts else entries[slug].proposes)  # type: ignore[union-attr]
    ), rules)
    known = {slug: entry for slug, entry in entries.items() if entry is not None}
    if state.get("context") != context or any(e.context != context for e in known.values()):
        return None
    loaded = read_context(out_dir, context)
    if loaded is None:
        return None
    for one in facts.values():
        check_article(one, loaded.entities, loaded.instances)

    # the changed articles' graphs, then the world and drafts graphs, into a dataset of their own
    # (its spool: `newskg.rdf.sorted_dataset`); every other graph is the published release's
    made = {graph_of[slug]: article_graph(one, loaded.entities, loaded.instances, loaded.hierarchy)
            for slug, one in facts.items()}
    support: dict[str, list[str]] = {}
    for slug in inputs:
        items = support_items(facts[slug]) if slug in facts else known[slug].support
        for key, report_iri in items:
            support.setdefault(key, []).append(report_iri)
    entities = GraphTriples()
    entities.triples = set(loaded.entity_triples)
    shared = shared_graphs_from(loaded.instances, loaded.hierarchy, support, entities,
                                {k: v for k, v in loaded.links.items() if k != str(ENTITIES_GRAPH)})
    world_names = [name for name in WORLD_GRAPHS if name in shared]
    made.update((name, shared[name]) for name in world_names)
    del shared, entities
    built = SortedDataset(made)
    del made

    # validation: the changed articles' units and the world unit; the others by their digests
    descriptions = EntityDescriptions(loaded.entity_triples)
    units = [Unit(str(ENTITIES_GRAPH), (), remembered=str(state.get("entities_unit")))]
    units.extend(world_units_of({n: list(built.graph_triples(n)) for n in world_names}, descriptions,
                                (summaries(built.graph_triples(graph_of[slug])) if slug in facts
                                 else known[slug].summaries for slug in inputs)))
    unit_of: dict[str, str] = {}
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
    report = published_report(release, checked.keys) or checked.report
    if not report.conforms and not allow_invalid:
        raise NotConformingError(
            f"the graph does not conform to the shapes ({len(report.violations)} result(s)); "
            "nothing was published (fix the facts, or use --allow-invalid)", report)
    for unit in units:
        unit_of[unit.name] = unit.digest(rules)
    del units

    # the new manifest, in output order
    blocks = built.blocks
    graphs: dict[str, GraphFile] = {}
    for name in [*manifest, *blocks]:
        if name in blocks:
            graphs[name] = GraphFile(name, blocks[name].digest, blocks[name].triples,
                                     file_name(name))
        elif name == str(ENTITIES_GRAPH) or (name.startswith(ARTICLE_GRAPHS) and name not in gone):
            graphs[name] = manifest[name]  # unchanged (world and drafts: built again above)
    ordered = [graphs[name] for name in sorted(graphs, key=graph_key)]
    replaced = [n for n in blocks if manifest.get(n) is None or manifest[n].digest != blocks[n].digest]
    removed = [n for n in manifest if n not in graphs]
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
        from newskg.publish.build import LAST_PUBLISH

        LAST_PUBLISH["store"] = store.result()
        if all_graphs is not None:
            all_graphs.result()
    checked.remember()
    write_entries(out_dir, (ArticleEntry(
        slug, inputs[slug], context, proposes(one), support_items(one),
        summaries(built.graph_triples(graph_of[slug])), graph_of[slug],
        blocks[graph_of[slug]].digest, blocks[graph_of[slug]].triples, unit_of[graph_of[slug]])
        for slug, one in facts.items()))
    forget_entries(out_dir, (name.removeprefix(ARTICLE_GRAPHS) for name in gone))
    return BuildResult(report, tuple(out_dir / name for name in RELEASE_NAMES),
                       sum(g.triples for g in ordered), published_build(out_dir),
                       rebuilt=tuple(facts))


__all__ = ["WORLD_GRAPH", "rebuild"]
