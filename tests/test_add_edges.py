"""`newskg add` and `newskg init` at their edges: another article of the same day and headline,
a write that fails half-way (a full disk), an input over the size limit, a header `source:` that
the build would refuse. Nothing half-made is left behind; every refusal is exit 2 naming what to
change, the same with --debug."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError
from newskg.extract import run
from newskg.extract.run import add_article
from newskg.project import home
from tests.test_extract import SEED_DATE, SEED_TEXT, minimal_data

runner = CliRunner()


def no_space(path: Path, data: bytes) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(path))


def test_another_article_of_the_same_day_and_headline_takes_a_folder_of_its_own(
        tmp_path: Path) -> None:
    data = minimal_data(tmp_path)
    first = add_article(SEED_TEXT, published=SEED_DATE, data_dir=data)
    other = tmp_path / "other.txt"
    other.write_text(SEED_TEXT.read_text(encoding="utf-8") + "\nA late paragraph.\n",
                     encoding="utf-8")
    with pytest.raises(InputError, match=f"--name {first.name}-2") as refused:
        add_article(other, published=SEED_DATE, data_dir=data)
    assert "another article" in str(refused.value)
    result = runner.invoke(app, ["add", str(other), "--published", "2023-09-20", "--data-dir",
                                 str(data), "--name", f"{first.name}-2"])
    assert result.exit_code == 0, result.output
    assert (data / "articles" / f"{first.name}-2" / "facts.yaml").is_file()
    assert (first / "article.txt").read_bytes() == SEED_TEXT.read_bytes()  # the first is kept
    bad = runner.invoke(app, ["add", str(other), "--published", "2023-09-20", "--data-dir",
                              str(data), "--name", "a folder/with spaces"])
    assert bad.exit_code == 2 and "is not an article folder name" in bad.output


@pytest.mark.parametrize("name", ["../../escaped", "../escaped", "sub/dir", "/tmp/abs-name",
                                  "x/..", "ok-name\n"])
def test_add_name_is_one_folder_name_never_a_path(tmp_path: Path, name: str) -> None:
    """--name ../../x wrote the article outside data/articles (only the path's last part was
    checked): the whole value is a name, or exit 2 with nothing written."""
    data = minimal_data(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["add", str(SEED_TEXT), "--published", "2023-09-20",
                                 "--data-dir", str(data), "--name", name])
    assert result.exit_code == 2 and "is not an article folder name" in result.output
    assert "--name" in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/abs-name").exists()


def test_a_failed_add_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = minimal_data(tmp_path)
    monkeypatch.setattr(run, "atomic_write", no_space)
    with pytest.raises(OSError):
        add_article(SEED_TEXT, published=SEED_DATE, data_dir=data)
    assert list((data / "articles").iterdir()) == []
    monkeypatch.undo()
    folder = add_article(SEED_TEXT, published=SEED_DATE, data_dir=data)  # the retry works
    assert (folder / "facts.yaml").is_file()


def test_a_failed_init_leaves_nothing_and_can_be_run_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "new" / "project"
    real = home.atomic_write
    calls: list[Path] = []

    def fail_on_the_third(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            no_space(path, data)
        real(path, data)

    monkeypatch.setattr(home, "atomic_write", fail_on_the_third)
    result = runner.invoke(app, ["init", str(project)])
    assert result.exit_code == 2, result.output
    assert "disk is full" in result.output and str(calls[-1]) in result.output
    assert not (tmp_path / "new").exists()  # nor the folders it made
    monkeypatch.undo()
    result = runner.invoke(app, ["init", str(project)])
    assert result.exit_code == 0, result.output
    assert (project / "newskg.toml").stat().st_size > 0


def test_an_article_over_the_size_limit_is_refused_before_it_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + "Ilham Aliyev said the war is over. " * 40_000,
                   encoding="utf-8")  # 1.4 MB
    monkeypatch.setenv("NEWSKG_MAX_INPUT_MB", "1")
    data = minimal_data(tmp_path)
    for command in (["extract", str(big)], ["add", str(big), "--data-dir", str(data)]):
        for debug in ([], ["--debug"]):
            result = runner.invoke(app, [*debug, *command, "--published", "2023-09-01"])
            assert result.exit_code == 2, result.output
            assert "over the 1 MB limit" in result.output and "NEWSKG_MAX_INPUT_MB" in result.output
    assert list((data / "articles").iterdir()) == []


def test_a_header_source_the_build_would_refuse_is_refused_here(tmp_path: Path) -> None:
    data = minimal_data(tmp_path)
    for source in ("javascript:alert(1)", "http://x.org/a b<c>"):
        article = tmp_path / "js.txt"
        article.write_text(f"Head\nsource: {source}\npublished: 2023-09-01\n\n"
                           "Ilham Aliyev said it.\n", encoding="utf-8")
        for command in (["extract", str(article)], ["add", str(article), "--data-dir", str(data)]):
            result = runner.invoke(app, command)
            assert result.exit_code == 2, result.output
            assert f"js.txt:2: source: '{source}' is not a web address" in result.output
    assert list((data / "articles").iterdir()) == []


def test_extract_of_a_folder_of_bad_articles_leaves_no_empty_folder(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "empty.txt").write_text("  \n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(articles), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "out").exists()


def test_a_slug_keeps_latin_letters_without_their_accents() -> None:
    import datetime as dt

    from newskg.extract.run import article_slug

    day = dt.date(2023, 9, 1)
    assert article_slug(day, "Ünïcödé 日本語 headline") == "2023-09-01-unicode-headline"
    assert article_slug(day, "Café in Zürich attacked") == "2023-09-01-cafe-in-zurich-attacked"


def test_query_data_given_a_folder_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--data", str(tmp_path), "ASK {}"])
    assert result.exit_code == 2 and "is a folder, not an RDF file" in result.output


def test_init_refuses_an_empty_publisher_and_a_folder_named_like_the_project_file(
        tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "a"), "--publisher", " "])
    assert result.exit_code == 2 and "--publisher" in result.output
    assert not (tmp_path / "a" / "newskg.toml").exists()
    (tmp_path / "b" / "newskg.toml").mkdir(parents=True)
    result = runner.invoke(app, ["init", str(tmp_path / "b")])
    assert result.exit_code == 2 and "is a folder where the project file goes" in result.output


@pytest.mark.parametrize(("extra", "named"), [
    (["--name", "timeline"], "--name"), (["-f", "json"], "--format"), (["--limit", "5"], "--limit"),
    (["--offset", "2"], "--offset"), (["--drafts"], "--drafts"), (["--engine", "rdflib"], "--engine"),
    (["ASK {}"], "a query")])
def test_query_list_alone(extra: list[str], named: str) -> None:
    """--list -f json and --list --limit 5 printed the text list, the option dropped unseen."""
    result = runner.invoke(app, ["query", "--list", *extra])
    assert result.exit_code == 2 and f"it takes no {named}; give it alone" in result.output


def test_a_prefixed_value_that_matches_nothing_is_offered_names_of_its_own_prefix(
        built: tuple[object, Path]) -> None:
    where = ["--build-dir", str(built[1])]
    result = runner.invoke(app, ["query", *where, "--name", "fact-evidence", "--param",
                                 "fact=article:nope/x"])
    assert result.exit_code == 2 and "matches nothing" in result.output
    offered = result.output.split("(newskg query")[0]  # the hint names the class: nkg:Report
    assert "nkg:" not in offered  # no ontology term offered for an article's fact
    result = runner.invoke(app, ["query", *where, "--name", "instance-reports", "--param",
                                 "instance=agreement:karabakh-ceasefire-203"])
    assert result.exit_code == 2 and "agreement:karabakh-ceasefire-2023" in result.output


RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


def test_rdfxml_cut_short_or_declaring_entities_is_refused(tmp_path: Path) -> None:
    cut = tmp_path / "cut.rdf"
    cut.write_text(f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://x/a">'
                   "<rdf:value>1</rdf:value>\n", encoding="utf-8")
    laughs = tmp_path / "laughs.rdf"
    laughs.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">\n'
                      '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
                      f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://x/a">'
                      "<rdf:value>&b;</rdf:value></rdf:Description></rdf:RDF>\n", encoding="utf-8")
    whole = tmp_path / "whole.rdf"
    whole.write_text(f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://x/a">'
                     "<rdf:value>1</rdf:value></rdf:Description></rdf:RDF>\n", encoding="utf-8")
    for path, message in ((cut, "cut.rdf:2: not valid rdfxml"), (laughs, "declares XML entities")):
        for command in (["validate", str(path)], ["query", "--data", str(path), "ASK {}"]):
            result = runner.invoke(app, command)
            assert result.exit_code == 2 and message in result.output, result.output
    assert runner.invoke(app, ["validate", str(whole)]).exit_code == 0


def test_rdf_files_read_by_validate_and_query_keep_the_input_size_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.nt"
    big.write_text("".join(f"<http://x/s{i}> <http://x/p> \"{i}\" .\n" for i in range(40_000)),
                   encoding="utf-8")  # 1.3 MB
    monkeypatch.setenv("NEWSKG_MAX_INPUT_MB", "1")
    for command in (["validate", str(big)], ["query", "--data", str(big), "ASK {}"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "over the 1 MB limit" in result.output


def test_review_and_remote_urls_refuse_bad_values_as_input(
        tmp_path: Path, built: tuple[object, Path]) -> None:
    outside = tmp_path / "2023-09-20-azerbaijan-claims-victory"
    outside.mkdir()
    (outside / "facts.yaml").write_text("article: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["review", str(outside)])
    assert result.exit_code == 2 and "is not an article of this project" in result.output
    assert runner.invoke(app, ["review", "--port", "99999"]).exit_code == 2
    where = ["--build-dir", str(built[1])]
    for command in (["push", "http://[::1/x", *where],
                    ["query", "--endpoint", "http://[::1/x", "ASK {}"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and "is not a valid URL" in result.output
    result = runner.invoke(app, ["push", "http://127.0.0.1:99999/store", *where])
    assert result.exit_code == 2 and "the port is not a number" in result.output


def test_add_refuses_a_publication_date_after_today(tmp_path: Path) -> None:
    """Its draft was written (exit 0) and the next build failed on S164 (curated before it was
    published)."""
    import datetime as dt

    data = minimal_data(tmp_path)
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    result = runner.invoke(app, ["add", str(SEED_TEXT), "--published", tomorrow.isoformat(),
                                 "--data-dir", str(data)])
    assert result.exit_code == 2 and f"the publication date {tomorrow} is after today" in \
        result.output
    assert not [p for p in (data / "articles").iterdir()]
