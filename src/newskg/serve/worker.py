"""Query worker processes: each opens the store read-only once and answers jobs over a socket.

A pyoxigraph query cannot be cancelled and a thread cannot be killed, so a runaway query would keep a
core busy for good. Queries run in worker processes instead; one that outruns the time limit is
killed and replaced, and the server keeps answering. Workers render the answer themselves (the CPU
work stays off the event loop) and send back ready bytes.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from newskg.errors import InputError
from newskg.export import RDF_FORMATS
from newskg.prefixes import PREFIXES
from newskg.results import (
    MEDIA_TYPES,
    Boolean,
    Solutions,
    Term,
    Triples,
    render,
    to_json,
    to_rdf,
)
from newskg.store import syntax_error

# A request waits for a free worker up to this many query time limits (and at least 30 s): under a
# burst, queued requests are answered in turn; only a server stuck on runaway queries says "busy".
QUEUE_WAIT = 3


@dataclass(frozen=True)
class QueryJob:
    """One query and how to answer it. ``default_graphs is None`` means the union of the graphs."""

    query: str
    base_iri: str
    tabular_format: str | None  # json, xml, csv or tsv; None when the client accepts none
    rdf_format: str | None  # turtle, ntriples, jsonld or rdfxml; None when the client accepts none
    max_results: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    graphs_to_check: tuple[str, ...] = ()
    bindings: Mapping[str, ox.NamedNode | ox.Literal] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def run_job(store: ox.Store, job: QueryJob) -> Answer:
    """Run one query on the store and render its answer in the negotiated format."""
    for iri in job.graphs_to_check:
        try:
            present = store.contains_named_graph(ox.NamedNode(iri))
        except ValueError:
            return Answer.error(400, f"<{iri}> is not a valid IRI")
        if not present:
            return Answer.error(400, f"<{iri}> is not a graph of this dataset; newskg serve answers "
                                "from its own graphs only and never fetches one (list them with "
                                "SELECT DISTINCT ?g WHERE { GRAPH ?g {} })")
    try:
        result = store.query(
            job.query, base_iri=job.base_iri, prefixes=dict(PREFIXES),
            use_default_graph_as_union=job.default_graphs is None,
            default_graph=None if job.default_graphs is None else
            [ox.NamedNode(iri) for iri in job.default_graphs],
            named_graphs=None if job.named_graphs is None else
            [ox.NamedNode(iri) for iri in job.named_graphs],
            substitutions={ox.Variable(k): v for k, v in job.bindings.items()})
        return _render(result, job)
    except SyntaxError as exc:
        return Answer.error(400, str(syntax_error(job.query, str(exc))))
    except (OSError, ValueError, RuntimeError, InputError) as exc:
        return Answer.error(500, f"query failed: {exc}")


def _render(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, job: QueryJob) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        return _tabular(Boolean(bool(result)), job)
    too_many = (f"the answer has more than {job.max_results} results, this endpoint's limit; "
                "ask for fewer (LIMIT and OFFSET page through them)")
    if isinstance(result, ox.QueryTriples):
        triples = tuple(islice(result, job.max_results + 1))
        if len(triples) > job.max_results:
            return Answer.error(400, too_many)
        if job.rdf_format is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", "text/turtle, application/n-triples, "
                                   "application/ld+json, application/rdf+xml")
        body = to_rdf(Triples(triples), job.rdf_format, prefixes=PREFIXES)
        media_type = RDF_FORMATS[job.rdf_format].media_type
        return Answer(200, f"{media_type}; charset=utf-8", body.encode())
    variables = tuple(variable.value for variable in result.variables)
    rows: list[tuple[Term | None, ...]] = []
    for solution in result:
        if len(rows) == job.max_results:
            return Answer.error(400, too_many)
        rows.append(tuple(solution[i] for i in range(len(variables))))
    return _tabular(Solutions(variables, tuple(rows)), job)


def _tabular(result: Solutions | Boolean, job: QueryJob) -> Answer:
    if job.tabular_format is None:
        return _not_acceptable("SELECT/ASK", ", ".join(MEDIA_TYPES.values()))
    body = to_json(result, indent=None) if job.tabular_format == "json" else \
        render(result, job.tabular_format)
    return Answer(200, f"{MEDIA_TYPES[job.tabular_format]}; charset=utf-8", body.encode())


def _not_acceptable(form: str, offered: str) -> Answer:
    return Answer.error(406, f"none of the Accept header's media types fits a {form} answer; "
                        f"this endpoint offers: {offered}")


def worker_main(store_path: str, connection: Connection) -> None:
    """A worker process: open the store once, then answer jobs until the pipe closes."""
    store = ox.Store.read_only(store_path)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            answer = run_job(store, job)
        except Exception as exc:  # noqa: BLE001 -- a worker must answer, whatever went wrong
            answer = Answer.error(500, f"internal error: {type(exc).__name__}: {exc}")
        connection.send(answer)


class Worker:
    """One worker process (``python -m newskg.serve``) and the parent's end of its socket.

    A plain subprocess rather than multiprocessing's "spawn", which re-imports the parent's main
    module (a test runner, a script) in the child; "fork" is unsafe in a threaded server.
    """

    def __init__(self, store_path: Path) -> None:
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newskg.serve", str(store_path), str(child.fileno())],
            pass_fds=[child.fileno()], stdin=subprocess.DEVNULL)
        child.close()
        self.connection = Connection(parent.detach())

    async def ask(self, job: QueryJob, timeout: float) -> Answer:
        """Send a job and wait for its answer; TimeoutError after ``timeout`` seconds."""
        self.connection.send(job)
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.connection.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        def too_late() -> None:
            if not ready.done():
                ready.set_exception(TimeoutError())

        loop.add_reader(fd, readable)
        deadline = loop.call_later(timeout, too_late)  # cheaper than wait_for's extra task
        try:
            await ready
        finally:
            deadline.cancel()
            loop.remove_reader(fd)
        answer: Answer = self.connection.recv()
        return answer

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.connection.close()


class WorkerPool:
    """A fixed number of workers; a job waits for a free one, a timed-out worker is replaced."""

    def __init__(self, store_path: Path, size: int) -> None:
        self.store_path = store_path
        self.size = size
        self._idle: asyncio.Queue[Worker] | None = None
        self._all: set[Worker] = set()

    def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(self._new_worker())

    def _new_worker(self) -> Worker:
        worker = Worker(self.store_path)
        self._all.add(worker)
        return worker

    async def run(self, job: QueryJob, timeout: float) -> Answer:
        if self._idle is None:
            self.start()
        assert self._idle is not None
        queue_timeout = max(QUEUE_WAIT * timeout, 30.0)
        try:
            worker = self._idle.get_nowait() if not self._idle.empty() else \
                await asyncio.wait_for(self._idle.get(), queue_timeout)
        except TimeoutError:
            return Answer.error(503, f"the server is busy: no query worker became free within "
                                f"{queue_timeout:g} s; retry later")
        try:
            answer = await worker.ask(job, timeout)
        except TimeoutError:
            self._replace(worker)
            return Answer.error(503, f"the query ran longer than this endpoint's limit of "
                                f"{timeout:g} s and was stopped; narrow it down (LIMIT, more "
                                "specific patterns)")
        except (EOFError, OSError):
            self._replace(worker)
            return Answer.error(500, "the query worker stopped unexpectedly and was restarted; "
                                "retry, and report the query if it happens again")
        except asyncio.CancelledError:  # the client went away: the worker's late answer must go
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return answer

    def _replace(self, worker: Worker) -> None:
        worker.stop()
        self._all.discard(worker)
        assert self._idle is not None
        self._idle.put_nowait(self._new_worker())

    def stop(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
        self._idle = None


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server process dies (even mid-query)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: the worker ends at its next read instead
        pass


def main(argv: list[str]) -> None:
    """``python -m newskg.serve STORE FD``: the worker process's entry point."""
    _die_with_parent()
    worker_main(argv[0], Connection(int(argv[1])))
