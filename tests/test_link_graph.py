"""Links in the built graph (skos:exactMatch + nkg:WikidataLink) and the QuickStatements export."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.link.quickstatements import export_quickstatements, qs_string
from newskg.project.snapshot import Item, Source, merge_fetched, open_snapshot, write_snapshot
from newskg.publish.build import BuildResult, build
from newskg.rdf.prefixes import PREFIXES
from tests.conftest import DATA, SEED_SLUG
from tests.shapes_version import shapes_of_model_0_1

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


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("seed-build")
    result = build(DATA, out, allow_invalid=True)
    if not shapes_of_model_0_1():
        assert result.report.conforms
    return result, out


def test_every_link_in_the_seed_graph_has_its_provenance(seed_build: tuple[BuildResult, Path]
                                                         ) -> None:
    rows = select(seed_build[1] / "newskg.trig", LINKS)
    # the 12 of the acceptance list, Baku, AFP, Stepanakert, the Republic of Artsakh and the invasion
    # of Ukraine
    assert len(rows) == 17
    for row in rows:
        assert row["link"] == f"{row['subject']}/wikidata-link", row
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[0-9]+", row["target"] or "")
        assert row["source"] == PREFIXES["nkg"] + "PersonDecision"
        assert row["evidence"] and "verified.tsv line" in row["evidence"]
    graphs = {r["subject"].rsplit("/", 2)[-2]: r["graph"] for r in rows}  # type: ignore[union-attr]
    assert graphs == {"entity": "https://w3id.org/newskg/graph/entities",
                      "event": "https://w3id.org/newskg/graph/world"}
    putin = next(r for r in rows if r["subject"].endswith("/vladimir-putin"))  # type: ignore[union-attr]
    assert putin["target"] == WD + "Q7747" and float(putin["score"] or 0) == 1.0


FETCHED_AT = "2026-11-26T09:00:00Z"
SEED_URL = "https://example.org/afp/azerbaijan-victory"


def fetched(pid: str, label: str, kind: str = "property") -> Item:
    """An item as an online run records it (label from the API URL, with the retrieval time)."""
    url = f"https://www.wikidata.org/w/api.php?action=wbgetentities&ids={pid}"
    return Item(pid, kind, label, sources=(Source(("label",), url, FETCHED_AT),))


def write_qs_data(data: Path, *, items: tuple[Item, ...] = ()) -> None:
    """The seed plus what a full QuickStatements export needs: the article's URL and publisher,
    and the reference properties an online run fetches (P813, P1476, P577, with their evidence)."""
    facts = data / "articles" / SEED_SLUG / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("  language: en\n", "  language: en\n  publisher: afp\n"
                                  f"  url: {SEED_URL}\n", 1), encoding="utf-8")
    write_snapshot(data / "wikidata" / "snapshot.yaml", merge_fetched(open_snapshot(data), [
        fetched("P813", "retrieved"), fetched("P1476", "title"),
        fetched("P577", "publication date"), *items]))


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


def qs_build_of(root: Path, **kwargs: tuple[Item, ...]) -> tuple[Path, Path]:
    shutil.copytree(DATA, root / "data")
    write_qs_data(root / "data", **kwargs)
    build(root / "data", root / "build", allow_invalid=True)
    return root / "data", root / "build"


@pytest.fixture(scope="module")
def qs_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return qs_build_of(tmp_path_factory.mktemp("qs"))


def test_an_instance_link_is_in_the_world_graph(qs_build: tuple[Path, Path]) -> None:
    rows = select(qs_build[1] / "newskg.trig", LINKS)
    event = next(r for r in rows if r["target"] == WD + "Q110999040")
    assert event["subject"] == "https://w3id.org/newskg/id/event/russian-invasion-of-ukraine"
    assert event["graph"] == "https://w3id.org/newskg/graph/world"
    assert event["source"] == PREFIXES["nkg"] + "PersonDecision"


def test_quickstatements_parse_and_every_statement_has_its_references(
        qs_build: tuple[Path, Path]) -> None:
    qs = export_quickstatements(qs_build[1], qs_build[0])
    commands = parse_qs_v1(qs.text)
    assert len(commands) == qs.statements
    statements = {(item, prop, val) for item, prop, val, _ in commands}
    assert statements == {("Q399", "P36", "Q1953"), ("Q227", "P36", "Q9248"),
                          ("Q110999040", "P710", "Q159"), ("Q110999040", "P710", "Q212"),
                          ("Q110999040", "P276", "Q212")}
    for item, prop, val, pairs in commands:
        refs = dict(pairs)
        assert set(refs) == {"S854", "S1476", "S577", "S248", "S813", "S1683"}, (item, prop, val)
        assert refs["S854"] == f'"{SEED_URL}"'
        assert refs["S1476"] == 'en:"Azerbaijan claims victory after Karabakh separatists surrender"'
        assert refs["S577"] == "+2023-09-20T00:00:00Z/11"
        assert refs["S248"] == "Q40464"
        assert refs["S813"] == "+2026-12-04T00:00:00Z/11"  # the curation date
        assert refs["S1683"].startswith('en:"')
    capital = next(p for i, _, v, p in commands if (i, v) == ("Q399", "Q1953"))
    assert "Armenia's capital Yerevan" in dict(capital)["S1683"]
    ids = {x for item, _, val, _ in commands for x in (item, val)}
    verified = set(open_snapshot(qs_build[0]).items)
    assert ids <= verified  # only items with evidence


def test_statements_need_an_article_with_url_title_and_date(
        seed_build: tuple[BuildResult, Path], tmp_path: Path) -> None:
    qs = export_quickstatements(seed_build[1], DATA)  # the seed article has no URL
    assert qs.text == "" and qs.statements == 0
    assert any("5 statement(s) left out: no reviewed report from an article with a URL" in n
               and "(reported only by: 2023-09-20-azerbaijan-claims-victory;" in n
               for n in qs.notes)  # which article needs its url: said
    assert any(n.startswith("P1476 (title) is not in the snapshot") for n in qs.notes)
    result = CliRunner().invoke(app, ["export", "--format", "quickstatements", "--build-dir",
                                      str(seed_build[1]), "--output", str(tmp_path / "seed.qs")])
    assert result.exit_code == 0 and "note: P1476" in result.stderr
    assert (tmp_path / "seed.qs").read_text(encoding="utf-8") == qs.text


def test_title_and_date_are_left_out_unless_their_properties_are_verified(
        tmp_path: Path) -> None:
    data, out = qs_build_of(tmp_path)
    snapshot = open_snapshot(data)
    items = {k: v for k, v in snapshot.items.items() if k not in ("P1476", "P577")}
    write_snapshot(data / "wikidata" / "snapshot.yaml", type(snapshot)(items))
    qs = export_quickstatements(out, data)
    commands = parse_qs_v1(qs.text)
    assert commands and all({k for k, _ in p} == {"S854", "S248", "S813", "S1683"}
                            for *_, p in commands)
    assert any(n.startswith("P577 (publication date) is not in the snapshot") for n in qs.notes)


def test_agreement_parties_get_a_role_only_from_a_verified_role_item(tmp_path: Path) -> None:
    # a test fixture, not a real item: a verified class such as Q131569 is no instance's id
    ceasefire = fetched("Q999999998", "2023 ceasefire in Nagorno-Karabakh", kind="item")

    def party_lines(root: Path, items: tuple[Item, ...]) -> tuple[list[list[str]], tuple[str, ...]]:
        data = root / "data"
        shutil.copytree(DATA, data)
        (data / "wikidata" / "links.yaml").write_text("""links:
  karabakh-ceasefire-2023:
    status: linked
    id: Q999999998
    source: person
    why: a tester links the ceasefire (to an item fetched for the test only)
    decided_at: '2026-11-26T09:00:00Z'
    decided_by: a tester
""", encoding="utf-8")
        write_qs_data(data, items=(ceasefire, *items))
        build(data, root / "build", allow_invalid=True)
        qs = export_quickstatements(root / "build", data)
        return [c for c in map(list, [line.split("\t") for line in qs.text.splitlines()])
                if c[0] == "Q999999998"], qs.notes

    lines, notes = party_lines(tmp_path / "a", ())
    # Azerbaijan, a party: one line (one reference) per article that reports the ceasefire
    assert lines and all(c[:3] == ["Q999999998", "P710", "Q227"] for c in lines)
    assert "P2868" not in lines[0]
    assert any("P2868 (subject has role) left out for the role 'party'" in n for n in notes)
    role = fetched("Q999999999", "party", kind="item")  # a test fixture, not a real role item
    lines, notes = party_lines(tmp_path / "b", (role,))
    assert lines[0][3:5] == ["P2868", "Q999999999"]
    assert not any("role 'party'" in n for n in notes)


def test_qs_strings_cannot_break_the_line() -> None:
    assert qs_string('a "quoted"\tword\nhere') == '"a \u201dquoted\u201d word here"'
