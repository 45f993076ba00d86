"""A release's named graphs as one TriG and one Turtle file each, listed in a manifest, and the
whole-dataset files made from them by concatenation.

A release holds::

    graphs/NAME.trig, graphs/NAME.ttl   one named graph each (NAME from the graph's IRI, `file_name`)
    graphs.tsv                          GRAPH-IRI <TAB> DIGEST <TAB> TRIPLES <TAB> NAME, a line each,
                                        in output order (the digest: SHA-256 of the sorted lines)
    newskg.trig, newskg.ttl             the whole dataset: the per-graph files concatenated

A graph whose digest is the one it had in the previous release is not written again: its two files
are hard-linked from that release (`write_graph_files`), so a build that changed one article writes
two small files. The whole-dataset files are the per-graph files with the shared ``@prefix`` header
written once, copied by the kernel (``copy_file_range``): ``newskg.trig`` is byte for byte what
serialising the whole dataset at once gives (pyoxigraph writes a dataset graph by graph), and
``newskg.ttl`` is the union of the graphs (a triple held by two graphs is written twice, which
Turtle reads as one triple).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from newskg.publish.releases import write_build_info
from newskg.rdf.namespaces import GRAPH
from newskg.rdf.prefixes import PREFIXES
from newskg.validation.shacl import LazyGraphReport, ValidationReport, Violation

if TYPE_CHECKING:
    from rdflib import Graph

GRAPHS_DIR = "graphs"
GRAPHS_FILE = "graphs.tsv"
_UNSAFE = re.compile(r"[^a-z0-9.-]")


@dataclass(frozen=True)
class GraphFile:
    """One line of a release's manifest."""

    name: str  # the graph's IRI
    digest: str
    triples: int
    file: str  # the stem of its files in graphs/

    def line(self) -> str:
        return f"{self.name}\t{self.digest}\t{self.triples}\t{self.file}\n"


def file_name(graph: str) -> str:
    """The stem of a graph's files: its IRI after the graph namespace, '/' as '--' (the article
    graphs: ``article--SLUG``); other characters outside ``a-z 0-9 . -`` as ``_XX`` (hex)."""
    local = graph.removeprefix(GRAPH).replace("/", "--") if graph.startswith(GRAPH) else graph
    return _UNSAFE.sub(lambda m: "".join(f"_{b:02x}" for b in m.group().encode()), local)


def read_manifest(release: Path) -> dict[str, GraphFile] | None:
    """A release's manifest by graph IRI; None when it has none (or one from before graph files)."""
    try:
        text = (release / GRAPHS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    out = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) != 4 or not fields[2].isdigit():
            return None
        out[fields[0]] = GraphFile(fields[0], fields[1], int(fields[2]), fields[3])
    return out


def write_manifest(staging: Path, graphs: Iterable[GraphFile]) -> None:
    (staging / GRAPHS_FILE).write_text("".join(g.line() for g in graphs), encoding="utf-8")


@cache
def prefix_header() -> bytes:
    """The ``@prefix`` lines pyoxigraph writes before the first graph (the same in every file)."""
    node = ox.NamedNode("https://example.org/x")
    trig = ox.serialize([ox.Quad(node, node, node, node)], format=ox.RdfFormat.TRIG,
                        prefixes=PREFIXES) or b""
    return trig[:trig.index(b"<https://example.org/x> {")]


def graph_texts(name: str, lines: Iterable[str]) -> tuple[bytes, bytes]:
    """One graph's TriG and Turtle, from its sorted ``s p o`` lines."""
    ntriples = "".join(f"{line} .\n" for line in lines).encode("utf-8")
    triples = list(ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES))
    graph = ox.NamedNode(name)
    trig = ox.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples],
                        format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    return trig, turtle


def write_graph_files(staging: Path, graphs: Iterable[GraphFile],
                      lines: Callable[[str], Iterable[str]],
                      previous: tuple[Path, Mapping[str, GraphFile]] | None = None) -> int:
    """Write ``staging/graphs/`` (and the manifest): each graph's files hard-linked from the
    ``previous`` release (its folder and manifest) when its digest is unchanged there, else
    written from ``lines(name)``, its sorted lines (`SortedDataset.graph_lines`: one graph read
    from the spool at a time). Returns how many were written."""
    folder = staging / GRAPHS_DIR
    folder.mkdir()
    graphs = list(graphs)
    written = 0
    for graph in graphs:
        if previous is not None and _linked(previous[0], previous[1].get(graph.name), graph,
                                            folder):
            continue
        trig, turtle = graph_texts(graph.name, lines(graph.name))
        (folder / f"{graph.file}.trig").write_bytes(trig)
        (folder / f"{graph.file}.ttl").write_bytes(turtle)
        written += 1
    write_manifest(staging, graphs)
    return written


