"""The command line, driven through typer's CliRunner as a user would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    # stdout_bytes: click's .stdout turns CRLF into LF, and CSV results must keep CRLF
    return result.exit_code, result.stdout_bytes.decode(), result.stderr


@pytest.fixture(scope="module")
def build_dir(built: tuple[object, Path]) -> str:
    return str(built[1])


def test_select_as_table_csv_tsv_json_xml(build_dir: str) -> None:
    code, out, _ = run("query", "--build-dir", build_dir, "--name", "ceasefire-mediators")
    assert code == 0 and "Russian peacekeeping force" in out and out.rstrip().endswith("1 row")
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "ceasefire-mediators", "-f", "csv")
    assert out.splitlines()[0] == "agreement,label,mediator,mediatorName,date,status" \
        and "\r\n" in out
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "ceasefire-mediators", "-f", "tsv")
    assert out.startswith("?agreement\t?label\t?mediator")
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "ceasefire-mediators", "-f", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"][0] == "agreement" and len(doc["results"]["bindings"]) == 1
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "ceasefire-mediators", "-f", "xml")
    assert out.startswith("<?xml") and "sparql-results" in out


def test_query_from_argument_stdin_and_file(build_dir: str, tmp_path: Path) -> None:
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nkg:ReportedFigure }"
    assert run("query", "--build-dir", build_dir, "-f", "csv", sparql)[1] == "n\r\n5\r\n"
    assert run("query", "--build-dir", build_dir, "-f", "csv", "-", input=sparql)[1] == "n\r\n5\r\n"
    path = tmp_path / "q.rq"
    path.write_text(sparql)
    assert run("query", "--build-dir", build_dir, "-f", "csv", "--file", str(path))[1] == "n\r\n5\r\n"


def test_ask_sets_the_exit_code(build_dir: str) -> None:
    yes = "ASK { ?s nkg:mediator entity:russian-peacekeepers }"
    no = "ASK { ?s nkg:mediator entity:turkey }"
    assert run("query", "--build-dir", build_dir, yes)[:2] == (0, "true\n")
    assert run("query", "--build-dir", build_dir, no)[:2] == (1, "false\n")


def test_construct_gives_turtle_that_parses(build_dir: str) -> None:
    code, out, _ = run("query", "--build-dir", build_dir,
                       "CONSTRUCT { ?a nkg:party ?p } WHERE { ?a nkg:party ?p }")
    assert code == 0
    triples = list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == 2


def test_named_query_parameters_are_bound(build_dir: str) -> None:
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "statements-by-speaker",
                       "-p", "speaker=nikol-pashinyan", "-f", "json")
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert {r["speaker"]["value"] for r in rows} == {"https://w3id.org/newskg/id/entity/nikol-pashinyan"}
    assert {"Denied", "Expected", "Insisted"} <= {r["stance"]["value"].rsplit("#")[-1]
                                                  for r in rows}


def test_list_shows_every_named_query_with_its_question(build_dir: str) -> None:
    code, out, _ = run("query", "--list")
    assert code == 0 and len(out.splitlines()) >= 15
    assert "Who mediated each ceasefire" in out and "speaker=<nkg:Actor>" in out
    assert "topic=<iri>" in out  # no class declared: its kind
    assert "[instance=<instance> (optional)]" in out
    assert "[actor=<nkg:Actor> (default turkey)]" in out  # may be left out too: says what it means


def test_time_goes_to_stderr(build_dir: str) -> None:
    code, out, err = run("query", "--build-dir", build_dir, "--time", "ASK { ?s ?p ?o }")
    assert code == 0 and out == "true\n" and err.startswith("time: ")


@pytest.mark.parametrize(("args", "message"), [
    (["query", "SELECT * WHERE { ?s ?p }"], "SPARQL syntax error at line 1, column"),
    (["query", "SELECT * WHERE { ?s foo:bar ?o }"], "undeclared prefix"),
    (["query", "--file", "/nonexistent/q.rq"], "/nonexistent/q.rq: query file not found"),
    (["query", "-f", "yaml", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], "unknown result format 'yaml'"),
    (["query", "--name", "no-such-query"], "no named query 'no-such-query'"),
    (["query", "--name", "statements-by-speaker"], "--param speaker=VALUE on the command line"),
    (["query", "--name", "statements-by-speaker", "-p", "who=x"], "has no parameter 'who'"),
    (["query", "--name", "events-on-date", "-p", "date=20-09-2023"], "not a date YYYY-MM-DD"),
    (["query", "--name", "statements-by-speaker", "--param", "speaker", "nikol-pashinyan"],
     ("--param 'speaker' is not KEY=VALUE, and 'nikol-pashinyan' was read as a query text (write "
     "it in one word: --param speaker=nikol-pashinyan)")),
    (["query", "statements-by-speaker"], ("'statements-by-speaker' is a named query, not SPARQL "
     "(run it with --name statements-by-speaker)")),
    (["export", "--format", "docx"], "unknown format 'docx'"),
    (["export", "--format", ""], "--format: it is empty"),  # it wrote Turtle
    (["export", "--format", " ", "-o", "/tmp/never.ttl"], "--format: it is empty"),
])
def test_bad_input_is_one_clear_line_and_exit_2(build_dir: str, args: list[str],
                                                message: str) -> None:
    code, out, err = run(*args[:1], "--build-dir", build_dir, *args[1:])
    assert code == 2, err
    assert message in err and "Traceback" not in err and out == ""


@pytest.mark.parametrize("sparql", ["SELECT * WHERE { ?s foo:bar ?o }",
                                    "SELECT (COUNT(*) AS ?n) ?s WHERE { ?s ?p ?o }",
                                    "SELECT * WHERE { ?s ?p }", "ASK { ?s ?p ?o . FILTER( }"])
def test_both_engines_refuse_a_bad_query_in_the_same_words(build_dir: str, sparql: str) -> None:
    """rdflib named no line or column for an undeclared prefix and answered a SELECT with an
    aggregate beside an ungrouped variable, which SPARQL forbids: the reference parser is asked
    first on both engines."""
    answers = [run("query", "--build-dir", build_dir, "--engine", engine, sparql)
               for engine in ("oxigraph", "rdflib")]
    assert answers[0] == answers[1]
    code, out, err = answers[1]
    assert code == 2 and out == "" and err.startswith("error: SPARQL syntax error at line 1, ")


def test_rdflib_still_answers_what_the_reference_parser_takes(build_dir: str) -> None:
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s a nkg:Statement }"
    answers = [run("query", "--build-dir", build_dir, "--engine", engine, "-f", "csv", sparql)
               for engine in ("oxigraph", "rdflib")]
    assert answers[0] == answers[1] and answers[0][0] == 0 and int(answers[0][1].split()[1]) > 0


def test_a_folder_where_a_file_is_named_is_one_clear_line_and_exit_2(
        build_dir: str, tmp_path: Path) -> None:
    """A folder given as the query file or as the file to write: exit 2 naming it, nothing
    written (it was an internal error, exit 3, from the atomic rename)."""
    folder = tmp_path / "out.ttl"
    folder.mkdir()
    for args in (["query", "--file", str(folder)], ["export", "--output", str(folder)]):
        code, out, err = run(*args[:1], "--build-dir", build_dir, *args[1:])
        assert code == 2 and out == "" and "Traceback" not in err, err
        assert err.startswith(f"error: {folder}: is a folder"), err
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_a_query_with_a_byte_order_mark_is_read_without_it(build_dir: str,
                                                           tmp_path: Path) -> None:
    """Windows editors start UTF-8 files with a BOM; the query is read without it (it was a
    syntax error at the first keyword)."""
    query = tmp_path / "ask.rq"
    query.write_bytes("\ufeffASK { ?s a nkg:Statement }".encode())
    assert run("query", "--build-dir", build_dir, "--file", str(query))[:2] == (0, "true\n")
    assert run("query", "--build-dir", build_dir, "-",
               input="\ufeffASK { ?s a nkg:Statement }")[:2] == (0, "true\n")


def test_a_query_on_stdin_that_is_not_utf8_is_said_so(build_dir: str) -> None:
    """It ended in Python's "'utf-8' codec can't encode character '\\udcff' ... surrogates"."""
    result = runner.invoke(app, ["query", "--build-dir", build_dir, "-"],
                           input=b'SELECT * { ?s ?p "\xff" }')
    assert result.exit_code == 2
    assert "the query on standard input is not UTF-8 text (byte 18" in result.stderr
    assert "surrogate" not in result.stderr


