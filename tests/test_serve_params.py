"""`newskg serve`: every route that reads URL parameters reads them by the same rules
(`newskg.serve.params`): a parameter it does not read, or one given twice with two values, is
400 naming it and saying what to do, in the same words on every route."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from newskg.publish.build import BuildResult
from newskg.serve import create_app
from tests.conftest import SEED_SLUG

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

# route -> (a query string it answers 200, the parameters it reads)
ROUTES = {
    "/named/timeline": ("from=2023-09-01", "from, to, article, drafts, limit, offset"),
    "/plot/timeline.svg": (f"article={SEED_SLUG}", "article, from, to, drafts"),
    "/id/entity/ilham-aliyev": ("format=nt", "format"),
    "/ontology": ("format=nt", "format"),
    "/.well-known/void": ("format=nt", "format"),
    "/health": ("format=json", "format"),
}


@pytest.fixture(scope="module")
def client(built: tuple[BuildResult, Path]) -> Iterator[TestClient]:
    with TestClient(create_app(built[1], threads=2), base_url="http://127.0.0.1") as c:
        yield c


@pytest.mark.parametrize("route", ROUTES)
def test_a_route_answers_the_parameters_it_reads(client: TestClient, route: str) -> None:
    given, _ = ROUTES[route]
    answer = client.get(f"{route}?{given}")
    assert answer.status_code == 200, answer.text
    again = client.get(f"{route}?{given}&{given}")  # the same value twice is one value
    assert again.status_code == 200, again.text


@pytest.mark.parametrize("route", ROUTES)
def test_a_parameter_a_route_does_not_read_is_refused_naming_it(client: TestClient,
                                                                route: str) -> None:
    given, reads = ROUTES[route]
    answer = client.get(f"{route}?{given}&frmat=nt")
    assert answer.status_code == 400, answer.text
    assert answer.text == (f"{route} has no parameter 'frmat'; its parameters: {reads}: drop it "
                           "or correct its name\n")


@pytest.mark.parametrize("route", ROUTES)
def test_a_parameter_given_twice_with_two_values_is_refused_naming_both(client: TestClient,
                                                                        route: str) -> None:
    given, _ = ROUTES[route]
    name, _, value = given.partition("=")
    answer = client.get(f"{route}?{given}&{name}=other")
    assert answer.status_code == 400, answer.text
    assert answer.text == (f"{name} is given twice ({value!r} and 'other'); a parameter takes one "
                           "value: ask once per value\n")


@pytest.mark.parametrize("route", ROUTES)
def test_a_query_string_that_is_not_utf8_is_refused_on_every_route(client: TestClient,
                                                                   route: str) -> None:
    answer = client.get(f"{route}?format=%FF")
    assert answer.status_code == 400 and "not UTF-8 once percent-decoded" in answer.text


def test_an_unknown_named_query_is_404_whatever_its_parameters(client: TestClient) -> None:
    answer = client.get("/named/no-such-query?frmat=nt")
    assert answer.status_code == 404 and "no named query 'no-such-query'" in answer.text


def test_the_query_page_keeps_its_own_parameters(client: TestClient) -> None:
    """The page's ``?resource=`` is read by its script, not by the server: not refused."""
    assert client.get("/?resource=https%3A%2F%2Fw3id.org%2Fnewskg%2Fid%2Fentity%2Fx").status_code \
        == 200
