"""Pictures of the built store: a timeline, a network of actors, competing figures.

`newskg plot KIND` and the query page of `newskg serve` (GET /plot/KIND.svg) draw them in three
steps, one module each: named SPARQL queries of this package (`queries/*.rq`, values bound, never
pasted) read the store into plain dataclasses (`newskg.plot.data`); a drawing module turns those
into a matplotlib figure (`timeline`, `network`, `figures`), where every mark carries an SVG id
(its gid, ``report-3``) and a link to the report or world instance it shows; `newskg.plot.render`
writes the figure as SVG or PNG with matplotlib's Agg and SVG backends, never pyplot, so pictures
can be drawn on several threads at once.
"""

from __future__ import annotations

from newskg.plot.render import KINDS, PlotRequest, plot

__all__ = ["KINDS", "PlotRequest", "plot"]
