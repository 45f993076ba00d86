"""The build's graphs as N-Quads files, one per article, made on local processes or cluster
workers (`newskg build --to-nquads DIR`), and a build fed from such files
(`newskg build --from-nquads DIR`).

This process loads and checks the project once (every input error named with its file and line,
as `newskg build`), writes the graphs that are not an article's (entities, world, drafts, links)
into ``_shared.nq``, and maps `article_nquads` over the articles: on ``jobs`` local processes, or
on the workers of a Dask scheduler (`newskg.cluster`), which are sent the entities and instances
once and read each article's text from its path (a folder shared with them). Each writes
``<slug>.nq``: the article's named graph, sorted, as `newskg.rdf.dataset.article_graph` makes it
for the build (the same function), so a build fed from the folder publishes the same quads.

The files are plain N-Quads (one quad a line, every quad in a named graph), what the bulk loaders
of large stores take (docs/scale.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.atomic import atomic_write
from newskg.cluster import check_engine
from newskg.errors import InputError, NewskgError
from newskg.process import quiet_worker
from newskg.progress import progress
from newskg.project import load_project
from newskg.project.entities import Entity
from newskg.project.inputs import NAME_PATTERN
from newskg.project.model import ArticleFacts, Instances
from newskg.rdf.dataset import article_graph, class_hierarchy, shared_graphs
from newskg.rdf.iris import DRAFTS_GRAPH, ENTITIES_GRAPH, WORLD_GRAPH, article_graph_iri
from newskg.rdf.namespaces import GRAPH
from newskg.rdf.ntriples import GraphTriples, nquads
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.rdf.terms import Hierarchy
from newskg.validation.shacl import load_ontology

SHARED_FILE = "_shared.nq"  # "_" cannot start an article folder's name (a slug)
SUFFIX = ".nq"


@dataclass(frozen=True)
class GraphContext:
    """What every article graph refers to: sent once to each worker."""

    entities: Mapping[str, Entity]
    instances: Instances
    hierarchy: Hierarchy


ArticleJob = tuple[ArticleFacts, Path]  # the article's facts, the file its N-Quads go to


def article_nquads(job: ArticleJob, shared: GraphContext) -> tuple[int, str | None]:
    """The per-article function of `--to-nquads`, the same on local processes and cluster
    workers: write the article's named graph to the job's file; its number of triples, or the
    error that stopped it."""
    facts, target = job
    try:
        graph = article_graph(facts, shared.entities, shared.instances, shared.hierarchy)
    except NewskgError as exc:
        return 0, f"{facts.slug}: {exc}"
    lines = graph.lines()
    atomic_write(target, nquads([(str(article_graph_iri(facts.slug)), lines)]))
    return len(lines), None


_CONTEXT: list[GraphContext] = []  # a local worker process's context (set by its initializer)


def _set_context(context: GraphContext) -> None:
    quiet_worker()
    _CONTEXT[:] = [context]


def _local_article_nquads(job: ArticleJob) -> tuple[int, str | None]:
    return article_nquads(job, _CONTEXT[0])


@dataclass(frozen=True)
class NquadsResult:
    files: tuple[Path, ...]
    triples: int


def write_nquads(data_dir: Path, out_dir: Path, *, jobs: int = 1, engine: str = "local",
                 scheduler: str | None = None, follow_symlinks: bool = False) -> NquadsResult:
    """Write the project's graphs under ``out_dir``: ``_shared.nq`` and one ``<slug>.nq`` per
    article; ``.nq`` files there that this run did not write (an article removed) are deleted,
    so the folder holds the project's graphs and nothing else."""
    check_engine(engine, scheduler)
    if engine == "dask":  # the workers run in folders of their own: paths they can follow
        data_dir, out_dir = data_dir.absolute(), out_dir.absolute()
    project = load_project(data_dir, follow_symlinks=follow_symlinks)
    context = GraphContext(project.entities, project.instances, class_hierarchy(load_ontology()))
    out_dir.mkdir(parents=True, exist_ok=True)
    shared = SortedDataset(shared_graphs(project, context.hierarchy))
    atomic_write(out_dir / SHARED_FILE, shared.nquads)
    work = [(facts, out_dir / f"{facts.slug}{SUFFIX}") for facts in project.articles]
    outcomes: Iterable[tuple[int, str | None]]
    if engine == "dask":
        from newskg.cluster import map_on_cluster

        outcomes = map_on_cluster(scheduler, work, article_nquads, shared=context)
    elif min(jobs, len(work)) > 1:  # no more processes than articles
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=_set_context,
                                   initargs=(context,))
        outcomes = pool.map(_local_article_nquads, work, chunksize=8)
    else:
        outcomes = (article_nquads(job, context) for job in work)
    triples = len(shared)
    try:
        for count, error in progress(outcomes, description="article graphs", total=len(work)):
            if error is not None:
                raise NewskgError(f"article graph not made: {error}")
            triples += count
    finally:
        if engine == "local" and jobs > 1:
            pool.shutdown(cancel_futures=True)
    written = {out_dir / SHARED_FILE, *(target for _, target in work)}
    for stale in out_dir.glob(f"*{SUFFIX}"):
        if stale not in written:
            stale.unlink()
    return NquadsResult(tuple(sorted(written)), triples)


def built_graph(name: str) -> bool:
    """Whether a build makes the graph ``name``: the entities, world and drafts graphs, and an
    article's (its slug a name newskg takes)."""
    if name in (str(ENTITIES_GRAPH), str(WORLD_GRAPH), str(DRAFTS_GRAPH)):
        return True
    article = str(article_graph_iri(""))
    return name.startswith(article) and NAME_PATTERN.match(name[len(article):]) is not None


def read_nquads(folder: Path) -> SortedDataset:
    """The named graphs of every ``*.nq`` file of ``folder``, as the build holds them: a file
    that does not parse, or a quad outside a named graph, is an error naming the file and line."""
    if not folder.is_dir():
        raise InputError("not a folder", path=folder,
                         hint="give the folder `newskg build --to-nquads` wrote")
    files = sorted(folder.glob(f"*{SUFFIX}"))
    if not files:
        raise InputError(f"no N-Quads files (*{SUFFIX}) in the folder", path=folder)
    graphs: dict[str, GraphTriples] = {}
    for path in progress(files, description="reading N-Quads"):
        try:
            for number, quad in enumerate(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS),
                                          start=1):
                graph = quad.graph_name
                if not isinstance(graph, ox.NamedNode):
                    raise InputError(f"quad {number} is in the default graph: every quad of the "
                                     "dataset is in a named graph", path=path,
                                     hint="write the quads with newskg build --to-nquads")
                triples = graphs.get(graph.value)
                if triples is None:
                    if not built_graph(graph.value):
                        raise InputError(
                            f"quad {number} is in the graph <{graph.value}>, which no newskg "
                            "build makes (and would be published unchecked)", path=path,
                            hint=f"a build's graphs are {GRAPH}entities, world, drafts and "
                            "article/SLUG of this project's IRI base; write the quads with "
                            "newskg build --to-nquads")
                    triples = graphs[graph.value] = GraphTriples()
                triples.add(str(quad.subject), str(quad.predicate), str(quad.object))
        except SyntaxError as exc:
            raise InputError(f"not N-Quads: {exc}", path=path) from None
    return SortedDataset(graphs)
