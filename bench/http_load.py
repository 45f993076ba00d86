"""A bounded loopback load on a SPARQL endpoint: throughput and latency percentiles.

Several client processes (not threads: the GIL would make the client the bottleneck) each keep one
HTTP connection alive and send the same small query, one after the other, for a fixed duration and
at most a fixed number of requests; then they stop by themselves. Only loopback addresses are
accepted as targets.

``vary`` gives each request its own query text instead: ``vary(n)`` for the n-th request overall
(unique across clients), so that a server's result cache cannot answer it from memory.
"""

from __future__ import annotations

import http.client
import multiprocessing
import socket
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


def _client(url: str, query: str, seconds: float, max_requests: int,
            out: multiprocessing.Queue[tuple[int, list[float]]],
            vary: Callable[[int], str] | None = None, index: int = 0, clients: int = 1) -> None:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    body = urllib.parse.urlencode({"query": query}).encode()
    sent = 0
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json"}
    latencies, errors = [], 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and len(latencies) + errors < max_requests:
        if vary is not None:
            body = urllib.parse.urlencode({"query": vary(index + sent * clients)}).encode()
            sent += 1
        start = time.perf_counter()
        try:
            conn.request("POST", parts.path or "/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            ok = False
        if ok:
            latencies.append((time.perf_counter() - start) * 1000)
        else:
            errors += 1
    conn.close()
    out.put((errors, latencies))


def run_load(url: str, query: str, *, clients: int = 4, seconds: float = 5.0,
             max_requests: int = 200_000, vary: Callable[[int], str] | None = None) -> LoadResult:
    """``clients`` processes querying ``url`` for ``seconds`` (each at most ``max_requests``).

    With ``vary``, request n sends ``vary(n)`` instead of ``query``.
    """
    host = urllib.parse.urlsplit(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"load tests only target loopback addresses, not {host!r}")
    context = multiprocessing.get_context("fork")
    out: multiprocessing.Queue[tuple[int, list[float]]] = context.Queue()
    workers = [context.Process(target=_client, args=(url, query, seconds, max_requests, out, vary,
                                                     index, clients))
               for index in range(clients)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [out.get(timeout=seconds + 120) for _ in workers]
    elapsed = time.perf_counter() - start
    for worker in workers:
        worker.join(timeout=10)
    latencies = [ms for _, batch in results for ms in batch]
    return LoadResult(len(latencies), sum(e for e, _ in results), elapsed, latencies)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(cmd: list[str], ready: str) -> Iterator[int]:
    """A server process, up (``ready`` answers 200) for the duration of the block."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(ready, timeout=5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{cmd[0]} did not start: {' '.join(cmd)}") from None
                time.sleep(0.1)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
