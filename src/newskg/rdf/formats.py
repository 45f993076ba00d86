"""The RDF syntaxes newskg reads and writes, one registry for exports, CONSTRUCT results and files
given on the command line; quads to an rdflib Dataset for rdflib's writers and engine."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from newskg.errors import InputError, UnknownFormatError
from newskg.project.inputs import read_bounded_bytes

if TYPE_CHECKING:
    from rdflib import Dataset

SUFFIXES = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "ntriples",
            ".rdf": "rdfxml", ".owl": "rdfxml", ".xml": "rdfxml", ".jsonld": "jsonld"}


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


def read_quads(files: Sequence[Path]) -> list[ox.Quad]:
    """Parse RDF files (format from the suffix) into quads, exactly as written.

    A dataset format (TriG, N-Quads, JSON-LD) keeps its graphs; the triples of a graph format go
    to a named graph named after the file's URI. Errors name the file
    and line; a store is not used here because Oxigraph's store canonicalises some literals
    (xsd:nonNegativeInteger becomes xsd:integer).
    """
    quads: list[ox.Quad] = []
    for path in files:
        fmt = RDF_FORMATS[file_format(path)]
        graph = None if fmt.supports_datasets else ox.NamedNode(path.resolve().as_uri())
        data = read_bounded_bytes(path)  # the input size limit (NEWSKG_MAX_INPUT_MB)
        if fmt == ox.RdfFormat.RDF_XML:
            check_xml(data, path)
        try:
            for quad in ox.parse(input=data, format=fmt, base_iri=path.resolve().as_uri()):
                quads.append(quad if graph is None else
                             ox.Quad(quad.subject, quad.predicate, quad.object, graph))
        except SyntaxError as exc:
            raise InputError(f"not valid {file_format(path)}: {exc.msg}", path=path,
                             line=exc.lineno) from None
        except FileNotFoundError:
            raise InputError("file not found", path=path) from None
        except OSError as exc:
            raise InputError(exc.strerror or "cannot read file", path=path) from None
    return quads


def check_xml(data: bytes, path: Path) -> None:
    """RDF/XML must be whole, well-formed XML without entity declarations: Oxigraph's parser read
    a file cut off before its closing tags as if it were whole, and expanded nested entities
    (483 bytes of "billion laughs" kept it busy for minutes)."""
    import xml.parsers.expat

    if _ENTITY.search(data):
        raise InputError("declares XML entities (<!ENTITY ...>), which newskg does not expand: an "
                         "entity can grow to gigabytes", path=path,
                         hint="write the values out, or convert the file with another tool first")
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(f"not valid rdfxml: {xml.parsers.expat.errors.messages[exc.code]}",
                         path=path, line=exc.lineno) from None


_ENTITY = re.compile(rb"<!ENTITY\b")


def suffix_format(path: Path) -> str | None:
    """The RDF format a file's suffix names (``.ttl``, and the format names and their aliases:
    ``.turtle``, ``.jsonld``, ``.json-ld`` ...), or None: what `export -o` writes, `--data` reads."""
    suffix = path.suffix.lower()
    name = SUFFIXES.get(suffix) or ALIASES.get(suffix[1:], suffix[1:])
    return name if name in RDF_FORMATS else None


def file_format(path: Path) -> str:
    fmt = suffix_format(path)
    if fmt is None and path.is_dir():
        raise InputError("is a folder, not an RDF file", path=path,
                         hint="give the files themselves, e.g. --data DIR/*.ttl")
    if fmt is None:
        known = sorted({*SUFFIXES, *(f".{n}" for n in (*RDF_FORMATS, *ALIASES))})
        raise InputError(f"cannot tell the RDF format from the suffix {path.suffix!r}", path=path,
                         hint=f"use one of {', '.join(known)}")
    return fmt


