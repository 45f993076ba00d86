"""Property-based tests (Hypothesis) of the places where outside text becomes structure (issue 10):

(a) the facts and entities loaders: any YAML text gives a model or a clean newskg error (exit 2,
    naming the file and line), within a memory bound (and a generous time bound per example);
(b) IRI and literal writing: any key, article folder name or label either round-trips through
    N-Triples, Turtle, N-Quads (and TriG) in both rdflib and pyoxigraph, or is refused at load with
    a clear error.
"""

from __future__ import annotations

import os
import re
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newskg.errors import InputError, NewskgError, UnsafeIriError
from newskg.project.articles import load_article_facts
from newskg.project.entities import Verified, load_entities
from newskg.project.inputs import NAME_PATTERN, check_slug
from newskg.project.yamlio import load_yaml
from newskg.rdf.iris import ENTITY, article_graph_iri, article_iri
from newskg.rdf.iris import entity_iri as entity
from newskg.rdf.ntriples import GraphTriples, iri, lang_string, string
from newskg.rdf.sorted_dataset import SortedDataset

# rdflib's TriG parser warns about its own use of ConjunctiveGraph
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")

MEMORY_BOUND = 64 << 20  # Python allocations while loading a file of at most a few KB
# NEWSKG_PROPERTY_EXAMPLES=5000 searches longer (the default keeps `make test` quick)
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSKG_PROPERTY_EXAMPLES", "150")),
    deadline=timedelta(seconds=10),  # only a safety limit: an example takes milliseconds
    suppress_health_check=[HealthCheck.too_slow])

# -- (a) the loaders --------------------------------------------------------------------------------

# Pieces of YAML that reach the loader's corners: anchors, aliases and merge keys, flow and block
# collections, complex keys, tags (some with values they cannot construct), escapes, huge numbers,
# documents, directives, tabs, CR, BOM, controls.
YAML_PIECES = [
    "\n", "  ", "    ", "- ", ": ", ", ", "[", "]", "{", "}", "? ", "&a ", "&b ", "*a", "*b",
    "<<: *a", "!!int ", "!!float ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!str ",
    "!!python/object ", "!custom ", '"\\u00e9"', '"\\x00"', '"\\uD800"', "'quoted ''x'''", "|\n",
    ">-\n", "# comment", "---\n", "...\n", "%YAML 1.1\n", "\t", "\r\n", "\r", "\ufeff", "\x00",
    "\x85", "1" * 5000, "1e999", "0x1F", "-.inf", "~", "null", "true", "2023-13-45", "2023-09-20",
    "article", "curation", "entities", "mentions", "statements", "id", "evidence", "headline",
    "published", "name", "types", "Person", "agent", "date", "occurrence", "language", "é",
    "x y", "a:b", "@", "`", "%", "!",
]
yaml_texts = st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=4)),
                      max_size=60).map("".join)

ENTITIES_SKELETON = "entities:\n  a-key:\n    name: A\n    types: [Person]\n"
FACTS_SKELETON = ("article:\n  headline: H\n  published: 2023-09-20\n"
                  "curation:\n  agent: someone\n  date: 2023-09-20\n"
                  "mentions:\n  - id: m-a\n    entity: a-key\n    evidence: Text\n")


@contextmanager
def memory_bound(limit: int) -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak < limit, f"{peak} bytes allocated"


def assert_clean(error: NewskgError, path: Path) -> None:
    """An error as the CLI shows it: bad input (exit 2), naming the file and a line."""
    assert isinstance(error, InputError) and error.exit_code == 2
    assert error.path == path and error.line is not None and error.line >= 1, str(error)
    assert "\n" not in str(error), "one line"


