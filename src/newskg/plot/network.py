"""The network of actors: who said what about whom, allies and rivals, parties and mediators.

Actors are circles, agreements squares. An arrow from a speaker to the actor a statement is about,
coloured by the statement's stance (one arrow per statement and speaker); a green line between
allies, a red dashed one between rivals; a grey line from each party to its agreement and a
purple dashed one from each mediator. networkx lays the nodes out (spring layout, fixed seed: the
same graph gives the same picture) and draws them; every node and edge links to its instance or
report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from typing import Literal

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from newskg.plot.data import Filters, Network, Tie
from newskg.plot.style import Link, caption, empty, mark, shorten

STANCE_COLOURS = {
    "Asserted": "#4c72b0", "Claimed": "#8172b3", "Denied": "#c44e52", "Disputed": "#dd8452",
    "Hoped": "#55a868", "Expected": "#64b5cd", "Promised": "#2ca02c", "Announced": "#937860",
    "Evaluated": "#da8bc3", "Insisted": "#222222", "Feared": "#ccb974", "Warned": "#d62728",
    "Demanded": "#ff7f0e", "CalledFor": "#17becf"}
Style = Literal["solid", "dashed"]
Positions = Mapping[str, Collection[float]]
TIE_STYLES: dict[str, tuple[str, Style, float, str]] = {  # colour, style, width, arrow
    "Alliance": ("#2e8b57", "solid", 3.0, "-"),
    "Rivalry": ("#b22222", "dashed", 3.0, "-"),
    "party": ("#999999", "solid", 1.5, "-"),
    "mediator": ("#7b3294", "dashed", 1.5, "-"),
}
GIDS = {"statement": "statement", "relationship": "relationship", "agreement": "role"}
ACTOR_SIZE, AGREEMENT_SIZE = 260, 420
SEED = 7


def draw_network(network: Network, link: Link, filters: Filters) -> Figure:
    figure = Figure(figsize=(14, 10), layout="constrained")
    axes = figure.subplots()
    axes.set_axis_off()
    if not network.ties:
        empty(figure, "statements between actors, alliances, rivalries or agreements")
        return figure
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from(sorted(network.labels))
    for tie in network.ties:
        graph.add_edge(tie.source, tie.target)
    layout_graph: nx.Graph[str] = nx.Graph(graph.to_undirected())
    pos = nx.spring_layout(layout_graph, seed=SEED, k=3.0 / max(len(graph), 1) ** 0.5,
                           iterations=200)
    agreements = set(network.agreements)
    sizes = {n: AGREEMENT_SIZE if n in agreements else ACTOR_SIZE for n in graph}
    for number, node in enumerate(sorted(graph), 1):
        is_agreement = node in agreements
        nodes = nx.draw_networkx_nodes(
            graph, pos, nodelist=[node], ax=axes, node_size=sizes[node],
            node_shape="s" if is_agreement else "o",
            node_color="#f2c14e" if is_agreement else "#dfe7f2", edgecolors="#333",
            linewidths=0.8)
        mark(nodes, f"{'agreement' if is_agreement else 'actor'}-{number}", link(node))
        labels = nx.draw_networkx_labels(graph, pos, labels={node: shorten(network.labels[node], 34)},
                                         ax=axes, font_size=7, verticalalignment="bottom")
        for text in labels.values():
            text.set_url(link(node))
            text.set_position((pos[node][0], pos[node][1] + 0.025))
    pairs: Counter[tuple[str, str]] = Counter()
    numbers: Counter[str] = Counter()
    for tie in network.ties:
        pair = (min(tie.source, tie.target), max(tie.source, tie.target))
        rad = _curve(pairs[pair], tie.source != pair[0])
        pairs[pair] += 1
        numbers[tie.group] += 1
        _draw_tie(graph, pos, axes, tie, rad, sizes, link,
                  f"{GIDS[tie.group]}-{numbers[tie.group]}")
    axes.margins(0.08)
    _legend(axes, network)
    axes.set_title("Actors: statements about each other (arrows, by stance), alliances and "
                   "rivalries, agreement parties and mediators", fontsize=10, loc="left")
    caption(figure, filters, ", ".join((
        _count(len(graph) - len(agreements), "actor"), _count(len(agreements), "agreement"),
        _count(numbers["statement"], "statement arrow"),
        _count(numbers["relationship"], "alliance or rivalry", "alliances or rivalries"),
        _count(numbers["agreement"], "party or mediator", "parties or mediators"))))
    return figure


def _count(number: int, one: str, many: str | None = None) -> str:
    """``1 agreement``, ``2 agreements``."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def _curve(seen: int, reverse: bool) -> float:
    """Parallel edges between two nodes bend apart: 0, then ±0.15, ±0.3, ..."""
    step = (seen + 1) // 2 * 0.15 * (1 if seen % 2 else -1)
    return -step if reverse else step


def _draw_tie(graph: nx.MultiDiGraph[str], pos: Positions, axes: Axes, tie: Tie, rad: float,
              sizes: dict[str, int], link: Link, gid: str) -> None:
    style: Style
    if tie.group == "statement":
        colour, style, width, arrow = STANCE_COLOURS.get(tie.kind, "#333"), "solid", 1.1, "-|>"
    else:
        colour, style, width, arrow = TIE_STYLES[tie.kind]
    drawn = nx.draw_networkx_edges(
        graph, pos, edgelist=[(tie.source, tie.target)], ax=axes, edge_color=colour, style=style,
        width=width, arrows=True, arrowstyle=arrow, arrowsize=9,
        connectionstyle=f"arc3,rad={rad}", node_size=[sizes[tie.source], sizes[tie.target]],
        nodelist=[tie.source, tie.target], alpha=0.85)
    patches = drawn if isinstance(drawn, list) else [drawn]
    for patch in patches:
        mark(patch, gid, link(tie.iri))


def _legend(axes: Axes, network: Network) -> None:
    handles = []
    stances = sorted({t.kind for t in network.ties if t.group == "statement"})
    for stance in stances:
        handles.append(Line2D([], [], color=STANCE_COLOURS.get(stance, "#333"), label=stance))
    for kind, (colour, style, width, _arrow) in TIE_STYLES.items():
        if any(t.kind == kind for t in network.ties):
            handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=width,
                                  label=kind))
    figure = axes.get_figure()
    assert figure is not None
    figure.legend(handles=handles, loc="outside right upper", fontsize=7, frameon=False,
                  title="stance or tie", title_fontsize=8)
