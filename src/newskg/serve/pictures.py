"""GET /plot/KIND.svg (or .png): the pictures of `newskg plot`, drawn from the served store.

Query parameters as the command's options: ``article=SLUG``, ``from=YYYY-MM-DD``,
``to=YYYY-MM-DD``, ``drafts=true``. A mark links to the query page's view of the report or
instance it shows (its own page, `newskg.serve.addresses`), so following it stays on this server. Pictures are drawn
on Starlette's thread pool (matplotlib without pyplot), from the store the served build's query
runner holds. A picture bound by the endpoint's time limit (``serve --timeout``) as a query is: past
it, 503, and the drawing, which cannot be stopped, holds the store until it ends.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from newskg.errors import NewskgError
from newskg.plot.render import KINDS, PlotRequest, filters_from, plot
from newskg.serve.addresses import path_of_iri
from newskg.serve.endpoint import SparqlEndpoint, response_headers
from newskg.serve.evaluate import Answer
from newskg.serve.params import read_params
from newskg.serve.protocol import drafts_flag
from newskg.store.engines import OxigraphStore

MEDIA_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


def page_link(iri: str) -> str:
    """Where a mark links when served: the IRI's own page on this server (its dereferenced
    address), else the query page showing everything about it."""
    return path_of_iri(iri) or "/?resource=" + quote(iri, safe="")


def _forget(drawing: asyncio.Future[bytes]) -> None:
    """Read the outcome of a drawing nobody waits for any more (asyncio logs one never read)."""
    if not drawing.cancelled():
        drawing.exception()


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
        except NewskgError as exc:
            return Response(f"{exc}\n", status_code=400, media_type="text/plain")
        runner = self.sparql.runner

        async def draw() -> bytes:
            with runner.held_store() as store:  # one build for the whole picture
                return await run_in_threadpool(plot, OxigraphStore(store), plot_request)

        drawing = asyncio.ensure_future(draw())
        try:  # shielded: on time out the drawing goes on, holding the store, but is not awaited
            picture = await asyncio.wait_for(asyncio.shield(drawing), runner.timeout)
        except TimeoutError:
            drawing.add_done_callback(_forget)
            runner.ran_away()
            late = Answer.error(503, f"the picture took longer than this endpoint's limit of "
                                f"{runner.timeout:g} s; narrow it down (article=, from=, to=)")
            headers = {name.decode(): value.decode() for name, value in response_headers(
                late, close=self.sparql.close_after_runaway) if name != b"content-type"}
            return Response(late.body, status_code=503, media_type=late.media_type,
                            headers=headers)
        except NewskgError as exc:
            return Response(f"{exc}\n", status_code=400, media_type="text/plain")
        return Response(picture, media_type=MEDIA_TYPES[fmt], headers={"Cache-Control": "no-cache"})
