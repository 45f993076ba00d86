"""The Wikidata client against a real HTTP server on loopback serving recorded-style API answers.

The server (http.server in a thread, port 0) answers from tests/fixtures/wikidata/ by ``action``, or
from a script of canned failures consumed first: 429 with Retry-After, 503, a reply slower than the
client's timeout, malformed JSON. None of them may crash `newskg link --online` or touch the snapshot.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import WikidataUnavailableError
from newskg.link.client import BATCH, WikidataClient, user_agent
from newskg.link.run import run_link
from newskg.link.snapshot import load_snapshot
from tests.conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "wikidata"
RETRIEVED = "2026-11-26T09:00:00Z"


@dataclass
class Reply:
    status: int = 200
    body: bytes | None = None      # None: the fixture for the request's action
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False             # close the connection without answering


@dataclass
class Server:
    url: str
    script: list[Reply]
    requests: list[tuple[str, dict[str, list[str]], dict[str, str]]]


def fixture_answer(params: dict[str, list[str]]) -> bytes:
    action = params.get("action", [""])[0]
    doc = json.loads((FIXTURES / f"{action}.json").read_text(encoding="utf-8"))
    if action == "wbgetentities":  # only the ids asked for, "missing" for unknown ones
        ids = params["ids"][0].split("|")
        doc["entities"] = {i: doc["entities"].get(i, {"id": i, "missing": ""}) for i in ids}
    return json.dumps(doc).encode("utf-8")


@pytest.fixture()
def server() -> Iterator[Server]:
    state = Server("", [], [])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parsed = urllib.parse.urlparse(self.path)
            params = urllib.parse.parse_qs(parsed.query)
            state.requests.append((parsed.path, params, dict(self.headers)))
            reply = state.script.pop(0) if state.script else Reply()
            if reply.delay:
                time.sleep(reply.delay)
            if reply.drop:
                self.close_connection = True
                return
            body = fixture_answer(params) if reply.body is None else reply.body
            try:
                self.send_response(reply.status)
                for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/w/api.php"
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def client(url: str, waits: list[float], tmp_path: Path | None = None,
           **options: float) -> WikidataClient:
    return WikidataClient(url, cache_dir=tmp_path, sleep=waits.append,
                          clock=lambda: RETRIEVED, **options)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- the client itself

def test_search_and_entities_read_recorded_answers(server: Server) -> None:
    c = client(server.url, [])
    assert c.search("Azerbaijan") == ["Q227", "Q244165"]
    items = {i.id: i for i in c.entities(["Q227", "Q7747", "Q999999999"])}
    assert set(items) == {"Q227", "Q7747"}  # a missing id is left out
    assert items["Q227"].types == ("Q6256", "Q3624078")
    assert items["Q7747"].aliases == ("Putin",)
    source = items["Q227"].sources[0]
    assert source.is_online and source.retrieved == RETRIEVED
    assert "action=wbgetentities" in source.origin and source.origin.startswith(server.url)


def test_user_agent_names_tool_version_and_contact(server: Server,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_CONTACT", "newskg-tests@example.org")
    client(server.url, []).search("Azerbaijan")
    agent = server.requests[0][2]["User-Agent"]
    assert agent == user_agent()
    assert agent.startswith("newskg/0.") and "(newskg-tests@example.org)" in agent


def test_entities_are_fetched_fifty_per_call(server: Server) -> None:
    ids = [f"Q{n}" for n in range(1, 121)]
    list(client(server.url, []).entities(ids))
    batches = [p["ids"][0].split("|") for _, p, _ in server.requests]
    assert [len(b) for b in batches] == [BATCH, BATCH, 20]
    assert sorted(itertools.chain(*batches), key=lambda i: int(i[1:])) == ids


def test_429_with_retry_after_is_honoured(server: Server) -> None:
    server.script[:] = [Reply(429, b"{}", {"Retry-After": "2"}), Reply(429, b"", {"Retry-After": "1"})]
    waits: list[float] = []
    assert client(server.url, waits).search("Azerbaijan") == ["Q227", "Q244165"]
    assert waits == [2.0, 1.0]  # the server's Retry-After, not the backoff
    assert len(server.requests) == 3


def test_503_backs_off_exponentially_then_succeeds(server: Server) -> None:
    server.script[:] = [Reply(503, b"busy"), Reply(503, b"busy")]
    waits: list[float] = []
    assert client(server.url, waits, backoff=0.5).search("Azerbaijan")[0] == "Q227"
    assert waits == [0.5, 1.0]


def test_retries_run_out_with_a_clear_error(server: Server) -> None:
    server.script[:] = [Reply(503, b"busy")] * 3
    waits: list[float] = []
    with pytest.raises(WikidataUnavailableError, match="no answer after 3 attempts"):
        client(server.url, waits, retries=2).search("Azerbaijan")
    assert len(waits) == 2


def test_a_reply_slower_than_the_timeout_is_retried(server: Server) -> None:
    server.script[:] = [Reply(delay=1.0)]
    waits: list[float] = []
    assert client(server.url, waits, timeout=0.2).search("Azerbaijan")[0] == "Q227"
    assert len(waits) == 1 and len(server.requests) == 2


def test_a_dropped_connection_is_retried(server: Server) -> None:
    server.script[:] = [Reply(drop=True)]
    waits: list[float] = []
    assert client(server.url, waits).search("Azerbaijan")[0] == "Q227"
    assert waits == [1.0]


def test_malformed_json_is_an_error_not_a_crash(server: Server) -> None:
    server.script[:] = [Reply(200, b'{"search": [')]
    with pytest.raises(WikidataUnavailableError, match="malformed JSON"):
        client(server.url, []).search("Azerbaijan")


def test_api_error_and_maxlag(server: Server) -> None:
    server.script[:] = [Reply(200, b'{"error": {"code": "maxlag", "info": "lagged"}}',
                              {"Retry-After": "3"})]
    waits: list[float] = []
    assert client(server.url, waits).search("Azerbaijan")[0] == "Q227"
    assert waits == [3.0]
    server.script[:] = [Reply(200, b'{"error": {"code": "badvalue", "info": "no"}}')]
    with pytest.raises(WikidataUnavailableError, match="badvalue"):
        client(server.url, []).search("Other")


def test_answers_are_cached_on_disk(server: Server, tmp_path: Path) -> None:
    first = client(server.url, [], tmp_path).search("Azerbaijan")
    second = client(server.url, [], tmp_path).search("Azerbaijan")
    assert first == second and len(server.requests) == 1
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_unreachable_host_fails_fast() -> None:
    with pytest.raises(WikidataUnavailableError, match="cannot reach .*offline"):
        WikidataClient("http://127.0.0.1:1/w/api.php", sleep=lambda s: None).search("x")


# ------------------------------------------------------------------------- the command, online

@pytest.mark.parametrize("failure", [
    [Reply(503, b"busy")] * 10,
    [Reply(200, b"<html>not json")],
    [Reply(200, b'{"entities": "broken"}')] * 10,
], ids=["503", "malformed", "wrong-shape"])
def test_failures_leave_the_snapshot_untouched(server: Server, data_copy: Path,
                                               failure: list[Reply]) -> None:
    run_link(data_copy)  # writes snapshot.yaml and links.yaml offline
    snapshot = data_copy / "wikidata" / "snapshot.yaml"
    before = snapshot.read_bytes()
    server.script[:] = failure
    result = run_link(data_copy, online=True,
                      client=client(server.url, [], retries=1))  # type: ignore[call-arg]
    assert any("online run failed, using the local snapshot" in n for n in result.notes)
    assert snapshot.read_bytes() == before
    load_snapshot(snapshot)  # still valid
    assert result.links["azerbaijan"].id == "Q227"


def test_online_run_records_url_and_time_of_every_fact(server: Server, data_copy: Path) -> None:
    result = run_link(data_copy, online=True, client=client(server.url, []))
    assert any(n.startswith("online: snapshot now holds") for n in result.notes)
    snap = load_snapshot(data_copy / "wikidata" / "snapshot.yaml")
    q227 = snap.items["Q227"]
    assert q227.types == ("Q6256", "Q3624078") and q227.aliases == ("Republic of Azerbaijan",)
    online = [s for s in q227.sources if s.is_online]
    assert online and online[0].retrieved == RETRIEVED and "wbgetentities" in online[0].origin
    assert any("verified.tsv" in s.origin for s in q227.sources)  # the seed source is kept
    assert snap.items["P813"].label == "retrieved"
    # P31 now known: Yerevan (a city) agrees with the city's types; the matcher says so
    assert "types agree" in result.links["yerevan"].why
    # the search proposed Q244165 for every subject; it must not link anything automatically
    assert all(link.id != "Q244165" for link in result.links.values())


def test_cli_without_network_says_so_and_falls_back(data_copy: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_WIKIDATA_API", "http://127.0.0.1:1/w/api.php")
    result = CliRunner().invoke(app, ["link", "--online", "--data-dir", str(data_copy),
                                      "--build-dir", str(data_copy.parent / "build")])
    assert result.exit_code == 0, result.stderr
    assert "online run failed, using the local snapshot instead: cannot reach" in result.stderr
    assert "azerbaijan" in result.stdout and "Q227" in result.stdout


@pytest.mark.live
@pytest.mark.skipif(os.environ.get("NEWSKG_LIVE") != "1", reason="live Wikidata: set NEWSKG_LIVE=1")
def test_live_wikidata_knows_azerbaijan(tmp_path: Path) -> None:
    c = WikidataClient(cache_dir=tmp_path)
    assert "Q227" in c.search("Azerbaijan")
    (item,) = c.entities(["Q227"])
    assert item.label == "Azerbaijan" and item.types
