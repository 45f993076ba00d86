"""data/ → the dataset: load and check every input, build named graphs, validate, publish atomically.

Publication (`newskg.publish.releases`) writes everything into a staging folder inside the output folder,
renames it to a new release and switches one link to it: readers see the previous build or the new
one, never a mix; an error or a non-conforming graph leaves the published build untouched.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

from rdflib import Dataset, Graph

from newskg.errors import NotConformingError
from newskg.project import load_project
from newskg.project.home import find_project, load_home
from newskg.publish.releases import new_release, write_build_info
from newskg.publish.vocabularies import ALL_GRAPHS_STORE, add_vocabularies
from newskg.rdf.dataset import build_dataset
from newskg.rdf.iris import ENTITIES_GRAPH
from newskg.rdf.sorted_dataset import SortedDataset, StreamedLoad
from newskg.validation.shacl import ValidationReport, load_ontology, use_shacl_engine
from newskg.validation.units import units_of, validate_units

STORE_DIR = "store"
TRIG_FILE = "newskg.trig"
TURTLE_FILE = "newskg.ttl"
REPORT_FILE = "validation.ttl"
CACHE_DIR = ".cache/conforming"


@dataclass(frozen=True)
class BuildResult:
    built: SortedDataset
    report: ValidationReport
    outputs: tuple[Path, ...]

    @cached_property
    def dataset(self) -> Dataset:
        """The dataset as an rdflib Dataset, made when first asked for (slow at scale)."""
        from newskg.rdf.formats import to_rdflib

        return to_rdflib(self.built.quads())


def build(data_dir: Path, out_dir: Path, *, allow_invalid: bool = False,
          follow_symlinks: bool = False, shacl_engine: str = "pyshacl") -> BuildResult:
    """Build, validate and publish to ``out_dir``; raise NotConformingError when invalid.
    ``shacl_engine``: pyshacl or turbo (`newskg.validation.shacl.use_shacl_engine`)."""
    use_shacl_engine(shacl_engine)
    with ThreadPoolExecutor(1) as pool, cold_store(out_dir, pool) as feed:
        with paused_gc():
            project = load_project(data_dir, follow_symlinks=follow_symlinks)
            ontology = load_ontology()
            dataset = build_dataset(project, ontology, feed=feed)
            publisher = project_publisher(data_dir)
            del project  # the graphs are in the dataset's spool: the facts are not needed again
        return validate_and_publish(dataset, ontology, out_dir, allow_invalid=allow_invalid,
                                    publisher=publisher, feed=feed)


def build_from_nquads(folder: Path, out_dir: Path, *, allow_invalid: bool = False,
                      shacl_engine: str = "pyshacl") -> BuildResult:
    """`build` fed from the N-Quads files of ``folder`` (`newskg.publish.nquads`: one per
    article, written by local processes or cluster workers) instead of from data/: the same
    validation per named graph and the same publication."""
    from newskg.publish.nquads import read_nquads

    use_shacl_engine(shacl_engine)
    with paused_gc():
        dataset = read_nquads(folder)
        ontology = load_ontology()
    return validate_and_publish(dataset, ontology, out_dir, allow_invalid=allow_invalid,
                                publisher=None)


def validate_and_publish(dataset: SortedDataset, ontology: Graph, out_dir: Path, *,
                         allow_invalid: bool, publisher: str | None,
                         feed: StreamedLoad | None = None) -> BuildResult:
    """Validate ``dataset`` per named graph (units) and publish it unless it does not conform.
    ``feed``: the store a cold build loaded while the graphs were made (`cold_store`)."""
    with paused_gc():
        units = units_of(dataset, str(ENTITIES_GRAPH))
    if feed is not None:
        feed.result()  # loaded (and its loader's memory freed) before validation forks
    checked = validate_units(units, ontology=ontology, cache_dir=out_dir / CACHE_DIR)
    del units
    report = checked.report
    if not report.conforms and not allow_invalid:
        raise NotConformingError(
            f"the graph does not conform to the shapes ({len(report.violations)} result(s)); "
            "nothing was published (fix the facts, or use --allow-invalid)", report)
    with paused_gc():
        outputs = publish(dataset, report, out_dir, publisher=publisher, loaded=feed)
    checked.remember()
    return BuildResult(dataset, report, outputs)


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


def project_publisher(data_dir: Path) -> str | None:
    """The publisher named by the project file (newskg.toml) above ``data_dir``, if any."""
    home = find_project(data_dir)
    return load_home(home).publisher if home is not None else None


def publish(dataset: SortedDataset, report: ValidationReport,
            out_dir: Path, *, publisher: str | None = None,
            loaded: StreamedLoad | None = None) -> tuple[Path, ...]:
    """Write the outputs into a new release of ``out_dir`` and switch to it (`newskg.publish.releases`);
    ``publisher`` (the project file's) is kept in the release's build.json, for VoID.

    The store is bulk-loaded in a thread (pyoxigraph's loader releases the GIL) while the TriG,
    Turtle and report are written; ``loaded``: a store already loaded from the dataset
    (`cold_store`), moved into the release instead.
    """
    names = (TRIG_FILE, TURTLE_FILE, REPORT_FILE, STORE_DIR)
    before = previous_graphs(out_dir) if loaded is None else None
    with new_release(out_dir, names) as staging, ThreadPoolExecutor(1) as pool:
        # then the vocabularies' store (newskg.publish.vocabularies)
        then = partial(add_vocabularies, path=staging / ALL_GRAPHS_STORE)
        store = (dataset.start_store(staging / STORE_DIR, pool, before, then=then)
                 if loaded is None else loaded.move_to(staging / STORE_DIR, pool, then=then))
        dataset.write_trig(staging / TRIG_FILE)
        dataset.write_turtle(staging / TURTLE_FILE)
        (staging / REPORT_FILE).write_text(report.to_turtle(), encoding="utf-8")
        (staging / GRAPHS_FILE).write_text(dataset.manifest(), encoding="utf-8")
        LAST_PUBLISH["store"] = store.result()
        write_build_info(staging, dataset.sizes, publisher)
    return tuple(out_dir / name for name in names)


GRAPHS_FILE = "graphs.tsv"  # in a release: each graph's IRI, digest and size (SortedDataset.manifest)
LAST_PUBLISH: dict[str, str] = {}  # how the last publish filled the store: "bulk" or "updated N graphs"


def previous_graphs(out_dir: Path) -> tuple[Path, dict[str, str]] | None:
    """The published build's store and its graphs' digests, when it has a manifest."""
    from newskg.publish.releases import published_build

    release = published_build(out_dir)
    try:
        text = (release / GRAPHS_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None
    digests = {}
    for line in text.splitlines():
        name, _, rest = line.partition("\t")
        digests[name] = rest.partition("\t")[0]
    return release / STORE_DIR, digests
