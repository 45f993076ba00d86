"""The built dataset as sorted N-Triples lines per named graph, and what is made from them.

Lines sort as the quads they stand for (graph, then subject, predicate, object strings: the order
of export.sort_quads), so the N-Quads text is written in output order without making a pyoxigraph
quad per triple; pyoxigraph parses that text once for TriG and Turtle and bulk-loads it into the
store (in a thread: its loader runs in Rust without the GIL, beside the serialisations).
"""

from __future__ import annotations

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

    def start_store(self, path: Path, pool: ThreadPoolExecutor,
                    then: Callable[[ox.Store], None] | None = None) -> Future[None]:
        """Bulk-load an on-disk Oxigraph store at ``path`` in ``pool`` (result() waits, raises);
        ``then(store)`` once it is loaded and flushed."""
        return pool.submit(_fill_store, path, self.nquads, then)


def _fill_store(path: Path, nquads: bytes, then: Callable[[ox.Store], None] | None) -> None:
    store = ox.Store(str(path))
    store.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    if then is not None:
        then(store)
    del store
