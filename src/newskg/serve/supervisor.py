"""`newskg serve` as several server processes under uvicorn's supervisor, one per core by default.

The parent binds the socket and runs uvicorn's `Multiprocess` supervisor; each child process (spawned,
not forked) makes the app with `app_in_server_process`, opens the store read-only once, and
answers requests with queries in its own threads. The supervisor starts a fresh child whenever one
exits.

A child exits on purpose after a runaway query: pyoxigraph cannot cancel a running query, so
`retire_this_process` sends the process SIGTERM, which uvicorn handles as a graceful shutdown
(stop accepting, finish the requests under way, close the connections) before the signal's default
action ends the process, and the stuck query with it. Meanwhile the other processes go on
answering, and the supervisor replaces the retired one (within about a second).
"""

from __future__ import annotations

import logging
import os
import signal
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from newskg.errors import StoreMissingError
from newskg.publish import holding_published_build
from newskg.serve.app import ASGIApp, create_app
from newskg.serve.http import CoalescingHttpToolsProtocol


@dataclass(frozen=True)
class ServeSettings:
    """What each server process needs to make its app (pickled to the spawned children)."""

    build_dir: Path
    timeout: float = 10.0
    max_results: int = 100_000
    cors: str | None = None
    allow_service: bool = False
    threads: int = 4
    cache: bool = True


def app_in_server_process(settings: ServeSettings) -> ASGIApp:
    """The app factory each server process calls (uvicorn ``factory=True``)."""
    return create_app(settings.build_dir, timeout=settings.timeout,
                      max_results=settings.max_results, cors=settings.cors,
                      allow_service=settings.allow_service, threads=settings.threads,
                      cache=settings.cache, on_runaway=retire_this_process)


def retire_this_process() -> None:
    """Ask uvicorn to shut this process down gracefully; the signal then ends it for good."""
    logging.getLogger("uvicorn.error").warning(
        "newskg serve: a query ran past the time limit; server process %d retires (it finishes its "
        "other requests and exits, which stops the query); a fresh process takes its place",
        os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def serve(settings: ServeSettings, *, host: str = "127.0.0.1", port: int = 7878,
          processes: int | None = None) -> None:
    """Serve until interrupted (Ctrl-C): ``processes`` server processes sharing one socket."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    with holding_published_build(settings.build_dir) as build:  # every process serves this one
        store = build / "store"
        if not store.is_dir():
            raise StoreMissingError(f"{store}: no built store here; run 'newskg build' first")
        settings = replace(settings, build_dir=build)
        config = uvicorn.Config(
            partial(app_in_server_process, settings), factory=True, host=host, port=port,
            workers=processes or default_processes(), log_level="warning", access_log=False,
            http=CoalescingHttpToolsProtocol,
            # a retiring process waits this long for its requests under way (each at most timeout)
            timeout_graceful_shutdown=int(settings.timeout) + 5)
        Multiprocess(config, sockets=[config.bind_socket()]).run()
