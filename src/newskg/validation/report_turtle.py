"""A SHACL report as Turtle, written result by result from the graphs of its parts.

A build validates thousands of units; at ten million triples their reports hold about 400,000
warnings (every draft report is "not reviewed yet"). Merged into one rdflib graph, relabelled and
serialised by rdflib, they took gigabytes and minutes. Here each part's graph is read on its own
(`ReportPart.graph`: parsed when asked for, then dropped), each top-level result is written as one
nested Turtle block (blank nodes inline, properties and values sorted), and the blocks are sorted
and written once each: the text depends on what the results say, not on how the units were cut or
on blank node labels, so equal reports read the same (a cold and an incremental build write the
same file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import SH, XSD

from newskg.rdf.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

INDENT = "    "
_LOCAL = re.compile(r"[A-Za-z_][\w-]*\Z")  # a prefixed name's local part that needs no escaping
_USED = {**PREFIXES, "sh": str(SH), "xsd": str(XSD)}
# The longest namespace first: a name is written with the most specific prefix.
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in _USED.items()), key=lambda p: -len(p[0]))


class ReportPart(Protocol):
    """What a report part gives the writer: its graph (pySHACL's report graph)."""

    @property
    def graph(self) -> Graph: ...


def report_turtle(conforms: bool, parts: Iterable[ReportPart]) -> Iterator[str]:
    """The Turtle text of one sh:ValidationReport holding every result of ``parts``, in pieces."""
    blocks = sorted({block for part in parts for block in result_blocks(part.graph)})
    yield "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(_USED.items()))
    yield f"\n[] a sh:ValidationReport ;\n{INDENT}sh:conforms {'true' if conforms else 'false'}"
    if not blocks:
        yield " .\n"
        return
    yield f" ;\n{INDENT}sh:result\n"
    last = len(blocks) - 1
    for i, block in enumerate(blocks):
        yield f"{INDENT * 2}{block}{' .' if i == last else ' ,'}\n"


def result_blocks(graph: Graph) -> Iterator[str]:
    """Each top-level result of the report graph as a nested Turtle block."""
    for report in graph.subjects(RDF.type, SH.ValidationReport):
        for result in graph.objects(report, SH.result):
            yield _node(graph, result, 2, frozenset())


def _node(graph: Graph, node: Node, depth: int, seen: frozenset[Node]) -> str:
    if not isinstance(node, BNode):
        return _term(node)
    if node in seen:  # a cycle (pySHACL makes none): a blank node of its own
        return "[]"
    inner = seen | {node}
    rows = sorted((_predicate(p), _node(graph, o, depth + 1, inner))
                  for p, o in graph.predicate_objects(node))
    if not rows:
        return "[]"
    pad = INDENT * (depth + 1)
    body = " ;\n".join(f"{pad}{p} {o}" for p, o in rows)
    return f"[\n{body} ;\n{INDENT * depth}]"


def _predicate(p: Node) -> str:
    return "a" if p == RDF.type else _term(p)


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        return _name(str(term))
    if isinstance(term, Literal):
        if term.language or term.datatype is None:
            return term.n3()
        text = Literal(str(term)).n3()  # the lexical form, escaped
        return f"{text}^^{_name(str(term.datatype))}"
    return term.n3()


def _name(iri: str) -> str:
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and _LOCAL.match(iri, len(ns)):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
