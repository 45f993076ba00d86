"""`newskg review`'s library: YAML edits that leave untouched lines as they were, the page's
decisions, and saving: checked through the build's loader, refused when stale."""

from __future__ import annotations

import difflib
import random
from pathlib import Path

import pytest
import yaml

from newskg.errors import EvidenceError, FactsError, NewskgError, StaleEditError
from newskg.project.load import load_project
from newskg.publish.build import build
from newskg.review import edits, splice
from newskg.review.edits import Editing, Files, find_report
from newskg.review.session import ReviewSession, find_article, token_of
from tests.conftest import DATA
from tests.review_fixtures import REVIEW_SLUG

REVIEW_DAY = "2026-12-07"
JDOE_TODAY = {"by": "jdoe", "date": REVIEW_DAY}  # what a decision of the session records


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def session(data: Path) -> ReviewSession:
    return ReviewSession(data, data / "articles" / REVIEW_SLUG, reviewer="jdoe",
                         today=lambda: REVIEW_DAY)


@pytest.mark.parametrize("facts", sorted(DATA.glob("articles/*/facts.yaml")),
                         ids=lambda p: p.parent.name)
def test_an_item_written_back_unchanged_leaves_the_file_byte_identical(facts: Path) -> None:
    text = facts.read_text(encoding="utf-8")
    doc = splice.parse(text)
    lines = text.splitlines(keepends=True)
    for section in ("mentions", "statements", "reports", "figures"):
        for index, item in enumerate(doc.get(section) or []):
            place = splice.seq_item_place(text, section, index, doc)
            assert splice.dump_seq_item(item, place.column) == "".join(
                lines[place.start:place.end]), (section, index)


