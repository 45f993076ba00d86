"""The `newskg` command: a thin typer layer over the library.

Each command parses options, calls one library function, renders the value it returns, and turns a
NewskgError into a one-line message on stderr and its exit code (see `newskg.errors`).
"""

from __future__ import annotations

import inspect
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from newskg.errors import NewskgError, StoreMissingError
from newskg.process import environment_exit, named_stdout, tolerant_stderr
from newskg.store.shape import MAX_DEPTH, MAX_DEPTH_LIMIT


class _Commands(typer.core.TyperGroup):
    """newskg's commands: ``--debug`` read wherever it stands; one whose output's reader went
    away (``| head``) ends quietly, exit 0
    (click alone would exit 1, which means "does not conform" here); one the machine refused a
    file operation (a folder that cannot be written, a full disk) exits 2 naming the path
    (`newskg.process.environment_exit`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """``--debug`` is the program's option, and is taken wherever it stands before a ``--``
        (``newskg build --debug`` as well as ``newskg --debug build``)."""
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[1:end]:
            args = ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            code = environment_exit(exc, debug=STATE["debug"])
            if code is None:
                raise
            raise typer.Exit(code) from None


app = typer.Typer(
    help="News articles to a validated, provenance-rich, queryable knowledge graph.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]}, cls=_Commands,
)
STATE = {"debug": False}


# typer 0.29 prints a type after every option in --help, flags too (`--list <bool>`), although a
# flag takes no value: show none for them.
_option_type = typer.core.TyperOption.display_type_rich


def _flag_shows_no_type(option: typer.core.TyperOption, ctx: typer.Context) -> str | None:
    return None if option.is_flag else _option_type(option, ctx)


setattr(typer.core.TyperOption, "display_type_rich", _flag_shows_no_type)  # noqa: B010

PROJECT = {"found": False}
DEFAULTS_USED: list[Path] = []
"""Whether a project was found, and the default folders a command used (see _no_project_error)."""


def _note_default(ctx: typer.Context, param: typer.CallbackParam, value: Path) -> Path:
    source = ctx.get_parameter_source(param.name or "")
    if source is not None and source.name == "DEFAULT":  # no project: data/ and build/ of the cwd
        DEFAULTS_USED.append(Path(value))
    return value


ShaclEngine = Annotated[str, typer.Option("--shacl-engine", help=(
    "pyshacl (default) or turbo: pyshacl-turbo, the Rust engine with pySHACL's API, measured "
    "to give the same results (pip install 'newskg\\[turbo]')."))]
DataDir = Annotated[Path, typer.Option("--data-dir", envvar="NEWSKG_DATA", callback=_note_default,
                                       help="Folder with entities.yaml and articles/ "
                                       "(default: the project's data/).")]
BuildDir = Annotated[Path, typer.Option("--build-dir", envvar="NEWSKG_BUILD", callback=_note_default,
                                        help="Folder of the built outputs and store "
                                        "(default: the project's build/).")]
Deadline = Annotated[float | None, typer.Option("--deadline", metavar="SECONDS", min=0.001, help=(
    "Give up on a request to the server after this many seconds in all (connect, send, answer)."))]
MaxAnswer = Annotated[int | None, typer.Option("--max-answer", metavar="MIB", min=1, help=(
    "Refuse an answer larger than this many MiB (read in chunks, dropped at the cap)."))]
FollowSymlinks = Annotated[bool, typer.Option(
    "--follow-symlinks", help="Read files and article folders that are symbolic links to places "
    "outside the data folder (refused by default).")]


@contextmanager
def errors_to_exit() -> Iterator[None]:
    """Report a NewskgError as 'error: ...' on stderr and exit with its code (2 for bad input)."""
    try:
        yield
    except NewskgError as exc:
        if STATE["debug"]:  # the traceback too, but the same exit code: --debug only shows more
            traceback.print_exc(file=sys.stderr)
        typer.echo(f"error: {_no_project_error(exc) or exc}", err=True)
        raise typer.Exit(exc.exit_code) from None


@app.callback()
def main_options(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=lambda shown: _print_version() if shown else None,
        help="Print newskg's version and exit.")] = False,
    project: Annotated[Path | None, typer.Option(
        "--project", envvar="NEWSKG_PROJECT", metavar="DIR", help=(
            "The project folder (holding newskg.toml). Default: the nearest one at or above the "
            "current folder, as git finds its repository."))] = None,
) -> None:
    """newskg: news articles to a knowledge graph you can trust and query.

    A command works on its project: the folder holding newskg.toml (made by newskg init), found
    from the current folder upwards, or given with --project DIR. Its data/ and build/ are the
    defaults of --data-dir and --build-dir.

    Example: newskg build && newskg query --name ceasefire-mediators
    """
    STATE["debug"] = debug
    with errors_to_exit():
        _use_project(ctx, project)


def _print_version() -> None:
    """`newskg --version`: the installed package's version (pyproject.toml holds it)."""
    from importlib.metadata import version

    typer.echo(f"newskg {version('newskg')}")
    raise typer.Exit(0)


