"""`newskg eval --resolution`: how well drafts resolve to the project's existing instances and
entities, measured leave-one-out on the curated articles (data/articles/*/facts.yaml).

For each curated article the extractor drafts its article.txt again, resolved against the project
without that article: its own facts are left out, and so are the instances only it reports (those
"should be new"). A drafted report is paired with a curated one of the same kind (the instance's
class) whose evidence overlaps it in the text; a drafted mention with a curated mention whose
evidence overlaps. Per kind:
- precision: pairs resolved to the curated instance / pairs resolved to any existing instance;
- recall: pairs resolved to the curated instance / pairs whose curated instance exists without the
  article.
Entities are not left out: the extractor's gazetteer is built from data/entities.yaml, so every
curated entity exists and mention numbers measure linking names and aliases, not discovering
entities.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newskg.errors import InputError
from newskg.extract.patterns.places import DEMONYMS
from newskg.project.articles import FACTS_FILE, TEXT_FILE, load_article_facts
from newskg.project.entities import Entity
from newskg.project.model import (
    Agreement,
    ArticleFacts,
    Counted,
    Event,
    Figure,
    Instance,
    Mention,
    Relationship,
    Report,
    Term,
)

KIND_OF = ((Term, "term"), (Agreement, "agreement"), (Event, "event"), (Counted, "counted"),
           (Relationship, "relationship"))


def kind_of(instance: Instance | None) -> str:
    for cls, name in KIND_OF:
        if isinstance(instance, cls):
            return name
    return "other"


@dataclass(frozen=True)
class Link:
    """One paired report or mention: what the curated facts say and what the draft resolved to."""

    article: str
    kind: str
    evidence: str
    curated: str
    drafted: str
    drafted_new: bool  # the draft proposed a new instance or entity
    curated_exists: bool  # the curated instance exists without the article
    score: float | None
    reason: str

    @property
    def right(self) -> bool:
        return not self.drafted_new and self.drafted == self.curated

    @property
    def wrong(self) -> bool:
        """Resolved to an existing instance that is not the curated one."""
        return not self.drafted_new and self.drafted != self.curated


@dataclass
class Tally:
    right: int = 0
    resolved: int = 0  # to any existing instance
    existing: int = 0  # curated on an instance that exists without the article
    pairs: int = 0
    curated: int = 0  # curated reports (or mentions) of the kind, paired with a draft's or not

    def add(self, link: Link) -> None:
        self.pairs += 1
        self.right += link.right
        self.resolved += not link.drafted_new
        self.existing += link.curated_exists

    @property
    def precision(self) -> float:
        return self.right / self.resolved if self.resolved else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.existing if self.existing else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"curated": self.curated, "pairs": self.pairs, "right": self.right, "resolved": self.resolved,
                "existing": self.existing,
                "precision": round(self.precision, 3) if self.resolved else None,
                "recall": round(self.recall, 3) if self.existing else None}

    def cells(self) -> str:
        """Precision and recall for the table; '-' when nothing was resolved / could be."""
        p = f"{self.precision:.3f}" if self.resolved else "-"
        r = f"{self.recall:.3f}" if self.existing else "-"
        return f"{p:>9} {r:>6}"


@dataclass
class ResolutionReport:
    links: list[Link] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    curated: list[str] = field(default_factory=list)  # the kind of every curated report/mention

    def tallies(self, group: str) -> dict[str, Tally]:
        """Per kind of ``group`` ("instances" or "entities"), plus "overall"."""
        out: dict[str, Tally] = {}
        for link in self.links:
            if (link.kind in ("actor", "territory")) != (group == "entities"):
                continue
            out.setdefault(link.kind, Tally()).add(link)
            out.setdefault("overall", Tally()).add(link)
        for kind in self.curated:
            if (kind in ("actor", "territory")) == (group == "entities"):
                out.setdefault(kind, Tally()).curated += 1
                out.setdefault("overall", Tally()).curated += 1
        return dict(sorted(out.items(), key=lambda kv: (kv[0] == "overall", kv[0])))

    def wrong(self) -> list[Link]:
        return [link for link in self.links if link.wrong]

    def missed(self) -> list[Link]:
        """Proposed as new although the curated instance or entity exists without the article."""
        return [link for link in self.links if link.drafted_new and link.curated_exists]


# -- pairing ----------------------------------------------------------------------------------
def spans(text: str, report: Report) -> tuple[int, int] | None:
    """Where the report's evidence lies in the article text (its n-th copy when repeated)."""
    start = -1
    for _ in range(report.evidence.occurrence or 1):
        start = text.find(report.evidence.text, start + 1)
        if start < 0:
            return None
    return start, start + len(report.evidence.text)


def overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    """How many characters the two spans share (0: none, or a span not found)."""
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair(text: str, curated: Iterable[tuple[Report, str]], drafted: Iterable[tuple[Report, str]]
         ) -> list[tuple[Report, Report]]:
    """Each curated report with the unused drafted one of its kind whose evidence overlaps it
    most (the first on a tie). A drafted nationality adjective inside a longer curated phrase is
    not its pair: "Armenian" names Armenia acting through "any remaining Armenian troops", not the
    troops the curated mention is about."""
    used: set[int] = set()
    found = []
    drafted = list(drafted)
    for c, kind in curated:
        where = spans(text, c)
        best, at = 0, -1
        for index, (d, dkind) in enumerate(drafted):
            shared = overlap(where, spans(text, d)) if dkind == kind and index not in used else 0
            if shared and d.evidence.text in DEMONYMS and d.evidence.text != c.evidence.text:
                continue
            if shared > best:
                best, at = shared, index
        if at >= 0:
            used.add(at)
            found.append((c, drafted[at][0]))
    return found


# -- one article ------------------------------------------------------------------------------
def instance_of(report: Report) -> str:
    return report.counted if isinstance(report, Figure) else getattr(report, "instance", "")


def instance_reports(facts: ArticleFacts) -> list[Report]:
    return [*facts.reports, *facts.figures]


def entity_kind(key: str, entities: dict[str, Entity]) -> str:
    entity = entities.get(key)
    return "actor" if entity is not None and entity.is_actor else "territory"


def compare(curated: ArticleFacts, draft: ArticleFacts, existing: set[str],
            entities: dict[str, Entity]) -> list[Link]:
    """The paired reports and mentions of one article's curated facts and its draft."""
    text = curated.text_path.read_text(encoding="utf-8")
    known = draft.proposed_instances

    def draft_kind(key: str, lookup: dict[str, Instance]) -> str:
        return kind_of(known.get(key) or lookup.get(key))

    lookup = _instances(curated.facts_path.parent.parent.parent)
    links: list[Link] = []
    cur = [(r, kind_of(lookup.get(instance_of(r)))) for r in instance_reports(curated)]
    dra = [(r, draft_kind(instance_of(r), lookup)) for r in instance_reports(draft)]
    for c, d in pair(text, cur, dra):
        key = instance_of(d)
        res = draft.resolutions.get(d.id)
        links.append(Link(curated.slug, kind_of(lookup.get(instance_of(c))), c.evidence.text,
                          instance_of(c), key, key in known or key not in existing,
                          instance_of(c) in existing, res.score if res else None,
                          (res.reason or "") if res else ""))
    cm = [(m, entity_kind(m.entity, entities)) for m in curated.mentions]
    dm = [(m, entity_kind(m.entity, entities)) for m in draft.mentions]
    for c, d in pair(text, cm, dm):
        assert isinstance(c, Mention) and isinstance(d, Mention)
        res = draft.resolutions.get(d.id)
        new = d.entity in draft.proposed_entities or d.entity not in entities
        links.append(Link(curated.slug, entity_kind(c.entity, entities), c.evidence.text,
                          c.entity, d.entity, new, c.entity in entities,
                          res.score if res else None, (res.reason or "") if res else ""))
    return links


_INSTANCE_CACHE: dict[Path, dict[str, Instance]] = {}


def _instances(data_dir: Path) -> dict[str, Instance]:
    from newskg.project.instances import INSTANCES_FILE, load_instances

    if data_dir not in _INSTANCE_CACHE:
        _INSTANCE_CACHE[data_dir] = load_instances(data_dir / INSTANCES_FILE).by_key
    return _INSTANCE_CACHE[data_dir]


