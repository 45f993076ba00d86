"""Links in the built graph (skos:exactMatch + nkg:WikidataLink) and the QuickStatements export."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.build import BuildResult, build
from newskg.cli import app
from newskg.link.quickstatements import export_quickstatements, qs_string
from newskg.link.snapshot import Item, Source, merge_fetched, open_snapshot, write_snapshot
from newskg.prefixes import PREFIXES
from tests.conftest import SEED_SLUG

WD = "http://www.wikidata.org/entity/"
LINKS = """
SELECT ?subject ?target ?link ?source ?score ?evidence ?by ?graph WHERE {
  GRAPH ?graph { ?subject skos:exactMatch ?target }
  OPTIONAL { GRAPH ?graph { ?link nkg:linkSubject ?subject ; nkg:linkTarget ?target ;
             nkg:linkSource ?source ; nkg:linkScore ?score ; nkg:linkEvidence ?evidence ;
             nkg:decidedBy ?by } }
} ORDER BY ?subject"""


def select(trig: Path, sparql: str) -> list[dict[str, str | None]]:
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    result = store.query(sparql, prefixes=dict(PREFIXES))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: None if row[n] is None else row[n].value for n in names} for row in result]


def test_every_link_in_the_seed_graph_has_its_provenance(built: tuple[BuildResult, Path]) -> None:
    result, out = built
    assert result.report.conforms
    rows = select(out / "newskg.trig", LINKS)
    assert len(rows) == 14  # the 12 of the acceptance list, Baku and AFP
    for row in rows:
        assert row["link"] == f"{row['subject']}/wikidata-link", row
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[0-9]+", row["target"] or "")
        assert row["source"] == PREFIXES["nkg"] + "PersonDecision"
        assert row["evidence"] and "verified.tsv line" in row["evidence"]
        assert row["graph"] == "https://w3id.org/newskg/graph/entities"
    putin = next(r for r in rows if r["subject"].endswith("/vladimir-putin"))  # type: ignore[union-attr]
    assert putin["target"] == WD + "Q7747" and float(putin["score"] or 0) == 1.0


def write_qs_data(data: Path) -> None:
    """The seed plus what a full QuickStatements export needs: the article's URL and publisher,
    a person's link for Russia's war on Ukraine, and P813 fetched online (with its evidence)."""
    facts = data / "articles" / SEED_SLUG / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("  language: en\n", "  language: en\n  publisher: afp\n"
                                  "  url: https://example.org/afp/azerbaijan-victory\n", 1),
                     encoding="utf-8")
    (data / "wikidata" / "links.yaml").write_text(f"""links:
  {SEED_SLUG}/ev-russia-war-ukraine:
    status: linked
    id: Q110999040
    label: Russian invasion of Ukraine
    score: 0.3
    source: person
    why: accepted by a person
    decided_at: '2026-11-26T09:00:00Z'
    decided_by: a tester (newskg link --review)
