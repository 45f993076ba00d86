"""Validation units: what a change re-validates, the world unit and its support summaries, entity
descriptions, remembered warnings, the parallel path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import newskg.validation.units
from newskg.project import load_project
from newskg.publish.build import build
from newskg.rdf.dataset import build_dataset
from newskg.rdf.iris import ENTITIES_GRAPH, WORLD_GRAPH
from newskg.rdf.namespaces import NKG
from newskg.validation.shacl import load_ontology
from newskg.validation.units import (
    EntityDescriptions,
    Unit,
    dataset_units,
    validate_units,
)
from newskg.validation.units import (
    units_of as dataset_units_of,
)
from tests.conftest import SEED_SLUG

COPIES = ("2023-09-21-copy-one",)
ONTOLOGY = load_ontology()
ID = "https://w3id.org/newskg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


@pytest.fixture()
def corpus(data_copy: Path) -> Path:
    """The seed article and a copy of it under another slug (so other IRIs)."""
    for slug in COPIES:
        shutil.copytree(data_copy / "articles" / SEED_SLUG, data_copy / "articles" / slug)
    return data_copy


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = newskg.validation.units.validate_graph

    def count(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(newskg.validation.units, "validate_graph", count)
    monkeypatch.setattr(newskg.validation.units, "PARALLEL_FROM", 10**6)  # count in this process
    return calls


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def units_of(data: Path) -> list[Unit]:
    return dataset_units_of(build_dataset(load_project(data), ONTOLOGY), str(ENTITIES_GRAPH))


def test_a_change_revalidates_only_the_units_it_touches(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    out = tmp_path / "out"
    facts = corpus / "articles" / COPIES[0] / "facts.yaml"
    parts = sum("#part-" in u.name for u in units_of(corpus))  # the world unit's parts
    units = 1 + parts + len(list((corpus / "articles").iterdir()))  # entities, world, articles
    assert parts >= 2 and build(corpus, out).report.conforms and len(calls) == units
    edit(facts, "role: Azerbaijan President", "role: President of Azerbaijan")
    assert build(corpus, out).report.conforms and len(calls) == units + 1  # that article only
    entities = corpus / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + (
        "  unused-entity:\n    name: Unused\n    types: [Person]\n"), encoding="utf-8")
    assert build(corpus, out).report.conforms and len(calls) == units + 2  # the entities only
    # a supporting report's review status is in the world unit's support summaries
    edit(facts, "- id: ev-offensive\n", "- id: ev-offensive\n  reviewed: false\n")
    # article and the one world part whose instance that report supports
    assert build(corpus, out).report.conforms and len(calls) == units + 4


def test_the_world_unit_holds_the_support_summaries_of_its_reports(data_copy: Path) -> None:
    units = units_of(data_copy)
    assert units[0].name == str(ENTITIES_GRAPH)
    world = [line for u in units if u.name.startswith(f"{WORLD_GRAPH}#part-") for line in u.lines]
    report = f"<{ID}article/{SEED_SLUG}/ev-offensive>"
    summary = sorted(line.split(" ", 2)[1] for line in world if line.startswith(report + " "))
    assert summary == sorted(f"<{NKG[p]}>" for p in (
        "evidence", "reports", "reviewStatus", "sourceArticle"))
    figure = f"<{ID}article/{SEED_SLUG}/fig-killed> <{NKG.counted}>"
    assert any(line.startswith(figure) for line in world)
    reports = f"<{ID}article/{SEED_SLUG}/"
    assert not [line for line in world if line.startswith(reports) and f" {RDF_TYPE} " in line]
    # the entities the world uses are described in it, as in an article's unit
    assert any(line.startswith(f"<{ID}entity/azerbaijan> {RDF_TYPE} ") for line in world)


def test_the_world_unit_needs_its_summaries_and_refuses_an_unsupported_plain_triple(
        data_copy: Path) -> None:
    parts = [u for u in units_of(data_copy) if "#part-" in u.name]
    world = Unit(str(WORLD_GRAPH), tuple(sorted({line for u in parts for line in u.lines})))
    assert validate_units([world], ontology=ONTOLOGY).report.conforms
    russia = f"<{ID}entity/russia> <{NKG.controls}> <{ID}entity/nagorno-karabakh>"
    claimed = validate_units([Unit(world.name, (*world.lines, russia))], ontology=ONTOLOGY).report
    assert not claimed.conforms
    assert {(v.shape_id, v.focus) for v in claimed.violations if v.severity == "Violation"} == {
        ("S149-plain-relationship-supported", f"{ID}entity/russia")}
    # without the summaries, no instance would rest on an evidenced report
    reports = f"<{ID}article/"
    bare = Unit(world.name, tuple(line for line in world.lines if not line.startswith(reports)))
    shapes = {v.shape_id for v in validate_units([bare], ontology=ONTOLOGY).report.violations}
    assert "S133-support-evidenced" in shapes


def test_warnings_are_remembered_with_a_conforming_unit(
        data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    out = tmp_path / "out"
    first = build(data_copy, out).report
    validated = len(calls)
    second = build(data_copy, out).report
    assert len(calls) == validated  # nothing validated again
    warnings = [(v.shape_id, v.focus) for v in first.violations if v.severity != "Violation"]
    assert warnings and [(v.shape_id, v.focus) for v in second.violations] == warnings
    assert second.conforms and len(second.graph) == len(first.graph)


def test_a_damaged_marker_is_validated_again(
        data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    out = tmp_path / "out"
    first = build(data_copy, out).report
    validated = len(calls)
    markers = [p for p in (out / ".cache" / "conforming").iterdir()
               if p.read_bytes().partition(b"\n")[2]]  # past its key line
    assert markers  # units with warnings or infos keep them in their marker
    markers[0].write_bytes(markers[0].read_bytes()[:100])  # as if the disk filled up mid-write
    again = build(data_copy, out).report
    assert len(calls) == validated + 1 and again.violations == first.violations


def test_the_parallel_path_reports_what_the_sequential_one_does(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(newskg.validation.units, "PARALLEL_FROM", 2)
    units = units_of(corpus)
    assert len(units) == 1 + sum("#part-" in u.name for u in units) + len(
        list((corpus / "articles").iterdir()))
    statement = f"<{ID}article/{COPIES[0]}/st-ceasefire-announced>"
    misspelled = f"{statement} <{NKG}speakr> <{ID}entity/azerbaijan>"
    (copy,) = [i for i, unit in enumerate(units) if unit.name.endswith(COPIES[0])]
    units[copy] = Unit(units[copy].name, (*units[copy].lines, misspelled))
    sequential = validate_units(units, ontology=ONTOLOGY, jobs=1)
    parallel = validate_units(units, ontology=ONTOLOGY, jobs=2)
    assert not sequential.report.conforms and not parallel.report.conforms
    assert parallel.report.violations == sequential.report.violations
    failing = [v for v in parallel.report.violations if v.severity == "Violation"]
    assert {(v.shape_id, v.path) for v in failing} == {("S89-statement", f"{NKG}speakr")}
    assert all(COPIES[0] in (v.article or "") for v in failing)
    assert len(parallel.report.graph) == len(sequential.report.graph)


def test_an_entity_description_holds_the_records_that_point_to_it() -> None:
    e, other, link = (f"<http://example.org/{n}>" for n in ("e", "other", "link"))
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    about = "<http://example.org/about>"
    person = "<http://example.org/Person>"
    entities = [(e, label, '"E"'), (other, label, '"O"'), (link, about, e), (other, RDF_TYPE, person)]
    fact = "<http://example.org/fact>"
    article = [(fact, about, e), (fact, RDF_TYPE, person)]
    described = EntityDescriptions(entities).of(article)
    # e, and the link record pointing to it; not `other`, though it points to a class in use
    assert set(described) == {entities[0], entities[2]}


def test_units_of_quads_are_the_units_of_the_built_dataset(corpus: Path) -> None:
    built = build_dataset(load_project(corpus), ONTOLOGY)
    from_quads = dataset_units(built.quads(), str(ENTITIES_GRAPH))
    assert [(u.name, u.ntriples()) for u in from_quads] == [
        (u.name, u.ntriples()) for u in dataset_units_of(built, str(ENTITIES_GRAPH))]
    # a unit's N-Triples are pyoxigraph's, so digests stay those of earlier versions' units
    for unit in from_quads:
        triples = list(ox.parse(input=unit.ntriples(), format=ox.RdfFormat.N_TRIPLES))
        assert ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) == unit.ntriples()
