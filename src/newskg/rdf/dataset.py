"""Project → the whole dataset: entities, world and drafts graphs, one graph per article, and the
Wikidata links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
from newskg.rdf.ntriples import GraphTriples, Triple, rdflib_term
from newskg.rdf.sorted_dataset import SortedDataset, StreamedLoad, graph_key
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


def build_dataset(project: Project, ontology: Graph, *, spool_dir: Path | None = None,
                  feed: StreamedLoad | None = None) -> SortedDataset:
    """The whole dataset as sorted named graphs, written one graph at a time into a spool file in
    ``spool_dir`` (`SortedDataset`): only the shared graphs and one article graph are in memory.
    ``feed``: a store loading the N-Quads as they are written."""
    hierarchy = class_hierarchy(ontology)
    shared = shared_graphs(project, hierarchy)
    dataset = SortedDataset(spool_dir=spool_dir, feed=feed)
    # In output order: the article graphs (".../graph/article/...") sort before the shared ones.
    articles = sorted(project.articles, key=lambda f: graph_key(str(article_graph_iri(f.slug))))
    for facts in progress(articles, description="building graphs"):
        dataset.add(str(article_graph_iri(facts.slug)), article_graph(
            facts, project.entities, project.instances, hierarchy))
    for name in sorted(shared, key=graph_key):
        dataset.add(name, shared.pop(name))
    return dataset


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
    curated = [e for e in project.entities.values() if not e.draft]
    return shared_graphs_from(project.instances, hierarchy, support_index(project.articles),
                              entities_to_graph(curated, hierarchy), link_triples(project),
                              draft_entities(project.entities, hierarchy))


def draft_entities(entities: Mapping[str, Entity], hierarchy: Hierarchy) -> GraphTriples:
    """The entities articles only propose, for the drafts graph."""
    return entities_to_graph((e for e in entities.values() if e.draft), hierarchy)


def shared_graphs_from(instances: Instances, hierarchy: Hierarchy,
                       support: Mapping[str, list[str]], entities: GraphTriples,
                       links: Mapping[str, Iterable[Triple]],
                       drafted: GraphTriples | None = None) -> dict[str, GraphTriples]:
    """The entities, world and (when it has triples) drafts graphs, with the Wikidata ``links``
    (`link_triples`) added to the graphs they name: what `shared_graphs` makes, from parts an
    incremental build remembers (`newskg.publish.incremental`)."""
    world, drafts = WorldWriter(instances, hierarchy, support).build()
    if drafted is not None:  # the entities articles propose: drafts, beside the draft instances
        for triple in drafted.all():
            drafts.add(*triple)
    shared = {str(ENTITIES_GRAPH): entities, str(WORLD_GRAPH): world}
    if drafts.triples:
        shared[str(DRAFTS_GRAPH)] = drafts
    for name, triples in links.items():
        graph = shared.setdefault(name, GraphTriples())
        for triple in triples:
            graph.add(*triple)
    return shared


def link_triples(project: Project) -> dict[str, list[Triple]]:
    """skos:exactMatch + provenance (newskg.rdf.links) by graph: few, written with rdflib."""
    links = Dataset()
    links_to_graph(project_links(project), links)
    out: dict[str, list[Triple]] = {}
    for s, p, o, g in links.quads((None, None, None, None)):
        out.setdefault(str(g), []).append((rdflib_term(s), rdflib_term(p), rdflib_term(o)))
    return out
