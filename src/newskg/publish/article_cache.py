"""What a build remembers per article, so that the next build reads only the articles that changed.

An article's graph depends on its folder (facts.yaml, article.txt, its name) and on its *context*:
every input outside ``data/articles/`` (entities.yaml, instances, wikidata/), the articles that
propose entities or instances (their proposals join the entities and instances every article is
checked against), the ontology and shapes, the SHACL engine and newskg's own code. The context
digest covers all of these, so a changed entities.yaml (a removed entity that an unchanged article
still names) gives a new context, and the build is made from nothing, checks and all.

Per article, ``build/.cache/articles/SLUG`` holds an `ArticleEntry`: the digest of the folder's
inputs, the ``lstat`` stamps of its two files when the digest was taken, and the context it was made
under, and what the next build needs of the article without reading it: its graph's digest and size,
its validation unit's digest, whether it proposes anything and the digest of ``SLUG.support``
beside it (an `ArticleSupport`: its reports' support-index items and support summaries, which the
world graph and the world unit read; only read when those are made again,
`newskg.publish.world_cache`). Per context, ``build/.cache/context/DIGEST`` holds the loaded
entities and instances, the class hierarchy and the entities graph's triples.

An article whose files' stamps (modification and change times, size, inode) are those its entry
remembers is not read again to digest it: as ``make`` and git's index do. A stamp taken less than
`RECENT_NS` after a file changed is not kept (a change within the same tick of the file system's
clock could leave it equal), so such an article is digested again by the next build.

Entries are checked, never trusted blindly: each file starts with a format line and the SHA-256
of its payload; a missing, damaged or foreign entry (another input or context) counts as a
changed article, which is read and built again. The cache is written after a build is published,
so a failed build leaves it as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from newskg.atomic import atomic_write, opened, sealed
from newskg.project.articles import FACTS_FILE, TEXT_FILE
from newskg.project.entities import Entity
from newskg.project.model import ArticleFacts, Instances, Project
from newskg.rdf.iris import ENTITIES_GRAPH, article_graph_iri, report_iri
from newskg.rdf.ntriples import Triple
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.rdf.terms import Hierarchy
from newskg.resources import alignments_path
from newskg.validation.units import SupportSummaries

ARTICLES_CACHE = ".cache/articles"
CONTEXT_CACHE = ".cache/context"
SUPPORT_SUFFIX = ".support"  # a slug has no "."
_ENTRY = b"newskg article entry v2\n"
_SUPPORT = b"newskg article support v1\n"
_CONTEXT = b"newskg build context v1\n"
RECENT_NS = 2_000_000_000  # a stamp taken this soon after a file changed is not kept

Stamp = tuple[int, ...]  # (mtime_ns, ctime_ns, size, inode) of facts.yaml, then of article.txt


@dataclass(frozen=True)
class ArticleInput:
    """An article folder's input digest ("" when a file cannot be read), and its files' stamp
    taken just before (None when missing or too recent to be kept)."""

    digest: str
    stamp: Stamp | None


@dataclass(frozen=True)
class ArticleSupport:
    """What the world graph and the world unit need of an article (``SLUG.support``)."""

    items: tuple[tuple[str, str], ...]  # (instance or counted key, report IRI): support_index
    summaries: tuple[Triple, ...]  # its reports' support summaries (validation.units)

    def sealed(self) -> tuple[bytes, str]:
        """The file's bytes and the support's digest (which the entry keeps)."""
        return sealed(_SUPPORT, self)[0], self.digest()

    def digest(self) -> str:
        """A digest of the values (not of their pickle, whose bytes depend on which equal
        strings are one object)."""
        return hashlib.sha256(json.dumps([self.items, self.summaries]).encode()).hexdigest()


@dataclass(frozen=True)
class ArticleEntry:
    """What a build remembers of one article (see the module doc)."""

    slug: str
    inputs: str  # input_digest of its folder
    stamp: Stamp | None  # its files' stamp when ``inputs`` was taken
    context: str  # the context digest it was built under
    proposes: bool
    support: str  # the digest of its ArticleSupport file
    graph: str
    digest: str
    triples: int
    unit: str  # its validation unit's digest


@dataclass(frozen=True)
class Context:
    """The loaded context of a build (see the module doc)."""

    entities: dict[str, Entity]
    instances: Instances
    hierarchy: Hierarchy
    entity_triples: frozenset[Triple]  # the entities graph, links included
    links: dict[str, frozenset[Triple]]  # Wikidata links by graph (entities, world, drafts)


@dataclass(frozen=True)
class BuildMemory:
    """What a build from data/ remembers once published, taken from the project before its facts
    are let go (the graphs are then in the dataset's spool): each article's slug, inputs,
    whether it proposes anything and its support-index items, and the context's parts. `write`
    adds what the built dataset says of each graph (read graph by graph from the spool)."""

    context: str
    articles: tuple[tuple[str, ArticleInput, bool, tuple[tuple[str, str], ...]], ...]
    entities: dict[str, Entity]
    instances: Instances
    hierarchy: Hierarchy
    links: dict[str, frozenset[Triple]]

    @classmethod
    def of(cls, project: Project, context: str, inputs: Mapping[str, ArticleInput],
           hierarchy: Hierarchy, links: Mapping[str, Iterable[Triple]]) -> BuildMemory:
        unread = ArticleInput("", None)
        return cls(context, tuple((f.slug, inputs.get(f.slug, unread), proposes(f),
                                   support_items(f)) for f in project.articles),
                   dict(project.entities), project.instances, hierarchy,
                   {name: frozenset(triples) for name, triples in links.items()})

    def write(self, build_dir: Path, dataset: SortedDataset, units: Mapping[str, str]
              ) -> dict[str, str]:
        """Write each article's entry and support, and the context (``units``: each unit's
        digest by name). Returns each article's support digest by slug."""
        supports: dict[str, str] = {}

        def entry(slug: str, inputs: ArticleInput, proposing: bool,
                  items: tuple[tuple[str, str], ...]) -> tuple[ArticleEntry, bytes]:
            graph = str(article_graph_iri(slug))
            block = dataset.blocks[graph]
            sealed, supports[slug] = ArticleSupport(
                items, summaries(dataset.graph_triples(graph))).sealed()
            return ArticleEntry(slug, inputs.digest, inputs.stamp, self.context, proposing,
                                supports[slug], graph, block.digest, block.triples,
                                units[graph]), sealed

        write_entries(build_dir, (entry(*article) for article in self.articles))
        write_context(build_dir, self.context, Context(
            self.entities, self.instances, self.hierarchy,
            frozenset(dataset.graph_triples(str(ENTITIES_GRAPH))), self.links))
        return supports


