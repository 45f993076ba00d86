"""`newskg eval --resolution`: leave-one-out resolution precision and recall on the curated data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.evaluation.resolution import (
    ResolutionReport,
    compare,
    referenced,
    render_resolution,
    run_resolution,
)
from newskg.extract.candidates import load_candidates
from newskg.project.articles import load_article_facts
from tests.conftest import DATA

SURRENDER = "2023-09-20-karabakh-authorities-surrender"


def as_draft(tmp_path: Path, slug: str, old: str = "", new: str = "") -> Path:
    """A copy of a curated article folder, its facts optionally edited (old → new)."""
    folder = tmp_path / slug
    shutil.copytree(DATA / "articles" / slug, folder)
    if old:
        facts = folder / "facts.yaml"
        text = facts.read_text(encoding="utf-8")
        assert old in text
        facts.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def links_for(draft_folder: Path, slug: str) -> ResolutionReport:
    curated = load_article_facts(DATA / "articles" / slug)
    c = load_candidates(DATA, leave_out=slug)
    report = ResolutionReport(articles=[slug])
    report.links = compare(curated, load_article_facts(draft_folder), set(c.instances),
                           c.entities)
    return report


def test_a_draft_equal_to_the_curated_facts_resolves_every_pair_right(tmp_path: Path) -> None:
    report = links_for(as_draft(tmp_path, SURRENDER), SURRENDER)
    curated = load_article_facts(DATA / "articles" / SURRENDER)
    # every curated mention and report pairs with itself (same evidence, same kind)
    assert len(report.links) == len(curated.mentions) + len(curated.reports) + len(curated.figures)
    assert not report.wrong()
    talks = [x for x in report.links if x.curated == "yevlakh-talks-2023"]
    assert talks and all(x.right and x.curated_exists for x in talks)
    assert report.tallies("entities")["overall"].precision == 1.0
    assert report.tallies("entities")["overall"].recall == 1.0


def test_a_resolution_to_another_existing_instance_is_wrong(tmp_path: Path) -> None:
    # the article reports the Yevlakh talks; resolve that report to the Putin–Pashinyan talks (an
    # existing Talks instance that another article reports) instead
    folder = as_draft(tmp_path, SURRENDER, "    instance: yevlakh-talks-2023",
                      "    instance: putin-pashinyan-talks-2023")
    report = links_for(folder, SURRENDER)
    wrong = report.wrong()
    assert [(w.curated, w.drafted) for w in wrong] == [
        ("yevlakh-talks-2023", "putin-pashinyan-talks-2023")]
    events = report.tallies("instances")["event"]
    assert events.resolved == events.right + 1 and events.precision < 1.0
    assert "putin-pashinyan-talks-2023" in render_resolution(report, "table", verbose=True)


def test_instances_only_the_left_out_article_reports_should_be_new() -> None:
    facts = {f.name: load_article_facts(f) for f in sorted((DATA / "articles").iterdir())
             if (f / "facts.yaml").is_file()}
    seed = "2023-09-20-azerbaijan-claims-victory"
    others = set().union(*(referenced(f) for s, f in facts.items() if s != seed))
    alone = referenced(facts[seed]) - others
    assert "peacekeepers-car-attack-2023" in alone  # reported by the seed article only
    assert "yevlakh-talks-2023" not in alone  # reported by the surrender article too


@pytest.fixture(scope="module")
def measured() -> ResolutionReport:
    return run_resolution(DATA)


def test_the_measure_on_the_curated_data_is_consistent(measured: ResolutionReport) -> None:
    assert len(measured.articles) >= 5
    for group in ("instances", "entities"):
        tallies = measured.tallies(group)
        assert "overall" in tallies
        for t in tallies.values():
            assert 0.0 <= t.precision <= 1.0 and 0.0 <= t.recall <= 1.0
            assert t.right <= t.resolved <= t.pairs <= t.curated
            assert t.right <= t.existing <= t.pairs
    # the missed ones are the pairs that could have been linked and were proposed as new
    missed = measured.missed()
    assert all(m.drafted_new and m.curated_exists for m in missed)
    for group in ("instances", "entities"):
        t = measured.tallies(group)["overall"]
        kinds = {"actor", "territory"}
        gone = [m for m in missed if (m.kind in kinds) == (group == "entities")]
        wrong = [w for w in measured.wrong() if w.curated_exists and (w.kind in kinds) == (group == "entities")]
        assert t.right + len(wrong) + len(gone) == t.existing
    # a left-out article's own instances are never offered, so never resolved to
    for link in measured.links:
        if not link.curated_exists and link.kind not in ("actor", "territory"):
            assert not link.right
    assert measured.tallies("entities")["overall"].pairs > 0


def test_cli_resolution_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["eval", "--resolution", "--verbose", "--data-dir", str(DATA)])
    assert table.exit_code == 0, table.stderr
    assert "precision" in table.stdout and "Wrong resolutions" in table.stdout
    assert "Missed (proposed as new although the curated one exists" in table.stdout
    doc = json.loads(runner.invoke(app, ["eval", "--resolution", "--format", "json",
                                         "--data-dir", str(DATA)]).stdout)
    assert set(doc) == {"articles", "instances", "entities"}
    assert 0.0 <= doc["entities"]["overall"]["precision"] <= 1.0
    assert runner.invoke(app, ["eval", "--resolution", "--format", "yaml"]).exit_code == 2
    empty = runner.invoke(app, ["eval", "--resolution", "--data-dir", str(tmp_path)])
    assert empty.exit_code == 2 and "no curated articles" in empty.stderr
    nothing = runner.invoke(app, ["eval"])
    assert nothing.exit_code == 2 and "--resolution" in nothing.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["--resolution", "--explain"], "--resolution takes no --explain"),
    (["--resolution", "--fail-under", "0.5"], "--resolution takes no --fail-under"),
    (["--resolution", "--extract", "data/articles"], "--resolution takes no --extract"),
    (["data/articles", "--resolution"], "--resolution takes no gold folder"),
    (["data/articles", "--extract", "data/articles", "--verbose"],
     "--verbose goes with --resolution"),
])
def test_eval_refuses_an_option_its_measure_would_ignore(args: list[str], said: str) -> None:
    result = CliRunner().invoke(app, ["eval", *args, "--data-dir", str(DATA)])
    assert result.exit_code == 2 and said in result.stderr, result.output
    assert not result.stdout  # nothing measured
