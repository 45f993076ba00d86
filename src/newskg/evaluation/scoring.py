"""Precision, recall and F1 of predicted annotations against gold ones, per kind and micro-averaged.

Gold and predicted items are paired one to one within an article and a kind: every candidate pair that
its kind's rule accepts (see `matching`), best similarity first, each item used once. A paired gold item
is a hit; an unpaired gold item a miss; an unpaired predicted item a false hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newskg.evaluation.annotations import KINDS, Annotations, Item
from newskg.evaluation.matching import NameMatcher, rules
from newskg.evaluation.quotes import QuoteScores, score_quotes


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else float(self.fn == 0)

    @property
    def recall(self) -> float:
        expected = self.tp + self.fn
        return self.tp / expected if expected else float(self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"gold": self.tp + self.fn, "predicted": self.tp + self.fp, "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(frozen=True)
class Pair:
    kind: str
    gold: Item
    predicted: Item
    similarity: float


@dataclass
class ArticleScore:
    article: str
    counts: dict[str, Counts]
    hits: list[Pair] = field(default_factory=list)
    missed: list[tuple[str, Item]] = field(default_factory=list)
    false_hits: list[tuple[str, Item]] = field(default_factory=list)
    predicted: bool = True  # False: no prediction was found for this gold article
    quotes: QuoteScores = field(default_factory=QuoteScores)


@dataclass
class EvalReport:
    articles: list[ArticleScore]
    unmatched_predictions: list[str] = field(default_factory=list)

    def by_kind(self) -> dict[str, Counts]:
        totals = {kind: Counts() for kind in KINDS}
        for article in self.articles:
            for kind, counts in article.counts.items():
                totals[kind].add(counts)
        return totals

    def quotes(self) -> QuoteScores:
        """Citron-style quote attribution over all articles (see `quotes`)."""
        total = QuoteScores()
        for article in self.articles:
            total.add(article.quotes)
        return total

    def micro(self) -> Counts:
        total = Counts()
        for counts in self.by_kind().values():
            total.add(counts)
        return total

    def to_json(self, *, explain: bool = False) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "kinds": {kind: c.to_json() for kind, c in self.by_kind().items()},
            "micro": self.micro().to_json(),
            "quotes": {name: p.to_json() for name, p in self.quotes().measures.items()},
            "articles": {a.article: {"predicted": a.predicted,
                                     "kinds": {k: c.to_json() for k, c in a.counts.items()}}
                         for a in self.articles},
        }
        if self.unmatched_predictions:
            doc["predictions_without_gold"] = self.unmatched_predictions
        if explain:
            for a in self.articles:
                entry = doc["articles"][a.article]
                entry["missed"] = [{"kind": k, "item": i} for k, i in a.missed]
                entry["false_hits"] = [{"kind": k, "item": i} for k, i in a.false_hits]
        return doc


def score_article(gold: Annotations, predicted: Annotations) -> ArticleScore:
    names = NameMatcher(gold.of("actors"), predicted.of("actors"))
    score = ArticleScore(gold.article, {})
    score.quotes = score_quotes(gold.of("statements"), predicted.of("statements"), names)
    for kind, rule in rules(names).items():
        gold_items, pred_items = gold.of(kind), predicted.of(kind)
        candidates = sorted(
            ((sim, gi, pi) for gi, g in enumerate(gold_items) for pi, p in enumerate(pred_items)
             if (sim := rule(g, p)) is not None),
            key=lambda c: (-c[0], c[1], c[2]))
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        for sim, gi, pi in candidates:
            if gi in used_gold or pi in used_pred:
                continue
            used_gold.add(gi)
            used_pred.add(pi)
            score.hits.append(Pair(kind, gold_items[gi], pred_items[pi], sim))
        score.missed += [(kind, g) for i, g in enumerate(gold_items) if i not in used_gold]
        score.false_hits += [(kind, p) for i, p in enumerate(pred_items) if i not in used_pred]
        score.counts[kind] = Counts(tp=len(used_gold), fp=len(pred_items) - len(used_pred),
                                    fn=len(gold_items) - len(used_gold))
    return score


def evaluate(gold: dict[str, Annotations], predicted: dict[str, Annotations]) -> EvalReport:
    """Score every gold article; a gold article without a prediction counts as all missed."""
    articles = []
    for name, gold_article in gold.items():
        if name in predicted:
            articles.append(score_article(gold_article, predicted[name]))
        else:
            empty = Annotations(name, gold_article.published, gold_article.source, {})
            article = score_article(gold_article, empty)
            article.predicted = False
            articles.append(article)
    return EvalReport(articles, sorted(set(predicted) - set(gold)))
