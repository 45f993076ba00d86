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

import errno
import logging
import os
import signal
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newskg.errors import ServeError, StoreMissingError
from newskg.publish.releases import published_build
from newskg.serve.app import ASGIApp, create_app
from newskg.serve.http import ClientLimits, GuardedHttpToolsProtocol
from newskg.store.engines import OxigraphStore
from newskg.store.shape import MAX_DEPTH


@dataclass(frozen=True)
class ServeSettings:
    """What each server process needs to make its app (pickled to the spawned children)."""

    build_dir: Path
    timeout: float = 10.0
    max_results: int = 100_000
    max_query_depth: int = MAX_DEPTH
    cors: str | None = None
    allow_service: bool = False
    allowed_hosts: frozenset[str] | None = None  # None: any (see newskg.serve.hosts)
    threads: int = 4
    cache: bool = True
    client: ClientLimits = field(default_factory=ClientLimits)


def app_in_server_process(settings: ServeSettings) -> ASGIApp:
    """The app factory each server process calls (uvicorn ``factory=True``)."""
    return create_app(settings.build_dir, timeout=settings.timeout,
                      max_results=settings.max_results, max_query_depth=settings.max_query_depth,
                      cors=settings.cors, allow_service=settings.allow_service,
                      allowed_hosts=settings.allowed_hosts, threads=settings.threads,
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
          processes: int | None = None, on_listening: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl-C): ``processes`` server processes sharing one socket.

    ``on_listening`` is called with the base URL once the socket is bound (before that, a bad
    address or a port in use is a `ServeError`).
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    store = published_build(settings.build_dir) / "store"
    if not store.is_dir():
        raise StoreMissingError(f"{store}: no built store here; run 'newskg build' first")
    OxigraphStore.open(store)  # a store the server processes could not open is refused here
    # each server process holds the build it serves, and follows the next (newskg.serve.follow)
    sock = listening_socket(host, port)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        partial(app_in_server_process, settings), factory=True, host=host, port=port,
        workers=processes or default_processes(), log_level="warning", access_log=False,
        http=partial(GuardedHttpToolsProtocol, limits=settings.client),  # type: ignore[arg-type]
        # a retiring process waits this long for its requests under way (each at most timeout)
        timeout_graceful_shutdown=int(settings.timeout) + 5)
    if on_listening is not None:
        on_listening(f"http://{f'[{host}]' if ':' in host else host}:{port}")
    Multiprocess(config, sockets=[sock]).run()


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` for the server processes to share."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn: restart at once
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is already in use (another newskg serve?); "
                             "stop that server or choose another with --port") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; check --host "
                         "and --port") from None
    except (OverflowError, socket.gaierror) as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port}: {exc}; check --host and --port") \
            from None
    sock.set_inheritable(True)
    return sock
