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
    # 80 articles (the tenth and eleventh batches added 13 and 12, stop 26): measured 0.825;
    # statements 0.890, figures 0.933, events 0.695, actors 0.780, territories 0.881, agreements
    # 0.640. The twelve of the eleventh batch scored 0.762 blind, after all of stop 26's rules;
    # the 68 before them 0.838.
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.81,
                    {"statements": 0.87, "figures": 0.92, "events": 0.68, "actors": 0.77,
                     "territories": 0.87, "agreements": 0.62}),
    # 80 articles, never tuned on: measured 0.755; statements 0.836, figures 0.833, events 0.543.
    # The eight of the eleventh batch (blind) score 0.769; the 72 before them 0.754 (0.752 at
    # the start of stop 26).
    "devset-untouched": (DEVSET / "untouched" / "gold", DEVSET / "untouched" / "articles", 0.74,
                         {"statements": 0.82, "figures": 0.82, "events": 0.53}),
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
