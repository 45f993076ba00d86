"""Queries run in threads of the server process, each with a deadline; recent answers are kept.

pyoxigraph releases the GIL while a query runs, so query threads use the cores while the event
loop goes on answering. A pyoxigraph query cannot be cancelled and a thread cannot be killed, so
when a query outruns the time limit its client gets 503 at once, a fresh thread takes the stuck
one's place, and `on_runaway` is called: under `newskg serve` it retires the whole process (it
stops accepting, finishes its other requests and exits, which ends the runaway query; the
supervisor starts a fresh process).

The store is read-only while the server runs, so the same request gets the same answer: the
endpoint keeps recent answers in an `AnswerCache` and answers a repeated request without a thread.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from threading import Lock

import pyoxigraph as ox

from newskg.publish.vocabularies import ALL_GRAPHS_STORE
from newskg.serve.evaluate import Answer, QueryJob, run_job
from newskg.store.shape import start_query_thread

# A request waits for a free query thread up to this many query time limits (and at least 30 s):
# under a burst, queued requests are answered in turn; only a server stuck on runaway queries
# says "busy".
QUEUE_WAIT = 3
SWEEPS = 4  # the deadlines are looked at this many times per time limit


class AnswerCache:
    """The most recently used answers by request, up to a total size (least recently used go first).

    The size counted for an entry is its answer's body plus ``weight`` given with it (the size of
    the request it answers); answers over ``max_answer_bytes`` are not kept.
    """

    def __init__(self, max_bytes: int, max_answer_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_answer_bytes = max_answer_bytes
        self.size = 0
        self._answers: OrderedDict[Hashable, tuple[Answer, int]] = OrderedDict()

    def get(self, key: Hashable) -> Answer | None:
        entry = self._answers.get(key)
        if entry is None:
            return None
        self._answers.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, answer: Answer, weight: int) -> None:
        size = len(answer.body) + weight
        if size > self.max_answer_bytes or key in self._answers:
            return
        self._answers[key] = (answer, size)
        self.size += size
        while self.size > self.max_bytes:
            self.size -= self._answers.popitem(last=False)[1][1]

    def __len__(self) -> int:
        return len(self._answers)


class _Ticket:
    """One job on its way through the queue and a thread, seen by the event loop's deadline."""

    __slots__ = ("abandoned", "future", "job", "queued", "started")

    def __init__(self, job: QueryJob, future: asyncio.Future[Answer]) -> None:
        self.job = job
        self.future = future
        self.queued = time.monotonic()
        self.started: float | None = None  # set by the query thread
        self.abandoned = False  # set by the deadline: another thread has taken this one's place


class _Worker:
    """A query thread's handle: a lock held while it has no job, released to give it one."""

    __slots__ = ("ticket", "wake")

    def __init__(self) -> None:
        self.ticket: _Ticket | None = None
        self.wake = Lock()
        self.wake.acquire()


