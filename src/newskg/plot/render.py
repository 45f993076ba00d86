"""One picture, from the request to its bytes: check the request, read the data, draw, save.

`plot` is the one call behind `newskg plot` and GET /plot/KIND.svg. A mark links to what it shows
through ``PlotRequest.link`` (the IRI itself by default; the query page's own resource view when
served). Figures are saved with matplotlib's SVG or Agg canvas, without pyplot and its global
state; ``svg.hashsalt`` is fixed so the same store gives the same SVG bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

from newskg.atomic import atomic_write, user_output
from newskg.errors import InputError
from newskg.plot.data import Filters, figures_data, network_data, plot_query, timeline_data
from newskg.project.dates import DateFormError, parse_day
from newskg.project.inputs import NAME_PATTERN
from newskg.rdf.prefixes import ID
from newskg.store.engines import Store
from newskg.store.named import check_period
from newskg.store.results import Boolean

KINDS = ("timeline", "network", "figures")
FORMATS = ("svg", "png")
PNG_DPI = 110

matplotlib.rcParams["svg.hashsalt"] = "newskg"  # ids of clip paths from a fixed salt, not uuid4


def iri_link(iri: str) -> str:
    """A mark links to the IRI of the report or instance it shows."""
    return iri


@dataclass(frozen=True)
class PlotRequest:
    """A picture: its kind, what it shows, its format and how its marks link."""

    kind: str
    filters: Filters = field(default_factory=Filters)
    fmt: str = "svg"
    link: Callable[[str], str] = iri_link

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"no picture {self.kind!r}; choose one of {', '.join(KINDS)}",
                             field="kind", hint="e.g. newskg plot timeline -o timeline.svg")
        if self.fmt not in FORMATS:
            raise InputError(f"no format {self.fmt!r}; pictures are written as SVG or PNG",
                             field="format")


def filters_from(article: str | None, since: str | None, until: str | None,
                 drafts: bool = False) -> Filters:
    """The filters from option values: an article as its slug, in the compact form tables print
    (``article:SLUG``) or as its IRI (in <> or not); days as YYYY-MM-DD."""
    if article is not None:
        for form in ("article:", f"<{ID}article/", f"{ID}article/"):
            if article.startswith(form):
                article = article.removeprefix(form).removesuffix(">" if form[0] == "<" else "")
                break
    if article is not None and not NAME_PATTERN.match(article):
        raise InputError(f"{article!r} is not an article (its folder name under data/articles/, "
                         "e.g. 2023-09-20-azerbaijan-claims-victory, or article:SLUG)",
                         field="article")
    first, last = _day(since, "from"), _day(until, "to")
    check_period(first, last, ("from", "to"))
    return Filters(None if article is None else f"{ID}article/{article}", first, last, drafts)


def _day(raw: str | None, option: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return parse_day(raw)
    except DateFormError as exc:
        raise InputError(f"{raw!r} is not a day; write it as YYYY-MM-DD (e.g. 2023-09-20)",
                         field=option, hint=None if "YYYY-MM-DD" in str(exc) else str(exc)) \
            from None


def format_of(output: Path | None) -> str:
    """The format an output file asks for by its suffix (SVG when written to stdout)."""
    if output is None:
        return "svg"
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError("the output must end in .svg or .png", path=output,
                         hint="e.g. -o timeline.svg")
    return suffix


def plot(store: Store, request: PlotRequest) -> bytes:
    """The picture ``request`` asks for, drawn from ``store``, as SVG or PNG bytes."""
    from newskg.plot.figures import draw_figures
    from newskg.plot.network import draw_network
    from newskg.plot.timeline import draw_timeline

    filters = request.filters
    if filters.article is not None:
        check_article(store, filters.article)
    if request.kind == "timeline":
        figure = draw_timeline(timeline_data(store, filters), request.link, filters)
    elif request.kind == "network":
        figure = draw_network(network_data(store, filters), request.link, filters)
    else:
        figure = draw_figures(figures_data(store, filters), request.link, filters)
    buffer = io.BytesIO()
    figure.savefig(buffer, format=request.fmt, dpi=PNG_DPI, metadata=_metadata(request.fmt))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No creation date (the same store gives the same bytes), and no Dublin Core block naming
    # outside URLs (matplotlib's home page, purl.org): the SVG links only to what it shows.
    if fmt == "svg":
        return {"Date": None, "Creator": None, "Type": None, "Format": None}
    return {"Software": "newskg (matplotlib)"}


def check_article(store: Store, article: str) -> None:
    query = plot_query("article")
    answer = store.query(query.text, bindings=query.bind({"article": f"<{article}>"}))
    if isinstance(answer, Boolean) and not answer.value:
        slug = article.rsplit("/", 1)[-1]
        raise InputError(f"no article {slug!r} in the built store", field="article",
                         hint="see the folders of data/articles/, and run 'newskg build' after "
                              "adding one")


def write_picture(data: bytes, output: Path) -> None:
    """Write the picture to ``output`` whole or not at all; a place that cannot be written is a
    usage error naming it."""
    user_output(output)
    try:
        atomic_write(output, data)
    except OSError as exc:
        raise InputError(f"cannot write the picture here: {exc.strerror or exc}", path=output,
                         hint="choose a folder you can write to") from None


def plot_build(build_dir: Path, kind: str, *, output: Path | None = None,
               article: str | None = None, since: str | None = None, until: str | None = None,
               drafts: bool = False) -> bytes:
    """`newskg plot`: the picture of the build published in ``build_dir``, in the format the
    output's suffix asks for (SVG without one). The request is checked before the store opens."""
    from newskg.store.engines import open_store

    request = PlotRequest(kind, filters_from(article, since, until, drafts), format_of(output))
    return plot(open_store(build_dir), request)
