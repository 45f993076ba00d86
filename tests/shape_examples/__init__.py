"""The examples of the SHACL shapes, tests/shapes/S<NN>-valid.ttl and S<NN>-invalid-<MM>.ttl.

Each example is a scene (a small complete graph, newskg.shape_examples.scenes) with a few triples
removed and a few added (the recipes in .recipes). ``python -m tests.shape_examples`` writes them as
Turtle files, one subject per block, sorted, so that a reader (or another producer of newskg graphs)
can open any one of them on its own; tests/test_shapes.py checks that the files are what the recipes
make, that each valid example conforms with no result at all and that each invalid one fails on its
own shape and on no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef

from tests.shape_examples.scenes import SCENES

FOLDER = Path(__file__).resolve().parent.parent / "shapes"
BASE = "https://w3id.org/newskg/id/"
PREFIXES = {
    "nkg": "https://w3id.org/newskg/ontology#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
HEADER = f"@base <{BASE}> .\n" + "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class Example:
    """``scene`` minus the triples of ``remove`` plus those of ``add`` (Turtle, relative IRIs)."""

    shape: str  # S07
    kind: str  # valid, invalid-01, ...
    says: str  # what the example shows, for the file's first line
    scene: str
    remove: str = ""
    add: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.shape}-{self.kind}.ttl"

    def graph(self) -> Graph:
        graph = _parse("".join(SCENES[self.scene]))
        for triple in _parse(self.remove):
            if triple not in graph:
                raise ValueError(f"{self.file_name}: removes a triple the scene does not have: "
                                 f"{triple}")
            graph.remove(triple)
        graph += _parse(self.add)
        return graph

    def text(self, shape_name: str) -> str:
        kind = "valid" if self.kind == "valid" else "invalid"
        return (f"# {shape_name}, {kind}: {self.says}\n"
                "# Made by tests/shape_examples (python -m tests.shape_examples): edit the recipe "
                "there, not this file.\n\n" + HEADER + "\n" + turtle(self.graph()))


def _parse(text: str) -> Graph:
    """The Turtle text as a graph, literals as written (rdflib would write 'Z' as '+00:00')."""
    import rdflib

    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        return Graph().parse(data=HEADER + text, format="turtle")
    finally:
        rdflib.NORMALIZE_LITERALS = normalize


def turtle(graph: Graph) -> str:
    """The graph as Turtle: subjects sorted, rdf:type first, then properties and values sorted."""
    blocks = []
    for subject in sorted(set(graph.subjects()), key=str):
        lines = []
        for p in sorted(set(graph.predicates(subject)), key=lambda p: (p != RDF.type, _name(p))):
            values = ", ".join(sorted(_term(o) for o in graph.objects(subject, p)))
            lines.append(f"{'a' if p == RDF.type else _name(p)} {values}")
        blocks.append(f"{_name(subject)}\n    " + " ;\n    ".join(lines) + " .\n")
    return "\n".join(blocks)


def _name(node: object) -> str:
    if isinstance(node, BNode):
        raise TypeError("examples have no blank nodes")
    iri = str(node)
    if iri.startswith(BASE):
        return f"<{iri[len(BASE):]}>"
    for prefix, namespace in PREFIXES.items():
        local = iri[len(namespace):]
        if iri.startswith(namespace) and local.replace("-", "").replace("_", "").isalnum():
            return f"{prefix}:{local}"
    return f"<{iri}>"


def _term(node: object) -> str:
    if not isinstance(node, Literal):
        assert isinstance(node, URIRef)
        return _name(node)
    text = '"' + str(node).translate(_ESCAPES) + '"'
    if node.language:
        return f"{text}@{node.language}"
    if node.datatype is not None and str(node.datatype) != PREFIXES["xsd"] + "string":
        return f"{text}^^{_name(node.datatype)}"
    return text


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def write_all(shape_names: dict[str, str]) -> list[Path]:
    """Write every example (``shape_names``: S07 -> S07-statement-speaker); remove stale ones."""
    from tests.shape_examples.recipes import EXAMPLES

    written = []
    for example in EXAMPLES:
        path = FOLDER / example.file_name
        path.write_text(example.text(shape_names[example.shape]), encoding="utf-8")
        written.append(path)
    for stale in set(FOLDER.glob("S*.ttl")) - set(written):
        stale.unlink()
    return written
