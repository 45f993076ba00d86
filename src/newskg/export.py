"""Deterministic serialisations of the dataset, written atomically.

Quads are sorted before they are written, so the same input gives byte-identical output. Turtle,
N-Triples and RDF/XML hold the union of the graphs; TriG and N-Quads keep one named graph per article.
JSON-LD uses the context bundled in the package (no network).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from newskg.errors import UnknownFormatError
from newskg.prefixes import PREFIXES
from newskg.resources import jsonld_context_path

if TYPE_CHECKING:
    from rdflib import Dataset

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = frozenset({"trig", "nquads"})
ALIASES = {"ttl": "turtle", "nq": "nquads", "nt": "ntriples", "json-ld": "jsonld", "xml": "rdfxml",
           "rdf": "rdfxml"}


def format_name(name: str) -> str:
    """Normalise a format name; an unknown one raises UnknownFormatError listing the choices."""
    canonical = ALIASES.get(name.lower(), name.lower())
    if canonical not in RDF_FORMATS:
        raise UnknownFormatError(
            f"unknown format {name!r}; choose one of: {', '.join(RDF_FORMATS)}")
    return canonical


def _key(quad: ox.Quad) -> str:
    # The same order as sorting by (graph, subject, predicate, object) strings: in N-Triples form
    # no term is a prefix of another followed by a character below the separating space.
    return f"{quad.graph_name} {quad.triple}"


def sort_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=_key)


def to_rdflib(quads: Iterable[ox.Quad], *, default_union: bool = False) -> Dataset:
    """Quads as an rdflib Dataset (through N-Quads), for pySHACL and rdflib's SPARQL engine."""
    from rdflib import Dataset

    ds = Dataset(default_union=default_union)
    ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", format="nquads")
    return ds


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    # str(triple) sorts as (subject, predicate, object) strings do, twice as fast (see _key)
    return sorted({q.triple for q in quads}, key=str)


def serialize(quads: Sequence[ox.Quad], fmt: str) -> bytes:
    """Serialise sorted quads in ``fmt`` (a name from RDF_FORMATS)."""
    fmt = format_name(fmt)
    if fmt == "jsonld":
        return _jsonld(quads)
    prefixes = PREFIXES if fmt in ("turtle", "trig", "rdfxml") else None
    data: Iterable[ox.Quad] | Iterable[ox.Triple] = (
        quads if fmt in DATASET_FORMATS else union_triples(quads))
    out = ox.serialize(data, format=RDF_FORMATS[fmt], prefixes=prefixes)
    assert out is not None
    return out


def _jsonld(quads: Sequence[ox.Quad]) -> bytes:
    """Compacted JSON-LD with the bundled context inlined, one object per named graph."""
    ds = to_rdflib(quads)
    context = json.loads(jsonld_context_path().read_text(encoding="utf-8"))["@context"]
    text = ds.serialize(format="json-ld", context=context, auto_compact=True, sort_keys=True,
                        indent=1)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
    from newskg.publish import published_build

    build = published_build(build_dir)
    if fmt.lower() in OTHER_FORMATS:
        import importlib

        module, function = OTHER_FORMATS[fmt.lower()]
        result = getattr(importlib.import_module(module), function)(build, data_dir)
        for note in result.notes:
            (on_note or (lambda _: None))(note)
        return str(result.text).encode("utf-8")
    fmt = format_name(fmt)
    trig = build / "newskg.trig"
    if not trig.is_file():
        raise StoreMissingError(f"{trig}: not built yet; run 'newskg build' first")
    return serialize(sort_quads(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)), fmt)
