"""data/ → the dataset: load and check every input, build named graphs, validate, publish atomically.

Publication (`newskg.publish.releases`) writes everything into a staging folder inside the output folder,
renames it to a new release and switches one link to it: readers see the previous build or the new
one, never a mix; an error or a non-conforming graph leaves the published build untouched.

A build reads only the articles that changed since the published build when it can
(`newskg.publish.incremental`, from what `newskg.publish.article_cache` remembers per article), else
every input (`build_all`); both publish the same release.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from rdflib import Dataset

from newskg.errors import NotConformingError
from newskg.project import load_project
from newskg.project.home import find_project, load_home
from newskg.publish.article_cache import (
    ArticleEntry,
    Context,
    context_digest,
    input_digest,
    proposes,
    summaries,
    support_items,
    write_context,
    write_entries,
)
from newskg.publish.graph_files import (
    GRAPHS_FILE,
    RELEASE_NAMES,
    REPORT_FILE,
    STORE_DIR,
    TRIG_FILE,
    TURTLE_FILE,
    GraphFile,
    file_name,
    read_manifest,
    write_release,
)
from newskg.publish.releases import holding_published_build, new_release, published_build
from newskg.publish.vocabularies import ALL_GRAPHS_STORE, add_vocabularies
from newskg.rdf.dataset import build_dataset, class_hierarchy, link_triples
from newskg.rdf.iris import ENTITIES_GRAPH, article_graph_iri
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.validation.shacl import ValidationReport, load_ontology, use_shacl_engine
from newskg.validation.units import rules_digest, units_of, validate_units

CACHE_DIR = ".cache/conforming"
__all__ = ["CACHE_DIR", "GRAPHS_FILE", "REPORT_FILE", "STORE_DIR", "TRIG_FILE", "TURTLE_FILE",
           "BuildResult", "build"]


@dataclass(frozen=True)
class BuildResult:
    report: ValidationReport
    outputs: tuple[Path, ...]
    triples: int
    release: Path  # the release folder published
    made: SortedDataset | None = field(default=None, repr=False, compare=False)
    rebuilt: tuple[str, ...] | None = None  # the articles read again (None: a build from nothing)

    @cached_property
    def built(self) -> SortedDataset:
        """The dataset built (when only some articles were read, from the store published)."""
        return self.made if self.made is not None else store_dataset(self.release / STORE_DIR)

    @cached_property
    def dataset(self) -> Dataset:
        """The dataset as an rdflib Dataset, made when first asked for (slow at scale)."""
        from newskg.rdf.formats import to_rdflib

        return to_rdflib(self.built.quads())


def store_dataset(store_path: Path) -> SortedDataset:
    import pyoxigraph as ox

    from newskg.rdf.ntriples import GraphTriples

    graphs: dict[str, GraphTriples] = {}
    for quad in ox.Store.read_only(str(store_path)):
        assert isinstance(quad.graph_name, ox.NamedNode)
        graphs.setdefault(quad.graph_name.value, GraphTriples()).add(
            str(quad.subject), str(quad.predicate), str(quad.object))
    return SortedDataset(graphs)


def build(data_dir: Path, out_dir: Path, *, allow_invalid: bool = False,
          follow_symlinks: bool = False, shacl_engine: str = "pyshacl",
          reuse: bool = True) -> BuildResult:
    """Build, validate and publish to ``out_dir``; raise NotConformingError when invalid.
    ``shacl_engine``: pyshacl or turbo (`newskg.validation.shacl.use_shacl_engine`).

    ``reuse``: when the build published in ``out_dir`` was made under the same context (see
    `newskg.publish.article_cache`), read and build only the articles that changed
    (`newskg.publish.incremental`); the result is the same as a build from nothing."""
    use_shacl_engine(shacl_engine)
    if reuse:
        from newskg.publish.incremental import rebuild

        with holding_published_build(out_dir) as release:
            done = rebuild(data_dir, out_dir, release, allow_invalid=allow_invalid,
                           follow_symlinks=follow_symlinks)
        if done is not None:
            return done
    return build_all(data_dir, out_dir, allow_invalid=allow_invalid,
                     follow_symlinks=follow_symlinks)


def build_all(data_dir: Path, out_dir: Path, *, allow_invalid: bool = False,
              follow_symlinks: bool = False) -> BuildResult:
    """Read, build and validate every input (the validation of unchanged units remembered)."""
    folders = article_folders(data_dir)
    inputs = {folder.name: input_digest(folder) for folder in folders}  # before they are read
    with paused_gc():
        project = load_project(data_dir, follow_symlinks=follow_symlinks)
        ontology = load_ontology()
        dataset = build_dataset(project, ontology)
        units = units_of(dataset, str(ENTITIES_GRAPH))
    checked = validate_units(units, ontology=ontology, cache_dir=out_dir / CACHE_DIR)
    report = checked.report
    if not report.conforms and not allow_invalid:
        raise NotConformingError(
            f"the graph does not conform to the shapes ({len(report.violations)} result(s)); "
            "nothing was published (fix the facts, or use --allow-invalid)", report)
    rules = rules_digest()
    context = context_digest(data_dir, sorted((f.slug, inputs.get(f.slug, ""))
                                              for f in project.articles if proposes(f)), rules)
    unit_digests = {unit.name: unit.digest(rules) for unit in units}
    state = {"context": context, "entities_unit": unit_digests[str(ENTITIES_GRAPH)]}
    with paused_gc():
        outputs, release = publish(dataset, report, out_dir, keys=checked.keys,
                                   publisher=project_publisher(data_dir), state=state)
    checked.remember()
    write_entries(out_dir, (ArticleEntry(
        facts.slug, inputs.get(facts.slug, ""), context, proposes(facts), support_items(facts),
        summaries(dataset.triples[graph]), graph, dataset.digests[graph],
        len(dataset.triples[graph]), unit_digests[graph])
        for facts in project.articles
        for graph in (str(article_graph_iri(facts.slug)),)))
    write_context(out_dir, context, Context(
        dict(project.entities), project.instances, class_hierarchy(ontology),
        frozenset(dataset.triples[str(ENTITIES_GRAPH)]),
        {name: frozenset(triples) for name, triples in link_triples(project).items()}))
    return BuildResult(report, outputs, len(dataset), release, made=dataset)


def article_folders(data_dir: Path) -> list[Path]:
    articles = data_dir / "articles"
    return sorted(p for p in articles.iterdir() if p.is_dir()) if articles.is_dir() else []


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while graphs and quads are made.

    Building makes millions of objects and no cycles worth collecting, and each collection pass
    walks the whole heap: at a million triples that was a third of the build time. Validation runs
    with the collector on (pySHACL makes cyclic garbage).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def project_publisher(data_dir: Path) -> str | None:
    """The publisher named by the project file (newskg.toml) above ``data_dir``, if any."""
    home = find_project(data_dir)
    return load_home(home).publisher if home is not None else None


def publish(dataset: SortedDataset, report: ValidationReport, out_dir: Path, *,
            keys: Sequence[str] = (), publisher: str | None = None,
            state: dict[str, Any] | None = None
            ) -> tuple[tuple[Path, ...], Path]:
    """Write the outputs into a new release of ``out_dir`` and switch to it (`newskg.publish.releases`);
    ``publisher`` (the project file's) is kept in the release's build.json, for VoID. Returns the
    outputs' paths and the release's folder.

    The store is bulk-loaded in a thread (pyoxigraph's loader releases the GIL) while the graph
    files (`newskg.publish.graph_files`) and the report are written; graph files unchanged since
    the release published before are hard-linked from it.
    """
    before = previous_graphs(out_dir)
    previous = published_build(out_dir)
    manifest = read_manifest(previous)
    graphs = [GraphFile(name, digest, len(dataset.triples[name]), file_name(name))
              for name, digest in dataset.digests.items()]
    with new_release(out_dir, RELEASE_NAMES) as staging, ThreadPoolExecutor(1) as pool:
        store = dataset.start_store(  # then the vocabularies' store (newskg.publish.vocabularies)
            staging / STORE_DIR, pool, before,
            then=partial(add_vocabularies, path=staging / ALL_GRAPHS_STORE))
        write_release(staging, graphs, dataset.lines,
                      (previous, manifest) if manifest is not None else None, report, keys,
                      state or {}, publisher)
        LAST_PUBLISH["store"] = store.result()
    return tuple(out_dir / name for name in RELEASE_NAMES), published_build(out_dir)


LAST_PUBLISH: dict[str, str] = {}  # how the last publish filled the store: "bulk" or "updated N graphs"


def previous_graphs(out_dir: Path) -> tuple[Path, dict[str, str]] | None:
    """The published build's store and its graphs' digests, when it has a manifest."""
    release = published_build(out_dir)
    manifest = read_manifest(release)
    if manifest is None:
        return None
    return release / STORE_DIR, {name: graph.digest for name, graph in manifest.items()}
