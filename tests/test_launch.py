"""The `newskg` program's quick path for `newskg query` (newskg.launch): the same answers and
errors as the typer app, without loading it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.launch import quick_query, run_quick
from newskg.publish.build import BuildResult

QUERY = ("query", "--name", "ceasefire-mediators")


@pytest.mark.parametrize("argv", [
    ("query", "--help"), ("query", "--name", "x", "--endpoint", "http://h/sparql"),
    ("query", "-"), ("query", "ASK {}", "ASK {}"), ("query", "-n", "q", "ASK {}"),
    ("query", "--file", "q.rq", "ASK {}"), ("query",),  # standard input, or two queries
    ("query", "--name"), ("query", "--limit", "x", "-n", "q"),
    ("build",), ("--debug", "query", "--name", "x"), ("query", "--explain", "--name", "x"),
    # what the typer app refuses: an empty format, --project after the command (it goes before)
    ("query", "-n", "timeline", "-f", ""), ("query", "-n", "timeline", "--format="),
    ("query", "-n", "timeline", "--project", "p"),
    # what int() reads but the typer app refuses; an option with '=' and no value
    ("query", "ASK {}", "--limit", "²"), ("query", "ASK {}", "--limit", "٣"),
    ("query", "-n", "timeline", "--limit=", "1"), ("query", "-n", "timeline", "--drafts="),
    ("query", "--name=", "timeline"), ("query", "-n", "timeline", "--time=")])
def test_other_command_lines_go_to_the_typer_app(argv: tuple[str, ...]) -> None:
    assert quick_query(argv) is None


def test_the_options_it_reads() -> None:
    options = quick_query(("query", "-n", "timeline", "--param=from=2023-09-01", "-p", "to=x",
                           "--drafts", "--limit", "5", "--format", "csv", "--build-dir", "b"))
    assert options is not None
    assert (options.name, options.param, options.drafts, options.limit, options.fmt,
            options.build_dir) == ("timeline", ["from=2023-09-01", "to=x"], True, 5, "csv",
                                   Path("b"))


@pytest.mark.parametrize("argv", [
    ("SELECT ?s WHERE { ?s a nkg:Agreement } ORDER BY ?s",),
    ("SELECT ?s WHERE { ?s a nkg:Agreement } ORDER BY ?s", "-f", "csv", "--limit", "1"),
    ("ASK { ?s a nkg:Ceasefire }",), ("ASK { ?s a nkg:Nothing }",),  # exit 1 for false
    ("CONSTRUCT { ?s a nkg:Agreement } WHERE { ?s a nkg:Agreement }", "-f", "ntriples"),
    ("SELECT * WHERE { ?s foo:bar ?o }",), ("INSERT DATA { <a:b> <a:b> <a:b> }",),
    ("",), ("SELECT * WHERE { ?s ?p ?o }", "-f", "yaml"), ("--file", "QUERY_FILE"),
    ("--file", "MISSING_FILE"), ("SELECT * WHERE { ?s ?p ?o }", "--offset", "5", "--limit", "2")])
def test_a_query_text_or_file_is_answered_as_the_typer_app_answers_it(
        built: tuple[BuildResult, Path], argv: tuple[str, ...], tmp_path: Path,
        capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    """A query text went to the typer app (0.2-0.3 s before the first row); it takes the quick
    path now, with the same output, errors and exit codes."""
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s a nkg:Ceasefire }\n", encoding="utf-8")
    argv = tuple(str(query) if word == "QUERY_FILE" else str(tmp_path / "none.rq")
                 if word == "MISSING_FILE" else word for word in argv)
    line = ("query", *argv, "--build-dir", str(built[1]))
    options = quick_query(line)
    assert options is not None
    code = run_quick(options)
    quick = capfdbinary.readouterr()
    typer_app = CliRunner().invoke(app, list(line))
    if code is None:  # an error before the answer: the typer app says it
        assert typer_app.exit_code == 2 and typer_app.stderr.startswith("error: ")
        assert argv[0] in ("", "--file") or "-f" in argv
        return
    assert (code, quick.out, quick.err.decode()) == (
        typer_app.exit_code, typer_app.stdout_bytes, typer_app.stderr)


@pytest.mark.parametrize("extra", [(), ("--format", "csv", "--limit", "1"),
                                   ("--drafts", "--format", "json")])
def test_the_same_answer_as_the_typer_app(built: tuple[BuildResult, Path], extra: tuple[str, ...],
                                          capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    argv = (*QUERY, *extra, "--build-dir", str(built[1]))
    options = quick_query(argv)
    assert options is not None
    code = run_quick(options)
    quick = capfdbinary.readouterr().out
    typer_app = CliRunner().invoke(app, list(argv))
    assert code == typer_app.exit_code == 0
    assert quick == typer_app.stdout_bytes and b"mediator" in quick.lower()


def test_an_error_is_left_to_the_typer_app(tmp_path: Path) -> None:
    options = quick_query((*QUERY, "--build-dir", str(tmp_path / "nothing")))
    assert options is not None and run_quick(options) is None
    done = subprocess.run([sys.executable, "-m", "newskg", *QUERY, "--build-dir",
                           str(tmp_path / "nothing")], check=False, capture_output=True,
                          text=True, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error:")
    assert "Traceback" not in done.stderr


def test_the_quick_path_does_not_load_typer_rdflib_or_pyshacl(built: tuple[BuildResult, Path]
                                                              ) -> None:
    code = ("import sys, runpy; sys.argv = ['newskg', 'query', '--name', 'ceasefire-mediators', "
            f"'--build-dir', {str(built[1])!r}]\n"
            "try:\n    runpy.run_module('newskg', run_name='__main__')\n"
            "except SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print(sorted(m for m in ('typer', 'rdflib', 'pyshacl', 'yaml', 'pydantic') "
            "if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("tool", ["quick path", "typer app"])
def test_a_partitioned_named_query_is_read_by_partitions(
        built: tuple[BuildResult, Path], tool: str, monkeypatch: pytest.MonkeyPatch,
        capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    """Both ways into `newskg query` read a page of a partitioned query partition by partition
    (the quick path once ran it whole: direct-quotes' first page at 1M took 1.5 s, not 70 ms)."""
    from newskg.store import partitions

    calls = []
    real = partitions.partitioned_rows
    monkeypatch.setattr("newskg.store.paging.partitioned_rows",
                        lambda *args, **kw: calls.append(args[3]) or real(*args, **kw))
    argv = ("query", "--name", "direct-quotes", "--format", "tsv", "--build-dir", str(built[1]))
    if tool == "quick path":
        options = quick_query(argv)
        assert options is not None
        code, out = run_quick(options), capfdbinary.readouterr().out
    else:
        done = CliRunner().invoke(app, list(argv))
        code, out = done.exit_code, done.stdout_bytes
    assert code == 0 and out.count(b"\n") == 8  # the header and the seed's seven quotes
    assert [partition.variable for partition in calls] == ["article"]


def test_ctrl_c_on_the_quick_path_ends_as_the_typer_app_ends(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C during a query on the quick path printed a KeyboardInterrupt traceback; the typer
    app exits 130 without one."""
    from newskg import launch

    def interrupted(options: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(launch, "run_quick", interrupted)
    monkeypatch.setattr(sys, "argv", ["newskg", "query", "ASK { ?s ?p ?o }"])
    with pytest.raises(SystemExit) as ended:
        launch.main()
    assert ended.value.code == 130 and "Traceback" not in capsys.readouterr().err