class QueryRunner:
    """A few query threads sharing one read-only store; `run` answers a job within the time limit."""

    def __init__(self, store_path: Path, *, threads: int, timeout: float,
                 on_runaway: Callable[[], None] | None = None) -> None:
        self.store_path = store_path
        self.threads = threads
        self.timeout = timeout
        self.queue_timeout = max(QUEUE_WAIT * timeout, 30.0)
        self.on_runaway = on_runaway
        self.jobs = 0  # jobs handed to the query threads
        self.pending = 0  # jobs not answered yet
        self.runaways = 0
        self._store: ox.Store | None = None
        self._all_graphs: ox.Store | None = None  # the store with the vocabularies too
        self.graph_names: tuple[str, ...] = ()  # its named graphs, once started
        # Jobs go to the query thread that became idle last (most recently used first): under a
        # light load one thread does the work with its caches warm and no other thread woken;
        # the others take jobs only when several run at once. Jobs no thread is free for wait in
        # the backlog, in order.
        self._lock = Lock()
        self._idle: list[_Worker] = []
        self._backlog: deque[_Ticket | None] = deque()  # None: a thread is asked to end
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = 0
        # One timer sweeps the jobs under way (a timer per job cost more than the hand-over)
        self._watched: set[_Ticket] = set()
        self._sweeper: asyncio.TimerHandle | None = None
        self.sweep_seconds = min(timeout, self.queue_timeout) / SWEEPS

    def start(self) -> None:
        """Open the store and start the threads (in the event loop that will call `run`)."""
        self._loop = asyncio.get_running_loop()
        self._store = ox.Store.read_only(str(self.store_path))
        all_graphs = self.store_path.parent / ALL_GRAPHS_STORE
        self._all_graphs = (ox.Store.read_only(str(all_graphs)) if all_graphs.is_dir()
                            else self._store)
        self.graph_names = tuple(sorted(graph.value for graph in self._all_graphs.named_graphs()
                                        if isinstance(graph, ox.NamedNode)))
        for _ in range(self.threads):
            self._start_thread()

    @contextmanager
    def held_store(self) -> Iterator[ox.Store]:
        """The store the query threads read, for work the event loop hands elsewhere (a picture
        drawn on Starlette's threads): counted as pending until the block ends, so that a build
        switched away from is let go only once it is done (`newskg.serve.follow`)."""
        if self._loop is None:
            self.start()
        assert self._store is not None
        self.pending += 1
        try:
            yield self._store
        finally:
            self.pending -= 1

    def stop(self) -> None:
        """Let idle threads end; a thread stuck in a runaway query ends with the process."""
        for _ in range(self._started):
            self._hand_over(None)
        self._started = 0

    async def run(self, job: QueryJob) -> Answer:
        """The job's answer from a query thread; 503 when it runs too long or waits too long."""
        if self._loop is None:
            self.start()
        assert self._loop is not None
        ticket = _Ticket(job, self._loop.create_future())
        self.jobs += 1
        self.pending += 1
        self._hand_over(ticket)
        self._watched.add(ticket)
        if self._sweeper is None:
            self._sweeper = self._loop.call_later(self.sweep_seconds, self._sweep)
        try:
            return await ticket.future
        finally:
            self._watched.discard(ticket)
            self.pending -= 1

    def _sweep(self) -> None:
        """The deadlines, every `sweep_seconds` while jobs are under way (so a runaway is answered
        within 1 + 1/SWEEPS of the time limit)."""
        assert self._loop is not None
        self._sweeper = None
        now = time.monotonic()
        for ticket in list(self._watched):
            self._check(ticket, now)
        if self._watched:
            self._sweeper = self._loop.call_later(self.sweep_seconds, self._sweep)

    def _check(self, ticket: _Ticket, now: float) -> None:
        """A runaway query gets 503; a job still queued waits up to queue_timeout."""
        if ticket.future.done():
            return
        started = ticket.started
        if started is None:
            if now - ticket.queued >= self.queue_timeout:
                ticket.future.set_result(Answer.error(
                    503, f"the server is busy: no query thread became free within "
                    f"{self.queue_timeout:g} s; retry later"))
            return
        if now - started < self.timeout:
            return
        ticket.future.set_result(Answer.error(
            503, f"the query ran longer than this endpoint's limit of {self.timeout:g} s and was "
            "stopped; narrow it down (LIMIT, more specific patterns)"))
        ticket.abandoned = True
        self._start_thread()  # the stuck thread is lost to the pool until its query ends
        self.ran_away()

    def ran_away(self) -> None:
        """Count a job that outran the time limit, and say so (`newskg serve` retires the
        process, the only way to stop a running pyoxigraph query)."""
        self.runaways += 1
        if self.on_runaway is not None:
            self.on_runaway()

    def _hand_over(self, ticket: _Ticket | None) -> None:
        """Give a job (None: the order to end) to the most recently idle thread, or queue it."""
        with self._lock:
            if not self._idle:
                self._backlog.append(ticket)
                return
            worker = self._idle.pop()
        worker.ticket = ticket
        worker.wake.release()

    def _claim(self, worker: _Worker) -> _Ticket | None | _Idle:
        """The next job from the backlog, or else the thread is put on the idle list (`IDLE`)."""
        with self._lock:
            if self._backlog:
                return self._backlog.popleft()
            self._idle.append(worker)
        return IDLE

    @staticmethod
    def _wait(worker: _Worker) -> _Ticket | None:
        """The job handed to an idle thread (by `_hand_over`)."""
        worker.wake.acquire()
        ticket, worker.ticket = worker.ticket, None
        return ticket

    def _start_thread(self) -> None:
        self._started += 1
        start_query_thread(self._serve_jobs, name="newskg-query")  # a stack sized for the bounds

    def _serve_jobs(self) -> None:
        store, all_graphs, loop = self._store, self._all_graphs, self._loop
        assert store is not None and all_graphs is not None and loop is not None
        worker = _Worker()
        following = self._claim(worker)
        while True:
            ticket = self._wait(worker) if isinstance(following, _Idle) else following
            if ticket is None:
                return
            following = IDLE
            if ticket.future.done():  # answered "busy" while it waited
                following = self._claim(worker)
                continue
            ticket.started = time.monotonic()
            try:
                answer = run_job(all_graphs if ticket.job.all_graphs else store, ticket.job)
            except Exception as exc:  # noqa: BLE001 -- a query thread must answer, whatever happened
                answer = Answer.error(500, f"internal error: {type(exc).__name__}: {exc}")
            # Back on the idle list before the answer goes out, so that the client's next job
            # finds this (warm) thread free; a runaway's replacement already serves in its place
            abandoned = ticket.abandoned
            if not abandoned:
                following = self._claim(worker)
            try:
                loop.call_soon_threadsafe(_deliver, ticket.future, answer)
            except RuntimeError:  # the loop has closed: the server is shutting down
                return
            if abandoned:
                return


class _Idle:
    """The thread has no job yet: it waits on its wake lock."""


IDLE = _Idle()


def _deliver(future: asyncio.Future[Answer], answer: Answer) -> None:
    if not future.done():
        future.set_result(answer)
