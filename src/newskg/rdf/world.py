"""World instances → the curated world graph (reviewed instances, accepted relationships) and the
drafts graph (draft instances, relationships nobody accepted).

An instance carries no article provenance: the reports that support it are linked with
nkg:supportedBy. An accepted relationship with no end also gets its plain ("truthy") triple, as
Wikidata's direct claims, so ``?x nkg:controls ?t`` answers what holds now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newskg.project.model import (
    RELATIONSHIP_KINDS,
    Agreement,
    Counted,
    Event,
    Instance,
    Instances,
    Relationship,
    Term,
)
from newskg.rdf.iris import entity_iri, instance_iri
from newskg.rdf.namespaces import NKG
from newskg.rdf.ntriples import GraphTriples, string
from newskg.rdf.terms import (
    TIME_PROPERTIES,
    Hierarchy,
    agent,
    instant,
    nkg,
    rdfs,
    time_value,
    typed_node,
)

INSTANCE_CLASSES = {Term: "AgreementTerm", Counted: "CountedThing"}


def instance_node(instances: Instances, key: str) -> str:
    return instance_iri(instances.by_key[key].kind, key)


def ref(instances: Instances, key: str) -> str:
    """A key that names an instance or else an entity, as an IRI."""
    return instance_node(instances, key) if key in instances.by_key else entity_iri(key)


class WorldWriter:
    """Writes every instance into the world or the drafts graph."""

    def __init__(self, instances: Instances, hierarchy: Hierarchy,
                 support: Mapping[str, Iterable[str]]) -> None:
        self.instances = instances
        self.hierarchy = hierarchy
        self.support = support
        self.world, self.drafts = GraphTriples(), GraphTriples()

    def build(self) -> tuple[GraphTriples, GraphTriples]:
        for instance in self.instances.by_key.values():
            self._instance(instance)
        return self.world, self.drafts

    def _graph(self, i: Instance) -> GraphTriples:
        draft = i.draft or (isinstance(i, Relationship) and i.accepted is None)
        return self.drafts if draft else self.world

    def _instance(self, i: Instance) -> None:
        g, node = self._graph(i), instance_iri(i.kind, i.key)
        cls = self._class(i)
        typed_node(g, node, NKG[cls], self.hierarchy)
        g.add(node, rdfs.label, string(i.label))
        g.add(node, nkg.reviewStatus, nkg.Draft if g is self.drafts else nkg.Reviewed)
        for name, value in i.times.items():
            time_value(g, node, nkg[TIME_PROPERTIES[name]], name, value)
        for report in sorted(self.support.get(i.key, ())):
            g.add(node, nkg.supportedBy, report)
        if isinstance(i, Event):
            self._event(g, node, i)
        elif isinstance(i, Agreement):
            self._keys(g, node, nkg.party, i.parties)
            self._keys(g, node, nkg.mediator, i.mediators)
            self._keys(g, node, nkg.supervisedBy, i.supervised_by)
            for term in i.terms:
                g.add(node, nkg.hasTerm, instance_iri("term", term))
        elif isinstance(i, Term):
            self._keys(g, node, nkg.obligedParty, i.parties)
            g.add(node, nkg.action, string(i.action))
            self._keys(g, node, nkg.supervisedBy, i.supervised_by)
            if i.event:
                g.add(node, nkg.termEvent, instance_iri("event", i.event))
        elif isinstance(i, Counted):
            g.add(node, nkg.measure, nkg[i.measure])
            g.add(node, nkg.unit, nkg[i.unit])
            if i.of:
                g.add(node, nkg.countOf, ref(self.instances, i.of))
            if i.side:
                g.add(node, nkg.side, entity_iri(i.side))
        elif isinstance(i, Relationship):
            self._relationship(g, node, i)

    @staticmethod
    def _class(i: Instance) -> str:
        if isinstance(i, (Event, Agreement)):
            return i.type
        if isinstance(i, Relationship):
            return RELATIONSHIP_KINDS[i.predicate][0]
        return INSTANCE_CLASSES[type(i)]

    def _keys(self, g: GraphTriples, node: str, prop: str, keys: Iterable[str]) -> None:
        for key in keys:
            g.add(node, prop, ref(self.instances, key))

    def _event(self, g: GraphTriples, node: str, e: Event) -> None:
        self._keys(g, node, nkg.participant, e.participants)
        self._keys(g, node, nkg.place, e.places)
        if e.part_of:
            g.add(node, nkg.partOfEvent, instance_iri("event", e.part_of))
        if e.duration:
            g.add(node, nkg.duration, string(e.duration))

    def _relationship(self, g: GraphTriples, node: str, r: Relationship) -> None:
        subject, obj = entity_iri(r.subject), entity_iri(r.object)
        g.add(node, nkg.relationshipSubject, subject)
        g.add(node, nkg.relationshipObject, obj)
        if r.accepted is None:
            return
        g.add(node, nkg.acceptedBy, agent(g, r.accepted.agent))
        g.add(node, nkg.acceptedOn, instant(r.accepted.date.earliest))
        if r.times.end is None and not r.draft:
            g.add(subject, nkg[RELATIONSHIP_KINDS[r.predicate][1]], obj)
