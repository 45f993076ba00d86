"""One article under review: its files, the token that says which version the page saw, and
saving the page's edits.

Saving applies the edits to the files' text (newskg.review.edits), checks the result through the same
loader `newskg build` uses (newskg.project.load_project, reading the edited text instead of the files)
and writes the article's evidence as the build does (every span found in article.txt), then writes the
changed files, each atomically. A change that would not build is refused with the build's message and
nothing is written. A save whose token is not that of the files on disk (someone saved or edited them
since the page was loaded) is refused: the page reloads, nothing is merged.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from newskg.atomic import atomic_write
from newskg.errors import FactsError, InputError, NewskgError, StaleEditError
from newskg.project.articles import FACTS_FILE, TEXT_FILE, load_article_facts
from newskg.project.inputs import read_text_as_stored, reading_instead
from newskg.project.instances import INSTANCES_FILE
from newskg.project.load import load_project
from newskg.project.model import Project
from newskg.rdf.evidence import ArticleText
from newskg.review import edits
from newskg.review.edits import Files

ENTITIES_FILE = "entities.yaml"
DEFAULT_REVIEWER = "reviewer"


def find_article(data_dir: Path, article: str | None) -> Path:
    """The article folder named by ``article`` (a folder path or a slug under data/articles/);
    without one, the first article (in folder order) whose draft has reports not yet reviewed."""
    articles = data_dir / "articles"
    if article:
        given = Path(article)
        for folder in (given, articles / given.name):
            if (folder / FACTS_FILE).is_file():
                if folder.resolve().parent != articles.resolve():
                    raise InputError("is not an article of this project: the page reviews the "
                                     f"articles under {articles}", path=folder,
                                     hint=f"copy the folder into {articles} (or pass --data-dir "
                                     "DIR for another project's data/)")
                return folder
        raise InputError(f"no article {article!r}: no facts.yaml there nor under {articles}",
                         hint="give an article folder or its name, e.g. "
                         "2023-09-20-azerbaijan-claims-victory")
    for folder in sorted(p for p in articles.iterdir() if p.is_dir()) if articles.is_dir() else []:
        if (folder / FACTS_FILE).is_file() and _has_unreviewed(folder):
            return folder
    raise InputError("no article with reports to review", path=articles,
                     hint="draft one with 'newskg add ARTICLE.txt', or name an article to review")


def _has_unreviewed(folder: Path) -> bool:
    """Whether a report of the article is not reviewed (or its facts do not load: the page
    shows why)."""
    try:
        facts = load_article_facts(folder)
    except NewskgError:
        return True
    return any(not report.reviewed for report in facts.all_reports())


def token_of(files: Files) -> str:
    """The version of the files a page saw: a digest of their text."""
    digest = hashlib.sha256()
    for text in (files.facts, files.entities, files.instances):
        data = b"\x00missing" if text is None else text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


@dataclass
class ReviewSession:
    """The review of the article in ``folder`` (under ``data_dir/articles``)."""

    data_dir: Path
    folder: Path
    reviewer: str = DEFAULT_REVIEWER
    today: Callable[[], str] = edits.today  # the day a decision is recorded under (UTC)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def facts_path(self) -> Path:
        return self.folder / FACTS_FILE

    @property
    def entities_path(self) -> Path:
        return self.data_dir / ENTITIES_FILE

    @property
    def instances_path(self) -> Path:
        return self.data_dir / INSTANCES_FILE

    @cached_property
    def text(self) -> str:
        """The article's frozen text, as stored."""
        return read_text_as_stored(self.folder / TEXT_FILE, FactsError)

    @cached_property
    def article_text(self) -> ArticleText:
        return ArticleText(self.text)

    def read(self) -> Files:
        def text_of(path: Path) -> str | None:
            return path.read_text(encoding="utf-8") if path.is_file() else None

        try:
            facts = self.facts_path.read_text(encoding="utf-8")
        except FileNotFoundError:  # removed while the page is open
            raise FactsError("the article's facts.yaml is gone", path=self.facts_path,
                             hint="draft it again with newskg add, then reload the page") from None
        return Files(facts, text_of(self.entities_path), text_of(self.instances_path))

    def occurrence_of(self, evidence: str, start: int) -> int | None:
        """Which copy of ``evidence`` starts at ``start`` (None when it occurs once)."""
        starts = self.article_text.starts(evidence)
        if len(starts) <= 1:
            return None
        if start not in starts:
            raise edits.EditError(f"the span {evidence[:40]!r} does not start at offset {start}")
        return starts.index(start) + 1

    def apply(self, files: Files, changes: Sequence[Mapping[str, Any]]) -> Files:
        editing = edits.Editing(files)  # each file parsed once, whatever the number of edits
        for change in changes:
            edits.apply(editing, change, self.reviewer, self.occurrence_of, self.today())
        return editing.files()

    def check(self, files: Files) -> Project:
        """Load the project with ``files`` in place of the ones on disk, and write this article's
        evidence, as `newskg build` does; raise its error when they would not build."""
        instead = {self.facts_path: files.facts.encode("utf-8")}
        for path, text in ((self.entities_path, files.entities),
                           (self.instances_path, files.instances)):
            if text is not None and path.is_file():
                instead[path] = text.encode("utf-8")
        with reading_instead(instead):
            project = load_project(self.data_dir)
        facts = next(f for f in project.articles if f.slug == self.folder.name)
        from newskg.rdf.article import ArticleWriter

        ArticleWriter(facts, self.text, project.entities, project.instances,
                      self.hierarchy).build()
        return project

    @cached_property
    def hierarchy(self) -> Any:
        from newskg.rdf.dataset import class_hierarchy
        from newskg.validation.shacl import load_ontology

        return class_hierarchy(load_ontology())

    def save(self, token: str, changes: Sequence[Mapping[str, Any]]) -> tuple[Files, Project]:
        """Apply ``changes`` to the files the page saw (``token``), check and write them; return
        the files as written and the project read from them. Raises StaleEditError, or the
        build's error."""
        with self._lock:
            current = self.read()
            if token_of(current) != token:
                raise StaleEditError(
                    "the files changed since this page was loaded (saved from another page or "
                    "edited by hand); nothing was saved", path=self.facts_path,
                    hint="reload the page to see them, then make your changes again")
            edited = self.apply(current, changes)
            project = self.check(edited)
            for path, before, after in ((self.entities_path, current.entities, edited.entities),
                                        (self.instances_path, current.instances,
                                         edited.instances),
                                        (self.facts_path, current.facts, edited.facts)):
                if after is not None and after != before:
                    atomic_write(path, _line_ends_of(path, after).encode("utf-8"))
            return edited, project


def _line_ends_of(path: Path, text: str) -> str:
    """``text`` (read with its line ends made ``\\n``) with the line ends the file at ``path`` has:
    a file written with CRLF keeps CRLF, so a save changes only the lines it edits."""
    try:
        crlf = b"\r\n" in path.read_bytes()
    except OSError:
        return text
    return text.replace("\r\n", "\n").replace("\n", "\r\n") if crlf else text
