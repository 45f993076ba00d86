"""Worker processes leave Ctrl-C to the parent (newskg.process): a build interrupted while it
validates in parallel stops with exit 130 and no worker prints a KeyboardInterrupt traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newskg.process import quiet_worker
from newskg.validation import units


def sigint_handler(_index: int) -> Any:
    return signal.getsignal(signal.SIGINT)


def test_validation_workers_ignore_ctrl_c(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(units, "PARALLEL_FROM", 1)
    monkeypatch.setattr(units, "_validate_in_worker", sigint_handler)
    monkeypatch.setattr(units, "_report", lambda payload: payload)
    handlers = units._validate([], [0, 1, 2], ontology=None, jobs=2)  # type: ignore[arg-type]
    assert handlers == [signal.SIG_IGN] * 3
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # the parent still answers it


def test_quiet_worker_ignores_sigint_only() -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        quiet_worker()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) == before[1]
    finally:
        signal.signal(signal.SIGINT, before[0])


# -- a reader that goes away (| head) ----------------------------------------------------------

def first_line_then_close(args: list[str]) -> tuple[int, str]:
    """Run newskg with stdout a pipe that is closed after one line (as `| head -1` does): its exit
    code and stderr."""
    process = subprocess.Popen([sys.executable, "-m", "newskg", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read().decode()
    return process.wait(timeout=120), err


@pytest.mark.parametrize("args", [
    ["query", "SELECT * {?s ?p ?o}", "--limit", "0", "--format", "csv"],  # streamed rows
    ["query", "SELECT * {?s ?p ?o}", "--limit", "0", "--format", "json"],
    ["query", "--name", "direct-quotes", "--format", "tsv"],  # the quick path
    ["export", "--format", "nt"],  # the typer app
])
def test_output_cut_short_by_its_reader_is_exit_0_and_no_error(
        built: tuple[object, Path], args: list[str]) -> None:
    code, err = first_line_then_close([*args, "--build-dir", str(built[1])])
    assert code == 0, err
    assert "error" not in err and "Traceback" not in err and "unsendable" not in err, err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [
    ["query", "--name", "direct-quotes", "--format", "tsv"],  # the quick path
    ["query", "SELECT * {?s ?p ?o}", "--format", "csv"],  # rows written by the typer app
    ["export", "--format", "nt"],  # bytes
    ["stats"],  # text through typer.echo
])
def test_a_full_disk_behind_stdout_is_said_as_standard_output(
        built: tuple[object, Path], args: list[str]) -> None:
    """``newskg ... > /dev/full``: exit 2, naming standard output (the OSError names no file)."""
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "newskg", *args, "--build-dir",
                               str(built[1])], check=False, stdout=full, stderr=subprocess.PIPE,
                              timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert err.startswith("error: standard output: No space left on device"), err
    assert "Traceback" not in err


def test_a_build_whose_messages_reader_goes_away_still_publishes(seed_data: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "build"
    process = subprocess.Popen([sys.executable, "-m", "newskg", "build", "--data-dir",
                                str(seed_data), "--build-dir", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    process.stdout.close()  # before anything was written: every message meets a closed pipe
    assert process.wait(timeout=300) == 0
    assert (out / "current" / "store").is_dir()
