"""`newskg plot`: the three pictures of the built store (all curated articles), as SVG and PNG.

Each picture is parsed as XML; its marks are the SVG groups with a gid (``report-3``), and each
count of marks is checked against a SPARQL count written here, on the same store, independently
of the plot queries. Every mark links (``<a xlink:href>``) to the report or instance it shows. The
pictures are kept as test artefacts under the test's tmp folder (their paths are printed), and a
headless Chromium screenshot of each SVG when Chromium is installed.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import threading
import time
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from newskg.cli import app
from newskg.plot.data import (
    Filters,
    figures_data,
    network_data,
    plot_query,
    plot_query_names,
    timeline_data,
)
from newskg.publish.build import BuildResult
from newskg.publish.releases import published_build
from newskg.rdf.namespaces import ID
from newskg.serve import create_app
from newskg.store.engines import OxigraphStore, RdflibStore
from newskg.store.results import Solutions
from newskg.store.review_status import status_variables

with warnings.catch_warnings():  # starlette warns that TestClient moves to httpx2 (not installed)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
KINDS = ("timeline", "network", "figures")
ARTICLE = "2023-09-26-power-press-availability-kornidzor"
CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)


def run(build: Path, *args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, ["plot", *args, "--build-dir", str(build)])
    return result.exit_code, result.stdout_bytes, result.stderr


def marks(svg: bytes) -> dict[str, list[str]]:
    """gid prefix (``report``) -> the link of each mark with that prefix, in order."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    found: dict[str, list[str]] = {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id") or ""
        m = re.fullmatch(r"([a-z]+)-(\d+)", gid)
        if m:
            links = {a.get(HREF) for a in group.iter(f"{SVG}a")}
            assert len(links) == 1, f"{gid}: {links}"
            found.setdefault(m.group(1), []).append(links.pop() or "")
    return found


def count(store: OxigraphStore, where: str) -> int:
    answer = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {where} }} }}")
    assert isinstance(answer, Solutions)
    term = answer.rows[0][0]
    assert term is not None
    return int(term.value)


def between(first: str | None, last: str | None, variable: str) -> str:
    """SPARQL filters for a day range on an xsd:dateTime variable (the day's first instant)."""
    out = ""
    if first:
        out += f' FILTER(?{variable} >= "{first}T00:00:00Z"^^xsd:dateTime)'
    if last:
        out += f' FILTER(?{variable} <= "{last}T00:00:00Z"^^xsd:dateTime)'
    return out


# Independent SPARQL for what each picture shows (reviewed reports and instances only).
TIMED = """?i nkg:pointInTime|nkg:start ?t ; nkg:reviewStatus nkg:Reviewed ; nkg:supportedBy ?r .
           ?r nkg:reviewStatus nkg:Reviewed ; nkg:sourceArticle ?article ."""
STATEMENTS = """?s nkg:speaker ?speaker ; nkg:about ?about ; nkg:reviewStatus nkg:Reviewed ;
                   nkg:sourceArticle ?article . ?about a nkg:Actor . FILTER(?speaker != ?about)"""
TIES = """?x a ?kind ; nkg:reviewStatus ?st ; nkg:supportedBy ?r . ?r nkg:reviewStatus nkg:Reviewed .
          VALUES ?kind { nkg:Alliance nkg:Rivalry }"""
ROLES = """?g a nkg:Agreement ; ?role ?actor ; nkg:reviewStatus nkg:Reviewed ; nkg:supportedBy ?r .
           ?r nkg:reviewStatus nkg:Reviewed . VALUES ?role { nkg:party nkg:mediator }"""
FIGURES = "?f nkg:counted ?c ; nkg:reviewStatus nkg:Reviewed ; nkg:sourceArticle ?article ."


@pytest.fixture(scope="module")
def build(built_all: tuple[BuildResult, Path]) -> Path:
    return built_all[1]


@pytest.fixture(scope="module")
def store(build: Path) -> Iterator[OxigraphStore]:
    yield OxigraphStore.open(published_build(build) / "store")


