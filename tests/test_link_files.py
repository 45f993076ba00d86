"""Bad input in data/wikidata/: malformed ids, hand-broken links files, truncated snapshots,
conflicting links. Each is a clear error naming the file, line and field, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError, LinkFileError
from newskg.link.run import run_link
from newskg.project.snapshot import load_snapshot, open_snapshot, write_snapshot
from newskg.publish.build import load_project
from newskg.rdf.links import project_links

GOOD = """\
links:
  nagorno-karabakh:
    status: needs-review
    candidate: Q244165
    score: 0.3
    source: snapshot
    why: word overlap
    decided_at: '2026-11-26T09:00:00Z'
    decided_by: newskg link 0.1.0
"""


def links_file(data: Path, body: str) -> Path:
    path = data / "wikidata" / "links.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def entry(key: str, **fields: object) -> str:
    body = {"status": "linked", "source": "person", "why": "test", "decided_at": "2026-11-26T09:00:00Z",
            "decided_by": "a tester", **fields}
    lines = "".join(f"    {k}: {v}\n" for k, v in body.items())
    return f"  {key}:\n{lines}"


def load_error(data: Path) -> LinkFileError:
    with pytest.raises(InputError) as info:
        project_links(load_project(data))
    assert isinstance(info.value, InputError)
    return info.value  # type: ignore[return-value]


def test_a_good_file_loads(data_copy: Path) -> None:
    links_file(data_copy, GOOD)
    links = {link.key for link in project_links(load_project(data_copy))}
    assert "azerbaijan" in links and "nagorno-karabakh" not in links  # needs-review is no link


@pytest.mark.parametrize(("body", "field", "words"), [
    ("links:\n" + entry("yevlakh", id="X227"), "id", "'X227' is not a Wikidata item id"),
    ("links:\n" + entry("yevlakh", id="Q12a"), "id", "is not a Wikidata item id"),
    ("links:\n" + entry("yevlakh", id="[Q227, Q399]"), "id", "one entity, 2 ids"),
    ("links:\n" + entry("yevlakh"), "id", "status 'linked' needs an id"),
    ("links:\n" + entry("yevlakh", status="needs-review", id="Q9248"), "id",
     "must not have an id"),
    ("links:\n" + entry("yevlakh", status="maybe"), "status", "'maybe' is not one of"),
    ("links:\n" + entry("yevlakh", id="Q123456789"), "id", "Q123456789 has no evidence"),
    ("links:\n" + entry("yevlakh", id="Q515"), "id", "Q515 is a class ('city'), not an item"),
    ("links:\n" + entry("yevlakh", id="Q9248", score=7), "score", "not a number between"),
    ("links:\n" + entry("yevlakh", id="Q9248", colour="red"), "colour", "unknown field"),
    # a time rdflib cannot read printed tracebacks and gave exit 1 from a shape (an audit)
    ("links:\n" + entry("yevlakh", id="Q9248", decided_at="notadate"), "decided_at",
     "not a date and time with its zone"),
    ("links:\n" + entry("yevlakh", id="Q9248", decided_at="2026-13-45T99:00:00Z"), "decided_at",
     "not a date and time with its zone"),
    ("links:\n" + entry("yevlakh", id="Q9248", decided_at="2026-11-26"), "decided_at",
     "not a date and time with its zone"),
], ids=["letter", "digits", "two-ids", "no-id", "id-not-linked", "status", "no-evidence",
        "a-class", "score", "unknown-field", "decided-at", "decided-at-range", "decided-at-day"])
def test_hand_broken_links_file(data_copy: Path, body: str, field: str, words: str) -> None:
    path = links_file(data_copy, body)
    lines = body.splitlines()
    # the field's own line; a missing field is reported at its entry's first field
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"    {field}:")), 3)
    error = load_error(data_copy)
    assert words in str(error)
    assert (error.path, error.line, error.field) == (path, line, field), str(error)


def test_malformed_yaml_names_the_line(data_copy: Path) -> None:
    path = links_file(data_copy, GOOD.replace("    status: needs-review", "    status: [x"))
    error = load_error(data_copy)
    assert error.path == path and error.line is not None and "malformed YAML" in str(error)


def test_two_entities_one_id(data_copy: Path) -> None:
    path = links_file(data_copy, "links:\n" + entry("yevlakh", id="Q9248") +
                      entry("nagorno-karabakh", id="Q9248"))
    error = load_error(data_copy)
    assert "Q9248 is linked from both 'yevlakh' (line 2) and 'nagorno-karabakh'" in str(error)
    assert (error.path, error.line, error.field) == (path, 9, "id")


def test_an_entity_and_entities_yaml_taking_one_id(data_copy: Path) -> None:
    links_file(data_copy, "links:\n" + entry("yerevan-protesters", id="Q1953"))
    error = load_error(data_copy)
    assert "Q1953 is linked from both 'yerevan' and 'yerevan-protesters'" in str(error)


def test_one_entity_two_ids(data_copy: Path) -> None:
    path = links_file(data_copy, "links:\n" + entry("armenia", id="Q244165"))
    error = load_error(data_copy)
    assert "linked to Q244165 here but to Q399 in data/entities.yaml" in str(error)
    assert (error.path, error.line, error.field) == (path, 2, "id")
    with pytest.raises(LinkFileError, match="one subject, two ids"):  # `newskg link` refuses too
        run_link(data_copy)


def test_unknown_subject(data_copy: Path) -> None:
    links_file(data_copy, "links:\n" + entry("atlantis", id="Q9248"))
    assert "no entity or event 'atlantis'" in str(load_error(data_copy))


def test_build_reports_it_in_one_line(data_copy: Path, tmp_path: Path) -> None:
    links_file(data_copy, "links:\n" + entry("yevlakh", id="Q-1"))
    result = CliRunner().invoke(app, ["build", "--data-dir", str(data_copy),
                                      "--build-dir", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {data_copy / 'wikidata' / 'links.yaml'}:8: id: ")
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "newskg.trig").exists()


# ----------------------------------------------------------------------- the snapshot file

@pytest.fixture()
def snapshot_file(data_copy: Path) -> Path:
    path = data_copy / "wikidata" / "snapshot.yaml"
    write_snapshot(path, open_snapshot(data_copy))
    return path


def test_snapshot_round_trips(snapshot_file: Path, data_copy: Path) -> None:
    assert load_snapshot(snapshot_file) == open_snapshot(data_copy)
    assert load_snapshot(snapshot_file).items["Q227"].label == "Azerbaijan"


@pytest.mark.parametrize("fraction", [0.0, 0.13, 0.5, 0.77, 0.999])
def test_truncated_snapshot_is_refused(snapshot_file: Path, data_copy: Path, fraction: float) -> None:
    data = snapshot_file.read_bytes()
    snapshot_file.write_bytes(data[:int(len(data) * fraction)])
    with pytest.raises(InputError) as info:
        load_snapshot(snapshot_file)
    assert info.value.path == snapshot_file and info.value.line is not None, str(info.value)
    result = CliRunner().invoke(app, ["link", "--data-dir", str(data_copy)])
    assert result.exit_code == 2 and "snapshot.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_snapshot_id_and_count_checks(snapshot_file: Path) -> None:
    text = snapshot_file.read_text(encoding="utf-8")
    snapshot_file.write_text(text.replace("  Q227:\n", "  Q22x7:\n"), encoding="utf-8")
    with pytest.raises(InputError, match="'Q22x7' is not a Wikidata id"):
        load_snapshot(snapshot_file)
    snapshot_file.write_text(text.replace("  items: 66", "  items: 65"), encoding="utf-8")
    with pytest.raises(InputError, match="holds 66 items but its end line says 65"):
        load_snapshot(snapshot_file)


def test_an_entry_that_decides_nothing_may_outlive_its_subject(data_copy: Path) -> None:
    """A draft's proposal dropped on the review page leaves its 'no-candidate' entry behind: the
    build goes on without it (a link, or a person's rejection, of a subject that is gone is still
    an error: test_unknown_subject)."""
    links_file(data_copy, "links:\n" + entry("talks-gone-2023-09-19", status="no-candidate",
                                             source="snapshot"))
    links = project_links(load_project(data_copy))
    assert all(link.key != "talks-gone-2023-09-19" for link in links)
