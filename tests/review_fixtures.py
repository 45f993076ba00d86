"""A data folder with one drafted article to review: data/ plus tests/fixtures/review/<slug>/.

The article (tests/fixtures/review/.../article.txt) was written for these tests: four short
paragraphs about the September 2023 events, with a claim, a denial, an evaluation, a call, figures
and proposed instances; its facts.yaml is what `newskg add` drafted for it (not reviewed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, REPO

REVIEW_FIXTURE = REPO / "tests" / "fixtures" / "review"
REVIEW_SLUG = "2023-09-22-armenia-says-it-will-take"


def review_data(target: Path) -> Path:
    shutil.copytree(DATA, target)
    shutil.copytree(REVIEW_FIXTURE / REVIEW_SLUG, target / "articles" / REVIEW_SLUG)
    return target


@pytest.fixture()
def review_copy(tmp_path: Path) -> Path:
    """A scratch data folder with the drafted article to review."""
    return review_data(tmp_path / "data")