""", encoding="utf-8")
    url = "https://www.wikidata.org/w/api.php?action=wbgetentities&ids=P813"
    fetched = Item("P813", "property", "retrieved",
                   sources=(Source(("label",), url, "2026-11-26T09:00:00Z"),))
    write_snapshot(data / "wikidata" / "snapshot.yaml",
                   merge_fetched(open_snapshot(data), [fetched]))


def parse_qs_v1(text: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """A small QuickStatements v1 parser: ITEM TAB PROPERTY TAB VALUE (TAB Pn|Sn TAB VALUE)*."""
    value = re.compile(r'Q[1-9][0-9]*|"[^"\t\n]*"|[a-z]{2,3}:"[^"\t\n]*"|'
                       r"[+-]\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/(9|1[01])|[+-]?\d+(\.\d+)?")
    commands = []
    for number, line in enumerate(text.split("\n")[:-1], 1):
        cells = line.split("\t")
        assert len(cells) >= 3 and len(cells) % 2 == 1, f"line {number}: {line!r}"
        item, prop, val, *rest = cells
        assert re.fullmatch(r"Q[1-9][0-9]*", item) and re.fullmatch(r"P[1-9][0-9]*", prop), line
        assert value.fullmatch(val), f"line {number}: value {val!r}"
        pairs = list(zip(rest[::2], rest[1::2], strict=True))
        for key, v in pairs:
            assert re.fullmatch(r"[PS][1-9][0-9]*", key) and value.fullmatch(v), (key, v)
        commands.append((item, prop, val, pairs))
    assert text.endswith("\n") or text == ""
    return commands


@pytest.fixture(scope="module")
def qs_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    import shutil

    from tests.conftest import DATA

    root = tmp_path_factory.mktemp("qs")
    shutil.copytree(DATA, root / "data")
    write_qs_data(root / "data")
    build(root / "data", root / "build")
    return root / "data", root / "build"


def test_an_accepted_event_link_is_in_its_article_graph(qs_build: tuple[Path, Path]) -> None:
    rows = select(qs_build[1] / "newskg.trig", LINKS)
    event = next(r for r in rows if r["target"] == WD + "Q110999040")
    assert event["graph"] == f"https://w3id.org/newskg/graph/article/{SEED_SLUG}"
    assert event["source"] == PREFIXES["nkg"] + "PersonDecision"
    assert event["by"] == "a tester (newskg link --review)"


def test_quickstatements_parse_and_every_statement_has_its_references(
        qs_build: tuple[Path, Path]) -> None:
    qs = export_quickstatements(qs_build[1], qs_build[0])
    commands = parse_qs_v1(qs.text)
    assert len(commands) == qs.statements
    statements = {(item, prop, val) for item, prop, val, _ in commands}
    assert {("Q399", "P36", "Q1953"), ("Q227", "P36", "Q9248"), ("Q110999040", "P710", "Q159"),
            ("Q110999040", "P710", "Q212"), ("Q110999040", "P276", "Q212")} <= statements
    for item, prop, val, pairs in commands:
        refs = dict(pairs)
        assert set(refs) == {"S248", "S854", "S813", "S1683"}, (item, prop, val)
        assert refs["S248"] == "Q40464"
        assert refs["S854"] == '"https://example.org/afp/azerbaijan-victory"'
        assert refs["S813"] == "+2026-11-26T00:00:00Z/11"
        assert refs["S1683"].startswith('en:"')
    capital = next(p for i, _, v, p in commands if (i, v) == ("Q399", "Q1953"))
    assert "Armenia's capital Yerevan" in dict(capital)["S1683"]
    ids = {x for item, _, val, _ in commands for x in (item, val)}
    verified = set(open_snapshot(qs_build[0]).items)
    assert ids <= verified  # only items with evidence


def test_quickstatements_of_the_seed_use_only_verified_properties(
        built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    from tests.conftest import DATA

    qs = export_quickstatements(built[1], DATA)
    commands = parse_qs_v1(qs.text)
    assert [(i, p, v) for i, p, v, _ in commands] == [("Q227", "P36", "Q9248"),
                                                       ("Q399", "P36", "Q1953")]
    assert all([k for k, _ in pairs] == ["S1683"] for *_, pairs in commands)  # no URL, no publisher
    assert any(n.startswith("P813 (retrieved) is not in the snapshot") for n in qs.notes)
    result = CliRunner().invoke(app, ["export", "--format", "quickstatements", "--build-dir",
                                      str(built[1]), "--output", str(tmp_path / "seed.qs")])
    assert result.exit_code == 0 and "note: P813" in result.stderr
    assert (tmp_path / "seed.qs").read_text(encoding="utf-8") == qs.text


def test_qs_strings_cannot_break_the_line() -> None:
    assert qs_string('a "quoted"\tword\nhere') == '"a \u201dquoted\u201d word here"'
