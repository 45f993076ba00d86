"""GET /plot/KIND.svg (or .png): the pictures of `newskg plot`, drawn from the served store.

Query parameters as the command's options: ``article=SLUG``, ``from=YYYY-MM-DD``,
``to=YYYY-MM-DD``, ``drafts=true``. A mark links to the query page's view of the report or
instance it shows (``/?resource=IRI``), so following it stays on this server. Pictures are drawn
on Starlette's thread pool (matplotlib without pyplot), from the store opened read-only once.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from newskg.errors import NewskgError
from newskg.plot.render import KINDS, PlotRequest, filters_from, plot
from newskg.store.engines import OxigraphStore

MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def page_link(iri: str) -> str:
    """Where a mark links when served: the query page showing everything about the IRI."""
    return "/?resource=" + quote(iri, safe="")


class Pictures:
    """The /plot/{name} handler over the store at ``store_path``."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._store: OxigraphStore | None = None
        self._lock = threading.Lock()

    def store(self) -> OxigraphStore:
        with self._lock:
            if self._store is None:
                self._store = OxigraphStore.open(self.store_path)
            return self._store

    async def picture(self, request: Request) -> Response:
        from newskg.serve.app import drafts_flag

        kind, _, fmt = request.path_params["name"].partition(".")
        if kind not in KINDS or fmt not in MEDIA_TYPES:
            return Response(f"no picture {request.path_params['name']!r}; try "
                            f"{', '.join(f'/plot/{k}.svg' for k in KINDS)}\n", status_code=404,
                            media_type="text/plain")
        params = request.query_params
        try:
            plot_request = PlotRequest(kind, filters_from(
                params.get("article"), params.get("from"), params.get("to"),
                drafts_flag(params.get("drafts"))), fmt, link=page_link)
            picture = await run_in_threadpool(plot, self.store(), plot_request)
        except NewskgError as exc:
            return Response(f"{exc}\n", status_code=400, media_type="text/plain")
        return Response(picture, media_type=MEDIA_TYPES[fmt], headers={"Cache-Control": "no-cache"})
