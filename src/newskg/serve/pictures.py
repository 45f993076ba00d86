"""GET /plot/KIND.svg (or .png): the pictures of `newskg plot`, drawn from the served store.

Query parameters as the command's options: ``article=SLUG``, ``from=YYYY-MM-DD``,
``to=YYYY-MM-DD``, ``drafts=true``. A mark links to the query page's view of the report or
instance it shows (its own page, `newskg.serve.addresses`), so following it stays on this server. Pictures are drawn
on Starlette's thread pool (matplotlib without pyplot), from the store the served build's query
runner holds.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from newskg.errors import NewskgError
from newskg.plot.render import KINDS, PlotRequest, filters_from, plot
from newskg.serve.addresses import path_of_iri
from newskg.serve.endpoint import SparqlEndpoint
from newskg.serve.evaluate import Answer
from newskg.serve.params import read_params
from newskg.serve.protocol import drafts_flag
from newskg.store.engines import OxigraphStore

MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def page_link(iri: str) -> str:
    """Where a mark links when served: the IRI's own page on this server (its dereferenced
    address), else the query page showing everything about it."""
    return path_of_iri(iri) or "/?resource=" + quote(iri, safe="")


class Pictures:
    """The /plot/{name} handler over the build served now: the store its query runner holds open
    (the one /sparql, /named and the resource pages read), not a store opened again by its path,
    which a build folder moved or removed meanwhile would no longer have."""

    def __init__(self, sparql: SparqlEndpoint) -> None:
        self.sparql = sparql

    async def picture(self, request: Request) -> Response:
        kind, _, fmt = request.path_params["name"].partition(".")
        if kind not in KINDS or fmt not in MEDIA_TYPES:
            return Response(f"no picture {request.path_params['name']!r}; try "
                            f"{', '.join(f'/plot/{k}.svg' for k in KINDS)}\n", status_code=404,
                            media_type="text/plain")
        params = read_params(request, ("article", "from", "to", "drafts"))
        if isinstance(params, Answer):
            return Response(params.body, status_code=params.status, media_type=params.media_type)
        try:
            plot_request = PlotRequest(kind, filters_from(
                params.get("article"), params.get("from"), params.get("to"),
                drafts_flag(params.get("drafts"))), fmt, link=page_link)
            with self.sparql.runner.held_store() as store:  # one build for the whole picture
                picture = await run_in_threadpool(plot, OxigraphStore(store), plot_request)
        except NewskgError as exc:
            return Response(f"{exc}\n", status_code=400, media_type="text/plain")
        return Response(picture, media_type=MEDIA_TYPES[fmt], headers={"Cache-Control": "no-cache"})
