"""A small HTTP client for SPARQL servers: one kept-alive connection, errors that name URL and status.

Used by `push` (SPARQL 1.1 Graph Store Protocol) and `query --endpoint` (SPARQL 1.1 Protocol). The
standard library's http.client is enough: requests go to one server, one after the other, over one
connection that is reopened when the server closes it.
"""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Self

from newskg.errors import RemoteError

USER_AGENT = "newskg (SPARQL client)"
TIMEOUT_S = 60.0

# Where each well-known server takes the Graph Store Protocol and the SPARQL query protocol.
URL_FORMS = (
    "Oxigraph: store http://HOST:7878/store, query http://HOST:7878/query",
    "Fuseki: store http://HOST:3030/DATASET/data, query http://HOST:3030/DATASET/sparql",
    ("GraphDB: store http://HOST:7200/repositories/REPO/rdf-graphs/service, "
     "query http://HOST:7200/repositories/REPO"),
    "Virtuoso: store http://HOST:8890/sparql-graph-crud-auth, query http://HOST:8890/sparql",
)


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    content_type: str
    body: bytes


class Connection:
    """Requests to one server (scheme, host and port of ``url``) over a kept-alive connection."""

    def __init__(self, url: str, *, timeout: float = TIMEOUT_S) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RemoteError(f"{url!r} is not an http:// or https:// URL (for example "
                              "http://localhost:7878/store)")
        self.url = url
        self.parts = parts
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def _open(self) -> http.client.HTTPConnection:
        if self._conn is None:
            kind = (http.client.HTTPSConnection if self.parts.scheme == "https"
                    else http.client.HTTPConnection)
            self._conn = kind(self.parts.hostname or "", self.parts.port, timeout=self.timeout)
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

    def request(self, method: str, target: str, *, body: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> Response:
        """Send one request and read the whole answer; retry once on a connection the server
        closed in between (keep-alive). Raise RemoteError when the server cannot be reached."""
        sent = {"User-Agent": USER_AGENT, **(headers or {})}
        for attempt in (1, 2):
            conn = self._open()
            try:
                conn.request(method, target, body=body, headers=sent)
                answer = conn.getresponse()
                data = answer.read()
                return Response(answer.status, answer.reason,
                                answer.getheader("Content-Type", "") or "", data)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise RemoteError(f"{self.url}: the server closed the connection") from None
            except ConnectionRefusedError:
                self.close()
                raise RemoteError(f"{self.url}: connection refused; is the server running, and "
                                  "is the host and port right?") from None
            except TimeoutError:
                self.close()
                raise RemoteError(f"{self.url}: no answer within {self.timeout:g} s") from None
            except OSError as exc:
                self.close()
                raise RemoteError(f"{self.url}: cannot connect ({exc.strerror or exc})") from None
        raise AssertionError("unreachable")


def check(response: Response, method: str, url: str, *, hint: str = "") -> Response:
    """The response when it is a success (2xx); else a RemoteError naming method, URL and status,
    with the start of the server's own message."""
    if 200 <= response.status < 300:
        return response
    message = response.body[:300].decode("utf-8", "replace").strip().replace("\n", " ")
    detail = f": {message}" if message else ""
    if response.status == 404 and not hint:
        hint = "check the URL; the usual forms are " + "; ".join(URL_FORMS)
    suffix = f" ({hint})" if hint else ""
    raise RemoteError(f"{method} {url} answered {response.status} {response.reason}{detail}"
                      f"{suffix}")
