"""Validation one article at a time, remembering which article graphs already conform.

Each article's named graph is validated together with the shared entities graph (facts refer to
entities, never to another article's facts), so a change to one article re-validates that article
only. A graph that conforms is remembered under a digest of everything its outcome depends on: the
shapes file, the ontology file, the entities graph and the article graph. Any change to one of these
gives a new digest, so a remembered result is never stale. Non-conforming results are not
remembered: they are recomputed, so their report is always complete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal
from rdflib.namespace import SH

from newskg.resources import ontology_path, shapes_path
from newskg.validate import ValidationReport, merge_reports, validate_graph


def graph_digest(graph: Graph) -> bytes:
    """A digest of a graph's triples, independent of their order (the graphs hold no blank nodes)."""
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").splitlines())
    return hashlib.sha256(b"\n".join(lines)).digest()


def rules_digest() -> bytes:
    """A digest of the shapes and ontology files, which decide what conforms."""
    return hashlib.sha256(shapes_path().read_bytes() + ontology_path().read_bytes()).digest()


def conforming_report() -> ValidationReport:
    """The report of a graph remembered as conforming: what pySHACL says of any conforming graph."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return ValidationReport(True, (), graph, "Validation Report\nConforms: True\n")


@dataclass(frozen=True)
class ArticlesReport:
    """The merged report, and the markers to write once the outputs are published."""

    report: ValidationReport
    newly_conforming: tuple[Path, ...]

    def remember(self) -> None:
        """Record the graphs found conforming (call after publishing, so a failed build adds
        nothing to the output folder)."""
        for marker in self.newly_conforming:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()


def validate_articles(entities: Graph, articles: Sequence[Graph], *, ontology: Graph,
                      cache_dir: Path | None = None) -> ArticlesReport:
    """Validate each article graph with the entities graph; skip those remembered as conforming."""
    rules = rules_digest() + graph_digest(entities) if cache_dir is not None else b""
    reports, markers = [], []
    for article in articles:
        marker = None
        if cache_dir is not None:
            marker = cache_dir / hashlib.sha256(rules + graph_digest(article)).hexdigest()
            if marker.exists():
                reports.append(conforming_report())
                continue
        data = Graph()
        data += entities
        data += article
        report = validate_graph(data, ontology=ontology)
        if report.conforms and marker is not None:
            markers.append(marker)
        reports.append(report)
    return ArticlesReport(merge_reports(reports), tuple(markers))
