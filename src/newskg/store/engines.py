"""The stores behind `query`: the embedded Oxigraph (default) and rdflib (for comparison).

Both answer SPARQL over the union of the named graphs (or over the dataset a query's FROM / FROM
NAMED graphs make: graphs of the store, never fetched or read), know the project's prefixes without
PREFIX lines, take bound values as bindings (never pasted into query text) and return the
engine-neutral results of `newskg.store.results`. The Oxigraph store opens lazily, so a cold
`newskg query` stays fast.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from newskg.errors import (
    InputError,
    QueryError,
    QuerySyntaxError,
    RemoteUnreachableError,
    StoreMissingError,
)
from newskg.publish.vocabularies import ALL_GRAPHS_STORE
from newskg.rdf.formats import read_quads, to_rdflib
from newskg.rdf.prefixes import QUERY_PREFIXES as PREFIXES
from newskg.store.graphs import LIST_GRAPHS, check_graphs, names_graphs
from newskg.store.reach import query_reach
from newskg.store.results import QueryResult, Term, from_pyoxigraph, from_rdflib, pyoxigraph_rows
from newskg.store.shape import call_on_query_stack, start_query_thread

if TYPE_CHECKING:
    from rdflib import Dataset

Bindings = Mapping[str, ox.NamedNode | ox.Literal]
Substitutions = dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
_OX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_COMMENT_LINE = re.compile(r"^[ \t]*#[^\n]*", re.MULTILINE)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LIST_GRAPHS = f"newskg query '{LIST_GRAPHS}'"


class Store(Protocol):
    engine: str

    def query(self, sparql: str, *, bindings: Bindings | None = None) -> QueryResult: ...


class _OutputClosed:
    """What a streamed query returns from its thread when the rows' reader went away."""


