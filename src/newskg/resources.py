"""newskg's package data: the ontology, its alignments, the shapes, the named queries, the JSON-LD
context and the query page's assets.

They are installed with the package (the wheel carries them), so newskg works wherever it is
installed. In the repository, ``src/newskg/resources/ontology`` and ``.../shapes`` are symbolic links
to the top-level ``ontology/`` and ``shapes/`` folders, which stay the source of truth; building the
wheel copies the files they point at (tests/test_packaging.py checks the wheel's copies are equal).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_PACKAGE = Path(__file__).parent  # as importlib.resources.files("newskg") gives it


def _package_path(*parts: str) -> Path:
    # newskg is installed as files (pip never installs it zipped), so a resource is a real path
    # next to this module; importlib.resources would find the same one, and its import costs
    # more than a cold `newskg query` spends on anything else but the store (bench_cold_query.py)
    return _PACKAGE.joinpath(*parts)


def resources_dir() -> Path:
    """src/newskg/resources: the data files shipped with the package."""
    return _package_path("resources")


def ontology_path() -> Path:
    """The OWL ontology (ontology/newskg.ttl in the repository)."""
    return _package_path("resources", "ontology", "newskg.ttl")


def alignments_path() -> Path:
    """The mappings to schema.org, PROV-O, SEM, Web Annotation, Wikidata (ontology/alignments.ttl)."""
    return _package_path("resources", "ontology", "alignments.ttl")


def shapes_path() -> Path:
    """The SHACL shapes (shapes/newskg-shapes.ttl in the repository)."""
    return _package_path("resources", "shapes", "newskg-shapes.ttl")


def jsonld_context_path() -> Path:
    """The JSON-LD context (src/newskg/resources/context.jsonld)."""
    return _package_path("resources", "context.jsonld")


def queries_dir() -> Path:
    """The named queries, one NAME.rq each (src/newskg/queries)."""
    return _package_path("queries")


def serve_assets_dir() -> Path:
    """The query page: index.html, app.js, style.css (src/newskg/resources/serve)."""
    return _package_path("resources", "serve")
