"""OWL 2 DL checks for the ontology, its alignments and any newskg graph.

Three checks, each taking a list of RDF files (Turtle, N-Triples, TriG or N-Quads; named graphs are
flattened, since OWL reasoning sees their union, and owl:imports are dropped, since the imported files
are given locally):

- ``dl_problems``: a structural check in Python: every property and class declared as one kind of
  entity (no punning), only OWL 2 datatypes, no reserved vocabulary extended or used as data, every
  nkg: IRI declared by the ontology. It needs no Java and says what is wrong.
- ``run_hermit``: HermiT, through owlready2: the files load, are consistent, and no class is
  unsatisfiable.
- ``owl_profile``: the OWL 2 profile the OWL API finds (through the Pellet command line that owlready2
  ships): "OWL 2 DL" (or a sub-profile), or "OWL 2" for a graph outside OWL 2 DL.

To check a built graph (the ontology and alignments are always included):

    .venv/bin/python -m tests.owl_dl build/newskg.trig
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY_FILES = (REPO / "ontology" / "newskg.ttl", REPO / "ontology" / "alignments.ttl")
NKG = "https://w3id.org/newskg/ontology#"
DL_PROFILES = {"OWL 2 DL", "OWL 2 EL", "OWL 2 QL", "OWL 2 RL"}  # EL, QL and RL are parts of DL
JAVA_MISSING = "java is not installed (.ci/run installs Debian's default-jre-headless)"

# The OWL 2 datatype map, plus rdfs:Literal and rdf:langString (language-tagged strings).
OWL2_DATATYPES = {XSD[n] for n in (
    "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
    "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
    "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString", "token",
    "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary", "anyURI",
    "dateTime", "dateTimeStamp")} | {OWL.real, OWL.rational, RDF.XMLLiteral, RDF.PlainLiteral,
                                     RDF.langString, RDFS.Literal}
# Annotation properties every OWL 2 ontology has without declaring them.
BUILTIN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo,
                       OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith,
                       OWL.deprecated}
# Predicates that build axioms rather than state facts.
STRUCTURAL = {RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain,
              RDFS.range}
RESERVED = (str(RDF), str(RDFS), str(OWL), str(XSD))
REIFICATION = {RDF.Statement, RDF.subject, RDF.predicate, RDF.object}
TOP_ENTITIES = {OWL.Thing, OWL.topObjectProperty, OWL.topDataProperty}


def union_graph(paths: Iterable[Path]) -> Graph:
    """The union of the files' triples (named graphs flattened), without owl:imports."""
    union = Graph()
    for path in paths:
        if path.suffix in (".trig", ".nq"):
            dataset = Dataset()
            dataset.parse(path, format="trig" if path.suffix == ".trig" else "nquads")
            for s, p, o, _ in dataset.quads():
                union.add((s, p, o))
        else:
            union.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    union.remove((None, OWL.imports, None))
    return union


def _typed(graph: Graph, kind: URIRef) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def _builtin(term: URIRef) -> bool:
    return str(term).startswith(RESERVED)


def dl_problems(graph: Graph) -> list[str]:
    """What keeps ``graph`` out of OWL 2 DL (or out of newskg's vocabulary), one line each."""
    classes = _typed(graph, OWL.Class) | {OWL.Thing, OWL.Nothing}
    object_props = _typed(graph, OWL.ObjectProperty)
    data_props = _typed(graph, OWL.DatatypeProperty)
    annotation_props = _typed(graph, OWL.AnnotationProperty) | BUILTIN_ANNOTATIONS
    typed_individuals = _typed(graph, OWL.NamedIndividual) | {
        s for s, o in graph.subject_objects(RDF.type)
        if isinstance(s, URIRef) and o in classes and not _builtin(o)}
    individuals = set(typed_individuals)
    for s, p, o in graph:  # the two ends of a property assertion are individuals too
        if p in object_props or p in data_props:
            individuals.update(t for t in (s, o) if isinstance(t, URIRef))
    problems = _reserved_vocabulary(graph)
    problems += _undeclared(graph, classes, object_props | data_props | annotation_props)
    problems += _punned({"class": classes - {OWL.Thing, OWL.Nothing}, "object property": object_props,
                         "datatype property": data_props,
                         "annotation property": annotation_props - BUILTIN_ANNOTATIONS,
                         "individual": individuals})
    problems += _datatypes(graph, data_props, annotation_props)
    problems += _value_kinds(graph, object_props, data_props)
    declared = classes | object_props | data_props | annotation_props | typed_individuals
    problems += sorted({f"{t} is not a term of the newskg ontology" for t in graph.all_nodes()
                        if isinstance(t, URIRef) and str(t).startswith(NKG) and t not in declared})
    return problems


def _reserved_vocabulary(graph: Graph) -> list[str]:
    problems: dict[str, str] = {}  # one line per problem, with the first example found
    for s, p, o in graph:
        if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
            if isinstance(o, URIRef) and _builtin(o) and o not in TOP_ENTITIES:
                problems.setdefault(f"{s} extends reserved vocabulary {o}", "")
            if isinstance(s, URIRef) and _builtin(s):
                problems.setdefault(f"reserved vocabulary {s} is given a super-entity", "")
        if p in REIFICATION or (p == RDF.type and o in REIFICATION):
            used = o if p == RDF.type else p
            problems.setdefault(f"RDF reification ({used}) is used as data", f" (e.g. on {s})")
    return sorted(problem + example for problem, example in problems.items())


