"""The shared entities → the entities graph; the entities articles only propose (drafts) → the
drafts graph, marked ``nkg:reviewStatus nkg:Draft`` as draft world instances are."""

from __future__ import annotations

from collections.abc import Iterable

from newskg.project.entities import Entity
from newskg.rdf.iris import entity_iri
from newskg.rdf.namespaces import NKG, WD
from newskg.rdf.ntriples import GraphTriples, iri, string
from newskg.rdf.terms import Hierarchy, nkg, rdfs, skos, typed_node


def entities_to_graph(entities: Iterable[Entity], hierarchy: Hierarchy) -> GraphTriples:
    """The entities' triples (a draft's with its status: they go to the drafts graph)."""
    g = GraphTriples()
    for e in entities:
        node = entity_iri(e.key)
        if e.draft:
            g.add(node, nkg.reviewStatus, nkg.Draft)
        for type_name in e.types:
            typed_node(g, node, NKG[type_name], hierarchy)
        g.add(node, rdfs.label, string(e.name))
        for alias in e.aliases:
            g.add(node, skos.altLabel, string(alias))
        if e.description:
            g.add(node, nkg.description, string(e.description))
        if e.wikidata:
            g.add(node, skos.exactMatch, iri(WD[e.wikidata]))
    return g
