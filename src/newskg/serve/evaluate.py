"""One query on the read-only store, answered in the negotiated format: `QueryJob` -> `Answer`.

`run_job` is what a query thread runs (see `newskg.serve.runner`); it does all the CPU work of a
query (parse, evaluate, serialise) so that the event loop only moves bytes. pyoxigraph releases the
GIL while it parses, evaluates and serialises, so several query threads use several cores.
SELECT and ASK answers are serialised by pyoxigraph itself (Rust), straight from the evaluation;
CONSTRUCT and DESCRIBE answers go through `newskg.store.results.to_rdf` (the project's prefixes).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import islice
from typing import IO, cast

import pyoxigraph as ox

from newskg.errors import InputError
from newskg.rdf.formats import RDF_FORMATS
from newskg.rdf.prefixes import QUERY_PREFIXES, RDF_PREFIXES
from newskg.store.compact import SLASHED, expand_compact_iris
from newskg.store.engines import (
    READ_ONLY,
    OxigraphStore,
    bound_by_values,
    is_update,
    syntax_error,
)
from newskg.store.graphs import check_graphs
from newskg.store.partitions import Partition, partitioned_rows
from newskg.store.results import MEDIA_TYPES, Triples, to_rdf

TEXT = "text/plain; charset=utf-8"
# pyoxigraph's serializer for each tabular format, and the fewest bytes a row takes in it
# (JSON "{}," XML "<result></result>" CSV "\r\n" TSV "\n").
RESULTS_FORMATS: dict[str, tuple[ox.QueryResultsFormat, int]] = {
    "json": (ox.QueryResultsFormat.JSON, 3),
    "xml": (ox.QueryResultsFormat.XML, 17),
    "csv": (ox.QueryResultsFormat.CSV, 2),
    "tsv": (ox.QueryResultsFormat.TSV, 1),
}

RESULTS_MEDIA_TYPES = {name: f"{media_type}; charset=utf-8" for name, media_type in MEDIA_TYPES.items()}


@dataclass(frozen=True)
class PartitionedPage:
    """A page of a named query that says how it is read by partitions
    (`newskg.store.partitions`): its whole text (no LIMIT), the partition and the page."""

    text: str
    partition: Partition
    limit: int
    offset: int


@dataclass(frozen=True)
class QueryJob:
    """One query and how to answer it. ``default_graphs is None`` means the union of the graphs.

    Equal jobs get equal answers from the read-only store (unless the query calls SERVICE or a
    function such as NOW() or RAND()): a job is the key of the answer cache.
    """

    query: str
    base_iri: str
    tabular_format: str | None  # json, xml, csv or tsv; None when the client accepts none
    rdf_format: str | None  # turtle, ntriples, jsonld or rdfxml; None when the client accepts none
    max_results: int | None  # None: every result (the server's own pages, `SparqlEndpoint.answer`)
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    graphs_to_check: tuple[str, ...] = ()
    bindings: tuple[tuple[str, ox.NamedNode | ox.Literal], ...] = field(default=())
    all_graphs: bool = False  # run on the store with the vocabularies too (it names graphs)
    # a page read by partitions when it can be (else ``query``, the page's LIMIT/OFFSET text)
    pages: PartitionedPage | None = None
    # a named query's name and its parameters as given: values the store does not know are
    # resolved through names before the query runs, as `newskg query --param` resolves them
    resolve: tuple[str, tuple[tuple[str, str], ...]] | None = None


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, TEXT, (message.rstrip() + "\n").encode())


def run_job(store: ox.Store, job: QueryJob) -> Answer:
    """Run one query on the store and render its answer in the negotiated format."""
    try:
        check_graphs(job.graphs_to_check,
                     lambda iri: store.contains_named_graph(ox.NamedNode(iri)), who="newskg serve")
    except InputError as exc:
        return Answer.error(400, str(exc))
    try:
        if job.resolve is not None:
            try:
                job = _resolved(store, job, *job.resolve)
            except InputError as exc:
                return Answer.error(400, str(exc))
        if job.pages is not None and job.tabular_format is not None:
            page = _partitioned_page(store, job, job.pages)
            if page is not None:
                return _render(store, page, job)
        return _render(store, _evaluate(store, job), job)
    except SyntaxError as exc:
        if is_update(job.query):  # an update sent as query=: refused as update= is
            return Answer.error(403, READ_ONLY)
        return Answer.error(400, str(syntax_error(job.query, str(exc))))
    except (OSError, ValueError, RuntimeError, InputError) as exc:
        return Answer.error(500, f"query failed: {exc}")


def _evaluate(store: ox.Store, job: QueryJob) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    query, bindings = job.query, job.bindings
    prefixes = used_prefixes(query)
    if not SLASHED.keys().isdisjoint(prefixes):  # else no compact IRI can be there: skip the scan
        query = expand_compact_iris(query)  # article:SLUG/ID as printed
    if bindings:  # bound in a VALUES block, so that Oxigraph plans with the values (store.py)
        bound = bound_by_values(query, dict(bindings))
        if bound is not None:
            query, bindings = bound, ()
    return store.query(
        query, base_iri=job.base_iri, prefixes=prefixes,
        use_default_graph_as_union=job.default_graphs is None,
        default_graph=None if job.default_graphs is None else
        [ox.NamedNode(iri) for iri in job.default_graphs],
        named_graphs=None if job.named_graphs is None else
        [ox.NamedNode(iri) for iri in job.named_graphs],
        substitutions={ox.Variable(k): v for k, v in bindings} if bindings else None)


def _resolved(store: ox.Store, job: QueryJob, name: str,
              given: tuple[tuple[str, str], ...]) -> QueryJob:
    """The job with the named query's parameter values that the store does not know read as
    names (`newskg.store.values.check_values`: a key, a label, an alias); an InputError (400)
    for a value that names nothing, or several things, listing what it could mean."""
    from newskg.store.named import get_query
    from newskg.store.values import check_values

    bindings, _ = check_values(OxigraphStore(store), get_query(name), dict(given),
                               dict(job.bindings))
    return replace(job, bindings=tuple(sorted(bindings.items())), resolve=None)


def _partitioned_page(store: ox.Store, job: QueryJob, pages: PartitionedPage
                      ) -> ox.QuerySolutions | None:
    """The page's rows read partition by partition, as `newskg query` reads them, as
    pyoxigraph solutions (a VALUES query of the rows, so that pyoxigraph serialises them as it
    serialises every other answer); None when the page is to be read from the whole query: the
    partitions say so (a rare bound value, a blank node among the values), or a row holds a blank
    node, which VALUES cannot."""
    read = partitioned_rows(OxigraphStore(store), pages.text, dict(job.bindings), pages.partition,
                            pages.offset + pages.limit)
    if read is None:
        return None
    rows = read.rows[pages.offset:pages.offset + pages.limit]
    if any(isinstance(term, ox.BlankNode) for row in rows for term in row):
        return None
    names = " ".join(f"?{name}" for name in read.variables)
    values = " ".join("(" + " ".join("UNDEF" if term is None else str(term) for term in row) + ")"
                      for row in rows)
    solutions = store.query(f"SELECT {names} WHERE {{ VALUES ({names}) {{ {values} }} }}")
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def used_prefixes(query: str) -> dict[str, str]:
    """The project prefixes a query may use without PREFIX lines: those whose ``name:`` it has.

    Oxigraph parses every prefix it is given on every query; most queries use one or two.
    """
    return {name: iri for name, iri in QUERY_PREFIXES.items() if name + ":" in query}


def _render(store: ox.Store, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
            job: QueryJob) -> Answer:
    if isinstance(result, ox.QueryTriples):
        triples = tuple(result if job.max_results is None else islice(result, job.max_results + 1))
        if job.max_results is not None and len(triples) > job.max_results:
            return _too_many(job.max_results)
        if job.rdf_format is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", "text/turtle, application/n-triples, "
                                   "application/ld+json, application/rdf+xml")
        body = to_rdf(Triples(triples), job.rdf_format, prefixes=RDF_PREFIXES)
        media_type = RDF_FORMATS[job.rdf_format].media_type
        return Answer(200, f"{media_type}; charset=utf-8", body.encode())
    if job.tabular_format is None:
        return _not_acceptable("SELECT/ASK", ", ".join(MEDIA_TYPES.values()))
    results_format, row_bytes = RESULTS_FORMATS[job.tabular_format]
    media_type = RESULTS_MEDIA_TYPES[job.tabular_format]
    if isinstance(result, ox.QueryBoolean) or job.max_results is None:
        return Answer(200, media_type, _bytes(result.serialize(format=results_format)))
    # Every row takes at least row_bytes bytes, so an answer of at most max_results * row_bytes
    # bytes has at most max_results rows; a longer one has its rows counted (the query runs again).
    sink = CappedSink(row_bytes * job.max_results)
    try:
        result.serialize(output=cast(IO[bytes], sink), format=results_format)
        return Answer(200, media_type, sink.getvalue())
    except AnswerTooLong:
        pass
    if next(islice(_solutions(store, job), job.max_results, None), None) is not None:
        return _too_many(job.max_results)
    return Answer(200, media_type, _bytes(_solutions(store, job).serialize(format=results_format)))


def _too_many(max_results: int) -> Answer:
    return Answer.error(400, f"the answer has more than {max_results} results, this "
                        "endpoint's limit; ask for fewer (LIMIT and OFFSET page through them)")


def _solutions(store: ox.Store, job: QueryJob) -> ox.QuerySolutions:
    """The job's SELECT query run again."""
    solutions = _evaluate(store, job)
    assert isinstance(solutions, ox.QuerySolutions)
    return solutions


def _bytes(serialized: bytes | None) -> bytes:
    assert serialized is not None  # serialize() without an output returns the bytes
    return serialized


class AnswerTooLong(Exception):
    """Raised by `CappedSink` to stop pyoxigraph's serializer."""


class CappedSink:
    """A binary file-like object for pyoxigraph's serializer that stops it past ``cap`` bytes."""

    __slots__ = ("cap", "chunks", "size")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.cap:
            raise AnswerTooLong
        self.chunks.append(data if type(data) is bytes else bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return self.chunks[0] if len(self.chunks) == 1 else b"".join(self.chunks)




def _not_acceptable(form: str, offered: str) -> Answer:
    return Answer.error(406, f"none of the Accept header's media types fits a {form} answer; "
                        f"this endpoint offers: {offered}")
