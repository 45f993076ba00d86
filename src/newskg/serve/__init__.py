"""`newskg serve`: a read-only SPARQL 1.1 Protocol endpoint and query page over the built store.

`create_app` builds the ASGI application (tested in-process and over a socket); `serve` runs it in
several uvicorn server processes (`newskg.serve.supervisor`). Starlette and uvicorn are imported
here only, never by a cold `newskg query`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from newskg.serve.app import create_app
from newskg.serve.hosts import allowed_hosts
from newskg.serve.http import ClientLimits
from newskg.serve.supervisor import ServeSettings
from newskg.serve.supervisor import serve as serve_processes
from newskg.store.shape import MAX_DEPTH

__all__ = ["create_app", "serve"]


def serve(build_dir: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          max_results: int = 100_000, max_query_depth: int = MAX_DEPTH, cors: str | None = None,
          allow_service: bool = False, allow_hosts: Sequence[str] = (),
          client_timeout: float = ClientLimits.timeout, processes: int | None = None,
          on_listening: Callable[[str], None] | None = None) -> None:
    """Serve the endpoint until interrupted (Ctrl-C); ``on_listening(url)`` once it listens."""
    settings = ServeSettings(build_dir, timeout=timeout, max_results=max_results,
                             max_query_depth=max_query_depth, cors=cors,
                             allow_service=allow_service,
                             allowed_hosts=allowed_hosts(host, allow_hosts),
                             client=ClientLimits(timeout=client_timeout))
    serve_processes(settings, host=host, port=port, processes=processes,
                    on_listening=on_listening)
