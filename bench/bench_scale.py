"""Scale benchmark: newskg on a synthetic corpus of 100k and 1M triples (sizes are options).

For each size, a corpus is generated (bench/gen_corpus.py) and measured:

- build, cold (empty build folder: whole-corpus SHACL on every core), by stage: load the facts,
  make the graphs (N-Triples strings), validation units (sorted lines), validate, publish (TriG,
  Turtle, report, store);
  peak memory (max RSS of the build process and its validation workers); store size on disk;
- build, unchanged data (`newskg build` again: every unit remembered as conforming);
- after one article changes, `newskg.publish.build.build` in the step's process (the incremental
  path: the cold build remembered every article as `newskg build` does), and the whole `newskg
  build` command after another article changed;
- the named queries' median CPU time on the Oxigraph store (whole answer, first page as
  `newskg query` asks it, first page narrowed by each optional parameter) and on rdflib (rdflib
  with a time bound per query, "did not finish" when over it);
- cold `newskg query` (a fresh process, store opened read-only);
- endpoint throughput and latency percentiles under a bounded loopback load (several client
  processes, fixed duration) for `newskg serve` and for `oxigraph serve` on the same store.

Baselines measured in the same run: Python's start-up (for cold commands), pyoxigraph loading the
built TriG into a new store (for build), `ASK {}` on the same store (for query latency), and
`oxigraph serve` (for the endpoint). Targets are printed beside the ratios.

Each step runs in a child process of its own, watched: past --step-timeout seconds (default an
hour) or --memory-limit GiB (default 8: the issue's bound, summed over the step's processes) it is
stopped and the tables say so ("timed out", "stopped at 8.1 GiB"), as they say "skipped" for a step
whose build did not finish and for rdflib past --rdflib-max; every step's wall time, CPU time and
peak memory are recorded. The last table gives each cost at each size and how it grew (1M/100k,
10M/1M). `--shacl-engine turbo` (or one engine per size: pyshacl,pyshacl,turbo) validates with
pyshacl-turbo, which the whole-corpus SHACL at 10M needs to finish in an hour on 2 cores.

Usage: python bench/bench_scale.py [--sizes 100000,1000000,10000000] [--workdir DIR]
       [--shacl-engine pyshacl,pyshacl,turbo] [--step-timeout 3600] [--memory-limit 8]
Default: 100000 triples only (a few minutes); 1000000 takes about half an hour on 2 cores; the
10M size is estimated in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_serve import varied_query
from gen_corpus import generate
from http_load import free_port, run_load, running

from newskg.progress import progress

STEPS = ("corpus", "cold build", "rebuild", "incremental", "queries", "rdflib", "cold query",
         "endpoints")
TRIPLES_PER_ARTICLE = 850  # what gen_corpus.py makes on average, entities included
PYTHON = sys.executable
NEWSKG = [PYTHON, "-m", "newskg"]
OXIGRAPH = str(Path(PYTHON).with_name("oxigraph"))
ENTITY = "https://w3id.org/newskg/id/entity/"
# The synthetic corpus is unreviewed (its curation says reviewed: false, as newskg extract's drafts):
# the named queries are asked with drafts, or they would answer from reviewed reports only, nothing.
DRAFTS = True
# Named-query parameters that exist in every synthetic corpus (the defaults name seed entities).
PARAMS = {"speaker": "person-0000", "actor": "state-000", "topic": "person-0000",
          "place": "place-000", "date": "2023-01-03",
          "fact": "article:2023-01-01-synthetic-000000/st-0", "stance": "nkg:Claimed"}
SMALL_QUERY = (f"SELECT ?name WHERE {{ <{ENTITY}person-0001> "
               "<http://www.w3.org/2000/01/rdf-schema#label> ?name }")


# ---------------------------------------------------------------- stages run in child processes

def stage_build(data: Path, out: Path, shacl_engine: str = "pyshacl") -> dict[str, Any]:
    """What newskg.publish.build.build_all does, stage by stage (keep in step with it), the
    articles remembered as it remembers them, so that the next build can be incremental."""
    from newskg.project import load_project
    from newskg.publish.build import (
        CACHE_DIR,
        article_inputs,
        article_memory,
        cold_store,
        open_release,
        paused_gc,
        release_state,
        remember,
    )
    from newskg.publish.result import project_publisher
    from newskg.rdf.dataset import build_dataset
    from newskg.rdf.iris import ENTITIES_GRAPH
    from newskg.validation.shacl import load_ontology, use_shacl_engine
    from newskg.validation.units import units_of, validate_units

    use_shacl_engine(shacl_engine)
    times: dict[str, Any] = {"shacl_engine": shacl_engine}
    start = mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        times[name] = time.perf_counter() - mark
        mark = time.perf_counter()

    inputs = article_inputs(data)
    with ThreadPoolExecutor(1) as pool, cold_store(out, pool) as feed:
        with paused_gc():
            project = load_project(data)
            ontology = load_ontology()
            lap("load")
            dataset = build_dataset(project, ontology, feed=feed)  # a cold build loads the store
            publisher = project_publisher(data)
            memory = article_memory(data, project, inputs, ontology)
            del project
            lap("graphs")
            units = units_of(dataset, str(ENTITIES_GRAPH))  # read from the spool, graph by graph
            lap("units")
        assert feed is not None, "not a cold build"
        with open_release(dataset, out, loaded=feed) as staged:
            with paused_gc():
                staged.write_data()
            lap("files")  # graph files, TriG and Turtle, while the store loads
            feed.result()
            lap("store")  # what is left of the store's loading once the files are written
            checked = validate_units(units, ontology=ontology, cache_dir=out / CACHE_DIR)
            lap("validate")  # with the units' digests
            times["validated"] = checked.validated
            assert checked.report.conforms, checked.report.text[:2000]
            digests, state = release_state(memory, units)
            del units
            with paused_gc():
                staged.finish(checked.report, keys=checked.keys, publisher=publisher,
                              state=state)
        checked.remember()
        remember(out, memory, dataset, digests)
        lap("publish")
    times["total"] = time.perf_counter() - start
    times["triples"] = len(dataset)
    times["peak_mib"] = peak_mib()  # the build's, before the baseline runs in the same step
    return times


def remembers_articles(out: Path) -> bool:
    """Whether the build published in ``out`` remembered its articles (its state has a context)."""
    try:
        state = json.loads((out / "current" / "incremental.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(state, dict) and "context" in state


def incremental_build(data: Path, out: Path, shacl_engine: str) -> dict[str, Any]:
    """`newskg.publish.build.build` in this process after one article changed: the incremental
    path (only the changed article read, built and validated), timed whole."""
    from newskg.publish.build import build

    start = time.perf_counter()
    result = build(data, out, shacl_engine=shacl_engine)
    return {"total": time.perf_counter() - start, "triples": result.triples,
            "rebuilt": None if result.rebuilt is None else len(result.rebuilt)}


def peak_mib() -> float:
    """Peak RSS so far of this process and of its largest finished child (validation workers)."""
    import resource

    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def stage_rdflib(out: Path, bound: float) -> dict[str, Any]:
    """rdflib loads the TriG, then answers each named query, each run bounded by SIGALRM."""
    from newskg.store.engines import RdflibStore
    from newskg.store.named import list_queries

    class Overtime(BaseException):  # not an Exception: the store must not catch it
        pass

    def alarm(*_: object) -> None:
        raise Overtime

    start = time.perf_counter()
    store = RdflibStore.from_files([out / "newskg.trig"])
    loaded = time.perf_counter() - start
    signal.signal(signal.SIGALRM, alarm)
    medians: dict[str, float | None] = {}
    for query in named_queries(list_queries()):
        times: list[float] = []
        for _ in range(3):
            signal.setitimer(signal.ITIMER_REAL, bound)
            start = time.perf_counter()
            try:
                store.query(query.sparql(drafts=DRAFTS), bindings=query.bind(sample_params(query)))
            except Overtime:
                break
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - start)
            if sum(times) > bound:  # slow already: one run is enough
                break
        medians[query.name] = statistics.median(times) if times else None
    return {"load": loaded, "queries": medians}


def named_queries(queries: list[Any]) -> list[Any]:
    return [q for q in queries if "online" not in getattr(q, "requires", ())]


def sample_params(query: Any) -> dict[str, str]:
    return {p.name: PARAMS[p.name] for p in query.params if p.name in PARAMS}


class StepStopped(Exception):
    """A step that did not finish: timed out, over the memory limit, or failed."""


def run_step(step: str, size: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one step in a child process of its own process group (`measure_step`), watched: over
    ``--step-timeout`` seconds or ``--memory-limit`` GiB (the memory of the whole group: the step,
    its validation workers, the servers it starts; `group_memory`) the group is killed and the
    step is reported as stopped. Its answer (row fields), and under "_step" its wall and CPU time and peak memory:
    the larger of the group's sampled memory and the kernel's peak RSS of the child and of its
    largest waited-for descendant."""
    answer = work / f"step-{size}.json"
    answer.unlink(missing_ok=True)
    cmd = [PYTHON, __file__, "--run-step", step, "--size", str(size), "--workdir", str(work),
           *pass_through(args)]
    start = time.perf_counter()
    process = subprocess.Popen(cmd, start_new_session=True)
    limit = args.memory_limit * 2**30
    sampled, stopped = 0, ""
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        held = group_memory(process.pid)
        sampled = max(sampled, held)
        if time.perf_counter() - start > args.step_timeout:
            stopped = f"timed out after {args.step_timeout:.0f} s"
        elif held > limit:
            stopped = f"stopped at {held / 2**30:.2f} GiB (limit {args.memory_limit:g} GiB)"
        if stopped:
            os.killpg(process.pid, signal.SIGKILL)  # the step's own group: nothing else
            _, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.5)
    process.returncode = status  # reaped here: Popen must not wait for it again
    info = {"seconds": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mib": max(sampled / 2**20, usage.ru_maxrss / 1024)}
    if not stopped and status != 0:
        stopped = f"failed (exit status {os.waitstatus_to_exitcode(status)})"
    if not stopped and info["peak_mib"] > limit / 2**20:  # finished between two samples
        stopped = (f"finished over the limit at {info['peak_mib'] / 1024:.2f} GiB "
                   f"(limit {args.memory_limit:g} GiB)")
    if stopped:
        raise StepStopped(stopped, info)
    return {**json.loads(answer.read_text(encoding="utf-8")), "_step": info}


def group_memory(group: int) -> int:
    """The memory (bytes) of every process in process group ``group``, from /proc: the sum of
    their proportional set sizes (smaps_rollup's Pss), so that the pages forked validation
    workers share with the step count once, not once per worker as summed RSS counted them
    (at 10M, three processes sharing a 1 GiB parent image read as 6.2 GiB); RSS where Pss cannot
    be read."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) != group:  # pgrp, then rss (pages) is field 24 of stat
            continue
        try:
            rollup = (stat.parent / "smaps_rollup").read_text()
            total += next(int(line.split()[1]) * 1024 for line in rollup.splitlines()
                          if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            total += int(fields[21]) * page
    return total


def pass_through(args: argparse.Namespace) -> list[str]:
    return ["--runs", str(args.runs), "--rdflib-bound", str(args.rdflib_bound), "--clients",
            str(args.clients), "--load-seconds", str(args.load_seconds), "--shacl-engine",
            args.shacl_engine]


# ---------------------------------------------------------------- measurements in this process

def wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


NARROWED = {"article": "article:2023-01-01-synthetic-000000", "by": "person-0000",
            "from": "2023-01-02", "to": "2023-01-09"}  # what narrowing parameters bind


def oxigraph_latencies(store_dir: Path, runs: int) -> tuple[dict[str, float], float]:
    """Median CPU time of each named query (the machine is shared: wall time is the load's): whole, its first page as `newskg query` asks it
    (``name (page)``: run_paged, by partitions where the query has them) and its first page
    narrowed by each optional parameter (``name (narrowed: article)``; from/to together)."""
    from newskg.store.engines import OxigraphStore
    from newskg.store.named import list_queries
    from newskg.store.paging import Page, run_paged

    store = OxigraphStore.open(store_dir)
    medians = {}

    def median(run: Any) -> float:  # CPU seconds of this process (the query thread's too)
        times = []
        for _ in range(runs):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
        return statistics.median(times)

    for query in named_queries(list_queries()):
        params = sample_params(query)
        bindings = query.bind(params)
        text = query.sparql(drafts=DRAFTS)
        medians[query.name] = median(partial(store.query, text, bindings=bindings))
        page = Page(query.page or 100, 0)
        forms = {"page": params} if query.page else {}
        optional = [p.name for p in query.params if p.optional and p.name in NARROWED]
        for name in optional:
            if name != "to":
                chosen = ("from", "to") if name == "from" else (name,)
                forms[f"narrowed: {'/'.join(chosen)}"] = {
                    **params, **{n: NARROWED[n] for n in chosen if n in optional}}
        for form, values in forms.items():
            bound = query.bind(values)
            if query.partition is not None and form == "page":
                check_partitioned_page(store, text, bound, query)
            medians[f"{query.name} ({form})"] = median(partial(
                run_paged, store, text, bound, page, "tsv", len, partition=query.partition))
    baseline = median(partial(store.query, "ASK {}"))
    return medians, baseline


def check_partitioned_page(store: Any, text: str, bindings: Any, query: Any) -> None:
    """The first and a later page read by partitions are the bytes of the whole sorted query's."""
    from newskg.store.paging import Page, run_paged

    for page in (Page(query.page, 0), Page(query.page, 10 * query.page)):
        pages = []
        for partition in (query.partition, None):
            written: list[bytes] = []
            run_paged(store, text, bindings, page, "tsv", written.append, partition=partition)
            pages.append(b"".join(written))
        if pages[0] != pages[1]:
            raise SystemExit(f"{query.name}: the page {page} read by partitions differs from the "
                             "whole query's")


def baseline_load(out: Path) -> float:
    """pyoxigraph parses the built TriG and bulk-loads it into a new store: the floor of publish."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = ox.Store(tmp)
        store.bulk_load(path=str(out / "newskg.trig"), format=ox.RdfFormat.TRIG)
        store.flush()
        elapsed = time.perf_counter() - start
        del store
    return elapsed


def serve_and_load(cmd: list[str], ready: str, query_url: str, args: argparse.Namespace) -> Any:
    """Start a server, wait until ``ready`` answers, run the load, stop the server (None: no start)."""
    try:
        with running(cmd, ready):
            run_load(query_url, SMALL_QUERY, clients=args.clients, seconds=1)  # warm-up
            load = run_load(query_url, SMALL_QUERY, clients=args.clients,
                            seconds=args.load_seconds)
            # newskg serve answers a repeated request from its cache: also every request a new text
            varied = run_load(query_url, SMALL_QUERY, clients=args.clients,
                              seconds=args.load_seconds, vary=varied_query)
    except RuntimeError:
        return None
    return {"rps": load.throughput, "p50": load.median_ms, "p99": load.percentile(99),
            "errors": load.errors,
            "varied": {"rps": varied.throughput, "p50": varied.median_ms,
                       "p99": varied.percentile(99), "errors": varied.errors}}


def endpoints(out: Path, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(out / "store", copy)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        results["oxigraph serve"] = serve_and_load(
            [OXIGRAPH, "serve", "--location", str(copy), "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"], f"{base}/query?query=ASK%7B%7D", f"{base}/query", args)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results["newskg serve"] = serve_and_load(
        [*NEWSKG, "serve", "--build-dir", str(out), "--port", str(port)], f"{base}/health",
        f"{base}/sparql", args)
    return results


def change_one_article(data: Path, which: int = 0) -> None:
    """Edit one mention's role in one article: a real change to one article graph."""
    every = sorted((data / "articles").glob("*/facts.yaml"))
    facts = every[(len(every) // 2 + which) % len(every)]
    text = facts.read_text(encoding="utf-8")
    index = text.index("  role: ")
    end = text.index("\n", index)
    facts.write_text(text[:end] + " (edited)" + text[end:], encoding="utf-8")


# ---------------------------------------------------------------- one size, and the report

NEEDS = {"rebuild": "cold build", "incremental": "cold build", "queries": "cold build",
         "rdflib": "cold build", "cold query": "cold build", "endpoints": "cold build",
         "cold build": "corpus"}


FIELDS = {"corpus": (), "cold build": ("cold", "peak_mib", "store_mib", "baseline_load"),
          "rebuild": ("rebuild",), "incremental": ("primed", "incremental", "incremental_cli"),
          "queries": ("oxigraph", "ask_baseline"), "rdflib": ("rdflib",),
          "cold query": ("startup", "cold_query"), "endpoints": ("endpoints",)}


def engine_for(size: int, sizes: list[int], engines: str) -> str:
    """The SHACL engine at ``size``: one name for every size, or one per size in order."""
    names = engines.split(",")
    return names[sizes.index(size)] if len(names) > 1 else names[0]


def measure_step(step: str, size: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One step at one size, in this (child) process: the row fields it measures."""
    data, out = work / f"data-{size}", work / f"build-{size}"
    articles = max(1, round(size / TRIPLES_PER_ARTICLE))
    row: dict[str, Any] = {}
    if step == "corpus":
        shutil.rmtree(out, ignore_errors=True)
        generate(data, articles, seed=1)
    elif step == "cold build":
        shutil.rmtree(out, ignore_errors=True)
        row["cold"] = stage_build(data, out, args.shacl_engine)
        row["peak_mib"] = row["cold"]["peak_mib"]
        row["store_mib"] = sum(f.stat().st_size for f in (out / "store").rglob("*")
                               if f.is_file()) / 2**20
        row["baseline_load"] = baseline_load(out)
    elif step == "rebuild":
        row["rebuild"] = wall([*NEWSKG, "build", "--data-dir", str(data), "--build-dir",
                               str(out), "--shacl-engine", args.shacl_engine], 1)
    elif step == "incremental":
        if not remembers_articles(out):  # a build folder from before the cold build remembered
            row["primed"] = incremental_build(data, out, args.shacl_engine)  # them: once, whole
        change_one_article(data)
        row["incremental"] = incremental_build(data, out, args.shacl_engine)
        change_one_article(data, 1)  # another article: the whole command, a fresh process
        row["incremental_cli"] = wall([*NEWSKG, "build", "--data-dir", str(data),
                                       "--build-dir", str(out), "--shacl-engine",
                                       args.shacl_engine], 1)
    elif step == "queries":
        row["oxigraph"], row["ask_baseline"] = oxigraph_latencies(out / "store", args.runs)
    elif step == "rdflib":
        row["rdflib"] = stage_rdflib(out, args.rdflib_bound)
    elif step == "cold query":
        row["startup"] = wall([PYTHON, "-c", "pass"], args.runs)
        row["cold_query"] = wall([*NEWSKG, "query", "--build-dir", str(out), "--name",
                                  "events-on-date", "--param", "date=2023-01-03", "--drafts"],
                                 args.runs)
    elif step == "endpoints":
        row["endpoints"] = endpoints(out, args)
    return row


def bench_size(size: int, work: Path, args: argparse.Namespace,
               sizes: list[int]) -> dict[str, Any]:
    """Every step at ``size``, each in a watched child process (`run_step`). A step that cannot
    run (a step it needs did not finish, rdflib past --rdflib-max) or does not finish is recorded
    as such in "status" and shown in the tables; the others go on."""
    articles = max(1, round(size / TRIPLES_PER_ARTICLE))
    saved = work / f"results-{size}.json"
    row: dict[str, Any] = {"size": size, "articles": articles}
    if args.steps != ",".join(STEPS) and saved.is_file():  # re-measure some steps only
        row = json.loads(saved.read_text(encoding="utf-8"))
    row.setdefault("status", {})
    row.setdefault("step", {})
    engine = engine_for(size, sizes, args.shacl_engine)
    for step in progress([s for s in args.steps.split(",") if s],  # "": the tables only
                         description=f"{size:,} triples"):
        for name in FIELDS[step]:  # a step run again: nothing of its last run is kept
            row.pop(name, None)
        row["step"].pop(step, None)
        needed = NEEDS.get(step)
        if needed and row["status"].get(needed, "ok") != "ok":
            row["status"][step] = f"skipped: {needed} did not finish"
        elif step == "rdflib" and size > args.rdflib_max:
            row["status"][step] = (f"skipped: over --rdflib-max {args.rdflib_max:,} "
                                   "(rdflib holds the whole graph in Python objects)")
        else:
            try:
                answer = run_step(step, size, work, argparse.Namespace(
                    **{**vars(args), "shacl_engine": engine}))
            except StepStopped as exc:
                row["status"][step], row["step"][step] = exc.args
            else:
                row["step"][step] = answer.pop("_step")
                row.update(answer)
                row["status"][step] = "ok"
        saved.write_text(json.dumps(row), encoding="utf-8")
    return row


def report(row: dict[str, Any]) -> str:
    """The table for one size; a step never measured (not in this run nor in the last one kept in
    --workdir) is shown as "not run" instead of failing."""
    cold = row.get("cold")
    triples = cold["triples"] if cold else row["size"]
    counted = f"{triples:,} triples" if cold else f"~{triples:,} triples (cold build not run)"
    lines = [f"== {counted} ({row['articles']:,} articles; asked for {row['size']:,})"]

    def add(name: str, value: str, note: str = "") -> None:
        lines.append(f"  {name:58} {value:>14}  {note}")

    def not_run(name: str, step: str) -> None:
        status = row.get("status", {}).get(step, "ok")
        if status != "ok":  # it ran and did not finish, or could not run
            add(name, status.split(":")[0].split(" after")[0].split(" at ")[0], f"({status})")
        else:
            add(name, "not run", f"(step {step!r}: run it with --steps)")

    made = 0.0
    if cold:
        made = made_seconds(cold)
        add("build, cold: total (incl. whole-corpus SHACL)", f"{cold['total']:.1f} s",
            f"{triples / cold['total']:,.0f} triples/s")
        for stage in ("load", "graphs", "units", "files", "store", "validate", "publish"):
            add(f"  stage {stage}", f"{cold.get(stage, 0):.2f} s")
        add("build without SHACL (all stages but validate)", f"{made:.1f} s",
            f"{triples / made:,.0f} triples/s (target >= 100,000)")
        add("baseline: pyoxigraph bulk-loads the built TriG", f"{row['baseline_load']:.2f} s",
            f"build w/o SHACL = {made / row['baseline_load']:.1f}x baseline")
        add("whole-corpus SHACL (units, all cores)", f"{cold['validate']:.1f} s",
            f"{cold['validated']} units, {triples / cold['validate']:,.0f} triples/s")
    else:
        not_run("build, cold", "cold build")
    if "rebuild" in row:
        add("newskg build, unchanged data (all remembered)", f"{row['rebuild']:.1f} s",
            f"{triples / row['rebuild']:,.0f} triples/s")
    else:
        not_run("newskg build, unchanged data", "rebuild")
    inc = row.get("incremental")
    if inc:
        add("newskg build after one article changed (in process)", f"{inc['total']:.2f} s")
        if "incremental_cli" in row:
            add("  the whole newskg build command (fresh process)",
                f"{row['incremental_cli']:.1f} s", "(target < 1 s)")
    else:
        not_run("newskg build after one article changed", "incremental")
    if cold:
        add("peak memory (build process and workers)", f"{row['peak_mib']:,.0f} MiB")
        add("store size on disk", f"{row['store_mib']:,.1f} MiB")
    measured = row.get("oxigraph") or {}
    ox_medians = {k: v for k, v in measured.items() if not k.endswith(")")}
    narrowed = {k: v for k, v in measured.items() if "(narrowed: " in k}
    pages = {k[:-len(" (page)")]: v for k, v in measured.items() if k.endswith(" (page)")}
    if ox_medians:
        worst = max(ox_medians, key=ox_medians.get)
        add("named queries on Oxigraph (CPU): median of medians",
            f"{statistics.median(ox_medians.values()) * 1000:.1f} ms",
            f"baseline ASK {{}} {row['ask_baseline'] * 1000:.2f} ms")
        add(f"  slowest: {worst}", f"{ox_medians[worst] * 1000:.1f} ms", "(target < 50 ms)")
        under = sum(1 for v in ox_medians.values() if v < 0.05)
        add("  named queries under 50 ms", f"{under}/{len(ox_medians)}")
        if pages:
            asked = {**ox_medians, **pages}  # as `newskg query` asks: the first page
            worst = max(asked, key=asked.get)
            add("named queries as asked (first page): median",
                f"{statistics.median(asked.values()) * 1000:.1f} ms",
                f"{sum(1 for v in asked.values() if v < 0.05)}/{len(asked)} under 50 ms, "
                f"slowest {worst} {asked[worst] * 1000:.0f} ms")
            lines.append("  first page of 100, ms (whole answer -> page): " + ", ".join(
                f"{name} {ox_medians[name] * 1000:.0f}->{ms * 1000:.0f}"
                for name, ms in sorted(pages.items())))
        if narrowed:
            lines.append("  first page narrowed, ms: " + ", ".join(
                f"{name} {ms * 1000:.0f}" for name, ms in sorted(narrowed.items())))
    else:
        not_run("named queries on Oxigraph", "queries")
    rdf = row.get("rdflib")
    if rdf:
        done = {k: v for k, v in rdf["queries"].items() if v is not None}
        add("rdflib: load the TriG", f"{rdf['load']:.1f} s")
        add("named queries on rdflib: median of finished",
            f"{statistics.median(done.values()) * 1000:.0f} ms" if done else "-",
            f"{len(done)}/{len(rdf['queries'])} finished within the bound")
    else:
        not_run("named queries on rdflib", "rdflib")
    if "cold_query" in row:
        add("cold newskg query --name events-on-date", f"{row['cold_query'] * 1000:.0f} ms",
            f"python start-up {row['startup'] * 1000:.0f} ms (target < 300 ms)")
    else:
        not_run("cold newskg query", "cold query")
    loads = row.get("endpoints") or {}
    base = loads.get("oxigraph serve")
    for name, load in loads.items():
        if load is None:
            add(f"endpoint {name}", "not measured", "(server did not start)")
            continue
        ratio = f", {load['rps'] / base['rps']:.2f}x oxigraph serve" if base else ""
        add(f"endpoint {name}: small query, same text", f"{load['rps']:,.0f} req/s",
            f"p50 {load['p50']:.2f} ms, p99 {load['p99']:.2f} ms, {load['errors']} errors{ratio}")
        varied, base_varied = load.get("varied"), (base or {}).get("varied")
        if varied:
            ratio = f", {varied['rps'] / base_varied['rps']:.2f}x oxigraph serve" \
                if base_varied else ""
            add(f"endpoint {name}: small queries, each text new", f"{varied['rps']:,.0f} req/s",
                f"p50 {varied['p50']:.2f} ms, p99 {varied['p99']:.2f} ms, "
                f"{varied['errors']} errors{ratio}")
    if loads:
        lines.append("  (newskg serve answers a repeated request from its cache of answers: the "
                     "same-text line measures that; the new-text line runs every query)")
    if "endpoints" not in row:
        not_run("endpoint throughput", "endpoints")
    steps = row.get("step") or {}
    if steps:
        lines.append("  each step (a child process): wall s / CPU s / peak MiB (all its "
                     "processes): " + ", ".join(
                         f"{name} {info['seconds']:.1f}/{info['cpu']:.1f}/{info['peak_mib']:,.0f}"
                         + ("" if row.get("status", {}).get(name, "ok") == "ok"
                            else f" ({row['status'][name]})")
                         for name, info in steps.items()))
    if cold:
        lines.append(f"  SHACL engine: {cold.get('shacl_engine', 'pyshacl')}")
    if ox_medians:
        rdf_queries = (rdf or {}).get("queries", {})
        lines.append("  per named query, ms on oxigraph / rdflib: " + ", ".join(
            f"{name} {ms * 1000:.1f}/{_ms(rdf_queries.get(name), name in rdf_queries)}"
            for name, ms in sorted(ox_medians.items())))
    return "\n".join(lines)


# The table of issue 14 ("Scale"): the 2-core column as the issue gives it (measured before this
# round, at 1M triples), beside what this run measured at each size.
ISSUE_ROWS = (
    ("build without SHACL, vs pyoxigraph bulk-loading the TriG", "23.2 s vs 12.4 s (43k/s)"),
    ("whole-corpus SHACL, cold", "226 s"),
    ("one article changed: newskg build in process / whole command", "- / -"),
    ("named queries, median (under 50 ms)", "140 ms (8/21)"),
    ("  as asked: first page of the paged ones", "-"),
    ("slowest: direct-quotes, denials-expectations-claims, statements-by-speaker",
     "1.18 s, 0.51 s, 0.42 s"),
    ("  the same, first page of 100", "-"),
    ("endpoint, a new query text each request, vs oxigraph serve", "0.53x req/s"),
    ("cold newskg query", "0.26 s"),
    ("peak memory of the build / store on disk", "-"),
)
SLOWEST = ("direct-quotes", "denials-expectations-claims", "statements-by-speaker")


def issue_table(rows: list[dict[str, Any]]) -> str:
    """Issue 14's table with a "now" column per size measured ("not run": step not measured)."""
    def cells(row: dict[str, Any]) -> list[str]:
        cold, inc = row.get("cold"), row.get("incremental")
        status = row.get("status", {})

        def missing(step: str) -> str:  # "not run", or why a step run did not give the number
            text = status.get(step, "ok")
            return "not run" if text == "ok" else text.split(":")[0].split(" (")[0]

        measured = row.get("oxigraph") or {}
        whole = {k: v for k, v in measured.items() if not k.endswith(")")}
        pages = {k[:-7]: v for k, v in measured.items() if k.endswith(" (page)")}
        asked = {**whole, **pages}
        load = (row.get("endpoints") or {})
        ours, theirs = load.get("newskg serve"), load.get("oxigraph serve")
        out = []
        if cold:
            made = made_seconds(cold)
            out.append(f"{made:.1f} s vs {row['baseline_load']:.1f} s "
                       f"({cold['triples'] / made / 1000:.0f}k/s)")
            out.append(f"{cold['validate']:.0f} s")
        else:
            out += [missing("cold build")] * 2
        out.append(f"{inc['total']:.2f} s / {row['incremental_cli']:.2f} s"
                   if inc and "incremental_cli" in row else missing("incremental"))
        if whole:
            under = sum(v < 0.05 for v in whole.values())
            out.append(f"{statistics.median(whole.values()) * 1000:.0f} ms "
                       f"({under}/{len(whole)})")
            under = sum(v < 0.05 for v in asked.values())
            out.append(f"{statistics.median(asked.values()) * 1000:.0f} ms "
                       f"({under}/{len(asked)})")
            out.append(", ".join(f"{whole[n]:.2f} s" if n in whole else "-" for n in SLOWEST))
            out.append(", ".join(f"{pages[n]:.3f} s" if n in pages else "-" for n in SLOWEST))
        else:
            out += [missing("queries")] * 4
        if ours and theirs and ours.get("varied") and theirs.get("varied"):
            out.append(f"{ours['varied']['rps'] / theirs['varied']['rps']:.2f}x req/s")
        else:
            out.append(missing("endpoints"))
        out.append(f"{row['cold_query']:.2f} s" if "cold_query" in row
                   else missing("cold query"))
        out.append(f"{row['peak_mib']:,.0f} MiB / {row['store_mib']:,.0f} MiB" if cold
                   else missing("cold build"))
        return out

    columns = [cells(row) for row in rows]
    heads = [f"now {row.get('cold', {}).get('triples', row['size']):,}" for row in rows]
    widths = [max(len(h), *(len(c[i]) for c in [columns[j]] for i in range(len(ISSUE_ROWS))))
              for j, h in enumerate(heads)]
    lines = [f"{'':76} {'issue (2 cores, 1M)':26} " + " ".join(
        f"{h:{w}}" for h, w in zip(heads, widths))]
    for i, (name, before) in enumerate(ISSUE_ROWS):
        lines.append(f"{name:76} {before:26} " + " ".join(
            f"{c[i]:{w}}" for c, w in zip(columns, widths)))
    tenm = [row for row in rows if row["size"] >= 10_000_000]
    done = "not run" if not tenm else tenm_status(tenm[0].get("status", {}))
    lines.append(f"{'4M / 10M triples':76} {'did not finish / -':26} {done}")
    return "\n".join(lines)


def tenm_status(status: dict[str, str]) -> str:
    """What the 10M row of the issue's table says: measured end to end only when every step ran
    (rdflib may be skipped by --rdflib-max); else which steps did not."""
    missing = [step for step in STEPS if status.get(step) != "ok"
               and not (step == "rdflib" and status.get(step, "").startswith("skipped: over"))]
    if not missing:
        return "measured end to end"
    return "; ".join(f"{step}: {status.get(step, 'not run')}" for step in missing)


def _made(row: dict[str, Any]) -> float | None:
    cold = row.get("cold")
    if not cold:
        return None
    return made_seconds(cold)


def made_seconds(cold: dict[str, Any]) -> float:
    """The cold build without its SHACL stage: every stage but validate ("files": the graph
    files, TriG and Turtle written while the store loads; "quads": older runs' name of
    "units")."""
    return float(cold["load"] + cold["graphs"] + cold.get("units", cold.get("quads", 0))
                 + cold.get("files", 0) + cold.get("store", 0) + cold["publish"])


def _queries(row: dict[str, Any], pick: Any) -> float | None:
    whole = [v for k, v in (row.get("oxigraph") or {}).items() if not k.endswith(" (page)")]
    return pick(whole) * 1000 if whole else None


def _rps(row: dict[str, Any], server: str) -> float | None:
    load = (row.get("endpoints") or {}).get(server) or {}
    return load.get("varied", {}).get("rps")


GROWTH: tuple[tuple[str, Any], ...] = (
    ("triples", lambda r: (r.get("cold") or {}).get("triples")),
    ("build without SHACL, s", _made),
    ("  baseline: pyoxigraph bulk-loads the TriG, s", lambda r: r.get("baseline_load")),
    ("whole-corpus SHACL, s", lambda r: (r.get("cold") or {}).get("validate")),
    ("peak memory of the build, MiB", lambda r: r.get("peak_mib")),
    ("store on disk, MiB", lambda r: r.get("store_mib")),
    ("newskg build, unchanged data, s", lambda r: r.get("rebuild")),
    ("newskg build after one article changed, s", lambda r: r.get("incremental_cli")),
    ("named queries, median, ms", lambda r: _queries(r, statistics.median)),
    ("named queries, slowest, ms", lambda r: _queries(r, max)),
    ("cold newskg query, s", lambda r: r.get("cold_query")),
    ("endpoint, new text each request: newskg serve, req/s", lambda r: _rps(r, "newskg serve")),
    ("  oxigraph serve, req/s", lambda r: _rps(r, "oxigraph serve")),
)


def size_name(size: int) -> str:
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if size >= unit and size % unit == 0:
            return f"{size // unit}{name}"
    return f"{size:,}"


def growth_table(rows: list[dict[str, Any]]) -> str:
    """How each cost grows with the corpus: its value at each size, and the ratio of each size's
    value to the one before (10M/1M beside the triples' own ratio: 10x is linear growth). Each
    step's wall time, CPU time and peak memory follow (a child process each)."""
    names = [size_name(row["size"]) for row in rows]
    ratios = [f"{b}/{a}" for a, b in pairwise(names)]
    metrics = list(GROWTH)
    for step in STEPS:
        for label, key in (("wall s", "seconds"), ("CPU s", "cpu"), ("peak MiB", "peak_mib")):
            metrics.append((f"step {step}: {label}", lambda r, step=step, key=key:
                            (r.get("step", {}).get(step) or {}).get(key)
                            if r.get("status", {}).get(step, "ok") == "ok" else None))
    lines = [f"{'':56}" + "".join(f"{n:>12}" for n in names) + "".join(f"{r:>10}" for r in ratios)]
    for label, value in metrics:
        values = [value(row) for row in rows]
        if all(v is None for v in values):
            continue
        cells = "".join(f"{_num(v):>12}" for v in values)
        cells += "".join(f"{f'{b / a:.1f}x' if a and b is not None else '-':>10}"
                         for a, b in pairwise(values))
        lines.append(f"{label:56}{cells}")
    return "\n".join(lines)


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"


def _ms(seconds: float | None, measured: bool = True) -> str:
    if not measured:
        return "not run"
    return "dnf" if seconds is None else f"{seconds * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated triple counts")
    parser.add_argument("--workdir", type=Path, help="keep corpora and builds here")
    parser.add_argument("--runs", type=int, default=5, help="runs per latency median")
    parser.add_argument("--rdflib-bound", type=float, default=10.0,
                        help="seconds an rdflib query may take before 'did not finish'")
    parser.add_argument("--rdflib-max", type=int, default=1_000_000,
                        help="the largest size at which rdflib is measured (it holds the graph "
                        "in Python objects: about 1 KiB a triple)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent load clients")
    parser.add_argument("--load-seconds", type=float, default=5.0, help="load duration")
    parser.add_argument("--steps", default=",".join(STEPS), help=(
        "comma-separated steps to run (others are read from the last run's results in "
        "--workdir; --steps '' prints the tables of the results kept there)"))
    parser.add_argument("--shacl-engine", default="pyshacl", help=(
        "pyshacl or turbo, for every size, or one per size (pyshacl,pyshacl,turbo)"))
    parser.add_argument("--step-timeout", type=float, default=3600.0, help=(
        "seconds a step may take; a step past it is stopped and shown as timed out"))
    parser.add_argument("--memory-limit", type=float, default=8.0, help=(
        "GiB a step's processes may hold together; past it the step is stopped"))
    parser.add_argument("--run-step", help=argparse.SUPPRESS)  # in the child process of a step
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    unknown = [s for s in args.steps.split(",") if s and s not in STEPS]
    if unknown:
        parser.error(f"unknown step(s) {', '.join(map(repr, unknown))}; steps: {', '.join(STEPS)}")
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(args.shacl_engine.split(",")) not in (1, len(sizes)):
        parser.error("--shacl-engine: one engine, or one per size")
    if args.run_step:
        answer = measure_step(args.run_step, args.size, args.workdir, args)
        (args.workdir / f"step-{args.size}.json").write_text(json.dumps(answer),
                                                            encoding="utf-8")
        return
    print(f"machine: {os.cpu_count()} cores, {sys.platform}, python {sys.version.split()[0]}, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        rows = []
        for size in sizes:
            rows.append(bench_size(size, work, args, sizes))
            print(report(rows[-1]), flush=True)
        print("\n" + issue_table(rows))
        print("\nHow each cost grows (ratio of each size's value to the one before):")
        print(growth_table(rows))
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
