"""The JSON-LD context, generated from the ontology (``python -m newskg.rdf.jsonld`` writes it).

A term for every class and property the ontology declares (its own and the ones it uses from
oa:, prov:, skos:, dcterms:, schema:), named by the local name; object properties typed ``@id``;
datatype properties typed by their range (xsd:dateTime, xsd:decimal, xsd:nonNegativeInteger,
...; booleans as JSON's true and false); plain strings untyped (docs/model.md, "Text literals"). The prefixes
of the project and the compact forms it prints (``article:``, ``entity:``, ``agreement:`` ...).

Compatible with the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld): ``id`` and
``type`` alias ``@id`` and ``@type``; the terms both define mean the same IRIs (``source``,
``selector``, ``exact``, ``prefix``, ``suffix``, ``start``, ``end``, ``label``, the selector
classes); a local name that the annotation context gives another meaning (nkg:text, nkg:start,
nkg:value, nkg:via, nkg:partOf, dcterms:language ...) is written as its compact IRI (``nkg:start``),
never as the bare word, so a document read with both contexts means the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef

from newskg.rdf.prefixes import COMPACT_PREFIXES, GRAPH, ID, PREFIXES

# Term names of the Web Annotation context (anno.jsonld) and the IRIs they stand for: a name used
# here with another meaning would change what an annotation-aware reader sees.
OA, DC, DCTERMS, DCTYPES = ("http://www.w3.org/ns/oa#", "http://purl.org/dc/elements/1.1/",
                            "http://purl.org/dc/terms/", "http://purl.org/dc/dcmitype/")
FOAF, AS, RDFNS = ("http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/activitystreams#",
                   str(RDF))
ANNOTATION_TERMS: dict[str, str] = {
    "Annotation": OA + "Annotation", "Dataset": DCTYPES + "Dataset", "Image": DCTYPES + "StillImage",
    "Video": DCTYPES + "MovingImage", "Audio": DCTYPES + "Sound", "Text": DCTYPES + "Text",
    "Content": OA + "Content", "TextualBody": OA + "TextualBody",
    "ResourceSelection": OA + "ResourceSelection", "SpecificResource": OA + "SpecificResource",
    "FragmentSelector": OA + "FragmentSelector", "CssSelector": OA + "CssSelector",
    "XPathSelector": OA + "XPathSelector", "TextQuoteSelector": OA + "TextQuoteSelector",
    "TextPositionSelector": OA + "TextPositionSelector",
    "DataPositionSelector": OA + "DataPositionSelector", "SvgSelector": OA + "SvgSelector",
    "RangeSelector": OA + "RangeSelector", "TimeState": OA + "TimeState",
    "HttpState": OA + "HttpRequestState", "CssStylesheet": OA + "CssStyle", "Choice": OA + "Choice",
    "Person": FOAF + "Person", "Software": AS + "Application", "Organization": FOAF + "Organization",
    "AnnotationCollection": AS + "OrderedCollection", "AnnotationPage": AS + "OrderedCollectionPage",
    "Audience": "http://schema.org/Audience", "Motivation": OA + "Motivation",
    "body": OA + "hasBody", "target": OA + "hasTarget", "source": OA + "hasSource",
    "selector": OA + "hasSelector", "state": OA + "hasState", "scope": OA + "hasScope",
    "refinedBy": OA + "refinedBy", "startSelector": OA + "hasStartSelector",
    "endSelector": OA + "hasEndSelector", "renderedVia": OA + "renderedVia",
    "creator": DCTERMS + "creator", "generator": AS + "generator", "rights": DCTERMS + "rights",
    "motivation": OA + "motivatedBy", "purpose": OA + "hasPurpose", "homepage": FOAF + "homepage",
    "via": OA + "via", "canonical": OA + "canonical", "stylesheet": OA + "styledBy",
    "cached": OA + "cachedSource", "conformsTo": DCTERMS + "conformsTo", "items": AS + "items",
    "partOf": AS + "partOf", "first": AS + "first", "last": AS + "last", "next": AS + "next",
    "prev": AS + "prev", "audience": "http://schema.org/audience", "bodyText": OA + "bodyText",
    "format": DC + "format", "language": DC + "language", "created": DCTERMS + "created",
    "modified": DCTERMS + "modified", "generated": DCTERMS + "issued", "text": OA + "text",
    "value": RDFNS + "value", "start": OA + "start", "end": OA + "end", "exact": OA + "exact",
    "prefix": OA + "prefix", "suffix": OA + "suffix", "sourceDate": OA + "sourceDate",
    "sourceDateStart": OA + "sourceDateStart", "sourceDateEnd": OA + "sourceDateEnd",
    "styleClass": OA + "styleClass", "name": FOAF + "name", "email": FOAF + "mbox",
    "email_sha1": FOAF + "mbox_sha1sum", "account": FOAF + "nick", "label": str(RDFS.label),
    "total": AS + "totalItems", "startIndex": AS + "startIndex",
}
RENAMED = {OA + "hasSource": "source", OA + "hasSelector": "selector"}
"""Properties the annotation context names other than by their local name."""

# Annotation properties (OWL 2 DL keeps their values out of reasoning) say nothing of their values
# in the ontology; what newskg writes with them:
ANNOTATION_VALUES = {
    str(DCTERMS) + "issued": str(XSD.dateTime), DCTERMS + "created": str(XSD.dateTime),
    DCTERMS + "modified": str(XSD.dateTime), DCTERMS + "license": "@id",
    "https://schema.org/url": str(XSD.anyURI), PREFIXES["nkg"] + "directProperty": "@id",
    **{PREFIXES["skos"] + m: "@id" for m in ("exactMatch", "closeMatch", "relatedMatch",
                                             "broadMatch", "narrowMatch")},
}
BUILT_IN = {str(RDFS.label): None, str(RDFS.comment): None, str(RDFS.seeAlso): "@id",
            str(RDFS.isDefinedBy): "@id", str(RDFS.subClassOf): "@id",
            str(RDFS.subPropertyOf): "@id", str(RDFS.domain): "@id", str(RDFS.range): "@id"}
"""RDF Schema's own properties, which the ontology uses without declaring."""
PLAIN = {str(RDFS.Literal), str(XSD.string), ""}
NATIVE = {str(XSD.boolean), str(XSD.integer)}
"""Written as JSON's own true, false and whole numbers, which JSON-LD reads as these types."""
# Which vocabulary names a local name first when two declare it (nkg before prov: nkg:Person).
ORDER = ("oa", "nkg", "rdfs", "prov", "skos", "dcterms", "schema")