def _use_project(ctx: typer.Context, folder: Path | None) -> None:
    """Find the project; make its data/ and build/ the defaults and its IRI base the process's."""
    import os

    from newskg.project.home import apply_iri_base, open_project

    if ctx.invoked_subcommand == "init":
        return
    home = open_project(folder, cwd=Path.cwd())
    PROJECT["found"] = home is not None
    DEFAULTS_USED.clear()
    if home is None:
        return
    apply_iri_base(home)

    def shown(path: Path) -> Path:  # build/ as before at the project's root, absolute elsewhere
        return Path(os.path.relpath(path)) if path.parent == Path.cwd().resolve() else path

    defaults = {"data_dir": shown(home.data_dir), "build_dir": shown(home.build_dir)}
    commands = getattr(ctx.command, "commands", {})  # the default_map: below the options and env
    ctx.default_map = {name: defaults for name in commands}


def _not_empty(fmt: str | None, formats: str) -> None:
    """An empty --format ('') is refused: it fell back to the default format (or, with an
    --output suffix to compare, made a message with blanks where its name goes)."""
    from newskg.errors import InputError

    if fmt is not None and not fmt.strip():
        raise InputError("it is empty", field="--format",
                         hint=f"leave it out for the default, or name one: {formats}")


def _drafting_against(data_dir: Path) -> None:
    """Drafts are resolved against the entities and instances of ``data_dir``: a folder given
    (--data-dir, NEWSKG_DATA) without entities.yaml is a mistake (exit 2), since its drafts would
    propose every known name as new; the default data/ missing outside a project is noted."""
    from newskg.errors import InputError

    if (data_dir / "entities.yaml").is_file():
        return
    if data_dir in DEFAULTS_USED:
        typer.echo(f"note: no project here and no {data_dir}/entities.yaml: drafts are resolved "
                   "against no entities or instances; give --data-dir DIR, or run inside a "
                   "project", err=True)
        return
    raise InputError("not a data folder (no entities.yaml in it)", path=data_dir, field="--data-dir",
                     hint="give the project's data folder (it holds entities.yaml and articles/)")


def _no_project_error(exc: NewskgError) -> str | None:
    """Outside any project, a missing default data/ or build/ is reported as what it is."""
    from newskg.errors import InputError
    from newskg.project.home import no_project_message

    if PROJECT["found"]:
        return None
    for default in DEFAULTS_USED:
        if default.exists():
            continue
        if (isinstance(exc, StoreMissingError) and default.name == "build") or (
                isinstance(exc, InputError) and exc.path is not None
                and default in (exc.path, *exc.path.parents)):
            return no_project_message(Path.cwd())
    return None


@app.command()
def build(
    data_dir: DataDir = Path("data"), build_dir: BuildDir = Path("build"),
    allow_invalid: Annotated[bool, typer.Option(
        help="Publish even when the graph does not conform to the shapes.")] = False,
    follow_symlinks: FollowSymlinks = False,
    shacl_engine: ShaclEngine = "pyshacl",
    to_nquads: Annotated[Path | None, typer.Option("--to-nquads", help=(
        "Only make the graphs: write each article's named graph to DIR/<slug>.nq (the others "
        "to DIR/_shared.nq), on --jobs processes or a Dask cluster; no validation, nothing "
        "published."), metavar="DIR")] = None,
    from_nquads: Annotated[Path | None, typer.Option("--from-nquads", help=(
        "Build from the N-Quads files of DIR (written by --to-nquads) instead of data/: "
        "validated per named graph and published as usual."), metavar="DIR")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help=(
        "Processes making the article graphs, with --to-nquads."))] = 1,
    engine: Annotated[str, typer.Option("--engine", help=(
        "With --to-nquads: local (--jobs processes here) or dask: the workers of a Dask "
        "cluster (--scheduler) write the article graphs."))] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=(
        "The Dask scheduler's address for --engine dask (tcp://HOST:8786); its workers must "
        "see data/ and DIR at the same paths."))] = None,
    full: Annotated[bool, typer.Option(
        "--full", help="Read and build every article, not only those changed since the "
        "published build (the result is the same).")] = False,
) -> None:
    """Build data/ into build/ (TriG, Turtle, the Oxigraph store), validating first.

    A graph with SHACL violations is not published (exit 1) unless --allow-invalid; warnings are
    printed and do not stop the build; infos are only counted (newskg validate lists them). Input files
    over 10 MB are refused (NEWSKG_MAX_INPUT_MB=N raises the limit).

    Publication is atomic: readers see the previous build or the new one (build/current).

    Past one machine (docs/scale.md): --to-nquads DIR makes the graphs on a cluster's workers,
    --from-nquads DIR validates and publishes them.

    Example: newskg build --build-dir build

    Example (a cluster): newskg build --to-nquads graphs/ --engine dask --scheduler tcp://HOST:8786
    """
    from newskg.errors import NotConformingError
    from newskg.publish.build import build as run_build
    from newskg.publish.build import build_from_nquads
    from newskg.publish.result import project_publisher
    from newskg.store.render import render_report
    from newskg.validation.summary import BUILD_MOST_WARNINGS, BUILD_SHOWN

    started = time.perf_counter()
    with errors_to_exit():
        if to_nquads is not None:
            if from_nquads is not None:
                raise NewskgError("--to-nquads and --from-nquads: choose one")
            from newskg.publish.nquads import write_nquads

            made = write_nquads(data_dir, to_nquads, jobs=jobs, engine=engine,
                                scheduler=scheduler, follow_symlinks=follow_symlinks)
            typer.echo(f"wrote {made.triples} triples in {len(made.files)} N-Quads files into "
                       f"{to_nquads} in {time.perf_counter() - started:.2f}s", err=True)
            return
        if engine != "local" or scheduler or jobs != 1:
            raise NewskgError("--jobs, --engine and --scheduler apply to --to-nquads")
        try:
            result = (build_from_nquads(from_nquads, build_dir, allow_invalid=allow_invalid,
                                        shacl_engine=shacl_engine,
                                        publisher=project_publisher(data_dir))
                      if from_nquads is not None
                      else run_build(data_dir, build_dir, allow_invalid=allow_invalid,
                                     follow_symlinks=follow_symlinks, shacl_engine=shacl_engine,
                                     reuse=not full))
        except NotConformingError as exc:
            typer.echo(render_report(exc.report, "table", BUILD_SHOWN,  # type: ignore[arg-type]
                                     BUILD_MOST_WARNINGS), err=True, nl=False)
            raise
    quads = result.triples
    status = "conforms" if result.report.conforms else "DOES NOT CONFORM (published anyway)"
    typer.echo(f"built {quads} triples in {time.perf_counter() - started:.2f}s; shapes: {status}",
               err=True)
    if result.report.summary(BUILD_SHOWN, BUILD_MOST_WARNINGS).counts:  # warnings and infos
        # (and, with --allow-invalid, violations); a release's own report: its summary, kept
        typer.echo(render_report(result.report, "table", BUILD_SHOWN, BUILD_MOST_WARNINGS),
                   err=True, nl=False)
    for path in result.outputs:
        typer.echo(str(path))


