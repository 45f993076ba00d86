"""How newskg's processes treat signals and their standard streams.

- Worker processes (validation, local extraction, N-Quads) leave Ctrl-C to the parent
  (`quiet_worker`).
- A reader that goes away (``newskg query ... | head -2``) ends the output, not the work: writes to
  a closed stderr are dropped (`tolerant_stderr`), and a command whose stdout was closed stops
  quietly with exit 0 (`output_closed`, `silence_output`), as ripgrep does: what was asked for was
  answered as far as the reader wanted it. Without this, click exited 1 (which means "does not
  conform" here) and the quick path reported a bug.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import traceback
from typing import Any, TextIO


def quiet_worker() -> None:
    """A worker ignores Ctrl-C: the terminal sends SIGINT to the whole process group, and only
    the parent answers it (it stops the pool, publishes nothing, exits 130). Without this, each
    worker printed its own KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def output_closed(exc: BaseException) -> bool:
    """Whether ``exc`` says the reader of our output went away (EPIPE)."""
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno == errno.EPIPE)


def environment_exit(exc: BaseException, *, debug: bool = False) -> int | None:
    """The exit code for an error the environment caused, said on stderr: 0 (quietly) when the
    output's reader went away, 2 with the path and what to do when the machine refused a file
    operation (`newskg.errors.EnvironmentProblem`; after its traceback with ``debug``); None for
    anything else (a bug to report)."""
    if output_closed(exc):
        silence_output()
        return 0
    from newskg.errors import EnvironmentProblem

    problem = EnvironmentProblem.of(exc)
    if problem is None:
        return None
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
    print(f"error: {problem}", file=sys.stderr)
    return problem.exit_code


def silence_output() -> None:
    """Point stdout and stderr at /dev/null, so that nothing more (Python's flush at exit
    included) writes to a closed pipe."""
    null = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(null, stream.fileno())
        except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
            pass
    os.close(null)


class _TolerantStream:
    """A text stream that drops what it cannot write once its reader has gone away."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._closed = False

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                return self._stream.write(text)
            except OSError as exc:
                if not output_closed(exc):
                    raise
                self._closed = True
        return len(text)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except OSError as exc:
                if not output_closed(exc):
                    raise
                self._closed = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _NamedStream:
    """Standard output whose refused writes name it: "standard output: No space left on device"
    (``newskg export > /dev/full``), where the OSError named no file at all."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._buffer: _NamedStream | None = None

    def write(self, data: Any) -> int:
        try:
            return int(self._stream.write(data))
        except OSError as exc:
            raise _named(exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise _named(exc) from None

    @property
    def buffer(self) -> Any:
        """The binary stream under it, named as well."""
        if self._buffer is None:
            self._buffer = _NamedStream(self._stream.buffer)
        return self._buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _named(exc: OSError) -> OSError:
    if exc.filename is not None or output_closed(exc) or exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, "standard output")


def named_stdout() -> None:
    """Make a refused write to sys.stdout (a full disk, a quota) say it was standard output."""
    if not isinstance(sys.stdout, _NamedStream) and sys.stdout is not None:
        sys.stdout = _NamedStream(sys.stdout)


def tolerant_stderr() -> None:
    """Make sys.stderr drop writes once its reader is gone: a build whose messages go to a pipe
    that closes (``newskg build 2>&1 | head -1``) still finishes and publishes."""
    if not isinstance(sys.stderr, _TolerantStream) and sys.stderr is not None:
        sys.stderr = _TolerantStream(sys.stderr)
