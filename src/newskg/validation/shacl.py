"""SHACL validation: a data graph against shapes/newskg-shapes.ttl, as a ValidationReport value.

pySHACL does the checking. The ontology's rdfs:subClassOf triples are added to (a copy of) the data
graph, so that targets and sh:class see subclasses as SHACL defines them (a shape on nkg:Statement
reaches a node typed only nkg:Claim). This is much faster than pySHACL's own ``ont_graph`` mixing,
which deep-copies every ontology node, and it is all that validation needs from the ontology. Each result becomes a Violation that also
names the article, the fact and the evidence quote it concerns, read from the data graph, so that a
message can point a curator at the fact to fix. Checks that run once per article (the SPARQL-based
shapes) name the offending fact, evidence or relation as the result's value; its fact is used then.

pySHACL is imported inside validate_graph() because it is slow to import; ``import newskg.validation.shacl``
stays light. pySHACL hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses
it every time (13 ms, a hundred times the cost of running it on one node): while validating, parsed
queries are remembered by their text (newskg.validation.sparql_cache).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from newskg.errors import InputError
from newskg.rdf.namespaces import NKG, NKGSH, OA, PREFIXES
from newskg.resources import ontology_path, shapes_path
from newskg.validation.parsed import parse
from newskg.validation.report_turtle import report_turtle
from newskg.validation.sparql_cache import parsed_queries_remembered
from newskg.validation.summary import (
    SEVERITY_ORDER,
    ReportSummary,
    Violation,
    by_severity,
    summarize,
)

SEVERITIES: dict[Node, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating one graph: pySHACL's report graph and text, and the Violations."""

    conforms: bool
    violations: tuple[Violation, ...]
    graph: Graph = field(compare=False, repr=False)
    text: str = field(compare=False, repr=False)

    def to_turtle(self) -> str:
        """The report as Turtle: each result a nested block, the blocks sorted (deterministic:
        equal reports read the same, whatever their blank node labels)."""
        return "".join(report_turtle(self.conforms, self.parts()))

    def write_turtle(self, path: Path) -> None:
        """`to_turtle` written to ``path`` piece by piece."""
        with path.open("w", encoding="utf-8") as out:
            out.writelines(report_turtle(self.conforms, self.parts()))

    def parts(self) -> Sequence[ValidationReport]:
        """The reports whose results this one holds (itself; a merged report its parts)."""
        return (self,)

    def to_ntriples(self) -> str:
        """The report graph as N-Triples (what a validation worker hands back)."""
        return self.graph.serialize(format="nt", encoding="utf-8").decode("utf-8")

    def summary(self, shown: Sequence[str] | None = None,
                most_warnings: int | None = None) -> ReportSummary:
        """What a table of the report shows (`newskg.validation.summary.summarize`)."""
        return summarize(self.violations, SEVERITY_ORDER if shown is None else shown,
                         most_warnings)

    def to_json(self) -> str:
        """``{"conforms": ..., "counts": {"Violation": n, "Warning": n, "Info": n}, "violations":
        [{...}, ...]}``: every result (the key's name is kept for existing readers; each has its
        ``severity``), violations first, then warnings, then infos, as the table lists them."""
        results = by_severity(self.violations)
        counted = Counter(v.severity for v in results)
        counts = {severity: counted[severity] for severity in SEVERITY_ORDER}
        document = {"conforms": self.conforms, "counts": counts,
                    "violations": [v.as_dict() for v in results]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class SpooledReport(ValidationReport):
    """A report kept as N-Triples text (a validation worker's, a remembered unit's): its graph is
    parsed each time it is asked for, and not kept (a 10M-triple build holds 400,000 warnings)."""

    ntriples: str

    def __init__(self, conforms: bool, violations: tuple[Violation, ...], ntriples: str,
                 text: str) -> None:
        object.__setattr__(self, "ntriples", ntriples)
        super().__init__(conforms, violations, None, text)  # type: ignore[arg-type]

    @property
    def graph(self) -> Graph:
        return Graph().parse(data=self.ntriples, format="nt")

    @graph.setter
    def graph(self, value: Graph | None) -> None:
        pass  # the text is the graph

    def to_ntriples(self) -> str:
        return self.ntriples


class LazyGraphReport(ValidationReport):
    """A report whose graph is made when first asked for (`make_graph`), then kept."""

    _graph: Graph | None

    def __init__(self, conforms: bool, violations: tuple[Violation, ...], text: str) -> None:
        object.__setattr__(self, "_graph", None)
        super().__init__(conforms, violations, None, text)  # type: ignore[arg-type]

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            object.__setattr__(self, "_graph", self.make_graph())
        assert self._graph is not None
        return self._graph

    @graph.setter
    def graph(self, value: Graph | None) -> None:
        object.__setattr__(self, "_graph", value)

    def make_graph(self) -> Graph:
        raise NotImplementedError


class MergedReport(LazyGraphReport):
    """One report for several (`merge_reports`): its verdict, violations and text are computed at
    once; its Turtle is written part by part (`newskg.validation.report_turtle`), and its one
    merged graph is made only when asked for."""

    merged: tuple[ValidationReport, ...]

    def __init__(self, conforms: bool, violations: tuple[Violation, ...], text: str,
                 merged: tuple[ValidationReport, ...]) -> None:
        object.__setattr__(self, "merged", merged)
        super().__init__(conforms, violations, text)

    def make_graph(self) -> Graph:
        return _merged_graph(self.conforms, self.merged)

    def parts(self) -> Sequence[ValidationReport]:
        return self.merged


def load_shapes() -> Graph:
    """The SHACL shapes graph, shapes/newskg-shapes.ttl (shared: read it, do not change it)."""
    return parse(shapes_path(), "shapes")


def load_ontology() -> Graph:
    """The ontology, ontology/newskg.ttl (without the alignments, which validation does not need;
    shared: read it, do not change it)."""
    return parse(ontology_path(), "ontology")


SHACL_ENGINES = ("pyshacl", "turbo")
_ENGINE = {"name": "pyshacl"}  # this process's engine (forked validation workers inherit it)
_COMPILED: dict[int, tuple[Graph, Any]] = {}  # id of a shapes graph -> (it, its compiled shapes)


def use_shacl_engine(name: str) -> None:
    """Validate with pySHACL (the default) or pyshacl-turbo (Rust, pySHACL's API; measured to
    give the same results on every shape example and the corpora: bench/bench_shacl_engines.py)."""
    if name not in SHACL_ENGINES:
        raise InputError(f"unknown SHACL engine {name!r}; choose pyshacl or turbo",
                         field="--shacl-engine")
    if name == "turbo":
        try:
            import pyshacl_turbo  # noqa: F401
        except ImportError:
            raise InputError("--shacl-engine turbo needs pyshacl-turbo: pip install "
                             "'newskg[turbo]'", field="--shacl-engine") from None
    _ENGINE["name"] = name


def _run_engine(mixed: Graph, shapes: Graph) -> tuple[bool, Graph, str]:
    if _ENGINE["name"] == "turbo":
        from pyshacl_turbo import CompiledShapes

        known = _COMPILED.get(id(shapes))  # compiled once per process and shapes graph
        if known is None or known[0] is not shapes:
            known = _COMPILED[id(shapes)] = (shapes, CompiledShapes(shapes))  # type: ignore[no-untyped-call]
        conforms, results, text = known[1].validate(
            mixed, inference="none", abort_on_first=False, allow_warnings=True)
    else:
        from pyshacl import validate

        with parsed_queries_remembered():
            conforms, results, text = validate(mixed, shacl_graph=shapes, inference="none",
                                               abort_on_first=False, allow_warnings=True)
    assert isinstance(results, Graph)
    return bool(conforms), results, str(text)


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> ValidationReport:
    """Validate ``data`` (one graph: flatten named graphs into their union first) against the shapes.

    ``data`` is not modified. Warnings and infos are reported but do not make the graph
    non-conforming.
    """
    shapes = load_shapes() if shapes is None else shapes
    ontology = load_ontology() if ontology is None else ontology
    mixed = Graph()
    mixed += data
    mixed += ontology.triples((None, RDFS.subClassOf, None))
    conforms, results, text = _run_engine(mixed, shapes)
    context = _FactContext(data, ontology)
    # Two constraints of one shape failing on one value (sh:nodeKind and sh:pattern) give equal rows.
    violations = sorted(set(_violations(results, context)), key=_sort_key)
    return ValidationReport(bool(conforms), tuple(violations), results, str(text))


def merge_reports(reports: Sequence[ValidationReport]) -> ValidationReport:
    """One report for several validated graphs (articles validated one at a time)."""
    if len(reports) == 1:
        return reports[0]
    conforms = all(report.conforms for report in reports)
    violations = sorted({v for report in reports for v in report.violations}, key=_sort_key)
    text = "\n".join(r.text for r in reports if not r.conforms) or reports[0].text
    parts = tuple(part for report in reports for part in report.parts())
    return MergedReport(conforms, tuple(violations), text, parts)


def _merged_graph(conforms: bool, reports: Iterable[ValidationReport]) -> Graph:
    """One sh:ValidationReport holding every report's results, as one graph."""
    graph, node = Graph(), BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(conforms)))
    for report in reports:
        part = report.graph
        nodes = set(part.subjects(RDF.type, SH.ValidationReport))
        for s, p, o in part:
            if s not in nodes:
                graph.add((s, p, o))
            elif p == SH.result:
                graph.add((node, p, o))
    return graph


