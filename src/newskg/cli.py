"""The `newskg` command: a thin typer layer over the library.

Each command parses options, calls one library function, renders the value it returns, and turns a
NewskgError into a one-line message on stderr and its exit code (see `newskg.errors`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from newskg.errors import NewskgError

app = typer.Typer(
    help="News articles to a validated, provenance-rich, queryable knowledge graph.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
STATE = {"debug": False}

DataDir = Annotated[Path, typer.Option("--data-dir", envvar="NEWSKG_DATA",
                                       help="Folder with entities.yaml and articles/.")]
BuildDir = Annotated[Path, typer.Option("--build-dir", envvar="NEWSKG_BUILD",
                                        help="Folder of the built outputs and store.")]


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Report a NewskgError as 'error: ...' on stderr and exit with its code (2 for bad input)."""
    try:
        yield
    except NewskgError as exc:
        if STATE["debug"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """newskg: news articles to a knowledge graph you can trust and query.

    Example: newskg build && newskg query --name ceasefire-mediators
    """
    STATE["debug"] = debug


@app.command()
def build(
    data_dir: DataDir = Path("data"), build_dir: BuildDir = Path("build"),
    allow_invalid: Annotated[bool, typer.Option(
        help="Publish even when the graph does not conform to the shapes.")] = False,
) -> None:
    """Build data/ into build/ (TriG, Turtle, the Oxigraph store), validating first.

    A graph that does not conform is not published (exit 1) unless --allow-invalid.

    Example: newskg build --build-dir build
    """
    from newskg.build import build as run_build
    from newskg.errors import NotConformingError
    from newskg.render import render_report

    started = time.perf_counter()
    with errors_to_exit():
        try:
            result = run_build(data_dir, build_dir, allow_invalid=allow_invalid)
        except NotConformingError as exc:
            typer.echo(render_report(exc.report, "table"), err=True, nl=False)  # type: ignore[arg-type]
            raise
    quads = len(result.dataset)
    status = "conforms" if result.report.conforms else "DOES NOT CONFORM (published anyway)"
    typer.echo(f"built {quads} triples in {time.perf_counter() - started:.2f}s; shapes: {status}",
               err=True)
    for path in result.outputs:
        typer.echo(str(path))


@app.command()
def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        help="RDF files to validate (default: the graph built from data/).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, turtle or json.")] = "table",
    data_dir: DataDir = Path("data"),
) -> None:
    """Check a graph against the SHACL shapes. Exit 0 conforms, 1 does not, 2 error.

    Example: newskg validate --format json
    """
    from newskg.render import render_report
    from newskg.validation_run import validate_files, validate_project

    with errors_to_exit():
        report = validate_files(files) if files else validate_project(data_dir)
        typer.echo(render_report(report, fmt), nl=False)
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(
        help="SPARQL text, or '-' to read it from stdin.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the query from FILE.")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="Run a named query.")] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="KEY=VALUE bound in a named query (repeatable).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the named queries.")] = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "table, csv, tsv, json or xml for SELECT/ASK; turtle, ntriples, nquads, jsonld or rdfxml "
        "for CONSTRUCT/DESCRIBE."))] = None,
    engine: Annotated[str, typer.Option(help="oxigraph (default) or rdflib.")] = "oxigraph",
    data: Annotated[list[Path] | None, typer.Option(
        "--data", help="Query these RDF files instead of the built store (repeatable).")] = None,
    timed: Annotated[bool, typer.Option("--time", help="Print the elapsed time on stderr.")] = False,
    build_dir: BuildDir = Path("build"),
) -> None:
    """Run SPARQL on the built store (or on --data files). ASK exits 0 for true, 1 for false.

    Example: newskg query --name statements-by-speaker --param speaker=ilham-aliyev
    """
    from newskg import query as q
    from newskg.render import render_result
    from newskg.store import open_store

    started = time.perf_counter()
    with errors_to_exit():
        if list_:
            for nq in q.list_queries():
                params = " ".join(f"{p.name}=<{p.kind}>" for p in nq.params)
                typer.echo(f"{nq.name:28} {nq.question}" + (f"  [{params}]" if params else ""))
            return
        if sparql == "-" or (sparql is None and file is None and name is None
                             and not sys.stdin.isatty()):
            sparql = sys.stdin.read()
        text, bindings = q.resolve_query(sparql, file, name, param or [])
        store = open_store(build_dir, engine=engine, data=data or [])
        result = store.query(text, bindings=bindings)
        output, code = render_result(result, fmt)
        typer.echo(output.encode("utf-8"), nl=False)  # bytes: keep CSV's CRLF on every platform
    if timed:
        typer.echo(f"time: {time.perf_counter() - started:.3f}s ({engine})", err=True)
    raise typer.Exit(code)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=(
        "turtle, trig, nquads, ntriples, jsonld or rdfxml."))] = "turtle",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to FILE (atomically) instead of stdout.")] = None,
    build_dir: BuildDir = Path("build"),
) -> None:
    """Export the built graph; the same input gives byte-identical output.

    Example: newskg export --format trig --output newskg.trig
    """
    from newskg.export import export_build

    with errors_to_exit():
        data = export_build(build_dir, fmt)
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            from newskg.export import atomic_write

            atomic_write(output, data)
            typer.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@app.command()
def stats(build_dir: BuildDir = Path("build")) -> None:
    """Counts by class, per article, and which entities are linked to Wikidata.

    Example: newskg stats
    """
    from newskg.render import render_stats
    from newskg.stats import graph_stats
    from newskg.store import open_store

    with errors_to_exit():
        typer.echo(render_stats(graph_stats(open_store(build_dir))), nl=False)


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(
        help="Gold annotations: NAME.json files (corpus shape) or NAME/facts.yaml article folders.")],
    pred: Annotated[Path | None, typer.Option(
        "--pred", help="Score these predictions (NAME.json files or NAME/facts.yaml folders).")] = None,
    extract: Annotated[Path | None, typer.Option(
        "--extract", help="Run extract on the articles here (NAME.txt or NAME/article.txt).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    explain: Annotated[bool, typer.Option(help="List every miss and every false hit.")] = False,
    fail_under: Annotated[float | None, typer.Option(
        help="Exit 1 when the micro-averaged F1 is below this.")] = None,
    data_dir: DataDir = Path("data"),
) -> None:
    """Precision, recall and F1 of extraction against gold, per kind and micro-averaged.

    Example: newskg eval data/articles --extract data/articles
    """
    from newskg.errors import UnknownFormatError
    from newskg.evaluation.report import FORMATS, render_eval
    from newskg.evaluation.run import run_eval

    with errors_to_exit():
        if fmt not in FORMATS:
            raise UnknownFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        report = run_eval(gold_dir, pred_dir=pred, articles_dir=extract, data_dir=data_dir)
        typer.echo(render_eval(report, fmt, explain=explain), nl=False)
    if fail_under is not None and report.micro().f1 < fail_under:
        typer.echo(f"micro-F1 {report.micro().f1:.3f} is below {fail_under}", err=True)
        raise typer.Exit(1)


def main() -> None:
    app()


_: Callable[[], None] = main
