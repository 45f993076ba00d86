"""Competing figures: for each counted thing, what every source reported.

One panel per counted thing and unit (people and percentages are not drawn on one axis). One row
per figure: a bar from 0 to a bare or exact value; an interval from the lower to the upper bound
for a range; a bar to the lower bound ending in an arrow for "at least" and "more than", and a bar
to the upper bound starting with one for "at most", "up to" and "less than". Beside each, the
article's words for it, who reported it, and the day it held.
"""

from __future__ import annotations

from itertools import groupby

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from newskg.plot.data import Figure as ReportedFigure
from newskg.plot.data import Filters
from newskg.plot.style import Link, article_colours, caption, empty, mark, shorten, slug

UNITS = {"PersonUnit": "people", "HouseholdUnit": "households", "PercentUnit": "%",
         "USDollarUnit": "US$", "OtherUnit": ""}
OPEN_ABOVE = {"AtLeast", "MoreThan"}
OPEN_BELOW = {"AtMost", "LessThan", "UpTo"}


def draw_figures(figures: list[ReportedFigure], link: Link, filters: Filters) -> Figure:
    groups = [list(g) for _, g in groupby(figures, key=lambda f: (f.counted, f.unit))]
    height = 1.2 + sum(0.9 + 0.42 * len(g) for g in groups)
    figure = Figure(figsize=(13, max(height, 3)), layout="constrained")
    if not figures:
        empty(figure, "reported figures")
        return figure
    colours = article_colours(sorted({f.article for f in figures}))
    panels = figure.subplots(len(groups), 1, squeeze=False,
                             height_ratios=[len(g) + 1.2 for g in groups])[:, 0]
    number = 0
    for axes, group in zip(panels, groups, strict=True):
        for row, reported in enumerate(group):
            number += 1
            _draw_figure(axes, row, reported, colours[reported.article], link,
                         f"figure-{number}")
        title = axes.set_title(f"{shorten(group[0].counted_label, 110)} "
                               f"({UNITS.get(group[0].unit, group[0].unit)})",
                               fontsize=9, loc="left")
        title.set_url(link(group[0].counted))
        axes.set_yticks(range(len(group)), [shorten(", ".join(f.reporters) or "(the article itself)", 34)
                                            for f in group], fontsize=8)
        axes.set_ylim(len(group) - 0.4, -0.6)
        top = max(f.high for f in group)
        axes.set_xlim(0, top * 1.9 if top > 0 else 1)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))
        axes.tick_params(axis="x", labelsize=7)
        axes.grid(axis="x", color="#eee")
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
    figure.suptitle("Competing figures: every source's value or range, with its reporter and date",
                    fontsize=10, x=0.01, ha="left")
    caption(figure, filters, f"{len(figures)} figures of {len(groups)} counted things")
    return figure


def _draw_figure(axes: Axes, row: int, reported: ReportedFigure, colour: str, link: Link,
                 gid: str) -> None:
    ranged = reported.lower is not None and reported.upper is not None
    low = reported.low if ranged else 0.0
    bar = axes.barh(row, reported.high - low, left=low, height=0.55, color=colour,
                    alpha=0.45 if ranged else 0.8, hatch="//" if ranged else None,
                    edgecolor=colour)
    mark(bar.patches[0], gid, link(reported.iri))
    qualifier = reported.qualifier or ""
    if qualifier in OPEN_ABOVE:
        axes.plot([reported.high], [row], marker=">", color=colour, markersize=7)
    elif qualifier in OPEN_BELOW:
        axes.plot([reported.high], [row], marker="<", color=colour, markersize=7)
    if ranged and reported.value is not None:
        axes.plot([reported.value], [row], marker="|", color="#222", markersize=12)
    label = axes.text(reported.high, row, f"  {_words(reported)} · {reported.date} · "
                      f"{shorten(slug(reported.article), 44)}", va="center", fontsize=7.5)
    label.set_url(link(reported.iri))


def _words(reported: ReportedFigure) -> str:
    """The figure as the article words it: "at least 200", "200-999", "11,500,000 US$"."""
    def fmt(x: float) -> str:
        return f"{x:,.0f}" if x == int(x) else f"{x:,}"

    unit = UNITS.get(reported.unit, "")
    if reported.lower is not None and reported.upper is not None and reported.value is None:
        number = f"{fmt(reported.lower)}–{fmt(reported.upper)}"
    else:
        number = fmt(reported.value if reported.value is not None else reported.high)
    words = f"{reported.qualifier_text} {number}" if reported.qualifier_text else number
    return f"{words}{unit}" if unit == "%" else f"{words} {unit}".rstrip()
