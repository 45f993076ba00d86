"""The folders show the pipeline, and data flows down it: project → rdf → validation → publish →
store → plot → serve. Each package imports only the ones before it (and the shared utilities); the side
packages (link, extract, evaluation) read a Project or the store, and no pipeline package imports
them. Every import counts, a function-level one too."""

from __future__ import annotations

import ast
from collections import defaultdict

from tests.conftest import REPO

PACKAGE = REPO / "src" / "newskg"
PIPELINE = ("project", "rdf", "validation", "publish", "store", "plot", "serve")
SIDE = ("link", "extract", "evaluation", "review")
UTILITIES = ("errors", "progress", "atomic", "spool", "resources", "words", "remote",
             "cluster")  # cluster: the map of a per-article function on Dask workers


def imports() -> dict[str, set[str]]:
    """Top-level part of newskg (package or module) → the parts it imports."""
    found: defaultdict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        part = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                if name.startswith("newskg.") and name.split(".")[1] != part:
                    found[part].add(name.split(".")[1])
    return found


def test_the_pipeline_packages_import_only_what_comes_before_them() -> None:
    found = imports()
    for index, part in enumerate(PIPELINE):
        allowed = set(PIPELINE[:index]) | set(UTILITIES)
        assert found.get(part, set()) <= allowed, (part, found[part] - allowed)


def test_side_packages_are_never_imported_by_the_pipeline_or_the_utilities() -> None:
    found = imports()
    for part in (*PIPELINE, *UTILITIES):
        assert not found.get(part, set()) & set(SIDE), (part, found[part] & set(SIDE))


def test_the_utilities_import_no_stage() -> None:
    found = imports()
    for part in UTILITIES:
        assert found.get(part, set()) <= set(UTILITIES), (part, found[part])


def test_every_module_lives_in_a_stage_or_is_a_named_utility() -> None:
    entry_points = {"__init__", "__main__", "cli", "launch"}  # launch: the quick `newskg query`
    loose = {p.stem for p in PACKAGE.glob("*.py")} - {*entry_points, *UTILITIES}
    assert loose == set(), f"modules outside the pipeline folders: {sorted(loose)}"
