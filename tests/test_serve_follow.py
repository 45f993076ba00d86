"""A server that follows the build: a rebuild while serving is answered from at once, with no
restart, no error and no answer from a half-built store; /health says which build is served."""

from __future__ import annotations

import json
import shutil
import threading
import time
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

from newskg.publish.build import build
from newskg.publish.releases import published_build, read_build_info
from newskg.serve import create_app
from tests.conftest import SEED_SLUG
from tests.serve_fixtures import serving

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

COPY = "2023-09-21-copy-of-the-seed"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABEL = "SELECT ?name WHERE { entity:ilham-aliyev rdfs:label ?name }"


def renamed(data: Path) -> None:
    """Give Ilham Aliyev another name in data/entities.yaml."""
    entities = data / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace("name: Ilham Aliyev", "name: Ilham Heydar oglu Aliyev", 1),
                        encoding="utf-8")


def one_value(client: TestClient, query: str) -> str:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    value: str = json.loads(response.text)["results"]["bindings"][0][
        "n" if "COUNT" in query else "name"]["value"]
    return value


def switched(client: TestClient, build_id: str) -> dict[str, object]:
    """/health as JSON once the app serves ``build_id`` (it checks the link every 50 ms)."""
    deadline = time.monotonic() + 10
    while True:
        health: dict[str, object] = client.get("/health",
                                               headers={"Accept": "application/json"}).json()
        if health["build"] == build_id or time.monotonic() > deadline:
            return health
        time.sleep(0.05)


def test_the_app_switches_to_a_new_build_and_lets_the_old_one_go(seed_copy: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    first = published_build(out)
    with TestClient(create_app(out, threads=1), base_url="http://127.0.0.1") as client:
        health = client.get("/health", headers={"Accept": "application/json"}).json()
        info = read_build_info(first)
        assert health["ok"] is True and health["build"] == first.name == info["id"]
        assert health["triples"] == info["triples"] > 1000 and health["built"] == info["built"]
        text = client.get("/health").text
        assert text.startswith("ok\n") and f"build: {first.name}\n" in text
        assert one_value(client, LABEL) == "Ilham Aliyev"
        assert "<h1>Ilham Aliyev</h1>" in client.get("/id/entity/ilham-aliyev?format=html").text
        old_void = client.get("/.well-known/void?format=nt").text

        renamed(seed_copy)
        shutil.copytree(seed_copy / "articles" / SEED_SLUG, seed_copy / "articles" / COPY)
        build(seed_copy, out)
        second = published_build(out)
        assert switched(client, second.name)["build"] == second.name
        assert one_value(client, LABEL) == "Ilham Heydar oglu Aliyev"  # no answer kept from before
        assert "<h1>Ilham Heydar oglu Aliyev</h1>" in client.get(
            "/id/entity/ilham-aliyev?format=html").text
        assert client.get(f"/id/article/{COPY}?format=nt").status_code == 200
        new_void = client.get("/.well-known/void?format=nt").text
        assert new_void != old_void and f'"{one_value(client, COUNT)}"' in new_void
        time.sleep(0.3)  # the old build's runner drains (no query was left on it), then lets go
        build(seed_copy, out)  # which removes the first release: nobody holds it any more
        assert not first.exists() and second.exists()


def test_a_folder_without_releases_is_served_without_following(seed_copy: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    release = published_build(out)  # a release folder given directly: nothing to follow
    with TestClient(create_app(release, threads=1), base_url="http://127.0.0.1") as client:
        assert client.get("/health", headers={"Accept": "application/json"}).json()["build"] \
            == release.name


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_newskg_serve_follows_a_rebuild_under_load_without_an_error(seed_copy: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    count_url = "/sparql?" + urllib.parse.urlencode({"query": COUNT})
    with serving(out) as (url, _server):
        before = json.loads(fetch(url + count_url)[1])["results"]["bindings"][0]["n"]["value"]
        seen: list[tuple[int, str]] = []
        pages: list[int] = []
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                seen.append(fetch(url + count_url))
                pages.append(fetch(url + "/id/entity/ilham-aliyev?format=nt")[0])

        clients = [threading.Thread(target=load) for _ in range(3)]
        for client in clients:
            client.start()
        try:
            shutil.copytree(seed_copy / "articles" / SEED_SLUG, seed_copy / "articles" / COPY)
            build(seed_copy, out)
            new_id = published_build(out).name
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:  # every server process has switched
                healths = {json.loads(fetch(url + "/health?format=json")[1])["build"]
                           for _ in range(20)}
                if healths == {new_id}:
                    break
            after = json.loads(fetch(url + count_url)[1])["results"]["bindings"][0]["n"]["value"]
        finally:
            stop.set()
            for client in clients:
                client.join(60)
    assert healths == {new_id}
    assert int(after) > int(before)
    assert seen and all(status == 200 for status, _ in seen), [s for s in seen if s[0] != 200][:3]
    counts = {json.loads(body)["results"]["bindings"][0]["n"]["value"] for _, body in seen}
    assert counts <= {before, after}  # the old build or the new one, never anything between
    assert pages and set(pages) == {200}