@app.command()
def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        help="RDF files to validate (default: the graph built from data/).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, turtle or json.")] = "table",
    data_dir: DataDir = Path("data"), follow_symlinks: FollowSymlinks = False,
    shacl_engine: ShaclEngine = "pyshacl",
) -> None:
    """Check a graph against the SHACL shapes. Exit 0 conforms, 1 does not, 2 error.

    A graph conforms when it has no violations; warnings and infos are listed but do not count.

    Example: newskg validate --format json
    """
    from newskg.store.render import render_report
    from newskg.validation.run import validate_files, validate_project

    with errors_to_exit():
        from newskg.validation.shacl import use_shacl_engine

        use_shacl_engine(shacl_engine)
        report = (validate_files(files) if files
                  else validate_project(data_dir, follow_symlinks=follow_symlinks))
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
    drafts: Annotated[bool, typer.Option("--drafts", help=(
        "A named query answers from unreviewed and draft reports too (default: reviewed "
        "only); see its status column."))] = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "table, csv, tsv, json or xml for SELECT/ASK; turtle, trig, nquads, ntriples, jsonld or "
        "rdfxml for CONSTRUCT/DESCRIBE."))] = None,
    engine: Annotated[str, typer.Option(help="oxigraph (default) or rdflib.")] = "oxigraph",
    data: Annotated[list[Path] | None, typer.Option(
        "--data", help="Query these RDF files instead of the built store (repeatable).")] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Query this SPARQL endpoint URL (SPARQL 1.1 Protocol) instead.")] = None,
    timed: Annotated[bool, typer.Option("--time", help="Print the elapsed time on stderr.")] = False,
    limit: Annotated[int | None, typer.Option("--limit", help=(
        "Rows a page (0: every row). Named queries that can answer thousands of rows have a "
        "default page (see --list); other queries answer every row."))] = None,
    offset: Annotated[int | None, typer.Option("--offset", help=(
        "Skip this many rows first (the next page: --offset of the rows seen)."))] = None,
    explain: Annotated[bool, typer.Option("--explain", help=(
        "Print Oxigraph's plan for the query (with evaluation statistics) instead of the "
        "answer."))] = False,
    deadline: Deadline = None, max_answer: MaxAnswer = None,
    build_dir: BuildDir = Path("build"),
) -> None:
    """Run SPARQL on the built store (or on --data files). ASK exits 0 for true, 1 for false.

    Answers come in pages: --limit N --offset M; a named query with a default page says on
    stderr which rows it printed and how to get the next page. CSV, TSV and JSON answers are
    written as the rows come from the store.

    With --endpoint, each request to the server has an overall deadline of 60 s (--deadline) and
    its answer a cap of 256 MiB (--max-answer); either one hit is an error naming it (exit 2).

    Example: newskg query --name statements-by-speaker --param speaker=ilham-aliyev --limit 20
    """
    from newskg.errors import InputError
    from newskg.store import named as q
    from newskg.store.engines import Store, open_store
    from newskg.store.paging import Page, run_paged

    started = time.perf_counter()
    with errors_to_exit():
        _not_empty(fmt, "table, csv, tsv, json, xml, turtle, ntriples ...")
        if list_:
            given = [option for option, value in (
                ("a query", sparql is not None or file is not None), ("--name", name is not None),
                ("--param", bool(param)), ("--format", fmt is not None),
                ("--limit", limit is not None), ("--offset", offset is not None),
                ("--drafts", drafts), ("--explain", explain), ("--data", bool(data)),
                ("--endpoint", endpoint is not None), ("--engine", engine != "oxigraph"))
                if value]
            if given:
                raise NewskgError(f"--list lists the named queries as text: it takes no "
                                  f"{', '.join(given)}; give it alone, or leave it out to run a "
                                  "query (newskg query --name NAME)")
            for nq in q.list_queries():
                params = " ".join(f"{p.name}=<{p.shown}>" + (
                    " (optional)" if p.optional else
                    f" (default {p.default})" if p.default is not None else "")
                    for p in nq.params)
                typer.echo(f"{nq.name:28} {nq.question}" + (f"  [{params}]" if params else "")
                           + (f"  ({nq.page} rows a page)" if nq.page else ""))
            return
        if sparql == "-" or (sparql is None and file is None and name is None
                             and not sys.stdin.isatty()):
            try:  # bytes: a text stream would hand on undecodable bytes as surrogates
                sparql = sys.stdin.buffer.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"the query on standard input is not UTF-8 text (byte "
                                 f"{exc.start}: {exc.object[exc.start:exc.start + 1]!r})",
                                 hint="convert it to UTF-8, e.g. iconv -t UTF-8") from None
        text, bindings = q.resolve_query(sparql, file, name, param or [], drafts=drafts)
        page = Page.given(limit, offset, q.get_query(name).page if name else None)
        if explain:
            from newskg.store.explain import explain_query

            if endpoint is not None or data or engine != "oxigraph":
                raise NewskgError("--explain shows the plan of the built Oxigraph store; leave "
                                  "out --endpoint, --data and --engine")
            if fmt is not None:
                raise InputError("--explain prints the plan as text: it takes no --format")
            from newskg.store.paging import paged_text

            # the page's own query when the page goes into its text (LIMIT/OFFSET after ORDER BY)
            typer.echo(explain_query(build_dir, paged_text(text, page, probe=False) or text,
                                     bindings), nl=False)
            return
        if endpoint is not None:
            from newskg.remote.bounds import HttpLimits
            from newskg.store.remote_query import open_endpoint

            store: Store = open_endpoint(endpoint, data=data or [],
                                         limits=HttpLimits.given(deadline, max_answer))
        else:
            if deadline is not None or max_answer is not None:
                raise NewskgError("--deadline and --max-answer bound the requests to --endpoint; "
                                 "without --endpoint there is no server to bound")
            try:
                store = open_store(build_dir, engine=engine, data=data or [])
            except StoreMissingError as exc:
                raise StoreMissingError(f"{exc} (newskg query can also read RDF files: "
                                        "--data FILE)") from None
        if name is not None:  # values the store does not know: read as names, or exit 2
            from newskg.store.values import check_named_values

            bindings, notes = check_named_values(store, name, param or [], bindings)
            for note in notes:
                typer.echo(f"note: {note}", err=True)
        # bytes: keep CSV's CRLF on every platform; rows are written as they come
        code, shown = run_paged(store, text, bindings, page, fmt, sys.stdout.buffer.write,
                                partition=q.get_query(name).partition if name else None)
        sys.stdout.flush()
        page_note = shown.note()
        if page_note:
            typer.echo(page_note, err=True)
    if timed:
        typer.echo(f"time: {time.perf_counter() - started:.3f}s ({endpoint or engine})", err=True)
    raise typer.Exit(code)


