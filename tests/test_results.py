"""The result model, its renderers on hand-made results, and the conversions from both engines."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib

from newskg.errors import NewskgError, QueryError, UnknownFormatError
from newskg.store.results import (
    MEDIA_TYPES,
    RENDERERS,
    Boolean,
    Solutions,
    Triples,
    compact_iri,
    from_pyoxigraph,
    from_rdflib,
    render,
    to_csv,
    to_json,
    to_rdf,
    to_table,
    to_tsv,
    to_xml,
    turtle_term,
)

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"ex": EX, "xsd": XSD}


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


TRICKY = 'say "hi", then\nleave\ttab\\'
SOLUTIONS = Solutions(
    ("s", "label", "value"),
    (
        (iri("a"), ox.Literal("chat", language="fr"), typed("42", "integer")),
        (ox.BlankNode("b0"), ox.Literal(TRICKY), None),
        (None, typed("plain", "string"), typed("5", "decimal")),
    ),
)
EMPTY = Solutions(("x",), ())
NO_VARIABLES = Solutions((), ((),))


# ---------------------------------------------------------------- JSON


def test_json_terms_follow_the_spec() -> None:
    assert json.loads(to_json(SOLUTIONS)) == {
        "head": {"vars": ["s", "label", "value"]},
        "results": {"bindings": [
            {
                "s": {"type": "uri", "value": EX + "a"},
                "label": {"type": "literal", "value": "chat", "xml:lang": "fr"},
                "value": {"type": "literal", "value": "42", "datatype": XSD + "integer"},
            },
            {"s": {"type": "bnode", "value": "b0"}, "label": {"type": "literal", "value": TRICKY}},
            {
                "label": {"type": "literal", "value": "plain"},
                "value": {"type": "literal", "value": "5", "datatype": XSD + "decimal"},
            },
        ]},
    }


def test_json_text_is_exact() -> None:
    result = Solutions(("x",), ((ox.Literal("café"),),))
    assert to_json(result) == (
        '{\n  "head": {\n    "vars": [\n      "x"\n    ]\n  },\n'
        '  "results": {\n    "bindings": [\n      {\n        "x": {\n'
        '          "type": "literal",\n          "value": "café"\n        }\n'
        "      }\n    ]\n  }\n}\n"
    )


@pytest.mark.parametrize("value", [True, False])
def test_json_boolean(value: bool) -> None:
    text = to_json(Boolean(value))
    assert json.loads(text) == {"head": {}, "boolean": value}
    assert text == f'{{\n  "head": {{}},\n  "boolean": {str(value).lower()}\n}}\n'


def test_json_language_direction() -> None:
    literal = ox.Literal("שלום", language="he", direction=ox.BaseDirection.RTL)
    binding = json.loads(to_json(Solutions(("x",), ((literal,),))))["results"]["bindings"][0]
    assert binding["x"] == {
        "type": "literal", "value": "שלום", "xml:lang": "he", "its:dir": "rtl"
    }


# ---------------------------------------------------------------- XML

SPARQL = "{http://www.w3.org/2005/sparql-results#}"


def test_xml_text_is_exact() -> None:
    assert to_xml(SOLUTIONS) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        "  <head>\n"
        '    <variable name="s"/>\n'
        '    <variable name="label"/>\n'
        '    <variable name="value"/>\n'
        "  </head>\n"
        "  <results>\n"
        "    <result>\n"
        '      <binding name="s"><uri>http://example.org/a</uri></binding>\n'
        '      <binding name="label"><literal xml:lang="fr">chat</literal></binding>\n'
        '      <binding name="value"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">'
        "42</literal></binding>\n"
        "    </result>\n"
        "    <result>\n"
        '      <binding name="s"><bnode>b0</bnode></binding>\n'
        '      <binding name="label"><literal>say "hi", then\nleave\ttab\\</literal></binding>\n'
        "    </result>\n"
        "    <result>\n"
        '      <binding name="label"><literal>plain</literal></binding>\n'
        '      <binding name="value"><literal datatype="http://www.w3.org/2001/XMLSchema#decimal">'
        "5</literal></binding>\n"
        "    </result>\n"
        "  </results>\n"
        "</sparql>\n"
    )


def test_xml_escaping_round_trips_through_a_parser() -> None:
    value = "a & b < c > d ]]> \"quoted\" 'single'\r\nnext\rline"
    result = Solutions(("x", "y"), ((ox.Literal(value), ox.NamedNode("http://e.org/?a=1&b=2")),))
    root = ET.fromstring(to_xml(result))
    literal = root.find(f"{SPARQL}results/{SPARQL}result/{SPARQL}binding/{SPARQL}literal")
    uri = root.find(f"{SPARQL}results/{SPARQL}result/{SPARQL}binding/{SPARQL}uri")
    assert literal is not None and literal.text == value
    assert uri is not None and uri.text == "http://e.org/?a=1&b=2"


def test_xml_language_and_datatype_attributes() -> None:
    root = ET.fromstring(to_xml(SOLUTIONS))
    literals = root.findall(f".//{SPARQL}literal")
    assert literals[0].get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert literals[1].get("datatype") == XSD + "integer"
    assert literals[2].attrib == literals[3].attrib == {}  # xsd:string: no datatype
    assert literals[4].get("datatype") == XSD + "decimal"


def test_xml_refuses_characters_xml_cannot_carry() -> None:
    with pytest.raises(NewskgError, match="U\\+0001"):
        to_xml(Solutions(("x",), ((ox.Literal("bell\x01"),),)))


@pytest.mark.parametrize("value", [True, False])
def test_xml_boolean(value: bool) -> None:
    word = str(value).lower()
    assert to_xml(Boolean(value)) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        f"  <head/>\n  <boolean>{word}</boolean>\n</sparql>\n"
    )


# ---------------------------------------------------------------- CSV


def test_csv_is_exact() -> None:
    assert to_csv(SOLUTIONS) == (
        "s,label,value\r\n"
        "http://example.org/a,chat,42\r\n"
        '_:b0,"say ""hi"", then\nleave\ttab\\",\r\n'
        ",plain,5\r\n"
    )


@pytest.mark.parametrize(
    ("value", "field"),
    [("plain", "plain"), ("a,b", '"a,b"'), ('a"b', '"a""b"'), ("a\rb", '"a\rb"'),
     ("a\nb", '"a\nb"'), ("tab\there", "tab\there"), (" spaced ", " spaced ")],
)
def test_csv_quotes_only_when_rfc4180_requires(value: str, field: str) -> None:
    assert to_csv(Solutions(("x",), ((ox.Literal(value),),))) == f"x\r\n{field}\r\n"


# ---------------------------------------------------------------- TSV


def test_tsv_is_exact() -> None:
    assert to_tsv(SOLUTIONS) == (
        "?s\t?label\t?value\n"
        '<http://example.org/a>\t"chat"@fr\t42\n'
        '_:b0\t"say \\"hi\\", then\\nleave\\ttab\\\\"\t\n'
        '\t"plain"\t"5"^^<http://www.w3.org/2001/XMLSchema#decimal>\n'
    )


@pytest.mark.parametrize(
    ("value", "datatype", "written"),
    [
        ("42", "integer", "42"), ("-7", "integer", "-7"), ("+7", "integer", "+7"),
        ("4.2", "decimal", "4.2"), ("-.5", "decimal", "-.5"),
        ("5", "decimal", f'"5"^^<{XSD}decimal>'),  # bare 5 would read back as an integer
        ("5.", "decimal", f'"5."^^<{XSD}decimal>'),  # a valid xsd:decimal, not a Turtle token
        ("1.0E6", "double", "1.0E6"), ("1e-3", "double", "1e-3"), (".5e1", "double", ".5e1"),
        ("1.5", "double", f'"1.5"^^<{XSD}double>'), ("INF", "double", f'"INF"^^<{XSD}double>'),
        ("true", "boolean", "true"), ("1", "boolean", f'"1"^^<{XSD}boolean>'),
        ("12", "int", f'"12"^^<{XSD}int>'), ("x y", "string", '"x y"'),
        (" 42", "integer", f'" 42"^^<{XSD}integer>'),  # ill-typed: kept as it is
    ],
)
def test_tsv_short_forms_only_where_exact(value: str, datatype: str, written: str) -> None:
    assert turtle_term(typed(value, datatype)) == written


def test_tsv_language_direction() -> None:
    literal = ox.Literal("x", language="ar", direction=ox.BaseDirection.RTL)
    assert turtle_term(literal) == '"x"@ar--rtl'


def test_tsv_escapes_read_back_by_pyoxigraph() -> None:
    text = to_tsv(SOLUTIONS)
    parsed = ox.parse_query_results(text.encode(), format=ox.QueryResultsFormat.TSV)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [solution["label"] for solution in parsed] == [row[1] for row in SOLUTIONS.rows]


# ---------------------------------------------------------------- table


def test_table_is_exact() -> None:
    assert to_table(SOLUTIONS, prefixes=PREFIXES) == (
        "s     label                        value\n"
        "----  ---------------------------  -----\n"
        "ex:a  chat                         42\n"
        '_:b0  say "hi", then\\nleave\\ttab\\\n'
        "      plain                        5\n"
        "3 rows\n"
    )


def test_table_aligns_wide_characters_and_counts_one_row() -> None:
    result = Solutions(("name", "n"), ((ox.Literal("東京"), ox.Literal("1")),))
    assert to_table(result) == "name  n\n----  -\n東京  1\n1 row\n"


def test_compact_iri_prefers_the_longest_namespace_and_clean_local_names() -> None:
    namespaces = sorted({"ex": EX, "sub": EX + "sub/"}.items(), key=lambda i: -len(i[1]))
    assert compact_iri(EX + "sub/x", namespaces) == "sub:x"
    assert compact_iri(EX + "Q42", namespaces) == "ex:Q42"
    assert compact_iri(EX, namespaces) == "ex:"
    assert compact_iri(EX + "a/b/c", namespaces) == "ex:a/b/c"  # tables only: "/" reads fine
    assert compact_iri(EX + "ends.", namespaces) == "<http://example.org/ends.>"
    assert compact_iri("http://other.org/x", namespaces) == "<http://other.org/x>"


# ---------------------------------------------------------------- edge cases for every format


def test_empty_results() -> None:
    assert json.loads(to_json(EMPTY)) == {"head": {"vars": ["x"]}, "results": {"bindings": []}}
    assert ET.fromstring(to_xml(EMPTY)).find(f"{SPARQL}results") is not None
    assert to_csv(EMPTY) == "x\r\n"
    assert to_tsv(EMPTY) == "?x\n"
    assert to_table(EMPTY) == "x\n-\n0 rows\n"


def test_no_variables_one_empty_solution() -> None:
    assert json.loads(to_json(NO_VARIABLES)) == {
        "head": {"vars": []}, "results": {"bindings": [{}]}
    }
    assert to_csv(NO_VARIABLES) == "\r\n\r\n"
    assert to_tsv(NO_VARIABLES) == "\n\n"
    assert to_table(NO_VARIABLES) == "\n\n\n1 row\n"


@pytest.mark.parametrize("value", [True, False])
def test_boolean_as_plain_text(value: bool) -> None:
    word = str(value).lower()
    assert to_csv(Boolean(value)) == word + "\r\n"
    assert to_tsv(Boolean(value)) == word + "\n"
    assert to_table(Boolean(value)) == word + "\n"


# ---------------------------------------------------------------- registry and dispatch


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_render_dispatches_by_name(name: str) -> None:
    expected = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}.get(name)
    wanted = expected(SOLUTIONS) if expected else to_table(SOLUTIONS, prefixes=PREFIXES)
    assert render(SOLUTIONS, name, prefixes=PREFIXES) == wanted


def test_media_types_name_the_w3c_formats() -> None:
    assert MEDIA_TYPES == {
        "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
        "csv": "text/csv", "tsv": "text/tab-separated-values",
    }
    assert set(MEDIA_TYPES) <= set(RENDERERS)


def test_unknown_formats_raise() -> None:
    with pytest.raises(UnknownFormatError, match="'yaml'.*json, xml, csv, tsv, table"):
        render(SOLUTIONS, "yaml")
    with pytest.raises(UnknownFormatError, match="CONSTRUCT"):
        render(Triples(()), "csv")
    with pytest.raises(UnknownFormatError, match="'n3'"):
        to_rdf(Triples(()), "n3")


# ---------------------------------------------------------------- RDF for CONSTRUCT


def _graph(first: ox.BlankNode, second: ox.BlankNode) -> list[ox.Triple]:
    return [
        ox.Triple(iri("a"), iri("knows"), first),
        ox.Triple(first, iri("name"), ox.Literal("Ann", language="en")),
        ox.Triple(first, iri("knows"), second),
        ox.Triple(second, iri("age"), typed("42", "integer")),
    ]


@pytest.mark.parametrize("name", ["turtle", "ntriples", "nquads", "jsonld", "rdfxml"])
def test_to_rdf_is_deterministic(name: str) -> None:
    one = Triples(tuple(_graph(ox.BlankNode("x1"), ox.BlankNode("x2"))))
    other = Triples(tuple(reversed(_graph(ox.BlankNode(), ox.BlankNode()))))
    text = to_rdf(one, name, prefixes=PREFIXES)
    assert text == to_rdf(other, name, prefixes=PREFIXES) == render(other, name, prefixes=PREFIXES)
    parsed = ox.parse(text.encode(), format=ox.RdfFormat.from_media_type(
        {"turtle": "text/turtle", "ntriples": "application/n-triples",
         "nquads": "application/n-quads", "jsonld": "application/ld+json",
         "rdfxml": "application/rdf+xml"}[name]))
    assert len(list(parsed)) == 4


def test_to_rdf_turtle_uses_prefixes_and_sorts() -> None:
    triples = Triples(
        (ox.Triple(iri("b"), iri("p"), iri("c")), ox.Triple(iri("a"), iri("p"), iri("c")))
    )
    assert to_rdf(triples, "turtle", prefixes={"ex": EX}) == (
        "@prefix ex: <http://example.org/> .\nex:a ex:p ex:c .\nex:b ex:p ex:c .\n"
    )


# ---------------------------------------------------------------- conversions from the engines

DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "chat"@fr ; ex:count 42 ; ex:ratio 0.5 ; ex:flag true ; ex:note "plain" ;
     ex:typed "x"^^xsd:string ; ex:custom "c"^^ex:dt ; ex:when "2024-05-01"^^xsd:date ;
     ex:friend [ ex:label "anon"@en-GB ] .
ex:b ex:label "tab\\there" .
"""