def input_stamp(folder: Path) -> Stamp | None:
    """The ``lstat`` stamp of an article's two files; None when one is missing or changed less
    than `RECENT_NS` ago (take it before reading them)."""
    now = time.time_ns()
    stamp: list[int] = []
    where = str(folder)
    for name in (FACTS_FILE, TEXT_FILE):
        try:
            found = os.lstat(f"{where}/{name}")
        except OSError:
            return None
        if max(found.st_mtime_ns, found.st_ctime_ns) > now - RECENT_NS:
            return None
        stamp += (found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino)
    return tuple(stamp)


def article_input(folder: Path, entry: ArticleEntry | None = None) -> ArticleInput:
    """The folder's inputs: its stamp, then its digest, read and computed unless ``entry`` (its
    remembered entry) has the same stamp."""
    stamp = input_stamp(folder)
    if entry is not None and stamp is not None and entry.stamp == stamp:
        return ArticleInput(entry.inputs, stamp)
    return ArticleInput(input_digest(folder), stamp)


def input_digest(folder: Path) -> str:
    """SHA-256 of an article folder's name and its two files; "" when one cannot be read (the
    loader then says why)."""
    digest = hashlib.sha256(folder.name.encode("utf-8") + b"\0")
    try:
        for name in (FACTS_FILE, TEXT_FILE):
            digest.update((folder / name).read_bytes())
            digest.update(b"\0")
    except OSError:
        return ""
    return digest.hexdigest()


CODE = ("project", "rdf", "validation", "publish/article_cache.py", "publish/incremental.py",
        "errors.py")  # the code that reads inputs, writes graphs and splits validation units


