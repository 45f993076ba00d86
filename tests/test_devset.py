"""The stored development set (data/devset): shape, verbatim evidence, the split rule, its sources."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from newskg.evaluation.annotations import KINDS, load_annotations_json
from newskg.extract.figures import figures_in
from newskg.extract.sentences import Sentence

DEVSET = Path(__file__).resolve().parent.parent / "data" / "devset"
SPLITS = ("tune", "untouched")
# The held-out evaluation sites (../shared brief), kept out of the repository by name: the first 16
# hex digits of the SHA-256 of each domain.
HELD_OUT = frozenset({"2c13bdeac17efcf9", "5469526109097ff6", "2a87a5d19fc051ab",
                      "b76b2032e9b1a502", "4bf259895d687767"})


def held_out(address: str) -> bool:
    """Whether the address is on a held-out site or one of its subdomains."""
    labels = (urlsplit(address).hostname or "").split(".")
    return any(hashlib.sha256(".".join(labels[i:]).encode()).hexdigest()[:16] in HELD_OUT
               for i in range(len(labels) - 1))

ACTOR_TYPES = {"Person", "State", "Organization", "ArmedGroup", "Group"}
TERRITORY_TYPES = {"Country", "Region", "City"}
AGREEMENT_TYPES = {"Ceasefire", "PeaceDeal", "Other"}
FIGURE_KINDS = {"killed", "wounded", "evacuated", "troops", "displaced", "missing", "other"}
QUALIFIERS = {"at least", "more than", "over", "about", "exact"}
EVENT_TYPES = {"MilitaryOperation", "Talks", "Protest", "Evacuation", "War", "Attack", "Other"}
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HEADER = re.compile(r"^[^\n]+\nsource: (?P<source>\S+)\npublished: (?P<published>\d{4}-\d{2}-\d{2})\n\n\S")


def split_of(slug: str) -> str:
    return "tune" if hashlib.sha256(slug.encode()).hexdigest()[0] in "01234567" else "untouched"


def gold_files() -> list[Path]:
    return sorted(p for s in SPLITS for p in (DEVSET / s / "gold").glob("*.json"))


def article_files() -> list[Path]:
    return sorted(p for s in SPLITS for p in (DEVSET / s / "articles").glob("*.txt"))


def sources() -> list[dict[str, Any]]:
    doc = yaml.safe_load((DEVSET / "sources.yaml").read_text(encoding="utf-8"))
    entries = doc["articles"]
    assert isinstance(entries, list)
    return entries


def article_of(gold: Path) -> Path:
    return gold.parent.parent / "articles" / f"{gold.stem}.txt"


def test_every_gold_file_has_its_article_and_back() -> None:
    golds = {(p.parent.parent.name, p.stem) for p in gold_files()}
    articles = {(p.parent.parent.name, p.stem) for p in article_files()}
    assert golds, "no gold files found under data/devset"
    assert golds == articles


@pytest.mark.parametrize("path", article_files(), ids=lambda p: p.stem)
def test_article_header_and_split(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    match = HEADER.match(text)
    assert match, f"{path}: line 1 headline, 'source: <url>', 'published: YYYY-MM-DD', a blank line, text"
    assert path.parent.parent.name == split_of(path.stem), f"{path.stem} is in the wrong split"
    assert not held_out(match["source"])


def check_item(kind: str, item: dict[str, Any], where: str) -> None:
    if kind == "actors":
        assert item["type"] in ACTOR_TYPES, where
        assert isinstance(item.get("aliases"), list), where
    elif kind == "territories":
        assert item["type"] in TERRITORY_TYPES, where
    elif kind == "agreements":
        assert item["type"] in AGREEMENT_TYPES, where
        assert isinstance(item["parties"], list) and item["parties"], where
        assert isinstance(item["mediators"], list) and isinstance(item["terms"], list), where
        assert item["date"] is None or DAY.match(item["date"]), where
    elif kind == "statements":
        assert isinstance(item["speaker"], str) and item["speaker"], where
        assert isinstance(item["direct"], bool), where
    elif kind == "figures":
        assert item["what"] in FIGURE_KINDS, where
        assert item["qualifier"] in QUALIFIERS, where
        assert item["value"] > 0, where
        assert item["reported_by"] is None or isinstance(item["reported_by"], str), where
    elif kind == "events":
        assert item["type"] in EVENT_TYPES, where
        assert item["date"] is None or DAY.match(item["date"]), where
        assert isinstance(item["name"], str) and item["name"], where


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.stem)
def test_gold_shape_and_verbatim_evidence(path: Path) -> None:
    annotations = load_annotations_json(path)  # the loader `newskg eval` uses
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert set(doc) == {"article", "published", *KINDS}
    assert doc["article"] == path.stem
    article = article_of(path).read_text(encoding="utf-8")
    match = HEADER.match(article)
    assert match and doc["published"] == match["published"]
    for kind in KINDS:
        for index, item in enumerate(annotations.of(kind)):
            where = f"{path.name}: {kind}[{index}]"
            check_item(kind, item, where)
            for key in ("evidence", "text"):
                if key in item:
                    assert isinstance(item[key], str) and item[key] in article, f"{where}.{key} not verbatim"
            if kind in ("agreements", "statements", "figures", "events"):
                assert "evidence" in item, where


def test_sources_list_every_article_once_with_its_split() -> None:
    entries = sources()
    slugs = [e["slug"] for e in entries]
    assert len(slugs) == len(set(slugs))
    on_disk = {p.stem: p.parent.parent.name for p in article_files()}
    assert set(slugs) == set(on_disk)
    for entry in entries:
        slug = entry["slug"]
        for key in ("address", "publisher", "published", "licence", "split", "text"):
            assert entry.get(key), f"{slug}: {key} missing"
        assert entry["split"] == on_disk[slug] == split_of(slug)
        assert entry["licence"].startswith("public domain: ") or \
            entry["licence"] == "copyright publisher; stored for evaluation only", slug
        assert not held_out(entry["address"]), slug
        article = (DEVSET / entry["split"] / "articles" / f"{slug}.txt").read_text(encoding="utf-8")
        match = HEADER.match(article)
        assert match and match["source"] == entry["address"], slug
        assert match["published"] == str(entry["published"]), slug


def test_enough_articles_publishers_and_untouched() -> None:
    entries = sources()
    assert len(entries) >= 20
    assert len({e["publisher"] for e in entries}) >= 4
    assert sum(e["split"] == "untouched" for e in entries) >= 10
    assert sum(e["split"] == "tune" for e in entries) >= 10


def test_a_dozen_is_a_count_of_twelve() -> None:
    # ap-taliban-sari-pul made `extract` crash: "a dozen" is two words, not float("a dozen").
    text = "Earlier reports indicated that over a dozen people had been killed by the Taliban."
    found = [(f.kind, f.value, f.qualifier) for f in figures_in(Sentence(text, 0, len(text), 0), [])]
    assert found == [("killed", 12, "over")]
