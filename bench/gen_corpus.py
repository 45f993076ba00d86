"""A synthetic corpus for the scale benchmark: N articles that `newskg build` accepts.

The shapes are those of real news copy, not of the seed article's content: a pool of speakers,
states, organisations and places shared across articles (so entities are reused, as in a real
corpus), each article with 5-30 statements (quoted and reported, of every speech act), mentions of
the speakers with a role, 0-4 reported figures, 1-4 reports on events with places and dates,
sometimes a ceasefire with terms, and a few relationships. The events, agreements, counted things and
relationships are world instances in instances.yaml; about a third of each article's event reports and
figures are about instances an earlier article reported (several sources, one world). Each report's
evidence is a sentence of the generated article text, so build computes real Web Annotation
selectors. The output is deterministic for a given --seed.

Usage: python bench/gen_corpus.py OUT_DIR --articles N [--seed 1]
       (OUT_DIR gets entities.yaml, instances.yaml, wikidata/verified.tsv and articles/<slug>/)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

SYLLABLES = ("ka", "ra", "vel", "mir", "tan", "so", "lev", "ar", "na", "dor", "el", "bas", "to",
             "ri", "gan", "pol", "sa", "ven", "ik", "or", "lu", "den", "ma", "zor")
ACTS = ("asserted", "claimed", "denied", "hoped", "expected", "promised", "announced",
        "evaluated", "insisted")
CUES = {"asserted": "said", "claimed": "claimed", "denied": "denied", "hoped": "said it hoped",
        "expected": "said it expected", "promised": "promised", "announced": "announced",
        "evaluated": "called it", "insisted": "insisted"}
FIGURE_KINDS = ("killed", "wounded", "evacuated", "troops", "displaced", "missing")
QUALIFIERS = ("at least", "more than", "about", None)
EVENT_TYPES = ("military-operation", "talks", "protest", "evacuation", "attack", "clash",
               "displacement")
TOPICS = ("the ceasefire", "the talks", "the border", "the elections", "the sanctions",
          "the evacuation", "the humanitarian corridor", "the peace plan", "the budget",
          "the reforms", "the negotiations", "the prisoners", "the energy deal", "the aid convoy")
VERBS = ("would hold", "had failed", "must be respected", "was a turning point", "would not last",
         "had been agreed", "was under way", "would be reviewed", "had been violated",
         "would bring stability", "was unacceptable", "had been postponed")
ROLES = ("Foreign Minister", "spokesperson", "President", "Prime Minister", "senior official",
         "defence minister", "analyst", "opposition leader", "envoy", "military commander")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Names:
    """Distinct pronounceable names from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: int, *, unique: bool = True) -> str:
        while True:
            word = "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()
            if not unique:
                return word
            if word not in self.used:
                self.used.add(word)
                return word
            syllables += len(self.used) > 24 ** syllables // 2  # running out: longer words


def make_entities(rng: random.Random, persons: int, states: int, orgs: int,
                  places: int) -> dict[str, dict[str, object]]:
    names = Names(rng)
    entities: dict[str, dict[str, object]] = {}
    for i in range(persons):
        first, last = names.word(2, unique=False), names.word(3)
        entities[f"person-{i:04d}"] = {"name": f"{first} {last}", "types": ["Person"],
                                       "aliases": [last]}
    for i in range(states):
        entities[f"state-{i:03d}"] = {"name": names.word(3) + "ia", "types": ["State", "Country"]}
    for i in range(orgs):
        kind = rng.choice(("Organisation", "ArmedGroup", "GovernmentBody"))
        entities[f"org-{i:03d}"] = {"name": f"{names.word(2)} {kind.replace('Body', ' Council')}",
                                    "types": [kind]}
    for i in range(places):
        kind = rng.choice(("City", "Region"))
        entities[f"place-{i:03d}"] = {"name": names.word(3), "types": [kind],
                                      "description": f"A synthetic {kind.lower()}."}
    return entities


class World:
    """The instances declared so far (instances.yaml), by section."""

    def __init__(self) -> None:
        self.sections: dict[str, dict[str, dict[str, object]]] = {
            "events": {}, "agreements": {}, "counted": {}, "relationships": {}}
        self.keys: dict[str, list[str]] = {section: [] for section in self.sections}

    def add(self, section: str, key: str, body: dict[str, object]) -> str:
        if key not in self.sections[section]:
            self.keys[section].append(key)  # in order, for earlier(): no list() of a dict a call
        self.sections[section][key] = body
        return key

    def earlier(self, rng: random.Random, section: str) -> str | None:
        """A key some earlier article declared (a shared instance), or None."""
        keys = self.keys[section]
        if not keys or rng.random() > 0.33:
            return None
        return keys[-1 - min(int(rng.paretovariate(1.5)) - 1, len(keys) - 1)]


