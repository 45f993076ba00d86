"""The folders show the pipeline, and data flows down it: project → rdf → validation → publish →
store → plot → serve. Each package imports only the ones before it (and the shared utilities); the side
packages (link, extract, evaluation) read a Project or the store, and no pipeline package imports
them. Every import counts, a function-level one too."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "newskg"
PIPELINE = ("project", "rdf", "validation", "publish", "store", "plot", "serve")
SIDE = ("link", "extract", "evaluation", "review")
UTILITIES = ("errors", "progress", "atomic", "spool", "resources", "words", "remote",
             "cluster", "process")  # cluster: the map of a per-article function on Dask workers;
# process: signals and standard streams of newskg's processes


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


# ---------------------------------------------------------------- no circles between modules
# An import inside a function hides a circle from Python but not from a reader. `from package
# import name` counts as importing the submodule when ``name`` is one, else the package.


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = ("newskg", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target not in modules:
                continue
            submodules = {f"{target}.{alias.name}" for alias in node.names} & modules.keys()
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(target)
    found.discard(name)
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back() -> None:
    modules = module_names()
    assert len(modules) > 100  # the whole package was read
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    assert "newskg.publish.incremental" in graph["newskg.publish.build"]
    assert circles(graph) == []
