"""The bounds on a query's nesting and length (`newskg.store.shape`), checked before any parser.

Queries at the bounds must run without overflowing the query thread's stack: a subprocess runs
them (a stack overflow ends the process it happens in) on half of the stack that query threads get.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newskg.errors import QueryTooComplexError
from newskg.store.shape import (
    MAX_DEPTH,
    MAX_SYMBOLS,
    QUERY_STACK_BYTES,
    check_query_shape,
    code_only,
    nesting_depth,
    symbol_count,
)
from tests.conftest import REPO

# Forms that nest: (head, one level's opening, innermost, one level's closing, tail).
NESTED = {
    "parentheses": ("SELECT * WHERE { FILTER(", "(", "1", ")", ") }"),
    "groups": ("SELECT * WHERE ", "{", "", "}", ""),
    "function calls": ("SELECT * WHERE { BIND(", "STR(", "1", ")", " AS ?x) }"),
    "filter not exists": ("SELECT * WHERE { ", "FILTER NOT EXISTS {", "", "}", " }"),
    "exists in filter": ("SELECT * WHERE { FILTER(", "EXISTS{FILTER(", "true", ")}", ") }"),
    "subqueries": ("SELECT * WHERE ", "{SELECT * WHERE ", "{}", "}", ""),
    "blank node lists": ("SELECT * WHERE { ?s ?p ", "[ <http://e/p> ", "1", "]", " }"),
    "path groups": ("SELECT * WHERE { ?s ", "(", "<http://e/p>", ")", " ?o }"),
    "optional groups": ("SELECT * WHERE ", "{ ?s ?p ?o OPTIONAL ", "{}", "}", ""),
    "graph groups": ("SELECT * WHERE ", "{GRAPH ?g ", "{}", "}", ""),
    "triple terms": ("SELECT * WHERE { VALUES ?x { ", "<<( <http://e/s> <http://e/p> ", "1", " )>>",
                     " } }"),
}
# Flat chains that Oxigraph turns into trees as deep as they are long: (head, link, tail).
CHAINS = {
    "negations": ("SELECT * WHERE { FILTER(", "!", "true) }"),
    "disjunctions": ("SELECT * WHERE { FILTER(true", "||true", ") }"),
    "minus": ("SELECT * WHERE { ", "MINUS{}", " }"),
    "optional": ("SELECT * WHERE { ", "OPTIONAL{}", " }"),
    "filters": ("SELECT * WHERE { ", "FILTER(true)", " }"),
}


def nested(form: str, depth: int) -> str:
    """The form nested as deep as ``depth`` allows in all (its head and tail included)."""
    head, opening, inner, closing, tail = NESTED[form]
    levels = (depth - nesting_depth(code_only(head + inner + tail))[0]) \
        // nesting_depth(code_only(opening))[0]
    return head + opening * levels + inner + closing * levels + tail


def chain(form: str, symbols: int) -> str:
    """The chain as long as ``symbols`` symbols allow in all."""
    head, link, tail = CHAINS[form]
    links = (symbols - symbol_count(code_only(head + tail))) // symbol_count(code_only(link))
    return head + link * links + tail


@pytest.mark.parametrize("form", NESTED)
def test_nesting_at_the_limit_passes_and_one_deeper_is_refused(form: str) -> None:
    check_query_shape(nested(form, MAX_DEPTH))
    with pytest.raises(QueryTooComplexError, match=f"more than {MAX_DEPTH} deep"):
        check_query_shape(nested(form, MAX_DEPTH + 3))


@pytest.mark.parametrize("form", CHAINS)
def test_chains_at_the_limit_pass_and_longer_ones_are_refused(form: str) -> None:
    check_query_shape(chain(form, MAX_SYMBOLS))
    with pytest.raises(QueryTooComplexError, match=f"over the limit of {MAX_SYMBOLS}"):
        check_query_shape(chain(form, MAX_SYMBOLS + 20))


def test_the_message_says_where_and_what_to_do() -> None:
    query = "SELECT * WHERE {\n  FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ")\n}"
    with pytest.raises(QueryTooComplexError) as refused:
        check_query_shape(query, max_depth=200, option="newskg serve --max-query-depth")
    message = str(refused.value)
    # line 2 is "  FILTER(((...": '{' on line 1 and 'FILTER(' make two levels; the 199th '(' after
    # them, at column 9 + 199, is the 201st
    assert "more than 200 deep (at line 2, column 208)" in message
    assert "--max-query-depth" in message and "\n" not in message


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    deep = "(" * 300 + ")" * 300
    for query in (f'SELECT * WHERE {{ FILTER(REGEX(?x, "{deep}")) }}',
                  f"SELECT * WHERE {{ ?s ?p '''{deep}\n{deep}''' }}",
                  f"SELECT * WHERE {{ ?s ?p ?o }} # {deep}\n",
                  f'SELECT * WHERE {{ ?s ?p "\\"{deep}" }}'):
        check_query_shape(query)


@pytest.mark.parametrize("query", [
    # a '#' inside an IRI or escaped in a prefixed name does not start a comment
    "SELECT * WHERE { ?s <http://x/#> " + "(" * 300 + "1" + ")" * 300 + " }",
    "SELECT * WHERE { ?s ex:a\\#b " + "(" * 300 + "1" + ")" * 300 + " }",
    # brackets inside what looks like an IRI count: '<' may be less-than, and then they are parsed
    "SELECT * WHERE { FILTER(?a<" + "(" * 300 + "1" + ")" * 300 + ">?b) }",
])
def test_nothing_hides_brackets_from_the_scan(query: str) -> None:
    with pytest.raises(QueryTooComplexError):
        check_query_shape(query)


def test_values_data_does_not_count_toward_symbols() -> None:
    iris = " ".join(f"<http://example.org/item/{n}>" for n in range(10_000))
    check_query_shape(f"SELECT * WHERE {{ VALUES ?x {{ {iris} }} ?x ?p ?o }}")
    with pytest.raises(QueryTooComplexError, match="VALUES block"):
        check_query_shape(f"SELECT * WHERE {{ ?x ?p ?o FILTER(?x IN ({iris.replace(' ', ',')})) }}")


def test_an_unmatched_closing_bracket_banks_no_depth() -> None:
    assert nesting_depth(code_only(")" * 500 + "(" * 10))[0] == 10
    with pytest.raises(QueryTooComplexError):
        check_query_shape("SELECT * { " + ")" * 500 + "(" * 250 + " }")


# Adversarial inputs for the scans: each opening quote could make a backtracking regular
# expression scan to the end of the line again (the SERVICE guard took 11 s on 40 KB of them).
ADVERSARIAL = [
    'SELECT * FROM <http://x/> { ?s ?p "' + '\\"' * 200_000 + " }",
    "SELECT * FROM <http://x/> { ?s ?p '''" + "\\'''" * 100_000,
    "SELECT * FROM <http://x/> { " + "<a" * 200_000,
    "SELECT * FROM <http://x/> { " + "'a" * 200_000,
]


def test_the_scans_stay_linear_on_adversarial_text() -> None:
    script = textwrap.dedent("""
        from newskg.errors import QueryTooComplexError
        from newskg.rdf.prefixes import PREFIXES
        from newskg.store.shape import check_query_shape
        from newskg.store.reach import query_reach
        from tests.test_query_shape import ADVERSARIAL
        for query in ADVERSARIAL:
            try:
                check_query_shape(query)
            except QueryTooComplexError:
                pass
            query_reach(query, prefixes=PREFIXES)
        print("done")
    """)
    # a generous safety bound: linear scans take well under a second; quadratic ones, hours
    ran = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True,
                         text=True, timeout=120, cwd=REPO)
    assert ran.returncode == 0 and ran.stdout == "done\n", ran.stderr


STACK_CHECK = textwrap.dedent("""
    import sys, threading
    import pyoxigraph as ox
    from newskg.store.shape import MAX_DEPTH, MAX_SYMBOLS, check_query_shape
    from tests.test_query_shape import CHAINS, NESTED, chain, nested

    threading.stack_size(int(sys.argv[1]))
    chains = sys.argv[2:] or list(CHAINS)  # all nested forms, and these chains
    queries = [nested(form, MAX_DEPTH) for form in NESTED if not sys.argv[2:]] + [
        chain(form, MAX_SYMBOLS) for form in chains]

    def run():
        store = ox.Store()
        for query in queries:
            check_query_shape(query)
            result = store.query(query)
            if isinstance(result, ox.QuerySolutions):
                list(result)
            print("ran", len(query), flush=True)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
