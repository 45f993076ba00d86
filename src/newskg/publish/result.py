"""What a build gives back and what its two ways (`newskg.publish.build`, `newskg.publish.incremental`)
share: the result, the cache folder of the units that conformed, the project's publisher, and how
the last publish filled the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset

from newskg.project.home import find_project, load_home
from newskg.publish.graph_files import STORE_DIR
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.validation.shacl import ValidationReport

CACHE_DIR = ".cache/conforming"
__all__ = ["CACHE_DIR", "LAST_PUBLISH", "BuildResult", "project_publisher", "store_dataset"]

LAST_PUBLISH: dict[str, str] = {}  # how the last publish filled the store: "bulk" or "updated N graphs"


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
    """A published store's named graphs as a SortedDataset, read one graph at a time."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    dataset = SortedDataset()
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        assert isinstance(graph, ox.NamedNode)
        dataset.add(graph.value, ((str(q.subject), str(q.predicate), str(q.object))
                                  for q in store.quads_for_pattern(None, None, None, graph)))
    return dataset


def project_publisher(data_dir: Path) -> str | None:
    """The publisher named by the project file (newskg.toml) above ``data_dir``, if any."""
    home = find_project(data_dir)
    return load_home(home).publisher if home is not None else None
