"""The SHACL shapes: each shape id has a valid and an invalid example, and fails on exactly its own.

For every property shape nkgsh:S<NN>-… in shapes/newskg-shapes.ttl, tests/shapes/S<NN>-valid.ttl must
conform and every tests/shapes/S<NN>-invalid-*.ttl must give results from that shape and no other.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from newskg.namespaces import NKGSH
from newskg.resources import shapes_path
from newskg.validate import ValidationReport, load_ontology, load_shapes, validate_graph

FIXTURES = Path(__file__).resolve().parent / "shapes"
SHAPE_ID = re.compile(r"^(S\d\d)-[a-z0-9]+(-[a-z0-9]+)*$")
SHAPES = load_shapes()
ONTOLOGY = load_ontology()


def _local(node: URIRef) -> str:
    return str(node)[len(str(NKGSH)):]


def numbered_shapes() -> list[URIRef]:
    """Every shape with an S<NN> id, in id order."""
    nodes = {s for s in SHAPES.subjects() if isinstance(s, URIRef) and str(s).startswith(str(NKGSH))}
    return sorted((s for s in nodes if SHAPE_ID.match(_local(s))), key=str)


def short_id(shape: URIRef) -> str:
    match = SHAPE_ID.match(_local(shape))
    assert match is not None
    return match.group(1)


SHAPE_IRIS = numbered_shapes()


def run(path: Path) -> ValidationReport:
    return validate_graph(Graph().parse(path, format="turtle"), shapes=SHAPES, ontology=ONTOLOGY)


def describe(report: ValidationReport) -> str:
    return "\n".join(f"{v.shape_id} {v.focus} {v.path} {v.value}: {v.message}"
                     for v in report.violations)


# -- the shapes graph itself ------------------------------------------------------------------------

def test_shapes_graph_parses_and_has_a_header() -> None:
    header = URIRef("https://w3id.org/newskg/shapes")
    graph = Graph().parse(shapes_path(), format="turtle")
    assert (header, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph
    for field in ("title", "license", "created", "modified"):
        assert graph.value(header, URIRef(f"http://purl.org/dc/terms/{field}")) is not None, field
    assert graph.value(header, URIRef("http://www.w3.org/2002/07/owl#versionInfo")) is not None
    assert (header, URIRef("http://www.w3.org/2002/07/owl#imports"),
            URIRef("https://w3id.org/newskg/ontology")) in graph


def test_there_are_shapes() -> None:
    assert len(SHAPE_IRIS) >= 40


def test_every_property_shape_has_a_path_and_a_numbered_id() -> None:
    for shape in SHAPES.subjects(RDF.type, SH.PropertyShape):
        assert SHAPES.value(shape, SH.path) is not None, shape
        assert isinstance(shape, URIRef) and SHAPE_ID.match(_local(shape)), shape


def test_every_numbered_shape_is_a_property_shape_with_a_message_and_description() -> None:
    for shape in SHAPE_IRIS:
        assert (shape, RDF.type, SH.PropertyShape) in SHAPES, shape
        assert SHAPES.value(shape, SH.message) is not None, f"{shape} has no sh:message"
        assert SHAPES.value(shape, SH.description) is not None, f"{shape} has no sh:description"


def test_shape_ids_are_unique_and_numbered_in_order() -> None:
    ids = [short_id(s) for s in SHAPE_IRIS]
    assert len(ids) == len(set(ids)), "two shapes share a number"
    assert ids == [f"S{n:02d}" for n in range(1, len(ids) + 1)], "numbers must run S01, S02, ..."


def test_every_property_shape_is_used_by_a_node_shape() -> None:
    used = set(SHAPES.objects(None, SH.property))
    assert [s for s in SHAPE_IRIS if s not in used] == []
    for node_shape in SHAPES.subjects(SH.property, None):
        targets = [SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode]
        assert any(SHAPES.value(node_shape, t) is not None for t in targets), node_shape


def test_readme_lists_every_shape() -> None:
    readme = (shapes_path().parent / "README.md").read_text(encoding="utf-8")
    assert [_local(s) for s in SHAPE_IRIS if _local(s) not in readme] == []


# -- one valid and at least one invalid example per shape ------------------------------------------

@pytest.mark.parametrize("shape", SHAPE_IRIS, ids=short_id)
def test_fixtures_exist(shape: URIRef) -> None:
    sid = short_id(shape)
    assert (FIXTURES / f"{sid}-valid.ttl").is_file()
    assert sorted(FIXTURES.glob(f"{sid}-invalid-*.ttl")), f"no {sid}-invalid-01.ttl"


@pytest.mark.parametrize("shape", SHAPE_IRIS, ids=short_id)
def test_valid_example_conforms(shape: URIRef) -> None:
    report = run(FIXTURES / f"{short_id(shape)}-valid.ttl")
    assert report.conforms and report.violations == (), describe(report)


INVALID = sorted(FIXTURES.glob("S[0-9][0-9]-invalid-*.ttl"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_on_its_own_shape_only(path: Path) -> None:
    sid = path.name[:3]
    (shape,) = [s for s in SHAPE_IRIS if short_id(s) == sid]
    report = run(path)
    assert {v.shape for v in report.violations} == {str(shape)}, describe(report)
    if SHAPES.value(shape, SH.severity, default=SH.Violation) == SH.Violation:
        assert not report.conforms


def test_every_fixture_belongs_to_a_shape() -> None:
    known = {short_id(s) for s in SHAPE_IRIS}
    assert [p.name for p in FIXTURES.glob("*.ttl") if p.name[:3] not in known] == []


# -- the report: what a Violation names, and how the report renders ---------------------------------

ID = "https://w3id.org/newskg/id/"


def test_violation_names_shape_article_fact_and_evidence() -> None:
    (v,) = run(FIXTURES / "S07-invalid-02.ttl").violations
    assert v.shape == str(NKGSH["S07-statement-speaker"])
    assert v.shape_id == "S07-statement-speaker"
    assert (v.focus, v.fact, v.article) == (f"{ID}article/demo/st-aliyev",
                                            f"{ID}article/demo/st-aliyev", f"{ID}article/demo")
    assert v.path == "https://w3id.org/newskg/ontology#speaker"
    assert v.value == f"{ID}entity/karabakh"
    assert v.severity == "Violation"
    assert v.evidence is not None and v.evidence.startswith("Aliyev said")
    assert v.message.startswith("A statement needs exactly one nkg:speaker")


def test_selector_violation_names_its_fact() -> None:
    (v,) = run(FIXTURES / "S36-invalid-01.ttl").violations
    assert v.focus == f"{ID}article/demo/m-aliyev/evidence/position"
    assert (v.fact, v.article, v.evidence) == (f"{ID}article/demo/m-aliyev", f"{ID}article/demo",
                                               "Karabakh")
    assert v.value is None and v.path == "http://www.w3.org/ns/oa#start"


def test_article_wide_check_names_the_fact_from_its_value() -> None:
    (v,) = run(FIXTURES / "S32-invalid-01.ttl").violations
    assert v.focus == f"{ID}article/demo"
    assert v.value == f"{ID}article/demo/m-aliyev/evidence"
    assert (v.fact, v.evidence) == (f"{ID}article/demo/m-aliyev", "Karabakh")
    assert v.path == "^<http://www.w3.org/ns/oa#hasSource>"


def test_a_warning_does_not_break_conformance() -> None:
    report = run(FIXTURES / "S14-invalid-01.ttl")
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]


def test_renderings_are_deterministic() -> None:
    for name in ("S14-invalid-01.ttl", "S43-invalid-01.ttl", "S01-valid.ttl"):
        first, second = run(FIXTURES / name), run(FIXTURES / name)
        assert first == second
        assert first.to_turtle() == second.to_turtle()
        assert first.to_json() == second.to_json()
        assert Graph().parse(data=first.to_turtle(), format="turtle")


def test_json_has_one_object_per_violation_with_fixed_keys() -> None:
    report = run(FIXTURES / "S43-invalid-01.ttl")
    document = json.loads(report.to_json())
    assert list(document) == ["conforms", "violations"]
    assert len(document["violations"]) == len(report.violations) == 1  # equal rows are merged
    assert list(document["violations"][0]) == [
        "shape", "shape_id", "focus", "path", "value", "severity", "message", "article", "fact",
        "evidence"]


def test_importing_validate_does_not_import_pyshacl() -> None:
    code = "import sys, newskg.validate; print('pyshacl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