@pytest.mark.parametrize("value", ["nkg:foo>", "http://a/b>", "<http://a/b>>", "<<http://a/b>",
                                   "a\tb", "x\x01", "ex{}", "http://a/%zz"])
def test_an_iri_parameter_that_cannot_be_an_iri_is_one_line_exit_2(build_dir: str,
                                                                   value: str) -> None:
    code, out, err = run("query", "--build-dir", build_dir, "--name", "statements-by-speaker",
                         "-p", f"speaker={value}")
    assert code == 2 and out == ""
    assert err.startswith("error: speaker: ") and "IRI" in err and err.count("\n") == 1, err


def newskg_query(build_dir: str, sparql: str) -> subprocess.CompletedProcess[str]:
    """`newskg query` as its own process: a stack overflow in the parser would end it, not pytest."""
    return subprocess.run([str(Path(sys.executable).with_name("newskg")), "query", "--build-dir",
                           build_dir, "-f", "csv", sparql],
                          check=False, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE " + "{" * 10_000 + "}" * 10_000,
    "SELECT * WHERE { " + "MINUS{}" * 15_000 + " }",
])
def test_a_query_too_deep_for_the_parser_is_refused_in_one_line(build_dir: str,
                                                                sparql: str) -> None:
    ran = newskg_query(build_dir, sparql)
    assert ran.returncode == 2, ran
    assert ran.stderr.startswith("error: the query ") and ran.stderr.count("\n") == 1
    assert "stack" in ran.stderr and ran.stdout == ""