@app.command()
def push(
    url: Annotated[str, typer.Argument(help=(
        "Graph Store Protocol URL of the dataset (Oxigraph: http://HOST:7878/store, "
        "Fuseki: http://HOST:3030/DATASET/data)."))],
    prune: Annotated[str | None, typer.Option("--prune", metavar="QUERY_URL", help=(
        "Also delete the server's newskg graphs that the build no longer has, listed by asking "
        "this SPARQL query URL."))] = None,
    deadline: Deadline = None, max_answer: MaxAnswer = None,
    build_dir: BuildDir = Path("build"),
) -> None:
    """Upload the built graphs to a SPARQL Graph Store, replacing them there (idempotent).

    One named graph per article, plus the entities graph: pushing twice gives the same store.

    Each request (one per graph) has an overall deadline of 60 s (--deadline) and its answer a
    cap of 256 MiB (--max-answer); either one hit stops the push with an error naming it (exit 2).

    Example: newskg push http://localhost:7878/store
    """
    from newskg.remote.bounds import HttpLimits
    from newskg.store.push import push as run_push

    with errors_to_exit():
        summary = run_push(build_dir, url, prune_endpoint=prune,
                           limits=HttpLimits.given(deadline, max_answer))
    typer.echo(f"pushed {summary.graphs} graphs ({summary.triples} triples) to {url}"
               + (f"; deleted {len(summary.deleted)} stale graph(s)" if prune else ""), err=True)
    for name in summary.deleted:
        typer.echo(f"deleted {name}")


