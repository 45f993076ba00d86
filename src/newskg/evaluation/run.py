"""`newskg eval`: gold annotations against predictions read from files or made by `extract`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newskg.errors import InputError
from newskg.evaluation.annotations import (
    Annotations,
    AnnotationsError,
    annotation_sources,
    load_annotations_json,
)
from newskg.evaluation.from_facts import annotations_from_facts
from newskg.evaluation.scoring import EvalReport, evaluate

# (article file, publication date or None) → the draft's annotations in the gold shape
Extractor = Callable[[Path, str | None], Annotations]


def load_annotations(path: Path, data_dir: Path | None = None) -> Annotations:
    """Read annotations from a gold-shaped JSON file, or from an article folder's facts.yaml."""
    return annotations_from_facts(path, data_dir) if path.is_dir() else load_annotations_json(path)


def load_gold(gold_dir: Path, data_dir: Path | None = None) -> dict[str, Annotations]:
    sources = annotation_sources(gold_dir)
    if not sources:
        raise AnnotationsError("no gold annotations here", path=gold_dir,
                               hint="expected NAME.json files or NAME/facts.yaml folders")
    return {name: load_annotations(path, data_dir) for name, path in sources.items()}


def load_predictions(pred_dir: Path, data_dir: Path | None = None) -> dict[str, Annotations]:
    return {name: load_annotations(path, data_dir)
            for name, path in annotation_sources(pred_dir).items()}


def article_file(articles_dir: Path, name: str) -> Path | None:
    """The article text for a gold NAME: NAME.txt, NAME.html or NAME/article.txt."""
    for candidate in (articles_dir / f"{name}.txt", articles_dir / f"{name}.html",
                      articles_dir / name / "article.txt"):
        if candidate.is_file():
            return candidate
    return None


def extract_predictions(articles_dir: Path, gold: dict[str, Annotations],
                        extractor: Extractor) -> dict[str, Annotations]:
    """Run the extractor on the article of each gold file (the gold's date as a fallback)."""
    if not articles_dir.is_dir():
        raise InputError("articles folder not found", path=articles_dir,
                         hint="give the folder that holds the articles the gold files annotate")
    predicted = {}
    for name, gold_article in gold.items():
        path = article_file(articles_dir, name)
        if path is not None:
            predicted[name] = extractor(path, gold_article.published)
    return predicted


def run_eval(gold_dir: Path, *, pred_dir: Path | None = None, articles_dir: Path | None = None,
             extractor: Extractor | None = None, data_dir: Path | None = None) -> EvalReport:
    """Score predictions (a folder of them, or extraction of a folder of articles) against gold."""
    if (pred_dir is None) == (articles_dir is None):
        raise InputError("give exactly one of --pred or --extract",
                         hint="--pred DIR scores files; --extract DIR runs extract on articles")
    gold = load_gold(gold_dir, data_dir)
    if pred_dir is not None:
        predicted = load_predictions(pred_dir, data_dir)
    else:
        assert articles_dir is not None
        if extractor is None:
            from newskg.evaluation.extractor import extract_annotations

            def extractor(path: Path, published: str | None) -> Annotations:
                return extract_annotations(path, published, data_dir=data_dir)

        predicted = extract_predictions(articles_dir, gold, extractor)
    if gold and not set(gold) & set(predicted):  # a wrong folder, not a score of zero
        where = pred_dir if pred_dir is not None else articles_dir
        raise InputError(f"none of the {len(gold)} gold article(s) has a prediction here "
                         f"(gold names such as {min(gold)!r})", path=where,
                         hint="--pred takes NAME.json files or NAME/facts.yaml folders, --extract "
                         "NAME.txt or NAME/article.txt, named as the gold files are")
    return evaluate(gold, predicted)
