"""A real install: the package data is what the repository holds, the wheel carries it, and the
installed `newskg` works on a project of its own outside the repository."""

from __future__ import annotations

import csv
import fnmatch
import io
import os
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
import rdflib

from newskg import resources
from tests.conftest import REPO
from tests.serve_fixtures import free_port

PACKAGE = REPO / "src" / "newskg"
SOURCE_OF_TRUTH = {  # the package's copy → the repository's file
    "resources/ontology/newskg.ttl": REPO / "ontology" / "newskg.ttl",
    "resources/ontology/alignments.ttl": REPO / "ontology" / "alignments.ttl",
    "resources/shapes/newskg-shapes.ttl": REPO / "shapes" / "newskg-shapes.ttl",
}


def package_data_patterns() -> list[str]:
    doc = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = doc["tool"]["setuptools"]["package-data"]["newskg"]
    return patterns


def test_the_package_data_is_the_repositorys_ontology_and_shapes() -> None:
    read = {"resources/ontology/newskg.ttl": resources.ontology_path(),
            "resources/ontology/alignments.ttl": resources.alignments_path(),
            "resources/shapes/newskg-shapes.ttl": resources.shapes_path()}
    for name, path in read.items():
        assert path == PACKAGE / name
        assert path.read_bytes() == SOURCE_OF_TRUTH[name].read_bytes(), name
    assert (resources.jsonld_context_path().parent == resources.resources_dir()
            == PACKAGE / "resources")
    from newskg.serve.app import ASSETS  # what the page serves, all of it in the package

    assert sorted(p.name for p in resources.serve_assets_dir().iterdir()) == sorted(ASSETS)
    assert len(list(resources.queries_dir().glob("*.rq"))) >= 20


def test_every_data_file_of_the_package_is_declared_package_data() -> None:
    """What newskg reads from its package must be in the wheel: pyproject's package-data globs
    cover every non-Python file under src/newskg (the symbolic links followed)."""
    patterns = package_data_patterns()
    data_files = sorted((Path(folder) / name).relative_to(PACKAGE).as_posix()
                        for folder, _, names in os.walk(PACKAGE, followlinks=True)
                        for name in names if "__pycache__" not in Path(folder).parts
                        and Path(name).suffix not in (".py", ".pyc", ".typed"))
    data_files.remove("resources/shapes/README.md")  # shapes/README.md: documentation, not read
    for stray in ("resources/ontology/newskg.ttl", "resources/shapes/newskg-shapes.ttl",
                  "resources/context.jsonld", "resources/serve/app.js", "queries/timeline.rq"):
        assert stray in data_files
    for name in data_files:
        assert any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns), name


def build_wheel(tmp: Path) -> Path:
    """Build the wheel from a copy of the sources (the repository stays untouched) as `make wheel`
    does: pip wheel --no-deps; return the wheel's path."""
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "setup.cfg", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("src", "ontology", "shapes"):
        shutil.copytree(REPO / name, source / name, symlinks=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
                    str(source)], check=True, capture_output=True, text=True, timeout=600)
    assert not (source / "build").exists(), "setuptools wrote into build/, newskg's output folder"
    assert (source / ".setuptools-build").is_dir()
    (wheel,) = dist.glob("newskg-*.whl")
    return wheel


def http_get(url: str, accept: str = "*/*") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=30) as answer:  # loopback only
        return answer.status, answer.read().decode("utf-8")


ARTICLE = """\
Mediators say both sides agreed a ceasefire in the border town
published: 2024-03-14

The foreign ministry of Qatar said on Thursday that the two sides had agreed a ceasefire in the \
border town, to begin at midnight. "The agreement includes the release of 20 detainees," the \
ministry said. At least 12 people were killed in the fighting last week, according to local \
officials.
"""


