"""Cold build benchmark: `newskg build`'s stages on synthetic corpora, against pyoxigraph
bulk-loading the built TriG into a new store (measured in the same run), with peak memory and how it
grows with the corpus.

For each size a corpus is generated (bench/gen_corpus.py) unless --workdir already holds it, then
two child processes run, one after the other:
- the build, stage by stage as newskg.publish.build.build runs them (load the facts, make the graphs
  into the spool while the store bulk-loads them in a thread, the validation units, the wait for the
  store, validation only with --shacl, publish: TriG, Turtle, report, vocabularies' store), into an
  empty build folder; wall and CPU time per stage (CPU: the process's, all its
  threads: pyoxigraph's loader runs in threads), the high-water RSS after each stage;
- the baseline: pyoxigraph parses the built TriG and bulk-loads it into a new store.
Peak memory is the child's maximum RSS (wait4: the process and the validation workers it waited
for, the largest of them). With two sizes or more, the peak is fitted as a line in the number of
triples and extrapolated to --extrapolate triples.

Usage: python bench/bench_build.py [--sizes 100000,1000000] [--workdir DIR] [--shacl turbo]
       python bench/bench_build.py --data CORPUS_DIR --workdir DIR      (an existing corpus)
Wall times on a shared machine are noisy: the load average is printed beside them, and the CPU
columns and same-run ratios are the numbers to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

TRIPLES_PER_ARTICLE = 850  # what gen_corpus.py makes on average, entities included
STAGES = ("load", "graphs", "units", "files", "store", "validate", "publish")
MADE = ("load", "graphs", "units", "files", "store", "publish")  # the build without SHACL


def high_water_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def stage_build(data: Path, out: Path, shacl: str) -> dict[str, Any]:
    """What newskg.publish.build.build does, stage by stage (keep in step with it)."""
    from newskg.project import load_project
    from newskg.publish.build import CACHE_DIR, cold_store, open_release, paused_gc
    from newskg.rdf.dataset import build_dataset
    from newskg.rdf.iris import ENTITIES_GRAPH
    from newskg.validation.markers import conforming_report
    from newskg.validation.shacl import load_ontology, use_shacl_engine
    from newskg.validation.units import units_of, validate_units

    result: dict[str, Any] = {"wall": {}, "cpu": {}, "hwm": {}}
    wall, cpu = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal wall, cpu
        result["wall"][name] = time.perf_counter() - wall
        result["cpu"][name] = time.process_time() - cpu
        result["hwm"][name] = high_water_mib()
        wall, cpu = time.perf_counter(), time.process_time()

    with ThreadPoolExecutor(1) as pool, cold_store(out, pool) as feed:
        with paused_gc():
            project = load_project(data)
            ontology = load_ontology()
            lap("load")
            dataset = build_dataset(project, ontology, feed=feed)
            del project
            lap("graphs")
            units = units_of(dataset, str(ENTITIES_GRAPH))
            lap("units")
        assert feed is not None, "not a cold build"
        with open_release(dataset, out, loaded=feed) as staged:
            with paused_gc():
                staged.write_data()
            lap("files")  # graph files, TriG and Turtle, while the store loads
            feed.result()
            lap("store")  # what is left of loading the store once the files are written
            if shacl != "none":
                use_shacl_engine(shacl)
                checked = validate_units(units, ontology=ontology, cache_dir=out / CACHE_DIR)
                assert checked.report.conforms, checked.report.text[:2000]
                report = checked.report
                result["validated"] = checked.validated
            else:
                report = conforming_report()
            del units
            lap("validate")
            with paused_gc():
                staged.finish(report, state={})
        lap("publish")
    result["triples"] = len(dataset)
    result["spool_mib"] = dataset.spool.size / 2**20
    return result


def stage_baseline(trig: Path) -> dict[str, Any]:
    """pyoxigraph parses the built TriG and bulk-loads it into a new store."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory(dir=trig.parent.parent) as tmp:
        wall, cpu = time.perf_counter(), time.process_time()
        store = ox.Store(tmp)
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        store.flush()
        del store
        return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def run_child(args: list[str]) -> tuple[dict[str, Any], float]:
    """A stage in a child process: its JSON answer and its peak RSS in MiB (with its workers)."""
    process = subprocess.Popen([sys.executable, __file__, "--stage", *args],
                               stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"stage {args[0]} failed (status {status})")
    return json.loads(output), usage.ru_maxrss / 1024


