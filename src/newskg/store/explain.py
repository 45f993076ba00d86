"""`newskg query --explain`: Oxigraph's plan of a query, with evaluation statistics.

pyoxigraph 0.5 (the pinned version) has no ``Store.explain``; the Oxigraph command line has
(``oxigraph query --explain --stats``), from the same Rust engine and version. It is run on the
built store, read-only, with the query as `newskg query` would run it: the project's prefixes
declared, named-query parameters in a VALUES block (`newskg.store.engines.bound_by_values`), the
default graph the union of the named graphs. Without the ``oxigraph`` program the error says where
to get it (``pip install oxigraph``, the test extra pins it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from newskg.errors import NewskgError, QueryError
from newskg.rdf.prefixes import PREFIXES
from newskg.store.engines import Bindings, bound_by_values

EXPLAIN_TIMEOUT = 300.0


def oxigraph_program() -> str | None:
    """The ``oxigraph`` command installed beside this Python (a virtual environment's bin/), or
    on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def explain_query(build_dir: Path, sparql: str, bindings: Bindings) -> str:
    """The plan Oxigraph chose for the query on the built store, each step with its result count
    and time (the query is run once to measure them)."""
    from newskg.publish.releases import published_build

    store = published_build(build_dir) / "store"
    if not store.is_dir():
        raise NewskgError(f"{store}: no built store here; run 'newskg build' first")
    program = oxigraph_program()
    if program is None:
        raise NewskgError("--explain needs the 'oxigraph' program (pyoxigraph 0.5 has no explain "
                          "of its own): pip install oxigraph==0.5.13, the version of pyoxigraph")
    text = (bound_by_values(sparql, bindings) or sparql) if bindings else sparql
    check_syntax(text)
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()
                       if f"{name}:" in text)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.json"
        for results in ("tsv", "nt"):  # SELECT/ASK answer in TSV, CONSTRUCT/DESCRIBE in N-Triples
            done = subprocess.run(
                [program, "query", "--location", str(store), "--union-default-graph",
                 "--query", prologue + text, "--results-format", results,
                 "--explain-file", str(plan), "--stats"],
                capture_output=True, text=True, timeout=EXPLAIN_TIMEOUT, check=False,
                env={**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"})
            if done.returncode == 0 and plan.is_file():
                return render_plan(json.loads(plan.read_text(encoding="utf-8")))
        raise QueryError(f"oxigraph could not explain the query: {program_error(done.stderr)}")


def check_syntax(sparql: str) -> None:
    """A syntax error named as `newskg query` names it (line, column, the line and a caret, in
    the user's text): the query is parsed by pyoxigraph on an empty store before the ``oxigraph``
    program, whose message counts lines from the prefixes it is given."""
    import pyoxigraph as ox

    from newskg.store.engines import syntax_error

    try:
        ox.Store().query(sparql, prefixes=dict(PREFIXES))
    except SyntaxError as exc:
        raise syntax_error(sparql, str(exc)) from None
    except (OSError, ValueError, RuntimeError):
        pass  # not a syntax error: the oxigraph program runs it on the store and says


def program_error(stderr: str) -> str:
    """The ``oxigraph`` program's message without a Rust stack trace (printed when
    RUST_BACKTRACE is set in the environment), at most 500 characters."""
    message = stderr.split("Stack backtrace:", 1)[0].strip()
    message = message.removeprefix("Error:").removeprefix("error:").strip()
    return message if len(message) <= 500 else message[:497] + "..."


def render_plan(explanation: dict[str, Any]) -> str:
    """The plan as an indented tree: each step with its rows and time (children, then time in
    the step and below it), compact IRIs where the project has a prefix."""
    from newskg.store.render import DISPLAY_PREFIXES

    namespaces = sorted(DISPLAY_PREFIXES.items(), key=lambda item: -len(item[1]))

    def short(name: str) -> str:
        for prefix, iri in namespaces:
            name = name.replace(f"<{iri}", f"<{prefix}:")
        return re.sub(r"<(\w+):([^<>\s]*)>", r"\1:\2", name)

    lines = [f"planning: {explanation.get('planning duration in seconds', 0) * 1000:.3f} ms"]

    def walk(node: dict[str, Any], depth: int) -> None:
        rows = node.get("number of results")
        seconds = node.get("duration in seconds")
        stats = "" if rows is None else f"  [{rows:,} rows" + (
            "" if seconds is None else f", {seconds * 1000:.3f} ms") + "]"
        lines.append(f"{'  ' * depth}{short(node.get('name', '?'))}{stats}")
        for child in node.get("children", []):
            walk(child, depth + 1)

    walk(explanation.get("plan", {}), 0)
    return "\n".join(lines) + "\n"