@app.command()
def export(
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "turtle, trig, nquads, ntriples, jsonld, rdfxml or quickstatements (default: from the "
        "--output suffix, else turtle)."))] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to FILE (atomically) instead of stdout; its folder must "
        "exist.")] = None,
    build_dir: BuildDir = Path("build"), data_dir: DataDir = Path("data"),
) -> None:
    """Export the built graph; the same input gives byte-identical output.

    The suffixes `query --data` reads (.ttl, .turtle, .trig, .nq, .nt, .jsonld, .rdf ...) name the
    format of --output when --format is not given.

    Example: newskg export --format trig --output newskg.trig
    """
    from newskg.atomic import open_descriptor
    from newskg.errors import InputError
    from newskg.publish.export import export_build, write_export
    from newskg.rdf.formats import ALIASES, suffix_format

    with errors_to_exit():
        _not_empty(fmt, "turtle, trig, nquads, ntriples, jsonld, rdfxml, quickstatements")
        named = None
        if output is not None:  # the format its file name says it holds
            named = suffix_format(output)
            if fmt is None and named is None and open_descriptor(output) is None:
                raise InputError(f"cannot tell the format from the suffix {output.suffix!r}",
                                 path=output, field="--output",
                                 hint="give --format, or a suffix query --data reads (.ttl, "
                                 ".trig, .nq, .nt, .jsonld, .rdf)")
            if named is not None and fmt is not None and named != ALIASES.get(
                    fmt.lower(), fmt.lower()):
                raise InputError(f"the suffix {output.suffix!r} names {named}, not {fmt}",
                                 path=output, field="--output",
                                 hint=f"name the file for its format (--format {fmt}), or drop "
                                 "--format to write what the suffix names")
        fmt = fmt or named or "turtle"
        data = export_build(build_dir, fmt, data_dir=data_dir,
                            on_note=lambda note: typer.echo(f"note: {note}", err=True))
        if output is None:
            sys.stdout.buffer.write(data)
        else:
            write_export(output, data)
            typer.echo(f"wrote {output} ({len(data)} bytes)", err=True)


@app.command()
def stats(build_dir: BuildDir = Path("build")) -> None:
    """Counts by class, per article, and which entities are linked to Wikidata.

    Example: newskg stats
    """
    from newskg.store.engines import open_store
    from newskg.store.render import render_stats
    from newskg.store.stats import graph_stats

    with errors_to_exit():
        typer.echo(render_stats(graph_stats(open_store(build_dir))), nl=False)


