"""A build after a change reads only the articles that changed (newskg.publish.incremental), and
publishes exactly what a build from nothing publishes: the same quads, files and report."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import newskg.publish.incremental
from newskg.errors import FactsError
from newskg.publish.article_cache import ARTICLES_CACHE
from newskg.publish.build import BuildResult, build
from newskg.publish.graph_files import GRAPHS_DIR, file_name
from newskg.publish.releases import RELEASES, published_build
from newskg.rdf.iris import article_graph_iri
from tests.conftest import SEED_SLUG

COPY = "2023-09-21-copy-one"
ROLE = "role: Azerbaijan President"
FILES = ("newskg.trig", "newskg.ttl", "validation.ttl", "validation.json", "graphs.tsv",
         "build.json")


@pytest.fixture()
def corpus(data_copy: Path) -> Path:
    """data/ with a copy of the seed article under another slug (so it can go away)."""
    shutil.copytree(data_copy / "articles" / SEED_SLUG, data_copy / "articles" / COPY)
    return data_copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def published(out: Path) -> dict[str, object]:
    """What a build published, to compare: its store's quads, its files (build.json without its
    time), its graph files."""
    release = published_build(out)
    seen: dict[str, object] = {"quads": {str(q) for q in ox.Store.read_only(str(release / "store"))}}
    for name in FILES:
        text = (release / name).read_text(encoding="utf-8")
        seen[name] = text if name != "build.json" else \
            [line for line in text.splitlines() if '"built"' not in line]
    seen["graphs"] = {p.name: p.read_bytes() for p in (release / GRAPHS_DIR).iterdir()}
    every = [str(q) for q in ox.Store.read_only(str(release / "store-all"))]
    # the vocabularies' blank nodes get new labels each time they are read: compared by count
    seen["all-graphs store"] = ({q for q in every if "_:" not in q}, len(every))
    return seen


def assert_as_from_nothing(data: Path, out: Path, result: BuildResult, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    cold = build(data, fresh, reuse=False)
    assert cold.rebuilt is None
    assert published(out) == published(fresh)
    assert (result.report.conforms, result.report.violations) == \
        (cold.report.conforms, cold.report.violations)
    assert result.triples == cold.triples


def link_count(out: Path, slug: str) -> int:
    stem = file_name(str(article_graph_iri(slug)))
    return os.stat(published_build(out) / GRAPHS_DIR / f"{stem}.trig").st_nlink


def test_one_changed_article_is_read_alone_and_gives_a_build_from_nothing(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert build(corpus, out).rebuilt is None  # nothing published before: everything
    unchanged = build(corpus, out)
    assert unchanged.rebuilt == ()
    edit(corpus / "articles" / COPY / "facts.yaml", ROLE, ROLE + " (edited)")
    result = build(corpus, out)
    assert result.rebuilt == (COPY,)
    assert any("(edited)" in q for q in published(out)["quads"])  # type: ignore[attr-defined]
    # the unchanged article's files are the previous release's, linked; the changed one's are new
    assert link_count(out, SEED_SLUG) >= 2 and link_count(out, COPY) == 1
    assert_as_from_nothing(corpus, out, result, tmp_path)
    assert sum(1 for p in (out / RELEASES).iterdir() if not p.name.startswith(".")) == 2


def test_a_release_without_the_all_graphs_store_gets_one_from_its_data_store(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    shutil.rmtree(published_build(out) / "store-all")  # a release from before the all-graphs store
    edit(corpus / "articles" / COPY / "facts.yaml", ROLE, ROLE + " (edited)")
    result = build(corpus, out)
    assert result.rebuilt == (COPY,)
    assert_as_from_nothing(corpus, out, result, tmp_path)


def test_a_removed_and_a_renamed_article(corpus: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # a corpus of 6 articles: let 3 graphs in 9 change without building everything
    monkeypatch.setattr(newskg.publish.incremental, "UPDATE_AT_MOST", 0.5)
    out = tmp_path / "build"
    build(corpus, out)
    shutil.rmtree(corpus / "articles" / COPY)
    result = build(corpus, out)
    assert result.rebuilt == ()
    assert not (out / ARTICLES_CACHE / COPY).exists()
    assert not any(COPY in q for q in published(out)["quads"])  # type: ignore[attr-defined]
    assert_as_from_nothing(corpus, out, result, tmp_path)
    renamed = "2023-09-22-renamed"
    os.rename(corpus / "articles" / SEED_SLUG, corpus / "articles" / renamed)
    shutil.copytree(corpus / "articles" / renamed, corpus / "articles" / SEED_SLUG)
    os.rename(corpus / "articles" / "2023-09-28-nagorno-karabakh-exodus-surpasses-65000",
              corpus / "articles" / "2023-09-29-exodus-renamed")
    result = build(corpus, out)
    assert result.rebuilt == ("2023-09-22-renamed", "2023-09-29-exodus-renamed")
    assert_as_from_nothing(corpus, out, result, tmp_path)


def test_a_removed_entity_still_fails_for_an_unchanged_article(corpus: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    before = published_build(out)
    entities = corpus / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    start = text.index("\n  ilham-aliyev:")
    end = text.index("\n  ", start + 3)
    while text[end + 3] == " ":  # the entity's own lines are indented deeper
        end = text.index("\n  ", end + 3)
    entities.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(FactsError, match="ilham-aliyev"):
        build(corpus, out)
    assert published_build(out) == before  # nothing published
    entities.write_text(text, encoding="utf-8")
    assert build(corpus, out).rebuilt == ()  # the cache still serves the context it was made in


def test_a_changed_entities_file_builds_everything_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    entities = corpus / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + (
        "  unused-entity:\n    name: Unused\n    types: [Person]\n"), encoding="utf-8")
    result = build(corpus, out)
    assert result.rebuilt is None  # another context: every article read again
    assert_as_from_nothing(corpus, out, result, tmp_path)
    assert build(corpus, out).rebuilt == ()


@pytest.mark.parametrize("damage", ["flipped byte", "truncated", "another article's entry"])
def test_a_damaged_cache_entry_is_not_trusted(corpus: Path, tmp_path: Path, damage: str) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    entry = out / ARTICLES_CACHE / COPY
    data = entry.read_bytes()
    if damage == "flipped byte":
        entry.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "truncated":
        entry.write_bytes(data[:len(data) // 2])
    else:
        shutil.copy(out / ARTICLES_CACHE / SEED_SLUG, entry)
    result = build(corpus, out)
    assert result.rebuilt == (COPY,)  # read again, not taken from the entry
    assert_as_from_nothing(corpus, out, result, tmp_path)
    assert build(corpus, out).rebuilt == ()  # and remembered again


def test_a_failed_incremental_build_leaves_the_published_build(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    before, files = published_build(out), published(out)
    facts = corpus / "articles" / COPY / "facts.yaml"
    edit(facts, ROLE, ROLE + " (edited)")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(newskg.publish.incremental, "write_release", broken)
    with pytest.raises(OSError, match="disk full"):
        build(corpus, out)
    assert published_build(out) == before and published(out) == files
    assert not [p for p in out.iterdir() if p.name.startswith(".staging-")]
    monkeypatch.undo()
    result = build(corpus, out)  # the failed build remembered nothing: the article is read again
    assert result.rebuilt == (COPY,)
    assert_as_from_nothing(corpus, out, result, tmp_path)


def test_bad_input_in_a_changed_article_names_its_file_and_line(corpus: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(corpus, out)
    facts = corpus / "articles" / COPY / "facts.yaml"
    edit(facts, "entity: ilham-aliyev", "entity: no-such-entity")
    with pytest.raises(FactsError, match="no-such-entity") as raised:
        build(corpus, out)
    assert str(facts) in str(raised.value)
