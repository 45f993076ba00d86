"""Inputs read once into a typed Project value (entities, world instances, articles and their
reports), every error with its file, line and field.

``load_project`` and ``Project`` are imported when first used, so that light modules of this package
(``newskg.project.home``, read by every command to find its project) do not load YAML."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newskg.project.load import load_project
    from newskg.project.model import Project

__all__ = ["Project", "load_project"]


def __getattr__(name: str) -> object:
    if name == "load_project":
        from newskg.project.load import load_project

        return load_project
    if name == "Project":
        from newskg.project.model import Project

        return Project
    raise AttributeError(f"module 'newskg.project' has no attribute {name!r}")
