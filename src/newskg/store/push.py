"""`newskg push`: the built dataset to a SPARQL 1.1 Graph Store Protocol server, graph by graph.

Each named graph of ``build/newskg.trig`` (one per article, plus the entities graph) is sent as
Turtle with ``PUT URL?graph=IRI``, which replaces that graph on the server: pushing twice leaves the
same store. https://www.w3.org/TR/sparql11-http-rdf-update/

Graphs that the server holds and the build does not (an article deleted since the last push, or
anyone else's data) are left alone by default: a push never deletes what it did not write. With
``prune_endpoint`` (the server's SPARQL query URL), the graphs whose IRI is in newskg's graph
namespace (``https://w3id.org/newskg/graph/``) that the server lists and the build does not have
are deleted with ``DELETE URL?graph=IRI``; graphs outside that namespace are never touched.

The TriG file is the source, not the Oxigraph store, so the server gets the literals as built
(``xsd:nonNegativeInteger`` offsets stay so typed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import StoreMissingError
from newskg.progress import progress
from newskg.rdf.prefixes import GRAPH, PREFIXES
from newskg.remote.bounds import HttpLimits
from newskg.remote.client import Connection, check
from newskg.store.results import Solutions

TURTLE = "text/turtle; charset=utf-8"
LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class PushSummary:
    graphs: int
    triples: int
    deleted: tuple[str, ...]


def read_graphs(build_dir: Path) -> dict[str | None, list[ox.Triple]]:
    """The built dataset's triples by graph IRI (None: the default graph), in file order."""
    from newskg.publish.releases import published_build

    trig = published_build(build_dir) / "newskg.trig"
    if not trig.is_file():
        raise StoreMissingError(f"{trig}: not built yet; run 'newskg build' first")
    graphs: defaultdict[str | None, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = quad.graph_name
        graphs[name.value if isinstance(name, ox.NamedNode) else None].append(quad.triple)
    return dict(graphs)


def push(build_dir: Path, url: str, *, prune_endpoint: str | None = None,
         limits: HttpLimits | None = None) -> PushSummary:
    """Replace each built graph on the Graph Store Protocol server at ``url``, each request within
    ``limits`` (deadline, answer size); see the module doc."""
    graphs = read_graphs(build_dir)
    with Connection(url, limits=limits) as conn:
        for name in progress(sorted(graphs, key=str), description="pushing graphs"):
            body = ox.serialize(graphs[name], format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            target = conn.target({"graph": name} if name else {"default": ""})
            response = conn.request("PUT", target, body=body or b"",
                                    headers={"Content-Type": TURTLE})
            check(response, "PUT", f"{url} (graph {name or 'default'})")
        deleted: tuple[str, ...] = ()
        if prune_endpoint is not None:
            deleted = _prune(conn, url, prune_endpoint, set(graphs), limits)
    return PushSummary(len(graphs), sum(map(len, graphs.values())), deleted)


def _prune(conn: Connection, url: str, query_url: str, kept: set[str | None],
           limits: HttpLimits | None) -> tuple[str, ...]:
    """Delete the newskg graphs on the server that are not in ``kept``; return their IRIs."""
    from newskg.store.remote_query import EndpointStore

    listed = EndpointStore(query_url, limits=limits).query(LIST_GRAPHS)
    assert isinstance(listed, Solutions)
    stale = sorted(term.value for (term,) in listed.rows
                   if isinstance(term, ox.NamedNode) and term.value.startswith(GRAPH)
                   and term.value not in kept)
    for name in stale:
        response = conn.request("DELETE", conn.target({"graph": name}))
        if response.status != 404:  # already gone: what was asked
            check(response, "DELETE", f"{url} (graph {name})")
    return tuple(stale)
