"""Fixtures for the `newskg serve` tests: the endpoint over the seed build, on a real loopback socket.

`endpoint` runs the `newskg serve` command itself; `LiveServer` runs an app made by `create_app`
in a thread (for a dataset of the test's own).

Registered in tests/conftest.py (pytest_plugins) so that every test file shares one server.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette

from newskg.publish.build import BuildResult
from newskg.serve.supervisor import default_processes

# Short enough that the runaway-query test does not wait long, far above any seed query's time.
TEST_TIMEOUT = 3.0


class LiveServer:
    """uvicorn serving an app on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app: Starlette) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        sock: socket.socket = self.server.servers[0].sockets[0]
        host, port = sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


NEWSKG = str(Path(sys.executable).with_name("newskg"))


@contextmanager
def serving(build_dir: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`newskg serve` over ``build_dir`` with ``options`` on a free loopback port, until the
    block ends: its base URL and its process.

    Separate processes, as deployed: their event loops do not share a GIL with the test's clients.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [NEWSKG, "serve", "--build-dir", str(build_dir), "--port", str(port),
               "--timeout", str(TEST_TIMEOUT), *options]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(url, server)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def endpoint_server(built: tuple[BuildResult, Path]) -> Iterator[tuple[str, int]]:
    """The `newskg serve` command over the seed build: its base URL and its process id."""
    with serving(built[1]) as (url, server):
        yield url, server.pid


@pytest.fixture(scope="session")
def endpoint(endpoint_server: tuple[str, int]) -> str:
    """The base URL (http://127.0.0.1:PORT) of the `newskg serve` command over the seed build."""
    return endpoint_server[0]


@pytest.fixture(scope="session")
def endpoint_process(endpoint_server: tuple[str, int]) -> int:
    """The process id of the `newskg serve` command (the supervisor of its server processes)."""
    return endpoint_server[1]


def wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"newskg serve exited {server.returncode}: "
                               f"{server.stderr.read() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"newskg serve did not answer on {url} within 60 s")


def server_processes(server_pid: int) -> set[int]:
    """The uvicorn server processes under the `newskg serve` supervisor (Linux /proc)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server_pid and b"spawn_main" in command:
            children.add(int(stat.parent.name))
    return children


def settled(server_pid: int) -> set[int]:
    """The server processes, once there are as many as `newskg serve` starts (one per core)."""
    deadline = time.monotonic() + 30
    while len(processes := server_processes(server_pid)) != default_processes():
        assert time.monotonic() < deadline, processes
        time.sleep(0.2)
    return processes


def replaced(server_pid: int, before: set[int]) -> set[int]:
    """The server processes once one of ``before`` has retired and a fresh one has taken its place."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = server_processes(server_pid)
        if len(now) == len(before) and now != before:
            return now
        time.sleep(0.2)
    return server_processes(server_pid)
