"""newskg.rdf.ntriples writes terms exactly as pyoxigraph prints them (the build sorts and digests them)."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from newskg.rdf.namespaces import NKG
from newskg.rdf.ntriples import (
    GraphTriples,
    Terms,
    boolean,
    decimal,
    lang_string,
    normalised,
    rdflib_term,
    string,
    typed,
)

XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def test_every_code_point_is_escaped_as_oxigraph_does() -> None:
    text = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    assert string(text) == str(ox.Literal(text))
    assert lang_string(text, "EN") == str(ox.Literal(text, language="en"))
    dt = ox.NamedNode(XSD_NS + "token")
    assert typed(text, str(dt.value)) == str(ox.Literal(text, datatype=dt))


@pytest.mark.parametrize(("ours", "value"), [
    (boolean(True), Literal(True)), (boolean(False), Literal(False)),
    (decimal("0.9"), Literal(Decimal("0.9"))), (decimal("1e-05"), Literal(Decimal("1e-05"))),
    (normalised("2023-09-20T10:00:00Z", XSD_NS + "dateTime"),
     Literal("2023-09-20T10:00:00Z", datatype=URIRef(XSD_NS + "dateTime"))),
    (normalised("2023", XSD_NS + "gYear"), Literal("2023", datatype=URIRef(XSD_NS + "gYear"))),
    (typed("x", XSD_NS + "string"), Literal("x")),
])
def test_literals_are_what_rdflib_held_before(ours: str, value: Literal) -> None:
    """The lexical forms are rdflib's (the graphs were rdflib graphs), printed as oxigraph does."""
    expected = ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype or XSD_NS + "string")))
    assert ours == str(expected)


def test_rdflib_terms() -> None:
    assert rdflib_term(URIRef("http://example.org/a")) == "<http://example.org/a>"
    assert rdflib_term(Literal("é\n", lang="FR")) == str(ox.Literal("é\n", language="fr"))
    assert rdflib_term(BNode("b1")) == "_:b1"
    with pytest.raises(TypeError):
        rdflib_term("plain")


def test_terms_stay_closed() -> None:
    nkg = Terms(NKG)
    assert nkg.Statement == nkg["Statement"] == f"<{NKG.Statement}>"
    with pytest.raises(AttributeError):
        _ = nkg.Cliam


def test_set_value_keeps_the_last_value_and_lines_sort() -> None:
    g = GraphTriples()
    g.add("<b>", "<p>", '"x"')
    g.add("<a>", "<p>", '"y"')
    g.add("<a>", "<p>", '"y"')
    g.set_value("<a>", "<q>", "<one>")
    g.set_value("<a>", "<q>", "<two>")
    assert g.lines() == ['<a> <p> "y"', "<a> <q> <two>", '<b> <p> "x"']