@pytest.mark.slow
def test_the_wheel_installs_and_works_outside_the_repository(tmp_path: Path) -> None:
    """Acceptance (issue 11): build the wheel, install it into a fresh venv, `newskg init` a project
    in a temporary folder, add and build an article there, query from a subfolder, serve it,
    dereference an entity IRI as HTML and as Turtle and read the VoID."""
    assert REPO not in tmp_path.parents
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name, source in SOURCE_OF_TRUTH.items():
            assert archive.read(f"newskg/{name}") == source.read_bytes(), name
        for name in ("newskg/resources/context.jsonld", "newskg/resources/serve/index.html",
                     "newskg/queries/timeline.rq"):
            assert name in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEWSKG_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # dependencies come from the same pip configuration, cache and pins as `make install`
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                                "-c", str(REPO / "constraints.txt"), str(wheel)],
                               env=env, capture_output=True, text=True, timeout=1200, check=False)
    assert installed.returncode == 0, installed.stderr[-3000:]
    newskg_bin = str(venv / "bin" / "newskg")
    home = tmp_path / "home"
    home.mkdir()

    def newskg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([newskg_bin, *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=600, check=False)

    where = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import newskg.resources as r; print(r.ontology_path())"],
                           cwd=home, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the installed copy, not the checkout

    made = newskg("init", "news", "--iri-base", "https://example.org/kg/", "--publisher",
                  "Example News", cwd=home)
    assert made.returncode == 0, made.stderr
    project = home / "news"
    (home / "article.txt").write_text(ARTICLE, encoding="utf-8")
    added = newskg("add", "../article.txt", cwd=project)
    assert added.returncode == 0, added.stderr
    built = newskg("build", cwd=project)
    assert built.returncode == 0, built.stderr
    assert (project / "build" / "newskg.trig").is_file()
    assert newskg("validate", cwd=project).returncode == 0

    deep = project / "notes" / "deep"
    deep.mkdir(parents=True)
    asked = newskg("query", "SELECT ?article WHERE { ?article a nkg:Article }", "--format", "csv",
                   cwd=deep)
    assert asked.returncode == 0, asked.stderr
    rows = list(csv.DictReader(io.StringIO(asked.stdout)))
    assert len(rows) == 1
    article_iri = rows[0]["article"]
    assert article_iri.startswith("https://example.org/kg/id/article/2024-03-14-"), article_iri
    outside = newskg("query", "ASK {}", cwd=home)
    assert outside.returncode == 2 and "no newskg project here" in outside.stderr

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([newskg_bin, "serve", "--port", str(port), "--processes", "1"],
                              cwd=deep, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        status = 0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = http_get(f"{url}/health")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, server.stderr.read() if server.poll() is not None else "no answer"
        query = urllib.parse.quote(f"ASK {{ <{article_iri}> a nkg:Article }}")
        status, body = http_get(f"{url}/sparql?query={query}", "application/sparql-results+json")
        assert status == 200 and '"boolean":true' in body.replace(" ", "")

        # linked data: an entity the article names dereferences as a page and as Turtle
        entity = "https://example.org/kg/id/entity/qatar"
        status, page = http_get(f"{url}/id/entity/qatar", "text/html")
        assert status == 200 and "<h1>Qatar" in page
        assert '<mark class="evidence">' in page  # its report, the evidence highlighted
        for accept, path in (("text/turtle", "/id/entity/qatar"),
                             ("*/*", "/id/entity/qatar?format=ttl")):
            status, turtle = http_get(url + path, accept)
            described = rdflib.Graph().parse(data=turtle, format="turtle")
            assert status == 200 and (rdflib.URIRef(entity), None, None) in described
        status, turtle = http_get(f"{url}/.well-known/void", "text/turtle")
        void = rdflib.Graph().parse(data=turtle, format="turtle")
        dataset = rdflib.URIRef("https://example.org/kg/void#dataset")
        vocab = rdflib.Namespace("http://rdfs.org/ns/void#")
        assert status == 200 and (dataset, rdflib.RDF.type, vocab.Dataset) in void
        assert int(void.value(dataset, vocab.triples)) > 0
        assert str(void.value(dataset, vocab.exampleResource)).startswith(
            "https://example.org/kg/id/entity/")
        publisher = void.value(dataset, rdflib.DCTERMS.publisher)
        assert str(void.value(publisher, rdflib.FOAF.name)) == "Example News"
        server.terminate()  # SIGTERM: a graceful stop, exit 0 (README, "newskg serve")
        assert server.wait(timeout=30) == 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
