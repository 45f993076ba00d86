"""Both query engines over the dataset built from a data/ folder, in memory.

The named-query tests test the queries, not validation: the dataset is built as `newskg build`
builds it (`build_dataset`), without the SHACL check, and loaded into Oxigraph and into rdflib (the
default graph the union of the named graphs, as `newskg query` has it).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from newskg.project import load_project
from newskg.rdf.dataset import build_dataset
from newskg.rdf.formats import to_rdflib
from newskg.store.engines import OxigraphStore, RdflibStore, Store
from newskg.store.results import Solutions
from newskg.validation.shacl import load_ontology

ENGINES = ("oxigraph", "rdflib")


def stores_for(data: Path) -> dict[str, Store]:
    """The dataset of ``data`` in both engines, by engine name."""
    quads = build_dataset(load_project(data), load_ontology()).quads()
    store = ox.Store()
    store.extend(quads)
    return {"oxigraph": OxigraphStore(store),
            "rdflib": RdflibStore(to_rdflib(quads, default_union=True))}


def row_strings(solutions: Solutions) -> list[tuple[str, ...]]:
    return [tuple("" if term is None else str(term) for term in row) for row in solutions.rows]


def same_answer(stores: dict[str, Store], sparql: str,
                bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
                where: str = "") -> Solutions:
    """The Oxigraph answer, checked to be the rdflib answer too: same variables, same rows in
    the same order."""
    got = {}
    for engine, store in stores.items():
        result = store.query(sparql, bindings=bindings)
        assert isinstance(result, Solutions), f"{where} on {engine}: not a SELECT"
        got[engine] = result
    oxigraph, rdflib = got["oxigraph"], got["rdflib"]
    assert oxigraph.variables == rdflib.variables, where
    assert row_strings(oxigraph) == row_strings(rdflib), f"{where}: the engines answer apart"
    return oxigraph