@app.command()
def link(
    online: Annotated[bool, typer.Option(help="Fetch candidates and facts from Wikidata first.")] = False,
    review: Annotated[bool, typer.Option(help="Accept, reject or skip each undecided link.")] = False,
    deadline: Deadline = None, max_answer: MaxAnswer = None,
    retry_budget: Annotated[float | None, typer.Option("--retry-budget", metavar="SECONDS", min=0,
                                                       help="Seconds of waiting before retries, "
                                                       "over the whole run.")] = None,
    data_dir: DataDir = Path("data"), build_dir: BuildDir = Path("build"),
) -> None:
    """Link entities and events to Wikidata; write data/wikidata/links.yaml and print the table.

    With --online: each request has an overall deadline of 30 s (--deadline), each answer a cap of
    64 MiB (--max-answer); the waits before retries (each at most 60 s) share a budget of 120 s per
    run (--retry-budget). A bound hit falls back to the local snapshot, saying why.

    Example: newskg link --review
    """
    from newskg.link.client import Bounds, WikidataClient
    from newskg.link.run import links_table, review_prompt, run_link

    with errors_to_exit():
        if review:
            result = review_prompt(data_dir, typer.prompt, typer.echo)
        else:
            result = run_link(data_dir, online=online, client=WikidataClient(
                cache_dir=build_dir / ".cache" / "wikidata",
                bounds=Bounds.given(deadline, max_answer, retry_budget)) if online else None)
        for note in result.notes:
            typer.echo(note, err=True)
        import shutil  # a terminal's width; piped, the table keeps every character

        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        typer.echo(links_table(result.links, width), nl=False)


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path | None, typer.Argument(
        help="Gold annotations: NAME.json files (corpus shape) or NAME/facts.yaml article folders."
    )] = None,
    pred: Annotated[Path | None, typer.Option(
        "--pred", help="Score these predictions (NAME.json files or NAME/facts.yaml folders).")] = None,
    extract: Annotated[Path | None, typer.Option(
        "--extract", help="Run extract on the articles here (NAME.txt or NAME/article.txt).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    explain: Annotated[bool, typer.Option(help="List every miss and every false hit.")] = False,
    fail_under: Annotated[float | None, typer.Option(
        help="Exit 1 when the micro-averaged F1 is below this.")] = None,
    data_dir: DataDir = Path("data"),
    resolution: Annotated[bool, typer.Option(
        "--resolution", help="Measure how drafts resolve to existing instances and entities, "
        "leave-one-out over the curated articles of --data-dir.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", help="With --resolution: list the wrong resolutions with scores.")] = False,
) -> None:
    """Precision, recall and F1 of extraction against gold, per kind and micro-averaged.

    Example: newskg eval data/articles --extract data/articles

    Example: newskg eval --resolution --verbose
    """
    from newskg.errors import InputError, UnknownFormatError
    from newskg.evaluation.report import FORMATS, render_eval
    from newskg.evaluation.run import run_eval

    with errors_to_exit():  # an option the chosen measure would not use is refused, not ignored
        if resolution:
            unused = [name for name, given in (
                ("gold folder", gold_dir is not None), ("--pred", pred is not None),
                ("--extract", extract is not None), ("--explain", explain),
                ("--fail-under", fail_under is not None)) if given]
            if unused:
                raise InputError(f"--resolution takes no {' or '.join(unused)}: it measures the "
                                 "curated articles of --data-dir",
                                 hint="run the extraction score and the resolution score as two "
                                 "commands; --verbose lists the wrong resolutions")
        elif verbose:
            raise InputError("--verbose goes with --resolution (it lists the wrong resolutions)",
                             hint="to list extraction's misses and false hits, use --explain")
    if resolution:
        from newskg.evaluation.resolution import render_resolution, run_resolution

        with errors_to_exit():
            if fmt not in FORMATS:
                raise UnknownFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
            typer.echo(render_resolution(run_resolution(data_dir), fmt, verbose=verbose), nl=False)
        return
    with errors_to_exit():
        if gold_dir is None:
            raise InputError("give the gold folder (or --resolution)",
                             hint="e.g. newskg eval data/articles --extract data/articles")
        if fail_under is not None and not 0.0 <= fail_under <= 1.0:  # NaN too
            raise InputError(f"--fail-under {fail_under} is not an F1 between 0 and 1",
                             hint="e.g. --fail-under 0.75")
        if fmt not in FORMATS:
            raise UnknownFormatError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        if extract is not None:
            _drafting_against(data_dir)
        report = run_eval(gold_dir, pred_dir=pred, articles_dir=extract, data_dir=data_dir)
        typer.echo(render_eval(report, fmt, explain=explain), nl=False)
    if fail_under is not None and report.micro().f1 < fail_under:
        typer.echo(f"micro-F1 {report.micro().f1:.3f} is below {fail_under}", err=True)
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port).", min=0,
                                      max=65535)] = 7878,
    timeout: Annotated[float, typer.Option(help="Stop a query after this many seconds.",
                                           min=0.001)] = 10.0,
    max_results: Annotated[int, typer.Option(
        help="Refuse (400) a query's answer (/sparql, /named) with more rows or triples; the "
             "server's own pages (/id, /graph, VoID) are not cut.", min=1)] = 100_000,
    max_query_depth: Annotated[int, typer.Option(
        help="Refuse (400) queries whose brackets nest deeper, before parsing them.",
        min=1, max=MAX_DEPTH_LIMIT)] = MAX_DEPTH,
    cors: Annotated[str | None, typer.Option(
        help="Allow browser pages from this origin (e.g. https://yasgui.triply.cc).")] = None,
    allow_service: Annotated[bool, typer.Option(
        help="Let queries call other endpoints with SERVICE (off: refused with 403).")] = False,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", help="Also answer requests for this host name (repeatable; '*': any). "
        "Bound to a loopback address, the server answers only localhost, 127.0.0.1 and [::1] "
        "(421 otherwise); bound to another, any name unless this is given.")] = None,
    client_timeout: Annotated[float, typer.Option(
        help="Close a connection whose request has not arrived whole (headers and body) after "
        "this many seconds (408).", min=0.1)] = 10.0,
    processes: Annotated[int | None, typer.Option(
        help="Server processes (default: one per core, at most 8).", min=1)] = None,
    build_dir: BuildDir = Path("build"),
) -> None:
    """Serve the built store as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Limits: a query of at most 512 KiB, nested at most --max-query-depth deep, with at most 20000
    symbols (outside strings, comments and VALUES data); a request head of at most 100 header
    fields and 64 KiB (431) and a URL of at most 65535 bytes (414); a whole request within
    --client-timeout; a port in use is exit 2.

    Example: newskg serve --port 7878
    """
    from newskg.serve import serve as run_server

    def announce(url: str) -> None:
        typer.echo(f"newskg: SPARQL endpoint {url}/sparql, query page {url}/ (Ctrl-C stops)",
                   err=True)

    with errors_to_exit():
        import re

        from newskg.errors import InputError

        if cors is not None and cors != "*" and not re.fullmatch(
                r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](?::\d{1,5})?",
                cors):
            raise InputError(f"--cors {cors!r} is not an origin",
                             hint="give scheme, host and port as a browser sends them, e.g. "
                             "--cors https://yasgui.triply.cc, or '*'")
        if any(not h.strip() for h in allow_host or []):
            raise InputError("--allow-host '' names no host",
                             hint="give a host name such as kg.example.org, or '*'")
        run_server(build_dir, host=host, port=port, timeout=timeout, max_results=max_results,
                   max_query_depth=max_query_depth, cors=cors, allow_service=allow_service,
                   allow_hosts=allow_host or [], client_timeout=client_timeout,
                   processes=processes, on_listening=announce)


