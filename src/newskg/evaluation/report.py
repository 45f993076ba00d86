"""Render an EvalReport: a table for people, JSON for scripts, and the misses with --explain."""

from __future__ import annotations

import json

from newskg.evaluation.annotations import Item
from newskg.evaluation.scoring import Counts, EvalReport

FORMATS = ("table", "json")


def render_eval(report: EvalReport, fmt: str = "table", *, explain: bool = False) -> str:
    if fmt == "json":
        return json.dumps(report.to_json(explain=explain), indent=2, ensure_ascii=False) + "\n"
    rows = [*report.by_kind().items(), ("micro", report.micro())]
    header = (f"{'kind':12} {'gold':>5} {'pred':>5} {'hits':>5} {'precision':>9} {'recall':>7} "
              f"{'F1':>6}")
    lines = [header]
    lines += [_row(kind, counts) for kind, counts in rows]
    lines += ["", f"{'quotes':16} {'gold':>5} {'pred':>5} {'precision':>9} {'recall':>7} {'F1':>6}"]
    lines += [f"{name:16} {p.gold:5d} {p.predicted:5d} {p.precision:9.3f} {p.recall:7.3f} "
              f"{p.f1:6.3f}" for name, p in report.quotes().measures.items()]
    for article in report.articles:
        if not article.predicted:
            lines.append(f"note: no prediction for {article.article}: all its gold items count "
                         "as missed")
    for name in report.unmatched_predictions:
        lines.append(f"note: prediction {name} has no gold file; not scored")
    if explain:
        for article in report.articles:
            if not (article.missed or article.false_hits):
                continue
            lines += ["", f"== {article.article}"]
            lines += [f"  missed     {kind:11} {_describe(kind, item)}" for kind, item in article.missed]
            lines += [f"  false hit  {kind:11} {_describe(kind, item)}"
                      for kind, item in article.false_hits]
    return "\n".join(lines) + "\n"


def _row(kind: str, c: Counts) -> str:
    return (f"{kind:12} {c.tp + c.fn:5d} {c.tp + c.fp:5d} {c.tp:5d} {c.precision:9.3f} "
            f"{c.recall:7.3f} {c.f1:6.3f}")


def _describe(kind: str, item: Item) -> str:
    if kind == "statements":
        return f"{item.get('speaker')}: {_clip(str(item.get('text', '')))}"
    if kind == "figures":
        return (f"{item.get('what')} {item.get('qualifier', '')} {item.get('value')} "
                f"(by {item.get('reported_by')})")
    if kind == "events":
        return f"{item.get('type')} {item.get('date')}: {item.get('name', '')}"
    if kind == "agreements":
        return f"{item.get('type', '')} parties={item.get('parties')} date={item.get('date')}"
    return f"{item.get('name')} ({item.get('type', '')})"


def _clip(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
