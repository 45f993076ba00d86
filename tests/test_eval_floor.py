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
    # 29 articles (branches i13dev6 and i13dev5 each added to it): measured 0.823; statements 0.848,
    # figures 1.000, events 0.830, actors 0.767, territories 0.848 (main's extractor before both
    # branches' rules, on the same 29: 0.809, figures 0.955, events 0.750)
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.81,
                    {"statements": 0.83, "figures": 0.97, "events": 0.81, "actors": 0.75,
                     "territories": 0.83}),
    # 25 articles, never tuned on: measured 0.780; statements 0.840, figures 0.830, events 0.634
    # (main's extractor on the same 25: 0.780, figures 0.824, events 0.644). The events floor was
    # 0.66 at 20 articles: it is lowered because the set grew (the five new articles' events are
    # harder) and because the new event rules lose 0.010 there, as the commit says.
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.77,
                         {"statements": 0.83, "figures": 0.81, "events": 0.62}),
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
