"""What an incremental build remembers besides each article's entry, and that none of it is
trusted blindly: the files' stamps, the world graphs and parts (`newskg.publish.world_cache`),
each article's support file, the validation markers' key lines, the release's report summary and
the whole-dataset files. A stale or damaged cache is made again (or the build reads everything);
the published build is always the one a build from nothing gives."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import newskg.publish.article_cache
import newskg.publish.incremental
from newskg.errors import InputError
from newskg.publish.article_cache import ARTICLES_CACHE, SUPPORT_SUFFIX, read_entry
from newskg.publish.build import CACHE_DIR, build
from newskg.publish.graph_files import STATE_FILE, PublishedReport
from newskg.publish.releases import published_build
from newskg.publish.world_cache import WORLD_CACHE
from newskg.store.render import render_report
from newskg.validation.markers import KEY_LINE
from newskg.validation.summary import BUILD_MOST_WARNINGS, BUILD_SHOWN
from tests.conftest import SEED_SLUG
from tests.test_incremental_build import COPY, ROLE, assert_as_from_nothing, corpus, edit

__all__ = ["corpus"]  # the fixture, used by name

WITHDRAWAL = """- id: ev-separatist-withdrawal
  instance: separatist-withdrawal-2023
  according_to: [st-aliyev-withdrawal-begun]
  evidence: the withdrawal of separatist troops had already begun
"""


def world_files(out: Path) -> list[Path]:
    return sorted((out / WORLD_CACHE).iterdir())


def counting_digests(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The article folders read to digest them."""
    read: list[str] = []
    real = newskg.publish.article_cache.input_digest

    def digest(folder: Path) -> str:
        read.append(folder.name)
        return real(folder)

    monkeypatch.setattr(newskg.publish.article_cache, "input_digest", digest)
    return read


