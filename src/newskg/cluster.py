"""Per-article work on a cluster: `newskg extract DIR --engine dask --scheduler ADDRESS` (drafts)
and `newskg build --to-nquads DIR --engine dask --scheduler ADDRESS` (article graphs).

The engine is Dask's distributed scheduler (dask.distributed), chosen over Ray because the work
is a plain map of one Python function over files: ``Client.map`` ships the function and its
arguments with cloudpickle, runs it on the workers and hands the results back in order, with no
actors, object store or runtime environment to set up; a scheduler and its workers are two
commands (``dask scheduler``, ``dask worker tcp://HOST:8786``) or a `LocalCluster` in tests, it
is a pure-Python wheel (Ray's wheels are large and platform-bound), and its clusters run on SSH,
Kubernetes, YARN, HPC batch systems and the clouds (dask-jobqueue, dask-kubernetes).

Each command maps the same per-article function on the cluster's workers as `--jobs N` maps on
local processes: `newskg.extract.run.draft_article` (the draft's text, written here in the order of
the articles, byte-identical to `--jobs`') and `newskg.publish.nquads.article_nquads` (the
workers write each article's named graph as N-Quads). They read their inputs from the paths they
are given (a folder shared with the workers). ``distributed`` is an optional dependency (the
``cluster`` extra; the ``test`` extra has it for the local-cluster tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from newskg.errors import InputError, NewskgError

J = TypeVar("J")
R = TypeVar("R")
BATCH = 256  # jobs in flight at once: results stream back while more are submitted
ENGINES = ("local", "dask")


def check_engine(engine: str, scheduler: str | None) -> None:
    """Refuse an unknown ``--engine``, dask without ``--scheduler``, or a scheduler without dask."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose local or dask", field="--engine")
    if engine == "dask" and not scheduler:
        raise InputError("--engine dask needs --scheduler ADDRESS (tcp://HOST:8786)",
                         field="--scheduler")
    if scheduler and engine != "dask":
        raise InputError("--scheduler applies to --engine dask", field="--scheduler")
    if scheduler:
        check_scheduler(scheduler)


# A Dask scheduler's address: [SCHEME://]HOST:PORT (distributed's comm schemes).
_ADDRESS = re.compile(r"(?:(?:tcp|tls|ws|wss|ucx)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})")


def check_scheduler(address: str) -> None:
    """Refuse an address Dask could not connect to, before trying (a missing or bad port, an
    unknown scheme); whether a scheduler answers there is known only by connecting."""
    m = _ADDRESS.fullmatch(address)
    if m is None or not 1 <= int(m.group(2)) <= 65535:
        raise InputError(f"{address!r} is not a Dask scheduler address", field="--scheduler",
                         hint="write [tcp://]HOST:PORT with a port from 1 to 65535, e.g. "
                         "tcp://127.0.0.1:8786, as `dask scheduler` prints it")


def map_on_cluster(scheduler: str | Any, jobs: Sequence[J], function: Callable[..., R], *,
                   shared: object = None) -> Iterator[R]:
    """``function(job)`` of each job on the Dask cluster at ``scheduler`` (an address, or a
    ``distributed.Client`` already connected), the results in the order of the jobs.

    ``shared`` (not None): a value every call needs (the entities an article graph refers to),
    sent to each worker once and passed as ``function(job, shared=value)``."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--engine dask needs dask.distributed: pip install 'newskg[cluster]'",
                         field="--engine") from None
    own = not isinstance(scheduler, Client)
    client: Any = scheduler
    try:
        if own:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise NewskgError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    except ValueError as exc:  # an address distributed cannot read
        raise InputError(f"{scheduler!r} is not a Dask scheduler address ({exc})",
                         field="--scheduler", hint="e.g. tcp://127.0.0.1:8786") from None
    try:
        extra = {} if shared is None else {"shared": client.scatter(shared, broadcast=True)}
        for start in range(0, len(jobs), BATCH):
            batch = list(jobs[start:start + BATCH])
            futures = client.map(function, batch, pure=False, **extra)
            yield from client.gather(futures)
    finally:
        if own:
            client.close()