def _linked(release: Path, before: GraphFile | None, graph: GraphFile, folder: Path) -> bool:
    if before is None or before.digest != graph.digest:
        return False
    try:
        for ext in (".trig", ".ttl"):
            os.link(release / GRAPHS_DIR / f"{before.file}{ext}", folder / f"{graph.file}{ext}")
    except OSError:  # gone, or another file system: written instead
        for ext in (".trig", ".ttl"):
            (folder / f"{graph.file}{ext}").unlink(missing_ok=True)
        return False
    return True


def write_whole(staging: Path, graphs: Iterable[GraphFile], ext: str, target: Path) -> None:
    """``target``: the prefix header, then each graph's ``graphs/FILE.ext`` without its header,
    in manifest order (atomic; the copying is done by the kernel)."""
    header = prefix_header()
    tmp = target.with_name(f".{target.name}.part")
    with open(tmp, "wb") as out:
        out.write(header)
        out.flush()
        for graph in graphs:
            with open(staging / GRAPHS_DIR / f"{graph.file}{ext}", "rb") as part:
                size = os.fstat(part.fileno()).st_size
                if size == 0:
                    continue
                _copy(part.fileno(), out.fileno(), len(header), size - len(header))
    os.replace(tmp, target)


def _copy(src: int, dst: int, offset: int, count: int) -> None:
    while count > 0:
        try:
            done = os.copy_file_range(src, dst, count, offset)
        except OSError:  # not offered here: copied through memory
            os.lseek(src, offset, os.SEEK_SET)
            data = os.read(src, count)
            os.write(dst, data)
            done = len(data)
        if done == 0:
            raise OSError(f"short copy ({count} bytes left)")
        offset += done
        count -= done


# -- a release's files ------------------------------------------------------------------------

STORE_DIR = "store"
TRIG_FILE = "newskg.trig"
TURTLE_FILE = "newskg.ttl"
REPORT_FILE = "validation.ttl"
REPORT_JSON = "validation.json"  # its results and each unit's result key
STATE_FILE = "incremental.json"  # what the next build compares with (newskg.publish.incremental)
RELEASE_NAMES = (TRIG_FILE, TURTLE_FILE, REPORT_FILE, STORE_DIR, GRAPHS_DIR)  # linked in build/


def write_release(staging: Path, graphs: Sequence[GraphFile], lines: Callable[[str], Iterable[str]],
                  previous: tuple[Path, Mapping[str, GraphFile]] | None, report: ValidationReport,
                  keys: Sequence[str], state: Mapping[str, object], publisher: str | None) -> int:
    """Every file of a release but its stores: the graph files (unchanged ones linked from
    ``previous``), the whole-dataset TriG and Turtle, the report (validation.ttl, and
    validation.json with the units' result ``keys``), the manifest, the state and build.json.
    Returns how many graphs were written."""
    written = write_graph_files(staging, graphs, lines, previous)
    write_whole(staging, graphs, ".trig", staging / TRIG_FILE)
    write_whole(staging, graphs, ".ttl", staging / TURTLE_FILE)
    if isinstance(report, PublishedReport):  # the same as the release's before: linked
        os.link(report.turtle, staging / REPORT_FILE)
        os.link(report.turtle.with_name(REPORT_JSON), staging / REPORT_JSON)
    else:
        report.write_turtle(staging / REPORT_FILE)
        (staging / REPORT_JSON).write_text(json.dumps(
            {"keys": list(keys), "conforms": report.conforms, "text": report.text,
             "violations": [asdict(v) for v in report.violations]}, ensure_ascii=False),
            encoding="utf-8")
    (staging / STATE_FILE).write_text(json.dumps(state, sort_keys=True) + "\n", encoding="utf-8")
    write_build_info(staging, {g.name: g.triples for g in graphs}, publisher)
    return written


def published_report(release: Path, keys: Sequence[str]) -> PublishedReport | None:
    """The report of ``release`` when its units' result keys are ``keys`` (so the same report)."""
    try:
        saved = json.loads((release / REPORT_JSON).read_text(encoding="utf-8"))
        if saved["keys"] != list(keys) or not (release / REPORT_FILE).is_file():
            return None
        violations = tuple(Violation(**v) for v in saved["violations"])
        return PublishedReport(bool(saved["conforms"]), violations, str(saved["text"]),
                               release / REPORT_FILE)
    except (OSError, ValueError, TypeError, KeyError):
        return None


class PublishedReport(LazyGraphReport):
    """A release's report read back from validation.json; its graph is parsed from
    validation.ttl when first asked for (at a million triples it holds thousands of warnings)."""

    turtle: Path

    def __init__(self, conforms: bool, violations: tuple[Violation, ...], text: str,
                 turtle: Path) -> None:
        object.__setattr__(self, "turtle", turtle)
        super().__init__(conforms, violations, text)

    def make_graph(self) -> Graph:
        from rdflib import Graph

        return Graph().parse(self.turtle, format="turtle")

    def to_turtle(self) -> str:
        return self.turtle.read_text(encoding="utf-8")


def read_state(release: Path) -> dict[str, Any] | None:
    try:
        state = json.loads((release / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None
