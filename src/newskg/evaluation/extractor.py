"""The bridge from `newskg.extract` to scoring: draft an article, read the draft in the gold shape."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newskg.evaluation.annotations import Annotations, parse_annotations


def extract_annotations(path: Path, published: str | None, *,
                        data_dir: Path | None = Path("data")) -> Annotations:
    """Run `extract` on one article (the gold's publication date as fallback) → gold-shaped."""
    from newskg.extract.draft import to_gold
    from newskg.extract.run import extract_file

    name = path.parent.name if path.name == "article.txt" else path.stem
    date = dt.date.fromisoformat(published) if published else None
    draft = extract_file(path, published=date, data_dir=data_dir)
    return parse_annotations(to_gold(draft, name), path, name)
