"""The matcher on the seed entities: verified ones link to their ids, the others never get an id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from newskg.cli import app
from newskg.link.matcher import THRESHOLD, Subject, match, match_all, name_score, overlap
from newskg.link.run import run_link, subjects_of
from newskg.project.snapshot import Item, Snapshot, Source, open_snapshot
from tests.conftest import DATA, SHARED

ACCEPTANCE = {"azerbaijan": "Q227", "armenia": "Q399", "russia": "Q159", "turkey": "Q43",
              "united-states": "Q30", "european-union": "Q458", "ukraine": "Q212",
              "soviet-union": "Q15180", "yerevan": "Q1953", "moscow": "Q649",
              "vladimir-putin": "Q7747", "nikol-pashinyan": "Q7035479"}
# Entities /work/shared/wikidata/README.md says have no verified id (ids remembered were wrong).
NO_VERIFIED_ID = ["nagorno-karabakh", "yevlakh", "ilham-aliyev", "hikmet-hajiyev", "gegham-stepanyan",
                  "getty-images", "anadolu-agency", "russian-peacekeepers", "kremlin",
                  "azerbaijan-defence-ministry"]
# World instances (data/instances.yaml, keyed by instance key) that have no verified id.
EVENTS_WITHOUT_ID = ["azerbaijan-offensive-2023", "karabakh-war-1990s", "karabakh-war-2020",
                     "karabakh-ceasefire-2023"]


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import shutil

    data = tmp_path_factory.mktemp("seed") / "data"
    shutil.copytree(DATA, data)
    return dict(run_link(data).links)


@pytest.fixture(scope="module")
def uncurated() -> list[Subject]:
    """The seed subjects with the hand-curated ids removed: the matcher must find them alone."""
    return [Subject(s.key, s.name, s.aliases, s.types, None, s.where) for s in subjects_of(DATA)]


def test_offline_link_on_the_seed_links_the_acceptance_ids(seed_run: dict) -> None:
    for key, qid in ACCEPTANCE.items():
        link = seed_run[key]
        assert (link.status, link.id) == ("linked", qid), key
        assert link.score >= THRESHOLD and link.why


def test_the_matcher_alone_finds_the_verified_ids(uncurated: list[Subject]) -> None:
    matches = {m.subject.key: m for m in match_all(uncurated, open_snapshot(DATA))}
    for key, qid in ACCEPTANCE.items():
        m = matches[key]
        assert m.status == "linked" and m.best is not None and m.best.item.id == qid, (key, m.why)
    assert matches["afp"].best.item.id == "Q40464" and matches["baku"].status == "linked"


def test_subjects_without_a_verified_id_never_get_one(seed_run: dict,
                                                      uncurated: list[Subject]) -> None:
    for key in NO_VERIFIED_ID + EVENTS_WITHOUT_ID:
        link = seed_run[key]
        assert link.status in ("needs-review", "no-candidate"), key
        assert link.id is None and link.why, key
    matches = {m.subject.key: m for m in match_all(uncurated, open_snapshot(DATA))}
    linked = {k for k, m in matches.items() if m.status == "linked"}
    # the invasion's label is its item's label: the matcher finds what instances.yaml says
    assert linked == set(ACCEPTANCE) | {"afp", "baku", "russian-invasion-of-ukraine", "stepanakert",
                                        "republic-of-artsakh"}


def test_the_shared_list_of_unverified_entities_is_the_one_tested() -> None:
    readme = SHARED / "wikidata" / "README.md"
    if not readme.is_file():
        pytest.skip(f"{readme} is not available")
    text = " ".join(readme.read_text(encoding="utf-8").split())
    for name in ("Nagorno-Karabakh", "Yevlakh", "Ilham Aliyev", "Hikmet Hajiyev", "Gegham Stepanyan",
                 "Getty Images", "Anadolu Agency", "the Kremlin"):
        assert name in text


def test_needs_review_shows_a_candidate_but_no_id(seed_run: dict) -> None:
    link = seed_run["nagorno-karabakh"]
    assert link.status == "needs-review" and link.candidate == "Q244165" and link.id is None
    assert "score below" in link.why


def test_every_subject_has_a_decision_and_reason(seed_run: dict) -> None:
    subjects = {s.key for s in subjects_of(DATA)}
    assert set(seed_run) == subjects
    assert all(link.why and link.decided_at for link in seed_run.values())


def test_rerun_gives_the_same_file(data_copy: Path) -> None:
    run_link(data_copy, now=lambda: "2026-11-26T10:00:00Z")
    links = data_copy / "wikidata" / "links.yaml"
    first = links.read_bytes()
    run_link(data_copy, now=lambda: "2030-01-01T00:00:00Z")  # unchanged decisions keep their time
    assert links.read_bytes() == first


def test_the_committed_links_file_is_what_link_writes(data_copy: Path) -> None:
    """`newskg link` on the project's data leaves data/wikidata/links.yaml as committed: every
    entity and instance has its decision (a newcomer running the README's example gets no diff;
    after adding entities, run `newskg link` and commit the file)."""
    committed = (DATA / "wikidata" / "links.yaml").read_text(encoding="utf-8")
    run_link(data_copy, now=lambda: "2030-01-01T00:00:00Z")
    written = (data_copy / "wikidata" / "links.yaml").read_text(encoding="utf-8")
    assert written == committed, "run `newskg link` and commit data/wikidata/links.yaml"


# ----------------------------------------------------------------------- scores on small cases

def item(qid: str, label: str, kind: str = "place", types: tuple[str, ...] = (),
         aliases: tuple[str, ...] = ()) -> Item:
    return Item(qid, kind, label, aliases=aliases, types=types,
                sources=(Source(("id", "label"), "data/wikidata/verified.tsv line 1"),))


def test_name_scores() -> None:
    city = Subject("yerevan", "Yerevan", ("Erevan",), ("City",))
    assert name_score(city, item("Q1953", "Yerevan"))[0] == 1.0
    assert name_score(city, item("Q1", "Erevan"))[0] == 0.85
    assert name_score(city, item("Q2", "Other", aliases=("Erevan",)))[0] == 0.80
    assert overlap("Russia's war on Ukraine", "Russian invasion of Ukraine") == 0.5


def test_types_that_disagree_block_an_automatic_link() -> None:
    person = Subject("x", "Moscow", (), ("Person",))
    m = match(person, Snapshot({"Q649": item("Q649", "Moscow")}))
    assert m.status == "needs-review" and m.best is not None and m.best.types == "disagree"
    city = Subject("y", "Moscow", (), ("City",))
    online = item("Q649", "Moscow", "item", types=("Q5",))
    assert match(city, Snapshot({"Q649": online})).status == "needs-review"
    agreeing = item("Q649", "Moscow", "item", types=("Q515",))
    assert match(city, Snapshot({"Q649": agreeing})).best.types == "agree"  # type: ignore[union-attr]


def test_two_subjects_taking_one_item_both_go_to_review() -> None:
    snapshot = Snapshot({"Q649": item("Q649", "Moscow")})
    subjects = [Subject("moscow", "Moscow", (), ("City",)),
                Subject("moscow-2", "Moscow", (), ("City",))]
    assert [m.status for m in match_all(subjects, snapshot)] == ["needs-review", "needs-review"]


def test_a_close_runner_up_sends_to_review() -> None:
    snapshot = Snapshot({"Q1": item("Q1", "Georgia"), "Q2": item("Q2", "Georgia")})
    m = match(Subject("georgia", "Georgia", (), ("Country",)), snapshot)
    assert m.status == "needs-review" and "too close" in m.why


# ----------------------------------------------------------------------- the command

def test_link_command_prints_the_table(data_copy: Path) -> None:
    result = CliRunner().invoke(app, ["link", "--data-dir", str(data_copy)])
    assert result.exit_code == 0, result.stderr
    header = result.stdout.splitlines()[0]
    assert re.match(r"entity\s+\| id\s+\| label\s+\| score \| status\s+\| why", header)
    row = next(line for line in result.stdout.splitlines() if line.startswith("vladimir-putin "))
    assert "| Q7747 " in row and "| linked " in row
    assert "offline: matched against the local snapshot" in result.stderr
    doc = yaml.safe_load((data_copy / "wikidata" / "links.yaml").read_text(encoding="utf-8"))
    assert doc["links"]["vladimir-putin"]["id"] == "Q7747"


def test_review_accepts_rejects_and_skips(data_copy: Path) -> None:
    entities = data_copy / "entities.yaml"  # Q244165 left free for the authorities' candidate:
    artsakh = entities.read_text(encoding="utf-8")  # the breakaway state unnamed and unlinked
    start = artsakh.index("  republic-of-artsakh:\n")
    end = artsakh.index("\n\n", start)
    entities.write_text(artsakh[:start] + "  republic-of-artsakh:\n    name: Breakaway state\n"
                        "    types: [State]" + artsakh[end:], encoding="utf-8")
    instances = data_copy / "instances.yaml"  # two events with a candidate a person must judge
    text = instances.read_text(encoding="utf-8").replace("    wikidata: Q110999040\n", "", 1)
    text = text.replace("label: Russian invasion of Ukraine", "label: Russia's war on Ukraine", 1)
    links_path = data_copy / "wikidata" / "links.yaml"
    links_doc = yaml.safe_load(links_path.read_text(encoding="utf-8"))
    del links_doc["links"]["russian-invasion-of-ukraine"]  # its decision came from instances.yaml
    links_doc["links"].pop("republic-of-artsakh", None)  # its link came from entities.yaml, unlinked above
    links_path.write_text(yaml.safe_dump(links_doc), encoding="utf-8")
    instances.write_text(text.replace("\nagreements:\n", """
  stepanakert-shelling-2023:
    type: attack
    label: Shelling of Stepanakert
    place: [nagorno-karabakh]

