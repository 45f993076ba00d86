"""`newskg add` resolves (issue 9, item 10): a new article's mentions and reports are linked to existing
entities and world instances when the match is confident, with the score and the reason written beside
each; new instances are proposed otherwise (drafts that build); drafting an article again never
overwrites what a person decided in its facts.yaml."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import FactsError
from newskg.extract.candidates import load_candidates
from newskg.extract.gazetteer import Known
from newskg.extract.rerun import _retargeted
from newskg.extract.resolve import LINK_AT, Told, choose, new_entity, score_event
from newskg.extract.run import add_article
from newskg.project import load_project
from newskg.project.dates import parse_date
from newskg.project.model import Event, Figure, InstanceReport, Statement
from newskg.publish.build import build
from newskg.rdf.namespaces import NKG
from tests.conftest import DATA, SEED_SLUG

PUBLISHED = dt.date(2023, 9, 20)
KARABAKH = """Karabakh talks planned

Azerbaijan launched a military operation in Nagorno-Karabakh on Tuesday. Armenia and Azerbaijan \
agreed a ceasefire mediated by Russian peacekeepers on Wednesday. Talks will be held in Yevlakh on \
Thursday, the Kremlin said. Nikol Pashinyan denied that Armenian troops were in Karabakh. Baku and the \
ethnic Armenian authorities in Karabakh announced that the fighting had stopped. Turkey praised the \
operation as a success. The EU slammed the offensive as reckless. Officials said at least 200 people \
were killed in the offensive. Thousands of protesters gathered in Paris on Monday.
"""
PARIS = """Protest in Paris

Thousands of protesters gathered in Paris on Monday, witnesses said.
"""


def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "wikidata").mkdir()
    for name in ("entities.yaml", "instances.yaml", "wikidata/verified.tsv"):
        shutil.copy(DATA / name, data / name)
    return data


def add_text(tmp_path: Path, data: Path, text: str, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return add_article(path, published=PUBLISHED, data_dir=data)


def facts_of(data: Path, folder: Path) -> object:
    return next(a for a in load_project(data).articles if a.slug == folder.name)


@pytest.fixture(scope="module")
def karabakh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data folder, article folder) after `newskg add` of the Karabakh text."""
    tmp = tmp_path_factory.mktemp("karabakh")
    data = data_dir(tmp)
    return data, add_text(tmp, data, KARABAKH)


# -- linking to what exists -------------------------------------------------------------------

def test_reports_link_to_existing_instances_with_score_and_reason(karabakh: tuple[Path, Path]
                                                                  ) -> None:
    data, folder = karabakh
    facts = facts_of(data, folder)
    reports = {r.instance: r for r in facts.reports}  # type: ignore[attr-defined]
    assert {"azerbaijan-offensive-2023", "yevlakh-talks-2023",
            "karabakh-ceasefire-2023"} <= set(reports)
    for key in ("azerbaijan-offensive-2023", "yevlakh-talks-2023", "karabakh-ceasefire-2023"):
        resolution = facts.resolutions[reports[key].id]  # type: ignore[attr-defined]
        assert resolution.by == "newskg-extract" and resolution.score is not None
        assert resolution.score >= LINK_AT and "same type" in (resolution.reason or "")
    offensive = facts.resolutions[reports["azerbaijan-offensive-2023"].id]  # type: ignore[attr-defined]
    assert "date 2023-09-19 within 2023-09-19..2023-09-21" in (offensive.reason or "")
    talks = reports["yevlakh-talks-2023"]
    assert isinstance(talks, InstanceReport) and talks.according_to  # "..., the Kremlin said"
    killed = next(f for f in facts.figures if isinstance(f, Figure))  # type: ignore[attr-defined]
    assert killed.counted == "killed-azerbaijan-offensive-2023" and killed.value == "200"
    assert killed.qualifier == "AtLeast" and killed.lower == "200"


def test_mentions_carry_how_their_entity_was_found(karabakh: tuple[Path, Path]) -> None:
    data, folder = karabakh
    facts = facts_of(data, folder)
    by_entity = {m.entity: facts.resolutions[m.id] for m in facts.mentions}  # type: ignore[attr-defined]
    assert by_entity["russian-peacekeepers"].reason == "an alias of russian-peacekeepers"
    assert by_entity["nagorno-karabakh"].score == 1.0
    assert by_entity["paris"].score is None and "new entity proposed" in (
        by_entity["paris"].reason or "")


