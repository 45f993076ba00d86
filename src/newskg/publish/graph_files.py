"""A release's named graphs as one TriG and one Turtle file each, listed in a manifest, and the
whole-dataset files made from them by concatenation.

A release holds::

    graphs/NAME.trig, graphs/NAME.ttl   one named graph each (NAME from the graph's IRI, `file_name`)
    graphs.tsv                          "#prefixes" <TAB> SHA-256 of the @prefix header, then
                                        GRAPH-IRI <TAB> DIGEST <TAB> TRIPLES <TAB> NAME, a line each,
                                        in output order (the digest: SHA-256 of the sorted lines)
    newskg.trig, newskg.ttl             the whole dataset: the per-graph files concatenated

A graph whose digest is the one it had in the previous release is not written again: its two files
are hard-linked from that release (`write_graph_files`), so a build that changed one article writes
two small files. Only from a release written with the same ``@prefix`` header (its digest heads the
manifest): the whole files skip each graph file's header by its length, so a graph file written
under another header (a release of an older newskg) would be cut in the wrong place. The whole-dataset files are the per-graph files with the shared ``@prefix`` header
written once, copied by the kernel (``copy_file_range``): ``newskg.trig`` is byte for byte what
serialising the whole dataset at once gives (pyoxigraph writes a dataset graph by graph), and
``newskg.ttl`` is the union of the graphs (a triple held by two graphs is written twice, which
Turtle reads as one triple).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from newskg.errors import InputError
from newskg.publish.releases import write_build_info
from newskg.rdf.namespaces import GRAPH
from newskg.rdf.prefixes import RDF_PREFIXES
from newskg.validation.shacl import LazyGraphReport, ValidationReport
from newskg.validation.summary import BUILD_MOST_WARNINGS, BUILD_SHOWN, ReportSummary, Violation

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
    """A release's manifest by graph IRI; None when it has none, one from before graph files, or
    one whose graph files were written under another ``@prefix`` header (nothing of it is reused)."""
    try:
        text = (release / GRAPHS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head, _, rest = text.partition("\n")
    if head != _header_line().rstrip("\n"):
        return None
    out = {}
    for line in rest.splitlines():
        fields = line.split("\t")
        if len(fields) != 4 or not fields[2].isdigit():
            return None
        out[fields[0]] = GraphFile(fields[0], fields[1], int(fields[2]), fields[3])
    return out


def write_manifest(staging: Path, graphs: Iterable[GraphFile]) -> None:
    (staging / GRAPHS_FILE).write_text(_header_line() + "".join(g.line() for g in graphs),
                                       encoding="utf-8")


@cache
def _header_line() -> str:
    """The manifest's first line: the digest of the ``@prefix`` header its graph files start with."""
    return f"#prefixes\t{hashlib.sha256(prefix_header()).hexdigest()}\n"


@cache
def prefix_header() -> bytes:
    """The ``@prefix`` lines pyoxigraph writes before the first graph (the same in every file)."""
    node = ox.NamedNode("https://example.org/x")
    trig = ox.serialize([ox.Quad(node, node, node, node)], format=ox.RdfFormat.TRIG,
                        prefixes=RDF_PREFIXES) or b""
    return trig[:trig.index(b"<https://example.org/x> {")]


def graph_texts(name: str, lines: Iterable[str]) -> tuple[bytes, bytes]:
    """One graph's TriG and Turtle, from its sorted ``s p o`` lines.

    pyoxigraph serialises the Turtle; the TriG is made from it, not serialised again: pyoxigraph's
    TriG of one graph is its Turtle's statements inside the graph's block, each line indented by a
    tab (its serialisers escape line ends inside literals, so a line is a line of a statement).
    One serialisation and no Python object per quad: about half the CPU of the graph files at 1M
    triples (bench/README.md, stop 31). tests/test_publish.py compares both with pyoxigraph's
    own."""
    text = " .\n".join(lines)
    if not text:
        return direct_graph_texts(name, [])
    ntriples = (text + " .\n").encode("utf-8")
    turtle = ox.serialize(ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES),
                          format=ox.RdfFormat.TURTLE, prefixes=RDF_PREFIXES) or b""
    header = prefix_header()
    if not turtle.startswith(header) or not turtle.endswith(b"\n"):
        return direct_graph_texts(name, text.split(" .\n"))  # (not seen: pyoxigraph's own)
    body = turtle[len(header):-1]
    trig = b"".join((graph_header(name), b"\t", body.replace(b"\n", b"\n\t"), b"\n}\n"))
    return trig, turtle


def graph_header(name: str) -> bytes:
    """The ``@prefix`` lines and the opening of the graph's block, as pyoxigraph's TriG writes
    them (``<IRI> {``, or a prefixed name where a prefix fits)."""
    node = ox.NamedNode(name)
    trig = ox.serialize([ox.Quad(node, node, node, node)], format=ox.RdfFormat.TRIG,
                        prefixes=RDF_PREFIXES) or b""
    return trig[:trig.index(b" {\n") + 3]


