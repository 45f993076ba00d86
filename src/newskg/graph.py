"""Facts to RDF: one named graph per article, one for the shared entities.

Every fact becomes a typed node with its evidence (Web Annotation selectors on the frozen text) and its
provenance (PROV-O). Types are materialised up the ontology's class hierarchy (a nkg:Claim is also typed
nkg:Statement and nkg:Fact), so plain SPARQL and SHACL targets see them without a reasoner.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from newskg.dates import DateValue
from newskg.entities import Entity
from newskg.errors import EvidenceError
from newskg.evidence import ArticleText, SpanNotFound
from newskg.facts import (
    DRAFT_BELOW,
    Agreement,
    ArticleFacts,
    Event,
    Fact,
    Figure,
    Mention,
    Relation,
    Statement,
    Term,
)
from newskg.namespaces import GRAPH, ID, NKG, OA, WD

ENTITY = Namespace(ID + "entity/")
AGENT = Namespace(ID + "agent/")
ENTITIES_GRAPH = URIRef(GRAPH + "entities")

Hierarchy = Mapping[URIRef, frozenset[URIRef]]


def article_iri(slug: str) -> URIRef:
    return URIRef(f"{ID}article/{slug}")


def article_graph_iri(slug: str) -> URIRef:
    return URIRef(f"{GRAPH}article/{slug}")


def review_status(fact: Fact) -> URIRef:
    """nkg:Reviewed, or for an unreviewed fact nkg:Draft below DRAFT_BELOW confidence, else
    nkg:Unreviewed."""
    if fact.reviewed:
        return NKG.Reviewed
    return NKG.Draft if fact.confidence < DRAFT_BELOW else NKG.Unreviewed


def _typed(g: Graph, node: URIRef, cls: URIRef, hierarchy: Hierarchy) -> None:
    g.add((node, RDF.type, cls))
    for sup in hierarchy.get(cls, ()):
        g.add((node, RDF.type, sup))


def entities_to_graph(entities: Iterable[Entity], hierarchy: Hierarchy, g: Graph) -> Graph:
    """Write the shared entities into ``g`` (the entities graph)."""
    for e in entities:
        node = ENTITY[e.key]
        for type_name in e.types:
            _typed(g, node, NKG[type_name], hierarchy)
        g.add((node, RDFS.label, Literal(e.name, lang="en")))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        if e.description:
            g.add((node, NKG.description, Literal(e.description, lang="en")))
        if e.wikidata:
            g.add((node, SKOS.exactMatch, WD[e.wikidata]))
    return g


class ArticleGraphBuilder:
    """Writes one article's facts into its named graph."""

    def __init__(self, facts: ArticleFacts, text: str, entities: Mapping[str, Entity],
                 hierarchy: Hierarchy, g: Graph) -> None:
        self.facts = facts
        self.text = ArticleText(text)
        self.entities = entities
        self.hierarchy = hierarchy
        self.article = article_iri(facts.slug)
        self.activity = URIRef(f"{self.article}/curation")
        self.agent = AGENT[facts.curation.agent]
        self.g = g

    def fact_iri(self, fact_id: str) -> URIRef:
        return URIRef(f"{self.article}/{fact_id}")

    def ref(self, key: str) -> URIRef:
        """A key in a facts file: a fact id of this article, else a shared entity."""
        return self.fact_iri(key) if key in self.facts.by_id else ENTITY[key]

    def build(self) -> Graph:
        self._article()
        writers = {Mention: self._mention, Statement: self._statement, Figure: self._figure,
                   Event: self._event, Agreement: self._agreement, Term: self._term,
                   Relation: self._relation}
        for fact in self.facts.all_facts():
            node = self._fact(fact)
            writers[type(fact)](node, fact)  # type: ignore[operator]
        return self.g

    # -- article and provenance -------------------------------------------------------------
    def _article(self) -> None:
        f, g, a = self.facts, self.g, self.article
        _typed(g, a, NKG.Article, self.hierarchy)
        g.add((a, NKG.headline, Literal(f.headline, lang=f.language)))
        g.add((a, NKG.datePublished, Literal(f.published.isoformat(), datatype=XSD.date)))
        g.add((a, NKG.text, Literal(self.text.text, lang=f.language)))
        sha = hashlib.sha256(self.text.text.encode("utf-8")).hexdigest()
        g.add((a, NKG.textSha256, Literal(sha)))
        g.add((a, DCTERMS.language, Literal(f.language)))
        if f.publisher:
            g.add((a, NKG.publisher, ENTITY[f.publisher]))
        if f.url:
            g.add((a, URIRef("https://schema.org/url"), Literal(f.url, datatype=XSD.anyURI)))
        cur = f.curation
        agent_class = PROV.Person if cur.agent_type == "person" else PROV.SoftwareAgent
        g.add((self.agent, RDF.type, PROV.Agent))
        g.add((self.agent, RDF.type, agent_class))
        g.add((self.agent, RDFS.label, Literal(cur.agent_name or cur.agent)))
        g.add((self.activity, RDF.type, PROV.Activity))
        g.add((self.activity, RDFS.label, Literal(f"curation of the facts of {f.slug}")))
        g.add((self.activity, PROV.used, a))
        g.add((self.activity, PROV.wasAssociatedWith, self.agent))
        g.add((self.activity, DCTERMS.date, Literal(cur.date.lexical, datatype=cur.date.datatype)))

    def _fact(self, fact: Fact) -> URIRef:
        g, node = self.g, self.fact_iri(fact.id)
        try:
            span = self.text.locate(fact.evidence.text, fact.evidence.occurrence)
        except SpanNotFound as exc:
            raise EvidenceError(f"fact {fact.id!r}: evidence {exc}", path=self.facts.facts_path,
                                line=fact.line, field="evidence",
                                hint=f"the text is {self.facts.text_path}") from None
        ev = URIRef(f"{node}/evidence")
        quote, position = URIRef(f"{ev}/quote"), URIRef(f"{ev}/position")
        g.add((node, NKG.sourceArticle, self.article))
        g.add((node, NKG.evidence, ev))
        g.add((node, NKG.confidence, Literal(Decimal(str(fact.confidence)))))
        g.add((node, NKG.reviewed, Literal(fact.reviewed)))
        g.add((node, NKG.reviewStatus, review_status(fact)))
        g.add((node, PROV.wasGeneratedBy, self.activity))
        g.add((node, PROV.wasAttributedTo, self.agent))
        g.add((node, PROV.wasDerivedFrom, self.article))
        g.add((ev, RDF.type, OA.SpecificResource))
        g.add((ev, OA.hasSource, self.article))
        g.add((ev, OA.hasSelector, quote))
        g.add((ev, OA.hasSelector, position))
        g.add((ev, NKG.sentence, Literal(span.sentence)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(span.exact)))
        g.add((quote, OA.prefix, Literal(span.prefix)))
        g.add((quote, OA.suffix, Literal(span.suffix)))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
        return node

    def _date(self, node: URIRef, prop: URIRef, value: DateValue | None) -> None:
        if value is None:
            return
        self.g.add((node, prop, Literal(value.lexical, datatype=URIRef(value.datatype))))
        self.g.set((node, NKG.datePrecision, NKG[value.precision.value]))

    def _dates(self, node: URIRef, text: str | None, **dates: DateValue | None) -> None:
        for name, value in dates.items():
            self._date(node, NKG[name], value)
        if text:
            self.g.add((node, NKG.dateText, Literal(text)))

    def _keys(self, node: URIRef, prop: URIRef, keys: Iterable[str]) -> None:
        for key in keys:
            self.g.add((node, prop, self.ref(key)))
            if key not in self.facts.by_id:
                self.g.add((self.article, NKG.mentions, ENTITY[key]))

    def _label(self, node: URIRef, text: str) -> None:
        self.g.add((node, RDFS.label, Literal(text, lang=self.facts.language)))

    def _name(self, key: str) -> str:
        return self.entities[key].name

    # -- one writer per kind of fact --------------------------------------------------------
    def _mention(self, node: URIRef, m: Mention) -> None:
        _typed(self.g, node, NKG.Mention, self.hierarchy)
        self._keys(node, NKG.mentionOf, [m.entity])
        self._label(node, f"{self._name(m.entity)}" + (f", {m.role}" if m.role else ""))
        if m.role:
            self.g.add((node, NKG.role, Literal(m.role, lang=self.facts.language)))

    def _statement(self, node: URIRef, s: Statement) -> None:
        g = self.g
        _typed(g, node, NKG[s.act], self.hierarchy)
        words = self._inside_evidence(s, s.words, "words")
        self._keys(node, NKG.speaker, [s.speaker])
        g.add((node, NKG.words, Literal(words, lang=self.facts.language)))
        g.add((node, NKG.direct, Literal(s.direct)))
        short = words if len(words) <= 60 else words[:57] + "..."
        self._label(node, f"{self._name(s.speaker)}: {short}")
        if s.cue:
            g.add((node, NKG.cue, Literal(s.cue)))
        if s.addressee:
            self._keys(node, NKG.addressee, [s.addressee])
        self._keys(node, NKG.about, s.about)
        self._dates(node, s.date_text, date=s.date)

    def _inside_evidence(self, fact: Fact, words: str, field: str) -> str:
        if words not in fact.evidence.text:
            raise EvidenceError(f"fact {fact.id!r}: {field} {words[:40]!r}... are not inside its "
                                "evidence span", path=self.facts.facts_path, line=fact.line,
                                field=field, hint="copy the words verbatim from the evidence")
        return words

    def _figure(self, node: URIRef, f: Figure) -> None:
        g = self.g
        _typed(g, node, NKG.ReportedFigure, self.hierarchy)
        g.add((node, NKG.value, Literal(f.value, datatype=XSD.integer)))
        g.add((node, NKG.figureKind, NKG[f.kind]))
        g.add((node, NKG.qualifier, NKG[f.qualifier]))
        if f.qualifier_text:
            g.add((node, NKG.qualifierText, Literal(f.qualifier_text)))
        counts = f" {f.counts}" if f.counts else ""
        words = f"{f.qualifier_text} " if f.qualifier_text else ""
        self._label(node, f"{words}{f.value:,}{counts} ({f.kind.lower()})")
        if f.counts:
            g.add((node, NKG.counts, Literal(f.counts, lang=self.facts.language)))
        for prop, key in ((NKG.refersTo, f.refers_to), (NKG.reportedBy, f.reported_by),
                          (NKG.statedIn, f.stated_in)):
            if key:
                self._keys(node, prop, [key])

    def _event(self, node: URIRef, e: Event) -> None:
        _typed(self.g, node, NKG[e.type], self.hierarchy)
        self._label(node, e.label)
        self._keys(node, NKG.participant, e.participants)
        self._keys(node, NKG.place, e.places)
        if e.part_of:
            self._keys(node, NKG.partOfEvent, [e.part_of])
        self._dates(node, e.date_text, date=e.date, startDate=e.start, endDate=e.end)

    def _agreement(self, node: URIRef, a: Agreement) -> None:
        _typed(self.g, node, NKG[a.type], self.hierarchy)
        self._label(node, a.label)
        self._keys(node, NKG.party, a.parties)
        self._keys(node, NKG.mediator, a.mediators)
        self._keys(node, NKG.supervisedBy, a.supervised_by)
        self._keys(node, NKG.announcedBy, a.announced_by)
        self._keys(node, NKG.hasTerm, [t.id for t in a.terms])
        self._dates(node, a.date_text, date=a.date)

    def _term(self, node: URIRef, t: Term) -> None:
        _typed(self.g, node, NKG.AgreementTerm, self.hierarchy)
        who = f"{self._name(t.party)}: " if t.party else ""
        self._label(node, who + t.action)
        self.g.add((node, NKG.action, Literal(t.action, lang=self.facts.language)))
        if t.party:
            self._keys(node, NKG.obligedParty, [t.party])
        if t.event:
            self._keys(node, NKG.termEvent, [t.event])
        self._keys(node, NKG.supervisedBy, t.supervised_by)
        self._dates(node, t.date_text, date=t.date)

    def _relation(self, node: URIRef, r: Relation) -> None:
        g, prop = self.g, NKG[r.predicate]
        subject, obj = ENTITY[r.subject], ENTITY[r.object]
        g.add((subject, prop, obj))
        _typed(g, node, NKG.Relation, self.hierarchy)
        g.add((node, RDF.type, RDF.Statement))
        g.add((node, RDF.subject, subject))
        g.add((node, RDF.predicate, prop))
        g.add((node, RDF.object, obj))
        g.add((self.article, NKG.mentions, subject))
        g.add((self.article, NKG.mentions, obj))
        self._label(node, f"{self._name(r.subject)} {r.predicate} {self._name(r.object)}")
        self._dates(node, r.date_text, startDate=r.start)
