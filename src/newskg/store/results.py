"""Engine-neutral SPARQL query results and their W3C renderings.

One result type per query form, as in pyoxigraph: SELECT gives `Solutions`, ASK a `Boolean`,
CONSTRUCT and DESCRIBE `Triples`. They hold pyoxigraph terms whichever engine answered, so the
two engines' answers compare with `==`. Renderers are pure functions from a result to text:

- `to_json`  application/sparql-results+json  https://www.w3.org/TR/sparql11-results-json/
- `to_xml`   application/sparql-results+xml   https://www.w3.org/TR/rdf-sparql-XMLres/
- `to_csv`, `to_tsv`                          https://www.w3.org/TR/sparql11-results-csv-tsv/
- `to_table` an aligned text table for terminals
- `to_rdf`   Triples as Turtle, N-Triples, N-Quads, JSON-LD or RDF/XML

Blank node labels in a result are scoped to that result, so the conversions relabel them b0, b1,
... in order of first appearance: the same query gives byte-identical output on every run and on
both engines. rdflib is imported only inside `from_rdflib`, so a cold CLI start does not pay for it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import pyoxigraph as ox

from newskg.errors import NewskgError, QueryError, UnknownFormatError
from newskg.rdf.formats import RDF_FORMATS, format_name

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Node

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
ITS_NS = "http://www.w3.org/2005/11/its"


@dataclass(frozen=True)
class Solutions:
    """The answer to a SELECT query: variable names (without `?`) and one row per solution."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]


@dataclass(frozen=True)
class Boolean:
    """The answer to an ASK query."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """The answer to a CONSTRUCT or DESCRIBE query."""

    triples: tuple[ox.Triple, ...]


QueryResult: TypeAlias = Solutions | Boolean | Triples
TabularResult: TypeAlias = Solutions | Boolean


# ---------------------------------------------------------------- conversions from the engines


def from_pyoxigraph(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """A pyoxigraph query result as ours; raises QueryError on an RDF 1.2 triple term."""
    if isinstance(result, ox.QueryBoolean):
        return Boolean(bool(result))
    if isinstance(result, ox.QueryTriples):
        return Triples(tuple(result))
    variables = tuple(variable.value for variable in result.variables)
    rows = ([_checked(solution[i], var) for i, var in enumerate(variables)] for solution in result)
    return _relabelled(variables, rows)


def from_rdflib(result: Result) -> QueryResult:
    """An rdflib query result as ours, with the terms converted faithfully to pyoxigraph terms."""
    from rdflib.term import Variable

    if result.type == "ASK":
        return Boolean(bool(result.askAnswer))
    convert = _rdflib_converter()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if result.graph is None:
            raise QueryError(f"rdflib returned a {result.type} result without a graph")
        return Triples(tuple(_rdflib_triple(triple, convert) for triple in result.graph))
    names = tuple(str(variable) for variable in result.vars or ())
    keys = [Variable(name) for name in names]
    rows = (
        [_checked(convert(binding.get(key)), name) for key, name in zip(keys, names)]
        for binding in result.bindings
    )
    return _relabelled(names, rows)


def _checked(term: object, variable: str) -> Term | None:
    if term is None or isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term
    raise QueryError(f"?{variable} is bound to {term}, an RDF 1.2 triple term; newskg results "
                     "hold IRIs, blank nodes and literals only: select its parts instead")


def _relabelled(variables: tuple[str, ...], rows: Iterable[Iterable[Term | None]]) -> Solutions:
    return Solutions(variables, tuple(relabelled_rows(rows)))


def relabelled_rows(rows: Iterable[Iterable[Term | None]]) -> Iterator[tuple[Term | None, ...]]:
    """The rows as they come, blank nodes relabelled b0, b1, ... in order of first appearance."""
    labels: dict[str, ox.BlankNode] = {}

    def relabel(term: Term | None) -> Term | None:
        if not isinstance(term, ox.BlankNode):
            return term
        if term.value not in labels:
            labels[term.value] = ox.BlankNode(f"b{len(labels)}")
        return labels[term.value]

    for row in rows:
        yield tuple(relabel(term) for term in row)


def pyoxigraph_rows(result: ox.QuerySolutions) -> tuple[tuple[str, ...],
                                                        Iterator[tuple[Term | None, ...]]]:
    """A pyoxigraph SELECT answer's variables and its rows, read lazily (relabelled, checked)."""
    variables = tuple(variable.value for variable in result.variables)
    rows = ([_checked(solution[i], var) for i, var in enumerate(variables)] for solution in result)
    return variables, relabelled_rows(rows)


