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
    # 99 articles (the thirteenth batch added 9, stop 28): measured 0.859; statements 0.928, figures
    # 0.947, events 0.724, actors 0.833, territories 0.894, agreements 0.712 (0.838 at the start
    # of stop 28).
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.845,
                    {"statements": 0.91, "figures": 0.93, "events": 0.70, "actors": 0.81,
                     "territories": 0.88, "agreements": 0.65}),
    # 101 articles, never tuned on: measured 0.779; statements 0.860, figures 0.845, events 0.559,
    # actors 0.773 (0.768 at the start of stop 28). The thirteenth batch's 20 articles, scored
    # blind before it was merged: 0.760 (0.760 at the start of stop 28).
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.765,
                         {"statements": 0.845, "figures": 0.83, "events": 0.54}),
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