@cache
def code_digest() -> bytes:
    """The code that makes what an entry remembers (`CODE`), and pyoxigraph's version: a new
    version of either builds from nothing."""
    import pyoxigraph

    digest = hashlib.sha256(pyoxigraph.__version__.encode())
    package = Path(__file__).resolve().parent.parent
    for part in CODE:
        for path in sorted((package / part).rglob("*.py")) if part.find(".") < 0 \
                else [package / part]:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0"
                          + path.read_bytes())
    return digest.digest()


def context_digest(data_dir: Path, proposing: Iterable[tuple[str, str]], rules: bytes) -> str:
    """The digest of everything an article's graph and checks depend on besides its own folder:
    every file of ``data_dir`` outside ``articles/``, the (slug, input digest) of the articles
    that propose entities or instances, the validation ``rules`` (shapes, ontology, engine), the
    input size limit, the code and the ontology's alignments (which the all-graphs store holds)."""
    digest = hashlib.sha256(_CONTEXT + code_digest() + rules + alignments_path().read_bytes())
    digest.update(os.environ.get("NEWSKG_MAX_INPUT_MB", "").encode())
    for root, dirs, files in os.walk(data_dir):
        here = Path(root)
        if here == data_dir:
            dirs[:] = [d for d in dirs if d != "articles"]
        dirs.sort()
        for name in sorted(files):
            path = here / name
            digest.update(b"\0F" + path.relative_to(data_dir).as_posix().encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\0unreadable")
    for slug, inputs in proposing:
        digest.update(f"\0P{slug}\0{inputs}".encode())
    return digest.hexdigest()


def proposes(facts: ArticleFacts) -> bool:
    return bool(facts.proposed_entities or facts.proposed_instances)


def support_items(facts: ArticleFacts) -> tuple[tuple[str, str], ...]:
    """The article's items of `newskg.rdf.article.support_index`, in its order."""
    return (*((r.instance, report_iri(facts.slug, r.id)) for r in facts.reports),
            *((f.counted, report_iri(facts.slug, f.id)) for f in facts.figures))


def summaries(triples: Iterable[Triple]) -> tuple[Triple, ...]:
    """The support summaries among an article graph's triples (`SupportSummaries`)."""
    wanted = SupportSummaries.PREDICATES
    return tuple(sorted(t for t in triples if t[1] in wanted))


# -- the files ----------------------------------------------------------------------------------

def read_entry(build_dir: Path, slug: str) -> ArticleEntry | None:
    """The article's entry when it is sound (the caller compares its inputs), else None."""
    entry = opened(_ENTRY, f"{build_dir}/{ARTICLES_CACHE}/{slug}")
    return entry if isinstance(entry, ArticleEntry) and entry.slug == slug else None


def read_support(build_dir: Path, slug: str, digest: str) -> ArticleSupport | None:
    """The article's support when sound and the one its entry names (``digest``), else None."""
    path = build_dir / ARTICLES_CACHE / f"{slug}{SUPPORT_SUFFIX}"
    support = opened(_SUPPORT, path)
    return support if isinstance(support, ArticleSupport) and support.digest() == digest else None


def write_entries(build_dir: Path, entries: Iterable[tuple[ArticleEntry, bytes | None]]) -> None:
    """Write each entry, after its support file (the sealed bytes; None: unchanged)."""
    folder = build_dir / ARTICLES_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    for entry, support in entries:
        if support is not None:
            atomic_write(folder / f"{entry.slug}{SUPPORT_SUFFIX}", support)
        atomic_write(folder / entry.slug, sealed(_ENTRY, entry)[0])


def forget_entries(build_dir: Path, slugs: Iterable[str]) -> None:
    """Remove the entries of articles that are gone."""
    for slug in slugs:
        (build_dir / ARTICLES_CACHE / slug).unlink(missing_ok=True)
        (build_dir / ARTICLES_CACHE / f"{slug}{SUPPORT_SUFFIX}").unlink(missing_ok=True)


def read_context(build_dir: Path, digest: str) -> Context | None:
    context = opened(_CONTEXT, build_dir / CONTEXT_CACHE / digest)
    return context if isinstance(context, Context) else None


def write_context(build_dir: Path, digest: str, context: Context) -> None:
    """Keep ``context`` as the only remembered one."""
    folder = build_dir / CONTEXT_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / digest, sealed(_CONTEXT, context)[0])
    for other in folder.iterdir():
        if other.name != digest and not other.name.startswith("."):
            other.unlink(missing_ok=True)

