"""`newskg build --to-nquads DIR` (article graphs made on local processes or the workers of a local
Dask cluster) and `newskg build --from-nquads DIR` (validated per named graph, published): the
same quads as `newskg build` from data/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError, NewskgError, NotConformingError
from newskg.publish.build import GRAPHS_FILE, TRIG_FILE, build, build_from_nquads
from newskg.publish.nquads import SHARED_FILE, read_nquads, write_nquads
from newskg.rdf.iris import article_graph_iri
from tests.conftest import DATA

distributed = pytest.importorskip("distributed")  # in the test extra: runs in `make test`
SLUGS = sorted(p.name for p in (DATA / "articles").iterdir() if (p / "facts.yaml").is_file())


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Two workers, one thread each, in this process; the scheduler on a loopback port."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp://", dashboard_address=None,
                                  host="127.0.0.1") as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ built the ordinary way, in one process."""
    out = tmp_path_factory.mktemp("reference")
    build(DATA, out)
    return out / "current"


@pytest.fixture(scope="module")
def on_cluster(cluster: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/'s graphs written by the cluster's workers."""
    out = tmp_path_factory.mktemp("nquads")
    result = write_nquads(DATA, out, engine="dask", scheduler=cluster)
    assert sorted(p.name for p in result.files) == sorted(
        [SHARED_FILE, *(f"{slug}.nq" for slug in SLUGS)])
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.nq"))}


def test_cluster_files_are_each_articles_graph_of_the_build(on_cluster: Path,
                                                            reference: Path) -> None:
    # the TriG, not the store: Oxigraph's store keeps an xsd:nonNegativeInteger as an xsd:integer
    trig = list(ox.parse(path=str(reference / TRIG_FILE), format=ox.RdfFormat.TRIG))
    assert len(SLUGS) >= 5
    for slug in SLUGS:
        graph = ox.NamedNode(str(article_graph_iri(slug)))
        built = {str(q) for q in trig if q.graph_name == graph}
        written = {str(q) for q in ox.parse(path=str(on_cluster / f"{slug}.nq"),
                                            format=ox.RdfFormat.N_QUADS)}
        assert written and written == built, slug
        text = (on_cluster / f"{slug}.nq").read_text(encoding="utf-8").splitlines()
        assert text == sorted(text)  # sorted: the same input gives the same bytes


def test_local_processes_write_the_same_bytes(on_cluster: Path, tmp_path: Path) -> None:
    write_nquads(DATA, tmp_path / "jobs", jobs=2)
    write_nquads(DATA, tmp_path / "one")
    assert files(tmp_path / "jobs") == files(on_cluster)
    assert files(tmp_path / "one") == files(on_cluster)


def test_build_from_the_cluster_files_publishes_what_build_does(on_cluster: Path,
                                                                reference: Path,
                                                                tmp_path: Path) -> None:
    result = build_from_nquads(on_cluster, tmp_path)
    assert result.report.conforms
    published = tmp_path / "current"
    assert (published / TRIG_FILE).read_bytes() == (reference / TRIG_FILE).read_bytes()
    assert (published / GRAPHS_FILE).read_text() == (reference / GRAPHS_FILE).read_text()
    ours = ox.Store.read_only(str(published / "store"))
    theirs = ox.Store.read_only(str(reference / "store"))
    assert {str(q) for q in ours} == {str(q) for q in theirs}


def test_from_nquads_validates_each_named_graph(on_cluster: Path, tmp_path: Path) -> None:
    """An article's file with its statements' speakers removed does not conform: not published."""
    broken = tmp_path / "broken"
    broken.mkdir()
    for name, data in files(on_cluster).items():
        (broken / name).write_bytes(data)
    target = broken / f"{SLUGS[0]}.nq"
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "/ontology#speaker>" not in line.split(" ")[1]]
    assert len(kept) < len(lines)
    target.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(NotConformingError) as caught:
        build_from_nquads(broken, tmp_path / "build")
    assert any(SLUGS[0] in str(v.focus) for v in caught.value.report.violations)
    assert not (tmp_path / "build" / "current").exists()


def test_bad_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no N-Quads files"):
        read_nquads(tmp_path)
    (tmp_path / "a.nq").write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.nq.*default graph"):
        read_nquads(tmp_path)
    (tmp_path / "a.nq").write_text("<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.nq.*not N-Quads"):
        read_nquads(tmp_path)


@pytest.mark.parametrize("graph", [
    "http://evil.example/graph", "https://w3id.org/newskg/graph/article/../../../../tmp/x",
    "https://w3id.org/newskg/graph/article/", "https://w3id.org/newskg/graph/worlds",
    "https://w3id.org/newskg/graph/article/Bad_Slug"])
def test_a_graph_no_build_makes_is_refused(tmp_path: Path, graph: str) -> None:
    """Such quads were published, and the build reported that it conformed."""
    (tmp_path / "a.nq").write_text(
        f"<http://a> <http://b> <http://c> <https://w3id.org/newskg/graph/world> .\n"
        f"<http://a> <http://b> <http://c> <{graph}> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"a\.nq: quad 2 is in the graph <{re.escape(graph)}>, "
                                         "which no newskg build makes"):
        read_nquads(tmp_path)


def test_stale_article_files_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "nq"
    out.mkdir()
    (out / "2020-01-01-gone.nq").write_text("", encoding="utf-8")
    (out / "notes.txt").write_text("kept", encoding="utf-8")
    write_nquads(DATA, out)
    assert not (out / "2020-01-01-gone.nq").exists() and (out / "notes.txt").exists()


def test_engine_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--scheduler"):
        write_nquads(DATA, tmp_path, engine="dask")
    with pytest.raises(InputError, match="unknown engine"):
        write_nquads(DATA, tmp_path, engine="ray")
    with pytest.raises(NewskgError, match="cannot reach"):
        write_nquads(DATA, tmp_path, engine="dask", scheduler="tcp://127.0.0.1:1")


def test_through_the_command(cluster: str, reference: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(app, ["build", "--data-dir", str(DATA), "--to-nquads",
                               str(tmp_path / "nq"), "--engine", "dask", "--scheduler", cluster])
    assert made.exit_code == 0, made.stderr
    assert f"in {len(SLUGS) + 1} N-Quads files" in made.stderr
    assert not (tmp_path / "build").exists()  # nothing published
    built = runner.invoke(app, ["build", "--from-nquads", str(tmp_path / "nq"), "--build-dir",
                                str(tmp_path / "build")])
    assert built.exit_code == 0, built.stderr
    assert (tmp_path / "build" / "current" / TRIG_FILE).read_bytes() == \
        (reference / TRIG_FILE).read_bytes()
    import json  # the project's publisher, for the endpoint's VoID, as a build from data/ has it

    info = json.loads((tmp_path / "build" / "current" / "build.json").read_text(encoding="utf-8"))
    assert info["publisher"] == "newskg curators"
    wrong = runner.invoke(app, ["build", "--data-dir", str(DATA), "--build-dir",
                                str(tmp_path / "b2"), "--engine", "dask"])
    assert wrong.exit_code == 2 and "--to-nquads" in wrong.stderr


def test_what_a_worker_is_sent_survives_pickling(on_cluster: Path, tmp_path: Path) -> None:
    """A real cluster's workers are other processes: the context and each job are pickled."""
    import pickle

    from newskg.project import load_project
    from newskg.publish.nquads import GraphContext, article_nquads
    from newskg.rdf.dataset import class_hierarchy
    from newskg.validation.shacl import load_ontology

    project = load_project(DATA)
    context = GraphContext(project.entities, project.instances, class_hierarchy(load_ontology()))
    facts = project.articles[0]
    sent = pickle.loads(pickle.dumps(((facts, tmp_path / "a.nq"), context)))
    count, error = article_nquads(*sent)
    assert error is None and count > 100
    assert (tmp_path / "a.nq").read_bytes() == (on_cluster / f"{facts.slug}.nq").read_bytes()
