"""Questions across sources, on a fixture of two articles about the same events.

tests/fixtures/cross-source/data holds two short invented articles that report the same ceasefire,
count the same dead ("at least 200", "nearly 400"), contest one instance (Aliyev claims, Pashinyan
denies) and hand control of Nagorno-Karabakh from the separatists to Azerbaijan; article 2 also has
an unreviewed report and a draft figure. Every answer is the same on Oxigraph and rdflib; drafts
answer only when asked for, through the CLI (--drafts) and the endpoint (drafts=true) alike.
"""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.publish.build import build
from newskg.rdf.prefixes import ID, INSTANCE_KINDS, PREFIXES
from newskg.serve import create_app
from newskg.store.engines import Store
from newskg.store.named import get_query
from tests.conftest import REPO
from tests.query_stores import same_answer, stores_for

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

FIXTURE = REPO / "tests" / "fixtures" / "cross-source" / "data"
FIRST, SECOND = "2023-09-20-offensive-and-ceasefire", "2023-09-22-ceasefire-holds"
Row = tuple[str | None, ...]


def short(value: str | None) -> str | None:
    """``1:REPORT`` / ``2:REPORT`` for the reports of the two articles, ``1`` / ``2`` for the
    articles, KIND:KEY for instances, keys for entities, local names for nkg: terms."""
    if value is None:
        return None
    for number, slug in (("1", FIRST), ("2", SECOND)):
        article = f"{ID}article/{slug}"
        if value == article:
            return number
        if value.startswith(article + "/"):
            return f"{number}:{value[len(article) + 1:]}"
    for kind in (*INSTANCE_KINDS, "entity"):
        if value.startswith(f"{ID}{kind}/"):
            key = value[len(ID) + len(kind) + 1:]
            return key if kind == "entity" else f"{kind}:{key}"
    return value.removeprefix(PREFIXES["nkg"])


def ask(stores: dict[str, Store], name: str, *columns: str, drafts: bool = False,
        **params: str) -> list[Row]:
    """The named query's answer (the same from both engines), as rows of the given columns."""
    query = get_query(name)
    solutions = same_answer(stores, query.sparql(drafts=drafts), query.bind(params),
                            where=f"{name} {params} drafts={drafts}")
    index = [solutions.variables.index(column) for column in columns]
    return [tuple(short(None if row[i] is None else row[i].value) for i in index)
            for row in solutions.rows]


@pytest.fixture(scope="module")
def stores() -> dict[str, Store]:
    return stores_for(FIXTURE)


# ---------------------------------------------------------------- the six questions across sources


def test_one_instance_reported_by_two_articles(stores: dict[str, Store]) -> None:
    rows = ask(stores, "instance-reports", "instance", "type", "article", "report", "evidence",
               "status", instance="agreement:ceasefire-2023")
    assert rows == [
        ("agreement:ceasefire-2023", "Ceasefire", "1", "1:ag-ceasefire",
         "A ceasefire was agreed on Wednesday, with Russian peacekeepers as mediators.", "Reviewed"),
        ("agreement:ceasefire-2023", "Ceasefire", "2", "2:ag-ceasefire",
         "The ceasefire agreed on 20 September has held, Russian peacekeepers said on Friday.",
         "Reviewed")]


def test_every_report_of_every_instance_and_drafts_only_when_asked(
        stores: dict[str, Store]) -> None:
    reviewed = ask(stores, "instance-reports", "report", "status")
    assert len(reviewed) == 8 and {status for _, status in reviewed} == {"Reviewed"}
    everything = ask(stores, "instance-reports", "report", "status", drafts=True)
    assert set(everything) - set(reviewed) == {("2:ev-shelling", "Unreviewed"),
                                               ("2:fig-killed-from-date", "Draft")}


def test_two_counts_of_the_same_dead_side_by_side(stores: dict[str, Store]) -> None:
    columns = ("counted", "value", "lower", "upper", "unit", "qualifier", "reporter", "article",
               "status")
    killed = "counted:killed-offensive-2023"
    at_least = (killed, "200", "200", None, "PersonUnit", "AtLeast", "gegham-stepanyan", "1",
                "Reviewed")
    nearly = (killed, "400", None, "400", "PersonUnit", "Nearly", "karabakh-authorities", "2",
              "Reviewed")
    assert ask(stores, "figures-compared", *columns, counted="killed-offensive-2023") == [
        at_least, nearly]
    assert ask(stores, "figures-compared", *columns) == [at_least, nearly]
    # the draft figure (a number read out of a date) answers only with drafts, marked so; with no
    # reporter named, the figure is the article's publisher's
    assert ask(stores, "figures-compared", *columns, drafts=True,
               counted="counted:killed-offensive-2023") == [
        at_least, nearly, (killed, "19", None, None, "PersonUnit", None, "daily-paper", "2", "Draft")]


