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


def test_a_release_written_under_another_prefix_header_is_not_reused(data_copy: Path,
                                                                     tmp_path: Path) -> None:
    """A release of an older newskg wrote its graph files under a shorter @prefix header; the
    whole files skip each graph file's header by the current header's length, so reusing them
    published a TriG cut mid-IRI with exit 0 (found by an adversarial audit). Now such a release's
    manifest is not read: everything is written again, the same bytes as a build from nothing."""
    from newskg.publish.graph_files import GRAPHS_DIR, prefix_header, read_manifest

    out = tmp_path / "build"
    build(data_copy, out)
    release = published_build(out)
    header = prefix_header()
    older = header.replace(b"@prefix article: ", b"@prefix xarticle: ", 1)[:len(header) - 40]
    for path in (release / GRAPHS_DIR).iterdir():  # as an older newskg wrote them
        body = path.read_bytes()
        path.unlink()  # (hard links: a new file, not the one another release shares)
        path.write_bytes(older + body[len(header):])
    manifest_file = release / GRAPHS_FILE
    lines = manifest_file.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest_file.unlink()
    manifest_file.write_text("".join(lines[1:]), encoding="utf-8")  # no "#prefixes" line then
    assert read_manifest(release) is None
    build(data_copy, out)
    fresh = tmp_path / "fresh"
    build(data_copy, fresh)
    for name in ("newskg.trig", "newskg.ttl", GRAPHS_FILE):
        assert (published_build(out) / name).read_bytes() == \
            (published_build(fresh) / name).read_bytes(), name
    list(ox.parse(path=str(published_build(out) / "newskg.trig"), format=ox.RdfFormat.TRIG))


def test_a_manifest_of_another_header_digest_is_not_read(tmp_path: Path) -> None:
    from newskg.publish.graph_files import read_manifest

    (tmp_path / GRAPHS_FILE).write_text("#prefixes\t" + "0" * 64 + "\nhttps://x\tabc\t3\tx\n",
                                        encoding="utf-8")
    assert read_manifest(tmp_path) is None
