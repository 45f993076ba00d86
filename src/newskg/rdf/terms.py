"""Shared pieces of the graph writers: vocabulary terms as N-Triples IRIs, types materialised up
the class hierarchy, time values, agents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rdflib import RDF, RDFS, SKOS, XSD, URIRef
from rdflib.namespace import DCTERMS, PROV

from newskg.project.dates import DateValue
from newskg.project.model import Agent
from newskg.rdf.iris import agent_iri
from newskg.rdf.namespaces import NKG, OA, SCHEMA
from newskg.rdf.ntriples import GraphTriples, Terms, iri, normalised, string

Hierarchy = Mapping[URIRef, frozenset[URIRef]]

nkg, oa, rdf, rdfs, skos, prov, dcterms, schema = (
    Terms(ns) for ns in (NKG, OA, RDF, RDFS, SKOS, PROV, DCTERMS, SCHEMA))
XSD_DATETIME, XSD_DECIMAL = str(XSD.dateTime), str(XSD.decimal)
XSD_NON_NEGATIVE, XSD_ANY_URI = str(XSD.nonNegativeInteger), str(XSD.anyURI)


def typed_node(g: GraphTriples, node: str, cls: URIRef, hierarchy: Hierarchy) -> None:
    """``node a cls`` and every nkg: superclass of cls (plain SPARQL sees them, no reasoner)."""
    g.add(node, rdf.type, iri(cls))
    for sup in hierarchy.get(cls, ()):
        g.add(node, rdf.type, iri(sup))


def instant(day: dt.date) -> str:
    """An xsd:dateTime literal for the first instant (UTC) of ``day``, in rdflib's canonical form
    (``+00:00``), so that exports through rdflib (JSON-LD, RDF/XML) give back the same terms."""
    return normalised(f"{day.isoformat()}T00:00:00Z", XSD_DATETIME)


def time_value(g: GraphTriples, subject: str, prop: str, name: str, value: DateValue) -> str:
    """Write ``subject prop <subject/name>`` and the nkg:TimeValue node: its label as written,
    the first instant of its period, the first instant after it, and its precision."""
    node = f"{subject[:-1]}/{name}>"
    g.add(subject, prop, node)
    g.add(node, rdf.type, nkg.TimeValue)
    g.add(node, rdfs.label, string(value.label))
    g.add(node, nkg.timeValue, instant(value.earliest))
    g.add(node, nkg.periodEnd, instant(value.following))
    g.add(node, nkg.precision, nkg[value.precision.value])
    return node


TIME_PROPERTIES = {"date": "pointInTime", "start": "start", "end": "end"}


def agent(g: GraphTriples, who: Agent) -> str:
    node = agent_iri(who.key)
    g.add(node, rdf.type, prov.Agent)
    g.add(node, rdf.type, prov.Person if who.kind == "person" else prov.SoftwareAgent)
    g.add(node, rdfs.label, string(who.name))
    return node
