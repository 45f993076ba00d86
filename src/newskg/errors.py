"""One error hierarchy for newskg; the CLI turns each into a one-line message and an exit code.

Exit codes (documented in the README):
  0  success (and: the graph conforms, an ASK query is true)
  1  a negative answer: the graph does not conform, an ASK query is false
  2  bad input or usage: the message names the file, line, field or IRI and what to do
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class NewskgError(Exception):
    """Base of every error newskg raises on purpose."""

    exit_code = 2


class InputError(NewskgError):
    """Bad user input, located at a file and (when known) a line and a field."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        self.bare_message = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{field}{self.bare_message}{hint}"


class FactsError(InputError):
    """A facts or entities file is malformed or inconsistent."""


class EvidenceError(FactsError):
    """An evidence span (or statement words) is not in the article's frozen text."""


class WikidataIdError(FactsError):
    """A Wikidata id is malformed or not in the verified list."""


class DateError(FactsError):
    """A date is not one of the documented forms."""


class LinkFileError(FactsError):
    """The Wikidata snapshot or links file (data/wikidata/) is malformed, truncated or conflicting."""


class UnsafeIriError(InputError):
    """A value cannot be written as an IRI (a character an IRI may not hold, or not an IRI)."""


class WikidataUnavailableError(NewskgError):
    """Wikidata cannot be reached or answered badly (offline, timeouts, 429/503 after retries)."""


class QueryError(NewskgError):
    """A SPARQL query cannot be parsed or run."""


class QuerySyntaxError(QueryError):
    """A SPARQL syntax error, with line and column when the engine reports them."""


class QueryTooComplexError(QueryError):
    """A query nested too deep or too long for the SPARQL parser's stack (`newskg.store.shape`)."""


class UnknownQueryError(QueryError):
    """A named query that does not exist, or a parameter it does not declare or lacks."""


class UnknownFormatError(NewskgError):
    """An output format name that the command does not know."""


class StoreMissingError(NewskgError):
    """The built store does not exist yet."""


class ServeError(NewskgError):
    """`newskg serve` cannot start: its address is in use or cannot be bound."""


class RemoteError(NewskgError):
    """A SPARQL server cannot be reached or refused a request; the message names the URL and status."""


class RemoteUnreachableError(RemoteError):
    """The server cannot be reached: connection refused, unknown host, no route (offline?)."""


class RemoteDroppedError(RemoteError):
    """The server closed the connection, or cut its answer off, without a whole answer."""


class RemoteLimitError(RemoteError):
    """An outgoing request hit a bound: its deadline, the answer size cap, or a redirect to another
    server; the message names the bound and the option that sets it."""


class PublishError(NewskgError):
    """The build folder cannot be published: another build is publishing into it, or it is not
    a folder newskg can write."""


class NotConformingError(NewskgError):
    """The built graph does not conform to the shapes; nothing was published.

    ``report`` is the ValidationReport, for the caller to render.
    """

    exit_code = 1

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report


class StaleEditError(InputError):
    """`newskg review`: the files changed since the page was loaded; the save is refused, not merged."""


class EnvironmentProblem(InputError):
    """The machine refused a file operation (permissions, a full disk, a path that is a file where
    a folder is needed ...): the user's environment, not newskg and not the data. Exit 2."""

    @classmethod
    def of(cls, exc: BaseException) -> EnvironmentProblem | None:
        """The problem an OSError reports, when it is one of the environment's (else None: an
        unexpected OSError stays a bug to report)."""
        if not isinstance(exc, OSError):
            return None
        code = exc.errno if exc.errno is not None else _ERRNO_OF.get(type(exc))
        if code is None:  # Oxigraph's storage says it in words: "IO error: No space left on device"
            code = next((number for number in _ENVIRONMENT_HINTS
                         if os.strerror(number) in str(exc)), None)
        if code not in _ENVIRONMENT_HINTS:
            return None
        reason = exc.strerror or str(exc) or type(exc).__name__
        if exc.filename is not None:
            target = f"{exc.filename}" + (f" -> {exc.filename2}" if exc.filename2 else "")
            return cls(reason, path=target, hint=_ENVIRONMENT_HINTS[code])
        return cls(reason, hint=_ENVIRONMENT_HINTS[code])


# What to do about each refusal, by its errno.
_ENVIRONMENT_HINTS = {
    errno.EACCES: "check the permissions of the file or its folder, or choose another place",
    errno.EPERM: "check the permissions of the file or its folder, or choose another place",
    errno.EROFS: "the file system is read-only: choose another place",
    errno.ENOSPC: "the disk is full: free some space and run the command again",
    errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
    errno.ENOTDIR: "a part of this path is a file where a folder is needed",
    errno.EISDIR: "this is a folder where a file is needed",
    errno.EEXIST: "it exists already: choose another name, or remove it first",
    errno.ENOENT: "check the path",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ELOOP: "too many symbolic links in this path",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and run the command again",
    errno.EXDEV: "the two paths are on different file systems",
}
_ERRNO_OF = {PermissionError: errno.EACCES, FileNotFoundError: errno.ENOENT,
             NotADirectoryError: errno.ENOTDIR, IsADirectoryError: errno.EISDIR,
             FileExistsError: errno.EEXIST}  # OSErrors raised without a number (by extensions)