def load_each_way(text: str) -> None:
    """Load ``text`` as YAML, as entities.yaml and as an article's facts.yaml."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "2023-09-20-article"
        folder.mkdir()
        (folder / "article.txt").write_text("Text\n")
        for name, load in (("plain.yaml", load_yaml),
                           ("entities.yaml", lambda p: load_entities(p, Verified())),
                           ("facts.yaml", lambda p: load_article_facts(p.parent))):
            path = folder / name
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            try:
                with memory_bound(MEMORY_BOUND):
                    load(path)
            except NewskgError as error:
                assert_clean(error, path)


@PROPERTY_SETTINGS
@given(yaml_texts)
@example("loop: &a [*a]\n")
# five levels of ten aliases: 111,110 values, over the budget, yet small enough that a loader
# without the budget fails the memory bound here instead of filling the machine (the full bomb
# runs in a capped subprocess: tests/test_inputs.py)
@example("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcd", "bcde")))
@example("a: " + "[" * 999 + "]" * 999)
@example("? [a]\n: 1\n")
@example('a: "\\uD800"\n')
@example("a: !!int x\n")
@example("!!int ")
@example("a: !!timestamp\n")
def test_any_yaml_gives_a_model_or_a_located_error(text: str) -> None:
    load_each_way(text)


# Plain scalars that YAML 1.1 or YAML 1.2's core schema reads as something other than text, and
# some that look like it and are not
SCALARS = ["yes", "No", "ON", "off", "y", "n", "true", "False", "~", "null", "NULL", "", "0",
           "-12", "+7", "0o17", "0x1F", "1_000", "0b101", "190:20:30", "1.5", "-.inf", ".NaN",
           "6.8523015e+5", "=", "<<", "2023-09-20", "2023-09-20 10:00:00", "'quoted'", '"yes"',
           "!!str 12", "!!int 12", "!!float 1", "!!bool yes", "!!null ''", "text", "two words",
           "é", "a:b", "-", ".", "Y", "nul", "0.", "1e3", "12:30", "017", "-0x1F", "+.INF", ".5e3",
           "0o8"]
scalar_documents = st.lists(
    # keys "2" and "yes", not "1": PyYAML's dict would merge the keys 1 and True (equal in Python),
    # which YAML and newskg keep apart, and the oracle would be wrong
    st.tuples(st.sampled_from(["a", "b", "key", "n", "2", "yes"]), st.sampled_from(SCALARS),
              st.booleans()), min_size=1, max_size=8).map(
    lambda rows: "".join(f"{key}: {value}\n" if flat else f"{key}:\n  - {value}\n  - [{value}]\n"
                         for key, value, flat in rows))


class _CoreLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The oracle: PyYAML's parser, composer and constructors with the tag resolution of YAML 1.2's
    core schema written out from the spec's table (YAML 1.2.2, 10.3.2), in the spec's order and
    tried on every plain scalar (newskg's loader keeps its own tables, by first character, and its
    own tree builder: it must read every file as this one does)."""

    yaml_implicit_resolvers: ClassVar[dict[object, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, _pattern in (
        ("null", r"null|Null|NULL|~|"),
        ("bool", r"true|True|TRUE|false|False|FALSE"),
        ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
        ("float", (r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
                   r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"))):
    _CoreLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}",
                                      re.compile(f"^(?:{_pattern})$"), None)


def _spec_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    for prefix, base in (("0o", 8), ("0x", 16)):
        if text.startswith(prefix):
            return int(text[2:], base)
    return int(text, 10)


_CoreLoader.add_constructor("tag:yaml.org,2002:int", _spec_int)


def keys_as_text(value: object) -> object:
    """The oracle's value as newskg reads it: mapping keys as text (newskg's error for a duplicate)."""
    if isinstance(value, dict):
        return {str(key): keys_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [keys_as_text(item) for item in value]
    return value


@PROPERTY_SETTINGS
@given(st.one_of(scalar_documents, yaml_texts))
@example("a: yes\nb: ''\nc: ~\nd: 0x1F\ne: [No, .inf, 2023-09-20]\nf: !!str 3\n")
def test_the_loader_reads_what_yaml_1_2_core_reads(text: str) -> None:
    try:
        expected = keys_as_text(yaml.load(text, Loader=_CoreLoader))
    except Exception:  # noqa: BLE001 (the oracle refuses the text: test_any_yaml... covers newskg's error)
        return
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "plain.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            value = load_yaml(path)
        except NewskgError:  # a duplicate key, an alias budget or a tag newskg refuses
            return
    assert repr(value) == repr(expected)


@PROPERTY_SETTINGS
@given(st.sampled_from([ENTITIES_SKELETON, FACTS_SKELETON]), st.integers(0, 400),
       st.lists(st.sampled_from(YAML_PIECES), max_size=6).map("".join))
def test_any_edit_of_a_valid_file_gives_a_model_or_a_located_error(skeleton: str, at: int,
                                                                    insert: str) -> None:
    at = min(at, len(skeleton))
    load_each_way(skeleton[:at] + insert + skeleton[at:])


# -- (b) IRIs and literals --------------------------------------------------------------------------

GRAPH = "https://w3id.org/newskg/graph/test"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def written_and_read(subject: str, obj: str, graph: str = GRAPH) -> list[tuple[str, str, object]]:
    """Write one triple in ``graph`` with the build's writers (N-Quads, N-Triples, Turtle, TriG),
    read each file back with pyoxigraph and rdflib, and give (reader, subject, object) per read."""
    triples = GraphTriples()
    triples.add(subject, iri(LABEL), obj)
    dataset = SortedDataset({graph: triples})
    read: list[tuple[str, str, object]] = []
    with tempfile.TemporaryDirectory() as scratch:
        dataset.write_turtle(Path(scratch) / "x.ttl")
        dataset.write_trig(Path(scratch) / "x.trig")
        files = {"nquads": dataset.nquads, "ntriples": dataset.union_ntriples(),
                 "turtle": (Path(scratch) / "x.ttl").read_bytes(),
                 "trig": (Path(scratch) / "x.trig").read_bytes()}
    for syntax, data in files.items():
        ox_format = {"nquads": ox.RdfFormat.N_QUADS, "ntriples": ox.RdfFormat.N_TRIPLES,
                     "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG}[syntax]
        quads = list(ox.parse(input=data, format=ox_format))
        assert len(quads) == 1, syntax
        if syntax in ("nquads", "trig"):
            assert quads[0].graph_name == ox.NamedNode(graph)
        read.append((f"pyoxigraph {syntax}", quads[0].subject.value, quads[0].object))
        store = rdflib.Dataset()
        store.parse(data=data.decode("utf-8"), format={"ntriples": "nt", "nquads": "nquads",
                                                        "turtle": "turtle", "trig": "trig"}[syntax])
        rdflib_quads = list(store.quads((None, None, None, None)))
        assert len(rdflib_quads) == 1, syntax
        s, _, o, g = rdflib_quads[0]
        if syntax in ("nquads", "trig"):
            assert str(g) == graph
        read.append((f"rdflib {syntax}", str(s), o))
    return read


def literal_value(term: object) -> tuple[str, str | None]:
    if isinstance(term, ox.Literal):
        return term.value, term.language
    assert isinstance(term, rdflib.Literal)
    return str(term), term.language


labels = st.text(max_size=40)  # any code point but lone surrogates (UTF-8 files cannot hold them)


@PROPERTY_SETTINGS
@given(labels)
@example("\x00\x08\x0b\x0c\x7f\u0085\u2028\ufeff\ufffe\uffff")
@example('"""\\"\'\\u00e9\\n')
@example("\r\n\t \U0001F600")
def test_any_label_round_trips_in_every_syntax_and_reader(label: str) -> None:
    subject = iri(f"{ENTITY}a-key")
    for obj, language in ((string(label), None), (lang_string(label, "en-GB"), "en-gb")):
        for reader, _, term in written_and_read(subject, obj):
            value, read_language = literal_value(term)
            assert value == label, reader
            assert (read_language or None) == language, reader


names = st.one_of(st.text(max_size=20), st.from_regex(NAME_PATTERN, fullmatch=True),
                  st.text(alphabet="abc-09\n _\"<>{}%#/.:", max_size=12))


@PROPERTY_SETTINGS
@given(names)
@example("new-key\n")
@example("x>")
@example('a"b')
def test_any_entity_key_is_refused_at_load_or_round_trips(key: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "entities.yaml"
        quoted = key.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        path.write_text(f'entities:\n  "{quoted}":\n    name: A\n    types: [Person]\n',
                        encoding="utf-8", errors="surrogatepass")
        try:
            entities = load_entities(path, Verified())
        except NewskgError as error:
            assert_clean(error, path)
            return
    assert list(entities) == [key] and NAME_PATTERN.match(key)
    for reader, subject, _ in written_and_read(entity(key), string("A")):
        assert subject == f"{ENTITY}{key}", reader


@PROPERTY_SETTINGS
@given(names.filter(lambda name: name not in ("", ".", "..") and "/" not in name
                    and "\x00" not in name))
@example("2023-09-20-a\"b")
@example("a b")
def test_any_article_folder_name_is_refused_or_round_trips_as_iri_and_graph(name: str) -> None:
    folder = Path(tempfile.gettempdir()) / name  # only its name is looked at
    try:
        check_slug(folder)
    except InputError as error:
        assert error.path == folder and "lowercase letters a-z, digits 0-9 and '-'" in str(error)
        return
    article = iri(str(article_iri(name)))
    for reader, subject, _ in written_and_read(article, string("A"),
                                               graph=str(article_graph_iri(name))):
        assert subject == str(article_iri(name)), reader


@PROPERTY_SETTINGS
@given(st.text(max_size=30))
@example("a#b#c")
@example("\u00a0")
@example("%zz")
def test_iri_refuses_or_writes_what_every_reader_reads_back(tail: str) -> None:
    value = f"https://w3id.org/newskg/id/{tail}"
    try:
        written = iri(value)
    except UnsafeIriError as error:
        assert "cannot be written as an IRI" in str(error) and error.exit_code == 2
        return
    for reader, subject, _ in written_and_read(written, string("A")):
        assert subject == value, reader

