"""Hostile and careless inputs under data/ (issue 10, rows 3-6, 16-19): each one a clear error
naming the file and line, or a graph whose selectors point into the file as stored."""

from __future__ import annotations

import hashlib
import resource
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import EvidenceError, FactsError, InputError, UnsafeIriError
from newskg.project import Project, load_project
from newskg.project.yamlio import ALIAS_NODE_BUDGET, load_yaml
from newskg.rdf.dataset import build_dataset as write_dataset
from newskg.rdf.evidence import AmbiguousSpan, ArticleText, SpanNotFound
from newskg.rdf.ntriples import iri
from newskg.rdf.sorted_dataset import SortedDataset
from newskg.validation.shacl import load_ontology
from tests.conftest import REPO, SEED_SLUG
from tests.test_build import break_facts

runner = CliRunner()
SAFETY_LIMIT_S = 120  # a generous bound on a subprocess that should take about a second


def build_dataset(project: Project) -> SortedDataset:
    return write_dataset(project, load_ontology())


def build_cli(data_dir: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", "--data-dir", str(data_dir),
                                 "--build-dir", str(data_dir.parent / "build"), *extra])
    return result.exit_code, result.stderr


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def run_capped(args: list[str], memory_bytes: int = 2 << 30) -> subprocess.CompletedProcess[str]:
    """``python -m newskg ARGS`` in a child whose address space is capped (a runaway allocation
    ends as MemoryError there, never on the machine), bounded in time."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return subprocess.run([sys.executable, "-m", "newskg", *args], capture_output=True, text=True,
                          timeout=SAFETY_LIMIT_S, preexec_fn=cap, cwd=REPO, check=False)


# -- rows 3 and 4: YAML anchors and aliases ---------------------------------------------------------

def alias_bomb(levels: int = 9, width: int = 10) -> str:
    """Nine levels of ten aliases: a billion values from ten lines."""
    lines = [f"  l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"  l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "bombs:\n" + "\n".join(lines) + "\n"


def test_an_alias_bomb_in_entities_is_refused_naming_file_and_line(data_copy: Path) -> None:
    entities = data_copy / "entities.yaml"
    first_bomb_line = entities.read_text().count("\n") + 1
    with entities.open("a") as stream:
        stream.write(alias_bomb())
    done = run_capped(["build", "--data-dir", str(data_copy),
                       "--build-dir", str(data_copy.parent / "build")])
    assert done.returncode == 2, done.stderr[-2000:]
    line = one_error_line(done.stderr)
    assert f"{entities}:" in line and f"more than {ALIAS_NODE_BUDGET} values" in line
    reported = int(line.split(f"{entities}:")[1].split(":")[0])
    assert first_bomb_line <= reported <= first_bomb_line + 9


def test_a_few_aliases_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("parties: &p [armenia, azerbaijan]\nagain: *p\n")
    assert load_yaml(path) == {"parties": ["armenia", "azerbaijan"],
                               "again": ["armenia", "azerbaijan"]}


@pytest.mark.parametrize("text", ["loop: &l [*l]\n", "loop: &l {again: *l}\n",
                                  "entities: &e\n  x:\n    - *e\n"])
def test_a_recursive_alias_is_one_line_and_exit_2(data_copy: Path, text: str) -> None:
    entities = data_copy / "entities.yaml"
    entities.write_text(text)
    code, stderr = build_cli(data_copy)
    assert code == 2
    line = one_error_line(stderr)
    assert f"{entities}:" in line and "alias refers to a node that contains it" in line


# -- row 5: names that become IRIs ------------------------------------------------------------------

@pytest.mark.parametrize("name", ['2023-09-20-a"b', "x>", "a b", "a\nb", "Capital", "é-accent",
                                  "-leading-dash", "a{b}"])
def test_an_article_folder_name_that_cannot_be_an_iri_is_refused(data_copy: Path,
                                                                 name: str) -> None:
    articles = data_copy / "articles"
    (articles / SEED_SLUG).rename(articles / name)
    code, stderr = build_cli(data_copy)
    assert code == 2
    line = one_error_line(stderr.replace(f"{articles}/{name}", f"{articles}/NAME"))
    assert f"{articles}/NAME: article folder name" in line
    assert "lowercase letters a-z, digits 0-9 and '-'" in line


def test_a_key_with_a_trailing_newline_is_refused_at_load(data_copy: Path) -> None:
    entities = data_copy / "entities.yaml"
    line = break_facts(entities, "entities:\n", 'entities:\n  "new-key\\n": {name: X, types: [Person]}\n')
    with pytest.raises(FactsError, match=r"'new-key\\n' is not a key \(use only lowercase") as info:
        load_project(data_copy)
    assert info.value.path == entities and info.value.line == line + 1


def test_a_language_that_is_not_a_tag_is_refused_at_load(data_copy: Path, seed_facts: Path) -> None:
    line = break_facts(seed_facts, "  language: en\n", '  language: "en>"\n')
    with pytest.raises(FactsError, match="'en>' is not a language tag") as info:
        load_project(data_copy)
    assert (info.value.path, info.value.line, info.value.field) == (seed_facts, line, "language")


@pytest.mark.parametrize(("value", "reason"), [
    ("http://a/b>", "'>' (U+003E)"), ("http://a/b c", "' ' (U+0020)"),
    ("http://a/\"x", "'\"' (U+0022)"), ("http://a/b\n", "'\\n' (U+000A)"),
    ("http://a/{x}", "'{' (U+007B)"), ("http://a/\u00a0", "U+00A0"), ("no-scheme", "scheme"),
    ("http://a/%zz", "percent"),
])
def test_iri_refuses_what_an_iri_cannot_hold(value: str, reason: str) -> None:
    with pytest.raises(UnsafeIriError, match="cannot be written as an IRI") as info:
        iri(value)
    assert reason in str(info.value)


# -- row 6: CRLF article text -----------------------------------------------------------------------

def test_crlf_text_is_kept_as_stored_and_selectors_point_into_it(data_copy: Path,
                                                                 seed_facts: Path) -> None:
    text_path = seed_facts.parent / "article.txt"
    text_path.write_bytes(text_path.read_bytes().replace(b"\n", b"\r\n"))
    stored = text_path.read_bytes().decode("utf-8")
    store = ox.Store()
    store.load(build_dataset(load_project(data_copy)).nquads, format=ox.RdfFormat.N_QUADS)
    rows = list(store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end WHERE {
          ?ev oa:hasSource ?article ; oa:hasSelector ?quote, ?position .
          ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
          FILTER(STRENDS(STR(?article), "/{SEED_SLUG}")) }""".replace("{SEED_SLUG}", SEED_SLUG),
                            use_default_graph_as_union=True))
    assert len(rows) > 100
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert stored[start:end] == row["exact"].value
    text, digest = next(iter(store.query("""
        PREFIX nkg: <https://w3id.org/newskg/ontology#>
        SELECT ?text ?sha WHERE { ?a nkg:text ?text ; nkg:textSha256 ?sha .
          FILTER(STRENDS(STR(?a), "/{SEED_SLUG}")) }""".replace("{SEED_SLUG}", SEED_SLUG),
                                         use_default_graph_as_union=True)))
    assert text.value == stored and "\r\n" in text.value
    assert digest.value == hashlib.sha256(text_path.read_bytes()).hexdigest()


