"""Write what `newskg extract` drafts for a fixed set of articles, to check that a change to the
extractor (a speed-up) leaves its output byte for byte the same.

For each article three files: the gold-shape JSON, the YAML facts draft (resolved against data/),
and the repr of the whole Extraction (every draft with its evidence, confidence and entity). The
articles: the development set (tune and untouched), the shared corpus, the seed articles and 40
synthetic 1,000-word articles from bench/bench_extract.py (seed 7).

    .venv/bin/python tools/extract_snapshot.py OUT_DIR            # write
    .venv/bin/python tools/extract_snapshot.py OUT_DIR --check REF  # write, then compare with REF

The comparison only says which files differ (it prints no article content).
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import random
import sys
from pathlib import Path

from newskg.extract.article import ArticleInput, parse_article, read_article
from newskg.extract.candidates import load_candidates
from newskg.extract.pipeline import Extractor
from newskg.extract.run import render

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FOLDERS = {"tune": DATA / "devset" / "tune" / "articles",
           "untouched": DATA / "devset" / "untouched" / "articles",
           "corpus": REPO.parent / "shared" / "corpus" / "articles"}


def articles() -> list[tuple[str, ArticleInput]]:
    """(name, article) pairs, in a fixed order."""
    out = [(f"{group}-{path.stem}", read_article(path))
           for group, folder in FOLDERS.items() for path in sorted(folder.glob("*.txt"))]
    for folder in sorted((DATA / "articles").iterdir()):  # the seed: date from the folder's name
        day = dt.date.fromisoformat(folder.name[:10])
        out.append((f"seed-{folder.name}", read_article(folder / "article.txt", published=day)))
    sys.path.insert(0, str(REPO / "bench"))
    from bench_extract import PUBLISHED, synthetic  # type: ignore[import-not-found]

    rng = random.Random(7)
    for i in range(40):
        text = synthetic(rng)
        out.append((f"synthetic-{i:02}", parse_article(text.encode(), Path(f"s{i}.txt"),
                                                       published=PUBLISHED)))
    return out


def write(out_dir: Path) -> int:
    extractor = Extractor(data_dir=DATA)
    candidates = load_candidates(DATA)
    out_dir.mkdir(parents=True, exist_ok=True)
    items = articles()
    for name, article in items:
        x = extractor.extract(article)
        (out_dir / f"{name}.json").write_text(render(x, "json"), encoding="utf-8")
        (out_dir / f"{name}.yaml").write_text(render(x, "yaml", candidates), encoding="utf-8")
        (out_dir / f"{name}.repr").write_text(repr(x) + "\n", encoding="utf-8")
    return len(items)


def compare(out_dir: Path, reference: Path) -> list[str]:
    """The names of the files that differ from (or are missing in) either folder."""
    ours = {p.name for p in out_dir.iterdir()}
    theirs = {p.name for p in reference.iterdir()}
    _, mismatch, errors = filecmp.cmpfiles(out_dir, reference, sorted(ours & theirs), shallow=False)
    return sorted(set(mismatch) | set(errors) | (ours ^ theirs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--check", type=Path, metavar="REF", help="a folder written before")
    args = parser.parse_args()
    count = write(args.out_dir)
    print(f"wrote {count} articles x 3 files into {args.out_dir}")
    if args.check is not None:
        differ = compare(args.out_dir, args.check)
        for name in differ:
            print(f"differs: {name}")
        print("identical" if not differ else f"{len(differ)} file(s) differ")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