def _engines() -> tuple[ox.Store, rdflib.Graph]:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return store, rdflib.Graph().parse(data=DATA, format="turtle")


QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p",
    (
        "SELECT ?s ?o ?missing WHERE { ?s <http://example.org/label> ?o "
        "OPTIONAL { ?s <http://example.org/nothing> ?missing } } ORDER BY ?s"
    ),
    "SELECT ?f ?l WHERE { ?s <http://example.org/friend> ?f . ?f ?p ?l }",
    "ASK { ?s <http://example.org/count> 42 }",
    "ASK { ?s <http://example.org/count> 43 }",
]


@pytest.mark.parametrize("query", QUERIES)
def test_both_engines_give_equal_results(query: str) -> None:
    store, graph = _engines()
    assert from_pyoxigraph(store.query(query)) == from_rdflib(graph.query(query))


def test_construct_from_both_engines_renders_identically() -> None:
    store, graph = _engines()
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    from_ox, from_rdf = from_pyoxigraph(store.query(query)), from_rdflib(graph.query(query))
    assert isinstance(from_ox, Triples) and isinstance(from_rdf, Triples)
    assert len(from_ox.triples) == len(from_rdf.triples) == 11
    assert to_rdf(from_ox, "ntriples") == to_rdf(from_rdf, "ntriples")


