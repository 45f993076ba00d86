"""QuickStatements v1: statements a Wikidata editor can review and upload, for linked items only.

One command per line, tab-separated: ``ITEM<TAB>PROPERTY<TAB>VALUE`` then qualifier pairs
(``Pnnn<TAB>value``) and reference pairs (``Snnn<TAB>value``). Exported:

- a relation between two linked entities that Wikidata has a property for: ``capital-of`` becomes
  the country's P36 (capital), ``part-of`` P361 (part of);
- a linked event's participants (P710) and places (P276), and a linked agreement's parties and
  mediators (P710; Wikidata's role qualifier P2868 needs role items newskg has no verified id for);

each only when both ends have a skos:exactMatch with its nkg:WikidataLink. Every statement carries
references: S1683 (quotation: the evidence sentence, in the article's language) always, S248 (stated
in: the article's publisher, when linked), S854 (reference URL: the article's URL, when known) and
S813 (retrieved: the curation date). A property is used only when data/wikidata/snapshot.yaml holds it
with evidence (verified.tsv or an online fetch); a missing one drops the statement or the reference, and
says so in a note. Nothing is written from memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newskg.link.snapshot import Snapshot, open_snapshot
from newskg.prefixes import PREFIXES
from newskg.store import bound_by_values

WD = "http://www.wikidata.org/entity/"
# Property id -> the English label verified.tsv (or Wikidata) must give it, for each use below.
PROPERTIES = {"P36": "capital", "P361": "part of", "P710": "participant", "P276": "location",
              "P248": "stated in", "P854": "reference URL", "P813": "retrieved",
              "P1683": "quotation"}

STATEMENTS = """
SELECT ?item ?prop ?value ?fact WHERE {
  { ?fact a nkg:Relation ; rdf:subject ?s ; rdf:predicate nkg:capitalOf ; rdf:object ?o .
    BIND("P36" AS ?prop) BIND(?o AS ?from) BIND(?s AS ?to) }
  UNION { ?fact a nkg:Relation ; rdf:subject ?s ; rdf:predicate nkg:partOf ; rdf:object ?o .
    BIND("P361" AS ?prop) BIND(?s AS ?from) BIND(?o AS ?to) }
  UNION { ?fact a nkg:Event ; nkg:participant ?to . BIND("P710" AS ?prop) BIND(?fact AS ?from) }
  UNION { ?fact a nkg:Event ; nkg:place ?to . BIND("P276" AS ?prop) BIND(?fact AS ?from) }
  UNION { ?fact a nkg:Agreement ; nkg:party|nkg:mediator ?to .
    BIND("P710" AS ?prop) BIND(?fact AS ?from) }
  ?l1 a nkg:WikidataLink ; nkg:linkSubject ?from ; nkg:linkTarget ?item .
  ?l2 a nkg:WikidataLink ; nkg:linkSubject ?to ; nkg:linkTarget ?value .
  ?from skos:exactMatch ?item . ?to skos:exactMatch ?value .
} ORDER BY ?item ?prop ?value ?fact"""

REFERENCES = """
SELECT ?fact ?sentence ?lang ?publisher ?url ?retrieved WHERE {
  ?fact nkg:evidence/nkg:sentence ?sentence ; nkg:sourceArticle ?article .
  OPTIONAL { ?article dcterms:language ?lang }
  OPTIONAL { ?article nkg:publisher/skos:exactMatch ?publisher }
  OPTIONAL { ?article schema:url ?url }
  OPTIONAL { ?fact prov:wasGeneratedBy/dcterms:date ?retrieved }
} ORDER BY ?sentence LIMIT 1"""


@dataclass(frozen=True)
class QuickStatements:
    text: str
    statements: int
    notes: tuple[str, ...]


def qs_string(text: str) -> str:
    """A QuickStatements string: no tabs or newlines; straight double quotes become curly ones,
    since v1 has no escape for them."""
    flat = " ".join(text.split())
    return '"' + flat.replace('"', "\u201d") + '"'


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


def export_quickstatements(build_dir: Path, data_dir: Path) -> QuickStatements:
    """QuickStatements v1 for the built graph (``build_dir/newskg.trig``)."""
    from newskg.errors import StoreMissingError

    trig = build_dir / "newskg.trig"
    if not trig.is_file():
        raise StoreMissingError(f"{trig}: not built yet; run 'newskg build' first")
    store = ox.Store()
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    usable, notes = usable_properties(open_snapshot(data_dir))
    lines: list[str] = []
    skipped = 0
    for row in _select(store, STATEMENTS, {}):
        item, prop, value, fact = (_term(row, k) for k in ("item", "prop", "value", "fact"))
        if prop not in usable:
            skipped += 1
            continue
        refs = _references(store, fact, usable)
        if not refs:
            skipped += 1
            continue
        lines.append("\t".join([_qid(item), prop, _qid(value), *refs]))
    unique = list(dict.fromkeys(lines))
    if skipped:
        notes.append(f"{skipped} statement(s) left out: property or quotation not available")
    return QuickStatements("".join(f"{line}\n" for line in unique), len(unique), tuple(notes))


def _references(store: ox.Store, fact: str, usable: set[str]) -> list[str]:
    rows = list(_select(store, REFERENCES, {"fact": ox.NamedNode(fact)}))
    if not rows or "P1683" not in usable:
        return []
    row = rows[0]
    refs = []
    publisher = _term(row, "publisher")
    if publisher and "P248" in usable:
        refs += ["S248", _qid(publisher)]
    url = _term(row, "url")
    if url and "P854" in usable:
        refs += ["S854", qs_string(url)]
    retrieved = _term(row, "retrieved")
    if retrieved and "P813" in usable and len(retrieved) == 10:
        refs += ["S813", f"+{retrieved}T00:00:00Z/11"]
    lang = _term(row, "lang") or "en"
    refs += ["S1683", f"{lang}:{qs_string(_term(row, 'sentence') or '')}"]
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


def _term(row: dict[str, str | None], key: str) -> str:
    return row.get(key) or ""


def _qid(iri: str) -> str:
    return iri.removeprefix(WD)

