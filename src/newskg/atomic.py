"""Files written whole or not at all: a temporary file beside the target, then one rename; and
sealed files (`sealed`/`opened`): a pickled value behind a format line and the payload's SHA-256,
trusted only when both check out (the build's caches)."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newskg.errors import InputError

_DESCRIPTOR = re.compile(r"^/(?:dev/fd|proc/self/fd)/(\d+)$")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def open_descriptor(path: Path) -> int | None:
    """The descriptor of this process that ``path`` names (``/dev/stdout``: 1, ``/dev/fd/N``,
    ``/proc/self/fd/N``), or None. Such a path is written through its descriptor: opening it again
    would truncate a file the shell redirected to (``>> log``), or renaming over it would replace
    that file, losing what it held."""
    text = str(path)
    if text in _STANDARD:
        return _STANDARD[text]
    found = _DESCRIPTOR.match(text)
    return int(found.group(1)) if found else None


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place; a path that
    names an open descriptor (``-o /dev/stdout``) is written through it."""
    descriptor = open_descriptor(path)
    if descriptor is not None:
        if descriptor == 1:
            sys.stdout.flush()  # what was printed before comes first
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
        return
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write (by any writer, streaming), renamed into place when
    the block ends without an error; removed otherwise. A folder at ``path`` is an InputError
    (nothing is written).

    A symbolic link is followed: its target is replaced, the link stays (as ``cp`` and shells'
    ``>`` write through one). A device, a named pipe or a socket (``-o /dev/stdout``, ``-o
    /dev/null``) cannot be replaced by a rename without destroying it: the writer writes into it
    directly."""
    if path.is_dir():
        raise InputError("is a folder; give the name of a file to write", path=path)
    if path.exists() and not path.is_file():  # (stat follows links: /dev/stdout -> a pipe, whose
        yield path  # /proc name resolves to no path) a device, a pipe or a socket: no rename
        return
    if path.is_symlink():
        link, path = path, path.resolve()  # (a dangling link: its target is created)
        if path.is_dir():
            raise InputError("is a folder; give the name of a file to write", path=path)
        if not path.parent.is_dir():
            raise InputError(f"links to {path}, whose folder does not exist", path=link,
                             hint=f"create it first (mkdir -p {path.parent}), or write elsewhere")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        exc.filename = str(path)  # (a read-only folder: the file the user named, not ours)
        raise
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno is not None and exc.filename in (None, name):
            exc.filename = str(path)  # a full disk while writing: say which file it was
        raise


def user_output(path: Path) -> Path:
    """A file the user named to write (--output, -o): its folder must exist, as `cp` and `curl -o`
    expect; a mistyped folder is an error naming it (exit 2), not a new folder somewhere
    unexpected. Returns ``path``."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder", path=path,
                         hint="choose a folder to write into")
    if not folder.is_dir():
        raise InputError(f"the folder {folder} does not exist", path=path,
                         hint=f"create it first (mkdir -p {folder}), or check the path")
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sealed(magic: bytes, value: object) -> tuple[bytes, str]:
    """The file's bytes for ``value`` (format line, digest, payload) and the digest."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    digest = hashlib.sha256(payload).hexdigest()
    return magic + digest.encode() + b"\n" + payload, digest


def opened(magic: bytes, path: Path | str) -> Any:
    """The value sealed in ``path``, or None when it is missing or does not check out."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    head, checksum, payload = data[:len(magic)], data[len(magic):len(magic) + 64], \
        data[len(magic) + 65:]
    if head != magic or hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 (a payload from another version of the classes)
        return None
