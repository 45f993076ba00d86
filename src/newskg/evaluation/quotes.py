"""Quote-attribution scores in the manner of BBC's Citron: speaker F1, content exact-span F1 and
content overlap F1, over the statements of gold and predicted annotations.

- content overlap: gold and predicted statements are paired one to one, most shared words first (any
  shared content word makes a candidate pair); a pair adds shared/predicted words to the precision
  sum and shared/gold words to the recall sum, so a half-right span earns half;
- content exact: a pair whose two texts are the same words (case, punctuation and quotation marks
  aside) scores 1, others 0;
- speaker: a pair whose speakers match (the names rule of `matching`) scores 1.

Precision divides by the number of predicted statements, recall by the number of gold ones. Unlike
the per-kind statement score, the speaker does not decide the pairing here: it is scored on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from newskg.evaluation.annotations import Item
from newskg.evaluation.matching import NameMatcher
from newskg.words import content_words

MEASURES = ("speaker", "content exact", "content overlap")
_TOKEN = re.compile(r"\w+")


@dataclass
class Partial:
    """Sums of partial credit: precision and recall numerators, and the two denominators."""

    p_sum: float = 0.0
    r_sum: float = 0.0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Partial) -> None:
        self.p_sum += other.p_sum
        self.r_sum += other.r_sum
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.p_sum / self.predicted if self.predicted else float(self.gold == 0)

    @property
    def recall(self) -> float:
        return self.r_sum / self.gold if self.gold else float(self.predicted == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass
class QuoteScores:
    measures: dict[str, Partial] = field(default_factory=lambda: {m: Partial() for m in MEASURES})

    def add(self, other: QuoteScores) -> None:
        for name, partial in other.measures.items():
            self.measures[name].add(partial)


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def score_quotes(gold: list[Item], predicted: list[Item], names: NameMatcher) -> QuoteScores:
    """The three measures for one article's statements."""
    scores = QuoteScores()
    for partial in scores.measures.values():
        partial.gold, partial.predicted = len(gold), len(predicted)
    gold_tokens = [_tokens(str(g.get("text", ""))) for g in gold]
    pred_tokens = [_tokens(str(p.get("text", ""))) for p in predicted]
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if not content_words(str(g.get("text", ""))) & content_words(str(p.get("text", ""))):
                continue
            shared = _shared(gold_tokens[gi], pred_tokens[pi])
            if shared:
                candidates.append((shared, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for shared, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        overlap = scores.measures["content overlap"]
        overlap.p_sum += shared / max(1, len(pred_tokens[pi]))
        overlap.r_sum += shared / max(1, len(gold_tokens[gi]))
        if gold_tokens[gi] == pred_tokens[pi]:
            scores.measures["content exact"].p_sum += 1
            scores.measures["content exact"].r_sum += 1
        if names.similarity(gold[gi].get("speaker"), predicted[pi].get("speaker")) is not None:
            scores.measures["speaker"].p_sum += 1
            scores.measures["speaker"].r_sum += 1
    return scores


def _shared(a: list[str], b: list[str]) -> int:
    """Words the two token lists share, counted with multiplicity."""
    counts: dict[str, int] = {}
    for t in a:
        counts[t] = counts.get(t, 0) + 1
    shared = 0
    for t in b:
        if counts.get(t, 0) > 0:
            counts[t] -= 1
            shared += 1
    return shared
