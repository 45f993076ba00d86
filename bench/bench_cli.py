"""Wall time of a cold `newskg query --name ...` and of `newskg build` on the seed graph.

Each command runs in a fresh process (cold: nothing imported, store opened anew), several times; the
median is printed next to baselines measured in the same run on the same machine, so the ratios stay
meaningful on a shared, noisy machine:

- python startup: `python -c pass`, the floor of any command;
- import rdflib: what a command would pay at minimum if it loaded rdflib;
- import pyshacl: the floor of any command that validates.

A cold build validates every article; a rebuild with unchanged data skips the SHACL run for article
graphs remembered as conforming (see newskg.validation.units).

Usage: python bench/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWSKG = [sys.executable, "-m", "newskg"]
TEXT_QUERY = "SELECT ?s WHERE { ?s a nkg:Statement } ORDER BY ?s LIMIT 10"


def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall_cold_build(runs: int) -> float:
    """`newskg build` into a new, empty folder each time: nothing remembered, everything validated."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([*NEWSKG, "build", "--build-dir", tmp], cwd=REPO, check=True,
                           capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def _query_file(folder: str) -> str:
    path = Path(folder) / "q.rq"
    path.write_text(TEXT_QUERY + "\n", encoding="utf-8")
    return str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        build_dir = ["--build-dir", tmp]
        subprocess.run([*NEWSKG, "build", *build_dir], cwd=REPO, check=True, capture_output=True)
        rows = [
            ("python startup (baseline)", wall([sys.executable, "-c", "pass"], runs)),
            ("import rdflib (baseline)", wall([sys.executable, "-c", "import rdflib"], runs)),
            ("import pyshacl (baseline)", wall([sys.executable, "-c", "import pyshacl"], runs)),
            ("newskg build (cold: empty build folder)", wall_cold_build(runs)),
            ("newskg build (unchanged data: validation remembered)",
             wall([*NEWSKG, "build", *build_dir], runs)),
            ("newskg query --name ceasefire-mediators (cold)",
             wall([*NEWSKG, "query", *build_dir, "--name", "ceasefire-mediators"], runs)),
            ("newskg query --name timeline (cold)",
             wall([*NEWSKG, "query", *build_dir, "--name", "timeline"], runs)),
            ("newskg query 'SELECT ... LIMIT 10' (cold, a query text)",
             wall([*NEWSKG, "query", *build_dir, TEXT_QUERY], runs)),
            ("newskg query --file Q.rq (cold)", wall([*NEWSKG, "query", *build_dir, "--file",
                                                      _query_file(tmp)], runs)),
            ("newskg query --engine rdflib --name timeline (cold)",
             wall([*NEWSKG, "query", *build_dir, "--engine", "rdflib", "--name", "timeline"], runs)),
        ]
    startup = rows[0][1]
    print(f"median of {runs} runs each, machine: {sys.platform}, python {sys.version.split()[0]}")
    print(f"{'command':52} {'seconds':>8} {'x startup':>10}")
    for name, seconds in rows:
        print(f"{name:52} {seconds:8.3f} {seconds / startup:10.1f}")


if __name__ == "__main__":
    main()
