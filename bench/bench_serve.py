"""Endpoint throughput: `newskg serve` against `oxigraph serve` on the same store, in the same run.

Both servers run at once on free loopback ports (`oxigraph serve --union-default-graph` on a copy
of the store, since it opens it writable; `newskg serve` on the build). The load (bench/http_load.py:
several client processes, one kept-alive connection each, fixed duration, after a 1 s warm-up) is
sent to one server at a time, alternating, for ``--rounds`` rounds; the median round is printed.

Server CPU per request: the CPU time (user + system, from /proc) of the server's processes and
their threads over a round, divided by the requests answered in it; newskg serve counts its
supervisor and every server process. The load's own clients are not counted.

Two loads:
- "same small query": one label lookup sent again and again (what bench_scale.py measures).
  `newskg serve` keeps recent answers in memory (the store is read-only while it serves), so
  after the first request this measures its HTTP path and the cache, not the query engine;
- "varied small queries": every request is a different text (another entity, another LIMIT), so
  no answer comes from the cache: the query is parsed, evaluated and serialised each time.

Usage: python bench/bench_serve.py --build-dir /tmp/bs/build-100000 [--clients 4] [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_load import LoadResult, free_port, run_load, running

PYTHON = sys.executable
OXIGRAPH = str(Path(PYTHON).with_name("oxigraph"))
ENTITY = "https://w3id.org/newskg/id/entity/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SMALL_QUERY = f"SELECT ?name WHERE {{ <{ENTITY}person-0001> {LABEL} ?name }}"
PERSONS = 79  # gen_corpus.py makes at least this many persons (person-0000 ...), 100k and up


def varied_query(n: int) -> str:
    """The n-th of endlessly many different small queries: another person, another LIMIT."""
    return (f"SELECT ?name WHERE {{ <{ENTITY}person-{n % PERSONS:04d}> {LABEL} ?name }} "
            f"LIMIT {1 + n // PERSONS}")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        times[child] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    family, total = {pid}, 0.0
    for child in sorted(parents):  # parents start before their children: lower pids, mostly
        if parents[child] in family:
            family.add(child)
    for member in family:
        total += times.get(member, 0.0)
    return total


@dataclass(frozen=True)
class Round:
    load: LoadResult
    cpu_us: float  # server CPU time per answered request, microseconds (all its processes)

    @property
    def throughput(self) -> float:
        return self.load.throughput


def measure(url: str, pid: int, vary: Callable[[int], str] | None,
            args: argparse.Namespace) -> Round:
    run_load(url, SMALL_QUERY, clients=args.clients, seconds=1, vary=vary)  # warm-up
    before = cpu_seconds(pid)
    load = run_load(url, SMALL_QUERY, clients=args.clients, seconds=args.seconds, vary=vary)
    return Round(load, (cpu_seconds(pid) - before) / max(load.requests, 1) * 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, required=True, help="a newskg build folder")
    parser.add_argument("--clients", type=int, default=4, help="concurrent load clients")
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per load")
    parser.add_argument("--serve-option", action="append", default=[],
                        help="extra option for newskg serve (repeatable), e.g. --processes=1")
    parser.add_argument("--baseline-python", type=Path,
                        help="also serve with this interpreter's newskg (another checkout's "
                        ".venv/bin/python, e.g. main's), as 'newskg serve (baseline)'")
    parser.add_argument("--loads", default="same,varied",
                        help="which loads to send: same, varied or both (comma-separated)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {sys.platform}, python {sys.version.split()[0]}; "
          f"{args.clients} clients, {args.seconds:g} s x {args.rounds} rounds; "
          f"load average {os.getloadavg()[0]:.2f}")
    newskgs = {"newskg serve": PYTHON}
    if args.baseline_python:
        newskgs["newskg serve (baseline)"] = str(args.baseline_python)
    ports = {name: free_port() for name in ["oxigraph serve", *newskgs]}
    urls = {name: f"http://127.0.0.1:{port}/{'query' if name == 'oxigraph serve' else 'sparql'}"
            for name, port in ports.items()}
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
        copy = Path(tmp) / "store"
        shutil.copytree(args.build_dir / "store", copy)
        pids = {"oxigraph serve": servers.enter_context(running(
            [OXIGRAPH, "serve", "--location", str(copy), "--bind",
             f"127.0.0.1:{ports['oxigraph serve']}", "--union-default-graph"],
            f"{urls['oxigraph serve']}?query=ASK%7B%7D"))}
        for name, python in newskgs.items():
            pids[name] = servers.enter_context(running(
                [python, "-m", "newskg", "serve", "--build-dir", str(args.build_dir),
                 "--port", str(ports[name]), *args.serve_option],
                f"http://127.0.0.1:{ports[name]}/health"))
        loads = {"same": ("same small query", None),
                 "varied": ("varied small queries", varied_query)}
        for label, vary in (loads[name] for name in args.loads.split(",")):
            rounds: dict[str, list[Round]] = {name: [] for name in urls}
            for _ in range(args.rounds):
                for name, url in urls.items():
                    rounds[name].append(measure(url, pids[name], vary, args))
            report(label, rounds)


def report(label: str, rounds: dict[str, list[Round]]) -> None:
    medians = {name: sorted(results, key=lambda r: r.throughput)[len(results) // 2]
               for name, results in rounds.items()}
    base = medians["oxigraph serve"].throughput
    print(f"== {label} (median of {len(rounds['oxigraph serve'])} rounds by req/s)")
    for name, median in medians.items():
        load = median.load
        spread = ", ".join(f"{r.throughput:,.0f}" for r in rounds[name])
        print(f"  {name:23} {load.throughput:9,.0f} req/s  p50 {load.median_ms:5.2f} ms  "
              f"p99 {load.percentile(99):5.2f} ms  {load.errors} errors  "
              f"server CPU {statistics.median(r.cpu_us for r in rounds[name]):4.0f} us/request "
              f"(median of rounds)  "
              f"{load.throughput / base:.2f}x oxigraph serve  (rounds: {spread})")
    for name, results in rounds.items():
        if name == "oxigraph serve":
            continue
        pairs = list(zip(results, rounds["oxigraph serve"], strict=True))
        ratios = [n.throughput / o.throughput for n, o in pairs]
        print(f"  {name}, req/s ratio per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
              f"median {statistics.median(ratios):.2f}x (target >= 0.90)")
        cpu = [n.cpu_us / o.cpu_us for n, o in pairs if o.cpu_us]
        print(f"  {name}, server CPU per request / oxigraph's, per round: "
              f"{', '.join(f'{r:.2f}' for r in cpu)}; median {statistics.median(cpu):.2f}x "
              f"(target <= 1.10)")
    print(f"  load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
