"""The world and drafts graphs and the world unit's parts, remembered by what they are made of.

The world graph is made from the context (instances, the class hierarchy, the Wikidata links) and
every article's support-index items; its unit's parts add the entity descriptions (context) and the
support summaries of the articles' reports. So `world_key` (the context digest and each article's
support digest, `newskg.publish.article_cache.ArticleSupport`) decides them all: a build whose key
is the one remembered takes the graphs' digests and sizes and the parts' unit digests from
``build/.cache/world/KEY`` instead of making them again from every article's support (at ten
million triples that was 11 s of a one-article build). The graphs' lines are kept beside it
(``KEY.lines``), read only when the published release does not hold these graphs already.

Sealed as the article entries are (format line, SHA-256 of the payload): a damaged file is not
trusted, and the world is made again. Written after the build is published; one key is kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newskg.atomic import atomic_write, opened, sealed

WORLD_CACHE = ".cache/world"
LINES_SUFFIX = ".lines"
_WORLD = b"newskg world v1\n"
_LINES = b"newskg world lines v1\n"


@dataclass(frozen=True)
class WorldMemory:
    """The world graphs made under one key, and the world unit's parts."""

    graphs: tuple[tuple[str, str, int], ...]  # (graph IRI, digest, triples), each present
    units: tuple[tuple[str, str], ...]  # (unit name, unit digest), each part


def world_key(context: str, supports: Mapping[str, str]) -> str:
    """The key of the world made under ``context`` from articles with these support digests
    (by slug)."""
    digest = hashlib.sha256(_WORLD + context.encode())
    for slug in sorted(supports):
        digest.update(f"\0{slug}\0{supports[slug]}".encode())
    return digest.hexdigest()


def read_world(build_dir: Path, key: str) -> WorldMemory | None:
    world = opened(_WORLD, build_dir / WORLD_CACHE / key)
    return world if isinstance(world, WorldMemory) else None


def read_world_lines(build_dir: Path, key: str, world: WorldMemory
                     ) -> dict[str, tuple[str, ...]] | None:
    """The world graphs' sorted lines, when sound and those of ``world`` (their sizes)."""
    lines = opened(_LINES, build_dir / WORLD_CACHE / f"{key}{LINES_SUFFIX}")
    if not isinstance(lines, dict) or sorted(lines) != sorted(n for n, _, _ in world.graphs) \
            or any(len(lines[name]) != triples for name, _, triples in world.graphs):
        return None
    return lines


def remember_world(build_dir: Path, key: str, world: WorldMemory,
                   lines: Mapping[str, Sequence[str]]) -> None:
    """Keep ``world`` (and its graphs' ``lines``) as the only remembered one."""
    folder = build_dir / WORLD_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{key}{LINES_SUFFIX}",
                 sealed(_LINES, {name: tuple(lines[name]) for name in lines})[0])
    atomic_write(folder / key, sealed(_WORLD, world)[0])
    for other in folder.iterdir():
        if other.name.partition(".")[0] != key and not other.name.startswith("."):
            other.unlink(missing_ok=True)
