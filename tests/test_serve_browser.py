"""A real browser on the query page: headless Chromium runs a named query and shows the table.

Chromium is started with --dump-dom (the DOM after the page's scripts ran) and --screenshot; the page
runs the query given in its URL (?name=..., ?resource=..., ?query=...&run). The screenshot is kept
under the test's tmp folder (its path is printed). Skipped with the reason when Chromium is missing;
.ci/run installs Debian's `chromium`.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest

CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--virtual-time-budget=15000"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get "
                                "install chromium); .ci/run installs it")


def chromium(url: str, tmp_path: Path, *extra: str) -> str:
    assert CHROMIUM is not None
    profile = tmp_path / "chromium-profile"
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def table(dom: str) -> list[list[str]]:
    match = re.search(r'<table id="results">(.*?)</table>', dom, re.DOTALL)
    assert match, "no results table in the page"
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.DOTALL)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell))
             for cell in re.findall(r"<t[hd]>(.*?)</t[hd]>", row, re.DOTALL)] for row in rows]


def test_page_runs_a_named_query_and_shows_the_table(endpoint: str, tmp_path: Path) -> None:
    url = f"{endpoint}/?name=ceasefire-mediators"
    dom = chromium(url, tmp_path, "--dump-dom")
    assert 'data-state="done"' in dom
    rows = table(dom)
    assert rows[0] == ["agreement", "label", "mediator", "mediatorName", "date", "status"]
    assert len(rows) == 2 and rows[1][2] == "entity:russian-peacekeepers"
    assert rows[1][5] == "nkg:Reviewed"  # reviewed reports only, unless the drafts box is ticked
    links = re.findall(r'href="(/\?resource=[^"]+)"', dom)
    assert "/?resource=https%3A%2F%2Fw3id.org%2Fnewskg%2Fid%2Fentity%2Frussian-peacekeepers" \
        in links
    screenshot = tmp_path / "query-page.png"
    chromium(url, tmp_path, "--window-size=1280,900", f"--screenshot={screenshot}")
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")


def test_resource_link_shows_what_is_said_about_it(endpoint: str, tmp_path: Path) -> None:
    iri = "https://w3id.org/newskg/id/entity/russian-peacekeepers"
    dom = chromium(f"{endpoint}/?resource={urllib.parse.quote(iri, safe='')}", tmp_path,
                   "--dump-dom")
    rows = table(dom)
    assert rows[0] == ["subject", "predicate", "object"]
    assert len(rows) > 3
    assert all("entity:russian-peacekeepers" in (row[0], row[2]) for row in rows[1:])


def test_a_refused_query_shows_the_server_message(endpoint: str, tmp_path: Path) -> None:
    query = urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    dom = chromium(f"{endpoint}/?query={query}&run", tmp_path, "--dump-dom")
    assert 'data-state="failed"' in dom
    assert re.search(r'<pre id="error">403 [^<]*SERVICE \(federated query\) is disabled', dom)


def test_entity_page_shows_reports_with_highlighted_evidence(
        endpoint: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The page an entity IRI dereferences to in a browser (``Accept: text/html``): its reports,
    each with its evidence span highlighted inside the sentence. ``--update-snapshots`` also writes
    the screenshot to docs/img/entity-page.png (shown in the README)."""
    url = f"{endpoint}/id/entity/ilham-aliyev"
    dom = chromium(url, tmp_path, "--dump-dom")
    assert "<h1>Ilham Aliyev</h1>" in dom
    reports = re.findall(r'<li class="report"[^>]*>(.*?)</li>', dom, re.DOTALL)
    assert len(reports) > 3
    for report in reports:  # each report's sentence holds one highlighted span
        sentence = re.search(r'<blockquote class="sentence">(.*?)</blockquote>', report, re.DOTALL)
        assert sentence and len(re.findall(r'<mark class="evidence">[^<]+</mark>',
                                           sentence.group(1))) == 1, report
    screenshot = tmp_path / "entity-page.png"
    chromium(url, tmp_path, "--window-size=1100,1000", "--hide-scrollbars",
             f"--screenshot={screenshot}")
    assert screenshot.stat().st_size > 20_000
    print(f"screenshot: {screenshot}")
    if request.config.getoption("--update-snapshots"):
        target = Path(__file__).resolve().parents[1] / "docs" / "img" / "entity-page.png"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(screenshot, target)
