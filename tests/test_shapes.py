"""The SHACL shapes: ids, messages, closed shapes, severities, and an example of each.

For every shape nkgsh:S<NN>-… in shapes/newskg-shapes.ttl, tests/shapes/S<NN>-valid.ttl conforms with
no result at all, and every tests/shapes/S<NN>-invalid-*.ttl gives results from that shape and no
other. The example files are made by tests/shape_examples from recipes (a scene minus and plus a few
triples); a test checks that they are what the recipes make.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from newskg.rdf.namespaces import NKG, NKGSH, OA
from newskg.resources import shapes_path
from newskg.validation.shacl import (
    ValidationReport,
    load_ontology,
    load_shapes,
    validate_graph,
)
from newskg.validation.summary import Violation
from tests.shape_examples import FOLDER as FIXTURES

SHAPE_ID = re.compile(r"^(S\d{2,3})-[a-z0-9]+(-[a-z0-9]+)*$")
SHAPES = load_shapes()
ONTOLOGY = load_ontology()
README = (shapes_path().parent / "README.md").read_text(encoding="utf-8")
RETIRED = sorted(set(re.findall(r"^\| `(S\d{2,3})` \| retired", README, flags=re.MULTILINE)))
SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
PROV_AGENT = URIRef("http://www.w3.org/ns/prov#Agent")


def local_name(node: URIRef) -> str:
    return str(node)[len(str(NKGSH)):]


def numbered_shapes() -> list[URIRef]:
    """Every shape with an S<NN> id, in number order."""
    nodes = {s for s in SHAPES.subjects() if isinstance(s, URIRef) and str(s).startswith(str(NKGSH))}
    return sorted((s for s in nodes if SHAPE_ID.match(local_name(s))), key=number)


def short_id(shape: URIRef) -> str:
    match = SHAPE_ID.match(local_name(shape))
    assert match is not None
    return match.group(1)


def number(shape: URIRef) -> int:
    return int(short_id(shape)[1:])


SHAPE_IRIS = numbered_shapes()
BY_ID = {short_id(s): s for s in SHAPE_IRIS}


def run(path: Path) -> ValidationReport:
    return validate_graph(Graph().parse(path, format="turtle"), shapes=SHAPES, ontology=ONTOLOGY)


def describe(report: ValidationReport) -> str:
    return "\n".join(f"{v.shape_id} {v.focus} {v.path} {v.value}: {v.message}"
                     for v in report.violations)


def severity(shape: URIRef) -> str:
    return SEVERITY[SHAPES.value(shape, SH.severity, default=SH.Violation)]  # type: ignore[index]


# -- the shapes graph itself ------------------------------------------------------------------------

def test_shapes_graph_parses_and_has_a_header() -> None:
    header = URIRef("https://w3id.org/newskg/shapes")
    graph = Graph().parse(shapes_path(), format="turtle")
    assert (header, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in graph
    for field in ("title", "license", "created", "modified"):
        assert graph.value(header, URIRef(f"http://purl.org/dc/terms/{field}")) is not None, field
    owl = "http://www.w3.org/2002/07/owl#"
    assert str(graph.value(header, URIRef(owl + "versionInfo"))) == "0.2.0"
    assert graph.value(header, URIRef(owl + "priorVersion")) is not None
    assert (header, URIRef(owl + "imports"), URIRef("https://w3id.org/newskg/ontology")) in graph


def test_there_are_shapes() -> None:
    assert len(SHAPE_IRIS) >= 140


def test_every_named_shape_has_a_numbered_id_one_message_and_one_description() -> None:
    named = {s for s in SHAPES.subjects(RDF.type, SH.PropertyShape)} | {
        s for s in SHAPES.subjects(RDF.type, SH.NodeShape)}
    assert sorted(str(s) for s in named if s not in SHAPE_IRIS) == []
    for shape in SHAPE_IRIS:
        assert len(set(SHAPES.objects(shape, SH.message))) == 1, f"{shape}: one sh:message"
        assert len(set(SHAPES.objects(shape, SH.description))) == 1, f"{shape}: one sh:description"
        if (shape, RDF.type, SH.PropertyShape) in SHAPES:
            assert SHAPES.value(shape, SH.path) is not None, shape


def test_numbers_are_unique_and_only_retired_ones_are_missing() -> None:
    ids = [short_id(s) for s in SHAPE_IRIS]
    assert len(ids) == len(set(ids)), "two shapes share a number"
    assert set(ids) & set(RETIRED) == set(), "a retired number is in use again"
    highest = max(number(s) for s in SHAPE_IRIS)
    assert sorted(set(ids) | set(RETIRED), key=lambda i: int(i[1:])) == [
        f"S{n:02d}" for n in range(1, highest + 1)], "numbers skipped without retiring them"


def test_every_property_shape_belongs_to_a_node_shape_with_a_target() -> None:
    used = set(SHAPES.objects(None, SH.property))
    properties = [s for s in SHAPE_IRIS if (s, RDF.type, SH.PropertyShape) in SHAPES]
    assert [s for s in properties if s not in used] == []
    targets = [SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode]
    for node_shape in (s for s in SHAPE_IRIS if (s, RDF.type, SH.NodeShape) in SHAPES):
        assert any(SHAPES.value(node_shape, t) is not None for t in targets), node_shape


CONCRETE_KINDS = [
    NKG.Article, NKG.Mention, NKG.Statement, NKG.EventReport, NKG.AgreementReport, NKG.TermReport,
    NKG.RelationshipReport, NKG.ReportedFigure, NKG.Event, NKG.Agreement, NKG.AgreementTerm,
    NKG.CountedThing, NKG.Relationship, NKG.TimeValue, NKG.WikidataLink, NKG.Actor, NKG.Territory,
    OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector,
    URIRef("http://www.w3.org/ns/prov#Activity")]


def closed_shapes() -> dict[URIRef, list[URIRef]]:
    """Targeted class -> the closed shapes that target it (prov:Agent: closed inside an sh:or)."""
    out: dict[URIRef, list[URIRef]] = {}
    for shape in SHAPE_IRIS:
        closed = SHAPES.value(shape, SH.closed) is not None or any(
            SHAPES.value(member, SH.closed) is not None
            for alternatives in SHAPES.objects(shape, SH["or"])
            for member in Collection(SHAPES, alternatives))
        if closed:
            for cls in SHAPES.objects(shape, SH.targetClass):
                out.setdefault(cls, []).append(shape)  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("kind", CONCRETE_KINDS, ids=lambda k: str(k).rsplit("#", 1)[-1])
def test_each_concrete_kind_has_exactly_one_closed_shape(kind: URIRef) -> None:
    assert len(closed_shapes().get(kind, [])) == 1


def test_closed_shapes_target_only_concrete_kinds_and_ignore_rdf_type() -> None:
    closed = closed_shapes()
    assert set(closed) <= {*CONCRETE_KINDS, PROV_AGENT}
    for shapes in closed.values():
        for shape in shapes:
            ignored = SHAPES.value(shape, SH.ignoredProperties)
            if ignored is not None:
                assert RDF.type in list(Collection(SHAPES, ignored)), shape


def test_messages_speak_of_the_graph_not_of_files() -> None:
    words = re.compile(r"yaml|facts file|data/|article\.txt|newskg build", re.IGNORECASE)
    offending = [f"{local_name(s)}: {m}" for s in SHAPE_IRIS for m in SHAPES.objects(s, SH.message)
                 if words.search(str(m))]
    assert offending == []


def test_readme_lists_every_shape_with_its_severity() -> None:
    rows = dict(re.findall(r"^\| `(S\d{2,3}-[a-z0-9-]+)` \|.*\| (Violation|Warning|Info) \|",
                           README, flags=re.MULTILINE))
    assert {local_name(s): severity(s) for s in SHAPE_IRIS} == rows


def test_some_shapes_are_warnings_and_infos() -> None:
    graded = {severity(s) for s in SHAPE_IRIS}
    assert graded == {"Violation", "Warning", "Info"}


# -- one valid and at least one invalid example per shape ------------------------------------------

def test_examples_are_what_their_recipes_make() -> None:
    from tests.shape_examples.recipes import EXAMPLES

    names = {short_id(s): local_name(s) for s in SHAPE_IRIS}
    on_disk = {p.name for p in FIXTURES.glob("*.ttl")}
    assert on_disk == {e.file_name for e in EXAMPLES}, "run: python -m tests.shape_examples"
    for example in EXAMPLES:
        path = FIXTURES / example.file_name
        assert path.read_text(encoding="utf-8") == example.text(names[example.shape]), (
            f"{path.name} differs from its recipe: run python -m tests.shape_examples")


@pytest.mark.parametrize("shape", SHAPE_IRIS, ids=short_id)
def test_examples_exist(shape: URIRef) -> None:
    sid = short_id(shape)
    assert (FIXTURES / f"{sid}-valid.ttl").is_file()
    assert sorted(FIXTURES.glob(f"{sid}-invalid-*.ttl")), f"no {sid}-invalid-01.ttl"


@pytest.mark.parametrize("shape", SHAPE_IRIS, ids=short_id)
def test_valid_example_conforms_with_no_result(shape: URIRef) -> None:
    report = run(FIXTURES / f"{short_id(shape)}-valid.ttl")
    assert report.conforms and report.violations == (), describe(report)


INVALID = sorted(FIXTURES.glob("S*-invalid-*.ttl"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_example_fails_on_its_own_shape_only(path: Path) -> None:
    shape = BY_ID[path.name.split("-")[0]]
    report = run(path)
    assert {v.shape for v in report.violations} == {str(shape)}, describe(report)
    assert {v.severity for v in report.violations} == {severity(shape)}
    assert report.conforms == (severity(shape) != "Violation")


def test_every_example_belongs_to_a_shape() -> None:
    assert [p.name for p in FIXTURES.glob("*.ttl") if p.name.split("-")[0] not in BY_ID] == []


# -- what the issue asked to be refused -----------------------------------------------------------

ID = "https://w3id.org/newskg/id/"
NK = f"{ID}entity/nagorno-karabakh"


def test_an_unevidenced_control_triple_fails() -> None:
    (v,) = run(FIXTURES / "S149-invalid-01.ttl").violations
    assert (v.shape_id, v.severity) == ("S149-plain-relationship-supported", "Violation")
    assert (v.focus, v.path, v.value) == (f"{ID}entity/russia", str(NKG.controls), NK)


def test_a_misspelled_property_on_a_statement_fails() -> None:
    (v,) = run(FIXTURES / "S89-invalid-01.ttl").violations
    assert (v.shape_id, v.focus) == ("S89-statement", f"{ID}article/demo/st-aliyev")
    assert v.path == "https://w3id.org/newskg/ontology#speakr"
    assert v.fact == f"{ID}article/demo/st-aliyev" and v.evidence and v.evidence.startswith("Aliyev")


def test_an_unknown_property_on_a_figure_fails() -> None:
    (v,) = run(FIXTURES / "S94-invalid-01.ttl").violations
    assert (v.shape_id, v.focus) == ("S94-reported-figure", f"{ID}article/demo/fig-killed")
    assert (v.path, v.value) == ("https://w3id.org/newskg/ontology#valeu", '"999"^^xsd:integer')


def test_a_plain_triple_of_an_ended_relationship_fails() -> None:
    (v,) = run(FIXTURES / "S149-invalid-02.ttl").violations
    assert (v.focus, v.path, v.value) == (f"{ID}entity/azerbaijan", str(NKG.controls), NK)


# -- the report: what a result names, and how the report renders -----------------------------------

def test_violation_names_shape_article_report_and_evidence() -> None:
    (v,) = run(FIXTURES / "S07-invalid-02.ttl").violations
    assert v.shape == str(NKGSH["S07-statement-speaker"])
    assert v.shape_id == "S07-statement-speaker"
    assert (v.focus, v.fact, v.article) == (f"{ID}article/demo/st-aliyev",
                                            f"{ID}article/demo/st-aliyev", f"{ID}article/demo")
    assert v.path == "https://w3id.org/newskg/ontology#speaker"
    assert v.value == NK
    assert v.severity == "Violation"
    assert v.evidence is not None and v.evidence.startswith("Aliyev said")
    assert v.message.startswith("An nkg:Statement needs at least one nkg:speaker")


def test_selector_violation_names_its_report() -> None:
    (v,) = run(FIXTURES / "S36-invalid-01.ttl").violations
    assert v.focus == f"{ID}article/demo/m-aliyev/evidence/position"
    assert (v.fact, v.article, v.evidence) == (f"{ID}article/demo/m-aliyev", f"{ID}article/demo",
                                               "Aliyev")
    assert v.value is None and v.path == "http://www.w3.org/ns/oa#start"


def test_article_wide_check_names_the_report_from_its_value() -> None:
    (v,) = run(FIXTURES / "S32-invalid-01.ttl").violations
    assert v.focus == f"{ID}article/demo"
    assert v.value == f"{ID}article/demo/m-aliyev/evidence"
    assert (v.fact, v.evidence) == (f"{ID}article/demo/m-aliyev", "Aliyev")
    assert v.path == "^<http://www.w3.org/ns/oa#hasSource>"


def test_warnings_and_infos_do_not_break_conformance() -> None:
    for name, graded in (("S14-invalid-01.ttl", "Warning"), ("S138-invalid-01.ttl", "Info")):
        report = run(FIXTURES / name)
        assert report.conforms
        assert [v.severity for v in report.violations] == [graded]


def test_build_lists_every_violation_and_at_most_twenty_warnings() -> None:
    from newskg.store.render import render_report
    from newskg.validation.summary import BUILD_MOST_WARNINGS, BUILD_SHOWN

    def result(shape: str, severity: str, n: int) -> Violation:
        return Violation(str(NKGSH[shape]), shape, f"{ID}r/{n}", None, None, severity, "m",
                         None, None, None)

    rows = [result("S130-report-review-pending", "Warning", n) for n in range(30)]
    rows += [result("S07-statement-speaker", "Violation", n) for n in range(25)]
    rows += [result("S138-instance-single-source", "Info", n) for n in range(5)]
    report = ValidationReport(False, tuple(rows), Graph(), "")
    table = render_report(report, "table", BUILD_SHOWN, BUILD_MOST_WARNINGS)
    assert (table.count("[Violation]"), table.count("[Warning]"), table.count("[Info]")) == (
        25, 20, 0)
    assert "15 more not shown: S130-report-review-pending 10, S138-instance-single-source 5;" in table
    assert table.startswith("does not conform: 25 violations, 30 warnings, 5 infos\n")
    assert render_report(report, "table").count("[Warning]") == 30  # newskg validate: all


def test_renderings_are_deterministic() -> None:
    for name in ("S14-invalid-01.ttl", "S43-invalid-01.ttl", "S01-valid.ttl"):
        first, second = run(FIXTURES / name), run(FIXTURES / name)
        assert first == second
        assert first.to_turtle() == second.to_turtle()
        assert first.to_json() == second.to_json()
        assert Graph().parse(data=first.to_turtle(), format="turtle")


def test_a_report_of_a_thousand_results_is_written_quickly_and_the_same_each_time() -> None:
    graph = Graph().parse(FIXTURES / "S89-valid.ttl", format="turtle")
    statement = URIRef(f"{ID}article/demo/st-aliyev")
    for n in range(1200):
        graph.add((statement, URIRef(f"{NKG}unknown{n}"), Literal(n)))
    report = validate_graph(graph, shapes=SHAPES, ontology=ONTOLOGY)
    assert len(report.violations) == 1200
    started = time.monotonic()
    text = report.to_turtle()
    assert time.monotonic() - started < 10  # a safety bound: rdflib's canonicalisation took 40 s
    assert text == report.to_turtle()
    back = Graph().parse(data=text, format="turtle")
    assert len(back) == len(report.graph)
    assert len(set(back.objects(None, SH.result))) == 1200


def test_json_has_one_object_per_violation_with_fixed_keys() -> None:
    report = run(FIXTURES / "S43-invalid-01.ttl")
    document = json.loads(report.to_json())
    assert list(document) == ["conforms", "counts", "violations"]
    assert len(document["violations"]) == len(report.violations) == 1  # equal rows are merged
    assert sum(document["counts"].values()) == 1
    assert list(document["violations"][0]) == [
        "shape", "shape_id", "focus", "path", "value", "severity", "message", "article", "fact",
        "evidence"]


def test_json_lists_violations_first_and_counts_each_severity() -> None:
    """Every result, ordered as the table orders them (violations, warnings, infos), with the
    number of each; the verdict follows the violations only."""
    from newskg.validation.shacl import SpooledReport
    from newskg.validation.summary import Violation

    def result(severity: str, n: int) -> Violation:
        return Violation(f"http://ex/S{n}", f"S{n}", f"http://ex/f{n}", None, None, severity,
                         "m", None, None, None)

    report = SpooledReport(False, (result("Info", 1), result("Warning", 2),
                                   result("Violation", 3), result("Info", 4)), "", "")
    document = json.loads(report.to_json())
    assert document["conforms"] is False
    assert [v["severity"] for v in document["violations"]] == ["Violation", "Warning", "Info", "Info"]
    assert document["counts"] == {"Violation": 1, "Warning": 1, "Info": 2}


def test_importing_validate_does_not_import_pyshacl() -> None:
    code = "import sys, newskg.validation.shacl; print('pyshacl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- readings of the model the curated data relies on ----------------------------------------------

def test_a_relationship_nobody_accepted_may_rest_on_reviewed_reports() -> None:
    """Not a draft in the sense of S136: it stays a set of (reviewed) reports, with no plain triple."""
    from tests.shape_examples import Example
    from tests.shape_examples.names import AG, PLAIN, REL

    unaccepted = Example("S136", "unaccepted", "", "relationship",
                         f'{REL} nkg:reviewStatus nkg:Reviewed ; nkg:acceptedBy {AG} ; '
                         f'nkg:acceptedOn "2026-12-04T00:00:00Z"^^xsd:dateTime . {PLAIN}',
                         f"{REL} nkg:reviewStatus nkg:Draft .")
    report = validate_graph(unaccepted.graph(), shapes=SHAPES, ontology=ONTOLOGY)
    assert report.violations == (), describe(report)


def test_a_city_may_be_the_capital_of_a_state() -> None:
    from tests.shape_examples import Example
    from tests.shape_examples.names import AZ, NK, PLAIN, REL

    artsakh = ('<entity/artsakh> a nkg:State, nkg:Actor ; rdfs:label "Republic of Artsakh"@en .'
               ' <entity/stepanakert> a nkg:City, nkg:Territory ; rdfs:label "Stepanakert"@en .')
    capital = Example("S72", "capital", "", "relationship",
                      f"{REL} a nkg:Control ; nkg:relationshipSubject {AZ} ; "
                      f"nkg:relationshipObject {NK} . {PLAIN}",
                      f"{REL} a nkg:CapitalRelationship ; nkg:relationshipSubject <entity/stepanakert> ;"
                      f" nkg:relationshipObject <entity/artsakh> ."
                      f" <entity/stepanakert> nkg:capitalOf <entity/artsakh> . {artsakh}")
    report = validate_graph(capital.graph(), shapes=SHAPES, ontology=ONTOLOGY)
    assert report.violations == (), describe(report)
