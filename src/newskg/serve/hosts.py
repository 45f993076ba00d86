"""Which host names the server answers for: a defence against DNS rebinding.

A page on another site can point a name it controls (``attacker.example``) at 127.0.0.1 and then
read, through the victim's browser, whatever a local server answers for that name. A server bound
to a loopback address therefore answers only requests whose Host header names the loopback
(``localhost``, ``127.0.0.1``, ``[::1]``, with any port), plus the names given with
``--allow-host``; others get 421. A server bound to another address (``--host 0.0.0.0``: shared on
purpose) answers any name, since it cannot know the names it is reached by, unless ``--allow-host``
is given: then only the loopback names and those. ``--allow-host '*'`` answers any name.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Iterable
from typing import Any

from newskg.serve.endpoint import Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
ANY_HOST = "*"


def allowed_hosts(bind_host: str, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The host names a server bound to ``bind_host`` answers for (None: any)."""
    names = {host_name(name) for name in extra}
    if ANY_HOST in names:
        return None
    if names or is_loopback(bind_host):
        return frozenset(LOOPBACK_NAMES) | names
    return None


def is_loopback(bind_host: str) -> bool:
    if bind_host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind_host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str:
    """A Host header's (or an --allow-host value's) name: lower case, without port or final dot;
    an IPv6 address in brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[:value.find("]") + 1] if "]" in value else value
    if value.count(":") > 1:  # a bare IPv6 address
        return f"[{value}]"
    return value.partition(":")[0].rstrip(".")


class HostGuard:
    """ASGI middleware: 421 for a request whose Host header names a host not allowed."""

    def __init__(self, app: Any, allowed: Collection[str]) -> None:
        self.app = app
        self.allowed = frozenset(allowed)
        self._seen: dict[bytes, bool] = {}  # Host header -> allowed; clients repeat the same few

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((value for name, value in scope["headers"] if name == b"host"), None)
            if host is None and scope.get("http_version") == "1.1":
                await _plain(send, 400, b"an HTTP/1.1 request must name its host (the Host "
                             b"header, RFC 9112 section 3.2)\n")
                return
            if host is not None and not self._allows(host):
                await _misdirected(send, host.decode("latin-1"), self.allowed)
                return
        await self.app(scope, receive, send)

    def _allows(self, host: bytes) -> bool:
        allowed = self._seen.get(host)
        if allowed is None:
            if len(self._seen) > 1000:
                self._seen.clear()
            allowed = self._seen[host] = host_name(host.decode("latin-1")) in self.allowed
        return allowed


async def _misdirected(send: Send, host: str, allowed: Collection[str]) -> None:
    name = host_name(host)
    names = [*(n for n in LOOPBACK_NAMES if n in allowed), *sorted(set(allowed) - set(LOOPBACK_NAMES))]
    body = (f"this server answers requests for {', '.join(names)} only, not for "
            f"{name!r} (the Host header): a page on another site could otherwise read it through "
            f"DNS rebinding; start it with --allow-host {name} to answer that name too\n").encode()
    await _plain(send, 421, body)


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