@pytest.fixture(scope="module")
def pictures(build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each picture written by the command to an .svg file (kept as an artefact)."""
    folder = tmp_path_factory.mktemp("pictures")
    found = {}
    for kind in KINDS:
        path = folder / f"plot-{kind}.svg"
        code, _out, err = run(build, kind, "-o", str(path))
        assert code == 0, err
        assert f"wrote {path}" in err
        found[kind] = path.read_bytes()
        print(f"picture: {path}")
    return found


def test_timeline_has_a_mark_per_timed_instance_and_per_report(
        pictures: dict[str, bytes], store: OxigraphStore) -> None:
    found = marks(pictures["timeline"])
    assert len(found["instance"]) == count(store, f"SELECT DISTINCT ?i WHERE {{ {TIMED} }}") > 15
    assert len(found["report"]) == count(store, f"SELECT DISTINCT ?i ?r WHERE {{ {TIMED} }}") > 30
    assert f"{ID}event/azerbaijan-offensive-2023" in found["instance"]
    assert all(link.startswith(f"{ID}article/") for link in found["report"])
    # The offensive is reported by all five articles: a mark links to each of its reports.
    answer = store.query(f"SELECT ?r WHERE {{ <{ID}event/azerbaijan-offensive-2023> "
                         "nkg:supportedBy ?r }")
    assert isinstance(answer, Solutions)
    offensive = {row[0].value for row in answer.rows if row[0] is not None}
    assert offensive <= set(found["report"])
    assert len({link.split("/")[-2] for link in offensive}) == 5


def test_timeline_draws_a_day_as_a_point_and_a_month_or_year_as_a_span(
        pictures: dict[str, bytes]) -> None:
    root = ET.fromstring(pictures["timeline"])
    shapes = {}
    for group in root.iter(f"{SVG}g"):
        a = next(group.iter(f"{SVG}a"), None)
        if (group.get("id") or "").startswith("instance-") and a is not None:
            shapes[a.get(HREF)] = "point" if next(a.iter(f"{SVG}use"), None) is not None \
                else "span"
    assert shapes[f"{ID}event/azerbaijan-offensive-2023"] == "point"  # 2023-09-19
    assert shapes[f"{ID}event/karabakh-exodus-2023"] == "span"  # 2023-09
    assert shapes[f"{ID}event/karabakh-war-2020"] == "span"  # 2020


def test_network_has_a_mark_per_statement_tie_and_agreement_role(
        pictures: dict[str, bytes], store: OxigraphStore) -> None:
    found = marks(pictures["network"])
    statements = count(store, f"SELECT DISTINCT ?s ?speaker ?about WHERE {{ {STATEMENTS} }}")
    assert len(found["statement"]) == statements > 40
    ties = count(store, f"SELECT DISTINCT ?x WHERE {{ {TIES} FILTER(?st = nkg:Reviewed) }}")
    assert len(found["relationship"]) == ties >= 3
    assert len(found["role"]) == count(store, f"SELECT DISTINCT ?g ?role ?actor WHERE {{ {ROLES} }}")
    assert len(found["agreement"]) == count(store, f"SELECT DISTINCT ?g WHERE {{ {ROLES} }}") == 2
    reviewed_ties = f"{TIES} FILTER(?st = nkg:Reviewed)"
    actors = (f"{{ {STATEMENTS} BIND(?speaker AS ?a) }} UNION {{ {STATEMENTS} BIND(?about AS ?a) }}"
              f" UNION {{ {reviewed_ties} ?x nkg:relationshipSubject ?a }}"
              f" UNION {{ {reviewed_ties} ?x nkg:relationshipObject ?a }}"
              f" UNION {{ {ROLES} BIND(?actor AS ?a) }}")
    assert len(found["actor"]) == count(store, f"SELECT DISTINCT ?a WHERE {{ {actors} }}") > 20
    assert f"{ID}entity/azerbaijan" in found["actor"]
    assert all(link.startswith(f"{ID}article/") for link in found["statement"])
    assert all(link.startswith(f"{ID}relationship/") for link in found["relationship"])


def test_figures_have_a_mark_per_reported_figure(pictures: dict[str, bytes],
                                                 store: OxigraphStore) -> None:
    found = marks(pictures["figures"])
    assert len(found["figure"]) == count(store, f"SELECT DISTINCT ?f WHERE {{ {FIGURES} }}") > 5
    assert len(set(found["figure"])) == len(found["figure"])
    assert f"{ID}article/2023-09-20-azerbaijan-claims-victory/fig-killed" in found["figure"]
    text = pictures["figures"].decode("utf-8")
    assert Counter(re.findall(r'id="(figure)-\d+"', text))["figure"] == len(found["figure"])


def test_article_filter_narrows_to_that_articles_reports(build: Path,
                                                         store: OxigraphStore) -> None:
    everything = {kind: marks(run(build, kind)[1]) for kind in ("timeline", "figures")}
    code, svg, err = run(build, "timeline", "--article", ARTICLE)
    assert code == 0, err
    found = marks(svg)
    article = f'?article = <{ID}article/{ARTICLE}>'
    assert len(found["report"]) == count(
        store, f"SELECT DISTINCT ?i ?r WHERE {{ {TIMED} FILTER({article}) }}")
    assert 0 < len(found["report"]) < len(everything["timeline"]["report"])
    assert all(link.startswith(f"{ID}article/{ARTICLE}/") for link in found["report"])
    code, svg, _ = run(build, "figures", "--article", ARTICLE)
    figures = marks(svg)["figure"]
    assert 0 < len(figures) < len(everything["figures"]["figure"])
    assert len(figures) == count(store, f"SELECT DISTINCT ?f WHERE {{ {FIGURES} FILTER({article}) }}")
    code, svg, _ = run(build, "network", "--article", ARTICLE)
    assert all(link.startswith(f"{ID}article/{ARTICLE}/") for link in marks(svg)["statement"])
    for form in (f"article:{ARTICLE}", f"<{ID}article/{ARTICLE}>", f"{ID}article/{ARTICLE}"):
        assert run(build, "network", "--article", form)[1] == svg  # as tables print it, or an IRI


@pytest.mark.parametrize(("first", "last"), [("2023-09-01", None), (None, "2020-12-31"),
                                             ("2023-09-20", "2023-09-21")])
def test_date_filters_narrow_the_timeline_and_the_network(
        build: Path, store: OxigraphStore, first: str | None, last: str | None) -> None:
    options = [*(["--from", first] if first else []), *(["--to", last] if last else [])]
    code, svg, err = run(build, "timeline", *options)
    assert code == 0, err
    timed = (f"{TIMED} ?t nkg:timeValue ?start ; nkg:periodEnd ?end . "
             "OPTIONAL { ?i nkg:end/nkg:periodEnd ?last }")  # it lasts until its end, if any
    if first:
        timed += f' FILTER(COALESCE(?last, ?end) > "{first}T00:00:00Z"^^xsd:dateTime)'
    if last:
        timed += f' FILTER(?start <= "{last}T00:00:00Z"^^xsd:dateTime)'
    instances = marks(svg).get("instance", [])
    assert len(instances) == count(store, f"SELECT DISTINCT ?i WHERE {{ {timed} }}") > 0
    assert len(instances) < count(store, f"SELECT DISTINCT ?i WHERE {{ {TIMED} }}")
    code, svg, err = run(build, "network", *options)
    assert code == 0, err
    said = (f"{STATEMENTS} ?article dcterms:issued ?issued . OPTIONAL {{ ?s nkg:pointInTime/"
            f"nkg:timeValue ?own }} BIND(COALESCE(?own, ?issued) AS ?when)"
            + between(first, last, "when"))
    assert len(marks(svg).get("statement", [])) == count(
        store, f"SELECT DISTINCT ?s ?speaker ?about WHERE {{ {said} }}")


def test_drafts_add_the_draft_alliance(build: Path, store: OxigraphStore) -> None:
    reviewed = marks(run(build, "network")[1])["relationship"]
    code, svg, err = run(build, "network", "--drafts")
    assert code == 0, err
    with_drafts = marks(svg)["relationship"]
    assert len(with_drafts) == count(store, f"SELECT DISTINCT ?x WHERE {{ {TIES} }}")
    added = set(with_drafts) - set(reviewed)
    assert added == {f"{ID}relationship/armenia-ally-of-karabakh-separatists"}  # status: draft


def test_png_is_written(build: Path, tmp_path: Path) -> None:
    for kind in KINDS:
        path = tmp_path / f"plot-{kind}.png"
        code, _out, err = run(build, kind, "-o", str(path))
        assert code == 0, err
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width > 800 and image.height > 300
        print(f"picture: {path}")


def test_the_same_store_gives_the_same_svg(build: Path, pictures: dict[str, bytes]) -> None:
    assert run(build, "network")[1] == pictures["network"]
    outside = set(re.findall(rb"https?://[^/\"]+", pictures["network"])) - {
        b"http://www.w3.org", b"https://w3id.org"}
    assert not outside  # no date, and no metadata naming other sites


@pytest.mark.parametrize(("args", "message"), [
    (["bogus"], "no picture 'bogus'; choose one of timeline, network, figures"),
    (["timeline", "--from", "2023-02-30"], "'2023-02-30' is not a day; write it as YYYY-MM-DD"),
    (["timeline", "--to", "20 Sept"], "'20 Sept' is not a day"),
    (["network", "--from", "2023-09-21", "--to", "2023-09-20"], "after it ends (2023-09-20, to)"),
    (["figures", "-o", "picture.gif"], "picture.gif: the output must end in .svg or .png"),
    (["figures", "--article", "no-such-article"], "no article 'no-such-article' in the built"),
    (["figures", "--article", "../etc"], "is not an article (its folder name"),
])
def test_bad_input_is_exit_2_with_a_clear_message(build: Path, args: list[str],
                                                  message: str) -> None:
    code, out, err = run(build, *args)
    assert code == 2 and not out
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_an_unwritable_output_is_exit_2_naming_it(build: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "timeline.svg"
    code, _out, err = run(build, "timeline", "-o", str(target))
    assert code == 2
    assert f"error: {target}: {blocker} is a file, not a folder" in err
    assert not target.exists()


def test_without_a_build_is_exit_2(tmp_path: Path) -> None:
    code, _out, err = run(tmp_path, "timeline")
    assert code == 2 and "newskg build" in err


@pytest.mark.parametrize("name", plot_query_names())
def test_plot_queries_are_named_queries_restricted_to_reviewed_reports(name: str) -> None:
    query = plot_query(name)
    assert query.text.startswith("# question: ") and query.question.endswith("?")
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for param in query.params:  # the filters: each optional (unbound, it matches anything)
        assert param.help and (param.optional or name == "article")
        assert re.search(rf"\?{param.name}\b", body), f"{name}: ?{param.name} unused"
    if name == "article":  # whether the article exists: no report is read
        return
    assert status_variables(query.text) and not status_variables(query.sparql(drafts=True))


def test_the_data_of_the_pictures_is_the_same_on_rdflib(build: Path,
                                                       store: OxigraphStore) -> None:
    other = RdflibStore.from_files([published_build(build) / "newskg.trig"])
    filters = Filters(since=dt.date(2023, 9, 1))
    for load in (timeline_data, figures_data):
        mine, theirs = (sorted(map(repr, load(s, filters))) for s in (store, other))
        assert mine == theirs and mine, load.__name__
    mine_net, their_net = (network_data(s, filters) for s in (store, other))
    assert mine_net.labels == their_net.labels and mine_net.ties
    assert sorted(map(repr, mine_net.ties)) == sorted(map(repr, their_net.ties))


def test_serve_draws_the_pictures_linking_to_the_marks_own_pages(build: Path) -> None:
    with TestClient(create_app(build, threads=1)) as client:
        page = client.get("/")
        assert 'href="/plot/timeline.svg"' in page.text and 'src="/plot/network.svg"' in page.text
        for kind in KINDS:
            answer = client.get(f"/plot/{kind}.svg")
            assert answer.status_code == 200, answer.text
            assert answer.headers["content-type"] == "image/svg+xml"
            links = [link for found in marks(answer.content).values() for link in found]
            assert links and all(link.startswith("/id/") for link in links)
            page = client.get(links[0], headers={"Accept": "text/html"})  # a mark's own page
            assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        narrowed = client.get(f"/plot/timeline.svg?article={ARTICLE}&drafts=false")
        assert len(marks(narrowed.content)["report"]) < len(
            marks(client.get("/plot/timeline.svg").content)["report"])
        png = client.get("/plot/figures.png")
        assert png.headers["content-type"] == "image/png" and png.content[:4] == b"\x89PNG"
        missing = client.get("/plot/bogus.svg")
        assert missing.status_code == 404 and "/plot/timeline.svg" in missing.text
        bad = client.get("/plot/timeline.svg?from=tomorrow")
        assert bad.status_code == 400 and "'tomorrow' is not a day" in bad.text


def test_serve_answers_a_picture_past_its_time_limit_with_503(
        build: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/plot was drawn without the endpoint's --timeout: a slow picture held the request for as
    long as it took. Now it is 503 at the limit, as a runaway query is, and the drawing holds its
    store until it ends."""
    from newskg.serve import pictures

    done = threading.Event()

    def slow(store: object, request: object) -> bytes:
        time.sleep(1.5)
        done.set()
        return b"<svg/>"

    monkeypatch.setattr(pictures, "plot", slow)
    runaways: list[bool] = []
    app = create_app(build, threads=1, timeout=0.3, on_runaway=lambda: runaways.append(True))
    with TestClient(app) as client:
        answer = client.get("/plot/timeline.svg")
        assert not done.is_set()  # answered before the drawing ended
        assert answer.status_code == 503 and answer.headers["retry-after"]
        assert answer.text == ("the picture took longer than this endpoint's limit of 0.3 s; "
                               "narrow it down (article=, from=, to=)\n")
        assert answer.headers["connection"] == "close" and runaways == [True]
        assert done.wait(5)


def test_serve_draws_from_the_build_it_holds_like_every_other_route(
        built: tuple[BuildResult, Path], tmp_path: Path) -> None:
    """With the build folder moved away while the server runs, /plot answers from the store the
    server holds open, as /named and /sparql do (it used to open the store by its path again:
    'no built store')."""
    folder, moved = tmp_path / "build", tmp_path / "moved"
    shutil.copytree(built[1], folder, symlinks=True)
    with TestClient(create_app(folder, threads=1), base_url="http://127.0.0.1") as client:
        folder.rename(moved)
        for route in ("/named/timeline", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
                      "/plot/network.svg", "/plot/timeline.svg"):
            held = client.get(route)
            assert held.status_code == 200, f"{route}: {held.text}"
    with TestClient(create_app(moved, threads=1), base_url="http://127.0.0.1") as client:
        fresh = client.get("/plot/timeline.svg")
    assert marks(held.content) == marks(fresh.content) and marks(held.content)["report"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install "
                    "chromium); .ci/run installs it")
def test_a_browser_renders_each_picture(pictures: dict[str, bytes], tmp_path: Path) -> None:
    """Screenshots of the SVGs as Chromium draws them, kept as artefacts."""
    assert CHROMIUM is not None
    for kind, svg in pictures.items():
        source = tmp_path / f"plot-{kind}.svg"
        source.write_bytes(svg)
        shot = tmp_path / f"screenshot-{kind}.png"
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
             "--window-size=1400,1000", f"--screenshot={shot}", source.as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        with Image.open(shot) as image:  # not blank: the picture's colours are on it
            assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 50
        print(f"screenshot: {shot}")


@pytest.mark.parametrize("kind", KINDS)
def test_nothing_to_show_is_an_empty_picture_not_an_error(build: Path, kind: str) -> None:
    code, svg, err = run(build, kind, "--from", "2031-01-01")
    assert code == 0, err
    found = marks(svg)
    if kind == "network":  # alliances and rivalries with no end still hold in 2031
        assert set(found) == {"actor", "relationship"}
        return
    assert found == {}
    assert b"nothing to show: no " in svg  # matplotlib keeps each text in an SVG comment


def test_newskg_serve_answers_the_pictures_over_a_socket(endpoint: str, tmp_path: Path) -> None:
    """The real `newskg serve` (its worker processes, each with the store open read-only)."""
    import urllib.request

    for kind in KINDS:
        with urllib.request.urlopen(f"{endpoint}/plot/{kind}.svg", timeout=120) as answer:
            assert answer.status == 200 and answer.headers["Content-Type"] == "image/svg+xml"
            found = marks(answer.read())
        assert found and all(link.startswith("/id/")
                             for links in found.values() for link in links)
    if CHROMIUM is not None:  # the served picture as a browser shows it, kept as an artefact
        shot = tmp_path / "served-timeline.png"
        done = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}",
             "--window-size=1400,900", f"--screenshot={shot}", f"{endpoint}/plot/timeline.svg"],
            capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        assert shot.stat().st_size > 10_000
        print(f"screenshot: {shot}")


@pytest.mark.parametrize("last", [dt.date(9998, 12, 31), dt.date(9999, 1, 1), dt.date(9999, 12, 30)])
def test_the_compressed_time_axis_has_ticks_up_to_the_calendars_end(last: dt.date) -> None:
    """An instance ending in the last supported year (its span ends 9999-01-01 or later) gets
    ticks; the tick candidates stop at the calendar's last month (year 10000 does not exist)."""
    import numpy as np
    from matplotlib.dates import date2num

    from newskg.plot.timeline import _compressed_ticks

    first = date2num(dt.date(9950, 1, 1))
    ticks = _compressed_ticks(first, date2num(last), lambda x: np.log1p(np.asarray(x) - first + 1))
    assert ticks and all(first - 400 <= tick <= date2num(last) for tick in ticks)


def test_the_network_caption_counts_in_words_that_agree() -> None:
    """The caption said "1 agreements"."""
    from newskg.plot.network import _count

    assert [_count(1, "agreement"), _count(2, "agreement"), _count(0, "actor")] == [
        "1 agreement", "2 agreements", "0 actors"]
    assert _count(1, "party or mediator", "parties or mediators") == "1 party or mediator"
    assert _count(3, "party or mediator", "parties or mediators") == "3 parties or mediators"