def _rdflib_converter() -> Callable[[Node | None], Term | None]:
    """A converter that maps each rdflib blank node to one pyoxigraph blank node."""
    from rdflib.term import BNode, Literal, URIRef

    blank_nodes: dict[str, ox.BlankNode] = {}

    def blank_node(label: str) -> ox.BlankNode:
        if label not in blank_nodes:
            try:
                blank_nodes[label] = ox.BlankNode(label)
            except ValueError:  # not a valid Turtle label: keep the node's identity only
                blank_nodes[label] = ox.BlankNode()
        return blank_nodes[label]

    def term(node: Node) -> Term:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return blank_node(str(node))
        if not isinstance(node, Literal):
            raise QueryError(f"rdflib returned {node!r}: not an IRI, blank node or literal")
        if node.language is not None:
            return ox.Literal(str(node), language=node.language)
        # rdflib's plain literal (no datatype) is an xsd:string literal in RDF 1.1
        return ox.Literal(str(node), datatype=ox.NamedNode(node.datatype or XSD_STRING))

    def convert(node: Node | None) -> Term | None:
        try:
            return None if node is None else term(node)
        except ValueError as error:  # rdflib accepts IRIs and language tags that RDF does not
            raise QueryError(f"rdflib returned {node!r}, which is not valid RDF: {error}") from None

    return convert


def _rdflib_triple(
    triple: tuple[Node, Node, Node], convert: Callable[[Node | None], Term | None]
) -> ox.Triple:
    subject, predicate, object_ = (convert(node) for node in triple)
    if (
        not isinstance(subject, ox.NamedNode | ox.BlankNode)
        or not isinstance(predicate, ox.NamedNode)
        or object_ is None
    ):
        raise QueryError(f"rdflib returned a generalised triple {triple!r}, which is not RDF")
    return ox.Triple(subject, predicate, object_)


# ---------------------------------------------------------------- SPARQL JSON


def to_json(result: TabularResult, *, indent: int | None = 2) -> str:
    """application/sparql-results+json; an unbound variable is left out of its binding.

    ``indent=None`` gives compact JSON, several times faster to write (the endpoint uses it).
    """
    document: dict[str, object]
    if isinstance(result, Boolean):
        document = {"head": {}, "boolean": result.value}
    else:
        bindings = [
            {var: _json_term(term) for var, term in zip(result.variables, row) if term is not None}
            for row in result.rows
        ]
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=indent) + "\n"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    encoded = {"type": "literal", "value": term.value}
    if term.language is not None:
        encoded["xml:lang"] = term.language
        if term.direction is not None:
            encoded["its:dir"] = str(term.direction)  # SPARQL 1.2 results, RDF 1.2 literals
    elif term.datatype.value != XSD_STRING:  # a simple literal carries no datatype
        encoded["datatype"] = term.datatype.value
    return encoded


# ---------------------------------------------------------------- SPARQL XML

# XML 1.0 cannot carry these characters at all, not even as character references.
_NOT_XML = "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"  # compiled when used
# CR must be a reference in text, and TAB, LF, CR in attributes, or XML parsers normalise them.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_XML_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


