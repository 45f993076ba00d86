"""Reading data/ into a Project (format 0.2): every malformed or inconsistent input is one located,
actionable error, and a failed build leaves build/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.errors import EvidenceError, FactsError, InputError
from newskg.project import load_project
from newskg.project.model import Event, Relationship, Statement
from newskg.rdf.article import ArticleWriter
from newskg.rdf.dataset import build_dataset
from newskg.validation.shacl import load_ontology
from tests.test_build import break_facts


def load_error(data_dir: Path) -> str:
    with pytest.raises(FactsError) as info:
        load_project(data_dir)
    return str(info.value)


def line_of(error: str, path: Path) -> int:
    return int(error.split(f"{path}:")[1].split(":")[0])


@pytest.fixture()
def instances(data_copy: Path) -> Path:
    return data_copy / "instances.yaml"


def test_the_seed_loads_as_instances_and_reports(data_copy: Path) -> None:
    project = load_project(data_copy)
    seed = project.articles[0]
    assert isinstance(project.instances.by_key["azerbaijan-offensive-2023"], Event)
    control = project.instances.by_key["separatists-control-karabakh"]
    assert isinstance(control, Relationship) and control.accepted is not None
    assert control.times.start is not None and control.times.start.label == "1990s"
    assert control.times.end is not None and control.times.end.label == "2023-09-20"
    joint = seed.by_id["st-ceasefire-announced"]
    assert isinstance(joint, Statement)
    assert joint.speakers == ("azerbaijan", "karabakh-authorities")
    denial = seed.by_id["st-pashinyan-denies-army"]
    assert isinstance(denial, Statement) and denial.stance == "Denied"
    assert {r.instance for r in seed.reports} >= {"karabakh-ceasefire-2023",
                                                   "azerbaijan-offensive-2023"}


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  cue: said in a televised address\n", "  cue: said in a televised address\n  cue2: x\n",
     "unknown field 'cue2'"),
    ("- id: st-aliyev-forces-destroyed", "- id: st-aliyev-televised-address",
     "duplicate id 'st-aliyev-televised-address'"),
    ("- id: st-aliyev-forces-destroyed", "- id: St_Aliyev", "'St_Aliyev' is not a key"),
    ("  stance: claimed", "  stance: rumoured", "'rumoured' is not one of: asserted, claimed"),
    ("  direct: true", "  direct: yes please", "'yes please' is not true or false"),
    ("  about: [azerbaijan, nagorno-karabakh, azerbaijan-offensive-2023]",
     "  about: [azerbaijan, ev-nothing]", "'ev-nothing' is not a known entity or instance key"),
    ("  speakers: [ilham-aliyev]\n  stance: asserted\n  direct: true",
     "  speakers: [nagorno-karabakh]\n  stance: asserted\n  direct: true",
     "'nagorno-karabakh' is not an actor"),
    ("  instance: azerbaijan-offensive-2023", "  instance: offensive-that-never-was",
     "'offensive-that-never-was' is not a known event, agreement, term or relationship"),
    ("  counted: killed-azerbaijan-offensive-2023", "  counted: killed-nowhere",
     "'killed-nowhere' is not a known counted thing"),
    ("  value: 200\n", "  lower: 60\n  upper: 50\n", "lower bound 60 is above the upper bound 50"),
    ("  stance: evaluated\n  polarity: positive", "  stance: evaluated",
     "an evaluation needs a polarity"),
    ("  according_to: [st-russia-peacekeepers-killed]", "  according_to: [st-nobody]",
     "'st-nobody' is not a statement id of this article"),
])
def test_report_errors_name_file_line_and_field(data_copy: Path, seed_facts: Path, old: str,
                                               new: str, message: str) -> None:
    line = break_facts(seed_facts, old, new)
    error = load_error(data_copy)
    assert message in error and str(seed_facts) in error
    assert abs(line_of(error, seed_facts) - line) <= 12


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  separatists-control-karabakh:\n", "  azerbaijan-offensive-2023:\n",
     "instance 'azerbaijan-offensive-2023' is declared twice"),
    ("  yevlakh-talks-2023:\n", "  azerbaijan-offensive-2023:\n",
     "duplicate key 'azerbaijan-offensive-2023'"),
    ("    end: '2023-09-20'\n  yevlakh-talks-2023:", "    end: '2023-09-18'\n  yevlakh-talks-2023:",
     "ends (2023-09-18) before it starts (2023-09-19)"),
    ("    participants: [azerbaijan, karabakh-separatists]\n",
     "    participants: [azerbaijan, nobody-at-all]\n", "unknown entity key 'nobody-at-all'"),
    ("    predicate: controls\n    object: nagorno-karabakh\n    start: 1990s",
     "    predicate: owns\n    object: nagorno-karabakh\n    start: 1990s",
     "'owns' is not one of: controls"),
    ("    wikidata: Q110999040", "    wikidata: Q42", "'Q42' is not in the verified list"),
    ("    wikidata: Q110999040", "    wikidata: Q198", "'Q198' is a class in the verified list"),
])
def test_instance_errors_name_file_line_and_field(data_copy: Path, instances: Path, old: str,
                                                 new: str, message: str) -> None:
    line = break_facts(instances, old, new)
    error = str(pytest.raises((FactsError, InputError), load_project, data_copy).value)
    assert message in error and str(instances) in error
    assert abs(line_of(error, instances) - line) <= 8


DRAFT_ATTACK = ("  peacekeepers-car-attack-2023:\n    type: attack\n",
                "  peacekeepers-car-attack-2023:\n    type: attack\n    status: draft\n")


def test_a_reviewed_report_on_a_draft_instance_is_refused(data_copy: Path, instances: Path,
                                                         seed_facts: Path) -> None:
    break_facts(instances, *DRAFT_ATTACK)
    error = load_error(data_copy)  # the first of them: a statement about it, reviewed (about:)
    assert ("'st-russia-peacekeepers-killed' is marked reviewed but its event "
            "'peacekeepers-car-attack-2023' is a draft") in error and "about:" in error
    assert str(seed_facts) in error and "remove 'status: draft'" in error
    break_facts(seed_facts, "- id: st-russia-peacekeepers-killed\n",
                "- id: st-russia-peacekeepers-killed\n  reviewed: false\n")
    error = load_error(data_copy)  # then the report on it
    assert ("'ev-attack-peacekeepers-car' is marked reviewed but its event "
            "'peacekeepers-car-attack-2023' is a draft") in error


def test_an_unreviewed_report_may_stand_on_a_draft_instance(data_copy: Path, instances: Path,
                                                           seed_facts: Path) -> None:
    break_facts(instances, *DRAFT_ATTACK)
    break_facts(seed_facts, "- id: ev-attack-peacekeepers-car\n",
                "- id: ev-attack-peacekeepers-car\n  reviewed: false\n")
    break_facts(seed_facts, "- id: st-russia-peacekeepers-killed\n",
                "- id: st-russia-peacekeepers-killed\n  reviewed: false\n")
    project = load_project(data_copy)
    assert project.instances.by_key["peacekeepers-car-attack-2023"].draft
    report = project.articles[0].by_id["ev-attack-peacekeepers-car"]
    assert report.status == "Unreviewed"


def test_words_outside_the_evidence_are_refused(data_copy: Path, seed_facts: Path) -> None:
    line = break_facts(seed_facts, "  words: Azerbaijan restored its sovereignty",
                       "  words: Azerbaijan lost its sovereignty")
    project = load_project(data_copy)
    facts = project.articles[0]
    with pytest.raises(EvidenceError, match="are not inside its evidence span") as info:
        ArticleWriter(facts, facts.text_path.read_text(), project.entities, project.instances,
                      {}).build()
    assert line_of(str(info.value), seed_facts) <= line


@pytest.mark.parametrize(("content", "message"), [
    (b"", "must be a mapping"),
    (b"\xff\xfe\x00binary", "not UTF-8 text"),
    (b"- just\n- a list\n", "must be a mapping"),
    (b"article: {headline: x}\n", "published"),
    (b"article: {headline: x, published: 2023-09-20}\ncuration: {agent: me, date: 2023-09-20}\n",
     "licence"),
])
def test_broken_facts_files(data_copy: Path, seed_facts: Path, content: bytes, message: str) -> None:
    seed_facts.write_bytes(content)
    assert message in load_error(data_copy)


def test_a_non_utf8_article_text_is_named(data_copy: Path, seed_facts: Path) -> None:
    (seed_facts.parent / "article.txt").write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match=r"article.txt: not UTF-8 text .* \(save the article as UTF-8\)"):
        build_dataset(load_project(data_copy), load_ontology())


def test_no_articles(data_copy: Path) -> None:
    import shutil

    shutil.rmtree(data_copy / "articles")
    (data_copy / "articles").mkdir()
    assert "no article folders" in load_error(data_copy)


def test_a_report_names_who_reviewed_it_and_when(data_copy: Path, seed_facts: Path) -> None:
    """``reviewed: {by: KEY, date: DAY}`` (what the review page writes): reviewed, by that person
    (the curation's own agent when the key is its), on that day."""
    break_facts(seed_facts, "- id: st-russia-peacekeepers-killed\n",
                "- id: st-russia-peacekeepers-killed\n  reviewed: {by: jdoe, date: '2026-12-07'}\n")
    report = load_project(data_copy).articles[0].by_id["st-russia-peacekeepers-killed"]
    assert report.reviewed and report.status == "Reviewed" and report.reviewed_by is not None
    assert (report.reviewed_by.agent.key, report.reviewed_by.agent.kind,
            report.reviewed_by.date.label) == ("jdoe", "person", "2026-12-07")


@pytest.mark.parametrize(("value", "message"), [
    ("yes please", "'yes please' is not true, false or a review"),
    ("{by: jdoe}", "missing required field 'date'"),
    ("{date: '2026-12-07'}", "missing required field 'by'"),
    ("{by: J Doe, date: '2026-12-07'}", "'J Doe' is not a key"),
    ("{by: jdoe, date: '2026-12-07', when: today}", "when"),
])
def test_a_malformed_review_is_refused_at_its_line(data_copy: Path, seed_facts: Path, value: str,
                                                   message: str) -> None:
    line = break_facts(seed_facts, "- id: st-russia-peacekeepers-killed\n",
                       f"- id: st-russia-peacekeepers-killed\n  reviewed: {value}\n")
    error = load_error(data_copy)
    assert message in error and str(seed_facts) in error and "reviewed" in error
    assert abs(line_of(error, seed_facts) - line) <= 2
