"""Facts to RDF: one named graph per article, one for the shared entities.

Every fact becomes a typed node with its evidence (Web Annotation selectors on the frozen text) and its
provenance (PROV-O). Types are materialised up the ontology's class hierarchy (a nkg:Claim is also typed
nkg:Statement and nkg:Fact), so plain SPARQL and SHACL targets see them without a reasoner.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from rdflib import RDF, RDFS, SKOS, XSD, Namespace, URIRef
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
from newskg.ntriples import (
    GraphTriples,
    Terms,
    boolean,
    decimal,
    iri,
    lang_string,
    normalised,
    string,
    typed,
)

ENTITY = Namespace(ID + "entity/")
AGENT = Namespace(ID + "agent/")
ENTITIES_GRAPH = URIRef(GRAPH + "entities")

Hierarchy = Mapping[URIRef, frozenset[URIRef]]

# The vocabularies' terms as N-Triples IRIs (see newskg.ntriples: graphs are built as strings).
nkg, oa, rdf, rdfs, skos, prov, dcterms = (Terms(ns) for ns in (NKG, OA, RDF, RDFS, SKOS, PROV,
                                                                  DCTERMS))
SCHEMA_URL = iri("https://schema.org/url")
XSD_DATE, XSD_INTEGER, XSD_NON_NEGATIVE = str(XSD.date), str(XSD.integer), str(XSD.nonNegativeInteger)
XSD_ANY_URI = str(XSD.anyURI)


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


def _typed(g: GraphTriples, node: str, cls: URIRef, hierarchy: Hierarchy) -> None:
    g.add(node, rdf.type, iri(cls))
    for sup in hierarchy.get(cls, ()):
        g.add(node, rdf.type, iri(sup))


def entity(key: str) -> str:
    return iri(f"{ENTITY}{key}")


def entities_to_graph(entities: Iterable[Entity], hierarchy: Hierarchy,
                      g: GraphTriples) -> GraphTriples:
    """Write the shared entities into ``g`` (the entities graph)."""
    for e in entities:
        node = entity(e.key)
        for type_name in e.types:
            _typed(g, node, NKG[type_name], hierarchy)
        g.add(node, rdfs.label, lang_string(e.name, "en"))
        for alias in e.aliases:
            g.add(node, skos.altLabel, lang_string(alias, "en"))
        if e.description:
            g.add(node, nkg.description, lang_string(e.description, "en"))
        if e.wikidata:
            g.add(node, skos.exactMatch, iri(WD[e.wikidata]))
    return g


class ArticleGraphBuilder:
    """Writes one article's facts into its named graph."""

    def __init__(self, facts: ArticleFacts, text: str, entities: Mapping[str, Entity],
                 hierarchy: Hierarchy, g: GraphTriples) -> None:
        self.facts = facts
        self.text = ArticleText(text)
        self.entities = entities
        self.hierarchy = hierarchy
        self.language = facts.language
        self.base = f"{article_iri(facts.slug)}/"
        self.article = iri(article_iri(facts.slug))
        self.activity = iri(f"{self.base}curation")
        self.agent = iri(AGENT[facts.curation.agent])
        self.g = g

    def fact_iri(self, fact_id: str) -> str:
        return iri(f"{self.base}{fact_id}")

    def ref(self, key: str) -> str:
        """A key in a facts file: a fact id of this article, else a shared entity."""
        return self.fact_iri(key) if key in self.facts.by_id else entity(key)

    def build(self) -> GraphTriples:
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
        f, g, a, lang = self.facts, self.g, self.article, self.language
        _typed(g, a, NKG.Article, self.hierarchy)
        g.add(a, nkg.headline, lang_string(f.headline, lang))
        g.add(a, nkg.datePublished, normalised(f.published.isoformat(), XSD_DATE))
        g.add(a, nkg.text, lang_string(self.text.text, lang))
        sha = hashlib.sha256(self.text.text.encode("utf-8")).hexdigest()
        g.add(a, nkg.textSha256, string(sha))
        g.add(a, dcterms.language, string(f.language))
        if f.publisher:
            g.add(a, nkg.publisher, entity(f.publisher))
        if f.url:
            g.add(a, SCHEMA_URL, typed(f.url, XSD_ANY_URI))
        cur = f.curation
        agent_class = prov.Person if cur.agent_type == "person" else prov.SoftwareAgent
        g.add(self.agent, rdf.type, prov.Agent)
        g.add(self.agent, rdf.type, agent_class)
        g.add(self.agent, rdfs.label, string(cur.agent_name or cur.agent))
        g.add(self.activity, rdf.type, prov.Activity)
        g.add(self.activity, rdfs.label, string(f"curation of the facts of {f.slug}"))
        g.add(self.activity, prov.used, a)
        g.add(self.activity, prov.wasAssociatedWith, self.agent)
        g.add(self.activity, dcterms.date, normalised(cur.date.lexical, cur.date.datatype))

    def _fact(self, fact: Fact) -> str:
        g, node = self.g, self.fact_iri(fact.id)
        try:
            span = self.text.locate(fact.evidence.text, fact.evidence.occurrence)
        except SpanNotFound as exc:
            raise EvidenceError(f"fact {fact.id!r}: evidence {exc}", path=self.facts.facts_path,
                                line=fact.line, field="evidence",
                                hint=f"the text is {self.facts.text_path}") from None
        ev = f"{node[:-1]}/evidence>"
        quote, position = f"{ev[:-1]}/quote>", f"{ev[:-1]}/position>"
        g.add(node, nkg.sourceArticle, self.article)
        g.add(node, nkg.evidence, ev)
        g.add(node, nkg.confidence, decimal(str(fact.confidence)))
        g.add(node, nkg.reviewed, boolean(fact.reviewed))
        g.add(node, nkg.reviewStatus, iri(review_status(fact)))
        g.add(node, prov.wasGeneratedBy, self.activity)
        g.add(node, prov.wasAttributedTo, self.agent)
        g.add(node, prov.wasDerivedFrom, self.article)
        g.add(ev, rdf.type, oa.SpecificResource)
        g.add(ev, oa.hasSource, self.article)
        g.add(ev, oa.hasSelector, quote)
        g.add(ev, oa.hasSelector, position)
        g.add(ev, nkg.sentence, string(span.sentence))
        g.add(quote, rdf.type, oa.TextQuoteSelector)
        g.add(quote, oa.exact, string(span.exact))
        g.add(quote, oa.prefix, string(span.prefix))
        g.add(quote, oa.suffix, string(span.suffix))
        g.add(position, rdf.type, oa.TextPositionSelector)
        g.add(position, oa.start, typed(str(span.start), XSD_NON_NEGATIVE))
        g.add(position, oa.end, typed(str(span.end), XSD_NON_NEGATIVE))
        return node

    def _date(self, node: str, prop: str, value: DateValue | None) -> None:
        if value is None:
            return
        self.g.add(node, prop, normalised(value.lexical, value.datatype))
        self.g.set_value(node, nkg.datePrecision, nkg[value.precision.value])

    def _dates(self, node: str, text: str | None, **dates: DateValue | None) -> None:
        for name, value in dates.items():
            self._date(node, nkg[name], value)
        if text:
            self.g.add(node, nkg.dateText, string(text))

    def _keys(self, node: str, prop: str, keys: Iterable[str]) -> None:
        for key in keys:
            self.g.add(node, prop, self.ref(key))
            if key not in self.facts.by_id:
                self.g.add(self.article, nkg.mentions, entity(key))

    def _label(self, node: str, text: str) -> None:
        self.g.add(node, rdfs.label, lang_string(text, self.language))

    def _name(self, key: str) -> str:
        return self.entities[key].name

    # -- one writer per kind of fact --------------------------------------------------------
    def _mention(self, node: str, m: Mention) -> None:
        _typed(self.g, node, NKG.Mention, self.hierarchy)
        self._keys(node, nkg.mentionOf, [m.entity])
        self._label(node, f"{self._name(m.entity)}" + (f", {m.role}" if m.role else ""))
        if m.role:
            self.g.add(node, nkg.role, lang_string(m.role, self.language))

    def _statement(self, node: str, s: Statement) -> None:
        g = self.g
        _typed(g, node, NKG[s.act], self.hierarchy)
        words = self._inside_evidence(s, s.words, "words")
        self._keys(node, nkg.speaker, [s.speaker])
        g.add(node, nkg.words, lang_string(words, self.language))
        g.add(node, nkg.direct, boolean(s.direct))
        short = words if len(words) <= 60 else words[:57] + "..."
        self._label(node, f"{self._name(s.speaker)}: {short}")
        if s.cue:
            g.add(node, nkg.cue, string(s.cue))
        if s.addressee:
            self._keys(node, nkg.addressee, [s.addressee])
        self._keys(node, nkg.about, s.about)
        self._dates(node, s.date_text, date=s.date)

    def _inside_evidence(self, fact: Fact, words: str, field: str) -> str:
        if words not in fact.evidence.text:
            raise EvidenceError(f"fact {fact.id!r}: {field} {words[:40]!r}... are not inside its "
                                "evidence span", path=self.facts.facts_path, line=fact.line,
                                field=field, hint="copy the words verbatim from the evidence")
        return words

    def _figure(self, node: str, f: Figure) -> None:
        g = self.g
        _typed(g, node, NKG.ReportedFigure, self.hierarchy)
        g.add(node, nkg.value, typed(str(f.value), XSD_INTEGER))
        g.add(node, nkg.figureKind, nkg[f.kind])
        g.add(node, nkg.qualifier, nkg[f.qualifier])
        if f.qualifier_text:
            g.add(node, nkg.qualifierText, string(f.qualifier_text))
        counts = f" {f.counts}" if f.counts else ""
        words = f"{f.qualifier_text} " if f.qualifier_text else ""
        self._label(node, f"{words}{f.value:,}{counts} ({f.kind.lower()})")
        if f.counts:
            g.add(node, nkg.counts, lang_string(f.counts, self.language))
        for prop, key in ((nkg.refersTo, f.refers_to), (nkg.reportedBy, f.reported_by),
                          (nkg.statedIn, f.stated_in)):
            if key:
                self._keys(node, prop, [key])

    def _event(self, node: str, e: Event) -> None:
        _typed(self.g, node, NKG[e.type], self.hierarchy)
        self._label(node, e.label)
        self._keys(node, nkg.participant, e.participants)
        self._keys(node, nkg.place, e.places)
        if e.part_of:
            self._keys(node, nkg.partOfEvent, [e.part_of])
        self._dates(node, e.date_text, date=e.date, startDate=e.start, endDate=e.end)

    def _agreement(self, node: str, a: Agreement) -> None:
        _typed(self.g, node, NKG[a.type], self.hierarchy)
        self._label(node, a.label)
        self._keys(node, nkg.party, a.parties)
        self._keys(node, nkg.mediator, a.mediators)
        self._keys(node, nkg.supervisedBy, a.supervised_by)
        self._keys(node, nkg.announcedBy, a.announced_by)
        self._keys(node, nkg.hasTerm, [t.id for t in a.terms])
        self._dates(node, a.date_text, date=a.date)

    def _term(self, node: str, t: Term) -> None:
        _typed(self.g, node, NKG.AgreementTerm, self.hierarchy)
        who = f"{self._name(t.party)}: " if t.party else ""
        self._label(node, who + t.action)
        self.g.add(node, nkg.action, lang_string(t.action, self.language))
        if t.party:
            self._keys(node, nkg.obligedParty, [t.party])
        if t.event:
            self._keys(node, nkg.termEvent, [t.event])
        self._keys(node, nkg.supervisedBy, t.supervised_by)
        self._dates(node, t.date_text, date=t.date)

    def _relation(self, node: str, r: Relation) -> None:
        g, prop = self.g, nkg[r.predicate]
        subject, obj = entity(r.subject), entity(r.object)
        g.add(subject, prop, obj)
        _typed(g, node, NKG.Relation, self.hierarchy)
        g.add(node, rdf.type, rdf.Statement)
        g.add(node, rdf.subject, subject)
        g.add(node, rdf.predicate, prop)
        g.add(node, rdf.object, obj)
        g.add(self.article, nkg.mentions, subject)
        g.add(self.article, nkg.mentions, obj)
        self._label(node, f"{self._name(r.subject)} {r.predicate} {self._name(r.object)}")
        self._dates(node, r.date_text, startDate=r.start)
