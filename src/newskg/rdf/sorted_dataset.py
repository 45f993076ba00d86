"""The built dataset: each named graph's triples as sorted N-Quads lines, kept on disk in a spool
(`newskg.spool`) rather than in memory, and what is made from them.

Lines sort as the quads they stand for (graph, then subject, predicate, object strings: the order
of export.sort_quads), so each graph is written once, in output order, as one block of N-Quads; the
dataset keeps per graph only where its block is, its size and its digest. A build's memory then
holds one graph at a time, whatever the size of the corpus: the TriG is parsed and written by
pyoxigraph straight from the spool file, the Turtle (the union of the graphs) is a merge of the
graphs' sorted runs read piece by piece, and the store is bulk-loaded from the spool file (in a
thread: its loader runs in Rust without the GIL, beside the serialisations).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import heapq
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.atomic import atomic_path
from newskg.errors import EnvironmentProblem
from newskg.rdf.ntriples import GraphTriples, Triple
from newskg.rdf.prefixes import PREFIXES
from newskg.spool import Spool, reader

LINES_PER_CHUNK = 4096  # lines joined into one piece when text is streamed to a parser


def graph_key(name: str) -> str:
    """The order of graphs: by the bracketed form, as the quads' strings sort ("<a-b>" before "<a>",
    "a" before "a-b")."""
    return f"<{name}>"


@dataclass(frozen=True)
class GraphBlock:
    """Where a graph's sorted N-Quads are in the spool, how many triples, and its digest."""

    offset: int
    length: int
    triples: int
    digest: str


