"""When a predicted item counts as a gold item: the corpus README's rules, made precise.

- names (actors, territories, speakers, parties) match when, after normalising (case, curly quotes,
  possessives, a leading article, plural -s), one's content words are all among the other's, or the
  two share an alias (aliases from either side's actor list);
- statements: the speakers match and the words overlap: at least half of the shorter text's content
  words (and at least two of them when it has two or more) occur in the other;
- figures: the same kind and value;
- agreements: at least one party in common;
- events: the same type and the same date (both unknown counts as the same);
- actors and territories: the names match.

Each rule returns a similarity in [0, 1] or None; the scorer pairs gold and predicted items one to one,
best similarity first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newskg.evaluation.annotations import Item
from newskg.words import content_words, normalise


class NameMatcher:
    """Compares names, widening each with the aliases that the gold and predicted actor lists give."""

    def __init__(self, *actor_lists: Iterable[Item]) -> None:
        self.aliases: dict[str, set[str]] = {}
        for actors in actor_lists:
            for actor in actors:
                names = {normalise(str(n)) for n in [actor.get("name", ""),
                                                    *(actor.get("aliases") or [])] if n}
                for n in names:
                    self.aliases.setdefault(n, set()).update(names)

    def forms(self, name: str) -> set[str]:
        key = normalise(name)
        return {key} | self.aliases.get(key, set())

    def similarity(self, a: object, b: object) -> float | None:
        if not isinstance(a, str) or not isinstance(b, str) or not a.strip() or not b.strip():
            return None
        forms_a, forms_b = self.forms(a), self.forms(b)
        if forms_a & forms_b:
            return 1.0
        best = 0.0
        for x in forms_a:
            wx = content_words(x)
            for y in forms_b:
                wy = content_words(y)
                if wx and wy and (wx <= wy or wy <= wx):
                    best = max(best, len(wx & wy) / len(wx | wy))
        return best or None


def words_overlap(a: str, b: str) -> float | None:
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return None
    shared = len(wa & wb)
    smaller = min(len(wa), len(wb))
    if shared * 2 < smaller or shared < min(2, smaller):
        return None
    return shared / len(wa | wb)


Rule = Callable[[Item, Item], "float | None"]


def rules(names: NameMatcher) -> dict[str, Rule]:
    """The matching rule of each kind: (gold item, predicted item) → similarity or None."""

    def name(g: Item, p: Item) -> float | None:
        return names.similarity(g.get("name"), p.get("name"))

    def statement(g: Item, p: Item) -> float | None:
        speakers = names.similarity(g.get("speaker"), p.get("speaker"))
        words = words_overlap(str(g.get("text", "")), str(p.get("text", "")))
        return None if speakers is None or words is None else (speakers + words) / 2

    def figure(g: Item, p: Item) -> float | None:
        return 1.0 if g.get("what") == p.get("what") and g.get("value") == p.get("value") else None

    def agreement(g: Item, p: Item) -> float | None:
        scores = [s for gp in g.get("parties") or [] for pp in p.get("parties") or []
                  if (s := names.similarity(gp, pp)) is not None]
        return max(scores) if scores else None

    def event(g: Item, p: Item) -> float | None:
        return 1.0 if g.get("type") == p.get("type") and g.get("date") == p.get("date") else None

    return {"actors": name, "territories": name, "agreements": agreement,
            "statements": statement, "figures": figure, "events": event}
