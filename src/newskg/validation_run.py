"""What `newskg validate` checks: the graph built from data/ in memory, or given RDF files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newskg.build import build_dataset, load_project, union_graph
from newskg.errors import InputError
from newskg.store import file_format
from newskg.validate import ValidationReport, validate_graph


def validate_project(data_dir: Path) -> ValidationReport:
    """Build data/ in memory (nothing is written) and validate it."""
    return validate_graph(union_graph(build_dataset(load_project(data_dir))))


def validate_files(files: Sequence[Path]) -> ValidationReport:
    """Validate the union of RDF files (Turtle, TriG, N-Quads, N-Triples, RDF/XML, JSON-LD)."""
    from rdflib import Dataset

    ds = Dataset()
    for path in files:
        fmt = file_format(path)
        if not path.is_file():
            raise InputError("file not found", path=path)
        try:
            ds.parse(str(path), format={"ntriples": "nt", "rdfxml": "xml",
                                        "jsonld": "json-ld"}.get(fmt, fmt))
        except Exception as exc:  # noqa: BLE001 -- rdflib's parsers raise many unrelated types
            raise InputError(f"not valid {fmt}: {exc}", path=path) from None
    return validate_graph(union_graph(ds))