def load_average() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def bench_corpus(data: Path, out: Path, shacl: str, baseline: bool = True) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    before = load_average()
    build, peak = run_child(["build", str(data), str(out), shacl])
    base, baseline_peak = (run_child(["baseline", str(out / "current" / "newskg.trig")])
                           if baseline else ({"wall": None, "cpu": None}, None))
    return {"build": build, "peak_mib": peak, "baseline": base,
            "baseline_peak_mib": baseline_peak, "load": f"{before}; after: {load_average()}",
            "trig_mib": (out / "current" / "newskg.trig").stat().st_size / 2**20}


def report(row: dict[str, Any]) -> str:
    build, base = row["build"], row["baseline"]
    triples = build["triples"]
    lines = [f"== {triples:,} triples ({row['load']})"]

    def add(name: str, value: str, note: str = "") -> None:
        lines.append(f"  {name:46} {value:>22}  {note}")

    for stage in STAGES:
        add(f"stage {stage}", f"{build['wall'][stage]:7.2f} s wall {build['cpu'][stage]:6.2f} s cpu",
            f"high-water RSS {build['hwm'][stage]:,.0f} MiB")
    wall = sum(build["wall"][s] for s in MADE)
    cpu = sum(build["cpu"][s] for s in MADE)
    add("build without SHACL", f"{wall:7.2f} s wall {cpu:6.2f} s cpu",
        f"{triples / wall:,.0f} triples/s wall, {triples / cpu:,.0f}/s cpu (target >= 100,000)")
    if base["wall"] is not None:
        add("baseline: pyoxigraph bulk-loads the TriG",
            f"{base['wall']:7.2f} s wall {base['cpu']:6.2f} s cpu",
            f"peak RSS {row['baseline_peak_mib']:,.0f} MiB")
        add("build w/o SHACL / baseline",
            f"{wall / base['wall']:.2f}x wall {cpu / base['cpu']:.2f}x cpu", "(target <= 1.2x)")
    else:
        add("baseline: pyoxigraph bulk-loads the TriG", "not run", "(--no-baseline)")
    add("peak RSS of the build (and its workers)", f"{row['peak_mib']:,.0f} MiB",
        f"spool {build['spool_mib']:,.0f} MiB on disk, TriG {row['trig_mib']:,.0f} MiB")
    return "\n".join(lines)


def extrapolation(rows: list[dict[str, Any]], target: int) -> str:
    """Peak RSS as a + b * triples through the smallest and largest size, at ``target`` triples,
    for the build and for the baseline (the store's bulk loader alone)."""
    if len(rows) < 2:
        return "extrapolation: needs two sizes or more"
    small, large = rows[0], rows[-1]
    if large["baseline_peak_mib"] is None or small["baseline_peak_mib"] is None:
        return "extrapolation: needs the baselines"
    n0, n1 = small["build"]["triples"], large["build"]["triples"]
    out = []
    for name, key in (("the build", "peak_mib"), ("the baseline", "baseline_peak_mib")):
        per_million = (large[key] - small[key]) / (n1 - n0) * 1e6
        at = large[key] + per_million * (target - n1) / 1e6
        out.append(f"peak RSS of {name} grows {per_million:,.0f} MiB per million triples between "
                   f"{n0:,} and {n1:,}: {at:,.0f} MiB at {target:,} if that growth stayed linear")
    out.append("(it does not: most of it is Oxigraph's bulk loader, which sorts its input in batches "
               "of 1M quads, the whole input below that: see the 10M run in bench/README.md)")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated triple counts")
    parser.add_argument("--data", type=Path, help="an existing corpus instead of --sizes")
    parser.add_argument("--workdir", type=Path, help="keep corpora and builds here")
    parser.add_argument("--shacl", default="none", choices=("none", "pyshacl", "turbo"),
                        help="validate too, with this engine (default: no validation)")
    parser.add_argument("--extrapolate", type=int, default=10_000_000,
                        help="triples to extrapolate the peak memory to")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the baseline (it takes about as long as the store's loading)")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        kind, *rest = args.stage
        result = (stage_build(Path(rest[0]), Path(rest[1]), rest[2]) if kind == "build"
                  else stage_baseline(Path(rest[0])))
        print(json.dumps(result))
        return
    from gen_corpus import generate

    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = []
        if args.data:
            rows.append(bench_corpus(args.data, work / f"build-{args.data.name}", args.shacl,
                                     not args.no_baseline))
            print(report(rows[-1]), flush=True)
        else:
            for size in (int(s) for s in args.sizes.split(",")):
                data = work / f"data-{size}"
                if not (data / "articles").is_dir():
                    generate(data, max(1, round(size / TRIPLES_PER_ARTICLE)), seed=1)
                rows.append(bench_corpus(data, work / f"build-{size}", args.shacl,
                                         not args.no_baseline))
                print(report(rows[-1]), flush=True)
        (work / "bench_build.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
        print(extrapolation(rows, args.extrapolate))


if __name__ == "__main__":
    main()