""")


def test_queries_at_the_bounds_run_on_half_the_query_stack() -> None:
    ran = subprocess.run([sys.executable, "-c", STACK_CHECK, str(QUERY_STACK_BYTES // 2)],
                         check=False, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert ran.returncode == 0, (ran.returncode, ran.stderr[-2000:])
    assert ran.stdout.count("ran") == len(NESTED) + len(CHAINS)


def test_the_usual_8_mib_stack_would_not_be_enough() -> None:
    """The bounds rely on the query stack: on a default thread stack a chain they allow crashes
    the process (a stack overflow), which is why every query runs on a query thread."""
    ran = subprocess.run([sys.executable, "-c", STACK_CHECK, str(8 * 2**20), "minus"],
                         check=False, capture_output=True, text=True, timeout=300, cwd=REPO)
    assert ran.returncode < 0 and "ran" not in ran.stdout  # killed by a signal (SIGSEGV)


@pytest.mark.parametrize("form", [form for form in NESTED if form != "triple terms"])
def test_rdflib_answers_queries_nested_to_the_limit(form: str) -> None:
    """rdflib's parser recursed past Python's recursion limit from about 40 levels ("query
    failed: maximum recursion depth exceeded"): it runs on the query stack with a raised limit.
    (Triple terms are RDF 1.2, which rdflib does not parse.)"""
    from rdflib import Dataset

    from newskg.store.engines import RdflibStore

    limit = sys.getrecursionlimit()
    result = RdflibStore(Dataset(default_union=True)).query(nested(form, MAX_DEPTH))
    assert result is not None and sys.getrecursionlimit() == limit


def test_a_failed_query_prints_its_error_alone(tmp_path: Path) -> None:
    """A query that fails while its answer is read (a SERVICE refused) leaves pyoxigraph's answer
    in the failure's frames; dropped on the calling thread, PyO3 printed a second stderr line
    ("... PyQuerySolutions is unsendable, but is being dropped on another thread"). It is printed
    as the process ends, outside CliRunner's sight: a subprocess shows it."""
    data = tmp_path / "one.ttl"
    data.write_text("<http://example.org/s> <http://example.org/p> 1 .\n")
    ran = subprocess.run([sys.executable, "-m", "newskg", "query", "--data", str(data),
                          "SELECT * { SERVICE <http://localhost:1/> { ?s ?p ?o } }"],
                         check=False, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr.startswith("error: query failed:") and len(ran.stderr.splitlines()) == 1, \
        ran.stderr


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_service_that_does_not_answer_is_named_and_offline_is_refused_first(
        tmp_path: Path, engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Your own SERVICE query offline said only "failed to lookup address information", and
    NEWSKG_OFFLINE=1 was ignored for it (a newcomer's attack)."""
    from typer.testing import CliRunner

    from newskg.cli import app

    data = tmp_path / "one.ttl"
    data.write_text("<http://example.org/s> <http://example.org/p> 1 .\n")
    query = "SELECT * { SERVICE <http://localhost:1/sparql> { ?s ?p ?o } }"
    runner = CliRunner()
    monkeypatch.delenv("NEWSKG_OFFLINE", raising=False)
    failed = runner.invoke(app, ["query", "--engine", engine, "--data", str(data), query])
    assert failed.exit_code == 2
    assert failed.stderr.startswith("error: query failed: ")
    assert failed.stderr.endswith(" (the query calls SERVICE <http://localhost:1/sparql>: is it "
                                  "reachable from here?)\n")
    monkeypatch.setenv("NEWSKG_OFFLINE", "1")
    offline = runner.invoke(app, ["query", "--engine", engine, "--data", str(data), query])
    assert offline.exit_code == 2 and offline.stderr == (
        "error: the query calls SERVICE <http://localhost:1/sparql>, and NEWSKG_OFFLINE=1 says "
        "there is no network; run it when online (or unset NEWSKG_OFFLINE)\n")
    plain = runner.invoke(app, ["query", "--engine", engine, "--data", str(data),
                                "ASK { ?s ?p 1 }"])
    assert plain.exit_code == 0  # a query without SERVICE runs offline


def test_the_reference_parse_is_not_waited_for_past_its_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """--engine rdflib parsed every query with Oxigraph first, which also plans it: 500 joined
    patterns took 205 s there (rdflib itself 1.9 s). The parse is given a few seconds."""
    import time as clock

    from newskg.errors import QuerySyntaxError
    from newskg.store import engines

    class Planning:
        def query(self, *args: object, **kwargs: object) -> None:
            clock.sleep(1.0)
            raise SyntaxError("error at 1:1: planned a long time")

    monkeypatch.setattr(engines.ox, "Store", Planning)
    engines.check_syntax("SELECT * WHERE { ?s ?p ?o }", within=0.05)  # not waited for: passes
    with pytest.raises(QuerySyntaxError, match="planned a long time"):
        engines.check_syntax("SELECT * WHERE { ?s ?p ?o }", within=10)


def test_the_word_service_elsewhere_does_not_turn_the_reference_parse_off() -> None:
    from newskg.errors import QuerySyntaxError
    from newskg.store.engines import check_syntax

    for query in ("# SERVICE\nSELECT (COUNT(*) AS ?n) ?s WHERE { ?s ?p ?o }",
                  "SELECT (COUNT(*) AS ?n) ?service WHERE { ?service ?p ?o }"):
        with pytest.raises(QuerySyntaxError):
            check_syntax(query)