def to_xml(result: TabularResult) -> str:
    """application/sparql-results+xml; raises NewskgError on text that XML 1.0 cannot carry."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sparql xmlns="{SPARQL_RESULTS_NS}">']
    if isinstance(result, Boolean):
        lines += ["  <head/>", f"  <boolean>{_boolean(result.value)}</boolean>"]
    else:
        lines.append("  <head>")
        lines += [f'    <variable name="{_xml_attribute(var)}"/>' for var in result.variables]
        lines += ["  </head>", "  <results>"]
        for row in result.rows:
            lines.append("    <result>")
            lines += [
                f'      <binding name="{_xml_attribute(var)}">{_xml_term(term)}</binding>'
                for var, term in zip(result.variables, row)
                if term is not None
            ]
            lines.append("    </result>")
        lines.append("  </results>")
    lines.append("</sparql>")
    return "\n".join(lines) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    attributes = ""
    if term.language is not None:
        attributes = f' xml:lang="{_xml_attribute(term.language)}"'
        if term.direction is not None:
            attributes += f' xmlns:its="{ITS_NS}" its:version="2.0" its:dir="{term.direction}"'
    elif term.datatype.value != XSD_STRING:
        attributes = f' datatype="{_xml_attribute(term.datatype.value)}"'
    return f"<literal{attributes}>{_xml_text(term.value)}</literal>"


def _xml_text(text: str) -> str:
    return _xml_representable(text).translate(_XML_TEXT)


def _xml_attribute(text: str) -> str:
    return _xml_representable(text).translate(_XML_ATTRIBUTE)


def _xml_representable(text: str) -> str:
    bad = re.search(_NOT_XML, text)  # re's cache: compiled once (about 4 ms) on first use
    if bad:
        raise NewskgError(f"{text[:40]!r} holds U+{ord(bad.group()):04X}, which XML 1.0 cannot "
                          "represent; use the json or tsv format")
    return text


# ---------------------------------------------------------------- CSV and TSV


def to_csv(result: TabularResult) -> str:
    """text/csv: plain strings, CRLF line ends, RFC 4180 quoting; lossy by design.

    The CSV/TSV formats cover SELECT only: an ASK answer is the bare word true or false.
    """
    if isinstance(result, Boolean):
        return _boolean(result.value) + "\r\n"
    lines = [result.variables] + [tuple(_plain(term) for term in row) for row in result.rows]
    return "".join(",".join(_csv_field(value) for value in line) + "\r\n" for line in lines)


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _csv_field(value: str) -> str:
    if any(char in value for char in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


# Turtle's number and boolean tokens: a literal whose lexical form is one of these, with the
# matching datatype, is written bare; any other lexical form keeps "..."^^<...> so that reading
# the TSV back gives the very same literal.
_SHORT_FORMS = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD + "double": re.compile(r"[+-]?(?:[0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    XSD + "boolean": re.compile(r"true|false"),
}
_STRING_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def to_tsv(result: TabularResult) -> str:
    """text/tab-separated-values: terms in Turtle/SPARQL syntax, LF line ends."""
    if isinstance(result, Boolean):
        return _boolean(result.value) + "\n"
    lines = ["\t".join(f"?{var}" for var in result.variables)]
    lines += ["\t".join(_tsv_cell(term) for term in row) for row in result.rows]
    return "".join(line + "\n" for line in lines)


def _tsv_cell(term: Term | None) -> str:
    return "" if term is None else turtle_term(term)


def turtle_term(term: Term) -> str:
    """A term in Turtle/SPARQL syntax; numbers and booleans in their short form when exact."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    short_form = _SHORT_FORMS.get(datatype)
    if short_form is not None and short_form.fullmatch(term.value):
        return term.value
    quoted = '"' + term.value.translate(_STRING_ESCAPES) + '"'
    if term.language is not None:
        direction = f"--{term.direction}" if term.direction is not None else ""
        return f"{quoted}@{term.language}{direction}"
    return quoted if datatype == XSD_STRING else f"{quoted}^^<{datatype}>"


def _boolean(value: bool) -> str:
    return "true" if value else "false"


# ---------------------------------------------------------------- terminal table

# What a terminal must not be sent raw from the data: line breaks and tabs (they would break the
# table), other control characters (a BEL rings, an ESC starts a terminal command) and the
# bidirectional controls that reorder what is shown (U+202E turns the rest of a line around).
_TABLE_ESCAPES = str.maketrans({
    **{chr(c): f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))},
    **{chr(c): f"\\u{c:04x}" for c in (0x200E, 0x200F, *range(0x202A, 0x202F),
                                         *range(0x2066, 0x206A))},
    "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# Table cells are for reading, not parsing, so a local name may hold "/" (article:slug/fact-id).
_LOCAL_NAME = re.compile(r"(?:\w(?:[\w./-]*[\w-])?)?")


def to_table(result: TabularResult, *, prefixes: Mapping[str, str] | None = None) -> str:
    """An aligned table: IRIs as prefixed names where possible, literals as their lexical form."""
    if isinstance(result, Boolean):
        return _boolean(result.value) + "\n"
    parts: list[bytes] = []
    write_table(result.variables, result.rows, parts.append, prefixes=prefixes)
    return b"".join(parts).decode("utf-8")


TABLE_IN_MEMORY = 1 << 23  # a table's cells past 8 MiB wait on disk until the columns are measured