# -- results graph → Violations ---------------------------------------------------------------------

def _violations(results: Graph, context: _FactContext) -> Iterator[Violation]:
    prefixes = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        prefixes.bind(prefix, namespace)
    # Top-level results only: a failed sh:node also lists its nested results as sh:detail.
    top = {r for report in results.subjects(RDF.type, SH.ValidationReport)
           for r in results.objects(report, SH.result)}
    for result in sorted(top, key=str):
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        if focus is None:
            continue
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        severity = results.value(result, SH.resultSeverity)
        fact = context.fact_of(focus)
        if fact is None and value is not None and not isinstance(value, Literal):
            fact = context.fact_of(value)  # an article-wide check names the fact as its value
        yield Violation(
            shape=str(shape) if shape is not None else "",
            shape_id=_shape_id(shape),
            focus=str(focus),
            path=_path_text(results, results.value(result, SH.resultPath)),
            value=_value_text(value, prefixes),
            severity=SEVERITIES.get(severity, str(severity)) if severity is not None else "",
            message=" ".join(messages),
            article=_text(context.article_of(focus, fact)),
            fact=_text(fact),
            evidence=_text(context.quote_of(fact if fact is not None else focus)),
        )


def _sort_key(v: Violation) -> tuple[str, ...]:
    return (v.article or "", v.fact or "", v.shape_id, v.shape, v.focus, v.path or "",
            v.value or "", v.message)


