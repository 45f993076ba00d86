"""Named queries over more than one article: the union default graph must not multiply answers."""

from __future__ import annotations

import shutil
from pathlib import Path

from newskg.store.engines import Store
from newskg.store.named import get_query
from newskg.store.results import Solutions
from tests.conftest import SEED_SLUG
from tests.query_stores import stores_for

COPY = "2023-09-21-copy-of-the-seed"


def provenance(store: Store) -> dict[str, tuple[str, ...]]:
    result = store.query(get_query("fact-provenance").text)
    assert isinstance(result, Solutions)
    return {str(row[0]): tuple(str(term) for term in row[1:]) for row in result.rows}


def test_two_articles_by_one_curator_are_counted_apart(seed_copy: Path) -> None:
    alone = {engine: provenance(store) for engine, store in stores_for(seed_copy).items()}
    shutil.copytree(seed_copy / "articles" / SEED_SLUG, seed_copy / "articles" / COPY)
    for engine, store in stores_for(seed_copy).items():
        both = provenance(store)
        assert len(both) == 2
        (seed_row,) = alone[engine].values()
        assert set(both.values()) == {seed_row}  # each article: its own count, not doubled
        assert seed_row[2:] == ('"127"^^<http://www.w3.org/2001/XMLSchema#integer>',) * 2 + \
            ('"0"^^<http://www.w3.org/2001/XMLSchema#integer>',) * 2


def test_a_copied_article_makes_each_instance_reported_twice(seed_copy: Path) -> None:
    """The copy reports the same world instances: nothing is single-source any more, and each
    instance has one report per article (not one instance per article, as in model 0.1)."""
    shutil.copytree(seed_copy / "articles" / SEED_SLUG, seed_copy / "articles" / COPY)
    for store in stores_for(seed_copy).values():
        single = store.query(get_query("single-source").text)
        assert isinstance(single, Solutions) and single.rows == ()
        query = get_query("instance-reports")
        reports = store.query(query.text, bindings=query.bind(
            {"instance": "agreement:karabakh-ceasefire-2023"}))
        assert isinstance(reports, Solutions)
        articles = [str(row[reports.variables.index("article")]) for row in reports.rows]
        assert len(articles) == 2 and len(set(articles)) == 2