def test_a_query_at_the_bounds_runs_on_the_query_stack(build_dir: str) -> None:
    """9,990 MINUS in a row: within the bounds, and too deep for the main thread's 8 MiB stack."""
    ran = newskg_query(build_dir, "SELECT (1 AS ?one) WHERE { " + "MINUS{}" * 9_990 + " }")
    assert ran.returncode == 0, ran
    assert ran.stdout.splitlines() == ["one", "1"]


def test_missing_store_says_to_build(tmp_path: Path) -> None:
    code, _, err = run("query", "--build-dir", str(tmp_path), "ASK { ?s ?p ?o }")
    assert code == 2 and "run 'newskg build' first" in err


def test_query_data_files_instead_of_the_store(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text("<http://ex/a> <http://ex/p> 1 .\n")
    for engine in ("oxigraph", "rdflib"):
        code, out, _ = run("query", "--engine", engine, "--data", str(path), "-f", "csv",
                           "SELECT ?o WHERE { ?s ?p ?o }")
        assert (code, out) == (0, "o\r\n1\r\n")
    path.write_text("<http://ex/a> <http://ex/p> .\n")
    code, _, err = run("query", "--data", str(path), "ASK { ?s ?p ?o }")
    assert code == 2 and str(path) in err


def test_every_dataset_export_read_back_keeps_its_named_graphs(build_dir: str,
                                                              tmp_path: Path) -> None:
    """JSON-LD is a dataset format as TriG and N-Quads are: `query --data` keeps its graphs (it
    put the whole file into one graph named after it)."""
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    counts = {}
    for suffix in ("trig", "nq", "jsonld"):
        out = tmp_path / f"x.{suffix}"
        assert run("export", "--build-dir", build_dir, "-o", str(out))[0] == 0
        code, answer, err = run("query", "--data", str(out), "-f", "csv", graphs)
        assert code == 0, err
        counts[suffix] = int(answer.split()[1])
    assert counts["jsonld"] == counts["trig"] == counts["nq"] > 1


def test_export_formats_are_deterministic(build_dir: str, tmp_path: Path) -> None:
    for fmt in ("turtle", "trig", "nquads", "ntriples", "jsonld"):
        first = run("export", "--build-dir", build_dir, "--format", fmt)[1]
        assert first and first == run("export", "--build-dir", build_dir, "--format", fmt)[1]
    out = tmp_path / "x.trig"
    code, _, err = run("export", "--build-dir", build_dir, "-f", "trig", "-o", str(out))
    assert code == 0 and out.is_file() and f"wrote {out}" in err


def test_stats_counts_classes_articles_and_links(build_dir: str) -> None:
    code, out, _ = run("stats", "--build-dir", build_dir)
    assert code == 0
    linked = int(out.split("Entities linked to Wikidata: ")[1].split()[0])
    assert "nkg:ReportedFigure" in out and linked >= 14
    assert "Vladimir Putin  http://www.wikidata.org/entity/Q7747" in out
    assert "Ilham Aliyev" in out.split("Entities not linked")[1]


def test_validate_conforms_and_reports_as_json(tmp_path: Path) -> None:
    code, out, _ = run("validate")
    # warnings and infos are listed, and the graph conforms all the same
    assert code == 0 and out.startswith("conforms: ") and "[Violation]" not in out
    assert "[Warning] S129-figure-reporter" in out and "[Info] S138-instance-single-source" in out
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix nkg: <https://w3id.org/newskg/ontology#> .\n"
                   "<http://ex/f> a nkg:ReportedFigure .\n")
    code, out, _ = run("validate", str(bad), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False and report["violations"]
    assert all(v["focus"] == "http://ex/f" for v in report["violations"])


def test_help_of_every_command_has_an_example() -> None:
    for command in ("build", "validate", "query", "export", "stats"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "Example:" in out, command


def test_an_empty_query_is_refused(build_dir: str) -> None:
    code, out, err = run("query", "--build-dir", build_dir, "-", input="   \n")
    assert (code, out) == (2, "") and "the query is empty" in err


def test_a_named_query_loads_neither_rdflib_nor_pyshacl(build_dir: str) -> None:
    """The cold-start budget of `newskg query`: heavy libraries stay out of its path."""
    import subprocess
    import sys

    script = ("import sys\nfrom newskg.cli import app\n"
              f"sys.argv = ['newskg', 'query', '--build-dir', {build_dir!r}, '-n', 'timeline']\n"
              "try:\n    app()\nexcept SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
              "print(sorted(m for m in ('rdflib', 'pyshacl', 'yaml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- issue 10, row 21: --debug shows more, never changes the exit code ------------------------------

@pytest.mark.parametrize("args", [["build", "--data-dir", "no-such-data"],
                                  ["query", "--build-dir", "no-such-build", "ASK {}"],
                                  ["query", "--name", "no-such-query"]])
def test_debug_keeps_the_exit_code_and_adds_the_traceback(args: list[str]) -> None:
    code, _, stderr = run(*args)
    debug_code, _, debug_stderr = run("--debug", *args)
    assert code == debug_code == 2
    assert "Traceback" not in stderr and "Traceback" in debug_stderr
    assert stderr.strip().splitlines()[-1] == debug_stderr.strip().splitlines()[-1]


def test_debug_keeps_the_exit_code_of_the_installed_command(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "newskg", "--debug", "build", "--data-dir",
                           str(tmp_path / "missing"), "--build-dir", str(tmp_path / "build")],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "Traceback" in done.stderr and "data folder not found" in done.stderr


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_is_one_line_and_exit_3_with_or_without_debug(
        debug: bool, build_dir: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """An unexpected exception (not a NewskgError) reaches the user as one line, not a traceback;
    --debug adds the traceback and keeps the exit code."""
    from newskg import cli
    from newskg.store import render

    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(render, "render_stats", broken)
    monkeypatch.setattr(sys, "argv", ["newskg", *(["--debug"] if debug else []), "stats",
                                      "--build-dir", build_dir])
    monkeypatch.setitem(cli.STATE, "debug", False)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    err = capsys.readouterr().err
    assert exited.value.code == cli.INTERNAL_ERROR == 3
    assert "internal error: KeyError: 'boom'" in err and "report it" in err
    assert ("Traceback" in err) is debug
    assert ("rerun with --debug" in err) is not debug  # with --debug, the traceback is there


# -- the machine refuses a file operation: exit 2 naming the path and what to do, not "a bug" ----

def newskg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newskg", *args], capture_output=True, text=True,
                          check=False, timeout=300)


def test_a_file_where_a_folder_is_needed_is_exit_2_naming_it(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x\n")
    for args in (["build", "--build-dir", str(a_file)], ["init", str(a_file)]):
        done = newskg(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith("error: ") and str(a_file) in done.stderr, done.stderr
        assert "bug" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("error", "words"), [
    (PermissionError(13, "Permission denied", "/somewhere/x.ttl"), "permissions"),
    (OSError(28, "No space left on device"), "disk is full"),
    (OSError(30, "Read-only file system", "/ro/x.ttl"), "read-only"),
])
def test_the_environments_refusals_are_exit_2_with_what_to_do(
        built: tuple[object, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        error: OSError, words: str) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr("newskg.publish.export.atomic_write", refuse)
    result = runner.invoke(app, ["export", "--build-dir", str(built[1]), "--output",
                                 str(tmp_path / "x.ttl")])
    assert result.exit_code == 2, result.output
    assert words in result.output and "bug" not in result.output
    if error.filename:
        assert error.filename in result.output


def test_an_unexpected_os_error_is_still_a_bug_to_report(
        built: tuple[object, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(5, "Input/output error")  # EIO: not one of the environment's refusals

    monkeypatch.setattr("newskg.publish.export.atomic_write", broken)
    result = runner.invoke(app, ["export", "--build-dir", str(built[1]), "--output",
                                 str(tmp_path / "x.ttl")])
    assert result.exit_code != 2 and isinstance(result.exception, OSError)


def test_a_folder_that_is_no_store_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    for args in (["query", "ASK {}"], ["query", "--name", "direct-quotes"]):
        done = newskg(*args, "--build-dir", str(tmp_path))
        assert done.returncode == 2, done.stderr
        assert "not a store newskg can open" in done.stderr and "newskg build" in done.stderr


def test_a_damaged_store_is_exit_2_for_every_command_that_opens_it(tmp_path: Path) -> None:
    """A store RocksDB calls corrupted (its CURRENT file overwritten) is the user's to build again,
    not a bug: exit 2 naming it, also for `serve`, which says so before it listens."""
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "CURRENT").write_text("junk\n")
    for args in (["query", "ASK {}"], ["stats"], ["serve", "--port", "0"]):
        done = newskg(*args, "--build-dir", str(tmp_path))
        assert done.returncode == 2, (args, done.stderr)
        assert "not a store newskg can open" in done.stderr and "Corruption" in done.stderr
        assert "Traceback" not in done.stderr and "http://" not in done.stderr


def test_only_query_offers_rdf_files_instead_of_a_build(tmp_path: Path) -> None:
    query = newskg("query", "ASK {}", "--build-dir", str(tmp_path))
    stats = newskg("stats", "--build-dir", str(tmp_path))
    assert query.returncode == stats.returncode == 2
    assert "--data FILE" in query.stderr and "--data" not in stats.stderr


def test_debug_is_read_after_the_command_too_and_keeps_the_exit_code(tmp_path: Path) -> None:
    plain = newskg("query", "ASK {}", "--build-dir", str(tmp_path))
    after = newskg("query", "ASK {}", "--build-dir", str(tmp_path), "--debug")
    assert plain.returncode == after.returncode == 2
    assert "Traceback" not in plain.stderr and "Traceback" in after.stderr
    assert "No such option" not in after.stderr


def test_a_file_given_as_the_data_folder_is_named_as_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "README.md"
    a_file.write_text("# not data\n")
    done = newskg("build", "--data-dir", str(a_file), "--build-dir", str(tmp_path / "b"))
    assert done.returncode == 2 and "is a file, not a data folder" in done.stderr


def test_single_file_outputs_need_their_folder_and_a_folder_of_articles_needs_o(
        built: tuple[object, Path], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "x.svg"
    result = runner.invoke(app, ["plot", "timeline", "--build-dir", str(built[1]), "-o",
                                 str(missing)])
    assert result.exit_code == 2 and "mkdir -p" in result.output
    assert not missing.parent.exists()
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Headline\n\nThe army said on Monday it had left.\n")
    result = runner.invoke(app, ["extract", str(articles)])
    assert result.exit_code == 2 and "-o OUT_DIR" in result.output
    assert list(Path.cwd().glob("a.yaml")) == []


@pytest.mark.parametrize("update", ["PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }",
                                    "LOAD <http://example.org/x.ttl>", "clear all"])
def test_an_update_given_as_a_query_is_refused_as_one(built: tuple[object, Path],
                                                      update: str) -> None:
    result = runner.invoke(app, ["query", update, "--build-dir", str(built[1])])
    assert result.exit_code == 2 and "read-only" in result.output
    assert "syntax error" not in result.output


@pytest.mark.parametrize("query", [["ASK { ?s ?p ?o }"], ["SELECT * { ?s ?p ?o } LIMIT 1"],
                                   ["--name", "timeline"]])
def test_an_empty_format_is_refused_on_every_answer(build_dir: str, query: list[str]) -> None:
    """`-f ''` fell back to the default on a SELECT and a CONSTRUCT, and was exit 2 on an ASK."""
    code, out, err = run("query", "--build-dir", build_dir, *query, "-f", "")
    assert code == 2 and out == "" and "--format: it is empty" in err



@pytest.mark.parametrize("command", [c.name or c.callback.__name__  # type: ignore[union-attr]
                                     for c in app.registered_commands])
def test_a_commands_help_wraps_its_paragraphs_at_the_terminal_width(
        command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """typer keeps a docstring's single line breaks: at 80 columns `query --help` broke 'says
    on' / 'stderr' mid-sentence. A paragraph's lines are full up to its last."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(command, "--help")
    assert code == 0
    text = out.split("╭")[0].splitlines()[3:]  # the description, below the usage line
    for line, following in pairwise(text):
        if line.strip() and following.strip():  # a line inside a paragraph
            assert len(line.rstrip()) + 1 + len(following.split()[0]) > 78, (line, following)
