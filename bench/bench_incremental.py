"""One article changed: `newskg build` (incremental) against `newskg build --full`, same run.

Usage: python bench/bench_incremental.py WORKDIR [--triples 100000] [--shacl-engine pyshacl]
Generates the synthetic corpus (bench/gen_corpus.py) in WORKDIR/data unless it is there, builds it
from nothing into WORKDIR/build, then times whole `newskg build` commands (fresh processes): nothing
changed; one article changed (incremental); another article changed with --full (the baseline:
every article read, SHACL of unchanged units remembered). Prints wall and CPU (user + system of
the child) and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_scale import TRIPLES_PER_ARTICLE, change_one_article
from gen_corpus import generate


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall s, CPU s and peak RSS MiB of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--shacl-engine", default="pyshacl")
    args = parser.parse_args()
    data, out = args.workdir / "data", args.workdir / "build"
    if not (data / "articles").is_dir():
        generate(data, max(1, round(args.triples / TRIPLES_PER_ARTICLE)))
    build = [sys.executable, "-m", "newskg", "build", "--data-dir", str(data), "--build-dir",
             str(out), "--shacl-engine", args.shacl_engine]
    rows = []
    if not (out / "current").exists():
        rows.append(("from nothing", timed(build)))
    rows.append(("nothing changed", timed(build)))
    change_one_article(data)
    rows.append(("one article changed", timed(build)))
    change_one_article(data, 1)
    rows.append(("one article changed, --full", timed([*build, "--full"])))
    print(f"load average {os.getloadavg()[0]:.1f} (at the end)")
    base = rows[-1][1]
    for label, (wall, cpu, rss) in rows:
        print(f"{label:30} wall {wall:7.2f} s   cpu {cpu:7.2f} s ({cpu / base[1]:5.2f}x --full)"
              f"   peak RSS so far {rss:6.0f} MiB")


if __name__ == "__main__":
    main()
