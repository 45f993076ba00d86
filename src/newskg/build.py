"""data/ → the dataset: load and check every input, build named graphs, validate, publish atomically.

Publication writes everything into a staging folder inside the output folder first, then moves each
output into place; an error or a non-conforming graph leaves the previous outputs untouched.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import RDFS, Dataset, Graph, URIRef

from newskg.entities import Entity, load_entities, load_verified
from newskg.errors import FactsError, InputError, NotConformingError
from newskg.facts import ArticleFacts, load_article_facts
from newskg.graph import (
    ENTITIES_GRAPH,
    ArticleGraphBuilder,
    Hierarchy,
    article_graph_iri,
    entities_to_graph,
)
from newskg.incremental import validate_units
from newskg.inputs import check_article_folder, check_data_folder, read_text_as_stored
from newskg.link.rdf import links_to_graph, project_links
from newskg.namespaces import NKG
from newskg.ntriples import GraphTriples, rdflib_term
from newskg.progress import progress
from newskg.references import check_references
from newskg.sorted_dataset import SortedDataset
from newskg.validate import ValidationReport, load_ontology

STORE_DIR = "store"
TRIG_FILE = "newskg.trig"
TURTLE_FILE = "newskg.ttl"
REPORT_FILE = "validation.ttl"
CACHE_DIR = ".cache/conforming"


@dataclass(frozen=True)
class Project:
    """Everything under data/: shared entities and the articles with their texts."""

    root: Path
    entities: dict[str, Entity]
    articles: tuple[ArticleFacts, ...]


@dataclass(frozen=True)
class BuildResult:
    built: SortedDataset
    report: ValidationReport
    outputs: tuple[Path, ...]

    @cached_property
    def dataset(self) -> Dataset:
        """The dataset as an rdflib Dataset, made when first asked for (slow at scale)."""
        from newskg.export import to_rdflib

        return to_rdflib(self.built.quads())


def read_text(path: Path) -> str:
    """An article's text exactly as stored (newskg.inputs: size limit, CRLF kept)."""
    return read_text_as_stored(path, hint="save the article as UTF-8")


def load_project(data_dir: Path, *, follow_symlinks: bool = False) -> Project:
    """Load and check data/ (entities, every article's facts); raise on the first problem.

    Files and article folders that are symbolic links out of ``data_dir`` are refused unless
    ``follow_symlinks``; article folder names must be slugs (newskg.inputs)."""
    if not data_dir.is_dir():
        raise InputError("data folder not found", path=data_dir, hint="run from the repository root "
                         "or pass --data-dir")
    check_data_folder(data_dir, follow_symlinks=follow_symlinks)
    verified = load_verified(data_dir / "wikidata" / "verified.tsv")
    entities = load_entities(data_dir / "entities.yaml", verified)
    articles = []
    proposed: dict[str, Entity] = {}
    articles_dir = data_dir / "articles"
    folders = sorted(p for p in articles_dir.iterdir() if p.is_dir()) if articles_dir.is_dir() else []
    for folder in progress(folders, description="reading facts"):
        check_article_folder(folder, data_dir, follow_symlinks=follow_symlinks)
        facts = load_article_facts(folder)
        check_references(facts, {**facts.proposed_entities, **entities})
        articles.append(facts)
        for key, entity in facts.proposed_entities.items():  # entities.yaml, then the first article
            proposed.setdefault(key, entity)
    entities = {**proposed, **entities}
    if not articles:
        raise FactsError("no article folders", path=data_dir / "articles",
                         hint="add data/articles/<slug>/ with article.txt and facts.yaml")
    return Project(data_dir, entities, tuple(articles))


def class_hierarchy(ontology: Graph) -> Hierarchy:
    """Each nkg: class → all its nkg: superclasses (transitive), read from the ontology."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and str(sup).startswith(str(NKG)):
            direct.setdefault(sub, set()).add(sup)

    def ancestors(cls: URIRef, seen: frozenset[URIRef]) -> Iterator[URIRef]:
        for sup in direct.get(cls, ()):
            if sup not in seen:
                yield sup
                yield from ancestors(sup, seen | {sup})

    return {cls: frozenset(ancestors(cls, frozenset({cls}))) for cls in direct}


def build_dataset(project: Project, ontology: Graph | None = None) -> SortedDataset:
    """The whole dataset: the entities graph plus one named graph per article."""
    if ontology is None:
        ontology = load_ontology()
    hierarchy = class_hierarchy(ontology)
    graphs = {str(ENTITIES_GRAPH): entities_to_graph(project.entities.values(), hierarchy,
                                                     GraphTriples())}
    for facts in progress(project.articles, description="building graphs"):
        text = read_text(facts.text_path)
        graphs[str(article_graph_iri(facts.slug))] = ArticleGraphBuilder(
            facts, text, project.entities, hierarchy, GraphTriples()).build()
    links = Dataset()  # skos:exactMatch + provenance (newskg.link.rdf): few, written with rdflib
    links_to_graph(project_links(project), links)
    for s, p, o, g in links.quads((None, None, None, None)):
        graphs.setdefault(str(g), GraphTriples()).add(rdflib_term(s), rdflib_term(p),
                                                       rdflib_term(o))
    return SortedDataset(graphs)


def build(data_dir: Path, out_dir: Path, *, allow_invalid: bool = False,
          follow_symlinks: bool = False) -> BuildResult:
    """Build, validate and publish to ``out_dir``; raise NotConformingError when invalid."""
    with paused_gc():
        project = load_project(data_dir, follow_symlinks=follow_symlinks)
        ontology = load_ontology()
        dataset = build_dataset(project, ontology)
        units = dataset.units(str(ENTITIES_GRAPH))
    checked = validate_units(units, ontology=ontology, cache_dir=out_dir / CACHE_DIR)
    report = checked.report
    if not report.conforms and not allow_invalid:
        raise NotConformingError(
            f"the graph does not conform to the shapes ({len(report.violations)} result(s)); "
            "nothing was published (fix the facts, or use --allow-invalid)", report)
    with paused_gc():
        outputs = publish(dataset, report, out_dir)
    checked.remember()
    return BuildResult(dataset, report, outputs)


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


def publish(dataset: SortedDataset, report: ValidationReport,
            out_dir: Path) -> tuple[Path, ...]:
    """Write the outputs to a staging folder, then move them into ``out_dir``.

    The store is bulk-loaded in a thread (pyoxigraph's loader releases the GIL) while the TriG,
    Turtle and report are written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        with ThreadPoolExecutor(1) as pool:
            store = dataset.start_store(staging / STORE_DIR, pool)
            dataset.write_trig(staging / TRIG_FILE)
            dataset.write_turtle(staging / TURTLE_FILE)
            (staging / REPORT_FILE).write_text(report.to_turtle(), encoding="utf-8")
            store.result()
        names = (TRIG_FILE, TURTLE_FILE, REPORT_FILE, STORE_DIR)
        for name in names:
            _replace(staging / name, out_dir / name)
        return tuple(out_dir / name for name in names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace(source: Path, target: Path) -> None:
    """Move ``source`` over ``target``; a folder is swapped in with two renames."""
    if source.is_dir():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        if target.exists():
            os.replace(target, old)
        os.replace(source, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(source, target)
