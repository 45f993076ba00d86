"""How `newskg serve` runs queries: threads with a deadline, the answer cache, retiring a process.

In-process (TestClient) for the threads and the cache; over the `newskg serve` command (its own
server processes under uvicorn's supervisor) for the retirement of a process after a runaway query.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newskg.publish.build import BuildResult
from newskg.serve import create_app
from newskg.serve.app import NewskgApp
from newskg.serve.endpoint import volatile
from newskg.serve.evaluate import Answer
from newskg.serve.runner import AnswerCache
from tests.serve_fixtures import TEST_TIMEOUT, replaced, settled

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nkg:Statement }"
# About a second on the seed graph: longer than the short limit below, then it ends by itself.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def app(built: tuple[BuildResult, Path]) -> NewskgApp:
    made = create_app(built[1], timeout=10.0, max_results=50, threads=2)
    assert isinstance(made, NewskgApp)
    return made


@pytest.fixture(scope="module")
def client(app: NewskgApp) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def test_a_repeated_request_is_answered_from_the_cache(app: NewskgApp, client: TestClient) -> None:
    query = f"{COUNT} # cache test"
    first = client.post("/sparql", data={"query": query})
    jobs = app.runner.jobs
    again = client.post("/sparql", data={"query": query})
    other_format = client.post("/sparql", data={"query": query},
                               headers={"Accept": "text/csv"})
    assert first.status_code == again.status_code == other_format.status_code == 200
    assert again.content == first.content and again.headers["content-type"] == \
        first.headers["content-type"]
    assert app.runner.jobs == jobs + 1  # the CSV request ran; the repeated one did not
    assert other_format.text.startswith("n\r\n")


def test_named_queries_are_cached_per_parameter(app: NewskgApp, client: TestClient) -> None:
    first = client.get("/named/statements-by-speaker", params={"speaker": "nikol-pashinyan"})
    jobs = app.runner.jobs
    again = client.get("/named/statements-by-speaker", params={"speaker": "nikol-pashinyan"})
    other = client.get("/named/statements-by-speaker", params={"speaker": "ilham-aliyev"})
    assert first.content == again.content and first.status_code == 200
    assert other.content != first.content
    assert app.runner.jobs == jobs + 1


def test_volatile_functions_are_not_cached(app: NewskgApp, client: TestClient) -> None:
    query = "SELECT (STRUUID() AS ?id) WHERE {}"
    answers = {client.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]
               ["id"]["value"] for _ in range(3)}
    assert len(answers) == 3


@pytest.mark.parametrize("query, expected", [
    ("SELECT (NOW() AS ?t) {}", True), ("select (rand () as ?r) {}", True),
    ("SELECT (BNODE() AS ?b) {}", True), ("SELECT (STRUUID() AS ?u) {}", True),
    ("SELECT ?now ?random WHERE { ?now <http://x/rand> ?random }", False),
    ("SELECT * WHERE { ?s ?p 'uuid(' }", True),  # errs on the side of not caching
])
def test_volatile(query: str, expected: bool) -> None:
    assert volatile(query) is expected


def test_the_cache_keeps_the_most_recent_answers_within_its_size() -> None:
    cache = AnswerCache(max_bytes=130, max_answer_bytes=60)
    answer = Answer(200, "text/plain", b"x" * 30)
    for key in "abc":
        cache.put(key, answer, weight=10)  # 40 bytes each
    cache.get("a")  # now the most recently used
    cache.put("d", answer, weight=10)  # 160 bytes > 130: the least recently used ("b") goes
    assert [key for key in "abcd" if cache.get(key)] == ["a", "c", "d"]
    cache.put("big", Answer(200, "text/plain", b"x" * 61), weight=0)
    assert cache.get("big") is None and cache.size == 120


@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values"])
def test_the_result_limit_is_exact_in_every_format(client: TestClient, accept: str) -> None:
    at_limit = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50"},
                          headers={"Accept": accept})
    over = client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 51"},
                      headers={"Accept": accept})
    assert at_limit.status_code == 200, at_limit.text
    rows = (len(json.loads(at_limit.text)["results"]["bindings"]) if "json" in accept else
            at_limit.text.count("<result>") if "xml" in accept else
            len(at_limit.text.splitlines()) - 1)
    assert rows == 50
    assert over.status_code == 400 and "more than 50 results" in over.text


def test_a_slow_query_is_503_and_the_next_one_is_answered(built: tuple[BuildResult, Path]) -> None:
    retired: list[bool] = []
    app = create_app(built[1], timeout=0.2, threads=1, on_runaway=lambda: retired.append(True))
    assert isinstance(app, NewskgApp)
    with TestClient(app) as client:
        slow = client.get("/sparql", params={"query": SLOW})
        after = client.get("/sparql", params={"query": COUNT})
        again = client.get("/sparql", params={"query": SLOW})
    assert slow.status_code == 503 and slow.headers["retry-after"]
    assert "longer than this endpoint's limit of 0.2 s" in slow.text
    assert after.status_code == 200  # a fresh thread took the stuck one's place
    assert again.status_code == 503  # timeouts are never cached
    assert retired == [True, True] and app.runner.runaways == 2


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs Linux /proc")
def test_a_runaway_retires_its_process_and_a_fresh_one_takes_over(
        endpoint: str, endpoint_process: int) -> None:
    before = settled(endpoint_process)
    with httpx.Client(base_url=endpoint, timeout=60) as http:
        runaway = http.get("/sparql", params={"query": RUNAWAY})
        assert runaway.status_code == 503
        assert runaway.headers["connection"] == "close"  # the next request goes elsewhere
        assert f"limit of {TEST_TIMEOUT:g} s" in runaway.text
        now = replaced(endpoint_process, before)
        assert len(now) == len(before) and len(before - now) == 1  # one retired, one new
        assert http.get("/sparql", params={"query": COUNT}).status_code == 200


def test_jobs_go_to_the_last_idle_thread_and_spread_only_when_they_overlap(
        built: tuple[BuildResult, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import threading

    import newskg.serve.runner as runner_module
    from newskg.serve.evaluate import QueryJob
    from newskg.serve.runner import QueryRunner

    ran_on: list[int] = []
    first_started, second_done = threading.Event(), threading.Event()

    def fake_run_job(_store: object, job: QueryJob) -> Answer:
        ran_on.append(threading.get_ident())
        if job.query == "first":  # holds its thread until the second job is answered
            first_started.set()
            assert second_done.wait(10), "the second job waited for the first one's thread"
        return Answer(200, "text/plain", job.query.encode())

    monkeypatch.setattr(runner_module, "run_job", fake_run_job)

    def job(text: str) -> QueryJob:
        return QueryJob(text, "http://localhost/", "json", None, 10)

    async def scenario() -> tuple[list[bytes], list[bytes]]:
        runner = QueryRunner(built[1] / "store", threads=4, timeout=10)
        runner.start()
        try:
            one_by_one = [(await runner.run(job(f"q{n}"))).body for n in range(6)]
            first = asyncio.ensure_future(runner.run(job("first")))
            await asyncio.get_running_loop().run_in_executor(None, first_started.wait, 10)
            second = await runner.run(job("second"))
            second_done.set()
            return one_by_one, [(await first).body, second.body]
        finally:
            runner.stop()

    one_by_one, overlapping = asyncio.run(scenario())
    assert one_by_one == [f"q{n}".encode() for n in range(6)]
    assert overlapping == [b"first", b"second"]
    assert len(set(ran_on[:6])) == 1  # one after the other: the same (warm) thread every time
    assert ran_on[6] != ran_on[7]  # at the same time: another thread takes the second job
