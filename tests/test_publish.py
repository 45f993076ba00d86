"""Publication of build/ is atomic for readers (issue 10, row 11): a build killed with SIGKILL at any
step leaves readers the old build or the new one, never a mix, and the next build removes what it
left behind.

The killed builds run in a subprocess that pauses after its k-th rename or removal (os.rename,
os.replace, shutil.rmtree: the steps any publication is made of), for k = 1, 2, ... until a build
runs to the end without pausing; the test kills it there and reads the build folder as `query`,
`export` and `push` do.
"""

from __future__ import annotations

import fcntl
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import PublishError
from newskg.publish.build import build
from newskg.publish.releases import holding_published_build, published_build
from newskg.rdf.prefixes import GRAPH
from newskg.store.engines import open_store
from newskg.store.push import read_graphs
from newskg.store.results import Solutions
from tests.conftest import SEED_SLUG

COPY = "2023-09-21-copy-of-the-seed"
ARTICLES = f"{GRAPH}article/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ARTICLE = ox.NamedNode("https://w3id.org/newskg/ontology#Article")
SAFETY_S = 180  # a paused or running build that says nothing for this long fails the test

PAUSING_BUILD = """
import os, shutil, sys, time
from pathlib import Path

data, out, pause_after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
steps = 0

def pausing(module, name):
    real = getattr(module, name)
    def step(*args, **kwargs):
        global steps
        result = real(*args, **kwargs)
        steps += 1
        if steps == pause_after:
            print(f"paused after {name} {args[0]}", flush=True)
            time.sleep(600)
        return result
    setattr(module, name, step)

pausing(os, "rename"); pausing(os, "replace"); pausing(shutil, "rmtree")
from newskg.publish.build import build
build(data, out)
print("finished", flush=True)
"""


def article_sets(out: Path) -> tuple[set[str], set[str], set[str]]:
    """The articles of the TriG, of the Turtle and of the store, each read as its reader does."""
    trig = {g for g in read_graphs(out) if g and g.startswith(ARTICLES)}
    in_store = open_store(out).query("SELECT DISTINCT ?a WHERE { ?a a nkg:Article }")
    assert isinstance(in_store, Solutions)
    store = {str(row[0].value) for row in in_store.rows if row[0] is not None}
    turtle = {t.subject.value for t in ox.parse(path=str(out / "newskg.ttl"),
                                                  format=ox.RdfFormat.TURTLE)
              if t.predicate == RDF_TYPE and t.object == ARTICLE}
    return ({g.removeprefix(ARTICLES) for g in trig}, {a.rsplit("/", 1)[1] for a in store},
            {a.rsplit("/", 1)[1] for a in turtle})


def build_until_paused(data: Path, out: Path, pause_after: int) -> str | None:
    """Run a build that pauses after its ``pause_after``-th step, kill it there with SIGKILL and
    return the step; None when the build finished before."""
    process = subprocess.Popen([sys.executable, "-c", PAUSING_BUILD, str(data), str(out),
                                str(pause_after)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], SAFETY_S)
        assert ready, f"the build said nothing in {SAFETY_S} s"
        assert process.stdout is not None
        said = process.stdout.readline().strip()
        if said.startswith("paused"):
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return said
        process.wait(timeout=SAFETY_S)
        assert process.returncode == 0 and said == "finished", process.stderr.read()  # type: ignore[union-attr]
        return None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.fixture()
def two_corpora(seed_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The seed alone (A), and the seed with a copy under another slug (B)."""
    both = tmp_path / "data-b"
    shutil.copytree(seed_copy, both)
    shutil.copytree(both / "articles" / SEED_SLUG, both / "articles" / COPY)
    return seed_copy, both


def test_a_build_killed_at_any_step_leaves_one_whole_build(two_corpora: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    only_seed, with_copy = two_corpora
    out = tmp_path / "build"
    build(with_copy, out)  # B's validation is remembered: the killed builds go straight on
    build(only_seed, out)  # A is published
    old, new = {SEED_SLUG}, {SEED_SLUG, COPY}
    seen: list[str] = []
    for pause_after in range(1, 16):
        step = build_until_paused(with_copy, out, pause_after)
        trig, store, turtle = article_sets(out)
        assert trig == store == turtle and trig in (old, new), (step, trig, store, turtle)
        if step is None:
            break
        seen.append(f"{step}: {'new' if trig == new else 'old'}")
        if trig == new:  # published: build A again, so that the next kill has a switch to break
            build(only_seed, out)
    else:
        pytest.fail("the build never ran to the end")
    outcomes = {said.rsplit(": ", 1)[1] for said in seen}
    assert outcomes == {"old", "new"}, seen  # killed before the switch, and after it
    build(only_seed, out)
    leftovers = [p.name for p in out.iterdir() if p.name.startswith((".staging-", ".current-"))]
    assert leftovers == []
    releases = [p for p in (out / ".releases").iterdir() if not p.name.startswith(".")]
    assert len(releases) <= 2 and published_build(out) in releases  # current, and the one before


def test_stale_staging_and_old_releases_are_removed_by_the_next_build(
        seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    first = published_build(out)
    (out / ".staging-killed").mkdir()
    (out / ".staging-killed" / "newskg.trig").write_text("half")
    build(seed_copy, out)
    second = published_build(out)
    assert not (out / ".staging-killed").exists()
    assert first.is_dir() and second != first  # the build before stays until the next one
    build(seed_copy, out)
    assert not first.exists() and second.is_dir()


def test_a_release_held_by_a_server_is_kept_by_later_builds(seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    with holding_published_build(out) as served:
        for _ in range(3):
            build(seed_copy, out)
        assert (served / "store").is_dir() and published_build(out) != served
    build(seed_copy, out)
    assert not served.exists()


def test_a_second_build_publishing_at_once_is_refused(seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    before = published_build(out)
    with open(out / ".releases" / ".lock", "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="another newskg build is publishing"):
            build(seed_copy, out)
        result = CliRunner().invoke(app, ["build", "--data-dir", str(seed_copy),
                                          "--build-dir", str(out)])
    assert result.exit_code == 2 and "another newskg build is publishing" in result.stderr
    assert published_build(out) == before and not list(out.glob(".staging-*"))


def test_a_build_folder_from_before_releases_is_taken_over(seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "newskg.trig").write_text("# the old layout: the outputs themselves\n")
    (out / "store").mkdir()
    build(seed_copy, out)
    assert os.readlink(out / "newskg.trig") == "current/newskg.trig"
    assert os.readlink(out / "store") == "current/store"
    assert article_sets(out)[0] == {SEED_SLUG}
    build(seed_copy, out)
    assert not list(out.glob(".staging-*"))  # the old store, moved aside, is gone
