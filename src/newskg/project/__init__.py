"""Inputs read once into a typed Project value (entities, world instances, articles and their
reports), every error with its file, line and field."""

from newskg.project.load import load_project
from newskg.project.model import Project

__all__ = ["Project", "load_project"]