def test_statements_get_stances_polarity_and_joint_speakers(karabakh: tuple[Path, Path]) -> None:
    data, folder = karabakh
    statements = [s for s in facts_of(data, folder).statements  # type: ignore[attr-defined]
                  if isinstance(s, Statement)]
    by_words = {s.words: s for s in statements}
    assert by_words["Armenian troops were in Karabakh"].stance == "Denied"
    praised, slammed = by_words["the operation as a success"], by_words["the offensive as reckless"]
    assert (praised.stance, praised.polarity) == ("Evaluated", "Positive")
    assert (slammed.stance, slammed.polarity) == ("Evaluated", "Negative")
    joint = by_words["the fighting had stopped"]
    assert joint.speakers == ("azerbaijan", "karabakh-authorities") and joint.stance == "Announced"
    assert "yevlakh-talks-2023" in by_words["Talks will be held in Yevlakh on Thursday"].about


def test_a_new_happening_is_proposed_as_a_draft_instance_that_builds(
        karabakh: tuple[Path, Path], tmp_path: Path) -> None:
    data, folder = karabakh
    project = load_project(data)
    facts = next(a for a in project.articles if a.slug == folder.name)
    report = next(r for r in facts.reports if r.instance.startswith("protest-paris"))
    proposed = project.instances.by_key[report.instance]
    assert isinstance(proposed, Event) and proposed.draft and proposed.places == ("paris",)
    assert project.instances.path_of(report.instance) == folder / "facts.yaml"
    assert "new instance proposed" in (facts.resolutions[report.id].reason or "")
    assert "paris" in facts.proposed_entities
    result = build(data, tmp_path / "build", allow_invalid=True)
    drafts = result.dataset.graph(URIRef("https://w3id.org/newskg/graph/drafts"))
    node = URIRef(f"https://w3id.org/newskg/id/event/{report.instance}")
    assert (node, NKG.reviewStatus, NKG.Draft) in drafts


