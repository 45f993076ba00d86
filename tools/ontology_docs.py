"""Write the HTML documentation of ontology/newskg.ttl with pyLODE (``make docs``).

    .venv/bin/python tools/ontology_docs.py build/docs/ontology.html

pyLODE's OntPub profile (pylode 3.3.x) documents classes and properties but has no section for named
individuals, so this adds one (the concepts of every scheme, the schemes, the licence individual). It
is given a copy of the ontology made for documentation:
- without the declarations of other vocabularies' terms (prov:Entity, oa:hasSource ...), which are not
  newskg's to document (their labels come from pyLODE's background ontologies);
- with the concept schemes typed only as owl:NamedIndividual: OntPub reads every skos:ConceptScheme
  as another ontology and would merge the schemes' titles into the page's title and metadata. A
  scheme's entry still lists its concepts (skos:hasTopConcept) and a concept its scheme;
- with the ontology's adms:status as a skos:scopeNote and each relationship class's
  nkg:directProperty as a skos:note, which OntPub shows.
pyLODE lists the members of a union in an order of its own (a set of HTML elements), so two runs may
differ in that order.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dominate.tags import a, h4, li, ul
from pylode import OntPub
from pylode.utils import section_html
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = REPO / "ontology" / "newskg.ttl"
ONTOLOGY = URIRef("https://w3id.org/newskg/ontology")
NKG = "https://w3id.org/newskg/ontology#"
ADMS_STATUS = URIRef("http://www.w3.org/ns/adms#status")
# DCTERMS.title gives the entry its title (pyLODE maps rdfs:label to it) and is not shown as a row.
INDIVIDUAL_PROPS = [DCTERMS.title, RDFS.isDefinedBy, DCTERMS.description, RDF.type, SKOS.inScheme,
                    SKOS.hasTopConcept]
SECTION = "namedindividuals"
LABELS = {RDF.type: "Type", SKOS.inScheme: "In Scheme", SKOS.hasTopConcept: "Has Top Concept"}


def documentation_graph(ontology: Graph) -> Graph:
    """The ontology as pyLODE should document it (see the module's docstring)."""
    own = {ONTOLOGY} | set(ontology.objects(ONTOLOGY, DCTERMS.creator)) | set(
        ontology.objects(ONTOLOGY, DCTERMS.publisher))
    kept = Graph()
    for s, p, o in ontology:
        if isinstance(s, URIRef) and not str(s).startswith(NKG) and s not in own:
            continue  # another vocabulary's term, declared for OWL 2 DL
        if p == RDF.type and o == SKOS.ConceptScheme:
            continue
        kept.add((s, p, o))
    for status in ontology.objects(ONTOLOGY, ADMS_STATUS):  # OntPub shows no adms:status
        kept.add((ONTOLOGY, SKOS.scopeNote, Literal(f"Status: {status}", lang="en")))
    for kind, prop in ontology.subject_objects(URIRef(NKG + "directProperty")):  # nor class notes
        note = f"Plain property of an accepted relationship with no end: {prop}"
        kept.add((kind, SKOS.note, Literal(note, lang="en")))
    graph = Graph()  # with stable blank node labels: pyLODE sorts triples
    graph += to_canonical_graph(kept)
    for prefix, namespace in ontology.namespaces():
        graph.bind(prefix, namespace)
    return graph


class OntologyWithIndividuals(OntPub):  # type: ignore[misc]
    """OntPub plus a "Named Individuals" section and its entry in the table of contents."""

    def _make_main_sections(self) -> None:
        for prop, title in LABELS.items():  # rows pyLODE's background ontologies do not name
            self.props_labeled.setdefault(prop, {"title": title, "description": None,
                                                 "ont_title": None})
        super()._make_main_sections()
        with self.content:
            section_html("Named Individuals", self.ont, self.back_onts, self.ns,
                         OWL.NamedIndividual, INDIVIDUAL_PROPS, self.toc, SECTION, self.fids,
                         self.props_labeled).render()

    def _make_toc(self) -> None:
        super()._make_toc()
        entries = self.toc.get(SECTION, [])
        (toc,) = self.doc.body.get(id="toc")
        (first,) = toc.get("ul", _class="first")
        namespaces = len(first.children) - 2  # before "Namespaces" and "Legend"
        item = li(h4(a("Named Individuals", href=f"#{SECTION}")),
                  ul([li(a(title, href=fid)) for fid, title in entries], _class="second"))
        first.children.insert(namespaces, item)


def write_documentation(target: Path, ontology_file: Path = ONTOLOGY_FILE) -> Path:
    """Write the HTML page for ``ontology_file`` to ``target`` and return it."""
    ontology = Graph().parse(ontology_file, format="turtle")
    target.parent.mkdir(parents=True, exist_ok=True)
    page = OntologyWithIndividuals(documentation_graph(ontology), sort_subjects=True)
    page.make_html(destination=target)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tools/ontology_docs.py OUTPUT.html")
    print(write_documentation(Path(sys.argv[1])))
