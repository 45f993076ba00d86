"""The application behind `newskg review`: one article's review page, on loopback only.

Routes:
  GET  /                 the review page (assets under /assets/, no outside requests)
  GET  /api/state        the article, its reports with spans and candidates, the pickers' choices,
                         and the token of the files' version (newskg.review.page)
  POST /api/save         {"token": ..., "edits": [...]} → 200 with the new state; 409 when the files
                         changed since the token (nothing written); 422 with the build's message when
                         the result would not build (nothing written)

This is the one place newskg writes its input files from a browser, so it listens on a loopback
address only, answers only loopback Host names (DNS rebinding), and takes a save only as JSON from
its own origin (a page elsewhere cannot send one: it would need CORS, which is never granted).
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from newskg.errors import InputError, NewskgError, ServeError, StaleEditError
from newskg.review.edits import KEY
from newskg.review.page import page_state
from newskg.review.session import DEFAULT_REVIEWER, ReviewSession, find_article
from newskg.serve.hosts import LOOPBACK_NAMES, HostGuard, host_name

ASSETS = {"index.html": "text/html; charset=utf-8", "review.js": "text/javascript; charset=utf-8",
          "review.css": "text/css; charset=utf-8"}
MAX_SAVE_BYTES = 4 * 2**20
DEFAULT_PORT = 7879
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store"}


def _asset(name: str) -> bytes:
    return (resources.files("newskg") / "resources" / "review" / name).read_bytes()


def create_review_app(session: ReviewSession) -> Any:
    """The ASGI application reviewing ``session``'s article."""

    async def index(request: Request) -> Response:
        return Response(_asset("index.html"), media_type=ASSETS["index.html"],
                        headers=SECURITY_HEADERS)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return Response("not found\n", status_code=404, media_type="text/plain")
        return Response(_asset(name), media_type=ASSETS[name], headers=SECURITY_HEADERS)

    async def state(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(page_state, session),
                            headers=SECURITY_HEADERS)

    async def save(request: Request) -> Response:
        refused = _refuse_foreign(request)
        if refused is not None:
            return refused
        body = await request.body()
        if len(body) > MAX_SAVE_BYTES:
            return _error(413, "the save is too large")
        try:
            sent = json.loads(body)
            token, changes = str(sent["token"]), sent["edits"]
        except (ValueError, KeyError, TypeError, RecursionError):  # deep nesting too
            return _error(400, "a save is JSON: {\"token\": ..., \"edits\": [...]}")
        if not isinstance(changes, list) or not all(isinstance(c, dict) for c in changes):
            return _error(400, "a save's \"edits\" is a list of objects, one an edit")
        try:
            files, project = await run_in_threadpool(session.save, token, changes)
        except StaleEditError as exc:
            return _error(409, f"error: {exc}")
        except NewskgError as exc:  # what `newskg build` would say, with the same words
            return _error(422, f"error: {exc}")
        state = await run_in_threadpool(page_state, session, files, project)
        return JSONResponse({"saved": len(changes), "state": state}, headers=SECURITY_HEADERS)

    app = Starlette(routes=[
        Route("/", index), Route("/assets/{name}", asset), Route("/api/state", state),
        Route("/api/save", save, methods=["POST"])])
    return HostGuard(app, LOOPBACK_NAMES)


def _refuse_foreign(request: Request) -> Response | None:
    """A save only as JSON, and only from a page of this server (its Origin, when sent)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return _error(415, "a save is sent as application/json")
    origin = request.headers.get("origin")
    if origin is not None:
        host = origin.split("://", 1)[-1]
        if host_name(host) not in LOOPBACK_NAMES or host != request.headers.get("host"):
            return _error(403, f"a save from {origin} is refused: only this page saves")
    return None


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status_code=status, headers=SECURITY_HEADERS)


def _stopped(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def serve_review(data_dir: Path, article: str | None, *, port: int = DEFAULT_PORT,
                 reviewer: str = DEFAULT_REVIEWER,
                 on_listening: Callable[[str], None] | None = None) -> None:
    """Serve the review page of ``article`` (see find_article) on 127.0.0.1 until interrupted."""
    import socket

    import uvicorn

    if not KEY.match(reviewer):
        raise InputError(f"{reviewer!r} is not a key", field="--reviewer",
                         hint="lowercase letters a-z, digits 0-9 and '-', e.g. jdoe")
    session = ReviewSession(data_dir, find_article(data_dir, article), reviewer=reviewer)
    page_state(session)  # fail here, not in the browser, when the article cannot be read
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; is another "
                         "server using it? (use --port N)") from None
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    config = uvicorn.Config(create_review_app(session), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again under the handler
    # it found: this one makes that the end of the command, exit 0, as for `newskg serve`
    # (the default handler made it exit 143); set before the address is announced
    before = signal.signal(signal.SIGTERM, _stopped)
    if on_listening is not None:
        on_listening(url)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, before)
        sock.close()
