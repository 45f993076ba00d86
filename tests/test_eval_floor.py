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
    # 45 articles (the sixth and seventh batches added nine, stop 24): measured 0.839; statements
    # 0.858, figures 0.978, events 0.734, actors 0.811, territories 0.876, agreements 0.765 (the
    # extractor before stop 24's rules: 0.829, events 0.705, figures 0.962; on the 36 before them
    # it had 0.862, events 0.817: the new articles are harder)
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.83,
                    {"statements": 0.85, "figures": 0.97, "events": 0.72, "actors": 0.80,
                     "territories": 0.86, "agreements": 0.75}),
    # 49 articles, never tuned on: measured 0.761; statements 0.845, figures 0.812, events 0.570.
    # The floors (0.76; statements 0.84, figures 0.83, events 0.57 on 38 articles) are lowered
    # because the set grew by 11 articles annotated blind in stop 24, on which the extractor scores
    # 0.722 (seven) and 0.667 (four) both before and after that stop's rules; on the earlier 38 it
    # still scores 0.777 (statements 0.857, figures 0.851, events 0.582), as before.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.75,
                         {"statements": 0.83, "figures": 0.80, "events": 0.56}),
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
