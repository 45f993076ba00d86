"""The data of the pictures: the plot queries' answers as plain dataclasses.

Each loader runs one or more named queries of `newskg/plot/queries` on a store, with the filters
bound as values (`Filters`), and returns frozen dataclasses holding IRIs, labels and numbers: the
drawing modules never see SPARQL terms. Rows repeat a mark once per report (or per reporter); the
loaders fold them so that each mark is one report, world instance or figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newskg.errors import QueryError
from newskg.store.engines import Store
from newskg.store.named import NamedQuery, parse_named_query
from newskg.store.results import Solutions, Term


@dataclass(frozen=True)
class Filters:
    """What the picture shows: the article (its IRI), a day range, drafts too or not."""

    article: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    drafts: bool = False

    def params(self) -> dict[str, str]:
        """The filters as named-query parameter values (`NamedQuery.bind`)."""
        values = {}
        if self.article is not None:
            values["article"] = f"<{self.article}>"
        if self.since is not None:
            values["since"] = self.since.isoformat()
        if self.until is not None:
            values["until"] = self.until.isoformat()
        return values


def plot_query(name: str) -> NamedQuery:
    return parse_named_query(Path(str(resources.files("newskg.plot") / "queries" / f"{name}.rq")))


def plot_query_names() -> list[str]:
    folder = Path(str(resources.files("newskg.plot") / "queries"))
    return sorted(p.stem for p in folder.glob("*.rq"))


Row = dict[str, Term | None]


def rows(store: Store, name: str, filters: Filters) -> Iterator[Row]:
    """The answer of plot query ``name`` on ``store``, one dict per solution."""
    query = plot_query(name)
    result = store.query(query.sparql(drafts=filters.drafts), bindings=query.bind(filters.params()))
    if not isinstance(result, Solutions):  # pragma: no cover -- every plot query is a SELECT
        raise QueryError(f"plot query {name!r} is not a SELECT query")
    for row in result.rows:
        yield dict(zip(result.variables, row, strict=True))


def text(row: Row, name: str) -> str:
    term = row.get(name)
    if term is None:
        raise QueryError(f"plot query answered without ?{name}")
    return term.value


def optional(row: Row, name: str) -> str | None:
    term = row.get(name)
    return None if term is None else term.value


def number(row: Row, name: str) -> float | None:
    term = row.get(name)
    return None if term is None else float(term.value)


def instant(row: Row, name: str) -> dt.datetime:
    """An xsd:dateTime of the answer as an aware datetime (UTC when it names no zone)."""
    value = dt.datetime.fromisoformat(text(row, name))
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Source:
    """One report of a mark, and the article it comes from."""

    report: str
    article: str
    status: str


@dataclass(frozen=True)
class TimedInstance:
    """A world instance with its time: a period [start, end) of the given precision, and the
    first instant after its own end (``last``) when it has one."""

    iri: str
    label: str
    type: str
    date: str
    precision: str
    start: dt.datetime
    end: dt.datetime
    last: dt.datetime | None
    sources: tuple[Source, ...]

    @property
    def is_day(self) -> bool:
        return self.precision == "DayPrecision"


def timeline_data(store: Store, filters: Filters) -> list[TimedInstance]:
    found: dict[str, tuple[Row, list[Source]]] = {}
    for row in rows(store, "timeline", filters):
        iri = text(row, "instance")
        source = Source(text(row, "report"), text(row, "article"), local_name(text(row, "status")))
        found.setdefault(iri, (row, []))[1].append(source)
    return [TimedInstance(iri, text(row, "label"), local_name(optional(row, "type") or "Event"),
                          text(row, "date"), local_name(text(row, "precision")),
                          instant(row, "start"), instant(row, "periodEnd"),
                          instant(row, "lastEnd") if row.get("lastEnd") else None,
                          tuple(dict.fromkeys(sources)))
            for iri, (row, sources) in found.items()]


# ---------------------------------------------------------------- network


@dataclass(frozen=True)
class Tie:
    """An edge of the network: a statement, an alliance or rivalry, or an agreement role.

    ``kind`` is the stance of a statement (``Asserted``), ``Alliance`` or ``Rivalry``, or ``party``
    or ``mediator``; ``iri`` is what the edge links to (the statement, the relationship, the
    agreement)."""

    kind: str
    iri: str
    source: str
    target: str
    group: str  # statement, relationship, agreement
    sources: tuple[Source, ...] = field(default=())


@dataclass(frozen=True)
class Network:
    labels: dict[str, str]  # actor or agreement IRI -> label
    agreements: tuple[str, ...]  # the agreement nodes (IRIs), beside the actors
    ties: tuple[Tie, ...]


def network_data(store: Store, filters: Filters) -> Network:
    labels: dict[str, str] = {}
    ties: dict[tuple[str, str, str, str, str], list[Source]] = {}
    agreements: dict[str, None] = {}

    def add(kind: str, iri: str, source: str, target: str, group: str, row: Row) -> None:
        report = optional(row, "report") or iri  # a statement is its own report
        ties.setdefault((kind, iri, source, target, group), []).append(
            Source(report, text(row, "article"), local_name(text(row, "status"))))

    for row in rows(store, "network-statements", filters):
        speaker, target = text(row, "speaker"), text(row, "target")
        labels[speaker], labels[target] = text(row, "speakerLabel"), text(row, "targetLabel")
        add(local_name(text(row, "stance")), text(row, "statement"), speaker, target,
            "statement", row)
    for row in rows(store, "network-relationships", filters):
        subject, obj = text(row, "subject"), text(row, "object")
        labels[subject], labels[obj] = text(row, "subjectLabel"), text(row, "objectLabel")
        add(local_name(text(row, "kind")), text(row, "relationship"), subject, obj,
            "relationship", row)
    for row in rows(store, "network-agreements", filters):
        agreement, actor = text(row, "agreement"), text(row, "actor")
        labels[agreement], labels[actor] = text(row, "agreementLabel"), text(row, "actorLabel")
        agreements[agreement] = None
        add(local_name(text(row, "role")), agreement, actor, agreement, "agreement", row)
    return Network(labels, tuple(agreements),
                   tuple(Tie(kind, iri, source, target, group, tuple(dict.fromkeys(found)))
                         for (kind, iri, source, target, group), found in ties.items()))


# ---------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """One reported figure: a value, or bounds, or both; who reported it, and when it held."""

    iri: str
    counted: str
    counted_label: str
    unit: str
    value: float | None
    lower: float | None
    upper: float | None
    qualifier: str | None
    qualifier_text: str | None
    reporters: tuple[str, ...]
    date: str
    article: str
    status: str

    @property
    def low(self) -> float:
        """Where its bar or interval starts: the lower bound, else 0."""
        return self.lower if self.lower is not None else 0.0

    @property
    def high(self) -> float:
        """Where it ends: the upper bound, else the value, else the lower bound."""
        for bound in (self.upper, self.value, self.lower):
            if bound is not None:
                return bound
        return 0.0


def figures_data(store: Store, filters: Filters) -> list[Figure]:
    found: dict[str, tuple[Row, list[str]]] = {}
    for row in rows(store, "figures", filters):
        reporters = found.setdefault(text(row, "figure"), (row, []))[1]
        label = optional(row, "reporterLabel")
        if label is not None and label not in reporters:
            reporters.append(label)
    return [Figure(iri, text(row, "counted"), text(row, "countedLabel"),
                   local_name(text(row, "unit")), number(row, "value"), number(row, "lower"),
                   number(row, "upper"), _maybe_local(optional(row, "qualifier")),
                   optional(row, "qualifierText"), tuple(sorted(reporters)), text(row, "date"),
                   text(row, "article"), local_name(text(row, "status")))
            for iri, (row, reporters) in found.items()]


def _maybe_local(iri: str | None) -> str | None:
    return None if iri is None else local_name(iri)
