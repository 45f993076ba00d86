"""A server that follows the build: `newskg build` publishes, `newskg serve` switches to it.

Publication switches one link, ``build/current`` (`newskg.publish.releases`): a release is complete
before the link points to it. Before each request the app asks `FollowedBuild.check` whether the
link still points to the release it serves (one ``readlink``, at most every `CHECK_SECONDS`).
When it has moved, the new release is held (so that later builds leave it in place), its stores
are opened with a fresh `QueryRunner`, and the endpoint switches to it at once: requests that
arrive from then on are answered from the new build. A request under way keeps the runner it began
with (each route takes the runner once), so no answer mixes two builds; the old runner's threads
finish the queries queued to them, then end, and the old release is let go.

Each server process follows on its own; a release that cannot be opened (removed meanwhile, or
not a newskg build) is skipped with a warning and the server goes on with the one it has.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newskg.errors import StoreMissingError
from newskg.publish.releases import CURRENT, read_build_info
from newskg.serve.runner import QueryRunner

CHECK_SECONDS = 0.05  # the link is read at most this often
DRAIN_SECONDS = 0.1  # how often a retired runner is asked whether its queries are done
LOG = logging.getLogger("uvicorn.error")


@dataclass
class Served:
    """One build being served: its folder, what build.json says, its runner, the hold on it."""

    folder: Path
    info: dict[str, Any]
    runner: QueryRunner
    hold: int  # a file descriptor with a shared lock on the release folder; -1: none


def hold(folder: Path) -> int:
    """A shared lock on a release folder (`newskg.publish.releases.holding_published_build`)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return -1
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


def release(fd: int) -> None:
    if fd >= 0:
        os.close(fd)


class FollowedBuild:
    """The build a server process answers from, switched when a new one is published."""

    def __init__(self, build_dir: Path, make_runner: Callable[[Path], QueryRunner],
                 on_switch: Callable[[Served], None]) -> None:
        self.build_dir = build_dir
        self.make_runner = make_runner
        self.on_switch = on_switch
        self._link = build_dir / CURRENT
        self.target = self._read_link()  # None: not a release folder (nothing to follow)
        folder = build_dir / self.target if self.target is not None else build_dir
        self.served = self._open(folder)
        self._checked = time.monotonic()
        self.switches = 0

    def _read_link(self) -> str | None:
        try:
            return os.readlink(self._link)
        except OSError:
            return None

    def _open(self, folder: Path) -> Served:
        fd = hold(folder)
        store = folder / "store"
        if not store.is_dir():
            release(fd)
            raise StoreMissingError(f"{store}: no built store here; run 'newskg build' first")
        return Served(folder, read_build_info(folder), self.make_runner(store), fd)

    def check(self) -> None:
        """Switch to the published build if it is not the one served (call between requests)."""
        if self.target is None:
            return
        now = time.monotonic()
        if now - self._checked < CHECK_SECONDS:
            return
        self._checked = now
        target = self._read_link()
        if target is None or target == self.target:
            return
        try:
            fresh = self._open(self.build_dir / target)
            fresh.runner.start()
        except (OSError, StoreMissingError) as exc:
            LOG.warning("newskg serve: the new build %s cannot be opened (%s); still serving %s",
                        target, exc, self.served.folder.name)
            self.target = target  # not retried until the link moves again
            return
        old, self.served, self.target = self.served, fresh, target
        self.switches += 1
        self.on_switch(fresh)
        asyncio.get_running_loop().create_task(self._retire(old))

    async def _retire(self, old: Served) -> None:
        """Stop the old runner once the queries handed to it are answered, then let go of it."""
        while old.runner.pending:
            await asyncio.sleep(DRAIN_SECONDS)
        old.runner.stop()
        release(old.hold)

    def close(self) -> None:
        self.served.runner.stop()
        release(self.served.hold)
