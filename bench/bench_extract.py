"""Extraction speed: articles per second and per-article latency, on the corpus, on the development
set's real articles and on synthetic 1,000-word articles (issue 13's aim, 50 articles/s on one core,
is for 1,000-word articles: a set of shorter ones is weighed by its words per article), with the blank spaCy pipeline's load time and baselines measured in the same run
(spaCy's tokenizer alone on the same texts; the extractor without the clause parse). Prints numbers;
asserts nothing.

    .venv/bin/python bench/bench_extract.py [--rounds N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path

from newskg.extract.article import ArticleInput, parse_article
from newskg.extract.pipeline import Extractor

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "articles"
DEVSET = REPO / "data" / "devset"
SEED = REPO / "data" / "articles" / "2023-09-20-azerbaijan-claims-victory" / "article.txt"
PUBLISHED = dt.date(2023, 9, 20)
SENTENCES = (
    'The defence ministry said on {day} that at least {n} soldiers were killed near {place}.',
    '"We will not give up our land," {person} told reporters in {place}.',
    'More than {n} people have been evacuated from villages around {place}, officials said.',
    'Talks between the two sides will be held on {day} in {place}, the foreign ministry said.',
    'The ceasefire brokered by {place} collapsed after {n} hours of relative calm.',
    '{person} denied that civilians had been targeted and promised an investigation.',
    'Residents described a night of shelling that left {n} civilians wounded.',
    'According to the United Nations, about {n} families have fled the region since {day}.',
)
PLACES = ("Kherson", "Khartoum", "Goma", "Mekelle", "Rafah", "Idlib", "Stepanakert")
PEOPLE = ("Amina Yusuf", "General Omar Haddad", "the spokesman", "President Elena Marsh")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def synthetic(rng: random.Random, words: int = 1000) -> str:
    out, count = ["Fighting continues as envoys meet\n"], 0
    while count < words:
        s = rng.choice(SENTENCES).format(day=rng.choice(DAYS), n=rng.randint(2, 5000),
                                         place=rng.choice(PLACES), person=rng.choice(PEOPLE))
        out.append(s + (" " if rng.random() < 0.7 else "\n\n"))
        count += len(s.split())
    return "".join(out)


def articles(texts: list[str]) -> list[ArticleInput]:
    return [parse_article(t.encode(), Path(f"a{i}.txt"), published=PUBLISHED)
            for i, t in enumerate(texts)]


def devset_articles() -> list[ArticleInput]:
    """The development set's real articles (tune and untouched), each with its publication date."""
    items = []
    for gold in sorted(DEVSET.glob("*/gold/*.json")):
        published = json.loads(gold.read_text(encoding="utf-8")).get("published")
        path = gold.parent.parent / "articles" / f"{gold.stem}.txt"
        items.append(parse_article(path.read_bytes(), path, published=dt.date.fromisoformat(
            published) if published else None))
    return items


def measure(name: str, extractor: Extractor, items: list[ArticleInput], rounds: int) -> float:
    latencies = []
    cpu_started = time.process_time()  # CPU time: what one core spends, also on a busy machine
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            extractor.extract(item)
            latencies.append(time.perf_counter() - started)
    cpu_rate = len(latencies) / (time.process_time() - cpu_started)
    total = sum(latencies)
    rate = len(latencies) / total
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"{name:28} {rate:8.1f} articles/s  median {statistics.median(latencies) * 1000:6.1f} ms"
          f"  p95 {p95 * 1000:6.1f} ms  ({len(latencies)} runs)")
    print(f"{'  CPU time of one core':28} {cpu_rate:8.1f} articles/s")
    return cpu_rate


def baseline(extractor: Extractor, items: list[ArticleInput], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            extractor.nlp.make_doc(item.body)
    return len(items) * rounds / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    import spacy

    imported = time.perf_counter()
    spacy.blank("en")
    print(f"import spacy                     {imported - started:.3f} s")
    print(f"spacy.blank('en') load           {time.perf_counter() - imported:.3f} s")
    started = time.perf_counter()
    extractor = Extractor(data_dir=REPO / "data")
    print(f"Extractor build (gazetteer)      {time.perf_counter() - started:.3f} s")
    real = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] + \
        [SEED.read_text(encoding="utf-8")]
    rng = random.Random(7)
    fake = [synthetic(rng) for _ in range(40)]
    patterns_only = Extractor(data_dir=REPO / "data", parse=False)
    for name, items in (("corpus + seed", articles(real)), ("development set", devset_articles()),
                        ("synthetic 1,000-word", articles(fake))):
        words = sum(len(item.body.split()) for item in items) / len(items)
        print(f"{name}: {len(items)} articles, {words:.0f} words each on average")
        plain = measure(name + " (no parse)", patterns_only, items, args.rounds)
        rate = measure(name, extractor, items, args.rounds)
        print(f"{'  clause parse cost':28} {plain / rate:8.2f}x the patterns-only CPU time")
        # the aim is for 1,000-word articles: shorter ones are weighed by their words
        equivalent = rate * words / 1000
        print(f"{'  1,000-word equivalents':28} {equivalent:8.1f} articles/s (CPU); aim 50: "
              f"{'met' if equivalent >= 50 else 'NOT met'}")
        base = baseline(extractor, items, args.rounds)
        print(f"{'  baseline: spaCy tokenizer':28} {base:8.1f} articles/s  -> extract is "
              f"{base / rate:.1f}x the tokenizer's time")

if __name__ == "__main__":
    main()
