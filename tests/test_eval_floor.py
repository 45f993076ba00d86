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
    # 157 articles (stop 29 added 28 in three batches, stop 30 30 in three): measured 0.832;
    # statements 0.907, figures 0.918, events 0.680, actors 0.808, territories 0.883, agreements
    # 0.653 (the 127 before stop 30's batches: 0.842 at the stop's start, 0.849 at its end).
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.82,
                    {"statements": 0.90, "figures": 0.91, "events": 0.67, "actors": 0.80,
                     "territories": 0.87, "agreements": 0.64}),
    # 163 articles, never tuned on: measured 0.766; statements 0.840, figures 0.829, events 0.560,
    # actors 0.768. Stop 29's three batches, scored blind before they were merged: 0.714, 0.727 and
    # 0.754; stop 30's three: 0.768, 0.723 and 0.709, 20 articles each.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.76,
                         {"statements": 0.835, "figures": 0.82, "events": 0.55}),
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
