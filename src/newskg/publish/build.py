"""data/ → the dataset: load and check every input, build named graphs, validate, publish atomically.

Publication (`newskg.publish.releases`) writes everything into a staging folder inside the output folder,
renames it to a new release and switches one link to it: readers see the previous build or the new
one, never a mix; an error or a non-conforming graph leaves the published build untouched.

A build reads only the articles that changed since the published build when it can
(`newskg.publish.incremental`, from what `newskg.publish.article_cache` remembers per article), else
every input (`build_all`: graph by graph into the dataset's spool, `newskg.rdf.sorted_dataset`);
both publish the same release.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from newskg.errors import NotConformingError
from newskg.project import load_project
from newskg.publish.article_cache import (
    ArticleInput,
    BuildMemory,
    article_input,
    context_digest,
    proposes,
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
    write_data_files,
    write_release_info,
)
from newskg.publish.incremental import rebuild
from newskg.publish.releases import holding_published_build, new_release, published_build
from newskg.publish.result import (
    CACHE_DIR,
    LAST_PUBLISH,
    BuildResult,
    project_publisher,
)
from newskg.publish.vocabularies import ALL_GRAPHS_STORE, add_vocabularies
from newskg.publish.world_cache import WorldMemory, remember_world, world_key
from newskg.rdf.dataset import build_dataset, class_hierarchy, link_triples
from newskg.rdf.iris import ENTITIES_GRAPH
from newskg.rdf.sorted_dataset import SortedDataset, StreamedLoad
from newskg.validation.parsed import remember_parsed_in, write_parsed
from newskg.validation.shacl import ValidationReport, load_ontology, use_shacl_engine
from newskg.validation.units import WORLD_GRAPHS, AnyUnit, rules_digest, units_of, validate_units

if TYPE_CHECKING:
    from newskg.project.model import Project

PARSED_CACHE = ".cache/parsed"  # the shapes and ontology parsed (newskg.validation.shacl)
__all__ = ["CACHE_DIR", "GRAPHS_FILE", "REPORT_FILE", "STORE_DIR", "TRIG_FILE", "TURTLE_FILE",
           "BuildResult", "build", "build_from_nquads"]


def build(data_dir: Path, out_dir: Path, *, allow_invalid: bool = False,
          follow_symlinks: bool = False, shacl_engine: str = "pyshacl",
          reuse: bool = True) -> BuildResult:
    """Build, validate and publish to ``out_dir``; raise NotConformingError when invalid.
    ``shacl_engine``: pyshacl or turbo (`newskg.validation.shacl.use_shacl_engine`).

    ``reuse``: when the build published in ``out_dir`` was made under the same context (see
    `newskg.publish.article_cache`), read and build only the articles that changed
    (`newskg.publish.incremental`); the result is the same as a build from nothing."""
    use_shacl_engine(shacl_engine)
    remember_parsed_in(out_dir / PARSED_CACHE)  # the shapes and ontology, pickled once published
    try:
        done = None
        if reuse:
            with holding_published_build(out_dir) as release:
                done = rebuild(data_dir, out_dir, release, allow_invalid=allow_invalid,
                               follow_symlinks=follow_symlinks)
        if done is None:
            done = build_all(data_dir, out_dir, allow_invalid=allow_invalid,
                             follow_symlinks=follow_symlinks)
        write_parsed()
        return done
    finally:
        remember_parsed_in(None)


def build_all(data_dir: Path, out_dir: Path, *, allow_invalid: bool = False,
              follow_symlinks: bool = False) -> BuildResult:
    """Read, build and validate every input (the validation of unchanged units remembered), and
    remember each article for the next build (`newskg.publish.article_cache`)."""
    inputs = article_inputs(data_dir)  # before they are read
    with ThreadPoolExecutor(1) as pool, cold_store(out_dir, pool) as feed:
        with paused_gc():
            project = load_project(data_dir, follow_symlinks=follow_symlinks)
            ontology = load_ontology()
            dataset = build_dataset(project, ontology, feed=feed)
            if feed is not None:
                feed.end_input()  # every graph is written: the loader finishes while files are
            publisher = project_publisher(data_dir)
            memory = article_memory(data_dir, project, inputs, ontology)
            del project  # the graphs are in the dataset's spool: the facts are not needed again
        return validate_and_publish(dataset, ontology, out_dir, allow_invalid=allow_invalid,
                                    publisher=publisher, feed=feed, memory=memory)


def article_inputs(data_dir: Path) -> dict[str, ArticleInput]:
    """Each article folder's input digest and stamp (take them before the folders are read)."""
    return {folder.name: article_input(folder) for folder in article_folders(data_dir)}


def article_memory(data_dir: Path, project: Project, inputs: Mapping[str, ArticleInput],
                   ontology: Graph) -> BuildMemory:
    """What the next build remembers of each article, under this build's context digest."""
    context = context_digest(data_dir, sorted(
        (f.slug, inputs[f.slug].digest if f.slug in inputs else "")
        for f in project.articles if proposes(f)), rules_digest())
    return BuildMemory.of(project, context, inputs, class_hierarchy(ontology),
                          link_triples(project))


