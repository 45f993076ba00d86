"""The world unit in parts: validated apart, with the results of validating it whole.

Validated as one graph, the world unit (see newskg.validation.units) costs more than its size: with
pyshacl-turbo the relationship shapes' SPARQL constraints (``S72``, ``S147``: ``FILTER NOT EXISTS
{ ?value rdf:type/rdfs:subClassOf* ?wanted }``) cost each relationship time in proportion to the whole
unit, so the unit's cost grows with the square of the corpus (bench/bench_world_split.py); and one
unit is one process, re-validated whole when any instance changes. So the world graphs' triples are
split into *components*, each validated with everything its shapes can reach, and the components are
grouped into parts of about ``PER_PART`` components each, one validation unit per part.

What a world node's shapes reach (shapes/newskg-shapes.ttl, every shape that targets a node of the
world unit), and how a component keeps it:
- a world instance (any node typed with a subclass of nkg:WorldInstance): its own triples; the
  instances it refers to and those that refer to it (``S49``, ``S54``, ``S58``, ``S143``: their
  class; ``S137``: their review status; ``S59``: ``^nkg:hasTerm``), so instances linked by a triple
  are in one component; the support summaries of its nkg:supportedBy reports (``S133``, ``S136``,
  ``S138``, ``S139``) and of the reports that nkg:reports or nkg:counted it (``S134``'s inverse path,
  which in the whole unit finds every summary there); the entities it names (their classes), with
  their descriptions (``EntityDescriptions``); its time values (``S22``-``S24``, ``S152``);
- a relationship also reaches the plain triples with its subject and object (``S71``), and a plain
  triple (``S149``, on its subject) every relationship with the same subject and object: the
  relationships and plain triples of one (subject, object) pair are in one component;
- a world node that is no instance and whose triples lead to no instance (a time value, the agent
  that accepted a relationship) reaches only its own triples and the entities they name: such a
  *leaf* is copied into every component that refers to it, so that it does not join them all;
- entity descriptions and support summaries reach nothing outside themselves (a link record its
  entity, an untyped summary nothing: no shape targets it).
A part is thus a subset of the whole unit holding everything that each node it validates reaches
in the whole unit, and gives that node the same results; every world triple is in some part, and
the parts' triples together are exactly the whole unit's (tests/test_world_split.py checks both,
and equal merged reports on the seed data, the shape examples and a corpus with broken instances).

Parts are stable: components are ordered by a digest of their smallest own triple and a part
ends after a component whose digest is 0 modulo ``PER_PART`` (content-defined chunking), so a
changed instance changes its own part's digest (and the parts that copy a leaf it changed), and a
new instance changes the part it falls in, not the others.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from rdflib import RDFS

from newskg.rdf.namespaces import NKG
from newskg.rdf.ntriples import Triple

PER_PART = 16  # components per part, on average (about 300-600 triples with their context)
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PLAIN = frozenset(f"<{NKG[name]}>" for name in (
    "controls", "claims", "affiliatedWith", "allyOf", "rivalOf", "partOf", "capitalOf",
    "internationallyRecognisedAsPartOf"))
SUBJECT, OBJECT = f"<{NKG.relationshipSubject}>", f"<{NKG.relationshipObject}>"
REPORTING = frozenset((f"<{NKG.reports}>", f"<{NKG.counted}>"))
SUPPORTED_BY = f"<{NKG.supportedBy}>"


@cache
def instance_classes() -> frozenset[str]:
    """nkg:WorldInstance and its subclasses in the ontology, as N-Triples IRIs."""
    from newskg.validation.shacl import load_ontology

    ontology = load_ontology()
    return frozenset(f"<{c}>" for c in ontology.transitive_subjects(RDFS.subClassOf,
                                                                    NKG.WorldInstance))


class _Union:
    """Union-find over strings (nodes, and ``(subject, object)`` pair keys)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        parent = self.parent.setdefault(node, node)
        while parent != node:
            grand = self.parent[parent]
            self.parent[node] = grand
            node, parent = parent, grand
        return node

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def components(world: Iterable[Triple]) -> list[tuple[str, list[Triple]]]:
    """The world graphs' triples as components (each with copies of the leaves it refers to),
    as (key, sorted triples), in key order: the key is a digest of the component's smallest own
    triple (not of a copied leaf, which several components share)."""
    own: defaultdict[str, list[Triple]] = defaultdict(list)
    plain: list[Triple] = []
    for triple in set(world):
        (plain if triple[1] in PLAIN else own[triple[0]]).append(triple)
    kinds = instance_classes()
    instances = {s for s, triples in own.items()
                 if any(p == RDF_TYPE and o in kinds for _, p, o in triples)}
    leaves = _leaves(own, instances)
    union = _Union()
    for subject, triples in own.items():
        if subject in leaves:
            continue
        union.find(subject)
        for _, predicate, obj in triples:
            if obj in own and obj not in leaves:
                union.join(subject, obj)
        pairs = [(s, o) for s in _values(triples, SUBJECT) for o in _values(triples, OBJECT)]
        for pair in pairs:
            union.join(subject, _pair(*pair))
    for subject, _, obj in plain:
        union.find(_pair(subject, obj))
    members: defaultdict[str, list[Triple]] = defaultdict(list)
    for subject, triples in own.items():
        if subject not in leaves:
            members[union.find(subject)].extend(triples)
    for triple in plain:
        members[union.find(_pair(triple[0], triple[2]))].append(triple)
    referred: set[str] = set()
    found: list[tuple[str, list[Triple]]] = []
    for triples in members.values():
        copied = _closure((o for _, _, o in triples), own, leaves)
        referred |= copied
        found.append((_key(triples), [*triples, *(t for leaf in copied for t in own[leaf])]))
    for leaf in sorted(leaves - referred):  # a leaf nothing refers to is a component of its own
        copied = _closure((leaf,), own, leaves) - referred
        referred |= copied
        home = [t for node in copied for t in own[node]]
        found.append((_key(home), home))
    return sorted((key, sorted(set(triples))) for key, triples in found)


