"""Where newskg's published files live: the ontology, its alignments, the shapes, the JSON-LD context.

The package is installed in editable mode from the repository, so the files are found relative to the
repository root (``src/newskg/resources.py`` → two folders up), not copied into the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]


def repo_root() -> Path:
    """The repository root: the folder holding ontology/, shapes/ and src/."""
    return REPO_ROOT


def ontology_path() -> Path:
    """ontology/newskg.ttl, the OWL ontology."""
    return REPO_ROOT / "ontology" / "newskg.ttl"


def alignments_path() -> Path:
    """ontology/alignments.ttl, the mappings to schema.org, PROV-O, SEM, Web Annotation, Wikidata."""
    return REPO_ROOT / "ontology" / "alignments.ttl"


def shapes_path() -> Path:
    """shapes/newskg-shapes.ttl, the SHACL shapes."""
    return REPO_ROOT / "shapes" / "newskg-shapes.ttl"


def jsonld_context_path() -> Path:
    """The JSON-LD context bundled in the package (src/newskg/resources/context.jsonld)."""
    return PACKAGE_DIR / "resources" / "context.jsonld"
