"""How deeply a SPARQL query nests and how long its chains are, found by a linear scan before any
parser sees it; and the thread stack that queries run on.

Oxigraph's SPARQL parser and planner recurse, and a stack overflow in native code ends the whole
process (every request in flight on it, or the `newskg query` run, dies with it). On the usual
8 MiB thread stack that happens with brackets nested a few thousand deep (``FILTER((((…))))``,
``{{{…}}}``), about 850 deep for some forms (``FILTER NOT EXISTS {`` inside each other), and with
flat chains of a few thousand terms (``MINUS{} MINUS{} …``, ``1+1+…``, ``!!!…``, ``a/a/…``,
``?s ?p 1, 1, …``), which Oxigraph turns into trees as deep as the chain is long. So:

- a query is refused (`QueryTooComplexError`: exit 2, HTTP 400) when its brackets ( ) [ ] { } nest
  deeper than ``max_depth`` (`MAX_DEPTH` by default, at most `MAX_DEPTH_LIMIT`), or when it has
  more than `MAX_SYMBOLS` symbols: characters other than letters, digits and white space, outside
  strings, comments and VALUES data blocks. Every link of a chain has at least one symbol
  (an operator, a ``.``, ``,``, ``;``, ``/`` or a pair of braces), and VALUES data is a flat list
  in Oxigraph;
- queries run on threads with a `QUERY_STACK_BYTES` stack (`start_query_thread`,
  `call_on_query_stack`): the costliest chain measured needs about 1.7 KiB of stack per symbol
  and the costliest nesting about 10 KiB per level, so the deepest query these bounds let through
  needs about 35 MiB, and runs on half of this stack (tests/test_query_shape.py).

The scan reads strings, IRIs and comments as Oxigraph's lexer does, so that brackets and symbols
inside a string or a comment do not count; brackets inside an IRI do count (a ``<`` may be the
less-than operator, and then what follows it is parsed). It is linear in the query's length: an
unterminated string ends the scan's string at the end of its line (or of the query, for a long
string), where Oxigraph's parser stops anyway.
"""

from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Callable
from itertools import accumulate, islice
from typing import TypeVar

from newskg.errors import QueryTooComplexError

MAX_DEPTH = 200  # default: brackets nested at most this deep
MAX_DEPTH_LIMIT = 1000  # the most --max-query-depth allows (the stack is sized for it)
MAX_SYMBOLS = 20_000
QUERY_STACK_BYTES = 128 * 2**20  # virtual memory; only the part a query uses is ever touched

# SPARQL's strings, IRIs and comments, written so that a scan over any text stays linear
# (possessive repeats; an unterminated string runs to the end of its line, or of the text).
LONG_STRING = (r"'''(?:[^'\\]++|\\.|'(?!''))*+(?:'''|\Z)"
               r'|"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""|\Z)')
SHORT_STRING = r"""'(?:[^'\\\n\r]++|\\.)*+'?|"(?:[^"\\\n\r]++|\\.)*+"?"""
IRI = r"""<[^<>"{}|^`\\\x00-\x20]*+>"""
COMMENT = r"\#[^\n\r]*+"

_LEXICAL = re.compile(
    rf"(?P<string>{LONG_STRING}|{SHORT_STRING})|(?P<iri>{IRI})|(?P<comment>{COMMENT})|\\.",
    re.DOTALL)
_VALUES_DATA = re.compile(r"\bVALUES\s*+(?:[?$]\w++|\([\s?$\w]*+\))\s*+\{[^{}]*+\}", re.IGNORECASE)
_SYMBOL = re.compile(r"[^\w\s]")
_BRACKET = re.compile(r"[(\[{)\]}]")
_STEP = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}

T = TypeVar("T")


