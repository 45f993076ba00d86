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
    # the set grew to 25 articles (branch i13dev6): measured 0.850; statements 0.891, figures 0.989,
    # events 0.882, actors 0.793, territories 0.881 (before the i13dev6 event rules: 0.837, events
    # 0.788; the other kinds fell only because the set grew)
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.83,
                    {"statements": 0.87, "figures": 0.96, "events": 0.86, "actors": 0.77,
                     "territories": 0.86}),
    # the set grew to 23 articles (branch i13dev6): measured 0.783; statements 0.837, figures 0.827,
    # events 0.642 (never tuned on). On the grown set integ's extractor gives events 0.657 (already
    # under the old 0.66 floor) and i13dev6's event rules 0.642: the events floor is lowered for both
    # reasons, said in the commit.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.77,
                         {"statements": 0.83, "figures": 0.80, "events": 0.62}),
    # measured 0.920; statements 0.963, figures 0.909, events 1.000, actors 0.889, territories 0.857
    "corpus": (CORPUS / "gold", CORPUS / "articles", 0.90,
               {"statements": 0.94, "figures": 0.89, "events": 0.97, "actors": 0.86,
                "territories": 0.83}),
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
