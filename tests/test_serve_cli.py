"""The `newskg serve` command: options reach the app and uvicorn; a missing store is exit 2."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any, ClassVar

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.publish.build import BuildResult
from newskg.serve.app import NewskgApp
from newskg.serve.hosts import HostGuard
from newskg.serve.http import CoalescingHttpToolsProtocol, GuardedHttpToolsProtocol


class FakeSupervisor:
    """Stands in for uvicorn's Multiprocess supervisor: records what it was given."""

    calls: ClassVar[list[tuple[Any, list[Any]]]] = []

    def __init__(self, config: Any, sockets: list[Any]) -> None:
        self.calls.append((config, sockets))

    def run(self) -> None:
        for sock in self.calls[-1][1]:
            sock.close()


def test_serve_runs_uvicorn_processes_on_the_app(built: tuple[BuildResult, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.supervisors.Multiprocess", FakeSupervisor)
    FakeSupervisor.calls.clear()
    result = CliRunner().invoke(app, ["serve", "--build-dir", str(built[1]), "--host",
                                      "127.0.0.1", "--port", "0", "--timeout", "2.5",
                                      "--cors", "https://yasgui.example", "--processes", "3",
                                      "--max-query-depth", "50", "--client-timeout", "4",
                                      "--allow-host", "Example.org"])
    assert result.exit_code == 0, result.output
    (config, sockets), = FakeSupervisor.calls
    assert config.host == "127.0.0.1" and config.workers == 3 and len(sockets) == 1
    assert config.factory
    protocol = pickle.loads(pickle.dumps(config.http))  # what a spawned server process receives
    assert protocol.func is GuardedHttpToolsProtocol
    assert issubclass(protocol.func, CoalescingHttpToolsProtocol)
    assert protocol.keywords["limits"].timeout == 4
    port = config.port
    assert port != 0 and f"http://127.0.0.1:{port}/sparql" in result.stderr  # the port bound
    factory = pickle.loads(pickle.dumps(config.app))
    made = factory()
    assert isinstance(made, HostGuard)  # outermost: every request's Host is checked first
    assert made.allowed == {"localhost", "127.0.0.1", "[::1]", "example.org"}
    assert isinstance(made.app.app, NewskgApp)  # inside the CORS middleware
    assert made.app.app.runner.timeout == 2.5
    assert made.app.app.sparql.max_query_depth == 50
    assert made.app.app.runner.on_runaway is not None  # a runaway query retires the process


def test_serve_without_a_build_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--build-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "run 'newskg build' first" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("option", [("--max-results", "-1"), ("--max-results", "0"),
                                    ("--timeout", "-1"), ("--timeout", "0"),
                                    ("--port", "70000"), ("--port", "-5")])
def test_a_value_that_cannot_work_is_refused_at_start(built: tuple[BuildResult, Path],
                                                      option: tuple[str, str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 2 naming the option, before any server starts (a negative --max-results used to
    start a server whose every query failed with 500, a --timeout of -1 one that answered 503)."""
    monkeypatch.setattr("uvicorn.supervisors.Multiprocess", FakeSupervisor)
    FakeSupervisor.calls.clear()
    result = CliRunner().invoke(app, ["serve", "--build-dir", str(built[1]), *option],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 2 and option[0] in result.output
    assert FakeSupervisor.calls == []


@pytest.mark.parametrize(("option", "value", "words"), [
    ("--cors", "not an origin", "is not an origin"),
    ("--cors", "https://yasgui.example/path", "is not an origin"),
    ("--allow-host", "", "names no host"),
])
def test_a_bad_cors_origin_or_host_is_exit_2(built: tuple[BuildResult, Path], option: str,
                                             value: str, words: str) -> None:
    """Both started the server before (an audit); the README says a bad option is exit 2."""
    result = CliRunner().invoke(app, ["serve", "--build-dir", str(built[1]), "--port", "0",
                                      option, value])
    assert result.exit_code == 2 and words in result.stderr