def test_accept_adds_one_line_to_its_report(review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    after = s.apply(before, [{"op": "accept", "id": "st-ilham-aliyev"}])
    assert changed_lines(before.facts, after.facts) == [
        f'+    reviewed: {{by: jdoe, date: "{REVIEW_DAY}"}}']
    section, index = find_report(after.facts, "st-ilham-aliyev")
    assert yaml.safe_load(after.facts)[section][index]["reviewed"] == JDOE_TODAY


def test_reject_removes_exactly_the_reports_lines(review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    after = s.apply(before, [{"op": "reject", "id": "m-armenia"}])
    removed = changed_lines(before.facts, after.facts)
    assert removed[0] == "-  - id: m-armenia" and len(removed) == 5
    assert all(line.startswith("-") for line in removed)
    ids = [m["id"] for m in yaml.safe_load(after.facts)["mentions"]]
    assert "m-armenia" not in ids and len(ids) == 5


def test_editing_a_speaker_records_who_decided(review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    after = s.apply(before, [{"op": "edit", "id": "st-karabakh-authorities",
                              "fields": {"speakers": ["karabakh-separatists"]}}])
    item = next(i for i in yaml.safe_load(after.facts)["statements"]
                if i["id"] == "st-karabakh-authorities")
    assert item["speakers"] == ["karabakh-separatists"]
    assert item["resolution"]["by"] == "jdoe" and item["reviewed"] == JDOE_TODAY
    assert len(changed_lines(before.facts, after.facts)) == 5  # speakers, resolution, +reviewed


def test_a_new_report_from_a_span_gets_its_occurrence(review_copy: Path) -> None:
    s = session(review_copy)
    text = s.text
    start = text.index("Pashinyan praised")  # the second of two copies of "Pashinyan"
    assert text.count("Pashinyan") == 2
    after = s.apply(s.read(), [{"op": "add", "section": "mentions", "start": start,
                                "fields": {"entity": "nikol-pashinyan", "evidence": "Pashinyan"}}])
    item = yaml.safe_load(after.facts)["mentions"][-1]
    assert item == {"id": "m-nikol-pashinyan-2", "entity": "nikol-pashinyan", "reviewed": JDOE_TODAY,
                    "evidence": "Pashinyan", "occurrence": 2}
    s.check(after)  # it builds


def test_save_writes_what_builds_and_keeps_comments(review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    written, _ = s.save(token_of(before), [
        {"op": "entity", "key": "armenian-cabinet",
         "fields": {"name": "Cabinet of Armenia", "types": ["GovernmentBody"]}},
        {"op": "add", "section": "mentions", "start": s.text.index("his government"),
         "fields": {"entity": "armenian-cabinet", "evidence": "his government"}},
        {"op": "accept", "id": "st-ilham-aliyev"},
    ])
    assert s.facts_path.read_text(encoding="utf-8") == written.facts
    assert written.facts.startswith(before.facts.split("\n", 1)[0])  # the header comment kept
    entities = s.entities_path.read_text(encoding="utf-8")
    assert changed_lines(before.entities or "", entities) == [
        "+  armenian-cabinet:", "+    name: \"Cabinet of Armenia\"",
        "+    types: [GovernmentBody]"]
    project = load_project(review_copy)
    facts = next(f for f in project.articles if f.slug == REVIEW_SLUG)
    assert facts.by_id["m-armenian-cabinet"].reviewed
    with pytest.raises(NewskgError, match="exists already"):
        s.apply(written, [{"op": "entity", "key": "armenia", "fields": {"name": "Armenia"}}])


def test_a_save_keeps_a_files_crlf_line_ends(review_copy: Path) -> None:
    """A facts.yaml written with CRLF keeps CRLF: the save changes the lines it edits only."""
    s = session(review_copy)
    s.facts_path.write_bytes(s.facts_path.read_bytes().replace(b"\n", b"\r\n"))
    before = s.facts_path.read_bytes()
    s.save(token_of(s.read()), [{"op": "accept", "id": "st-ilham-aliyev"}])
    after = s.facts_path.read_bytes()
    assert after != before and after.count(b"\r\n") == after.count(b"\n")
    assert 0 < len(changed_lines(before.decode("utf-8"), after.decode("utf-8"))) <= 4


def test_evidence_not_in_the_text_is_refused_with_the_builds_message(review_copy: Path) -> None:
    from newskg.publish.build import build

    s = session(review_copy)
    before = s.read()
    change = [{"op": "edit", "id": "st-ilham-aliyev",
               "fields": {"evidence": "Aliyev claimed victory"}}]
    with pytest.raises(EvidenceError) as refused:
        s.save(token_of(before), change)
    assert s.facts_path.read_text(encoding="utf-8") == before.facts  # nothing written
    s.facts_path.write_text(s.apply(before, change).facts, encoding="utf-8")
    with pytest.raises(EvidenceError) as built:
        build(review_copy, review_copy.parent / "build")
    assert str(refused.value) == str(built.value)
    assert "not found in the article text" in str(refused.value)


def test_an_unknown_field_is_refused_as_the_build_refuses_it(review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    change = [{"op": "edit", "id": "st-ilham-aliyev", "fields": {"speaker": "azerbaijan"}}]
    with pytest.raises(FactsError) as refused:
        s.save(token_of(before), change)
    s.facts_path.write_text(s.apply(before, change).facts, encoding="utf-8")
    with pytest.raises(FactsError) as loaded:
        load_project(review_copy)
    assert str(refused.value) == str(loaded.value) and "speaker" in str(refused.value)


def test_a_reviewed_report_on_a_proposed_instance_is_refused(review_copy: Path) -> None:
    s = session(review_copy)
    with pytest.raises(NewskgError, match="talks-armenia-reported-2023-09-22"):
        s.save(token_of(s.read()), [{"op": "accept", "id": "ev-talks"}])


def test_a_stale_save_is_refused_and_nothing_is_merged(review_copy: Path) -> None:
    s = session(review_copy)
    seen = token_of(s.read())
    s.save(seen, [{"op": "accept", "id": "st-ilham-aliyev"}])  # the first page saves
    after_first = s.facts_path.read_text(encoding="utf-8")
    with pytest.raises(StaleEditError, match="changed since this page was loaded"):
        s.save(seen, [{"op": "reject", "id": "m-armenia"}])  # the second page, loaded before
    assert s.facts_path.read_text(encoding="utf-8") == after_first


def test_without_an_article_the_first_draft_is_reviewed(review_copy: Path) -> None:
    assert find_article(review_copy, None).name == REVIEW_SLUG
    assert find_article(review_copy, REVIEW_SLUG).name == REVIEW_SLUG
    with pytest.raises(NewskgError, match="no article 'nope'"):
        find_article(review_copy, "nope")


def test_files_token_changes_with_any_file() -> None:
    a = Files("a: 1\n", "entities: {}\n", None)
    assert token_of(a) != token_of(Files("a: 2\n", "entities: {}\n", None))
    assert token_of(a) != token_of(Files("a: 1\n", "entities: {}\n", ""))


def test_keeping_a_proposed_instance_moves_it_and_its_report_may_then_be_accepted(
        review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    written, project = s.save(token_of(before), [
        {"op": "keep", "key": "talks-armenia-reported-2023-09-22"},
        {"op": "accept", "id": "ev-talks"}])
    assert not project.instances.by_key["talks-armenia-reported-2023-09-22"].draft
    instances = yaml.safe_load(written.instances or "")
    assert instances["events"]["talks-armenia-reported-2023-09-22"]["type"] == "talks"
    proposed = yaml.safe_load(written.facts)["proposed_instances"]
    assert "talks-armenia-reported-2023-09-22" not in proposed["events"]
    removed = [line for line in changed_lines(before.facts, written.facts) if line[0] == "-"]
    assert removed == ["-    talks-armenia-reported-2023-09-22:", "-      type: talks",
                       '-      label: "Talks between Azerbaijani officials and representatives of the"',
                       "-      place: [armenia]"]
    # the last proposed event: its section goes with it
    written, _ = s.save(token_of(written), [
        {"op": "keep", "key": "evacuation-reported-2023-09-22"}])
    assert "events" not in yaml.safe_load(written.facts)["proposed_instances"]


def test_review_refuses_a_reviewer_that_is_not_a_key(review_copy: Path) -> None:
    from typer.testing import CliRunner

    from newskg.cli import app

    result = CliRunner().invoke(app, ["review", "--data-dir", str(review_copy),
                                      "--reviewer", "J Doe"])
    assert result.exit_code == 2
    assert "--reviewer: 'J Doe' is not a key" in result.stderr


def test_review_on_a_port_in_use_is_an_error(review_copy: Path) -> None:
    import socket

    from typer.testing import CliRunner

    from newskg.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["review", REVIEW_SLUG, "--data-dir", str(review_copy),
                                          "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_review_serves_the_article_it_is_given(review_copy: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from newskg.cli import app

    served = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: served.append(
        (self.config.app, sockets[0].getsockname()[0])))
    result = CliRunner().invoke(app, ["review", "--data-dir", str(review_copy), "--port", "0"])
    assert result.exit_code == 0, result.stderr
    assert served and served[0][1] == "127.0.0.1"
    assert "review page http://127.0.0.1:" in result.stderr


def test_an_entity_is_edited_where_it_is_declared_and_only_its_lines_change(
        review_copy: Path) -> None:
    s = session(review_copy)
    before = s.read()
    written, project = s.save(token_of(before), [
        {"op": "entity-edit", "key": "unnamed-separatist-official",
         "fields": {"types": ["Person"], "description": "an official of the separatists"}}])
    assert project.entities["unnamed-separatist-official"].description == \
        "an official of the separatists"
    changed = changed_lines(before.entities or "", written.entities or "")
    assert changed and all("description" in line or "types" in line for line in changed), changed
    assert written.facts == before.facts
    with pytest.raises(NewskgError, match="unknown field"):
        s.apply(written, [{"op": "entity-edit", "key": "armenia", "fields": {"colour": "red"}}])
    with pytest.raises(NewskgError, match="Persn"):  # the loader's message on a bad type
        s.save(token_of(written), [{"op": "entity-edit", "key": "armenia",
                                    "fields": {"types": ["Persn"]}}])
    for fields in ({"name": "Armenia\nRepublic"}, {"aliases": ["Hayastan\r"]}):
        with pytest.raises(NewskgError, match="a name is one line"):  # was written
            s.save(token_of(written), [{"op": "entity-edit", "key": "armenia", "fields": fields}])
    assert session(review_copy).read() == s.read() and (review_copy / "entities.yaml").read_text(
        encoding="utf-8") == written.entities


def test_rejecting_the_last_reports_on_a_proposal_drops_the_proposal(review_copy: Path) -> None:
    """A proposed instance nothing points to any more would fail the build (S132, no report
    supports it): rejecting its last report removes it, and what only it named, from the draft."""
    s = session(review_copy)
    before = s.read()
    after = s.apply(before, [{"op": "reject", "id": "ev-evacuation"}])
    kept = yaml.safe_load(after.facts)["proposed_instances"]
    assert "evacuation-reported-2023-09-22" in kept["events"]  # the figure's count still names it
    written, _ = s.save(token_of(before), [{"op": "reject", "id": report} for report in
                                           ("ev-evacuation", "fig-evacuated",
                                            "st-russian-peacekeepers")])
    proposed = yaml.safe_load(written.facts)["proposed_instances"]
    assert "evacuation-reported-2023-09-22" not in (proposed.get("events") or {})
    assert "evacuated-evacuation-reported-2023-09-22" not in (proposed.get("counted") or {})
    assert "talks-armenia-reported-2023-09-22" in proposed["events"]  # still reported: kept
    removed = changed_lines(before.facts, written.facts)
    assert all(line.startswith("-") for line in removed)  # only deletions
    project = load_project(review_copy)
    assert REVIEW_SLUG in {f.slug for f in project.articles}


def test_an_edit_that_leaves_a_proposal_unsupported_drops_it_and_the_draft_builds(
        review_copy: Path, tmp_path: Path) -> None:
    """Recounting a figure on a curated counted thing leaves its proposed one without a report
    (S132 refused the build): the edit drops it, and the build conforms."""
    s = session(review_copy)
    before = s.read()
    written, _ = s.save(token_of(before), [{"op": "edit", "id": "fig-killed", "fields": {
        "counted": "killed-azerbaijan-offensive-2023"}}])
    proposed = yaml.safe_load(written.facts)["proposed_instances"]
    assert "killed-reported-2023-09-22" not in (proposed.get("counted") or {})
    build(review_copy, tmp_path / "build")  # raises NotConformingError if it does not conform


def test_a_reviewed_statement_cannot_be_about_a_draft_instance(review_copy: Path) -> None:
    facts = review_copy / "articles" / REVIEW_SLUG / "facts.yaml"
    doc = yaml.safe_load(facts.read_text(encoding="utf-8"))
    proposed = {key for section in (doc.get("proposed_instances") or {}).values()
                for key in section}
    statement = next(st for st in doc["statements"] if set(st.get("about") or ()) & proposed)
    text = facts.read_text(encoding="utf-8")
    head = f"  - id: {statement['id']}\n"
    facts.write_text(text.replace(head, head + "    reviewed: true\n", 1), encoding="utf-8")
    with pytest.raises(FactsError, match="is a draft"):
        load_project(review_copy)


def test_who_reviewed_a_report_and_when_reaches_the_graph(review_copy: Path,
                                                          tmp_path: Path) -> None:
    """A report accepted on the page is attributed to its reviewer (nkg:reviewedBy, also as
    prov:wasAttributedTo beside the extracting tool) on the day (nkg:reviewedOn); one it leaves
    alone names no reviewer, and the graph still conforms."""
    from newskg.store.engines import open_store
    from newskg.store.results import Solutions

    s = session(review_copy)
    before = s.read()
    s.save(token_of(before), [{"op": "accept", "id": "st-ilham-aliyev"}])
    result = build(review_copy, tmp_path / "build")
    assert result.report.conforms
    store = open_store(tmp_path / "build")
    rows = store.query("""
        SELECT ?report ?reviewer ?name ?on (COUNT(?by) AS ?attributed) WHERE {
          ?report nkg:reviewedBy ?reviewer ; nkg:reviewedOn ?on ; prov:wasAttributedTo ?by .
          ?reviewer rdfs:label ?name .
          FILTER EXISTS { ?report prov:wasAttributedTo ?reviewer }
        } GROUP BY ?report ?reviewer ?name ?on""")
    assert isinstance(rows, Solutions)
    assert [tuple(getattr(t, "value", "").rsplit("/", 1)[-1] for t in row)
            for row in rows.rows] == [
        ("st-ilham-aliyev", "jdoe", "jdoe", f"{REVIEW_DAY}T00:00:00Z", "2")]


def test_sigterm_stops_the_review_page_with_exit_0(review_copy: Path) -> None:
    """As `newskg serve`: a service manager's SIGTERM ends it cleanly (it exited 143)."""
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    server = subprocess.Popen(
        [sys.executable, "-m", "newskg", "review", REVIEW_SLUG, "--data-dir", str(review_copy),
         "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()  # the page's address: it listens
        assert "review page http://127.0.0.1:" in line, line
        url = line.split("review page ")[1].split()[0]
        for _ in range(100):  # until it answers: a running page, as a service manager stops it
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                time.sleep(0.1)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        assert "Traceback" not in server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()


@pytest.mark.parametrize("body", ['{"token": "T", "edits": "x"}', '{"token": "T", "edits": [5]}',
                                  "[" * 100_000, '{"token": "T", "edits": {"op": "accept"}}'])
def test_a_malformed_save_is_400_without_a_traceback(review_copy: Path, body: str) -> None:
    """Malformed saves were HTTP 500 with a Python traceback on the terminal (an audit)."""
    import warnings

    from newskg.review.app import create_review_app

    with warnings.catch_warnings():  # starlette's TestClient warns about httpx
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient
    client = TestClient(create_review_app(session(review_copy)), base_url="http://127.0.0.1",
                        raise_server_exceptions=True)
    answer = client.post("/api/save", content=body.replace("T", token_of(
        session(review_copy).read())), headers={"content-type": "application/json"})
    assert answer.status_code == 400, answer.text


def test_a_facts_file_removed_while_the_page_is_open_is_said_not_a_server_error(
        review_copy: Path) -> None:
    from newskg.review.page import page_state

    s = session(review_copy)
    token = token_of(s.read())
    s.facts_path.unlink()
    state = page_state(s)
    assert "facts.yaml is gone" in state["error"] and state["reports"] == []
    with pytest.raises(FactsError, match="is gone"):
        s.save(token, [{"op": "accept", "id": "st-ilham-aliyev"}])


# -- a save's edits on files parsed once -------------------------------------------------------------

def _random_edits(rng: random.Random, text: str, ids: list[str], proposed: list[str],
                  entities: list[str]) -> list[dict[str, object]]:
    """1-12 edits of every kind, some of them refused (an id already rejected, a key taken)."""
    def one() -> dict[str, object]:
        op = rng.choice(["accept", "accept", "reject", "edit", "add", "entity", "instance",
                         "entity-edit", "keep"])
        if op in ("accept", "reject"):
            return {"op": op, "id": rng.choice(ids)}
        if op == "edit":
            return {"op": op, "id": rng.choice(ids), "fields": rng.choice(
                [{"confidence": 0.9}, {"speakers": ["armenia"]}, {"entity": "azerbaijan"},
                 {"confidence": None}])}
        if op == "add":
            word = rng.choice(["Pashinyan", "refugees", "Azerbaijan"])
            return {"op": op, "section": "mentions", "start": text.index(word),
                    "fields": {"entity": rng.choice(entities), "evidence": word}}
        if op == "entity":
            return {"op": op, "key": rng.choice(["new-a", "new-b", entities[0]]),
                    "fields": {"name": "New", "types": ["Organization"]}}
        if op == "instance":
            return {"op": op, "section": rng.choice(["events", "counted"]),
                    "key": rng.choice(["new-ev", "new-ev2"]), "fields": {"label": "x"}}
        if op == "entity-edit":
            return {"op": op, "key": rng.choice(proposed[:2] + entities[:2]),
                    "fields": {"description": rng.choice(["d1", None])}}
        return {"op": "keep", "key": rng.choice(proposed + ["nope"])}
    return [one() for _ in range(rng.randint(1, 12))]


def _apply(files: Files, changes: list[dict[str, object]], *, alone: bool) -> object:
    """The files after ``changes`` (all on one parse, or each on the files the one before wrote),
    or where and why an edit was refused."""
    editing = Editing(files)
    for index, change in enumerate(changes):
        try:
            edits.apply(editing, change, "jdoe", None, REVIEW_DAY)
        except NewskgError as exc:
            return index, str(exc)
        if alone:
            editing = Editing(editing.files())
    return editing.files()


@pytest.mark.parametrize("variant", ["as drafted", "proposed entities, no final line end",
                                     "no entities or instances file"])
def test_a_saves_edits_on_one_parse_write_what_each_edit_alone_writes(
        review_copy: Path, variant: str) -> None:
    """The edits of a save change the files parsed once; the texts are the ones each edit would
    write on the files the edit before wrote (the refusals too), byte for byte."""
    s = session(review_copy)
    files = s.read()
    facts = files.facts
    if variant.startswith("proposed"):
        facts = facts.replace("mentions:\n", "proposed_entities:\n  new-group:\n"
                              '    name: "New Group"\n    types: [Organization]\n'
                              '  other-group:\n    name: "Other"\n    types: [Organization]\n'
                              "mentions:\n  - id: m-new-group\n    entity: new-group\n"
                              '    evidence: "refugees"\n  - id: m-other-group\n'
                              '    entity: other-group\n    evidence: "refugees"\n', 1).rstrip()
    files = Files(facts, *((None, None) if variant.startswith("no") else
                           (files.entities, files.instances)))
    doc = yaml.safe_load(facts)
    ids = sorted(str(item["id"]) for section in edits.REPORT_SECTIONS
                 for item in doc.get(section) or [])
    proposed = [*(doc.get("proposed_entities") or {}), *(
        key for table in (doc.get("proposed_instances") or {}).values() for key in table)]
    entities = sorted(yaml.safe_load(s.read().entities or "")["entities"])[:6]
    outcomes = set()
    for seed in range(12):
        changes = _random_edits(random.Random(seed), s.text, ids, proposed, entities)
        together = _apply(files, changes, alone=False)
        assert together == _apply(files, changes, alone=True), (seed, changes)
        outcomes.add(type(together).__name__)
    assert outcomes == {"Files", "tuple"}  # some saves went through, some were refused


def test_a_save_parses_each_file_once_however_many_its_edits(
        review_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = session(review_copy)
    before = s.read()
    doc = yaml.safe_load(before.facts)
    ids = [str(item["id"]) for item in doc["mentions"] + doc["statements"]]
    parsed: list[str] = []
    real = splice.parse
    monkeypatch.setattr(splice, "parse", lambda text: parsed.append(text) or real(text))
    after = s.apply(before, [
        *({"op": "accept", "id": ident} for ident in ids * 3),
        {"op": "reject", "id": "m-armenia"},
        {"op": "edit", "id": "st-karabakh-authorities",
         "fields": {"speakers": ["karabakh-separatists"]}},
        {"op": "entity", "key": "armenian-cabinet", "fields": {"name": "Cabinet of Armenia"}},
        {"op": "keep", "key": "talks-armenia-reported-2023-09-22"}])
    assert sorted(parsed) == sorted([before.facts, before.entities, before.instances])
    assert "m-armenia" not in after.facts and "armenian-cabinet:" in (after.entities or "")