def referenced(facts: ArticleFacts) -> set[str]:
    return {instance_of(r) for r in instance_reports(facts)}


def run_resolution(data_dir: Path) -> ResolutionReport:
    """Leave-one-out over the curated articles of ``data_dir``/articles."""
    from newskg.extract.candidates import load_candidates
    from newskg.extract.facts_draft import to_facts_yaml
    from newskg.extract.run import extract_file

    articles = data_dir / "articles"
    folders = sorted(p for p in articles.iterdir() if (p / FACTS_FILE).is_file()) \
        if articles.is_dir() else []
    if not folders:
        raise InputError("no curated articles (articles/*/facts.yaml) here", path=articles,
                         hint="give the project's data folder with --data-dir")
    all_facts = {f.name: load_article_facts(f) for f in folders}
    report = ResolutionReport(articles=list(all_facts))
    _INSTANCE_CACHE.pop(data_dir, None)
    with tempfile.TemporaryDirectory(prefix="newskg-resolution-") as tmp:
        for slug, facts in all_facts.items():
            others = set().union(*(referenced(f) for s, f in all_facts.items() if s != slug))
            alone = referenced(facts) - others
            c = load_candidates(data_dir, leave_out=slug)
            kept = {k: i for k, i in c.instances.items() if k not in alone}
            c = dataclasses.replace(c, instances=kept)
            x = extract_file(facts.text_path, published=facts.published, data_dir=data_dir)
            folder = Path(tmp) / slug
            folder.mkdir()
            shutil.copyfile(facts.text_path, folder / TEXT_FILE)
            (folder / FACTS_FILE).write_text(to_facts_yaml(x, c), encoding="utf-8")
            draft = load_article_facts(folder)
            report.links += compare(facts, draft, set(kept), c.entities)
            lookup = _instances(data_dir)
            report.curated += [kind_of(lookup.get(instance_of(r))) for r in
                               instance_reports(facts)]
            report.curated += [entity_kind(m.entity, c.entities) for m in facts.mentions]
    return report


def render_resolution(report: ResolutionReport, fmt: str, *, verbose: bool = False) -> str:
    if fmt == "json":
        import json

        doc = {"articles": report.articles,
               "instances": {k: t.as_dict() for k, t in report.tallies("instances").items()},
               "entities": {k: t.as_dict() for k, t in report.tallies("entities").items()},
               "wrong": [dataclasses.asdict(w) for w in report.wrong()] if verbose else None,
               "missed": [dataclasses.asdict(m) for m in report.missed()] if verbose else None}
        return json.dumps({k: v for k, v in doc.items() if v is not None}, indent=2) + "\n"
    header = (f"{'group':<10} {'kind':<13} {'curated':>7} {'pairs':>5} {'right':>5} {'resolved':>8} "
              f"{'existing':>8} {'precision':>9} {'recall':>6}")
    lines = [f"Resolution, leave-one-out over {len(report.articles)} curated articles", header]
    for group in ("instances", "entities"):
        for kind, t in report.tallies(group).items():
            lines.append(f"{group:<10} {kind:<13} {t.curated:>7} {t.pairs:>5} {t.right:>5} {t.resolved:>8} "
                         f"{t.existing:>8} {t.cells()}")
    if verbose:
        lines.append("")
        lines.append("Wrong resolutions (resolved to an existing instance or entity that is not "
                     "the curated one):")
        for w in report.wrong():
            score = f"{w.score:.2f}" if w.score is not None else "-"
            lines.append(f"- {w.article} [{w.kind}] {w.drafted} (score {score}) should be "
                         f"{w.curated}: {w.evidence[:70]!r}; {w.reason}")
        lines.append("")
        lines.append("Missed (proposed as new although the curated one exists without the "
                     "article):")
        for m in report.missed():
            why = f"; {m.reason}" if m.reason else ""
            lines.append(f"- {m.article} [{m.kind}] {m.drafted} should be {m.curated}: "
                         f"{m.evidence[:70]!r}{why}")
    return "\n".join(lines) + "\n"
