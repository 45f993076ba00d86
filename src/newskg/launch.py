"""The `newskg` program's entry point: `newskg query` on the built store without the typer app.

Making the typer app (`newskg.cli`) costs more than the query it runs: typer builds a parameter
adapter (pydantic) for every option of every command, about 0.2-0.5 s at each start. A plain
``newskg query`` on the built store (a named query, a query text or a query file, with the options
`QUICK_OPTIONS`; no --endpoint, --data, --explain, --engine, --help or standard input) is read here
with a few lines instead and run with the same library calls and renderers as `newskg.cli.query`.
Anything else, and any error before the answer starts, goes to the typer app, which then says what
the command line says (the same messages and exit codes).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

VALUE_OPTIONS = {"--name": "name", "-n": "name", "--param": "param", "-p": "param",
                 "--format": "fmt", "-f": "fmt", "--limit": "limit", "--offset": "offset",
                 "--build-dir": "build_dir", "--file": "file"}  # --project goes before the command
FLAG_OPTIONS = {"--drafts": "drafts", "--time": "timed"}
QUICK_OPTIONS = (*VALUE_OPTIONS, *FLAG_OPTIONS)
INTERNAL_ERROR = 3  # as newskg.cli.INTERNAL_ERROR


@dataclass
class QuickQuery:
    """The options of a `newskg query` the quick path runs."""

    name: str | None = None
    sparql: str | None = None  # the query's text, the command's argument
    file: Path | None = None
    param: list[str] = field(default_factory=list)
    fmt: str | None = None
    limit: int | None = None
    offset: int | None = None
    build_dir: Path | None = None
    drafts: bool = False
    timed: bool = False


def quick_query(argv: Sequence[str]) -> QuickQuery | None:
    """The options of ``newskg query ...`` when the quick path runs it, else None."""
    if len(argv) < 2 or argv[0] != "query":
        return None
    options, words = QuickQuery(), list(argv[1:])
    while words:
        word = words.pop(0)
        key, sep, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if sep and not value:  # '--limit=' or '--drafts=': the typer app says what is wrong
            return None
        if key in FLAG_OPTIONS and not sep:
            setattr(options, FLAG_OPTIONS[key], True)
            continue
        if not word.startswith("-") and options.sparql is None:  # the query text ('-': stdin)
            options.sparql = word
            continue
        if key not in VALUE_OPTIONS:
            return None
        if not value:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        if not value:  # an empty value: the typer app says what is wrong with it
            return None
        attribute = VALUE_OPTIONS[key]
        if attribute == "param":
            options.param.append(value)
        elif attribute in ("limit", "offset"):
            if not (value.isascii() and value.isdigit()):  # not '²' or '٣', which int() reads
                return None
            setattr(options, attribute, int(value))
        elif attribute in ("build_dir", "file"):
            setattr(options, attribute, Path(value))
        else:
            setattr(options, attribute, value)
    given = [x for x in (options.name, options.sparql, options.file) if x is not None]
    return options if len(given) == 1 else None


def run_quick(options: QuickQuery) -> int | None:
    """Run the query; None when it stopped before answering (the typer app then runs it)."""
    from newskg.errors import NewskgError
    from newskg.project.home import apply_iri_base, open_project

    started = time.perf_counter()
    try:
        project = (Path(os.environ["NEWSKG_PROJECT"])
                   if os.environ.get("NEWSKG_PROJECT") else None)
        home = open_project(project, cwd=Path.cwd())
        if home is not None:
            apply_iri_base(home)
        build_dir = options.build_dir or (Path(os.environ["NEWSKG_BUILD"])
                                          if os.environ.get("NEWSKG_BUILD") else None) or (
            home.build_dir if home is not None else Path("build"))
        from newskg.store import named as q
        from newskg.store.engines import open_store
        from newskg.store.paging import Page, run_paged

        text, bindings = q.resolve_query(options.sparql, options.file, options.name,
                                         options.param, drafts=options.drafts)
        named = q.get_query(options.name) if options.name else None
        page = Page.given(options.limit, options.offset, named.page if named else None)
        store = open_store(build_dir, engine="oxigraph", data=[])
        notes: list[str] = []
        if options.name:
            from newskg.store.values import check_named_values

            bindings, notes = check_named_values(store, options.name, options.param,
                                                 bindings)
    except Exception:  # noqa: BLE001 (the typer app runs it again and reports it as it does)
        return None
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    try:
        code, shown = run_paged(store, text, bindings, page, options.fmt, sys.stdout.buffer.write,
                                partition=named.partition if named else None)
        sys.stdout.flush()
    except NewskgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 (as newskg.cli.main reports it)
        from newskg.process import environment_exit

        refused = environment_exit(exc)  # "| head" (0, quietly), a refused file operation (2)
        if refused is not None:
            return refused
        print(f"internal error: {type(exc).__name__}: {exc} (a bug in newskg, not in your "
              "input: rerun with --debug for the traceback and report it)", file=sys.stderr)
        return INTERNAL_ERROR
    page_note = shown.note()
    if page_note:
        print(page_note, file=sys.stderr)
    if options.timed:
        print(f"time: {time.perf_counter() - started:.3f}s (oxigraph)", file=sys.stderr)
    return code


def main() -> None:
    """`newskg`: the quick path for a plain query, else the typer app (`newskg.cli.main`)."""
    options = quick_query(sys.argv[1:])
    if options is not None:
        from newskg.process import named_stdout, tolerant_stderr

        tolerant_stderr()
        named_stdout()
        try:
            code = run_quick(options)
        except KeyboardInterrupt:  # Ctrl-C: as the typer app ends, without a traceback
            sys.exit(130)
        if code is not None:
            sys.exit(code)
    from newskg.cli import main as cli_main

    cli_main()
