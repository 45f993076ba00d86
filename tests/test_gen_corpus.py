"""The scale benchmark's corpus generator writes files the project loader accepts at any size."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_shared_values_are_written_out_not_aliased(tmp_path: Path) -> None:
    """A date shared by many instances was written as an anchor and aliases (`&id001` ...
    `*id001`); past about 10k articles they went over the loader's budget of 1,000 alias values a
    file and the 10M corpus did not load."""
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(corpus),
                    "--articles", "60"], check=True, capture_output=True)
    instances = (corpus / "instances.yaml").read_text(encoding="utf-8")
    dates = Counter(re.findall(r"^\s+(?:date|start|end): (\S+)$", instances, re.MULTILINE))
    assert dates and dates.most_common(1)[0][1] > 1  # values are shared: aliases were possible
    for path in [corpus / "entities.yaml", corpus / "instances.yaml",
                 *corpus.glob("articles/*/facts.yaml")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[&*]id\d+\b", text), path
