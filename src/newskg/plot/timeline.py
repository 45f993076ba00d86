"""The timeline: world instances by time, and beside each the articles that report it.

One row per instance, oldest first. Its time is drawn at its precision: a day as a point, a month,
a year or a decade as a span from its first instant to the first instant after it. On the right,
one square per report in the column of its article. When the instances spread over more than
three years, the time axis is compressed toward the past (the log of the days before the last
one), so that the days of the latest events stay apart from each other and the 1990s still fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from newskg.plot.data import Filters, TimedInstance
from newskg.plot.style import Link, article_colours, caption, empty, mark, shorten, slug

TYPE_COLOURS = {"agreement": "#2ca02c", "term": "#98df8a", "relationship": "#9467bd",
                "event": "#1f77b4"}
AGREEMENTS = {"Agreement", "Ceasefire", "PeaceDeal"}
RELATIONSHIPS = {"Relationship", "Control", "TerritorialClaim", "Affiliation", "Alliance",
                 "Rivalry", "PartOfRelationship", "CapitalRelationship",
                 "RecognisedPartOfRelationship"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # matplotlib's date epoch: x is days since it
COMPRESS_AFTER_DAYS = 3 * 365
SCALE_DAYS = 20.0  # the compressed axis is nearly linear over the last few weeks


def date2num(moment: dt.datetime | dt.date) -> float:
    """A time as matplotlib places dates on an axis: days since the epoch."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    return (moment - EPOCH).total_seconds() / 86400


def num2date(x: float) -> dt.date:
    return (EPOCH + dt.timedelta(days=x)).date()


def family(type_: str) -> str:
    if type_ in AGREEMENTS:
        return "agreement"
    if type_ == "AgreementTerm":
        return "term"
    return "relationship" if type_ in RELATIONSHIPS else "event"


def draw_timeline(instances: list[TimedInstance], link: Link, filters: Filters) -> Figure:
    rows = max(len(instances), 1)
    figure = Figure(figsize=(14, 1.9 + 0.3 * rows), layout="constrained")
    if not instances:
        empty(figure, "instances with a time")
        return figure
    articles = sorted({s.article for i in instances for s in i.sources})
    colours = article_colours(articles)
    axes, sources = figure.subplots(1, 2, sharey=True, width_ratios=[4.2, 0.25 * len(articles) + 1])
    reports = 0
    for row, instance in enumerate(instances):
        colour = TYPE_COLOURS[family(instance.type)]
        start, end = date2num(instance.start), date2num(instance.end)
        if instance.last is not None and instance.last > instance.end:  # how long it went on
            (line,) = axes.plot([end, date2num(instance.last)], [row, row], color=colour,
                                linewidth=1.2, linestyle=":")
            line.set_url(link(instance.iri))
        if instance.is_day:
            (dot,) = axes.plot([start], [row], marker="o", markersize=7, linestyle="none",
                               color=colour)
            mark(dot, f"instance-{row + 1}", link(instance.iri))
        else:
            bar = axes.barh(row, end - start, left=start, height=0.5, color=colour, alpha=0.75)
            mark(bar.patches[0], f"instance-{row + 1}", link(instance.iri))
        for source in instance.sources:
            same = [s for s in instance.sources if s.article == source.article]
            offset = (same.index(source) - (len(same) - 1) / 2) * 0.22
            (square,) = sources.plot([articles.index(source.article) + offset], [row],
                                     marker="s", markersize=6, linestyle="none",
                                     color=colours[source.article],
                                     markerfacecolor="none" if source.status != "Reviewed" else None)
            reports += 1
            mark(square, f"report-{reports}", link(source.report))
    _time_axis(axes, instances)
    axes.set_yticks(range(len(instances)),
                    [f"{shorten(i.label, 62)}  [{i.date}]" for i in instances], fontsize=7.5)
    axes.invert_yaxis()
    axes.grid(axis="x", color="#ddd", linewidth=0.6)
    axes.set_title("World instances by time (a day as a point, a month, year or decade as a span)",
                   fontsize=10, loc="left")
    for name, colour in TYPE_COLOURS.items():
        axes.plot([], [], marker="s", linestyle="none", color=colour, label=name)
    axes.legend(loc="lower left", fontsize=7, frameon=False, title="instance (dotted: until its end)",
                title_fontsize=7)
    sources.set_xticks(range(len(articles)), [shorten(slug(a), 26) for a in articles],
                       rotation=60, fontsize=7, ha="left", rotation_mode="anchor")
    for tick, article in zip(sources.get_xticklabels(), articles, strict=True):
        tick.set_color(colours[article])
        tick.set_url(link(article))
    sources.set_xlim(-0.6, len(articles) - 0.4)
    sources.xaxis.set_ticks_position("top")
    sources.tick_params(axis="y", left=False)
    sources.grid(axis="x", color="#eee")
    sources.set_title("reports, by article", fontsize=9)
    caption(figure, filters, f"{len(instances)} instances, {reports} reports")
    return figure


