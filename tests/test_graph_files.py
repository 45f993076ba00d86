"""A graph's TriG is made from its Turtle (`graph_texts`): it must be byte for byte what
pyoxigraph's TriG serialiser writes, for any graph (prefixed and full IRIs, blank nodes, literals
with line ends, tabs, quotes and line separators, language tags, datatypes)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from newskg.publish.graph_files import direct_graph_texts, graph_texts

BASES = ("https://w3id.org/newskg/id/entity/", "https://w3id.org/newskg/id/article/a/",
         "https://example.org/x#", "http://www.w3.org/2000/01/rdf-schema#")
LOCAL = st.text(alphabet="abcXYZ019-_./~", min_size=1, max_size=12)  # some fit a prefixed name
IRI = st.builds(lambda base, local: ox.NamedNode(base + local), st.sampled_from(BASES), LOCAL)
BLANK = st.builds(lambda n: ox.BlankNode(f"b{n}"), st.integers(0, 3))
PREDICATE = st.one_of(IRI, st.just(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
LITERAL = st.one_of(
    st.builds(ox.Literal, TEXT),
    st.builds(lambda t, lang: ox.Literal(t, language=lang), TEXT, st.sampled_from(["en", "hy-AM"])),
    st.builds(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), st.integers(-5, 10**6)))
TRIPLE = st.builds(ox.Triple, st.one_of(IRI, BLANK), PREDICATE, st.one_of(IRI, BLANK, LITERAL))
GRAPH = st.sampled_from(["https://w3id.org/newskg/graph/article/2023-09-20-x",
                         "https://w3id.org/newskg/graph/world",
                         "https://w3id.org/newskg/id/entity/named-like-an-entity"])


def lines_of(triples: list[ox.Triple]) -> list[str]:
    """The sorted ``s p o`` lines a build's spool holds for a graph."""
    text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return sorted({line[:-2] for line in text.decode("utf-8").split("\n") if line})  # not
    # splitlines: a literal may hold U+0085 or U+2028, which N-Triples leaves as they are


@settings(max_examples=300, deadline=None)
@given(GRAPH, st.lists(TRIPLE, max_size=12))
def test_trig_made_from_the_turtle_is_pyoxigraphs_trig(graph: str, triples: list[ox.Triple]
                                                       ) -> None:
    lines = lines_of(triples)
    assert graph_texts(graph, lines) == direct_graph_texts(graph, lines)


def test_the_built_graph_files_are_pyoxigraphs(built_all: tuple[object, Path]) -> None:
    """Every graph file of the curated articles' build, TriG and Turtle, is what pyoxigraph
    writes."""
    folder = built_all[1] / "graphs"
    names = sorted(folder.glob("*.ttl"))
    assert names
    for ttl in names:
        trig = ttl.with_suffix(".trig").read_bytes()
        quads = list(ox.parse(trig, format=ox.RdfFormat.TRIG))
        graph = quads[0].graph_name
        assert isinstance(graph, ox.NamedNode)
        lines = lines_of([q.triple for q in quads])
        assert direct_graph_texts(graph.value, lines) == (trig, ttl.read_bytes())
        assert graph_texts(graph.value, lines) == (trig, ttl.read_bytes())