def parts(world: Iterable[Triple], per_part: int = PER_PART) -> Iterator[list[Triple]]:
    """The components grouped into parts (content-defined: see the module's docstring)."""
    part: list[Triple] = []
    for key, triples in components(world):
        part.extend(triples)
        if int(key, 16) % per_part == 0:
            yield sorted(set(part))
            part = []
    if part:
        yield sorted(set(part))


def part_name(world_name: str, part: list[Triple]) -> str:
    """``<world graph IRI>#part-<digest of the part's first triple>``: stable while it is first."""
    return f"{world_name}#part-{hashlib.sha256(' '.join(part[0]).encode()).hexdigest()[:12]}"


class ReportingIndex:
    """The support summaries' nkg:reports / nkg:counted triples by their object: the reports that
    report an instance, which S134 finds through its inverse path."""

    def __init__(self, summaries: dict[str, list[Triple]]) -> None:
        self.summaries = summaries
        self.by_object: defaultdict[str, set[str]] = defaultdict(set)
        for report, triples in summaries.items():
            for _, predicate, obj in triples:
                if predicate in REPORTING:
                    self.by_object[obj].add(report)

    def of(self, part: Iterable[Triple]) -> list[Triple]:
        """The summaries of the reports that support a node of ``part`` or report one, sorted."""
        reports: set[str] = set()
        by_object = self.by_object
        for subject, predicate, obj in part:
            if predicate == SUPPORTED_BY:
                reports.add(obj)
            reports.update(by_object.get(subject, ()))
        return sorted({t for r in reports for t in self.summaries.get(r, ())})


def _values(triples: list[Triple], predicate: str) -> list[str]:
    return [o for _, p, o in triples if p == predicate]


def _pair(subject: str, obj: str) -> str:
    return f"{subject} {obj}"  # N-Triples terms hold no unescaped space outside literals


def _key(home: list[Triple]) -> str:
    return hashlib.sha256(" ".join(min(home)).encode()).hexdigest()


def _leaves(own: dict[str, list[Triple]], instances: set[str]) -> set[str]:
    """World subjects that are no instance and lead to no instance or other non-leaf subject."""
    candidates = set(own) - instances
    changed = True
    while changed:  # drop candidates that refer to a subject that is not a candidate
        changed = False
        for subject in list(candidates):
            if any(o in own and o not in candidates for _, _, o in own[subject]):
                candidates.discard(subject)
                changed = True
    return candidates


def _closure(nodes: Iterable[str], own: dict[str, list[Triple]], leaves: set[str]) -> set[str]:
    """The leaves among ``nodes`` and those their triples lead to."""
    found: set[str] = set()
    todo = [n for n in nodes if n in leaves]
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(o for _, _, o in own[node] if o in leaves)
    return found


def world_units(world_name: str, world: Iterable[Triple],
                describe: Callable[[Iterable[Triple]], list[Triple]],
                summaries: dict[str, list[Triple]]) -> Iterator[tuple[str, list[Triple]]]:
    """Each part's unit name and triples: its world triples, the descriptions of the entities
    they use (``describe``: EntityDescriptions.of) and the support summaries they reach.
    ``summaries`` are those of the whole world unit: of the reports some world instance names as
    nkg:supportedBy."""
    reporting = ReportingIndex(summaries)
    for part in parts(world):
        yield part_name(world_name, part), [*part, *describe(part), *reporting.of(part)]
