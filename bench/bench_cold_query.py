"""Cold `newskg query` (a fresh process each time) against Python's bare start-up, same run.

Usage: python bench/bench_cold_query.py BUILD_DIR [--runs 10]
Prints the median wall and CPU time (user + system of the child) of: `python -c pass`, the quick
path (`newskg.launch`, what the `newskg` program runs) and the typer app (`newskg.cli.main`).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

QUERY = ["query", "--name", "events-on-date", "--param", "date=2023-01-03", "--drafts"]


def timed(command: list[str], runs: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("build_dir")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    query = [*QUERY, "--build-dir", args.build_dir]
    rows = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "newskg query (quick path)": [sys.executable, "-m", "newskg", *query],
        "newskg query (typer app)": [sys.executable, "-c",
                                     "from newskg.cli import main; main()", *query],
    }
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs")
    base = None
    for label, command in rows.items():
        wall, cpu = timed(command, args.runs)
        base = base or (wall, cpu)
        print(f"{label:28} wall {wall * 1000:6.0f} ms ({wall / base[0]:4.1f}x)   "
              f"cpu {cpu * 1000:6.0f} ms ({cpu / base[1]:4.1f}x)")


if __name__ == "__main__":
    main()
