"""A merged SHACL report written result by result (newskg.validation.report_turtle): the same
results as the one merged graph, the same text however the parts are cut, valid Turtle for any
literal, and nothing parsed until it is written."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from newskg.validation.report_turtle import report_turtle, result_blocks
from newskg.validation.shacl import (
    MergedReport,
    SpooledReport,
    ValidationReport,
    merge_reports,
)
from newskg.validation.summary import Violation

EX = "https://example.org/"
XSD_DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")


def report(*results: tuple[str, str, Literal], conforms: bool = True) -> ValidationReport:
    """A pySHACL-like report graph: one result per (focus, shape, message), each with a nested
    blank-node path, as a report whose graph has its own blank node labels."""
    graph, node = Graph(), BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(conforms)))
    rows = []
    for focus, shape, message in results:
        result, path = BNode(), BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, URIRef(EX + focus)))
        graph.add((result, SH.sourceShape, URIRef(EX + shape)))
        graph.add((result, SH.resultMessage, message))
        graph.add((result, SH.resultSeverity, SH.Warning))
        graph.add((result, SH.value, Literal("1.5", datatype=XSD_DOUBLE)))
        graph.add((result, SH.resultPath, path))
        graph.add((path, SH.inversePath, URIRef(EX + "p")))
        rows.append(Violation(EX + shape, shape, EX + focus, None, None, "Warning", str(message),
                              None, None, None))
    return ValidationReport(conforms, tuple(rows), graph, "text")


A = report(("a", "S1", Literal('says "no"\nthen stops', lang="en")))
B = report(("b", "S2", Literal("plain")), ("c", "S1", Literal("tab\there")))
C = report(("d", "S3", Literal("ünïcode – dash", lang="en")), conforms=False)


def blocks(turtle: str) -> set[str]:
    return set(result_blocks(Graph().parse(data=turtle, format="turtle")))


def test_the_written_results_are_those_of_the_one_merged_graph() -> None:
    merged = merge_reports([A, B, C])
    assert isinstance(merged, MergedReport) and not merged.conforms
    text = merged.to_turtle()
    assert blocks(text) == set(result_blocks(merged.graph))  # the eager merge says the same
    assert len(blocks(text)) == 4
    parsed = Graph().parse(data=text, format="turtle")
    assert (None, SH.conforms, Literal(False)) in parsed
    messages = {str(o) for o in parsed.objects(None, SH.resultMessage)}
    assert messages == {'says "no"\nthen stops', "plain", "tab\there", "ünïcode – dash"}


def test_the_text_does_not_depend_on_how_the_parts_are_cut_or_labelled() -> None:
    whole = merge_reports([A, B, C]).to_turtle()
    assert merge_reports([merge_reports([A, B]), C]).to_turtle() == whole
    assert merge_reports([C, B, A]).to_turtle() == whole
    relabelled = [SpooledReport(r.conforms, r.violations, r.to_ntriples(), r.text)
                  for r in (A, B, C)]  # new blank node labels when parsed again
    assert merge_reports(relabelled).to_turtle() == whole


def test_equal_results_of_two_parts_are_written_once() -> None:
    twice = merge_reports([A, A, B]).to_turtle()
    assert twice == merge_reports([A, B]).to_turtle()
    assert twice.count("sh:ValidationResult") == 3


def test_a_spooled_part_is_parsed_only_when_written(tmp_path: Path) -> None:
    broken = SpooledReport(True, (), "this is not N-Triples", "text")
    merged = merge_reports([A, broken])  # merging reads verdicts and violations only
    assert merged.violations == A.violations
    out = tmp_path / "validation.ttl"
    merge_reports([A, B]).write_turtle(out)
    assert out.read_text(encoding="utf-8") == merge_reports([A, B]).to_turtle()


def test_a_report_without_results_is_one_line_of_verdict() -> None:
    empty = report()
    text = merge_reports([empty, empty]).to_turtle()
    assert text.rstrip().endswith("sh:conforms true .")
    assert blocks(text) == set()


def test_a_spooled_part_is_read_by_pyoxigraph_into_the_same_blocks() -> None:
    """A part kept as N-Triples is indexed from pyoxigraph's parse (`TripleIndex`), not rdflib's
    (12 of the 18 s of a 1M build's report): the blocks are the text rdflib's graph gives, for
    every kind of literal a result can hold."""
    from newskg.validation.report_turtle import TripleIndex

    values = [Literal("plain"), Literal("with \"quotes\" and \\ backslash"),
              Literal("two\nlines\tand\ra return"), Literal("é ünïcödé ✓"), Literal("Tag", lang="en-GB"),
              Literal("chaîne", lang="fr"), Literal("1.5", datatype=XSD_DOUBLE),
              Literal("007", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
              Literal("x", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string")),
              Literal("2023-09-20", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
              URIRef(EX + "iri%20escaped"), URIRef("urn:x-local:thing")]
    graph, node = Graph(), BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    for i, value in enumerate(values):
        result, path = BNode(), BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, URIRef(f"{EX}f{i}")))
        graph.add((result, SH.value, value))
        graph.add((result, SH.resultPath, path))
        graph.add((path, SH.inversePath, URIRef(f"{EX}p{i}")))
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    from_rdflib = sorted(result_blocks(Graph().parse(data=text, format="nt")))
    assert len(from_rdflib) == len(values)
    # pyoxigraph lower-cases language tags and drops a written ^^xsd:string: the other blocks
    # are rdflib's
    differ = ("/f4>", "/f8>")  # "Tag"@en-GB and "x"^^xsd:string
    same = [b for b in from_rdflib if not any(x in b for x in differ)]
    assert sorted(b for b in result_blocks(TripleIndex(text))
                  if not any(x in b for x in differ)) == same and len(same) == len(values) - 2
    # so a part with either is read by rdflib: the report's text is rdflib's
    whole = "".join(report_turtle(True, [SpooledReport(True, (), text, "")]))
    assert '"Tag"@en-GB' in whole and all(block in whole for block in from_rdflib)
    without = "\n".join(line for line in text.splitlines()
                         if "en-GB" not in line and "XMLSchema#string" not in line) + "\n"
    assert "".join(report_turtle(True, [SpooledReport(True, (), without, "")])) == "".join(
        report_turtle(True, [_GraphPart(Graph().parse(data=without, format="nt"))]))


class _GraphPart:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
