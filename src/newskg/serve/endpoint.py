"""/sparql as a plain ASGI handler: the SPARQL 1.1 Protocol's hot path, without a framework.

Every small query pays for each step between the socket and the store, so this path skips
Starlette's routing, middleware and Request objects: it reads the few headers it needs from the
ASGI scope, keeps what repeats (negotiated formats, base IRIs, response headers, the service
description, and recent answers: the store is read-only while it serves) and hands the job to the
`QueryRunner`. The other routes (page, named queries,
health) stay on Starlette (`newskg.serve.app`) and reuse `SparqlEndpoint.answer`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any

import pyoxigraph as ox
from starlette.datastructures import URL

from newskg.errors import QueryTooComplexError
from newskg.rdf.prefixes import QUERY_PREFIXES as PREFIXES
from newskg.serve.evaluate import Answer, PartitionedPage, QueryJob
from newskg.serve.protocol import (
    RDF_OFFERS,
    TABULAR_OFFERS,
    ProtocolRequest,
    negotiate,
    post_media,
    read_get,
    read_post,
    too_large,
    url_query_text,
)
from newskg.serve.runner import AnswerCache, QueryRunner
from newskg.store.graphs import names_graphs
from newskg.store.reach import query_reach
from newskg.store.results import Triples, to_rdf
from newskg.store.shape import MAX_DEPTH, check_query_shape

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SERVICE_REFUSED = ("SERVICE (federated query) is disabled: newskg serve sends no requests on a "
                   "client's behalf; start it with --allow-service to enable it")
RETRY_AFTER = "5"
# Functions whose value changes from one evaluation to the next: their answers are not kept.
VOLATILE_NAMES = ("now", "rand", "uuid", "bnode")
VOLATILE = re.compile(r"\b(?:now|rand|uuid|struuid|bnode)\s*\(", re.IGNORECASE)
MEMO_SIZE = 1000  # distinct Accept headers, hosts, ... remembered; cleared when full


class SparqlEndpoint:
    """The ASGI handler of /sparql, and `answer` for every route that runs a query."""

    def __init__(self, runner: QueryRunner, *, max_results: int, max_query_bytes: int,
                 allow_service: bool, cache: AnswerCache | None = None,
                 close_after_runaway: bool = False, max_query_depth: int = MAX_DEPTH,
                 build_info: dict[str, Any] | None = None) -> None:
        self.runner = runner
        self.build_info = build_info or {}
        self.max_query_depth = max_query_depth
        self.cache = cache
        self.max_results = max_results
        self.max_query_bytes = max_query_bytes
        self.allow_service = allow_service
        self.close_after_runaway = close_after_runaway
        self._bases: dict[tuple[str, bytes | None, str], str] = {}
        self._headers: dict[tuple[int, str], list[tuple[bytes, bytes]]] = {}
        self._descriptions: dict[tuple[str, str], Answer] = {}
        self._media: dict[bytes | None, str | Answer] = {}  # Content-Type -> post_media's reading

    def switch(self, runner: QueryRunner, cache: AnswerCache | None,
               build_info: dict[str, Any]) -> None:
        """Answer from another build from now on (`newskg.serve.follow`): its runner, an empty
        cache, no remembered service description."""
        self.runner, self.cache, self.build_info = runner, cache, build_info
        self._descriptions = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        accept = content_type = length = host = None
        for name, value in scope["headers"]:
            if name == b"accept":
                accept = value
            elif name == b"content-type":
                content_type = value
            elif name == b"content-length":
                length = value
            elif name == b"host":
                host = value
        body, media = b"", None
        if method == "POST":
            checked = self._media.get(content_type)
            if checked is None:
                if len(self._media) > MEMO_SIZE:
                    self._media.clear()
                checked = self._media[content_type] = post_media(
                    content_type.decode("latin-1") if content_type else "")
            if isinstance(checked, Answer):
                return await self.send(send, checked)
            media = checked
            read = await read_body(receive, length, self.max_query_bytes)
            if isinstance(read, Answer):
                return await self.send(send, read)
            body = read
        elif method not in ("GET", "HEAD"):
            return await self.send(send, Answer.error(405, f"{method} is not allowed here: use GET "
                                                      "or POST"), extra=[(b"allow", b"GET, HEAD, POST")])
        # The same request gets the same answer while the store is read-only (see `answer`).
        key = (method == "POST", scope["scheme"], host, scope["query_string"], content_type,
               accept, body)
        # the cache of the build served now; the query runs on this build or a newer one, so an
        # answer never lands in the cache of a newer build than its own
        cache = self.cache
        answer = cache.get(key) if cache is not None else None
        if answer is None:
            answer, cacheable = await self.answer_request(scope, media, body, accept)
            if cacheable and cache is not None:
                cache.put(key, answer, len(body) + len(scope["query_string"]))
        await self.send(send, answer, head_only=method == "HEAD")

    async def answer_request(self, scope: Scope, media: str | None, body: bytes,
                             accept: bytes | None) -> tuple[Answer, bool]:
        """The answer to a GET (``media`` None) or POST, and whether a repeat may get it again."""
        query_string = url_query_text(scope["query_string"])
        read: ProtocolRequest | Answer | None
        if media is not None:
            read = read_post(media, query_string, body, self.max_query_bytes)
        else:
            read = read_get(query_string, self.max_query_bytes)
        base = self.base_iri(scope)
        accepted = accept.decode("latin-1") if accept is not None else None
        if read is None:
            return self.service_description(base, accepted), True
        if isinstance(read, Answer):
            return read, True
        return await self.answer(read, base, accepted)

    async def answer(self, read: ProtocolRequest, base: str, accept: str | None,
                     bindings: tuple[tuple[str, ox.NamedNode | ox.Literal], ...] = (),
                     *, all_graphs: bool = False, runner: QueryRunner | None = None,
                     pages: PartitionedPage | None = None,
                     resolve: tuple[str, tuple[tuple[str, str], ...]] | None = None,
                     capped: bool = True) -> tuple[Answer, bool]:
        """Check a query (SERVICE, file: graphs), then run it in a query thread.

        The flag says whether the answer may be given again to the same request: yes unless the
        query went out (SERVICE), uses a function whose value changes (NOW(), RAND(), ...), or
        failed for a passing reason (5xx: a timeout, a busy server, an I/O error).
        A query that names graphs, or ``all_graphs``, runs on the store with the vocabularies
        (`newskg.publish.vocabularies`). ``runner``: the build's runner to use (default: the
        build served now). ``pages``: a named query's page read by partitions where it can be;
        ``resolve``: its name and parameters as given, resolved through names (`QueryJob`).
        ``capped``: a client's query, refused past ``--max-results`` rows (it can page with LIMIT
        and OFFSET); False for the server's own pages (a resource, a graph, VoID), which a client
        cannot page: they hold what the store says of one thing, and ``--timeout`` bounds them.
        """
        try:  # before any parser sees it: a deep query could overflow the parser's stack
            check_query_shape(read.query, max_depth=self.max_query_depth,
                              option="newskg serve --max-query-depth")
        except QueryTooComplexError as exc:
            return Answer.error(400, str(exc)), True
        reach = query_reach(read.query, prefixes=PREFIXES, base=base)
        if reach.calls_service and not self.allow_service:
            return Answer.error(403, SERVICE_REFUSED), True
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
                                "never reads local files for a client"), True
        job = QueryJob(
            read.query, base, negotiate(accept, TABULAR_OFFERS), negotiate(accept, RDF_OFFERS),
            self.max_results if capped else None,
            default_graphs=defaults if graphs else None, named_graphs=named if graphs else None,
            graphs_to_check=tuple(dict.fromkeys(graphs)), bindings=bindings,
            all_graphs=all_graphs or bool(graphs) or names_graphs(read.query), pages=pages,
            resolve=resolve)
        answer = await (runner or self.runner).run(job)
        return answer, answer.status < 500 and not reach.calls_service and not volatile(read.query)

    def base_iri(self, scope: Scope) -> str:
        """The request's URL without its query: the query's base IRI (Starlette's reading of it)."""
        host = next((value for name, value in scope["headers"] if name == b"host"), None)
        key = (scope["scheme"], host, scope["path"])
        base = self._bases.get(key)
        if base is None:
            if len(self._bases) > MEMO_SIZE:
                self._bases.clear()
            base = self._bases[key] = str(URL(scope=scope).replace(query="", fragment=""))
        return base

    async def send(self, send: Send, answer: Answer, *, head_only: bool = False,
                   extra: list[tuple[bytes, bytes]] | None = None) -> None:
        headers = self._headers.get((answer.status, answer.media_type))
        if headers is None:
            headers = self._headers[(answer.status, answer.media_type)] = \
                response_headers(answer, close=self.close_after_runaway)
        headers = [*headers, (b"content-length", str(len(answer.body)).encode())]
        if extra:
            headers += extra
        await send({"type": "http.response.start", "status": answer.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head_only else answer.body})

    def service_description(self, endpoint: str, accept: str | None) -> Answer:
        fmt = negotiate(accept, RDF_OFFERS) or "turtle"
        key = (endpoint, fmt)
        answer = self._descriptions.get(key)
        if answer is None:
            if len(self._descriptions) > MEMO_SIZE:
                self._descriptions.clear()
            body = to_rdf(Triples(description(endpoint, allow_service=self.allow_service,
                                              named_graphs=self.runner.graph_names)), fmt,
                          prefixes={"sd": SD, "formats": FORMATS})
            answer = self._descriptions[key] = Answer(
                200, f"{RDF_OFFERS[fmt][0]}; charset=utf-8", body.encode())
        return answer


def volatile(query: str) -> bool:
    """Does the query call a function whose value changes from one run to the next (NOW(), ...)?"""
    lowered = query.lower()
    return any(name in lowered for name in VOLATILE_NAMES) and bool(VOLATILE.search(query))


def response_headers(answer: Answer, *, close: bool = False) -> list[tuple[bytes, bytes]]:
    """Content-Type, and Vary (negotiated answers) or Retry-After (503) as the status wants."""
    headers = [(b"content-type", answer.media_type.encode())]
    if answer.status in (200, 406):
        headers.append((b"vary", b"Accept"))
    if answer.status == 503:
        headers.append((b"retry-after", RETRY_AFTER.encode()))
        if close:  # this process is retiring: the client's next request should go elsewhere
            headers.append((b"connection", b"close"))
    return headers


async def read_body(receive: Receive, declared: bytes | None, max_bytes: int) -> bytes | Answer:
    """The request body, or 413 as soon as it is known to be over ``max_bytes``."""
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        return too_large(max_bytes)
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":  # never sent: the client is gone
            return Answer.error(400, "the client went away before its request's body arrived")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            return too_large(max_bytes)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def description(endpoint: str, *, allow_service: bool,
                named_graphs: Sequence[str] = ()) -> tuple[ox.Triple, ...]:
    """The SPARQL 1.1 Service Description of this endpoint, listing the dataset's named graphs."""
    service = ox.BlankNode("service")
    dataset, graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, ox.NamedNode(SD + "Service")),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"), ox.NamedNode(endpoint)),
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
    for index, name in enumerate(named_graphs):
        named = ox.BlankNode(f"namedGraph{index}")
        triples += [ox.Triple(dataset, ox.NamedNode(SD + "namedGraph"), named),
                    ox.Triple(named, RDF_TYPE, ox.NamedNode(SD + "NamedGraph")),
                    ox.Triple(named, ox.NamedNode(SD + "name"), ox.NamedNode(name))]
    if allow_service:
        triples.append(ox.Triple(service, ox.NamedNode(SD + "feature"),
                                 ox.NamedNode(SD + "BasicFederatedQuery")))
    return tuple(triples)
