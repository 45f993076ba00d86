"""QuickStatements v1: statements a Wikidata editor can review and upload, for linked items only.

One command per line, tab-separated: ``ITEM<TAB>PROPERTY<TAB>VALUE`` then qualifier pairs
(``Pnnn<TAB>value``) and reference pairs (``Snnn<TAB>value``). Exported, from the reviewed world only
(graph/world: accepted relationships, reviewed instances; drafts never):

- an accepted relationship that holds (its plain triple is in the world graph) between two linked
  entities that Wikidata has a property for: ``capital-of`` becomes the country's P36 (capital),
  ``part-of`` P361 (part of);
- a linked event's participants (P710) and places (P276), a linked agreement's parties and mediators
  (P710), with the role qualifier P2868 (subject has role) when the snapshot holds a verified item for
  the role (an item labelled "party" or "mediator"); newskg has none verified, so the qualifier is
  left out and a note says so;

each only when both ends have a skos:exactMatch with its nkg:WikidataLink, and only with a reference:
a reviewed report on the instance (or relationship) from an article with a URL, a title and a
publication date. One line per such article, so each source becomes a reference: S854 (reference URL)
always, S1476 (title) and S577 (publication date), S248 (stated in: the publisher, when linked), S813
(retrieved: the curation date) and S1683 (quotation: the report's evidence sentence). A property is
used only when data/wikidata/snapshot.yaml holds it with evidence (verified.tsv or an online fetch)
and the expected English label: without P854 nothing is exported; any other missing one is left out
of every reference, and a note says so. Nothing is written from memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.project.snapshot import Snapshot, open_snapshot
from newskg.rdf.prefixes import PREFIXES
from newskg.store.engines import bound_by_values

WD = "http://www.wikidata.org/entity/"
# Property id -> the English label verified.tsv (or Wikidata) must give it, for each use below.
PROPERTIES = {"P36": "capital", "P361": "part of", "P710": "participant", "P276": "location",
              "P2868": "subject has role", "P854": "reference URL", "P1476": "title",
              "P577": "publication date", "P248": "stated in", "P813": "retrieved",
              "P1683": "quotation"}
# A role of a participant -> the English label of the Wikidata item P2868 would point to.
ROLE_LABELS = {"party": "party", "mediator": "mediator"}

STATEMENTS = """
SELECT ?item ?prop ?value ?subject ?role WHERE {
  { ?s nkg:capitalOf ?o .
    ?subject a nkg:CapitalRelationship ; nkg:relationshipSubject ?s ; nkg:relationshipObject ?o ;
             nkg:acceptedBy ?by .
    BIND("P36" AS ?prop) BIND(?o AS ?from) BIND(?s AS ?to) }
  UNION { ?s nkg:partOf ?o .
    ?subject a nkg:PartOfRelationship ; nkg:relationshipSubject ?s ; nkg:relationshipObject ?o ;
             nkg:acceptedBy ?by .
    BIND("P361" AS ?prop) BIND(?s AS ?from) BIND(?o AS ?to) }
  UNION { ?subject a nkg:Event ; nkg:reviewStatus nkg:Reviewed ; nkg:participant ?to .
    BIND("P710" AS ?prop) BIND(?subject AS ?from) }
  UNION { ?subject a nkg:Event ; nkg:reviewStatus nkg:Reviewed ; nkg:place ?to .
    BIND("P276" AS ?prop) BIND(?subject AS ?from) }
  UNION { ?subject a nkg:Agreement ; nkg:reviewStatus nkg:Reviewed ; nkg:party ?to .
    BIND("P710" AS ?prop) BIND(?subject AS ?from) BIND("party" AS ?role) }
  UNION { ?subject a nkg:Agreement ; nkg:reviewStatus nkg:Reviewed ; nkg:mediator ?to .
    BIND("P710" AS ?prop) BIND(?subject AS ?from) BIND("mediator" AS ?role) }
  ?l1 a nkg:WikidataLink ; nkg:linkSubject ?from ; nkg:linkTarget ?item .
  ?l2 a nkg:WikidataLink ; nkg:linkSubject ?to ; nkg:linkTarget ?value .
  ?from skos:exactMatch ?item . ?to skos:exactMatch ?value .
} ORDER BY ?item ?prop ?value ?subject"""

# The reviewed reports on one instance or relationship, with their article's reference data.
REFERENCES = """
SELECT ?article ?sentence ?url ?title ?issued ?lang ?publisher ?retrieved WHERE {
  ?report nkg:reports ?subject ; nkg:reviewStatus nkg:Reviewed ; nkg:sourceArticle ?article ;
          nkg:evidence/nkg:sentence ?sentence .
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?article nkg:headline ?title }
  OPTIONAL { ?article dcterms:issued ?issued }
  OPTIONAL { ?article dcterms:language ?lang }
  OPTIONAL { ?article schema:publisher/skos:exactMatch ?publisher }
  OPTIONAL { ?report prov:wasGeneratedBy/prov:endedAtTime ?retrieved }
} ORDER BY ?issued ?article ?sentence"""


@dataclass(frozen=True)
class QuickStatements:
    text: str
    statements: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """One article's reference for a statement."""

    article: str
    sentence: str
    url: str
    title: str
    issued: str
    lang: str
    publisher: str
    retrieved: str


