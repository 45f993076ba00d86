"""The Wikidata client against a real HTTP server on loopback serving recorded-style API answers.

The server (`tests.loopback_http`, port 0) answers from tests/fixtures/wikidata/ by ``action``, or
from a script of canned failures consumed first: 429 with Retry-After, 503, a reply slower than the
deadline or sent one byte at a time, a redirect to another host, an endless answer, malformed JSON.
None of them may crash `newskg link --online`, make it wait unboundedly, or touch the snapshot.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import WikidataUnavailableError
from newskg.link.client import BATCH, Bounds, WikidataClient, user_agent
from newskg.link.run import run_link
from newskg.project.snapshot import load_snapshot
from tests.conftest import REPO
from tests.loopback_http import LoopbackServer, MiB, Reply, Request, loopback_server

FIXTURES = REPO / "tests" / "fixtures" / "wikidata"
RETRIEVED = "2026-11-26T09:00:00Z"


def fixture_answer(params: dict[str, list[str]]) -> bytes:
    action = params.get("action", [""])[0]
    doc = json.loads((FIXTURES / f"{action}.json").read_text(encoding="utf-8"))
    if action == "wbgetentities":  # only the ids asked for, "missing" for unknown ones
        ids = params["ids"][0].split("|")
        doc["entities"] = {i: doc["entities"].get(i, {"id": i, "missing": ""}) for i in ids}
    return json.dumps(doc).encode("utf-8")


def recorded(request: Request) -> Reply:
    return Reply(200, fixture_answer(request.params), {"Content-Type": "application/json"})


@pytest.fixture()
def server() -> Iterator[LoopbackServer]:
    """The API on loopback: recorded answers, after the test's scripted ones (``server.script``)."""
    with loopback_server(recorded, path="/w/api.php") as state:
        yield state


def client(url: str, waits: list[float], tmp_path: Path | None = None,
           bounds: Bounds | None = None, **options: float) -> WikidataClient:
    return WikidataClient(url, cache_dir=tmp_path, sleep=waits.append, bounds=bounds,
                          clock=lambda: RETRIEVED, **options)  # type: ignore[arg-type]


# ------------------------------------------------------------------------- the client itself

def test_search_and_entities_read_recorded_answers(server: LoopbackServer) -> None:
    c = client(server.url, [])
    assert c.search("Azerbaijan") == ["Q227", "Q244165"]
    items = {i.id: i for i in c.entities(["Q227", "Q7747", "Q999999999"])}
    assert set(items) == {"Q227", "Q7747"}  # a missing id is left out
    assert items["Q227"].types == ("Q6256", "Q3624078")
    assert items["Q7747"].aliases == ("Putin",)
    source = items["Q227"].sources[0]
    assert source.is_online and source.retrieved == RETRIEVED
    assert "action=wbgetentities" in source.origin and source.origin.startswith(server.url)


