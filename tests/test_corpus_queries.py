"""Named queries over more than one article: the union default graph must not multiply answers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from newskg import export
from newskg.build import build_dataset, load_project
from newskg.query import get_query
from newskg.results import Solutions
from newskg.store import OxigraphStore, RdflibStore
from tests.conftest import SEED_SLUG

COPY = "2023-09-21-copy-of-the-seed"


def stores(data: Path) -> list[OxigraphStore | RdflibStore]:
    quads = build_dataset(load_project(data)).quads()
    store = ox.Store()
    store.extend(quads)
    return [OxigraphStore(store), RdflibStore(export.to_rdflib(quads, default_union=True))]


def provenance(store: OxigraphStore | RdflibStore) -> dict[str, tuple[str, ...]]:
    result = store.query(get_query("fact-provenance").text)
    assert isinstance(result, Solutions)
    return {str(row[0]): tuple(str(term) for term in row[1:]) for row in result.rows}


def test_two_articles_by_one_curator_are_counted_apart(data_copy: Path) -> None:
    alone = {engine: provenance(store) for engine, store in enumerate(stores(data_copy))}
    shutil.copytree(data_copy / "articles" / SEED_SLUG, data_copy / "articles" / COPY)
    for engine, store in enumerate(stores(data_copy)):
        both = provenance(store)
        assert len(both) == 2
        (seed_row,) = alone[engine].values()
        assert set(both.values()) == {seed_row}  # each article: its own count, not doubled
