"""What a report's table shows (`newskg.store.render.render_report`), kept apart from the report:
the results per severity, the rows listed and the rest counted per shape. A build remembers the
summary `newskg build` prints with its release (`newskg.publish.graph_files`), so a build whose
results did not change prints it without reading every result back."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

SEVERITY_ORDER = ("Violation", "Warning", "Info")
BUILD_SHOWN = ("Violation", "Warning")  # what `newskg build` prints; infos are only counted
BUILD_MOST_WARNINGS = 20  # `newskg build` lists every violation, and at most this many warnings


@dataclass(frozen=True)
class Violation:
    """One validation result (of any severity), with the article, fact and evidence it concerns.

    ``path`` is the property IRI, or a SPARQL property path with IRIs in angle brackets when the
    shape's path is not a single property. ``value`` is an IRI, or a literal in N-Triples form with
    well-known prefixes (``"1.5"^^xsd:double``). ``evidence`` is the fact's evidence quote (oa:exact).
    """

    shape: str
    shape_id: str
    focus: str
    path: str | None
    value: str | None
    severity: str
    message: str
    article: str | None
    fact: str | None
    evidence: str | None

    def as_dict(self) -> dict[str, str | None]:
        """``dataclasses.asdict`` of a Violation (its fields are strings), without its deep copy:
        a 1M-triple build's report has 40,000 results, written three times (the report's JSON, the
        units' markers, the summary)."""
        return {name: getattr(self, name) for name in _FIELDS}


_FIELDS = tuple(f.name for f in fields(Violation))
_RANK = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}


def by_severity(violations: Iterable[Violation]) -> list[Violation]:
    """The results in `SEVERITY_ORDER` (violations, warnings, infos), each severity's in the
    order given."""
    return sorted(violations, key=lambda v: _RANK.get(v.severity, len(_RANK)))


@dataclass(frozen=True)
class ReportSummary:
    """The table of a report: ``counts`` (severity, results) in `SEVERITY_ORDER` for those that
    occur, the ``rows`` listed (violations first), and the results not listed by shape id."""

    counts: tuple[tuple[str, int], ...]
    rows: tuple[Violation, ...]
    hidden: tuple[tuple[str, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {"counts": [list(c) for c in self.counts], "rows": [v.as_dict() for v in self.rows],
                "hidden": [list(h) for h in self.hidden]}

    @classmethod
    def from_json(cls, saved: dict[str, Any]) -> ReportSummary:
        """The summary `to_json` gave; ValueError when ``saved`` is not one."""
        try:
            return cls(tuple((str(s), int(n)) for s, n in saved["counts"]),
                       tuple(Violation(**v) for v in saved["rows"]),
                       tuple((str(s), int(n)) for s, n in saved["hidden"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a report summary: {exc}") from None


def summarize(violations: Sequence[Violation], shown: Iterable[str] = SEVERITY_ORDER,
              most_warnings: int | None = None) -> ReportSummary:
    """The table of ``violations``: those whose severity is in ``shown`` listed (violations
    first, then at most ``most_warnings`` of the others), the rest counted by shape."""
    shown = tuple(shown)
    counts = Counter(v.severity for v in violations)
    rows = by_severity(v for v in violations if v.severity in shown)
    if most_warnings is not None:
        failing = sum(v.severity == "Violation" for v in rows)
        rows = rows[:failing + most_warnings]
    listed = set(rows)
    hidden = Counter(v.shape_id or v.shape for v in violations if v not in listed)
    return ReportSummary(tuple((s, counts[s]) for s in SEVERITY_ORDER if counts[s]), tuple(rows),
                         tuple(sorted(hidden.items())))
