"""A small HTTP client: one kept-alive connection, every request bounded, errors that name the URL.

Used by `push` (SPARQL 1.1 Graph Store Protocol), `query --endpoint` (SPARQL 1.1 Protocol) and the
Wikidata client of `link --online`. The standard library's http.client is enough: requests go to
one server, one after the other, over one connection that is reopened when the server closes it.

Every request is bounded (`newskg.remote.bounds`): an overall deadline (connect, send and the whole
answer, however slowly the server sends it), a size cap on the answer, and redirects followed only
to the same scheme, host and port (at most five; 307/308 re-send the request, 303 turns it into a
GET, 301/302 are followed for GET and HEAD only). A bound that is hit is a RemoteLimitError whose
message names the URL, the bound and the option that sets it.
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self

from newskg.errors import (
    RemoteDroppedError,
    RemoteError,
    RemoteLimitError,
    RemoteUnreachableError,
)
from newskg.remote.bounds import (
    AnswerTooLarge,
    Deadline,
    HttpLimits,
    open_connection,
    read_capped,
    same_origin,
)

USER_AGENT = "newskg (SPARQL client)"
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})

# Where each well-known server takes the Graph Store Protocol and the SPARQL query protocol.
URL_FORMS = (
    "Oxigraph: store http://HOST:7878/store, query http://HOST:7878/query",
    "Fuseki: store http://HOST:3030/DATASET/data, query http://HOST:3030/DATASET/sparql",
    ("GraphDB: store http://HOST:7200/repositories/REPO/rdf-graphs/service, "
     "query http://HOST:7200/repositories/REPO"),
    "Virtuoso: store http://HOST:8890/sparql-graph-crud, query http://HOST:8890/sparql",
)


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Connection:
    """Requests to one server (scheme, host and port of ``url``) over a kept-alive connection,
    each within ``limits`` (deadline and answer size; see the module doc).

    ``deadline_option`` and ``size_option`` name the options that set the limits, for messages.
    """

    def __init__(self, url: str, *, limits: HttpLimits | None = None,
                 deadline_option: str = "--deadline", size_option: str = "--max-answer") -> None:
        try:
            parts = urllib.parse.urlsplit(url)  # ValueError: "Invalid IPv6 URL" ('http://[::1/x')
        except ValueError as exc:
            raise RemoteError(f"{url!r} is not a valid URL ({exc})") from None
        try:
            parts.port  # noqa: B018 -- raises ValueError for a port that is not a number in range
        except ValueError:
            raise RemoteError(f"{url!r}: the port is not a number from 1 to 65535") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RemoteError(f"{url!r} is not an http:// or https:// URL (for example, with "
                              "Oxigraph: http://localhost:7878/query to query, "
                              "http://localhost:7878/store to push)")
        self.url = url
        self.parts = parts
        self.limits = limits or HttpLimits()
        self.options = (deadline_option, size_option)
        self._deadline = Deadline()
        self._conn: http.client.HTTPConnection | None = None

    def _open(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = open_connection(self.parts, self._deadline)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def target(self, query: Mapping[str, str] | None = None) -> str:
        """The request target: the URL's path and query, with ``query`` parameters added."""
        params = urllib.parse.parse_qsl(self.parts.query, keep_blank_values=True)
        params += list((query or {}).items())
        encoded = urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        return (self.parts.path or "/") + (f"?{encoded}" if encoded else "")

    def url_of(self, target: str) -> str:
        return urllib.parse.urlunsplit((self.parts.scheme, self.parts.netloc, "", "", "")) + target

    def request(self, method: str, target: str, *, body: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> Response:
        """Send one request and read its whole answer within the limits, following redirects to
        the same server. Raise a RemoteError (see errors.py for the kinds) when the server cannot
        be reached, drops the connection, or breaks a limit."""
        self._deadline.start(self.limits.deadline)
        url = self.url_of(target)
        for _ in range(MAX_REDIRECTS + 1):
            response = self._exchange(method, target, body, headers, url)
            location = response.header("Location")
            if response.status not in REDIRECTS or not location or (
                    response.status in (301, 302) and method not in ("GET", "HEAD")):
                return response
            following = urllib.parse.urljoin(url, location)
            if not _same_server(following, url):
                raise RemoteLimitError(
                    f"{url} redirects to {following}, another server: not followed (newskg "
                    "follows redirects only to the same scheme, host and port; use that URL "
                    "directly if you trust it)")
            if response.status == 303 and method != "HEAD":
                method, body = "GET", None
            url = following
            parts = urllib.parse.urlsplit(following)
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        raise RemoteLimitError(f"{self.url}: more than {MAX_REDIRECTS} redirects; use the final "
                               "URL directly")

    def _exchange(self, method: str, target: str, body: bytes | None,
                  headers: Mapping[str, str] | None, url: str) -> Response:
        """One request and its answer; retry once on a connection the server closed in between
        (keep-alive)."""
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        for attempt in (1, 2):
            conn = self._open()
            try:
                conn.request(method, target, body=body, headers=sent)
                answer = conn.getresponse()
                # a HEAD answer has no body, whatever length it declares
                data = answer.read() if method == "HEAD" else read_capped(answer,
                                                                           self.limits.max_bytes)
                return Response(answer.status, answer.reason,
                                answer.getheader("Content-Type", "") or "", data,
                                {name.lower(): value for name, value in answer.getheaders()})
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise RemoteDroppedError(f"{url}: the server closed the connection") from None
            except ConnectionRefusedError:
                self.close()
                raise RemoteUnreachableError(
                    f"{url}: connection refused; is the server running, and is the host and "
                    "port right?") from None
            except TimeoutError:
                self.close()
                raise RemoteLimitError(
                    f"{url}: no complete answer within the {self.limits.deadline:g} s deadline "
                    f"({self.options[0]} sets it)") from None
            except AnswerTooLarge as exc:
                self.close()
                size = f" ({exc.declared} bytes declared)" if exc.declared is not None else ""
                raise RemoteLimitError(
                    f"{url}: the answer is larger than the {self.limits.cap} cap{size}; not read "
                    f"({self.options[1]} sets the cap in MiB)") from None
            except http.client.HTTPException as exc:
                self.close()
                raise RemoteDroppedError(f"{url}: the answer was cut off or malformed "
                                         f"({type(exc).__name__})") from None
            except OSError as exc:
                self.close()
                raise RemoteUnreachableError(
                    f"{url}: cannot connect ({exc.strerror or exc})") from None
        raise AssertionError("unreachable")


def _same_server(url: str, other: str) -> bool:
    try:
        return same_origin(url, other)
    except ValueError:  # a Location with a malformed port
        return False


def check(response: Response, method: str, url: str, *, hint: str = "") -> Response:
    """The response when it is a success (2xx); else a RemoteError naming method, URL and status,
    with the start of the server's own message."""
    if 200 <= response.status < 300:
        return response
    message = response.body[:300].decode("utf-8", "replace").strip().replace("\n", " ")
    detail = f": {message}" if message else ""
    location = response.header("Location")
    if 300 <= response.status < 400 and location and not hint:
        hint = f"it redirects to {location}: use that URL"
    if response.status == 404 and not hint:
        hint = "check the URL; the usual forms are " + "; ".join(URL_FORMS)
    suffix = f" ({hint})" if hint else ""
    raise RemoteError(f"{method} {url} answered {response.status} {response.reason}{detail}"
                      f"{suffix}")
