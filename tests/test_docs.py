"""Docs that check themselves: every command documented with an example, README examples run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.query import list_queries
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