agreements:
""", 1), encoding="utf-8")
    links = run_link(data_copy).links
    taken = {v.id for v in links.values() if v.status == "linked"}
    pending = sorted(k for k, v in links.items() if v.status == "needs-review"
                     and v.candidate not in taken)  # a taken candidate is not even asked
    # (the shelling's candidate, Stepanakert, is taken by the city: not asked)
    assert pending == ["karabakh-authorities", "karabakh-refugees", "nagorno-karabakh",
                       "russian-invasion-of-ukraine"]
    # accept Q244165 for the authorities (then the refugees' and nagorno-karabakh's Q244165 is
    # taken: skipped); for the invasion "x" is refused and asked again, then its candidate rejected
    result = CliRunner().invoke(app, ["link", "--review", "--data-dir", str(data_copy)],
                                input="a\nx\nr\n")
    assert result.exit_code == 0, result.stderr
    assert "please answer a, r or s" in result.stdout
    links = run_link(data_copy).links  # a person's decisions stick on the next run
    accepted, rejected = links["karabakh-authorities"], links["russian-invasion-of-ukraine"]
    assert accepted.status == "linked" and accepted.source == "person" and accepted.id
    assert rejected.status == "rejected" and rejected.rejected == ("Q110999040",)
    assert rejected.id is None
    assert links["karabakh-refugees"].status == "needs-review"
    assert "review: 1 accepted, 1 rejected" in result.stderr
    assert "candidate Q15180 is already linked from soviet-union; skipped" in result.stderr
    assert "candidate Q244165 is already linked from karabakh-authorities; skipped" in \
        result.stderr


def test_every_wikidata_id_in_the_code_is_verified() -> None:
    from newskg.link.matcher import EXPECTED_P31
    from newskg.link.quickstatements import PROPERTIES
    from newskg.project.snapshot import read_verified

    verified = read_verified(DATA / "wikidata" / "verified.tsv").items
    assert set().union(*EXPECTED_P31.values()) <= set(verified)
    # used only once fetched online (with their evidence): never written from memory
    assert {p for p in PROPERTIES if p not in verified} == {"P813", "P1476", "P577"}
    for pid, label in PROPERTIES.items():
        if pid in verified:
            assert verified[pid].label == label, pid