def _time_axis(axes: Axes, instances: list[TimedInstance]) -> None:
    first = min(date2num(i.start) for i in instances)
    last = max(date2num(max(i.end, i.last or i.end)) for i in instances)
    margin = max((last - first) * 0.02, 2.0)
    if last - first <= COMPRESS_AFTER_DAYS:
        axes.set_xlim(first - margin, last + margin)
        axes.xaxis_date()
        return
    reference = last + SCALE_DAYS

    def forward(x: np.ndarray) -> np.ndarray:
        compressed: np.ndarray = -np.log1p(np.maximum(reference - x, 0.0) / SCALE_DAYS)
        return compressed

    def inverse(y: np.ndarray) -> np.ndarray:
        expanded: np.ndarray = reference - SCALE_DAYS * np.expm1(-y)
        return expanded

    axes.set_xscale("function", functions=(forward, inverse))
    axes.set_xlim(first - margin * 10, last + 2)
    ticks = _compressed_ticks(first, last, forward)
    axes.xaxis.set_major_locator(FixedLocator(ticks))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _tick_label(x)))
    axes.tick_params(axis="x", labelsize=7, labelrotation=45)
    axes.set_xlabel("time, compressed toward the past (log of the days before the latest)",
                    fontsize=8)


Transform = Callable[[np.ndarray], np.ndarray]


def _compressed_ticks(first: float, last: float, forward: Transform) -> list[float]:
    """Year, month and week starts, kept where they stand far enough apart on the axis."""
    start = num2date(first)
    end = num2date(last)
    candidates = {dt.date(year, 1, 1) for year in range(start.year, min(end.year + 2, dt.MAXYEAR + 1))
                  if year % 10 == 0 or year >= end.year - 4}
    day = dt.date(max(end.year - 1, dt.MINYEAR), 1, 1)
    while day <= end:  # months in the last two years, weeks in the last three months
        candidates.add(day)
        if (end - day).days < 92:
            candidates.update(dt.date(day.year, day.month, d) for d in (8, 15, 22))
        if day.year == dt.MAXYEAR and day.month == 12:
            break
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    values = sorted(date2num(d) for d in candidates if first - 400 <= date2num(d) <= last)
    span = float(forward(np.array([last]))[0] - forward(np.array([first]))[0])
    kept: list[float] = []
    for value in reversed(values):  # from the latest: the dense end decides first
        position = float(forward(np.array([value]))[0])
        if not kept or float(forward(np.array([kept[-1]]))[0]) - position >= span / 14:
            kept.append(value)
    return sorted(kept)


def _tick_label(x: float) -> str:
    day = num2date(x)
    if day.month == 1 and day.day == 1:
        return str(day.year)
    return day.strftime("%b %Y") if day.day == 1 else day.strftime("%d %b")
