"""Exports: every format parses back to the same graph (or dataset), deterministically."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.atomic import atomic_write
from newskg.errors import StoreMissingError, UnknownFormatError
from newskg.publish.export import export_build
from newskg.rdf.formats import RDF_FORMATS, format_name

Built = tuple[object, Path]


@pytest.fixture(scope="module")
def quads(built: Built) -> set[ox.Quad]:
    return set(ox.parse(path=str(built[1] / "newskg.trig"), format=ox.RdfFormat.TRIG))


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_each_format_parses_back_to_the_store(built: Built, quads: set[ox.Quad], fmt: str) -> None:
    data = export_build(built[1], fmt)
    assert data == export_build(built[1], fmt)  # byte-identical twice
    parsed = set(ox.parse(data, format=RDF_FORMATS[fmt]))
    if fmt in ("trig", "nquads", "jsonld"):
        assert parsed == quads
    else:
        union = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        assert {ox.Triple(q.subject, q.predicate, q.object) for q in parsed} == union


def test_jsonld_carries_its_context_inline(built: Built) -> None:
    doc = json.loads(export_build(built[1], "jsonld"))
    assert doc["@context"]["nkg"] == "https://w3id.org/newskg/ontology#"
    assert "@graph" in doc


def test_turtle_binds_the_project_prefixes(built: Built) -> None:
    text = export_build(built[1], "turtle").decode()
    assert "@prefix nkg: <https://w3id.org/newskg/ontology#> ." in text
    assert "nkg:speaker" in text and "entity:ilham-aliyev" in text


def test_format_names_and_aliases() -> None:
    assert format_name("TTL") == "turtle" and format_name("json-ld") == "jsonld"
    with pytest.raises(UnknownFormatError, match="choose one of: turtle, trig"):
        format_name("docx")


def test_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreMissingError, match="run 'newskg build' first"):
        export_build(tmp_path, "turtle")


def test_atomic_write_leaves_no_partial_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("newskg.atomic.os.replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_atomic_write_gives_the_usual_permissions(tmp_path: Path) -> None:
    atomic_write(tmp_path / "x.ttl", b"")
    assert (tmp_path / "x.ttl").stat().st_mode & 0o044 == 0o044
