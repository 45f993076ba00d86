"""`--shacl-engine turbo`: pyshacl-turbo gives what pySHACL gives, on every shape example and on
the corpus (bench/bench_shacl_engines.py measures both engines on the same units)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError
from newskg.project import load_project
from newskg.rdf.dataset import build_dataset
from newskg.rdf.iris import ENTITIES_GRAPH
from newskg.validation.shacl import (
    ValidationReport,
    load_ontology,
    load_shapes,
    use_shacl_engine,
    validate_graph,
)
from newskg.validation.units import units_of
from tests.conftest import DATA
from tests.shape_examples import FOLDER as FIXTURES

pytest.importorskip("pyshacl_turbo")  # in the test extra
SHAPES, ONTOLOGY = load_shapes(), load_ontology()
EXAMPLES = sorted(FIXTURES.glob("S*.ttl"))


@pytest.fixture()
def turbo() -> Iterator[None]:
    use_shacl_engine("turbo")
    try:
        yield
    finally:
        use_shacl_engine("pyshacl")


def verdict(report: ValidationReport) -> tuple[bool, list[tuple[str, ...]]]:
    return report.conforms, sorted((v.severity, v.shape, v.focus, v.path or "", v.value or "",
                                    v.fact or "", v.article or "", v.message)
                                   for v in report.violations)


def both(graph: Graph) -> tuple[object, object]:
    use_shacl_engine("pyshacl")
    base = verdict(validate_graph(graph, shapes=SHAPES, ontology=ONTOLOGY))
    use_shacl_engine("turbo")
    try:
        fast = verdict(validate_graph(graph, shapes=SHAPES, ontology=ONTOLOGY))
    finally:
        use_shacl_engine("pyshacl")
    return base, fast


def test_every_shape_example_gives_its_expected_results(turbo: None) -> None:
    wrong = []
    for path in EXAMPLES:
        report = validate_graph(Graph().parse(path, format="turtle"), shapes=SHAPES,
                                ontology=ONTOLOGY)
        own = path.name.split("-")[0]
        if path.stem.endswith("-valid"):
            ok = report.conforms and report.violations == ()
        else:
            ok = bool(report.violations) and {v.shape_id.split("-")[0]
                                              for v in report.violations} == {own}
        if not ok:
            wrong.append(path.name)
    assert len(EXAMPLES) > 300 and wrong == []


@pytest.mark.parametrize("path", EXAMPLES[::25], ids=lambda p: p.stem)
def test_same_violations_as_pyshacl_on_examples(path: Path) -> None:
    base, fast = both(Graph().parse(path, format="turtle"))
    assert fast == base


def test_same_violations_as_pyshacl_on_the_curated_articles() -> None:
    units = units_of(build_dataset(load_project(DATA), ONTOLOGY), str(ENTITIES_GRAPH))
    for unit in units:
        base, fast = both(unit.to_graph())
        assert fast == base


def test_the_option(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown SHACL engine"):
        use_shacl_engine("jena")
    result = CliRunner().invoke(app, ["validate", "--data-dir", str(DATA), "--shacl-engine",
                                      "turbo", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    use_shacl_engine("pyshacl")