def test_a_later_draft_links_to_an_earlier_drafts_proposal(karabakh: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    data, first = karabakh
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    proposed = next(r.instance for r in facts_of(copy, copy / "articles" / first.name).reports  # type: ignore[attr-defined]
                    if r.instance.startswith("protest-paris"))
    second = add_text(tmp_path, copy, PARIS, "paris.txt")
    report = next(r for r in facts_of(copy, second).reports)  # type: ignore[attr-defined]
    assert report.instance == proposed
    assert facts_of(copy, second).resolutions[report.id].score >= LINK_AT  # type: ignore[attr-defined]


# -- the rules, one by one ----------------------------------------------------------------------

def told(date: str | None, places: tuple[str, ...] = ()) -> Told:
    return Told("MilitaryOperation", parse_date(date) if date else None, places, (),
                "Azerbaijan launched a military operation.")


def test_an_incompatible_date_or_place_is_never_linked() -> None:
    c = load_candidates(DATA)
    offensive = c.instances["azerbaijan-offensive-2023"]
    assert isinstance(offensive, Event)
    assert score_event(told("2023-09-19"), offensive, c, PUBLISHED).score is not None
    far = score_event(told("2020"), offensive, c, PUBLISHED)
    assert far.score is None and "outside" in far.why
    elsewhere = score_event(told("2023-09-19", ("yerevan",)), offensive, c, PUBLISHED)
    assert elsewhere.score is None and "place yerevan" in elsewhere.why
    inside = score_event(told("2023-09-19", ("azerbaijan",)), offensive, c, PUBLISHED)
    assert inside.score is not None  # Nagorno-Karabakh is recognised as part of Azerbaijan
    war = c.instances["karabakh-war-2020"]
    assert isinstance(war, Event)
    assert score_event(told(None), war, c, PUBLISHED).score is None  # not the same type


def test_two_close_candidates_are_not_linked() -> None:
    c = load_candidates(DATA)
    wars = [c.instances["karabakh-war-1990s"], c.instances["karabakh-war-2020"]]
    undated = Told("War", None, (), ("azerbaijan",), "The war left many dead.")
    scored = [score_event(undated, w, c, PUBLISHED) for w in wars if isinstance(w, Event)]
    decision = choose(scored)
    assert decision.new and "as close" in decision.reason


def test_a_new_name_links_to_an_entity_only_when_most_words_are_shared() -> None:
    c = load_candidates(DATA)
    forces = new_entity(Known("x", "Separatist Armenian forces in Nagorno-Karabakh",
                              ("ArmedGroup",), known=False), c.entities)
    assert forces.key == "karabakh-separatists" and not forces.new
    officials = new_entity(Known("officials", "Officials", ("Collective",), known=False),
                           c.entities)
    assert officials.new and officials.key == "officials"


# -- a person's decisions are never overwritten -------------------------------------------------

def decide_and_add_again(tmp_path: Path) -> tuple[Path, Path, str]:
    """(data, article folder, the report block jdoe wrote): jdoe reviews the denial and resolves
    the Paris protest report to yerevan-protests-2023; then the same text is drafted again."""
    data = data_dir(tmp_path)
    folder = add_text(tmp_path, data, KARABAKH)
    path = folder / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    decided = text.replace(
        "    stance: denied\n", "    stance: denied\n    reviewed: true   # checked by jdoe\n", 1)
    start = decided.index("  - id: ev-protest\n")
    block = decided[start:decided.index("  - id: ", start + 1)]
    mine = (block.replace(block.split("instance: ")[1].split("\n")[0], "yerevan-protests-2023")
            .replace("by: newskg-extract", "by: jdoe"))
    decided = decided.replace(block, mine)
    path.write_text(decided, encoding="utf-8")
    add_text(tmp_path, data, KARABAKH)  # the same text again
    return data, folder, mine


def test_adding_again_keeps_a_persons_decisions(tmp_path: Path) -> None:
    data, folder, mine = decide_and_add_again(tmp_path)
    path = folder / "facts.yaml"
    again = path.read_text(encoding="utf-8")
    assert "reviewed: true   # checked by jdoe" in again
    assert mine.strip() in again and again.count("id: ev-protest\n") == 1
    assert "kept from the previous draft: 2 report(s)" in again
    facts = facts_of(data, folder)
    denial = next(s for s in facts.statements if s.stance == "Denied")  # type: ignore[attr-defined]
    assert denial.reviewed
    protest = next(r for r in facts.reports if r.id == "ev-protest")  # type: ignore[attr-defined]
    assert protest.instance == "yerevan-protests-2023"
    assert facts.resolutions["ev-protest"].by == "jdoe"  # type: ignore[attr-defined]
    assert not any(k.startswith("protest-paris") for k in facts.proposed_instances)  # type: ignore[attr-defined]


def test_a_proposal_a_person_resolved_away_is_renamed_where_the_new_draft_uses_it(
        tmp_path: Path) -> None:
    first = data_dir(tmp_path / "first")
    drafted = facts_of(first, add_text(tmp_path, first, KARABAKH)).proposed_instances  # type: ignore[attr-defined]
    assert drafted["other-protest-paris-2023-09-18"].of == "protest-paris-2023-09-18"
    data, folder, _ = decide_and_add_again(tmp_path)
    text = (folder / "facts.yaml").read_text(encoding="utf-8")
    assert "of: yerevan-protests-2023" in text and "of: protest-paris" not in text
    assert "warning" not in text  # no proposal is left reported by nothing
    project = load_project(data)
    group = project.instances.by_key["other-protest-paris-2023-09-18"]
    assert group.of == "yerevan-protests-2023"  # type: ignore[attr-defined]
    assert "protest-paris-2023-09-18" not in project.instances.by_key
    figure = next(f for f in facts_of(data, folder).figures  # type: ignore[attr-defined]
                  if f.id == "fig-other")
    assert figure.counted == "other-protest-paris-2023-09-18"
    report = build(data, tmp_path / "build", allow_invalid=True).report  # other instances of
    # data/ are reported by no article here: only this article's and the protests' results count
    assert not [v for v in report.violations if v.severity == "Violation" and (
        v.article or "protest" in v.focus)]


def test_a_proposal_a_kept_report_still_uses_is_not_renamed(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    folder = add_text(tmp_path, data, KARABAKH)
    path = folder / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: ev-protest\n")
    block = text[start:text.index("  - id: ", start + 1)]
    mine = (block.replace("instance: protest-paris-2023-09-18", "instance: yerevan-protests-2023")
            .replace("by: newskg-extract", "by: jdoe"))
    figure = text[text.index("  - id: fig-other\n"):]  # jdoe keeps the figure's group
    path.write_text(text.replace(block, mine).replace(
        figure, figure.replace("by: newskg-extract", "by: jdoe")), encoding="utf-8")
    add_text(tmp_path, data, KARABAKH)
    again = path.read_text(encoding="utf-8")
    assert "of: protest-paris-2023-09-18" in again  # the group jdoe kept still counts it
    assert "protest-paris-2023-09-18" in facts_of(data, folder).proposed_instances  # type: ignore[attr-defined]


def test_retargeting_rewrites_plain_values_only() -> None:
    lines = ["    of: a-b", "  a-b: {x: a-b}", '    label: "P (a-b)"  # a-b',
             "    about: [a-b, a-bc, x-a-b]"]
    assert _retargeted(lines, {"a-b": "c"}) == [
        "    of: c", "  a-b: {x: c}", '    label: "P (a-b)"  # a-b', "    about: [c, a-bc, x-a-b]"]


def test_adding_the_curated_seed_again_keeps_every_curated_report(data_copy: Path) -> None:
    folder = data_copy / "articles" / SEED_SLUG
    before = {r.id: r for r in facts_of(data_copy, folder).all_reports()}  # type: ignore[attr-defined]
    comment = (folder / "facts.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert add_article(folder / "article.txt", published=PUBLISHED, data_dir=data_copy) == folder
    after = facts_of(data_copy, folder)
    kept = {r.id: r for r in after.all_reports()}  # type: ignore[attr-defined]
    assert all(replace(kept[i], line=0) == replace(r, line=0) for i, r in before.items())
    new = [r for i, r in kept.items() if i not in before]
    assert new and not any(r.reviewed for r in new)  # drafts, although curation says reviewed
    assert (folder / "facts.yaml").read_text(encoding="utf-8").splitlines()[0] == comment


def test_extract_over_an_existing_draft_keeps_its_decisions(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(KARABAKH, encoding="utf-8")
    out = tmp_path / "draft.yaml"
    args = ["extract", str(source), "--published", "2023-09-20", "-o", str(out),
            "--data-dir", str(DATA)]
    runner = CliRunner()
    assert runner.invoke(app, args).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("    stance: denied\n",
                                                   "    stance: denied\n    reviewed: true\n", 1)
    out.write_text(text, encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "    stance: denied\n    reviewed: true\n" in out.read_text(encoding="utf-8")


# -- the format: proposed instances and resolutions, checked -------------------------------------

@pytest.mark.parametrize(("edit", "message"), [
    (("      type: protest\n", "      type: protest\n      status: reviewed\n"),
     "a proposed instance is a draft"),
    (("resolution: {by: newskg-extract, score: 1.00,", "resolution: {by: J Doe, score: 1.00,"),
     "'J Doe' is not a key"),
    (("resolution: {by: newskg-extract, score: 1.00,", "resolution: {by: jdoe, score: 2,"),
     "is not a number between 0.0 and 1.0"),
])
def test_bad_proposals_and_resolutions_name_file_line_and_field(
        karabakh: tuple[Path, Path], tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    data, folder = karabakh
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    path = copy / "articles" / folder.name / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(FactsError, match=message) as caught:
        load_project(copy)
    assert "facts.yaml:" in str(caught.value)


def test_a_reviewed_report_on_a_proposed_instance_says_to_move_it(karabakh: tuple[Path, Path],
                                                                   tmp_path: Path) -> None:
    data, folder = karabakh
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    path = copy / "articles" / folder.name / "facts.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: ev-protest\n")
    path.write_text(text[:start] + text[start:].replace("    confidence:", "    reviewed: true\n"
                                                        "    confidence:", 1), encoding="utf-8")
    with pytest.raises(FactsError, match="move it from 'proposed_instances:'"):
        load_project(copy)


def test_a_broken_previous_draft_is_refused_and_left_as_it_is(tmp_path: Path) -> None:
    data = data_dir(tmp_path)
    folder = add_text(tmp_path, data, KARABAKH)
    path = folder / "facts.yaml"
    broken = path.read_text(encoding="utf-8").replace("mentions:\n", "mentions: [\n", 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(FactsError, match="malformed YAML") as caught:
        add_text(tmp_path, data, KARABAKH)
    assert str(path) in str(caught.value)
    assert path.read_text(encoding="utf-8") == broken  # nothing lost or half-written


def test_a_lead_of_exactly_a_tenth_is_enough() -> None:
    """Scores are written in hundredths: 0.70 over 0.60 leads by LEAD, although in floating point
    0.70 - 0.60 is just under 0.1 (the 2023 Karabakh ceasefire was refused a link for that)."""
    from newskg.extract.resolve import LEAD, leads

    assert 0.70 - 0.60 < LEAD  # the trap
    assert leads(0.70, 0.60) and leads(0.95, 0.85) and not leads(0.70, 0.61)