def test_compared_figures_say_which_figure_and_as_of_when(stores: dict[str, Store]) -> None:
    """A user comparing counts needs the figure (to ask for its evidence) and the time the count
    held (here each article's publication day), earlier counts first."""
    assert ask(stores, "figures-compared", "figure", "asOf", "value", "upper",
               counted="killed-offensive-2023") == [
        ("1:fig-killed", "2023-09-20", "200", None), ("2:fig-killed", "2023-09-22", "400", "400")]


def test_a_draft_figure_is_not_listed_beside_the_curated_ones(stores: dict[str, Store]) -> None:
    """Issue 9, item 6: reported-figures listed an extracted figure beside the curated ones."""
    assert ask(stores, "reported-figures", "figure", "status") == [
        ("2:fig-killed", "Reviewed"), ("1:fig-killed", "Reviewed")]
    assert ask(stores, "reported-figures", "figure", "status", drafts=True) == [
        ("2:fig-killed", "Reviewed"), ("1:fig-killed", "Reviewed"),
        ("2:fig-killed-from-date", "Draft")]


@pytest.mark.parametrize(("date", "expected"), [
    ("2023-09-01", [("nagorno-karabakh", "karabakh-separatists", "1990s", "2023-09-20",
                     "1:rel-separatists-control", "Reviewed")]),
    ("2023-09-20", [("nagorno-karabakh", "azerbaijan", "2023-09-20", None,
                     "2:rp-azerbaijan-control", "Reviewed")]),
    ("2023-10-15", [("nagorno-karabakh", "azerbaijan", "2023-09-20", None,
                     "2:rp-azerbaijan-control", "Reviewed")]),
    ("1985-06-01", []),
])
def test_territory_control_at_a_date(stores: dict[str, Store], date: str,
                                     expected: list[Row]) -> None:
    columns = ("territory", "controller", "start", "end", "supported_by", "status")
    assert ask(stores, "territory-control", *columns, date=date) == expected
    assert ask(stores, "territory-control", *columns, date=date, drafts=True) == expected


def test_one_speaker_asserts_what_another_denies(stores: dict[str, Store]) -> None:
    rows = ask(stores, "contested", "instance", "asserted_by", "asserted", "assertion",
               "denied_by", "stance", "denied", "denial", "status")
    claim = ("event:armenian-army-in-karabakh-2023", "ilham-aliyev",
             "Armenian army units were still in the region")
    denial = ("nikol-pashinyan", "Denied", "Armenian troops were in Nagorno-Karabakh",
              "2:st-pashinyan-denies", "Reviewed")
    assert rows == [(*claim, "1:ev-army-units", *denial),  # the article's report, after Aliyev
                    (*claim, "1:st-aliyev-army-units", *denial)]  # his statement itself


def test_timeline_lists_every_source_of_each_instance(stores: dict[str, Store]) -> None:
    assert ask(stores, "timeline", "date", "precision", "instance", "article", "report",
               "dateText") == [
        ("1990s", "DecadePrecision", "relationship:separatists-control-karabakh", "1",
         "1:rel-separatists-control", "since the early 1990s"),
        ("2023-09-19", "DayPrecision", "event:offensive-2023", "1", "1:ev-offensive",
         "on Tuesday, 19 September"),
        ("2023-09-20", "DayPrecision", "agreement:ceasefire-2023", "1", "1:ag-ceasefire",
         "on Wednesday"),
        ("2023-09-20", "DayPrecision", "agreement:ceasefire-2023", "2", "2:ag-ceasefire", None),
        ("2023-09-20", "DayPrecision", "relationship:azerbaijan-controls-karabakh", "2",
         "2:rp-azerbaijan-control", "on Wednesday")]


def test_what_only_one_source_reports(stores: dict[str, Store]) -> None:
    single = [("event:armenian-army-in-karabakh-2023", "1"), ("event:offensive-2023", "1"),
              ("relationship:azerbaijan-controls-karabakh", "2"),
              ("relationship:separatists-control-karabakh", "1")]
    assert ask(stores, "single-source", "instance", "article") == single  # not the ceasefire
    # with drafts: the unreviewed report of the shelling too; the dead are still counted by two
    assert ask(stores, "single-source", "instance", "article", "status", drafts=True) == [
        (*single[0], "Reviewed"), (*single[1], "Reviewed"),
        ("event:shelling-stepanakert-2023", "2", "Unreviewed"),
        (*single[2], "Reviewed"), (*single[3], "Reviewed")]


