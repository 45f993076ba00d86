"""The ontology, its alignments and a graph written as the 0.2.0 contract says are in OWL 2 DL: a
structural check in Python, the OWL API's profile check, and HermiT (consistent, no unsatisfiable
class). The helpers live in tests/owl_dl.py and take any list of files, so a built graph can be
checked the same way (``python -m tests.owl_dl build/newskg.trig``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.owl_dl import (
    DL_PROFILES,
    JAVA_MISSING,
    ONTOLOGY_FILES,
    dl_problems,
    java_executable,
    owl_profile,
    run_hermit,
    union_graph,
)

SAMPLE = Path(__file__).parent / "fixtures" / "owl" / "sample-graph.ttl"
NKG = "https://w3id.org/newskg/ontology#"
SAMPLE_ARTICLE = "https://w3id.org/newskg/id/article/2023-09-20-sample"
EVENT = "https://w3id.org/newskg/id/event/azerbaijan-offensive-2023"
COUNTED = "https://w3id.org/newskg/id/counted/killed-azerbaijan-offensive-2023"

needs_java = pytest.mark.skipif(java_executable() is None, reason=JAVA_MISSING)


def write(path: Path, turtle: str) -> Path:
    path.write_text(f"@prefix nkg: <{NKG}> .\n" + turtle, encoding="utf-8")
    return path


# -- structural check (no Java) ---------------------------------------------------------------------

def test_ontology_and_alignments_have_no_dl_problems() -> None:
    assert dl_problems(union_graph(ONTOLOGY_FILES)) == []


def test_sample_graph_has_no_dl_problems() -> None:
    assert dl_problems(union_graph([*ONTOLOGY_FILES, SAMPLE])) == []


def test_structural_check_names_what_0_1_got_wrong(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.ttl", """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        nkg:Relation a owl:Class ; rdfs:subClassOf rdf:Statement .
        nkg:date a owl:DatatypeProperty ; rdfs:range xsd:date .
        nkg:capitalOf a owl:ObjectProperty ;
            owl:inverseOf <http://www.wikidata.org/prop/direct/P36> .
        nkg:Killed a nkg:FigureKind .
        <http://example.org/r> a nkg:Relation ; rdf:subject <http://example.org/a> .
    """)
    problems = "\n".join(dl_problems(union_graph([bad])))
    assert f"{NKG}Relation extends reserved vocabulary" in problems
    assert "datatype http://www.w3.org/2001/XMLSchema#date is used in an axiom" in problems
    assert "property http://www.wikidata.org/prop/direct/P36 is not declared" in problems
    assert f"class {NKG}FigureKind is not declared" in problems
    assert "RDF reification" in problems


def test_structural_check_finds_punning_and_unknown_terms(tmp_path: Path) -> None:
    data = write(tmp_path / "data.ttl", f"""
        <{SAMPLE_ARTICLE}/x> nkg:speakr <{SAMPLE_ARTICLE}/y> ;
            nkg:stance nkg:Agreed ;
            nkg:value nkg:Killed .
        nkg:Statement nkg:speaker nkg:Person .
    """)
    problems = dl_problems(union_graph([*ONTOLOGY_FILES, data]))
    assert f"property {NKG}speakr is not declared" in problems
    assert f"{NKG}Agreed is not a term of the newskg ontology" in problems
    assert f"datatype property {NKG}value has resources as values" in problems
    assert f"{NKG}Person is both class and individual" in problems


# -- the OWL API's profile check and HermiT ---------------------------------------------------------

@needs_java
def test_owl_api_puts_ontology_alignments_and_sample_in_owl2_dl(tmp_path: Path) -> None:
    assert owl_profile([*ONTOLOGY_FILES, SAMPLE], workdir=tmp_path) in DL_PROFILES


@needs_java
def test_owl_api_puts_ontology_0_1_outside_owl2_dl(tmp_path: Path) -> None:
    old = write(tmp_path / "old.ttl", """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/newskg/ontology> a owl:Ontology .
        nkg:Fact a owl:Class .
        nkg:date a owl:DatatypeProperty ; rdfs:domain nkg:Fact ;
            rdfs:range [ a rdfs:Datatype ; owl:unionOf ( xsd:date xsd:gYearMonth xsd:gYear ) ] .
        nkg:capitalOf a owl:ObjectProperty ;
            owl:inverseOf <http://www.wikidata.org/prop/direct/P36> .
    """)
    assert owl_profile([old], workdir=tmp_path) == "OWL 2"


@needs_java
def test_hermit_finds_ontology_alignments_and_sample_consistent(tmp_path: Path) -> None:
    result = run_hermit([*ONTOLOGY_FILES, SAMPLE], workdir=tmp_path)
    assert result.consistent, result.summary()
    assert result.unsatisfiable == (), result.summary()
    # Concepts are owl:NamedIndividual now (0.1.0: owlready2 saw no individual at all).
    assert result.individuals > 60
    assert result.classes > 60


@pytest.mark.parametrize(("name", "turtle"), [
    # two stances on one statement: nkg:stance is functional and the stances are all different
    ("two-stances", f"<{SAMPLE_ARTICLE}/st-denial> nkg:stance nkg:Asserted ."),
    # provenance on a world instance makes it a report, and reports are not world instances
    ("instance-with-source", f"<{EVENT}> nkg:sourceArticle <{SAMPLE_ARTICLE}> ."),
    # an event report that reports an agreement
    ("event-report-on-agreement", f"<{SAMPLE_ARTICLE}/ceasefire-report> a nkg:EventReport ."),
    # a unit used as a figure kind
    ("unit-as-measure", f"<{COUNTED}> nkg:measure nkg:PersonUnit ."),
])
@needs_java
def test_hermit_finds_contract_violations_inconsistent(tmp_path: Path, name: str,
                                                        turtle: str) -> None:
    broken = write(tmp_path / f"{name}.ttl", turtle)
    assert not run_hermit([*ONTOLOGY_FILES, SAMPLE, broken], workdir=tmp_path).consistent


@needs_java
def test_hermit_reports_unsatisfiable_classes(tmp_path: Path) -> None:
    extra = write(tmp_path / "unsatisfiable.ttl", """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://example.org/ReportedInstance> a owl:Class ;
            rdfs:subClassOf nkg:Report, nkg:WorldInstance .
    """)
    result = run_hermit([*ONTOLOGY_FILES, extra], workdir=tmp_path)
    assert result.consistent
    assert result.unsatisfiable == ("http://example.org/ReportedInstance",)


@needs_java
def test_hermit_finds_the_real_build_consistent_and_in_owl2_dl(
        built_all: tuple[object, Path], tmp_path: Path) -> None:
    """Ontology + alignments + the graph `newskg build` publishes from data/ (every article)."""
    trig = built_all[1] / "newskg.trig"
    assert dl_problems(union_graph([*ONTOLOGY_FILES, trig])) == []
    result = run_hermit([*ONTOLOGY_FILES, trig], workdir=tmp_path)
    assert result.consistent and result.unsatisfiable == ()
    assert result.individuals > 1000
    assert owl_profile([*ONTOLOGY_FILES, trig], workdir=tmp_path) == "OWL 2 DL"
