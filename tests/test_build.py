"""`newskg build`: the seed's facts in the graph, determinism, atomic publication, bad input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from newskg.cli import app
from newskg.publish.build import BuildResult, build
from tests.conftest import REPO, SHARED

runner = CliRunner()
Built = tuple[BuildResult, Path]


def ask(store: ox.Store, body: str) -> bool:
    result = store.query("ASK { " + body + " }", prefixes=PREFIX_MAP, use_default_graph_as_union=True)
    return bool(result)


def count(store: ox.Store, body: str) -> int:
    rows = list(store.query("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { " + body + " }",
                            prefixes=PREFIX_MAP, use_default_graph_as_union=True))
    return int(rows[0]["n"].value)


PREFIX_MAP = {"nkg": "https://w3id.org/newskg/ontology#", "oa": "http://www.w3.org/ns/oa#",
              "entity": "https://w3id.org/newskg/id/entity/",
              "xsd": "http://www.w3.org/2001/XMLSchema#", "prov": "http://www.w3.org/ns/prov#",
              "skos": "http://www.w3.org/2004/02/skos/core#",
              "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


@pytest.fixture(scope="module")
def turtle_store(built: Built) -> ox.Store:
    """The exported Turtle, read back by pyoxigraph: what a user of the export sees."""
    store = ox.Store()
    store.load(path=str(built[1] / "newskg.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def test_outputs_are_published(built: Built) -> None:
    result, out = built
    assert result.report.conforms
    names = ("newskg.trig", "newskg.ttl", "validation.ttl", "store", "graphs")
    assert {p.name for p in out.iterdir()} == {*names, "current", ".cache", ".releases"}
    release = out / ".releases" / next(p.name for p in (out / ".releases").iterdir()
                                       if not p.name.startswith("."))
    assert (out / "current").resolve() == release.resolve()
    for name in names:  # the paths people know, through the one link that is switched
        assert os.readlink(out / name) == f"current/{name}" and (release / name).exists()


def test_the_seed_reports_are_all_there(turtle_store: ox.Store) -> None:
    s = turtle_store
    assert count(s, "?x a nkg:Statement ; nkg:speaker ?sp ; nkg:stance ?st") >= 25
    assert count(s, "?x a nkg:Statement ; nkg:direct true") >= 5
    assert count(s, "?x a nkg:Event") >= 10
    assert count(s, "?x a nkg:EventReport ; nkg:reports ?e . ?e a nkg:Event") >= 10
    assert count(s, "?x a nkg:Actor") >= 20
    assert count(s, "?x a nkg:ReportedFigure") == 5
    for value, bound in ((200, "lowerBound"), (400, "lowerBound"), (10000, "lowerBound")):
        assert ask(s, f"?f nkg:value ?v ; nkg:{bound} ?b ; nkg:counted ?c . "
                      "?c a nkg:CountedThing ; nkg:measure ?m . "
                      f"FILTER(?v = {value} && ?b = {value} && DATATYPE(?v) = xsd:decimal)"), value
    # "30,000 people dead" and "2,000-strong" carry no qualifier (the qualifier is optional)
    assert ask(s, "?f nkg:value ?v . FILTER(?v = 30000) FILTER NOT EXISTS { ?f nkg:qualifier ?q }")
    assert ask(s, "?f nkg:value ?v ; nkg:reportedBy entity:gegham-stepanyan . FILTER(?v = 200)")


def test_the_ceasefire_is_one_instance_with_parties_terms_and_reports(turtle_store: ox.Store) -> None:
    s = turtle_store
    assert ask(s, "?a a nkg:Ceasefire ; nkg:party entity:azerbaijan, entity:karabakh-separatists ; "
                  "nkg:mediator entity:russian-peacekeepers ; nkg:pointInTime ?t . "
                  "?t nkg:timeValue '2023-09-20T00:00:00Z'^^xsd:dateTime ; "
                  "nkg:precision nkg:DayPrecision")
    assert count(s, "?a a nkg:Ceasefire ; nkg:hasTerm ?x . ?x nkg:action ?act") >= 4
    assert ask(s, "?a a nkg:Ceasefire ; nkg:hasTerm ?t . ?t nkg:termEvent ?e . "
                  "?e a nkg:Talks ; nkg:place entity:yevlakh")
    # the instance carries no article provenance; its reports do
    assert not ask(s, "?a a nkg:Ceasefire ; prov:wasDerivedFrom ?x")
    assert ask(s, "?a a nkg:Ceasefire ; nkg:supportedBy ?r . ?r nkg:evidence ?e ; "
                  "nkg:accordingTo ?st . ?st nkg:speaker entity:karabakh-authorities")


def test_claims_and_denials_are_statements_not_world_facts(turtle_store: ox.Store) -> None:
    s = turtle_store
    assert ask(s, "?c nkg:stance nkg:Claimed ; nkg:speaker entity:ilham-aliyev ; nkg:words ?w . "
                  "FILTER(CONTAINS(?w, 'destroyed'))")
    # a denial's content is never nkg:words: a consumer ignoring the stance cannot read it as asserted
    assert ask(s, "?d nkg:stance nkg:Denied ; nkg:speaker entity:nikol-pashinyan ; "
                  "nkg:deniedContent ?w")
    assert not ask(s, "?d nkg:stance nkg:Denied ; nkg:words ?w")
    assert ask(s, "?d nkg:stance nkg:Expected ; nkg:speaker entity:nikol-pashinyan")
    assert ask(s, "?d nkg:stance nkg:Evaluated ; nkg:polarity nkg:Negative")
    # a joint statement is one statement with two speakers
    assert ask(s, "?j nkg:speaker entity:azerbaijan, entity:karabakh-authorities ; "
                  "nkg:stance nkg:Announced")


def test_relationships_hold_over_time_and_only_accepted_ones_are_world_facts(
        turtle_store: ox.Store) -> None:
    s = turtle_store
    # control by the separatists ended: no plain triple says they control the region now
    assert not ask(s, "entity:karabakh-separatists nkg:controls entity:nagorno-karabakh")
    assert ask(s, "entity:azerbaijan nkg:controls entity:nagorno-karabakh")
    assert ask(s, "?r a nkg:Control ; nkg:relationshipSubject entity:karabakh-separatists ; "
                  "nkg:start ?s ; nkg:end ?e ; nkg:acceptedBy ?who ; nkg:supportedBy ?rep . "
                  "?s nkg:precision nkg:DecadePrecision . ?e nkg:precision nkg:DayPrecision")


def test_every_report_has_evidence_selectors_that_match_the_text(turtle_store: ox.Store) -> None:
    s = turtle_store
    text = next(iter(s.query("SELECT ?t WHERE { ?a a nkg:Article ; nkg:text ?t }",
                             prefixes=PREFIX_MAP)))["t"].value
    rows = s.query("SELECT ?exact ?start ?end WHERE { ?f a nkg:Report ; nkg:evidence ?e . "
                   "?e oa:hasSelector ?q, ?p . ?q oa:exact ?exact . "
                   "?p oa:start ?start ; oa:end ?end }", prefixes=PREFIX_MAP)
    checked = 0
    for row in rows:
        assert text[int(row["start"].value):int(row["end"].value)] == row["exact"].value
        checked += 1
    assert checked >= 100
    assert not ask(s, "?f a nkg:Report . FILTER NOT EXISTS { ?f nkg:evidence ?e }")
    assert not ask(s, "?f a nkg:Report . FILTER NOT EXISTS { ?f prov:wasAttributedTo ?a }")


def test_only_verified_wikidata_ids(turtle_store: ox.Store) -> None:
    verified = {line.split("\t")[2] for line in
                (REPO / "data/wikidata/verified.tsv").read_text().splitlines()
                if line and not line.startswith("#")}
    ids = {row["w"].value.rsplit("/", 1)[1] for row in turtle_store.query(
        "SELECT ?w WHERE { ?e skos:exactMatch ?w }", prefixes=PREFIX_MAP)}
    assert {"Q227", "Q399", "Q159", "Q43", "Q30", "Q458", "Q7747", "Q7035479"} <= ids
    assert ids <= verified
    assert not ask(turtle_store, "entity:ilham-aliyev skos:exactMatch ?w")


def test_turtle_parses_in_pyoxigraph_isomorphic_to_rdflib(built: Built) -> None:
    path = built[1] / "newskg.ttl"
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = Graph().parse(
        data=ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE),
                          format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(by_rdflib) > 3000 and isomorphic(by_rdflib, by_oxigraph)


def test_trig_has_one_named_graph_per_article_plus_entities(built: Built) -> None:
    graphs = {q.graph_name.value for q in ox.parse(path=str(built[1] / "newskg.trig"),
                                                   format=ox.RdfFormat.TRIG)}
    assert {"https://w3id.org/newskg/graph/entities", "https://w3id.org/newskg/graph/world",
            "https://w3id.org/newskg/graph/article/2023-09-20-azerbaijan-claims-victory"} <= graphs
    assert all(g.startswith("https://w3id.org/newskg/graph/") for g in graphs)


def test_build_is_byte_identical_across_processes(tmp_path: Path, built_all: Built) -> None:
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "newskg", "build", "--build-dir", str(tmp_path)],
                   cwd=REPO, env=env, check=True, capture_output=True)
    for name in ("newskg.trig", "newskg.ttl"):
        assert (tmp_path / name).read_bytes() == (built_all[1] / name).read_bytes(), name


# -- bad input: a clear error naming file and line; build/ left as it was --------------------------

def break_facts(facts: Path, old: str, new: str) -> int:
    text = facts.read_text()
    assert old in text
    facts.write_text(text.replace(old, new, 1))
    return text[:text.index(old)].count("\n") + 1


def test_broken_evidence_fails_with_file_and_line_and_keeps_build(
        seed_facts: Path, built: Built, tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "newskg.ttl").write_text("previous build\n")
    line = break_facts(seed_facts, "at least 200 killed", "at least 300 killed")
    result = runner.invoke(app, ["build", "--data-dir", str(seed_facts.parents[2]),
                                 "--build-dir", str(out)])
    assert result.exit_code == 2
    assert f"{seed_facts}:" in result.stderr and "evidence" in result.stderr
    reported = int(result.stderr.split(f"{seed_facts}:")[1].split(":")[0])
    assert reported <= line and line - reported < 15
    assert [p.name for p in out.iterdir()] == ["newskg.ttl"]
    assert (out / "newskg.ttl").read_text() == "previous build\n"


@pytest.mark.parametrize(("target", "old", "new", "message"), [
    ("facts", "speakers: [ilham-aliyev]", "speakers: [ilham-aliev]",
     "unknown entity key 'ilham-aliev'"),
    ("facts", "value: 200", "value: two hundred", "is not a number"),
    ("facts", "value: 200", "value: -200", "is not a number of 0 or more"),
    ("facts", "date: '2023-09-20'", "date: '2023-02-30'", "not a calendar date"),
    ("facts", "qualifier: at least", "qualifier: roughly-ish", "'roughly-ish' is not one of"),
    ("instances", "date: '2020'", "date: '2020-02-30'", "not a calendar date"),
    ("instances", "measure: killed", "measure: slain", "'slain' is not one of"),
    ("facts", "headline:", "headlin:", "missing required field 'headline'"),
    ("facts", "statements:\n", "statements:\n  - id: [oops\n", "malformed YAML"),
    ("entities", "wikidata: Q7747", "wikidata: Q99999999", "Q99999999 is not in the verified list"),
    ("entities", "wikidata: Q7747", "wikidata: Q5", "Q5 is a class in the verified list ('human')"),
    ("entities", "wikidata: Q7747", "wikidata: 7747", "'7747' is not a Wikidata item id"),
    ("entities", "wikidata: Q7747", "wikidata: Q7747x", "is not a Wikidata item id"),
])
def test_bad_input_names_file_line_and_field(data_copy: Path, seed_facts: Path, target: str,
                                             old: str, new: str, message: str) -> None:
    path = {"facts": seed_facts, "entities": data_copy / "entities.yaml",
            "instances": data_copy / "instances.yaml"}[target]
    line = break_facts(path, old, new)
    result = runner.invoke(app, ["build", "--data-dir", str(data_copy),
                                 "--build-dir", str(data_copy.parent / "build")])
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr and f"{path}:" in result.stderr
    if "missing" not in message:  # the line of the field at fault (a missing one: its mapping's)
        line += old.count("\n") if old.endswith("\n") else 0
        assert f"{path}:{line}:" in result.stderr, (line, result.stderr)
    assert "Traceback" not in result.stderr
    assert not (data_copy.parent / "build").exists()


def test_a_missing_article_text_is_named(data_copy: Path, seed_facts: Path) -> None:
    (seed_facts.parent / "article.txt").unlink()
    result = runner.invoke(app, ["build", "--data-dir", str(data_copy)])
    assert result.exit_code == 2 and "article.txt: article text not found" in result.stderr


def test_shared_wikidata_list_matches_the_projects_copy() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    shared = (SHARED / "wikidata/verified.tsv").read_text().splitlines()
    ours = [line for line in (REPO / "data/wikidata/verified.tsv").read_text().splitlines()
            if not line.startswith("# Copied")]
    assert ours == shared


def test_a_graph_that_does_not_conform_is_not_published(data_copy: Path) -> None:
    # one party only: instances.yaml reads fine, the shapes (S50: at least two parties) refuse it
    break_facts(data_copy / "instances.yaml", "parties: [azerbaijan, karabakh-separatists]",
                "parties: [azerbaijan]")
    out = data_copy.parent / "build"
    result = runner.invoke(app, ["build", "--data-dir", str(data_copy), "--build-dir", str(out)])
    assert result.exit_code == 1
    assert "S50-agreement-party" in result.stderr and "nothing was published" in result.stderr
    assert "[Info]" not in result.stderr  # infos are counted, not listed
    assert not (out / "newskg.trig").exists()
    result = runner.invoke(app, ["build", "--data-dir", str(data_copy), "--build-dir", str(out),
                                 "--allow-invalid"])
    assert result.exit_code == 0 and "DOES NOT CONFORM" in result.stderr
    assert (out / "newskg.trig").exists()


def test_a_build_with_warnings_conforms_and_prints_them(data_copy: Path) -> None:
    out = data_copy.parent / "build"
    result = runner.invoke(app, ["build", "--data-dir", str(data_copy), "--build-dir", str(out)])
    assert result.exit_code == 0 and "shapes: conforms" in result.stderr
    assert "[Warning] S129-figure-reporter" in result.stderr  # a figure says nobody gives it
    assert "[Info]" not in result.stderr  # counted by shape, not listed:
    assert re.search(r"\d+ more not shown: S138-instance-single-source \d+;", result.stderr)
    assert (out / "newskg.trig").exists()


def test_an_unchanged_article_is_not_validated_again(
        data_copy: Path, seed_facts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newskg.validation.units

    calls: list[int] = []
    real = newskg.validation.units.validate_graph

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(newskg.validation.units, "validate_graph", counting)
    monkeypatch.setattr(newskg.validation.units, "PARALLEL_FROM", 10**6)  # count in this process
    out = tmp_path / "out"
    # the entities graph, the world unit's two parts, and each article with the entities it uses
    units = 3 + len(list((data_copy / "articles").iterdir()))
    assert build(data_copy, out).report.conforms and len(calls) == units
    assert build(data_copy, out).report.conforms and len(calls) == units  # remembered: not re-run
    break_facts(seed_facts, "role: Azerbaijan President", "role: President of Azerbaijan")
    assert build(data_copy, out).report.conforms and len(calls) == units + 1  # the article only
    shapes = tmp_path / "shapes.ttl"
    monkeypatch.setattr(newskg.validation.units, "shapes_path", lambda: shapes)
    shapes.write_bytes((REPO / "shapes/newskg-shapes.ttl").read_bytes() + b"\n# edited\n")
    assert build(data_copy, out).report.conforms and len(calls) == 2 * units + 1  # all re-run
