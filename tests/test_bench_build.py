"""bench/bench_build.py runs its stages as the build runs them: on a small corpus it finishes and
prints every stage, the ratio against the bulk load and the peak memory (it once crashed on an
import after a refactor, and no test ran it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_build_measures_every_stage_on_a_small_corpus(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_build.py"), "--sizes", "3000",
                           "--workdir", str(tmp_path)], capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    for stage in ("load", "graphs", "units", "files", "store", "validate", "publish"):
        assert re.search(rf"stage {stage}\s+\d+\.\d\d s wall", done.stdout), (stage, done.stdout)
    triples = re.search(r"== ([\d,]+) triples", done.stdout)
    assert triples and int(triples.group(1).replace(",", "")) > 1000
    assert re.search(r"build w/o SHACL / baseline\s+\d+\.\d\dx wall", done.stdout)
    assert "peak RSS of the build" in done.stdout