def test_rdflib_terms_convert_faithfully() -> None:
    graph = rdflib.Graph()
    query = """SELECT ?plain ?string ?lang ?typed ?iri ?blank ?same WHERE {
        BIND("p" AS ?plain) BIND("s"^^<http://www.w3.org/2001/XMLSchema#string> AS ?string)
        BIND("l"@en-US AS ?lang) BIND("7"^^<http://example.org/dt> AS ?typed)
        BIND(<http://example.org/x> AS ?iri) BIND(BNODE("n") AS ?blank) BIND(?blank AS ?same) }"""
    result = from_rdflib(graph.query(query))
    assert result == Solutions(
        ("plain", "string", "lang", "typed", "iri", "blank", "same"),
        ((ox.Literal("p"), ox.Literal("s"), ox.Literal("l", language="en-US"),
          ox.Literal("7", datatype=iri("dt")), iri("x"), ox.BlankNode("b0"), ox.BlankNode("b0")),),
    )
    lang = result.rows[0][2]
    assert isinstance(lang, ox.Literal)
    assert lang.datatype.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def test_rdflib_blank_node_ids_keep_their_identity_in_triples() -> None:
    graph = rdflib.Graph()
    odd = rdflib.BNode("not a label")
    graph.add((odd, rdflib.URIRef(EX + "p"), rdflib.Literal("v")))
    graph.add((rdflib.URIRef(EX + "s"), rdflib.URIRef(EX + "p"), odd))
    result = from_rdflib(graph.query("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert isinstance(result, Triples)
    blank_nodes = {term for t in result.triples for term in (t.subject, t.object)
                   if isinstance(term, ox.BlankNode)}
    assert len(blank_nodes) == 1


def test_rdflib_terms_that_are_not_rdf_raise_query_error() -> None:
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef(EX + "a b"), rdflib.URIRef(EX + "p"), rdflib.Literal("v")))
    with pytest.raises(QueryError, match="not valid RDF"):
        from_rdflib(graph.query("SELECT ?s WHERE { ?s ?p ?o }"))