def test_user_agent_names_tool_version_and_contact(server: LoopbackServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKG_CONTACT", "newskg-tests@example.org")
    client(server.url, []).search("Azerbaijan")
    agent = server.requests[0].headers["User-Agent"]
    assert agent == user_agent()
    assert agent.startswith("newskg/0.") and "(newskg-tests@example.org)" in agent


def test_entities_are_fetched_fifty_per_call(server: LoopbackServer) -> None:
    ids = [f"Q{n}" for n in range(1, 121)]
    list(client(server.url, []).entities(ids))
    batches = [r.params["ids"][0].split("|") for r in server.requests]
    assert [len(b) for b in batches] == [BATCH, BATCH, 20]
    assert sorted(itertools.chain(*batches), key=lambda i: int(i[1:])) == ids


def test_429_with_retry_after_is_honoured(server: LoopbackServer) -> None:
    server.script[:] = [Reply(429, b"{}", {"Retry-After": "2"}), Reply(429, b"", {"Retry-After": "1"})]
    waits: list[float] = []
    assert client(server.url, waits).search("Azerbaijan") == ["Q227", "Q244165"]
    assert waits == [2.0, 1.0]  # the server's Retry-After, not the backoff
    assert len(server.requests) == 3


def test_503_backs_off_exponentially_then_succeeds(server: LoopbackServer) -> None:
    server.script[:] = [Reply(503, b"busy"), Reply(503, b"busy")]
    waits: list[float] = []
    assert client(server.url, waits, backoff=0.5).search("Azerbaijan")[0] == "Q227"
    assert waits == [0.5, 1.0]


def test_retries_run_out_with_a_clear_error(server: LoopbackServer) -> None:
    server.script[:] = [Reply(503, b"busy")] * 3
    waits: list[float] = []
    with pytest.raises(WikidataUnavailableError, match="no answer after 3 attempts"):
        client(server.url, waits, retries=2).search("Azerbaijan")
    assert len(waits) == 2


def test_a_reply_slower_than_the_deadline_ends_the_online_run(server: LoopbackServer) -> None:
    # not retried: a server that cannot answer within the deadline would only eat the next one
    server.script[:] = [Reply(delay=3.0)]
    waits: list[float] = []
    with pytest.raises(WikidataUnavailableError, match=r"within the 0.2 s deadline \(--deadline"):
        client(server.url, waits, bounds=Bounds(deadline=0.2)).search("Azerbaijan")
    assert waits == [] and len(server.requests) == 1


def test_a_dropped_connection_is_retried(server: LoopbackServer) -> None:
    # the first drop is taken for a closed kept-alive connection (reconnect at once); the second
    # is a failure, retried after the backoff
    server.script[:] = [Reply(drop=True), Reply(drop=True)]
    waits: list[float] = []
    assert client(server.url, waits).search("Azerbaijan")[0] == "Q227"
    assert waits == [1.0] and len(server.requests) == 3


def test_malformed_json_is_an_error_not_a_crash(server: LoopbackServer) -> None:
    server.script[:] = [Reply(200, b'{"search": [')]
    with pytest.raises(WikidataUnavailableError, match="malformed JSON"):
        client(server.url, []).search("Azerbaijan")


def test_api_error_and_maxlag(server: LoopbackServer) -> None:
    server.script[:] = [Reply(200, b'{"error": {"code": "maxlag", "info": "lagged"}}',
                              {"Retry-After": "3"})]
    waits: list[float] = []
    assert client(server.url, waits).search("Azerbaijan")[0] == "Q227"
    assert waits == [3.0]
    server.script[:] = [Reply(200, b'{"error": {"code": "badvalue", "info": "no"}}')]
    with pytest.raises(WikidataUnavailableError, match="badvalue"):
        client(server.url, []).search("Other")


def test_answers_are_cached_on_disk(server: LoopbackServer, tmp_path: Path) -> None:
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
def test_failures_leave_the_snapshot_untouched(server: LoopbackServer, data_copy: Path,
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


def test_online_run_records_url_and_time_of_every_fact(server: LoopbackServer, data_copy: Path) -> None:
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
    # the breakaway state's item is linked only from the breakaway state (not the region or its
    # authorities)
    assert {key for key, link in result.links.items() if link.id == "Q244165"} <= \
        {"republic-of-artsakh"}


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


# ------------------------------------------------------------------------- every wait bounded

def test_link_online_against_a_trickling_server_falls_back_at_the_deadline(
        server: LoopbackServer, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 10, row 8: one byte every 0.5 s never trips a per-read timeout; the deadline cuts it
    server.script[:] = [Reply(200, b'{"search": []}', trickle=0.5)]
    snapshot = data_copy / "wikidata" / "snapshot.yaml"
    before = snapshot.read_bytes()
    monkeypatch.setenv("NEWSKG_WIKIDATA_API", server.url)
    result = CliRunner().invoke(app, ["link", "--online", "--deadline", "2", "--data-dir",
                                      str(data_copy), "--build-dir", str(data_copy.parent / "b")])
    assert result.exit_code == 0, result.stderr
    assert "online run failed, using the local snapshot instead" in result.stderr
    assert "no complete answer within the 2 s deadline (--deadline sets it)" in result.stderr
    assert "Q227" in result.stdout and snapshot.read_bytes() == before
    assert len(server.requests) == 1  # cut off once, not retried
    assert server.sent[0] < len(b"HTTP/1.1 200 Answer\r\n")  # the status line was not even done


def test_a_redirect_to_another_host_is_refused(server: LoopbackServer) -> None:
    # issue 10, row 9: localhost is another host name than 127.0.0.1, though the same server
    elsewhere = f"http://localhost:{server.port}/w/api.php?action=wbsearchentities"
    server.script[:] = [Reply(302, b"", {"Location": elsewhere})]
    with pytest.raises(WikidataUnavailableError, match=r"redirects to http://localhost:\d+/w/api"
                                                       r".*another server: not followed"):
        client(server.url, []).search("Azerbaijan")
    assert len(server.requests) == 1


def test_a_redirect_to_the_same_server_is_followed(server: LoopbackServer) -> None:
    server.script[:] = [Reply(301, b"", {"Location": "/w/api.php?action=wbsearchentities"})]
    assert client(server.url, []).search("Azerbaijan")[0] == "Q227"
    assert [r.path for r in server.requests] == ["/w/api.php", "/w/api.php"]


def test_a_huge_answer_is_cut_at_the_cap(server: LoopbackServer, data_copy: Path) -> None:
    # issue 10, row 9: 300 MB streamed without a length; the client stops at the 64 MiB default
    server.script[:] = [Reply(200, filler=300 * MiB)]
    result = run_link(data_copy, online=True, client=client(server.url, []))
    assert any("online run failed, using the local snapshot" in n
               and "larger than the 64 MiB cap" in n and "--max-answer" in n for n in result.notes)
    assert server.sent[0] < 100 * MiB  # the server was not read to the end
    assert result.links["azerbaijan"].id == "Q227"


def test_a_declared_length_over_the_cap_is_refused_before_reading(server: LoopbackServer) -> None:
    server.script[:] = [Reply(200, b"", {"Content-Length": str(2 * MiB)})]
    with pytest.raises(WikidataUnavailableError, match=r"larger than the 1 MiB cap \(2097152 bytes"):
        client(server.url, [], bounds=Bounds(max_bytes=MiB)).search("Azerbaijan")


def test_a_retry_after_beyond_the_longest_wait_ends_the_run_at_once(
        server: LoopbackServer, data_copy: Path) -> None:
    # issue 10, row 10: Retry-After 100000 was waited 60 s four times per request
    server.script[:] = [Reply(429, b"{}", {"Retry-After": "100000"})] * 10
    waits: list[float] = []
    result = run_link(data_copy, online=True, client=client(server.url, waits))
    assert waits == []
    assert any("asks to wait 100000 s" in n and "more than the 60 s newskg waits" in n
               for n in result.notes)


def test_the_waits_of_a_run_share_one_retry_budget(server: LoopbackServer) -> None:
    server.script[:] = [Reply(429, b"{}", {"Retry-After": "50"})] * 2
    waits: list[float] = []
    wikidata = client(server.url, waits)
    assert wikidata.search("Azerbaijan")[0] == "Q227"  # 50 + 50 s of the 120 s budget
    server.script[:] = [Reply(429, b"{}", {"Retry-After": "50"})]
    with pytest.raises(WikidataUnavailableError, match=r"overspend the 120 s retry budget of "
                                                       r"this run \(100 s waited; --retry-budget"):
        wikidata.search("Armenia")
    assert waits == [50.0, 50.0]


def test_link_help_states_every_bound() -> None:
    text = " ".join(CliRunner().invoke(app, ["link", "--help"], terminal_width=200).stdout.split())
    for bound in ("deadline of 30 s (--deadline)", "cap of 64 MiB (--max-answer)",
                  "each at most 60 s", "budget of 120 s per run (--retry-budget)"):
        assert bound in text, bound
