"""Candidates and scores: which Wikidata item, if any, is the same thing as an entity or event.

Score of a candidate (0..1), from the best-matching pair of names:

  1.00  the subject's name is the item's English label
  0.95  the subject's name is the name verified.tsv pairs with the item ("name in the seed article")
  0.85  one of the subject's aliases is the item's label or seed name, or its name is an item alias
  0.80  an alias of the subject is an alias of the item
  <0.6  otherwise 0.6 x the word overlap (Jaccard; "Russia's" and "Russian" count as one word)

Names are compared case-folded, without punctuation and without a leading "the".

Type agreement: the item's P31 types against the Wikidata classes the subject's nkg types align to
(ontology/alignments.ttl, verified ids only). When the snapshot holds no P31 for the item (seeded
items: verified.tsv gives none), agreement is "unknown": the coarse kind verified.tsv gives (person /
place / organization / event) must then not contradict the subject's nkg type (a person is a person, an
event an event), and the link says it relied on that.

A candidate is linked automatically only when its score is at least THRESHOLD, types do not disagree,
it beats the next candidate by MARGIN, and no other subject takes the same item. Candidates below
FLOOR are not shown. Everything else is "needs-review" (with the best candidate, never as an id) or
"no-candidate".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newskg.project.snapshot import Item, Snapshot

THRESHOLD = 0.85
MARGIN = 0.10
FLOOR = 0.15

# nkg type -> Wikidata classes (P31 values) it agrees with; every id is in verified.tsv.
EXPECTED_P31: dict[str, frozenset[str]] = {
    "Person": frozenset({"Q5"}),
    "State": frozenset({"Q3624078", "Q6256", "Q10711424"}),
    "Country": frozenset({"Q6256", "Q3624078", "Q10711424"}),
    "City": frozenset({"Q515", "Q5119"}),
    "Region": frozenset({"Q82794", "Q15239622"}),
    "NewsAgency": frozenset({"Q192283"}),
    "War": frozenset({"Q198", "Q350604"}),
    "Clash": frozenset({"Q350604"}),
    "MilitaryOperation": frozenset({"Q645883", "Q2001676"}),
    "Protest": frozenset({"Q273120"}),
    "Ceasefire": frozenset({"Q131569"}),
    "PeaceDeal": frozenset({"Q625298", "Q131569"}),
}
EVENT_TYPES = frozenset({"Event", "MilitaryOperation", "War", "Talks", "Protest", "Evacuation",
                         "Attack", "Clash", "Displacement", "Agreement", "Ceasefire", "PeaceDeal"})
STOPWORDS = frozenset({"the", "of", "in", "on", "and", "a", "an", "to", "for", "s"})


@dataclass(frozen=True)
class Subject:
    """Something to link: a shared entity (key) or an event/agreement of an article (slug/fact-id)."""

    key: str
    name: str
    aliases: tuple[str, ...]
    types: tuple[str, ...]
    curated_id: str | None = None  # wikidata: in data/entities.yaml (a person's decision)
    where: str = ""                # file:line, for messages

    @property
    def category(self) -> str:
        if "Person" in self.types:
            return "person"
        if EVENT_TYPES.intersection(self.types):
            return "event"
        return "other"


@dataclass(frozen=True)
class Candidate:
    item: Item
    score: float
    matched: str        # how the names matched, e.g. "label", "alias 'Yerevan' = label"
    types: str          # "agree", "disagree", "unknown"

    @property
    def acceptable(self) -> bool:
        return self.score >= THRESHOLD and self.types != "disagree"


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one subject: candidates best first, and its proposal."""

    subject: Subject
    candidates: tuple[Candidate, ...]
    status: str          # linked | needs-review | no-candidate
    why: str

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def normalise(name: str) -> str:
    text = re.sub(r"[^\w\s]", " ", name.casefold().replace("'s ", " ").replace("’s ", " "))
    text = " ".join(text.split())
    return text.removeprefix("the ")


def _words(name: str) -> set[str]:
    return {w for w in normalise(name).split() if w not in STOPWORDS}


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of the content words; a word that is a prefix (5+ letters) of another counts."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    common = sum(1 for w in left if any(w == v or (min(len(w), len(v)) >= 5 and
                                                   (w.startswith(v) or v.startswith(w)))
                                        for v in right))
    return common / (len(left) + len(right) - common)


