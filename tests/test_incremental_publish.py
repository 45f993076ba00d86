"""Publication after a change: the previous store is updated in place of a full reload, the same
quads as a fresh build, switched atomically like any release."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from newskg.publish.build import GRAPHS_FILE, LAST_PUBLISH, build
from newskg.publish.releases import published_build
from tests.conftest import SEED_SLUG

ROLE = "  role: Azerbaijan President"


def quads(build_dir: Path) -> set[str]:
    store = ox.Store.read_only(str(published_build(build_dir) / "store"))
    return {str(q) for q in store}


def manifest(build_dir: Path) -> dict[str, str]:
    lines = (published_build(build_dir) / GRAPHS_FILE).read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[0]: line.split("\t")[1] for line in lines}


def test_one_changed_article_replaces_its_graph_in_a_copy_of_the_store(
        data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(data_copy, out)
    assert LAST_PUBLISH["store"] == "bulk"  # nothing published before
    first_release, first = published_build(out), manifest(out)
    facts = data_copy / "articles" / SEED_SLUG / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(ROLE, ROLE + " (edited)", 1),
                     encoding="utf-8")
    build(data_copy, out)
    second = manifest(out)
    changed = [name for name in second if first.get(name) != second[name]]
    assert changed and all(SEED_SLUG in name for name in changed)
    assert LAST_PUBLISH["store"] == f"updated {len(changed)} graphs"
    assert published_build(out) != first_release and first_release.is_dir()  # kept for readers
    # the same quads as a build from nothing of the changed data
    fresh = tmp_path / "fresh"
    build(data_copy, fresh)
    assert LAST_PUBLISH["store"] == "bulk"
    assert quads(out) == quads(fresh)
    assert any("(edited)" in q for q in quads(out))
    # the previous release's store is untouched: a reader holding it sees the build before
    old = {str(q) for q in ox.Store.read_only(str(first_release / "store"))}
    assert not any("(edited)" in q for q in old)


def test_unchanged_data_copies_the_store_files_as_links(data_copy: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(data_copy, out)
    build(data_copy, out)
    assert LAST_PUBLISH["store"] == "updated 0 graphs"
    # a checkpoint: the previous release's immutable store files hard-linked, not copied
    assert os.stat(next((published_build(out) / "store").glob("*.sst"))).st_nlink >= 2
