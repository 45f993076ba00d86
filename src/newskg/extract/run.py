"""Running extraction on one article, a folder of articles (optionally on several cores), or adding
an article with its draft to data/articles/.

Exit codes of `newskg extract DIR`: 0 when every article was drafted, 1 when some were skipped (each
reported on stderr), 2 when none could be (or the input is unusable).
"""

from __future__ import annotations

import datetime as dt
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newskg.errors import InputError, NewskgError
from newskg.export import atomic_write
from newskg.extract.article import read_article
from newskg.extract.draft import to_facts_yaml, to_gold_json
from newskg.extract.model import Extraction
from newskg.extract.pipeline import Extractor
from newskg.progress import progress

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


def render(x: Extraction, fmt: str) -> str:
    """The draft as YAML facts (``yaml``) or in the corpus gold shape (``json``)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose yaml or json", field="--format")
    return to_facts_yaml(x) if fmt == "yaml" else to_gold_json(x, x.article.path.stem)


@dataclass
class FolderResult:
    written: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if not self.failed else (1 if self.written else 2)


def _one(job: tuple[Path, Path, dt.date | None, str, Path | None]) -> tuple[Path, str | None]:
    source, target, published, fmt, data_dir = job
    try:
        text = render(extract_file(source, published=published, data_dir=data_dir), fmt)
    except NewskgError as exc:
        return source, str(exc)
    atomic_write(target, text.encode("utf-8"))
    return target, None


def extract_folder(folder: Path, out_dir: Path, *, published: dt.date | None = None,
                   fmt: str = "yaml", jobs: int = 1,
                   data_dir: Path | None = Path("data")) -> FolderResult:
    """Draft every article of ``folder`` into ``out_dir``; a bad article is reported and skipped."""
    if not folder.is_dir():
        raise InputError("not a folder", path=folder)
    render_suffix = FORMATS.get(fmt)
    if render_suffix is None:
        raise InputError(f"unknown format {fmt!r}; choose yaml or json", field="--format")
    sources = sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    if not sources:
        raise InputError("no articles (*.txt, *.html) in the folder", path=folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = [(p, out_dir / (p.stem + render_suffix), published, fmt, data_dir) for p in sources]
    result = FolderResult()
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(progress(pool.map(_one, work, chunksize=4), description="extracting",
                                     total=len(work)))
    else:
        outcomes = [_one(job) for job in progress(work, description="extracting")]
    for (source, *_), (path, error) in zip(work, outcomes, strict=True):
        if error is None:
            result.written.append(path)
        else:
            result.failed.append((source, error))
    return result


def article_slug(published: dt.date, headline: str) -> str:
    """``YYYY-MM-DD-first-words-of-the-headline`` (at most five words)."""
    words = re.findall(r"[a-z0-9]+", headline.lower())[:5]
    return "-".join([published.isoformat(), *words]) if words else published.isoformat()


def add_article(path: Path, *, published: dt.date | None = None,
                data_dir: Path = Path("data")) -> Path:
    """Extract ``path`` and place article.txt + facts.yaml under data/articles/<slug>/."""
    article = read_article(path, published=published)
    if article.published is None:
        raise InputError("no publication date", path=path,
                         hint="pass --published YYYY-MM-DD (the folder name starts with it)")
    if not (data_dir / "articles").is_dir():
        raise InputError("no articles/ folder here", path=data_dir,
                         hint="pass --data-dir pointing at the project's data folder")
    folder = data_dir / "articles" / article_slug(article.published, article.headline)
    if folder.exists():
        raise InputError("article folder exists already; nothing was overwritten", path=folder,
                         hint="remove it first, or edit its facts.yaml")
    draft = to_facts_yaml(_extractor(data_dir).extract(article))
    folder.mkdir(parents=True)
    atomic_write(folder / "article.txt", article.text.encode("utf-8"))
    atomic_write(folder / "facts.yaml", draft.encode("utf-8"))
    return folder


def parse_day(text: str | None) -> dt.date | None:
    """A --published value: YYYY-MM-DD, or None."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date YYYY-MM-DD", field="--published") from None
