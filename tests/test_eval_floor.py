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
    # 55 articles (the ninth batch added eight, stop 25): measured 0.833; statements 0.870,
    # figures 0.965, events 0.716, actors 0.800, territories 0.878, agreements 0.683. The eight
    # new ones scored 0.789 blind (agreements 0/2: annotators name cease-fires the extractor does
    # not see) and 0.795 after stop 25's rules; on the 47 before them 0.838, as in stop 24.
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.83,
                    {"statements": 0.86, "figures": 0.96, "events": 0.70, "actors": 0.79,
                     "territories": 0.86, "agreements": 0.67}),
    # 65 articles, never tuned on: measured 0.757; statements 0.823, figures 0.829, events 0.550.
    # The twelve added blind in stop 25 score 0.745 (statements 0.726, events 0.533), before and
    # after that stop's rules; the 53 before them 0.760 (statements 0.846, figures 0.819, events
    # 0.555), as in stop 24. The statements floor (0.83 on 53) follows the harder twelve.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.75,
                         {"statements": 0.82, "figures": 0.82, "events": 0.54}),
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
