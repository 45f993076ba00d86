"""Validation units: what a change re-validates, entity descriptions, the parallel path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from newskg.graph import ENTITIES_GRAPH

import newskg.incremental
from newskg.build import build, build_dataset, load_project
from newskg.incremental import EntityDescriptions, dataset_units, validate_units
from newskg.validate import load_ontology
from tests.conftest import SEED_SLUG

COPIES = ("2023-09-21-copy-one",)


@pytest.fixture()
def corpus(data_copy: Path) -> Path:
    """The seed article and a copy of it under another slug (so other IRIs)."""
    for slug in COPIES:
        shutil.copytree(data_copy / "articles" / SEED_SLUG, data_copy / "articles" / slug)
    return data_copy


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = newskg.incremental.validate_graph

    def count(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(newskg.incremental, "validate_graph", count)
    monkeypatch.setattr(newskg.incremental, "PARALLEL_FROM", 10**6)  # count in this process
    return calls


def test_a_change_revalidates_only_the_units_it_touches(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counting(monkeypatch)
    out = tmp_path / "out"
    assert build(corpus, out).report.conforms and len(calls) == 3  # entities + 2 articles
    facts = corpus / "articles" / COPIES[0] / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "role: Azerbaijan President", "role: President of Azerbaijan", 1), encoding="utf-8")
    assert build(corpus, out).report.conforms and len(calls) == 4  # that article only
    entities = corpus / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8") + (
        "  unused-entity:\n    name: Unused\n    types: [Person]\n"), encoding="utf-8")
    assert build(corpus, out).report.conforms and len(calls) == 5  # the entities graph only


def test_the_parallel_path_reports_what_the_sequential_one_does(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(newskg.incremental, "PARALLEL_FROM", 2)
    facts = corpus / "articles" / COPIES[0] / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "parties: [azerbaijan, karabakh-separatists]", "parties: [azerbaijan]"), encoding="utf-8")
    ontology = load_ontology()
    units = build_dataset(load_project(corpus), ontology).units(str(ENTITIES_GRAPH))
    assert len(units) == 3
    sequential = validate_units(units, ontology=ontology, jobs=1)
    parallel = validate_units(units, ontology=ontology, jobs=2)
    assert not sequential.report.conforms and not parallel.report.conforms
    assert parallel.report.violations == sequential.report.violations
    assert {v.shape_id for v in parallel.report.violations} == {"S50-agreement-party"}
    assert all(COPIES[0] in (v.article or "") for v in parallel.report.violations)
    assert len(parallel.report.graph) == len(sequential.report.graph)


def test_an_entity_description_holds_the_records_that_point_to_it() -> None:
    e, other, link = (f"<http://example.org/{n}>" for n in ("e", "other", "link"))
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    about = "<http://example.org/about>"
    kind = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    person = "<http://example.org/Person>"
    entities = [(e, label, '"E"'), (other, label, '"O"'), (link, about, e), (other, kind, person)]
    fact = "<http://example.org/fact>"
    article = [(fact, about, e), (fact, kind, person)]
    described = EntityDescriptions(entities).of(article)
    # e, and the link record pointing to it; not `other`, though it points to a class in use
    assert set(described) == {entities[0], entities[2]}


def test_units_of_quads_are_the_units_of_the_built_dataset(corpus: Path) -> None:
    built = build_dataset(load_project(corpus))
    from_quads = dataset_units(built.quads(), str(ENTITIES_GRAPH))
    assert [(u.name, u.ntriples()) for u in from_quads] == [
        (u.name, u.ntriples()) for u in built.units(str(ENTITIES_GRAPH))]
    # a unit's N-Triples are pyoxigraph's, so digests stay those of earlier versions' units
    for unit in from_quads:
        triples = list(ox.parse(input=unit.ntriples(), format=ox.RdfFormat.N_TRIPLES))
        assert ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) == unit.ntriples()