def test_a_span_across_a_line_break_is_found_in_crlf_text() -> None:
    text = ArticleText("Headline\r\n\r\nFirst line\r\nsecond line.")
    span = text.locate("First line\nsecond")
    assert text.text[span.start:span.end] == span.exact == "First line\r\nsecond"


# -- row 16: symbolic links out of data/ ------------------------------------------------------------

def test_an_article_folder_linked_from_outside_is_refused(data_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    folder = data_copy / "articles" / SEED_SLUG
    shutil.move(folder, outside)
    folder.symlink_to(outside, target_is_directory=True)
    code, stderr = build_cli(data_copy)
    assert code == 2
    line = one_error_line(stderr)
    assert f"{folder}: is a symbolic link to {outside}, outside the data folder" in line
    assert "--follow-symlinks" in line
    code, stderr = build_cli(data_copy, "--follow-symlinks")
    assert code == 0, stderr


@pytest.mark.parametrize("name", ["article.txt", "facts.yaml"])
def test_a_file_linked_from_outside_is_refused(data_copy: Path, tmp_path: Path, name: str) -> None:
    path = data_copy / "articles" / SEED_SLUG / name
    outside = tmp_path / name
    shutil.move(path, outside)
    path.symlink_to(outside)
    with pytest.raises(InputError, match="is a symbolic link to .*, outside the data folder"):
        load_project(data_copy)
    assert load_project(data_copy, follow_symlinks=True).articles[0].slug == SEED_SLUG


@pytest.mark.parametrize("name", ["articles/SLUG/article.txt", "articles/SLUG/facts.yaml",
                                  "entities.yaml"])
def test_a_link_to_itself_is_exit_2_naming_it(data_copy: Path, name: str) -> None:
    """A symbolic link that points at itself was an internal error (RuntimeError "Symlink loop",
    exit 3; found by an adversarial audit)."""
    path = data_copy / name.replace("SLUG", SEED_SLUG)
    path.unlink()
    path.symlink_to(path.name)
    code, stderr = build_cli(data_copy)
    assert code == 2, stderr
    line = one_error_line(stderr)
    assert f"{path}: cannot be read: its symbolic links go round in a loop" in line


def test_a_link_inside_data_is_read(data_copy: Path) -> None:
    folder = data_copy / "articles" / SEED_SLUG
    shutil.move(folder / "article.txt", data_copy / "kept-text.txt")
    (folder / "article.txt").symlink_to(data_copy / "kept-text.txt")
    assert build_dataset(load_project(data_copy))


# -- row 17: evidence that occurs more than once ----------------------------------------------------

def test_evidence_occurring_twice_without_occurrence_lists_the_copies(data_copy: Path,
                                                                      seed_facts: Path) -> None:
    line = break_facts(seed_facts, "  occurrence: 2   # body sentence\n", "")
    text = ArticleText((seed_facts.parent / "article.txt").read_text())
    starts = text.starts("breakaway Nagorno-Karabakh")
    assert len(starts) == 2
    with pytest.raises(EvidenceError) as info:
        build_dataset(load_project(data_copy))
    message = str(info.value)
    assert f"{seed_facts}:{line - 3}: evidence: 'm-nagorno-karabakh': evidence occurs 2 times" \
        in message
    for start in starts:
        assert f"{start} (line {text.line_of(start)})" in message
    assert "'occurrence: N'" in message


def test_an_ambiguous_span_lists_at_most_ten_copies() -> None:
    with pytest.raises(AmbiguousSpan, match=r"occurs 12 times .* 18 \(line 1\) and 2 more;"):
        ArticleText("a " * 12).locate("a")
    assert ArticleText("a b a").locate("a", 2).start == 4


# -- row 18: size limit -----------------------------------------------------------------------------

def test_a_50_mb_facts_file_is_refused_before_parsing(data_copy: Path, seed_facts: Path) -> None:
    with seed_facts.open("r+b") as stream:
        stream.truncate(50_000_000)  # sparse: the check must not need to read it
    code, stderr = build_cli(data_copy)
    assert code == 2
    line = one_error_line(stderr)
    assert f"{seed_facts}: 50.0 MB is over the 10 MB limit for an input file" in line
    assert "NEWSKG_MAX_INPUT_MB" in line


def test_the_limit_can_be_raised(data_copy: Path, seed_facts: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with seed_facts.open("ab") as stream:
        stream.write(b"# padding\n" * 1_100_000)  # 11 MB of comments: valid YAML
    with pytest.raises(FactsError, match="11.0 MB is over the 10 MB limit"):
        load_project(data_copy)
    monkeypatch.setenv("NEWSKG_MAX_INPUT_MB", "12")
    assert load_project(data_copy).articles[0].slug == SEED_SLUG
    monkeypatch.setenv("NEWSKG_MAX_INPUT_MB", "lots")
    with pytest.raises(InputError, match="NEWSKG_MAX_INPUT_MB='lots' is not a positive number"):
        load_project(data_copy)


def test_an_oversized_article_text_is_refused(data_copy: Path, seed_facts: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    limit = seed_facts.stat().st_size + 1000
    monkeypatch.setenv("NEWSKG_MAX_INPUT_MB", str(limit / 1e6))
    (seed_facts.parent / "article.txt").write_text("x" * (limit + 1))
    with pytest.raises(InputError, match=rf"article.txt: {limit + 1:,} bytes is over the "
                                         rf"{limit / 1e6:g} MB limit for an input file"):
        build_dataset(load_project(data_copy))


# -- row 19: Unicode normalisation ------------------------------------------------------------------

def test_evidence_in_nfd_against_nfc_text_says_so_with_code_points(data_copy: Path,
                                                                   seed_facts: Path) -> None:
    text_path = seed_facts.parent / "article.txt"
    nfc = "G\u00e9gham"
    text_path.write_text(text_path.read_text().replace("Gegham", nfc))
    nfd = unicodedata.normalize("NFD", nfc)
    seed_facts.write_text(seed_facts.read_text().replace("Gegham Stepanyan", f"{nfd} Stepanyan"))
    with pytest.raises(EvidenceError) as info:
        build_dataset(load_project(data_copy))
    message = str(info.value)
    assert "differs from the text only in Unicode normalisation" in message
    assert "(U+0065 U+0301, NFD) where the text has '\u00e9' (U+00E9, NFC)" in message


def test_nfc_evidence_against_nfd_text() -> None:
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    with pytest.raises(SpanNotFound) as info:
        ArticleText(f"The {nfd} is open.").locate(f"{nfc} is")
    assert str(info.value).startswith(
        "differs from the text only in Unicode normalisation: the span has '\u00e9' (U+00E9, NFC) "
        "where the text has 'e\u0301' (U+0065 U+0301, NFD)")


@pytest.mark.parametrize("name", ["entities.yaml", "wikidata/verified.tsv", "wikidata"])
def test_shared_files_linked_from_outside_are_refused(data_copy: Path, tmp_path: Path,
                                                      name: str) -> None:
    path = data_copy / name
    outside = tmp_path / "outside" / Path(name).name
    outside.parent.mkdir()
    shutil.move(path, outside)
    path.symlink_to(outside)
    with pytest.raises(InputError, match="is a symbolic link to .*, outside the data folder") as info:
        load_project(data_copy)
    assert info.value.path == path
    assert load_project(data_copy, follow_symlinks=True).entities


def test_a_data_folder_without_articles_is_one_line(data_copy: Path) -> None:
    shutil.rmtree(data_copy / "articles")
    code, stderr = build_cli(data_copy)
    assert code == 2 and "articles: no articles folder" in one_error_line(stderr)


def test_a_control_character_in_a_text_field_is_exit_2(data_copy: Path) -> None:
    """"Ilham\\u0000Aliyev" built (exit 0) and the RDF/XML export was then not XML (an audit)."""
    entities = data_copy / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    assert "    name: Ilham Aliyev\n" in text
    entities.write_text(text.replace("    name: Ilham Aliyev\n",
                                     '    name: "Ilham\\u0000Aliyev"\n', 1), encoding="utf-8")
    code, stderr = build_cli(data_copy)
    assert code == 2, stderr
    line = one_error_line(stderr)
    assert "entities.yaml:" in line and "name:" in line and "control character U+0000" in line


@pytest.mark.parametrize(("old", "new", "field", "what"), [
    ("name: Ilham Aliyev", 'name: "Ilham\\nAliyev"', "name", "a line break"),
    ("name: Ilham Aliyev", 'name: "Ilham\\tAliyev"', "name", "a tab"),
    ("name: Ilham Aliyev", 'name: "Ilham\\u2028Aliyev"', "name", "a line break"),
    ("aliases: [Aliyev,", 'aliases: ["Ali\\nyev",', "aliases", "a line break")])
def test_a_line_break_in_a_name_is_exit_2(data_copy: Path, old: str, new: str, field: str,
                                          what: str) -> None:
    """A name or an alias with a line end was published (and accepted from the review page):
    labels are one line in tables, pictures and lists."""
    entities = data_copy / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    assert f"    {old}" in text
    entities.write_text(text.replace(f"    {old}", f"    {new}", 1), encoding="utf-8")
    code, stderr = build_cli(data_copy)
    assert code == 2, stderr
    line = one_error_line(stderr)
    assert "entities.yaml:" in line and f"{field}:" in line
    assert f"holds {what}; a name is one line" in line


@pytest.mark.parametrize("url", ["https://kyiv independent.com/x", "https://[::1/", "notaurl",
                                 "javascript:alert(1)"])
def test_an_article_url_that_is_no_web_address_is_exit_2(data_copy: Path, seed_facts: Path,
                                                         url: str) -> None:
    """A URL with a space was published as an xsd:anyURI with exit 0 (an audit)."""
    text = seed_facts.read_text(encoding="utf-8")
    assert "\n  language: en\n" in text
    seed_facts.write_text(text.replace("\n  language: en\n", f"\n  language: en\n  url: '{url}'\n", 1),
                          encoding="utf-8")
    code, stderr = build_cli(data_copy)
    assert code == 2, stderr
    line = one_error_line(stderr)
    assert "facts.yaml:" in line and "url:" in line and "is not a web address" in line


@pytest.mark.parametrize(("text", "expected"), [
    ("v: 017\n", 17),   # YAML 1.1 read it as octal 15 (an audit)
    ("v: yes\n", "yes"),  # 1.1: true
    ("v: no\n", "no"),    # 1.1: false, though "no" is Norwegian's language tag
    ("v: 1:20\n", "1:20"),  # 1.1: sexagesimal 80
    ("v: 12.5\n", 12.5),
    ("v: true\n", True),
    ("v: 2023-09-20\n", "2023-09-20"),
])
def test_data_files_are_read_with_yaml_1_2_core_types(tmp_path: Path, text: str,
                                                      expected: object) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    value = load_yaml(path)["v"]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("value", ["'12,5'", "'1e400'", "1e400"])
def test_a_figure_value_that_is_no_plain_number_is_exit_2(data_copy: Path, seed_facts: Path,
                                                          value: str) -> None:
    """"12,5" was read as 125 and "1e400" as a 401-digit number (an audit)."""
    text = seed_facts.read_text(encoding="utf-8")
    assert "\n  value: 30000\n" in text
    seed_facts.write_text(text.replace("\n  value: 30000\n", f"\n  value: {value}\n", 1),
                          encoding="utf-8")
    code, stderr = build_cli(data_copy)
    assert code == 2, stderr
    assert "value:" in one_error_line(stderr)
