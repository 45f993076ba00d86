"""Answers in pages: ``newskg query --limit/--offset``, streamed to the output as they come.

A named query whose header says ``# page: N`` answers ``N`` rows unless asked for another page
(``--limit``, ``--offset``; ``--limit 0``: every row). Named queries end in ``ORDER BY`` with no
``LIMIT``, so the page goes into the text, ``LIMIT limit+1 OFFSET offset``: Oxigraph stops there and
the extra row tells whether there are more. Other queries are paged by skipping and taking rows
of the answer as it is read (their own LIMIT/OFFSET stay theirs).

Streaming: on the embedded Oxigraph store, a SELECT answer in CSV, TSV or JSON is written row by
row as pyoxigraph yields it, so a large answer is never held in memory; the bytes are the same as
the whole-answer renderers' (`newskg.store.results`). The table format measures its columns first:
its rows wait in a temporary file (`newskg.store.results.write_table`), not in memory, and are
written once all are read. XML, rdflib and ``--endpoint`` answers are built whole and then sliced.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from newskg.errors import InputError
from newskg.store.engines import Bindings, OxigraphStore, Store
from newskg.store.partitions import Partition, partitioned_rows
from newskg.store.render import DISPLAY_PREFIXES, render_result
from newskg.store.results import (
    Solutions,
    Term,
    _csv_field,
    _json_term,
    _plain,
    _tsv_cell,
    write_table,
)

STREAMED = ("csv", "tsv", "json", "table", None)  # None: a SELECT's default, the table
# The end of a named query: its solution modifiers, [GROUP BY] ORDER BY and no LIMIT/OFFSET of
# its own.
_ORDER_TAIL = re.compile(r"\}\s*(?:GROUP\s+BY\s[^{}]*)?ORDER\s+BY\s[^{}]*\Z", re.IGNORECASE)
_LIMIT = re.compile(r"\b(LIMIT|OFFSET)\b", re.IGNORECASE)


MAX_ROWS = 10**15  # the largest page size or offset taken: more rows than any store holds, and
# far from where SPARQL engines' LIMIT/OFFSET and Python's slices overflow (2**63)


@dataclass(frozen=True)
class Page:
    """Which rows to answer: ``limit`` rows (None: all) after skipping ``offset``."""

    limit: int | None = None
    offset: int = 0

    @classmethod
    def given(cls, limit: int | None, offset: int | None, default: int | None) -> Page:
        """The page asked for: ``limit`` 0 means every row; no ``limit``: the query's default."""
        if limit is not None and not 0 <= limit <= MAX_ROWS:
            raise InputError(f"{limit} is not a page size; give 1 to {MAX_ROWS:,} (0: every row)",
                             field="limit")
        if offset is not None and not 0 <= offset <= MAX_ROWS:
            raise InputError(f"{offset} is not a row offset; give 0 to {MAX_ROWS:,}",
                             field="offset")
        size = default if limit is None else (limit or None)
        return cls(size, offset or 0)

    @property
    def whole(self) -> bool:
        return self.limit is None and self.offset == 0


@dataclass
class PageInfo:
    """What was answered: rows ``first``..``first + count - 1`` (1-based), and whether more follow."""

    page: Page
    count: int = 0
    more: bool = False
    rows: bool = True  # False: the answer was a boolean or a graph, which no page cuts

    def note(self, *, option: str = "--offset") -> str | None:
        """``rows 1–100 of more; --offset 100 for the next page`` (None: the whole answer, or an
        empty one)."""
        if self.page.whole:
            return None
        if not self.rows:
            return ("a page (--limit, --offset) is of a SELECT's rows: this ASK, CONSTRUCT or "
                    "DESCRIBE answer is whole (bound a CONSTRUCT with LIMIT in the query)")
        first = self.page.offset + 1
        if self.count == 0:  # an empty answer says so itself ("0 rows"): a page past its end
            return f"no rows from row {first} on" if self.page.offset else None
        last = self.page.offset + self.count
        if self.more:
            return f"rows {first}–{last} of more; {option} {last} for the next page"
        return f"rows {first}–{last} of {last} (the last page)"


