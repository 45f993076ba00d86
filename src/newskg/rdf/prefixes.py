"""IRI bases and prefixes as plain strings: light to import (no rdflib), for the query path.

`newskg.rdf.namespaces` builds the closed rdflib namespaces on top of these.
"""

from __future__ import annotations

import os

DEFAULT_BASE = "https://w3id.org/newskg/"
BASE_ENV = "NEWSKG_IRI_BASE"
BASE = os.environ.get(BASE_ENV) or DEFAULT_BASE
"""The project's IRI base (its project file's ``iri_base``), fixed for the process when this module
is first imported: the CLI sets NEWSKG_IRI_BASE from the project before it imports the library, and
server processes inherit it. The ontology's and shapes' IRIs do not follow it."""

ID = BASE + "id/"
"""Base of the IRIs of newskg's resources: entities, articles, facts, agents (see docs/model.md)."""

GRAPH = BASE + "graph/"
"""Base of the named graphs: one per article, one for the shared entities."""

ONTOLOGY = "https://w3id.org/newskg/ontology"
"""The ontology's IRI (its terms are in ``NKG``, the same IRI followed by ``#``)."""

PREFIXES: dict[str, str] = {
    "nkg": ONTOLOGY + "#",
    "nkgsh": "https://w3id.org/newskg/shapes#",
    "entity": ID + "entity/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Prefix → namespace, bound in exports and known to every query without PREFIX lines."""

INSTANCE_KINDS = ("event", "agreement", "term", "counted", "relationship")
"""Kinds of world instance: ``ID + KIND + "/" + KEY`` is an instance's IRI (written ``KIND:KEY`` as a
query parameter and in result tables)."""

COMPACT_PREFIXES: dict[str, str] = {"article": ID + "article/",
                                    **{kind: f"{ID}{kind}/" for kind in INSTANCE_KINDS}}
"""The compact forms result tables and the query page print besides ``PREFIXES``: ``article:SLUG``,
``article:SLUG/REPORT-ID`` and ``KIND:KEY`` of a world instance."""

RDF_PREFIXES: dict[str, str] = {**PREFIXES, **{kind: f"{ID}{kind}/" for kind in INSTANCE_KINDS}}
r"""The prefixes written files and RDF answers bind (Turtle, TriG, RDF/XML): ``PREFIXES`` and the
world instances' ``KIND:`` (``agreement:karabakh-ceasefire-2023``), whose keys never hold a '/'.
Not ``article:``: a report's IRI (``article/SLUG/ID``) would need an escaped ``\/`` in Turtle."""

QUERY_PREFIXES: dict[str, str] = {**PREFIXES, **COMPACT_PREFIXES}
"""Prefixes every query knows without PREFIX lines, and the ones tables print: what is printed
pastes back (`newskg.store.compact` reads the forms with a '/' that SPARQL's grammar does not)."""
