"""Where a `newskg serve` request's CPU goes: one server process in this process, profiled.

Runs the app of `newskg serve` (uvicorn + the guarded httptools protocol + uvloop, as the
supervisor's children do) in this process, sends bench/http_load.py's load to it from client
processes (not counted), and prints the server's CPU time per request (this process, all its
threads: resource.getrusage) and, with --profile, cProfile's table for the event loop's thread.

Usage: python bench/profile_serve.py --build-dir DIR [--seconds 5] [--clients 2] [--same]
       [--profile] [--perf] [--threads 4]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_serve import SMALL_QUERY, varied_query
from http_load import free_port, run_load


def thread_cpu() -> dict[str, float]:
    """CPU seconds of each of this process's threads, summed by thread name (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    out: dict[str, float] = {}
    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    for task in Path("/proc/self/task").iterdir():
        try:
            name = names.get(int(task.name), "other")
            fields = (task / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
        out[name + " (system)"] = out.get(name + " (system)", 0.0) + int(fields[12]) / ticks
    return out


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    import uvicorn

    from newskg.serve.app import create_app
    from newskg.serve.hosts import allowed_hosts
    from newskg.serve.http import ClientLimits, GuardedHttpToolsProtocol

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--same", action="store_true", help="the same query (cached) each time")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--perf", action="store_true",
                        help="perf stat: instructions, context switches per request")
    args = parser.parse_args()
    port = free_port()
    app = create_app(args.build_dir, threads=args.threads,
                     allowed_hosts=allowed_hosts("127.0.0.1"))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False, loop="uvloop", lifespan="on",
                            http=partial(GuardedHttpToolsProtocol,  # type: ignore[arg-type]
                                         limits=ClientLimits()))
    server = uvicorn.Server(config)
    profile = cProfile.Profile() if args.profile else None
    result: dict[str, float] = {}
    url = f"http://127.0.0.1:{port}/sparql"
    vary = None if args.same else varied_query

    def drive() -> None:
        while not server.started:
            time.sleep(0.05)
        urllib.request.urlopen(f"http://127.0.0.1:{port}/health").read()
        run_load(url, SMALL_QUERY, clients=args.clients, seconds=1, vary=vary)
        perf = None
        if args.perf:  # instructions and context switches of this process during the load
            import signal
            import subprocess
            perf = subprocess.Popen(["perf", "stat", "-x", ",", "-e",
                                     "instructions,context-switches,task-clock",
                                     "-p", str(os.getpid())],
                                    stderr=subprocess.PIPE, text=True)
        before, threads_before = cpu(), thread_cpu()
        if profile is not None:
            profile_on.set()
        load = run_load(url, SMALL_QUERY, clients=args.clients, seconds=args.seconds, vary=vary)
        used = cpu() - before
        if perf is not None:
            perf.send_signal(signal.SIGINT)
            for line in perf.communicate()[1].splitlines():
                fields = line.split(",")
                if len(fields) > 2 and fields[0].replace(".", "").isdigit():
                    result[f"perf {fields[2]}"] = float(fields[0]) / max(load.requests, 1)
        threads_after = thread_cpu()
        for name, seconds in sorted(threads_after.items()):
            spent = seconds - threads_before.get(name, 0.0)
            if spent > 0:
                result[f"thread {name}"] = spent / max(load.requests, 1) * 1e6
        result.update(requests=load.requests, errors=load.errors, cpu_us=used / load.requests * 1e6,
                      rps=load.throughput, p50=load.median_ms)
        server.should_exit = True

    profile_on = threading.Event()
    threading.Thread(target=drive, daemon=True).start()
    if profile is not None:
        # enable once the load starts: a hook on the loop turns the profiler on
        import asyncio

        async def run() -> None:
            async def switch_on() -> None:
                while not profile_on.is_set():
                    await asyncio.sleep(0.01)
                profile.enable()
            task = asyncio.ensure_future(switch_on())
            await server.serve()
            profile.disable()
            task.cancel()
        import uvloop
        uvloop.run(run())
    else:
        server.run()
    print(f"load average {os.getloadavg()[0]:.2f}; {result['requests']:.0f} requests "
          f"({result['errors']:.0f} errors), {result['rps']:,.0f} req/s, p50 {result['p50']:.2f} ms, "
          f"server CPU {result['cpu_us']:.0f} us/request (this process, all threads)")
    for key, value in result.items():
        if key.startswith(("thread ", "perf ")):
            print(f"  {key}: {value:.0f} us/request")
    if profile is not None:
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(35)


if __name__ == "__main__":
    main()
