"""What `newskg validate` checks: the graph built from data/ in memory, or given RDF files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from newskg.build import build_dataset, load_project, union_graph
from newskg.store import read_quads
from newskg.validate import ValidationReport, validate_graph


def validate_project(data_dir: Path) -> ValidationReport:
    """Build data/ in memory (nothing is written) and validate it."""
    return validate_graph(union_graph(build_dataset(load_project(data_dir))))


def validate_files(files: Sequence[Path]) -> ValidationReport:
    """Validate the union of RDF files (Turtle, TriG, N-Quads, N-Triples, RDF/XML, JSON-LD).

    Oxigraph parses the files (its errors carry line and column); rdflib gets the quads for pySHACL.
    """
    from rdflib import Dataset

    ds = Dataset()
    nquads = ox.serialize(read_quads(files), format=ox.RdfFormat.N_QUADS) or b""
    ds.parse(data=nquads, format="nquads")
    return validate_graph(union_graph(ds))
