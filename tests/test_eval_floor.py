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
    # 47 articles (the sixth to eighth batches added eleven, stop 24): measured 0.838; statements
    # 0.860, figures 0.974, events 0.732, actors 0.812, territories 0.878, agreements 0.737 (the
    # extractor before stop 24's rules: 0.824, events 0.709, figures 0.947; on the 36 before them
    # it had 0.862, events 0.817: the new articles are harder)
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.83,
                    {"statements": 0.85, "figures": 0.96, "events": 0.72, "actors": 0.80,
                     "territories": 0.86, "agreements": 0.72}),
    # 53 articles, never tuned on: measured 0.760; statements 0.846, figures 0.819, events 0.555.
    # The floors (0.76; statements 0.84, figures 0.83, events 0.57 on 38 articles) are lowered
    # because the set grew by 15 articles annotated blind in stop 24, on which the extractor scores
    # 0.710 before that stop's rules and 0.712 after; on the earlier 38 it scores 0.779
    # (statements 0.861, figures 0.857, events 0.582), 0.777 before.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.75,
                         {"statements": 0.83, "figures": 0.80, "events": 0.54}),
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
