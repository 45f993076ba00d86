"""The facts model: one article's curated facts, read from its facts.yaml with located errors.

Loading checks each field's form; `check_references` checks that keys and fact ids resolve. Finding the
evidence spans in the article text is the job of `evidence.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict, TypeVar

from newskg.dates import DateValue
from newskg.entities import Entity, read_entity_table
from newskg.errors import FactsError
from newskg.fields import Fields
from newskg.yamlio import load_yaml

STATEMENT_ACTS = {a: a.capitalize() for a in (
    "assertion", "claim", "denial", "hope", "expectation", "promise", "announcement", "evaluation",
    "insistence")}
FIGURE_KINDS = {"killed": "Killed", "wounded": "Wounded", "evacuated": "Evacuated",
                "troops": "Troops", "displaced": "Displaced", "missing": "Missing",
                "other": "OtherCount"}
QUALIFIERS = {"at least": "AtLeast", "more than": "MoreThan", "over": "MoreThan",
              "at most": "AtMost", "less than": "LessThan", "under": "LessThan",
              "about": "About", "exact": "Exact"}
EVENT_TYPES = {"military-operation": "MilitaryOperation", "war": "War", "talks": "Talks",
               "protest": "Protest", "evacuation": "Evacuation", "attack": "Attack",
               "clash": "Clash", "displacement": "Displacement", "other": "Event"}
AGREEMENT_TYPES = {"ceasefire": "Ceasefire", "peace-deal": "PeaceDeal", "other": "Agreement"}
# An unreviewed fact with a confidence below this is a draft (nkg:Draft); shape S86 uses it too.
DRAFT_BELOW = 0.7
RELATION_PREDICATES = {
    "part-of": "partOf", "internationally-recognised-as-part-of": "internationallyRecognisedAsPartOf",
    "capital-of": "capitalOf", "controls": "controls", "claims": "claims", "ally-of": "allyOf",
    "rival-of": "rivalOf", "affiliated-with": "affiliatedWith"}


@dataclass(frozen=True)
class Evidence:
    text: str
    occurrence: int | None  # which copy in the text (1-based); None: the span must be unique


F = TypeVar("F", bound="Fact")


class _FactFields(TypedDict):
    id: str
    line: int
    evidence: Evidence
    confidence: float
    reviewed: bool


@dataclass(frozen=True)
class Fact:
    id: str
    line: int
    evidence: Evidence
    confidence: float
    reviewed: bool


@dataclass(frozen=True)
class Mention(Fact):
    entity: str
    role: str | None


@dataclass(frozen=True)
class Statement(Fact):
    speaker: str
    act: str  # ontology class local name
    direct: bool
    words: str
    cue: str | None
    addressee: str | None
    date: DateValue | None
    date_text: str | None
    about: tuple[str, ...]


@dataclass(frozen=True)
class Figure(Fact):
    kind: str
    value: int
    qualifier: str
    qualifier_text: str | None
    counts: str | None
    refers_to: str | None
    reported_by: str | None
    stated_in: str | None


@dataclass(frozen=True)
class Event(Fact):
    type: str
    label: str
    participants: tuple[str, ...]
    places: tuple[str, ...]
    date: DateValue | None
    start: DateValue | None
    end: DateValue | None
    date_text: str | None
    part_of: str | None


@dataclass(frozen=True)
class Term(Fact):
    party: str | None
    action: str
    event: str | None
    date: DateValue | None
    date_text: str | None
    supervised_by: tuple[str, ...]


@dataclass(frozen=True)
class Agreement(Fact):
    type: str
    label: str
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    supervised_by: tuple[str, ...]
    announced_by: tuple[str, ...]
    date: DateValue | None
    date_text: str | None
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Relation(Fact):
    subject: str
    predicate: str
    object: str
    start: DateValue | None
    date_text: str | None


@dataclass(frozen=True)
class Curation:
    agent: str
    agent_name: str
    agent_type: str  # "person" | "software"
    date: DateValue
    reviewed: bool


@dataclass(frozen=True)
class ArticleFacts:
    slug: str
    facts_path: Path
    text_path: Path
    headline: str
    published: dt.date
    language: str
    publisher: str | None
    url: str | None
    curation: Curation
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    figures: tuple[Figure, ...] = ()
    events: tuple[Event, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    relations: tuple[Relation, ...] = ()
    by_id: dict[str, Fact] = field(default_factory=dict, compare=False, repr=False)
    # New actors and territories a draft proposes (`proposed_entities:`); data/entities.yaml wins.
    proposed_entities: dict[str, Entity] = field(default_factory=dict, compare=False, repr=False)

    def all_facts(self) -> list[Fact]:
        """Every fact, agreement terms included, in file order by kind."""
        terms = [t for a in self.agreements for t in a.terms]
        return [*self.mentions, *self.statements, *self.figures, *self.events,
                *self.agreements, *terms, *self.relations]


def load_article_facts(folder: Path) -> ArticleFacts:
    """Read ``folder/facts.yaml`` (and check ``folder/article.txt`` exists)."""
    path = folder / "facts.yaml"
    text_path = folder / "article.txt"
    if not text_path.is_file():
        raise FactsError("article text not found", path=text_path,
                         hint="each article folder holds article.txt and facts.yaml")
    top = Fields(load_yaml(path), where="facts file", path=path, line=1)
    head = Fields(top.mapping("article"), where="article", path=path, line=1)
    published = head.date("published", None)
    if published is None or published.precision.name != "DAY":
        raise head.error("published", "must be a date YYYY-MM-DD")
    pub = published.earliest
    cur = Fields(top.mapping("curation"), where="curation", path=path, line=1)
    curation = Curation(
        agent=cur.key("agent", required=True) or "", agent_name=cur.text("agent_name") or "",
        agent_type=cur.choice("agent_type", {"person": "person", "software": "software"}, "person"),
        date=cur.date("date", None) or _missing(cur, "date"),
        reviewed=cur.boolean("reviewed", True))
    cur.check_unknown()
    reader = _FactReader(pub, curation.reviewed)
    facts = ArticleFacts(
        slug=folder.name, facts_path=path, text_path=text_path,
        headline=head.req_text("headline"), published=pub,
        language=head.language("language", "en"), publisher=head.key("publisher"),
        url=head.text("url"), curation=curation,
        mentions=tuple(reader.read(top, "mentions", reader.mention)),
        statements=tuple(reader.read(top, "statements", reader.statement)),
        figures=tuple(reader.read(top, "figures", reader.figure)),
        events=tuple(reader.read(top, "events", reader.event)),
        agreements=tuple(reader.read(top, "agreements", reader.agreement)),
        relations=tuple(reader.read(top, "relations", reader.relation)),
        by_id=reader.by_id, proposed_entities=_proposed_entities(top, path))
    head.check_unknown()
    top.check_unknown()
    return facts


def _proposed_entities(top: Fields, path: Path) -> dict[str, Entity]:
    table = top.mapping("proposed_entities")
    return read_entity_table(table, path, {}) if table is not None else {}


def _missing(f: Fields, key: str) -> DateValue:
    raise f.error(key, f"missing required field {key!r}")


class _FactReader:
    """Reads fact items of every kind, keeping ids unique within the article."""

    def __init__(self, published: dt.date, reviewed: bool) -> None:
        self.published = published
        self.reviewed = reviewed
        self.by_id: dict[str, Fact] = {}

    def read(self, top: Fields, key: str, make: Callable[[Fields, str], F]) -> list[F]:
        out = []
        for item, line in top.items(key):
            f = Fields(item, where=f"{key} item", path=top.m.path, line=line)
            ident = f.key("id", required=True) or ""
            f.where = f"{key.removesuffix('s')} {ident!r}"
            fact = make(f, ident)
            f.check_unknown()
            out.append(self._register(fact, f))
        return out

    def _register(self, fact: F, f: Fields) -> F:
        if fact.id in self.by_id:
            raise f.error("id", f"duplicate fact id {fact.id!r}",
                          f"already used on line {self.by_id[fact.id].line}")
        self.by_id[fact.id] = fact
        return fact

    def _base(self, f: Fields, ident: str) -> _FactFields:
        occurrence = f.integer("occurrence", minimum=1) if "occurrence" in f.m else None
        return _FactFields(id=ident, line=f.line,
                           evidence=Evidence(f.req_text("evidence"), occurrence),
                           confidence=f.number("confidence", 1.0, 0.0, 1.0),
                           reviewed=f.boolean("reviewed", self.reviewed))

    def mention(self, f: Fields, ident: str) -> Mention:
        return Mention(**self._base(f, ident), entity=f.key("entity", required=True) or "",
                       role=f.text("role"))

    def statement(self, f: Fields, ident: str) -> Statement:
        return Statement(
            **self._base(f, ident),
            speaker=f.key("speaker", required=True) or "",
            act=f.choice("act", STATEMENT_ACTS, "assertion"), direct=f.boolean("direct"),
            words=f.req_text("words"), cue=f.text("cue"), addressee=f.key("addressee"),
            date=f.date("date", self.published), date_text=f.text("date_text"),
            about=f.keys("about"))

    def figure(self, f: Fields, ident: str) -> Figure:
        qualifier_words = f.text("qualifier", required=True) or ""
        return Figure(
            **self._base(f, ident),
            kind=f.choice("kind", FIGURE_KINDS), value=f.integer("value", minimum=0),
            qualifier=f.choice("qualifier", QUALIFIERS),
            qualifier_text=f.text("qualifier_text") or
            (None if qualifier_words == "exact" else qualifier_words),
            counts=f.text("counts"), refers_to=f.key("refers_to"),
            reported_by=f.key("reported_by"), stated_in=f.key("stated_in"))

    def event(self, f: Fields, ident: str) -> Event:
        return Event(
            **self._base(f, ident),
            type=f.choice("type", EVENT_TYPES), label=f.req_text("label"),
            participants=f.keys("participants"), places=f.keys("place"),
            date=f.date("date", self.published), start=f.date("start", self.published),
            end=f.date("end", self.published), date_text=f.text("date_text"),
            part_of=f.key("part_of"))

    def agreement(self, f: Fields, ident: str) -> Agreement:
        base = self._base(f, ident)
        terms = []
        for item, line in f.items("terms"):
            tf = Fields(item, where=f"term of {ident!r}", path=f.m.path, line=line)
            term_id = tf.key("id", required=True) or ""
            tf.where = f"term {term_id!r}"
            term = Term(**self._base(tf, term_id), party=tf.key("party"),
                        action=tf.req_text("action"), event=tf.key("event"),
                        date=tf.date("date", self.published), date_text=tf.text("date_text"),
                        supervised_by=tf.keys("supervised_by"))
            tf.check_unknown()
            terms.append(self._register(term, tf))
        return Agreement(
            **base,
            type=f.choice("type", AGREEMENT_TYPES), label=f.req_text("label"),
            parties=f.keys("parties"), mediators=f.keys("mediators"),
            supervised_by=f.keys("supervised_by"), announced_by=f.keys("announced_by"),
            date=f.date("date", self.published), date_text=f.text("date_text"),
            terms=tuple(terms))

    def relation(self, f: Fields, ident: str) -> Relation:
        return Relation(
            **self._base(f, ident),
            subject=f.key("subject", required=True) or "",
            predicate=f.choice("predicate", RELATION_PREDICATES),
            object=f.key("object", required=True) or "", start=f.date("start", self.published),
            date_text=f.text("date_text"))
