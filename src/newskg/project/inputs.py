"""Reading the files under data/ safely: bounded in size, inside data/, and exactly as stored.

- Size: an input file (facts, entities, Wikidata snapshot and links, article text) larger than
  ``NEWSKG_MAX_INPUT_MB`` megabytes (10 by default) is refused before it is read or parsed.
- Place: a file or article folder that is a symbolic link resolving outside the data folder is
  refused unless the caller follows symbolic links (``--follow-symlinks`` on build and validate).
- Text: article text is decoded from its bytes with no newline translation, so character offsets
  (``oa:start``/``oa:end``), ``nkg:text`` and ``nkg:textSha256`` all describe the file as stored
  (CRLF line ends included).
- Names: keys, fact ids and article folder names (slugs) become parts of IRIs, so they are limited
  to ``NAME_PATTERN``: lowercase ASCII letters, digits and '-'.
"""

from __future__ import annotations

import codecs
import os
import re
import shlex
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from newskg.errors import InputError

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: '$' would let a trailing newline through
NAME_CHARACTERS = "lowercase letters a-z, digits 0-9 and '-', starting with a letter or digit"
MAX_INPUT_MB_VARIABLE = "NEWSKG_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 10.0
_MB = 1_000_000


def max_input_bytes() -> int:
    """The size limit of one input file, from ``NEWSKG_MAX_INPUT_MB`` (default 10 MB)."""
    setting = os.environ.get(MAX_INPUT_MB_VARIABLE, "").strip()
    if not setting:
        return int(DEFAULT_MAX_INPUT_MB * _MB)
    try:
        megabytes = float(setting)
    except ValueError:
        megabytes = -1.0
    if not megabytes > 0 or megabytes == float("inf"):
        raise InputError(f"{MAX_INPUT_MB_VARIABLE}={setting!r} is not a positive number of "
                         "megabytes", hint=f"e.g. {MAX_INPUT_MB_VARIABLE}=50, or unset it for "
                         f"the default {DEFAULT_MAX_INPUT_MB:g}")
    return int(megabytes * _MB)


# Files read from memory instead of the disk (``reading_instead``): `newskg review` checks an edited
# project through the same loader, with the same messages, before it writes anything.
_INSTEAD: ContextVar[Mapping[str, bytes] | None] = ContextVar("newskg_read_instead", default=None)


@contextmanager
def reading_instead(files: Mapping[Path, bytes]) -> Iterator[None]:
    """While inside, reading one of ``files`` (existing paths) gives the bytes given here."""
    token = _INSTEAD.set({os.path.realpath(path): data for path, data in files.items()})
    try:
        yield
    finally:
        _INSTEAD.reset(token)


def read_bounded_bytes(path: Path, error: type[InputError] = InputError, *,
                       streams: bool = False, what: str = "file") -> bytes:
    """The bytes of ``path``, refused (``error``) when larger than the input size limit.

    The size is checked before reading, and the read itself stops one byte past the limit, so a
    file that grows meanwhile, or a device such as /dev/zero, cannot fill the memory either.
    ``streams``: a pipe or a device is read too, up to the limit (`newskg extract /dev/stdin`);
    else only a regular file (a pipe could block a build, a device never end). ``what`` the file
    is, for the messages ("article not found").
    """
    limit = max_input_bytes()
    instead = _INSTEAD.get()
    if instead is not None and (given := instead.get(os.path.realpath(path))) is not None:
        if len(given) > limit:
            raise error(f"{len(given):,} bytes is over the {limit / _MB:g} MB limit for an input "
                        "file", path=path, hint=f"raise the limit with {MAX_INPUT_MB_VARIABLE}=N")
        return given
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise error(f"is a folder, not {_article(what)}", path=path,
                        hint=f"give one {what}" + (", not a folder, pipe or device"
                                                   if not streams else ""))
        if not (streams or stat.S_ISREG(mode)):
            raise error("is not a regular file", path=path,
                        hint="give a file, not a folder, pipe or device")
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            data = b"" if size > limit else stream.read(size + 1)  # not read(limit): preallocated
            if len(data) > size:  # it grew since: read on, up to just past the limit
                data += stream.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise error(f"{what} not found", path=path) from None
    except OSError as exc:
        raise error(f"cannot be read ({exc.strerror})", path=path) from None
    if size > limit or len(data) > limit:
        shown = max(size, len(data))
        amount = f"{shown / _MB:.1f} MB" if shown >= _MB else f"{shown:,} bytes"
        raise error(f"{amount} is over the {limit / _MB:g} MB limit for an input file; "
                    "nothing was read", path=path,
                    hint=f"split it, or raise the limit with {MAX_INPUT_MB_VARIABLE}=N")
    return data


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def read_text_as_stored(path: Path, error: type[InputError] = InputError,
                        hint: str | None = None) -> str:
    """The UTF-8 text of ``path`` exactly as stored: line ends (CRLF, CR, LF) and a byte order
    mark are kept, so offsets and digests computed on it are those of the file."""
    data = read_bounded_bytes(path, error)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, path, exc, error, hint) from None


