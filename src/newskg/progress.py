"""Progress bars for long work: shown on a terminal, silent when stderr is piped or redirected.

Example:
    for article in progress(articles, description="extracting"):
        ...
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TypeVar

T = TypeVar("T")


def progress_enabled() -> bool:
    """True when stderr is a terminal and NEWSKG_PROGRESS is not "0"."""
    if os.environ.get("NEWSKG_PROGRESS") == "0":
        return False
    return sys.stderr.isatty()


def progress(items: Iterable[T], *, description: str, total: int | None = None,
             enabled: bool | None = None) -> Iterator[T]:
    """Yield `items` unchanged, drawing a progress bar on stderr when `enabled` (default: a terminal)."""
    show = progress_enabled() if enabled is None else enabled
    if not show:
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    if total is None and isinstance(items, Sized):
        total = len(items)
    yield from track(items, description=description, total=total,
                     console=Console(stderr=True), transient=True)
