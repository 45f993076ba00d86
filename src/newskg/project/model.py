"""The typed project: entities, world instances and the articles' reports, as read from data/.

Two layers (docs/model.md): *world instances* (events, agreements and their terms, counted things,
relationships) are declared once in data/instances.yaml, independent of any article; *reports* (mentions,
statements, reports on instances, figures) are what one article says, each with its evidence span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from newskg.project.dates import DateValue, day
from newskg.project.entities import Entity

# An unreviewed report with a confidence below this is a draft (nkg:Draft).
DRAFT_BELOW = 0.7

STANCES = {s: s.title().replace("-", "") for s in (
    "asserted", "claimed", "denied", "disputed", "hoped", "expected", "promised", "announced",
    "evaluated", "insisted", "feared", "warned", "demanded", "called-for")}
DENYING_STANCES = frozenset({"Denied", "Disputed"})
POLARITIES = {"positive": "Positive", "negative": "Negative", "mixed": "Mixed"}
FIGURE_KINDS = {"killed": "Killed", "wounded": "Wounded", "evacuated": "Evacuated",
                "troops": "Troops", "displaced": "Displaced", "missing": "Missing",
                "detained": "Detained", "other": "OtherCount"}
UNITS = {"person": "PersonUnit", "household": "HouseholdUnit", "percent": "PercentUnit",
         "usd": "USDollarUnit", "other": "OtherUnit"}
QUALIFIERS = {"at least": "AtLeast", "more than": "MoreThan", "over": "MoreThan",
              "at most": "AtMost", "less than": "LessThan", "under": "LessThan",
              "about": "About", "around": "About", "nearly": "Nearly", "almost": "Nearly",
              "up to": "UpTo", "between": "Between", "exact": "Exact"}
LOWER_BOUND_QUALIFIERS = frozenset({"AtLeast", "MoreThan"})
UPPER_BOUND_QUALIFIERS = frozenset({"AtMost", "LessThan", "Nearly", "UpTo"})
EVENT_TYPES = {"military-operation": "MilitaryOperation", "war": "War", "talks": "Talks",
               "protest": "Protest", "evacuation": "Evacuation", "attack": "Attack",
               "clash": "Clash", "displacement": "Displacement", "other": "Event"}
AGREEMENT_TYPES = {"ceasefire": "Ceasefire", "peace-deal": "PeaceDeal", "other": "Agreement"}
# predicate key -> (relationship class, plain property) local names
RELATIONSHIP_KINDS = {
    "controls": ("Control", "controls"),
    "claims": ("TerritorialClaim", "claims"),
    "affiliated-with": ("Affiliation", "affiliatedWith"),
    "ally-of": ("Alliance", "allyOf"),
    "rival-of": ("Rivalry", "rivalOf"),
    "part-of": ("PartOfRelationship", "partOf"),
    "capital-of": ("CapitalRelationship", "capitalOf"),
    "internationally-recognised-as-part-of": ("RecognisedPartOfRelationship",
                                              "internationallyRecognisedAsPartOf"),
}
LICENCES = {"public domain": "public domain",
            "third-party, kept for research": "third-party, kept for research"}


@dataclass(frozen=True)
class Agent:
    """Who curated a file: the agent IRI's key, a display name, person or software."""

    key: str
    name: str
    kind: str  # "person" | "software"


@dataclass(frozen=True)
class Curation:
    agent: Agent
    date: DateValue
    reviewed: bool


@dataclass(frozen=True)
class Times:
    """The time of an instance or a report: a point in time, or a start and an end."""

    date: DateValue | None = None
    start: DateValue | None = None
    end: DateValue | None = None

    def items(self) -> tuple[tuple[str, DateValue], ...]:
        return tuple((name, value) for name, value in (
            ("date", self.date), ("start", self.start), ("end", self.end)) if value is not None)

    @property
    def earliest(self) -> dt.date | None:
        first = self.date or self.start
        return first.earliest if first else None


# -- world instances ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Instance:
    key: str
    line: int
    label: str
    draft: bool
    times: Times
    wikidata: str | None
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, kw_only=True)

    def line_of(self, name: str) -> int:
        """The line of one of its fields (where an error about it points), else its own."""
        return self.field_lines.get(name, self.line)

    @property
    def kind(self) -> str:
        """The IRI path segment: event, agreement, term, counted, relationship."""
        raise NotImplementedError


@dataclass(frozen=True)
class Event(Instance):
    type: str
    participants: tuple[str, ...]
    places: tuple[str, ...]
    part_of: str | None
    duration: str | None

    @property
    def kind(self) -> str:
        return "event"


@dataclass(frozen=True)
class Term(Instance):
    agreement: str
    parties: tuple[str, ...]
    action: str
    event: str | None
    supervised_by: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "term"


