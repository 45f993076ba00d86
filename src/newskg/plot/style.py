"""What the three pictures share: marks that link back, colours, short names, the caption."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.figure import Figure

from newskg.plot.data import Filters

Link = Callable[[str], str]

# One colour per article, in order of appearance (matplotlib's tab10, then tab20's light tones).
ARTICLE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                   "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896")


def mark(artist: Artist, gid: str, url: str) -> Artist:
    """Give a mark its SVG id and its link (an ``<a>`` around it in the SVG)."""
    artist.set_gid(gid)
    if isinstance(artist, Collection):
        artist.set_urls([url])
    else:
        artist.set_url(url)
    return artist


def article_colours(articles: Sequence[str]) -> dict[str, str]:
    return {a: ARTICLE_COLOURS[i % len(ARTICLE_COLOURS)] for i, a in enumerate(articles)}


def slug(article: str) -> str:
    """The article's folder name, from its IRI."""
    return article.rsplit("/", 1)[-1]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def caption(figure: Figure, filters: Filters, count: str) -> None:
    """What the picture shows and from what: filters, review status, the number of marks."""
    shown = ["reviewed reports only" if not filters.drafts else
             "reviewed, unreviewed and draft reports"]
    if filters.article is not None:
        shown.append(f"article {slug(filters.article)}")
    if filters.since is not None:
        shown.append(f"from {filters.since.isoformat()}")
    if filters.until is not None:
        shown.append(f"to {filters.until.isoformat()}")
    figure.supxlabel(f"{count}; {', '.join(shown)}. Every mark links to its report or world "
                     "instance (open the SVG).", x=0.01, ha="left", fontsize=7, color="#555")


def empty(figure: Figure, what: str) -> None:
    figure.text(0.5, 0.5, f"nothing to show: no {what} match these filters", ha="center",
                va="center", fontsize=11, color="#555")
