"""The application behind `newskg serve`: the SPARQL endpoint, the query page, /health.

Routes:
  GET  /                  the query page (assets under /assets/, no outside requests)
  GET  /queries.json      the named queries (name, question, parameters, text) and prefixes
  GET  /named/{name}      run a named query, its parameters as ?NAME=VALUE (bound, never pasted);
                          ?drafts=true answers from unreviewed and draft reports too;
                          ?limit=N&offset=M a page of its rows (limit=0: every row; a query
                          whose header says "# page: N" answers N rows by default); the page
                          answered is in the X-Newskg-Page header
  GET, POST /sparql       the SPARQL 1.1 Protocol endpoint; without a query: the service description
  GET  /health            200 "ok" when a query thread answers a trivial query, and the build
                          served (id, time, triples); JSON with Accept: application/json
  GET  /id/..., /ontology, /shapes, /graph/...
                          each IRI dereferenced: HTML or RDF by content negotiation
                          (`newskg.serve.linked`)
  GET  /.well-known/void  the VoID description: counts per graph, linkset to Wikidata
  GET  /plot/{kind}.svg   a picture of `newskg plot` (timeline, network, figures; .png too),
                          ?article=SLUG&from=DATE&to=DATE&drafts=true (`newskg.serve.pictures`)

/sparql is a plain ASGI handler (`newskg.serve.endpoint`), the hot path; the rest is Starlette.
Every other route reads its URL parameters through `newskg.serve.params.read_params`: a parameter
it does not read, or one given twice with two values, is 400 naming it, in the same words.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from newskg.errors import InputError, NewskgError, UnknownQueryError
from newskg.resources import serve_assets_dir
from newskg.serve.endpoint import Receive, Scope, Send, SparqlEndpoint, response_headers
from newskg.serve.evaluate import Answer, PartitionedPage, QueryJob
from newskg.serve.follow import FollowedBuild, Served
from newskg.serve.hosts import HostGuard
from newskg.serve.linked import LinkedData
from newskg.serve.params import read_params
from newskg.serve.pictures import Pictures
from newskg.serve.protocol import ProtocolRequest, drafts_flag
from newskg.serve.runner import AnswerCache, QueryRunner
from newskg.store.named import RESERVED, get_query, list_queries
from newskg.store.paging import Page, paged_text
from newskg.store.render import DISPLAY_PREFIXES
from newskg.store.shape import MAX_DEPTH

ASSETS = ("index.html", "app.js", "style.css", "resource.css")
CACHE_BYTES = 64 * 2**20  # answers kept in memory per server process
CACHE_ANSWER_BYTES = 2**20  # larger answers are not kept
MAX_QUERY_BYTES = 512 * 1024
ASGIApp = Callable[[Scope, Receive, Send], Any]


class NewskgApp:
    """The ASGI application: /sparql to the `SparqlEndpoint`, everything else to Starlette."""

    def __init__(self, sparql: SparqlEndpoint, other: Starlette, followed: FollowedBuild) -> None:
        self.sparql = sparql
        self.other = other
        self.followed = followed

    @property
    def runner(self) -> QueryRunner:
        """The query runner of the build served now."""
        return self.sparql.runner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.followed.check()  # between requests: switch to a newly published build
            if scope["path"] == "/sparql":
                await self.sparql(scope, receive, send)
                return
        await self.other(scope, receive, send)


def create_app(build_dir: Path, *, timeout: float = 10.0, max_results: int = 100_000,
               max_query_bytes: int = MAX_QUERY_BYTES, max_query_depth: int = MAX_DEPTH,
               cors: str | None = None, allow_service: bool = False,
               allowed_hosts: Collection[str] | None = None, threads: int = 4, cache: bool = True,
               on_runaway: Callable[[], None] | None = None) -> ASGIApp:
    """The endpoint over the store of the build published in ``build_dir``, opened read-only; when
    a new build is published there, the app switches to it between requests (`newskg.serve.follow`).

    ``threads`` query threads run the queries; a query that outruns ``timeout`` is answered 503
    and ``on_runaway`` is called (`newskg serve` retires its process then: the only way to stop a
    running pyoxigraph query). ``cache`` keeps recent answers in memory. A query nested deeper
    than ``max_query_depth`` is refused before it is parsed (`newskg.store.shape`).
    ``allowed_hosts``: the Host header names answered (`newskg.serve.hosts`); None: any.
    """
    def make_runner(store_path: Path) -> QueryRunner:
        return QueryRunner(store_path, threads=threads, timeout=timeout, on_runaway=on_runaway)

    def new_cache() -> AnswerCache | None:
        return AnswerCache(CACHE_BYTES, CACHE_ANSWER_BYTES) if cache else None

    def switch(served: Served) -> None:  # a new build: its runner, and no answer of the old one
        sparql.switch(served.runner, new_cache(), served.info)

    followed = FollowedBuild(build_dir, make_runner, switch)
    sparql = SparqlEndpoint(followed.served.runner, max_results=max_results,
                            max_query_bytes=max_query_bytes, allow_service=allow_service,
                            cache=new_cache(), close_after_runaway=on_runaway is not None,
                            max_query_depth=max_query_depth, build_info=followed.served.info)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        followed.served.runner.start()
        yield
        followed.close()

    routes = [
        Route("/", page),
        Route("/assets/{name}", asset),
        Route("/queries.json", named_queries),
        Route("/named/{name}", NamedRoutes(sparql).named),
        Route("/health", NamedRoutes(sparql).health),
        Route("/plot/{name}", Pictures(sparql).picture),
        *linked_data_routes(LinkedData(sparql)),
    ]
    app: ASGIApp = NewskgApp(sparql, Starlette(routes=routes, lifespan=lifespan), followed)
    if cors:
        app = CORSMiddleware(app, allow_origins=[cors], allow_methods=["GET", "POST"],
                             allow_headers=["Accept", "Content-Type"])
    if allowed_hosts is not None:
        app = HostGuard(app, allowed_hosts)
    return app


class NamedRoutes:
    """The Starlette handlers that run queries: a named query, and the health check."""

    def __init__(self, sparql: SparqlEndpoint) -> None:
        self.sparql = sparql

    async def named(self, request: Request) -> Response:
        try:
            named = get_query(request.path_params["name"])
        except UnknownQueryError as exc:
            return respond(Answer.error(404, str(exc)))
        params = read_params(request, (*(param.name for param in named.params), *RESERVED))
        if isinstance(params, Answer):
            return respond(params)
        try:
            drafts = drafts_flag(params.pop("drafts", None))
            page = Page.given(whole_number(params.pop("limit", None), "limit"),
                              whole_number(params.pop("offset", None), "offset"), named.page)
            bindings = tuple(sorted(named.bind(params, names=True).items()))
        except NewskgError as exc:
            return respond(Answer.error(400, str(exc)))
        base, accept = self.sparql.base_iri(request.scope), request.headers.get("accept")
        key = ("named", named.name, drafts, page, bindings, base, accept)
        cache = self.sparql.cache
        answer = cache.get(key) if cache is not None else None
        if answer is None:
            whole = named.sparql(drafts=drafts)
            text = paged_text(whole, page, probe=False) or whole
            bound = dict(bindings)
            pages = None
            if (named.partition is not None and page.limit is not None
                    and named.partition.variable not in bound):
                pages = PartitionedPage(whole, named.partition, page.limit, page.offset)
            given = tuple(sorted((key, value) for key, value in params.items() if key in bound))
            answer, cacheable = await self.sparql.answer(
                ProtocolRequest(text, (), ()), base, accept, bindings, pages=pages,
                resolve=(named.name, given) if given else None)
            if cacheable and cache is not None:
                cache.put(key, answer, len(request.url.query))
        response = respond(answer)
        if not page.whole and answer.status == 200:
            response.headers["X-Newskg-Page"] = \
                f"offset={page.offset}" + (f"; limit={page.limit}" if page.limit else "")
        return response

    async def health(self, request: Request) -> Response:
        """200 "ok" and the build served (id, time built, triples) when a query thread answers;
        as JSON when asked for (Accept: application/json or ?format=json)."""
        params = read_params(request, ("format",))
        if isinstance(params, Answer):
            return respond(params)
        info = self.sparql.build_info
        answer = await self.sparql.runner.run(
            QueryJob("ASK {}", "http://localhost/", "json", None, 1))
        ok = answer.status == 200
        status = 200 if ok else 503
        wants_json = (params.get("format") == "json"
                      or "application/json" in request.headers.get("accept", ""))
        if wants_json:
            return JSONResponse({"ok": ok, "build": info.get("id"), "built": info.get("built"),
                                 "triples": info.get("triples"), "graphs": len(info.get("graphs", ())),
                                 **({} if ok else {"error": answer.body.decode()})},
                                status_code=status, headers={"Cache-Control": "no-cache"})
        text = (f"ok\nbuild: {info.get('id')}\nbuilt: {info.get('built', 'unknown')}\n"
                f"triples: {info.get('triples', 'unknown')}\n") if ok else answer.body.decode()
        return Response(text, status_code=status, media_type="text/plain",
                        headers={"Cache-Control": "no-cache"})


def linked_data_routes(linked: LinkedData) -> list[Route]:
    """The resource paths (`newskg.serve.addresses`): each IRI dereferences there."""
    return [Route("/id/{rest:path}", linked.resource), Route("/graph/{rest:path}", linked.resource),
            Route("/ontology", linked.resource), Route("/ontology/alignments", linked.resource),
            Route("/shapes", linked.resource), Route("/.well-known/void", linked.void),
            Route("/void", linked.void)]


def whole_number(value: str | None, field: str) -> int | None:
    """The ``limit`` or ``offset`` parameter of /named/NAME (None: not given)."""
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise InputError(f"{value!r} is not a whole number: give 0 or more", field=field)
    return int(value)


def respond(answer: Answer) -> Response:
    headers = {name.decode(): value.decode() for name, value in response_headers(answer)
               if name != b"content-type"}
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers=headers)


def _assets_dir() -> Path:
    return serve_assets_dir()


async def page(_request: Request) -> Response:
    return FileResponse(_assets_dir() / "index.html", media_type="text/html; charset=utf-8")


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        return Response(f"no asset {name!r}\n", status_code=404, media_type="text/plain")
    return FileResponse(_assets_dir() / name)


async def named_queries(_request: Request) -> Response:
    entries: list[dict[str, Any]] = [
        {"name": q.name, "question": q.question, "text": q.text, "page": q.page,
         "params": [{"name": p.name, "kind": p.kind, "class": p.cls, "shown": p.shown,
                     "default": p.default, "help": p.help, "optional": p.optional}
                    for p in q.params]}
        for q in list_queries()]
    return JSONResponse({"queries": entries, "prefixes": DISPLAY_PREFIXES},
                        headers={"Cache-Control": "no-cache"})
