"""FROM and FROM NAMED in `newskg query`: the SPARQL dataset of the query, made of the build's
graphs on both engines; a graph the build lacks is refused (exit 2), never fetched or read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from tests.query_stores import ENGINES

runner = CliRunner()
ENTITIES = "https://w3id.org/newskg/graph/entities"
WORLD = "https://w3id.org/newskg/graph/world"


@pytest.fixture(scope="module")
def build_dir(built: tuple[object, Path]) -> str:
    return str(built[1])


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def rows(build_dir: str, engine: str, sparql: str) -> list[str]:
    code, out, err = run("query", "--build-dir", build_dir, "--engine", engine, "-f", "csv", sparql)
    assert code == 0, err
    return out.splitlines()[1:]


def count(build_dir: str, engine: str, sparql: str) -> int:
    return int(rows(build_dir, engine, "SELECT (COUNT(*) AS ?n) " + sparql)[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_from_makes_the_default_graph_the_merge_of_its_graphs(build_dir: str, engine: str) -> None:
    entities = count(build_dir, engine, f"{{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    both = count(build_dir, engine, f"{{ {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }} UNION "
                                    f"{{ GRAPH <{WORLD}> {{ ?s ?p ?o }} }} }}")
    assert 0 < entities < both < count(build_dir, engine, "{ ?s ?p ?o }")
    assert count(build_dir, engine, f"FROM <{ENTITIES}> {{ ?s ?p ?o }}") == entities
    assert count(build_dir, engine, f"FROM <{ENTITIES}> FROM <{WORLD}> {{ ?s ?p ?o }}") == both
    # FROM alone leaves no named graph to GRAPH ?g
    assert count(build_dir, engine, f"FROM <{ENTITIES}> {{ GRAPH ?g {{ ?s ?p ?o }} }}") == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_from_named_lists_the_graphs_graph_ranges_over(build_dir: str, engine: str) -> None:
    entities = count(build_dir, engine, f"{{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}")
    assert rows(build_dir, engine, f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{ENTITIES}> "
                                   "{ GRAPH ?g { ?s ?p ?o } } GROUP BY ?g") == \
        [f"{ENTITIES},{entities}"]
    assert count(build_dir, engine, f"FROM NAMED <{ENTITIES}> {{ ?s ?p ?o }}") == 0  # empty default
    assert count(build_dir, engine, f"FROM <{WORLD}> FROM NAMED <{ENTITIES}> "
                                    "{ GRAPH ?g { ?s ?p ?o } }") == entities


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("keyword", ["FROM", "FROM NAMED"])
@pytest.mark.parametrize("iri", ["http://nope.example/", "https://w3id.org/newskg/graph/nope",
                                 "file:///etc/hostname"])
def test_a_graph_the_build_lacks_is_refused_in_one_line(build_dir: str, engine: str, keyword: str,
                                                        iri: str) -> None:
    code, out, err = run("query", "--build-dir", build_dir, "--engine", engine,
                         f"SELECT (COUNT(*) AS ?n) {keyword} <{iri}> {{ ?s ?p ?o }}")
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"<{iri}> is not a graph of this dataset" in err
    assert "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }" in err  # how to list the graphs


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_named_in_from_is_never_read(tmp_path: Path, engine: str) -> None:
    """rdflib loads a FROM graph its dataset lacks from the IRI (a file: IRI reads a local file)."""
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://example.org/secret> <http://example.org/p> 'hidden' .\n")
    data = tmp_path / "data.trig"
    data.write_text("<http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 . }\n")
    code, out, err = run("query", "--engine", engine, "--data", str(data), "-f", "csv",
                         f"SELECT ?o FROM <{secret.as_uri()}> {{ ?s ?p ?o }}")
    assert code == 2 and "hidden" not in out and "is not a graph of this dataset" in err
    # a graph of the --data files is one of the dataset's graphs
    code, out, _ = run("query", "--engine", engine, "--data", str(data), "-f", "csv",
                       "SELECT ?o FROM <http://example.org/g> { ?s ?p ?o }")
    assert (code, out.splitlines()) == (0, ["o", "1"])


def test_rdflib_loads_no_graph_for_a_query() -> None:
    import rdflib.plugins.sparql
    from rdflib import Dataset

    from newskg.store.engines import RdflibStore

    RdflibStore(Dataset(default_union=True))
    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False