class SortedDataset:
    """Named graphs (IRI -> triples), in output order, their lines in a spool file.

    ``SortedDataset(graphs)`` writes a mapping of graphs at once; a build adds graphs one at a time
    (`add`), in output order when it can (then the spool file is itself the sorted N-Quads).
    ``spool_dir``: where the spool file goes (the system's temporary folder by default).
    """

    def __init__(self, graphs: Mapping[str, GraphTriples | Iterable[Triple]] | None = None, *,
                 spool_dir: Path | None = None, feed: StreamedLoad | None = None) -> None:
        self.spool = Spool(spool_dir, suffix=".nq")
        self.feed = feed  # each graph's block is also sent there (a store loading meanwhile)
        self.blocks: dict[str, GraphBlock] = {}
        self.in_order = True  # the spool's blocks are in output order
        for name in sorted(graphs or {}, key=graph_key):
            self.add(name, (graphs or {})[name])

    def add(self, name: str, graph: GraphTriples | Iterable[Triple]) -> None:
        """Write graph ``name`` (new to this dataset) to the spool."""
        if name in self.blocks:
            raise ValueError(f"graph {name} is already in the dataset")
        if self.blocks and graph_key(name) < graph_key(next(reversed(self.blocks))):
            self.in_order = False
        triples = graph.all() if isinstance(graph, GraphTriples) else set(graph)
        lines = sorted(map(" ".join, triples))
        suffix = f" <{name}> .\n"
        data = (suffix.join(lines) + suffix).encode("utf-8") if lines else b""
        offset, length = self.spool.append(data)
        if self.feed is not None:
            self.feed.write(data)
        digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        self.blocks[name] = GraphBlock(offset, length, len(lines), digest)

    def __len__(self) -> int:
        return sum(block.triples for block in self.blocks.values())

    def names(self) -> list[str]:
        """The graphs' IRIs in output order."""
        names = list(self.blocks)
        return names if self.in_order else sorted(names, key=graph_key)

    # -- one graph ------------------------------------------------------------------------------
    def graph_nquads(self, name: str) -> bytes:
        block = self.blocks[name]
        return self.spool.read(block.offset, block.length)

    def graph_lines(self, name: str) -> list[str]:
        """A graph's sorted ``s p o`` lines (without the graph and the final `` .``)."""
        cut = len(name.encode("utf-8")) + 5  # " <NAME> ."
        return [line[:-cut].decode("utf-8") for line in self.graph_nquads(name).split(b"\n")[:-1]]

    def graph_triples(self, name: str) -> Iterator[Triple]:
        for line in self.graph_lines(name):
            s, p, o = line.split(" ", 2)  # subjects and predicates hold no space (IRIs, blank nodes)
            yield s, p, o

    def _streamed_lines(self, name: str) -> Iterator[bytes]:
        """A graph's lines as UTF-8, read piece by piece (many graphs are merged at once: see
        union_lines; UTF-8 bytes sort as the strings do, by code point)."""
        block = self.blocks[name]
        cut, rest = len(name.encode("utf-8")) + 5, b""
        for piece in self.spool.chunks(block.offset, block.length):
            *whole, rest = (rest + piece).split(b"\n")
            for line in whole:
                yield line[:-cut]

    # -- the whole dataset ----------------------------------------------------------------------
    @property
    def sizes(self) -> dict[str, int]:
        """Triples per graph, in output order."""
        return {name: self.blocks[name].triples for name in self.names()}

    @property
    def digests(self) -> dict[str, str]:
        """Each graph's digest, in output order: SHA-256 of its sorted lines (equal digests,
        equal graphs)."""
        return {name: self.blocks[name].digest for name in self.names()}

    @property
    def lines(self) -> dict[str, list[str]]:
        """Each graph's sorted lines, all in memory (for small datasets and tests)."""
        return {name: self.graph_lines(name) for name in self.names()}

    def nquads_chunks(self, names: Iterable[str] | None = None) -> Iterator[bytes]:
        """The N-Quads of ``names`` (all graphs by default), in output order, piece by piece."""
        for name in self.names() if names is None else names:
            block = self.blocks[name]
            yield from self.spool.chunks(block.offset, block.length)

    @property
    def nquads(self) -> bytes:
        """The dataset as sorted N-Quads, in memory (for small datasets and tests)."""
        return b"".join(self.nquads_chunks())

    def parse_nquads(self) -> Iterator[ox.Quad]:
        """The quads parsed by pyoxigraph from the spool, in output order, streamed."""
        if self.in_order:
            return ox.parse(path=str(self.spool.path), format=ox.RdfFormat.N_QUADS)
        return ox.parse(input=reader(self.nquads_chunks()), format=ox.RdfFormat.N_QUADS)

    def quads(self) -> list[ox.Quad]:
        """Sorted pyoxigraph quads (in export.sort_quads order)."""
        return list(self.parse_nquads())

    def union_lines(self) -> Iterator[bytes]:
        """The union of the graphs as sorted lines (UTF-8), each once: a merge of the graphs'
        sorted runs, each read piece by piece."""
        previous = None
        for line in heapq.merge(*(self._streamed_lines(name) for name in self.names())):
            if line != previous:
                yield line
                previous = line

    def union_chunks(self) -> Iterator[bytes]:
        batch: list[bytes] = []
        for line in self.union_lines():
            batch.append(line)
            if len(batch) == LINES_PER_CHUNK:
                yield b" .\n".join(batch) + b" .\n"
                batch = []
        if batch:
            yield b" .\n".join(batch) + b" .\n"

    def union_ntriples(self) -> bytes:
        """The union of the graphs as sorted N-Triples, each triple once, in memory."""
        return b"".join(self.union_chunks())

    # -- outputs --------------------------------------------------------------------------------
    def write_nquads(self, path: Path) -> None:
        with atomic_path(path) as tmp, tmp.open("wb") as out:
            for chunk in self.nquads_chunks():
                out.write(chunk)

    def write_trig(self, path: Path) -> None:
        with atomic_path(path) as tmp:
            ox.serialize(self.parse_nquads(), str(tmp), format=ox.RdfFormat.TRIG,
                         prefixes=PREFIXES)

    def write_turtle(self, path: Path) -> None:
        triples = ox.parse(input=reader(self.union_chunks()), format=ox.RdfFormat.N_TRIPLES)
        with atomic_path(path) as tmp:
            ox.serialize(triples, str(tmp), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)

    def manifest(self) -> str:
        """``GRAPH-IRI<TAB>DIGEST<TAB>TRIPLES`` a line, in output order (a release's graphs.tsv
        adds each graph's file name: `newskg.publish.graph_files`)."""
        return "".join(f"{name}\t{self.blocks[name].digest}\t{self.blocks[name].triples}\n"
                       for name in self.names())

    def start_store(self, path: Path, pool: ThreadPoolExecutor,
                    previous: tuple[Path, Mapping[str, str]] | None = None,
                    then: Callable[[ox.Store], None] | None = None) -> Future[str]:
        """Fill an on-disk Oxigraph store at ``path`` in ``pool`` (result() waits, raises, and
        says how: "bulk" or "updated N graphs").

        ``previous``: the store of the build before and its graphs' digests. When few graphs
        differ (`UPDATE_AT_MOST` of them), the previous store is copied as a checkpoint (its
        immutable files hard-linked, not copied) and only the graphs that changed, appeared or
        went away are replaced in the copy: no full reload. Otherwise it is bulk-loaded from the
        spool file (in any order: the store does not care). ``then(store)`` once it is filled and
        flushed."""
        if previous is not None:
            store, digests = previous
            mine = self.digests
            changed = [n for n, d in mine.items() if digests.get(n) != d]
            gone = [n for n in digests if n not in mine]
            if store.is_dir() and len(changed) + len(gone) <= max(1, UPDATE_AT_MOST * len(mine)):
                nquads = b"".join(self.nquads_chunks(changed))
                return pool.submit(_update_store, store, path, [*changed, *gone], nquads, then,
                                   self.spool.path)
        return pool.submit(_fill_store, path, self.spool.path, then)


