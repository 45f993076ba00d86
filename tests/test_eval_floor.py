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
    # 36 articles (the fourth and fifth batches added seven): measured 0.862; statements 0.870,
    # figures 0.993, events 0.817, actors 0.827, territories 0.886, agreements 0.783 (branch s22fig;
    # before it 0.832, figures 0.973, actors 0.770, territories 0.862, agreements 0.435)
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.85,
                    {"statements": 0.85, "figures": 0.98, "events": 0.80, "actors": 0.81,
                     "territories": 0.87, "agreements": 0.76}),
    # 38 articles, never tuned on: measured 0.775; statements 0.855, figures 0.851, events 0.584
    # (main's extractor on the same 38: 0.773, statements 0.856, figures 0.851, events 0.584). The
    # micro floor was 0.77 and the events floor 0.62 on 25 articles: both are lowered because the
    # set grew by 13 harder articles (this extractor scores 0.780 and 0.634 on the earlier 25, as
    # main's did), not because a rule lost anything there.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.76,
                         {"statements": 0.84, "figures": 0.83, "events": 0.57}),
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
