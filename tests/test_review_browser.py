"""A real browser on the review page: accept (with its key), edit a speaker, reject, make a new
report (and a new entity) from a selected span, save; then `newskg build` conforms, and facts.yaml
differs from the draft only in the reports decided. A page loaded before that save is refused.

Headless Chromium as in tests/test_serve_browser.py, driven over the DevTools protocol
(tests/cdp.py). The screenshot is written to $NEWSKG_TEST_ARTEFACTS (default: the test's tmp folder;
docs/img/review.png is a copy of it) and its path printed. Skipped with the reason when Chromium is
missing; .ci/run installs Debian's `chromium`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from newskg.cli import app
from newskg.review import splice
from newskg.review.app import create_review_app
from newskg.review.edits import REPORT_SECTIONS
from newskg.review.session import ReviewSession
from tests.cdp import CHROMIUM, Browser, Page
from tests.review_fixtures import REVIEW_SLUG
from tests.serve_fixtures import LiveServer

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get "
                                "install chromium); .ci/run installs it")

READY = "document.body.dataset.state === 'ready'"


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Browser]:
    chromium = Browser(tmp_path / "chromium-profile")
    try:
        yield chromium
    finally:
        chromium.close()


def artefact_dir(tmp_path: Path) -> Path:
    return Path(os.environ.get("NEWSKG_TEST_ARTEFACTS") or tmp_path)


def item_lines(text: str) -> dict[int, str]:
    """Line number (0-based) → id of the report whose lines hold it."""
    doc = splice.parse(text)
    out = {}
    for section in REPORT_SECTIONS:
        for index, item in enumerate(doc.get(section) or []):
            place = splice.seq_item_place(text, section, index, doc)
            out.update({line: str(item["id"]) for line in range(place.start, place.end)})
    return out


def touched_reports(before: str, after: str) -> set[str]:
    """The reports whose lines a diff of ``before`` → ``after`` touches; an untouched line
    outside every report shows as '?'."""
    old, new = item_lines(before), item_lines(after)
    touched = set()
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            touched |= {old.get(line, "?") for line in range(a0, a1)}
            touched |= {new.get(line, "?") for line in range(b0, b1)}
    return touched


def select_span(page: Page, words: str) -> None:
    """Select ``words`` in the article as a mouse would, and let go of the button."""
    page.js(f"""(() => {{
        const text = state.text, start = text.indexOf({json.dumps(words)});
        const end = start + {len(words)};
        const segs = [...document.querySelectorAll('#text .seg')];
        const at = (offset) => {{
          const seg = segs.filter((s) => Number(s.dataset.start) <= offset).pop();
          return [seg.firstChild, offset - Number(seg.dataset.start)];
        }};
        const range = document.createRange();
        range.setStart(...at(start));
        range.setEnd(...at(end));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        document.querySelector('#text').dispatchEvent(new MouseEvent('mouseup', {{bubbles: true}}));
    }})()""")


def test_the_review_loop_saves_only_what_was_decided(review_copy: Path, tmp_path: Path,
                                                     browser: Browser) -> None:
    session = ReviewSession(review_copy, review_copy / "articles" / REVIEW_SLUG, reviewer="jdoe")
    draft = session.facts_path.read_text(encoding="utf-8")
    with LiveServer(create_review_app(session)) as url:
        page = browser.open(url + "/")
        stale = browser.open(url + "/")  # a second page on the same article
        page.wait_for(READY)
        stale.wait_for(READY)
        assert page.js("document.querySelector('#counts').textContent") == \
            "reviewed 0 / 18 · remaining 18"

        # accept, with the keyboard: choose the card, press "a"
        page.js("document.querySelector('.card[data-id=\"st-ilham-aliyev\"] dl').click()")
        page.key("a")
        assert page.js("document.querySelector('.card[data-id=\"st-ilham-aliyev\"]')"
                       ".dataset.decision") == "accept"

        # edit a speaker: the separatist authorities → the separatist forces
        page.js("document.querySelector('.card[data-id=\"st-karabakh-authorities\"] "
                "button.edit').click()")
        page.js("""(() => {
            const select = document.querySelector(
              '.card[data-id="st-karabakh-authorities"] select[name=speakers]');
            for (const option of select.options)
              option.selected = option.value === 'karabakh-separatists';
            document.querySelector('.card[data-id="st-karabakh-authorities"] button.apply')
              .click();
        })()""")

        # reject
        page.js("document.querySelector('.card[data-id=\"m-armenia\"] button.reject').click()")

        # a new report from a selected span, about an entity made in place
        select_span(page, "his government")
        page.wait_for("!document.querySelector('#new-report').hidden")
        page.js("""(() => {
            const form = document.querySelector('#new-report');
            form.querySelector('button.new-entity').click();
            form.querySelector('[name=new-key]').value = 'armenian-cabinet';
            form.querySelector('[name=new-name]').value = 'Cabinet of Armenia';
            form.querySelector('[name=new-type]').value = 'GovernmentBody';
            form.querySelector('button.create-ok').click();
            form.querySelector('input[name=role]').value = 'his government';
            form.querySelector('button.add').click();
        })()""")
        assert page.js("document.querySelector('#pending').textContent") == \
            "5 unsaved change(s)"
        assert page.js("document.querySelector('#counts').textContent") == \
            "reviewed 3 / 18 · remaining 15 · rejecting 1"
        assert page.js("document.querySelectorAll('#text .seg.k-mention[data-ids~=\"new-1\"]')"
                       ".length") == 1
        shot = page.screenshot(artefact_dir(tmp_path) / "review.png")
        print(f"screenshot: {shot}")
        assert shot.stat().st_size > 20_000

        page.key("s", ctrl=True)  # save
        page.wait_for("document.body.dataset.state === 'ok'")
        assert page.js("document.querySelector('#message').textContent").startswith(
            "saved 5 change(s)")
        assert page.js("document.querySelector('#counts').textContent") == \
            "reviewed 3 / 18 · remaining 15"  # 17 reports now, one of them new and reviewed

        # the page loaded before the save is refused, and says why
        stale.js("document.querySelector('.card[data-id=\"m-azerbaijan\"] "
                 "button.accept').click()")
        stale.js("document.querySelector('#save').click()")
        stale.wait_for("document.body.dataset.state === 'refused'")
        assert "changed since this page was loaded" in stale.js(
            "document.querySelector('#message').textContent")

    saved = session.facts_path.read_text(encoding="utf-8")
    assert touched_reports(draft, saved) == {"st-ilham-aliyev", "st-karabakh-authorities",
                                             "m-armenia", "m-armenian-cabinet"}
    doc = yaml.safe_load(saved)
    statement = next(s for s in doc["statements"] if s["id"] == "st-karabakh-authorities")
    mark = statement["reviewed"]  # who decided, and the day (today)
    assert statement["speakers"] == ["karabakh-separatists"] and mark["by"] == "jdoe"
    assert dt.date.fromisoformat(mark["date"]) <= dt.datetime.now(dt.UTC).date()
    assert statement["resolution"]["by"] == "jdoe"
    mention = doc["mentions"][-1]
    assert mention == {"id": "m-armenian-cabinet", "entity": "armenian-cabinet",
                       "role": "his government", "reviewed": mark, "evidence": "his government"}
    assert "m-armenia" not in [m["id"] for m in doc["mentions"]]

    built = CliRunner().invoke(app, ["build", "--data-dir", str(review_copy),
                                     "--build-dir", str(tmp_path / "build")])
    assert built.exit_code == 0, built.output
    assert "shapes: conforms" in built.output


def test_a_change_that_would_not_build_is_refused_on_the_page(review_copy: Path,
                                                              browser: Browser) -> None:
    session = ReviewSession(review_copy, review_copy / "articles" / REVIEW_SLUG)
    draft = session.facts_path.read_text(encoding="utf-8")
    with LiveServer(create_review_app(session)) as url:
        page = browser.open(url + "/")
        page.wait_for(READY)
        page.js("document.querySelector('.card[data-id=\"ev-talks\"] button.accept').click()")
        page.js("document.querySelector('#save').click()")
        page.wait_for("document.body.dataset.state === 'refused'")
        shown = page.js("document.querySelector('#message').textContent")
    assert shown.startswith(f"error: {session.facts_path}:")
    assert "talks-armenia-reported-2023-09-22" in shown
    assert session.facts_path.read_text(encoding="utf-8") == draft


def test_keeping_the_proposed_instance_lets_its_report_be_accepted(review_copy: Path,
                                                                   browser: Browser) -> None:
    session = ReviewSession(review_copy, review_copy / "articles" / REVIEW_SLUG)
    with LiveServer(create_review_app(session)) as url:
        page = browser.open(url + "/")
        page.wait_for(READY)
        page.js("document.querySelector('.card[data-id=\"ev-talks\"] button.keep').click()")
        page.js("document.querySelector('.card[data-id=\"ev-talks\"] button.accept').click()")
        page.js("document.querySelector('#save').click()")
        page.wait_for("document.body.dataset.state === 'ok'")
        assert page.js("state.reports.find((r) => r.id === 'ev-talks').reviewed") is True
    instances = yaml.safe_load(session.instances_path.read_text(encoding="utf-8"))
    assert "talks-armenia-reported-2023-09-22" in instances["events"]


def test_an_entity_is_edited_from_its_mention(review_copy: Path, browser: Browser) -> None:
    session = ReviewSession(review_copy, review_copy / "articles" / REVIEW_SLUG)
    before = session.entities_path.read_text(encoding="utf-8")
    with LiveServer(create_review_app(session)) as url:
        page = browser.open(url + "/")
        page.wait_for(READY)
        page.js("""(() => {
            const card = document.querySelector('.card[data-id="m-karabakh-refugees"]');
            card.querySelector('button.edit-entity').click();
            card.querySelector('form.entity input[name=name]').value = 'Karabakh refugees';
            card.querySelector('form.entity button.apply').click();
            document.querySelector('#save').click();
        })()""")
        page.wait_for("document.body.dataset.state === 'ok'")
    after = session.entities_path.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0) if line[:1] in "+-"]
    assert [line for line in diff if line[:3] not in ("---", "+++")] == [
        "-    name: Refugees from Nagorno-Karabakh", '+    name: "Karabakh refugees"']
