"""The small things a new user meets (issue 11, item 8), each fixed: flags shown without a type,
format lists that say every choice, `export -o` into a missing folder, suffixes read both ways, a
`link` table that fits the terminal, `add` naming the next step, slugs that keep a word whole."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.extract.run import article_slug
from newskg.link.run import Link, links_table
from newskg.rdf.formats import RDF_FORMATS, file_format
from tests.conftest import DATA, SEED_SLUG

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def build_dir(built: tuple[object, Path]) -> str:
    return str(built[1])


def test_help_shows_no_type_after_flags() -> None:
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert "query" in commands and "export" in commands
    for command in commands:
        code, out, _ = run(command, "--help")
        assert code == 0 and "<bool>" not in out, command
    _, out, _ = run("query", "--help")
    assert "--list" in out and "<str>" in out  # options with values keep their type


def test_query_help_lists_every_construct_format() -> None:
    _, out, _ = run("query", "--help")
    flat = " ".join(out.replace("│", " ").split())
    for name in RDF_FORMATS:
        assert name in flat, name


def test_construct_as_trig_and_nquads(build_dir: str) -> None:
    sparql = "CONSTRUCT { ?s a nkg:Article } WHERE { ?s a nkg:Article }"
    for fmt in ("trig", "nquads"):
        code, out, err = run("query", "--build-dir", build_dir, "-f", fmt, sparql)
        assert code == 0 and SEED_SLUG in out, err


def test_export_format_error_lists_quickstatements(build_dir: str) -> None:
    code, out, err = run("export", "--build-dir", build_dir, "--format", "n3")
    assert code == 2 and out == ""
    assert "quickstatements" in err and "turtle" in err and err.count("\n") == 1


def test_export_into_a_missing_folder_is_an_error_naming_it(build_dir: str, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.ttl"
    code, _, err = run("export", "--build-dir", build_dir, "-o", str(target))
    assert code == 2 and str(target.parent) in err and "does not exist" in err
    assert not target.parent.exists()


@pytest.mark.parametrize("suffix", [".turtle", ".ttl", ".ntriples", ".nt", ".nquads", ".nq", ".trig",
                                    ".jsonld", ".json-ld", ".rdfxml", ".rdf"])
def test_what_export_writes_query_data_reads(build_dir: str, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"out{suffix}"
    code, _, err = run("export", "--build-dir", build_dir, "-o", str(target))
    assert code == 0, err
    assert file_format(target) == file_format(Path(f"x{suffix}"))  # the format the suffix names
    code, out, err = run("query", "--data", str(target),
                         f"ASK {{ article:{SEED_SLUG} a nkg:Article }}")
    assert (code, out) == (0, "true\n"), err


@pytest.mark.parametrize(("args", "said"), [
    (["-f", "trig", "-o", "g.ttl"], "the suffix '.ttl' names turtle, not trig"),
    (["-f", "quickstatements", "-o", "q.nt"], "the suffix '.nt' names ntriples, not quickstatements"),
    (["-o", "g.nq.gz"], "cannot tell the format from the suffix '.gz'"),
    (["-o", "g.json"], "cannot tell the format from the suffix '.json'"),
])
def test_export_refuses_a_file_name_that_contradicts_or_hides_its_format(
        build_dir: str, tmp_path: Path, args: list[str], said: str) -> None:
    """`-f trig -o g.ttl` wrote TriG into a .ttl that query --data then misread; `-o g.nq.gz`
    wrote plain Turtle. Nothing is written."""
    args = [str(tmp_path / a) if "." in a else a for a in args]
    code, _, err = run("export", "--build-dir", build_dir, *args)
    assert code == 2 and said in err and "--output" in err, err
    assert not list(tmp_path.iterdir())
    # an explicit format with a file name that names none, or the same format by an alias, is fine
    assert run("export", "--build-dir", build_dir, "-f", "turtle", "-o",
               str(tmp_path / "g.txt"))[0] == 0
    assert run("export", "--build-dir", build_dir, "-f", "ttl", "-o", str(tmp_path / "g.ttl"))[0] == 0


def test_an_unknown_suffix_names_the_ones_read(tmp_path: Path) -> None:
    code, _, err = run("query", "--data", str(tmp_path / "x.n3"), "ASK {}")
    assert code == 2 and ".turtle" in err and ".ttl" in err


def test_the_link_table_fits_the_width_it_is_given() -> None:
    links = {f"entity-{i}": Link(subject=f"entity-{i}", status="linked", source="person",
                                 why="a long reason " * 20, decided_at="2026-12-05T00:00:00Z",
                                 decided_by="test", id=f"Q{i}", label="A label " * 5, score=1.0)
             for i in range(3)}
    full = links_table(links)
    assert max(map(len, full.splitlines())) > 250
    fitted = links_table(links, 100)
    assert max(map(len, fitted.splitlines())) <= 100 and "…" in fitted
    assert [line.split(" | ")[0].strip() for line in fitted.splitlines()] == \
        [line.split(" | ")[0].strip() for line in full.splitlines()]


def test_add_prints_the_next_step(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    (data / "wikidata").mkdir()
    for name in ("entities.yaml", "instances.yaml", "wikidata/verified.tsv"):
        shutil.copy(DATA / name, data / name)
    text = DATA / "articles" / SEED_SLUG / "article.txt"
    code, out, err = run("add", str(text), "--published", "2023-09-20", "--data-dir", str(data))
    assert code == 0, err
    folder = Path(out.strip())
    assert (folder / "facts.yaml").is_file()
    assert f"next: newskg review {folder.name}" in err and "newskg build" in err


def test_an_apostrophe_keeps_its_word_whole_in_a_slug() -> None:
    day = dt.date(2024, 5, 1)
    assert article_slug(day, "Sudan's army retakes Khartoum") == \
        "2024-05-01-sudans-army-retakes-khartoum"
    assert article_slug(day, "Sudan’s army") == "2024-05-01-sudans-army"


def test_a_headline_without_latin_letters_gets_a_slug_of_its_own() -> None:
    """Two Cyrillic headlines of one day both made "2024-05-01", and the second article was
    refused as another text in an existing folder (an audit)."""
    day = dt.date(2024, 5, 1)
    first = article_slug(day, "Путин заявил о прекращении огня")
    second = article_slug(day, "Зеленский ответил")
    assert first.startswith("2024-05-01-h") and second.startswith("2024-05-01-h")
    assert first != second and first == article_slug(day, "Путин заявил о прекращении огня")


def test_version_is_the_installed_packages() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"newskg {version('newskg')}\n"