def write_table(variables: Iterable[str], rows: Iterable[tuple[Term | None, ...]],
                write: Callable[[bytes], object], *,
                prefixes: Mapping[str, str] | None = None) -> int:
    """The aligned table of ``rows`` (`to_table`'s bytes) to ``write``; the number of rows.
    The columns are as wide as their widest cell, so every row is read before the first is
    written: the cells wait in a temporary file (in memory up to TABLE_IN_MEMORY), one line a
    row, tab-separated (a cell holds neither: both are escaped), and a large answer is not held
    in memory."""
    import tempfile

    namespaces = longest_first(prefixes)
    header = list(variables)
    widths = [_display_width(name) for name in header]
    count = 0
    with tempfile.SpooledTemporaryFile(max_size=TABLE_IN_MEMORY, mode="w+b") as cells:
        for row in rows:
            line = [_table_cell(term, namespaces) for term in row]
            widths = [max(width, _display_width(cell)) for width, cell in zip(widths, line)]
            cells.write(("\t".join(line) + "\n").encode("utf-8"))
            count += 1
        write((_table_line(header, widths) + "\n"
               + _table_line(["-" * width for width in widths], widths) + "\n").encode("utf-8"))
        cells.seek(0)
        for stored in cells:
            text = stored.decode("utf-8")[:-1]
            write((_table_line(text.split("\t") if header else [], widths) + "\n").encode("utf-8"))
    write((f"{count} row" if count == 1 else f"{count} rows").encode("utf-8") + b"\n")
    return count


def longest_first(prefixes: Mapping[str, str] | None) -> list[tuple[str, str]]:
    """The (prefix, namespace) pairs in the order `compact_iri` tries them: longest namespace
    first (``article:`` before ``id:``), then by prefix."""
    return sorted((prefixes or {}).items(), key=lambda item: (-len(item[1]), item[0]))


def compact_iri(iri: str, namespaces: Iterable[tuple[str, str]]) -> str:
    """`prefix:local` for the first (prefix, namespace) giving a clean local name, else `<iri>`."""
    for prefix, namespace in namespaces:
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _table_cell(term: Term | None, namespaces: list[tuple[str, str]]) -> str:
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, namespaces).translate(_TABLE_ESCAPES)  # IRIs may hold U+202E
    return _plain(term).translate(_TABLE_ESCAPES)


def _display_width(text: str) -> int:
    """Terminal columns: wide East Asian characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _table_line(cells: list[str], widths: list[int]) -> str:
    padded = (cell + " " * (width - _display_width(cell)) for cell, width in zip(cells, widths))
    return "  ".join(padded).rstrip()


# ---------------------------------------------------------------- RDF for CONSTRUCT / DESCRIBE

def to_rdf(triples: Triples, format: str, *, prefixes: Mapping[str, str] | None = None) -> str:
    """Triples in an RDF syntax, deterministic: blank nodes canonicalised (RDFC-1.0), sorted."""
    rdf_format = RDF_FORMATS[format_name(format)]
    ordered = sorted(_canonical(triples.triples), key=_triple_key)
    if rdf_format == ox.RdfFormat.JSON_LD:  # compacted with the project's context
        from newskg.rdf.jsonld import to_jsonld

        return to_jsonld(ox.Quad(t.subject, t.predicate, t.object) for t in ordered)
    return (ox.serialize(ordered, format=rdf_format, prefixes=dict(prefixes or {})) or b"").decode()


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return (str(triple.subject), str(triple.predicate), str(triple.object))


def _canonical(triples: tuple[ox.Triple, ...]) -> list[ox.Triple]:
    """The distinct triples, blank nodes named from the graph's shape, not from engine ids."""
    if not any("_:" in str(triple) for triple in triples):
        return list(set(triples))
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return [quad.triple for quad in dataset]


# ---------------------------------------------------------------- registry

Renderer: TypeAlias = Callable[[TabularResult, Mapping[str, str]], str]

RENDERERS: dict[str, Renderer] = {
    "json": lambda result, _prefixes: to_json(result),
    "xml": lambda result, _prefixes: to_xml(result),
    "csv": lambda result, _prefixes: to_csv(result),
    "tsv": lambda result, _prefixes: to_tsv(result),
    "table": lambda result, prefixes: to_table(result, prefixes=prefixes),
}

MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def render(result: QueryResult, format: str, *, prefixes: Mapping[str, str] | None = None) -> str:
    """Any result in a named format: RENDERERS for SELECT and ASK, RDF_FORMATS for triples."""
    if isinstance(result, Triples):
        if format in RENDERERS:
            raise UnknownFormatError(f"format {format!r} does not apply to CONSTRUCT/DESCRIBE "
                                     f"results; choose one of: {', '.join(RDF_FORMATS)}")
        return to_rdf(result, format, prefixes=prefixes)
    renderer = RENDERERS.get(format)
    if renderer is None:
        choices = ", ".join(RENDERERS)
        raise UnknownFormatError(f"unknown result format {format!r}; choose one of: {choices}")
    return renderer(result, prefixes or {})
