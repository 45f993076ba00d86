"""Deterministic serialisations of the dataset, written atomically.

Quads are sorted before they are written, so the same input gives byte-identical output. Turtle,
N-Triples and RDF/XML hold the union of the graphs; TriG and N-Quads keep one named graph per article.
JSON-LD uses the context bundled in the package (no network).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from newskg.atomic import atomic_write, user_output
from newskg.errors import UnknownFormatError
from newskg.rdf.formats import (
    DATASET_FORMATS,
    RDF_FORMATS,
    format_name,
    sort_quads,
    union_triples,
)
from newskg.rdf.jsonld import to_jsonld
from newskg.rdf.prefixes import RDF_PREFIXES


def serialize(quads: Sequence[ox.Quad], fmt: str) -> bytes:
    """Serialise sorted quads in ``fmt`` (a name from RDF_FORMATS)."""
    fmt = format_name(fmt)
    if fmt == "jsonld":
        return _jsonld(quads)
    prefixes = RDF_PREFIXES if fmt in ("turtle", "trig", "rdfxml") else None
    data: Iterable[ox.Quad] | Iterable[ox.Triple] = (
        quads if fmt in DATASET_FORMATS else union_triples(quads))
    out = ox.serialize(data, format=RDF_FORMATS[fmt], prefixes=prefixes)
    assert out is not None
    return out


def _jsonld(quads: Sequence[ox.Quad]) -> bytes:
    """Compacted JSON-LD with the bundled context inlined, one object per named graph."""
    return to_jsonld(quads).encode("utf-8")


def export_format(name: str) -> str:
    """An export format's canonical name; an unknown one is an error listing every choice."""
    if name.lower() in OTHER_FORMATS:
        return name.lower()
    try:
        return format_name(name)
    except UnknownFormatError:
        raise UnknownFormatError(f"unknown format {name!r}; choose one of: "
                                 f"{', '.join([*RDF_FORMATS, *OTHER_FORMATS])}") from None


def write_export(path: Path, data: bytes) -> None:
    """Write an export to ``path`` atomically, into a folder that exists: a mistyped folder is an
    error naming it (exit 2), not a new folder somewhere unexpected."""
    atomic_write(user_output(path), data)


def write(quads: Sequence[ox.Quad], path: Path, fmt: str) -> None:
    atomic_write(path, serialize(quads, fmt))


def load_store(path: Path, quads: Sequence[ox.Quad]) -> None:
    """Create an on-disk Oxigraph store at ``path`` holding ``quads``."""
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store


# Export formats that are not RDF syntaxes: name -> (module, function(build_dir, data_dir)).
OTHER_FORMATS = {"quickstatements": ("newskg.link.quickstatements", "export_quickstatements")}


def export_build(build_dir: Path, fmt: str, *, data_dir: Path = Path("data"),
                 on_note: Callable[[str], None] | None = None) -> bytes:
    """Serialise the built dataset (``newskg.trig`` of the build published in ``build_dir``) in
    ``fmt``.

    The TriG file, not the Oxigraph store, is the source: the store canonicalises some literal
    datatypes (xsd:nonNegativeInteger becomes xsd:integer), and an export must say what was built.
    A format of OTHER_FORMATS also reads ``data_dir``; its notes go to ``on_note``.
    """
    from newskg.errors import StoreMissingError
    from newskg.publish.releases import published_build

    fmt = export_format(fmt)
    build = published_build(build_dir)
    if fmt.lower() in OTHER_FORMATS:
        import importlib

        module, function = OTHER_FORMATS[fmt.lower()]
        result = getattr(importlib.import_module(module), function)(build, data_dir)
        for note in result.notes:
            (on_note or (lambda _: None))(note)
        return str(result.text).encode("utf-8")
    trig = build / "newskg.trig"
    if not trig.is_file():
        raise StoreMissingError(f"{trig}: not built yet; run 'newskg build' first")
    return serialize(sort_quads(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)), fmt)
