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
from functools import lru_cache
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


class TripleIndex:
    """The few lookups `result_blocks` makes, over triples parsed by pyoxigraph (Rust) from a
    part's N-Triples: rdflib's N-Triples parser and in-memory graph took 12 of the 18 s of
    writing a 1M-triple build's report (1,312 parts, 321,104 triples). The terms are rdflib's, so
    the blocks are the same text as from the part's rdflib graph."""

    def __init__(self, ntriples: str) -> None:
        import pyoxigraph as ox

        self._out: dict[Node, list[tuple[Node, Node]]] = {}
        self._typed: dict[Node, list[Node]] = {}  # rdf:type object -> subjects
        terms: dict[object, Node] = {}

        def term(value: object) -> Node:
            found = terms.get(value)
            if found is None:
                found = terms[value] = _rdflib_term(value)
            return found

        for triple in ox.parse(input=ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            s, p, o = term(triple.subject), term(triple.predicate), term(triple.object)
            self._out.setdefault(s, []).append((p, o))
            if p == RDF.type:
                self._typed.setdefault(o, []).append(s)

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        assert predicate == RDF.type, "only rdf:type is indexed"
        yield from self._typed.get(obj, ())

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return (o for p, o in self._out.get(subject, ()) if p == predicate)

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        yield from self._out.get(subject, ())


def _rdflib_term(value: object) -> Node:
    """A pyoxigraph term as the rdflib term rdflib's N-Triples parser makes of the same text (a
    string literal with no datatype written stays plain)."""
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    if isinstance(value, ox.BlankNode):
        return BNode(value.value)
    assert isinstance(value, ox.Literal)
    if value.language:
        return Literal(value.value, lang=value.language)
    if value.datatype.value == _XSD_STRING:
        return Literal(value.value)
    return Literal(value.value, datatype=URIRef(value.datatype.value))


_XSD_STRING = str(XSD.string)
_UPPER_CASE_TAG = re.compile(r'"@[a-zA-Z0-9-]*[A-Z]')  # a literal's language tag, as "x"@en-GB
_TYPED_STRING = f'"^^<{_XSD_STRING}>'  # a string literal whose datatype is written


def _lookups(part: ReportPart) -> Graph | TripleIndex:
    """What `result_blocks` reads: an index of the part's N-Triples when it is kept as text (a
    worker's or a remembered unit's report), else its graph."""
    text = getattr(part, "ntriples", None)
    if isinstance(text, str) and not _UPPER_CASE_TAG.search(text) and _TYPED_STRING not in text:
        return TripleIndex(text)
    # pyoxigraph lower-cases language tags and reads "x"^^xsd:string as "x"; rdflib keeps both
    return part.graph


def report_turtle(conforms: bool, parts: Iterable[ReportPart]) -> Iterator[str]:
    """The Turtle text of one sh:ValidationReport holding every result of ``parts``, in pieces."""
    blocks = sorted({block for part in parts for block in result_blocks(_lookups(part))})
    yield "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(_USED.items()))
    yield f"\n[] a sh:ValidationReport ;\n{INDENT}sh:conforms {'true' if conforms else 'false'}"
    if not blocks:
        yield " .\n"
        return
    yield f" ;\n{INDENT}sh:result\n"
    last = len(blocks) - 1
    for i, block in enumerate(blocks):
        yield f"{INDENT * 2}{block}{' .' if i == last else ' ,'}\n"


def result_blocks(graph: Graph | TripleIndex) -> Iterator[str]:
    """Each top-level result of the report graph as a nested Turtle block."""
    for report in graph.subjects(RDF.type, SH.ValidationReport):
        for result in graph.objects(report, SH.result):
            yield _node(graph, result, 2, frozenset())


def _node(graph: Graph | TripleIndex, node: Node, depth: int, seen: frozenset[Node]) -> str:
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


@lru_cache(maxsize=1 << 16)  # shapes, paths and predicates recur in every result
def _name(iri: str) -> str:
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and _LOCAL.match(iri, len(ns)):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
