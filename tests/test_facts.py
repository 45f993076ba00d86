"""The facts loader: every malformed or inconsistent input is one located, actionable error."""

from __future__ import annotations

from pathlib import Path

import pytest

from newskg.build import load_project
from newskg.errors import EvidenceError, FactsError, InputError
from newskg.graph import ArticleGraphBuilder
from newskg.ntriples import GraphTriples
from tests.test_build import break_facts


def load_error(data_dir: Path) -> str:
    with pytest.raises(FactsError) as info:
        load_project(data_dir)
    return str(info.value)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    cue: said in a televised address\n", "    cue: said in a televised address\n    cue2: x\n",
     "unknown field 'cue2'"),
    ("  - id: st-aliyev-forces-destroyed", "  - id: st-aliyev-televised-address",
     "duplicate fact id 'st-aliyev-televised-address'"),
    ("  - id: st-aliyev-forces-destroyed", "  - id: St_Aliyev", "'St_Aliyev' is not a key"),
    ("    act: claim", "    act: rumour", "'rumour' is not one of: assertion, claim"),
    ("    direct: true", "    direct: yes please", "'yes please' is not true or false"),
    ("    occurrence: 2   # body sentence", "    occurrence: 0", "0 is below 1"),
    ("    about: [azerbaijan, nagorno-karabakh, ev-offensive]",
     "    about: [azerbaijan, ev-nothing]", "'ev-nothing' is not a known fact id or entity key"),
    ("    speaker: ilham-aliyev\n    act: assertion",
     "    speaker: nagorno-karabakh\n    act: assertion", "'nagorno-karabakh' is not an actor"),
])
def test_facts_errors_name_file_line_and_field(data_copy: Path, seed_facts: Path, old: str,
                                              new: str, message: str) -> None:
    break_facts(seed_facts, old, new)
    error = load_error(data_copy)
    assert message in error and str(seed_facts) in error
    assert error.split(f"{seed_facts}:")[1].split(":")[0].isdigit()


def test_words_outside_the_evidence_are_refused(data_copy: Path, seed_facts: Path) -> None:
    line = break_facts(seed_facts, "    words: Azerbaijan restored its sovereignty",
                       "    words: Azerbaijan lost its sovereignty")
    project = load_project(data_copy)
    facts = project.articles[0]
    with pytest.raises(EvidenceError, match="are not inside its evidence span") as info:
        ArticleGraphBuilder(facts, facts.text_path.read_text(), project.entities, {},
                            GraphTriples()).build()
    assert f"{seed_facts}:" in str(info.value)
    assert int(str(info.value).split(f"{seed_facts}:")[1].split(":")[0]) <= line


@pytest.mark.parametrize(("content", "message"), [
    (b"", "must be a mapping"),
    (b"\xff\xfe\x00binary", "not UTF-8 text"),
    (b"- just\n- a list\n", "must be a mapping"),
    (b"article: {headline: x}\n", "published"),
])
def test_broken_facts_files(data_copy: Path, seed_facts: Path, content: bytes, message: str) -> None:
    seed_facts.write_bytes(content)
    assert message in load_error(data_copy)


def test_a_non_utf8_article_text_is_named(data_copy: Path, seed_facts: Path) -> None:
    from newskg.build import build_dataset

    (seed_facts.parent / "article.txt").write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match=r"article.txt: not UTF-8 text .* \(save the article as UTF-8\)"):
        build_dataset(load_project(data_copy))


def test_no_articles(tmp_path: Path, data_copy: Path) -> None:
    import shutil

    shutil.rmtree(data_copy / "articles")
    (data_copy / "articles").mkdir()
    assert "no article folders" in load_error(data_copy)
