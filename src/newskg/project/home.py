"""Where a newskg project lives: its project file, found by walking up from a folder as git does.

A project is a folder holding ``newskg.toml`` (the project file), ``data/`` (the inputs) and, once
built, ``build/`` (the outputs). The project file names the IRI base of what the project mints and
its publisher::

    iri_base = "https://example.org/kg/"   # entities: <iri_base>id/entity/KEY, ...
    publisher = "Example Newsroom"

`newskg init DIR` writes one (`init_project`); every other command finds it with `find_project`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newskg.atomic import atomic_write
from newskg.errors import InputError, NewskgError

PROJECT_FILE = "newskg.toml"
DATA_DIR = "data"
BUILD_DIR = "build"
INIT_BASE = "https://example.org/kg/"
"""The IRI base `newskg init` writes when none is given: a placeholder to replace with a namespace
the project controls (w3id.org, its own domain)."""

_BASE = re.compile(r"^https?://[^\s<>\"{}|\\^`#?]+/$")
_FIELDS = ("iri_base", "publisher")


class NoProjectError(NewskgError):
    """No project file in the folder or any folder above it (exit 2)."""


@dataclass(frozen=True)
class ProjectHome:
    """A project's folder and the fields of its project file."""

    root: Path
    iri_base: str | None
    """The base of the IRIs the project mints (None: newskg's own, https://w3id.org/newskg/)."""
    publisher: str | None

    @property
    def data_dir(self) -> Path:
        return self.root / DATA_DIR

    @property
    def build_dir(self) -> Path:
        return self.root / BUILD_DIR


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding a project file, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def no_project_message(start: Path) -> str:
    return (f"no newskg project here: no {PROJECT_FILE} in {start.resolve()} or any folder above it; "
            "run 'newskg init DIR' to make one, or pass --project DIR")


def open_project(folder: Path | None, *, cwd: Path) -> ProjectHome | None:
    """The project at ``folder`` (given with --project: it must be one), else the one found
    walking up from ``cwd`` (None when there is none)."""
    if folder is not None:
        if not (folder / PROJECT_FILE).is_file():
            raise NoProjectError(f"{folder}: not a newskg project (no {PROJECT_FILE} there); "
                                 f"run 'newskg init {folder}' to make it one")
        return load_home(folder)
    root = find_project(cwd)
    return None if root is None else load_home(root)


def load_home(root: Path) -> ProjectHome:
    """Read and check ``root/newskg.toml``."""
    import tomllib  # only where a project file is read: a cold `newskg query` may read none

    path = root / PROJECT_FILE
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML ({exc})", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the project file ({exc})", path=path) from None
    unknown = sorted(set(doc) - set(_FIELDS))
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}", path=path, field=unknown[0],
                         hint=f"a project file has {', '.join(_FIELDS)}")
    base = doc.get("iri_base")
    if base is not None:
        check_base(base, path)
    publisher = doc.get("publisher")
    if publisher is not None and (not isinstance(publisher, str) or not publisher.strip()):
        raise InputError("give the publisher's name as a string", path=path, field="publisher")
    return ProjectHome(root.resolve(), base, publisher)


def check_base(base: object, path: Path | None = None) -> str:
    """An IRI base must be an http(s) IRI ending in '/', without query, fragment or spaces."""
    if not isinstance(base, str) or not _BASE.match(base):
        raise InputError(f"{base!r} is not an http(s) IRI ending in '/'", path=path,
                         field="iri_base", hint="e.g. https://example.org/kg/")
    return base


