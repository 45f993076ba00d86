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
  GET  /health            200 "ok" when a query thread answers a trivial query

/sparql is a plain ASGI handler (`newskg.serve.endpoint`), the hot path; the rest is Starlette.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from newskg.errors import InputError, NewskgError, StoreMissingError
from newskg.publish.releases import published_build
from newskg.serve.endpoint import Receive, Scope, Send, SparqlEndpoint, response_headers
from newskg.serve.evaluate import Answer, QueryJob
from newskg.serve.hosts import HostGuard
from newskg.serve.protocol import ProtocolRequest, url_params, url_query_text
from newskg.serve.runner import AnswerCache, QueryRunner
from newskg.store.named import get_query, list_queries
from newskg.store.paging import Page, paged_text
from newskg.store.render import DISPLAY_PREFIXES
from newskg.store.shape import MAX_DEPTH

ASSETS = ("index.html", "app.js", "style.css")
CACHE_BYTES = 64 * 2**20  # answers kept in memory per server process
CACHE_ANSWER_BYTES = 2**20  # larger answers are not kept
MAX_QUERY_BYTES = 512 * 1024
ASGIApp = Callable[[Scope, Receive, Send], Any]


class NewskgApp:
    """The ASGI application: /sparql to the `SparqlEndpoint`, everything else to Starlette."""

    def __init__(self, sparql: SparqlEndpoint, other: Starlette) -> None:
        self.sparql = sparql
        self.other = other
        self.runner = sparql.runner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql":
            await self.sparql(scope, receive, send)
        else:
            await self.other(scope, receive, send)


def create_app(build_dir: Path, *, timeout: float = 10.0, max_results: int = 100_000,
               max_query_bytes: int = MAX_QUERY_BYTES, max_query_depth: int = MAX_DEPTH,
               cors: str | None = None, allow_service: bool = False,
               allowed_hosts: Collection[str] | None = None, threads: int = 4, cache: bool = True,
               on_runaway: Callable[[], None] | None = None) -> ASGIApp:
    """The endpoint over the store of the build published in ``build_dir``, opened read-only once
    (at start-up).

    ``threads`` query threads run the queries; a query that outruns ``timeout`` is answered 503
    and ``on_runaway`` is called (`newskg serve` retires its process then: the only way to stop a
    running pyoxigraph query). ``cache`` keeps recent answers in memory. A query nested deeper
    than ``max_query_depth`` is refused before it is parsed (`newskg.store.shape`).
    ``allowed_hosts``: the Host header names answered (`newskg.serve.hosts`); None: any.
    """
    store_path = published_build(build_dir) / "store"
    if not store_path.is_dir():
        raise StoreMissingError(f"{store_path}: no built store here; run 'newskg build' first")
    runner = QueryRunner(store_path, threads=threads, timeout=timeout, on_runaway=on_runaway)
    sparql = SparqlEndpoint(runner, max_results=max_results, max_query_bytes=max_query_bytes,
                            allow_service=allow_service,
                            cache=AnswerCache(CACHE_BYTES, CACHE_ANSWER_BYTES) if cache else None,
                            close_after_runaway=on_runaway is not None,
                            max_query_depth=max_query_depth)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        runner.start()
        yield
        runner.stop()

    routes = [
        Route("/", page),
        Route("/assets/{name}", asset),
        Route("/queries.json", named_queries),
        Route("/named/{name}", NamedRoutes(sparql).named),
        Route("/health", NamedRoutes(sparql).health),
    ]
    app: ASGIApp = NewskgApp(sparql, Starlette(routes=routes, lifespan=lifespan))
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
        decoded = url_params(url_query_text(request.scope["query_string"]))
        if isinstance(decoded, Answer):
            return respond(decoded)
        params = dict(decoded)
        try:
            drafts = drafts_flag(params.pop("drafts", None))
            named = get_query(request.path_params["name"])
            page = Page.given(whole_number(params.pop("limit", None), "limit"),
                              whole_number(params.pop("offset", None), "offset"), named.page)
            bindings = tuple(sorted(named.bind(params).items()))
        except NewskgError as exc:
            status = 404 if "no named query" in str(exc) else 400
            return respond(Answer.error(status, str(exc)))
        base, accept = self.sparql.base_iri(request.scope), request.headers.get("accept")
        key = ("named", named.name, drafts, page, bindings, base, accept)
        cache = self.sparql.cache
        answer = cache.get(key) if cache is not None else None
        if answer is None:
            text = named.sparql(drafts=drafts)
            text = paged_text(text, page, probe=False) or text
            answer, cacheable = await self.sparql.answer(
                ProtocolRequest(text, (), ()), base, accept, bindings)
            if cacheable and cache is not None:
                cache.put(key, answer, len(request.url.query))
        response = respond(answer)
        if not page.whole and answer.status == 200:
            response.headers["X-Newskg-Page"] = \
                f"offset={page.offset}" + (f"; limit={page.limit}" if page.limit else "")
        return response

    async def health(self, _request: Request) -> Response:
        answer = await self.sparql.runner.run(
            QueryJob("ASK {}", "http://localhost/", "json", None, 1))
        ok = answer.status == 200
        return Response("ok\n" if ok else answer.body.decode(), status_code=200 if ok else 503,
                        media_type="text/plain")


def whole_number(value: str | None, field: str) -> int | None:
    """The ``limit`` or ``offset`` parameter of /named/NAME (None: not given)."""
    if value is None or value == "":
        return None
    if not value.isdigit():
        raise InputError(f"{field}={value!r}: give a whole number, 0 or more", field=field)
    return int(value)


def drafts_flag(value: str | None) -> bool:
    """The ``drafts`` parameter of /named/NAME: absent or false, reviewed reports only."""
    if value is None or value.lower() in ("false", "0", ""):
        return False
    if value.lower() in ("true", "1"):
        return True
    raise InputError(f"drafts={value!r}: give drafts=true or drafts=false", field="drafts")


def respond(answer: Answer) -> Response:
    headers = {name.decode(): value.decode() for name, value in response_headers(answer)
               if name != b"content-type"}
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers=headers)


def _assets_dir() -> Path:
    return Path(str(resources.files("newskg") / "resources" / "serve"))


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
         "params": [{"name": p.name, "kind": p.kind, "default": p.default, "help": p.help,
                     "optional": p.optional} for p in q.params]}
        for q in list_queries()]
    return JSONResponse({"queries": entries, "prefixes": DISPLAY_PREFIXES},
                        headers={"Cache-Control": "no-cache"})
