"""The streamed build (issue 14): graphs kept in a spool file, the outputs made from it, the store
bulk-loaded through a pipe while the graphs are made."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from newskg.errors import NotConformingError
from newskg.publish.build import LOADING_DIR, build
from newskg.rdf.ntriples import GraphTriples, iri, string
from newskg.rdf.sorted_dataset import SortedDataset, StreamedLoad
from newskg.spool import PREFIX, Spool, remove_stale
from newskg.validation.units import SpooledUnit, Unit, split_units, units_of

LABEL = iri("http://www.w3.org/2000/01/rdf-schema#label")
KNOWS = iri("https://w3id.org/newskg/ontology#mentions")
G = "https://w3id.org/newskg/graph/"


def graph(*triples: tuple[str, str, str]) -> GraphTriples:
    out = GraphTriples()
    for triple in triples:
        out.add(*triple)
    return out


def sample() -> dict[str, GraphTriples]:
    a, b, e = iri(G + "x/a"), iri(G + "x/b"), iri(G + "x/é")
    return {
        G + "entities": graph((e, LABEL, string("é\u2028line\u0085next")), (a, LABEL, string("A"))),
        G + "article/a": graph((a, KNOWS, e), (a, LABEL, string("A")), (b, LABEL, string("B"))),
        G + "article/a-b": graph((b, KNOWS, a), (a, LABEL, string("A"))),
        G + "world": graph((e, KNOWS, a)),
    }


def test_spool_reads_back_blocks_and_removes_its_file(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    first, second = spool.append(b"one\n"), spool.append(b"two, longer\n" * 1000)
    assert spool.read(*first) == b"one\n"
    assert b"".join(spool.chunks(*second, size=7)) == b"two, longer\n" * 1000
    assert spool.path.is_file()
    spool.close()
    assert not spool.path.exists()


def test_spools_of_processes_that_ended_are_removed(tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:  # a process that ends without removing its spool (as a killed build)
        spool = Spool(tmp_path)
        spool.append(b"left behind\n")
        os._exit(0)
    os.waitpid(pid, 0)
    left = list(tmp_path.iterdir())
    assert len(left) == 1 and left[0].name.startswith(f"{PREFIX}{pid}-")
    mine = Spool(tmp_path)
    remove_stale(tmp_path)
    assert list(tmp_path.iterdir()) == [mine.path]


def test_a_forked_child_leaves_the_spool_file_to_its_parent(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    block = spool.append(b"shared\n")
    pid = os.fork()
    if pid == 0:  # the child reads the block and drops its copy of the spool
        ok = spool.read(*block) == b"shared\n"
        spool.close()
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert status == 0 and spool.path.is_file()


def test_graphs_added_in_any_order_give_the_same_outputs(tmp_path: Path) -> None:
    graphs = sample()
    ordered = SortedDataset(graphs)
    shuffled = SortedDataset()
    for name in (G + "world", G + "article/a", G + "entities", G + "article/a-b"):
        shuffled.add(name, graphs[name])
    assert ordered.in_order and not shuffled.in_order
    assert shuffled.names() == [G + "article/a-b", G + "article/a", G + "entities", G + "world"]
    assert shuffled.nquads == ordered.nquads
    assert shuffled.manifest() == ordered.manifest()
    for name, data in (("ordered", ordered), ("shuffled", shuffled)):
        data.write_trig(tmp_path / f"{name}.trig")
        data.write_turtle(tmp_path / f"{name}.ttl")
    assert (tmp_path / "ordered.trig").read_bytes() == (tmp_path / "shuffled.trig").read_bytes()
    assert (tmp_path / "ordered.ttl").read_bytes() == (tmp_path / "shuffled.ttl").read_bytes()
    # every graph's quads, and each triple once in the union (the label of a is in three graphs)
    trig = {str(q) for q in ox.parse(path=str(tmp_path / "ordered.trig"), format=ox.RdfFormat.TRIG)}
    assert trig == {str(q) for q in ox.parse(ordered.nquads, format=ox.RdfFormat.N_QUADS)}
    union = ordered.union_ntriples().split(b"\n")[:-1]
    assert len(union) == len(set(union)) == 6 and union == sorted(union)


def test_lines_with_unicode_line_breaks_come_back_whole() -> None:
    data = SortedDataset(sample())
    lines = data.graph_lines(G + "entities")
    assert len(lines) == 2 and any("\u2028line\u0085next" in line for line in lines)
    assert [" ".join(t) for t in data.graph_triples(G + "entities")] == lines


def test_spooled_units_are_the_units_made_in_memory() -> None:
    graphs = sample()
    data = SortedDataset(graphs)
    in_memory = split_units({n: g.all() for n, g in graphs.items()}, data.lines, G + "entities",
                            (G + "world",))
    spooled = units_of(data, G + "entities", (G + "world",))
    assert all(isinstance(u, SpooledUnit) for u in spooled)
    assert [(u.name, u.ntriples()) for u in spooled] == [(u.name, u.ntriples()) for u in in_memory]
    assert [u.lines for u in spooled] == [u.lines for u in in_memory]
    assert spooled[2].digest(b"rules") == Unit(spooled[2].name, in_memory[2].lines).digest(b"rules")


def test_a_streamed_load_raises_the_loaders_error(tmp_path: Path) -> None:
    with ThreadPoolExecutor(1) as pool:
        feed = StreamedLoad(tmp_path / "store", pool)
        feed.write(b"<http://a> <http://b> <http://c> <http://g> .\n")
        assert feed.result() == "bulk"
        assert len(ox.Store(str(tmp_path / "store"))) == 1
        broken = StreamedLoad(tmp_path / "broken", pool)
        broken.write(b"this is not N-Quads\n")
        with pytest.raises(SyntaxError):
            broken.result()


def test_a_cold_build_that_does_not_conform_leaves_no_store_behind(data_copy: Path,
                                                                     tmp_path: Path) -> None:
    # one party only: instances.yaml reads fine, the shapes (S50: at least two parties) refuse it
    instances = data_copy / "instances.yaml"
    text = instances.read_text(encoding="utf-8")
    old = "parties: [azerbaijan, karabakh-separatists]"
    assert old in text
    instances.write_text(text.replace(old, "parties: [azerbaijan]"), encoding="utf-8")
    out = tmp_path / "build"
    with pytest.raises(NotConformingError):
        build(data_copy, out)
    assert not out.exists()  # the store loaded meanwhile is removed, and its folders
    build(data_copy, out, allow_invalid=True)
    assert len(ox.Store.read_only(str(out / "current" / "store"))) > 0
    assert not (out / LOADING_DIR).exists()
