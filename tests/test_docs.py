"""Docs that check themselves: every command documented with an example, README examples run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.store.named import list_queries
from tests.conftest import DATA, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands
                  if c.callback is not None)


def readme_examples(*, runnable_only: bool = False) -> list[str]:
    """`newskg ...` lines of the README's console blocks; "# not run" marks those tests can't run
    (a server that blocks, a network service)."""
    blocks = re.findall(r"```console\n(.*?)```", README, re.DOTALL)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()
            if line.startswith("newskg ") and not (runnable_only and "# not run" in line)]


def test_every_command_is_in_the_readme_with_an_example() -> None:
    assert {"build", "export", "query", "stats", "validate"} <= set(COMMANDS)
    examples = readme_examples()
    for command in COMMANDS:
        assert f"### `newskg {command}`" in README, command
        assert any(e.startswith(f"newskg {command}") for e in examples), command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(r"Example: newskg " + command, result.stdout), result.stdout


def test_every_named_query_is_in_the_readme_table() -> None:
    for query in list_queries():
        assert f"| `{query.name}` |" in README, query.name


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    examples = readme_examples(runnable_only=True)
    assert examples[0] == "newskg build" and len(examples) >= 10
    for example in examples:
        result = CliRunner().invoke(app, shlex.split(example)[1:])
        assert result.exit_code == 0, f"{example}\n{result.stderr}"
        assert result.stdout_bytes or result.stderr, example
    assert (tmp_path / "newskg.trig").stat().st_size > 10_000


def test_make_targets_named_in_the_readme_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"`make (\w+)`", README):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_serve_help_and_the_readme_state_the_bounds_as_the_code_has_them() -> None:
    from newskg.serve.app import MAX_QUERY_BYTES
    from newskg.serve.http import ClientLimits
    from newskg.store.shape import MAX_DEPTH, MAX_DEPTH_LIMIT, MAX_SYMBOLS

    limits = ClientLimits()
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    help_text = " ".join(result.stdout.split())
    for stated in (f"a query of at most {MAX_QUERY_BYTES // 1024} KiB",
                   f"with at most {MAX_SYMBOLS} symbols",
                   (f"at most {limits.max_headers} header fields and "
                    f"{limits.max_header_bytes // 1024} KiB (431)"),
                   f"a URL of at most {limits.max_url_bytes} bytes (414)",
                   f"[1<=x<={MAX_DEPTH_LIMIT}]", f"[default: {MAX_DEPTH}]",
                   f"[default: {limits.timeout}]", "127.0.0.1 and [::1] (421"):
        assert stated in help_text, stated
    table = README[README.index("## Limits and guarantees"):README.index("## The model")]
    for row in (f"| {MAX_DEPTH} levels | `serve --max-query-depth` (at most {MAX_DEPTH_LIMIT}) |",
                f"| {MAX_SYMBOLS} |",
                f"| {limits.max_headers} fields, {limits.max_header_bytes // 1024} KiB in all |",
                f"| {limits.max_url_bytes} bytes |",
                f"| {limits.timeout:g} s | `serve --client-timeout` |",
                f"| {MAX_QUERY_BYTES // 1024} KiB |", "`serve --allow-host NAME`"):
        assert row in table, row
