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