UPDATE_AT_MOST = 0.2  # the share of graphs changed up to which the previous store is updated


class StreamedLoad:
    """An on-disk Oxigraph store at ``path`` bulk-loaded, in ``pool``, from N-Quads as they are
    written (`write`), through a named pipe: the loader reads in Rust without the GIL while the
    graphs are made, so the two overlap. `result()` ends the input and waits for the store.

    For a cold build (no store to update): the store is filled before validation and published
    only if the build is, like every output (`newskg.publish.build`)."""

    def __init__(self, path: Path, pool: ThreadPoolExecutor) -> None:
        self.path = path
        self._folder = Path(tempfile.mkdtemp(prefix=".newskg-feed-"))
        pipe = self._folder / "quads.nq"
        os.mkfifo(pipe)
        self._future = pool.submit(_fill_store, path, pipe, None)
        self._fd: int | None = None
        try:
            self._fd = self._open(pipe)
        except BaseException:
            self._end()
            raise

    def _open(self, pipe: Path) -> int:
        """The pipe's writing end, once the loader has opened it (its error, if it failed first)."""
        while True:
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                if self._future.done():
                    self._future.result()
                    raise RuntimeError("the store's loader ended before reading") from None
                time.sleep(0.002)
                continue
            os.set_blocking(fd, True)
            return fd

    def write(self, data: bytes) -> None:
        assert self._fd is not None, "the feed has ended"
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except BrokenPipeError:  # the loader stopped reading: its error says why
            self._end()
            self._future.result()
            raise

    def end_input(self) -> None:
        """No more N-Quads: the loader sorts and writes its last batch meanwhile (`result` waits)."""
        self._end()

    def _end(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        shutil.rmtree(self._folder, ignore_errors=True)

    def result(self) -> str:
        """End the input, wait for the store to be loaded and flushed (raises the loader's error)."""
        self._end()
        return self._future.result()

    def abandon(self) -> None:
        """End the input and wait for the loader, ignoring its error (the store is not used)."""
        self._end()
        with contextlib.suppress(Exception):
            self._future.result()

    def move_to(self, path: Path, pool: ThreadPoolExecutor,
                then: Callable[[ox.Store], None] | None = None) -> Future[str]:
        """Wait for the store, move it to ``path`` (same file system) and run ``then(store)`` on it
        in ``pool``; the future says "bulk", as `SortedDataset.start_store`'s."""
        self.result()
        os.rename(self.path, path)
        return pool.submit(_then, path, then)


def _then(path: Path, then: Callable[[ox.Store], None] | None) -> str:
    if then is not None:
        store = ox.Store(str(path))
        then(store)
        del store
    return "bulk"


def _fill_store(path: Path, nquads: Path, then: Callable[[ox.Store], None] | None) -> str:
    store = ox.Store(str(path))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    if then is not None:
        then(store)
    del store
    return "bulk"


def store_readable(path: Path) -> bool:
    """Whether the store at ``path`` opens (read-only): a damaged one is made again, not updated."""
    try:
        ox.Store.read_only(str(path))
    except (OSError, RuntimeError, ValueError) as exc:
        if EnvironmentProblem.of(exc) is not None:
            raise
        return False
    return True


def _update_store(previous: Path, path: Path, replaced: list[str], nquads: bytes,
                  then: Callable[[ox.Store], None] | None, spool: Path | None = None) -> str:
    """A checkpoint of the previous store at ``path`` with the ``replaced`` graphs' quads
    replaced by ``nquads`` (the previous store is only read). A previous store that cannot be
    read (a damaged file, another version's format) is not updated: the store is bulk-loaded
    from the ``spool`` file instead, as on a cold build."""
    try:
        ox.Store.read_only(str(previous)).backup(str(path))
    except (OSError, RuntimeError, ValueError) as exc:
        if EnvironmentProblem.of(exc) is not None or spool is None:
            raise  # a full disk, a refused folder: the machine's, said as such
        shutil.rmtree(path, ignore_errors=True)
        return _fill_store(path, spool, then) + " (the previous store could not be read)"
    store = ox.Store(str(path))
    for name in replaced:
        store.remove_graph(ox.NamedNode(name))
    store.load(input=nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    if then is not None:
        then(store)
    del store
    return f"updated {len(replaced)} graphs"
