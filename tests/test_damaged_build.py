"""A published store that can no longer be read (a damaged file) does not stop the next build:
the build loads its store from nothing instead of updating the damaged one."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newskg.cli import app
from newskg.publish.build import build
from newskg.publish.result import LAST_PUBLISH


def test_a_damaged_store_is_made_again_by_the_next_build(seed_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(seed_copy, out)
    (out / "store").resolve().joinpath("CURRENT").write_text("garbage\n")
    damaged = CliRunner().invoke(app, ["query", "--build-dir", str(out), "ASK { ?s ?p ?o }"])
    assert damaged.exit_code == 2 and "newskg build" in damaged.output  # what to do about it
    facts = seed_copy / "articles" / next(p.name for p in (seed_copy / "articles").iterdir()) \
        / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # one changed
    build(seed_copy, out)
    assert LAST_PUBLISH["store"].startswith("bulk (the previous store could not be read)")
    answer = CliRunner().invoke(app, ["query", "--build-dir", str(out), "ASK { ?s ?p ?o }"])
    assert answer.exit_code == 0, answer.output
    for full in ([], ["--full"]):  # and once more, from the store just made
        (out / "store").resolve().joinpath("CURRENT").write_text("garbage\n")
        result = CliRunner().invoke(app, ["build", "--data-dir", str(seed_copy), "--build-dir",
                                          str(out), *full])
        assert result.exit_code == 0, result.output
        answer = CliRunner().invoke(app, ["query", "--build-dir", str(out), "ASK { ?s ?p ?o }"])
        assert answer.exit_code == 0, answer.output
