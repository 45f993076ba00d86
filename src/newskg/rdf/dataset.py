"""Project → the whole dataset: entities, world and drafts graphs, one graph per article, and the
Wikidata links."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import RDFS, Dataset, Graph, URIRef

from newskg.progress import progress
from newskg.project.entities import Entity
from newskg.project.inputs import read_text_as_stored
from newskg.project.model import ArticleFacts, Instances, Project
from newskg.rdf.article import ArticleWriter, support_index
from newskg.rdf.entities import entities_to_graph
from newskg.rdf.iris import DRAFTS_GRAPH, ENTITIES_GRAPH, WORLD_GRAPH, article_graph_iri
from newskg.rdf.links import links_to_graph, project_links
from newskg.rdf.namespaces import NKG
from newskg.rdf.ntriples import GraphTriples, rdflib_term
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.rdf.terms import Hierarchy
from newskg.rdf.world import WorldWriter


def read_text(path: Path) -> str:
    """An article's text exactly as stored (newskg.project.inputs: size limit, CRLF kept)."""
    return read_text_as_stored(path, hint="save the article as UTF-8")


def class_hierarchy(ontology: Graph) -> Hierarchy:
    """Each nkg: class → all its nkg: superclasses (transitive), read from the ontology."""
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and str(sup).startswith(str(NKG)):
            direct.setdefault(sub, set()).add(sup)
    out: dict[URIRef, frozenset[URIRef]] = {}
    for cls, supers in direct.items():
        seen: set[URIRef] = set()
        todo = list(supers)
        while todo:
            sup = todo.pop()
            if sup not in seen and sup != cls:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        out[cls] = frozenset(seen)
    return out


def build_dataset(project: Project, ontology: Graph) -> SortedDataset:
    """The whole dataset as sorted named graphs."""
    hierarchy = class_hierarchy(ontology)
    graphs = shared_graphs(project, hierarchy)
    for facts in progress(project.articles, description="building graphs"):
        graphs[str(article_graph_iri(facts.slug))] = article_graph(
            facts, project.entities, project.instances, hierarchy)
    return SortedDataset(graphs)


def article_graph(facts: ArticleFacts, entities: Mapping[str, Entity], instances: Instances,
                  hierarchy: Hierarchy) -> GraphTriples:
    """One article's named graph, whole: nothing else writes into it (the Wikidata links are in
    their subjects' graphs: entities, world, drafts). The per-article function of the build, and
    of `newskg build --to-nquads` on local processes or cluster workers
    (`newskg.publish.nquads`)."""
    return ArticleWriter(facts, read_text(facts.text_path), entities, instances, hierarchy).build()


def shared_graphs(project: Project, hierarchy: Hierarchy) -> dict[str, GraphTriples]:
    """The graphs that are not an article's: entities, world, drafts, and the Wikidata links
    (written into their subjects' graphs, which are these)."""
    world, drafts = WorldWriter(project.instances, hierarchy,
                                support_index(project.articles)).build()
    graphs = {str(ENTITIES_GRAPH): entities_to_graph(project.entities.values(), hierarchy),
              str(WORLD_GRAPH): world}
    if drafts.triples:
        graphs[str(DRAFTS_GRAPH)] = drafts
    links = Dataset()  # skos:exactMatch + provenance (newskg.rdf.links): few, written with rdflib
    links_to_graph(project_links(project), links)
    for s, p, o, g in links.quads((None, None, None, None)):
        graphs.setdefault(str(g), GraphTriples()).add(rdflib_term(s), rdflib_term(p),
                                                       rdflib_term(o))
    return graphs
