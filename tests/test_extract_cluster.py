"""`newskg extract DIR --engine dask`: the same drafts as `--jobs`, from a local Dask cluster."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.cli import app
from newskg.errors import InputError
from newskg.extract.run import extract_folder
from tests.conftest import DATA, SHARED

distributed = pytest.importorskip("distributed")  # in the test extra: runs in `make test`


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gold corpus's articles, the seed articles, and one that cannot be drafted."""
    folder = tmp_path_factory.mktemp("articles")
    for path in sorted((SHARED / "corpus" / "articles").glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for path in sorted((DATA / "articles").glob("*/article.txt")):
        shutil.copy(path, folder / f"{path.parent.name}.txt")
    (folder / "zz-empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """Two workers, one thread each, in this process (processes=False: no start-up of fresh
    interpreters); the scheduler listens on a loopback port, as a real one would."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp://", dashboard_address=None,
                                  host="127.0.0.1") as local:
        yield local.scheduler_address


def drafts(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_cluster_drafts_are_byte_identical_to_jobs(articles: Path, cluster: str,
                                                   tmp_path: Path) -> None:
    local = extract_folder(articles, tmp_path / "jobs", jobs=2, data_dir=DATA)
    remote = extract_folder(articles, tmp_path / "dask", data_dir=DATA, engine="dask",
                            scheduler=cluster)
    assert [p.name for p in remote.written] == [p.name for p in local.written]
    assert len(local.written) >= 6
    assert drafts(tmp_path / "dask") == drafts(tmp_path / "jobs")
    assert [(p.name, e) for p, e in remote.failed] == [(p.name, e) for p, e in local.failed]
    assert [p.name for p, _ in remote.failed] == ["zz-empty.txt"]


def test_cluster_json_drafts_through_the_command(articles: Path, cluster: str,
                                                 tmp_path: Path) -> None:
    extract_folder(articles, tmp_path / "jobs", fmt="json", data_dir=DATA)
    result = CliRunner().invoke(app, ["extract", str(articles), "-o", str(tmp_path / "dask"),
                                      "-f", "json", "--data-dir", str(DATA), "--engine", "dask",
                                      "--scheduler", cluster])
    assert result.exit_code == 1, result.stderr  # the empty article is skipped
    assert "skipped" in result.stderr and "zz-empty.txt" in result.stderr
    assert drafts(tmp_path / "dask") == drafts(tmp_path / "jobs")


def test_engine_options_are_checked(articles: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--scheduler"):
        extract_folder(articles, tmp_path, engine="dask")
    with pytest.raises(InputError, match="unknown engine"):
        extract_folder(articles, tmp_path, engine="ray", scheduler="tcp://127.0.0.1:1")
    result = CliRunner().invoke(app, ["extract", str(articles / "zz-empty.txt"), "--engine",
                                      "dask", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2 and "folder" in result.stderr


@pytest.mark.parametrize("address", ["garbage!!", "tcp://127.0.0.1", "tcp://h:abc",
                                     "http://h:8786", "foo://h:1", "tcp://127.0.0.1:99999"])
@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_scheduler_address_dask_cannot_read_is_refused_before_connecting(
        articles: Path, tmp_path: Path, address: str, command: str) -> None:
    """A bad --scheduler was an internal error (exit 3: distributed's ValueError) or a 10 s wait."""
    args = (["extract", str(articles), "-o", str(tmp_path / "out")] if command == "extract"
            else ["build", "--to-nquads", str(tmp_path / "nq"), "--data-dir", str(DATA)])
    result = CliRunner().invoke(app, [*args, "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 2, result.output
    assert f"--scheduler: {address!r} is not a Dask scheduler address" in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "nq").exists()


def test_one_extractor_drafts_articles_interleaved_as_it_drafts_them_alone(
        articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Dask worker with threads (``processes=False``) runs several articles at once on one
    shared `Extractor`: an article must come out the same when another is drafted between two of
    its sentences. The other article is drafted from inside the first one's sentence loop, which is
    what a thread switch does, here on every run instead of by chance."""
    from newskg.extract import pipeline
    from newskg.extract.article import read_article
    from newskg.extract.draft import to_gold_json

    extractor = pipeline.Extractor(data_dir=DATA)
    paths = sorted(p for p in articles.glob("*.txt") if p.stat().st_size)
    alone = {p.name: to_gold_json(extractor.extract(read_article(p)), p.stem) for p in paths}
    events_in = pipeline.events_in
    for first, other in zip(paths, paths[1:] + paths[:1], strict=True):
        calls = 0

        def interleaved(*args: object, other: Path = other) -> object:
            nonlocal calls
            calls += 1
            if calls == 2:  # after the first article's second sentence
                monkeypatch.setattr(pipeline, "events_in", events_in)
                extractor.extract(read_article(other))
                monkeypatch.setattr(pipeline, "events_in", interleaved)
            return events_in(*args)

        monkeypatch.setattr(pipeline, "events_in", interleaved)
        got = to_gold_json(extractor.extract(read_article(first)), first.stem)
        monkeypatch.setattr(pipeline, "events_in", events_in)
        assert calls >= 2, first.name
        assert got == alone[first.name], (first.name, other.name)


def test_jobs_start_no_more_processes_than_articles(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 999 on three articles started 999 processes (12.7 s against 3.5 s with 2)."""
    from concurrent.futures import ProcessPoolExecutor

    from newskg.extract import run
    from newskg.publish import nquads

    asked: list[int] = []

    class Counting(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **kwargs: object) -> None:
            asked.append(max_workers)
            super().__init__(max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "ProcessPoolExecutor", Counting)
    monkeypatch.setattr(nquads, "ProcessPoolExecutor", Counting)
    three = tmp_path / "three"
    three.mkdir()
    for path in sorted((SHARED / "corpus" / "articles").glob("*.txt"))[:3]:
        shutil.copy(path, three / path.name)
    done = extract_folder(three, tmp_path / "out", jobs=999, data_dir=DATA)
    assert len(done.written) == 3 and asked == [3]
    articles = len(list((DATA / "articles").iterdir()))
    result = CliRunner().invoke(app, ["build", "--to-nquads", str(tmp_path / "nq"), "--jobs",
                                      "999", "--data-dir", str(DATA)])
    assert result.exit_code == 0, result.output
    assert asked == [3, articles]


def paths_in(value: object, depth: int = 2) -> list[Path]:
    """The paths in a job: its items, and the fields of the values among them."""
    import dataclasses

    if isinstance(value, Path):
        return [value]
    if depth == 0:
        return []
    if isinstance(value, tuple | list):
        return [p for item in value for p in paths_in(item, depth - 1)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [p for f in dataclasses.fields(value)
                for p in paths_in(getattr(value, f.name), depth - 1)]
    return []


def test_the_workers_are_sent_absolute_paths(articles: Path, cluster: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker runs in a folder of its own: relative paths sent as they were found no article
    ("article not found"), or no data folder, whose drafts then differed from --jobs' with exit 0
    (a newcomer's attack). Relative paths given here reach the workers absolute."""
    from newskg import cluster as cluster_module
    from newskg.publish.nquads import write_nquads

    sent: list[Path] = []
    real = cluster_module.map_on_cluster

    def spy(scheduler: str, jobs: list[object], function: object, **kwargs: object) -> object:
        sent.extend(p for job in jobs for p in paths_in(job))
        return real(scheduler, jobs, function, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cluster_module, "map_on_cluster", spy)
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copytree(articles, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    result = extract_folder(Path("corpus"), Path("drafts"), data_dir=Path("data"), engine="dask",
                            scheduler=cluster)
    assert len(result.written) >= 6 and len(sent) >= 3 * len(result.written)
    write_nquads(Path("data"), Path("graphs"), engine="dask", scheduler=cluster)
    assert len(sent) > 3 * len(result.written) + 3
    assert [p for p in sent if not p.is_absolute()] == []
