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
    # The set grew to 26 articles (branch i13dev5, 4 new ones): measured 0.829; statements 0.862,
    # figures 1.000, events 0.806, actors 0.786, territories 0.847 (at 22 articles: 0.862).
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.81,
                    {"statements": 0.84, "figures": 0.97, "events": 0.78, "actors": 0.77,
                     "territories": 0.82}),
    # 20 articles: measured 0.789; statements 0.851, figures 0.824, events 0.683 (never tuned on)
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.77,
                         {"statements": 0.83, "figures": 0.80, "events": 0.66}),
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
