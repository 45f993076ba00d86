"""Entities an article only proposes (`proposed_entities:`) are drafts: written to the drafts graph
and marked nkg:Draft, left out of the named queries' default answers, and never named by a
reviewed fact until a person keeps them (data/entities.yaml). Drafts never answer like reviewed
facts."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from typer.testing import CliRunner

from newskg.cli import app
from newskg.project import load_project
from newskg.publish.build import build

ARTICLE = Path(__file__).resolve().parents[1] / "data" / "devset" / "untouched" / "articles" / \
    "voa-karabakh-ceasefire-2023-yevlakh.txt"
runner = CliRunner()


@pytest.fixture()
def drafted(data_copy: Path) -> tuple[Path, Path, str]:
    """The seed project with a second article of its story drafted by `newskg add`: (data, the
    draft's facts file, one entity it proposes)."""
    result = runner.invoke(app, ["add", str(ARTICLE), "--data-dir", str(data_copy)])
    assert result.exit_code == 0, result.output
    facts = next(p for p in (data_copy / "articles").glob("*/facts.yaml")
                 if "proposed_entities" in p.read_text(encoding="utf-8"))
    proposed = yaml.safe_load(facts.read_text(encoding="utf-8"))["proposed_entities"]
    return data_copy, facts, min(proposed)


def test_a_proposed_entity_is_a_draft_in_the_drafts_graph(drafted: tuple[Path, Path, str],
                                                          tmp_path: Path) -> None:
    data, _facts, key = drafted
    assert load_project(data).entities[key].draft
    out = tmp_path / "build"
    build(data, out)
    store = ox.Store.read_only(str(out / "current" / "store"))
    entity = ox.NamedNode(f"https://w3id.org/newskg/id/entity/{key}")
    graphs = {q.graph_name.value for q in store.quads_for_pattern(entity, None, None)}
    assert graphs == {"https://w3id.org/newskg/graph/drafts"}
    draft = ox.NamedNode("https://w3id.org/newskg/ontology#Draft")
    status = ox.NamedNode("https://w3id.org/newskg/ontology#reviewStatus")
    assert list(store.quads_for_pattern(entity, status, draft))
    listed = runner.invoke(app, ["query", "-n", "wikidata-links", "--limit", "0", "--format", "csv",
                                 "--build-dir", str(out)])
    assert listed.exit_code == 0 and f"entity/{key}," not in listed.stdout
    with_drafts = runner.invoke(app, ["query", "-n", "wikidata-links", "--limit", "0", "--drafts",
                                      "--format", "csv", "--build-dir", str(out)])
    assert f"entity/{key}," in with_drafts.stdout


def test_a_reviewed_fact_cannot_name_a_proposed_entity(drafted: tuple[Path, Path, str]) -> None:
    data, facts, _key = drafted
    doc = yaml.safe_load(facts.read_text(encoding="utf-8"))
    proposed = set(doc["proposed_entities"])
    mention = next(m for m in doc["mentions"] if m["entity"] in proposed)
    text = facts.read_text(encoding="utf-8")
    at = text.index(f"id: {mention['id']}\n")
    facts.write_text(text[:at] + f"id: {mention['id']}\n    reviewed: true\n"
                     + text[at + len(f"id: {mention['id']}\n"):], encoding="utf-8")
    result = runner.invoke(app, ["build", "--data-dir", str(data), "--build-dir",
                                 str(data.parent / "b")])
    assert result.exit_code == 2, result.output
    assert "only proposed by an article" in result.stderr and f"{facts}:" in result.stderr
    assert "data/entities.yaml" in result.stderr


def test_stats_say_how_many_are_not_reviewed_and_list_curated_entities_only(
        drafted: tuple[Path, Path, str], tmp_path: Path) -> None:
    data, _facts, key = drafted
    out = tmp_path / "build"
    build(data, out)
    result = runner.invoke(app, ["stats", "--build-dir", str(out)])
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()
            if line.startswith("nkg:")}
    assert int(rows["nkg:Mention"][1]) > 0 and int(rows["nkg:Article"][1]) == 0
    name = load_project(data).entities[key].name
    links = result.stdout.split("Entities linked to Wikidata")[1]
    assert name not in links