def _undeclared(graph: Graph, classes: set[URIRef], properties: set[URIRef]) -> list[str]:
    problems = set()
    for p in set(graph.predicates()):
        if p not in properties and p not in STRUCTURAL and not str(p).startswith(str(OWL)):
            problems.add(f"property {p} is not declared")
    for o in set(graph.objects(None, RDF.type)):
        if isinstance(o, URIRef) and o not in classes and not _builtin(o):
            problems.add(f"class {o} is not declared")
    for p in (RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith):
        for pair in graph.subject_objects(p):
            problems.update(f"class {t} is not declared" for t in pair
                            if isinstance(t, URIRef) and t not in classes)
    for p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.equivalentProperty, OWL.propertyDisjointWith):
        for pair in graph.subject_objects(p):
            problems.update(f"property {t} is not declared" for t in pair
                            if isinstance(t, URIRef) and t not in properties
                            and t not in TOP_ENTITIES)
    return sorted(problems)


def _punned(kinds: dict[str, set[URIRef]]) -> list[str]:
    names = sorted(kinds)
    return sorted(f"{term} is both {a} and {b}"
                  for i, a in enumerate(names) for b in names[i + 1:]
                  for term in kinds[a] & kinds[b])


def _datatypes(graph: Graph, data_props: set[URIRef], annotation_props: set[URIRef]) -> list[str]:
    problems = set()
    for s, p, o in graph:
        if (isinstance(o, Literal) and o.datatype is not None and p not in annotation_props
                and o.datatype not in OWL2_DATATYPES):
            problems.add(f"{p} has values of datatype {o.datatype}, outside OWL 2")
        if isinstance(o, URIRef) and str(o).startswith(str(XSD)) and o not in OWL2_DATATYPES:
            problems.add(f"datatype {o} is used in an axiom, outside OWL 2")
    for prop, dt in graph.subject_objects(RDFS.range):
        if prop in data_props and isinstance(dt, URIRef) and dt not in OWL2_DATATYPES:
            problems.add(f"range of {prop} is {dt}, outside OWL 2")
    return sorted(problems)


def _value_kinds(graph: Graph, object_props: set[URIRef], data_props: set[URIRef]) -> list[str]:
    problems = set()
    for s, p, o in graph:
        if p in object_props and isinstance(o, Literal):
            problems.add(f"object property {p} has literal values")
        if p in data_props and isinstance(o, URIRef | BNode):
            problems.add(f"datatype property {p} has resources as values")
    return sorted(problems)


def java_executable() -> str | None:
    """The java command owlready2 runs, or None when it is not installed."""
    return shutil.which("java")


@dataclass(frozen=True)
class HermitResult:
    consistent: bool
    unsatisfiable: tuple[str, ...]  # IRIs of the classes HermiT found equivalent to owl:Nothing
    classes: int  # named classes owlready2 knows after loading
    individuals: int  # named individuals in the input (declared, or typed with a declared class)
    seconds: float  # HermiT's run, as owlready2 calls it (informative only)

    def summary(self) -> str:
        state = "consistent" if self.consistent else "INCONSISTENT"
        unsat = ", ".join(self.unsatisfiable) or "none"
        return (f"HermiT: {state}; unsatisfiable classes: {unsat}; {self.classes} classes, "
                f"{self.individuals} individuals; {self.seconds:.1f} s")


def run_hermit(paths: Sequence[Path], *, workdir: Path) -> HermitResult:
    """Load the files' union into a fresh owlready2 world and run HermiT on it."""
    import owlready2

    graph = union_graph(paths)
    source = workdir / "owl-dl-input.nt"
    graph.serialize(source, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(source.as_uri()).load()
    started = time.monotonic()
    try:
        owlready2.sync_reasoner_hermit(world, debug=0)
        consistent = True
    except owlready2.OwlReadyInconsistentOntologyError:
        consistent = False
    seconds = time.monotonic() - started
    unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes()
                                 if c is not owlready2.Nothing))
    classes = len([c for c in world.classes() if not c.iri.startswith(str(OWL))])
    declared = _typed(graph, OWL.Class)
    individuals = _typed(graph, OWL.NamedIndividual) | {
        s for s, o in graph.subject_objects(RDF.type) if isinstance(s, URIRef) and o in declared}
    return HermitResult(consistent, unsatisfiable, classes, len(individuals), seconds)


def owl_profile(paths: Sequence[Path], *, workdir: Path) -> str:
    """The OWL 2 profile the OWL API gives the files' union ("OWL 2 DL", or "OWL 2" if outside DL)."""
    import owlready2

    pellet = Path(owlready2.__file__).parent / "pellet"
    classpath = ":".join([str(pellet)] + sorted(str(jar) for jar in pellet.glob("*.jar")))
    source = workdir / "owl-profile-input.nt"
    union_graph(paths).serialize(source, format="nt", encoding="utf-8")
    java = java_executable() or "java"
    done = subprocess.run([java, "-Xmx1000M", "-cp", classpath, "pellet.Pellet", "info",
                           source.as_uri()], check=False, capture_output=True, text=True,
                          timeout=600)
    match = re.search(r"^OWL Profile = (.+)$", done.stdout, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"pellet info gave no profile: {done.stdout[-500:]}{done.stderr[-500:]}")
    return match.group(1).strip()


def main(argv: Sequence[str]) -> int:
    """Check the ontology, the alignments and the given files; exit 1 on any problem."""
    paths = [*ONTOLOGY_FILES, *(Path(a) for a in argv)]
    problems = dl_problems(union_graph(paths))
    for problem in problems:
        print(f"DL: {problem}")
    if java_executable() is None:
        print(JAVA_MISSING)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        profile = owl_profile(paths, workdir=Path(tmp))
        result = run_hermit(paths, workdir=Path(tmp))
    print(f"OWL API profile: {profile}")
    print(result.summary())
    ok = not problems and profile in DL_PROFILES and result.consistent and not result.unsatisfiable
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
