"""Scriptable HTTP servers on 127.0.0.1 for the client tests: slow, redirecting, huge, busy.

`loopback_server` starts one (http.server in a thread, port 0) and stops it when the test ends.
Each request takes the next `Reply` of the server's ``script``, or the one ``default`` makes for it.
A reply can wait before answering, drop the connection, send the whole answer one byte at a time
(``trickle``: seconds between bytes, the status line included), or stream ``filler`` bytes of body
without holding them (1 MiB at a time, no Content-Length). Every reply is bounded: a trickle or a
stream stops when the client hangs up, when the test ends, or after ``MAX_SECONDS``.
"""

from __future__ import annotations

import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAX_SECONDS = 30.0
MiB = 1024 * 1024


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False            # close the connection without answering
    trickle: float = 0.0          # seconds between bytes of the whole answer
    filler: int = 0               # bytes of body streamed after the headers (no Content-Length)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class LoopbackServer:
    base: str                     # http://127.0.0.1:PORT
    port: int
    path: str                     # the path of `url`
    script: list[Reply]
    requests: list[Request]
    sent: list[int] = field(default_factory=list)   # bytes written so far, per reply
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return self.base + self.path


def _answer_bytes(reply: Reply) -> bytes:
    head = [f"HTTP/1.1 {reply.status} Answer"]
    headers = {"Content-Length": str(len(reply.body)), "Connection": "close", **reply.headers}
    head += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + reply.body


@contextmanager
def loopback_server(default: Callable[[Request], Reply], *, path: str = "/",
                    tls: Path | None = None) -> Iterator[LoopbackServer]:
    """A server answering from its script, then from ``default``; stopped on exit. With ``tls``
    (a PEM file holding a certificate and its key), it speaks HTTPS."""
    state = LoopbackServer("", 0, path, [], [])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_one(self) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, parsed.path, urllib.parse.parse_qs(parsed.query),
                              dict(self.headers), self.rfile.read(length) if length else b"")
            state.requests.append(request)
            reply = state.script.pop(0) if state.script else default(request)
            self.close_connection = True
            if reply.delay:
                state.stop.wait(reply.delay)
            if reply.drop:
                return
            slot = len(state.sent)
            state.sent.append(0)
            try:
                for size in self._send(reply):
                    state.sent[slot] += size
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up

        def _send(self, reply: Reply) -> Iterator[int]:
            """Write the answer, yielding the size of each piece written."""
            ends = time.monotonic() + MAX_SECONDS
            if reply.trickle:
                data = _answer_bytes(reply)
                for index in range(len(data)):
                    if state.stop.is_set() or time.monotonic() > ends:
                        return
                    self.wfile.write(data[index:index + 1])
                    self.wfile.flush()
                    yield 1
                    state.stop.wait(reply.trickle)
                return
            if reply.filler:
                head = _answer_bytes(Reply(reply.status, b"", reply.headers))
                self.wfile.write(head.replace(b"Content-Length: 0\r\n", b""))
                sent, chunk = 0, b" " * MiB
                while sent < reply.filler and not state.stop.is_set() and time.monotonic() < ends:
                    piece = chunk[:reply.filler - sent]
                    self.wfile.write(piece)
                    sent += len(piece)
                    yield len(piece)
                return
            data = _answer_bytes(reply)
            self.wfile.write(data)
            yield len(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = handle_one

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    state.port = int(httpd.server_address[1])
    state.base = f"{'https' if tls else 'http'}://127.0.0.1:{state.port}"
    try:
        yield state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