# UTF-32 LE's mark begins with UTF-16 LE's: it is looked for first.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                     (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def wide_encoding(data: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when ``data`` begins with that encoding's byte order mark, else None."""
    return next((name for mark, name in _BYTE_ORDER_MARKS if data.startswith(mark)), None)


def not_utf8(data: bytes, path: Path, exc: UnicodeDecodeError | None,
             error: type[InputError] = InputError, hint: str | None = None) -> InputError:
    """The error for ``data`` (the bytes of ``path``) that is not UTF-8: UTF-16 and UTF-32 text
    (known by its byte order mark) is named, with the command that converts it. It is not decoded:
    offsets and digests describe the stored file, which must be UTF-8 (and so be the text frozen)."""
    encoding = wide_encoding(data)
    if encoding is not None:
        return error(f"not UTF-8 text but {encoding}: it begins with {encoding}'s byte order mark",
                     path=path, hint=f"convert it to UTF-8: iconv -f {encoding} -t UTF-8 "
                     f"{shlex.quote(str(path))} > {shlex.quote(str(path) + '.utf8')}")
    where = f" ({exc.reason} at byte {exc.start})" if exc is not None else ""
    return error(f"not UTF-8 text{where}", path=path, hint=hint)


def check_slug(folder: Path) -> None:
    """Refuse an article folder whose name cannot be part of an IRI."""
    if not NAME_PATTERN.match(folder.name):
        raise InputError(f"article folder name {folder.name!r} has characters an article name may "
                         f"not have", path=folder,
                         hint=f"rename the folder using only {NAME_CHARACTERS}, "
                         "e.g. 2023-09-20-first-words-of-the-headline")


def check_inside(path: Path, root: Path, *, follow_symlinks: bool) -> None:
    """Refuse ``path`` when it resolves (through symbolic links) to a place outside ``root``."""
    if follow_symlinks:
        return
    try:
        target = path.resolve()
    except (RuntimeError, OSError) as exc:  # a link to itself: "Symlink loop"
        raise InputError(f"cannot be read: its symbolic links go round in a loop ({exc})",
                         path=path, hint="replace the link with the file it should point to") \
            from None
    if target.is_relative_to(root.resolve()):
        return
    raise InputError(f"is a symbolic link to {target}, outside the data folder {root}", path=path,
                     hint="copy the file into the data folder, or pass --follow-symlinks to "
                     "build or validate to read it anyway")


def check_data_folder(data_dir: Path, *, follow_symlinks: bool) -> None:
    """entities.yaml, the articles folder, the wikidata folder and its files stay inside."""
    wikidata = data_dir / "wikidata"
    files = sorted(wikidata.iterdir()) if wikidata.is_dir() else []
    for path in (data_dir / "entities.yaml", data_dir / "articles", wikidata, *files):
        check_inside(path, data_dir, follow_symlinks=follow_symlinks)


def check_article_folder(folder: Path, data_dir: Path, *, follow_symlinks: bool) -> None:
    """An article folder's name is a slug, and it and its two files stay inside ``data_dir``.

    Call it after `check_data_folder` (which checks ``data_dir/articles``): a folder of that
    folder and its files stay inside when none of them is a symbolic link, which one ``lstat``
    each tells (at ten thousand articles, resolving every path took seconds); a link is resolved."""
    check_slug(folder)
    if follow_symlinks:
        return
    plain = folder.parent == data_dir / "articles"
    where = str(folder)  # strings: a Path made per file cost more than its lstat
    for name in ("", "/facts.yaml", "/article.txt"):
        if not (plain and _not_a_link(where + name)):
            check_inside(Path(where + name), data_dir, follow_symlinks=follow_symlinks)
            plain = False  # a folder reached through a link: its files are resolved too


def _not_a_link(path: str) -> bool:
    try:
        return not stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return True  # missing: nothing to resolve (reading it says why)
