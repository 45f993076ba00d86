"""The markers of units remembered as conforming (`newskg.validation.units`): one file per unit
digest in the build's cache, holding the unit's warnings and infos.

A marker's first line is ``key RESULT-KEY SIZE``: the digest of its results (`result_key`) and the
size of what follows (nothing when the unit has no results, else its results as JSON). A build that
only needs to know a unit's result (every unchanged unit) reads that line and the file's size, not
the results; the results are read when the report is merged. Markers written before that line are
read whole once and given it (`ArticlesReport.remember`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal
from rdflib.exceptions import ParserError
from rdflib.namespace import SH

from newskg.validation.shacl import SpooledReport, ValidationReport
from newskg.validation.summary import Violation


@cache  # one value for every remembered unit (a new blank node per unit costs a uuid4 each)
def conforming_report() -> ValidationReport:
    """The report of a graph remembered as conforming: what pySHACL says of any conforming graph."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(True)))
    return ValidationReport(True, (), graph, "Validation Report\nConforms: True\n")


def result_key(conforms: bool, violations: Iterable[dict[str, Any]], text: str) -> str:
    """A digest of a unit's outcome (its results and text), read without parsing its graph."""
    return hashlib.sha256(json.dumps([conforms, list(violations), text], sort_keys=True,
                                     ensure_ascii=False).encode("utf-8")).hexdigest()


def report_key(report: ValidationReport) -> str:
    return result_key(report.conforms, (v.as_dict() for v in report.violations), report.text)


KEY_LINE = b"key "  # a marker's first line: b"key RESULT-KEY SIZE\n", SIZE the bytes after it


def key_line(key: str, body: bytes) -> bytes:
    return KEY_LINE + f"{key} {len(body)}\n".encode()


def remembered(report: ValidationReport) -> bytes:
    """A conforming unit's marker: its key line, then nothing when it has no results, else its
    results as JSON."""
    body = b"" if not report.violations else json.dumps(
        {"violations": [v.as_dict() for v in report.violations], "graph": report.to_ntriples(),
         "text": report.text}, ensure_ascii=False).encode("utf-8")
    return key_line(report_key(report), body) + body


def _marker_body(data: bytes) -> bytes | None:
    """The results after a marker's key line; None when the line is missing or the size it gives
    is not the body's (a marker cut short)."""
    line, _, body = data.partition(b"\n")
    fields = line.split(b" ")
    if len(fields) != 3 or fields[0] + b" " != KEY_LINE or not fields[2].isdigit() \
            or int(fields[2]) != len(body):
        return None
    return body


def marker_key(marker: Path) -> tuple[str, bool] | None:
    """The result_key of a remembered unit, and whether its marker is from before the key line
    (then its results were read to compute it); None when there is no readable marker. A marker
    with its key line is read no further than that line and its size."""
    try:
        fd = os.open(marker, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        head = os.read(fd, 200)
        if head.startswith(KEY_LINE):
            line, newline, _ = head.partition(b"\n")
            fields = line.split(b" ")
            if not newline or len(fields) != 3 or not fields[2].isdigit() \
                    or os.fstat(fd).st_size != len(line) + 1 + int(fields[2]):
                return None  # cut short, or not a marker
            return fields[1].decode("ascii"), False
        data = head + _read_rest(fd)
    finally:
        os.close(fd)
    try:  # from before the key line
        if not data:
            return report_key(conforming_report()), True
        saved = json.loads(data)
        if not isinstance(saved["graph"], str):
            return None
        return result_key(True, saved["violations"], saved["text"]), True
    except (ValueError, TypeError, KeyError):  # a damaged marker: not remembered
        return None


def _read_rest(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def recalled(marker: Path) -> ValidationReport | None:
    """The report of a unit remembered as conforming; None when there is no readable marker (the
    unit is validated again)."""
    try:
        data = marker.read_bytes()
        if data.startswith(KEY_LINE):
            body = _marker_body(data)
            if body is None:
                return None
            data = body
        if not data:
            return conforming_report()
        saved = json.loads(data)
        violations = tuple(Violation(**v) for v in saved["violations"])
        if not isinstance(saved["graph"], str):
            return None
        Graph().parse(data=saved["graph"], format="nt")  # a damaged marker is not remembered
        return SpooledReport(True, violations, saved["graph"], saved["text"])
    except FileNotFoundError:
        return None
    except (ValueError, TypeError, KeyError, ParserError):  # a damaged marker: not remembered
        return None
