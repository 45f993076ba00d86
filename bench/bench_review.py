"""Page load and save times of `newskg review`, against the build's load time in the same run.

On a scratch copy of data/ with the drafted test article (tests/fixtures/review/, 18 reports, the
size of the seed's draft), the review app runs on a loopback port (uvicorn in a thread) and is asked
over HTTP, as the browser asks it:

- page load: GET / and GET /api/state (the text, the reports with spans and scored candidates);
- save of one decision (accept), of five (accept, edit a speaker, reject, a new entity, a new
  report from a span), of every report that can be accepted alone, and of 300 decisions: POST /api/save, which checks the edited files through the build's loader
  and evidence finder, writes them, and answers with the new page state; the files are put back
  after each run;
- baseline: `load_project` on the same data, the step of `newskg build` that reads and checks every
  input (a save runs it once, so a save costs at least this much).

Medians of --runs runs are printed with their ratio to the baseline.

Usage: python bench/bench_review.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import uvicorn
import yaml
from tests.review_fixtures import REVIEW_SLUG, review_data

from newskg.errors import NewskgError
from newskg.project.load import load_project
from newskg.review.app import create_review_app
from newskg.review.session import ReviewSession


def median_time(run: Callable[[], object], runs: int, reset: Callable[[], None] | None = None
                ) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        if reset is not None:
            reset()
    return statistics.median(times)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as answer:
        data: bytes = answer.read()
        return data


def token(url: str) -> str:
    return str(json.loads(get(url + "/api/state"))["token"])


def report_ids(facts: Path) -> list[str]:
    doc = yaml.safe_load(facts.read_text(encoding="utf-8"))
    return [str(item["id"]) for section in ("mentions", "statements", "reports", "figures")
            for item in doc.get(section) or []]


def acceptable(session: ReviewSession, ident: str) -> bool:
    try:
        session.check(session.apply(session.read(), [{"op": "accept", "id": ident}]))
    except NewskgError:
        return False
    return True


def save(url: str, edits: list[dict[str, object]], token: str) -> None:
    body = json.dumps({"token": token, "edits": edits}).encode()
    request = urllib.request.Request(url + "/api/save", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        data = review_data(Path(tmp) / "data")
        folder = data / "articles" / REVIEW_SLUG
        session = ReviewSession(data, folder, reviewer="bench")
        originals = {path: path.read_bytes() for path in (
            session.facts_path, session.entities_path, session.instances_path)}

        def reset() -> None:
            for path, content in originals.items():
                path.write_bytes(content)

        server = uvicorn.Server(uvicorn.Config(create_review_app(session), host="127.0.0.1",
                                               port=0, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        try:
            get(url + "/api/state")  # warm: imports, the ontology's class hierarchy
            seen = token(url)  # the page has it from its load; reset() keeps it valid
            save(url, [{"op": "accept", "id": "st-ilham-aliyev"}], seen)
            reset()
            text = folder.joinpath("article.txt").read_text(encoding="utf-8")
            five: list[dict[str, object]] = [
                {"op": "accept", "id": "st-ilham-aliyev"},
                {"op": "edit", "id": "st-karabakh-authorities",
                 "fields": {"speakers": ["karabakh-separatists"]}},
                {"op": "reject", "id": "m-armenia"},
                {"op": "entity", "key": "armenian-cabinet",
                 "fields": {"name": "Cabinet of Armenia", "types": ["GovernmentBody"]}},
                {"op": "add", "section": "mentions", "start": text.index("his government"),
                 "fields": {"entity": "armenian-cabinet", "evidence": "his government"}}]
            ids = [ident for ident in report_ids(folder / "facts.yaml")
                   if acceptable(session, ident)]  # not on a draft instance
            every = [{"op": "accept", "id": ident} for ident in ids]
            long = (every * (300 // len(every) + 1))[:300]
            baseline = median_time(lambda: load_project(data), runs)
            page = median_time(lambda: (get(url + "/"), get(url + "/api/state")), runs)
            one = median_time(lambda: save(url, five[:1], seen), runs, reset)
            many = median_time(lambda: save(url, five, seen), runs, reset)
            all_of = median_time(lambda: save(url, every, seen), runs, reset)
            longest = median_time(lambda: save(url, long, seen), max(1, runs // 2), reset)
        finally:
            server.should_exit = True
            thread.join(30)
    print(f"newskg review, {runs} runs each (median), data/ + one drafted article of 18 reports")
    print(f"{'baseline: load_project (the build reads data/)':52} {baseline * 1000:8.0f} ms")
    for name, value in (("page load (GET / + /api/state)", page),
                        ("save, 1 decision (POST /api/save)", one),
                        ("save, 5 decisions (POST /api/save)", many),
                        (f"save, {len(every)} reports accepted", all_of),
                        (f"save, {len(long)} decisions (each report again and again)", longest)):
        print(f"{name:52} {value * 1000:8.0f} ms  {value / baseline:5.2f}x baseline")


if __name__ == "__main__":
    main()