def context_prefixes() -> dict[str, str]:
    """The prefixes of the context: the project's, its compact forms, agents and graphs."""
    return {**PREFIXES, **COMPACT_PREFIXES, "agent": ID + "agent/", "graph": GRAPH}


def generate_context(ontology: Graph) -> dict[str, Any]:
    """The ``@context`` object for the terms ``ontology`` declares."""
    prefixes = context_prefixes()
    declared: dict[str, Any] = dict(BUILT_IN)
    kinds = ((OWL.Class, None), (OWL.ObjectProperty, "@id"), (OWL.DatatypeProperty, "range"),
             (OWL.AnnotationProperty, "annotation"))
    for cls, how in kinds:
        for subject in ontology.subjects(RDF.type, cls):
            if not isinstance(subject, URIRef):
                continue
            iri = str(subject)
            if how == "range":
                rng = str(ontology.value(subject, RDFS.range) or "")
                declared[iri] = None if rng in PLAIN | NATIVE else rng
            elif how == "annotation":
                declared[iri] = ANNOTATION_VALUES.get(iri)
            else:
                declared[iri] = how
    terms: dict[str, Any] = {"id": "@id", "type": "@type"}
    used = set(terms) | set(prefixes)
    for iri in sorted(declared, key=lambda i: (_rank(i, prefixes), i)):
        compact = _compact(iri, prefixes)
        if compact is None:
            continue
        name = RENAMED.get(iri, compact.split(":", 1)[1])
        if name in used or ANNOTATION_TERMS.get(name, iri) != iri:
            name = compact  # taken, or the annotation context's word for something else
        used.add(name)
        coerce = declared[iri]
        if name == compact and coerce is None:
            continue  # the compact IRI needs no term
        terms[name] = compact if coerce is None else {"@id": compact, "@type": _short(coerce, prefixes)}
    return {**prefixes, **terms}


def _rank(iri: str, prefixes: dict[str, str]) -> int:
    compact = _compact(iri, prefixes)
    prefix = compact.split(":", 1)[0] if compact else ""
    return ORDER.index(prefix) if prefix in ORDER else len(ORDER)


def _compact(iri: str, prefixes: dict[str, str]) -> str | None:
    for prefix in ("nkg", "oa", "prov", "skos", "dcterms", "schema", "rdfs", "rdf", "owl", "xsd"):
        namespace = prefixes[prefix]
        if iri.startswith(namespace) and iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return None


