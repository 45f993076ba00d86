"""The seed graph against its reviewed snapshot, compared as a set of quads (no blank nodes).

A change to the ontology, the builder or the facts shows up here as added and removed quads. After
reviewing them, regenerate with `pytest tests/test_snapshot.py --update-snapshots`; never silently.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.publish.build import BuildResult

SNAPSHOT = Path(__file__).parent / "snapshots" / "seed.trig"


def quad_lines(trig: Path) -> list[str]:
    """The dataset as sorted N-Quads lines: equal lists mean equal graphs (no blank nodes here)."""
    quads = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    return sorted(set(data.decode("utf-8").splitlines()))


def test_seed_graph_matches_its_snapshot(built: tuple[BuildResult, Path],
                                         request: pytest.FixtureRequest) -> None:
    current = quad_lines(built[1] / "newskg.trig")
    assert not any(line.startswith("_:") or " _:" in line for line in current)
    if request.config.getoption("--update-snapshots"):
        shutil.copyfile(built[1] / "newskg.trig", SNAPSHOT)
    expected = quad_lines(SNAPSHOT)
    added = sorted(set(current) - set(expected))
    removed = sorted(set(expected) - set(current))
    assert not added and not removed, (
        f"{len(added)} quads added, {len(removed)} removed; first added: {added[:5]}; first "
        f"removed: {removed[:5]}. Review, then run pytest --update-snapshots")
