"""Shared fixtures: the repository's paths, a built copy of the seed graph, a scratch data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newskg.build import BuildResult, build

pytest_plugins = ["tests.serve_fixtures"]  # the `endpoint` fixture: newskg serve on a loopback port

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SHARED = REPO.parent / "shared"
SEED_SLUG = "2023-09-20-azerbaijan-claims-victory"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The seed graph built once for the session: (result, build folder)."""
    out = tmp_path_factory.mktemp("build")
    return build(DATA, out), out


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture()
def seed_facts(data_copy: Path) -> Path:
    return data_copy / "articles" / SEED_SLUG / "facts.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite tests/snapshots/ from the current build instead of comparing")