Published = Annotated[str | None, typer.Option(
    "--published", help="Publication date YYYY-MM-DD (wins over the article's published: line).")]


@app.command()
def extract(
    source: Annotated[Path, typer.Argument(help="An article (.txt or .html), or a folder of them.")],
    published: Published = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml (facts draft) or json "
                                     "(the corpus gold shape).")] = "yaml",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to FILE (a folder for a folder of articles).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Processes for a folder.")] = 1,
    engine: Annotated[str, typer.Option("--engine", help=(
        "local (--jobs processes here) or dask: a folder drafted by the workers of a Dask "
        "cluster (--scheduler), the same per-article function, drafts written here."))] = "local",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=(
        "The Dask scheduler's address for --engine dask (tcp://HOST:8786); its workers must "
        "see the folder and --data-dir at the same paths."))] = None,
    data_dir: DataDir = Path("data"),
) -> None:
    """Draft the facts of an article, each with its evidence and a confidence, for review.

    A YAML draft is resolved against --data-dir (as `newskg add` does); writing it over an existing
    -o file keeps what a person decided there. A folder needs -o OUT_DIR; a bad article is reported
    and skipped (exit 1; 2 when none worked).

    Example: newskg extract data/articles/2023-09-20-azerbaijan-claims-victory/article.txt --published 2023-09-20 -o draft.yaml

    Example (a cluster): newskg extract corpus/ -o drafts/ --engine dask --scheduler tcp://HOST:8786
    """
    from newskg.extract.run import extract_file, extract_folder, parse_day, render_for

    with errors_to_exit():
        day = parse_day(published)
        _drafting_against(data_dir)
        if source.is_dir():
            if output is None:
                raise NewskgError(f"{source} is a folder: its drafts need a folder to go to; pass "
                                  "-o OUT_DIR (made if missing), or give one article file")
            result = extract_folder(source, output, published=day, fmt=fmt,
                                    jobs=jobs, data_dir=data_dir, engine=engine,
                                    scheduler=scheduler)
            for path, error in result.failed:
                typer.echo(f"skipped {path}: {error}", err=True)
            typer.echo(f"drafted {len(result.written)} article(s) into {output}", err=True)
            raise typer.Exit(result.exit_code)
        if engine != "local" or scheduler:
            raise NewskgError("--engine and --scheduler apply to a folder of articles")
        if output is not None and output.exists() and source.exists() and \
                os.path.samefile(output, source):
            raise NewskgError(f"{output} is the article itself: writing the draft there would "
                              "replace its text; choose another file to write")
        draft = extract_file(source, published=day, data_dir=data_dir)
        for warning in draft.warnings:
            typer.echo(f"warning: {warning}", err=True)
        text = render_for(draft, fmt, data_dir=data_dir, previous=output)
        if output is None:
            typer.echo(text, nl=False)
        else:
            from newskg.atomic import atomic_write, user_output

            atomic_write(user_output(output), text.encode("utf-8"))
            typer.echo(f"wrote {output}", err=True)


@app.command()
def add(
    source: Annotated[Path, typer.Argument(help="The article (.txt or .html).")],
    published: Published = None, data_dir: DataDir = Path("data"),
    name: Annotated[str | None, typer.Option(
        "--name", metavar="FOLDER", help="The article's folder under data/articles/ (default: "
        "its date and headline): another article of the same day and headline needs one of its "
        "own.")] = None,
) -> None:
    """Extract an article and place it with its draft under data/articles/<date-headline>/.

    Links its mentions and reports to existing entities and instances when confident (score and
    reason in `resolution:`), proposes new instances otherwise. Adding the same article again drafts
    it again and keeps what a person decided in its facts.yaml; another text in the same folder is
    refused (give another article a folder of its own with --name). Review facts.yaml, then run
    newskg build.

    Example: newskg add ../shared/corpus/articles/07-afp-qatar-gaza-truce.txt
    """
    from newskg.extract.run import add_article, parse_day

    with errors_to_exit():
        folder = add_article(source, published=parse_day(published), data_dir=data_dir,
                             name=name)
    typer.echo(str(folder))
    typer.echo(f"next: newskg review {folder.name} (or edit {folder / 'facts.yaml'}: mark what "
               "you checked 'reviewed: true'), then newskg build", err=True)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="The project folder (made if missing).")] = Path("."),
    iri_base: Annotated[str, typer.Option(
        "--iri-base", help="Base of the project's IRIs (entities <BASE>id/entity/KEY, ...): a "
        "namespace you control, ending in '/'.")] = "https://example.org/kg/",
    publisher: Annotated[str | None, typer.Option(
        help="Who publishes the dataset (default: the folder's name).")] = None,
) -> None:
    """Make a folder a newskg project: newskg.toml, data/entities.yaml, data/articles/, .gitignore.

    Commands run in the folder or below it use the project (or pass --project DIR). Existing files
    are kept; a folder that already has a newskg.toml is refused (exit 2).

    Example: newskg init my-news --iri-base https://example.org/kg/
    """
    from newskg.project.home import init_project

    with errors_to_exit():
        written = init_project(folder, iri_base=iri_base, publisher=publisher)
    for path in written:
        typer.echo(str(path))
    here = folder.resolve() == Path.cwd().resolve()
    typer.echo(f"made a newskg project in {folder}; next: {'' if here else f'cd {folder} && '}"
               "newskg add ARTICLE.txt, review its facts.yaml, then newskg build", err=True)


