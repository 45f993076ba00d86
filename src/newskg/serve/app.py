"""The Starlette application behind `newskg serve`: the SPARQL endpoint, the query page, /health.

Routes:
  GET  /                  the query page (assets under /assets/, no outside requests)
  GET  /queries.json      the named queries (name, question, parameters, text) and prefixes
  GET  /named/{name}      run a named query, its parameters as ?NAME=VALUE (bound, never pasted)
  GET, POST /sparql       the SPARQL 1.1 Protocol endpoint; without a query: the service description
  GET  /health            200 "ok" when a worker answers a trivial query
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from newskg.errors import NewskgError, StoreMissingError
from newskg.prefixes import PREFIXES
from newskg.query import get_query, list_queries
from newskg.render import DISPLAY_PREFIXES
from newskg.results import Triples, to_rdf
from newskg.serve.guard import query_reach
from newskg.serve.protocol import (
    RDF_OFFERS,
    TABULAR_OFFERS,
    ProtocolRequest,
    negotiate,
    read_request,
)
from newskg.serve.worker import Answer, QueryJob, WorkerPool

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ASSETS = ("index.html", "app.js", "style.css")
SERVICE_REFUSED = ("SERVICE (federated query) is disabled: newskg serve sends no requests on a "
                   "client's behalf; start it with --allow-service to enable it")


def create_app(build_dir: Path, *, timeout: float = 10.0, max_results: int = 100_000,
               max_query_bytes: int = 512 * 1024, cors: str | None = None,
               allow_service: bool = False, workers: int | None = None) -> Starlette:
    """The endpoint over ``build_dir/store``, opened read-only once by each query worker."""
    store_path = build_dir / "store"
    if not store_path.is_dir():
        raise StoreMissingError(f"{store_path}: no built store here; run 'newskg build' first")
    pool = WorkerPool(store_path, workers or min(os.cpu_count() or 1, 4))
    endpoint = Endpoint(pool, timeout=timeout, max_results=max_results,
                        max_query_bytes=max_query_bytes, allow_service=allow_service)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        pool.start()
        yield
        pool.stop()

    middleware = [Middleware(CORSMiddleware, allow_origins=[cors], allow_methods=["GET", "POST"],
                             allow_headers=["Accept", "Content-Type"])] if cors else []
    routes = [
        Route("/", page),
        Route("/assets/{name}", asset),
        Route("/queries.json", named_queries),
        Route("/named/{name}", endpoint.named),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/health", endpoint.health),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


class Endpoint:
    """The handlers that run queries; each query goes through the same checks and the pool."""

    def __init__(self, pool: WorkerPool, *, timeout: float, max_results: int,
                 max_query_bytes: int, allow_service: bool) -> None:
        self.pool = pool
        self.timeout = timeout
        self.max_results = max_results
        self.max_query_bytes = max_query_bytes
        self.allow_service = allow_service

    async def sparql(self, request: Request) -> Response:
        read = await read_request(request, self.max_query_bytes)
        if read is None:
            return service_description(request, allow_service=self.allow_service)
        if isinstance(read, Answer):
            return respond(read)
        return respond(await self.run(read, request))

    async def run(self, read: ProtocolRequest, request: Request,
                  bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> Answer:
        base = str(request.url.replace(query="", fragment=""))
        reach = query_reach(read.query, prefixes=PREFIXES, base=base)
        if reach.calls_service and not self.allow_service:
            return Answer.error(403, SERVICE_REFUSED)
        # The protocol's graphs take precedence over the query's FROM / FROM NAMED; either one
        # replaces the default (the union of the graphs). Both are passed to Oxigraph explicitly,
        # which with a union default graph would otherwise leave FROM aside.
        defaults, named = ((read.default_graphs, read.named_graphs)
                           if read.default_graphs or read.named_graphs
                           else (reach.from_graphs, reach.from_named_graphs))
        graphs = defaults + named
        local_files = [iri for iri in graphs if iri.lower().startswith("file:")]
        if local_files:
            return Answer.error(403, f"<{local_files[0]}>: file: IRIs are refused; newskg serve "
                                "never reads local files for a client")
        accept = request.headers.get("accept")
        job = QueryJob(
            read.query, base, negotiate(accept, TABULAR_OFFERS), negotiate(accept, RDF_OFFERS),
            self.max_results,
            default_graphs=defaults if graphs else None, named_graphs=named if graphs else None,
            graphs_to_check=tuple(dict.fromkeys(graphs)), bindings=bindings or {})
        return await self.pool.run(job, self.timeout)

    async def named(self, request: Request) -> Response:
        try:
            named = get_query(request.path_params["name"])
            bindings = named.bind(dict(request.query_params))
        except NewskgError as exc:
            status = 404 if "no named query" in str(exc) else 400
            return respond(Answer.error(status, str(exc)))
        return respond(await self.run(ProtocolRequest(named.text, (), ()), request, bindings))

    async def health(self, request: Request) -> Response:
        answer = await self.pool.run(
            QueryJob("ASK {}", "http://localhost/", "json", None, 1), min(self.timeout, 5.0))
        ok = answer.status == 200
        return Response("ok\n" if ok else answer.body.decode(), status_code=200 if ok else 503,
                        media_type="text/plain")


def respond(answer: Answer) -> Response:
    headers = {"Vary": "Accept"} if answer.status in (200, 406) else {}
    if answer.status == 503:
        headers["Retry-After"] = "5"
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers=headers)


def service_description(request: Request, *, allow_service: bool) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in the RDF format asked for."""
    fmt = negotiate(request.headers.get("accept"), RDF_OFFERS) or "turtle"
    service = ox.BlankNode("service")
    dataset, graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, ox.NamedNode(SD + "Service")),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"),
                  ox.NamedNode(str(request.url.replace(query="", fragment="")))),
        ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"),
                  ox.NamedNode(SD + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")),
        ox.Triple(service, ox.NamedNode(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(SD + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(SD + "defaultGraph"), graph),
        ox.Triple(graph, RDF_TYPE, ox.NamedNode(SD + "Graph")),
    ]
    triples += [ox.Triple(service, ox.NamedNode(SD + "resultFormat"), ox.NamedNode(FORMATS + name))
                for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                             "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML")]
    if allow_service:
        triples.append(ox.Triple(service, ox.NamedNode(SD + "feature"),
                                 ox.NamedNode(SD + "BasicFederatedQuery")))
    body = to_rdf(Triples(tuple(triples)), fmt, prefixes={"sd": SD, "formats": FORMATS})
    media_type = RDF_OFFERS[fmt][0]
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers={"Vary": "Accept"})


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
        {"name": q.name, "question": q.question, "text": q.text,
         "params": [{"name": p.name, "kind": p.kind, "default": p.default, "help": p.help}
                    for p in q.params]}
        for q in list_queries()]
    return JSONResponse({"queries": entries, "prefixes": DISPLAY_PREFIXES},
                        headers={"Cache-Control": "no-cache"})
