"""The IRIs newskg mints (docs/model.md, "IRI policy"): same input, same IRIs."""

from __future__ import annotations

from rdflib import Namespace, URIRef

from newskg.rdf.namespaces import GRAPH, ID
from newskg.rdf.ntriples import iri

ENTITY = Namespace(ID + "entity/")
AGENT = Namespace(ID + "agent/")
ENTITIES_GRAPH = URIRef(GRAPH + "entities")
WORLD_GRAPH = URIRef(GRAPH + "world")
DRAFTS_GRAPH = URIRef(GRAPH + "drafts")
PUBLIC_DOMAIN = "https://creativecommons.org/publicdomain/mark/1.0/"


def entity_iri(key: str) -> str:
    """An entity's IRI in N-Triples form."""
    return iri(f"{ENTITY}{key}")


def instance_iri(kind: str, key: str) -> str:
    """A world instance's IRI (kind: event, agreement, term, counted, relationship), N-Triples form."""
    return iri(f"{ID}{kind}/{key}")


def agent_iri(key: str) -> str:
    return iri(f"{AGENT}{key}")


def article_iri(slug: str) -> URIRef:
    return URIRef(f"{ID}article/{slug}")


def article_graph_iri(slug: str) -> URIRef:
    return URIRef(f"{GRAPH}article/{slug}")


def report_iri(slug: str, report_id: str) -> str:
    return iri(f"{ID}article/{slug}/{report_id}")