def _short(value: str, prefixes: dict[str, str]) -> str:
    return value if value.startswith("@") else _compact(value, prefixes) or value


def load_context() -> dict[str, Any]:
    """The bundled context (src/newskg/resources/context.jsonld), its ``@context`` object, with the
    project's namespaces (``entity:``, ``article:``, ...) under the project's IRI base."""
    from newskg.rdf.prefixes import BASE, DEFAULT_BASE
    from newskg.resources import jsonld_context_path

    context: dict[str, Any] = json.loads(jsonld_context_path().read_text(encoding="utf-8"))["@context"]
    if BASE != DEFAULT_BASE:  # the ontology's and shapes' namespaces stay under w3id.org/newskg/
        for name, value in context.items():
            if isinstance(value, str) and value.startswith((DEFAULT_BASE + "id/",
                                                            DEFAULT_BASE + "graph/")):
                context[name] = BASE + value[len(DEFAULT_BASE):]
    return context


def to_jsonld(quads: Iterable[ox.Quad]) -> str:
    """Compacted JSON-LD of ``quads`` with the bundled context inlined: one object per named graph
    (a graph's own nodes in ``@graph``), IRIs as compact IRIs (``article:SLUG/fig-killed``),
    values typed by the context's terms; sorted, so the same quads give the same text."""
    context = load_context()
    text = _dataset(quads).serialize(format="json-ld", context=context, auto_compact=True,
                                         use_native_types=True)
    doc = _compact_ids(json.loads(text), _id_terms(context), _namespaces(context))
    doc["@context"] = context
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """The quads in an rdflib Dataset, blank nodes keeping their labels (canonical ones, for CONSTRUCT
    results), so that the same quads give the same document."""
    ds = Dataset()

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        plain = t.language or t.datatype.value == str(XSD.string)  # as rdflib's parsers read it
        return Literal(t.value, lang=t.language, datatype=None if plain else URIRef(t.datatype.value))

    for q in quads:
        graph = ds.default_graph if isinstance(q.graph_name, ox.DefaultGraph) else \
            ds.graph(term(q.graph_name))
        graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return ds


def _id_terms(context: dict[str, Any]) -> set[str]:
    """The keys whose string values are IRIs: ``id``, ``@id`` and the terms typed ``@id``."""
    return {"id", "@id"} | {name for name, term in context.items()
                            if isinstance(term, dict) and term.get("@type") == "@id"}


def _namespaces(context: dict[str, Any]) -> list[tuple[str, str]]:
    prefixes = [(name, iri) for name, iri in context.items()
                if isinstance(iri, str) and iri.endswith(("/", "#")) and "://" in iri]
    return sorted(prefixes, key=lambda item: (-len(item[1]), item[0]))


def _compact_ids(node: Any, id_terms: set[str], namespaces: list[tuple[str, str]]) -> Any:
    """rdflib compacts an IRI only where the part after its last '/' or '#' follows a prefix;
    here every IRI in an ``@id`` position takes the longest prefix that fits, and the nodes of a
    ``@graph`` are sorted by their IRI."""
    if isinstance(node, list):
        return [_compact_ids(item, id_terms, namespaces) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in id_terms:
            value = _compact_iri(value, namespaces) if isinstance(value, str) else \
                [_compact_iri(v, namespaces) if isinstance(v, str) else
                 _compact_ids(v, id_terms, namespaces) for v in value] \
                if isinstance(value, list) else _compact_ids(value, id_terms, namespaces)
        else:
            value = _compact_ids(value, id_terms, namespaces)
        if key == "@graph" and isinstance(value, list):
            value = sorted(value, key=lambda n: str(n.get("id", n.get("@id", ""))
                                                    if isinstance(n, dict) else n))
        out[key] = value
    return out


def _compact_iri(iri: str, namespaces: list[tuple[str, str]]) -> str:
    for prefix, namespace in namespaces:
        if iri.startswith(namespace) and len(iri) > len(namespace) and \
                not iri[len(namespace):].startswith("//"):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def context_document(ontology: Graph) -> str:
    """The context file's text: ``{"@context": {...}}``, two-space indented, sorted as generated."""
    return json.dumps({"@context": generate_context(ontology)}, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # regenerate src/newskg/resources/context.jsonld
    from newskg.resources import jsonld_context_path, ontology_path

    jsonld_context_path().write_text(context_document(Graph().parse(ontology_path())),
                                     encoding="utf-8")
