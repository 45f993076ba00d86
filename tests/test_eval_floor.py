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
    # 68 articles (the tenth batch added thirteen, stop 26): measured 0.819; statements 0.839,
    # figures 0.936, events 0.723, actors 0.786, territories 0.881, agreements 0.638. The thirteen
    # new ones scored 0.736 blind (events 0.539, statements 0.716); the 55 before them 0.840
    # after stop 26's event rules (events 0.769).
    "devset-tune": (DEVSET / "tune" / "gold", DEVSET / "tune" / "articles", 0.81,
                    {"statements": 0.83, "figures": 0.93, "events": 0.71, "actors": 0.78,
                     "territories": 0.87, "agreements": 0.63}),
    # 72 articles, never tuned on: measured 0.752; statements 0.825, figures 0.830, events 0.541.
    # The seven added blind in stop 26 score 0.710 (events 0.490); the 65 before them 0.756
    # (events 0.546; 0.550 before stop 26's event rules).
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
