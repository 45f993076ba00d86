"""Wikidata links in the graph: ``skos:exactMatch`` plus one nkg:WikidataLink node per link.

Links come from two places: ``wikidata:`` in data/entities.yaml (a person's decision, checked against
verified.tsv by the entities loader) and the ``linked`` entries of data/wikidata/links.yaml. Before
anything is written, they are checked together: an unknown subject, two ids for one subject, one id
for two subjects, or an id without evidence (neither in verified.tsv nor fetched into snapshot.yaml)
is a LinkFileError naming the file, line and field.

Why skos:exactMatch and not owl:sameAs: see docs/model.md ("Wikidata links").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, SKOS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import PROV

from newskg.errors import LinkFileError
from newskg.project.links import LINKS_FILE, Link, load_links
from newskg.project.snapshot import Snapshot, open_snapshot
from newskg.rdf.iris import DRAFTS_GRAPH, ENTITIES_GRAPH, ENTITY, WORLD_GRAPH
from newskg.rdf.namespaces import ID, NKG, WD

if TYPE_CHECKING:
    from newskg.project import Project

SOURCE_TERMS = {"person": NKG.PersonDecision, "snapshot": NKG.SnapshotMatch,
                "online": NKG.OnlineMatch}


@dataclass(frozen=True)
class GraphLink:
    key: str             # entity key, or <slug>/<fact-id>
    subject: URIRef
    graph: URIRef
    qid: str
    source: str
    score: float
    reason: str
    evidence: str
    decided_by: str
    decided_at: str | None

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{self.subject}/wikidata-link")


def _subjects(project: Project) -> dict[str, tuple[URIRef, URIRef]]:
    """Every linkable key (entities, events, agreements) → (its IRI, the named graph its link goes
    in)."""
    out = {key: (ENTITY[key], DRAFTS_GRAPH if entity.draft else ENTITIES_GRAPH)
           for key, entity in project.entities.items()}
    for key, instance in project.instances.by_key.items():
        if instance.kind in ("event", "agreement"):
            graph = DRAFTS_GRAPH if instance.draft else WORLD_GRAPH
            out[key] = (URIRef(f"{ID}{instance.kind}/{key}"), graph)
    return out


def project_links(project: Project) -> list[GraphLink]:
    """The checked links of a project, from entities.yaml and links.yaml, in key order."""
    snapshot = open_snapshot(project.root)
    path = project.root / "wikidata" / LINKS_FILE
    in_file = load_links(path, snapshot) if path.exists() else {}
    known = _subjects(project)
    for key, link in in_file.items():
        # an entry that decides nothing (no-candidate, needs-review) may outlive its subject (a
        # draft's proposal dropped on the review page): it is left out until 'newskg link' rewrites
        # the file; a link or a person's rejection of a subject that is gone is an error
        if key not in known and link.status in ("linked", "rejected"):
            raise LinkFileError(f"no entity or event {key!r} in data/", path=path, line=link.line,
                                hint="use an entity key of entities.yaml or an event or agreement key "
                                "of instances.yaml; or run 'newskg link' to rewrite the file")
    links: dict[str, GraphLink] = {}
    decided = [(e.key, e.wikidata, e.line, "data/entities.yaml") for e in project.entities.values()]
    decided += [(i.key, i.wikidata, i.line, "data/instances.yaml")
                for i in project.instances.by_key.values()]
    for key, wikidata, line, source in decided:
        if wikidata is None:
            continue
        noted = in_file.get(key)
        if noted is not None and noted.status == "linked" and noted.id != wikidata:
            raise LinkFileError(
                f"{key!r} is linked to {noted.id} here but to {wikidata} in "
                f"{source} (line {line}): one subject, two ids", path=path,
                line=noted.line, field="id", hint=f"keep one: fix {source} or this entry")
        same = noted is not None and noted.id == wikidata
        links[key] = _graph_link(
            key, known, wikidata, snapshot, "person",
            noted.score if same and noted and noted.score is not None else 1.0,
            noted.why if same and noted else f"wikidata: in {source}, set by a person",
            source, noted.decided_at if same and noted else None)
    for key, link in sorted(in_file.items()):
        if link.status == "linked" and key not in links:
            links[key] = _from_file(link, known, snapshot)
    _check_one_subject_per_id(links.values(), path)
    return [links[k] for k in sorted(links)]


def _from_file(link: Link, known: dict[str, tuple[URIRef, URIRef]],
               snapshot: Snapshot) -> GraphLink:
    assert link.id is not None
    return _graph_link(link.subject, known, link.id, snapshot, link.source,
                       1.0 if link.score is None else link.score, link.why,
                       link.decided_by or link.source, link.decided_at)


def _graph_link(key: str, known: dict[str, tuple[URIRef, URIRef]], qid: str, snapshot: Snapshot,
                source: str, score: float, reason: str, decided_by: str,
                decided_at: str | None) -> GraphLink:
    item = snapshot.get(qid)
    evidence = item.evidence if item is not None else "no recorded source"
    subject, graph = known[key]
    return GraphLink(key, subject, graph, qid, source, score, reason, evidence, decided_by,
                     decided_at)


def _check_one_subject_per_id(links: Iterable[GraphLink], path: Path) -> None:
    owner: dict[str, str] = {}
    for link in links:
        first = owner.setdefault(link.qid, link.key)
        if first != link.key:
            raise LinkFileError(f"{link.qid} is linked from both {first!r} and {link.key!r} "
                                "(entities.yaml and links.yaml together)", path=path, field="id",
                                hint="two entities cannot be the same Wikidata item; keep one")


def links_to_graph(links: Iterable[GraphLink], ds: Dataset) -> None:
    """Write each link: the skos:exactMatch and its nkg:WikidataLink, in the subject's graph."""
    for link in links:
        g, node, target = ds.graph(link.graph), link.iri, WD[link.qid]
        g.add((link.subject, SKOS.exactMatch, target))
        g.add((node, RDF.type, NKG.WikidataLink))
        g.add((node, NKG.linkSubject, link.subject))
        g.add((node, NKG.linkTarget, target))
        g.add((node, NKG.linkSource, SOURCE_TERMS[link.source]))
        g.add((node, NKG.linkScore, Literal(Decimal(str(link.score)))))
        g.add((node, NKG.linkReason, Literal(link.reason)))
        g.add((node, NKG.linkEvidence, Literal(link.evidence)))
        g.add((node, NKG.decidedBy, Literal(link.decided_by)))
        if link.decided_at:
            g.add((node, PROV.generatedAtTime, Literal(link.decided_at, datatype=XSD.dateTime)))
