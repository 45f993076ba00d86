"""uvicorn's httptools protocol, with each response's status line, headers and body sent at once,
and with bounds on what a client may send (`GuardedHttpToolsProtocol`).

uvicorn writes a response in two calls, the head at ``http.response.start`` and the body at
``http.response.body``, and the event loop sends each to the socket at once: two TCP segments, two
system calls and two wake-ups of the client for every small answer. `CoalescingTransport` holds the
writes made in one turn of the event loop and sends them together at the end of it (or before the
connection closes). Everything else is uvicorn's own protocol.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol


class CoalescingTransport:
    """A transport whose writes in one loop turn go to the socket as one write."""

    __slots__ = ("_ended", "_loop", "_pending", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] | None = None
        self._ended = False  # write_eof was called: later writes are dropped

    def write(self, data: bytes) -> None:
        if self._ended:
            return
        if self._pending is None:
            self._pending = [data]
            self._loop.call_soon(self.flush)
        else:
            self._pending.append(data)

    def flush(self) -> None:
        pending, self._pending = self._pending, None
        if pending and not self._transport.is_closing():
            self._transport.write(pending[0] if len(pending) == 1 else b"".join(pending))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._ended = True
        self._transport.write_eof()

    def abort(self) -> None:
        self._pending = None
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(map(len, self._pending or ()))

    def __getattr__(self, name: str) -> Any:  # is_closing, get_extra_info, pause_reading, ...
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's HttpToolsProtocol over a `CoalescingTransport` (``uvicorn.Config(http=...)``)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]


@dataclass(frozen=True)
class ClientLimits:
    """What a client may send: how long it may take, how large a request's head may be."""

    timeout: float = 10.0  # a request must arrive whole within this many seconds
    max_header_bytes: int = 64 * 1024  # names and values of all its header fields
    max_headers: int = 100
    # the longest request target uvicorn can read (httptools.parse_url refuses longer ones, which
    # came out as "400 Invalid HTTP request received."); a longer query goes by POST
    max_url_bytes: int = 65_535


LINGER_SECONDS = 2.0  # after a refusal, what the client still sends is read and dropped this long


class RequestRefused(Exception):
    """Raised in a parser callback to answer at once and close the connection."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class GuardedHttpToolsProtocol(CoalescingHttpToolsProtocol):
    """`CoalescingHttpToolsProtocol` that bounds what a client may send, before the app sees it.

    uvicorn bounds neither the time a client takes to send a request (a client sending its headers
    a byte at a time holds its connection for ever) nor the size of a request's head. Here:

    - a request must arrive whole (head and body) within ``limits.timeout`` seconds, counted from
      the connection's start for the first request and from a request's first byte for the next
      ones (uvicorn's keep-alive timeout closes a connection idle between requests); a late one
      gets 408 and the connection is closed;
    - more than ``max_headers`` header fields, or more than ``max_header_bytes`` in them, get 431;
      a request target over ``max_url_bytes`` gets 414.

    uvicorn makes the protocol with its Config (``http=partial(GuardedHttpToolsProtocol,
    limits=...)``): see `newskg.serve.supervisor`.
    """

    def __init__(self, *args: Any, limits: ClientLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or ClientLimits()
        # One timer per connection, re-armed only when it fires early: arming and cancelling one
        # for every request cost more than the rest of this class's work on it.
        self._deadline: asyncio.TimerHandle | None = None
        self._due: float | None = None  # loop time by which the current request must be whole
        self._head_open = False  # a request's head has begun and is not complete
        self._received = False  # a byte of the current request has arrived
        self._discarding = False  # refused: what the client still sends is dropped
        self._url_bytes = self._header_bytes = self._header_count = self._head_chunk_bytes = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.loop.time() + self.limits.timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        # uvicorn's own data_received, with a refusal raised by a callback below answered as such
        if self._discarding:
            return
        continues_head = self._head_open
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            refusal = exc.__context__
            if isinstance(refusal, RequestRefused):
                self.refuse(refusal.status, refusal.message)
            else:
                self.send_400_response("Invalid HTTP request received.")
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        except httptools.HttpParserError:
            self.send_400_response("Invalid HTTP request received.")
            return
        if continues_head and self._head_open:  # all of this chunk belongs to the head
            self._head_chunk_bytes += len(data)
            if self._head_chunk_bytes - self._url_bytes > self.limits.max_header_bytes:
                self.refuse(431, self._too_large_head())

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = self._received = True
        self._url_bytes = self._header_bytes = self._header_count = self._head_chunk_bytes = 0
        if self._due is None:  # the first request's time counts from the connection's start
            self._arm(self.loop.time() + self.limits.timeout)

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > self.limits.max_url_bytes:
            raise RequestRefused(414, f"the request's URL is longer than {self.limits.max_url_bytes} "
                                 "bytes; send a long query by POST")
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._header_bytes += len(name) + len(value) + 4
        if (self._header_count > self.limits.max_headers
                or self._header_bytes > self.limits.max_header_bytes):
            raise RequestRefused(431, self._too_large_head())
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._head_open = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._due = None  # the timer stays; when it fires with nothing due, it is dropped
        self._received = False

    def refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with ``message`` (unless a response is under way) and close."""
        self._stop_deadline()
        if self._discarding or self.transport.is_closing():
            return
        if self._may_answer():
            body = (message + "\n").encode()
            self.transport.write(b"".join([
                STATUS_LINE[status], b"content-type: text/plain; charset=utf-8\r\n",
                b"content-length: ", str(len(body)).encode(), b"\r\nconnection: close\r\n\r\n",
                body]))
        if self.cycle is not None and not self.cycle.response_complete:
            # as when the connection is lost: the app reading the body hears of it, and what it
            # would still send is dropped
            self.cycle.keep_alive = False
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self._linger()

    def _linger(self) -> None:
        """Close our side, then read and drop what the client still sends for a moment: closing
        a socket with unread data resets the connection, and the client could lose the answer."""
        self._discarding = True
        transport = self.transport
        if not transport.can_write_eof():
            transport.close()
            return
        transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, transport.close)

    def _may_answer(self) -> bool:
        """Is no response under way on the connection, so that one may be written now?"""
        if self._head_open or self.cycle is None:  # the request has no cycle of its own yet
            return self.cycle is None or self.cycle.response_complete
        return not self.cycle.response_started

    def _too_large_head(self) -> str:
        return (f"the request's header fields are too large: at most {self.limits.max_headers} "
                f"fields of {self.limits.max_header_bytes} bytes in all")

    def _arm(self, due: float) -> None:
        """The current request must be whole by ``due`` (loop time)."""
        self._due = due
        if self._deadline is None:
            self._deadline = self.loop.call_at(due, self._too_slow)

    def _too_slow(self) -> None:
        self._deadline = None
        if self._due is None:  # between requests: the next one arms the timer again
            return
        if self.loop.time() < self._due:  # armed for an earlier request: wait for this one's
            self._deadline = self.loop.call_at(self._due, self._too_slow)
            return
        if self._head_open and self.cycle is not None and not self.cycle.response_complete:
            # a pipelined request arrives while the previous one is being answered: wait for it
            self._due = None
            self._arm(self.loop.time() + self.limits.timeout)
            return
        if not self._received:  # nothing of a request came: close quietly
            self._stop_deadline()
            self.transport.close()
            return
        self.refuse(408, f"the request did not arrive whole within {self.limits.timeout:g} s; "
                    "newskg serve closes connections that send slowly")

    def _stop_deadline(self) -> None:
        self._due = None
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