def paged_text(sparql: str, page: Page, *, probe: bool = True) -> str | None:
    """The query with the page in its text (``probe``: one row more, to tell whether more
    follow), or None when the query does not end in ORDER BY or already has a LIMIT/OFFSET."""
    if page.whole or not _ORDER_TAIL.search(sparql):
        return None
    tail = _ORDER_TAIL.search(sparql)
    assert tail is not None
    if _LIMIT.search(tail.group()):
        return None
    limit = f" LIMIT {page.limit + probe}" if page.limit is not None else ""
    offset = f" OFFSET {page.offset}" if page.offset else ""
    return f"{sparql.rstrip()}{limit}{offset}\n"


def window(rows: Iterable[tuple[Term | None, ...]], page: Page, *, skip: bool,
           info: PageInfo) -> Iterator[tuple[Term | None, ...]]:
    """The page's rows (``skip``: the offset is still to be skipped here); counts them in
    ``info`` and notes there whether a row follows the page."""
    iterator = iter(rows)
    if skip and page.offset:
        next(itertools.islice(iterator, page.offset - 1, page.offset), None)
    for row in iterator if page.limit is None else itertools.islice(iterator, page.limit):
        info.count += 1
        yield row
    if page.limit is not None:
        info.more = next(iterator, None) is not None


def run_paged(store: Store, sparql: str, bindings: Bindings, page: Page, fmt: str | None,
              write: Callable[[bytes], object], *,
              partition: Partition | None = None) -> tuple[int, PageInfo]:
    """Run the query and write its page in ``fmt``: the exit code and what the page held.
    A named query's ``partition`` reads a page of the Oxigraph store by partitions
    (`newskg.store.partitions`) unless its variable is bound."""
    info = PageInfo(page)
    if (partition is not None and isinstance(store, OxigraphStore) and page.limit is not None
            and partition.variable not in bindings):
        read = partitioned_rows(store, sparql, bindings, partition, page.offset + page.limit + 1)
        if read is not None:
            rows = window(read.rows, page, skip=True, info=info)
            if fmt in STREAMED:
                write_stream(fmt, read.variables, rows, write)
                return 0, info
            output, code = render_result(Solutions(read.variables, tuple(rows)), fmt)
            write(output.encode("utf-8"))
            return code, info
    text = paged_text(sparql, page)
    skip = text is None
    query = text or sparql
    if isinstance(store, OxigraphStore) and fmt in STREAMED:
        def stream(variables: tuple[str, ...], rows: Iterator[tuple[Term | None, ...]]) -> None:
            write_stream(fmt, variables, window(rows, page, skip=skip, info=info), write)

        result = store.stream(query, bindings=bindings, on_rows=stream)
        if result is None:
            return 0, info
        info.rows = False  # a boolean or a graph: not streamed, not paged
    else:
        result = store.query(query, bindings=bindings)
        info.rows = isinstance(result, Solutions)
        if isinstance(result, Solutions) and not page.whole:
            result = Solutions(result.variables,
                               tuple(window(result.rows, page, skip=skip, info=info)))
        elif isinstance(result, Solutions):
            info.count = len(result.rows)
    output, code = render_result(result, fmt)
    write(output.encode("utf-8"))
    return code, info


def write_stream(fmt: str | None, variables: tuple[str, ...], rows: Iterable[tuple[Term | None, ...]],
                 write: Callable[[bytes], object]) -> None:
    """Rows in CSV, TSV or SPARQL JSON as they come, the same bytes as `to_csv`/`to_tsv`/`to_json`;
    the table (``fmt`` None or "table") once they are all read, as `to_table` writes it."""
    if fmt is None or fmt == "table":
        write_table(variables, rows, write, prefixes=DISPLAY_PREFIXES)
    elif fmt == "csv":
        write((",".join(_csv_field(v) for v in variables) + "\r\n").encode())
        for row in rows:
            write((",".join(_csv_field(_plain(term)) for term in row) + "\r\n").encode())
    elif fmt == "tsv":
        write(("\t".join(f"?{v}" for v in variables) + "\n").encode())
        for row in rows:
            write(("\t".join(_tsv_cell(term) for term in row) + "\n").encode())
    else:
        empty = json.dumps({"head": {"vars": list(variables)}, "results": {"bindings": []}},
                           ensure_ascii=False, indent=2)
        head, _, tail = empty.rpartition("[]")
        write((head + "[").encode())
        first = True
        for row in rows:
            binding = {var: _json_term(term) for var, term in zip(variables, row)
                       if term is not None}
            text = json.dumps(binding, ensure_ascii=False, indent=2).replace("\n", "\n      ")
            write((("\n      " if first else ",\n      ") + text).encode())
            first = False
        write(("]" if first else "\n    ]").encode() + (tail + "\n").encode())
