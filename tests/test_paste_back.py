"""IRIs that paste back: every compact form a result table prints (``article:SLUG/REPORT-ID``,
``entity:KEY``, ``agreement:KEY``, ``event:KEY/date`` ...) parses as query input on both engines and
as a ``--param`` value; parameter values resolve through labels and aliases, and a value that
matches nothing exits 2 with the closest names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.store.compact import expand_compact_iris
from newskg.store.engines import Store, open_store
from newskg.store.named import get_query, resolve_query, to_term
from newskg.store.render import render_result
from newskg.store.results import Boolean
from newskg.store.values import check_values
from tests.conftest import SEED_SLUG

runner = CliRunner()
ARTICLE = f"https://w3id.org/newskg/id/article/{SEED_SLUG}"


@pytest.fixture(scope="module")
def stores(built: tuple[object, Path]) -> dict[str, Store]:
    return {engine: open_store(built[1], engine=engine) for engine in ("oxigraph", "rdflib")}


@pytest.fixture(scope="module")
def printed(stores: dict[str, Store]) -> list[str]:
    """Every resource of the seed graph as the default table prints it."""
    text, _ = render_result(stores["oxigraph"].query(
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s"), None)
    return [line.strip() for line in text.splitlines()[2:] if line.strip()
            and not line.endswith(" rows")]


def test_tables_print_the_compact_forms(printed: list[str]) -> None:
    kinds = {cell.split(":")[0] for cell in printed if not cell.startswith("<")}
    assert {"article", "entity", "event", "agreement", "counted", "relationship"} <= kinds
    assert f"article:{SEED_SLUG}/fig-killed" in printed  # a '/' in the local name


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_printed_iri_parses_back_in_a_query(stores: dict[str, Store], printed: list[str],
                                                  engine: str) -> None:
    failed = []
    for cell in printed:
        sparql, _ = resolve_query(f"ASK {{ {cell} ?p ?o }}", None, None, [])
        result = stores[engine].query(sparql)
        if not (isinstance(result, Boolean) and result.value):
            failed.append(cell)
    assert failed == [] and len(printed) > 100


def test_every_printed_iri_is_a_param_value(stores: dict[str, Store], printed: list[str]) -> None:
    query = get_query("statements-about")  # topic: any resource, no class declared
    assert [p.cls for p in query.params if p.name == "topic"] == [None]
    for cell in printed:
        term = to_term(cell, "iri", field="topic")
        bound, notes = check_values(stores["oxigraph"], query, {"topic": cell}, {"topic": term})
        assert bound == {"topic": term} and notes == [], cell


def test_strings_iris_comments_and_paths_are_left_alone() -> None:
    sparql = ('SELECT * { ?x nkg:evidence/oa:exact "article:a/b" . # article:a/b\n'
              " <http://x/article:a/b> ?p event:war/date }")
    assert expand_compact_iris(sparql) == sparql.replace(
        "event:war/date", "<https://w3id.org/newskg/id/event/war/date>")
    declared = "PREFIX article: <http://e/> ASK { article:a/b ?p ?o }"
    assert expand_compact_iris(declared) == declared


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_param_resolves_through_an_alias_with_a_note(built: tuple[object, Path]) -> None:
    build = str(built[1])
    code, by_alias, err = run("query", "--build-dir", build, "--name", "statements-by-speaker",
                              "--param", "speaker=pashinyan", "-f", "csv")
    assert code == 0 and "speaker=pashinyan: nikol-pashinyan (Nikol Pashinyan)" in err
    code, by_key, _ = run("query", "--build-dir", build, "--name", "statements-by-speaker",
                          "--param", "speaker=nikol-pashinyan", "-f", "csv")
    assert by_alias == by_key and len(by_key.splitlines()) > 1
    code, by_label, _ = run("query", "--build-dir", build, "--name", "statements-by-speaker",
                            "--param", "speaker=Nikol Pashinyan", "-f", "csv")
    assert code == 0 and by_label == by_key


def test_a_param_that_matches_nothing_exits_2_with_did_you_mean(built: tuple[object, Path]) -> None:
    code, out, err = run("query", "--build-dir", str(built[1]), "--name", "statements-by-speaker",
                         "--param", "speaker=pashinian")
    assert code == 2 and out == ""
    assert "matches nothing" in err and "did you mean nikol-pashinyan (Nikol Pashinyan)" in err
    code, _, err = run("query", "--build-dir", str(built[1]), "--name", "figures-compared",
                       "--param", "counted=killed")
    assert code == 2 and "did you mean counted:killed-" in err


def test_a_default_value_the_build_lacks_is_noted(stores: dict[str, Store]) -> None:
    """A new project keeps the shipped queries' defaults (actor-position: turkey); in a build
    without that entity, `query --name actor-position` answered no rows without a word."""
    import pyoxigraph as ox

    from newskg.store.engines import OxigraphStore

    query = get_query("actor-position")
    _, bindings = resolve_query(None, None, "actor-position", [])
    bound, notes = check_values(stores["oxigraph"], query, {}, bindings)
    assert notes == [] and bound == bindings  # the repository's build has turkey
    empty = OxigraphStore(ox.Store())
    bound, notes = check_values(empty, query, {}, bindings)
    assert bound == bindings
    assert notes == [("actor: the default 'turkey' is not in this build, so it matches nothing; "
                      "give --param actor=KEY (newskg query --list names the parameters)")]


@pytest.mark.parametrize(("name", "param", "typed"), [
    ("statements-by-kind", "stance=ilham-aliyev", ("entity:ilham-aliyev (Ilham Aliyev), of the "
     "classes nkg:Actor, nkg:Person; stance takes a nkg:Stance")),
    ("statements-by-speaker", "speaker=yerevan", ("entity:yerevan (Yerevan), of the classes "
     "nkg:City, nkg:Territory; speaker takes a nkg:Actor")),
    ("timeline", "article=azerbaijan", "takes a nkg:Article"),
    ("fact-evidence", "fact=agreement:karabakh-ceasefire-2023",
     "agreement:karabakh-ceasefire-2023 (Nagorno-Karabakh ceasefire of 20 September 2023)"),
    ("statements-by-speaker", "speaker=Karabakh", "entity:nagorno-karabakh"),  # through a name
    ("statements-by-speaker", "speaker=denied", ("'denied' is nkg:Denied, not one of its members; "
     "speaker takes a nkg:Actor")),  # an ontology term the store gives no type: resolved, 0 rows
    ("fact-evidence", "fact=killed", "'killed' is nkg:Killed, not one of its members"),
])
def test_a_value_of_another_class_exits_2_with_its_classes(built: tuple[object, Path], name: str,
                                                           param: str, typed: str) -> None:
    """A value the store types otherwise than the parameter's declared class answered no rows
    with exit 0 (stop 32's attack: stance=ilham-aliyev, article=azerbaijan)."""
    args = [] if name != "statements-by-speaker" or "speaker" in param else ["-p", "speaker=x"]
    code, out, err = run("query", "--build-dir", str(built[1]), "--name", name, "--param", param,
                         *args)
    assert code == 2 and out == "", err
    assert typed in err and "could only answer nothing" in err


def test_a_declared_class_picks_among_names_and_untyped_values_pass(
        built: tuple[object, Path], stores: dict[str, Store]) -> None:
    build = str(built[1])
    code, by_slug, err = run("query", "--build-dir", build, "--name", "statements-by-speaker",
                             "-p", "speaker=nikol-pashinyan", "-p", f"article={SEED_SLUG}",
                             "-f", "csv")
    assert code == 0 and f"article={SEED_SLUG}: article:{SEED_SLUG} (" in err
    code, by_iri, _ = run("query", "--build-dir", build, "--name", "statements-by-speaker",
                          "-p", "speaker=nikol-pashinyan", "-p", f"article=article:{SEED_SLUG}",
                          "-f", "csv")
    assert code == 0 and by_slug == by_iri and len(by_iri.splitlines()) > 1
    query = get_query("statements-by-kind")  # the store holds no type of the stances
    term = to_term("nkg:Denied", "iri", field="stance")
    bound, notes = check_values(stores["oxigraph"], query, {"stance": "nkg:Denied"},
                                {"stance": term})
    assert bound == {"stance": term} and notes == []
    code, _, err = run("query", "--build-dir", build, "--name", "events-in-place",
                       "-p", "place=karabak")
    assert code == 2 and "did you mean nagorno-karabakh (Nagorno-Karabakh)?" in err
    assert "'SELECT ?x WHERE { ?x a nkg:Territory }' lists them" in err


def test_a_report_is_found_by_its_id_and_a_mistyped_one_gets_its_near_ids(
        built: tuple[object, Path]) -> None:
    """fact= offered articles, nkg:Killed and turkey for a mistyped report id, never the report
    (a newcomer's attack): a class's members are matched by their last segment too."""
    build = str(built[1])
    code, by_id, err = run("query", "--build-dir", build, "--name", "fact-evidence",
                           "-p", "fact=fig-killed", "-f", "csv")
    assert code == 0 and f"fact=fig-killed: article:{SEED_SLUG}/fig-killed (" in err
    assert f"/{SEED_SLUG}/fig-killed," in by_id
    for typo in (f"article:{SEED_SLUG}/fig-kiled", "fig-kiled"):
        code, out, err = run("query", "--build-dir", build, "--name", "fact-evidence",
                             "-p", f"fact={typo}")
        assert code == 2 and out == ""
        assert f"did you mean article:{SEED_SLUG}/fig-killed (" in err, err