class ArticleWriter:
    """One article: its text (a list of sentences) and its reports, built side by side."""

    def __init__(self, rng: random.Random, entities: dict[str, dict[str, object]], index: int,
                 published: dt.date, world: World, keys: dict[str, list[str]]) -> None:
        self.rng, self.entities, self.index, self.published = rng, entities, index, published
        self.world = world
        self.sentences: list[str] = []
        self.keys = keys  # the entity keys by kind (entity_keys), made once for every article

    def name(self, key: str) -> str:
        return str(self.entities[key]["name"])

    def pick(self, kind: str, k: int = 1) -> list[str]:
        # A skewed choice: a few speakers appear in many articles, most in a few.
        pool = self.keys[kind]
        return [pool[min(int(self.rng.paretovariate(1.2)) - 1, len(pool) - 1) if
                     self.rng.random() < 0.5 else self.rng.randrange(len(pool))] for _ in range(k)]

    def say(self, sentence: str) -> str:
        self.sentences.append(sentence)
        return sentence

    def facts(self) -> dict[str, object]:
        rng = self.rng
        speakers = list(dict.fromkeys(self.pick("person", rng.randint(2, 6)) + self.pick("state")))
        places = list(dict.fromkeys(self.pick("place", rng.randint(1, 3))))
        mentions = []
        for number, key in enumerate(speakers):
            role = rng.choice(ROLES) if key.startswith("person") else None
            words = f"{role} {self.name(key)}" if role else self.name(key)
            evidence = self.say(f"Among those who spoke in article {self.index} was {words}.")
            mention: dict[str, object] = {"id": f"m-{number}", "entity": key,
                                          "evidence": evidence[evidence.index(words):-1]}
            if role:
                mention["role"] = role
            mentions.append(mention)
        reports = [self.event(i, places) for i in range(rng.randint(1, 4))]
        events = [str(r["instance"]) for r in reports]
        statements = [self.statement(i, speakers, events) for i in range(rng.randint(5, 30))]
        figures = [self.figure(i, speakers, events, places) for i in range(rng.randint(0, 4))]
        if rng.random() < 0.2:
            reports.extend(self.agreement(events))
        if rng.random() < 0.5:
            reports.append(self.relationship())
        return {
            "article": {"headline": f"Synthetic report {self.index} on {self.name(places[0])}",
                        "published": self.published, "language": "en",
                        "licence": "third-party, kept for research"},
            "curation": {"agent": "bench-generator", "agent_name": "benchmark corpus generator",
                         "agent_type": "software", "date": dt.date(2026, 11, 26),
                         "reviewed": False},
            "mentions": mentions, "statements": statements, "reports": reports,
            "figures": figures,
        }

    def statement(self, i: int, speakers: list[str], events: list[str]) -> dict[str, object]:
        rng = self.rng
        speaker, act = rng.choice(speakers), rng.choice(ACTS)
        words = f"{rng.choice(TOPICS)} {rng.choice(VERBS)} ({self.index}.{i})"
        direct = rng.random() < 0.5
        cue = CUES[act]
        day = rng.choice(WEEKDAYS)
        if direct:
            evidence = self.say(f'"{words.capitalize()}," {self.name(speaker)} {cue} on {day}.')
            words = words.capitalize()
        else:
            evidence = self.say(f"{self.name(speaker)} {cue} on {day} that {words}.")
        fact: dict[str, object] = {"id": f"st-{i}", "speakers": [speaker], "stance": act,
                                   "direct": direct, "words": words, "cue": cue,
                                   "date": day, "date_text": day, "evidence": evidence}
        if act == "evaluated":
            fact["polarity"] = rng.choice(("positive", "negative"))
        if events and rng.random() < 0.5:
            fact["about"] = [rng.choice(events), rng.choice(speakers)]
        return fact

    def figure(self, i: int, speakers: list[str], events: list[str],
               places: list[str]) -> dict[str, object]:
        rng = self.rng
        kind, qualifier = rng.choice(FIGURE_KINDS), rng.choice(QUALIFIERS)
        value = rng.randint(1, 5000)
        reporter = rng.choice(speakers)
        said = f"{qualifier} " if qualifier else ""
        evidence = self.say(f"{self.name(reporter)} reported {said}{value:,} people {kind} in "
                            f"{self.name(rng.choice(places))} (figure {self.index}.{i}).")
        counted = self.world.earlier(rng, "counted") or self.world.add(
            "counted", f"count-{self.index}-{i}",
            {"label": f"People {kind} ({self.index}.{i})", "measure": kind, "unit": "person",
             "of": rng.choice(events)})
        figure: dict[str, object] = {"id": f"fig-{i}", "counted": counted, "value": value,
                                     "reported_by": [reporter], "evidence": evidence}
        if qualifier:
            figure["qualifier"] = qualifier
        return figure

    def event(self, i: int, places: list[str]) -> dict[str, object]:
        rng = self.rng
        kind = rng.choice(EVENT_TYPES)
        participants = list(dict.fromkeys(self.pick("state", 2) + self.pick("org")))
        place = rng.choice(places)
        date = self.published - dt.timedelta(days=rng.randint(0, 30))
        label = f"{kind.replace('-', ' ')} in {self.name(place)} ({self.index}.{i})"
        evidence = self.say(f"The {label} began on {date:%d %B %Y}, involving "
                            f"{', '.join(self.name(p) for p in participants)}.")
        key = self.world.earlier(rng, "events") or self.world.add(
            "events", f"ev-{self.index}-{i}",
            {"type": kind, "label": label, "participants": participants, "place": [place],
             "date": date})
        return {"id": f"ev-{i}", "instance": key, "evidence": evidence}

    def agreement(self, events: list[str]) -> list[dict[str, object]]:
        parties = list(dict.fromkeys(self.pick("state", 2)))
        while len(parties) < 2:
            parties = list(dict.fromkeys(parties + self.pick("state")))
        mediator = self.pick("org")[0]
        evidence = self.say(f"A ceasefire between {self.name(parties[0])} and "
                            f"{self.name(parties[1])} was brokered by {self.name(mediator)} "
                            f"(agreement {self.index}).")
        term = self.say(f"Under its terms {self.name(parties[1])} must withdraw its forces "
                        f"(term {self.index}).")
        self.world.add("agreements", f"ag-{self.index}", {
            "type": "ceasefire", "label": f"Ceasefire {self.index}", "parties": parties,
            "mediators": [mediator], "date": self.published,
            "terms": {f"term-{self.index}": {"label": f"Withdrawal {self.index}",
                                             "parties": [parties[1]],
                                             "action": "withdraw its forces",
                                             "event": events[0]}}})
        return [{"id": "ag-0", "instance": f"ag-{self.index}", "evidence": evidence},
                {"id": "term-0", "instance": f"term-{self.index}", "evidence": term}]

    def relationship(self) -> dict[str, object]:
        place, state = self.pick("place")[0], self.pick("state")[0]
        evidence = self.say(f"{self.name(state)} controls {self.name(place)} "
                            f"(relation {self.index}).")
        key = self.world.add("relationships", f"rel-{self.index}", {
            "subject": state, "predicate": "controls", "object": place,
            "start": self.published, "accepted": self.rng.random() < 0.5})
        return {"id": "rel-0", "instance": key, "evidence": evidence}