def direct_graph_texts(name: str, lines: Iterable[str]) -> tuple[bytes, bytes]:
    """One graph's TriG and Turtle, each serialised by pyoxigraph (what `graph_texts` must equal)."""
    ntriples = "".join(f"{line} .\n" for line in lines).encode("utf-8")
    triples = list(ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES))
    graph = ox.NamedNode(name)
    trig = ox.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples],
                        format=ox.RdfFormat.TRIG, prefixes=RDF_PREFIXES) or b""
    turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=RDF_PREFIXES) or b""
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
        for ext in (".trig", ".ttl"):  # strings: a Path made per file cost more than the link
            os.link(f"{release}/{GRAPHS_DIR}/{before.file}{ext}", f"{folder}/{graph.file}{ext}")
    except OSError:  # gone, or another file system: written instead
        for ext in (".trig", ".ttl"):
            (folder / f"{graph.file}{ext}").unlink(missing_ok=True)
        return False
    return True


def write_whole(staging: Path, graphs: Sequence[GraphFile], ext: str, target: Path,
                previous: tuple[Path, Mapping[str, GraphFile]] | None = None) -> None:
    """``target``: the prefix header, then each graph's ``graphs/FILE.ext`` without its header,
    in manifest order (atomic; the copying is done by the kernel). With the ``previous`` release
    (its folder and manifest), the graphs unchanged since it are copied from its whole file in
    runs, not file by file, and a whole file with nothing changed is hard-linked from it."""
    header = prefix_header()
    runs = _runs(staging, graphs, ext, len(header), previous)
    tmp = target.with_name(f".{target.name}.part")
    if previous is not None and len(runs) == 1 and runs[0][0] == str(previous[0] / target.name) \
            and runs[0][1] == len(header) and _size(runs[0][0]) == len(header) + runs[0][2]:
        try:  # the whole file of the release before, unchanged
            os.link(runs[0][0], target)
            return
        except OSError:
            pass  # another file system: copied
    with open(tmp, "wb") as out:
        out.write(header)
        out.flush()
        for source, offset, count in runs:
            with open(source, "rb") as part:
                _copy(part.fileno(), out.fileno(), offset, count)
    os.replace(tmp, target)


def _starts_with(path: str, head: bytes) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(len(head)) == head
    except OSError:
        return False


