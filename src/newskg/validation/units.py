"""Validation one graph at a time, remembering which units already conform.

The dataset is split into validation units:
- the entities graph on its own;
- the world unit: the curated world graph and the drafts graph together (a reviewed instance may not
  refer to a draft one, and both kinds are checked against their support), with the descriptions of
  the entities they use and the *support summaries* of the reports that support their instances: each
  supporting report's nkg:reports / nkg:counted, nkg:evidence, nkg:reviewStatus and
  nkg:sourceArticle triples, read from the article graphs. That is what the shapes need to check that
  every instance (and every plain relationship triple) rests on an evidenced report of the right kind
  and status without reading the articles: the reports' types are left out, so the shapes of reports
  do not apply to these partial descriptions (the article units check the reports in full);
- each article graph together with the descriptions of the entities it uses.
An entity's description is its own triples in the entities graph plus those of the nodes there that
point to it (its Wikidata link records): what a shape on a report (``sh:class`` of a speaker) or on an
entity (its label, its link's provenance) looks at. So an article unit's size does not grow with the
corpus, and a change to one article re-validates that article (and the world unit when the change
touches a support summary); a change to one entity re-validates the entities graph and the units that
use that entity.

A unit that conforms is remembered under a digest of everything its outcome depends on: the shapes
file, the ontology file and the unit's triples. Any change to one of these gives a new digest, so a
remembered result is never stale. A conforming unit's warnings and infos are remembered with it (the
marker file holds them), so a build that validates nothing new reports them all the same. A marker's
first line is ``key RESULT-KEY SIZE``: the digest of its results (`result_key`) and the size of what
follows, so a build that only needs to know the result (every unchanged unit) reads that line, not
the results (markers written before that line are given it once, by the next build that reads them).
Non-conforming results are not remembered: they are recomputed, so their report is always complete.

Units to check are validated in worker processes (one per core) when there are several; each worker
is forked with the shapes and ontology already parsed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from newskg.atomic import atomic_write
from newskg.errors import InputError
from newskg.process import quiet_worker
from newskg.progress import progress
from newskg.rdf.iris import DRAFTS_GRAPH, ENTITY, WORLD_GRAPH
from newskg.rdf.namespaces import NKG
from newskg.rdf.ntriples import Triple, is_literal
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.resources import ontology_path, shapes_path
from newskg.spool import Spool
from newskg.validation.markers import (
    KEY_LINE,
    key_line,
    marker_key,
    recalled,
    remembered,
    report_key,
)
from newskg.validation.shacl import (
    SpooledReport,
    ValidationReport,
    load_shapes,
    merge_reports,
    validate_graph,
)
from newskg.validation.summary import Violation
from newskg.validation.world_split import world_units

PARALLEL_FROM = 4  # fewer units than this are validated in this process
WORLD_GRAPHS = (str(WORLD_GRAPH), str(DRAFTS_GRAPH))  # validated together, as one unit
MARKER_FORMAT = b"newskg conforming unit, with its warnings and infos, v2\n"


def rules_digest() -> bytes:
    """A digest of the shapes and ontology files, which decide what conforms (and of the SHACL
    engine, when it is not pySHACL: each engine remembers its own verdicts)."""
    from newskg.validation.shacl import _ENGINE

    engine = b"" if _ENGINE["name"] == "pyshacl" else _ENGINE["name"].encode()
    return hashlib.sha256(MARKER_FORMAT + shapes_path().read_bytes()
                          + ontology_path().read_bytes() + engine).digest()


class _UnitText:
    """What a unit is validated and remembered by: its N-Triples (``ntriples``)."""

    remembered: str | None = None  # a unit of a build before known by its digest alone (no lines)

    def ntriples(self) -> bytes:
        raise NotImplementedError

    def digest(self, rules: bytes) -> str:
        return hashlib.sha256(rules + self.ntriples()).hexdigest()

    def to_graph(self) -> Graph:
        return Graph().parse(data=self.ntriples(), format="nt")


@dataclass(frozen=True)
class Unit(_UnitText):
    """What is validated together: one graph (the world unit: two), plus the entity descriptions
    it uses (and the world unit, the support summaries of its reports).

    ``lines`` are its triples as N-Triples lines without the final `` .`` (see newskg.rdf.ntriples).
    """

    name: str
    lines: tuple[str, ...]
    remembered: str | None = None  # a unit of a build before known by its digest alone (no lines)

    def ntriples(self) -> bytes:
        return _ntriples(self.lines)

    def digest(self, rules: bytes) -> str:
        if self.remembered is not None:
            return self.remembered
        return super().digest(rules)


def _ntriples(lines: Sequence[str]) -> bytes:
    return (" .\n".join(lines) + " .\n").encode("utf-8") if lines else b""


class SpooledUnit(_UnitText):
    """A unit whose N-Triples wait in a spool file (`newskg.spool`) until validated: a build's
    units, so that their text is not all in memory at once."""

    __slots__ = ("_length", "_offset", "_spool", "name")

    def __init__(self, name: str, spool: Spool, lines: Sequence[str]) -> None:
        self.name = name
        self._spool = spool
        self._offset, self._length = spool.append(_ntriples(lines))

    def ntriples(self) -> bytes:
        return self._spool.read(self._offset, self._length)

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(line[:-2].decode("utf-8") for line in self.ntriples().split(b"\n")[:-1])


AnyUnit = Unit | SpooledUnit


class UnitForgotten(LookupError):
    """A unit known by its digest alone has no readable marker: it cannot be validated here."""


_ENTITY_TERM = f"<{ENTITY}"


def with_draft_entities(entities: Iterable[Triple], drafts: Iterable[Triple]) -> list[Triple]:
    """The entities graph's triples and those of the draft entities (an article's proposals, in
    the drafts graph): what an article unit may need to describe the entities it names."""
    return [*entities, *(t for t in drafts if t[0].startswith(_ENTITY_TERM))]


class EntityDescriptions:
    """Index of the entities graph: each node's own triples and those of the nodes pointing to it.

    Triples are tuples of N-Triples terms (newskg.rdf.ntriples); sorting them sorts their lines.
    """

    def __init__(self, entities: Iterable[Triple]) -> None:
        self.own: defaultdict[str, list[Triple]] = defaultdict(list)
        self.pointers: defaultdict[str, set[str]] = defaultdict(set)
        for triple in entities:
            self.own[triple[0]].append(triple)
            if not is_literal(triple[2]):
                self.pointers[triple[2]].add(triple[0])

    def of(self, triples: Iterable[Triple]) -> list[Triple]:
        """The descriptions of the entities that ``triples`` use, sorted (deterministic digests)."""
        own = self.own
        used = {n for s, _, o in triples for n in (s, o) if n in own}  # not classes: no description
        subjects = used | {s for n in used for s in self.pointers.get(n, ())}
        return sorted({t for s in subjects for t in own.get(s, ())})


class SupportSummaries:
    """Index of the article graphs: the triples of each report that the world unit's checks read.

    A report's summary is its nkg:reports, nkg:counted, nkg:evidence, nkg:reviewStatus and
    nkg:sourceArticle triples (not its type: see the module's docstring).
    """

    PREDICATES = frozenset(f"<{NKG[name]}>" for name in (
        "reports", "counted", "evidence", "reviewStatus", "sourceArticle"))
    SUPPORTED_BY = f"<{NKG.supportedBy}>"

    def __init__(self, graphs: Iterable[Iterable[Triple]]) -> None:
        self.own: defaultdict[str, list[Triple]] = defaultdict(list)
        for triples in graphs:
            self.collect(triples)

    def collect(self, triples: Iterable[Triple], reports: Collection[str] | None = None) -> None:
        """Keep the summary triples of ``triples`` (of the ``reports`` only, when given)."""
        wanted, own = self.PREDICATES, self.own
        for triple in triples:
            if triple[1] in wanted and (reports is None or triple[0] in reports):
                own[triple[0]].append(triple)

    def of(self, triples: Iterable[Triple]) -> list[Triple]:
        """The summaries of the reports that ``triples`` name as nkg:supportedBy, sorted."""
        reports = {o for _, p, o in triples if p == self.SUPPORTED_BY}
        return sorted({t for r in reports for t in self.own.get(r, ())})


def split_units(graphs: Mapping[str, Collection[Triple]], graph_lines: Mapping[str, Sequence[str]],
                entities_name: str, world_names: Sequence[str] = WORLD_GRAPHS) -> list[Unit]:
    """The entities graph, the world unit (when there is a world or drafts graph), then one unit
    per other graph (each article), in name order. ``graph_lines`` are each graph's sorted lines."""
    descriptions = EntityDescriptions(with_draft_entities(graphs.get(entities_name, ()),
                                                          graphs.get(str(DRAFTS_GRAPH), ())))
    units = [Unit(entities_name, tuple(graph_lines.get(entities_name, ())))]
    others = sorted(name for name in graphs if name != entities_name and name not in world_names)
    present = [name for name in world_names if name in graphs]
    if present:
        units.extend(world_units_of({name: graphs[name] for name in present}, descriptions,
                                    (graphs[name] for name in others)))
    for name in others:
        units.append(article_unit(name, graphs[name], graph_lines[name], descriptions))
    return units


def world_units_of(graphs: Mapping[str, Collection[Triple]], descriptions: EntityDescriptions,
                   reports: Iterable[Iterable[Triple]]) -> list[Unit]:
    """The world unit of the world and drafts ``graphs`` present, in parts (named after the first;
    `newskg.validation.world_split`), with the support summaries found among ``reports`` (the
    article graphs' triples, or only their summary triples)."""
    world = [t for triples in graphs.values() for t in triples]
    supported = {o for _, p, o in world if p == SupportSummaries.SUPPORTED_BY}
    summaries = SupportSummaries(())
    for triples in reports:
        summaries.collect(triples, supported)
    return [Unit(name, lines(triples)) for name, triples in world_units(
        next(iter(graphs)), world, descriptions.of, summaries.own)]


def article_unit(name: str, triples: Collection[Triple], graph_lines: Sequence[str],
                 descriptions: EntityDescriptions) -> Unit:
    """An article graph's unit: its lines and the descriptions of the entities it uses."""
    return Unit(name, (*graph_lines, *lines(descriptions.of(triples))))


def lines(triples: Iterable[Triple]) -> tuple[str, ...]:
    return tuple(map(" ".join, triples))


@dataclass(frozen=True)
class ArticlesReport:
    """Each unit's outcome (validated now, or a marker to read), merged into one report when first
    asked for; the markers to write once the outputs are published."""

    outcomes: tuple[ValidationReport | Path, ...]
    newly_conforming: tuple[tuple[Path, ValidationReport], ...]
    validated: int
    keys: tuple[str, ...]  # each unit's result_key, in order: equal keys, equal merged reports
    upgraded: tuple[tuple[Path, str], ...] = ()  # markers from before the key line, and their key

    @cached_property
    def report(self) -> ValidationReport:
        done = []
        for outcome in self.outcomes:
            report = recalled(outcome) if isinstance(outcome, Path) else outcome
            if report is None:  # its marker went away or broke since it was read
                if isinstance(outcome, Path):
                    outcome.unlink(missing_ok=True)  # the next build validates the unit again
                raise InputError("a remembered validation result went away or is damaged",
                                 path=str(outcome), hint="build again (it is validated again)")
            done.append(report)
        return merge_reports(done)

    def remember(self) -> None:
        """Record the units found conforming, with their warnings and infos, and give the markers
        read from before the key line theirs (call after publishing, so a failed build adds
        nothing to the output folder)."""
        for marker, report in self.newly_conforming:
            atomic_write(marker, remembered(report))
        for marker, key in self.upgraded:
            with suppress(OSError):  # gone meanwhile: validated again next time
                body = marker.read_bytes()
                if not body.startswith(KEY_LINE):
                    atomic_write(marker, key_line(key, body) + body)


def validate_units(units: Sequence[AnyUnit], *, ontology: Graph | None = None,
                   cache_dir: Path | None = None, jobs: int | None = None) -> ArticlesReport:
    """Validate each unit; skip those remembered as conforming under ``cache_dir`` (their markers
    are read when the merged report is asked for). The ``ontology`` is read when a unit is to be
    validated and none is given. A unit known by its digest alone (``remembered``) that is not
    remembered raises UnitForgotten."""
    rules = rules_digest() if cache_dir is not None else b""
    outcomes: list[ValidationReport | Path | None] = []
    keys: list[str | None] = []
    markers: list[Path | None] = []
    todo: list[int] = []
    upgraded: list[tuple[Path, str]] = []
    for unit in units:
        marker = cache_dir / unit.digest(rules) if cache_dir is not None else None
        found = marker_key(marker) if marker is not None else None
        if found is None and unit.remembered is not None:
            raise UnitForgotten(unit.name)
        key = found[0] if found is not None else None
        if found is not None and found[1] and marker is not None:
            upgraded.append((marker, found[0]))
        outcomes.append(marker if key is not None else None)
        keys.append(key)
        if key is None:
            todo.append(len(markers))
        markers.append(marker)
    checked: list[ValidationReport] = []
    if todo:
        if ontology is None:
            from newskg.validation.shacl import load_ontology

            ontology = load_ontology()
        checked = _validate(units, todo, ontology, jobs or os.cpu_count() or 1)
    newly = []
    for index, report in zip(todo, checked):
        outcomes[index], keys[index] = report, report_key(report)
        marker = markers[index]
        if report.conforms and marker is not None:
            newly.append((marker, report))
    return ArticlesReport(tuple(o for o in outcomes if o is not None), tuple(newly), len(todo),
                          tuple(k for k in keys if k is not None), tuple(upgraded))


def _validate(units: Sequence[AnyUnit], todo: Sequence[int], ontology: Graph,
              jobs: int) -> list[ValidationReport]:
    if not todo:
        return []
    shapes = load_shapes()
    if jobs < 2 or len(todo) < PARALLEL_FROM:
        return [validate_graph(units[i].to_graph(), shapes=shapes, ontology=ontology)
                for i in progress(todo, description="validating")]
    _WORK.update(units=units, shapes=shapes, ontology=ontology)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(todo)),
                                                      initializer=quiet_worker) as pool:
            payloads = pool.imap(_validate_in_worker, todo, chunksize=1)
            return [_report(p) for p in progress(payloads, total=len(todo),
                                                 description="validating")]
    finally:
        _WORK.clear()


