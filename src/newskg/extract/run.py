"""Running extraction on one article, a folder of articles (optionally on several cores), or adding
an article with its draft to data/articles/.

Exit codes of `newskg extract DIR`: 0 when every article was drafted, 1 when some were skipped (each
reported on stderr), 2 when none could be (or the input is unusable).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newskg.atomic import atomic_write
from newskg.cluster import check_engine
from newskg.errors import InputError, NewskgError
from newskg.extract.article import read_article
from newskg.extract.candidates import Candidates, load_candidates
from newskg.extract.draft import to_gold_json
from newskg.extract.draft_doc import render as render_doc
from newskg.extract.facts_draft import to_facts_doc
from newskg.extract.model import Extraction
from newskg.extract.pipeline import Extractor
from newskg.extract.rerun import merge_previous
from newskg.process import quiet_worker
from newskg.progress import progress
from newskg.project import dates
from newskg.project.articles import TEXT_FILE
from newskg.project.inputs import NAME_CHARACTERS, NAME_PATTERN

FORMATS = {"yaml": ".yaml", "json": ".json"}
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_EXTRACTORS: dict[str, Extractor] = {}


def _extractor(data_dir: Path | None) -> Extractor:
    key = str(data_dir)
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(data_dir=data_dir)
    return _EXTRACTORS[key]


def extract_file(path: Path, *, published: dt.date | None = None,
                 data_dir: Path | None = Path("data")) -> Extraction:
    """Draft the facts of one article file."""
    return _extractor(data_dir).extract(read_article(path, published=published))


def article_name(path: Path) -> str:
    """What the gold shape calls an article: its file's stem, or, for a project's own
    ``SLUG/article.txt``, the folder's slug."""
    return path.parent.name if path.name == TEXT_FILE and path.parent.name else path.stem


