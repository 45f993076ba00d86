"""Files the user names to write (-o, --output): written whole or not at all, through a symbolic
link, into a device or a pipe without destroying it, never over the input article."""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newskg.atomic import atomic_path, atomic_write
from newskg.cli import app

ARTICLE = ('Minister says peace\n\nPresident Ilham Aliyev said on Monday that "the war is over". '
           "Azerbaijan and Armenia agreed a ceasefire.\n")


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real.ttl"
    target.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(target.name)
    atomic_write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    dangling = tmp_path / "dangling.ttl"
    dangling.symlink_to("made.ttl")
    atomic_write(dangling, b"made")
    assert dangling.is_symlink() and (tmp_path / "made.ttl").read_bytes() == b"made"


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    atomic_write(fifo, b"through the pipe")
    reader.join(timeout=30)
    assert got == [b"through the pipe"]
    assert fifo.exists() and not fifo.is_file()  # still a pipe
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]  # no temporary file left


def test_dev_stdout_on_an_anonymous_pipe_is_written_into(tmp_path: Path) -> None:
    """`export -o /dev/stdout | head` failed: the link resolves to /proc/PID/fd/pipe:[N], a name
    no path has ("No such file or directory")."""
    import subprocess
    import sys

    code = ("from pathlib import Path; from newskg.atomic import atomic_write; "
            "atomic_write(Path('/dev/stdout'), b'through the pipe')")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          cwd=tmp_path)  # stdout: an anonymous pipe
    assert (done.returncode, done.stdout, done.stderr) == (0, b"through the pipe", b"")
    assert list(tmp_path.iterdir()) == []


def test_dev_stdout_redirected_to_a_file_appends_to_it(tmp_path: Path) -> None:
    """`-o /dev/stdout >> log` renamed a new file over log (what it held was lost), and
    `(echo a; ... -o /dev/stdout; echo b) > g` lost a and b: the descriptor is written through."""
    import subprocess
    import sys

    log = tmp_path / "log"
    log.write_bytes(b"kept\n")
    code = ("import sys; from pathlib import Path; from newskg.atomic import atomic_write; "
            "print('before', flush=False); atomic_write(Path(sys.argv[1]), b'written\\n'); "
            "print('after')")
    with log.open("ab") as out:
        done = subprocess.run([sys.executable, "-c", code, "/dev/stdout"], check=False,
                              stdout=out, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert log.read_bytes() == b"kept\nbefore\nwritten\nafter\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log"]


def test_dev_null_stays_a_device() -> None:
    devnull = Path(os.devnull)
    atomic_write(devnull, b"nothing")
    assert devnull.is_char_device()


def test_a_folder_that_refuses_files_is_named_as_the_users_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system", str(tmp_path / ".out.ttl.abc123"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OSError) as caught, atomic_path(tmp_path / "out.ttl"):
        pass
    assert caught.value.filename == str(tmp_path / "out.ttl")


def test_extract_refuses_to_write_over_its_article(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    alias = tmp_path / "alias.txt"
    alias.symlink_to(article.name)
    for output, fmt in ((article, "json"), (alias, "json"), (article, "yaml")):
        for debug in ([], ["--debug"]):
            result = CliRunner().invoke(app, [*debug, "extract", str(article), "--published",
                                              "2023-09-01", "--format", fmt, "-o", str(output)])
            assert result.exit_code == 2, result.output
            assert "is the article itself" in result.output
            assert article.read_text(encoding="utf-8") == ARTICLE
    result = CliRunner().invoke(app, ["extract", str(article), "--published", "2023-09-01",
                                      "--format", "json", "-o", str(tmp_path / "draft.json")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "draft.json").read_text(encoding="utf-8").startswith("{")


def test_a_full_disk_told_in_words_by_the_store_is_the_environments(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Oxigraph's storage reports a full disk as an OSError without a number, in words; it is
    the machine's refusal (exit 2, what to do), not a bug (exit 3)."""
    from newskg.process import environment_exit

    full = OSError("IO error: No space left on device: While appending to file: "
                   "build/.staging-1/store-all/bulk-1.sst")
    for debug in (False, True):
        assert environment_exit(full, debug=debug) == 2
        assert "the disk is full" in capsys.readouterr().err
    assert environment_exit(OSError("IO error: something else"), debug=False) is None


def test_a_link_to_a_missing_folder_is_refused_not_made(tmp_path: Path) -> None:
    from newskg.errors import InputError

    link = tmp_path / "l.svg"
    link.symlink_to(tmp_path / "nodir" / "x.svg")
    with pytest.raises(InputError, match="whose folder does not exist"):
        atomic_write(link, b"<svg/>")
    assert not (tmp_path / "nodir").exists()


def test_export_to_dev_stdout_needs_no_format(built: tuple[object, Path], tmp_path: Path) -> None:
    """`export -o /dev/stdout | head` said "cannot tell the format from the suffix ''": a
    descriptor is written as standard output is, Turtle unless --format says otherwise."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "newskg", "export", "--build-dir",
                           str(built[1]), "-o", "/dev/stdout"], check=False, capture_output=True,
                          cwd=tmp_path)
    plain = subprocess.run([sys.executable, "-m", "newskg", "export", "--build-dir",
                            str(built[1])], check=False, capture_output=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == plain.stdout and done.stdout.startswith(b"@prefix")
