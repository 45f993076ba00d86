"""What a build remembers per article, so that the next build reads only the articles that changed.

An article's graph depends on its folder (facts.yaml, article.txt, its name) and on its *context*:
every input outside ``data/articles/`` (entities.yaml, instances, wikidata/), the articles that
propose entities or instances (their proposals join the entities and instances every article is
checked against), the ontology and shapes, the SHACL engine and newskg's own code. The context
digest covers all of these, so a changed entities.yaml (a removed entity that an unchanged article
still names) gives a new context, and the build is made from nothing, checks and all.

Per article, ``build/.cache/articles/SLUG`` holds an `ArticleEntry`: the digest of the folder's
inputs and the context it was made under, and what the next build needs of the article without
reading it: its graph's digest and size, its validation unit's digest, whether it proposes
anything, its reports' support-index items and support summaries (the world graph and the world
unit read those). Per context, ``build/.cache/context/DIGEST`` holds the loaded entities and
instances, the class hierarchy and the entities graph's triples.

Entries are checked, never trusted blindly: each file starts with a format line and the SHA-256
of its payload; a missing, damaged or foreign entry (another input or context) counts as a
changed article, which is read and built again. The cache is written after a build is published,
so a failed build leaves it as it was.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newskg.atomic import atomic_write
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
_ENTRY = b"newskg article entry v1\n"
_CONTEXT = b"newskg build context v1\n"


@dataclass(frozen=True)
class ArticleEntry:
    """What a build remembers of one article (see the module doc)."""

    slug: str
    inputs: str  # input_digest of its folder
    context: str  # the context digest it was built under
    proposes: bool
    support: tuple[tuple[str, str], ...]  # (instance or counted key, report IRI): support_index
    summaries: tuple[Triple, ...]  # its reports' support summaries (validation.units)
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
    are let go (the graphs are then in the dataset's spool): each article's slug, input digest,
    whether it proposes anything and its support-index items, and the context's parts. `write`
    adds what the built dataset says of each graph (read graph by graph from the spool)."""

    context: str
    articles: tuple[tuple[str, str, bool, tuple[tuple[str, str], ...]], ...]
    entities: dict[str, Entity]
    instances: Instances
    hierarchy: Hierarchy
    links: dict[str, frozenset[Triple]]

    @classmethod
    def of(cls, project: Project, context: str, inputs: Mapping[str, str], hierarchy: Hierarchy,
           links: Mapping[str, Iterable[Triple]]) -> BuildMemory:
        return cls(context, tuple((f.slug, inputs.get(f.slug, ""), proposes(f), support_items(f))
                                  for f in project.articles),
                   dict(project.entities), project.instances, hierarchy,
                   {name: frozenset(triples) for name, triples in links.items()})

    def write(self, build_dir: Path, dataset: SortedDataset, units: Mapping[str, str]) -> None:
        """Write each article's entry and the context (``units``: each unit's digest by name)."""
        def entry(slug: str, inputs: str, proposing: bool,
                  support: tuple[tuple[str, str], ...]) -> ArticleEntry:
            graph = str(article_graph_iri(slug))
            block = dataset.blocks[graph]
            return ArticleEntry(slug, inputs, self.context, proposing, support,
                                summaries(dataset.graph_triples(graph)), graph, block.digest,
                                block.triples, units[graph])

        write_entries(build_dir, (entry(*article) for article in self.articles))
        write_context(build_dir, self.context, Context(
            self.entities, self.instances, self.hierarchy,
            frozenset(dataset.graph_triples(str(ENTITIES_GRAPH))), self.links))


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

def _sealed(magic: bytes, value: object) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return magic + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def _opened(magic: bytes, path: Path) -> Any:
    """The value sealed in ``path``, or None when it is missing or does not check out."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, checksum, payload = data[:len(magic)], data[len(magic):len(magic) + 64], \
        data[len(magic) + 65:]
    if head != magic or hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 (a payload from another version of the classes)
        return None


def read_entry(build_dir: Path, slug: str, inputs: str) -> ArticleEntry | None:
    """The article's entry when it is sound and made from these inputs, else None."""
    entry = _opened(_ENTRY, build_dir / ARTICLES_CACHE / slug)
    if not isinstance(entry, ArticleEntry) or entry.slug != slug or not inputs \
            or entry.inputs != inputs:
        return None
    return entry


def write_entries(build_dir: Path, entries: Iterable[ArticleEntry]) -> None:
    folder = build_dir / ARTICLES_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        atomic_write(folder / entry.slug, _sealed(_ENTRY, entry))


def forget_entries(build_dir: Path, slugs: Iterable[str]) -> None:
    """Remove the entries of articles that are gone."""
    for slug in slugs:
        (build_dir / ARTICLES_CACHE / slug).unlink(missing_ok=True)


def read_context(build_dir: Path, digest: str) -> Context | None:
    context = _opened(_CONTEXT, build_dir / CONTEXT_CACHE / digest)
    return context if isinstance(context, Context) else None


def write_context(build_dir: Path, digest: str, context: Context) -> None:
    """Keep ``context`` as the only remembered one."""
    folder = build_dir / CONTEXT_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / digest, _sealed(_CONTEXT, context))
    for other in folder.iterdir():
        if other.name != digest and not other.name.startswith("."):
            other.unlink(missing_ok=True)