def name_score(subject: Subject, item: Item) -> tuple[float, str]:
    """The best name match between subject and item, and how it matched."""
    name, aliases = normalise(subject.name), [normalise(a) for a in subject.aliases]
    label = normalise(item.label)
    seed = normalise(re.sub(r"\(.*?\)", "", item.seed_name)) if item.seed_name else None
    item_aliases = {normalise(a) for a in item.aliases}
    if name == label:
        return 1.0, "name = label"
    if seed and name == seed:
        return 0.95, "name = verified.tsv's name in the seed article"
    for raw, alias in zip(subject.aliases, aliases, strict=True):
        if alias in (label, seed):
            return 0.85, f"alias {raw!r} = label"
    if name in item_aliases:
        return 0.85, "name = Wikidata alias"
    for raw, alias in zip(subject.aliases, aliases, strict=True):
        if alias in item_aliases:
            return 0.80, f"alias {raw!r} = Wikidata alias"
    names = [subject.name, *subject.aliases]
    targets = [item.label, *item.aliases, *([item.seed_name] if item.seed_name else [])]
    best = max(overlap(a, b) for a in names for b in targets)
    return round(0.6 * best, 2), f"word overlap {best:.2f}"


def type_agreement(subject: Subject, item: Item) -> str:
    """'agree' or 'disagree' from the item's P31 types; 'unknown' when the snapshot has none
    (then a coarse kind from verified.tsv that contradicts the subject counts as 'disagree')."""
    expected = frozenset().union(*(EXPECTED_P31.get(t, frozenset()) for t in subject.types))
    if item.types:
        if not expected:
            return "unknown"
        return "agree" if expected.intersection(item.types) else "disagree"
    if item.kind in ("person", "event") or subject.category in ("person", "event"):
        return "unknown" if item.kind == subject.category else "disagree"
    return "unknown"


def candidates(subject: Subject, items: Iterable[Item],
               rejected: Sequence[str] = ()) -> tuple[Candidate, ...]:
    """Candidates at or above FLOOR, best first (ties by id), leaving out ``rejected`` ids."""
    found = []
    for item in items:
        if item.id in rejected:
            continue
        score, how = name_score(subject, item)
        if score < FLOOR:
            continue
        types = type_agreement(subject, item)
        if types == "disagree":
            score = round(score / 2, 2)
            if score < FLOOR:
                continue
        found.append(Candidate(item, score, how, types))
    return tuple(sorted(found, key=lambda c: (-c.score, int(c.item.id[1:]))))


def match(subject: Subject, snapshot: Snapshot, rejected: Sequence[str] = ()) -> Match:
    """The matcher's proposal for one subject (before checking that no other subject takes the id)."""
    found = candidates(subject, snapshot.entities(), rejected)
    if not found:
        return Match(subject, found, "no-candidate",
                     f"no snapshot item scores {FLOOR} or more on name")
    best = found[0]
    runner = next((c for c in found[1:] if c.item.id != best.item.id), None)
    what = f"{best.item.id} {best.item.label!r}: {best.matched}, types {_types_note(best)}"
    if not best.acceptable:
        reason = "score halved" if best.types == "disagree" else f"score below {THRESHOLD}"
        return Match(subject, found, "needs-review", f"best candidate {what}; {reason}")
    if runner is not None and best.score - runner.score < MARGIN:
        return Match(subject, found, "needs-review",
                     f"{what}; too close to {runner.item.id} {runner.item.label!r} "
                     f"({runner.score:.2f})")
    return Match(subject, found, "linked", what)


def _types_note(c: Candidate) -> str:
    if c.types == "unknown" and not c.item.types:
        return f"unknown (no P31 in snapshot; verified.tsv kind {c.item.kind!r} fits)"
    return c.types


def match_all(subjects: Iterable[Subject], snapshot: Snapshot,
              rejected: dict[str, tuple[str, ...]] | None = None) -> list[Match]:
    """Match every subject; two subjects proposing the same item both go to review."""
    matches = [match(s, snapshot, (rejected or {}).get(s.key, ())) for s in subjects]
    taken: dict[str, list[str]] = {}
    for m in matches:
        if m.status == "linked" and m.best is not None:
            taken.setdefault(m.best.item.id, []).append(m.subject.key)
    out = []
    for m in matches:
        keys = taken.get(m.best.item.id, []) if m.status == "linked" and m.best else []
        if len(keys) > 1:
            others = ", ".join(k for k in keys if k != m.subject.key)
            m = Match(m.subject, m.candidates, "needs-review", f"{m.why}; {others} "
                      "matches the same item")
        out.append(m)
    return out
