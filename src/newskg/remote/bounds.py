"""Bounds on every outgoing HTTP request: one overall deadline, a size cap on the answer, and
redirects kept to the server that was asked.

http.client's ``timeout`` bounds each socket operation, not the request: a server that sends one
byte every few seconds keeps a request alive for ever. Here each request has a `Deadline`, and
every send and receive on the connection's socket may wait only for the time left before it (the
socket is wrapped once per connection, `DeadlineSocket`): connecting, sending, the status line,
the headers and the body all count. Answers are read in chunks and refused as soon as they pass the
cap (at once when a Content-Length over the cap is declared), so memory stays bounded whatever the
server sends. `same_origin` is the redirect rule: the same scheme, host and port.

`newskg.remote.client.Connection` is the one client built on these; `push`, `query --endpoint` and the
Wikidata client (`link --online`) all go through it.
"""

from __future__ import annotations

import http.client
import io
import math
import socket
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

MiB = 1024 * 1024
CHUNK = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class HttpLimits:
    """The bounds of one request: ``deadline`` seconds in all (connect, send, the whole answer),
    and an answer body of at most ``max_bytes``."""

    deadline: float = 60.0
    max_bytes: int = 256 * MiB

    def __post_init__(self) -> None:
        if not self.deadline > 0 or self.max_bytes < 1:
            raise ValueError(f"limits must be positive: {self}")

    @classmethod
    def given(cls, deadline: float | None, max_mib: int | None) -> HttpLimits:
        """The defaults, with the options given (``--deadline SECONDS``, ``--max-answer MIB``)."""
        defaults = cls()
        return cls(defaults.deadline if deadline is None else deadline,
                   defaults.max_bytes if max_mib is None else max_mib * MiB)

    @property
    def cap(self) -> str:
        """The size cap as people write it: '64 MiB', or bytes below one MiB."""
        if self.max_bytes % MiB == 0:
            return f"{self.max_bytes // MiB} MiB"
        return f"{self.max_bytes} bytes"


class DeadlinePassed(TimeoutError):
    """The request's deadline came before its answer was complete."""


class AnswerTooLarge(ValueError):
    """The answer is larger than the cap; ``declared`` is the Content-Length when it said so."""

    def __init__(self, declared: int | None) -> None:
        super().__init__(declared)
        self.declared = declared


class Deadline:
    """When the request under way must be done (monotonic clock); `left` is the time remaining."""

    def __init__(self) -> None:
        self.ends = math.inf

    def start(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; DeadlinePassed when none are."""
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise DeadlinePassed()
        return remaining


class _DeadlineReader(io.RawIOBase):
    """The socket's input for one answer: each receive waits at most the time left.

    It reads through the socket's own unbuffered file, which keeps the socket open while the
    answer is read even after http.client closed the connection (as for the standard file)."""

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        super().__init__()
        self._sock = sock
        self._file = sock.makefile("rb", buffering=0)
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._deadline.left())
        return self._file.readinto(buffer) or 0

    def close(self) -> None:
        self._file.close()
        super().close()


class DeadlineSocket:
    """A connected socket as http.client uses it (sendall, makefile, close), every send and
    receive bounded by the deadline of the request under way."""

    def __init__(self, sock: socket.socket, deadline: Deadline) -> None:
        self._sock = sock
        self._deadline = deadline

    def sendall(self, data: Any) -> None:
        self._sock.settimeout(self._deadline.left())  # sendall's timeout covers the whole send
        self._sock.sendall(data)

    def makefile(self, mode: str = "rb", *_: object, **__: object) -> io.BufferedReader:
        if mode != "rb":
            raise ValueError(f"only 'rb' is supported, not {mode!r}")
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        self._sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _HTTPConnection(http.client.HTTPConnection):
    deadline: Deadline

    def connect(self) -> None:
        self.timeout = self.deadline.left()
        super().connect()
        self.sock = DeadlineSocket(self.sock, self.deadline)


class _HTTPSConnection(http.client.HTTPSConnection):
    deadline: Deadline

    def connect(self) -> None:
        self.timeout = self.deadline.left()  # also bounds the TLS handshake
        super().connect()
        self.sock = DeadlineSocket(self.sock, self.deadline)


def open_connection(parts: urllib.parse.SplitResult,
                    deadline: Deadline) -> http.client.HTTPConnection:
    """An unconnected http.client connection to ``parts``' host whose socket obeys ``deadline``."""
    kind = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    conn = kind(parts.hostname or "", parts.port)
    conn.deadline = deadline
    return conn


def read_capped(answer: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """The answer's body, read in chunks; AnswerTooLarge past ``max_bytes``."""
    declared = (answer.getheader("Content-Length") or "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise AnswerTooLarge(int(declared))
    body = bytearray()
    while chunk := answer.read(CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise AnswerTooLarge(None)
    return bytes(body)


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL, with the scheme's default port filled in."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


def same_origin(url: str, other: str) -> bool:
    """Whether both URLs name the same scheme, host and port (the rule for following redirects)."""
    return origin(url) == origin(other)