def test_unchanged_folders_are_known_by_their_stamps(corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(newskg.publish.article_cache, "RECENT_NS", 0)  # files just written
    out = tmp_path / "build"
    build(corpus, out)
    read = counting_digests(monkeypatch)
    assert build(corpus, out).rebuilt == () and read == []  # no folder read
    facts = corpus / "articles" / COPY / "facts.yaml"
    edit(facts, ROLE, ROLE + " (edited)")
    os.utime(corpus / "articles" / SEED_SLUG / "facts.yaml")  # touched, not changed
    result = build(corpus, out)
    assert result.rebuilt == (COPY,) and sorted(read) == sorted([COPY, SEED_SLUG])
    assert_as_from_nothing(corpus, out, result, tmp_path)
    read.clear()
    assert build(corpus, out).rebuilt == () and read == []  # the touched one's new stamp kept


def test_the_world_is_made_again_when_an_articles_support_changes(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    before = world_files(out)
    original = (corpus / "articles" / COPY / "facts.yaml").read_bytes()
    assert len(before) == 2  # the world (graphs and parts), and its graphs' lines
    edit(corpus / "articles" / COPY / "facts.yaml", WITHDRAWAL, "")
    result = build(corpus, out)
    assert result.rebuilt == (COPY,)
    assert world_files(out) != before and len(world_files(out)) == 2  # a new key, the old gone
    assert_as_from_nothing(corpus, out, result, tmp_path)
    # back as it was: the remembered world of that key is gone, the published world graph is
    # not the one wanted; it is made again
    (corpus / "articles" / COPY / "facts.yaml").write_bytes(original)
    result = build(corpus, out)
    assert result.rebuilt == (COPY,)
    assert_as_from_nothing(corpus, out, result, tmp_path)


@pytest.mark.parametrize("damage", ["world", "lines kept", "lines", "support"])
def test_a_damaged_world_or_support_file_is_not_trusted(corpus: Path, tmp_path: Path,
                                                        damage: str) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    world, lines = world_files(out)
    first = corpus / "articles" / COPY / "facts.yaml"
    if damage == "world":  # the world remembered is not read: made again from the supports
        world.write_bytes(world.read_bytes()[:-5])
        edit(first, ROLE, ROLE + " (edited)")
    elif damage in ("lines", "lines kept"):  # the world remembered is not the one published:
        saved = {path: path.read_bytes() for path in (world, lines)}  # its graphs' lines are read
        original = first.read_bytes()
        edit(first, WITHDRAWAL, "")
        build(corpus, out)  # another world remembered (and published)
        first.write_bytes(original)  # back to the first one's key
        for path, data in saved.items():
            path.write_bytes(data)
        if damage == "lines":  # cut short: the world is made again
            lines.write_bytes(saved[lines][:100])
    else:  # a support file needed to make the world again is damaged: everything read again
        support = out / ARTICLES_CACHE / f"{SEED_SLUG}{SUPPORT_SUFFIX}"
        support.write_bytes(support.read_bytes()[:-3] + b"xyz")
        edit(first, WITHDRAWAL, "")
    result = build(corpus, out)
    assert result.rebuilt == (None if damage == "support" else (COPY,))
    assert_as_from_nothing(corpus, out, result, tmp_path)
    assert build(corpus, out).rebuilt == ()


def markers(out: Path) -> list[Path]:
    return sorted((out / CACHE_DIR).iterdir())


def test_markers_from_before_the_key_line_are_given_one(corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    cold = build(corpus, out).report
    for marker in markers(out):  # as a build before the key line wrote them
        body = marker.read_bytes().partition(b"\n")[2]
        marker.write_bytes(body)
    result = build(corpus, out)
    assert result.rebuilt == () and result.report.violations == cold.violations
    assert all(m.read_bytes().startswith(KEY_LINE) for m in markers(out))  # upgraded once
    assert build(corpus, out).report.violations == cold.violations


def test_a_marker_damaged_past_its_key_line_is_validated_again(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    cold = build(corpus, out).report
    entry = read_entry(out, SEED_SLUG)
    assert entry is not None
    damaged = out / CACHE_DIR / entry.unit  # an unchanged article's unit, with warnings
    data = damaged.read_bytes()
    damaged.write_bytes(data[:-20] + b"x" * 20)  # the same size: the key line checks out
    # a release from before the report's summary in its state: the report is merged from the
    # units' results, so the damaged marker is read
    state_file = published_build(out) / STATE_FILE
    state = json.loads(state_file.read_text(encoding="utf-8"))
    del state["report"]
    state_file.write_text(json.dumps(state), encoding="utf-8")
    with pytest.raises(InputError, match="damaged"):
        build(corpus, out)
    assert not damaged.exists()  # forgotten: the next build validates the unit again
    result = build(corpus, out)
    assert_as_from_nothing(corpus, out, result, tmp_path)
    assert len(result.report.violations) == len(cold.violations)


def test_an_unchanged_report_is_told_by_the_state(corpus: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    cold = build(corpus, out).report
    table = render_report(cold, "table", BUILD_SHOWN, BUILD_MOST_WARNINGS)
    again = build(corpus, out).report
    assert isinstance(again, PublishedReport)
    assert again._saved is None  # validation.json not read ...
    assert render_report(again, "table", BUILD_SHOWN, BUILD_MOST_WARNINGS) == table
    assert again._saved is None  # ... not even to print the build's table
    assert again.violations == cold.violations and again.text == cold.text  # read when asked
    release = published_build(out)
    for name in ("newskg.trig", "newskg.ttl", "validation.ttl", "validation.json"):
        assert os.stat(release / name).st_nlink >= 2  # nothing changed: linked


def test_a_renamed_and_a_removed_article_with_the_caches(corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(newskg.publish.incremental, "UPDATE_AT_MOST", 0.5)
    monkeypatch.setattr(newskg.publish.article_cache, "RECENT_NS", 0)
    out = tmp_path / "build"
    build(corpus, out)
    os.rename(corpus / "articles" / COPY, corpus / "articles" / "2023-09-23-copy-renamed")
    result = build(corpus, out)
    assert result.rebuilt == ("2023-09-23-copy-renamed",)
    assert not (out / ARTICLES_CACHE / COPY).exists()
    assert not (out / ARTICLES_CACHE / f"{COPY}{SUPPORT_SUFFIX}").exists()
    assert_as_from_nothing(corpus, out, result, tmp_path)
    shutil.rmtree(corpus / "articles" / "2023-09-23-copy-renamed")
    result = build(corpus, out)
    assert result.rebuilt == ()
    assert_as_from_nothing(corpus, out, result, tmp_path)
