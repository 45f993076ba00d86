"""An append-only temporary file of byte blocks, read back by offset: what a build keeps on disk
instead of in memory (each named graph's sorted N-Quads, each validation unit's N-Triples), so its
memory does not grow with the corpus.

Blocks are written unbuffered (one ``os.write`` a block) and read with ``os.pread``, which does not
move a shared file position: processes forked from the writer (validation workers) read the same
file safely. The file is removed when the spool is closed or garbage-collected.
"""

from __future__ import annotations

import io
import os
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

READ_CHUNK = 1 << 16


class Spool:
    """Blocks of bytes appended to a temporary file in ``directory`` (the system's by default)."""

    def __init__(self, directory: Path | None = None, suffix: str = "") -> None:
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        where = Path(directory or tempfile.gettempdir())
        if where not in _CLEANED:
            _CLEANED.add(where)
            remove_stale(where)
        fd, name = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-", suffix=suffix, dir=where)
        self.fd = fd
        self.path = Path(name)
        self.size = 0
        self._closer = weakref.finalize(self, _remove, fd, name, os.getpid())

    def append(self, data: bytes) -> tuple[int, int]:
        """Write ``data`` at the end; its (offset, length)."""
        offset, view = self.size, memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        self.size += len(data)
        return offset, len(data)

    def read(self, offset: int, length: int) -> bytes:
        data = os.pread(self.fd, length, offset)
        if len(data) < length:  # a short read is possible on any file: finish it
            parts = [data]
            while length > sum(map(len, parts)):
                done = sum(map(len, parts))
                more = os.pread(self.fd, length - done, offset + done)
                if not more:
                    raise OSError(f"{self.path}: block at {offset} is cut short")
                parts.append(more)
            data = b"".join(parts)
        return data

    def chunks(self, offset: int, length: int, size: int = READ_CHUNK) -> Iterator[bytes]:
        """A block in pieces of at most ``size`` bytes (a large block is not read whole)."""
        end = offset + length
        while offset < end:
            piece = self.read(offset, min(size, end - offset))
            offset += len(piece)
            yield piece

    def close(self) -> None:
        self._closer()


PREFIX = ".newskg-spool-"
_CLEANED: set[Path] = set()  # folders whose stale spools this process has removed


def remove_stale(directory: Path) -> None:
    """Remove the spool files that processes no longer running left in ``directory`` (a build
    killed with SIGKILL cannot remove its own)."""
    for path in directory.glob(f"{PREFIX}*"):
        pid = path.name[len(PREFIX):].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(fd: int, name: str, owner: int) -> None:
    os.close(fd)
    if os.getpid() == owner:  # not in a forked worker: the file is its parent's
        Path(name).unlink(missing_ok=True)


class ChunkReader(io.RawIOBase):
    """A binary file object over an iterable of byte chunks (for parsers that read a file)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._left:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._left = memoryview(chunk)
        count = min(len(buffer), len(self._left))
        buffer[:count] = self._left[:count]
        self._left = self._left[count:]
        return count


def reader(chunks: Iterable[bytes]) -> io.BufferedReader:
    return io.BufferedReader(ChunkReader(chunks), buffer_size=READ_CHUNK)