@dataclass(frozen=True)
class Agreement(Instance):
    type: str
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    supervised_by: tuple[str, ...]
    terms: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "agreement"


@dataclass(frozen=True)
class Counted(Instance):
    measure: str
    unit: str
    of: str | None
    side: str | None

    @property
    def kind(self) -> str:
        return "counted"


@dataclass(frozen=True)
class Acceptance:
    """Who decided and when: a relationship accepted as a world fact, a report reviewed."""

    agent: Agent
    date: DateValue


@dataclass(frozen=True)
class Relationship(Instance):
    subject: str
    predicate: str  # key of RELATIONSHIP_KINDS
    object: str
    accepted: Acceptance | None

    @property
    def kind(self) -> str:
        return "relationship"


@dataclass(frozen=True)
class Instances:
    """data/instances.yaml: every world instance by key."""

    path: Path
    curation: Curation
    by_key: dict[str, Instance]
    # Where an instance declared elsewhere than ``path`` comes from: the facts file of a draft
    # that proposes it (`proposed_instances:`, project/proposals.py).
    sources: dict[str, Path] = field(default_factory=dict, compare=False, repr=False)

    def of_type(self, cls: type[Instance]) -> list[Instance]:
        return [i for i in self.by_key.values() if isinstance(i, cls)]

    def path_of(self, key: str) -> Path:
        """The file that declares instance ``key`` (for error messages)."""
        return self.sources.get(key, self.path)


# -- reports ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Evidence:
    text: str
    occurrence: int | None  # None: the span must occur once


@dataclass(frozen=True)
class Resolution:
    """Why a report points at its entity or instance (`resolution:`): who decided (the tool's agent
    key, or a person's), how sure (0..1) and the reason. A decision by anyone but the tool is a
    person's and is kept when the article is drafted again."""

    by: str
    score: float | None
    reason: str | None
    line: int


@dataclass(frozen=True)
class Report:
    id: str
    line: int
    evidence: Evidence
    confidence: float
    reviewed: bool
    reviewed_by: Acceptance | None = field(default=None, kw_only=True)  # the person, the day
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, kw_only=True)

    def line_of(self, name: str) -> int:
        """The line of one of its fields (where an error about it points), else its own."""
        return self.field_lines.get(name, self.line)

    @property
    def status(self) -> str:
        """Reviewed, Unreviewed, or Draft (unreviewed below DRAFT_BELOW confidence)."""
        if self.reviewed:
            return "Reviewed"
        return "Draft" if self.confidence < DRAFT_BELOW else "Unreviewed"


@dataclass(frozen=True)
class Mention(Report):
    entity: str
    role: str | None


@dataclass(frozen=True)
class Statement(Report):
    speakers: tuple[str, ...]
    stance: str  # local name in STANCES' values
    polarity: str | None
    direct: bool
    words: str
    cue: str | None
    addressee: str | None
    via: tuple[str, ...]
    times: Times
    date_text: str | None
    about: tuple[str, ...]


@dataclass(frozen=True)
class InstanceReport(Report):
    instance: str
    according_to: tuple[str, ...]
    times: Times
    as_of: DateValue | None
    date_text: str | None
    duration: str | None = None


@dataclass(frozen=True)
class Figure(Report):
    counted: str
    value: str | None  # decimals as written (no float rounding)
    lower: str | None
    upper: str | None
    qualifier: str | None
    qualifier_text: str | None
    unit: str | None
    as_of: DateValue | None
    reported_by: tuple[str, ...]
    stated_in: str | None


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
    licence: str
    curation: Curation
    text_complete: bool = True  # False: article.txt holds only part of the published article
    mentions: tuple[Mention, ...] = ()
    statements: tuple[Statement, ...] = ()
    reports: tuple[InstanceReport, ...] = ()
    figures: tuple[Figure, ...] = ()
    by_id: dict[str, Report] = field(default_factory=dict, compare=False, repr=False)
    # New actors and territories a draft proposes (`proposed_entities:`); data/entities.yaml wins.
    proposed_entities: dict[str, Entity] = field(default_factory=dict, compare=False, repr=False)
    # New world instances a draft proposes (`proposed_instances:`, always drafts);
    # data/instances.yaml wins on a shared key.
    proposed_instances: dict[str, Instance] = field(default_factory=dict, compare=False,
                                                    repr=False)
    # Report id -> how `newskg add` (or a person) resolved it (`resolution:`).
    resolutions: dict[str, Resolution] = field(default_factory=dict, compare=False, repr=False)

    @property
    def published_value(self) -> DateValue:
        return day(self.published)

    def all_reports(self) -> list[Report]:
        return [*self.mentions, *self.statements, *self.reports, *self.figures]


@dataclass(frozen=True)
class Project:
    """Everything under data/, read and checked once."""

    root: Path
    entities: dict[str, Entity]
    instances: Instances
    articles: tuple[ArticleFacts, ...]