def mark_repeated_evidence(facts: dict[str, object], text: str) -> None:
    """``occurrence: 1`` on each fact whose evidence occurs more than once in ``text`` (a name
    mentioned again, a sentence said twice): build requires it, and the first copy is the one the
    mention sentences put first (and what build took before it was required)."""
    items = [item for kind in ("mentions", "statements", "figures", "events", "agreements",
                               "relations") for item in facts.get(kind, [])]  # type: ignore[attr-defined]
    items += [term for agreement in facts.get("agreements", [])  # type: ignore[attr-defined]
              for term in agreement.get("terms", [])]
    for item in items:
        first = text.find(item["evidence"])
        if text.find(item["evidence"], first + 1) >= 0:
            item["occurrence"] = 1


def entity_keys(entities: dict[str, dict[str, object]]) -> dict[str, list[str]]:
    return {kind: [k for k in entities if k.startswith(kind)]
            for kind in ("person", "state", "org", "place")}


def dump(data: object, path: Path) -> None:
    """YAML with libyaml's emitter where PyYAML has it (about ten times faster than the pure-Python
    one, the same text for these documents: at 10M triples the corpus is 12k files), each value
    written out (`NoAliasDumper`)."""
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle, Dumper=NoAliasDumper, sort_keys=False, allow_unicode=True,
                  width=1000)


class NoAliasDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Each value written out: a date shared by many instances is not an anchor and aliases (past
    about 10k articles they went over newskg's alias budget of 1,000 a file, and the load failed).
    The representer that decides on aliases is Python's, in the C dumper too."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def generate(out: Path, articles: int, *, seed: int = 1) -> int:
    """Write a corpus of ``articles`` articles under ``out`` (replacing it); return the count."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "wikidata").mkdir(parents=True)
    (out / "wikidata" / "verified.tsv").write_text("# no verified ids: a synthetic corpus\n",
                                                  encoding="utf-8")
    size = max(articles, 10)
    entities = make_entities(rng, persons=size // 2 + 20, states=40, orgs=30, places=size // 4 + 20)
    dump({"entities": entities}, out / "entities.yaml")
    start = dt.date(2023, 1, 1)
    world = World()
    keys = entity_keys(entities)
    for index in range(articles):
        published = start + dt.timedelta(days=index % 900)
        writer = ArticleWriter(rng, entities, index, published, world, keys)
        facts = writer.facts()
        folder = out / "articles" / f"{published.isoformat()}-synthetic-{index:06d}"
        folder.mkdir(parents=True)
        text = "\n\n".join(writer.sentences) + "\n"
        mark_repeated_evidence(facts, text)
        (folder / "article.txt").write_text(text, encoding="utf-8")
        dump(facts, folder / "facts.yaml")
    dump({"curation": {"agent": "bench-generator", "agent_type": "software",
                       "date": dt.date(2026, 11, 26)}, **world.sections}, out / "instances.yaml")
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.articles, seed=args.seed)
    print(f"wrote {args.articles} articles to {args.out}")


if __name__ == "__main__":
    main()
