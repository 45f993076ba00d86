"""Projects anywhere: `newskg init`, finding the project upwards from the current folder or with
--project, the error outside any project, and a project's own IRI base."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError, NewskgError
from newskg.project.home import (
    BASE_ENV,
    INIT_BASE,
    PROJECT_FILE,
    NoProjectError,
    apply_iri_base,
    find_project,
    init_project,
    load_home,
    open_project,
)
from newskg.rdf import prefixes
from tests.conftest import REPO, seed_only

runner = CliRunner()


def test_init_makes_a_project_that_is_found_from_a_subfolder(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    result = runner.invoke(app, ["init", str(folder), "--iri-base", "https://example.org/kg/",
                                 "--publisher", 'The "Example" Post'])
    assert result.exit_code == 0, result.stderr
    for made in (PROJECT_FILE, "data/entities.yaml", "data/instances.yaml",
                 "data/wikidata/verified.tsv", ".gitignore"):
        assert (folder / made).is_file(), made
        assert str(folder / made) in result.stdout.splitlines()
    assert (folder / "data" / "articles").is_dir()
    assert "/build/" in (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "newskg add" in result.stderr  # the next step
    home = load_home(folder)
    assert (home.iri_base, home.publisher) == ("https://example.org/kg/", 'The "Example" Post')
    deep = folder / "data" / "articles" / "x" / "y"
    deep.mkdir(parents=True)
    assert find_project(deep) == folder.resolve()
    assert find_project(tmp_path) is None or find_project(tmp_path) != folder.resolve()


def test_init_here_says_the_next_step_without_a_cd(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.stderr
    assert "next: newskg add ARTICLE.txt" in result.stderr and "cd ." not in result.stderr
    elsewhere = runner.invoke(app, ["init", "sub"])
    assert "next: cd sub && newskg add ARTICLE.txt" in elsewhere.stderr


def test_init_refuses_a_folder_that_is_already_a_project(tmp_path: Path) -> None:
    init_project(tmp_path)
    result = runner.invoke(app, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / PROJECT_FILE}: already a newskg project" in result.stderr


def test_init_keeps_existing_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "entities.yaml").write_text("entities: {mine: 1}\n", encoding="utf-8")
    written = init_project(tmp_path, publisher="Me")
    assert tmp_path / "data" / "entities.yaml" not in written
    assert (tmp_path / "data" / "entities.yaml").read_text(encoding="utf-8") == "entities: {mine: 1}\n"


@pytest.mark.parametrize("base", ["example.org/kg/", "https://example.org/kg", "https://ex.org/a b/",
                                  "https://example.org/kg/#", "ftp://example.org/"])
def test_a_bad_iri_base_is_refused_with_its_field(tmp_path: Path, base: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--iri-base", base])
    assert result.exit_code == 2
    assert "iri_base" in result.stderr and "ending in '/'" in result.stderr
    assert result.stderr.count("iri_base") == 1  # the field named once (it said it twice)
    (tmp_path / PROJECT_FILE).write_text(f'iri_base = "{base}"\n', encoding="utf-8")
    with pytest.raises(InputError, match="iri_base"):
        load_home(tmp_path)


def test_the_project_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / PROJECT_FILE
    path.write_text('iri_bas = "https://example.org/kg/"\n', encoding="utf-8")
    with pytest.raises(InputError, match="unknown field 'iri_bas'"):
        load_home(tmp_path)
    path.write_text('iri_base = "https://example.org/kg/\n', encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_home(tmp_path)
    path.write_text("publisher = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="publisher"):
        load_home(tmp_path)
    path.write_text("", encoding="utf-8")  # every field is optional
    assert load_home(tmp_path).iri_base is None


def test_the_repository_is_the_example_project() -> None:
    home = load_home(REPO)
    assert home.iri_base == prefixes.DEFAULT_BASE
    assert home.data_dir == REPO / "data" and home.build_dir == REPO / "build"
    assert find_project(REPO / "src" / "newskg") == REPO


@pytest.mark.parametrize("args", [["build"], ["query", "ASK {}"], ["stats"], ["validate"],
                                  ["export"]])
def test_outside_any_project_a_command_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSKG_PROJECT", raising=False)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (f"error: no newskg project here: no newskg.toml in {tmp_path.resolve()} "
                             "or any folder above it; run 'newskg init DIR' to make one, or pass "
                             "--project DIR\n")


def test_outside_a_project_explicit_folders_and_files_still_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ontology = REPO / "ontology" / "newskg.ttl"
    result = runner.invoke(app, ["query", "--data", str(ontology), "ASK { nkg:Statement a owl:Class }"])
    assert (result.exit_code, result.stdout.strip()) == (0, "true")
    missing = runner.invoke(app, ["build", "--data-dir", str(tmp_path / "nothing")])
    assert missing.exit_code == 2 and "nothing: data folder not found" in missing.stderr


def test_project_option_names_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          seed_data: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(seed_data, project / "data")
    (project / PROJECT_FILE).write_text('publisher = "Test"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(app, ["--project", str(project), "build"])
    assert result.exit_code == 0, result.stderr
    assert str(project.resolve() / "build" / "newskg.trig") in result.stdout.splitlines()
    monkeypatch.chdir(project / "data" / "articles")  # found upwards, like git
    result = runner.invoke(app, ["query", "--name", "ceasefire-mediators"])
    assert result.exit_code == 0, result.stderr
    assert "entity:russian-peacekeepers" in result.stdout
    overridden = runner.invoke(app, ["stats"], env={"NEWSKG_BUILD": str(tmp_path / "none")})
    assert overridden.exit_code == 2  # the environment and options still win over the project
    assert f"{tmp_path / 'none' / 'store'}: no built store here" in overridden.stderr
    not_one = runner.invoke(app, ["--project", str(elsewhere), "stats"])
    assert not_one.exit_code == 2
    assert f"{elsewhere}: not a newskg project (no newskg.toml there)" in not_one.stderr


def test_open_project_prefers_the_given_folder(tmp_path: Path) -> None:
    init_project(tmp_path / "a")
    init_project(tmp_path / "b")
    home = open_project(tmp_path / "b", cwd=tmp_path / "a")
    assert home is not None and home.root == (tmp_path / "b").resolve()
    with pytest.raises(NoProjectError):
        open_project(tmp_path, cwd=tmp_path / "a")


def test_the_base_variable_is_the_one_prefixes_reads() -> None:
    assert BASE_ENV == prefixes.BASE_ENV
    assert prefixes.ID == prefixes.BASE + "id/" and prefixes.GRAPH == prefixes.BASE + "graph/"


def test_a_process_never_mixes_two_iri_bases(tmp_path: Path) -> None:
    init_project(tmp_path, iri_base="https://example.org/other/")
    with pytest.raises(NewskgError, match="already uses the IRI base"):
        apply_iri_base(load_home(tmp_path))


def test_a_project_mints_iris_under_its_own_base(tmp_path: Path) -> None:
    """entity, article, instance and graph IRIs follow iri_base; the ontology's stay nkg:."""
    project = tmp_path / "p"
    seed_only(project / "data")
    init_project(project, iri_base="https://example.org/kg/", publisher="Example")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSKG_")}
    sub = project / "data" / "articles"

    def newskg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newskg", *args], cwd=sub, env=env,
                              capture_output=True, text=True, timeout=300, check=False)

    built = newskg("build")
    assert built.returncode == 0, built.stderr
    trig = (project / "build" / "newskg.trig").read_text(encoding="utf-8")
    assert "@prefix entity: <https://example.org/kg/id/entity/>" in trig
    # the world instances' prefixes too (their keys hold no '/'), not article: (reports' do)
    assert "@prefix agreement: <https://example.org/kg/id/agreement/>" in trig
    assert "agreement:karabakh-ceasefire-2023" in trig and "@prefix article:" not in trig
    exported = newskg("export", "--format", "nquads")
    assert exported.returncode == 0, exported.stderr
    quads = exported.stdout
    assert "https://w3id.org/newskg/id/" not in quads and "https://w3id.org/newskg/graph/" not in quads
    for minted in ("<https://example.org/kg/id/entity/ilham-aliyev>",
                   "<https://example.org/kg/id/article/2023-09-20-azerbaijan-claims-victory>",
                   "<https://example.org/kg/id/agreement/karabakh-ceasefire-2023>",
                   "<https://example.org/kg/graph/article/2023-09-20-azerbaijan-claims-victory>",
                   "<https://w3id.org/newskg/ontology#Statement>"):
        assert minted in quads, minted
    asked = newskg("query", "ASK { GRAPH ?g { entity:ilham-aliyev a nkg:Person } }")
    assert (asked.returncode, asked.stdout.strip()) == (0, "true"), asked.stderr
    named = newskg("query", "--name", "instance-reports", "--param",
                   "instance=agreement:karabakh-ceasefire-2023", "--format", "csv")
    assert named.returncode == 0, named.stderr
    assert "https://example.org/kg/id/article/2023-09-20-azerbaijan-claims-victory" in named.stdout
    as_jsonld = newskg("export", "--format", "jsonld")  # the context's prefixes follow the base
    assert as_jsonld.returncode == 0, as_jsonld.stderr
    context = json.loads(as_jsonld.stdout)["@context"]
    assert context["entity"] == "https://example.org/kg/id/entity/"
    assert context["article"] == "https://example.org/kg/id/article/"
    assert context["nkg"] == "https://w3id.org/newskg/ontology#"
    assert "https://w3id.org/newskg/id/" not in as_jsonld.stdout


def test_init_without_a_base_writes_the_placeholder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "p")])
    assert result.exit_code == 0, result.stderr
    home = load_home(tmp_path / "p")
    assert (home.iri_base, home.publisher) == (INIT_BASE, "p")