def release_state(memory: BuildMemory, units: Sequence[AnyUnit]
                  ) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The units' names and digests, in order (the world unit's parts may share a name), and the
    state a release keeps for the next build to compare with."""
    rules = rules_digest()
    digests = [(unit.name, unit.digest(rules)) for unit in units]
    return digests, {"context": memory.context, "entities_unit": dict(digests)[str(ENTITIES_GRAPH)]}


def remember(out_dir: Path, memory: BuildMemory, dataset: SortedDataset,
             units: Sequence[tuple[str, str]]) -> None:
    """What a build from data/ remembers once published: each article (`BuildMemory.write`),
    and the world graphs and the world unit's parts (`newskg.publish.world_cache`); ``units``:
    each unit's name and digest, in order (`release_state`)."""
    supports = memory.write(out_dir, dataset, dict(units))
    world_names = [name for name in WORLD_GRAPHS if name in dataset.blocks]
    blocks = dataset.blocks
    remember_world(out_dir, world_key(memory.context, supports), WorldMemory(
        tuple((name, blocks[name].digest, blocks[name].triples) for name in world_names),
        tuple((name, digest) for name, digest in units
              if name.partition("#")[0] in WORLD_GRAPHS and name not in blocks)),
        {name: dataset.graph_lines(name) for name in world_names})


def article_folders(data_dir: Path) -> list[Path]:
    articles = data_dir / "articles"
    return sorted(p for p in articles.iterdir() if p.is_dir()) if articles.is_dir() else []


def build_from_nquads(folder: Path, out_dir: Path, *, allow_invalid: bool = False,
                      shacl_engine: str = "pyshacl", publisher: str | None = None) -> BuildResult:
    """`build` fed from the N-Quads files of ``folder`` (`newskg.publish.nquads`: one per
    article, written by local processes or cluster workers) instead of from data/: the same
    validation per named graph and the same publication (nothing is remembered per article: the
    next build from data/ reads every article). ``publisher``: the project's (newskg.toml), as a
    build from data/ records it in build.json for the endpoint's VoID."""
    from newskg.publish.nquads import read_nquads

    use_shacl_engine(shacl_engine)
    with paused_gc():
        dataset = read_nquads(folder)
        ontology = load_ontology()
    return validate_and_publish(dataset, ontology, out_dir, allow_invalid=allow_invalid,
                                publisher=publisher)


def validate_and_publish(dataset: SortedDataset, ontology: Graph, out_dir: Path, *,
                         allow_invalid: bool, publisher: str | None,
                         feed: StreamedLoad | None = None,
                         memory: BuildMemory | None = None) -> BuildResult:
    """Validate ``dataset`` per named graph (units) and publish it unless it does not conform.
    ``feed``: the store a cold build loaded while the graphs were made (`cold_store`);
    ``memory``: what to remember per article once published (a build from data/)."""
    with paused_gc():
        units = units_of(dataset, str(ENTITIES_GRAPH))
    with ExitStack() as releasing:
        staged = None
        if feed is not None:  # the files that need no validation, written while the store loads
            staged = releasing.enter_context(open_release(dataset, out_dir, loaded=feed))
            with paused_gc():
                staged.write_data()
            feed.result()  # loaded (and its loader's memory freed) before validation forks
        checked = validate_units(units, ontology=ontology, cache_dir=out_dir / CACHE_DIR)
        report = checked.report
        if not report.conforms and not allow_invalid:  # the staged release is removed
            raise NotConformingError(
                f"the graph does not conform to the shapes ({len(report.violations)} result(s)); "
                "nothing was published (fix the facts, or use --allow-invalid)", report)
        unit_digests: list[tuple[str, str]] = []
        state: dict[str, Any] = {}
        if memory is not None:
            unit_digests, state = release_state(memory, units)
        del units
        if staged is None:
            staged = releasing.enter_context(open_release(dataset, out_dir))
        with paused_gc():
            staged.finish(report, keys=checked.keys, publisher=publisher, state=state)
    outputs, release = tuple(out_dir / name for name in RELEASE_NAMES), published_build(out_dir)
    checked.remember()
    if memory is not None:
        remember(out_dir, memory, dataset, unit_digests)
    return BuildResult(report, outputs, len(dataset), release, made=dataset)


LOADING_DIR = ".cache/loading"  # stores being loaded by cold builds, until published


