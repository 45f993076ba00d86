"""Renderings of library values for the command line: query results, validation reports, stats."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newskg.errors import UnknownFormatError
from newskg.rdf.prefixes import PREFIXES, QUERY_PREFIXES, RDF_PREFIXES
from newskg.store.results import (
    Boolean,
    QueryResult,
    Triples,
    compact_iri,
    longest_first,
    render,
    to_table,
)
from newskg.validation.summary import SEVERITY_ORDER, summarize

if TYPE_CHECKING:
    from newskg.store.stats import Stats
    from newskg.validation.shacl import ValidationReport


# Tables may also shorten fact IRIs (their local names hold a "/", which Turtle would not allow).
DISPLAY_PREFIXES = QUERY_PREFIXES
"""Prefixes of result tables: also ``article:SLUG/REPORT-ID`` and ``KIND:KEY`` of world instances,
the compact forms a query parameter takes."""


def render_result(result: QueryResult, fmt: str | None) -> tuple[str, int]:
    """Text for a query result and the exit code (ASK: 0 true, 1 false; otherwise 0)."""
    if isinstance(result, Boolean):
        if fmt in (None, "table", "text"):
            return ("true\n" if result.value else "false\n"), 0 if result.value else 1
        return render(result, fmt), 0 if result.value else 1
    if isinstance(result, Triples):
        return render(result, fmt or "turtle", prefixes=RDF_PREFIXES), 0
    return render(result, fmt or "table", prefixes=DISPLAY_PREFIXES), 0


def render_report(report: ValidationReport, fmt: str, shown: tuple[str, ...] = SEVERITY_ORDER,
                  most_warnings: int | None = None) -> str:
    """A SHACL report as a readable table (the default), Turtle or JSON.

    The table lists the results whose severity is in ``shown`` (violations first, then at most
    ``most_warnings`` of the others) and counts what it leaves out, by shape
    (`newskg.validation.summary`); Turtle and JSON always hold every result.
    """
    if fmt == "turtle":
        return report.to_turtle()
    if fmt == "json":
        return report.to_json()
    if fmt != "table":
        raise UnknownFormatError(f"unknown report format {fmt!r}; choose one of: table, turtle, json")
    summary = report.summary(shown, most_warnings)
    if not summary.counts:
        return "conforms: no violations\n"
    verdict = "conforms" if report.conforms else "does not conform"
    lines = [f"{verdict}: {counts_text(summary.counts)}"]
    for v in summary.rows:
        where = " / ".join(x for x in (_short(v.article), _short(v.fact)) if x)
        lines.append(f"\n[{v.severity}] {v.shape_id}  focus {_short(v.focus)}")
        if v.path:
            lines.append(f"  path:     {_short(v.path)}" + (f"  value: {v.value}" if v.value else ""))
        elif v.value and v.value != v.focus:
            lines.append(f"  value:    {_short(v.value)}")
        if where:
            lines.append(f"  fact:     {where}")
        if v.evidence:
            lines.append(f"  evidence: \"{v.evidence}\"")
        lines.append(f"  message:  {v.message}")
    if summary.hidden:
        shapes = ", ".join(f"{shape} {n}" for shape, n in summary.hidden)
        lines.append(f"\n({sum(n for _, n in summary.hidden)} more not shown: {shapes}; "
                     "newskg validate lists every result)")
    return "\n".join(lines) + "\n"


def severity_counts(report: ValidationReport) -> str:
    """``2 violations, 1 warning, 50 infos`` (the severities that occur, most severe first)."""
    return counts_text(summarize(report.violations).counts)


def counts_text(counts: Iterable[tuple[str, int]]) -> str:
    parts = [f"{n} {s.lower()}{'' if n == 1 else 's'}" for s, n in counts]
    return ", ".join(parts) or "no results"


_NAMESPACES = longest_first(PREFIXES)


def _short(iri: str | None) -> str:
    """An IRI as a prefixed name where one fits; in a SPARQL path text (``^<...>``), each IRI."""
    if not iri:
        return ""
    if "://" in iri and iri[0] not in "^(<":
        return compact_iri(iri, _NAMESPACES)
    return _BRACKETED.sub(lambda m: compact_iri(m.group(1), _NAMESPACES), iri)


_BRACKETED = re.compile(r"<([^<>]*://[^<>]*)>")


def render_stats(stats: Stats) -> str:
    parts = ["Instances by class", to_table(stats.by_class, prefixes=DISPLAY_PREFIXES),
             "Reports by article (by review status, by kind)", to_table(stats.by_article, prefixes=DISPLAY_PREFIXES),
             f"Entities linked to Wikidata: {len(stats.linked)}"]
    parts += [f"  {label}  {iri}" for label, iri in stats.linked]
    parts.append(f"Entities not linked: {len(stats.unlinked)}")
    parts += [f"  {label}" for label in stats.unlinked]
    return "\n".join(parts) + "\n"

