"""The world unit validated in parts reports what the whole world unit reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newskg.project import load_project
from newskg.rdf.dataset import build_dataset
from newskg.rdf.iris import ENTITIES_GRAPH, WORLD_GRAPH
from newskg.rdf.namespaces import NKG
from newskg.rdf.ntriples import Triple
from newskg.validation.shacl import ValidationReport, load_ontology
from newskg.validation.units import (
    WORLD_GRAPHS,
    EntityDescriptions,
    SupportSummaries,
    Unit,
    lines,
    split_units,
    validate_units,
)

ONTOLOGY = load_ontology()
REPO = Path(__file__).resolve().parents[1]


def graphs_of(data: Path) -> dict[str, list[Triple]]:
    built = build_dataset(load_project(data), ONTOLOGY)
    return {name: list(built.graph_triples(name)) for name in built.blocks}


def whole_and_parts(graphs: dict[str, list[Triple]]) -> tuple[Unit, list[Unit]]:
    """The world unit as it was built before the split, and the parts split_units makes now."""
    entities = str(ENTITIES_GRAPH)
    world = [t for name in WORLD_GRAPHS for t in graphs.get(name, ())]
    others = [g for name, g in graphs.items() if name != entities and name not in WORLD_GRAPHS]
    described = EntityDescriptions(graphs[entities]).of(world)
    support = SupportSummaries(others).of(world)
    whole = Unit(str(WORLD_GRAPH), (*sorted(set(lines(world))), *lines(described), *lines(support)))
    graph_lines = {name: sorted(lines(g)) for name, g in graphs.items()}
    units = split_units(graphs, graph_lines, entities)
    return whole, [u for u in units if u.name.startswith(f"{WORLD_GRAPH}#part-")]


def reports(graphs: dict[str, list[Triple]]) -> tuple[ValidationReport, ValidationReport, int]:
    whole, parts = whole_and_parts(graphs)
    # the parts hold exactly the whole unit's triples
    assert {line for part in parts for line in part.lines} == set(whole.lines)
    return (validate_units([whole], ontology=ONTOLOGY, jobs=1).report,
            validate_units(parts, ontology=ONTOLOGY, jobs=1).report, len(parts))


def rows(report: ValidationReport) -> list[tuple[str | None, ...]]:
    return [(v.shape_id, v.focus, v.path, v.value, v.severity, v.message)
            for v in report.violations]


def test_the_seed_data_in_parts_gives_the_whole_units_report() -> None:
    whole, parts, count = reports(graphs_of(REPO / "data"))
    assert count >= 2 and whole.conforms and parts.conforms
    assert rows(whole) and rows(parts) == rows(whole) and parts.violations == whole.violations


def test_a_corpus_with_broken_instances_gives_the_same_results(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(corpus),
                    "--articles", "12"], check=True, capture_output=True)
    graphs = graphs_of(corpus)
    world = graphs[str(WORLD_GRAPH)]
    label, status = "<http://www.w3.org/2000/01/rdf-schema#label>", f"<{NKG.reviewStatus}>"
    rel = [s for s, p, _ in world if p == f"<{NKG.relationshipSubject}>"]
    events = sorted({s for s, p, o in world if p == f"<{NKG.participant}>"})
    entity = next(o for s, p, o in world if p == f"<{NKG.participant}>")
    broken = [t for t in world if not (t[0] == events[0] and t[1] == label)]  # S42
    broken += [(entity, f"<{NKG.controls}>", entity),  # S149: an unsupported plain triple
               (events[1], f"<{NKG.partOfEvent}>", events[2]),  # S137 when events[2] is a draft
               (events[3], f"<{NKG.supportedBy}>", "<http://example.org/nothing>")]  # S133/S134
    broken = [t for t in broken if not (t[0] == events[2] and t[1] == status)]
    broken.append((events[2], status, f"<{NKG.Draft}>"))
    if rel:  # S72/S147: a relationship whose object is of the wrong kind
        broken = [t for t in broken if not (t[0] == rel[0] and t[1] == f"<{NKG.relationshipObject}>")]
        broken.append((rel[0], f"<{NKG.relationshipObject}>", events[4]))
    graphs[str(WORLD_GRAPH)] = broken
    whole, parts, count = reports(graphs)
    assert count >= 2 and not whole.conforms and not parts.conforms
    failing = {v.shape_id for v in whole.violations if v.severity == "Violation"}
    assert {"S42-label", "S149-plain-relationship-supported", "S133-support-evidenced",
            "S137-reviewed-instance-refers-to-draft"} <= failing
    assert rows(parts) == rows(whole) and parts.violations == whole.violations
