"""`newskg extract` and `newskg add`: reading, quotes, speakers, figures, dates, bad input, and drafts
that `newskg build` accepts. Corpus texts are read from ../shared at run time (skipped when absent)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError
from newskg.extract.article import parse_article, read_article
from newskg.extract.facts_draft import to_facts_yaml
from newskg.extract.pipeline import Extractor
from newskg.extract.run import add_article, article_slug
from newskg.extract.sentences import split_sentences
from newskg.publish.build import build
from newskg.rdf.namespaces import NKG
from tests.conftest import DATA, SEED_SLUG, SHARED
from tests.shapes_version import shapes_of_model_0_1

CORPUS = SHARED / "corpus" / "articles"
SEED_TEXT = DATA / "articles" / SEED_SLUG / "article.txt"
SEED_DATE = dt.date(2023, 9, 20)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(data_dir=DATA)


def draft(extractor: Extractor, text: str, published: dt.date | None = SEED_DATE) -> object:
    return extractor.extract(parse_article(text.encode("utf-8"), Path("x.txt"), published=published))


# -- reading --------------------------------------------------------------------------------------

def test_corpus_layout_gives_headline_date_and_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Truce agreed\nsource: https://example.org/a\npublished: 2024-01-05\n\n"
                    "The army said on Friday that the truce held.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.headline, article.published, article.source) == (
        "Truce agreed", dt.date(2024, 1, 5), "https://example.org/a")
    assert article.body.strip().startswith("The army said")


def test_bare_text_that_starts_with_a_sentence_has_it_drafted(extractor: Extractor) -> None:
    """Bare text took its first line as the headline, so the first paragraph's statement was
    never drafted (a newcomer's attack). A line that ends a sentence is text: the first sentence
    stands for the headline and is drafted too, and a warning says so; a first line that reads
    as a headline (no full stop) stays the headline."""
    text = ("Azerbaijan's President Ilham Aliyev said on Thursday that the ceasefire with Armenia "
            "would hold. Officials agreed.\n\nArmenian Prime Minister Nikol Pashinyan said his "
            "government had not been involved in the talks.\n")
    article = parse_article(text.encode(), Path("bare.txt"), published=SEED_DATE)
    assert not article.titled and article.body == text
    assert article.headline == ("Azerbaijan's President Ilham Aliyev said on Thursday that the "
                                "ceasefire with Armenia would hold.")
    result = draft(extractor, text)
    speakers = {s.speaker.name for s in result.statements}  # type: ignore[attr-defined]
    assert {"Ilham Aliyev", "Nikol Pashinyan"} <= speakers
    assert any("no headline line" in w for w in result.warnings)  # type: ignore[attr-defined]
    titled = parse_article(("Ceasefire will hold, Aliyev says\n\n" + text).encode(),
                           Path("t.txt"), published=SEED_DATE)
    assert titled.titled and titled.headline == "Ceasefire will hold, Aliyev says"
    assert not any("no headline line" in w for w in draft(extractor, "Ceasefire will hold, "
                   "Aliyev says\n\n" + text).warnings)  # type: ignore[attr-defined]
    assert parse_article(b"Fighting resumes.\n\nThe army said on Friday it held.\n",
                         Path("s.txt")).titled  # a short line: a headline, full stop or not
    asking = parse_article(b"Will the ceasefire in Nagorno-Karabakh hold this time?\n\nThe army "
                           b"said on Friday it held.\n", Path("q.txt"))
    assert asking.titled  # a question (or an exclamation) is a headline
    mister = parse_article(b"Mr. Pashinyan said on Tuesday that Armenia would accept refugees. "
                           b"Officials agreed.\n", Path("m.txt"))
    assert not mister.titled and mister.headline == (
        "Mr. Pashinyan said on Tuesday that Armenia would accept refugees.")  # not "Mr."


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty article"), (b"  \n\n", "empty article"),
    (b"\x00\x01\x02binary", "binary file"), (b"caf\xe9 au lait", "not UTF-8")])
def test_bad_input_is_a_clear_error_naming_the_file(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_html_main_text_is_taken_out() -> None:
    html = ("<html><head><title>Ceasefire holds</title></head><body><nav>Menu</nav><article><p>"
            "The defence ministry said on Monday that the ceasefire was holding across the front "
            "line and that no violations had been recorded overnight.</p><p>Officials said 40 "
            "people were wounded in the fighting last week.</p></article></body></html>")
    article = parse_article(html.encode(), Path("a.html"), published=SEED_DATE)
    assert "ceasefire was holding" in article.text and "<p>" not in article.text


# -- quotes, speakers, figures, dates -------------------------------------------------------------

def test_quotes_curly_and_straight_mixed_and_split(extractor: Extractor) -> None:
    x = draft(extractor, "Title\n\n“We will not leave,” Maria Ivanova said. \"Our homes are here "
                         "and we will defend them,\" she added.\n")
    found = [(s.speaker.name, s.words, s.direct) for s in x.statements]  # type: ignore[attr-defined]
    assert found == [("Maria Ivanova", "We will not leave", True),
                     ("Maria Ivanova", "Our homes are here and we will defend them", True)]


def test_speaker_before_a_quote_and_told(extractor: Extractor) -> None:
    x = draft(extractor, "Title\n\nThe mayor told AFP: \"The water supply has been cut for three "
                         "days.\"\n")
    assert [(s.speaker.name, s.direct) for s in x.statements] == [("The mayor", True)]  # type: ignore[attr-defined]


def test_unbalanced_quotes_do_not_crash(extractor: Extractor) -> None:
    text = "Title\n\n" + "The envoy said \"talks would resume. Nobody believed him. " * 50 + "\n"
    x = draft(extractor, text)
    assert x.statements and len(split_sentences(text)) > 50  # type: ignore[attr-defined]


def test_pronoun_resolves_to_the_last_named_speaker(extractor: Extractor) -> None:
    x = draft(extractor, "Title\n\nGeneral Omar Haddad said the city had fallen. \"We have "
                         "lost many men in the battle,\" he said.\n")
    assert {s.speaker.name for s in x.statements} == {"Omar Haddad"}  # type: ignore[attr-defined]


def test_figures_with_qualifier_and_reporter(extractor: Extractor) -> None:
    x = draft(extractor, "Title\n\nThe health ministry said at least 45 people were killed and "
                         "more than 120 wounded. A 3,000-strong force was deployed.\n")
    found = {(f.kind, f.value, f.qualifier, f.reported_by.name if f.reported_by else None)  # type: ignore[attr-defined]
             for f in x.figures}  # type: ignore[attr-defined]
    assert found == {("killed", 45, "at least", "The health ministry"),
                     ("wounded", 120, "more than", "The health ministry"),
                     ("troops", 3000, "exact", None)}


def test_no_publication_date_leaves_relative_dates_unresolved(extractor: Extractor) -> None:
    x = draft(extractor, "Title\n\nTalks will be held on Thursday in Geneva, the ministry said.\n",
              published=None)
    assert x.warnings and x.events  # type: ignore[attr-defined]
    assert x.events[0].date is None and x.events[0].date_text == "Thursday"  # type: ignore[attr-defined]
    yaml_text = to_facts_yaml(x)  # type: ignore[arg-type]
    assert "# published:" in yaml_text and "\n  published:" not in yaml_text


@pytest.mark.slow
def test_five_megabyte_article_finishes(extractor: Extractor) -> None:
    paragraph = ("The army said on Monday that at least 12 soldiers were killed near the border. "
                 "\"We will respond,\" the spokesman said. Talks were held in the capital. ")
    text = "Title\n\n" + (paragraph + "\n") * (5_000_000 // (len(paragraph) + 1))
    x = draft(extractor, text)
    assert len(x.figures) > 10_000  # type: ignore[attr-defined]


# -- drafts that build ----------------------------------------------------------------------------

def minimal_data(tmp_path: Path) -> Path:
    """entities.yaml, instances.yaml and the verified ids, no article."""
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "wikidata").mkdir()
    for name in ("entities.yaml", "instances.yaml", "wikidata/verified.tsv"):
        shutil.copy(DATA / name, data / name)
    return data


def corpus_articles() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def violations(result: object) -> set[tuple[str, str]]:
    return {(v.shape_id, v.focus) for v in result.report.violations  # type: ignore[attr-defined]
            if v.severity == "Violation"}


@pytest.mark.slow
@pytest.mark.parametrize("article", [SEED_TEXT, *corpus_articles()], ids=lambda p: p.stem)
def test_draft_passes_build(tmp_path: Path, article: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = violations(build(data, tmp_path / "before", allow_invalid=True))
    if article == SEED_TEXT:  # another copy of the seed text, drafted afresh (not drafted again)
        article = tmp_path / "seed.txt"
        article.write_text(SEED_TEXT.read_text(encoding="utf-8") + "\nSee also our live page.\n",
                           encoding="utf-8")
    published = SEED_DATE if article.name == "seed.txt" else None
    folder = add_article(article, published=published, data_dir=data)
    assert folder.name != SEED_SLUG
    result = build(data, tmp_path / "build", allow_invalid=True)
    if not shapes_of_model_0_1():  # the draft adds no violation
        assert not violations(result) - before, sorted(violations(result) - before)[:3]
    article_graph = URIRef(f"https://w3id.org/newskg/graph/article/{folder.name}")
    statuses = {o for _, _, o, g in result.dataset.quads((None, NKG.reviewStatus, None, None))
                if g == article_graph}
    assert NKG.Draft in statuses and NKG.Reviewed not in statuses  # nobody has reviewed a draft
    facts_text = (folder / "facts.yaml").read_text(encoding="utf-8")
    assert "statements:" in facts_text and "confidence:" in facts_text
    assert "resolution:" in facts_text


def test_a_draft_says_which_copy_of_a_repeated_span_it_means(extractor: Extractor,
                                                             tmp_path: Path) -> None:
    """The second sentence is also inside the first: its evidence needs occurrence: 2, or build
    would point at the copy inside the first sentence (issue 10, row 17)."""
    from newskg.project.articles import load_article_facts
    from newskg.rdf.evidence import ArticleText

    text = ('Army says it will respond\n\nOn Monday, "We will respond," the spokesman said. '
            '"We will respond," the spokesman said.\n')
    x = draft(extractor, text)
    folder = tmp_path / "2023-09-20-army"
    folder.mkdir()
    (folder / "article.txt").write_text(text)
    (folder / "facts.yaml").write_text(to_facts_yaml(x))  # type: ignore[arg-type]
    located = ArticleText(text)
    spans = {located.locate(s.evidence.text, s.evidence.occurrence).start
             for s in load_article_facts(folder).statements}
    assert spans == {s.evidence.start for s in x.statements} == {27, 77}  # type: ignore[attr-defined]


def test_curated_facts_are_reviewed_in_the_graph(built: tuple[object, Path]) -> None:
    result, _ = built
    statuses = {o for _, _, o, _ in result.dataset.quads(  # type: ignore[attr-defined]
        (None, NKG.reviewStatus, None, None))}
    assert statuses == {NKG.Reviewed}


def test_add_refuses_another_text_in_the_same_folder(tmp_path: Path) -> None:
    data = minimal_data(tmp_path)
    folder = add_article(SEED_TEXT, published=SEED_DATE, data_dir=data)
    before = (folder / "facts.yaml").read_bytes()
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED_TEXT.read_text(encoding="utf-8") + "\nA late paragraph.\n",
                       encoding="utf-8")
    with pytest.raises(InputError, match="exists already with another text"):
        add_article(changed, published=SEED_DATE, data_dir=data)
    assert (folder / "facts.yaml").read_bytes() == before  # nothing was overwritten
    assert article_slug(SEED_DATE, "Azerbaijan claims victory!") == \
        "2023-09-20-azerbaijan-claims-victory"


def test_add_needs_a_publication_date(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no publication date"):
        add_article(SEED_TEXT, data_dir=minimal_data(tmp_path))


def test_cli_extract_json_and_a_folder_with_a_bad_article(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(SEED_TEXT), "--published", "2023-09-20",
                                 "--format", "json", "--data-dir", str(DATA)])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"actors", "territories", "agreements", "statements", "figures", "events"} <= set(doc)
    assert all(s["text"] in s["evidence"] for s in doc["statements"])
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_TEXT, folder / "good.txt")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    result = runner.invoke(app, ["extract", str(folder), "-o", str(tmp_path / "out"),
                                 "--data-dir", str(DATA)])
    assert result.exit_code == 1
    assert "skipped" in result.stderr and "bad.txt" in result.stderr
    assert (tmp_path / "out" / "good.yaml").is_file()
    assert not (tmp_path / "out" / "bad.yaml").exists()


def test_an_article_of_its_headline_alone_is_drafted_with_a_warning(tmp_path: Path) -> None:
    """One line is a headline without text: no crash (it was exit 3), a warning saying why the
    draft holds no statements, and a folder with such a file still drafts the others."""
    one = tmp_path / "in" / "one.txt"
    one.parent.mkdir()
    one.write_text('Putin said "hello" on Monday.\n', encoding="utf-8")
    shutil.copy(SEED_TEXT, tmp_path / "in" / "good.txt")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(one), "--published", "2023-09-20",
                                 "--format", "json", "--data-dir", str(DATA)])
    assert result.exit_code == 0, result.stderr
    assert any("no text after the headline" in w for w in json.loads(result.stdout)["warnings"])
    result = runner.invoke(app, ["extract", str(one.parent), "-o", str(tmp_path / "out"),
                                 "--published", "2023-09-20", "--data-dir", str(DATA)])
    assert result.exit_code in (0, 1), result.stderr
    assert (tmp_path / "out" / "good.yaml").is_file() and (tmp_path / "out" / "one.yaml").is_file()


def test_a_data_dir_that_is_no_data_folder_is_refused_and_no_project_is_noted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mistyped --data-dir drafted against nothing with exit 0: the project's own entities
    (Russia, Armenia ...) were proposed as new (a newcomer's attack). Outside a project with no
    data/ the draft is made, and a note says what it was resolved against."""
    article = SHARED / "corpus" / "articles" / "01-reuters-karabakh-ceasefire.txt"
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for source, output in ((article, []), (article.parent, ["-o", "drafts"])):
        result = runner.invoke(app, ["extract", str(source), *output,
                                     "--data-dir", str(tmp_path / "typo")])
        assert result.exit_code == 2 and result.stdout == "", result.stderr
        assert result.stderr.startswith(f"error: {tmp_path / 'typo'}: --data-dir: not a data "
                                        "folder (no entities.yaml in it)")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written
    alone = runner.invoke(app, ["extract", str(article)])
    assert alone.exit_code == 0 and "proposed_entities:" in alone.stdout
    assert "note: no project here and no data/entities.yaml: drafts are resolved against no " \
           "entities" in alone.stderr
    given = runner.invoke(app, ["extract", str(article), "--data-dir", str(DATA)])
    assert given.exit_code == 0 and "note:" not in given.stderr
    assert given.stdout != alone.stdout  # resolved against the project's entities