# What forked workers read: set by the parent just before the fork, never changed while they run.
_WORK: dict[str, object] = {}
Payload = tuple[bool, tuple[Violation, ...], str, str]  # the graph as N-Triples


def _validate_in_worker(index: int) -> Payload:
    units, shapes, ontology = _WORK["units"], _WORK["shapes"], _WORK["ontology"]
    assert isinstance(units, Sequence) and isinstance(shapes, Graph) and isinstance(ontology, Graph)
    unit = units[index]
    assert isinstance(unit, _UnitText)
    report = validate_graph(unit.to_graph(), shapes=shapes, ontology=ontology)
    return report.conforms, report.violations, report.to_ntriples(), report.text


def _report(payload: Payload) -> ValidationReport:
    conforms, violations, ntriples, text = payload
    return SpooledReport(conforms, violations, ntriples, text)  # parsed when written


def dataset_units(quads: Iterable[ox.Quad], entities_graph: str) -> list[Unit]:
    """Units of a dataset's quads (built datasets give them faster: SortedDataset.units)."""
    graphs: dict[str, list[Triple]] = {}
    for quad in quads:
        name = quad.graph_name
        key = name.value if isinstance(name, ox.NamedNode) else ""
        graphs.setdefault(key, []).append((str(quad.subject), str(quad.predicate),
                                           str(quad.object)))
    graph_lines = {name: sorted(map(" ".join, triples)) for name, triples in graphs.items()}
    return split_units(graphs, graph_lines, entities_graph)


