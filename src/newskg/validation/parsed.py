"""The shapes and ontology files parsed once per process, and across processes from a pickle.

Parsing the Turtle with rdflib costs about 0.2 s a file, more than validating one changed article
with pyshacl-turbo; a build keeps the parsed graphs pickled in its cache (`remember_parsed_in`),
by a digest of the file's bytes and rdflib's version, and loads them in a tenth of the time.
"""

from __future__ import annotations

import hashlib
import stat
from contextlib import suppress
from pathlib import Path
from typing import Any

from rdflib import Graph

from newskg.atomic import atomic_write, opened, sealed
from newskg.errors import InputError

# (path, mtime, size) -> the graph parsed from it: a build reads the ontology in three places and the
# shapes in two (0.07 s a parse, more than validating one changed article with pyshacl-turbo), and
# one shapes graph object lets `_COMPILED` keep its compiled shapes across calls.
_PARSED: dict[tuple[str, int, int], Graph] = {}
# Across processes: the parsed graphs pickled in a folder (`remember_parsed_in`; a build's cache),
# by a digest of the file's bytes and rdflib's version: loading the pickle takes a tenth of the
# time of parsing the Turtle (about 0.4 s of a one-article build for the shapes and ontology).
_PICKLED: dict[str, Any] = {"folder": None, "pending": {}}
_PICKLE_FORMAT = b"newskg parsed graph v2\n"  # v2: sealed as the build's caches are


def remember_parsed_in(folder: Path | None) -> None:
    """Keep the shapes and ontology parsed, pickled, in ``folder`` (None: not kept). The files
    are written by `write_parsed`, once the caller is done (a build: once published)."""
    _PICKLED["folder"] = folder
    _PICKLED["pending"] = {}


def write_parsed() -> None:
    """Write the parsed graphs that were parsed (not found) since `remember_parsed_in`.

    Only a cache, written after the build is published: a file it cannot write (a full disk, a
    read-only folder) is left out, and the next build parses the Turtle again. It must not turn
    a published build into a failed command."""
    pending: dict[Path, bytes] = _PICKLED["pending"]
    for path, data in pending.items():
        with suppress(OSError):
            atomic_write(path, data)
    pending.clear()


def parse(path: Path, what: str) -> Graph:
    """The Turtle file parsed once per process (again when it changes on disk). The graph is
    shared: callers read it and never add to it or remove from it."""
    try:
        found = path.stat()
    except OSError:
        found = None
    if found is None or not stat.S_ISREG(found.st_mode):
        raise InputError(f"the {what} file is missing", path=path,
                         hint="the installation is incomplete: reinstall newskg (from a checkout, the "
                         "top-level ontology/ and shapes/ folders must be there)")
    key = (str(path), found.st_mtime_ns, found.st_size)
    graph = _PARSED.get(key)
    if graph is None:
        pickled = _pickled_path(path)
        graph = _load(pickled)
        if graph is None:
            graph = Graph().parse(path, format="turtle")
            if pickled is not None and not pickled.exists():  # written by `write_parsed`
                _PICKLED["pending"][pickled] = sealed(_PICKLE_FORMAT, graph)[0]
        _PARSED[key] = graph
    return graph


def _pickled_path(path: Path) -> Path | None:
    import rdflib

    folder = _PICKLED["folder"]
    if folder is None:
        return None
    digest = hashlib.sha256(_PICKLE_FORMAT + rdflib.__version__.encode() + b"\0"
                            + path.read_bytes())
    return Path(folder) / digest.hexdigest()


def _unpickled(path: Path) -> Graph | None:
    """The graph parsed from ``path`` before, when a sound pickle of it is kept."""
    return _load(_pickled_path(path))


def _load(pickled: Path | None) -> Graph | None:
    graph = opened(_PICKLE_FORMAT, pickled) if pickled is not None else None
    return graph if isinstance(graph, Graph) else None
