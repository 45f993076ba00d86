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
    # 119 articles (the fourteenth and fifteenth batches added 7 and 13, stop 29): measured 0.847;
    # statements 0.914, figures 0.932, events 0.705, actors 0.822, territories 0.892, agreements
    # 0.706 (0.836 with stop 28's extractor).
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.835,
                    {"statements": 0.90, "figures": 0.92, "events": 0.69, "actors": 0.81,
                     "territories": 0.88, "agreements": 0.65}),
    # 121 articles, never tuned on: measured 0.770; statements 0.847, figures 0.836, events 0.563,
    # actors 0.767 (0.767 with stop 28's extractor). The two batches of stop 29, scored blind
    # before they were merged: 0.714 and 0.727 (20 articles each).
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.76,
                         {"statements": 0.835, "figures": 0.825, "events": 0.55}),
    # measured 0.920; statements 0.963, figures 0.909, events 1.000, actors 0.870, territories 0.900
    "corpus": (CORPUS / "gold", CORPUS / "articles", 0.91,
               {"statements": 0.94, "figures": 0.89, "events": 0.97, "actors": 0.86,
                "territories": 0.88}),
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
