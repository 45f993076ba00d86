"""What extraction finds in one article: drafts of facts, each with its evidence and a confidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from newskg.extract.article import ArticleInput
from newskg.extract.gazetteer import Known
from newskg.extract.sentences import Sentence


@dataclass(frozen=True)
class Ref:
    """An actor or territory as the text names it, and the entity it resolves to."""

    name: str
    entity: Known


@dataclass(frozen=True)
class StatementDraft:
    speaker: Ref
    words: str
    direct: bool
    stance: str  # the facts format's stance key (asserted, claimed, denied, ...)
    cue: str
    evidence: Sentence
    confidence: float
    date: str | None = None
    date_text: str | None = None
    role: str | None = None
    addressee: Ref | None = None
    start: int = 0  # offset of the words in the sentence


@dataclass(frozen=True)
class FigureDraft:
    kind: str
    value: int
    qualifier: str
    qualifier_text: str | None
    counts: str | None
    evidence: Sentence
    confidence: float
    reported_by: Ref | None = None
    lower: int | None = None  # a range ("between 200 and 300") or a vague quantity ("hundreds of"):
    upper: int | None = None  # its bounds; ``value`` is then the lower bound
    vague: bool = False  # "dozens", "hundreds of thousands": not a figure in the gold shape


@dataclass(frozen=True)
class EventDraft:
    type: str
    label: str
    trigger: str
    evidence: Sentence
    confidence: float
    date: str | None = None
    date_text: str | None = None
    places: tuple[Ref, ...] = ()
    participants: tuple[Ref, ...] = ()


@dataclass(frozen=True)
class AgreementDraft:
    type: str
    label: str
    evidence: Sentence
    confidence: float
    parties: tuple[Ref, ...] = ()
    mediators: tuple[Ref, ...] = ()
    terms: tuple[tuple[str, Sentence], ...] = ()
    date: str | None = None
    date_text: str | None = None


@dataclass(frozen=True)
class MentionDraft:
    ref: Ref
    evidence: Sentence
    start: int
    end: int
    as_place: bool = False  # named as a place ("in Armenia"), not as an actor
    credited: bool = False  # named by a credit line ("information provided by AFP"): a source


@dataclass
class Extraction:
    """Everything drafted from one article, in reading order within each kind."""

    article: ArticleInput
    statements: list[StatementDraft] = field(default_factory=list)
    figures: list[FigureDraft] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    agreements: list[AgreementDraft] = field(default_factory=list)
    mentions: list[MentionDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    proposed: dict[str, Known] = field(default_factory=dict)  # new entities, final types

    @property
    def published(self) -> dt.date | None:
        return self.article.published