def _size(path: Path | str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _runs(staging: Path, graphs: Sequence[GraphFile], ext: str, header: int,
          previous: tuple[Path, Mapping[str, GraphFile]] | None) -> list[tuple[str, int, int]]:
    """What to copy, in order: (file, offset, bytes), adjacent pieces of one file joined. A graph
    unchanged since ``previous`` comes from the previous whole file (where its sizes, read from
    the graph files, place it), if that file is there with the size they add up to."""
    place: dict[str, int] = {}  # graph IRI -> its offset in the previous whole file
    whole = ""
    if previous is not None:
        folder, manifest = previous
        whole = str(folder / (TRIG_FILE if ext == ".trig" else TURTLE_FILE))
        before_dir = f"{folder}/{GRAPHS_DIR}/"  # strings: 10,000s of paths
        offset = header
        for before in manifest.values():
            size = _size(f"{before_dir}{before.file}{ext}")
            if size < 0:
                place.clear()
                break
            place[before.name] = offset
            offset += max(0, size - header)
        if _size(whole) != offset or not _starts_with(whole, prefix_header()):
            place.clear()
    runs: list[tuple[str, int, int]] = []
    own_dir = f"{staging}/{GRAPHS_DIR}/"
    for graph in graphs:
        own = f"{own_dir}{graph.file}{ext}"
        count = os.stat(own).st_size - header
        if count <= 0:
            continue
        if previous is not None and graph.name in place \
                and previous[1][graph.name].digest == graph.digest:
            source, offset = whole, place[graph.name]
        else:
            source, offset = own, header
        if runs and runs[-1][0] == source == whole and runs[-1][1] + runs[-1][2] == offset:
            runs[-1] = (source, runs[-1][1], runs[-1][2] + count)
        else:
            runs.append((source, offset, count))
    return runs


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
    ``previous``), the whole-dataset TriG and Turtle (unchanged runs copied from ``previous``'s),
    the report (validation.ttl and validation.json, linked from ``previous`` when it is its
    report, `PublishedReport`), the manifest, the state (with the report's verdict, the digest
    of the units' result ``keys`` and the summary `newskg build` prints) and build.json.
    Returns how many graphs were written."""
    written = write_data_files(staging, graphs, lines, previous)
    write_release_info(staging, graphs, report, keys, state, publisher)
    return written


def write_data_files(staging: Path, graphs: Sequence[GraphFile],
                     lines: Callable[[str], Iterable[str]],
                     previous: tuple[Path, Mapping[str, GraphFile]] | None) -> int:
    """The files of a release that depend on the graphs only, not on their validation: the graph
    files and the whole-dataset TriG and Turtle (a cold build writes them while its store loads,
    before it validates). Returns how many graphs were written."""
    written = write_graph_files(staging, graphs, lines, previous)
    write_whole(staging, graphs, ".trig", staging / TRIG_FILE, previous)
    write_whole(staging, graphs, ".ttl", staging / TURTLE_FILE, previous)
    return written


def write_release_info(staging: Path, graphs: Sequence[GraphFile], report: ValidationReport,
                       keys: Sequence[str], state: Mapping[str, object],
                       publisher: str | None) -> None:
    """The rest of a release but its stores, once validated: the report, the state and
    build.json (see `write_release`)."""
    if isinstance(report, PublishedReport):  # the same as the release's before: linked
        os.link(report.turtle, staging / REPORT_FILE)
        os.link(report.turtle.with_name(REPORT_JSON), staging / REPORT_JSON)
    else:
        report.write_turtle(staging / REPORT_FILE)
        (staging / REPORT_JSON).write_text(json.dumps(
            {"keys": list(keys), "conforms": report.conforms, "text": report.text,
             "violations": [v.as_dict() for v in report.violations]}, ensure_ascii=False),
            encoding="utf-8")
    told = {"keys": keys_digest(keys), "conforms": report.conforms,
            "summary": report.summary(BUILD_SHOWN, BUILD_MOST_WARNINGS).to_json()}
    (staging / STATE_FILE).write_text(json.dumps({**state, "report": told}, sort_keys=True)
                                      + "\n", encoding="utf-8")
    write_build_info(staging, {g.name: g.triples for g in graphs}, publisher)


def keys_digest(keys: Sequence[str]) -> str:
    """One digest of the units' result keys, in order (equal digests, equal reports)."""
    return hashlib.sha256("\n".join(keys).encode("ascii")).hexdigest()


def published_report(release: Path, state: Mapping[str, Any], keys: Sequence[str]
                     ) -> PublishedReport | None:
    """The report of ``release`` (whose state is ``state``) when its units' result keys are
    ``keys`` (so the same report): its verdict and summary from the state; its results are read
    from validation.json only if asked for."""
    told = state.get("report")
    if not isinstance(told, dict) or told.get("keys") != keys_digest(keys) \
            or not (release / REPORT_FILE).is_file() or not (release / REPORT_JSON).is_file():
        return None
    try:
        summary = ReportSummary.from_json(told["summary"])
    except (KeyError, ValueError):
        return None
    return PublishedReport(bool(told.get("conforms")), summary, release / REPORT_FILE)


class PublishedReport(LazyGraphReport):
    """A release's report, known by its verdict and summary (its state); its results and text
    are read from validation.json, and its graph parsed from validation.ttl, when first asked
    for (at a million triples it holds tens of thousands of warnings)."""

    turtle: Path
    told: ReportSummary
    _saved: tuple[tuple[Violation, ...], str] | None

    def __init__(self, conforms: bool, summary: ReportSummary, turtle: Path) -> None:
        object.__setattr__(self, "turtle", turtle)
        object.__setattr__(self, "told", summary)
        object.__setattr__(self, "_saved", None)
        super().__init__(conforms, (), "")

    def _read(self) -> tuple[tuple[Violation, ...], str]:
        if self._saved is None:
            try:
                saved = json.loads(self.turtle.with_name(REPORT_JSON).read_text(encoding="utf-8"))
                found = (tuple(Violation(**v) for v in saved["violations"]), str(saved["text"]))
            except (OSError, ValueError, TypeError, KeyError) as exc:
                raise InputError(f"the published report cannot be read ({exc})",
                                 path=str(self.turtle.with_name(REPORT_JSON)),
                                 hint="build again with --full") from None
            object.__setattr__(self, "_saved", found)
        assert self._saved is not None
        return self._saved

    @property
    def violations(self) -> tuple[Violation, ...]:
        return self._read()[0]

    @violations.setter
    def violations(self, value: tuple[Violation, ...]) -> None:
        pass  # read from the release

    @property
    def text(self) -> str:
        return self._read()[1]

    @text.setter
    def text(self, value: str) -> None:
        pass  # read from the release

    def summary(self, shown: Sequence[str] | None = None,
                most_warnings: int | None = None) -> ReportSummary:
        if shown is not None and tuple(shown) == BUILD_SHOWN \
                and most_warnings == BUILD_MOST_WARNINGS:
            return self.told
        return super().summary(shown, most_warnings)

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
