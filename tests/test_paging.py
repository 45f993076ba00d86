"""Answers in pages: --limit/--offset, default pages, narrowing parameters, streaming, --explain."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError
from newskg.project import load_project
from newskg.rdf.dataset import build_dataset
from newskg.rdf.prefixes import ID
from newskg.serve import create_app
from newskg.store.engines import OxigraphStore
from newskg.store.explain import oxigraph_program
from newskg.store.named import get_query, list_queries, parse_named_query
from newskg.store.paging import Page, PageInfo, paged_text, run_paged, write_stream
from newskg.store.partitions import Partition, next_batch
from newskg.store.results import Solutions, to_csv, to_json, to_tsv
from newskg.validation.shacl import load_ontology
from tests.conftest import REPO

runner = CliRunner()
ENTITY = "https://w3id.org/newskg/id/entity/"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout_bytes.decode(), result.stderr


@pytest.fixture(scope="module")
def build_dir(built: tuple[object, Path]) -> str:
    return str(built[1])


def rows_of(out: str, fmt: str) -> list[str]:
    """The data rows of a CSV/TSV answer (header dropped) or the bindings of a JSON one."""
    if fmt == "json":
        return [json.dumps(b, sort_keys=True) for b in json.loads(out)["results"]["bindings"]]
    return out.splitlines()[1:]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
@pytest.mark.parametrize("size", [1, 3, 5])
def test_pages_of_a_named_query_concatenate_to_the_whole(build_dir: str, fmt: str,
                                                         size: int) -> None:
    base = ("query", "--build-dir", build_dir, "-n", "direct-quotes", "-f", fmt)
    code, whole, note = run(*base, "--limit", "0")
    assert code == 0 and note == ""
    everything = rows_of(whole, fmt)
    assert len(everything) > 5
    pages: list[str] = []
    offset = 0
    while True:
        code, out, note = run(*base, "--limit", str(size), "--offset", str(offset))
        assert code == 0
        page = rows_of(out, fmt)
        pages += page
        offset += len(page)
        if "of more" not in note:
            assert f"of {len(everything)} (the last page)" in note or page == []
            break
        assert f"--offset {offset} for the next page" in note and len(page) == size
    assert pages == everything


def test_pages_of_your_own_query_concatenate_to_the_whole(build_dir: str) -> None:
    query = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
    code, whole, note = run("query", "--build-dir", build_dir, query, "-f", "tsv")
    assert code == 0 and note == ""  # no default page for a query of your own
    everything = whole.splitlines()[1:]
    pages = [run("query", "--build-dir", build_dir, query, "-f", "tsv", "--limit", "50",
                 "--offset", str(offset))[1].splitlines()[1:]
             for offset in range(0, len(everything) + 50, 50)]
    assert [row for page in pages for row in page] == everything
    # the table format holds its page too
    code, out, note = run("query", "--build-dir", build_dir, query, "--limit", "3")
    assert out.rstrip().endswith("3 rows") and "rows 1–3 of more; --offset 3" in note


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(("query", "fmt"), [
    ("DESCRIBE ?s WHERE { ?s a nkg:Statement }", "ntriples"),
    ("CONSTRUCT { ?s a nkg:Statement } WHERE { ?s a nkg:Statement }", "turtle"),
    ("ASK { ?s ?p ?o }", "json"),
    ("ASK { ?s ?p ?o }", "table"),
])
def test_a_page_of_a_graph_or_boolean_answer_says_it_is_whole(build_dir: str, engine: str,
                                                              query: str, fmt: str) -> None:
    """--limit/--offset page a SELECT's rows; a DESCRIBE with --limit 1 printed every triple
    and then 'no rows from row 1 on'."""
    code, whole, note = run("query", "--build-dir", build_dir, "--engine", engine, query,
                            "-f", fmt)
    assert code == 0 and note == ""
    code, paged, note = run("query", "--build-dir", build_dir, "--engine", engine, query,
                            "-f", fmt, "--limit", "1", "--offset", "2")
    assert code == 0 and paged == whole
    assert "no rows" not in note and "is whole" in note


def test_an_empty_answer_needs_no_page_note() -> None:
    """An empty first page printed "0 rows" and then "no rows from row 1 on"; a page past the
    end of an answer still says so."""
    assert PageInfo(Page(100, 0)).note() is None
    assert PageInfo(Page(100, 200)).note() == "no rows from row 201 on"


def test_default_page_of_a_named_query(build_dir: str, monkeypatch: pytest.MonkeyPatch) -> None:
    paged = {q.name: q.page for q in list_queries()}
    assert paged["direct-quotes"] == 100 and paged["statements-by-speaker"] == 100
    assert paged["ceasefire-mediators"] is None  # a few rows: every one
    from newskg.store import named

    original = named.parse_named_query

    def small_page(path: Path) -> named.NamedQuery:
        query = original(path)
        return named.NamedQuery(query.name, query.question, query.params, query.text,
                                query.path, query.requires, 3 if query.page else None)

    monkeypatch.setattr(named, "parse_named_query", small_page)
    code, out, note = run("query", "--build-dir", build_dir, "-n", "direct-quotes", "-f", "csv")
    assert code == 0 and len(out.splitlines()) == 1 + 3
    assert note.strip() == "rows 1–3 of more; --offset 3 for the next page"
    code, out, note = run("query", "--build-dir", build_dir, "-n", "direct-quotes", "-f", "csv",
                          "--offset", "3")
    assert "rows 4–6 of more; --offset 6" in note
    code, out, note = run("query", "--build-dir", build_dir, "-n", "direct-quotes", "-f", "csv",
                          "--offset", "6")
    assert len(out.splitlines()) == 1 + 1 and note.strip() == "rows 7–7 of 7 (the last page)"


def test_narrowing_parameters_give_the_subset_of_the_whole(build_dir: str) -> None:
    base = ("query", "--build-dir", build_dir, "-f", "tsv", "--limit", "0")
    _, whole, _ = run(*base, "-n", "direct-quotes")
    rows = whole.splitlines()[1:]
    _, narrowed, _ = run(*base, "-n", "direct-quotes", "-p", "by=ilham-aliyev")
    mine = narrowed.splitlines()[1:]
    assert mine and mine == [r for r in rows if r.startswith('"Ilham Aliyev"\t')]
    slug = "2023-09-20-azerbaijan-claims-victory"
    _, narrowed, _ = run(*base, "-n", "direct-quotes", "-p", f"article=article:{slug}")
    in_article = narrowed.splitlines()[1:]
    assert in_article and in_article == [r for r in rows if f"/article/{slug}/" in r]
    _, timeline, _ = run(*base, "-n", "timeline")
    days = [line.split("\t")[0] for line in timeline.splitlines()[1:]]
    _, september, _ = run(*base, "-n", "timeline", "-p", "from=2023-09-20",
                          "-p", "to=2023-09-20")
    only = [line.split("\t")[0] for line in september.splitlines()[1:]]
    assert only and all(day.startswith('"2023-09-20') for day in only)
    assert len(only) == sum(day.startswith('"2023-09-20') for day in days) < len(days)


def test_streamed_rows_are_the_bytes_of_the_whole_renderers() -> None:
    store = ox.Store()
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    for i, obj in enumerate([ox.Literal("a,\"b\"\n"), ox.Literal("x", language="en"),
                             ox.BlankNode("n1"), ox.Literal("3", datatype=ox.NamedNode(
                                 "http://www.w3.org/2001/XMLSchema#integer"))]):
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{i}"), p, obj, ox.NamedNode("http://e/g")))
    store.add(ox.Quad(s, p, ox.BlankNode("n1"), ox.NamedNode("http://e/g")))
    wrapped = OxigraphStore(store)
    for query in ("SELECT ?s ?o ?none WHERE { ?s ?p ?o } ORDER BY ?s",
                  "SELECT ?s WHERE { ?s <http://e/nothing> ?o }"):
        whole = wrapped.query(query)
        assert isinstance(whole, Solutions)
        for fmt, render in (("csv", to_csv), ("tsv", to_tsv), ("json", to_json)):
            chunks: list[bytes] = []
            wrapped.stream(query, on_rows=lambda variables, rows, fmt=fmt, chunks=chunks:
                           write_stream(fmt, variables, rows, chunks.append))
            assert b"".join(chunks).decode() == render(whole)
            if whole.rows:
                assert len(chunks) > len(whole.rows)  # written row by row, not at the end


def test_the_table_is_measured_from_rows_that_wait_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default table format held its whole answer in memory to measure its columns; its
    cells now wait in a temporary file, and the bytes are those of the table read whole."""
    import tracemalloc

    from newskg.store import results

    iri, xsd = ox.NamedNode("http://e/s"), "http://www.w3.org/2001/XMLSchema#"
    rows = [(iri, ox.Literal("東京 tab\there"), None),
            (ox.NamedNode(f"{ID}entity/armenia"), ox.Literal("3", datatype=ox.NamedNode(
                xsd + "integer")), ox.Literal("x", language="en"))]
    expected = ("s               o               n\n"  # as the table read whole wrote it
                "--------------  --------------  -\n"
                "<http://e/s>    東京 tab\\there\n"
                "entity:armenia  3               x\n"
                "2 rows\n")
    chunks: list[bytes] = []
    assert results.write_table(("s", "o", "n"), rows, chunks.append,
                               prefixes={"entity": f"{ID}entity/"}) == 2
    assert b"".join(chunks).decode() == expected
    monkeypatch.setattr(results, "TABLE_IN_MEMORY", 8)  # every row past 8 bytes on disk
    chunks.clear()
    results.write_table(("s", "o", "n"), rows, chunks.append, prefixes={"entity": f"{ID}entity/"})
    assert b"".join(chunks).decode() == expected
    assert results.to_table(Solutions((), ((), ()))) == "\n\n\n\n2 rows\n"  # no variables

    def many() -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
        for i in range(50_000):
            yield iri, ox.Literal(f"value {i:06d} of a long enough cell")

    written = [0]
    tracemalloc.start()
    try:
        results.write_table(("s", "v"), many(), lambda b: written.__setitem__(0, written[0] + len(b)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written[0] > 50_000 * 40 and peak < written[0] / 10  # rows were not held


def test_page_options_are_checked() -> None:
    with pytest.raises(InputError, match="page size"):
        Page.given(-1, None, 100)
    with pytest.raises(InputError, match="offset"):
        Page.given(None, -3, None)
    assert Page.given(0, None, 100) == Page(None, 0)  # 0: every row
    assert Page.given(None, 10, 100) == Page(100, 10)
    assert PageInfo(Page(None, 0), 12).note() is None
    text = get_query("direct-quotes").text
    assert paged_text(text, Page(10, 20)).endswith(" LIMIT 11 OFFSET 20\n")  # type: ignore[union-attr]
    assert paged_text(text, Page(10, 20), probe=False).endswith(" LIMIT 10 OFFSET 20\n")  # type: ignore[union-attr]
    assert paged_text("SELECT * WHERE { ?s ?p ?o } LIMIT 5", Page(10, 0)) is None
    code, _, err = run("query", "-n", "direct-quotes", "--limit", "-2")
    assert code == 2 and "limit" in err


@pytest.mark.skipif(oxigraph_program() is None, reason="the oxigraph program is in the test extra")
def test_explain_prints_oxigraphs_plan_with_bound_values(build_dir: str) -> None:
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "statements-by-speaker",
                       "-p", "speaker=ilham-aliyev", "--explain")
    assert code == 0 and out.startswith("planning: ")
    assert "StaticBindings" in out and "entity:ilham-aliyev" in out
    assert "QuadPattern(?statement nkg:speaker ?speaker)" in out and " rows, " in out
    code, _, err = run("query", "--build-dir", build_dir, "-n", "timeline", "--explain",
                       "--engine", "rdflib")
    assert code == 2 and "--explain" in err


@pytest.mark.skipif(oxigraph_program() is None, reason="the oxigraph program is in the test extra")
def test_explain_shows_the_plan_of_the_page_asked_for(build_dir: str) -> None:
    """--explain --limit 5 --offset 3 showed the plan of the whole, unpaged query; --format was
    ignored without a word."""
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "direct-quotes", "--explain",
                       "--limit", "5", "--offset", "3")
    assert code == 0 and "Slice(start = 3, length = 5)" in out
    code, out, _ = run("query", "--build-dir", build_dir, "-n", "direct-quotes", "--explain",
                       "--limit", "0")
    assert code == 0 and "Slice(" not in out  # --limit 0: every row
    code, _, err = run("query", "--build-dir", build_dir, "-n", "direct-quotes", "--explain",
                       "-f", "json")
    assert code == 2 and "takes no --format" in err


