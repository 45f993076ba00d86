"""Drafting a corpus on a cluster: `newskg extract DIR --engine dask --scheduler ADDRESS`.

The engine is Dask's distributed scheduler (dask.distributed), chosen over Ray because the work
is a plain map of one Python function over files: ``Client.map`` ships the function and its
arguments with cloudpickle, runs it on the workers and hands the results back in order, with no
actors, object store or runtime environment to set up; a scheduler and its workers are two
commands (``dask scheduler``, ``dask worker tcp://HOST:8786``) or a `LocalCluster` in tests, it
is a pure-Python wheel (Ray's wheels are large and platform-bound), and its clusters run on SSH,
Kubernetes, YARN, HPC batch systems and the clouds (dask-jobqueue, dask-kubernetes).

The workers run `newskg.extract.run.draft_article`, the function `--jobs N` runs in local
processes, on the same jobs; they read the articles and the data folder from the paths they are
given (a folder shared with the workers), and return each draft's text: this process writes them,
in the order of the articles, so the drafts are byte-identical to `--jobs`'. ``distributed`` is
an optional dependency (the ``cluster`` extra; the ``test`` extra has it for the local-cluster
test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from newskg.errors import InputError, NewskgError

J = TypeVar("J")
R = TypeVar("R")
BATCH = 256  # jobs in flight at once: results stream back while more are submitted


def draft_on_cluster(scheduler: str | Any, jobs: Sequence[J],
                     function: Callable[[J], R]) -> Iterator[R]:
    """``function`` of each job on the Dask cluster at ``scheduler`` (an address, or a
    ``distributed.Client`` already connected), the results in the order of the jobs."""
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
    try:
        for start in range(0, len(jobs), BATCH):
            batch = list(jobs[start:start + BATCH])
            futures = client.map(function, batch, pure=False)
            yield from client.gather(futures)
    finally:
        if own:
            client.close()
