"""Shared fixtures: the repository's paths, a built copy of the seed graph, a scratch data folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from newskg.publish.build import BuildResult, build

pytest_plugins = ["tests.serve_fixtures",  # the `endpoint` fixture: newskg serve on a loopback port
                  "tests.review_fixtures"]  # `review_copy`: data/ with a drafted article

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SHARED = REPO.parent / "shared"
SEED_SLUG = "2023-09-20-azerbaijan-claims-victory"


def seed_only(target: Path) -> Path:
    """A copy of data/ with the seed article alone, and only the world instances it reports or
    that those use (so every instance stays supported): what the seed-answer tests query."""
    import yaml

    shutil.copytree(DATA, target)
    for folder in (target / "articles").iterdir():
        if folder.name != SEED_SLUG:
            shutil.rmtree(folder)
    seed_text = (target / "articles" / SEED_SLUG / "facts.yaml").read_text(encoding="utf-8")
    named = set(re.findall(r"[a-z0-9][a-z0-9-]*", seed_text))
    doc = yaml.safe_load((target / "instances.yaml").read_text(encoding="utf-8"))
    for section in ("events", "agreements", "counted", "relationships"):
        doc[section] = {k: v for k, v in (doc.get(section) or {}).items() if k in named}
    for agreement in doc["agreements"].values():
        agreement["terms"] = {k: v for k, v in agreement.get("terms", {}).items() if k in named}
    instances = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    (target / "instances.yaml").write_text(instances, encoding="utf-8")
    used = named | set(re.findall(r"[a-z0-9][a-z0-9-]*", instances))
    for path, table in ((target / "entities.yaml", "entities"),
                        (target / "wikidata" / "links.yaml", "links")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc[table] = {k: v for k, v in doc[table].items() if k in used}
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def seed_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ with the seed article alone (see seed_only)."""
    return seed_only(tmp_path_factory.mktemp("seed") / "data")


@pytest.fixture(scope="session")
def built(seed_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """The seed graph built once for the session: (result, build folder)."""
    out = tmp_path_factory.mktemp("build")
    return build(seed_data, out), out


@pytest.fixture(scope="session")
def built_all(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    """Every curated article of data/ built once for the session: (result, build folder)."""
    out = tmp_path_factory.mktemp("build-all")
    return build(DATA, out), out


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    """A scratch copy of data/ with the seed article alone (see seed_only) that a test may change."""
    return seed_only(tmp_path / "seed-data")


@pytest.fixture()
def seed_facts(data_copy: Path) -> Path:
    return data_copy / "articles" / SEED_SLUG / "facts.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite tests/snapshots/ from the current build instead of comparing")