def render(x: Extraction, fmt: str, candidates: Candidates | None = None, *,
           previous: Path | None = None) -> str:
    """The draft as YAML facts (``yaml``, resolved against ``candidates``; merged with the
    decisions of the ``previous`` facts file when it exists) or in the corpus gold shape
    (``json``)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose yaml or json", field="--format")
    if fmt == "json":
        return to_gold_json(x, article_name(x.article.path))
    doc = to_facts_doc(x, candidates)
    if previous is not None and previous.is_file():
        doc, _ = merge_previous(doc, previous, x.article.text)
    return render_doc(doc)


def render_for(x: Extraction, fmt: str, *, data_dir: Path | None,
               previous: Path | None = None) -> str:
    """``render`` resolved against the project in ``data_dir`` (YAML drafts)."""
    return render(x, fmt, load_candidates(data_dir) if fmt == "yaml" else None,
                  previous=previous)


@dataclass
class FolderResult:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if not self.failed else (1 if self.written else 2)


Job = tuple[Path, Path, dt.date | None, str, Path | None, Candidates | None]


def draft_article(job: Job) -> tuple[str | None, str | None]:
    """The per-article function, the same on local processes and on cluster workers: the draft's
    text, or the error that skipped the article. It reads the article, the data folder and a
    previous draft at ``target`` (a person's decisions) from their paths, so cluster workers see
    the same files (a shared folder); the caller writes the draft."""
    source, target, published, fmt, data_dir, candidates = job
    try:
        return render(extract_file(source, published=published, data_dir=data_dir), fmt,
                      candidates, previous=target), None
    except NewskgError as exc:
        return None, str(exc)


def _one(job: Job) -> tuple[Path, str | None]:
    text, error = draft_article(job)
    if text is None:
        return job[0], error
    atomic_write(job[1], text.encode("utf-8"))
    return job[1], None


def extract_folder(folder: Path, out_dir: Path, *, published: dt.date | None = None,
                   fmt: str = "yaml", jobs: int = 1,
                   data_dir: Path | None = Path("data"), engine: str = "local",
                   scheduler: str | None = None) -> FolderResult:
    """Draft every article of ``folder`` into ``out_dir``; a bad article is reported and skipped.

    ``engine`` local: ``jobs`` processes of this machine; dask: the workers of the Dask
    (dask.distributed) scheduler at ``scheduler`` run `draft_article`, this process writes the
    drafts (`newskg.cluster`)."""
    check_engine(engine, scheduler)
    if not folder.is_dir():
        raise InputError("not a folder", path=folder)
    render_suffix = FORMATS.get(fmt)
    if render_suffix is None:
        raise InputError(f"unknown format {fmt!r}; choose yaml or json", field="--format")
    sources = sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    if not sources:
        raise InputError("no articles (*.txt, *.html) in the folder", path=folder)
    made = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    candidates = load_candidates(data_dir) if fmt == "yaml" else None
    if engine == "dask":  # the workers run in folders of their own: paths they can follow
        sources, out_dir = [p.absolute() for p in sources], out_dir.absolute()
        data_dir = None if data_dir is None else data_dir.absolute()
    work = [(p, out_dir / (p.stem + render_suffix), published, fmt, data_dir, candidates)
            for p in sources]
    result = FolderResult()
    if engine == "dask":
        from newskg.cluster import map_on_cluster

        assert scheduler is not None
        outcomes = []
        for (source, target, *_), (text, error) in zip(
                work, map_on_cluster(scheduler, work, draft_article), strict=True):
            if text is not None:
                atomic_write(target, text.encode("utf-8"))
            outcomes.append((target, None) if text is not None else (source, error))
    elif min(jobs, len(work)) > 1:  # no more processes than articles
        with ProcessPoolExecutor(max_workers=min(jobs, len(work)),
                                 initializer=quiet_worker) as pool:
            outcomes = list(progress(pool.map(_one, work, chunksize=4), description="extracting",
                                     total=len(work)))
    else:
        outcomes = [_one(job) for job in progress(work, description="extracting")]
    for (source, *_), (path, error) in zip(work, outcomes, strict=True):
        if error is None:
            result.written.append(path)
        else:
            result.failed.append((source, error))
    if made and not result.written:
        out_dir.rmdir()  # every article failed: no empty folder left behind
    return result


def article_slug(published: dt.date, headline: str) -> str:
    """``YYYY-MM-DD-first-words-of-the-headline`` (at most five words); a headline without Latin
    letters or digits ("Путин заявил ...") gives ``YYYY-MM-DD-h`` and eight hex digits of its
    SHA-256, so two such articles of one day get two folders."""
    # an apostrophe joins its word ("Sudan's army": sudans-army, not sudan-s-army)
    # and accents go ("Ünïcödé" -> unicode); other scripts give no words
    latin = unicodedata.normalize("NFKD", headline).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]", "", latin.lower()))[:5]
    if not words and headline.strip():
        words = ["h" + hashlib.sha256(headline.strip().encode("utf-8")).hexdigest()[:8]]
    return "-".join([published.isoformat(), *words]) if words else published.isoformat()


def add_article(path: Path, *, published: dt.date | None = None,
                data_dir: Path = Path("data"), name: str | None = None) -> Path:
    """Extract ``path`` and place article.txt + facts.yaml under data/articles/<slug>/, resolved
    against the project. Adding the same text again drafts it again and keeps every decision a
    person made in its facts.yaml (extract/rerun.py); a different text under the same folder is
    refused (another article of the same day and headline takes another ``name``). A failure
    while writing (a full disk) leaves no folder behind that was not there before."""
    article = read_article(path, published=published)
    if article.published is None:
        raise InputError("no publication date", path=path,
                         hint="pass --published YYYY-MM-DD (the folder name starts with it)")
    today = dt.datetime.now(dt.UTC).date()
    if article.published > today:  # its draft would not build (S164: curated before published)
        raise InputError(f"the publication date {article.published} is after today ({today})",
                         path=path, field="published",
                         hint="check --published or the article's published: line")
    if not (data_dir / "articles").is_dir():
        raise InputError("no articles/ folder here", path=data_dir,
                         hint="pass --data-dir pointing at the project's data folder")
    if name is not None:
        if not NAME_PATTERN.fullmatch(name):  # the whole value: '../x' or '/tmp/x' leave data/
            raise InputError(f"{name!r} is not an article folder name", field="--name",
                             hint=f"one name, no path: {NAME_CHARACTERS}, e.g. "
                             f"{article_slug(article.published, article.headline)}-2")
        folder = data_dir / "articles" / name
    else:
        folder = same_text_folder(data_dir / "articles", article.text) or (
            data_dir / "articles" / article_slug(article.published, article.headline))
    slug = folder.name
    text_path, facts_path = folder / "article.txt", folder / "facts.yaml"
    if folder.exists() and (not text_path.is_file() or
                            text_path.read_text(encoding="utf-8") != article.text):
        raise InputError("article folder exists already with another text; nothing was "
                         "overwritten", path=folder,
                         hint="its article.txt is frozen: if this is another article, give it "
                         f"a folder of its own with --name {slug}-2; if it replaces that one, "
                         "remove the folder first")
    draft = render(_extractor(data_dir).extract(article), "yaml",
                   load_candidates(data_dir, leave_out=slug), previous=facts_path)
    made = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not text_path.is_file():
            atomic_write(text_path, article.text.encode("utf-8"))
        atomic_write(facts_path, draft.encode("utf-8"))
    except BaseException:
        if made:  # nothing half-made: a folder without its draft would stop every build
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def same_text_folder(articles: Path, text: str) -> Path | None:
    """The article folder whose article.txt is ``text`` already (drafting it again), if any."""
    data = text.encode("utf-8")
    for path in sorted(articles.glob("*/article.txt")):
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return path.parent
    return None


def parse_day(text: str | None) -> dt.date | None:
    """A --published value: YYYY-MM-DD (the rule of a facts file's dates), or None."""
    if text is None:
        return None
    try:
        return dates.parse_day(text)
    except dates.DateFormError as exc:
        raise InputError(str(exc), field="--published") from None