def test_counts_of_reports_by_status(stores: dict[str, Store]) -> None:
    assert ask(stores, "fact-provenance", "article", "reports", "reviewed", "unreviewed",
               "drafts") == [("1", "8", "8", "0", "0"), ("2", "9", "7", "1", "1")]


# ---------------------------------------------------------------- a status made of two reports


@pytest.fixture(scope="module")
def unreviewed_denial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Store]:
    """The fixture with Pashinyan's denial not reviewed (confidence 0.9: Unreviewed)."""
    data = tmp_path_factory.mktemp("unreviewed-denial") / "data"
    shutil.copytree(FIXTURE, data)
    facts = data / "articles" / SECOND / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    marked = text.replace("  stance: denied\n", "  stance: denied\n  reviewed: false\n"
                          "  confidence: 0.9\n")
    assert marked != text
    facts.write_text(marked, encoding="utf-8")
    return stores_for(data)


def test_a_pair_is_as_reviewed_as_its_least_reviewed_report(
        unreviewed_denial: dict[str, Store]) -> None:
    assert ask(unreviewed_denial, "contested", "assertion", "denial") == []
    assert ask(unreviewed_denial, "contested", "assertion", "denial", "status", drafts=True) == [
        ("1:ev-army-units", "2:st-pashinyan-denies", "Unreviewed"),
        ("1:st-aliyev-army-units", "2:st-pashinyan-denies", "Unreviewed")]


# ---------------------------------------------------------------- the CLI and the endpoint


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture built as `newskg build` builds it (store, TriG), whatever the shapes say."""
    out = tmp_path_factory.mktemp("cross-source-build")
    build(FIXTURE, out, allow_invalid=True)
    return out


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_drafts_on_the_command_line(built_fixture: Path, engine: str) -> None:
    base = ["query", "--build-dir", str(built_fixture), "--engine", engine, "-n",
            "figures-compared", "-p", "counted=killed-offensive-2023", "-f", "json"]
    code, out, _ = cli(*base)
    statuses = [b["status"]["value"] for b in json.loads(out)["results"]["bindings"]]
    assert code == 0 and statuses == [PREFIXES["nkg"] + "Reviewed"] * 2
    code, out, _ = cli(*base, "--drafts")
    rows = json.loads(out)["results"]["bindings"]
    assert code == 0 and [short(b["status"]["value"]) for b in rows] == ["Reviewed", "Reviewed",
                                                                        "Draft"]
    assert rows[2]["value"]["value"] == "19"


def test_drafts_need_a_named_query(built_fixture: Path) -> None:
    code, out, err = cli("query", "--build-dir", str(built_fixture), "--drafts",
                         "SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert (code, out) == (2, "") and "--drafts only applies to a named query" in err
    assert "Traceback" not in err


def test_stats_counts_reviewed_unreviewed_and_draft_reports(built_fixture: Path) -> None:
    code, out, _ = cli("stats", "--build-dir", str(built_fixture))
    table = out.split("Reports by article")[1].split("Entities linked")[0]
    header = next(line for line in table.splitlines() if line.startswith("article"))
    assert header.split()[:6] == ["article", "headline", "reports", "reviewed", "unreviewed",
                                  "drafts"]
    rows = {line.split()[0]: line.split() for line in table.splitlines()
            if line.startswith("article:")}
    second = rows[f"article:{SECOND}"]
    numbers = second[-8:]  # reports, reviewed, unreviewed, drafts, then by kind
    assert code == 0 and numbers[:4] == ["9", "7", "1", "1"]
    assert rows[f"article:{FIRST}"][-8:][:4] == ["8", "8", "0", "0"]


@pytest.fixture(scope="module")
def client(built_fixture: Path) -> Iterator[TestClient]:
    with TestClient(create_app(built_fixture, timeout=10.0, threads=1)) as c:
        yield c


def test_the_endpoint_answers_drafts_when_asked(client: TestClient) -> None:
    path, params = "/named/figures-compared", {"counted": "killed-offensive-2023"}
    answers = {}
    for drafts in (None, "false", "true"):
        response = client.get(path, params={**params, **({"drafts": drafts} if drafts else {})})
        assert response.status_code == 200, response.text
        answers[drafts] = [short(b["status"]["value"])
                           for b in response.json()["results"]["bindings"]]
    assert answers[None] == answers["false"] == ["Reviewed", "Reviewed"]
    assert answers["true"] == ["Reviewed", "Reviewed", "Draft"]  # not the cached reviewed answer
    bad = client.get(path, params={**params, "drafts": "maybe"})
    assert bad.status_code == 400 and "drafts=true or drafts=false" in bad.text
