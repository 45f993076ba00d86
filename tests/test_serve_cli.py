"""The `newskg serve` command: options reach the app and uvicorn; a missing store is exit 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from typer.testing import CliRunner

from newskg.build import BuildResult
from newskg.cli import app


def test_serve_runs_uvicorn_on_the_app(built: tuple[BuildResult, Path],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda app_, **kw: calls.append((app_, kw)))
    result = CliRunner().invoke(app, ["serve", "--build-dir", str(built[1]), "--host",
                                      "127.0.0.1", "--port", "8123", "--timeout", "2.5",
                                      "--cors", "https://yasgui.example"])
    assert result.exit_code == 0, result.output
    (served, options), = calls
    assert isinstance(served, Starlette)
    assert options["host"] == "127.0.0.1" and options["port"] == 8123
    assert "http://127.0.0.1:8123/sparql" in result.stderr


def test_serve_without_a_build_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--build-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "run 'newskg build' first" in result.stderr
    assert "Traceback" not in result.output
