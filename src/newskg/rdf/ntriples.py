"""RDF terms as N-Triples text, exactly as pyoxigraph prints them, for building graphs fast.

Building rdflib graphs cost about 10 us a triple (term objects, closed-namespace look-ups, the
store's indexes) and converting them to pyoxigraph quads as much again. The builders in
``newskg.graph`` write each term directly as the string ``str(pyoxigraph term)`` gives (the same
escapes, the same lower-cased language tags), so a graph is a set of ``(subject, predicate, object)``
string tuples and a triple's line ``s p o`` sorts, digests and parses like the quad it stands for.
tests/test_ntriples.py compares every helper with pyoxigraph's own output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from newskg.errors import UnsafeIriError

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"

# What oxigraph escapes in a literal's lexical form (checked against it code point by code point).
_ESCAPES = {i: f"\\u{i:04X}" for i in range(0x20)}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"',
                 0x5C: "\\\\", 0x7F: "\\u007F", 0xFFFE: "\\uFFFE", 0xFFFF: "\\uFFFF"})

Triple = tuple[str, str, str]
IRI_HINT = ("keys, fact ids and article folder names may hold only lowercase letters, digits and "
            "'-'; other IRIs must be absolute and percent-encoded")


# Characters an N-Triples/Turtle IRIREF may not hold (controls, space, <>"{}|^` and backslash),
# any other white space and C1 controls (rdflib's parsers end an IRI at white space).
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]|\s')


@lru_cache(maxsize=1 << 16)  # most IRIs written are the same few (classes, properties, entities)
def iri(value: str) -> str:
    """``<value>``, refused (UnsafeIriError) unless ``value`` is an absolute IRI that N-Triples,
    Turtle and N-Quads can hold as written: nothing is pasted into the output unchecked."""
    bad = _NOT_IN_IRI.search(value)
    if bad is not None:
        raise UnsafeIriError(f"{value!r} cannot be written as an IRI: it holds "
                             f"{bad.group()!r} (U+{ord(bad.group()):04X}), which IRIs may not hold",
                             hint=IRI_HINT)
    from pyoxigraph import NamedNode

    try:
        NamedNode(value)  # oxigraph's own IRI check (scheme, percent-encoding, '#' once, ...)
    except ValueError as exc:
        raise UnsafeIriError(f"{value!r} cannot be written as an IRI: {exc}", hint=IRI_HINT) from None
    return f"<{value}>"


def string(text: str) -> str:
    """A plain (xsd:string) literal."""
    return f'"{text.translate(_ESCAPES)}"'


def lang_string(text: str, language: str) -> str:
    return f'"{text.translate(_ESCAPES)}"@{language.lower()}'


def typed(lexical: str, datatype: str) -> str:
    """A literal of ``datatype`` (an IRI), with ``lexical`` written as given."""
    if datatype == XSD_STRING:
        return string(lexical)
    return f'"{lexical.translate(_ESCAPES)}"^^<{datatype}>'


@cache
def normalised(lexical: str, datatype: str) -> str:
    """A typed literal with rdflib's canonical lexical form (a dateTime's ``Z`` is ``+00:00``):
    what the rdflib graphs held before, so the output did not change. Cached: dates repeat."""
    from rdflib import Literal, URIRef

    return rdflib_term(Literal(lexical, datatype=URIRef(datatype)))


@cache
def decimal(text: str) -> str:
    """An xsd:decimal of a number's text, as rdflib writes ``Literal(Decimal(text))``
    (``1e-05`` is ``0.00001``)."""
    from decimal import Decimal

    from rdflib import Literal

    return rdflib_term(Literal(Decimal(text)))


def boolean(value: bool) -> str:
    return f'"{"true" if value else "false"}"^^<{XSD}boolean>'


def rdflib_term(node: Any) -> str:
    """An rdflib term (URIRef, BNode, Literal) as N-Triples text."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, BNode):
        return f"_:{node}"
    if not isinstance(node, Literal):
        raise TypeError(f"not an RDF term: {node!r}")
    if node.language is not None:
        return lang_string(str(node), node.language)
    return typed(str(node), str(node.datatype) if node.datatype else XSD_STRING)


class Terms:
    """A closed rdflib namespace whose terms come out as N-Triples IRIs (``<…>``).

    Each term is looked up in the namespace once (a misspelt one still raises AttributeError), then
    kept as a plain attribute: the closed namespaces' checks cost microseconds a call.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        value = iri(str(getattr(self._namespace, name)))
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name)


class GraphTriples:
    """One graph's triples as N-Triples term strings (a set: adding a triple twice keeps one)."""

    def __init__(self) -> None:
        self.triples: set[Triple] = set()
        self.single: dict[tuple[str, str], str] = {}

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.triples.add((subject, predicate, obj))

    def set_value(self, subject: str, predicate: str, obj: str) -> None:
        """Give ``subject`` one value of ``predicate`` (the last one set), as rdflib's Graph.set."""
        self.single[(subject, predicate)] = obj

    def all(self) -> set[Triple]:
        return self.triples | {(s, p, o) for (s, p), o in self.single.items()}

    def lines(self) -> list[str]:
        """Sorted ``s p o`` lines: the order of the triples' N-Triples strings."""
        return sorted(f"{s} {p} {o}" for s, p, o in self.all())


def is_literal(term: str) -> bool:
    return term.startswith('"')


def nquads(graphs: Iterable[tuple[str, list[str]]]) -> bytes:
    """N-Quads of (graph IRI, sorted triple lines) pairs, in the order given."""
    return "".join(f"{line} <{name}> .\n" for name, lines in graphs
                   for line in lines).encode("utf-8")
