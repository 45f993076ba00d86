"""Every request of `push` and `query --endpoint` is bounded: an overall deadline, a size cap on the
answer, redirects only to the same server (issue 10, rows 7 and 9).

The servers are `tests.loopback_http` servers on 127.0.0.1: one that sends its answer one byte
every half second (a per-read timeout never fires), one that streams 300 MB, one that redirects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.publish.build import BuildResult
from newskg.remote.online import unreachable_reason
from tests.conftest import REPO
from tests.loopback_http import LoopbackServer, MiB, Reply, Request, loopback_server

TLS_PEM = REPO / "tests" / "fixtures" / "tls" / "localhost.pem"  # self-signed, for 127.0.0.1
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()
SPARQL_JSON = {"Content-Type": "application/sparql-results+json"}


def nothing(_: Request) -> Reply:
    return Reply(204)


@pytest.fixture()
def server() -> Iterator[LoopbackServer]:
    with loopback_server(nothing, path="/store") as state:
        yield state


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_push_to_a_trickling_server_stops_at_the_deadline(
        server: LoopbackServer, built: tuple[BuildResult, Path]) -> None:
    # issue 10, row 7: one byte every 0.5 s kept the 60 s per-read timeout from ever firing
    server.script[:] = [Reply(204, trickle=0.5)]
    code, _, err = run("push", server.url, "--deadline", "2", "--build-dir", str(built[1]))
    line = one_error_line(err)
    assert code == 2
    assert line.startswith(f"error: {server.base}/store?graph=")
    assert line.endswith("no complete answer within the 2 s deadline (--deadline sets it)")
    assert len(server.requests) == 1 and server.sent[0] < len(b"HTTP/1.1 204 Answer\r\n")


def test_query_endpoint_on_a_trickling_server_stops_at_the_deadline(server: LoopbackServer) -> None:
    server.script[:] = [Reply(200, ASK_TRUE, SPARQL_JSON, trickle=0.5)]
    code, out, err = run("query", "--endpoint", server.url, "--deadline", "1.5", "ASK {}")
    assert code == 2 and out == ""
    assert one_error_line(err) == (f"error: {server.url}: no complete answer within the 1.5 s "
                                   "deadline (--deadline sets it)")


def test_query_endpoint_stops_reading_a_huge_answer_at_the_cap(server: LoopbackServer) -> None:
    # issue 10, row 9: the answer was read whole (1.2 GB of memory for 300 MB)
    server.script[:] = [Reply(200, headers=SPARQL_JSON, filler=300 * MiB)]
    code, _, err = run("query", "--endpoint", server.url, "--max-answer", "4", "ASK {}")
    assert code == 2
    assert one_error_line(err) == (f"error: {server.url}: the answer is larger than the 4 MiB "
                                   "cap; not read (--max-answer sets the cap in MiB)")
    assert server.sent[0] < 64 * MiB


def test_a_redirect_to_another_server_is_refused(server: LoopbackServer,
                                                  built: tuple[BuildResult, Path]) -> None:
    other = f"http://localhost:{server.port}/store"
    server.script[:] = [Reply(307, headers={"Location": other})]
    code, _, err = run("push", server.url, "--build-dir", str(built[1]))
    assert code == 2
    assert f"redirects to {other}" in one_error_line(err) and "another server: not followed" in err
    assert len(server.requests) == 1


def test_a_redirect_to_the_same_server_is_followed_with_the_request(server: LoopbackServer) -> None:
    server.script[:] = [Reply(307, headers={"Location": "/sparql"}), Reply(200, ASK_TRUE, SPARQL_JSON)]
    code, out, _ = run("query", "--endpoint", server.url, "ASK {}")
    assert (code, out) == (0, "true\n")
    first, second = server.requests
    assert (second.method, second.path, second.body) == ("POST", "/sparql", first.body)


def test_deadline_without_an_endpoint_is_refused(built: tuple[BuildResult, Path]) -> None:
    code, _, err = run("query", "--build-dir", str(built[1]), "--deadline", "5", "ASK {}")
    assert code == 2 and "bound the requests to --endpoint" in one_error_line(err)


@pytest.mark.parametrize(("command", "bounds"), [
    ("push", ("deadline of 60 s (--deadline)", "cap of 256 MiB (--max-answer)")),
    ("query", ("With --endpoint", "deadline of 60 s (--deadline)", "cap of 256 MiB (--max-answer)")),
])
def test_help_states_the_deadline_and_the_cap(command: str, bounds: tuple[str, ...]) -> None:
    text = " ".join(CliRunner().invoke(app, [command, "--help"], terminal_width=200).stdout.split())
    for bound in bounds:
        assert bound in text, bound


def test_the_online_probe_has_an_overall_deadline(server: LoopbackServer) -> None:
    # `query --name head-of-state` asks first whether Wikidata answers at all
    server.script[:] = [Reply(200, trickle=0.5)]
    reason = unreachable_reason(server.url, timeout=1.0)
    assert reason is not None and "within the 1 s deadline" in reason


def test_https_requests_have_the_same_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    # the deadline wraps the TLS socket too: an answer, kept alive, then a trickle cut off
    monkeypatch.setenv("SSL_CERT_FILE", str(TLS_PEM))  # trust the test certificate
    with loopback_server(nothing, path="/sparql", tls=TLS_PEM) as tls_server:
        assert tls_server.url.startswith("https://127.0.0.1:")
        tls_server.script[:] = [Reply(200, ASK_TRUE, SPARQL_JSON),
                                Reply(200, ASK_TRUE, SPARQL_JSON, trickle=0.5)]
        assert run("query", "--endpoint", tls_server.url, "ASK {}")[:2] == (0, "true\n")
        code, _, err = run("query", "--endpoint", tls_server.url, "--deadline", "1.5", "ASK {}")
        assert code == 2 and "within the 1.5 s deadline" in one_error_line(err)


def test_the_online_probe_takes_any_answer_to_head(server: LoopbackServer) -> None:
    # a HEAD answer has no body: the length it declares is not held against the size cap
    server.script[:] = [Reply(200, headers={"Content-Length": str(10 * 1024 * MiB)})]
    assert unreachable_reason(server.url, timeout=5.0) is None
    assert server.requests[0].method == "HEAD"


def test_a_moved_store_is_reported_not_followed_by_a_put(server: LoopbackServer,
                                                         built: tuple[BuildResult, Path]) -> None:
    # 301/302 may turn a PUT into a GET on the way: newskg says where to push instead
    server.script[:] = [Reply(301, headers={"Location": f"{server.base}/data"})]
    code, _, err = run("push", server.url, "--build-dir", str(built[1]))
    assert code == 2 and f"answered 301 Answer (it redirects to {server.base}/data: use that " \
        "URL)" in one_error_line(err)
    assert len(server.requests) == 1
