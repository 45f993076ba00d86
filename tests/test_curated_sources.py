"""Questions across sources on the curated articles of data/ (the seed and four real articles on the
same events): the answers the model issue's acceptance asks for, through the CLI as a user runs it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.publish.build import BuildResult

runner = CliRunner()
SEED = "2023-09-20-azerbaijan-claims-victory"
KYIV = "2023-09-20-karabakh-authorities-surrender"
VOA_28 = "2023-09-28-nagorno-karabakh-exodus-surpasses-65000"


def rows(build: Path, name: str, *params: str) -> list[dict[str, str]]:
    args = ["query", "--build-dir", str(build), "--name", name, "--format", "csv"]
    for param in params:
        args += ["--param", param]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def build(built_all: tuple[BuildResult, Path]) -> Path:
    assert built_all[0].report.conforms
    return built_all[1]


def test_the_ceasefire_is_one_instance_told_by_two_articles(build: Path) -> None:
    got = rows(build, "instance-reports", "instance=agreement:karabakh-ceasefire-2023")
    assert {r["instance"] for r in got} == {
        "https://w3id.org/newskg/id/agreement/karabakh-ceasefire-2023"}
    articles = {r["article"].rsplit("/", 1)[1] for r in got}
    assert articles == {SEED, KYIV}
    assert all(r["evidence"] and r["status"].endswith("#Reviewed") for r in got)


def test_competing_death_tolls_hang_off_one_counted_thing(build: Path) -> None:
    got = rows(build, "figures-compared", "counted=killed-azerbaijan-offensive-2023")
    by_article = {r["article"].rsplit("/", 1)[1]: r for r in got}
    assert set(by_article) == {SEED, VOA_28}
    seed, voa = by_article[SEED], by_article[VOA_28]
    assert (seed["value"], seed["lower"], seed["qualifier"].rsplit("#", 1)[1]) == \
        ("200", "200", "AtLeast")
    assert seed["reporter"].endswith("/entity/gegham-stepanyan")
    assert (voa["value"], voa["lower"], voa["upper"]) == ("", "200", "999")  # "hundreds"
    assert voa["reporter"].endswith("/entity/voice-of-america")


@pytest.mark.parametrize(("date", "controller"), [("2023-09-01", "karabakh-separatists"),
                                                  ("2023-10-15", "azerbaijan")])
def test_territory_control_answers_at_a_date(build: Path, date: str, controller: str) -> None:
    got = [r for r in rows(build, "territory-control", f"date={date}")
           if r["territory"].endswith("/entity/nagorno-karabakh")]
    assert {r["controller"].rsplit("/", 1)[1] for r in got} == {controller}
    assert all(r["supported_by"].startswith("https://w3id.org/newskg/id/article/") for r in got)


def test_reports_of_the_offensive_from_four_articles_share_one_instance(build: Path) -> None:
    got = rows(build, "instance-reports", "instance=event:azerbaijan-offensive-2023")
    assert len({r["article"] for r in got}) >= 4
