"""What `newskg validate` checks: the graph built from data/ in memory, or given RDF files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Dataset, Graph

from newskg.project import load_project
from newskg.rdf.dataset import build_dataset
from newskg.rdf.formats import read_quads, to_rdflib
from newskg.rdf.iris import ENTITIES_GRAPH
from newskg.validation.shacl import ValidationReport, load_ontology, validate_graph
from newskg.validation.units import units_of, validate_units


def validate_project(data_dir: Path, *, follow_symlinks: bool = False) -> ValidationReport:
    """Build data/ in memory (nothing is written) and validate it, article by article as `build`
    does, without remembering anything: `validate` always checks everything."""
    project = load_project(data_dir, follow_symlinks=follow_symlinks)
    ontology = load_ontology()
    units = units_of(build_dataset(project, ontology), str(ENTITIES_GRAPH))
    return validate_units(units, ontology=ontology).report


def validate_files(files: Sequence[Path]) -> ValidationReport:
    """Validate the union of RDF files (Turtle, TriG, N-Quads, N-Triples, RDF/XML, JSON-LD).

    Oxigraph parses the files (its errors carry line and column); rdflib gets the quads for pySHACL.
    """
    return validate_graph(union_graph(to_rdflib(read_quads(files))))


def union_graph(ds: Dataset) -> Graph:
    """All triples of all graphs in one graph (shapes see facts and the entities they use)."""
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