def units_of(dataset: SortedDataset, entities_graph: str,
             world_names: Sequence[str] = WORLD_GRAPHS) -> list[SpooledUnit]:
    """The validation units of a built dataset, as `split_units` makes them (the same lines): the
    entities graph, the world unit (world and drafts graphs with the entity descriptions and
    support summaries they use), then one per article graph with the entity descriptions it uses.

    The dataset is read one graph at a time and each unit's text goes to a spool file beside the
    dataset's: memory holds the entities graph's index and the support summaries of the reports
    that the world graphs name, not the units."""
    spool = Spool(dataset.spool.path.parent, suffix=".nt")
    graphs = dataset.blocks
    entities = list(dataset.graph_triples(entities_graph)) if entities_graph in graphs else []
    present = [name for name in world_names if name in graphs]
    shared = {name: list(dataset.graph_triples(name)) for name in present}
    descriptions = EntityDescriptions(with_draft_entities(
        entities, shared.get(str(DRAFTS_GRAPH), ())))
    first = SpooledUnit(entities_graph, spool, lines(entities))
    del entities
    world = [t for triples in shared.values() for t in triples]
    del shared
    supported = {o for _, p, o in world if p == SupportSummaries.SUPPORTED_BY}
    summaries = SupportSummaries(())
    articles = []
    for name in sorted(n for n in graphs if n != entities_graph and n not in world_names):
        triples = list(dataset.graph_triples(name))
        summaries.collect(triples, supported)
        articles.append(SpooledUnit(name, spool, (*lines(triples),
                                                  *lines(descriptions.of(triples)))))
    units = [first]
    if present:
        units.extend(SpooledUnit(name, spool, lines(triples)) for name, triples in world_units(
            present[0], world, descriptions.of, summaries.own))
    return [*units, *articles]
