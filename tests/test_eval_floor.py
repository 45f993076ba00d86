"""The extraction scores on the development set and the corpus do not fall: `newskg eval --extract
... --fail-under` on each, with floors a little under the scores measured when they were set
(docs/extraction.md has the table). Raise a floor when the extractor improves; never lower one to
make a change pass without saying so in the commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from tests.conftest import DATA, SHARED

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO / "data" / "devset"
CORPUS = SHARED / "corpus"

# (gold folder, articles folder, micro-F1 floor, per-kind F1 floors)
FLOORS = {
    # measured 0.721; statements 0.680, figures 0.963, events 0.825 (branch i13figev)
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.70,
                    {"statements": 0.66, "figures": 0.95, "events": 0.80}),
    # measured 0.752; statements 0.778, figures 0.852, events 0.701
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.73,
                         {"statements": 0.76, "figures": 0.83, "events": 0.68}),
    # measured 0.855; statements 0.963, figures 0.909, events 1.000 (branch i13figev)
    "corpus": (CORPUS / "gold", CORPUS / "articles", 0.83,
               {"statements": 0.94, "figures": 0.89, "events": 0.97}),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_extraction_scores_stay_above_their_floors(name: str) -> None:
    gold, articles, micro, kinds = FLOORS[name]
    if name == "corpus" and not gold.is_dir():
        pytest.skip("../shared/corpus is absent")
    result = CliRunner().invoke(app, ["eval", str(gold), "--extract", str(articles), "--format",
                                      "json", "--fail-under", str(micro), "--data-dir", str(DATA)])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, (name, report["micro"])
    assert all(a["predicted"] for a in report["articles"].values())
    for kind, floor in kinds.items():
        assert report["kinds"][kind]["f1"] >= floor, (name, kind, report["kinds"][kind])
