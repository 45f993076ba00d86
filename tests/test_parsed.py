"""The shapes and ontology parsed once per process, and pickled in a build's cache
(newskg.validation.parsed): written only when the caller is done, never trusted when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from newskg.resources import shapes_path
from newskg.validation import parsed


def test_the_shapes_are_pickled_once_published_and_a_damaged_pickle_is_parsed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsed, "_PARSED", {})  # nothing parsed in this process yet
    parsed.remember_parsed_in(tmp_path)
    try:
        first = parsed.parse(shapes_path(), "shapes")
        assert list(tmp_path.iterdir()) == []  # not before the caller is done
        parsed.write_parsed()
        (pickled,) = tmp_path.iterdir()
        again = parsed._unpickled(shapes_path())
        assert again is not None and isomorphic(first, again)
        assert sorted(again.namespaces()) == sorted(first.namespaces())  # for the messages
        pickled.write_bytes(pickled.read_bytes()[:-10])  # cut short
        assert parsed._unpickled(shapes_path()) is None
        monkeypatch.setattr(parsed, "_PARSED", {})
        assert len(parsed.parse(shapes_path(), "shapes")) == len(first)  # parsed again
    finally:
        parsed.remember_parsed_in(None)


def test_a_cache_that_cannot_be_written_after_publishing_fails_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pickles are written after the build is published: a full disk there must not make
    a published build a failed command (it did: exit 2 with the release already switched)."""
    monkeypatch.setattr(parsed, "_PARSED", {})
    full = 28  # ENOSPC

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(full, "No space left on device")

    parsed.remember_parsed_in(tmp_path)
    try:
        parsed.parse(shapes_path(), "shapes")
        monkeypatch.setattr(parsed, "atomic_write", no_space)
        parsed.write_parsed()  # no error
        assert list(tmp_path.iterdir()) == []
    finally:
        parsed.remember_parsed_in(None)


def test_a_full_disk_while_writing_names_the_file(tmp_path: Path) -> None:
    """An OSError from a write has no file name; the atomic writer gives it the one it was
    writing, so that the user is told which (exit 2 naming the path)."""
    from newskg.atomic import atomic_path

    target = tmp_path / "out.ttl"
    with pytest.raises(OSError) as refused, atomic_path(target):
        raise OSError(28, "No space left on device")
    assert refused.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too
