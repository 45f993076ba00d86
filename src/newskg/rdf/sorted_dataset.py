"""The built dataset as sorted N-Triples lines per named graph, and what is made from them.

Lines sort as the quads they stand for (graph, then subject, predicate, object strings: the order
of export.sort_quads), so the N-Quads text is written in output order without making a pyoxigraph
quad per triple; pyoxigraph parses that text once for TriG and Turtle and bulk-loads it into the
store (in a thread: its loader runs in Rust without the GIL, beside the serialisations).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from newskg.atomic import atomic_write
from newskg.rdf.ntriples import GraphTriples, Triple
from newskg.rdf.prefixes import PREFIXES


class SortedDataset:
    """Named graphs (IRI -> triples), in output order."""

    def __init__(self, graphs: Mapping[str, GraphTriples]) -> None:
        # by the bracketed form, as the quads' strings sort ("<a-b>" before "<a>", "a" before "a-b")
        names = sorted(graphs, key=lambda name: f"<{name}>")
        self.triples: dict[str, set[Triple]] = {name: graphs[name].all() for name in names}

    def __len__(self) -> int:
        return sum(map(len, self.triples.values()))

    @cached_property
    def lines(self) -> dict[str, list[str]]:
        """Each graph's triples as sorted ``s p o`` lines."""
        return {name: sorted(map(" ".join, triples)) for name, triples in self.triples.items()}

    @cached_property
    def nquads(self) -> bytes:
        """The dataset as sorted N-Quads."""
        return "".join(f"{line} <{name}> .\n" for name, lines in self.lines.items()
                       for line in lines).encode("utf-8")

    def quads(self) -> list[ox.Quad]:
        """Sorted pyoxigraph quads (in export.sort_quads order)."""
        return list(ox.parse(input=self.nquads, format=ox.RdfFormat.N_QUADS))

    def union_ntriples(self) -> bytes:
        """The union of the graphs as sorted N-Triples, each triple once."""
        every = sorted(line for lines in self.lines.values() for line in lines)  # sorted runs
        return "".join(f"{line} .\n" for line in dict.fromkeys(every)).encode("utf-8")

    # -- outputs --------------------------------------------------------------------------------
    def write_trig(self, path: Path) -> None:
        quads = ox.parse(input=self.nquads, format=ox.RdfFormat.N_QUADS)
        atomic_write(path, ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b"")

    def write_turtle(self, path: Path) -> None:
        triples = ox.parse(input=self.union_ntriples(), format=ox.RdfFormat.N_TRIPLES)
        atomic_write(path, ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                        prefixes=PREFIXES) or b"")

    @cached_property
    def digests(self) -> dict[str, str]:
        """Each graph's digest: SHA-256 of its sorted lines (equal digests, equal graphs)."""
        return {name: hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
                for name, lines in self.lines.items()}

    def manifest(self) -> str:
        """``GRAPH-IRI<TAB>DIGEST<TAB>TRIPLES`` a line, in output order: what a release holds."""
        return "".join(f"{name}\t{digest}\t{len(self.triples[name])}\n"
                       for name, digest in self.digests.items())

    def start_store(self, path: Path, pool: ThreadPoolExecutor,
                    previous: tuple[Path, Mapping[str, str]] | None = None,
                    then: Callable[[ox.Store], None] | None = None) -> Future[str]:
        """Fill an on-disk Oxigraph store at ``path`` in ``pool`` (result() waits, raises, and
        says how: "bulk" or "updated N graphs").

        ``previous``: the store of the build before and its graphs' digests. When few graphs
        differ (`UPDATE_AT_MOST` of them), the previous store is copied as a checkpoint (its
        immutable files hard-linked, not copied) and only the graphs that changed, appeared or
        went away are replaced in the copy: no full reload. Otherwise it is bulk-loaded.
        ``then(store)`` once it is filled and flushed."""
        if previous is not None:
            store, digests = previous
            changed = [n for n, d in self.digests.items() if digests.get(n) != d]
            gone = [n for n in digests if n not in self.digests]
            if store.is_dir() and len(changed) + len(gone) <= max(
                    1, UPDATE_AT_MOST * len(self.digests)):
                nquads = "".join(f"{line} <{name}> .\n" for name in changed
                                 for line in self.lines[name]).encode("utf-8")
                return pool.submit(_update_store, store, path, [*changed, *gone], nquads, then)
        return pool.submit(_fill_store, path, self.nquads, then)


UPDATE_AT_MOST = 0.2  # the share of graphs changed up to which the previous store is updated


def _fill_store(path: Path, nquads: bytes, then: Callable[[ox.Store], None] | None) -> str:
    store = ox.Store(str(path))
    store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    if then is not None:
        then(store)
    del store
    return "bulk"


def _update_store(previous: Path, path: Path, replaced: list[str], nquads: bytes,
                  then: Callable[[ox.Store], None] | None) -> str:
    """A checkpoint of the previous store at ``path`` with the ``replaced`` graphs' quads
    replaced by ``nquads`` (the previous store is only read)."""
    ox.Store.read_only(str(previous)).backup(str(path))
    store = ox.Store(str(path))
    for name in replaced:
        store.remove_graph(ox.NamedNode(name))
    store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    if then is not None:
        then(store)
    del store
    return f"updated {len(replaced)} graphs"