def test_blank_nodes_relabelled_by_first_appearance() -> None:
    store = ox.Store()
    query = 'SELECT ?x ?y WHERE { VALUES ?n { 1 2 } BIND(BNODE(STR(?n)) AS ?x) BIND(?x AS ?y) }'
    result = from_pyoxigraph(store.query(query))
    assert isinstance(result, Solutions)
    assert [[term.value for term in row if term] for row in result.rows] == [
        ["b0", "b0"], ["b1", "b1"]
    ]


def test_triple_terms_are_refused() -> None:
    query = "SELECT ?t WHERE { BIND(<<( <http://e/s> <http://e/p> <http://e/o> )>> AS ?t) }"
    with pytest.raises(QueryError, match=r"\?t is bound to .*triple term"):
        from_pyoxigraph(ox.Store().query(query))


def test_importing_results_does_not_import_rdflib() -> None:
    code = "import sys, newskg.store.results; sys.exit('rdflib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_table_cells_never_send_control_or_reordering_characters_to_the_terminal() -> None:
    name = "Ilham \x00\x07 Aliyev\u202e\x1b[31m\x85"
    result = Solutions(("name", "iri"), ((ox.Literal(name), ox.NamedNode(EX + "a\u202eb")),))
    table = to_table(result, prefixes=PREFIXES)
    assert "Ilham \\x00\\x07 Aliyev\\u202e\\x1b[31m\\x85" in table and "a\\u202eb" in table
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) < 0xA0 or c == "\u202e"
                   for c in table)