def check_query_shape(query: str, *, max_depth: int = MAX_DEPTH,
                      option: str | None = None) -> None:
    """Raise `QueryTooComplexError` when the query nests too deep or has too many symbols.

    ``option`` names the setting that raises the depth limit, for the message.
    """
    opening = query.count("(") + query.count("[") + query.count("{")
    if opening <= max_depth and len(query) <= MAX_SYMBOLS:
        return  # the common case: too few brackets and characters to be over either bound
    code = code_only(query)
    if opening > max_depth:
        depth, position = nesting_depth(code, stop_above=max_depth)
        if depth > max_depth:
            line, column = _line_column(query, position)
            raise QueryTooComplexError(
                f"the query nests brackets ( ) [ ] {{ }} more than {max_depth} deep (at line "
                f"{line}, column {column}), the limit that keeps the SPARQL parser within its "
                "stack: write the query flatter" + (
                    f", or raise the limit with {option} (at most {MAX_DEPTH_LIMIT})"
                    if option else ""))
    if len(query) > MAX_SYMBOLS:
        symbols = symbol_count(code)
        if symbols > MAX_SYMBOLS:
            raise QueryTooComplexError(
                f"the query has {symbols} symbols (characters other than letters, digits and "
                f"spaces, outside strings, comments and VALUES data), over the limit of "
                f"{MAX_SYMBOLS} that keeps the SPARQL parser within its stack: put long lists "
                "of values in a VALUES block, or split the query")


def code_only(query: str) -> str:
    """The query with its strings and comments blanked (same length, same lines)."""
    return _LEXICAL.sub(_blank, query)


def _blank(match: re.Match[str]) -> str:
    text = match.group()
    if match.lastgroup not in ("string", "comment"):
        return text  # an IRI (its '#' is not a comment) or an escaped character (ex:a\#b)
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(line) for line in text.split("\n"))


def nesting_depth(code: str, *, stop_above: int | None = None) -> tuple[int, int]:
    """The deepest nesting of brackets in ``code`` (see `code_only`), and where it is first reached
    (or where it first exceeds ``stop_above``). An unmatched closing bracket counts as nothing.
    """
    brackets = _BRACKET.findall(code)
    if not brackets:
        return 0, 0
    # depth after each bracket = running sum - min(0, lowest running sum so far)
    sums = list(accumulate(_STEP[b] for b in brackets))
    lows = accumulate(sums, min)
    depths = [total - min(low, 0) for total, low in zip(sums, lows)]
    deepest = max(depths)
    target = deepest if stop_above is None or deepest <= stop_above else stop_above + 1
    index = depths.index(target)
    return deepest, next(islice(_BRACKET.finditer(code), index, None)).start()


def symbol_count(code: str) -> int:
    """Symbols in ``code`` (see `code_only`) outside VALUES data blocks."""
    return len(_SYMBOL.findall(_VALUES_DATA.sub(" ", code)))


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


_STACK_SIZE_LOCK = threading.Lock()


def start_query_thread(target: Callable[[], object], *, name: str) -> threading.Thread:
    """Start a daemon thread with a `QUERY_STACK_BYTES` stack running ``target``."""
    with _STACK_SIZE_LOCK:  # the stack size is a process-wide setting for new threads
        previous = threading.stack_size(QUERY_STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


def call_on_query_stack(function: Callable[[], T]) -> T:
    """``function()`` run on a thread with a `QUERY_STACK_BYTES` stack: its value or its exception."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(function())
        except BaseException as exc:  # noqa: BLE001 -- handed to the calling thread as it is
            _clear_locals(exc)
            failure.append(exc)

    start_query_thread(run, name="newskg-query").join()
    if failure:
        raise failure[0]
    return outcome[0]


def _clear_locals(exc: BaseException) -> None:
    """Drop the local variables of the frames in ``exc``'s traceback (and in the tracebacks of the
    exceptions it was raised from), here on the query thread.

    pyoxigraph's answers (``QuerySolutions``) may only be dropped on the thread that made them; a
    frame of a failed query holds one, and an exception handed to another thread keeps its frames
    alive there (the caller's ``raise ... from None`` still keeps it as ``__context__``). Dropped on
    the calling thread, PyO3 prints "RuntimeError: ... is unsendable, but is being dropped on
    another thread" on stderr. A traceback printed with --debug needs the frames' lines, not their
    locals."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        pending += [current.__cause__, current.__context__]