def init_project(folder: Path, *, iri_base: str = INIT_BASE,
                 publisher: str | None = None) -> list[Path]:
    """Make ``folder`` a project: the project file, data/ (entities, articles, Wikidata ids) and a
    .gitignore for build/. Existing files are kept; a folder that already is a project is refused.
    Returns the files and folders written."""
    check_base(iri_base)
    if (folder / PROJECT_FILE).is_dir():
        raise InputError("is a folder where the project file goes", path=folder / PROJECT_FILE,
                         hint="rename or remove that folder, or init another folder")
    if (folder / PROJECT_FILE).exists():
        raise InputError("already a newskg project", path=folder / PROJECT_FILE,
                         hint="edit it, or init another folder")
    if publisher is not None and not publisher.strip():
        raise InputError("the publisher is empty", field="--publisher",
                         hint="name who publishes the dataset, or leave the option out for the "
                         "folder's name")
    publisher = publisher or folder.resolve().name
    written: list[Path] = []

    def make(path: Path) -> None:  # a folder, and those above it that are new, noted in order
        missing = [p for p in (path, *path.parents) if not p.exists()]
        for made in reversed(missing):
            made.mkdir()
            written.append(made)

    def write(path: Path, text: str) -> None:
        if not path.exists():
            make(path.parent)
            atomic_write(path, text.encode("utf-8"))
            written.append(path)

    try:  # the project file last: a folder is a project only once everything else is there
        write(folder / DATA_DIR / "entities.yaml", ENTITIES_TEMPLATE)
        write(folder / DATA_DIR / "instances.yaml", INSTANCES_TEMPLATE.format(
            name=json.dumps(f"{publisher} curators"), date=dt.date.today().isoformat()))
        write(folder / DATA_DIR / "wikidata" / "verified.tsv", VERIFIED_TEMPLATE)
        make(folder / DATA_DIR / "articles")
        write(folder / ".gitignore", "# newskg's outputs (newskg build)\n/build/\n")
        write(folder / PROJECT_FILE, _project_file(iri_base, publisher))
    except BaseException:  # a full disk: nothing half-made stays (init can simply be run again)
        for path in reversed(written):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise
    order = [folder / PROJECT_FILE, folder / DATA_DIR / "entities.yaml",
             folder / DATA_DIR / "instances.yaml", folder / DATA_DIR / "wikidata" / "verified.tsv",
             folder / DATA_DIR / "articles", folder / ".gitignore"]
    return [path for path in order if path in written]


def _project_file(iri_base: str, publisher: str) -> str:
    escaped = publisher.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "# newskg project file: every newskg command run in this folder or below uses this project.\n"
        "\n"
        "# Base of the IRIs the project mints: entities <iri_base>id/entity/KEY, articles\n"
        "# <iri_base>id/article/SLUG, world instances <iri_base>id/KIND/KEY, named graphs\n"
        "# <iri_base>graph/... Use a namespace you control (e.g. https://w3id.org/YOURS/).\n"
        f'iri_base = "{iri_base}"\n'
        "\n"
        "# Who publishes the dataset.\n"
        f'publisher = "{escaped}"\n')


ENTITIES_TEMPLATE = """\
# Shared actors and territories, referenced by key from data/articles/*/facts.yaml
# (format: newskg's docs/facts-format.md). `newskg add` proposes new ones in an
# article's facts.yaml; move them here once reviewed. Example:
#
#   ilham-aliyev:
#     name: Ilham Aliyev
#     types: [Person]
#     aliases: [Aliyev, President Aliyev]

entities: {}
"""

INSTANCES_TEMPLATE = """\
# World instances (events, agreements, counted things, relationships), declared once and reported by
# the articles (format: newskg's docs/facts-format.md). `newskg add` proposes new ones in an
# article's facts.yaml; move them here once reviewed. `curation:` says who declared them.

curation:
  agent: curators
  agent_name: {name}
  agent_type: person
  date: '{date}'

events: {{}}
"""

VERIFIED_TEMPLATE = """\
# Wikidata ids checked against public sources; an entity's `wikidata:` must be listed here.
# kind\tname in the article\tid\tEnglish label as the source gives it
"""


BASE_ENV = "NEWSKG_IRI_BASE"
"""The environment variable newskg.rdf.prefixes reads the IRI base from (tests check they agree)."""


def apply_iri_base(home: ProjectHome | None) -> None:
    """Make the project's IRI base the process's: set NEWSKG_IRI_BASE before newskg.rdf.prefixes is
    imported (server processes inherit it). A process that already minted IRIs with another base
    cannot switch: that is an error, never a silent mix of two bases."""
    import os
    import sys

    if home is None or home.iri_base is None:
        return
    loaded = sys.modules.get("newskg.rdf.prefixes")
    current = getattr(loaded, "BASE", None)
    if loaded is not None and current != home.iri_base:
        raise NewskgError(f"this process already uses the IRI base {current}; the project at "
                          f"{home.root} uses {home.iri_base}: run newskg for it in a new process")
    os.environ[BASE_ENV] = home.iri_base
