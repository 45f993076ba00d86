"""`newskg link`: match every entity, event and agreement of data/ against the snapshot, decide, write
the links file; optionally fetch from Wikidata first (--online) and walk through the undecided
(--review). Events and agreements are world instances (data/instances.yaml), keyed by instance key.

Decisions by a person are sticky: a ``wikidata:`` id in data/entities.yaml or data/instances.yaml,
or a link a person accepted or rejected in links.yaml, is kept on every run. The matcher decides the rest. A decision
that did not change keeps its ``decided_at``, so re-running gives the same file.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from newskg.errors import LinkFileError, WikidataUnavailableError
from newskg.link.client import WikidataClient, utc_now
from newskg.link.matcher import Match, Subject, match_all
from newskg.progress import progress
from newskg.project.links import LINKS_FILE, Link, check_one_subject_per_id, load_links, write_links
from newskg.project.model import Agreement, Event
from newskg.project.snapshot import (
    SNAPSHOT_FILE,
    Snapshot,
    load_snapshot,
    merge_fetched,
    open_snapshot,
    write_snapshot,
)

# Properties the QuickStatements export needs; an online run fetches them so they become verified.
REFERENCE_PROPERTIES = ("P248", "P854", "P1476", "P577", "P813", "P1683")


@dataclass(frozen=True)
class LinkRun:
    links: dict[str, Link]
    subjects: tuple[Subject, ...]
    notes: tuple[str, ...]  # what happened: offline fallback, items fetched, files written


def subjects_of(data_dir: Path) -> list[Subject]:
    """Every shared entity, then every event and agreement of the world (data/instances.yaml, and
    the instances drafts propose), each under its key."""
    from newskg.project import load_project

    project = load_project(data_dir)
    entities_path = data_dir / "entities.yaml"
    subjects = [Subject(e.key, e.name, e.aliases, e.types, e.wikidata, f"{entities_path}:{e.line}")
                for e in project.entities.values()]
    instances = project.instances
    for key, instance in instances.by_key.items():
        if isinstance(instance, (Event, Agreement)):
            subjects.append(Subject(key, instance.label, (), (instance.type,), instance.wikidata,
                                    f"{instances.path_of(key)}:{instance.line}"))
    return subjects


def tool_name() -> str:
    try:
        return f"newskg link {metadata.version('newskg')}"
    except metadata.PackageNotFoundError:
        return "newskg link"


def run_link(data_dir: Path, *, online: bool = False, client: WikidataClient | None = None,
             now: Callable[[], str] = utc_now, write: bool = True) -> LinkRun:
    """Decide a link for every subject; write links.yaml (and snapshot.yaml after an online run)."""
    folder = data_dir / "wikidata"
    subjects = subjects_of(data_dir)
    snapshot = open_snapshot(data_dir)
    links_path = folder / LINKS_FILE
    previous = load_links(links_path, snapshot) if links_path.exists() else {}
    notes: list[str] = []
    fetched = False
    if online:
        try:
            snapshot = fetch(client or WikidataClient(), subjects, snapshot)
            fetched = True
            notes.append(f"online: snapshot now holds {len(snapshot.items)} items")
        except WikidataUnavailableError as exc:
            notes.append(f"online run failed, using the local snapshot instead: {exc}")
    else:
        notes.append("offline: matched against the local snapshot (use --online to fetch)")
    rejected = {k: link.rejected for k, link in previous.items()}
    matches = match_all(subjects, snapshot, rejected)
    links = {m.subject.key: decide(m, previous.get(m.subject.key), now) for m in matches}
    check_one_subject_per_id(links.values(), links_path)
    if write:
        snapshot_path = folder / SNAPSHOT_FILE
        if fetched or not snapshot_path.exists() or load_snapshot(snapshot_path) != snapshot:
            write_snapshot(snapshot_path, snapshot)
            notes.append(f"wrote {snapshot_path}")
        write_links(links_path, links)
        notes.append(f"wrote {links_path}")
    return LinkRun(links, tuple(subjects), tuple(notes))


def fetch(client: WikidataClient, subjects: Iterable[Subject], snapshot: Snapshot) -> Snapshot:
    """Search Wikidata for each undecided subject, then fetch every candidate and known item."""
    ids = {i.id for i in snapshot.items.values() if i.kind != "class"} | set(REFERENCE_PROPERTIES)
    pending = [s for s in subjects if s.curated_id is None]
    try:
        for subject in progress(pending, description="searching Wikidata"):
            ids.update(client.search(subject.name))
        return merge_fetched(snapshot, client.entities(ids))
    finally:
        client.close()


def decide(m: Match, before: Link | None, now: Callable[[], str]) -> Link:
    """The link for one subject: a person's decision if there is one, else the matcher's."""
    s, best = m.subject, m.best
    if s.curated_id is not None:
        source_file = Path(s.where.rsplit(":", 1)[0]).name or "entities.yaml"
        if before is not None and before.status == "linked" and before.id != s.curated_id:
            raise LinkFileError(
                f"{s.key!r} is linked to {before.id} in {LINKS_FILE} but to {s.curated_id} in "
                f"{source_file} ({s.where}): one subject, two ids", line=before.line, field="id",
                path=Path("data/wikidata") / LINKS_FILE, hint="keep one of the two")
        agrees = best is not None and best.item.id == s.curated_id and m.status == "linked"
        why = (f"wikidata: {s.curated_id} in {source_file}, set by a person from verified.tsv; "
               + (f"matcher agrees ({m.why})" if agrees else f"matcher says {m.status}: {m.why}"))
        link = Link(s.key, "linked", "person", why, now(), f"data/{source_file}", s.curated_id,
                    _label(m, s.curated_id), score=best.score if agrees and best else 1.0)
    elif before is not None and before.source == "person" and before.status in ("linked",
                                                                                  "rejected"):
        return before
    elif m.status == "linked" and best is not None:
        source = "online" if any(x.is_online for x in best.item.sources) else "snapshot"
        link = Link(s.key, "linked", source, m.why, now(), tool_name(), best.item.id,
                    best.item.label, score=best.score)
    else:
        link = Link(s.key, m.status, "online" if _online(m) else "snapshot", m.why, now(),
                    tool_name(), label=best.item.label if best else None,
                    candidate=best.item.id if best else None, score=best.score if best else None)
    rejected = before.rejected if before is not None else ()
    link = replace(link, rejected=rejected)
    if before is not None and before.same_decision(link) and before.why == link.why:
        return replace(link, decided_at=before.decided_at)
    return link


def _label(m: Match, qid: str) -> str | None:
    return next((c.item.label for c in m.candidates if c.item.id == qid), None)


def _online(m: Match) -> bool:
    return m.best is not None and any(x.is_online for x in m.best.item.sources)


# ------------------------------------------------------------------------------ review

def reviewer() -> str:
    return os.environ.get("NEWSKG_REVIEWER") or getpass.getuser()


def review(data_dir: Path, ask: Callable[[Link], str], *,
           now: Callable[[], str] = utc_now) -> LinkRun:
    """Walk through the needs-review links; ``ask`` answers 'accept', 'reject' or 'skip'."""
    run = run_link(data_dir, now=now, write=False)
    links = dict(run.links)
    counts = {"accept": 0, "reject": 0, "skip": 0}
    who = f"{reviewer()} (newskg link --review)"
    notes: list[str] = []
    for key in sorted(k for k, v in links.items() if v.status == "needs-review" and v.candidate):
        link = links[key]
        owner = next((k for k, v in links.items() if v.status == "linked"
                      and v.id == link.candidate), None)
        if owner is not None:  # accepting would link one item from two subjects
            notes.append(f"{key}: candidate {link.candidate} is already linked from {owner}; "
                         "skipped")
            continue
        answer = ask(link)
        counts[answer] = counts.get(answer, 0) + 1
        if answer == "accept":
            links[key] = replace(link, status="linked", id=link.candidate, candidate=None,
                                 source="person", decided_at=now(), decided_by=who,
                                 why=f"accepted by a person; matcher: {link.why}")
        elif answer == "reject":
            links[key] = replace(link, status="rejected", candidate=None, source="person",
                                 decided_at=now(), decided_by=who,
                                 rejected=tuple(sorted({*link.rejected, link.candidate or ""}
                                                       - {""})),
                                 why=f"{link.candidate} rejected by a person")
    path = data_dir / "wikidata" / LINKS_FILE
    check_one_subject_per_id(links.values(), path)
    write_links(path, links)
    summary = ", ".join(f"{n} {k}ed" if k != "skip" else f"{n} skipped"
                        for k, n in counts.items())
    return LinkRun(links, run.subjects,
                   (*run.notes[:1], *notes, f"review: {summary}", f"wrote {path}"))


def fit(cell: str, width: int) -> str:
    """``cell`` cut to ``width`` characters, ending in '…' when cut."""
    return cell if len(cell) <= width else cell[:max(width - 1, 0)] + "…"


def fitted_widths(widths: list[int], total: int, least: int = 8) -> list[int]:
    """Column widths that fit ``total`` characters with " | " between them: the widest column
    gives up characters first, down to ``least`` (or its own width), until the row fits."""
    out = list(widths)
    while sum(out) + 3 * (len(out) - 1) > total:
        widest = max(range(len(out)), key=lambda i: out[i])
        if out[widest] <= least:
            break
        out[widest] -= 1
    return out


def links_table(links: dict[str, Link], width: int | None = None) -> str:
    """entity | id | label | score | status | why, one row per subject, linked ones first; with
    ``width`` (a terminal's), long cells are cut with '…' so that each line fits it."""
    order = {s: i for i, s in enumerate(("linked", "needs-review", "rejected", "no-candidate"))}
    rows = [("entity", "id", "label", "score", "status", "why")]
    for link in sorted(links.values(), key=lambda x: (order[x.status], x.subject)):
        label = link.label or ""
        if link.status == "needs-review" and link.candidate:
            label = f"(candidate {link.candidate} {label})"
        rows.append((link.subject, link.id or "", label,
                     "" if link.score is None else f"{link.score:.2f}", link.status, link.why))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    if width is not None:
        widths = fitted_widths(widths, width)
    return "".join(" | ".join(fit(cell, w).ljust(w) for cell, w in zip(r, widths, strict=True))
                   .rstrip() + "\n" for r in rows)


ANSWERS = {"a": "accept", "accept": "accept", "r": "reject", "reject": "reject", "s": "skip",
           "skip": "skip", "": "skip"}


def review_prompt(data_dir: Path, prompt: Callable[..., str], say: Callable[[str], None]) -> LinkRun:
    """`review` driven by a prompt function (typer.prompt): show each candidate, ask a/r/s."""
    def ask(link: Link) -> str:
        say(f"\n{link.subject}: candidate {link.candidate} {link.label!r} "
            f"(score {link.score:.2f})\n  {link.why}")
        while True:
            answer = str(prompt("accept, reject or skip? [a/r/s]", default="s")).strip().lower()
            if answer in ANSWERS:
                return ANSWERS[answer]
            say("please answer a, r or s")

    return review(data_dir, ask)