@app.command()
def review(
    article: Annotated[str | None, typer.Argument(help=(
        "The article folder (or its name under data/articles/); default: the first with "
        "reports not yet reviewed."))] = None,
    port: Annotated[int, typer.Option(help="TCP port on 127.0.0.1 (0: any free port).", min=0,
                                      max=65535)] = 7879,
    reviewer: Annotated[str, typer.Option(
        help="Your key, written as `resolution.by` where you change what a report points at."
    )] = "reviewer",
    data_dir: DataDir = Path("data"),
) -> None:
    """Review an article's draft in the browser: accept, edit, reject, add reports; save.

    A local page on 127.0.0.1 only (the one place newskg writes its input files from a browser):
    the article with each report's evidence highlighted, the reports as cards. Saving writes
    facts.yaml (and entities.yaml / instances.yaml when you made new ones), changing only the
    edited items; a change that would not build is refused with the message `newskg build`
    gives, and a save over files changed since the page was loaded is refused.

    Example: newskg review 2023-09-20-azerbaijan-claims-victory --reviewer jdoe
    """
    from newskg.review.app import serve_review

    def announce(url: str) -> None:
        typer.echo(f"newskg: review page {url} (Ctrl-C stops)", err=True)

    with errors_to_exit():
        serve_review(data_dir, article, port=port, reviewer=reviewer, on_listening=announce)


@app.command("plot")
def plot_(
    kind: Annotated[str, typer.Argument(help="timeline, network or figures.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to FILE.svg or FILE.png (default: SVG on stdout).")] = None,
    article: Annotated[str | None, typer.Option(
        "--article", metavar="SLUG", help="Only what this article reports (its folder name).")] = None,
    since: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help="Only what holds on or after this day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(
        "--to", metavar="DATE", help="Only what holds on or before this day, YYYY-MM-DD.")] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help=(
        "Draw unreviewed and draft reports too (default: reviewed only; drafts are drawn "
        "hollow in the timeline)."))] = False,
    build_dir: BuildDir = Path("build"),
) -> None:
    """Draw the built store: a timeline of instances, a network of actors, competing figures.

    Every mark links (in the SVG) to the report or world instance it shows. A bad picture name,
    day or output file is exit 2.

    Example: newskg plot timeline -o timeline.svg
    """
    from newskg.plot.render import plot_build, write_picture

    with errors_to_exit():
        picture = plot_build(build_dir, kind, output=output, article=article, since=since,
                             until=until, drafts=drafts)
        if output is None:
            typer.echo(picture, nl=False)
        else:
            write_picture(picture, output)
            typer.echo(f"wrote {output}", err=True)


INTERNAL_ERROR = 3
"""The exit code of an unexpected error (a bug in newskg, not in the input)."""


def _reflowed(doc: str) -> str:
    """A command's help with each paragraph on one line: typer keeps a docstring's single line
    breaks, and at a terminal narrower than the source they broke lines mid-phrase."""
    return "\n\n".join(" ".join(line.strip() for line in paragraph.splitlines())
                       for paragraph in inspect.cleandoc(doc).split("\n\n"))


for _command in app.registered_commands:
    _doc = _command.help or (_command.callback.__doc__ if _command.callback else None)
    if _doc:
        _command.help = _reflowed(_doc)


def main() -> None:
    """The `newskg` program: a bug that escapes a command is one line on stderr and exit 3 (its
    traceback only with --debug, the same exit code either way), never a traceback by surprise."""
    tolerant_stderr()
    named_stdout()
    try:
        app()
    except Exception as exc:  # noqa: BLE001 (the edge of the program: every error ends here)
        code = environment_exit(exc, debug=STATE["debug"])  # "| head", a refused file operation
        if code is not None:
            sys.exit(code)
        if STATE["debug"]:
            traceback.print_exception(exc, file=sys.stderr)
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (a bug in newskg, not in your "
                   "input: " + ("please report it with the traceback above)" if STATE["debug"]
                                else "rerun with --debug for the traceback and report it)"),
                   err=True)
        sys.exit(INTERNAL_ERROR)


_: Callable[[], None] = main
