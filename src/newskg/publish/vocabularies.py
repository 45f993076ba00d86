"""The ontology, its alignments and the shapes as named graphs of the built store, beside the data.

A build has two Oxigraph stores (`newskg.publish.build`):

- ``store/``, the data's named graphs only. A query that names no graph (no ``GRAPH``, ``FROM``,
  ``FROM NAMED``, no protocol dataset) runs here, over the union of the data graphs: its answers are
  what they were before the vocabularies were loaded;
- ``store-all/``, the same graphs and the vocabularies' (`VOCABULARY_GRAPHS`), made from ``store/``
  by a backup (hard links: the data is not copied) to which the vocabularies are added. A query that
  names graphs runs here: ``GRAPH ?g`` ranges over the vocabularies too, and ``FROM <ontology>``
  reads the ontology. Its default graph, unless FROM says otherwise, is the union of all graphs.

Oxigraph's default graph is either the union of every graph or a list of graphs, and a list of many
graphs makes each pattern one lookup per graph (400 s instead of 0.5 s for a join over 3,000
graphs): the two stores keep the union fast for both kinds of query.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from newskg.rdf.prefixes import ONTOLOGY, PREFIXES
from newskg.resources import alignments_path, ontology_path, shapes_path

SHAPES = PREFIXES["nkgsh"].rstrip("#")
ALIGNMENTS = ONTOLOGY + "/alignments"
ALL_GRAPHS_STORE = "store-all"
VOCABULARY_GRAPHS: dict[str, str] = {
    ONTOLOGY: "the OWL ontology (ontology/newskg.ttl)",
    ALIGNMENTS: "its alignments to other vocabularies (ontology/alignments.ttl)",
    SHAPES: "the SHACL shapes (shapes/newskg-shapes.ttl)",
}
"""Graph IRI -> what it holds; each graph's IRI is the IRI of the document it holds."""



def vocabulary_files() -> dict[str, Path]:
    return {ONTOLOGY: ontology_path(), ALIGNMENTS: alignments_path(), SHAPES: shapes_path()}


def vocabulary_quads() -> list[ox.Quad]:
    """Every triple of the ontology, alignments and shapes, each in its own named graph."""
    quads = []
    for graph, path in vocabulary_files().items():
        name = ox.NamedNode(graph)
        quads += [ox.Quad(t.subject, t.predicate, t.object, name)
                  for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    return quads


def add_vocabularies(data_store: ox.Store, path: Path) -> None:
    """Make the all-graphs store at ``path``: a backup of ``data_store`` with the vocabularies."""
    data_store.backup(str(path))
    store = ox.Store(str(path))
    store.bulk_extend(vocabulary_quads())
    store.flush()
    del store