class OxigraphStore:
    """Oxigraph, on disk (the built store) or in memory (``--data`` files)."""

    engine = "oxigraph"

    def __init__(self, store: ox.Store, all_graphs: Path | None = None) -> None:
        self._store = store
        self._all_graphs_path = all_graphs
        self._all_graphs: ox.Store | None = None

    @classmethod
    def open(cls, path: Path) -> OxigraphStore:
        """The built store at ``path``; a query naming graphs runs on the store beside it that
        has the vocabularies too (`newskg.publish.vocabularies`), opened when first needed."""
        if not path.is_dir():
            raise StoreMissingError(f"{path}: no built store here; run 'newskg build' first")
        all_graphs = path.parent / ALL_GRAPHS_STORE
        try:
            store = ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:  # not an Oxigraph store, one cut short or damaged
            raise StoreMissingError(f"{path}: not a store newskg can open ({exc}); run "
                                    "'newskg build' to make it again") from None
        return cls(store, all_graphs if all_graphs.is_dir() else None)

    def store_for(self, sparql: str) -> ox.Store:
        """The store that answers ``sparql``: every graph's when it names graphs."""
        if self._all_graphs_path is None or not names_graphs(sparql):
            return self._store
        if self._all_graphs is None:
            self._all_graphs = ox.Store.read_only(str(self._all_graphs_path))
        return self._all_graphs

    @classmethod
    def from_files(cls, files: Sequence[Path]) -> OxigraphStore:
        store = ox.Store()
        store.extend(read_quads(files))
        return cls(store)

    def query(self, sparql: str, *, bindings: Bindings | None = None) -> QueryResult:
        check_offline(sparql)
        sparql, subs = self._bound(sparql, bindings)
        def run() -> QueryResult:
            return from_pyoxigraph(self._evaluate(sparql, subs))

        try:  # on a thread with the stack that the bounds of newskg.store.shape are sized for
            return call_on_query_stack(run)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise query_failed(sparql, exc) from None


    def stream(self, sparql: str, *, bindings: Bindings | None = None,
               on_rows: Callable[[tuple[str, ...], Iterator[tuple[Term | None, ...]]], None]
               ) -> QueryResult | None:
        """Run the query; a SELECT answer's rows go to ``on_rows`` as pyoxigraph yields them (on
        the query thread: evaluation goes on while they are read) and None is returned; an ASK
        or CONSTRUCT answer is returned whole."""
        check_offline(sparql)
        sparql, subs = self._bound(sparql, bindings)

        def run() -> QueryResult | _OutputClosed | None:
            result = self._evaluate(sparql, subs)
            if not isinstance(result, ox.QuerySolutions):
                return from_pyoxigraph(result)
            try:
                on_rows(*pyoxigraph_rows(result))
            except BrokenPipeError:  # the reader went away: end here, where pyoxigraph's
                return _OutputClosed()  # solutions were made (not to be dropped on another thread)
            return None

        try:
            answer = call_on_query_stack(run)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc)) from None
        except (OSError, ValueError, RuntimeError) as exc:
            if isinstance(exc, OSError) and exc.filename is not None:
                raise  # writing the rows to a file (standard output) failed: not the query
            raise query_failed(sparql, exc) from None
        if isinstance(answer, _OutputClosed):
            raise BrokenPipeError(errno.EPIPE, "the reader of the output went away")
        return answer

    def _evaluate(self, sparql: str, subs: Substitutions
                  ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """The query run over the union of the graphs, or over the dataset its FROM / FROM NAMED
        graphs make, passed to Oxigraph as `newskg serve` passes them: with a union default graph
        Oxigraph leaves FROM aside, and a graph it lacks would answer as an empty one."""
        store = self.store_for(sparql)
        reach = query_reach(sparql, prefixes=PREFIXES)
        defaults, named = reach.from_graphs, reach.from_named_graphs
        if not defaults and not named:
            return store.query(sparql, prefixes=dict(PREFIXES), substitutions=subs,
                               use_default_graph_as_union=True)
        check_graphs(defaults + named, lambda iri: store.contains_named_graph(ox.NamedNode(iri)),
                     who="newskg query", listing=_LIST_GRAPHS)
        return store.query(sparql, prefixes=dict(PREFIXES), substitutions=subs,
                           default_graph=[ox.NamedNode(iri) for iri in defaults],
                           named_graphs=[ox.NamedNode(iri) for iri in named])

    @staticmethod
    def _bound(sparql: str, bindings: Bindings | None) -> tuple[str, Substitutions]:
        if bindings:
            bound = bound_by_values(sparql, bindings)
            if bound is None:
                return sparql, {ox.Variable(k): v for k, v in bindings.items()}
            return bound, {}
        return sparql, {}


class RdflibStore:
    """rdflib's SPARQL engine over a Dataset with the default graph as the union of graphs."""

    engine = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        import rdflib.plugins.sparql

        # rdflib fetches (http:) or reads (file:) a FROM graph the dataset lacks; check_graphs
        # refuses those first, and this switch keeps rdflib from loading any (an empty graph too).
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self._ds = dataset

    @classmethod
    def from_files(cls, files: Sequence[Path]) -> RdflibStore:
        """The files read as for Oxigraph (same errors, same graphs), handed to rdflib."""
        return cls(to_rdflib(read_quads(files), default_union=True))

    def query(self, sparql: str, *, bindings: Bindings | None = None) -> QueryResult:
        from pyparsing import ParseException
        from rdflib import Literal, URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        # A simple literal is xsd:string in RDF 1.1, but rdflib matches "x" and "x"^^xsd:string
        # apart: bind the form rdflib parsed the data into.
        init = {k: URIRef(v.value) if isinstance(v, ox.NamedNode) else
                Literal(v.value, lang=v.language,
                        datatype=None if v.language or v.datatype.value == _XSD_STRING
                        else URIRef(v.datatype.value))
                for k, v in (bindings or {}).items()}
        check_syntax(sparql)
        check_offline(sparql)
        reach = query_reach(sparql, prefixes=PREFIXES)
        graphs = reach.from_graphs + reach.from_named_graphs
        if graphs:
            held = {str(graph.identifier) for graph in self._ds.graphs()
                    if graph.identifier != DATASET_DEFAULT_GRAPH_ID}
            check_graphs(graphs, held.__contains__, who="newskg query", listing=_LIST_GRAPHS)
        def run() -> QueryResult:
            return from_rdflib(self._ds.query(sparql, initNs=dict(PREFIXES), initBindings=init))

        try:  # rdflib's parser recurses in Python once a bracket level: a deep query needs
            with _recursion_limit(RDFLIB_RECURSION):  # more frames than Python's default 1,000
                return call_on_query_stack(run)  # on the stack sized for the deepest query
        except ParseException as exc:
            raise syntax_error(sparql, f"error at {exc.lineno}:{exc.col}: {exc.msg}") from None
        except Exception as exc:  # noqa: BLE001 -- rdflib's evaluator raises many unrelated types
            raise query_failed(sparql, exc) from None


_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
_SERVICE_CALL = re.compile(r"\bSERVICE\s+(?:SILENT\s+)?(<[^>\s]*>|[^\s{]+)", re.IGNORECASE)


def _services(sparql: str) -> str:
    return ", ".join(sorted({m.group(1) for m in _SERVICE_CALL.finditer(sparql)})) or "a service"


def check_offline(sparql: str) -> None:
    """With NEWSKG_OFFLINE=1 (no network: tests, air-gapped machines), a query that calls a
    SERVICE is refused before it tries the network, as the online named queries are."""
    if os.environ.get("NEWSKG_OFFLINE") == "1" and _SERVICE.search(sparql) and \
            query_reach(sparql, prefixes=PREFIXES).calls_service:
        raise RemoteUnreachableError(f"the query calls SERVICE {_services(sparql)}, and "
                                     "NEWSKG_OFFLINE=1 says there is no network; run it when "
                                     "online (or unset NEWSKG_OFFLINE)")


def query_failed(sparql: str, exc: Exception) -> QueryError:
    """A query that failed while it ran: with a SERVICE call, the service is named beside the
    reason (offline, the reason alone was "failed to lookup address information")."""
    if _SERVICE.search(sparql) and query_reach(sparql, prefixes=PREFIXES).calls_service:
        return QueryError(f"query failed: {exc} (the query calls SERVICE {_services(sparql)}: "
                          "is it reachable from here?)")
    return QueryError(f"query failed: {exc}")


# Python frames for rdflib: a query nested 200 deep parses in about 7,000, a chain of 6,666 MINUS
# (the symbols allowed) evaluates in 20,000-25,000; on the query stack, the C stack holds them.
RDFLIB_RECURSION = 100_000


@contextmanager
def _recursion_limit(frames: int) -> Iterator[None]:
    """Python's recursion limit raised to ``frames`` for the block (it is the process's: the
    old one is put back after)."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, frames))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


SYNTAX_CHECK_SECONDS = 2.0  # past this, the reference parse is left running and not waited for


def check_syntax(sparql: str, *, within: float = SYNTAX_CHECK_SECONDS) -> None:
    """Parse the query as Oxigraph, the reference engine, parses it, with its errors (line,
    column and caret): rdflib's parser gave no position for an undeclared prefix and answered
    queries SPARQL forbids (``SELECT (COUNT(*) AS ?n) ?s``). An empty store's answer to a
    SELECT or CONSTRUCT is lazy, so nothing is evaluated, but Oxigraph also plans the query, which
    for hundreds of joined patterns takes minutes: the parse is given ``within`` seconds on its
    own thread, and past them the query is left to the engine that runs it. A query that calls a
    SERVICE is left to that engine too (an ASK would call it)."""
    if _SERVICE.search(sparql) and query_reach(sparql, prefixes=PREFIXES).calls_service:
        return  # (the word in a comment, a string or a variable name calls nothing)
    failure: list[BaseException] = []

    def parse() -> None:
        try:
            ox.Store().query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=True)
        except BaseException as exc:  # noqa: BLE001 -- handed to the waiting thread
            failure.append(exc)

    thread = start_query_thread(parse, name="newskg-syntax")
    thread.join(within)
    if not thread.is_alive() and failure and isinstance(failure[0], SyntaxError):
        raise syntax_error(sparql, str(failure[0])) from None
    # otherwise: parsed, not a syntax error, or still planning: the engine says what it is


def bound_by_values(sparql: str, bindings: Bindings) -> str | None:
    """The query with its bindings in a ``VALUES`` block at the start of its WHERE group (None if
    it has no ``WHERE {``).

    Oxigraph plans a VALUES block like any other pattern, so a bound IRI is looked up in an index;
    its ``substitutions`` bind the variable only while the plan runs, after the join order was
    chosen without knowing it (fact-evidence at 1M triples: 3 s with substitutions, 1 ms with
    VALUES). Each value is written as one N-Triples term (pyoxigraph checks IRIs and escapes
    literals): a value, never query text. `newskg query --endpoint` binds values the same way.
    """
    searchable = _COMMENT_LINE.sub(lambda m: " " * len(m.group()), sparql)
    where = _WHERE.search(searchable)
    if where is None:
        return None
    block = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
    return f"{sparql[:where.end()]} {block}\n{sparql[where.end():]}"


def add_values(sparql: str, name: str, terms: Sequence[Term]) -> str:
    """The query with ``VALUES ?name { terms }`` at the start of its WHERE group, as
    `bound_by_values` writes a binding: several values (a partition's batch, see
    `newskg.store.partitions`), each one N-Triples term."""
    return add_block(sparql, f"VALUES ?{name} {{ {' '.join(str(term) for term in terms)} }}")


def add_block(sparql: str, block: str) -> str:
    """The query with ``block`` (a VALUES block) at the start of its WHERE group."""
    searchable = _COMMENT_LINE.sub(lambda m: " " * len(m.group()), sparql)
    where = _WHERE.search(searchable)
    if where is None:
        raise InputError("the query has no 'WHERE {' to put the values in")
    return f"{sparql[:where.end()]} {block}\n{sparql[where.end():]}"


# A SPARQL Update: its first keyword after the prologue (comments, PREFIX and BASE declarations).
_UPDATE = re.compile(r"(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
READ_ONLY = ("SPARQL Update is refused: newskg's stores (and its endpoint) are read-only; change "
             "the facts in data/ and run 'newskg build' (or 'newskg push' to a store that accepts "
             "updates)")


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is an update (INSERT, DELETE, LOAD, ...) rather than a query."""
    return _UPDATE.match(sparql) is not None


def syntax_error(sparql: str, message: str) -> QuerySyntaxError:
    """A one-line syntax error naming line and column, followed by the line and a caret; an
    update given as a query says so instead (the parser only says "expected CONSTRUCT")."""
    if is_update(sparql):
        return QuerySyntaxError(READ_ONLY)
    m = _OX_POSITION.match(message)
    if not m:
        return QuerySyntaxError(f"SPARQL syntax error: {message}")
    line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3)
    detail = " ".join(detail.split())
    if "Prefix not found" in detail:
        detail = "undeclared prefix (declare it with PREFIX, or use one of: " \
                 f"{', '.join(PREFIXES)})"
    elif len(detail) > 160:
        detail = detail[:157] + "..."
    lines = sparql.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    caret = " " * max(column - 1, 0) + "^"
    return QuerySyntaxError(f"SPARQL syntax error at line {line}, column {column}: {detail}\n"
                            f"  {source}\n  {caret}")


def open_store(build_dir: Path, *, engine: str = "oxigraph",
               data: Sequence[Path] = ()) -> Store:
    """The store a query runs on: ``data`` files if given, else the build published in build_dir
    (`newskg.publish.releases.published_build`)."""
    from newskg.publish.releases import published_build

    if engine not in ("oxigraph", "rdflib"):
        raise InputError(f"unknown engine {engine!r}; choose oxigraph or rdflib", field="engine")
    if data:
        return OxigraphStore.from_files(data) if engine == "oxigraph" else \
            RdflibStore.from_files(data)
    build = published_build(build_dir)
    if engine == "oxigraph":
        return OxigraphStore.open(build / "store")
    trig = build / "newskg.trig"
    if not trig.is_file():
        raise StoreMissingError(f"{trig}: not built yet; run 'newskg build' first")
    return RdflibStore.from_files([trig])