@pytest.mark.skipif(oxigraph_program() is None, reason="the oxigraph program is in the test extra")
def test_explain_names_a_syntax_error_in_the_users_text_without_a_rust_trace(
        build_dir: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """--explain reads the query as `newskg query` does: a syntax error names the line and column
    of the text given (not of the text with prefixes that the oxigraph program is handed), and a
    RUST_BACKTRACE in the user's environment puts no stack trace in the message."""
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    code, out, err = run("query", "--build-dir", build_dir, "--explain",
                         "SELECT ?s WHERE {\n  ?s nkg:speaker ?o\n  FILTER(\n}")
    assert code == 2 and out == ""
    assert "SPARQL syntax error at line 4, column " in err and "Stack backtrace" not in err, err
    code, out, err = run("query", "--build-dir", build_dir, "--explain",
                         "SELECT ?s WHERE { ?s nkg:speaker ?o } LIMIT 1")
    assert code == 0 and "QuadPattern(?s nkg:speaker ?o)" in out
    from newskg.store.explain import program_error
    trace = "Error: at 3:1: expected one of ')'\n\nStack backtrace:\n   0: main\n"
    assert program_error(trace) == "at 3:1: expected one of ')'"


@pytest.fixture(scope="module")
def client(built: tuple[object, Path]) -> Iterator[object]:
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

    with TestClient(create_app(built[1], timeout=10.0, threads=1)) as c:  # type: ignore[arg-type]
        yield c


def test_endpoint_named_query_pages(client: object) -> None:
    from starlette.testclient import TestClient

    assert isinstance(client, TestClient)
    accept = {"Accept": "application/sparql-results+json"}
    whole = client.get("/named/direct-quotes", params={"limit": "0"}, headers=accept)
    assert whole.status_code == 200 and "X-Newskg-Page" not in whole.headers
    everything = whole.json()["results"]["bindings"]
    pages = []
    for offset in range(0, len(everything) + 4, 4):
        page = client.get("/named/direct-quotes", params={"limit": "4", "offset": str(offset)},
                          headers=accept)
        assert page.headers["X-Newskg-Page"] == f"offset={offset}; limit=4"
        pages += page.json()["results"]["bindings"]
    assert pages == everything
    default = client.get("/named/direct-quotes", headers=accept)
    assert default.headers["X-Newskg-Page"] == "offset=0; limit=100"
    bad = client.get("/named/direct-quotes", params={"limit": "many"}, headers=accept)
    assert bad.status_code == 400 and "limit" in bad.text
    entries = {q["name"]: q for q in client.get("/queries.json").json()["queries"]}
    assert entries["direct-quotes"]["page"] == 100


def test_the_endpoint_resolves_named_parameters_as_the_command_line_does(client: object
                                                                         ) -> None:
    """/named/NAME?speaker=pashinyan reads the value as a name, as `newskg query --param` does
    (it answered no rows); a value that names nothing is 400 with the closest names."""
    accept = {"Accept": "application/sparql-results+json"}
    by_key = client.get("/named/statements-by-speaker",  # type: ignore[attr-defined]
                        params={"speaker": "nikol-pashinyan"}, headers=accept)
    by_name = client.get("/named/statements-by-speaker",  # type: ignore[attr-defined]
                         params={"speaker": "pashinyan"}, headers=accept)
    assert by_key.status_code == by_name.status_code == 200
    rows = by_name.json()["results"]["bindings"]
    assert len(rows) == 3 and rows == by_key.json()["results"]["bindings"]
    unknown = client.get("/named/statements-by-speaker",  # type: ignore[attr-defined]
                         params={"speaker": "zzzz"}, headers=accept)
    assert unknown.status_code == 400 and "speaker" in unknown.text, unknown.text
    assert "zzzz" in unknown.text


# ---------------------------------------------------------------- pages read by partitions

PARTITIONED = [q.name for q in list_queries() if q.partition is not None]


def test_some_named_queries_are_read_by_partitions() -> None:
    assert {"direct-quotes", "timeline"} <= set(PARTITIONED)


SYNTHETIC_PARAMS = {"speaker": "person-0000", "topic": "person-0000", "stance": "nkg:Claimed"}


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """A synthetic corpus of 40 articles (bench/gen_corpus.py; its reports are unreviewed: asked
    with drafts), in an in-memory Oxigraph store: every partitioned query answers it with many
    rows from many partition values."""
    corpus = tmp_path_factory.mktemp("synthetic") / "data"
    subprocess.run([sys.executable, str(REPO / "bench" / "gen_corpus.py"), str(corpus),
                    "--articles", "40"], check=True, capture_output=True)
    store = ox.Store()
    store.extend(build_dataset(load_project(corpus), load_ontology()).quads())
    return OxigraphStore(store)


@pytest.mark.parametrize("name", PARTITIONED)
@pytest.mark.parametrize("drafts", [False, True])
def test_partitioned_pages_are_the_slices_of_the_whole_answer(
        built: tuple[object, Path], built_all: tuple[object, Path],
        synthetic_store: OxigraphStore, name: str, drafts: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page read by partitions (a few values at a time) is the same rows, in the same
    order, as the same page of the whole sorted answer: on the seed, else on every curated
    article when the seed gives too few rows, and with drafts on a synthetic corpus."""
    from newskg.store import partitions

    query = get_query(name)
    text = query.sparql(drafts=drafts)
    stores = [OxigraphStore.open(folder / "current" / "store")
              for folder in (built[1], built_all[1])]
    # on the synthetic corpus, parameters bound to values it has (as bench_scale.py binds them)
    bindings = query.bind({p.name: SYNTHETIC_PARAMS[p.name] for p in query.params
                           if p.name in SYNTHETIC_PARAMS}) if drafts else {}
    for store in [synthetic_store] if drafts else stores:
        whole = store.query(text, bindings=bindings)
        assert isinstance(whole, Solutions)
        if len(whole.rows) > 3:
            break
    # reviewed: what the curated articles answer (contested: nothing); drafts: many rows
    assert len(whole.rows) > 3 or not drafts, "the synthetic corpus answers with a few rows at least"
    calls = []
    real = partitions.partitioned_rows
    monkeypatch.setattr(partitions, "FIRST_BATCH", 1)  # batches of one value, then growing
    monkeypatch.setattr("newskg.store.paging.partitioned_rows",
                        lambda *args, **kw: calls.append(args) or real(*args, **kw))
    for size in (1, 2, 5, 100):
        step = max(1, size // 2 + 1, len(whole.rows) // 40)  # about 40 pages of a long answer
        for offset in range(0, len(whole.rows) + 2, step):
            written: list[bytes] = []
            code, info = run_paged(store, text, bindings, Page(size, offset), "tsv", written.append,
                                   partition=query.partition)
            expected = whole.rows[offset:offset + size]
            assert code == 0 and info.count == len(expected)
            assert info.more == (offset + size < len(whole.rows))
            assert b"".join(written).decode() == to_tsv(Solutions(whole.variables, expected))
    assert calls, "the pages were read by partitions"


@pytest.mark.parametrize("name", PARTITIONED)
@pytest.mark.parametrize("tabular", ["json", "xml", "csv", "tsv"])
def test_the_endpoint_reads_a_named_page_by_partitions_with_the_same_bytes(
        synthetic_store: OxigraphStore, name: str, tabular: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`newskg serve`'s /named/NAME page of a partitioned query (`newskg.serve.evaluate`, the
    query thread's job) is read by partitions, as `newskg query` reads it, and pyoxigraph writes
    the same bytes as for the page's LIMIT/OFFSET text (at 1M, direct-quotes' page: 3.2 s ->
    0.1 s)."""
    from newskg.serve import evaluate
    from newskg.serve.evaluate import PartitionedPage, QueryJob, run_job

    query = get_query(name)
    assert query.partition is not None
    whole = query.sparql(drafts=True)
    bindings = tuple(sorted(query.bind({p.name: SYNTHETIC_PARAMS[p.name] for p in query.params
                                        if p.name in SYNTHETIC_PARAMS}).items()))
    calls, made = [], []
    real, real_page = evaluate.partitioned_rows, evaluate._partitioned_page
    monkeypatch.setattr(evaluate, "partitioned_rows",
                        lambda *args, **kw: calls.append(args[3]) or real(*args, **kw))
    monkeypatch.setattr(evaluate, "_partitioned_page",
                        lambda *args: made.append(real_page(*args)) or made[-1])
    store = synthetic_store._store
    rows = None
    for limit, offset in ((7, 0), (7, 14), (100, 0), (5, 10_000)):
        page = Page(limit, offset)
        text = paged_text(whole, page, probe=False)
        assert text is not None
        plain = run_job(store, QueryJob(text, "http://localhost/", tabular, None, 10_000,
                                        bindings=bindings))
        read = run_job(store, QueryJob(text, "http://localhost/", tabular, None, 10_000,
                                       bindings=bindings,
                                       pages=PartitionedPage(whole, query.partition, limit,
                                                             offset)))
        assert read.status == plain.status == 200, read.body[:300]
        assert read == plain, (limit, offset)
        if (limit, offset) == (100, 0):
            rows = plain.body
    assert calls and all(partition == query.partition for partition in calls)
    assert any(page is not None for page in made), "a page was read by partitions"
    assert rows is not None and len(rows) > 200, "the synthetic corpus answers with rows"


def test_a_bound_partition_variable_reads_the_query_itself(built: tuple[object, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = OxigraphStore.open(built[1] / "current" / "store")
    query = get_query("direct-quotes")
    monkeypatch.setattr("newskg.store.paging.partitioned_rows",
                        lambda *args, **kw: pytest.fail("read by partitions"))
    bindings = query.bind({"article": "article:2023-09-20-azerbaijan-claims-victory"})
    written: list[bytes] = []
    code, info = run_paged(store, query.sparql(), bindings, Page(2, 0), "tsv", written.append,
                           partition=query.partition)
    assert code == 0 and info.count == 2


# Each partitioned query with a parameter bound to a value that data/'s curated articles answer
# with rows (on every article: batches of several articles, not the seed's one).
BOUND = [("direct-quotes", {"by": "ilham-aliyev"}),
         ("instance-reports", {"instance": "agreement:karabakh-ceasefire-2023"}),
         ("statements-by-speaker", {"speaker": "ilham-aliyev"}),
         ("statements-by-kind", {"stance": "nkg:Denied"}),
         ("statements-by-kind", {"stance": "nkg:Asserted", "by": "ilham-aliyev"}),
         ("statements-about", {"topic": "nagorno-karabakh"}),
         ("timeline", {"from": "2023-09-01", "to": "2023-09-30"})]


@pytest.mark.parametrize(("name", "params"), BOUND)
@pytest.mark.parametrize("drafts", [False, True])
def test_pages_with_bound_parameters_are_the_slices_of_the_whole_answer(
        built_all: tuple[object, Path], name: str, params: dict[str, str], drafts: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A bound parameter goes into each batch's VALUES block: every page is the same rows, in
    the same order, as the bound whole query's; batches read on to the end of the page (one
    more value never costs more than the whole answer here)."""
    from newskg.store import partitions

    store = OxigraphStore.open(built_all[1] / "current" / "store")
    query = get_query(name)
    assert query.partition is not None
    text = query.sparql(drafts=drafts)
    bindings = query.bind(params)
    whole = store.query(text, bindings=bindings)
    assert isinstance(whole, Solutions)
    assert whole.rows, "the curated articles answer the bound query"
    monkeypatch.setattr(partitions, "FIRST_BATCH", 1)
    monkeypatch.setattr(partitions, "VALUE_COST_IN_ROWS", 0)  # never fall back to the whole
    read = []
    real = partitions.partitioned_rows
    monkeypatch.setattr("newskg.store.paging.partitioned_rows",
                        lambda *args, **kw: read.append(real(*args, **kw)) or read[-1])
    for size in (1, 2, 5, 100):
        for offset in range(0, len(whole.rows) + 2, max(1, size // 2 + 1)):
            written: list[bytes] = []
            code, info = run_paged(store, text, bindings, Page(size, offset), "tsv",
                                   written.append, partition=query.partition)
            expected = whole.rows[offset:offset + size]
            assert code == 0 and info.count == len(expected)
            assert info.more == (offset + size < len(whole.rows))
            assert b"".join(written).decode() == to_tsv(Solutions(whole.variables, expected))
    assert read and all(rows is not None for rows in read), "every page read by partitions"


def test_a_rare_bound_value_falls_back_to_the_whole_query(
        built_all: tuple[object, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """When the rows seen say the page needs most values, the whole query answers the page."""
    from newskg.store import partitions

    store = OxigraphStore.open(built_all[1] / "current" / "store")
    query = get_query("statements-by-speaker")
    assert query.partition is not None
    bindings = query.bind({"speaker": "ilham-aliyev"})
    monkeypatch.setattr(partitions, "FIRST_BATCH", 1)
    monkeypatch.setattr(partitions, "VALUE_COST_IN_ROWS", 10**6)
    assert partitions.partitioned_rows(store, query.sparql(), bindings, query.partition,
                                       1000) is None
    written: list[bytes] = []
    run_paged(store, query.sparql(), bindings, Page(1000, 0), "tsv", written.append,
              partition=query.partition)
    whole = store.query(query.sparql(), bindings=bindings)
    assert isinstance(whole, Solutions) and whole.rows
    assert b"".join(written).decode() == to_tsv(whole)


def test_read_whole_weighs_the_values_left_against_the_whole_answer() -> None:
    from newskg.store.partitions import read_whole

    # 1,000 values, 8 read gave 40 rows: ~5,000 rows in all, ~12 values more for 101 rows
    assert not read_whole(8, 40, 1000, 101)
    # 8 read gave nothing: ~125 rows in all, the page needs every value left
    assert read_whole(8, 0, 1000, 101)
    # 10 values left after 500 rows: reading them is cheaper than ~500 rows of the whole answer
    assert not read_whole(990, 500, 1000, 1000)


def test_partition_lines_are_checked(tmp_path: Path) -> None:
    head = "# question: Q?\n# page: 10\n"
    cases = {
        "# partition: article\n": "bad partition line",
        "# partition: article  ?article a nkg:Article\n": r"ORDER BY must begin with \?article",
    }
    for line, message in cases.items():
        path = tmp_path / "q.rq"
        path.write_text(head + line + "SELECT ?s WHERE { ?s nkg:sourceArticle ?article } "
                        "ORDER BY ?s ?article\n", encoding="utf-8")
        with pytest.raises(InputError, match=message) as caught:
            parse_named_query(path)
        assert caught.value.line == 3
    path.write_text(head + "# partition: article  ?article a nkg:Article\n"
                    "SELECT DISTINCT ?s WHERE { ?s nkg:sourceArticle ?article } "
                    "ORDER BY ?article ?s\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"DISTINCT query must select \?article"):
        parse_named_query(path)
    path.write_text(head + "# partition: article  ?article a nkg:Article\n"
                    "SELECT DISTINCT ?article ?s WHERE { ?s nkg:sourceArticle ?article } "
                    "ORDER BY ASC(?article) ?s\n", encoding="utf-8")
    assert parse_named_query(path).partition == Partition("article", "?article a nkg:Article")
    # an aggregate query must group by the partition variable; a DISTINCT subquery is its own
    aggregate = ("SELECT ?article ?who (COUNT(?s) AS ?n) WHERE {{ ?s nkg:sourceArticle ?article ; "
                 "nkg:speaker ?speaker {{ SELECT DISTINCT ?speaker ?who WHERE {{ ?speaker "
                 "rdfs:label ?who }} }} }} GROUP BY {keys} ORDER BY ?article ?who\n")
    path.write_text(head + "# partition: article  ?article a nkg:Article\n"
                    + aggregate.format(keys="?who"), encoding="utf-8")
    with pytest.raises(InputError, match=r"aggregate query must group by \?article"):
        parse_named_query(path)
    path.write_text(head + "# partition: article  ?article a nkg:Article\n"
                    + aggregate.format(keys="?article ?who"), encoding="utf-8")
    assert parse_named_query(path).partition == Partition("article", "?article a nkg:Article")
    assert paged_text(path.read_text(encoding="utf-8"), Page(10, 20)).endswith(
        "ORDER BY ?article ?who LIMIT 11 OFFSET 20\n")


def test_partition_order_lines_are_checked(tmp_path: Path) -> None:
    """A partition listed in the order of computed keys: the keys must end with its variable,
    ascending, and the query's ORDER BY must begin with them."""
    head = "# question: Q?\n# page: 10\n# partition: figure  ?figure nkg:value ?value\n"
    query = "SELECT ?figure ?who WHERE {{ ?figure nkg:value ?value }} ORDER BY {keys}\n"
    path = tmp_path / "q.rq"
    cases = {("DESC(?value)", "DESC(?value) ?figure"): "must end with \\?figure, ascending",
             ("DESC(?value) DESC(?figure)", "DESC(?value) DESC(?figure)"): "ascending",
             ("?value ?figure", "DESC(?value) ?figure"): "must begin with the partition's order",
             ("DESC(?value) ?figure", "?figure"): "must begin with the partition's order"}
    for (order, keys), message in cases.items():
        path.write_text(head + f"# partition-order: {order}\n" + query.format(keys=keys),
                        encoding="utf-8")
        with pytest.raises(InputError, match=message):
            parse_named_query(path)
    # an aggregate query sorted by computed keys must group by the partition variable too
    grouped = ("SELECT ?figure (SAMPLE(?value) AS ?v) WHERE {{ ?figure nkg:value ?value }} "
               "GROUP BY {keys} HAVING (COUNT(?value) > 0) ORDER BY DESC(SAMPLE(?value)) ?figure\n")
    order = "# partition-order: DESC(SAMPLE(?value)) ?figure\n"
    path.write_text(head + order + grouped.format(keys="?value"), encoding="utf-8")
    with pytest.raises(InputError, match=r"aggregate query must group by \?figure"):
        parse_named_query(path)
    path.write_text(head + order + grouped.format(keys="?figure"), encoding="utf-8")
    assert parse_named_query(path).partition.order == "DESC(SAMPLE(?value)) ?figure"
    path.write_text(head + "# partition-order: DESC(?value)   ?figure\n"
                    + query.format(keys="DESC(?value) ?figure ?who LIMIT 5"), encoding="utf-8")
    assert parse_named_query(path).partition == Partition("figure", "?figure nkg:value ?value",
                                                          "DESC(?value) ?figure")
    assert get_query("reported-figures").partition == Partition(
        "figure", "?figure nkg:counted ?c OPTIONAL { ?figure nkg:value ?value } OPTIONAL { ?figure "
        "nkg:lowerBound ?lower } OPTIONAL { ?figure nkg:upperBound ?upper }",
        "DESC(COALESCE(?value, ?upper, ?lower)) ?figure")


def test_values_listed_by_computed_keys_come_in_their_order_once_each() -> None:
    """The values of an ordered partition are those of its keys' order, each at its first row;
    a blank node among them reads the whole query."""
    from newskg.store.partitions import sorted_values

    store = ox.Store()
    value = ox.NamedNode("https://w3id.org/newskg/ontology#value")
    ex = "https://example.org/"
    for name, size in (("a", 5), ("b", 50), ("c", 7), ("d", 50)):
        store.add(ox.Quad(ox.NamedNode(ex + name), value, ox.Literal(str(size),
                  datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))))
    store.add(ox.Quad(ox.NamedNode(ex + "a"), value, ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#decimal"))))  # a second value: listed once, first
    partition = Partition("figure", "?figure nkg:value ?value", "DESC(?value) ?figure")
    listed = sorted_values(OxigraphStore(store), partition)
    assert listed == [ox.NamedNode(ex + n) for n in ("b", "d", "c", "a")]
    store.add(ox.Quad(ox.BlankNode(), value, ox.Literal("3")))
    assert sorted_values(OxigraphStore(store), partition) is None


def test_batches_grow_with_the_rows_still_wanted() -> None:
    assert next_batch(8, 8, 0, 101) == 16  # nothing found yet: twice as many values
    assert next_batch(8, 8, 40, 101) == 16  # 5 rows a value, 61 wanted: 12 values, a quarter more
    assert next_batch(8, 8, 1, 101) == 32  # a rough rate: at most four times the last batch
    assert next_batch(8, 16, 100, 101) == 1


HUGE = ["9223372036854775808", "99999999999999999999999"]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("option", ["--limit", "--offset"])
@pytest.mark.parametrize("query", [["--name", "direct-quotes"], ["--name", "ceasefire-mediators"],
                                   ["SELECT * WHERE { ?s ?p ?o }"]])
def test_a_page_size_or_offset_past_any_store_is_exit_2_naming_it(
        built: tuple[object, Path], value: str, option: str, query: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "newskg", "query", *query, option, value,
                           "--build-dir", str(built[1])], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2, done.stderr
    assert option[2:] in done.stderr and "1,000,000,000,000,000" in done.stderr, done.stderr
    assert "syntax" not in done.stderr and "islice" not in done.stderr


@pytest.mark.parametrize("name", ["direct-quotes", "ceasefire-mediators"])
def test_the_endpoint_refuses_a_page_past_any_store_with_400(client: object, name: str) -> None:
    answer = client.get(f"/named/{name}", params={"limit": HUGE[1]},  # type: ignore[attr-defined]
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 400 and "limit" in answer.text and "syntax" not in answer.text


def test_a_parameter_given_twice_is_refused_not_dropped(built: tuple[object, Path],
                                                        client: object) -> None:
    done = subprocess.run([sys.executable, "-m", "newskg", "query", "-n", "statements-by-speaker",
                           "--param", "speaker=ilham-aliyev", "--param", "speaker=nikol-pashinyan",
                           "--build-dir", str(built[1])], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2 and "given twice" in done.stderr, done.stderr
    answer = client.get("/named/statements-by-speaker?speaker=ilham-aliyev"  # type: ignore[attr-defined]
                        "&speaker=nikol-pashinyan")
    assert answer.status_code == 400 and "given twice" in answer.text
    needs = client.get("/named/statements-by-speaker")  # type: ignore[attr-defined]
    assert needs.status_code == 400 and "?speaker=VALUE over HTTP" in needs.text


REVERSED = ("from: the period starts (2023-10-01, from) after it ends (2023-09-01, to); give the "
            "earlier day first")


def test_a_reversed_period_is_refused_in_the_same_words_by_the_cli_and_the_endpoint(
        build_dir: str, client: object) -> None:
    """timeline with from after to could only answer nothing: exit 2 / 400 naming both days,
    as `newskg plot --from --to` and /plot/KIND.svg?from=&to= say it; the same day on both ends,
    or either end alone, is answered."""
    code, out, err = run("query", "--build-dir", build_dir, "-n", "timeline",
                         "--param", "from=2023-10-01", "--param", "to=2023-09-01")
    assert code == 2 and not out and err == f"error: {REVERSED}\n", err
    answer = client.get("/named/timeline?from=2023-10-01&to=2023-09-01")  # type: ignore[attr-defined]
    assert answer.status_code == 400 and answer.text == f"{REVERSED}\n"
    picture = client.get("/plot/timeline.svg?from=2023-10-01&to=2023-09-01")  # type: ignore[attr-defined]
    assert picture.status_code == 400 and picture.text == f"{REVERSED}\n"
    for given in ("from=2023-09-20&to=2023-09-20", "from=2023-10-01", "to=2023-09-01"):
        assert client.get(f"/named/timeline?{given}").status_code == 200  # type: ignore[attr-defined]


def test_a_bound_range_filter_narrows_the_partition_values() -> None:
    """timeline with from/to: only the instants in the range are read as batches (a value the
    filter rejects gives no row); a filter inside an OPTIONAL, or of another variable, does not
    narrow them."""
    from newskg.store.partitions import XSD_DATE_TIME, in_range

    def instant(day: str) -> ox.Literal:
        return ox.Literal(f"{day}T00:00:00Z", datatype=ox.NamedNode(XSD_DATE_TIME))

    values = [instant(d) for d in ("2023-08-31", "2023-09-01", "2023-09-20", "2023-10-01")]
    bindings = {"from": instant("2023-09-01"), "to": instant("2023-10-01")}
    top = ("SELECT ?instant WHERE { ?t nkg:timeValue ?instant .\n"
           "  FILTER(!BOUND(?from) || ?instant >= ?from)\n  FILTER(?instant < ?to) }")
    assert in_range(values, top, "instant", bindings) == values[1:3]
    optional = ("SELECT ?instant WHERE { ?t nkg:timeValue ?instant .\n"
                "  OPTIONAL { ?t nkg:x ?y FILTER(?instant >= ?from) } }")
    assert in_range(values, optional, "instant", bindings) == values
    assert in_range(values, top, "other", bindings) == values
    words = [ox.Literal("b"), ox.Literal("c")]
    assert in_range(words, top, "instant", bindings) == words  # only UTC instants are compared