@contextmanager
def cold_store(out_dir: Path, pool: ThreadPoolExecutor) -> Iterator[StreamedLoad | None]:
    """For a cold build (nothing published with a manifest, so no store to update), a store that
    is bulk-loaded in ``pool`` while the graphs are made (`StreamedLoad`), in a folder of
    ``out_dir`` (publish moves it into the release); None otherwise. Removed unless published;
    what a killed build left there is removed by the next one."""
    if previous_graphs(out_dir) is not None:
        yield None
        return
    loading = out_dir / LOADING_DIR
    made = [p for p in (loading, *loading.parents) if not p.exists()]  # removed again if empty
    loading.mkdir(parents=True, exist_ok=True)
    for left in loading.iterdir():
        if not _running(left.name.partition("-")[0]):
            shutil.rmtree(left, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=loading))
    try:
        feed = StreamedLoad(folder / STORE_DIR, pool)
        try:
            yield feed
        finally:
            feed.abandon()  # nothing left to wait for when it was published
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for path in made:  # a failed build leaves the build folder as it was
            with suppress(OSError):
                path.rmdir()


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


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


def publish(dataset: SortedDataset, report: ValidationReport, out_dir: Path, *,
            keys: Sequence[str] = (), publisher: str | None = None,
            state: Mapping[str, Any] | None = None, loaded: StreamedLoad | None = None
            ) -> tuple[tuple[Path, ...], Path]:
    """Write the outputs into a new release of ``out_dir`` and switch to it (`newskg.publish.releases`);
    ``publisher`` (the project file's) is kept in the release's build.json, for VoID. Returns the
    outputs' paths and the release's folder.

    The store is bulk-loaded in a thread (pyoxigraph's loader releases the GIL) while the graph
    files (`newskg.publish.graph_files`, each graph's lines read from the spool) and the report
    are written; graph files unchanged since the release published before are hard-linked from it.
    ``loaded``: a store already loaded from the dataset (`cold_store`), moved into the release
    instead.
    """
    with open_release(dataset, out_dir, loaded=loaded) as staged:
        staged.finish(report, keys=keys, publisher=publisher, state=state or {})
    return tuple(out_dir / name for name in RELEASE_NAMES), published_build(out_dir)


class StagedRelease:
    """A release being written (`open_release`): the files that depend on the graphs only
    (`write_data`, which a cold build calls while its store loads), then the store, the report
    and the state (`finish`)."""

    def __init__(self, dataset: SortedDataset, staging: Path, pool: ThreadPoolExecutor,
                 previous: tuple[Path, Mapping[str, GraphFile]] | None,
                 before: tuple[Path, dict[str, str]] | None, loaded: StreamedLoad | None) -> None:
        self.dataset, self.staging, self.pool = dataset, staging, pool
        self.previous, self.before, self.loaded = previous, before, loaded
        self.graphs = [GraphFile(name, block.digest, block.triples, file_name(name))
                       for name, block in ((name, dataset.blocks[name])
                                           for name in dataset.names())]
        self.written = False
        self.finished = False

    def write_data(self) -> None:
        """The graph files, the manifest, the TriG and the Turtle."""
        if not self.written:
            write_data_files(self.staging, self.graphs, self.dataset.graph_lines, self.previous)
            self.written = True

    def finish(self, report: ValidationReport, *, keys: Sequence[str] = (),
               publisher: str | None = None, state: Mapping[str, Any]) -> None:
        """The store (bulk-loaded in a thread, or the cold build's moved in), then the
        vocabularies' store (`newskg.publish.vocabularies`), while the files are written."""
        then = partial(add_vocabularies, path=self.staging / ALL_GRAPHS_STORE)
        target = self.staging / STORE_DIR
        store = (self.dataset.start_store(target, self.pool, self.before, then=then)
                 if self.loaded is None else self.loaded.move_to(target, self.pool, then=then))
        self.write_data()
        write_release_info(self.staging, self.graphs, report, keys, state, publisher)
        LAST_PUBLISH["store"] = store.result()
        self.finished = True


@contextmanager
def open_release(dataset: SortedDataset, out_dir: Path, *,
                 loaded: StreamedLoad | None = None) -> Iterator[StagedRelease]:
    """A new release of ``out_dir`` for ``dataset`` (`newskg.publish.releases.new_release`),
    published when the block ends after `StagedRelease.finish`; removed when the block raises
    (a graph that does not conform) or ends without finishing it."""
    before = previous_graphs(out_dir) if loaded is None else None
    previous = published_build(out_dir)
    manifest = read_manifest(previous)
    with new_release(out_dir, RELEASE_NAMES) as staging, ThreadPoolExecutor(1) as pool:
        staged = StagedRelease(dataset, staging, pool,
                               (previous, manifest) if manifest is not None else None,
                               before, loaded)
        yield staged
        if not staged.finished:
            raise RuntimeError("a release was left unfinished; nothing was published")


def previous_graphs(out_dir: Path) -> tuple[Path, dict[str, str]] | None:
    """The published build's store and its graphs' digests, when it has a manifest."""
    manifest = read_manifest(published_build(out_dir))
    if manifest is None:
        return None
    return published_build(out_dir) / STORE_DIR, {name: g.digest for name, g in manifest.items()}