def qs_string(text: str) -> str:
    """A QuickStatements string: no tabs or newlines; straight double quotes become curly ones,
    since v1 has no escape for them."""
    flat = " ".join(text.split())
    return '"' + flat.replace('"', "\u201d") + '"'


def qs_day(value: str) -> str:
    """An xsd:dateTime (or date) as a QuickStatements time of day precision."""
    return f"+{value[:10]}T00:00:00Z/11"


def usable_properties(snapshot: Snapshot) -> tuple[set[str], list[str]]:
    """The properties in PROPERTIES that the snapshot backs with evidence and the expected label."""
    usable, notes = set(), []
    for pid, label in PROPERTIES.items():
        item = snapshot.get(pid)
        if item is not None and item.verified and item.label.casefold() == label.casefold():
            usable.add(pid)
        else:
            notes.append(f"{pid} ({label}) is not in the snapshot with evidence: not used "
                         "(run 'newskg link --online' to fetch it)")
    return usable, notes


def role_items(snapshot: Snapshot) -> dict[str, str]:
    """Role -> the verified item labelled as ROLE_LABELS says (none in verified.tsv today)."""
    found = {}
    for role, label in ROLE_LABELS.items():
        for item in snapshot.items.values():
            if item.id.startswith("Q") and item.verified and item.kind != "class" and \
                    item.label.casefold() == label.casefold():
                found[role] = item.id
                break
    return found


def export_quickstatements(build_dir: Path, data_dir: Path) -> QuickStatements:
    """QuickStatements v1 for the built graph (``build_dir/newskg.trig``)."""
    from newskg.errors import StoreMissingError

    trig = build_dir / "newskg.trig"
    if not trig.is_file():
        raise StoreMissingError(f"{trig}: not built yet; run 'newskg build' first")
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    snapshot = open_snapshot(data_dir)
    usable, notes = usable_properties(snapshot)
    roles = role_items(snapshot)
    lines: list[str] = []
    unsourced = skipped = 0
    unreferenced: set[str] = set()  # articles whose reports could not be a reference
    roles_left_out: set[str] = set()
    for row in _select(store, STATEMENTS, {}):
        item, prop, value, subject, role = (row.get(k) or "" for k in
                                            ("item", "prop", "value", "subject", "role"))
        if prop not in usable or "P854" not in usable:
            skipped += 1
            continue
        qualifiers: list[str] = []
        if role and role in roles and "P2868" in usable:
            qualifiers = ["P2868", roles[role]]
        elif role:
            roles_left_out.add(role)
        sources, lacking = _sources(store, subject)
        if not sources:
            unsourced += 1
            unreferenced.update(lacking)
            continue
        for source in sources:
            lines.append("\t".join([_qid(item), prop, _qid(value), *qualifiers,
                                    *_reference(source, usable)]))
    unique = list(dict.fromkeys(lines))
    if skipped:
        notes.append(f"{skipped} statement(s) left out: their property or P854 (reference URL) "
                     "is not available")
    if unsourced:
        named = ", ".join(sorted(a.rsplit("/", 1)[-1] for a in unreferenced)) or "none"
        notes.append(f"{unsourced} statement(s) left out: no reviewed report from an article with "
                     f"a URL, a title and a publication date (reported only by: {named}; give "
                     "the article its url: in its facts.yaml)")
    for role in sorted(roles_left_out):
        notes.append(f"P2868 (subject has role) left out for the role {role!r}: no verified "
                     f"Wikidata item labelled {ROLE_LABELS[role]!r} (add one to verified.tsv "
                     "after checking it)")
    return QuickStatements("".join(f"{line}\n" for line in unique), len(unique), tuple(notes))


def _sources(store: ox.Store, subject: str) -> tuple[list[Source], set[str]]:
    """One source per article that reports ``subject`` (reviewed) and has URL, title and date;
    and the articles that report it but lack one of them."""
    found: dict[str, Source] = {}
    lacking: set[str] = set()
    for row in _select(store, REFERENCES, {"subject": ox.NamedNode(subject)}):
        values = {k: row.get(k) or "" for k in ("article", "sentence", "url", "title", "issued",
                                                 "lang", "publisher", "retrieved")}
        if values["url"] and values["title"] and values["issued"]:
            found.setdefault(values["article"], Source(**values))
        else:
            lacking.add(values["article"])
    return list(found.values()), lacking - set(found)


def _reference(s: Source, usable: set[str]) -> list[str]:
    refs = ["S854", qs_string(s.url)]
    if "P1476" in usable:
        refs += ["S1476", f"{s.lang or 'en'}:{qs_string(s.title)}"]
    if "P577" in usable:
        refs += ["S577", qs_day(s.issued)]
    if s.publisher and "P248" in usable:
        refs += ["S248", _qid(s.publisher)]
    if s.retrieved and "P813" in usable:
        refs += ["S813", qs_day(s.retrieved)]
    if "P1683" in usable:
        refs += ["S1683", f"{s.lang or 'en'}:{qs_string(s.sentence)}"]
    return refs


def _select(store: ox.Store, sparql: str,
            bindings: dict[str, ox.NamedNode]) -> list[dict[str, str | None]]:
    bound = bound_by_values(sparql, dict(bindings)) if bindings else None
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {} \
        if bound else {ox.Variable(k): v for k, v in bindings.items()}
    result = store.query(bound or sparql, prefixes=dict(PREFIXES), substitutions=subs,
                         use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in result]


def _qid(iri: str) -> str:
    return iri.removeprefix(WD)