def _shape_id(shape: Node | None) -> str:
    """``S07-statement-speaker`` for a newskg shape; empty for any other shape."""
    if isinstance(shape, URIRef) and str(shape).startswith(str(NKGSH)):
        return str(shape)[len(str(NKGSH)):]
    return ""


def _path_text(graph: Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    return _sparql_path(graph, path)


def _sparql_path(graph: Graph, path: Node) -> str:
    """A SHACL property path as SPARQL property path text."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    unary = {SH.inversePath: "^{}", SH.zeroOrMorePath: "({})*", SH.oneOrMorePath: "({})+",
             SH.zeroOrOnePath: "({})?"}
    for predicate, form in unary.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return form.format(_sparql_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_sparql_path(graph, p) for p in Collection(graph, path))
    return str(path)


def _value_text(value: Node | None, prefixes: Graph) -> str | None:
    if value is None or isinstance(value, BNode):
        return None
    if isinstance(value, Literal):
        return value.n3(prefixes.namespace_manager)
    return str(value)


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _first(nodes: Iterable[Node]) -> Node | None:
    """The smallest node by its string form, so that a choice among several is deterministic."""
    return min(nodes, key=str, default=None)


class _FactContext:
    """Finds, in the data graph, the article, fact and evidence quote a focus node belongs to."""

    def __init__(self, data: Graph, ontology: Graph) -> None:
        self.data = data
        fact_classes = set(ontology.transitive_subjects(RDFS.subClassOf, NKG.Report))
        self.facts = {s for cls in fact_classes for s in data.subjects(RDF.type, cls)}
        self.articles = set(data.subjects(RDF.type, NKG.Article))

    def fact_of(self, focus: Node) -> Node | None:
        """The focus itself when it is a fact; else the fact whose evidence (or selector) it is."""
        if focus in self.facts:
            return focus
        evidences = {focus} | set(self.data.subjects(OA.hasSelector, focus))
        owners = {f for ev in evidences for f in self.data.subjects(NKG.evidence, ev)}
        found = _first(owners & self.facts)
        if found is not None:
            return found
        if isinstance(focus, URIRef):  # by the IRI policy: …/article/A/F/evidence/quote
            candidate = str(focus)
            while "/" in candidate:
                candidate = candidate.rsplit("/", 1)[0]
                if URIRef(candidate) in self.facts:
                    return URIRef(candidate)
        return None

    def article_of(self, focus: Node, fact: Node | None) -> Node | None:
        if focus in self.articles:
            return focus
        owner = fact if fact is not None else focus
        article = _first(self.data.objects(owner, NKG.sourceArticle))
        if article is None:
            article = _first(self.data.objects(focus, OA.hasSource))
        return article

    def quote_of(self, node: Node) -> Node | None:
        """The oa:exact of the node's evidence quote (the node may be a fact, evidence or selector)."""
        evidences = set(self.data.objects(node, NKG.evidence)) or {node}
        selectors = {s for ev in evidences for s in self.data.objects(ev, OA.hasSelector)} or {node}
        return _first(e for s in selectors for e in self.data.objects(s, OA.exact))
