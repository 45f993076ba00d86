"""Publication of a build folder, atomic for its readers: they see the previous build or the new
one, never a mix of the two, whenever the build stops (an error, Ctrl-C, kill -9).

A build folder::

    build/
      current -> .releases/ID         the published build: one symbolic link, switched atomically
      .releases/ID/                   each build, complete: newskg.trig, newskg.ttl, validation.ttl
                                      (and validation.json), graphs/ and graphs.tsv (one TriG and
                                      one Turtle file per graph: newskg.publish.graph_files),
                                      store/, store-all/ (with the vocabularies), build.json,
                                      incremental.json (the current one, and the one before it)
      .staging-ID/                    a build being written (stale if its build was killed)
      newskg.trig -> current/newskg.trig   the paths people know, each through current
      newskg.ttl, validation.ttl, store, graphs    (likewise)
      .cache/                         validation, per-article and Wikidata caches (not part of a
                                      build; newskg.publish.article_cache)

`new_release` publishes: under a lock (one build publishes at a time), it removes stale staging
folders and the releases that are neither current nor held by a reader, gives the caller a staging
folder to write into, renames it to ``.releases/ID`` when the caller is done, and switches
``current`` by renaming a new symbolic link over it (rename is atomic). Killed before the switch,
the old build stays published and the leftovers are removed by the next build; killed after it,
the new build is published. The build replaced stays in ``.releases/`` until the next build, so a
reader that resolved it just before the switch can finish.

Readers resolve ``current`` once (`published_build`) and read every file from that one folder;
`newskg serve` also holds the release it serves (`newskg.serve.follow`), so that later builds
leave it in place until it has switched to the next. The links beside ``current`` keep the old paths working; each of
them is atomic on its own, so a program reading two of them while a build is switching should
resolve ``build/current`` first instead.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from newskg.errors import PublishError

CURRENT = "current"
RELEASES = ".releases"
STAGING_PREFIX = ".staging-"
LINK_PREFIX = ".current-"
LOCK_FILE = ".lock"  # in .releases/
BUILD_INFO = "build.json"  # in each release: when it was built, its triples per graph


def write_build_info(staging: Path, triples_per_graph: dict[str, int],
                     publisher: str | None = None) -> None:
    """``build.json`` in a release being written: its id (the release folder's name, known once it
    is published, so read from the folder), the time it was built, its triples per graph and the
    project's publisher (its newskg.toml), when it names one."""
    info: dict[str, Any] = {
        "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "triples": sum(triples_per_graph.values()), "graphs": triples_per_graph}
    if publisher:
        info["publisher"] = publisher
    (staging / BUILD_INFO).write_text(json.dumps(info, indent=1, sort_keys=True) + "\n",
                                      encoding="utf-8")


def read_build_info(release: Path) -> dict[str, Any]:
    """A release's ``build.json`` with its ``id`` (the folder's name); {} for a build made before."""
    try:
        info: dict[str, Any] = json.loads((release / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    return {"id": release.resolve().name, **info}


def published_build(build_dir: Path) -> Path:
    """The folder readers read the build from: ``build_dir/current`` resolved once; ``build_dir``
    itself when nothing is published there yet, or for a build folder made before releases (and
    for a release folder given directly)."""
    try:
        target = os.readlink(build_dir / CURRENT)
    except OSError:  # no such link (or not a link)
        return build_dir
    return build_dir / target


@contextmanager
def holding_published_build(build_dir: Path) -> Iterator[Path]:
    """`published_build`, held while the block runs: a build that publishes meanwhile leaves it in
    place (a shared lock on the release folder, which the clean-up asks for exclusively)."""
    folder = published_build(build_dir)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        fd = -1  # not built (the caller says so)
    if fd < 0:
        yield folder
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield folder
    finally:
        os.close(fd)


@contextmanager
def new_release(build_dir: Path, names: Sequence[str]) -> Iterator[Path]:
    """A staging folder for the caller to write a whole build into; published when the block ends
    without an error (see the module doc), removed when it raises. ``names`` are the outputs that
    get a link ``build_dir/NAME -> current/NAME``."""
    build_dir.mkdir(parents=True, exist_ok=True)
    releases = build_dir / RELEASES
    first = not releases.exists()  # nothing was ever published here
    releases.mkdir(exist_ok=True)
    with _publishing(releases / LOCK_FILE):
        remove_stale(build_dir)
        release = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ-") + _random_hex(3)
        staging = build_dir / f"{STAGING_PREFIX}{release}"
        staging.mkdir()
        try:
            yield staging
            os.rename(staging, releases / release)
        except BaseException:
            _remove_tree(staging)
            if first:  # the folder is left as it was: no releases folder of a failed first build
                with suppress(OSError):
                    (releases / LOCK_FILE).unlink()
                    releases.rmdir()
            raise
        switch_current(build_dir, f"{RELEASES}/{release}")
        link_known_paths(build_dir, names)


@contextmanager
def _publishing(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+b") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{lock_path.parent.parent}: another newskg build is publishing "
                               "into this folder; wait for it to finish") from None
        yield


def switch_current(build_dir: Path, target: str) -> None:
    """Point ``build_dir/current`` at ``target`` atomically: a new link renamed over the old."""
    temporary = build_dir / f"{LINK_PREFIX}{_random_hex(4)}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, build_dir / CURRENT)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise PublishError(f"{build_dir / CURRENT}: cannot switch it to the new build "
                           f"({exc.strerror}); it must be newskg's link (move anything else "
                           "away)") from None


def link_known_paths(build_dir: Path, names: Sequence[str]) -> None:
    """Make ``build_dir/NAME`` a link to ``current/NAME`` for each name that is not one yet.

    A build folder from before releases has the outputs themselves there: a file is replaced by
    its link atomically; a folder (the store) is first moved aside as stale staging (removed by
    the next build), so its path is missing for an instant, once."""
    for name in names:
        path, target = build_dir / name, f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        if path.is_dir() and not path.is_symlink():
            os.rename(path, build_dir / f"{STAGING_PREFIX}before-releases-{name}")
        temporary = build_dir / f"{LINK_PREFIX}{name}-{_random_hex(4)}"
        os.symlink(target, temporary)
        os.replace(temporary, path)


def remove_stale(build_dir: Path) -> list[Path]:
    """Remove what killed or finished builds left: staging folders, temporary links, and the
    releases other than the current one that no reader holds. Call with the publishing lock.
    Returns what was removed."""
    current = published_build(build_dir)
    removed = []
    for path in sorted(build_dir.iterdir()):
        if path.name.startswith(LINK_PREFIX):
            path.unlink(missing_ok=True)
            removed.append(path)
        elif path.name.startswith(STAGING_PREFIX):
            _remove_tree(path)
            removed.append(path)
    for release in sorted((build_dir / RELEASES).iterdir()):
        if release.name.startswith(".") or release == current or not _unheld(release):
            continue
        _remove_tree(release)
        removed.append(release)
    return removed


def _unheld(release: Path) -> bool:
    """Whether no reader holds ``release`` (see `holding_published_build`)."""
    try:
        fd = os.open(release, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return True  # not a folder: stale all the same
    try:
        with suppress(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        return False
    finally:
        os.close(fd)


def _random_hex(size: int) -> str:
    """``size`` random bytes in hex (as secrets.token_hex, whose import costs a cold `newskg query`
    about 3 ms: it reads the published build through this module)."""
    return os.urandom(size).hex()


def _remove_tree(path: Path) -> None:
    import shutil  # only when a build publishes: readers (a cold `newskg query`) never need it

    shutil.rmtree(path, ignore_errors=True)
