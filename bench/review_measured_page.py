"""Run A of docs/review-measured.md: review the drafted VOA Sudan article on the `newskg review` page,
in headless Chromium (tests/cdp.py), counting the actions a person would take; prints them as JSON.

Not a benchmark: the decisions are the ones of docs/review-measured.md, for the draft that
`newskg add` makes of data/devset/tune/articles/voa-sudan-800000-could-flee.txt (header stripped,
--published 2023-05-01). One DOM action per user action: a button click, a click on a list option
(Ctrl+click to add or drop one), two clicks for a drop-down, a click into a text field plus one
keystroke per character, Ctrl+S.

Usage (in a scratch copy of the project, after `newskg add ... --published 2023-05-01`):
    newskg review 2023-05-01-un-sudan-fighting-could-force --reviewer aiagent --port 7931 &
    python bench/review_measured_page.py http://127.0.0.1:7931/
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# tests.cdp dup2s its pipes onto fds 3/4; if os.pipe() returned 3/4 themselves they would stay
# close-on-exec and Chromium would not see them: hold the lowest free fds first.
_HOLD = [os.open(os.devnull, os.O_RDONLY) for _ in range(4)]

from tests.cdp import Browser, Page

Log = list[tuple[str, str, int]]


def card(i: str) -> str:
    return f"document.querySelector('.card[data-id=\"{i}\"]')"


def click(page: Page, log: Log, i: str, sel: str, what: str) -> None:
    found = page.js(f"(() => {{ const e = {card(i)}.querySelector('{sel}'); if (!e) return false;"
                    " e.click(); return true; })()")
    assert found, (i, sel)
    log.append(("click", f"{i}: {what}", 0))


def type_in(page: Page, log: Log, i: str, name: str, text: str) -> None:
    page.js(f"{card(i)}.querySelector('[name={name}]').value = {json.dumps(text)}")
    log.append(("click", f"{i}: into {name}", 0))
    log.append(("type", f"{i}: {name}={text!r}", len(text)))


def choose(page: Page, log: Log, i: str, name: str, value: str) -> None:
    page.js(f"{card(i)}.querySelector('select[name={name}]').value = {json.dumps(value)}")
    log.append(("click", f"{i}: open {name}", 0))
    log.append(("click", f"{i}: pick {value}", 0))


def only(page: Page, log: Log, i: str, name: str, values: list[str]) -> None:
    page.js(f"(() => {{ const s = {card(i)}.querySelector('select[name={name}]');"
            f" for (const o of s.options) o.selected = {json.dumps(values)}.includes(o.value); }})()")
    log.extend(("click", f"{i}: {name} <- {v}", 0) for v in values)


def drop(page: Page, log: Log, i: str, name: str, value: str) -> None:
    page.js(f"(() => {{ const s = {card(i)}.querySelector('select[name={name}]');"
            f" for (const o of s.options) if (o.value === {json.dumps(value)}) o.selected = false;"
            " })()")
    log.append(("click", f"{i}: Ctrl+click {name} -{value}", 0))


def new_entity(page: Page, log: Log, i: str, key: str, name: str, type_: str,
               replaces: str) -> None:
    click(page, log, i, "button.edit", "edit")
    click(page, log, i, "button.new-entity", "+ new entity")
    type_in(page, log, i, "new-key", key)
    type_in(page, log, i, "new-name", name)
    choose(page, log, i, "new-type", type_)
    click(page, log, i, "button.create-ok", "create")
    drop(page, log, i, "speakers", replaces)  # the new one is added, the old one stays selected


def review(page: Page, log: Log) -> None:
    for i in ("m-sudan", "m-raouf-mazou", "m-filippo-grandi", "m-khartoum"):
        click(page, log, i, "button.keep", "keep entity")
        click(page, log, i, "button.accept", "accept")
    i = "m-high-commissioner-for-refugees"
    click(page, log, i, "button.edit-entity", "edit entity")
    only(page, log, i, "types", ["Organisation"])
    click(page, log, i, "form.entity button.apply", "apply")
    click(page, log, i, "button.keep", "keep entity")
    click(page, log, i, "button.accept", "accept")
    i = "st-un-member-states"
    new_entity(page, log, i, "united-nations", "United Nations", "Organisation", "un-member-states")
    drop(page, log, i, "about", "ceasefire-un-member-states-khartoum-2023-05-01")
    click(page, log, i, "button.apply", "apply")
    for i in ("st-raouf-mazou", "st-raouf-mazou-2", "st-raouf-mazou-3", "st-filippo-grandi"):
        click(page, log, i, "button.accept", "accept")
    i = "st-khartoum"
    new_entity(page, log, i, "khartoum-residents", "Residents of Khartoum", "Collective",
               "khartoum")
    click(page, log, i, "button.apply", "apply")
    click(page, log, "st-each-side", "button.reject", "reject")
    for i in ("ev-war", "ev-attack"):
        click(page, log, i, "button.keep", "keep instance")
        click(page, log, i, "button.accept", "accept")
    click(page, log, "ag-ceasefire", "button.reject", "reject")
    i = "fig-displaced"
    click(page, log, i, "button.keep", "keep counted")
    click(page, log, i, "button.edit", "edit")
    only(page, log, i, "reported_by", ["united-nations"])
    click(page, log, i, "button.apply", "apply")
    for i in ("fig-displaced-2", "fig-displaced-3", "fig-other"):
        click(page, log, i, "button.keep", "keep counted")
        click(page, log, i, "button.accept", "accept")


def main(url: str) -> None:
    log: Log = []
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(Path(profile))
        try:
            start = time.perf_counter()
            page = browser.open(url)
            page.wait_for("document.body.dataset.state === 'ready'")
            loaded = time.perf_counter()
            review(page, log)
            decided = time.perf_counter()
            page.key("s", ctrl=True)
            log.append(("key", "Ctrl+S", 2))
            page.wait_for("document.querySelector('#message').textContent.length > 0")
            saved = time.perf_counter()
            message = page.js("document.querySelector('#message').textContent")
            counts = page.js("document.querySelector('#counts').textContent")
        finally:
            browser.close()
    print(json.dumps({
        "actions": sum(1 for kind, _, _ in log if kind != "type"),
        "clicks": sum(1 for kind, _, _ in log if kind == "click"),
        "characters_typed": sum(n for kind, _, n in log if kind == "type"),
        "load_s": round(loaded - start, 2), "decide_s": round(decided - loaded, 2),
        "save_s": round(saved - decided, 2), "message": message, "counts": counts,
        "log": [f"{kind} {what}" for kind, what, _ in log]}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7931/")
